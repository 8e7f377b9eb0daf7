"""Shared fixtures: every database test runs on SQLite and, where dev.py started one, PostgreSQL.

Each test gets a database of its own, created empty and upgraded by the real Alembic migrations.
"""
from __future__ import annotations

import os
import threading
import time
import uuid
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import requests
from sqlalchemy import create_engine, text

from config import Settings
from config.settings import COUNTIES_DIR, DEFAULT_PLAN
from services.bootstrap import Database, load_default_plan_if_empty, load_knowledge_if_empty, open_database

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED = PROJECT_ROOT.parent / "shared"
SEED_PLAN = SHARED / "seeds" / "fengning-minzheng-2020-plan.txt"
SEED_TOWNSHIPS = SHARED / "seeds" / "fengning-townships.txt"
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL")


@pytest.fixture
def run(database_url, monkeypatch):
    """`python bot.py ARGS` against the test database; returns click's Result."""
    from click.testing import CliRunner

    from bot import cli

    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.delenv("BOT_NOW", raising=False)
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)

    yield invoke


@pytest.fixture
def seed_plan() -> Path:
    if not SEED_PLAN.exists():
        pytest.skip("../shared/seeds is not beside the project")
    return SEED_PLAN


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """An empty database, on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.sqlite3'}"
        return
    if not POSTGRES_URL:
        pytest.skip("PostgreSQL not started (run the tests with `python3 dev.py test`)")
    name = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def settings(database_url) -> Settings:
    return Settings(
        database_url=database_url,
        fixed_now=datetime(2020, 5, 25, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")),
        default_plan=DEFAULT_PLAN,
        counties_dir=COUNTIES_DIR,
        secret_key="test-secret-key",
    )


@pytest.fixture
def db(settings) -> Database:
    """An upgraded, empty database."""
    database = open_database(settings)
    yield database
    database.engine.dispose()


@pytest.fixture
def loaded_db(db, settings) -> Database:
    """The database with the bundled 2020 plan loaded."""
    load_default_plan_if_empty(db, settings)
    return db


class Phone:
    """Messages sent as a WeChat user would, through inbox → router → handlers, without Flask."""

    def __init__(self, db: Database, settings: Settings):
        self.db, self.settings = db, settings

    def send(self, inbound):
        from channels import terminal

        return terminal.send(self.db, self.settings, inbound)

    def say(self, openid: str, text: str):
        from handlers.messages import Inbound

        return self.send(Inbound(openid=openid, kind="text", text=text))

    def later(self, **delta) -> "Phone":
        """The same phone, with the clock moved on by timedelta(**delta)."""
        from datetime import timedelta

        return Phone(self.db, self.settings.with_overrides(fixed_now=self.settings.fixed_now + timedelta(**delta)))

    def invite(self, role: str, **options) -> str:
        from models.db import session_scope
        from services.bootstrap import county_config
        from services.invites import issue_invite

        with session_scope(self.db.sessions) as session:
            return issue_invite(session, county_config(self.settings), role=role,
                                now=self.settings.fixed_now, **options).code

    def bind(self, openid: str, role: str, **options) -> str:
        reply = self.say(openid, f"绑定 {self.invite(role, **options)}")
        assert reply.startswith("绑定成功"), reply
        return reply


@pytest.fixture
def phone(loaded_db, settings) -> Phone:
    """A phone on a database prepared as `serve` prepares it: the plan and the knowledge base."""
    load_knowledge_if_empty(loaded_db, settings)
    return Phone(loaded_db, settings)


# --- the WeChat API stand-in, served for real on 127.0.0.1 ---------------------------------------

FAKE_APP_ID, FAKE_SECRET = "wx0000000000000001", "secret-1"


class FakeClock:
    """Real time, moved on by the test."""

    def __init__(self):
        self.offset = 0.0

    def __call__(self) -> float:
        return time.time() + self.offset


class Fake:
    """The served stand-in: its API base, its /_fake/ controls and its clock."""

    def __init__(self, url: str, clock: FakeClock):
        self.url = url
        self.api_base = f"{url}/cgi-bin/"
        self.clock = clock

    def control(self, name: str, **body) -> dict:
        answer = requests.post(f"{self.url}/_fake/{name}", json=body or None, timeout=5)
        answer.raise_for_status()
        return answer.json()

    def control_get(self, name: str) -> dict:
        answer = requests.get(f"{self.url}/_fake/{name}", timeout=5)
        answer.raise_for_status()
        return answer.json()

    def calls(self, path: str | None = None) -> list[dict]:
        params = {"path": path} if path else {}
        answer = requests.get(f"{self.url}/_fake/calls", params=params, timeout=5)
        return answer.json()["calls"]

    def errcodes(self, path: str) -> list[int | None]:
        return [call["errcode"] for call in self.calls(path)]

    def token_fetches(self) -> int:
        return len(self.calls("/cgi-bin/token"))

    def messages(self, openid: str | None = None) -> list[dict]:
        params = {"openid": openid} if openid else {}
        return requests.get(f"{self.url}/_fake/messages", params=params, timeout=5).json()["messages"]


@pytest.fixture
def fake():
    from fake_wechat import make_fake_server

    from tests.wecom_side import AGENT_ID, CORP_ID, CORP_SECRET

    clock = FakeClock()
    server = make_fake_server("127.0.0.1", 0, {FAKE_APP_ID: FAKE_SECRET}, now=clock,
                              wecom={CORP_ID: (CORP_SECRET, int(AGENT_ID))})
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    yield Fake(f"http://127.0.0.1:{server.port}", clock)
    server.shutdown()
    thread.join(timeout=5)




# --- WeChat's servers calling /wechat ----------------------------------------------------------------

@pytest.fixture
def make_wechat(settings, db):
    """WeChat calling an app built with these settings changes (token, keys, clock)."""
    from channels.app import create_app
    from tests.wechat_side import AES_KEY, APP_ID, TOKEN, WeChat

    def make(**changes):
        configured = {"wechat_token": TOKEN, "wechat_app_id": APP_ID, "wechat_aes_key": AES_KEY, **changes}
        app = create_app(settings.with_overrides(**configured), db)
        return WeChat(app, token=configured["wechat_token"] or TOKEN, app_id=configured["wechat_app_id"] or APP_ID,
                      aes_key=configured["wechat_aes_key"] or AES_KEY)
    return make


@pytest.fixture
def wechat(make_wechat):
    return make_wechat()


