"""The console's plan pages: deadlines fixed by hand, a plan imported by upload, the checkin export."""
from __future__ import annotations

import re
from datetime import date
from io import BytesIO
from urllib.parse import unquote

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from models import Milestone, Plan, Task, TaskEvent
from models.db import session_scope


@pytest.fixture
def office(pages, tmp_path):
    """An admin's signed-in client; uploads wait in a folder of the test's own."""
    pages.app.config["PLAN_UPLOAD_DIR"] = str(tmp_path / "uploads")
    return pages.as_person(pages.add_person("王办", "admin"))


def task_id(pages, ref: str) -> int:
    with session_scope(pages.db.sessions) as session:
        return next(t.id for t in session.scalars(select(Task)) if t.ref == ref)


def milestone_id(pages, ref: str, due: date) -> int:
    with session_scope(pages.db.sessions) as session:
        return next(m.id for m in session.scalars(select(Milestone).where(Milestone.due == due))
                    if m.task.ref == ref)


def events(pages) -> list[tuple]:
    with session_scope(pages.db.sessions) as session:
        return [(e.kind, e.actor, e.person_id, e.reason, e.detail)
                for e in session.scalars(select(TaskEvent).order_by(TaskEvent.id))]


def text(response) -> str:
    return response.get_data(as_text=True)


def test_tasks_whose_deadline_was_not_read_come_first(pages, office):
    with session_scope(pages.db.sessions) as session:
        unread = session.get(Task, task_id(pages, "三(二)5"))
        unread.deadline_error, unread.deadline_text = "没有日期", "尽快完成"
        unread.milestones.clear()
    page = text(office.get("/console/tasks"))
    assert page.index("三(二)5") < page.index("三(一)1") and "时限未能识别" in page
    assert page.count('class="tag bad"') == 1 and "1 项任务的完成时限未能识别" in page and "尽快完成" in page
    assert 'name="period"' in page and "2020-05" in page  # the export form


def test_fix_a_date_mark_done_and_reopen(pages, office):
    admin = pages.person("王办")
    one = milestone_id(pages, "三(一)1", date(2020, 5, 31))
    page = f"/console/tasks/{task_id(pages, '三(一)1')}"
    assert 'type="date"' in text(office.get(page))

    moved = pages.post(office, f"/console/milestones/{one}/deadline", {"due": "2020-06-15", "reason": "省厅延期"})
    assert moved.status_code == 302 and moved.headers["Location"].endswith(page)
    done = pages.post(office, f"/console/milestones/{one}/done", {"reason": "已审批"}, follow_redirects=True)
    assert "已标记完成" in text(done)
    refused = pages.post(office, f"/console/milestones/{one}/reopen", {"reason": " "}, follow_redirects=True)
    assert "须写明原因" in text(refused)
    pages.post(office, f"/console/milestones/{one}/reopen", {"reason": "验收不合格"})

    assert events(pages) == [
        ("deadline_fixed", "王办", admin, "省厅延期",
         {"before": {"due": "2020-05-31", "kind": "once"}, "after": {"due": "2020-06-15", "kind": "once"}}),
        ("milestone_done", "王办", admin, "已审批", {"done_at": "2020-05-25T09:00:00+08:00"}),
        ("milestone_reopened", "王办", admin, "验收不合格", {"done_at": "2020-05-25T09:00:00+08:00"}),
    ]
    history = text(office.get(page))
    assert "2020-05-31 → 2020-06-15" in history and "验收不合格" in history and "标记完成" in history
    with session_scope(pages.db.sessions) as session:
        milestone = session.get(Milestone, one)
        assert (milestone.due, milestone.set_by_hand, milestone.done_at) == (date(2020, 6, 15), True, None)


def test_add_a_date_and_bad_dates(pages, office):
    unread = task_id(pages, "三(二)5")
    added = pages.post(office, f"/console/tasks/{unread}/deadline", {"due": "2020-08-31", "label": "完成整改"},
                       follow_redirects=True)
    assert "已添加时间节点 2020-08-31" in text(added) and "8月31日 完成整改" in text(added)
    for due, message in (("", "请选择日期"), ("2002-08-31", "方案年度")):
        answer = pages.post(office, f"/console/tasks/{unread}/deadline", {"due": due}, follow_redirects=True)
        assert message in text(answer)
    assert [e[0] for e in events(pages)] == ["deadline_fixed"]
    assert pages.post(office, "/console/milestones/999999/done").status_code == 404


