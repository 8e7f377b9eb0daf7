"""Progress as recorded: reports, their withdrawal (撤回), evidence, drafts, and the milestones
reports complete.

The current report of a (task, township) is the latest one not withdrawn; earlier ones stay as
history. A "done" report counts towards the task's earliest open dated milestone. A milestone of a
task every township office owes is done when each of those townships' current report is done; one
of a task without township offices is done at once. A later report that is not done, or 撤回 of
the done one, opens it again — and an open milestone is what reminders are sent for.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from core.report_parser import Catalogue, TaskEntry
from models import Milestone, Person, ProgressReport, Task, Township
from models.progress import ReportDraft
from services.assignments import all_tasks, county_townships, current_plan, owing_townships
from services.task_edits import held_by_hand


def current_reports(session: Session, task_ids: list[int]) -> dict[tuple[int, int | None], ProgressReport]:
    """{(task_id, township_id): its current report} for the given tasks."""
    if not task_ids:
        return {}
    live = select(ProgressReport).where(
        ProgressReport.task_id.in_(task_ids), ProgressReport.withdrawn_at.is_(None)
    ).subquery()
    ranked = select(
        live.c.id,
        func.row_number().over(
            partition_by=(live.c.task_id, live.c.township_id),
            order_by=(live.c.created_at.desc(), live.c.id.desc()),
        ).label("rank"),
    ).subquery()
    latest = aliased(ProgressReport)
    rows = session.scalars(
        select(latest).join(ranked, ranked.c.id == latest.id).where(ranked.c.rank == 1)
    )
    return {(report.task_id, report.township_id): report for report in rows}


# --- the plan as the report parser sees it -------------------------------------------------------

def catalogue(session: Session, tasks: list[Task]) -> Catalogue:
    """The tasks as plain data for core.report_parser, with the townships of the plan's county."""
    townships = tuple(t.name for t in county_townships(tasks[0])) if tasks else ()
    entries = tuple(
        TaskEntry(task.ref, task.number, task.title, tuple(task.measures),
                  tuple(m.label for m in task.milestones if m.active and m.label),
                  frozenset(t.name for t in owing_townships(task)), task.section.title, task.heading or "")
        for task in tasks)
    return Catalogue(entries, townships)


# --- reports -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Recorded:
    report: ProgressReport
    superseded: ProgressReport | None  # the report this one replaced as current
    milestone: Milestone | None  # what a done report counted towards
    townships_done: int  # of the townships owing the task, how many have reported it done
    townships_owing: int


def record_report(session: Session, *, task: Task, township: Township, reporter: Person, status: str,
                  figures: list[dict], raw_text: str, parse: dict, openid: str, now: datetime) -> Recorded:
    """Store a report as understood; a done one may complete a milestone."""
    superseded = current_reports(session, [task.id]).get((task.id, township.id))
    milestone = _earliest_open(task) if status == "done" else None
    report = ProgressReport(task=task, township=township, reporter=reporter, status=status, figures=figures,
                            raw_text=raw_text, parse=parse, openid=openid, evidence=[], milestone=milestone,
                            created_at=now)
    session.add(report)
    session.flush()
    done, owing = settle_milestones(session, task, now)
    return Recorded(report, superseded, milestone, done, owing)


def withdraw_last(session: Session, *, reporter_id: int, now: datetime) -> ProgressReport | None:
    """撤回: the reporter's latest report stops counting; the row stays, with withdrawn_at."""
    report = _latest_of(session, reporter_id)
    if report is None:
        return None
    report.withdrawn_at = now
    session.flush()
    settle_milestones(session, report.task, now)
    return report


def attach_evidence(session: Session, *, reporter_id: int, media_id: str, url: str, now: datetime,
                    within: timedelta) -> ProgressReport | None:
    """An image sent right after a report becomes its evidence; None if there is no recent report."""
    report = _latest_of(session, reporter_id)
    if report is None or now - report.created_at > within:
        return None
    report.evidence = [*report.evidence, {"media_id": media_id, "url": url, "at": now.isoformat()}]
    return report


def _latest_of(session: Session, reporter_id: int) -> ProgressReport | None:
    return session.scalar(
        select(ProgressReport)
        .where(ProgressReport.reporter_id == reporter_id, ProgressReport.withdrawn_at.is_(None))
        .order_by(ProgressReport.created_at.desc(), ProgressReport.id.desc()).limit(1)
    )


