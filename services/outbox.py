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

Channels (core.reach): each message goes on the channel its person can get it on — a template
message, a 订阅通知 (with the person's consent), a customer-service text or image (48 hours), or
the bureau's WeCom app — on the network the office prefers for them; one digest a day, whichever.

Faults: HTTP errors, timeouts and a busy system are retried with exponential back-off, then the
message is dead (`bot.py outbox`, `outbox resend ID`); 45009 (quota) holds back every message of
that channel until the next working day's opening; 43004/43101 (and WeCom's 81013/60011/60111)
mark the address unreachable, 43101 on a 订阅通知 withdraws the consent, and the admins hear of it
once; then the message goes the other way if the person has one (a template instead of the
withdrawn 订阅通知, WeChat instead of WeCom). 40037 (bad template id) holds back template
messages for an hour and tells the admins, once a day.
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
from core import outbound, reach
from core.masking import mask_openid
from core.outbound import Item, Outcome, digest_text, first_task_id, subscribe_fields, template_fields
from core.reach import Address, Route
from models import Milestone, OutboxMessage, Person, Reminder, SubscribeConsent, Subscriber, Task
from models.db import session_scope, upsert_insert
from services import locks, progress_charts
from services.bootstrap import Database

log = logging.getLogger(__name__)

BUNDLE_LOCK = "outbox-bundle"
CLAIM_LOCK = "outbox-claim"
LEASE = timedelta(minutes=10)  # a message sending for longer was claimed by a dispatcher that died
MAX_ATTEMPTS = 6  # then the message is dead
FIRST_BACKOFF = timedelta(minutes=1)  # doubled after each failed attempt
TEMPLATE_PAUSE = timedelta(hours=1)
SERVICE_WINDOW = reach.SERVICE_WINDOW
RESENDABLE = ("dead", "unreachable")
OUTBOX_CHANNELS = reach.CHANNELS
ANY_HOUR_KINDS = ("chart",)  # a picture someone asked for goes at once, whatever the hour

# The reasons a message cannot go, as core.reach words them (read from here by the outbox's callers).
NO_BINDING, UNFOLLOWED, NO_TEMPLATE_OUT_OF_WINDOW = reach.NO_BINDING, reach.UNFOLLOWED, reach.NO_TEMPLATE_OUT_OF_WINDOW
UNREACHABLE_REASONS = {43004: "未关注公众号(43004)", 43101: "拒收公众号消息(43101)"}
NO_SUBSCRIBE_CONSENT = "未同意或已取消订阅通知(43101)"
WECOM_REASONS = {81013: "企业微信账号无效或不在应用可见范围(81013)", 60011: "不在企业微信应用的可见范围(60011)",
                 60111: "企业微信里没有这个成员(60111)"}


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
    rerouted: int = 0  # could not go one way, went the other
    charts: int = 0  # weekly progress pictures queued
    stopped: list[str] = field(default_factory=list)  # why sending was held back
    by_channel: dict[str, int] = field(default_factory=dict)  # sent, per channel

    def describe(self) -> str:
        if self.outside_hours:
            return "现在不是工作日的工作时间,未发送提醒。"
        counts = ((self.reminders, "{}条提醒"), (self.messages, "合成{}条消息"), (self.late, "其中补发{}条"),
                  (self.charts, "本周进度图{}张"),
                  (self.cancelled, "取消{}条(任务已完成)"), (self.sent, "发出{}条"),
                  (self.retrying, "{}条稍后重试"), (self.unreachable, "{}条无法送达"),
                  (self.dead, "{}条多次失败已停发"), (self.rerouted, "{}条改走另一渠道"),
                  (self.alerts, "通知管理员{}条"))
        parts = [text.format(n) for n, text in counts if n]
        said = ",".join(parts) + "。" if parts else "没有要发的提醒。"
        return said + "".join(f"{reason}。" for reason in self.stopped)


