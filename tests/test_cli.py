"""The command line as an operator uses it: exit codes, JSON shapes, and what lands in the database."""
import json

import pytest
from sqlalchemy import func, select

from models import Plan, Task
from models.db import make_engine


def count(database_url, model):
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            return connection.scalar(select(func.count()).select_from(model))
    finally:
        engine.dispose()


def test_parse_deadline_prints_milestones(run):
    result = run("parse-deadline", "3月底前建立台账,4月底前完成档案审批,后续动态调整", "--year", 2020)
    assert result.exit_code == 0
    milestones = json.loads(result.output)["milestones"]
    assert [(m["due"], m["kind"], m["every"]) for m in milestones] == [
        ("2020-03-31", "once", None), ("2020-04-30", "once", None), (None, "ongoing", None)]
    assert [m["label"] for m in milestones][:2] == ["建立台账", "完成档案审批"]


def test_parse_deadline_dates_seasons_by_province(run):
    result = run("parse-deadline", "供暖季前完成锅炉检修,严格落实周调度制度", "--year", 2020, "--province", "河北")
    assert result.exit_code == 0, result.output
    milestones = json.loads(result.output)["milestones"]
    assert [(m["due"], m["kind"], m["every"]) for m in milestones] == [
        ("2020-11-14", "once", None), ("2020-01-03", "recurring", "week")]
    assert "按河北供暖季11月15日开始计" in milestones[0]["label"]
    unknown = run("parse-deadline", "供暖季前完成锅炉检修", "--year", 2020)
    assert unknown.exit_code == 1 and "季节性时间需人工确定" in unknown.output


def test_parse_deadline_refuses_to_guess(run):
    result = run("parse-deadline", "尽快", "--year", 2020)
    assert result.exit_code == 1
    assert "尽快" in result.output and "milestones" not in result.output


def test_dry_run_json_changes_nothing(run, database_url, seed_plan):
    result = run("import-plan", seed_plan, "--dry-run", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["plan"]["year"] == 2020 and data["plan"]["title"]
    assert len(data["tasks"]) == 15
    first = data["tasks"][0]
    assert set(first) >= {"section", "number", "part", "title", "leaders", "departments",
                          "deadline_text", "milestones"}
    assert (first["section"], first["number"], first["part"]) == ("脱贫攻坚方面", "1", 1)
    assert first["departments"][-1] == "各乡镇(开发区)民政办"  # as written, not expanded
    assert first["milestones"][0]["due"] == "2020-05-31"
    assert set(first["milestones"][0]) >= {"due", "kind", "every", "label"}
    assert data["unreadable_deadlines"] == []
    # Nothing written: a dry run does not even create the schema.
    engine = make_engine(database_url)
    from sqlalchemy import inspect
    assert "plan" not in inspect(engine).get_table_names()
    engine.dispose()


def test_import_twice_is_idempotent(run, database_url, seed_plan):
    first = run("import-plan", seed_plan)
    assert first.exit_code == 0, first.output
    assert "新增 15 项" in first.output
    again = run("import-plan", seed_plan, "--json")
    assert again.exit_code == 0
    assert json.loads(again.output)["import"]["tasks_unchanged"] == 15
    assert count(database_url, Plan) == 1 and count(database_url, Task) == 15


def test_unreadable_deadline_is_listed_and_task_still_imported(run, database_url, tmp_path, seed_plan):
    text = seed_plan.read_text(encoding="utf-8").replace("完成时限:5月底前", "完成时限:尽快完成", 1)
    plan = tmp_path / "plan.txt"
    plan.write_text(text, encoding="utf-8")
    result = run("import-plan", plan)
    assert result.exit_code == 0, result.output
    assert "1 处完成时限无法识别" in result.output and "尽快完成" in result.output
    assert "三(一)1" in result.output  # cited as the plan cites it, with its line
    listed = run("tasks", "--json")
    task = json.loads(listed.output)["plans"][0]["tasks"][0]
    assert task["needs_deadline"] is True and task["milestones"] == []
    assert count(database_url, Task) == 15


def test_unreadable_file_names_file_and_line(run, database_url, tmp_path):
    bad = tmp_path / "坏方案.txt"
    bad.write_text("一、总体要求\n责任领导:李晓芬\n完成时限:5月底前\n", encoding="utf-8")
    result = run("import-plan", bad, "--year", 2020)
    assert result.exit_code == 1
    assert "坏方案.txt" in result.output and "第2行" in result.output


def test_unknown_county_is_refused(run, database_url, tmp_path, seed_plan):
    text = seed_plan.read_text(encoding="utf-8").replace("丰宁县民政局", "滦平县民政局")
    plan = tmp_path / "luanping.txt"
    plan.write_text(text, encoding="utf-8")
    result = run("import-plan", plan)
    assert result.exit_code == 1 and "滦平县" in result.output
    assert "data/counties" in result.output
    # Told which county it is, the importer goes on.
    assert run("import-plan", plan, "--county", "丰宁满族自治县").exit_code == 0


def test_db_upgrade_and_current(run):
    assert run("db", "current").exit_code == 1  # empty database is behind
    result = run("db", "upgrade")
    assert result.exit_code == 0 and "最新版本" in result.output
    assert run("db", "current").exit_code == 0


def test_tasks_loads_bundled_plan_on_first_use(run):
    result = run("tasks")
    assert result.exit_code == 0
    assert "三(一)3-2" in result.output and "李晓芬" in result.output
    assert "2020-03-31" in result.output


@pytest.mark.parametrize("build, suffix", [
    ("build_xls", ".xls"), ("build_xlsx", ".xlsx"), ("build_docx_table", ".docx")])
def test_task_list_files_import_into_the_database(run, database_url, tmp_path, build, suffix):
    from tests.core import fixtures_plans

    path = getattr(fixtures_plans, build)(tmp_path / f"任务清单{suffix}")
    result = run("import-plan", path, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["import"]["created"] and data["import"]["county"] == "丰宁满族自治县"
    listed = json.loads(run("tasks", "--json").output)["plans"][0]["tasks"]
    assert len(listed) == data["import"]["tasks_added"] == len(data["tasks"])
    first = listed[0]
    assert first["leaders"] == ["李晓芬", "杨亚威"]
    assert first["township_offices"] == 29
    assert first["milestones"][0]["due"] == "2020-05-31"
    assert run("import-plan", path).exit_code == 0
    assert count(database_url, Task) == len(listed)


def test_original_document_updates_the_bundled_plan_in_place(run, database_url, seed_plan):
    run("tasks")  # first use loads the bundled plan
    result = json.loads(run("import-plan", seed_plan, "--json").output)["import"]
    # Same plan, same tasks: only the wording of titles and measures differs.
    assert (result["created"], result["tasks_added"], result["tasks_retired"]) == (False, 0, 0)
    assert count(database_url, Plan) == 1 and count(database_url, Task) == 15
