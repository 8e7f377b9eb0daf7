"""Is the service healthy? One check for `/healthz` (monitoring) and `bot.py status` (a person).

Healthy means all of:
- the database answers `SELECT 1` within DB_TIMEOUT;
- the scheduler's heartbeat is at most HEARTBEAT_MAX_AGE old, once a scheduler has ever run
  (its lease row exists). It beats every 20 s and a standby takes over a dead holder's lease
  within a minute, so 3 minutes means no scheduler is running, and no reminder goes out;
- no outbox message has waited longer than BACKLOG_MAX_AGE to be sent. The dispatcher runs every
  minute and only inside working hours, so the wait is counted from the later of the moment the
  message fell due and the opening of today's working hours: a message due at 17:59 is not stale
  overnight. Messages waiting for a retry, the quota or a dead dispatcher's lease are not due yet.

Dead letters and unreachable people are counted, not judged: they need a person
(`bot.py outbox`), not a restart. So are the people per reminder channel and the leaders no
channel reaches (services.reach_report). Counts only: nothing here names a person.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from config import Settings
from models import OutboxMessage
from scheduler import lease
from services import outbox, reach_report

DB_TIMEOUT_MS = 2000  # PostgreSQL statement_timeout for the probe; WeChat's budget is 5 s
HEARTBEAT_MAX_AGE = timedelta(minutes=3)
BACKLOG_MAX_AGE = timedelta(minutes=10)


@dataclass
class Health:
    database: bool
    database_error: str | None = None  # the exception's type: the message may name hosts
    scheduler_heartbeat_age: int | None = None  # seconds; None: no scheduler ever ran
    backlog: int = 0  # messages due now, not sent yet
    backlog_oldest_age: int | None = None  # seconds since the oldest of them fell due
    dead: int = 0
    unreachable: int = 0
    channels: dict[str, int] = field(default_factory=dict)  # people per reminder channel; "unreachable"
    leaders_unreachable: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return not self.problems

    def to_json(self) -> dict:
        return {"healthy": self.healthy, **asdict(self),
                "limits": {"scheduler_heartbeat_age": int(HEARTBEAT_MAX_AGE.total_seconds()),
                           "backlog_oldest_age": int(BACKLOG_MAX_AGE.total_seconds())}}


def check(session: Session, settings: Settings, now: datetime, wall_now: datetime | None = None) -> Health:
    """`now` is the service's clock (outbox times follow it); `wall_now` the real one (the
    heartbeat's), default the system clock."""
    wall_now = wall_now or datetime.now(timezone.utc)
    try:
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text(f"SET LOCAL statement_timeout = {DB_TIMEOUT_MS}"))
        session.execute(text("SELECT 1"))
        health = Health(database=True)
        _scheduler(session, health, wall_now)
        _outbox(session, settings, health, now)
    except SQLAlchemyError as exc:
        session.rollback()
        return Health(database=False, database_error=type(exc).__name__, problems=["数据库连不上"])
    return health


def _scheduler(session: Session, health: Health, wall_now: datetime) -> None:
    current = lease.current(session)
    if current is None:
        return
    age = wall_now - current.heartbeat_at
    health.scheduler_heartbeat_age = int(age.total_seconds())
    if age > HEARTBEAT_MAX_AGE:
        health.problems.append(f"调度器已 {_minutes(age)}没有心跳,提醒不会发出")


def _outbox(session: Session, settings: Settings, health: Health, now: datetime) -> None:
    due, oldest = session.execute(
        select(func.count(), func.min(OutboxMessage.next_attempt_at))
        .where(OutboxMessage.status.in_(("pending", "sending")), OutboxMessage.next_attempt_at <= now)
    ).one()
    health.backlog = due
    if oldest is not None:
        health.backlog_oldest_age = int((now - oldest).total_seconds())
        local = now.astimezone(settings.tz)
        hours = settings.working_hours
        opening = datetime.combine(local.date(), hours.start, local.tzinfo)
        waited = local - max(oldest.astimezone(settings.tz), opening)
        if hours.contains(local) and waited > BACKLOG_MAX_AGE:
            health.problems.append(f"{due} 条提醒消息积压,最早的已等 {_minutes(waited)}")
    counts = outbox.counts(session)
    health.dead = counts.get("dead", 0)
    health.unreachable = len(outbox.unreachable_people(session))
    reaches = reach_report.people_reach(session, settings, now)
    health.channels = reach_report.channel_counts(reaches)
    health.leaders_unreachable = len(reach_report.unreachable_leaders(reaches))


def _minutes(age: timedelta) -> str:
    minutes = int(age.total_seconds() // 60)
    return f"{minutes // 60} 小时 {minutes % 60} 分钟" if minutes >= 60 else f"{minutes} 分钟"
