"""Changes the bureau office makes to a task by hand: a deadline fixed (or added where the importer
could not read one), a milestone marked done or opened again. Each writes a TaskEvent, which the
task's history shows beside the townships' reports.

A date fixed by hand sets `set_by_hand`, so a re-import of the plan leaves it as it is; a milestone
added by hand sits at HAND_SET_POSITION_START or above, where the importer never looks. Marking
done sets `done_at`, so the reminder pass stops deciding reminders for it and cancels the pending
ones (services.reminders); reopening clears it, and reminders resume from the policy's next day.

A milestone done or reopened by hand is the office's call: `held_by_hand` names those milestones so
that settling milestones from reports (services.progress.settle_milestones) can leave them alone.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Milestone, Task, TaskEvent
from services.plans import HAND_SET_POSITION_START

# How a history names each kind of hand-made change.
EVENT_WORDS = {"deadline_fixed": "设定时限", "milestone_done": "标记完成", "milestone_reopened": "重新打开"}

# Milestones whose date may be fixed: dated ones, and "待…后" ones whose condition is now known.
# Ongoing work (长期/动态管理) has no deadline to fix.
DATABLE_KINDS = ("once", "recurring", "conditional")


class EditError(ValueError):
    """A change that cannot be made; the message is Chinese, for the page that asked."""


def fix_deadline(session: Session, milestone: Milestone, due: date, *, actor: str, person_id: int | None,
                 reason: str, now: datetime) -> TaskEvent:
    """Set the milestone's date by hand; a "待…后" milestone becomes a dated one."""
    if milestone.kind not in DATABLE_KINDS:
        raise EditError("长期工作没有完成时限,不能设定日期。")
    _in_plan_year(milestone.task, due)
    before = {"due": _iso(milestone.due), "kind": milestone.kind}
    if milestone.due == due and milestone.kind != "conditional":
        raise EditError(f"完成时限已经是 {due.isoformat()}。")
    milestone.due = due
    if milestone.kind == "conditional":
        milestone.kind = "once"
    milestone.set_by_hand = True
    return _record(session, milestone.task, milestone, "deadline_fixed", actor, person_id, reason, now,
                   {"before": before, "after": {"due": due.isoformat(), "kind": milestone.kind}})


def add_deadline(session: Session, task: Task, due: date, *, label: str, actor: str, person_id: int | None,
                 reason: str, now: datetime) -> TaskEvent:
    """A dated milestone set by hand, e.g. for a task whose 完成时限 the importer could not read."""
    _in_plan_year(task, due)
    position = max([HAND_SET_POSITION_START - 1, *(m.position for m in task.milestones)]) + 1
    milestone = Milestone(position=position, due=due, kind="once", label=label.strip() or None,
                          source_text="", set_by_hand=True, active=True)
    task.milestones.append(milestone)
    session.flush()
    return _record(session, task, milestone, "deadline_fixed", actor, person_id, reason, now,
                   {"before": None, "after": {"due": due.isoformat(), "kind": "once"}, "added": True})


def mark_done(session: Session, milestone: Milestone, *, actor: str, person_id: int | None, reason: str,
              now: datetime) -> TaskEvent:
    if milestone.done_at is not None:
        raise EditError("这个时间节点已经是完成状态。")
    milestone.done_at = now
    return _record(session, milestone.task, milestone, "milestone_done", actor, person_id, reason, now,
                   {"done_at": now.isoformat()})


def reopen(session: Session, milestone: Milestone, *, actor: str, person_id: int | None, reason: str,
           now: datetime) -> TaskEvent:
    """Open a done milestone again; the reason is required, since reminders start again."""
    if not reason.strip():
        raise EditError("重新打开须写明原因。")
    if milestone.done_at is None:
        raise EditError("这个时间节点还没有完成,无需重新打开。")
    before = milestone.done_at
    milestone.done_at = None
    return _record(session, milestone.task, milestone, "milestone_reopened", actor, person_id, reason, now,
                   {"done_at": before.astimezone(now.tzinfo).isoformat()})


def history(session: Session, task: Task) -> list[TaskEvent]:
    """The task's hand-made changes, newest first."""
    return list(session.scalars(select(TaskEvent).where(TaskEvent.task_id == task.id)
                                .order_by(TaskEvent.created_at.desc(), TaskEvent.id.desc())))


def held_by_hand(session: Session, task_id: int) -> set[int]:
    """Ids of the task's milestones marked done or reopened by hand: reports do not change them."""
    return set(session.scalars(select(TaskEvent.milestone_id).where(
        TaskEvent.task_id == task_id, TaskEvent.milestone_id.is_not(None),
        TaskEvent.kind.in_(("milestone_done", "milestone_reopened")))))


def _in_plan_year(task: Task, due: date) -> None:
    """A slip of the year (2002 for 2020) would silently never remind: keep dates near the plan's year."""
    year = task.plan.year
    if not year <= due.year <= year + 1:
        raise EditError(f"日期应在方案年度内({year}年,最迟到{year + 1}年)。")


def _record(session: Session, task: Task, milestone: Milestone, kind: str, actor: str, person_id: int | None,
            reason: str, now: datetime, detail: dict) -> TaskEvent:
    event = TaskEvent(task=task, milestone=milestone, kind=kind, actor=actor, person_id=person_id,
                      reason=reason.strip(), detail=detail, created_at=now)
    session.add(event)
    session.flush()
    return event


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
