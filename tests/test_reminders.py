"""The deciding pass over the bundled 2020 plan: who gets which reminder on which day."""
from __future__ import annotations

import threading
from collections import Counter
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select, update

from core.outbound import SENT, Outcome
from core.workdays import is_working_day
from models import Milestone, OutboxMessage, Person, Plan, ProgressReport, Reminder, Task, Township
from models.db import session_scope
from services import reminders
from services.outbox import dispatch

TZ = ZoneInfo("Asia/Shanghai")
STAFF = {"张三": "土城", "李四": "土城", "王五": "大阁"}
TWO_LEADERS_DUE_3_31 = {"三(一)2", "三(一)3-2", "三(一)4", "三(一)6", "三(二)1"}  # 李晓芬、杨亚威
DUE_3_31 = TWO_LEADERS_DUE_3_31 | {"三(一)7-1"}  # 杨亚威 alone


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


@pytest.fixture
def bureau(phone):
    """The 2020 plan with staff bound in 土城 (two) and 大阁 (one), and 李晓芬 bound; 杨亚威 is not."""
    for name, township in STAFF.items():
        phone.bind(f"o-{name}", "staff", township=township, name=name)
    phone.bind("o-lixiaofen", "leader", person="李晓芬")
    return phone.db


def decide(db, day: date, settings):
    with session_scope(db.sessions) as session:
        return reminders.decide(session, at(day), settings)


def sent_on(db, day: date) -> set[tuple[str, str, str]]:
    """(person, task, kind) of every reminder decided for `day`."""
    with session_scope(db.sessions) as session:
        rows = session.execute(
            select(Person.name, Reminder.milestone_id, Reminder.kind)
            .join(Person, Person.id == Reminder.person_id).where(Reminder.send_on == day))
        refs = _refs(session)
        return {(name, refs[milestone_id], kind) for name, milestone_id, kind in rows}


def _refs(session) -> dict[int, str]:
    return {m.id: m.task.ref for m in session.scalars(select(Milestone))}


def expected(people, tasks, kind) -> set[tuple[str, str, str]]:
    return {(person, task, kind) for person in people for task in tasks}


def days(start: date, end: date):
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


def test_a_year_of_daily_passes(bureau, settings):
    for day in days(date(2020, 3, 1), date(2020, 12, 31)):
        decide(bureau, day, settings)
    staff = set(STAFF)

    def the_3_31_steps(kind, first_leaders={"李晓芬"}):
        """李晓芬 (first-listed) on five tasks, 杨亚威 alone on 三(一)7-1, and every bound staff member."""
        return (expected(first_leaders, TWO_LEADERS_DUE_3_31, kind) | expected({"杨亚威"}, {"三(一)7-1"}, kind)
                | expected(staff, DUE_3_31, kind))

    for day, kind in ((date(2020, 3, 24), "before_7"), (date(2020, 3, 30), "before_1"), (date(2020, 3, 31), "due"),
                      (date(2020, 4, 7), "overdue")):
        assert sent_on(bureau, day) == the_3_31_steps(kind)
    # Two weeks overdue: every leader of the task.
    assert sent_on(bureau, date(2020, 4, 14)) == the_3_31_steps("escalated", {"李晓芬", "杨亚威"})
    # 5-31 is a Sunday: the due-day reminder goes out on Friday 5-29, and nothing at the weekend.
    due_5_31 = {"三(一)1", "三(一)2", "三(一)4"}
    assert sent_on(bureau, date(2020, 5, 29)) == (
        expected({"李晓芬"}, due_5_31, "due") | expected(staff, due_5_31, "due"))
    assert sent_on(bureau, date(2020, 5, 30)) == sent_on(bureau, date(2020, 5, 31)) == set()
    # 7-1's 6-20 step, a week overdue on 6-27 (端午 holiday): Wednesday 6-24 instead.
    june_24 = sent_on(bureau, date(2020, 6, 24))
    assert {row for row in june_24 if row[1] == "三(一)7-1"} == expected({"杨亚威"} | staff, {"三(一)7-1"}, "overdue")
    assert ("赵玉林", "三(一)7-2", "checkin") in june_24  # the 6-25 季对表 too (端午)
    # The quarterly 排查 (三(一)4, from 6-30): one reminder a week before each quarter's end.
    assert sent_on(bureau, date(2020, 9, 23)) == expected({"李晓芬"} | staff, {"三(一)4"}, "period")
    # Ongoing work: the 季对表 on 9-25; 三(一)2's 后续动态管理 joins after its 5-31 step.
    ongoing = {("李晓芬", t) for t in ("三(一)2", "三(一)3-1", "三(一)3-2", "三(一)6", "三(二)2", "三(二)3")}
    ongoing |= {("杨亚威", "三(二)4"), ("赵玉林", "三(一)7-2")}
    checkins = {(person, task) for person, task, kind in sent_on(bureau, date(2020, 9, 25)) if kind == "checkin"}
    assert {(p, t) for p, t in checkins if p not in staff} == ongoing
    assert ("李晓芬", "三(一)2") not in {(p, t) for p, t, _ in sent_on(bureau, date(2020, 5, 25))}

    with session_scope(bureau.sessions) as session:
        rows = session.scalars(select(Reminder)).all()
        assert all(is_working_day(row.send_on) for row in rows)
        assert {row.kind for row in rows} == {"before_7", "before_1", "due", "overdue", "escalated", "period",
                                             "checkin"}
        # 杨亚威 never bound WeChat and still has rows: the dispatcher reports him unreachable.
        assert session.scalar(select(func.count()).select_from(Reminder).join(Person, Person.id == Reminder.person_id)
                              .where(Person.name == "杨亚威")) > 0
        assert {row.township_id is None for row in rows if row.person.role == "leader"} == {True}
        assert {row.township.name for row in rows if row.person.role == "staff"} == {"土城镇", "大阁镇"}


