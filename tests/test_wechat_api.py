"""Our WeChat client (channels/wechat_api.py) against the stand-in, served for real on 127.0.0.1."""
from __future__ import annotations

import socket
import threading
import time

import pytest
import requests
from wechatpy.exceptions import APILimitedException, WeChatClientException

from channels.wechat_api import client_from_settings, make_client
from config import Settings
from config.settings import ConfigError
from tests.conftest import FAKE_APP_ID as APP_ID, FAKE_SECRET as SECRET

MENU = {
    "button": [
        {"type": "click", "name": "查政策", "key": "POLICY"},
        {
            "name": "办事",
            "sub_button": [{"type": "view", "name": "办事指南", "url": "https://example.gov.cn/"}],
        },
    ]
}


@pytest.fixture(autouse=True)
def hosts_reached(monkeypatch) -> list[str]:
    """Fails any connection beyond 127.0.0.1 (api.weixin.qq.com in particular)."""
    reached, resolve = [], socket.getaddrinfo

    def only_loopback(host, *args, **kwargs):
        reached.append(host)
        if host != "127.0.0.1":
            raise OSError(f"the test tried to reach {host}")
        return resolve(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", only_loopback)
    return reached


@pytest.fixture
def client(fake):
    return make_client(APP_ID, SECRET, fake.api_base)


def test_token_is_fetched_from_the_configured_base(fake, client, hosts_reached):
    assert client.menu.create(MENU) == {"errcode": 0, "errmsg": "ok"}
    calls = [(c["path"], c["errcode"]) for c in fake.calls()]
    assert calls == [("/cgi-bin/token", 0), ("/cgi-bin/menu/create", 0)]
    assert set(hosts_reached) == {"127.0.0.1"}


def test_api_base_without_trailing_slash(fake):
    make_client(APP_ID, SECRET, fake.api_base.rstrip("/")).menu.create(MENU)
    assert fake.errcodes("/cgi-bin/menu/create") == [0]


def test_api_base_must_be_a_cgi_bin_base(fake):
    with pytest.raises(ValueError, match="/cgi-bin/"):
        make_client(APP_ID, SECRET, fake.url)


def test_official_urls_hard_coded_in_wechatpy_go_to_the_base_too(fake, client):
    with pytest.raises(WeChatClientException):  # the stand-in does not know this API: HTTP 404
        client.customservice.add_account("kf@test", "客服", "pw")
    [call] = fake.calls("/customservice/kfaccount/add")
    assert call["http_status"] == 404 and call["errcode"] == 99999


def test_cached_token_is_reused(fake, client):
    client.menu.create(MENU)
    client.menu.get()
    client.menu.get()
    client.menu.delete()
    assert fake.token_fetches() == 1
    assert len(fake.calls()) == 5


def test_menu_round_trip(client):
    client.menu.create(MENU)
    assert client.menu.get() == {"menu": MENU}
    client.menu.delete()
    assert client.menu.get() is None  # wechatpy turns 46003 "menu no exist" into None


def test_invalid_menu_raises_the_official_errcode(fake, client):
    with pytest.raises(WeChatClientException) as caught:
        client.menu.create({"button": [{"type": "click", "name": "查政策"}]})
    assert caught.value.errcode == 40019 and "button[0]" in caught.value.errmsg
    assert fake.token_fetches() == 1  # a menu error is not a token error


def test_expired_token_is_fetched_again_once_and_the_call_retried(fake, client):
    client.menu.create(MENU)
    fake.control("expire-tokens")
    assert client.menu.get() == {"menu": MENU}
    assert fake.errcodes("/cgi-bin/menu/get") == [42001, 0]
    assert fake.token_fetches() == 2
    client.menu.get()
    assert fake.token_fetches() == 2  # and the new one is kept


def test_token_replaced_by_another_worker_is_fetched_again(fake, client):
    client.menu.create(MENU)
    make_client(APP_ID, SECRET, fake.api_base).menu.get()  # fetches a new token: ours is retired
    fake.clock.offset += 301  # past the real API's 5 minutes of grace
    assert client.menu.get() == {"menu": MENU}
    assert fake.errcodes("/cgi-bin/menu/get") == [0, 40001, 0]
    assert fake.token_fetches() == 3


@pytest.mark.parametrize("errcode", [40001, 40014, 42001])
def test_rejected_token_retries_once_with_the_same_body(fake, client, errcode):
    fake.control("faults", path="/cgi-bin/menu/create", errcode=errcode, times=1)
    assert client.menu.create(MENU) == {"errcode": 0, "errmsg": "ok"}
    calls = fake.calls("/cgi-bin/menu/create")
    assert [c["errcode"] for c in calls] == [errcode, 0]
    assert calls[0]["body"] == calls[1]["body"] == MENU
    assert fake.token_fetches() == 2


def test_server_that_keeps_rejecting_the_token_is_not_hammered(fake, client):
    fake.control("faults", path="/cgi-bin/menu/create", errcode=40001, times=100)
    with pytest.raises(WeChatClientException) as caught:
        client.menu.create(MENU)
    assert caught.value.errcode == 40001
    assert fake.token_fetches() == 2
    assert fake.errcodes("/cgi-bin/menu/create") == [40001, 40001]


def test_other_errors_are_raised_without_retry(fake, client):
    fake.control("faults", path="/cgi-bin/menu/create", errcode=45009)
    with pytest.raises(APILimitedException) as caught:
        client.menu.create(MENU)
    assert caught.value.errcode == 45009
    assert fake.errcodes("/cgi-bin/menu/create") == [45009]
    assert fake.token_fetches() == 1


def test_http_error_raises_with_the_response(fake, client):
    fake.control("faults", path="/cgi-bin/menu/get", http_status=503)
    with pytest.raises(WeChatClientException) as caught:
        client.menu.get()
    assert caught.value.errcode is None and caught.value.response.status_code == 503
    assert fake.errcodes("/cgi-bin/menu/get") == [None]


@pytest.mark.parametrize("path", ["/cgi-bin/token", "/cgi-bin/menu/get"])
def test_slow_answer_times_out_quickly(fake, path):
    client = make_client(APP_ID, SECRET, fake.api_base, timeout=0.2)
    fake.control("faults", path=path, delay=1.5)
    with pytest.raises(requests.Timeout):  # without our timeout the call would wait and succeed
        client.menu.get()


def test_a_slow_call_does_not_hold_up_the_others(fake, client):
    client.menu.create(MENU)
    fake.control("faults", path="/cgi-bin/menu/get", delay=1.0)
    slow = threading.Thread(target=client.menu.get)
    slow.start()
    time.sleep(0.1)  # the slow call is now waiting inside the stand-in
    make_client(APP_ID, SECRET, fake.api_base).menu.delete()
    slow.join()
    assert fake.errcodes("/cgi-bin/menu/get") == [46003]  # it saw the delete made meanwhile


def test_default_timeout_is_five_seconds(fake):
    assert make_client(APP_ID, SECRET, fake.api_base).timeout == 5.0


def test_bad_secret_raises_40125(fake):
    with pytest.raises(WeChatClientException) as caught:
        make_client(APP_ID, "wrong", fake.api_base).menu.get()
    assert (caught.value.errcode, caught.value.errmsg) == (40125, "invalid appsecret")
    assert fake.errcodes("/cgi-bin/token") == [40125]
    assert fake.calls("/cgi-bin/menu/get") == []


def test_client_from_settings(fake):
    settings = Settings(
        wechat_app_id=APP_ID, wechat_app_secret=SECRET, wechat_api_base=fake.api_base
    )
    client_from_settings(settings).menu.create(MENU)
    assert fake.errcodes("/cgi-bin/menu/create") == [0]


def test_client_from_settings_needs_the_account():
    with pytest.raises(ConfigError, match="WECHAT_APP_SECRET"):
        client_from_settings(Settings(wechat_app_id=APP_ID))
