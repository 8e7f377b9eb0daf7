"""Reminders on every channel, end to end against the served stand-in: 订阅通知 (consent given
through WeChat's events, used up, withdrawn, quota, field rules), the bureau's WeCom app (text
cards, token expiry, members it cannot reach), the office's preferred channel for a person on
both, a 订阅号 that can push nothing, and a closed way rerouted the other way."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from core import reach
from models import OutboxMessage, Person, SubscribeConsent, Subscriber
from models.db import session_scope
from tests import test_outbox
from tests.test_outbox import BASE_URL, NOW, SH, TEMPLATE_ID, World
from tests.wecom_side import AGENT_ID, CORP_ID, CORP_SECRET, TOKEN as WECOM_TOKEN

SUB_TEMPLATE = "SUB-task-due"
BIZSEND = "/cgi-bin/message/subscribe/bizsend"
WECOM_SEND = "/cgi-bin/message/send"
TUESDAY = datetime(2020, 5, 26, 9, 0, tzinfo=SH)


@pytest.fixture
def world(loaded_db, settings, fake) -> World:
    fake.control("templates", template_id=TEMPLATE_ID)
    fake.control("subscribe-templates", template_id=SUB_TEMPLATE)
    configured = settings.with_overrides(
        wechat_app_id=test_outbox.APP_ID, wechat_app_secret=test_outbox.SECRET, wechat_api_base=fake.api_base,
        wechat_template_id=TEMPLATE_ID, public_base_url=BASE_URL, wechat_subscribe_template_id=SUB_TEMPLATE,
        wecom_corp_id=CORP_ID, wecom_agent_id=AGENT_ID, wecom_secret=CORP_SECRET, wecom_api_base=fake.api_base,
        wecom_token=WECOM_TOKEN,
    )
    return World(loaded_db, configured, fake)


def popup_xml(openid: str, *answers: tuple[str, str], event: str = "subscribe_msg_popup_event",
              container: str = "SubscribeMsgPopupEvent") -> str:
    items = "".join(f"<List><TemplateId><![CDATA[{t}]]></TemplateId><SubscribeStatusString><![CDATA[{s}]]>"
                    f"</SubscribeStatusString><PopupScene>1</PopupScene></List>" for t, s in answers)
    return (f"<xml><ToUserName><![CDATA[gh_minzheng0001]]></ToUserName><FromUserName><![CDATA[{openid}]]>"
            f"</FromUserName><CreateTime>1590368400</CreateTime><MsgType><![CDATA[event]]></MsgType>"
            f"<Event><![CDATA[{event}]]></Event><{container}>{items}</{container}></xml>")


@pytest.fixture
def wechat_for(make_wechat):
    """WeChat calling an app that shares the world's settings (the API base, the templates)."""
    def make(world: World):
        s = world.settings
        return make_wechat(**{k: getattr(s, k) for k in (
            "wechat_app_id", "wechat_app_secret", "wechat_api_base", "wechat_template_id", "public_base_url",
            "wechat_subscribe_template_id", "wechat_subscribe_long_term", "wechat_reminder_channel",
            "wecom_corp_id", "wecom_agent_id", "wecom_secret", "wecom_api_base")})
    return make


def consents(world: World, openid: str) -> list[SubscribeConsent]:
    with session_scope(world.db.sessions) as session:
        return list(session.scalars(select(SubscribeConsent).where(SubscribeConsent.openid == openid)))


def rows_of(world: World, name: str) -> list[OutboxMessage]:
    return [row for person, row in world.rows_with_people() if person == name]


# --- 订阅通知 ----------------------------------------------------------------------------------

