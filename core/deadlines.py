"""Deadline grammar: the officialese of a plan's 完成时限 turned into dated milestones.

Pure: no Flask, WeChat or database. See parse_deadline(text, year, province=None).

The conventions are those of tests/corpora/briefs/deadlines.md, the brief the writers of the blind
corpus applied (docs/deadlines.md has the method and the figures).

How a text is read
------------------
1. A copy of the text is normalised character by character (NFKC, so "３", "，",
   "（" become "3", ",", "("); the copy has the same length as the original, so
   labels and sources are cut from the *original* characters.
2. The copy is split into clauses at , ; 。 、 ! ? and line breaks.  A 、 does not split
   "4、5月份", a list of standing rules ("周调度、月通报") or of named days ("清明、五一、端午节前").
3. Each clause is read on its own and classified:
   conditional (待…后 / 视…情况 / 另行通知 / 事件后N个月内) > dated, recurring or standing rule
   > ongoing > start only (自4月起, / 元宵节后开始,) > none.
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
- Ranges end where they end: "4-5月份", "7月下旬至8月上旬", "三至四季度", "11月至次年3月".
- An explicit year alone ("2021年", "明年", "今年") means the end of that year, but it
  is *weak*: inside a clause that also has a month ("3月底前完成2019年度审计") it is
  just part of the label.  "全年" is weak in the same way.
- Festivals: 元旦 is the coming New Year's Day, (year+1)-01-01, so "元旦前" is
  year-12-31; with any year prefix ("2021年元旦", 次年元旦, 今年元旦) it is 01-01 of
  that year.  春节/元宵/端午/中秋/重阳 are the lunar 1/1, 1/15, 5/5, 8/15, 9/9 falling in the
  plan year (lunardate; 次年/明年 or an explicit year moves them), 除夕 the day before 春节,
  清明 the 清明 solar term.  五一/劳动节 05-01, 六一/儿童节 06-01, 七一/建党节 07-01, 八一
  08-01, 教师节 09-10, 国庆 10-01.  "X前" is the day before, "X" or "X当天" the day itself.
- The 24 solar terms (立春 … 冬至) are their true dates in the plan year (chinese-calendar);
  a term is a date only with a tail (立冬前, 冬至当天) or alone in its clause, so "雨水管网"
  and "大雪天气" stay words.
- "X后N天/日/周/个月内" is due N days (weeks, months) after X; "X后" or "X后开始" alone says
  only when work starts: the clause is a *start* (below), and a text with nothing but a start
  raises "只有开始时间".  "X前后"/"X左右"/"X期间" raise.
- Seasons (雨季前, 汛前, 供暖季前, 春季防火期前, 秋季开学前) are dated by the plan's province
  (core/seasons.py: a small table of provinces whose law or standing practice fixes one date),
  and the label says which date was taken: "完成检修(供暖季前:按河北供暖季11月15日开始计)".
  Without a province, in a province with no one date, or for words that follow the weather
  (春耕, 秋收, 防火期 alone) the text raises "季节性时间需人工确定(…)": it needs a date by hand.
- Recurring (每周/每月/每季度/每半年/每年, also 按月/按季度/按周): due is the first
  occurrence of the period, or of the day or part named inside it: "每月10日前" → 01-10,
  "每季度首月15日前" → 01-15, "每季度末月25日前" → 03-25, "每年下半年" → 12-31, "每年6月" →
  06-30, "每周" → the first Friday (每周一 → the first Monday).  Where the occurrences start:
  * a start in the clause or in a clause of its own just before it ("自4月起每月5日前",
    "从下半年开始每月底前", "自2023年4月起,每季度…"): the first occurrence on or after the
    start's first day; the start makes no milestone of its own;
  * a clause tied to the one before it by 此后/之后/后续/然后/随后/以后: the first occurrence
    strictly after the due date of the milestone before it ("3月底前建立台账,此后每季度更新");
  * otherwise each clause is read on its own: the first occurrence of the plan year
    ("3月底前建立台账,每季度报送一次" → quarterly from 03-31).
  It may run into the next year.  The label is the clause without the 每… phrase, the
  connector and generic filler, so "后续每季度进行一次" has label None (the period is in
  ``every``) while "每月10日前报送数据" has label "报送数据".  每月31日 falls on the last day
  of shorter months, 每年2月29日 on 02-28 in common years.  "每日", "每旬", "每两个月" raise.
- Standing rules name their periods: "严格落实周调度、月通报制度" is a weekly and a monthly
  recurrence labelled 周调度 and 月通报 (a list of two or more, or one next to 制度/机制 or after
  落实/实行/坚持/建立…); "年度考核" is not one ("年考核" is).
- The label drops generic filler: a remainder such as "完成", "进行一次", "工作" says
  nothing and becomes None ("全部完成", "全面完成" say something and stay).  For ongoing
  clauses the time-span words (长期, 长期工作, 长期坚持, 贯穿全年, 全年持续, 常年, 常态化) are
  removed at the clause's start or end but kept inside it: "后续动态管理" → "动态管理",
  "长期与扶贫防贫工作进行对接" → "与扶贫防贫工作进行对接", "纳入常态化管理" stays.
- Dates listed with 、 share the label of the last ("3月底前、6月底前分别完成"), and the
  tail of the last named day goes for the list ("清明、五一、端午节前" → three days before).
- ``source`` is the clause the milestone came from, extended over the clauses glued
  onto its label (and over a start clause before it).
- Conditional clauses win over any date inside them (the date is contingent):
  "待国家考核问题反馈后立即着手进行整改" → conditional, label without the leading 待;
  "项目批复后2个月内开工" → conditional, the event in the label.  择机 and "按…通知执行"
  are conditional only in a clause with no date of its own.
- Unreadable: any clause with only a vague time (尽快, 近期, 抓紧, 适时, 限期, 另定, 年中…),
  a day without its month ("15日前"), or no time at all raises DeadlineError with a one-line
  reason; the importer keeps the task and marks it as needing a date by hand.
"""
from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Callable

