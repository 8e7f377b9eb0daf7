"""Answers on questions nobody wrote for the tests: the blind corpus of tests/corpora/questions.*.json.

    .venv/bin/python -m bench.qa [--misses]

Each question was written and labelled by helpers who saw only the plan and a persona (see
tests/corpora/README.md): an answerable one with the facts a right answer must contain (each fact
a list of alternatives, one of which must appear verbatim), an unanswerable one to be declined or
referred, a greeting to be greeted. Graded:

- answerable: right when answered (not declined, not asked back) with every fact present;
- unanswerable: right when declined or referred;
- greeting: right when greeted;
- an answer stating a figure that is neither in the texts it was taken from nor computed from them
  (a labelled monthly equivalent) is counted: it must stay 0.

Printed for the tuned part and, apart, the held-out part (totals only), beside three readers run on
the same questions in the same run: keyword matching over the curated passages, a plain BM25 over
the plan's own sentences (the best sentence, declining only when nothing matches), and the curated
passages with the earlier decision rules (before the whole plan was read). Then the latency per
question and the answerer's start-up. --misses lists the tuned part's misses, for tuning.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass

from bench._timing import describe, percentile, sample
from bench.corpora import CORPORA, PARTS, load, share
from bench.progress import county_townships
from config.settings import DEFAULT_PLAN
from core import policy_answer
from core.answering import ANSWER, CLARIFY, DECLINE, GREET, Answerer, Reply, reply_invents
from core.knowledge_data import library_from_files, read_knowledge
from core.plan_parser import ParsedPlan
from core.retrieval import Doc, Retriever

CORPUS = "questions"
_STARTUP = ("import time; t = time.perf_counter(); import bench.qa as q; q.answerer(); "
            "print(time.perf_counter() - t)")


def answerer() -> Answerer:
    """The answerer over the bundled plan and knowledge base, as the bot builds it."""
    plan = ParsedPlan.from_json(json.loads(DEFAULT_PLAN.read_text(encoding="utf-8")))
    return Answerer(library_from_files(plan, read_knowledge(), county_townships(plan)))


def _plain(text: str) -> str:
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", text))


def grade(reply: Reply, item: dict) -> bool:
    expect = item["expect"]
    if expect == "decline":
        return reply.kind == DECLINE
    if expect == "greet":
        return reply.kind == GREET
    text = _plain(reply.text)
    return reply.kind == ANSWER and all(any(_plain(alt) in text for alt in fact) for fact in item["facts"])


def invented(reply: Reply) -> int:
    """1 for an answer stating a figure its sources do not state and did not compute."""
    return int(reply.kind == ANSWER and reply_invents(reply))


@dataclass
class Tally:
    right: Counter
    total: Counter
    invented: int
    misses: list

    def line(self) -> str:
        parts = [f"{kind} {self.right[kind]}/{self.total[kind]} {share(self.right[kind], self.total[kind]).strip()}"
                 for kind in ("answer", "decline", "greet")]
        return "   ".join(parts) + f"   invented figures {self.invented}"


def run(reader, corpus: list[dict]) -> Tally:
    right, total, misses, made_up = Counter(), Counter(), [], 0
    for item in corpus:
        reply = reader(item["text"])
        total[item["expect"]] += 1
        if grade(reply, item):
            right[item["expect"]] += 1
        else:
            misses.append((item, reply))
        made_up += invented(reply)
    return Tally(right, total, made_up, misses)


# --- the readers beside ours --------------------------------------------------------------------

def keyword_baseline():
    """A passage's topic and keywords found in the question as written; most matches wins."""
    kb = read_knowledge()
    words = {p.key: [p.topic, *p.keywords] for p in kb.passages}
    passages = {p.key: p.passage() for p in kb.passages}

    def read(question: str) -> Reply:
        counts = {key: sum(word in question for word in found) for key, found in words.items()}
        best = max(counts, key=counts.get)
        if not counts[best]:
            return Reply(DECLINE, "")
        return Reply(ANSWER, passages[best].text, (best,), sources=(passages[best].text,))
    return read


def plain_bm25():
    """BM25 over the plan's own sentences (tasks and document), no synonyms, no thresholds."""
    plan = ParsedPlan.from_json(json.loads(DEFAULT_PLAN.read_text(encoding="utf-8")))
    sentences = [s for task in plan.tasks for s in re.split(r"[。;；]", task.body) if len(s) > 3]
    sentences += [s for part in plan.document for s in re.split(r"[。;；]", part.text) if len(s) > 3]
    retriever = Retriever.build((Doc(str(i), "", s) for i, s in enumerate(sentences)), {})

    def read(question: str) -> Reply:
        hits = retriever.search(question, 1)
        if not hits:
            return Reply(DECLINE, "")
        text = sentences[int(hits[0].key)]
        return Reply(ANSWER, text, (hits[0].key,), sources=(text,))
    return read


def curated_only():
    """The curated passages with the decision rules the bot had before it read the whole plan."""
    kb = read_knowledge()
    retriever, topics = kb.retriever(), {p.key: p.topic for p in kb.passages}
    passages = {p.key: p.passage() for p in kb.passages}

    def read(question: str) -> Reply:
        decision = policy_answer.consider(question, retriever, topics)
        if decision.kind != ANSWER:
            return Reply(DECLINE if decision.kind == DECLINE else CLARIFY, "")
        composed = policy_answer.compose(passages[decision.keys[0]], question)
        return Reply(ANSWER, composed.text(), decision.keys, sources=(*composed.source_texts, composed.citation),
                     derived=tuple(composed.derived_figures))
    return read


def main() -> None:
    corpora = {part: load(CORPUS, part) for part in PARTS}
    print(f"questions: tuned {len(corpora['tuned'])}, held out {len(corpora['heldout'])} "
          f"(tests/corpora/{CORPUS}.*.json; {', '.join(f'{k} {v}' for k, v in sorted(Counter(i['expect'] for p in PARTS for i in corpora[p]).items()))})")
    startup = [float(subprocess.run([sys.executable, "-c", _STARTUP], capture_output=True, text=True, check=True,
                                    cwd=CORPORA.parent.parent).stdout) for _ in range(3)]
    start = time.perf_counter()
    ours = answerer()
    built = time.perf_counter() - start
    print(f"answerer start-up in a fresh process (imports + read files + build): median "
          f"{sorted(startup)[1] * 1e3:.0f} ms; build alone {built * 1e3:.0f} ms")
    readers = (("whole plan + task table (ours)", ours.answer), ("curated passages, earlier rules", curated_only()),
               ("plain BM25 over plan sentences", plain_bm25()), ("keyword match (baseline)", keyword_baseline()))
    for name, reader in readers:
        print(f"\n{name}")
        for part in PARTS:
            print(f"  {part:8} {run(reader, corpora[part]).line()}")
    questions = [item["text"] for part in PARTS for item in corpora[part]]
    latency = [s for q in questions for s in sample(lambda q=q: ours.answer(q), 3)]
    print("\n" + describe("ours, per question", latency))
    print(f"  p99 {percentile(latency, 0.99) * 1e3:.2f} ms")
    if "--misses" in sys.argv:
        print("\nmisses of the tuned part:")
        for item, reply in run(ours.answer, corpora["tuned"]).misses:
            print(f"{item['id']} {item['expect']} {item['category']} facts={item.get('facts')}\n  {item['text']}\n"
                  f"  got {reply.kind} {reply.reason} {reply.keys[:3]} | {reply.text[:160]!r}")


if __name__ == "__main__":
    main()
