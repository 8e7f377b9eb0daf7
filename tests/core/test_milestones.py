from datetime import date

import pytest

from core.milestones import Step, next_step, occurrence_on_or_after


@pytest.mark.parametrize("first, every, day, expected", [
    (date(2020, 6, 30), "quarter", date(2020, 5, 25), date(2020, 6, 30)),
    (date(2020, 6, 30), "quarter", date(2020, 6, 30), date(2020, 6, 30)),
    (date(2020, 6, 30), "quarter", date(2020, 7, 1), date(2020, 9, 30)),
    (date(2020, 6, 30), "quarter", date(2020, 10, 1), date(2020, 12, 31)),  # month end kept
    (date(2020, 1, 31), "month", date(2020, 2, 1), date(2020, 2, 29)),
    (date(2020, 1, 15), "month", date(2020, 2, 16), date(2020, 3, 15)),
    (date(2020, 6, 30), "half_year", date(2020, 7, 1), date(2020, 12, 31)),
    (date(2020, 12, 31), "year", date(2021, 1, 1), date(2021, 12, 31)),
])
def test_occurrence_on_or_after(first, every, day, expected):
    assert occurrence_on_or_after(first, every, day) == expected


TODAY = date(2020, 5, 25)


def test_next_step_prefers_the_nearest_future_date():
    steps = [Step(date(2020, 3, 31), "once", label="建立台账"),
             Step(date(2020, 5, 31), "once", label="审批完成"),
             Step(None, "ongoing", label="动态管理")]
    step, due = next_step(steps, TODAY)
    assert (step.label, due) == ("审批完成", date(2020, 5, 31))


def test_next_step_skips_done_and_uses_the_next_occurrence_of_a_recurring_step():
    steps = [Step(date(2020, 5, 31), "once", done=True),
             Step(date(2020, 3, 31), "recurring", every="quarter")]
    step, due = next_step(steps, TODAY)
    assert step.kind == "recurring" and due == date(2020, 6, 30)


def test_next_step_falls_back_to_undated_then_none():
    assert next_step([Step(date(2020, 3, 31), "once"), Step(None, "ongoing", label="长期")], TODAY) == (
        Step(None, "ongoing", label="长期"), None)
    assert next_step([Step(date(2020, 3, 31), "once")], TODAY) is None
    assert next_step([], TODAY) is None
