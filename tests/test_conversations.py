"""The router and handlers, by role: what each kind of user gets for what they send."""
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import select

from core.menu import validate_menu
from core.reply_text import MORE_HINT, utf8_len
from handlers import menu, router, state
from handlers.messages import Inbound
from models import ConversationState, InboundMessage, Person, Subscriber, Task, TaskLeader
from models.db import session_scope


def test_help_says_what_a_resident_can_do(phone):
    reply = phone.say("o-1", "帮助")
    assert "提问低保" in reply and "绑定 绑定码" in reply and "我的任务" not in reply


@pytest.mark.parametrize("role, options, offers, hides", [
    ("staff", {"township": "土城镇"}, "本乡任务", "我的任务"),
    ("leader", {"person": "李晓芬"}, "我的任务", "本乡任务"),
    ("admin", {"name": "王五"}, "我的任务", "本乡任务"),
])
def test_help_lists_the_commands_of_the_users_role(phone, role, options, offers, hides):
    phone.bind("o-1", role, **options)
    reply = phone.say("o-1", "菜单")
    assert offers in reply and hides not in reply and "解除绑定" in reply


@pytest.mark.parametrize("text", ["帮助", "帮助。", " 帮助 ", "HELP", "？"])
def test_help_is_found_however_it_is_typed(phone, text):
    assert phone.say("o-1", text).startswith("民政助手能为您做这些")


def test_a_resident_is_told_what_staff_commands_are_and_how_to_bind(phone):
    reply = phone.say("o-1", "本乡任务")
    assert "乡镇工作人员使用的功能" in reply and "绑定" in reply


def test_a_resident_asking_for_leader_tasks_is_refused_with_a_reason(phone):
    assert "局领导、管理员使用的功能" in phone.say("o-1", "我的任务")


def test_staff_cannot_use_leader_commands(phone):
    phone.bind("o-1", "staff", township="土城镇")
    assert phone.say("o-1", "我的任务") == "“我的任务”仅供局领导、管理员使用。回复“帮助”查看您可用的功能。"


def test_refusals_are_recorded_as_such(phone):
    phone.say("o-1", "我的任务")
    with session_scope(phone.db.sessions) as session:
        assert session.scalar(select(InboundMessage.route)) == "refused"


def test_a_leader_sees_exactly_their_own_tasks(phone):
    phone.bind("o-1", "leader", person="赵玉林")
    reply = phone.say("o-1", "我的任务")
    with session_scope(phone.db.sessions) as session:
        refs = [t.ref for t in session.scalars(
            select(Task).join(TaskLeader).join(Person).where(Person.name == "赵玉林", Task.active))]
    assert refs and f"共{len(refs)}项" in reply
    assert all(ref in reply for ref in refs)
    assert "三(一)1 " not in reply  # 李晓芬's and 杨亚威's, not 赵玉林's


def test_a_leader_sees_the_next_milestone_from_today(phone):
    phone.bind("o-1", "leader", person="杨亚威")
    reply = phone.say("o-1", "我的任务")
    # 2020-05-25: 三(一)7-1 has 3月31日 behind it and 6月20日 ahead.
    assert "三(一)7-1" in reply and "下一节点:6月20日 完成统计汇总工作(还有26天)" in reply


def test_township_staff_see_what_their_township_owes(phone):
    phone.bind("o-1", "staff", township="土城镇")
    reply = phone.say("o-1", "本乡任务")
    assert reply.startswith("土城镇承担的2020年任务")
    assert "三(一)7-2" not in reply  # 办公室's task, no township office named


def test_the_bureau_office_sees_every_task(phone):
    phone.bind("o-1", "admin", name="王五")
    with session_scope(phone.db.sessions) as session:
        count = len(session.scalars(select(Task.id).where(Task.active)).all())
    assert f"全部任务(共{count}项)" in phone.say("o-1", "我的任务")


def test_free_text_from_a_resident_gets_an_honest_referral(phone):
    reply = phone.say("o-1", "我家的低保批了没有")
    assert reply.startswith("这个问题我暂时答不了") and "乡镇(开发区)民政办" in reply


def test_free_text_from_staff_gets_their_help(phone):
    phone.bind("o-1", "staff", township="土城镇")
    assert "本乡任务" in phone.say("o-1", "今天天气不错")


