"""The WeChat stand-in (fake_wechat), driven through Flask's test client on an injected clock."""
from __future__ import annotations

import json
import time
from urllib.parse import parse_qs, urlsplit

import pytest

from fake_wechat import create_fake_wechat
from fake_wechat.state import TOKEN_GRACE
from tests.clock import ManualClock

APP_ID, SECRET = "wx0000000000000001", "secret-1"
OTHER_ID, OTHER_SECRET = "wx0000000000000002", "secret-2"
MENU = {"button": [{"type": "click", "name": "查政策", "key": "POLICY"}]}


@pytest.fixture
def clock():
    return ManualClock(1_600_000_000.0)


@pytest.fixture
def client(clock):
    apps = {APP_ID: SECRET, OTHER_ID: OTHER_SECRET}
    return create_fake_wechat(apps, token_ttl=7200, now=clock).test_client()


def token_params(app_id=APP_ID, secret=SECRET) -> dict:
    return {"grant_type": "client_credential", "appid": app_id, "secret": secret}


def fetch_token(client, app_id=APP_ID, secret=SECRET) -> str:
    answer = client.get("/cgi-bin/token", query_string=token_params(app_id, secret))
    return answer.get_json()["access_token"]


def errcode(response) -> int:
    assert response.status_code == 200
    return response.get_json().get("errcode", 0)


def get_menu(client, token):
    return client.get("/cgi-bin/menu/get", query_string={"access_token": token})


def create_menu(client, token, body):
    return client.post("/cgi-bin/menu/create", query_string={"access_token": token}, data=body)


# ---------------------------------------------------------------- access tokens

def test_token_is_issued_random_with_its_ttl(client):
    first = client.get("/cgi-bin/token", query_string=token_params()).get_json()
    second = client.get("/cgi-bin/token", query_string=token_params()).get_json()
    assert first["expires_in"] == 7200 and "errcode" not in first
    assert len(first["access_token"]) >= 64 and first["access_token"] != second["access_token"]


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"grant_type": "password", "appid": APP_ID, "secret": SECRET}, 40002),
        ({"appid": APP_ID, "secret": SECRET}, 40002),
        ({"grant_type": "client_credential", "secret": SECRET}, 41002),
        ({"grant_type": "client_credential", "appid": APP_ID}, 41004),
        ({"grant_type": "client_credential", "appid": "wx-unknown", "secret": SECRET}, 40013),
        ({"grant_type": "client_credential", "appid": APP_ID, "secret": "wrong"}, 40125),
        ({"grant_type": "client_credential", "appid": APP_ID, "secret": OTHER_SECRET}, 40125),
    ],
)
def test_token_errors(client, params, expected):
    answer = client.get("/cgi-bin/token", query_string=params)
    assert errcode(answer) == expected
    assert "access_token" not in answer.get_json()


def test_token_errmsg_is_the_real_apis(client):
    answer = client.get("/cgi-bin/token", query_string=token_params(secret="x"))
    assert answer.get_json() == {"errcode": 40125, "errmsg": "invalid appsecret"}


def test_token_is_required_and_checked(client, clock):
    token = fetch_token(client)
    assert errcode(client.get("/cgi-bin/menu/get")) == 41001
    assert errcode(get_menu(client, "not-a-token")) == 40001
    clock.now += 7199
    assert errcode(get_menu(client, token)) == 46003  # still valid: reaches the menu
    clock.now += 1
    assert errcode(get_menu(client, token)) == 42001


def test_new_token_retires_the_old_one_after_the_grace_period(client, clock):
    old = fetch_token(client)
    clock.now += 60
    new = fetch_token(client)
    clock.now += TOKEN_GRACE - 1
    assert errcode(get_menu(client, old)) == 46003
    clock.now += 1
    assert errcode(get_menu(client, old)) == 40001
    assert errcode(get_menu(client, new)) == 46003
    assert TOKEN_GRACE == 300


