"""Deadline grammar: the officialese of a plan's 完成时限 turned into dated milestones.

Pure: no Flask, WeChat or database. See parse_deadline().

How a text is read
------------------
1. A copy of the text is normalised character by character (NFKC, so "３", "，",
   "（" become "3", ",", "("); the copy has the same length as the original, so
   labels and sources are cut from the *original* characters.
2. The copy is split into clauses at , ; 。 、 ! ? and line breaks (a 、 between two
   numbers, as in "4、5月份", does not split).
3. Each clause is scanned with one compiled token regex (``_TOKEN``) and classified:
   conditional (待…后 / 视…情况 / 另行通知) > dated or recurring > ongoing > none.
   A clause with none of these markers is glued (with its separator) onto the label
   of the previous milestone, or onto the next one when it comes first.
4. Recurring milestones get their first due date once the whole line is read.

Choices (documented here because they are not obvious from the wording):
- "N月初" is the 5th of month N (the end of the first pentad; 上旬 is the 10th).
- "N月中" is the 15th; 上旬/中旬/下旬 are the 10th/20th/last day, 上中旬 = 20th,
  中下旬 = last day.
- "N月前" is read literally: *before* month N, i.e. the last day of month N-1
  ("9月前" → 08-31, never 09-30).  "N月底前", "N月N日前", "N月上旬前"… are the day
  named.  A bare "一季度前" / "上半年前" is ambiguous (before it starts or before it
  ends?) and raises instead of being guessed.
- An explicit year alone ("2021年", "明年", "今年") means the end of that year, but it
  is *weak*: inside a clause that also has a month ("3月底前完成2019年度审计") it is
  just part of the label.  "全年" is weak in the same way.
- Festivals: 元旦 is the coming New Year's Day, (year+1)-01-01, so "元旦前" is
  year-12-31; with any year prefix ("2021年元旦", 次年元旦, 今年元旦) it is 01-01 of
  that year.
  春节/端午/中秋 are the lunar 1/1, 5/5, 8/15 falling in the plan year (次年/明年 or an
  explicit year moves them).  五一/劳动节 is 05-01, 国庆 is 10-01.  "…前" is the day
  before; "…后"/"…期间" raise.
- Recurring (每月/每季度/每半年/每年): due is the first period end (or the named day)
  strictly after the due date of the preceding dated milestone on the same line, else
  the first one of the plan year; it may run into the next year.  The label is the
  clause without the 每… phrase, the connector and generic filler, so
  "后续每季度进行一次" has label None (the period is in ``every``) while
  "每月10日前报送数据" has label "报送数据".  每月31日 falls on the last day of
  shorter months, 每年2月29日 on 02-28 in common years.  Forms the grammar does not
  know ("每周", "每季度第一个月", "每年第一季度") raise.
- The label drops generic filler: a remainder such as "完成", "进行一次", "工作" says
  nothing and becomes None.  For ongoing clauses the time-span words (长期, 长期工作,
  贯穿全年, 全年持续, 常年, 常态化) are removed but activity words stay:
  "后续动态管理" → "动态管理", "长期与扶贫防贫工作进行对接" → "与扶贫防贫工作进行对接".
- ``source`` is the clause the milestone came from, extended over the clauses glued
  onto its label.
- Conditional clauses win over any date inside them (the date is contingent):
  "待国家考核问题反馈后立即着手进行整改" → conditional, label without the leading 待.
"""
from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Callable

from lunardate import LunarDate

KINDS = ("once", "recurring", "ongoing", "conditional")
PERIODS = ("month", "quarter", "half_year", "year")


class DeadlineError(ValueError):
    """A deadline expression that cannot be read. Never guessed."""

    def __init__(self, text: str, reason: str):
        super().__init__(f"无法识别完成时限“{text}”:{reason}")
        self.text = text
        self.reason = reason


