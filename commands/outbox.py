"""Commands for delivery: the scheduler process and the outbox (scheduler, outbox)."""
from __future__ import annotations

import signal

import click

from commands.common import print_json, settings
from config.logging import configure as configure_logging
from models.outbox import CHANNEL_NAMES, KIND_NAMES, OUTBOX_STATUSES, STATUS_NAMES


@click.command()
def scheduler() -> None:
    """在前台运行调度器(每天定时决定提醒、每分钟发送);每个部署只有一个在跑,多启动的会待命接替。"""
    from channels.status import template_warning
    from scheduler.service import SchedulerService
    from services.bootstrap import prepare

    configure_logging()
    config = settings()
    warning = template_warning(config)
    if warning:
        click.echo(f"注意:{warning}", err=True)
    service = SchedulerService(prepare(config), config)
    signal.signal(signal.SIGTERM, lambda *_: service.stop())
    click.echo(f"调度器 {service.holder} 启动(Ctrl-C 停止);另有调度器在跑时本进程待命。", err=True)
    try:
        service.run()
    except KeyboardInterrupt:
        pass  # run() has given the lease up on its way out


@click.group(invoke_without_command=True)
@click.option("--status", "statuses", multiple=True, type=click.Choice(OUTBOX_STATUSES),
              help="只看这些状态(可多次给出),如 --status dead")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1), help="最多列出多少条")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出")
@click.pass_context
def outbox(ctx: click.Context, statuses: tuple[str, ...], limit: int, as_json: bool) -> None:
    """列出发给各人的提醒消息(最新的在前)和收不到提醒的人;`outbox resend 编号` 重发。"""
    if ctx.invoked_subcommand is not None:
        return
    from models.db import session_scope
    from services import outbox as service
    from services.bootstrap import prepare

    config = settings()
    with session_scope(prepare(config).sessions) as session:
        messages = [_message_json(m, config.tz) for m in service.list_messages(session, statuses, limit)]
        unreachable = [{"person": person.name, "role": person.role, "reason": message.last_error,
                        "message_id": message.id} for person, message in service.unreachable_people(session)]
        counts = service.counts(session)
    if as_json:
        print_json({"counts": counts, "messages": messages, "unreachable": unreachable})
        return
    click.echo("消息:" + ("、".join(f"{STATUS_NAMES[s]} {n}" for s, n in sorted(counts.items())) or "还没有"))
    for m in messages:
        tail = f" —— {m['last_error']}" if m["last_error"] else ""
        when = m["sent_at"] or m["created_at"]
        click.echo(f"#{m['id']} {m['person']} {KIND_NAMES[m['kind']]} {STATUS_NAMES[m['status']]} "
                   f"{CHANNEL_NAMES.get(m['channel'], m['channel'])} 尝试{m['attempts']}次 {when}{tail}")
    if unreachable:
        click.echo("\n收不到提醒的人:")
        for row in unreachable:
            click.echo(f"{row['person']}:{row['reason']}(消息 #{row['message_id']})")
    if counts.get("dead") or counts.get("unreachable"):
        click.echo("\n问题解决后(如对方已关注并发过消息)可重发:python bot.py outbox resend 编号")


@outbox.command()
@click.argument("message_id", type=int)
def resend(message_id: int) -> None:
    """把一条停发或无法送达的消息重新排队(按对方现在的微信号)。"""
    from config import Clock
    from models.db import session_scope
    from services import outbox as service
    from services.bootstrap import prepare

    config = settings()
    try:
        with session_scope(prepare(config).sessions) as session:
            message = service.resend(session, message_id, config, Clock.from_settings(config).now())
            name = message.person.name
    except service.OutboxError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"消息 #{message_id} 已重新排队,下一轮发送时发给{name}(工作时间内每分钟一轮)。")


def _message_json(message, tz) -> dict:
    def local(moment):
        return moment.astimezone(tz).isoformat(timespec="minutes") if moment else None

    return {
        "id": message.id, "person": message.person.name, "role": message.person.role, "kind": message.kind,
        "status": message.status, "channel": message.channel, "openid": message.openid,
        "attempts": message.attempts, "errcode": message.errcode, "last_error": message.last_error,
        "created_at": local(message.created_at), "sent_at": local(message.sent_at),
        "next_attempt_at": local(message.next_attempt_at) if message.status == "pending" else None,
        "text": message.payload.get("text"),
    }


COMMANDS = [scheduler, outbox]
