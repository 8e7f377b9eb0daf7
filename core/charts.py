"""Progress as a picture: the townships done / in progress / not reported for each task, and the
month's overdue steps, drawn as a PNG a phone shows well (720 px wide). Leaders read a picture
faster than a table.

Pure: a chart spec (plain data, as stored in an outbox payload) in, PNG bytes out. matplotlib is
imported here and only when a chart is drawn (about 0.3 s the first time), never on the webhook's
way; it draws on the Agg canvas, no display needed. The labels are Chinese, so a CJK font is
needed: the first of FONT_FILES that exists, else one matplotlib finds by FONT_NAMES. Without one
(or without matplotlib) `unavailable()` says why and `render` raises ChartsUnavailable; callers
then send text only. On Debian: apt-get install fonts-wqy-microhei.

A spec:
    {"title": "您负责的任务 · 各乡镇进展", "subtitle": "截至2020年5月25日",
     "rows": [{"label": "三(一)4", "done": 12, "in_progress": 5, "not_reported": 12}, …],
     "overdue_title": "5月逾期节点", "overdue": [{"label": "三(一)1", "count": 2}, …]}
"""
from __future__ import annotations

import io
import os
from functools import lru_cache

FONT_FILES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
)
FONT_NAMES = ("WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Noto Sans CJK SC", "Source Han Sans SC", "SimHei",
              "Microsoft YaHei", "PingFang SC")
NO_FONT = "找不到中文字体,无法作图(Debian:apt-get install fonts-wqy-microhei)"
NO_MATPLOTLIB = "未安装 matplotlib,无法作图(pip install -r requirements.txt)"

SERIES = (("done", "已完成", "#2e7d32"), ("in_progress", "进行中", "#f9a825"), ("not_reported", "未汇报", "#bdbdbd"))
OVERDUE_COLOUR = "#c62828"
WIDTH_INCHES, DPI = 7.2, 100  # 720 px
MAX_ROWS = 15  # a plan's tasks for one leader fit; more are counted in the title


class ChartsUnavailable(RuntimeError):
    """No chart can be drawn here; the message says why, in Chinese."""


@lru_cache(maxsize=1)
def font_file() -> str | None:
    """The CJK font to draw with, or None."""
    for path in FONT_FILES:
        if os.path.exists(path):
            return path
    if unavailable_library():
        return None
    from matplotlib import font_manager

    for name in FONT_NAMES:
        try:
            return font_manager.findfont(font_manager.FontProperties(family=name), fallback_to_default=False)
        except ValueError:
            continue
    return None


@lru_cache(maxsize=1)
def unavailable_library() -> str | None:
    import importlib.util

    return None if importlib.util.find_spec("matplotlib") else NO_MATPLOTLIB


def unavailable() -> str | None:
    """Why no chart can be drawn here, or None when one can."""
    return unavailable_library() or (None if font_file() else NO_FONT)


def render(spec: dict) -> bytes:
    """The spec as a PNG."""
    problem = unavailable()
    if problem:
        raise ChartsUnavailable(problem)
    os.environ.setdefault("MPLBACKEND", "Agg")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    font = FontProperties(fname=font_file())
    rows = list(spec.get("rows") or [])[:MAX_ROWS]
    overdue = list(spec.get("overdue") or [])[:MAX_ROWS]
    bars_height = 0.9 + 0.42 * max(len(rows), 1)
    overdue_height = 0.9 + 0.36 * max(len(overdue), 1)
    figure = Figure(figsize=(WIDTH_INCHES, 1.0 + bars_height + overdue_height), dpi=DPI)
    FigureCanvasAgg(figure)
    grid = figure.add_gridspec(2, 1, height_ratios=[bars_height, overdue_height], hspace=0.55,
                               left=0.2, right=0.96, top=1 - 0.9 / (1.0 + bars_height + overdue_height), bottom=0.06)
    figure.suptitle(spec.get("title", ""), fontproperties=font, fontsize=15, x=0.02, ha="left")
    if spec.get("subtitle"):
        figure.text(0.02, 1 - 0.62 / (1.0 + bars_height + overdue_height), spec["subtitle"], fontproperties=font,
                    fontsize=10, color="#555555")
    _townships(figure.add_subplot(grid[0]), rows, font)
    _overdue(figure.add_subplot(grid[1]), overdue, spec.get("overdue_title", "本月逾期节点"), font)
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=DPI)
    return out.getvalue()


def _townships(axes, rows: list[dict], font) -> None:
    axes.set_title("各乡镇汇报情况(个)", fontproperties=font, fontsize=12, loc="left")
    if not rows:
        _empty(axes, "没有分到乡镇的任务", font)
        return
    labels = [row["label"] for row in rows][::-1]
    left = [0] * len(rows)
    for key, name, colour in SERIES:
        values = [int(row.get(key, 0)) for row in rows][::-1]
        bars = axes.barh(labels, values, left=left, color=colour, label=name, height=0.6)
        for bar, value in zip(bars, values):
            if value:
                axes.text(bar.get_x() + bar.get_width() / 2, bar.get_y() + bar.get_height() / 2, str(value),
                          ha="center", va="center", fontsize=9, fontproperties=font,
                          color="white" if key == "done" else "black")
        left = [a + b for a, b in zip(left, values)]
    for tick in axes.get_yticklabels():
        tick.set_fontproperties(font)
    axes.legend(prop=font, ncol=3, loc="lower right", bbox_to_anchor=(1, 1.0), frameon=False, fontsize=9)
    axes.set_xlim(0, max(max(left), 1))
    axes.spines[["top", "right"]].set_visible(False)


def _overdue(axes, overdue: list[dict], title: str, font) -> None:
    axes.set_title(title, fontproperties=font, fontsize=12, loc="left")
    if not overdue:
        _empty(axes, "本月没有逾期的时间节点", font)
        return
    labels = [item["label"] for item in overdue][::-1]
    counts = [int(item["count"]) for item in overdue][::-1]
    bars = axes.barh(labels, counts, color=OVERDUE_COLOUR, height=0.5)
    for bar, count in zip(bars, counts):
        axes.text(bar.get_width(), bar.get_y() + bar.get_height() / 2, f" {count}", va="center", fontsize=9,
                  fontproperties=font)
    for tick in axes.get_yticklabels():
        tick.set_fontproperties(font)
    axes.set_xlim(0, max(counts) * 1.15 + 0.5)
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.spines[["top", "right"]].set_visible(False)


def _empty(axes, text: str, font) -> None:
    axes.text(0.5, 0.5, text, ha="center", va="center", fontproperties=font, fontsize=11, color="#555555",
              transform=axes.transAxes)
    axes.set_axis_off()
