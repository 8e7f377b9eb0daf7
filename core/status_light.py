"""A task's status light from its milestones and today: pure date logic, no database.

红 overdue: an open one-off milestone is past its date. 黄: the next dated milestone is due within
SOON_DAYS. 绿: on track (or ongoing work with no date). 完成: every milestone is done.

A recurring milestone (每季度…) is never overdue here: its next occurrence is what it owes, and a
report cannot name the occurrence it covers; the reminders chase each period.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from core.milestones import Step, next_step, occurrence_on_or_after

RED, YELLOW, GREEN, DONE = "red", "yellow", "green", "done"
SOON_DAYS = 7
SYMBOLS = {RED: "🔴", YELLOW: "🟡", GREEN: "🟢", DONE: "✅"}
WORDS = {RED: "逾期", YELLOW: "临近", GREEN: "正常", DONE: "完成"}
LEGEND = "🔴逾期 🟡7天内到期 🟢正常 ✅完成"
_RANK = {RED: 0, YELLOW: 1, GREEN: 2, DONE: 3}
_EVERY_WORDS = {"week": "每周", "month": "每月", "quarter": "每季度", "half_year": "每半年", "year": "每年"}


@dataclass(frozen=True)
class Due:
    """A step of the list given, at the date it is (or was) due."""

    index: int  # its position in the list given, so the caller finds its own row
    step: Step
    due: date | None  # a recurring step's occurrence; None for 长期 / 待…后
    days: int | None  # from today to `due`: negative when overdue

    def when(self) -> str:
        """还有6天 / 今天到期 / 已逾期55天 / 长期."""
        if self.days is None:
            return "长期" if self.step.kind == "ongoing" else "待定"
        if self.days < 0:
            return f"已逾期{-self.days}天"
        return "今天到期" if self.days == 0 else f"还有{self.days}天"

    def what(self) -> str:
        return describe(self.step, self.due)


def describe(step: Step, due: date | None) -> str:
    """5月31日 审批完成 / 6月30日 每季度 / 动态管理 / 长期工作."""
    label = step.label or _EVERY_WORDS.get(step.every or "", "")
    if due is None:
        return label or ("长期工作" if step.kind == "ongoing" else "待定")
    return f"{due.month}月{due.day}日" + (f" {label}" if label else "")


@dataclass(frozen=True)
class Light:
    colour: str  # RED / YELLOW / GREEN / DONE
    late: Due | None  # the longest overdue step (RED only)
    next: Due | None  # the next step from today on, dated or not

    @property
    def symbol(self) -> str:
        return SYMBOLS[self.colour]

    @property
    def word(self) -> str:
        return WORDS[self.colour]

    def urgency(self) -> tuple:
        """Sort key, most urgent first: longest overdue, then soonest due, undated, done."""
        about = self.late or self.next
        days = about.days if about and about.days is not None else 10**6
        return _RANK[self.colour], days

    def text(self) -> str:
        """What is late and what comes next, for one line of a listing."""
        if self.colour == DONE and self.next is None:
            return "全部节点已完成"
        parts = [f"逾期{-self.late.days}天:{self.late.what()}"] if self.late else []
        if self.next is None:
            return ";".join(parts) or "未设时间节点"
        if self.next.due is None:
            parts.append(f"下一步:{self.next.what()}")
        else:
            parts.append(f"下一节点:{self.next.what()}({self.next.when()})")
        return ";".join(parts)


def _due(index: int, step: Step, due: date | None, today: date) -> Due:
    return Due(index, step, due, None if due is None else (due - today).days)


def overdue(steps: list[Step], today: date) -> list[Due]:
    """Open one-off steps past their date, longest overdue first."""
    late = [_due(i, s, s.due, today) for i, s in enumerate(steps)
            if not s.done and s.due is not None and not s.every and s.due < today]
    return sorted(late, key=lambda d: d.due)


def due_within(steps: list[Step], today: date, days: int = SOON_DAYS) -> list[Due]:
    """Open dated steps (a recurring one at its next occurrence) due from today to today+days."""
    found = []
    for i, step in enumerate(steps):
        if step.done or step.due is None:
            continue
        due = occurrence_on_or_after(step.due, step.every, today) if step.every else step.due
        if 0 <= (due - today).days <= days:
            found.append(_due(i, step, due, today))
    return sorted(found, key=lambda d: d.due)


def upcoming(steps: list[Step], today: date) -> Due | None:
    """The next open step from today on (core.milestones.next_step), as a Due."""
    found = next_step(steps, today)
    if found is None:
        return None
    step, due = found
    index = next(i for i, s in enumerate(steps) if s is step)  # equal steps may repeat
    return _due(index, step, due, today)


def light(steps: list[Step], today: date) -> Light:
    """The light of a task whose active milestones are `steps`."""
    if steps and all(s.done for s in steps):
        return Light(DONE, None, None)
    late = overdue(steps, today)
    after = upcoming(steps, today)
    if late:
        return Light(RED, late[0], after)
    soon = after is not None and after.days is not None and after.days <= SOON_DAYS
    return Light(YELLOW if soon else GREEN, None, after)