def test_a_one_time_consent_from_the_popup_sends_one_notice(world, wechat_for):
    world.settings = world.settings.with_overrides(wechat_reminder_channel="subscribe")
    openid = world.bind("李晓芬")
    wechat = wechat_for(world)
    answer = wechat.send(popup_xml(openid, (SUB_TEMPLATE, "accept"), ("TPL-other", "reject")))
    assert answer.status_code == 200 and answer.get_data() == b"success"
    [ours, other] = sorted(consents(world, openid), key=lambda c: c.template_id != SUB_TEMPLATE)
    assert (ours.status, ours.remaining, ours.long_term, other.status) == ("accept", 1, False, "reject")
    world.fake.control("subscribe-consent", openid=openid, template_id=SUB_TEMPLATE)  # WeChat's side of it

    m = world.milestones()
    world.remind("李晓芬", m[0])
    assert world.dispatch().sent == 1
    [notice] = world.sent()
    assert notice["kind"] == "subscribe" and notice["template_id"] == SUB_TEMPLATE
    assert notice["data"]["time2"] == "2020年6月1日 23:59" and notice["page"].startswith(f"{BASE_URL}/tasks/")
    assert [c.remaining for c in consents(world, openid) if c.template_id == SUB_TEMPLATE] == [0]
    # Used up: the next day's digest is a customer-service text (the 48 hours are open) …
    world.remind("李晓芬", m[1], send_on=TUESDAY.date())
    world.dispatch(TUESDAY)
    assert [r.channel for r in rows_of(world, "李晓芬")] == ["subscribe", "text"]
    # … and without them, nothing can go: said, not guessed.
    with session_scope(world.db.sessions) as session:
        session.scalar(select(Subscriber).where(Subscriber.openid == openid)).last_seen_at = NOW - timedelta(days=5)
    world.remind("李晓芬", m[2], send_on=date(2020, 5, 27))
    world.dispatch(datetime(2020, 5, 27, 9, 0, tzinfo=SH))
    assert rows_of(world, "李晓芬")[-1].last_error == reach.NO_CONSENT_OUT_OF_WINDOW


def test_a_withdrawn_long_term_consent_is_43101_then_the_template_and_admins_hear_once(world, wechat_for):
    world.settings = world.settings.with_overrides(wechat_reminder_channel="auto", wechat_subscribe_long_term=True)
    openid, admin = world.bind("李晓芬"), world.bind("局办公室", "o-admin", role="admin")
    wechat_for(world).send(popup_xml(openid, (SUB_TEMPLATE, "accept")))
    assert [(c.long_term, c.status) for c in consents(world, openid)] == [(True, "accept")]
    world.fake.control("subscribe-consent", openid=openid, template_id=SUB_TEMPLATE, long_term=True)
    m = world.milestones()
    for day, milestone in ((NOW, m[0]), (TUESDAY, m[1])):
        world.remind("李晓芬", milestone, send_on=day.date())
        assert world.dispatch(day).sent == 1
    assert [n["kind"] for n in world.sent(openid)] == ["subscribe", "subscribe"]  # long-term: again and again

    # Withdrawn in WeChat's settings, and the change event never reached us: the send says 43101.
    world.fake.control("subscribe-consent", openid=openid, template_id=SUB_TEMPLATE, accept=False)
    wednesday = datetime(2020, 5, 27, 9, 0, tzinfo=SH)
    world.remind("李晓芬", m[2], send_on=wednesday.date())
    summary = world.dispatch(wednesday)
    assert (summary.rerouted, summary.sent, summary.unreachable) == (1, 2, 0)  # the digest and the alert
    assert world.fake.errcodes(BIZSEND) == [0, 0, 43101]
    assert [n["kind"] for n in world.sent(openid)] == ["subscribe", "subscribe", "template"]
    row = rows_of(world, "李晓芬")[-1]
    assert (row.channel, row.status, row.payload["tried"]) == ("template", "sent", ["subscribe"])
    assert [c.status for c in consents(world, openid)] == ["reject"]
    [alert] = world.sent(admin)
    assert "李晓芬不再接收订阅通知" in alert["content"]
    thursday = datetime(2020, 5, 28, 9, 0, tzinfo=SH)
    world.remind("李晓芬", m[3], send_on=thursday.date())
    assert world.dispatch(thursday).alerts == 0
    assert len(world.fake.calls(BIZSEND)) == 3 and world.sent(openid)[-1]["kind"] == "template"


