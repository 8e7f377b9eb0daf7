"""Deciding reminders: who gets which reminder on which day (the policy is core.reminder_policy).

`decide` is one pass for today (and for the days missed since the last pass, after downtime, up to
CATCH_UP days back): it reads only the steps that can have a reminder today (dated steps
by an index lookup of the few due dates that have one today; recurring steps of this year's plans,
and on check-in days their ongoing steps), and writes a Reminder row for each person the policy
names, with ON CONFLICT DO NOTHING on the idempotency key (person, milestone, kind, day), in the
transaction that decides them: a second pass, or two passes at once, add nothing. The dispatcher
(services.outbox) bundles each person's rows of a day into one message.

Who is reminded:
- the first-listed leader of the task (the one who answers for it day to day); when a step is two
  weeks overdue (kind escalated), every leader of the task. Leaders get rows whether or not they
  have bound WeChat: the dispatcher reports the unreachable ones;
- the bound staff of each township whose 民政办 the task names, unless that township's current
  progress report on the task says done (or the plan's policy has "staff": false);
- nobody about a step marked done or retired; their pending rows are cancelled.
"""
from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Iterable, Iterator

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session, selectinload

from config import Clock, Settings
from core import reminder_policy as rp
from core.milestones import Step, next_step
from core.plan_parser import task_ref
from models import (Department, Milestone, Person, Plan, Reminder, ReminderPass, Section, Subscriber, Task, TaskDepartment,
                    TaskLeader, Township)
from models.db import upsert_insert
from models.outbox import CHANNEL_NAMES
from models.reminders import REMINDER_STATUSES
from services import outbox
from services.invites import describe as describe_person
from services.progress import current_reports

log = logging.getLogger(__name__)

_CHUNK = 500  # ids per IN list: well under SQLite's bound-parameter limit
_KEY = ["person_id", "milestone_id", "kind", "send_on"]
# A scheduler down for longer starts afresh: reminders older than this are stale, not late.
CATCH_UP = timedelta(days=14)
WEEKDAYS = "一二三四五六日"


@dataclass(frozen=True)
class Candidate:
    """A reminder the policy wants: a Reminder row before it is written."""

    person_id: int
    milestone_id: int
    township_id: int | None
    kind: str
    due_on: date
    send_on: date
    colour: str
    urgency: int
    line: str

    @property
    def key(self) -> tuple:
        return self.person_id, self.milestone_id, self.kind, self.send_on


@dataclass
class DecideSummary:
    day: date
    since: date  # the first day decided: before `day` when the passes of some days were missed
    examined: int = 0  # steps read from the database
    reminded: int = 0  # steps with a reminder today
    decided: int = 0  # rows the policy wants today
    added: int = 0  # of which new in this pass (not there when it looked)
    people: int = 0  # people with a new row
    cancelled: int = 0  # pending rows of steps done (or townships done) since
    bad_policies: list[str] = field(default_factory=list)

    def describe(self) -> str:
        missed = f"(含此前漏定的 {self.since.isoformat()} 起 {(self.day - self.since).days} 天)" \
            if self.since < self.day else ""
        text = (f"{self.day.isoformat()}{missed} 提醒:{self.reminded} 个时间节点到了提醒日,应提醒 {self.decided} 条,"
                f"新增 {self.added} 条({self.people} 人)")
        if self.decided > self.added:
            text += f",{self.decided - self.added} 条此前已定"
        if self.cancelled:
            text += f";取消 {self.cancelled} 条(已完成)"
        if self.bad_policies:
            text += f";这些方案的提醒规则有误,按默认规则提醒:{'、'.join(self.bad_policies)}"
        return text + "。"


