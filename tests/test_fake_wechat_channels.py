"""The stand-in's subscribe notifications, media uploads and WeCom app (fake_wechat), through
Flask's test client on an injected clock: each refuses what the real API refuses."""
from __future__ import annotations

import io

import pytest

from fake_wechat import create_fake_wechat
from fake_wechat.state import MEDIA_TTL
from tests.clock import ManualClock

APP_ID, SECRET = "wx0000000000000001", "secret-1"
CORP_ID, CORP_SECRET, AGENT_ID = "ww0000000000000001", "corp-secret", 1000002
SUB_TEMPLATE = "SUB-task-due"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
FIELDS = {"thing1": "三(一)4 建立监测机制", "time2": "2020年5月31日 23:59", "phrase3": "即将到期", "thing4": "点击查看"}


@pytest.fixture
def clock():
    return ManualClock(1_600_000_000.0)


@pytest.fixture
def client(clock):
    app = create_fake_wechat({APP_ID: SECRET}, now=clock, subscribe_template_ids=[SUB_TEMPLATE],
                             wecom={CORP_ID: (CORP_SECRET, AGENT_ID)})
    return app.test_client()


def token(client) -> str:
    return client.get("/cgi-bin/token", query_string={"grant_type": "client_credential", "appid": APP_ID,
                                                       "secret": SECRET}).get_json()["access_token"]


def wecom_token(client, secret=CORP_SECRET) -> dict:
    return client.get("/cgi-bin/gettoken", query_string={"corpid": CORP_ID, "corpsecret": secret}).get_json()


def post(client, path, token_, body):
    return client.post(path, query_string={"access_token": token_}, json=body).get_json()


def bizsend(client, openid="o-leader", fields=FIELDS, template_id=SUB_TEMPLATE):
    return post(client, "/cgi-bin/message/subscribe/bizsend", token(client),
                {"touser": openid, "template_id": template_id, "page": "https://mz.example/tasks/1",
                 "data": {k: {"value": v} for k, v in fields.items()}})


def consent(client, openid="o-leader", **answer):
    return client.post("/_fake/subscribe-consent", json={"openid": openid, "template_id": SUB_TEMPLATE, **answer})


# --- 订阅通知 ------------------------------------------------------------------------------------

def test_a_one_time_consent_allows_one_send_and_a_long_term_one_many(client):
    assert bizsend(client)["errcode"] == 43101  # never asked
    consent(client)
    assert bizsend(client)["errcode"] == 0
    assert bizsend(client)["errcode"] == 43101  # used up
    consent(client, long_term=True)
    assert [bizsend(client)["errcode"] for _ in range(3)] == [0, 0, 0]
    consent(client, accept=False)  # withdrawn in the service-notification settings
    assert bizsend(client)["errcode"] == 43101
    sent = client.get("/_fake/messages").get_json()["messages"]
    assert [m["kind"] for m in sent] == ["subscribe"] * 4 and sent[0]["data"] == FIELDS


@pytest.mark.parametrize("key, value", [
    ("thing1", "一" * 21), ("phrase3", "逾期六十天了"), ("phrase3", "due"), ("time2", "2020年5月31日"),
    ("time2", "明天"), ("thing4", ""), ("thing4", "两行\n文字"), ("colour9", "红"),
])
def test_subscribe_fields_follow_their_types(client, key, value):
    consent(client, long_term=True)
    answer = bizsend(client, fields={**FIELDS, key: value})
    assert answer["errcode"] == 47003 and key in answer["errmsg"]


def test_an_unknown_subscribe_template_is_40037(client):
    consent(client, long_term=True)
    assert bizsend(client, template_id="TPL-other")["errcode"] == 40037


# --- media and image messages ----------------------------------------------------------------------

def upload(client, token_, data=PNG, kind="image"):
    return client.post("/cgi-bin/media/upload", query_string={"access_token": token_, "type": kind},
                       data={"media": (io.BytesIO(data), "chart.png")}, content_type="multipart/form-data").get_json()


