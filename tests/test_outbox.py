"""The outbox dispatcher (services/outbox.py) against the served WeChat stand-in: bundling,
sending, every fault, crashes and parallel dispatchers."""
from __future__ import annotations

import threading
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import requests
from sqlalchemy import select

from channels import wechat_outbound
from channels.wechat_api import DatabaseTokens, make_client
from core.reminder_policy import colour_of, reminder_line, urgency
from models import Milestone, OutboxMessage, Person, Reminder, Subscriber
from models.db import session_scope
from services.outbox import FIRST_BACKOFF, LEASE, MAX_ATTEMPTS, NO_BINDING, NO_TEMPLATE_OUT_OF_WINDOW, dispatch
from tests.conftest import FAKE_APP_ID as APP_ID, FAKE_SECRET as SECRET, Phone

SH = ZoneInfo("Asia/Shanghai")
NOW = datetime(2020, 5, 25, 9, 0, tzinfo=SH)  # a Monday
TODAY = NOW.date()
TEMPLATE_ID = "TPL-reminder"
TEMPLATE_PATH = "/cgi-bin/message/template/send"
BASE_URL = "https://mz.example.gov.cn"


class World:
    """The bureau's database with the 2020 plan, the stand-in, and settings that use it."""

    def __init__(self, db, settings, fake):
        self.db, self.settings, self.fake = db, settings, fake
        self.phone = Phone(db, settings)

    def bind(self, name: str, openid: str | None = None, role: str = "leader") -> str:
        openid = openid or f"o-{name}"
        options = {"person": name} if role == "leader" else {"name": name}
        self.phone.bind(openid, role, **options)
        return openid

    def milestones(self) -> list[int]:
        with session_scope(self.db.sessions) as session:
            return list(session.scalars(select(Milestone.id).where(Milestone.due.is_not(None)).order_by(Milestone.id)))

    def remind(self, name: str, milestone_id: int, kind: str = "before_7", due: date = date(2020, 6, 1),
               send_on: date = TODAY) -> int:
        with session_scope(self.db.sessions) as session:
            person = session.scalar(select(Person).where(Person.name == name))
            milestone = session.get(Milestone, milestone_id)
            reminder = Reminder(
                person_id=person.id, milestone_id=milestone_id, kind=kind, due_on=due, send_on=send_on,
                colour=colour_of(kind, due, send_on), urgency=urgency(kind, due, send_on),
                line=reminder_line(kind, milestone.task.ref, milestone.task.title, due, send_on),
                requested_by_id=person.id if kind == "nudge" else None, created_at=NOW,
            )
            session.add(reminder)
            session.flush()
            return reminder.id

    def dispatch(self, now: datetime = NOW, send=None, **changes):
        return dispatch(self.db, self.settings.with_overrides(**changes), now, send=send)

    def rows(self) -> list[OutboxMessage]:
        with session_scope(self.db.sessions) as session:
            return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))

    def row(self, person: str, kind: str = "digest") -> OutboxMessage:
        [row] = [r for r in self.rows_with_people() if r[0] == person and r[1].kind == kind]
        return row[1]

    def rows_with_people(self) -> list[tuple[str, OutboxMessage]]:
        with session_scope(self.db.sessions) as session:
            return [(m.person.name, m) for m in session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))]

    def reminders(self) -> list[Reminder]:
        with session_scope(self.db.sessions) as session:
            return list(session.scalars(select(Reminder).order_by(Reminder.id)))

    def sent(self, openid: str | None = None) -> list[dict]:
        params = {"openid": openid} if openid else {}
        return requests.get(f"{self.fake.url}/_fake/messages", params=params, timeout=5).json()["messages"]

    def subscriber(self, openid: str) -> Subscriber:
        with session_scope(self.db.sessions) as session:
            return session.scalar(select(Subscriber).where(Subscriber.openid == openid))


@pytest.fixture
def world(loaded_db, settings, fake) -> World:
    fake.control("templates", template_id=TEMPLATE_ID)
    configured = settings.with_overrides(
        wechat_app_id=APP_ID, wechat_app_secret=SECRET, wechat_api_base=fake.api_base,
        wechat_template_id=TEMPLATE_ID, public_base_url=BASE_URL,
    )
    return World(loaded_db, configured, fake)


# --- bundling and sending -------------------------------------------------------------------------

