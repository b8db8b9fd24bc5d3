"""The buyers' directory cache: what the platform's directory says about a buyer SIRET, kept until it expires.

An entry is the buyer's structure id (None when the directory has no such buyer: that answer is cached too, for a
shorter time if the caller wishes), its flags (``codeServiceDoitEtreRenseigne``, ``numeroEJDoitEtreRenseigne``,
``gestionNumeroEJOuCodeService`` … as the API names them) and its services. Entries are per platform, because the
sandbox, qualification and production each number their structures their own way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from .chain import jsonable
from .models import DirectoryEntry
from .types import utcnow

DEFAULT_TTL = timedelta(days=1)


@dataclass(frozen=True)
class BuyerEntry:
    """A cached directory entry, detached from the database."""

    platform: str
    siret: str
    structure_id: int | None
    name: str | None
    flags: Mapping[str, Any]
    services: Sequence[Mapping[str, Any]]
    fetched_at: datetime
    expires_at: datetime

    @property
    def found(self) -> bool:
        """Whether the directory knows this buyer."""
        return self.structure_id is not None

    def fresh(self, now: datetime | None = None) -> bool:
        return (now or utcnow()) < self.expires_at


def _entry(row: DirectoryEntry) -> BuyerEntry:
    return BuyerEntry(
        platform=row.platform,
        siret=row.siret,
        structure_id=row.structure_id,
        name=row.name,
        flags=row.flags,
        services=row.services,
        fetched_at=row.fetched_at,
        expires_at=row.expires_at,
    )


def get_buyer(
    session: Session, platform: str, siret: str, *, now: datetime | None = None, stale_ok: bool = False
) -> BuyerEntry | None:
    """The cached entry if it has not expired (or even if it has, with ``stale_ok``: a fallback when the platform is
    down); None when there is nothing usable."""
    row = session.get(DirectoryEntry, (platform, siret))
    if row is None:
        return None
    entry = _entry(row)
    return entry if stale_ok or entry.fresh(now) else None


def put_buyer(
    session: Session,
    platform: str,
    siret: str,
    *,
    structure_id: int | None,
    name: str | None = None,
    flags: Mapping[str, Any] | None = None,
    services: Sequence[Mapping[str, Any]] = (),
    ttl: timedelta = DEFAULT_TTL,
    now: datetime | None = None,
) -> BuyerEntry:
    """Store (or replace) what the directory said about a buyer; it expires after ``ttl``.

    An upsert (``INSERT … ON CONFLICT DO UPDATE``), so two workers caching the same buyer at once both succeed.
    """
    fetched = now or utcnow()
    values = {
        "platform": platform,
        "siret": siret,
        "structure_id": structure_id,
        "name": name,
        "flags": jsonable(dict(flags or {}), path="flags"),
        "services": jsonable(list(services), path="services"),
        "fetched_at": fetched,
        "expires_at": fetched + ttl,
    }
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(DirectoryEntry).values(**values)
    changed = {key: statement.excluded[key] for key in values if key not in ("platform", "siret")}
    session.execute(statement.on_conflict_do_update(index_elements=["platform", "siret"], set_=changed))
    row = session.get(DirectoryEntry, (platform, siret), populate_existing=True)
    assert row is not None
    return _entry(row)


def forget_buyers(session: Session, platform: str | None = None, *, expired_before: datetime | None = None) -> int:
    """Drop cached entries (of one platform, or only those expired before a date); how many were dropped."""
    statement = delete(DirectoryEntry)
    if platform is not None:
        statement = statement.where(DirectoryEntry.platform == platform)
    if expired_before is not None:
        statement = statement.where(DirectoryEntry.expires_at < expired_before)
    result = session.execute(statement.execution_options(synchronize_session=False))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
