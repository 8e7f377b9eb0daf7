"""The per-openid rate limit: a flood from one openid gets the polite "slow down", nobody else does,
every message is still stored, WeChat's retries and events never count, and the count lives in the
database, so it holds across workers."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from channels import inbox
from config.settings import ConfigError, load_settings
from core.rate_limit import SLOW_DOWN, counts, is_limited
from handlers.router import Outcome
from models import DeliveryReceipt, InboundMessage
from models.db import session_scope
from tests.conftest import Phone
from tests.wechat_side import USER

OTHER = "oMinZhengResident000000000002"


@pytest.mark.parametrize("recent, per_minute, limited", [
    (1, 3, False), (3, 3, False), (4, 3, True), (500, 0, False), (1, 1, False), (2, 1, True),
])
def test_the_decision(recent, per_minute, limited):
    assert is_limited(recent, per_minute) is limited


@pytest.mark.parametrize("kind, counted", [("text", True), ("voice", True), ("image", True), ("event", False)])
def test_events_never_count(kind, counted):
    assert counts(kind) is counted


@pytest.mark.parametrize("env, expected", [({}, 20), ({"RATE_LIMIT_PER_MINUTE": " 5 "}, 5),
                                           ({"RATE_LIMIT_PER_MINUTE": "0"}, 0),
                                           # a demo's fixed clock never moves on: no limit unless asked
                                           ({"BOT_NOW": "2020-05-25T09:00"}, 0),
                                           ({"BOT_NOW": "2020-05-25T09:00", "RATE_LIMIT_PER_MINUTE": "5"}, 5)])
def test_the_setting(env, expected):
    assert load_settings(env).rate_limit_per_minute == expected


@pytest.mark.parametrize("text", ["many", "-1", "2.5", "２"])
def test_an_unusable_setting_names_the_variable(text):
    with pytest.raises(ConfigError, match="RATE_LIMIT_PER_MINUTE"):
        load_settings({"RATE_LIMIT_PER_MINUTE": text})


def rows_of(wechat, openid: str) -> list[InboundMessage]:
    return [row for row in wechat.inbound_rows() if row.openid == openid]


def test_a_flood_is_slowed_others_are_not_and_nothing_is_lost(make_wechat):
    wechat = make_wechat(rate_limit_per_minute=3)
    answers = [wechat.content(wechat.text(f"帮助{'。' * n}")) for n in range(5)]
    assert [answer == SLOW_DOWN for answer in answers] == [False, False, False, True, True]
    assert not wechat.content(wechat.text("帮助", sender=OTHER)) == SLOW_DOWN
    flooded = rows_of(wechat, USER)
    assert len(flooded) == 5 and all(row.handled_at is not None for row in flooded)
    assert [row.route for row in flooded][-2:] == ["rate_limited", "rate_limited"]
    assert [row.content for row in flooded] == [f"帮助{'。' * n}" for n in range(5)]


def test_retries_of_one_msgid_are_one_message(make_wechat):
    wechat = make_wechat(rate_limit_per_minute=2)
    first = wechat.content(wechat.text("帮助", msg_id=7_000_000_000_000_000_001))
    for _ in range(3):  # WeChat's retries get the stored answer, and count nothing
        assert wechat.content(wechat.text("帮助", msg_id=7_000_000_000_000_000_001)) == first
    assert wechat.content(wechat.text("帮助")) != SLOW_DOWN
    assert wechat.content(wechat.text("帮助")) == SLOW_DOWN
    retried = rows_of(wechat, USER)[0]
    assert retried.deliveries == 4 and retried.route != "rate_limited"


def test_a_retry_of_a_slowed_message_gets_the_same_polite_answer(make_wechat):
    wechat = make_wechat(rate_limit_per_minute=1)
    wechat.text("帮助")
    assert wechat.content(wechat.text("帮助", msg_id=7_000_000_000_000_000_002)) == SLOW_DOWN
    assert wechat.content(wechat.text("帮助", msg_id=7_000_000_000_000_000_002)) == SLOW_DOWN
    assert len(rows_of(wechat, USER)) == 2


def test_events_are_never_limited_nor_counted(make_wechat):
    wechat = make_wechat(rate_limit_per_minute=1)
    for second in range(3):  # three taps of a menu button that sends an event
        wechat.event("VIEW", create_time=1590368400 + second, EventKey="https://example.org/")
    assert wechat.content(wechat.text("帮助")) != SLOW_DOWN
    assert wechat.content(wechat.text("帮助")) == SLOW_DOWN
    welcome = wechat.content(wechat.event("subscribe", create_time=1590368500))
    assert welcome != SLOW_DOWN and "民政助手" in welcome
    receipt = wechat.event("TEMPLATESENDJOBFINISH", create_time=1590368501, MsgID=123456789, Status="success")
    assert receipt.data == b"success"
    assert wechat.count(DeliveryReceipt) == 1


def test_a_minute_later_the_sender_is_answered_again(make_wechat, settings):
    wechat = make_wechat(rate_limit_per_minute=1)
    wechat.text("帮助")
    assert wechat.content(wechat.text("帮助")) == SLOW_DOWN
    later = make_wechat(rate_limit_per_minute=1, fixed_now=settings.fixed_now + timedelta(seconds=61))
    assert later.content(later.text("帮助")) != SLOW_DOWN


def test_the_count_is_shared_by_every_worker(make_wechat):
    """Two apps with engines of their own on one database stand for two gunicorn workers."""
    workers = [make_wechat(rate_limit_per_minute=3), make_wechat(rate_limit_per_minute=3)]
    answers = [workers[n % 2].content(workers[n % 2].text("帮助")) for n in range(4)]
    assert answers[-1] == SLOW_DOWN and SLOW_DOWN not in answers[:3]


def test_no_limit_when_set_to_zero(make_wechat):
    wechat = make_wechat(rate_limit_per_minute=0)
    assert SLOW_DOWN not in [wechat.content(wechat.text("帮助")) for _ in range(25)]


def test_the_terminal_is_not_limited(loaded_db, settings):
    phone = Phone(loaded_db, settings.with_overrides(rate_limit_per_minute=1))
    assert SLOW_DOWN not in [phone.say("terminal-resident", "帮助") for _ in range(3)]


def test_the_count_is_of_this_openid_in_the_window(db, settings):
    from handlers.messages import Inbound
    from services.rate_limit import recent_messages

    now = settings.fixed_now
    deliveries = [(USER, "text", now - timedelta(seconds=61)), (USER, "text", now - timedelta(seconds=59)),
                  (USER, "event", now), (OTHER, "text", now), (USER, "voice", now)]
    for n, (openid, kind, at) in enumerate(deliveries):
        inbox.receive(db.sessions, Inbound(openid=openid, kind=kind, msg_id=n + 1), now=at,
                      answer=lambda session, inbound: Outcome(None, "test"))
    with session_scope(db.sessions) as session:
        assert recent_messages(session, USER, now) == 2
        assert session.scalar(select(InboundMessage.id).where(InboundMessage.openid == OTHER)) is not None
