"""The pages driven as a person would: headless Chromium at a phone's size against the real app.

The app runs on 127.0.0.1 (werkzeug, threaded) on the same database as the `phone` fixture, so
a message sent by `phone.say` shows on the next page load. One Chromium serves the whole session
(launching is the slow part); every test gets a fresh browser context, i.e. no cookies.

Without Playwright the test modules skip. Without /usr/bin/chromium (CHROMIUM_PATH) the tests skip
too, except under CI (CI=true), where that is an error: `.ci/run` installs Debian's chromium.
Screenshots of the main pages go to test-artifacts/screenshots/ (TEST_ARTIFACTS_DIR overrides).
"""
from __future__ import annotations

import os
import re
import threading
from pathlib import Path

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from models import Person, Task, Township
from models.db import session_scope
from tests.conftest import FAKE_APP_ID, FAKE_SECRET, PROJECT_ROOT
from tests.wechat_side import TOKEN, WeChat

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Without the background-networking switches Chromium keeps calling Google's services.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True,
         "has_touch": True, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}
ANDROID_UA = ("Mozilla/5.0 (Linux; Android 13; PHB110) AppleWebKit/537.36 (KHTML, like Gecko) "
              "Chrome/116.0.0.0 Mobile Safari/537.36")
WECHAT_UA = f"{ANDROID_UA} XWEB/1160117 MMWEBSDK/20240301 MMWEBID/2585 MicroMessenger/8.0.49.2600(0x28003133) " \
            "WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64"
ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS_DIR") or PROJECT_ROOT / "test-artifacts")


def _unavailable(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must run the browser tests: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright  # the test modules skip where it is missing

    if not os.access(CHROMIUM, os.X_OK):
        _unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium chromium-driver)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class _Late:
    """The WSGI app, set once the server has its port (the app's settings need its URL)."""

    app = None

    def __call__(self, environ, start_response):
        return self.app(environ, start_response)


class Live:
    """The app served on 127.0.0.1, with the settings it runs on."""

    def __init__(self, url: str, app):
        self.url, self.app = url, app
        self.settings, self.db = app.extensions["settings"], app.extensions["db"]
        self.wechat = WeChat(app, token=TOKEN)  # WeChat's servers posting to this app's /wechat

    def task_id(self, ref: str) -> int:
        with session_scope(self.db.sessions) as session:
            return next(t.id for t in session.scalars(select(Task)) if t.ref == ref)

    def person_id(self, name: str) -> int:
        with session_scope(self.db.sessions) as session:
            return session.scalars(select(Person.id).where(Person.name == name)).one()

    def township_id(self, name: str) -> int:
        with session_scope(self.db.sessions) as session:
            return session.scalars(select(Township.id).where(Township.name == name)).one()


@pytest.fixture
def live(phone, settings, fake):
    """The app on the phone's database, its WeChat API (and OAuth) being the served stand-in."""
    from channels.app import create_app

    late = _Late()
    server = make_server("127.0.0.1", 0, late, threaded=True)
    url = f"http://127.0.0.1:{server.port}"
    served = settings.with_overrides(public_base_url=url, wechat_token=TOKEN, wechat_app_id=FAKE_APP_ID,
                                     wechat_app_secret=FAKE_SECRET, wechat_api_base=fake.api_base)
    late.app = create_app(served, phone.db)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield Live(url, late.app)
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def sign_in_link(live, run, monkeypatch):
    """sign_in_link("李晓芬") → the one-time link `python bot.py link --person 李晓芬` prints,
    issued at `at` (default: the app's fixed now)."""
    monkeypatch.setenv("PUBLIC_BASE_URL", live.url)
    monkeypatch.setenv("SECRET_KEY", live.settings.secret_key)

    def issue(person: str, at=None) -> str:
        monkeypatch.setenv("BOT_NOW", (at or live.settings.fixed_now).isoformat())
        result = run("link", "--person", person)
        assert result.exit_code == 0, result.output
        return re.search(rf"{re.escape(live.url)}/login/link/\S+", result.output).group(0)

    return issue


@pytest.fixture
def open_page(browser, live):
    """A new phone (its own cookies) on the live app: open_page(wechat=True) is WeChat's browser."""
    contexts = []

    def open_(wechat: bool = False):
        context = browser.new_context(base_url=live.url, user_agent=WECHAT_UA if wechat else ANDROID_UA,
                                      **PHONE)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def page(open_page):
    return open_page()


@pytest.fixture
def screenshot(request):
    """screenshot(page, "tasks") → test-artifacts/screenshots/<test>-tasks-<db>.png, the whole page."""
    test = re.sub(r"\[.*\]$", "", request.node.name).removeprefix("test_")
    db = request.node.callspec.params.get("database_url", "") if hasattr(request.node, "callspec") else ""
    folder = ARTIFACTS / "screenshots"

    def take(page, name: str) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{test}-{name}-{db}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
