"""A local stand-in for WeChat's official-account API, for tests and demos; it can say no.

It answers like the real API: JSON bodies, HTTP 200 with errcode/errmsg for API errors.

- GET /cgi-bin/token?grant_type=client_credential&appid=…&secret=… issues a random token for
  `token_ttl` seconds. Each new token retires the account's earlier ones after 5 minutes
  (TOKEN_GRACE), as the real API does; a retired token then gets 40001, an expired one 42001.
- Every other API needs ?access_token= (41001 missing, 40001 unknown, 42001 expired).
- The APIs it knows are the rows of fake_wechat.api.ROUTES; a wrong method gets 43001/43002.
- Every API with a token counts against a daily quota, if one is set (45009 once used up; the
  day starts at midnight Beijing time on the stand-in's clock).
- message/template/send: the template id must be one it knows (40037); each data value at most
  20 characters, no line break (47003, as since 2023); the openid must follow the account (43004)
  and not have refused messages (43101). It answers a msgid.
- message/custom/send (text): the same follower checks, and the user must have written within
  48 hours (45015). Until followers are given, every openid follows and wrote just now.
- Web authorisation (OAuth): GET /connect/oauth2/authorize?appid&redirect_uri&response_type=code
  &scope&state is WeChat's authorize page. It redirects (302) to redirect_uri?code=…&state=… for
  the WeChat user holding the phone (POST /_fake/oauth-user); with nobody holding it, it shows
  the page WeChat shows outside its app. Bad parameters get WeChat's error page (HTTP 200 HTML,
  errcode 10003 for an appid it does not know, 10005 scope, 10010-10012 missing scope,
  redirect_uri, appid). GET /sns/oauth2/access_token?appid&secret&code&grant_type=
  authorization_code answers {access_token, expires_in, refresh_token, openid, scope}; a code
  works once (40163 after), for 5 minutes on the stand-in's clock and for its own app (40029).
- Any other path gets HTTP 404 with errcode 99999, which no real WeChat API uses: the stand-in
  does not know that API, and it must not pretend the call worked.

- message/subscribe/bizsend (订阅通知): the template must be a subscribe template it knows
  (40037); each value follows its key's type (thing ≤20 characters, phrase ≤5 Chinese
  characters, time "2020年5月25日 18:00" or "18:00", date, number, …; anything else, an empty
  value or a line break: 47003); the openid must have consented (43101), and a one-time consent
  is used up by the send.
- media/upload?type=image (multipart "media", both kinds of account): PNG or JPEG (40005), at
  most 10 MB (40006), no file 41005, bad type 40004; answers a media_id good for 3 days, which
  message/custom/send (msgtype image) and WeCom's message/send accept (40007 otherwise).
- WeCom (企业微信) apps, given as `wecom` (corp id -> (secret, agent id)): GET /cgi-bin/gettoken
  ?corpid&corpsecret (40013 unknown corp, 40001 wrong secret; the same token until it expires);
  a WeCom token is refused by the WeChat APIs (40001) and a WeChat one by WeCom's (40014, 42001
  once expired). POST /cgi-bin/message/send (text, textcard, image; agentid must be the app's,
  40056; recipients not members 60111 or not visible to the app 60011 are left out and listed
  in invaliduser, and when none is left 81013); GET /cgi-bin/user/get?userid (60111, 60011);
  GET /cgi-bin/user/getuserinfo?code (the member the WeCom authorize page sent back, 40029 once
  used or unknown). The authorize page with appid = a corp id sees the member holding the phone.

Test controls, not part of WeChat's API (JSON in, JSON out):

GET  /_fake/calls[?path=/cgi-bin/token]
     Every API call received, oldest first (the last 10 000): at (the stand-in's clock),
     method, path, params (access_token and secret masked), body (JSON, else text, else null),
     http_status, errcode (0 on success; null when a fault answered with a bare HTTP status).
     Count the /cgi-bin/token entries to see how often a client fetched a token.
POST /_fake/faults
     {"path": "/cgi-bin/menu/create", "errcode": 45009, "times": 1}   answer with that errcode
     {"path": "/cgi-bin/menu/get", "http_status": 503, "times": 2}    answer with a bare HTTP error
     {"path": "/cgi-bin/token", "delay": 2.0}                         wait, then answer normally
     `times` defaults to 1; a delay may be combined with either of the others. Faults for one
     path are used in the order given, before the access token is checked; the token endpoint
     takes faults too.
POST /_fake/expire-tokens   every token issued so far expires now
POST /_fake/reset           forget tokens, menus, calls, faults, messages and quota used; the
                            templates, followers and quotas go back to how the stand-in started
GET  /_fake/messages[?openid=…]
     Every message accepted for delivery, oldest first: msgid, at, kind (template|text), openid,
     template_id, data (field -> value), url; or content for text.
POST /_fake/templates  {"template_id": "…"}                  a template the account may use
POST /_fake/followers  {"openid": "…", "refused": false, "seen_ago": 0}
     the openid follows (refused: it turned messages off; seen_ago: seconds since it last wrote,
     null for never); from the first one on, only the openids given follow
POST /_fake/unfollow   {"openid": "…"}
POST /_fake/oauth-user {"openid": "…"}   whose phone the authorize page sees; null: nobody's
                       ({"userid": "…"}: the WeCom member, for a WeCom app's page)
POST /_fake/subscribe-templates {"template_id": "…"}         a subscribe template it knows
POST /_fake/subscribe-consent {"openid", "template_id", "accept": true, "long_term": false}
                       the user's answer to a subscribe popup (what WeChat then posts to /wechat)
POST /_fake/members    {"userid": "…", "visible": true, "member": true}   WeCom members; from the
                       first one on, only the userids given are members
GET  /_fake/media      every uploaded file: media_id, type, bytes, png, account, at
POST /_fake/quota      {"limit": 100, "path": "/cgi-bin/message/template/send"}   calls per day;
                       without path, for every API
"""
from __future__ import annotations

