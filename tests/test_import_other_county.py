"""End to end: 隆化县's 2021 plan (tests/corpora/plans/) imported with `bot.py import-plan` into a
database that already holds 丰宁's 2020 plan: its own county, its 25 townships' offices, its
leaders; re-imported in place; season words dated by the county's province."""
from __future__ import annotations

import json
from datetime import date

from sqlalchemy import func, select

from models import Department, Milestone, Person, Plan, Task, Township
from models.db import session_scope
from tests.core.test_plan_import_other_county import EXPECTED, TEXT, write_xls


def test_longhua_plan_lands_beside_fengning(run, loaded_db, tmp_path):
    plan = tmp_path / "隆化县2021年推进方案.txt"
    plan.write_text(TEXT.replace("立冬前完成", "供暖季前完成"), encoding="gb18030")
    result = run("import-plan", plan, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["import"]["county"] == "隆化县" and data["import"]["tasks_added"] == 12
    assert data["unreadable_deadlines"] == []
    with session_scope(loaded_db.sessions) as session:
        longhua = session.scalar(select(Plan).where(Plan.county == "隆化县"))
        assert (longhua.year, longhua.title) == (2021, EXPECTED["plan"]["title"])
        assert session.scalar(select(func.count()).select_from(Plan)) == 2  # 丰宁's stays
        townships = session.scalars(select(Township.name).where(Township.county == "隆化县")).all()
        assert len(townships) == 25 and "八达营蒙古族乡" in townships
        tasks = {t.ref: t for t in longhua.tasks}
        assert sorted(tasks) == sorted(t["ref"] for t in EXPECTED["tasks"])
        first = tasks["三(一)1"]
        offices = [d for d in first.departments if d.kind == "township_office"]
        assert len(offices) == 25 and all(d.county == "隆化县" for d in first.departments)
        assert [p.name for p in first.leaders] == ["孙丽娟", "高文军"]
        assert session.scalar(select(func.count()).select_from(Person).where(
            Person.county == "隆化县", Person.role == "leader")) == 6
        assert "办公室" in [d.name for d in tasks["三(二)3-2"].departments]
        assert session.scalar(select(Department).where(Department.county == "隆化县", Department.name == "办公室"))
        heating = [m for m in tasks["三(一)3-1"].milestones if m.due == date(2021, 11, 14)]
        assert heating and "按河北供暖季11月15日开始计" in heating[0].label
        weekly = session.scalar(select(func.count()).select_from(Milestone).where(Milestone.every == "week"))
        assert weekly == 0  # 周调度 of 四、工作要求 is narrative, not a 完成时限
    again = json.loads(run("import-plan", plan, "--json").stdout)["import"]
    assert (again["tasks_added"], again["tasks_unchanged"], again["created"]) == (0, 12, False)


def test_longhua_task_list_imports_as_its_own_document(run, db, tmp_path):
    result = run("import-plan", write_xls(tmp_path / "任务清单.xls"), "--dry-run", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["plan"]["county"] == "隆化县" and len(data["tasks"]) == 12
    assert [m["due"] for m in data["tasks"][2]["milestones"]] == ["2021-04-30", "2021-11-06", None]
    with session_scope(db.sessions) as session:
        assert session.scalar(select(func.count()).select_from(Task)) == 0  # a dry run writes nothing
