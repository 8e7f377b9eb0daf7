"""WeCom's side of /wecom, for tests: deliveries encrypted and signed with wechatpy's enterprise
crypto for our corp (msg_signature in the query), the URL check, and the replies decrypted."""
from __future__ import annotations

import base64
import itertools

import xmltodict
from wechatpy.enterprise import WeChatCrypto
from wechatpy.enterprise.crypto import PrpCrypto

from tests.wechat_side import cdata, message_xml

CORP_ID = "ww5d1f0ce0c1a2b3c4"
AGENT_ID = "1000002"
CORP_SECRET = "wecom-app-secret"
TOKEN = "minzheng-wecom-token"
AES_KEY = base64.b64encode(b"minzheng wecom test aes key 0032").decode().rstrip("=")

WECOM_SETTINGS = {"wecom_corp_id": CORP_ID, "wecom_agent_id": AGENT_ID, "wecom_secret": CORP_SECRET,
                  "wecom_token": TOKEN, "wecom_aes_key": AES_KEY}


def wecom_xml(kind: str = "text", *, sender: str = "lixiaofen", create_time: int = 1590368400,
              msg_id: int | None = None, agent: str = AGENT_ID, **fields) -> str:
    """An official account's message XML (tests.wechat_side) to our corp, with the app's AgentID last."""
    xml = message_xml(kind, sender=sender, to=CORP_ID, create_time=create_time, msg_id=msg_id, **fields)
    return xml.removesuffix("</xml>") + f"<AgentID>{agent}</AgentID></xml>"


class WeCom:
    """WeCom's servers calling one app through Flask's test client."""

    _msg_ids = itertools.count(7_100_000_000_000_000_001)

    def __init__(self, app, *, corp_id: str = CORP_ID, token: str = TOKEN, aes_key: str = AES_KEY):
        self.app, self.client = app, app.test_client()
        self.crypto = WeChatCrypto(token, aes_key, corp_id)
        self.token, self.corp_id = token, corp_id
        self._nonces = itertools.count(2_000_000)

    def query(self, skew: int = 0) -> dict:
        return {"timestamp": str(int(self.app.extensions["clock"].now().timestamp()) + skew),
                "nonce": str(next(self._nonces))}

    def post(self, xml: str, *, signature: str | None = None, skew: int = 0):
        query = self.query(skew)
        envelope = xmltodict.parse(self.crypto.encrypt_message(xml, query["nonce"], query["timestamp"]))["xml"]
        body = (f"<xml><ToUserName>{cdata(self.corp_id)}</ToUserName><Encrypt>{cdata(envelope['Encrypt'])}</Encrypt>"
                f"<AgentID>{AGENT_ID}</AgentID></xml>")
        query["msg_signature"] = signature or envelope["MsgSignature"]
        return self.client.post("/wecom", query_string=query, data=body.encode(), content_type="text/xml")

    def text(self, content: str, *, sender: str = "lixiaofen", msg_id: int | None = None):
        return self.post(wecom_xml("text", sender=sender, Content=content,
                                   msg_id=msg_id if msg_id is not None else next(self._msg_ids)))

    def verify(self, echostr: str = "wecom-echo-42", signature: str | None = None):
        """The URL check: echostr encrypted as a message is, signed over the ciphertext."""
        query = self.query()
        envelope = xmltodict.parse(self.crypto._encrypt_message(echostr, query["nonce"], query["timestamp"],
                                                                PrpCrypto))["xml"]
        query.update(msg_signature=signature or envelope["MsgSignature"], echostr=envelope["Encrypt"])
        return self.client.get("/wecom", query_string=query)

    def content(self, response) -> str:
        assert response.status_code == 200, response.get_data(as_text=True)
        fields = xmltodict.parse(response.data)["xml"]
        plain = self.crypto.decrypt_message(response.data, fields["MsgSignature"], fields["TimeStamp"], fields["Nonce"])
        return xmltodict.parse(plain)["xml"]["Content"]