def dispatch(
    db: Database, settings: Settings, now: datetime, *, send: Callable[[OutboxMessage], Outcome] | None = None
) -> DispatchSummary:
    """One pass: bundle the due reminders, then send every due message. `send` (an
    OutboxMessage → Outcome) defaults to the configured account and WeCom app. Outside working
    hours only the pictures people asked for go."""
    summary = DispatchSummary()
    local = now.astimezone(settings.tz)
    kinds = None
    if not settings.working_hours.contains(local):
        summary.outside_hours = True
        kinds = ANY_HOUR_KINDS
    else:
        with session_scope(db.sessions) as session:
            bundle(session, settings, local, summary)
    channels = None  # every channel, when the caller sends
    if send is None:
        from channels import wechat_outbound  # the edge; services otherwise never import it

        send, problems = wechat_outbound.sender(settings, db.sessions)
        channels = [c for c in OUTBOX_CHANNELS if reach.network_of_channel(c) not in problems]
        with session_scope(db.sessions) as session:
            for network, problem in problems.items():
                stuck = _due(now, kinds, [c for c in OUTBOX_CHANNELS if reach.network_of_channel(c) == network])
                if session.scalar(stuck.with_only_columns(OutboxMessage.id)) is not None:
                    summary.stopped.append(problem)
    while (claimed := _claim(db, settings, now, kinds, channels)) is not None:
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
    summary.charts += progress_charts.queue_weekly(session, settings, local_now,
                                                   lambda ids: routes(session, ids, settings, local_now))
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


def setup_of(settings: Settings) -> reach.Setup:
    """What the configuration allows, in core.reach's terms."""
    return reach.Setup(subscription_account=settings.wechat_account_type == "subscription",
                       template=bool(settings.wechat_template_id), mode=settings.wechat_reminder_channel,
                       subscribe=bool(settings.wechat_subscribe_template_id), wecom=settings.wecom_enabled,
                       prefer=settings.reminder_prefer)


def addresses(session: Session, person_ids: Iterable[int], settings: Settings) -> dict[int, list[Address]]:
    """Each person's bound openids (WeChat and WeCom), most recently seen first. Writing to the
    account again (after re-following, say) makes an openid reachable again."""
    subscribers = list(session.scalars(
        select(Subscriber).where(Subscriber.person_id.in_(list(person_ids)))
        .order_by(Subscriber.last_seen_at.desc(), Subscriber.id)))
    consents = set()
    if settings.wechat_subscribe_template_id and subscribers:
        consents = {c.openid for c in session.scalars(select(SubscribeConsent).where(
            SubscribeConsent.template_id == settings.wechat_subscribe_template_id,
            SubscribeConsent.openid.in_([s.openid for s in subscribers]))) if c.allows}
    found: dict[int, list[Address]] = {}
    for subscriber in subscribers:
        if subscriber.unreachable_at is not None and subscriber.last_seen_at > subscriber.unreachable_at:
            subscriber.unreachable_at = subscriber.unreachable_reason = None
        found.setdefault(subscriber.person_id, []).append(Address(
            subscriber.openid, subscriber.subscribed, subscriber.unreachable_reason, subscriber.last_seen_at,
            consent=subscriber.openid in consents))
    return found


def routes(session: Session, person_ids: Iterable[int], settings: Settings, now: datetime) -> dict[int, reach.Reach]:
    """How each person can be reached now, and the way a reminder takes."""
    ids = list(person_ids)
    found = addresses(session, ids, settings)
    preferred = dict(session.execute(select(Person.id, Person.reminder_channel).where(Person.id.in_(ids))).all())
    setup = setup_of(settings)
    return {pid: reach.reach(found.get(pid, []), setup, now, preferred.get(pid)) for pid in ids}


def _recipients(session: Session, by_person: dict, settings: Settings, local_now: datetime) -> dict[int, Route]:
    return {pid: found.chosen for pid, found in routes(session, by_person, settings, local_now).items()}


