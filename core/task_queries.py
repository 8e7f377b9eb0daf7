"""Questions over the plan's task table, answered from the rows with set logic, not from a passage.

Pure. "李晓芬管哪几项", "杨亚威牵头但李晓芬不在的", "只有一位领导牵头的有哪些", "社会福利股都有啥活",
"我们乡镇民政办不用管的", "完成时限写着4月底前的", "12月底前要完成的", "哪几项要求动态监测" are
lists of tasks: each names its filters (a leader or department that must or must not be there, how
many leaders, a deadline as written or as a date, words of the task), and the answer lists every
task that passes them all. "公墓那项谁负责", "三(一)4的时限原文", "养老机构建设那项责任股室" ask
about one task: who, which departments, by when, in the plan's own words.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from core.reply_text import clip

LIST, FACTS, OVERVIEW = "list", "facts", "overview"
WHO, DEPARTMENTS, WHEN = "who", "departments", "when"

_LISTING = re.compile(r"哪几项|哪[两三四五六七八九]项|列一遍|(?:负责|管|干)(?:啥|什么)(?!时候)|的有(?:啥|什么)$|哪些(?!人|部门|数据|单位|渠道|方式|材料|情况|内容)|几项|哪项|哪一块|哪几个|有啥活|啥活|都有啥|都有什么|有什么任务|啥任务|列一下|列出|分别是|"
                      r"有(?:啥|什么)项目|哪一项|哪一条|哪条|第几条|第几项|出现在|几摊|哪几摊|"
                      r"都管|都承担|承担哪|负责哪|管哪|的任务$|的任务是|都在的任务|的任务有|哪块|哪方面|什么工作|啥工作|"
                      r"哪些工作|管啥|管什么|负责啥|负责什么|干啥活|干什么活|(?:所涉|涉及的?|牵涉的?)(?:任务|工作|事项)$|(?:完成|办结)的?事项$")
_WHO = re.compile(r"谁负责|(?:找|问|联系)(?:局里|县里|哪位|哪个)?谁|谁牵头|谁管|谁分管|谁搞|谁办|谁抓|(?:哪个|哪位|哪些|哪几位|哪一位)(?:局|县局|局里)?领导|领导是谁|责任领导|牵头领导|归谁|哪个局长|"
                  r"(?:是|归)(?:[\u4e00-\u9fff]{2,3})(?:管|负责|牵头)的吧")
_DEPARTMENT = re.compile(r"哪个股|哪些股|哪几个股|几个股室|哪个科|哪个部门|什么股|啥股|股室|责任单位|哪个单位|归哪|"
                         r"有没有[^,，。?？]{0,10}(?:股|室|办)的事|(?:股|室|办)有没有份|(?:股|室|办)(?:参不参与|管不管)")
_WHEN = re.compile(r"啥时候|什么时候|何时|几月|几号|哪天|时限|截止|期限|最晚|多会儿|完成时间|节点|前完成|底前|就结束|才结束|"
                   r"年底能|能完不|能完成不|完得成|(?<!哪)来得及")
_ROUTINE = re.compile(r"(?:每月|每个月|每年|每季度|一般)[^,，。?？]{0,8}(?:几号|哪天|几日|啥时候发|什么时候发|啥时候打)|"
                      r"(?:几号|哪天)\s*(?:发钱|发|打钱|打卡|到账)")  # 低保 几号 发钱: a payday, no deadline
_AS_WRITTEN = re.compile(r"原文|怎么写|咋写|(?<![我俺])(?<!稿子里)(?<!材料里)写的是|写着|原话")  # not what the asker wrote
_ONLY = re.compile(r"只有|只由|只设|仅设|就一个|一个人|单独|独自|仅|唯一|一[位个名](?:责任|牵头)?领导|单一")
_NOT = re.compile(r"不在|没挂|不挂|没有|不含|不包括|不用管|不管|除了|以外|不参与|不负责|不承担|不牵扯|不涉及|不沾|没份")
# "李晓芬没参与", "民政办不用参与", "都不是责任领导": a verb of taking part, denied.
_DENIED = re.compile(r"^.{0,2}(?:不|没|未|并非)(?:用|有|需要?)?(?:是|管|参与|负责|承担|牵头|分管|在|包括|含)")
_NAME_LIKE = (r"[\u4e00-\u9fff]{2,3}(?=都|也|均)",)
_ALL = re.compile(r"都在|都有|都参与|共同|一起|同时|三个都|两个都|都负责")
_TOWNSHIP_OFFICE = re.compile(r"乡镇民政办|乡镇|民政办|开发区")
_PLACE = re.compile(r"([\u4e00-\u9fff]{2,5})(?:镇|乡|街道)(?!民政|镇)")
_WHAT = re.compile(r"叫啥|叫什么|是啥|是什么|啥内容|什么内容|哪些情况|啥情况|什么情况|哪些方面")
_THEIR_TASK = re.compile(r"(?:牵头|负责|分管|管|股|室|办)的?(?:那|这)一?(?:项|个|块|摊)(?=$|[\s,，。?？我俺咱你他她是要需啥什几哪怎咋谁时原截完归责]|的?(?:任务|活|事))")
_IN_CHARGE = re.compile(r"管|负责|牵头|分管|抓|承担|参与|的事|的活|的任务|报|弄|责任|有份|干|的吧|的吗|的不|的么")
_SENT_TO = re.compile(r"(?:报|交|送|上报)(?:给|到)(?:谁|哪)")
_WHOSE = re.compile(r"(?:算不算|是不是|属不属于|归不归|有没有)[^,，。?？]{0,10}的(?:事|活|任务)|"
                    r"(?:民政办|乡镇|乡里|镇里|我们|俺们)[^,，。?？]{0,4}有(?:任务|活|事)(?:没|吗|不)|"  # 我们乡镇民政办有任务没
                    r"要不要(?:也)?报[^,，。?？]{0,10}进度")  # 俺们黄旗镇要不要报养老机构改造进度
# Parts of the year: the tasks with a dated step in them.
_HALVES = {"上半年": (1, 6), "下半年": (7, 12), "第一季度": (1, 3), "一季度": (1, 3), "第二季度": (4, 6), "二季度": (4, 6),
           "第三季度": (7, 9), "三季度": (7, 9), "第四季度": (10, 12), "四季度": (10, 12)}
_SECTION = re.compile(r"[一二三四五六七八九十]\([一二三四五六七八九十]\)(?![\d-])")
_DATE = re.compile(r"(\d{1,2}|[一二三四五六七八九十]{1,3})月(?:份)?(底|末|中旬|上旬|下旬|初)?")
_CN = {c: i for i, c in enumerate("一二三四五六七八九十", 1)}
# What a department is called for short: 福利股 → 社会福利股, 基层政权股 → 基层政权建设和社区治理股.
_DEPARTMENT_SHORT = re.compile(r"^(?:社会|基层政权建设和)?(.{2,4}?)(?:和社区治理)?(股|室|办)$")


@dataclass(frozen=True)
class Step:
    written: str  # as the deadline text writes it: "3月底前排查完成"
    due: date | None
    kind: str  # once / recurring / ongoing / conditional


@dataclass(frozen=True)
class TaskRow:
    """A task as the answers read it: plain data from the plan's task table."""

    ref: str
    title: str
    leaders: tuple[str, ...]
    departments: tuple[str, ...]  # as written: 社会救助股, 各乡镇(开发区)民政办
    deadline_text: str
    steps: tuple[Step, ...] = ()
    text: str = ""  # its title, measures and body, for finding it by its words
    measures: tuple[str, ...] = ()  # 一是…, 二是…: how it is to be done
    section: str = ""  # the section's name: 补齐短板方面

    @property
    def short(self) -> str:
        return clip(self.title.split(",")[0], 18)

    @property
    def township_offices(self) -> bool:
        return any(_TOWNSHIP_OFFICE.search(d) and "民政办" in d for d in self.departments)


