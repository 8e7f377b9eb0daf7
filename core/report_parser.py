"""Reading a progress report as township staff write it in WeChat.

Pure: the text, a `Catalogue` of the plan's tasks (plain data) and the sender's township in; a
`Reading` out — the task, the township, the status, the figures, and a verdict: "report" (sure
enough to record), "ask" (one question with numbered choices, see `Question`), "not_report"
(a question or chat: for the policy Q&A) or "unknown_task" (names a task the plan does not have).

Never guess: anything the words do not decide — two tasks alike, no status, a figure without a
unit — is asked. `complete` reads the answer to that question.
"""
from __future__ import annotations

import bisect
import math
import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache

from core import numerals
from core.counties import is_every_township_office
from core.reply_text import clip

REPORT, ASK, NOT_REPORT, UNKNOWN_TASK = "report", "ask", "not_report", "unknown_task"
STATUS_NAMES = {"done": "已完成", "in_progress": "正在推进", "blocked": "遇到困难", "not_started": "尚未开始"}

# --- words ----------------------------------------------------------------------------------------

# Typos and homophones of voice input, fixed before anything else reads the text.
_TYPOS = (("台帐", "台账"), ("抬账", "台账"), ("三包障", "三保障"), ("三保账", "三保障"), ("低报", "低保"),
          ("临时求助", "临时救助"), ("公幕", "公墓"), ("村规明约", "村规民约"), ("村归民约", "村规民约"),
          ("排差", "排查"), ("完币", "完毕"), ("留手", "留守"), ("养老机购", "养老机构"), ("整该", "整改"))

# How people say what the plan words differently: used to find the task, never shown back.
_ALIASES = (
    (r"敬老院|养老院|福利院|幸福院", "养老机构"),
    (r"墓地|陵园|墓园", "公墓"),
    (r"村规(?!民约)", "村规民约"),
    (r"两补|残补|残疾人补贴|残疾补贴", "两项补贴"),
    (r"(?:六十|60)(?:周)?岁以上", "60周岁以上"),
    (r"(?<!留守)老(?:年)?人台账", "60周岁以上老年人和无劳动能力人员台账"),
    (r"老人", "老年人"),
    (r"渐退(?!期)", "渐退期"),
    (r"提标|提高标准", "保障标准"),
    (r"防贫监测|防返贫", "防致贫"),
    (r"孤困儿童", "困境儿童"),
)
_ALIAS_PATTERNS = tuple((re.compile(pattern), word) for pattern, word in _ALIASES)
# Words of every task, or of none: they never tell tasks apart.
_STOP_TERMS = frozenset({
    "工作", "情况", "及时", "进行", "开展", "相关", "部门", "乡镇", "民政", "民政办", "各乡镇", "开发区",
    "完成", "建立", "目前", "已经", "全部", "我们", "辖区", "对象", "人员", "按程序", "符合条件",
})
_TERM_LENGTHS = range(8, 1, -1)

# Status, in the order they are tried: a negated "完成" is not done, and a difficulty beats a
# 完成 elsewhere in the text.
_STATUS_PATTERNS = (
    ("not_started", r"还没(?:有)?(?:开始|启动|动|做|弄|搞|开展|开工)|(?:尚|还|暂)未(?:开始|启动|开展|开工)|"
                    r"未(?:开始|启动|开工)|没(?:有)?(?:开始|启动|开工)"),
    ("blocked", r"卡住|卡壳|卡在|受阻|无法|没法|没办法|推不动|进行不下去|停工|停滞|"
                r"(?:遇到|存在|有|比较|很|太|特别)困难|困难(?:较大|很大|太大)|难度(?:很|较|太)?大|"
                r"(?:没|未)(?:有)?到位|缺(?:资金|钱|人手)|完成不了|做不了|搞不了|来不及|"
                r"需(?:要)?(?:上级|局里)?协调|批不下来|选不了址|没批下来"),
    ("in_progress", r"正在|进行中|推进中|开展中|实施中|施工中|在做|在弄|在搞|还在|尚未完成|未完成|没(?:有)?完成|"
                    r"(?:完成|进行)了?(?:一半|大半|部分|过半|\d+(?:\.\d+)?%|百分之)|过半|陆续|逐步|"
                    r"基本完成|大部分|差不多了|快完了|即将完成|推进|开工"),
    ("done", r"已(?:经)?(?:全部)?完成|完成了|全部完成|完成|完毕|搞定|(?<=[查做弄办搞干报录填发建改])完|完了|"
             r"(?<=[建弄做办善整录搞订填])好|"
             r"结束了|(?:落实|全部|下拨|拨付|发放)到位|已到位|到位了|已下发|下发完|已发放|发放完|已上报|上报完|已报送|报送完|"
             r"竣工|完工|建成|已建立|建立完|收尾了|已经好了|都好了|整改到位|已整改"),
)
_STATUS = tuple((status, re.compile(pattern)) for status, pattern in _STATUS_PATTERNS)
_QUESTION = re.compile(
    r"[?？]|吗$|吗[,。!]|么$|呢$|了没|没有$|怎么|如何|什么|哪些|哪个|哪里|哪儿|多少钱|几号|几时|何时|"
    r"是否|能否|可否|可不可以|能不能|有没有|要不要|是不是|谁负责|谁管|请问|咨询|问一下|标准是")

