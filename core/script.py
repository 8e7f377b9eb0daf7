"""Text typed in another script, read in the plan's: traditional characters (臺帳 → 台帐, 戶 → 户), the
financial numerals of receipts (壹佰贰拾 → 一百二十), and the shape-alike slips of handwriting pads and 五笔
(己完成 → 已完成, 还末开始 → 还未开始, 214尸 → 214户, 批淮 → 批准) where the neighbours leave no doubt.

Pure. Older staff write on handwriting pads that offer 繁體 as readily as simplified characters, and
copy sums from vouchers in 大写. Character by character is enough here: the phrases that differ
between the two scripts are not the plan's words. The table is OpenCC's (opencc-purepy ships it).
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

_FINANCIAL = str.maketrans("壹贰貳叁參肆伍陆陸柒捌玖拾佰仟", "一二二三三四五六六七八九十百千")
# A run of them that is a number: with a digit only 大写 writes, or 拾 beside another (陆拾), or before
# what it counts (陆户). A lone 拾 (收拾) or 陆 (陆续) is an everyday word.
_FINANCIAL_RUN = re.compile(r"[壹贰貳叁參肆伍陆陸柒捌玖拾佰仟零]+")
_ONLY_FINANCIAL = re.compile(r"[壹贰貳叁參肆伍柒捌玖佰仟]")
_COUNTED = "户人个村元名位家所处"


@lru_cache(maxsize=1)
def _traditional() -> dict[int, str]:
    table = {}
    text = resources.files("opencc_purepy").joinpath("dicts/TSCharacters.txt").read_text("utf-8")
    for line in text.splitlines():
        traditional, _, simplified = line.partition("\t")
        if len(traditional) == 1 and simplified:
            table[ord(traditional)] = simplified.split()[0]  # the first reading is the common one
    return table


# A character written for its look-alike, mended only where the neighbours say which was meant: 自己 stays,
# 己完成 is 已完成; 月末 stays, 还末 and 末发现 are 未; 尸 after a count is 户; 准 after 批/标/核; 账 of money.
_SHAPE_SLIPS = (
    (re.compile(r"(?<![自知利异克舍一为])己"), "已"),
    (re.compile(r"(?<=[还尚并均仍从])末|(?<![月年季周期底始本之岁])末(?=开始|发现|完成|齐|到位|落实|启动|脱贫|纳入|审批|核实|通过|"
                r"动|交|报|发放|建立|开展|见|按|及时|上报|整改|修订|排查|核查|批|签|办|确定|定|拨|达)"), "未"),
    (re.compile(r"(?<=[\d一二三四五六七八九十两百千万])尸|(?<=低保|特困|贫困|五保)尸"), "户"),
    (re.compile(r"(?<=[批标核])淮"), "准"),
    (re.compile(r"(?<!蚊)帐(?!篷)"), "账"),
)


def simplified(text: str) -> str:
    text = text.translate(_traditional())
    for slip, meant in _SHAPE_SLIPS:
        text = slip.sub(meant, text)
    return _FINANCIAL_RUN.sub(lambda m: m.group().translate(_FINANCIAL)
                              if _ONLY_FINANCIAL.search(m.group()) or len(m.group()) > 1 and "拾" in m.group()
                              or m.end() < len(text) and text[m.end()] in _COUNTED else m.group(), text)
