"""Who may not look, page by page in the browser: each gets the refusal or the sign-in page and
none of the plan's data."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask import Flask
from flask.sessions import SecureCookieSessionInterface

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

TASK = "建立非贫低保、特困对象防致贫监测机制"  # 三(一)4, owed by every township
REPORT = "大阁镇低保对象三保障排查完毕，共排查377户，发现风险对象5户已反馈住建局"


def shows_nothing_of_the_plan(page) -> None:
    expect(page.locator("body")).not_to_contain_text(TASK)
    expect(page.locator("body")).not_to_contain_text("李晓芬")


def refused(page) -> None:
    expect(page.locator("h1")).to_have_text("无法查看")
    shows_nothing_of_the_plan(page)


def test_an_unbound_wechat_user_sees_nothing(open_page, live, fake, phone):
    phone.say("o-resident", "农村低保标准是多少")  # a resident: follows the account, bound to nobody
    fake.control("oauth-user", openid="o-resident")
    page = open_page(wechat=True)
    for path in ("/tasks", f"/tasks/{live.task_id('三(一)4')}", "/overdue", "/console"):
        page.goto(path)
        expect(page.locator("h1")).to_have_text("无法登录")
        expect(page.locator("main")).to_contain_text("您的微信尚未绑定为领导或工作人员")
        shows_nothing_of_the_plan(page)


def test_staff_of_one_township_cannot_open_another_townships_pages(open_page, live, fake, phone):
    phone.bind("o-dg", "staff", township="大阁镇", name="赵六")
    assert phone.say("o-dg", REPORT).startswith("已记录:大阁镇")
    phone.bind("o-tc", "staff", township="土城镇", name="张三")
    fake.control("oauth-user", openid="o-tc")
    page = open_page(wechat=True)
    page.goto(f"/townships/{live.township_id('土城镇')}")
    expect(page.locator("main")).to_contain_text("土城镇")  # its own township: admitted

    page.goto(f"/townships/{live.township_id('大阁镇')}")
    refused(page)
    page.goto(f"/tasks/{live.task_id('三(一)4')}")  # owed by 土城镇 too: only its own row
    expect(page.locator("main")).to_contain_text(TASK)
    expect(page.locator("main")).not_to_contain_text("大阁镇")
    expect(page.locator("main")).not_to_contain_text("377户")
    for path in ("/console", "/console/people", "/console/outbox"):
        page.goto(path)
        refused(page)


def test_an_expired_or_used_link_signs_nobody_in(open_page, live, sign_in_link):
    page = open_page()
    page.goto(sign_in_link("李晓芬", at=live.settings.fixed_now - timedelta(minutes=31)))
    expect(page.locator("main")).to_contain_text("这个登录链接已过期")
    shows_nothing_of_the_plan(page)
    page.goto("/tasks")
    expect(page).to_have_url(re.compile(r"/login\?next="))
    shows_nothing_of_the_plan(page)

    fresh = sign_in_link("李晓芬")
    open_page().goto(fresh)  # someone opened it first
    page.goto(fresh)
    expect(page.locator("main")).to_contain_text("这个登录链接已经用过")
    shows_nothing_of_the_plan(page)


def signed_cookie(secret_key: str, person_id: int, live) -> str:
    app = Flask("forger")
    app.secret_key = secret_key
    serializer = SecureCookieSessionInterface().get_signing_serializer(app)
    return serializer.dumps({"via": "link", "pid": person_id, "acct": None, "openid": None, "csrf": "x",
                             "at": live.settings.fixed_now.timestamp(), "_permanent": True})


def test_a_session_cookie_signed_with_another_key_is_ignored(page, live):
    leader = live.person_id("李晓芬")
    page.context.add_cookies([{"name": "session", "value": signed_cookie("another-key", leader, live),
                               "url": live.url}])
    page.goto("/tasks")
    expect(page).to_have_url(re.compile(r"/login\?next="))
    shows_nothing_of_the_plan(page)
    # The same cookie signed with the app's key is let in: the forgery differs only in its key.
    page.context.add_cookies([{"name": "session", "value": signed_cookie(live.settings.secret_key, leader, live),
                               "url": live.url}])
    page.goto("/tasks")
    expect(page.get_by_role("link", name=re.compile(TASK))).to_be_visible()
