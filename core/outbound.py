"""What a reminder message says: the digest as text within WeChat's 2048 bytes, and the template
message's four fields within WeChat's limits (since 2023: at most 20 characters, no line break).

The template to register in the WeChat console (类目模板 "任务到期提醒"), keys as below:
    任务名称 {{thing1.DATA}}   截止日期 {{time2.DATA}}   提醒类型 {{phrase3.DATA}}   备注 {{thing4.DATA}}
The template names the most urgent task and links to its page; the rest of the digest is counted
in 备注.

A 订阅通知 (subscribe notification) template takes the same four keys, with the rules of its field
types: thing at most 20 characters, time a date with a clock time ("2020年5月31日 23:59", the end
of the day a step is due), phrase at most 5 Chinese characters. A WeCom text card has a title of
at most 128 bytes and a description of at most 512 (WeCom cuts longer ones short: we fit them).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from core.reminder_policy import CHECKIN, DUE, ESCALATED, NUDGE, OVERDUE, PERIOD, digest_heading, digest_order
from html import escape

from core.reply_text import WECHAT_TEXT_LIMIT, clip, utf8_len

FIELD_MAX = 20  # characters of a template field value
PHRASE_MAX = 5  # a phrase field is shorter still
TEMPLATE_KEYS = ("thing1", "time2", "phrase3", "thing4")
MY_TASKS_HINT = "发“我的任务”查看"

# What WeChat's answer to a send means for the message (channels.wechat_outbound maps errcodes).
SENT = "sent"
RETRY = "retry"  # may work later: HTTP 5xx, timeout, no connection, system busy, token refused twice
QUOTA = "quota"  # 45009: the API's daily quota is used up
UNREACHABLE = "unreachable"  # 43004 not following, 43101 refused messages: the person, not the message
OUT_OF_WINDOW = "out_of_window"  # 45015: no customer-service message 48 hours after the user wrote
BAD_TEMPLATE = "bad_template"  # 40037: WECHAT_TEMPLATE_ID is not the account's
REJECTED = "rejected"  # any other errcode: the message itself is wrong and will not go as it is
CARD_TITLE_BYTES, CARD_DESCRIPTION_BYTES = 128, 512  # a WeCom text card

_PHRASES = {DUE: "今日到期", OVERDUE: "已逾期", ESCALATED: "逾期未办", CHECKIN: "进度对标", PERIOD: "周期任务",
            NUDGE: "催办"}
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Outcome:
    result: str
    errcode: int | None = None
    error: str = ""
    msgid: int | None = None


@dataclass(frozen=True)
class Item:
    """One reminder of a message, as plain data."""

    kind: str
    colour: str
    urgency: int
    due_on: date
    line: str  # its line in the digest, as the policy wrote it
    ref: str  # 三(一)2
    title: str
    task_id: int
    late_from: date | None = None  # the day it was meant to go out, when it goes out later


def field_value(text: str, limit: int = FIELD_MAX) -> str:
    """`text` on one line and at most `limit` characters, cut with an ellipsis."""
    return clip(_SPACES.sub(" ", text).strip(), limit)


def phrase_of(kind: str) -> str:
    return _PHRASES.get(kind, "即将到期")  # before_7, before_1 …


def item_line(item: Item) -> str:
    if item.late_from is None:
        return item.line
    return f"{item.line}(补发,原定{item.late_from.month}月{item.late_from.day}日)"


def digest_text(items: list[Item], today: date, limit: int = WECHAT_TEXT_LIMIT) -> str:
    """The heading and one line per reminder, most urgent first; the lines that do not fit in
    `limit` bytes are counted in a last line that says where to see them."""
    ordered = digest_order(items)
    heading, lines = digest_heading(ordered, today), [item_line(item) for item in ordered]
    for shown in range(len(lines), 0, -1):
        hidden = len(lines) - shown
        more = [f"……另有{hidden}项,{MY_TASKS_HINT}"] if hidden else []
        text = "\n".join([heading, *lines[:shown], *more])
        if utf8_len(text) <= limit:
            return text
    return f"{heading}\n{MY_TASKS_HINT}"


def template_fields(items: list[Item], *, linked: bool) -> dict[str, str]:
    """The four fields for the most urgent item; 备注 counts the others."""
    ordered = digest_order(items)
    first, others = ordered[0], len(ordered) - 1
    if others:
        note = f"另有{others}项待办," + ("点击查看详情" if linked else MY_TASKS_HINT)
    elif first.kind == NUDGE:
        note = "请尽快报告进展"
    else:
        note = "点击查看并报告进度" if linked else "完成后请报告进度"
    return {
        "thing1": field_value(f"{first.ref} {first.title}"),
        "time2": f"{first.due_on.year}年{first.due_on.month}月{first.due_on.day}日",
        "phrase3": field_value(phrase_of(first.kind), PHRASE_MAX),
        "thing4": field_value(note),
    }


def first_task_id(items: list[Item]) -> int:
    return digest_order(items)[0].task_id


def subscribe_fields(items: list[Item], *, linked: bool) -> dict[str, str]:
    """The template message's fields in a 订阅通知's types: time2 carries a clock time."""
    fields = template_fields(items, linked=linked)
    due = digest_order(items)[0].due_on
    fields["time2"] = f"{due.year}年{due.month}月{due.day}日 23:59"
    return fields


def card(items: list[Item], today: date, url: str) -> dict[str, str]:
    """A WeCom text card: the digest's heading as the title, its most urgent lines (the overdue
    ones highlighted) as the description, within WeCom's byte limits; the card opens `url`."""
    ordered = digest_order(items)
    title = _fit(digest_heading(ordered, today), CARD_TITLE_BYTES)
    lines, used = [], 0
    for shown, item in enumerate(ordered):
        css = "highlight" if item.colour == "red" else "normal"
        line = f'<div class="{css}">{escape(field_value(item_line(item), 60))}</div>'
        more = f'<div class="gray">……另有{len(ordered) - shown}项</div>'
        if used + utf8_len(line) + utf8_len(more) > CARD_DESCRIPTION_BYTES:
            lines.append(more)
            break
        lines.append(line)
        used += utf8_len(line)
    return {"title": title, "description": "".join(lines), "url": url, "btntxt": "详情"}


def _fit(text: str, limit: int) -> str:
    """`text` cut to at most `limit` UTF-8 bytes, with an ellipsis when cut."""
    if utf8_len(text) <= limit:
        return text
    while utf8_len(text + "…") > limit:
        text = text[:-1]
    return text + "…"
