"""Commands for 知识库(kb)."""
from __future__ import annotations

COMMANDS: list = []
