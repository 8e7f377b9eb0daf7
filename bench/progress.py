"""How well staff messages are read, on the blind corpus of tests/corpora/staff_messages.*.json.

    .venv/bin/python -m bench.progress [--misses]

Each message was written and labelled by helpers who saw only the plan and a persona (see
tests/corpora/README.md). A message is graded by what the bot would do with it:

- a clear report (expect record / record_and_answer): right (stored with task, township, status and
  figures all right; for "both", the question also passed on; a message that lists reports of several
  tasks, item by item where the labels list its items), asked (a question although the words
  decided), missed (not stored, not asked) or wrong (stored with any field wrong);
- a report to ask about (expect ask): right if asked; stored is a guess, counted wrong;
- a report to refuse (not in the plan, no such task, another township, not owed, an instruction):
  right if refused; stored is wrong;
- a question or chat (expect answer): right if passed to the answers; stored is the worst defect.

The tuned part is printed beside the held-out part (totals only: its items are never shown), and
beside the naive baseline (first task sharing a word, status from 完成/正在, Arabic figures) run on the
same messages. --misses lists the tuned part's misses, for tuning.
"""
from __future__ import annotations

import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from bench._timing import describe, sample
from bench.corpora import PARTS, load, share
from config.settings import COUNTIES_DIR, DEFAULT_PLAN
from core.counties import load_counties
from core.plan_parser import ParsedPlan
from core.report_parser import (ASK, NOT_REPORT, REFUSALS, REPORT, UNKNOWN_TASK, Catalogue, Figure, Reading,
                                catalogue_from_parsed, parse, settle)

CORPUS = "staff_messages"
LEGACY = Path(__file__).resolve().parent.parent / "tests" / "reports_corpus.json"
RIGHT, ASKED, MISSED, WRONG = "right", "asked", "missed", "wrong"
_LEGACY_EXPECT = {"report": "record", "ask": "ask", "not_report": "answer", "unknown_task": "refuse"}


def legacy_corpus() -> list[dict]:
    """tests/reports_corpus.json, the 169 messages written with the code before the blind corpora, in
    the blind corpora's shape: kept as a regression set, never quoted as a measure."""
    items = json.loads(LEGACY.read_text(encoding="utf-8"))
    return [{"id": f"legacy-{i}", "text": item["text"], "sender_township": item["from"],
             "expect": _LEGACY_EXPECT[item["expect"]], "task": item.get("task"), "township": item.get("township"),
             "status": item.get("status"),
             "figures": [{"label": label, "value": value, "unit": unit} for label, value, unit in item.get("figures", [])]}
            for i, item in enumerate(items, 1)]


def bundled_catalogue() -> Catalogue:
    """The bundled 2020 plan and its county, as the bot would see them."""
    plan = ParsedPlan.from_json(json.loads(DEFAULT_PLAN.read_text(encoding="utf-8")))
    return catalogue_from_parsed(plan, county_townships(plan))


def county_townships(plan: ParsedPlan) -> tuple[str, ...]:
    """The townships of the plan's county, from the bundled county files."""
    county = next(c for c in load_counties(COUNTIES_DIR) if c.is_called(plan.county or ""))
    return tuple(t.name for t in county.townships)


# --- grading ---------------------------------------------------------------------------------------

def grade(reading: Reading, item: dict) -> str:
    """right / asked / missed / wrong for one message, as the module docstring says."""
    expect = item["expect"]
    if reading.more:
        return grade_items((reading, *reading.more), item)
    stored = reading.verdict == REPORT
    if expect in ("record", "record_and_answer"):
        if stored:
            return RIGHT if same_report(reading, item) and (expect == "record" or reading.inquiry) else WRONG
        return ASKED if reading.verdict == ASK else MISSED
    if stored:
        return WRONG
    if expect == "ask":
        return RIGHT if reading.verdict == ASK else MISSED
    if expect == "refuse":
        return RIGHT if reading.verdict in REFUSALS else ASKED if reading.verdict == ASK else MISSED
    return RIGHT if reading.verdict == NOT_REPORT else ASKED if reading.verdict == ASK else MISSED


def grade_items(readings: tuple[Reading, ...], item: dict) -> str:
    """A message read as several reports (one per listed item): right where the labels list the same items in
    the same order and each is stored right; an item asked about is asked; any report stored that the labels
    do not list as such is wrong."""
    labelled = item.get("items") or []
    if item["expect"] not in REPORTS or len(labelled) != len(readings):
        return WRONG
    for reading, label in zip(readings, labelled):
        if reading.verdict == REPORT and not same_report(reading, {**label, "sender_township": item["sender_township"]}):
            return WRONG
    if any(r.verdict != REPORT for r in readings):
        return ASKED
    return RIGHT if item["expect"] == "record" or any(r.inquiry for r in readings) else WRONG


