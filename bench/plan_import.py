"""What importing the plan costs: parsing each format and saving into a fresh SQLite database.

    .venv/bin/python -m bench.plan_import

Baseline, measured in the same run: json.loads of the bundled plan file (reading the same facts
without any parsing of officialese or database work).

Also: another county's plan (隆化县 2021, tests/corpora/plans/) built in every supported format and
read with the real parser; the share of its task fields (ref, number, part, leaders, departments,
deadline text, measures, milestones) that match what a perfect reader gets, per format.
"""
from __future__ import annotations

import json
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from bench._timing import describe, percentile, sample
from config import Settings
from config.settings import COUNTIES_DIR, DEFAULT_PLAN
from core.counties import load_counties
from core.plan_parser import parse_plan_file
from models.db import session_scope
from services.bootstrap import open_database
from services.plans import save_plan

SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "fengning-minzheng-2020-plan.txt"
NOW = datetime(2020, 5, 25, tzinfo=timezone.utc)


def other_county() -> None:
    from tests.core.test_plan_import_other_county import EXPECTED, FORMATS, read, task_fields

    print("隆化县 2021 (12 blocks), fields right per format:")
    for fmt in FORMATS:
        with tempfile.TemporaryDirectory() as folder:
            got = task_fields(read(fmt, Path(folder)), fmt)
        right = total = 0
        for mine, wanted in zip(got, EXPECTED["tasks"]):
            for key, value in mine.items():
                total += 1
                right += value == wanted[key]
        total = max(total, len(EXPECTED["tasks"]) * 9)  # a missing task counts all its fields wrong
        print(f"  {fmt:<16} {right}/{total}")


def main() -> None:
    floor = sample(lambda: json.loads(DEFAULT_PLAN.read_bytes()), 200)
    bundled = sample(lambda: parse_plan_file(DEFAULT_PLAN), 200)
    print(describe("baseline json.loads(bundled)", floor))
    print(describe("parse bundled plan (.json)", bundled))
    if SEED.exists():
        text = sample(lambda: parse_plan_file(SEED), 100)
        print(describe("parse original plan (.txt)", text))
        print(f"ratio .txt parse / baseline (p50): {percentile(text, 0.5) / percentile(floor, 0.5):.1f}x")
    parsed = parse_plan_file(DEFAULT_PLAN)
    counties = load_counties(COUNTIES_DIR)
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Settings(database_url=f"sqlite:///{folder}/bench.sqlite3"))

        def save() -> None:
            with session_scope(db.sessions) as session:
                save_plan(session, parsed, counties, NOW)

        start = time.perf_counter()
        save()
        first = time.perf_counter() - start
        reimport = sample(save, 20)
        db.engine.dispose()
    print(f"{'first import into SQLite':<34} {first * 1e3:9.1f} ms")
    print(describe("re-import into SQLite (in place)", reimport))
    print(f"ratio re-import / baseline (p50): {percentile(reimport, 0.5) / percentile(floor, 0.5):.0f}x")
    other_county()


if __name__ == "__main__":
    main()
