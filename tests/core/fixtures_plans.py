"""Test documents for core.plan_parser: the seed plan's location and small task-list tables
written as .xlsx / .xls / .docx into a test's tmp_path."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

SEED_PLAN = (
    Path(__file__).resolve().parents[2].parent / "shared" / "seeds" / "fengning-minzheng-2020-plan.txt"
)


def seed_text() -> str:
    """The seed plan's text; skips the test when ../shared is not there."""
    if not SEED_PLAN.is_file():
        pytest.skip(f"seed plan not available: {SEED_PLAN}")
    return SEED_PLAN.read_text(encoding="utf-8")


def full_width_structure(text: str) -> str:
    """The same plan with full-width punctuation in its structure: （一） 1． 2、 （3） 责任领导：…"""
    out = []
    for i, line in enumerate(text.split("\n")):
        line = re.sub(r"^\(([一二三四五六七八九十]+)\)", r"（\1）", line)
        style = i % 3
        if style == 0:
            line = re.sub(r"^(\d+)\.", r"\1．", line)
        elif style == 1:
            line = re.sub(r"^(\d+)\.", r"\1、", line)
        else:
            line = re.sub(r"^(\d+)\.", r"（\1）", line)
        line = re.sub(r"^(责任领导|责任股室|完成时限):", r"\1：", line)
        out.append(line)
    return "\n".join(out)


# --------------------------------------------------------------------------- a small task list

TABLE_TITLE = "丰宁县民政局2020年三农领域重点工作任务清单"

# Shuffled column order, whitespace/newlines inside header cells, an extra 备注 column.
HEADER = ["责任股室", "序 号", "工作\n任务", "完成时限", "具体措施", "责任领导", "备注"]
_COLUMN = {"责任股室": 0, "序号": 1, "工作任务": 2, "完成时限": 3, "具体措施": 4, "责任领导": 5, "备注": 6}

# (kind, content, columns merged down onto the next row)
TABLE_ROWS: list[tuple[str, object, tuple[str, ...]]] = [
    ("section", "一、脱贫攻坚方面", ()),
    (
        "task",
        {
            "序号": 1.0,  # a float, as spreadsheets store numbers
            "工作任务": "聚焦剩余贫困人口,全部纳入低保。",
            "具体措施": "一是核查未纳入低保的贫困户;\n二是及时纳入保障范围。",
            "责任领导": "李晓芬、杨亚威",
            "责任股室": "社会救助股、各乡镇(开发区)民政办",
            "完成时限": "5月底前",
            "备注": "重点",
        },
        (),
    ),
    (
        "task",
        {
            "序号": 2.0,
            "工作任务": "进一步提升兜底保障能力。",
            "具体措施": "加强有效衔接,脱贫不脱政策。一是保留低保政策;二是给予渐退期。",
            "责任领导": "李晓芬",
            "责任股室": "社会救助股",
            "完成时限": "长期工作",
        },
        ("序号", "工作任务"),  # merged over the continuation row below
    ),
    (
        "continuation",  # blank 序号 and 工作任务, its own 责任/时限: part 2 of task 2
        {
            "具体措施": "加大核查力度,确保“应保尽保”。一是建立台账;二是按程序纳入;三是动态监测。",
            "责任领导": "杨亚威",
            "责任股室": "社会福利股 项目办",
            "完成时限": "4月底前",
        },
        (),
    ),
    ("section", "(二)补齐短板方面", ()),
    (
        "task",
        {
            "序号": 1.0,
            "工作任务": "全面提高保障标准。一是提高农村低保标准;二是提高特困供养标准。",
            "责任领导": "李晓芬",
            "责任股室": "社会救助股",
            "完成时限": "3月底前",
            "备注": "",
        },
        (),
    ),
]

