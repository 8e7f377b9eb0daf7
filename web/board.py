"""The task board (H5 inside WeChat): 我的任务, one task, 逾期 and the townships.

Leaders and the bureau office see the whole plan; township staff see only what their township
owes, and of a task only their own township's part. Pages are plain HTML: no script needed.
"""
from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, make_response, redirect, render_template, url_for

from channels.app import request_session
from models import Township
from services import assignments, board, progress_charts
from services.assignments import owing_townships
from web.session import refuse, requires, today, viewer

blueprint = Blueprint("board", __name__)
ROLES = ("leader", "staff", "admin")
# The charts count every township's reports: not for a township's staff, who see only their own.
CHART_ROLES = ("leader", "admin")
NO_PLAN = "库中还没有工作方案。"


def _charts_shown() -> bool:
    """Whether this viewer's pages carry the progress charts (they need a CJK font here)."""
    from core import charts

    who = viewer()
    return bool(who and who.role in CHART_ROLES and current_app.extensions["settings"].charts
                and charts.unavailable() is None)


def _png(spec: dict):
    from core import charts

    try:
        data = charts.render(spec)
    except charts.ChartsUnavailable as exc:
        return Response(str(exc), status=404, mimetype="text/plain")
    return Response(data, mimetype="image/png", headers={"Cache-Control": "private, max-age=60"})


def _today():
    """Today on the app's clock, and the zone report times are shown in."""
    return today(), current_app.extensions["settings"].tz


def _looker() -> board.Looker:
    who = viewer()
    township = request_session().get(Township, who.township_id) if who.township_id else None
    if who.role == "staff" and township is None:
        abort(make_response(refuse("您的账号没有对应的乡镇,请联系县民政局办公室。")))
    return board.Looker(who.role, who.person_id, township)


def _missing(message: str):
    return render_template("board/missing.html", message=message), 404


@blueprint.get("/tasks")
@requires(*ROLES)
def my_tasks():
    db, looker = request_session(), _looker()
    plan = assignments.current_plan(db)
    if plan is None:
        return render_template("board/tasks.html", title="我的任务", rows=[], counts=[], empty=NO_PLAN)
    today, tz = _today()
    scope = board.scope(db, plan, looker)
    rows = board.task_rows(db, scope, today, tz)
    return render_template("board/tasks.html", title=scope.title, rows=rows, counts=board.colour_counts(rows),
                           own=scope.township is not None, empty="暂无任务。",
                           chart=_charts_shown() and bool(rows))


@blueprint.get("/tasks/chart.png")
@requires(*CHART_ROLES)
def my_chart():
    """The picture of 我的任务: what a leader's weekly chart shows, as of today."""
    db, looker = request_session(), _looker()
    plan = assignments.current_plan(db)
    if plan is None:
        abort(404)
    scope = board.scope(db, plan, looker)
    return _png(progress_charts.spec_for(db, scope.tasks, today(), scope.title))


@blueprint.get("/tasks/<int:task_id>")
@requires(*ROLES)
def task(task_id: int):
    db, looker = request_session(), _looker()
    plan = assignments.current_plan(db)
    found = assignments.task_in_plan(db, plan, task_id) if plan else None
    if found is None:
        return _missing("没有这项任务,可能已从方案中撤下。")
    if looker.township is not None and looker.township not in owing_townships(found):
        return refuse(f"这项任务不需要{looker.township.name}汇报。")
    today, tz = _today()
    return render_template("board/task.html", page=board.task_page(db, found, today, tz, looker.township),
                           chart=_charts_shown() and looker.township is None)


@blueprint.get("/tasks/<int:task_id>/chart.png")
@requires(*CHART_ROLES)
def task_chart(task_id: int):
    """The picture `进度 三(一)4` sends, for the task page."""
    db = request_session()
    plan = assignments.current_plan(db)
    found = assignments.task_in_plan(db, plan, task_id) if plan else None
    if found is None:
        abort(404)
    return _png(progress_charts.task_spec(db, found, today()))


@blueprint.get("/overdue")
@requires(*ROLES)
def overdue():
    db, looker = request_session(), _looker()
    plan = assignments.current_plan(db)
    if plan is None:
        return render_template("board/overdue.html", title="逾期事项", groups=[], empty=NO_PLAN)
    today, _ = _today()
    # Leaders watch the whole plan here, not only the tasks they lead; staff their own township.
    scope = board.scope(db, plan, looker) if looker.township is not None else board.whole_plan(db, plan)
    return render_template("board/overdue.html", title=f"{scope.title}逾期事项", own=looker.township is not None,
                           groups=board.overdue_groups(db, scope, today), empty="没有逾期的时间节点。")


@blueprint.get("/townships")
@requires(*ROLES)
def townships():
    db, looker = request_session(), _looker()
    if looker.township is not None:
        return redirect(url_for("board.township", township_id=looker.township.id))
    plan = assignments.current_plan(db)
    today, _ = _today()
    counts = board.township_counts(db, plan, today) if plan else []
    return render_template("board/townships.html", counts=counts,
                           empty=NO_PLAN if plan is None else "方案没有分到乡镇的任务。")


@blueprint.get("/townships/<int:township_id>")
@requires(*ROLES)
def township(township_id: int):
    db, looker = request_session(), _looker()
    place = db.get(Township, township_id)
    if place is None:
        return _missing("没有这个乡镇。")
    if looker.township is not None and looker.township.id != place.id:
        return refuse("您只能查看本乡镇的任务。")
    plan = assignments.current_plan(db)
    today, tz = _today()
    rows = board.township_view(db, plan, place, today, tz) if plan else []
    return render_template("board/township.html", township=place, rows=rows, counts=board.colour_counts(rows),
                           plan=plan, empty=NO_PLAN if plan is None else f"方案没有需要{place.name}承担的任务。")
