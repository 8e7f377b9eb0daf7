"""Two `bot.py import-plan` processes importing the same plan at once: one creates it, the other
finds it there and changes nothing; no row is written twice. (Several processes starting on an
empty database at once are tests/test_concurrent_start.py.)

On PostgreSQL the test holds the plan-write lock until both processes wait for it, so they
really do meet there; on SQLite they start together and meet at the one write lock.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time

from sqlalchemy import func, select, text

from core.plan_parser import parse_plan_file
from models import (
    Department, Milestone, Person, Plan, Section, Task, TaskDepartment, TaskLeader, Township,
)
from models.db import session_scope
from services import locks
from tests.conftest import PROJECT_ROOT

PLAN = PROJECT_ROOT / "data" / "plans" / "fengning-2020.json"
COUNTED = (Plan, Section, Task, Milestone, TaskLeader, TaskDepartment, Person, Township, Department)


def import_plan(database_url: str) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database_url}
    env.pop("BOT_NOW", None)
    return subprocess.Popen([sys.executable, "bot.py", "import-plan", str(PLAN)], cwd=PROJECT_ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def finish(process: subprocess.Popen) -> str:
    output = process.communicate(timeout=120)[0]
    assert process.returncode == 0, output
    return output


def counts(db) -> dict[str, int]:
    with session_scope(db.sessions) as session:
        return {m.__name__: session.scalar(select(func.count()).select_from(m)) for m in COUNTED}


def wait_for_waiters(session, waiters: int) -> None:
    activity = text("SELECT wait_event_type, query FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()")
    deadline = time.monotonic() + 60
    while True:
        session.execute(text("SELECT pg_stat_clear_snapshot()"))  # else the transaction's first view stays
        backends = session.connection().execute(activity).all()
        if sum(wait == "Lock" and "named_lock" in query for wait, query in backends) == waiters:
            return
        assert time.monotonic() < deadline, f"the importers never reached the plan lock: {backends}"
        time.sleep(0.05)


def test_two_imports_of_one_plan_at_once_one_wins_nothing_doubled(db, settings):
    if db.engine.dialect.name == "postgresql":
        with db.sessions() as holder, holder.begin():
            locks.hold(holder, locks.PLAN_WRITE)
            processes = [import_plan(settings.database_url) for _ in range(2)]
            wait_for_waiters(holder, 2)
    else:
        processes = [import_plan(settings.database_url) for _ in range(2)]
    outputs = [finish(p) for p in processes]

    parsed = parse_plan_file(PLAN)
    tasks, milestones = len(parsed.tasks), sum(len(t.milestones) for t in parsed.tasks)
    assert sorted(o.splitlines()[1] for o in outputs) == sorted([
        f"新增 {tasks} 项,更新 0 项,未变 0 项,停用 0 项;完成时限节点 {milestones} 个。",  # the winner
        f"新增 0 项,更新 0 项,未变 {tasks} 项,停用 0 项;完成时限节点 {milestones} 个。",  # found it there
    ])
    together = counts(db)
    assert (together["Plan"], together["Task"], together["Township"]) == (1, tasks, 29)
    finish(import_plan(settings.database_url))
    assert counts(db) == together  # a third import, alone, adds nothing: the two wrote each row once
