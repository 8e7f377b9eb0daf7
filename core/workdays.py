"""Working days and working hours in China, from the official holiday and adjusted-workday
calendar (the chinese-calendar package). Outside the years it knows, Monday–Friday."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import chinese_calendar


def is_working_day(day: date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:  # a year the calendar has not published yet
        return day.weekday() < 5


def working_day_on_or_before(day: date) -> date:
    """A reminder that falls on a holiday goes out on the working day before it."""
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def working_day_on_or_after(day: date) -> date:
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


@dataclass(frozen=True)
class WorkingHours:
    start: time
    end: time

    @classmethod
    def parse(cls, text: str) -> "WorkingHours":
        """"08:30-18:00" (REMINDER_HOURS)."""
        try:
            start, end = (time.fromisoformat(part.strip()) for part in text.split("-"))
        except ValueError as exc:
            raise ValueError(f"工作时间应写成 08:30-18:00:{text!r}") from exc
        if start >= end:
            raise ValueError(f"工作时间的开始应早于结束:{text!r}")
        return cls(start, end)

    def contains(self, moment: datetime) -> bool:
        """`moment` in local time: a working day, inside the hours."""
        return is_working_day(moment.date()) and self.start <= moment.time() < self.end

    def next_opening(self, moment: datetime) -> datetime:
        """The earliest moment at or after `moment` (local time) when a message may go out."""
        if self.contains(moment):
            return moment
        day = moment.date()
        if moment.time() >= self.end:
            day += timedelta(days=1)
        day = working_day_on_or_after(day)
        opening = datetime.combine(day, self.start, moment.tzinfo)
        return max(opening, moment)
