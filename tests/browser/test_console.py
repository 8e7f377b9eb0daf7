"""The bureau office's console on a phone: sign in with the password, issue an invite that a
new staff member binds with, fix a deadline, resend a dead letter."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from bot import cli
from models import OutboxMessage
from models.db import session_scope
from services import reminders
from services.outbox import FIRST_BACKOFF, MAX_ATTEMPTS, dispatch

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

PASSWORD = "minzheng-office-2020"
TEMPLATE_ID, TEMPLATE_PATH = "TPL-reminder", "/cgi-bin/message/template/send"
CODE = re.compile(r"[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}")


@pytest.fixture
def admin(page, live, database_url, monkeypatch):
    """The page, signed in to the console with the password `bot.py admin-password` set."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("BOT_NOW", live.settings.fixed_now.isoformat())
    result = CliRunner().invoke(cli, ["admin-password", "--password-stdin"], input=f"{PASSWORD}\n",
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    page.goto("/console")
    page.get_by_role("link", name="办公室账号登录").click()
    page.get_by_label("用户名").fill("办公室")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("登录")).click()
    expect(page).to_have_url(f"{live.url}/console")
    return page


def dead_letter(live, fake, phone) -> int:
    """李晓芬's reminder digest, refused with HTTP 503 until the dispatcher gives up on it."""
    fake.control("templates", template_id=TEMPLATE_ID)
    settings = live.settings.with_overrides(wechat_template_id=TEMPLATE_ID)
    phone.bind("o-lxf", "leader", person="李晓芬")
    with session_scope(live.db.sessions) as session:
        reminders.decide(session, settings.fixed_now, settings)
    fake.control("faults", path=TEMPLATE_PATH, http_status=503, times=MAX_ATTEMPTS)
    now = settings.fixed_now
    for attempt in range(MAX_ATTEMPTS):
        summary = dispatch(live.db, settings, now)
        now += FIRST_BACKOFF * 2 ** attempt
    assert summary.dead == 1
    with session_scope(live.db.sessions) as session:
        return session.scalars(select(OutboxMessage.id).where(OutboxMessage.status == "dead")).one()


def outbox_status(live, message_id: int) -> str:
    with session_scope(live.db.sessions) as session:
        return session.get(OutboxMessage, message_id).status


def test_an_invite_issued_in_the_console_binds_a_new_staff_member(admin, live, phone, screenshot):
    page = admin
    page.goto("/console/people")
    expect(page.locator("main")).not_to_contain_text("王小明")
    form = page.locator("form", has=page.get_by_role("button", name="生成绑定码"))
    form.get_by_label("角色").select_option("staff")
    form.get_by_label("乡镇").select_option(label="土城镇")
    form.get_by_label("姓名").fill("王小明")
    form.get_by_role("button", name="生成绑定码").click()
    code = CODE.search(page.locator("main").inner_text()).group(0)

    assert phone.say("o-wxm", f"绑定 {code}").startswith("绑定成功")
    page.goto("/console/people")
    expect(page.locator("main")).to_contain_text("王小明")
    expect(page.locator("tr", has_text="王小明")).to_contain_text("土城镇")
    screenshot(page, "people")


def test_a_deadline_the_plan_left_open_is_fixed_with_a_date(admin, live):
    page = admin
    task = live.task_id("三(一)5")
    page.goto("/console/tasks")
    page.get_by_role("link", name=re.compile("开展问题整改质量提升行动")).click()
    expect(page).to_have_url(f"{live.url}/console/tasks/{task}")
    expect(page.locator("main")).to_contain_text("还没有手工修改。")
    # “待国家考核问题反馈后立即着手进行整改”: no date until the feedback arrives.
    card = page.locator("section.milestone", has_text="国家考核问题反馈后")
    card.get_by_label("设定完成日期").fill("2020-07-15")
    card.get_by_label("原因").fill("国家考核问题已反馈")
    card.get_by_role("button", name="保存日期").click()
    expect(page.locator("main")).to_contain_text("完成时限已改为 2020-07-15。")
    entry = page.locator("main li", has_text="办公室")
    for shown in ("2020-05-25 09:00", "无日期 → 2020-07-15", "原因:国家考核问题已反馈"):
        expect(entry).to_contain_text(shown)

    page.get_by_role("link", name="在看板上查看各乡镇进度").click()
    expect(page.locator("ul.milestones")).to_contain_text(re.compile(r"7月15日.*\(办公室设定\)"))


def test_a_dead_letter_is_resent_from_the_outbox(admin, live, fake, phone, screenshot):
    page = admin
    message_id = dead_letter(live, fake, phone)
    page.reload()
    stopped = page.locator("a", has_text="条多次失败已停发")
    expect(stopped.locator("b")).to_have_text("1")
    screenshot(page, "home")
    stopped.click()
    expect(page).to_have_url(f"{live.url}/console/outbox?state=dead")
    row = page.locator("tbody", has_text="李晓芬")  # a message: its row and its reason's
    expect(row).to_contain_text("HTTP 503")
    screenshot(page, "outbox")
    row.get_by_role("button", name=re.compile("重发|重新发送")).click()
    expect(page.locator("main")).to_contain_text("已重新排队")
    assert outbox_status(live, message_id) == "pending"
    assert dispatch(live.db, live.settings.with_overrides(wechat_template_id=TEMPLATE_ID),
                    live.settings.fixed_now + timedelta(hours=1)).sent == 1
