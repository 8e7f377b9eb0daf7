"""Where things stand: status lights, overdue and due-soon items, each township's reported state,
and which task a user means when they type "4", "三(一)4" or "台账"."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import status_light
from core.milestones import Step
from core.status_light import Due, Light
from models import Milestone, Plan, ProgressReport, Subscriber, Task, Township
from services import assignments
from services.assignments import owing_townships
from services.progress import current_reports

NOT_REPORTED = "not_reported"
STATUS_WORDS = {"done": "已完成", "in_progress": "进行中", "blocked": "受阻", "not_started": "未开始",
                NOT_REPORTED: "未汇报"}


# --- lights ------------------------------------------------------------------------------------

def active_milestones(task: Task) -> list[Milestone]:
    return [m for m in task.milestones if m.active]


def steps(milestones: list[Milestone]) -> list[Step]:
    return [Step(m.due, m.kind, m.every, m.label, m.done_at is not None) for m in milestones]


@dataclass(frozen=True)
class TaskLight:
    task: Task
    light: Light


def lights(tasks: list[Task], today: date) -> list[TaskLight]:
    """Each task with its light, most urgent first (the plan's order among equals)."""
    lit = [TaskLight(t, status_light.light(steps(active_milestones(t)), today)) for t in tasks]
    return sorted(lit, key=lambda item: item.light.urgency())


# --- who sees what -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Scope:
    """The tasks a user looks after, and how to name them to that user."""

    title: str  # 您负责的2020年任务 / 2020年方案全部任务 / 土城镇承担的2020年任务
    tasks: list[Task]
    township: Township | None = None  # staff: only their own township's part counts


def scope_of(session: Session, plan: Plan, subscriber: Subscriber) -> Scope:
    if subscriber.role == "admin":
        return Scope(f"{plan.year}年方案全部任务", assignments.all_tasks(session, plan))
    if subscriber.role == "staff":
        township = subscriber.township
        return Scope(f"{township.name}承担的{plan.year}年任务", assignments.tasks_of_township(session, plan, township.id), township)
    return Scope(f"您负责的{plan.year}年任务", assignments.tasks_of_leader(session, plan, subscriber.person_id))


# --- each township's part ----------------------------------------------------------------------

@dataclass(frozen=True)
class TownshipState:
    township: Township | None  # None: a report tied to no township (the bureau's own office)
    report: ProgressReport | None

    @property
    def status(self) -> str:
        return self.report.status if self.report else NOT_REPORTED

    @property
    def name(self) -> str:
        return self.township.name if self.township else "局机关"


@dataclass
class Standing:
    task: Task
    light: Light
    townships: list[TownshipState]
    totals: list[dict] = field(default_factory=list)  # figures summed across townships

    def with_status(self, *statuses: str) -> list[TownshipState]:
        return [s for s in self.townships if s.status in statuses]

    def state_of(self, township: Township) -> TownshipState:
        return next((s for s in self.townships if s.township is township), TownshipState(township, None))

    def light_for(self, township: Township, today: date) -> Light:
        """The light as one township sees it: its own report counts, not the others'."""
        return status_light.light(township_steps(self.task, self.state_of(township).report), today)


def township_steps(task: Task, report: ProgressReport | None) -> list[Step]:
    """The task's steps as one township owes them: its current done report settles the dated steps
    up to the one it counted towards (every dated one when it named none)."""
    milestones = active_milestones(task)
    if report is None or report.status != "done":
        return steps(milestones)
    reached = report.milestone

    def settled(m: Milestone) -> bool:
        return m.done_at is not None or (m.kind == "once" and m.due is not None and (
            reached is None or (m.due, m.position) <= (reached.due, reached.position)))
    return [Step(m.due, m.kind, m.every, m.label, settled(m)) for m in milestones]


def standings(session: Session, tasks: list[Task], today: date) -> list[Standing]:
    """Each task's light and the state of each of its townships, from one query for the reports."""
    reports = current_reports(session, [t.id for t in tasks])
    by_task: dict[int, dict] = {}
    for (task_id, township_id), report in reports.items():
        by_task.setdefault(task_id, {})[township_id] = report
    result = []
    for task in tasks:
        reported = dict(by_task.get(task.id, {}))
        states = [TownshipState(t, reported.pop(t.id, None)) for t in owing_townships(task)]
        # A report from a township the plan does not name for this task still counts as said.
        states += [TownshipState(r.township, r) for r in sorted(reported.values(), key=lambda r: r.created_at)]
        result.append(Standing(task, status_light.light(steps(active_milestones(task)), today), states,
                               sum_figures([s.report for s in states if s.report])))
    return result


def sum_figures(reports: list[ProgressReport]) -> list[dict]:
    """Figures with the same label and unit added up across reports; the widest sums first."""
    totals: dict[tuple[str, str], dict] = {}
    for report in reports:
        for figure in report.figures or []:
            value = figure.get("value")
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                continue
            key = (figure.get("label") or "", figure.get("unit") or "")
            total = totals.setdefault(key, {"label": key[0], "unit": key[1], "value": 0, "townships": 0})
            total["value"] += value
            total["townships"] += 1
    return sorted(totals.values(), key=lambda total: -total["townships"])


def figure_text(figure: dict) -> str:
    """排查412户 / 资金1.2万元."""
    value = figure["value"]
    number = f"{value:g}" if isinstance(value, float) else str(value)
    return f"{figure.get('label') or ''}{number}{figure.get('unit') or ''}"


# --- what is late or due ----------------------------------------------------------------------

@dataclass(frozen=True)
class DueItem:
    task: Task
    milestone: Milestone
    due: Due
    pending: list[Township]  # the task's townships whose reports have not settled this step


def overdue_items(session: Session, scope: Scope, today: date) -> list[DueItem]:
    """Open one-off milestones past their date, longest overdue first."""
    return _items(session, scope, today, status_light.overdue)


def due_soon_items(session: Session, scope: Scope, today: date,
                   days: int = status_light.SOON_DAYS) -> list[DueItem]:
    """Open dated milestones due from today to today+days, soonest first."""
    return _items(session, scope, today, lambda s, t: status_light.due_within(s, t, days))


def _items(session: Session, scope: Scope, today: date, pick) -> list[DueItem]:
    items = []
    for standing in standings(session, scope.tasks, today):
        milestones = active_milestones(standing.task)
        if scope.township is None:
            owed = steps(milestones)
            owing = [(s.township, township_steps(standing.task, s.report)) for s in standing.townships if s.township]
        else:  # staff: what their own township still owes
            owed = township_steps(standing.task, standing.state_of(scope.township).report)
            owing = [(scope.township, owed)]
        for due in pick(owed, today):
            pending = [township for township, its in owing if not its[due.index].done]
            items.append(DueItem(standing.task, milestones[due.index], due, pending))
    return sorted(items, key=lambda item: (item.due.due, item.task.position))


# --- which task the user means ------------------------------------------------------------------

_CN_DIGITS = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)}
_REF = re.compile(r"(?:([一二三四五六七八九十]{1,2})?\(([一二三四五六七八九十]{1,2})\))?(\d+|[一二三四五六七八九十])(?:-(\d+))?")
_NOISE = re.compile(r"^(?:任务|第)|项$|\s+")


