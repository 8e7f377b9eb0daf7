"""What one message costs the database, per kind of message: an upper bound on the SQL statements
of each, through the real webhook with the rate limit on, so a query added to the hot path fails
here rather than only in bench/webhook.py's figures. Behaviour, not timing."""
from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import event, select

from models import Subscriber
from models.db import session_scope
from services import subscribers
from tests.test_reports import CONFIRMED, ISSUE_EXAMPLE

RESIDENT, STAFF, LEADER = "oStatementsResident", "oStatementsStaff", "oStatementsLeader"
# Most statements for a sender who has written before (their first contact records them once).
BUDGET = {
    "resident question": 7,  # record; claim + rate count; subscriber; conversations; KB version; log; answer
    "resident 帮助": 5,
    "WeChat retry": 2,  # record (conflict); claim, which finds the stored answer
    "staff report": 19,
    "leader 逾期": 14,
}
# PostgreSQL adds a SET LOCAL to each of the two transactions (no WAL flush wait; retry lock timeout).
POSTGRES_EXTRA = 2


@contextmanager
def statements(engine):
    seen: list[str] = []

    def note(_conn, _cursor, statement, _params, _context, _executemany):
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


@pytest.fixture
def webhook(phone, make_wechat):
    """The webhook with the default rate limit, a resident, a bound staff member and a leader,
    each having written once already (and the process's knowledge-base index built)."""
    phone.bind(STAFF, "staff", township="土城镇", name="张三")
    phone.bind(LEADER, "leader", person="李晓芬")
    wechat = make_wechat(rate_limit_per_minute=20)
    for sender in (RESIDENT, STAFF, LEADER):
        wechat.text("帮助", sender=sender)
    wechat.text("特困供养标准是多少", sender=RESIDENT)
    return wechat


def cost(wechat, sender: str, text: str, **options) -> tuple[int, str]:
    with statements(wechat.db.engine) as seen:
        reply = wechat.content(wechat.text(text, sender=sender, **options))
    return len(seen), reply


def budget(wechat, kind: str) -> int:
    return BUDGET[kind] + (POSTGRES_EXTRA if wechat.db.engine.dialect.name == "postgresql" else 0)


@pytest.mark.parametrize("kind, sender, text, answered", [
    ("resident question", RESIDENT, "农村低保标准是多少", lambda reply: "低保" in reply and "元" in reply),
    ("resident 帮助", RESIDENT, "帮助", lambda reply: "民政助手" in reply),
    ("staff report", STAFF, ISSUE_EXAMPLE, lambda reply: reply.splitlines()[0] == CONFIRMED),
    ("leader 逾期", LEADER, "逾期", lambda reply: "逾期" in reply),
])
def test_each_kind_of_message_stays_within_its_statements(webhook, kind, sender, text, answered):
    count, reply = cost(webhook, sender, text)
    assert answered(reply), reply
    assert count <= budget(webhook, kind)


def test_a_retry_is_answered_from_the_stored_reply(webhook):
    _, first = cost(webhook, RESIDENT, "临时救助怎么申请", msg_id=7_300_000_000_000_000_001)
    count, again = cost(webhook, RESIDENT, "临时救助怎么申请", msg_id=7_300_000_000_000_000_001)
    assert again == first
    assert count <= budget(webhook, "WeChat retry")


def test_pages_kept_from_a_long_answer_are_still_forgotten_by_the_next(webhook):
    """Paging skips its DELETE only for a user who has no pages kept."""
    from handlers import state

    with session_scope(webhook.db.sessions) as session:
        state.save(session, RESIDENT, state.PAGING, now=webhook.app.extensions["clock"].now(), ttl=timedelta(hours=1),
                   data={"pages": ["旧的下一页"]})
    webhook.text("帮助", sender=RESIDENT)
    assert webhook.content(webhook.text("更多", sender=RESIDENT)).startswith("没有更多内容了")


def test_last_seen_moves_once_a_minute_and_whenever_found_unreachable(db, settings):
    now = settings.fixed_now
    with session_scope(db.sessions) as session:
        subscribers.identify(session, "o-seen", now)
    seen = []
    for at, unreachable in ((now + timedelta(seconds=59), False), (now + timedelta(seconds=60), False),
                            (now + timedelta(seconds=61), True), (now + timedelta(seconds=62), False)):
        with session_scope(db.sessions) as session:
            subscriber = session.scalar(select(Subscriber).where(Subscriber.openid == "o-seen"))
            if unreachable:
                subscriber.unreachable_at = subscriber.last_seen_at
            seen.append(subscribers.identify(session, "o-seen", at).last_seen_at - now)
    assert [moved.seconds for moved in seen] == [0, 60, 61, 61]
