"""The WeChat stand-in (fake_wechat), driven through Flask's test client on an injected clock."""
from __future__ import annotations

import json
import time

import pytest

from fake_wechat import create_fake_wechat
from fake_wechat.state import TOKEN_GRACE

APP_ID, SECRET = "wx0000000000000001", "secret-1"
OTHER_ID, OTHER_SECRET = "wx0000000000000002", "secret-2"
MENU = {"button": [{"type": "click", "name": "查政策", "key": "POLICY"}]}


class Clock:
    def __init__(self):
        self.now = 1_600_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return Clock()


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