def _queue(session: Session, settings: Settings, kind: str, key: str | None, reminders: list[Reminder],
           recipient: Route, local_now: datetime, summary: DispatchSummary) -> None:
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
    """What goes out: the digest text always (customer-service and WeCom text send it), plus
    what the channel needs — template or 订阅通知 fields, or a WeCom text card."""
    payload = {"text": digest_text(items, today), "reminder_ids": [r.id for r in reminders]}
    url = f"{settings.public_base_url}/tasks/{first_task_id(items)}" if settings.public_base_url else None
    if channel == "template":
        payload["template"] = {"template_id": settings.wechat_template_id, "url": url,
                               "data": template_fields(items, linked=url is not None)}
    elif channel == "subscribe":
        payload["subscribe"] = {"template_id": settings.wechat_subscribe_template_id, "page": url,
                                "data": subscribe_fields(items, linked=url is not None)}
    elif channel == reach.WECOM and url:
        payload["card"] = outbound.card(items, today, url)
    return payload


def _item(reminder: Reminder, today: date) -> Item:
    task = reminder.milestone.task
    return Item(kind=reminder.kind, colour=reminder.colour, urgency=reminder.urgency, due_on=reminder.due_on,
                line=reminder.line, ref=task.ref, title=task.title, task_id=task.id,
                late_from=reminder.send_on if reminder.send_on < today else None)


# --- sending -------------------------------------------------------------------------------------

def _due(now: datetime, kinds: Iterable[str] | None = None, channels: Iterable[str] | None = None):
    """The next message to send: pending and due, or sending past its lease (its claimer died);
    of these kinds and channels only, when given."""
    query = (select(OutboxMessage)
             .where(OutboxMessage.status.in_(("pending", "sending")), OutboxMessage.next_attempt_at <= now)
             .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(1))
    if kinds is not None:
        query = query.where(OutboxMessage.kind.in_(list(kinds)))
    if channels is not None:
        query = query.where(OutboxMessage.channel.in_(list(channels)))
    return query


# The channels that send with a template id: the setting it must follow, its variable, its name.
_TEMPLATES = {"template": ("wechat_template_id", "WECHAT_TEMPLATE_ID", "模板消息"),
              "subscribe": ("wechat_subscribe_template_id", "WECHAT_SUBSCRIBE_TEMPLATE_ID", "订阅通知")}


def _claim(db: Database, settings: Settings, now: datetime, kinds=None, channels=None) -> OutboxMessage | None:
    """Takes one due message for this dispatcher alone, marked sending and committed.

    A template message (or 订阅通知) goes with the template id configured now: one held back by
    40037 goes once WECHAT_TEMPLATE_ID is corrected."""
    with session_scope(db.sessions) as session:
        postgres = session.get_bind().dialect.name == "postgresql"
        if not postgres:
            locks.hold(session, CLAIM_LOCK)
        query = _due(now, kinds, channels)
        message = session.scalar(query.with_for_update(skip_locked=True) if postgres else query)
        if message is not None:
            setting = _TEMPLATES.get(message.channel, ("",))[0]
            part = message.payload.get(message.channel) if setting else None
            configured = getattr(settings, setting) if setting else ""
            if part and configured and part["template_id"] != configured:
                message.payload = {**message.payload, message.channel: {**part, "template_id": configured}}
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
        summary.by_channel[message.channel] = summary.by_channel.get(message.channel, 0) + 1
        if message.channel == "subscribe":
            _use_consent(session, settings, message.openid)
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
        summary.stopped.append(f"{_api_name(message.channel)}今日调用已达上限(45009),{_when(resume)}继续发送")
    elif result == outbound.BAD_TEMPLATE:
        resume = settings.working_hours.next_opening(local_now + TEMPLATE_PAUSE)
        _hold_back(session, message, resume)
        summary.retrying += 1
        setting, variable, name = _TEMPLATES.get(message.channel, _TEMPLATES["template"])
        problem = f"{name} ID 无效(40037),请核对 {variable}={getattr(settings, setting)}"
        summary.stopped.append(f"{problem},{name}暂停至{_when(resume)}")
        log.error("%s; held back until %s", problem, resume)
        summary.alerts += alert_admins(session, settings, f"template:{local_now.date()}",
                                       f"【系统提醒】{problem}。提醒暂停发送,改正后自动恢复。", local_now)
    else:  # UNREACHABLE, OUT_OF_WINDOW: this way is closed; another may be open
        if result == outbound.UNREACHABLE:
            summary.alerts += _mark_unreachable(session, settings, message, outcome.errcode, local_now)
        if _reroute(session, settings, message, local_now):
            summary.rerouted += 1
        else:
            message.status = "unreachable"
            summary.unreachable += 1


