"""The sound-alike corrector over the bundled plan's words: typos of voice input and pinyin keyboards
are put right; what was typed as meant is left alone."""
import pytest

from bench import qa

CORRECTOR = qa.answerer().corrector


@pytest.mark.parametrize("typed, meant", [
    ("底保多少钱", "低保多少钱"),
    ("特因供养标准", "特困供养标准"),  # 因 looks like 困
    ("两项不贴发了", "两项补贴发了"),  # a grammar character typed for the plan's word, in a long span
    ("公暮选址", "公墓选址"),
])
def test_typos_are_put_right(typed, meant):
    assert CORRECTOR.correct(typed) == meant


@pytest.mark.parametrize("typed", [
    "兜底保障",  # the plan's own span holds 底保
    "补差六十三户",  # a figure as dictated
    "低保标准有没有调整",  # 有 is meant; 低保标准由4500元… is the plan's, but a slip never makes grammar
    "干不了",
])
def test_what_was_meant_is_left_alone(typed):
    assert CORRECTOR.correct(typed) == typed


@pytest.mark.parametrize("typed, meant", [
    ("lsjz发了三户", "临时救助发了三户"),  # a plan word's pinyin initials
    ("db排查完了", "低保排查完了"),
    ("tekun标准多少", "特困标准多少"),  # its syllables, spelled out
])
def test_pinyin_typed_without_converting_is_read_as_the_plan_word(typed, meant):
    assert CORRECTOR.correct(typed) == meant


@pytest.mark.parametrize("typed", ["ok了", "done", "plan里的内容", "yes"])
def test_english_spells_no_plan_word(typed):
    assert CORRECTOR.correct(typed) == typed
