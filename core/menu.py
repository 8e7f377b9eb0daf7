"""Custom-menu rules: what POST /cgi-bin/menu/create accepts, checked before WeChat sees it.

Pure: takes the decoded JSON body, returns every problem found (empty list = valid), in document
order, so the first one is the error WeChat itself would answer with.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

MAX_BUTTONS = 3
MAX_SUB_BUTTONS = 5
KEY_LIMIT = 128
URL_LIMIT = 1024

# The official button types and the fields each needs (a button with sub_button needs none).
REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(
        (
            "click", "scancode_push", "scancode_waitmsg", "pic_sysphoto",
            "pic_photo_or_album", "pic_weixin", "location_select",
        ),
        ("key",),
    ),
    "view": ("url",),
    "media_id": ("media_id",),
    "view_limited": ("media_id",),
    "miniprogram": ("url", "appid", "pagepath"),
}

DATA_FORMAT_ERROR = 47001  # not an object / not a list where one is needed: the real API's answer
BUTTON_SIZE = 40016
SUB_BUTTON_SIZE = 40023
SUB_BUTTON_LEVEL = 40022  # a sub button with sub buttons of its own
MEDIA_ID = 40007  # "invalid media_id"; the same code at both levels


@dataclass(frozen=True)
class MenuProblem:
    errcode: int
    path: str  # e.g. "button[1].sub_button[4]"
    message: str


@dataclass(frozen=True)
class _Level:
    """The limits and errcodes of one menu level (the official list has a code per level)."""

    label: str
    name_limit: int  # bytes of UTF-8
    name_size: int
    type: int  # also for a miniprogram button without appid/pagepath: no closer official code
    key_size: int  # also for a missing key: WeChat reports that as a key of size 0
    url_size: int  # likewise for a missing url
    url_domain: int  # not http(s): the closest official code is "invalid ... url domain"


# Official codes: 40017/40024 invalid (sub) button type, 40020/40027 invalid (sub) button url
# size, 40055 invalid button url domain, 40054 invalid sub button url domain. wechatpy's
# constants.py swaps 40054/40055 and calls 40017 a sub-button size; the official list wins.
_TOP = _Level("一级菜单", 16, 40018, 40017, 40019, 40020, 40055)
_SUB = _Level("二级菜单", 60, 40025, 40024, 40026, 40027, 40054)


def validate_menu(menu: object) -> list[MenuProblem]:
    """Every problem of a menu-create body, in document order; empty when WeChat would accept it."""
    if not isinstance(menu, dict):
        return [MenuProblem(DATA_FORMAT_ERROR, "", "菜单须为 JSON 对象")]
    buttons = menu.get("button")
    if buttons is not None and not isinstance(buttons, list):
        return [MenuProblem(DATA_FORMAT_ERROR, "button", "button 须为列表")]
    buttons = buttons or []
    problems = []
    if not 1 <= len(buttons) <= MAX_BUTTONS:
        # The path names the first button over the limit, or the empty list itself.
        where = f"button[{MAX_BUTTONS}]" if buttons else "button"
        problems.append(
            MenuProblem(BUTTON_SIZE, where, f"一级菜单须有 1–{MAX_BUTTONS} 个,现有 {len(buttons)} 个")
        )
    for index, button in enumerate(buttons):
        problems += _check_button(button, f"button[{index}]", _TOP)
    return problems


def _check_button(button: object, path: str, level: _Level) -> list[MenuProblem]:
    if not isinstance(button, dict):
        return [MenuProblem(DATA_FORMAT_ERROR, path, "菜单项须为 JSON 对象")]
    problems = _check_name(button.get("name"), path, level)
    subs = button.get("sub_button") or []  # sub_button: [] is a button without sub buttons
    if not subs:
        return problems + _check_action(button, path, level)
    if level is _SUB:
        return problems + [MenuProblem(SUB_BUTTON_LEVEL, path, "二级菜单不能再有子菜单")]
    if not isinstance(subs, list):
        return problems + [MenuProblem(DATA_FORMAT_ERROR, f"{path}.sub_button", "sub_button 须为列表")]
    if len(subs) > MAX_SUB_BUTTONS:
        problems.append(
            MenuProblem(
                SUB_BUTTON_SIZE, f"{path}.sub_button[{MAX_SUB_BUTTONS}]",
                f"二级菜单最多 {MAX_SUB_BUTTONS} 个,现有 {len(subs)} 个",
            )
        )
    for index, sub in enumerate(subs):
        problems += _check_button(sub, f"{path}.sub_button[{index}]", _SUB)
    return problems


def _check_name(name: object, path: str, level: _Level) -> list[MenuProblem]:
    message = _length_problem(f"{level.label}名称", name, level.name_limit)
    return [MenuProblem(level.name_size, path, message)] if message else []


def _check_action(button: dict, path: str, level: _Level) -> list[MenuProblem]:
    kind = button.get("type")
    if not isinstance(kind, str) or kind not in REQUIRED_FIELDS:
        return [MenuProblem(level.type, path, f"不支持的菜单类型:{kind!r}")]
    return [
        problem
        for field in REQUIRED_FIELDS[kind]
        if (problem := _FIELD_CHECKS[field](button.get(field), path, level))
    ]


def _check_key(key: object, path: str, level: _Level) -> MenuProblem | None:
    message = _length_problem("key", key, KEY_LIMIT)
    return MenuProblem(level.key_size, path, message) if message else None


def _check_url(url: object, path: str, level: _Level) -> MenuProblem | None:
    message = _length_problem("url", url, URL_LIMIT)
    if message:
        return MenuProblem(level.url_size, path, message)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return MenuProblem(level.url_domain, path, f"url 须为 http 或 https 网址:{url}")
    return None


def _check_media_id(media_id: object, path: str, level: _Level) -> MenuProblem | None:
    return None if _is_text(media_id) else MenuProblem(MEDIA_ID, path, "缺少 media_id")


def _check_present(field: str):
    def check(value: object, path: str, level: _Level) -> MenuProblem | None:
        return None if _is_text(value) else MenuProblem(level.type, path, f"小程序菜单缺少 {field}")

    return check


_FIELD_CHECKS = {
    "key": _check_key,
    "url": _check_url,
    "media_id": _check_media_id,
    "appid": _check_present("appid"),
    "pagepath": _check_present("pagepath"),
}


def _is_text(value: object) -> bool:
    return isinstance(value, str) and value != ""


def _length_problem(what: str, value: object, limit: int) -> str | None:
    """What is wrong with a required text of at most `limit` UTF-8 bytes, as WeChat counts."""
    if not _is_text(value):
        return f"缺少{what}"
    # surrogatepass: JSON may decode "\ud800" to a lone surrogate, which still takes bytes.
    size = len(value.encode("utf-8", "surrogatepass"))
    return f"{what}超过 {limit} 字节(现为 {size} 字节)" if size > limit else None
