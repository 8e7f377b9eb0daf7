"""Progress charts as data, and as outbox messages: the picture behind `进度 三(一)4` and the
leader's weekly one (core.charts draws them; the board shows the same spec as a PNG).

A spec counts, per task, the townships whose current report is done, the ones that reported
something else (in progress, blocked, not started), and the ones that have not reported; and the
steps of the month that are overdue, per task. It is built when the message is queued and drawn
when it is sent, so a resend draws the same picture.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from config import Settings
from core import reach
from core.workdays import is_working_day
from models import OutboxMessage, Person, Plan, Task, TaskLeader
from models.db import upsert_insert
from services import assignments, standing
from services.assignments import owing_townships

WEEKLY_CAPTION = "本周任务进度图:各乡镇汇报情况和本月逾期节点。"


def _row(item: standing.Standing) -> dict:
    done = len(item.with_status("done"))
    silent = len(item.with_status(standing.NOT_REPORTED))
    return {"label": item.task.ref, "done": done, "in_progress": len(item.townships) - done - silent,
            "not_reported": silent}


def _overdue(session: Session, tasks: list[Task], today: date) -> list[dict]:
    """Steps due this month, before today, still open: counted per task, most first."""
    counts: dict[str, int] = {}
    scope = standing.Scope("", tasks)
    for item in standing.overdue_items(session, scope, today):
        if (item.due.due.year, item.due.due.month) == (today.year, today.month):
            counts[item.task.ref] = counts.get(item.task.ref, 0) + 1
    return [{"label": label, "count": n} for label, n in sorted(counts.items(), key=lambda kv: -kv[1])]


def spec_for(session: Session, tasks: list[Task], today: date, title: str) -> dict:
    with_townships = [t for t in tasks if owing_townships(t)]
    rows = [_row(item) for item in standing.standings(session, with_townships, today)]
    return {"title": title, "subtitle": f"截至{today.year}年{today.month}月{today.day}日",
            "rows": rows, "overdue_title": f"{today.month}月逾期节点", "overdue": _overdue(session, tasks, today)}


def task_spec(session: Session, task: Task, today: date) -> dict:
    return spec_for(session, [task], today, f"{task.ref} {task.title[:14]}")


def leader_spec(session: Session, plan: Plan, person_id: int, today: date) -> dict:
    return spec_for(session, assignments.tasks_of_leader(session, plan, person_id), today, "您负责的任务 · 各乡镇进展")


def queue(session: Session, *, person_id: int, openid: str, channel: str, spec: dict, caption: str,
          now: datetime, key: str) -> bool:
    """A chart message, once per `key`; True when this call added it."""
    statement = upsert_insert(session, OutboxMessage).values(
        person_id=person_id, kind="chart", dedupe_key=key, openid=openid, channel=channel,
        payload={"text": caption, "chart": spec}, status="pending", attempts=0, next_attempt_at=now, created_at=now,
    ).on_conflict_do_nothing(index_elements=[OutboxMessage.dedupe_key]).returning(OutboxMessage.id)
    return bool(session.execute(statement).all())


def ask_for_task(session: Session, settings: Settings, *, person: Person, openid: str, task: Task,
                 now: datetime, channel: str) -> str:
    """`进度 三(一)4` from a leader: the task's chart, sent back where they asked (the WeCom app, or
    a customer-service image — they just wrote, so the 48 hours are open). What to add to the
    reply, "" when no picture can go."""
    from core import charts  # cheap: matplotlib itself is imported only to draw

    if not settings.charts or channel == "terminal" or charts.unavailable():
        return ""
    network = reach.network_of(openid)
    can_send = settings.wecom_enabled if network == reach.WECOM else settings.can_push_wechat
    if not can_send:  # a 订阅号, or an account whose API we cannot call: text only
        return ""
    spec = task_spec(session, task, now.astimezone(settings.tz).date())
    added = queue(session, person_id=person.id, openid=openid, channel=reach.WECOM if network == reach.WECOM else "image",
                  spec=spec, caption=f"{task.ref} 进度图", now=now, key=f"chart:{person.id}:{task.id}:{now:%Y%m%d%H%M}")
    return "进度图随后发到这里。" if added else ""


def first_working_day_of_week(day: date) -> bool:
    monday = day - timedelta(days=day.weekday())
    return is_working_day(day) and not any(is_working_day(monday + timedelta(days=n)) for n in range(day.weekday()))


def queue_weekly(session: Session, settings: Settings, local_now: datetime, found_routes) -> int:
    """On the week's first working day, each leader of the current plan who can get a picture
    gets this week's chart (once per ISO week). `found_routes(ids)` is services.outbox.routes."""
    from core import charts

    today = local_now.date()
    if not (settings.charts and settings.weekly_chart) or not first_working_day_of_week(today) or charts.unavailable():
        return 0
    plan = assignments.current_plan(session)
    if plan is None:
        return 0
    leaders = sorted(set(session.scalars(
        select(TaskLeader.person_id).join(Task, Task.id == TaskLeader.task_id).where(Task.plan_id == plan.id, Task.active))))
    week = today.isocalendar()
    added = 0
    for person_id, found in found_routes(leaders).items():
        route = reach.picture_route(found, local_now)
        if route.reason is not None:
            continue  # the digest's link leads to the board, which shows the same chart
        added += queue(session, person_id=person_id, openid=route.openid, channel=route.channel,
                       spec=leader_spec(session, plan, person_id, today), caption=WEEKLY_CAPTION, now=local_now,
                       key=f"weekly:{person_id}:{week.year}-W{week.week:02d}")
    return added
