"""WeChat's 订阅通知 events, read from the XML's fields as xmltodict gives them (wechatpy 1.8.18
parses these events as unknown: the handler reads the raw fields).

    <Event>subscribe_msg_popup_event</Event>        the user answered the popup
    <SubscribeMsgPopupEvent><List><TemplateId>…</TemplateId>
        <SubscribeStatusString>accept|reject</SubscribeStatusString><PopupScene>2</PopupScene></List>…
    <Event>subscribe_msg_change_event</Event>       changed in the service-notification settings (reject)
    <SubscribeMsgChangeEvent><List>…</List></SubscribeMsgChangeEvent>
    <Event>subscribe_msg_sent_event</Event>         the result of a send
    <SubscribeMsgSentEvent><List><TemplateId>…</TemplateId><MsgID>…</MsgID><ErrorCode>0</ErrorCode>
        <ErrorStatus>success</ErrorStatus></List></SubscribeMsgSentEvent>

One <List> arrives as a mapping, several as a list of them. Pure: plain data in and out; whatever
is not shaped like this is ignored, never an error.
"""
from __future__ import annotations

from dataclasses import dataclass

POPUP, CHANGE, SENT = "subscribe_msg_popup_event", "subscribe_msg_change_event", "subscribe_msg_sent_event"
EVENTS = (POPUP, CHANGE, SENT)
_CONTAINERS = {POPUP: "SubscribeMsgPopupEvent", CHANGE: "SubscribeMsgChangeEvent", SENT: "SubscribeMsgSentEvent"}
MAX_ITEMS = 20  # a popup offers at most a few templates


@dataclass(frozen=True)
class Answer:
    """One template's part of an event: accept / reject, or a send's result."""

    template_id: str
    status: str  # accept | reject (popup, change); the ErrorStatus of a send (success, failed:…)
    msg_id: int | None = None
    error_code: int | None = None


def answers(event: str, fields: dict) -> list[Answer]:
    container = fields.get(_CONTAINERS.get(event, ""))
    items = container.get("List") if isinstance(container, dict) else None
    if isinstance(items, dict):
        items = [items]
    if not isinstance(items, list):
        return []
    found = []
    for item in items[:MAX_ITEMS]:
        if not isinstance(item, dict) or not isinstance(item.get("TemplateId"), str):
            continue
        template_id = item["TemplateId"].strip()[:128]
        if event == SENT:
            found.append(Answer(template_id, str(item.get("ErrorStatus") or "")[:64], _int(item.get("MsgID")),
                                _int(item.get("ErrorCode"))))
            continue
        status = str(item.get("SubscribeStatusString") or "").strip().lower()
        if template_id and status in ("accept", "reject"):
            found.append(Answer(template_id, status))
    return found


def _int(value) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() and int(text) < 2 ** 63 else None
