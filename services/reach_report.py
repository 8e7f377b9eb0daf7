"""Who is reachable on which channel: every leader of the current plan and everyone bound, with
the way a reminder would take today and why not when it cannot; and what in the configuration
leaves leaders out of reach. For `status`, `/`, `/healthz` (counts only), `outbox`, `simulate`
and the console."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from config import Settings
from core.reach import Route
from models import Person, Subscriber, Task, TaskLeader
from models.outbox import CHANNEL_NAMES
from services import assignments
from services.outbox import routes


@dataclass(frozen=True)
class PersonReach:
    person: Person
    chosen: Route  # the way a reminder takes today, or why none can (reason)
    routes: dict[str, Route]  # by network: wechat, wecom

    @property
    def reachable(self) -> bool:
        return self.chosen.reason is None

    def to_json(self) -> dict:
        person = self.person
        return {"person": person.name, "role": person.role,
                "township": person.township.name if person.township else None,
                "preferred": person.reminder_channel, "channel": self.chosen.channel if self.reachable else None,
                "reason": self.chosen.reason,
                **{network: {"channel": route.channel if route.reason is None else None, "reason": route.reason}
                   for network, route in self.routes.items()}}

    def describe(self) -> str:
        if not self.reachable:
            return f"收不到({self.chosen.reason})"
        others = [CHANNEL_NAMES[r.channel] for n, r in self.routes.items()
                  if r.reason is None and n != self.chosen.network]
        return CHANNEL_NAMES[self.chosen.channel] + (f"(也可{'、'.join(others)})" if others else "")


def people_reach(session: Session, settings: Settings, now: datetime) -> list[PersonReach]:
    """Leaders of the current plan and every bound person, leaders first."""
    plan = assignments.current_plan(session)
    ids = set(session.scalars(select(Subscriber.person_id).where(Subscriber.person_id.is_not(None))))
    if plan is not None:
        ids |= set(session.scalars(select(TaskLeader.person_id).join(Task, Task.id == TaskLeader.task_id)
                                   .where(Task.plan_id == plan.id, Task.active)))
    if not ids:
        return []
    people = {p.id: p for p in session.scalars(
        select(Person).where(Person.id.in_(ids)).options(selectinload(Person.township)))}
    found = routes(session, ids, settings, now)
    order = sorted(ids, key=lambda pid: (people[pid].role != "leader", people[pid].role,
                                         people[pid].township_id or 0, people[pid].name))
    return [PersonReach(people[pid], found[pid].chosen, found[pid].routes) for pid in order]


def channel_counts(reaches: list[PersonReach]) -> dict[str, int]:
    """People per channel a reminder takes; "unreachable" for those it cannot reach."""
    return dict(Counter(r.chosen.channel if r.reachable else "unreachable" for r in reaches))


def unreachable_leaders(reaches: list[PersonReach]) -> list[PersonReach]:
    return [r for r in reaches if r.person.role == "leader" and not r.reachable]


def configuration_warnings(settings: Settings) -> list[str]:
    """What in the configuration keeps reminders from leaders, in Chinese."""
    warnings = []
    wecom_parts = {"WECOM_CORP_ID": settings.wecom_corp_id, "WECOM_AGENT_ID": settings.wecom_agent_id,
                   "WECOM_SECRET": settings.wecom_secret}
    missing_wecom = [name for name, value in wecom_parts.items() if not value]
    if 0 < len(missing_wecom) < len(wecom_parts):
        warnings.append(f"企业微信配置不全(缺 {'、'.join(missing_wecom)}):企业微信发不出提醒")
    if settings.wechat_account_type == "subscription":
        if not settings.wecom_enabled:
            warnings.append("公众号是订阅号,不能主动推送提醒,又未配置企业微信:领导收不到任何提醒。"
                            "请配置 WECOM_CORP_ID、WECOM_AGENT_ID、WECOM_SECRET,领导在企业微信里绑定")
        return warnings
    if not (settings.wechat_app_id and settings.wechat_app_secret) and not settings.wecom_enabled:
        warnings.append("未设置 WECHAT_APP_ID、WECHAT_APP_SECRET,也未配置企业微信:提醒发不出去")
    if settings.wechat_reminder_channel == "subscribe" and not settings.wechat_subscribe_template_id:
        warnings.append("WECHAT_REMINDER_CHANNEL=subscribe,但未设置 WECHAT_SUBSCRIBE_TEMPLATE_ID:订阅通知发不出")
    if settings.wechat_subscribe_template_id and settings.wechat_reminder_channel == "template":
        warnings.append("设置了 WECHAT_SUBSCRIBE_TEMPLATE_ID,但 WECHAT_REMINDER_CHANNEL=template:不会用订阅通知"
                        "(改为 subscribe 或 auto)")
    return warnings


def summary(reaches: list[PersonReach]) -> str:
    """提醒渠道:企业微信 2 人、模板消息 1 人;收不到 1 人(领导 1 人)."""
    counts = channel_counts(reaches)
    parts = [f"{CHANNEL_NAMES.get(c, c)} {n} 人" for c, n in sorted(counts.items()) if c != "unreachable"]
    text = "提醒渠道:" + ("、".join(parts) or "还没有人能收到")
    if counts.get("unreachable"):
        leaders = len(unreachable_leaders(reaches))
        text += f";收不到 {counts['unreachable']} 人" + (f"(其中领导 {leaders} 人)" if leaders else "")
    return text

