"""`python bot.py serve` is a real gunicorn with several workers on the configured database."""
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

import pytest
import xmltodict
from sqlalchemy import select

from models import InboundMessage
from models.db import make_engine, make_session_factory, session_scope
from tests.wechat_side import TOKEN, message_xml, sign

ROOT = Path(__file__).resolve().parent.parent
NOW = "2020-05-25T09:00+08:00"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str, deadline: float) -> dict:
    while True:
        try:
            request = urllib.request.Request(url, headers={"Accept": "application/json"})
            with urllib.request.urlopen(request, timeout=2) as response:
                return json.loads(response.read())
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


class Served:
    """`bot.py serve --workers 2` on the test database, answering at `base`."""

    def __init__(self, database_url: str):
        port = free_port()
        self.base = f"http://127.0.0.1:{port}"
        self.env = {**os.environ, "DATABASE_URL": database_url, "BOT_NOW": NOW, "WECHAT_TOKEN": TOKEN}
        # A file, not a pipe: nobody reads while it runs, and a full pipe would stall the workers.
        self.log = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
        self.process = subprocess.Popen(
            [sys.executable, "bot.py", "serve", "--port", str(port), "--workers", "2"],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT, text=True,
        )
        self.output = None

    def stop(self) -> str:
        if self.output is None:
            self.process.terminate()
            self.process.wait(timeout=30)
            self.log.seek(0)
            self.output = self.log.read()
            self.log.close()
        return self.output


@pytest.fixture
def served(database_url):
    server = Served(database_url)
    try:
        get(f"{server.base}/", time.monotonic() + 30)  # up: schema upgraded, plan loaded
        yield server
    finally:
        output = server.stop()
    assert server.process.returncode == 0, output[-2000:]


def post_wechat(base: str, xml: str) -> str:
    timestamp, nonce = str(int(datetime.fromisoformat(NOW).timestamp())), "42"
    query = urllib.parse.urlencode({"signature": sign(TOKEN, timestamp, nonce), "timestamp": timestamp,
                                    "nonce": nonce})
    request = urllib.request.Request(f"{base}/wechat?{query}", data=xml.encode(), method="POST")
    with urllib.request.urlopen(request, timeout=10) as response:
        return xmltodict.parse(response.read())["xml"]["Content"]


def test_serve_runs_gunicorn_workers_on_the_database(served):
    answers = [get(f"{served.base}/", time.monotonic() + 30) for _ in range(6)]
    output = served.stop()
    assert "Starting gunicorn" in output and output.count("Booting worker") == 2
    assert all(a["plans"][0]["tasks"] == 15 and a["now"] == "2020-05-25T09:00:00+08:00" for a in answers)
    assert answers[0]["plans"][0]["county"] == "丰宁满族自治县"  # Chinese kept readable


def test_workers_share_retries_and_conversations(served, database_url):
    base, env = served.base, served.env
    retried = message_xml(Content="帮助", msg_id=5_000_000_001)
    with ThreadPoolExecutor(6) as pool:
        replies = list(pool.map(lambda _: post_wechat(base, retried), range(6)))
    assert len(set(replies)) == 1 and replies[0].startswith("民政助手能为您做这些")

    invite = subprocess.run([sys.executable, "bot.py", "invite", "--role", "leader", "--person", "李晓芬"],
                            cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout
    code = re.search(r"绑定码:(\S+)", invite).group(1)
    # Three messages of one conversation; with two workers, no one process sees all of them.
    assert "请发送绑定码" in post_wechat(base, message_xml(Content="绑定", msg_id=5_000_000_002))
    assert post_wechat(base, message_xml(Content=code, msg_id=5_000_000_003)).startswith("绑定成功")
    assert post_wechat(base, message_xml(Content="我的任务", msg_id=5_000_000_004)).startswith("您负责的")

    engine = make_engine(database_url)
    try:
        with session_scope(make_session_factory(engine)) as session:
            rows = session.scalars(select(InboundMessage).order_by(InboundMessage.id)).all()
            assert [(r.content, r.deliveries) for r in rows] == [
                ("帮助", 6), ("绑定", 1), (code, 1), ("我的任务", 1)]
    finally:
        engine.dispose()