@dataclass(frozen=True)
class Query:
    kind: str  # LIST or FACTS
    tasks: tuple[TaskRow, ...]  # the tasks listed, or the one asked about
    asked: tuple[str, ...] = ()  # for FACTS: who / departments / when
    as_written: bool = False
    said: str = ""  # what the list is of, in the question's words: 李晓芬负责的
    lines: tuple[str, ...] = ()  # for OVERVIEW: the answer, over the whole table


def read(question: str, rows: tuple[TaskRow, ...], found_by_words: tuple[str, ...] = ()) -> Query | None:
    """The task-table question `question` asks, or None if it asks none. `found_by_words`: the refs
    of the task its words name (from the report parser's task finder), when they name one. A day
    that comes back (低保钱每月几号打到卡上) is no deadline of the table: not a table question."""
    if _ROUTINE.search(question):
        return None
    leaders = _named(question, {name for row in rows for name in row.leaders})
    departments = _departments_named(question, rows)
    listing = bool(_LISTING.search(question) or _DATE.search(question) and _DUE_THEN.search(question))
    asked = tuple(name for name, pattern in ((WHO, _WHO), (DEPARTMENTS, _DEPARTMENT), (WHEN, _WHEN))
                  if pattern.search(question))
    by_ref = _by_ref(question, rows)
    overview = _overview(question, rows, bool(found_by_words)) if not (leaders or departments or by_ref) else None
    if overview is not None:
        return overview
    one = by_ref or tuple(row for row in rows if row.ref in found_by_words)
    theirs = tuple(row for row in rows if leaders and all(name in row.leaders for name in leaders)
                   or not leaders and departments and all(name in row.departments for name in departments))
    if len(theirs) == 1 and _THEIR_TASK.search(question):  # "赵玉林牵头那项…": the one task the leader leads
        one = theirs
    if one and _WHOSE.search(question):  # "…那个活 算不算俺们乡镇民政办的任务": that task's who and departments
        return Query(FACTS, one, (WHO, DEPARTMENTS))
    section = _SECTION.search(question)
    if section and not one:  # "三(二)有哪几项", "第三部分第二节讲的啥": the section's tasks
        chosen = tuple(row for row in rows if row.ref.startswith(section.group(0)))
        if chosen:
            return Query(LIST, chosen, said=f"{section.group(0)}{chosen[0].section}")
    if listing and not (len(by_ref) == 1 and not leaders and not departments):  # "三(一)1要核查哪些户": in that task
        chosen, said = _filtered(question, rows, leaders, departments)
        ranked = _first_or_last(question, chosen, said) if chosen else None  # "社会事务股的活里时限最晚的是哪项"
        if ranked is not None:
            return ranked
        if chosen is not None:
            who = WHO in asked or re.search(r"(?:分别|各|都)是谁", question)
            return Query(LIST, chosen, asked=(WHO,) if who else (), said=said)
    if not one and leaders and asked:  # "赵玉林领导负责的完成时限": the one task the leader has
        one = theirs if len(theirs) == 1 else ()
    # 原文是从多少到多少, 写的是提到6000吧: the figures, not the task's wording
    as_written = _AS_WRITTEN.search(question) and not re.search(r"多少|几档|\d{3,}", question)
    if one and (asked or as_written):
        return Query(FACTS, one, asked or (WHEN,), bool(_AS_WRITTEN.search(question)))
    # "公墓那项是李晓芬管的吧" (not "叫啥", nor "方案让福利股指导哪些人去摸排": what the measure has them do)
    # ("乡镇民政办核查完…结果报给谁": where the work's result goes, which the task's text says)
    if one and (leaders or departments) and not _WHAT.search(question) and _IN_CHARGE.search(question) \
            and not _SENT_TO.search(question):
        return Query(FACTS, one, (WHO, DEPARTMENTS))
    return None


