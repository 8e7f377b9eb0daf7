"""/wecom, the bureau's WeCom app calling us: URL check, encrypted and signed deliveries, the same
inbox, dedupe and router as /wechat; forged, stale and malformed deliveries refused, nothing lost."""
from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings as hypothesis_settings, strategies as st
from sqlalchemy import func, select

from models import InboundMessage, ProgressReport, Subscriber
from models.db import session_scope
from tests.conftest import Phone
from tests.test_fuzz_parsers import time_limit
from tests.wecom_side import WECOM_SETTINGS, WeCom, wecom_xml

REPORT = "土城镇低保对象三保障排查完毕,共排查412户,发现风险对象2户已反馈住建局"


@pytest.fixture
def wecom(settings, loaded_db):
    from channels.app import create_app

    return WeCom(create_app(settings.with_overrides(**WECOM_SETTINGS), loaded_db))


def count(db, model, *where) -> int:
    with session_scope(db.sessions) as session:
        return session.scalar(select(func.count()).select_from(model).where(*where))


def bind(wecom, settings, db, userid: str, role: str, **options) -> str:
    code = Phone(db, settings).invite(role, **options)
    reply = wecom.content(wecom.text(f"绑定 {code}", sender=userid))
    assert reply.startswith("绑定成功"), reply
    return reply


def test_the_url_check_answers_the_decrypted_echostr_and_refuses_a_forged_one(wecom):
    answer = wecom.verify("echo-123")
    assert answer.status_code == 200 and answer.get_data(as_text=True) == "echo-123"
    assert wecom.verify(signature="0" * 40).status_code == 403


def test_a_member_binds_with_a_code_and_is_then_a_leader_on_wecom(wecom, settings, loaded_db):
    bind(wecom, settings, loaded_db, "lixiaofen", "leader", person="李晓芬")
    with session_scope(loaded_db.sessions) as session:
        subscriber = session.scalar(select(Subscriber).where(Subscriber.openid == "wecom:lixiaofen"))
        assert subscriber.person.name == "李晓芬" and subscriber.role == "leader"
    assert wecom.content(wecom.text("我的任务", sender="lixiaofen")).startswith("您负责的2020年任务")


def test_a_report_is_recorded_once_under_wecoms_retries(wecom, settings, loaded_db):
    bind(wecom, settings, loaded_db, "tucheng01", "staff", township="土城镇", name="张三")
    replies = [wecom.content(wecom.text(REPORT, sender="tucheng01", msg_id=7_199_000_000_000_000_001))
               for _ in range(3)]
    assert replies[0].startswith("已记录:土城镇 · 三(一)4") and replies == [replies[0]] * 3
    assert count(loaded_db, ProgressReport) == 1
    with session_scope(loaded_db.sessions) as session:
        [row] = session.scalars(select(InboundMessage).where(InboundMessage.content == REPORT)).all()
        assert (row.channel, row.deliveries, row.openid, row.route) == ("wecom", 3, "wecom:tucheng01", "progress_report")
        assert row.dedupe_key == "wecom:msg:7199000000000000001"
        report = session.scalar(select(ProgressReport))
        assert report.openid == "wecom:tucheng01" and report.reporter.name == "张三"


def test_the_same_msgid_on_wechat_and_wecom_are_two_deliveries(wecom, make_wechat, loaded_db):
    wechat = make_wechat()
    wechat.text("帮助", msg_id=7_199_000_000_000_000_002)
    wecom.text("帮助", msg_id=7_199_000_000_000_000_002)
    assert count(loaded_db, InboundMessage) == 2


@pytest.mark.parametrize("forge", ["signature", "stale", "future"])
def test_forged_or_stale_deliveries_are_refused_and_store_nothing(wecom, loaded_db, forge):
    xml = wecom_xml("text", Content="帮助", msg_id=7_199_000_000_000_000_003)
    answer = {"signature": lambda: wecom.post(xml, signature="f" * 40),
              "stale": lambda: wecom.post(xml, skew=-301), "future": lambda: wecom.post(xml, skew=301)}[forge]()
    assert answer.status_code == 403
    assert count(loaded_db, InboundMessage) == 0


def test_another_corps_message_or_another_app_is_refused(wecom, loaded_db):
    from wechatpy.enterprise import WeChatCrypto

    from tests.wecom_side import AES_KEY, TOKEN

    other = WeCom(wecom.app, corp_id="wwAnotherCorp000001")
    other.crypto = WeChatCrypto(TOKEN, AES_KEY, "wwAnotherCorp000001")
    assert other.text("帮助").status_code == 403
    assert wecom.post(wecom_xml("text", Content="帮助", msg_id=7_199_000_000_000_000_004, agent="42")).status_code == 403
    assert count(loaded_db, InboundMessage) == 0


@pytest.mark.parametrize("body", [b"", b"not xml", b"<xml><Encrypt>AAAA</Encrypt></xml>",
                                  b'<!DOCTYPE x [<!ENTITY a "b">]><xml><Encrypt>&a;</Encrypt></xml>'])
def test_malformed_bodies_get_a_clear_answer(wecom, body):
    query = wecom.query()
    query["msg_signature"] = "0" * 40
    answer = wecom.client.post("/wecom", query_string=query, data=body, content_type="text/xml")
    assert answer.status_code in (400, 403) and answer.get_data(as_text=True)


def test_unknown_events_are_kept_and_answered_with_nothing(wecom, loaded_db):
    answer = wecom.post(wecom_xml("event", Event="enter_agent", EventKey=""))
    assert answer.status_code == 200 and answer.get_data() == b""
    with session_scope(loaded_db.sessions) as session:
        [row] = session.scalars(select(InboundMessage)).all()
        assert (row.event, row.route, row.channel) == ("enter_agent", "event", "wecom")


def test_without_wecom_settings_the_callback_says_what_is_missing(make_wechat):
    wechat = make_wechat()
    answer = wechat.client.post("/wecom", query_string={"timestamp": "1", "nonce": "1", "msg_signature": "x"})
    assert answer.status_code == 503 and "WECOM_TOKEN" in answer.get_data(as_text=True)


# --- whatever WeCom's envelope carries: a clear answer, never a 5xx ---------------------------------

FUZZ = hypothesis_settings(deadline=timedelta(seconds=4), max_examples=40, database=None,
                           suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
KINDS = st.sampled_from(("text", "event", "image", "voice", "")) | st.text(max_size=20)
SENDERS = st.sampled_from(("lixiaofen", "", "u" * 58, "u" * 59, "a|b")) | st.text(max_size=70)


@FUZZ
@given(kind=KINDS, sender=SENDERS, content=st.text(max_size=200), event=st.text(max_size=40),
       msg_id=st.integers(min_value=-2 ** 70, max_value=2 ** 70) | st.none(), agent=st.sampled_from(("1000002", "", "x")))
def test_any_correctly_encrypted_delivery_gets_a_clear_answer(wecom, kind, sender, content, event, msg_id, agent):
    xml = wecom_xml(kind, sender=sender, Content=content, Event=event, msg_id=None, agent=agent)
    if msg_id is not None:
        xml = xml.replace("<AgentID>", f"<MsgId>{msg_id}</MsgId><AgentID>", 1)
    with time_limit():
        answer = wecom.post(xml)
    assert answer.status_code in (200, 400, 403), answer.get_data(as_text=True)[:300]
