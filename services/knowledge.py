"""The policy knowledge base in the database: loading the bundled file, admin edits, answering a
question (and logging it), 有用 / 没用 feedback, and the questions it could not answer.

The answerer (core.answering) is built from the database — the passages, the synonyms, the current
plan's document and task table — and cached per version (row counts, highest revisions, the plan's
last change, the task table's hand-made changes), so an admin's `kb add|edit|remove`, a plan
import or a deadline fixed in the console is seen by the next question on every worker without a
restart; checking the version is one statement per question.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from config import Settings
from core import policy_answer
from core.answering import GREET, OUTSIDE, PLAN_SILENT, Answerer, Library, reply_invents
from core.answering import Reply as AnswerReply
from core.knowledge_data import BUNDLED, read_knowledge, task_sentences
from core.plan_document import Part
from core.policy_answer import ANSWER, CLARIFY, DECLINE, NO_MATCH, Passage
from core.task_queries import Step, TaskRow
from models import KnowledgePassage, KnowledgeSynonym, Plan, PolicyQuestion, TaskEvent, Township
from services import assignments

KNOWLEDGE_WRITE = "knowledge-write"  # the named lock (services.locks) of a first load
FEEDBACK_WINDOW = timedelta(days=1)  # 有用 / 没用 refers to an answer of the last day
_ASK_FEEDBACK = "回复“有用”或“没用”,告诉我这条回答有没有帮助。"
EDITABLE = ("topic", "text", "keywords", "section", "ref", "plan_title", "plan_year", "cite_as")


class KnowledgeError(ValueError):
    pass


@dataclass(frozen=True)
class Reply:
    text: str
    question_id: int
    choices: tuple[str, ...] = ()  # passage keys offered by a clarifying question
    reason: str = ""  # why it was declined (core.policy_answer: no_match, personal…)
    greeting: bool = False  # hello or thanks: the handler adds what the user can do


@dataclass(frozen=True)
class LoadSummary:
    added: int
    updated: int
    synonyms: int

    def describe(self) -> str:
        return f"知识库:新增 {self.added} 条,更新 {self.updated} 条,同义词 {self.synonyms} 条。"


_cache: dict[str, tuple[tuple, Answerer]] = {}
_cache_lock = threading.Lock()


# --- the answerer ------------------------------------------------------------------------------

def answerer(session: Session) -> Answerer:
    """The answerer over the knowledge base and the current plan as they are now, rebuilt only
    when either changed (a kb edit, a plan import, a deadline fixed in the console)."""
    version = _version(session)
    where = str(session.get_bind().url)
    with _cache_lock:
        cached = _cache.get(where)
        if cached and cached[0] == version:
            return cached[1]
    built = Answerer(_library(session))
    with _cache_lock:
        _cache[where] = (version, built)
    return built


def _library(session: Session) -> Library:
    passages = list(session.scalars(select(KnowledgePassage).where(KnowledgePassage.retired_at.is_(None))
                                    .order_by(KnowledgePassage.id)))
    synonyms = {row.variant: row.term for row in session.scalars(select(KnowledgeSynonym))}
    plan = assignments.current_plan(session)
    tasks = assignments.all_tasks(session, plan) if plan is not None else []
    rows = tuple(TaskRow(task.ref, task.title, tuple(p.name for p in task.leaders),
                         tuple(dict.fromkeys(link.as_written for link in task.department_links)), task.deadline_text,
                         tuple(Step(m.source_text or m.label or "", m.due, m.kind) for m in task.milestones if m.active),
                         "\n".join((task.title, *task.measures, task.body or "")), tuple(task.measures),
                         task.section.title if task.section else "")
                 for task in tasks)
    year = plan.year if plan else (passages[0].plan_year if passages else 0)
    cite_as = passages[0].cite_as if passages else f"{year}年推进方案"
    return Library(plan.title if plan else "", year, cite_as, tuple(_passage(p) for p in passages),
                   {p.key: tuple(p.keywords) for p in passages},
                   tuple(Part.from_json(part) for part in (plan.document or [])) if plan else (),
                   rows, {task.ref: task_sentences(task.measures, task.body) for task in tasks}, synonyms,
                   tuple(session.scalars(select(Township.name).where(Township.county == plan.county))) if plan else ())


def _summary(model, *extra) -> tuple:
    return tuple(select(aggregate).scalar_subquery()
                 for aggregate in (func.count(model.id), func.max(model.id), *extra))


# The knowledge base's counts, highest ids and revisions, the plans' latest change and the task
# table's hand-made changes, in one round trip; built once.
_VERSION = select(*_summary(KnowledgePassage, func.max(KnowledgePassage.revision)),
                  *_summary(KnowledgeSynonym, func.max(KnowledgeSynonym.revision)),
                  *_summary(Plan, func.max(Plan.updated_at)), *_summary(TaskEvent))


def _version(session: Session) -> tuple:
    return tuple(session.execute(_VERSION).one())


def _passage(row: KnowledgePassage) -> Passage:
    return Passage(row.key, row.topic, row.text, row.ref, row.cite_as, row.plan_year)


def _next_revision(session: Session, model) -> int:
    return (session.scalar(select(func.max(model.revision))) or 0) + 1


# --- answering ---------------------------------------------------------------------------------

def ask(session: Session, *, openid: str, role: str, question: str, now: datetime,
        settings: Settings) -> Reply:
    """Answer one free-text question, log it, and say what was offered."""
    question = question.strip()
    found = answerer(session)
    reply = found.answer(question)
    if reply.kind == CLARIFY:  # offer the topics in the knowledge base's order, not by score
        order = list(found.sources)
        reply = replace(reply, keys=tuple(sorted(reply.keys, key=order.index)))
    text, reason = _reply_text(found, reply, settings)
    logged = PolicyQuestion(
        openid=openid, role=role, text=question, passage_key=reply.keys[0] if reply.keys else None,
        score=round(reply.score, 4), answered=reply.kind == ANSWER and not reason,
        outcome=DECLINE if reason else reply.kind, reason=reason, asked_at=now)
    session.add(logged)
    session.flush()
    return Reply(text, logged.id, reply.keys if reply.kind == CLARIFY else (), reason, reply.kind == GREET)


def choose(session: Session, question_id: int, key: str, settings: Settings) -> str:
    """The answer to a question after the asker picked one of the offered topics."""
    logged = session.get(PolicyQuestion, question_id)
    found = answerer(session)
    if logged is None or key not in found.sources:
        return policy_answer.referral(NO_MATCH, settings.service_phone)
    text, reason = _reply_text(found, found.answer_from(key, logged.text), settings)
    logged.passage_key, logged.answered, logged.outcome, logged.reason = key, not reason, ANSWER, reason
    return text


def choice_in(session: Session, reply: str, keys: list[str]) -> str | None:
    """The offered passage a reply names ("1", "低保"), or None if it names none of them."""
    found = answerer(session)
    offered = [key for key in keys if key in found.sources]
    picked = policy_answer.pick(reply, [found.topic(key) for key in offered], found.retriever.analyzer.rewrite)
    return offered[picked] if picked is not None else None


def _reply_text(found: Answerer, reply: AnswerReply, settings: Settings) -> tuple[str, str]:
    """The reply and, when it had to be declined after all, why."""
    if reply.kind == GREET:
        return "您好!我是民政助手,可以回答低保、特困、临时救助等政策和方案里的任务安排。", ""
    if reply.kind == CLARIFY:
        return policy_answer.clarifying_question([found.topic(key) for key in reply.keys]), ""
    if reply.kind == DECLINE:
        return policy_answer.referral(reply.reason, settings.service_phone, reply.text, found.library.plan_year), \
            reply.reason
    if reply_invents(reply):
        # Never state a figure the source does not: an admin's edit may have broken a passage.
        return policy_answer.referral(NO_MATCH, settings.service_phone), "figure_check"
    return f"{reply.text}\n{_ASK_FEEDBACK}", ""


# --- feedback and what could not be answered ---------------------------------------------------

def record_feedback(session: Session, openid: str, word: str, now: datetime, settings: Settings) -> str:
    """有用 / 没用 about this user's last question."""
    last = session.scalar(
        select(PolicyQuestion).where(PolicyQuestion.openid == openid, PolicyQuestion.asked_at >= now - FEEDBACK_WINDOW)
        .order_by(PolicyQuestion.asked_at.desc(), PolicyQuestion.id.desc()).limit(1))
    if last is None:
        return "请先提一个问题,再告诉我回答有没有用。"
    last.feedback, last.feedback_at = word, now
    if word == "有用":
        return "谢谢您的反馈!"
    return f"谢谢反馈,我们会补充完善。具体情况{policy_answer.where_to_ask(settings.service_phone)}"


