"""What the task board pages show: rows and panels built from the standing, progress and
assignments services, so a page says what the 我的任务 / 逾期 / 进度 replies say.

Plain data for the templates: the words and dates are worked out here, the pages only lay them out.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy.orm import Session

from core import status_light
from core.milestones import Step
from core.reply_text import clip
from core.status_light import Due, Light
from models import Plan, Task, Township
from models.web import TaskEvent
from services import assignments, standing, task_edits
from services.assignments import owing_townships

TITLE_CHARS = 26  # two lines of a 360 px screen
ORDINALS = "一二三四五六七八九十"
REPORT_STATES = {"current": "当前", "superseded": "已被替代", "withdrawn": "已撤回"}


@dataclass(frozen=True)
class Looker:
    """Who looks at the board, in the terms standing.scope_of reads: role, person and township."""

    role: str  # leader | staff | admin
    person_id: int | None
    township: Township | None


def scope(session: Session, plan: Plan, looker: Looker) -> standing.Scope:
    return standing.scope_of(session, plan, looker)


def whole_plan(session: Session, plan: Plan) -> standing.Scope:
    """The scope of the bureau office: every task of the plan."""
    return standing.scope_of(session, plan, Looker("admin", None, None))


# --- a line about a milestone ----------------------------------------------------------------------

def days_text(due: Due) -> str:
    """还剩6天 / 今天到期 / 逾期55天; nothing for a step without a date (长期工作 says it)."""
    if due.days is None:
        return ""
    if due.days < 0:
        return f"逾期{-due.days}天"
    return "今天到期" if due.days == 0 else f"还剩{due.days}天"


@dataclass(frozen=True)
class Milepost:
    what: str  # 3月31日 与扶贫办数据核对
    when: str  # 逾期55天
    late: bool


def mileposts(light: Light) -> list[Milepost]:
    """What is late and what comes next, as the task's light saw it."""
    posts = [Milepost(light.late.what(), days_text(light.late), True)] if light.late else []
    if light.next is not None:
        posts.append(Milepost(light.next.what(), days_text(light.next), False))
    return posts


# --- 我的任务, and a township's tasks --------------------------------------------------------------

@dataclass(frozen=True)
class TaskRow:
    task: Task
    short_title: str
    light: Light
    posts: list[Milepost]
    done: int  # townships whose current report is done
    owing: int  # townships owing the task (0: none, the bureau's own work)
    own_word: str = ""  # a township's view: the state of its own report
    own_day: str = ""


def task_rows(session: Session, scope: standing.Scope, today: date, tz) -> list[TaskRow]:
    """The scope's tasks, most urgent first; a township's scope lights each by its own report."""
    if scope.township is not None:
        return township_rows(session, scope.tasks, scope.township, today, tz)
    ordered = [item.task for item in standing.lights(scope.tasks, today)]
    return [_row(item, item.light) for item in standing.standings(session, ordered, today)]


def township_rows(session: Session, tasks: list[Task], township: Township, today: date, tz) -> list[TaskRow]:
    rows = []
    for item in standing.standings(session, tasks, today):
        own = item.state_of(township)
        day = standing.local_day(own.report.created_at, tz) if own.report else ""
        rows.append(_row(item, item.light_for(township, today), standing.STATUS_WORDS[own.status], day))
    return sorted(rows, key=lambda row: row.light.urgency())


def _row(item: standing.Standing, light: Light, own_word: str = "", own_day: str = "") -> TaskRow:
    return TaskRow(item.task, clip(item.task.title, TITLE_CHARS), light, mileposts(light),
                   len(item.with_status("done")), len(owing_townships(item.task)), own_word, own_day)


def colour_counts(rows: list[TaskRow]) -> list[tuple[str, str, int]]:
    """[(colour, 🔴逾期, 7), …] for the colours present, most urgent first."""
    counts = defaultdict(int)
    for row in rows:
        counts[row.light.colour] += 1
    return [(c, f"{status_light.SYMBOLS[c]}{status_light.WORDS[c]}", counts[c])
            for c in status_light.SYMBOLS if counts[c]]


# --- one task -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class MilestoneLine:
    what: str
    done: bool
    set_by_hand: bool


