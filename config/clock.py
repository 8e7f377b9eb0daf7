"""The only place the code reads the time, so BOT_NOW can pin it for demos and tests."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo


class Clock:
    def __init__(self, tz: ZoneInfo, fixed_now: datetime | None = None):
        self.tz = tz
        self.fixed_now = fixed_now

    @classmethod
    def from_settings(cls, settings) -> "Clock":
        return cls(settings.tz, settings.fixed_now)

    def now(self) -> datetime:
        """Aware 'now' in the bot's time zone."""
        if self.fixed_now is not None:
            return self.fixed_now.astimezone(self.tz)
        return datetime.now(self.tz)

    def today(self) -> date:
        return self.now().date()
