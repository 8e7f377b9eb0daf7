"""What leaders and staff see from their phones: 我的任务, 本乡任务, 逾期, 本周到期, 进度, 催办.

The clock is 2020-05-25 09:00: 3月31日 and 4月30日 steps are behind, 5月31日 ones six days ahead.
Progress is written as rows here; how staff report it is the reporting tests' subject.
"""
from datetime import timedelta

import pytest
from sqlalchemy import select

from core.reply_text import MORE_HINT, utf8_len
from handlers import leader
from models import InboundMessage, Person, ProgressReport, Reminder, Task, Township
from models.db import session_scope


def add_report(db, now, ref, township, status, *figures, hours=0, withdrawn=False, reporter=None):
    """A progress report as if `township` had sent it `hours` after a day before `now`."""
    at = now - timedelta(days=1) + timedelta(hours=hours)
    with session_scope(db.sessions) as session:
        task = next(t for t in session.scalars(select(Task).where(Task.active)) if t.ref == ref)
        place = session.scalar(select(Township).where(Township.name == township))
        person = reporter and Person(name=reporter, role="staff", county=place.county, township=place)
        session.add(ProgressReport(
            task_id=task.id, township=place, reporter=person, status=status, raw_text=f"{township}{ref}{status}",
            figures=[{"label": label, "value": value, "unit": unit} for label, value, unit in figures],
            parse={"task": ref}, created_at=at, withdrawn_at=at if withdrawn else None))


def report(phone, *args, **options):
    add_report(phone.db, phone.settings.fixed_now, *args, **options)


def mark_done(phone, ref, *dues):
    with session_scope(phone.db.sessions) as session:
        task = next(t for t in session.scalars(select(Task).where(Task.active)) if t.ref == ref)
        for milestone in task.milestones:
            if milestone.due is not None and milestone.due.isoformat() in dues:
                milestone.done_at = phone.settings.fixed_now


def refs_in_order(reply, refs):
    return sorted(refs, key=reply.index)


# --- 我的任务 / 本乡任务 ----------------------------------------------------------------------

def test_my_tasks_shows_lights_most_urgent_first(phone):
    phone.bind("o-1", "leader", person="杨亚威")
    reply = phone.say("o-1", "我的任务")
    assert reply.startswith("您负责的2020年任务(共")
    lines = reply.splitlines()
    assert lines[1].startswith("🔴 三(一)2 ")  # 3月31日 late by 55 days; the plan's order among equals
    assert "三(一)7-1" in reply and "逾期55天:3月31日 下发通知;下一节点:6月20日 完成统计汇总工作(还有26天)" in reply
    assert next(line for line in lines if "三(一)1 " in line).startswith("🟡")  # 5月31日, six days off
    assert next(line for line in lines if "三(三)1" in line).startswith("🟢")
    # red, then yellow, then green
    assert refs_in_order(reply, ["三(三)1", "三(一)1 ", "三(一)7-1"]) == ["三(一)7-1", "三(一)1 ", "三(三)1"]


def test_a_done_milestone_turns_the_light(phone):
    phone.bind("o-1", "leader", person="李晓芬")
    mark_done(phone, "三(一)4", "2020-03-31", "2020-05-31")
    line = next(line for line in phone.say("o-1", "我的任务").splitlines() if "三(一)4" in line)
    assert line.startswith("🟢")
    mark_done(phone, "三(二)1", "2020-03-31")
    reply = phone.say("o-1", "我的任务")
    assert "✅ 三(二)1" in reply and reply.rstrip().endswith("全部节点已完成")  # done tasks come last


def test_the_whole_plan_for_admins_pages_with_more(phone):
    phone.bind("o-1", "admin", name="王五")
    with session_scope(phone.db.sessions) as session:
        refs = [t.ref for t in session.scalars(select(Task).where(Task.active))]
    pages = [phone.say("o-1", "我的任务")]
    while pages[-1].endswith(MORE_HINT):
        pages.append(phone.say("o-1", "更多"))
    text = "\n".join(pages)
    assert f"2020年方案全部任务(共{len(refs)}项):🔴" in pages[0]
    assert all(f"{ref} " in text for ref in refs) and all(utf8_len(p) <= 2048 for p in pages)


