"""How well staff reports are read: the project's corpus of real-style messages, graded.

    .venv/bin/python -m bench.progress

For every message of tests/reports_corpus.json: fully right (the verdict expected and, for a
report, the task, township, status and figures), asked (a question instead of a guess), missed
(neither recorded nor asked where a report or question was due) or recorded wrongly — which must
stay 0 %. Baseline, measured in the same run: a naive keyword reader (the first task whose title
shares a word with the message, a status from 完成/正在, Arabic figures) — what a first attempt
without asking would record. Prints shares and parse latency p50/p99 for both.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from bench._timing import describe, sample
from config.settings import COUNTIES_DIR, DEFAULT_PLAN
from core.counties import load_counties
from core.plan_parser import ParsedPlan
from core.report_parser import ASK, REPORT, UNKNOWN_TASK, Catalogue, Figure, Reading, catalogue_from_parsed, parse

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "reports_corpus.json"
RIGHT, ASKED, MISSED, WRONG = "right", "asked", "missed", "wrong"


def load_corpus() -> list[dict]:
    return json.loads(CORPUS.read_text(encoding="utf-8"))


def bundled_catalogue() -> Catalogue:
    """The bundled 2020 plan and its county, as the bot would see them."""
    plan = ParsedPlan.from_json(json.loads(DEFAULT_PLAN.read_text(encoding="utf-8")))
    county = next(c for c in load_counties(COUNTIES_DIR) if c.is_called(plan.county or ""))
    return catalogue_from_parsed(plan, tuple(t.name for t in county.townships))


def grade(reading: Reading, item: dict) -> str:
    expect = item["expect"]
    if reading.verdict == REPORT:
        return RIGHT if expect == REPORT and _same_report(reading, item) else WRONG
    if reading.verdict == expect:
        return RIGHT
    return ASKED if reading.verdict == ASK else MISSED


def _same_report(reading: Reading, item: dict) -> bool:
    if (reading.task, reading.township, reading.status) != (item["task"], item["township"], item["status"]):
        return False
    return _same_figures(list(reading.figures), item["figures"])


def _same_figures(found: list[Figure], expected: list[list]) -> bool:
    """Values and units exactly; a label where one is expected, as words in common."""
    if len(found) != len(expected):
        return False
    left = list(found)
    for label, value, unit in expected:
        match = next((f for f in left if f.value == value and f.unit == unit
                      and (not label or label in f.label or (f.label and f.label in label))), None)
        if match is None:
            return False
        left.remove(match)
    return True


# The naive baseline: no asking, first keyword wins.
_NAIVE_STATUS = (("not_started", "没开始"), ("blocked", "困难"), ("in_progress", "正在"), ("done", "完"))
_NAIVE_FIGURE = re.compile(r"(\d+(?:\.\d+)?)(户|人|元|个|%)")


def naive_parse(text: str, catalogue: Catalogue, sender: str) -> Reading:
    if "?" in text or "吗" in text:
        return Reading("not_report")
    task = next((t.ref for t in catalogue.tasks if any(text[i:i + 2] in t.title for i in range(len(text) - 1))), None)
    status = next((s for s, word in _NAIVE_STATUS if word in text), None)
    township = next((t for t in catalogue.townships if t in text), sender)
    figures = tuple(Figure("", float(v) if "." in v else int(v), u) for v, u in _NAIVE_FIGURE.findall(text))
    if task is None and status is None:
        return Reading("not_report")
    return Reading(REPORT if task else UNKNOWN_TASK, task, township, status=status, figures=figures)


def evaluate(reader, catalogue: Catalogue, corpus: list[dict]) -> Counter:
    return Counter(grade(reader(item["text"], catalogue, item["from"]), item) for item in corpus)


def main() -> None:
    catalogue, corpus = bundled_catalogue(), load_corpus()
    print(f"progress reports: {len(corpus)} messages of tests/reports_corpus.json, "
          f"{len(catalogue.tasks)} tasks of the bundled 2020 plan")
    expected = Counter(item["expect"] for item in corpus)
    print("expected: " + ", ".join(f"{kind} {n}" for kind, n in sorted(expected.items())))
    for name, reader in (("report_parser.parse", parse), ("naive keyword baseline", naive_parse)):
        counts = evaluate(reader, catalogue, corpus)
        shares = "   ".join(f"{kind} {counts[kind] / len(corpus):6.1%}" for kind in (RIGHT, ASKED, MISSED, WRONG))
        print(f"{name:<24} {shares}")
    for name, reader in (("parse, one message", parse), ("naive baseline, one message", naive_parse)):
        texts = [(item["text"], item["from"]) for item in corpus]
        rounds = iter(range(10 ** 9))

        def one(reader=reader):
            text, sender = texts[next(rounds) % len(texts)]
            reader(text, catalogue, sender)
        print(describe(name, sample(one, 3000)))


if __name__ == "__main__":
    main()
