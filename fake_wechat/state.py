"""Everything the stand-in remembers, in one object: accounts, tokens, the calls log, faults.

Callers hold `state.lock` around every use; the server is threaded.
"""
from __future__ import annotations

import secrets
import threading
from collections import defaultdict, deque
from dataclasses import dataclass
from typing import Callable

from fake_wechat.api import ApiError

TOKEN_GRACE = 300.0  # the real API keeps a replaced token valid for 5 more minutes
CALLS_KEPT = 10_000  # a long demo run must not grow without bound


@dataclass
class Account:
    """One official account: its secret and what the API has stored for it."""

    app_id: str
    secret: str
    menu: dict | None = None


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


class FakeState:
    def __init__(self, apps: dict[str, str], token_ttl: int, now: Callable[[], float]):
        self.apps = dict(apps)  # app id -> secret
        self.token_ttl = token_ttl
        self.now = now
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        self.accounts = {app_id: Account(app_id, secret) for app_id, secret in self.apps.items()}
        self.tokens: dict[str, Token] = {}
        self.calls: deque[dict] = deque(maxlen=CALLS_KEPT)
        self.faults: defaultdict[str, deque[Fault]] = defaultdict(deque)

    def issue_token(self, app_id: str) -> str:
        """A new token for the account; its earlier ones stop working after the grace period."""
        now = self.now()
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

    def account_for(self, access_token: str | None) -> Account:
        """The account a token belongs to, or the error the real API gives for it."""
        if not access_token:
            raise ApiError(41001)
        token = self.tokens.get(access_token)
        now = self.now()
        if token is None or token.retired(now):
            raise ApiError(40001)
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
