"""The whole May-2020 reminder run of the bundled plan, day by day, decided and dispatched at
09:00 and run again at 09:05, through each channel against the served stand-in: every reminder
goes once, in one digest per person a day, on the one channel each person gets; nothing doubles.

The counts per channel are printed (-s) for docs/reminders.md."""
from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from models import OutboxMessage, Reminder, SubscribeConsent
from models.db import session_scope
from services.reminders import decide
from tests.test_channels import SUB_TEMPLATE, world  # noqa: F401 (fixture)
from tests.test_outbox import SH

LEADERS = {"李晓芬": "lixiaofen", "杨亚威": "yangyawei", "赵玉林": "zhaoyulin"}


def bind_for(world, channel: str) -> None:
    for name, userid in LEADERS.items():
        if channel in ("template", "subscribe", "both"):
            openid = world.bind(name)
            with session_scope(world.db.sessions) as session:
                session.add(SubscribeConsent(openid=openid, template_id=SUB_TEMPLATE, status="accept",
                                             long_term=True, remaining=0, updated_at=datetime(2020, 5, 1, tzinfo=SH)))
            world.fake.control("subscribe-consent", openid=openid, template_id=SUB_TEMPLATE, long_term=True)
        if channel in ("wecom", "both"):
            world.bind(name, f"wecom:{userid}")


@pytest.mark.parametrize("channel, expected", [
    ("template", "template"), ("subscribe", "subscribe"), ("wecom", "wecom"), ("both", "wecom")])
def test_may_2020_through_each_channel_sends_every_reminder_once(world, channel, expected):
    world.settings = world.settings.with_overrides(
        wechat_reminder_channel="subscribe" if channel == "subscribe" else "template", wechat_subscribe_long_term=True)
    bind_for(world, channel)
    day = date(2020, 5, 1)
    while day.month == 5:
        for minute in (0, 5):  # the second pass of the day must add and send nothing
            now = datetime(day.year, day.month, day.day, 9, minute, tzinfo=SH)
            with session_scope(world.db.sessions) as session:
                decide(session, now, world.settings)
            world.dispatch(now)
        day += timedelta(days=1)

    with session_scope(world.db.sessions) as session:
        messages = list(session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "digest")))
        reminders = list(session.scalars(select(Reminder)))
    per_day = Counter((m.person_id, m.created_at.astimezone(SH).date()) for m in messages)
    assert per_day and max(per_day.values()) == 1  # one digest a person a day
    assert {m.channel for m in messages} == {expected} and {m.status for m in messages} == {"sent"}
    assert {r.status for r in reminders} == {"queued"}  # each reminder in exactly one message
    assert len({r.id for r in reminders}) == sum(len(m.payload["reminder_ids"]) for m in messages)
    received = world.sent()
    assert len(received) == len(messages)  # nothing sent twice, nothing sent that is not recorded
    assert len({m["msgid"] for m in received}) == len(received)
    print(f"\nMay 2020 on {channel}: {len(messages)} digests, {len(reminders)} reminders, "
          f"{Counter(m['kind'] for m in received)}, per person {Counter(m['openid'] for m in received)}")
