"""Every message and event type, as real XML from wechatpy's and WeRoBot's test suites.

The samples stay in ../shared/wechat-samples (see its README); without that folder these tests skip.
Their CreateTime values are years old, which is fine: freshness is checked on the query's timestamp.
"""
from __future__ import annotations

import re

import pytest
import xmltodict
from sqlalchemy import select

from models import DeliveryReceipt, InboundMessage, Subscriber
from models.db import session_scope
from tests.conftest import SHARED
from tests.wechat_side import is_chinese, message_xml

SAMPLES = SHARED / "wechat-samples"
_NAMES = sorted(path.name for path in SAMPLES.glob("*.xml")) if SAMPLES.is_dir() else []


def samples(pattern: str = ".*") -> list:
    """Sample file names matching `pattern`, or one skipped case when the folder is absent."""
    if not _NAMES:
        return [pytest.param("", marks=pytest.mark.skip(reason="../shared/wechat-samples is not beside the project"))]
    return [name for name in _NAMES if re.search(pattern, name)]


def read(name: str) -> str:
    if not (SAMPLES / name).is_file():
        pytest.skip("../shared/wechat-samples is not beside the project")
    return (SAMPLES / name).read_text(encoding="utf-8")


def field(xml: str, name: str) -> str:
    return xmltodict.parse(xml)["xml"][name]


def is_polite_chinese(text: str) -> bool:
    return is_chinese(text) and ("您" in text or "请" in text)


MESSAGES = r"^[a-z]+-((text|image|location|link|video|shortvideo)\.xml$|unknown-type-)"
SUBSCRIBES = r"-event-subscribe(-|\.xml)"  # not subscribe_msg_*: those are subscription-message events


@pytest.mark.parametrize("name", samples())
def test_every_sample_is_answered_200(wechat, name):
    assert wechat.post(read(name)).status_code == 200


@pytest.mark.parametrize("name", samples())
def test_every_sample_is_answered_success_or_text_to_its_sender(wechat, name):
    xml = read(name)
    response = wechat.post(xml)
    answer = "success" if response.data == b"success" else wechat.reply(response)["ToUserName"]
    assert answer in ("success", field(xml, "FromUserName"))


@pytest.mark.parametrize("name", samples())
def test_every_sample_is_recorded_once(wechat, name):
    wechat.post(read(name))
    assert len(wechat.inbound_rows()) == 1


@pytest.mark.parametrize("name", samples(MESSAGES))
def test_message_sample_gets_polite_chinese_text(wechat, name):
    assert is_polite_chinese(wechat.content(wechat.post(read(name))))


@pytest.mark.parametrize("name", samples(SUBSCRIBES))
def test_subscribe_sample_gets_welcome(wechat, name):
    assert "欢迎关注" in wechat.content(wechat.post(read(name)))


@pytest.mark.parametrize("name", samples(SUBSCRIBES))
def test_subscribe_sample_marks_subscribed(wechat, name):
    xml = read(name)
    wechat.post(xml)
    assert wechat.subscriber(field(xml, "FromUserName")).subscribed is True


@pytest.mark.parametrize("name", samples(r"-event-unsubscribe\.xml$"))
def test_unsubscribe_is_answered_success(wechat, name):
    assert wechat.post(read(name)).data == b"success"


@pytest.mark.parametrize("name", samples(r"-event-unsubscribe\.xml$"))
def test_unsubscribe_marks_subscriber_unsubscribed(wechat, name):
    xml = read(name)
    wechat.post(message_xml(sender=field(xml, "FromUserName"), Content="你好", msg_id=1))
    wechat.post(xml)
    subscriber = wechat.subscriber(field(xml, "FromUserName"))
    assert (subscriber.subscribed, subscriber.unsubscribed_at is not None) == (False, True)


@pytest.mark.parametrize("name", samples(r"-event-unsubscribe\.xml$"))
def test_unsubscribe_keeps_history(wechat, name):
    xml = read(name)
    wechat.post(message_xml(sender=field(xml, "FromUserName"), Content="低保怎么申请", msg_id=1))
    wechat.post(xml)
    assert [(row.msg_type, row.content) for row in wechat.inbound_rows()] == [("text", "低保怎么申请"), ("event", "")]


@pytest.mark.parametrize("name", samples(r"-event-unsubscribe\.xml$"))
def test_unsubscribe_keeps_binding(wechat, phone, name):
    xml = read(name)
    phone.bind(field(xml, "FromUserName"), "staff", township="土城", name="张三")
    wechat.post(xml)
    with session_scope(wechat.db.sessions) as session:
        subscriber = session.scalar(select(Subscriber).where(Subscriber.openid == field(xml, "FromUserName")))
        assert (subscriber.subscribed, subscriber.role) == (False, "staff")


@pytest.mark.parametrize("name", samples(r"-event-(view|location)\.xml$"))
def test_view_and_location_events_are_answered_success(wechat, name):
    assert wechat.post(read(name)).data == b"success"


@pytest.mark.parametrize("name", samples(r"-event-templatesendjobfinish-"))
def test_template_job_finish_is_answered_success(wechat, name):
    assert wechat.post(read(name)).data == b"success"


@pytest.mark.parametrize("name", samples(r"-event-templatesendjobfinish-"))
def test_template_job_finish_records_receipt(wechat, name):
    xml = read(name)
    wechat.post(xml)
    with session_scope(wechat.db.sessions) as session:
        receipts = [(r.wechat_msg_id, r.status) for r in session.scalars(select(DeliveryReceipt))]
    assert receipts == [(int(field(xml, "MsgID")), field(xml, "Status"))]


def test_click_help_gets_help_text(wechat):
    assert wechat.content(wechat.event("CLICK", EventKey="HELP")).startswith("民政助手能为您做这些")


@pytest.mark.parametrize("name", samples(r"-voice\.xml$"))
def test_voice_is_answered_with_chinese_text(wechat, name):
    assert is_polite_chinese(wechat.content(wechat.post(read(name))))


@pytest.mark.parametrize("name", samples(r"^werobot-voice\.xml$"))
def test_voice_with_recognition_is_answered_with_what_was_heard(wechat, name):
    assert wechat.content(wechat.post(read(name))).startswith("识别为:Meow~")


@pytest.mark.parametrize("name", samples(r"^werobot-voice\.xml$"))
def test_voice_with_recognition_is_routed_as_that_text(wechat, name):
    wechat.post(read(name).replace("Meow~", "帮助"))
    with session_scope(wechat.db.sessions) as session:
        assert session.scalar(select(InboundMessage.route)) == "help"


@pytest.mark.parametrize("name", samples(r"^wechatpy-voice\.xml$"))
def test_voice_without_recognition_gets_not_heard(wechat, name):
    assert "没能听清" in wechat.content(wechat.post(read(name)))
