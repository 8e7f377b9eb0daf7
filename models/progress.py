"""Progress recorded against a task. Re-importing a plan must never remove it.

The history is every row; the current state of a (task, township) is its latest row that was not
withdrawn (撤回). A later report supersedes an earlier one without changing it. A report the bot
had to ask about waits as a `ReportDraft`; one never completed stays a draft.
"""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, JsonType
from models.organisation import Person, Township
from models.plan import Milestone, Task

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
    # The milestone a "done" report counts towards: the task's earliest open dated one when sent.
    milestone_id: Mapped[Optional[int]] = mapped_column(ForeignKey("milestone.id"), index=True)
    created_at: Mapped[datetime]
    withdrawn_at: Mapped[Optional[datetime]]

    task: Mapped[Task] = relationship()
    township: Mapped[Optional[Township]] = relationship()
    reporter: Mapped[Optional[Person]] = relationship()
    milestone: Mapped[Optional[Milestone]] = relationship()


class ReportDraft(Base):
    """A report the bot asked about ("您说的是:1 … 2 …?"), kept from the moment it asked.

    Answered: `report_id` points at what was recorded. Dropped (取消, or a new report instead):
    `closed_at`. Neither, once `expires_at` passed: a draft the reporter never finished.
    """

    __tablename__ = "report_draft"

    id: Mapped[int] = mapped_column(primary_key=True)
    openid: Mapped[str] = mapped_column(String(64), index=True)
    reporter_id: Mapped[Optional[int]] = mapped_column(ForeignKey("person.id"))
    township_id: Mapped[Optional[int]] = mapped_column(ForeignKey("township.id"))
    raw_text: Mapped[str] = mapped_column(Text, default="")
    parse: Mapped[dict] = mapped_column(JsonType, default=dict)  # the reading so far, with its question
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    closed_at: Mapped[Optional[datetime]]
    report_id: Mapped[Optional[int]] = mapped_column(ForeignKey("progress_report.id"))

    reporter: Mapped[Optional[Person]] = relationship()
    report: Mapped[Optional[ProgressReport]] = relationship()