import json
import time
from typing import Callable, Iterable
from urllib.parse import urlencode, urlsplit

from flask import Blueprint, Flask, current_app, redirect, request
from werkzeug.serving import BaseWSGIServer, make_server

from fake_wechat.api import ROUTES, ApiCall, ApiError
from fake_wechat.state import FakeState, Fault, Follower, Setup

_MASKED_PARAMS = ("access_token", "secret", "corpsecret")
_FAULT_FIELDS = {
    "path": str, "errcode": int, "http_status": int, "delay": (int, float), "times": int,
}

controls = Blueprint("fake_controls", __name__, url_prefix="/_fake")

AUTHORIZE_PATH = "/connect/oauth2/authorize"
OAUTH_SCOPES = ("snsapi_base", "snsapi_userinfo")
# What WeChat's authorize page says, as a page (errcode and text), when it cannot go on.
AUTHORIZE_ERRORS = {
    10003: "redirect_uri域名与后台配置不一致",
    10005: "此公众号并没有这些scope的权限",
    10010: "scope不能为空",
    10011: "redirect_uri不能为空",
    10012: "appid不能为空",
}
NOT_IN_WECHAT = "请在微信客户端打开链接"


def create_fake_wechat(
    apps: dict[str, str],
    *,
    token_ttl: int = 7200,
    now: Callable[[], float] = time.time,
    template_ids: Iterable[str] = (),
    followers: Iterable[str] | None = None,
    quota: int | None = None,
    subscribe_template_ids: Iterable[str] = (),
    wecom: dict[str, tuple[str, int]] | None = None,
    members: Iterable[str] | None = None,
) -> Flask:
    """The stand-in for the accounts in `apps` (app id -> secret), on the clock `now`.

    `followers` None: every openid follows; `quota`: calls per API per day; `wecom`: WeCom apps
    (corp id -> (secret, agent id)); `members` None: every userid is a member the app may reach.
    """
    app = Flask(__name__)
    app.json.ensure_ascii = False
    state = FakeState(apps, token_ttl, now, Setup(
        template_ids=set(template_ids),
        followers=None if followers is None else {openid: Follower(seen_at=now()) for openid in followers},
        quotas={} if quota is None else {None: quota},
        subscribe_template_ids=set(subscribe_template_ids),
        members=None if members is None else {userid: True for userid in members},
    ), wecom=wecom)
    app.extensions["fake_wechat"] = state
    app.register_blueprint(controls)
    app.add_url_rule(AUTHORIZE_PATH, view_func=_authorize)
    app.add_url_rule("/", view_func=_api, methods=["GET", "POST"], defaults={"path": ""})
    app.add_url_rule("/<path:path>", view_func=_api, methods=["GET", "POST"])
    return app


