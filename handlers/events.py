"""WeChat's events and the message types we do not read: what each one gets back."""
from __future__ import annotations

from sqlalchemy import select

from core import subscribe_events
from handlers import help
from handlers.messages import Context, Inbound
from models import DeliveryReceipt, SubscribeConsent
from services import subscribers


def subscribed(msg: Inbound, ctx: Context) -> str:
    subscribers.mark_subscribed(ctx.subscriber)
    return help.welcome(ctx)


def unsubscribed(msg: Inbound, ctx: Context) -> None:
    """Nobody reads a reply to unfollowing; keep the person and their history, stop sending."""
    subscribers.mark_unsubscribed(ctx.subscriber, ctx.now)


def template_delivered(msg: Inbound, ctx: Context) -> None:
    """TEMPLATESENDJOBFINISH: WeChat tells whether a template message reached the user."""
    if msg.msg_id is None:
        return None
    session = ctx.session
    if session.scalar(select(DeliveryReceipt.id).where(DeliveryReceipt.wechat_msg_id == msg.msg_id)) is None:
        session.add(DeliveryReceipt(wechat_msg_id=msg.msg_id, openid=ctx.openid,
                                    status=msg.fields.get("Status", "") or "unknown", received_at=ctx.now))
    return None


def subscription_answered(msg: Inbound, ctx: Context) -> None:
    """订阅通知: the user accepted or rejected templates (popup, or the settings page)."""
    subscribers.record_consents(ctx.session, ctx.openid, subscribe_events.answers(msg.event, msg.fields), ctx.now,
                                long_term_template=ctx.settings.wechat_subscribe_template_id
                                if ctx.settings.wechat_subscribe_long_term else "")
    return None


def subscription_delivered(msg: Inbound, ctx: Context) -> None:
    """subscribe_msg_sent_event: each notice's result kept like a template receipt; 43101 there
    means the consent is gone."""
    session = ctx.session
    for answer in subscribe_events.answers(msg.event, msg.fields):
        if answer.msg_id is not None and session.scalar(
                select(DeliveryReceipt.id).where(DeliveryReceipt.wechat_msg_id == answer.msg_id)) is None:
            session.add(DeliveryReceipt(wechat_msg_id=answer.msg_id, openid=ctx.openid,
                                        status=answer.status or "unknown", received_at=ctx.now))
        if answer.error_code == 43101:
            consent = session.scalar(select(SubscribeConsent).where(
                SubscribeConsent.openid == ctx.openid, SubscribeConsent.template_id == answer.template_id))
            if consent is not None:
                consent.status, consent.remaining, consent.updated_at = "reject", 0, ctx.now
    return None


def silent(msg: Inbound, ctx: Context) -> None:
    """Events the user did not address to us (menu links opened, location reports): no reply."""
    return None


def voice_not_heard(msg: Inbound, ctx: Context) -> str:
    return "抱歉,没能听清这段语音。请靠近话筒再说一遍,或直接发文字。"


_MEDIA_NAMES = {"image": "图片", "location": "位置", "link": "链接", "video": "视频", "shortvideo": "小视频"}


def unreadable(msg: Inbound, ctx: Context) -> str:
    """Images, locations, links, videos and types WeChat may add later."""
    what = _MEDIA_NAMES.get(msg.kind, "这类消息")
    return (f"收到您发来的{what},不过我目前只能读懂文字和语音。"
            "请用文字或语音说明您的问题,回复“帮助”查看我能做什么。")