# 任务4, 第4项, 4号任务, 第四项任务, 任务七-1; refs as the plan cites them: 三(一)4, (二)3, 三(一)3-2.
_CN_SMALL = "一二三四五六七八九十"
_NUM = rf"(\d{{1,2}}|[{_CN_SMALL}]{{1,3}})"
_TASK_NUMBER = re.compile(
    rf"任务\s*{_NUM}(?:\s*[-—]\s*(\d))?|第\s*{_NUM}\s*(?:项|条|个|号)\s*(?:任务|工作)?|{_NUM}\s*号任务|"
    rf"第\s*{_NUM}\s*号?任务")
_TASK_REF = re.compile(rf"([{_CN_SMALL}]{{1,2}})?[(（]([{_CN_SMALL}]{{1,2}})[)）]\s*(\d{{1,2}})(?:\s*[-—]\s*(\d))?")

# --- figures --------------------------------------------------------------------------------------

# After a numeral: the unit, longest first. 万元 is folded into the value (1.2万元 → 12000 元).
_UNITS = ("平方米", "个行政村", "个乡镇", "个村", "人次", "户次", "万元", "亿元", "元", "户", "人", "名", "位",
          "家", "所", "处", "座", "村", "份", "件", "条", "项", "批", "册", "本", "卷", "张", "床", "台",
          "套", "场", "次", "亩", "个", "%")
# Numerals that are not figures: ages, dates, times, ordinals, durations, grades.
_NOT_FIGURE_AFTER = re.compile(r"(?:周岁|岁|年|月|日|号|点|时|分钟|天|周|季度|个月|个季度|个工作日|期|届|级|档|是|"
                               r"轮|遍|步|阶段|成|倍|\s*[-~至到]\s*\d)")
_PERCENT_WORDS = re.compile(rf"百分之([{numerals.CHINESE_CHARS}]+|\d+(?:\.\d+)?)")
# Plan words that hold a numeral but are no figure.
_NUMERAL_WORDS = ("三保障", "两不愁", "两项补贴", "一事一议", "十三五", "万名干部", "三级", "一档", "一户一档",
                  "一对一", "一遍", "一下", "一共", "一起", "一直", "一些", "一般", "一定", "一律", "统一",
                  "一一", "万一", "一体", "一并", "一是", "二是", "三是", "四是", "五是", "六是", "一次性")
_LABEL_LEAD = ("截至目前", "截止目前", "到目前", "其中", "共计", "总计", "合计", "累计", "一共", "总共", "共", "已经",
               "已", "目前", "现在", "现", "发现有", "发现", "涉及", "并且", "并", "和", "及", "又", "还有", "还",
               "另外", "另", "那个", "就是", "了", "的", "有", "是", "给", "为", "对", "向", "本月", "今天",
               "我们", "我乡", "我镇", "本乡", "本镇", "那", "这", "都", "也")
_LABEL_TAIL = ("了", "共计", "总计", "合计", "共", "有", "为", "是", "达到", "达", "约", "大约", "近", "将近", "的",
               "计", "了约")
_WORD = re.compile(r"[\w%]+")  # plan words hold no punctuation
_BOUNDARY = re.compile(r"[,，。;；、!！:：\s()（）]")
_MASK = "■"
_CHOICE = re.compile(rf"^(?:选|是|就是|第)?\s*(\d{{1,2}}|[{_CN_SMALL}])\s*(?:个|号|项|条)?(?:吧|的|啊|呀)?$")
_CANCEL = re.compile(r"^(?:取消|算了|不报了|不用了|撤销|不对|都不是|没有|不是)$")


