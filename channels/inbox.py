"""Every delivery from WeChat is recorded once and answered once.

WeChat waits 5 s for a reply, then delivers the same message again, up to three times. The first
delivery inserts a row under a unique `dedupe_key`; answering happens in a second transaction
that starts by updating that row, which makes a concurrent retry (on any worker) wait until the
first answer is committed, then return the stored reply instead of running the handler again.
If the first worker dies mid-answer its transaction rolls back and the retry answers instead.

Per message that is two commits and, for a resident's question, seven statements in all: the
insert; the claim, which also returns the sender's count for the rate limit; then what the
router needs (tests/test_webhook_statements.py pins the counts). On PostgreSQL the record's
commit does not wait for its WAL flush: the answer's commit flushes the WAL up to and including
it, so the row is on disk before any reply goes out, and a killed worker cannot lose it (the
server has it); only a crash of the database server in between can, and then no reply was sent
and WeChat delivers again. One flush per message instead of two.
"""
from __future__ import annotations

import logging
import time
from datetime import datetime
from typing import Callable

from sqlalchemy import Row, Update, bindparam, literal_column, text, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from config.logging import event
from core.masking import mask_in, mask_openid
from core import rate_limit
from handlers.messages import Inbound
from handlers.router import Outcome
from models import InboundMessage
from models.db import session_scope
from services.rate_limit import RECENT, window

log = logging.getLogger(__name__)

# A retry waits this long for the first delivery's answer; WeChat gives up after 5 s.
RETRY_WAIT = "4s"

Answer = Callable[[Session, Inbound], Outcome]

_INBOUND = InboundMessage.__table__
_RECORDED = ("dedupe_key", "openid", "msg_type", "event", "content", "payload", "channel", "received_at",
             "deliveries", "route")
# SQLAlchemy 2.0 compiles a dialect's INSERT … ON CONFLICT anew on every call (about 1 ms, the
# biggest single cost of a delivery); as text with typed parameters it is compiled once. The SQL is
# the same on SQLite and PostgreSQL.
_RECORD = text(
    f"INSERT INTO inbound_message ({', '.join(_RECORDED)}) VALUES ({', '.join(':' + c for c in _RECORDED)}) "
    "ON CONFLICT (dedupe_key) DO NOTHING RETURNING id"
).bindparams(*(bindparam(name, type_=_INBOUND.c[name].type) for name in _RECORDED))


def _claiming(recent) -> Update:
    return (update(_INBOUND).where(_INBOUND.c.dedupe_key == bindparam("key"))
            .values(deliveries=_INBOUND.c.deliveries + bindparam("again"))
            .returning(_INBOUND.c.id, _INBOUND.c.handled_at, _INBOUND.c.reply, _INBOUND.c.route,
                       _INBOUND.c.channel, recent.label("recent")))


# Built once (a statement's construction costs more than its cache lookup): the claim with and
# without the rate limit's count, and the answer stored (its values are the execution's parameters).
_CLAIM, _CLAIM_COUNTING = _claiming(literal_column("0")), _claiming(RECENT)
_ANSWERED = update(_INBOUND).where(_INBOUND.c.id == bindparam("row_id"))


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
    limited = per_minute > 0 and rate_limit.counts(inbound.kind)
    try:
        with session_scope(sessions) as session:
            row = _claim(session, key, count_retry=not first,
                         rate_window=window(inbound.openid, now) if limited else None)
            if row.handled_at is not None:
                _log(inbound, key, row.id, row.route, row.channel, started, retry=True)
                return row.reply
            outcome = (_slow_down(inbound, row.recent, per_minute) if limited else None) or answer(session, inbound)
            session.execute(_ANSWERED, {"row_id": row.id, "reply": outcome.text, "route": outcome.route,
                                        "handled_at": now})
            _log(inbound, key, row.id, outcome.route, row.channel, started, retry=not first)
            return outcome.text
    except OperationalError as exc:
        if "lock" in str(exc.orig).lower() and not first:
            log.warning("retry %s still being answered by another worker", mask_in(key, inbound.openid))
            return None
        raise
    except Exception as exc:
        _note_error(sessions, key, exc)
        raise


def _slow_down(inbound: Inbound, recent: int, per_minute: int) -> Outcome | None:
    """The polite refusal when the sender is over the limit; the message itself is already stored."""
    if not rate_limit.is_limited(recent, per_minute):
        return None
    log.info("rate limited %s", mask_openid(inbound.openid))
    return Outcome(rate_limit.SLOW_DOWN, "rate_limited")


def _record(session: Session, key: str, inbound: Inbound, now: datetime, channel: str) -> bool:
    """Insert the delivery; False if it was already there (a retry)."""
    if session.get_bind().dialect.name == "postgresql":  # flushed by the answer's commit: see above
        session.connection().exec_driver_sql("SET LOCAL synchronous_commit = off")
    values = dict(dedupe_key=key, openid=inbound.openid, msg_type=inbound.kind, event=inbound.event,
                  content=inbound.text, payload=inbound.fields, channel=channel, received_at=now,
                  deliveries=1, route="")
    # Not rowcount: with psycopg it is -1 here, so every first delivery looked like a retry.
    return session.execute(_RECORD, values).first() is not None


def _claim(session: Session, key: str, *, count_retry: bool, rate_window: dict | None) -> Row:
    """Lock the delivery's row (a concurrent retry waits here) and read it; with `rate_window`
    also the sender's recent messages for the rate limit, in the same statement."""
    if session.get_bind().dialect.name == "postgresql":
        session.connection().exec_driver_sql(f"SET LOCAL lock_timeout = '{RETRY_WAIT}'")
    statement, params = (_CLAIM_COUNTING, rate_window) if rate_window else (_CLAIM, {})
    return session.execute(statement, {"key": key, "again": 1 if count_retry else 0, **params}).one()


def _note_error(sessions: sessionmaker[Session], key: str, exc: Exception) -> None:
    """Keep why a delivery went unanswered on its row; the caller logs and answers."""
    with session_scope(sessions) as session:
        session.execute(update(InboundMessage).where(InboundMessage.dedupe_key == key)
                        .values(error=f"{type(exc).__name__}: {exc}"[:2000]))


def _log(inbound: Inbound, key: str, row_id: int, route: str, channel: str, started: float, *,
         retry: bool) -> None:
    """One line per delivery answered: which message, from whom (masked), where it went, how fast."""
    event(log, "inbound", id=row_id, key=mask_in(key, inbound.openid), msg_id=inbound.msg_id,
          type=inbound.kind, event=inbound.event or None, route=route, openid=mask_openid(inbound.openid),
          status=inbound.fields.get("Status"),  # a template message's delivery receipt: success, failed:…
          channel=channel, retry=retry or None, ms=round((time.monotonic() - started) * 1000))
