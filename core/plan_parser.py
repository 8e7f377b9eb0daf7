"""Read a bureau's annual work plan (推进方案 / 任务清单) into dated tasks.

Pure: no Flask, no database, no WeChat. Entry points:

- parse_plan_file(path, year=None, province=None)   .txt .docx .xlsx .xls .json
- parse_plan_text(text, source, year=None)
- parse_task_rows(rows, source, year=None, title=None)   a task-list table

Every problem with the document is a PlanFormatError naming the file (and the line or row).
A 完成时限 the deadline grammar (core.deadlines) cannot read is not an error: the task is kept
with ``deadline_error`` set and no milestones.
"""
from __future__ import annotations

import datetime as _dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

from core import deadlines as _deadlines
from core.deadlines import DeadlineError, Milestone
from core.plan_document import Part, document_parts

__all__ = [
    "ParsedPlan",
    "ParsedSection",
    "ParsedTask",
    "PlanFormatError",
    "parse_plan_file",
    "parse_plan_text",
    "parse_task_rows",
]

DeadlineReader = Callable[[str, int], "list[Milestone]"]

SUPPORTED_SUFFIXES = (".txt", ".docx", ".xlsx", ".xls", ".json")


# --------------------------------------------------------------------------- errors


class PlanFormatError(ValueError):
    """The plan document cannot be read; names the file and, where known, the line (or row)."""

    def __init__(self, path: str | Path, line: int | None, reason: str):
        self.path = str(path)
        self.line = line
        self.reason = reason
        name = Path(self.path).name or self.path
        where = f"{name} 第{line}行" if line else name
        super().__init__(f"{where}:{reason}")


# --------------------------------------------------------------------------- data


@dataclass
class ParsedSection:
    number: str  # "一" — the (一) of the section
    title: str  # "脱贫攻坚方面"
    heading: str | None  # "三" — the top-level heading it sits under
    position: int  # 1-based order among the plan's sections

    def to_json(self) -> dict:
        return {"number": self.number, "title": self.title, "heading": self.heading}


@dataclass
class ParsedTask:
    section_number: str
    section: str
    number: str
    part: int
    heading: str | None
    title: str
    # The original text of the block. A plan rebuilt by from_json from JSON without it carries an
    # approximation (title + measures); it is left out of equality for that reason.
    body: str = field(compare=False)
    measures: list[str] = field(default_factory=list)
    leaders: list[str] = field(default_factory=list)
    departments: list[str] = field(default_factory=list)
    deadline_text: str = ""
    milestones: list[Milestone] = field(default_factory=list)
    deadline_error: str | None = None
    line: int = 0

    @property
    def key(self) -> tuple[str, str, int]:
        return (self.section_number, self.number, self.part)

    def to_json(self) -> dict:
        return {
            "section": self.section,
            "section_number": self.section_number,
            "number": self.number,
            "part": self.part,
            "heading": self.heading,
            "title": self.title,
            "measures": list(self.measures),
            "leaders": list(self.leaders),
            "departments": list(self.departments),
            "deadline_text": self.deadline_text,
            "milestones": [m.to_json() for m in self.milestones],
            "deadline_error": self.deadline_error,
            "line": self.line,
            "body": self.body,
        }

    @classmethod
    def from_json(cls, data: dict) -> "ParsedTask":
        title = str(data["title"])
        measures = [str(m) for m in data.get("measures") or []]
        return cls(
            section_number=str(data.get("section_number") or ""),
            section=str(data["section"] or ""),
            number=str(data["number"]),
            part=int(data.get("part") or 1),
            heading=data.get("heading"),
            title=title,
            body=str(data.get("body") or _compose_body(title, measures)),
            measures=measures,
            leaders=[str(x) for x in data["leaders"]],
            departments=[str(x) for x in data["departments"]],
            deadline_text=str(data["deadline_text"]),
            milestones=[Milestone.from_json(m) for m in data["milestones"]],
            deadline_error=data.get("deadline_error"),
            line=int(data.get("line") or 0),
        )