from dateutil.relativedelta import relativedelta
from lunardate import LunarDate

from core import seasons as _seasons

KINDS = ("once", "recurring", "ongoing", "conditional")
PERIODS = ("week", "month", "quarter", "half_year", "year")


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

_SOLAR_TERMS = ("立春", "雨水", "惊蛰", "春分", "谷雨", "立夏", "小满", "芒种", "夏至", "小暑", "大暑",
                "立秋", "处暑", "白露", "秋分", "寒露", "霜降", "立冬", "小雪", "大雪", "冬至", "小寒", "大寒")
# 清明 is both a festival and a solar term: it is read as a festival (its date is the term's).
_FESTIVAL = (r"元旦节?|春节|除夕|元宵节?|五一劳动节|五一节?|劳动节|国庆节?|端午节?|中秋节?|重阳节?|清明节?"
             r"|建党节|儿童节|教师节|(?:六一|七一|八一)(?=节|\s?(?:当天|当日|以前|之前|前|以后|之后|后))")
# A solar term or a season word is a date only with a tail (立冬前, 雨季来临前, 秋收后…) or
# alone in its clause: "雨水管网", "大雪天气", "防火期工作总结" are plain words.
_TERM_TAIL = r"(?=\s?(?:当天|当日|以前|之前|前|以后|之后|后)|\s?[,;。、!?]|\s*$)"
_SEASON_WORDS = [w for w in _seasons.all_season_words() if w != "汛"]
_SEASON = ("(?:" + "|".join(_SEASON_WORDS) + r"|(?<![防抗])汛)"
           r"(?=\s?(?:来临|到来)?\s?(?:以前|之前|前|以后|之后|后(?![续期])))")


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
        rf"|(?P<{p}mid>中)(?![旬下央国心小学层期考])))?"
    )


_RANGE_SEP = r"(?:[-~—–―〜、]{1,2}|至|到)"
_QNUM = r"[1-4一二三四]"

_ONGOING_TIME = ("长期工作", "长期坚持", "长期", "贯穿全年", "全年持续", "常年", "常态化")
_ONGOING_ACTIVITY = ("动态管理", "动态调整", "动态监测", "持续推进")

