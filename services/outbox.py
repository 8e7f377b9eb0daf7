"""The outbox dispatcher: a person's due reminders become one message, sent and recorded.

One pass (`dispatch`), only on working days inside working hours (REMINDER_HOURS):

1. Bundle, in one transaction under a lock: every pending Reminder with send_on ≤ today (older
   ones were not sent yet, e.g. after downtime: they go now, marked late) is cancelled if its
   milestone is done or retired, else queued into one OutboxMessage per person — a digest, most
   urgent first, at most one a day (the day's later reminders wait for tomorrow); nudges (催办)
   go at once, in a message of their own.
2. Send, one message at a time: claim a due row (PostgreSQL: SELECT … FOR UPDATE SKIP LOCKED, so
   parallel dispatchers never take the same row; SQLite: under the single-writer lock), mark it
   sending and commit; call WeChat; record what it said in a second transaction.

Nothing is lost: reminders and messages are rows, committed before anything is sent. The one
window that can repeat a message is a crash after WeChat accepted it and before the result was
recorded: the row stays "sending", and once its lease (LEASE) is over, a later pass sends it
again. Every other crash leaves rows that the next pass picks up where this one stopped.

Faults: HTTP errors, timeouts and a busy system are retried with exponential back-off, then the
message is dead (`bot.py outbox`, `outbox resend ID`); 45009 (quota) holds back every message of
that API until the next working day's opening; 43004/43101 mark the person unreachable and tell
the admins once; 40037 (bad template id) holds back template messages for an hour and tells the
admins, once a day.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Callable, Iterable

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, selectinload

from config import Settings
from config.logging import event
from config.settings import ConfigError
from core import outbound
from core.masking import mask_openid
from core.outbound import Item, Outcome, digest_text, first_task_id, template_fields
from models import Milestone, OutboxMessage, Person, Reminder, Subscriber, Task
from models.db import session_scope, upsert_insert
from services import locks
from services.bootstrap import Database

log = logging.getLogger(__name__)

BUNDLE_LOCK = "outbox-bundle"
CLAIM_LOCK = "outbox-claim"
LEASE = timedelta(minutes=10)  # a message sending for longer was claimed by a dispatcher that died
MAX_ATTEMPTS = 6  # then the message is dead
FIRST_BACKOFF = timedelta(minutes=1)  # doubled after each failed attempt
TEMPLATE_PAUSE = timedelta(hours=1)
SERVICE_WINDOW = timedelta(hours=48)  # customer-service messages reach a user this long after they wrote
RESENDABLE = ("dead", "unreachable")

NO_BINDING = "未绑定微信"
UNFOLLOWED = "已取消关注公众号"
NO_TEMPLATE_OUT_OF_WINDOW = "未配置模板消息,对方48小时内未与公众号互动,客服消息发不出"
UNREACHABLE_REASONS = {43004: "未关注公众号(43004)", 43101: "拒收公众号消息(43101)"}


class OutboxError(ValueError):
    """A request about the outbox that cannot be done; the message says why, in Chinese."""


@dataclass
class DispatchSummary:
    outside_hours: bool = False
    messages: int = 0  # written by this pass
    reminders: int = 0  # queued into them
    late: int = 0  # of those, meant for an earlier day
    cancelled: int = 0  # their milestone was done
    sent: int = 0
    retrying: int = 0
    unreachable: int = 0
    dead: int = 0
    alerts: int = 0  # messages to admins about delivery
    stopped: list[str] = field(default_factory=list)  # why sending was held back

    def describe(self) -> str:
        if self.outside_hours:
            return "现在不是工作日的工作时间,未发送提醒。"
        counts = ((self.reminders, "{}条提醒"), (self.messages, "合成{}条消息"), (self.late, "其中补发{}条"),
                  (self.cancelled, "取消{}条(任务已完成)"), (self.sent, "发出{}条"),
                  (self.retrying, "{}条稍后重试"), (self.unreachable, "{}条无法送达"),
                  (self.dead, "{}条多次失败已停发"), (self.alerts, "通知管理员{}条"))
        parts = [text.format(n) for n, text in counts if n]
        said = ",".join(parts) + "。" if parts else "没有要发的提醒。"
        return said + "".join(f"{reason}。" for reason in self.stopped)


def dispatch(
    db: Database, settings: Settings, now: datetime, *, send: Callable[[OutboxMessage], Outcome] | None = None
) -> DispatchSummary:
    """One pass: bundle the due reminders, then send every due message. `send` (an
    OutboxMessage → channels.wechat_outbound.Outcome) defaults to the configured account."""
    summary = DispatchSummary()
    local = now.astimezone(settings.tz)
    if not settings.working_hours.contains(local):
        summary.outside_hours = True
        return summary
    with session_scope(db.sessions) as session:
        bundle(session, settings, local, summary)
    if send is None:
        from channels import wechat_outbound  # the edge; services otherwise never import it

        try:
            send = wechat_outbound.sender(settings, db.sessions)
        except ConfigError as exc:
            with session_scope(db.sessions) as session:
                if session.scalar(_due(now).with_only_columns(OutboxMessage.id)) is not None:
                    summary.stopped.append(str(exc))
            return summary
    while (claimed := _claim(db, settings, now)) is not None:
        outcome = send(claimed)
        with session_scope(db.sessions) as session:
            _record(session, settings, claimed, outcome, local, summary)
        event(log, "outbox_send", id=claimed.id, person_id=claimed.person_id, kind=claimed.kind,
              channel=claimed.channel, openid=mask_openid(claimed.openid), attempt=claimed.attempts,
              result=outcome.result, errcode=outcome.errcode, wechat_msgid=outcome.msgid, error=outcome.error or None)
    return summary


# --- bundling ------------------------------------------------------------------------------------

def bundle(session: Session, settings: Settings, local_now: datetime, summary: DispatchSummary) -> None:
    """Queue every due pending reminder into its person's message of the day (see the module)."""
    locks.hold(session, BUNDLE_LOCK)  # two passes at once: the second finds them queued
    today = local_now.date()
    due = list(session.scalars(
        select(Reminder)
        .where(Reminder.status == "pending", Reminder.send_on <= today)
        .options(selectinload(Reminder.milestone).selectinload(Milestone.task).selectinload(Task.section))
        .order_by(Reminder.person_id, Reminder.id)
    ))
    by_person: dict[int, list[Reminder]] = {}
    for reminder in due:
        milestone = reminder.milestone
        if milestone.done_at is not None or not milestone.active or not milestone.task.active:
            reminder.status = "cancelled"
            summary.cancelled += 1
        else:
            by_person.setdefault(reminder.person_id, []).append(reminder)
    if not by_person:
        return
    recipients = _recipients(session, by_person, settings, local_now)
    sent_today = set(session.scalars(select(OutboxMessage.dedupe_key).where(
        OutboxMessage.dedupe_key.in_([_digest_key(p, today) for p in by_person]))))
    for person_id, reminders in by_person.items():
        nudges = [r for r in reminders if r.kind == "nudge"]
        others = [r for r in reminders if r.kind != "nudge"]
        if nudges:
            _queue(session, settings, "nudge", None, nudges, recipients[person_id], local_now, summary)
        if others and _digest_key(person_id, today) not in sent_today:
            _queue(session, settings, "digest", _digest_key(person_id, today), others,
                   recipients[person_id], local_now, summary)