@dataclass(frozen=True)
class TaskEntry:
    """One task of the plan as the parser sees it."""

    ref: str  # 三(一)4
    number: str  # 4: numbers restart in every section
    title: str
    measures: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()  # the milestones' labels: 建立台账, 排查完成…
    townships: frozenset[str] = frozenset()  # townships whose office owes the task

    @property
    def short(self) -> str:
        return short_title(self.title)

    @property
    def text(self) -> str:
        return "\n".join((self.title, *self.measures, *self.labels))


@dataclass(frozen=True)
class Catalogue:
    """The current plan's tasks and the county's townships."""

    tasks: tuple[TaskEntry, ...]
    townships: tuple[str, ...]

    def by_ref(self, ref: str) -> TaskEntry | None:
        return next((t for t in self.tasks if t.ref == ref), None)


@dataclass(frozen=True)
class Figure:
    label: str
    value: int | float | None  # None: the numeral could not be read
    unit: str | None  # None: written without a unit, to be asked

    def as_dict(self) -> dict:
        return {"label": self.label, "value": self.value, "unit": self.unit}

    def __str__(self) -> str:
        return f"{self.label}{format_quantity(self.value, self.unit)}"


@dataclass(frozen=True)
class Question:
    kind: str  # task / status / unit
    choices: tuple[tuple[str, str], ...] = ()  # (value, as shown)
    figure: int | None = None  # for kind unit: which figure

    def text(self, reading: "Reading") -> str:
        numbered = " ".join(f"{i} {shown}" for i, (_, shown) in enumerate(self.choices, 1))
        if self.kind == "task" and self.choices:
            return f"您说的是:{numbered}?回复数字即可"
        if self.kind == "task":
            return ("没能确定是方案中的哪项任务。请回复任务编号(如 三(一)4)或任务名称;"
                    "回复“本乡任务”可查看清单。")
        if self.kind == "status":
            return f"这项工作目前进度如何:{numbered}?回复数字即可"
        figure = reading.figures[self.figure]
        return f"“{figure.label}{format_quantity(figure.value, None)}”的单位是:{numbered}?回复数字或单位即可"


@dataclass(frozen=True)
class Reading:
    verdict: str
    task: str | None = None  # ref
    township: str | None = None
    township_named: bool = False  # the text named it (else it is the sender's)
    status: str | None = None
    figures: tuple[Figure, ...] = ()
    candidates: tuple[str, ...] = ()  # refs the text might mean
    question: Question | None = None
    unknown: str = ""  # 任务9, when the plan has no such task
    words: tuple[str, ...] = ()  # plan words the task was found by

    def as_dict(self) -> dict:
        question = None
        if self.question is not None:
            question = {"kind": self.question.kind, "choices": [list(c) for c in self.question.choices],
                        "figure": self.question.figure}
        return {"verdict": self.verdict, "task": self.task, "township": self.township,
                "township_named": self.township_named, "status": self.status,
                "figures": [f.as_dict() for f in self.figures], "candidates": list(self.candidates),
                "question": question, "unknown": self.unknown, "words": list(self.words)}

    @classmethod
    def from_dict(cls, data: dict) -> "Reading":
        question = data.get("question")
        return cls(
            verdict=data["verdict"], task=data.get("task"), township=data.get("township"),
            township_named=data.get("township_named", False), status=data.get("status"),
            figures=tuple(Figure(f["label"], f["value"], f["unit"]) for f in data.get("figures", ())),
            candidates=tuple(data.get("candidates", ())),
            question=Question(question["kind"], tuple(tuple(c) for c in question["choices"]), question["figure"])
            if question else None,
            unknown=data.get("unknown", ""), words=tuple(data.get("words", ())))


def short_title(title: str) -> str:
    """A task's title up to its first comma, clipped for one phone line."""
    return clip(title.split(",")[0], 18)


def format_quantity(value: int | float | None, unit: str | None) -> str:
    """412户, 1.2万元, 350万元, 80%."""
    unit = unit or ""
    if value is None:
        return unit
    if unit == "元" and value >= 10_000:
        return f"{_plain(value / 10_000)}万元"
    return f"{_plain(value)}{unit}"


def _plain(number: int | float) -> str:
    return str(int(number)) if float(number).is_integer() else f"{number:.4f}".rstrip("0").rstrip(".")


