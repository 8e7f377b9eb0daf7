"""Sending one outbox message through wechatpy against the served stand-in, and what each answer
means (channels/wechat_outbound.py)."""
from __future__ import annotations

import pytest
import requests

from channels.wechat_api import make_client
from channels.wechat_outbound import send
from core import outbound
from models import OutboxMessage
from tests.conftest import FAKE_APP_ID as APP_ID, FAKE_SECRET as SECRET

TEMPLATE_ID = "TPL-reminder"
TEMPLATE_PATH, TEXT_PATH = "/cgi-bin/message/template/send", "/cgi-bin/message/custom/send"
DATA = {"thing1": "三(一)1 低保应保尽保", "time2": "2020年5月31日", "phrase3": "即将到期", "thing4": "点击查看并报告进度"}


def template_message(openid="o-leader", template_id=TEMPLATE_ID, data=DATA, url="https://mz.example.gov.cn/tasks/1"):
    payload = {"text": "您有1项任务提醒", "template": {"template_id": template_id, "data": data, "url": url}}
    return OutboxMessage(openid=openid, channel="template", payload=payload)


def text_message(openid="o-leader"):
    return OutboxMessage(openid=openid, channel="text", payload={"text": "您有1项任务提醒\n【蓝】三(一)1 …"})


def fake_messages(fake) -> list[dict]:
    return requests.get(f"{fake.url}/_fake/messages", timeout=5).json()["messages"]


@pytest.fixture
def client(fake):
    fake.control("templates", template_id=TEMPLATE_ID)
    return make_client(APP_ID, SECRET, fake.api_base)


def test_template_message_is_sent_with_its_msgid(fake, client):
    outcome = send(client, template_message())
    [accepted] = fake_messages(fake)
    assert outcome == outbound.Outcome(outbound.SENT, msgid=accepted["msgid"])
    assert accepted["data"] == DATA and accepted["url"] == "https://mz.example.gov.cn/tasks/1"


def test_template_message_without_a_link(fake, client):
    send(client, template_message(url=None))
    assert fake_messages(fake)[0]["url"] is None
    assert "url" not in fake.calls(TEMPLATE_PATH)[0]["body"]


def test_text_message_is_sent(fake, client):
    assert send(client, text_message()).result == outbound.SENT
    assert fake_messages(fake)[0]["content"].startswith("您有1项任务提醒\n")


@pytest.mark.parametrize(
    "errcode, result",
    [
        (45009, outbound.QUOTA),
        (43004, outbound.UNREACHABLE),
        (43101, outbound.UNREACHABLE),
        (40037, outbound.BAD_TEMPLATE),
        (45015, outbound.OUT_OF_WINDOW),
        (-1, outbound.RETRY),
        (47003, outbound.REJECTED),
    ],
)
def test_injected_errcodes(fake, client, errcode, result):
    fake.control("faults", path=TEMPLATE_PATH, errcode=errcode)
    outcome = send(client, template_message())
    assert (outcome.result, outcome.errcode) == (result, errcode)
    assert outcome.error.startswith(str(errcode))
    assert fake_messages(fake) == []


def test_the_stand_ins_own_checks_give_the_same_outcomes(fake, client):
    fake.control("followers", openid="o-follows", seen_ago=49 * 3600)
    fake.control("followers", openid="o-refuses", refused=True)
    cases = [(template_message("o-stranger"), outbound.UNREACHABLE), (template_message("o-refuses"), outbound.UNREACHABLE),
             (template_message("o-follows", template_id="wrong"), outbound.BAD_TEMPLATE),
             (template_message("o-follows", data={**DATA, "thing1": "太长" * 11}), outbound.REJECTED),
             (text_message("o-follows"), outbound.OUT_OF_WINDOW), (template_message("o-follows"), outbound.SENT)]
    assert [send(client, message).result for message, _ in cases] == [result for _, result in cases]


def test_http_error_is_retried_later(fake, client):
    fake.control("faults", path=TEMPLATE_PATH, http_status=503)
    assert send(client, template_message()) == outbound.Outcome(outbound.RETRY, error="微信接口 HTTP 503")


def test_timeout_is_retried_later(fake):
    fake.control("templates", template_id=TEMPLATE_ID)
    fake.control("faults", path=TEMPLATE_PATH, delay=1.0)
    outcome = send(make_client(APP_ID, SECRET, fake.api_base, timeout=0.2), template_message())
    assert outcome.result == outbound.RETRY and "未应答" in outcome.error


def test_no_connection_is_retried_later():
    client = make_client(APP_ID, SECRET, "http://127.0.0.1:9/cgi-bin/", timeout=0.5)
    assert send(client, text_message()).result == outbound.RETRY


def test_a_token_refused_twice_is_retried_later_after_two_fetches(fake, client):
    fake.control("faults", path=TEMPLATE_PATH, errcode=40001, times=10)
    outcome = send(client, template_message())
    assert (outcome.result, outcome.errcode) == (outbound.RETRY, 40001)
    assert fake.token_fetches() == 2 and fake.errcodes(TEMPLATE_PATH) == [40001, 40001]


def test_an_expired_token_is_renewed_and_the_message_sent_once(fake, client):
    send(client, template_message())
    fake.control("expire-tokens")
    assert send(client, template_message()).result == outbound.SENT
    assert fake.errcodes(TEMPLATE_PATH) == [0, 42001, 0] and len(fake_messages(fake)) == 2
