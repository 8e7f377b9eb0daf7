"""Engines and sessions. One Session per request, job or command, opened at the edge."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

# Seconds to wait for PostgreSQL to accept a connection. libpq's default is to wait for ever (and
# here psycopg gave up after 130 s): a hung or unreachable server would hold a webhook request
# far past WeChat's 5 s, when the short apology is all it can still give.
CONNECT_TIMEOUT = 3


def make_engine(database_url: str, **kwargs) -> Engine:
    url = make_url(database_url)
    # Errors then name the statement but not its values: those are openids and what people wrote,
    # and a logged traceback must not carry them.
    kwargs.setdefault("hide_parameters", True)
    if url.get_backend_name() != "sqlite":
        # pre-ping: after a restart of the server the pooled connections are dead; test each first.
        connect_args = {} if "connect_timeout" in url.query else {"connect_timeout": CONNECT_TIMEOUT}
        return create_engine(url, pool_pre_ping=True, connect_args=connect_args, **kwargs)
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    synchronous = url.query.get("synchronous", "normal").upper()
    if synchronous not in SQLITE_SYNCHRONOUS:
        raise ValueError(f"DATABASE_URL: synchronous={synchronous.lower()}, expected normal or full")
    engine = create_engine(url.difference_update_query(["synchronous"]), connect_args={"timeout": 15}, **kwargs)
    event.listen(engine, "connect", lambda connection, _record: _sqlite_pragmas(connection, synchronous))
    return engine


# WAL + NORMAL: a commit is written to the WAL but not fsynced (the WAL is synced at checkpoints).
# A killed process loses nothing committed: the WAL is in the OS's page cache, and the next
# connection recovers it. Only an OS crash or power loss can roll back the last transactions
# before a checkpoint; FULL (`sqlite:///….sqlite3?synchronous=full`) closes that too, with an
# fsync per commit (here 2–4 ms, two per message, inside SQLite's one write lock).
SQLITE_SYNCHRONOUS = ("NORMAL", "FULL")


def _sqlite_pragmas(dbapi_connection, synchronous: str) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")  # SQLite leaves them off unless asked
    cursor.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer
    cursor.execute(f"PRAGMA synchronous={synchronous}")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.close()


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One transaction: commit on success, roll back on any error."""
    with factory() as session, session.begin():
        yield session


_INSERTS = {"postgresql": pg_insert, "sqlite": sqlite_insert}


def upsert_insert(session: Session, model):
    """An INSERT for `model` that knows ON CONFLICT, on whichever backend the session uses."""
    return _INSERTS[session.get_bind().dialect.name](model)
