"""A leader's task board on a phone: in by a one-time link or by WeChat's OAuth, my tasks, one
task, and a report sent by message appearing on the next load."""
from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

TASK = "建立非贫低保、特困对象防致贫监测机制"  # 三(一)4, led by 李晓芬, owed by every township
REPORT = "土城镇低保对象三保障排查完毕，共排查412户，发现风险对象2户已反馈住建局"


def test_a_leader_signs_in_by_link_and_sees_a_report_arrive(page, live, phone, sign_in_link, screenshot):
    page.goto(sign_in_link("李晓芬"))
    expect(page).to_have_url(f"{live.url}/tasks")
    expect(page).to_have_title(re.compile("我的任务"))
    expect(page.locator("h1")).to_contain_text("您负责的2020年任务")
    task_link = page.get_by_role("link", name=re.compile(TASK))
    # 3月31日 排查完成 has passed on 2020-05-25: the task is lit red, with its days overdue.
    expect(task_link).to_contain_text("🔴逾期 三(一)4")
    expect(page.locator("li", has=task_link)).to_contain_text("3月31日 排查完成,建立台账 · 逾期55天")
    screenshot(page, "my-tasks")

    task_link.tap()
    expect(page).to_have_url(f"{live.url}/tasks/{live.task_id('三(一)4')}")
    main = page.locator("main")
    expect(main).to_contain_text(re.compile(r"未汇报\(29\):.*土城镇"))
    expect(main).to_contain_text("已报完成 0/29 个乡镇")
    expect(main).not_to_contain_text("排查412户")

    phone.bind("o-tc", "staff", township="土城镇", name="张三")
    reply = live.wechat.content(live.wechat.text(REPORT, sender="o-tc"))  # through the webhook
    assert reply.startswith("已记录:土城镇 · 三(一)4")
    page.reload()
    expect(main).to_contain_text("已报完成 1/29 个乡镇")
    row = page.locator("table.reports tr", has_text="土城镇")
    for shown in ("已完成", "排查412户、风险对象2户", "张三"):
        expect(row).to_contain_text(shown)
    expect(main).to_contain_text(re.compile(r"未汇报\(28\):"))
    entry = page.locator("ol.history li", has_text="张三")
    expect(entry).to_contain_text("排查412户")
    screenshot(page, "task")


def test_inside_wechat_a_bound_leader_gets_in_through_oauth(open_page, live, fake, phone):
    phone.bind("o-lxf", "leader", person="李晓芬")
    fake.control("oauth-user", openid="o-lxf")
    page = open_page(wechat=True)
    page.goto("/tasks")
    # WeChat's authorize URL ends in #wechat_redirect; the browser keeps the fragment on redirects.
    expect(page).to_have_url(re.compile(rf"^{re.escape(live.url)}/tasks(#wechat_redirect)?$"))
    expect(page.get_by_role("link", name=re.compile(TASK))).to_be_visible()
    expect(page.locator("header")).to_contain_text("李晓芬")
    assert any("/sns/oauth2/access_token" in call["path"] for call in fake.calls())


def test_a_reminders_link_opened_in_wechat_signs_in_and_lands_on_its_task(open_page, live, fake, phone):
    phone.bind("o-lxf", "leader", person="李晓芬")
    fake.control("oauth-user", openid="o-lxf")
    page = open_page(wechat=True)
    page.goto(f"/tasks/{live.task_id('三(一)4')}")  # the link of a reminder template message
    expect(page).to_have_url(re.compile(rf"^{re.escape(live.url)}/tasks/{live.task_id('三(一)4')}(#wechat_redirect)?$"))
    expect(page.locator("h1")).to_contain_text(TASK)
