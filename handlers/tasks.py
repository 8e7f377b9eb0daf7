"""我的任务 (leaders, admins) and 本乡任务 (township staff): what they owe, most urgent first."""
from __future__ import annotations

from collections import Counter

from core import status_light
from core.reply_text import clip
from handlers.messages import Context, Inbound
from services import assignments, standing

TITLE_CHARS = 18  # a title longer than this is cut, so a task takes two lines on a phone


def my_tasks(msg: Inbound, ctx: Context) -> str:
    """我的任务: a leader's own tasks; the bureau office (admin) sees the whole plan."""
    return _listing(ctx)


def township_tasks(msg: Inbound, ctx: Context) -> str:
    """本乡任务: what the staff member's township office owes, with what it has reported."""
    return _listing(ctx)


def _listing(ctx: Context) -> str:
    plan = assignments.current_plan(ctx.session)
    if plan is None:
        return "库中还没有工作方案。"
    scope = standing.scope_of(ctx.session, plan, ctx.subscriber)
    if not scope.tasks:
        return f"{scope.title}:暂无。"
    today = today_of(ctx)
    if scope.township is None:
        lit = standing.lights(scope.tasks, today)
        lines = [task_line(item.task, item.light) for item in lit]
        colours = Counter(item.light.colour for item in lit)
    else:
        lines, colours = _township_lines(ctx, scope, today)
    count = " ".join(f"{status_light.SYMBOLS[c]}{colours[c]}" for c in status_light.SYMBOLS if colours[c])
    return "\n".join([f"{scope.title}(共{len(scope.tasks)}项):{count}", *lines])


def _township_lines(ctx: Context, scope: standing.Scope, today) -> tuple[list[str], Counter]:
    """Each task as the township sees it: its own report counts, not the other townships'."""
    rows = []
    for item in standing.standings(ctx.session, scope.tasks, today):
        own = item.state_of(scope.township)
        light = item.light_for(scope.township, today)
        rows.append((light, f"{task_line(item.task, light)} · 本乡:{own_state(own, ctx)}"))
    rows.sort(key=lambda row: row[0].urgency())
    return [line for _, line in rows], Counter(light.colour for light, _ in rows)


def task_line(task, light: status_light.Light) -> str:
    """🔴 三(一)4 建立非贫低保…\n  逾期55天:3月31日 …;下一节点:…"""
    return f"{light.symbol} {task.ref} {short(task.title)}\n  {light.text()}"


def own_state(state: standing.TownshipState, ctx: Context) -> str:
    """已完成(5月20日) / 进行中(5月22日,排查200户) / 未汇报."""
    word = standing.STATUS_WORDS[state.status]
    if state.report is None:
        return word
    details = [standing.local_day(state.report.created_at, ctx.settings.tz)]
    details += [standing.figure_text(f) for f in state.report.figures or [] if isinstance(f.get("value"), (int, float))]
    return f"{word}({','.join(details)})"


def short(title: str) -> str:
    return clip(title, TITLE_CHARS)


def today_of(ctx: Context):
    return ctx.now.astimezone(ctx.settings.tz).date()
