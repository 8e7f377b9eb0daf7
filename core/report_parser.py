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
from collections import Counter
import math
import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache

from core import message_kind, numerals, report_status, script, soundalike
from core.counties import is_every_township_office
from core.reply_text import clip

REPORT, ASK, NOT_REPORT, UNKNOWN_TASK = "report", "ask", "not_report", "unknown_task"
NOT_IN_PLAN, NOT_OWED, OTHER_TOWNSHIP, INSTRUCTION = "not_in_plan", "not_owed", "other_township", "instruction"
REFUSALS = (UNKNOWN_TASK, NOT_IN_PLAN, NOT_OWED, OTHER_TOWNSHIP, INSTRUCTION)
STATUS_NAMES = {"done": "已完成", "in_progress": "正在推进", "blocked": "遇到困难", "not_started": "尚未开始"}

# --- words ----------------------------------------------------------------------------------------

# Typos and homophones of voice input, fixed before anything else reads the text.
_CIRCLED = re.compile("[\u2460-\u2473]")
_LINE_ITEM = re.compile(r"(?:^|(?<=\n))\s*(\d{1,2})[.、]")
_LINE_NUMBER = re.compile(_LINE_ITEM.pattern + r"(?=\d)")  # an item's number right before a count
_TYPOS = (("台帐", "台账"), ("抬账", "台账"), ("三包障", "三保障"), ("三保账", "三保障"), ("低报", "低保"),
          ("临时求助", "临时救助"), ("公幕", "公墓"), ("村规明约", "村规民约"), ("村归民约", "村规民约"),
          ("排差", "排查"), ("完币", "完毕"), ("留手", "留守"), ("养老机购", "养老机构"), ("整该", "整改"),
          # the plan's words that hold a numeral, typed with a digit: 3保障 is no figure 3
          ("3保障", "三保障"), ("2不愁", "两不愁"), ("2项补贴", "两项补贴"), ("1事1议", "一事一议"),
          ("啦", "了"))  # 建起来啦: 了, cheered

# How people say what the plan words differently: used to find the task, never shown back.
_ALIASES = (
    (r"敬老院|养老院|福利院|幸福院", "养老机构"),
    (r"墓地|陵园|墓园|坟地|殡葬(?:改革)?|移风易俗", "公墓"),
    # 三(一)1's households; 三(二)2 speaks of 未脱贫人员 中医疗支出较大的 (医疗支出大的未脱贫户)
    (r"(?<![大多高]的)(?:未|没)脱贫(?:的)?(?:那几|那些)?(?:户|贫困户)(?![中里]?(?:因病|医疗|看病))", "未脱贫建档立卡贫困户"),
    (r"(?:给)?留着低保|低保(?:都)?(?:给)?留着|保留(?:着)?低保", "保留低保政策"),  # 脱贫不脱政策
    (r"(?:新)?(?:满|过)\s*(?:60|六十)(?:周岁|岁)?", "60周岁"),
    (r"(?:那几|那些|剩下的?|几)户(?:还)?(?:没|未)脱贫(?:的)?", "未脱贫建档立卡贫困户"),  # "剩下那几户没脱贫的"
    (r"提(?:一)?档", "提高一档"),  # 精神残疾提档
    (r"村规(?!民约)", "村规民约"),
    (r"两补|残补|残疾人补贴|残疾补贴|(?:俩|两个)补贴", "两项补贴"),
    # 补贴 on its own is any money paid out (提标补差, 两项补贴, 临时救助): it names no task
    (r"(?<![两项疾活理])补贴", "|"),
    (r"(?:六十|60)(?:周)?岁?(?:以上|往上|朝上)", "60周岁以上"),
    (r"(?:无|没|没有)劳(?:动)?力|干不(?:了|动)(?:活|农活)", "无劳动能力"),
    (r"没人照顾|没人管|没人看|无人照料|没人照看", "无人监护"),
    (r"孩子|小孩|娃", "儿童"),
    (r"(?<!留守)老(?:年)?人(?:的|那本|这本|那个|这个)?台?账", "60周岁以上老年人和无劳动能力人员台账"),  # 老人那本账
    (r"临救(?!济)|救急(?:的)?钱|临时救济", "临时救助"), (r"特供(?!养)", "特困供养"),
    # what the work is called in plain words: 埋人的地方 is the 公墓, 村里定的规矩 the 村规民约
    (r"(?:统一|集中)?埋人的?(?:那个|那块)?地(?:方|儿|块)?", "公墓"),
    (r"(?:村里|大伙|大家)[^,，。;；\s]{0,6}(?:定|立|订)的?规矩|(?:定|立|订)规矩", "村规民约"),
    (r"老人", "老年人"), (r"没(?=劳动能力|劳力)", "无"),
    (r"渐退(?!期)", "渐退期"), (r"脱[了的]贫", "脱贫"),
    (r"提标|提高标准|新的?(?:低保)?标准|涨(?:了|过)?的?(?:那个|那些)?(?=(?:低保|特困|供养)?(?:钱|金|标准))", "保障标准"),
    # "台账里没纳入的那些": 三(一)3-2's 台账中未纳入人员
    (r"台账(?:里头?|里面|上|中)(?:没|未)(?:纳入|纳进|进)(?:的)?(?:那些|那部分)?(?:人员?|老年?人)?", "台账中未纳入人员"),
    (r"防贫监测|防返贫", "防致贫"),
    (r"(?:^|(?<=[\s,，。]))经(?:过)?[^,，。;；\s]{0,4}核实(?=[,，。\s])", ""),  # "经逐户核实,…": how a report opens, no task's 核实
    # 住房、上学、看病 asked of a household together: what the plan calls its 三保障
    (r"住房[^。;；]{0,10}(?:上学|看病)|(?:上学|看病)[^。;；]{0,10}住房", "三保障"),
    (r"孤困儿童", "困境儿童"),
    # "疫情那阵 新纳进低保五户 特困一个": 三(一)1's 疫情期间…纳入低保、特困 (三(二)2's 疫情 is of 临时救助金)
    (r"(?<!受)疫情(?![^,，。;；]{0,4}影响)(?:期间|那阵子?|那时候|这阵子?|那会儿?)?(?=[^。;；]{0,20}(?:低保|特困|孤儿)(?![^。;；]{0,12}临时救助))", "疫情期间纳入低保"),
)
_ALIAS_PATTERNS = tuple((re.compile(pattern), word) for pattern, word in _ALIASES)
# Words of every task, or of none: they never tell tasks apart.
_STOP_TERMS = frozenset({
    "工作", "情况", "及时", "进行", "开展", "相关", "部门", "乡镇", "民政", "民政办", "各乡镇", "开发区",
    "完成", "建立", "目前", "已经", "全部", "我们", "辖区", "对象", "人员", "按程序", "符合条件", "上报", "结果", "问题",
    # when, not what: 这季度, 每月, 一遍
    "季度", "每季度", "月份", "年度", "一遍", "一次", "每月", "月底", "长期", "全年", "项目", "任务",
    # how much of any construction is done: 公墓工程量 is the cemetery's
    "工程量",
    # how the work reaches people (入户、电话、微信): any task's
    "电话", "微信", "视频",
})
_TRAILING_PARTICLES = "的了和与及"
_STOP_PATTERN = re.compile("|".join(sorted(_STOP_TERMS, key=len, reverse=True)))
_TERM_LENGTHS = range(12, 1, -1)

# 任务4, 第4项, 4号任务, 第四项任务, 任务七-1; refs as the plan cites them: 三(一)4, (二)3, 三(一)3-2.
_CN_SMALL = "一二三四五六七八九十"
_NUM = rf"(\d{{1,2}}|[{_CN_SMALL}]{{1,3}})"
_TASK_NUMBER = re.compile(
    rf"任务\s*[:：]?\s*{_NUM}(?!保障|不愁|项补贴|事一议)(?:\s*[-—]\s*(\d))?|第\s*{_NUM}\s*(?:(?:项|条|号)\s*(?:任务|工作)?|个\s*(?:任务|工作|活儿?|事儿?)|个(?=\s*$))|{_NUM}\s*号任务|"
    rf"第\s*{_NUM}\s*号?任务")
_TASK_REF = re.compile(rf"([{_CN_SMALL}]{{1,2}})?[(（]([{_CN_SMALL}]{{1,2}})[)）]\s*(\d{{1,2}})(?:\s*[-—]\s*(\d))?")

# --- figures --------------------------------------------------------------------------------------

# After a numeral: the unit, longest first. 万元 is folded into the value (1.2万元 → 12000 元).
_UNITS = ("平方米", "米", "个行政村", "个乡镇", "个村", "个人", "人次", "户次", "万元", "亿元", "块钱", "元", "块", "户", "人", "名", "位",
          "家", "所", "处", "座", "村", "份", "件", "例", "条", "项", "批", "册", "本", "卷", "张", "床", "台",
          "套", "场", "起", "次", "亩", "个", "%")
# Numerals that are not figures: ages, dates, times, ordinals, durations, grades.
_NOT_FIGURE_AFTER = re.compile(r"(?:周岁|岁|\+|以上|以下|以内|年|月|日|号|点|时|分钟|天|周|季度|个月|个季度|个工作日|期|届|级|档|是|"
                               r"个?多?(?:通宵|晚上|夜|宿|钟头|小时|星期|礼拜|月)|"
                               r"轮|遍|步|阶段|倍|度|里地|里路|公里|里(?=[\s,，。;；]|$)|头(?:牛|猪|羊)|只(?:羊|鸡|鸭)|斤|\s*[-~至到]\s*\d|\s*[-~至到]\s*[一二三四五六七八九十]+[号日]|"
                               # the standard a report speaks of, not work done: "就是四千八那个", "4800元的标准"
                               r"那个(?![村户人])|元?的?标准|(?:提|涨|调)高?(?:到|至))")  # 从六千提到六千六
_PERCENT_WORDS = re.compile(rf"百分之([{numerals.CHINESE_CHARS}]+(?:点[{numerals.CHINESE_CHARS}]+)?|\d+(?:\.\d+)?)")
# Plan words that hold a numeral but are no figure.
_NUMERAL_WORDS = ("三保障", "两不愁", "两项补贴", "两个补贴", "俩补贴", "一事一议", "一件事", "十三五", "万名干部", "三级",
                  "一档", "一户一档",
                  "一对一", "一遍", "一下", "一共", "一起", "一直", "一些", "一般", "一定", "一律", "统一",
                  "一一", "一体", "一并", "一是", "二是", "三是", "四是", "五是", "六是", "一次性")
_LABEL_LEAD = ("截至目前", "截止目前", "到目前", "其中", "共计", "总计", "合计", "累计", "一共", "总共", "共", "已经",
               "已", "目前", "现在", "现", "发现有", "发现", "涉及", "并且", "并", "和", "及", "又", "还有", "还",
               "另外", "另", "那个", "就是", "了", "的", "有", "是", "给", "为", "对", "向", "本月", "今天",
               "我们", "我乡", "我镇", "本乡", "本镇", "那", "这", "都", "也")
