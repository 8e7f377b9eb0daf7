"""绑定 CODE / 解除绑定: turning a resident into staff, a leader or an admin, and back.

`绑定` without a code starts a two-step conversation: the bot asks for the code and the next
message is read as one (state kind "binding").
"""
from __future__ import annotations

from datetime import timedelta

from core import invite_codes
from handlers import state
from handlers.messages import Context, Inbound
from services import invites, subscribers
from services.invites import describe

CONVERSATION = "binding"
WAIT_FOR_CODE = timedelta(minutes=10)
_ASK_OFFICE = "如需绑定码,请联系县民政局办公室。"


def bind(msg: Inbound, ctx: Context) -> str:
    """绑定 CODE — or 绑定 alone, which asks for the code."""
    if not ctx.argument:
        state.save(ctx.session, ctx.openid, CONVERSATION, now=ctx.now, ttl=WAIT_FOR_CODE, step="code")
        return f"请发送绑定码(8位字母和数字,如 ABCD-2345)。{_ASK_OFFICE}"
    return _redeem(ctx, ctx.argument)


def receive_code(msg: Inbound, ctx: Context) -> str | None:
    """The answer to "请发送绑定码"; anything that is not shaped like a code is not an answer."""
    state.clear(ctx.session, ctx.openid, CONVERSATION)
    if invite_codes.normalise(msg.text) is None:
        return None
    return _redeem(ctx, msg.text)


def unbind(msg: Inbound, ctx: Context) -> str:
    """解除绑定."""
    if ctx.subscriber.person is None:
        return "您还没有绑定任何身份,无需解除。"
    was = describe(ctx.subscriber.person)
    subscribers.unbind(ctx.session, ctx.openid)
    return f"已解除“{was}”的绑定,您现在以居民身份使用民政助手。"


def _redeem(ctx: Context, typed: str) -> str:
    result = invites.redeem(ctx.session, ctx.subscriber, typed, ctx.now)
    if result.outcome == invites.BOUND:
        change = f"(原为{result.previous})" if result.previous else ""
        return f"绑定成功!您已绑定为{describe(result.person)}{change}。回复“帮助”查看可用功能。"
    if result.outcome == invites.WRONG:
        return f"绑定码不正确,请核对后重新发送。还可尝试{result.tries_left}次。{_ASK_OFFICE}"
    if result.outcome == invites.LOCKED:
        until = result.locked_until.astimezone(ctx.settings.tz).strftime("%H:%M")
        return f"绑定码错误次数过多,已暂停绑定,请于{until}后再试。{_ASK_OFFICE}"
    if result.outcome == invites.EXPIRED:
        return f"这个绑定码已过期(有效期7天),请重新索取。{_ASK_OFFICE}"
    return f"这个绑定码已被使用过,每个绑定码只能用一次。{_ASK_OFFICE}"
