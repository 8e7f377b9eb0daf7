"""Commands for operating the service (status, backup)."""
from __future__ import annotations

import os
import sqlite3
import sys
import tempfile
from pathlib import Path

import click
from sqlalchemy.engine import make_url

from commands.common import print_json, settings

PG_DUMP_HINT = ("PostgreSQL 请用 pg_dump 备份(服务运行时也可以):"
                "pg_dump -Fc -f minzheng.dump postgresql://用户@主机/库名;"
                "恢复:pg_restore --clean --if-exists -d postgresql://用户@主机/库名 minzheng.dump")


@click.command()
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出")
def status(as_json: bool) -> None:
    """服务是否正常:数据库、调度器心跳、待发积压、停发消息、收不到提醒的人;有问题时退出码为 1。"""
    from channels.status import template_warning
    from config import Clock
    from services import health, outbox, reach_report
    from services.bootstrap import open_database

    config = settings()
    now = Clock.from_settings(config).now()
    db = open_database(config, upgrade=False)  # a status check must not change the schema
    with db.sessions() as session:
        result = health.check(session, config, now)
        dead, unreachable, reaches = [], [], []
        if result.database:
            dead = [{"id": m.id, "person": m.person.name, "last_error": m.last_error}
                    for m in outbox.list_messages(session, ["dead"])]
            unreachable = [{"person": person.name, "reason": message.last_error}
                           for person, message in outbox.unreachable_people(session)]
            reaches = reach_report.people_reach(session, config, now)
            reach_rows = [r.to_json() for r in reaches]
            reach_line = reach_report.summary(reaches)
            leaders_out = [f"{r.person.name}({r.chosen.reason})" for r in reach_report.unreachable_leaders(reaches)]
    db.engine.dispose()
    warning = template_warning(config)
    warnings = reach_report.configuration_warnings(config)
    if as_json:
        print_json({**result.to_json(), "dead_letters": dead, "unreachable_people": unreachable,
                    "template_warning": warning, "reach": reach_rows if reaches else [],
                    "reach_warnings": warnings})
    else:
        _print_status(result, dead, unreachable, warning)
        if reaches:
            click.echo(reach_line)
            if leaders_out:
                click.echo("领导收不到提醒:" + "、".join(leaders_out))
        for text in warnings:
            click.echo(f"注意:{text}")
    if not result.healthy:
        sys.exit(1)


def _print_status(result, dead: list[dict], unreachable: list[dict], warning: str | None) -> None:
    click.echo("民政助手:" + ("正常" if result.healthy else "有问题"))
    if not result.database:
        click.echo(f"数据库:连不上({result.database_error})")
    else:
        age = result.scheduler_heartbeat_age
        click.echo("数据库:正常")
        click.echo(f"调度器:上次心跳 {age} 秒前" if age is not None else "调度器:从未运行(python bot.py serve 或 bot.py scheduler)")
        backlog = f"待发 {result.backlog} 条" if result.backlog else "没有待发积压"
        if result.backlog_oldest_age is not None:
            backlog += f",最早的已等 {result.backlog_oldest_age // 60} 分钟"
        click.echo(f"提醒消息:{backlog}")
    if dead:
        click.echo(f"停发消息 {len(dead)} 条(python bot.py outbox resend 编号):")
        for row in dead:
            click.echo(f"  #{row['id']} {row['person']}:{row['last_error'] or '多次发送失败'}")
    if unreachable:
        click.echo(f"收不到提醒的人 {len(unreachable)} 个:")
        for row in unreachable:
            click.echo(f"  {row['person']}:{row['reason']}")
    if warning:
        click.echo(f"注意:{warning}")
    for problem in result.problems:
        click.echo(f"问题:{problem}")


@click.command()
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="备份文件")
@click.option("--force", is_flag=True, help="备份文件已存在时覆盖")
def backup(out: Path, force: bool) -> None:
    """在服务运行时备份 SQLite 数据库(SQLite 在线备份,得到一致的副本);PostgreSQL 请用 pg_dump。"""
    url = make_url(settings().database_url)
    if url.get_backend_name() != "sqlite":
        raise click.ClickException(PG_DUMP_HINT)
    if not url.database or url.database == ":memory:" or not Path(url.database).exists():
        raise click.ClickException(f"没有可备份的 SQLite 数据库文件:{url.database or '(内存库)'}")
    if out.exists() and not force:
        raise click.ClickException(f"{out} 已存在;要覆盖请加 --force")
    tables = backup_sqlite(Path(url.database), out)
    click.echo(f"已备份到 {out}({out.stat().st_size / 1024 / 1024:.1f} MB)")
    for name, rows in tables.items():
        click.echo(f"  {name}:{rows} 行")


def backup_sqlite(source_path: Path, out: Path) -> dict[str, int]:
    """A consistent copy of the database at `source_path` in `out`; rows per table.

    One backup step copies every page under one read transaction: a snapshot, while writers go
    on (WAL). The copy is written beside `out` and renamed, so `out` is never half written."""
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    os.close(handle)
    try:
        with sqlite3.connect(source_path, timeout=15) as source, sqlite3.connect(temporary) as copy:
            source.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
            names = [row[0] for row in copy.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
            tables = {name: copy.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}
        source.close()
        copy.close()
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return tables


COMMANDS: list = [status, backup]
