"""The reminder policy: which reminder goes out on which day, its colour, urgency and line.

Pure date logic over one milestone at a time; services.reminders decides who receives each.

Default cadence (a plan may override any key through Plan.reminder_policy, see `Policy`):
- a dated step: 7 days before and 1 day before (蓝), on the day (黄), then once a week while
  overdue (红) for 8 weeks; from two weeks overdue it is escalated to every leader of the task;
- a recurring step (每季度 …): one reminder 7 days before each occurrence in the plan's year (蓝);
  a weekly one (周调度, 每周五 …) the day before each occurrence, never a week ahead;
- ongoing work (长期工作): a check-in on the 25th of each month of the plan's year — 月对标, in
  March, June and September 季对表, in December 年对账 — starting the month after the task's dated
  steps that come before it (后续动态管理 follows them).
A send day that is not a working day moves to the working day before it; a reminder about an
overdue step never moves back onto or before its due date, it moves to the next working day.
Two reminders of one step landing on the same day keep the more urgent one.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import date, timedelta
from functools import lru_cache
from typing import Iterable, Protocol

from core.milestones import occurrence_on_or_after
from core.reply_text import clip
from core.workdays import working_day_on_or_after, working_day_on_or_before

DUE, OVERDUE, ESCALATED, PERIOD, CHECKIN, NUDGE = "due", "overdue", "escalated", "period", "checkin", "nudge"
BEFORE_PREFIX = "before_"
BLUE, YELLOW, RED = "blue", "yellow", "red"
COLOUR_NAMES = {BLUE: "蓝", YELLOW: "黄", RED: "红"}
# Every run of non-working days in China's calendar is shorter than this: the widest a holiday
# can move a send day from its nominal date.
HOLIDAY_SLACK = timedelta(days=15)
LABEL_CHARS = 16

_BASE_URGENCY = {ESCALATED: 600, OVERDUE: 500, NUDGE: 450, DUE: 400, BEFORE_PREFIX: 300, PERIOD: 200, CHECKIN: 100}


class PolicyError(ValueError):
    """A plan's reminder policy that cannot be used; the message says which key, in Chinese."""


@dataclass(frozen=True)
class Policy:
    """A plan's cadence. None switches a step off (no escalation, no check-ins …)."""

    before: tuple[int, ...] = (7, 1)  # days before a due date
    on_due: bool = True
    overdue_every: int | None = 7  # days between reminders while overdue
    overdue_for: int = 56  # days after the due date the overdue reminders stop
    escalate_after: int | None = 14  # days overdue from which every leader is reminded
    checkin_day: int | None = 25  # day of the month of the ongoing-work check-in
    period_before: int | None = 7  # days before each occurrence of a recurring step
    staff: bool = True  # township staff get the reminders of their township's tasks

    @property
    def lead_days(self) -> int:
        """How far before its due date a step can be reminded of."""
        return max((*self.before, self.period_before or 0, 0))

    def to_json(self) -> dict:
        data = asdict(self)
        data["before"] = list(self.before)
        return data


DEFAULT_POLICY = Policy()
_LIMITS = {"before": (1, 60), "overdue_every": (1, 31), "overdue_for": (0, 366), "escalate_after": (1, 366),
           "checkin_day": (1, 28), "period_before": (0, 60)}
_NULLABLE = {"overdue_every", "escalate_after", "checkin_day", "period_before"}


