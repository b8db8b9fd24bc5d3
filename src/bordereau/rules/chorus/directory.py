"""A buyer's entry in the Chorus Pro directory, as the ``chorus`` rules need it to check routing before a deposit.

It mirrors what the API returns: ``consulterStructure`` (the structure and its ``parametres``) and
``rechercherServicesStructure`` (its services), with ``consulterServiceStructure`` telling whether a service
requires an engagement number. Pass it as ``options={"directory": entry}`` to :func:`bordereau.rules.validate`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

# The service every public structure has for invoices between public entities; a private supplier may not use it.
PUBLIC_INVOICES_SERVICE = "FACTURES_PUBLIQUES"


@dataclass(frozen=True, slots=True)
class Service:
    """One service of a structure (``listeServices[]`` of ``rechercherServicesStructure``)."""

    code: str  # codeService, what an invoice gives in BT-10
    active: bool = True  # estActif
    engagement_required: bool = False  # parametres.numeroEngagement of consulterServiceStructure
    name: str | None = None  # libelleService
    id: int | None = None  # idService

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Service:
        """From an item of ``listeServices`` (optionally merged with ``consulterServiceStructure``'s answer)."""
        settings = data.get("parametres") or {}
        engagement = data.get("numeroEngagement", settings.get("numeroEngagement", False))
        identifier = data.get("idService")
        return cls(
            code=str(data.get("codeService") or ""),
            active=bool(data.get("estActif", True)),
            engagement_required=bool(engagement),
            name=data.get("libelleService") or data.get("nomService"),
            id=int(identifier) if identifier not in (None, "") else None,
        )


@dataclass(frozen=True, slots=True)
class DirectoryEntry:
    """A public structure: its SIRET, whether it is active, what its invoices must give, and its services.

    ``services`` is None when they were not looked up: then the rules do not judge the service code against them.
    """

    siret: str  # identifiantStructure
    active: bool = True  # statut ACTIF
    service_required: bool = False  # parametres.codeServiceDoitEtreRenseigne
    engagement_required: bool = False  # parametres.numeroEJDoitEtreRenseigne
    service_or_engagement: bool = False  # parametres.gestionNumeroEJOuCodeService
    services: tuple[Service, ...] | None = None
    name: str | None = None  # raisonSocialeStructure
    id: int | None = None  # idStructureCPP

    def service(self, code: str) -> Service | None:
        """The service whose code is ``code``, None when the structure has none by that code."""
        for service in self.services or ():
            if service.code == code:
                return service
        return None

    @classmethod
    def from_api(
        cls,
        structure: Mapping[str, Any],
        services: Mapping[str, Any] | Iterable[Mapping[str, Any]] | None = None,
        *,
        active: bool | None = None,
    ) -> DirectoryEntry:
        """From the answers of ``consulterStructure`` and ``rechercherServicesStructure`` (its ``listeServices``
        or the whole answer). ``active`` overrides the status, which ``rechercherStructure`` gives (``statut``)."""
        general = structure.get("informationGenerales") or {}
        settings = structure.get("parametres") or {}
        status = general.get("statut", general.get("statutStructure", structure.get("statut", "ACTIF")))
        if isinstance(services, Mapping):
            services = services.get("listeServices") or []
        identifier = general.get("idStructureCPP")
        return cls(
            siret=str(general.get("identifiantStructure") or structure.get("identifiantStructure") or ""),
            active=(status == "ACTIF") if active is None else active,
            service_required=bool(settings.get("codeServiceDoitEtreRenseigne", False)),
            engagement_required=bool(settings.get("numeroEJDoitEtreRenseigne", False)),
            service_or_engagement=bool(settings.get("gestionNumeroEJOuCodeService", False)),
            services=None if services is None else tuple(Service.from_api(s) for s in services),
            name=general.get("raisonSocialeStructure"),
            id=int(identifier) if identifier not in (None, "") else None,
        )

    @classmethod
    def coerce(cls, value: Any) -> DirectoryEntry | None:
        """An entry from what a caller passed: an entry, a mapping of its fields, or an object with the same
        attributes (the sandbox's structures, whose names differ a little: ``identifiant``,
        ``engagement_or_service``)."""
        if value is None or isinstance(value, DirectoryEntry):
            return value
        if isinstance(value, Mapping):
            fields = dict(value)
            if fields.get("services") is not None:
                fields["services"] = tuple(s if isinstance(s, Service) else Service(**s) for s in fields["services"])
            return cls(**fields)

        def read(*names: str, default: Any = None) -> Any:
            for name in names:
                if hasattr(value, name):
                    return getattr(value, name)
            return default

        services = read("services")
        return cls(
            siret=str(read("siret", "identifiant", default="")),
            active=bool(read("active", default=True)),
            service_required=bool(read("service_required", default=False)),
            engagement_required=bool(read("engagement_required", default=False)),
            service_or_engagement=bool(read("service_or_engagement", "engagement_or_service", default=False)),
            services=None
            if services is None
            else tuple(
                Service(
                    code=str(s.code),
                    active=bool(getattr(s, "active", True)),
                    engagement_required=bool(getattr(s, "engagement_required", False)),
                    name=getattr(s, "name", getattr(s, "nom", None)),
                    id=getattr(s, "id", None),
                )
                for s in services
            ),
            name=read("name", "designation"),
            id=read("id"),
        )
