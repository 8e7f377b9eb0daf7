"""A row per named critical section; see services/locks.py."""
from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class NamedLock(Base):
    __tablename__ = "named_lock"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
