"""Running the one scheduler: a process (or a serve worker) beats every HEARTBEAT; while it holds
the lease it runs APScheduler, otherwise it stands by and tries again at the next beat.

APScheduler keeps its jobs in the same database (SQLAlchemyJobStore, table apscheduler_jobs);
only the lease holder may use that store (APScheduler cannot share a store between schedulers).
Jobs have fixed ids and are replaced at each start, so a restart or a takeover never doubles a
job; `coalesce` runs a job once for many missed runs, `misfire_grace_time` says how late a run
may still start. Each start also runs `decide` once at once, to catch up after downtime.

A holder that loses its lease (paused longer than LEASE_TTL) stops its scheduler at its next beat.
Until then two dispatchers may overlap for a moment: harmless, the outbox claims each message for
one dispatcher only, and deciding is idempotent.
"""
from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
from datetime import datetime, timezone
from typing import Callable

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from config import Settings
from models.db import session_scope
from scheduler import jobs, lease
from services.bootstrap import Database

log = logging.getLogger(__name__)

DECIDE_JOB, DISPATCH_JOB = "reminders-decide", "outbox-dispatch"


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


def holder_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


def build_scheduler(db: Database, settings: Settings) -> BackgroundScheduler:
    """APScheduler on the database's job store, with the two jobs (not started)."""
    jobs.configure(db, settings)
    scheduler = BackgroundScheduler(
        jobstores={"default": SQLAlchemyJobStore(engine=db.engine)},
        executors={"default": ThreadPoolExecutor(2)},
        job_defaults={"coalesce": True, "max_instances": 1},
        timezone=settings.tz,
    )
    hours = settings.working_hours
    # At the opening of working hours and every hour after it, each day (decide knows holidays).
    last_hour = hours.end.hour if hours.end.minute > hours.start.minute else hours.end.hour - 1
    opening = CronTrigger(hour=f"{hours.start.hour}-{max(last_hour, hours.start.hour)}",
                          minute=hours.start.minute, timezone=settings.tz)
    scheduler.add_job(jobs.decide, opening, id=DECIDE_JOB, replace_existing=True, misfire_grace_time=3600,
                      next_run_time=datetime.now(settings.tz))
    scheduler.add_job(jobs.dispatch, IntervalTrigger(minutes=1), id=DISPATCH_JOB, replace_existing=True,
                      misfire_grace_time=60)
    return scheduler


class SchedulerService:
    def __init__(self, db: Database, settings: Settings, holder: str | None = None,
                 clock: Callable[[], datetime] = _utcnow):
        self.db, self.settings = db, settings
        self.holder = holder or holder_name()
        self.clock = clock
        self.scheduler: BackgroundScheduler | None = None
        self.stopping = threading.Event()
        self.thread: threading.Thread | None = None
        self.standing_by = False

    @property
    def running(self) -> bool:
        return self.scheduler is not None

    def beat(self) -> bool:
        """Renews or takes the lease, and starts or stops the scheduler to match; True if held."""
        try:
            with session_scope(self.db.sessions) as session:
                held = lease.hold(session, self.holder, self.clock())
        except Exception:  # the database is unreachable: nobody can hold the lease now
            log.exception("scheduler lease: the database did not answer")
            held = False
        if held and self.scheduler is None:
            log.info("scheduler %s holds the lease: starting", self.holder)
            self.scheduler = build_scheduler(self.db, self.settings)
            self.scheduler.start()
        elif not held and self.scheduler is not None:
            log.warning("scheduler %s lost the lease: stopping", self.holder)
            self._stop_scheduler()
        elif not held and not self.standing_by:
            log.info("another scheduler holds the lease: %s stands by", self.holder)
        self.standing_by = not held
        return held

    def run(self) -> None:
        """Beats until `stop()`; then gives the lease up."""
        try:
            while not self.stopping.is_set():
                self.beat()
                self.stopping.wait(lease.HEARTBEAT.total_seconds())
        finally:
            self._stop_scheduler()
            with session_scope(self.db.sessions) as session:
                lease.release(session, self.holder, self.clock())

    def start_in_background(self) -> None:
        self.thread = threading.Thread(target=self.run, name="scheduler", daemon=True)
        self.thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Ends `run` (waiting for the background thread, so the lease is given up)."""
        self.stopping.set()
        if self.thread is not None:
            self.thread.join(timeout)

    def _stop_scheduler(self) -> None:
        if self.scheduler is not None:
            self.scheduler.shutdown()  # lets a running dispatch record what it sent
            self.scheduler = None