_LABEL_TAIL = ("了", "共计", "总计", "合计", "一共", "总共", "共", "有", "为", "是", "达到", "达", "约", "大约", "近", "将近", "的",
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
    townships: frozenset[str] = frozenset()  # townships whose office owes the task (or its sites)
    section: str = ""  # the title of its section: 补齐短板方面
    body: str = ""  # the task's text as the plan writes it (its heading: 深化农村殡葬移风易俗…)

    @property
    def short(self) -> str:
        return short_title(self.title)

    @property
    def text(self) -> str:
        return "\n".join((self.title, *self.measures, *self.labels, self.body))


@dataclass(frozen=True)
class Catalogue:
    """The current plan's tasks and the county's townships."""

    tasks: tuple[TaskEntry, ...]
    townships: tuple[str, ...]

    def by_ref(self, ref: str) -> TaskEntry | None:
        return next((t for t in self.tasks if t.ref == ref), None)

    @property
    def sections(self) -> tuple[str, ...]:
        """The titles of the plan's sections of tasks (脱贫攻坚方面…), once each."""
        return tuple(dict.fromkeys(t.section for t in self.tasks if t.section))


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
    kind: str  # task / status / unit / figures
    choices: tuple[tuple[str, str], ...] = ()  # (value, as shown)
    figure: int | None = None  # for kind unit: which figure
    contradiction: str = ""  # for kind figures: the two figures that cannot both be true

    def text(self, reading: "Reading") -> str:
        numbered = " ".join(f"{i} {shown}" for i, (_, shown) in enumerate(self.choices, 1))
        if self.kind == "task" and self.choices:
            return f"您说的是:{numbered}?回复数字即可"
        if self.kind == "task":
            return ("没能确定是方案中的哪项任务。请回复任务编号(如 三(一)4)或任务名称;"
                    "回复“本乡任务”可查看清单。")
        if self.kind == "status":
            return f"这项工作目前进度如何:{numbered}?回复数字即可"
        if self.kind == "figures":
            return f"{self.contradiction},数字对不上,没有记录。请核对后重新发送这条汇报。"
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
    inquiry: str = ""  # the question the message also asks, for the answers
    more: tuple["Reading", ...] = ()  # the further items of a message that lists several reports (not kept in drafts)

    def as_dict(self) -> dict:
        question = None
        if self.question is not None:
            question = {"kind": self.question.kind, "choices": [list(c) for c in self.question.choices],
                        "figure": self.question.figure, "contradiction": self.question.contradiction}
        return {"verdict": self.verdict, "task": self.task, "township": self.township,
                "township_named": self.township_named, "status": self.status,
                "figures": [f.as_dict() for f in self.figures], "candidates": list(self.candidates),
                "question": question, "unknown": self.unknown, "words": list(self.words), "inquiry": self.inquiry}

    @classmethod
    def from_dict(cls, data: dict) -> "Reading":
        question = data.get("question")
        return cls(
            verdict=data["verdict"], task=data.get("task"), township=data.get("township"),
            township_named=data.get("township_named", False), status=data.get("status"),
            figures=tuple(Figure(f["label"], f["value"], f["unit"]) for f in data.get("figures", ())),
            candidates=tuple(data.get("candidates", ())),
            question=Question(question["kind"], tuple(tuple(c) for c in question["choices"]), question["figure"],
                              question.get("contradiction", ""))
            if question else None,
            unknown=data.get("unknown", ""), words=tuple(data.get("words", ())), inquiry=data.get("inquiry", ""))


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

def normalise(text: str, catalogue: Catalogue | None = None) -> str:
    """NFKC in simplified characters, the typos of the short list, then (with the plan at hand) the plan's
    words by sound."""
    text = _CIRCLED.sub(lambda m: f"{ord(m.group()) - 0x245F}. ", text)  # ①非贫低保82户: item 1, no figure 1
    text = script.simplified(unicodedata.normalize("NFKC", text).strip())
    if {"1", "2"} <= set(_LINE_ITEM.findall(text)):  # "1.14个村全修订完了 \n 2.…": the list's 1, then 14个村
        text = _LINE_NUMBER.sub(lambda m: m.group() + " ", text)
    for wrong, right in _TYPOS:
        text = text.replace(wrong, right)
    text = _cells_read(_unspaced(_JIAO.sub(r"\1.\2元", text)))  # 7328元5角: 7328.5元
    return _corrector(catalogue.tasks).correct(text) if catalogue is not None else text


_JIAO = re.compile(r"(\d+)元(\d)角")


def _cells_read(text: str) -> str:
    """A row copied from a tracker ("村规民约修订|0|14个村|否|还没开始", "留守儿童排查(人)|38|52|73%"): a bare number
    counts what the row's other numbers (or its heading) count, and the done-or-not column says 已完成 or nothing."""
    if text.count("|") < 2:
        return text
    rows = []
    for line in text.split("\n"):
        cells = line.split("|")
        if len(cells) < 3:
            rows.append(line)
            continue
        said = next((m.group(1) or m.group(2) for cell in cells for m in [_CELL_UNIT.search(cell)] if m), "")
        rows.append("|".join(f"{cell}{said}" if said and _BARE_NUMBER.fullmatch(cell)
                             else _DONE_CELL.sub(lambda m: _DONE_CELLS[m.group(1)], cell) for cell in cells))
    return "\n".join(rows)


_CELL_UNIT = re.compile(r"\d\s*(户|人|个村|村)|[(（](户|人|个村|村)[)）]")
_BARE_NUMBER = re.compile(r"\s*\d+\s*")
_DONE_CELLS = {"是": "已完成", "否": ""}  # a column of yes or no: done, or left to the other cells
_DONE_CELL = re.compile(r"^\s*(是|否)(?=\s|$)")


def _unspaced(text: str) -> str:
    """A message typed a word or a character at a time ("还 没 动 呢", "台帐 还没 开始 建"), its words joined:
    spaces there part words, not clauses. Spaces between longer runs part clauses and stay."""
    runs = text.split()
    if len(runs) < _FEWEST_SPACED or sum(map(len, runs)) > _SPACED_RUN * len(runs) or \
            not all(_HAN_RUN.fullmatch(run) for run in runs):
        return text
    return _HAN_GAP.sub("", text)


_FEWEST_SPACED, _SPACED_RUN = 4, 2.4  # at least four runs, of not much more than two characters on the average
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
_HAN_GAP = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")


@lru_cache(maxsize=8)  # one per plan in use
def _corrector(tasks: tuple[TaskEntry, ...]) -> soundalike.Corrector:
    """Against the plan's text and the words people are understood by (each on a line of its own)."""
    known = (word for _, word in _ALIASES)
    return soundalike.Corrector("\n".join((_plan_text(tasks), *known)))


def parse(text: str, catalogue: Catalogue, sender_township: str | None = None) -> Reading:
    """What a staff member's message reports, and whether it is sure enough to record.

    An order to the bot stores nothing; clauses that ask are kept apart for the answers
    (`inquiry`), so "敬老院改造完工了,验收该找谁" records the report and passes the question on, while
    "排查完了交给谁", one clause that asks, is no report at all. A message that lists reports of several
    tasks ("台账:建完了;村规民约:还没动") reads as its first item, the others in `more`."""
    text = normalise(text, catalogue)
    own = _SPEAKER.sub("", _FROM_ABOVE.sub("", text))
    text = own if own.strip() else text  # "【转】救助股:请各乡镇核对… \n 收到 储备金打到哪个账户": her line is hers
    items = _items(text, catalogue, sender_township)
    if items:
        return replace(items[0], more=items[1:])
    return _parse_one(text, catalogue, sender_township)


def _items(text: str, catalogue: Catalogue, sender: str | None) -> tuple[Reading, ...]:
    """The reports of a message that lists one task per item — items headed "台账:" or numbered "1、", split at
    line ends and semicolons, or plain lines that each report a task for sure — or () when it does not.

    Each item must name a task of its own, one its neighbours' words do not point to as well ("防贫预警机制:已建立
    与扶贫办对接:已完成" is one task's two measures), and at most one item may need a question (asked after the
    others are recorded)."""
    for splitter, headed in ((_ITEM_BREAK, True), (_LINE_BREAK, False)):
        pieces = [piece for piece in splitter.split(text.strip()) if piece.strip()]
        if len(pieces) < 2 or len(pieces) > _MOST_ITEMS or headed and not all(map(_headed, pieces)) or \
                not headed and not all(map(report_status.evidence, pieces)):  # plain lines each say a status
            continue
        readings = [_parse_one(piece, catalogue, sender) for piece in pieces]
        if not all(r.verdict == REPORT or headed and r.verdict == ASK and r.task for r in readings) or \
                sum(r.verdict == ASK for r in readings) > 1:
            continue
        tasks = [r.task for r in readings]
        if len(set(tasks)) == len(tasks) and all(_own_task(piece, reading.task, tasks, catalogue)
                                                 for piece, reading in zip(pieces, readings)):
            return tuple(readings)
    return ()


def _headed(piece: str) -> bool:
    """An item begins with its number (1、 (2) 三是), a heading (台账:) or a task's ref."""
    piece = piece.strip()
    unnumbered = _ITEM_NUMBER.sub("", piece, count=1)
    return unnumbered != piece or bool(_ITEM_HEAD.match(piece)) or \
        any(m.span[0] == 0 for m in _task_mentions(piece[:12]))


def _own_task(piece: str, task: str, tasks: list[str], catalogue: Catalogue) -> bool:
    """No other item's task scores near this item's own on its (normalised) words (a task named by number has no
    rival)."""
    if _task_mentions(piece, catalogue.sections):
        return True
    scores = _score(_strip_for_words(piece, report_status.evidence(piece), (), (), catalogue), catalogue.tasks,
                    catalogue)[0]
    return all(scores.get(other, 0.0) < _IN_PASSING * scores.get(task, 0.0) for other in tasks if other != task)


_MOST_ITEMS = 8
_ITEM_BREAK = re.compile(r"\s*(?:\n|[;；])\s*")
_LINE_BREAK = re.compile(r"\s*\n\s*")
_ITEM_NUMBER = re.compile(r"^(?:\d{1,2}\s*[、.．)）]|[(（]\d{1,2}[)）]|[一二三四五六七八九十]是)(?!\d)")
_ITEM_HEAD = re.compile(r"^[^,，。:：;；\d]{2,14}[:：]")  # 台账: 三保障排查: 两项补贴:


def _parse_one(text: str, catalogue: Catalogue, sender_township: str | None) -> Reading:
    """`parse` of one report, its text normalised."""
    text = _rows_read(_SIGNED.sub("", _FORWARD_MARK.sub("", text)))  # "报告:…。完毕": the form around a report
    quoted = _QUOTED_ASK.match(text)
    if quoted:  # "问:村规民约修订进度? 答:全镇21个村…": the question names the task; the answer is the report
        text = f"{_without_status(quoted.group(1).replace('?', ' ').replace('？', ' '))} {text[quoted.end():]}"
    small_talk = _DOWN_TO_BUSINESS.search(text)
    if small_talk and text[small_talk.end():].strip(" ,，。"):
        text = text[small_talk.end():]  # "老刘家老太太上个月走了…特困这个月就停了 说个正事 整改…": chat before
    if message_kind.is_instruction(text):
        return Reading(INSTRUCTION)
    if message_kind.is_greeting(text):
        return Reading(NOT_REPORT, inquiry=text)  # "好 辛苦了": no "好" of work done
    stated, asked = message_kind.split_questions(text)
    if asked:  # "听群里说奖补资金快下拨了 俺们能分多少", "…对接找谁 电话打了没人接": the ground of a question
        stated = _UNREACHED.sub(" ", _HEARSAY.sub(" ", stated)).strip()
    if _UNSURE.search(asked) and _task_mentions(text, catalogue.sections):
        stated = text  # "脱贫攻坚第九项 应该算弄完了吧": a report of a task by number, its status left open
    asking = message_kind.asking_at(text)
    # "问一下 那个两项补贴 新增的…": a question throughout — unless work done is counted after it ("我问一下
    # 临时救助我们乡发了五户 … 先行救助要补啥手续")
    if not stated or asking is not None and not report_status.evidence(text[:asking]) and not _DONE_COUNTED.search(stated):
        return Reading(NOT_REPORT, inquiry=text)
    forwarded = _FORWARDED.search(text)
    if forwarded and not _OWN_ANSWER.match(text, forwarded.end()):
        return Reading(NOT_REPORT, inquiry=text)  # a notice passed on, not progress
    hardship = _HARDSHIP.match(stated)
    if hardship:  # "难点是换届刚完 村里班子还没理顺 目前两不愁回头看还没开始": why it is hard, then where it stands
        why = _without_status(_without_work(stated[:hardship.end("why")]))
        stated = f"{why} {stated[hardship.end('why'):]}"
    notice = _NOTICE_SAID.match(stated)
    if notice:  # "县里通知说公墓得及早开工 俺们黄旗的公墓还没动呢": what the notice asks, then the sender's own
        own = _OWN_CLAUSE.search(stated, notice.end())
        mine = stated[own.end():].strip(" ,，。;；") if own else ""
        if not mine or _PASSED_ON.fullmatch(mine):  # "…还得交排查报告 俺跟村里都传达了": passed on, nothing done
            return Reading(NOT_REPORT, inquiry=text)
        # the notice names the task ("整改回头看"); what it says of doing it (得及早开工) is no progress
        stated = f"{_without_status(stated[notice.end():own.start()])} {mine}"
    # ("村规民约修订完 报乡里备案就行还是得报县局": how it is handed in, asked; "这季度三保障排查完了 排查报告交纸质的
    # 还是发邮箱" tells this round's work as well)
    handing = _HAND_OVER.search(asked) or (_HANDED_HOW.search(asked) or _ALONG.search(asked)) and not _ROUND.search(stated)
    if _WHEN_DONE.search(stated) and handing and not _HEADCOUNT.search(asked) \
            or _PAPER_READY.fullmatch(stated) and _HANDED_HOW.search(asked):
        # "三保障排查完了 表交给谁": once it is done, where it goes — but "比对完了 新增的十一个人材料交哪个股"
        # counts what the work found; "排查报告弄好了 是发邮箱还是交纸质的": the paper, and how it goes
        return Reading(NOT_REPORT, inquiry=text)
    said = report_status.evidence(stated)
    if said and all(any(m.start() <= e.start and e.end <= m.end() for m in _ACKNOWLEDGED.finditer(stated)) for e in said):
        return Reading(NOT_REPORT, inquiry=text)  # "县局通知已收到,保证按时完成任务": a notice acknowledged, a promise
    if _WHICH_COUNTS.search(asked) and said and all(stated[e.start:e.end] == "对不上" for e in said):
        return Reading(NOT_REPORT, inquiry=text)  # "名单跟扶贫办的对不上 到底以谁的为准": why it asks
    if asked and said and all(_AWAITS_ANSWER.fullmatch(_clause_at(stated, e.start)) for e in said):
        return Reading(NOT_REPORT, inquiry=text)  # "防贫预警 文件下来没有 我们这边等着呢": waits for what it asks
    reading = _read(stated, catalogue, sender_township)
    # "王股长早上好 我是新来的": a greeting, and no report of a task ("您好,任务12业已完成" is refused all the same)
    refused = reading.verdict in REFUSALS and said
    greeted = message_kind.opens_with_greeting(text) and not reading.figures and not refused and (
        not said or reading.task is None and not reading.candidates)
    # "公墓奖补资金 咋申请": the topic of a question; "4800的低保标准 下半年还调不调": the plan's own figure quoted
    quoted = all(f.value in _plan_figures(catalogue.tasks) for f in reading.figures)
    thanked = _THANKS.search(text) and reading.status is None and not reading.figures  # "好的 数据我再核对一遍 谢谢"
    # "本月各项情况已报完,辛苦审核,谢谢": every report sent, no task's progress
    thanked = thanked or _ALL_SENT.search(stated) and reading.task is None and reading.verdict not in REFUSALS
    # "这个月还用报不 上个月报过了": a question, and a remark that names no task — or tells only of an earlier round
    earlier = bool(said) and all(stated[e.start] in "报交送填" and _EARLIER.search(stated, max(0, e.start - 6), e.start)
                                 for e in said)  # the last round's report, not this round's work
    aside = asked and (reading.task is None and not reading.candidates or earlier) and not reading.figures \
        and reading.verdict not in REFUSALS
    if reading.verdict == NOT_REPORT or greeted or thanked or aside or asked and reading.status is None and quoted:
        return replace(Reading(NOT_REPORT), inquiry=text)
    if reading.status is not None and (_UNSURE.search(asked) or _CANNOT_SAY.search(stated) or _CHECK_FIRST.search(text)
                                       or _COUNTY_STEP.match(stated)
                                       or _CANNOT_SAY.search(asked) and _DONE_OR_NOT.search(asked)):
        # "电话都打过了 算弄完了吧", "好像弄完了 又好像还差点 我也说不准": theirs to say; the county's step, theirs to say of
        # their own
        return settle(replace(reading, status=None), catalogue)
    either = _EITHER_TASK.search(asked)
    if reading.verdict == REPORT and either:  # "…监测台账 他说建起来了 是三保障的还是防贫那个": which, the sender asks
        named = [names_task(side, catalogue) or names_task(f"{side}{''.join(reading.words)}", catalogue)
                 for side in either.groups()]  # (三保障的 … 监测台账: of the thing the report is about)
        if all(named) and named[0] != named[1] and reading.task in named:
            return settle(replace(reading, task=None, candidates=tuple(named)), catalogue)
    return replace(reading, inquiry=asked)


def _read(text: str, catalogue: Catalogue, sender: str | None) -> Reading:
    """The report a text (without its questions) makes, or why it makes none."""
    text = _without_others(_PUT_OFF.sub(" ", text), catalogue.townships)
    every_mention = _all_mentions(text, catalogue.sections)
    mentions = [m for m in every_mention if not m.taken_back]
    township_spans = _township_spans(text, catalogue.townships)
    said = report_status.paid_out(text, report_status.evidence(text))
    # Status phrases inside a longer plan phrase (剩余贫困人口 is whom the plan is about, not work left over) say
    # nothing — unless they count the work in the task's own name (截至5月20日共临时救助63户), which stays its words.
    holders = _index(catalogue.tasks).holders
    inside = [e.kind != report_status.DONE and _in_plan_phrase(text, e, holders) for e in said]
    found = [e for e, named_in in zip(said, inside) if not named_in or report_status.counted(text, e)]
    township = _reported_township(text, township_spans, found) or sender
    named = [m.span for m in every_mention] + [(s, e) for s, e, _ in township_spans]  # a number taken back is no count
    figures = _figures(text, _mask(text, named), named, found)
    if len(figures) > _MOST_FIGURES:
        return Reading(NOT_REPORT)  # no report gives hundreds of figures; comparing them all is quadratic
    progress = _progress(text, figures, found)
    status = report_status.status_of(found, progress == PARTIAL) or (report_status.DONE if progress == WHOLE else None)
    if progress == NONE and status != report_status.BLOCKED:
        status = report_status.NOT_STARTED  # "已巡访0人": nothing done, whatever the verbs say
    reading = Reading(ASK, township=township, township_named=bool(township_spans), status=status,
                      figures=tuple(f.figure for f in figures))
    words_text = _strip_for_words(text, [e for e, named_in in zip(said, inside) if not named_in], township_spans,
                                  every_mention, catalogue)
    if mentions:
        unknown = [m for m in mentions if not _mentioned_tasks(m, catalogue)]
        if unknown:
            return replace(reading, verdict=UNKNOWN_TASK, unknown=unknown[0].said)
        chosen = _choose(reading, _mentioned_tasks(mentions[0], catalogue), words_text, catalogue, sender,
                         by_number=True)
        # "三二四 三保障排查 完": the number says one task, the words decide another — a slip to ask about.
        by_words = _choose(reading, catalogue.tasks, words_text, catalogue, sender).task
        said_of = _score(words_text, catalogue.tasks, catalogue)[0]
        if chosen.task and by_words and by_words != chosen.task and \
                said_of.get(chosen.task, 0.0) < _IN_PASSING * said_of.get(by_words, 0.0):
            chosen = replace(chosen, task=None, candidates=(chosen.task, by_words))
    else:
        # "…资金已发放。另退役军人服务站要的名单也已报": other work told aside, after the report
        aside = _ASIDE_AFTER.search(words_text)
        if aside and _outside_plan(words_text[aside.start():], catalogue) and \
                not _outside_plan(words_text[:aside.start()], catalogue):
            words_text = words_text[:aside.start()]
        outside = _outside_plan(words_text, catalogue)
        opening = _FIRST_CLAUSE.match(words_text)
        if outside and opening and not _outside_plan(opening.group(), catalogue) and \
                not any(work in opening.group() for work in _BUREAU_WORK) and \
                _choose(Reading(ASK), catalogue.tasks, opening.group(), catalogue, sender).task:
            outside = ""  # "村规民约剩下那2个村 村里换届还没完 开不了会": the plan's task named first, the rest why
        if outside:
            return replace(reading, verdict=NOT_IN_PLAN, unknown=outside)
        chosen = _by_rhythm(_choose(reading, catalogue.tasks, words_text, catalogue, sender), text, catalogue)
        if status is None and (not figures and chosen.task is None or chosen.task is None and not chosen.candidates):
            return Reading(NOT_REPORT)  # no progress said of a task it names for sure, or figures about nothing
        chosen = _one_report(_of_the_section_named(chosen, text, catalogue), text, words_text, found, catalogue, sender)

    return settle(_checked(chosen, catalogue, sender, _contradiction(text, figures) or _all_and_left(text, found)), catalogue)


def _of_the_section_named(chosen: Reading, text: str, catalogue: Catalogue) -> Reading:
    """"乡村振兴那项 凤山敬老院改造 今天完工了": the section named (乡村振兴: its one task is the 公墓) and the words
    (敬老院改造, 三(二)5) disagree — which is meant is asked."""
    named = _SECTION_NAMED.search(text)
    task = catalogue.by_ref(chosen.task) if chosen.task else None
    if named is None or task is None or not task.section or _names_section(named.group(1), task.section):
        return chosen
    others = [t.ref for t in catalogue.tasks if t.section and _names_section(named.group(1), t.section)]
    return replace(chosen, task=None, candidates=(chosen.task, others[0])) if len(others) == 1 else chosen


_SECTION_NAMED = re.compile(r"([\u4e00-\u9fff]{2,6}?)(?:方面)?(?:的)?(?:那项|那块|这项|那一项|那个活)")


def _one_report(chosen: Reading, text: str, words_text: str, found: list[report_status.Evidence],
                catalogue: Catalogue, sender: str | None) -> Reading:
    """"村规民约弄完了 还有临时救助发了三户": two reports in one message, each with its own task and progress,
    are not one — which is meant is asked (each can then be sent on its own)."""
    if chosen.task is None:
        return chosen
    # where a second report may begin: 另外/还有…, a clause of its own with 也 (留守儿童也排查完了), the items of
    # a list written on one line ("1.两项补贴比对完了 2.留守老人巡访正在弄")
    joined = [(m.start(), m.end(), len(text), bool(m.group()), False) for m in _ALSO.finditer(text)]  # 另外, 还有
    items = _list_markers(text) or [m.span() for m in _SPOKEN_ITEM.finditer(text)]  # 1. 2. 3. — or 一是 二是
    listed = [(start, after, next_start, False, False)  # an item of the list, up to the next
              for (start, after), (next_start, _) in zip(items[1:], [*items[2:], (len(text), len(text))])]
    # …and, in a month's summary told clause by clause ("公墓选址卡住了 … 三保障排查季度报告已报"), a clause
    # that names a task of its own for sure
    breaks = [m.end() for m in _CLAUSE_GAP.finditer(text)][:_MOST_CLAUSES]  # (each is read twice: a bound keeps it linear)
    clauses = [(start, start, end, False, True) for start, end in zip(breaks, [*breaks[1:], len(text)])
               if _opens_with_plan_word(text[start:start + 16], catalogue)]
    unchosen = replace(chosen, task=None, candidates=())
    for start, after, end, announced, bare in sorted(joined + listed + clauses):
        first = _choose(unchosen, catalogue.tasks, words_text[:start], catalogue, sender).task
        later = _choose(unchosen, catalogue.tasks, words_text[after:end], catalogue, sender)
        second = later.task or next(iter(later.candidates), None)  # "…还有那个啥 三保障 也快了": 三保障 is one of two
        said_after = any(after <= e.start < end and e.kind != "later" for e in found)
        # not announced, the later part must name its own task for sure, by more than a word of two characters
        own = announced or later.task and sum(map(len, later.words)) > 2 and _own_task(
            text[after:end], later.task, [first, later.task], catalogue)
        if bare:  # a clause of its own: it must open with its task's name ("三保障排查季度报告已报"), after a report
            opens = _aliased(text[after:end])
            own = own and any(len(word) > 2 and opens.startswith(word) for word in later.words) and any(
                e.end <= start and e.kind != "later" for e in found)
        if first and second and first != second and first not in later.candidates and said_after and own:
            return replace(chosen, task=None, candidates=(first, second))
    return chosen


def _opens_with_plan_word(text: str, catalogue: Catalogue) -> bool:
    """Whether the text begins with a plan word of three characters or more (cheap: only such a clause is read)."""
    holders, opening = _index(catalogue.tasks).holders, _aliased(text)
    return any(opening[:n] in holders for n in range(3, len(opening) + 1))


_CLAUSE_GAP = re.compile(r"[\s,，。;；]+")
_MOST_CLAUSES = 24
_SPOKEN_ITEM = re.compile(r"(?<![\u4e00-\u9fff])[一二三四五六七八九]是(?=[\u4e00-\u9fff])")
_ALSO = re.compile(r"另外|顺便(?:说一下|说下|提一下)?|(?:^|(?<=[\s,，。;；]))还有(?![\d一二三四五六七八九十两几]|[^,，。;；\s]{0,8}(?:没|未))|"
                   r"(?<=[\s,，。;；])(?=[^\s,，。;；\d]{2,10}也(?:都|已经?|全)?[\u4e00-\u9fff]{1,3}(?:完|好|齐)了)")


# A bare "V完了" before asking where the result goes sets the time of the question, it reports nothing;
# "都收齐了 交哪个股" and "已完成" report as well as ask, and so does a thing said to be through ("村规民约完 表交谁").
_WHEN_DONE = re.compile(r"^(?!.*(?:已|都|全|均|俺们|我们|咱们|我镇|我乡|[\d一二三四五六七八九十两]+\s*[户人个村份]))[^,，。;；]{0,20}"
                        rf"(?:[{report_status.WORK_VERBS}]完|弄好|做好|整好)了?(?:以后|之后|的[\u4e00-\u9fff]{{1,4}})?$")
# A notice from above passed on is no progress; a village cadre's words passed on ("【转发】五道沟村支书:俺村
# 村规民约改完了") are, and are read as the sender's.
_FORWARDED = re.compile(r"(?:^|\n|^\s*【?转发】?)\s*关于[^,，。]{2,30}的通知|各乡镇[(（]开发区[)）]民政办[:：]|"
                        r"^\s*[^,，。:：\s]{0,10}通知[:：]\s*各乡镇|各乡镇(?:[(（]开发区[)）])?(?:民政办)?(?:于|务必|须|要在)")
# What a notice from above says, told in the sender's words ("县里通知上说了 每季度都得…", "县里通知要求整改回头看
# 四月底前完成。截至目前,我乡…"): up to the sender's own words, the county's, not progress.
_NOTICE_SAID = re.compile(r"^\s*(?:县里|局里|上级|上边|上面|县局|县政府|乡里|镇里)?的?(?:刚|今天|昨天|上午|下午)?(?:通知|文件|开会|会上)"
                          r"(?:上|里)?(?:说|要求|讲|写|强调)(?:了|的|着)?")
_OWN_CLAUSE = re.compile(r"[。;；!！]|[,，\s]+(?=俺|我|咱|本乡|本镇|截至|截止|目前|现在)")
_PASSED_ON = re.compile(r"(?:俺|我|咱)们?[^,，。;；\s]{0,8}(?:传达|转达|通知到|转发|说一声|说一下|说下|告诉你|知会)了?[。!！]?")


# "关于社会组织年检的通知 我镇3家…都年检完了": the notice named, then the sender's own answer to it.
_OWN_ANSWER = re.compile(r"[\s,，。:：]*(?:我镇|我乡|本镇|本乡|我街道|我们|俺们|咱们|我处)")
# A notice pasted from the work group, which the bureau or a leader sent the townships ("【转】救助股:请各乡镇
# 核对储备金到账情况"): its status words are no progress of the sender's. A village cadre's words passed on
# (南沟村主任:…) are a report.
_TITLE = r"(?:股|局长|股长|主任|领导|书记|县长)"  # the bureau's offices and the county's leaders
_FROM_ABOVE = re.compile(rf"^[ \t]*(?:【[^】\n]{{1,8}}】)?[ \t]*@?(?!回复)(?![^:：\n]*村)[^:：\n@]{{0,8}}"
                         rf"{_TITLE}[:：][ \t]*(?:请|要求|通知)[^\n]*(?:\n|$)", re.M)
# Who a pasted line is from or to ("刘主任:", "回复刘主任:", "@救助股"): no words of the work (儿童主任 is 三(二)4's).
_SPEAKER = re.compile(rf"(?:^|(?<=\n))[ \t]*(?:【[^】\n]{{1,8}}】)?[ \t]*(?:回复)?(?![^:：\n]*村)[^:：\n@\s]{{0,6}}"
                      rf"{_TITLE}[:：]|@[^\s@:：,，]{{1,8}}{_TITLE}")
_FORWARD_MARK = re.compile(r"^\s*【转发】\s*|^\s*转发\s*[:：]?\s*")
# What the sender heard, said first as the ground of a question, up to the clause's end: no progress of theirs.
_HEARSAY = re.compile(r"^(?:喂|嗯|那个|\s)*(?:听说|据说|听[^,，。;；\s]{1,4}说|看[^,，。;；\s]{1,4}说)[^,，。;；\s]*")
_UNREACHED = re.compile(r"[^,，。;；\s]{0,6}(?:没人接|打不通|联系不上|找不(?:着|到)人)")
_HAND_OVER = re.compile(r"(?:交|报|送|给)(?:给|到)?(?:谁|哪)")
_ALONG = re.compile(r"要不要(?:一块|一起|一并)?(?:交|报|送)")
_ROUND = re.compile(r"季度|这个?月|本月|上半年|今年")  # the round the work was done for
_PAPER_READY = re.compile(r"[^,，。;；]{0,8}(?:报告|表格?|材料|清单)(?:弄|做|写|整|填)好了?")
_HANDED_HOW = re.compile(r"邮箱|纸质|电子版|(?:交|报|送|发)[^,，。]{0,6}还是|还是[^,，。]{0,6}(?:交|报|送|发)")
# A wait with nothing named to wait for, beside a question: it waits for what is asked, not on work under way.
_AWAITS_ANSWER = re.compile(r"(?:我们|俺们|咱们|我|俺)?(?:这边|这儿|这里|乡里|镇里)?(?:都|还|一直)?在?等着(?:呢|哪|哩|嘞)?")
_ALL_SENT = re.compile(r"(?:各项|所有事项|全部事项)(?:情况|内容|数据|材料|工作)?(?:已|都)?(?:报|交|发)(?:完|齐)")
_ACKNOWLEDGED = re.compile(r"(?:通知|文件|任务|要求)(?:已经?|都)?收到了?|收到(?:了)?(?:通知|文件)|"
                           r"(?:保证|确保|一定|争取)[^,，。;；]{0,8}完成(?:任务)?")
_WHICH_COUNTS = re.compile(r"以(?:谁|哪个|哪|啥|什么)[^,，。]{0,6}为准")
_HEADCOUNT = re.compile(r"[\d一二三四五六七八九十两百千]+\s?(?:个人|户|人|个村|位|名)")  # 新增的十一个人

# A table pasted from a spreadsheet: a header row of column names, then a row per task or village.
_COLUMN = re.compile(r"^(?:任务|工作|项目|事项|内容|完成情况|进度|进展|状态|情况|户数|人数|[\u4e00-\u9fff]{0,4}(?:户数|人数)|村数|"
                     r"金额|资金|数量|备注|说明|村名|村|乡镇|时间)(?:\((?:元|万元|户|人)\))?$")
_COLUMN_UNITS = (("户", "户"), ("人", "人"), ("村数", "个村"), ("万元", "万元"), ("元", "元"), ("金额", "元"), ("资金", "元"))


def _rows_read(text: str) -> str:
    """A pasted table as the sentences it stands for: its header names no work done (完成情况 is no
    完成), and a column's name gives the unit of the bare numbers under it (户数 286 → 286户)."""
    lines = [line for line in text.splitlines() if line.strip()]
    # the header is the first line, or the second after a title ("老人台账(60岁以上…)")
    at = next((n for n, line in enumerate(lines[:2]) if sum(bool(_COLUMN.match(cell.strip())) for cell in _cells(line)) >= 2), None)
    if at is None or at + 1 == len(lines):
        return text
    header = [cell.strip() for cell in _cells(lines[at])]
    units = [next((unit for word, unit in _COLUMN_UNITS if word in column), "") for column in header]
    rows = lines[:at]
    for line in lines[at + 1:]:
        cells = [cell.strip() for cell in _cells(line)]
        if len(cells) > len(header):  # more cells than columns (a space inside a cell): not this table
            return text
        rows.append(" ".join(cell + unit if unit and re.fullmatch(r"\d+(?:\.\d+)?", cell) else cell
                             for cell, unit in zip(cells, units) if cell))
    return "\n".join(rows)


def _cells(line: str) -> list[str]:
    return line.split("\t") if "\t" in line else line.split()


# What makes the work hard, told before where it stands (难点是…, 目前…): no status of it, no other work reported
_HARDSHIP = re.compile(r"^(?P<why>[^。;；]{0,12}(?:难点|难处|困难|问题|麻烦)(?:就|主要)?是[^。;；]{0,300}?)"
                       r"(?=[,，\s]{0,8}(?:目前|现在|眼下|如今))")  # (bounded: a long text is read in linear time)


def _without_work(text: str) -> str:
    """The text without the names of other lines of work (换届 of "赶上村里换届"): told as a cause."""
    for work in _BUREAU_WORK:
        text = text.replace(work, " " * len(work))
    return text


_QUOTED_ASK = re.compile(r"^\s*问\s*[:：](.*?)答\s*[:：]\s*", re.S)


def _without_status(text: str) -> str:
    """The text with its status phrases blanked: words said of the work by someone else (a notice, a question)."""
    return _mask(text, [(said.start, said.end) for said in report_status.evidence(text)], " ")


_DOWN_TO_BUSINESS = re.compile(r".*(?:说正事|说个正事|说点正事|言归正传|说回正事|说正经的)[,，:：。\s]*", re.S)
_SIGNED = re.compile(r"^\s*报告\s*[:：!！]\s*|(?<=[。.!！,，\s])完毕[。.!！]?\s*$")
_MOST_FIGURES = 60
_DONE_COUNTED = re.compile(r"[\u4e00-\u9fff]了\s?[\d一二三四五六七八九十两百千万]+\s?(?:户|人|个村|位|名|元|块|万)")

# The sender asks whether what was done counts: the status is not theirs to leave to the bot.
_UNSURE = re.compile(r"算(?:不算)?(?:是)?[^,，。;；\s]{0,3}(?:完|数|合格|达标|交上)")

_CANNOT_SAY = re.compile(r"说不准|说不好|拿不准|不好说|吃不准|不敢说")
_CHECK_FIRST = re.compile(r"(?:问问|问一下|核实一下|查查|核对一下)[^,，。;；]{0,6}再说")  # "俺问问小王再说": theirs to say later
_EITHER_TASK = re.compile(r"是([^,，。;；\s还]{2,8}?)(?:的|那个|那块|那项|这个)还是([^,，。;；\s]{2,8}?)(?:的|那个|那块|那项|这个)")
_DONE_OR_NOT = re.compile(r"完没完|完了没|弄完没|算不算完")  # "到底完没完俺也不敢说"
# The county's step of a task, copied from the plan ("民政局进行汇总建立监测台账——已完成"): not the township's to report.
_COUNTY_STEP = re.compile(r"\s*(?:县)?民政局(?:进行|负责|汇总|下拨|会同|组织|统计)")

# What the message says it will report later is not reported: "村规民约的事儿我回头再跟你说".
_PUT_OFF = re.compile(r"[^,，。;；\s]{2,16}的事儿?[^,，。;；\s]{0,4}(?:回头|改天|下次|过两天|以后|明天)再(?:说|报|跟你说|汇报)")


def _in_plan_phrase(text: str, found: report_status.Evidence, holders: dict) -> bool:
    """Whether a status phrase is part of a longer phrase of the plan's (剩余 of 剩余贫困人口)."""
    return any(text[a:b] in holders for a in range(max(0, found.start - 4), found.start + 1)
               for b in range(max(found.end, a + 4), min(len(text), a + 12) + 1) if b - a > found.end - found.start)


def _checked(reading: Reading, catalogue: Catalogue, sender: str | None, contradiction: str) -> Reading:
    """Refusals that need the task: another township's report, a task the township does not owe;
    then figures that contradict each other, which are asked about before anything is stored."""
    if sender and reading.township and reading.township != sender:
        return replace(reading, verdict=OTHER_TOWNSHIP)
    task = catalogue.by_ref(reading.task) if reading.task else None
    if task is not None and reading.township and reading.township not in task.townships:
        return replace(reading, verdict=NOT_OWED)
    if contradiction:
        return replace(reading, question=Question("figures", (), contradiction=contradiction))
    return reading


PARTIAL, WHOLE, NONE = "partial", "whole", "none"
# Right before a part of a whole, the work done on it: 弄完19个, 已交13个, 改完了八条, 排了16个, 报上去5户.
_DID = re.compile(r"(?:^|\s)完\s*$|(?:[\u4e00-\u9fff](?:完|好|齐)了?(?:的(?:有|是)?)?|已(?:经)?[\u4e00-\u9fff]{1,2}|(?<!新)(?<!其中)[\u4e00-\u9fff]了|完成|"
                  r"[\u4e00-\u9fff](?:上去|上来|进来|出去|下去|下来)|(?:访|查|核|走|排)到)\s*$")  # 已经用出去三十五万, 发下去一百三十五户, 巡访到一百六十人
# Words before a figure: a whole (共30户, 全镇21个村, 应发放312人), a part done of it (已完成16个, 改完了8条),
# and a share that is not progress (占排查户数的0.7%, 较去年增加6.7%).
_WHOLE_CUE = re.compile(r"共|总|全镇|全乡|全区|全村|辖区|应|一共|合计|总共|全部|规划|计划|"
                        r"(?:村里|各村|村上)报上来|"  # 村里报上来112人: the list to check
                        r"(?:说|提|报)过?的那")  # "上回说的那三十户留守老人": the set told of before
# Words before a part of what was counted before it: 其中, 发现, 有问题的.
_PART_CUE = re.compile(r"其中|里头|里面|这里边|当中|发现|有问题|疑点|风险|不符合|异常|停发")
_NOT_PROGRESS = re.compile(r"占(?!应|台账|任务|目标|计划)|比例|增加|增长|提高|下降|降低|减少|较|满意|覆盖率|比上|同比|节约|节省|结余|质保|保证金")


def _progress(text: str, figures: list["_Found"], found: list[report_status.Evidence]) -> str | None:
    """What the figures themselves say of progress: PARTIAL when a share below the whole is done
    (七成, 60%, "21个村排了16个", "13个村弄完9个"), WHOLE when a rate says all of it (发放率100%)."""
    done = [f for f in figures if _DID.search(f.lead) and f.figure.value is not None]
    if done and all(f.figure.value == 0 for f in done):
        return NONE  # "应巡访168人 已巡访0人"
    for f in figures:
        if f.figure.unit == "%" and f.figure.value is not None and not _NOT_PROGRESS.search(
                f.lead + re.split(r"[,，。;；\s]", text[:f.start])[-1]):  # "占全县350万元的12.86%": the share's whole clause
            if f.figure.value == 0:
                return NONE
            if f.figure.value < 100:
                return PARTIAL
            return WHOLE  # 100 %, with or without 率: all of it
    wholes = [f for f in figures if re.search(r"应$", f.lead.strip())]
    if wholes and done and all(any(d.figure.value == w.figure.value and _unit_family(d.figure.unit) == _unit_family(
            w.figure.unit) for d in done) for w in wholes):
        return WHOLE  # "应386户 已386户"
    # "1户给了5000 … 1户给了3000 共8000元": items of a list adding up to its total are no whole and part
    listed = {id(f) for total in figures if _TOTAL_CUE.search(total.lead)
              for items in [[f for f in figures[:figures.index(total)] if f.figure.unit
                             and _unit_family(f.figure.unit) == _unit_family(total.figure.unit)]]
              if len(items) >= 2 and sum(f.figure.value or 0 for f in items) == total.figure.value for f in items}
    for i, first in enumerate(figures):
        for later in figures[i + 1:]:
            same = _unit_family(later.figure.unit) == _unit_family(first.figure.unit) and first.figure.unit
            # 比上周多了1户, 又补核了2户: more than before, no part of it
            compared = re.search(r"比[^,，。;；\s]{0,4}(?:多|少)|又|补[\u4e00-\u9fff]", later.lead)
            # ("核查了五十八户 然后纳入了九户": what was found among them, no part of the work done)
            if same and 0 < later.figure.value < first.figure.value and _DID.search(later.lead) \
                    and id(later) not in listed and not compared and not _OUTCOME_BEFORE.search(later.lead):
                return PARTIAL  # the whole, then the part done of it
            if same and 0 < first.figure.value < later.figure.value and _WHOLE_CUE.search(later.lead) \
                    and not _WHOLE_THROUGH.match(text, later.said_end) \
                    and (_COUNTED_OF.match(text, first.said_end)
                         or _DID.search(first.lead) and _unit_family(first.figure.unit) == "村"):  # 录了六个村 … 全镇十九个村
                return PARTIAL  # "十五六个村弄完了 全镇二十一个村": the part done first, its whole after
    return None


_WHOLE_THROUGH = re.compile(r"\s*(?:都|全)[\u4e00-\u9fff]{0,2}(?:齐|完)了")  # "全乡二十二个村都齐了": the whole is through
_OUTCOME_BEFORE = re.compile(r"(?:纳入|纳进来|纳进|查出|识别|认定|清退|停发)了?\s*$")
# "又退回来三个村的 … 交上来9个": sent back; "最后那俩村也交了 21个村全齐": the last ones, pointed at — no whole
_NO_WHOLE = re.compile(r"退回|打回|返回|退了|[那这]\s*$")


def _contradiction(text: str, figures: list["_Found"]) -> str:
    """Two figures that cannot both be true: a part larger than its whole ("共14个村,已完成16个",
    "交上来十五个村了 全乡一共是十二个村", "比对了210人 有问题的230人"), or a completion rate above
    100 %. Said back in the message's own words; "" when there is none."""
    for f in figures:
        if f.figure.unit == "%" and (f.figure.value or 0) > 100 and re.search("率|占", text[max(0, f.start - 12):f.start]):
            return f"“{text[max(0, f.start - 6):f.end + 1].strip(' ,，')}”超过了百分之百"
    items = [start for start, _ in _list_markers(text)]

    def clause(f: "_Found") -> str:
        """The words of the figure's clause since the figure before it: "共有未纳入…建档立卡户28户" is a whole,
        "已完成收入及财产核查的为31户" work done, however far their cue stands from the number."""
        floor = max((e.said_end for e in figures if e.said_end <= f.start), default=0)
        return f.lead + re.split(r"[,，。;；\n]", text[floor:f.start])[-1]

    for i, first in enumerate(figures):
        for second in figures[i + 1:]:
            if _unit_family(first.figure.unit) != _unit_family(second.figure.unit) or not first.figure.unit \
                    or any(first.end <= start < second.start and any(
                        start <= f.start < second.start and _unit_family(f.figure.unit) == _unit_family(first.figure.unit)
                        for f in figures) for start in items):
                continue  # "1.反馈问题3个… 2.自查问题5个,已整改4个": a later item of a list with a count of its own
            # "6个村交上来8个": N of a thing, a verb of the work, then M — the whole, then its part done
            if _WHOLE_CUE.search(first.lead) and _WHOLE_CUE.search(second.lead) and not (
                    _DOING.search(second.lead) or _DID.search(second.lead)):
                continue  # 生活补贴应比对148人 … 护理补贴应比对203人: two wholes
            counted = _COUNTED_OF.fullmatch(text[first.said_end:second.start]) is not None
            whole, part = (first, second) if counted or _WHOLE_CUE.search(clause(first)) or _PART_CUE.search(clause(second)) \
                else (second, first) if _WHOLE_CUE.search(second.lead) \
                else (first, second) if _DID.search(second.lead) and not (_DID.search(first.lead) or _DOING.search(first.lead)
                                                                          or _NO_WHOLE.search(first.lead)) \
                else (None, None)  # "一百八十几个老人 巡访了二百多个了": a count, then more of it done
            # a part is work done or found of that whole: not another count ("困境儿童21个 留守儿童100个"), nor
            # one of a later whole ("生活补贴应比对148人 … 护理补贴应比对203人 已比对150人")
            if whole is None:
                continue
            doing = counted or _DID.search(part.lead) or _DOING.search(clause(part)) or _PART_CUE.search(clause(part)) \
                or _DONE_AFTER.match(text, part.said_end)
            later_whole = any(_WHOLE_CUE.search(f.lead) and _unit_family(f.figure.unit) == _unit_family(first.figure.unit)
                              for f in figures[i + 1:figures.index(second)])
            # "渐退的七户 有三户…退出去了 四户还在渐退期": two parts of a whole said before them
            shared_whole = any(_unit_family(f.figure.unit) == _unit_family(first.figure.unit) and
                               (f.figure.value or 0) >= (first.figure.value or 0) + (second.figure.value or 0)
                               for f in figures[:i])
            if doing and not later_whole and not shared_whole and (part.figure.value or 0) > (whole.figure.value or 0):
                return f"“{_said(first)}”和“{_said(second)}”"
    return _sum_mismatch(figures) or _parts_exceed(text, figures) or _done_and_left(figures) \
        or _more_left_than_whole(figures) or _shares_exceed(text, figures) or _round_over_total(figures)


def _all_and_left(text: str, found: list[report_status.Evidence]) -> str:
    """"三保障排查全弄完了 就还剩俩村没排": all of it done, and some of it left, said together."""
    done = next((e for e in found if e.kind == report_status.DONE and _ALL_OF_IT.search(text, max(0, e.start - 3), e.end)), None)
    left = next((e for e in found if e.kind == "open" and done and e.start > done.end
                 and _STILL_LEFT.search(text, max(0, e.start - 1), e.end + 2)), None)
    return f"“{text[done.start:done.end]}”和“{text[left.start:left.end]}”" if left else ""


_ALL_OF_IT = re.compile(r"(?:全|全部|全都)[\u4e00-\u9fff]{0,2}完")  # (…都修订完了 就剩南台子村: the others, done)
_STILL_LEFT = re.compile(r"(?:还|就)剩[\d一二两三四五六七八九十俩几]")  # (剩下那部分奖补钱: money to come, not work)


# A figure that starts another count after the parts of a whole: 发现…3户, 剩下8户, 最多的一户.
_ASIDE = re.compile(r"发现|有问题|风险|剩下|剩余|其余|最多|最少|单户|另外")


def _parts_exceed(text: str, figures: list["_Found"]) -> str:
    """"共268户 其中低保户240户 特困户45户": the parts said after 其中 add up to more than their whole."""
    for n, whole in enumerate(figures[:-2]):
        alike = [f for f in figures[n + 1:] if _unit_family(f.figure.unit) == _unit_family(whole.figure.unit)]
        said_whole = _WHOLE_CUE.search(whole.lead) or "其中" in text[whole.said_end:whole.said_end + 10]  # "新增7人 都发了 其中"
        if not said_whole or not alike or "其中" not in text[whole.said_end:alike[0].start]:
            continue
        parts = []  # the figures of the whole's kind after 其中, in a row (合计5.2万元 between is another kind)
        for found in figures[figures.index(alike[0]):]:
            if _unit_family(found.figure.unit) != _unit_family(whole.figure.unit) or parts and _ASIDE.search(
                    text, parts[-1].said_end, found.start):
                break
            parts.append(found)
        if len(parts) >= 2 and sum(f.figure.value or 0 for f in parts) > (whole.figure.value or 0):
            return "、".join(f"“{_said(f)}”" for f in parts) + f"加起来比“{_said(whole)}”还多"
    return ""


_DOING = re.compile(r"已|完成|完了|弄完|交上|报上|上来|发了|核了|查了|录入|发放|到卡|卡上|到户|反馈|[\u4e00-\u9fff]完(?!成)|"
                    r"(?i:(?<![a-z])done(?![a-z]))")
_DONE_AFTER = re.compile(r"\s*(?:都|已经?|全|全部)[\u4e00-\u9fff]{1,2}(?:了|完|好|齐)")  # "四十八人都发上了"


def _done_and_left(figures: list["_Found"]) -> str:
    """"应登记1256人 已登记1190人 未登记76人", "上头拨了30万 用了18万 还剩十四万": what is done (or spent) and
    what is left must make the whole."""
    for whole in figures:
        if not re.search(r"(?:应|拨了|下拨了?)[\u4e00-\u9fff]{0,4}$", whole.lead.strip()):
            continue
        same = [f for f in figures if f is not whole and _unit_family(f.figure.unit) == _unit_family(whole.figure.unit)]
        done = [f for f in same if re.search(r"(?:已|用了|花了)[\u4e00-\u9fff]{0,4}$", f.lead.strip())]
        left = [f for f in same if re.search(r"(?:未|没|剩)[\u4e00-\u9fff]{0,4}$", f.lead.strip())]
        if len(done) == 1 and len(left) == 1 and done[0].figure.value + left[0].figure.value != whole.figure.value:
            return f"“{_said(done[0])}”加“{_said(left[0])}”不是“{_said(whole)}”"
    return ""


def _round_over_total(figures: list["_Found"]) -> str:
    """"本月排查412户,累计排查398户": a month's count above the running total it is part of."""
    for this_round in (f for f in figures if _THIS_ROUND.search(f.lead)):
        for total in (f for f in figures if _RUNNING_TOTAL.search(f.lead) and f is not this_round):
            if _unit_family(total.figure.unit) == _unit_family(this_round.figure.unit) and this_round.figure.unit \
                    and (this_round.figure.value or 0) > (total.figure.value or 0):
                return f"“{_said(this_round)}”和“{_said(total)}”"
    return ""


_THIS_ROUND = re.compile(r"(?:本月|这个?月|当月|本周|这周|本季度?|这季度)[\u4e00-\u9fff]{0,6}$")
_RUNNING_TOTAL = re.compile(r"累计[\u4e00-\u9fff]{0,6}$")


def _shares_exceed(text: str, figures: list["_Found"]) -> str:
    """"大概完成了七成 剩下的还有一半多没弄": the share done and the share left come to more than the whole."""
    shares = [f for f in figures if f.figure.unit == "%"]
    # (of the same work: "工程量完成六成 配套资金还差一半" is money short, another whole)
    left = [f for f in shares if _SHARE_LEFT.search(f.lead) and not _MONEY_CONTEXT.search(f.lead)]
    done = [f for f in shares if f not in left and not _MONEY_CONTEXT.search(f.lead)]
    if len(done) == 1 and len(left) == 1 and done[0].figure.value + left[0].figure.value > 105:
        return f"“{_said(done[0])}”和“{_said(left[0])}”加起来超过了百分之百"
    return ""


_SHARE_LEFT = re.compile(r"剩[\u4e00-\u9fff]{0,4}$")


def _more_left_than_whole(figures: list["_Found"]) -> str:
    """"一共十二个村,交了九个,还剩五个没交", "一共120人 还有135人没核对": what is done and what is left, after
    a total, come to more than it."""
    for n, whole in enumerate(figures):
        if not _TOTAL_CUE.search(whole.lead):
            continue
        same = [f for f in figures[n + 1:] if _unit_family(f.figure.unit or whole.figure.unit) == _unit_family(whole.figure.unit)]
        left = [f for f in same if re.search(r"(?:还剩|剩下|剩余|就剩|还有)\s*$", f.lead)]
        done = [f for f in same if f not in left and _DID.search(f.lead)]
        if len(left) == 1 and len(done) <= 1 and sum(f.figure.value or 0 for f in done + left) > (whole.figure.value or 0):
            return "、".join(f"“{_said(f)}”" for f in done + left) + f"比“{_said(whole)}”还多"
    return ""


_COUNTED_OF = re.compile(r"\s*(?:里|中|当中)?(?:已经?|都)?[\u4e00-\u9fff]{1,2}(?:完|好|上来|上去|齐)了?\s*")
_TOTAL_CUE = re.compile(r"(?:一共|共计|总共|合计|共)(?:是|发了|发放|救助了|核了)?\s*$")


def _sum_mismatch(figures: list["_Found"]) -> str:
    """"大营子6户 东沟5户 南台子4户 共13户": listed parts that do not add up to the total said after them
    (close to it, as a slip is: parts of another count — 新增5户 … 共排查412户 — are far from it)."""
    for n, total in enumerate(figures):
        if not _TOTAL_CUE.search(total.lead) or not total.figure.value:
            continue
        parts = [f for f in figures[:n] if _unit_family(f.figure.unit) == _unit_family(total.figure.unit)
                 and f.figure.unit and not _TOTAL_CUE.search(f.lead)]
        added = sum(f.figure.value or 0 for f in parts)
        if len(parts) >= 2 and added != total.figure.value and abs(added - total.figure.value) <= total.figure.value / 2:
            return "、".join(f"“{_said(f)}”" for f in parts) + f"加起来不是“{_said(total)}”"
    return ""


def _said(found: "_Found") -> str:
    return f"{found.figure.label}{format_quantity(found.figure.value, found.figure.unit)}"


_UNIT_FAMILIES = {"名": "人", "位": "人", "个人": "人", "个村": "村", "个行政村": "村", "行政村": "村"}


def _unit_family(unit: str | None) -> str | None:
    return _UNIT_FAMILIES.get(unit or "", unit)


# The lines of work of a county civil-affairs bureau that a plan may leave out: a report on one the
# plan does not name is no report on the plan ("婚姻登记报表报完了", "地名普查标志牌装完了").
_BUREAU_WORK = ("婚姻登记", "结婚登记", "离婚登记", "婚姻", "婚登", "结婚证", "离婚证", "收养", "地名", "区划", "界线", "界桩", "门牌",
                "社会组织", "年检", "年报", "慈善", "募捐", "福彩", "彩票", "志愿", "社工", "流浪", "乞讨",
                "救助站", "高龄津贴", "高龄补贴", "老年证", "优待证", "换届", "选举", "殡仪", "火化", "骨灰",
                "退役军人", "优抚", "双拥", "医疗救助", "住房救助", "教育救助", "就业救助",
                "城市低保", "城镇低保", "养老驿站", "社区养老",  # the plan's 低保 is rural; its 养老机构 are named
                # other offices' work a township office is often given (户籍 data itself is an input to the plan's checks)
                "户籍人口", "户籍信息", "人户分离", "医保", "参保", "人口普查")


_ASIDE_AFTER = re.compile(r"(?<=[。;；!！\s])(?:另外|此外|另(?![一有外]))[^。;；!！]*[。;；!！]?\s*$")


def _outside_plan(text: str, catalogue: Catalogue) -> str:
    """A line of bureau work the text names and the plan does not — or another office's, done for it — or ""."""
    plan_text = _plan_text(catalogue.tasks)
    text = _NOT_THE_WORK.sub(" ", text)
    for_others = _FOR_OTHERS.search(text)
    return next((work for work in _BUREAU_WORK if work in text and work not in plan_text), "") or \
        (f"{for_others.group(1)}交办的事" if for_others else "")


_FIRST_CLAUSE = re.compile(r"[^,，。;；\s]+")
# Words of other work that are not what is reported: why it was late ("因村两委换届延后"), a year before
# 报 ("去年报的方案").
_NOT_THE_WORK = re.compile(r"(?:因为?|由于|赶上|碰上)[^,，。;；\s]{0,12}|受[^,，。;；\s]{1,10}影响|[去今明前当]年(?=报)")

# "残联让俺们帮着收的残疾证材料": another office's work, done for it
_FOR_OTHERS = re.compile(r"(残联|派出所|公安|医保局?|人社|卫健|教育局?)(?:让|叫|要|委托)(?:俺们|我们|咱们|乡里|镇里)?"
                         r"(?:帮|代|(?:弄|整|办|做|搞|收)的)")  # "残联让弄的残疾证换证"


@lru_cache(maxsize=8)
def _plan_text(tasks: tuple[TaskEntry, ...]) -> str:
    return "\n".join(task.text for task in tasks)


@lru_cache(maxsize=8)
def _plan_figures(tasks: tuple[TaskEntry, ...]) -> frozenset:
    """The numbers the plan itself states (4800, 6600, 350万 as 3500000): quoted, they report no work."""
    values = set()
    for match in numerals.NUMERAL.finditer(_plan_text(tasks)):
        number = numerals.value(match.group(0))
        if number is not None:
            values.add(number)
            values.add(number * 10_000)  # 350万元: the 万 after the numeral
    return frozenset(values)


_EARLIER = re.compile(r"上个?月|上季度|上次|上回|之前|去年|上半年")
_THANKS = re.compile(r"谢谢|谢了|多谢|感谢|辛苦了")  # with no status and no figure, thanks are all a message says


def names_task(text: str, catalogue: Catalogue) -> str | None:
    """The task the words of `text` name for sure — by ref, number or its words — or None."""
    text = normalise(text, catalogue)
    mentions = _task_mentions(text, catalogue.sections)
    if mentions:
        tasks = _mentioned_tasks(mentions[0], catalogue)
        return tasks[0].ref if len(tasks) == 1 else None
    words = _strip_for_words(text, report_status.evidence(text), (), (), catalogue)
    return _choose(Reading(ASK), catalogue.tasks, words, catalogue, None).task


def complete(reading: Reading, answer: str, catalogue: Catalogue, sender_township: str | None = None
             ) -> Reading | None:
    """The reading once `answer` replies to its question; None if the answer does not reply to it."""
    question = reading.question
    if question is None:
        return None
    answer = normalise(answer, catalogue).rstrip("。.!！ ")
    picked = choice_index(answer)
    if picked is not None and question.choices:
        if not 1 <= picked <= len(question.choices):
            return None
        value = question.choices[picked - 1][0]
        return settle(_answered(reading, question, value), catalogue)
    if question.kind == "unit":
        unit = next((u for u in _UNITS if answer == u or answer == f"单位是{u}"), None)
        return None if unit is None else settle(_answered(reading, question, unit), catalogue)
    if question.kind == "status":
        status = report_status.read(answer)
        return None if status is None else settle(replace(reading, status=status), catalogue)
    if question.kind == "figures":
        return None  # the figures are sent again, as a new report
    # kind task: the answer names the task by ref, number or words; it may add a status or figures.
    told = parse(answer, catalogue, sender_township)
    if told.verdict == UNKNOWN_TASK:
        return told
    pool = [t for t in catalogue.tasks if t.ref in reading.candidates] or list(catalogue.tasks)
    mentions = _task_mentions(answer, catalogue.sections)
    if mentions:
        pool = [t for t in _mentioned_tasks(mentions[0], catalogue) if t in pool] or \
            _mentioned_tasks(mentions[0], catalogue)
    merged = replace(reading, status=reading.status or told.status,
                     figures=reading.figures or told.figures, candidates=())
    chosen = _choose(merged, pool, _strip_for_words(answer, report_status.evidence(answer), (), mentions, catalogue),
                     catalogue, sender_township, by_number=bool(mentions))
    if chosen.task is None and not chosen.candidates:
        return None
    return settle(chosen, catalogue)


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
    return bool(_task_mentions(text)) and report_status.read(text) is not None and not message_kind.asks(text)


# --- the task -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Mention:
    said: str
    span: tuple[int, int]
    number: str
    part: str | None = None
    section: str | None = None  # 三(一), or (一) with the heading left out
    section_said: str = ""  # the section by its words right before the number: 补齐短板第7项 → 补齐短板
    taken_back: bool = False  # "三(二)7项系笔误,应为三(二)2项": named, then corrected to the next


def _task_mentions(text: str, sections: tuple[str, ...] = ()) -> list[_Mention]:
    """Tasks named by ref or number, less those the text takes back for the next."""
    return [m for m in _all_mentions(text, sections) if not m.taken_back]


def _all_mentions(text: str, sections: tuple[str, ...] = ()) -> list[_Mention]:
    """Tasks named by ref or number; `sections`, the plan's section titles, let a section's words before a bare
    number name a task too ("脱贫攻坚5", "补短板4:")."""
    found = []
    for match in _TASK_REF.finditer(text):
        section = f"{match.group(1) or ''}({match.group(2)})"
        found.append(_Mention(match.group(0), match.span(), match.group(3), match.group(4), section))
    taken = bytearray(len(text))  # a flag per character: linear however many refs a text holds
    for mention in found:
        taken[mention.span[0]:mention.span[1]] = b"\x01" * (mention.span[1] - mention.span[0])
    for match in _COMPACT_REF.finditer(text):  # "三一四 弄完": 三(一)4 said as three numerals
        if not any(taken[match.start():match.end()]):
            found.append(_Mention(match.group(0), match.span(), str(numerals.value(match.group(3))), None,
                                  f"三({match.group(2)})"))
            taken[match.start():match.end()] = b"\x01" * (match.end() - match.start())
    for match in _DOTTED_REF.finditer(text):  # "3.1.4", "3.1.3-2": the ref as an outline numbers it
        if not any(taken[match.start():match.end()]) and all(0 < int(g) <= 10 for g in match.group(1, 2)):
            top, section = (_CN_SMALL[int(g) - 1] for g in match.group(1, 2))
            part = match.group(4) or (str(_CN_SMALL.index(match.group(5)) + 1) if match.group(5) else None)  # 3.1.7(二)
            found.append(_Mention(match.group(0), match.span(), match.group(3), part, f"{top}({section})"))
            taken[match.start():match.end()] = b"\x01" * (match.end() - match.start())
    for match in _PART_SECTION_NUMBER.finditer(text):  # "第三部分第二方面第5项": the ref said in words
        if not any(taken[match.start():match.end()]):
            number = numerals.value(match.group(3))
            found.append(_Mention(match.group(0), match.span(), str(int(number)) if number else match.group(3), None,
                                  f"{match.group(1)}({match.group(2)})"))
            taken[match.start():match.end()] = b"\x01" * (match.end() - match.start())
    for match in _SECTION_THEN_NUMBER.finditer(text) if sections else ():
        said = next((match.group(1)[i:] for i in range(len(match.group(1)) - 1)
                     if any(_names_section(match.group(1)[i:], title) for title in sections)), "")
        if said and not any(taken[match.start():match.end()]):
            found.append(_Mention(match.group(0), match.span(), match.group(2), None, section_said=said))
            taken[match.start():match.end()] = b"\x01" * (match.end() - match.start())
    for match in _TASK_NUMBER.finditer(text):
        if any(taken[match.start():match.end()]):  # 任务三(一)4: "任务三" is the ref's heading, not task 3
            continue
        number = next(g for g in (match.group(1), match.group(3), match.group(4), match.group(5)) if g)
        said = _SECTION_WORDS.search(text, max(0, match.start() - 8), match.start())
        found.append(_Mention(match.group(0), match.span(), str(numerals.value(number)), match.group(2),
                              section_said=said.group(1) if said else ""))
    found.sort(key=lambda m: m.span)
    # "脱贫攻坚第5条,不对,是第4条", "前日所报三(一)6项系笔误,应为三(一)4项": a number taken back for the next
    return [replace(m, taken_back=after is not None and bool(
                _TAKEN_BACK_NUMBER.fullmatch(text, m.span[1], after.span[0]) or
                _CORRECTED_TO.fullmatch(text, m.span[1], after.span[0])
                and _MISREPORTED.search(text, max(0, m.span[0] - 6), m.span[0])))
            for m, after in zip(found, [*found[1:], None])]


_TAKEN_BACK_NUMBER = re.compile(r"[项条]?[”\"]?[^\d,，。;；]{0,6}?[\s,，。]*(?:系|是)?(?:哎呀|哎|哦|呃)?"  # "第3项完成了 说错了 是第5项"
                                r"(?:不对|不是|说错了|错了|口误|笔误|有误|报错了?|写错了?|打错了?)"
                                r"[^\d,，。;；]{0,6}?[\s,，。]*(?:应该|应|实际)?(?:是|为)?[\s,，]*")
_CORRECTED_TO = re.compile(r"[项条]?[”\"]?[\s,，。]*(?:应该|应|实际)?(?:是|为|改为|更正为)[\s,，]*")  # "误报为三(一)3项,应为"
_MISREPORTED = re.compile(r"误报|错报|报错|写错|笔误")


_DOTTED_REF = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{1,2})(?:\s*[-—]\s*(\d)|\s*[(（]([一二三四五])[)）])?(?![\d.])")
_PART_SECTION_NUMBER = re.compile(r"第([一二三四])部分第([一二三四五])(?:方面|节|部分|块)?的?第?([\d一二三四五六七八九十]{1,2})(?:项|条|个)")
_SECTION_THEN_NUMBER = re.compile(r"([\u4e00-\u9fff]{2,8}?)(?:方面)?\s*(\d{1,2})(?![\d.])"
                                  r"(?!\s*(?:个|户|人|村|元|块|万|千|项|%|处|所|条|名|位|家|份|月|日|号|年|天|成))")
