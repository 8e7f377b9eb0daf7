"""Who is looking at a page: the signed session cookie, its expiry, the roles each page admits,
and the CSRF token every form carries.

The cookie holds only ids and the sign-in time; every request looks the person up again, so an
unbinding or a deleted account takes effect at once, not when the cookie runs out.
"""
from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta
from functools import wraps

from flask import current_app, g, redirect, render_template, request, session, url_for
from sqlalchemy import select

from channels.app import request_session
from models import ConsoleAccount, Person, Subscriber

SESSION_LIFETIME = timedelta(hours=8)
CONSOLE_NAME = "办公室"  # how the password account appears in histories


@dataclass(frozen=True)
class Viewer:
    name: str
    role: str  # leader | staff | admin
    person_id: int | None  # None for the console password account
    township_id: int | None
    via: str  # wechat | wecom | link | password


def sign_in(via: str, *, person: Person | None = None, account: ConsoleAccount | None = None,
            openid: str | None = None) -> None:
    """Start a fresh session (a new CSRF token too), never extending one someone else began."""
    session.clear()
    session.update(via=via, at=now().timestamp(), csrf=secrets.token_urlsafe(32),
                   pid=person.id if person else None, acct=account.id if account else None,
                   openid=openid)
    session.permanent = True
    g.pop("viewer", None)


def sign_out() -> None:
    session.clear()
    g.pop("viewer", None)


def viewer() -> Viewer | None:
    """The signed-in person of this request, or None when nobody is (or the session expired)."""
    if "viewer" not in g:
        g.viewer = _load_viewer()
    return g.viewer


def _load_viewer() -> Viewer | None:
    started = session.get("at")
    if not isinstance(started, (int, float)) or now().timestamp() - started > SESSION_LIFETIME.total_seconds():
        return None
    db = request_session()
    via = session.get("via")
    if via == "password":
        account = db.get(ConsoleAccount, session.get("acct") or 0)
        return Viewer(CONSOLE_NAME, "admin", None, None, via) if account else None
    person = db.get(Person, session.get("pid") or 0)
    if person is None:
        return None
    if via in ("wechat", "wecom"):  # unbinding the openid (or WeCom member) ends what it opened
        bound_to = db.scalar(select(Subscriber.person_id).where(Subscriber.openid == (session.get("openid") or "")))
        if bound_to != person.id:
            return None
    elif via != "link":
        return None
    return Viewer(person.name, person.role, person.id, person.township_id, via)


def requires(*roles: str):
    """Admit only signed-in viewers of these roles: others go to sign in, or get a refusal."""
    def decorate(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            who = viewer()
            if who is None:
                if request.method == "GET":
                    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
                return refuse("登录已过期,请重新登录后再试。", 401)
            if who.role not in roles:
                return refuse("您没有查看这个页面的权限。", 403)
            return view(*args, **kwargs)
        return guarded
    return decorate


def refuse(message: str, status: int = 403):
    return render_template("refused.html", message=message), status


def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def check_csrf():
    """Every form post of the web pages carries the session's token; the webhook is not a form."""
    if request.method != "POST" or request.blueprint not in current_app.extensions["web_blueprints"]:
        return None
    sent = request.form.get("csrf", "")
    expected = session.get("csrf", "")
    if not (sent and expected and hmac.compare_digest(sent, expected)):
        return refuse("页面已过期,请返回刷新后再提交。", 400)
    return None


def now():
    """The app's clock (BOT_NOW applies), for every page."""
    return current_app.extensions["clock"].now()


def today():
    return current_app.extensions["clock"].today()
