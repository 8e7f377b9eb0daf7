"""The scheduler's jobs: module-level callables without arguments, as APScheduler's persistent
job store needs (it stores "scheduler.jobs:dispatch", not the function). They use the database
and settings the running scheduler gave `configure`."""
from __future__ import annotations

import logging

from config import Clock, Settings
from config.logging import event
from models.db import session_scope
from services import outbox, reminders
from services.bootstrap import Database

log = logging.getLogger(__name__)
_context: dict = {}


def configure(db: Database, settings: Settings) -> None:
    _context.update(db=db, settings=settings)


def decide() -> None:
    """Writes today's due reminders (idempotent, so running it every hour costs little)."""
    db, settings = _context["db"], _context["settings"]
    with session_scope(db.sessions) as session:
        summary = reminders.decide(session, Clock.from_settings(settings).now(), settings)
    event(log, "decide", day=summary.day, since=summary.since, examined=summary.examined, decided=summary.decided,
          added=summary.added, people=summary.people, cancelled=summary.cancelled, said=summary.describe())


def dispatch() -> None:
    """Sends what is due (nothing outside working hours)."""
    db, settings = _context["db"], _context["settings"]
    summary = outbox.dispatch(db, settings, Clock.from_settings(settings).now())
    if not summary.outside_hours:
        event(log, "dispatch", messages=summary.messages, reminders=summary.reminders, late=summary.late,
              cancelled=summary.cancelled, sent=summary.sent, retrying=summary.retrying,
              unreachable=summary.unreachable, dead=summary.dead, alerts=summary.alerts, said=summary.describe())