# --- reading --------------------------------------------------------------------------------------

def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).strip()
    for wrong, right in _TYPOS:
        text = text.replace(wrong, right)
    return text


def parse(text: str, catalogue: Catalogue, sender_township: str | None = None) -> Reading:
    """What a staff member's message reports, and whether it is sure enough to record."""
    text = normalise(text)
    if _QUESTION.search(text):
        return Reading(NOT_REPORT)
    mentions = _task_mentions(text)
    township_spans = _township_spans(text, catalogue.townships)
    township = township_spans[0][2] if township_spans else sender_township
    status_spans = _status_spans(text)
    status = status_spans[0][2] if status_spans else None
    masked = _mask(text, [m.span for m in mentions] + [(s, e) for s, e, _ in township_spans])
    figures = _figures(text, masked, [m.span for m in mentions] + [(s, e) for s, e, _ in township_spans],
                       status_spans)
    if not mentions and status is None and not figures:
        return Reading(NOT_REPORT)
    reading = Reading(ASK, township=township, township_named=bool(township_spans), status=status,
                      figures=tuple(figures))
    words_text = _strip_for_words(text, status_spans, township_spans, mentions, figures)
    if mentions:
        unknown = [m for m in mentions if not _mentioned_tasks(m, catalogue)]
        if unknown:
            return replace(reading, verdict=UNKNOWN_TASK, unknown=unknown[0].said)
        candidates = _mentioned_tasks(mentions[0], catalogue)
        return _settle(_choose(reading, candidates, words_text, catalogue, sender_township, by_number=True),
                       catalogue)
    if status is None and not _score(words_text, catalogue.tasks, catalogue)[0]:
        return Reading(NOT_REPORT)  # figures alone, about nothing of the plan: chat, not a report
    return _settle(_choose(reading, catalogue.tasks, words_text, catalogue, sender_township), catalogue)


def complete(reading: Reading, answer: str, catalogue: Catalogue, sender_township: str | None = None
             ) -> Reading | None:
    """The reading once `answer` replies to its question; None if the answer does not reply to it."""
    question = reading.question
    if question is None:
        return None
    answer = normalise(answer).rstrip("。.!！ ")
    picked = choice_index(answer)
    if picked is not None and question.choices:
        if not 1 <= picked <= len(question.choices):
            return None
        value = question.choices[picked - 1][0]
        return _settle(_answered(reading, question, value), catalogue)
    if question.kind == "unit":
        unit = next((u for u in _UNITS if answer == u or answer == f"单位是{u}"), None)
        return None if unit is None else _settle(_answered(reading, question, unit), catalogue)
    if question.kind == "status":
        status = _status_spans(answer)
        return None if not status else _settle(replace(reading, status=status[0][2]), catalogue)
    # kind task: the answer names the task by ref, number or words; it may add a status or figures.
    told = parse(answer, catalogue, sender_township)
    if told.verdict == UNKNOWN_TASK:
        return told
    pool = [t for t in catalogue.tasks if t.ref in reading.candidates] or list(catalogue.tasks)
    mentions = _task_mentions(answer)
    if mentions:
        pool = [t for t in _mentioned_tasks(mentions[0], catalogue) if t in pool] or \
            _mentioned_tasks(mentions[0], catalogue)
    merged = replace(reading, status=reading.status or told.status,
                     figures=reading.figures or told.figures, candidates=())
    chosen = _choose(merged, pool, _strip_for_words(answer, _status_spans(answer), (), mentions, ()),
                     catalogue, sender_township, by_number=bool(mentions))
    if chosen.task is None and not chosen.candidates:
        return None
    return _settle(chosen, catalogue)


def choice_index(answer: str) -> int | None:
    """1, 第二个, 2号, 选3 → the number chosen; 前者/后者 → 1/2."""
    answer = answer.strip().rstrip("。.!！ ")
    if answer in ("前者", "前面那个", "第一个"):
        return 1
    if answer in ("后者", "后面那个"):
        return 2
    found = _CHOICE.match(answer)
    return numerals.value(found.group(1)) if found else None


def is_cancel(answer: str) -> bool:
    return bool(_CANCEL.match(normalise(answer).rstrip("。.!！ ")))


def looks_like_report(text: str) -> bool:
    """A task named by number or ref, and a status: a report whoever sends it (for refusing
    non-staff politely); other reports need the catalogue to be recognised."""
    text = normalise(text)
    return bool(_task_mentions(text)) and bool(_status_spans(text)) and not _QUESTION.search(text)


