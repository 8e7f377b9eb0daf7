"""Property-based tests of /wechat: whatever a correctly signed request carries — arbitrary bytes,
WeChat-shaped XML with any field values, real samples mutated, any safe-mode envelope — the answer is
a 200, 400, 403 or 413 with a body, never a 5xx, and comes within WeChat's 5 seconds.

The real samples come from ../shared/wechat-samples; without that folder their test skips.
"""
from __future__ import annotations

import base64
import re
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st

from tests.conftest import SHARED
from tests.test_fuzz_parsers import REPORT_TEXT, time_limit
from tests.wechat_side import ACCOUNT, USER, cdata, message_xml

SAMPLES = SHARED / "wechat-samples"
SAMPLE_TEXTS = [path.read_text(encoding="utf-8") for path in sorted(SAMPLES.glob("*.xml"))] if SAMPLES.is_dir() else []
ANSWERS = (200, 400, 403, 413)
STAFF = "oMinZhengStaff0000000000000001"
WEBHOOK = settings(deadline=timedelta(seconds=4), max_examples=60, database=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@pytest.fixture
def wechat(loaded_db, make_wechat, phone):
    """/wechat on the bundled plan, a staff member of 土城镇 bound, no rate limit (the handlers
    behind it are fuzzed too)."""
    phone.bind(STAFF, role="staff", township="土城镇")
    return make_wechat(rate_limit_per_minute=0)


def answered(response) -> None:
    assert response.status_code in ANSWERS, response.get_data(as_text=True)[:500]
    assert response.data


def post(wechat, body) -> None:
    with time_limit():
        answered(wechat.post(body))


KINDS = st.sampled_from(("text", "voice", "image", "event", "location", "link", "video", "file", "")) | st.text(max_size=40)
EVENTS = st.sampled_from(("subscribe", "unsubscribe", "CLICK", "VIEW", "SCAN", "TEMPLATESENDJOBFINISH",
                          "subscribe_msg_popup_event", "")) | st.text(max_size=70)
NUMBERS = st.integers(min_value=-2 ** 70, max_value=2 ** 70).map(str) | st.text(max_size=25)
SENDERS = st.sampled_from((USER, STAFF, "", "o" * 64, "o" * 65)) | st.text(max_size=70)
CONTENT = REPORT_TEXT | st.text(max_size=300) | st.sampled_from(("帮助", "绑定 ABCD-2345", "进度 三(一)4", "撤回", "更多"))


@st.composite
def wechat_xml(draw) -> str:
    """WeChat's message shape with any values, fields dropped or doubled, tags nested."""
    fields = {"Content": draw(CONTENT), "Event": draw(EVENTS), "EventKey": draw(st.text(max_size=30)),
              "Recognition": draw(CONTENT), "MsgID": draw(NUMBERS), "Status": draw(st.text(max_size=20))}
    chosen = draw(st.lists(st.sampled_from(sorted(fields)), unique=True))
    xml = message_xml(draw(KINDS), sender=draw(SENDERS), **{name: fields[name] for name in chosen})
    xml = xml.replace("<CreateTime>1590368400</CreateTime>", f"<CreateTime>{draw(NUMBERS)}</CreateTime>")
    if draw(st.booleans()):
        xml = xml.replace("</xml>", f"<MsgId>{draw(NUMBERS)}</MsgId></xml>")
    if draw(st.booleans()):
        tag = draw(st.sampled_from(("FromUserName", "MsgType", "Content", "CreateTime", "xml")))
        xml = xml.replace(f"<{tag}>", f"<{tag}><{tag}>", 1).replace(f"</{tag}>", f"</{tag}></{tag}>", 1)
    return xml


@st.composite
def mutated(draw, xml: str) -> bytes:
    """`xml` with a field's value replaced, or a slice of its bytes cut, repeated or overwritten."""
    if draw(st.booleans()):
        names = re.findall(r"<(\w+)>", xml) or ["xml"]
        name = draw(st.sampled_from(names))
        value = draw(CONTENT | NUMBERS | SENDERS)
        xml = re.sub(rf"<{name}>.*?</{name}>", lambda _: f"<{name}>{cdata(value)}</{name}>", xml, count=1, flags=re.S)
    data = xml.encode()
    start = draw(st.integers(0, len(data)))
    end = draw(st.integers(start, min(len(data), start + 40)))
    how = draw(st.sampled_from(("keep", "cut", "repeat", "overwrite")))
    if how == "cut":
        return data[:start] + data[end:]
    if how == "repeat":
        return data[:end] + data[start:end] * draw(st.integers(1, 50)) + data[end:]
    if how == "overwrite":
        return data[:start] + draw(st.binary(max_size=40)) + data[end:]
    return data


@WEBHOOK
@given(body=st.binary(max_size=2000))
@example(body=b"")
@example(body=b"<xml>" * 10_000)
def test_any_bytes(wechat, body):
    post(wechat, body)


@WEBHOOK
@given(xml=wechat_xml())
@example(xml=message_xml("text", Content="三(一)4已完成,共排查" + "9" * 400 + "户", msg_id=1))
@example(xml=message_xml("text", sender=STAFF, Content="完成" * 5_000, msg_id=2))
def test_any_wechat_shaped_xml(wechat, xml):
    post(wechat, xml)


@WEBHOOK
@given(xml=wechat_xml())
def test_any_xml_encrypted(wechat, xml):
    with time_limit():
        answered(wechat.post_encrypted(xml))


@WEBHOOK
@given(encrypt=st.text(max_size=400) | st.binary(max_size=300).map(lambda b: base64.b64encode(b).decode()))
def test_any_safe_mode_envelope(wechat, encrypt):
    with time_limit():
        answered(wechat.post_envelope(encrypt))


@pytest.mark.skipif(not SAMPLE_TEXTS, reason="../shared/wechat-samples is not beside the project")
@WEBHOOK
@given(data=st.data())
def test_mutated_real_samples(wechat, data):
    xml = data.draw(st.sampled_from(SAMPLE_TEXTS))
    post(wechat, data.draw(mutated(xml)))


@WEBHOOK
@given(timestamp=st.text(max_size=20), nonce=st.text(max_size=20), signature=st.text(max_size=50),
       echostr=st.text(max_size=50))
def test_any_query(wechat, timestamp, nonce, signature, echostr):
    query = {"timestamp": timestamp, "nonce": nonce, "signature": signature, "echostr": echostr}
    with time_limit():
        answered(wechat.client.post("/wechat", query_string=query, data=message_xml(msg_id=1)))
        response = wechat.client.get("/wechat", query_string=query)
    assert response.status_code in (200, 403) and (response.status_code == 403 or response.data == echostr.encode())


def test_a_body_past_the_cap_is_413(wechat):
    response = wechat.post(message_xml("text", Content="民" * 30_000, msg_id=3))
    assert response.status_code == 413 and response.data


def test_a_staff_flood_of_report_words_is_answered(wechat):
    """The long inputs that were quadratic in the report parser, as a staff member sends them."""
    for n, unit in enumerate(("完成", "1户,", "三(一)4任务1", "还没开始")):
        with time_limit():
            response = wechat.text(unit * (20_000 // len(unit)), sender=STAFF, msg_id=10 + n)
        answered(response)
        assert response.status_code == 200
        assert wechat.content(response) and ACCOUNT not in wechat.content(response)
