"""Reading staff reports against the bundled 2020 plan; the corpus of tests/reports_corpus.json."""
import pytest

from bench.progress import ASKED, MISSED, RIGHT, WRONG, bundled_catalogue, evaluate, load_corpus
from core.report_parser import (ASK, NOT_REPORT, REPORT, UNKNOWN_TASK, Reading, choice_index, complete,
                                format_quantity, is_cancel, looks_like_report, parse)

CATALOGUE = bundled_catalogue()


def figures(reading: Reading) -> list[tuple]:
    return [(f.label, f.value, f.unit) for f in reading.figures]


def test_the_issue_example_reads_whole():
    reading = parse("土城镇低保对象三保障排查完毕，共排查412户，发现风险对象2户已反馈住建局", CATALOGUE, "土城镇")
    assert (reading.verdict, reading.task, reading.township, reading.status) == (REPORT, "三(一)4", "土城镇", "done")
    assert figures(reading) == [("排查", 412, "户"), ("风险对象", 2, "户")]


@pytest.mark.parametrize("text, task", [
    ("三(一)4 已完成", "三(一)4"),
    ("(二)4完成了", "三(二)4"),
    ("三(一)7-1 完成", "三(一)7-1"),
    ("任务6已完成", "三(一)6"),  # only section 一 has a task 6
    ("第四项任务三保障排查完成", "三(一)4"),  # the number is ambiguous, the words decide
    ("4号任务 留守儿童排查完成", "三(二)4"),
    ("任务5完成", "三(一)5"),  # 三(二)5 is owed by no township office
    ("临时救助已发放", "三(二)2"),
    ("村规民约修订好了", "三(一)7-1"),
    ("敬老院改造正在施工", "三(二)5"),
    ("公墓选址还没批下来", "三(三)1"),
])
def test_the_task_by_ref_number_or_words(text, task):
    assert parse(text, CATALOGUE, "土城镇").task == task


@pytest.mark.parametrize("text, choices", [
    ("任务4已完成", ["三(一)4", "三(二)4"]),
    ("任务3完成了", ["三(一)3-1", "三(一)3-2", "三(二)3"]),
    ("台账建好了", ["三(一)4", "三(一)3-2"]),
    ("回头看完成了", ["三(一)2", "三(一)5"]),
])
def test_two_tasks_alike_are_asked_with_numbered_choices(text, choices):
    reading = parse(text, CATALOGUE, "土城镇")
    assert reading.verdict == ASK and reading.question.kind == "task"
    assert [value for value, _ in reading.question.choices] == choices
    assert reading.question.text(reading).startswith("您说的是:1 ")


@pytest.mark.parametrize("text, status", [
    ("三保障排查完毕", "done"), ("三保障排查搞定了", "done"), ("三保障排查已经弄完了", "done"),
    ("三保障排查正在进行", "in_progress"), ("三保障排查未完成", "in_progress"),
    ("三保障排查完成了一半", "in_progress"), ("三保障排查遇到困难", "blocked"),
    ("三保障排查卡住了", "blocked"), ("三保障排查还没开始", "not_started"),
    ("三保障排查尚未启动", "not_started"),
])
def test_status_words(text, status):
    assert parse(text, CATALOGUE, "土城镇").status == status


@pytest.mark.parametrize("text, expected", [
    ("三保障排查完成 排查三百五十六户", [("排查", 356, "户")]),
    ("临时救助已发放23户1.2万元", [("发放", 23, "户"), ("", 12000, "元")]),
    ("凤山镇台账建好了 六十岁以上老人一千二百三十四人", [("六十岁以上老人", 1234, "人")]),
    ("三保障排查完毕 发现风险对象两户", [("风险对象", 2, "户")]),
    ("养老院改造正在施工 完成百分之七十", [("完成", 70, "%")]),
    ("老年人台账正在录入 已录入八百多人", [("录入", 800, "人")]),
    ("任务4三保障排查5月25日完成", []),  # dates and task numbers are no figures
])
def test_figures_with_labels_and_units(text, expected):
    assert figures(parse(text, CATALOGUE, "土城镇")) == expected