# --- the task -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Mention:
    said: str
    span: tuple[int, int]
    number: str
    part: str | None = None
    section: str | None = None  # 三(一), or (一) with the heading left out


def _task_mentions(text: str) -> list[_Mention]:
    found = []
    for match in _TASK_REF.finditer(text):
        section = f"{match.group(1) or ''}({match.group(2)})"
        found.append(_Mention(match.group(0), match.span(), match.group(3), match.group(4), section))
    taken = bytearray(len(text))  # a flag per character: linear however many refs a text holds
    for mention in found:
        taken[mention.span[0]:mention.span[1]] = b"\x01" * (mention.span[1] - mention.span[0])
    for match in _TASK_NUMBER.finditer(text):
        if any(taken[match.start():match.end()]):  # 任务三(一)4: "任务三" is the ref's heading, not task 3
            continue
        number = next(g for g in (match.group(1), match.group(3), match.group(4), match.group(5)) if g)
        found.append(_Mention(match.group(0), match.span(), str(numerals.value(number)), match.group(2)))
    return sorted(found, key=lambda m: m.span)


def _mentioned_tasks(mention: _Mention, catalogue: Catalogue) -> list[TaskEntry]:
    tasks = []
    for task in catalogue.tasks:
        base, _, part = task.ref.partition("-")
        if task.number != mention.number or (mention.part and part != mention.part):
            continue
        if mention.section and not base.endswith(f"{mention.section}{mention.number}"):
            continue
        tasks.append(task)
    return tasks


def _choose(reading: Reading, pool, words_text: str, catalogue: Catalogue, sender: str | None,
            by_number: bool = False) -> Reading:
    """The task among `pool` the words decide, or the candidates to ask about."""
    pool = list(pool)
    if by_number and sender and len(pool) > 1:
        pool = [t for t in pool if sender in t.townships] or pool  # a township reports what it owes
    scores, words, held = _score(words_text, pool, catalogue)
    ranked = sorted(pool, key=lambda t: -scores.get(t.ref, 0.0))
    top = scores.get(ranked[0].ref, 0.0) if ranked else 0.0
    second = scores.get(ranked[1].ref, 0.0) if len(ranked) > 1 else 0.0
    if len(pool) == 1 and by_number:
        return replace(reading, task=pool[0].ref, words=words)
    decisive = top >= (_BY_NUMBER_MIN if by_number else _WORDS_MIN) and top >= _LEAD * second and (
        by_number or all(_stands_out(ranked[0], other, held) for other in ranked[1:] if scores.get(other.ref)))
    if decisive:
        return replace(reading, task=ranked[0].ref, words=words)
    if by_number:
        return replace(reading, candidates=tuple(t.ref for t in ranked[:_MAX_CHOICES]))
    close = [t.ref for t in ranked if top and scores.get(t.ref, 0.0) >= top * _CLOSE][:_MAX_CHOICES]
    if len(close) == 1 and second:  # never a choice of one: the runner-up is the other choice
        close.append(ranked[1].ref)
    return replace(reading, candidates=tuple(close) if top >= _WORDS_FLOOR else ())


def _stands_out(top: TaskEntry, other: TaskEntry, held: dict[str, set[str]]) -> bool:
    """Words alone pick `top` over `other` only if one of its words is not `other`'s at all, or
    names `top` in its title and not `other` (临时救助 is 三(二)2's subject, a measure elsewhere)."""
    return any(term not in held.get(other.ref, ()) or (term in _aliased(top.title) and
                                                        term not in _aliased(other.title))
               for term in held.get(top.ref, ()))


_WORDS_MIN, _BY_NUMBER_MIN, _WORDS_FLOOR = 3.0, 0.5, 1.0
_LEAD, _CLOSE, _MAX_CHOICES = 1.6, 0.5, 3


