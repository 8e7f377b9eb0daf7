"""The plan as data: plan → sections → tasks → milestones, and who answers for each task."""
from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.plan_parser import task_ref
from models.base import Base, JsonType
from models.organisation import Department, Person


class Plan(Base):
    __tablename__ = "plan"
    __table_args__ = (UniqueConstraint("title", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(255))
    year: Mapped[int]
    county: Mapped[Optional[str]] = mapped_column(String(64))
    publisher: Mapped[Optional[str]] = mapped_column(String(128))
    source: Mapped[str] = mapped_column(String(255))  # file name it was imported from
    source_digest: Mapped[str] = mapped_column(String(64))  # sha256 of the parsed content
    imported_at: Mapped[datetime]  # from config.Clock, like every time the code records
    updated_at: Mapped[datetime]
    # The plan's own reminder cadence; None keeps the default (core.reminder_policy).
    reminder_policy: Mapped[Optional[dict]] = mapped_column(JsonType)
    # Its parts outside the task blocks (core.plan_document.Part as JSON), for the answers.
    document: Mapped[Optional[list]] = mapped_column(JsonType)

    sections: Mapped[list["Section"]] = relationship(
        back_populates="plan", order_by="Section.position", cascade="all, delete-orphan"
    )
    tasks: Mapped[list["Task"]] = relationship(
        back_populates="plan", order_by="Task.position", cascade="all, delete-orphan"
    )


class Section(Base):
    """(一)脱贫攻坚方面 under 三、具体任务及措施."""

    __tablename__ = "section"
    __table_args__ = (UniqueConstraint("plan_id", "heading", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"))
    heading: Mapped[str] = mapped_column(String(8))  # 三
    number: Mapped[str] = mapped_column(String(8))  # 一
    title: Mapped[str] = mapped_column(String(255))
    position: Mapped[int]

    plan: Mapped[Plan] = relationship(back_populates="sections")
    tasks: Mapped[list["Task"]] = relationship(back_populates="section", order_by="Task.position")


class Task(Base):
    """A numbered task of the plan; a task with several 责任 blocks has one row per part."""

    __tablename__ = "task"
    __table_args__ = (UniqueConstraint("plan_id", "section_id", "number", "part"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("section.id"))
    number: Mapped[str] = mapped_column(String(16))
    part: Mapped[int] = mapped_column(default=1)
    heading: Mapped[Optional[str]] = mapped_column(Text)  # the numbered line shared by all parts
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text, default="")
    measures: Mapped[list] = mapped_column(JsonType, default=list)
    leaders_text: Mapped[str] = mapped_column(Text, default="")  # as written in the plan
    departments_text: Mapped[str] = mapped_column(Text, default="")
    deadline_text: Mapped[str] = mapped_column(Text, default="")
    # Set when the deadline grammar could not read deadline_text: a date must be set by hand.
    deadline_error: Mapped[Optional[str]] = mapped_column(Text)
    position: Mapped[int]
    source_line: Mapped[Optional[int]]
    # A task dropped from a re-imported plan is retired, never deleted: progress may point at it.
    active: Mapped[bool] = mapped_column(default=True)

    plan: Mapped[Plan] = relationship(back_populates="tasks")
    section: Mapped[Section] = relationship(back_populates="tasks")
    milestones: Mapped[list["Milestone"]] = relationship(
        back_populates="task", order_by="Milestone.position", cascade="all, delete-orphan"
    )
    leader_links: Mapped[list["TaskLeader"]] = relationship(
        back_populates="task", order_by="TaskLeader.position", cascade="all, delete-orphan"
    )
    department_links: Mapped[list["TaskDepartment"]] = relationship(
        back_populates="task", order_by="TaskDepartment.position", cascade="all, delete-orphan"
    )

    @property
    def needs_deadline(self) -> bool:
        return self.deadline_error is not None and not any(m.set_by_hand for m in self.milestones)

    @property
    def ref(self) -> str:
        """How the plan is cited: 三(一)3, with the part where there are several (三(一)3-2)."""
        return task_ref(self.section.heading, self.section.number, self.number, self.part,
                        self.heading is not None)

    @property
    def leaders(self) -> list[Person]:
        return [link.person for link in self.leader_links]

    @property
    def departments(self) -> list[Department]:
        return [link.department for link in self.department_links]


class Milestone(Base):
    """A dated (or ongoing / recurring / conditional) step of a task's deadline."""

    __tablename__ = "milestone"
    __table_args__ = (UniqueConstraint("task_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"))
    position: Mapped[int]
    due: Mapped[Optional[date]] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(String(16))  # once / recurring / ongoing / conditional
    every: Mapped[Optional[str]] = mapped_column(String(16))  # week / month / quarter / half_year / year
    label: Mapped[Optional[str]] = mapped_column(Text)
    source_text: Mapped[str] = mapped_column(Text, default="")
    # Fixed by an admin: a re-import leaves it as it is.
    set_by_hand: Mapped[bool] = mapped_column(default=False)
    done_at: Mapped[Optional[datetime]]
    active: Mapped[bool] = mapped_column(default=True)

    task: Mapped[Task] = relationship(back_populates="milestones")


class TaskLeader(Base):
    __tablename__ = "task_leader"

    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), primary_key=True, index=True)
    position: Mapped[int]

    task: Mapped[Task] = relationship(back_populates="leader_links")
    person: Mapped[Person] = relationship()


class TaskDepartment(Base):
    __tablename__ = "task_department"

    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), primary_key=True)
    department_id: Mapped[int] = mapped_column(
        ForeignKey("department.id"), primary_key=True, index=True
    )
    position: Mapped[int]
    # The plan's words this assignment came from ("各乡镇(开发区)民政办" for each township office).
    as_written: Mapped[str] = mapped_column(String(128))

    task: Mapped[Task] = relationship(back_populates="department_links")
    department: Mapped[Department] = relationship()
