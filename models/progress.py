"""Progress recorded against a task. Re-importing a plan must never remove it.

The history is every row; the current state of a (task, township) is its latest row that was not
withdrawn (撤回). A later report supersedes an earlier one without changing it.
"""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, JsonType
from models.organisation import Person, Township
from models.plan import Task

STATUSES = ("done", "in_progress", "blocked", "not_started")


class ProgressReport(Base):
    __tablename__ = "progress_report"
    __table_args__ = (Index("ix_progress_report_current", "task_id", "township_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # No cascade: a task with progress cannot be deleted by accident.
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="RESTRICT"), index=True)
    township_id: Mapped[Optional[int]] = mapped_column(ForeignKey("township.id"))
    reporter_id: Mapped[Optional[int]] = mapped_column(ForeignKey("person.id"))
    status: Mapped[str] = mapped_column(String(16))  # one of STATUSES
    # [{"label": "排查", "value": 412, "unit": "户"}, …] as the reporter wrote them.
    figures: Mapped[list] = mapped_column(JsonType, default=list)
    raw_text: Mapped[str] = mapped_column(Text, default="")
    parse: Mapped[dict] = mapped_column(JsonType, default=dict)  # what the parser understood
    openid: Mapped[Optional[str]] = mapped_column(String(64))
    evidence: Mapped[list] = mapped_column(JsonType, default=list)  # [{"media_id", "url", "at"}]
    created_at: Mapped[datetime]
    withdrawn_at: Mapped[Optional[datetime]]

    task: Mapped[Task] = relationship()
    township: Mapped[Optional[Township]] = relationship()
    reporter: Mapped[Optional[Person]] = relationship()
