"""Free-text questions: a policy answer that cites the plan, a clarifying question when two topics
tie, or an honest referral; and 有用 / 没用 about the last answer.

A clarifying question is a conversation (kind "policy_choice"): the next message "1", "2" or a
topic name ("低保") picks the passage, and the original question is answered with it; any other
message closes it and is read as a new message.
"""
from __future__ import annotations

from datetime import timedelta

from core.policy_answer import NO_MATCH
from handlers import help, state
from handlers.messages import Context, Inbound
from services import knowledge

CONVERSATION = "policy_choice"
WAIT_FOR_CHOICE = timedelta(minutes=10)


def answer(msg: Inbound, ctx: Context) -> str:
    """Any free-text question, from anyone: the fixed entry point other handlers fall back to."""
    reply = knowledge.ask(ctx.session, openid=ctx.openid, role=ctx.role, question=msg.text,
                          now=ctx.now, settings=ctx.settings)
    if reply.choices:
        state.save(ctx.session, ctx.openid, CONVERSATION, now=ctx.now, ttl=WAIT_FOR_CHOICE, step="topic",
                   data={"question_id": reply.question_id, "choices": list(reply.choices)})
    if reply.greeting or reply.reason == NO_MATCH and ctx.subscriber.person is not None:
        return f"{reply.text}\n{help.capabilities(ctx)}"  # hello, or staff and leaders meaning a command
    return reply.text


def receive_choice(msg: Inbound, ctx: Context) -> str | None:
    """The reply to "您问的是…还是…?"; None if it names none of the offered topics."""
    pending = state.load(ctx.session, ctx.openid, CONVERSATION, ctx.now)
    state.clear(ctx.session, ctx.openid, CONVERSATION)
    if pending is None:
        return None
    key = knowledge.choice_in(ctx.session, msg.text, pending.data["choices"])
    if key is None:
        return None
    return knowledge.choose(ctx.session, pending.data["question_id"], key, ctx.settings)


def feedback(msg: Inbound, ctx: Context) -> str:
    """有用 / 没用."""
    word = "没用" if "没" in msg.text else "有用"
    return knowledge.record_feedback(ctx.session, ctx.openid, word, ctx.now, ctx.settings)
