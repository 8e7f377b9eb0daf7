"""Read side of the plan: what is in the database, as plain data and as a short text."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models import Milestone, Plan, Task, TaskDepartment, TaskLeader


def plan_overview(session: Session, year: int | None = None) -> dict:
    query = select(Plan).order_by(Plan.year, Plan.id)
    if year is not None:
        query = query.where(Plan.year == year)
    plans = []
    for plan in session.scalars(query):
        tasks = session.scalars(
            select(Task)
            .where(Task.plan_id == plan.id, Task.active)
            .order_by(Task.position)
            .options(
                selectinload(Task.section),
                selectinload(Task.milestones),
                selectinload(Task.leader_links).selectinload(TaskLeader.person),
                selectinload(Task.department_links).selectinload(TaskDepartment.department),
            )
        )
        plans.append({
            "id": plan.id, "title": plan.title, "year": plan.year, "county": plan.county,
            "source": plan.source,
            "tasks": [_task_json(task) for task in tasks],
        })
    return {"plans": plans}


def _task_json(task: Task) -> dict:
    return {
        "ref": task.ref,
        "section": task.section.title,
        "number": task.number,
        "part": task.part,
        "title": task.title,
        "leaders": [p.name for p in task.leaders],
        # The plan's own words; "各乡镇(开发区)民政办" stands for every township's office.
        "departments": list(dict.fromkeys(link.as_written for link in task.department_links)),
        "township_offices": sum(1 for d in task.departments if d.kind == "township_office"),
        "deadline_text": task.deadline_text,
        "needs_deadline": task.needs_deadline,
        "milestones": [_milestone_json(m) for m in task.milestones if m.active],
    }


def _milestone_json(milestone: Milestone) -> dict:
    return {
        "due": milestone.due.isoformat() if milestone.due else None,
        "kind": milestone.kind,
        "every": milestone.every,
        "label": milestone.label,
        "done": milestone.done_at is not None,
    }


_KIND_WORDS = {"ongoing": "长期", "conditional": "待"}
_EVERY_WORDS = {"week": "每周", "month": "每月", "quarter": "每季度", "half_year": "每半年", "year": "每年"}


def format_overview(overview: dict) -> str:
    if not overview["plans"]:
        return "数据库中还没有方案。"
    lines = []
    for plan in overview["plans"]:
        lines.append(f"{plan['year']}年 {plan['title']}({plan['county']},{len(plan['tasks'])} 项任务)")
        for task in plan["tasks"]:
            lines.append(f"  {task['ref']} {task['title']}")
            lines.append(f"      责任领导:{'、'.join(task['leaders'])};"
                         f"责任股室:{'、'.join(task['departments'])}")
            steps = [_milestone_text(m) for m in task["milestones"]]
            if task["needs_deadline"]:
                steps.append("⚠ 完成时限无法识别,需手工设定")
            lines.append(f"      时限:{';'.join(steps) or task['deadline_text']}")
    return "\n".join(lines)


def _milestone_text(milestone: dict) -> str:
    if milestone["kind"] == "recurring":
        when = f"{_EVERY_WORDS[milestone['every']]}(首次 {milestone['due']})"
    else:
        when = milestone["due"] or _KIND_WORDS.get(milestone["kind"], "")
    done = " ✓" if milestone["done"] else ""
    gap = "" if milestone["kind"] == "conditional" else " "  # 待国家考核问题反馈后…
    return f"{when}{gap}{milestone['label'] or ''}".strip() + done
