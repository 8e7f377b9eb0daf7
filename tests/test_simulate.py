"""`simulate`: the calendar of every reminder the policy would send, written nowhere; and the
`remind` and `reminder-policy` commands."""
from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from models import Milestone, OutboxMessage, Plan, Reminder
from models.db import session_scope
from services import reminders

TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def bureau(phone):
    phone.bind("o-zhangsan", "staff", township="土城", name="张三")
    return phone.db


def rows_written(db) -> int:
    with session_scope(db.sessions) as session:
        return (session.scalar(select(func.count()).select_from(Reminder))
                + session.scalar(select(func.count()).select_from(OutboxMessage)))


def calendar(db, settings, start: date, end: date, person: str | None = None):
    with session_scope(db.sessions) as session:
        return reminders.simulate(session, start, end, settings, person=person)


def keys(calendar) -> set[tuple]:
    return {r.key for _, digests in calendar.days for digest in digests for r in digest.reminders}


def test_the_calendar_is_what_daily_passes_decide(bureau, settings):
    start, end = date(2020, 3, 1), date(2020, 6, 30)
    simulated = calendar(bureau, settings, start, end)
    assert rows_written(bureau) == 0
    day = start
    while day <= end:
        with session_scope(bureau.sessions) as session:
            reminders.decide(session, datetime(day.year, day.month, day.day, 9, tzinfo=TZ), settings)
        day += timedelta(days=1)
    with session_scope(bureau.sessions) as session:
        decided = set(session.execute(select(Reminder.person_id, Reminder.milestone_id, Reminder.kind,
                                             Reminder.send_on)).tuples())
    assert keys(simulated) == decided and len(decided) > 100
    for _, digests in simulated.days:  # one message per person per day
        assert len({digest.person for digest in digests}) == len(digests)


def test_steps_done_after_the_start_are_assumed_undone(bureau, settings):
    with session_scope(bureau.sessions) as session:
        step = session.scalar(select(Milestone).where(Milestone.label == "与扶贫办数据核对"))
        step.done_at = datetime(2020, 4, 1, 10, tzinfo=TZ)
        step_id = step.id
    about_it = {k for k in keys(calendar(bureau, settings, date(2020, 3, 1), date(2020, 4, 30))) if k[1] == step_id}
    assert {kind for _, _, kind, _ in about_it} == {"before_7", "before_1", "due", "overdue", "escalated"}
    later = keys(calendar(bureau, settings, date(2020, 4, 2), date(2020, 4, 30)))
    assert not {k for k in later if k[1] == step_id}


def test_simulate_command_prints_the_calendar_and_writes_nothing(bureau, run):
    result = run("simulate", "--from", "2020-03-01", "--to", "2020-12-31")
    assert result.exit_code == 0, result.output
    text = result.output
    assert "假定开始之后没有任何进度报告" in text and "现有 1 人" in text
    march_24 = text.split("2020-03-24 周二\n")[1].split("\n\n")[0]
    assert march_24.splitlines()[:2] == ["  领导李晓芬:您有5项任务提醒 [收不到:未绑定微信]", "    【蓝】三(一)2 与扶贫办数据核对:还有7天到期(3月31日)"]
    assert "  土城镇工作人员张三:您有6项任务提醒" in march_24
    assert "2020-05-30" not in text and "2020-05-31" not in text  # a weekend
    totals = text.split("\n合计\n")[1]
    people = [line.split(":")[0].strip() for line in totals.splitlines()[:-1]]
    assert people == ["土城镇工作人员张三", "领导李晓芬", "领导杨亚威", "领导赵玉林"]  # the busiest first
    assert rows_written(bureau) == 0

    only = run("simulate", "--from", "2020-03-01", "--to", "2020-12-31", "--person", "杨亚威", "--json")
    data = json.loads(only.output)
    assert {m["person"] for day in data["days"] for m in day["messages"]} == {"领导杨亚威"}
    first = data["days"][0]
    assert first["date"] == "2020-03-24" and first["messages"][0]["reminders"] == [
        {"kind": "before_7", "colour": "blue", "due_on": "2020-03-31", "line": "【蓝】三(一)7-1 下发通知:还有7天到期(3月31日)"}]
    assert data["totals"][0]["person"] == "领导杨亚威" and data["assumption"]
    assert (first["messages"][0]["channel"], first["messages"][0]["reason"]) == (None, "未绑定微信")
    assert data["channels"] == {"unreachable": len(data["days"])}
    last = text.rstrip().splitlines()[-1]  # nobody can get a reminder here: no account is configured
    assert last.startswith("共 ") and last.endswith(f"按目前的绑定和配置:收不到 {last.split()[1]} 条。")

    unknown = run("simulate", "--from", "2020-03-01", "--to", "2020-03-31", "--person", "王小二")
    assert unknown.exit_code == 1 and "没有叫“王小二”的人" in unknown.output
    backwards = run("simulate", "--from", "2020-03-31", "--to", "2020-03-01")
    assert backwards.exit_code == 1 and "早于" in backwards.output


def test_remind_runs_one_pass_by_hand(bureau, run):
    first = run("remind", "--now", "2020-03-31T09:00+08:00")
    assert first.exit_code == 0, first.output
    decided, dispatched = first.output.splitlines()[:2]
    assert decided.startswith("2020-03-31 提醒:") and "新增 12 条(3 人)" in decided
    assert "条提醒" in dispatched
    again = run("remind", "--now", "2020-03-31T09:30+08:00")
    assert "新增 0 条" in again.output
    with session_scope(bureau.sessions) as session:
        assert session.scalar(select(func.count()).select_from(Reminder)) == 12
    bad = run("remind", "--now", "yesterday")
    assert bad.exit_code == 2 and "ISO 8601" in bad.output


def test_reminder_policy_command(bureau, run):
    shown = run("reminder-policy")
    assert "默认规则" in shown.output and json.loads(shown.stdout)["before"] == [7, 1]
    changed = run("reminder-policy", "--set", '{"before": [10, 3], "escalate_after": null}')
    assert "本方案自定的规则" in changed.output and json.loads(changed.stdout)["escalate_after"] is None
    with session_scope(bureau.sessions) as session:
        assert session.scalar(select(Plan.reminder_policy)) == {"before": [10, 3], "escalate_after": None}
    wrong = run("reminder-policy", "--set", '{"before": [0]}')
    assert wrong.exit_code == 1 and "before 应是 1 到 60 之间的整数" in wrong.output
    assert run("reminder-policy", "--reset").exit_code == 0
    with session_scope(bureau.sessions) as session:
        assert session.scalar(select(Plan.reminder_policy)) is None
