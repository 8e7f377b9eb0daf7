"""Who may do what: every command for each role, and the pages anyone can open.

One table: a row per command, a column per role — what the reply must say, or REFUSED (the
router's refusal) — and what each message may store. Each role runs the whole table in order on a
database where a staff member of 土城镇 (王小明) has already reported 三(一)4 with figures.
"""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from channels.app import create_app
from models import ProgressReport, Reminder, Township
from models.db import session_scope
from tests.test_health import NOW, put_message
from tests.wechat_side import TOKEN

REFUSED = "refused"
ROLES = ("resident", "staff_here", "staff_other", "leader", "admin")
BINDINGS = {"staff_here": {"role": "staff", "township": "土城镇"}, "staff_other": {"role": "staff", "township": "大阁镇"},
            "leader": {"role": "leader", "person": "李晓芬"}, "admin": {"role": "admin", "name": "局办公室"}}
REPORTER, REPORTER_NAME = "oReporterTuchengzhen000000001", "王小明"
FIRST_REPORT = "土城镇低保对象三保障排查完毕，共排查4127户，发现风险对象23户已反馈住建局"

# command → what each role's reply says (in ROLES order); REFUSED: the refusal, nothing done.
MATRIX = (
    ("帮助", ("请回复“绑定 绑定码”", "绑定为土城镇工作人员", "绑定为大阁镇工作人员", "绑定为领导李晓芬", "绑定为管理员")),
    ("绑定", ("请发送绑定码",) * 5),
    ("我的任务", (REFUSED, REFUSED, REFUSED, "您负责的2020年任务", "方案全部任务")),
    ("本乡任务", (REFUSED, "土城镇承担的2020年任务", "大阁镇承担的2020年任务", REFUSED, REFUSED)),
    ("逾期", (REFUSED, "土城镇承担的2020年任务逾期", "大阁镇承担的2020年任务逾期", "您负责的2020年任务逾期",
            "方案全部任务逾期")),
    ("本周到期", (REFUSED, "土城镇承担的2020年任务7天内", "大阁镇承担的2020年任务7天内", "您负责的2020年任务7天内",
              "方案全部任务7天内")),
    ("进度 三(一)4", (REFUSED, "本乡:已完成(5月25日,排查4127户", "本乡:未汇报", "土城镇 已完成(5月25日,排查4127户",
                   "土城镇 已完成(5月25日,排查4127户")),
    ("催办 三(一)4 土城镇", (REFUSED, REFUSED, REFUSED, "已向土城镇1位工作人员发出催办", "已向土城镇1位工作人员发出催办")),
    ("任务三(一)4已完成", (REFUSED, "已记录:土城镇 · 三(一)4", "已记录:大阁镇 · 三(一)4", REFUSED, REFUSED)),
    ("土城镇三(一)4已完成", (REFUSED, "已记录:土城镇 · 三(一)4", "不能代土城镇汇报,没有记录", REFUSED, REFUSED)),
    ("撤回", (REFUSED, "已撤回", "已撤回", REFUSED, REFUSED)),
    ("有用", ("请先提一个问题",) * 5),
    ("农村低保标准是多少", ("4800元/年",) * 5),
    ("解除绑定", ("无需解除", "已解除“土城镇工作人员”", "已解除“大阁镇工作人员”", "已解除“领导李晓芬”", "已解除“管理员局办公室”")),
)
# What a message stores, where it stores anything: (reports, withdrawn, nudges) added.
STORES = {
    ("催办 三(一)4 土城镇", "leader"): (0, 0, 1), ("催办 三(一)4 土城镇", "admin"): (0, 0, 1),
    ("任务三(一)4已完成", "staff_here"): (1, 0, 0), ("任务三(一)4已完成", "staff_other"): (1, 0, 0),
    ("土城镇三(一)4已完成", "staff_here"): (1, 0, 0),
    ("撤回", "staff_here"): (0, 1, 0), ("撤回", "staff_other"): (0, 1, 0),
}
# What a reply must not show: another township's figures, the reporter.
HIDDEN = {role: ("4127", "风险对象23", REPORTER_NAME, REPORTER) for role in ("resident", "staff_other")}