def make_fake_server(host: str, port: int, apps: dict[str, str], **kw) -> BaseWSGIServer:
    """The stand-in behind werkzeug's threaded server; port 0 picks a free one (`.port`)."""
    return make_server(host, port, create_fake_wechat(apps, **kw), threaded=True)


def serve_fake_wechat(host: str, port: int, apps: dict[str, str], **kw) -> None:
    """Serve the stand-in until interrupted (Ctrl-C)."""
    make_fake_server(host, port, apps, **kw).serve_forever()


def _state() -> FakeState:
    return current_app.extensions["fake_wechat"]


def _api(path: str):
    state, path = _state(), "/" + path
    with state.lock:
        fault = state.take_fault(path)
    if fault and fault.delay:
        time.sleep(fault.delay)  # outside the lock: other calls go on meanwhile
    with state.lock:
        status, body = _answer(state, path, fault)
        state.calls.append(_call_record(state, path, status, body))
    return body, status


class _PageError(Exception):
    def __init__(self, errcode: int | None, message: str = ""):
        super().__init__(errcode, message)
        self.errcode = errcode
        self.message = message or AUTHORIZE_ERRORS[errcode]


def _authorize():
    state = _state()
    with state.lock:
        try:
            location = _authorized(state, request.args)
        except _PageError as error:
            state.calls.append(_call_record(state, AUTHORIZE_PATH, 200,
                                            {"errcode": error.errcode} if error.errcode else error.message))
            code = f"{error.errcode} " if error.errcode else ""
            return (f"<!doctype html><meta charset=utf-8><title>微信</title>"
                    f"<p>Oops! Something went wrong:(</p><p>{code}{error.message}</p>"), 200
        state.calls.append(_call_record(state, AUTHORIZE_PATH, 302, {"errcode": 0}))
    return redirect(location)


def _authorized(state: FakeState, args) -> str:
    """Where the authorize page sends the user, with a new code; _PageError when it cannot."""
    app_id, redirect_uri, scope = args.get("appid", ""), args.get("redirect_uri", ""), args.get("scope", "")
    account = state.accounts.get(app_id)
    # A WeCom app's page (appid is the corp id) sees the member holding the phone.
    user = state.wecom_user if account is not None and account.kind == "wecom" else state.oauth_user
    if user is None:
        raise _PageError(None, NOT_IN_WECHAT)
    if not app_id:
        raise _PageError(10012)
    if account is None:  # no account of that appid, so no domain of its matches
        raise _PageError(10003)
    if not redirect_uri:
        raise _PageError(10011)
    if urlsplit(redirect_uri).scheme not in ("http", "https"):
        raise _PageError(10003)
    if not scope:
        raise _PageError(10010)
    if scope not in OAUTH_SCOPES:
        raise _PageError(10005)
    if args.get("response_type") != "code":
        raise _PageError(None, "参数错误:response_type 须为 code")
    query = urlencode({"code": state.issue_code(app_id, user, scope), "state": args.get("state", "")})
    return f"{redirect_uri}{'&' if '?' in redirect_uri else '?'}{query}"


