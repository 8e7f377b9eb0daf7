"""How well and how fast the deadline grammar reads 完成时限 it was never tuned for, beside jionlp
and dateparser on the same expressions, in the same run.

    .venv/bin/python -m bench.deadlines                # tuned and held-out parts, both tools
    .venv/bin/python -m bench.deadlines --part tuned --misses   # while tuning: the tuned misses, item by item
    .venv/bin/pip install -r requirements-bench.txt    # jionlp and dateparser (else "not installed: skipped")

The corpus (tests/corpora/deadlines.*.json) was written by helpers who never saw the grammar or its
tests (tests/corpora/briefs/deadlines.md). An item is right when the grammar gives exactly its
milestones, in order, each with the same kind, due and every, and with `label_has` inside its
label; or, where the item (or one of its alternatives) is unreadable, when the grammar raises a
DeadlineError with a one-line reason. The held-out part is frozen: its figures are printed as
totals only (overall and per category), never item by item.

The comparison with jionlp and dateparser is on what they can do: find a date. On the items whose
reading has a once-milestone, a reader is right when the first date it finds is the due date of the
first once-milestone; on the unreadable items, when it finds no date (our grammar: when it
raises). Items whose reading has no once-milestone (only recurring, ongoing or conditional ones)
are left out of that comparison. jionlp: the end of the first time entity `ner.extract_time`
finds; dateparser: the first date `search.search_dates` finds with languages=['zh'], the plan
year's 1 January as RELATIVE_BASE and PREFER_DAY_OF_MONTH='last' (so "5月" is 05-31, as the plans
mean it). Both are measured on the plan year of each item.

Speed: per-expression latency over the corpus, one compiled regex scan of the same texts as the
floor, and hostile 10 000-character inputs, which must stay bounded.
"""
from __future__ import annotations

import argparse
import io
import json
import logging
import re
import time
from contextlib import redirect_stderr, redirect_stdout
from datetime import date, datetime
from pathlib import Path
from typing import Callable

from bench._timing import describe, percentile, sample
from core.deadlines import DeadlineError, Milestone, parse_deadline

CORPORA = Path(__file__).resolve().parent.parent / "tests" / "corpora"
PARTS = {"tuned": CORPORA / "deadlines.tuned.json", "heldout": CORPORA / "deadlines.heldout.json"}

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
           "待" * 10_000, "，" * 5_000 + "?" * 5_000, "立冬、" * 3_000, "周调度、" * 2_500, "自4月起" * 2_000]
_BASELINE = re.compile(r"(\d{1,2})月底前")

_NAMED_DAYS = ("元旦", "春节", "除夕", "元宵", "清明", "五一", "劳动节", "端午", "中秋", "重阳", "国庆", "七一",
               "立春", "雨水", "惊蛰", "春分", "谷雨", "立夏", "小满", "芒种", "夏至", "小暑", "大暑", "立秋",
               "处暑", "白露", "秋分", "寒露", "霜降", "立冬", "小雪", "大雪", "冬至", "小寒", "大寒")
CATEGORIES = ("plain", "multi-clause", "festival/solar term", "recurrence", "event", "season", "unreadable")


# --------------------------------------------------------------------------- the corpus

def load(part: str) -> list[dict]:
    return json.loads(PARTS[part].read_text(encoding="utf-8"))


def category(item: dict) -> str:
    """A category from the item's expected reading (and its text for festivals), never from ours."""
    if not item["readable"]:
        return "unreadable"
    if any(alt == [] for alt in item.get("alternatives") or []):
        return "season"
    kinds = {m["kind"] for m in item["milestones"]}
    if "conditional" in kinds:
        return "event"
    if "recurring" in kinds:
        return "recurrence"
    if any(word in item["text"] for word in _NAMED_DAYS):
        return "festival/solar term"
    return "multi-clause" if len(item["milestones"]) > 1 else "plain"


def right_readings(item: dict) -> list[list[dict]]:
    """Every complete right reading; [] stands for "unreadable is right"."""
    return [item["milestones"] if item["readable"] else []] + list(item.get("alternatives") or [])


