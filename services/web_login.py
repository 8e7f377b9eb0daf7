"""Signing in to the web pages: one-time links, the office's console password, bound openids.

The pages (web/auth.py) and the commands (`bot.py link`, `bot.py admin-password`) call these;
Flask's session itself is web/session.py's business.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from urllib.parse import urlsplit

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload
from werkzeug.security import check_password_hash, generate_password_hash

from config import Clock, Settings
from config.secret_key import resolve_secret_key
from models import ConsoleAccount, LoginLink, Person, Subscriber

LINK_SALT = "login-link"
LINK_MINUTES = 30
LINK_BASE = "http://127.0.0.1:8000"  # where `bot.py serve` listens when PUBLIC_BASE_URL is unset
SIGN_IN_ROLES = ("leader", "staff", "admin")
CONSOLE_USER = "办公室"
MIN_PASSWORD = 10
MAX_WRONG_PASSWORDS = 5
PASSWORD_LOCK = timedelta(minutes=15)


class LoginError(ValueError):
    """Why a link cannot be made or a password set; the message is for the office."""


class LinkRefused(Exception):
    """Why a link does not sign anybody in; `status` is the page's HTTP status."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.message, self.status = message, status


INVALID_LINK = ("这个登录链接无效。请向县民政局办公室重新索取。", 403)
USED_LINK = ("这个登录链接已经用过,每个链接只能用一次。请向县民政局办公室重新索取。", 410)
EXPIRED_LINK = ("这个登录链接已过期。请向县民政局办公室重新索取。", 410)


def home_path(role: str) -> str:
    """Where a person lands after signing in when no page was asked for."""
    return "/console" if role == "admin" else "/tasks"


def local_path(path: str | None) -> str | None:
    """`path` if it stays on this site (/tasks/5?x=1), else None: no open redirects."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path:
        return None
    parts = urlsplit(path)
    return path if not (parts.scheme or parts.netloc) and path.isprintable() else None


# --- one-time links -------------------------------------------------------------------------------

def find_person(session: Session, name: str, township: str | None = None) -> Person:
    """The leader, staff member or admin called `name` (in `township`, for staff); LoginError else."""
    people = list(session.scalars(
        select(Person).where(Person.name == name, Person.role.in_(SIGN_IN_ROLES))
        .options(selectinload(Person.township)).order_by(Person.role, Person.id)))
    if township:
        people = [p for p in people if p.township and township in (p.township.name, p.township.name.rstrip("镇乡"))]
    if not people:
        who = f"{township}没有叫“{name}”的工作人员" if township else f"没有叫“{name}”的领导、工作人员或管理员"
        raise LoginError(f"{who}(`bot.py people` 列出已绑定的人)")
    if len(people) > 1:
        listed = "、".join(_who(p) for p in people)
        raise LoginError(f"叫“{name}”的有 {len(people)} 位:{listed};请用 --township 指明乡镇")
    return people[0]


def issue_link(session: Session, settings: Settings, person: Person | int, next_path: str | None = None,
               minutes: int = LINK_MINUTES) -> str:
    """A one-time sign-in link's path (/login/link/<token>), good for `minutes` on the settings' clock."""
    if isinstance(person, int):
        person = session.get(Person, person)
    if person is None or person.role not in SIGN_IN_ROLES:
        raise LoginError("只有领导、工作人员和管理员可以登录网页")
    if next_path is not None and (local_path(next_path) is None or len(next_path) > 200):
        raise LoginError(f"登录后要打开的页面须是本站路径,如 /tasks/5:{next_path!r}")
    if minutes < 1:
        raise LoginError("有效期至少 1 分钟")
    now = Clock.from_settings(settings).now()
    nonce = secrets.token_urlsafe(24)
    session.add(LoginLink(nonce=nonce, person_id=person.id, next_path=next_path or home_path(person.role),
                          created_at=now, expires_at=now + timedelta(minutes=minutes)))
    session.flush()
    return f"/login/link/{_link_signer(settings).dumps({'n': nonce})}"


def link_url(settings: Settings, path: str) -> str:
    return (settings.public_base_url or LINK_BASE) + path


def redeem_link(session: Session, settings: Settings, token: str, now: datetime) -> LoginLink:
    """Uses the link up (its person and next_path are then on the row); LinkRefused when it can't be."""
    try:
        nonce = _link_signer(settings).loads(token).get("n")
    except (BadSignature, AttributeError):
        raise LinkRefused(*INVALID_LINK) from None
    link = session.scalar(select(LoginLink).where(LoginLink.nonce == str(nonce)))
    if link is None or link.person.role not in SIGN_IN_ROLES:
        raise LinkRefused(*INVALID_LINK)
    if link.used_at is not None:
        raise LinkRefused(*USED_LINK)
    if now >= link.expires_at:
        raise LinkRefused(*EXPIRED_LINK)
    # One UPDATE decides which of two simultaneous uses wins.
    used = session.execute(update(LoginLink).where(LoginLink.id == link.id, LoginLink.used_at.is_(None))
                           .values(used_at=now).execution_options(synchronize_session=False))
    if used.rowcount != 1:
        raise LinkRefused(*USED_LINK)
    session.refresh(link)
    return link


