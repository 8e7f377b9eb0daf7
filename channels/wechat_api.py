"""Our client for WeChat's official-account API: wechatpy's WeChatClient with three gaps closed.

- Every call goes to the configured API base. wechatpy hard-codes https://api.weixin.qq.com/
  for the token fetch and in several API objects (customservice, wxa, card, …).
- A rejected token (40001, 40014, 42001) is refreshed once and the call retried once; then the
  error is raised. wechatpy retries by recursion without bound.
- Every call has a timeout; wechatpy's token fetch has none. A timeout raises requests.Timeout.

API errors raise wechatpy's WeChatClientException (errcode, errmsg), as wechatpy does; an HTTP
error status raises it with errcode None and the response attached.
"""
from __future__ import annotations

import logging

import requests
from wechatpy import WeChatClient
from wechatpy.exceptions import WeChatClientException
from wechatpy.session import SessionStorage

from config.settings import OFFICIAL_API_BASE, ConfigError, Settings

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 5.0
TOKEN_REJECTED = frozenset({40001, 40014, 42001})  # invalid credential / invalid / expired token
_WECHATPY_ROOT = "https://api.weixin.qq.com/"  # where wechatpy sends everything


class _ApiSession(requests.Session):
    """Redirects wechatpy's official URLs to our root and gives every request a timeout."""

    def __init__(self, root: str, timeout: float):
        super().__init__()
        self.root = root
        self.timeout = timeout

    def request(self, method, url, *args, **kwargs):
        if url.startswith(_WECHATPY_ROOT):
            url = self.root + url.removeprefix(_WECHATPY_ROOT)
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.timeout
        return super().request(method, url, *args, **kwargs)


class WeChatApiClient(WeChatClient):
    """wechatpy's client (client.menu, client.message, …) talking to `api_base`."""

    def __init__(
        self,
        app_id: str,
        secret: str,
        api_base: str,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        session: SessionStorage | None = None,
    ):
        # auto_retry=False: _request below does the one bounded retry instead.
        super().__init__(app_id, secret, session=session, timeout=timeout, auto_retry=False)
        self._http = _ApiSession(_root_of(api_base), timeout)

    def _request(self, method, url_or_endpoint, **kwargs):
        params = kwargs.pop("params", None) or {}
        try:
            # A copy: wechatpy writes the token into the params it is given.
            return super()._request(method, url_or_endpoint, params=dict(params), **kwargs)
        except WeChatClientException as exc:
            if exc.errcode not in TOKEN_REJECTED:
                raise
            logger.info("WeChat rejected the access token (%s); fetching a new one", exc.errcode)
        self.fetch_access_token()
        token = self.session.get(self.access_token_key)
        params = {**params, "access_token": token}
        return super()._request(method, url_or_endpoint, params=params, **kwargs)


def make_client(
    app_id: str,
    secret: str,
    api_base: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    session: SessionStorage | None = None,
) -> WeChatApiClient:
    """A client for one official account; `session` stores the token (default: in memory)."""
    return WeChatApiClient(app_id, secret, api_base, timeout=timeout, session=session)


def client_from_settings(
    settings: Settings, *, session: SessionStorage | None = None
) -> WeChatApiClient:
    account = {
        "WECHAT_APP_ID": settings.wechat_app_id,
        "WECHAT_APP_SECRET": settings.wechat_app_secret,
    }
    missing = [name for name, value in account.items() if not value]
    if missing:
        raise ConfigError(f"未设置 {'、'.join(missing)},无法调用微信接口")
    return make_client(*account.values(), settings.wechat_api_base, session=session)


def _root_of(api_base: str) -> str:
    """The host root of an API base such as http://127.0.0.1:9000/cgi-bin/ (trailing / optional)."""
    base = api_base.rstrip("/") + "/"
    if not base.endswith("/cgi-bin/"):
        raise ValueError(
            f"微信接口地址(WECHAT_API_BASE)须以 /cgi-bin/ 结尾,如 {OFFICIAL_API_BASE}:{api_base!r}"
        )
    return base.removesuffix("cgi-bin/")
