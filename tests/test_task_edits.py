"""Changes made by hand in the console: each is recorded, survives a re-import, and steers reminders."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from core.plan_parser import parse_plan_file
from models import Milestone, Person, Reminder, Task, TaskEvent
from models.db import session_scope
from services import assignments, progress, reminders, task_edits
from services.bootstrap import county_config
from services.plans import HAND_SET_POSITION_START, save_plan

TZ = ZoneInfo("Asia/Shanghai")
WHO = {"actor": "王办", "person_id": None}


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


def task(session, ref: str) -> Task:
    return next(t for t in session.scalars(select(Task)) if t.ref == ref)


def step(session, ref: str, due: date | None = None, kind: str = "once") -> Milestone:
    return next(m for m in task(session, ref).milestones if m.due == due and m.kind == kind)


def reimport(db, settings) -> None:
    with session_scope(db.sessions) as session:
        save_plan(session, parse_plan_file(settings.default_plan), county_config(settings), at(date(2020, 6, 1)))


def test_fixed_date_is_recorded_and_kept_by_a_reimport(loaded_db, settings):
    with session_scope(loaded_db.sessions) as session:
        milestone = step(session, "三(一)1", date(2020, 5, 31))
        event = task_edits.fix_deadline(session, milestone, date(2020, 6, 15), reason="省厅延期", now=at(date(2020, 5, 25)),
                                        **WHO)
        assert (event.kind, event.reason, event.actor) == ("deadline_fixed", "省厅延期", "王办")
        assert event.detail == {"before": {"due": "2020-05-31", "kind": "once"},
                                "after": {"due": "2020-06-15", "kind": "once"}}
        milestone_id = milestone.id
    reimport(loaded_db, settings)
    with session_scope(loaded_db.sessions) as session:
        milestone = session.get(Milestone, milestone_id)
        assert (milestone.due, milestone.set_by_hand, milestone.active) == (date(2020, 6, 15), True, True)


def test_a_conditional_step_given_a_date_becomes_a_dated_one(loaded_db):
    with session_scope(loaded_db.sessions) as session:
        milestone = step(session, "三(一)5", None, "conditional")
        event = task_edits.fix_deadline(session, milestone, date(2020, 9, 30), reason="", now=at(date(2020, 5, 25)), **WHO)
        assert (milestone.kind, milestone.due) == ("once", date(2020, 9, 30))
        assert event.detail["before"] == {"due": None, "kind": "conditional"}


@pytest.mark.parametrize("due, kind, message", [
    (date(2002, 6, 15), "once", "方案年度"),  # a slip of the year
    (None, "ongoing", "长期工作"),  # ongoing work has no deadline to fix
])
def test_dates_that_cannot_be_set(loaded_db, due, kind, message):
    ref, current = ("三(一)1", date(2020, 5, 31)) if kind == "once" else ("三(二)3", None)
    with session_scope(loaded_db.sessions) as session:
        milestone = step(session, ref, current, kind)
        with pytest.raises(task_edits.EditError, match=message):
            task_edits.fix_deadline(session, milestone, due or date(2020, 7, 1), reason="", now=at(date(2020, 5, 25)),
                                    **WHO)
        assert session.scalars(select(TaskEvent)).all() == []


def test_a_deadline_added_where_the_importer_could_not_read_one(loaded_db, settings):
    with session_scope(loaded_db.sessions) as session:
        unread = task(session, "三(二)5")
        unread.deadline_error = "“尽快完成”:没有日期"
        assert unread.needs_deadline
        event = task_edits.add_deadline(session, unread, date(2020, 8, 31), label="完成整改", reason="局务会议定",
                                        now=at(date(2020, 5, 25)), **WHO)
        added = event.milestone
        assert (added.position, added.due, added.label, added.set_by_hand) == (
            HAND_SET_POSITION_START, date(2020, 8, 31), "完成整改", True)
        assert event.detail["after"] == {"due": "2020-08-31", "kind": "once"} and not unread.needs_deadline
        again = task_edits.add_deadline(session, unread, date(2020, 11, 30), label="", reason="",
                                        now=at(date(2020, 5, 25)), **WHO)
        assert again.milestone.position == HAND_SET_POSITION_START + 1 and again.milestone.label is None
        added_id = added.id
    reimport(loaded_db, settings)
    with session_scope(loaded_db.sessions) as session:
        assert session.get(Milestone, added_id).active  # the importer leaves positions from 100 on alone


def test_reopen_needs_a_reason_and_a_done_step(loaded_db):
    with session_scope(loaded_db.sessions) as session:
        milestone = step(session, "三(一)1", date(2020, 5, 31))
        with pytest.raises(task_edits.EditError, match="还没有完成"):
            task_edits.reopen(session, milestone, reason="验收不合格", now=at(date(2020, 5, 25)), **WHO)
        task_edits.mark_done(session, milestone, reason="", now=at(date(2020, 5, 25)), **WHO)
        with pytest.raises(task_edits.EditError, match="已经是完成"):
            task_edits.mark_done(session, milestone, reason="", now=at(date(2020, 5, 25)), **WHO)
        for blank in ("", "  "):
            with pytest.raises(task_edits.EditError, match="原因"):
                task_edits.reopen(session, milestone, reason=blank, now=at(date(2020, 5, 26)), **WHO)
        assert milestone.done_at == at(date(2020, 5, 25))
        task_edits.reopen(session, milestone, reason="验收不合格", now=at(date(2020, 5, 26)), **WHO)
        assert milestone.done_at is None
        kinds = [(e.kind, e.reason) for e in task_edits.history(session, milestone.task)]
        assert kinds == [("milestone_reopened", "验收不合格"), ("milestone_done", "")]
        assert task_edits.held_by_hand(session, milestone.task_id) == {milestone.id}


def test_reminders_stop_when_done_by_hand_and_resume_when_reopened(phone, settings):
    phone.bind("o-zhang", "staff", township="土城", name="张三")
    phone.bind("o-li", "leader", person="李晓芬")
    db = phone.db

    def decide(day: date) -> reminders.DecideSummary:
        with session_scope(db.sessions) as session:
            return reminders.decide(session, at(day), settings)

    def rows(day: date | None = None) -> dict[str, int]:
        with session_scope(db.sessions) as session:
            query = select(Reminder.status).where(Reminder.milestone_id == milestone_id)
            statuses = session.scalars(query.where(Reminder.send_on == day) if day else query).all()
            return {s: statuses.count(s) for s in set(statuses)}

    with session_scope(db.sessions) as session:
        milestone_id = step(session, "三(一)2", date(2020, 3, 31)).id
    decide(date(2020, 3, 24))  # a week before: the leader and 土城's staff
    assert rows(date(2020, 3, 24)) == {"pending": 2}
    with session_scope(db.sessions) as session:
        task_edits.mark_done(session, session.get(Milestone, milestone_id), reason="已审批", now=at(date(2020, 3, 24), 8),
                             **WHO)
    assert decide(date(2020, 3, 25)).cancelled == 2
    assert rows(date(2020, 3, 24)) == {"cancelled": 2}
    decide(date(2020, 3, 30))
    assert rows(date(2020, 3, 30)) == {}  # the day before: nothing about a step done
    with session_scope(db.sessions) as session:
        task_edits.reopen(session, session.get(Milestone, milestone_id), reason="数据核对有误",
                          now=at(date(2020, 3, 30), 10), **WHO)
    decide(date(2020, 3, 31))
    assert rows(date(2020, 3, 31)) == {"pending": 2}


def test_a_report_does_not_undo_what_the_office_marked_by_hand(phone):
    with session_scope(phone.db.sessions) as session:
        found = task(session, "三(一)1")
        towns = assignments.owing_townships(found)
        staff = Person(name="甲", role="staff", county=towns[0].county, township_id=towns[0].id)
        session.add(staff)
        session.flush()
        report = dict(reporter=staff, figures=[], raw_text="", parse={}, openid="o", now=at(date(2020, 5, 25)))
        progress.record_report(session, task=found, township=towns[0], status="done", **report)
        milestone = step(session, "三(一)1", date(2020, 5, 31))
        task_edits.mark_done(session, milestone, reason="已核实", now=at(date(2020, 5, 25)), **WHO)
        progress.record_report(session, task=found, township=towns[1], status="in_progress", **report)
        assert milestone.done_at is not None
