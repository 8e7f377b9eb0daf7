"""core.reach and core.subscribe_events: which way a reminder takes, and 订阅通知 events read from
the raw fields, as tables."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from core import reach, subscribe_events
from core.reach import Address, Setup

NOW = datetime(2020, 5, 25, 1, 0, tzinfo=timezone.utc)
RECENT, OLD = NOW - timedelta(hours=1), NOW - timedelta(hours=49)
WECHAT = Address("o-li", last_seen_at=RECENT)
WECHAT_OLD = Address("o-li", last_seen_at=OLD)
CONSENTED = Address("o-li", last_seen_at=OLD, consent=True)
WECOM = Address("wecom:li", last_seen_at=OLD)
TEMPLATE = Setup(template=True)
AUTO = Setup(template=True, subscribe=True, mode="auto", wecom=True)


@pytest.mark.parametrize("addresses, setup, preferred, expected", [
    ([], Setup(), None, ("", "text", reach.NO_BINDING)),
    ([], Setup(wecom=True), None, ("", "wecom", reach.NO_BINDING_ANYWHERE)),
    ([WECHAT], TEMPLATE, None, ("o-li", "template", None)),
    ([WECHAT], Setup(), None, ("o-li", "text", None)),  # no template: text within 48 hours
    ([WECHAT_OLD], Setup(), None, ("o-li", "text", reach.NO_TEMPLATE_OUT_OF_WINDOW)),
    ([Address("o-li", following=False)], TEMPLATE, None, ("o-li", "template", reach.UNFOLLOWED)),
    ([Address("o-li", unreachable_reason="拒收")], TEMPLATE, None, ("o-li", "template", "拒收")),
    ([CONSENTED], AUTO, "wechat", ("o-li", "subscribe", None)),
    ([WECHAT_OLD], AUTO, "wechat", ("o-li", "template", None)),  # auto: no consent, the template
    ([WECHAT_OLD], Setup(subscribe=True, mode="subscribe"), None, ("o-li", "text", reach.NO_CONSENT_OUT_OF_WINDOW)),
    ([CONSENTED], Setup(template=True, subscribe=True, mode="template"), None, ("o-li", "template", None)),
    ([WECHAT, WECOM], AUTO, None, ("wecom:li", "wecom", None)),  # REMINDER_PREFER wecom
    ([WECHAT, WECOM], AUTO, "wechat", ("o-li", "template", None)),
    ([WECHAT, Address("wecom:li", unreachable_reason="81013")], AUTO, None, ("o-li", "template", None)),
    ([WECOM], TEMPLATE, None, ("wecom:li", "wecom", reach.NO_WECOM)),  # WeCom not configured
    ([WECHAT], Setup(subscription_account=True, wecom=True), None, ("o-li", "text", reach.SUBSCRIPTION_ACCOUNT)),
    ([WECHAT, WECOM], Setup(subscription_account=True, wecom=True), "wechat", ("wecom:li", "wecom", None)),
])
def test_the_way_a_reminder_takes(addresses, setup, preferred, expected):
    chosen = reach.reach(addresses, setup, NOW, preferred).chosen
    assert (chosen.openid, chosen.channel, chosen.reason) == expected


def test_a_failed_channel_is_left_out_of_the_next_choice():
    found = reach.reach([CONSENTED, WECOM], AUTO, NOW, "wechat", exclude=frozenset({"subscribe"}))
    assert found.chosen.channel == "template"
    found = reach.reach([CONSENTED, WECOM], AUTO, NOW, "wechat", exclude=frozenset({"subscribe", "template"}))
    assert found.chosen.channel == "wecom"


@pytest.mark.parametrize("kind, addresses, expected", [
    ("chart", [WECOM], ("wecom", None)),
    ("chart", [WECHAT], ("image", None)),
    ("chart", [WECHAT_OLD], ("image", reach.NO_PICTURE)),
    ("alert", [WECHAT], ("text", None)),
    ("alert", [WECHAT, WECOM], ("wecom", None)),
    ("digest", [WECHAT], ("template", None)),
])
def test_charts_and_alerts_never_go_as_templates(kind, addresses, expected):
    route = reach.for_kind(kind, reach.reach(addresses, Setup(template=True, wecom=True), NOW, "wechat"), NOW)
    assert (route.channel, route.reason) == expected


def item(template_id="T1", status="accept", **more):
    return {"TemplateId": template_id, "SubscribeStatusString": status, "PopupScene": "1", **more}


@pytest.mark.parametrize("event, fields, expected", [
    ("subscribe_msg_popup_event", {"SubscribeMsgPopupEvent": {"List": item()}}, [("T1", "accept")]),
    ("subscribe_msg_popup_event", {"SubscribeMsgPopupEvent": {"List": [item(), item("T2", "reject")]}},
     [("T1", "accept"), ("T2", "reject")]),
    ("subscribe_msg_change_event", {"SubscribeMsgChangeEvent": {"List": item(status="REJECT")}}, [("T1", "reject")]),
    ("subscribe_msg_popup_event", {"SubscribeMsgPopupEvent": {"List": item(status="maybe")}}, []),
    ("subscribe_msg_popup_event", {"SubscribeMsgPopupEvent": "garbage"}, []),
    ("subscribe_msg_popup_event", {"SubscribeMsgPopupEvent": {"List": [None, 3, {"TemplateId": ["x"]}]}}, []),
    ("subscribe_msg_popup_event", {}, []),
    ("subscribe_msg_change_event", {"SubscribeMsgPopupEvent": {"List": item()}}, []),  # the wrong container
])
def test_consent_events_read_from_raw_fields(event, fields, expected):
    assert [(a.template_id, a.status) for a in subscribe_events.answers(event, fields)] == expected


def test_a_send_event_gives_each_notices_result():
    fields = {"SubscribeMsgSentEvent": {"List": {"TemplateId": "T1", "MsgID": "1700827132819554304",
                                                 "ErrorCode": "43101", "ErrorStatus": "failed:user block"}}}
    [answer] = subscribe_events.answers("subscribe_msg_sent_event", fields)
    assert (answer.msg_id, answer.error_code, answer.status) == (1700827132819554304, 43101, "failed:user block")
