"""The floor for bench/webhook.py: the least a Flask + wechatpy webhook can do per message.

Signature check, parse, a TextReply echoing the text (and in safe mode decrypt and encrypt);
no database, no routing. Served by the benchmark with the same gunicorn settings as `serve`:

    WECHAT_TOKEN=… WECHAT_APP_ID=… WECHAT_AES_KEY=… python -m gunicorn bench._echo_app:app
"""
from __future__ import annotations

import os

from flask import Flask, Response, abort, request
from wechatpy import parse_message
from wechatpy.crypto import WeChatCrypto
from wechatpy.exceptions import InvalidSignatureException
from wechatpy.replies import TextReply
from wechatpy.utils import check_signature


def create_echo_app(token: str, app_id: str, aes_key: str) -> Flask:
    echo = Flask(__name__)
    crypto = WeChatCrypto(token, aes_key, app_id)

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
        xml = TextReply(message=message, content=message.content).render()
        if safe:
            xml = crypto.encrypt_message(xml, args["nonce"], args["timestamp"])
        return Response(xml, mimetype="application/xml")

    return echo


app = create_echo_app(os.environ["WECHAT_TOKEN"], os.environ["WECHAT_APP_ID"], os.environ["WECHAT_AES_KEY"])
