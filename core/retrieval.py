"""Which passage a question is about: character unigrams + bigrams, BM25, and a synonym map.

Characters rather than words: residents type 底保, 俺家, 敬老园; a word segmenter (jieba) costs
~60 MB and ~0.45 s of start-up and splits such typos badly, while a curated synonym map that
rewrites them to the knowledge base's own terms is what moves accuracy (see bench/qa.py).
The scorer is our own: the knowledge base is a few dozen passages, so a dict-based inverted index
builds in about a millisecond and needs no numpy.
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Mapping

K1, B = 1.2, 0.75
UNSEEN_BIGRAM = 0.5  # weight of a bigram no passage has: often a phrasing across two words
FIELD_BOOST = 2  # a passage's topic and keywords say what it is about: they count twice

# Words that name no subject: question words, particles, pronouns, greetings, dialect (俺, 咱),
# and the words of a who-or-when question.
# Removed after the synonym map ran, so "多少钱" can still become 标准 first.
STOP_WORDS = (
    "请问一下", "请问", "你好", "您好", "谢谢", "麻烦", "问一下", "想问", "想知道", "知道", "打听",
    "了解一下", "想了解", "大概",
    "是不是", "能不能", "可不可以", "可以", "有没有", "多少", "怎么样", "怎么", "怎样", "如何",
    "咋样", "什么", "啥子", "啥", "咋", "哪些", "哪个", "哪儿", "哪里", "为什么", "为啥",
    "一个月", "每个月", "每月", "按月", "一月", "一年", "每年", "按年", "全年", "个月",
    "我们家", "我家", "俺家", "咱家", "俺们", "我们", "咱们", "自己", "现在", "目前", "这个", "那个",
    "是什么意思", "什么意思", "啥意思", "意思", "是什么", "是啥", "干啥", "干什么", "什么时候", "啥时候", "时候",
    "多长时间", "多长", "多久", "一次", "马上", "遇到", "碰到", "遇上", "家里", "去哪", "哪", "谁",
    "怎么算", "算", "从", "一下", "的话", "推进方案", "这个方案", "方案里", "方案中", "方案", "具体", "列一下",
    # Who and by when: answered from the task table, they say nothing about the subject.
    "谁负责", "负责人", "负责", "责任领导", "责任股室", "责任", "哪个股室", "股室", "牵头", "分管", "领导",
    "完成时限", "时限", "截止", "期限", "时间节点", "节点", "还", "都", "也", "就", "又", "才", "再",
    "我", "俺", "咱", "你", "您", "他", "她", "家", "人",
    "吗", "呢", "啊", "吧", "呀", "嘛", "么", "哇", "哦", "喔", "呗", "哈",
    "的", "地", "得", "了", "着", "过", "是", "有", "没", "不", "能", "会", "要", "想", "给", "在",
    "和", "与", "跟", "及", "或", "个", "些", "点", "多", "少", "一", "那", "这", "去", "来", "说",
)
_RUN = re.compile(r"[\u3400-\u9fff]+|[a-z0-9]+(?:\.[0-9]+)?")


@dataclass(frozen=True)
class Doc:
    key: str
    topic: str
    text: str
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Hit:
    key: str
    score: float
    coverage: float  # share of the question's weight (idf) the passage contains, 0..1


class Analyzer:
    """Text → terms: NFKC, lower case, synonyms rewritten to their term, stop words cut, then the
    unigrams and bigrams of each remaining run of characters."""

    def __init__(self, synonyms: Mapping[str, str], protected: Iterable[str] = ()):
        self.synonyms = {unicodedata.normalize("NFKC", k).lower(): v for k, v in synonyms.items() if k}
        # A term a variant would cut into is kept whole: 储备金额度 is 储备金|额度, not 储备|金额(→标准)|度.
        whole = {p for p in map(str.lower, protected) if p not in self.synonyms and any(
            p.endswith(v[:k]) for v in self.synonyms for k in range(1, min(len(v), len(p))))}
        variants = sorted([*self.synonyms, *whole], key=len, reverse=True)  # longest first: 老人院 before 老人
        self._variant = re.compile("|".join(map(re.escape, variants))) if variants else None
        # Terms the stop words must not cut: 两不两直 holds 不, 一事一议 holds 一.
        kept = sorted({p for p in protected if self._has_stop(p)}, key=len, reverse=True)
        stops = "|".join(map(re.escape, sorted(STOP_WORDS, key=len, reverse=True)))
        self._stop = re.compile(f"({'|'.join(map(re.escape, kept))})|{stops}" if kept else f"(?!)()|{stops}")

    @staticmethod
    def _has_stop(term: str) -> bool:
        return len(term) > 1 and any(stop in term for stop in STOP_WORDS)

    def rewrite(self, text: str) -> str:
        """The question in the knowledge base's own words (底保 → 低保)."""
        text = unicodedata.normalize("NFKC", text).lower()
        # Spaces around the term: a bigram across it (吃低保 → 吃|低保) would be noise.
        return self._variant.sub(lambda m: f" {self.synonyms[m.group(0)]} " if m.group(0) in self.synonyms
                                 else m.group(0), text) if self._variant else text

    def terms(self, text: str) -> list[str]:
        terms = []
        for run in _RUN.findall(self._stop.sub(lambda m: m.group(1) or " ", self.rewrite(text))):
            if not run[0] >= "\u3400":
                terms.append(run)
                continue
            terms.extend(run)
            terms.extend(run[i:i + 2] for i in range(len(run) - 1))
        return terms


