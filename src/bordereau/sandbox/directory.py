"""The directory (annuaire): public structures and their services, suppliers, technical users, and the settings
that come with a seed (PISTE clients, delays, the scripted buyers' scenarios).

A seed is a JSON document (``seed.json`` beside this file is the default); the directory lives in memory, read
from the store at start, because every deposit consults it.
"""

from __future__ import annotations

import fnmatch
import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from stdnum.fr import siret as siret_number

from ..errors import InputError
from .clock import parse_duration

DEFAULT_SEED = "seed.json"
PUBLIC_INVOICES_SERVICE = "FACTURES_PUBLIQUES"
ENGAGEMENT_MAX = 50
DEFAULT_DELAYS = {"integration": 1.0, "acheminement": 60.0, "mise_a_disposition": 120.0}


@dataclass(slots=True)
class Service:
    id: int
    structure_id: int
    code: str
    nom: str
    description: str
    engagement_required: bool
    active: bool
    mise_en_paiement: bool
    debut: str | None
    fin: str | None


@dataclass(slots=True)
class Structure:
    id: int
    identifiant: str
    type_identifiant: str
    designation: str
    public: bool
    categorie: str
    active: bool
    numero_tva: str
    adresse: dict[str, str]
    service_required: bool
    engagement_required: bool
    engagement_or_service: bool
    mise_en_paiement_hidden: bool
    automatic: dict[str, Any] | None
    services: list[Service] = field(default_factory=list)

    def service(self, code: str) -> Service | None:
        for service in self.services:
            if service.code == code:
                return service
        return None


@dataclass(slots=True)
class User:
    id: int
    login: str
    password: str
    role: str
    nom: str
    prenom: str
    email: str
    structures: list[int]


@dataclass(slots=True)
class Step:
    statut: str
    after: float
    motif: str | None = None


