"""Table-driven tests of the 完成时限 grammar (core/deadlines.py)."""
from __future__ import annotations

from datetime import date

import pytest

from core.deadlines import KINDS, PERIODS, DeadlineError, Milestone, parse_deadline

Y = 2020  # the plan year of the real plan


def d(month: int, day: int, year: int = Y) -> date:
    return date(year, month, day)


def once(due, label=None, source=None):
    return ("once", due, None, label, source)


def rec(due, every, label=None, source=None):
    return ("recurring", due, every, label, source)


def ongoing(label=None, source=None):
    return ("ongoing", None, None, label, source)


def cond(label=None, source=None):
    return ("conditional", None, None, label, source)


def as_rows(milestones, with_source):
    return [
        (m.kind, m.due, m.every, m.label, m.source if with_source else None)
        for m in milestones
    ]


def check(text, expected, year=Y):
    got = parse_deadline(text, year)
    with_source = any(row[4] is not None for row in expected)
    assert as_rows(got, with_source) == expected


# ---------------------------------------------------------------- the real plan (2020)

REAL_PLAN = [
    ("5月底前", [once(d(5, 31), None, "5月底前")]),
    (
        "3月底前与扶贫办数据核对,4月份下发通知,5月底前审批完成,后续动态管理。",
        [
            once(d(3, 31), "与扶贫办数据核对", "3月底前与扶贫办数据核对"),
            once(d(4, 30), "下发通知", "4月份下发通知"),
            once(d(5, 31), "审批完成", "5月底前审批完成"),
            ongoing("动态管理", "后续动态管理"),
        ],
    ),
    ("长期工作", [ongoing(None, "长期工作")]),
    (
        "3月底前建立台账,4月底前完成档案审批,后续动态调整。",
        [
            once(d(3, 31), "建立台账", "3月底前建立台账"),
            once(d(4, 30), "完成档案审批", "4月底前完成档案审批"),
            ongoing("动态调整", "后续动态调整"),
        ],
    ),
    (
        "3月底前排查完成,建立台账,4-5月份将风险对象核实反馈,后续每季度进行一次。",
        [
            once(d(3, 31), "排查完成,建立台账", "3月底前排查完成,建立台账"),
            once(d(5, 31), "将风险对象核实反馈", "4-5月份将风险对象核实反馈"),
            rec(d(6, 30), "quarter", None, "后续每季度进行一次"),
        ],
    ),
    (
        "4月底前完成整改回头看工作,待国家考核问题反馈后立即着手进行整改。",
        [
            once(d(4, 30), "完成整改回头看工作", "4月底前完成整改回头看工作"),
            cond("国家考核问题反馈后立即着手进行整改", "待国家考核问题反馈后立即着手进行整改"),
        ],
    ),
    (
        "3月底全部建立非贫低保、特困台账,进行动态监测,长期与扶贫防贫工作进行对接。",
        [
            once(d(3, 31), "全部建立非贫低保、特困台账", "3月底全部建立非贫低保、特困台账"),
            ongoing("进行动态监测", "进行动态监测"),
            ongoing("与扶贫防贫工作进行对接", "长期与扶贫防贫工作进行对接"),
        ],
    ),
    (
        "3月份下发通知,6月中旬完成统计汇总工作。",
        [
            once(d(3, 31), "下发通知", "3月份下发通知"),
            once(d(6, 20), "完成统计汇总工作", "6月中旬完成统计汇总工作"),
        ],
    ),
    ("贯穿全年", [ongoing(None, "贯穿全年")]),
    ("3月底前", [once(d(3, 31), None, "3月底前")]),
    (
        "长期工作,2月份下拨储备金。",
        [ongoing(None, "长期工作"), once(d(2, 29), "下拨储备金", "2月份下拨储备金")],
    ),
    ("12月底前完成。", [once(d(12, 31), None, "12月底前完成")]),
    ("12月底前完成", [once(d(12, 31), None, "12月底前完成")]),
]


@pytest.mark.parametrize("text,expected", REAL_PLAN, ids=[t for t, _ in REAL_PLAN])
def test_real_plan(text, expected):
    check(text, expected)


# ---------------------------------------------------------------- single forms

