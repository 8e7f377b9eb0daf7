"""月对标、季对表、年对账: where every task stands for a period, as data and as a printable workbook.

The milestones shown are those due in the period, earlier ones still open (carried over), and
ongoing work; the lights and the townships' reports are as they stand at the time of export.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from dateutil.relativedelta import relativedelta
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from sqlalchemy.orm import Session

from core import status_light
from core.milestones import occurrence_on_or_after
from models import Milestone, Plan
from services import assignments, standing

_QUARTERS = "一二三四"


@dataclass(frozen=True)
class Period:
    name: str  # as typed: 2020-05, 2020-Q2, 2020
    kind: str  # month / quarter / year
    start: date
    end: date

    @property
    def label(self) -> str:
        if self.kind == "month":
            return f"{self.start.year}年{self.start.month}月"
        if self.kind == "quarter":
            return f"{self.start.year}年第{_QUARTERS[(self.start.month - 1) // 3]}季度"
        return f"{self.start.year}年"

    @property
    def checkin(self) -> str:
        return {"month": "月对标", "quarter": "季对表", "year": "年对账"}[self.kind]


def parse_period(text: str) -> Period:
    """2020-05 (a month), 2020-Q2 (a quarter) or 2020 (a year); ValueError says what is accepted."""
    text = text.strip().upper()
    found = re.fullmatch(r"(\d{4})(?:-(?:(\d{1,2})|Q([1-4])))?", text)
    month = int(found.group(2)) if found and found.group(2) else None
    if not found or (month is not None and not 1 <= month <= 12):
        raise ValueError(f"期间“{text}”无法识别:请写 2020-05(月)、2020-Q2(季度)或 2020(年度)")
    year = int(found.group(1))
    if month is not None:
        start, months, kind = date(year, month, 1), 1, "month"
    elif found.group(3):
        start, months, kind = date(year, 3 * int(found.group(3)) - 2, 1), 3, "quarter"
    else:
        start, months, kind = date(year, 1, 1), 12, "year"
    return Period(text, kind, start, start + relativedelta(months=months, days=-1))


# --- the data --------------------------------------------------------------------------------

def checkin_report(session: Session, plan: Plan, period: Period, now: datetime, tz) -> dict:
    """Every task of the plan by section, for the period, and the overdue items up to its end."""
    today = now.astimezone(tz).date()
    tasks = assignments.all_tasks(session, plan)
    items = {s.task.id: s for s in standing.standings(session, tasks, today)}
    sections = []
    for section in plan.sections:
        rows = [_task_json(items[t.id], period, today, tz) for t in tasks if t.section_id == section.id]
        if rows:
            sections.append({"heading": section.heading, "number": section.number, "title": section.title,
                             "tasks": rows})
    late = standing.overdue_items(session, standing.Scope("", tasks), today)
    return {
        "plan": {"title": plan.title, "year": plan.year, "county": plan.county},
        "period": {"name": period.name, "kind": period.kind, "label": period.label, "checkin": period.checkin,
                   "start": period.start.isoformat(), "end": period.end.isoformat()},
        "as_of": now.astimezone(tz).isoformat(timespec="minutes"),
        "sections": sections,
        "overdue": [_overdue_json(item) for item in late if item.due.due <= period.end],
    }


def _task_json(item: standing.Standing, period: Period, today: date, tz) -> dict:
    task = item.task
    light = item.light
    return {
        "ref": task.ref,
        "title": task.title,
        "leaders": [p.name for p in task.leaders],
        "departments": list(dict.fromkeys(link.as_written for link in task.department_links)),
        "milestones": [m for ms in standing.active_milestones(task) for m in _in_period(ms, period, today)],
        "light": {"colour": light.colour, "word": light.word, "text": light.text()},
        "townships": [_township_json(s, tz) for s in item.townships],
        "totals": item.totals,
    }


def _in_period(milestone: Milestone, period: Period, today: date) -> list[dict]:
    """The milestone's entries for the period: its date in it, an occurrence in it, or still open."""
    done = milestone.done_at is not None

    def entry(due: date | None) -> dict:
        late = not done and due is not None and not milestone.every and due < today
        return {"due": due.isoformat() if due else None, "kind": milestone.kind, "every": milestone.every,
                "label": milestone.label, "text": status_light.describe(standing.steps([milestone])[0], due),
                "done": done, "overdue": late}

    if milestone.due is None:
        return [entry(None)]
    if milestone.every:
        dues, day = [], period.start
        while (due := occurrence_on_or_after(milestone.due, milestone.every, day)) <= period.end:
            dues.append(due)
            day = due + relativedelta(days=1)
        return [entry(due) for due in dues]
    if period.start <= milestone.due <= period.end or (milestone.due < period.start and not done):
        return [entry(milestone.due)]
    return []


def _township_json(state: standing.TownshipState, tz) -> dict:
    report = state.report
    return {
        "township": state.name,
        "status": state.status,
        "status_text": standing.STATUS_WORDS[state.status],
        "reported_at": report.created_at.astimezone(tz).isoformat(timespec="minutes") if report else None,
        "reporter": report.reporter.name if report and report.reporter else None,
        "figures": report.figures if report else [],
        "report_id": report.id if report else None,
    }


def _overdue_json(item: standing.DueItem) -> dict:
    return {
        "ref": item.task.ref,
        "title": item.task.title,
        "milestone": item.due.what(),
        "due": item.due.due.isoformat(),
        "days_overdue": -item.due.days,
        "leaders": [p.name for p in item.task.leaders],
        "pending": [t.name for t in item.pending],
    }