def read(item: dict) -> list[Milestone] | DeadlineError:
    try:
        return parse_deadline(item["text"], item["year"], province=item.get("province"))
    except DeadlineError as exc:
        return exc


def _matches(got: list[Milestone], wanted: list[dict]) -> bool:
    if len(got) != len(wanted):
        return False
    for m, w in zip(got, wanted):
        due = m.due.isoformat() if m.due else None
        if (m.kind, due, m.every) != (w["kind"], w["due"], w["every"]):
            return False
        if w.get("label_has") and w["label_has"] not in (m.label or ""):
            return False
    return True


def grade(item: dict, got: list[Milestone] | DeadlineError) -> bool:
    """Whether our reading (or our refusal, with a one-line reason) is one of the right ones."""
    for wanted in right_readings(item):
        if wanted == []:
            if isinstance(got, DeadlineError) and got.reason and "\n" not in got.reason:
                return True
        elif not isinstance(got, DeadlineError) and _matches(got, wanted):
            return True
    return False


def first_once(item: dict) -> tuple[str | None, bool] | None:
    """(due of the first once-milestone or None for unreadable, whether no date is right too),
    or None when the item is left out of the first-date comparison."""
    if not item["readable"]:
        return None, True
    once = [m["due"] for m in item["milestones"] if m["kind"] == "once" and m["due"]]
    if not once:
        return None
    return once[0], any(alt == [] for alt in item.get("alternatives") or [])


def first_date_right(item: dict, found: date | None) -> bool | None:
    target = first_once(item)
    if target is None:
        return None
    due, none_ok = target
    if found is None:
        return due is None or none_ok
    return due is not None and found.isoformat() == due


def ours_first(item: dict) -> date | None:
    got = read(item)
    if isinstance(got, DeadlineError):
        return None
    return next((m.due for m in got if m.kind == "once" and m.due), None)


# --------------------------------------------------------------------------- the other readers

def jionlp_reader() -> Callable[[dict], date | None] | None:
    try:
        with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
            import jionlp  # noqa: F401  (prints a banner on import)
    except ImportError:
        return None
    logging.getLogger().setLevel(logging.CRITICAL)  # it logs a traceback for each string it gives up on

    def first(item: dict) -> date | None:
        base = datetime(item["year"], 1, 1).timestamp()
        try:
            found = jionlp.ner.extract_time(item["text"], time_base=base)
        except Exception:  # noqa: BLE001 — any failure is "no date"
            return None
        for entity in found:
            when = entity.get("detail", {}).get("time")
            if isinstance(when, dict):  # a period: its first point
                when = (when.get("point") or {}).get("time")
            if isinstance(when, list) and when and isinstance(when[-1], str) and when[-1][:1].isdigit():
                try:
                    return date.fromisoformat(when[-1][:10])
                except ValueError:
                    return None
        return None

    return first


def dateparser_reader() -> Callable[[dict], date | None] | None:
    try:
        from dateparser.search import search_dates
    except ImportError:
        return None

    def first(item: dict) -> date | None:
        settings = {"RELATIVE_BASE": datetime(item["year"], 1, 1), "PREFER_DAY_OF_MONTH": "last",
                    "PREFER_DATES_FROM": "future"}
        try:
            found = search_dates(item["text"], languages=["zh"], settings=settings)
        except Exception:  # noqa: BLE001
            return None
        return found[0][1].date() if found else None

    return first


# --------------------------------------------------------------------------- running

def pct(n: int, total: int) -> str:
    return f"{n}/{total} ({100 * n / total:.1f} %)" if total else "—"


