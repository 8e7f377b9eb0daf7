"""Who owes what: the tasks of a leader or of a township office in the current plan."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models import Department, Plan, Task, TaskDepartment, TaskLeader


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
    return _tasks(session, plan, Task.department_links.any(
        TaskDepartment.department.has(Department.township_id == township_id)))


def all_tasks(session: Session, plan: Plan) -> list[Task]:
    return _tasks(session, plan)


def task_in_plan(session: Session, plan: Plan, task_id: int) -> Task | None:
    """One active task of the plan, loaded as the lists load theirs."""
    found = _tasks(session, plan, Task.id == task_id)
    return found[0] if found else None
