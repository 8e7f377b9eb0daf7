"""Policy answers: how often the right passage is chosen, how often an unanswerable question is
declined, how fast, and how long the retriever takes to start — on tests/qa_eval.json.

    .venv/bin/python -m bench.qa

Baseline, measured in the same run: plain keyword matching (a passage's topic and keywords found
in the question as written, most matches wins, none declines). Where bm25s or rank-bm25 is
installed, their BM25 ranks the same character terms too, to compare ranking and start-up with
our own scorer (they are not dependencies of the bot).
"""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from bench._timing import describe, percentile, sample
from core import policy_answer
from core.knowledge_data import read_knowledge
from core.retrieval import FIELD_BOOST

EVAL = Path(__file__).resolve().parent.parent / "tests" / "qa_eval.json"
_STARTUP = ("import time; t = time.perf_counter(); from core.knowledge_data import read_knowledge; "
            "read_knowledge().retriever(); print(time.perf_counter() - t)")


def load_eval() -> dict:
    return json.loads(EVAL.read_text(encoding="utf-8"))


def labelled(groups: dict[str, list[str]]) -> list[tuple[str, str]]:
    return [(question, key) for key, questions in groups.items() for question in questions]


def score(choose, answerable, unanswerable) -> tuple[float, float]:
    """(top-1 share on answerable, declined share on unanswerable) for choose(q) -> key | None."""
    right = sum(choose(question) == key for question, key in answerable)
    declined = sum(choose(question) is None for question in unanswerable)
    return right / len(answerable), declined / len(unanswerable)


def ours(kb):
    retriever, topics = kb.retriever(), {p.key: p.topic for p in kb.passages}

    def choose(question: str) -> str | None:
        decision = policy_answer.consider(question, retriever, topics)
        return decision.keys[0] if decision.kind == policy_answer.ANSWER else None
    return choose


def keyword_baseline(kb):
    words = {p.key: [p.topic, *p.keywords] for p in kb.passages}

    def choose(question: str) -> str | None:
        counts = {key: sum(word in question for word in found) for key, found in words.items()}
        best = max(counts, key=counts.get)
        return best if counts[best] else None
    return choose


def unsupported_in_answers(kb, questions: list[str]) -> int:
    """Answers that would state a figure their passage does not (must be zero)."""
    retriever, topics = kb.retriever(), {p.key: p.topic for p in kb.passages}
    passages = {p.key: p.passage() for p in kb.passages}
    count = 0
    for question in questions:
        decision = policy_answer.consider(question, retriever, topics)
        if decision.kind == policy_answer.ANSWER:
            count += bool(policy_answer.unsupported_figures(policy_answer.compose(passages[decision.keys[0]], question)))
    return count


def cold_import(module: str) -> float:
    """Seconds to import `module` in a fresh interpreter (median of three)."""
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                                 cwd=EVAL.parent.parent).stdout) for _ in range(3)]
    return sorted(runs)[1]


def library_rankers(kb):
    """Top-1 by BM25 from the libraries, over our analyzer's terms (ranking only, no threshold)."""
    analyzer = kb.retriever().analyzer
    docs = [analyzer.terms(" ".join((p.topic, *p.keywords))) * FIELD_BOOST + analyzer.terms(p.text)
            for p in kb.passages]
    keys = [p.key for p in kb.passages]
    start = time.perf_counter()
    own = kb.retriever()
    found = {"ours": (time.perf_counter() - start, lambda q: next((hit.key for hit in own.search(q, 1)), None))}
    try:
        from rank_bm25 import BM25Okapi

        start = time.perf_counter()
        okapi = BM25Okapi(docs)
        built = time.perf_counter() - start
        found["rank-bm25 BM25Okapi"] = (built, lambda q: keys[int(okapi.get_scores(analyzer.terms(q)).argmax())])
    except ImportError:
        print("rank-bm25 not installed: skipped")
    try:
        import bm25s

        start = time.perf_counter()
        model = bm25s.BM25()
        model.index(bm25s.tokenization.Tokenized(*_vocab_ids(docs)), show_progress=False)
        vocab = _vocab_ids(docs)[1]
        built = time.perf_counter() - start

        def top(question: str) -> str:
            ids = [[vocab[t] for t in analyzer.terms(question) if t in vocab] or [0]]
            return keys[int(model.get_scores(ids[0]).argmax())]
        found["bm25s"] = (built, top)
    except ImportError:
        print("bm25s not installed: skipped")
    return found


def _vocab_ids(docs):
    vocab: dict[str, int] = {}
    ids = [[vocab.setdefault(term, len(vocab)) for term in doc] for doc in docs]
    return ids, vocab


def main() -> None:
    data = load_eval()
    kb = read_knowledge()
    answerable = labelled(data["answerable"])
    unanswerable = data["unanswerable"]
    held_out = labelled(data["held_out"])
    questions = [q for q, _ in answerable] + unanswerable + [q for q, _ in held_out]
    print(f"evaluation set: {len(answerable)} answerable, {len(unanswerable)} unanswerable; "
          f"held out (never tuned on): {len(held_out)} + {len(data['held_out_unanswerable'])}")

    startup = [float(subprocess.run([sys.executable, "-c", _STARTUP], capture_output=True, text=True,
                                    check=True, cwd=EVAL.parent.parent).stdout) for _ in range(5)]
    build = sample(lambda: read_knowledge().retriever(), 20)
    print(f"retriever start-up (fresh process, import + read + build): median {sorted(startup)[2] * 1e3:.0f} ms; "
          f"read + build alone p50 {percentile(build, 0.5) * 1e3:.2f} ms")

    for name, choose in (("char-bigram BM25 + synonyms (ours)", ours(kb)), ("keyword match (baseline)", keyword_baseline(kb))):
        top1, declined = score(choose, answerable, unanswerable)
        held_top1, held_declined = score(choose, held_out, data["held_out_unanswerable"])
        latency = [s for q in questions for s in sample(lambda q=q: choose(q), 5)]
        print(f"\n{name}")
        print(f"  top-1 on answerable {top1:6.1%}   unanswerable declined {declined:6.1%}   "
              f"held out: top-1 {held_top1:6.1%}, declined {held_declined:6.1%}")
        print("  " + describe("per question", latency))
    print(f"\nanswers with a figure absent from their passage: {unsupported_in_answers(kb, questions)}")

    print("\nranking alone (top-1 on answerable, no threshold), same terms:")
    modules = {"ours": "core.retrieval", "rank-bm25 BM25Okapi": "rank_bm25", "bm25s": "bm25s"}
    for name, (built, top) in library_rankers(kb).items():
        right = sum(top(q) == key for q, key in answerable) / len(answerable)
        latency = [s for q, _ in answerable for s in sample(lambda q=q: top(q), 3)]
        print(f"  {name:<22} top-1 {right:6.1%}  import {cold_import(modules[name]) * 1e3:5.0f} ms  "
              f"index build {built * 1e3:6.2f} ms  "
              f"p50 {percentile(latency, 0.5) * 1e6:7.1f} µs  p99 {percentile(latency, 0.99) * 1e6:7.1f} µs")


if __name__ == "__main__":
    main()
