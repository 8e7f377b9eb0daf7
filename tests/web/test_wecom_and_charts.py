"""The board from WeCom: signing in with WeCom's page authorisation against the served stand-in
(bound members in, others and replayed codes out, unbinding ends it), and the progress charts
on the board (leaders and the office; not a township's staff, who see only their own row)."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from channels.app import create_app
from core import charts
from models.db import session_scope
from services import subscribers
from tests.web.conftest import Pages
from tests.wecom_side import AGENT_ID, CORP_ID, CORP_SECRET

WECOM_UA = "Mozilla/5.0 (Linux; Android 13) Mobile Safari/537.36 MicroMessenger/8.0 wxwork/4.1.22"
needs_font = pytest.mark.skipif(charts.unavailable() is not None, reason=f"{charts.unavailable()}")


@pytest.fixture
def wecom_pages(phone, settings, fake):
    configured = settings.with_overrides(wecom_corp_id=CORP_ID, wecom_agent_id=AGENT_ID, wecom_secret=CORP_SECRET,
                                         wecom_api_base=fake.api_base, public_base_url="")
    return Pages(create_app(configured, phone.db), phone.db)


def sign_in_on_wecom(client, fake, userid: str | None):
    """Open /login in WeCom's browser with `userid` holding the phone; follow the stand-in back."""
    fake.control("oauth-user", userid=userid)
    start = client.get("/login?next=/tasks/3", headers={"User-Agent": WECOM_UA})
    assert start.status_code == 302 and start.location.startswith("/login/wecom/start")
    page = client.get(start.location)
    assert page.location.startswith(f"{fake.url}/connect/oauth2/authorize?appid={CORP_ID}")
    assert f"agentid={AGENT_ID}" in page.location
    import requests

    back = requests.get(page.location, allow_redirects=False, timeout=5)
    if back.status_code != 302:
        return None
    target = urlsplit(back.headers["Location"])
    return client.get(f"{target.path}?{target.query}")


def test_a_bound_member_signs_in_from_wecom_and_lands_where_they_meant(wecom_pages, phone, fake):
    phone.bind("wecom:lixiaofen", "leader", person="李晓芬")
    client = wecom_pages.client()
    landed = sign_in_on_wecom(client, fake, "lixiaofen")
    assert landed.status_code == 302 and landed.location == "/tasks/3"
    with client.session_transaction() as session:
        assert (session["via"], session["openid"]) == ("wecom", "wecom:lixiaofen")
    assert client.get("/tasks").status_code == 200
    with session_scope(phone.db.sessions) as session:
        subscribers.unbind(session, "wecom:lixiaofen")
    assert client.get("/tasks").status_code == 302  # back to sign in


def test_a_member_not_bound_is_refused(wecom_pages, phone, fake):
    client = wecom_pages.client()
    refused = sign_in_on_wecom(client, fake, "stranger")
    assert refused.status_code == 403 and "企业微信账号尚未绑定" in refused.get_data(as_text=True)
    assert fake.errcodes("/cgi-bin/user/getuserinfo") == [0]


def test_a_callback_without_its_state_is_refused(wecom_pages):
    answer = wecom_pages.client().get("/login/wecom?code=abc&state=forged")
    assert answer.status_code == 403 and "已失效" in answer.get_data(as_text=True)


def test_without_wecom_configured_the_start_says_so(pages):
    answer = pages.client().get("/login/wecom/start")
    assert answer.status_code == 503 and "WECOM_CORP_ID" in answer.get_data(as_text=True)


@needs_font
def test_leaders_see_the_charts_and_staff_do_not(pages):
    leader = pages.as_person(pages.person("李晓芬"))
    mine = leader.get("/tasks").get_data(as_text=True)
    assert 'src="/tasks/chart.png"' in mine
    image = leader.get("/tasks/chart.png")
    assert image.status_code == 200 and image.mimetype == "image/png" and image.data[:4] == b"\x89PNG"
    task = leader.get("/tasks/3").get_data(as_text=True)
    assert 'src="/tasks/3/chart.png"' in task
    assert leader.get("/tasks/3/chart.png").data[:4] == b"\x89PNG"
    assert leader.get("/tasks/99999/chart.png").status_code == 404
    staff = pages.as_person(pages.add_person("张三", "staff", "土城镇"))
    assert staff.get("/tasks/3/chart.png").status_code == 403
    assert "chart.png" not in staff.get("/tasks").get_data(as_text=True)
    assert pages.client().get("/tasks/chart.png").status_code == 302  # nobody signed in


def test_without_a_font_the_pages_leave_the_charts_out(pages, monkeypatch):
    monkeypatch.setattr(charts, "font_file", lambda: None)
    leader = pages.as_person(pages.person("李晓芬"))
    assert "chart.png" not in leader.get("/tasks").get_data(as_text=True)
    missing = leader.get("/tasks/chart.png")
    assert missing.status_code == 404 and "中文字体" in missing.get_data(as_text=True)


def test_the_console_shows_each_persons_reminder_channel(wecom_pages, phone):
    phone.bind("wecom:lixiaofen", "leader", person="李晓芬")
    admin = wecom_pages.as_person(wecom_pages.add_person("局办公室", "admin"))
    people = admin.get("/console/people").get_data(as_text=True)
    row = people.split("<td>李晓芬</td>")[1].split("</tr>")[0]
    assert "<td>企业微信</td>" in row and "提醒渠道:企业微信 1 人;收不到" in people
    assert "提醒渠道:企业微信 1 人" in admin.get("/console").get_data(as_text=True)
