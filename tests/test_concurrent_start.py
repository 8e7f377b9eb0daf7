"""Several processes starting on one fresh database (web service, scheduler, an import) at once:
one creates the schema and loads the plan, none fails, nothing is duplicated."""
import multiprocessing

from sqlalchemy import func, select

from core.plan_parser import parse_plan_file
from models import Department, Milestone, Person, Plan, Task, Township
from models.db import session_scope
from services.bootstrap import open_database, prepare

PROCESSES = 4


def _start(settings, barrier, errors):
    barrier.wait()
    try:
        prepare(settings).engine.dispose()
    except Exception as exc:  # reported to the parent, which asserts there were none
        errors.put(f"{type(exc).__name__}: {exc}")


def test_simultaneous_first_starts(settings):
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(PROCESSES)
    errors = context.Queue()
    workers = [context.Process(target=_start, args=(settings, barrier, errors)) for _ in range(PROCESSES)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert [w.exitcode for w in workers] == [0] * PROCESSES
    assert errors.empty(), errors.get()

    db = open_database(settings, upgrade=False)
    with session_scope(db.sessions) as session:
        counted = {m.__name__: session.scalar(select(func.count()).select_from(m))
                   for m in (Plan, Task, Milestone, Person, Township, Department)}
    db.engine.dispose()
    expected_milestones = sum(len(t.milestones) for t in parse_plan_file(settings.default_plan).tasks)
    assert counted == {"Plan": 1, "Task": 15, "Milestone": expected_milestones, "Person": 3,
                       "Township": 29, "Department": 29 + 6}