FORMS = [
    # month ends
    ("5月底", [once(d(5, 31))]),
    ("5月末", [once(d(5, 31))]),
    ("5月末前", [once(d(5, 31))]),
    ("2月底前", [once(d(2, 29))]),  # leap year
    ("2月底前", [once(date(2021, 2, 28))], 2021),
    ("6月份", [once(d(6, 30))]),
    ("6月", [once(d(6, 30))]),
    ("6月份内", [once(d(6, 30))]),
    ("3月底以前", [once(d(3, 31))]),
    ("3月底之前", [once(d(3, 31))]),
    # days
    ("3月15日前", [once(d(3, 15))]),
    ("3月15号前", [once(d(3, 15))]),
    ("3月15日", [once(d(3, 15))]),
    ("2月29日前", [once(d(2, 29))]),
    ("3 月 15 日前", [once(d(3, 15))]),
    # 旬, 初, 中
    ("6月上旬", [once(d(6, 10))]),
    ("6月中旬", [once(d(6, 20))]),
    ("6月下旬", [once(d(6, 30))]),
    ("2月下旬", [once(d(2, 29))]),
    ("6月中下旬", [once(d(6, 30))]),
    ("6月初", [once(d(6, 5))]),  # choice: 月初 = the 5th
    ("6月中完成", [once(d(6, 15))]),  # choice: 月中 = the 15th
    ("3月初步建立台账", [once(d(3, 31), "初步建立台账")]),  # 初步 is a word, not 月初
    # "9月前" is before September, never 09-30
    ("9月前", [once(d(8, 31))]),
    ("9月份前", [once(d(8, 31))]),
    ("1月前", [once(date(2019, 12, 31))]),
    # ranges → end of the last month
    ("4-5月份", [once(d(5, 31))]),
    ("4—5月", [once(d(5, 31))]),
    ("4~5月", [once(d(5, 31))]),
    ("4～5月", [once(d(5, 31))]),
    ("4月至5月", [once(d(5, 31))]),
    ("4至5月", [once(d(5, 31))]),
    ("4月-6月底前", [once(d(6, 30))]),
    ("4、5月份", [once(d(5, 31))]),
    ("四五月份", [once(d(5, 31))]),
    ("3月1日至5月20日", [once(d(5, 20))]),
    ("11月至次年2月", [once(date(2021, 2, 28))]),
    # halves, year
    ("上半年", [once(d(6, 30))]),
    ("上半年末", [once(d(6, 30))]),
    ("下半年", [once(d(12, 31))]),
    ("年底", [once(d(12, 31))]),
    ("年底前", [once(d(12, 31))]),
    ("年内", [once(d(12, 31))]),
    ("全年", [once(d(12, 31))]),
    ("年末", [once(d(12, 31))]),
    ("年度内完成", [once(d(12, 31))]),
    ("今年底", [once(d(12, 31))]),
    ("2021年", [once(date(2021, 12, 31))]),
    ("2021年底前", [once(date(2021, 12, 31))]),
    ("二〇二一年", [once(date(2021, 12, 31))]),
    ("明年", [once(date(2021, 12, 31))]),
    ("明年上半年", [once(date(2021, 6, 30))]),
    # quarters
    ("第一季度", [once(d(3, 31))]),
    ("第二季度末", [once(d(6, 30))]),
    ("一季度", [once(d(3, 31))]),
    ("二季度末", [once(d(6, 30))]),
    ("三季度", [once(d(9, 30))]),
    ("第4季度", [once(d(12, 31))]),
    ("次年第一季度", [once(date(2021, 3, 31))]),
    # next year, explicit year
    ("次年3月底前", [once(date(2021, 3, 31))]),
    ("明年3月底前", [once(date(2021, 3, 31))]),
    ("下一年3月底前", [once(date(2021, 3, 31))]),
    ("2021年3月底前", [once(date(2021, 3, 31))]),
    ("二〇二一年三月底前", [once(date(2021, 3, 31))]),
    ("二零二一年三月底前", [once(date(2021, 3, 31))]),
    ("2020年12月31日前", [once(d(12, 31))]),
    ("2020-03-31", [once(d(3, 31))]),
    ("2020.3.31前", [once(d(3, 31))]),
    # Chinese numerals
    ("十二月底前", [once(d(12, 31))]),
    ("三月份", [once(d(3, 31))]),
    ("十一月十五日前", [once(d(11, 15))]),
    ("十月二十一日", [once(d(10, 21))]),
    ("五月三十一日前", [once(d(5, 31))]),
    ("二月廿九日", [once(d(2, 29))]),
    # full-width digits and punctuation; labels keep the original characters
    ("３月底前建立台账，４月底前完成审批。", [
        once(d(3, 31), "建立台账", "３月底前建立台账"),
        once(d(4, 30), "完成审批", "４月底前完成审批"),
    ]),
    ("１２月底前完成（含复核）", [once(d(12, 31), "完成（含复核）")]),
    # festivals
    ("元旦前", [once(d(12, 31))]),
    ("元旦", [once(date(2021, 1, 1))]),
    ("2021年元旦前", [once(d(12, 31))]),
    ("次年元旦", [once(date(2021, 1, 1))]),
    ("春节前", [once(d(1, 24))]),  # lunar new year 2020 = 01-25
    ("春节", [once(d(1, 25))]),
    ("明年春节前", [once(date(2021, 2, 11))]),  # lunar new year 2021 = 02-12
    ("次年春节前", [once(date(2021, 2, 11))]),
    ("五一前", [once(d(4, 30))]),
    ("劳动节前", [once(d(4, 30))]),
    ("五一", [once(d(5, 1))]),
    ("国庆前", [once(d(9, 30))]),
    ("国庆节前", [once(d(9, 30))]),
    ("国庆节", [once(d(10, 1))]),
    ("端午节前", [once(d(6, 24))]),  # 2020-06-25
    ("中秋前", [once(d(9, 30))]),  # 2020-10-01
    # recurring, no preceding date: first period end of the plan year
    ("每月", [rec(d(1, 31), "month")]),
    ("每个月上报一次数据", [rec(d(1, 31), "month", "上报一次数据")]),
    ("每季度", [rec(d(3, 31), "quarter")]),
    ("每季度进行一次", [rec(d(3, 31), "quarter")]),
    ("每季", [rec(d(3, 31), "quarter")]),
    ("每季度末", [rec(d(3, 31), "quarter")]),
    ("每半年", [rec(d(6, 30), "half_year")]),
    ("每年", [rec(d(12, 31), "year")]),
    ("每月10日前报送数据", [rec(d(1, 10), "month", "报送数据")]),
    ("每月10号前", [rec(d(1, 10), "month")]),
    ("每月底前", [rec(d(1, 31), "month")]),
    ("每年3月底前", [rec(d(3, 31), "year")]),
    # a recurrence tied to the step before it (后续/此后/之后/然后/随后/以后) starts after it
    ("3月底前建立台账,此后每月更新", [
        once(d(3, 31), "建立台账"), rec(d(4, 30), "month", "更新"),
    ]),
    ("5月底前完成,后续每季度进行一次", [once(d(5, 31)), rec(d(6, 30), "quarter")]),
    ("6月底前完成,之后每季度进行一次", [once(d(6, 30)), rec(d(9, 30), "quarter")]),
    ("2月底前完成,然后每月10日前报送", [once(d(2, 29)), rec(d(3, 10), "month", "报送")]),
    ("上半年完成,之后每半年复核", [once(d(6, 30)), rec(d(12, 31), "half_year", "复核")]),
    ("12月底前完成,随后每季度复查", [
        once(d(12, 31)), rec(date(2021, 3, 31), "quarter", "复查"),  # runs into next year
    ]),
    # ... without a tie each clause is read on its own: the first one of the plan year
    ("3月底前建立台账,每月更新", [once(d(3, 31), "建立台账"), rec(d(1, 31), "month", "更新")]),
    ("6月底前完成,每季度进行一次", [once(d(6, 30)), rec(d(3, 31), "quarter")]),
    ("2月底前完成,每月10日前报送", [once(d(2, 29)), rec(d(1, 10), "month", "报送")]),
    ("12月底前完成,每季度复查", [once(d(12, 31)), rec(d(3, 31), "quarter", "复查")]),
    ("12月底前完成,每半年复查", [once(d(12, 31)), rec(d(6, 30), "half_year", "复查")]),
    # ongoing
    ("长期", [ongoing()]),
    ("常态化", [ongoing()]),
    ("常态化开展巡查", [ongoing("开展巡查")]),
    ("动态管理", [ongoing("动态管理")]),
    ("后续动态管理", [ongoing("动态管理")]),
    ("动态调整", [ongoing("动态调整")]),
    ("动态监测", [ongoing("动态监测")]),
    ("持续推进", [ongoing("持续推进")]),
    ("全年持续", [ongoing()]),
    ("全年持续开展", [ongoing()]),
    ("长期与扶贫防贫工作进行对接", [ongoing("与扶贫防贫工作进行对接")]),
    # conditional
    ("待国家考核问题反馈后立即着手进行整改", [cond("国家考核问题反馈后立即着手进行整改")]),
    ("视疫情情况安排", [cond("视疫情情况安排")]),
    ("具体时间另行通知", [cond("具体时间另行通知")]),
    ("待省厅文件下发后3月底前完成", [cond("省厅文件下发后3月底前完成")]),  # the date is contingent
    # several milestones, labels and glue
    ("3月底前、6月底前分别完成", [once(d(3, 31), "分别完成"), once(d(6, 30), "分别完成")]),  # shared
    ("一季度、三季度末", [once(d(3, 31)), once(d(9, 30))]),
    ("3月底前建立台账并于4月底前完成审批", [
        once(d(3, 31), "建立台账"), once(d(4, 30), "完成审批"),
    ]),
    ("建立台账,3月底前完成", [once(d(3, 31), "建立台账", "建立台账,3月底前完成")]),
    ("摸底排查、建立台账,3月底前上报", [
        once(d(3, 31), "摸底排查、建立台账,上报", "摸底排查、建立台账,3月底前上报"),
    ]),
    ("5月底前,建立台账", [once(d(5, 31), "建立台账", "5月底前,建立台账")]),
    ("3月底前完成2019年度审计", [once(d(3, 31), "完成2019年度审计")]),  # a year alone is weak
    ("12月底前完成全年任务", [once(d(12, 31), "完成全年任务")]),
    ("于3月底前完成审核", [once(d(3, 31), "完成审核")]),
    ("力争于6月底前完成", [once(d(6, 30))]),
    ("然后5月底前审批", [once(d(5, 31), "审批")]),
    ("3月底前:完成审核", [once(d(3, 31), "完成审核")]),
]


