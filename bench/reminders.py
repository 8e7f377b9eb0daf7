"""What one reminder pass (services.reminders.decide) costs on a province-sized load, and that it
touches only what is due.

    .venv/bin/python -m bench.reminders        (TEST_POSTGRES_URL set: PostgreSQL too)

Three synthetic loads, built by bulk insert (SQLite files in a temporary folder; COPY on PostgreSQL), measured in
the same run on the same day:
- 1×:         100 county plans of 2020, 100 000 steps, 5 200 people (leaders, bound staff);
- 4× history: the same plus 300 plans of 2017–2019 (4× the steps, the same number due today);
- 4× due:     400 county plans of 2020 (4× the steps and 4× due today).
Each pass runs in a transaction that is rolled back, so every pass decides and inserts the same
rows. Printed: steps read, rows decided, SQL statements, p50 per pass, passes/second, and the cost
ratios to 1×: about 1 for 4× history (history is never read), about 4 for 4× due (linear).
"""
from __future__ import annotations

import json
import os
import random
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import create_engine, event, insert, text

from bench._timing import percentile, sample
from config import Settings
from models import (Department, Milestone, Person, Plan, Section, Subscriber, Task, TaskDepartment, TaskLeader,
                    Township)
from services.bootstrap import open_database
from services.reminders import decide

DAY = datetime(2020, 6, 16, 9, tzinfo=timezone(timedelta(hours=8)))  # a Tuesday, no check-in
CHECKIN_DAY = datetime(2020, 6, 24, 9, tzinfo=timezone(timedelta(hours=8)))  # the 6-25 季对表, moved (端午)
TOWNSHIPS, STAFF_EACH, LEADERS = 20, 2, 12  # per county: 20 × 2 + 12 = 52 people
TASKS, STEPS = 100, 10  # per plan: 1 000 steps
NOW = datetime(2020, 1, 1, tzinfo=timezone.utc)
ROUNDS = 3


def build(url: str, counties: int, past_years: int = 0):
    """A database with `counties` county plans of 2020 and, for `past_years`, older plans of the same counties."""
    db = open_database(Settings(database_url=url))
    rng = random.Random(2020)
    ids = {"township": 0, "department": 0, "person": 0, "plan": 0, "section": 0, "task": 0, "milestone": 0}

    def next_id(table: str) -> int:
        ids[table] += 1
        return ids[table]

    rows: dict[type, list[dict]] = {model: [] for model in (Township, Department, Person, Subscriber, Plan, Section,
                                                             Task, Milestone, TaskLeader, TaskDepartment)}
    for c in range(counties):
        county = f"县{c}"
        office = next_id("department")
        rows[Department].append({"id": office, "county": county, "name": "社会救助股", "kind": "office",
                                 "township_id": None})
        offices, leaders = [], []
        for t in range(TOWNSHIPS):
            township = next_id("township")
            rows[Township].append({"id": township, "county": county, "name": f"乡{t}", "kind": "乡"})
            offices.append(next_id("department"))
            rows[Department].append({"id": offices[-1], "county": county, "name": f"乡{t}民政办",
                                     "kind": "township_office", "township_id": township})
            for s in range(STAFF_EACH):
                person = next_id("person")
                rows[Person].append({"id": person, "name": f"员{s}", "role": "staff", "county": county,
                                     "township_id": township})
                rows[Subscriber].append({"openid": f"o{person}", "person_id": person, "first_seen_at": NOW,
                                         "last_seen_at": NOW, "bound_at": NOW})
        for n in range(LEADERS):
            leaders.append(next_id("person"))
            rows[Person].append({"id": leaders[-1], "name": f"领导{n}", "role": "leader", "county": county,
                                 "township_id": None})
        for year in range(2020 - past_years, 2021):
            _plan(rows, next_id, rng, county, year, office, offices, leaders)
    with db.engine.begin() as connection:
        for model, batch in rows.items():
            _bulk(connection, model.__table__, batch)
    return db, len(rows[Plan]), len(rows[Milestone]), len(rows[Person])


def _bulk(connection, table, batch: list[dict]) -> None:
    """Insert many rows: COPY on PostgreSQL (executemany is ten times slower there), executemany on SQLite."""
    if connection.dialect.name != "postgresql":
        connection.execute(insert(table), batch)
        return
    defaults = {c.name: c.default.arg for c in table.columns
                if c.default is not None and c.default.is_scalar and c.name not in batch[0]}
    columns = [*batch[0], *defaults]
    with connection.connection.cursor() as cursor:
        with cursor.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in batch:
                copy.write_row([_copyable(row.get(name, defaults.get(name))) for name in columns])
    if "id" in table.columns and "id" in columns:  # COPY leaves the id sequence behind
        connection.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                                f"(SELECT max(id) FROM {table.name}))"))


def _copyable(value):
    return json.dumps(value) if isinstance(value, (list, dict)) else value


