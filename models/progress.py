"""Progress recorded against a task. Re-importing a plan must never remove it."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, JsonType
from models.organisation import Person, Township
from models.plan import Task

STATUSES = ("done", "in_progress", "blocked", "not_started")


class ProgressReport(Base):
    __tablename__ = "progress_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    # No cascade: a task with progress cannot be deleted by accident.
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="RESTRICT"), index=True)
    township_id: Mapped[Optional[int]] = mapped_column(ForeignKey("township.id"))
    reporter_id: Mapped[Optional[int]] = mapped_column(ForeignKey("person.id"))
    status: Mapped[str] = mapped_column(String(16))  # one of STATUSES
    figures: Mapped[list] = mapped_column(JsonType, default=list)
    raw_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]

    task: Mapped[Task] = relationship()
    township: Mapped[Optional[Township]] = relationship()
    reporter: Mapped[Optional[Person]] = relationship()
