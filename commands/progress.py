"""Commands for 进度汇报与报表(export reports)."""
from __future__ import annotations

from pathlib import Path

import click

from commands.common import print_json, settings


@click.command()
@click.option("--period", required=True, help="期间:2020-05(月对标)、2020-Q2(季对表)或 2020(年对账)")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="写入的 Excel 文件,如 report.xlsx")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出同样的内容")
def export(period: str, out: Path | None, as_json: bool) -> None:
    """导出月对标、季对表、年对账报表:每个方面一张表,另附逾期事项表。"""
    from config import Clock
    from models.db import session_scope
    from services import assignments
    from services.bootstrap import prepare
    from services.export import checkin_report, parse_period, write_workbook

    if out is None and not as_json:
        raise click.UsageError("请用 --out 指定 Excel 文件,或加 --json")
    try:
        chosen = parse_period(period)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--period") from exc
    config = settings()
    with session_scope(prepare(config).sessions) as session:
        plan = assignments.current_plan(session)
        if plan is None:
            raise click.ClickException("库中还没有工作方案,先用 import-plan 导入。")
        report = checkin_report(session, plan, chosen, Clock.from_settings(config).now(), config.tz)
    if out is not None:
        write_workbook(report, out)
        tasks = sum(len(s["tasks"]) for s in report["sections"])
        click.echo(f"已写入 {out}:{chosen.label}{chosen.checkin},{len(report['sections'])}个方面{tasks}项任务,"
                   f"逾期事项{len(report['overdue'])}项。", err=as_json)
    if as_json:
        print_json(report)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出")
@click.option("--task", "task_ref", help="只看某项任务,如 三(一)4 或 台账")
@click.option("--township", help="只看某个乡镇,如 土城镇 或 土城")
def reports(as_json: bool, task_ref: str | None, township: str | None) -> None:
    """列出库中的进度汇报:解析结果、汇报人、时间,是否已撤回或被后来的汇报取代。"""
    from models.db import session_scope
    from services import assignments, standing
    from services.bootstrap import prepare

    config = settings()
    with session_scope(prepare(config).sessions) as session:
        plan = assignments.current_plan(session)
        task = place = None
        if task_ref and plan is not None:
            found = standing.resolve_task(session, plan, task_ref)
            if found.task is None:
                options = "、".join(t.ref for t in found.candidates)
                raise click.ClickException(f"“{task_ref}”" + (f"对应多项任务:{options},请写明编号"
                                                            if options else "没有对应的任务"))
            task = found.task
        if township:
            place, _ = standing.find_township(session, plan.county if plan else None, township)
            if place is None:
                raise click.ClickException(f"没有乡镇“{township}”")
        rows = standing.stored_reports(session, task=task, township=place, tz=config.tz)
    if as_json:
        print_json({"reports": rows})
        return
    for row in rows:
        figures = "、".join(standing.figure_text(f) for f in row["figures"])
        click.echo(f"{row['created_at'][:16].replace('T', ' ')} {row['township'] or '局机关'} {row['task']} "
                   f"{standing.STATUS_WORDS[row['status']]} {figures} —— {row['reporter'] or '(未知)'}"
                   f" [{_STATE_WORDS[row['state']]}]\n    原文:{row['raw_text']}")
    click.echo(f"共 {len(rows)} 条汇报。" if rows else "还没有进度汇报。")


_STATE_WORDS = {"current": "当前", "superseded": "已被取代", "withdrawn": "已撤回"}

COMMANDS: list = [export, reports]