@dataclass(frozen=True)
class Milestone:
    due: date | None
    kind: str  # one of KINDS
    every: str | None = None  # one of PERIODS, only for kind "recurring"
    label: str | None = None
    source: str = ""  # the clause of the deadline text this milestone came from

    def to_json(self) -> dict:
        return {
            "due": self.due.isoformat() if self.due else None,
            "kind": self.kind,
            "every": self.every,
            "label": self.label,
            "source": self.source,
        }

    @classmethod
    def from_json(cls, data: dict) -> "Milestone":
        due = data.get("due")
        return cls(
            due=date.fromisoformat(due) if due else None,
            kind=data["kind"],
            every=data.get("every"),
            label=data.get("label"),
            source=data.get("source") or "",
        )


# --------------------------------------------------------------------------- regexes

_CN = "〇零一二两三四五六七八九十廿"
# A month or day number: 1-3 ASCII digits (not the tail of a longer number) or a
# short run of Chinese numerals.  Bounded repeats only: no backtracking blow-up.
_N = r"(?:(?<!\d)\d{1,3}|[" + _CN + r"]{1,3})"
_YEAR_DIGITS = r"(?:\d{4}|[〇零一二三四五六七八九]{4})"


def _prefix(s: str) -> str:
    """Year prefix: explicit year, next year (次年/明年…) or this year (今年/本年…)."""
    return (
        rf"(?:(?P<y{s}>{_YEAR_DIGITS})\s?年度?"
        rf"|(?P<nx{s}>次年|明年|下一?年|来年|翌年)度?"
        rf"|(?P<cur{s}>今年|本年|当年)度?)"
    )


def _detail(p: str) -> str:
    """What may follow "N月": a day, 底/末, a 旬, 初 or 中 (all optional)."""
    return (
        rf"(?:\s?(?:(?P<{p}d>{_N})\s?[日号]"
        rf"|(?P<{p}end>底|末)"
        rf"|(?P<{p}xun>上中旬|中下旬|上旬|中旬|下旬)"
        # 初步/初次/初审… are words, not "early in the month"
        rf"|(?P<{p}ini>初)(?![步次审稿始核查见中级])"
        rf"|(?P<{p}mid>中)(?![旬下央国心小学层期])))?"
    )


_RANGE_SEP = r"(?:[-~—–―〜、]{1,2}|至|到)"

_ONGOING_TIME = ("长期工作", "长期", "贯穿全年", "全年持续", "常年", "常态化")
_ONGOING_ACTIVITY = ("动态管理", "动态调整", "动态监测", "持续推进")

_TOKEN = re.compile(
    # ongoing markers first, so "贯穿全年"/"全年持续" never yield the date "全年"
    r"(?P<ong>" + "|".join(_ONGOING_TIME + _ONGOING_ACTIVITY) + r")"
    r"|(?:"
    # recurring: 每月[N日|底|旬…] / 每季度[末] / 每半年 / 每年[N月…]
    r"(?P<rec>每(?:个|一)?(?:"
    r"(?P<rmon>月)" + _detail("r")
    + r"|(?P<rq>季度?)(?:末|底)?"
    r"|(?P<rh>半年)(?:底|末)?"
    r"|(?P<ry>年度?)(?:(?P<rym>" + _N + r")\s?月份?" + _detail("ry") + r")?"
    r")(?![第首度]))"  # "每季度第一个月", "每年第一季度": not read, see _STRAY
    # 2020-03-31 / 2020.3.31 / 2020/3/31
    r"|(?<!\d)(?P<iy>\d{4})[-./](?P<im>\d{1,2})[-./](?P<id>\d{1,2})(?!\d)"
    r"|(?P<pfx>" + _prefix("") + r")?(?:"
    # [range start -] month [detail]: 4-5月份, 4月至5月, 11月至次年2月, 3月1日至5月31日
    r"(?:(?P<rs>" + _N + r")(?:\s?月份?(?:(?P<rsd>" + _N + r")\s?[日号])?)?\s?"
    + _RANGE_SEP + r"\s?(?P<pfx2>" + _prefix("2") + r")?)?"
    r"(?P<m>" + _N + r")\s?月份?" + _detail("")
    + r"|(?P<half>上|下)半年(?P<hend>底|末)?"
    r"|(?:第\s?(?P<q>[1-4一二三四])\s?季度?|(?P<q2>[1-4一二三四])\s?季度)(?P<qend>末|底)?"
    r"|(?P<fest>元旦节?|春节|五一劳动节|五一节?|劳动节|国庆节?|端午节?|中秋节?)"
    # a year prefix alone, or with 底/末/终/内 (only when a prefix matched)
    r"|(?(pfx)(?:年度?)?(?P<ylev>底|末|终|内)?|(?!))"
    r")"
    r"|(?P<yplain>年度?(?:底|末|终|内)|全年度?)"
    r")"
    # tail: 后/左右… make it unreadable, 前 changes bare months and festivals
    r"(?:\s?(?:(?P<bad>前后|左右|以后|之后|后(?!续)|期间)"
    r"|(?P<before>以前|之前|前)"
    r"|(?P<within>为止|止|以内|之内|内(?![部容外设涵地业务]))))?"
)

