"""A second county's plan (隆化县 2021, tests/corpora/plans/), written by a helper who never saw the
code, read in every supported format with the real parser and checked field by field against what a
perfect reader gets (longhua-2021-expected.json).

Formats: the plan's text as .txt (UTF-8 and GB18030) and as a .docx of paragraphs; its task table
(longhua-2021-table.json) as .xlsx, .xls (序号/工作任务 merged down over continuation rows, as
spreadsheets are made) and as a table in a .docx. A task table carries no "三、重点任务" heading, so
its refs are (一)1 where the text's are 三(一)1; everything else is the same.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.counties import load_counties
from core.plan_parser import ParsedPlan, parse_plan_file, parse_plan_text
from config.settings import COUNTIES_DIR

PLANS = Path(__file__).resolve().parents[1] / "corpora" / "plans"
TEXT = (PLANS / "longhua-2021-plan.txt").read_text(encoding="utf-8")
ROWS = json.loads((PLANS / "longhua-2021-table.json").read_text(encoding="utf-8"))
EXPECTED = json.loads((PLANS / "longhua-2021-expected.json").read_text(encoding="utf-8"))
TABLE_TITLE = "隆化县民政局2021年巩固拓展脱贫攻坚成果同乡村振兴有效衔接重点工作任务清单"
COLUMNS = ["序号", "工作任务", "具体措施", "责任领导", "责任股室", "完成时限"]

# Not in the expected file: the title (and the shared heading of a task in parts) each task gets.
TITLES = {
    "三(一)1": (None, "开展农村低收入人口集中排查,确保符合条件人员应保尽保"),
    "三(一)2": (None, "落实过渡期兜底保障政策,稳步提高社会救助标准"),
    "三(一)3-1": ("健全临时救助和急难救助机制,兜住兜牢困难群众基本生活底线", "发挥临时救助“救急难”作用"),
    "三(一)3-2": ("健全临时救助和急难救助机制,兜住兜牢困难群众基本生活底线", "做好受疫情影响困难群众兜底保障"),
    "三(一)4": (None, "落实好困难残疾人生活补贴和重度残疾人护理补贴"),
    "三(二)1": (None, "建立健全农村低收入人口动态监测机制"),
    "三(二)2": (None, "扎实开展问题整改“回头看”"),
    "三(二)3-1": ("激发脱贫群众内生动力,推进乡风文明建设", "指导各乡镇、村修订完善村规民约和居民公约,充分发挥村民议事会、"
                  "红白理事会等群众组织作用,推动治理高价彩礼、人情攀比、厚葬薄养等陈规陋习"),
    "三(二)3-2": ("激发脱贫群众内生动力,推进乡风文明建设", "深入开展结对帮扶,局机关干部职工定期深入帮扶村和帮扶户走访入户,"
                  "宣讲过渡期各项帮扶政策,帮助解决实际困难,引导群众通过自身努力增收致富"),
    "三(三)1": (None, "加快补齐农村养老服务短板"),
    "三(三)2": (None, "加强农村留守儿童和困境儿童关爱保护"),
    "三(四)1": (None, "深化农村殡葬改革,推进农村公益性公墓建设"),
}


# --------------------------------------------------------------------------- building the files

def grid() -> tuple[list[list[str]], list[tuple[int, int, int, int]]]:
    """Title row, blank row, header, data; and the merges (first_row, first_col, last_row, last_col):
    the title across, 序号 and 工作任务 down over each continuation row."""
    rows = [[TABLE_TITLE] + [""] * 5, [""] * 6, list(COLUMNS)]
    merges = [(0, 0, 0, 5)]
    for row in ROWS:
        if not row["序号"] and not row["工作任务"]:
            for col in (0, 1):
                merges.append((len(rows) - 1, col, len(rows), col))
        rows.append([row[c] for c in COLUMNS])
    return rows, merges


def write_txt(path: Path, encoding: str) -> Path:
    path.write_bytes(TEXT.encode(encoding))
    return path


def write_docx_paragraphs(path: Path) -> Path:
    import docx

    document = docx.Document()
    for line in TEXT.split("\n"):
        document.add_paragraph(line)
    document.save(str(path))
    return path


def write_docx_table(path: Path) -> Path:
    import docx

    rows, merges = grid()
    document = docx.Document()
    document.add_paragraph("附件")
    document.add_paragraph(TABLE_TITLE)
    table = document.add_table(rows=len(rows) - 2, cols=6)
    for r, row in enumerate(rows[2:]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    for r0, c0, r1, c1 in merges:
        if r0 >= 2:
            table.cell(r0 - 2, c0).merge(table.cell(r1 - 2, c1))
    document.save(str(path))
    return path


def write_xlsx(path: Path) -> Path:
    import openpyxl

    rows, merges = grid()
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "任务清单"
    for r, row in enumerate(rows, 1):
        for c, value in enumerate(row, 1):
            if value:
                sheet.cell(row=r, column=c, value=float(value) if value.isdigit() else value)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=6)  # continuation rows left blank
    workbook.save(path)
    return path


def write_xls(path: Path) -> Path:
    import xlwt

    rows, merges = grid()
    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("任务清单")
    covered = set()
    for r0, c0, r1, c1 in merges:
        sheet.write_merge(r0, r1, c0, c1, rows[r0][c0])
        covered |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value and (r, c) not in covered:
                sheet.write(r, c, int(value) if value.isdigit() else value)
    workbook.save(str(path))
    return path


FORMATS = {
    "txt-utf8": lambda tmp: write_txt(tmp / "隆化县2021年推进方案.txt", "utf-8"),
    "txt-gb18030": lambda tmp: write_txt(tmp / "隆化县2021年推进方案.txt", "gb18030"),
    "docx-paragraphs": lambda tmp: write_docx_paragraphs(tmp / "隆化县2021年推进方案.docx"),
    "docx-table": lambda tmp: write_docx_table(tmp / "任务清单.docx"),
    "xlsx": lambda tmp: write_xlsx(tmp / "任务清单.xlsx"),
    "xls": lambda tmp: write_xls(tmp / "任务清单.xls"),
}
TABLES = {"docx-table", "xlsx", "xls"}


# --------------------------------------------------------------------------- reading them

def province_of(county: str) -> str | None:
    return next(c.province for c in load_counties(COUNTIES_DIR) if c.name == county)


def read(fmt: str, tmp_path: Path) -> ParsedPlan:
    return parse_plan_file(FORMATS[fmt](tmp_path), province=province_of("隆化县"))


def task_fields(plan: ParsedPlan, fmt: str) -> list[dict]:
    out = []
    for t in plan.tasks:
        ref = plan.ref(t)
        out.append({
            "ref": "三" + ref if fmt in TABLES else ref,
            "section_number": t.section_number, "number": t.number, "part": t.part,
            "leaders": t.leaders, "departments": t.departments, "deadline_text": t.deadline_text,
            "measures": t.measures,
            "milestones": [{"kind": m.kind, "due": m.due.isoformat() if m.due else None, "every": m.every}
                           for m in t.milestones],
        })
    return out


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_field_of_every_task(fmt, tmp_path):
    plan = read(fmt, tmp_path)
    got = task_fields(plan, fmt)
    assert [t["ref"] for t in got] == [t["ref"] for t in EXPECTED["tasks"]]
    for mine, wanted in zip(got, EXPECTED["tasks"]):
        for key, value in mine.items():
            assert value == wanted[key], f"{fmt} {wanted['ref']} {key}"
    assert all(t.deadline_error is None for t in plan.tasks)


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_titles_headings_and_sections(fmt, tmp_path):
    plan = read(fmt, tmp_path)
    for t in plan.tasks:
        ref = ("三" if fmt in TABLES else "") + plan.ref(t)
        assert (t.heading, t.title) == TITLES[ref], f"{fmt} {ref}"
    sections = [{"heading": s.heading or "三", "number": s.number, "title": s.title} for s in plan.sections]
    assert sections == EXPECTED["sections"]


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_plan_head(fmt, tmp_path):
    plan = read(fmt, tmp_path)
    assert (plan.year, plan.county) == (2021, "隆化县")
    if fmt in TABLES:
        assert plan.title == TABLE_TITLE  # a task list is its own document
    else:
        assert (plan.title, plan.publisher) == (EXPECTED["plan"]["title"], EXPECTED["plan"]["publisher"])


def test_the_narrative_of_its_closing_part_is_no_task(tmp_path):
    # 四、工作要求 has (一)…(四) of its own, one of them naming 周调度、月通报、季考评 outside any 完成时限
    plan = read("txt-utf8", tmp_path)
    assert [s.title for s in plan.sections][-1] == "深化农村殡葬改革方面"
    assert not any("督导调度" in t.title or "周调度" in t.deadline_text for t in plan.tasks)


def test_seasons_are_read_with_the_county_province():
    assert province_of("隆化县") == "河北" and province_of("丰宁满族自治县") == "河北"
    text = TEXT.replace("立冬前完成困难群众生活状况集中排查", "供暖季前完成困难群众生活状况集中排查")
    plan = parse_plan_text(text, "隆化.txt", province="河北")
    task = next(t for t in plan.tasks if "供暖季" in t.deadline_text)
    assert [m.due.isoformat() for m in task.milestones if m.due] == ["2021-04-30", "2021-11-14"]
    assert "按河北供暖季11月15日开始计" in task.milestones[1].label
    unknown = parse_plan_text(text, "隆化.txt")
    task = next(t for t in unknown.tasks if "供暖季" in t.deadline_text)
    assert task.milestones == [] and "季节性时间需人工确定" in task.deadline_error