_COMPACT_REF = re.compile(r"(?:^|(?<=[\s,，。:：]))(三)([一二三])([一二三四五六七])(?=$|[\s,，。:：])")
# A section named by its words before a task number: "补齐短板第7项", "脱贫攻坚方面任务3".
_SECTION_WORDS = re.compile(r"([\u4e00-\u9fff]{2,6}?)(?:方面)?(?:那块|这块|那边|那一块|这一块)?(?:的)?\s*$")


def _mentioned_tasks(mention: _Mention, catalogue: Catalogue) -> list[TaskEntry]:
    tasks = []
    for task in catalogue.tasks:
        base, _, part = task.ref.partition("-")
        if task.number != mention.number or (mention.part and part != mention.part):
            continue
        if mention.section and not base.endswith(f"{mention.section}{mention.number}"):
            continue
        tasks.append(task)
    named = [t for t in tasks if _names_section(mention.section_said, t.section)]
    if mention.section_said and any(_names_section(mention.section_said, t.section) for t in catalogue.tasks):
        return named  # 补齐短板第7项: the section has no task 7, whatever other sections have
    return tasks


def _names_section(said: str, title: str) -> bool:
    """Whether words before a task number name the section (补齐短板 → 补齐短板方面)."""
    core = title.removesuffix("方面")
    if len(said) < 2 or not core:
        return False
    # 补短板 for 补齐短板: the said words' last three, in order, end the section's name
    tail = said[-3:]
    if said.endswith(core) or core.endswith(said[-4:]) and len(said) >= 4 or core.endswith(said) or len(said) >= 3 and \
            core[-1] == tail[-1] and bool(re.fullmatch(".*".join(map(re.escape, tail)), core)) and core.startswith(tail[0]):
        return True
    # 补齐短版 typed for 补齐短板: the same sounds
    sounds = [soundalike.syllable(c) for c in core]
    return len(said) >= len(core) and [soundalike.syllable(c) for c in said[-len(core):]] == sounds


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
    rivals = [other for other in ranked[1:] if scores.get(other.ref)]
    holders = _index(catalogue.tasks).holders
    decisive = top >= (_BY_NUMBER_MIN if by_number else _WORDS_MIN) and (
        top >= _LEAD * second and all(_stands_out(ranked[0], other, held) for other in rivals)
        or not by_number and all(_covers(ranked[0], other, held, holders) for other in rivals
                                 if scores[other.ref] >= _IN_PASSING * top))  # not a word or two in passing (发现)
    if decisive:
        return replace(reading, task=ranked[0].ref, words=words)
    if by_number:
        return replace(reading, candidates=tuple(t.ref for t in ranked[:_MAX_CHOICES]))
    close = [t.ref for t in ranked if top and scores.get(t.ref, 0.0) >= top * _CLOSE][:_MAX_CHOICES]
    if len(close) == 1 and second:  # never a choice of one: the runner-up is the other choice
        close.append(ranked[1].ref)
    return replace(reading, candidates=tuple(close) if top >= _WORDS_FLOOR else ())


