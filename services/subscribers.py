"""Subscribers: find or record who is writing, follow/unfollow, bindings as a list."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from models import Person, Subscriber


def identify(session: Session, openid: str, now: datetime) -> Subscriber:
    """The subscriber for `openid`, recorded on first contact; `last_seen_at` moves to now."""
    subscriber = find(session, openid)
    if subscriber is None:
        try:
            with session.begin_nested():  # another worker may record the same openid at once
                subscriber = Subscriber(openid=openid, first_seen_at=now, last_seen_at=now)
                session.add(subscriber)
        except IntegrityError:
            subscriber = find(session, openid)
    subscriber.last_seen_at = now
    return subscriber


def mark_subscribed(subscriber: Subscriber) -> None:
    """Following (again) makes the user reachable for reminders again."""
    subscriber.subscribed = True
    subscriber.unsubscribed_at = None
    subscriber.unreachable_at = None
    subscriber.unreachable_reason = None


def mark_unsubscribed(subscriber: Subscriber, now: datetime) -> None:
    """Unfollowing keeps the binding and the history; only sending to them stops."""
    subscriber.subscribed = False
    subscriber.unsubscribed_at = now


def unbind(session: Session, openid: str) -> Subscriber | None:
    subscriber = find(session, openid)
    if subscriber is not None:
        subscriber.person = None
        subscriber.bound_at = None
    return subscriber


def bound_people(session: Session) -> list[Subscriber]:
    """Every bound subscriber, by role and township."""
    return list(session.scalars(
        select(Subscriber)
        .join(Subscriber.person)
        .options(selectinload(Subscriber.person).selectinload(Person.township))
        .order_by(Person.role, Person.township_id, Person.name, Subscriber.id)
    ))


def find(session: Session, openid: str) -> Subscriber | None:
    return session.scalar(
        select(Subscriber).where(Subscriber.openid == openid)
        .options(selectinload(Subscriber.person).selectinload(Person.township))
    )