@pytest.mark.parametrize(
    "text,expected,year",
    [(t, e, rest[0] if rest else Y) for t, e, *rest in FORMS],
    ids=[f[0] + (f"@{f[2]}" if len(f) > 2 else "") for f in FORMS],
)
def test_forms(text, expected, year):
    check(text, expected, year)


def test_plan_year_moves_everything():
    assert parse_deadline("2月底前", 2019)[0].due == date(2019, 2, 28)
    assert parse_deadline("春节前", 2021)[0].due == date(2021, 2, 11)
    assert parse_deadline("元旦前", 2021)[0].due == date(2021, 12, 31)
    assert parse_deadline("次年3月底前", 2021)[0].due == date(2022, 3, 31)


# ---------------------------------------------------------------- refused, never guessed

REFUSED = [
    ("", "为空"),
    ("   ", "为空"),
    ("15前", "15前"),
    ("3底前", "3底"),
    ("20日前", "20日"),
    ("3月15前", "15前"),
    ("3月底前完成,20日前上报", "20日"),
    ("十五日前", "十五日前"),
    ("13月底前", "13"),
    ("3月32日", "32"),
    ("2月30日", "30"),
    ("二〇二一年二月二十九日", "29"),
    ("6月31日前", "31"),
    ("近期", "近期"),
    ("尽快", "尽快"),
    ("适时", "适时"),
    ("3月底前完成,近期上报", "近期"),
    ("尽快完成整改", "尽快"),
    ("时间待定", "待定"),
    ("月底前", "月底"),
    ("年初", "年初"),
    ("三个月内", "三个月内"),
    ("做好救助工作", "没有可识别"),
    ("按要求完成", "没有可识别"),
    ("3月后", "3月后"),
    ("春节后", "春节后"),
    ("3月前后", "3月前后"),
    ("一季度前", "一季度前"),
    ("上半年前", "上半年前"),
    ("5-4月", "颠倒"),
    ("3、6、9、12月底前", "6、"),
    ("每年2月30日", "2月30日"),
    ("每月32日", "32"),
]


