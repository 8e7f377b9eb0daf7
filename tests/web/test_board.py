"""The task board as leaders, staff and the office see it, on the 2020 plan at 2020-05-25 09:00.

Reports are sent as WeChat messages through the same router (`phone`), then the pages are read.
"""
from __future__ import annotations

import html
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from channels.app import create_app
from handlers.messages import Inbound
from models import Milestone, Subscriber, Task, Township
from models.db import session_scope
from services import assignments, board, standing, task_edits

REPORT = "土城镇低保对象三保障排查完毕，共排查412户，发现风险对象2户已反馈住建局"
RANK = {"red": 0, "yellow": 1, "green": 2, "done": 3}


def text_of(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def task_rows(page: bytes) -> list[tuple[str, str, str]]:
    """(ref, light colour, the row's text) for each task listed, in order."""
    found = re.findall(r'<li><a href="/tasks/\d+"><span class="light (\w+)">.*?</span> <b>([^<]+)</b>(.*?)</li>',
                       page.decode(), re.S)
    return [(ref, colour, text_of(rest)) for colour, ref, rest in found]


def row(page: bytes, ref: str) -> tuple[str, str]:
    return next((colour, text) for r, colour, text in task_rows(page) if r == ref)


def task_id(pages, ref: str) -> int:
    with session_scope(pages.db.sessions) as session:
        return next(t.id for t in session.scalars(select(Task).where(Task.active)) if t.ref == ref)


def township_id(pages, name: str) -> int:
    with session_scope(pages.db.sessions) as session:
        return session.scalars(select(Township.id).where(Township.name == name)).one()


def bound_person(pages, openid: str) -> int:
    with session_scope(pages.db.sessions) as session:
        return session.scalars(select(Subscriber.person_id).where(Subscriber.openid == openid)).one()


def section(page: bytes, heading: str) -> str:
    """The text from an <h2> heading to the next one."""
    body = page.decode()
    start = body.index(f"<h2>{heading}")
    end = body.find("<h2>", start + 4)
    return text_of(body[start:end if end > 0 else None])


@pytest.fixture
def staff(phone, pages):
    """土城镇's staff member 张三, signed in through WeChat."""
    phone.bind("o-tc", "staff", township="土城镇", name="张三")
    return pages.as_person(bound_person(pages, "o-tc"), via="wechat", openid="o-tc")


@pytest.fixture
def leader(pages):
    return pages.as_person(pages.person("李晓芬"))


# --- 我的任务 ---------------------------------------------------------------------------------------

def test_a_leaders_tasks_are_exactly_theirs_most_urgent_first(pages, leader):
    page = leader.get("/tasks")
    assert page.status_code == 200
    with session_scope(pages.db.sessions) as session:
        plan = assignments.current_plan(session)
        theirs = {t.ref for t in assignments.tasks_of_leader(session, plan, pages.person("李晓芬"))}
    rows = task_rows(page.data)
    assert {ref for ref, _, _ in rows} == theirs and len(rows) == len(theirs)
    assert "您负责的2020年任务(共10项)" in page.data.decode()
    colours = [colour for _, colour, _ in rows]
    assert colours == sorted(colours, key=RANK.get) and colours[0] == "red"
    assert rows[0][0] == "三(二)2" and "2月29日 下拨储备金 · 逾期86天" in rows[0][2]  # the longest overdue
    colour, text = row(page.data, "三(一)2")
    assert colour == "red" and "3月31日 与扶贫办数据核对 · 逾期55天" in text and "5月31日 审批完成 · 还剩6天" in text
    assert row(page.data, "三(一)1") == ("yellow", row(page.data, "三(一)1")[1])
    assert "5月31日 · 还剩6天" in row(page.data, "三(一)1")[1] and "已完成 0/29" in row(page.data, "三(一)1")[1]
    assert row(page.data, "三(一)3-1")[0] == "green"
    assert "🔴逾期" in page.data.decode() and "🟢正常" in page.data.decode()  # colour never alone


@pytest.mark.parametrize("day, expected", [
    ((5, 31), ("yellow", "5月31日 · 今天到期")),
    ((7, 1), ("red", "5月31日 · 逾期31天")),
])
def test_the_apps_clock_decides_the_days(pages, phone, settings, day, expected):
    moment = datetime(2020, *day, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    client = create_app(settings.with_overrides(fixed_now=moment), phone.db).test_client()
    with client.session_transaction() as session:
        session.update(via="link", at=moment.timestamp(), pid=pages.person("李晓芬"), csrf="t")
    colour, text = row(client.get("/tasks").data, "三(一)1")
    assert colour == expected[0] and expected[1] in text


def test_a_report_counts_in_the_completion_of_its_task(phone, pages, staff, leader):
    phone.say("o-tc", REPORT)
    assert "已完成 1/29" in row(leader.get("/tasks").data, "三(一)4")[1]


def test_staff_see_what_their_township_owes_lit_by_their_own_report(phone, pages, staff):
    phone.say("o-tc", REPORT)
    page = staff.get("/tasks")
    with session_scope(pages.db.sessions) as session:
        plan = assignments.current_plan(session)
        owed = {t.ref for t in assignments.tasks_of_township(session, plan, township_id(pages, "土城镇"))}
    assert {ref for ref, _, _ in task_rows(page.data)} == owed
    assert "土城镇承担的2020年任务" in page.data.decode()
    colour, text = row(page.data, "三(一)4")
    assert colour == "yellow"  # its 3月31日 step is settled by its own report; a leader sees red
    assert "本乡:已完成(5月25日) · 全县已完成 1/29" in text and "5月31日 将风险对象核实反馈 · 还剩6天" in text
    assert "本乡:未汇报" in row(page.data, "三(一)2")[1]


def test_the_office_sees_the_whole_plan_and_the_console_link(pages):
    admin = pages.as_person(pages.add_person("局办公室", "admin"))
    page = admin.get("/tasks")
    with session_scope(pages.db.sessions) as session:
        everything = {t.ref for t in assignments.all_tasks(session, assignments.current_plan(session))}
    assert {ref for ref, _, _ in task_rows(page.data)} == everything
    assert "2020年方案全部任务" in page.data.decode() and '<a href="/console">后台</a>' in page.data.decode()
    leader_page = pages.as_person(pages.person("李晓芬")).get("/tasks").data.decode()
    assert "后台" not in leader_page and 'href="/overdue"' in leader_page


# --- one task -------------------------------------------------------------------------------------

def test_a_task_page_shows_measures_milestones_and_a_report_just_sent(phone, pages, staff, leader):
    phone.say("o-tc", REPORT)
    image = Inbound(openid="o-tc", kind="image", fields={"MediaId": "m-1", "PicUrl": "http://pic/1.jpg"})
    phone.later(minutes=5).send(image)
    page = leader.get(f"/tasks/{task_id(pages, '三(一)4')}")
    body = text_of(page.data.decode())
    assert page.status_code == 200
    assert "三(一)4 建立非贫低保、特困对象防致贫监测机制" in body and "李晓芬、杨亚威" in body
    assert "一是各乡镇、开发区民政办排查" in body and "四是坚持动态监测" in body
    milestones = section(page.data, "时间节点")
    assert "未完成 · 3月31日 排查完成,建立台账" in milestones and "6月30日 每季度" in milestones
    table = re.search(r"<tr><td><a href=\"/townships/\d+\">土城镇</a></td>(.*?)</tr>", page.data.decode()).group(1)
    assert text_of(table) == "已完成排查412户、风险对象2户5月25日张三"
    assert '<img src="http://pic/1.jpg" alt="佐证图片" loading="lazy"' in table
    chart = section(page.data, "各乡镇完成情况")
    assert chart.index("土城镇1/2") < chart.index("大阁镇0/2")  # the most done first
    assert "已报完成 1/29 个乡镇" in chart
    assert "未汇报(28):" in body and "大阁镇" in body and "合计:排查412户、风险对象2户" in body
    history = section(page.data, "历史记录")
    assert "土城镇 · 已完成 当前" in history and "5月25日 09:00 · 张三" in history and f"原文:{REPORT}" in history


def test_the_history_keeps_withdrawn_and_superseded_reports_and_changes_by_hand(phone, pages, staff, leader):
    phone.say("o-tc", "三保障排查正在进行 已排查200户")
    phone.later(hours=2).say("o-tc", REPORT)
    phone.later(hours=3).say("o-tc", "撤回")
    task = task_id(pages, "三(一)4")
    with session_scope(pages.db.sessions) as session:
        first, second = session.scalars(select(Milestone).where(Milestone.task_id == task)
                                        .order_by(Milestone.position)).all()[:2]
        at = phone.settings.fixed_now + timedelta(hours=4)
        task_edits.mark_done(session, first, actor="办公室", person_id=None, reason="已电话核实", now=at)
        task_edits.fix_deadline(session, second, date(2020, 6, 15), actor="办公室", person_id=None, reason="延期",
                                now=at + timedelta(minutes=1))
    page = leader.get(f"/tasks/{task}")
    history = section(page.data, "历史记录")
    fixed, done_by_hand = history.index("设定时限"), history.index("标记完成")
    withdrawn = history.index("土城镇 · 已完成 已撤回(5月25日 12:00)")
    current = history.index("土城镇 · 进行中 当前")
    assert fixed < done_by_hand < withdrawn < current  # newest first
    assert "5月25日 13:00 · 办公室" in history and "节点:3月31日 排查完成,建立台账" in history
    assert "原因:已电话核实" in history and "时限:5月31日 → 6月15日" in history
    milestones = section(page.data, "时间节点")
    assert "已完成 · 3月31日 排查完成,建立台账" in milestones
    assert "未完成 · 6月15日 将风险对象核实反馈 (办公室设定)" in milestones
    table = re.search(r"<tr><td><a href=\"/townships/\d+\">土城镇</a></td>(.*?)</tr>", page.data.decode()).group(1)
    assert text_of(table).startswith("进行中排查200户")  # the withdrawn report no longer counts

    phone.later(hours=5).say("o-tc", REPORT)
    history = section(leader.get(f"/tasks/{task}").data, "历史记录")
    assert "土城镇 · 进行中 已被替代" in history and "土城镇 · 已完成 当前" in history


def test_staff_see_only_their_own_townships_part_of_a_task(phone, pages, staff):
    phone.bind("o-dg", "staff", township="大阁镇", name="李四")
    phone.say("o-dg", "大阁镇三保障排查完毕，共排查987户")
    page = staff.get(f"/tasks/{task_id(pages, '三(一)4')}")
    body = text_of(page.data.decode())
    assert page.status_code == 200
    assert "本乡镇还没有汇报" in body and "全县已报完成 1/29 个乡镇" in body
    assert "大阁镇" not in body and "987" not in body and "李四" not in body
    assert "还没有汇报或改动" in section(page.data, "历史记录")
    assert "时间节点(按土城镇的汇报)" in body
    phone.say("o-tc", REPORT)
    body = text_of(staff.get(f"/tasks/{task_id(pages, '三(一)4')}").data.decode())
    assert "土城镇 · 已完成" in body and "已完成 · 3月31日 排查完成,建立台账" in body and "987" not in body


def test_staff_are_refused_a_task_their_township_does_not_owe(pages, staff):
    page = staff.get(f"/tasks/{task_id(pages, '三(一)7-2')}")  # 办公室's own work: no township office
    assert page.status_code == 403 and "这项任务不需要土城镇汇报" in page.data.decode()


def test_an_unknown_or_retired_task_is_not_found(pages, leader):
    assert leader.get("/tasks/999999").status_code == 404
    retired = task_id(pages, "三(一)1")
    with session_scope(pages.db.sessions) as session:
        session.get(Task, retired).active = False
    page = leader.get(f"/tasks/{retired}")
    assert page.status_code == 404 and "找不到页面" in page.data.decode() and "没有这项任务" in page.data.decode()
    assert leader.get("/townships/999999").status_code == 404


# --- 逾期 ---------------------------------------------------------------------------------------

def overdue_groups(page: bytes) -> dict[str, str]:
    found = re.findall(r'<section class="card">\s*<h2><a href="/tasks/\d+"><b>([^<]+)</b>(.*?)</section>',
                       page.decode(), re.S)
    return {ref: text_of(rest) for ref, rest in found}


def test_overdue_lists_every_late_milestone_of_the_plan_with_who_has_not_reported(phone, pages, staff, leader):
    phone.say("o-tc", REPORT)
    page = leader.get("/overdue")
    groups = overdue_groups(page.data)
    assert "2020年方案全部任务逾期事项" in page.data.decode()
    assert list(groups)[0] == "三(二)2" and "2月29日 下拨储备金 · 逾期86天" in groups["三(二)2"]
    assert "3月31日 排查完成,建立台账 · 逾期55天" in groups["三(一)4"]
    assert "未报完成28个,已报完成:土城镇" in groups["三(一)4"] and "29个乡镇都未报完成" in groups["三(二)2"]
    assert "三(二)5" not in groups  # due 12月31日
    zhao = pages.as_person(pages.person("赵玉林")).get("/overdue")  # leads only 三(一)7-2, not late
    assert overdue_groups(zhao.data) == groups  # leaders watch the whole plan here

    own = overdue_groups(staff.get("/overdue").data)
    assert "三(一)4" not in own and "三(一)2" in own  # what 土城镇 itself still owes
    assert "未报完成" not in "".join(own.values())


# --- 乡镇 ---------------------------------------------------------------------------------------

def test_the_townships_with_what_they_owe_and_one_township(phone, pages, staff, leader):
    phone.say("o-tc", REPORT)
    page = leader.get("/townships").data.decode()
    here = township_id(pages, "土城镇")
    rows = {name: [int(n) for n in re.findall(r"<td[^>]*>(\d+)项</td>", cells)]
            for name, cells in re.findall(r'<tr><td><a href="/townships/\d+">([^<]+)</a></td>(.*?)</tr>', page)}
    assert len(rows) == 29
    with session_scope(pages.db.sessions) as session:
        owed = len(assignments.tasks_of_township(session, assignments.current_plan(session), here))
    owes, overdue, reported = rows["土城镇"]
    assert (owes, reported) == (owed, 1) and rows["大阁镇"] == [owed, overdue + 1, 0]  # 三(一)4 is late there

    one = leader.get(f"/townships/{here}")
    assert one.status_code == 200 and "土城镇承担的2020年任务" in one.data.decode()
    assert {ref for ref, _, _ in task_rows(one.data)} == {ref for ref, _, _ in task_rows(staff.get("/tasks").data)}
    assert "本乡:已完成(5月25日)" in row(one.data, "三(一)4")[1]


def test_staff_go_to_their_own_township_and_no_other(pages, staff):
    here, other = township_id(pages, "土城镇"), township_id(pages, "大阁镇")
    page = staff.get("/townships")
    assert page.status_code == 302 and page.headers["Location"].endswith(f"/townships/{here}")
    assert staff.get(f"/townships/{here}").status_code == 200
    refused = staff.get(f"/townships/{other}")
    assert refused.status_code == 403 and "只能查看本乡镇" in refused.data.decode()


def test_pages_read_well_on_a_phone(pages, leader):
    """One stylesheet, no script, nothing fetched from elsewhere; and how big the pages are."""
    for url in ("/tasks", f"/tasks/{task_id(pages, '三(一)4')}", "/overdue", "/townships"):
        body = leader.get(url).data.decode()
        assert "<script" not in body and body.count('rel="stylesheet"') == 1
        assert not re.search(r'(?:src|href)="(?:https?:)?//', body)
        assert 'name="viewport" content="width=device-width, initial-scale=1"' in body
    css = leader.get("/assets/board.css")
    assert css.status_code == 200 and b"@import" not in css.data and b"url(" not in css.data


def test_a_person_without_a_township_cannot_be_staff_here(pages):
    drifting = pages.add_person("无乡镇", "staff")
    page = pages.as_person(drifting).get("/tasks")
    assert page.status_code == 403 and "没有对应的乡镇" in page.data.decode()


@pytest.mark.parametrize("still_owing, expected", [
    (0, "各乡镇均已报完成"),
    (2, "未报完成2个:新丰路街道、大阁镇"),
    (27, "未报完成27个,已报完成:南关蒙古族乡、开发区"),
    (29, "29个乡镇都未报完成"),
])
def test_who_still_owes_a_late_step_is_said_the_short_way(pages, still_owing, expected):
    with session_scope(pages.db.sessions) as session:
        task = session.get(Task, task_id(pages, "三(一)4"))
        owing = assignments.owing_townships(task)
        item = standing.DueItem(task, task.milestones[0], None, owing[:still_owing])
        assert board.pending_text(item) == expected
