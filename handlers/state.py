"""Conversation state per openid, in the database: survives restarts and works across workers.

A conversation is named by `kind` ("paging" for 更多, later "report" for a pending question…);
each openid has at most one row per kind. An expired row reads as absent but is kept, so a
conversation that ran out (a half-finished report) can still be found as a draft.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session

from models import ConversationState
from models.db import upsert_insert

PAGING = "paging"


def load(session: Session, openid: str, kind: str, now: datetime) -> ConversationState | None:
    state = session.scalar(
        _fresh(select(ConversationState))
        .where(ConversationState.openid == openid, ConversationState.kind == kind)
    )
    return state if state is not None and state.expires_at > now else None


def conversations(session: Session, openid: str) -> list[ConversationState]:
    """Every conversation row of this user, expired ones too, latest first: at most one per kind,
    read once per message by the router for both its open questions and paging."""
    return list(session.scalars(_CONVERSATIONS, {"openid": openid}))


def open_questions(rows: list[ConversationState], now: datetime) -> list[ConversationState]:
    """Of `rows`, the live conversations waiting for this user's answer (paging is not a question)."""
    return [row for row in rows if row.kind != PAGING and row.expires_at > now]


def save(session: Session, openid: str, kind: str, *, now: datetime, ttl: timedelta,
         step: str = "", data: dict | None = None) -> None:
    values = {"step": step, "data": data or {}, "expires_at": now + ttl, "updated_at": now}
    statement = upsert_insert(session, ConversationState).values(openid=openid, kind=kind, **values)
    session.execute(statement.on_conflict_do_update(
        index_elements=[ConversationState.openid, ConversationState.kind], set_=values))


def clear(session: Session, openid: str, kind: str) -> None:
    session.execute(delete(ConversationState).where(
        ConversationState.openid == openid, ConversationState.kind == kind))


def _fresh(query):
    # `save` writes with an upsert that bypasses the identity map: always read the row anew.
    return query.execution_options(populate_existing=True)


_CONVERSATIONS = (_fresh(select(ConversationState)).where(ConversationState.openid == bindparam("openid"))
                  .order_by(ConversationState.updated_at.desc()))  # built once: read for every message