# How often work comes round: no word of what the work is, so it never scores a task, but of two tasks
# the words fit alike, the one whose measures keep that rhythm is meant.
_RHYTHM = re.compile(r"每(?:个)?(?:季度|月|年|周)|季度")  # 这季度, 第三季度: the quarterly one


def _by_rhythm(chosen: Reading, text: str, catalogue: Catalogue) -> Reading:
    """Of two tasks alike, the one whose measures keep the rhythm the text says ("每季度那个三保障复排")."""
    said = {m.group().replace("个", "") for m in _RHYTHM.finditer(text)}
    if chosen.task or len(chosen.candidates) != 2 or not said:
        return chosen
    timed = [ref for ref in chosen.candidates
             if any(word in measure for word in said for measure in catalogue.by_ref(ref).measures)]
    return replace(chosen, task=timed[0], candidates=()) if len(timed) == 1 else chosen


def _covers(top: TaskEntry, other: TaskEntry, held: dict[str, set[str]], holders: dict) -> bool:
    """Whether every word that points to `other` points to `top` as well (or is part of one of its
    words), and `top` has a word more that is its own: a word few tasks have, not merely `other`'s
    words run together. "整改回头看" is 三(一)5's (整改, 回头看), not 三(一)2's (回头看); "非贫低保特困台账"
    (特困台账 is 特困 + 台账, both 三(一)4's too) or "低保户排查" (words of many tasks) decide nothing."""
    mine, theirs = held.get(top.ref, set()), held.get(other.ref, set())
    return all(any(word in own for own in mine) for word in theirs) and any(
        not any(own in word for word in theirs) and len(holders.get(own, ())) <= _FEW_HOLDERS
        and not _composed(own, theirs) for own in mine)