# Declines that show a gap in the knowledge base (not a personal case, an order, a phone number).
_GAPS = (NO_MATCH, "", "figure_check", PLAN_SILENT, OUTSIDE)


@dataclass(frozen=True)
class Unanswered:
    text: str
    times: int
    last_asked: datetime
    not_useful: int


def unanswered(session: Session, limit: int = 20) -> list[Unanswered]:
    """The most frequent questions the bot could not answer (or whose answer was 没用), so an
    admin can add a passage or a synonym. Deliberate referrals (personal cases…) are left out."""
    rows = session.execute(
        select(PolicyQuestion.text, func.count(), func.max(PolicyQuestion.asked_at),
               func.sum(case((PolicyQuestion.feedback == "没用", 1), else_=0)))
        .where(or_(PolicyQuestion.feedback == "没用",
                   (~PolicyQuestion.answered) & PolicyQuestion.reason.in_(_GAPS)))
        .group_by(PolicyQuestion.text)
        .order_by(func.count().desc(), func.max(PolicyQuestion.asked_at).desc())
        .limit(limit))
    return [Unanswered(text, times, last, not_useful) for text, times, last, not_useful in rows]


# --- loading and editing -----------------------------------------------------------------------

def load_bundled_if_empty(session: Session, now: datetime, path: Path = BUNDLED) -> LoadSummary | None:
    if session.scalar(select(KnowledgePassage.id).limit(1)) is not None:
        return None
    return import_file(session, path, now)


