"""/healthz and the check behind it (services/health.py): 200 when healthy, 503 otherwise, counts only."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from channels.app import create_app
from models import OutboxMessage, Person, SchedulerLease
from models.db import make_engine, make_session_factory, session_scope
from scheduler import lease
from services import health
from services.bootstrap import Database

SH = ZoneInfo("Asia/Shanghai")
NOW = datetime(2020, 5, 25, 9, 0, tzinfo=SH)  # the settings fixture's clock: a Monday, working hours


def put_message(db, name: str, status: str, due: datetime, last_error: str | None = None, openid: str = "") -> int:
    """An outbox message for the person called `name`."""
    with session_scope(db.sessions) as session:
        person = session.scalar(select(Person).where(Person.name == name))
        message = OutboxMessage(person_id=person.id, kind="digest", openid=openid or f"oTest{person.id:024d}",
                                channel="template", payload={"text": "提醒"}, status=status, attempts=1,
                                next_attempt_at=due, created_at=due, last_error=last_error)
        session.add(message)
        session.flush()
        return message.id


def beat(db, age: timedelta) -> None:
    """The scheduler's last heartbeat, `age` ago on the real clock."""
    with session_scope(db.sessions) as session:
        lease.hold(session, "host:1", datetime.now(timezone.utc) - age)


def healthz(settings, db):
    response = create_app(settings, db).test_client().get("/healthz")
    return response.status_code, response.get_json()


def test_a_fresh_service_is_healthy_and_says_no_scheduler_ran_yet(loaded_db, settings):
    status, body = healthz(settings, loaded_db)
    assert status == 200
    assert body["healthy"] and body["database"] and body["problems"] == []
    assert body["scheduler_heartbeat_age"] is None
    assert (body["backlog"], body["backlog_oldest_age"], body["dead"], body["unreachable"]) == (0, None, 0, 0)


def test_a_scheduler_silent_for_more_than_three_minutes_is_unhealthy(loaded_db, settings):
    beat(loaded_db, timedelta(seconds=30))
    status, body = healthz(settings, loaded_db)
    assert status == 200 and 29 <= body["scheduler_heartbeat_age"] <= 60

    beat(loaded_db, health.HEARTBEAT_MAX_AGE + timedelta(minutes=1))
    status, body = healthz(settings, loaded_db)
    assert status == 503
    assert body["scheduler_heartbeat_age"] >= 240
    assert "调度器" in body["problems"][0]


def test_a_clean_stop_keeps_the_heartbeat_so_a_stopped_scheduler_is_noticed(loaded_db, settings):
    beat(loaded_db, health.HEARTBEAT_MAX_AGE * 2)
    with session_scope(loaded_db.sessions) as session:
        lease.release(session, "host:1", datetime.now(timezone.utc))
        assert session.get(SchedulerLease, lease.NAME) is not None
    assert healthz(settings, loaded_db)[0] == 503


@pytest.mark.parametrize("due_ago, status", [(timedelta(minutes=5), 200), (timedelta(minutes=11), 503)])
def test_a_message_waiting_too_long_in_working_hours_is_a_backlog(loaded_db, settings, due_ago, status):
    put_message(loaded_db, "李晓芬", "pending", NOW - due_ago)
    put_message(loaded_db, "杨亚威", "pending", NOW + timedelta(minutes=30))  # a retry later: not due
    got, body = healthz(settings, loaded_db)
    assert got == status
    assert body["backlog"] == 1 and body["backlog_oldest_age"] == due_ago.total_seconds()


def test_a_sending_message_past_its_lease_counts_as_backlog(loaded_db, settings):
    put_message(loaded_db, "李晓芬", "sending", NOW - timedelta(minutes=20))  # its dispatcher died
    put_message(loaded_db, "杨亚威", "sending", NOW + timedelta(minutes=9))  # being sent now
    status, body = healthz(settings, loaded_db)
    assert status == 503 and body["backlog"] == 1


def test_overnight_the_backlog_counts_from_the_opening_of_working_hours(loaded_db, settings):
    put_message(loaded_db, "李晓芬", "pending", datetime(2020, 5, 22, 17, 59, tzinfo=SH))  # Friday evening
    monday = settings.with_overrides(fixed_now=datetime(2020, 5, 25, 8, 35, tzinfo=SH))
    status, body = healthz(monday, loaded_db)
    assert status == 200 and body["backlog"] == 1
    assert body["backlog_oldest_age"] > 2 * 24 * 3600
    later = settings.with_overrides(fixed_now=datetime(2020, 5, 25, 8, 45, tzinfo=SH))
    assert healthz(later, loaded_db)[0] == 503
    sunday_night = settings.with_overrides(fixed_now=datetime(2020, 5, 24, 21, 0, tzinfo=SH))
    assert healthz(sunday_night, loaded_db)[0] == 200  # nothing is sent outside working hours


def test_dead_letters_and_unreachable_people_are_counted_without_naming_anyone(loaded_db, settings):
    openid = "oLiXiaoFen0000000000000000001"
    put_message(loaded_db, "李晓芬", "dead", NOW - timedelta(days=1), "微信接口 HTTP 503", openid=openid)
    put_message(loaded_db, "杨亚威", "unreachable", NOW - timedelta(days=1), "未关注公众号(43004)")
    response = create_app(settings, loaded_db).test_client().get("/healthz")
    assert response.status_code == 200  # they need a person, not a restart
    body = response.get_json()
    assert (body["dead"], body["unreachable"]) == (1, 1)
    text = response.get_data(as_text=True)
    assert "李晓芬" not in text and "杨亚威" not in text and openid not in text and "oTest" not in text
    assert response.headers["Cache-Control"] == "no-store"


def test_an_unreachable_database_answers_503_at_once(tmp_path, settings):
    url = (f"sqlite:///{tmp_path}" if settings.database_url.startswith("sqlite")  # a directory: cannot open
           else "postgresql+psycopg://postgres@127.0.0.1:1/postgres")  # nothing listens on port 1
    engine = make_engine(url)
    status, body = healthz(settings, Database(engine, make_session_factory(engine)))
    assert status == 503
    assert body["database"] is False and body["database_error"] == "OperationalError"
    assert body["problems"] == ["数据库连不上"]
