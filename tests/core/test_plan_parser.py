"""core.plan_parser: the annual plan (text, Word, Excel, JSON) read into tasks.

Structure tests pass ``read_deadline=NO_GRAMMAR`` so they do not depend on the deadline grammar
(core.deadlines); the tests named ``*_with_deadline_grammar`` use the real grammar.
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from core.deadlines import DeadlineError, Milestone
from core.plan_parser import (
    ParsedPlan,
    ParsedTask,
    PlanFormatError,
    parse_plan_file,
    parse_plan_text,
    parse_task_rows,
    split_names,
)
from tests.core.fixtures_plans import (
    TABLE_EXPECTED,
    TABLE_TITLE,
    build_docx_paragraphs,
    build_docx_table,
    build_xls,
    build_xlsx,
    full_width_structure,
    seed_text,
)

SEED_NAME = "fengning-minzheng-2020-plan.txt"


def NO_GRAMMAR(text: str, year: int) -> list[Milestone]:
    return []


def FIXED_MILESTONE(text: str, year: int) -> list[Milestone]:
    return [Milestone(due=date(year, 5, 31), kind="once", source=text)]


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


@pytest.fixture
def seed_plan() -> ParsedPlan:
    return parse_plan_text(seed_text(), source=SEED_NAME, read_deadline=NO_GRAMMAR)


def task(plan: ParsedPlan, section: str, number: str, part: int = 1) -> ParsedTask:
    [found] = [t for t in plan.tasks if t.key == (section, number, part)]
    return found


def table_view(plan: ParsedPlan) -> list[tuple]:
    return [
        (t.section_number, t.section, t.number, t.part, t.heading, t.title, t.measures,
         t.leaders, t.departments, t.deadline_text)
        for t in plan.tasks
    ]


MINI = """丰宁县民政局2020年工作要点
三、具体任务及措施
(一)脱贫攻坚方面
1.聚焦剩余贫困人口。一是核查;二是纳入。
责任领导:李晓芬
责任股室:社会救助股
完成时限:5月底前
"""


# --------------------------------------------------------------------------- the seed plan


def test_seed_task_entries(seed_plan):
    assert [t.key for t in seed_plan.tasks] == [
        ("一", "1", 1), ("一", "2", 1), ("一", "3", 1), ("一", "3", 2), ("一", "4", 1),
        ("一", "5", 1), ("一", "6", 1), ("一", "7", 1), ("一", "7", 2),
        ("二", "1", 1), ("二", "2", 1), ("二", "3", 1), ("二", "4", 1), ("二", "5", 1),
        ("三", "1", 1),
    ]  # 9 + 5 + 1 = 15 entries


def test_seed_plan_header(seed_plan):
    assert seed_plan.year == 2020
    assert seed_plan.publisher == "丰宁县民政局"
    assert seed_plan.county == "丰宁县"
    assert seed_plan.title == "丰宁县民政局2020年工作推进方案"
    assert seed_plan.source == SEED_NAME
    assert [(s.number, s.title, s.heading, s.position) for s in seed_plan.sections] == [
        ("一", "脱贫攻坚方面", "三", 1),
        ("二", "补齐短板方面", "三", 2),
        ("三", "乡村振兴方面", "三", 3),
    ]
    assert {t.section for t in seed_plan.tasks if t.section_number == "二"} == {"补齐短板方面"}


SEED_PEOPLE = [
    ("一", "1", 1, ["李晓芬", "杨亚威"], ["社会救助股", "社会事务股", "社会福利股", "各乡镇(开发区)民政办"]),
    ("一", "3", 2, ["李晓芬", "杨亚威"], ["社会救助股", "社会福利股", "各乡镇(开发区)民政办"]),
    ("一", "7", 1, ["杨亚威"], ["基层政权建设和社区治理股", "各乡镇(开发区)民政办"]),
    ("一", "7", 2, ["赵玉林"], ["办公室"]),
    ("二", "2", 1, ["李晓芬"], ["社会救助股", "各乡镇(开发区)民政办"]),
    ("二", "5", 1, ["杨亚威"], ["社会福利股", "项目办"]),
    ("三", "1", 1, ["杨亚威"], ["社会事务股", "各乡镇(开发区)民政办"]),
]


@pytest.mark.parametrize("section,number,part,leaders,departments", SEED_PEOPLE)
def test_seed_leaders_and_departments(seed_plan, section, number, part, leaders, departments):
    t = task(seed_plan, section, number, part)
    assert t.leaders == leaders
    assert t.departments == departments


SEED_TITLES = [
    ("一", "1", 1, None, "聚焦剩余贫困人口,对符合条件人员,全部纳入低保等社会救助范围,做到应保尽保、应救尽救"),
    ("一", "3", 1, "进一步提升兜底保障能力", "加强有效衔接,脱贫不脱政策"),
    ("一", "3", 2, "进一步提升兜底保障能力", "加大核查力度,确保“应保尽保”"),
    ("一", "7", 1, "实施群众内生动力提升行动",
     "下发文件,由各乡镇、开发区民政办指导各村制定修订村规民约,切实发挥规范引导作用"),
    ("一", "7", 2, "实施群众内生动力提升行动",
     "发挥结对帮扶载体,开展“田间地头走访周”“万名干部暖心走访”等活动,帮扶责任人通过走访入户,"
     "面对面宣讲政策,做思想工作,把动员做到贫困户家中"),
    ("三", "1", 1, None,
     "深化农村殡葬移风易俗,在凤山、黄旗、杨木栅子、外沟门、开发区建设5处农村公益性公墓,"
     "使乡镇中心型农村公益性公墓覆盖率达到20%"),
]


@pytest.mark.parametrize("section,number,part,heading,title", SEED_TITLES)
def test_seed_titles_and_headings(seed_plan, section, number, part, heading, title):
    t = task(seed_plan, section, number, part)
    assert (t.heading, t.title) == (heading, title)


@pytest.mark.parametrize(
    "section,number,part,count",
    [("一", "1", 1, 3), ("一", "3", 1, 2), ("一", "3", 2, 4), ("一", "7", 1, 1), ("二", "2", 1, 6), ("三", "1", 1, 3)],
)
def test_seed_measure_counts(seed_plan, section, number, part, count):
    assert len(task(seed_plan, section, number, part).measures) == count


def test_seed_measures_text(seed_plan):
    assert task(seed_plan, "一", "1").measures == [
        "各乡镇、开发区民政办要对辖区内所有未纳入低保、特困的未脱贫建档立卡贫困户家庭收入、财产状况进行核查,"
        "并将核查结果报民政局相关股室",
        "疫情期间精简审批流程,及时将符合条件人员纳入低保、特困、孤儿、残疾人补贴等保障范围",
        "将不符合低保条件但遭遇临时性困难的及时给予临时救助",
    ]
    assert task(seed_plan, "一", "3", 2).body.startswith("加大核查力度")


@pytest.mark.parametrize(
    "section,number,part,deadline_text,line",
    [
        ("一", "1", 1, "5月底前", 10),
        ("一", "2", 1, "3月底前与扶贫办数据核对,4月份下发通知,5月底前审批完成,后续动态管理。", 14),
        ("一", "3", 1, "长期工作", 18),
        ("一", "3", 2, "3月底前建立台账,4月底前完成档案审批,后续动态调整。", 23),
        ("一", "7", 2, "贯穿全年", 44),
        ("二", "5", 1, "12月底前完成。", 65),
        ("三", "1", 1, "12月底前完成", 70),
    ],
)
def test_seed_deadline_text_verbatim_and_lines(seed_plan, section, number, part, deadline_text, line):
    t = task(seed_plan, section, number, part)
    assert t.deadline_text == deadline_text
    assert t.line == line


@pytest.mark.parametrize(
    "variant",
    [
        pytest.param(lambda text: text.encode("gb18030"), id="gb18030"),
        pytest.param(lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"), id="utf8-bom"),
        pytest.param(lambda text: text.replace("\n", "\r\n").encode("gb18030"), id="gb18030-crlf"),
        pytest.param(lambda text: "\ufeff".encode("utf-16-le") + text.encode("utf-16-le"), id="utf16-bom"),
        pytest.param(lambda text: full_width_structure(text).encode("utf-8"), id="full-width"),
    ],
)
def test_seed_reencoded_parses_identically(tmp_path, seed_plan, variant):
    path = write(tmp_path, SEED_NAME, variant(seed_text()))
    assert without_text(parse_plan_file(path, read_deadline=NO_GRAMMAR)) == without_text(seed_plan)


def without_text(plan) -> dict:
    """The plan's structure, without the text as written (a full-width copy writes （一） for (一))."""
    data = plan.to_json()
    for task in data["tasks"]:
        task.pop("body")
    for part in data["document"]:
        part.pop("text")
    return data


