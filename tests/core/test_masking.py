"""Masking personal data for logs (core/masking.py)."""
from __future__ import annotations

import pytest

from core.masking import mask_in, mask_name, mask_openid


@pytest.mark.parametrize("openid, masked", [
    ("oABCDEFGHIJKLMNOP", "oABC…MNOP"),
    ("oMinZhengResident000000000001", "oMin…0001"),  # WeChat's 28-character openids
    ("o-李晓芬", "o…"),  # too short to keep both ends
    ("oABCDEFGHI", "o…"),
    ("", "-"),
    (None, "-"),
])
def test_mask_openid(openid, masked):
    assert mask_openid(openid) == masked


@pytest.mark.parametrize("name, masked", [
    ("李晓芬", "李*芬"),
    ("杨亚威", "杨*威"),
    ("王芳", "王*"),
    ("欧阳晓芬", "欧**芬"),
    ("李", "*"),
    ("", "-"),
    (None, "-"),
])
def test_mask_name(name, masked):
    assert mask_name(name) == masked


def test_mask_in_masks_every_occurrence_of_the_openid_in_a_key():
    key = "event:oMinZhengResident000000000001:1590368400:subscribe:"
    assert mask_in(key, "oMinZhengResident000000000001") == "event:oMin…0001:1590368400:subscribe:"
    assert mask_in("msg:6800000000000000001", "oMinZhengResident000000000001") == "msg:6800000000000000001"
    assert mask_in("msg:1", "") == "msg:1"
