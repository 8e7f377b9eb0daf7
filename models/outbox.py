"""Messages on their way to WeChat, the access token every process shares, and the scheduler's
lease and job store.

An OutboxMessage is one WeChat message to one person (a digest of reminders, a nudge, or an alert
to admins); the dispatcher claims it, sends it and records what WeChat said. Rows are never
deleted: they are the record of what each person was sent.
"""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import BigInteger, Column, Float, ForeignKey, Index, LargeBinary, String, Table, Text, Unicode
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, JsonType
from models.organisation import Person

# pending → sending → sent; failures wait in pending with next_attempt_at, then end in dead, or
# in unreachable (no openid, not following, refused messages, outside the 48-hour window).
# While sending, next_attempt_at is the end of the claim's lease: a row still sending after it
# was claimed by a dispatcher that died, and is claimed again.
OUTBOX_STATUSES = ("pending", "sending", "sent", "dead", "unreachable")
# alert: to admins, about delivery itself; chart: a progress picture (asked for, or the weekly one)
OUTBOX_KINDS = ("digest", "nudge", "alert", "chart")
# How the CLI and the console name them.
STATUS_NAMES = {"pending": "待发", "sending": "发送中", "sent": "已发送", "dead": "停发", "unreachable": "无法送达"}
KIND_NAMES = {"digest": "提醒", "nudge": "催办", "alert": "系统通知", "chart": "进度图"}
# template, subscribe (订阅通知) and text/image (customer-service, 48 hours) go through the WeChat
# account; wecom through the bureau's WeCom app (text, text card or image).
CHANNEL_NAMES = {"template": "模板消息", "subscribe": "订阅通知", "text": "客服消息", "image": "客服图片",
                 "wecom": "企业微信"}


class OutboxMessage(Base):
    __tablename__ = "outbox_message"
    __table_args__ = (Index("ix_outbox_message_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16), default="digest")
    # digest:<person>:<day>, alert:…: at most one such message, whoever writes it.
    dedupe_key: Mapped[Optional[str]] = mapped_column(String(128), unique=True)
    openid: Mapped[str] = mapped_column(String(64))  # "" when the person has none; wecom:<userid>
    channel: Mapped[str] = mapped_column(String(16))  # one of CHANNEL_NAMES
    payload: Mapped[dict] = mapped_column(JsonType, default=dict)  # what is sent, as sent
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime]
    errcode: Mapped[Optional[int]]
    last_error: Mapped[Optional[str]] = mapped_column(Text)
    wechat_msgid: Mapped[Optional[int]] = mapped_column(BigInteger, index=True)  # joins delivery_receipt
    created_at: Mapped[datetime]
    sent_at: Mapped[Optional[datetime]]

    person: Mapped[Person] = relationship()


class AccessToken(Base):
    """The one access token of an app id, fetched by one process and read by all."""

    __tablename__ = "wechat_access_token"

    app_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    token: Mapped[str] = mapped_column(Text)
    expires_at: Mapped[datetime]
    fetched_at: Mapped[datetime]


class SchedulerLease(Base):
    """Who runs the one scheduler of the deployment, until when; renewed by its heartbeat."""

    __tablename__ = "scheduler_lease"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str] = mapped_column(String(128))
    expires_at: Mapped[datetime]
    heartbeat_at: Mapped[datetime]  # its age tells whether reminders are being sent at all
    acquired_at: Mapped[datetime]


# APScheduler's SQLAlchemyJobStore table, as it creates it, so the migrations own it too.
scheduler_jobs = Table(
    "apscheduler_jobs",
    Base.metadata,
    Column("id", Unicode(191), primary_key=True),
    Column("next_run_time", Float(25), index=True),
    Column("job_state", LargeBinary, nullable=False),
)
