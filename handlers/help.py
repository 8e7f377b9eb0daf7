"""帮助 / 菜单, the welcome on subscribe, and the answer to input nobody understood:
each says what *this* user can do, by role."""
from __future__ import annotations

from handlers.messages import Context, Inbound
from services.invites import describe

_RESIDENT = (
    "您可以直接发文字或语音提问低保、特困供养、临时救助、养老服务、残疾人补贴等政策。\n"
    "个人申请和审批进度,请咨询所在乡镇(开发区)民政办。\n"
    "乡镇工作人员、局领导:请回复“绑定 绑定码”完成身份绑定。"
)
_STAFF = (
    "本乡任务 —— 本乡镇承担的任务和完成时限\n"
    "解除绑定 —— 不再以工作人员身份使用"
)
_LEADER = (
    "我的任务 —— 您负责的任务和下一个时间节点\n"
    "解除绑定 —— 不再以领导身份使用"
)
_ADMIN = (
    "我的任务 —— 方案全部任务和下一个时间节点\n"
    "解除绑定 —— 不再以管理员身份使用"
)
_BY_ROLE = {"staff": _STAFF, "leader": _LEADER, "admin": _ADMIN}
_ALWAYS = "回复“帮助”随时查看本说明。"


def capabilities(ctx: Context) -> str:
    """What this user can do, as a short list for one screen."""
    if ctx.subscriber.person is None:
        return f"{_RESIDENT}\n{_ALWAYS}"
    return f"您已绑定为{describe(ctx.subscriber.person)}。可以回复:\n{_BY_ROLE[ctx.role]}\n{_ALWAYS}"


def show(_msg: Inbound, ctx: Context) -> str:
    """帮助 / 菜单."""
    return f"民政助手能为您做这些:\n{capabilities(ctx)}"


def welcome(ctx: Context) -> str:
    return f"您好,欢迎关注民政助手!\n{capabilities(ctx)}"


def not_understood(msg: Inbound, ctx: Context) -> str:
    """Text no route took: an honest answer and what the user can do instead."""
    if ctx.subscriber.person is None:
        return f"这个问题我暂时答不了,建议咨询您所在乡镇(开发区)民政办。\n{_ALWAYS}"
    return f"没能识别这条消息。{capabilities(ctx)}"