# Conditional clauses (checked on the clause without its leading connector).
_COND_WAIT = re.compile(r"待(?![遇办定查审])")  # 待遇/待办/待定 are not "待…后"
_COND_SEE = re.compile(r"视[^,;。、]{0,20}?情")  # 视情况/视疫情情况…, only at the clause start
_COND_LATER = re.compile(r"另行通知|另行安排")

# Clause-level fragments that look like a time but cannot be dated.
_VAGUE = re.compile(
    r"近期|近日|尽快|尽早|及早|适时|择期|择时|待定|另定|年初|年中|年前|年后|节前|节后"
    r"|月初|月中|月底|月末|上旬|中旬|下旬|季度末|季末|本月|下月|次月|当月|本周|下周"
    r"|清明|元宵|重阳|每周|每日|每天|每星期|每旬|每两|每[\d二三四五六七八九十]{1,2}个?月"
    r"|每(?:个|一)?(?:月|季度?|半年|年度?)[第首]"
    r"|[\d一二三四五六七八九十两]{1,3}个?(?:月|周|星期|天|日|工作日)(?:之内|以内|内)"
)
# A number used as a date without its month ("15前", "3底前", "20日前"), or a list
# of months ("3、6、9、12月").  Run on the clause with its tokens masked by \0.
_STRAY = re.compile(
    r"(?<![\d.])\d{1,4}\s?(?:[日号](?![文楼线码])|底|末|前|旬|上旬|中旬|下旬)"
    r"|[" + _CN + r"]{1,3}[日号](?:以前|之前|前)"
    r"|(?:\d{1,2}|[一二三四五六七八九十]{1,3})、(?=\0)"
    r"|每(?:个|一)?(?:月|季度?|半年|年度?)(?=\0)"
)

_SEPARATORS = frozenset(",;。、!?\n\r")
_TRIM = " \t\r\n\u3000,;。、:!?.…"
_LEAD = re.compile(r"(?:后续|之后|然后|随后|此后|今后|并且|并|同时)")
_PRE_FILLER = re.compile(r"(?:力争|争取|务必|确保)?(?:须|需|要)?(?:截止到|截至|截止|最迟|最晚|在|于|至|到)?\s?$")
_POST_FILLER = re.compile(r"\s?:?")
_DANGLING = re.compile(r"(?:并且|并|及|和|且|同时)?(?:力争|争取|务必|确保)?(?:在|于|至|到)?$")
# A remainder that says nothing about *what* is due.
_GENERIC = re.compile(
    r"(?:全部|全面|按时|按期|如期|及时)?(?:完成|完毕|办结|进行|开展)?(?:一次|1次)?(?:工作|任务)?"
)

_CN_DIGIT = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
             "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


# --------------------------------------------------------------------------- helpers

