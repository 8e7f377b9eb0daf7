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
    if request.accept_mimetypes.best == "application/json":
        return jsonify({"service": "民政助手", "now": now, "plans": plans, "wechat": wechat})
    lines = [f"民政助手运行中 · {now}", wechat["summary"]]
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
