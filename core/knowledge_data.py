"""The knowledge base as a file (data/knowledge/*.json): read, checked, ready for the database or
for a retriever built straight from it (the benchmark and the evaluation test do that)."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from core.answering import Library
from core.policy_answer import Passage
from core.retrieval import Doc, Retriever, synonym_table
from core.task_queries import Step, TaskRow

BUNDLED = Path(__file__).resolve().parent.parent / "data" / "knowledge" / "fengning-2020.json"
_REQUIRED = ("key", "topic", "ref", "text")


class KnowledgeFileError(ValueError):
    pass


@dataclass(frozen=True)
class PassageRecord:
    key: str
    topic: str
    text: str
    ref: str
    section: str
    keywords: tuple[str, ...]
    plan_title: str
    plan_year: int
    cite_as: str

    def doc(self) -> Doc:
        return Doc(self.key, self.topic, self.text, self.keywords)

    def passage(self) -> Passage:
        return Passage(self.key, self.topic, self.text, self.ref, self.cite_as, self.plan_year)


@dataclass(frozen=True)
class KnowledgeFile:
    passages: list[PassageRecord]
    synonyms: dict[str, list[str]]  # term → variants

    def retriever(self) -> Retriever:
        return Retriever.build((p.doc() for p in self.passages), synonym_table(self.synonyms))


def read_knowledge(path: Path = BUNDLED) -> KnowledgeFile:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        source = data["source"]
        title, year = source["plan_title"], int(source["plan_year"])
        cite_as = source.get("cite_as") or f"{year}年{title}"
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise KnowledgeFileError(f"{path}: 不是有效的知识库文件({exc})") from exc
    passages, seen = [], set()
    for number, item in enumerate(data.get("passages", []), 1):
        missing = [name for name in _REQUIRED if not str(item.get(name, "")).strip()]
        if missing:
            raise KnowledgeFileError(f"{path}: 第{number}条缺少 {', '.join(missing)}")
        if item["key"] in seen:
            raise KnowledgeFileError(f"{path}: 编号 {item['key']} 重复")
        seen.add(item["key"])
        passages.append(PassageRecord(
            key=item["key"], topic=item["topic"], text=item["text"], ref=item["ref"],
            section=item.get("section", ""), keywords=tuple(item.get("keywords", ())),
            plan_title=title, plan_year=year, cite_as=cite_as))
    return KnowledgeFile(passages, {term: list(v) for term, v in data.get("synonyms", {}).items()})


def library_from_files(plan, knowledge: KnowledgeFile, townships: tuple[str, ...] = ()) -> Library:
    """The answers' library from a parsed plan (core.plan_parser.ParsedPlan) and a knowledge file,
    for the benchmark and tests that run without a database; the bot builds its own from the
    stored plan and knowledge base (services/knowledge.py)."""
    rows, measures = [], {}
    for task in plan.tasks:
        ref = plan.ref(task)
        steps = tuple(Step(m.source or m.label or "", m.due, m.kind) for m in task.milestones)
        rows.append(TaskRow(ref, task.title, tuple(task.leaders), tuple(task.departments), task.deadline_text,
                            steps, "\n".join((task.title, *task.measures, task.body)), tuple(task.measures),
                            task.section))
        measures[ref] = task_sentences(task.measures, task.body)
    cite_as = knowledge.passages[0].cite_as if knowledge.passages else f"{plan.year}年推进方案"
    return Library(plan.title, plan.year, cite_as, tuple(p.passage() for p in knowledge.passages),
                   {p.key: p.keywords for p in knowledge.passages}, tuple(plan.document), tuple(rows), measures,
                   synonym_table(knowledge.synonyms), townships)


def task_sentences(measures, body: str) -> tuple[str, ...]:
    """A task's sentences for the answers: its measures, then each sentence of its original text
    (一是…, 二是… cut apart) not already among them."""
    pieces = [piece.strip(" ,,;;。") for piece in re.split(r"[。;；]|(?:[一二三四五六七八九十]是)", body or "")]
    found = list(dict.fromkeys(m for m in measures if m))
    found += [piece for piece in pieces if len(piece) > 3 and piece not in found]
    return tuple(found)
