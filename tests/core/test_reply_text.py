"""Table-driven tests of reply paging (core/reply_text.py)."""
from __future__ import annotations

import random

import pytest

from core.reply_text import MORE_COMMAND, MORE_HINT, paginate, utf8_len

H = utf8_len(MORE_HINT)
SMALL = H + 30  # 30 bytes of text per page: ten Chinese characters
FAMILY = "👨\u200d👩\u200d👧"  # 18 bytes
FLAG_CN, FLAG_US, FLAG_JP = "🇨🇳", "🇺🇸", "🇯🇵"
# 36 bytes without boundaries: makes a short case overflow its limit and rides on its
# last page (the last page has no hint, so it holds 37 bytes more than the others)
T = "子丑寅卯辰巳午未申酉戌亥"


def check_invariants(text: str, pages: list[str], limit: int) -> list[str]:
    """Assert what holds for every input; return the page texts without hints."""
    assert pages
    assert all(utf8_len(page) <= limit for page in pages)
    assert all(page.endswith(MORE_HINT) for page in pages[:-1])
    assert not pages[-1].endswith(MORE_HINT)
    contents = [page.removesuffix(MORE_HINT) for page in pages]
    if text:
        assert all(content.strip() for content in contents)
    # Pages are consecutive slices of the text; only whitespace at the seams is lost.
    pos = 0
    for index, content in enumerate(contents):
        if index:
            assert not content[0].isspace()
        if not content[:1].isspace():
            while pos < len(text) and text[pos].isspace():
                pos += 1
        assert text.startswith(content, pos)
        pos += len(content)
    assert not text[pos:].strip()
    assert "".join("".join(contents).split()) == "".join(text.split())
    return contents


def test_constants():
    assert MORE_COMMAND == "更多"
    assert MORE_HINT == "\n回复“更多”查看下一部分"
    assert f"“{MORE_COMMAND}”" in MORE_HINT
    assert H == 37


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", 0),
        ("a", 1),
        ("中", 3),
        ("😀", 4),
        (FAMILY, 18),
        ("e\u0301", 3),
        ("a中😀", 8),
    ],
)
def test_utf8_len(text, expected):
    assert utf8_len(text) == expected


@pytest.mark.parametrize(
    "text, limit",
    [
        ("", 2048),
        ("   \n", 2048),
        ("低保对象动态管理。", 2048),
        ("中" * 682 + "ab", 2048),  # exactly 2048 bytes
        ("a" * 2048, 2048),
        ("😀" * 512, 2048),  # exactly 2048 bytes of 4-byte characters
        ("中" * 22 + "a", SMALL),  # exactly SMALL bytes
        ("中" * 20 + "\n\n   ", SMALL),  # trailing whitespace is kept when it fits
    ],
)
def test_text_that_fits_is_unchanged(text, limit):
    assert utf8_len(text) <= limit
    assert paginate(text, limit) == [text]


@pytest.mark.parametrize(
    "text, limit, expected",
    [
        # one byte over the limit
        ("中" * 682 + "abc", 2048, ["中" * 670, "中" * 12 + "abc"]),
        ("a" * 2049, 2048, ["a" * 2011, "a" * 38]),
        ("中" * 22 + "ab", SMALL, ["中" * 10, "中" * 12 + "ab"]),
    ],
)
def test_exact_limit_boundary(text, limit, expected):
    assert utf8_len(text) == limit + 1
    pages = paginate(text, limit)
    assert check_invariants(text, pages, limit) == expected


