"""Sending an outbox message through wechatpy, and what WeChat's answer means for it.

A message's payload holds what is sent, as built by services.outbox: "template" (template_id,
data as field -> value, url) for channel template, "text" for channel text (a customer-service
message, which reaches a user only within 48 hours of their last message to the account).
"""
from __future__ import annotations

from typing import Callable

import requests
from sqlalchemy.orm import Session, sessionmaker
from wechatpy.exceptions import WeChatClientException

from channels.wechat_api import TOKEN_REJECTED, WeChatApiClient, client_from_settings
from config import Settings
from core.outbound import BAD_TEMPLATE, OUT_OF_WINDOW, QUOTA, REJECTED, RETRY, SENT, UNREACHABLE, Outcome
from models import OutboxMessage

_OUTCOMES = {
    -1: RETRY,  # system busy
    45009: QUOTA,
    43004: UNREACHABLE,
    43101: UNREACHABLE,
    45015: OUT_OF_WINDOW,
    40037: BAD_TEMPLATE,
    **{errcode: RETRY for errcode in TOKEN_REJECTED},  # the client already fetched anew once
}


Send = Callable[[OutboxMessage], Outcome]


def send(client: WeChatApiClient, message: OutboxMessage) -> Outcome:
    """One call to WeChat for `message`; never raises for what WeChat or the network does."""
    try:
        if message.channel == "template":
            template = message.payload["template"]
            data = {key: {"value": value} for key, value in template["data"].items()}
            answer = client.message.send_template(
                message.openid, template["template_id"], data, url=template.get("url") or None
            )
            return Outcome(SENT, msgid=answer.get("msgid"))
        client.message.send_text(message.openid, message.payload["text"])
        return Outcome(SENT)
    except WeChatClientException as exc:
        if exc.errcode is None:
            status = exc.response.status_code if exc.response is not None else "?"
            return Outcome(RETRY, error=f"微信接口 HTTP {status}")
        return Outcome(_OUTCOMES.get(exc.errcode, REJECTED), exc.errcode, f"{exc.errcode} {exc.errmsg}")
    except requests.Timeout:
        return Outcome(RETRY, error=f"微信接口 {client.timeout:g} 秒未应答")
    except requests.RequestException as exc:
        return Outcome(RETRY, error=f"连不上微信接口:{type(exc).__name__}")


def sender(settings: Settings, sessions: sessionmaker[Session]) -> Send:
    """Sends through the configured account, its token shared through the database.

    Raises ConfigError when WECHAT_APP_ID / WECHAT_APP_SECRET are not set.
    """
    client = client_from_settings(settings, sessions=sessions)
    return lambda message: send(client, message)
