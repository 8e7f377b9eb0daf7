"""Sending an outbox message, and what the API's answer means for it.

A message's payload holds what is sent, as built by services.outbox: "template" (template_id,
data as field -> value, url) for channel template, "subscribe" (template_id, data, page) for a
订阅通知, "text" for channel text (a customer-service message, which reaches a user only within 48
hours of their last message to the account), "chart" (a chart spec, drawn by core.charts and
uploaded as temporary media) for channel image. Channel wecom goes through the bureau's WeCom app
(channels.wecom_outbound). `sender` picks the client by channel.
"""
from __future__ import annotations

import io
from typing import Callable

import requests
from sqlalchemy.orm import Session, sessionmaker
from wechatpy.exceptions import WeChatClientException

from channels.wechat_api import TOKEN_REJECTED, WeChatApiClient, client_from_settings
from config import Settings
from config.settings import ConfigError
from core import charts
from core.outbound import BAD_TEMPLATE, OUT_OF_WINDOW, QUOTA, REJECTED, RETRY, SENT, UNREACHABLE, Outcome
from core.reach import WECHAT, WECOM
from models import OutboxMessage

_OUTCOMES = {
    -1: RETRY,  # system busy
    45009: QUOTA,
    43004: UNREACHABLE,
    43101: UNREACHABLE,  # refused messages; on a 订阅通知: no consent (any more)
    45015: OUT_OF_WINDOW,
    40037: BAD_TEMPLATE,
    **{errcode: RETRY for errcode in TOKEN_REJECTED},  # the client already fetched anew once
}


Send = Callable[[OutboxMessage], Outcome]


def send(client: WeChatApiClient, message: OutboxMessage) -> Outcome:
    """One call to WeChat for `message` (two for a picture: upload, send); never raises for
    what WeChat or the network does."""
    return guarded(client, _OUTCOMES, lambda: _send(client, message))


def _send(client: WeChatApiClient, message: OutboxMessage) -> Outcome:
    payload = message.payload
    if message.channel == "template":
        template = payload["template"]
        data = {key: {"value": value} for key, value in template["data"].items()}
        answer = client.message.send_template(message.openid, template["template_id"], data,
                                              url=template.get("url") or None)
        return Outcome(SENT, msgid=answer.get("msgid"))
    if message.channel == "subscribe":
        notice = payload["subscribe"]
        data = {key: {"value": value} for key, value in notice["data"].items()}
        answer = client.message.send_subscribe_message(message.openid, notice["template_id"], data,
                                                       page=notice.get("page") or None)
        return Outcome(SENT, msgid=answer.get("msgid"))
    if message.channel == "image":
        media_id = upload_chart(client, payload["chart"])
        client.message.send_image(message.openid, media_id)
        return Outcome(SENT)
    client.message.send_text(message.openid, payload["text"])
    return Outcome(SENT)


def upload_chart(client, spec: dict) -> str:
    """The chart drawn and uploaded as temporary media (3 days); its media_id."""
    answer = client.media.upload("image", ("progress.png", io.BytesIO(charts.render(spec)), "image/png"))
    return answer["media_id"]


def guarded(client, outcomes: dict[int, str], call: Callable[[], Outcome]) -> Outcome:
    """`call`'s outcome; the API's errcodes, HTTP errors, timeouts and a chart that cannot be
    drawn become outcomes too (`outcomes` maps errcodes; any other is REJECTED)."""
    try:
        return call()
    except WeChatClientException as exc:
        if exc.errcode is None:
            status = exc.response.status_code if exc.response is not None else "?"
            return Outcome(RETRY, error=f"{_name(outcomes)} HTTP {status}")
        return Outcome(outcomes.get(exc.errcode, REJECTED), exc.errcode, f"{exc.errcode} {exc.errmsg}")
    except requests.Timeout:
        return Outcome(RETRY, error=f"{_name(outcomes)} {client.timeout:g} 秒未应答")
    except requests.RequestException as exc:
        return Outcome(RETRY, error=f"连不上{_name(outcomes)}:{type(exc).__name__}")
    except charts.ChartsUnavailable as exc:
        return Outcome(REJECTED, error=str(exc))


def _name(outcomes: dict) -> str:
    return "微信接口" if outcomes is _OUTCOMES else "企业微信接口"


def sender(settings: Settings, sessions: sessionmaker[Session]) -> tuple[Send, dict[str, str]]:
    """Sends through the configured account and WeCom app, tokens shared through the database;
    with what cannot be used and why, by network (wechat, wecom)."""
    from channels import wecom_outbound
    from channels.wecom_api import wecom_from_settings

    problems: dict[str, str] = {}
    clients = {}
    for network, make in ((WECHAT, client_from_settings), (WECOM, wecom_from_settings)):
        try:
            clients[network] = make(settings, sessions=sessions)
        except ConfigError as exc:
            problems[network] = str(exc)

    def send_any(message: OutboxMessage) -> Outcome:
        if message.channel == WECOM:
            return wecom_outbound.send(clients[WECOM], message)
        return send(clients[WECHAT], message)

    return send_any, problems