# Questions over the whole table: who leads, which offices answer, how the sections compare, which
# deadlines come first and last ("责任领导一共几位", "哪个方面的任务最多", "时限最早的是哪一项").
_ALL_LEADERS = re.compile(r"(?:责任)?领导(?:一共|总共|共)?有?(?:几位|几个|哪些|哪几位|都有谁|有谁|分别是谁|都是谁)|"
                          r"(?:几位|哪几位|多少位)(?:责任)?领导")
_ALL_OFFICES = re.compile(r"(?:哪些|几个|哪几个|多少个?)(?:局机关)?(?:内设)?股室|股室(?:一共|共|都)?有(?:哪些|几个)")
_WHOLE_TABLE = re.compile(r"局机关|内设|出现过|一共|总共|所有|全部|整个")
_SECTIONS_COMPARED = re.compile(r"哪个方面[^,，。?？]{0,6}最多|(?:每个|各个?)方面(?:各)?有?几项|各方面[^,，。?？]{0,4}几项")
_MOST_LEADERS = re.compile(r"(?:牵头|责任)?领导(?:人数)?最多|最多(?:几位|几个)?领导")
_FIRST_OR_LAST = re.compile(r"(?:最早|最晚|最先|最迟)")
_OF_DEADLINES = re.compile(r"时限|截止|到期|完成|节点|日期")


