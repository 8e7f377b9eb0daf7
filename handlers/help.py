"""帮助 / 菜单 and the welcome on subscribe:
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
    "直接发送进度即可汇报,如:土城镇低保排查完毕,共412户\n"
    "撤回 —— 撤销上一条汇报\n"
    "本乡任务 —— 本乡镇承担的任务、时限和已报情况\n"
    "逾期 / 本周到期 —— 本乡镇逾期或7天内到期的事项\n"
    "进度 编号 —— 本乡镇某项任务的汇报情况,如:进度 三(一)4\n"
    "解除绑定 —— 不再以工作人员身份使用"
)
_QUERIES = (
    "逾期 / 本周到期 —— 逾期或7天内到期的时间节点\n"
    "进度 编号或关键词 —— 各乡镇汇报情况,如:进度 三(一)4、进度 台账\n"
    "催办 编号 乡镇 —— 提醒该乡镇工作人员,如:催办 三(一)4 土城镇\n"
)
_LEADER = (
    "我的任务 —— 您负责的任务,按紧急程度排列(🔴逾期 🟡7天内到期 🟢正常)\n"
    f"{_QUERIES}"
    "解除绑定 —— 不再以领导身份使用"
)
_ADMIN = (
    "我的任务 —— 方案全部任务,按紧急程度排列(🔴逾期 🟡7天内到期 🟢正常)\n"
    f"{_QUERIES}"
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

