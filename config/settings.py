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
WECOM_API_BASE = "https://qyapi.weixin.qq.com/cgi-bin/"
ACCOUNT_TYPES = ("service", "subscription")  # 服务号 / 订阅号
REMINDER_CHANNELS = ("template", "subscribe", "auto")
WECOM_PREFERENCES = ("wecom", "wechat")


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
    # Which kind of account: a 服务号 may push (templates, subscribe notifications), a 订阅号 may not.
    wechat_account_type: str = "service"
    # How WeChat reminders go: template messages, 订阅通知, or whichever the person allows (auto).
    wechat_reminder_channel: str = "template"
    wechat_subscribe_template_id: str = ""
    wechat_subscribe_long_term: bool = False  # a 长期订阅 template: one consent, many sends
    # WeCom (企业微信): the bureau's own app, for staff and leaders.
    wecom_corp_id: str = ""
    wecom_agent_id: str = ""
    wecom_secret: str = field(default="", repr=False)
    wecom_token: str = ""
    wecom_aes_key: str = field(default="", repr=False)
    wecom_api_base: str = WECOM_API_BASE
    # A person reachable both ways gets reminders here unless the office chose otherwise for them.
    reminder_prefer: str = "wecom"
    # Charts (progress pictures): on unless turned off; they also need matplotlib and a CJK font.
    charts: bool = True
    weekly_chart: bool = False  # each leader's progress picture on the week's first working day

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def working_hours(self) -> WorkingHours:
        return WorkingHours.parse(self.reminder_hours)

    @property
    def wecom_enabled(self) -> bool:
        """WeCom can send: the corp, the app and its secret are set."""
        return bool(self.wecom_corp_id and self.wecom_agent_id and self.wecom_secret)

    @property
    def can_push_wechat(self) -> bool:
        """A 服务号 with its app id and secret can push; a 订阅号 can push nothing."""
        return self.wechat_account_type == "service" and bool(self.wechat_app_id and self.wechat_app_secret)

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


def _choice(env: Mapping[str, str], name: str, choices: tuple[str, ...], default: str) -> str:
    value = env.get(name, "").strip().lower() or default
    if value not in choices:
        raise ConfigError(f"{name} 应为 {'、'.join(choices)} 之一:{value!r}")
    return value


def _flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    value = env.get(name, "").strip().lower()
    if not value:
        return default
    if value not in ("1", "0", "true", "false", "yes", "no", "on", "off"):
        raise ConfigError(f"{name} 应为 1 或 0:{value!r}")
    return value in ("1", "true", "yes", "on")


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
        wechat_account_type=_choice(env, "WECHAT_ACCOUNT_TYPE", ACCOUNT_TYPES, "service"),
        wechat_reminder_channel=_choice(env, "WECHAT_REMINDER_CHANNEL", REMINDER_CHANNELS, "template"),
        wechat_subscribe_template_id=env.get("WECHAT_SUBSCRIBE_TEMPLATE_ID", "").strip(),
        wechat_subscribe_long_term=_flag(env, "WECHAT_SUBSCRIBE_LONG_TERM", False),
        wecom_corp_id=env.get("WECOM_CORP_ID", "").strip(),
        wecom_agent_id=_agent_id(env),
        wecom_secret=env.get("WECOM_SECRET", "").strip(),
        wecom_token=env.get("WECOM_TOKEN", "").strip(),
        wecom_aes_key=env.get("WECOM_AES_KEY", "").strip(),
        wecom_api_base=env.get("WECOM_API_BASE", "").strip() or WECOM_API_BASE,
        reminder_prefer=_choice(env, "REMINDER_PREFER", WECOM_PREFERENCES, "wecom"),
        charts=_flag(env, "CHARTS", True),
        weekly_chart=_flag(env, "WEEKLY_CHART", False),
    )


def _agent_id(env: Mapping[str, str]) -> str:
    value = env.get("WECOM_AGENT_ID", "").strip()
    if value and not (value.isascii() and value.isdigit()):
        raise ConfigError(f"WECOM_AGENT_ID 应为企业微信应用的 AgentId(数字):{value!r}")
    return value