class Directory:
    """The whole seed, indexed."""

    def __init__(self, document: dict[str, Any], source: str = "seed") -> None:
        self.document = document
        self.source = source
        try:
            self._build(document)
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(f"not a valid sandbox seed: {exc!s}", source=source) from None

    def _build(self, document: dict[str, Any]) -> None:
        self.structures: dict[int, Structure] = {}
        self.by_identifiant: dict[str, Structure] = {}
        self.services: dict[int, Service] = {}
        for data in document["structures"]:
            structure = _structure(data)
            if structure.id in self.structures:
                raise ValueError(f"idStructureCPP {structure.id} appears twice")
            if structure.type_identifiant == "SIRET" and not siret_number.is_valid(structure.identifiant):
                raise ValueError(f"{structure.designation}: {structure.identifiant} is not a valid SIRET")
            if structure.identifiant in self.by_identifiant:
                raise ValueError(f"identifier {structure.identifiant} appears twice")
            self.structures[structure.id] = structure
            self.by_identifiant[structure.identifiant] = structure
            for service in structure.services:
                if service.id in self.services:
                    raise ValueError(f"idService {service.id} appears twice")
                self.services[service.id] = service
        self.users: dict[str, User] = {}
        for data in document.get("utilisateurs", []):
            user = User(
                id=int(data["idUtilisateur"]),
                login=str(data["login"]),
                password=str(data["password"]),
                role=str(data.get("role", "supplier")),
                nom=str(data.get("nom", "")),
                prenom=str(data.get("prenom", "")),
                email=str(data.get("email", "")),
                structures=[int(s) for s in data.get("structures", [])],
            )
            if user.role not in ("supplier", "buyer"):
                raise ValueError(f"user {user.login}: role must be supplier or buyer")
            missing = [s for s in user.structures if s not in self.structures]
            if missing:
                raise ValueError(f"user {user.login} is attached to unknown structure(s) {missing}")
            self.users[user.login] = user
        self.users_by_id = {user.id: user for user in self.users.values()}
        self.clients = {str(c["client_id"]): str(c["client_secret"]) for c in document.get("clients", [])}
        delays = dict(DEFAULT_DELAYS)
        for name, value in (document.get("delais") or {}).items():
            if name not in DEFAULT_DELAYS:
                raise ValueError(f"unknown delay {name!r}; expected {', '.join(DEFAULT_DELAYS)}")
            delays[name] = parse_duration(value)
        self.delays = delays
        self.scenarios: dict[str, list[Step]] = {}
        for name, steps in (document.get("scenarios") or {}).items():
            self.scenarios[name] = [
                Step(str(step["statut"]), parse_duration(step.get("apres", 0)), step.get("motif")) for step in steps
            ]
        self.after_completion = document.get("apres_completion", "nominal")
        self.after_recycling = document.get("apres_recyclage", "nominal")
        for structure in self.structures.values():
            for name in _scenario_names(structure.automatic):
                if name not in self.scenarios:
                    raise ValueError(f"{structure.designation}: unknown scenario {name!r}")

    # -- lookups -------------------------------------------------------------------------------------

    def structure(self, structure_id: int | None) -> Structure | None:
        return self.structures.get(structure_id) if structure_id else None

    def by_siret(self, identifiant: str | None) -> Structure | None:
        return self.by_identifiant.get(identifiant) if identifiant else None

    def service(self, service_id: int | None) -> Service | None:
        return self.services.get(service_id) if service_id else None

    def authenticate(self, login: str, password: str) -> User | None:
        user = self.users.get(login)
        return user if user is not None and user.password == password else None

    def scenario_for(self, buyer: Structure, numero: str, recycled: bool, completed: bool = False) -> str | None:
        """The name of the script an automatic buyer follows for this invoice (``None``: a person acts)."""
        if buyer.automatic is None:
            return None
        for rule in buyer.automatic.get("regles", []):
            if fnmatch.fnmatchcase(numero, rule["numeroFacture"]):
                chosen = rule.get("scenario")
                break
        else:
            chosen = buyer.automatic.get("scenario")
        if chosen is None:
            return None
        if completed:
            return self.after_completion
        if recycled and chosen in ("recyclage",):
            return self.after_recycling
        return chosen

    # -- routing checks ------------------------------------------------------------------------------

    def routing_errors(
        self,
        supplier: Structure,
        buyer_identifiant: str | None,
        service_code: str | None,
        engagement: str | None,
    ) -> tuple[Structure | None, Service | None, list[str]]:
        """Whether an invoice can reach this buyer: the structure, the service, and what stops it (in French)."""
        errors: list[str] = []
        if not buyer_identifiant:
            return None, None, ["Le destinataire (SIRET de l'acheteur public) n'est pas renseigné."]
        buyer = self.by_siret(buyer_identifiant)
        if buyer is None or not buyer.public:
            return None, None, [f"Le destinataire {buyer_identifiant} n'existe pas dans l'annuaire de Chorus Pro."]
        if not buyer.active:
            return buyer, None, [f"Le destinataire {buyer_identifiant} n'est pas actif dans Chorus Pro."]
        service = None
        if service_code:
            service = buyer.service(service_code)
            if service is None:
                errors.append(f"Le service {service_code} n'existe pas pour le destinataire {buyer_identifiant}.")
            elif not service.active:
                errors.append(f"Le service {service_code} du destinataire {buyer_identifiant} n'est pas actif.")
            elif service.code == PUBLIC_INVOICES_SERVICE and not supplier.public:
                errors.append(
                    f"Le service {PUBLIC_INVOICES_SERVICE} est réservé aux factures émises par une entité publique."
                )
        if engagement and len(engagement) > ENGAGEMENT_MAX:
            errors.append(f"Le numéro d'engagement dépasse {ENGAGEMENT_MAX} caractères.")
        if buyer.service_required and not service_code:
            errors.append(f"Le code service est obligatoire pour le destinataire {buyer_identifiant}.")
        if buyer.engagement_required and not engagement:
            errors.append(f"Le numéro d'engagement est obligatoire pour le destinataire {buyer_identifiant}.")
        if buyer.engagement_or_service and not engagement and not service_code:
            errors.append(
                f"Le numéro d'engagement ou le code service est obligatoire pour le destinataire {buyer_identifiant}."
            )
        if service is not None and service.engagement_required and not engagement:
            errors.append(f"Le numéro d'engagement est obligatoire pour le service {service_code}.")
        return buyer, service, errors


