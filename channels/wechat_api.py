"""Our client for WeChat's official-account API: wechatpy's WeChatClient with four gaps closed.

- Every call goes to the configured API base. wechatpy hard-codes https://api.weixin.qq.com/
  for the token fetch and in several API objects (customservice, wxa, card, …).
- A rejected token (40001, 40014, 42001) is refreshed once and the call retried once; then the
  error is raised. wechatpy retries by recursion without bound.
- Every call has a timeout; wechatpy's token fetch has none. A timeout raises requests.Timeout.
- The access token lives in a TokenStore. WeChat keeps one valid token per account (a new one
  retires the old after 5 minutes), so every process must share it: DatabaseTokens keeps it in
  the wechat_access_token table, fetched by one process at a time under a database lock and
  renewed REFRESH_MARGIN before it expires. MemoryTokens is for a single process (tests, `menu`).

WeChatPageAuth is wechatpy's web authorisation (OAuth snsapi_base, for the pages' sign-in) on the
same base: the stand-in's authorize page and sns/oauth2/access_token, or WeChat's own.

API errors raise wechatpy's WeChatClientException (errcode, errmsg), as wechatpy does; an HTTP
error status raises it with errcode None and the response attached.
"""
from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta, timezone
from typing import Callable, Protocol

import requests
from sqlalchemy.orm import Session, sessionmaker
from wechatpy import WeChatClient
from wechatpy.exceptions import WeChatClientException
from wechatpy.oauth import WeChatOAuth

from config.settings import OFFICIAL_API_BASE, ConfigError, Settings
from models import AccessToken
from models.db import session_scope
from services import locks

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 5.0
TOKEN_REJECTED = frozenset({40001, 40014, 42001})  # invalid credential / invalid / expired token
REFRESH_MARGIN = timedelta(minutes=5)  # renew this long before expiry
_WECHATPY_ROOT = "https://api.weixin.qq.com/"  # where wechatpy sends everything
OFFICIAL_OAUTH_BASE = "https://open.weixin.qq.com/connect/"  # the page that asks WeChat for a code

Fetch = Callable[[], tuple[str, int]]  # a new token and its lifetime in seconds


class TokenStore(Protocol):
    def current(self, app_id: str) -> str | None:
        """The stored token, unless it expires within REFRESH_MARGIN."""

    def renew(self, app_id: str, fetch: Fetch, stale: str | None) -> str:
        """A token other than `stale`: one another process just stored, or a fetched one."""


class MemoryTokens:
    """One process's token (wechatpy's MemoryStorage ignores expiry; this does not)."""

    def __init__(self, now: Callable[[], float] = time.time):
        self.now = now
        self.tokens: dict[str, tuple[str, float]] = {}

    def current(self, app_id: str) -> str | None:
        token, expires_at = self.tokens.get(app_id, (None, 0.0))
        return token if expires_at - self.now() > REFRESH_MARGIN.total_seconds() else None

    def renew(self, app_id: str, fetch: Fetch, stale: str | None) -> str:
        token = self.current(app_id)
        if token is None or token == stale:
            token, lifetime = fetch()
            self.tokens[app_id] = (token, self.now() + lifetime)
        return token


class DatabaseTokens:
    """The token shared by every process through the database.

    A fetch happens under a named lock, and the stored token is read again once the lock is
    held: of N processes finding no valid token at once, the first fetches and the others take
    its token. The lock is held during the fetch (at most the client's timeout).
    """

    def __init__(self, sessions: sessionmaker[Session], now: Callable[[], datetime] | None = None):
        self.sessions = sessions
        self.now = now or (lambda: datetime.now(timezone.utc))

    def current(self, app_id: str) -> str | None:
        with session_scope(self.sessions) as session:
            return self._valid(session, app_id)

    def renew(self, app_id: str, fetch: Fetch, stale: str | None) -> str:
        with session_scope(self.sessions) as session:
            locks.hold(session, f"wechat-token:{app_id}")
            token = self._valid(session, app_id)
            if token is not None and token != stale:
                return token
            token, lifetime = fetch()
            now = self.now()
            session.merge(AccessToken(app_id=app_id, token=token, fetched_at=now,
                                      expires_at=now + timedelta(seconds=lifetime)))
            return token

    def _valid(self, session: Session, app_id: str) -> str | None:
        row = session.get(AccessToken, app_id, populate_existing=True)
        if row is None or row.expires_at - self.now() <= REFRESH_MARGIN:
            return None
        return row.token


class _ApiSession(requests.Session):
    """Redirects wechatpy's official URLs to our root and gives every request a timeout."""

    def __init__(self, root: str, timeout: float, official_root: str = _WECHATPY_ROOT):
        super().__init__()
        self.root = root
        self.timeout = timeout
        self.official_root = official_root

    def request(self, method, url, *args, **kwargs):
        if url.startswith(self.official_root):
            url = self.root + url.removeprefix(self.official_root)
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.timeout
        return super().request(method, url, *args, **kwargs)


