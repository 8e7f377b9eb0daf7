"""`python bot.py chat`: the same inbox, router and handlers as /wechat, from a terminal.

Lines starting with / stand for what a phone sends besides text: /subscribe, /unsubscribe,
/click KEY, /voice TEXT, /image, /location.
"""
from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime
from typing import Callable, Iterable

from sqlalchemy import select

from channels import inbox
from config import Clock, Settings
from handlers.messages import Inbound
from handlers.router import dispatch
from models import Person, Task, TaskLeader
from models.db import session_scope
from services import invites, subscribers
from services.assignments import current_plan
from services.bootstrap import Database, county_config

DEMO_OPENIDS = {role: f"terminal-{role}" for role in ("resident", "staff", "leader", "admin")}
SPECIAL_INPUTS = "/subscribe  /unsubscribe  /click KEY  /voice 文字  /image  /location"


def as_role(db: Database, settings: Settings, role: str, now: datetime) -> str:
    """A demo openid bound to `role` the way a real user is: an invite code, then 绑定."""
    openid = DEMO_OPENIDS[role]
    with session_scope(db.sessions) as session:
        subscriber = subscribers.find(session, openid)
        if role == "resident" or (subscriber and subscriber.role == role):
            return openid
        plan = current_plan(session)
        counties = county_config(settings)
        county = invites.home_county(session, counties)
        options = {"county": county.name}
        if role == "staff":
            options["township"] = county.townships[0].name
        elif role == "leader":  # the first leader of the current plan (prepare() loaded one)
            options["person"] = session.scalar(
                select(Person.name).join(TaskLeader, TaskLeader.person_id == Person.id).join(Task)
                .where(Task.plan_id == plan.id).order_by(Task.position, TaskLeader.position).limit(1))
        else:
            options["name"] = "演示管理员"
        invite = invites.issue_invite(session, counties, role=role, now=now, **options)
    send(db, settings, Inbound(openid=openid, kind="text", text=f"绑定 {invite.code}"))
    return openid


def parse_line(openid: str, line: str) -> Inbound:
    """A typed line → what WeChat would have delivered."""
    word, _, rest = line.strip().partition(" ")
    base = {"openid": openid}
    if word == "/subscribe":
        return Inbound(kind="event", event="subscribe", **base)
    if word == "/unsubscribe":
        return Inbound(kind="event", event="unsubscribe", **base)
    if word == "/click":
        return Inbound(kind="event", event="click", event_key=rest.strip(), **base)
    if word == "/voice":
        return Inbound(kind="voice", text=rest.strip(), **base)
    if word in ("/image", "/location"):
        return Inbound(kind=word[1:], **base)
    return Inbound(kind="text", text=line, **base)


def send(db: Database, settings: Settings, inbound: Inbound) -> str | None:
    """Deliver one message through the inbox, as the webhook does; returns the reply."""
    now = Clock.from_settings(settings).now()
    inbound = replace(inbound, created_at=now, channel="terminal")
    return inbox.receive(db.sessions, inbound, now=now, channel="terminal", key=f"terminal:{uuid.uuid4()}",
                         answer=lambda session, msg: dispatch(session, msg, now=now, settings=settings))


def converse(db: Database, settings: Settings, openid: str, lines: Iterable[str],
             write: Callable[[str], None]) -> None:
    for line in lines:
        if not line.strip():
            continue
        if line.strip() in ("/quit", "退出"):
            break
        reply = send(db, settings, parse_line(openid, line))
        write(reply if reply is not None else "(不回复)")
