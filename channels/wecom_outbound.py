"""Sending an outbox message through the bureau's WeCom app: a text card linking to the board
when the payload has one ("card"), a picture when it has a chart, else the digest as text.

WeCom's answers: 81013 (no recipient valid: not a member, or outside the app's visible range)
and 60011/60111 close the address; 45009 is the quota; 40014/42001 a token the client already
fetched anew once.
"""
from __future__ import annotations

from channels.wechat_outbound import guarded, upload_chart
from channels.wecom_api import WECOM_TOKEN_REJECTED, WeComApiClient
from core.outbound import QUOTA, RETRY, SENT, UNREACHABLE, Outcome
from core.reach import wecom_userid
from models import OutboxMessage

_OUTCOMES = {
    -1: RETRY,
    45009: QUOTA,
    81013: UNREACHABLE,
    60011: UNREACHABLE,
    60111: UNREACHABLE,
    **{errcode: RETRY for errcode in WECOM_TOKEN_REJECTED},
}


def send(client: WeComApiClient, message: OutboxMessage) -> Outcome:
    return guarded(client, _OUTCOMES, lambda: _send(client, message))


def _send(client: WeComApiClient, message: OutboxMessage) -> Outcome:
    userid, payload = wecom_userid(message.openid), message.payload
    if "chart" in payload:
        answer = client.message.send_image(client.agent_id, [userid], upload_chart(client, payload["chart"]))
    elif "card" in payload:
        card = payload["card"]
        answer = client.message.send_text_card(client.agent_id, [userid], card["title"], card["description"],
                                               card["url"], btntxt=card.get("btntxt", "详情"))
    else:
        answer = client.message.send_text(client.agent_id, [userid], payload["text"])
    if answer.get("invaliduser"):  # WeCom says 0 and lists who it left out
        return Outcome(UNREACHABLE, 81013, f"81013 invaliduser {answer['invaliduser']}")
    return Outcome(SENT, msgid=_number(answer.get("msgid")))


def _number(msgid) -> int | None:
    """WeCom's msgid is a string, often not a number; kept only when it is one that fits."""
    text = str(msgid or "")
    return int(text) if text.isdigit() and int(text) < 2 ** 63 else None