def policy_from_json(data: dict | None) -> Policy:
    """The default policy with the plan's overrides, checked key by key."""
    if data is None:
        return DEFAULT_POLICY
    if not isinstance(data, dict):
        raise PolicyError("提醒规则应是 JSON 对象,如 {\"before\": [7, 1]}")
    known = {f.name for f in fields(Policy)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise PolicyError(f"提醒规则中没有这些项:{'、'.join(unknown)};可用:{'、'.join(sorted(known))}")
    values = {}
    for key, value in data.items():
        if key in ("on_due", "staff"):
            if not isinstance(value, bool):
                raise PolicyError(f"{key} 应为 true 或 false")
        elif key == "before":
            if not isinstance(value, list) or len(value) > 5 or len(set(value)) != len(value):
                raise PolicyError("before 应是至多5个不重复的天数,如 [7, 1]")
            value = tuple(sorted((_days(key, n) for n in value), reverse=True))
        elif value is not None or key not in _NULLABLE:
            value = _days(key, value)
        values[key] = value
    return Policy(**values)


def _days(key: str, value) -> int:
    low, high = _LIMITS[key]
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise PolicyError(f"{key} 应是 {low} 到 {high} 之间的整数" + (",或 null 表示不提醒" if key in _NULLABLE else ""))
    return value


# --- kinds, colours, urgency ------------------------------------------------------------------

def before_kind(days: int) -> str:
    return f"{BEFORE_PREFIX}{days}"


def colour_of(kind: str, due_on: date, today: date) -> str:
    if kind in (OVERDUE, ESCALATED):
        return RED
    if kind == DUE:
        return YELLOW
    if kind == NUDGE:
        return RED if due_on < today else YELLOW
    return BLUE


def urgency(kind: str, due_on: date, today: date) -> int:
    """Higher first in a digest: the kind first, then the nearer (or longer overdue) due date."""
    base = _BASE_URGENCY[BEFORE_PREFIX if kind.startswith(BEFORE_PREFIX) else kind]
    return base + max(-49, min(49, (today - due_on).days))


class DigestItem(Protocol):
    urgency: int
    due_on: date
    line: str
    colour: str


def digest_order(items: Iterable[DigestItem]) -> list:
    """A person's reminders of a day, most urgent first."""
    return sorted(items, key=lambda item: (-item.urgency, item.due_on, item.line))


def digest_heading(items: Iterable[DigestItem], today: date) -> str:
    """The first line of a day's digest: how many items, and how many are overdue or due.

    A due-day reminder sent early (its due date is a holiday) counts as 即将到期 on `today`."""
    items = list(items)
    red = sum(item.colour == RED for item in items)
    early = sum(item.colour == YELLOW and item.due_on > today for item in items)
    due = sum(item.colour == YELLOW for item in items) - early
    counts = ((red, "已逾期"), (due, "今天到期"), (early, "即将到期"))
    parts = [f"{n}项{what}" for n, what in counts if n]
    return f"您有{len(items)}项任务提醒" + (":" + "、".join(parts) if parts else "")


# --- when ---------------------------------------------------------------------------------------

@dataclass(frozen=True, order=True)
class Planned:
    send_on: date
    kind: str
    due_on: date  # the step (or occurrence, or check-in date) the reminder is about


def _settle(nominal: list[tuple[date, str]], due: date) -> list[Planned]:
    """Move each nominal day to a working day; keep the most urgent reminder of each day."""
    by_day: dict[date, Planned] = {}
    for day, kind in nominal:
        send = working_day_on_or_before(day)
        if day > due and send <= due:  # an overdue reminder cannot go out before the step is due
            send = working_day_on_or_after(day)
        kept = by_day.get(send)
        if kept is None or urgency(kind, due, send) > urgency(kept.kind, due, send):
            by_day[send] = Planned(send, kind, due)
    return sorted(by_day.values())


@lru_cache(maxsize=8192)  # a pass asks for few distinct (due date, policy) pairs, many times
def dated_schedule(due: date, policy: Policy) -> tuple[Planned, ...]:
    """Every reminder of a dated step (完成时限 N月底前)."""
    nominal = [(due - timedelta(days=n), before_kind(n)) for n in policy.before]
    if policy.on_due:
        nominal.append((due, DUE))
    if policy.overdue_every:
        for late in range(policy.overdue_every, policy.overdue_for + 1, policy.overdue_every):
            escalated = policy.escalate_after is not None and late >= policy.escalate_after
            nominal.append((due + timedelta(days=late), ESCALATED if escalated else OVERDUE))
    return tuple(_settle(nominal, due))


def dues_reminded(policy: Policy, start: date, end: date) -> set[date]:
    """The due dates whose dated steps have a reminder to send within [start, end]: a pass asks the
    database for exactly these (an index lookup on Milestone.due), not for a range around today."""
    day = start - timedelta(days=policy.overdue_for) - HOLIDAY_SLACK
    last = end + timedelta(days=policy.lead_days) + HOLIDAY_SLACK
    dues = set()
    while day <= last:
        if any(start <= p.send_on <= end for p in dated_schedule(day, policy)):
            dues.add(day)
        day += timedelta(days=1)
    return dues


@lru_cache(maxsize=8192)
def recurring_schedule(first: date, every: str, last: date, policy: Policy,
                       start: date, end: date) -> tuple[Planned, ...]:
    """One reminder per occurrence (每季度 …) up to `last`, those sent within [start, end]."""
    if policy.period_before is None:
        return ()
    # a week ahead of a weekly step is the day of the one before it: the day before instead
    lead = timedelta(days=min(policy.period_before, 1) if every == "week" else policy.period_before)
    planned = []
    occurrence = occurrence_on_or_after(first, every, max(first, start + lead))
    while occurrence <= last and occurrence - lead <= end + HOLIDAY_SLACK:
        planned.extend(p for p in _settle([(occurrence - lead, PERIOD)], occurrence) if start <= p.send_on <= end)
        occurrence = occurrence_on_or_after(first, every, occurrence + timedelta(days=1))
    return tuple(planned)


@lru_cache(maxsize=8192)
def checkin_schedule(first_month: date, last: date, policy: Policy, start: date, end: date) -> tuple[Planned, ...]:
    """The monthly check-ins of ongoing work from `first_month` to `last`, sent within [start, end]."""
    if policy.checkin_day is None:
        return ()
    planned = []
    month = max(first_month.replace(day=1), start.replace(day=1))
    while month <= min(last, end + HOLIDAY_SLACK):
        day = month.replace(day=policy.checkin_day)
        send = working_day_on_or_before(day)
        if start <= send <= end and day <= last:
            planned.append(Planned(send, CHECKIN, day))
        month = (month + timedelta(days=32)).replace(day=1)
    return tuple(planned)


def has_checkin(policy: Policy, start: date, end: date) -> bool:
    """Whether a check-in of ongoing work is sent within [start, end] at all."""
    return bool(checkin_schedule(date(start.year, 1, 1), date(end.year + 1, 12, 31), policy, start, end))


def checkin_start(dated_before: Iterable[date], year: int) -> date:
    """Ongoing work written after dated steps (后续动态管理) starts the month after the last one."""
    last = max(dated_before, default=None)
    if last is None:
        return date(year, 1, 1)
    return (last.replace(day=1) + timedelta(days=32)).replace(day=1)


def checkin_name(day: date) -> str:
    """月对标、季对表、年对账: the month's check-in, at quarter ends the quarter's, in December the year's."""
    return "年对账" if day.month == 12 else "季对表" if day.month % 3 == 0 else "月对标"


def leaders_reminded(kind: str, leader_ids: list[int]) -> list[int]:
    """The first-listed leader answers for a task day to day; an escalation goes to all of them."""
    if kind == ESCALATED:
        return list(leader_ids)
    return list(leader_ids[:1])


# --- the Chinese line ----------------------------------------------------------------------------

def short(text: str, limit: int = LABEL_CHARS) -> str:
    return clip(text.strip().rstrip("。;;,,"), limit)


def _when(due_on: date, today: date) -> str:
    days = (due_on - today).days
    on = f"{due_on.month}月{due_on.day}日"
    if days > 1:
        return f"还有{days}天到期({on})"
    if days == 1:
        return f"明天到期({on})"
    if days == 0:
        return "今天到期"
    return f"已逾期{-days}天({on}到期)"


def reminder_line(kind: str, ref: str, what: str, due_on: date, today: date, *, requested_by: str = "",
                  several_leaders: bool = False) -> str:
    """One line of a digest: 【蓝】三(一)2 与扶贫办数据核对:还有7天到期(3月31日)."""
    subject = f"{ref} {short(what)}"
    if kind == CHECKIN:
        asked = {"月对标": "请报告本月进展", "季对表": "请报告本季度进展", "年对账": "请报告全年完成情况"}
        name = checkin_name(due_on)
        return f"【{name}】{subject}:{asked[name]}"
    if kind == NUDGE:
        when = "" if due_on == today else f"{_when(due_on, today)},"
        return f"【催办】{requested_by}催办 {subject}:{when}请尽快报告进展"
    tail = ",已报全体责任领导" if kind == ESCALATED and several_leaders else ""
    return f"【{COLOUR_NAMES[colour_of(kind, due_on, today)]}】{subject}:{_when(due_on, today)}{tail}"