def test_township_staff_see_their_own_reported_status(phone):
    phone.bind("s-1", "staff", township="土城镇")
    # Through the reporting route: done counts towards 3月31日, so 5月31日 is still owed.
    assert phone.say("s-1", "土城镇三保障排查完毕,共排查412户,发现风险对象2户已反馈住建局").startswith("已记录")
    report(phone, "三(二)1", "土城镇", "done")  # its only step, 3月31日
    report(phone, "三(一)1", "凤山镇", "done")  # another township's report is not theirs
    first = phone.say("s-1", "本乡任务")
    assert first.endswith("回复“更多”查看下一部分")  # 14 tasks fill more than one screen
    reply = first.rsplit("\n", 1)[0] + "\n" + phone.say("s-1", "更多")
    lines = reply.splitlines()
    assert lines[0].startswith("土城镇承担的2020年任务(共14项):")  # 13 for its 民政办, and 三(二)5 as a site
    assert "三(一)7-2" not in reply and "三(二)5" in reply  # 办公室's own task; its own care home
    after = lines[lines.index(next(line for line in lines if "三(一)4" in line)) + 1]
    assert next(line for line in lines if "三(一)4" in line).startswith("🟡")
    assert after == "  下一节点:5月31日 将风险对象核实反馈(还有6天) · 本乡:已完成(5月25日,排查412户,风险对象2户)"
    assert lines[-2].startswith("✅ 三(二)1") and lines[-1].endswith("本乡:已完成(5月24日)")
    assert next(line for line in lines if "三(一)1 " in line).startswith("🟡")
    late = phone.say("s-1", "逾期")
    assert "三(二)1" not in late and "三(一)4" not in late and "三(一)3-2" in late
    assert "本乡:已完成(5月25日,排查412户,风险对象2户)" in phone.say("s-1", "进度 三(一)4")


# --- 逾期 / 本周到期 ---------------------------------------------------------------------------

def test_overdue_lists_late_milestones_across_the_leaders_tasks(phone):
    phone.bind("o-1", "leader", person="李晓芬")
    report(phone, "三(二)2", "土城镇", "done")
    reply = phone.say("o-1", "逾期")
    lines = reply.splitlines()
    assert lines[0].startswith("您负责的2020年任务逾期事项(共")
    assert lines[1].startswith("🔴 三(二)2") and lines[2] == "  2月29日 下拨储备金(已逾期86天) · 未报完成28个乡镇"
    assert "4月30日 完成整改回头看工作(已逾期25天)" in reply
    assert "5月31日" not in reply  # not late yet


def test_a_leader_with_nothing_late_is_told_so(phone):
    phone.bind("o-1", "leader", person="赵玉林")  # 三(一)7-2 only: 贯穿全年
    assert phone.say("o-1", "逾期") == "您负责的2020年任务没有逾期的时间节点。"


def test_due_this_week_lists_the_next_seven_days(phone):
    phone.bind("o-1", "leader", person="李晓芬")
    reply = phone.say("o-1", "本周到期")
    assert reply.startswith("您负责的2020年任务7天内(至6月1日)到期(共3项):")
    assert "5月31日 审批完成(还有6天)" in reply and "5月31日 将风险对象核实反馈(还有6天)" in reply
    later = phone.later(days=30).say("o-1", "本周到期")  # 6月24日: 6月30日 每季度 and nothing else
    assert "三(一)4" in later and "6月30日 每季度(还有6天)" in later and "(共1项)" in later


def test_staff_see_only_what_their_township_still_owes(phone):
    phone.bind("o-1", "staff", township="土城镇")
    report(phone, "三(二)2", "土城镇", "done")
    reply = phone.say("o-1", "逾期")
    assert reply.startswith("土城镇承担的2020年任务逾期事项") and "三(二)2" not in reply and "三(一)4" in reply
    assert "乡镇" not in reply.split("\n", 1)[1]  # no counts of other townships


