"""逾期, 本周到期, 进度 4 and 催办 4 土城镇: where the plan stands, asked from a phone."""
from __future__ import annotations

import re
from datetime import timedelta


from core import status_light
from handlers.messages import Context, Inbound
from handlers.tasks import own_state, short, task_line, today_of
from models import Task
from services import assignments, progress_charts, reminders, standing
from services.assignments import owing_townships

NO_PLAN = "库中还没有工作方案。"
MAX_CANDIDATES = 6
_REPORT_WORDS = re.compile(r"已|了|完成|完毕|建好|正在|共|[,。;!、]")  # text arrives NFKC-normalised
_NUDGE = re.compile(r"[^,。;!?]{0,24}")


def is_task_query(rest: str) -> bool:
    """"4", "三(一)4", "台账" — not "台账已建好,共1234人", which a staff member reports and the
    report parser must get."""
    if not rest or standing.looks_like_ref(rest):
        return True
    return len(rest) <= 10 and not re.search(r"\d", rest) and not _REPORT_WORDS.search(rest)


def is_nudge(rest: str) -> bool:
    return bool(_NUDGE.fullmatch(rest))


def overdue(msg: Inbound, ctx: Context) -> str:
    """逾期: open milestones past their date across the user's tasks."""
    return _due_listing(ctx, late=True)


def due_this_week(msg: Inbound, ctx: Context) -> str:
    """本周到期: what falls due in the next seven days."""
    return _due_listing(ctx, late=False)


def _due_listing(ctx: Context, *, late: bool) -> str:
    plan = assignments.current_plan(ctx.session)
    if plan is None:
        return NO_PLAN
    scope = standing.scope_of(ctx.session, plan, ctx.subscriber)
    today = today_of(ctx)
    if late:
        items = standing.overdue_items(ctx.session, scope, today)
        title, none = "逾期事项", "没有逾期的时间节点。"
    else:
        items = standing.due_soon_items(ctx.session, scope, today)
        end = today + timedelta(days=status_light.SOON_DAYS)
        title = f"7天内(至{end.month}月{end.day}日)到期"
        none = f"{title}的时间节点:无。"
    if not items:
        return f"{scope.title}{none}"
    lines = [f"{scope.title}{title}(共{len(items)}项):"]
    symbol = status_light.SYMBOLS[status_light.RED if late else status_light.YELLOW]
    for item in items:
        lines.append(f"{symbol} {item.task.ref} {short(item.task.title)}\n  {item.due.what()}({item.due.when()})"
                     + _pending_text(item, scope))
    if scope.township is None and scope.tasks:
        lines.append("回复“进度 编号”看各乡镇汇报,“催办 编号 乡镇”催办。")
    return "\n".join(lines)


def _pending_text(item: standing.DueItem, scope: standing.Scope) -> str:
    if scope.township is not None or not owing_townships(item.task):
        return ""
    return f" · 未报完成{len(item.pending)}个乡镇" if item.pending else " · 各乡镇均已报完成"


def progress(msg: Inbound, ctx: Context) -> str:
    """进度 4 / 进度 台账: one task, township by township (staff: their own township)."""
    plan = assignments.current_plan(ctx.session)
    if plan is None:
        return NO_PLAN
    if not ctx.argument:
        return "请在“进度”后写任务编号或关键词,如:进度 三(一)4、进度 台账。"
    task, problem = _resolve(ctx, plan, ctx.argument, "进度")
    if task is None:
        return problem
    item = standing.standings(ctx.session, [task], today_of(ctx))[0]
    if ctx.role != "staff":
        picture = progress_charts.ask_for_task(ctx.session, ctx.settings, person=ctx.subscriber.person,
                                               openid=ctx.openid, task=task, now=ctx.now, channel=msg.channel)
        return "\n".join([task_line(task, item.light), *_township_lines(item, ctx), *[picture] * bool(picture)])
    township = ctx.subscriber.township
    if township not in owing_townships(task):
        return f"{task_line(task, item.light)}\n本任务不需要{township.name}汇报。"
    done = len(item.with_status("done"))
    return (f"{task_line(task, item.light_for(township, today_of(ctx)))}\n"
            f"本乡:{own_state(item.state_of(township), ctx)}\n"
            f"全县已报完成:{done}/{len(owing_townships(task))}个乡镇")


def _township_lines(item: standing.Standing, ctx: Context) -> list[str]:
    if not item.townships:
        return ["本任务不涉及乡镇,暂无汇报。"]
    reported = [s for s in item.townships if s.report is not None]
    silent = item.with_status(standing.NOT_REPORTED)
    lines = [f"已汇报{len(reported)}/{len(item.townships)}个:" if reported else f"{len(item.townships)}个乡镇都还没有汇报。"]
    order = {"done": 0, "in_progress": 1, "blocked": 2, "not_started": 3}
    for state in sorted(reported, key=lambda s: order.get(s.status, 9)):
        lines.append(f"{state.name} {own_state(state, ctx)}")
    if reported and silent:
        lines.append(f"未汇报{len(silent)}个:{'、'.join(s.name for s in silent)}")
    if item.totals:
        lines.append("合计:" + "、".join(
            standing.figure_text(f) + (f"({f['townships']}个乡镇)" if f["townships"] > 1 else "")
            for f in item.totals))
    if silent and ctx.role in ("leader", "admin"):
        lines.append(f"回复“催办 {item.task.ref} 乡镇名”催办。")
    return lines


def nudge(msg: Inbound, ctx: Context) -> str:
    """催办 4 土城镇: the township's bound staff get a reminder through the outbox, once a day."""
    plan = assignments.current_plan(ctx.session)
    if plan is None:
        return NO_PLAN
    township, words = standing.find_township(ctx.session, plan.county, ctx.argument)
    if not words:
        return "请写明任务和乡镇,如:催办 三(一)4 土城镇。"
    task, problem = _resolve(ctx, plan, words, "催办", suffix=f" {township.name}" if township else " 乡镇名")
    if task is None:
        return problem
    if township is None:
        return f"请写明催办哪个乡镇,如:催办 {task.ref} 土城镇。"
    if township not in owing_townships(task):
        return f"{task.ref}的责任单位不含{township.name}民政办,无需催办。"
    outcome = reminders.nudge(ctx.session, task=task, township=township, requested_by=ctx.subscriber.person,
                              now=ctx.now)
    if outcome.nobody_bound:
        return f"{township.name}还没有工作人员绑定,无法催办。可请局办公室为其生成绑定码。"
    if not outcome.reminders:
        return f"任务{task.ref}没有未完成的时间节点,无需催办。"
    if not outcome.added:
        return f"今天已向{township.name}催办过任务{task.ref},不再重复发送。"
    return f"已向{township.name}{outcome.added}位工作人员发出催办(任务{task.ref}),将在工作时间内送达。"


def _resolve(ctx: Context, plan, words: str, command: str, suffix: str = "") -> tuple[Task | None, str]:
    """The task the words mean, or the reply that asks which one."""
    found = standing.resolve_task(ctx.session, plan, words)
    if found.task is not None:
        return found.task, ""
    if not found.candidates:
        return None, f"没有找到与“{words}”对应的任务。回复“我的任务”查看任务编号。"
    shown = found.candidates[:MAX_CANDIDATES]
    lines = [f"“{words}”对应{len(found.candidates)}项任务,请指明:"]
    lines += [f"{t.ref} {short(t.title)}" for t in shown]
    lines.append(f"例如回复:{command} {shown[0].ref}{suffix}")
    return None, "\n".join(lines)
