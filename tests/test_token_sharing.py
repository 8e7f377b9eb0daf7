"""The access token shared through the database by every process (channels.wechat_api.DatabaseTokens)."""
from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select
from wechatpy.exceptions import WeChatClientException

from channels.wechat_api import REFRESH_MARGIN, DatabaseTokens, make_client
from models import AccessToken
from models.db import session_scope
from tests.conftest import FAKE_APP_ID as APP_ID, FAKE_SECRET as SECRET


def shared_client(fake, db, **kw):
    """A client as one process would have it: its own HTTP session, the common database."""
    return make_client(APP_ID, SECRET, fake.api_base, tokens=DatabaseTokens(db.sessions), **kw)


def stored(db) -> AccessToken | None:
    with session_scope(db.sessions) as session:
        return session.scalar(select(AccessToken))


def test_the_token_is_fetched_once_and_stored_for_everyone(fake, db):
    shared_client(fake, db).menu.get()
    row = stored(db)
    assert row.app_id == APP_ID and row.expires_at - row.fetched_at == timedelta(seconds=7200)
    shared_client(fake, db).menu.get()  # another process
    assert fake.token_fetches() == 1
    assert fake.errcodes("/cgi-bin/menu/get") == [46003, 46003]


def test_processes_starting_together_fetch_one_token(fake, db):
    clients = [shared_client(fake, db) for _ in range(8)]
    start = threading.Barrier(len(clients))
    errors = []

    def call(client):
        start.wait()
        try:
            client.menu.get()
        except Exception as exc:  # reported below, not lost in the thread
            errors.append(exc)

    threads = [threading.Thread(target=call, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert fake.token_fetches() == 1
    assert fake.errcodes("/cgi-bin/menu/get") == [46003] * 8


def test_a_token_about_to_expire_is_renewed_before_it_does(fake, db):
    client = shared_client(fake, db)
    client.menu.get()
    first = stored(db).token
    with session_scope(db.sessions) as session:
        session.get(AccessToken, APP_ID).expires_at = datetime.now(timezone.utc) + REFRESH_MARGIN - timedelta(seconds=1)
    client.menu.get()
    assert fake.token_fetches() == 2 and stored(db).token != first
    assert fake.errcodes("/cgi-bin/menu/get") == [46003, 46003]  # never sent the old one again


def test_a_token_another_process_renewed_is_taken_not_fetched(fake, db):
    mine, theirs = shared_client(fake, db), shared_client(fake, db)
    mine.menu.get()
    fake.control("expire-tokens")
    theirs.menu.get()  # 42001, renews for everyone
    assert fake.token_fetches() == 2
    mine.menu.get()
    assert fake.token_fetches() == 2
    assert fake.errcodes("/cgi-bin/menu/get") == [46003, 42001, 46003, 46003]


def test_a_stale_token_held_in_a_call_is_replaced_by_the_stored_one(fake, db):
    """A process that used a token someone else already replaced takes the new one from the store."""
    client = shared_client(fake, db)
    client.menu.get()
    old = stored(db).token
    fake.control("expire-tokens")
    other = make_client(APP_ID, SECRET, fake.api_base)  # fetches a new token outside the store
    other.menu.get()
    with session_scope(db.sessions) as session:
        session.get(AccessToken, APP_ID).token = other.access_token  # as if a sibling had stored it
    assert client.tokens.renew(APP_ID, lambda: pytest.fail("fetched"), stale=old) == other.access_token


@pytest.mark.parametrize("errcode", [40001, 42001])
def test_a_server_that_keeps_rejecting_costs_two_fetches_per_call(fake, db, errcode):
    client = shared_client(fake, db)
    fake.control("faults", path="/cgi-bin/menu/get", errcode=errcode, times=100)
    fetches = []
    for _ in range(2):
        with pytest.raises(WeChatClientException) as caught:
            client.menu.get()
        assert caught.value.errcode == errcode
        fetches.append(fake.token_fetches())
    assert fetches == [2, 3]  # the first token and one renewal; then one renewal per call
    assert fake.errcodes("/cgi-bin/menu/get") == [errcode] * 4


def test_a_failed_fetch_stores_nothing(fake, db):
    fake.control("faults", path="/cgi-bin/token", http_status=503)
    with pytest.raises(WeChatClientException):
        shared_client(fake, db).menu.get()
    assert stored(db) is None
    shared_client(fake, db).menu.get()
    assert fake.token_fetches() == 2 and stored(db) is not None


def test_the_token_fetch_has_a_timeout(fake, db):
    import requests

    fake.control("faults", path="/cgi-bin/token", delay=1.5)
    with pytest.raises(requests.Timeout):
        shared_client(fake, db, timeout=0.2).menu.get()
    assert stored(db) is None
