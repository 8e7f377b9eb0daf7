"""bot.py chat / invite / people / unbind, as an operator and a newcomer use them."""
import json
import re

import pytest


@pytest.fixture
def bot_now(monkeypatch):
    monkeypatch.setenv("BOT_NOW", "2020-05-25T09:00")


def code_in(output: str) -> str:
    return re.search(r"绑定码:(\S+)", output).group(1)


def test_chat_says_one_message_and_exits(run, bot_now):
    result = run("chat", "--say", "帮助")
    assert result.exit_code == 0 and result.output.startswith("民政助手能为您做这些")


def test_chat_as_a_leader_binds_a_leader_of_the_plan(run, bot_now):
    result = run("chat", "--role", "leader", "--say", "我的任务")
    assert result.exit_code == 0 and result.output.startswith("您负责的2020年任务")


def test_chat_runs_a_conversation_from_standard_input(run, bot_now):
    from click.testing import CliRunner

    from bot import cli

    result = CliRunner().invoke(cli, ["chat", "--role", "staff"], input="本乡任务\n/image\n退出\n帮助\n")
    assert result.exit_code == 0
    replies = result.output.split("民政助手> ")[1:]
    assert "承担的2020年任务" in replies[0] and "收到您发来的图片" in replies[1]
    assert len(replies) == 2  # nothing after 退出


def test_invite_then_bind_then_people_then_unbind(run, bot_now):
    issued = run("invite", "--role", "staff", "--township", "土城", "--name", "张三")
    assert issued.exit_code == 0 and "绑定为:土城镇工作人员 张三" in issued.output
    assert "有效期至:2020-06-01 09:00" in issued.output
    bound = run("chat", "--as", "o-zhang", "--say", f"绑定 {code_in(issued.output)}")
    assert "绑定成功" in bound.output

    listed = json.loads(run("people", "--json").output)["people"]
    assert [(p["openid"], p["role"], p["name"], p["township"]) for p in listed] == [
        ("o-zhang", "staff", "张三", "土城镇")]

    assert run("unbind", "o-zhang").output.strip() == "已解除绑定:o-zhang 土城镇工作人员张三"
    assert json.loads(run("people", "--json").output) == {"people": []}
    assert "还没有人绑定" in run("people").output


def test_unbind_of_an_unknown_openid_fails(run, bot_now):
    result = run("unbind", "o-nobody")
    assert result.exit_code == 1 and "没有这个 openid" in result.output


def test_invite_for_a_leader_not_in_the_plan_fails_and_lists_the_leaders(run, bot_now):
    result = run("invite", "--role", "leader", "--person", "王不在")
    assert result.exit_code == 1 and "李晓芬" in result.output


def test_menu_prints_the_menu_json(run):
    body = json.loads(run("menu").output)
    assert [top["name"] for top in body["button"]] == ["政策咨询", "工作台", "帮助"]


def test_menu_push_publishes_through_the_configured_api(run, fake, monkeypatch):
    from tests.conftest import FAKE_APP_ID, FAKE_SECRET

    monkeypatch.setenv("WECHAT_APP_ID", FAKE_APP_ID)
    monkeypatch.setenv("WECHAT_APP_SECRET", FAKE_SECRET)
    monkeypatch.setenv("WECHAT_API_BASE", fake.api_base)
    result = run("menu", "--push")
    assert result.exit_code == 0, result.output
    published = [c["body"] for c in fake.calls("/cgi-bin/menu/create") if c["errcode"] == 0]
    assert published == [json.loads(run("menu").output)]


def test_menu_push_reports_what_wechat_refused(run, fake, monkeypatch):
    from tests.conftest import FAKE_APP_ID

    monkeypatch.setenv("WECHAT_APP_ID", FAKE_APP_ID)
    monkeypatch.setenv("WECHAT_APP_SECRET", "wrong-secret")
    monkeypatch.setenv("WECHAT_API_BASE", fake.api_base)
    result = run("menu", "--push")
    assert result.exit_code == 1 and "40125" in result.output


def test_menu_push_without_an_account_says_what_is_missing(run, monkeypatch):
    monkeypatch.delenv("WECHAT_APP_ID", raising=False)
    result = run("menu", "--push")
    assert result.exit_code == 1 and "WECHAT_APP_ID" in result.output