def _score(text: str, pool, catalogue: Catalogue) -> tuple[dict[str, float], tuple[str, ...], dict[str, set[str]]]:
    """Each task's score for the plan words in `text`: rarer and longer words weigh more, and a
    word weighs more for a task whose title has it or whose measures keep coming back to it."""
    refs = {task.ref for task in pool}
    if not refs:
        return {}, (), {}
    holders_of = _index(catalogue.tasks).holders
    scores: dict[str, float] = {}
    held: dict[str, set[str]] = {}
    words = []
    text = _aliased(text)
    position = 0
    while position < len(text) - 1:
        term = next((text[position:position + n] for n in _TERM_LENGTHS
                     if text[position:position + n] in holders_of), None)
        if term is None:
            position += 1
            continue
        position += len(term)
        if term in _STOP_TERMS:
            continue
        holders = {ref: emphasis for ref, emphasis in holders_of[term].items() if ref in refs}
        weight = math.log((len(refs) + 1) / len(holders)) * (len(term) - 0.5) if holders else 0.0
        if weight <= 0:
            continue
        words.append(term)
        for ref, emphasis in holders.items():
            scores[ref] = scores.get(ref, 0.0) + weight * emphasis
            held.setdefault(ref, set()).add(term)
    return scores, tuple(words), held


@dataclass(frozen=True)
class _Index:
    holders: dict[str, dict[str, float]]  # term → {ref: 2 if in the title, + 1 per measure or label}


@lru_cache(maxsize=8)  # one per plan in use: built once, read by every message
def _index(pool: tuple[TaskEntry, ...]) -> _Index:
    holders: dict[str, dict[str, float]] = {}
    for task in pool:
        for part, emphasis in ((task.title, 2.0), *((text, 1.0) for text in (*task.measures, *task.labels))):
            terms = {part[start:start + n] for start in range(len(part)) for n in _TERM_LENGTHS}
            for term in terms:
                if len(term) > 1 and _WORD.fullmatch(term):
                    seen = holders.setdefault(term, {})
                    seen[task.ref] = seen.get(task.ref, 0.0) + emphasis
    return _Index(holders)


@lru_cache(maxsize=1024)  # titles are aliased again for every comparison
def _aliased(text: str) -> str:
    for pattern, word in _ALIAS_PATTERNS:
        text = pattern.sub(word, text)
    return text


def _strip_for_words(text, status_spans, township_spans, mentions, figures) -> str:
    """The text without what is not about the task: status words, townships, task numbers."""
    spans = [(s, e) for s, e, _ in status_spans] + [(s, e) for s, e, _ in township_spans] + \
        [m.span for m in mentions]
    return re.sub(r"[\d.%]+", "|", _mask(text, spans, "|"))  # figures say nothing of the task


# --- settling: what is still to ask ---------------------------------------------------------------

def _settle(reading: Reading, catalogue: Catalogue) -> Reading:
    if reading.task is None:
        choices = tuple((ref, f"{ref} {catalogue.by_ref(ref).short}") for ref in reading.candidates)
        return replace(reading, verdict=ASK, question=Question("task", choices))
    if reading.status is None:
        choices = tuple((status, name) for status, name in STATUS_NAMES.items())
        return replace(reading, verdict=ASK, question=Question("status", choices))
    for i, figure in enumerate(reading.figures):
        if figure.unit is None:
            choices = tuple((unit, unit) for unit in ("户", "人", "元"))
            return replace(reading, verdict=ASK, question=Question("unit", choices, i))
    return replace(reading, verdict=REPORT, question=None, candidates=())


def _answered(reading: Reading, question: Question, value: str) -> Reading:
    if question.kind == "task":
        return replace(reading, task=value)
    if question.kind == "status":
        return replace(reading, status=value)
    figures = list(reading.figures)
    figure = figures[question.figure]
    figures[question.figure] = _with_unit(figure, value)
    return replace(reading, figures=tuple(figures))


def _with_unit(figure: Figure, unit: str) -> Figure:
    if unit in ("万元", "亿元") and figure.value is not None:
        return Figure(figure.label, numerals._tidy(figure.value * (10_000 if unit == "万元" else 100_000_000)), "元")
    return Figure(figure.label, figure.value, unit)


# --- townships, status, figures -------------------------------------------------------------------

def _short_name(name: str) -> str:
    return re.sub(r"(?:蒙古族|满族|回族)?(?:镇|乡|街道)$", "", name)


def _township_spans(text: str, townships: tuple[str, ...]) -> list[tuple[int, int, str]]:
    pattern, names = _township_pattern(townships)
    return [(m.start(), m.end(), names[m.group(0)]) for m in pattern.finditer(text)] if names else []


@lru_cache(maxsize=8)
def _township_pattern(townships: tuple[str, ...]) -> tuple[re.Pattern, dict[str, str]]:
    """One pattern for every township by its full name or its short one (土城镇, 土城), longest first."""
    names = {form: name for name in townships for form in (name, _short_name(name)) if len(form) > 1}
    return re.compile("|".join(map(re.escape, sorted(names, key=len, reverse=True)))), names


