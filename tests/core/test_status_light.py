from datetime import date

import pytest

from core.milestones import Step
from core.status_light import DONE, GREEN, RED, YELLOW, due_within, light, overdue

TODAY = date(2020, 5, 25)


def once(month, day, label=None, done=False):
    return Step(date(2020, month, day), "once", label=label, done=done)


ONGOING = Step(None, "ongoing", label="动态管理")
QUARTERLY = Step(date(2020, 6, 30), "recurring", every="quarter")


@pytest.mark.parametrize("steps, colour, text", [
    ([once(3, 31, "建立台账"), once(5, 31, "审批完成"), ONGOING], RED,
     "逾期55天:3月31日 建立台账;下一节点:5月31日 审批完成(还有6天)"),
    ([once(3, 31, "建立台账", done=True), once(5, 31, "审批完成"), ONGOING], YELLOW,
     "下一节点:5月31日 审批完成(还有6天)"),
    ([once(6, 1)], YELLOW, "下一节点:6月1日(还有7天)"),  # the 7th day is still 黄
    ([once(6, 2)], GREEN, "下一节点:6月2日(还有8天)"),
    ([once(5, 25, "上报")], YELLOW, "下一节点:5月25日 上报(今天到期)"),
    ([once(5, 24)], RED, "逾期1天:5月24日"),
    ([ONGOING], GREEN, "下一步:动态管理"),
    ([Step(None, "conditional", label="考核问题反馈后整改")], GREEN, "下一步:考核问题反馈后整改"),
    ([once(3, 31, done=True), Step(None, "ongoing", done=True)], DONE, "全部节点已完成"),
    ([], GREEN, "未设时间节点"),
    # A recurring step owes its next occurrence; one missed in the past is the reminders' business.
    ([Step(date(2020, 3, 31), "recurring", every="quarter")], GREEN, "下一节点:6月30日 每季度(还有36天)"),
    ([Step(date(2020, 3, 31), "recurring", every="month")], YELLOW, "下一节点:5月31日 每月(还有6天)"),
])
def test_the_light_of_a_task(steps, colour, text):
    found = light(steps, TODAY)
    assert (found.colour, found.text()) == (colour, text)


def test_most_urgent_first_longest_overdue_then_soonest_then_undated_then_done():
    tasks = {
        "done": [once(3, 31, done=True)],
        "ongoing": [ONGOING],
        "late_25": [once(4, 30)],
        "soon_6": [once(5, 31)],
        "late_55": [once(3, 31)],
        "later_36": [QUARTERLY],
        "soon_1": [once(5, 26)],
    }
    ordered = sorted(tasks, key=lambda name: light(tasks[name], TODAY).urgency())
    assert ordered == ["late_55", "late_25", "soon_1", "soon_6", "later_36", "ongoing", "done"]


def test_overdue_lists_every_open_one_off_step_past_its_date_oldest_first():
    steps = [once(5, 31), once(4, 30, "回头看"), once(3, 31, "台账"), once(2, 29, done=True), QUARTERLY, ONGOING]
    late = overdue(steps, TODAY)
    assert [(d.index, d.days, d.when()) for d in late] == [(2, -55, "已逾期55天"), (1, -25, "已逾期25天")]


def test_due_within_a_week_includes_recurring_occurrences_and_today():
    steps = [once(5, 25, "今天"), once(6, 1, "第七天"), once(6, 2, "第八天"),
             Step(date(2020, 1, 31), "recurring", every="month"), once(5, 20), ONGOING]
    soon = due_within(steps, TODAY)
    assert [(d.what(), d.when()) for d in soon] == [
        ("5月25日 今天", "今天到期"), ("5月31日 每月", "还有6天"), ("6月1日 第七天", "还有7天")]


def test_equal_steps_keep_their_own_positions():
    steps = [once(5, 31), once(5, 31)]
    assert light(steps, TODAY).next.index == 0
    assert [d.index for d in due_within(steps, TODAY)] == [0, 1]
