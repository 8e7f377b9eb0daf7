"""What the web pages add: one-time sign-in links, the office's console password, and the
changes made by hand in the console, which a task's history shows beside its reports."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, JsonType
from models.organisation import Person
from models.plan import Milestone, Task

TASK_EVENT_KINDS = ("deadline_fixed", "milestone_done", "milestone_reopened")


class LoginLink(Base):
    """A link printed by `bot.py link`: signed, and good for one sign-in only (`used_at`)."""

    __tablename__ = "login_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    nonce: Mapped[str] = mapped_column(String(64), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    next_path: Mapped[str] = mapped_column(String(200), default="/tasks")
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[Optional[datetime]]

    person: Mapped[Person] = relationship()


class ConsoleAccount(Base):
    """The bureau office's console login, set with `bot.py admin-password`; only a hash is kept."""

    __tablename__ = "console_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    # Guessing protection, as for 绑定 codes: wrong passwords in a row, and the lock they lead to.
    failed_attempts: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[Optional[datetime]]


class TaskEvent(Base):
    """A change made by hand: a deadline fixed, a milestone marked done or reopened, with why."""

    __tablename__ = "task_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="RESTRICT"), index=True)
    milestone_id: Mapped[Optional[int]] = mapped_column(ForeignKey("milestone.id"))
    kind: Mapped[str] = mapped_column(String(32))  # one of TASK_EVENT_KINDS
    actor: Mapped[str] = mapped_column(String(64))  # the name shown in the history
    person_id: Mapped[Optional[int]] = mapped_column(ForeignKey("person.id"))
    reason: Mapped[str] = mapped_column(Text, default="")
    detail: Mapped[dict] = mapped_column(JsonType, default=dict)  # e.g. {"before": …, "after": …}
    created_at: Mapped[datetime]

    task: Mapped[Task] = relationship()
    milestone: Mapped[Optional[Milestone]] = relationship()
