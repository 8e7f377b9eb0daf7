"""A weekly step (周调度, 每周五报送 — every "week", new with the deadline grammar of issue 16) through
every consumer of milestones: next step and status light, the reminder policy and `simulate`, the
export's periods, the plan overview, the board."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from core import reminder_policy as rp
from core.milestones import Step, next_step, occurrence_on_or_after
from core.status_light import describe, light
from models import Milestone, Task
from models.db import session_scope
from services import assignments, board, reminders
from services.export import checkin_report, parse_period
from services.plan_view import format_overview, plan_overview

FIRST = date(2020, 3, 6)  # a Friday: 周调度 from 3月 on


def test_weekly_occurrences_and_next_step():
    assert occurrence_on_or_after(FIRST, "week", date(2020, 3, 1)) == FIRST
    assert occurrence_on_or_after(FIRST, "week", FIRST) == FIRST
    assert occurrence_on_or_after(FIRST, "week", date(2020, 3, 7)) == date(2020, 3, 13)
    assert occurrence_on_or_after(FIRST, "week", date(2020, 12, 30)) == date(2021, 1, 1)
    step = Step(FIRST, "recurring", "week", "周调度")
    assert next_step([step], date(2020, 5, 25)) == (step, date(2020, 5, 29))
    assert describe(Step(FIRST, "recurring", "week"), FIRST) == "3月6日 每周"
    assert light([step], date(2020, 5, 25)).colour in ("green", "yellow")


def test_a_weekly_step_is_reminded_the_day_before_each_occurrence():
    planned = rp.recurring_schedule(FIRST, "week", date(2020, 12, 31), rp.DEFAULT_POLICY,
                                    date(2020, 3, 1), date(2020, 3, 31))
    assert planned == tuple(rp.Planned(d - timedelta(days=1), "period", d)
                            for d in (date(2020, 3, 6), date(2020, 3, 13), date(2020, 3, 20), date(2020, 3, 27)))


def make_weekly(db) -> int:
    with session_scope(db.sessions) as session:
        task = session.scalar(select(Task).where(Task.deadline_text == "长期工作"))
        step = Milestone(position=5, due=FIRST, kind="recurring", every="week", label="周调度",
                         source_text="严格落实周调度制度")
        task.milestones.append(step)
        session.flush()
        return step.id


def test_weekly_step_in_simulate_export_overview_and_board(loaded_db, settings):
    step_id = make_weekly(loaded_db)
    with session_scope(loaded_db.sessions) as session:
        calendar = reminders.simulate(session, date(2020, 3, 1), date(2020, 3, 31), settings)
        about = sorted(r.due_on for _, digests in calendar.days for d in digests for r in d.reminders
                       if r.key[1] == step_id)
        assert sorted(set(about)) == [date(2020, 3, 6), date(2020, 3, 13), date(2020, 3, 20), date(2020, 3, 27)]
        plan = assignments.current_plan(session)
        march = checkin_report(session, plan, parse_period("2020-03"), settings.fixed_now, settings.tz)
        weekly = [m for s in march["sections"] for t in s["tasks"] for m in t["milestones"] if m["every"] == "week"]
        assert [m["due"] for m in weekly] == ["2020-03-06", "2020-03-13", "2020-03-20", "2020-03-27"]
        assert weekly[0]["text"] == "3月6日 周调度"
        overview = plan_overview(session)
        assert "每周(首次 2020-03-06) 周调度" in format_overview(overview)
        task = session.get(Milestone, step_id).task
        page = board.task_page(session, task, date(2020, 5, 25), settings.tz)
        assert "3月6日 周调度" in [line.what for line in page.milestones]