def same_report(reading: Reading, item: dict) -> bool:
    township = item.get("township") or item["sender_township"]
    if (reading.task, reading.township, reading.status) != (item["task"], township, item["status"]):
        return False
    return same_figures(reading.figures, item.get("figures") or [])


_UNIT_FAMILIES = {"名": "人", "位": "人", "个人": "人", "个行政村": "村", "行政村": "村"}


def unit_family(unit: str | None) -> str:
    """名/位/个人 → 人, 个村/个行政村 → 村, 个老人 → 老人: what is counted."""
    unit = unit or ""
    unit = _UNIT_FAMILIES.get(unit, unit)
    return unit[1:] if unit.startswith("个") and len(unit) > 1 else unit


def same_unit(found: str, expected: str) -> bool:
    """The same family; a bare 个 counts whatever the message counted (个 of 个问题)."""
    return found == expected or "个" in (found, expected) and bool(found) and bool(expected)


def same_figures(found, expected: list[dict]) -> bool:
    """The same values with units of the same family (名/人, 个村/村), in any order."""
    left = [(float(f.value) if f.value is not None else None, unit_family(f.unit)) for f in found]
    for figure in expected:
        value, unit = float(figure["value"]), unit_family(figure.get("unit"))
        match = next((f for f in left if f[0] == value and same_unit(f[1], unit)), None)
        if match is None:
            return False
        left.remove(match)
    return not left


# --- the naive baseline ----------------------------------------------------------------------------

_NAIVE_STATUS = (("not_started", "没开始"), ("blocked", "困难"), ("in_progress", "正在"), ("done", "完"))
_NAIVE_FIGURE = re.compile(r"(\d+(?:\.\d+)?)(户|人|元|个|%)")


def naive_parse(text: str, catalogue: Catalogue, sender: str) -> Reading:
    if "?" in text or "吗" in text:
        return Reading(NOT_REPORT)
    task = next((t.ref for t in catalogue.tasks if any(text[i:i + 2] in t.title for i in range(len(text) - 1))), None)
    status = next((s for s, word in _NAIVE_STATUS if word in text), None)
    township = next((t for t in catalogue.townships if t in text), sender)
    figures = tuple(Figure("", float(v) if "." in v else int(v), u) for v, u in _NAIVE_FIGURE.findall(text))
    if task is None and status is None:
        return Reading(NOT_REPORT)
    return Reading(REPORT if task else UNKNOWN_TASK, task, township, status=status, figures=figures)


# --- a data-driven reader, for comparison ----------------------------------------------------------

def learned_reader(training: list[dict], fallback: bool = False):
    """The rules for task refs, townships, refusals and figures, with the message kind (report or
    not) and the status taken from character n-gram classifiers (scikit-learn: tf-idf of 1–3
    characters, logistic regression) trained on `training`; with `fallback`, the classifiers only
    where the rules find no status. None where scikit-learn is missing."""
    try:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline
    except ImportError:
        return None

    def model(texts, labels):
        return make_pipeline(TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True),
                             LogisticRegression(max_iter=2000, C=10)).fit(texts, labels)

    kind = model([i["text"] for i in training], [i["expect"] == "answer" for i in training])
    reports = [i for i in training if i.get("status")]
    status = model([i["text"] for i in reports], [i["status"] for i in reports])

    def read(text: str, catalogue: Catalogue, sender: str) -> Reading:
        reading = parse(text, catalogue, sender)
        if kind.predict([text])[0]:
            return Reading(NOT_REPORT, inquiry=text)
        if reading.verdict == NOT_REPORT and reading.task is None:
            return reading
        asks_status = reading.question is not None and reading.question.kind == "status"
        if fallback and not asks_status:
            return reading
        if reading.verdict in (REPORT, ASK) and reading.task and (reading.question is None or asks_status):
            told = replace(reading, status=status.predict([text])[0], question=None)
            return settle(told, catalogue)
        return reading
    return read


def folds(corpus: list[dict], k: int = 5):
    """(training, test) pairs of a k-fold split, for measuring a learned reader on its own corpus."""
    for n in range(k):
        yield [i for j, i in enumerate(corpus) if j % k != n], [i for j, i in enumerate(corpus) if j % k == n]


# --- figures of a run ------------------------------------------------------------------------------

