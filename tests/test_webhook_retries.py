"""WeChat's retries: a message it delivers again (same MsgId; an event: same sender and CreateTime)
is answered with the first answer and handled once, even when the deliveries arrive together."""
from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from channels import wechat_inbound
from tests.wechat_side import USER, message_xml


def test_retried_text_gets_identical_reply(wechat):
    first, again = wechat.text("你好", msg_id=42), wechat.text("你好", msg_id=42)
    assert again.data == first.data


def test_retried_encrypted_text_gets_the_same_answer(wechat):
    first, again = wechat.text("帮助", msg_id=42, encrypted=True), wechat.text("帮助", msg_id=42, encrypted=True)
    assert wechat.reply(again) == wechat.reply(first)


def test_retried_text_is_one_row_delivered_twice(wechat):
    wechat.text("你好", msg_id=42)
    wechat.text("你好", msg_id=42)
    assert [row.deliveries for row in wechat.inbound_rows()] == [2]


def test_retried_wrong_bind_code_counts_once(wechat):
    wechat.text("绑定 WRONGCOD", msg_id=42)
    wechat.text("绑定 WRONGCOD", msg_id=42)
    assert wechat.subscriber().failed_bind_attempts == 1


def test_retried_event_is_one_row(wechat):
    wechat.event("subscribe", create_time=1590368000)
    wechat.event("subscribe", create_time=1590368000)
    assert [row.deliveries for row in wechat.inbound_rows()] == [2]


def test_two_different_messages_are_two_rows(wechat):
    wechat.text("你好", msg_id=42)
    wechat.text("你好", msg_id=43)
    assert len(wechat.inbound_rows()) == 2


def test_two_events_at_different_times_are_two_rows(wechat):
    wechat.event("subscribe", create_time=1590368000)
    wechat.event("unsubscribe", create_time=1590368001)
    assert len(wechat.inbound_rows()) == 2


def test_two_messages_without_msg_id_are_two_rows(wechat):
    """Without a MsgId WeChat's rule falls back to sender and CreateTime: two senders, two rows."""
    wechat.post(message_xml("image", sender="oSenderA", PicUrl="http://mmbiz.qpic.cn/a.jpg"))
    wechat.post(message_xml("image", sender="oSenderB", PicUrl="http://mmbiz.qpic.cn/b.jpg"))
    assert sorted(row.openid for row in wechat.inbound_rows()) == ["oSenderA", "oSenderB"]


def test_concurrent_retries_are_one_delivery_answered_once(wechat, monkeypatch):
    """Three deliveries at once, each on its own client, while the first answer takes 0.5 s."""
    calls = []
    dispatch = wechat_inbound.dispatch

    def slow_dispatch(*args, **kwargs):
        calls.append(threading.get_ident())
        time.sleep(0.5)
        return dispatch(*args, **kwargs)

    monkeypatch.setattr(wechat_inbound, "dispatch", slow_dispatch)
    xml = message_xml(Content="绑定 WRONGCOD", msg_id=4242)
    start = threading.Barrier(3)

    def deliver(client):
        start.wait()
        return wechat.post(xml, client=client)

    with ThreadPoolExecutor(max_workers=3) as pool:
        responses = list(pool.map(deliver, [wechat.app.test_client() for _ in range(3)]))
    rows = wechat.inbound_rows()
    outcome = ([r.status_code for r in responses], len(rows), rows[0].deliveries,
               len({r.data for r in responses}), len(calls), wechat.subscriber(USER).failed_bind_attempts)
    assert outcome == ([200, 200, 200], 1, 3, 1, 1, 1)
