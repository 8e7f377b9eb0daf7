"""Conversation state kept in the database, so a question asked by one worker can be answered
by another, and a restart forgets nothing."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, JsonType


class ConversationState(Base):
    """One open exchange of an openid: `kind` names the conversation, `step` where it stands."""

    __tablename__ = "conversation_state"
    __table_args__ = (UniqueConstraint("openid", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    openid: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    step: Mapped[str] = mapped_column(String(32), default="")
    data: Mapped[dict] = mapped_column(JsonType, default=dict)
    expires_at: Mapped[datetime]
    updated_at: Mapped[datetime]