def test_the_same_pass_twice_adds_nothing(bureau, settings):
    first = decide(bureau, date(2020, 3, 31), settings)
    again = decide(bureau, date(2020, 3, 31), settings)
    assert first.added == first.decided == 6 + 18 and first.people == 5
    assert again.decided == first.decided and again.added == 0
    assert "新增 0 条" in again.describe() and "此前已定" in again.describe()


def test_a_pass_after_downtime_decides_the_days_missed(bureau, settings):
    decide(bureau, date(2020, 3, 20), settings)
    summary = decide(bureau, date(2020, 3, 31), settings)  # the scheduler was down 3-21 … 3-30
    assert summary.since == date(2020, 3, 21) and "漏定" in summary.describe()
    assert sent_on(bureau, date(2020, 3, 24)) == expected({"李晓芬"}, TWO_LEADERS_DUE_3_31, "before_7") \
        | expected({"杨亚威"}, {"三(一)7-1"}, "before_7") | expected(STAFF, DUE_3_31, "before_7")
    assert {kind for _, _, kind in sent_on(bureau, date(2020, 3, 30))} == {"before_1"}


def test_the_first_pass_and_a_long_downtime_do_not_decide_stale_days(bureau, settings):
    decide(bureau, date(2020, 3, 31), settings)  # first pass ever: nothing before today
    assert sent_on(bureau, date(2020, 3, 24)) == sent_on(bureau, date(2020, 3, 30)) == set()
    summary = decide(bureau, date(2020, 6, 30), settings)
    assert summary.since == date(2020, 6, 30) - reminders.CATCH_UP


def test_a_done_step_stops_its_reminders_at_once(bureau, settings):
    decide(bureau, date(2020, 3, 30), settings)  # pending, not sent yet
    with session_scope(bureau.sessions) as session:
        step = session.scalar(select(Milestone).where(Milestone.label == "与扶贫办数据核对"))
        step.done_at = at(date(2020, 3, 30), 10)
        step_id = step.id
    again = decide(bureau, date(2020, 3, 30), settings)
    assert again.cancelled == 4  # 李晓芬's and the three staff members' 明天到期
    decide(bureau, date(2020, 3, 31), settings)
    assert {task for _, task, _ in sent_on(bureau, date(2020, 3, 31))} == DUE_3_31 - {"三(一)2"}
    with session_scope(bureau.sessions) as session:
        statuses = Counter(session.scalars(select(Reminder.status).where(Reminder.milestone_id == step_id)))
    assert statuses == {"cancelled": 4}


def test_a_township_that_reported_done_gets_no_more_staff_reminders(bureau, settings):
    decide(bureau, date(2020, 3, 30), settings)
    with session_scope(bureau.sessions) as session:
        task = session.scalar(select(Milestone).where(Milestone.label == "与扶贫办数据核对")).task
        tucheng = session.scalar(select(Township).where(Township.name == "土城镇"))
        session.add(ProgressReport(task_id=task.id, township_id=tucheng.id, status="done",
                                   raw_text="数据核对已完成", created_at=at(date(2020, 3, 30), 11)))
    summary = decide(bureau, date(2020, 3, 31), settings)
    assert summary.cancelled == 2  # 张三 and 李四's pending 明天到期
    day = sent_on(bureau, date(2020, 3, 31))
    assert {(p, k) for p, t, k in day if t == "三(一)2"} == {("李晓芬", "due"), ("王五", "due")}
    assert ("张三", "三(一)4", "due") in day  # only the task reported done


def test_two_passes_at_once_never_double_a_row(bureau, settings):
    passes, errors = 4, []
    barrier = threading.Barrier(passes)
    summaries = []

    def run():
        try:
            barrier.wait()
            summaries.append(decide(bureau, date(2020, 4, 14), settings))
        except Exception as exc:  # reported below, with the thread's error
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(passes)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    decided = summaries[0].decided
    assert decided == 11 + 18 and {s.decided for s in summaries} == {decided}
    with session_scope(bureau.sessions) as session:
        assert session.scalar(select(func.count()).select_from(Reminder)) == decided


