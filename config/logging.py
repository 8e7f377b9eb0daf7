"""Logging: one line per event, as `key=value` text (default) or JSON (LOG_FORMAT=json).

Events are logged with `event(log, name, **fields)`: the line reads `name key=value …` in text,
and in JSON the fields become keys of the object. Personal data never goes in as it is: pass
openids and names through core.masking first. Secrets (app secret, AES key, token, access
token) are never logged; the HTTP libraries log request URLs (with the secret or the access
token in the query) at DEBUG, so they are held at WARNING whatever LOG_LEVEL says.

`configure()` is called once per process at the edge (serve, the scheduler, the CLI); it is
idempotent.
"""
from __future__ import annotations

import json
import logging
import os
import sys
from datetime import datetime, timezone

FORMATS = ("text", "json")
TEXT_LINE = "%(asctime)s %(levelname)s %(name)s %(message)s"
# Their DEBUG lines carry full URLs: /cgi-bin/token?…&secret=…, ?access_token=…
QUIET = ("urllib3", "requests", "wechatpy")


def event(log: logging.Logger, name: str, level: int = logging.INFO, **fields) -> None:
    """One event line: `name k=v …`; None values are left out."""
    fields = {key: value for key, value in fields.items() if value is not None}
    log.log(level, "%s", " ".join([name, *(f"{key}={_text(value)}" for key, value in fields.items())]),
            extra={"event": name, "fields": fields})


def _text(value) -> str:
    value = str(value)
    return json.dumps(value, ensure_ascii=False) if (not value or any(c in value for c in ' ="')) else value


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {"ts": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
                "level": record.levelname, "logger": record.name}
        if hasattr(record, "event"):
            line["event"] = record.event
            line.update(record.fields)
        else:
            line["message"] = record.getMessage()
        if record.exc_info:
            line["exc"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class _Stderr(logging.StreamHandler):
    """Writes to whatever sys.stderr is now (a CLI runner swaps it), like logging.lastResort."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value):
        pass


def configure(log_format: str | None = None, level: str | None = None) -> logging.Handler:
    """Sends every log record to stderr in LOG_FORMAT at LOG_LEVEL (default INFO); idempotent."""
    log_format = (log_format or os.environ.get("LOG_FORMAT") or "text").lower()
    if log_format not in FORMATS:
        raise ValueError(f"LOG_FORMAT 只能是 {'、'.join(FORMATS)},而不是 {log_format!r}")
    root = logging.getLogger()
    handler = next((h for h in root.handlers if isinstance(h, _Stderr)), None)
    if handler is None:
        handler = _Stderr()
        root.addHandler(handler)
    handler.setFormatter(JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_LINE))
    root.setLevel((level or os.environ.get("LOG_LEVEL") or "INFO").upper())
    for name in QUIET:
        logging.getLogger(name).setLevel(max(logging.WARNING, root.level))
    return handler


def gunicorn_access_format() -> str:
    """gunicorn's access line without the query string: WeChat puts the sender's openid there."""
    if (os.environ.get("LOG_FORMAT") or "text").lower() == "json":
        return ('{"event": "http", "remote": "%(h)s", "method": "%(m)s", "path": "%(U)s", '
                '"status": "%(s)s", "bytes": "%(B)s", "ms": "%(M)s"}')
    return "http remote=%(h)s method=%(m)s path=%(U)s status=%(s)s bytes=%(B)s ms=%(M)s"
