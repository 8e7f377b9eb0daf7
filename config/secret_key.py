"""The key that signs session cookies and sign-in links.

SECRET_KEY from the environment wins (required when workers run on several hosts). Without it,
a key is made once and kept in instance/secret_key, so `serve`'s workers and `bot.py link` on the
same machine agree, and a restart does not sign everybody out.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from config.settings import INSTANCE_DIR, Settings


def resolve_secret_key(settings: Settings, instance_dir: Path = INSTANCE_DIR) -> str:
    if settings.secret_key:
        return settings.secret_key
    path = instance_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance_dir.mkdir(parents=True, exist_ok=True)
    draft = instance_dir / f".secret_key.{os.getpid()}"
    draft.write_text(secrets.token_urlsafe(48))
    draft.chmod(0o600)
    try:
        os.link(draft, path)  # atomic: of workers starting together, exactly one key wins
    except FileExistsError:
        pass
    finally:
        draft.unlink()
    return path.read_text().strip()
