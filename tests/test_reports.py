"""Staff report progress in plain words, through the same router as WeChat (both backends)."""
from datetime import timedelta

from sqlalchemy import func, select

from handlers.messages import Inbound
from models import Milestone, ProgressReport, Task, Township
from models.db import session_scope
from models.progress import ReportDraft
from services import progress

ISSUE_EXAMPLE = "土城镇低保对象三保障排查完毕，共排查412户，发现风险对象2户已反馈住建局"
CONFIRMED = ("已记录:土城镇 · 三(一)4 建立非贫低保、特困对象防致贫监测机制 · 已完成 · "
             "排查412户、风险对象2户。回复“撤回”可撤销")


def reports(phone) -> list[dict]:
    with session_scope(phone.db.sessions) as session:
        rows = session.scalars(select(ProgressReport).order_by(ProgressReport.id))
        return [{"task": r.task.ref, "township": r.township.name, "reporter": r.reporter.name,
                 "status": r.status, "figures": r.figures, "raw_text": r.raw_text, "parse": r.parse,
                 "openid": r.openid, "evidence": r.evidence, "created_at": r.created_at,
                 "withdrawn_at": r.withdrawn_at} for r in rows]


def draft_rows(phone) -> list[ReportDraft]:
    with session_scope(phone.db.sessions) as session:
        rows = list(session.scalars(select(ReportDraft).order_by(ReportDraft.id)))
        session.expunge_all()
        return rows


def milestone(phone, ref: str, position: int = 0) -> Milestone:
    with session_scope(phone.db.sessions) as session:
        task = next(t for t in session.scalars(select(Task)) if t.ref == ref)
        found = next(m for m in task.milestones if m.position == position)
        session.expunge(found)
        return found


def test_a_report_is_recorded_and_confirmed_in_one_line(phone, settings):
    phone.bind("o-tc", "staff", township="土城镇", name="张三")
    reply = phone.say("o-tc", ISSUE_EXAMPLE)
    assert reply.splitlines()[0] == CONFIRMED
    assert reply.splitlines()[1] == "3月31日节点“排查完成,建立台账”:1/29个乡镇已报完成。"
    [stored] = reports(phone)
    assert stored["task"] == "三(一)4" and stored["township"] == "土城镇" and stored["reporter"] == "张三"
    assert stored["status"] == "done" and stored["openid"] == "o-tc" and stored["raw_text"] == ISSUE_EXAMPLE
    assert stored["figures"] == [{"label": "排查", "value": 412, "unit": "户"},
                                 {"label": "风险对象", "value": 2, "unit": "户"}]
    assert stored["parse"]["verdict"] == "report" and "三保障" in stored["parse"]["words"]
    assert stored["created_at"] == settings.fixed_now and stored["withdrawn_at"] is None


def test_two_tasks_alike_are_asked_and_the_answer_records(phone):
    phone.bind("o-tc", "staff", township="土城镇")
    question = phone.say("o-tc", "任务4已完成")
    assert question.startswith("您说的是:1 三(一)4 ") and " 2 三(二)4 " in question
    assert question.endswith("回复数字即可")
    assert reports(phone) == []
    reply = phone.say("o-tc", "2")
    assert reply.startswith("已记录:土城镇 · 三(二)4 ")
    [stored] = reports(phone)
    assert (stored["task"], stored["raw_text"], stored["parse"]["answers"]) == ("三(二)4", "任务4已完成", ["2"])
    [draft] = draft_rows(phone)
    assert draft.report_id is not None


def test_a_question_then_the_unit_then_the_record(phone):
    phone.bind("o-tc", "staff", township="土城镇")
    assert phone.say("o-tc", "三保障排查完毕 共排查412").startswith("“排查412”的单位是:1 户 2 人")
    assert phone.say("o-tc", "户").startswith("已记录:土城镇 · 三(一)4")
    assert reports(phone)[0]["figures"] == [{"label": "排查", "value": 412, "unit": "户"}]


def test_an_unanswered_question_expires_into_a_draft(phone):
    phone.bind("o-tc", "staff", township="土城镇")
    phone.say("o-tc", "任务4已完成")
    late = phone.later(minutes=31).say("o-tc", "1")
    assert "已存为草稿,没有记录" in late
    assert reports(phone) == []
    with session_scope(phone.db.sessions) as session:
        [draft] = progress.drafts(session, phone.settings.fixed_now + timedelta(minutes=31))
        assert (draft.raw_text, draft.parse["question"]["kind"]) == ("任务4已完成", "task")