@dataclass
class Tally:
    """Outcomes by what was expected, and the misses (kept for the tuned part only)."""

    by_expect: dict[str, Counter] = field(default_factory=dict)
    misses: list[tuple[dict, Reading, str]] = field(default_factory=list)

    def add(self, item: dict, reading: Reading, outcome: str) -> None:
        self.by_expect.setdefault(item["expect"], Counter())[outcome] += 1
        if outcome != RIGHT:
            self.misses.append((item, reading, outcome))

    def count(self, expects: tuple[str, ...], outcome: str | None = None) -> int:
        return sum(c[outcome] if outcome else sum(c.values())
                   for e, c in self.by_expect.items() if e in expects)


REPORTS = ("record", "record_and_answer")
NOT_TO_STORE = ("ask", "refuse", "answer")


def run(reader, catalogue: Catalogue, corpus: list[dict]) -> Tally:
    tally = Tally()
    for item in corpus:
        reading = reader(item["text"], catalogue, item["sender_township"])
        tally.add(item, reading, grade(reading, item))
    return tally


def summary(tally: Tally) -> list[str]:
    clear = tally.count(REPORTS)
    stored_wrongly = tally.count(REPORTS, WRONG) + tally.count(NOT_TO_STORE, WRONG)
    questions = tally.count(("answer",))
    return [
        f"clear reports {clear}: right {share(tally.count(REPORTS, RIGHT), clear)}  "
        f"asked {share(tally.count(REPORTS, ASKED), clear)}  missed {share(tally.count(REPORTS, MISSED), clear)}  "
        f"wrong {share(tally.count(REPORTS, WRONG), clear)}",
        f"questions and chat {questions}: passed to answers {share(tally.count(('answer',), RIGHT), questions)}  "
        f"STORED {tally.count(('answer',), WRONG)}",
        f"to ask {tally.count(('ask',))}: asked {share(tally.count(('ask',), RIGHT), tally.count(('ask',)))}  "
        f"stored a guess {tally.count(('ask',), WRONG)};  "
        f"to refuse {tally.count(('refuse',))}: refused {share(tally.count(('refuse',), RIGHT), tally.count(('refuse',)))}  "
        f"stored {tally.count(('refuse',), WRONG)}",
        f"recorded wrong (any field, or stored at all when it must not be): {stored_wrongly}",
    ]


def main() -> None:
    catalogue = bundled_catalogue()
    corpora = {part: load(CORPUS, part) for part in PARTS}
    print(f"staff messages: tuned {len(corpora['tuned'])}, held out {len(corpora['heldout'])} "
          f"(tests/corpora/{CORPUS}.*.json); {len(catalogue.tasks)} tasks of the bundled 2020 plan")
    for name, reader in (("report_parser.parse", parse), ("naive keyword baseline", naive_parse)):
        for part in PARTS:
            print(f"\n{name} — {part}")
            for line in summary(run(reader, catalogue, corpora[part])):
                print("  " + line)
    for fallback, name in ((False, "rules + character n-gram classifiers for kind and status (scikit-learn)"),
                           (True, "rules, with the classifiers only where the rules find no status")):
        learned = learned_reader(corpora["tuned"], fallback)
        if learned is None:
            print("\nscikit-learn not installed (pip install -r requirements-bench.txt): the learned readers are skipped")
            break
        print(f"\n{name}")
        cross = Tally()
        for training, test in folds(corpora["tuned"]):
            for expect, counts in run(learned_reader(training, fallback), catalogue, test).by_expect.items():
                cross.by_expect.setdefault(expect, Counter()).update(counts)
        print("  tuned, 5-fold cross-validated (trained on four fifths, read the fifth)")
        for line in summary(cross):
            print("    " + line)
        print("  heldout (trained on the whole tuned part)")
        for line in summary(run(learned, catalogue, corpora["heldout"])):
            print("    " + line)
    texts = [(item["text"], item["sender_township"]) for part in PARTS for item in corpora[part]]
    for name, reader in (("parse, one message", parse), ("naive baseline, one message", naive_parse)):
        rounds = iter(range(10 ** 9))

        def one(reader=reader):
            text, sender = texts[next(rounds) % len(texts)]
            reader(text, catalogue, sender)
        print(describe(name, sample(one, 5000)))
    if "--misses" in sys.argv:
        print("\nmisses of the tuned part:")
        for item, reading, outcome in run(parse, catalogue, corpora["tuned"]).misses:
            print(f"{outcome:6} {item['id']} expect {item['expect']} {item.get('task')} {item.get('status')} "
                  f"{[(f['value'], f.get('unit')) for f in item.get('figures') or []]}\n"
                  f"       {item['text']}\n       got {reading.verdict} {reading.task} {reading.township} "
                  f"{reading.status} {[(f.value, f.unit) for f in reading.figures]} inquiry={reading.inquiry!r}")


if __name__ == "__main__":
    main()
