"""The office console's part 1 through Flask's test client: people and bindings, the knowledge base
(checked by asking the bot through the same router as WeChat), the outbox, CSRF and roles."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from models import InviteCode, KnowledgePassage, OutboxMessage, Person, Subscriber
from models.db import session_scope

RESIDENT = "o-resident-0001"
DIBAO = "农村低保标准是多少"


@pytest.fixture
def admin(pages):
    """王办 signed in to the console."""
    return pages.as_person(pages.add_person("王办", "admin"))


def text(response) -> str:
    return response.get_data(as_text=True)


def scalar(pages, query):
    with session_scope(pages.db.sessions) as session:
        return session.scalar(query)


def subscriber(pages, openid: str) -> Subscriber:
    with session_scope(pages.db.sessions) as session:
        found = session.scalar(select(Subscriber).where(Subscriber.openid == openid))
        session.expunge(found)
        return found


def passage_id(pages, key: str) -> int:
    return scalar(pages, select(KnowledgePassage.id).where(KnowledgePassage.key == key))


def followed(pages, client, response):
    assert response.status_code == 302, text(response)
    return client.get(response.headers["Location"])


# --- overview ------------------------------------------------------------------------------------

def test_home_counts_what_needs_attention_and_links_every_section(pages, phone, admin):
    phone.bind("o-staff-0001", "staff", township="土城镇", name="张三")
    phone.invite("staff", township="凤山镇")
    phone.say(RESIDENT, "怎么办理护照")
    page = text(admin.get("/console"))
    assert re.search(r"<b>1</b> 人已绑定<small>未使用的绑定码 1 个", page)
    assert re.search(r"<b>1</b> 个答不了的问题", page)
    passages = scalar(pages, select(func.count()).select_from(KnowledgePassage))
    assert f"<b>{passages}</b> 条知识库条目" in page
    for link in ("/console/people", "/console/knowledge", "/console/unanswered", "/console/outbox?state=dead",
                 "/console/tasks", "/console/import", "/console/export", 'href="/tasks"'):
        assert link in page


# --- people and bindings -------------------------------------------------------------------------

def test_an_invite_issued_on_the_page_binds_by_message_and_is_shown_only_once(pages, phone, admin):
    issued = pages.post(admin, "/console/invites", {"role": "staff", "name": "张三", "township": "土城镇"})
    assert issued.status_code == 200 and issued.headers["Cache-Control"] == "no-store"
    code = re.search(r'<p class="code">([A-Z0-9]{4}-[A-Z0-9]{4})</p>', text(issued)).group(1)
    assert f"在公众号发送“绑定 {code}”" in text(issued) and "2020-06-01 09:00" in text(issued)

    listed = text(admin.get("/console/people"))
    assert "未使用的绑定码(1 个)" in listed and "张三" in listed and code not in listed

    openid = "o-staff-zhangsan-01"
    assert phone.say(openid, f"绑定 {code}").startswith("绑定成功")
    listed = text(admin.get("/console/people"))
    assert "已绑定(1 人)" in listed and "没有未使用的绑定码" in listed
    assert "o-st…n-01" in listed and openid not in listed  # masked as the logs mask it
    assert re.search(r"<td>张三</td>\s*<td>乡镇工作人员</td>\s*<td>土城镇</td>", listed)


def test_an_invite_that_cannot_be_issued_says_why_and_keeps_the_form(pages, admin):
    refused = pages.post(admin, "/console/invites", {"role": "leader", "name": "不存在的人"})
    assert refused.status_code == 400
    assert "方案中没有责任领导“不存在的人”" in text(refused) and 'value="不存在的人"' in text(refused)
    refused = pages.post(admin, "/console/invites", {"role": "admin", "name": ""})
    assert refused.status_code == 400 and "管理员需要写明姓名" in text(refused)
    assert scalar(pages, select(func.count()).select_from(InviteCode)) == 0


def test_a_leader_invite_names_a_leader_of_the_plan(pages, admin):
    leader = scalar(pages, select(Person.name).where(Person.role == "leader").order_by(Person.id))
    issued = pages.post(admin, "/console/invites", {"role": "leader", "name": leader})
    assert f"绑定为:领导 {leader}" in text(issued)


def test_unbinding_asks_first_then_unbinds_and_ends_their_wechat_session(pages, phone, admin):
    openid = "o-admin-liban-0001"
    phone.bind(openid, "admin", name="李办")
    other = pages.as_person(pages.person("李办"), via="wechat", openid=openid)
    assert other.get("/console").status_code == 200
    url = f"/console/subscribers/{subscriber(pages, openid).id}/unbind"

    asked = pages.post(admin, url)
    assert "解除管理员李办" in text(asked) and 'name="confirm" value="yes"' in text(asked)
    assert subscriber(pages, openid).person_id is not None

    done = followed(pages, admin, pages.post(admin, url, {"confirm": "yes"}))
    assert "已解除管理员李办的绑定" in text(done)
    assert subscriber(pages, openid).person_id is None
    assert other.get("/console").status_code == 302  # back to sign in
    assert phone.say(openid, "我的任务").startswith("“我的任务”是")  # a resident again


# --- knowledge base ------------------------------------------------------------------------------

def test_edits_to_a_passage_change_the_next_wechat_answer(pages, phone, admin):
    assert "4800元/年" in phone.say(RESIDENT, DIBAO)
    url = f"/console/knowledge/{passage_id(pages, 'dibao_standard')}"
    form = text(admin.get(url))
    assert "4800元/年" in form and 'value="农村低保标准"' in form

    edited = "2020年起,农村低保标准由4500元/年提高至5000元/年。"
    done = followed(pages, admin, pages.post(admin, url, {"topic": "农村低保标准", "ref": "三(二)1", "section": "",
                                                           "keywords": "低保、标准", "text": edited}))
    assert "已修改“农村低保标准”,下一个提问即生效" in text(done)
    answer = phone.say(RESIDENT, DIBAO)
    assert "5000元/年" in answer and "4800元/年" not in answer


def test_an_invalid_edit_is_shown_inline_and_changes_nothing(pages, phone, admin):
    url = f"/console/knowledge/{passage_id(pages, 'dibao_standard')}"
    refused = pages.post(admin, url, {"topic": "农村低保标准", "ref": "三(二)1", "keywords": "", "text": "  ",
                                      "section": "新的部分"})
    assert refused.status_code == 400
    assert "都不能为空" in text(refused) and 'value="新的部分"' in text(refused)
    assert "4800元/年" in phone.say(RESIDENT, DIBAO)


def test_a_new_passage_answers_a_retired_one_does_not_and_a_restored_one_again(pages, phone, admin):
    question = "婚姻登记在哪里办理"
    before = phone.say(RESIDENT, question)
    form = {"key": "marriage_registration", "topic": "婚姻登记", "ref": "四(二)", "section": "",
            "keywords": "婚姻登记、结婚登记", "text": "婚姻登记请到县民政局婚姻登记处办理,工作日上午办理。"}
    done = followed(pages, admin, pages.post(admin, "/console/knowledge/new", form))
    assert "已新增“婚姻登记”" in text(done)
    assert "没有关于“婚姻”的规定" in before and "婚姻登记处" in phone.say(RESIDENT, question)

    passage = passage_id(pages, "marriage_registration")
    retired = followed(pages, admin, pages.post(admin, f"/console/knowledge/{passage}/retire"))
    assert "已停用“婚姻登记”" in text(retired) and "marriage_registration · 已停用" in text(retired)
    assert "婚姻登记处" not in phone.say(RESIDENT, question)
    assert passage_id(pages, "marriage_registration") == passage  # kept, not deleted

    restored = followed(pages, admin, pages.post(admin, f"/console/knowledge/{passage}/restore"))
    assert "已恢复“婚姻登记”" in text(restored) and "· 已停用" not in text(restored)
    assert "婚姻登记处" in phone.say(RESIDENT, question)


def test_a_duplicate_key_is_refused_with_the_input_kept(pages, admin):
    refused = pages.post(admin, "/console/knowledge/new", {"key": "dibao_standard", "topic": "重复", "ref": "三(二)1",
                                                           "text": "重复的正文"})
    assert refused.status_code == 400
    assert "编号 dibao_standard 已存在" in text(refused) and "重复的正文" in text(refused)


def test_search_finds_passages_by_their_words(admin):
    page = text(admin.get("/console/knowledge?q=公墓"))
    assert "农村公益性公墓" in page and "农村低保标准" not in page


def test_a_synonym_added_on_the_page_is_understood_and_can_be_removed(pages, phone, admin):
    question = "农村兜底金标准是多少"
    assert "4800元/年" not in phone.say(RESIDENT, question)
    done = followed(pages, admin, pages.post(admin, "/console/synonyms", {"term": "低保", "variants": "兜底金、兜底钱"}))
    assert "已设置:兜底金、兜底钱 按“低保”理解" in text(done)
    assert "4800元/年" in phone.say(RESIDENT, question)

    followed(pages, admin, pages.post(admin, "/console/synonyms", {"remove": "兜底金"}))
    assert "4800元/年" not in phone.say(RESIDENT, question)
    refused = followed(pages, admin, pages.post(admin, "/console/synonyms", {"term": "低保", "variants": "低保"}))
    assert "不能相同" in text(refused)


def test_unanswered_lists_what_residents_asked_and_the_bot_could_not_answer(phone, admin):
    phone.say(RESIDENT, "怎么办理护照")
    phone.say("o-resident-0002", "怎么办理护照")
    phone.say(RESIDENT, DIBAO)
    page = text(admin.get("/console/unanswered"))
    assert re.search(r"<td class=\"wrap\">怎么办理护照</td><td>2</td>", page)
    assert DIBAO not in page


# --- the outbox ----------------------------------------------------------------------------------

def add_message(pages, person: str, status: str, openid: str, error: str | None = None) -> int:
    now = pages.app.extensions["clock"].now()
    with session_scope(pages.db.sessions) as session:
        message = OutboxMessage(
            person_id=session.scalar(select(Person.id).where(Person.name == person)), kind="digest",
            openid=openid, channel="text", payload={"text": "【提醒】请按时完成"}, status=status,
            attempts=6 if status == "dead" else 0, next_attempt_at=now - timedelta(hours=1),
            created_at=now - timedelta(hours=2), last_error=error)
        session.add(message)
        session.flush()
        return message.id


def test_a_dead_letter_resent_from_the_page_is_pending_again(pages, phone, admin):
    openid = "o-staff-dead-0001"
    phone.bind(openid, "staff", township="土城镇", name="张三")
    dead = add_message(pages, "张三", "dead", openid, "微信接口 HTTP 503")
    add_message(pages, "张三", "sent", openid)

    listed = text(admin.get("/console/outbox?state=dead"))
    assert "微信接口 HTTP 503" in listed and f"/console/outbox/{dead}/resend" in listed
    assert "已发送" not in re.sub(r"<nav.*?</nav>", "", listed, flags=re.S)  # only the dead letter

    done = followed(pages, admin, pages.post(admin, f"/console/outbox/{dead}/resend", {"state": "dead"}))
    assert f"消息 #{dead} 已重新排队" in text(done)
    with session_scope(pages.db.sessions) as session:
        message = session.get(OutboxMessage, dead)
        assert (message.status, message.attempts, message.last_error) == ("pending", 0, None)
    again = followed(pages, admin, pages.post(admin, f"/console/outbox/{dead}/resend"))
    assert "只有停发(dead)或无法送达(unreachable)的消息可以重发" in text(again)


def test_the_unreachable_are_listed_and_cannot_be_resent_while_still_unreachable(pages, phone, admin):
    pages.add_person("赵四", "staff", "土城镇")  # never bound: nobody to send to
    failed = add_message(pages, "赵四", "unreachable", "", "未绑定微信")
    page = text(admin.get("/console/outbox?state=failed"))
    assert "收不到提醒的人" in page and "赵四" in page and "未绑定微信" in page
    assert "<b>1</b> 条无法送达" in text(admin.get("/console"))
    done = followed(pages, admin, pages.post(admin, f"/console/outbox/{failed}/resend"))
    assert "赵四仍无法送达:未绑定微信" in text(done)
    assert scalar(pages, select(OutboxMessage.status).where(OutboxMessage.id == failed)) == "unreachable"


def test_an_unknown_outbox_state_is_not_found(admin):
    assert admin.get("/console/outbox?state=lost").status_code == 404


# --- forms need the session's token; pages need an admin -----------------------------------------

def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(pages, phone, admin):
    openid = "o-staff-csrf-0001"
    phone.bind(openid, "staff", township="土城镇", name="张三")
    posts = [("/console/invites", {"role": "staff", "township": "土城镇"}),
             (f"/console/subscribers/{subscriber(pages, openid).id}/unbind", {"confirm": "yes"}),
             (f"/console/knowledge/{passage_id(pages, 'dibao_standard')}/retire", {}),
             ("/console/synonyms", {"term": "低保", "variants": "兜底金"})]
    for url, data in posts:
        assert admin.post(url, data=data).status_code == 400
        assert admin.post(url, data={**data, "csrf": "forged"}).status_code == 400
    assert scalar(pages, select(func.count()).select_from(InviteCode)) == 1  # phone.bind's own
    assert subscriber(pages, openid).person_id is not None
    assert "4800元/年" in phone.say(RESIDENT, "农村低保标准是多少")  # not retired
    assert "4800元/年" not in phone.say(RESIDENT, "兜底金标准是多少")


GETS = ["/console", "/console/people", "/console/knowledge", "/console/knowledge/new", "/console/knowledge/1",
        "/console/unanswered", "/console/outbox", "/console/outbox?state=dead"]
POSTS = ["/console/invites", "/console/subscribers/1/unbind", "/console/knowledge/new", "/console/knowledge/1",
         "/console/knowledge/1/retire", "/console/knowledge/1/restore", "/console/synonyms", "/console/outbox/1/resend"]


@pytest.mark.parametrize("role", ["leader", "staff"])
def test_only_admins_see_the_console(pages, role):
    someone = pages.as_person(pages.add_person("路人", role, "土城镇" if role == "staff" else None))
    for url in GETS:
        assert someone.get(url).status_code == 403, url
    for url in POSTS:
        assert pages.post(someone, url, {"confirm": "yes"}).status_code == 403, url


def test_nobody_signed_in_is_sent_to_sign_in(pages):
    response = pages.client().get("/console/people")
    assert response.status_code == 302 and "/login?next=/console/people" in response.headers["Location"]
