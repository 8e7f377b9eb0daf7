"""`python bot.py kb …`: the knowledge base edited without a code change, and what it could not answer."""
import json

from models.db import session_scope
from services import knowledge
from services.bootstrap import open_database


def test_list_and_show_the_bundled_knowledge_base(run):
    listed = run("kb", "list")
    assert listed.exit_code == 0
    assert "dibao_standard" in listed.output and "三(二)1" in listed.output and "共 30 条" in listed.output
    shown = json.loads(run("kb", "show", "tekun_standard").output)
    assert shown["text"] == "2020年起,特困人员(过去叫五保户)供养标准由6000元/年提高到6600元/年。"
    assert shown["plan"] == "丰宁县民政局2020年工作推进方案(2020)"
    assert run("kb", "show", "nope").exit_code == 1


def test_add_edit_remove(run):
    added = run("kb", "add", "heating", "--topic", "取暖补贴", "--ref", "三(二)9",
                "--text", "取暖补贴标准为300元/年。", "--keywords", "取暖,烤火费")
    assert added.exit_code == 0, added.output
    shown = json.loads(run("kb", "show", "heating").output)
    assert (shown["keywords"], shown["cite_as"]) == (["取暖", "烤火费"], "2020年推进方案")
    assert run("kb", "add", "heating", "--topic", "x", "--ref", "x", "--text", "x").exit_code == 1
    assert run("kb", "edit", "heating", "--text", "取暖补贴方案没有写。").exit_code == 0
    assert json.loads(run("kb", "show", "heating").output)["text"] == "取暖补贴方案没有写。"
    assert run("kb", "edit", "heating").exit_code == 2  # nothing to change
    assert run("kb", "remove", "heating").exit_code == 0
    assert run("kb", "remove", "heating").exit_code == 1


def test_an_added_passage_and_synonym_answer_the_next_question(run):
    run("kb", "add", "heating", "--topic", "取暖补贴", "--ref", "三(二)9", "--text", "取暖补贴标准为300元/年。")
    assert run("kb", "synonym", "烤火费", "取暖补贴").exit_code == 0
    assert "取暖补贴:烤火费" in run("kb", "synonym").output
    reply = run("chat", "--say", "烤火费一个月多少").output
    assert "300元/年" in reply and "25元/月" in reply and "依据:2020年推进方案 三(二)9" in reply
    assert run("kb", "synonym", "烤火费", "--remove").exit_code == 0
    assert run("kb", "synonym", "烤火费", "--remove").exit_code == 1


def test_a_retired_passage_is_kept_but_not_answered_from_until_restored(run):
    question = "特困供养标准是多少"
    assert "6600元/年" in run("chat", "--say", question).output
    assert run("kb", "retire", "tekun_standard").exit_code == 0
    assert "tekun_standard" in run("kb", "list").output and "(已停用)" in run("kb", "list").output
    assert json.loads(run("kb", "show", "tekun_standard").output)["retired"] is True
    assert "6600元/年" not in run("chat", "--say", question).output
    assert run("kb", "retire", "tekun_standard", "--restore").exit_code == 0
    assert "6600元/年" in run("chat", "--say", question).output
    assert run("kb", "retire", "nope").exit_code == 1


def test_unanswered(run, monkeypatch):
    monkeypatch.setenv("BOT_NOW", "2020-05-25T09:00")
    assert "没有答不了的问题" in run("kb", "unanswered").output
    for text in ("医保报销比例", "医保报销比例", "彩票怎么买"):
        run("chat", "--say", text)
    assert run("kb", "unanswered").output.splitlines()[0].split() == ["2次", "医保报销比例(最近", "05-25", "09:00)"]
    rows = json.loads(run("kb", "unanswered", "--json").output)
    assert [(r["text"], r["times"]) for r in rows] == [("医保报销比例", 2), ("彩票怎么买", 1)]


def test_import_updates_and_adds(run, settings, tmp_path):
    run("kb", "list")
    extra = tmp_path / "extra.json"
    extra.write_text(json.dumps({
        "source": {"plan_title": "丰宁县民政局2021年工作推进方案", "plan_year": 2021, "cite_as": "2021年推进方案"},
        "passages": [{"key": "dibao_standard", "topic": "农村低保标准", "ref": "三(二)1", "text": "新文本"},
                     {"key": "new_one", "topic": "新条目", "ref": "三(一)1", "text": "正文"}],
        "synonyms": {"低保": ["低保费"]}}, ensure_ascii=False), encoding="utf-8")
    assert run("kb", "import", str(extra)).output.strip() == "知识库:新增 1 条,更新 1 条,同义词 1 条。"
    with session_scope(open_database(settings).sessions) as session:
        assert knowledge.find_passage(session, "dibao_standard").cite_as == "2021年推进方案"
        assert knowledge.synonyms(session)["低保"][-1] == "低保费"
    broken = tmp_path / "broken.json"
    broken.write_text('{"source": {}}', encoding="utf-8")
    assert run("kb", "import", str(broken)).exit_code == 1
