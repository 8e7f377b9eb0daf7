"""/wecom: the callback of the bureau's WeCom (企业微信) app, for staff and leaders.

WeCom always encrypts. In order: the app is configured, the timestamp is fresh, the message
signature is right and the body decrypts for our corp (wechatpy's enterprise crypto), the body is
small and is WeCom's XML for our app; then the same inbox (one row per delivery, WeCom's retries
answered from it), the same router and handlers as /wechat, with the sender's openid
"wecom:<userid>" (bound to a person by the same 绑定 codes). The reply goes back encrypted.
"""
from __future__ import annotations

import binascii
import logging
import struct
from dataclasses import replace

from flask import Blueprint, Response, abort, current_app, request
from wechatpy.enterprise import WeChatCrypto, parse_message
from wechatpy.enterprise.exceptions import InvalidCorpIdException
from wechatpy.enterprise.replies import TextReply
from wechatpy.exceptions import InvalidSignatureException

from channels import inbox
from channels.wechat_inbound import _BAD_XML, APOLOGY, MAX_CLOCK_SKEW, _has_doctype, to_inbound
from core.masking import mask_in
from core.reach import wecom_openid
from handlers.router import dispatch

log = logging.getLogger(__name__)
blueprint = Blueprint("wecom", __name__)

MAX_USERID = 64 - len(wecom_openid(""))  # the openid column holds 64 characters


@blueprint.get("/wecom")
def verify():
    """WeCom's URL check when the callback is saved: echostr is encrypted; answer it decrypted."""
    crypto = _crypto()
    args = request.args
    try:
        echo = crypto.check_signature(args.get("msg_signature", ""), _fresh_timestamp(), args.get("nonce", ""),
                                      args.get("echostr", ""))
    except (InvalidSignatureException, InvalidCorpIdException):
        abort(403, "msg_signature 校验失败或企业 ID 不符")
    except (*_BAD_XML, binascii.Error, UnicodeDecodeError, struct.error, IndexError):
        abort(400, "echostr 格式不正确")
    return Response(echo, mimetype="text/plain")


@blueprint.post("/wecom")
def receive():
    crypto = _crypto()
    settings, args = current_app.extensions["settings"], request.args
    timestamp = _fresh_timestamp()
    body = request.get_data(cache=False)
    if _has_doctype(body):
        abort(400, "不接受带 DOCTYPE 的 XML")
    try:
        xml = crypto.decrypt_message(body, args.get("msg_signature", ""), timestamp, args.get("nonce", ""))
    except (InvalidSignatureException, InvalidCorpIdException):
        abort(403, "msg_signature 校验失败或企业 ID 不符")
    except (*_BAD_XML, binascii.Error, UnicodeDecodeError, struct.error, IndexError):
        abort(400, "加密消息格式不正确")
    if _has_doctype(xml):
        abort(400, "不接受带 DOCTYPE 的 XML")
    try:
        message = parse_message(xml)
        fields = message._data
        agent = str(fields.get("AgentID") or "")
        inbound = to_inbound(message)
    except (*_BAD_XML, OverflowError, OSError):
        abort(400, "不是企业微信消息 XML")
    if not isinstance(fields.get("FromUserName"), str) or not 0 < len(inbound.openid) <= MAX_USERID:
        abort(400, "不是企业微信消息 XML")
    if agent and agent != settings.wecom_agent_id:
        abort(403, "AgentID 与 WECOM_AGENT_ID 不符")
    inbound = replace(inbound, openid=wecom_openid(inbound.openid), channel="wecom")
    key = f"wecom:{inbox.dedupe_key(inbound)}"[:160]
    now = current_app.extensions["clock"].now()
    try:
        text = inbox.receive(current_app.extensions["db"].sessions, inbound, now=now, channel="wecom", key=key,
                             answer=lambda session, msg: dispatch(session, msg, now=now, settings=settings),
                             per_minute=settings.rate_limit_per_minute)
    except Exception:  # the database or a handler failed: WeCom must still hear something
        log.exception("could not answer %s", mask_in(key, inbound.openid))
        text = APOLOGY
    if text is None:
        return Response("", mimetype="text/plain")  # WeCom takes an empty answer as "nothing to say"
    reply = TextReply(source=fields.get("ToUserName"), target=fields.get("FromUserName"),
                      content=text.replace("]]>", "]]]]><![CDATA[>"), time=int(now.timestamp()))
    reply.agent = int(agent) if agent.isdigit() else 0
    return Response(crypto.encrypt_message(reply.render(), args.get("nonce", ""), timestamp),
                    mimetype="application/xml")


def _crypto() -> WeChatCrypto:
    settings = current_app.extensions["settings"]
    if not (settings.wecom_token and settings.wecom_aes_key and settings.wecom_corp_id):
        abort(503, "未配置 WECOM_TOKEN、WECOM_AES_KEY 或 WECOM_CORP_ID,无法接收企业微信消息")
    return WeChatCrypto(settings.wecom_token, settings.wecom_aes_key, settings.wecom_corp_id)


def _fresh_timestamp() -> str:
    timestamp = request.args.get("timestamp", "")
    now = current_app.extensions["clock"].now().timestamp()
    if not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 12) \
            or abs(now - int(timestamp)) > MAX_CLOCK_SKEW:
        abort(403, "timestamp 缺失或与服务器时间相差超过5分钟")
    return timestamp
