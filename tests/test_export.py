"""`bot.py export`: the 月对标/季对表/年对账 workbook and its JSON, read back as a bureau would."""
import json
from datetime import date

import pytest
from openpyxl import load_workbook

from models.db import session_scope
from services import assignments
from services.export import checkin_report, parse_period
from tests.test_leader_queries import add_report

NOW = "2020-05-25T09:00+08:00"


@pytest.mark.parametrize("typed, kind, start, end, label", [
    ("2020-05", "month", date(2020, 5, 1), date(2020, 5, 31), "2020年5月月对标"),
    ("2020-2", "month", date(2020, 2, 1), date(2020, 2, 29), "2020年2月月对标"),
    ("2020-Q2", "quarter", date(2020, 4, 1), date(2020, 6, 30), "2020年第二季度季对表"),
    ("2020-q4", "quarter", date(2020, 10, 1), date(2020, 12, 31), "2020年第四季度季对表"),
    ("2020", "year", date(2020, 1, 1), date(2020, 12, 31), "2020年年对账"),
])
def test_periods(typed, kind, start, end, label):
    period = parse_period(typed)
    assert (period.kind, period.start, period.end, period.label + period.checkin) == (kind, start, end, label)


@pytest.mark.parametrize("typed", ["2020-13", "2020-Q5", "20-05", "五月", ""])
def test_a_period_that_cannot_be_read_says_what_is_accepted(typed):
    with pytest.raises(ValueError, match="2020-05"):
        parse_period(typed)


def task_of(data, ref):
    return next(t for s in data["sections"] for t in s["tasks"] if t["ref"] == ref)


def test_the_period_picks_its_milestones_and_carries_open_ones(loaded_db, settings):
    add_report(loaded_db, settings.fixed_now, "三(一)4", "土城镇", "done", ("排查", 412, "户"), reporter="张三")
    with session_scope(loaded_db.sessions) as session:
        plan = assignments.current_plan(session)
        month = checkin_report(session, plan, parse_period("2020-05"), settings.fixed_now, settings.tz)
        quarter = checkin_report(session, plan, parse_period("2020-Q2"), settings.fixed_now, settings.tz)
        march = checkin_report(session, plan, parse_period("2020-03"), settings.fixed_now, settings.tz)
    texts = [(m["text"], m["overdue"]) for m in task_of(month, "三(一)2")["milestones"]]
    assert texts == [("3月31日 与扶贫办数据核对", True), ("4月30日 下发通知", True), ("5月31日 审批完成", False),
                     ("动态管理", False)]
    assert [m["text"] for m in task_of(quarter, "三(一)4")["milestones"]] == [
        "3月31日 排查完成,建立台账", "5月31日 将风险对象核实反馈", "6月30日 每季度"]
    assert task_of(month, "三(三)1")["milestones"] == []  # 12月31日: not this month's business
    row = task_of(month, "三(一)4")
    assert row["light"] == {"colour": "red", "word": "逾期",
                            "text": "逾期55天:3月31日 排查完成,建立台账;下一节点:5月31日 将风险对象核实反馈(还有6天)"}
    tucheng = next(t for t in row["townships"] if t["township"] == "土城镇")
    assert tucheng | {"report_id": None} == {
        "township": "土城镇", "status": "done", "status_text": "已完成", "reported_at": "2020-05-24T09:00+08:00",
        "reporter": "张三", "figures": [{"label": "排查", "value": 412, "unit": "户"}], "report_id": None}
    assert len(row["townships"]) == 29 and row["totals"] == [{"label": "排查", "unit": "户", "value": 412, "townships": 1}]
    # 逾期事项: what was due by the end of the period and is still open
    assert {(o["ref"], o["due"]) for o in march["overdue"]} < {(o["ref"], o["due"]) for o in month["overdue"]}
    assert all(o["due"] <= "2020-03-31" for o in march["overdue"])
    first = month["overdue"][0]
    assert (first["ref"], first["milestone"], first["days_overdue"], len(first["pending"])) == (
        "三(二)2", "2月29日 下拨储备金", 86, 29)