@dataclass
class ParsedPlan:
    title: str
    year: int
    county: str | None
    publisher: str | None
    source: str
    sections: list[ParsedSection] = field(default_factory=list)
    tasks: list[ParsedTask] = field(default_factory=list)
    # The plan's parts outside the task blocks (preamble, 指导思想, 工作要求…), for the answers.
    document: list[Part] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "plan": {
                "title": self.title,
                "year": self.year,
                "county": self.county,
                "publisher": self.publisher,
                "source": self.source,
            },
            "sections": [s.to_json() for s in self.sections],
            "tasks": [t.to_json() for t in self.tasks],
            "document": [p.to_json() for p in self.document],
        }

    @classmethod
    def from_json(cls, data: dict) -> "ParsedPlan":
        """Rebuild a plan from to_json() output. Milestones are taken as stored, never re-parsed."""
        source = "plan.json"
        try:
            plan = data["plan"]
            source = str(plan.get("source") or source)
            return cls(
                title=str(plan["title"]),
                year=int(plan["year"]),
                county=plan.get("county"),
                publisher=plan.get("publisher"),
                source=source,
                sections=[
                    ParsedSection(
                        number=str(s["number"]),
                        title=str(s["title"]),
                        heading=s.get("heading"),
                        position=i,
                    )
                    for i, s in enumerate(data.get("sections") or [], 1)
                ],
                tasks=[ParsedTask.from_json(t) for t in data["tasks"]],
                document=[Part.from_json(p) for p in data.get("document") or []],
            )
        except PlanFormatError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError) as e:
            raise PlanFormatError(source, None, f"不是有效的方案JSON({type(e).__name__}: {e})") from e

    def ref(self, task: ParsedTask) -> str:
        """How `task` is cited, as models.Task.ref cites it once saved: 三(一)3-2."""
        heading = next((s.heading for s in self.sections if s.number == task.section_number), None)
        return task_ref(heading, task.section_number, task.number, task.part, task.heading is not None)

    def unreadable_deadlines(self) -> list[tuple[ParsedTask, str]]:
        return [(t, t.deadline_error) for t in self.tasks if t.deadline_error]


# --------------------------------------------------------------------------- vocabulary

_CN_DIGITS = "一二三四五六七八九十"
_CN_VALUE = {c: i for i, c in enumerate(_CN_DIGITS, 1)}

_TOP_RE = re.compile(rf"^([{_CN_DIGITS}]{{1,3}})\s*[、.．]\s*(\S.*)$")
_SECTION_RE = re.compile(rf"^[(（]\s*([{_CN_DIGITS}]{{1,3}})\s*[)）]\s*(\S.*)$")
_TASK_RE = re.compile(
    r"^(?:([0-9０-９]{1,3})\s*[.．、](?![0-9０-９])|[(（]\s*([0-9０-９]{1,3})\s*[)）])\s*(\S.*)$"
)

_LEADER_KEYS = ("责任领导", "牵头领导", "分管领导", "包联领导")
_DEPARTMENT_KEYS = ("责任股室", "责任科室", "责任单位", "责任部门", "牵头股室", "牵头单位")
_DEADLINE_KEYS = ("完成时限", "完成时间", "完成期限", "时限要求", "时间节点")
_BLOCK_KIND = {
    **{k: "leaders" for k in _LEADER_KEYS},
    **{k: "departments" for k in _DEPARTMENT_KEYS},
    **{k: "deadline" for k in _DEADLINE_KEYS},
}
_BLOCK_RE = re.compile(r"^(" + "|".join(_BLOCK_KIND) + r")\s*[:：]\s*(.*)$")

# 一是 / 二是 … at the start of the text or after punctuation / a line break.
_MEASURE_MARK_RE = re.compile(rf"(?:^|(?<=[。；;：:，,！？!?\s]))([{_CN_DIGITS}]{{1,3}})是")
_NUMBERED_LINE_RE = re.compile(r"^\s*(?:[0-9０-９]{1,3}\s*[.．、)）](?![0-9０-９])|[(（]\s*[0-9０-９]{1,3}\s*[)）])\s*")
_SENTENCE_END = "。！？!?"
_TRAILING_PUNCT = "。；;，,、：:！？!? \t\r\n\u3000"
_TITLE_WORDS_RE = re.compile(r"方案|计划|要点|清单")
_YEAR_IN_TEXT_RE = re.compile(r"((?:19|20)\d{2})\s*年")
_YEAR_IN_NAME_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_WRITTEN_DATE_RE = re.compile(r"成文日期\s*[:：]\s*((?:19|20)\d{2})")
_PUBLISHER_RE = re.compile(r"(?:发布机构|发文机关|发文单位)\s*[:：]\s*([^|｜\s]+)")
_COUNTY_RE = re.compile(r"^([\u4e00-\u9fff]{1,8}?(?:自治县|县|自治旗|旗|市|区))")

_OPEN_PARENS = "(（[【〔"
_CLOSE_PARENS = ")）]】〕"
_NAME_SEPARATORS = "、，,;；"


def task_ref(heading: str | None, section_number: str, number: str, part: int, has_parts: bool) -> str:
    """How a task is cited: 三(一)4, or 三(一)3-2 for a part of a task with several."""
    section = f"{heading or ''}({section_number})" if section_number else ""
    return f"{section}{number}" + (f"-{part}" if has_parts else "")


def _cn_to_int(s: str) -> int | None:
    if not s or any(c not in _CN_VALUE for c in s):
        return None
    if len(s) == 1:
        return _CN_VALUE[s]
    if s[0] == "十" and len(s) == 2:
        return 10 + _CN_VALUE[s[1]]
    if s[1] == "十" and len(s) in (2, 3):
        tens = _CN_VALUE[s[0]] * 10
        return tens + (_CN_VALUE[s[2]] if len(s) == 3 else 0)
    return None


def _int_to_cn(n: int) -> str:
    if n <= 10:
        return _CN_DIGITS[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_DIGITS[tens - 1]) + "十" + (_CN_DIGITS[ones - 1] if ones else "")


