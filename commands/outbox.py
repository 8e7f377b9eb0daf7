"""Commands for delivery: the scheduler process and the outbox (scheduler, outbox)."""
from __future__ import annotations

import signal

import click

from commands.common import print_json, settings
from config.logging import configure as configure_logging
from models.outbox import CHANNEL_NAMES, KIND_NAMES, OUTBOX_STATUSES, STATUS_NAMES

ROLE_WORDS = {"leader": "领导", "staff": "工作人员", "admin": "管理员"}


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

    from config import Clock
    from services import reach_report

    config = settings()
    with session_scope(prepare(config).sessions) as session:
        messages = [_message_json(m, config.tz) for m in service.list_messages(session, statuses, limit)]
        unreachable = [{"person": person.name, "role": person.role, "reason": message.last_error,
                        "message_id": message.id} for person, message in service.unreachable_people(session)]
        counts = service.counts(session)
        reaches = reach_report.people_reach(session, config, Clock.from_settings(config).now())
        reach = [r.to_json() for r in reaches]
        ways = [(r.person, r.describe()) for r in reaches]
    if as_json:
        print_json({"counts": counts, "messages": messages, "unreachable": unreachable, "reach": reach})
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
    if ways:
        click.echo("\n谁在哪能收到提醒(按目前的绑定和配置):")
        for person, way in ways:
            where = f" {person.township.name}" if person.township else ""
            click.echo(f"{ROLE_WORDS.get(person.role, person.role)}{where} {person.name}:{way}")
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


@click.command()
@click.option("--person", "name", required=True, help="姓名,如 李晓芬")
@click.option("--township", help="同名时指明乡镇")
@click.option("--channel", required=True, type=click.Choice(["wecom", "wechat", "auto"]),
              help="wecom 企业微信、wechat 公众号、auto 按 REMINDER_PREFER")
def prefer(name: str, township: str | None, channel: str) -> None:
    """一个人在公众号和企业微信都能收到时,提醒发到哪边(每天只发一条)。"""
    from config import Clock
    from models.db import session_scope
    from services import reach_report
    from services.bootstrap import prepare
    from services.web_login import LoginError, find_person

    config = settings()
    try:
        with session_scope(prepare(config).sessions) as session:
            person = find_person(session, name, township)
            person.reminder_channel = None if channel == "auto" else channel
            session.flush()
            [found] = [r for r in reach_report.people_reach(session, config, Clock.from_settings(config).now())
                       if r.person.id == person.id] or [None]
    except LoginError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{name}的提醒:{'按 REMINDER_PREFER' if channel == 'auto' else {'wecom': '优先企业微信', 'wechat': '优先公众号'}[channel]}"
               + (f";现在会走:{found.describe()}" if found else ""))


@click.command("wecom-bind")
@click.option("--person", "name", required=True, help="领导、工作人员或管理员的姓名(须已在库中)")
@click.option("--township", help="同名时指明乡镇")
@click.option("--userid", required=True, help="此人在企业微信通讯录里的账号(UserID)")
def wecom_bind(name: str, township: str | None, userid: str) -> None:
    """把企业微信成员直接绑定到一个人(先经企业微信接口核实此成员在应用可见范围内)。"""
    import requests
    from wechatpy.exceptions import WeChatClientException

    from channels.wecom_api import wecom_from_settings
    from config import Clock
    from config.settings import ConfigError
    from models.db import session_scope
    from services import subscribers
    from services.bootstrap import prepare
    from services.web_login import LoginError, find_person

    config = settings()
    db = prepare(config)
    try:
        wecom_from_settings(config, sessions=db.sessions).user.get(userid)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    except WeChatClientException as exc:
        said = {60111: "企业微信里没有这个成员", 60011: "这个成员不在应用的可见范围内(请在企业微信管理后台调整)"}
        raise click.ClickException(f"{said.get(exc.errcode, '企业微信接口拒绝了')}:{exc.errcode} {exc.errmsg}") from exc
    except requests.RequestException as exc:
        raise click.ClickException(f"连不上企业微信接口:{type(exc).__name__}") from exc
    try:
        with session_scope(db.sessions) as session:
            person = find_person(session, name, township)
            subscriber = subscribers.bind_wecom(session, person, userid, Clock.from_settings(config).now())
            openid = subscriber.openid
    except (LoginError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"已绑定:{name} ← 企业微信 {userid}({openid})。他在企业微信应用里发消息、收提醒、登录看板都认这个身份。")


COMMANDS = [scheduler, outbox, prefer, wecom_bind]
