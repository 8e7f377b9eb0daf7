"""Signing in to the pages: one-time links, WeChat web authorisation against the served stand-in,
the console password, and what ends a session (expiry, a forged cookie, unbinding, signing out).

Whether somebody is signed in is read off /login: it sends a signed-in viewer on (302) and
shows the sign-in page (200) to anybody else.
"""
from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import select

from channels.app import create_app
from models import ConsoleAccount
from models.db import session_scope
from services import subscribers
from services.web_login import LINK_SALT, LoginError, check_password, issue_link, set_password
from tests.conftest import FAKE_APP_ID, FAKE_SECRET
from tests.web.conftest import Pages

WECHAT_UA = ("Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 "
             "MicroMessenger/8.0.49.2600(0x28003133) NetType/WIFI Language/zh_CN")
PASSWORD = "correct horse battery"


def link(pages, settings, person_id: int, next_path: str | None = None, minutes: int = 30) -> str:
    with session_scope(pages.db.sessions) as session:
        return issue_link(session, settings, person_id, next_path, minutes)


def signed_in(client) -> bool:
    answer = client.get("/login")
    assert answer.status_code in (200, 302)
    return answer.status_code == 302


def session_of(client) -> dict:
    with client.session_transaction() as session:
        return dict(session)


def move_clock(pages, **delta) -> None:
    pages.app.extensions["clock"].fixed_now += timedelta(**delta)


# --- one-time links ---------------------------------------------------------------------------------

def test_a_link_signs_in_once_and_goes_where_it_was_meant_to(pages, settings):
    leader = pages.person("李晓芬")
    path = link(pages, settings, leader, "/tasks/5")
    client = pages.client()
    first = client.get(path)
    assert first.status_code == 302 and first.location == "/tasks/5"
    assert session_of(client)["pid"] == leader and session_of(client)["via"] == "link"
    again = pages.client().get(path)
    assert again.status_code == 410 and "已经用过" in again.get_data(as_text=True)


def test_without_a_page_named_leaders_go_to_their_tasks_and_admins_to_the_console(pages, settings):
    admin = pages.add_person("局办公室", "admin")
    assert pages.client().get(link(pages, settings, pages.person("李晓芬"))).location == "/tasks"
    assert pages.client().get(link(pages, settings, admin)).location == "/console"


def test_an_expired_link_is_refused(pages, settings):
    leader = pages.person("李晓芬")
    earlier = settings.with_overrides(fixed_now=settings.fixed_now - timedelta(minutes=31))
    answer = pages.client().get(link(pages, earlier, leader, minutes=30))
    assert answer.status_code == 410 and "已过期" in answer.get_data(as_text=True)
    recent = settings.with_overrides(fixed_now=settings.fixed_now - timedelta(minutes=29))
    assert pages.client().get(link(pages, recent, leader, minutes=30)).status_code == 302


def test_a_tampered_or_foreign_token_is_refused(pages, settings):
    path = link(pages, settings, pages.person("李晓芬"))
    token = path.rsplit("/", 1)[1]
    tampered = token[:-2] + ("AA" if token[-2:] != "AA" else "BB")
    foreign = URLSafeTimedSerializer("another-key", salt=LINK_SALT).dumps({"n": "whatever"})
    unknown = URLSafeTimedSerializer(settings.secret_key, salt=LINK_SALT).dumps({"n": "no-such-nonce"})
    for bad in (tampered, foreign, unknown):
        client = pages.client()
        answer = client.get(f"/login/link/{bad}")
        assert answer.status_code == 403 and "无效" in answer.get_data(as_text=True)
        assert not signed_in(client)
    assert pages.client().get(path).status_code == 302  # the real one still works


@pytest.mark.parametrize("next_path", ["https://evil.example/", "//evil.example/x", "tasks", "/\\evil.example"])
def test_a_link_never_leads_off_the_site(pages, settings, next_path):
    with pytest.raises(LoginError):
        link(pages, settings, pages.person("李晓芬"), next_path)


