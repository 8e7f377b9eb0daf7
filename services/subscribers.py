"""Subscribers: find or record who is writing, follow/unfollow, bindings as a list, and their
consent to 订阅通知 templates."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload, selectinload

from core.subscribe_events import Answer
from models import Person, SubscribeConsent, Subscriber

# How stale `last_seen_at` may be: one UPDATE a minute per active user, not one per message. What
# reads it measures hours (WeChat's 48-hour window for customer-service messages).
LAST_SEEN_STEP = timedelta(minutes=1)


def identify(session: Session, openid: str, now: datetime) -> Subscriber:
    """The subscriber for `openid`, recorded on first contact; `last_seen_at` moves to now when it
    is a minute or more off, or the subscriber was found unreachable since (a message proves
    them reachable again)."""
    subscriber = find(session, openid)
    if subscriber is None:
        try:
            with session.begin_nested():  # another worker may record the same openid at once
                subscriber = Subscriber(openid=openid, first_seen_at=now, last_seen_at=now)
                session.add(subscriber)
        except IntegrityError:
            subscriber = find(session, openid)
    found_unreachable = subscriber.unreachable_at is not None and subscriber.last_seen_at <= subscriber.unreachable_at
    if found_unreachable or abs(now - subscriber.last_seen_at) >= LAST_SEEN_STEP:
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


# One statement with the person and their township joined (every message reads them); built once.
_FIND = (select(Subscriber).where(Subscriber.openid == bindparam("openid"))
         .options(joinedload(Subscriber.person).joinedload(Person.township)))


def find(session: Session, openid: str) -> Subscriber | None:
    return session.scalar(_FIND, {"openid": openid})


def record_consents(session: Session, openid: str, answers: list[Answer], now: datetime, *,
                    long_term_template: str = "") -> list[SubscribeConsent]:
    """The user's answers to a 订阅通知 popup or settings page, one row per template: accept adds
    a send (every send, for the long-term template), reject withdraws them all."""
    rows = []
    for answer in answers:
        consent = session.scalar(select(SubscribeConsent).where(
            SubscribeConsent.openid == openid, SubscribeConsent.template_id == answer.template_id))
        if consent is None:
            consent = SubscribeConsent(openid=openid, template_id=answer.template_id, status="reject",
                                       long_term=False, remaining=0, updated_at=now)
            session.add(consent)
        consent.updated_at = now
        if answer.status == "accept":
            consent.long_term = bool(long_term_template) and answer.template_id == long_term_template
            consent.remaining = (consent.remaining if consent.status == "accept" else 0) + 1
            consent.status = "accept"
        else:
            consent.status, consent.remaining = "reject", 0
        rows.append(consent)
    return rows


def bind_wecom(session: Session, person: Person, userid: str, now: datetime) -> Subscriber:
    """The WeCom member `userid` bound to `person` (as the office checked it in WeCom's directory)."""
    from core.reach import wecom_openid

    openid = wecom_openid(userid.strip())
    if not userid.strip() or len(openid) > 64 or any(ch.isspace() or ch == "|" for ch in userid.strip()):
        raise ValueError(f"不是企业微信的 UserID:{userid!r}")
    subscriber = identify(session, openid, now)
    subscriber.person, subscriber.bound_at = person, now
    return subscriber