def _overview(question: str, rows, names_a_task: bool) -> Query | None:
    """A question over the whole table, answered with lines of its own; None if it is none, or if the
    question names a task by its words and does not say it means them all ("整改回头看 哪几个股室负责")."""
    if names_a_task and not _WHOLE_TABLE.search(question):
        return None
    def tally(names_of) -> str:
        counted: dict[str, int] = {}
        for row in rows:
            for name in names_of(row):
                counted[name] = counted.get(name, 0) + 1
        return "、".join(f"{name}({n}项)" for name, n in counted.items())
    if _ALL_LEADERS.search(question):
        leaders = list(dict.fromkeys(name for row in rows for name in row.leaders))
        return Query(OVERVIEW, tuple(rows), lines=(f"方案的责任领导共{len(leaders)}位:"
                                                   f"{tally(lambda row: row.leaders)}。",))
    if _ALL_OFFICES.search(question):
        offices = [d for d in dict.fromkeys(d for row in rows for d in row.departments) if not _TOWNSHIP_OFFICE.search(d)]
        towns = sum(row.township_offices for row in rows)
        return Query(OVERVIEW, tuple(rows), lines=(
            f"局机关的责任股室共{len(offices)}个:{tally(lambda row: [d for d in row.departments if d in offices])};"
            f"另有各乡镇(开发区)民政办,承担{towns}项。",))
    if _SECTIONS_COMPARED.search(question):  # numbered tasks: 三(一)3-1 and 3-2 are the two blocks of one
        sections: dict[str, int] = {}
        for row in dict.fromkeys((row.section, row.ref.split("-")[0]) for row in rows if row.section):
            sections[row[0]] = sections.get(row[0], 0) + 1
        if sections:
            most = max(sections, key=sections.get)
            return Query(OVERVIEW, tuple(rows), lines=(
                "、".join(f"{name}{n}项" for name, n in sections.items()) + f";任务最多的是{most}。",))
    if _MOST_LEADERS.search(question):  # "牵头领导最多的是哪几项"
        most = max(len(row.leaders) for row in rows)
        led = tuple(row for row in rows if len(row.leaders) == most)
        return Query(OVERVIEW, led, lines=(f"责任领导最多的任务各有{most}位领导牵头:",
                                           *(f"{row.ref} {row.short}:{'、'.join(row.leaders)}" for row in led)))
    return _first_or_last(question, rows)


def _first_or_last(question: str, rows, said: str = "") -> Query | None:
    """"时限最早的是哪一项" (of the rows `said` names, if any): the dated step that comes first or last."""
    first_or_last = _FIRST_OR_LAST.search(question)
    if not (first_or_last and _OF_DEADLINES.search(question) and _LISTING.search(question)):
        return None
    dated = [(step.due, row, step) for row in rows for step in row.steps if step.due is not None and step.kind == "once"]
    if not dated:
        return None
    latest = first_or_last.group(0) in ("最晚", "最迟")
    due = (max if latest else min)(d for d, _, _ in dated)
    at = [(row, step) for d, row, step in dated if d == due]
    return Query(OVERVIEW, tuple(dict.fromkeys(row for row, _ in at)), lines=(
        f"{said + '的任务里' if said else ''}有具体日期的时间节点中,{'最晚' if latest else '最早'}的是{due.month}月{due.day}日:",
        *(f"{row.ref} {row.short}:{step.written}" for row, step in at)))


