"""Township staff report progress in their own words; the bot records it, or asks first.

A reply IS the report (最多报一次): "土城镇三保障排查完毕，共排查412户" is recorded and confirmed in one
line. When the words do not decide — two tasks alike, no status, a figure without a unit — the bot
asks one question with numbered choices (state kind "report"); the answer completes the report.
A message that lists several tasks' progress, item by item, records each item.
A question left unanswered for 30 minutes is kept as a draft, never recorded. 撤回 undoes the last
report; an image sent within 10 minutes of a report is attached to it as evidence.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from core import report_parser
from core.report_parser import (ASK, INSTRUCTION, NOT_IN_PLAN, NOT_OWED, NOT_REPORT, OTHER_TOWNSHIP, REFUSALS,
                                STATUS_NAMES, Catalogue, Figure, Reading)
from handlers import events, policy_qa, state
from handlers.messages import Context, Inbound
from models import ProgressReport
from models.progress import ReportDraft
from services import progress

CONVERSATION = "report"
WAIT_FOR_ANSWER = timedelta(minutes=30)
EVIDENCE_WINDOW = timedelta(minutes=10)
LATE_ANSWER_WINDOW = timedelta(hours=24)
_UNDO = "回复“撤回”可撤销"


def names_task(msg: Inbound) -> str | None:
    """Matcher: "任务4已完成", "三(一)4 完成" — a report by its shape, whoever sends it."""
    return "" if msg.is_text and report_parser.looks_like_report(msg.text) else None


def receive(msg: Inbound, ctx: Context) -> str:
    """A staff member's free text: a report to record or ask about, or a question for the Q&A."""
    township = ctx.subscriber.township
    if township is None:
        return "您的绑定没有对应的乡镇,无法汇报进度。请联系县民政局办公室重新绑定。"
    tasks = progress.current_plan_tasks(ctx.session)
    if tasks is None:
        return "库中还没有工作方案,暂时无法汇报进度。"
    catalogue = progress.catalogue(ctx.session, tasks)
    reading = report_parser.parse(msg.text, catalogue, township.name)
    if reading.verdict == NOT_REPORT:
        return _late_answer(msg, ctx) or policy_qa.answer(msg, ctx)
    if reading.verdict in REFUSALS:
        return _refusal(reading, catalogue, township.name)
    pending = progress.pending_draft(ctx.session, ctx.openid, ctx.now)
    if pending is not None:  # a new report instead of an answer: the open question becomes a draft
        progress.set_aside(pending, ctx.now)
        state.clear(ctx.session, ctx.openid, CONVERSATION)
    # "台账:建完了;村规民约:还没动": each item listed is a report of its own; the one to ask about comes last
    items = sorted((reading, *reading.more), key=lambda item: item.verdict == ASK)
    replies = [_act(item, msg.text, ctx, catalogue, tasks, None) for item in items]
    if reading.more and items[-1].verdict == ASK:  # which of the items the question is about
        replies[-1] = f"{items[-1].task} {catalogue.by_ref(items[-1].task).short}:{replies[-1]}"
    reply = "\n".join(replies)
    inquiry = next((item.inquiry for item in items if item.inquiry), "")
    if not inquiry:
        return reply
    # "敬老院改造完工了,验收该找谁": the report, and the question answered; a question back comes last.
    answer = policy_qa.answer(replace(msg, text=inquiry), ctx)
    return f"{answer}\n\n{reply}" if items[-1].verdict == ASK else f"{reply}\n\n{answer}"


def receive_answer(msg: Inbound, ctx: Context) -> str | None:
    """The answer to "您说的是:1 … 2 …?"; None when the message does not answer it."""
    draft = progress.pending_draft(ctx.session, ctx.openid, ctx.now)
    township = ctx.subscriber.township
    tasks = progress.current_plan_tasks(ctx.session)
    if draft is None or township is None or tasks is None or not msg.is_text:
        state.clear(ctx.session, ctx.openid, CONVERSATION)
        return None
    if report_parser.is_cancel(msg.text):
        _drop(draft, ctx)
        return "好的,这条汇报已取消,没有记录。"
    catalogue = progress.catalogue(ctx.session, tasks)
    reading = report_parser.complete(Reading.from_dict(draft.parse), msg.text, catalogue, township.name)
    if reading is None:
        return None
    draft.parse = {**reading.as_dict(), "answers": [*draft.parse.get("answers", []), msg.text]}
    return _act(reading, draft.raw_text, ctx, catalogue, tasks, draft)


def withdraw(msg: Inbound, ctx: Context) -> str:
    """撤回: the question still open, else the sender's last report."""
    draft = progress.pending_draft(ctx.session, ctx.openid, ctx.now)
    if draft is not None:
        _drop(draft, ctx)
        return "已取消刚才未完成的汇报,没有记录。"
    report = progress.withdraw_last(ctx.session, reporter_id=ctx.subscriber.person_id, now=ctx.now)
    if report is None:
        return "您还没有可以撤回的汇报。"
    return f"已撤回{_when(report.created_at, ctx)}的汇报:{_line(report)}。原记录留档,不再计入进度。"


def evidence(msg: Inbound, ctx: Context) -> str:
    """An image: evidence for the staff member's report of the last minutes; else unreadable."""
    if ctx.role == "staff":
        report = progress.attach_evidence(
            ctx.session, reporter_id=ctx.subscriber.person_id, media_id=str(msg.fields.get("MediaId") or ""),
            url=str(msg.fields.get("PicUrl") or ""), now=ctx.now, within=EVIDENCE_WINDOW)
        if report is not None:
            return f"图片已作为佐证附在刚才的汇报上:{_line(report)}。"
    return events.unreadable(msg, ctx)


