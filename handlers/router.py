"""The route of a message: who is talking → which handler → the reply, paged for WeChat.

ROUTES is the routing table, read top to bottom; the first route whose matcher accepts the
message wins. Commands come before open questions, so a user can always leave a conversation by
typing a command; text nobody takes gets the role's help.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from sqlalchemy.orm import Session

from config import Settings
from core import subscribe_events
from core.reply_text import MORE_COMMAND, paginate
from handlers import binding, events, help, leader, menu, paging, policy_qa, reports, state, tasks
from handlers.messages import Context, Inbound
from services import subscribers

Handler = Callable[[Inbound, Context], "str | None"]
Matcher = Callable[[Inbound], "str | None"]  # the command's argument ("" if none), None: no match

ANYONE = ("resident", "staff", "leader", "admin")
ROLE_NAMES = {"staff": "乡镇工作人员", "leader": "局领导", "admin": "管理员"}
_TRAILING = "。.!！?？~～ "


@dataclass(frozen=True)
class Route:
    name: str
    matches: Matcher
    handler: Handler
    roles: tuple[str, ...] = ANYONE


@dataclass(frozen=True)
class Outcome:
    text: str | None  # None: answer WeChat with an empty "success"
    route: str


def normalise(text: str) -> str:
    """Full-width to half-width, no surrounding spaces or closing punctuation."""
    text = unicodedata.normalize("NFKC", text).strip()
    return text.rstrip(_TRAILING) or text  # "?" alone is a word of its own


def command(*words: str) -> Matcher:
    def matches(msg: Inbound) -> str | None:
        return "" if msg.is_text and normalise(msg.text).lower() in words else None
    return matches


def bind_command(msg: Inbound) -> str | None:
    """绑定, 绑定 ABCD-2345, 绑定码:abcd2345 — but not "绑定银行卡怎么办", which is a question."""
    if not msg.is_text:
        return None
    found = re.fullmatch(r"绑定码?\s*[:,]?\s*([0-9A-Za-z\- ]*)", normalise(msg.text))
    return found.group(1).strip() if found else None


def event(*names: str) -> Matcher:
    return lambda msg: "" if msg.kind == "event" and msg.event in names else None


def any_event(msg: Inbound) -> str | None:
    return "" if msg.kind == "event" else None


def unheard_voice(msg: Inbound) -> str | None:
    return "" if msg.kind == "voice" and not msg.text.strip() else None


def not_text(msg: Inbound) -> str | None:
    return None if msg.is_text else ""


def image(msg: Inbound) -> str | None:
    return "" if msg.kind == "image" else None


def prefixed(word: str, accepts: Callable[[str], bool]) -> Matcher:
    """`word` and what follows it (进度 三(一)4 → "三(一)4"), if `accepts` takes that as an argument."""
    def matches(msg: Inbound) -> str | None:
        text = normalise(msg.text) if msg.is_text else ""
        rest = text[len(word):].strip(" :") if text.startswith(word) else None
        return rest if rest is not None and accepts(rest) else None
    return matches


ROUTES = (
    Route("subscribe", event("subscribe"), events.subscribed),
    Route("unsubscribe", event("unsubscribe"), events.unsubscribed),
    Route("template_receipt", event("templatesendjobfinish"), events.template_delivered),
    Route("subscribe_consent", event(subscribe_events.POPUP, subscribe_events.CHANGE), events.subscription_answered),
    Route("subscribe_receipt", event(subscribe_events.SENT), events.subscription_delivered),
    Route("event", any_event, events.silent),
    Route("voice_not_heard", unheard_voice, events.voice_not_heard),
    Route("evidence", image, reports.evidence),  # a staff report's photo; anyone else's: unreadable
    Route("unreadable", not_text, events.unreadable),
    Route("bind", bind_command, binding.bind),
    Route("unbind", command("解除绑定", "解绑"), binding.unbind),
    Route("help", command("帮助", "菜单", "help", "?"), help.show),
    Route("more", command(MORE_COMMAND), paging.next_page),
    Route("feedback", command("有用", "没用", "没有用"), policy_qa.feedback),
    Route("my_tasks", command("我的任务"), tasks.my_tasks, roles=("leader", "admin")),
    Route("township_tasks", command("本乡任务"), tasks.township_tasks, roles=("staff",)),
    Route("overdue", command("逾期", "逾期任务"), leader.overdue, roles=("staff", "leader", "admin")),
    Route("due_soon", command("本周到期", "近期到期"), leader.due_this_week, roles=("staff", "leader", "admin")),
    Route("progress", prefixed("进度", leader.is_task_query), leader.progress, roles=("staff", "leader", "admin")),
    Route("nudge", prefixed("催办", leader.is_nudge), leader.nudge, roles=("leader", "admin")),
    Route("withdraw", command("撤回", "撤销"), reports.withdraw, roles=("staff",)),
    # "任务4已完成" from anyone but staff gets the polite refusal; staff's other reports are free text.
    Route("progress_report", reports.names_task, reports.receive, roles=("staff",)),
)

# Open questions, by conversation kind: the step that reads the user's answer.
CONVERSATIONS: dict[str, Handler] = {
    binding.CONVERSATION: binding.receive_code,
    policy_qa.CONVERSATION: policy_qa.receive_choice,  # "您问的是…还是…?"
    reports.CONVERSATION: reports.receive_answer,  # "您说的是:1 … 2 …?"
}

# Text no route and no open question took, by role: what the bot makes of free text.
FALLBACKS: dict[str, Route] = {
    "resident": Route("policy_qa", lambda msg: "", policy_qa.answer),
    "staff": Route("progress_report", lambda msg: "", reports.receive),
    "leader": Route("policy_qa", lambda msg: "", policy_qa.answer),
    "admin": Route("policy_qa", lambda msg: "", policy_qa.answer),
}


def dispatch(session: Session, inbound: Inbound, *, now: datetime, settings: Settings) -> Outcome:
    """Answer one message inside the caller's transaction."""
    ctx = Context(session, subscribers.identify(session, inbound.openid, now), now, settings)
    # Read once, before any handler writes: most users have none, and then neither an open
    # question is looked for nor kept pages deleted.
    conversations = state.conversations(session, inbound.openid)
    msg = _from_menu(inbound)
    route, text = _answer(msg, ctx, conversations)
    if text is None:
        return Outcome(None, route)
    if msg.kind == "voice":
        text = f"识别为:{_shorten(msg.text)}\n\n{text}"
    pages = paginate(text)
    if route != "more":
        paging.remember(ctx, pages[1:], stored=any(row.kind == state.PAGING for row in conversations))
    return Outcome(pages[0], route)