_FEW_HOLDERS = 2


def _composed(word: str, parts: set[str]) -> bool:
    """Whether `word` is nothing but some of `parts` written one after another (特困台账 = 特困 + 台账)."""
    if not word:
        return True
    return any(word.startswith(part) and _composed(word[len(part):], parts) for part in parts if part)


def _stands_out(top: TaskEntry, other: TaskEntry, held: dict[str, set[str]]) -> bool:
    """Words alone pick `top` over `other` only if one of its words is not `other`'s at all, or
    names `top` in its title and not `other` (临时救助 is 三(二)2's subject, a measure elsewhere) — as a
    word of its own there, not inside a longer one (老年人 of 留守老年人 names the 留守 ones)."""
    return any(term not in held.get(other.ref, ()) or (_in_title(term, _aliased(top.title)) and
                                                        term not in _aliased(other.title))
               for term in held.get(top.ref, ()))


def _in_title(term: str, title: str) -> bool:
    return any(not _QUALIFIED.search(title, 0, m.start()) for m in re.finditer(re.escape(term), title))


_QUALIFIED = re.compile(r"(?:留守|困境|重度|困难)$")  # which of the people: 留守老年人 are some 老年人


_WORDS_MIN, _BY_NUMBER_MIN, _WORDS_FLOOR = 3.0, 0.5, 1.0
_LEAD, _CLOSE, _MAX_CHOICES = 1.6, 0.5, 3
_IN_PASSING = 0.2  # of the top score: a rival with no more than this is no rival