def _status_spans(text: str) -> list[tuple[int, int, str]]:
    """Every status phrase; the first one is the status (by precedence, then position)."""
    found, taken = [], bytearray(len(text))  # taken: a flag per character, so a long text stays linear
    for status, pattern in _STATUS:
        for match in pattern.finditer(text):
            if not taken[match.start()]:
                found.append((match.start(), match.end(), status))
                taken[match.start():match.end()] = b"\x01" * (match.end() - match.start())
    return found


def _mask(text: str, spans, char: str = _MASK) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = char * (end - start)
    return "".join(chars)


def _figures(text: str, masked: str, boundaries: list[tuple[int, int]],
             status_spans: list[tuple[int, int, str]]) -> list[Figure]:
    for word in _NUMERAL_WORDS:
        masked = masked.replace(word, _MASK * len(word))
    masked, text = _percent_words(masked), _percent_words(text)
    # Where each earlier phrase ends, sorted: a figure's label starts after the last of them.
    figures, ends = [], sorted([end for _, end in boundaries] + [end for _, end, _ in status_spans])
    for match in numerals.NUMERAL.finditer(masked):
        said = match.group(0)
        start, end = match.span()
        after = masked[end:end + 7]
        approx = len(after) - len(after.lstrip("多余"))  # 八百多人: the figure as said, 800
        after = after[approx:]
        if masked[start - 1:start] == "第" or _NOT_FIGURE_AFTER.match(after):
            continue
        unit = next((u for u in _UNITS if after.startswith(u)), None)
        number = numerals.value(said)
        if unit is None and (not said[0].isdigit() and not any(c in said for c in "十百千万亿")):
            continue  # a lone 一/两 in passing (一下, 两个人 is caught by its unit)
        if number is None:
            continue
        if unit in ("万元", "亿元"):
            number, unit = numerals._tidy(number * (10_000 if unit == "万元" else 100_000_000)), "元"
            unit_length = 2
        else:
            unit_length = len(unit or "")
        before = bisect.bisect_right(ends, start)
        floor = ends[before - 1] if before else 0
        label = _label(text, floor, start) or _verb(text, status_spans, floor)
        figures.append(Figure(label, number, unit))
        bisect.insort(ends, end + approx + unit_length)
    return figures


def _verb(text: str, status_spans, floor: int) -> str:
    """发放 for a figure right after 已发放 (已发放23户) that has no words of its own."""
    phrase = next((text[s:e] for s, e, _ in status_spans if e == floor), "")
    return re.sub(r"^已(?:经)?|^全部|了$|完毕$|完$|到位$", "", phrase)


def _percent_words(text: str) -> str:
    """百分之八十 → 80%, keeping the text's length so spans still line up."""
    def write(match: re.Match) -> str:
        number = numerals.value(match.group(1))
        shown = f"{_plain(number)}%" if number is not None else match.group(0)
        return shown.rjust(len(match.group(0)), _MASK)
    return _PERCENT_WORDS.sub(write, text)


def _label(text: str, floor: int, start: int) -> str:
    chunk = text[floor:start]
    cut = max((m.end() for m in _BOUNDARY.finditer(chunk)), default=0)
    label = chunk[cut:].replace(_MASK, "")
    changed = True
    while changed and label:
        changed = False
        for lead in _LABEL_LEAD:
            if label.startswith(lead) and len(label) > len(lead):
                label, changed = label[len(lead):], True
        for tail in _LABEL_TAIL:
            if label.endswith(tail) and len(label) > len(tail):
                label, changed = label[:-len(tail)], True
    if label in _LABEL_LEAD or label in _LABEL_TAIL:
        return ""
    return label[-12:]


def catalogue_from_parsed(plan, townships: tuple[str, ...]) -> Catalogue:
    """A catalogue from a parsed plan (core.plan_parser.ParsedPlan), for tests and benchmarks that
    run without a database; the bot builds its own from the stored plan."""
    entries = []
    for task in plan.tasks:
        owing = frozenset(townships) if any(is_every_township_office(d) for d in task.departments) else frozenset()
        entries.append(TaskEntry(plan.ref(task), task.number, task.title, tuple(task.measures),
                                 tuple(m.label for m in task.milestones if m.label), owing))
    return Catalogue(tuple(entries), tuple(townships))
