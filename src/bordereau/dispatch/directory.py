"""What a buyer requires, from the platform's directory, cached in the store with an expiry.

A buyer (a SIRET) is a structure with settings (service code required, engagement number required, either one)
and services, each active or not, each perhaps requiring an engagement. Asking costs a search, a consultation and
one call per active service, so the answer is kept (a day by default; "no such buyer" for an hour). When the
platform cannot be reached, an expired entry is better than none; when there is no entry at all, the invoice is
checked without one (the platform will check again at integration).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from .. import store
from ..errors import PlatformError, PlatformUnavailable
from ..platform import Platform
from ..rules.chorus.directory import DirectoryEntry

log = logging.getLogger("bordereau.dispatch")

FLAGS = (
    "codeServiceDoitEtreRenseigne",
    "numeroEJDoitEtreRenseigne",
    "gestionNumeroEJOuCodeService",
    "statutMiseEnPaiementNestPasRemonte",
)


@dataclass(frozen=True, slots=True)
class Lookup:
    """A buyer as the cache knows it: the stored entry, and whether it came from the platform just now."""

    entry: store.BuyerEntry
    fetched: bool  # asked the platform for it during this lookup
    stale: bool = False  # expired, used because the platform could not be asked

    @property
    def found(self) -> bool:
        return self.entry.found

    @property
    def rules_entry(self) -> DirectoryEntry | None:
        """The entry the ``chorus`` rules take as ``options={"directory": …}``; None for an unknown buyer."""
        return rules_entry(self.entry)

    @property
    def payment_status_hidden(self) -> bool:
        """The buyer never reports MISE_EN_PAIEMENT: MANDATEE is the last status to expect."""
        return bool(self.entry.flags.get("statutMiseEnPaiementNestPasRemonte"))


def rules_entry(entry: store.BuyerEntry) -> DirectoryEntry | None:
    if not entry.found:
        return None
    flags = entry.flags
    structure = {
        "informationGenerales": {
            "idStructureCPP": entry.structure_id,
            "identifiantStructure": entry.siret,
            "raisonSocialeStructure": entry.name,
        },
        "parametres": {name: bool(flags.get(name)) for name in FLAGS},
    }
    return DirectoryEntry.from_api(structure, list(entry.services), active=bool(flags.get("actif", True)))


def fetch(platform: Platform, siret: str) -> tuple[int | None, str | None, dict[str, Any], list[dict[str, Any]]]:
    """Ask the platform: the structure id (None if unknown), its name, its flags and its services (API names)."""
    structure = platform.structure(siret)
    if structure is None:
        return None, None, {}, []
    flags: dict[str, Any] = {
        "codeServiceDoitEtreRenseigne": structure.service_required,
        "numeroEJDoitEtreRenseigne": structure.engagement_required,
        "gestionNumeroEJOuCodeService": structure.engagement_or_service,
        "statutMiseEnPaiementNestPasRemonte": structure.payment_status_hidden,
        "actif": structure.active,
        "publique": structure.public,
    }
    services = [
        {
            "idService": service.service_id,
            "codeService": service.code,
            "libelleService": service.name,
            "estActif": service.active,
            "numeroEngagement": bool(service.engagement_required),
            "dateDbtService": service.start.isoformat() if service.start else None,
            "dateFinService": service.end.isoformat() if service.end else None,
        }
        for service in platform.services(structure.structure_id, details=True)
    ]
    return structure.structure_id, structure.name, flags, services


def lookup(
    db: store.Store,
    platform: Platform,
    platform_name: str,
    siret: str,
    *,
    ttl: timedelta = timedelta(days=1),
    unknown_ttl: timedelta = timedelta(hours=1),
    refresh: bool = False,
    now: datetime | None = None,
) -> Lookup | None:
    """The buyer's entry: from the cache while fresh, else from the platform (and cached).

    None only when the platform cannot be asked and nothing was ever cached.
    """
    if not refresh:
        with db.read() as session:
            cached = store.get_buyer(session, platform_name, siret, now=now)
        if cached is not None:
            return Lookup(cached, fetched=False)
    try:
        structure_id, name, flags, services = fetch(platform, siret)
    except (PlatformUnavailable, PlatformError) as exc:
        with db.read() as session:
            stale = store.get_buyer(session, platform_name, siret, stale_ok=True)
        log.warning("directory lookup of %s failed (%s); %s", siret, exc, "using the expired entry" if stale else "")
        if stale is None:
            if isinstance(exc, PlatformUnavailable):
                return None
            raise
        return Lookup(stale, fetched=False, stale=True)
    with db.transaction() as session:
        entry = store.put_buyer(
            session,
            platform_name,
            siret,
            structure_id=structure_id,
            name=name,
            flags=flags,
            services=services,
            ttl=ttl if structure_id is not None else unknown_ttl,
            now=now,
        )
    return Lookup(entry, fetched=True)