def decide(session: Session, now: datetime, settings: Settings) -> DecideSummary:
    """One pass for today (in settings.tz), and any days missed since the last pass: write their
    Reminder rows, cancel stale ones."""
    today = now.astimezone(settings.tz).date()
    summary = DecideSummary(today, _first_undecided_day(session, today))
    summary.cancelled = _cancel_stale(session)
    candidates = _candidates(session, summary.since, today, summary)
    summary.decided = len(candidates)
    known = _decided_between(session, summary.since, today)
    new = sorted((c for c in candidates if c.key not in known), key=lambda c: c.key)  # one lock order for all
    if new:
        # DO NOTHING covers a pass running at the same moment: it may count the same rows as new.
        session.execute(_insert_new(session), [_row(c, now) for c in new])
    summary.added = len(new)
    summary.people = len({c.person_id for c in new})
    session.execute(upsert_insert(session, ReminderPass).values(day=today, decided_at=now)
                    .on_conflict_do_nothing(index_elements=["day"]))
    return summary


def _first_undecided_day(session: Session, today: date) -> date:
    """The day after the last pass (today when there was none, or a pass today already)."""
    last = session.scalar(select(func.max(ReminderPass.day)).where(ReminderPass.day < today))
    if last is None:
        return today
    return max(last + timedelta(days=1), today - CATCH_UP)


@dataclass(frozen=True)
class NudgeOutcome:
    """What 催办 did: today's nudge rows for the township's staff, and how many this call added."""

    reminders: list[Reminder]
    added: int
    nobody_bound: bool = False  # else an empty list means every step of the task is done


def nudge(session: Session, *, task: Task, township: Township, requested_by: Person,
          now: datetime) -> NudgeOutcome:
    """催办: a reminder for each bound staff member of `township` about `task`, sent today.

    Idempotent per day (one row per person, step and day)."""
    today = now.date()
    staff = bound_staff(session, [township.id]).get(township.id, [])
    found = _nudged_step(task, today)
    if found is None or not staff:
        return NudgeOutcome([], 0, nobody_bound=not staff)
    milestone, due_on = found
    todays = (select(Reminder).where(Reminder.person_id.in_(staff), Reminder.milestone_id == milestone.id,
                                     Reminder.kind == rp.NUDGE, Reminder.send_on == today)
              .order_by(Reminder.person_id))
    earlier = {r.person_id for r in session.scalars(todays)}
    line = rp.reminder_line(rp.NUDGE, task.ref, milestone.label or task.title, due_on, today,
                            requested_by=requested_by.name)
    rows = [_row(Candidate(person_id, milestone.id, township.id, rp.NUDGE, due_on, today,
                           rp.colour_of(rp.NUDGE, due_on, today), rp.urgency(rp.NUDGE, due_on, today), line),
                 now, requested_by_id=requested_by.id)
            for person_id in sorted(staff) if person_id not in earlier]
    if rows:
        session.execute(_insert_new(session), rows)
    return NudgeOutcome(list(session.scalars(todays)), len(rows))


def _decided_between(session: Session, start: date, end: date) -> set[tuple]:
    """The keys of the rows already decided for days in [start, end] (by the status-and-day index)."""
    return set(session.execute(
        select(Reminder.person_id, Reminder.milestone_id, Reminder.kind, Reminder.send_on)
        .where(Reminder.status.in_(REMINDER_STATUSES), Reminder.send_on.between(start, end))).tuples())


def _insert_new(session: Session):
    """INSERT … ON CONFLICT (the idempotency key) DO NOTHING, compiled once for many rows."""
    return upsert_insert(session, Reminder.__table__).on_conflict_do_nothing(index_elements=_KEY)


def _nudged_step(task: Task, today: date) -> tuple[Milestone, date] | None:
    """The step a nudge is about: the longest overdue one, else the next one; None when all are done."""
    open_steps = [m for m in task.milestones if m.active and m.done_at is None]
    overdue = [m for m in open_steps if m.kind == "once" and m.due and m.due < today]
    if overdue:
        step = min(overdue, key=lambda m: m.due)
        return step, step.due
    steps = [Step(m.due, m.kind, m.every, m.label) for m in open_steps]
    found = next_step(steps, today)
    if found is not None:
        chosen, due = found
        return next(m for m, step in zip(open_steps, steps) if step is chosen), due or today
    return None


