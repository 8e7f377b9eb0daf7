from dataclasses import dataclass
from datetime import date

import pytest

from core import reminder_policy as rp
from core.reminder_policy import DEFAULT_POLICY, Planned, Policy, PolicyError, policy_from_json


def schedule(due: date, policy: Policy = DEFAULT_POLICY) -> list[tuple[str, str]]:
    return [(p.send_on.isoformat(), p.kind) for p in rp.dated_schedule(due, policy)]


def test_default_cadence_of_a_step_due_on_a_working_day():
    assert schedule(date(2020, 3, 31)) == [
        ("2020-03-24", "before_7"), ("2020-03-30", "before_1"), ("2020-03-31", "due"),
        ("2020-04-07", "overdue"), ("2020-04-14", "escalated"), ("2020-04-21", "escalated"),
        ("2020-04-28", "escalated"),
        ("2020-04-30", "escalated"),  # 5-5 is in the 劳动节 holiday: the working day before
        ("2020-05-12", "escalated"), ("2020-05-19", "escalated"), ("2020-05-26", "escalated"),
    ]


@pytest.mark.parametrize("due, expected", [
    # Sunday: 7 days before is a Sunday too, 1 day before a Saturday; the due-day reminder moves
    # onto Friday and the day-before one, landing on the same Friday, gives way to it.
    (date(2020, 5, 31), [("2020-05-22", "before_7"), ("2020-05-29", "due"), ("2020-06-05", "overdue"),
                         ("2020-06-12", "escalated"), ("2020-06-19", "escalated"),
                         ("2020-06-28", "escalated")]),  # 6-28 is a Sunday worked for 端午
    # Saturday; a week later is in the 端午 holiday (6-25..27): back to Wednesday 6-24.
    (date(2020, 6, 20), [("2020-06-12", "before_7"), ("2020-06-19", "due"), ("2020-06-24", "overdue"),
                         ("2020-07-03", "escalated")]),
    # Inside the 国庆 holiday: everything before it goes out on 9-30, once.
    (date(2020, 10, 8), [("2020-09-30", "due"), ("2020-10-15", "overdue"), ("2020-10-22", "escalated")]),
    # Overdue on 10-7 (holiday): moving back would land on the due day itself, so it goes after.
    (date(2020, 9, 30), [("2020-09-23", "before_7"), ("2020-09-29", "before_1"), ("2020-09-30", "due"),
                         ("2020-10-09", "overdue"), ("2020-10-14", "escalated")]),
    # 5-1 (Labour Day, a Friday): 4-24, then the Thursday before the holiday.
    (date(2020, 5, 1), [("2020-04-24", "before_7"), ("2020-04-30", "due"), ("2020-05-08", "overdue"),
                        ("2020-05-15", "escalated")]),
])
def test_holidays_move_a_send_day_to_the_working_day_before(due, expected):
    assert schedule(due)[:len(expected)] == expected


def test_a_plan_can_change_the_cadence():
    policy = policy_from_json({"before": [3], "on_due": False, "overdue_every": 14, "overdue_for": 28,
                               "escalate_after": None})
    assert schedule(date(2020, 3, 31), policy) == [
        ("2020-03-27", "before_3"), ("2020-04-14", "overdue"), ("2020-04-28", "overdue")]
    assert schedule(date(2020, 3, 31), policy_from_json({"overdue_every": None}))[-1] == ("2020-03-31", "due")


def test_a_recurring_step_is_reminded_once_per_occurrence_within_the_plan_year():
    planned = rp.recurring_schedule(date(2020, 6, 30), "quarter", date(2020, 12, 31), DEFAULT_POLICY,
                                    date(2020, 1, 1), date(2021, 12, 31))
    assert planned == (Planned(date(2020, 6, 23), "period", date(2020, 6, 30)),
                       Planned(date(2020, 9, 23), "period", date(2020, 9, 30)),
                       Planned(date(2020, 12, 24), "period", date(2020, 12, 31)))
    assert rp.recurring_schedule(date(2020, 6, 30), "quarter", date(2020, 12, 31), DEFAULT_POLICY,
                                 date(2020, 9, 24), date(2020, 12, 23)) == ()


def test_ongoing_work_is_checked_in_monthly_with_the_quarter_and_year_names():
    planned = rp.checkin_schedule(date(2020, 9, 1), date(2020, 12, 31), DEFAULT_POLICY,
                                  date(2020, 3, 1), date(2020, 12, 31))
    assert [(p.send_on.isoformat(), rp.checkin_name(p.due_on)) for p in planned] == [
        ("2020-09-25", "季对表"), ("2020-10-23", "月对标"),  # 10-25 is a Sunday
        ("2020-11-25", "月对标"), ("2020-12-25", "年对账")]
    on_first = rp.checkin_schedule(date(2020, 1, 1), date(2020, 12, 31), policy_from_json({"checkin_day": 1}),
                                   date(2020, 9, 30), date(2020, 9, 30))
    assert on_first == (Planned(date(2020, 9, 30), "checkin", date(2020, 10, 1)),)  # 国庆 → 9-30
    assert rp.checkin_schedule(date(2020, 1, 1), date(2020, 12, 31), policy_from_json({"checkin_day": None}),
                               date(2020, 1, 1), date(2020, 12, 31)) == ()


@pytest.mark.parametrize("dated_before, expected", [
    ([], date(2020, 1, 1)),
    ([date(2020, 3, 31), date(2020, 5, 31), date(2020, 4, 30)], date(2020, 6, 1)),  # 后续动态管理
    ([date(2020, 12, 31)], date(2021, 1, 1)),
])
def test_ongoing_work_written_after_dated_steps_starts_after_them(dated_before, expected):
    assert rp.checkin_start(dated_before, 2020) == expected