def accuracy(part: str, items: list[dict], readers: dict, misses: bool) -> dict:
    results = [(item, grade(item, read(item))) for item in items]
    right = sum(ok for _, ok in results)
    print(f"\n[{part}] {len(items)} expressions")
    print(f"  ours, whole reading right:          {pct(right, len(items))}")
    by_cat: dict[str, list[int]] = {}
    for item, ok in results:
        counts = by_cat.setdefault(category(item), [0, 0])
        counts[0] += ok
        counts[1] += 1
    print("  per category: " + ", ".join(f"{c} {by_cat[c][0]}/{by_cat[c][1]}" for c in CATEGORIES if c in by_cat))
    refused = [read(i) for i in items]
    refused = [r for r in refused if isinstance(r, DeadlineError)]
    one_line = sum(1 for r in refused if r.reason and "\n" not in r.reason)
    print(f"  refused with a reason: {len(refused)} (one line each: {one_line}/{len(refused)})")
    compared = [i for i in items if first_once(i) is not None]
    print(f"  first-date comparison on {len(compared)} items (the {len(items) - len(compared)} with no "
          "once-milestone left out):")
    figures = {"ours": (right, len(items))}
    ok = sum(bool(first_date_right(i, ours_first(i))) for i in compared)
    print(f"    {'ours':<11} {pct(ok, len(compared))}")
    for name, reader in readers.items():
        if reader is None:
            print(f"    {name:<11} not installed: skipped (pip install -r requirements-bench.txt)")
            continue
        start = time.perf_counter()
        ok = sum(bool(first_date_right(i, reader(i))) for i in compared)
        spent = (time.perf_counter() - start) / max(1, len(compared))
        figures[name] = (ok, len(compared))
        print(f"    {name:<11} {pct(ok, len(compared))}   {spent * 1e3:7.2f} ms per expression")
    if misses and part == "tuned":
        for item, ok in results:
            if not ok:
                got = read(item)
                said = got.reason if isinstance(got, DeadlineError) else \
                    "; ".join(f"{m.kind} {m.due} {m.every or ''} {m.label}" for m in got)
                print(f"  MISS {item['id']} {item['text']}\n       got {said}")
    return figures


def speed(items: list[dict]) -> None:
    texts = [(i["text"], i["year"], i.get("province")) for i in items]

    def ours() -> None:
        for text, year, province in texts:
            try:
                parse_deadline(text, year, province=province)
            except DeadlineError:
                pass

    def floor() -> None:
        for text, _, _ in texts:
            _BASELINE.findall(text)

    per = len(texts)
    mine, base = sample(ours, 30), sample(floor, 30)
    singles = []
    for text, year, province in texts:
        start = time.perf_counter()
        try:
            parse_deadline(text, year, province=province)
        except DeadlineError:
            pass
        singles.append(time.perf_counter() - start)
    print(f"\nspeed over the {per} expressions of the tuned part")
    print(f"  per expression: p50 {percentile(singles, 0.5) * 1e6:.0f} µs, p99 {percentile(singles, 0.99) * 1e6:.0f} µs, "
          f"max {max(singles) * 1e6:.0f} µs; whole corpus p50 {percentile(mine, 0.5) * 1e3:.1f} ms "
          f"({percentile(mine, 0.5) / percentile(base, 0.5):.0f}x one regex scan)")
    plan = sample(lambda: [parse_deadline(t, 2020) for t in PLAN_DEADLINES], 200)
    print(describe("  the 2020 plan's 12 完成时限", plan))

    def hostile(text: str) -> Callable[[], None]:
        def call() -> None:
            try:
                parse_deadline(text, 2020, province="河北")
            except DeadlineError:
                pass
        return call

    worst = max((percentile(sample(hostile(t), 5), 0.5), t[:8]) for t in HOSTILE)
    print(f"  hostile 10 000-character inputs: slowest p50 {worst[0] * 1e3:.1f} ms ({worst[1]!r}…)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--part", choices=("tuned", "heldout", "both"), default="both")
    parser.add_argument("--misses", action="store_true", help="list the tuned part's misses (never the held-out's)")
    args = parser.parse_args(argv)
    readers = {"jionlp": jionlp_reader(), "dateparser": dateparser_reader()}
    print("deadline grammar on the blind corpus (tests/corpora/deadlines.*.json)")
    tuned = load("tuned")
    if args.part in ("tuned", "both"):
        accuracy("tuned", tuned, readers, args.misses)
    if args.part in ("heldout", "both"):
        accuracy("heldout", load("heldout"), readers, False)
    speed(tuned)


if __name__ == "__main__":
    main()
