"""The web pages: a leader's task board (H5 inside WeChat) and the bureau office's console.

Server-rendered with Jinja, one stylesheet, no build step. `init_app` registers the blueprints
listed here and the session rules they share (lifetime, cookie flags, CSRF).
"""
from __future__ import annotations

from flask import Blueprint, Flask

from web import session as web_session

# Holds the shared templates (base.html, refused.html) and the one stylesheet.
assets = Blueprint("assets", __name__, static_folder="static", static_url_path="/assets",
                   template_folder="templates")


def _blueprints() -> tuple[Blueprint, ...]:
    from web import auth, board, console, console_plan

    return (assets, auth.blueprint, board.blueprint, console.blueprint, console_plan.blueprint)


def init_app(app: Flask, secure_cookies: bool) -> None:
    blueprints = _blueprints()
    for blueprint in blueprints:
        app.register_blueprint(blueprint)
    app.extensions["web_blueprints"] = {b.name for b in blueprints}
    app.config.update(
        PERMANENT_SESSION_LIFETIME=web_session.SESSION_LIFETIME,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=secure_cookies,
    )
    app.before_request(web_session.check_csrf)
    app.jinja_env.globals.update(csrf_token=web_session.csrf_token, viewer=web_session.viewer)
