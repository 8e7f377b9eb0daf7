"""Every delivery from WeChat is recorded once and answered once.

WeChat waits 5 s for a reply, then delivers the same message again, up to three times. The first
delivery inserts a row under a unique `dedupe_key`; answering happens in a second transaction
that starts by updating that row, which makes a concurrent retry (on any worker) wait until the
first answer is committed, then return the stored reply instead of running the handler again.
If the first worker dies mid-answer its transaction rolls back and the retry answers instead.
"""
from __future__ import annotations

import logging
import time
from datetime import datetime
from typing import Callable

from sqlalchemy import select, text, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from config.logging import event
from core.masking import mask_in, mask_openid
from core import rate_limit
from handlers.messages import Inbound
from handlers.router import Outcome
from models import InboundMessage
from models.db import session_scope, upsert_insert
from services.rate_limit import recent_messages

log = logging.getLogger(__name__)

# A retry waits this long for the first delivery's answer; WeChat gives up after 5 s.
RETRY_WAIT = "4s"

Answer = Callable[[Session, Inbound], Outcome]


def dedupe_key(inbound: Inbound) -> str:
    """WeChat's own rule: messages by MsgId, events by sender and CreateTime."""
    stamp = int(inbound.created_at.timestamp()) if inbound.created_at else 0
    if inbound.kind == "event":  # with the key too: two menu taps in one second are two events
        return f"event:{inbound.openid}:{stamp}:{inbound.event}:{inbound.event_key}"[:160]
    if inbound.msg_id is not None:
        return f"msg:{inbound.msg_id}"
    return f"msg:{inbound.openid}:{stamp}:{inbound.kind}"


def receive(sessions: sessionmaker[Session], inbound: Inbound, *, now: datetime, answer: Answer,
            channel: str = "wechat", key: str | None = None, per_minute: int = 0) -> str | None:
    """Record and answer `inbound`, returning the reply (None: answer nothing); `key` overrides
    WeChat's dedupe rule (the terminal never retries); over `per_minute` messages a minute from one
    openid get the polite "slow down" instead of an answer (0: no limit)."""
    key = key or dedupe_key(inbound)
    started = time.monotonic()
    with session_scope(sessions) as session:
        first = _record(session, key, inbound, now, channel)
    try:
        with session_scope(sessions) as session:
            row = _claim(session, key, count_retry=not first)
            if row.handled_at is not None:
                _log(inbound, key, row, started, retry=True)
                return row.reply
            outcome = _slow_down(session, inbound, now, per_minute) or answer(session, inbound)
            row.reply, row.route, row.handled_at = outcome.text, outcome.route, now
            _log(inbound, key, row, started, retry=not first)
            return outcome.text
    except OperationalError as exc:
        if "lock" in str(exc.orig).lower() and not first:
            log.warning("retry %s still being answered by another worker", mask_in(key, inbound.openid))
            return None
        raise
    except Exception as exc:
        _note_error(sessions, key, exc)
        raise


def _slow_down(session: Session, inbound: Inbound, now: datetime, per_minute: int) -> Outcome | None:
    """The polite refusal when the sender is over the limit; the message itself is already stored."""
    if per_minute <= 0 or not rate_limit.counts(inbound.kind):
        return None
    if not rate_limit.is_limited(recent_messages(session, inbound.openid, now), per_minute):
        return None
    log.info("rate limited %s", mask_openid(inbound.openid))
    return Outcome(rate_limit.SLOW_DOWN, "rate_limited")


def _record(session: Session, key: str, inbound: Inbound, now: datetime, channel: str) -> bool:
    """Insert the delivery; False if it was already there (a retry)."""
    statement = upsert_insert(session, InboundMessage).values(
        dedupe_key=key, openid=inbound.openid, msg_type=inbound.kind, event=inbound.event,
        content=inbound.text, payload=inbound.fields, channel=channel, received_at=now,
        deliveries=1, route="",
    ).on_conflict_do_nothing(index_elements=[InboundMessage.dedupe_key]).returning(InboundMessage.id)
    # Not rowcount: with psycopg it is -1 here, so every first delivery looked like a retry.
    return session.execute(statement).first() is not None


def _claim(session: Session, key: str, *, count_retry: bool) -> InboundMessage:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text(f"SET LOCAL lock_timeout = '{RETRY_WAIT}'"))
    session.execute(
        update(InboundMessage).where(InboundMessage.dedupe_key == key)
        .values(deliveries=InboundMessage.deliveries + (1 if count_retry else 0))
    )
    return session.scalar(
        select(InboundMessage).where(InboundMessage.dedupe_key == key)
        .execution_options(populate_existing=True)
    )


def _note_error(sessions: sessionmaker[Session], key: str, exc: Exception) -> None:
    """Keep why a delivery went unanswered on its row; the caller logs and answers."""
    with session_scope(sessions) as session:
        session.execute(update(InboundMessage).where(InboundMessage.dedupe_key == key)
                        .values(error=f"{type(exc).__name__}: {exc}"[:2000]))


def _log(inbound: Inbound, key: str, row: InboundMessage, started: float, *, retry: bool) -> None:
    """One line per delivery answered: which message, from whom (masked), where it went, how fast."""
    event(log, "inbound", id=row.id, key=mask_in(key, inbound.openid), msg_id=inbound.msg_id,
          type=inbound.kind, event=inbound.event or None, route=row.route, openid=mask_openid(inbound.openid),
          status=inbound.fields.get("Status"),  # a template message's delivery receipt: success, failed:…
          channel=row.channel, retry=retry or None, ms=round((time.monotonic() - started) * 1000))