def _plan(rows, next_id, rng, county, year, office, offices, leaders) -> None:
    plan = next_id("plan")
    rows[Plan].append({"id": plan, "title": f"{county}{year}年推进方案", "year": year, "county": county,
                       "source": "bench", "source_digest": "0" * 64, "imported_at": NOW, "updated_at": NOW})
    section = next_id("section")
    rows[Section].append({"id": section, "plan_id": plan, "heading": "三", "number": "一", "title": "方面",
                          "position": 0})
    for t in range(TASKS):
        task = next_id("task")
        rows[Task].append({"id": task, "plan_id": plan, "section_id": section, "number": str(t + 1),
                           "title": f"任务{t + 1}", "position": t, "measures": []})
        for position, person in enumerate(rng.sample(leaders, 2)):
            rows[TaskLeader].append({"task_id": task, "person_id": person, "position": position})
        for position, department in enumerate([office, *rng.sample(offices, 3)]):
            rows[TaskDepartment].append({"task_id": task, "department_id": department, "position": position,
                                         "as_written": "各乡镇民政办"})
        for position in range(STEPS):
            kind = ("recurring" if t % 5 == 0 else "ongoing" if t % 5 == 1 else "once") if position == STEPS - 1 \
                else "once"
            due = None if kind == "ongoing" else date(year, 1, 1) + timedelta(days=rng.randrange(365))
            rows[Milestone].append({"id": next_id("milestone"), "task_id": task, "position": position, "due": due,
                                    "kind": kind, "every": "quarter" if kind == "recurring" else None})


class Statements:
    """Counts the SQL statements an engine runs."""

    def __init__(self, engine):
        self.count = 0
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, *_args) -> None:
        self.count += 1


def measure(db, now: datetime) -> dict:
    settings = Settings(database_url=str(db.engine.url))
    statements = Statements(db.engine)
    found = {}

    def one_pass() -> None:
        with db.sessions() as session:
            found["summary"] = decide(session, now, settings)
            session.rollback()  # the next pass decides (and inserts) the same rows again

    seconds = percentile(sample(one_pass, ROUNDS), 0.5)
    summary = found["summary"]
    return {"examined": summary.examined, "decided": summary.decided, "queries": statements.count // (ROUNDS + 1),
            "seconds": seconds}


def dated_query_plan(db) -> str:
    """How SQLite reads the dated steps due today: by the Milestone.due index, not a scan."""
    with db.engine.connect() as connection:
        plan = connection.execute(text(
            "EXPLAIN QUERY PLAN SELECT milestone.id FROM milestone JOIN task ON task.id = milestone.task_id "
            "WHERE milestone.kind = 'once' AND milestone.due IN ('2020-06-16', '2020-06-23')")).all()
    return "; ".join(row[-1] for row in plan)


def run(backend: str, urls) -> None:
    print(f"\n{backend}: one pass on {DAY.date()} ({ROUNDS} rounds, rolled back)")
    print(f"{'load':<12}{'plans':>6}{'steps':>9}{'people':>8}{'read':>7}{'rows':>7}{'SQL':>5}"
          f"{'p50 ms':>9}{'passes/s':>10}")
    results = {}
    for name, counties, past in (("1×", 100, 0), ("4× history", 100, 3), ("4× due", 400, 0)):
        started = time.perf_counter()
        db, plans, steps, people = build(next(urls), counties, past)
        built = time.perf_counter() - started
        if name == "1×" and backend == "sqlite":
            print(f"  dated steps due today: {dated_query_plan(db)}")
        result = results[name] = measure(db, DAY)
        print(f"{name:<12}{plans:>6}{steps:>9,}{people:>8,}{result['examined']:>7,}{result['decided']:>7,}"
              f"{result['queries']:>5}{result['seconds'] * 1e3:>9.1f}{1 / result['seconds']:>10.1f}"
              f"   (built in {built:.0f} s)")
        if name == "1×" and backend == "sqlite":
            checkin = measure(db, CHECKIN_DAY)
            print(f"{'1×, 月对标':<10}{'':>6}{'':>9}{'':>8}{checkin['examined']:>7,}{checkin['decided']:>7,}"
                  f"{checkin['queries']:>5}{checkin['seconds'] * 1e3:>9.1f}{1 / checkin['seconds']:>10.1f}"
                  f"   (a check-in day: every ongoing step is due)")
        db.engine.dispose()
    base = results["1×"]["seconds"]
    print(f"cost ratio 4× history / 1×: {results['4× history']['seconds'] / base:.2f}x "
          f"(4× the steps, the same due: history is not read)")
    print(f"cost ratio 4× due / 1×:     {results['4× due']['seconds'] / base:.2f}x "
          f"(4× due: linear is 4x; per row decided "
          f"{results['4× due']['seconds'] / results['4× due']['decided'] * 1e6:.0f} µs vs "
          f"{base / results['1×']['decided'] * 1e6:.0f} µs)")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        run("sqlite", iter(f"sqlite:///{folder}/load{n}.sqlite3" for n in range(3)))
    server = os.environ.get("TEST_POSTGRES_URL")
    if server:
        admin = create_engine(server, isolation_level="AUTOCOMMIT")
        names = [f"bench_{uuid.uuid4().hex[:10]}" for _ in range(3)]
        with admin.connect() as connection:
            for name in names:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            run("postgresql", iter(server.rsplit("/", 1)[0] + f"/{name}" for name in names))
        finally:
            with admin.connect() as connection:
                for name in names:
                    connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


if __name__ == "__main__":
    main()