@pytest.mark.parametrize("kind, expected", [
    ("image", "图片"), ("location", "位置"), ("link", "链接"), ("video", "视频"), ("shortvideo", "小视频"),
    ("miniprogrampage", "这类消息"),
])
def test_messages_we_cannot_read_get_a_useful_text(phone, kind, expected):
    reply = phone.send(Inbound(openid="o-1", kind=kind))
    assert f"收到您发来的{expected}" in reply and "文字和语音" in reply


def test_voice_is_answered_as_the_text_heard_and_shows_it(phone):
    reply = phone.send(Inbound(openid="o-1", kind="voice", text="帮助。"))
    assert reply.startswith("识别为:帮助。\n\n民政助手能为您做这些")


def test_voice_nobody_understood_asks_to_repeat(phone):
    assert "没能听清" in phone.send(Inbound(openid="o-1", kind="voice", text=""))


def test_subscribe_welcomes_by_role_and_unsubscribe_keeps_the_binding(phone):
    phone.bind("o-1", "leader", person="李晓芬")
    assert phone.send(Inbound(openid="o-1", kind="event", event="unsubscribe")) is None
    with session_scope(phone.db.sessions) as session:
        gone = session.scalar(select(Subscriber).where(Subscriber.openid == "o-1"))
        assert (gone.subscribed, gone.role) == (False, "leader") and gone.unsubscribed_at is not None
    welcome = phone.send(Inbound(openid="o-1", kind="event", event="subscribe"))
    assert welcome.startswith("您好,欢迎关注民政助手") and "我的任务" in welcome
    with session_scope(phone.db.sessions) as session:
        assert session.scalar(select(Subscriber.subscribed).where(Subscriber.openid == "o-1")) is True


def test_menu_clicks_take_the_route_of_the_command_they_stand_for(phone):
    phone.bind("o-1", "staff", township="土城镇")
    reply = phone.send(Inbound(openid="o-1", kind="event", event="click", event_key="TOWNSHIP_TASKS"))
    assert reply.startswith("土城镇承担的")
    unknown = phone.send(Inbound(openid="o-1", kind="event", event="click", event_key="NO_SUCH_KEY"))
    assert unknown.startswith("民政助手能为您做这些")


def test_events_nobody_asked_about_get_no_reply(phone):
    assert phone.send(Inbound(openid="o-1", kind="event", event="view", event_key="https://x")) is None
    assert phone.send(Inbound(openid="o-1", kind="event", event="location")) is None


def test_the_menu_is_valid_for_wechat_and_every_key_routes_somewhere():
    body = menu.menu_json()
    assert validate_menu(body) == []
    keys = [b["key"] for top in body["button"] for b in top.get("sub_button", [top])]
    assert len(keys) == len(set(keys)) and all(menu.command_for(k) for k in keys)


def test_a_long_answer_is_paged_with_more(phone, monkeypatch):
    long_text = "".join(f"第{n}条:低保标准按年发放,每月足额到户。" for n in range(300))
    monkeypatch.setattr(router, "ROUTES", tuple(
        replace(r, handler=lambda msg, ctx: long_text) if r.name == "help" else r for r in router.ROUTES))
    pages = [phone.say("o-1", "帮助")]
    while pages[-1].endswith(MORE_HINT):
        pages.append(phone.say("o-1", "更多"))
    assert len(pages) > 2 and all(utf8_len(p) <= 2048 for p in pages)
    assert "".join(p.removesuffix(MORE_HINT) for p in pages) == long_text
    assert phone.say("o-1", "更多").startswith("没有更多内容了")


def test_more_without_a_long_answer_says_there_is_nothing_more(phone):
    assert phone.say("o-1", "更多").startswith("没有更多内容了")


def test_a_new_answer_replaces_the_pages_of_the_old_one(phone):
    with session_scope(phone.db.sessions) as session:
        state.save(session, "o-1", state.PAGING, now=phone.settings.fixed_now,
                   ttl=timedelta(hours=1), data={"pages": ["旧的下一页"]})
    phone.say("o-1", "帮助")
    with session_scope(phone.db.sessions) as session:
        assert session.scalar(select(ConversationState)) is None