def _link_signer(settings: Settings) -> URLSafeTimedSerializer:
    # Expiry comes from the row on the bot's clock (BOT_NOW), not from the token's own timestamp.
    return URLSafeTimedSerializer(resolve_secret_key(settings), salt=LINK_SALT)


def _who(person: Person) -> str:
    if person.role == "staff":
        return f"{person.township.name if person.township else ''}工作人员"
    return "领导" if person.role == "leader" else "管理员"


# --- WeChat ---------------------------------------------------------------------------------------

def person_for_openid(session: Session, openid: str) -> Person | None:
    """The leader, staff member or admin bound to `openid`; None for residents and strangers."""
    subscriber = session.scalar(select(Subscriber).where(Subscriber.openid == openid))
    person = subscriber.person if subscriber else None
    return person if person is not None and person.role in SIGN_IN_ROLES else None


# --- the console password -------------------------------------------------------------------------

@dataclass(frozen=True)
class PasswordCheck:
    account: ConsoleAccount | None  # set when the password was right
    locked_until: datetime | None = None  # set when too many wrong ones lock the account


def set_password(session: Session, username: str, password: str, now: datetime) -> tuple[ConsoleAccount, bool]:
    """Stores the password's hash (scrypt); (account, created). A new password lifts any lock."""
    username = username.strip()
    if not username:
        raise LoginError("用户名不能为空")
    if len(password) < MIN_PASSWORD:
        raise LoginError(f"密码至少 {MIN_PASSWORD} 个字符")
    account = session.scalar(select(ConsoleAccount).where(ConsoleAccount.username == username))
    created = account is None
    if created:
        account = ConsoleAccount(username=username, created_at=now)
        session.add(account)
    account.password_hash = generate_password_hash(password, method="scrypt")
    account.updated_at = now
    account.failed_attempts = 0
    account.locked_until = None
    session.flush()
    return account, created


def check_password(session: Session, username: str, password: str, now: datetime) -> PasswordCheck:
    """Right password and not locked: the account. Every path checks one hash, so the time a
    wrong answer takes does not tell whether the username exists."""
    account = session.scalar(select(ConsoleAccount).where(ConsoleAccount.username == username.strip())
                             .with_for_update())
    right = check_password_hash(account.password_hash if account else _dummy_hash(), password)
    if account is None:
        return PasswordCheck(None)
    if account.locked_until is not None and account.locked_until > now:
        return PasswordCheck(None, account.locked_until)
    if right:
        account.failed_attempts = 0
        account.locked_until = None
        return PasswordCheck(account)
    account.failed_attempts += 1
    if account.failed_attempts >= MAX_WRONG_PASSWORDS:
        account.failed_attempts = 0
        account.locked_until = now + PASSWORD_LOCK
        return PasswordCheck(None, account.locked_until)
    return PasswordCheck(None)


@cache
def _dummy_hash() -> str:
    return generate_password_hash(secrets.token_urlsafe(16), method="scrypt")