def test_one_message_per_person_naming_the_most_urgent_task(world):
    openid = world.bind("李晓芬")
    m = world.milestones()
    world.remind("李晓芬", m[0], "before_7", date(2020, 6, 1))
    world.remind("李晓芬", m[1], "overdue", date(2020, 5, 15))
    world.remind("李晓芬", m[2], "due", TODAY)
    world.remind("杨亚威", m[0], "before_7", date(2020, 6, 1))  # has not bound WeChat

    summary = world.dispatch()

    [message] = world.sent()
    assert message["openid"] == openid and message["template_id"] == TEMPLATE_ID
    data = message["data"]
    assert data["phrase3"] == "已逾期" and data["time2"] == "2020年5月15日"
    assert data["thing4"] == "另有2项待办,点击查看详情"
    assert all(len(value) <= 20 and "\n" not in value for value in data.values())
    lixiaofen, yangyawei = world.row("李晓芬"), world.row("杨亚威")
    assert (lixiaofen.status, lixiaofen.wechat_msgid, lixiaofen.attempts) == ("sent", message["msgid"], 1)
    assert lixiaofen.payload["text"].split("\n")[0] == "您有3项任务提醒:1项已逾期、1项今天到期"
    assert (yangyawei.status, yangyawei.last_error, yangyawei.openid) == ("unreachable", NO_BINDING, "")
    assert [(r.status, r.message_id) for r in world.reminders()] == [
        ("queued", lixiaofen.id)] * 3 + [("queued", yangyawei.id)]
    assert (summary.reminders, summary.messages, summary.sent, summary.unreachable) == (4, 2, 1, 1)
    assert summary.describe() == "4条提醒,合成2条消息,发出1条,1条无法送达。"


def test_the_link_leads_to_the_most_urgent_task_and_is_left_out_without_a_public_url(world):
    world.bind("李晓芬")
    m = world.milestones()
    world.remind("李晓芬", m[0], "before_7")
    world.remind("李晓芬", m[5], "overdue", date(2020, 5, 15))
    world.dispatch(public_base_url="")
    [message] = world.sent()
    assert message["url"] is None and message["data"]["thing4"] == "另有1项待办,发“我的任务”查看"
    with session_scope(world.db.sessions) as session:
        overdue_task = session.get(Milestone, m[5]).task_id
    world.remind("李晓芬", m[5], "overdue", date(2020, 5, 15), send_on=date(2020, 5, 26))
    world.dispatch(datetime(2020, 5, 26, 9, 0, tzinfo=SH))
    assert world.sent()[1]["url"] == f"{BASE_URL}/tasks/{overdue_task}"


@pytest.mark.parametrize("now", [
    datetime(2020, 5, 25, 8, 29, tzinfo=SH),  # before working hours
    datetime(2020, 5, 25, 18, 0, tzinfo=SH),  # after
    datetime(2020, 5, 23, 10, 0, tzinfo=SH),  # Saturday
    datetime(2020, 5, 1, 10, 0, tzinfo=SH),  # Labour Day
    datetime(2020, 5, 25, 1, 0, tzinfo=ZoneInfo("UTC")),  # 09:00 in Shanghai is a working hour …
])
def test_nothing_goes_out_outside_working_hours(world, now):
    world.bind("李晓芬")
    world.remind("李晓芬", world.milestones()[0], send_on=now.date())
    summary = world.dispatch(now)
    if now.tzinfo == ZoneInfo("UTC"):  # … whatever zone the time is given in
        assert summary.sent == 1
        return
    assert summary.outside_hours and summary.describe() == "现在不是工作日的工作时间,未发送提醒。"
    assert world.rows() == [] and world.sent() == []


def test_an_adjusted_working_saturday_is_a_working_day(world):
    world.bind("李晓芬")
    saturday = datetime(2020, 5, 9, 10, 0, tzinfo=SH)  # worked in lieu of the May Day holiday
    world.remind("李晓芬", world.milestones()[0], send_on=saturday.date())
    assert world.dispatch(saturday).sent == 1


def test_a_done_milestone_is_cancelled_not_sent(world):
    world.bind("李晓芬")
    m = world.milestones()
    world.remind("李晓芬", m[0])
    world.remind("李晓芬", m[1])
    with session_scope(world.db.sessions) as session:
        session.get(Milestone, m[0]).done_at = NOW - timedelta(hours=1)
    summary = world.dispatch()
    assert [r.status for r in world.reminders()] == ["cancelled", "queued"]
    assert summary.cancelled == 1 and world.sent()[0]["data"]["thing4"] == "点击查看并报告进度"


def test_reminders_not_sent_on_their_day_go_later_marked_late(world):
    world.bind("李晓芬")
    world.remind("李晓芬", world.milestones()[0], send_on=date(2020, 5, 21))  # the service was down
    summary = world.dispatch()
    assert summary.late == 1 and summary.sent == 1
    assert world.row("李晓芬").payload["text"].endswith("(补发,原定5月21日)")


