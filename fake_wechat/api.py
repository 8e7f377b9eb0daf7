"""The API the stand-in answers: a table of routes, each a method and a small handler.

A handler gets the state (its lock held) and the call, and returns the JSON answer or raises
ApiError with the errcode the real API would give. To add an API, write a handler and a row.
"""
from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass, field as _field
from typing import TYPE_CHECKING, Callable, Mapping

from core.menu import validate_menu

if TYPE_CHECKING:
    from fake_wechat.state import Account, FakeState

# The real API's errmsg for each errcode the stand-in gives.
ERRMSG = {
    -1: "system error",
    40001: "invalid credential, access_token is invalid or not latest",
    40002: "invalid grant_type",
    40003: "invalid openid",
    40007: "invalid media_id",
    40008: "invalid message type",
    40013: "invalid appid",
    40014: "invalid access_token",
    40016: "invalid button size",
    40017: "invalid button type",
    40018: "invalid button name size",
    40019: "invalid button key size",
    40020: "invalid button url size",
    40022: "invalid sub button level",
    40023: "invalid sub button size",
    40024: "invalid sub button type",
    40025: "invalid sub button name size",
    40026: "invalid sub button key size",
    40027: "invalid sub button url size",
    40029: "invalid code",
    40037: "invalid template_id",
    40004: "invalid media type",
    40005: "invalid file type",
    40006: "invalid file size",
    40031: "invalid openid list",
    40056: "invalid agentid",
    40058: "invalid parameter",
    40054: "invalid sub button url domain",
    40055: "invalid button url domain",
    40125: "invalid appsecret",
    40163: "code been used",
    41001: "access_token missing",
    41002: "appid missing",
    41004: "appsecret missing",
    41008: "missing code",
    42001: "access_token expired",
    43001: "require GET method",
    43002: "require POST method",
    43004: "require subscribe",
    43101: "user refuse to accept the msg",
    44002: "empty post data",
    45002: "content size out of limit",
    45009: "reach max api daily quota limit",
    45015: "response out of time limit",
    46003: "menu no exist",
    47001: "data format error",
    47003: "argument invalid!",
    41005: "media data missing",
    44004: "empty content",
    60011: "no privilege to access/modify contact/party/agent",
    60111: "userid not found",
    81013: "user & party & tag all invalid",
    # Not an official code, so nothing can take it for a real WeChat condition (wechatpy's own
    # test stand-in uses it the same way).
    99999: "fake_wechat: no such API",
}
OK = {"errcode": 0, "errmsg": "ok"}
TEMPLATE_VALUE_MAX = 20  # characters per template field since 2023, with no line breaks
TEXT_MAX_BYTES = 2048
IMAGE_MAX_BYTES = 10 * 1024 * 1024  # temporary image media, both APIs
MEDIA_TYPES = ("image", "voice", "video", "thumb", "file")


class ApiError(Exception):
    def __init__(self, errcode: int, detail: str = "", http_status: int = 200):
        super().__init__(errcode, detail)
        self.errcode = errcode
        self.detail = detail
        self.http_status = http_status

    def body(self) -> dict:
        errmsg = ERRMSG.get(self.errcode, "fake_wechat: injected error")
        if self.detail:
            errmsg = f"{errmsg} ({self.detail})"
        return {"errcode": self.errcode, "errmsg": errmsg}


@dataclass(frozen=True)
class ApiCall:
    params: Mapping[str, str]
    body: bytes
    account: Account | None  # whose access_token came with the call; None where none is needed
    files: Mapping[str, tuple[str, bytes]] = _field(default_factory=dict)  # multipart: name -> (filename, data)


Handler = Callable[["FakeState", ApiCall], dict]


@dataclass(frozen=True)
class Route:
    method: str
    handler: Handler
    needs_token: bool = True
    api: str | None = "wechat"  # whose token it takes: wechat, wecom, or None for either


def get_token(state: FakeState, call: ApiCall) -> dict:
    account = _credentials(state, call.params, "client_credential")
    return {"access_token": state.issue_token(account.app_id), "expires_in": state.token_ttl}


def get_page_token(state: FakeState, call: ApiCall) -> dict:
    """sns/oauth2/access_token: a web-authorisation code exchanged for the user's openid."""
    account = _credentials(state, call.params, "authorization_code")
    if not call.params.get("code"):
        raise ApiError(41008)
    code = state.redeem_code(account.app_id, call.params["code"])
    return {"access_token": secrets.token_urlsafe(64), "expires_in": 7200,
            "refresh_token": secrets.token_urlsafe(64), "openid": code.openid, "scope": code.scope}


def _credentials(state: FakeState, params: Mapping[str, str], grant_type: str) -> Account:
    """The account an appid and secret stand for, or the errcode the real API gives."""
    if params.get("grant_type") != grant_type:
        raise ApiError(40002)
    if not params.get("appid"):
        raise ApiError(41002)
    if not params.get("secret"):
        raise ApiError(41004)
    account = state.accounts.get(params["appid"])
    if account is None:
        raise ApiError(40013)
    if params["secret"] != account.secret:
        raise ApiError(40125)
    return account


