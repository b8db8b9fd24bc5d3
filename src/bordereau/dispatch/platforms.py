"""Which platform client acts for a company, and under which structure id.

A company names its technical user by reference (``credentials_ref``, a key of ``accounts`` in the configuration;
none: the default user). One client is opened per technical user and shared by every worker thread (the client
is thread-safe). The company's structure id (``idStructureCPP``) is looked up once among the structures the
technical user is attached to, then kept in the store.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from .. import store
from ..config import Settings
from ..errors import BordereauError
from ..platform import Platform

log = logging.getLogger("bordereau.dispatch")

Opener = Callable[[str | None], Platform]


class NotAttached(BordereauError):
    """The technical user does not act for the company's structure: nothing can be deposited in its name."""


class Platforms:
    """Platform clients by technical account, opened on first use; closed together."""

    def __init__(self, opener: Opener, *, name: str = "chorus") -> None:
        self._opener = opener
        self.name = name  # the directory cache's key: sandbox, qualification or production
        self._open: dict[str | None, Platform] = {}
        self._structures: dict[tuple[str | None, str], int] = {}
        self._lock = threading.Lock()
        self._lookup = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings) -> Platforms:
        from ..chorus import open_platform

        return cls(lambda account: open_platform(settings, account=account), name=settings.platform)

    @classmethod
    def single(cls, platform: Platform, *, name: str = "sandbox") -> Platforms:
        """Every company through one client (tests, the demo)."""
        return cls(lambda _account: platform, name=name)

    def get(self, account: str | None = None) -> Platform:
        with self._lock:
            platform = self._open.get(account)
            if platform is None:
                platform = self._open[account] = self._opener(account)
            return platform

    def for_company(self, company: store.Company) -> Platform:
        return self.get(company.credentials_ref)

    def supplier_id(self, db: store.Store, company: store.Company) -> int:
        """The company's idStructureCPP, looked up (and stored) the first time."""
        if company.structure_id is not None:
            return company.structure_id
        key = (company.credentials_ref, company.siret)
        with self._lookup:  # the worker's threads ask once, not once each
            known = self._structures.get(key)
            if known is not None:
                company.structure_id = known
                return known
            structure_id = self._look_up(db, company)
            self._structures[key] = structure_id
        return structure_id

    def _look_up(self, db: store.Store, company: store.Company) -> int:
        platform = self.for_company(company)
        structure_id = _attached_structure(platform, company.siret)
        if structure_id is None:
            account = company.credentials_ref or "the default technical user"
            raise NotAttached(
                f"{account} is not attached to the structure with SIRET {company.siret} on {self.name}: "
                "attach it on the Chorus Pro portal, or give the company another account"
            )
        with db.transaction() as session:
            store.update_company(session, company.id, structure_id=structure_id)
        company.structure_id = structure_id
        log.info("company %s is structure %s on %s", company.siret, structure_id, self.name)
        return structure_id

    def close(self) -> None:
        with self._lock:
            opened, self._open = list(self._open.values()), {}
        for platform in {id(p): p for p in opened}.values():
            platform.close()


def _attached_structure(platform: Platform, siret: str) -> int | None:
    """Among the technical user's own structures when the platform lists them; else through the directory."""
    mine = getattr(platform, "my_structures", None)
    if mine is not None:
        return next((s.structure_id for s in mine() if s.siret == siret), None)
    entry = platform.structure(siret)
    return entry.structure_id if entry is not None else None