@pytest.mark.parametrize("text,fragment", REFUSED, ids=[t or "<empty>" for t, _ in REFUSED])
def test_refused(text, fragment):
    with pytest.raises(DeadlineError) as err:
        parse_deadline(text, Y)
    assert fragment in err.value.reason


def test_error_names_the_text_and_reason():
    with pytest.raises(DeadlineError) as err:
        parse_deadline("3月底前完成,近期上报", Y)
    assert err.value.text == "3月底前完成,近期上报"
    assert "3月底前完成,近期上报" in str(err.value)
    assert "近期" in str(err.value)
    assert isinstance(err.value, ValueError)


# ---------------------------------------------------------------- model and speed

def test_milestone_json_round_trip():
    for text, _ in REAL_PLAN:
        for m in parse_deadline(text, Y):
            data = m.to_json()
            assert Milestone.from_json(data) == m
            assert data["kind"] in KINDS
            assert data["every"] in PERIODS + (None,)
    m = parse_deadline("后续每季度进行一次", Y)[0]
    assert m.to_json() == {
        "due": "2020-03-31", "kind": "recurring", "every": "quarter",
        "label": None, "source": "后续每季度进行一次",
    }
    ongoing_json = parse_deadline("长期工作", Y)[0].to_json()
    assert ongoing_json["due"] is None
    assert Milestone.from_json(ongoing_json).due is None