def test_an_uploaded_png_is_sent_as_an_image_for_three_days(client, clock):
    access = token(client)
    media = upload(client, access)
    assert media["type"] == "image" and media["media_id"]
    body = {"touser": "o-leader", "msgtype": "image", "image": {"media_id": media["media_id"]}}
    assert post(client, "/cgi-bin/message/custom/send", access, body)["errcode"] == 0
    [stored] = client.get("/_fake/media").get_json()["media"]
    assert stored["png"] and stored["bytes"] == len(PNG)
    clock.now += MEDIA_TTL + 1
    access = token(client)
    assert post(client, "/cgi-bin/message/custom/send", access, body)["errcode"] == 40007


@pytest.mark.parametrize("data, kind, expected", [
    (b"GIF89a not ours", "image", 40005), (PNG, "picture", 40004), (b"", "image", 41005),
])
def test_bad_uploads_are_refused(client, data, kind, expected):
    assert upload(client, token(client), data, kind)["errcode"] == expected


# --- WeCom -------------------------------------------------------------------------------------------

def test_wecom_token_is_the_same_until_it_expires_and_each_kind_refuses_the_others(client, clock):
    assert wecom_token(client, "wrong")["errcode"] == 40001
    first = wecom_token(client)
    assert first["errcode"] == 0 and wecom_token(client)["access_token"] == first["access_token"]
    text = {"touser": "lixiaofen", "agentid": AGENT_ID, "msgtype": "text", "text": {"content": "您有1项任务提醒"}}
    assert post(client, "/cgi-bin/message/send", token(client), text)["errcode"] == 40014  # a WeChat token
    assert post(client, "/cgi-bin/message/custom/send", first["access_token"],
                {"touser": "o-x", "msgtype": "text", "text": {"content": "x"}})["errcode"] == 40001
    clock.now += 7200
    assert post(client, "/cgi-bin/message/send", first["access_token"], text)["errcode"] == 42001
    assert wecom_token(client)["access_token"] != first["access_token"]


def test_wecom_messages_reach_members_the_app_may_see(client):
    access = wecom_token(client)["access_token"]
    client.post("/_fake/members", json={"userid": "lixiaofen"})
    client.post("/_fake/members", json={"userid": "hidden", "visible": False})
    card = {"touser": "lixiaofen|stranger", "agentid": AGENT_ID, "msgtype": "textcard",
            "textcard": {"title": "您有3项任务提醒", "description": "【红】三(一)4 " * 60, "url": "https://mz.example/tasks/1"}}
    answer = post(client, "/cgi-bin/message/send", access, card)
    assert answer["errcode"] == 0 and answer["invaliduser"] == "stranger"
    [sent] = client.get("/_fake/messages").get_json()["messages"]
    assert sent["openid"] == "lixiaofen" and len(sent["description"].encode()) <= 512
    for touser, expected in (("hidden", 81013), ("stranger", 81013), ("", 40031)):
        assert post(client, "/cgi-bin/message/send", access, {**card, "touser": touser})["errcode"] == expected
    assert post(client, "/cgi-bin/message/send", access, {**card, "agentid": 1})["errcode"] == 40056
    assert client.get("/cgi-bin/user/get", query_string={"access_token": access, "userid": "hidden"}).get_json()["errcode"] == 60011
    assert client.get("/cgi-bin/user/get", query_string={"access_token": access, "userid": "nobody"}).get_json()["errcode"] == 60111


def test_wecom_authorize_gives_a_code_for_the_member_once(client):
    client.post("/_fake/oauth-user", json={"userid": "lixiaofen"})
    page = client.get("/connect/oauth2/authorize", query_string={
        "appid": CORP_ID, "redirect_uri": "https://mz.example/login/wecom", "response_type": "code",
        "scope": "snsapi_base", "state": "s1", "agentid": AGENT_ID})
    code = page.headers["Location"].split("code=")[1].split("&")[0]
    access = wecom_token(client)["access_token"]
    ask = {"access_token": access, "code": code}
    assert client.get("/cgi-bin/user/getuserinfo", query_string=ask).get_json()["UserId"] == "lixiaofen"
    assert client.get("/cgi-bin/user/getuserinfo", query_string=ask).get_json()["errcode"] == 40029
