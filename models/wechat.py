"""What WeChat delivered to us: every inbound message and event, and template delivery receipts."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import BigInteger, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, JsonType


class InboundMessage(Base):
    """One delivery from WeChat, kept for audit and statistics.

    `dedupe_key` is unique, so WeChat's retries of a slow reply (up to three) find the first
    delivery's row, on any worker, and get its stored reply instead of running the handler again.
    """

    __tablename__ = "inbound_message"
    # The rate limit counts one openid's messages of the last minute: a short range scan.
    __table_args__ = (Index("ix_inbound_message_openid_received_at", "openid", "received_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(160), unique=True)
    openid: Mapped[str] = mapped_column(String(64), index=True)
    msg_type: Mapped[str] = mapped_column(String(32))
    event: Mapped[str] = mapped_column(String(64), default="")
    content: Mapped[str] = mapped_column(Text, default="")  # the text, or what voice was heard as
    payload: Mapped[dict] = mapped_column(JsonType, default=dict)  # every field as WeChat sent it
    channel: Mapped[str] = mapped_column(String(16), default="wechat")  # wechat / terminal
    received_at: Mapped[datetime] = mapped_column(index=True)
    deliveries: Mapped[int] = mapped_column(default=1)
    handled_at: Mapped[Optional[datetime]]
    route: Mapped[str] = mapped_column(String(32), default="")  # which handler answered
    reply: Mapped[Optional[str]] = mapped_column(Text)
    error: Mapped[Optional[str]] = mapped_column(Text)


class DeliveryReceipt(Base):
    """WeChat's TEMPLATESENDJOBFINISH: did a template message reach the user.

    Keyed by WeChat's msgid, which the send call returns; the reminder outbox stores that msgid.
    """

    __tablename__ = "delivery_receipt"

    id: Mapped[int] = mapped_column(primary_key=True)
    wechat_msg_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    openid: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(64))  # success / failed:user block / failed: system failed
    received_at: Mapped[datetime]
