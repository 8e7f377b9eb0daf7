"""Who the plan names: townships, the bureau's departments and township offices, and people."""
from __future__ import annotations

from typing import Optional

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base

ROLES = ("leader", "staff", "admin")
DEPARTMENT_KINDS = ("office", "township_office")


class Township(Base):
    """A 乡 / 镇 / 街道 / 开发区 of a county."""

    __tablename__ = "township"
    __table_args__ = (UniqueConstraint("county", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    county: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))  # 镇, 乡, 民族乡, 街道, 开发区

    office: Mapped[Optional["Department"]] = relationship(back_populates="township")

    def __repr__(self) -> str:
        return f"Township({self.county} {self.name})"


class Department(Base):
    """A 股室 of the bureau (kind office) or a township's 民政办 (kind township_office)."""

    __tablename__ = "department"
    __table_args__ = (UniqueConstraint("county", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    county: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(16))
    township_id: Mapped[Optional[int]] = mapped_column(ForeignKey("township.id"), unique=True)

    township: Mapped[Optional[Township]] = relationship(back_populates="office")

    def __repr__(self) -> str:
        return f"Department({self.name})"


class Person(Base):
    """A leader named by the plan, or (from binding) a staff member or admin."""

    __tablename__ = "person"
    __table_args__ = (
        # A leader is one person per county and name, whichever plans name them.
        Index(
            "uq_person_role_county_name",
            "role", "county", "name",
            unique=True,
            sqlite_where=text("township_id IS NULL"),
            postgresql_where=text("township_id IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))  # one of ROLES
    county: Mapped[str] = mapped_column(String(64), default="")
    township_id: Mapped[Optional[int]] = mapped_column(ForeignKey("township.id"))
    # Where the office wants this person's reminders when they are reachable both ways: wechat or
    # wecom; None follows REMINDER_PREFER.
    reminder_channel: Mapped[Optional[str]] = mapped_column(String(16))

    township: Mapped[Optional[Township]] = relationship()

    def __repr__(self) -> str:
        return f"Person({self.role} {self.name})"