def test_a_second_pass_sends_nothing_again_and_later_reminders_wait_for_tomorrow(world):
    openid = world.bind("李晓芬")
    m = world.milestones()
    world.remind("李晓芬", m[0])
    world.dispatch()
    assert world.dispatch(NOW + timedelta(minutes=1)).describe() == "没有要发的提醒。"
    world.remind("李晓芬", m[1])  # decided later the same day
    assert world.dispatch(NOW + timedelta(hours=1)).messages == 0
    nudge = world.remind("李晓芬", m[2], "nudge")  # 催办 does not wait
    assert world.dispatch(NOW + timedelta(hours=2)).sent == 1
    assert world.sent(openid)[-1]["data"]["phrase3"] == "催办"
    tomorrow = world.dispatch(datetime(2020, 5, 26, 8, 30, tzinfo=SH))
    assert (tomorrow.sent, tomorrow.late) == (1, 1)
    assert len(world.sent(openid)) == 3
    assert {r.id: r.status for r in world.reminders()}[nudge] == "queued"


# --- faults ---------------------------------------------------------------------------------------

def test_http_errors_back_off_then_become_a_dead_letter_that_can_be_resent(world, run, monkeypatch):
    world.bind("李晓芬")
    world.remind("李晓芬", world.milestones()[0])
    world.fake.control("faults", path=TEMPLATE_PATH, http_status=503, times=MAX_ATTEMPTS)
    now, waits = NOW, []
    for _ in range(MAX_ATTEMPTS - 1):
        assert world.dispatch(now).retrying == 1
        row = world.row("李晓芬")
        waits.append(row.next_attempt_at - now)
        now = row.next_attempt_at
        assert world.dispatch(now - timedelta(seconds=1)).sent == 0  # not before its time
    assert waits == [FIRST_BACKOFF * 2 ** n for n in range(MAX_ATTEMPTS - 1)]
    assert world.dispatch(now).dead == 1
    dead = world.row("李晓芬")
    assert (dead.status, dead.attempts, dead.last_error) == ("dead", MAX_ATTEMPTS, "微信接口 HTTP 503")
    assert world.dispatch(now + timedelta(hours=1)).sent == 0

    listed = run("outbox", "--status", "dead", "--json")
    assert '"status": "dead"' in listed.output and '"last_error": "微信接口 HTTP 503"' in listed.output
    assert "停发" in run("outbox").output
    monkeypatch.setenv("WECHAT_TEMPLATE_ID", TEMPLATE_ID)
    monkeypatch.setenv("BOT_NOW", (now + timedelta(hours=1)).isoformat())
    assert "已重新排队" in run("outbox", "resend", dead.id).output
    assert run("outbox", "resend", dead.id).exit_code == 1  # pending now: nothing to resend
    assert world.dispatch(now + timedelta(hours=1)).sent == 1
    assert len(world.sent()) == 1


def test_back_off_waits_for_working_hours(world):
    world.bind("李晓芬")
    world.remind("李晓芬", world.milestones()[0])
    world.fake.control("faults", path=TEMPLATE_PATH, http_status=500)
    world.dispatch(datetime(2020, 5, 29, 17, 59, 30, tzinfo=SH))  # Friday, the last minute
    assert world.row("李晓芬").next_attempt_at == datetime(2020, 6, 1, 8, 30, tzinfo=SH)


def test_a_timeout_is_retried(world):
    world.bind("李晓芬")
    world.remind("李晓芬", world.milestones()[0])
    world.fake.control("faults", path=TEMPLATE_PATH, delay=1.0)
    client = make_client(APP_ID, SECRET, world.fake.api_base, timeout=0.3, tokens=DatabaseTokens(world.db.sessions))
    summary = world.dispatch(send=lambda message: wechat_outbound.send(client, message))
    assert summary.retrying == 1 and "未应答" in world.row("李晓芬").last_error
    assert world.dispatch(NOW + FIRST_BACKOFF, send=lambda message: wechat_outbound.send(client, message)).sent == 1


