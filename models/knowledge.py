"""The policy knowledge base: passages written from a plan, the synonym map, and every question
asked with what the bot made of it (so an admin can see what it could not answer)."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, JsonType


class KnowledgePassage(Base):
    """One fact a resident or staff member may ask about, with where in the plan it comes from."""

    __tablename__ = "knowledge_passage"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)  # dibao_standard
    topic: Mapped[str] = mapped_column(String(128))  # 农村低保标准: offered in a clarifying question
    text: Mapped[str] = mapped_column(Text)
    keywords: Mapped[list] = mapped_column(JsonType, default=list)
    plan_title: Mapped[str] = mapped_column(String(255))
    plan_year: Mapped[int]
    cite_as: Mapped[str] = mapped_column(String(64))  # 2020年推进方案
    section: Mapped[str] = mapped_column(String(128), default="")
    ref: Mapped[str] = mapped_column(String(32))  # 三(二)1: also finds the task (who, by when)
    # Bumped on every write: the retriever cache is keyed by it, so an edit takes effect at once
    # even when the clock stands still.
    revision: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime]
    # Retired: kept (and restorable) but no longer used to answer.
    retired_at: Mapped[Optional[datetime]]


class KnowledgeSynonym(Base):
    """A way residents say a term (底保) and the term the passages use (低保)."""

    __tablename__ = "knowledge_synonym"

    id: Mapped[int] = mapped_column(primary_key=True)
    variant: Mapped[str] = mapped_column(String(64), unique=True)
    term: Mapped[str] = mapped_column(String(64))
    revision: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime]


class PolicyQuestion(Base):
    """A question asked, the passage chosen (its key, kept if the passage is removed later), the
    score, whether it was answered, and the asker's 有用 / 没用."""

    __tablename__ = "policy_question"
    __table_args__ = (Index("ix_policy_question_openid_asked_at", "openid", "asked_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    openid: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    passage_key: Mapped[Optional[str]] = mapped_column(String(64))
    score: Mapped[float] = mapped_column(default=0.0)
    answered: Mapped[bool] = mapped_column(default=False)
    outcome: Mapped[str] = mapped_column(String(16))  # answer / clarify / decline
    reason: Mapped[str] = mapped_column(String(16), default="")  # why declined: personal, no_match…
    feedback: Mapped[Optional[str]] = mapped_column(String(8))  # 有用 / 没用
    asked_at: Mapped[datetime]
    feedback_at: Mapped[Optional[datetime]]