def _scenario_names(automatic: dict[str, Any] | None) -> list[str]:
    if automatic is None:
        return []
    names = [automatic.get("scenario")] + [rule.get("scenario") for rule in automatic.get("regles", [])]
    return [name for name in names if name]


def _structure(data: dict[str, Any]) -> Structure:
    parametres = data.get("parametres") or {}
    structure = Structure(
        id=int(data["idStructureCPP"]),
        identifiant=str(data["identifiant"]),
        type_identifiant=str(data.get("typeIdentifiant", "SIRET")),
        designation=str(data["designation"]),
        public=bool(data.get("publique", False)),
        categorie=str(data.get("categorie", "")),
        active=str(data.get("statut", "ACTIF")) == "ACTIF",
        numero_tva=str(data.get("numeroTVA") or ""),
        adresse={k: str(v) for k, v in (data.get("adresse") or {}).items() if v is not None},
        service_required=bool(parametres.get("codeServiceDoitEtreRenseigne", False)),
        engagement_required=bool(parametres.get("numeroEJDoitEtreRenseigne", False)),
        engagement_or_service=bool(parametres.get("gestionNumeroEJOuCodeService", False)),
        mise_en_paiement_hidden=bool(parametres.get("statutMiseEnPaiementNestPasRemonte", False)),
        automatic=data.get("automatique"),
    )
    for item in data.get("services", []):
        structure.services.append(
            Service(
                id=int(item["idService"]),
                structure_id=structure.id,
                code=str(item["codeService"]),
                nom=str(item.get("nomService", item["codeService"])),
                description=str(item.get("descriptionService") or item.get("nomService") or ""),
                engagement_required=bool(item.get("numeroEngagement", False)),
                active=bool(item.get("actif", True)),
                mise_en_paiement=bool(item.get("miseEnPaiement", True)),
                debut=item.get("dateDebutValidite"),
                fin=item.get("dateFinValidite"),
            )
        )
    return structure


def default_seed() -> dict[str, Any]:
    return json.loads(resources.files(__package__).joinpath(DEFAULT_SEED).read_text(encoding="utf-8"))


def read_seed(path: str | Path) -> dict[str, Any]:
    """A seed document from a JSON file, checked."""
    path = Path(path)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read the seed ({exc.strerror})", source=str(path)) from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(f"the seed is not valid JSON ({exc})", source=str(path)) from None
    if not isinstance(document, dict) or "structures" not in document:
        raise InputError("a seed is a JSON object with a 'structures' list", source=str(path))
    Directory(document, str(path))
    return document


def accounts(directory: Directory) -> list[dict[str, Any]]:
    """The technical users, as ``bordereau sandbox accounts --json`` lists them."""
    result = []
    for user in directory.users.values():
        structures = [directory.structures[s] for s in user.structures]
        main = structures[0] if structures else None
        entry: dict[str, Any] = {
            "login": user.login,
            "password": user.password,
            "role": user.role,
            "siret": main.identifiant if main else None,
            "idStructureCPP": main.id if main else None,
            "designation": main.designation if main else None,
            "idUtilisateur": user.id,
        }
        if len(structures) > 1:
            entry["structures"] = [{"siret": s.identifiant, "idStructureCPP": s.id} for s in structures]
        if user.role == "buyer" and main is not None:
            entry["services"] = [
                {
                    "idService": s.id,
                    "codeService": s.code,
                    "libelleService": s.nom,
                    "actif": s.active,
                    "numeroEngagementObligatoire": s.engagement_required,
                }
                for s in main.services
            ]
        result.append(entry)
    return result