_TOKEN = re.compile(
    # ongoing markers first, so "贯穿全年"/"全年持续" never yield the date "全年"
    r"(?P<ong>" + "|".join(_ONGOING_TIME + _ONGOING_ACTIVITY) + r")"
    r"|(?:"
    # recurring: 每周[五] / 每月[N日|底|旬…] / 每季度[首月N日|末] / 每半年 / 每年[N月…|下半年|第N季度]
    r"(?P<rec>(?:每(?:个|一)?|按(?=月|季|周))(?:"
    r"(?P<rw>周|星期)(?P<rwd>[一二三四五六日天])?"
    r"|(?P<rmon>月)度?(?:月(?=[初中底末上下]))?" + _detail("r")
    + r"|(?P<rq>季度?)的?(?:(?P<rqn>首月|第[一1]个月|第[二2]个月|第[三3]个月|中间一?个?月|末月|最后一个月)"
    + _detail("rq") + r"|末|底)?"
    r"|(?P<rh>半年)(?:底|末)?"
    r"|(?P<ry>年度?)(?:(?P<ryh>上|下)半年|第?\s?(?P<ryq>" + _QNUM + r")\s?季度(?:末|底)?"
    r"|(?P<rym>" + _N + r")\s?月份?" + _detail("ry") + r"|(?P<rye>底|末))?"
    r")(?![第首度]))"  # "每季度第一周", "每年第一个月": not read, see _VAGUE
    # 2020-03-31 / 2020.3.31 / 2020/3/31
    r"|(?<!\d)(?P<iy>\d{4})[-./](?P<im>\d{1,2})[-./](?P<id>\d{1,2})(?!\d)"
    r"|(?P<pfx>" + _prefix("") + r")?(?:"
    # [range start -] month [detail]: 4-5月份, 4月至5月, 11月至次年2月, 7月下旬至8月上旬
    r"(?:(?P<rs>" + _N + r")(?:\s?月份?(?:(?P<rsd>" + _N + r")\s?[日号]|上中旬|中下旬|上旬|中旬|下旬|初|底|末)?)?\s?"
    + _RANGE_SEP + r"\s?(?P<pfx2>" + _prefix("2") + r")?)?"
    r"(?P<m>" + _N + r")\s?月份?" + _detail("")
    + r"|(?P<half>上|下)半年(?P<hend>底|末)?"
    # [quarter range] quarter: 三至四季度, 第一季度末, 2季度
    r"|(?:第?\s?(?P<qs>" + _QNUM + r")\s?(?:季度?)?\s?(?:至|到|-|~|—)\s?)?"
    r"(?:第\s?(?P<q>" + _QNUM + r")\s?季度?|(?P<q2>" + _QNUM + r")\s?季度)(?P<qend>末|底)?"
    r"|(?P<fest>" + _FESTIVAL + r")"
    r"|(?P<term>" + "|".join(_SOLAR_TERMS) + r")(?:节气)?" + _TERM_TAIL
    + r"|(?P<season>" + _SEASON + r")"
    # a year prefix alone, or with 底/末/终/内 (only when a prefix matched)
    r"|(?(pfx)(?:年度?)?(?P<ylev>底|末|终|内)?|(?!))"
    r")"
    r"|(?P<yplain>年度?(?:底|末|终|内)|全年度?)"
    r")"
    # tail: 前 changes bare months and festivals, 后 makes a start (or a date N days on), 起 a start
    r"(?:\s?(?:(?P<bad>前后|左右|期间)"
    r"|(?P<on>当天|当日)"
    r"|(?P<after>以后|之后|后(?![续期]))(?:\s?(?:(?P<offn>" + _N + r"|半)\s?个?\s?(?P<offu>月|天|日|周|星期)"
    r"\s?(?:以内|之内|内)|(?:开始|起)))?"
    r"|(?P<from>起(?![草步])|开始|以来)"
    r"|(?P<before>(?:来临|到来)?(?:以前|之前|前))"
    r"|(?P<within>为止|止|以内|之内|内(?![部容外设涵地业务]))))?"
)

# Conditional clauses (checked on the clause without its leading connector).
_COND_WAIT = re.compile(r"待(?![遇办定查审])")  # 待遇/待办/待定 are not "待…后"
_COND_SEE = re.compile(r"视[^,;。、]{0,20}?(?:情|形势)")  # 视情况/视疫情形势…, only at the clause start
_COND_LATER = re.compile(r"另行通知|另行安排")
# Events that count only when the clause has no date of its own.
_COND_WEAK = re.compile(r"择机|按[^,;。]{0,15}?通知")
# "项目批复后2个月内开工": N units after an event (not after a date: 国庆节后7日内 is a date).
_COND_AFTER = re.compile(
    r"(?<=[^\s,;。、])后\s?(?:" + _N + r"|半)\s?个?\s?(?:月|天|日|周|星期|年|工作日)\s?(?:以内|之内|内)")

# Standing rules: 周调度、月通报、季考评 …
_STD_ITEM = re.compile(
    r"[“\"‘']?(?<![每本上下当次该各逐按全今明去翌同往新半首末前后\d〇零一二三四五六七八九十两])"
    r"(?P<sp>周|月度?|季度?|半年|年)"
    r"(?P<act>调度会?|通报|考评|考核|分析|总结|对标|对表|对账|督导|督查|例会|会商|研判|报告|报送|小结|讲评"
    r"|点评|评估|排名|盘点|推进会|汇报)[”\"’']?"
)
_STD_LIST = re.compile(_STD_ITEM.pattern + r"(?:\s?[、和及与]\s?" + _STD_ITEM.pattern.replace("?P<sp>", "?:")
                       .replace("?P<act>", "?:") + r"){0,5}")