def _digest_key(person_id: int, day: date) -> str:
    return f"digest:{person_id}:{day.isoformat()}"


@dataclass(frozen=True)
class _Recipient:
    openid: str
    channel: str
    reason: str | None  # why nothing can be sent, or None


def _recipients(session: Session, by_person: dict, settings: Settings, local_now: datetime) -> dict[int, _Recipient]:
    subscribers: dict[int, list[Subscriber]] = {}
    for subscriber in session.scalars(
        select(Subscriber).where(Subscriber.person_id.in_(list(by_person)))
        .order_by(Subscriber.last_seen_at.desc(), Subscriber.id)
    ):
        subscribers.setdefault(subscriber.person_id, []).append(subscriber)
    return {person_id: _recipient(subscribers.get(person_id, []), settings, local_now) for person_id in by_person}


def _recipient(subscribers: list[Subscriber], settings: Settings, now: datetime) -> _Recipient:
    """The openid of a person's most recently seen subscriber that can be reached, and how."""
    channel = "template" if settings.wechat_template_id else "text"
    if not subscribers:
        return _Recipient("", channel, NO_BINDING)
    following = [s for s in subscribers if s.subscribed]
    if not following:
        return _Recipient(subscribers[0].openid, channel, UNFOLLOWED)
    # Writing to the account again (after re-following, say) makes a person reachable again.
    reachable = [s for s in following if s.unreachable_at is None or s.last_seen_at > s.unreachable_at]
    if not reachable:
        return _Recipient(following[0].openid, channel, following[0].unreachable_reason)
    chosen = reachable[0]
    chosen.unreachable_at = chosen.unreachable_reason = None
    if channel == "text" and now - chosen.last_seen_at > SERVICE_WINDOW:
        return _Recipient(chosen.openid, channel, NO_TEMPLATE_OUT_OF_WINDOW)
    return _Recipient(chosen.openid, channel, None)


