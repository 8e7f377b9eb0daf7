"""/wechat as WeChat's servers call it: signatures, freshness, safe mode, and text round trips.
WeChat's side of each request is played by tests.wechat_side.WeChat (the `wechat` fixture)."""
from __future__ import annotations

import base64
from datetime import datetime, timezone
from xml.sax.saxutils import escape

import pytest
import xmltodict
from wechatpy.crypto.base import WeChatCipher

from tests.wechat_side import ACCOUNT, AES_KEY, TOKEN, USER, is_chinese, message_xml, sign

# The safe-mode test vector that WeChat's own sample code and wechatpy are checked against,
# from wechatpy/wechatpy tests/test_crypto.py::test_decrypt_message (commit 3d560725881d).
VECTOR_TOKEN = "123456"
VECTOR_AES_KEY = "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR"
VECTOR_APP_ID = "wx49f0ab532d5d035a"
VECTOR_TIMESTAMP = 1411525903
VECTOR_NONCE = "461056294"
VECTOR_MSG_SIGNATURE = "74d92dfeb87ba7c714f89d98870ae5eb62dff26d"
VECTOR_SENDER = "messense"
VECTOR_ENVELOPE = """<xml><ToUserName><![CDATA[wx49f0ab532d5d035a]]></ToUserName>
<Encrypt><![CDATA[RgqEoJj5A4EMYlLvWO1F86ioRjZfaex/gePD0gOXTxpsq5Yj4GNglrBb8I2BAJVODGajiFnXBu7mCPatfjsu6IHCrsTyeDXzF6Bv283dGymzxh6ydJRvZsryDyZbLTE7rhnus50qGPMfp2wASFlzEgMW9z1ef/RD8XzaFYgm7iTdaXpXaG4+BiYyolBug/gYNx410cvkKR2/nPwBiT+P4hIiOAQqGp/TywZBtDh1yCF2KOd0gpiMZ5jSw3e29mTvmUHzkVQiMS6td7vXUaWOMZnYZlF3So2SjHnwh4jYFxdgpkHHqIrH/54SNdshoQgWYEvccTKe7FS709/5t6NMxuGhcUGAPOQipvWTT4dShyqio7mlsl5noTrb++x6En749zCpQVhDpbV6GDnTbcX2e8K9QaNWHp91eBdCRxthuL0=]]></Encrypt>
<AgentID><![CDATA[1]]></AgentID>
</xml>"""


@pytest.fixture
def vector_wechat(make_wechat):
    """The app configured as the public test vector's account, its clock at the vector's time."""
    return make_wechat(wechat_token=VECTOR_TOKEN, wechat_aes_key=VECTOR_AES_KEY, wechat_app_id=VECTOR_APP_ID,
                       fixed_now=datetime.fromtimestamp(VECTOR_TIMESTAMP, timezone.utc))


def vector_query(**overrides) -> dict:
    timestamp = str(VECTOR_TIMESTAMP)
    query = {"signature": sign(VECTOR_TOKEN, timestamp, VECTOR_NONCE), "timestamp": timestamp,
             "nonce": VECTOR_NONCE, "encrypt_type": "aes", "msg_signature": VECTOR_MSG_SIGNATURE}
    return {**query, **overrides}


# ---------------------------------------------------------------- GET: the URL check

def test_verification_with_right_signature_echoes_echostr(wechat):
    assert wechat.verify("4ByGGj+sVCYcvGeQYhaKIk1o").get_data(as_text=True) == "4ByGGj+sVCYcvGeQYhaKIk1o"


def test_verification_with_wrong_signature_is_403(wechat):
    assert wechat.verify(signature=sign("another-token", str(wechat.now), "1")).status_code == 403


@pytest.mark.parametrize("skew", [-301, 301, -86400, 86400], ids=["5min1s-old", "5min1s-ahead", "day-old", "day-ahead"])
def test_verification_with_stale_timestamp_is_403(wechat, skew):
    assert wechat.verify(skew=skew).status_code == 403


@pytest.mark.parametrize("skew", [-299, 299])
def test_verification_within_five_minutes_is_accepted(wechat, skew):
    assert wechat.verify(skew=skew).status_code == 200


def test_verification_without_timestamp_is_403(wechat):
    assert wechat.verify(timestamp=None).status_code == 403


@pytest.mark.parametrize("timestamp", ["", "abc", "-5", "1590368400.0", "¹⁵⁹⁰³⁶⁸⁴⁰⁰", "9" * 5000],
                         ids=["empty", "letters", "negative", "decimal", "superscript-digits", "5000-digits"])
def test_verification_with_malformed_timestamp_is_403(wechat, timestamp):
    signature = sign(TOKEN, timestamp, "1")
    assert wechat.verify(timestamp=timestamp, nonce="1", signature=signature).status_code == 403


def test_verification_without_token_configured_is_503(make_wechat):
    assert make_wechat(wechat_token="").verify().status_code == 503


def test_post_with_wrong_signature_is_403(wechat):
    assert wechat.post(message_xml(Content="你好", msg_id=1), signature="0" * 40).status_code == 403


