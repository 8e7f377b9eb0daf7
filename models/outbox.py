"""Messages on their way to WeChat, and the access token every process shares.

An OutboxMessage is one WeChat message to one person (a digest of reminders, or a nudge); the
dispatcher claims it, sends it and records what WeChat said. Rows are never deleted: they are
the record of what each person was sent.
"""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import BigInteger, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, JsonType
from models.organisation import Person

# pending → sending → sent; failures wait in pending with next_attempt_at, then end in dead or
# unreachable (the user does not follow the account or refused messages).
OUTBOX_STATUSES = ("pending", "sending", "sent", "dead", "unreachable")


class OutboxMessage(Base):
    __tablename__ = "outbox_message"
    __table_args__ = (Index("ix_outbox_message_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    openid: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(16))  # template / text
    payload: Mapped[dict] = mapped_column(JsonType, default=dict)  # what is sent, as sent
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime]
    errcode: Mapped[Optional[int]]
    last_error: Mapped[Optional[str]] = mapped_column(Text)
    wechat_msgid: Mapped[Optional[int]] = mapped_column(BigInteger, index=True)  # joins delivery_receipt
    created_at: Mapped[datetime]
    sent_at: Mapped[Optional[datetime]]

    person: Mapped[Person] = relationship()


class AccessToken(Base):
    """The one access token of an app id, fetched by one process and read by all."""

    __tablename__ = "wechat_access_token"

    app_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    token: Mapped[str] = mapped_column(Text)
    expires_at: Mapped[datetime]
    fetched_at: Mapped[datetime]