def _filtered(question: str, rows, leaders: list[str], departments: list[str]):
    """The rows that pass every filter the question names, and what it named; None: no filter."""
    chosen, said = list(rows), []
    for name in leaders:
        without = _negated(question, name)
        chosen = [row for row in chosen if (name in row.leaders) != without]
        said.append(f"{'不含' if without else ''}{name}")
    if leaders and _ONLY.search(question) and not any(_negated(question, name) for name in leaders):
        chosen = [row for row in chosen if len(row.leaders) == 1]
        said.append("单独牵头")
    elif not leaders and _ONLY.search(question) and "领导" in question:
        chosen = [row for row in chosen if len(row.leaders) == 1]
        said.append("只有一位领导牵头")
    for department in departments:
        township = "民政办" in department
        without = _negated(question, next(form for form in _forms(department) if form in question))
        chosen = [row for row in chosen
                  if (row.township_offices if township else department in row.departments) != bool(without)]
        said.append(f"{'不含' if without else ''}{department}")
    # "俺们凤山镇在这个方案里有啥项目": the tasks that name the place as a site
    place = next((name[i:] for m in _PLACE.finditer(question) for name in [m.group(1)]
                  for i in range(len(name) - 1) if name[i:] not in ("乡镇", "各乡")
                  and any(name[i:] in row.text for row in chosen)), "")
    if place:  # its projects are the tasks naming it; its tasks also those every township office owes
        projects = re.search(r"项目|工程|建设|建什么|建啥", question)
        chosen = [row for row in chosen if place in row.text or not projects and row.township_offices]
        said.append(f"涉及{place}" if projects else f"{place}承担")
    section = next((row.section for row in chosen if row.section and row.section.removesuffix("方面") in question), "")
    if section:  # "脱贫攻坚方面几项任务"
        chosen = [row for row in chosen if row.section == section]
        said.append(section)
    period = next((p for p in _HALVES if p in question), "")
    if period:  # "上半年有截止时间要完成的任务"
        first, last = _HALVES[period]
        chosen = [row for row in chosen if any(step.due is not None and step.kind == "once" and first <= step.due.month <= last
                                               for step in row.steps)]
        said.append(f"{period}有完成时限")
    written = "" if period else _deadline_named(question)  # 二季度也就是4到6月: the quarter says it
    if written:
        chosen = [row for row in chosen if _has_deadline(row, written)]
        said.append(f"完成时限为{written}")
    words = [] if said and not written else [_as_the_plan_writes(w, chosen) for w in _words_named(question)]
    if said:  # "3月底前要建的台账是哪几项": a word of the tasks besides the deadline, where some of them have it
        words = [w for w in words if any(w in row.text for row in chosen)]
    if words:
        chosen = [row for row in chosen if any(w in row.text or w in row.deadline_text for w in words)]
        if not chosen:  # "三保障有风险的对象要跟哪些部门比对数据" asks what a task's text says
            return None, ""
        said.append("含" + "或".join(f"“{w}”" for w in words))
    return (tuple(chosen), "、".join(said)) if said else (None, "")


def _negated(question: str, name: str) -> bool:
    """Whether the question excludes `name`: "李晓芬不在", "除了李晓芬", "民政办不用管"."""
    at = question.find(name)
    if at < 0:
        return False
    after = question[at + len(name):at + len(name) + 4]
    before = question[max(0, at - 8):at]
    if _NOT.match(after) or re.search(r"(?:除了|(?<!有)没有|不含|不包括|除|但没|而没|(?<![有无])无)$", before) or _DENIED.match(after):
        return True
    # "不需要各乡镇民政办参与": the denial comes before the name, the verb after it
    if re.search(r"(?:不需要?|不用|无需|不必)[^,，。?？]{0,8}$", question[max(0, at - 12):at]) and re.match(r"^.{0,2}(?:参与|管|负责|承担|干|做|办)", after):
        return True
    # "李晓芬、杨亚威都不是责任领导": a negation after names in a row is said of each of them.
    joined = re.match(rf"^[、和跟与及]({'|'.join(_NAME_LIKE)})", question[at + len(name):])
    return bool(joined) and _negated(question, joined.group(1))


