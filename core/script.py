"""Text typed in another script, read in the plan's: traditional characters (臺帳 → 台帐, 戶 → 户) and the
financial numerals of receipts (壹佰贰拾 → 一百二十).

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


def simplified(text: str) -> str:
    text = text.translate(_traditional())
    return _FINANCIAL_RUN.sub(lambda m: m.group().translate(_FINANCIAL)
                              if _ONLY_FINANCIAL.search(m.group()) or len(m.group()) > 1 and "拾" in m.group()
                              or m.end() < len(text) and text[m.end()] in _COUNTED else m.group(), text)
