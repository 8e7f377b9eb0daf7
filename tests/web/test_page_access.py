"""Who may open which page: every GET page of the web blueprints, for every kind of visitor.

The pages come from the app's url_map, so a page added later is checked without touching this
file: console pages are the office's alone (admins; 403 for everyone else signed in), and the
board's pages follow the table below. Nobody signed in — or a WeChat session whose openid is not
bound, or a session past its lifetime, or a cookie signed with another key — is sent to sign in,
with the page to come back to.
"""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from flask import url_for
from sqlalchemy import select

from channels.app import create_app
from core import charts
from models import KnowledgePassage, Milestone, OutboxMessage, Subscriber, Task, Township
from models.db import session_scope
from tests.web.conftest import Pages
from web.session import SESSION_LIFETIME

SIGNED_OUT = ("anonymous", "resident", "expired", "forged")
SIGNED_IN = ("staff_here", "staff_other", "leader", "admin")
BINDINGS = {"staff_here": {"role": "staff", "township": "土城镇"}, "staff_other": {"role": "staff", "township": "大阁镇"},
            "leader": {"role": "leader", "person": "李晓芬"}, "admin": {"role": "admin", "name": "局办公室"}}
ADMITTED = 200
TO_OWN_TOWNSHIP = "→ own township"
CHART = 404 if charts.unavailable() else 200
# The board's pages, for SIGNED_IN in order. The ids filled in: 三(一)4 (every township owes it), 土城镇.
BOARD = {
    "board.my_tasks": (200, 200, 200, 200),
    "board.task": (200, 200, 200, 200),
    "board.overdue": (200, 200, 200, 200),
    "board.townships": (TO_OWN_TOWNSHIP, TO_OWN_TOWNSHIP, 200, 200),
    "board.township": (200, 403, 200, 200),
    # Pictures of every township's reports: not for staff. Without a CJK font: 404, said why.
    "board.my_chart": (403, 403, CHART, CHART),
    "board.task_chart": (403, 403, CHART, CHART),
}
CONSOLE_BLUEPRINTS = ("console", "console_plan")
CHECKED_BLUEPRINTS = ("board", *CONSOLE_BLUEPRINTS)


def real_ids(session, phone_openid: str) -> dict:
    """A real row for each kind of id a page takes, named as the routes name their arguments."""
    task = next(t for t in session.scalars(select(Task).where(Task.active)) if t.ref == "三(一)4")
    return {
        "task_id": lambda: task.id,
        "township_id": lambda: session.scalars(select(Township.id).where(Township.name == "土城镇")).one(),
        "milestone_id": lambda: session.scalars(select(Milestone.id).where(Milestone.task_id == task.id)).first(),
        "passage_id": lambda: session.scalars(select(KnowledgePassage.id).order_by(KnowledgePassage.id)).first(),
        "subscriber_id": lambda: session.scalars(select(Subscriber.id).where(Subscriber.openid == phone_openid)).one(),
        "message_id": lambda: session.scalars(select(OutboxMessage.id)).first(),
    }


def get_pages(app, ids: dict) -> list[tuple[str, str]]:
    """(endpoint, url) of every GET page of the checked blueprints, its id arguments filled in."""
    pages = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if rule.endpoint.split(".")[0] not in CHECKED_BLUEPRINTS or "GET" not in rule.methods:
                continue
            unknown = rule.arguments - ids.keys()
            assert not unknown, f"{rule.rule}: add a real id for {unknown} to real_ids()"
            values = {name: ids[name]() for name in rule.arguments}
            assert None not in values.values(), f"{rule.rule}: no row to fill {values}"
            pages.append((rule.endpoint, url_for(rule.endpoint, **values)))
    return sorted(pages)


def expected(endpoint: str, role: str):
    if role in SIGNED_OUT:
        return "→ login"
    if endpoint.split(".")[0] in CONSOLE_BLUEPRINTS:
        return ADMITTED if role == "admin" else 403
    return BOARD[endpoint][SIGNED_IN.index(role)]


def outcome(response, url: str, own_township: int | None):
    """What the visitor got: the status, or where a redirect sent them."""
    if response.status_code != 302:
        return response.status_code
    target = urlsplit(response.headers["Location"])
    if target.path == "/login":
        assert parse_qs(target.query).get("next") == [url], target  # back to the page after signing in
        return "→ login"
    if own_township and target.path == f"/townships/{own_township}":
        return TO_OWN_TOWNSHIP
    return f"→ {target.path}"


@pytest.fixture
def visitors(phone, pages, settings):
    """A test client for each kind of visitor, signed in through WeChat as they would be."""
    phone.say("o-resident", "农村低保标准是多少")  # known to the account, bound to nobody
    clients = {"anonymous": pages.client(),
               # an unbound openid with someone's person id: ends up signed out, not as that person
               "resident": pages.as_person(pages.person("李晓芬"), via="wechat", openid="o-resident")}
    for role, binding in BINDINGS.items():
        openid = f"o-{role}"
        phone.bind(openid, **binding)
        clients[role] = pages.as_person(bound_person(pages, openid), via="wechat", openid=openid)
    admin = bound_person(pages, "o-admin")
    clients["expired"] = pages.as_person(admin)
    with clients["expired"].session_transaction() as session:
        session["at"] -= SESSION_LIFETIME.total_seconds() + 60
    forger = Pages(create_app(settings.with_overrides(secret_key="a-guessed-key"), phone.db), phone.db)
    clients["forged"] = pages.client()
    clients["forged"].set_cookie("session", forger.as_person(admin).get_cookie("session").value)
    return clients


def bound_person(pages, openid: str) -> int:
    with session_scope(pages.db.sessions) as session:
        return session.scalars(select(Subscriber.person_id).where(Subscriber.openid == openid)).one()


def own_township(pages, role: str) -> int | None:
    name = BINDINGS.get(role, {}).get("township")
    if name is None:
        return None
    with session_scope(pages.db.sessions) as session:
        return session.scalars(select(Township.id).where(Township.name == name)).one()


@pytest.mark.parametrize("role", SIGNED_OUT + SIGNED_IN)
def test_every_page_admits_only_its_visitors(pages, visitors, role):
    with session_scope(pages.db.sessions) as session:
        checked = get_pages(pages.app, real_ids(session, "o-staff_here"))
    assert {endpoint for endpoint, _ in checked if endpoint.startswith("board.")} == set(BOARD)
    client, township = visitors[role], own_township(pages, role)
    wrong = []
    for endpoint, url in checked:
        got = outcome(client.get(url), url, township)
        if got != expected(endpoint, role):
            wrong.append(f"{url}: {got}, expected {expected(endpoint, role)}")
    assert not wrong, f"{role}:\n" + "\n".join(wrong)