@dataclass
class Retriever:
    """BM25 over a handful of passages, built once per knowledge-base version."""

    analyzer: Analyzer
    keys: list[str] = field(default_factory=list)
    _postings: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    _lengths: list[int] = field(default_factory=list)
    _idf: dict[str, float] = field(default_factory=dict)
    _unseen_idf: float = 0.0

    @classmethod
    def build(cls, docs: Iterable[Doc], synonyms: Mapping[str, str], protected: Iterable[str] = ()) -> "Retriever":
        retriever = cls(Analyzer(synonyms, protected))
        counts = []
        for doc in docs:
            about = " ".join((doc.topic, *doc.keywords))
            terms = retriever.analyzer.terms(about) * FIELD_BOOST + retriever.analyzer.terms(doc.text)
            retriever.keys.append(doc.key)
            counts.append(Counter(terms))
            retriever._lengths.append(len(terms))
        for index, counted in enumerate(counts):
            for term, frequency in counted.items():
                retriever._postings.setdefault(term, []).append((index, frequency))
        total = len(counts)
        retriever._idf = {term: _idf(total, len(posting)) for term, posting in retriever._postings.items()}
        retriever._unseen_idf = _idf(total, 0)
        return retriever

    def search(self, question: str, limit: int = 3, count_unseen: bool = True) -> list[Hit]:
        """The best passages for the question, best first; empty when nothing matched.

        Coverage is the share of the question's weight (idf) a passage holds. With `count_unseen`
        False it is measured on the question's words of two characters that some passage has —
        what it is about — so the words it chats in, which no passage has or which are single
        characters of any text, do not count against it."""
        terms = set(self.analyzer.terms(question))
        if not terms or not self.keys:
            return []
        average = sum(self._lengths) / len(self._lengths)
        scores: dict[int, float] = {}
        matched: dict[int, float] = {}
        weight = 0.0
        about = set() if count_unseen else {t for t in terms if len(t) > 1 and t in self._idf}
        for term in terms:
            idf = self._idf.get(term)
            if idf is None:
                # A character no passage has says the question is about something else; an unseen
                # bigram or number says less.
                if count_unseen:
                    weight += self._unseen_idf * (1.0 if len(term) == 1 else UNSEEN_BIGRAM)
                continue
            counts = not about or term in about
            weight += idf if counts else 0.0
            for index, frequency in self._postings.get(term, ()):
                norm = K1 * (1 - B + B * self._lengths[index] / average)
                scores[index] = scores.get(index, 0.0) + idf * frequency * (K1 + 1) / (frequency + norm)
                matched[index] = matched.get(index, 0.0) + (idf if counts else 0.0)
        if not count_unseen and not about:
            weight = 0.0  # it names no word any passage has: it is about none of them
        best = sorted(scores, key=lambda i: (-scores[i], i))[:limit]
        return [Hit(self.keys[i], scores[i], matched[i] / weight if weight else 0.0) for i in best]


    def knows(self, text: str) -> bool:
        """Whether the text has a word (two characters or more) some passage has."""
        return bool(self.words(text))

    def words(self, text: str) -> set[str]:
        """The text's words of two characters or more that some passage has: what it is about."""
        return {term for term in self.analyzer.terms(text) if len(term) > 1 and term in self._idf}


def _idf(total: int, frequency: int) -> float:
    return math.log(1 + (total - frequency + 0.5) / (frequency + 0.5))


def synonym_table(groups: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """{term: [variants]} as the knowledge base writes it → {variant: term}."""
    return {variant: term for term, variants in groups.items() for variant in variants}