def _strip_end(s: str) -> str:
    return s.strip().rstrip(_TRAILING_PUNCT).strip()


def split_names(value: str) -> list[str]:
    """Split 责任领导 / 责任股室 on 、，,;； and whitespace, never inside parentheses."""
    items: list[str] = []
    buf: list[str] = []
    depth = 0
    for ch in value:
        if ch in _OPEN_PARENS:
            depth += 1
        elif ch in _CLOSE_PARENS:
            depth = max(0, depth - 1)
        elif depth == 0 and (ch in _NAME_SEPARATORS or ch.isspace()):
            items.append("".join(buf))
            buf = []
            continue
        buf.append(ch)
    items.append("".join(buf))
    return [x for x in (i.strip().rstrip("。.").strip() for i in items) if x]


def _measure_marks(text: str) -> list[re.Match]:
    """The 一是/二是… markers of text, in sequence (a stray 二是 out of order is ignored)."""
    marks: list[re.Match] = []
    for m in _MEASURE_MARK_RE.finditer(text):
        n = _cn_to_int(m.group(1))
        if n is None:
            continue
        if not marks:
            if n == 1 or m.start() == 0:
                marks.append(m)
        elif n == _cn_to_int(marks[-1].group(1)) + 1:
            marks.append(m)
    return marks


def _clean_measure(s: str) -> str:
    return _strip_end(re.sub(r"\s*\n\s*", "", s))


def split_measures(text: str) -> list[str]:
    """Measures of a task text: the 一是/二是… items, without prefix and trailing punctuation."""
    marks = _measure_marks(text)
    out = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        item = _clean_measure(text[m.end():end])
        if item:
            out.append(item)
    return out


def _split_measure_cell(text: str) -> list[str]:
    """Measures of a spreadsheet 具体措施 cell: 一是/二是…, else numbered lines, else lines."""
    text = text.strip()
    if not text:
        return []
    found = split_measures(text)
    if found:
        return found
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if sum(1 for ln in lines if _NUMBERED_LINE_RE.match(ln)) >= 1:
        items: list[str] = []
        for ln in lines:
            if _NUMBERED_LINE_RE.match(ln) or not items:
                items.append(_NUMBERED_LINE_RE.sub("", ln, count=1))
            else:
                items[-1] += ln
        return [x for x in (_strip_end(i) for i in items) if x]
    return [x for x in (_strip_end(ln) for ln in lines) if x]


def first_sentence(text: str) -> str:
    """Up to the first 。(or line break, or first 一是 marker), without trailing punctuation."""
    text = text.strip()
    marks = _measure_marks(text)
    if marks and marks[0].start() == 0:  # "一是下发文件…": the measure itself is the title
        text = text[marks[0].end():]
        marks = _measure_marks(text)
    cut = len(text)
    for i, ch in enumerate(text):
        if ch in _SENTENCE_END or ch == "\n":
            cut = i
            break
    if marks and 0 < marks[0].start() < cut:
        cut = marks[0].start()
    return _strip_end(text[:cut])


def _split_first_sentence(text: str) -> tuple[str, str]:
    """(first sentence incl. its 。, the rest)."""
    for i, ch in enumerate(text):
        if ch in _SENTENCE_END:
            return text[: i + 1], text[i + 1:].strip()
    return text, ""


def _compose_body(title: str, measures: list[str]) -> str:
    body = f"{title}。" if title else ""
    if measures:
        body += ";".join(f"{_int_to_cn(i)}是{m}" for i, m in enumerate(measures, 1)) + "。"
    return body


def _task_number(match: re.Match) -> str:
    return str(int(match.group(1) or match.group(2)))


def _province_reader(reader: DeadlineReader | None, province: str | None) -> DeadlineReader | None:
    """The deadline reader for a plan of `province` (season words are dated by province)."""
    if reader is not None or not province:
        return reader
    return lambda text, year: _deadlines.parse_deadline(text, year, province=province)


def _read_deadline(text: str, year: int, reader: DeadlineReader | None) -> tuple[list, str | None]:
    if not text.strip():
        return [], str(DeadlineError(text, "内容为空"))
    reader = reader or _deadlines.parse_deadline  # looked up per call: the grammar may be patched
    try:
        return list(reader(text, year)), None
    except DeadlineError as e:
        return [], str(e)


def _county_from(publisher: str | None, title: str | None) -> str | None:
    for s in (publisher, title):
        if not s:
            continue
        s = re.sub(r"^(?:关于)?(?:印发)?", "", s.strip())
        m = _COUNTY_RE.match(s)
        if m:
            return m.group(1)
    return None


def _year_from_name(source: str) -> int | None:
    m = _YEAR_IN_NAME_RE.search(Path(source).stem)
    return int(m.group(1)) if m else None


def _need_year(source: str) -> PlanFormatError:
    return PlanFormatError(source, None, "无法确定方案年份(正文、标题和文件名中都没有),请用 --year 指定")


