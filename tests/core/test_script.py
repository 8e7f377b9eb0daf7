"""Traditional characters and financial numerals are read in the plan's script."""
import pytest

from core.script import simplified


@pytest.mark.parametrize("typed, meant", [
    ("臺帳己經建好", "台账已经建好"),  # 己 for 已 is a shape-alike slip of the same pads
    ("自己报的 月末交 还末开始", "自己报的 月末交 还未开始"),  # 自己 and 月末 stay
    ("排查214尸 等县局批淮", "排查214户 等县局批准"),
    ("五保戶救濟款發放", "五保户救济款发放"),
    ("共壹佰貳拾戶", "共一百二十户"),
    ("陆拾户", "六十户"),  # 拾 beside another financial digit
])
def test_traditional_and_financial_are_simplified(typed, meant):
    assert simplified(typed) == meant


@pytest.mark.parametrize("typed", ["收拾利索了", "陆续发放", "低保排查完了"])
def test_everyday_words_are_left_alone(typed):
    assert simplified(typed) == typed