def test_only_the_office_and_only_with_the_form_token(pages, office):
    leader = pages.as_person(pages.person("李晓芬"))
    one = milestone_id(pages, "三(一)1", date(2020, 5, 31))
    for url in ("/console/tasks", f"/console/tasks/{task_id(pages, '三(一)1')}", "/console/import",
                "/console/export?period=2020-05"):
        assert leader.get(url).status_code == 403
        assert pages.client().get(url).status_code == 302  # to sign in
    assert pages.post(leader, f"/console/milestones/{one}/done").status_code == 403
    assert office.post(f"/console/milestones/{one}/done", data={"csrf": "forged"}).status_code == 400
    assert office.post("/console/import/confirm", data={}).status_code == 400
    assert events(pages) == []


def stored_plan(pages) -> list[tuple]:
    with session_scope(pages.db.sessions) as session:
        return [(p.title, p.source, p.updated_at) for p in session.scalars(select(Plan))] + [
            session.scalar(select(func.count()).select_from(Task).where(Task.deadline_error.is_not(None)))]


def upload(pages, client, name: str, data: bytes, **fields):
    return pages.post(client, "/console/import", {"plan": (BytesIO(data), name), **fields},
                      content_type="multipart/form-data")


COUNTS = r"新增 (\d+) 项,(?:修改|更新) (\d+) 项,未变 (\d+) 项,停用 (\d+) 项"


def test_upload_previews_and_saves_only_on_confirm(pages, office, seed_plan, tmp_path):
    before = stored_plan(pages)
    edited = seed_plan.read_text(encoding="utf-8").replace("完成时限:5月底前", "完成时限:尽快完成", 1)
    preview = upload(pages, office, "丰宁民政2020方案.txt", edited.encode())
    page = text(preview)
    assert preview.status_code == 200 and "导入预览" in page and "库中已有这个方案" in page
    assert "15</b> 项任务" in page and "1 处完成时限未能识别" in page and "尽快完成" in page
    assert stored_plan(pages) == before  # nothing saved yet
    fields = dict(re.findall(r'name="(upload|name|year|county)" value="([^"]*)"', page))

    saved = pages.post(office, "/console/import/confirm", fields, follow_redirects=True)
    assert re.findall(COUNTS, text(saved)) == re.findall(COUNTS, page)  # the preview foretold the import
    after = stored_plan(pages)
    assert after[0][1] == "丰宁民政2020方案.txt" and after[-1] == 1
    assert "时限未能识别" in text(office.get("/console/tasks"))
    assert not any((tmp_path / "uploads").iterdir())  # the confirmed upload is gone
    again = pages.post(office, "/console/import/confirm", fields, follow_redirects=True)
    assert "已失效" in text(again) and stored_plan(pages) == after

    original = text(upload(pages, office, seed_plan.name, seed_plan.read_bytes()))
    assert re.findall(COUNTS, original) == [("0", "1", "14", "0")]
    changed = original[original.index("修改的任务"):original.index("全部任务")]
    assert "三(一)1" in changed and "三(一)2" not in changed


def test_bad_uploads_are_refused_in_chinese(pages, office):
    before = stored_plan(pages)
    broken = upload(pages, office, "坏方案.txt", "一、总体要求\n责任领导:李晓芬\n完成时限:5月底前\n".encode(),
                    year="2020")
    assert broken.status_code == 400 and "坏方案.txt 第2行" in text(broken)
    assert "请上传方案文件" in text(upload(pages, office, "方案.pdf", b"%PDF-1.4"))
    assert "不是有效的JSON" in text(upload(pages, office, "方案.json", b"{oops"))
    assert "年度应为" in text(upload(pages, office, "方案.txt", b"x", year="20"))
    too_big = upload(pages, office, "方案.docx", b"0" * (5 * 1024 * 1024 + 1))
    assert too_big.status_code == 413 and "文件太大" in text(too_big)
    assert stored_plan(pages) == before and events(pages) == []


def filename(response) -> str:
    """The download's name as RFC 5987 gives it (filename*=UTF-8'' and percent-encoded)."""
    return unquote(response.headers["Content-Disposition"].split("filename*=UTF-8''")[1])


def test_export_downloads_the_checkin_workbook(pages, office):
    answer = office.get("/console/export?period=2020-05")
    assert answer.status_code == 200 and answer.mimetype.endswith("spreadsheetml.sheet")
    assert answer.headers["Content-Disposition"].startswith("attachment") and filename(answer) == "2020年5月对标.xlsx"
    book = load_workbook(BytesIO(answer.data))
    assert book.sheetnames[-1] == "逾期事项" and len(book.sheetnames) >= 3
    assert "2020年5月月对标" in book.worksheets[0]["A1"].value
    assert filename(office.get("/console/export?period=2020-q2")) == "2020年第二季度对表.xlsx"
    bad = office.get("/console/export?period=2020-13")
    assert bad.status_code == 400 and "无法识别" in text(bad)
    assert 'name="period"' in text(office.get("/console/export"))
