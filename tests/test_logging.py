"""Logs: one line per event with its ids, openids and names masked, no secret ever (config/logging.py).

A realistic flow through WeChat: a leader and a staff member bind by webhook (one in safe mode), the
staff member reports, the scheduler's jobs decide and dispatch a reminder to the leader through
the WeChat API stand-in; then every captured log line is searched for personal data and secrets.
"""
from __future__ import annotations

import json
import logging
from datetime import date

import pytest
from sqlalchemy import select

from config.logging import configure, event, gunicorn_access_format
from core.masking import mask_openid
from core.reminder_policy import colour_of, reminder_line, urgency
from models import AccessToken, InboundMessage, Milestone, OutboxMessage, Person, Reminder
from models.db import session_scope
from scheduler import jobs
from tests.conftest import FAKE_APP_ID, FAKE_SECRET
from tests.test_health import NOW
from tests.wechat_side import AES_KEY, TOKEN

LEADER, STAFF = "oLiXiaoFenLeader000000000001", "oZhangMingStaff0000000000002"
TEMPLATE_ID = "TPL-reminder"
REPORT = "土城镇低保对象三保障排查完毕，共排查412户，发现风险对象2户已反馈住建局"


def ours(caplog) -> list[logging.LogRecord]:
    """Every record but the stand-in's own HTTP server's (werkzeug: it is WeChat's side)."""
    return [record for record in caplog.records if not record.name.startswith("werkzeug")]


def events(caplog, name: str) -> list[dict]:
    return [{**record.fields, "message": record.getMessage()}
            for record in ours(caplog) if getattr(record, "event", None) == name]


def remind(db, name: str) -> int:
    with session_scope(db.sessions) as session:
        person = session.scalar(select(Person).where(Person.name == name))
        milestone = session.scalar(select(Milestone).where(Milestone.due.is_not(None)).order_by(Milestone.id))
        due = date(2020, 6, 1)
        session.add(Reminder(person_id=person.id, milestone_id=milestone.id, kind="before_7", due_on=due,
                             send_on=NOW.date(), colour=colour_of("before_7", due, NOW.date()),
                             urgency=urgency("before_7", due, NOW.date()), created_at=NOW,
                             line=reminder_line("before_7", milestone.task.ref, milestone.task.title, due, NOW.date())))
        return person.id


@pytest.fixture
def stderr_logging():
    """configure() for a test, undone after it."""
    root = logging.getLogger()
    level = root.level
    yield configure
    for handler in [h for h in root.handlers if type(h).__name__ == "_Stderr"]:
        root.removeHandler(handler)
    root.setLevel(level)