@dataclass(frozen=True)
class TownshipRow:
    name: str
    township_id: int | None
    status: str
    word: str
    figures: list[str]
    day: str
    reporter: str
    evidence: list[str]  # image urls
    settled: int  # of the task's dated steps, how many this township's report settles
    steps: int

    @property
    def percent(self) -> int:
        return round(100 * self.settled / self.steps) if self.steps else 0


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    when: str  # 5月25日 09:00
    kind: str  # report | event
    title: str  # 土城镇 · 已完成 / 标记节点完成
    lines: list[str]  # figures, the words sent, the reason
    mark: str = ""  # 已撤回 / 已被替代 / 当前
    who: str = ""
    evidence: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class TaskPage:
    task: Task
    light: Light
    posts: list[Milepost]
    leaders: str
    departments: str
    measures: list[tuple[str, str]]  # (一是, text)
    milestones: list[MilestoneLine]
    rows: list[TownshipRow]
    silent: list[str]  # townships that have not reported
    totals: list[str]
    done: int
    owing: int
    history: list[HistoryEntry]
    township: Township | None  # a staff member's view: only this township

    @property
    def reported(self) -> list[TownshipRow]:
        return [row for row in self.rows if row.status != standing.NOT_REPORTED]


def task_page(session: Session, task: Task, today: date, tz, township: Township | None = None) -> TaskPage:
    """Everything about one task; with `township`, only that township's part of it."""
    item = standing.standings(session, [task], today)[0]
    milestones = standing.active_milestones(task)
    if township is None:
        states, light, task_steps = item.townships, item.light, standing.steps(milestones)
    else:
        own = item.state_of(township)
        states, light, task_steps = [own], item.light_for(township, today), standing.township_steps(task, own.report)
    return TaskPage(
        task=task, light=light, posts=mileposts(light),
        leaders=task.leaders_text or "、".join(p.name for p in task.leaders),
        departments=task.departments_text or "、".join(d.name for d in task.departments),
        measures=[(_ordinal(i), text) for i, text in enumerate(task.measures or [])],
        milestones=[MilestoneLine(status_light.describe(s, s.due), s.done, m.set_by_hand)
                    for m, s in zip(milestones, task_steps)],
        rows=[_township_row(task, state, tz) for state in states],
        silent=[state.name for state in states if state.report is None],
        totals=[] if township is not None else [_total_text(t) for t in item.totals],
        done=len(item.with_status("done")), owing=len(owing_townships(task)),
        history=history(session, task, tz, township), township=township)


def _ordinal(index: int) -> str:
    return f"{ORDINALS[index]}是" if index < len(ORDINALS) else f"{index + 1}."


def _total_text(total: dict) -> str:
    return standing.figure_text(total) + (f"({total['townships']}个乡镇)" if total["townships"] > 1 else "")


def _figures(figures: list[dict]) -> list[str]:
    return [standing.figure_text(f) for f in figures if isinstance(f.get("value"), (int, float))]


def _images(evidence: list[dict]) -> list[str]:
    """Evidence image urls; only web addresses (never javascript: or data:)."""
    return [e["url"] for e in evidence if str(e.get("url", "")).startswith(("https://", "http://"))]


def _township_row(task: Task, state: standing.TownshipState, tz) -> TownshipRow:
    report = state.report
    dated = [(m, s) for m, s in zip(standing.active_milestones(task), standing.township_steps(task, report))
             if m.kind == "once" and m.due is not None]
    if dated:
        settled, count = sum(s.done for _, s in dated), len(dated)
    else:  # nothing dated: done or not is all there is
        settled, count = int(state.status == "done"), 1
    return TownshipRow(
        name=state.name, township_id=state.township.id if state.township else None,
        status=state.status, word=standing.STATUS_WORDS[state.status],
        figures=_figures(report.figures or []) if report else [],
        day=standing.local_day(report.created_at, tz) if report else "",
        reporter=report.reporter.name if report and report.reporter else "",
        evidence=_images(report.evidence or []) if report else [],
        settled=settled, steps=count)


def _clock_text(moment: datetime, tz) -> str:
    local = moment.astimezone(tz)
    return f"{standing.local_day(local, tz)} {local:%H:%M}"


