"""WeChat's side of the webhook, for tests: requests signed (sha1 of the sorted token, timestamp
and nonce) with the timestamp from the app's clock, safe-mode bodies encrypted with wechatpy's
WeChatCrypto (the envelope's MsgSignature goes in the query), and the replies read back."""
from __future__ import annotations

import base64
import hashlib
import itertools

import xmltodict
from sqlalchemy import func, select
from wechatpy.crypto import WeChatCrypto

from models import InboundMessage, Subscriber
from models.db import session_scope

TOKEN = "minzheng-webhook-token"
APP_ID = "wx5d1f0ce0c1a2b3c4"
AES_KEY = base64.b64encode(b"minzheng webhook test aes key 32").decode().rstrip("=")  # 43 chars
ACCOUNT = "gh_minzheng0001"  # our account's original id: ToUserName of what users send
USER = "oMinZhengResident000000000001"

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

    def post(self, body: str | bytes, *, client=None, **query):
        """A plaintext-mode delivery of `body`, exactly as given (through `client` if given)."""
        data = body.encode() if isinstance(body, str) else body
        return (client or self.client).post("/wechat", query_string=self.query(**query), data=data,
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

    def post_envelope(self, encrypt: str, **query):
        """A safe-mode delivery of any Encrypt value, correctly signed (as only WeChat could)."""
        query = self.query(**query)
        signature = hashlib.sha1("".join(sorted([self.token, query["timestamp"], query["nonce"], encrypt])).encode())
        query.update(encrypt_type="aes", msg_signature=signature.hexdigest())
        body = f"<xml><ToUserName>{cdata(ACCOUNT)}</ToUserName><Encrypt>{cdata(encrypt)}</Encrypt></xml>"
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
