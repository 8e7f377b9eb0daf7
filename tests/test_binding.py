"""Binding: one-time codes turn a resident into staff, a leader or an admin — and nothing else does."""
import threading

import pytest
from sqlalchemy import select

from models import InviteCode, Subscriber
from models.db import session_scope
from services.invites import InviteError, MAX_WRONG_CODES


def role_of(phone, openid) -> str:
    with session_scope(phone.db.sessions) as session:
        return session.scalar(select(Subscriber).where(Subscriber.openid == openid)).role


def test_a_staff_code_binds_to_its_township(phone):
    reply = phone.bind("o-staff", "staff", township="土城", name="张三")
    assert "土城镇工作人员张三" in reply
    with session_scope(phone.db.sessions) as session:
        found = session.scalar(select(Subscriber).where(Subscriber.openid == "o-staff"))
        assert (found.role, found.person.name, found.township.name) == ("staff", "张三", "土城镇")


def test_a_leader_code_binds_to_the_person_the_plan_names(phone):
    assert "领导李晓芬" in phone.bind("o-leader", "leader", person="李晓芬")
    assert role_of(phone, "o-leader") == "leader"


def test_codes_are_read_the_way_people_type_them(phone):
    code = phone.invite("staff", township="凤山镇")
    full_width = "".join(chr(ord(ch) + 0xFEE0) for ch in code.lower().replace("-", ""))
    typed = f"绑定码：{full_width}"
    assert phone.say("o-1", typed).startswith("绑定成功")


def test_a_code_binds_once(phone):
    code = phone.invite("staff", township="土城镇")
    assert phone.say("o-1", f"绑定 {code}").startswith("绑定成功")
    assert "已被使用" in phone.say("o-2", f"绑定 {code}")
    assert role_of(phone, "o-2") == "resident"


def test_a_code_expires_after_seven_days(phone):
    code = phone.invite("staff", township="土城镇")
    assert "已过期" in phone.later(days=7, seconds=1).say("o-1", f"绑定 {code}")
    assert role_of(phone, "o-1") == "resident"


def test_a_code_still_works_just_before_expiry(phone):
    code = phone.invite("staff", township="土城镇")
    assert phone.later(days=6, hours=23).say("o-1", f"绑定 {code}").startswith("绑定成功")


def test_only_the_hash_of_a_code_is_stored(phone):
    code = phone.invite("leader", person="李晓芬")
    with session_scope(phone.db.sessions) as session:
        stored = session.scalar(select(InviteCode))
        assert code not in stored.code_hash and code.replace("-", "") not in stored.code_hash
        assert len(stored.code_hash) == 64


def test_a_wrong_code_says_so_and_counts_down(phone):
    first = phone.say("o-1", "绑定 ABCD-2345")
    assert "绑定码不正确" in first and f"还可尝试{MAX_WRONG_CODES - 1}次" in first
    assert f"还可尝试{MAX_WRONG_CODES - 2}次" in phone.say("o-1", "绑定 ABCD-2346")


def test_ten_wrong_codes_lock_binding_for_an_hour_even_for_a_right_code(phone):
    code = phone.invite("staff", township="土城镇")
    replies = [phone.say("o-1", f"绑定 ZZZZ-ZZ{a}{b}") for a, b in zip("2345678923", "2345678923")]
    assert "暂停绑定" in replies[-1] and "暂停绑定" not in replies[-2]
    assert "暂停绑定" in phone.later(minutes=59).say("o-1", f"绑定 {code}")
    assert phone.later(minutes=61).say("o-1", f"绑定 {code}").startswith("绑定成功")


def test_the_lock_is_per_openid(phone):
    for n in range(MAX_WRONG_CODES):
        phone.say("o-guesser", f"绑定 ZZZZ-ZZZ{'23456789AB'[n]}")
    code = phone.invite("staff", township="土城镇")
    assert phone.say("o-other", f"绑定 {code}").startswith("绑定成功")


def test_a_question_about_binding_is_not_a_wrong_code(phone):
    phone.say("o-1", "绑定银行卡怎么办")
    with session_scope(phone.db.sessions) as session:
        assert session.scalar(select(Subscriber).where(Subscriber.openid == "o-1")).failed_bind_attempts == 0


def test_binding_alone_asks_for_the_code_and_takes_it_from_the_next_message(phone, settings):
    code = phone.invite("leader", person="杨亚威")
    assert "请发送绑定码" in phone.say("o-1", "绑定")
    # Another worker (its own engine and sessions) reads the open question from the database.
    from services.bootstrap import open_database

    other = open_database(settings)
    try:
        assert type(phone)(other, settings).later(minutes=2).say("o-1", code).startswith("绑定成功")
    finally:
        other.engine.dispose()


def test_the_question_for_a_code_expires(phone):
    code = phone.invite("leader", person="杨亚威")
    phone.say("o-1", "绑定")
    assert not phone.later(minutes=11).say("o-1", code).startswith("绑定成功")
    assert role_of(phone, "o-1") == "resident"


def test_a_command_leaves_the_question_for_a_code(phone):
    phone.say("o-1", "绑定")
    assert phone.say("o-1", "帮助").startswith("民政助手能为您做这些")


def test_rebinding_names_the_previous_binding(phone):
    phone.bind("o-1", "staff", township="土城镇")
    reply = phone.bind("o-1", "staff", township="凤山镇")
    assert "凤山镇" in reply and "原为土城镇工作人员" in reply


def test_unbinding_by_message_makes_a_resident_again(phone):
    phone.bind("o-1", "leader", person="李晓芬")
    assert "已解除“领导李晓芬”的绑定" in phone.say("o-1", "解除绑定")
    assert role_of(phone, "o-1") == "resident"
    assert "无需解除" in phone.say("o-1", "解除绑定")


@pytest.mark.parametrize("role, options, expected", [
    ("leader", {"person": "王不在"}, "方案中没有责任领导“王不在”"),
    ("staff", {"township": "不存在镇"}, "没有乡镇“不存在镇”"),
    ("staff", {}, "没有乡镇"),
    ("admin", {}, "--name"),
    ("resident", {}, "角色只能是"),
])
def test_invites_that_cannot_be_issued_say_why(phone, role, options, expected):
    with pytest.raises(InviteError, match=expected):
        phone.invite(role, **options)


def test_two_people_typing_one_code_at_once_bind_one(phone):
    code = phone.invite("staff", township="土城镇")
    replies = {}

    def redeem(openid):
        replies[openid] = phone.say(openid, f"绑定 {code}")

    threads = [threading.Thread(target=redeem, args=(f"o-{n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r.startswith("绑定成功") for r in replies.values()) == [False, False, False, True]
    assert sum(role_of(phone, openid) == "staff" for openid in replies) == 1
