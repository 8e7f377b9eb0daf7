"""Everything the stand-in remembers, in one object: accounts (official accounts and WeCom apps),
tokens, followers, templates, subscribe-notification consents, WeCom members, uploaded media,
quotas, the messages it accepted, the calls log, faults.

Callers hold `state.lock` around every use; the server is threaded.
"""
from __future__ import annotations

import secrets
import threading
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Callable, Iterable

from fake_wechat.api import ApiError

TOKEN_GRACE = 300.0  # the real API keeps a replaced token valid for 5 more minutes
CALLS_KEPT = 10_000  # a long demo run must not grow without bound
SERVICE_WINDOW = 48 * 3600.0  # customer-service messages only this long after the user wrote
BEIJING = timezone(timedelta(hours=8))  # daily quotas start again at midnight Beijing time
FIRST_MSGID = 2_000_000_001
OAUTH_CODE_TTL = 300.0  # a web-authorisation code is good for 5 minutes, and for one exchange
MEDIA_TTL = 3 * 24 * 3600.0  # temporary media (media/upload) lives three days


@dataclass
class Account:
    """One official account (kind wechat) or WeCom app (kind wecom, keyed by its corp id): its
    secret and what the API has stored for it."""

    app_id: str
    secret: str
    menu: dict | None = None
    kind: str = "wechat"
    agent_id: int | None = None  # a WeCom app's AgentId


@dataclass
class Consent:
    """An openid's consent to one subscribe-notification template."""

    long_term: bool = False
    remaining: int = 0  # one-time sends left


@dataclass
class Follower:
    """An openid following the account: whether it refused messages, when it last wrote to us."""

    refused: bool = False
    seen_at: float | None = None


@dataclass
class Setup:
    """What the stand-in is started with, and what /_fake/reset goes back to.

    followers None: every openid follows the account and wrote just now (a demo needs no list);
    once followers are given, only they follow. quotas: calls per API per day, key None for
    every API.
    """

    template_ids: set[str] = field(default_factory=set)
    followers: dict[str, Follower] | None = None
    quotas: dict[str | None, int] = field(default_factory=dict)
    subscribe_template_ids: set[str] = field(default_factory=set)
    # WeCom members by userid, each visible to the app (True) or not (60011); None: everyone is
    # a member the app may reach.
    members: dict[str, bool] | None = None


@dataclass
class Token:
    app_id: str
    expires_at: float
    replaced_at: float | None = None

    def retired(self, now: float) -> bool:
        """Replaced by a newer token, and the grace period is over."""
        return self.replaced_at is not None and now >= self.replaced_at + TOKEN_GRACE


@dataclass
class Fault:
    """What the next `times` calls to a path get instead of (or before) the normal answer."""

    errcode: int | None = None
    http_status: int | None = None
    delay: float = 0.0
    times: int = 1


@dataclass
class OAuthCode:
    """A web-authorisation code handed to a page's redirect_uri."""

    app_id: str
    openid: str
    scope: str
    issued_at: float
    used: bool = False


