"""Commands for 提醒(simulate remind scheduler outbox)."""
from __future__ import annotations

COMMANDS: list = []
