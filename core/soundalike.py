"""Typos of voice input and pinyin keyboards, put right by how they sound against the plan's words.

Pure. People type 底保 for 低保, 公暮 for 公墓, 寻访 for 巡访, 两项补帖 for 两项补贴, 见退期 for 渐退期:
the same syllables, another character. A fixed list of such typos never ends, so the correction is a
small noisy channel over the plan's own text: a span of the message that sounds like a plan word
(same toneless pinyin, at least one character the same) is taken for that word when the plan uses the
word and never — or far more rarely — the span as typed. Characters that look alike on handwriting
and stroke keyboards (特因 for 特困) count as sounding alike through a short table.

Spans the plan itself contains are left alone and skipped whole ("兜底保障" is not "兜低保障"), and
only Chinese characters are touched by sound. Latin letters are read as pinyin: a run that spells a
plan word's syllables (dibao) or their initials (db, lsjz) — and that word far more often than any
other — is taken for it; English (ok, done, plan) spells none.
"""
from __future__ import annotations

import os
import re
from collections import Counter
from functools import lru_cache

# Only single characters are read here, so pypinyin's phrase table — which disambiguates a character
# by the word around it, and takes a quarter of the bot's start-up to load — is never consulted.
os.environ.setdefault("PYPINYIN_NO_PHRASES", "true")
from pypinyin import Style, lazy_pinyin  # noqa: E402

_LENGTHS = (6, 5, 4, 3, 2)
_FAR_MORE = 5  # a word this many times as frequent as the span typed is what was meant
_NUMERALS = set("〇零一二三四五六七八九十百千万亿两")
# Characters of grammar and the lightest verbs, not of a subject: a span holding one is typed as
# meant (干不了 is not 干部了, 打到卡上 not 达到卡上).
_FUNCTION_CHARS = set("不了的是个一那这有没还也都就在和与及我你他她们吧吗呢啊哪啥咋么着过得地把被给让"
                      "打说做弄搞整干去来到上下出进回起开用拿找问看想要能会可将才刚又再很太挺最更多少")
# What a slip never turns a character into: grammar, which people type as they mean it.
_GRAMMAR = _FUNCTION_CHARS | set("由为至于以及或并从对其之")
# A preposition as typed is meant (关于临时救助 is not 关予临时救助 of 给予): unlike 被 or 有, which people type
# for a plan word's character that sounds the same (储被金), 于 of 关于/对于/由于 stands where it is wanted
_PREPOSITIONS = set("于")
# Characters confused by shape, not sound: read as the character they are mistaken for.
_LOOK_ALIKE = {"因": "困", "末": "未", "己": "已", "巳": "已"}
# Latin letters standing alone: pinyin typed without converting it (dibao), or its initials (lsjz).
_LATIN = re.compile(r"(?<![A-Za-z])[A-Za-z]{2,16}(?![A-Za-z])")
_LONGEST_INITIALS = 5
_VOWELS = set("aeiou")


@lru_cache(maxsize=8192)
def syllable(char: str) -> str:
    """The toneless pinyin of one character (the character itself when it has none)."""
    return lazy_pinyin(_LOOK_ALIKE.get(char, char), style=Style.NORMAL, errors=lambda c: c)[0]


def _is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


# WeChat lets a text message run to 2048 characters; a voice transcript seldom passes 300.
LONGEST_CORRECTED = 2048


