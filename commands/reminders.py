"""Commands for 提醒(simulate remind reminder-policy)."""
from __future__ import annotations

import json
from datetime import datetime

import click

from commands.common import print_json, settings


@click.command()
@click.option("--from", "start", required=True, type=click.DateTime(["%Y-%m-%d"]), help="开始日期,如 2020-03-01")
@click.option("--to", "end", required=True, type=click.DateTime(["%Y-%m-%d"]), help="结束日期,如 2020-12-31")
@click.option("--person", help="只看这个人,如 李晓芬")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出")
def simulate(start: datetime, end: datetime, person: str | None, as_json: bool) -> None:
    """预演提醒日历:每天给谁发哪些提醒(不发送,不写提醒记录)。"""
    from models.db import session_scope
    from services.bootstrap import prepare
    from services.reminders import simulate as run_simulation

    config = settings()
    with session_scope(prepare(config).sessions) as session:
        try:
            calendar = run_simulation(session, start.date(), end.date(), config, person=person)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from exc
    print_json(calendar.to_json()) if as_json else click.echo(calendar.to_text())


@click.command()
@click.option("--now", "now_text", help="按这个时间跑,如 2020-05-25T09:00+08:00;默认当前时间(或 BOT_NOW)")
def remind(now_text: str | None) -> None:
    """手动跑一轮提醒:决定今天该提醒谁,再把到期的提醒发出去。"""
    from config import Clock
    from models.db import session_scope
    from services.bootstrap import prepare
    from services.outbox import dispatch
    from services.reminders import decide

    config = settings()
    now = _moment(now_text, config.tz) if now_text else Clock.from_settings(config).now()
    config = config.with_overrides(fixed_now=now)
    db = prepare(config)
    with session_scope(db.sessions) as session:
        decided = decide(session, now, config)
    click.echo(decided.describe())
    click.echo(dispatch(db, config, now).describe())


def _moment(text: str, tz) -> datetime:
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise click.BadParameter(f"不是 ISO 8601 时间:{text!r}", param_hint="--now") from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=tz)


@click.command("reminder-policy")
@click.option("--year", type=int, help="方案年度,默认当前方案")
@click.option("--set", "overrides", help='改用的规则(JSON,未写的项用默认),如 \'{"before": [10, 3, 1]}\'')
@click.option("--reset", is_flag=True, help="恢复默认规则")
def reminder_policy(year: int | None, overrides: str | None, reset: bool) -> None:
    """查看或设置方案的提醒规则:提前几天、逾期多久一次、几天后报全体领导、对标日。"""
    from sqlalchemy import select

    from core.reminder_policy import PolicyError, policy_from_json
    from models import Plan
    from models.db import session_scope
    from services.assignments import current_plan
    from services.bootstrap import prepare
    from services.reminders import set_policy

    if overrides and reset:
        raise click.UsageError("--set 和 --reset 只能选一个")
    with session_scope(prepare(settings()).sessions) as session:
        plan = (session.scalar(select(Plan).where(Plan.year == year).order_by(Plan.id.desc()).limit(1))
                if year else current_plan(session))
        if plan is None:
            raise click.ClickException("没有这个年度的方案" if year else "库中还没有工作方案,先用 import-plan 导入。")
        try:
            if overrides is not None or reset:
                policy = set_policy(plan, None if reset else json.loads(overrides))
            else:
                policy = policy_from_json(plan.reminder_policy)
        except json.JSONDecodeError as exc:
            raise click.BadParameter(f"不是 JSON:{exc}", param_hint="--set") from exc
        except PolicyError as exc:
            raise click.ClickException(str(exc)) from exc
        own = "本方案自定的规则" if plan.reminder_policy else "默认规则"
        click.echo(f"{plan.title}:{own}", err=True)
        print_json(policy.to_json())


COMMANDS: list = [simulate, remind, reminder_policy]