def _refusal(reading: Reading, catalogue: Catalogue, township: str) -> str:
    """Why nothing was recorded, and what to do instead."""
    tasks = "回复“本乡任务”可查看本乡镇承担的任务和编号。"
    if reading.verdict == INSTRUCTION:
        return ("这条消息要我改动记录,我不执行这类指令,什么也没有改、没有记录。"
                "汇报进度请直接说做了什么,例如“三保障排查已完成,共排查412户”。")
    if reading.verdict == OTHER_TOWNSHIP:
        return (f"您绑定的是{township},不能代{reading.township}汇报,没有记录。"
                f"请由{reading.township}的工作人员汇报;如工作调整,请联系县民政局办公室重新绑定。")
    if reading.verdict == NOT_OWED:
        task = catalogue.by_ref(reading.task)
        return (f"方案中{reading.task}“{task.short}”不由{township}承担,没有记录。{tasks}")
    if reading.verdict == NOT_IN_PLAN:
        owed = [t for t in catalogue.tasks if township in t.townships]
        listed = "\n".join(f"{t.ref} {t.short}" for t in owed)
        return (f"方案中没有“{reading.unknown}”这项工作,没有记录。本乡镇承担的任务有:\n{listed}\n"
                "如果汇报的是其中一项,请带上编号再发一次。")
    return f"方案中没有“{reading.unknown}”,没有记录。{tasks}"


def _act(reading: Reading, raw_text: str, ctx: Context, catalogue, tasks, draft: ReportDraft | None) -> str:
    township = ctx.subscriber.township
    if reading.verdict in REFUSALS:
        if draft is not None:
            _drop(draft, ctx)
        return _refusal(reading, catalogue, township.name)
    if reading.verdict == ASK:
        return _ask(reading, raw_text, ctx, draft)
    task = progress.task_by_ref(tasks, reading.task)
    parse = {**reading.as_dict(), "answers": draft.parse.get("answers", []) if draft else []}
    recorded = progress.record_report(
        ctx.session, task=task, township=township, reporter=ctx.subscriber.person, status=reading.status,
        figures=[f.as_dict() for f in reading.figures], raw_text=raw_text, parse=parse, openid=ctx.openid,
        now=ctx.now)
    if draft is not None:
        progress.finish_draft(draft, recorded.report)
        state.clear(ctx.session, ctx.openid, CONVERSATION)
    return _confirmation(recorded, ctx)


def _ask(reading: Reading, raw_text: str, ctx: Context, draft: ReportDraft | None) -> str:
    if draft is None:
        draft = progress.open_draft(ctx.session, openid=ctx.openid, reporter=ctx.subscriber.person,
                                    township=ctx.subscriber.township, raw_text=raw_text,
                                    parse={**reading.as_dict(), "answers": []}, now=ctx.now, ttl=WAIT_FOR_ANSWER)
    draft.expires_at = ctx.now + WAIT_FOR_ANSWER
    state.save(ctx.session, ctx.openid, CONVERSATION, now=ctx.now, ttl=WAIT_FOR_ANSWER,
               step=reading.question.kind, data={"draft": draft.id})
    return reading.question.text(reading)


def _drop(draft: ReportDraft, ctx: Context) -> None:
    progress.cancel_draft(draft, ctx.now)
    state.clear(ctx.session, ctx.openid, CONVERSATION)


def _late_answer(msg: Inbound, ctx: Context) -> str | None:
    """"1" after the question ran out: say so, rather than answer "1" as a policy question."""
    if report_parser.choice_index(msg.text) is None:
        return None
    late = progress.drafts(ctx.session, ctx.now, ctx.openid)
    if not late or ctx.now - late[0].expires_at > LATE_ANSWER_WINDOW:
        return None
    asked = late[0].created_at.astimezone(ctx.settings.tz).strftime("%H:%M")
    return (f"您{asked}发来的汇报超过30分钟没有确认,已存为草稿,没有记录。"
            "请重新发送完整的汇报,例如“三保障排查已完成,共排查412户”。")


def _confirmation(recorded: progress.Recorded, ctx: Context) -> str:
    lines = [f"已记录:{_line(recorded.report)}。{_UNDO}"]
    if recorded.superseded is not None:
        lines.append(f"(替代{_when(recorded.superseded.created_at, ctx)}的汇报,原汇报留档)")
    milestone = recorded.milestone
    if milestone is not None:
        step = f"{milestone.due.month}月{milestone.due.day}日节点" + (f"“{milestone.label}”" if milestone.label else "")
        if milestone.done_at is not None:
            lines.append(f"{step}已完成。")
        elif recorded.townships_owing:
            lines.append(f"{step}:{recorded.townships_done}/{recorded.townships_owing}个乡镇已报完成。")
    return "\n".join(lines)


def _when(moment, ctx: Context) -> str:
    local = moment.astimezone(ctx.settings.tz)
    return f"{local.month}月{local.day}日{local:%H:%M}"


def _line(report: ProgressReport) -> str:
    """土城镇 · 三(一)4 建立非贫低保、特困对象防致贫监测机制 · 已完成 · 排查412户、风险对象2户"""
    parts = [report.township.name if report.township else "", f"{report.task.ref} {report_parser.short_title(report.task.title)}",
             STATUS_NAMES.get(report.status, report.status)]
    figures = "、".join(str(Figure(f["label"], f["value"], f["unit"])) for f in report.figures)
    return " · ".join(filter(None, [*parts, figures]))
