"""Saving plans: the bundled plan lands whole, re-imports update in place and keep progress."""
import dataclasses
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import func, select

from config.settings import COUNTIES_DIR, DEFAULT_PLAN
from core.counties import UnknownCountyError, load_counties
from core.plan_parser import parse_plan_file
from models import (
    Department, Milestone, Person, Plan, ProgressReport, Section, Task, TaskDepartment, TaskLeader, Township,
)
from models.db import session_scope
from services import plans as plan_service
from services.plans import HAND_SET_POSITION_START, save_plan

COUNTIES = load_counties(COUNTIES_DIR)
NOW = datetime(2020, 5, 25, 1, 0, tzinfo=timezone.utc)
TABLES = (Plan, Task, Milestone, TaskLeader, TaskDepartment, Person, Department, Township)


def bundled():
    return parse_plan_file(DEFAULT_PLAN)


def counts(session):
    return {model.__name__: session.scalar(select(func.count()).select_from(model)) for model in TABLES}


def task(session, section, number, part=1):
    return session.scalars(
        select(Task).join(Task.section).where(
            Section.number == section, Task.number == number, Task.part == part
        )
    ).one()


def test_bundled_plan_lands_whole(loaded_db, settings):
    with session_scope(loaded_db.sessions) as session:
        plan = session.scalars(select(Plan)).one()
        assert (plan.year, plan.county) == (2020, "丰宁满族自治县")
        assert plan.imported_at == settings.fixed_now  # recorded by the one clock (BOT_NOW)
        assert [t.ref for t in plan.tasks] == [
            "三(一)1", "三(一)2", "三(一)3-1", "三(一)3-2", "三(一)4", "三(一)5", "三(一)6",
            "三(一)7-1", "三(一)7-2", "三(二)1", "三(二)2", "三(二)3", "三(二)4", "三(二)5", "三(三)1",
        ]
        first = task(session, "一", "1")
        assert [p.name for p in first.leaders] == ["李晓芬", "杨亚威"]
        assert first.departments_text == "社会救助股、社会事务股、社会福利股、各乡镇(开发区)民政办"
        offices = [d for d in first.departments if d.kind == "township_office"]
        assert len(offices) == 29 and {d.township.name for d in offices} >= {"土城镇", "开发区", "新丰路街道"}
        assert {l.as_written for l in first.department_links if l.department.kind == "township_office"} == {
            "各乡镇(开发区)民政办"}
        care_homes = task(session, "二", "5")
        assert [d.name for d in care_homes.departments] == ["社会福利股", "项目办"]
        assert [p.name for p in care_homes.leaders] == ["杨亚威"]
        visits = task(session, "一", "7", 2)
        assert ([p.name for p in visits.leaders], [d.name for d in visits.departments]) == (
            ["赵玉林"], ["办公室"])
        register = task(session, "一", "3", 2)
        assert [(m.due, m.kind) for m in register.milestones] == [
            (date(2020, 3, 31), "once"), (date(2020, 4, 30), "once"), (None, "ongoing")]
        assert session.scalar(select(func.count()).select_from(Township)) == 29
        assert sorted(p.name for p in session.scalars(select(Person))) == ["李晓芬", "杨亚威", "赵玉林"]


def test_reimport_updates_in_place(loaded_db):
    with session_scope(loaded_db.sessions) as session:
        before = counts(session)
        ids = sorted(session.scalars(select(Task.id)))
        milestone_ids = sorted(session.scalars(select(Milestone.id)))
    with session_scope(loaded_db.sessions) as session:
        result = save_plan(session, bundled(), COUNTIES, NOW)
    assert not result.created
    assert (result.tasks_added, result.tasks_updated, result.tasks_unchanged) == (0, 0, 15)
    with session_scope(loaded_db.sessions) as session:
        assert counts(session) == before
        assert sorted(session.scalars(select(Task.id))) == ids
        assert sorted(session.scalars(select(Milestone.id))) == milestone_ids


