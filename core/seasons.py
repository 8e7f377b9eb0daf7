"""Season words of a plan (雨季前, 汛前, 供暖季前, 春季防火期前 …) and the dates they stand for.

Pure data, no I/O. A season word has a date only where one fixed date is written in law or
standing provincial practice for the whole province; everywhere else the deadline grammar says
the milestone needs a date set by hand, never a guess. The table is small on purpose:

- 汛期 / 雨季 / 汛 (flood season) starts on 6月1日 in the northern provinces (their flood-control
  regulations: 6月1日—9月30日) and on 5月1日 in 贵州 (5月1日—9月30日).
- 供暖季 / 采暖期 / 供热期 (public heating) starts on 11月15日 where the provincial heating rules
  fix that day (河北, 北京, 天津, 山东, 河南, 陕西), on 11月1日 in 辽宁 and on 10月20日 in 黑龙江.
  山西, 内蒙古, 吉林 and 新疆 set it city by city: no single date, so it needs a date by hand.
- 春季防火期 / 秋季防火期 (forest fire season) in 黑龙江 start on 3月15日 and 9月15日 (its forest
  fire regulations). A bare 防火期 does not say which of the two.
- 秋季开学 (the autumn term) starts on 9月1日 everywhere; a bare 开学 may be either term.
- 春耕, 秋收, 麦收, 三夏 … follow the weather of each year: never dated.
"""
from __future__ import annotations

from datetime import date

# season key → (the words that name it, how the label names it)
SEASON_WORDS: dict[str, tuple[tuple[str, ...], str]] = {
    "flood": (("汛期", "雨季", "入汛", "汛"), "汛期"),
    "heating": (("供暖季", "供暖期", "采暖季", "采暖期", "供热季", "供热期", "取暖季", "取暖期"), "供暖季"),
    "fire_spring": (("春季防火期", "春防期", "春季森林防火期"), "春季防火期"),
    "fire_autumn": (("秋季防火期", "秋防期", "秋季森林防火期"), "秋季防火期"),
    "school_autumn": (("秋季开学", "秋季学期开学", "秋季学期开始"), "秋季开学"),
}
# Season words with no fixed date anywhere (they still have to be recognised, to say so).
UNDATED_SEASONS = ("森林防火期", "防火期", "春季开学", "春季学期开学", "开学", "春耕", "春播", "秋收", "秋播",
                   "麦收", "夏收", "三夏", "三秋", "农忙", "冬闲", "主汛期", "凌汛期", "冬春季")

_NORTH_FLOOD = {p: (6, 1) for p in ("河北", "北京", "天津", "山西", "内蒙古", "辽宁", "吉林", "黑龙江",
                                      "山东", "河南")}
# province → (month, day) the season starts
SEASON_START: dict[str, dict[str, tuple[int, int]]] = {
    "flood": {**_NORTH_FLOOD, "贵州": (5, 1)},
    "heating": {**{p: (11, 15) for p in ("河北", "北京", "天津", "山东", "河南", "陕西")},
                "辽宁": (11, 1), "黑龙江": (10, 20)},
    "fire_spring": {"黑龙江": (3, 15)},
    "fire_autumn": {"黑龙江": (9, 15)},
    "school_autumn": {"*": (9, 1)},  # the same in every province
}

_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市")


def province_key(province: str | None) -> str | None:
    """'河北省' → '河北'; None stays None."""
    if not province:
        return None
    p = province.strip()
    for suffix in _SUFFIXES:
        if p.endswith(suffix) and len(p) > len(suffix):
            return p[: -len(suffix)]
    return p


def season_of(word: str) -> str | None:
    """The season key of a season word, or None when the word has no fixed date anywhere."""
    for key, (words, _name) in SEASON_WORDS.items():
        if word in words:
            return key
    return None


def season_start(key: str, province: str | None, year: int) -> date | None:
    """The day the season starts in `province` in `year`, or None when there is no one date."""
    table = SEASON_START[key]
    found = table.get("*") or table.get(province_key(province) or "")
    return date(year, *found) if found else None


def season_name(key: str) -> str:
    return SEASON_WORDS[key][1]


def all_season_words() -> list[str]:
    """Every season word, longest first (for one alternation)."""
    words = {w for ws, _ in SEASON_WORDS.values() for w in ws} | set(UNDATED_SEASONS)
    return sorted(words, key=len, reverse=True)
