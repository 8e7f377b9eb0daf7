"""What comes next for a task: pure date logic over its milestones."""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

PERIOD_MONTHS = {"month": 1, "quarter": 3, "half_year": 6, "year": 12}


@dataclass(frozen=True)
class Step:
    due: date | None
    kind: str  # once / recurring / ongoing / conditional
    every: str | None = None
    label: str | None = None
    done: bool = False


def occurrence_on_or_after(first: date, every: str, day: date) -> date:
    """The first occurrence of a recurring due date on or after `day`.

    A series that starts on a month's last day stays on month ends (6-30 → 9-30 → 12-31);
    a weekly one (every "week") stays on the weekday it starts on.
    """
    if every == "week":
        if day <= first:
            return first
        return first + timedelta(weeks=-(-(day - first).days // 7))
    month_end = first.day == calendar.monthrange(first.year, first.month)[1]
    step, n = PERIOD_MONTHS[every], 0
    while True:
        due = first + relativedelta(months=step * n)
        if month_end:
            due = due.replace(day=calendar.monthrange(due.year, due.month)[1])
        if due >= day:
            return due
        n += 1


def next_step(steps: list[Step], today: date) -> tuple[Step, date | None] | None:
    """The nearest undone dated step from today on (recurring ones at their next occurrence);
    failing that an undated one (长期, 待…后); None when every step is done or past."""
    dated = []
    for step in steps:
        if step.done or step.due is None:
            continue
        due = occurrence_on_or_after(step.due, step.every, today) if step.every else step.due
        if due >= today:
            dated.append((due, step))
    if dated:
        due, step = min(dated, key=lambda pair: pair[0])
        return step, due
    undated = [s for s in steps if s.due is None and not s.done]
    return (undated[0], None) if undated else None