def test_residents_cannot_ask_where_the_plan_stands(phone):
    assert "局领导" in phone.say("o-1", "逾期")
    with session_scope(phone.db.sessions) as session:
        assert session.scalar(select(InboundMessage.route)) == "refused"


# --- 进度 ------------------------------------------------------------------------------------

def test_progress_shows_each_township_and_sums_the_figures(phone):
    phone.bind("o-1", "leader", person="李晓芬")
    report(phone, "三(一)4", "土城镇", "in_progress", ("排查", 100, "户"))
    report(phone, "三(一)4", "土城镇", "done", ("排查", 412, "户"), ("风险对象", 2, "户"), hours=1)  # supersedes
    report(phone, "三(一)4", "凤山镇", "done", ("排查", 300, "户"))
    report(phone, "三(一)4", "大阁镇", "blocked", ("排查", 7, "人"))  # 人 is not 户: not added up
    report(phone, "三(一)4", "黄旗镇", "done", ("排查", 999, "户"), withdrawn=True)
    reply = phone.say("o-1", "进度 三(一)4")
    lines = reply.splitlines()
    assert lines[0].startswith("🔴 三(一)4")
    assert "已汇报3/29个:" in lines
    assert "土城镇 已完成(5月24日,排查412户,风险对象2户)" in lines
    assert lines.index("土城镇 已完成(5月24日,排查412户,风险对象2户)") < lines.index("大阁镇 受阻(5月24日,排查7人)")
    silent = next(line for line in lines if line.startswith("未汇报26个:"))
    assert "黄旗镇" in silent and "土城镇" not in silent
    assert "合计:排查712户(2个乡镇)、排查7人、风险对象2户" in lines
    assert lines[-1] == "回复“催办 三(一)4 乡镇名”催办。"


@pytest.mark.parametrize("typed, ref", [
    ("进度 三(一)4", "三(一)4"), ("进度 三（一）4", "三(一)4"), ("进度 (二)4", "三(二)4"),
    ("进度 公墓", "三(三)1"), ("进度:任务三(一)7-2", "三(一)7-2"), ("进度 三保障排查", "三(一)4"),
])
def test_progress_finds_the_task_however_it_is_named(phone, typed, ref):
    phone.bind("o-1", "leader", person="杨亚威")
    assert phone.say("o-1", typed).split("\n")[0].split(" ")[1] == ref


@pytest.mark.parametrize("typed, candidates", [
    ("进度 4", ["三(一)4", "三(二)4"]),  # numbers restart in each section
    ("进度 台账", ["三(一)4", "三(二)4"]),
    ("进度 三(一)3", ["三(一)3-1", "三(一)3-2"]),
])
def test_an_ambiguous_task_gets_the_candidates_and_how_to_pick(phone, typed, candidates):
    phone.bind("o-1", "leader", person="杨亚威")
    reply = phone.say("o-1", typed)
    assert f"对应{len(candidates)}项任务,请指明" in reply
    assert all(f"\n{ref} " in reply for ref in candidates)
    assert reply.endswith(f"例如回复:进度 {candidates[0]}")


def test_progress_of_an_unknown_task_says_so(phone):
    phone.bind("o-1", "leader", person="杨亚威")
    assert phone.say("o-1", "进度 火箭发射").startswith("没有找到与“火箭发射”对应的任务")
    assert phone.say("o-1", "进度").startswith("请在“进度”后写任务编号或关键词")


def test_staff_see_the_progress_of_their_own_township_only(phone):
    phone.bind("o-1", "staff", township="土城镇")
    report(phone, "三(一)4", "凤山镇", "done", ("排查", 300, "户"))
    reply = phone.say("o-1", "进度 三(一)4")
    assert "本乡:未汇报" in reply and "全县已报完成:1/29个乡镇" in reply and "凤山镇" not in reply
    assert "本任务不需要土城镇汇报" in phone.say("o-1", "进度 三(一)7-2")