def test_the_workbook_prints_one_sheet_per_section_and_the_overdue(run, loaded_db, settings, monkeypatch, tmp_path):
    monkeypatch.setenv("BOT_NOW", NOW)
    add_report(loaded_db, settings.fixed_now, "三(一)4", "土城镇", "done", ("排查", 412, "户"), ("风险对象", 2, "户"))
    add_report(loaded_db, settings.fixed_now, "三(一)4", "大阁镇", "blocked")
    out = tmp_path / "report.xlsx"
    result = run("export", "--period", "2020-05", "--out", out)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"已写入 {out}:2020年5月月对标,3个方面15项任务,逾期事项10项")
    book = load_workbook(out)
    assert book.sheetnames == ["(一)脱贫攻坚方面", "(二)补齐短板方面", "(三)乡村振兴方面", "逾期事项"]
    sheet = book["(一)脱贫攻坚方面"]
    assert sheet["A1"].value == "丰宁县民政局2020年工作推进方案 2020年5月月对标"
    assert sheet["A2"].value.startswith("三、(一)脱贫攻坚方面  统计时间:2020-05-25 09:00")
    assert [c.value for c in sheet[3]] == ["编号", "任务", "责任领导", "责任股室", "本期时间节点", "状态", "已完成乡镇",
                                           "进行中/受阻", "未汇报乡镇", "各乡镇数字", "合计"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert list(rows) == ["三(一)1", "三(一)2", "三(一)3-1", "三(一)3-2", "三(一)4", "三(一)5", "三(一)6",
                          "三(一)7-1", "三(一)7-2"]
    task = rows["三(一)4"]
    assert task[2:4] == ("李晓芬、杨亚威", "社会救助股、社会福利股、各乡镇(开发区)民政办")
    assert task[4] == "3月31日 排查完成,建立台账(逾期)\n5月31日 将风险对象核实反馈"
    assert task[5:8] == ("逾期", "1/29\n土城镇", "大阁镇(受阻)")
    assert task[8].startswith("27个:新丰路街道、") and "土城镇" not in task[8]
    assert task[9:] == ("土城镇:排查412户、风险对象2户", "排查412户\n风险对象2户")
    assert rows["三(一)7-2"][6] == "不涉及乡镇"
    # made to print: landscape, one page wide, the header on every page, long text wrapped
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.print_title_rows == "$3:$3"
    assert sheet.column_dimensions["B"].width >= 30 and sheet["B8"].alignment.wrap_text
    assert sheet["F8"].fill.fgColor.rgb.endswith("FFC7CE")  # 逾期 in red
    late = book["逾期事项"]
    assert [c.value for c in late[3]][:5] == ["编号", "任务", "逾期节点", "到期日", "逾期天数"]
    first = next(late.iter_rows(min_row=4, values_only=True))
    assert first[0] == "三(二)2" and first[2:5] == ("2月29日 下拨储备金", "2020-02-29", 86)
    assert late.max_row == 3 + 10


def test_json_prints_the_same_data(run, loaded_db, settings, monkeypatch, tmp_path):
    monkeypatch.setenv("BOT_NOW", NOW)
    out = tmp_path / "q2.xlsx"
    result = run("export", "--period", "2020-Q2", "--json", "--out", out)
    data = json.loads(result.stdout)
    assert set(data) == {"plan", "period", "as_of", "sections", "overdue"}
    assert data["period"] == {"name": "2020-Q2", "kind": "quarter", "label": "2020年第二季度", "checkin": "季对表",
                              "start": "2020-04-01", "end": "2020-06-30"}
    assert [len(s["tasks"]) for s in data["sections"]] == [9, 5, 1]
    book = load_workbook(out)
    assert book["逾期事项"].max_row == 3 + len(data["overdue"])
    assert set(task_of(data, "三(一)1")) == {"ref", "title", "leaders", "departments", "milestones", "light",
                                            "townships", "totals"}


def test_export_needs_a_readable_period_and_somewhere_to_write(run):
    bad = run("export", "--period", "2020-13", "--out", "x.xlsx")
    assert bad.exit_code == 2 and "2020-Q2" in bad.output
    nowhere = run("export", "--period", "2020")
    assert nowhere.exit_code == 2 and "--out" in nowhere.output


def test_rows_are_as_tall_as_their_wrapped_text(run, loaded_db, monkeypatch, tmp_path):
    monkeypatch.setenv("BOT_NOW", NOW)
    run("export", "--period", "2020", "--out", tmp_path / "year.xlsx")
    sheet = load_workbook(tmp_path / "year.xlsx")["(一)脱贫攻坚方面"]
    # 29 township names in 未汇报乡镇 (24 wide) take many lines; the heading row takes one.
    assert sheet.row_dimensions[4].height >= 15 * 8 and sheet.row_dimensions[3].height is None