# --------------------------------------------------------------------------- plain text


@dataclass
class _Part:
    line: int
    lines: list[tuple[int, str]]
    fields: dict[str, tuple[int, str, str]] = field(default_factory=dict)  # kind -> (line, key, value)


@dataclass
class _Item:
    number: str | None  # None: unnumbered, numbered by position later
    parts: list[_Part]


@dataclass
class _Scope:
    number: str
    title: str
    heading: str | None
    items: list[_Item] = field(default_factory=list)
    implicit: bool = False


def parse_plan_text(
    text: str,
    source: str = "plan.txt",
    year: int | None = None,
    *,
    read_deadline: DeadlineReader | None = None,
    province: str | None = None,
) -> ParsedPlan:
    """Parse a plan written as text (the seed format: headings, 1./一是…, 责任领导/责任股室/完成时限).

    `province` is the plan's (河北 …): the deadline grammar dates season words (雨季前) by it."""
    read_deadline = _province_reader(read_deadline, province)
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = re.split(r"\r\n|\r|\n", text)
    if not any(ln.strip() for ln in lines):
        raise PlanFormatError(source, None, "文件为空")

    numbered = [(i, ln.strip()) for i, ln in enumerate(lines, 1) if ln.strip()]

    # --- the document's head: title, publisher, year
    head: list[tuple[int, str]] = []
    for lineno, s in numbered:
        if _TOP_RE.match(s) or _SECTION_RE.match(s) or _TASK_RE.match(s) or _BLOCK_RE.match(s):
            break
        head.append((lineno, s))
    head = head[:10]
    head_text = "\n".join(s for _, s in head)
    explicit_title = _explicit_title([s for _, s in head])
    m = _PUBLISHER_RE.search(head_text)
    publisher = m.group(1) if m else None
    if year is None:
        year = _year_from_head(head_text, explicit_title) or _year_from_name(source)
    if year is None:
        raise _need_year(source)
    title = explicit_title or f"{publisher or ''}{year}年工作推进方案"

    scopes = _scan_structure(numbered, source)
    sections, tasks = _build_text_tasks(scopes, year, read_deadline)
    if not tasks:
        raise PlanFormatError(source, None, "没有找到任何任务(需要“1.……”以及“责任领导:”“完成时限:”等)")
    return ParsedPlan(
        title=title,
        year=int(year),
        county=_county_from(publisher, title),
        publisher=publisher,
        source=Path(source).name,
        sections=sections,
        tasks=tasks,
        document=document_parts(text),
    )


def _explicit_title(head: list[str]) -> str | None:
    for s in head:
        if len(s) > 60 or "|" in s or "｜" in s or s[-1] in "。；;，,：:！？!?":
            continue
        if _TITLE_WORDS_RE.search(s):
            return s
    return None


def _year_from_head(head_text: str, title: str | None) -> int | None:
    m = _WRITTEN_DATE_RE.search(head_text)
    if m:
        return int(m.group(1))
    for s in (title or "", head_text):
        m = _YEAR_IN_TEXT_RE.search(s)
        if m:
            return int(m.group(1))
    return None


def _scan_structure(numbered: list[tuple[int, str]], source: str) -> list[_Scope]:
    scope = _Scope("", "", None, implicit=True)
    scopes = [scope]
    top_number: str | None = None
    item: _Item | None = None
    part: _Part | None = None
    pending: list[tuple[int, str]] = []

    def close_item() -> None:
        nonlocal item, part
        if item is not None:
            last = item.parts[-1]
            if last.fields and "deadline" not in last.fields:
                raise _missing_deadline(source, last)
        item, part = None, None

    def close_scope() -> None:
        if any(p.fields for it in scope.items for p in it.parts):
            for it in scope.items:
                for p in it.parts:
                    if not p.fields:
                        raise _missing_deadline(source, p)
        else:  # narrative only (e.g. 四、工作要求): no tasks here
            scope.items.clear()

    for lineno, s in numbered:
        m = _BLOCK_RE.match(s)
        if m:
            key, value = m.group(1), m.group(2).strip()
            kind = _BLOCK_KIND[key]
            if pending:
                if item is None and scope.implicit:
                    raise PlanFormatError(source, lineno, f"{key}之前没有任务")
                if item is not None and item.number is not None:
                    prev = item.parts[-1]
                    if "deadline" not in prev.fields:
                        raise _missing_deadline(source, prev)
                    part = _Part(pending[0][0], pending)
                    item.parts.append(part)
                else:
                    close_item()
                    part = _Part(pending[0][0], pending)
                    item = _Item(None, [part])
                    scope.items.append(item)
                pending = []
            if part is None:
                raise PlanFormatError(source, lineno, f"{key}之前没有任务")
            if kind in part.fields:
                raise PlanFormatError(
                    source,
                    lineno,
                    f"{key}之前没有任务(上一条任务的{part.fields[kind][1]}已在第{part.fields[kind][0]}行)",
                )
            part.fields[kind] = (lineno, key, value)
            continue

        top = _TOP_RE.match(s)
        sec = None if top else _SECTION_RE.match(s)
        if top or sec:
            close_item()
            close_scope()
            pending = []
            if top:
                top_number = top.group(1)
                scope = _Scope(top.group(1), top.group(2).strip(), None)
            else:
                scope = _Scope(sec.group(1), sec.group(2).strip(), top_number)
            scopes.append(scope)
            continue

        task = _TASK_RE.match(s)
        if task:
            close_item()
            pending = []
            part = _Part(lineno, [(lineno, s)])
            item = _Item(_task_number(task), [part])
            scope.items.append(item)
            continue

        if part is not None and not part.fields:
            part.lines.append((lineno, s))
        else:
            pending.append((lineno, s))

    close_item()
    close_scope()
    return scopes


