"""The office console, plan side: tasks and their deadlines fixed by hand, a plan file imported by
upload (preview first, saved on confirm), and the 月对标/季对表 workbook as a download.

Every change goes through the services the CLI uses (services.plans.save_plan after the same
checks as `bot.py import-plan`, services.export as `bot.py export`) or services.task_edits.
"""
from __future__ import annotations

import hashlib
import re
import shutil
import time
from datetime import date
from io import BytesIO
from pathlib import Path

from flask import (Blueprint, abort, current_app, flash, redirect, render_template, request, send_file,
                   url_for)

from channels.app import request_session
from core.milestones import Step
from core.plan_parser import SUPPORTED_SUFFIXES
from core.status_light import describe
from models import Milestone, Task
from services import assignments, task_edits
from services.bootstrap import county_config
from services.export import checkin_report, parse_period, workbook
from services.plan_import import run_import
from services.plans import plan_changes, save_plan
from web.session import now, requires, today, viewer

blueprint = Blueprint("console_plan", __name__, url_prefix="/console")

UPLOAD_LIMIT = 5 * 1024 * 1024  # a plan in Word or Excel with a few tables; the app's limit is 64 KiB
UPLOAD_MAX_AGE = 24 * 3600  # uploads never confirmed are removed after a day
_DIGEST = re.compile(r"[0-9a-f]{64}")
KIND_WORDS = {"once": "一次", "recurring": "周期", "ongoing": "长期", "conditional": "待定"}


@blueprint.url_value_preprocessor
def _upload_limit(endpoint, _values):
    """Raise the body limit for the upload alone, before the CSRF check reads the form."""
    if endpoint == "console_plan.upload":
        request.max_content_length = UPLOAD_LIMIT


@blueprint.errorhandler(413)
def _too_large(_error):
    return render_template("console/plan_import.html", error=f"文件太大:最多 {UPLOAD_LIMIT // 2**20} MB。",
                           counties=_county_names()), 413


# --- tasks --------------------------------------------------------------------------------------

@blueprint.get("/tasks")
@requires("admin")
def tasks():
    session = request_session()
    plan = assignments.current_plan(session)
    rows = sorted(assignments.all_tasks(session, plan), key=lambda t: (_attention(t), t.position)) if plan else []
    return render_template("console/plan_tasks.html", plan=plan, tasks=rows, attention=_attention,
                           step_text=step_text, periods=_periods(plan))


@blueprint.get("/tasks/<int:task_id>")
@requires("admin")
def task(task_id: int):
    session = request_session()
    found = session.get(Task, task_id) or abort(404)
    return render_template("console/plan_task.html", task=found, history=task_edits.history(session, found),
                           step_text=step_text, kind_words=KIND_WORDS, event_words=task_edits.EVENT_WORDS,
                           datable=task_edits.DATABLE_KINDS, tz=current_app.extensions["settings"].tz)


@blueprint.post("/milestones/<int:milestone_id>/deadline")
@requires("admin")
def fix_deadline(milestone_id: int):
    milestone = _milestone(milestone_id)
    return _edit(milestone.task, "完成时限已改为 {due}。", task_edits.fix_deadline, milestone, due=True)


@blueprint.post("/tasks/<int:task_id>/deadline")
@requires("admin")
def add_deadline(task_id: int):
    found = request_session().get(Task, task_id) or abort(404)
    return _edit(found, "已添加时间节点 {due}。", task_edits.add_deadline, found, due=True,
                 label=request.form.get("label", "")[:200])


@blueprint.post("/milestones/<int:milestone_id>/done")
@requires("admin")
def mark_done(milestone_id: int):
    milestone = _milestone(milestone_id)
    return _edit(milestone.task, "已标记完成,不再为它发提醒。", task_edits.mark_done, milestone)


@blueprint.post("/milestones/<int:milestone_id>/reopen")
@requires("admin")
def reopen(milestone_id: int):
    milestone = _milestone(milestone_id)
    return _edit(milestone.task, "已重新打开,提醒将按规则恢复。", task_edits.reopen, milestone)


def _edit(task: Task, done_text: str, change, target, *, due: bool = False, **extra):
    """Apply one hand edit with the viewer as actor, flash the outcome, back to the task's page."""
    back = redirect(url_for(".task", task_id=task.id))
    if due:
        try:
            extra["due"] = date.fromisoformat(request.form.get("due", ""))
        except ValueError:
            flash("请选择日期。", "error")
            return back
    who = viewer()
    session = request_session()
    try:
        change(session, target, actor=who.name, person_id=who.person_id, reason=request.form.get("reason", "")[:500],
               now=now(), **extra)
    except task_edits.EditError as exc:
        session.rollback()
        flash(str(exc), "error")
        return back
    session.commit()
    flash(done_text.format(due=extra.get("due", "")), "ok")
    return back


def _milestone(milestone_id: int) -> Milestone:
    return request_session().get(Milestone, milestone_id) or abort(404)


def _attention(task: Task) -> int:
    """0: its deadline could not be read and nobody has set one; 1: no date yet (待…后); 2: dated."""
    if task.needs_deadline:
        return 0
    active = [m for m in task.milestones if m.active]
    return 1 if any(m.kind == "conditional" for m in active) and not any(m.due for m in active) else 2


def step_text(milestone) -> str:
    """A stored or a parsed milestone in words: 5月31日 审批完成 / 每季度 / 长期工作."""
    return describe(Step(milestone.due, milestone.kind, milestone.every, milestone.label), milestone.due)


# --- import -------------------------------------------------------------------------------------