def test_the_change_event_withdraws_consent_before_any_send(world, wechat_for):
    world.settings = world.settings.with_overrides(wechat_reminder_channel="auto", wechat_subscribe_long_term=True)
    openid = world.bind("李晓芬")
    wechat = wechat_for(world)
    wechat.send(popup_xml(openid, (SUB_TEMPLATE, "accept")))
    wechat.send(popup_xml(openid, (SUB_TEMPLATE, "reject"), event="subscribe_msg_change_event",
                          container="SubscribeMsgChangeEvent"))
    world.remind("李晓芬", world.milestones()[0])
    world.dispatch()
    assert world.fake.calls(BIZSEND) == [] and [n["kind"] for n in world.sent()] == ["template"]


def test_notice_fields_keep_to_the_rules_of_their_types(world):
    """The longest title and the longest phrase of the plan still go: the stand-in answers 47003
    to a thing over 20 characters, a phrase over 5 Chinese characters or a time without a clock."""
    world.settings = world.settings.with_overrides(wechat_reminder_channel="subscribe", wechat_subscribe_long_term=True)
    openid = world.bind("李晓芬")
    with session_scope(world.db.sessions) as session:
        session.add(SubscribeConsent(openid=openid, template_id=SUB_TEMPLATE, status="accept", long_term=True,
                                     remaining=0, updated_at=NOW))
    world.fake.control("subscribe-consent", openid=openid, template_id=SUB_TEMPLATE, long_term=True)
    m = world.milestones()
    for kind, milestone in (("escalated", m[0]), ("checkin", m[1]), ("nudge", m[2]), ("before_1", m[3])):
        world.remind("李晓芬", milestone, kind, due=date(2020, 5, 10))
    world.dispatch()
    assert world.fake.errcodes(BIZSEND) == [0, 0]  # the nudge, then the digest
    for notice in world.sent():
        assert len(notice["data"]["thing1"]) <= 20 and len(notice["data"]["phrase3"]) <= 5


def test_the_notice_quota_holds_back_notices_until_the_next_working_day(world):
    world.settings = world.settings.with_overrides(wechat_reminder_channel="subscribe", wechat_subscribe_long_term=True)
    friday = datetime(2020, 5, 29, 10, 0, tzinfo=SH)
    for name in ("李晓芬", "杨亚威"):
        openid = world.bind(name)
        with session_scope(world.db.sessions) as session:
            session.add(SubscribeConsent(openid=openid, template_id=SUB_TEMPLATE, status="accept", long_term=True,
                                         remaining=0, updated_at=NOW))
        world.fake.control("subscribe-consent", openid=openid, template_id=SUB_TEMPLATE, long_term=True)
        world.remind(name, world.milestones()[0], send_on=friday.date())
    world.fake.control("quota", limit=0, path=BIZSEND)
    summary = world.dispatch(friday)
    assert summary.stopped == ["微信接口今日调用已达上限(45009),6月1日08:30继续发送"]
    assert {(r.status, r.channel) for r in world.rows()} == {("pending", "subscribe")}
    world.fake.control("quota", limit=100, path=BIZSEND)
    assert world.dispatch(datetime(2020, 6, 1, 8, 30, tzinfo=SH)).sent == 2


# --- WeCom ----------------------------------------------------------------------------------------

def test_a_leader_on_wecom_gets_a_text_card_that_opens_the_task(world):
    world.bind("李晓芬", "wecom:lixiaofen")
    m = world.milestones()
    for milestone in m[:3]:
        world.remind("李晓芬", milestone)
    assert world.dispatch().sent == 1
    [card] = world.sent()
    assert (card["kind"], card["msgtype"], card["openid"]) == ("wecom", "textcard", "lixiaofen")
    assert card["title"] == "您有3项任务提醒" and card["url"].startswith(f"{BASE_URL}/tasks/")
    assert len(card["description"].encode()) <= 512 and card["description"].count("<div") == 3


