"""Binding a WeChat user to a role: one-time codes issued by the bureau office, redeemed by
`绑定 CODE`, with a lock against guessing."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from core import invite_codes
from core.counties import County, find_county
from models import InviteCode, Person, Subscriber, Township
from services.assignments import current_plan
from services.plans import ensure_township_offices

INVITE_TTL = timedelta(days=7)
MAX_WRONG_CODES = 10
LOCK_TIME = timedelta(hours=1)
BINDABLE_ROLES = ("staff", "leader", "admin")


class InviteError(ValueError):
    """The invite cannot be issued as asked; the message says why, in Chinese."""


@dataclass(frozen=True)
class IssuedInvite:
    code: str
    role: str
    holder: str  # who the code binds, as a person reads it: 土城镇工作人员 张三 / 领导 李晓芬
    expires_at: datetime


@dataclass(frozen=True)
class Redemption:
    """What happened to a 绑定 attempt. `outcome` is one of the constants below."""

    outcome: str
    person: Person | None = None
    previous: str = ""  # what the subscriber was bound as before, if anything
    tries_left: int = 0
    locked_until: datetime | None = None


BOUND, WRONG, LOCKED, EXPIRED, USED = "bound", "wrong", "locked", "expired", "used"


def issue_invite(session: Session, counties: list[County], *, role: str, now: datetime,
                 county: str | None = None, township: str | None = None, person: str | None = None,
                 name: str = "") -> IssuedInvite:
    if role not in BINDABLE_ROLES:
        raise InviteError(f"角色只能是 {'、'.join(BINDABLE_ROLES)}")
    home = home_county(session, counties, county)
    invite = InviteCode(role=role, county=home.name, name=name.strip(), created_at=now,
                        expires_at=now + INVITE_TTL)
    if role == "staff":
        invite.township = _township(session, home, township)
        holder = f"{invite.township.name}工作人员 {invite.name}".rstrip()
    elif role == "leader":
        invite.person = _leader(session, home, person)
        holder = f"领导 {invite.person.name}"
    else:
        if not invite.name:
            raise InviteError("管理员需要写明姓名(命令行用 --name)")
        holder = f"管理员 {invite.name}"
    code = invite_codes.new_code()
    invite.code_hash = invite_codes.code_hash(code)
    session.add(invite)
    session.flush()
    return IssuedInvite(code=code, role=role, holder=holder, expires_at=invite.expires_at)


def redeem(session: Session, subscriber: Subscriber, typed: str, now: datetime) -> Redemption:
    """Bind `subscriber` with the code they typed; count wrong codes and lock after too many."""
    if subscriber.bind_locked_until and subscriber.bind_locked_until > now:
        return Redemption(LOCKED, locked_until=subscriber.bind_locked_until)
    code = invite_codes.normalise(typed)
    invite = code and session.scalar(
        select(InviteCode).where(InviteCode.code_hash == invite_codes.code_hash(code)))
    if not invite:
        return _wrong_code(subscriber, now)
    if invite.used_at is not None:
        return Redemption(USED)
    if invite.expires_at <= now:
        return Redemption(EXPIRED)
    # Single use even when two people type the same code at the same moment on two workers.
    claimed = session.execute(
        update(InviteCode).where(InviteCode.id == invite.id, InviteCode.used_at.is_(None))
        .values(used_at=now, used_by=subscriber.openid)
    ).rowcount
    if not claimed:
        return Redemption(USED)
    previous = describe(subscriber.person) if subscriber.person else ""
    subscriber.person = _person_for(session, invite)
    subscriber.bound_at = now
    subscriber.failed_bind_attempts = 0
    subscriber.bind_locked_until = None
    return Redemption(BOUND, person=subscriber.person, previous=previous)


def describe(person: Person) -> str:
    """How the bot names a bound person to them: 土城镇工作人员张三 / 领导李晓芬 / 管理员王五."""
    if person.role == "staff":
        return f"{person.township.name}工作人员{'' if person.name.endswith('工作人员') else person.name}"
    return f"{'领导' if person.role == 'leader' else '管理员'}{person.name}"


def _wrong_code(subscriber: Subscriber, now: datetime) -> Redemption:
    subscriber.failed_bind_attempts += 1
    if subscriber.failed_bind_attempts >= MAX_WRONG_CODES:
        subscriber.failed_bind_attempts = 0
        subscriber.bind_locked_until = now + LOCK_TIME
        return Redemption(LOCKED, locked_until=subscriber.bind_locked_until)
    return Redemption(WRONG, tries_left=MAX_WRONG_CODES - subscriber.failed_bind_attempts)


def _person_for(session: Session, invite: InviteCode) -> Person:
    if invite.person is not None:
        return invite.person
    if invite.role == "staff":
        name = invite.name or f"{invite.township.name}工作人员"
        query = select(Person).where(Person.role == "staff", Person.township_id == invite.township_id,
                                     Person.name == name)
    else:  # admin: one person per county and name, whichever phone they bind from
        name = invite.name
        query = select(Person).where(Person.role == "admin", Person.county == invite.county,
                                     Person.name == name, Person.township_id.is_(None))
    person = session.scalar(query) if invite.name else None
    if person is None:
        person = Person(name=name, role=invite.role, county=invite.county, township=invite.township)
        session.add(person)
    return person


def home_county(session: Session, counties: list[County], name: str | None = None) -> County:
    """The county named, else the current plan's, else the only one configured."""
    if name:
        return find_county(counties, name)
    plan = current_plan(session)
    if plan and plan.county:
        return find_county(counties, plan.county)
    if len(counties) == 1:
        return counties[0]
    raise InviteError("有多个县区,请用 --county 指明")


def _township(session: Session, county: County, name: str | None) -> Township:
    info = county.township(name or "")
    if info is None:
        raise InviteError(f"{county.name}没有乡镇“{name or ''}”;可选:{'、'.join(t.name for t in county.townships)}")
    ensure_township_offices(session, county)
    return session.scalar(select(Township).where(Township.county == county.name, Township.name == info.name))


def open_invites(session: Session, now: datetime) -> list[InviteCode]:
    """Codes issued and neither used nor expired, newest first (only their hashes are stored)."""
    return list(session.scalars(
        select(InviteCode).where(InviteCode.used_at.is_(None), InviteCode.expires_at > now)
        .options(selectinload(InviteCode.township), selectinload(InviteCode.person))
        .order_by(InviteCode.created_at.desc(), InviteCode.id.desc())))


def leaders(session: Session, county: County) -> dict[str, Person]:
    """The county's leaders by name: the people a leader's code can bind."""
    return {p.name: p for p in session.scalars(
        select(Person).where(Person.role == "leader", Person.county == county.name).order_by(Person.id))}


def _leader(session: Session, county: County, name: str | None) -> Person:
    leaders_by_name = leaders(session, county)
    if name not in leaders_by_name:
        known = "、".join(sorted(leaders_by_name)) or "(库中还没有方案,先导入方案)"
        raise InviteError(f"方案中没有责任领导“{name or ''}”;可选:{known}")
    return leaders_by_name[name]
