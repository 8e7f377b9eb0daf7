"""Saving a parsed plan into the database: idempotent, in place, never losing progress.

The caller owns the Session and its transaction; a failure anywhere rolls the whole import back.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.counties import County, find_county, is_every_township_office
from core.deadlines import Milestone as ParsedMilestone
from core.plan_parser import ParsedPlan, ParsedTask
from models import (
    Department, Milestone, Person, Plan, Section, Task, TaskDepartment, TaskLeader, Township,
)
from services import locks

# Milestones read from the plan sit at positions below this; ones an admin adds by hand above it.
HAND_SET_POSITION_START = 100


@dataclass
class ImportResult:
    plan_id: int
    title: str
    year: int
    county: str
    created: bool
    tasks_added: int = 0
    tasks_updated: int = 0
    tasks_unchanged: int = 0
    tasks_retired: int = 0
    milestones: int = 0

    def to_json(self) -> dict:
        return asdict(self)


def plan_digest(parsed: ParsedPlan) -> str:
    canonical = json.dumps(parsed.to_json(), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


def save_plan(
    session: Session, parsed: ParsedPlan, counties: list[County], now: datetime,
    county: str | None = None,
) -> ImportResult:
    """Insert or update `parsed` in place; tasks missing from it are retired, not deleted."""
    locks.hold(session, locks.PLAN_WRITE)  # two importers of one plan: one at a time
    home = find_county(counties, county, parsed.county, parsed.publisher)
    offices = ensure_township_offices(session, home)
    plan = session.scalar(select(Plan).where(Plan.title == parsed.title, Plan.year == parsed.year))
    created = plan is None
    if created:
        plan = Plan(title=parsed.title, year=parsed.year, imported_at=now)
        session.add(plan)
    plan.county = home.name
    plan.publisher = parsed.publisher
    plan.document = [part.to_json() for part in parsed.document]
    plan.source = parsed.source
    plan.source_digest = plan_digest(parsed)
    plan.updated_at = now
    session.flush()

    result = ImportResult(plan.id, plan.title, plan.year, home.name, created)
    sections = _save_sections(session, plan, parsed)
    existing = {(t.section_id, t.number, t.part): t for t in plan.tasks}
    heading_of = {s.number: s.heading or "" for s in parsed.sections}
    seen: set[int] = set()
    for position, item in enumerate(parsed.tasks):
        section = sections[(heading_of[item.section_number], item.section_number)]
        task = existing.get((section.id, item.number, item.part))
        if task is None:
            task = Task(plan=plan, section=section, number=item.number, part=item.part)
            session.add(task)
            result.tasks_added += 1
        elif _task_changes(task, item):
            result.tasks_updated += 1
        else:
            result.tasks_unchanged += 1
        _fill_task(task, item, position)
        _save_milestones(task, item.milestones)
        _assign_leaders(session, task, item.leaders, home)
        _assign_departments(session, task, item.departments, home, offices)
        session.flush()
        seen.add(task.id)
        result.milestones += len(item.milestones)
    for task in plan.tasks:
        if task.id not in seen and task.active:
            task.active = False
            result.tasks_retired += 1
    return result


@dataclass
class PlanChanges:
    """What save_plan would do with a parsed plan, worked out without writing anything."""

    existing: Plan | None  # the stored plan of the same title and year, which it would update
    added: list[ParsedTask]
    changed: list[ParsedTask]
    unchanged: int
    retired: list[Task]  # stored tasks the file no longer has


def plan_changes(session: Session, parsed: ParsedPlan) -> PlanChanges:
    """The preview of an import: tasks matched as save_plan matches them (section, number, part)."""
    plan = session.scalar(select(Plan).where(Plan.title == parsed.title, Plan.year == parsed.year))
    if plan is None:
        return PlanChanges(None, list(parsed.tasks), [], 0, [])
    stored = {(t.section.heading, t.section.number, t.number, t.part): t for t in plan.tasks}
    heading_of = {s.number: s.heading or "" for s in parsed.sections}
    changes = PlanChanges(plan, [], [], 0, [])
    seen = set()
    for item in parsed.tasks:
        key = (heading_of[item.section_number], item.section_number, item.number, item.part)
        task = stored.get(key)
        seen.add(key)
        if task is None:
            changes.added.append(item)
        elif _task_changes(task, item):
            changes.changed.append(item)
        else:
            changes.unchanged += 1
    changes.retired = [t for key, t in stored.items() if key not in seen and t.active]
    return changes


def ensure_township_offices(session: Session, county: County) -> dict[str, Department]:
    """Every township of the county, each with its 民政办, keyed by township name."""
    townships = {
        t.name: t for t in session.scalars(select(Township).where(Township.county == county.name))
    }
    offices = {
        name: office
        for office, name in session.execute(
            select(Department, Township.name).join(Department.township).where(
                Department.county == county.name, Department.kind == "township_office"
            )
        )
    }
    for info in county.townships:
        township = townships.get(info.name)
        if township is None:
            township = Township(county=county.name, name=info.name, kind=info.kind)
            session.add(township)
        if info.name not in offices:
            offices[info.name] = Department(
                county=county.name, name=info.office_name, kind="township_office", township=township
            )
            session.add(offices[info.name])
    session.flush()
    return offices


def _save_sections(session: Session, plan: Plan, parsed: ParsedPlan) -> dict[tuple[str, str], Section]:
    sections = {(s.heading, s.number): s for s in plan.sections}
    for position, item in enumerate(parsed.sections):
        key = (item.heading or "", item.number)  # a task list has sections but no 三、 heading
        section = sections.get(key)
        if section is None:
            section = Section(plan=plan, heading=key[0], number=item.number)
            session.add(section)
            sections[key] = section
        section.title = item.title
        section.position = position
    session.flush()
    return sections


def _task_changes(task: Task, item: ParsedTask) -> bool:
    current = (task.title, task.measures, task.leaders_text, task.departments_text, task.deadline_text)
    new = (item.title, item.measures, "、".join(item.leaders), "、".join(item.departments),
           item.deadline_text)
    return current != new or not task.active


def _fill_task(task: Task, item: ParsedTask, position: int) -> None:
    task.heading = item.heading
    task.title = item.title
    task.body = item.body
    task.measures = list(item.measures)
    task.leaders_text = "、".join(item.leaders)
    task.departments_text = "、".join(item.departments)
    task.deadline_text = item.deadline_text
    task.deadline_error = item.deadline_error
    task.position = position
    task.source_line = item.line
    task.active = True


def _save_milestones(task: Task, parsed: list[ParsedMilestone]) -> None:
    """Update the plan's milestones by position; ones fixed by hand, and done dates, stay."""
    by_position = {m.position: m for m in task.milestones}
    for position, item in enumerate(parsed):
        milestone = by_position.get(position)
        if milestone is None:
            milestone = Milestone(position=position)
            task.milestones.append(milestone)
        elif milestone.set_by_hand:
            continue
        milestone.due = item.due
        milestone.kind = item.kind
        milestone.every = item.every
        milestone.label = item.label
        milestone.source_text = item.source
        milestone.active = True
    for position, milestone in by_position.items():
        if len(parsed) <= position < HAND_SET_POSITION_START and not milestone.set_by_hand:
            milestone.active = False


