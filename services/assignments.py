"""Who owes what: the tasks of a leader or of a township office in the current plan."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session, selectinload

from core.report_parser import townships_named
from models import Department, Plan, Task, TaskDepartment, TaskLeader, Township


def current_plan(session: Session) -> Plan | None:
    """The plan of the latest year: the one the bureau works from now."""
    return session.scalar(select(Plan).order_by(Plan.year.desc(), Plan.id.desc()).limit(1))


def _tasks(session: Session, plan: Plan, *conditions) -> list[Task]:
    return list(session.scalars(
        select(Task)
        .where(Task.plan_id == plan.id, Task.active, *conditions)
        .order_by(Task.position)
        .options(selectinload(Task.section), selectinload(Task.milestones),
                 selectinload(Task.department_links).selectinload(TaskDepartment.department)
                 .selectinload(Department.township))
    ))


def tasks_of_leader(session: Session, plan: Plan, person_id: int) -> list[Task]:
    return _tasks(session, plan, Task.leader_links.any(TaskLeader.person_id == person_id))


def tasks_of_township(session: Session, plan: Plan, township_id: int) -> list[Task]:
    """What a township owes: the tasks naming its 民政办, and those naming it as a site of their work."""
    return [task for task in _tasks(session, plan) if any(t.id == township_id for t in owing_townships(task))]


def all_tasks(session: Session, plan: Plan) -> list[Task]:
    return _tasks(session, plan)


def task_in_plan(session: Session, plan: Plan, task_id: int) -> Task | None:
    """One active task of the plan, loaded as the lists load theirs."""
    found = _tasks(session, plan, Task.id == task_id)
    return found[0] if found else None


def owing_townships(task: Task) -> list[Township]:
    """The townships whose 民政办 the task names (各乡镇(开发区)民政办 names them all). A task that names
    no township office is owed by the townships it names as the sites of its work — 三(二)5's care
    homes in 南关、选将营、鱼儿山 and 大阁、土城、凤山: each reports on its own site, and the step is done
    when every site has; a task that names neither (三(一)7-2, 办公室's) is owed by no township."""
    offices = [d.township for d in task.departments if d.kind == "township_office" and d.township is not None]
    if offices:
        return offices
    townships = county_townships(task)
    named = set(townships_named(task.body or task.title, tuple(t.name for t in townships)))
    return [t for t in townships if t.name in named]


def county_townships(task: Task) -> list[Township]:
    """The townships of the task's county, read once per session."""
    session = object_session(task)
    cache = session.info.setdefault("county_townships", {})
    # Every department of a plan belongs to its county, and they are loaded with the task.
    county = next((d.county for d in task.departments), None)
    if county not in cache:
        cache[county] = list(session.scalars(select(Township).where(Township.county == county).order_by(Township.id)))
    return cache[county]
