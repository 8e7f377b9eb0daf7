"""Table-driven tests of the custom-menu rules (core/menu.py)."""
from __future__ import annotations

import pytest

from core.menu import MenuProblem, validate_menu


def click(name="查政策", key="POLICY"):
    return {"type": "click", "name": name, "key": key}


def view(name="办事指南", url="https://example.gov.cn/guide"):
    return {"type": "view", "name": name, "url": url}


def parent(*subs, name="服务"):
    return {"name": name, "sub_button": list(subs)}


def menu(*buttons):
    return {"button": list(buttons)}


def sub_menu(button):
    """A menu whose only sub button is `button` (at SUB)."""
    return menu(parent(button))


SUB = "button[0].sub_button[0]"
KEY_TYPES = (
    "scancode_push", "scancode_waitmsg", "pic_sysphoto", "pic_photo_or_album", "pic_weixin",
)


VALID = [
    ("one click button", menu(click())),
    ("three buttons", menu(click(), view(), click(key="B"))),
    ("five sub buttons", menu(parent(*[click(key=f"K{i}") for i in range(5)]))),
    ("parent needs no type", menu(parent(view()), click())),
    ("sub_button [] is a plain button", menu({**click(), "sub_button": []})),
    ("name of 16 bytes", menu(click(name="一二三四五x"))),  # 5 × 3 + 1 bytes
    ("sub name of 60 bytes", menu(parent(click(name="字" * 20)))),
    ("key of 128 bytes", menu(click(key="k" * 128))),
    ("url of 1024 bytes", menu(view(url="http://a.cn/" + "p" * 1012))),
    ("http url", menu(view(url="http://example.com"))),
    ("every key type", menu(
        parent(*[{"type": t, "name": t[:8], "key": "K"} for t in KEY_TYPES]),
        {"type": "location_select", "name": "位置", "key": "LOC"},
    )),
    ("media types", menu(
        {"type": "media_id", "name": "图片", "media_id": "MEDIA"},
        {"type": "view_limited", "name": "图文", "media_id": "NEWS"},
    )),
    ("miniprogram", menu({
        "type": "miniprogram", "name": "小程序", "url": "https://example.com",
        "appid": "wx286b93c14bbf93aa", "pagepath": "pages/index",
    })),
    ("a type on a parent is ignored", menu({**parent(click()), "type": "nonsense"})),
]


@pytest.mark.parametrize("body", [body for _, body in VALID], ids=[name for name, _ in VALID])
def test_valid_menus_have_no_problems(body):
    assert validate_menu(body) == []


INVALID = [
    # (id, body, [(errcode, path), ...])
    ("not an object", [click()], [(47001, "")]),
    ("button not a list", {"button": click()}, [(47001, "button")]),
    ("no button key", {}, [(40016, "button")]),
    ("no buttons", menu(), [(40016, "button")]),
    ("four buttons", menu(click(), click(), click(), click()), [(40016, "button[3]")]),
    ("button not an object", menu("查政策"), [(47001, "button[0]")]),
    ("name of 17 bytes", menu(click(name="一二三四五xx")), [(40018, "button[0]")]),
    ("missing name", menu({"type": "click", "key": "K"}), [(40018, "button[0]")]),
    ("empty name", menu(click(name="")), [(40018, "button[0]")]),
    ("name not text", menu(click(name=7)), [(40018, "button[0]")]),
    ("sub name of 61 bytes", sub_menu(click(name="字" * 20 + "x")), [(40025, SUB)]),
    ("parent name too long", menu(parent(click(), name="一二三四五六")), [(40018, "button[0]")]),
    ("six sub buttons", menu(parent(*[click()] * 6)), [(40023, "button[0].sub_button[5]")]),
    (
        "sub_button not a list",
        menu({"name": "服务", "sub_button": "x"}),
        [(47001, "button[0].sub_button")],
    ),
    ("third level", sub_menu(parent(click())), [(40022, SUB)]),
    ("no type", menu({"name": "查政策", "key": "K"}), [(40017, "button[0]")]),
    ("unknown type", menu({**click(), "type": "voice"}), [(40017, "button[0]")]),
    ("type not text", menu({**click(), "type": ["click"]}), [(40017, "button[0]")]),
    ("unknown sub type", sub_menu({**click(), "type": "voice"}), [(40024, SUB)]),
    ("click without key", menu({"type": "click", "name": "查政策"}), [(40019, "button[0]")]),
    ("key of 129 bytes", menu(click(key="k" * 129)), [(40019, "button[0]")]),
    ("sub key of 129 bytes", sub_menu(click(key="键" * 43)), [(40026, SUB)]),
    ("scancode without key", menu({"type": "scancode_push", "name": "扫码"}), [(40019, "button[0]")]),
    ("view without url", menu({"type": "view", "name": "指南"}), [(40020, "button[0]")]),
    ("url of 1025 bytes", menu(view(url="http://a.cn/" + "p" * 1013)), [(40020, "button[0]")]),
    ("sub url too long", sub_menu(view(url="http://a.cn/" + "p" * 1013)), [(40027, SUB)]),
    ("ftp url", menu(view(url="ftp://example.com/x")), [(40055, "button[0]")]),
    ("url without host", menu(view(url="https:///x")), [(40055, "button[0]")]),
    ("sub url not http", sub_menu(view(url="javascript:alert(1)")), [(40054, SUB)]),
    ("media_id missing", menu({"type": "media_id", "name": "图片"}), [(40007, "button[0]")]),
    ("view_limited missing", sub_menu({"type": "view_limited", "name": "图文"}), [(40007, SUB)]),
    (
        "miniprogram missing everything",
        menu({"type": "miniprogram", "name": "小程序"}),
        [(40020, "button[0]"), (40017, "button[0]"), (40017, "button[0]")],
    ),
    (
        "sub miniprogram without pagepath",
        sub_menu({"type": "miniprogram", "name": "小程序", "url": "https://e.com", "appid": "wx1"}),
        [(40024, SUB)],
    ),
    (
        "every problem, in document order",
        menu(click(name="一二三四五六"), parent(click(), view(url="")), click(key=""), click()),
        [
            (40016, "button[3]"), (40018, "button[0]"),
            (40027, "button[1].sub_button[1]"), (40019, "button[2]"),
        ],
    ),
]


@pytest.mark.parametrize(
    "body, expected", [row[1:] for row in INVALID], ids=[row[0] for row in INVALID]
)
def test_invalid_menus_report_errcode_and_path(body, expected):
    problems = validate_menu(body)
    assert [(p.errcode, p.path) for p in problems] == expected
    assert all(p.message for p in problems)


def test_problem_messages_are_chinese_and_specific():
    [problem] = validate_menu(menu(click(name="一二三四五xx")))
    assert problem == MenuProblem(40018, "button[0]", "一级菜单名称超过 16 字节(现为 17 字节)")
    [problem] = validate_menu(menu({**click(), "type": "voice"}))
    assert "voice" in problem.message


def test_problems_are_frozen():
    [problem] = validate_menu(menu())
    with pytest.raises(AttributeError):
        problem.errcode = 0