@pytest.mark.parametrize("text, taken", [
    ("进度 4", True), ("进度 三(一)4", True), ("进度 台账", True), ("进度:公墓", True), ("进度", True),
    ("进度:台账已建好,共1234人", False), ("进度 台账1234人", False), ("进度 排查完毕", False),
    ("进度汇报:土城镇低保排查完成", False),
])
def test_a_report_that_starts_with_jindu_is_not_taken_for_a_query(text, taken):
    from handlers.messages import Inbound
    from handlers.router import ROUTES

    route = next(r for r in ROUTES if r.name == "progress")
    assert (route.matches(Inbound(openid="o", kind="text", text=text)) is not None) is taken
    assert leader.is_task_query("三(一)4")


# --- 催办 ------------------------------------------------------------------------------------

def nudges(phone):
    with session_scope(phone.db.sessions) as session:
        return [(r.person.name, r.township.name, r.requested_by.name) for r in session.scalars(
            select(Reminder).where(Reminder.kind == "nudge").order_by(Reminder.id))]


def test_a_leader_nudges_a_township_once_a_day(phone):
    phone.bind("o-1", "leader", person="李晓芬")
    phone.bind("s-1", "staff", township="土城镇", name="张三")
    phone.bind("s-2", "staff", township="土城镇", name="李四")
    reply = phone.say("o-1", "催办 三(一)4 土城镇")
    assert reply == "已向土城镇2位工作人员发出催办(任务三(一)4),将在工作时间内送达。"
    assert sorted(nudges(phone)) == [("张三", "土城镇", "李晓芬"), ("李四", "土城镇", "李晓芬")]
    assert phone.say("o-1", "催办 土城 三(一)4") == "今天已向土城镇催办过任务三(一)4,不再重复发送。"
    assert len(nudges(phone)) == 2


def test_a_nudge_to_a_township_nobody_bound_says_so(phone):
    phone.bind("o-1", "admin", name="王五")
    assert phone.say("o-1", "催办 公墓 黄旗镇").startswith("黄旗镇还没有工作人员绑定,无法催办")
    assert nudges(phone) == []


@pytest.mark.parametrize("text, expected", [
    ("催办 4 土城镇", "例如回复:催办 三(一)4 土城镇"),
    ("催办 三(一)4", "请写明催办哪个乡镇,如:催办 三(一)4 土城镇。"),
    ("催办 三(二)5 黄旗镇", "三(二)5的责任单位不含黄旗镇民政办,无需催办。"),  # 土城 is a site of it, 黄旗 not
    ("催办 三(一)7-2 土城镇", "三(一)7-2的责任单位不含土城镇民政办,无需催办。"),
    ("催办", "请写明任务和乡镇,如:催办 三(一)4 土城镇。"),
])
def test_a_nudge_that_is_not_clear_asks(phone, text, expected):
    phone.bind("o-1", "leader", person="杨亚威")
    phone.bind("s-1", "staff", township="土城镇")
    assert phone.say("o-1", text).endswith(expected)
    assert nudges(phone) == []


def test_staff_cannot_nudge(phone):
    phone.bind("s-1", "staff", township="土城镇")
    assert phone.say("s-1", "催办 三(一)4 土城镇").startswith("“催办 三(一)4 土城镇”仅供局领导、管理员使用")


def test_help_lists_the_new_commands_by_role(phone):
    phone.bind("o-1", "leader", person="杨亚威")
    phone.bind("s-1", "staff", township="土城镇")
    leader_help, staff_help = phone.say("o-1", "帮助"), phone.say("s-1", "帮助")
    assert all(word in leader_help for word in ("逾期", "本周到期", "进度", "催办"))
    assert "撤回" in staff_help and "直接发送" in staff_help and "催办" not in staff_help
    with session_scope(phone.db.sessions) as session:
        assert session.scalar(select(Person.name).where(Person.role == "leader", Person.name == "杨亚威"))


def test_the_overdue_button_of_the_menu(phone):
    from handlers.messages import Inbound

    phone.bind("o-1", "leader", person="李晓芬")
    reply = phone.send(Inbound(openid="o-1", kind="event", event="click", event_key="OVERDUE"))
    assert reply.startswith("您负责的2020年任务逾期事项(共")