def test_another_accounts_new_token_leaves_ours_alone(client, clock):
    ours = fetch_token(client)
    fetch_token(client, OTHER_ID, OTHER_SECRET)
    clock.now += TOKEN_GRACE + 1
    assert errcode(get_menu(client, ours)) == 46003


def test_expire_tokens_control(client):
    token = fetch_token(client)
    assert client.post("/_fake/expire-tokens").get_json() == {"expired": 1}
    assert errcode(get_menu(client, token)) == 42001
    assert errcode(get_menu(client, fetch_token(client))) == 46003


# ---------------------------------------------------------------- menu

def test_menu_create_get_delete(client):
    token = fetch_token(client)
    created = create_menu(client, token, json.dumps(MENU, ensure_ascii=False).encode())
    assert created.get_json() == {"errcode": 0, "errmsg": "ok"}
    assert get_menu(client, token).get_json() == {"menu": MENU}
    assert errcode(client.get("/cgi-bin/menu/delete", query_string={"access_token": token})) == 0
    assert get_menu(client, token).get_json() == {"errcode": 46003, "errmsg": "menu no exist"}


def test_menus_are_per_account(client):
    assert errcode(create_menu(client, fetch_token(client), json.dumps(MENU))) == 0
    assert errcode(get_menu(client, fetch_token(client, OTHER_ID, OTHER_SECRET))) == 46003


@pytest.mark.parametrize(
    "body, expected",
    [
        (b"", 44002),
        (b"{not json", 47001),
        (b"\xff\xfe", 47001),
        (b"[]", 47001),
        (b'{"button": []}', 40016),
        (b'{"button": [{"type": "click", "name": "\xe6\x9f\xa5", "key": ""}]}', 40019),
        (
            b'{"button": [{"name": "x", "sub_button": '
            b'[{"type": "view", "name": "y", "url": "ftp://a"}]}]}',
            40054,
        ),
    ],
)
def test_invalid_menu_is_refused_and_not_stored(client, body, expected):
    token = fetch_token(client)
    assert errcode(create_menu(client, token, body)) == expected
    assert errcode(get_menu(client, token)) == 46003


def test_menu_error_names_the_button(client):
    too_long = '{"button": [{"type": "click", "name": "一二三四五六", "key": "K"}]}'
    body = create_menu(client, fetch_token(client), too_long).get_json()
    assert body["errcode"] == 40018
    assert body["errmsg"].startswith("invalid button name size") and "button[0]" in body["errmsg"]


def test_wrong_method(client):
    token = fetch_token(client)
    assert errcode(client.get(f"/cgi-bin/menu/create?access_token={token}")) == 43002
    assert errcode(client.post(f"/cgi-bin/menu/get?access_token={token}")) == 43001


@pytest.mark.parametrize("path", ["/cgi-bin/nonexistent", "/", "/_fake/nonexistent"])
def test_unknown_path_is_not_ok(client, path):
    answer = client.get(path, query_string={"access_token": fetch_token(client)})
    assert answer.status_code == 404
    assert answer.get_json()["errcode"] == 99999


# ---------------------------------------------------------------- faults

def add_fault(client, **fault):
    answer = client.post("/_fake/faults", json=fault)
    assert answer.status_code == 200, answer.get_json()
    return answer


def test_errcode_fault_for_a_number_of_times(client):
    token = fetch_token(client)
    add_fault(client, path="/cgi-bin/menu/get", errcode=45009, times=2)
    answers = [get_menu(client, token).get_json() for _ in range(3)]
    assert [a.get("errcode") for a in answers] == [45009, 45009, 46003]
    assert answers[0]["errmsg"].startswith("reach max api daily quota limit")


def test_faults_for_a_path_queue_in_order(client):
    token = fetch_token(client)
    add_fault(client, path="/cgi-bin/menu/get", errcode=40001)
    add_fault(client, path="/cgi-bin/menu/get", http_status=503)
    assert errcode(get_menu(client, token)) == 40001
    assert get_menu(client, token).status_code == 503
    assert errcode(get_menu(client, token)) == 46003