# --- the workbook ----------------------------------------------------------------------------

TASK_COLUMNS = (("编号", 9), ("任务", 34), ("责任领导", 10), ("责任股室", 16), ("本期时间节点", 28),
                ("状态", 8), ("已完成乡镇", 20), ("进行中/受阻", 18), ("未汇报乡镇", 24),
                ("各乡镇数字", 28), ("合计", 16))
OVERDUE_COLUMNS = (("编号", 9), ("任务", 40), ("逾期节点", 28), ("到期日", 11), ("逾期天数", 9),
                   ("责任领导", 12), ("未报完成乡镇", 50))
FILLS = {status_light.RED: "FFC7CE", status_light.YELLOW: "FFEB9C", status_light.GREEN: "C6EFCE",
         status_light.DONE: "D9D9D9"}
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")


def write_workbook(report: dict, path: Path) -> Path:
    path = Path(path)
    workbook(report).save(path)
    return path


def workbook(report: dict) -> Workbook:
    """One sheet per section, then 逾期事项; landscape, fitted to the page width, header repeated."""
    book = Workbook()
    book.remove(book.active)
    title = f"{report['plan']['title']} {report['period']['label']}{report['period']['checkin']}"
    stamp = f"统计时间:{report['as_of'].replace('T', ' ')}(状态为统计时的情况)"
    for section in report["sections"]:
        sheet = book.create_sheet(_sheet_name(f"({section['number']}){section['title']}"))
        heading = f"{section['heading']}、({section['number']}){section['title']}" if section["heading"] else section["title"]
        _frame(sheet, title, f"{heading}  {stamp}", TASK_COLUMNS)
        for task in section["tasks"]:
            sheet.append(_task_row(task))
            cell = sheet.cell(sheet.max_row, 6)
            cell.fill = PatternFill("solid", fgColor=FILLS[task["light"]["colour"]])
        _finish(sheet, len(TASK_COLUMNS))
    sheet = book.create_sheet("逾期事项")
    _frame(sheet, title, f"截至{report['period']['end']}到期而未完成的时间节点  {stamp}", OVERDUE_COLUMNS)
    for item in report["overdue"]:
        sheet.append([item["ref"], item["title"], item["milestone"], item["due"], item["days_overdue"],
                      "、".join(item["leaders"]), _names(item["pending"])])
    if not report["overdue"]:
        sheet.append(["", "无逾期事项"])
    _finish(sheet, len(OVERDUE_COLUMNS))
    return book


def _sheet_name(name: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", "", name)[:31]


def _frame(sheet, title: str, subtitle: str, columns) -> None:
    """Title, subtitle and header rows, column widths, and the print setup."""
    width = len(columns)
    for row, (text, size) in enumerate(((title, 14), (subtitle, 10)), start=1):
        sheet.cell(row, 1, text).font = Font(bold=row == 1, size=size)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    sheet.append([name for name, _ in columns])
    for index, (_, chars) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = chars
        header = sheet.cell(3, index)
        header.font = Font(bold=True)
        header.fill = PatternFill("solid", fgColor="DDEBF7")
        header.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        header.border = _BORDER
    sheet.freeze_panes = "A4"
    sheet.print_title_rows = "3:3"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.oddFooter.center.text = "第 &P 页,共 &N 页"


def _finish(sheet, width: int) -> None:
    """Wrap and frame the body; rows as tall as their wrapped text (Excel does not measure on open)."""
    for row in sheet.iter_rows(min_row=4, max_col=width):
        lines = 1
        for cell in row:
            cell.alignment = _WRAP
            cell.border = _BORDER
            chars = sheet.column_dimensions[cell.column_letter].width
            lines = max(lines, _wrapped_lines(str(cell.value or ""), chars))
        sheet.row_dimensions[row[0].row].height = min(409, 15 * lines)


def _wrapped_lines(text: str, width: float) -> int:
    """Lines the text takes in a column `width` characters wide (a Chinese character is two)."""
    return sum(max(1, -(-sum(2 if ord(c) > 0x2E80 else 1 for c in line) // max(1, int(width) - 1)))
               for line in text.split("\n"))


def _task_row(task: dict) -> list:
    townships = task["townships"]
    done = [t["township"] for t in townships if t["status"] == "done"]
    working = [f"{t['township']}({t['status_text']})" for t in townships
               if t["status"] not in ("done", standing.NOT_REPORTED)]
    silent = [t["township"] for t in townships if t["status"] == standing.NOT_REPORTED]
    figures = [f"{t['township']}:" + "、".join(standing.figure_text(f) for f in _numeric(t["figures"]))
               for t in townships if _numeric(t["figures"])]
    no_township = not townships
    return [
        task["ref"], task["title"], "、".join(task["leaders"]), "、".join(task["departments"]),
        "\n".join(_milestone_text(m) for m in task["milestones"]) or "本期无时间节点",
        task["light"]["word"],
        "不涉及乡镇" if no_township else f"{len(done)}/{len(townships)}" + (f"\n{'、'.join(done)}" if done else ""),
        "\n".join(working),
        "" if no_township else _names(silent),
        "\n".join(figures),
        "\n".join(standing.figure_text(f) for f in task["totals"]),
    ]


def _numeric(figures: list) -> list:
    return [f for f in figures if isinstance(f.get("value"), (int, float))]


def _milestone_text(milestone: dict) -> str:
    state = "已完成" if milestone["done"] else "逾期" if milestone["overdue"] else ""
    return milestone["text"] + (f"({state})" if state else "")


def _names(names: list[str]) -> str:
    return f"{len(names)}个:{'、'.join(names)}" if names else ""