def test_post_with_stale_timestamp_is_403(wechat):
    assert wechat.post(message_xml(Content="你好", msg_id=1), skew=-301).status_code == 403


# ---------------------------------------------------------------- safe mode: the public test vector

def test_public_vector_is_accepted(vector_wechat):
    vector_wechat.client.post("/wechat", query_string=vector_query(), data=VECTOR_ENVELOPE)
    assert [(row.openid, row.content) for row in vector_wechat.inbound_rows()] == [(VECTOR_SENDER, "test")]


def test_public_vector_reply_decrypts_to_text_addressed_back(vector_wechat):
    response = vector_wechat.client.post("/wechat", query_string=vector_query(), data=VECTOR_ENVELOPE)
    reply = vector_wechat.reply(response)
    assert (reply["MsgType"], reply["ToUserName"], reply["FromUserName"]) == ("text", VECTOR_SENDER, VECTOR_APP_ID)


def test_public_vector_with_tampered_msg_signature_is_403(vector_wechat):
    tampered = "84d92dfeb87ba7c714f89d98870ae5eb62dff26d"
    response = vector_wechat.client.post("/wechat", query_string=vector_query(msg_signature=tampered),
                                         data=VECTOR_ENVELOPE)
    assert response.status_code == 403


def test_public_vector_with_tampered_body_is_403(vector_wechat):
    body = VECTOR_ENVELOPE.replace("RgqEoJj5", "RgqEoJj6")
    response = vector_wechat.client.post("/wechat", query_string=vector_query(), data=body)
    assert response.status_code == 403


def test_body_encrypted_for_another_appid_is_403(wechat):
    assert wechat.post_encrypted(message_xml(Content="你好", msg_id=1), app_id="wx0000000000000bad").status_code == 403


def test_aes_request_without_aes_key_configured_is_503(make_wechat):
    wechat = make_wechat(wechat_aes_key="")
    assert wechat.post_encrypted(message_xml(Content="你好", msg_id=1)).status_code == 503


def aes_cbc(aes_key: str, plain: bytes) -> str:
    """What WeChat's cipher makes of `plain` (AES-256-CBC, IV = first 16 key bytes, no padding added)."""
    return base64.b64encode(WeChatCipher(base64.b64decode(aes_key + "=")).encrypt(plain)).decode()


def test_signed_envelope_too_short_to_hold_a_message_is_400(wechat):
    assert wechat.post_envelope(aes_cbc(AES_KEY, b"\x20" * 32)).status_code == 400


def test_signed_envelope_with_empty_encrypt_is_400(wechat):
    assert wechat.post_envelope("").status_code == 400


def test_signed_envelope_not_base64_is_400(wechat):
    assert wechat.post_envelope("这不是密文!").status_code == 400


def test_aes_request_with_plaintext_body_is_400(wechat):
    assert wechat.post(message_xml(Content="你好", msg_id=1), encrypt_type="aes", msg_signature="0" * 40).status_code == 400


def test_encrypted_body_with_doctype_is_400(wechat):
    body = '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY a "aaaa">]>' + message_xml(Content="&a;", msg_id=1)
    assert wechat.post_encrypted(body).status_code == 400


# ---------------------------------------------------------------- text round trips

def test_plaintext_text_is_answered_to_the_sender(wechat):
    reply = wechat.reply(wechat.text("你好"))
    assert (reply["ToUserName"], reply["FromUserName"]) == (USER, ACCOUNT)


def test_plaintext_text_reply_is_chinese_text(wechat):
    reply = wechat.reply(wechat.text("你好"))
    assert reply["MsgType"] == "text" and is_chinese(reply["Content"])


def test_plaintext_reply_is_plaintext_xml(wechat):
    assert "Encrypt" not in xmltodict.parse(wechat.text("你好").data)["xml"]


def test_encrypted_text_gets_encrypted_reply(wechat):
    envelope = xmltodict.parse(wechat.text("你好", encrypted=True).data)["xml"]
    assert set(envelope) == {"Encrypt", "MsgSignature", "TimeStamp", "Nonce"}


def test_encrypted_text_reply_decrypts_to_chinese_text_for_the_sender(wechat):
    reply = wechat.reply(wechat.text("帮助", encrypted=True))
    assert (reply["ToUserName"], reply["FromUserName"], is_chinese(reply["Content"])) == (USER, ACCOUNT, True)


def test_encrypted_text_is_stored_decrypted(wechat):
    wechat.text("低保怎么申请", encrypted=True)
    assert [row.content for row in wechat.inbound_rows()] == ["低保怎么申请"]


def test_reply_create_time_follows_the_app_clock(wechat):
    assert int(wechat.reply(wechat.text("帮助"))["CreateTime"]) == wechat.now


def test_xml_escaped_text_arrives_unescaped(wechat):
    wechat.post(message_xml(msg_id=7).replace("</MsgType>", f"</MsgType><Content>{escape('a<b & c>d')}</Content>"))
    assert [row.content for row in wechat.inbound_rows()] == ["a<b & c>d"]
