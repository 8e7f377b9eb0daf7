"""The tuned part of the blind 完成时限 corpus (tests/corpora/deadlines.tuned.json), item by item.

The held-out part is never read here: bench/deadlines.py reports it, as totals only.
"""
from __future__ import annotations

import pytest

from bench.deadlines import category, grade, load, read
from core.deadlines import DeadlineError

TUNED = load("tuned")


@pytest.mark.parametrize("item", TUNED, ids=[i["id"] for i in TUNED])
def test_tuned_corpus(item):
    got = read(item)
    said = got.reason if isinstance(got, DeadlineError) else [m.to_json() for m in got]
    assert grade(item, got), f"{item['text']} → {said}"


def test_every_refusal_says_why_in_one_line():
    for item in TUNED:
        got = read(item)
        if isinstance(got, DeadlineError):
            assert got.reason.strip() and "\n" not in got.reason, item["id"]


def test_corpus_covers_every_category():
    assert {category(i) for i in TUNED} == {
        "plain", "multi-clause", "festival/solar term", "recurrence", "event", "season", "unreadable"}