@pytest.mark.parametrize("data, expected", [
    (None, DEFAULT_POLICY),
    ({}, DEFAULT_POLICY),
    ({"before": [1, 10, 3]}, Policy(before=(10, 3, 1))),
    ({"escalate_after": None, "staff": False}, Policy(escalate_after=None, staff=False)),
    ({"period_before": 0, "checkin_day": 1}, Policy(period_before=0, checkin_day=1)),
])
def test_policy_overrides(data, expected):
    assert policy_from_json(data) == expected


@pytest.mark.parametrize("data, complaint", [
    ({"befor": [3]}, "befor"),
    ({"before": 7}, "before"),
    ({"before": [7, 7]}, "before"),
    ({"before": [0]}, "before"),
    ({"overdue_every": True}, "overdue_every"),
    ({"overdue_for": None}, "overdue_for"),
    ({"checkin_day": 31}, "checkin_day"),
    ({"on_due": 1}, "on_due"),
    ([7, 1], "JSON 对象"),
])
def test_policy_errors_name_the_key(data, complaint):
    with pytest.raises(PolicyError, match=complaint):
        policy_from_json(data)


def test_policy_json_round_trips():
    policy = Policy(before=(5, 2), escalate_after=None)
    assert policy_from_json(policy.to_json()) == policy


@pytest.mark.parametrize("kind, leaders, expected", [
    ("before_7", [3, 5], [3]),
    ("overdue", [3, 5], [3]),
    ("escalated", [3, 5], [3, 5]),
    ("due", [], []),
])
def test_the_first_leader_answers_and_an_escalation_reaches_all(kind, leaders, expected):
    assert rp.leaders_reminded(kind, leaders) == expected


TODAY = date(2020, 4, 14)


@pytest.mark.parametrize("kind, due, expected", [
    ("before_7", date(2020, 4, 21), "【蓝】三(一)2 与扶贫办数据核对:还有7天到期(4月21日)"),
    ("before_1", date(2020, 4, 15), "【蓝】三(一)2 与扶贫办数据核对:明天到期(4月15日)"),
    ("due", date(2020, 4, 14), "【黄】三(一)2 与扶贫办数据核对:今天到期"),
    ("due", date(2020, 4, 16), "【黄】三(一)2 与扶贫办数据核对:还有2天到期(4月16日)"),
    ("overdue", date(2020, 4, 7), "【红】三(一)2 与扶贫办数据核对:已逾期7天(4月7日到期)"),
    ("checkin", date(2020, 4, 25), "【月对标】三(一)2 与扶贫办数据核对:请报告本月进展"),
    ("checkin", date(2020, 12, 25), "【年对账】三(一)2 与扶贫办数据核对:请报告全年完成情况"),
])
def test_the_line_of_each_reminder(kind, due, expected):
    assert rp.reminder_line(kind, "三(一)2", "与扶贫办数据核对", due, TODAY) == expected


def test_escalated_and_nudge_lines():
    escalated = rp.reminder_line("escalated", "三(一)2", "建立台账", date(2020, 3, 31), TODAY, several_leaders=True)
    assert escalated == "【红】三(一)2 建立台账:已逾期14天(3月31日到期),已报全体责任领导"
    nudge = rp.reminder_line("nudge", "三(一)2", "建立台账", date(2020, 3, 31), TODAY, requested_by="李晓芬")
    assert nudge == "【催办】李晓芬催办 三(一)2 建立台账:已逾期14天(3月31日到期),请尽快报告进展"
    long = rp.reminder_line("due", "三(二)5", "完成夕阳红、南关、选将营、鱼儿山4所养老机构项目建设", TODAY, TODAY)
    assert long == "【黄】三(二)5 完成夕阳红、南关、选将营、鱼儿…:今天到期"


@dataclass
class Item:
    kind: str
    due_on: date
    line: str = ""

    @property
    def urgency(self) -> int:
        return rp.urgency(self.kind, self.due_on, TODAY)

    @property
    def colour(self) -> str:
        return rp.colour_of(self.kind, self.due_on, TODAY)


def test_a_digest_puts_the_most_urgent_first():
    items = [Item("checkin", date(2020, 4, 25)), Item("before_7", date(2020, 4, 21)),
             Item("period", date(2020, 4, 21)), Item("due", TODAY), Item("before_1", date(2020, 4, 15)),
             Item("overdue", date(2020, 4, 7)), Item("escalated", date(2020, 3, 31)),
             Item("overdue", date(2020, 4, 1)), Item("nudge", date(2020, 4, 30))]
    assert [(i.kind, i.due_on.day) for i in rp.digest_order(items)] == [
        ("escalated", 31), ("overdue", 1), ("overdue", 7), ("nudge", 30), ("due", 14), ("before_1", 15),
        ("before_7", 21), ("period", 21), ("checkin", 25)]
    assert rp.digest_heading(items, TODAY) == "您有9项任务提醒:3项已逾期、1项今天到期、1项即将到期"  # the nudge is about 4-30
    assert rp.digest_heading(items[:2], TODAY) == "您有2项任务提醒"
    # 6-20 is a Saturday: its due-day reminder goes out on Friday 6-19.
    early = [Item("overdue", date(2020, 6, 12)), Item("due", date(2020, 6, 20))]
    assert rp.digest_heading(early, date(2020, 6, 19)) == "您有2项任务提醒:1项已逾期、1项即将到期"