@pytest.mark.parametrize("garbage", [
    "啊" * 10_000,
    "x" * 10_000,
    "待" * 10_000,
    "视" * 10_000,
    "，" * 5_000 + "?" * 5_000,
    "月" * 10_000,
    "-" * 10_000,
    "十" * 10_000,
    "年" * 10_000,
    ("进行核查" * 2_500),
])
def test_long_garbage_is_refused(garbage):
    with pytest.raises(DeadlineError):
        parse_deadline(garbage, Y)


ADVERSARIAL = ("1" * 10_000 + "月", "1-" * 5_000, "每" * 10_000, "3月" + "底" * 10_000,
               "2020年" * 2_000, "十二月" * 3_000, "、1" * 5_000)


@pytest.mark.parametrize("text", ADVERSARIAL, ids=lambda t: t[:6])
def test_long_adversarial_inputs_are_read_or_refused(text):
    # Speed on such inputs is measured in bench/deadlines.py; here: an answer, never a crash.
    try:
        milestones = parse_deadline(text, Y)
    except DeadlineError:
        return
    assert all(m.kind in KINDS for m in milestones)


# ---------------------------------------------------------------- forms of other counties' plans
# (issue 16; the conventions of tests/corpora/briefs/deadlines.md)

OTHER_PLANS = [
    # festivals and solar terms (lunar and solar-term dates of the plan year)
    ("端午前", [once(d(6, 24))]),
    ("中秋节前", [once(d(9, 30))]),
    ("元宵节前", [once(d(2, 7))]),  # lunar 1/15 = 2020-02-08
    ("元宵节", [once(d(2, 8))]),
    ("重阳节当天集中开展敬老慰问", [once(d(10, 25), "集中开展敬老慰问")]),
    ("除夕前", [once(d(1, 23))]),
    ("七一前", [once(d(6, 30))]),
    ("立冬前", [once(d(11, 6))]),  # 立冬 2020-11-07
    ("冬至前", [once(d(12, 20))]),  # 冬至 2020-12-21
    ("立春前完成", [once(d(2, 3))]),
    ("清明前完成文明祭扫宣传", [once(d(4, 3), "完成文明祭扫宣传")]),  # 清明 2020-04-04
    ("立冬前", [once(date(2021, 11, 6))], 2021),
    ("清明、五一、端午节前各开展一次检查", [  # the last one's 前 and label go for the list
        once(d(4, 3), "各开展一次检查"), once(d(4, 30), "各开展一次检查"), once(d(6, 24), "各开展一次检查"),
    ]),
    ("国庆节后一周内上报", [once(d(10, 8), "上报")]),
    ("国庆节后7日内", [once(d(10, 8))]),
    ("6月后10日内", [once(d(7, 10))]),
    ("元宵节后开始,3月底前完成排查", [once(d(3, 31), "完成排查", "元宵节后开始,3月底前完成排查")]),
    # a solar term's or season's name used as a word is not a date
    ("雨水管网改造3月底前完成", [once(d(3, 31), "雨水管网改造完成")]),
    ("12月上旬完成防火期工作总结", [once(d(12, 10), "完成防火期工作总结")]),
    # events: conditional, the event in the label
    ("项目批复后2个月内开工", [cond("项目批复后2个月内开工")]),
    ("视疫情形势安排", [cond("视疫情形势安排")]),
    ("择机开展移风易俗宣传", [cond("择机开展移风易俗宣传")]),
    ("6月底前择机开展", [once(d(6, 30), "择机开展")]),  # a date of its own wins over 择机
    ("省级复核按省厅通知执行", [cond("省级复核按省厅通知执行")]),
    ("资金到位后3个月内开工,开工后1年内竣工", [
        cond("资金到位后3个月内开工"), cond("开工后1年内竣工"),
    ]),
    # a day or a part inside the period
    ("每季度首月15日前报上季度数据", [rec(d(1, 15), "quarter", "报上季度数据")]),
    ("每季度末月25日前", [rec(d(3, 25), "quarter")]),
    ("每季度第一个月", [rec(d(1, 31), "quarter")]),
    ("每季度末月下旬开展检查", [rec(d(3, 31), "quarter", "开展检查")]),
    ("每年下半年集中开展一次", [rec(d(12, 31), "year", "集中开展一次")]),
    ("每年上半年", [rec(d(6, 30), "year")]),
    ("每年第一季度", [rec(d(3, 31), "year")]),
    ("每月月末前报送", [rec(d(1, 31), "month", "报送")]),
    ("按季度报送", [rec(d(3, 31), "quarter", "报送")]),
    ("每半年一次", [rec(d(6, 30), "half_year")]),
    # weekly: the first Friday on or after the start (or the day named)
    ("每周", [rec(d(1, 3), "week")]),
    ("每周五报送周报", [rec(d(1, 3), "week", "报送周报")]),
    ("每周一调度", [rec(d(1, 6), "week", "调度")]),
    ("每周五报送周报", [rec(date(2022, 1, 7), "week", "报送周报")], 2022),
    # 自…起 / 从…开始: the recurrence starts there, no milestone of its own
    ("从下半年开始每月底前上报", [rec(d(7, 31), "month", "上报")]),
    ("自4月起每月5日前报送", [rec(d(4, 5), "month", "报送")]),
    ("从第二季度开始每季度末月20日前上报", [rec(d(6, 20), "quarter", "上报")]),
    ("自2020年7月1日起,每月10日前报送", [
        rec(d(7, 10), "month", "报送", "自2020年7月1日起,每月10日前报送"),
    ]),
    ("自7月起每周调度一次", [rec(d(7, 3), "week", "调度一次")]),
    ("3月底前建立台账,4月起每月更新", [once(d(3, 31), "建立台账"), rec(d(4, 30), "month", "更新")]),
    ("4月起常态化开展", [ongoing("常态化开展")]),
    # clauses do not leak: only a tie (此后, 之后, 后续…) starts a recurrence after the clause before
    ("3月底前完成年度统计,每季度报送一次工作进展", [
        once(d(3, 31), "完成年度统计"), rec(d(3, 31), "quarter", "报送一次工作进展"),
    ]),
    ("9月底前建立台账,此后每半年更新一次", [once(d(9, 30), "建立台账"), rec(d(12, 31), "half_year", "更新一次")]),
    ("4月至5月开展回头看,此后每季度首月10日前报送", [
        once(d(5, 31), "开展回头看"), rec(d(7, 10), "quarter", "报送"),
    ]),
    # standing rules: one recurrence per period named
    ("严格落实周调度、月通报制度", [rec(d(1, 3), "week", "周调度"), rec(d(1, 31), "month", "月通报")]),
    ("坚持“月调度、季通报、年考核”工作机制", [
        rec(d(1, 31), "month", "月调度"), rec(d(3, 31), "quarter", "季通报"), rec(d(12, 31), "year", "年考核"),
    ]),
    ("自3月1日起实行周调度、月通报", [rec(d(3, 6), "week", "周调度"), rec(d(3, 31), "month", "月通报")]),
    ("建立季度通报机制", [rec(d(3, 31), "quarter", "季度通报")]),
    ("12月25日前完成年度考核", [once(d(12, 25), "完成年度考核")]),  # 年度考核 is not 年考核
    # a once-step and a lasting duty
    ("年内建成,此后长期坚持", [once(d(12, 31), "建成"), ongoing()]),
    ("系统运维为长期工作", [ongoing("系统运维")]),
    ("此后纳入常态化管理", [ongoing("纳入常态化管理")]),
    # labels keep what is done, "全部完成" included
    ("年底前全部完成", [once(d(12, 31), "全部完成")]),
    # ranges
    ("三至四季度", [once(d(12, 31))]),
    ("7月下旬至8月上旬", [once(d(8, 10))]),
]