def _row(candidate: Candidate, now: datetime, requested_by_id: int | None = None) -> dict:
    return {"person_id": candidate.person_id, "milestone_id": candidate.milestone_id,
            "township_id": candidate.township_id, "kind": candidate.kind, "due_on": candidate.due_on,
            "send_on": candidate.send_on, "colour": candidate.colour, "urgency": candidate.urgency,
            "line": candidate.line, "status": "pending", "requested_by_id": requested_by_id,
            "created_at": now}


# --- what the policy wants on days [start, end] ---------------------------------------------------

@dataclass(frozen=True)
class _Step:
    id: int
    task_id: int
    plan_id: int
    kind: str
    due: date | None
    every: str | None
    label: str | None
    position: int


def _candidates(session: Session, start: date, end: date, summary: DecideSummary,
                done_before: datetime | None = None) -> list[Candidate]:
    """Every reminder the policy wants sent on a day in [start, end].

    `done_before`: count only what was marked done or reported done before this moment (simulate);
    by default, everything recorded."""
    plans = _plan_policies(session, summary)
    if not plans:
        return []
    hits = _scheduled(session, plans, start, end, done_before, summary)
    summary.reminded = len({step.id for step, _ in hits})
    if not hits:
        return []
    tasks = _tasks(session, {step.task_id for step, _ in hits})
    staff = bound_staff(session, sorted({t for task in tasks.values() for t in task.townships}))
    done = _townships_done(session, [task_id for task_id, task in tasks.items() if task.townships and staff],
                           done_before)
    wanted: dict[tuple, Candidate] = {}
    for step, planned in hits:
        task, policy = tasks[step.task_id], plans[step.plan_id][1]
        recipients = [(person_id, None) for person_id in rp.leaders_reminded(planned.kind, task.leaders)]
        if policy.staff:
            recipients += [(person_id, township_id) for township_id in task.townships
                           if (step.task_id, township_id) not in done for person_id in staff.get(township_id, [])]
        day, due_on = planned.send_on, planned.due_on
        line = rp.reminder_line(planned.kind, task.ref, step.label or task.title, due_on, day,
                                several_leaders=len(task.leaders) > 1)
        for person_id, township_id in recipients:
            candidate = Candidate(person_id, step.id, township_id, planned.kind, due_on, day,
                                  rp.colour_of(planned.kind, due_on, day), rp.urgency(planned.kind, due_on, day), line)
            wanted.setdefault(candidate.key, candidate)
    return list(wanted.values())


def _plan_policies(session: Session, summary: DecideSummary) -> dict[int, tuple[int, rp.Policy]]:
    """{plan id: (year, policy)}; a stored policy that no longer validates falls back to the default."""
    policies = {}
    for plan_id, year, title, stored in session.execute(select(Plan.id, Plan.year, Plan.title, Plan.reminder_policy)):
        try:
            policies[plan_id] = (year, rp.policy_from_json(stored))
        except rp.PolicyError as exc:
            log.warning("plan %s: bad reminder policy (%s); using the default", title, exc)
            summary.bad_policies.append(title)
            policies[plan_id] = (year, rp.DEFAULT_POLICY)
    return policies


