"""`bot.py reports`: every stored progress report, with what became of it."""
import json

from tests.test_leader_queries import add_report


def stored(run, *options):
    result = run("reports", "--json", *options)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["reports"]


def test_reports_list_current_superseded_and_withdrawn(run, loaded_db, settings):
    now = settings.fixed_now
    add_report(loaded_db, now, "三(一)4", "土城镇", "in_progress", ("排查", 100, "户"), reporter="张三")
    add_report(loaded_db, now, "三(一)4", "土城镇", "done", ("排查", 412, "户"), hours=2, reporter="张三")
    add_report(loaded_db, now, "三(一)4", "土城镇", "blocked", hours=3, withdrawn=True)
    add_report(loaded_db, now, "三(三)1", "凤山镇", "in_progress", hours=1)
    rows = stored(run)
    assert [(r["task"], r["township"], r["status"], r["state"]) for r in rows] == [
        ("三(一)4", "土城镇", "in_progress", "superseded"),
        ("三(三)1", "凤山镇", "in_progress", "current"),
        ("三(一)4", "土城镇", "done", "current"),
        ("三(一)4", "土城镇", "blocked", "withdrawn"),
    ]
    done = rows[2]
    assert done["figures"] == [{"label": "排查", "value": 412, "unit": "户"}] and done["reporter"] == "张三"
    assert done["parse"] == {"task": "三(一)4"} and done["raw_text"] == "土城镇三(一)4done"
    assert done["created_at"] == "2020-05-24T11:00:00+08:00" and done["withdrawn_at"] is None
    assert rows[3]["withdrawn_at"] == "2020-05-24T12:00:00+08:00"


def test_reports_filter_by_task_and_township(run, loaded_db, settings):
    add_report(loaded_db, settings.fixed_now, "三(一)4", "土城镇", "done")
    add_report(loaded_db, settings.fixed_now, "三(一)4", "凤山镇", "done")
    add_report(loaded_db, settings.fixed_now, "三(三)1", "凤山镇", "in_progress")
    assert [r["township"] for r in stored(run, "--task", "三(一)4")] == ["土城镇", "凤山镇"]
    assert [r["task"] for r in stored(run, "--township", "凤山")] == ["三(一)4", "三(三)1"]
    assert [r["task"] for r in stored(run, "--task", "公墓", "--township", "凤山镇")] == ["三(三)1"]


def test_reports_as_text_and_the_mistakes_people_make(run, loaded_db, settings):
    assert run("reports").output == "还没有进度汇报。\n"
    add_report(loaded_db, settings.fixed_now, "三(一)4", "土城镇", "done", ("排查", 412, "户"), reporter="张三")
    text = run("reports").output
    assert text.startswith("2020-05-24 09:00 土城镇 三(一)4 已完成 排查412户 —— 张三 [当前]\n    原文:")
    assert text.endswith("共 1 条汇报。\n")
    ambiguous = run("reports", "--task", "4")
    assert ambiguous.exit_code == 1 and "三(一)4、三(二)4" in ambiguous.output
    assert "没有乡镇“火星乡”" in run("reports", "--township", "火星乡").output
