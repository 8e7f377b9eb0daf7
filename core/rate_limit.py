"""The per-openid rate limit on messages: a flood from one user gets a polite "slow down".

Pure: the decision from a count the caller took. Events (subscribe, menu taps, template receipts)
are WeChat's or a button's doing: never limited, never counted.
"""
from __future__ import annotations

from datetime import timedelta

WINDOW = timedelta(minutes=1)
SLOW_DOWN = "您发得太快了,请稍后再试。"
UNCOUNTED_KIND = "event"


def counts(kind: str) -> bool:
    """Whether a delivery of this MsgType counts towards, and is held to, the limit."""
    return kind != UNCOUNTED_KIND


def is_limited(recent: int, per_minute: int) -> bool:
    """`recent`: the sender's messages within WINDOW, this one included; per_minute 0: no limit."""
    return 0 < per_minute < recent