def test_after_login_next_is_followed_only_when_it_is_a_local_path(pages, settings):
    client = pages.client()
    client.get(link(pages, settings, pages.person("李晓芬")))
    assert client.get("/login?next=/overdue").location == "/overdue"
    assert client.get("/login?next=https://evil.example/").location == "/tasks"


# --- WeChat web authorisation ----------------------------------------------------------------------

@pytest.fixture
def oauth(pages, settings, fake):
    """The pages with the account configured, its API (and authorize page) the served stand-in."""
    configured = settings.with_overrides(wechat_app_id=FAKE_APP_ID, wechat_app_secret=FAKE_SECRET,
                                         wechat_api_base=fake.api_base)
    return Pages(create_app(configured, pages.db), pages.db)


def open_in_wechat(client, fake, openid: str | None, next_path: str = "/tasks"):
    """Opens /login in WeChat's browser on `openid`'s phone; the stand-in's redirect back to us."""
    fake.control("oauth-user", openid=openid)
    start = client.get("/login", query_string={"next": next_path}, headers={"User-Agent": WECHAT_UA})
    assert start.status_code == 302, start.get_data(as_text=True)
    back = requests.get(start.location, allow_redirects=False, timeout=5)
    assert back.status_code == 302, back.text
    return urlsplit(back.headers["Location"])


def come_back(client, callback, **replaced):
    query = {k: v[0] for k, v in parse_qs(callback.query).items()} | replaced
    return client.get(callback.path, query_string=query)


def test_inside_wechat_login_goes_to_the_authorize_page_of_the_configured_api(oauth, fake):
    answer = oauth.client().get("/login?next=/tasks/3", headers={"User-Agent": WECHAT_UA})
    target = urlsplit(answer.location)
    query = parse_qs(target.query)
    assert f"{target.scheme}://{target.netloc}{target.path}" == f"{fake.url}/connect/oauth2/authorize"
    assert query["appid"] == [FAKE_APP_ID] and query["scope"] == ["snsapi_base"]
    assert query["redirect_uri"] == ["http://localhost/login/wechat"] and query["state"][0]


def test_a_bound_leader_signs_in_through_wechat(oauth, fake, phone):
    phone.bind("o-leader", "leader", person="李晓芬")
    client = oauth.client()
    answer = come_back(client, open_in_wechat(client, fake, "o-leader", "/tasks/7"))
    assert answer.status_code == 302 and answer.location == "/tasks/7"
    session = session_of(client)
    assert (session["via"], session["pid"], session["openid"]) == ("wechat", oauth.person("李晓芬"), "o-leader")
    assert fake.errcodes("/sns/oauth2/access_token") == [0]


def test_an_unbound_openid_and_a_resident_are_refused(oauth, fake, phone):
    phone.say("o-resident", "低保标准是多少")  # writes to the account: a resident, bound to nobody
    for openid in ("o-resident", "o-stranger"):
        client = oauth.client()
        answer = come_back(client, open_in_wechat(client, fake, openid))
        assert answer.status_code == 403 and "绑定 绑定码" in answer.get_data(as_text=True)
        assert not signed_in(client)


def test_a_wrong_or_missing_state_is_refused(oauth, fake, phone):
    phone.bind("o-leader", "leader", person="李晓芬")
    client = oauth.client()
    callback = open_in_wechat(client, fake, "o-leader")
    assert come_back(client, callback, state="forged").status_code == 403
    assert come_back(client, callback).status_code == 403  # the state was spent on the wrong try
    stranger = oauth.client()  # never went to the authorize page: has no state at all
    assert come_back(stranger, callback).status_code == 403
    assert not signed_in(client) and not signed_in(stranger)
    assert fake.calls("/sns/oauth2/access_token") == []  # refused before the code was used