def _queue(session: Session, settings: Settings, kind: str, key: str | None, reminders: list[Reminder],
           recipient: _Recipient, local_now: datetime, summary: DispatchSummary) -> None:
    items = [_item(r, local_now.date()) for r in reminders]
    message = OutboxMessage(
        person_id=reminders[0].person_id, kind=kind, dedupe_key=key, openid=recipient.openid,
        channel=recipient.channel,
        payload=_payload(settings, reminders, items, recipient.channel, local_now.date()),
        next_attempt_at=local_now, created_at=local_now,
        status="unreachable" if recipient.reason else "pending", last_error=recipient.reason,
    )
    session.add(message)
    session.flush()
    for reminder in reminders:
        reminder.status, reminder.message_id = "queued", message.id
    event(log, "outbox_queued", id=message.id, person_id=message.person_id, kind=kind, channel=message.channel,
          openid=mask_openid(message.openid), reminders=",".join(str(r.id) for r in reminders),
          status=message.status, reason=recipient.reason)
    summary.messages += 1
    summary.reminders += len(reminders)
    summary.late += sum(item.late_from is not None for item in items)
    summary.unreachable += recipient.reason is not None


def _payload(settings: Settings, reminders: list[Reminder], items: list[Item], channel: str,
             today: date) -> dict:
    payload = {"text": digest_text(items, today), "reminder_ids": [r.id for r in reminders]}
    if channel == "template":
        url = f"{settings.public_base_url}/tasks/{first_task_id(items)}" if settings.public_base_url else None
        payload["template"] = {"template_id": settings.wechat_template_id, "url": url,
                               "data": template_fields(items, linked=url is not None)}
    return payload


def _item(reminder: Reminder, today: date) -> Item:
    task = reminder.milestone.task
    return Item(kind=reminder.kind, colour=reminder.colour, urgency=reminder.urgency, due_on=reminder.due_on,
                line=reminder.line, ref=task.ref, title=task.title, task_id=task.id,
                late_from=reminder.send_on if reminder.send_on < today else None)


# --- sending -------------------------------------------------------------------------------------

def _due(now: datetime):
    """The next message to send: pending and due, or sending past its lease (its claimer died)."""
    return (select(OutboxMessage)
            .where(OutboxMessage.status.in_(("pending", "sending")), OutboxMessage.next_attempt_at <= now)
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(1))


def _claim(db: Database, settings: Settings, now: datetime) -> OutboxMessage | None:
    """Takes one due message for this dispatcher alone, marked sending and committed.

    A template message goes with the template id configured now: one held back by 40037 goes
    once WECHAT_TEMPLATE_ID is corrected."""
    with session_scope(db.sessions) as session:
        postgres = session.get_bind().dialect.name == "postgresql"
        if not postgres:
            locks.hold(session, CLAIM_LOCK)
        query = _due(now)
        message = session.scalar(query.with_for_update(skip_locked=True) if postgres else query)
        if message is not None:
            template = message.payload.get("template")
            if template and settings.wechat_template_id and template["template_id"] != settings.wechat_template_id:
                message.payload = {**message.payload, "template": {**template, "template_id": settings.wechat_template_id}}
            message.status = "sending"
            message.attempts += 1
            message.next_attempt_at = now + LEASE
        return message


