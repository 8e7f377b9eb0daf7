"""Commands for delivery: the scheduler process and the outbox (scheduler, outbox)."""
from __future__ import annotations

COMMANDS: list = []