def test_without_a_public_url_wecom_gets_the_digest_as_text(world):
    world.settings = world.settings.with_overrides(public_base_url="")
    world.bind("李晓芬", "wecom:lixiaofen")
    world.remind("李晓芬", world.milestones()[0])
    world.dispatch()
    [text] = world.sent()
    assert text["msgtype"] == "text" and text["content"].startswith("您有1项任务提醒")


@pytest.mark.parametrize("preferred, expected", [(None, "wecom"), ("wechat", "template"), ("wecom", "wecom")])
def test_a_person_on_both_gets_one_digest_on_the_channel_the_office_prefers(world, preferred, expected):
    world.bind("李晓芬")
    world.bind("李晓芬", "wecom:lixiaofen")
    with session_scope(world.db.sessions) as session:
        session.scalar(select(Person).where(Person.name == "李晓芬")).reminder_channel = preferred
    for milestone in world.milestones()[:2]:
        world.remind("李晓芬", milestone)
    world.dispatch()
    assert [m["kind"] for m in world.sent()] == [expected]
    world.remind("李晓芬", world.milestones()[2])  # decided later the same day: tomorrow's digest
    assert world.dispatch(NOW + timedelta(hours=2)).sent == 0 and len(world.sent()) == 1


def test_an_expired_wecom_token_is_fetched_again_once_and_the_message_goes_once(world):
    world.bind("李晓芬", "wecom:lixiaofen")
    world.bind("杨亚威", "wecom:yangyawei")
    world.remind("李晓芬", world.milestones()[0])
    world.dispatch()
    world.fake.control("expire-tokens")
    world.remind("杨亚威", world.milestones()[0])
    assert world.dispatch(NOW + timedelta(minutes=1)).sent == 1
    assert len(world.fake.calls("/cgi-bin/gettoken")) == 2
    assert world.fake.errcodes(WECOM_SEND) == [0, 42001, 0]
    assert sorted(m["openid"] for m in world.sent()) == ["lixiaofen", "yangyawei"]


def test_a_member_wecom_cannot_reach_is_marked_admins_hear_and_the_digest_goes_by_wechat(world):
    openid = world.bind("李晓芬")
    world.bind("李晓芬", "wecom:lixiaofen")
    world.bind("局办公室", "wecom:office", role="admin")
    world.fake.control("members", userid="office")
    world.fake.control("members", userid="lixiaofen", visible=False)  # outside the app's visible range
    world.remind("李晓芬", world.milestones()[0])
    summary = world.dispatch()
    assert world.fake.errcodes(WECOM_SEND)[0] == 81013
    assert (summary.rerouted, summary.alerts) == (1, 1)
    assert [(m["kind"], m["openid"]) for m in world.sent() if m["openid"] != "office"] == [("template", openid)]
    assert world.subscriber("wecom:lixiaofen").unreachable_reason.startswith("企业微信账号无效或不在应用可见范围")
    [alert] = world.sent("office")
    assert alert["msgtype"] == "text" and "李晓芬收不到企业微信提醒" in alert["content"]


def test_a_subscription_account_reminds_by_wecom_and_says_who_it_cannot_reach(world):
    world.settings = world.settings.with_overrides(wechat_account_type="subscription")
    world.bind("李晓芬", "wecom:lixiaofen")
    world.bind("杨亚威")  # on WeChat only: a 订阅号 cannot push to him
    for name in ("李晓芬", "杨亚威", "赵玉林"):
        world.remind(name, world.milestones()[0])
    summary = world.dispatch()
    assert (summary.sent, summary.unreachable) == (1, 2)
    assert [m["kind"] for m in world.sent()] == ["wecom"]
    assert test_outbox.World.row(world, "杨亚威").last_error == reach.SUBSCRIPTION_ACCOUNT
    assert test_outbox.World.row(world, "赵玉林").last_error == reach.NO_BINDING_ANYWHERE
