"""`kill -9` of `bot.py remind` (decide, then dispatch) against the served WeChat stand-in, then a
restart: every due reminder reaches its person, and the only message that can arrive twice is
the one call that was in flight when the process died.

The process is held inside a call by a delayed answer from the stand-in; the test knows it is
inside once the stand-in has taken the fault for that path. The repeat window is the outbox's
sending lease (services/outbox.py LEASE): a message claimed by a process that died is sent again
by the first pass after the lease, never before.
"""
from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from fake_wechat import make_fake_server
from models import OutboxMessage, Reminder
from models.db import session_scope
from services.outbox import LEASE
from tests.conftest import FAKE_APP_ID, FAKE_SECRET, PROJECT_ROOT, Fake, FakeClock
from tests.test_outbox import NOW, TEMPLATE_ID, TEMPLATE_PATH, World

TOKEN_PATH = "/cgi-bin/token"
LEADERS = ("李晓芬", "杨亚威", "赵玉林")
HELD = 20.0  # seconds the stand-in keeps the killed process waiting; it is killed long before


@pytest.fixture
def stand_in():
    """The served stand-in (as conftest's `fake`), with its state in reach: a test can see the
    moment a call has arrived, not only when it has been answered."""
    clock = FakeClock()
    server = make_fake_server("127.0.0.1", 0, {FAKE_APP_ID: FAKE_SECRET}, now=clock)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    fake = Fake(f"http://127.0.0.1:{server.port}", clock)
    fake.state = server.app.extensions["fake_wechat"]
    yield fake
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def world(loaded_db, settings, stand_in) -> World:
    stand_in.control("templates", template_id=TEMPLATE_ID)
    world = World(loaded_db, settings, stand_in)
    for name in LEADERS:
        world.bind(name)
    return world


def remind(world: World, now: datetime) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": world.settings.database_url, "WECHAT_APP_ID": FAKE_APP_ID,
           "WECHAT_APP_SECRET": FAKE_SECRET, "WECHAT_API_BASE": world.fake.api_base,
           "WECHAT_TEMPLATE_ID": TEMPLATE_ID}
    env.pop("BOT_NOW", None)
    return subprocess.Popen([sys.executable, "bot.py", "remind", "--now", now.isoformat()], cwd=PROJECT_ROOT,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def finish(process: subprocess.Popen) -> str:
    output = process.communicate(timeout=60)[0]
    assert process.returncode == 0, output
    return output


def kill_inside(world: World, process: subprocess.Popen, path: str) -> None:
    """SIGKILL once the stand-in has taken `path`'s delayed call from the process."""
    deadline = time.monotonic() + 30
    while world.fake.state.faults[path]:
        assert process.poll() is None, process.communicate()[0]
        assert time.monotonic() < deadline, "the process never made the call"
        time.sleep(0.02)
    process.kill()
    process.wait()


def test_killed_between_deciding_and_sending_every_reminder_still_goes_once(world):
    world.fake.control("faults", path=TOKEN_PATH, delay=HELD)  # stuck before its first send
    kill_inside(world, remind(world, NOW), TOKEN_PATH)

    reminders = world.reminders()
    assert reminders and {r.status for r in reminders} == {"queued"}  # decided and bundled: committed
    assert sorted(r.status for r in world.rows()) == ["pending", "pending", "sending"]
    assert world.sent() == []

    finish(remind(world, NOW + timedelta(minutes=5)))  # the others; the claimed one is leased
    assert len(world.sent()) == 2
    finish(remind(world, NOW + LEASE))
    received = Counter(m["openid"] for m in world.sent())
    assert received == {f"o-{name}": 1 for name in LEADERS}  # nothing lost, nothing twice
    assert {r.status for r in world.rows()} == {"sent"}
    assert {r.status for r in world.reminders()} == {"queued"} and len(world.reminders()) == len(reminders)


def test_killed_between_sending_and_recording_only_the_call_in_flight_repeats(world):
    world.fake.control("faults", path=TEMPLATE_PATH, delay=2.0)
    kill_inside(world, remind(world, NOW), TEMPLATE_PATH)
    deadline = time.monotonic() + 10
    while not world.sent():  # the stand-in answers the dead process's call: WeChat delivered it
        assert time.monotonic() < deadline
        time.sleep(0.05)
    [in_flight] = [r for r in world.rows() if r.status == "sending"]
    assert in_flight.sent_at is None  # its outcome was never recorded

    passes = []
    for now in (NOW + timedelta(minutes=1), NOW + LEASE - timedelta(seconds=1), NOW + LEASE):
        finish(remind(world, now))
        passes.append((int((now - NOW).total_seconds()), Counter(m["openid"] for m in world.sent())))
    repeats = {when: [openid for openid, n in received.items() if n > 1] for when, received in passes}
    window = min((when for when, repeated in repeats.items() if repeated), default=None)
    described = f"openids repeated by a pass N s after the kill: {repeats}; first repeat at {window} s"
    print(described)
    assert window == LEASE.total_seconds(), described
    assert passes[-1][1] == {**{f"o-{name}": 1 for name in LEADERS}, in_flight.openid: 2}, described
    assert {r.status for r in world.rows()} == {"sent"}
    with session_scope(world.db.sessions) as session:
        assert session.scalar(select(OutboxMessage.attempts).where(OutboxMessage.id == in_flight.id)) == 2
        assert set(session.scalars(select(Reminder.status))) == {"queued"}