CASES = [
    # paragraph break beats a later sentence end
    ("paragraph>sentence", "一二三四五六\n\n七。八九十甲乙丙丁" + T, ["一二三四五六", "七。八九十甲乙丙丁" + T]),
    ("paragraph CRLF", "一二三四五六\r\n\r\n七。八九十甲乙丙丁" + T, ["一二三四五六", "七。八九十甲乙丙丁" + T]),
    ("line>sentence", "一二三四五六\n七。八九十甲乙" + T, ["一二三四五六", "七。八九十甲乙" + T]),
    # sentence end beats a later comma; the 。 stays on the earlier page
    ("sentence>comma", "一二三四五。六七，八九十甲乙" + T, ["一二三四五。", "六七，八九十甲乙" + T]),
    ("sentence ！", "一二三四五！六七，八九十甲乙" + T, ["一二三四五！", "六七，八九十甲乙" + T]),
    ("sentence ；", "一二三四五；六七，八九十甲乙" + T, ["一二三四五；", "六七，八九十甲乙" + T]),
    ("sentence ……", "一二三四五……六七八九十甲乙" + T, ["一二三四五……", "六七八九十甲乙" + T]),
    ("closing quote", "他说：“好。”一二三四五六七八" + T, ["他说：“好。”", "一二三四五六七八" + T]),
    # comma beats a character cut
    ("comma>char", "一二三四五，六七八九十甲乙丙" + T, ["一二三四五，", "六七八九十甲乙丙" + T]),
    ("enumeration 、", "一二三四五、六七八九十甲乙丙" + T, ["一二三四五、", "六七八九十甲乙丙" + T]),
    # a boundary in the first half of the page yields to a weaker one further on
    ("early paragraph", "一二\n\n三四五六七。八九十甲乙丙" + T, ["一二\n\n三四五六七。", "八九十甲乙丙" + T]),
    ("early sentence", "一二。三四五六七，八九十甲乙丙" + T, ["一二。三四五六七，", "八九十甲乙丙" + T]),
    # …but a short sentence is still not cut in the middle
    (
        "only early comma",
        "一，二三四五六七八九十甲乙丙丁" + T,
        ["一，", "二三四五六七八九十甲", "乙丙丁" + T],
    ),
    # whitespace at the seams is dropped
    ("leading whitespace", "一二三四五六\n\n\n　　七八九" + T, ["一二三四五六", "七八九" + T]),
    ("trailing spaces", "一二三四五六   \n\n七八九十甲乙丙丁戊己" + T, ["一二三四五六", "七八九十甲乙丙丁戊己" + T]),
    ("only trailing ws overflows", "a" * 60 + " " * 10, ["a" * 60]),
    ("leading ws fills a page", " " * 40 + "一" * 20, ["一" * 20]),
    ("leading ws kept", "  一二三四五六七八。九十甲乙丙丁戊己" + T, ["  一二三四五六七八。", "九十甲乙丙丁戊己" + T]),
    # mixed ASCII
    ("ASCII sentence", "Hello there, my friend! This is long" + T, ["Hello there, my friend!", "This is long" + T]),
    ("ASCII word break", "abcdefgh ijklmnop qrstuvwxyz0123" + T, ["abcdefgh ijklmnop", "qrstuvwxyz0123" + T]),
    ("ASCII then Chinese", "a" + "中" * 11 + T, ["a" + "中" * 9, "中" * 2 + T]),
    ("Chinese then ASCII", "中" * 9 + "abcdef" + T, ["中" * 9 + "abc", "def" + T]),
    # 4-byte emoji at the cut point
    ("emoji straddles", "一二三四五六七八九😀十" + T, ["一二三四五六七八九", "😀十" + T]),
    ("emoji fits", "a" * 26 + "😀😀" + T, ["a" * 26 + "😀", "😀" + T]),
    ("emoji run", "a" * 28 + "😀" * 20, ["a" * 28, "😀" * 7, "😀" * 13]),
    # clusters stay whole
    ("variation selector", "一二三四五六七八九❤\ufe0f十" + T, ["一二三四五六七八九", "❤\ufe0f十" + T]),
    ("skin tone", "一二三四五六七八👍🏽九" + T, ["一二三四五六七八", "👍🏽九" + T]),
    ("combining mark", "a" * 29 + "e\u0301bc" + T, ["a" * 29, "e\u0301bc" + T]),
    ("keycap", "a" * 27 + "1\ufe0f\u20e3b" + T, ["a" * 27, "1\ufe0f\u20e3b" + T]),
    ("ZWJ fits exactly", "一二三四" + FAMILY + "五六" + T, ["一二三四" + FAMILY, "五六" + T]),
    ("ZWJ straddles", "一二三四五" + FAMILY + "六" + T, ["一二三四五", FAMILY + "六" + T]),
    ("flag straddles", "一二三四五六七八" + FLAG_CN + "九" + T, ["一二三四五六七八", FLAG_CN + "九" + T]),
    (
        "flags pair up",
        "一二三" + FLAG_CN + FLAG_US + FLAG_JP + "五" + T,
        ["一二三" + FLAG_CN + FLAG_US, FLAG_JP + "五" + T],
    ),
    ("CRLF line break", "a" * 29 + "\r\n" + "b" * 40, ["a" * 29, "b" * 40]),
]


