"""`bot.py link`, `bot.py admin-password` and the menu's task-board button."""
from __future__ import annotations

import json
from datetime import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from bot import cli
from config import Settings
from core.menu import validate_menu
from models import ConsoleAccount, LoginLink, Person, Township
from models.db import session_scope
from services.bootstrap import open_database
from services.web_login import check_password

NOW = datetime(2020, 5, 25, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
PASSWORD = "correct horse battery"


@pytest.fixture
def env(run, monkeypatch, database_url):
    """The CLI's environment: the test database, a fixed clock, a secret key of the test's own."""
    monkeypatch.setenv("BOT_NOW", NOW.isoformat())
    monkeypatch.setenv("SECRET_KEY", "cli-test-key")
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    return Settings(database_url=database_url, fixed_now=NOW, secret_key="cli-test-key")


def typed(*args, input: str):
    return CliRunner().invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)


def open_app(settings):
    from channels.app import create_app

    db = open_database(settings)
    return create_app(settings, db), db


# --- link ---------------------------------------------------------------------------------------

def test_link_prints_a_url_that_signs_the_person_in_once(run, env, monkeypatch):
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://mz.example.cn")
    result = run("link", "--person", "李晓芬", "--next", "/tasks/5")
    assert result.exit_code == 0, result.output
    url = urlsplit(result.stdout.strip())
    assert f"{url.scheme}://{url.netloc}" == "https://mz.example.cn" and url.path.startswith("/login/link/")
    assert "2020-05-25 09:30 前有效" in result.stderr
    app, db = open_app(env.with_overrides(public_base_url="https://mz.example.cn"))
    first = app.test_client().get(url.path)
    assert first.status_code == 302 and first.location == "/tasks/5"
    assert app.test_client().get(url.path).status_code == 410
    db.engine.dispose()


def test_link_without_a_public_address_points_at_the_local_server(run, env):
    assert run("link", "--person", "李晓芬").stdout.startswith("http://127.0.0.1:8000/login/link/")


def test_link_lasts_the_minutes_asked_for(run, env):
    assert run("link", "--person", "李晓芬", "--minutes", "5").exit_code == 0
    db = open_database(env)
    with session_scope(db.sessions) as session:
        link = session.scalars(select(LoginLink)).one()
        assert (link.expires_at - link.created_at).total_seconds() == 300 and link.next_path == "/tasks"
    db.engine.dispose()


def test_link_for_an_unknown_person_fails(run, env):
    result = run("link", "--person", "王不在")
    assert result.exit_code == 1 and "没有叫“王不在”" in result.output


def test_link_refuses_a_page_off_the_site(run, env):
    result = run("link", "--person", "李晓芬", "--next", "https://evil.example/")
    assert result.exit_code == 1 and "本站路径" in result.output


def test_link_for_a_name_two_staff_members_share_asks_for_the_township(run, env):
    run("db", "upgrade")
    run("tasks")  # loads the bundled plan, and with it the townships
    db = open_database(env)
    with session_scope(db.sessions) as session:
        for township in ("土城镇", "大阁镇"):
            place = session.scalars(select(Township).where(Township.name == township)).one()
            session.add(Person(name="张伟", role="staff", county=place.county, township=place))
    db.engine.dispose()
    ambiguous = run("link", "--person", "张伟")
    assert ambiguous.exit_code == 1 and "土城镇工作人员" in ambiguous.output and "大阁镇工作人员" in ambiguous.output
    assert run("link", "--person", "张伟", "--township", "土城").exit_code == 0


# --- admin-password -------------------------------------------------------------------------------

def account(settings) -> ConsoleAccount | None:
    db = open_database(settings)
    with db.sessions() as session:
        found = session.scalars(select(ConsoleAccount)).one_or_none()
        session.expunge_all()
    db.engine.dispose()
    return found


def test_admin_password_is_asked_twice_and_only_its_hash_is_kept(run, env):
    result = typed("admin-password", input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0 and "已创建控制台账号“办公室”" in result.output
    assert PASSWORD not in result.output
    stored = account(env)
    assert stored.username == "办公室" and stored.password_hash.startswith("scrypt:")
    assert PASSWORD not in stored.password_hash


def test_admin_password_typed_differently_twice_changes_nothing(run, env):
    result = typed("admin-password", input=f"{PASSWORD}\n{PASSWORD}!\n")
    assert result.exit_code == 1 and "不一致" in result.output and account(env) is None


def test_admin_password_from_stdin_must_be_long_enough(run, env):
    short = typed("admin-password", "--password-stdin", input="short\n")
    assert short.exit_code == 1 and "至少 10 个字符" in short.output and account(env) is None
    assert typed("admin-password", "--user", "局办公室", "--password-stdin", input=f"{PASSWORD}\n").exit_code == 0
    assert account(env).username == "局办公室"


def test_setting_the_password_again_replaces_it_and_lifts_the_lock(run, env):
    typed("admin-password", "--password-stdin", input=f"{PASSWORD}\n")
    db = open_database(env)
    with session_scope(db.sessions) as session:
        for _ in range(5):
            check_password(session, "办公室", "wrong password", NOW)
    assert account(env).locked_until is not None
    result = typed("admin-password", "--password-stdin", input="another long password\n")
    assert "已更新" in result.output
    with session_scope(db.sessions) as session:
        assert check_password(session, "办公室", "another long password", NOW).account is not None
        assert check_password(session, "办公室", PASSWORD, NOW).account is None
    db.engine.dispose()


# --- the menu ---------------------------------------------------------------------------------------

def test_with_a_public_address_the_menu_opens_the_task_board(run, env, monkeypatch):
    assert "任务看板" not in run("menu").output
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://mz.example.cn")
    body = json.loads(run("menu").output)
    assert validate_menu(body) == []
    views = [b for top in body["button"] for b in top.get("sub_button", []) if b["type"] == "view"]
    assert views == [{"type": "view", "name": "任务看板", "url": "https://mz.example.cn/login?next=/tasks"}]