def _record(session: Session, settings: Settings, claimed: OutboxMessage, outcome: Outcome,
            local_now: datetime, summary: DispatchSummary) -> None:
    message = session.get(OutboxMessage, claimed.id, with_for_update=True, populate_existing=True)
    if message.status != "sending" or message.attempts != claimed.attempts:
        return  # its lease ran out and another dispatcher took it over: that one records
    message.errcode, message.last_error = outcome.errcode, outcome.error or None
    result = outcome.result
    if result == outbound.SENT:
        message.status, message.sent_at, message.wechat_msgid = "sent", local_now, outcome.msgid
        summary.sent += 1
    elif result == outbound.RETRY and message.attempts < MAX_ATTEMPTS:
        wait = FIRST_BACKOFF * 2 ** (message.attempts - 1)
        _retry_at(message, settings.working_hours.next_opening(local_now + wait))
        summary.retrying += 1
    elif result in (outbound.RETRY, outbound.REJECTED):
        message.status = "dead"
        summary.dead += 1
        log.error("outbox message %s is dead after %s attempts: %s", message.id, message.attempts, outcome.error)
    elif result == outbound.QUOTA:
        resume = _next_day_opening(settings, local_now)
        _hold_back(session, message, resume)
        summary.retrying += 1
        summary.stopped.append(f"微信接口今日调用已达上限(45009),{_when(resume)}继续发送")
    elif result == outbound.BAD_TEMPLATE:
        resume = settings.working_hours.next_opening(local_now + TEMPLATE_PAUSE)
        _hold_back(session, message, resume)
        summary.retrying += 1
        problem = f"模板消息 ID 无效(40037),请核对 WECHAT_TEMPLATE_ID={settings.wechat_template_id}"
        summary.stopped.append(f"{problem},模板消息暂停至{_when(resume)}")
        log.error("%s; template messages held back until %s", problem, resume)
        summary.alerts += alert_admins(session, f"template:{local_now.date()}",
                                       f"【系统提醒】{problem}。提醒暂停发送,改正后自动恢复。", local_now)
    else:  # UNREACHABLE, OUT_OF_WINDOW
        message.status = "unreachable"
        summary.unreachable += 1
        if result == outbound.UNREACHABLE:
            summary.alerts += _mark_unreachable(session, message, outcome.errcode, local_now)


def _retry_at(message: OutboxMessage, when: datetime) -> None:
    message.status, message.next_attempt_at = "pending", when


def _hold_back(session: Session, message: OutboxMessage, until: datetime) -> None:
    """The API refuses everything of this channel for now: this message and the others wait."""
    message.attempts -= 1  # not the message's fault: it does not count towards dead
    _retry_at(message, until)
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.status == "pending", OutboxMessage.channel == message.channel,
               OutboxMessage.next_attempt_at < until)
        .values(next_attempt_at=until)
    )


def _next_day_opening(settings: Settings, local_now: datetime) -> datetime:
    midnight = datetime.combine(local_now.date() + timedelta(days=1), datetime.min.time(), local_now.tzinfo)
    return settings.working_hours.next_opening(midnight)


def _when(moment: datetime) -> str:
    return f"{moment.month}月{moment.day}日{moment:%H:%M}"


def _mark_unreachable(session: Session, message: OutboxMessage, errcode: int, now: datetime) -> int:
    """The person's subscriber is unreachable; admins hear of it once. Returns alerts written."""
    reason = UNREACHABLE_REASONS[errcode]
    message.last_error = reason
    subscriber = session.scalar(select(Subscriber).where(Subscriber.openid == message.openid))
    if subscriber is None or subscriber.unreachable_at is not None:
        return 0
    subscriber.unreachable_at, subscriber.unreachable_reason = now, reason
    if message.kind == "alert":
        return 0  # an admin who cannot be reached is listed, not alerted about
    person = session.get(Person, message.person_id)
    text = (f"【系统提醒】{person.name}收不到公众号提醒:{reason}。"
            "请联系其关注公众号并允许接收消息,之后发一条消息即可恢复。查看:python bot.py outbox")
    return alert_admins(session, f"unreachable:{message.openid}:{now.date()}", text, now)