def test_a_figure_without_a_unit_is_asked_then_completed():
    reading = parse("土城镇三保障排查完毕 共排查412", CATALOGUE, "土城镇")
    assert (reading.verdict, reading.question.kind) == (ASK, "unit")
    assert reading.question.text(reading) == "“排查412”的单位是:1 户 2 人 3 元?回复数字或单位即可"
    assert figures(complete(reading, "户", CATALOGUE, "土城镇")) == [("排查", 412, "户")]
    assert complete(reading, "1", CATALOGUE, "土城镇").verdict == REPORT


@pytest.mark.parametrize("answer, task", [("1", "三(一)4"), ("第二个", "三(二)4"), ("2号", "三(二)4"),
                                          ("三保障排查", "三(一)4"), ("留守儿童", "三(二)4"),
                                          ("三(二)4", "三(二)4")])
def test_the_answer_completes_the_report(answer, task):
    asked = parse("任务4已完成", CATALOGUE, "土城镇")
    reading = complete(Reading.from_dict(asked.as_dict()), answer, CATALOGUE, "土城镇")
    assert (reading.verdict, reading.task, reading.status) == (REPORT, task, "done")


@pytest.mark.parametrize("answer", ["3", "明天开会吗", "好的"])
def test_what_does_not_answer_the_question(answer):
    assert complete(parse("任务4已完成", CATALOGUE, "土城镇"), answer, CATALOGUE, "土城镇") is None


def test_no_status_is_asked_then_read_from_the_answer():
    reading = parse("三保障排查412户", CATALOGUE, "土城镇")
    assert reading.question.kind == "status"
    assert complete(reading, "正在进行", CATALOGUE, "土城镇").status == "in_progress"
    assert complete(reading, "4", CATALOGUE, "土城镇").status == "not_started"


@pytest.mark.parametrize("text, verdict", [
    ("任务9已完成", UNKNOWN_TASK), ("三(四)2已完成", UNKNOWN_TASK), ("三(二)6完成了", UNKNOWN_TASK),
    ("低保标准是多少", NOT_REPORT), ("任务4什么时候截止?", NOT_REPORT), ("三保障排查完成了吗", NOT_REPORT),
    ("你好", NOT_REPORT), ("已完成", ASK),
])
def test_verdicts(text, verdict):
    assert parse(text, CATALOGUE, "土城镇").verdict == verdict


def test_another_township_named_is_read_as_named():
    reading = parse("凤山镇三保障排查完毕", CATALOGUE, "土城镇")
    assert (reading.township, reading.township_named) == ("凤山镇", True)
    assert parse("黄旗公墓选址已确定 正在办手续", CATALOGUE, "土城镇").township == "黄旗镇"
    assert parse("三保障排查完毕", CATALOGUE, "土城镇").township == "土城镇"


@pytest.mark.parametrize("answer, index", [("1", 1), ("第二个", 2), ("选3", 3), ("2号", 2), ("后者", 2),
                                           ("户", None), ("12户", None)])
def test_choice_index(answer, index):
    assert choice_index(answer) == index


def test_words_for_cancel_and_the_shape_of_a_report():
    assert is_cancel("算了") and not is_cancel("1")
    assert looks_like_report("任务4已完成") and not looks_like_report("任务4完成了吗")
    assert not looks_like_report("低保怎么申请")


@pytest.mark.parametrize("value, unit, shown", [(412, "户", "412户"), (12000, "元", "1.2万元"),
                                                (3_500_000, "元", "350万元"), (80, "%", "80%"), (2000, "元", "2000元")])
def test_format_quantity(value, unit, shown):
    assert format_quantity(value, unit) == shown


def test_the_corpus_records_nothing_wrongly_and_reads_nine_in_ten():
    corpus = load_corpus()
    assert len(corpus) >= 120
    counts = evaluate(parse, CATALOGUE, corpus)
    assert counts[WRONG] == 0
    assert counts[MISSED] == 0
    assert counts[RIGHT] >= 0.9 * len(corpus)
    assert counts[RIGHT] + counts[ASKED] == len(corpus)