@dataclass(frozen=True)
class Resolution:
    task: Task | None
    candidates: list[Task]  # when the words fit several tasks, or none: the nearest ones

    @property
    def ambiguous(self) -> bool:
        return self.task is None and len(self.candidates) > 1


def looks_like_ref(typed: str) -> bool:
    return bool(_REF.fullmatch(_NOISE.sub("", unicodedata.normalize("NFKC", typed).strip())))


def resolve_task(session: Session, plan: Plan, typed: str) -> Resolution:
    """The task meant by 4 / 任务4 / 第4项 / 三(一)4 / 3-2 / 台账 / 公墓 (numbers restart per section)."""
    text = _NOISE.sub("", unicodedata.normalize("NFKC", typed).strip())
    tasks = assignments.all_tasks(session, plan)
    if not text:
        return Resolution(None, [])
    ref = _REF.fullmatch(text)
    if ref:
        found = [t for t in tasks if _ref_matches(t, *ref.groups())]
    else:
        found = _by_words(tasks, text)
    return Resolution(found[0] if len(found) == 1 else None, found)


def _ref_matches(task: Task, heading: str | None, section: str | None, number: str, part: str | None) -> bool:
    number = str(_CN_DIGITS.get(number, number))
    return (task.number == number and (part is None or str(task.part) == part)
            and (section is None or task.section.number == section)
            and (heading is None or task.section.heading == heading))