def _score(text: str, pool, catalogue: Catalogue) -> tuple[dict[str, float], tuple[str, ...], dict[str, set[str]]]:
    """Each task's score for the plan words in `text`: rarer and longer words weigh more, and a
    word weighs more for a task whose title has it or whose measures keep coming back to it.

    The text is cut into words once per task, longest first among that task's own words: a cut
    made by one task's wording must not hide another's ("特困对象防贫预警" is 特困对象|防贫预警 for
    三(一)6, whose measures say 防贫预警, though 三(一)4's title says 特困对象防致贫)."""
    refs = {task.ref for task in pool}
    if not refs:
        return {}, (), {}
    index = _index(catalogue.tasks)
    holders_of = index.holders
    text = _aliased(text)
    # At each position, the plan words starting there, longest first, with the tasks holding them.
    # A word may not start in the middle of another ("核查结果": 核查|结果, not 核|查结果).
    starting = [[(text[i:i + n], holders_of[text[i:i + n]]) for n in _TERM_LENGTHS
                 if text[i:i + n] in holders_of and text[i:i + n].rstrip(_TRAILING_PARTICLES) not in _STOP_TERMS]
                if not (i and text[i - 1:i + 1] in index.words) else []
                for i in range(len(text))]
    # What the message is about is said first ("防贫预警那块 扶贫办数据一直不给"): the words of its first
    # clause weigh more than those of what is told after.
    first_break = next((m.start() for m in _FIRST_BREAK.finditer(text) if m.start() > 1), len(text))
    scores: dict[str, float] = {}
    held: dict[str, set[str]] = {}
    words: dict[str, None] = {}
    for ref in refs:
        position = 0
        while position < len(text) - 1:
            found = next(((term, holders) for term, holders in starting[position] if ref in holders), None)
            if found is None:
                position += 1
                continue
            term, holders = found
            position += len(term)
            among = sum(1 for holder in holders if holder in refs)
            weight = math.log((len(refs) + 1) / among) * (len(term) - 1) ** 1.5  # a longer word says more
            if weight <= 0:
                continue
            topic = _TOPIC_WEIGHT if position <= first_break else 1.0
            if term in held.get(ref, ()):
                continue  # "排查工作…排查率": a word said twice names its tasks no more surely
            scores[ref] = scores.get(ref, 0.0) + weight * holders[ref] * topic
            held.setdefault(ref, set()).add(term)
            words[term] = None
    return scores, tuple(words), held


_TOPIC_WEIGHT = 2.0
_FIRST_BREAK = re.compile(r"[\s,，。;；!！?？:：|/／]")
_EDGE_PARTICLES = "的了和与及等并或将"  # a word neither starts nor ends with one: 特困的, 和无劳动能力
_MOST_EMPHASIS = 3.0  # in the title and in a measure; a word repeated in every measure says no more


@dataclass(frozen=True)
class _Index:
    holders: dict[str, dict[str, float]]  # term → {ref: 2 if in the title, + 1 per measure or label}
    words: frozenset[str]  # the terms that stand on their own somewhere (not only once, inside one phrase)


@lru_cache(maxsize=8)  # one per plan in use: built once, read by every message
def _index(pool: tuple[TaskEntry, ...]) -> _Index:
    holders: dict[str, dict[str, float]] = {}
    parts = [(task, part, emphasis) for task in pool
             for part, emphasis in ((task.title, 2.0), *((text, 1.0) for text in (*task.measures, *task.labels, task.body)))]
    # Short terms must be words, not pieces across two: 险对 sits only inside 风险对象, always
    # between 风 and 象; 财产 (after 、) and 台账 (before 、, 报送, 中…) stand on their own; a word
    # the plan says once (殡葬) cannot show either way and is kept.
    sides: dict[str, tuple[set, set]] = {}
    counts: Counter[str] = Counter()
    for _, part, _ in parts:
        for start in range(len(part)):
            for n in (2, 3):
                if start + n <= len(part):
                    counts[part[start:start + n]] += 1
                    left, right = sides.setdefault(part[start:start + n], (set(), set()))
                    left.add(part[start - 1] if start and _WORD.match(part[start - 1]) else None)
                    right.add(part[start + n] if start + n < len(part) and _WORD.match(part[start + n]) else None)
    words: set[str] = set()
    for task, part, emphasis in parts:
        terms = {part[start:start + n] for start in range(len(part)) for n in _TERM_LENGTHS}
        for term in terms:
            if len(term) < 2 or not _WORD.fullmatch(term) or term[0] in _EDGE_PARTICLES or term[-1] in _EDGE_PARTICLES:
                continue
            closed = len(term) <= 3 and not any(len(side) >= 2 or None in side for side in sides[term])
            if closed and counts[term] > 1:
                continue  # always inside the same longer phrase: a piece of it (险对 of 风险对象)
            if not closed:
                words.add(term)
            seen = holders.setdefault(term, {})
            seen[task.ref] = min(seen.get(task.ref, 0.0) + emphasis, _MOST_EMPHASIS)
    return _Index(holders, frozenset(words | {t for t in holders if len(t) > 3}))


@lru_cache(maxsize=1024)  # titles are aliased again for every comparison
def _aliased(text: str) -> str:
    for pattern, word in _ALIAS_PATTERNS:
        text = pattern.sub(word, text)
    return text


def _strip_for_words(text, found, township_spans, mentions, catalogue: Catalogue | None = None) -> str:
    """The text without what is not about the task: status words, townships, task numbers, figures,
    and the words of every task or none (符合条件, 工作…), so no word is read across them. A status
    phrase that begins with the last character of a plan word leaves it (排查完了: 查完了 is the
    status, 排查 the task; 敬老院完了: 院 is the thing's) — unless it begins with a numeral (排查一半: 一半
    is the share), or with a verb sent somewhere (排查报上去了: 报上去了 is the status, not 排查报 of 排查报告)."""
    holders = _index(catalogue.tasks).holders if catalogue is not None else {}
    found = [_received_verb(text, e) for e in found]  # "奖补资金已到账": 奖补资金 is the task's word, 已到账 the status
    spans = [(e.start + (text[e.start] not in _COMPLEMENTS and not numerals.NUMERAL.match(text[e.start])
                         and (text[max(0, e.start - 1):e.start + 1] in holders
                              or bool(_THING_DONE.fullmatch(text, e.start, e.end)))
                         and text[e.start + 1:e.start + 3] not in _DIRECTIONS), e.end)
             for e in found] + \
        [(s, e) for s, e, _ in township_spans] + [m.span for m in mentions] + \
        [m.span() for m in _VILLAGE_NAME.finditer(text)] + \
        [(text.rfind(m.section_said, 0, m.span[0]), m.span[0]) for m in mentions  # 脱贫攻坚第三项: the section, no task's word
         if m.section_said and catalogue is not None and any(_names_section(m.section_said, t.section)
                                                            for t in catalogue.tasks)]
    return _STOP_PATTERN.sub(lambda m: "|" * len(m.group(0)), _FIGURE_WORDS.sub("|", _mask(text, spans, "|")))


def _received_verb(text: str, evidence: report_status.Evidence) -> report_status.Evidence:
    """Of money said received, the words from the verb on (the money is named by the task's words)."""
    if evidence.kind != "open" or not report_status.RECEIVED.fullmatch(text, evidence.start, evidence.end):
        return evidence
    verb = _RECEIVED_VERB.search(text, evidence.start, evidence.end)
    return replace(evidence, start=verb.start()) if verb else evidence


# A village by its name (杨木栅子村, 苇子沟村): a place, no task's word — though it may hold a site's (杨木栅子's 公墓)
_VILLAGE_NAME = re.compile(r"(?<![\d一二三四五六七八九十两个各全每本该哪那这\u4e00-\u9fff])"
                           r"(?:(?![的了完已成在和与及都也就还是把被给个各全每本这那农乡我他她俺说])[\u4e00-\u9fff]){2,4}村"
                           r"(?![规委民务干里上支主两组医会级庄镇])")
_RECEIVED_VERB = re.compile(r"已|到|下来|下拨|拨")
_COMPLEMENTS = "完毕好齐了已都全均成结束到上"  # a status phrase starting with one of these has no verb of the task
_DIRECTIONS = ("上去", "上来", "过去", "进去", "下去")  # 报上去了: the verb is the status's
_THING_DONE = re.compile(rf"[^{report_status.WORK_VERBS}]完了?")  # 敬老院|完了: the last character of a thing, no verb
_FIGURE_WORDS = re.compile(r"[\d.%]+(?![\d.%])(?!周?岁)[万亿千]?(?:元|块)?|(?:社会)?[\u4e00-\u9fff]{2}股(?!份)|民政局|县局|局里")


