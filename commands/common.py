"""What every command needs: the settings (with a readable error) and JSON output."""
from __future__ import annotations

import json

import click

from config import load_settings
from config.settings import ConfigError


def settings():
    try:
        return load_settings()
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc


def print_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))