def test_cancel_and_a_new_report_instead_of_an_answer(phone):
    phone.bind("o-tc", "staff", township="土城镇")
    phone.say("o-tc", "任务4已完成")
    assert phone.say("o-tc", "算了") == "好的,这条汇报已取消,没有记录。"
    phone.say("o-tc", "任务4已完成")
    assert phone.say("o-tc", "村规民约修订完成了").startswith("已记录:土城镇 · 三(一)7-1")
    cancelled, set_aside = draft_rows(phone)
    assert cancelled.closed_at is not None and set_aside.report_id is None and set_aside.closed_at is None
    assert [r["task"] for r in reports(phone)] == ["三(一)7-1"]


def test_a_message_listing_several_tasks_records_each_item(phone):
    phone.bind("o-tc", "staff", township="土城镇")
    text = "1、村规民约全镇27个村都修订完了\n2、留守老人本月巡访完成,巡访188人"
    first, second = [line for line in phone.say("o-tc", text).splitlines() if line.startswith("已记录")]
    assert first.startswith("已记录:土城镇 · 三(一)7-1") and "27个村" in first
    assert second.startswith("已记录:土城镇 · 三(二)4") and "巡访188人" in second
    stored = reports(phone)
    assert [(r["task"], r["status"], r["raw_text"]) for r in stored] == [
        ("三(一)7-1", "done", text), ("三(二)4", "done", text)]
    assert "三(二)4" in phone.say("o-tc", "撤回")  # one item at a time, the last first
    assert [r["task"] for r in reports(phone) if r["withdrawn_at"] is None] == ["三(一)7-1"]


def test_a_listed_item_to_ask_about_is_asked_after_the_others_are_recorded(phone):
    phone.bind("o-tc", "staff", township="土城镇")
    reply = phone.say("o-tc", "村规民约:全部修订完成\n留守儿童排查:共排查86名")
    assert reply.startswith("已记录:土城镇 · 三(一)7-1")
    assert reply.splitlines()[-1].startswith("三(二)4 ") and "目前进度如何:1 已完成" in reply.splitlines()[-1]
    assert [r["task"] for r in reports(phone)] == ["三(一)7-1"]
    assert phone.say("o-tc", "1").startswith("已记录:土城镇 · 三(二)4")
    assert [(r["task"], r["status"]) for r in reports(phone)] == [("三(一)7-1", "done"), ("三(二)4", "done")]


def test_withdraw_keeps_the_row_and_a_later_report_supersedes(phone):
    phone.bind("o-tc", "staff", township="土城镇")
    phone.say("o-tc", "三保障排查正在进行 已排查200户")
    second = phone.later(hours=2).say("o-tc", ISSUE_EXAMPLE)
    assert "(替代5月25日09:00的汇报,原汇报留档)" in second
    assert len(reports(phone)) == 2
    withdrawn = phone.later(hours=3).say("o-tc", "撤回")
    assert withdrawn.startswith("已撤回5月25日11:00的汇报:土城镇 · 三(一)4")
    rows = reports(phone)
    assert len(rows) == 2 and rows[1]["withdrawn_at"] is not None and rows[0]["withdrawn_at"] is None
    with session_scope(phone.db.sessions) as session:
        [current] = progress.current_reports(session, [session.scalar(select(ProgressReport.task_id))]).values()
        assert current.status == "in_progress"


def test_an_image_right_after_a_report_is_its_evidence(phone):
    phone.bind("o-tc", "staff", township="土城镇")
    image = Inbound(openid="o-tc", kind="image", fields={"MediaId": "m-1", "PicUrl": "http://pic/1.jpg"})
    assert "只能读懂文字和语音" in phone.send(image)  # no report yet
    phone.say("o-tc", ISSUE_EXAMPLE)
    assert phone.later(minutes=5).send(image).startswith("图片已作为佐证附在刚才的汇报上:土城镇 · 三(一)4")
    assert "只能读懂文字和语音" in phone.later(minutes=30).send(image)
    [stored] = reports(phone)
    assert [(e["media_id"], e["url"]) for e in stored["evidence"]] == [("m-1", "http://pic/1.jpg")]


def test_a_residents_image_gets_no_role_refusal(phone):
    reply = phone.send(Inbound(openid="o-res", kind="image", fields={"MediaId": "m-2"}))
    assert "只能读懂文字和语音" in reply


