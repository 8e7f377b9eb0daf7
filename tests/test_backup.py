"""`python bot.py backup --out FILE`: SQLite's online backup while the service writes; pg_dump on PostgreSQL."""
from __future__ import annotations

import sqlite3
import threading
from datetime import datetime, timezone

import pytest
from sqlalchemy import func, select

from models import InboundMessage
from models.db import session_scope

PAIR = 2  # the writer commits its rows two at a time: a consistent copy never holds half a pair


def count(db) -> int:
    with session_scope(db.sessions) as session:
        return session.scalar(select(func.count(InboundMessage.id)))


def write_pairs(db, stop: threading.Event, written: threading.Event) -> None:
    n = 0
    while not stop.is_set():
        with session_scope(db.sessions) as session:
            for _ in range(PAIR):
                n += 1
                session.add(InboundMessage(dedupe_key=f"msg:{n}", openid="oWriter", msg_type="text", content="x" * 200,
                                           received_at=datetime.now(timezone.utc)))
        if n >= 40:
            written.set()


def test_a_backup_while_another_thread_writes_is_a_consistent_copy(db, settings, run, tmp_path):
    if not settings.database_url.startswith("sqlite"):
        pytest.skip("SQLite's online backup; PostgreSQL has pg_dump")
    stop, written = threading.Event(), threading.Event()
    writer = threading.Thread(target=write_pairs, args=(db, stop, written))
    writer.start()
    try:
        assert written.wait(30)
        before = count(db)
        result = run("backup", "--out", tmp_path / "backup.sqlite3")
        after = count(db)
    finally:
        stop.set()
        writer.join(30)
    assert result.exit_code == 0, result.output
    assert after > before  # the writer went on during the backup
    copy = sqlite3.connect(tmp_path / "backup.sqlite3")
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    rows = copy.execute("SELECT count(*) FROM inbound_message").fetchone()[0]
    copy.close()
    assert before <= rows <= after and rows % PAIR == 0
    assert f"inbound_message:{rows} 行" in result.output
    assert "MB" in result.output
    assert not list(tmp_path.glob(".backup.sqlite3.*"))  # no temporary copy left behind


def test_an_existing_file_is_kept_unless_forced(db, settings, run, tmp_path):
    if not settings.database_url.startswith("sqlite"):
        pytest.skip("SQLite only")
    out = tmp_path / "backup.sqlite3"
    out.write_text("an older backup")
    refused = run("backup", "--out", out)
    assert refused.exit_code == 1 and "--force" in refused.output
    assert out.read_text() == "an older backup"
    forced = run("backup", "--out", out, "--force")
    assert forced.exit_code == 0, forced.output
    assert sqlite3.connect(out).execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_postgresql_points_at_pg_dump(db, settings, run, tmp_path):
    if settings.database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL only")
    result = run("backup", "--out", tmp_path / "backup.sqlite3")
    assert result.exit_code == 1
    assert "pg_dump -Fc" in result.output and "pg_restore" in result.output
    assert not (tmp_path / "backup.sqlite3").exists()