def _missing_deadline(source: str, part: _Part) -> PlanFormatError:
    text = part.lines[0][1]
    m = _TASK_RE.match(text)
    label = first_sentence(m.group(3) if m else text)
    if len(label) > 20:
        label = label[:20] + "…"
    return PlanFormatError(source, part.line, f"任务“{label}”缺少完成时限")


def _build_text_tasks(
    scopes: list[_Scope], year: int, reader: DeadlineReader | None
) -> tuple[list[ParsedSection], list[ParsedTask]]:
    sections: list[ParsedSection] = []
    tasks: list[ParsedTask] = []
    for scope in scopes:
        if not scope.items:
            continue
        if not scope.implicit:
            sections.append(ParsedSection(scope.number, scope.title, scope.heading, len(sections) + 1))
        for index, item in enumerate(scope.items, 1):
            number = item.number or str(index)
            parts = item.parts
            heading: str | None = None
            # (line, content text without the task number, original lines)
            contents: list[tuple[int, str, list[str]]] = []
            first_lines = [s for _, s in parts[0].lines]
            m = _TASK_RE.match(first_lines[0]) if item.number is not None else None
            lead = m.group(3) if m else first_lines[0]
            if len(parts) > 1 and m:
                head, rest = _split_first_sentence(lead)
                heading = _strip_end(head)
                body_lines = ([rest] if rest else []) + first_lines[1:]
                contents.append((parts[0].line, "\n".join(body_lines) or lead, first_lines))
            else:
                contents.append((parts[0].line, "\n".join([lead] + first_lines[1:]), first_lines))
            for p in parts[1:]:
                ls = [s for _, s in p.lines]
                contents.append((p.line, "\n".join(ls), ls))
            for part_no, (p, (line, content, original)) in enumerate(zip(parts, contents), 1):
                deadline_text = p.fields["deadline"][2]
                milestones, error = _read_deadline(deadline_text, year, reader)
                tasks.append(
                    ParsedTask(
                        section_number=scope.number,
                        section=scope.title,
                        number=number,
                        part=part_no,
                        heading=heading,
                        title=first_sentence(content),
                        body="\n".join(original),
                        measures=split_measures(content),
                        leaders=split_names(p.fields.get("leaders", (0, "", ""))[2]),
                        departments=split_names(p.fields.get("departments", (0, "", ""))[2]),
                        deadline_text=deadline_text,
                        milestones=milestones,
                        deadline_error=error,
                        line=line,
                    )
                )
    return sections, tasks


# --------------------------------------------------------------------------- task-list tables

_COLUMN_SYNONYMS: dict[str, tuple[str, ...]] = {
    "number": ("序号", "编号", "序"),
    "task": ("工作任务", "任务", "重点任务", "主要任务", "任务内容", "工作内容", "重点工作", "工作事项", "任务名称"),
    "measures": ("具体措施", "措施", "工作措施", "主要措施", "推进措施", "具体工作措施", "措施要求", "具体举措"),
    "leaders": ("责任领导", "牵头领导", "分管领导", "包联领导", "主管领导"),
    "departments": ("责任股室", "责任单位", "责任科室", "责任部门", "牵头股室", "牵头单位", "责任股"),
    "deadline": ("完成时限", "时限", "完成时间", "完成期限", "时间节点", "时限要求"),
}
_COLUMN_NAMES = {"task": "工作任务", "deadline": "完成时限"}
_HEADER_SCAN_ROWS = 20


def _cell_str(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (_dt.datetime, _dt.date)):
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value)


def _header_kind(cell: str) -> str | None:
    s = re.sub(r"\s+", "", cell)
    s = re.sub(r"[(（][^)）]*[)）]", "", s).rstrip(":：")
    for kind, names in _COLUMN_SYNONYMS.items():
        if s in names:
            return kind
    return None


def _find_header(rows: Sequence[Sequence[str]]) -> tuple[int, dict[str, int]] | None:
    best: tuple[int, dict[str, int]] | None = None
    for r, row in enumerate(rows[:_HEADER_SCAN_ROWS]):
        cols: dict[str, int] = {}
        for c, cell in enumerate(row):
            kind = _header_kind(cell)
            if kind and kind not in cols:
                cols[kind] = c
        if len(cols) >= 3:
            return r, cols
        if len(cols) == 2 and best is None and ("task" in cols or "deadline" in cols):
            best = (r, cols)
    return best