def test_http_status_fault(client):
    token = fetch_token(client)
    add_fault(client, path="/cgi-bin/menu/create", http_status=503, times=2)
    assert [create_menu(client, token, b"{}").status_code for _ in range(3)] == [503, 503, 200]


def test_fault_on_the_token_endpoint_comes_before_the_credentials_check(client):
    add_fault(client, path="/cgi-bin/token", errcode=-1)
    answers = [client.get("/cgi-bin/token", query_string=token_params()).json for _ in range(2)]
    assert answers[0] == {"errcode": -1, "errmsg": "system error (injected)"}
    assert "access_token" in answers[1]


def test_delay_fault_waits_then_answers_normally(client):
    add_fault(client, path="/cgi-bin/token", delay=0.3)
    started = time.monotonic()
    token = fetch_token(client)
    assert time.monotonic() - started >= 0.3
    started = time.monotonic()
    assert errcode(get_menu(client, token)) == 46003
    assert time.monotonic() - started < 0.3


@pytest.mark.parametrize(
    "fault",
    [
        {"errcode": 45009},
        {"path": "cgi-bin/menu/get", "errcode": 45009},
        {"path": "/cgi-bin/menu/get"},
        {"path": "/cgi-bin/menu/get", "errcode": 0},
        {"path": "/cgi-bin/menu/get", "http_status": 200},
        {"path": "/cgi-bin/menu/get", "errcode": 45009, "http_status": 503},
        {"path": "/cgi-bin/menu/get", "errcode": "45009"},
        {"path": "/cgi-bin/menu/get", "errcode": 45009, "times": 0},
        {"path": "/cgi-bin/menu/get", "errcode": 45009, "time": 2},
        {"path": "/cgi-bin/menu/get", "delay": -1},
        {"path": "/cgi-bin/menu/get", "delay": True},
    ],
)
def test_bad_fault_is_refused(client, fault):
    answer = client.post("/_fake/faults", json=fault)
    assert answer.status_code == 400 and answer.get_json()["error"]
    assert errcode(get_menu(client, fetch_token(client))) == 46003


# ---------------------------------------------------------------- calls log and reset

def test_calls_log_masks_secrets_and_records_answers(client, clock):
    token = fetch_token(client)
    create_menu(client, token, '{"button": []}')
    create_menu(client, token, b"not json")
    calls = client.get("/_fake/calls").get_json()["calls"]
    assert [(c["method"], c["path"], c["errcode"], c["http_status"]) for c in calls] == [
        ("GET", "/cgi-bin/token", 0, 200),
        ("POST", "/cgi-bin/menu/create", 40016, 200),
        ("POST", "/cgi-bin/menu/create", 47001, 200),
    ]
    assert calls[0]["params"] == {**token_params(), "secret": "***"}
    assert calls[1]["params"] == {"access_token": "***"} and calls[1]["body"] == {"button": []}
    assert calls[2]["body"] == "not json" and calls[0]["body"] is None
    assert calls[0]["at"] == clock.now
    assert token not in str(calls) and SECRET not in str(calls)


def test_calls_log_counts_token_fetches(client):
    token = fetch_token(client)
    for _ in range(3):
        get_menu(client, token)
    add_fault(client, path="/cgi-bin/token", http_status=502)
    client.get("/cgi-bin/token")
    token_calls = client.get("/_fake/calls?path=/cgi-bin/token").get_json()["calls"]
    assert [(c["http_status"], c["errcode"]) for c in token_calls] == [(200, 0), (502, None)]


def test_reset_forgets_everything(client):
    token = fetch_token(client)
    create_menu(client, token, b'{"button": [{"type": "click", "name": "a", "key": "b"}]}')
    add_fault(client, path="/cgi-bin/menu/get", errcode=45009)
    assert client.post("/_fake/reset").get_json() == {"reset": True}
    assert client.get("/_fake/calls").get_json() == {"calls": []}
    assert errcode(get_menu(client, token)) == 40001
    assert errcode(get_menu(client, fetch_token(client))) == 46003  # no menu, no fault


