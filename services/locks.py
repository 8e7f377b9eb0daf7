"""Critical sections shared by every process on the database, held until the transaction ends.

Taking the lock is an upsert of the lock's row: PostgreSQL makes a second writer of that row wait
for the first to commit, and SQLite, where it is the transaction's first statement, hands the
whole database's write lock to one connection at a time (the others wait up to busy_timeout).
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from models.db import upsert_insert
from models.locks import NamedLock

PLAN_WRITE = "plan-write"


def hold(session: Session, name: str) -> None:
    """Block until this transaction alone holds `name`. Call it first thing in the transaction."""
    statement = upsert_insert(session, NamedLock).values(name=name)
    # DO UPDATE, not DO NOTHING: only an update locks an existing row on PostgreSQL.
    session.execute(
        statement.on_conflict_do_update(index_elements=[NamedLock.name], set_={"name": statement.excluded.name})
    )
