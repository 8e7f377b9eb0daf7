"""How many messages an openid sent within the rate limit's window, counted in the database.

Counting the stored deliveries (not a per-process counter) holds the limit across gunicorn workers
and hosts; a WeChat retry of the same MsgId is the same row, so it never counts twice. The index on
(openid, received_at) keeps this one short range scan.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.rate_limit import UNCOUNTED_KIND, WINDOW
from models import InboundMessage


def recent_messages(session: Session, openid: str, now: datetime) -> int:
    """Messages (not events) from `openid` received in the minute up to `now`, inclusive."""
    return session.scalar(
        select(func.count()).select_from(InboundMessage).where(
            InboundMessage.openid == openid,
            InboundMessage.received_at > now - WINDOW,
            InboundMessage.received_at <= now,
            InboundMessage.msg_type != UNCOUNTED_KIND,
        )
    )