def test_full_width_variant_really_differs():
    text = full_width_structure(seed_text())
    assert "（一）脱贫攻坚方面" in text and "责任领导：" in text
    assert "1．" in text and "2、" in text and "（3）" in text


def test_seed_as_docx_paragraphs_parses_like_txt(tmp_path, seed_plan):
    path = build_docx_paragraphs(tmp_path / "fengning-minzheng-2020-plan.docx", seed_text())
    plan = parse_plan_file(path, read_deadline=NO_GRAMMAR)
    expected = seed_plan.to_json()
    expected["plan"]["source"] = path.name
    assert plan.to_json() == expected


def test_seed_milestones_with_deadline_grammar():
    plan = parse_plan_text(seed_text(), source=SEED_NAME)
    first = task(plan, "一", "1")
    assert first.deadline_error is None
    assert [m.due for m in first.milestones] == [date(2020, 5, 31)]


def test_mini_plan_milestones_with_deadline_grammar():
    t = parse_plan_text(MINI).tasks[0]
    assert t.deadline_error is None
    assert date(2020, 5, 31) in [m.due for m in t.milestones]


# --------------------------------------------------------------------------- text structure


@pytest.mark.parametrize("number", ["1.", "1、", "1．", "１．", "（1）", "(1)", "1 . "])
@pytest.mark.parametrize("section", ["(一)", "（一）"])
@pytest.mark.parametrize("colon", [":", "：", " : "])
def test_numbering_and_punctuation_styles(number, section, colon):
    text = MINI.replace("1.", number).replace("(一)", section).replace(":", colon)
    plan = parse_plan_text(text, read_deadline=NO_GRAMMAR)
    [t] = plan.tasks
    assert (t.section_number, t.section, t.number, t.part) == ("一", "脱贫攻坚方面", "1", 1)
    assert (t.title, t.measures) == ("聚焦剩余贫困人口", ["核查", "纳入"])
    assert (t.leaders, t.departments, t.deadline_text, t.line) == (["李晓芬"], ["社会救助股"], "5月底前", 4)