def test_a_plan_can_set_its_own_policy(bureau, settings):
    with session_scope(bureau.sessions) as session:
        plan = session.scalar(select(Plan))
        reminders.set_policy(plan, {"before": [3], "escalate_after": None, "staff": False})
    assert decide(bureau, date(2020, 3, 24), settings).decided == 0
    decide(bureau, date(2020, 3, 27), settings)
    march_27 = sent_on(bureau, date(2020, 3, 27))
    assert not {person for person, _, _ in march_27} & set(STAFF)
    assert {row for row in march_27 if row[2] != "overdue"} == (  # 3 days before 3-31 is a Saturday
        expected({"李晓芬"}, TWO_LEADERS_DUE_3_31, "before_3") | expected({"杨亚威"}, {"三(一)7-1"}, "before_3"))
    decide(bureau, date(2020, 4, 14), settings)
    assert {kind for _, _, kind in sent_on(bureau, date(2020, 4, 14))} == {"overdue"}
    assert {person for person, _, _ in sent_on(bureau, date(2020, 4, 14))} == {"李晓芬", "杨亚威"}


def test_a_stored_policy_that_no_longer_validates_falls_back_to_the_default(bureau, settings):
    with session_scope(bureau.sessions) as session:
        session.execute(update(Plan).values(reminder_policy={"before": "seven"}))
    summary = decide(bureau, date(2020, 3, 24), settings)
    assert summary.decided == 6 + 18 and summary.bad_policies == ["丰宁县民政局2020年工作推进方案"]
    assert "按默认规则" in summary.describe()


def nudge(db, task_ref: str, township: str, day: date) -> list[tuple[int, str, str]]:
    with session_scope(db.sessions) as session:
        task = next(t for t in session.scalars(select(Task)) if t.ref == task_ref)
        place = session.scalar(select(Township).where(Township.name == township))
        leader = session.scalar(select(Person).where(Person.name == "李晓芬"))
        outcome = reminders.nudge(session, task=task, township=place, requested_by=leader, now=at(day, 15))
        return [(r.id, r.person.name, r.line) for r in outcome.reminders]


def test_a_nudge_reaches_each_bound_staff_member_once_a_day(bureau):
    first = nudge(bureau, "三(一)2", "土城镇", date(2020, 4, 3))
    assert [(name, line) for _, name, line in first] == [
        (name, "【催办】李晓芬催办 三(一)2 与扶贫办数据核对:已逾期3天(3月31日到期),请尽快报告进展")
        for name in ("张三", "李四")]
    assert nudge(bureau, "三(一)2", "土城镇", date(2020, 4, 3)) == first
    assert len(nudge(bureau, "三(一)2", "土城镇", date(2020, 4, 7))) == 2
    assert nudge(bureau, "三(一)2", "黄旗镇", date(2020, 4, 3)) == []  # nobody bound there
    with session_scope(bureau.sessions) as session:
        rows = session.scalars(select(Reminder)).all()
        assert len(rows) == 4 and {r.kind for r in rows} == {"nudge"}
        assert {r.requested_by.name for r in rows} == {"李晓芬"} and {r.colour for r in rows} == {"red"}


def test_no_nudge_about_a_task_whose_steps_are_all_done(bureau):
    with session_scope(bureau.sessions) as session:
        task = next(t for t in session.scalars(select(Task)) if t.ref == "三(一)7-1")
        for step in task.milestones:
            step.done_at = at(date(2020, 6, 1))
    assert nudge(bureau, "三(一)7-1", "土城镇", date(2020, 6, 2)) == []


def test_a_nudge_about_ongoing_work_names_the_next_step(bureau):
    [(_, name, line)] = nudge(bureau, "三(二)4", "大阁镇", date(2020, 7, 1))
    assert (name, line) == ("王五", "【催办】李晓芬催办 三(二)4 做好农村留守儿童、困境儿童和留…:请尽快报告进展")


def test_one_message_per_person_per_day(bureau, settings):
    """With the dispatcher (services.outbox): a person's reminders of a day go as one message."""
    sent = []

    def send(message):
        sent.append(message.person_id)
        return Outcome(SENT, msgid=len(sent))

    for day in (date(2020, 3, 24), date(2020, 3, 30), date(2020, 3, 31)):
        decide(bureau, day, settings)
        dispatch(bureau, settings, at(day, 10), send=send)
        decide(bureau, day, settings)  # a later pass the same day
        dispatch(bureau, settings, at(day, 11), send=send)
    with session_scope(bureau.sessions) as session:
        per_day = Counter(session.execute(
            select(OutboxMessage.person_id, func.date(OutboxMessage.created_at))).all())
        names = dict(session.execute(select(Person.id, Person.name)).all())
    assert set(per_day.values()) == {1}
    # 杨亚威 has not bound WeChat: nothing reaches him (the dispatcher reports it).
    assert Counter(names[p] for p in sent) == {name: 3 for name in ("李晓芬", *STAFF)}
