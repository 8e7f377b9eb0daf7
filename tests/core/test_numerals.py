import pytest

from core.numerals import value


@pytest.mark.parametrize("text, expected", [
    ("412", 412),
    ("3,500", 3500),
    ("3千2百15", 3215),  # digits with Chinese places, as typed on a phone
    ("3百40", 340),
    ("3百5", 350),
    ("1万2", 12000),
    ("1.2万", 12000),
    ("350万", 3_500_000),
    ("0.5", 0.5),
    ("两", 2),
    ("十", 10),
    ("十二", 12),
    ("二十", 20),
    ("三百五十六", 356),
    ("一千二百三十四", 1234),
    ("一百零五", 105),
    ("一千零三", 1003),
    ("九百零六", 906),
    ("三百五", 350),  # as people say it: 三百五 is 350, not 305
    ("一千二", 1200),
    ("两万五", 25000),
    ("五万六千", 56000),
    ("十万", 100_000),
    ("三千五百万", 35_000_000),
    ("一亿二千万", 120_000_000),
    ("四一二", 412),  # voice input reads digits one by one
    ("零", 0),
    ("十二点六万", 126000),  # a decimal said in 万
    ("十五六", 15), ("二十五六", 25),  # a range at the end: its lower bound
])
def test_numerals_people_write(text, expected):
    assert value(text) == expected


@pytest.mark.parametrize("text", ["", "万", "十三五", "三百五五", "十十", "1.2.3", "abc", "三保障"])
def test_what_is_not_one_numeral(text):
    assert value(text) is None
