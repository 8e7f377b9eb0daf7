"""Masking personal data for logs: enough left to match a line to a person, not to identify one.

An openid keeps its first and last four characters (`oABC…MNOP`): `bot.py people --json` and
`bot.py outbox --json` show the full openid, so the bureau can find the masked form of a person's
openid and grep for it. A name keeps its first and last character (`李*芬`).
"""
from __future__ import annotations

KEEP = 4  # characters kept at each end of an openid
ELLIPSIS = "…"


def mask_openid(openid: str | None) -> str:
    if not openid:
        return "-"
    if len(openid) <= 2 * KEEP + 2:  # too short to keep both ends without giving most of it away
        return openid[:1] + ELLIPSIS
    return f"{openid[:KEEP]}{ELLIPSIS}{openid[-KEEP:]}"


def mask_name(name: str | None) -> str:
    if not name:
        return "-"
    if len(name) == 1:
        return "*"
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_in(text: str, openid: str | None) -> str:
    """`text` (a dedupe key, say) with every occurrence of `openid` masked."""
    return text.replace(openid, mask_openid(openid)) if openid else text
