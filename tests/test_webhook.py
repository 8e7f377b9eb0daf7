"""/wechat as WeChat's servers call it: signatures, freshness, safe mode, and text round trips.

`WeChat` below plays WeChat's side: it signs each request (sha1 of the sorted token, timestamp
and nonce), takes the timestamp from the app's clock, and in safe mode encrypts the body with
wechatpy's WeChatCrypto, putting the envelope's MsgSignature in the query. The other
test_webhook_*.py modules import it from here.
"""
from __future__ import annotations

import base64
import hashlib
import itertools
from datetime import datetime, timezone
from xml.sax.saxutils import escape

import pytest
import xmltodict
from sqlalchemy import func, select
from wechatpy.crypto import WeChatCrypto

from channels.app import create_app
from models import InboundMessage, Subscriber
from models.db import session_scope

TOKEN = "minzheng-webhook-token"
APP_ID = "wx5d1f0ce0c1a2b3c4"
AES_KEY = base64.b64encode(b"minzheng webhook test aes key 32").decode().rstrip("=")  # 43 chars
ACCOUNT = "gh_minzheng0001"  # our account's original id: ToUserName of what users send
USER = "oMinZhengResident000000000001"

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


def sign(token: str, timestamp: str, nonce: str) -> str:
    """WeChat's request signature: sha1 of the sorted token, timestamp and nonce."""
    return hashlib.sha1("".join(sorted([token, timestamp, nonce])).encode()).hexdigest()


def cdata(value: str) -> str:
    """A CDATA section holding any text, "]]>" split across two sections as WeChat does."""
    return "<![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def message_xml(kind: str = "text", *, sender: str = USER, to: str = ACCOUNT, create_time: int = 1590368400,
                msg_id: int | None = None, **fields) -> str:
    """The XML WeChat posts: strings in CDATA, numbers bare, fields in the order given."""
    parts = [f"<ToUserName>{cdata(to)}</ToUserName>", f"<FromUserName>{cdata(sender)}</FromUserName>",
             f"<CreateTime>{create_time}</CreateTime>", f"<MsgType>{cdata(kind)}</MsgType>"]
    for name, value in fields.items():
        parts.append(f"<{name}>{value}</{name}>" if isinstance(value, int) else f"<{name}>{cdata(value)}</{name}>")
    if msg_id is not None:
        parts.append(f"<MsgId>{msg_id}</MsgId>")
    return "<xml>" + "".join(parts) + "</xml>"


class WeChat:
    """WeChat's servers, calling one app through Flask's test client."""

    _msg_ids = itertools.count(6_800_000_000_000_000_001)

    def __init__(self, app, *, token: str = TOKEN, app_id: str = APP_ID, aes_key: str = AES_KEY):
        self.app, self.client = app, app.test_client()
        self.token, self.app_id, self.aes_key = token, app_id, aes_key
        self.db = app.extensions["db"]
        self._nonces = itertools.count(1_000_000)

    # ------------------------------------------------------------ requests as WeChat builds them

    @property
    def now(self) -> int:
        return int(self.app.extensions["clock"].now().timestamp())

    def query(self, *, skew: int = 0, **overrides) -> dict:
        """signature, timestamp (the app's clock + skew) and nonce; overrides replace any of them."""
        timestamp, nonce = str(self.now + skew), str(next(self._nonces))
        query = {"signature": sign(self.token, timestamp, nonce), "timestamp": timestamp, "nonce": nonce}
        query.update(overrides)
        return {name: value for name, value in query.items() if value is not None}

    def verify(self, echostr: str = "echo-1234567890", **query):
        """The URL check WeChat makes when the server address is saved."""
        return self.client.get("/wechat", query_string={**self.query(**query), "echostr": echostr})

    def post(self, body: str | bytes, **query):
        """A plaintext-mode delivery of `body`, exactly as given."""
        data = body.encode() if isinstance(body, str) else body
        return self.client.post("/wechat", query_string=self.query(**query), data=data,
                                content_type="text/xml")

    def post_encrypted(self, xml: str, *, app_id: str | None = None, msg_signature: str | None = None,
                       **query):
        """A safe-mode delivery: `xml` encrypted for `app_id` (ours by default), signed in the query."""
        query = self.query(**query)
        crypto = WeChatCrypto(self.token, self.aes_key, app_id or self.app_id)
        envelope = xmltodict.parse(crypto.encrypt_message(xml, query["nonce"], query["timestamp"]))["xml"]
        body = f"<xml><ToUserName>{cdata(ACCOUNT)}</ToUserName><Encrypt>{cdata(envelope['Encrypt'])}</Encrypt></xml>"
        query.update(encrypt_type="aes", msg_signature=msg_signature or envelope["MsgSignature"])
        return self.client.post("/wechat", query_string=query, data=body.encode(), content_type="text/xml")

    def send(self, xml: str, *, encrypted: bool = False):
        return self.post_encrypted(xml) if encrypted else self.post(xml)

    def text(self, content: str, *, sender: str = USER, msg_id: int | None = None, encrypted: bool = False):
        """A user typing `content`; a fresh MsgId unless one is given (a retry reuses it)."""
        return self.send(message_xml("text", sender=sender, Content=content,
                                     msg_id=msg_id if msg_id is not None else next(self._msg_ids)),
                         encrypted=encrypted)

    def event(self, event: str, *, sender: str = USER, create_time: int = 1590368400, **fields):
        return self.send(message_xml("event", sender=sender, create_time=create_time, Event=event, **fields))

    # ------------------------------------------------------------ what came back

    def reply(self, response) -> dict:
        """The reply's fields, decrypted first when it is a safe-mode envelope."""
        assert response.status_code == 200, response.get_data(as_text=True)
        fields = xmltodict.parse(response.data)["xml"]
        if "Encrypt" in fields:
            crypto = WeChatCrypto(self.token, self.aes_key, self.app_id)
            plain = crypto.decrypt_message(response.data, fields["MsgSignature"], fields["TimeStamp"],
                                           fields["Nonce"])
            fields = xmltodict.parse(plain)["xml"]
        return fields

    def content(self, response) -> str:
        return self.reply(response)["Content"]

    # ------------------------------------------------------------ what got stored

    def inbound_rows(self) -> list[InboundMessage]:
        with session_scope(self.db.sessions) as session:
            return list(session.scalars(select(InboundMessage).order_by(InboundMessage.id)))

    def count(self, model) -> int:
        with session_scope(self.db.sessions) as session:
            return session.scalar(select(func.count()).select_from(model))

    def subscriber(self, openid: str = USER) -> Subscriber | None:
        with session_scope(self.db.sessions) as session:
            return session.scalar(select(Subscriber).where(Subscriber.openid == openid))


def is_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.fixture
def make_wechat(settings, db):
    """WeChat calling an app built with these settings changes (token, keys, clock)."""
    def make(**changes) -> WeChat:
        configured = {"wechat_token": TOKEN, "wechat_app_id": APP_ID, "wechat_aes_key": AES_KEY, **changes}
        app = create_app(settings.with_overrides(**configured), db)
        return WeChat(app, token=configured["wechat_token"] or TOKEN, app_id=configured["wechat_app_id"] or APP_ID,
                      aes_key=configured["wechat_aes_key"] or AES_KEY)
    return make


@pytest.fixture
def wechat(make_wechat) -> WeChat:
    return make_wechat()


@pytest.fixture
def vector_wechat(make_wechat) -> WeChat:
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
