"""A row per named critical section; see services/locks.py."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, func
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class NamedLock(Base):
    __tablename__ = "named_lock"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    acquired_at: Mapped[datetime] = mapped_column(server_default=func.now())