_STD_CONTEXT_BEFORE = re.compile(r"实行|落实|坚持|执行|推行|建立|实施|健全|完善|严格")
_STD_CONTEXT_AFTER = re.compile(r"\s?(?:工作)?(?:制度|机制)")
_STD_EVERY = {"周": "week", "月": "month", "月度": "month", "季": "quarter", "季度": "quarter",
              "半年": "half_year", "年": "year"}
# Lists whose 、 must not split clauses: standing rules and festivals ("清明、五一、端午节前").
_NAMED_DAY = r"(?:" + _FESTIVAL + "|" + "|".join(_SOLAR_TERMS) + r")"
_FEST_LIST = re.compile(_NAMED_DAY + r"(?:、" + _NAMED_DAY + r"){1,5}")

# Clause-level fragments that look like a time but cannot be dated.
_VAGUE = re.compile(
    r"近期|近日|尽快|尽早|及早|抓紧|限期|适时|择期|择时|待定|另定|年初|年中|年前|年后|节前|节后"
    r"|月初|月中|月底|月末|上旬|中旬|下旬|季度末|季末|本月|下月|次月|当月|本周|下周"
    r"|每日|每天|每旬|每两|每[\d二三四五六七八九十]{1,2}个?(?:月|周|星期)"
    r"|每(?:个|一)?(?:周|星期|月|季度?|半年|年度?)[第首]"
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
_LEAD = re.compile(r"(?:后续|之后|然后|随后|此后|以后|今后|并且|并|同时)")
_TIES = frozenset(("后续", "之后", "然后", "随后", "此后", "以后"))
_PRE_FILLER = re.compile(
    r"(?:力争|争取|务必|确保)?(?:须|需|要)?(?:截止到|截至|截止|最迟|最晚|自|从|由|在|于|至|到)?\s?$")
_POST_FILLER = re.compile(r"\s?:?")
_COPULA = re.compile(r"(?:作为|为|是)$")
_DANGLING = re.compile(r"(?:并且|并|及|和|且|同时)?(?:力争|争取|务必|确保)?(?:在|于|至|到)?$")
# A remainder that says nothing about *what* is due.
_GENERIC = re.compile(r"(?:按时|按期|如期|及时)?(?:完成|完毕|办结|进行|开展)?(?:一次|1次)?(?:工作|任务)?")

_CN_DIGIT = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
             "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_WEEKDAY = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_QUARTER_MONTH = {"首": 0, "第一": 0, "第1": 0, "第二": 1, "第2": 1, "中间": 1, "第三": 2, "第3": 2,
                  "末": 2, "最后": 2}
_FIXED_FESTIVAL = {"五一": (5, 1), "劳动": (5, 1), "国庆": (10, 1), "建党": (7, 1), "七一": (7, 1),
                   "儿童": (6, 1), "六一": (6, 1), "八一": (8, 1), "教师": (9, 10)}
_LUNAR_FESTIVAL = {"春": (1, 1), "元宵": (1, 15), "端": (5, 5), "中": (8, 15), "重": (9, 9)}


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


@lru_cache(maxsize=256)
def _solar_terms(year: int) -> dict[str, date]:
    from chinese_calendar import get_solar_terms  # the 24 terms, 1900–2100

    return {name: day for day, name in get_solar_terms(date(year, 1, 1), date(year, 12, 31))}


Rule = Callable[[int], list]


@dataclass
class _Draft:
    kind: str
    start: int
    end: int
    due: date | None = None
    every: str | None = None
    rule: Rule | None = None
    label: str | None = None
    tied: bool = False  # 此后/后续…: a recurrence that starts after the milestone before it
    begins: Callable[[], date] | None = None  # 自…起: the day a recurrence starts
    assumed: str | None = None  # a season's date: what was assumed, said in the label


@dataclass
class _Start:
    """A clause that only says when work starts (自4月起, / 元宵节后开始,): it applies to the next."""

    begins: Callable[[], date]
    start: int
    fragment: str


