from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from config import Clock, load_settings
from config.settings import DEFAULT_DATABASE_URL, OFFICIAL_API_BASE, ConfigError


def test_defaults_run_on_embedded_sqlite():
    settings = load_settings({})
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.database_url.startswith("sqlite:///") and "/instance/" in settings.database_url
    assert settings.timezone == "Asia/Shanghai"
    assert settings.fixed_now is None
    assert settings.wechat_api_base == OFFICIAL_API_BASE
    assert settings.default_plan.exists()


def test_environment_overrides():
    settings = load_settings({
        "DATABASE_URL": "postgresql+psycopg://u@db/minzheng",
        "BOT_TIMEZONE": "Asia/Urumqi",
        "WECHAT_TOKEN": "tok",
        "WECHAT_APP_ID": "wx123",
        "WECHAT_APP_SECRET": "secret",
        "WECHAT_AES_KEY": "k" * 43,
        "WECHAT_API_BASE": "http://127.0.0.1:9000/cgi-bin/",
    })
    assert settings.database_url == "postgresql+psycopg://u@db/minzheng"
    assert settings.tz == ZoneInfo("Asia/Urumqi")
    assert (settings.wechat_token, settings.wechat_app_id) == ("tok", "wx123")
    assert settings.wechat_api_base == "http://127.0.0.1:9000/cgi-bin/"
    # Secrets stay out of reprs (and so out of logs and tracebacks).
    assert "secret" not in repr(settings) and "kkkk" not in repr(settings)


@pytest.mark.parametrize("value, expected", [
    ("2020-05-25T09:00+08:00", datetime(2020, 5, 25, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))),
    # Without an offset the time is read in BOT_TIMEZONE, not UTC.
    ("2020-05-25T09:00", datetime(2020, 5, 25, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))),
    ("2020-05-25T01:00Z", datetime(2020, 5, 25, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))),
])
def test_bot_now_pins_the_clock(value, expected):
    clock = Clock.from_settings(load_settings({"BOT_NOW": value}))
    assert clock.now() == expected
    assert clock.now().utcoffset() == expected.utcoffset()
    assert clock.today() == expected.date()


def test_clock_runs_when_not_pinned():
    clock = Clock.from_settings(load_settings({}))
    first = clock.now()
    assert first.tzinfo is not None and first <= clock.now()


@pytest.mark.parametrize("env, variable", [
    ({"BOT_NOW": "next tuesday"}, "BOT_NOW"),
    ({"BOT_TIMEZONE": "Mars/Olympus"}, "BOT_TIMEZONE"),
])
def test_unusable_settings_name_the_variable(env, variable):
    with pytest.raises(ConfigError, match=variable):
        load_settings(env)