def test_a_day_of_work_logs_every_event_with_ids_and_no_personal_data_or_secret(
        phone, make_wechat, settings, fake, stderr_logging, caplog):
    stderr_logging("text", "DEBUG")  # as configured in production, even at DEBUG
    caplog.set_level(logging.DEBUG)
    fake.control("templates", template_id=TEMPLATE_ID)
    account = dict(wechat_app_id=FAKE_APP_ID, wechat_app_secret=FAKE_SECRET, wechat_api_base=fake.api_base,
                   wechat_template_id=TEMPLATE_ID)
    wechat = make_wechat(**account)
    leader_code = phone.invite("leader", person="李晓芬")
    staff_code = phone.invite("staff", township="土城镇", name="张明")

    wechat.event("subscribe", sender=LEADER)
    assert wechat.content(wechat.text(f"绑定 {leader_code}", sender=LEADER)).startswith("绑定成功")
    assert wechat.content(wechat.text(f"绑定 {staff_code}", sender=STAFF, encrypted=True)).startswith("绑定成功")
    assert wechat.content(wechat.text(REPORT, sender=STAFF)).startswith("已记录")
    leader_id = remind(phone.db, "李晓芬")
    jobs.configure(phone.db, settings.with_overrides(**account))
    jobs.decide()
    jobs.dispatch()

    with session_scope(phone.db.sessions) as session:
        inbound = {row.route: row for row in session.scalars(select(InboundMessage))}
        [sent] = session.scalars(select(OutboxMessage).where(OutboxMessage.person_id == leader_id))
        access_token = session.scalar(select(AccessToken.token))
    assert sent.status == "sent" and access_token
    wechat.event("TEMPLATESENDJOBFINISH", sender=LEADER, create_time=1590368500, MsgID=sent.wechat_msgid,
                 Status="success")

    said = events(caplog, "inbound")
    binding = [e for e in said if e["route"] == "bind"]
    assert {e["openid"] for e in binding} == {mask_openid(LEADER), mask_openid(STAFF)}
    assert len(binding) == 2 and inbound["bind"].id in {e["id"] for e in binding}
    report = [e for e in said if e["route"] == "progress_report"]
    assert report and report[0]["id"] == inbound["progress_report"].id
    assert report[0]["key"] == inbound["progress_report"].dedupe_key  # msg:<WeChat's MsgId>
    assert report[0]["msg_id"] and report[0]["type"] == "text" and report[0]["ms"] >= 0
    subscribed = [e for e in said if e["route"] == "subscribe"]
    assert subscribed and subscribed[0]["key"].startswith(f"event:{mask_openid(LEADER)}:")

    [queued] = [e for e in events(caplog, "outbox_queued") if e["person_id"] == leader_id]
    assert (queued["id"], queued["openid"], queued["status"]) == (sent.id, mask_openid(LEADER), "pending")
    [attempt] = [e for e in events(caplog, "outbox_send") if e["id"] == sent.id]
    assert (attempt["person_id"], attempt["openid"], attempt["result"]) == (leader_id, mask_openid(LEADER), "sent")
    assert attempt["wechat_msgid"] == sent.wechat_msgid and attempt["attempt"] == 1
    assert f"outbox_send id={sent.id} person_id={leader_id} " in attempt["message"]
    [receipt] = [e for e in said if e["route"] == "template_receipt"]  # WeChat's word that it arrived
    assert (receipt["msg_id"], receipt["status"], receipt["openid"]) == (sent.wechat_msgid, "success", mask_openid(LEADER))
    [decided] = events(caplog, "decide")
    assert decided["day"] == NOW.date()
    [dispatched] = events(caplog, "dispatch")
    assert dispatched["sent"] >= 1

    records = ours(caplog)
    logged = "".join(f"{r.getMessage()} {r.exc_text or ''} {json.dumps(getattr(r, 'fields', {}), ensure_ascii=False, default=str)}"
                     for r in records)
    for secret in (LEADER, STAFF, "李晓芬", "张明", TOKEN, AES_KEY, FAKE_SECRET, access_token):
        assert secret not in logged


def test_text_lines_are_key_value_and_json_lines_are_objects(stderr_logging, capsys):
    log = logging.getLogger("tests.logging")
    stderr_logging("text")
    event(log, "outbox_send", id=7, openid=mask_openid(LEADER), error="微信接口 HTTP 503", errcode=None)
    line = capsys.readouterr().err.strip()
    assert line.endswith(' INFO tests.logging outbox_send id=7 openid=oLiX…0001 error="微信接口 HTTP 503"')

    assert stderr_logging("json") is stderr_logging("json")  # configured once, whatever the calls
    event(log, "outbox_send", id=7, openid=mask_openid(LEADER))
    log.warning("plain %s", "text")
    first, second = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    assert first["event"] == "outbox_send" and (first["id"], first["openid"]) == (7, "oLiX…0001")
    assert (second["level"], second["message"]) == ("WARNING", "plain text")


def test_http_libraries_never_log_urls_with_secrets(stderr_logging):
    stderr_logging("text", "DEBUG")
    for name in ("urllib3", "requests", "wechatpy"):
        assert not logging.getLogger(name).isEnabledFor(logging.INFO)


def test_an_unknown_log_format_is_refused(stderr_logging):
    with pytest.raises(ValueError, match="LOG_FORMAT"):
        stderr_logging("xml")


def test_gunicorn_access_lines_leave_the_query_out(monkeypatch):
    # WeChat's callback query carries the sender's openid: /wechat?signature=…&openid=o…
    for log_format in ("text", "json"):
        monkeypatch.setenv("LOG_FORMAT", log_format)
        line = gunicorn_access_format()
        assert "%(U)s" in line and "%(r)s" not in line and "%(q)s" not in line