class _Reader:
    """Reads one text; holds what every helper needs (original, copy, plan year, province)."""

    def __init__(self, text: str, year: int, province: str | None):
        self.text = text
        self.norm = _normalise(text)
        self.year = year
        self.province = _seasons.province_key(province)

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
            if name.startswith("清明"):
                return _solar_terms(y)["清明"]
            if name.startswith("除夕"):
                return LunarDate(y, 1, 1).to_solar_date() - timedelta(days=1)
            for key, (m, d) in _FIXED_FESTIVAL.items():
                if name.startswith(key):
                    return date(y, m, d)
            for key, (m, d) in _LUNAR_FESTIVAL.items():
                if name.startswith(key):
                    return LunarDate(y, m, d).to_solar_date()
        except (ValueError, KeyError):
            pass
        raise self.fail(f"无法计算{y}年的“{name}”")

    def season(self, word: str, y: int, frag: str) -> tuple[date, str]:
        """(first day of the season, what was assumed) — or a DeadlineError saying why not."""
        key = _seasons.season_of(word)
        if key is None:
            raise self.fail(f"“{frag}”:季节性时间需人工确定(“{word}”每年随农时、天气而定)")
        start = _seasons.season_start(key, self.province, y)
        name = _seasons.season_name(key)
        if start is None:
            why = f"{self.province}没有全省统一的{name}起始日期" if self.province else "方案未写明所属省份"
            raise self.fail(f"“{frag}”:季节性时间需人工确定({why})")
        where = "" if key == "school_autumn" else self.province
        return start, f"按{where}{name}{start.month}月{start.day}日开始计"

    # ---------------------------------------------------------------- tokens

    def point(self, m: re.Match, frag: str) -> tuple[date, date, str | None]:
        """(first day, last day, assumption) a date token names, before its tail is applied."""
        g = m.group
        if g("iy"):
            d = self.day(int(g("iy")), int(g("im")), int(g("id")), frag)
            return d, d, None
        if g("yplain"):
            return date(self.year, 1, 1), date(self.year, 12, 31), None
        explicit = self.prefix_year(g)
        y = self.year if explicit is None else explicit
        if g("m"):
            mm = self.month(g("m"), frag)
            y_end = self.prefix_year(g, "2") or y
            last = self.month_day(g, "", y_end, mm, bool(g("before")), frag)
            first = last if g("d") else date(y_end, mm, 1)
            if g("rs"):
                start_m = self.month(g("rs"), frag)
                first = self.day(y, start_m, self.number(g("rsd"), frag) if g("rsd") else 1, frag)
                if first > last:
                    raise self.fail(f"“{frag}”:起止月份颠倒")
            return first, last, None
        if g("half"):
            first_half = g("half") == "上"
            return date(y, 1 if first_half else 7, 1), date(y, 6, 30) if first_half else date(y, 12, 31), None
        if g("q") or g("q2"):
            q = self.number(g("q") or g("q2"), frag)
            qs = self.number(g("qs"), frag) if g("qs") else q
            if qs > q:
                raise self.fail(f"“{frag}”:起止季度颠倒")
            return date(y, 3 * qs - 2, 1), _month_end(y, 3 * q), None
        if g("fest"):
            d = self.festival(g("fest"), y, explicit is not None)
            return d, d, None
        if g("term"):
            d = _solar_terms(y)[g("term")]
            return d, d, None
        if g("season"):
            d, assumed = self.season(g("season"), y, frag)
            return d, d, assumed
        return date(y, 1, 1), date(y, 12, 31), None  # a year alone: "2021年", "明年", "2021年底"

    def date_of(self, m: re.Match, frag: str, before: bool | None = None) -> tuple[date, str | None]:
        """(due date, assumption) of a (non-recurring) date token; `before` overrides its tail."""
        g = m.group
        if g("bad"):
            raise self.fail(f"“{frag}”不是截止时间")
        before = bool(g("before")) if before is None else before
        if g("after") and g("offn"):
            _first, first, assumed = self.point(m, frag)  # N days after the day (or month) named
            n = 0.5 if g("offn") == "半" else self.number(g("offn"), frag)
            unit = g("offu")
            if unit == "月":
                due = first + (relativedelta(days=15) if n == 0.5 else relativedelta(months=int(n)))
            else:
                due = first + timedelta(days=int(n * (7 if unit in ("周", "星期") else 1)))
            return due, assumed
        first, last, assumed = self.point(m, frag)
        if g("iy") or g("yplain") or g("m"):
            return last, None
        if g("half") or g("q") or g("q2"):
            if before and not (g("hend") or g("qend")):
                raise self.fail(f"“{frag}”含义不明(开始前还是结束前)")
            return last, None
        if g("fest") or g("term") or g("season"):
            return (first - timedelta(days=1) if before else first), assumed
        # a year alone: "2021年", "明年", "2021年底"; "2021年前" = before 2021
        if before and not g("ylev"):
            return date(last.year - 1, 12, 31), None
        return last, None

    def start_of(self, m: re.Match, frag: str) -> date:
        """The day work starts for 自…起 / 从…开始 (first day named) or …后 (the day after)."""
        first, last, _assumed = self.point(m, frag)
        return last + timedelta(days=1) if m.group("after") else first

    def rule_of(self, m: re.Match, frag: str) -> tuple[str, Rule]:
        """(period, year → that year's due dates) of a recurring token."""
        g = m.group
        if g("rw"):
            wd = _WEEKDAY[g("rwd")] if g("rwd") else 4  # no day named: Friday, the week's last workday
            return "week", lambda y: _weekdays(y, wd)
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
            if g("rqn"):
                offset = next(v for k, v in _QUARTER_MONTH.items() if g("rqn").startswith(k))
                if g("rqd"):
                    d = self.number(g("rqd"), frag)
                    if not 1 <= d <= 28 + (offset != 1) * 2:
                        raise self.fail(f"“{frag}”:没有{d}日")
                return "quarter", lambda y: [self.month_day(g, "rq", y, mm + offset, False, frag)
                                             for mm in (1, 4, 7, 10)]
            return "quarter", lambda y: [_month_end(y, mm) for mm in (3, 6, 9, 12)]
        if g("rh"):
            return "half_year", lambda y: [date(y, 6, 30), date(y, 12, 31)]
        if g("ryh"):
            mm = 6 if g("ryh") == "上" else 12
            return "year", lambda y: [_month_end(y, mm)]
        if g("ryq"):
            mm = 3 * self.number(g("ryq"), frag)
            return "year", lambda y: [_month_end(y, mm)]
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
        for a, b in sorted(cut):
            if a < pos:
                continue
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

    def protected(self) -> list[tuple[int, int]]:
        """Spans whose 、 lists one thing: standing rules (周调度、月通报) and named days."""
        spans = [m.span() for m in _STD_LIST.finditer(self.norm) if "、" in m.group()]
        spans += [m.span() for m in _FEST_LIST.finditer(self.norm)]
        return spans

    def clauses(self) -> list[tuple[int, int, str]]:
        """(start, end, separator before it) of each non-empty clause."""
        out, start, sep = [], 0, ""
        norm = self.norm
        protected = set()
        if "、" in norm:
            for a, b in self.protected():
                protected.update(range(a + 1, b))
        for i, ch in enumerate(norm + ","):
            if ch not in _SEPARATORS and i < len(norm):
                continue
            if ch == "、" and 0 < i < len(norm) - 1 and (
                    (_is_num(norm[i - 1]) and _is_num(norm[i + 1])) or i in protected):
                continue  # "4、5月份", "周调度、月通报": one thing, not two clauses
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

    def read_clause(self, a: int, b: int) -> list[_Draft] | _Start | None:
        """Drafts for one clause; a _Start when it only says when work starts; None when it has
        no marker (label text only)."""
        norm = self.norm
        head = _LEAD.match(norm, a, b)
        body = head.end() if head else a
        tied = bool(head) and head.group() in _TIES
        wait = _COND_WAIT.match(norm, body, b)
        if (wait and "后" in norm[wait.end():b]) or _COND_SEE.match(norm, body, b) \
                or _COND_LATER.search(norm, body, b):
            cut = [(body, wait.end())] if wait and "后" in norm[wait.end():b] else []
            return [_Draft("conditional", a, b, label=self.label_around(a, b, cut))]

        tokens = list(_TOKEN.finditer(norm, a, b))
        spans = [t.span() for t in tokens]
        inside = lambda p: any(s < p < e for s, e in spans)  # noqa: E731
        if any(not inside(m.start()) for m in _COND_AFTER.finditer(norm, body, b)):
            return [_Draft("conditional", a, b, label=self.label_around(a, b, []))]
        standing = self.standing(a, b, spans)
        self.check_stray(a, b, spans + [s.span() for s in standing])

        ongoing = [t for t in tokens if t.group("ong")]
        starts = [t for t in tokens if not t.group("ong") and self.is_start(t)]
        dated = [t for t in tokens if not t.group("ong") and not self.is_start(t)]
        strong = [t for t in dated if not self.weak(t)]
        begins = None
        if starts:
            first = starts[0]
            frag = self.text[first.start():first.end()]
            begins = lambda: self.start_of(first, frag)  # noqa: E731
        drafts: list[_Draft] = []
        cut_starts = [t.span() for t in starts]
        if strong or dated:
            drafts = self.split_dated(a, b, strong or dated[:1], cut_starts)
        elif not standing and _COND_WEAK.search(norm, body, b):
            return [_Draft("conditional", a, b, label=self.label_around(a, b, cut_starts))]
        for s in standing:
            every = _STD_EVERY[s.group("sp")]
            drafts.append(_Draft("recurring", a, b, every=every, rule=_period_rule(every),
                                 label=self.text[s.start():s.end()].strip("“”\"‘’'")))
        if drafts:
            drafts.sort(key=lambda d: d.start)
            for d in drafts:
                if d.kind == "recurring":
                    d.tied, d.begins = tied, begins
            return drafts
        if ongoing:
            cut = [t.span() for t in ongoing if t.group("ong") in _ONGOING_TIME
                   and (t.start() <= body or t.end() >= b or self.norm[t.end():b].strip(_TRIM) == "")]
            label = self.label_around(a, b, cut + cut_starts)
            if label and cut and cut[-1][1] >= b and _COPULA.search(label):  # 系统运维为长期工作
                label = self.tidy(label[:_COPULA.search(label).start()])
            return [_Draft("ongoing", a, b, label=label)]
        if starts:
            return _Start(begins, a, self.text[starts[0].start():starts[0].end()])
        vague = _VAGUE.search(norm, a, b)
        if vague:
            raise self.fail(f"“{self.text[vague.start():vague.end()]}”不是明确的时间")
        return None

    @staticmethod
    def is_start(t: re.Match) -> bool:
        """自4月起 / 从下半年开始 / 元宵节后(开始): when work starts, not when it is due."""
        g = t.group
        return not g("rec") and bool(g("from") or (g("after") and not g("offn")))

    def standing(self, a: int, b: int, spans: list[tuple[int, int]]) -> list[re.Match]:
        """The items of standing rules in the clause: 严格落实周调度、月通报制度 → 周调度, 月通报."""
        found = []
        for lst in _STD_LIST.finditer(self.norm, a, b):
            items = [m for m in _STD_ITEM.finditer(self.norm, lst.start(), lst.end())
                     if not any(s < m.end() and m.start() < e for s, e in spans)]
            if not items:
                continue
            if len(items) > 1 or _STD_CONTEXT_AFTER.match(self.norm, lst.end(), b) \
                    or _STD_CONTEXT_BEFORE.search(self.norm, a, lst.start()):
                found.extend(items)
        return found

    @staticmethod
    def weak(t: re.Match) -> bool:
        """A year alone or 全年: a date only when nothing more precise is in the clause."""
        g = t.group
        if g("yplain"):
            return g("yplain").startswith("全")
        return bool(g("pfx")) and not any(
            g(k) for k in ("m", "half", "q", "q2", "fest", "term", "season", "ylev"))

    def check_stray(self, a: int, b: int, spans: list[tuple[int, int]]) -> None:
        masked = list(self.norm[a:b])
        for s, e in spans:
            masked[s - a:e - a] = "\0" * (e - s)
        stray = _STRAY.search("".join(masked))
        if stray:
            frag = self.text[a + stray.start():a + stray.end()]
            raise self.fail(f"“{frag}”缺少月份或无法识别")

    def split_dated(self, a: int, b: int, tokens: list[re.Match],
                    starts: list[tuple[int, int]]) -> list[_Draft]:
        """One draft per date token; text before the first token belongs to it."""
        # "清明、五一、端午节前": the last one's 前 goes for the whole list
        before: list[bool | None] = [None] * len(tokens)
        for k in range(len(tokens) - 2, -1, -1):
            t, nxt = tokens[k], tokens[k + 1]
            named = all(x.group("fest") or x.group("term") for x in (t, nxt))
            if named and self.norm[t.end():nxt.start()] in ("、", "和", "及", "与") \
                    and not (t.group("before") or t.group("on") or t.group("after")):
                before[k] = before[k + 1] if before[k + 1] is not None else bool(nxt.group("before"))
        drafts = []
        for k, t in enumerate(tokens):
            start = a if k == 0 else t.start()
            end = tokens[k + 1].start() if k + 1 < len(tokens) else b
            frag = self.text[t.start():t.end()]
            cut = [t.span()] + [s for s in starts if start <= s[0] < end]
            label = self.label_around(start, end, cut, dangling=k + 1 < len(tokens))
            if t.group("rec"):
                every, rule = self.rule_of(t, frag)
                drafts.append(_Draft("recurring", start, end, every=every, rule=rule, label=label))
                continue
            due, assumed = self.date_of(t, frag, before[k])
            drafts.append(_Draft("once", start, end, due=due, label=label,
                                 assumed=f"{frag.strip()}:{assumed}" if assumed else None))
        for k in range(len(drafts) - 2, -1, -1):  # "清明、五一前各开展一次检查": the label is shared
            if drafts[k].label is None and drafts[k].kind == drafts[k + 1].kind == "once" \
                    and self.norm[tokens[k].end():tokens[k + 1].start()] in ("、", "和", "及", "与"):
                drafts[k].label = drafts[k + 1].label
        return drafts

    # ---------------------------------------------------------------- whole text

    def read(self) -> list[Milestone]:
        drafts: list[_Draft] = []
        pending: list[tuple[int, int, str]] = []  # unmarked clauses before any milestone
        start: _Start | None = None  # a 自…起 clause waiting for the clause it starts
        for a, b, sep in self.clauses():
            new = self.read_clause(a, b)
            if isinstance(new, _Start):
                start = new
                continue
            if new is None:
                if drafts:
                    self.glue_after(drafts[-1], a, b, sep)
                else:
                    pending.append((a, b, sep))
                continue
            if pending:
                self.glue_before(new[0], pending, sep)
                pending = []
            if start is not None:
                for d in new:
                    if d.kind == "recurring" and d.begins is None:
                        d.begins = start.begins
                new[0].start = min(new[0].start, start.start)
                start = None
            if drafts and sep == "、" and drafts[-1].label is None and drafts[-1].kind == new[0].kind == "once":
                drafts[-1].label = new[0].label  # "3月底前、6月底前分别完成"
            drafts.extend(new)
        if start is not None:
            raise self.fail(f"“{start.fragment}”只有开始时间,没有完成时限")
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
            if d.begins is not None:  # 自4月起每月…: the first one on or after the start
                after = d.begins() - timedelta(days=1)
            elif d.tied and prev is not None:  # 此后每季度…: the first one after the step before
                after = prev
            else:  # each clause on its own: the first one of the plan year
                after = date(self.year, 1, 1) - timedelta(days=1)
            due = _first_after(d.rule, after)
        label = d.label
        if d.assumed:  # a season's date: the label says which date was taken
            label = f"{label}({d.assumed})" if label else d.assumed
        source = self.text[d.start:d.end]
        n = _normalise(source)
        i, j = 0, len(n)
        while i < j and n[i] in _TRIM:
            i += 1
        while j > i and n[j - 1] in _TRIM:
            j -= 1
        return Milestone(due=due, kind=d.kind, every=d.every, label=label, source=source[i:j])


