"""Commands for 进度汇报与报表(export reports)."""
from __future__ import annotations

COMMANDS: list = []
