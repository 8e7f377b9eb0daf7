"""How many messages an openid sent within the rate limit's window, counted in the database.

Counting the stored deliveries (not a per-process counter) holds the limit across gunicorn workers
and hosts; a WeChat retry of the same MsgId is the same row, so it never counts twice. The index on
(openid, received_at) keeps this one short range scan.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from core.rate_limit import UNCOUNTED_KIND, WINDOW
from models import InboundMessage

# Messages (not events) from one sender in the minute up to now, inclusive, with the sender and the
# window as parameters (`window(openid, now)`). A subquery built once: the webhook runs it inside
# the statement that claims the delivery, not as a statement of its own.
RECENT = select(func.count()).select_from(InboundMessage).where(
    InboundMessage.openid == bindparam("sender"),
    InboundMessage.received_at > bindparam("window_start"),
    InboundMessage.received_at <= bindparam("window_end"),
    InboundMessage.msg_type != UNCOUNTED_KIND,
).scalar_subquery()


def window(openid: str, now: datetime) -> dict:
    """The parameters of RECENT."""
    return {"sender": openid, "window_start": now - WINDOW, "window_end": now}


def recent_messages(session: Session, openid: str, now: datetime) -> int:
    return session.scalar(select(RECENT), window(openid, now))