def _answer(msg: Inbound, ctx: Context, conversations: list) -> tuple[str, str | None]:
    for route in ROUTES:
        argument = route.matches(msg)
        if argument is None:
            continue
        if ctx.role not in route.roles:
            return "refused", _refusal(msg, route, ctx)
        ctx.argument = argument
        return route.name, route.handler(msg, ctx)
    for question in state.open_questions(conversations, ctx.now):
        step = CONVERSATIONS.get(question.kind)
        answer = step(msg, ctx) if step else None
        if answer is not None:
            return question.kind, answer
    fallback = FALLBACKS[ctx.role]
    return fallback.name, fallback.handler(msg, ctx)


def _from_menu(inbound: Inbound) -> Inbound:
    """A menu CLICK becomes the text its button stands for; an unknown key asks for help."""
    if inbound.kind != "event" or inbound.event != "click":
        return inbound
    return Inbound(openid=inbound.openid, kind="text", text=menu.command_for(inbound.event_key) or "帮助",
                   created_at=inbound.created_at, fields=inbound.fields)


def _refusal(msg: Inbound, route: Route, ctx: Context) -> str:
    who = "、".join(ROLE_NAMES[role] for role in route.roles)
    word = normalise(msg.text)
    if ctx.subscriber.person is None:
        return (f"“{word}”是{who}使用的功能。如果您是{who},"
                "请向县民政局办公室索取绑定码,回复“绑定 绑定码”完成绑定。")
    return f"“{word}”仅供{who}使用。回复“帮助”查看您可用的功能。"


def _shorten(heard: str, limit: int = 60) -> str:
    return heard if len(heard) <= limit else heard[:limit] + "…"