def test_mini_plan_header():
    plan = parse_plan_text(MINI, read_deadline=NO_GRAMMAR)
    assert plan.title == "丰宁县民政局2020年工作要点"  # an explicit title line wins
    assert (plan.year, plan.county, plan.publisher, plan.source) == (2020, "丰宁县", None, "plan.txt")


@pytest.mark.parametrize(
    "text,source,year,expected",
    [
        (MINI, "plan.txt", 2021, 2021),  # the explicit argument wins
        (MINI.replace("2020年", ""), "任务-2019.txt", None, 2019),  # from the file name
        ("成文日期: 2018-03-01\n" + MINI.replace("2020年", ""), "plan-2019.txt", None, 2018),
        ("为确保2022年目标实现,制定本方案。\n" + MINI.replace("2020年", ""), "plan.txt", None, 2022),
    ],
)
def test_year_sources(text, source, year, expected):
    assert parse_plan_text(text, source=source, year=year, read_deadline=NO_GRAMMAR).year == expected


def test_no_year_asks_for_year_option():
    with pytest.raises(PlanFormatError) as e:
        parse_plan_text(MINI.replace("2020年", ""), source="plan.txt", read_deadline=NO_GRAMMAR)
    assert "--year" in str(e.value) and str(e.value).startswith("plan.txt")