def test_a_reused_code_is_refused_with_a_way_to_try_again(oauth, fake, phone, caplog):
    phone.bind("o-leader", "leader", person="李晓芬")
    first = oauth.client()
    callback = open_in_wechat(first, fake, "o-leader")
    assert come_back(first, callback).status_code == 302
    second = oauth.client()
    fresh = open_in_wechat(second, fake, "o-leader")
    replayed = come_back(second, fresh, code=parse_qs(callback.query)["code"][0])
    page = replayed.get_data(as_text=True)
    assert replayed.status_code == 400 and "重新登录" in page and "wechat=1" in page
    assert fake.errcodes("/sns/oauth2/access_token") == [0, 40163]
    assert "40163" in caplog.text
    assert not signed_in(second)


def test_a_code_older_than_five_minutes_is_refused(oauth, fake, phone):
    phone.bind("o-leader", "leader", person="李晓芬")
    client = oauth.client()
    callback = open_in_wechat(client, fake, "o-leader")
    fake.clock.offset += 301
    assert come_back(client, callback).status_code == 400
    assert fake.errcodes("/sns/oauth2/access_token") == [40029]


def test_unbinding_the_openid_ends_its_wechat_session(oauth, fake, phone):
    phone.bind("o-leader", "leader", person="李晓芬")
    client = oauth.client()
    come_back(client, open_in_wechat(client, fake, "o-leader"))
    assert signed_in(client)
    with session_scope(oauth.db.sessions) as session:
        subscribers.unbind(session, "o-leader")
    assert not signed_in(client)


def test_outside_wechat_login_explains_how_to_get_in(oauth, pages):
    for client in (oauth.client(), pages.client()):
        page = client.get("/login?next=/tasks")
        text = page.get_data(as_text=True)
        assert page.status_code == 200 and "在微信里打开" in text and "一次性登录链接" in text
        assert "/login/password?next=/tasks" in text
    # In WeChat, but the account is not configured: the same page, not a broken redirect.
    assert pages.client().get("/login", headers={"User-Agent": WECHAT_UA}).status_code == 200


def test_wechat_1_forces_the_authorize_page_outside_wechat(oauth, fake):
    answer = oauth.client().get("/login?wechat=1")
    assert answer.status_code == 302 and answer.location.startswith(f"{fake.url}/connect/oauth2/authorize?")


# --- the console password ---------------------------------------------------------------------------

@pytest.fixture
def account(pages, settings):
    with session_scope(pages.db.sessions) as session:
        set_password(session, "办公室", PASSWORD, settings.fixed_now)


def sign_in_with(pages, client, username: str, password: str, **extra):
    client.get("/login/password")  # the form: its CSRF token
    return pages.post(client, "/login/password", {"username": username, "password": password, **extra})


def test_the_right_password_opens_the_console(pages, account):
    client = pages.client()
    answer = sign_in_with(pages, client, "办公室", PASSWORD)
    assert answer.status_code == 302 and answer.location == "/console"
    assert session_of(client)["via"] == "password"
    other = pages.client()
    assert sign_in_with(pages, other, "办公室", PASSWORD, next="/console/outbox").location == "/console/outbox"


@pytest.mark.parametrize("username, password", [("办公室", "wrong password"), ("无此人", PASSWORD)])
def test_a_wrong_password_or_user_gets_the_same_answer(pages, account, username, password):
    client = pages.client()
    answer = sign_in_with(pages, client, username, password)
    assert answer.status_code == 401 and "用户名或密码不对" in answer.get_data(as_text=True)
    assert not signed_in(client)


def test_five_wrong_passwords_lock_the_account_for_fifteen_minutes(pages, account):
    client = pages.client()
    for _ in range(4):
        assert sign_in_with(pages, client, "办公室", "wrong password").status_code == 401
    locked = sign_in_with(pages, client, "办公室", "wrong password")
    assert locked.status_code == 429 and "尝试过多,请15分钟后再试" in locked.get_data(as_text=True)
    assert sign_in_with(pages, client, "办公室", PASSWORD).status_code == 429  # even the right one
    move_clock(pages, minutes=15)
    assert sign_in_with(pages, client, "办公室", PASSWORD).status_code == 302


