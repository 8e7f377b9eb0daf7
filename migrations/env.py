"""Alembic environment: runs against the connection handed over by services/schema.py, or
opens one from DATABASE_URL when Alembic is run by hand."""
from __future__ import annotations

from alembic import context

from config import load_settings
from models import Base
from models.db import make_engine

target_metadata = Base.metadata


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(load_settings().database_url)
    with engine.connect() as connection:
        _run(connection)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("离线生成 SQL 不受支持:请连接数据库运行 python bot.py db upgrade")
run_migrations_online()