def test_county_written_in_full():
    text = "发布机构: 丰宁满族自治县民政局 |\n" + MINI.replace("丰宁县民政局2020年工作要点", "2020年工作要点")
    plan = parse_plan_text(text, read_deadline=NO_GRAMMAR)
    assert (plan.publisher, plan.county, plan.title) == ("丰宁满族自治县民政局", "丰宁满族自治县", "2020年工作要点")


@pytest.mark.parametrize(
    "value,names",
    [
        ("李晓芬、杨亚威", ["李晓芬", "杨亚威"]),
        ("社会救助股、各乡镇(开发区)民政办", ["社会救助股", "各乡镇(开发区)民政办"]),
        ("社会救助股,各乡镇（开发区、街道）民政办", ["社会救助股", "各乡镇（开发区、街道）民政办"]),
        ("李晓芬 杨亚威;赵玉林；办公室，项目办", ["李晓芬", "杨亚威", "赵玉林", "办公室", "项目办"]),
        ("  李晓芬、、  ", ["李晓芬"]),
        ("", []),
    ],
)
def test_split_names(value, names):
    assert split_names(value) == names


def test_unnumbered_tasks_numbered_in_order():
    text = MINI + "(二)乡村振兴方面\n深化殡葬改革。一是选址。\n责任领导:杨亚威\n完成时限:12月底前\n" \
                  "推进社区治理。\n责任领导:杨亚威\n完成时限:长期工作\n"
    plan = parse_plan_text(text, read_deadline=NO_GRAMMAR)
    assert [(t.section_number, t.number, t.part, t.title) for t in plan.tasks[1:]] == [
        ("二", "1", 1, "深化殡葬改革"),
        ("二", "2", 1, "推进社区治理"),
    ]
    assert plan.tasks[2].departments == []


def test_narrative_sections_are_not_tasks():
    text = MINI + "四、工作要求\n(一)强化责任落实\n1.各股室要高度重视。\n2.定期调度。\n附表:任务清单.xls\n"
    plan = parse_plan_text(text, read_deadline=NO_GRAMMAR)
    assert len(plan.tasks) == 1 and [s.title for s in plan.sections] == ["脱贫攻坚方面"]


def test_unreadable_deadline_keeps_task():
    def grammar(text: str, year: int) -> list[Milestone]:
        if text == "视情况而定":
            raise DeadlineError(text, "没有日期")
        return FIXED_MILESTONE(text, year)

    text = MINI + "2.开展专项行动。\n责任领导:杨亚威\n完成时限:视情况而定\n"
    plan = parse_plan_text(text, read_deadline=grammar)
    good, bad = plan.tasks
    assert good.milestones and good.deadline_error is None
    assert bad.milestones == [] and bad.deadline_text == "视情况而定"
    assert bad.deadline_error == str(DeadlineError("视情况而定", "没有日期"))
    assert plan.unreadable_deadlines() == [(bad, bad.deadline_error)]


def test_empty_deadline_is_an_unreadable_deadline():
    plan = parse_plan_text(MINI.replace("完成时限:5月底前", "完成时限:"), read_deadline=NO_GRAMMAR)
    t = plan.tasks[0]
    assert (t.deadline_text, t.milestones) == ("", [])
    assert t.deadline_error == str(DeadlineError("", "内容为空"))


def test_only_deadline_errors_are_caught():
    def broken(text: str, year: int) -> list[Milestone]:
        raise RuntimeError("grammar bug")

    with pytest.raises(RuntimeError):
        parse_plan_text(MINI, read_deadline=broken)


# --------------------------------------------------------------------------- task-list tables