def _scheduled(session: Session, plans: dict[int, tuple[int, rp.Policy]], start: date, end: date,
               done_before: datetime | None, summary: DecideSummary) -> list[tuple[_Step, rp.Planned]]:
    """The steps with a reminder to send in [start, end], each with that reminder."""
    policies = {policy for _, policy in plans.values()}
    columns = (Milestone.id, Milestone.task_id, Task.plan_id, Milestone.kind, Milestone.due, Milestone.every,
               Milestone.label, Milestone.position)
    undone = Milestone.done_at.is_(None)
    if done_before is not None:
        undone = or_(undone, Milestone.done_at >= done_before)
    base = select(*columns).join(Task, Task.id == Milestone.task_id).where(Milestone.active, Task.active, undone)
    # Dated steps: only those due on a date that has a reminder in [start, end].
    dues = sorted(set().union(*(rp.dues_reminded(policy, start, end) for policy in policies)))
    steps = []
    for chunk in _chunks(dues):
        steps += [_Step(*row) for row in session.execute(base.where(Milestone.kind == "once", Milestone.due.in_(chunk)))]
    # Recurring steps, and on check-in days ongoing ones, of the plans of these years.
    kinds = ["recurring"] + (["ongoing"] if any(rp.has_checkin(p, start, end) for p in policies) else [])
    this_year = [plan_id for plan_id, (year, _) in plans.items() if start.year <= year <= end.year + 1]
    for chunk in _chunks(this_year):
        steps += [_Step(*row) for row in session.execute(base.where(Task.plan_id.in_(chunk), Milestone.kind.in_(kinds)))]
    summary.examined = len(steps)
    starts = _checkin_starts(session, plans, [s for s in steps if s.kind == "ongoing"])
    hits = []
    for step in steps:
        year, policy = plans[step.plan_id]
        last = date(year, 12, 31)
        if step.kind == "once":
            planned = [p for p in rp.dated_schedule(step.due, policy) if start <= p.send_on <= end]
        elif step.kind == "recurring":
            planned = rp.recurring_schedule(step.due, step.every, last, policy, start, end) if step.due else ()
        else:
            planned = rp.checkin_schedule(starts[step.id], last, policy, start, end)
        hits += [(step, p) for p in planned]
    return hits


def _checkin_starts(session: Session, plans, ongoing: list[_Step]) -> dict[int, date]:
    """When each ongoing step's check-ins begin: after the dated steps written before it."""
    before: dict[int, list[date]] = defaultdict(list)
    positions = {step.id: step.position for step in ongoing}
    by_task = defaultdict(list)
    for step in ongoing:
        by_task[step.task_id].append(step)
    for chunk in _chunks(sorted(by_task)):
        for task_id, position, due in session.execute(
                select(Milestone.task_id, Milestone.position, Milestone.due)
                .where(Milestone.task_id.in_(chunk), Milestone.kind == "once", Milestone.due.is_not(None))):
            for step in by_task[task_id]:
                if position < positions[step.id]:
                    before[step.id].append(due)
    return {step.id: rp.checkin_start(before[step.id], plans[step.plan_id][0]) for step in ongoing}


@dataclass
class _TaskInfo:
    ref: str
    title: str
    leaders: list[int] = field(default_factory=list)  # in the plan's order
    townships: list[int] = field(default_factory=list)  # whose 民政办 the task names


def _tasks(session: Session, ids: Iterable[int]) -> dict[int, _TaskInfo]:
    """What a reminder needs of each task, read as plain rows (no ORM objects: a pass may need thousands)."""
    tasks = {}
    for chunk in _chunks(sorted(ids)):
        for task_id, number, part, heading, title, section_heading, section_number in session.execute(
                select(Task.id, Task.number, Task.part, Task.heading, Task.title, Section.heading, Section.number)
                .join(Section, Section.id == Task.section_id).where(Task.id.in_(chunk))):
            ref = task_ref(section_heading, section_number, number, part, heading is not None)
            tasks[task_id] = _TaskInfo(ref, title)
        for task_id, person_id in session.execute(
                select(TaskLeader.task_id, TaskLeader.person_id).where(TaskLeader.task_id.in_(chunk))
                .order_by(TaskLeader.task_id, TaskLeader.position)):
            tasks[task_id].leaders.append(person_id)
        for task_id, township_id in session.execute(
                select(TaskDepartment.task_id, Department.township_id)
                .join(Department, Department.id == TaskDepartment.department_id)
                .where(TaskDepartment.task_id.in_(chunk), Department.township_id.is_not(None))
                .order_by(TaskDepartment.task_id, TaskDepartment.position)):
            tasks[task_id].townships.append(township_id)
    return tasks