def test_quota_holds_every_template_message_until_the_next_working_day(world):
    friday = datetime(2020, 5, 29, 10, 0, tzinfo=SH)
    for name in ("李晓芬", "杨亚威", "赵玉林"):
        world.bind(name)
        world.remind(name, world.milestones()[0], send_on=friday.date())
    world.fake.control("faults", path=TEMPLATE_PATH, errcode=45009)
    summary = world.dispatch(friday)
    monday = datetime(2020, 6, 1, 8, 30, tzinfo=SH)
    assert summary.stopped == ["微信接口今日调用已达上限(45009),6月1日08:30继续发送"]
    assert len(world.fake.calls(TEMPLATE_PATH)) == 1  # the others were not tried
    assert {(r.status, r.next_attempt_at, r.attempts) for r in world.rows()} == {("pending", monday, 0)}
    assert world.dispatch(friday + timedelta(hours=3)).sent == 0
    assert world.dispatch(monday).sent == 3


@pytest.mark.parametrize("refused, errcode, reason", [(False, 43004, "未关注公众号(43004)"),
                                                       (True, 43101, "拒收公众号消息(43101)")])
def test_an_unreachable_person_is_marked_and_admins_are_told_once(world, run, refused, errcode, reason):
    openid, admin = world.bind("李晓芬"), world.bind("局办公室", "o-admin", role="admin")
    world.fake.control("followers", openid=admin)
    if refused:
        world.fake.control("followers", openid=openid, refused=True)
    m = world.milestones()
    world.remind("李晓芬", m[0])
    summary = world.dispatch()
    row = world.row("李晓芬")
    assert (row.status, row.errcode, row.last_error) == ("unreachable", errcode, reason)
    assert (world.subscriber(openid).unreachable_at, world.subscriber(openid).unreachable_reason) == (NOW, reason)
    [alert] = world.sent(admin)
    assert alert["kind"] == "text" and "李晓芬收不到公众号提醒" in alert["content"] and reason in alert["content"]
    assert (summary.unreachable, summary.alerts, summary.sent) == (1, 1, 1)

    world.remind("李晓芬", m[1], send_on=date(2020, 5, 26))
    nextday = world.dispatch(datetime(2020, 5, 26, 9, 0, tzinfo=SH))
    assert (nextday.unreachable, nextday.alerts) == (1, 0)  # known: no call, no second alert
    assert len(world.fake.calls(TEMPLATE_PATH)) == 1
    assert f"李晓芬:{reason}" in run("outbox").output


def test_writing_to_the_account_again_makes_a_person_reachable(world):
    openid = world.bind("李晓芬")
    with session_scope(world.db.sessions) as session:
        subscriber = session.scalar(select(Subscriber).where(Subscriber.openid == openid))
        subscriber.unreachable_at, subscriber.unreachable_reason = NOW - timedelta(days=2), "未关注公众号(43004)"
    world.remind("李晓芬", world.milestones()[0])
    assert world.dispatch().sent == 1
    assert world.subscriber(openid).unreachable_at is None


def test_a_bad_template_id_stops_template_messages_and_alerts_admins_once_a_day(world):
    world.bind("李晓芬")
    world.bind("杨亚威")
    admin = world.bind("局办公室", "o-admin", role="admin")
    world.remind("李晓芬", world.milestones()[0])
    world.remind("杨亚威", world.milestones()[0])
    summary = world.dispatch(wechat_template_id="WRONG")
    assert summary.stopped[0].startswith("模板消息 ID 无效(40037),请核对 WECHAT_TEMPLATE_ID=WRONG")
    assert len(world.fake.calls(TEMPLATE_PATH)) == 1
    assert {(r.status, r.next_attempt_at) for r in world.rows() if r.kind == "digest"} == {
        ("pending", NOW + timedelta(hours=1))}
    [alert] = world.sent(admin)
    assert "40037" in alert["content"]
    again = world.dispatch(NOW + timedelta(hours=1), wechat_template_id="WRONG")
    assert again.alerts == 0 and len(world.sent(admin)) == 1
    fixed = world.dispatch(NOW + timedelta(hours=2))  # WECHAT_TEMPLATE_ID corrected
    assert fixed.sent == 2 and {m["template_id"] for m in world.sent() if m["kind"] == "template"} == {TEMPLATE_ID}
    assert {r.payload["template"]["template_id"] for r in world.rows() if r.kind == "digest"} == {TEMPLATE_ID}


def test_without_a_template_reminders_go_as_text_within_48_hours(world):
    recent = world.bind("李晓芬")
    quiet = world.bind("杨亚威")
    with session_scope(world.db.sessions) as session:
        session.scalar(select(Subscriber).where(Subscriber.openid == quiet)).last_seen_at = NOW - timedelta(hours=49)
    world.remind("李晓芬", world.milestones()[0])
    world.remind("杨亚威", world.milestones()[0])
    summary = world.dispatch(wechat_template_id="")
    [text] = world.sent()
    assert text["openid"] == recent and text["kind"] == "text" and text["content"].startswith("您有1项任务提醒")
    assert world.row("杨亚威").last_error == NO_TEMPLATE_OUT_OF_WINDOW
    assert (summary.sent, summary.unreachable) == (1, 1)