def import_file(session: Session, path: Path, now: datetime) -> LoadSummary:
    """Add the file's passages and synonyms; a passage or synonym already there is updated."""
    data = read_knowledge(path)
    passages = {row.key: row for row in session.scalars(select(KnowledgePassage))}
    known = {row.variant: row for row in session.scalars(select(KnowledgeSynonym))}
    revision = max(_next_revision(session, KnowledgePassage), _next_revision(session, KnowledgeSynonym))
    for record in data.passages:
        row = passages.get(record.key)
        if row is None:
            row = passages[record.key] = KnowledgePassage(key=record.key)
            session.add(row)
        row.topic, row.text, row.keywords, row.section, row.ref = (
            record.topic, record.text, list(record.keywords), record.section, record.ref)
        row.plan_title, row.plan_year, row.cite_as = record.plan_title, record.plan_year, record.cite_as
        row.revision, row.updated_at = revision, now
    for term, variants in data.synonyms.items():
        for variant in variants:
            row = known.get(variant)
            if row is None:
                row = known[variant] = KnowledgeSynonym(variant=variant)
                session.add(row)
            row.term, row.revision, row.updated_at = term, revision, now
    added = sum(row.id is None for row in passages.values())
    session.flush()
    return LoadSummary(added, len(data.passages) - added, sum(map(len, data.synonyms.values())))


def find_passage(session: Session, key: str) -> KnowledgePassage | None:
    return session.scalar(select(KnowledgePassage).where(KnowledgePassage.key == key))


def list_passages(session: Session) -> list[KnowledgePassage]:
    return list(session.scalars(select(KnowledgePassage).order_by(KnowledgePassage.id)))


def add_passage(session: Session, now: datetime, *, key: str, topic: str, text: str, ref: str,
                **fields) -> KnowledgePassage:
    if not all(value.strip() for value in (key, topic, text, ref)):
        raise KnowledgeError("编号、主题、正文和出处(如 三(二)1)都不能为空")
    if find_passage(session, key) is not None:
        raise KnowledgeError(f"编号 {key} 已存在:请换一个编号,或修改原条目")
    plan = session.scalar(select(Plan).order_by(Plan.year.desc(), Plan.id.desc()).limit(1))
    defaults = {"keywords": [], "section": "",
                "plan_title": plan.title if plan else "", "plan_year": plan.year if plan else now.year}
    defaults["cite_as"] = f"{defaults['plan_year']}年推进方案"
    passage = KnowledgePassage(key=key, topic=topic, text=text, ref=ref, **{**defaults, **fields},
                               revision=_next_revision(session, KnowledgePassage), updated_at=now)
    session.add(passage)
    session.flush()
    return passage


def edit_passage(session: Session, key: str, now: datetime, **changes) -> KnowledgePassage:
    passage = find_passage(session, key)
    if passage is None:
        raise KnowledgeError(f"没有编号为 {key} 的条目")
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise KnowledgeError(f"不能修改:{', '.join(sorted(unknown))}")
    if any(name in ("topic", "text", "ref") and not value.strip() for name, value in changes.items()):
        raise KnowledgeError("主题、正文和出处(如 三(二)1)都不能为空")
    for name, value in changes.items():
        setattr(passage, name, value)
    passage.revision, passage.updated_at = _next_revision(session, KnowledgePassage), now
    session.flush()
    return passage


def remove_passage(session: Session, key: str) -> None:
    passage = find_passage(session, key)
    if passage is None:
        raise KnowledgeError(f"没有编号为 {key} 的条目")
    session.delete(passage)
    session.flush()


def set_retired(session: Session, key: str, now: datetime, retired: bool = True) -> KnowledgePassage:
    """Retire a passage (kept, no longer answered from) or restore it; seen by the next question."""
    passage = find_passage(session, key)
    if passage is None:
        raise KnowledgeError(f"没有编号为 {key} 的条目")
    passage.retired_at = now if retired else None
    passage.revision, passage.updated_at = _next_revision(session, KnowledgePassage), now
    session.flush()
    return passage


def set_synonym(session: Session, variant: str, term: str, now: datetime) -> None:
    variant, term = variant.strip(), term.strip()
    if not variant or not term or variant == term:
        raise KnowledgeError("同义词和它对应的词都不能为空,也不能相同")
    revision = _next_revision(session, KnowledgeSynonym)
    row = session.scalar(select(KnowledgeSynonym).where(KnowledgeSynonym.variant == variant))
    if row is None:
        row = KnowledgeSynonym(variant=variant)
        session.add(row)
    row.term, row.revision, row.updated_at = term, revision, now
    session.flush()


def remove_synonym(session: Session, variant: str) -> None:
    row = session.scalar(select(KnowledgeSynonym).where(KnowledgeSynonym.variant == variant.strip()))
    if row is None:
        raise KnowledgeError(f"没有同义词 {variant}")
    session.delete(row)
    session.flush()


def synonyms(session: Session) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for row in session.scalars(select(KnowledgeSynonym).order_by(KnowledgeSynonym.term, KnowledgeSynonym.id)):
        grouped.setdefault(row.term, []).append(row.variant)
    return grouped
