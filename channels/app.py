"""Flask application factory: the only place an app gets built."""
from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy.orm import Session

from config import Clock, Settings, load_settings
from config.secret_key import resolve_secret_key
from config.settings import INSTANCE_DIR
from services.bootstrap import Database, prepare

MAX_BODY = 64 * 1024  # WeChat's messages are a few KiB; a bigger body is not from WeChat: 413


def create_app(settings: Settings | None = None, db: Database | None = None) -> Flask:
    """Build the app; without `db`, upgrade the schema and load the bundled plan first."""
    settings = settings or load_settings()
    app = Flask(__name__, instance_path=str(INSTANCE_DIR))
    app.config["SECRET_KEY"] = resolve_secret_key(settings)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY
    app.json.ensure_ascii = False  # Chinese stays readable in JSON answers
    app.extensions["settings"] = settings
    app.extensions["clock"] = Clock.from_settings(settings)
    app.extensions["db"] = db or prepare(settings)
    app.teardown_appcontext(_close_session)

    from channels import status, wechat_inbound  # they import request_session from here

    app.register_blueprint(status.blueprint)
    from channels import health  # imports request_session too

    app.register_blueprint(health.blueprint)
    app.register_blueprint(wechat_inbound.blueprint)
    from channels import wecom_inbound

    app.register_blueprint(wecom_inbound.blueprint)
    import web  # the pages import request_session from here too

    web.init_app(app, secure_cookies=settings.public_base_url.startswith("https://"))
    return app


def request_session() -> Session:
    """The request's one Session, opened on first use and closed at teardown."""
    if "session" not in g:
        g.session = current_app.extensions["db"].sessions()
    return g.session


def _close_session(_error: BaseException | None) -> None:
    session = g.pop("session", None)
    if session is not None:
        session.close()  # rolls back anything the handler did not commit