class Corrector:
    """Built once per vocabulary text (the plan); `correct` then reads any message."""

    def __init__(self, vocabulary: str):
        self.counts: Counter[str] = Counter()
        neighbours: dict[str, tuple[set, set]] = {}
        for run in _han_runs(vocabulary):
            for n in _LENGTHS:
                for i in range(len(run) - n + 1):
                    term = run[i:i + n]
                    self.counts[term] += 1
                    left, right = neighbours.setdefault(term, (set(), set()))
                    left.add(run[i - 1] if i else None)
                    right.add(run[i + n] if i + n < len(run) else None)
        # A word of the plan, not a piece across two words: it stands in more than one context
        # (低保 after 农村, 纳入, 非贫…); 各村 (only in 指导各村) or 利股 (only in 福利股) do not.
        # Four characters or more run together seldom by chance: one open side will do.
        self._words = {term for term, (left, right) in neighbours.items()
                       if _open(left) and _open(right) or len(term) >= 4 and (_open(left) or _open(right))}
        self.by_sound: dict[tuple[str, ...], list[str]] = {}
        spelled: dict[str, list[str]] = {}
        for term in self._words:
            self.by_sound.setdefault(tuple(map(syllable, term)), []).append(term)
            if len(term) <= _LONGEST_INITIALS:
                syllables = [syllable(char) for char in term]
                initials = "".join(s[0] for s in syllables)
                # (yes, ok, plan: English words have vowels, initials of 低保 none; yy, nn — 爷爷, 奶奶 as people
                # write them — are a letter said twice, no word's initials)
                if not _VOWELS & set(initials) and not (len(initials) == 2 and initials[0] == initials[1]):
                    spelled.setdefault(initials, []).append(term)
                spelled.setdefault("".join(syllables), []).append(term)
        self.by_spelling = {key: term for key, term in map(self._clear_winner, spelled.items()) if term}

    def _clear_winner(self, entry: tuple[str, list[str]]) -> tuple[str, str | None]:
        """The plan word a Latin spelling stands for: used more than once, and far more than the others."""
        key, terms = entry
        ranked = sorted(terms, key=lambda term: -self.counts[term])
        best = self.counts[ranked[0]]
        second = self.counts[ranked[1]] if len(ranked) > 1 else 0
        return key, ranked[0] if best >= 2 and best >= _FAR_MORE * second else None

    def spell_out(self, text: str) -> str:
        """Latin runs that spell a plan word in pinyin or its initials (lsjz, db, tekun), as that word."""
        return _LATIN.sub(lambda m: self.by_spelling.get(m.group().lower(), m.group()), text)

    def correct(self, text: str) -> str:
        if len(text) > LONGEST_CORRECTED:
            return text  # far longer than any message typed or dictated: bounded time, not typos
        text = self.spell_out(text)
        chars, i = list(text), 0
        while i < len(text):
            meant = self._meant(text, i)
            if meant:
                chars[i:i + len(meant)] = meant
                i += len(meant)
            else:
                i += 1
        return "".join(chars)

    def _meant(self, text: str, i: int) -> str | None:
        """The plan word the span at i was meant to be, the longest first; None to leave it."""
        for n in _LENGTHS:
            span = text[i:i + n]
            if len(span) < n or not all(map(_is_han, span)):
                continue
            sounding = self.by_sound.get(tuple(map(syllable, span)), ())
            # no other plan word sounds so: nothing to correct (asked before the costlier look around)
            if not any(term != span for term in sounding) or self._inside_known(text, i, n):
                continue
            # A function character is typed as meant in a short span (干不了); in a long one that is
            # otherwise the plan's word it is the slip (两项不贴 → 两项补贴).
            function = sum(char in _FUNCTION_CHARS for char in span)
            typed = self.counts[span]
            for term in sounding:
                if any(a != b and (a in _NUMERALS or b in _GRAMMAR or a in _PREPOSITIONS) for a, b in zip(span, term)):
                    continue  # a figure as dictated is never a slip (六十三 is not 六是三), nor a word of
                    # grammar one meant (标准有没有 is not 标准由没有, 关于临时救助 is not 关予临时救助)
                same = sum(a == b for a, b in zip(term, span))
                # (储被金: the plan's word either side of one slip — but 干不了 is no 干部了)
                slip_between = n == 3 and same == 2 and function == 1 and span[1] in _FUNCTION_CHARS
                if term == span or same * 2 < n or (n == 2 and same == 0) or \
                        function and not slip_between and (n < 4 or same < n - 1):
                    continue
                frequency = self.counts[term]
                if (typed == 0 and frequency >= 1) or frequency >= _FAR_MORE * max(typed, 1):
                    return term
        return None


    def _inside_known(self, text: str, i: int, n: int) -> bool:
        """Whether text[i:i+n] lies inside a longer span the plan has as typed (兜底保障 holds 底保), or
        cuts through a plan word typed right (户走访贫困: 访贫 is no typo of 防贫, 走访 is a word)."""
        longest = max(_LENGTHS)
        for a in range(max(0, i - longest + 1), i + n):
            for b in range(max(a + 2, i + 1), min(len(text), a + longest) + 1):
                if (a, b) == (i, i + n) or not self.counts[text[a:b]]:
                    continue
                if a <= i and i + n <= b or (a < i or b > i + n) and text[a:b] in self._words:
                    return True
        return False


def _open(neighbours: set) -> bool:
    """A side of a term that varies, or ends at punctuation: a word boundary."""
    return len(neighbours) >= 2 or None in neighbours


def _han_runs(text: str) -> list[str]:
    runs, current = [], []
    for char in text:
        if _is_han(char):
            current.append(char)
        elif current:
            runs.append("".join(current))
            current = []
    if current:
        runs.append("".join(current))
    return runs