def _is_num(ch: str) -> bool:
    return ch.isdigit() or ch in _CN


@lru_cache(maxsize=64)
def _weekdays(y: int, wd: int) -> tuple[date, ...]:
    """Every date of year y that falls on weekday wd (0 = Monday)."""
    first = date(y, 1, 1) + timedelta(days=(wd - date(y, 1, 1).weekday()) % 7)
    return tuple(first + timedelta(weeks=k) for k in range(53) if (first + timedelta(weeks=k)).year == y)


def _period_rule(every: str) -> Rule:
    """The plain rule of a period: Fridays, month ends, quarter ends, half-year ends, 12-31."""
    if every == "week":
        return lambda y: _weekdays(y, 4)
    months = {"month": range(1, 13), "quarter": (3, 6, 9, 12), "half_year": (6, 12), "year": (12,)}[every]
    return lambda y: [_month_end(y, m) for m in months]


def _first_after(rule: Rule, after: date) -> date:
    """The first date the rule yields strictly after `after` (looking up to 2 years on)."""
    for y in range(after.year, after.year + 3):
        for due in rule(y):
            if due > after:
                return due
    raise AssertionError("a recurring rule always yields a date within a year")


def parse_deadline(text: str, year: int, province: str | None = None) -> list[Milestone]:
    """Read a 完成时限 text of a plan for `year`; raise DeadlineError if any part is unreadable.

    `province` (河北, 山东 …) is the plan's province: it dates season words (雨季前, 供暖季前);
    without it they are unreadable."""
    if not isinstance(text, str) or not text.strip():
        raise DeadlineError(text if isinstance(text, str) else repr(text), "内容为空")
    return _Reader(text, year, province).read()
