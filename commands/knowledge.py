"""Commands for 知识库(kb): the passages and synonyms the bot answers policy questions from, and
the questions it could not answer. Every change is seen by the next question, without a restart."""
from __future__ import annotations

import re
from contextlib import contextmanager
from pathlib import Path

import click

from commands.common import print_json, settings


@contextmanager
def _session():
    """A session on the prepared database (bundled plan and knowledge base loaded when empty)."""
    from models.db import session_scope
    from services.bootstrap import prepare
    from services.knowledge import KnowledgeError

    try:
        with session_scope(prepare(settings()).sessions) as session:
            yield session
    except KnowledgeError as exc:
        raise click.ClickException(str(exc)) from exc


def _now():
    from config import Clock

    return Clock.from_settings(settings()).now()


def _row(passage) -> dict:
    return {"key": passage.key, "topic": passage.topic, "ref": passage.ref, "section": passage.section,
            "retired": passage.retired_at is not None,
            "plan": f"{passage.plan_title}({passage.plan_year})", "cite_as": passage.cite_as,
            "keywords": passage.keywords, "text": passage.text}


def _keywords(text: str | None) -> list[str] | None:
    return None if text is None else [word for word in re.split(r"[,,、;;\s]+", text) if word]


@click.group()
def kb() -> None:
    """知识库:政策问答依据的条目和同义词,以及答不了的问题。"""


@kb.command("list")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出")
def list_command(as_json: bool) -> None:
    """列出全部条目(编号、出处、主题)。"""
    from services import knowledge

    with _session() as session:
        rows = [_row(p) for p in knowledge.list_passages(session)]
    if as_json:
        print_json(rows)
        return
    for row in rows:
        click.echo(f"{row['key']:<24} {row['ref']:<10} {row['topic']}{'(已停用)' if row['retired'] else ''}")
    click.echo(f"共 {len(rows)} 条。查看正文:kb show 编号")


@kb.command()
@click.argument("key")
def show(key: str) -> None:
    """显示一条的全部内容。"""
    from services import knowledge

    with _session() as session:
        passage = knowledge.find_passage(session, key)
        if passage is None:
            raise click.ClickException(f"没有编号为 {key} 的条目")
        print_json(_row(passage))


@kb.command()
@click.argument("key")
@click.option("--topic", required=True, help="主题,追问时显示给用户,如 农村低保标准")
@click.option("--ref", required=True, help="出处:方案中的任务编号,如 三(二)1")
@click.option("--text", required=True, help="正文:照方案原文写,数字必须与方案一致;年标准写成“N元/年”")
@click.option("--keywords", help="关键词,逗号分隔")
@click.option("--section", default="", help="所属部分,如 三(二)补齐短板方面")
def add(key: str, topic: str, ref: str, text: str, keywords: str | None, section: str) -> None:
    """新增一条(属于库中最新的方案)。"""
    from services import knowledge

    with _session() as session:
        knowledge.add_passage(session, _now(), key=key, topic=topic, ref=ref, text=text,
                              keywords=_keywords(keywords) or [], section=section)
    click.echo(f"已新增 {key},下一个提问即生效。")


@kb.command()
@click.argument("key")
@click.option("--topic")
@click.option("--ref")
@click.option("--text")
@click.option("--keywords", help="关键词,逗号分隔(整体替换)")
@click.option("--section")
def edit(key: str, **changes) -> None:
    """修改一条:只改给出的项。"""
    from services import knowledge

    changes["keywords"] = _keywords(changes["keywords"])
    changes = {name: value for name, value in changes.items() if value is not None}
    if not changes:
        raise click.UsageError("请至少给出一项要改的内容,如 --text")
    with _session() as session:
        knowledge.edit_passage(session, key, _now(), **changes)
    click.echo(f"已修改 {key}:{'、'.join(changes)},下一个提问即生效。")


@kb.command()
@click.argument("key")
def remove(key: str) -> None:
    """删除一条(提问记录保留)。"""
    from services import knowledge

    with _session() as session:
        knowledge.remove_passage(session, key)
    click.echo(f"已删除 {key}。")


@kb.command()
@click.argument("key")
@click.option("--restore", is_flag=True, help="恢复已停用的条目")
def retire(key: str, restore: bool) -> None:
    """停用一条:保留条目,但不再用它回答(--restore 恢复)。"""
    from services import knowledge

    with _session() as session:
        knowledge.set_retired(session, key, _now(), retired=not restore)
    click.echo(f"已{'恢复' if restore else '停用'} {key},下一个提问即生效。")


@kb.command()
@click.argument("variant", required=False)
@click.argument("term", required=False)
@click.option("--remove", "remove_it", is_flag=True, help="删除这个同义词")
def synonym(variant: str | None, term: str | None, remove_it: bool) -> None:
    """同义词:`kb synonym 底保 低保` 把“底保”当作“低保”;不带参数时列出全部。"""
    from services import knowledge

    with _session() as session:
        if variant is None:
            for canonical, variants in knowledge.synonyms(session).items():
                click.echo(f"{canonical}:{'、'.join(variants)}")
            return
        if remove_it:
            knowledge.remove_synonym(session, variant)
            click.echo(f"已删除同义词 {variant}。")
            return
        if term is None:
            raise click.UsageError("请给出它对应的词,如:kb synonym 底保 低保")
        knowledge.set_synonym(session, variant, term, _now())
    click.echo(f"已设置:“{variant}”按“{term}”理解。")


@kb.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_command(file: Path) -> None:
    """从 JSON 文件导入条目和同义词(格式同 data/knowledge/fengning-2020.json;已有编号则更新)。"""
    from core.knowledge_data import KnowledgeFileError
    from services import knowledge

    try:
        with _session() as session:
            summary = knowledge.import_file(session, file, _now())
    except KnowledgeFileError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(summary.describe())


@kb.command()
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 500))
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出")
def unanswered(limit: int, as_json: bool) -> None:
    """最常见的答不了或被评“没用”的问题:据此补充条目或同义词。"""
    from services import knowledge

    config = settings()
    with _session() as session:
        rows = knowledge.unanswered(session, limit)
    if as_json:
        print_json([{"text": r.text, "times": r.times, "not_useful": r.not_useful,
                     "last_asked": r.last_asked.isoformat()} for r in rows])
        return
    if not rows:
        click.echo("没有答不了的问题。")
        return
    for row in rows:
        last = row.last_asked.astimezone(config.tz).strftime("%m-%d %H:%M")
        useless = f",“没用”{row.not_useful}次" if row.not_useful else ""
        click.echo(f"{row.times:>4}次  {row.text}(最近 {last}{useless})")


COMMANDS: list = [kb]
