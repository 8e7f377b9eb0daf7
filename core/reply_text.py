"""Paging of long text replies: WeChat rejects a passive text reply over 2048 UTF-8 bytes.

Pure: no Flask, WeChat or database. See paginate().

Choices (documented here because they are not obvious from the wording):
- A text that fits is returned as ``[text]`` unchanged, even at exactly ``limit`` bytes;
  so the empty text gives ``[""]``, one page and no hint.
- Every page but the last ends with MORE_HINT and is ≤ ``limit`` bytes hint included.
- Where to cut, strongest boundary first: paragraph break, line break, sentence end
  (。！？!?；;… with any closing quotes/brackets, kept on the earlier page), comma
  (，,、), any other whitespace (a word break in ASCII text), and only then between two
  characters.  A boundary that would leave the page less than half full is passed over
  for a weaker one further on; if every boundary does, the latest one is taken.
- A character cut never splits a code point, a base character from its combining
  marks, variation selector (U+FE0F) or skin tone, a ZWJ sequence (👨‍👩‍👧) or a
  flag — unless one such cluster is longer than a whole page.  This approximates
  the grapheme clusters of Unicode UAX #29 with the rules that matter in chat text.
- Whitespace around a cut is dropped: trailing on the earlier page (the hint starts
  its own line), leading on the next.  When only trailing whitespace makes a text too
  long, it is dropped instead of becoming a page of its own; leading whitespace that
  alone would fill the first page is dropped too.
- ``limit`` must hold the hint plus one 4-byte character (41 bytes), else ValueError,
  checked even when the text would fit: it is a caller's bug either way.
"""
from __future__ import annotations

import re
import unicodedata

MORE_COMMAND = "更多"
MORE_HINT = f"\n回复“{MORE_COMMAND}”查看下一部分"
WECHAT_TEXT_LIMIT = 2048


def clip(text: str, limit: int) -> str:
    """`text`, or its first `limit` - 1 characters and "…" when it is longer than `limit`."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def utf8_len(text: str) -> int:
    return len(text.encode("utf-8"))


_HINT_BYTES = utf8_len(MORE_HINT)
_MAX_CHAR_BYTES = 4  # so that any single code point fits beside the hint

_CLOSERS = "”’」』）)\\]】》\"'"
# (pattern, cut after the match?) strongest first; whitespace separators are cut before.
_BOUNDARIES = (
    (re.compile(r"\r?\n[^\S\n]*\n"), False),
    (re.compile(r"\r?\n"), False),
    (re.compile(f"[。！？!?；;…]+[{_CLOSERS}]*"), True),
    (re.compile("[，,、]"), True),
    (re.compile(r"\s+"), False),
)

_ZWJ = "\u200d"


def _is_regional_indicator(ch: str) -> bool:
    return "\U0001f1e6" <= ch <= "\U0001f1ff"


def _can_break(text: str, i: int) -> bool:
    """Whether a page may end between text[i-1] and text[i] (0 < i < len(text))."""
    prev, cur = text[i - 1], text[i]
    if _ZWJ in (prev, cur):
        return False
    if unicodedata.category(cur) in ("Mn", "Mc", "Me"):  # includes U+FE0F, keycap U+20E3
        return False
    if "\U0001f3fb" <= cur <= "\U0001f3ff" or "\U000e0020" <= cur <= "\U000e007f":
        return False  # skin tone modifiers, tag sequences of subdivision flags
    if _is_regional_indicator(prev) and _is_regional_indicator(cur):
        run = 0
        while run < i and _is_regional_indicator(text[i - 1 - run]):
            run += 1
        return run % 2 == 0  # flags are pairs: break only after a complete one
    return True


def _fit(text: str, budget: int) -> int:
    """Number of leading characters of ``text`` whose UTF-8 fits in ``budget`` bytes."""
    # Decoding a byte-truncated prefix drops only the trailing partial character.
    return len(text[:budget].encode("utf-8")[:budget].decode("utf-8", "ignore"))


def _cut_point(text: str, budget: int) -> int | None:
    """Where the page starting ``text`` ends, or None if its leading whitespace fills it."""
    lead = len(text) - len(text.lstrip())
    end = _fit(text, budget)
    if end <= lead:
        return None
    candidates = []
    for pattern, after in _BOUNDARIES:
        best = None
        for match in pattern.finditer(text, lead):
            cut = match.end() if after else match.start()
            if cut > end:
                break
            if cut > lead and _can_break(text, cut):
                best = cut
        if best is not None:
            candidates.append(best)
    for cut in candidates:
        if utf8_len(text[:cut].rstrip()) * 2 >= budget:
            return cut
    if candidates:
        return max(candidates)
    for cut in range(end, lead, -1):
        if _can_break(text, cut):
            return cut
    return end  # one cluster longer than a page: cut between its code points


def paginate(text: str, limit: int = WECHAT_TEXT_LIMIT) -> list[str]:
    """Split ``text`` into replies of at most ``limit`` UTF-8 bytes each.

    Every page but the last ends with MORE_HINT; no page is empty unless ``text`` is.
    Raises ValueError if ``limit`` cannot hold the hint plus one character.
    """
    if limit < _HINT_BYTES + _MAX_CHAR_BYTES:
        raise ValueError(
            f"limit {limit} is below {_HINT_BYTES + _MAX_CHAR_BYTES} bytes, "
            "too small for the hint plus one character"
        )
    budget = limit - _HINT_BYTES
    pages = []
    rest = text
    while utf8_len(rest) > limit:
        if utf8_len(rest.rstrip()) <= limit:
            rest = rest.rstrip()
            break
        cut = _cut_point(rest, budget)
        if cut is None:
            rest = rest.lstrip()
            continue
        pages.append(rest[:cut].rstrip() + MORE_HINT)
        rest = rest[cut:].lstrip()
    pages.append(rest)
    return pages