def test_refusals_store_nothing(phone):
    phone.bind("o-tc", "staff", township="土城镇")
    assert phone.say("o-tc", "任务9已完成").startswith("方案中没有“任务9”,没有记录。")
    assert phone.say("o-tc", "凤山镇三保障排查完毕 共排查300户").startswith("您绑定的是土城镇,不能代凤山镇汇报")
    resident = phone.say("o-res", "任务4已完成")
    assert "乡镇工作人员使用的功能" in resident and "绑定" in resident
    assert "乡镇工作人员使用的功能" in phone.say("o-res", "撤回")
    phone.bind("o-leader", "leader", person="李晓芬")
    assert "仅供乡镇工作人员使用" in phone.say("o-leader", "任务4已完成")
    assert reports(phone) == [] and draft_rows(phone) == []


def test_a_staff_question_goes_to_the_policy_answers(phone, monkeypatch):
    from handlers import policy_qa

    monkeypatch.setattr(policy_qa, "answer", lambda msg, ctx: f"政策问答:{msg.text}")
    phone.bind("o-tc", "staff", township="土城镇")
    assert phone.say("o-tc", "农村低保标准是多少") == "政策问答:农村低保标准是多少"
    assert phone.say("o-tc", "三保障排查完成了吗") == "政策问答:三保障排查完成了吗"
    assert reports(phone) == [] and draft_rows(phone) == []


def test_a_voice_run_on_is_read_like_text(phone):
    phone.bind("o-tc", "staff", township="土城镇")
    heard = "土城镇那个三保障排查的事已经弄完了一共排查了四百一十二户发现有风险的两户已经报给住建局了"
    reply = phone.send(Inbound(openid="o-tc", kind="voice", text=heard))
    assert reply.startswith("识别为:") and "已记录:土城镇 · 三(一)4" in reply and "排查412户、风险2户" in reply


def test_a_milestone_every_township_owes_is_done_when_all_report_done(phone):
    with session_scope(phone.db.sessions) as session:
        townships = list(session.scalars(select(Township.name).order_by(Township.id)))
    for i, name in enumerate(townships):
        phone.bind(f"o-{i}", "staff", township=name)
    for i, name in enumerate(townships[:-1]):
        phone.say(f"o-{i}", "三保障排查完毕")
    assert milestone(phone, "三(一)4").done_at is None
    last = phone.say(f"o-{len(townships) - 1}", "三保障排查完毕")
    assert "3月31日节点“排查完成,建立台账”已完成。" in last
    assert milestone(phone, "三(一)4").done_at == phone.settings.fixed_now
    assert milestone(phone, "三(一)4", 1).done_at is None  # the next one waits for its own reports
    phone.later(hours=1).say("o-0", "三保障排查还在进行 需要复查")
    assert milestone(phone, "三(一)4").done_at is None
    phone.later(hours=2).say("o-0", "撤回")  # the done report is current again
    assert milestone(phone, "三(一)4").done_at is not None
    phone.later(hours=3).say(f"o-{len(townships) - 1}", "撤回")
    assert milestone(phone, "三(一)4").done_at is None


def test_a_task_naming_its_sites_is_done_when_every_site_is(phone):
    """三(二)5 names no township office, but names the six townships where its care homes are: each
    reports on its own site, and the step is done when all six have."""
    sites = ("南关蒙古族乡", "选将营乡", "鱼儿山镇", "大阁镇", "土城镇", "凤山镇")
    for i, site in enumerate(sites):
        phone.bind(f"o-{i}", "staff", township=site)
    reply = phone.say("o-4", "土城敬老院改造工程已完工")
    assert reply.startswith("已记录:土城镇 · 三(二)5") and "12月31日节点:1/6个乡镇已报完成。" in reply
    assert milestone(phone, "三(二)5").done_at is None
    for i in (0, 1, 2, 3, 5):
        phone.later(minutes=i + 1).say(f"o-{i}", "养老机构建设已完工")
    assert milestone(phone, "三(二)5").done_at is not None
    phone.later(hours=1).say("o-4", "撤回")
    assert milestone(phone, "三(二)5").done_at is None


def test_a_township_not_owing_a_task_is_refused(phone):
    phone.bind("o-hq", "staff", township="黄旗镇")
    reply = phone.say("o-hq", "俺们黄旗敬老院改造完了")
    assert "不由黄旗镇承担,没有记录" in reply
    reply = phone.say("o-hq", "万名干部暖心走访 俺们镇走完了")
    assert "三(一)7-2" in reply and "没有记录" in reply
    with session_scope(phone.db.sessions) as session:
        assert session.scalar(select(func.count()).select_from(ProgressReport)) == 0