@pytest.mark.parametrize("name, text, expected", CASES, ids=[case[0] for case in CASES])
def test_cut_points(name, text, expected):
    assert utf8_len(text) > SMALL
    pages = paginate(text, SMALL)
    assert check_invariants(text, pages, SMALL) == expected


def test_long_sentence_without_punctuation():
    rng = random.Random(5000)
    text = "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(5000))
    pages = paginate(text)
    contents = check_invariants(text, pages, 2048)
    # 2011 bytes of text per page: 670 three-byte characters
    assert [len(c) for c in contents] == [670] * 7 + [5000 - 7 * 670]
    assert "".join(contents) == text


def test_real_reply_with_paragraphs():
    paragraph = "根据《最低生活保障审核确认办法》，申请人应当向户籍所在地乡镇人民政府提出书面申请。"
    text = "\n\n".join(f"{n}、{paragraph * 3}" for n in range(1, 9))
    pages = paginate(text)
    contents = check_invariants(text, pages, 2048)
    assert len(pages) > 1
    # every cut fell on a paragraph break
    assert all(content.startswith(tuple("12345678")) for content in contents)
    assert all(content.endswith("。") for content in contents)


@pytest.mark.parametrize("limit", [-1, 0, 1, H, H + 3])
def test_limit_too_small(limit):
    with pytest.raises(ValueError):
        paginate("短", limit)


def test_smallest_limit_holds_any_character():
    text = "😀中a" * 10
    pages = paginate(text, H + 4)
    contents = check_invariants(text, pages, H + 4)
    assert "".join(contents) == text


ALPHABET = (
    ["中", "民", "政", "低", "保", "救", "助", "的"] * 6
    + list("abcdefgXYZ0123") * 2
    + ["。", "，", "、", "！", "？", "；", "…", "!", "?", ",", ";", "”", "）"]
    + [" ", "  ", "\n", "\n\n", "\n \n", "\r\n", "　　", "\t"]
    + ["😀", "👍🏽", "❤\ufe0f", "e\u0301", FAMILY, FLAG_CN, "1\ufe0f\u20e3"]
)


def generated(seed: int) -> tuple[str, int]:
    rng = random.Random(seed)
    text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 3000)))
    return text, rng.choice([H + 20, H + 33, H + 100, 300, 2048])


@pytest.mark.parametrize("seed", range(40))
def test_generated_texts(seed):
    text, limit = generated(seed)
    pages = paginate(text, limit)
    contents = check_invariants(text, pages, limit)
    # no cluster (all ≤ 18 bytes, so each fits on a page) was split at a seam
    for earlier, later in zip(contents, contents[1:]):
        assert not earlier.endswith("\u200d")
        assert not later.startswith(("\u200d", "\ufe0f", "\u0301", "\u20e3", "🏽"))
        assert not (earlier.endswith("🇨") or later.startswith("🇳"))
    assert paginate(text, limit) == pages