# --- settling: what is still to ask ---------------------------------------------------------------

def settle(reading: Reading, catalogue: Catalogue) -> Reading:
    """The verdict once the reading's fields are known: what is still to ask, or a report."""
    if reading.verdict in REFUSALS:
        return reading
    if reading.question is not None and reading.question.kind == "figures":
        return replace(reading, verdict=ASK)
    if reading.task is None:
        choices = tuple((ref, f"{ref} {catalogue.by_ref(ref).short}") for ref in reading.candidates)
        return replace(reading, verdict=ASK, question=Question("task", choices))
    if reading.status is None:
        choices = tuple((status, name) for status, name in STATUS_NAMES.items())
        return replace(reading, verdict=ASK, question=Question("status", choices))
    for i, figure in enumerate(reading.figures):
        if figure.unit is None:
            choices = tuple((unit, unit) for unit in ("户", "人", "元", "万元"))
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

def short_township(name: str) -> str:
    """The name a township is called by for short: 土城 of 土城镇, 南关 of 南关蒙古族乡."""
    return re.sub(r"(?:蒙古族|满族|回族)?(?:镇|乡|街道)$", "", name)


def _township_spans(text: str, townships: tuple[str, ...]) -> list[tuple[int, int, str]]:
    """Where the text names a township it speaks of — not one it is compared with ("比黄旗那边快"), nor the
    开发区 of "各乡镇(开发区)民政办", the address of every office."""
    pattern, names = _township_pattern(townships)
    return [(m.start(), m.end(), names[m.group(0)]) for m in pattern.finditer(text)
            if not _NOT_SPOKEN_OF.search(text, max(0, m.start() - 4), m.start()) and not _TAKEN_BACK.match(text, m.end())
            and not (_ALONGSIDE.search(text, max(0, m.start() - 2), m.start()) and _ALIKE.match(text, m.end()))
            and not (names[m.group(0)] == "开发区" and _EVERY_OFFICE.search(text, max(0, m.start() - 4), m.end() + 1))] \
        if names else []


_NOT_SPOKEN_OF = re.compile(r"(?:比|不如|赶上|赶不上|像|人家|不是)$")
# "跟天桥一个进度", "和黄旗差不多": compared with
_ALONGSIDE = re.compile(r"[跟和同]$")
_ALIKE = re.compile(r"(?:那边|他们)?(?:一样|差不多|一个进度|似的|那样)")
_TAKEN_BACK = re.compile(r"(?:那边|那儿)?\s*(?:呃|嗯|啊)?\s*不是")  # "大阁那边 呃 不是 不是大阁 俺们黄旗的"
_CLAUSE = re.compile(r"[^,，。;；!！\s]+")


def _clause_at(text: str, at: int) -> str:
    """The clause of the text that holds position `at`."""
    return next((c.group() for c in _CLAUSE.finditer(text) if c.start() <= at < c.end()), "")


def _reported_township(text: str, spans: list[tuple[int, int, str]], found: list[report_status.Evidence]) -> str | None:
    """The township named first — or, of several, the one named in the clause that tells the progress: "俺们凤山跟胡麻营
    挨着 胡麻营那边村规民约还差三个村" reports 胡麻营's."""
    relayed = next((name for start, end, name in spans if _RELAYED_FOR.match(text, end)
                    or text[max(0, start - 1):start] in _ON_BEHALF and _REPORTED_FOR.match(text, end)), None)
    if relayed:  # "凤山今天没新进展。外沟门网不好让我捎个话:他们公墓完成八成了": theirs, passed on
        return relayed
    if len({name for _, _, name in spans}) > 1:
        for clause in _CLAUSE.finditer(text):
            if any(clause.start() <= e.start < clause.end() for e in found):
                named = [name for start, _, name in spans if clause.start() <= start < clause.end()]
                if named:
                    return named[0]
    return spans[0][2] if spans else None


# "帮胡麻营那边报一下 他们…也弄完了": a report made on another township's behalf
_ON_BEHALF = ("帮", "替", "代")
_REPORTED_FOR = re.compile(r"(?:乡|镇)?(?:那边|那儿|他们)?(?:报|说|捎|汇报|上报|转)")
_RELAYED_FOR = re.compile(r"[^,，。;；:：]{0,8}?(?:让|叫|托|请)(?:我|俺)(?:们)?(?:帮(?:着|忙|他们)?)?(?:捎|带|转|报|说)")


def _without_others(text: str, townships: tuple[str, ...]) -> str:
    """The text without clauses about another township it is compared with: "人家天桥早批下来了" and, beside
    the sender's own, "俺们镇弄了六成了 鱼儿山他们都弄完了" tell nothing of the sender's work."""
    own = _OWN.search(text)
    if not townships or "人家" not in text and not own and not _RANKING.search(text) and not _AHEAD_OF_US.search(text):
        return text
    pattern, _ = _township_pattern(townships)
    # "墓地的事还没动呢 地还没选 黄旗那边都开工了": the other side, already further, beside one's own progress told
    # without a township — not "黑山咀那边…也弄完了 替他们报一下", where the progress told is theirs
    told = _AHEAD_OF_US.search(text) and any(report_status.evidence(c.group()) for c in _CLAUSE.finditer(text)
                                             if not pattern.search(c.group()) and not _THIRD_PERSON.search(c.group()))

    def compared(clause: str) -> bool:
        return any(clause[max(0, m.start() - 2):m.start()] == "人家" or own and _THEIRS.match(clause, m.end())
                   or told and _AHEAD_OF_US.match(clause, m.end())
                   or _RANKED.search(clause, 0, m.start()) for m in pattern.finditer(clause))
    return _CLAUSE.sub(lambda clause: " " if compared(clause.group()) else clause.group(), text)


_OWN = re.compile(r"俺们|我们|咱们|俺|本[镇乡]|我[镇乡]")
_RANKING = re.compile(r"仅次于|次于|比|不如|超过|落后于|领先于?|排在")
_RANKED = re.compile(rf"(?:{_RANKING.pattern})[、\s]*$")  # 仅次于开发区, 比黄旗、土城提前
_THEIRS = re.compile(r"(?:镇|乡)?(?:他们|人家|那边|那头)(?:都|也|早|已经|早就)")
_AHEAD_OF_US = re.compile(r"(?:那边|那儿|他们|人家)(?:说(?:他们)?)?[^,，。;；\s]{0,6}?(?:都|早|就)(?!是)")
_THIRD_PERSON = re.compile(r"他们|她们|人家|那边|帮|替|代")
_EVERY_OFFICE = re.compile(r"乡镇[(（、]?开发区")


@lru_cache(maxsize=8)
def _township_pattern(townships: tuple[str, ...]) -> tuple[re.Pattern, dict[str, str]]:
    """One pattern for every township by its full name or its short one (土城镇, 土城), longest first."""
    names = {form: name for name in townships for form in (name, short_township(name)) if len(form) > 1}
    # a short name that runs on into a village's (王营子村 is no 王营乡) is not the township
    forms = [re.escape(form) + ("" if form in townships else "(?![子屯沟]|村(?!规))") for form in sorted(names, key=len, reverse=True)]
    return re.compile("|".join(forms)), names


def _mask(text: str, spans, char: str = _MASK) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = char * (end - start)
    return "".join(chars)


@dataclass(frozen=True)
class _Found:
    """A figure and where the text says it: for what the figures say of progress."""

    figure: Figure
    start: int
    end: int
    lead: str  # the words right before it (共, 已完成, 占…)
    said_end: int = 0  # where its unit as said ends (七成半, 户)


def _figures(text: str, masked: str, boundaries: list[tuple[int, int]],
             found: list[report_status.Evidence]) -> list[_Found]:
    for word in _NUMERAL_WORDS:
        masked = masked.replace(word, _MASK * len(word))
    masked = _NOT_A_COUNT.sub(lambda m: _MASK * len(m.group(0)), masked)
    for start, end in _list_markers(text):
        masked = masked[:start] + _MASK * (end - start) + masked[end:]
    masked, text = _percent_words(masked), _percent_words(text)
    money = bool(_MONEY_CONTEXT.search(text))
    fund = bool(_FUND.search(text))
    # Where each earlier phrase ends, sorted: a figure's label starts after the last of them.
    figures: list[_Found] = []
    ends = sorted([end for _, end in boundaries] + [e.end for e in found])
    for match in _SPOKEN_SHARE.finditer(masked):  # 三分之二, 过半: shares said in words
        share = _share_said(match)
        if share is not None:
            start, end = match.span()
            floor = ends[bisect.bisect_right(ends, start) - 1] if bisect.bisect_right(ends, start) else 0
            figures.append(_Found(Figure(_label(text, floor, start) or _verb(text, found, floor), share, "%"),
                                  start, end, text[max(0, start - 8):start], end))
            masked = masked[:start] + _MASK * (end - start) + masked[end:]
    for match in numerals.NUMERAL.finditer(masked):
        said = match.group(0)
        start, end = match.span()
        after = masked[end:end + 7]
        approx = len(after) - len(after.lstrip("多余几来"))  # 八百多人, 一百二十几个, 三十来万: as said
        after = after[approx:]
        if masked[start - 1:start] == "第" or _NOT_FIGURE_AFTER.match(after) and not (
                said in "仨俩" and after.startswith("月底") or after.startswith(("个月底", "个月初"))) \
                or not said.strip("百千万亿"):  # 剩5个月底前完成: five of them, by the month's end
            continue  # 剩下仨月底前整利索: three, then 月底; 老百姓 and 千万 hold no figure
        number = numerals.value(said)
        if number is None:
            continue
        in_wan = bool(approx and after.startswith("万"))
        if in_wan:  # 三十来万, 二十多万: 万 after the approximate word
            number, after = numerals._tidy(number * 10_000), after[1:]
            approx += 1
        unit = next((u for u in _UNITS if after.startswith(u)), None) or (_keyed_unit(after[:1]) if said.isdigit() else None)
        unit_length = len(unit or "")
        unit = unit or _unit_of_whole(text, end)  # said after the whole, not after this figure
        share = _SHARE.match(after)  # 七成, 七成半, 一半: a share of the whole, in %
        if share and share.group(3) and _PORTION_IS.match(after, share.end()):
            continue  # "那块地有一半是林地": what a part of something is, no share of the work
        if share and (share.group(1) and 0 < number <= 10 or share.group(3) and said == "一"):
            number = number * 10 + (5 if share.group(2) else 0) if share.group(1) else 50
            unit, unit_length = "%", len(share.group(0))
        elif unit is None and (not said[0].isdigit() and not any(c in said for c in "十百千万亿点")
                               and not (said in "仨俩" and (after.startswith("月底") or _LEFT.search(masked, 0, start)))
                               and not _BARE_AMOUNT.match(masked, start - 1)):
            continue  # a lone 一/两 in passing (一下, 两个人 is caught by its unit) — not "镇里批了三": three what, to ask
        elif unit in ("万元", "亿元"):
            number, unit = numerals._tidy(number * (10_000 if unit == "万元" else 100_000_000)), "元"
        elif unit in ("块", "块钱"):  # 多给30块: 元 as people say it — but 一块 is "together" (一块发, 一块儿)
            if said == "一" and unit == "块":
                continue
            unit = "元"
        elif unit is None and figures and said in "仨俩" and _LEFT.search(masked, 0, start):  # "五户都没动 还有俩"
            unit = figures[-1].figure.unit
        elif unit is None and (counted := _COUNT_OF.search(text, 0, start)):  # "户数是538的": the unit said before it
            said_unit = next(g for g in counted.groups() if g)
            unit = {"村": "个村"}.get(said_unit, said_unit)
        elif unit == "个" and _NOUN_AFTER.match(after, 1):
            pass  # "清单上23个问题全改完了": what it counts is said, not the 个村 of a figure before
        elif unit in (None, "个"):  # "一户六千一户四千": so much for each household is money
            # ("今年发了 一百二十来": a round number said loosely, and bare, is not read as 元 below a thousand)
            loose = bool(approx) and not in_wan and number < 1000
            unit = _implied_unit(said + "万" * in_wan, number, unit, figures,
                                 money and not loose or text[max(0, start - 2):start] == "一户", fund)
        before = bisect.bisect_right(ends, start)
        floor = ends[before - 1] if before else 0
        label = _label(text, floor, start) or _verb(text, found, floor)
        figures.append(_Found(Figure(label, number, unit), start, end, text[max(0, start - 8):start],
                              end + approx + unit_length))
        bisect.insort(ends, end + approx + unit_length)
    return _as_meant(text, sorted(figures, key=lambda f: f.start))


def _unit_of_whole(text: str, end: int) -> str | None:
    """"8/11个村排完了": a part written over its whole is counted in the whole's unit (3/15, a date, has none)."""
    whole = _OVER_WHOLE.match(text, end)
    return next((u for u in _UNITS if text.startswith(u, whole.end())), None) if whole else None


_OVER_WHOLE = re.compile(r"\s*[/／]\s*\d+\s*")


_KEYS = str.maketrans("abcdefghijklmnopqrstuvwxyz", "22233344455566677778889999")


def _keys(char: str) -> str:
    """The keys a character's pinyin is typed with on a phone's nine-key pad (户 hu and 股 gu are both 48)."""
    return soundalike.syllable(char).translate(_KEYS)


@lru_cache(maxsize=None)
def _keyed_unit(char: str) -> str | None:
    """"3股": a unit typed on the nine-key pad as another character on the same keys — when exactly one
    one-character unit has them (after digits only: "一分没给", "两万三左右" are words)."""
    if not "\u4e00" <= char <= "\u9fff" or char in _UNITS:
        return None
    alike = [unit for unit in _UNITS if len(unit) == 1 and "\u4e00" <= unit <= "\u9fff" and _keys(unit) == _keys(char)]
    return alike[0] if len(alike) == 1 else None


_LEFT = re.compile(r"(?:剩下?|差|还有)$")  # "弄完九个了 剩下俩": two more of the same
# The unit said before the figure, as a count or a column's name: 户数是538, 村数:14, 风险户:2
_COUNT_OF = re.compile(r"(户|人|村)数\s*(?:是|为|有|[:：])?\s*$|"
                       r"(?<=[\u4e00-\u9fff])(?<![\d一二三四五六七八九十两百千万几俩仨多余来每])(户|人)(?:\s*[:：]\s*|\s+)$|"
                       r"(?:低保|特困|贫困|五保|脱贫|困难|监测|风险)(户)$")  # "底保户四百一十二"
_SPOKEN_SHARE = re.compile(r"([一二三四五六七八九十\d]{1,3})分之([一二三四五六七八九十\d]{1,3})|过半")


def _share_said(match: re.Match) -> float | None:
    """三分之二 → 66.7 (%), 过半 → 50; None for a part no smaller than its whole."""
    if match.group(0) == "过半":
        return 50
    whole, part = numerals.value(match.group(1)), numerals.value(match.group(2))
    return round(part * 100 / whole, 1) if whole and part is not None and 0 < part < whole else None