def alert_admins(session: Session, topic: str, text: str, now: datetime) -> int:
    """A text message to every bound admin, once per topic; how many were written."""
    admins = session.scalars(
        select(Subscriber).join(Subscriber.person)
        .where(Person.role == "admin", Subscriber.subscribed).order_by(Subscriber.id)
    ).all()
    written = 0
    for admin in admins:
        statement = upsert_insert(session, OutboxMessage).values(
            person_id=admin.person_id, kind="alert", dedupe_key=f"alert:{topic}:{admin.person_id}",
            openid=admin.openid, channel="text", payload={"text": text}, status="pending", attempts=0,
            next_attempt_at=now, created_at=now,
        ).on_conflict_do_nothing(index_elements=[OutboxMessage.dedupe_key]).returning(OutboxMessage.id)
        written += len(session.execute(statement).all())
    if not admins:
        log.warning("no admin is bound to hear an alert about %s", topic.split(":")[0])  # text names people
    return written


# --- for `bot.py outbox` and the status page ------------------------------------------------------

def list_messages(session: Session, statuses: Iterable[str] = (), limit: int = 200) -> list[OutboxMessage]:
    query = select(OutboxMessage).options(selectinload(OutboxMessage.person)).order_by(OutboxMessage.id.desc())
    if statuses:
        query = query.where(OutboxMessage.status.in_(list(statuses)))
    return list(session.scalars(query.limit(limit)))


def resend(session: Session, message_id: int, settings: Settings, now: datetime) -> OutboxMessage:
    """A dead or unreachable message queued again, to the person's current openid, rebuilt for
    the current configuration (template or text)."""
    message = session.get(OutboxMessage, message_id, with_for_update=True)
    if message is None:
        raise OutboxError(f"没有编号为 {message_id} 的消息")
    if message.status not in RESENDABLE:
        raise OutboxError(f"消息 {message_id} 的状态是 {message.status},只有停发(dead)或无法送达(unreachable)的消息可以重发")
    local_now = now.astimezone(settings.tz)
    subscribers = session.scalars(
        select(Subscriber).where(Subscriber.person_id == message.person_id)
        .order_by(Subscriber.last_seen_at.desc(), Subscriber.id)
    ).all()
    recipient = _recipient(list(subscribers), settings, local_now)
    if message.kind == "alert":  # alerts are text, whatever the configuration
        recipient = _Recipient(recipient.openid, "text", recipient.reason)
    if recipient.reason:
        raise OutboxError(f"{message.person.name}仍无法送达:{recipient.reason}")
    reminders = list(session.scalars(
        select(Reminder).where(Reminder.message_id == message.id).order_by(Reminder.id)
        .options(selectinload(Reminder.milestone).selectinload(Milestone.task).selectinload(Task.section))
    ))
    if reminders:
        items = [_item(r, local_now.date()) for r in reminders]
        message.payload = _payload(settings, reminders, items, recipient.channel, local_now.date())
    message.openid, message.channel, message.status, message.attempts = recipient.openid, recipient.channel, "pending", 0
    message.next_attempt_at, message.errcode, message.last_error = now, None, None
    return message


def counts(session: Session) -> dict[str, int]:
    return dict(session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all())


def unreachable_people(session: Session) -> list[tuple[Person, OutboxMessage]]:
    """Everyone whose latest message could not be delivered, with that message (its reason)."""
    latest = (select(func.max(OutboxMessage.id)).group_by(OutboxMessage.person_id)).scalar_subquery()
    return [(m.person, m) for m in session.scalars(
        select(OutboxMessage).where(OutboxMessage.id.in_(latest), OutboxMessage.status == "unreachable")
        .options(selectinload(OutboxMessage.person)).order_by(OutboxMessage.person_id)
    )]
