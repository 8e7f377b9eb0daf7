"""The evaluation set through the retriever: the issue's targets, and the knowledge base's figures
taken verbatim from the plan."""
import json
import re
from pathlib import Path

import pytest

from core import policy_answer as pa
from core.knowledge_data import read_knowledge

EVAL = json.loads((Path(__file__).resolve().parents[1] / "qa_eval.json").read_text(encoding="utf-8"))
KB = read_knowledge()
RETRIEVER = KB.retriever()
TOPICS = {p.key: p.topic for p in KB.passages}
PASSAGES = {p.key: p.passage() for p in KB.passages}
ANSWERABLE = [(q, key) for key, questions in EVAL["answerable"].items() for q in questions]


def consider(question):
    return pa.consider(question, RETRIEVER, TOPICS)


def test_the_set_is_as_large_as_the_issue_asks():
    assert len(ANSWERABLE) >= 150
    assert len(EVAL["unanswerable"]) >= 40
    assert set(EVAL["answerable"]) <= set(PASSAGES)


def test_top1_on_answerable_questions_is_at_least_95_percent():
    wrong = [(q, key, consider(q)) for q, key in ANSWERABLE
             if consider(q).kind != pa.ANSWER or consider(q).keys[0] != key]
    assert 1 - len(wrong) / len(ANSWERABLE) >= 0.95, wrong


def test_at_least_95_percent_of_unanswerable_questions_are_declined():
    answered = [q for q in EVAL["unanswerable"] if consider(q).kind != pa.DECLINE]
    assert 1 - len(answered) / len(EVAL["unanswerable"]) >= 0.95, answered


def test_no_answer_states_a_figure_absent_from_its_passage():
    questions = [q for q, _ in ANSWERABLE] + EVAL["unanswerable"] + [
        q for qs in EVAL["held_out"].values() for q in qs] + EVAL["held_out_unanswerable"]
    for question in questions:
        decision = consider(question)
        if decision.kind == pa.ANSWER:
            answer = pa.compose(PASSAGES[decision.keys[0]], question)
            assert pa.unsupported_figures(answer) == [], (question, answer.text())


@pytest.mark.parametrize("question, keys", EVAL["clarify"])
def test_two_topics_that_tie_get_a_clarifying_question(question, keys):
    decision = consider(question)
    assert decision.kind == pa.CLARIFY
    assert set(decision.keys) == set(keys)


@pytest.mark.parametrize("question, key", [(q, k) for k, qs in EVAL["who_or_when"].items() for q in qs])
def test_who_and_when_questions_find_the_task_passage(question, key):
    decision = consider(question)
    assert (decision.kind, decision.keys[0]) == (pa.ANSWER, key)
    assert pa.asks_who_or_when(question)


@pytest.mark.parametrize("question, month_line", [
    ("低保一个月多少", "4800元÷12个月≈400元/月"),
    ("五保户一个月多少", "6600元÷12个月≈550元/月"),
])
def test_monthly_questions_get_the_annual_figure_and_its_monthly_equivalent(question, month_line):
    decision = consider(question)
    text = pa.compose(PASSAGES[decision.keys[0]], question).text()
    assert "元/年" in text and month_line in text and "折算值,非方案原文" in text


# Every concrete fact the issue lists, as it must appear in some passage.
FACTS = ["4500元/年", "4800元/年", "255元", "285元", "400元", "6000元/年", "6600元/年", "三级精神、智力残疾",
         "渐退期", "350万元", "先行救助", "一事一议", "因病", "疫情期间", "两项补贴", "留守儿童", "困境儿童", "孤儿",
         "留守老年人", "60周岁以上", "无劳动能力", "夕阳红、南关、选将营、鱼儿山4所", "大阁、土城、凤山3所", "12月底前",
         "凤山、黄旗、杨木栅子、外沟门、开发区", "20%", "村规民约", "防贫保险", "只规定了农村", "2020年起"]


@pytest.mark.parametrize("fact", FACTS)
def test_every_listed_fact_is_in_the_knowledge_base(fact):
    assert any(fact in p.text for p in KB.passages)


def test_every_figure_in_the_knowledge_base_is_in_the_plan(seed_plan):
    plan_figures = set(re.findall(r"\d+(?:\.\d+)?", seed_plan.read_text(encoding="utf-8")))
    for passage in KB.passages:
        assert set(pa.figures(passage.text)) <= plan_figures, passage.key


@pytest.mark.parametrize("text, key", [
    ("农村低保标准是多少", "dibao_standard"), ("特困人员供养标准是多少", "tekun_standard"),
    ("临时救助怎么申请", "temporary_assistance"), ("老人能进敬老院吗", "care_homes"),
    ("残疾人两项补贴是什么", "disability_subsidies"),
])
def test_every_policy_menu_button_is_answered(text, key):
    from handlers.menu import COMMANDS

    assert text in COMMANDS.values()
    assert (consider(text).kind, consider(text).keys) == (pa.ANSWER, (key,))
