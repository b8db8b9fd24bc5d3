"""Opening the database: URL rules, connection settings per database, and the ``Store`` that hands out transactions.

SQLite (the default, one file) runs in WAL mode with foreign keys on and a generous busy timeout; a write transaction
starts with ``BEGIN IMMEDIATE`` so that two writers queue up instead of failing halfway (a deferred transaction that
reads, then writes, cannot wait for the lock: it fails). PostgreSQL is reached with psycopg 3.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from .errors import StoreError

DEFAULT_URL = "sqlite:///bordereau.db"
URL_VARIABLE = "BORDEREAU_DATABASE_URL"

# Seconds a SQLite connection waits for another writer before giving up.
SQLITE_BUSY_TIMEOUT = 30
# The connection option that makes SQLite open the transaction with BEGIN IMMEDIATE.
_IMMEDIATE = "bordereau_sqlite_immediate"


def default_url() -> str:
    """``$BORDEREAU_DATABASE_URL``, or ``bordereau.db`` in the working directory."""
    return os.environ.get(URL_VARIABLE) or DEFAULT_URL


def normalize_url(url: str | URL) -> URL:
    """A SQLAlchemy URL with the driver bordereau uses; a bare path means a SQLite file.

    ``postgresql://`` and ``postgres://`` (what most tools print) become ``postgresql+psycopg://``.
    """
    if isinstance(url, str):
        text = url.strip()
        if not text:
            raise StoreError("empty database URL")
        if "://" not in text:
            text = "sqlite:///" + text
        if text.startswith("postgres://"):
            text = "postgresql://" + text[len("postgres://") :]
        try:
            parsed = make_url(text)
        except ArgumentError:
            raise StoreError(f"not a database URL: {_mask_text(text)}") from None
    else:
        parsed = url
    backend = parsed.get_backend_name()
    if backend == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        return parsed
    if backend == "sqlite":
        return parsed
    raise StoreError(f"unsupported database {backend!r} in {safe_url(parsed)}: use sqlite:///FILE or postgresql://…")


def safe_url(url: str | URL) -> str:
    """The URL with its password hidden: the only form that may appear in messages and logs."""
    if isinstance(url, str):
        try:
            url = make_url(url)
        except ArgumentError:
            return _mask_text(url)
    return url.render_as_string(hide_password=True)


def _mask_text(text: str) -> str:
    scheme, sep, rest = text.partition("://")
    if sep and "@" in rest:
        return f"{scheme}://***@{rest.rpartition('@')[2]}"
    return text


def sqlite_path(url: URL) -> Path | None:
    """The file behind a SQLite URL (None for an in-memory database)."""
    if url.database in (None, "", ":memory:") or (url.database or "").startswith("file:"):
        return None
    return Path(url.database)  # type: ignore[arg-type]


def make_engine(url: str | URL, *, echo: bool = False) -> Engine:
    """An engine set up for bordereau's use of the given database (see the module docstring)."""
    parsed = normalize_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed, echo=echo)
    return create_engine(parsed, echo=echo, pool_pre_ping=True, pool_size=5, max_overflow=10)


def _sqlite_engine(url: URL, *, echo: bool) -> Engine:
    path = sqlite_path(url)
    options: dict[str, Any] = {"connect_args": {"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT}}
    if path is None:
        options["poolclass"] = StaticPool  # one shared connection, or each checkout sees an empty database
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, echo=echo, **options)

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy emit BEGIN itself (see "begin" below); pysqlite's own handling skips it for SELECTs.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT * 1000}")
            cursor.execute("PRAGMA foreign_keys=ON")
            if path is not None:
                _wal(cursor)
                cursor.execute("PRAGMA synchronous=NORMAL")  # durable at checkpoints; safe with WAL
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        immediate = connection.get_execution_options().get(_IMMEDIATE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _wal(cursor: Any) -> None:
    """Switch the file to WAL (a lasting property of the file), waiting while another connection is creating it.

    Changing the journal mode does not wait on the busy timeout: it fails at once while another connection has the
    file open, which happens when several workers open a new database together.
    """
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT
    while True:
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


class Store:
    """A database opened for bordereau: an engine and the sessions to work in it.

    ``transaction()`` is for anything that writes (commits at the end of the block, rolls everything back on an
    exception); ``read()`` is a consistent read-only view. Repository functions take the ``Session`` these yield, so
    that several of them (a state change, a document, the end of a lease) commit together or not at all.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False, autoflush=True)

    @property
    def dialect(self) -> str:
        """``"sqlite"`` or ``"postgresql"``."""
        return self.engine.dialect.name

    @property
    def url(self) -> str:
        """The database URL, password hidden."""
        return safe_url(self.engine.url)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A write transaction: committed when the block ends, rolled back entirely when it raises."""
        with self._sessions() as session:
            session.connection(execution_options={_IMMEDIATE: True})
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    @contextmanager
    def read(self, *, snapshot: bool = False) -> Iterator[Session]:
        """A read-only session; ``snapshot=True`` makes every statement see the same instant on PostgreSQL too."""
        with self._sessions() as session:
            if snapshot and self.dialect == "postgresql":
                session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
            # Closing (not rolling back) ends the transaction and leaves the loaded objects readable.
            yield session

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.url!r})"


def open_store(url: str | URL | None = None, *, migrate: bool = True, echo: bool = False) -> Store:
    """Open (and by default create or upgrade to the latest schema) the database at ``url``.

    ``url`` defaults to ``$BORDEREAU_DATABASE_URL``, then ``bordereau.db`` in the working directory. A bare path is a
    SQLite file; ``postgresql://…`` uses psycopg 3. Raises ``StoreError`` (password hidden) when it cannot be opened.
    """
    from alembic.util import CommandError

    from .revisions import upgrade  # the migrations import the models; keep this module light

    engine = make_engine(url if url is not None else default_url(), echo=echo)
    try:
        if migrate:
            upgrade(engine)
        else:
            with engine.connect():
                pass
    except StoreError:
        engine.dispose()
        raise
    except CommandError as exc:
        engine.dispose()
        raise StoreError(
            f"cannot upgrade the database {safe_url(engine.url)}: {exc} (was it written by a newer bordereau?)"
        ) from None
    except SQLAlchemyError as exc:
        engine.dispose()
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise StoreError(f"cannot open the database {safe_url(engine.url)}: {reason}") from None
    return Store(engine)