@pytest.mark.parametrize(
    "build,suffix",
    [(build_xlsx, ".xlsx"), (build_xls, ".xls"), (build_docx_table, ".docx")],
    ids=["xlsx", "xls", "docx-table"],
)
def test_task_list_files(tmp_path, build, suffix):
    path = build(tmp_path / f"任务清单{suffix}")
    plan = parse_plan_file(path, read_deadline=NO_GRAMMAR)
    assert table_view(plan) == TABLE_EXPECTED
    assert (plan.title, plan.year, plan.county, plan.source) == (TABLE_TITLE, 2020, "丰宁县", path.name)
    assert [(s.number, s.title) for s in plan.sections] == [("一", "脱贫攻坚方面"), ("二", "补齐短板方面")]


@pytest.mark.parametrize("build,suffix", [(build_xlsx, ".xlsx"), (build_xls, ".xls")], ids=["xlsx", "xls"])
def test_task_list_rows_are_spreadsheet_rows(tmp_path, build, suffix):
    plan = parse_plan_file(build(tmp_path / f"list{suffix}"), read_deadline=NO_GRAMMAR)
    assert [t.line for t in plan.tasks] == [5, 6, 7, 9]


def _rows(header: list[str], *data: list[str], above: tuple[list[str], ...] = ()) -> list[list[str]]:
    return [*above, header, *data]


@pytest.mark.parametrize(
    "header",
    [
        ["序号", "工作任务", "具体措施", "责任领导", "责任股室", "完成时限"],
        ["完成时间", "重点任务", "措施", "牵头领导", "责任单位", "序号", "备注"],
        [" 序\n号 ", "任 务", "具体\n措施", "责任\r\n领导", "责任科室", "时限", "说明"],
        ["序号", "任务", "完成时限（月）"],
    ],
)
def test_header_synonyms_and_order(header):
    data = {"序": "1.0", "务": "开展排查。一是入户;二是建账。", "措": "", "领": "李晓芬", "股": "社会救助股",
            "科": "社会救助股", "单": "社会救助股", "时": "5月底前", "备": "x", "说": "x"}
    row = [next((v for k, v in data.items() if k in cell), "") for cell in header]
    plan = parse_task_rows(_rows(header, row, above=(["2020年民政任务清单"], [])), "t.xlsx", read_deadline=NO_GRAMMAR)
    [t] = plan.tasks
    assert (t.number, t.title, t.measures, t.deadline_text, t.line) == ("1", "开展排查", ["入户", "建账"], "5月底前", 4)
    assert plan.title == "2020年民政任务清单"


def test_rows_sections_and_numbered_measure_lines():
    rows = _rows(
        ["序号", "工作任务", "具体措施", "责任领导", "责任股室", "完成时限"],
        ["一", "脱贫攻坚方面", "", "", "", ""],
        [1, "聚焦贫困人口", "1.核查台账\n2.纳入保障\n范围", "李晓芬", "社会救助股", "5月底前"],
        ["(二)补齐短板方面", "(二)补齐短板方面", "", "", "", ""],
        [1, "提高保障标准", "", "李晓芬", "社会救助股", "3月底前"],
        ["", "", "补充措施", "", "", ""],
    )
    plan = parse_task_rows(rows, "t.xls", year=2020, title="自定标题", read_deadline=NO_GRAMMAR)
    assert plan.title == "自定标题"
    assert [(t.section_number, t.section, t.number, t.part, t.measures) for t in plan.tasks] == [
        ("一", "脱贫攻坚方面", "1", 1, ["核查台账", "纳入保障范围"]),
        ("二", "补齐短板方面", "1", 1, ["补充措施"]),
    ]


