"""The database goes away under the webhook: WeChat hears the short apology well inside its 5 s,
and the service answers normally again by itself once the database is back.

PostgreSQL runs in a cluster of its own here (tests/pg_cluster.py), never the shared test server.
It is down for a few seconds, not a minute: every request made while it is down meets a refused
or broken connection the same way, whether the outage lasts ten seconds or ten minutes; what
matters is that the pooled connections die with the server and that nothing waits on it.
"""
from __future__ import annotations

import socket
import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from channels.app import create_app
from channels.wechat_inbound import APOLOGY
from config import Settings
from config.settings import COUNTIES_DIR, DEFAULT_PLAN
from models import InboundMessage
from services.bootstrap import Database, prepare
from models.db import make_engine, make_session_factory
from tests.pg_cluster import Cluster
from tests.wechat_side import AES_KEY, APP_ID, TOKEN, WeChat

WECHAT_BUDGET = 5.0  # seconds WeChat waits for an answer


@pytest.fixture
def cluster():
    cluster = Cluster.create()
    if cluster is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.remove()


def configured(database_url: str) -> Settings:
    return Settings(database_url=database_url, default_plan=DEFAULT_PLAN, counties_dir=COUNTIES_DIR,
                    fixed_now=datetime(2020, 5, 25, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")),
                    wechat_token=TOKEN, wechat_app_id=APP_ID, wechat_aes_key=AES_KEY)


def timed_text(wechat: WeChat, content: str) -> tuple[str, float]:
    started = time.monotonic()
    answer = wechat.content(wechat.text(content))
    return answer, time.monotonic() - started


def test_webhook_apologises_while_postgresql_is_down_and_recovers(cluster):
    settings = configured(cluster.url)
    db = prepare(settings)
    wechat = WeChat(create_app(settings, db))
    try:
        assert timed_text(wechat, "帮助")[0].startswith("民政助手能为您做这些")  # the pool holds a connection

        cluster.stop("fast")
        down = [timed_text(wechat, "帮助") for _ in range(3)]
        assert [answer for answer, _ in down] == [APOLOGY] * 3
        slowest = max(took for _, took in down)
        assert slowest < WECHAT_BUDGET, f"an apology took {slowest:.2f} s"

        cluster.start()
        back, _ = timed_text(wechat, "帮助")
        assert back.startswith("民政助手能为您做这些")
        assert wechat.count(InboundMessage) == 2  # before and after; nothing half-written meanwhile
    finally:
        db.engine.dispose()


def test_a_database_host_that_never_answers_costs_an_apology_not_a_hang():
    """A host that accepts the connection and then says nothing (a hung server, a dead route):
    without a connect timeout the worker would wait on it for minutes."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)  # the kernel completes the handshake; nobody ever answers
        url = f"postgresql+psycopg://postgres@127.0.0.1:{silent.getsockname()[1]}/postgres"
        settings = configured(url)
        engine = make_engine(url)
        wechat = WeChat(create_app(settings, Database(engine, make_session_factory(engine))))
        try:
            answer, took = timed_text(wechat, "帮助")
        finally:
            engine.dispose()
    assert answer == APOLOGY
    assert took < WECHAT_BUDGET, f"the apology took {took:.2f} s"
