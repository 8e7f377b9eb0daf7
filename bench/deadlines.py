"""How fast the deadline grammar reads the plan's 完成时限, and that hostile input stays cheap.

    .venv/bin/python -m bench.deadlines

Baseline, measured in the same run: one compiled regex scan of the same text ("N月底前"), the
floor of any regex-based reading. Prints per-call figures and the ratio to the baseline.
"""
from __future__ import annotations

import re

from bench._timing import describe, percentile, sample
from core.deadlines import DeadlineError, parse_deadline

PLAN_DEADLINES = [
    "5月底前",
    "3月底前与扶贫办数据核对,4月份下发通知,5月底前审批完成,后续动态管理。",
    "长期工作",
    "3月底前建立台账,4月底前完成档案审批,后续动态调整。",
    "3月底前排查完成,建立台账,4-5月份将风险对象核实反馈,后续每季度进行一次。",
    "4月底前完成整改回头看工作,待国家考核问题反馈后立即着手进行整改。",
    "3月底全部建立非贫低保、特困台账,进行动态监测,长期与扶贫防贫工作进行对接。",
    "3月份下发通知,6月中旬完成统计汇总工作。",
    "贯穿全年",
    "3月底前",
    "长期工作,2月份下拨储备金。",
    "12月底前完成。",
]
HOSTILE = ["1" * 10_000 + "月", "1-" * 5_000, "每" * 10_000, "3月" + "底" * 10_000, "十二月" * 3_000,
           "待" * 10_000, "，" * 5_000 + "?" * 5_000]
_BASELINE = re.compile(r"(\d{1,2})月底前")


def read_all() -> None:
    for text in PLAN_DEADLINES:
        parse_deadline(text, 2020)


def baseline_all() -> None:
    for text in PLAN_DEADLINES:
        _BASELINE.findall(text)


def read_hostile(text: str):
    def call():
        try:
            parse_deadline(text, 2020)
        except DeadlineError:
            pass
    return call


def main() -> None:
    ours = sample(read_all, 300)
    floor = sample(baseline_all, 300)
    per_text = len(PLAN_DEADLINES)
    print(f"deadline grammar: {per_text} 完成时限 texts of the 2020 plan per round")
    print(describe("parse_deadline, whole plan", ours))
    print(describe("baseline regex, whole plan", floor))
    print(f"per text: {percentile(ours, 0.5) / per_text * 1e6:.1f} µs; "
          f"ratio to baseline (p50): {percentile(ours, 0.5) / percentile(floor, 0.5):.1f}x")
    worst = max((percentile(sample(read_hostile(t), 20), 0.5), t[:8]) for t in HOSTILE)
    print(f"hostile 10 000-character inputs: slowest p50 {worst[0] * 1e3:.2f} ms ({worst[1]!r}…), "
          f"{worst[0] / (percentile(ours, 0.5) / per_text):.0f}x an ordinary text")


if __name__ == "__main__":
    main()
