"""Who is talking: every openid that ever wrote to the account (and every WeCom member who wrote to
the bureau's WeCom app, as openid "wecom:<userid>"), the codes that bind them, and their consent
to subscribe notifications (订阅通知)."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base
from models.organisation import Person, Township

RESIDENT = "resident"


class Subscriber(Base):
    """An openid of the account; bound to a person (staff, leader, admin) or a resident."""

    __tablename__ = "subscriber"

    id: Mapped[int] = mapped_column(primary_key=True)
    openid: Mapped[str] = mapped_column(String(64), unique=True)
    person_id: Mapped[Optional[int]] = mapped_column(ForeignKey("person.id"), index=True)
    subscribed: Mapped[bool] = mapped_column(default=True)
    first_seen_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    unsubscribed_at: Mapped[Optional[datetime]]
    bound_at: Mapped[Optional[datetime]]
    # Guessing protection for 绑定: wrong codes in a row, and the lock they lead to.
    failed_bind_attempts: Mapped[int] = mapped_column(default=0)
    bind_locked_until: Mapped[Optional[datetime]]
    # WeChat refused to deliver to this openid (43004 not following, 43101 refused messages).
    unreachable_at: Mapped[Optional[datetime]]
    unreachable_reason: Mapped[Optional[str]] = mapped_column(String(64))

    person: Mapped[Optional[Person]] = relationship()

    @property
    def role(self) -> str:
        return self.person.role if self.person else RESIDENT

    @property
    def township(self) -> Township | None:
        return self.person.township if self.person else None

    def __repr__(self) -> str:
        return f"Subscriber({self.openid} {self.role})"


class InviteCode(Base):
    """A one-time binding code. Only its hash is stored: a copy of the database binds nobody."""

    __tablename__ = "invite_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    county: Mapped[str] = mapped_column(String(64))
    township_id: Mapped[Optional[int]] = mapped_column(ForeignKey("township.id"))
    person_id: Mapped[Optional[int]] = mapped_column(ForeignKey("person.id"))
    name: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[Optional[datetime]]
    used_by: Mapped[Optional[str]] = mapped_column(String(64))

    township: Mapped[Optional[Township]] = relationship()
    person: Mapped[Optional[Person]] = relationship()


class SubscribeConsent(Base):
    """An openid's answer to one 订阅通知 template: accept or reject, from WeChat's events.

    A one-time template allows one send per accept (`remaining` counts them); a long-term one
    (长期订阅, open to 政务民生 services) allows sends until the user rejects it.
    """

    __tablename__ = "subscribe_consent"
    __table_args__ = (UniqueConstraint("openid", "template_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    openid: Mapped[str] = mapped_column(String(64))
    template_id: Mapped[str] = mapped_column(String(128))
    status: Mapped[str] = mapped_column(String(16))  # accept / reject
    long_term: Mapped[bool] = mapped_column(default=False)
    remaining: Mapped[int] = mapped_column(default=0)  # one-time sends still allowed
    updated_at: Mapped[datetime]

    @property
    def allows(self) -> bool:
        return self.status == "accept" and (self.long_term or self.remaining > 0)
