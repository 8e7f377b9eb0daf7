"""Commands for signing in to the web pages: one-time links and the office's console password."""
from __future__ import annotations

import sys
from datetime import timedelta

import click

from commands.common import settings


@click.command()
@click.option("--person", "name", required=True, help="领导、工作人员或管理员的姓名")
@click.option("--township", help="同名时指明乡镇(可用简称,如 土城)")
@click.option("--next", "next_path", help="登录后打开的页面,如 /tasks/5(默认:领导和工作人员 /tasks,管理员 /console)")
@click.option("--minutes", default=30, show_default=True, type=click.IntRange(1, 7 * 24 * 60), help="有效分钟数")
def link(name: str, township: str | None, next_path: str | None, minutes: int) -> None:
    """生成网页的一次性登录链接(不在微信里时用),只能用一次。"""
    from config import Clock
    from models.db import session_scope
    from services.bootstrap import prepare
    from services.web_login import LoginError, find_person, issue_link, link_url

    config = settings()
    try:
        with session_scope(prepare(config).sessions) as session:
            person = find_person(session, name, township)
            path = issue_link(session, config, person, next_path, minutes)
    except LoginError as exc:
        raise click.ClickException(str(exc)) from exc
    until = (Clock.from_settings(config).now() + timedelta(minutes=minutes)).strftime("%Y-%m-%d %H:%M")
    click.echo(link_url(config, path))
    click.echo(f"{name} 的一次性登录链接,{until} 前有效,只能用一次。请只发给本人。", err=True)


@click.command("admin-password")
@click.option("--user", "username", default="办公室", show_default=True, help="控制台用户名")
@click.option("--password-stdin", is_flag=True, help="从标准输入读一行作为密码(脚本用)")
def admin_password(username: str, password_stdin: bool) -> None:
    """设置办公室控制台的登录密码(至少10个字符,只保存散列值);重设会解除锁定。"""
    from config import Clock
    from models.db import session_scope
    from services.bootstrap import prepare
    from services.web_login import LoginError, set_password

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("新密码", hide_input=True)
        if click.prompt("再输入一次", hide_input=True) != password:
            raise click.ClickException("两次输入的密码不一致,未作修改")
    config = settings()
    try:
        with session_scope(prepare(config).sessions) as session:
            _, created = set_password(session, username, password, Clock.from_settings(config).now())
    except LoginError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{'已创建' if created else '已更新'}控制台账号“{username.strip()}”的密码。"
               "登录:/login/password")


COMMANDS = [link, admin_password]
