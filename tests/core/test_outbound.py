"""What reminder messages say, within WeChat's limits (core/outbound.py)."""
from datetime import date

import pytest

from core.outbound import FIELD_MAX, MY_TASKS_HINT, Item, digest_text, field_value, template_fields
from core.reminder_policy import colour_of, reminder_line, urgency
from core.reply_text import utf8_len

TODAY = date(2020, 5, 25)


def item(kind="before_7", due=date(2020, 6, 1), ref="三(一)1", title="把符合条件的剩余贫困人口全部纳入低保等社会救助",
         task_id=1, late_from=None) -> Item:
    return Item(kind=kind, colour=colour_of(kind, due, TODAY), urgency=urgency(kind, due, TODAY), due_on=due,
                line=reminder_line(kind, ref, title, due, TODAY), ref=ref, title=title, task_id=task_id,
                late_from=late_from)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("短", "短"),
        ("第一行\n第二行\r\n第三行", "第一行 第二行 第三行"),
        ("  两端  空白 ", "两端 空白"),
        ("一二三四五六七八九十一二三四五六七八九十", "一二三四五六七八九十一二三四五六七八九十"),
        ("一二三四五六七八九十一二三四五六七八九十一", "一二三四五六七八九十一二三四五六七八九…"),
    ],
)
def test_field_value(text, expected):
    assert field_value(text) == expected


def test_template_names_the_most_urgent_task_and_counts_the_rest():
    items = [item(), item("overdue", date(2020, 5, 15), "三(二)4", "留守儿童关爱", 7), item("due", TODAY, task_id=3)]
    fields = template_fields(items, linked=True)
    assert fields == {"thing1": "三(二)4 留守儿童关爱", "time2": "2020年5月15日", "phrase3": "已逾期",
                      "thing4": "另有2项待办,点击查看详情"}
    assert template_fields(items, linked=False)["thing4"] == f"另有2项待办,{MY_TASKS_HINT}"


@pytest.mark.parametrize("kind", ["before_7", "before_1", "due", "overdue", "escalated", "checkin", "period", "nudge"])
def test_every_field_fits(kind):
    fields = template_fields([item(kind, title="很长的任务名称" * 10)], linked=True)
    assert all(len(v) <= FIELD_MAX and "\n" not in v for v in fields.values())
    assert len(fields["phrase3"]) <= 5


def test_digest_text_orders_by_urgency_and_marks_late_ones():
    text = digest_text([item(), item("overdue", date(2020, 5, 15), late_from=date(2020, 5, 22))], TODAY)
    heading, first, second = text.split("\n")
    assert heading == "您有2项任务提醒:1项已逾期"
    assert first.startswith("【红】") and first.endswith("(补发,原定5月22日)")
    assert second.startswith("【蓝】")


def test_long_digest_fits_2048_bytes_and_says_how_many_more():
    items = [item(due=date(2020, 6, day % 28 + 1), task_id=day, title=f"任务{day}" * 8) for day in range(80)]
    text = digest_text(items, TODAY)
    assert utf8_len(text) <= 2048
    shown = text.count("【")
    assert text.endswith(f"……另有{80 - shown}项,{MY_TASKS_HINT}") and 0 < shown < 80
