"""Character unigram + bigram BM25 with a synonym map: what a question turns into, and what it finds."""
import pytest

from core.retrieval import Analyzer, Doc, Retriever, synonym_table

SYNONYMS = synonym_table({"低保": ["底保", "最低生活保障"], "养老机构": ["敬老院", "老人院"], "老年人": ["老人"],
                          "标准": ["多少钱", "一个月"]})
DOCS = [
    Doc("dibao", "农村低保标准", "农村低保标准由4500元/年提高至4800元/年。", ("低保", "标准")),
    Doc("tekun", "特困供养标准", "特困人员供养标准由6000元/年提高到6600元/年。", ("特困", "标准")),
    Doc("homes", "养老机构建设", "完成4所养老机构项目建设。", ("养老机构",)),
]


@pytest.mark.parametrize("text, expected", [
    ("底保", ["低", "保", "低保"]),  # homophone typo → the term
    ("最低生活保障", ["低", "保", "低保"]),
    ("俺家老人院", ["养", "老", "机", "构", "养老", "老机", "机构"]),  # longest variant first, 俺家 dropped
    ("低保多少钱", ["低", "保", "低保", "标", "准", "标准"]),  # no bigram across the two words
    ("吗呢的了", []),
    ("ＡＢ12", ["ab12"]),  # full width folded, ASCII kept whole
])
def test_terms(text, expected):
    assert Analyzer(SYNONYMS).terms(text) == expected


@pytest.mark.parametrize("question, best", [
    ("底保一个月多少钱", "dibao"),
    ("特困供养标准", "tekun"),
    ("俺家老人能进敬老院不", "homes"),
])
def test_search_finds_the_passage(question, best):
    hits = Retriever.build(DOCS, SYNONYMS).search(question)
    assert hits[0].key == best
    assert hits[0].coverage > 0.6


def test_characters_no_passage_has_lower_the_coverage():
    retriever = Retriever.build(DOCS, SYNONYMS)
    on_topic = retriever.search("低保标准")[0]
    off_topic = retriever.search("医保报销比例标准")[0]
    assert on_topic.coverage == 1.0
    assert off_topic.coverage < 0.5


def test_nothing_to_search():
    retriever = Retriever.build(DOCS, SYNONYMS)
    assert retriever.search("吗?") == []
    assert Retriever.build([], {}).search("低保") == []


def test_scores_rank_best_first_and_limit():
    hits = Retriever.build(DOCS, SYNONYMS).search("标准", limit=2)
    assert len(hits) == 2
    assert hits[0].score >= hits[1].score
    assert {hit.key for hit in hits} == {"dibao", "tekun"}
