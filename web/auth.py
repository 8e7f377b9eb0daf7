"""Signing in: WeChat web authorisation inside WeChat, WeCom's inside WeCom (企业微信), one-time
links outside them, and the office's console password. The rules (who may, for how long) are
services/web_login.py's.
"""
from __future__ import annotations

import hmac
import logging
import secrets

import requests
from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from wechatpy.exceptions import WeChatOAuthException

from channels.app import request_session
from core.masking import mask_openid
from channels.wechat_api import page_auth_from_settings
from core.reach import wecom_openid
from services.web_login import (PASSWORD_LOCK, LinkRefused, check_password, home_path, local_path,
                                person_for_openid, redeem_link)
from web.session import now, sign_in, sign_out, viewer

logger = logging.getLogger(__name__)

blueprint = Blueprint("auth", __name__)

PENDING = "oauth"  # session key: the state sent to WeChat's authorize page, and where to go after
IN_WECHAT = "MicroMessenger"  # in the User-Agent of WeChat's built-in browser
IN_WECOM = "wxwork"  # WeCom's built-in browser adds this too
NOT_BOUND_WECOM = ("您的企业微信账号尚未绑定为领导或工作人员,不能查看任务看板。"
                   "请先在企业微信的民政助手应用里发送“绑定 绑定码”(绑定码向县民政局办公室索取)。")
NOT_BOUND = ("您的微信尚未绑定为领导或工作人员,不能查看任务看板。"
             "请先在公众号发送“绑定 绑定码”(绑定码向县民政局办公室索取)。")


@blueprint.get("/login")
def login():
    """Inside WeChat (or with ?wechat=1): off to WeChat's authorize page. Elsewhere: how to get in."""
    wanted = local_path(request.args.get("next"))
    who = viewer()
    if who is not None:
        return redirect(wanted or home_path(who.role))
    settings = current_app.extensions["settings"]
    signed_out = request.args.get("out") == "1"  # just signed out: do not sign straight back in
    in_wecom = IN_WECOM in request.headers.get("User-Agent", "") or request.args.get("wecom") == "1"
    if in_wecom and settings.wecom_enabled and not signed_out:
        return redirect(url_for("auth.wecom_start", next=wanted))
    in_wechat = IN_WECHAT in request.headers.get("User-Agent", "") or request.args.get("wechat") == "1"
    can_authorise = in_wechat and bool(settings.wechat_app_id and settings.wechat_app_secret)
    if can_authorise and not signed_out:
        state = secrets.token_urlsafe(16)
        session[PENDING] = {"state": state, "next": wanted}
        return redirect(page_auth_from_settings(settings, _callback_url(), state).authorize_url)
    return render_template("auth/login.html", next=wanted, signed_out=signed_out, can_authorise=can_authorise)


@blueprint.get("/login/wechat")
def wechat():
    """WeChat's redirect back: the code names the openid, which must be bound to a person."""
    pending, retry, code, refusal = _returned_code("wechat", "微信", "公众号菜单")
    if refusal:
        return refusal
    try:
        answer = page_auth_from_settings(current_app.extensions["settings"], _callback_url()).fetch_access_token(code)
    except (WeChatOAuthException, requests.RequestException) as exc:
        return _exchange_failed(exc, "WeChat web authorisation", "微信", retry)
    return _signed_in("wechat", answer["openid"], pending, NOT_BOUND,
                      "openid %s is not bound to a leader, staff member or admin")


@blueprint.get("/login/wecom/start")
def wecom_start():
    """Off to WeCom's authorize page for the bureau's app (snsapi_base: no prompt)."""
    from channels.wecom_api import authorize_url

    settings = current_app.extensions["settings"]
    if not settings.wecom_enabled:
        return _refused("未配置企业微信(WECOM_CORP_ID、WECOM_AGENT_ID、WECOM_SECRET),不能用企业微信登录。", 503)
    state = secrets.token_urlsafe(16)
    session[PENDING] = {"state": state, "next": local_path(request.args.get("next"))}
    return redirect(authorize_url(settings, _callback_url("auth.wecom"), state))


