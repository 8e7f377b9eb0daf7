"""/wechat: WeChat's official-account callback.

Everything WeChat-shaped stops here. In order: the account is configured, the timestamp is fresh,
the signature is right (and in safe mode the message signature, then decryption), the body is
small and is WeChat's XML; then the delivery is recorded and answered once (channels.inbox),
and the reply goes back as WeChat XML, encrypted when the request was.
"""
from __future__ import annotations

import binascii
import logging
import struct
from datetime import datetime, timezone
from xml.parsers.expat import ExpatError

from flask import Blueprint, Response, abort, current_app, request
from wechatpy import parse_message
from wechatpy.crypto import WeChatCrypto
from wechatpy.exceptions import InvalidAppIdException, InvalidSignatureException
from wechatpy.replies import TextReply
from wechatpy.utils import check_signature

from channels import inbox
from core.masking import mask_in
from handlers.messages import Inbound
from handlers.router import dispatch

log = logging.getLogger(__name__)
blueprint = Blueprint("wechat", __name__)

MAX_CLOCK_SKEW = 300  # seconds: an older signed request is a replay
APOLOGY = "系统繁忙,请稍后再试。"
_BAD_XML = (ExpatError, ValueError, KeyError, TypeError, AttributeError)
_WECHATPY_SUBSCRIBES = ("subscribe_scan", "subscribe_scan_product")


@blueprint.get("/wechat")
def verify():
    """WeChat's URL check when the server address is saved in the account settings."""
    _check_request_signature()
    return Response(request.args.get("echostr", ""), mimetype="text/plain")


@blueprint.post("/wechat")
def receive():
    _check_request_signature()
    body = request.get_data(cache=False)  # larger than MAX_CONTENT_LENGTH: 413 from Werkzeug
    crypto = _crypto() if request.args.get("encrypt_type") == "aes" else None
    if crypto is not None:
        body = _decrypt(crypto, body)
    message = _parse(body)
    try:
        inbound = to_inbound(message)
    except (*_BAD_XML, OverflowError, OSError):  # MsgId not a number, CreateTime out of range
        abort(400, "不是微信消息 XML")
    try:
        text = inbox.receive(current_app.extensions["db"].sessions, inbound,
                             now=current_app.extensions["clock"].now(), answer=_answer,
                             per_minute=current_app.extensions["settings"].rate_limit_per_minute)
    except Exception:  # the database or a handler failed: WeChat must still hear something
        log.exception("could not answer %s", mask_in(inbox.dedupe_key(inbound), inbound.openid))
        text = APOLOGY
    if text is None:
        return Response("success", mimetype="text/plain")
    # wechatpy puts the text in CDATA unescaped: split any "]]>" so it cannot close the section.
    content = text.replace("]]>", "]]]]><![CDATA[>")
    sent_at = int(current_app.extensions["clock"].now().timestamp())  # wechatpy would read time.time()
    xml = TextReply(source=message.target, target=message.source, content=content, time=sent_at).render()
    if crypto is not None:
        xml = crypto.encrypt_message(xml, request.args.get("nonce", ""), request.args.get("timestamp"))
    return Response(xml, mimetype="application/xml")


def to_inbound(message) -> Inbound:
    """wechatpy's message object → the plain data handlers see."""
    fields = dict(message._data)  # wechatpy keeps every field WeChat sent here
    kind = (fields.get("MsgType") or "").lower()
    text = (message.recognition if kind == "voice" else getattr(message, "content", "")) or ""
    event = (getattr(message, "event", "") or fields.get("Event") or "") if kind == "event" else ""
    # wechatpy renames a subscribe by QR code or product scan; to WeChat and to us it is a subscribe.
    event = "subscribe" if event.lower() in _WECHATPY_SUBSCRIBES else event
    stamp = fields.get("CreateTime")
    inbound = Inbound(
        openid=fields.get("FromUserName") or "",
        kind=kind,
        text=text if isinstance(text, str) else "",
        event=event.lower(),
        event_key=str(fields.get("EventKey") or ""),
        msg_id=getattr(message, "id", None) or None,  # wechatpy's 0 for "no MsgId": dedupe by sender
        created_at=datetime.fromtimestamp(int(stamp), timezone.utc) if str(stamp).isdigit() else None,
        fields=fields,
    )
    # The columns that keep them are sized for WeChat's values (an openid has 28 characters).
    if len(inbound.openid) > 64 or len(inbound.kind) > 32 or len(inbound.event) > 64:
        raise ValueError("a field longer than WeChat ever sends")
    if inbound.msg_id is not None and not 0 < inbound.msg_id < 2 ** 63:
        raise ValueError("MsgId outside WeChat's 64-bit range")
    return inbound


def _answer(session, inbound: Inbound):
    app = current_app
    return dispatch(session, inbound, now=app.extensions["clock"].now(), settings=app.extensions["settings"])


def _check_request_signature() -> None:
    token = current_app.extensions["settings"].wechat_token
    if not token:
        abort(503, "未配置 WECHAT_TOKEN,无法校验微信请求")
    timestamp = request.args.get("timestamp", "")
    now = current_app.extensions["clock"].now().timestamp()
    # ASCII digits only, and few: int() refuses "²" and 4300+ digits with ValueError (a 500).
    fresh = timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 12
    if not fresh or abs(now - int(timestamp)) > MAX_CLOCK_SKEW:
        abort(403, "timestamp 缺失或与服务器时间相差超过5分钟")
    try:
        check_signature(token, request.args.get("signature", ""), timestamp, request.args.get("nonce", ""))
    except InvalidSignatureException:
        abort(403, "signature 校验失败")


def _crypto() -> WeChatCrypto:
    settings = current_app.extensions["settings"]
    if not (settings.wechat_aes_key and settings.wechat_app_id):
        abort(503, "安全模式需要配置 WECHAT_AES_KEY 和 WECHAT_APP_ID")
    return WeChatCrypto(settings.wechat_token, settings.wechat_aes_key, settings.wechat_app_id)


def _decrypt(crypto: WeChatCrypto, body: bytes) -> str:
    args = request.args
    if _has_doctype(body):
        abort(400, "不接受带 DOCTYPE 的 XML")
    try:
        return crypto.decrypt_message(body, args.get("msg_signature", ""), args.get("timestamp", ""),
                                      args.get("nonce", ""))
    except (InvalidSignatureException, InvalidAppIdException):
        abort(403, "msg_signature 校验失败或 AppID 不符")
    except (*_BAD_XML, binascii.Error, UnicodeDecodeError, struct.error, IndexError):  # too short, empty
        abort(400, "加密消息格式不正确")


def _parse(body: bytes | str):
    if _has_doctype(body):
        abort(400, "不接受带 DOCTYPE 的 XML")
    try:
        message = parse_message(body)
    except _BAD_XML as exc:
        log.info("rejected body: %s", exc)
        abort(400, "不是微信消息 XML")
    if message is None or not isinstance(message._data.get("FromUserName"), str):
        abort(400, "不是微信消息 XML")
    return message


def _has_doctype(body: bytes | str) -> bool:
    # xmltodict refuses entities, but a DOCTYPE has no place in WeChat's XML at all.
    raw = body.encode() if isinstance(body, str) else body
    return b"<!DOCTYPE" in raw.upper()