def _assign_leaders(session: Session, task: Task, names: list[str], county: County) -> None:
    people = [_leader(session, name, county) for name in dict.fromkeys(names)]
    wanted = {p.id for p in people}
    task.leader_links[:] = [link for link in task.leader_links if link.person_id in wanted]
    linked = {link.person_id: link for link in task.leader_links}
    for position, person in enumerate(people):
        link = linked.get(person.id) or TaskLeader(person=person)
        link.position = position
        if person.id not in linked:
            task.leader_links.append(link)


def _leader(session: Session, name: str, county: County) -> Person:
    person = session.scalar(
        select(Person).where(
            Person.role == "leader", Person.county == county.name, Person.name == name,
            Person.township_id.is_(None),
        )
    )
    if person is None:
        person = Person(role="leader", county=county.name, name=name)
        session.add(person)
        session.flush()
    return person


def _assign_departments(
    session: Session, task: Task, names: list[str], county: County,
    offices: dict[str, Department],
) -> None:
    assigned: dict[int, tuple[Department, str]] = {}
    for name in names:
        for department in _departments_named(session, name, county, offices):
            assigned.setdefault(department.id, (department, name))
    task.department_links[:] = [l for l in task.department_links if l.department_id in assigned]
    linked = {link.department_id: link for link in task.department_links}
    for position, (department_id, (department, as_written)) in enumerate(assigned.items()):
        link = linked.get(department_id)
        if link is None:
            link = TaskDepartment(department=department)
            task.department_links.append(link)
        link.position = position
        link.as_written = as_written


def _departments_named(
    session: Session, name: str, county: County, offices: dict[str, Department]
) -> list[Department]:
    if is_every_township_office(name):
        return [offices[t.name] for t in county.townships]
    township = county.township(name.removesuffix("民政办")) if name.endswith("民政办") else None
    if township is not None:
        return [offices[township.name]]
    department = session.scalar(
        select(Department).where(Department.county == county.name, Department.name == name)
    )
    if department is None:
        department = Department(county=county.name, name=name, kind="office")
        session.add(department)
        session.flush()
    return [department]
