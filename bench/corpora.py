"""The blind corpora of tests/corpora/: loading, and the bundled plan as the readers see it.

Each corpus has a tuned part (read, debugged, tuned on) and a held-out part (frozen before tuning,
never looked at item by item). Benches and tests print the held-out figures only as totals.
"""
from __future__ import annotations

import json
from pathlib import Path

CORPORA = Path(__file__).resolve().parent.parent / "tests" / "corpora"
PARTS = ("tuned", "heldout")


def load(name: str, part: str) -> list[dict]:
    """tests/corpora/<name>.<part>.json: a list of labelled items."""
    if part not in PARTS:
        raise ValueError(f"part must be one of {PARTS}")
    return json.loads((CORPORA / f"{name}.{part}.json").read_text(encoding="utf-8"))


def share(count: int, total: int) -> str:
    return f"{count / total:6.1%}" if total else "   n/a"
