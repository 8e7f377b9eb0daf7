"""The account's custom menu. A CLICK event carries only the button's key: each key stands for
the text a user could have typed, so a button and a typed command take the same route."""
from __future__ import annotations

# (top-level name, [(key, button name, command it sends)]); a single entry is a button of its own.
MENU = (
    ("政策咨询", (
        ("ASK_DIBAO", "低保标准", "农村低保标准是多少"),
        ("ASK_TEKUN", "特困供养", "特困人员供养标准是多少"),
        ("ASK_TEMPORARY", "临时救助", "临时救助怎么申请"),
        ("ASK_ELDERLY", "养老服务", "老人能进敬老院吗"),
        ("ASK_DISABILITY", "残疾人补贴", "残疾人两项补贴是什么"),
    )),
    ("工作台", (
        ("MY_TASKS", "我的任务", "我的任务"),
        ("TOWNSHIP_TASKS", "本乡任务", "本乡任务"),
        ("OVERDUE", "逾期事项", "逾期"),
        ("BIND", "身份绑定", "绑定"),
    )),
    ("帮助", (("HELP", "使用帮助", "帮助"),)),
)

COMMANDS = {key: command for _, buttons in MENU for key, _, command in buttons}


def command_for(key: str) -> str | None:
    return COMMANDS.get(key)


BOARD_MENU = "工作台"  # the task board's button joins this one's sub buttons
BOARD_BUTTON = "任务看板"


def menu_json(public_base_url: str = "") -> dict:
    """The body of WeChat's menu/create call; with the site's address, a button for the task board.

    A view button opens its URL in WeChat's browser, whose User-Agent makes /login ask WeChat
    who is holding the phone (web authorisation).
    """
    button = []
    for name, items in MENU:
        if len(items) == 1:
            key, _, _ = items[0]
            button.append({"type": "click", "name": name, "key": key})
            continue
        subs = [{"type": "click", "name": label, "key": key} for key, label, _ in items]
        if name == BOARD_MENU and public_base_url:
            subs.insert(0, {"type": "view", "name": BOARD_BUTTON, "url": f"{public_base_url}/login?next=/tasks"})
        button.append({"name": name, "sub_button": subs})
    return {"button": button}
