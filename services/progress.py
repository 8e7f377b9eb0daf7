"""Progress as recorded: the current report of each (task, township).

The current report is the latest one not withdrawn (撤回); earlier ones stay as history.
"""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from models import ProgressReport


def current_reports(session: Session, task_ids: list[int]) -> dict[tuple[int, int | None], ProgressReport]:
    """{(task_id, township_id): its current report} for the given tasks."""
    if not task_ids:
        return {}
    live = select(ProgressReport).where(
        ProgressReport.task_id.in_(task_ids), ProgressReport.withdrawn_at.is_(None)
    ).subquery()
    ranked = select(
        live.c.id,
        func.row_number().over(
            partition_by=(live.c.task_id, live.c.township_id),
            order_by=(live.c.created_at.desc(), live.c.id.desc()),
        ).label("rank"),
    ).subquery()
    latest = aliased(ProgressReport)
    rows = session.scalars(
        select(latest).join(ranked, ranked.c.id == latest.id).where(ranked.c.rank == 1)
    )
    return {(report.task_id, report.township_id): report for report in rows}
