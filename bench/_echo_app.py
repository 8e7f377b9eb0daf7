"""The floors for bench/webhook.py: the least a Flask + wechatpy webhook can do per message.

Signature check, parse, a TextReply echoing the text (and in safe mode decrypt and encrypt);
no database, no routing. With ECHO_DATABASE_URL set, also the least that deduplicating WeChat's
retries across workers costs: one INSERT … ON CONFLICT DO NOTHING under a unique key, committed
before the reply, on an engine made as ours is (models.db.make_engine: same SQLite pragmas).
Served by the benchmark with the same gunicorn settings as `serve`:

    WECHAT_TOKEN=… WECHAT_APP_ID=… WECHAT_AES_KEY=… [ECHO_DATABASE_URL=…] python -m gunicorn bench._echo_app:app
"""
from __future__ import annotations

import os

from flask import Flask, Response, abort, request
from sqlalchemy import text
from wechatpy import parse_message
from wechatpy.crypto import WeChatCrypto
from wechatpy.exceptions import InvalidSignatureException
from wechatpy.replies import TextReply
from wechatpy.utils import check_signature


STORE = text("INSERT INTO echo_inbound (dedupe_key, openid, content) VALUES (:key, :openid, :content) "
             "ON CONFLICT (dedupe_key) DO NOTHING")


def create_echo_app(token: str, app_id: str, aes_key: str, database_url: str = "") -> Flask:
    echo = Flask(__name__)
    crypto = WeChatCrypto(token, aes_key, app_id)
    engine = _store(database_url) if database_url else None

    @echo.get("/")
    def up():
        return "echo"

    @echo.post("/wechat")
    def receive():
        args = request.args
        try:
            check_signature(token, args.get("signature", ""), args.get("timestamp", ""), args.get("nonce", ""))
        except InvalidSignatureException:
            abort(403)
        safe = args.get("encrypt_type") == "aes"
        body = request.get_data()
        if safe:
            body = crypto.decrypt_message(body, args.get("msg_signature", ""), args["timestamp"], args["nonce"])
        message = parse_message(body)
        if engine is not None:
            with engine.begin() as connection:
                connection.execute(STORE, {"key": str(message.id), "openid": message.source,
                                           "content": message.content})
        xml = TextReply(message=message, content=message.content).render()
        if safe:
            xml = crypto.encrypt_message(xml, args["nonce"], args["timestamp"])
        return Response(xml, mimetype="application/xml")

    return echo


def _store(database_url: str):
    from models.db import make_engine

    engine = make_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE IF NOT EXISTS echo_inbound (dedupe_key VARCHAR(64) PRIMARY KEY, "
                                "openid VARCHAR(64) NOT NULL, content TEXT)"))
    engine.dispose()  # gunicorn forks after --preload: each worker opens its own connections
    return engine


app = create_echo_app(os.environ["WECHAT_TOKEN"], os.environ["WECHAT_APP_ID"], os.environ["WECHAT_AES_KEY"],
                      os.environ.get("ECHO_DATABASE_URL", ""))