def test_reimport_never_loses_progress_or_hand_fixes(loaded_db):
    done_at = datetime(2020, 4, 2, 10, 0, tzinfo=timezone.utc)
    with session_scope(loaded_db.sessions) as session:
        reported = task(session, "三", "1")
        report = ProgressReport(task=reported, status="in_progress", raw_text="凤山镇公墓选址完成",
                                created_at=done_at,
                                figures=[{"label": "公墓", "value": 1, "unit": "处"}])
        session.add(report)
        finished = task(session, "一", "1").milestones[0]
        finished.done_at = done_at
        fixed = task(session, "二", "1").milestones[0]
        fixed.due, fixed.set_by_hand = date(2020, 4, 15), True
        extra = Milestone(task=task(session, "一", "5"), position=HAND_SET_POSITION_START,
                          due=date(2020, 9, 30), kind="once", label="国家考核问题整改", set_by_hand=True)
        session.add(extra)
        session.flush()
        ids = (report.id, reported.id, finished.id, fixed.id, extra.id)

    # A revised plan: the cemetery task is dropped and 三(二)1 gets a new deadline.
    revised = bundled()
    revised.tasks = [
        dataclasses.replace(t, deadline_text="4月底前", milestones=[]) if (t.section_number, t.number) == ("二", "1") else t
        for t in revised.tasks if t.section_number != "三"
    ]
    with session_scope(loaded_db.sessions) as session:
        result = save_plan(session, revised, COUNTIES, NOW)
    assert (result.tasks_retired, result.tasks_updated) == (1, 1)

    with session_scope(loaded_db.sessions) as session:
        report = session.get(ProgressReport, ids[0])
        assert report is not None and report.task_id == ids[1]
        assert session.get(Task, ids[1]).active is False
        assert session.get(Milestone, ids[2]).done_at == done_at
        assert session.get(Milestone, ids[3]).due == date(2020, 4, 15)
        assert session.get(Milestone, ids[4]).active and session.get(Milestone, ids[4]).label == "国家考核问题整改"

    # Bringing the task back revives the same row, so the report still points at it.
    with session_scope(loaded_db.sessions) as session:
        save_plan(session, bundled(), COUNTIES, NOW)
    with session_scope(loaded_db.sessions) as session:
        assert session.get(Task, ids[1]).active is True
        assert session.scalar(select(func.count()).select_from(ProgressReport)) == 1


def test_another_year_lives_beside(loaded_db):
    next_year = bundled()
    next_year.year = 2021
    with session_scope(loaded_db.sessions) as session:
        result = save_plan(session, next_year, COUNTIES, NOW)
    assert result.created and result.tasks_added == 15
    with session_scope(loaded_db.sessions) as session:
        assert sorted(session.scalars(select(Plan.year))) == [2020, 2021]
        assert session.scalar(select(func.count()).select_from(Task)) == 30
        # The same leaders answer for both years' tasks.
        assert session.scalar(select(func.count()).select_from(Person)) == 3


def test_unknown_county_is_reported_and_nothing_written(db):
    foreign = bundled()
    foreign.county, foreign.publisher = "滦平县", "滦平县民政局"
    with pytest.raises(UnknownCountyError, match="滦平县"):
        with session_scope(db.sessions) as session:
            save_plan(session, foreign, COUNTIES, NOW)
    with session_scope(db.sessions) as session:
        assert set(counts(session).values()) == {0}


def test_a_failure_midway_leaves_nothing_half_written(db, monkeypatch):
    calls = []
    real = plan_service._assign_departments

    def failing(*args):
        calls.append(1)
        if len(calls) == 8:
            raise RuntimeError("disk full")
        return real(*args)

    monkeypatch.setattr(plan_service, "_assign_departments", failing)
    with pytest.raises(RuntimeError):
        with session_scope(db.sessions) as session:
            save_plan(session, bundled(), COUNTIES, NOW)
    with session_scope(db.sessions) as session:
        assert set(counts(session).values()) == {0}