def _is_task_table(rows: Sequence[Sequence[str]]) -> bool:
    found = _find_header(rows)
    return found is not None and "task" in found[1] and "deadline" in found[1]


def _norm_number(value: str) -> str:
    s = value.strip()
    m = re.fullmatch(r"[(（]?\s*([0-9０-９]+)(?:\.0+)?\s*[)）.．、]?", s)
    return str(int(m.group(1))) if m else s


def _strip_task_number(text: str) -> str:
    m = _TASK_RE.match(text.strip())
    return m.group(3) if m else text.strip()


@dataclass
class _RowPart:
    line: int
    task: str
    measures: str
    leaders: str
    departments: str
    deadline: str


@dataclass
class _RowItem:
    number: str
    auto: bool  # numbered by position: the 序号 cell was blank
    line: int
    task: str  # the item's own 工作任务 text (first row)
    heading_text: str | None  # a row holding only 序号/工作任务, parts below it
    parts: list[_RowPart] = field(default_factory=list)


def parse_task_rows(
    rows: Sequence[Sequence[Any]],
    source: str,
    year: int | None = None,
    title: str | None = None,
    *,
    read_deadline: DeadlineReader | None = None,
    province: str | None = None,
) -> ParsedPlan:
    """Parse a task-list table (序号/工作任务/具体措施/责任领导/责任股室/完成时限, header found by name)."""
    return _parse_rows(rows, source, year, title, context="", read_deadline=_province_reader(read_deadline, province))


def _parse_rows(
    raw_rows: Sequence[Sequence[Any]],
    source: str,
    year: int | None,
    title: str | None,
    *,
    context: str,
    read_deadline: DeadlineReader | None,
) -> ParsedPlan:
    rows = [[_cell_str(c).strip() for c in row] for row in raw_rows]
    if not any(any(row) for row in rows):
        raise PlanFormatError(source, None, "文件为空")
    found = _find_header(rows)
    if found is None:
        raise PlanFormatError(
            source, None, f"前{_HEADER_SCAN_ROWS}行中没有找到任务清单表头(序号/工作任务/具体措施/责任领导/责任股室/完成时限)"
        )
    header_index, cols = found
    for kind in ("task", "deadline"):
        if kind not in cols:
            raise PlanFormatError(source, header_index + 1, f"表头缺少“{_COLUMN_NAMES[kind]}”列")

    # Title and year from the rows above the header (or the caller / surrounding document).
    above = []
    for row in rows[:header_index]:
        text = " ".join(dict.fromkeys(c for c in row if c))
        if text and not re.fullmatch(r"附[件表]\s*[0-9０-９]*\s*[:：]?", text):
            above.append(text)
    if title is None:
        title = next((t for t in above if _TITLE_WORDS_RE.search(t)), above[0] if above else None)
    if year is None:
        year = _year_from_head("\n".join(above) + "\n" + context, title) or _year_from_name(source)
    if year is None:
        raise _need_year(source)
    if not title:
        title = f"{year}年工作推进方案"

    def get(row: list[str], kind: str) -> str:
        i = cols.get(kind)
        return row[i].strip() if i is not None and i < len(row) else ""

    sections: list[ParsedSection] = []
    section_items: list[tuple[ParsedSection | None, list[_RowItem]]] = [(None, [])]
    current: _RowItem | None = None

    for r in range(header_index + 1, len(rows)):
        row, line = rows[r], r + 1
        values = [c for c in row if c]
        if not values:
            continue
        number_cell = get(row, "number")
        task_cell = get(row, "task")
        measures_cell = get(row, "measures")
        leaders_cell = get(row, "leaders")
        departments_cell = get(row, "departments")
        deadline_cell = get(row, "deadline")
        rest = measures_cell or leaders_cell or departments_cell or deadline_cell

        section = _section_row(values, number_cell, task_cell, rest)
        if section is not None:
            number, section_title = section
            ps = ParsedSection(number, section_title, None, len(sections) + 1)
            sections.append(ps)
            section_items.append((ps, []))
            current = None
            continue
        if not (number_cell or task_cell or rest):
            continue  # only extra columns (备注 …)
        if not (number_cell or task_cell or leaders_cell or departments_cell or deadline_cell):
            if current is not None and current.parts:  # a measures continuation line
                last = current.parts[-1]
                last.measures = (last.measures + "\n" + measures_cell).strip()
                continue

        number = _norm_number(number_cell)
        items = section_items[-1][1]
        is_heading_row = not rest
        starts_item = False
        if number:
            starts_item = current is None or current.auto or number != current.number
        else:
            starts_item = current is None or (current.auto and task_cell and task_cell != current.task)
        if starts_item:
            auto = not number
            current = _RowItem(
                number=number or str(len(items) + 1),
                auto=auto,
                line=line,
                task=task_cell,
                heading_text=task_cell if is_heading_row else None,
            )
            items.append(current)
            if is_heading_row:
                continue
        previous = current.parts[-1] if current.parts else None
        current.parts.append(
            _RowPart(
                line=line,
                task=task_cell,
                measures=measures_cell,
                leaders=leaders_cell or (previous.leaders if previous else ""),
                departments=departments_cell or (previous.departments if previous else ""),
                deadline=deadline_cell or (previous.deadline if previous else ""),
            )
        )

    tasks: list[ParsedTask] = []
    for section, items in section_items:
        for item in items:
            tasks.extend(_row_item_tasks(item, section, year, source, read_deadline))
    if not tasks:
        raise PlanFormatError(source, header_index + 1, "表头下面没有任何任务")
    sections = [s for s in sections if any(t.section_number == s.number and t.section == s.title for t in tasks)]
    for i, s in enumerate(sections, 1):
        s.position = i
    return ParsedPlan(
        title=title,
        year=int(year),
        county=_county_from(None, title),
        publisher=None,
        source=Path(source).name,
        sections=sections,
        tasks=tasks,
    )


