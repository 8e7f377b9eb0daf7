"""The one scheduler per deployment: the lease, takeover, the persistent job store, the jobs."""
from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select, text

from models import Reminder
from models.db import session_scope
from scheduler import lease
from scheduler.service import DECIDE_JOB, DISPATCH_JOB, SchedulerService, build_scheduler
from tests.clock import ManualClock

T0 = datetime(2026, 11, 29, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def services(loaded_db, settings):
    """Scheduler services on the test database, each with its own clock; stopped at the end."""
    made = []

    def make(name: str) -> SchedulerService:
        service = SchedulerService(loaded_db, settings, holder=name, clock=ManualClock(T0))
        made.append(service)
        return service

    yield make
    for service in made:
        service._stop_scheduler()


def holder(db):
    with session_scope(db.sessions) as session:
        current = lease.current(session)
        return current and (current.holder, current.heartbeat_at)


def test_one_holder_at_a_time_and_a_takeover_within_a_minute(services, loaded_db):
    first, second = services("first"), services("second")
    assert first.beat() and first.running
    assert not second.beat() and not second.running
    first.clock.now = second.clock.now = T0 + lease.HEARTBEAT
    assert first.beat() and not second.beat()
    assert holder(loaded_db) == ("first", T0 + lease.HEARTBEAT)  # the heartbeat's time, for the status page
    # first dies: its lease runs out a minute after its last heartbeat
    second.clock.now = T0 + lease.HEARTBEAT + lease.LEASE_TTL - timedelta(seconds=1)
    assert not second.beat()
    second.clock.now += timedelta(seconds=1)
    assert second.beat() and second.running
    # first comes back (it was only paused): it finds it lost the lease and stops its scheduler
    first.clock.now = second.clock.now
    assert not first.beat() and not first.running
    assert holder(loaded_db)[0] == "second"


def test_a_clean_stop_hands_over_at_once(services):
    first, second = services("first"), services("second")
    assert first.beat() and not second.beat()
    first.stop()
    first.run()  # stopping: it only stops its scheduler and gives the lease up
    assert not first.running
    assert second.beat()  # at the same moment: no minute to wait


def test_many_candidates_at_once_one_wins(services):
    import threading

    candidates = [services(f"c{n}") for n in range(6)]
    results, start = {}, threading.Barrier(len(candidates))

    def beat(service):
        start.wait()
        results[service.holder] = service.beat()

    threads = [threading.Thread(target=beat, args=(c,)) for c in candidates]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results.values()) == [False] * 5 + [True]
    assert sum(c.running for c in candidates) == 1


def test_jobs_are_persistent_with_fixed_ids_and_never_doubled(loaded_db, settings):
    for _ in range(2):  # a restart, or a takeover, replaces the jobs
        scheduler = build_scheduler(loaded_db, settings)
        scheduler.start(paused=True)
        scheduler.shutdown(wait=False)
    with loaded_db.engine.connect() as connection:
        ids = connection.execute(text("SELECT id FROM apscheduler_jobs ORDER BY id")).scalars().all()
    assert ids == sorted([DECIDE_JOB, DISPATCH_JOB])
    scheduler = build_scheduler(loaded_db, settings)
    scheduler.start(paused=True)
    jobs = {job.id: job for job in scheduler.get_jobs()}
    scheduler.shutdown()
    assert jobs[DECIDE_JOB].coalesce and jobs[DECIDE_JOB].misfire_grace_time == 3600
    assert str(jobs[DECIDE_JOB].trigger).startswith("cron[hour='8-17', minute='30'")
    assert jobs[DISPATCH_JOB].trigger.interval == timedelta(minutes=1)


def test_the_holder_decides_at_once_on_start(services, loaded_db):
    """A (re)started scheduler catches up: the decide job runs at start, not at the next opening."""
    service = services("only")
    assert service.beat()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with session_scope(loaded_db.sessions) as session:
            if session.scalar(select(Reminder.id).limit(1)) is not None:
                return
        time.sleep(0.1)
    pytest.fail("the decide job did not run after the scheduler started")
