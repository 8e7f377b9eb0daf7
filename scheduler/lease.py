"""The scheduler lease: one row saying which process runs the scheduler, until when.

The holder renews it at every heartbeat (HEARTBEAT); a lease not renewed for LEASE_TTL is free,
so when the holder dies another process takes over within a minute. Times here are the real
wall clock, never BOT_NOW: a lease is about processes being alive.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from models import SchedulerLease
from services import locks

NAME = "scheduler"
LEASE_TTL = timedelta(seconds=60)
HEARTBEAT = timedelta(seconds=20)


def hold(session: Session, holder: str, now: datetime, ttl: timedelta = LEASE_TTL) -> bool:
    """Takes or renews the lease for `holder`; False while another holder's lease runs."""
    locks.hold(session, f"lease:{NAME}")  # two candidates at once: one after the other
    lease = session.get(SchedulerLease, NAME, populate_existing=True)
    if lease is None:
        session.add(SchedulerLease(name=NAME, holder=holder, expires_at=now + ttl, heartbeat_at=now,
                                   acquired_at=now))
        return True
    if lease.holder != holder:
        if lease.expires_at > now:
            return False
        lease.holder, lease.acquired_at = holder, now
    lease.expires_at, lease.heartbeat_at = now + ttl, now
    return True


def release(session: Session, holder: str, now: datetime) -> None:
    """Gives the lease up at once (a clean stop), so a standby need not wait for it to run out."""
    locks.hold(session, f"lease:{NAME}")
    lease = session.get(SchedulerLease, NAME, populate_existing=True)
    if lease is not None and lease.holder == holder:
        lease.expires_at = now


def current(session: Session) -> SchedulerLease | None:
    """The lease row: who holds it and its last heartbeat (None: no scheduler ever ran)."""
    return session.get(SchedulerLease, NAME)