# Between two figures of a voice message: a restart ("三百 三百二十户"), a repeat ("七户 七户",
# "两万三 两万三千"), or a correction ("十五户 不对 是十三户").
_BARE_AMOUNT = re.compile(r"了[三四五六七八九](?=$|[\s,，。;；])")
_PORTION_IS = re.compile(r"(?:都)?是(?![吧啊呀吗的])")
_FILLER = re.compile(r"[\s,，、。]|嗯|啊|呃|那个|就是|吧|呢|一共|一共是|是|大概|大约|差不多|估计")  # "一半了 大概一半": said again
_AGAIN = re.compile(r"对|了|呀|哦|多点")  # "十五个 对十五个", "二十几户了 二十几户", "一半多点吧 一半多点"
_RESTATED = re.compile(r"反正|总之|也就是|来着")  # words that come back to what was said
# A figure taken back, then the one meant: "哎不对sorry 我看成上个月的表了 现在是七成半", "嗯 是十六户" after 十七户.
_TAKE_BACK = re.compile(r"(?:不对|说错了|打错了|写错了|看错了|搞错了|算错了|哦不|口误|有误|笔误|(?i:sorry)|"
                        r"(?:少|多)(?:说|算|报|写|数)了(?:[一二两三\d]个?[户人村])?)"
                        r"[^\d一二三四五六七八九十两百千万,，。;；]{0,16}[,，\s]*(?:应该是|应为|现在是|其实是|实际是|是|得有|应该有)"
                        r"[^\d一二三四五六七八九十两百千万,，。;；]{0,8}$|"
                        r"(?:^|[\s,，])(?:嗯|哦|呃)\s*[^\d一二三四五六七八九十两百千万,，。;；\s]{0,8}是$")  # "十七户 嗯 是十六户"
_SLIP = re.compile(r"[啊哦呃哎]\s*不是[\s,，]*$")  # "核了二十一个村 啊不是 二十个"
_CORRECTION = re.compile(r"^(?:不对|不是|错了|说错了|哦不|口误)(?:应该)?$")
_CORRECTED_AFTER = re.compile(r"(?:不对|错了|说错了|哦不|口误)(?:应该)?$")  # "五十三个孩子 不对 五十六个"
_CORRECTED_LEAD = re.compile(r"^(?:不对|错了|说错了|哦不|口误)(?:应该|应为)?")  # "新增七人 不对 应该是新增九人"


def _as_meant(text: str, figures: list[_Found]) -> list[_Found]:
    """The figures the speaker meant: of a restart or a correction the later one, of a repeat one."""
    kept: list[_Found] = []
    for found in figures:
        # "八户 共1.24万元 哦少说了一户 是九户": taken back, the figure said right after replaces the last one
        # of its kind said before
        back = _TAKE_BACK.search(text, max(0, found.start - 30), found.start)
        if back is not None:
            earlier = next((n for n in range(len(kept) - 1, -1, -1) if kept[n].end <= back.start() and
                            (kept[n].figure.unit is None or  # "护理补贴估计八十几 不对 是八十三人": said without it
                             _unit_family(kept[n].figure.unit) == _unit_family(found.figure.unit or kept[n].figure.unit))),
                           None)
            if earlier is not None:
                kept[earlier] = replace(found, lead=kept[earlier].lead)  # the same figure said again: what it counts
                continue
        before = kept[-1] if kept else None
        if text[found.start - 1:found.start] in ("那", "这") and any(
                k.figure.value == found.figure.value and _unit_family(k.figure.unit) == _unit_family(found.figure.unit)
                for k in kept):
            continue  # "就差两个村没交 那俩村会计住院了": the same two, pointed back at
        if before is not None:
            between = _FILLER.sub("", text[before.said_end:found.start])  # 不对, 是 … kept apart
            bare = _AGAIN.sub("", between)  # and 对, 了 … of a figure said again
            # ("六个 六个人": 个 said again with what it counts)
            same_kind = _unit_family(before.figure.unit) in (None, _unit_family(found.figure.unit)) or \
                before.figure.unit == "个" and (found.figure.unit or "").startswith("个")
            lead = _CORRECTED_LEAD.match(between)
            relabelled = bool(lead) and text[:before.start].endswith(between[lead.end():])  # the label said again
            fuller = before.figure.unit in (None, "个") and found.figure.unit not in (None, before.figure.unit)
            # ("六个 六个人": started again, saying what is counted)
            if same_kind and (_CORRECTION.match(between) or _CORRECTED_AFTER.search(between) or relabelled or not bare
                              and fuller or _SLIP.search(text, before.said_end, found.start)):
                kept[-1] = replace(found, lead=before.lead)  # corrected, or started again
                continue
            said_before = _AGAIN.sub("", _FILLER.sub("", text[max(0, before.start - len(bare) - 4):before.start]))
            again_kind = same_kind or found.figure.unit is None  # "一百九十八户 对 一百九十八"
            restated = _RESTATED.search(bare) and said_before[-2:] == bare[-2:]  # "就剩一个村了叫啥来着反正就剩一个村"
            if before.figure.value == found.figure.value and again_kind and "|" not in between \
                    and (not bare or said_before.endswith(bare) or restated):  # (21个村|21个村: two columns)
                continue  # said twice ("还差一半 还差一半呢": the words before it, and it, again)
            if re.search(r"不是\s*$", text[before.said_end:found.start]) and same_kind:
                continue  # "14个村都修订完了 不是12个": the figure denied
        kept.append(found)
    return kept


_SHARE = re.compile(r"(成)(半)?|(半)")
# 一户一户 (one by one), 一户都没落下 (not one missed): no count of households.
_PEOPLE = "太头汉爷娘哥姐嫂叔婶子口丫伯妈爸"  # who an age is said after: 老太太, 老周头, 马大哥, 老两口, 小子…
_NOT_A_COUNT = re.compile(r"一([户人个家村条项本份张件])一\1|一个[村户]一个[村户]|(?<![剩差十百千万零])一[户人个家村](?:都|也|没|不)|"
                          r"有一[户家人个]|一[户家人]是|(?:光棍|单身|孤身|孤零零)一个人?|[有分](?:两|三|几)块(?![钱\d])|"
                          # an age and up (六十往上), a slip told (少说了一户), a figure of an earlier round (九人是上季度的)
                          r"(?:[六七八]十|[678]0)(?:周岁|岁)?(?:往上|以上|朝上)|(?:少|多)(?:说|算|报|写|数)了[一二两三\d]个?[户人村]|"
                          r"[一二三四五六七八九十两百\d]+\s*[户人个]?是上(?:个)?(?:季度|月|回|次)的|"
                          # 一户低保户家里…, 一户着火的, 一户六千: a household, not a count of them; 一批, 一圈
                          r"(?<![剩差\d十百千万零])一户(?=低保户|贫困户|特困户|人家|[\u4e00-\u9fff]{1,5}的)|"
                          r"(?<![剩差\d十零])一户(?=[\d一二三四五六七八九两]+(?:元|块|千|万|百))|一个是|(?<![\d十百千万零])一(?:批|圈|趟|回)|(?<![\d.])(\d)\2{2,}(?![\d户人元个万])|"
                          # a month and day with a dot, as in notes (3.27调度会, 汇总表6.10报局): no unit follows a date
                          r"(?<![\d.])(?:1[0-2]|[1-9])\.(?:3[01]|[12]\d|0?[1-9])(?=[\u4e00-\u9fff])"
                          r"(?!万|千|亿|元|块|个|户|人|村|家|名|位|项|条|份|次|倍|米|公里|亩|成)|"
                          r"^\s*\d{1,2}\s*[.、)）]|(?<=\s)\d{1,2}\s*[.、)）](?=\D)|"
                          r"每(?:个)?(?:月|周|季度?|年|天|星期|礼拜)[^,，。;；\s\d一二三四五六七八九十两]{0,8}[一二两三四五\d]次|"
                          r"满[\d一二三四五六七八九十]+|(?<![\d一二两三四五六七八九十])[\d一二两俩三四五六七八九十]+个?村(?=(?:都|也)?(?:不乐意|不愿意|不让|不同意|不配合|抢着|争着))|(?:俺|我|就|光|只有)一个人?(?![村户])|一个人(?=过|住|在家|生活|拉扯|带|养)|[这那哪另]一[项个件块户家村条人名位份]|一个(?=村?(?:会计|支书|书记|主任|村长|干部|文书|委员))|"
                          r"一户(?=[^,，。;；\s\d]{1,16}的(?:家庭|人家|困难户|农户))|"
                          r"(?<![A-Za-z])[qQ][1-4](?!\d)|尾号\s*\d+|\d+\s*开头|"
                          # a month and its day (3/15前), not a part over its whole (8/11个村)
                          r"(?<![\d/／])(?:1[0-2]|0?[1-9])\s*[/／]\s*(?:3[01]|[12]\d|0?[1-9])(?![\d/／])(?!\s*(?:个|户|人|村|元|家|名|位|项|条|份|%))|"
                          r"(?:前移|后移|上升|下降|提升|前进|后退|排名|排第)[一二两三四五六七八九十\d]+位?|(?:头|第)一(?:个|名|家)(?=$|[\s,，。!！])|最后一(?:个|家|户|村)|一个(?:进度|样)|"  # a place in a ranking; 跟天桥一个进度
                          # "一个风险户都没有", "一个个对": none, and one by one; 周五, 星期三: a day
                          r"(?<![\d一二三四五六七八九十百千万零两])一(?=个?[\u4e00-\u9fff]{0,3}[都也][\u4e00-\u9fff]{0,2}(?:没|不)|个个|户户|村村)|"
                          r"(?:(?<=周)|(?<=星期)|(?<=礼拜))[一二三四五六](?![一二三四五六七八九十百千万零两\d])|"
                          r"老[二三四五六七八九十]+(?=家|头|叔|婶|哥|的)|"  # 张老五家: a name
                          # a person's age, said after them ("老太太今年八十三了", "马大哥五十六"), and what
                          # someone earns a month ("一个月给寄五百块")
                          rf"(?<=[{_PEOPLE}])\s?(?:今年|都|才|已经|也)?[一二三四五六七八九]?十[一二三四五六七八九]?(?:多|来)?(?:岁|了|(?=[\s,，。]))|"
                          r"(?:一个月|每个?月|一月)(?:给寄|给|寄|挣|拿|能挣)[一二三四五六七八九十百千万两\d]+(?:块钱?|元)?")
# 一户一户, 一条一条, 光棍一个, 一户都没, 一户没停 (but 就剩一个没改完 counts), 有一户, 一户是…(one of those counted), a list's
# 1. 2., how often (每月对接一次), an age reached (刚满六十), a quarter (q2).
_MARKER = re.compile(r"(?<![\d.])(\d{1,2})\s*[.、)）]")
_YEAR_SAID = re.compile(r"\d{4}年")


def _list_markers(text: str) -> list[tuple[int, int]]:
    """The numbers of a numbered list, 1. 2. 3. in turn — once 1. and 2. stand before words, "3.13个已整改"
    is item 3, then 13 (and "1.2万元" no item)."""
    spans = []
    for found in _MARKER.finditer(text):
        before_words = not text[found.end():found.end() + 1].isdigit() or _YEAR_SAID.match(text, found.end())  # 1.2019年
        if int(found.group(1)) == len(spans) + 1 and (before_words or len(spans) >= 2):
            spans.append(found.span())
    return spans if len(spans) >= 2 else []


_MONEY_CONTEXT = re.compile(r"钱|资金|[元块]|救助金|补助金|储备金|补贴金|低保金|投资|拨款|奖补|[给拨]了|临时救助|一事一议|先行救助")


# A fund's money, which runs to 万: "储备金 到了 120" is 120 元 or 120 万元, the sender's to say.
_FUND = re.compile(r"储备金|资金|拨款|奖补|经费|投资")


_NOUN_AFTER = re.compile(r"[\u4e00-\u9fff](?<![了都也已还没呢啊吧的全均完弄整干做办排核查报交发是就才又在村人户咧嘞啦哈喽哦嘛哩么呀月])")


def _implied_unit(said: str, number: float, unit: str | None, earlier: list[_Found], money: bool,
                  fund: bool = False) -> str | None:
    """A unit the words leave out but the message gives: the counted thing of an earlier 个 figure
    ("23个村弄完19个" → 个村), or 元 for a sum of money in a message about money ("一共1.8万",
    "先给了3000"). Small bare numbers stay without a unit: they are asked about."""
    counted = next((f.figure.unit for f in reversed(earlier)
                    if f.figure.unit and (f.figure.unit.startswith("个") and len(f.figure.unit) > 1
                                          or f.figure.unit == "村")), None)  # "老人台账17村完14"
    if counted and (unit == "个" or unit is None and not money):
        return counted
    if unit is None and ("万" in said or "w" in said.lower() or money and number >= (1000 if fund else 100)):
        return "元"  # 一共1.8万, 两万三: a count in 万 would carry its unit (1.2万人)
    return unit


def _verb(text: str, found: list[report_status.Evidence], floor: int) -> str:
    """发放 for a figure right after 已发放 (已发放23户) that has no words of its own."""
    phrase = next((text[e.start:e.end] for e in found if e.end == floor), "")
    verb = re.sub(r"^已(?:经)?|^全部|了$|完毕$|完$|到位$", "", phrase)
    return verb if len(verb) > 1 else ""  # "弄完了 一共三百户": 弄 names nothing counted


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
    label = _DATE_SAID.sub("", chunk[cut:].replace(_MASK, ""))  # "截至2020年6月30日已支出": the date is no label
    label = _ITEM_NUMBER.sub("", label, count=1)  # "2.自查问题5个": the list's number neither
    changed = True
    while changed and label:
        if label in _LABEL_LEAD or label in _LABEL_TAIL:
            return ""  # 一共 is no label, nor its 一 once 共 is cut
        changed = False
        for lead in _LABEL_LEAD:
            if label.startswith(lead) and len(label) > len(lead):
                label, changed = label[len(lead):], True
        for tail in _LABEL_TAIL:
            if label.endswith(tail) and len(label) > len(tail) and not label.endswith("民约"):  # 村规民约11个村
                label, changed = label[:-len(tail)], True
    return label[-12:]


_DATE_SAID = re.compile(r"(?:截至|截止|于)?\d{2,4}年(?:\d{1,2}月(?:\d{1,2}[日号])?)?|\d{1,2}月\d{1,2}[日号]")


def townships_named(text: str, townships: tuple[str, ...]) -> list[str]:
    """The townships a text names, by full or short name, each once, in order."""
    return list(dict.fromkeys(name for _, _, name in _township_spans(text, townships)))


def catalogue_from_parsed(plan, townships: tuple[str, ...]) -> Catalogue:
    """A catalogue from a parsed plan (core.plan_parser.ParsedPlan), for tests and benchmarks that
    run without a database; the bot builds its own from the stored plan. A task no township office
    owes is owed by the townships it names as its sites (see services.assignments.owing_townships)."""
    entries = []
    for task in plan.tasks:
        every = any(is_every_township_office(d) for d in task.departments)
        owing = frozenset(townships) if every else frozenset(townships_named(task.body or task.title, townships))
        entries.append(TaskEntry(plan.ref(task), task.number, task.title, tuple(task.measures),
                                 tuple(m.label for m in task.milestones if m.label), owing, task.section,
                                 task.heading or ""))
    return Catalogue(tuple(entries), tuple(townships))
