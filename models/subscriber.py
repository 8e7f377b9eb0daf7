"""Who is talking: every openid that ever wrote to the account, and the codes that bind them."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import ForeignKey, String
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
