"""我的任务 (leaders, admins) and 本乡任务 (township staff): what they owe and what comes next."""
from __future__ import annotations

from core.milestones import Step, next_step
from handlers.messages import Context, Inbound
from models import Task
from services import assignments



def my_tasks(msg: Inbound, ctx: Context) -> str:
    """我的任务: a leader's own tasks; the bureau office (admin) sees the whole plan."""
    plan = assignments.current_plan(ctx.session)
    if plan is None:
        return "库中还没有工作方案。"
    if ctx.role == "admin":
        return _listing(f"{plan.year}年方案全部任务", assignments.all_tasks(ctx.session, plan), ctx)
    tasks = assignments.tasks_of_leader(ctx.session, plan, ctx.subscriber.person_id)
    return _listing(f"您负责的{plan.year}年任务", tasks, ctx)


def township_tasks(msg: Inbound, ctx: Context) -> str:
    """本乡任务: what the staff member's township office owes."""
    plan = assignments.current_plan(ctx.session)
    if plan is None:
        return "库中还没有工作方案。"
    township = ctx.subscriber.township
    tasks = assignments.tasks_of_township(ctx.session, plan, township.id)
    return _listing(f"{township.name}承担的{plan.year}年任务", tasks, ctx)


def _listing(title: str, tasks: list[Task], ctx: Context) -> str:
    if not tasks:
        return f"{title}:暂无。"
    today = ctx.now.astimezone(ctx.settings.tz).date()
    lines = [f"{title}(共{len(tasks)}项):"]
    for task in tasks:
        lines.append(f"{task.ref} {task.title}\n  {_next(task, today)}")
    return "\n".join(lines)


def _next(task: Task, today) -> str:
    steps = [Step(m.due, m.kind, m.every, m.label, m.done_at is not None) for m in task.milestones if m.active]
    found = next_step(steps, today)
    if found is None:
        return "时间节点均已过,请确认完成情况" if steps else f"时限:{task.deadline_text or '未写明'}"
    step, due = found
    label = f" {step.label}" if step.label else ""
    if due is None:  # 长期 work, or a step waiting for an event (待…后) that its label names
        return f"下一步:长期{label or '工作'}" if step.kind == "ongoing" else f"下一步:{step.label or '待定'}"
    days = (due - today).days
    when = "今天到期" if days == 0 else f"还有{days}天"
    return f"下一节点:{due.month}月{due.day}日{label}({when})"
