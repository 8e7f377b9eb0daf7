"""Channels at the command line and on the status pages: who is reachable on which channel
(`outbox`, `status`, `/`, `/healthz`), the office's preferred channel (`prefer`), binding a WeCom
member checked against WeCom's directory (`wecom-bind`), and the configuration that leaves
leaders out of reach said plainly."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from models import Person, Subscriber
from models.db import session_scope
from tests.conftest import Phone
from tests.test_health import NOW
from tests.wecom_side import AGENT_ID, CORP_ID, CORP_SECRET


@pytest.fixture
def wecom_env(monkeypatch, fake):
    for name, value in {"WECOM_CORP_ID": CORP_ID, "WECOM_AGENT_ID": AGENT_ID, "WECOM_SECRET": CORP_SECRET,
                        "WECOM_API_BASE": fake.api_base, "BOT_NOW": NOW.isoformat()}.items():
        monkeypatch.setenv(name, value)
    return fake


def person(db, name: str) -> Person:
    with session_scope(db.sessions) as session:
        return session.scalar(select(Person).where(Person.name == name))


def test_wecom_bind_checks_the_member_and_binds_them(loaded_db, run, wecom_env):
    wecom_env.control("members", userid="lixiaofen")
    wecom_env.control("members", userid="hidden", visible=False)
    refused = run("wecom-bind", "--person", "李晓芬", "--userid", "nobody")
    assert refused.exit_code == 1 and "企业微信里没有这个成员:60111" in refused.output
    hidden = run("wecom-bind", "--person", "李晓芬", "--userid", "hidden")
    assert hidden.exit_code == 1 and "不在应用的可见范围内" in hidden.output and "60011" in hidden.output
    bound = run("wecom-bind", "--person", "李晓芬", "--userid", "lixiaofen")
    assert bound.exit_code == 0 and "wecom:lixiaofen" in bound.output
    with session_scope(loaded_db.sessions) as session:
        subscriber = session.scalar(select(Subscriber).where(Subscriber.openid == "wecom:lixiaofen"))
        assert subscriber.person.name == "李晓芬" and subscriber.bound_at is not None
    assert run("wecom-bind", "--person", "王小二", "--userid", "lixiaofen").exit_code == 1


def test_wecom_bind_without_wecom_says_what_to_set(loaded_db, run):
    result = run("wecom-bind", "--person", "李晓芬", "--userid", "lixiaofen")
    assert result.exit_code == 1 and "WECOM_CORP_ID" in result.output


def test_outbox_and_prefer_say_who_is_reachable_where(loaded_db, settings, run, wecom_env, monkeypatch):
    monkeypatch.setenv("WECHAT_APP_ID", "wx1")
    monkeypatch.setenv("WECHAT_APP_SECRET", "s1")
    monkeypatch.setenv("WECHAT_TEMPLATE_ID", "TPL-1")
    phone = Phone(loaded_db, settings)
    phone.bind("o-lixiaofen", "leader", person="李晓芬")
    phone.bind("wecom:lixiaofen", "leader", person="李晓芬")
    phone.bind("o-yangyawei", "leader", person="杨亚威")
    listed = run("outbox").output
    assert "领导 李晓芬:企业微信(也可模板消息)" in listed
    assert "领导 杨亚威:模板消息" in listed and "领导 赵玉林:收不到(未绑定微信,也未绑定企业微信)" in listed
    changed = run("prefer", "--person", "李晓芬", "--channel", "wechat")
    assert changed.exit_code == 0 and "现在会走:模板消息(也可企业微信)" in changed.output
    assert person(loaded_db, "李晓芬").reminder_channel == "wechat"
    reach = {row["person"]: row for row in json.loads(run("outbox", "--json").output)["reach"]}
    assert reach["李晓芬"]["channel"] == "template" and reach["李晓芬"]["preferred"] == "wechat"
    assert reach["李晓芬"]["wecom"] == {"channel": "wecom", "reason": None}
    assert reach["赵玉林"]["channel"] is None and reach["赵玉林"]["reason"] == "未绑定微信,也未绑定企业微信"
    run("prefer", "--person", "李晓芬", "--channel", "auto")
    assert person(loaded_db, "李晓芬").reminder_channel is None


def test_status_and_the_home_page_say_when_leaders_cannot_be_reached(loaded_db, settings, run, monkeypatch):
    from channels.app import create_app

    monkeypatch.setenv("BOT_NOW", NOW.isoformat())
    monkeypatch.setenv("WECHAT_ACCOUNT_TYPE", "subscription")
    text = run("status").output
    assert "公众号是订阅号,不能主动推送提醒,又未配置企业微信:领导收不到任何提醒" in text
    assert "领导收不到提醒:李晓芬(订阅号不能主动发消息,请绑定企业微信)、杨亚威(" in text
    data = json.loads(run("status", "--json").output)
    assert data["reach_warnings"] and data["leaders_unreachable"] == 3 and data["channels"] == {"unreachable": 3}
    assert {row["person"] for row in data["reach"]} == {"李晓芬", "杨亚威", "赵玉林"}

    app = create_app(settings.with_overrides(wechat_account_type="subscription"), loaded_db)
    page = app.test_client().get("/").get_data(as_text=True)
    assert "提醒渠道:还没有人能收到;收不到 3 人(其中领导 3 人)" in page and "注意:公众号是订阅号" in page
    home = app.test_client().get("/", headers={"Accept": "application/json"}).get_json()
    assert home["channels"]["leaders_unreachable"] == 3 and home["channels"]["account_type"] == "subscription"
    health = app.test_client().get("/healthz").get_json()
    assert health["leaders_unreachable"] == 3 and health["channels"] == {"unreachable": 3}
    assert "李晓芬" not in json.dumps(health, ensure_ascii=False) + page  # counts only on public pages
