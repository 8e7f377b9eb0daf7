"""A plain page at / that tells the IT person the service is up and which plans it knows."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request
from sqlalchemy import func, select

from channels.app import request_session
from models import Milestone, Plan, Task

blueprint = Blueprint("status", __name__)


@blueprint.get("/")
def index():
    session = request_session()
    plans = []
    for plan in session.scalars(select(Plan).order_by(Plan.year, Plan.id)):
        tasks = session.scalar(select(func.count(Task.id)).where(Task.plan_id == plan.id, Task.active))
        dated = session.scalar(
            select(func.count(Milestone.id))
            .join(Task)
            .where(Task.plan_id == plan.id, Milestone.active, Milestone.due.is_not(None))
        )
        plans.append({"id": plan.id, "title": plan.title, "year": plan.year,
                      "county": plan.county, "tasks": tasks, "dated_milestones": dated})
    now = current_app.extensions["clock"].now().isoformat(timespec="seconds")
    wechat = _wechat_setup(current_app.extensions["settings"])
    delivery = _delivery(session, current_app.extensions["settings"])
    channels = _channels(session, current_app.extensions["settings"], current_app.extensions["clock"].now())
    if request.accept_mimetypes.best == "application/json":
        return jsonify({"service": "民政助手", "now": now, "plans": plans, "wechat": wechat,
                        "reminders": delivery, "channels": channels})
    lines = [f"民政助手运行中 · {now}", wechat["summary"], delivery["summary"], channels["summary"],
             *[f"注意:{text}" for text in channels["warnings"]]]
    lines += [f"{p['year']}年 {p['title']}({p['county']}):任务 {p['tasks']} 项,"
              f"有日期的节点 {p['dated_milestones']} 个" for p in plans] or ["尚未载入任何方案"]
    return "\n".join(lines) + "\n", 200, {"Content-Type": "text/plain; charset=utf-8"}


def _wechat_setup(settings) -> dict:
    """What the IT person still has to configure for the account to reach us."""
    missing = [name for name, value in (("WECHAT_TOKEN", settings.wechat_token),
                                        ("WECHAT_APP_ID", settings.wechat_app_id),
                                        ("WECHAT_APP_SECRET", settings.wechat_app_secret)) if not value]
    safe_mode = bool(settings.wechat_aes_key)
    if not settings.wechat_token:
        summary = "微信接入:未配置 WECHAT_TOKEN,/wechat 暂不可用(终端对话 bot.py chat 可用)"
    else:
        summary = f"微信接入:/wechat 已启用({'安全模式可用' if safe_mode else '明文模式'})"
        if missing:
            summary += f";未配置 {'、'.join(missing)},无法主动发消息"
    return {"webhook": bool(settings.wechat_token), "safe_mode": safe_mode, "missing": missing,
            "api_base": settings.wechat_api_base, "summary": summary}


def template_warning(settings) -> str | None:
    """Said at start and on this page: without a template, reminders reach fewer people."""
    if settings.wechat_template_id:
        return None
    return ("未配置 WECHAT_TEMPLATE_ID:提醒改用客服消息发送,"
            "只能送达48小时内与公众号互动过的人,其他人记为无法送达")


def _delivery(session, settings) -> dict:
    """The outbox at a glance, and whether the scheduler is alive (its heartbeat's age)."""
    from datetime import datetime, timezone

    from scheduler import lease
    from services import outbox

    counts = outbox.counts(session)
    # A count: this page is public; who they are is for `python bot.py status` on the server.
    unreachable = len(outbox.unreachable_people(session))
    current = lease.current(session)
    age = int((datetime.now(timezone.utc) - current.heartbeat_at).total_seconds()) if current else None
    parts = [template_warning(settings) or "提醒以模板消息发送"]
    parts.append(f"调度器心跳 {age} 秒前" if age is not None else "调度器从未运行")
    if counts.get("dead"):
        parts.append(f"{counts['dead']} 条停发")
    if unreachable:
        parts.append(f"{unreachable} 人收不到提醒")
    return {"template": bool(settings.wechat_template_id), "messages": counts, "unreachable": unreachable,
            "scheduler_heartbeat_age": age, "summary": "提醒:" + ";".join(parts) + "(python bot.py outbox)"}


def _channels(session, settings, now) -> dict:
    """Which channels the configuration has, how many people each reaches, and whether leaders
    are left out (counts only: this page is public)."""
    from services import reach_report

    reaches = reach_report.people_reach(session, settings, now)
    return {"account_type": settings.wechat_account_type, "wechat_reminder_channel": settings.wechat_reminder_channel,
            "wecom": settings.wecom_enabled, "people": reach_report.channel_counts(reaches),
            "leaders_unreachable": len(reach_report.unreachable_leaders(reaches)),
            "warnings": reach_report.configuration_warnings(settings), "summary": reach_report.summary(reaches)}