@pytest.mark.parametrize(
    "text,expected,year",
    [(t, e, rest[0] if rest else Y) for t, e, *rest in OTHER_PLANS],
    ids=[f[0] + (f"@{f[2]}" if len(f) > 2 else "") for f in OTHER_PLANS],
)
def test_other_plans(text, expected, year):
    check(text, expected, year)


# season words: the date is the province's; the label says which date was taken
SEASONS = [
    ("雨季前", "河北", d(5, 31), "雨季前:按河北汛期6月1日开始计"),
    ("汛前完成隐患排查", "河北", d(5, 31), "完成隐患排查(汛前:按河北汛期6月1日开始计)"),
    ("汛期前完成检修", "贵州", d(4, 30), "完成检修(汛期前:按贵州汛期5月1日开始计)"),
    ("雨季来临前完成排查", "山东省", d(5, 31), "完成排查(雨季来临前:按山东汛期6月1日开始计)"),
    ("供暖季前完成锅炉检修", "河北", d(11, 14), "完成锅炉检修(供暖季前:按河北供暖季11月15日开始计)"),
    ("供暖季前完成检修", "黑龙江", d(10, 19), "完成检修(供暖季前:按黑龙江供暖季10月20日开始计)"),
    ("春季防火期前", "黑龙江", d(3, 14), "春季防火期前:按黑龙江春季防火期3月15日开始计"),
    ("秋季开学前完成验收", "河南", d(8, 31), "完成验收(秋季开学前:按秋季开学9月1日开始计)"),
]