def test_rows_blank_number_with_new_task_text_without_sections():
    rows = _rows(
        ["工作任务", "完成时限", "责任领导"],
        ["开展排查。", "5月底前", "李晓芬"],
        ["建立台账。", "6月底前", ""],
    )
    plan = parse_task_rows(rows, "t.xlsx", year=2020, read_deadline=NO_GRAMMAR)
    assert [(t.section_number, t.number, t.part, t.title, t.leaders) for t in plan.tasks] == [
        ("", "1", 1, "开展排查", ["李晓芬"]),
        ("", "2", 1, "建立台账", []),
    ]
    assert plan.title == "2020年工作推进方案"


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "text,line,reason",
    [
        ("责任领导:李晓芬\n", 1, "责任领导之前没有任务"),
        ("丰宁县民政局2020年工作要点\n说明文字。\n完成时限:5月底前\n", 3, "完成时限之前没有任务"),
        ("丰宁县民政局2020年工作要点\n(一)脱贫攻坚方面\n责任股室:社会救助股\n", 3, "责任股室之前没有任务"),
        (MINI + "责任领导:杨亚威\n", 8, "责任领导之前没有任务(上一条任务的责任领导已在第5行)"),
        (MINI + "2.开展专项行动。\n责任领导:杨亚威\n责任股室:办公室\n3.下一项。\n责任领导:x\n完成时限:6月底前\n",
         8, "任务“开展专项行动”缺少完成时限"),
        (MINI + "2.开展专项行动。\n责任领导:杨亚威\n", 8, "任务“开展专项行动”缺少完成时限"),
        (MINI + "2.开展专项行动。\n3.下一项。\n责任领导:x\n完成时限:6月底前\n", 8, "任务“开展专项行动”缺少完成时限"),
        (MINI + "(二)补齐短板方面\n2.开展专项行动。\n责任领导:杨亚威\n", 9, "任务“开展专项行动”缺少完成时限"),
        (MINI.replace("完成时限:5月底前\n", "") + "加大核查力度。\n责任领导:x\n完成时限:6月底前\n",
         4, "任务“聚焦剩余贫困人口”缺少完成时限"),
    ],
)
def test_structure_errors_name_file_and_line(tmp_path, text, line, reason):
    path = write(tmp_path, "plan-2020.txt", text)
    with pytest.raises(PlanFormatError) as e:
        parse_plan_file(path, read_deadline=NO_GRAMMAR)
    assert (e.value.line, e.value.reason) == (line, reason)
    assert str(e.value) == f"plan-2020.txt 第{line}行:{reason}"
    assert e.value.path == str(path)


@pytest.mark.parametrize(
    "name,data,needle",
    [
        ("plan.txt", b"\x80\xff\xfe\x80\x81abc", "编码"),
        ("plan.pdf", b"%PDF-1.4", "不支持的文件类型"),
        ("plan", b"x", "不支持的文件类型"),
        ("plan.txt", b"", "文件为空"),
        ("plan.txt", "  \n\n\u3000\n".encode(), "文件为空"),
        ("plan.docx", b"", "文件为空"),
        ("plan.xlsx", b"not a zip", "无法打开Excel"),
        ("plan.xls", b"not an xls", "无法打开Excel"),
        ("plan.docx", b"not a zip", "无法打开Word"),
        ("plan.json", b"{not json", "JSON"),
        ("plan.json", b'{"plan": {"title": "x"}}', "JSON"),
        ("plan-2020.txt", "一、指导思想\n以人民为中心。\n".encode(), "没有找到任何任务"),
    ],
)
def test_file_errors_name_the_file(tmp_path, name, data, needle):
    path = write(tmp_path, name, data)
    with pytest.raises(PlanFormatError) as e:
        parse_plan_file(path, read_deadline=NO_GRAMMAR)
    assert str(e.value).startswith(name)
    assert needle in e.value.reason
    assert e.value.line is None


def test_missing_file(tmp_path):
    with pytest.raises(PlanFormatError) as e:
        parse_plan_file(tmp_path / "nope.txt")
    assert str(e.value).startswith("nope.txt")