# ---------------------------------------------------------------- messages

TEMPLATE = "TPL-reminder"
DATA = {"thing1": {"value": "三(一)1 低保应保尽保"}, "time2": {"value": "2020年5月31日"}}


def send_template(client, token, openid="o-leader", template_id=TEMPLATE, data=None, **extra):
    body = {"touser": openid, "template_id": template_id, "data": data or DATA, **extra}
    return client.post("/cgi-bin/message/template/send", query_string={"access_token": token}, json=body)


def send_text(client, token, openid="o-leader", content="您有1项任务提醒"):
    body = {"touser": openid, "msgtype": "text", "text": {"content": content}}
    return client.post("/cgi-bin/message/custom/send", query_string={"access_token": token}, json=body)


def messages(client, **params) -> list[dict]:
    return client.get("/_fake/messages", query_string=params).get_json()["messages"]


@pytest.fixture
def templated(client):
    assert client.post("/_fake/templates", json={"template_id": TEMPLATE}).status_code == 200
    return client


def test_template_message_is_accepted_recorded_and_given_a_msgid(templated, clock):
    token = fetch_token(templated)
    answer = send_template(templated, token, url="https://example.gov.cn/tasks/1").get_json()
    assert answer["errcode"] == 0 and answer["msgid"] > 0
    [message] = messages(templated)
    assert message == {"msgid": answer["msgid"], "at": clock.now, "kind": "template", "openid": "o-leader",
                       "template_id": TEMPLATE, "data": {"thing1": "三(一)1 低保应保尽保", "time2": "2020年5月31日"},
                       "url": "https://example.gov.cn/tasks/1"}


def test_template_id_must_be_known(templated):
    assert errcode(send_template(templated, fetch_token(templated), template_id="other")) == 40037
    assert messages(templated) == []


@pytest.mark.parametrize("value", ["一二三四五六七八九十一二三四五六七八九十一", "第一行\n第二行", "回车\r", 20])
def test_template_fields_are_at_most_20_characters_on_one_line(templated, value):
    answer = send_template(templated, fetch_token(templated), data={"thing1": {"value": value}})
    assert errcode(answer) == 47003 and "thing1" in answer.get_json()["errmsg"]
    assert messages(templated) == []


def test_a_20_character_field_is_fine(templated):
    data = {"thing1": {"value": "一二三四五六七八九十一二三四五六七八九十"}}
    assert errcode(send_template(templated, fetch_token(templated), data=data)) == 0


def test_until_followers_are_given_everyone_follows(templated):
    token = fetch_token(templated)
    assert errcode(send_template(templated, token, openid="anyone")) == 0
    assert errcode(send_text(templated, token, openid="anyone")) == 0


def test_only_followers_receive_and_refusers_do_not(templated):
    templated.post("/_fake/followers", json={"openid": "o-follows"})
    templated.post("/_fake/followers", json={"openid": "o-refuses", "refused": True})
    token = fetch_token(templated)
    assert [errcode(send_template(templated, token, openid=o)) for o in ("o-follows", "o-stranger", "o-refuses")] == [
        0, 43004, 43101]
    templated.post("/_fake/unfollow", json={"openid": "o-follows"})
    assert errcode(send_template(templated, token, openid="o-follows")) == 43004
    assert [m["openid"] for m in messages(templated)] == ["o-follows"]


def test_text_reaches_a_follower_only_within_48_hours_of_their_last_message(client, clock):
    client.post("/_fake/followers", json={"openid": "o-recent", "seen_ago": 47 * 3600})
    client.post("/_fake/followers", json={"openid": "o-quiet", "seen_ago": 48 * 3600 + 1})
    client.post("/_fake/followers", json={"openid": "o-never", "seen_ago": None})
    token = fetch_token(client)
    assert [errcode(send_text(client, token, openid=o)) for o in ("o-recent", "o-quiet", "o-never")] == [
        0, 45015, 45015]
    assert messages(client) == [{"msgid": messages(client)[0]["msgid"], "at": clock.now, "kind": "text",
                                 "openid": "o-recent", "content": "您有1项任务提醒"}]
    clock.now += 3600 + 1
    assert errcode(send_text(client, token, openid="o-recent")) == 45015


