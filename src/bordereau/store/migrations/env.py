"""Alembic's entry point for bordereau's store: runs on the connection ``bordereau.store.revisions`` hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from bordereau.store.engine import make_engine
from bordereau.store.models import Base

config = context.config


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        compare_type=True,
        # SQLite cannot ALTER most things: later migrations rebuild tables in batch mode there.
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def _offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=Base.metadata,
        literal_binds=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    _offline()
elif (given := config.attributes.get("connection")) is not None:
    _run(given)
else:
    # Plain ``alembic`` command line with ``sqlalchemy.url`` set in its ini file.
    engine = make_engine(config.get_main_option("sqlalchemy.url") or "")
    try:
        with engine.connect() as connection:
            _run(connection)
            connection.commit()
    finally:
        engine.dispose()