def test_no_account_configured_says_so_and_keeps_everything(world):
    world.bind("李晓芬")
    world.remind("李晓芬", world.milestones()[0])
    summary = world.dispatch(wechat_app_secret="")
    assert summary.stopped == ["未设置 WECHAT_APP_SECRET,无法调用微信接口"]
    assert [r.status for r in world.rows()] == ["pending"]


# --- crashes and parallel dispatchers -----------------------------------------------------------

class Crash(Exception):
    pass


def crashing(world, *, after_the_call: bool):
    """A sender that dies on its first message, before or after WeChat accepted it."""
    client = make_client(APP_ID, SECRET, world.fake.api_base, tokens=DatabaseTokens(world.db.sessions))
    crashed = []

    def send(message):
        if not crashed:
            crashed.append(message.id)
            if after_the_call:
                wechat_outbound.send(client, message)
            raise Crash
        return wechat_outbound.send(client, message)

    return send


@pytest.mark.parametrize("after_the_call", [False, True])
def test_a_crash_between_claim_and_record_loses_nothing(world, after_the_call):
    people = ("李晓芬", "杨亚威", "赵玉林")
    for name in people:
        world.bind(name)
        world.remind(name, world.milestones()[0])
    with pytest.raises(Crash):
        world.dispatch(send=crashing(world, after_the_call=after_the_call))
    assert [r.status for r in world.rows()] == ["sending", "pending", "pending"]
    assert world.dispatch(NOW + LEASE - timedelta(seconds=1)).sent == 2  # the others; the first is leased
    assert world.dispatch(NOW + LEASE).sent == 1  # its claimer is gone: sent again
    assert {r.status for r in world.rows()} == {"sent"}
    received = [m["openid"] for m in world.sent()]
    assert sorted(set(received)) == sorted(f"o-{name}" for name in people)
    # Only the one in-flight call can repeat, and only when the crash came after it.
    assert len(received) == len(people) + after_the_call


def test_a_crash_between_deciding_and_dispatching_loses_nothing(world):
    from services.reminders import decide

    openid = world.bind("李晓芬")
    with session_scope(world.db.sessions) as session:
        decided = decide(session, NOW, world.settings)
    assert decided.added > 0  # committed; then the process died before dispatching
    summary = world.dispatch(NOW + timedelta(hours=3))
    assert summary.reminders == decided.added and {r.status for r in world.reminders()} == {"queued"}
    assert [m["openid"] for m in world.sent()] == [openid]


def test_parallel_dispatchers_never_send_a_message_twice(world):
    with session_scope(world.db.sessions) as session:
        for n in range(30):
            person = Person(name=f"测试领导{n}", role="leader", county="丰宁满族自治县")
            session.add(person)
            session.flush()
            session.add(Subscriber(openid=f"o-{n}", person_id=person.id, first_seen_at=NOW, last_seen_at=NOW,
                                   bound_at=NOW))
    for n in range(30):
        world.remind(f"测试领导{n}", world.milestones()[n % 5])
    summaries, errors = [], []
    start = threading.Barrier(4)

    def dispatcher():
        client = make_client(APP_ID, SECRET, world.fake.api_base, tokens=DatabaseTokens(world.db.sessions))
        start.wait()
        try:
            summaries.append(world.dispatch(send=lambda message: wechat_outbound.send(client, message)))
        except Exception as exc:  # reported below, not lost in the thread
            errors.append(exc)

    threads = [threading.Thread(target=dispatcher) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    received = [m["openid"] for m in world.sent()]
    assert sorted(received) == sorted(f"o-{n}" for n in range(30))  # each exactly once
    assert sum(s.sent for s in summaries) == 30 and sum(s.messages for s in summaries) == 30
    assert {r.status for r in world.rows()} == {"sent"}


def test_outbox_lists_messages_and_unreachable_people(world, run):
    world.bind("李晓芬")
    world.remind("李晓芬", world.milestones()[0])
    world.remind("杨亚威", world.milestones()[0])
    world.dispatch()
    listed = run("outbox").output
    assert "李晓芬 提醒 已发送 模板消息 尝试1次" in listed
    assert "杨亚威:未绑定微信" in listed
    assert "李晓芬" not in run("outbox", "--status", "unreachable").output.split("收不到提醒的人")[0]
    assert "没有编号为 999 的消息" in run("outbox", "resend", 999).output