def _json_body(call: ApiCall) -> dict:
    if not call.body:
        raise ApiError(44002)
    try:
        body = json.loads(call.body)
    except ValueError:
        raise ApiError(47001) from None
    if not isinstance(body, dict):
        raise ApiError(47001)
    return body


def create_menu(state: FakeState, call: ApiCall) -> dict:
    menu = _json_body(call)
    problems = validate_menu(menu)
    if problems:
        first = problems[0]
        raise ApiError(first.errcode, f"{first.path}: {first.message}")
    call.account.menu = {"button": menu["button"]}
    return OK


def get_menu(state: FakeState, call: ApiCall) -> dict:
    if call.account.menu is None:
        raise ApiError(46003)
    return {"menu": call.account.menu}


def delete_menu(state: FakeState, call: ApiCall) -> dict:
    call.account.menu = None
    return OK


def _recipient(body: dict) -> str:
    openid = body.get("touser")
    if not isinstance(openid, str) or not openid:
        raise ApiError(40003)
    return openid


def _templated(call: ApiCall, template_ids) -> tuple[dict, str, dict[str, str]]:
    """(the body, its openid, its data's values) of a templated message — a template message or a
    订阅通知 — after the checks they share: a recipient, a known template, a value per field."""
    body = _json_body(call)
    openid = _recipient(body)
    if body.get("template_id") not in template_ids:
        raise ApiError(40037)
    data = body.get("data")
    if not isinstance(data, dict) or not data:
        raise ApiError(47003, "data")
    values = {}
    for key, field in data.items():
        value = field.get("value") if isinstance(field, dict) else None
        if not isinstance(value, str):
            raise ApiError(47003, f"data.{key}.value")
        values[key] = value
    return body, openid, values


def send_template(state: FakeState, call: ApiCall) -> dict:
    body, openid, values = _templated(call, state.template_ids)
    for key, value in values.items():
        if len(value) > TEMPLATE_VALUE_MAX or "\n" in value or "\r" in value:
            raise ApiError(47003, f"data.{key}.value exceeds {TEMPLATE_VALUE_MAX} characters or has a line break")
    state.check_reachable(openid, window=False)
    message = {"kind": "template", "openid": openid, "template_id": body["template_id"],
               "data": values, "url": body.get("url")}
    return {**OK, "msgid": state.accept(message)}


def send_custom(state: FakeState, call: ApiCall) -> dict:
    body = _json_body(call)
    openid = _recipient(body)
    if body.get("msgtype") == "image":
        media = state.media_of(call.account, (body.get("image") or {}).get("media_id"))
        state.check_reachable(openid, window=True)
        state.accept({"kind": "image", "openid": openid, "media_id": media["media_id"]})
        return OK
    if body.get("msgtype") != "text":
        raise ApiError(40008)  # the stand-in knows text and image messages only
    content = _text(body)
    state.check_reachable(openid, window=True)
    state.accept({"kind": "text", "openid": openid, "content": content})
    return OK


def _text(body: dict) -> str:
    content = (body.get("text") or {}).get("content")
    if not isinstance(content, str) or not content:
        raise ApiError(47003, "text.content")
    if len(content.encode("utf-8")) > TEXT_MAX_BYTES:
        raise ApiError(45002)
    return content


