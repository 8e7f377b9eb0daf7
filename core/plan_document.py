"""The plan as a document: every part that is not a task block, so that each sentence of it can be
found and cited — the issuing details, the preamble, 一、指导思想, 二、目标任务, the 工作要求 of 四、
and what is printed with it (附表, 附件).

Pure: plan text in, parts out. The task blocks of 三、 are the tasks (core.plan_parser); a part here
is cited by its place in the plan: 前言, 一, 二, 四(三), 附件, and 发文信息 for the header line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

HEADER, PREAMBLE, ATTACHMENT = "发文信息", "前言", "附件"

_TOP = re.compile(r"^([一二三四五六七八九十]{1,3})\s*[、.．]\s*(\S.*)$")
_SECTION = re.compile(r"^[(（]\s*([一二三四五六七八九十]{1,3})\s*[)）]\s*(\S.*)$")
_HEADER_FIELD = re.compile(r"(索引号|主题分类|发布机构|成文日期|发布日期|文件编号|发文字号|有\s*效\s*性)\s*[:：]\s*([^|｜]*)")
_ATTACHMENT = re.compile(r"^(?:\d+号)?附(?:表|件)|附(?:表|件)\s*[:：\d]")
# A section title ends at its first full stop or comma; the rest of the line is its text.
_TITLE_END = re.compile(r"[。;；]")
_SPACES = re.compile(r"\s")
_TITLE_WORDS = re.compile(r"方案|要点|计划|意见|通知")
# The top headings whose content is the task blocks, read by the plan parser instead.
_TASK_HEADINGS = ("具体任务", "重点任务", "主要任务", "任务及措施", "工作任务", "重点工作")


@dataclass(frozen=True)
class Part:
    ref: str  # 前言, 一, 四(三), 发文信息, 附件
    title: str  # 指导思想, 强化工作落实 ("" for the preamble)
    text: str  # "" for a heading whose text is all in its sections (四、工作要求) or tasks (三、具体任务及措施)

    def to_json(self) -> dict:
        return {"ref": self.ref, "title": self.title, "text": self.text}

    @classmethod
    def from_json(cls, data: dict) -> "Part":
        return cls(str(data["ref"]), str(data.get("title") or ""), str(data.get("text") or ""))


def document_parts(text: str) -> list[Part]:
    """The parts of a plan written as text, in the order of the plan."""
    parts: list[Part] = []
    top, top_title, section, section_title = None, "", None, ""
    lines: list[str] = []

    def close() -> None:
        body = "".join(lines).strip()
        if top is None:
            if body:
                parts.append(Part(PREAMBLE, "", body))
        elif not any(word in top_title for word in _TASK_HEADINGS):
            if body or section is None:
                ref = f"{top}({section})" if section else top
                parts.append(Part(ref, section_title if section else top_title, body))
        elif section is None:  # 三、具体任务及措施: its heading, for the plan's outline; its blocks are the tasks
            parts.append(Part(top, top_title, ""))
        lines.clear()

    for raw in re.split(r"\r\n|\r|\n", text.lstrip("\ufeff")):
        line = raw.strip()
        if not line:
            continue
        fields = _HEADER_FIELD.findall(line)
        if fields and top is None:
            details = ";".join(f"{_SPACES.sub('', key)}:{value.strip()}" for key, value in fields if value.strip())
            if parts and parts[-1].ref == HEADER:  # the header runs over several lines
                details = f"{parts.pop().text};{details}"
            parts.append(Part(HEADER, HEADER, details))
            continue
        if top is None and not lines and len(line) <= 40 and _TITLE_WORDS.search(line):
            continue  # the plan's title line, not its preamble
        if _ATTACHMENT.match(line):
            close()
            parts.append(Part(ATTACHMENT, ATTACHMENT, line))
            continue
        heading = _TOP.match(line)
        if heading:
            close()
            top, top_title, section, section_title = heading.group(1), heading.group(2).strip(), None, ""
            continue
        sub = _SECTION.match(line)
        if sub and top is not None:
            close()
            section = sub.group(1)
            title, _, rest = _split_title(sub.group(2))
            section_title = title
            if rest:
                lines.append(rest)
            continue
        lines.append(line)
    close()
    return parts


def _split_title(line: str) -> tuple[str, str, str]:
    """(一)强化责任落实 机关相关股室… → the title, the mark, the text after it on the same line."""
    found = _TITLE_END.search(line)
    if found is None or len(line) <= 20:
        return (line, "", "") if len(line) <= 20 else ("", "", line)
    return line[:found.start()], found.group(0), line[found.end():]