def stored(phone) -> tuple[int, int, int]:
    with session_scope(phone.db.sessions) as session:
        reports = session.scalar(select(func.count()).select_from(ProgressReport))
        withdrawn = session.scalar(select(func.count()).where(ProgressReport.withdrawn_at.is_not(None)))
        nudges = session.scalar(select(func.count()).select_from(Reminder).where(Reminder.kind == "nudge"))
    return reports, withdrawn, nudges


def reports_by_township(phone) -> list[tuple[str, str, bool]]:
    """(township, raw text, withdrawn) of every report, oldest first."""
    with session_scope(phone.db.sessions) as session:
        rows = session.execute(select(Township.name, ProgressReport.raw_text, ProgressReport.withdrawn_at)
                               .join(Township, ProgressReport.township_id == Township.id).order_by(ProgressReport.id))
        return [(name, text, withdrawn is not None) for name, text, withdrawn in rows]


@pytest.fixture
def reported(phone):
    """土城镇's staff member 王小明 has reported 三(一)4 with figures."""
    phone.bind(REPORTER, role="staff", township="土城镇", name=REPORTER_NAME)
    assert phone.say(REPORTER, FIRST_REPORT).startswith("已记录")
    return phone


@pytest.mark.parametrize("role", ROLES)
def test_every_command_for_every_role(reported, role):
    phone, openid = reported, f"oMatrix{role}"
    if role in BINDINGS:
        phone.bind(openid, **BINDINGS[role])
    column = ROLES.index(role)
    wrong = []
    for command, expected in MATRIX:
        before = stored(phone)
        reply = phone.say(openid, command)
        added = tuple(after - was for after, was in zip(stored(phone), before))
        refused = "仅供" in reply or "使用的功能" in reply
        says = refused if expected[column] == REFUSED else (expected[column] in reply and not refused)
        shows = [word for word in HIDDEN.get(role, ()) if word in reply]
        if not says or shows or added != STORES.get((command, role), (0, 0, 0)):
            wrong.append(f"{command}: stored {added}, shows {shows}, replied {reply[:120]!r}")
    assert not wrong, "\n".join(wrong)
    # Whatever anyone did, 王小明's report stands and nobody reported for a township not their own.
    reports = reports_by_township(phone)
    assert reports[0] == ("土城镇", FIRST_REPORT, False)
    assert {name for name, _, _ in reports} <= {"土城镇", *(["大阁镇"] if role == "staff_other" else [])}


def test_a_resident_cannot_report_by_any_wording(reported):
    for text in ("任务三(一)4已完成", "三(一)4 已完成", "土城镇低保排查完毕,共412户", "撤回"):
        reported.say("oMatrixResident", text)
    assert stored(reported) == (1, 0, 0)


def test_staff_cannot_nudge_even_their_own_township(reported):
    reported.bind("oMatrixStaff", role="staff", township="土城镇")
    for text in ("催办 三(一)4 土城镇", "催办 三(一)4 大阁镇"):
        assert "仅供局领导、管理员使用" in reported.say("oMatrixStaff", text)
    assert stored(reported)[2] == 0


# --- the pages: nobody's name or openid, whoever asks ------------------------------------------------

@pytest.fixture
def app(reported, settings):
    reported.bind("oMatrixLeader", role="leader", person="李晓芬")
    put_message(reported.db, "李晓芬", "unreachable", NOW - timedelta(days=1), "未关注公众号(43004)",
                openid="oMatrixLeader")
    return create_app(settings.with_overrides(wechat_token=TOKEN), reported.db)


PEOPLE = ("李晓芬", REPORTER_NAME, REPORTER, "oMatrixLeader")


@pytest.mark.parametrize("path, accept", [("/", "text/plain"), ("/", "application/json"),
                                          ("/healthz", "application/json")])
def test_pages_name_nobody(app, path, accept):
    response = app.test_client().get(path, headers={"Accept": accept})
    assert response.status_code in (200, 503)
    page = response.get_data(as_text=True)
    assert page and not [who for who in PEOPLE if who in page]


def test_the_status_page_counts_the_unreachable(app):
    assert "1 人收不到提醒" in app.test_client().get("/").get_data(as_text=True)


@pytest.mark.parametrize("query", [{}, {"echostr": "x"}, {"signature": "0" * 40, "timestamp": "1", "nonce": "1"}])
def test_the_webhook_without_a_valid_signature_is_403(app, query):
    client = app.test_client()
    assert client.get("/wechat", query_string=query).status_code == 403
    assert client.post("/wechat", query_string=query, data=b"<xml/>").status_code == 403

