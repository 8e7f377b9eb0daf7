"""Progress as a picture: the chart's data, the PNG (matplotlib, Agg, a CJK font), `进度 三(一)4`
sending it back as an image on WeChat and on WeCom, the weekly one, and what happens without a
font. Drawing needs fonts-wqy-microhei (or another CJK font): without one those tests skip and
say so; the degraded path is tested either way."""
from __future__ import annotations

import struct
import time
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from core import charts
from models import OutboxMessage, Task
from models.db import session_scope
from services import progress_charts
from tests.test_channels import wechat_for, world  # noqa: F401 (fixtures)
from tests.test_outbox import NOW, SH
from tests.wecom_side import WECOM_SETTINGS, WeCom

needs_font = pytest.mark.skipif(charts.unavailable() is not None, reason=f"{charts.unavailable()}")
REPORT = "土城镇低保对象三保障排查完毕,共排查412户,发现风险对象2户已反馈住建局"
SPEC = {"title": "您负责的任务 · 各乡镇进展", "subtitle": "截至2020年5月25日",
        "rows": [{"label": "三(一)4", "done": 12, "in_progress": 5, "not_reported": 12},
                 {"label": "三(二)1", "done": 3, "in_progress": 0, "not_reported": 26}],
        "overdue_title": "5月逾期节点", "overdue": [{"label": "三(一)1", "count": 2}]}


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@needs_font
def test_a_chart_is_a_png_a_phone_shows_full_width():
    started = time.perf_counter()
    data = charts.render(SPEC)
    took = time.perf_counter() - started
    width, height = png_size(data)
    assert width == 720 and 300 < height < 1200
    assert 5_000 < len(data) < 200_000 and took < 10
    empty = charts.render({"title": "无", "rows": [], "overdue": []})
    assert png_size(empty)[0] == 720


def test_without_a_cjk_font_there_is_no_chart_and_a_clear_reason(monkeypatch, world, wechat_for):
    monkeypatch.setattr(charts, "font_file", lambda: None)
    assert charts.unavailable() == charts.NO_FONT and "fonts-wqy-microhei" in charts.NO_FONT
    with pytest.raises(charts.ChartsUnavailable, match="中文字体"):
        charts.render(SPEC)
    openid = world.bind("李晓芬")
    wechat = wechat_for(world)
    reply = wechat.content(wechat.text("进度 三(一)4", sender=openid))
    assert "三(一)4" in reply.splitlines()[0] and "进度图" not in reply
    assert chart_rows(world) == []


def test_the_spec_counts_each_townships_report_and_the_months_overdue_steps(phone, settings):
    phone.bind("o-tc", "staff", township="土城镇", name="张三")
    phone.say("o-tc", REPORT)
    with session_scope(phone.db.sessions) as session:
        task = next(t for t in session.scalars(select(Task)) if t.ref == "三(一)4")
        spec = progress_charts.task_spec(session, task, settings.fixed_now.date())
    assert spec["rows"] == [{"label": "三(一)4", "done": 1, "in_progress": 0, "not_reported": 28}]
    assert spec["subtitle"] == "截至2020年5月25日" and spec["overdue_title"] == "5月逾期节点"
    assert all(item["label"] == "三(一)4" and item["count"] >= 1 for item in spec["overdue"])


def chart_rows(world) -> list[OutboxMessage]:
    return [row for row in world.rows() if row.kind == "chart"]


@needs_font
def test_progress_asked_on_wechat_comes_back_as_an_image_even_after_hours(world, wechat_for):
    openid = world.bind("李晓芬")
    wechat = wechat_for(world)
    reply = wechat.content(wechat.text("进度 三(一)4", sender=openid))
    assert "三(一)4" in reply.splitlines()[0] and reply.endswith("进度图随后发到这里。")
    [row] = chart_rows(world)
    assert (row.channel, row.openid, row.status) == ("image", openid, "pending")
    evening = datetime(2020, 5, 25, 20, 0, tzinfo=SH)
    summary = world.dispatch(evening)
    assert summary.outside_hours and summary.sent == 1
    [media] = world.fake.control_get("media")["media"]
    assert media["png"] and media["type"] == "image" and media["bytes"] > 5_000
    [image] = world.sent(openid)
    assert image["kind"] == "image" and image["media_id"] == media["media_id"]


@needs_font
def test_progress_asked_on_wecom_comes_back_on_wecom(world, wechat_for):
    from channels.app import create_app

    world.bind("李晓芬", "wecom:lixiaofen")
    settings = world.settings.with_overrides(**{**WECOM_SETTINGS, "wecom_api_base": world.settings.wecom_api_base})
    wecom = WeCom(create_app(settings, world.db))
    assert wecom.content(wecom.text("进度 三(一)4", sender="lixiaofen")).endswith("进度图随后发到这里。")
    world.settings = settings
    assert world.dispatch().sent == 1
    [image] = world.sent("lixiaofen")
    assert (image["kind"], image["msgtype"]) == ("wecom", "image")


def test_progress_in_the_terminal_sends_no_picture(phone):
    phone.bind("o-leader", "leader", person="李晓芬")
    assert "进度图" not in phone.say("o-leader", "进度 三(一)4")
    with session_scope(phone.db.sessions) as session:
        assert session.scalars(select(OutboxMessage)).all() == []


@needs_font
def test_the_weekly_chart_goes_on_the_weeks_first_working_day_once(world):
    world.settings = world.settings.with_overrides(weekly_chart=True)
    world.bind("李晓芬", "wecom:lixiaofen")
    world.bind("杨亚威")  # WeChat, wrote just now: a customer-service image can reach him
    world.bind("赵玉林", "o-zhao")
    with session_scope(world.db.sessions) as session:
        from models import Subscriber

        session.scalar(select(Subscriber).where(Subscriber.openid == "o-zhao")).last_seen_at = NOW - timedelta(days=3)
    summary = world.dispatch()  # Monday 25 May
    assert summary.charts == 2 and "本周进度图2张" in summary.describe()
    assert sorted((r.channel, r.openid) for r in chart_rows(world)) == [("image", "o-杨亚威"), ("wecom", "wecom:lixiaofen")]
    assert world.dispatch(NOW + timedelta(days=1)).charts == 0  # Tuesday: not the first working day
    assert world.dispatch(NOW + timedelta(hours=1)).charts == 0  # the same Monday again: once a week
    assert len(chart_rows(world)) == 2 and {r.status for r in chart_rows(world)} == {"sent"}
