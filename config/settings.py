"""Settings from environment variables, with defaults that run the bot on a fresh clone.

Defaults: SQLite under instance/, the bundled 2020 Fengning plan, Asia/Shanghai.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Mapping
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from core.workdays import WorkingHours

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = PROJECT_ROOT / "instance"
DATA_DIR = PROJECT_ROOT / "data"
DEFAULT_DATABASE_URL = f"sqlite:///{INSTANCE_DIR / 'minzheng.sqlite3'}"
DEFAULT_PLAN = DATA_DIR / "plans" / "fengning-2020.json"
COUNTIES_DIR = DATA_DIR / "counties"
OFFICIAL_API_BASE = "https://api.weixin.qq.com/cgi-bin/"


class ConfigError(ValueError):
    """A setting that is present but unusable; the message names the variable."""


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    timezone: str = "Asia/Shanghai"
    fixed_now: datetime | None = None
    default_plan: Path = DEFAULT_PLAN
    counties_dir: Path = COUNTIES_DIR
    wechat_token: str = ""
    wechat_app_id: str = ""
    wechat_app_secret: str = field(default="", repr=False)
    wechat_aes_key: str = field(default="", repr=False)
    wechat_api_base: str = OFFICIAL_API_BASE
    secret_key: str = field(default="", repr=False)
    # Reminders: the template they are sent with, when they may go out, where their links lead.
    wechat_template_id: str = ""
    reminder_hours: str = "08:30-18:00"
    public_base_url: str = ""
    # Where residents are referred when the bot cannot answer.
    service_phone: str = ""
    # Messages one openid may send a minute before the polite "请稍后再试"; 0: no limit.
    rate_limit_per_minute: int = 20

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def working_hours(self) -> WorkingHours:
        return WorkingHours.parse(self.reminder_hours)

    def with_overrides(self, **changes) -> "Settings":
        return replace(self, **changes)


def _parse_now(value: str, tz: ZoneInfo) -> datetime:
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise ConfigError(f"BOT_NOW 不是 ISO 8601 时间:{value!r}") from exc
    # A bare date or time without offset is read in the bot's own time zone.
    return moment if moment.tzinfo else moment.replace(tzinfo=tz)


def _count(env: Mapping[str, str], name: str, default: int) -> int:
    text = env.get(name, "").strip()
    if not text:
        return default
    if not (text.isascii() and text.isdigit()):
        raise ConfigError(f"{name} 应为不小于 0 的整数:{text!r}")
    return int(text)


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    env = os.environ if environ is None else environ
    timezone = env.get("BOT_TIMEZONE", "").strip() or "Asia/Shanghai"
    try:
        tz = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(f"BOT_TIMEZONE 不是有效的时区:{timezone!r}") from exc
    now_text = env.get("BOT_NOW", "").strip()
    reminder_hours = env.get("REMINDER_HOURS", "").strip() or "08:30-18:00"
    try:
        WorkingHours.parse(reminder_hours)
    except ValueError as exc:
        raise ConfigError(f"REMINDER_HOURS {exc}") from exc
    return Settings(
        database_url=env.get("DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL,
        timezone=timezone,
        fixed_now=_parse_now(now_text, tz) if now_text else None,
        default_plan=Path(env.get("BOT_DEFAULT_PLAN", "").strip() or DEFAULT_PLAN),
        wechat_token=env.get("WECHAT_TOKEN", ""),
        wechat_app_id=env.get("WECHAT_APP_ID", ""),
        wechat_app_secret=env.get("WECHAT_APP_SECRET", ""),
        wechat_aes_key=env.get("WECHAT_AES_KEY", ""),
        wechat_api_base=env.get("WECHAT_API_BASE", "").strip() or OFFICIAL_API_BASE,
        secret_key=env.get("SECRET_KEY", ""),
        wechat_template_id=env.get("WECHAT_TEMPLATE_ID", "").strip(),
        reminder_hours=reminder_hours,
        public_base_url=env.get("PUBLIC_BASE_URL", "").strip().rstrip("/"),
        service_phone=env.get("BUREAU_SERVICE_PHONE", "").strip(),
        # Under a fixed BOT_NOW time stands still: every message would fall in the same minute.
        rate_limit_per_minute=_count(env, "RATE_LIMIT_PER_MINUTE", 0 if now_text else 20),
    )