def _answer(state: FakeState, path: str, fault: Fault | None) -> tuple[int, dict | str]:
    if fault and fault.http_status:
        return fault.http_status, f"fake_wechat: injected HTTP {fault.http_status}"
    try:
        if fault and fault.errcode is not None:
            raise ApiError(fault.errcode, "injected")
        return 200, _call(state, path)
    except ApiError as error:
        return error.http_status, error.body()


def _call(state: FakeState, path: str) -> dict:
    route = ROUTES.get(path)
    if route is None:
        raise ApiError(99999, f"{request.method} {path}", http_status=404)
    if request.method != route.method:
        raise ApiError(43001 if route.method == "GET" else 43002)
    account = None
    if route.needs_token:
        account = state.account_for(request.args.get("access_token"), route.api)
        state.count_call(path)
    body = request.get_data()  # first: the multipart parser reads from what it cached
    files = {name: (upload.filename or "", upload.read()) for name, upload in request.files.items()}
    return route.handler(state, ApiCall(request.args.to_dict(), body, account, files))


def _call_record(state: FakeState, path: str, status: int, body: dict | str) -> dict:
    return {
        "at": state.now(),
        "method": request.method,
        "path": path,
        "params": {k: "***" if k in _MASKED_PARAMS else v for k, v in request.args.items()},
        "body": _logged_body(request.get_data()),
        "http_status": status,
        "errcode": body.get("errcode", 0) if isinstance(body, dict) else None,
    }


def _logged_body(data: bytes) -> object:
    if not data:
        return None
    if request.mimetype == "multipart/form-data":  # an upload: its size, not its bytes
        return f"multipart {len(data)} bytes"
    try:
        return json.loads(data)
    except ValueError:
        return data.decode("utf-8", "replace")


@controls.get("/calls")
def calls():
    path = request.args.get("path")
    state = _state()
    with state.lock:
        return {"calls": [call for call in state.calls if path in (None, call["path"])]}


@controls.get("/messages")
def messages():
    openid = request.args.get("openid")
    state = _state()
    with state.lock:
        return {"messages": [m for m in state.messages if openid in (None, m["openid"])]}


@controls.post("/templates")
def add_template():
    template_id = _body_reader()("template_id", str)
    state = _state()
    with state.lock:
        state.template_ids.add(template_id)
        return {"template_ids": sorted(state.template_ids)}


@controls.post("/followers")
def add_follower():
    get = _body_reader()
    openid, refused = get("openid", str), get("refused", bool, False)
    seen_ago = get("seen_ago", (int, float), 0.0, nullable=True)
    state = _state()
    with state.lock:
        state.follow([openid], refused=refused, seen_ago=seen_ago)
        return {"followers": sorted(state.followers)}


@controls.post("/unfollow")
def unfollow():
    openid = _body_reader()("openid", str)
    state = _state()
    with state.lock:
        state.unfollow(openid)
        return {"followers": sorted(state.followers)}


@controls.post("/oauth-user")
def set_oauth_user():
    """{"openid": …} for WeChat's authorize page, {"userid": …} for a WeCom app's."""
    get = _body_reader()
    wecom = "userid" in request.get_json()
    user = get("userid" if wecom else "openid", str, nullable=True)
    state = _state()
    with state.lock:
        if wecom:
            state.wecom_user = user
            return {"userid": user}
        state.oauth_user = user
        return {"openid": user}


@controls.post("/subscribe-templates")
def add_subscribe_template():
    template_id = _body_reader()("template_id", str)
    state = _state()
    with state.lock:
        state.subscribe_template_ids.add(template_id)
        return {"template_ids": sorted(state.subscribe_template_ids)}