def _section_row(values: list[str], number_cell: str, task_cell: str, rest: str) -> tuple[str, str] | None:
    distinct = list(dict.fromkeys(values))
    if len(distinct) == 1:
        m = _SECTION_RE.match(distinct[0]) or _TOP_RE.match(distinct[0])
        if m:
            return m.group(1), _strip_end(m.group(2))
    # 序号 "一", 工作任务 "脱贫攻坚方面", nothing else
    if _cn_to_int(number_cell) and task_cell and not rest:
        inner = _SECTION_RE.match(task_cell) or _TOP_RE.match(task_cell)
        if inner and inner.group(1) == number_cell:  # 序号 "一", 工作任务 "(一)脱贫攻坚方面"
            return number_cell, _strip_end(inner.group(2))
        return number_cell, _strip_end(task_cell)
    return None


def _row_item_tasks(
    item: _RowItem,
    section: ParsedSection | None,
    year: int,
    source: str,
    reader: DeadlineReader | None,
) -> list[ParsedTask]:
    if not item.parts:
        label = first_sentence(_strip_task_number(item.task))[:20]
        raise PlanFormatError(source, item.line, f"任务“{label}”缺少完成时限")
    multi = len(item.parts) > 1
    shared: str | None = item.heading_text
    if shared is None and multi and all(p.task in ("", item.parts[0].task) for p in item.parts[1:]):
        shared = item.parts[0].task
    heading = first_sentence(_strip_task_number(shared)) if multi and shared else None
    out = []
    for part_no, p in enumerate(item.parts, 1):
        if not p.deadline:
            label = first_sentence(_strip_task_number(p.task or item.task or p.measures))[:20]
            raise PlanFormatError(source, p.line, f"任务“{label}”缺少完成时限")
        own_task = _strip_task_number(p.task or (shared or ""))
        if multi and shared is not None and p.measures:
            title = first_sentence(p.measures)  # each part is one of the task's sub-measures
        else:
            title = first_sentence(own_task) or first_sentence(p.measures)
        measures = _split_measure_cell(p.measures) if p.measures else split_measures(own_task)
        milestones, error = _read_deadline(p.deadline, year, reader)
        out.append(
            ParsedTask(
                section_number=section.number if section else "",
                section=section.title if section else "",
                number=item.number,
                part=part_no,
                heading=heading,
                title=title,
                body="\n".join(x for x in (p.task or (shared or ""), p.measures) if x),
                measures=measures,
                leaders=split_names(p.leaders),
                departments=split_names(p.departments),
                deadline_text=p.deadline,
                milestones=milestones,
                deadline_error=error,
                line=p.line if part_no > 1 or item.heading_text is None else item.line,
            )
        )
    return out


# --------------------------------------------------------------------------- files


def parse_plan_file(
    path: str | Path,
    year: int | None = None,
    *,
    read_deadline: DeadlineReader | None = None,
    province: str | None = None,
) -> ParsedPlan:
    """Parse a plan file, dispatching on its suffix (.txt .docx .xlsx .xls .json); `province` is
    the plan's, for the season words of its 完成时限 (a .json plan keeps its milestones as stored)."""
    read_deadline = _province_reader(read_deadline, province)
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise PlanFormatError(
            path, None, f"不支持的文件类型“{path.suffix or '(无扩展名)'}”(支持 {' '.join(SUPPORTED_SUFFIXES)})"
        )
    try:
        data = path.read_bytes()
    except OSError as e:
        raise PlanFormatError(path, None, f"无法读取文件({e.strerror or e})") from e
    if suffix == ".txt":
        return parse_plan_text(_decode(data, path), source=str(path), year=year, read_deadline=read_deadline)
    if suffix == ".json":
        return _load_json(data, path, year)
    if not data.strip():
        raise PlanFormatError(path, None, "文件为空")
    if suffix == ".docx":
        return _parse_docx(path, year, read_deadline)
    if suffix == ".xlsx":
        return _parse_rows(_xlsx_rows(path), str(path), year, None, context="", read_deadline=read_deadline)
    return _parse_rows(_xls_rows(path), str(path), year, None, context="", read_deadline=read_deadline)


