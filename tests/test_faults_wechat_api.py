"""WeChat's API misbehaving in every way within one working day and the next, over several
dispatcher passes on an advancing clock: HTTP 5xx, a call that times out, every token expiring
mid-run, the daily quota running out. Each reminder is late, none is lost, the token endpoint
sees one fetch per token actually needed, and the only message that arrives twice is the one
whose call timed out after WeChat had accepted it (the in-flight window of services/outbox.py).

Each fault alone is in tests/test_outbox.py and tests/test_token_sharing.py; this is them together.
"""
from __future__ import annotations

import time
from collections import Counter
from datetime import datetime

from channels import wechat_outbound
from channels.wechat_api import DatabaseTokens, make_client
from services.outbox import FIRST_BACKOFF
from tests import test_outbox
from tests.test_outbox import NOW, SH, TEMPLATE_PATH

APP_ID, SECRET = test_outbox.APP_ID, test_outbox.SECRET
world = test_outbox.world  # the 2020 plan, the served stand-in, settings that use it
CLIENT_TIMEOUT = 0.5  # seconds; the stand-in is told to take longer once
A_DAY = 24 * 3600


def test_reminders_survive_5xx_timeouts_expired_tokens_and_the_quota(world):
    fake = world.fake
    people = ("李晓芬", "杨亚威", "赵玉林")  # their messages go in this order
    for name in people:
        world.bind(name)
        world.remind(name, world.milestones()[0])
    client = make_client(APP_ID, SECRET, fake.api_base, timeout=CLIENT_TIMEOUT,
                         tokens=DatabaseTokens(world.db.sessions))

    def dispatch(now: datetime):
        return world.dispatch(now, send=lambda message: wechat_outbound.send(client, message))

    def status(name: str) -> str:
        return world.row(name).status

    fake.control("quota", path=TEMPLATE_PATH, limit=3)
    fake.control("faults", path=TEMPLATE_PATH, http_status=503)  # 李晓芬's first try
    fake.control("faults", path=TEMPLATE_PATH, delay=CLIENT_TIMEOUT * 3)  # 杨亚威's: WeChat takes it, late

    first = dispatch(NOW)
    assert (first.sent, first.retrying) == (1, 2)
    deadline = time.monotonic() + 10
    while len(fake.calls(TEMPLATE_PATH)) < 3:  # the timed-out call is still inside the stand-in
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert len(world.sent("o-杨亚威")) == 1  # WeChat accepted the call we gave up on
    assert [status(name) for name in people] == ["pending", "pending", "sent"]

    fake.control("expire-tokens")  # every token dies between two passes
    second = dispatch(NOW + FIRST_BACKOFF)  # 李晓芬 after a refresh; 杨亚威 hits the quota (3 a day)
    assert second.sent == 1 and second.stopped == ["微信接口今日调用已达上限(45009),5月26日08:30继续发送"]
    assert [status(name) for name in people] == ["sent", "pending", "sent"]
    assert dispatch(datetime(2020, 5, 25, 15, 0, tzinfo=SH)).sent == 0  # held back all day

    fake.clock.offset += A_DAY  # WeChat's day turns over too: the quota is new
    third = dispatch(datetime(2020, 5, 26, 8, 30, tzinfo=SH))
    assert third.sent == 1 and {r.status for r in world.rows()} == {"sent"}

    received = Counter(m["openid"] for m in world.sent())
    assert set(received) == {f"o-{name}" for name in people}  # late, never lost
    assert received == {"o-李晓芬": 1, "o-杨亚威": 2, "o-赵玉林": 1}  # the timed-out call, and only it
    # A token per token needed: the first, after they were all expired, and the next day (a
    # token lives 2 hours on WeChat's clock); each refusal cost one fetch, never a loop.
    assert fake.token_fetches() == 3
    assert fake.errcodes(TEMPLATE_PATH).count(42001) == 2
