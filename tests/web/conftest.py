"""Pages through Flask's test client: an app on the loaded 2020 plan, and people to sign in as.

`pages.as_person(person)` signs a client in the way a one-time link does; `pages.post(...)`
sends a form with the session's CSRF token, as the page's own form would.
"""
from __future__ import annotations

import pytest
from sqlalchemy import select

from models import Person, Township
from models.db import session_scope


class Pages:
    def __init__(self, app, db):
        self.app, self.db = app, db

    def client(self):
        return self.app.test_client()

    def as_person(self, person_id: int, via: str = "link", openid: str | None = None):
        client = self.client()
        started = self.app.extensions["clock"].now().timestamp()
        with client.session_transaction() as session:
            session.update(via=via, at=started, csrf="t0ken", pid=person_id, acct=None, openid=openid)
            session.permanent = True
        return client

    def post(self, client, url: str, data: dict | None = None, **options):
        with client.session_transaction() as session:
            token = session.get("csrf", "")
        return client.post(url, data={**(data or {}), "csrf": token}, **options)

    def person(self, name: str) -> int:
        with session_scope(self.db.sessions) as session:
            return session.scalars(select(Person.id).where(Person.name == name)).one()

    def add_person(self, name: str, role: str, township: str | None = None) -> int:
        with session_scope(self.db.sessions) as session:
            township_id = (session.scalars(select(Township.id).where(Township.name == township)).one()
                           if township else None)
            person = Person(name=name, role=role, county="丰宁满族自治县", township_id=township_id)
            session.add(person)
            session.flush()
            return person.id


@pytest.fixture
def pages(phone, settings):
    """The web app on the same database as `phone`, so a report sent by message shows on a page."""
    from channels.app import create_app

    return Pages(create_app(settings, phone.db), phone.db)