def _decode(data: bytes, path: Path) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise PlanFormatError(path, None, "无法识别文件编码(应为UTF-8或GB18030/GBK)")


def _load_json(data: bytes, path: Path, year: int | None) -> ParsedPlan:
    try:
        obj = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as e:
        raise PlanFormatError(path, None, f"不是有效的JSON({e})") from e
    if not isinstance(obj, dict):
        raise PlanFormatError(path, None, "不是有效的方案JSON(顶层应为对象)")
    try:
        plan = ParsedPlan.from_json(obj)
    except PlanFormatError as e:
        raise PlanFormatError(path, None, e.reason) from e
    if year is not None and year != plan.year:
        raise PlanFormatError(path, None, f"方案JSON的年份是{plan.year}年,与指定的{year}年不符")
    return plan


def _parse_docx(path: Path, year: int | None, reader: DeadlineReader | None) -> ParsedPlan:
    try:
        import docx  # python-docx
        from docx.table import Table

        document = docx.Document(str(path))
        blocks = list(document.iter_inner_content())
    except Exception as e:  # python-docx raises assorted errors on a damaged file
        raise PlanFormatError(path, None, f"无法打开Word文档({type(e).__name__}: {e})") from e

    lines: list[str] = []
    task_table: list[list[str]] | None = None
    lines_before_table: list[str] = []
    for block in blocks:
        if isinstance(block, Table):
            rows = _docx_table_rows(block)
            if task_table is None and _is_task_table(rows):
                task_table = rows
                lines_before_table = list(lines)
                continue
            for row in rows:
                for cell in row:
                    lines.extend(cell.split("\n"))
        else:
            lines.extend(block.text.split("\n"))

    if task_table is not None:
        head = [s.strip() for s in lines_before_table if s.strip()]
        return _parse_rows(
            task_table,
            str(path),
            year,
            _explicit_title(head[:10]),
            context="\n".join(head[:10]),
            read_deadline=reader,
        )
    return parse_plan_text("\n".join(lines), source=str(path), year=year, read_deadline=reader)


def _docx_table_rows(table) -> list[list[str]]:
    rows = []
    for row in table.rows:
        seen: list = []  # the <w:tc> elements themselves (kept alive, compared by identity)
        cells = []
        for cell in row.cells:
            # a horizontally merged cell comes back once per grid column: keep it once
            if any(cell._tc is tc for tc in seen):
                cells.append("")
                continue
            seen.append(cell._tc)
            cells.append(cell.text)
        rows.append(cells)
    return rows


def _xlsx_rows(path: Path) -> list[list[str]]:
    try:
        import openpyxl

        workbook = openpyxl.load_workbook(str(path), read_only=True, data_only=True)
    except Exception as e:
        raise PlanFormatError(path, None, f"无法打开Excel文件({type(e).__name__}: {e})") from e
    try:
        sheets = [[[_cell_str(v) for v in row] for row in ws.iter_rows(values_only=True)] for ws in workbook.worksheets]
    except Exception as e:
        raise PlanFormatError(path, None, f"无法读取Excel文件({type(e).__name__}: {e})") from e
    finally:
        workbook.close()
    return _pick_sheet(sheets)


def _xls_rows(path: Path) -> list[list[str]]:
    try:
        import xlrd

        try:
            book = xlrd.open_workbook(str(path), formatting_info=True)
        except Exception:
            book = xlrd.open_workbook(str(path))
    except Exception as e:
        raise PlanFormatError(path, None, f"无法打开Excel文件({type(e).__name__}: {e})") from e
    sheets = []
    for sheet in book.sheets():
        rows = []
        for r in range(sheet.nrows):
            row = []
            for c in range(sheet.ncols):
                cell = sheet.cell(r, c)
                if cell.ctype == xlrd.XL_CELL_DATE:
                    try:
                        row.append(_cell_str(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)))
                        continue
                    except Exception:
                        pass
                row.append(_cell_str(cell.value))
            rows.append(row)
        # merged cells: only the top-left holds the value; spread it like the eye reads it
        for rlo, rhi, clo, chi in getattr(sheet, "merged_cells", []) or []:
            value = rows[rlo][clo] if rlo < len(rows) and clo < len(rows[rlo]) else ""
            for r in range(rlo, min(rhi, len(rows))):
                for c in range(clo, min(chi, len(rows[r]))):
                    rows[r][c] = value
        sheets.append(rows)
    return _pick_sheet(sheets)


def _pick_sheet(sheets: list[list[list[str]]]) -> list[list[str]]:
    """The first sheet with a task-list header (or the first non-empty sheet, for its error)."""
    for rows in sheets:
        if _find_header(rows) is not None:
            return rows
    for rows in sheets:
        if any(any(c.strip() for c in row) for row in rows):
            return rows
    return []