def bound_staff(session: Session, township_ids: list[int]) -> dict[int, list[int]]:
    """{township id: ids of its staff who have bound WeChat}."""
    staff: dict[int, set[int]] = defaultdict(set)
    for chunk in _chunks(township_ids):
        for person_id, township_id in session.execute(
                select(Person.id, Person.township_id).join(Subscriber, Subscriber.person_id == Person.id)
                .where(Person.role == "staff", Person.township_id.in_(chunk))):
            staff[township_id].add(person_id)
    return {township_id: sorted(ids) for township_id, ids in staff.items()}


def _townships_done(session: Session, task_ids: list[int], before: datetime | None = None) -> set[tuple]:
    """(task, township) pairs whose current report says done (reported before `before`, if given)."""
    done = set()
    for chunk in _chunks(task_ids):
        done.update(key for key, report in current_reports(session, chunk).items()
                    if report.status == "done" and (before is None or report.created_at < before))
    return done


def _cancel_stale(session: Session) -> int:
    """Cancel pending rows about steps done or retired, or townships that since reported done."""
    pending = session.execute(
        select(Reminder.id, Reminder.milestone_id, Reminder.township_id).where(Reminder.status == "pending")).all()
    if not pending:
        return 0
    steps: dict[int, tuple[int, bool]] = {}  # milestone id: (task id, still to be reminded)
    for chunk in _chunks(sorted({row.milestone_id for row in pending})):
        for milestone_id, task_id, done_at, active, task_active in session.execute(
                select(Milestone.id, Milestone.task_id, Milestone.done_at, Milestone.active, Task.active)
                .join(Task, Task.id == Milestone.task_id).where(Milestone.id.in_(chunk))):
            steps[milestone_id] = (task_id, done_at is None and active and task_active)
    done = _townships_done(session, sorted({steps[row.milestone_id][0] for row in pending if row.township_id}))
    stale = sorted(row.id for row in pending if not steps[row.milestone_id][1]
                   or (steps[row.milestone_id][0], row.township_id) in done)
    cancelled = 0
    for chunk in _chunks(stale):
        cancelled += session.execute(
            update(Reminder).where(Reminder.id.in_(chunk), Reminder.status == "pending")
            .values(status="cancelled").execution_options(synchronize_session=False)).rowcount
    return cancelled


def set_policy(plan: Plan, overrides: dict | None) -> rp.Policy:
    """Give `plan` its own cadence (keys not given keep the default); None goes back to the default."""
    policy = rp.policy_from_json(overrides)
    plan.reminder_policy = overrides or None
    return policy


def _chunks(items: list) -> Iterator[list]:
    for index in range(0, len(items), _CHUNK):
        yield items[index:index + _CHUNK]


# --- simulate: the calendar, without writing anything ------------------------------------------

ASSUMPTION = "假定开始之后没有任何进度报告,也没有时间节点被标为完成;乡镇工作人员按目前已绑定的人计"


@dataclass
class Digest:
    """One person's message of one day, and the channel it would take (None: it cannot go)."""

    person: str
    role: str
    reminders: list[Candidate]
    channel: str | None = None
    reason: str | None = None

    @property
    def heading(self) -> str:
        return rp.digest_heading(self.reminders, self.reminders[0].send_on)

    @property
    def channel_text(self) -> str:
        return CHANNEL_NAMES.get(self.channel, self.channel) if self.channel else f"收不到:{self.reason}"

    def to_json(self) -> dict:
        return {"person": self.person, "role": self.role, "heading": self.heading, "channel": self.channel,
                "reason": self.reason,
                "reminders": [{"kind": r.kind, "colour": r.colour, "due_on": r.due_on.isoformat(), "line": r.line}
                              for r in self.reminders]}