def _named(question: str, names: set[str]) -> list[str]:
    """Names in the question, or a leader called by surname and post ("李局管几摊事" → 李晓芬, the one 李)."""
    found = [name for name in sorted(names, key=question.find) if name and name in question]
    for post in re.finditer(r"([\u4e00-\u9fff])(?:局长|局|副局长|主任|领导)", question):
        same = [name for name in names if name.startswith(post.group(1))]
        if len(same) == 1 and same[0] not in found:
            found.append(same[0])
    return found


def _departments_named(question: str, rows) -> list[str]:
    """Departments of the plan the question names, in full or for short (福利股, 救助股, 乡镇民政办)."""
    named = []
    for department in sorted({d for row in rows for d in row.departments}, key=lambda d: (-len(d), d)):
        hit = next((form for form in _forms(department) if form in question), None)
        if hit and not any(hit in other for other in named):
            named.append(department)
    # in the order the question names them, the same every run (a set's order is not)
    return sorted(named, key=lambda d: min(question.find(f) for f in _forms(d) if f in question))


def _forms(department: str) -> list[str]:
    """How people write a department, longest first: 社会福利股, 福利股; 基层政权建设和社区治理股, 社区治理股, 基层政权股;
    各乡镇(开发区)民政办, 乡镇民政办, 民政办."""
    short = _DEPARTMENT_SHORT.match(department)
    forms = {department, f"{short.group(1)}{short.group(2)}"} if short else {department}
    if len(department) > 6 and "(" not in department:  # 基层政权建设和社区治理股: 基层政权股 as well
        forms.add(department[:4] + department[-1])
    if "民政办" in department:
        forms |= {"乡镇民政办", "民政办"}
    return sorted(forms, key=len, reverse=True)


def _by_ref(question: str, rows) -> tuple[TaskRow, ...]:
    refs = sorted((row.ref for row in rows), key=len, reverse=True)
    for ref in refs:
        if ref in question:
            return tuple(row for row in rows if row.ref == ref)
    # "三(一)7两部分": a task in parts is each of its parts.
    return tuple(row for row in rows if "-" in row.ref
                 and re.search(re.escape(row.ref.rsplit("-", 1)[0]) + r"(?![\d-])", question))


def _deadline_named(question: str) -> str:
    """The deadline the question filters by, as it writes it: 4月底前, 12月底, 长期工作, 每季度."""
    for word in ("长期工作", "贯穿全年", "动态管理", "每季度"):
        if word in question:
            return word
    # "到5月1号,时限里写着4月底前的哪几项": the date of a deadline (底, 中旬…), not the day it is asked on
    found = max(_DATE.finditer(question), key=lambda m: bool(m.group(2)), default=None)
    if found and (_LISTING.search(question) or _DUE_THEN.search(question)):
        return found.group(0).rstrip("份")
    return ""


_DUE_THEN = re.compile(r"(?:(?:要|该|得|需要?)(?:完成|交|报|办完)|到期)的(?:任务|活|事)?(?:吗|么|没有?)?[?？]?$|"  # "5月底前要完成的", "6月份有到期的吗"
                       r"有(?:啥|什么|哪些)(?:节点|时间节点|截止的)[?？]?$")  # "6月有啥节点"


def _has_deadline(row: TaskRow, written: str) -> bool:
    if re.search(r"(?<![\d一二三四五六七八九十])" + re.escape(written), row.deadline_text):  # 2月 is not of 12月底
        return True
    found = _DATE.match(written)
    if not found:
        return False
    month = int(found.group(1)) if found.group(1).isdigit() else _CN.get(found.group(1), 0)
    end_of_month = found.group(2) in (None, "底", "末")
    return any(step.due is not None and step.due.month == month and step.kind == "once"
               and (not end_of_month or (step.due.day >= 28 and written in step.written)) for step in row.steps) \
        or not found.group(2) and any(int(low) <= month <= int(high) for step in row.steps  # 4-5月份 holds 4月
                                      for low, high in _MONTHS_SPANNED.findall(step.written))