@pytest.mark.parametrize("text,province,due,label", SEASONS, ids=[f"{t}@{p}" for t, p, _, _ in SEASONS])
def test_seasons_by_province(text, province, due, label):
    [m] = parse_deadline(text, Y, province=province)
    assert (m.kind, m.due, m.label) == ("once", due, label)


SEASONS_UNDATED = [
    ("雨季前", None, "方案未写明所属省份"),
    ("供暖季前", "山西", "山西没有全省统一的供暖季起始日期"),
    ("汛期前", "广东", "广东没有全省统一的汛期起始日期"),
    ("防火期前", "黑龙江", "随农时、天气而定"),  # spring or autumn?
    ("春耕前完成物资发放", "河北", "随农时、天气而定"),
    ("秋收后集中开展复核", "河北", "只有开始时间"),
    ("元宵节后启动清洁行动", "河北", "只有开始时间"),
    ("自3月1日起施行", "河北", "只有开始时间"),
]


@pytest.mark.parametrize("text,province,reason", SEASONS_UNDATED, ids=[f"{t}@{p}" for t, p, _ in SEASONS_UNDATED])
def test_undated_seasons_say_why(text, province, reason):
    with pytest.raises(DeadlineError) as err:
        parse_deadline(text, Y, province=province)
    assert reason in err.value.reason
    assert "\n" not in err.value.reason
    if "季" in text or "春耕" in text:
        assert "季节性时间需人工确定" in err.value.reason


@pytest.mark.parametrize("text,fragment", [
    ("3月底前摸清底数,抓紧推进整改", "抓紧"),
    ("发现问题限期整改", "限期"),
    ("3月底前完成,每日报送", "每日"),
    ("每两个月", "每两"),
    ("完成月度考核", "没有可识别"),
])
def test_other_plans_refused(text, fragment):
    with pytest.raises(DeadlineError) as err:
        parse_deadline(text, Y)
    assert fragment in err.value.reason