def _api_name(channel: str) -> str:
    return "企业微信接口" if channel == reach.WECOM else "微信接口"


def _use_consent(session: Session, settings: Settings, openid: str) -> None:
    """A one-time 订阅通知 consent allows one send: this one."""
    consent = session.scalar(select(SubscribeConsent).where(
        SubscribeConsent.openid == openid, SubscribeConsent.template_id == settings.wechat_subscribe_template_id))
    if consent is not None and not consent.long_term and consent.remaining > 0:
        consent.remaining -= 1


def _reroute(session: Session, settings: Settings, message: OutboxMessage, local_now: datetime) -> bool:
    """The message again, on the next way to its person that has not failed it; False: none."""
    tried = frozenset([*message.payload.get("tried", []), message.channel])
    found = reach.reach(addresses(session, [message.person_id], settings).get(message.person_id, []),
                        setup_of(settings), local_now, message.person.reminder_channel, exclude=tried)
    route = reach.for_kind(message.kind, found, local_now, tried)
    if route.reason is not None or route.channel in tried:
        return False
    payload = _rebuilt(session, settings, message, route.channel, local_now)
    if payload is None:
        return False
    message.payload = {**payload, "tried": sorted(tried)}
    message.openid, message.channel = route.openid, route.channel
    message.status, message.attempts, message.next_attempt_at = "pending", 0, local_now
    event(log, "outbox_rerouted", id=message.id, person_id=message.person_id, channel=route.channel,
          openid=mask_openid(route.openid), tried=",".join(sorted(tried)))
    return True


def _rebuilt(session: Session, settings: Settings, message: OutboxMessage, channel: str,
             local_now: datetime) -> dict | None:
    """The message's payload for `channel`: reminders are rebuilt from their rows, a chart or an
    alert keeps what it says."""
    if message.kind in ("alert", "chart"):
        return {k: v for k, v in message.payload.items() if k != "tried"}
    reminders = list(session.scalars(
        select(Reminder).where(Reminder.message_id == message.id).order_by(Reminder.id)
        .options(selectinload(Reminder.milestone).selectinload(Milestone.task).selectinload(Task.section))))
    if not reminders:
        return None
    items = [_item(r, local_now.date()) for r in reminders]
    return _payload(settings, reminders, items, channel, local_now.date())


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


