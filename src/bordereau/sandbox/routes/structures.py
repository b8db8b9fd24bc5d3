"""Directory operations (``structures``, ``utilisateurs``): find a structure, read its settings and services."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from ..directory import Service, Structure
from . import ApiError, BadRequest, Call, operation
from .params import integer, obj, paging, strict_flag, text

UNKNOWN_STRUCTURE = (20001, "La structure demandée n'existe pas ou n'est pas accessible à l'utilisateur.")


def _visible(call: Call, structure: Structure | None) -> Structure:
    """Public structures are open to all; a private one only to its own users."""
    if structure is None or (not structure.public and (call.caller is None or not call.caller.attached(structure.id))):
        raise ApiError(*UNKNOWN_STRUCTURE)
    return structure


@operation("structures/rechercher")
def rechercher(call: Call, body: dict[str, Any]) -> dict[str, Any]:
    criteria = obj(body, "structure")
    identifiant = text(criteria, "identifiantStructure")
    kind = text(criteria, "typeIdentifiantStructure")
    status = text(criteria, "statutStructure")
    name = (text(criteria, "raisonSocialeStructure", "libelleStructure", "nomStructure") or "").lower()
    postcode = text(criteria, "adresseCodePostal")
    city = (text(criteria, "adresseVille") or "").lower()
    # restreindreStructuresPrivees absent or true: public structures and the caller's own private ones.
    restrict = strict_flag(body, "restreindreStructuresPrivees") is not False
    found = []
    for structure in call.sandbox.directory.structures.values():
        if restrict and not structure.public and not (call.caller and call.caller.attached(structure.id)):
            continue
        if identifiant and structure.identifiant != identifiant:
            continue
        if kind and structure.type_identifiant != kind:
            continue
        if status and ("ACTIF" if structure.active else "INACTIF") != status.upper():
            continue
        if name and name not in structure.designation.lower():
            continue
        if postcode and structure.adresse.get("codePostal") != postcode:
            continue
        if city and city not in structure.adresse.get("ville", "").lower():
            continue
        found.append(structure)
    page = paging(body, "parametres", "parametresRecherche")
    found.sort(key=lambda s: s.designation.lower(), reverse=page.descending)
    start, end = page.window(len(found))
    return {
        "listeStructures": [
            {
                "idStructureCPP": s.id,
                "identifiantStructure": s.identifiant,
                "typeIdentifiantStructure": s.type_identifiant,
                "designationStructure": s.designation,
                "statut": "ACTIF" if s.active else "INACTIF",
            }
            for s in found[start:end]
        ],
        "parametresRetour": page.summary(len(found)),
    }


def _address(address: dict[str, str]) -> dict[str, str]:
    return {
        "adresse": address.get("adresse", ""),
        "complementAdresse1": address.get("complement1", ""),
        "complementAdresse2": address.get("complement2", ""),
        "codePostal": address.get("codePostal", ""),
        "ville": address.get("ville", ""),
        "pays": address.get("pays", "FR"),
        "telephone": "",
        "indicatifTelephone": "",
        "fax": "",
        "indicatifFax": "",
    }


@operation("structures/consulter")
def consulter(call: Call, body: dict[str, Any]) -> dict[str, Any]:
    """Both spellings of the id are read: ``idStructureCPP`` (most clients) and ``idStructure``."""
    structure_id = integer(body, "idStructureCPP", "idStructure")
    if structure_id is None:
        raise BadRequest("le champ idStructureCPP est obligatoire")
    structure = _visible(call, call.sandbox.directory.structure(structure_id))
    own = call.caller is not None and call.caller.attached(structure.id)
    expiry = None
    if own:
        expiry = (datetime.now(UTC) + timedelta(days=180)).isoformat(timespec="milliseconds")
    return {
        "adressePostaleDuSiege": _address(structure.adresse),
        "informationGenerales": {
            "idStructureCPP": structure.id,
            "identifiantStructure": structure.identifiant,
            "typeIdentifiantStructure": structure.type_identifiant,
            "raisonSocialeStructure": structure.designation,
            "libelleStructure": structure.designation,
            "nomStructure": "",
            "prenomStructure": "",
            "emailStructure": "",
            "numeroRcsStructure": "",
            "numeroTVA": structure.numero_tva,
            "structurePriveePublique": "PUBLIQUE" if structure.public else "PRIVEE",
            "estValideurDeleguee": False,
            "dateExpirationMotPasseCompteTech": expiry,
        },
        "parametres": {
            "codeServiceDoitEtreRenseigne": structure.service_required,
            "numeroEJDoitEtreRenseigne": structure.engagement_required,
            "gestionNumeroEJOuCodeService": structure.engagement_or_service,
            "statutMiseEnPaiementNestPasRemonte": structure.mise_en_paiement_hidden,
            "connexionEDI": False,
            "recevoirDonneesViaEDI": False,
            "estMoaUniquement": False,
            "estValideurDelegue": False,
            "nonDiffusibleInsee": False,
            "aMoa": False,
        },
    }


def _service_item(service: Service) -> dict[str, Any]:
    return {
        "idService": service.id,
        "codeService": service.code,
        "libelleService": service.nom,
        "estActif": service.active,
        "statutService": "ACTIF" if service.active else "INACTIF",
        "dateDbtService": service.debut,
        "dateFinService": service.fin,
    }


@operation("structures/rechercher/services")
def rechercher_services(call: Call, body: dict[str, Any]) -> dict[str, Any]:
    structure_id = integer(body, "idStructure", "idStructureCPP")
    if structure_id is None:
        raise BadRequest("le champ idStructure est obligatoire")
    structure = _visible(call, call.sandbox.directory.structure(structure_id))
    page = paging(body, "parametresRechercherServicesStructure", "parametres")
    column = (page.column or "CodeService").lower()
    key = (lambda s: s.nom.lower()) if "libelle" in column or "nom" in column else (lambda s: s.code)
    services = sorted(structure.services, key=key, reverse=page.descending)
    start, end = page.window(len(services))
    return {
        "listeServices": [_service_item(s) for s in services[start:end]],
        "parametresRetour": page.summary(len(services)),
    }


@operation("structures/consulter/service")
def consulter_service(call: Call, body: dict[str, Any]) -> dict[str, Any]:
    structure_id = integer(body, "idStructure", "idStructureCPP")
    service_id = integer(body, "idService")
    if structure_id is None or service_id is None:
        raise BadRequest("les champs idStructure et idService sont obligatoires")
    structure = _visible(call, call.sandbox.directory.structure(structure_id))
    service = call.sandbox.directory.service(service_id)
    if service is None or service.structure_id != structure.id:
        raise ApiError(20002, f"Le service {service_id} n'existe pas pour la structure {structure_id}.")

    def stamp(value: str | None) -> str | None:
        return f"{value} 00:00" if value else None

    return {
        "informationsGenerales": {
            "codeService": service.code,
            "nomService": service.nom,
            "descriptionService": service.description,
        },
        "parametres": {
            "numeroEngagement": service.engagement_required,
            "miseEnPaiement": service.mise_en_paiement,
            "dateDebutValidite": stamp(service.debut),
            "dateFinValidite": stamp(service.fin),
            "dateCreation": stamp(service.debut),
            "dateModification": stamp(service.debut),
        },
        "adressePostale": _address(structure.adresse),
    }


@operation("utilisateurs/monCompte/recuperer/rattachements")
def rattachements(call: Call, body: dict[str, Any]) -> dict[str, Any]:
    user = call.caller.user if call.caller else None
    structures = [call.sandbox.directory.structures[s] for s in (user.structures if user else [])]
    return {
        "listeStructureRattachement": [
            {
                "idStructure": s.id,
                "identifiantStructure": s.identifiant,
                "typeIdentifiantStructure": s.type_identifiant,
                "designationStructure": s.designation,
                "statutRattachement": "ACTIF",
            }
            for s in structures
        ]
    }