@controls.post("/subscribe-consent")
def subscribe_consent():
    """The user answers a subscribe popup: accept (one send, or every send when long_term) or reject."""
    get = _body_reader()
    openid, template_id = get("openid", str), get("template_id", str)
    accept, long_term = get("accept", bool, True), get("long_term", bool, False)
    state = _state()
    with state.lock:
        state.consent(openid, template_id, accept=accept, long_term=long_term)
        consent = state.consents.get((openid, template_id))
        return {"consent": None if consent is None else vars(consent)}


@controls.post("/members")
def set_member():
    """A WeCom member: visible to the app (false: 60011); "member": false removes them (60111)."""
    get = _body_reader()
    userid, visible, member = get("userid", str), get("visible", bool, True), get("member", bool, True)
    state = _state()
    with state.lock:
        if state.members is None:
            state.members = {}
        if member:
            state.members[userid] = visible
        else:
            state.members.pop(userid, None)
        return {"members": state.members}


@controls.get("/media")
def media():
    state = _state()
    with state.lock:
        return {"media": list(state.media.values())}


@controls.post("/quota")
def set_quota():
    get = _body_reader()
    limit, path = get("limit", int), get("path", str, None, nullable=True)
    state = _state()
    with state.lock:
        state.quotas[path] = limit
        return {"quotas": {key or "*": value for key, value in state.quotas.items()}}


class _BadControl(Exception):
    pass


@controls.errorhandler(_BadControl)
def _bad_control(error: _BadControl):
    return {"error": str(error)}, 400


def _body_reader():
    """get(name, kind, default): a field of the JSON body; a missing or wrong one answers 400."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise _BadControl("expected a JSON object")

    def get(name: str, kind, default=..., *, nullable: bool = False):
        if name not in data:
            if default is ...:
                raise _BadControl(f"{name} is required")
            return default
        value = data[name]
        if value is None and nullable:
            return None
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            raise _BadControl(f"{name} has the wrong type")
        return value

    return get


@controls.post("/faults")
def add_fault():
    data = request.get_json(silent=True)
    try:
        path, fault = _fault_from(data)
    except ValueError as error:
        return {"error": str(error)}, 400
    answer = {"path": path, **vars(fault)}
    state = _state()
    with state.lock:
        state.add_fault(path, fault)
    return answer


@controls.post("/expire-tokens")
def expire_tokens():
    state = _state()
    with state.lock:
        return {"expired": state.expire_tokens()}


@controls.post("/reset")
def reset():
    state = _state()
    with state.lock:
        state.reset()
    return {"reset": True}


def _fault_from(data: object) -> tuple[str, Fault]:
    if not isinstance(data, dict) or not set(data) <= set(_FAULT_FIELDS):
        raise ValueError(f"expected a JSON object with fields among {sorted(_FAULT_FIELDS)}")
    for name, kind in _FAULT_FIELDS.items():
        if name in data and (isinstance(data[name], bool) or not isinstance(data[name], kind)):
            raise ValueError(f"{name} has the wrong type")
    path = data.get("path", "")
    fault = Fault(
        errcode=data.get("errcode"),
        http_status=data.get("http_status"),
        delay=float(data.get("delay", 0)),
        times=data.get("times", 1),
    )
    if not path.startswith("/"):
        raise ValueError("path must start with /")
    bad_status = fault.http_status is not None and not 400 <= fault.http_status <= 599
    if fault.errcode == 0 or bad_status:
        raise ValueError("a fault must not succeed: errcode non-zero, http_status 400-599")
    if fault.errcode is not None and fault.http_status is not None:
        raise ValueError("give errcode or http_status, not both")
    if fault.errcode is None and fault.http_status is None and fault.delay <= 0:
        raise ValueError("give errcode, http_status or delay")
    if fault.times < 1 or fault.delay < 0:
        raise ValueError("times must be at least 1 and delay not negative")
    return path, fault