@blueprint.route("/import", methods=["GET", "POST"])
@requires("admin")
def upload():
    counties = _county_names()
    if request.method == "GET":
        return render_template("console/plan_import.html", counties=counties)
    file = request.files.get("plan")
    name = _safe_name(file.filename if file else "")
    year, county = request.form.get("year", "").strip(), request.form.get("county", "").strip()
    problem = _check_choices(name, year, county, counties)
    if problem:
        return render_template("console/plan_import.html", error=problem, counties=counties), 400
    data = file.read()
    if not data:
        return render_template("console/plan_import.html", error="文件是空的。", counties=counties), 400
    _prune_uploads()
    digest = hashlib.sha256(data).hexdigest()
    path = _upload_dir() / digest / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    outcome = _parse(path, year, county)
    if outcome.error:
        shutil.rmtree(path.parent, ignore_errors=True)
        return render_template("console/plan_import.html", error=outcome.error, counties=counties), 400
    return render_template("console/plan_preview.html", outcome=outcome, plan=outcome.parsed,
                           changes=plan_changes(request_session(), outcome.parsed), step_text=step_text,
                           upload=digest, name=name, year=year, county=county)


@blueprint.post("/import/confirm")
@requires("admin")
def confirm():
    digest, name = request.form.get("upload", ""), _safe_name(request.form.get("name", ""))
    year, county = request.form.get("year", "").strip(), request.form.get("county", "").strip()
    path = _upload_dir() / digest / name
    if not _DIGEST.fullmatch(digest) or _check_choices(name, year, county, _county_names()) or not path.is_file():
        flash("上传的文件已失效,请重新上传。", "error")
        return redirect(url_for(".upload"))
    outcome = _parse(path, year, county)
    if outcome.error:
        flash(outcome.error, "error")
        return redirect(url_for(".upload"))
    session = request_session()
    session.commit()  # end the read of the sign-in check: the plan lock must open the transaction
    result = save_plan(session, outcome.parsed, county_config(current_app.extensions["settings"]),
                       now(), county or None)
    session.commit()
    shutil.rmtree(path.parent, ignore_errors=True)
    flash(f"已导入《{result.title}》({result.year}年):新增 {result.tasks_added} 项,更新 {result.tasks_updated} 项,"
          f"未变 {result.tasks_unchanged} 项,停用 {result.tasks_retired} 项。", "ok")
    return redirect(url_for(".tasks"))


def _parse(path: Path, year: str, county: str):
    """The checks of `bot.py import-plan --dry-run`; the plan keeps the uploaded file's name."""
    outcome = run_import(current_app.extensions["settings"], path, year=int(year) if year else None,
                         county=county or None, dry_run=True)
    if outcome.parsed:
        outcome.parsed.source = path.name
    return outcome


def _check_choices(name: str, year: str, county: str, counties: list[str]) -> str | None:
    if Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
        return f"请上传方案文件({' '.join(SUPPORTED_SUFFIXES)})。"
    if year and not (year.isdigit() and 2000 <= int(year) <= 2100):
        return "年度应为四位数字,如 2020。"
    if county and county not in counties:
        return f"没有县区“{county}”。"
    return None


def _safe_name(filename: str) -> str:
    """The uploaded file's own name (the parser reads a year from it), without any folder part."""
    name = re.split(r"[\\/]", filename or "")[-1]
    name = re.sub(r'[\x00-\x1f:*?"<>|]', "_", name).strip(" .")[-120:]
    return name if name and not name.startswith(".") else "plan" + Path(name).suffix


def _upload_dir() -> Path:
    """Uploads wait for confirmation on disk, shared by the server's workers on this host."""
    return Path(current_app.config.get("PLAN_UPLOAD_DIR") or Path(current_app.instance_path) / "uploads")


def _prune_uploads() -> None:
    root = _upload_dir()
    if not root.is_dir():
        return
    for folder in root.iterdir():
        if folder.is_dir() and time.time() - folder.stat().st_mtime > UPLOAD_MAX_AGE:
            shutil.rmtree(folder, ignore_errors=True)


def _county_names() -> list[str]:
    return [c.name for c in county_config(current_app.extensions["settings"])]


# --- export -------------------------------------------------------------------------------------

@blueprint.get("/export")
@requires("admin")
def export():
    session = request_session()
    plan = assignments.current_plan(session)
    text = request.args.get("period", "").strip()
    if plan is None:
        return render_template("console/plan_export.html", periods=[], error="库中还没有工作方案,请先导入。"), 404
    if not text:
        return render_template("console/plan_export.html", periods=_periods(plan))
    try:
        period = parse_period(text)
    except ValueError as exc:
        return render_template("console/plan_export.html", periods=_periods(plan), error=str(exc)), 400
    settings = current_app.extensions["settings"]
    report = checkin_report(session, plan, period, now(), settings.tz)
    body = BytesIO()
    workbook(report).save(body)
    body.seek(0)
    # 2020年5月 + 月对标 → 2020年5月对标; 2020年第二季度对表; 2020年对账
    stem = period.label + (period.checkin[1:] if period.checkin[0] in period.label else period.checkin)
    return send_file(body, as_attachment=True, download_name=f"{stem}.xlsx",
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _periods(plan) -> list[tuple[str, str, bool]]:
    """(value, words, chosen) for the period picker: the plan year's months, quarters and the year."""
    if plan is None:
        return []
    day = today()
    this_month = f"{day.year}-{day.month:02d}"
    year = plan.year
    months = [(f"{year}-{m:02d}", f"{m}月 月对标", f"{year}-{m:02d}" == this_month) for m in range(1, 13)]
    quarters = [(f"{year}-Q{q}", f"第{'一二三四'[q - 1]}季度 季对表", False) for q in range(1, 5)]
    return months + quarters + [(str(year), "全年 年对账", False)]