def test_text_over_2048_bytes_is_refused(client):
    assert errcode(send_text(client, fetch_token(client), content="字" * 683)) == 45002


def test_messages_listing_by_openid(templated):
    token = fetch_token(templated)
    send_template(templated, token, openid="a")
    send_text(templated, token, openid="b")
    assert [m["kind"] for m in messages(templated, openid="b")] == ["text"]
    assert len({m["msgid"] for m in messages(templated)}) == 2


def test_daily_quota_per_api_starts_again_at_midnight_beijing_time(templated, clock):
    clock.now = 1_590_335_999.0  # 2020-05-24 23:59:59 in Beijing
    templated.post("/_fake/quota", json={"path": "/cgi-bin/message/template/send", "limit": 2})
    token = fetch_token(templated)
    assert [errcode(send_template(templated, token)) for _ in range(3)] == [0, 0, 45009]
    assert errcode(get_menu(templated, token)) == 46003  # another API has its own quota
    clock.now += 1  # midnight in Beijing
    assert errcode(send_template(templated, token)) == 0
    assert len(messages(templated)) == 3


def test_quota_for_every_api(client):
    client.post("/_fake/quota", json={"limit": 1})
    token = fetch_token(client)
    assert [errcode(get_menu(client, token)) for _ in range(2)] == [46003, 45009]


def test_faults_apply_to_the_message_apis(templated):
    token = fetch_token(templated)
    add_fault(templated, path="/cgi-bin/message/template/send", errcode=43101)
    add_fault(templated, path="/cgi-bin/message/template/send", http_status=502)
    assert errcode(send_template(templated, token)) == 43101
    assert send_template(templated, token).status_code == 502
    assert errcode(send_template(templated, token)) == 0
    assert len(messages(templated)) == 1


@pytest.mark.parametrize(
    "control, body",
    [
        ("templates", {}),
        ("templates", {"template_id": 7}),
        ("followers", {"openid": "x", "refused": "yes"}),
        ("followers", {"openid": "x", "seen_ago": True}),
        ("unfollow", None),
        ("quota", {"limit": "10"}),
    ],
)
def test_bad_control_is_refused(client, control, body):
    answer = client.post(f"/_fake/{control}", json=body)
    assert answer.status_code == 400 and answer.get_json()["error"]


def test_reset_goes_back_to_the_setup(clock):
    app = create_fake_wechat({APP_ID: SECRET}, now=clock, template_ids=["T0"], followers=["o-1"], quota=5)
    client = app.test_client()
    client.post("/_fake/templates", json={"template_id": "T1"})
    client.post("/_fake/followers", json={"openid": "o-2"})
    token = fetch_token(client)
    assert errcode(send_template(client, token, openid="o-1", template_id="T1")) == 0
    client.post("/_fake/reset")
    token = fetch_token(client)
    assert errcode(send_template(client, token, openid="o-1", template_id="T1")) == 40037
    assert errcode(send_template(client, token, openid="o-2", template_id="T0")) == 43004
    assert errcode(send_template(client, token, openid="o-1", template_id="T0")) == 0
    assert messages(client)[0]["msgid"] == 2_000_000_001


# ---------------------------------------------------------------- web authorisation (OAuth)

REDIRECT = "http://bot.example/login/wechat?from=menu"


def authorize(client, **changes):
    params = {"appid": APP_ID, "redirect_uri": REDIRECT, "response_type": "code", "scope": "snsapi_base",
              "state": "s1", **changes}
    return client.get("/connect/oauth2/authorize", query_string={k: v for k, v in params.items() if v is not None})


def code_for(client, openid="o-leader") -> str:
    client.post("/_fake/oauth-user", json={"openid": openid})
    answer = authorize(client)
    assert answer.status_code == 302
    return parse_qs(urlsplit(answer.location).query)["code"][0]


