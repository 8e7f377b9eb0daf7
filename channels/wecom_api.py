"""Our client for WeCom (企业微信), the bureau's own app: wechatpy's enterprise client with the
same gaps closed as channels.wechat_api's (API base, one bounded token retry, timeouts, the token
shared through the database), plus the page sign-in URL for the board.

WeCom keys a token by corp and app: the store's key is wecom:<corp id>:<agent id>. WeCom rejects
a bad token with 40014 and an expired one with 42001; gettoken itself answers 40013 (corp id) and
40001 (secret).
"""
from __future__ import annotations

from urllib.parse import quote

from sqlalchemy.orm import Session, sessionmaker
from wechatpy.enterprise import WeChatClient as EnterpriseClient

from channels.wechat_api import (DEFAULT_TIMEOUT, DatabaseTokens, MemoryTokens, SharedTokenClient, TokenStore,
                                 _ApiSession, _root_of)
from config.settings import WECOM_API_BASE, ConfigError, Settings

WECOM_TOKEN_REJECTED = frozenset({40014, 42001})
_WECHATPY_WECOM_ROOT = "https://qyapi.weixin.qq.com/"
OFFICIAL_AUTHORIZE = "https://open.weixin.qq.com/connect/oauth2/authorize"


class WeComApiClient(SharedTokenClient, EnterpriseClient):
    """wechatpy's WeCom client (client.message, client.media, client.user, client.oauth) for one
    app of one corp, talking to `api_base`."""

    token_rejected = WECOM_TOKEN_REJECTED

    def __init__(self, corp_id: str, secret: str, agent_id: int, api_base: str, *,
                 timeout: float = DEFAULT_TIMEOUT, tokens: TokenStore | None = None):
        super().__init__(corp_id, secret, timeout=timeout, auto_retry=False)
        self.agent_id = agent_id
        self.root = _root_of(api_base, "WECOM_API_BASE", WECOM_API_BASE)
        self._http = _ApiSession(self.root, timeout, _WECHATPY_WECOM_ROOT)
        self.tokens = tokens or MemoryTokens()
        self.token_key = f"wecom:{corp_id}:{agent_id}"

    def _fetch_token(self) -> tuple[str, int]:
        return self._get_token("cgi-bin/gettoken", {"corpid": self.corp_id, "corpsecret": self.secret})


def wecom_from_settings(settings: Settings, *, sessions: sessionmaker[Session] | None = None) -> WeComApiClient:
    """The bureau's WeCom app; ConfigError names what is missing."""
    needed = {"WECOM_CORP_ID": settings.wecom_corp_id, "WECOM_AGENT_ID": settings.wecom_agent_id,
              "WECOM_SECRET": settings.wecom_secret}
    missing = [name for name, value in needed.items() if not value]
    if missing:
        raise ConfigError(f"未设置 {'、'.join(missing)},无法调用企业微信接口")
    tokens = DatabaseTokens(sessions) if sessions is not None else None
    return WeComApiClient(settings.wecom_corp_id, settings.wecom_secret, int(settings.wecom_agent_id),
                          settings.wecom_api_base, tokens=tokens)


def authorize_url(settings: Settings, redirect_uri: str, state: str) -> str:
    """WeCom's page sign-in (snsapi_base): WeChat's authorize page with the corp id as appid and
    the app's agentid; the stand-in's own page when WECOM_API_BASE points at it."""
    root = _root_of(settings.wecom_api_base, "WECOM_API_BASE", WECOM_API_BASE)
    base = OFFICIAL_AUTHORIZE if root == _WECHATPY_WECOM_ROOT else root + "connect/oauth2/authorize"
    return (f"{base}?appid={quote(settings.wecom_corp_id, safe='')}&redirect_uri={quote(redirect_uri, safe='')}"
            f"&response_type=code&scope=snsapi_base&state={quote(state, safe='')}"
            f"&agentid={quote(settings.wecom_agent_id, safe='')}#wechat_redirect")