# (section_number, section, number, part, heading, title, measures, leaders, departments, deadline_text)
TABLE_EXPECTED = [
    (
        "一", "脱贫攻坚方面", "1", 1, None, "聚焦剩余贫困人口,全部纳入低保",
        ["核查未纳入低保的贫困户", "及时纳入保障范围"],
        ["李晓芬", "杨亚威"], ["社会救助股", "各乡镇(开发区)民政办"], "5月底前",
    ),
    (
        "一", "脱贫攻坚方面", "2", 1, "进一步提升兜底保障能力", "加强有效衔接,脱贫不脱政策",
        ["保留低保政策", "给予渐退期"],
        ["李晓芬"], ["社会救助股"], "长期工作",
    ),
    (
        "一", "脱贫攻坚方面", "2", 2, "进一步提升兜底保障能力", "加大核查力度,确保“应保尽保”",
        ["建立台账", "按程序纳入", "动态监测"],
        ["杨亚威"], ["社会福利股", "项目办"], "4月底前",
    ),
    (
        "二", "补齐短板方面", "1", 1, None, "全面提高保障标准",
        ["提高农村低保标准", "提高特困供养标准"],
        ["李晓芬"], ["社会救助股"], "3月底前",
    ),
]


def table_grid(header: list[str] | None = None) -> tuple[list[list[object]], list[tuple[int, int, int, int]]]:
    """The task list as a grid (row 0 title, row 1 blank, row 2 header, then data) and its merges
    as (first_row, first_col, last_row, last_col), 0-based inclusive."""
    header = HEADER if header is None else header
    width = len(header)
    grid: list[list[object]] = [[TABLE_TITLE] + [None] * (width - 1), [None] * width, list(header)]
    merges = [(0, 0, 0, width - 1)]
    for kind, content, merged_down in TABLE_ROWS:
        row: list[object] = [None] * width
        if kind == "section":
            row[0] = content
            merges.append((len(grid), 0, len(grid), width - 1))
        else:
            for name, value in content.items():
                if _COLUMN[name] < width and header[_COLUMN[name]].replace(" ", "").replace("\n", "") == name:
                    row[_COLUMN[name]] = value
            for name in merged_down:
                col = _COLUMN[name]
                merges.append((len(grid), col, len(grid) + 1, col))
        grid.append(row)
    return grid, merges


def build_xlsx(path: Path, header: list[str] | None = None) -> Path:
    import openpyxl

    grid, merges = table_grid(header)
    workbook = openpyxl.Workbook()
    notes = workbook.active
    notes.title = "说明"
    notes["A1"] = "本表由办公室汇总"  # a first sheet without the task list
    sheet = workbook.create_sheet("任务清单")
    for r, row in enumerate(grid, 1):
        for c, value in enumerate(row, 1):
            if value is not None:
                sheet.cell(row=r, column=c, value=value)
    for r0, c0, r1, c1 in merges:
        sheet.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)
    workbook.save(path)
    return path


def build_xls(path: Path, header: list[str] | None = None) -> Path:
    import xlwt

    grid, merges = table_grid(header)
    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("任务清单")
    covered = set()
    for r0, c0, r1, c1 in merges:
        sheet.write_merge(r0, r1, c0, c1, grid[r0][c0])
        covered |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
    for r, row in enumerate(grid):
        for c, value in enumerate(row):
            if value is not None and (r, c) not in covered:
                sheet.write(r, c, value)
    workbook.save(str(path))
    return path


def build_docx_table(path: Path, header: list[str] | None = None) -> Path:
    """The task list as a Word table, the title as a paragraph above it."""
    import docx

    grid, merges = table_grid(header)
    document = docx.Document()
    document.add_paragraph(TABLE_TITLE)
    document.add_paragraph("")
    table_rows = grid[2:]  # header and data; title is the paragraph above
    table = document.add_table(rows=len(table_rows), cols=len(table_rows[0]))
    for r, row in enumerate(table_rows):
        for c, value in enumerate(row):
            if value is not None:
                text = str(int(value)) if isinstance(value, float) else str(value)
                table.cell(r, c).text = text
    for r0, c0, r1, c1 in merges:
        if r0 >= 2:
            table.cell(r0 - 2, c0).merge(table.cell(r1 - 2, c1))
    document.save(str(path))
    return path


def build_docx_paragraphs(path: Path, text: str) -> Path:
    """A Word document holding text one paragraph per line."""
    import docx

    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    document.save(str(path))
    return path