@blueprint.get("/login/wecom")
def wecom():
    """WeCom's redirect back: the code names the member, who must be bound to a person."""
    from wechatpy.exceptions import WeChatClientException

    from channels.wecom_api import wecom_from_settings

    pending, retry, code, refusal = _returned_code("wecom", "企业微信", "企业微信的应用里")
    if refusal:
        return refusal
    try:
        answer = wecom_from_settings(current_app.extensions["settings"], sessions=current_app.extensions["db"].sessions
                                     ).oauth.get_user_info(code)
    except (WeChatClientException, requests.RequestException) as exc:
        return _exchange_failed(exc, "WeCom sign-in", "企业微信", retry)
    userid = answer.get("UserId") or answer.get("userid")
    if not userid:  # someone outside the corp (WeCom answers an OpenId instead)
        return _refused(NOT_BOUND_WECOM, 403)
    return _signed_in("wecom", wecom_openid(userid), pending, NOT_BOUND_WECOM, "WeCom member %s is not bound")


# --- the steps both authorize pages' returns share ---------------------------------------------

def _returned_code(flag: str, app: str, reopen_from: str):
    """(the pending sign-in, the retry link, the code the authorize page sent back, a refusal or None):
    the state must be the one this session sent, and a code must have come with it."""
    pending = session.pop(PENDING, None) or {}
    retry = url_for("auth.login", next=pending.get("next"), **{flag: 1})
    sent = request.args.get("state", "")
    if not (sent and pending.get("state") and hmac.compare_digest(sent, pending["state"])):
        return pending, retry, None, _refused(f"登录请求已失效,请从{reopen_from}重新打开。", 403, retry)
    code = request.args.get("code")
    if not code:
        return pending, retry, None, _refused(f"{app}没有给出授权,请重新打开。", 400, retry)
    return pending, retry, code, None


def _exchange_failed(exc: Exception, label: str, app: str, retry: str):
    """The code was refused (an errcode: stale or used), or the service was not reached."""
    if getattr(exc, "errcode", None):
        logger.warning("%s refused the code: %s %s", label, exc.errcode, exc.errmsg)
        return _refused(f"{app}授权没有成功(页面停留太久或已用过),请重新打开。", 400, retry)
    # No errcode: not reached, or an HTTP error. The exception's text carries the URL, secret
    # included: log its kind only.
    logger.warning("%s unreachable: %s", label, type(exc).__name__)
    return _refused(f"暂时连不上{app},请稍后重试。", 502, retry)


def _signed_in(kind: str, openid: str, pending: dict, not_bound: str, refused_log: str):
    person = person_for_openid(request_session(), openid)
    if person is None:
        logger.info("web sign-in refused: " + refused_log, mask_openid(openid))
        return _refused(not_bound, 403)
    sign_in(kind, person=person, openid=openid)
    return redirect(pending.get("next") or home_path(person.role))


@blueprint.get("/login/link/<token>")
def link(token: str):
    """A one-time link from `bot.py link`: good once, until it expires."""
    if request.method == "HEAD":  # a link checker looking, not the person: keep the link unused
        return "", 200
    db = request_session()
    try:
        used = redeem_link(db, current_app.extensions["settings"], token, now())
    except LinkRefused as refusal:
        logger.info("sign-in link refused (%s): %s", refusal.status, refusal.message)
        return _refused(refusal.message, refusal.status)
    person, wanted = used.person, local_path(used.next_path)
    sign_in("link", person=person)
    wanted = wanted or home_path(person.role)
    db.commit()
    return redirect(wanted)


@blueprint.route("/login/password", methods=["GET", "POST"])
def password():
    """The office's console account (`bot.py admin-password`)."""
    wanted = local_path(request.values.get("next"))
    if request.method == "GET":
        return render_template("auth/password.html", next=wanted, username="")
    username = request.form.get("username", "")
    db = request_session()
    result = check_password(db, username, request.form.get("password", ""), now())
    if result.account is not None:
        sign_in("password", account=result.account)
        db.commit()
        return redirect(wanted or "/console")
    db.commit()  # the count of wrong passwords, and the lock
    if result.locked_until is not None:
        logger.warning("console account %r locked after repeated wrong passwords", username)
        error, status = f"尝试过多,请{PASSWORD_LOCK.seconds // 60}分钟后再试", 429
    else:
        error, status = "用户名或密码不对", 401
    return render_template("auth/password.html", next=wanted, username=username, error=error), status


@blueprint.post("/logout")
def logout():
    sign_out()
    return redirect(url_for("auth.login", out=1))


def _callback_url(endpoint: str = "auth.wechat") -> str:
    """Where WeChat (or WeCom) sends the user back: PUBLIC_BASE_URL's host, else the one this
    request came to."""
    base = current_app.extensions["settings"].public_base_url
    return base + url_for(endpoint) if base else url_for(endpoint, _external=True)


def _refused(message: str, status: int, retry: str | None = None):
    return render_template("auth/refused.html", message=message, retry=retry), status