def test_a_right_password_clears_the_count_of_wrong_ones(pages, account, settings):
    with session_scope(pages.db.sessions) as session:
        for _ in range(4):
            check_password(session, "办公室", "wrong password", settings.fixed_now)
        assert check_password(session, "办公室", PASSWORD, settings.fixed_now).account is not None
        assert session.scalar(select(ConsoleAccount.failed_attempts)) == 0


def test_a_form_post_without_the_csrf_token_is_refused(pages, account):
    client = pages.client()
    client.get("/login/password")
    answer = client.post("/login/password", data={"username": "办公室", "password": PASSWORD})
    assert answer.status_code == 400 and not signed_in(client)


# --- what ends a session --------------------------------------------------------------------------

def test_a_cookie_signed_with_another_key_counts_as_signed_out(pages, settings):
    leader = pages.person("李晓芬")
    elsewhere = Pages(create_app(settings.with_overrides(secret_key="someone-elses-key"), pages.db), pages.db)
    forged = elsewhere.as_person(leader).get_cookie("session").value
    client = pages.client()
    client.set_cookie("session", forged)
    assert not signed_in(client)
    assert signed_in(pages.as_person(leader))  # the same session signed with our key is good


def test_a_session_ends_after_eight_hours(pages):
    client = pages.as_person(pages.person("李晓芬"))
    move_clock(pages, hours=8)
    assert signed_in(client)
    move_clock(pages, seconds=1)
    assert not signed_in(client)


def test_signing_out_ends_the_session_and_does_not_sign_straight_back_in(oauth, fake, phone):
    phone.bind("o-leader", "leader", person="李晓芬")
    client = oauth.client()
    come_back(client, open_in_wechat(client, fake, "o-leader"))
    assert client.post("/logout").status_code == 400  # no CSRF token: still signed in
    assert signed_in(client)
    out = oauth.post(client, "/logout")
    assert out.status_code == 302 and out.location == "/login?out=1"
    page = client.get(out.location, headers={"User-Agent": WECHAT_UA})
    assert page.status_code == 200 and "您已退出登录" in page.get_data(as_text=True)
    assert not signed_in(client)


def test_a_head_request_leaves_the_link_unused(pages, settings):
    path = link(pages, settings, pages.person("李晓芬"))
    assert pages.client().head(path).status_code == 200
    assert pages.client().get(path).status_code == 302


def test_with_the_official_api_the_authorize_page_is_wechats_own():
    from channels.wechat_api import WeChatPageAuth

    official = WeChatPageAuth("wx1", "s", "https://api.weixin.qq.com/cgi-bin/", "https://mz.example.cn/login/wechat", "st")
    assert official.authorize_url == (
        "https://open.weixin.qq.com/connect/oauth2/authorize?appid=wx1&redirect_uri="
        "https%3A%2F%2Fmz.example.cn%2Flogin%2Fwechat&response_type=code&scope=snsapi_base&state=st#wechat_redirect")
    assert official.API_BASE_URL == "https://api.weixin.qq.com/"
    local = WeChatPageAuth("wx1", "s", "http://127.0.0.1:9000/cgi-bin", "http://x/login/wechat")
    assert local.authorize_url.startswith("http://127.0.0.1:9000/connect/oauth2/authorize?appid=wx1&")
    assert local.API_BASE_URL == "http://127.0.0.1:9000/"


def test_wechat_unreachable_is_a_retry_page_and_the_log_keeps_the_secret_out(oauth, fake, phone, caplog):
    phone.bind("o-leader", "leader", person="李晓芬")
    client = oauth.client()
    callback = open_in_wechat(client, fake, "o-leader")
    fake.control("faults", path="/sns/oauth2/access_token", http_status=503)  # its text names the URL
    answer = come_back(client, callback)
    assert answer.status_code == 502 and "暂时连不上微信" in answer.get_data(as_text=True)
    ours = "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("werkzeug"))  # not the stand-in's
    assert "WeChat web authorisation unreachable" in ours
    assert FAKE_SECRET not in ours and "o-leader" not in ours
    assert not signed_in(client)
