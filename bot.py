#!/usr/bin/env python3
"""民政助手 command line: `python bot.py --help`.

Every command opens its own database session at this edge and passes it down.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from commands import knowledge, ops, outbox, progress, reminders, web
from commands.common import print_json as _print_json
from commands.common import settings as _settings
from config import Clock
from config.settings import ConfigError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """民政助手:县民政局微信公众号后台。"""


# --- service ---------------------------------------------------------------------------------

@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64),
              help="工作进程数")
@click.option("--scheduler/--no-scheduler", default=True, show_default=True, envvar="SERVE_SCHEDULER",
              help="由其中一个工作进程运行提醒调度器(另用 bot.py scheduler 时可关掉)")
def serve(host: str, port: int, workers: int, scheduler: bool) -> None:
    """用 gunicorn 启动服务(自动升级数据库结构,空库首次启动载入内置方案)。"""
    from channels.server import run

    run(_settings(), host=host, port=port, workers=workers, scheduler=scheduler)


@cli.group()
def db() -> None:
    """数据库结构(Alembic 迁移)。"""


@db.command("upgrade")
@click.option("--revision", default="head", show_default=True, help="目标版本")
def db_upgrade(revision: str) -> None:
    """把数据库结构升级到最新版本。"""
    from models.db import make_engine
    from services import schema

    engine = make_engine(_settings().database_url)
    schema.upgrade(engine, revision)
    click.echo(f"数据库结构已是最新版本:{schema.current_revision(engine)}")


@db.command("current")
def db_current() -> None:
    """显示数据库结构版本;不是最新时退出码为 1。"""
    from models.db import make_engine
    from services import schema

    current = schema.current_revision(make_engine(_settings().database_url))
    head = schema.head_revision()
    click.echo(f"当前版本:{current or '(空库)'};最新版本:{head}")
    if current != head:
        sys.exit(1)


# --- the plan --------------------------------------------------------------------------------

@cli.command("import-plan")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--year", type=int, help="方案年度(文件中读不出时必填)")
@click.option("--dry-run", is_flag=True, help="只解析并显示结果,不写数据库")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出")
@click.option("--county", help="方案所属县区(文件中读不出或要改用其他县区时)")
def import_plan(file: Path, year: int | None, dry_run: bool, as_json: bool, county: str | None) -> None:
    """导入方案文件(.txt .docx .xlsx .xls .json)。"""
    from services.plan_import import run_import

    outcome = run_import(_settings(), file, year=year, county=county, dry_run=dry_run)
    if as_json:
        _print_json(outcome.to_json())
    else:
        click.echo(outcome.summary())
    if outcome.error:
        sys.exit(1)


@cli.command("parse-deadline")
@click.argument("text")
@click.option("--year", type=int, help="方案年度,默认今年")
@click.option("--province", help="方案所属省份(如 河北),用来确定“雨季前”“供暖季前”等季节性时间")
def parse_deadline_command(text: str, year: int | None, province: str | None) -> None:
    """解析一条完成时限,以 JSON 输出时间节点;读不出时退出码为 1。"""
    from core.deadlines import DeadlineError, parse_deadline

    settings = _settings()
    year = year or Clock.from_settings(settings).today().year
    try:
        milestones = parse_deadline(text, year, province=province)
    except DeadlineError as exc:
        click.echo(f"错误:{exc}", err=True)
        sys.exit(1)
    _print_json({"milestones": [m.to_json() for m in milestones]})


@cli.command()
@click.option("--year", type=int, help="只看某一年度的方案")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出")
def tasks(year: int | None, as_json: bool) -> None:
    """列出库中任务及其责任领导、责任股室和时间节点。"""
    from models.db import session_scope
    from services.bootstrap import prepare
    from services.plan_view import format_overview, plan_overview

    settings = _settings()
    db = prepare(settings)
    with session_scope(db.sessions) as session:
        overview = plan_overview(session, year=year)
    _print_json(overview) if as_json else click.echo(format_overview(overview))


# --- people and conversations ----------------------------------------------------------------

@cli.command()
@click.option("--as", "openid", help="以这个 openid 的身份对话")
@click.option("--role", type=click.Choice(["resident", "staff", "leader", "admin"]), default="resident",
              show_default=True, help="以演示身份对话(自动绑定)")
@click.option("--say", help="只发这一条消息,打印回复后退出")
def chat(openid: str | None, role: str, say: str | None) -> None:
    """不用微信,在终端里和机器人对话(与公众号同一套路由和处理)。"""
    from channels import terminal
    from services.bootstrap import prepare

    settings = _settings()
    db = prepare(settings)
    openid = openid or terminal.as_role(db, settings, role, Clock.from_settings(settings).now())
    if say is not None:
        terminal.converse(db, settings, openid, [say], click.echo)
        return
    click.echo(f"以 {openid} 的身份对话;“退出”或 Ctrl-D 结束。\n也可以发:{terminal.SPECIAL_INPUTS}")
    terminal.converse(db, settings, openid, _prompted_lines(), lambda reply: click.echo(f"民政助手> {reply}"))


def _prompted_lines():
    while True:
        try:
            yield input("你> ")
        except EOFError:
            return


@cli.command()
@click.option("--role", type=click.Choice(["staff", "leader", "admin"]), required=True)
@click.option("--township", help="乡镇工作人员所在乡镇(可用简称,如 土城)")
@click.option("--person", help="领导姓名,须是方案中的责任领导")
@click.option("--name", default="", help="工作人员或管理员姓名")
@click.option("--county", help="县区(库中有多个县区时)")
def invite(role: str, township: str | None, person: str | None, name: str, county: str | None) -> None:
    """生成一次性绑定码(7天有效),用户在公众号发送“绑定 绑定码”即完成绑定。"""
    from models.db import session_scope
    from services.bootstrap import county_config, prepare
    from services.invites import InviteError, issue_invite

    settings = _settings()
    db = prepare(settings)
    now = Clock.from_settings(settings).now()
    try:
        with session_scope(db.sessions) as session:
            issued = issue_invite(session, county_config(settings), role=role, now=now, county=county,
                                  township=township, person=person, name=name)
    except InviteError as exc:
        raise click.ClickException(str(exc)) from exc
    expires = issued.expires_at.astimezone(settings.tz).strftime("%Y-%m-%d %H:%M")
    click.echo(f"绑定码:{issued.code}\n绑定为:{issued.holder}\n有效期至:{expires},仅能使用一次。\n"
               f"请对方在公众号中发送:绑定 {issued.code}")


@cli.command()
@click.argument("openid")
def unbind(openid: str) -> None:
    """解除某个 openid 的绑定(保留其消息记录)。"""
    from models.db import session_scope
    from services import subscribers
    from services.bootstrap import prepare
    from services.invites import describe

    with session_scope(prepare(_settings()).sessions) as session:
        subscriber = subscribers.find(session, openid)
        if subscriber is None:
            raise click.ClickException(f"没有这个 openid:{openid}")
        was = describe(subscriber.person) if subscriber.person else "(本来就未绑定)"
        subscribers.unbind(session, openid)
    click.echo(f"已解除绑定:{openid} {was}")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出")
def people(as_json: bool) -> None:
    """列出已绑定的工作人员、领导和管理员。"""
    from models.db import session_scope
    from handlers.router import ROLE_NAMES
    from services import subscribers
    from services.bootstrap import prepare

    settings = _settings()
    with session_scope(prepare(settings).sessions) as session:
        rows = [{
            "openid": s.openid, "role": s.role, "name": s.person.name,
            "township": s.person.township.name if s.person.township else None,
            "subscribed": s.subscribed,
            "bound_at": s.bound_at.astimezone(settings.tz).isoformat(timespec="minutes") if s.bound_at else None,
            "last_seen_at": s.last_seen_at.astimezone(settings.tz).isoformat(timespec="minutes"),
        } for s in subscribers.bound_people(session)]
    if as_json:
        _print_json({"people": rows})
        return
    for row in rows:
        where = f" {row['township']}" if row["township"] else ""
        gone = "" if row["subscribed"] else "(已取消关注)"
        click.echo(f"{ROLE_NAMES[row['role']]}{where} {row['name']}  {row['openid']}  绑定于{row['bound_at']}{gone}")
    click.echo(f"共 {len(rows)} 人" if rows else "还没有人绑定。用 `python bot.py invite` 生成绑定码。")


# --- WeChat's API ----------------------------------------------------------------------------

DEMO_ACCOUNT = ("wxdemo0000000000", "demo-secret")
DEMO_WECOM = ("wwdemo0000000000", "demo-wecom-secret", "1000002")


@cli.command()
@click.option("--push", is_flag=True, help="通过微信接口(WECHAT_API_BASE)发布到公众号")
def menu(push: bool) -> None:
    """打印公众号自定义菜单 JSON;加 --push 发布。"""
    import requests
    from wechatpy.exceptions import WeChatClientException

    from channels.wechat_api import client_from_settings
    from core.menu import validate_menu
    from handlers.menu import menu_json

    config = _settings()
    body = menu_json(config.public_base_url)
    problems = validate_menu(body)
    if problems:  # the menu is ours: a problem here is a bug to fix before WeChat sees it
        raise click.ClickException("菜单不合微信规则:" + ";".join(f"{p.path} {p.message}" for p in problems))
    _print_json(body)
    if not push:
        return
    try:
        client_from_settings(config).menu.create(body)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    except WeChatClientException as exc:
        raise click.ClickException(f"微信接口拒绝了菜单:{exc.errcode} {exc.errmsg}") from exc
    except requests.RequestException as exc:
        raise click.ClickException(f"连不上微信接口:{exc}") from exc
    click.echo("菜单已发布。", err=True)


@cli.command("fake-wechat")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=9000, show_default=True, type=int)
@click.option("--token-ttl", default=7200, show_default=True, type=int, help="access_token 有效秒数")
@click.option("--template-id", "template_ids", multiple=True,
              help="可用的模板消息 ID(可多次给出;WECHAT_TEMPLATE_ID 自动算在内)")
@click.option("--follower", "followers", multiple=True,
              help="关注公众号的 openid(可多次给出);不给则任何 openid 都算关注")
@click.option("--quota", type=click.IntRange(0), help="每个接口每天可调用次数(默认不限)")
@click.option("--subscribe-template-id", "subscribe_ids", multiple=True,
              help="可用的订阅通知模板 ID(可多次给出;WECHAT_SUBSCRIBE_TEMPLATE_ID 自动算在内)")
@click.option("--member", "members", multiple=True,
              help="企业微信成员 UserID(可多次给出);不给则任何 UserID 都是应用可见的成员")
def fake_wechat(host: str, port: int, token_ttl: int, template_ids: tuple[str, ...],
                followers: tuple[str, ...], quota: int | None, subscribe_ids: tuple[str, ...],
                members: tuple[str, ...]) -> None:
    """启动本地的微信接口替身(测试和演示用);账号取 WECHAT_APP_ID / WECHAT_APP_SECRET,
    企业微信应用取 WECOM_CORP_ID / WECOM_SECRET / WECOM_AGENT_ID(未设时用演示值)。"""
    from fake_wechat import serve_fake_wechat

    settings = _settings()
    app_id = settings.wechat_app_id or DEMO_ACCOUNT[0]
    secret = settings.wechat_app_secret or DEMO_ACCOUNT[1]
    corp = (settings.wecom_corp_id or DEMO_WECOM[0], settings.wecom_secret or DEMO_WECOM[1],
            int(settings.wecom_agent_id or DEMO_WECOM[2]))
    templates = {*template_ids, settings.wechat_template_id} - {""}
    subscribe = {*subscribe_ids, settings.wechat_subscribe_template_id} - {""}
    click.echo(f"微信接口替身:http://{host}:{port}/cgi-bin/ (AppID {app_id};企业微信 CorpID {corp[0]},"
               f"AgentId {corp[2]});让机器人用它:WECHAT_API_BASE=WECOM_API_BASE=http://{host}:{port}/cgi-bin/",
               err=True)
    click.echo(f"模板:{'、'.join(sorted(templates)) or '(无)'};订阅通知模板:{'、'.join(sorted(subscribe)) or '(无)'};"
               f"关注者:{'、'.join(followers) if followers else '任何 openid'};"
               f"企业微信成员:{'、'.join(members) if members else '任何 UserID'};"
               f"每日限额:{quota if quota is not None else '不限'}", err=True)
    serve_fake_wechat(host, port, {app_id: secret}, token_ttl=token_ttl, template_ids=templates,
                      followers=followers or None, quota=quota, subscribe_template_ids=subscribe,
                      wecom={corp[0]: corp[1:]}, members=members or None)


for _command in (*knowledge.COMMANDS, *reminders.COMMANDS, *outbox.COMMANDS, *progress.COMMANDS,
                 *ops.COMMANDS, *web.COMMANDS):
    cli.add_command(_command)


if __name__ == "__main__":
    cli()
