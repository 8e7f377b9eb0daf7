"""`python bot.py status`: the health check for a person, with dead letters and unreachable people."""
from __future__ import annotations

import json
from datetime import timedelta

from tests.test_health import NOW, beat, put_message


def status(run, monkeypatch, *args):
    monkeypatch.setenv("BOT_NOW", NOW.isoformat())
    return run("status", *args)


def test_a_healthy_service_exits_0_and_warns_about_the_missing_template(loaded_db, run, monkeypatch):
    beat(loaded_db, timedelta(seconds=10))
    result = status(run, monkeypatch)
    assert result.exit_code == 0, result.output
    assert "民政助手:正常" in result.output
    assert "调度器:上次心跳" in result.output and "没有待发积压" in result.output
    assert "未配置 WECHAT_TEMPLATE_ID" in result.output

    monkeypatch.setenv("WECHAT_TEMPLATE_ID", "TPL-1")
    assert "WECHAT_TEMPLATE_ID" not in status(run, monkeypatch).output


def test_problems_exit_1_and_name_the_dead_letters_and_unreachable_people(loaded_db, run, monkeypatch):
    beat(loaded_db, timedelta(minutes=10))
    dead = put_message(loaded_db, "李晓芬", "dead", NOW - timedelta(days=1), "微信接口 HTTP 503")
    put_message(loaded_db, "杨亚威", "unreachable", NOW - timedelta(days=1), "未关注公众号(43004)")
    put_message(loaded_db, "李晓芬", "pending", NOW - timedelta(minutes=30))
    result = status(run, monkeypatch)
    assert result.exit_code == 1
    out = result.output
    assert "民政助手:有问题" in out
    assert f"#{dead} 李晓芬:微信接口 HTTP 503" in out
    assert "收不到提醒的人 1 个" in out and "杨亚威:未关注公众号(43004)" in out
    assert "问题:调度器已 10 分钟没有心跳" in out
    assert "问题:1 条提醒消息积压,最早的已等 30 分钟" in out


def test_json_has_the_health_figures_and_the_people(loaded_db, run, monkeypatch):
    dead = put_message(loaded_db, "李晓芬", "dead", NOW - timedelta(days=1), "微信接口 HTTP 503")
    put_message(loaded_db, "杨亚威", "unreachable", NOW - timedelta(days=1), "未关注公众号(43004)")
    result = status(run, monkeypatch, "--json")
    assert result.exit_code == 0, result.output  # dead letters alone do not make it unhealthy
    data = json.loads(result.output)
    assert data["healthy"] and data["database"] and data["scheduler_heartbeat_age"] is None
    assert (data["dead"], data["unreachable"]) == (1, 1)
    assert data["dead_letters"] == [{"id": dead, "person": "李晓芬", "last_error": "微信接口 HTTP 503"}]
    assert data["unreachable_people"] == [{"person": "杨亚威", "reason": "未关注公众号(43004)"}]
    assert data["template_warning"].startswith("未配置 WECHAT_TEMPLATE_ID")


def test_an_unreachable_database_exits_1(run, monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}")  # a directory: cannot be opened
    result = status(run, monkeypatch, "--json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["database"] is False and data["problems"] == ["数据库连不上"]
    assert data["dead_letters"] == [] and data["unreachable_people"] == []