@dataclass
class Calendar:
    start: date
    end: date
    bound_staff: int
    days: list[tuple[date, list[Digest]]]

    def totals(self) -> list[tuple[str, int, int]]:
        """(person, messages, reminders), the busiest first."""
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for _, digests in self.days:
            for digest in digests:
                counts[digest.person][0] += 1
                counts[digest.person][1] += len(digest.reminders)
        return sorted(((person, m, r) for person, (m, r) in counts.items()), key=lambda t: (-t[2], t[0]))

    def channel_totals(self) -> dict[str, int]:
        """Messages per channel ("unreachable": those that could not go)."""
        counts: dict[str, int] = defaultdict(int)
        for _, digests in self.days:
            for digest in digests:
                counts[digest.channel or "unreachable"] += 1
        return dict(counts)

    def to_text(self) -> str:
        lines = [f"提醒日历 {self.start.isoformat()} 至 {self.end.isoformat()}(只预演,不发送)",
                 f"{ASSUMPTION}(现有 {self.bound_staff} 人)。每人每天至多一条消息,只在工作日发。"]
        for day, digests in self.days:
            lines.append(f"\n{day.isoformat()} 周{WEEKDAYS[day.weekday()]}")
            for digest in digests:
                lines.append(f"  {digest.person}:{digest.heading} [{digest.channel_text}]")
                lines += [f"    {reminder.line}" for reminder in digest.reminders]
        totals = self.totals()
        lines.append("\n合计" if totals else "\n这段时间没有要发的提醒。")
        lines += [f"  {person}:消息 {messages} 条,提醒 {reminders} 项" for person, messages, reminders in totals]
        if totals:
            by_channel = "、".join(f"{CHANNEL_NAMES.get(c, '收不到')} {n} 条" for c, n in sorted(self.channel_totals().items()))
            lines.append(f"共 {sum(t[1] for t in totals)} 条消息,{sum(t[2] for t in totals)} 项提醒;"
                         f"按目前的绑定和配置:{by_channel}。")
        return "\n".join(lines)

    def to_json(self) -> dict:
        return {"from": self.start.isoformat(), "to": self.end.isoformat(), "assumption": ASSUMPTION,
                "bound_staff": self.bound_staff,
                "days": [{"date": day.isoformat(), "messages": [d.to_json() for d in digests]}
                         for day, digests in self.days],
                "totals": [{"person": p, "messages": m, "reminders": r} for p, m, r in self.totals()],
                "channels": self.channel_totals()}


def simulate(session: Session, start: date, end: date, settings: Settings, person: str | None = None) -> Calendar:
    """Every message the policy would send from `start` to `end`, day by day; writes nothing."""
    if end < start:
        raise ValueError("结束日期早于开始日期")
    chosen = None
    if person:
        chosen = set(session.scalars(select(Person.id).where(Person.name == person)))
        if not chosen:
            raise ValueError(f"没有叫“{person}”的人:领导按方案中的姓名,工作人员按绑定时的姓名")
    cutoff = datetime.combine(start, time(0), settings.tz)
    candidates = [c for c in _candidates(session, start, end, DecideSummary(start, start), done_before=cutoff)
                  if chosen is None or c.person_id in chosen]
    people = {p.id: p for p in session.scalars(
        select(Person).where(Person.id.in_({c.person_id for c in candidates})).options(selectinload(Person.township)))}
    grouped: dict[date, dict[int, list[Candidate]]] = defaultdict(lambda: defaultdict(list))
    for candidate in candidates:
        grouped[candidate.send_on][candidate.person_id].append(candidate)
    # The way each person's messages would take, by today's bindings and configuration.
    ways = {pid: found.chosen for pid, found in outbox.routes(session, people, settings, Clock.from_settings(settings).now()).items()}
    days = [(day, [Digest(describe_person(people[person_id]), people[person_id].role, rp.digest_order(items),
                          None if ways[person_id].reason else ways[person_id].channel, ways[person_id].reason)
                   for person_id, items in sorted(grouped[day].items(), key=lambda kv: _person_order(people[kv[0]]))])
            for day in sorted(grouped)]
    return Calendar(start, end, _countbound_staff(session), days)


def _person_order(person: Person) -> tuple:
    return (person.role != "leader", person.township_id or 0, person.name)


def _countbound_staff(session: Session) -> int:
    return session.scalar(select(func.count(Person.id.distinct())).join(Subscriber, Subscriber.person_id == Person.id)
                          .where(Person.role == "staff")) or 0
