"""What /wechat does with bodies WeChat would never send, with odd text it may send, and with
answers longer than WeChat's 2048-byte limit for a passive text reply."""
from __future__ import annotations

from dataclasses import replace
from xml.sax.saxutils import escape

import pytest
import xmltodict

from channels.app import MAX_BODY
from core.reply_text import MORE_HINT, WECHAT_TEXT_LIMIT
from handlers import router
from models import InboundMessage
from tests.wechat_side import message_xml

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE xml [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<xml><ToUserName><![CDATA[gh_minzheng0001]]></ToUserName><FromUserName><![CDATA[oAttacker]]></FromUserName>
<CreateTime>1590368400</CreateTime><MsgType><![CDATA[text]]></MsgType><Content>&lol3;</Content>
<MsgId>1</MsgId></xml>"""
EXTERNAL_ENTITY = BILLION_LAUGHS.replace('<!ENTITY lol "lol">', '<!ENTITY lol SYSTEM "file:///etc/passwd">')


def text_body(content: str, *, escaped: bool = False) -> str:
    """A text message whose Content is in CDATA (split at "]]>", as WeChat does) or XML-escaped."""
    if not escaped:
        return message_xml(Content=content, msg_id=7)
    return message_xml(msg_id=7).replace("</MsgType>", f"</MsgType><Content>{escape(content)}</Content>")


# ---------------------------------------------------------------- bodies that are not WeChat's XML

def test_not_xml_is_400(wechat):
    assert wechat.post("您好,这不是 XML").status_code == 400


def test_doctype_with_entity_expansion_is_400(wechat):
    assert wechat.post(BILLION_LAUGHS).status_code == 400


def test_doctype_with_external_entity_is_400(wechat):
    assert wechat.post(EXTERNAL_ENTITY).status_code == 400


def test_undeclared_entity_is_400(wechat):
    assert wechat.post(message_xml(msg_id=1).replace("</MsgType>", "</MsgType><Content>&lol;</Content>")).status_code == 400


def test_xml_without_msgtype_is_400(wechat):
    assert wechat.post(message_xml(msg_id=1).replace("<MsgType><![CDATA[text]]></MsgType>", "")).status_code == 400


def test_xml_without_sender_is_400(wechat):
    assert wechat.post(message_xml(msg_id=1).replace("<FromUserName>", "<Other>").replace("</FromUserName>", "</Other>")).status_code == 400


def test_xml_holding_only_text_is_400(wechat):
    assert wechat.post("<xml>text</xml>").status_code == 400


def test_other_root_element_is_400(wechat):
    assert wechat.post("<message><MsgType>text</MsgType></message>").status_code == 400


def test_empty_body_is_400(wechat):
    assert wechat.post(b"").status_code == 400


def test_non_numeric_msg_id_is_400(wechat):
    assert wechat.post(message_xml(Content="你好").replace("</xml>", "<MsgId>abc</MsgId></xml>")).status_code == 400


@pytest.mark.parametrize("body", [
    message_xml(Content="你好", msg_id=1, sender="o" * 65),
    message_xml("t" * 33, msg_id=1),
    message_xml("event", Event="e" * 65),
    message_xml(Content="你好", msg_id=2 ** 64),
], ids=["openid", "msg_type", "event", "msg_id"])
def test_fields_longer_than_wechat_sends_are_400_and_not_stored(wechat, body):
    assert wechat.post(body).status_code == 400
    assert wechat.inbound_rows() == []


def test_create_time_out_of_range_is_400(wechat):
    assert wechat.post(message_xml(Content="你好", msg_id=1, create_time=10**20)).status_code == 400


def test_create_time_in_superscript_digits_is_400(wechat):
    body = message_xml(Content="你好", msg_id=1).replace("<CreateTime>1590368400<", "<CreateTime>¹⁵⁹⁰³⁶⁸⁴⁰⁰<")
    assert wechat.post(body).status_code == 400


def test_body_over_64_kib_is_413(wechat):
    assert wechat.post(message_xml(Content="民" * MAX_BODY, msg_id=1)).status_code == 413


def test_body_over_64_kib_stores_nothing(wechat):
    wechat.post(message_xml(Content="民" * MAX_BODY, msg_id=1))
    assert wechat.count(InboundMessage) == 0


REJECTED = {
    "wrong-signature": lambda w: w.post(message_xml(Content="你好", msg_id=1), signature="0" * 40),
    "stale-timestamp": lambda w: w.post(message_xml(Content="你好", msg_id=1), skew=3600),
    "not-xml": lambda w: w.post("not xml"),
    "doctype": lambda w: w.post(BILLION_LAUGHS),
    "no-msgtype": lambda w: w.post("<xml><FromUserName>o</FromUserName></xml>"),
    "other-appid": lambda w: w.post_encrypted(message_xml(Content="你好", msg_id=1), app_id="wx0000000000000bad"),
    "tampered-msg-signature": lambda w: w.post_encrypted(message_xml(Content="你好", msg_id=1), msg_signature="0" * 40),
}


@pytest.mark.parametrize("request_", REJECTED.values(), ids=REJECTED.keys())
def test_rejected_request_stores_nothing(wechat, request_):
    status = request_(wechat).status_code
    assert (status in (400, 403), wechat.count(InboundMessage)) == (True, 0)


# ---------------------------------------------------------------- odd text WeChat does send

ODD_TEXTS = {
    "10000-chars": "".join(f"民政助手{i % 10}" for i in range(2000)),
    "emoji": "低保👍 😀 家庭👨‍👩‍👧‍👦 国旗🇨🇳 彩虹🏳️‍🌈 挥手👋🏽 𠀀𪚥",
    "cdata-markers": "开始 <![CDATA[ 中间 ]]> 结束 ]]]]> <![CDATA[",
    "sql": "'; DROP TABLE subscriber; --",
    "markup": "<xml><MsgType>event</MsgType></xml> & &amp; \"quoted\"",
}


@pytest.mark.parametrize("escaped", [False, True], ids=["cdata", "escaped"])
@pytest.mark.parametrize("content", ODD_TEXTS.values(), ids=ODD_TEXTS.keys())
def test_odd_text_is_answered_with_valid_xml(wechat, content, escaped):
    response = wechat.post(text_body(content, escaped=escaped))
    assert xmltodict.parse(response.data)["xml"]["MsgType"] == "text"


@pytest.mark.parametrize("escaped", [False, True], ids=["cdata", "escaped"])
@pytest.mark.parametrize("content", ODD_TEXTS.values(), ids=ODD_TEXTS.keys())
def test_odd_text_is_stored_verbatim(wechat, content, escaped):
    wechat.post(text_body(content, escaped=escaped))
    assert [row.content for row in wechat.inbound_rows()] == [content]


def test_the_long_odd_text_has_ten_thousand_characters():
    assert len(ODD_TEXTS["10000-chars"]) == 10_000


def test_heard_text_with_cdata_end_is_echoed_intact(wechat):
    heard = "a]]>b<![CDATA[c"
    response = wechat.post(message_xml("voice", MediaId="m", Format="amr", Recognition=heard, msg_id=3))
    assert wechat.content(response).startswith(f"识别为:{heard}")


# ---------------------------------------------------------------- answers longer than 2048 bytes

LONG_ANSWER = "".join(f"第{i}条:民政助手把很长的回答分成几段发送,每段都不超过微信的上限。" for i in range(1, 181))


@pytest.fixture
def long_help(monkeypatch):
    """帮助 answers LONG_ANSWER (ROUTES holds the handler itself, so the route is what gets patched)."""
    routes = tuple(replace(route, handler=lambda msg, ctx: LONG_ANSWER) if route.name == "help" else route
                   for route in router.ROUTES)
    monkeypatch.setattr(router, "ROUTES", routes)


def test_long_answer_is_over_5000_chinese_characters():
    assert sum("\u4e00" <= ch <= "\u9fff" for ch in LONG_ANSWER) > 5000


def test_long_answer_reply_fits_wechat_limit(wechat, long_help):
    assert len(wechat.content(wechat.text("帮助")).encode("utf-8")) <= WECHAT_TEXT_LIMIT


def test_long_answer_reply_ends_with_more_hint(wechat, long_help):
    assert wechat.content(wechat.text("帮助")).endswith(MORE_HINT)


def test_encrypted_long_answer_reply_fits_wechat_limit(wechat, long_help):
    assert len(wechat.content(wechat.text("帮助", encrypted=True)).encode("utf-8")) <= WECHAT_TEXT_LIMIT


def test_more_returns_the_next_part(wechat, long_help):
    first = wechat.content(wechat.text("帮助")).removesuffix(MORE_HINT)
    second = wechat.content(wechat.text("更多")).removesuffix(MORE_HINT)
    assert LONG_ANSWER.startswith(first + second) and second


def test_more_parts_add_up_to_the_whole_answer(wechat, long_help):
    parts = [wechat.content(wechat.text("帮助"))]
    while parts[-1].endswith(MORE_HINT) and len(parts) < 50:
        parts.append(wechat.content(wechat.text("更多")))
    assert "".join(part.removesuffix(MORE_HINT) for part in parts) == LONG_ANSWER
