"""One-time binding codes: made to be read off a screen and typed on a phone.

Eight characters from an alphabet without look-alikes (no 0/O, 1/I/L), shown as ABCD-EFGH:
30^8 ≈ 6.6×10^11 codes, against at most 10 wrong tries an hour per openid.
"""
from __future__ import annotations

import hashlib
import secrets
import unicodedata

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 8


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def normalise(text: str) -> str | None:
    """The canonical code in what a user typed (full-width, lower case, spaces, dashes), or None."""
    folded = unicodedata.normalize("NFKC", text).upper()
    raw = "".join(ch for ch in folded if ch.isalnum())
    if len(raw) != LENGTH or any(ch not in ALPHABET for ch in raw):
        return None
    return f"{raw[:4]}-{raw[4:]}"


def code_hash(code: str) -> str:
    return hashlib.sha256(code.encode("ascii")).hexdigest()