def _mark_unreachable(session: Session, settings: Settings, message: OutboxMessage, errcode: int,
                      now: datetime) -> int:
    """The address (or, for a 订阅通知, the consent) is closed; admins hear of it once. Returns
    alerts written."""
    person = session.get(Person, message.person_id)
    if message.channel == "subscribe":
        reason = NO_SUBSCRIBE_CONSENT
        message.last_error = reason
        consent = session.scalar(select(SubscribeConsent).where(
            SubscribeConsent.openid == message.openid,
            SubscribeConsent.template_id == message.payload["subscribe"]["template_id"]))
        if consent is None:
            consent = SubscribeConsent(openid=message.openid, template_id=message.payload["subscribe"]["template_id"],
                                       status="reject", long_term=False, remaining=0, updated_at=now)
            session.add(consent)
        elif consent.status == "reject":
            return 0
        consent.status, consent.remaining, consent.updated_at = "reject", 0, now
        advice = "请其在公众号里重新订阅提醒;在此之前提醒改用其他方式发送"
        return alert_admins(session, settings, f"consent:{message.openid}:{now.date()}",
                            f"【系统提醒】{person.name}不再接收订阅通知:{reason}。{advice}。查看:python bot.py outbox", now)
    reasons = WECOM_REASONS if message.channel == reach.WECOM else UNREACHABLE_REASONS
    reason = reasons.get(errcode, f"无法送达({errcode})")
    message.last_error = reason
    subscriber = session.scalar(select(Subscriber).where(Subscriber.openid == message.openid))
    if subscriber is None or subscriber.unreachable_at is not None:
        return 0
    subscriber.unreachable_at, subscriber.unreachable_reason = now, reason
    if message.kind == "alert":
        return 0  # an admin who cannot be reached is listed, not alerted about
    if message.channel == reach.WECOM:
        text = (f"【系统提醒】{person.name}收不到企业微信提醒:{reason}。"
                "请在企业微信管理后台把他加入应用的可见范围,之后在应用里发一条消息即可恢复。查看:python bot.py outbox")
    else:
        text = (f"【系统提醒】{person.name}收不到公众号提醒:{reason}。"
                "请联系其关注公众号并允许接收消息,之后发一条消息即可恢复。查看:python bot.py outbox")
    return alert_admins(session, settings, f"unreachable:{message.openid}:{now.date()}", text, now)


def alert_admins(session: Session, settings: Settings, topic: str, text: str, now: datetime) -> int:
    """A text message to every bound admin (on WeCom when they are reachable there, else a
    customer-service text), once per topic; how many were written."""
    admin_ids = list(session.scalars(
        select(Person.id).join(Subscriber, Subscriber.person_id == Person.id)
        .where(Person.role == "admin", Subscriber.subscribed).distinct().order_by(Person.id)))
    written = 0
    for person_id, found in routes(session, admin_ids, settings, now).items():
        route = reach.for_kind("alert", found, now)
        if not route.openid:
            continue
        payload = {"text": text}
        statement = upsert_insert(session, OutboxMessage).values(
            person_id=person_id, kind="alert", dedupe_key=f"alert:{topic}:{person_id}",
            openid=route.openid, channel=route.channel, payload=payload, status="pending", attempts=0,
            next_attempt_at=now, created_at=now,
        ).on_conflict_do_nothing(index_elements=[OutboxMessage.dedupe_key]).returning(OutboxMessage.id)
        written += len(session.execute(statement).all())
    if not admin_ids:
        log.warning("no admin is bound to hear an alert about %s", topic.split(":")[0])  # text names people
    return written


# --- for `bot.py outbox` and the status page ------------------------------------------------------

def list_messages(session: Session, statuses: Iterable[str] = (), limit: int = 200) -> list[OutboxMessage]:
    query = select(OutboxMessage).options(selectinload(OutboxMessage.person)).order_by(OutboxMessage.id.desc())
    if statuses:
        query = query.where(OutboxMessage.status.in_(list(statuses)))
    return list(session.scalars(query.limit(limit)))


def resend(session: Session, message_id: int, settings: Settings, now: datetime) -> OutboxMessage:
    """A dead or unreachable message queued again, to the person's current way (openid and
    channel), rebuilt for the current configuration."""
    message = session.get(OutboxMessage, message_id, with_for_update=True)
    if message is None:
        raise OutboxError(f"没有编号为 {message_id} 的消息")
    if message.status not in RESENDABLE:
        raise OutboxError(f"消息 {message_id} 的状态是 {message.status},只有停发(dead)或无法送达(unreachable)的消息可以重发")
    local_now = now.astimezone(settings.tz)
    found = routes(session, [message.person_id], settings, local_now)[message.person_id]
    recipient = reach.for_kind(message.kind, found, local_now)
    if recipient.reason:
        raise OutboxError(f"{message.person.name}仍无法送达:{recipient.reason}")
    payload = _rebuilt(session, settings, message, recipient.channel, local_now)
    if payload is not None:
        message.payload = payload
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