@lru_cache(maxsize=4096)
def _norm_char(ch: str) -> str:
    n = unicodedata.normalize("NFKC", ch)
    if len(n) != 1:  # keep the copy aligned with the original
        return ch
    return "~" if n == "〜" else n


def _normalise(text: str) -> str:
    return "".join(map(_norm_char, text))


def _num(s: str) -> int | None:
    """'12', '十二', '二十一', '廿' → int; None when it is not a plain number."""
    if s.isascii():
        return int(s) if s.isdigit() else None
    if len(s) == 1 and s in _CN_DIGIT:
        return _CN_DIGIT[s]
    s = s.replace("廿", "二十")
    if "十" in s:
        tens, _, ones = s.partition("十")
        t = 1 if tens == "" else _CN_DIGIT.get(tens) if len(tens) == 1 else None
        o = 0 if ones == "" else _CN_DIGIT.get(ones) if len(ones) == 1 else None
        if t is not None and o is not None:
            return t * 10 + o
    return None


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


@dataclass
class _Draft:
    kind: str
    start: int
    end: int
    due: date | None = None
    every: str | None = None
    rule: Callable[[int], list] | None = None
    label: str | None = None


class _Reader:
    """Reads one text; holds what every helper needs (original, copy, plan year)."""

    def __init__(self, text: str, year: int):
        self.text = text
        self.norm = _normalise(text)
        self.year = year

    def fail(self, reason: str) -> DeadlineError:
        return DeadlineError(self.text, reason)

    # ---------------------------------------------------------------- numbers/dates

    def number(self, s: str, frag: str) -> int:
        n = _num(s)
        if n is None:
            raise self.fail(f"“{frag}”中的数字“{s}”无法识别")
        return n

    def month(self, s: str, frag: str) -> int:
        n = _num(s)
        # "四五月份" = April–May: two consecutive digits read as a range's end
        if n is None and len(s) == 2 and all(c in _CN_DIGIT for c in s) \
                and _CN_DIGIT[s[1]] == _CN_DIGIT[s[0]] + 1:
            n = _CN_DIGIT[s[1]]
        if n is None:
            raise self.fail(f"“{frag}”中的月份“{s}”无法识别")
        if not 1 <= n <= 12:
            raise self.fail(f"“{frag}”:没有{n}月")
        return n

    def day(self, y: int, m: int, d: int, frag: str) -> date:
        try:
            return date(y, m, d)
        except ValueError:
            raise self.fail(f"“{frag}”:{y}年{m}月没有{d}日") from None

    def prefix_year(self, g, s: str = "") -> int | None:
        """The year named by a prefix, or None when there is no prefix."""
        if g("y" + s):
            raw = g("y" + s)
            y = int(raw) if raw.isascii() else int("".join(str(_CN_DIGIT[c]) for c in raw))
            if not 1900 <= y < 2100:
                raise self.fail(f"年份{y}超出范围")
            return y
        if g("nx" + s):
            return self.year + 1
        if g("cur" + s):
            return self.year
        return None

    def month_day(self, g, p: str, y: int, m: int, before: bool, frag: str) -> date:
        """A date inside month m; `p` picks the detail groups (see _detail)."""
        if g(p + "d"):
            return self.day(y, m, self.number(g(p + "d"), frag), frag)
        xun = g(p + "xun")
        if xun:
            return _month_end(y, m) if xun in ("下旬", "中下旬") else \
                date(y, m, 10 if xun == "上旬" else 20)
        if g(p + "ini"):
            return date(y, m, 5)  # 月初: the 5th (end of the first pentad) — a choice
        if g(p + "mid"):
            return date(y, m, 15)  # 月中: the 15th — a choice
        if before and not g(p + "end"):
            # "9月前" literally means before September: 08-31, never 09-30.
            return date(y, m, 1) - timedelta(days=1)
        return _month_end(y, m)

    def festival(self, name: str, y: int, explicit: bool) -> date:
        try:
            if name.startswith("元旦"):
                # plain 元旦 in a plan is the coming one, at the end of the plan year
                return date(y if explicit else y + 1, 1, 1)
            if name.startswith(("五一", "劳动")):
                return date(y, 5, 1)
            if name.startswith("国庆"):
                return date(y, 10, 1)
            lunar = {"春": (1, 1), "端": (5, 5), "中": (8, 15)}[name[0]]
            return LunarDate(y, *lunar).to_solar_date()
        except ValueError:
            raise self.fail(f"无法计算{y}年的“{name}”") from None

    # ---------------------------------------------------------------- tokens

    def date_of(self, m: re.Match, frag: str) -> date:
        """Due date of a (non-recurring) date token."""
        g = m.group
        if g("bad"):
            raise self.fail(f"“{frag}”不是截止时间")
        before = bool(g("before"))
        if g("iy"):
            return self.day(int(g("iy")), int(g("im")), int(g("id")), frag)
        if g("yplain"):
            return date(self.year, 12, 31)
        explicit = self.prefix_year(g)
        y = self.year if explicit is None else explicit
        if g("m"):
            mm = self.month(g("m"), frag)
            y_end = self.prefix_year(g, "2") or y
            due = self.month_day(g, "", y_end, mm, before, frag)
            if g("rs"):
                start_m = self.month(g("rs"), frag)
                start = self.day(y, start_m, self.number(g("rsd"), frag) if g("rsd") else 1, frag)
                if start > due:
                    raise self.fail(f"“{frag}”:起止月份颠倒")
            return due
        if g("half") or g("q") or g("q2"):
            if before and not (g("hend") or g("qend")):
                raise self.fail(f"“{frag}”含义不明(开始前还是结束前)")
            if g("half"):
                return date(y, 6, 30) if g("half") == "上" else date(y, 12, 31)
            q = self.number(g("q") or g("q2"), frag)
            return _month_end(y, 3 * q)
        if g("fest"):
            day = self.festival(g("fest"), y, explicit is not None)
            return day - timedelta(days=1) if before else day
        # a year alone: "2021年", "明年", "2021年底"; "2021年前" = before 2021
        if before and not g("ylev"):
            return date(y - 1, 12, 31)
        return date(y, 12, 31)

    def rule_of(self, m: re.Match, frag: str) -> tuple[str, Callable[[int], list]]:
        """(period, year → that year's due dates) of a recurring token."""
        g = m.group
        if g("rmon"):
            if g("rd"):
                d = self.number(g("rd"), frag)
                if not 1 <= d <= 31:
                    raise self.fail(f"“{frag}”:没有{d}日")
                # 每月31日 in a short month: its last day
                return "month", lambda y: [date(y, mm, min(d, calendar.monthrange(y, mm)[1]))
                                           for mm in range(1, 13)]
            return "month", lambda y: [self.month_day(g, "r", y, mm, False, frag)
                                       for mm in range(1, 13)]
        if g("rq"):
            return "quarter", lambda y: [_month_end(y, mm) for mm in (3, 6, 9, 12)]
        if g("rh"):
            return "half_year", lambda y: [date(y, 6, 30), date(y, 12, 31)]
        if g("rym"):
            mm = self.month(g("rym"), frag)
            day = self.number(g("ryd"), frag) if g("ryd") else None
            if day is not None and not 1 <= day <= calendar.monthrange(2000, mm)[1]:
                raise self.fail(f"“{frag}”:没有{mm}月{day}日")  # 2000: leap, so 2月29日 is fine
            if (mm, day) == (2, 29):
                return "year", lambda y: [_month_end(y, 2)]  # in a common year: the 28th
            return "year", lambda y: [self.month_day(g, "ry", y, mm, False, frag)]
        return "year", lambda y: [date(y, 12, 31)]

    # ---------------------------------------------------------------- labels

    def tidy(self, piece: str) -> str | None:
        """Trim punctuation and leading connectors; None when nothing meaningful is left."""
        n = _normalise(piece)
        i, j = 0, len(n)
        while True:
            i0, j0 = i, j
            while i < j and n[i] in _TRIM:
                i += 1
            while j > i and n[j - 1] in _TRIM:
                j -= 1
            lead = _LEAD.match(n, i, j)
            if lead and lead.end() > i:
                i = lead.end()
            if (i, j) == (i0, j0):
                break
        if i >= j or _GENERIC.fullmatch(n, i, j):
            return None
        return piece[i:j]

    def label_around(self, start: int, end: int, cut: list[tuple[int, int]],
                     dangling: bool = False) -> str | None:
        """Label of text[start:end] without the `cut` spans (and filler next to them)."""
        pieces, pos = [], start
        for a, b in cut:
            pre = _PRE_FILLER.search(self.norm, pos, a)
            pieces.append(self.text[pos:pre.start() if pre else a])
            post = _POST_FILLER.match(self.norm, b, end)
            pos = post.end() if post else b
        pieces.append(self.text[pos:end])
        label = "".join(pieces)
        if dangling:  # the segment runs into the next date token: drop "并于" etc.
            n = _normalise(label)
            tail = _DANGLING.search(n)
            label = label[:tail.start()] if tail else label
        return self.tidy(label)

    # ---------------------------------------------------------------- clauses

    def clauses(self) -> list[tuple[int, int, str]]:
        """(start, end, separator before it) of each non-empty clause."""
        out, start, sep = [], 0, ""
        norm = self.norm
        for i, ch in enumerate(norm + ","):
            if ch not in _SEPARATORS and i < len(norm):
                continue
            if ch == "、" and 0 < i < len(norm) - 1 and _is_num(norm[i - 1]) and _is_num(norm[i + 1]):
                continue  # "4、5月份": one range, not two clauses
            a, b = start, i
            while a < b and norm[a].isspace():
                a += 1
            while b > a and norm[b - 1].isspace():
                b -= 1
            if a < b:
                out.append((a, b, sep))
            sep = self.text[i] if i < len(norm) else ""
            start = i + 1
        return out

    def read_clause(self, a: int, b: int) -> list[_Draft] | None:
        """Drafts for one clause, or None when it has no marker (label text only)."""
        norm = self.norm
        head = _LEAD.match(norm, a, b)
        body = head.end() if head else a
        wait = _COND_WAIT.match(norm, body, b)
        if (wait and "后" in norm[wait.end():b]) or _COND_SEE.match(norm, body, b) \
                or _COND_LATER.search(norm, body, b):
            cut = [(body, wait.end())] if wait and "后" in norm[wait.end():b] else []
            return [_Draft("conditional", a, b, label=self.label_around(a, b, cut))]

        tokens = list(_TOKEN.finditer(norm, a, b))
        self.check_stray(a, b, tokens)
        ongoing = [t for t in tokens if t.group("ong")]
        dated = [t for t in tokens if not t.group("ong")]
        strong = [t for t in dated if not self.weak(t)]
        if strong:
            return self.split_dated(a, b, strong)
        if dated:
            # only weak tokens ("全年", "2021年"): the first one is the date
            return self.split_dated(a, b, dated[:1])
        if ongoing:
            cut = [t.span() for t in ongoing if t.group("ong") in _ONGOING_TIME]
            return [_Draft("ongoing", a, b, label=self.label_around(a, b, cut))]
        vague = _VAGUE.search(norm, a, b)
        if vague:
            raise self.fail(f"“{self.text[vague.start():vague.end()]}”不是明确的时间")
        return None

    @staticmethod
    def weak(t: re.Match) -> bool:
        """A year alone or 全年: a date only when nothing more precise is in the clause."""
        g = t.group
        if g("yplain"):
            return g("yplain").startswith("全")
        return bool(g("pfx")) and not any(
            g(k) for k in ("m", "half", "q", "q2", "fest", "ylev"))

    def check_stray(self, a: int, b: int, tokens: list[re.Match]) -> None:
        masked = list(self.norm[a:b])
        for t in tokens:
            masked[t.start() - a:t.end() - a] = "\0" * (t.end() - t.start())
        stray = _STRAY.search("".join(masked))
        if stray:
            frag = self.text[a + stray.start():a + stray.end()]
            raise self.fail(f"“{frag}”缺少月份或无法识别")

    def split_dated(self, a: int, b: int, tokens: list[re.Match]) -> list[_Draft]:
        """One draft per date token; text before the first token belongs to it."""
        drafts = []
        for k, t in enumerate(tokens):
            start = a if k == 0 else t.start()
            end = tokens[k + 1].start() if k + 1 < len(tokens) else b
            frag = self.text[t.start():t.end()]
            label = self.label_around(start, end, [t.span()], dangling=k + 1 < len(tokens))
            if t.group("rec"):
                every, rule = self.rule_of(t, frag)
                drafts.append(_Draft("recurring", start, end, every=every, rule=rule, label=label))
            else:
                drafts.append(_Draft("once", start, end, due=self.date_of(t, frag), label=label))
        return drafts

    # ---------------------------------------------------------------- whole text

    def read(self) -> list[Milestone]:
        drafts: list[_Draft] = []
        pending: list[tuple[int, int, str]] = []  # unmarked clauses before any milestone
        for a, b, sep in self.clauses():
            new = self.read_clause(a, b)
            if new is None:
                if drafts:
                    self.glue_after(drafts[-1], a, b, sep)
                else:
                    pending.append((a, b, sep))
                continue
            if pending:
                self.glue_before(new[0], pending, sep)
                pending = []
            drafts.extend(new)
        if not drafts:
            raise self.fail("没有可识别的时间、周期或期限")
        milestones, prev = [], None  # prev: due date of the last dated milestone
        for draft in drafts:
            milestones.append(self.finish(draft, prev))
            prev = milestones[-1].due or prev
        return milestones

    def glue_after(self, draft: _Draft, a: int, b: int, sep: str) -> None:
        piece = self.text[a:b]
        draft.label = f"{draft.label}{sep}{piece}" if draft.label else piece
        draft.end = b

    def glue_before(self, draft: _Draft, pending: list[tuple[int, int, str]], sep: str) -> None:
        parts = [self.text[pending[0][0]:pending[0][1]]]
        for a, b, s in pending[1:]:
            parts.append(s + self.text[a:b])
        prefix = "".join(parts)
        draft.label = f"{prefix}{sep}{draft.label}" if draft.label else prefix
        draft.start = pending[0][0]

    def finish(self, d: _Draft, prev: date | None) -> Milestone:
        due = d.due
        if d.kind == "recurring":
            due = _first_after(d.rule, prev or date(self.year, 1, 1) - timedelta(days=1))
        source = self.text[d.start:d.end]
        n = _normalise(source)
        i, j = 0, len(n)
        while i < j and n[i] in _TRIM:
            i += 1
        while j > i and n[j - 1] in _TRIM:
            j -= 1
        return Milestone(due=due, kind=d.kind, every=d.every, label=d.label, source=source[i:j])


def _is_num(ch: str) -> bool:
    return ch.isdigit() or ch in _CN


def _first_after(rule: Callable[[int], list], after: date) -> date:
    """The first date the rule yields strictly after `after` (looking up to 2 years on)."""
    for y in range(after.year, after.year + 3):
        for due in rule(y):
            if due > after:
                return due
    raise AssertionError("a recurring rule always yields a date within a year")


def parse_deadline(text: str, year: int) -> list[Milestone]:
    """Read a 完成时限 text of a plan for `year`; raise DeadlineError if any part is unreadable."""
    if not isinstance(text, str) or not text.strip():
        raise DeadlineError(text if isinstance(text, str) else repr(text), "内容为空")
    return _Reader(text, year).read()