@pytest.mark.parametrize("build,suffix", [(build_xlsx, ".xlsx"), (build_xls, ".xls"), (build_docx_table, ".docx")])
def test_spreadsheet_without_deadline_column(tmp_path, build, suffix):
    header = ["责任股室", "序号", "工作任务", "备注", "具体措施", "责任领导"]
    path = build(tmp_path / f"清单{suffix}", header=header)
    with pytest.raises(PlanFormatError) as e:
        parse_plan_file(path, read_deadline=NO_GRAMMAR)
    assert "完成时限" in e.value.reason
    if suffix == ".docx":  # no task table: read as text, which has no task structure
        assert str(e.value).startswith(path.name)
    else:
        assert str(e.value) == f"{path.name} 第3行:表头缺少“完成时限”列"


@pytest.mark.parametrize(
    "rows,line,reason",
    [
        ([["标题"], ["序号", "具体措施", "完成时限", "责任领导"]], 2, "表头缺少“工作任务”列"),
        ([["序号", "工作任务", "完成时限"], ["1", "开展排查", ""]], 2, "任务“开展排查”缺少完成时限"),
        ([["序号", "工作任务", "完成时限"], ["1", "开展排查", ""], ["2", "建账", "5月底前"]],
         2, "任务“开展排查”缺少完成时限"),
        ([["序号", "工作任务", "完成时限"]], 1, "表头下面没有任何任务"),
        ([["甲", "乙"], ["丙", "丁"]], None, "前20行中没有找到任务清单表头"),
    ],
)
def test_row_errors(rows, line, reason):
    with pytest.raises(PlanFormatError) as e:
        parse_task_rows(rows, "清单-2020.xlsx", read_deadline=NO_GRAMMAR)
    assert e.value.line == line
    assert e.value.reason.startswith(reason)
    assert str(e.value).startswith("清单-2020.xlsx")


# --------------------------------------------------------------------------- JSON


def test_json_round_trip_of_seed(tmp_path):
    plan = parse_plan_text(seed_text(), source=SEED_NAME, read_deadline=FIXED_MILESTONE)
    data = json.loads(json.dumps(plan.to_json(), ensure_ascii=False))
    assert ParsedPlan.from_json(data) == plan
    assert ParsedPlan.from_json(data).to_json() == plan.to_json()


def test_json_round_trip_of_task_list_via_file(tmp_path):
    plan = parse_plan_file(build_xlsx(tmp_path / "list.xlsx"), read_deadline=FIXED_MILESTONE)
    path = write(tmp_path, "plan.json", json.dumps(plan.to_json(), ensure_ascii=False))

    def must_not_run(text: str, year: int) -> list[Milestone]:
        raise AssertionError("milestones must come from the JSON")

    again = parse_plan_file(path, read_deadline=must_not_run)
    assert again == plan
    assert again.tasks[0].milestones == [Milestone(date(2020, 5, 31), "once", source="5月底前")]
    with pytest.raises(PlanFormatError):
        parse_plan_file(path, year=2021)


def test_json_contract_keys():
    data = parse_plan_text(MINI, read_deadline=FIXED_MILESTONE).to_json()
    assert set(data) == {"plan", "sections", "tasks", "document"}
    # MINI has no part outside its task block; the block's heading is kept for the plan's outline
    assert data["document"] == [{"ref": "三", "title": "具体任务及措施", "text": ""}]
    assert set(data["plan"]) == {"title", "year", "county", "publisher", "source"}
    assert data["sections"] == [{"number": "一", "title": "脱贫攻坚方面", "heading": "三"}]
    assert data["tasks"] == [
        {
            "section": "脱贫攻坚方面",
            "section_number": "一",
            "number": "1",
            "part": 1,
            "heading": None,
            "title": "聚焦剩余贫困人口",
            "measures": ["核查", "纳入"],
            "leaders": ["李晓芬"],
            "departments": ["社会救助股"],
            "deadline_text": "5月底前",
            "milestones": [
                {"due": "2020-05-31", "kind": "once", "every": None, "label": None, "source": "5月底前"}
            ],
            "deadline_error": None,
            "line": 4,
            "body": "1.聚焦剩余贫困人口。一是核查;二是纳入。",
        }
    ]