_MONTHS_SPANNED = re.compile(r"(\d{1,2})\s*[-~至到]\s*(\d{1,2})月")


_WORD_ASKED = re.compile(r"(?:要求|包括|涉及|有|含|提到|写了|需要|要(?=建|做|开展|下发|报|排查|核查|会同|比对))([\u4e00-\u9fff、]{2,20}?)"
                         r"(?:这一步|这个环节|环节|的|工作)?(?:任务)?(?:是|有)?第?$")


def _words_named(question: str) -> list[str]:
    """哪几项任务要求动态监测 → [动态监测]; 有下发通知或者下发文件这一步 → [下发通知, 下发文件];
    “两不愁”这个词在方案哪条任务里出现 → [两不愁]."""
    quoted = re.findall(r"[“\"「]([^”\"」]{2,12})[”\"」]", question)
    if quoted and re.search(r"哪一?(?:条|项)|哪几项|第几(?:条|项)|出现|提到|写到|哪些任务|任务有哪些", question):  # not "“三保障”…会同哪些部门"
        return quoted
    # the clause that lists ("3月底前要建的台账是哪几项 分别找局里谁": not what is asked after it)
    listing = next((c for c in re.split(r"[,，。;；\s]+", question) if _LISTING.search(c)), question)
    text = _LISTING.sub("", listing)
    text = re.sub(r"[?？。!！\s]|任务|方案|里|中", "", text)
    found = _WORD_ASKED.search(text)
    return [w for w in re.split(r"或者|或|和|、|及", found.group(1)) if len(w) >= 2] if found else []


def _as_the_plan_writes(word: str, rows) -> str:
    """The word, or the shorter form of it the tasks have: 建台账 → 台账, 动态监测的 → 动态监测."""
    forms = [word, *(form for form in (word[1:], word[:-1], word.rsplit("的", 1)[-1]) if len(form) >= 2)]  # 建的台账 → 台账
    return next((f for f in forms if any(f in row.text or f in row.deadline_text for row in rows)), word)


def without_table_words(question: str) -> str:
    """The question without what the task table answers (谁负责, 几月, 哪个股…): what else it asks."""
    for pattern in (_WHO, _DEPARTMENT, _WHEN):
        question = pattern.sub(" ", question)
    return question


def asks_of_a_task(question: str) -> bool:
    """Whether the question asks who, which department or by when (of some task)."""
    return bool(_WHO.search(question) or _DEPARTMENT.search(question) or _WHEN.search(question))


def describe(query: Query, plan_year: int) -> list[str]:
    """The answer's lines (without the citation)."""
    if query.kind == OVERVIEW:
        return list(query.lines)
    if query.kind == LIST and len(query.tasks) == 1:  # "赵玉林负责的是啥任务": the one task, whole
        query = Query(FACTS, query.tasks, (WHO, DEPARTMENTS, WHEN))
    if query.kind == LIST:
        if not query.tasks:
            return [f"方案中没有{query.said}的任务。"]
        lines = [f"{query.said}的任务共{len(query.tasks)}项:"]
        # "只有一位领导牵头的有哪些 分别是谁": each with its leaders
        lines += [f"{row.ref} {row.short}" + (f"({'、'.join(row.leaders)})" if WHO in query.asked and row.leaders else "")
                  for row in query.tasks]
        return lines
    lines = []
    for row in query.tasks:  # all three, what was asked first: who answers for it is one answer
        fields = {WHO: f"责任领导:{'、'.join(row.leaders) or '方案未写'}",
                  DEPARTMENTS: f"责任股室:{'、'.join(row.departments) or '方案未写'}",
                  WHEN: f"完成时限:{row.deadline_text or '方案未写'}"}
        lines.append(f"{row.ref} {row.title}")
        lines += [fields[name] for name in (*query.asked, *(n for n in fields if n not in query.asked))]
        dated = [f"{step.written}({step.due.month}月{step.due.day}日)" for step in row.steps
                 if step.due is not None and step.kind == "once" and step.due.year == plan_year]
        if dated and not query.as_written:
            lines.append("即:" + ";".join(dated))
    return lines
