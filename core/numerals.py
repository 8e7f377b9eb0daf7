"""Numbers as people write them in reports: 412, 1.2万, 三百五十六, 两, 一千二百三十四, 百分之八十.

Pure. `value` reads one numeral; `NUMERAL` is the pattern that finds them in a sentence.
"""
from __future__ import annotations

import re

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "俩": 2, "三": 3, "仨": 3, "四": 4, "五": 5,
           "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL = {"十": 10, "百": 100, "千": 1000}
_LARGE = {"万": 10_000, "亿": 100_000_000}
CHINESE_CHARS = "".join(_DIGITS) + "".join(_SMALL) + "".join(_LARGE)

# Digits with Chinese places, as typed on a phone: 3百, 3千2百15, 3百40, 1万2千, 4百零7, 2百8十.
_MIXED = r"\d+[万千百十](?:零?\d+[万千百十]?)*"
# Arabic with an optional decimal part and 万/亿 (1.2万, 3,500), or a run of Chinese numeral chars
# with an optional decimal part said with 点 (零点七, 六点七).
NUMERAL = re.compile(rf"{_MIXED}|\d+(?:,\d{{3}})*(?:\.\d+)?(?:万|亿|千|[wW](?![a-zA-Z]))?|"
                     rf"[{CHINESE_CHARS}]+(?:点[{''.join(_DIGITS)}]+[万亿]?)?")
# Longer than any figure a report gives (一千二百三十四万五千六百七十八 is 15): a run of 400 digits
# would overflow float and one of 4300 exceed int()'s limit, so it is no numeral at all.
_LONGEST = 24


def value(text: str) -> int | float | None:
    """The number `text` writes, or None if it is not one numeral."""
    text = text.strip()
    if not text or len(text) > _LONGEST:
        return None
    if re.fullmatch(_MIXED, text):
        return _mixed(text)
    if text[0].isdigit():
        return _arabic(text)
    return _chinese(text)


def _arabic(text: str) -> int | float | None:
    found = re.fullmatch(r"(\d+(?:,\d{3})*(?:\.\d+)?)(万|亿|千|w|W)?", text)
    if found is None:
        return None
    number = float(found.group(1).replace(",", ""))
    number *= {"万": 10_000, "w": 10_000, "W": 10_000, "亿": 100_000_000, "千": 1000, None: 1}[found.group(2)]
    return _tidy(number)


def _mixed(text: str) -> int:
    total, section, place = 0, 0, 1
    for gap, digits, unit in re.findall(r"(零?)(\d+)([万千百十]?)", text):
        if unit == "万":
            total, section, place = (total + section + int(digits)) * 10_000, 0, 10_000
        elif unit:
            place = {"千": 1000, "百": 100, "十": 10}[unit]
            section += int(digits) * place
        else:  # what follows the last place: 3百5 is 350 as 三百五 is, 3百15 is 315, 4百零7 is 407
            section += int(digits) * (place // 10) if len(digits) == 1 and place >= 100 and not gap else int(digits)
    return total + section


def _chinese(text: str) -> int | float | None:
    whole, dot, fraction = text.partition("点")
    if dot:  # 零点七, 六点七: the decimals digit by digit; 十二点六万 in 万
        scale = _LARGE.get(fraction[-1:], 1)
        fraction = fraction[:-1] if scale > 1 else fraction
        if not fraction or any(c not in _DIGITS for c in fraction):
            return None
        integer = _chinese(whole)
        if integer is None:
            return None
        return _tidy(float(f"{integer}.{''.join(str(_DIGITS[c]) for c in fraction)}") * scale)
    if any(c not in CHINESE_CHARS for c in text):
        return None
    if text == "百十":  # 百十来户: about a hundred, as people say it
        return 100
    # 七八万, 五六百, 二三十, 一百二三十, 十五六: a range said as two neighbouring digits, read as its lower bound
    ranged = next((i for i in range(len(text) - 2) if text[i] in _DIGITS and text[i + 1] in _DIGITS
                   and text[i + 2] not in _DIGITS and (i == 0 or text[i - 1] in _SMALL)
                   and _DIGITS[text[i + 1]] == _DIGITS[text[i]] + 1), None)
    if ranged is not None:
        text = text[:ranged + 1] + text[ranged + 2:]
    elif len(text) == 2 and text[0] in _DIGITS and text[1] in _DIGITS and _DIGITS[text[1]] == _DIGITS[text[0]] + 1:
        text = text[0]  # 五六户: five or six, not 56 (四一二, three digits, is 412 read out)
    elif len(text) > 2 and text[-3] in _SMALL and text[-2] in _DIGITS and text[-1] in _DIGITS \
            and _DIGITS[text[-1]] == _DIGITS[text[-2]] + 1:
        text = text[:-1]  # 十五六, 二十五六: a range at the end, its lower bound
    if all(c in _DIGITS for c in text):  # 四一二 as voice input writes 412; a single digit too
        return int("".join(str(_DIGITS[c]) for c in text))
    total, section, digit, last_unit = 0, 0, None, None
    for char in text:
        if char in "零〇":  # 一百零五: a gap in the places, nothing to add
            continue
        if char in _DIGITS:
            if digit is not None:  # two digits in a row (三百五五) is no numeral
                return None
            digit = _DIGITS[char]
        elif char in _SMALL:
            unit = _SMALL[char]
            if last_unit is not None and unit >= last_unit:
                return None
            section += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
        else:
            group = section + (digit or 0)
            if group == 0 and total == 0:
                return None
            if char == "万" and total >= _LARGE["亿"]:  # 一亿二千万
                total += group * _LARGE["万"]
            else:
                total = (total + group) * _LARGE[char]
            section, digit, last_unit = 0, None, None
    if digit is not None:
        # 三百五 is 350 and 两万五 is 25000: a digit right after 百/千/万 counts in the place below.
        before = text[-2] if len(text) > 1 else ""
        place = _SMALL.get(before) or _LARGE.get(before) or 0
        if place >= 100:
            digit *= place // 10
        section += digit
    return total + section


def _tidy(number: float) -> int | float:
    return int(number) if number == int(number) else round(number, 6)
