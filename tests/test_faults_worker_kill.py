"""`kill -9` of a gunicorn worker in the middle of handling a report: WeChat's retry of the same
delivery is recorded exactly once and gets the real answer.

The worker is held in the middle by the database, not by a hook in the code: the test holds the
reporter's subscriber row (PostgreSQL: the worker has recorded the delivery and, inside its answer
transaction, holds the delivery's row and waits for the subscriber's) or the write lock (SQLite:
the worker waits to record the delivery at all). The worker that accepted the test's connection
is found from the connection itself, then killed.
"""
from __future__ import annotations

import http.client
import os
import signal
import time
import urllib.parse
from datetime import datetime
from pathlib import Path

from sqlalchemy import select, text

from models import InboundMessage, ProgressReport, Subscriber
from models.db import session_scope
from services import locks
from services.bootstrap import open_database
from tests.conftest import Phone
from tests.test_reports import CONFIRMED, ISSUE_EXAMPLE
from tests import test_serve
from tests.test_serve import NOW, post_wechat
from tests.wechat_side import TOKEN, message_xml, sign

REPORTER = "o-tucheng-staff"
MSG_ID = 7_100_000_000_000_000_001
served = test_serve.served  # `bot.py serve --workers 2` on the test database


def start_delivery(base: str, xml: str) -> http.client.HTTPConnection:
    """WeChat's first delivery, sent but not yet answered."""
    timestamp, nonce = str(int(datetime.fromisoformat(NOW).timestamp())), "7"
    query = urllib.parse.urlencode({"signature": sign(TOKEN, timestamp, nonce), "timestamp": timestamp,
                                    "nonce": nonce})
    address = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    connection.request("POST", f"/wechat?{query}", body=xml.encode(), headers={"Content-Type": "text/xml"})
    return connection


def worker_serving(master: int, client_port: int, deadline: float) -> int:
    """The pid of the gunicorn worker that accepted the connection from `client_port`."""
    while time.monotonic() < deadline:
        inodes = set()
        for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[2].split(":")[1], 16) == client_port and fields[9] != "0":
                inodes.add(f"socket:[{fields[9]}]")
        for pid in _children(master):
            try:
                if inodes & {os.readlink(fd) for fd in Path(f"/proc/{pid}/fd").iterdir()}:
                    return pid
            except FileNotFoundError:  # a descriptor closed while we looked
                continue
        time.sleep(0.05)
    raise AssertionError("no worker accepted the delivery")


def _children(master: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        if int(fields[1]) == master:
            children.append(int(stat.parent.name))
    return children


def wait_for_lock_wait(session, deadline: float) -> None:
    """Until a PostgreSQL backend waits for the row this test holds."""
    activity = text("SELECT wait_event_type, state, query FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()")
    while True:
        session.execute(text("SELECT pg_stat_clear_snapshot()"))  # else the transaction's first view stays
        backends = session.connection().execute(activity).all()
        if any(wait == "Lock" and query.startswith("UPDATE subscriber") for wait, _, query in backends):
            return
        assert time.monotonic() < deadline, f"the worker never reached the subscriber row: {backends}"
        time.sleep(0.05)


def test_a_worker_killed_mid_report_leaves_the_retry_to_record_it_once(served, settings):
    db = open_database(settings, upgrade=False)
    try:
        # Bound an hour before: the delivery moves last_seen_at on, an UPDATE of the row held below.
        Phone(db, settings).later(hours=-1).bind(REPORTER, "staff", township="土城镇", name="张三")
        delivery = message_xml(sender=REPORTER, Content=ISSUE_EXAMPLE, msg_id=MSG_ID)
        postgres = db.engine.dialect.name == "postgresql"
        deadline = time.monotonic() + 30

        with db.sessions() as holder, holder.begin():
            if postgres:
                holder.scalar(select(Subscriber).where(Subscriber.openid == REPORTER).with_for_update())
            else:
                locks.hold(holder, "faults-test")  # the first write: SQLite's one write lock is ours
            first = start_delivery(served.base, delivery)
            worker = worker_serving(served.process.pid, first.sock.getsockname()[1], deadline)
            if postgres:
                wait_for_lock_wait(holder, deadline)
            else:
                time.sleep(0.5)  # it has read the request; it cannot get past the write lock
            os.kill(worker, signal.SIGKILL)
            holder.rollback()  # lock released: the dead worker's backend finds its client gone, rolls back
        try:
            first.getresponse()
            raise AssertionError("the killed worker answered")
        except (ConnectionError, http.client.HTTPException):
            pass  # WeChat saw the connection drop, and delivers the message again
        finally:
            first.close()

        retried = post_wechat(served.base, delivery)

        assert retried.splitlines()[0] == CONFIRMED
        with session_scope(db.sessions) as session:
            reports = session.scalars(select(ProgressReport)).all()
            rows = session.scalars(select(InboundMessage).where(InboundMessage.content == ISSUE_EXAMPLE)).all()
            assert [(r.raw_text, r.openid) for r in reports] == [(ISSUE_EXAMPLE, REPORTER)]
            assert [(r.dedupe_key, r.deliveries, r.route, r.handled_at is not None) for r in rows] == [
                (f"msg:{MSG_ID}", 2 if postgres else 1, "progress_report", True)]
        assert post_wechat(served.base, delivery) == retried  # a third delivery: the stored answer
    finally:
        db.engine.dispose()
