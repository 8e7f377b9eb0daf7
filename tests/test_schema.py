"""The Alembic migrations are the schema: they build it on both backends and match the models."""
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from models import Base
from models.db import make_engine
from services import schema

TABLES = {"plan", "section", "task", "milestone", "task_leader", "task_department", "person",
          "department", "township", "progress_report"}


def test_upgrade_builds_every_table_and_records_head(database_url):
    engine = make_engine(database_url)
    assert schema.current_revision(engine) is None
    schema.upgrade(engine)
    assert TABLES <= set(inspect(engine).get_table_names())
    assert schema.current_revision(engine) == schema.head_revision()
    schema.upgrade(engine)  # a second start is a no-op
    assert schema.current_revision(engine) == schema.head_revision()
    engine.dispose()


def test_models_and_migrations_agree(db):
    with db.engine.connect() as connection:
        diff = compare_metadata(
            MigrationContext.configure(connection, opts={"compare_type": True}), Base.metadata
        )
    assert diff == []


def test_downgrade_to_base_and_back(db):
    schema.downgrade(db.engine, "base")
    assert not TABLES & set(inspect(db.engine).get_table_names())
    schema.upgrade(db.engine)
    assert TABLES <= set(inspect(db.engine).get_table_names())
