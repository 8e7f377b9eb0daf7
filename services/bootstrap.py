"""What every process does first: open the database, upgrade its schema, and on a fresh
database load the bundled plan so the bot has something to talk about."""
from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from config import Clock, Settings
from core.counties import County, load_counties
from core.plan_parser import parse_plan_file
from models import Plan
from models.db import make_engine, make_session_factory, session_scope
from services import knowledge, locks, schema
from services.plans import ImportResult, save_plan

log = logging.getLogger(__name__)


@dataclass
class Database:
    engine: Engine
    sessions: sessionmaker[Session]


def open_database(settings: Settings, *, upgrade: bool = True) -> Database:
    engine = make_engine(settings.database_url)
    if upgrade:
        schema.upgrade(engine)
    return Database(engine, make_session_factory(engine))


def county_config(settings: Settings) -> list[County]:
    return load_counties(settings.counties_dir)


def load_default_plan_if_empty(db: Database, settings: Settings) -> ImportResult | None:
    """Load the bundled plan into a database that has no plan yet."""
    with session_scope(db.sessions) as session:
        locks.hold(session, locks.PLAN_WRITE)  # several processes starting at once: one loads
        if session.scalar(select(Plan.id).limit(1)) is not None:
            return None
        parsed = parse_plan_file(settings.default_plan)
        result = save_plan(session, parsed, county_config(settings), Clock.from_settings(settings).now())
    log.info("loaded bundled plan %s (%d tasks)", result.title, result.tasks_added)
    return result


def load_knowledge_if_empty(db: Database, settings: Settings) -> None:
    """Load the bundled policy knowledge base into a database that has none."""
    with session_scope(db.sessions) as session:
        locks.hold(session, knowledge.KNOWLEDGE_WRITE)
        loaded = knowledge.load_bundled_if_empty(session, Clock.from_settings(settings).now())
    if loaded:
        log.info("loaded bundled knowledge base: %s", loaded.describe())


def prepare(settings: Settings) -> Database:
    """Upgrade the schema and load the bundled plan on first start."""
    db = open_database(settings)
    load_default_plan_if_empty(db, settings)
    load_knowledge_if_empty(db, settings)
    return db
