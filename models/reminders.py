"""What the reminder policy decided: one row per (person, milestone, kind, day).

The unique key is the idempotency key: a pass that runs twice, or two schedulers, cannot decide
the same reminder twice. The row is written in the transaction that decides it; the dispatcher
bundles a person's pending rows of a day into one OutboxMessage.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base
from models.organisation import Person, Township
from models.outbox import OutboxMessage
from models.plan import Milestone

# before_N (N days before, 蓝; the plan's policy picks N), due (黄), overdue / escalated (红),
# period (one per occurrence of a recurring step), checkin (月对标 of ongoing work), nudge (催办).
# See core.reminder_policy.
COLOURS = ("blue", "yellow", "red")
REMINDER_STATUSES = ("pending", "queued", "cancelled")  # queued: in an OutboxMessage


class Reminder(Base):
    __tablename__ = "reminder"
    __table_args__ = (
        UniqueConstraint("person_id", "milestone_id", "kind", "send_on"),
        Index("ix_reminder_due", "status", "send_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))  # the unique key's first column
    milestone_id: Mapped[int] = mapped_column(ForeignKey("milestone.id"), index=True)
    township_id: Mapped[Optional[int]] = mapped_column(ForeignKey("township.id"))  # staff and urges
    kind: Mapped[str] = mapped_column(String(16))
    due_on: Mapped[date] = mapped_column(Date)  # the occurrence of the milestone it is about
    send_on: Mapped[date] = mapped_column(Date)  # a working day
    colour: Mapped[str] = mapped_column(String(8))
    urgency: Mapped[int]  # higher first in a digest
    line: Mapped[str] = mapped_column(Text)  # its line in the digest, in Chinese
    status: Mapped[str] = mapped_column(String(16), default="pending")
    message_id: Mapped[Optional[int]] = mapped_column(ForeignKey("outbox_message.id"), index=True)
    requested_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("person.id"))  # who asked for a nudge (催办)
    created_at: Mapped[datetime]

    person: Mapped[Person] = relationship(foreign_keys=[person_id])
    milestone: Mapped[Milestone] = relationship()
    township: Mapped[Optional[Township]] = relationship()
    message: Mapped[Optional[OutboxMessage]] = relationship()
    requested_by: Mapped[Optional[Person]] = relationship(foreign_keys=[requested_by_id])


class ReminderPass(Base):
    """A day whose reminders were decided. After downtime the next pass also decides the days
    missed since the last one, so a scheduler that was down loses no reminder."""

    __tablename__ = "reminder_pass"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    decided_at: Mapped[datetime]


# A pass looks up the bound staff of the townships it reminds: by township, not a scan of everyone.
Index("ix_person_township_id", Person.township_id)