# --- milestones ----------------------------------------------------------------------------------

def _dated(task: Task) -> list[Milestone]:
    """The task's one-off dated milestones, earliest first (recurring ones never end)."""
    steps = [m for m in task.milestones if m.active and m.kind == "once" and m.due is not None]
    return sorted(steps, key=lambda m: (m.due, m.position))


def _earliest_open(task: Task) -> Milestone | None:
    return next((m for m in _dated(task) if m.done_at is None), None)


def settle_milestones(session: Session, task: Task, now: datetime) -> tuple[int, int]:
    """Mark done (or open again) the milestones reports counted towards, from the current reports.

    Returns (townships whose current report is done, townships owing the task)."""
    dated = _dated(task)
    order = {m.id: i for i, m in enumerate(dated)}
    counted = set(session.scalars(select(ProgressReport.milestone_id).where(
        ProgressReport.task_id == task.id, ProgressReport.milestone_id.is_not(None))))
    current = current_reports(session, [task.id])
    held = held_by_hand(session, task.id)

    def reached(report: ProgressReport | None) -> int:
        """How far along the dated milestones this report says its township is (-1: nowhere)."""
        if report is None or report.status != "done":
            return -1
        return order.get(report.milestone_id, -1)

    owing = [t.id for t in owing_townships(task)]
    if owing:
        level = min(reached(current.get((task.id, township_id))) for township_id in owing)
        done = sum(1 for township_id in owing
                   if (r := current.get((task.id, township_id))) is not None and r.status == "done")
    else:
        level = max((reached(r) for r in current.values()), default=-1)
        done = 0
    for milestone in dated:
        if milestone.id not in counted or milestone.id in held:
            continue  # never reported on, or marked done/reopened by hand: the office's call stands
        if order[milestone.id] <= level and milestone.done_at is None:
            milestone.done_at = now
        elif order[milestone.id] > level and milestone.done_at is not None:
            milestone.done_at = None
    return done, len(owing)


# --- drafts: reports the bot asked about ----------------------------------------------------------

def open_draft(session: Session, *, openid: str, reporter: Person, township: Township, raw_text: str,
               parse: dict, now: datetime, ttl: timedelta) -> ReportDraft:
    draft = ReportDraft(openid=openid, reporter=reporter, township_id=township.id, raw_text=raw_text,
                        parse=parse, created_at=now, expires_at=now + ttl)
    session.add(draft)
    session.flush()
    return draft


def pending_draft(session: Session, openid: str, now: datetime) -> ReportDraft | None:
    """The report of `openid` waiting for an answer, if its time has not run out."""
    return session.scalar(
        select(ReportDraft).where(ReportDraft.openid == openid, ReportDraft.report_id.is_(None),
                                  ReportDraft.closed_at.is_(None), ReportDraft.expires_at > now)
        .order_by(ReportDraft.created_at.desc(), ReportDraft.id.desc()).limit(1))


def drafts(session: Session, now: datetime, openid: str | None = None) -> list[ReportDraft]:
    """Reports asked about and never answered in time: kept, never recorded against a task."""
    query = select(ReportDraft).where(ReportDraft.report_id.is_(None), ReportDraft.closed_at.is_(None),
                                      ReportDraft.expires_at <= now)
    if openid is not None:
        query = query.where(ReportDraft.openid == openid)
    return list(session.scalars(query.order_by(ReportDraft.created_at.desc(), ReportDraft.id.desc())))


def set_aside(draft: ReportDraft, now: datetime) -> None:
    """A new report came instead of an answer: the question ends, the draft stays a draft."""
    draft.expires_at = min(draft.expires_at, now)


def cancel_draft(draft: ReportDraft, now: datetime) -> None:
    draft.closed_at = now


def finish_draft(draft: ReportDraft, report: ProgressReport) -> None:
    draft.report = report


def task_by_ref(tasks: list[Task], ref: str) -> Task | None:
    return next((task for task in tasks if task.ref == ref), None)


def current_plan_tasks(session: Session) -> list[Task] | None:
    """The current plan's tasks; None when no plan is loaded."""
    plan = current_plan(session)
    return None if plan is None else all_tasks(session, plan)