# 订阅通知 field rules by the key's type (thing1 is a thing): what the real API answers 47003 to.
_SUBSCRIBE_RULES: dict[str, Callable[[str], bool]] = {
    "thing": lambda v: len(v) <= 20,
    "phrase": lambda v: len(v) <= 5 and all("\u4e00" <= ch <= "\u9fff" for ch in v),
    "time": lambda v: bool(re.fullmatch(r"(\d{4}年\d{1,2}月\d{1,2}日 )?\d{1,2}:\d{2}(~.+)?", v)),
    "date": lambda v: bool(re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日( \d{1,2}:\d{2})?", v)),
    "number": lambda v: len(v) <= 32 and bool(re.fullmatch(r"[\d.]+", v)),
    "character_string": lambda v: len(v) <= 32,
    "name": lambda v: len(v) <= 10,
}


def send_subscribe(state: FakeState, call: ApiCall) -> dict:
    """message/subscribe/bizsend: a 订阅通知 to an openid that consented to the template."""
    body, openid, values = _templated(call, state.subscribe_template_ids)
    for key, value in values.items():
        rule = _SUBSCRIBE_RULES.get(re.sub(r"\d+$", "", key))
        if not value or "\n" in value or rule is None or not rule(value):
            raise ApiError(47003, f"data.{key}.value")
    state.use_consent(openid, body["template_id"])
    message = {"kind": "subscribe", "openid": openid, "template_id": body["template_id"],
               "data": values, "page": body.get("page")}
    return {**OK, "msgid": state.accept(message)}


def upload_media(state: FakeState, call: ApiCall) -> dict:
    """media/upload?type=image (official accounts and WeCom alike): temporary media for 3 days."""
    kind = call.params.get("type")
    if kind not in MEDIA_TYPES:
        raise ApiError(40004)
    if "media" not in call.files or not call.files["media"][1]:
        raise ApiError(41005)
    filename, data = call.files["media"]
    if kind == "image":
        if len(data) > IMAGE_MAX_BYTES:
            raise ApiError(40006)
        if not (data.startswith(b"\x89PNG\r\n\x1a\n") or data.startswith(b"\xff\xd8\xff")):
            raise ApiError(40005)
    media = state.store_media(call.account, kind, data, filename)
    return {**OK, "type": kind, "media_id": media["media_id"], "created_at": int(media["at"])}


# --- WeCom (企业微信): the bureau's own app, keyed by corp id -------------------------------------

def get_wecom_token(state: FakeState, call: ApiCall) -> dict:
    corp_id, secret = call.params.get("corpid"), call.params.get("corpsecret")
    if not corp_id:
        raise ApiError(41002)
    if not secret:
        raise ApiError(41004)
    account = state.accounts.get(corp_id)
    if account is None or account.kind != "wecom":
        raise ApiError(40013)
    if secret != account.secret:
        raise ApiError(40001)  # WeCom's "invalid secret"
    return {**OK, "access_token": state.issue_token(corp_id), "expires_in": state.token_ttl}


def send_wecom(state: FakeState, call: ApiCall) -> dict:
    """message/send: text, textcard or image to members; 81013 when no recipient is valid."""
    body = _json_body(call)
    if body.get("agentid") != call.account.agent_id:
        raise ApiError(40056)
    users = [u for u in str(body.get("touser") or "").split("|") if u]
    if not users:
        raise ApiError(40031)
    kind = body.get("msgtype")
    message = {"kind": "wecom", "msgtype": kind}
    if kind == "text":
        message["content"] = _text(body)
    elif kind == "textcard":
        card = body.get("textcard") or {}
        if not all(isinstance(card.get(k), str) and card.get(k) for k in ("title", "description", "url")):
            raise ApiError(40058, "textcard")
        # WeCom cuts a long title (128 bytes) or description (512 bytes) short: so does the stand-in.
        message.update(title=_cut(card["title"], 128), description=_cut(card["description"], 512),
                       url=card["url"], btntxt=card.get("btntxt"))
    elif kind == "image":
        message["media_id"] = state.media_of(call.account, (body.get("image") or {}).get("media_id"))["media_id"]
    else:
        raise ApiError(40008)
    valid, invalid = [], []
    for user in users:
        try:
            state.check_member(user)
            valid.append(user)
        except ApiError:
            invalid.append(user)
    if not valid:
        raise ApiError(81013)
    msgid = [state.accept({**message, "openid": user}) for user in valid][0]
    return {**OK, "invaliduser": "|".join(invalid), "msgid": str(msgid)}


def _cut(text: str, limit: int) -> str:
    return text.encode("utf-8")[:limit].decode("utf-8", "ignore")


def get_wecom_user(state: FakeState, call: ApiCall) -> dict:
    userid = call.params.get("userid", "")
    state.check_member(userid)
    return {**OK, "userid": userid, "name": userid}


def get_wecom_user_info(state: FakeState, call: ApiCall) -> dict:
    """user/getuserinfo: the member a web-authorisation code stands for (40029 otherwise)."""
    if not call.params.get("code"):
        raise ApiError(41008)
    code = state.redeem_code(call.account.app_id, call.params["code"], used_errcode=40029)
    return {**OK, "UserId": code.openid, "DeviceId": ""}


ROUTES: dict[str, Route] = {
    "/cgi-bin/token": Route("GET", get_token, needs_token=False),
    "/sns/oauth2/access_token": Route("GET", get_page_token, needs_token=False),
    "/cgi-bin/menu/create": Route("POST", create_menu),
    "/cgi-bin/menu/get": Route("GET", get_menu),
    "/cgi-bin/menu/delete": Route("GET", delete_menu),  # GET, as in the real API
    "/cgi-bin/message/template/send": Route("POST", send_template),
    "/cgi-bin/message/custom/send": Route("POST", send_custom),
    "/cgi-bin/message/subscribe/bizsend": Route("POST", send_subscribe),
    "/cgi-bin/media/upload": Route("POST", upload_media, api=None),
    "/cgi-bin/gettoken": Route("GET", get_wecom_token, needs_token=False, api="wecom"),
    "/cgi-bin/message/send": Route("POST", send_wecom, api="wecom"),
    "/cgi-bin/user/get": Route("GET", get_wecom_user, api="wecom"),
    "/cgi-bin/user/getuserinfo": Route("GET", get_wecom_user_info, api="wecom"),
}