def history(session: Session, task: Task, tz, township: Township | None = None) -> list[HistoryEntry]:
    """Every report (withdrawn and superseded ones marked) and every change by hand, newest first."""
    entries = []
    for report in standing.stored_reports(session, task=task, township=township, tz=tz):
        at = datetime.fromisoformat(report["created_at"])
        mark = REPORT_STATES[report["state"]]
        if report["withdrawn_at"]:
            mark += f"({_clock_text(datetime.fromisoformat(report['withdrawn_at']), tz)})"
        figures = _figures(report["figures"])
        entries.append(HistoryEntry(
            at, _clock_text(at, tz), "report",
            f"{report['township'] or '局机关'} · {standing.STATUS_WORDS.get(report['status'], report['status'])}",
            ["、".join(figures)] * bool(figures) + [f"原文:{report['raw_text']}"] * bool(report["raw_text"]),
            mark, report["reporter"] or "", _images(report["evidence"])))
    for event in task_edits.history(session, task):
        entries.append(HistoryEntry(
            event.created_at, _clock_text(event.created_at, tz), "event",
            task_edits.EVENT_WORDS.get(event.kind, event.kind), _event_lines(event), who=event.actor))
    return sorted(entries, key=lambda entry: entry.at, reverse=True)


def _event_lines(event: TaskEvent) -> list[str]:
    lines = []
    if event.milestone is not None:
        m = event.milestone
        lines.append("节点:" + status_light.describe(Step(m.due, m.kind, m.every, m.label), m.due))
    detail = event.detail or {}
    if event.kind == "deadline_fixed" and detail.get("after"):
        lines.append(f"时限:{_day_of(detail.get('before'))} → {_day_of(detail['after'])}")
    if event.reason:
        lines.append(f"原因:{event.reason}")
    return lines


def _day_of(state: dict | None) -> str:
    """{"due": "2020-04-15", …} as 4月15日; 未设 when there was no date."""
    due = (state or {}).get("due")
    if not due:
        return "未设"
    day = date.fromisoformat(due)
    return f"{day.month}月{day.day}日"


# --- 逾期 ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class OverdueGroup:
    task: Task
    short_title: str
    owing: int  # townships owing the task (0: the bureau's own work)
    items: list[tuple[Milepost, str]]  # the late milestone, which townships still owe it


def overdue_groups(session: Session, scope: standing.Scope, today: date) -> list[OverdueGroup]:
    """standing.overdue_items grouped by task, the task with the longest overdue step first."""
    groups: dict[int, OverdueGroup] = {}
    for item in standing.overdue_items(session, scope, today):
        group = groups.setdefault(item.task.id, OverdueGroup(
            item.task, clip(item.task.title, TITLE_CHARS), len(owing_townships(item.task)), []))
        group.items.append((Milepost(item.due.what(), days_text(item.due), True), pending_text(item)))
    return list(groups.values())


def pending_text(item: standing.DueItem) -> str:
    """Which townships still owe a step, named the short way: most often nearly all of them do."""
    owing = owing_townships(item.task)
    if not item.pending:
        return "各乡镇均已报完成"
    if len(item.pending) == len(owing):
        return f"{len(owing)}个乡镇都未报完成"
    if len(item.pending) * 2 > len(owing):
        settled = [t.name for t in owing if t not in item.pending]
        return f"未报完成{len(item.pending)}个,已报完成:{'、'.join(settled)}"
    return f"未报完成{len(item.pending)}个:{'、'.join(t.name for t in item.pending)}"


# --- 乡镇 ---------------------------------------------------------------------------------------

@dataclass
class TownshipCount:
    township: Township
    owes: int = 0
    overdue: int = 0  # tasks lit red by the township's own reports
    reported: int = 0


def township_counts(session: Session, plan: Plan, today: date) -> list[TownshipCount]:
    """Each township the plan names, with what it owes, how much is late and how much it reported."""
    counts: dict[int, TownshipCount] = {}
    for item in standing.standings(session, assignments.all_tasks(session, plan), today):
        for township in owing_townships(item.task):
            count = counts.setdefault(township.id, TownshipCount(township))
            count.owes += 1
            count.reported += item.state_of(township).report is not None
            count.overdue += item.light_for(township, today).colour == status_light.RED
    return [counts[key] for key in sorted(counts)]


def township_view(session: Session, plan: Plan, township: Township, today: date, tz) -> list[TaskRow]:
    """What one township owes, each task lit by the township's own report."""
    return township_rows(session, assignments.tasks_of_township(session, plan, township.id), township, today, tz)