def _by_words(tasks: list[Task], text: str) -> list[Task]:
    """Tasks whose title holds the words; else whose body does; else the closest by shared pairs."""
    for fields in (lambda t: t.title, lambda t: f"{t.heading or ''}{t.body}{''.join(t.measures or [])}"):
        found = [t for t in tasks if text in fields(t)]
        if found:
            return found
    pairs = {text[i:i + 2] for i in range(len(text) - 1)}
    if not pairs:
        return []
    scored = [(sum(p in f"{t.title}{t.body}" for p in pairs), t) for t in tasks]
    best = max(score for score, _ in scored)
    if best * 2 < len(pairs):  # less than half the words: no guess
        return []
    return [t for score, t in scored if score == best]


def find_township(session: Session, county: str | None, text: str) -> tuple[Township | None, str]:
    """The township named somewhere in `text` (土城镇 or 土城), and the text without it."""
    townships = list(session.scalars(select(Township).where(Township.county == county)))
    names = sorted(((name, t) for t in townships for name in {t.name, t.name.rstrip("镇乡")} if len(name) > 1),
                   key=lambda pair: -len(pair[0]))
    for name, township in names:
        if name in text:
            return township, text.replace(name, " ", 1).strip()
    return None, text.strip()


# --- the reports as stored ---------------------------------------------------------------------

def stored_reports(session: Session, *, task: Task | None = None, township: Township | None = None,
                   tz) -> list[dict]:
    """Every progress report, oldest first, with whether it is current, superseded or withdrawn."""
    query = select(ProgressReport).order_by(ProgressReport.created_at, ProgressReport.id)
    if task is not None:
        query = query.where(ProgressReport.task_id == task.id)
    if township is not None:
        query = query.where(ProgressReport.township_id == township.id)
    rows = list(session.scalars(query))
    current = current_reports(session, sorted({r.task_id for r in rows}))
    return [{
        "id": r.id,
        "task": r.task.ref,
        "task_title": r.task.title,
        "township": r.township.name if r.township else None,
        "reporter": r.reporter.name if r.reporter else None,
        "status": r.status,
        "figures": r.figures or [],
        "raw_text": r.raw_text,
        "parse": r.parse or {},
        "evidence": r.evidence or [],
        "openid": r.openid,
        "created_at": r.created_at.astimezone(tz).isoformat(timespec="seconds"),
        "withdrawn_at": r.withdrawn_at.astimezone(tz).isoformat(timespec="seconds") if r.withdrawn_at else None,
        "state": _report_state(r, current),
    } for r in rows]


def _report_state(report: ProgressReport, current: dict) -> str:
    if report.withdrawn_at is not None:
        return "withdrawn"
    live = current.get((report.task_id, report.township_id))
    return "current" if live is not None and live.id == report.id else "superseded"


def local_day(moment: datetime, tz) -> str:
    """5月20日, as the user's clock reads it."""
    local = moment.astimezone(tz)
    return f"{local.month}月{local.day}日"
