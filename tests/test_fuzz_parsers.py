"""Property-based tests: no text makes the report parser, the deadline grammar or the numerals
crash or hang.

Every call runs under `time_limit`, a wall-clock guard that interrupts a call stuck in regex
backtracking (hypothesis' own `deadline` only judges a call once it has returned), and the long
adversarial inputs below (10 000 repeated characters) are what exposed quadratic loops before.
"""
from __future__ import annotations

import json
import math
import signal
import threading
from contextlib import contextmanager
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st

from bench.progress import bundled_catalogue
from config.settings import DEFAULT_PLAN
from core import numerals
from core.deadlines import KINDS, PERIODS, DeadlineError, parse_deadline
from core.plan_parser import ParsedPlan
from core.report_parser import ASK, NOT_REPORT, REFUSALS, REPORT, STATUS_NAMES, Reading, complete, parse

CATALOGUE = bundled_catalogue()
PLAN = ParsedPlan.from_json(json.loads(DEFAULT_PLAN.read_text(encoding="utf-8")))
WALL_CLOCK = 5.0  # WeChat's whole budget for an answer: no parse may come near it
FUZZ = settings(deadline=timedelta(seconds=2), max_examples=300, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@contextmanager
def time_limit(seconds: float = WALL_CLOCK):
    """Interrupt the block with TimeoutError after `seconds` (SIGALRM: main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum, frame):
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# --- what staff type: plan words, numerals, units, refs, townships, punctuation, anything ---------

REPORT_WORDS = (
    "任务", "第", "项", "号任务", "三", "(", ")", "（", "）", "一", "二", "4", "7", "-", "—", "1", "412", "3,500",
    "1.2万", "万元", "亿元", "户", "人", "个村", "%", "百分之", "八十", "三百五", "两万五", "零", "多", "余",
    "已完成", "完成", "正在", "还没开始", "困难", "卡住", "没有完成", "完毕", "到位", "好了", "了", "吗", "?",
    "土城镇", "土城", "大阁镇", "低保", "三保障", "排查", "台账", "临时救助", "敬老院", "公墓", "村规民约",
    "岁", "年", "月", "日", "共", "其中", "发现", "风险对象", ",", "，", "。", "、", " ", "\n", "■", "|",
)
REPORT_TEXT = st.lists(st.sampled_from(REPORT_WORDS) | st.text(max_size=4), max_size=40).map("".join)
SENDERS = st.sampled_from((None, "土城镇", "大阁镇", "不存在乡"))
LONG_INPUTS = [unit * (10_000 // len(unit)) for unit in (
    "完成", "1", "一", "1户,", "排查1户", "三(一)4任务1", "任务1", "百分之八十", "1.5万元", "八百多人", "还没开始",
    "(", "三(", "9" * 400 + "户", "1,000", "1.", "低保对象三保障排查", "土城镇三(一)4已完成,共排查412户", "?",
)]


def check_reading(reading: Reading, sender: str | None) -> None:
    assert reading.verdict in (REPORT, ASK, NOT_REPORT, *REFUSALS)
    assert reading.task is None or CATALOGUE.by_ref(reading.task) is not None
    assert all(CATALOGUE.by_ref(ref) is not None for ref in reading.candidates)
    assert reading.township in (None, sender, *CATALOGUE.townships)
    assert reading.status in (None, *STATUS_NAMES)
    for figure in reading.figures:
        assert isinstance(figure.value, (int, float)) and not isinstance(figure.value, bool)
        assert math.isfinite(figure.value)
        str(figure)
    if reading.verdict == REPORT:
        assert reading.task and reading.status and all(f.unit for f in reading.figures)
    if reading.verdict == ASK:
        assert reading.question.text(reading)
    # A reading waiting for an answer is stored as JSON (a draft) and read back.
    assert Reading.from_dict(json.loads(json.dumps(reading.as_dict(), allow_nan=False))) == reading


@FUZZ
@given(text=REPORT_TEXT, sender=SENDERS)
@example(text="土城镇低保对象三保障排查完毕，共排查412户，发现风险对象2户已反馈住建局", sender="土城镇")
def test_any_report_text_reads_without_error(text, sender):
    with time_limit():
        check_reading(parse(text, CATALOGUE, sender), sender)


@FUZZ
@given(text=st.text(max_size=300), sender=SENDERS)
def test_any_unicode_reads_without_error(text, sender):
    with time_limit():
        check_reading(parse(text, CATALOGUE, sender), sender)


@FUZZ
@given(first=REPORT_TEXT, answer=REPORT_TEXT | st.sampled_from(("1", "2", "9", "第二个", "后者", "户", "万元", "已完成")),
       sender=SENDERS)
def test_any_answer_to_a_question_reads_without_error(first, answer, sender):
    with time_limit():
        reading = parse(first, CATALOGUE, sender)
        completed = complete(reading, answer, CATALOGUE, sender)
    if completed is not None:
        check_reading(completed, sender)


@pytest.mark.parametrize("text", LONG_INPUTS, ids=lambda text: f"{text[:8]}…x{len(text)}")
def test_long_adversarial_reports_read_in_bounded_time(text):
    with time_limit():
        reading = parse(text, CATALOGUE, "土城镇")
        check_reading(reading, "土城镇")
        if reading.question is not None:
            complete(reading, text, CATALOGUE, "土城镇")


@pytest.mark.parametrize("text", ["共排查" + "9" * 400 + "户,已完成", "三(一)4完成,发放" + "1" * 5000 + "万元",
                                  "排查" + "一" * 5000 + "户"])
def test_a_numeral_too_long_to_be_a_figure_is_no_figure(text):
    """Regression: a 400-digit run overflowed float (OverflowError), a 5000-digit one int()'s limit."""
    assert parse(text, CATALOGUE, "土城镇").figures == ()


@pytest.mark.parametrize("text", ["任务三(一)4已完成", "土城镇任务三(一)4已完成"])
def test_a_ref_after_the_word_task_is_that_task(text):
    """Regression: "任务三" was read as task 3, and the message asked which task 3 was meant."""
    reading = parse(text, CATALOGUE, "土城镇")
    assert (reading.verdict, reading.task) == (REPORT, "三(一)4")


# --- the numerals ---------------------------------------------------------------------------------

@FUZZ
@given(text=st.text(alphabet=numerals.CHINESE_CHARS + "0123456789.,万亿千", max_size=40) | st.text(max_size=40))
def test_any_numeral_text_is_a_number_or_none(text):
    with time_limit():
        number = numerals.value(text)
    assert number is None or (isinstance(number, (int, float)) and math.isfinite(number) and number >= 0)


@FUZZ
@given(number=st.integers(min_value=0, max_value=99_999_999))
def test_arabic_numerals_read_back(number):
    assert numerals.value(str(number)) == number
    assert numerals.value(f"{number:,}") == number


@pytest.mark.parametrize("text", ["1" * 400, "9" * 309, "1" * 400 + "万", "一" * 5000, "1" * 5000])
def test_a_numeral_of_hundreds_of_digits_is_none(text):
    assert numerals.value(text) is None


# --- the deadline grammar -------------------------------------------------------------------------

DEADLINES = sorted({task.deadline_text for task in PLAN.tasks if task.deadline_text})
DEADLINE_WORDS = (
    "2020年", "次年", "今年", "底", "末", "前", "月", "日", "号", "12", "6", "三十一", "廿", "上旬", "中旬", "下旬",
    "每月", "每季度", "每半年", "每年", "长期", "持续", "春节", "清明", "前后", "以前", "之前", "、", ",", ";", "和",
    "完成", "建立台账", "(", ")", "~", "至", "-", "第", "季度", "1季度", "年底", "全年", "随时",
)
DEADLINE_TEXT = (st.lists(st.sampled_from(DEADLINE_WORDS) | st.text(max_size=3), max_size=25).map("".join)
                 | st.sampled_from(DEADLINES or ["2020年底前"]).flatmap(
                     lambda real: st.tuples(st.integers(0, len(real)), st.integers(0, len(real)),
                                            st.text(max_size=6)).map(
                         lambda cut: real[:cut[0]] + cut[2] + real[cut[1]:])))


def check_deadline(text: str, year: int) -> None:
    try:
        with time_limit():
            milestones = parse_deadline(text, year)
    except DeadlineError:
        return
    assert milestones
    for milestone in milestones:
        assert milestone.kind in KINDS and milestone.every in (None, *PERIODS)
        assert milestone.due is None or isinstance(milestone.due, date)


@FUZZ
@given(text=DEADLINE_TEXT, year=st.integers(min_value=2000, max_value=2100))
def test_any_deadline_text_gives_milestones_or_deadline_error(text, year):
    check_deadline(text, year)


@FUZZ
@given(text=st.text(max_size=200))
def test_any_unicode_deadline_gives_milestones_or_deadline_error(text):
    check_deadline(text, 2020)


@pytest.mark.parametrize("text", [unit * (10_000 // len(unit)) for unit in (
    "2020年底前", "月", "1", "一", "每月", "、", "(", "12月31日前,", "次年", "上旬", "每季度末", " ")],
    ids=lambda text: f"{text[:6]}…")
def test_long_deadline_texts_in_bounded_time(text):
    check_deadline(text, 2020)