def exchange(client, code, app_id=APP_ID, secret=SECRET, **changes):
    params = {"appid": app_id, "secret": secret, "code": code, "grant_type": "authorization_code", **changes}
    return client.get("/sns/oauth2/access_token", query_string={k: v for k, v in params.items() if v is not None})


def test_authorize_sends_the_phones_user_back_with_a_code_and_the_state(client):
    client.post("/_fake/oauth-user", json={"openid": "o-leader"})
    answer = authorize(client)
    target = urlsplit(answer.location)
    query = parse_qs(target.query)
    assert answer.status_code == 302 and f"{target.scheme}://{target.netloc}{target.path}" == "http://bot.example/login/wechat"
    assert query["from"] == ["menu"] and query["state"] == ["s1"] and len(query["code"][0]) >= 16


def test_authorize_with_nobody_holding_the_phone_shows_wechats_page(client):
    answer = authorize(client)
    assert answer.status_code == 200 and "请在微信客户端打开链接" in answer.get_data(as_text=True)
    client.post("/_fake/oauth-user", json={"openid": "o-leader"})
    client.post("/_fake/oauth-user", json={"openid": None})
    assert authorize(client).status_code == 200


@pytest.mark.parametrize("changes, expected", [
    ({"appid": "wx-unknown"}, "10003"), ({"appid": None}, "10012"), ({"redirect_uri": None}, "10011"),
    ({"redirect_uri": "javascript:alert(1)"}, "10003"), ({"scope": None}, "10010"),
    ({"scope": "snsapi_login"}, "10005"), ({"response_type": "token"}, "response_type"),
])
def test_authorize_refuses_bad_parameters_with_an_error_page(client, changes, expected):
    client.post("/_fake/oauth-user", json={"openid": "o-leader"})
    answer = authorize(client, **changes)
    assert answer.status_code == 200 and expected in answer.get_data(as_text=True)


def test_a_code_gives_the_openid_once(client):
    code = code_for(client)
    first = exchange(client, code).get_json()
    assert first["openid"] == "o-leader" and first["scope"] == "snsapi_base" and first["expires_in"] == 7200
    assert first["access_token"] and first["refresh_token"] and "errcode" not in first
    assert errcode(exchange(client, code)) == 40163


def test_a_code_lasts_five_minutes_on_the_fakes_clock(client, clock):
    code, later = code_for(client), code_for(client)
    clock.now += 299
    assert errcode(exchange(client, code)) == 0
    clock.now += 1
    assert errcode(exchange(client, later)) == 40029


@pytest.mark.parametrize("changes, expected", [
    ({"secret": "wrong"}, 40125), ({"secret": None}, 41004), ({"app_id": None}, 41002),
    ({"app_id": "wx-unknown"}, 40013), ({"code": None}, 41008), ({"code": "made-up"}, 40029),
    ({"grant_type": "client_credential"}, 40002), ({"app_id": OTHER_ID, "secret": OTHER_SECRET}, 40029),
])
def test_code_exchange_errors(client, changes, expected):
    code = code_for(client)
    assert errcode(exchange(client, **{"code": code, **changes})) == expected
    assert errcode(exchange(client, code)) == 0  # a refused exchange does not spend the code


def test_oauth_calls_are_logged_without_the_secret_and_reset_forgets_the_user(client):
    code = code_for(client)
    exchange(client, code)
    exchange(client, code)
    log = client.get("/_fake/calls").get_json()["calls"]
    assert [(c["path"], c["errcode"]) for c in log] == [
        ("/connect/oauth2/authorize", 0), ("/sns/oauth2/access_token", 0), ("/sns/oauth2/access_token", 40163)]
    assert log[1]["params"]["secret"] == "***"
    client.post("/_fake/reset")
    assert "请在微信客户端打开链接" in authorize(client).get_data(as_text=True)
    assert errcode(exchange(client, code)) == 40029