class FakeState:
    def __init__(
        self, apps: dict[str, str], token_ttl: int, now: Callable[[], float], setup: Setup | None = None,
        wecom: dict[str, tuple[str, int]] | None = None,
    ):
        self.apps = dict(apps)  # app id -> secret
        self.wecom_apps = dict(wecom or {})  # corp id -> (secret, agent id)
        self.token_ttl = token_ttl
        self.now = now
        self.setup = setup or Setup()
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        self.accounts = {app_id: Account(app_id, secret) for app_id, secret in self.apps.items()}
        self.accounts.update({corp_id: Account(corp_id, secret, kind="wecom", agent_id=agent_id)
                              for corp_id, (secret, agent_id) in self.wecom_apps.items()})
        self.tokens: dict[str, Token] = {}
        self.calls: deque[dict] = deque(maxlen=CALLS_KEPT)
        self.faults: defaultdict[str, deque[Fault]] = defaultdict(deque)
        self.template_ids = set(self.setup.template_ids)
        followers = self.setup.followers
        self.followers = None if followers is None else {o: Follower(f.refused, f.seen_at) for o, f in followers.items()}
        self.quotas = dict(self.setup.quotas)
        self.used: Counter[tuple[date, str]] = Counter()
        self.messages: list[dict] = []
        self.next_msgid = FIRST_MSGID
        self.oauth_user: str | None = None  # the openid of the WeChat user holding the phone
        self.wecom_user: str | None = None  # the userid of the WeCom member holding it
        self.oauth_codes: dict[str, OAuthCode] = {}
        self.subscribe_template_ids = set(self.setup.subscribe_template_ids)
        self.consents: dict[tuple[str, str], Consent] = {}
        members = self.setup.members
        self.members = None if members is None else dict(members)
        self.media: dict[str, dict] = {}

    def day(self) -> date:
        return datetime.fromtimestamp(self.now(), BEIJING).date()

    def count_call(self, path: str) -> None:
        """Counts a call against the API's daily quota; 45009 once it is used up."""
        limit = self.quotas.get(path, self.quotas.get(None))
        key = (self.day(), path)
        if limit is not None and self.used[key] >= limit:
            raise ApiError(45009)
        self.used[key] += 1

    def follow(self, openids: Iterable[str], *, refused: bool = False, seen_ago: float | None = 0.0) -> None:
        """These openids follow the account (and from now on only the ones named so)."""
        if self.followers is None:
            self.followers = {}
        seen_at = None if seen_ago is None else self.now() - seen_ago
        for openid in openids:
            self.followers[openid] = Follower(refused, seen_at)

    def unfollow(self, openid: str) -> None:
        if self.followers is None:
            self.followers = {}
        self.followers.pop(openid, None)

    def check_reachable(self, openid: str, *, window: bool) -> None:
        """43004 not following, 43101 refused; with `window`, 45015 outside the 48 hours."""
        if self.followers is None:
            return
        follower = self.followers.get(openid)
        if follower is None:
            raise ApiError(43004)
        if follower.refused:
            raise ApiError(43101)
        if window and (follower.seen_at is None or self.now() - follower.seen_at > SERVICE_WINDOW):
            raise ApiError(45015)

    def accept(self, message: dict) -> int:
        """Records a message WeChat would deliver; its msgid."""
        msgid = self.next_msgid
        self.next_msgid += 1
        self.messages.append({"msgid": msgid, "at": self.now(), **message})
        return msgid

    def consent(self, openid: str, template_id: str, *, accept: bool, long_term: bool = False) -> None:
        """The user's answer to a subscribe popup (accept adds a send; reject withdraws all)."""
        if not accept:
            self.consents.pop((openid, template_id), None)
            return
        consent = self.consents.setdefault((openid, template_id), Consent())
        consent.long_term = consent.long_term or long_term
        consent.remaining += 1

    def use_consent(self, openid: str, template_id: str) -> None:
        """43101 without consent; a one-time consent is used up by the send."""
        consent = self.consents.get((openid, template_id))
        if consent is None or not (consent.long_term or consent.remaining > 0):
            raise ApiError(43101)
        if not consent.long_term:
            consent.remaining -= 1

    def check_member(self, userid: str) -> None:
        """60111 not a member of the corp, 60011 a member the app may not reach."""
        if self.members is None:
            return
        if userid not in self.members:
            raise ApiError(60111)
        if not self.members[userid]:
            raise ApiError(60011)

    def store_media(self, account: Account, kind: str, data: bytes, filename: str) -> dict:
        media_id = secrets.token_urlsafe(48)
        self.media[media_id] = {"media_id": media_id, "type": kind, "bytes": len(data), "filename": filename,
                                "account": account.app_id, "at": self.now(),
                                "png": data.startswith(b"\x89PNG\r\n\x1a\n")}
        return self.media[media_id]

    def media_of(self, account: Account, media_id: object) -> dict:
        """An uploaded file of this account, not expired; 40007 otherwise."""
        media = self.media.get(media_id) if isinstance(media_id, str) else None
        if media is None or media["account"] != account.app_id or self.now() - media["at"] > MEDIA_TTL:
            raise ApiError(40007)
        return media

    def issue_code(self, app_id: str, openid: str, scope: str) -> str:
        now = self.now()
        self.oauth_codes = {c: code for c, code in self.oauth_codes.items()
                            if now - code.issued_at < OAUTH_CODE_TTL}
        value = secrets.token_hex(16)
        self.oauth_codes[value] = OAuthCode(app_id, openid, scope, now)
        return value

    def redeem_code(self, app_id: str, value: str, used_errcode: int = 40163) -> OAuthCode:
        """The code's user, once: 40163 (WeCom: 40029) when used before, 40029 unknown, expired
        or another app's."""
        code = self.oauth_codes.get(value)
        if code is None or code.app_id != app_id or self.now() - code.issued_at >= OAUTH_CODE_TTL:
            raise ApiError(40029)
        if code.used:
            raise ApiError(used_errcode)
        code.used = True
        return code

    def issue_token(self, app_id: str) -> str:
        """A new token for the account; its earlier ones stop working after the grace period.
        WeCom instead hands out the same token until it expires."""
        now = self.now()
        if self.accounts[app_id].kind == "wecom":
            live = [v for v, t in self.tokens.items() if t.app_id == app_id and now < t.expires_at]
            if live:
                return live[0]
        for value, token in list(self.tokens.items()):
            if token.app_id != app_id:
                continue
            if token.retired(now):
                del self.tokens[value]  # would answer 40001 as an unknown token anyway
            elif token.replaced_at is None:
                token.replaced_at = now
        value = secrets.token_urlsafe(96)
        self.tokens[value] = Token(app_id, now + self.token_ttl)
        return value

    def account_for(self, access_token: str | None, kind: str | None = "wechat") -> Account:
        """The account a token belongs to, or the error the real API gives for it: WeChat says
        40001 for a token it does not know, WeCom 40014; `kind` None takes either kind."""
        if not access_token:
            raise ApiError(41001)
        token = self.tokens.get(access_token)
        now = self.now()
        unknown = 40014 if kind == "wecom" else 40001
        if token is None or token.retired(now) or kind not in (None, self.accounts[token.app_id].kind):
            raise ApiError(unknown)
        if now >= token.expires_at:
            raise ApiError(42001)
        return self.accounts[token.app_id]

    def expire_tokens(self) -> int:
        now = self.now()
        for token in self.tokens.values():
            token.expires_at = min(token.expires_at, now)
        return len(self.tokens)

    def add_fault(self, path: str, fault: Fault) -> None:
        self.faults[path].append(fault)

    def take_fault(self, path: str) -> Fault | None:
        """The fault the next call to `path` meets, counting it as used."""
        queue = self.faults.get(path)
        if not queue:
            return None
        fault = queue[0]
        fault.times -= 1
        if fault.times <= 0:
            queue.popleft()
        return fault