class SharedTokenClient:
    """What our clients add to a wechatpy client: the token from a TokenStore under
    `token_key`, one bounded retry when the API rejects it, and the API's errcode raised when a
    token fetch fails. A subclass says how to fetch (`_fetch_token`) and which errcodes mean a
    rejected token (`token_rejected`)."""

    token_key: str
    tokens: TokenStore
    token_rejected: frozenset = TOKEN_REJECTED

    @property
    def access_token(self) -> str:
        return self.tokens.current(self.token_key) or self.tokens.renew(self.token_key, self._fetch_token, None)

    def fetch_access_token(self) -> dict:
        """A new token now (wechatpy's API), stored for every process sharing the store."""
        token = self.tokens.renew(self.token_key, self._fetch_token, self.tokens.current(self.token_key))
        return {"access_token": token}

    def _request(self, method, url_or_endpoint, **kwargs):
        params = kwargs.pop("params", None) or {}
        token = params.get("access_token") or self.access_token
        try:
            # A copy: wechatpy writes the token into the params it is given.
            return super()._request(method, url_or_endpoint, params={**params, "access_token": token}, **kwargs)
        except WeChatClientException as exc:
            if exc.errcode not in self.token_rejected:
                raise
            logger.info("the API rejected the access token (%s); fetching a new one", exc.errcode)
        token = self.tokens.renew(self.token_key, self._fetch_token, stale=token)
        return super()._request(method, url_or_endpoint, params={**params, "access_token": token}, **kwargs)

    def _fetch_token(self) -> tuple[str, int]:
        raise NotImplementedError

    def _get_token(self, path: str, params: dict) -> tuple[str, int]:
        logger.info("fetching an access token (%s)", path)
        answer = self._http.get(self.root + path, params=params)
        try:
            answer.raise_for_status()
        except requests.RequestException as exc:
            raise WeChatClientException(None, None, client=self, request=exc.request, response=exc.response)
        result = answer.json()
        if result.get("errcode"):
            raise WeChatClientException(result["errcode"], result.get("errmsg"), client=self,
                                        request=answer.request, response=answer)
        return result["access_token"], int(result.get("expires_in", 7200))


class WeChatApiClient(SharedTokenClient, WeChatClient):
    """wechatpy's client (client.menu, client.message, …) talking to `api_base`."""

    def __init__(
        self,
        app_id: str,
        secret: str,
        api_base: str,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        tokens: TokenStore | None = None,
    ):
        # auto_retry=False: SharedTokenClient._request does the one bounded retry instead.
        super().__init__(app_id, secret, timeout=timeout, auto_retry=False)
        self.root = _root_of(api_base)
        self._http = _ApiSession(self.root, timeout)
        self.tokens = tokens or MemoryTokens()
        self.token_key = app_id

    def _fetch_token(self) -> tuple[str, int]:
        return self._get_token("cgi-bin/token", {"grant_type": "client_credential", "appid": self.appid,
                                                 "secret": self.secret})


def make_client(
    app_id: str,
    secret: str,
    api_base: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    tokens: TokenStore | None = None,
) -> WeChatApiClient:
    """A client for one official account; `tokens` stores the token (default: this process)."""
    return WeChatApiClient(app_id, secret, api_base, timeout=timeout, tokens=tokens)


def client_from_settings(
    settings: Settings, *, sessions: sessionmaker[Session] | None = None
) -> WeChatApiClient:
    """The account's client; with `sessions`, the token is shared through the database."""
    account = {
        "WECHAT_APP_ID": settings.wechat_app_id,
        "WECHAT_APP_SECRET": settings.wechat_app_secret,
    }
    missing = [name for name, value in account.items() if not value]
    if missing:
        raise ConfigError(f"未设置 {'、'.join(missing)},无法调用微信接口")
    tokens = DatabaseTokens(sessions) if sessions is not None else None
    return make_client(*account.values(), settings.wechat_api_base, tokens=tokens)


class WeChatPageAuth(WeChatOAuth):
    """wechatpy's web authorisation (snsapi_base) against `api_base`, with a timeout.

    With the official API base the authorize page is open.weixin.qq.com's; with a stand-in
    (http://host:port/cgi-bin/) both the page and sns/oauth2/access_token are the stand-in's.
    """

    def __init__(self, app_id: str, secret: str, api_base: str, redirect_uri: str, state: str = "",
                 *, timeout: float = DEFAULT_TIMEOUT):
        super().__init__(app_id, secret, redirect_uri, scope="snsapi_base", state=state)
        root = _root_of(api_base)
        self.API_BASE_URL = root
        self.OAUTH_BASE_URL = OFFICIAL_OAUTH_BASE if root == _WECHATPY_ROOT else root + "connect/"
        self._http = _ApiSession(root, timeout)


def page_auth_from_settings(settings: Settings, redirect_uri: str, state: str = "") -> WeChatPageAuth:
    """The account's web authorisation; ConfigError when WECHAT_APP_ID/SECRET are not set."""
    if not (settings.wechat_app_id and settings.wechat_app_secret):
        raise ConfigError("未设置 WECHAT_APP_ID、WECHAT_APP_SECRET,无法用微信网页授权登录")
    return WeChatPageAuth(settings.wechat_app_id, settings.wechat_app_secret, settings.wechat_api_base,
                          redirect_uri, state)


def _root_of(api_base: str, name: str = "WECHAT_API_BASE", example: str = OFFICIAL_API_BASE) -> str:
    """The host root of an API base such as http://127.0.0.1:9000/cgi-bin/ (trailing / optional)."""
    base = api_base.rstrip("/") + "/"
    if not base.endswith("/cgi-bin/"):
        raise ValueError(f"接口地址({name})须以 /cgi-bin/ 结尾,如 {example}:{api_base!r}")
    return base.removesuffix("cgi-bin/")
