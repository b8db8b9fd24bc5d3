"""Transverse operations: integration reports, attachments, the recipients' directory, reference lists."""

from __future__ import annotations

import base64
import csv
import io
import json
from typing import Any

# The platform's limits on attachments are the ones the `chorus` rules check before sending.
from ...rules.chorus.common import ATTACHMENT_EXTENSIONS as EXTENSIONS
from ...rules.chorus.common import ATTACHMENT_MAX, ATTACHMENT_NAME_MAX
from ..clock import instant
from ..documents import cr_pdf
from ..lifecycle import STATUSES, TRANSITIONS
from ..reading import CADRES, SYNTAXES
from . import ApiError, BadRequest, Call, operation
from .params import b64, integer, paging, text
from .views import DEVISES, VAT_RATES

PARTNER_CODE = "BAC001"  # the partner application code a CR names (UNSURE: real ones look like AAA999)
PAYMENT_MODES = ("CHEQUE", "PRELEVEMENT", "VIREMENT", "ESPECE", "AUTRE", "REPORT")
EXEMPTIONS = {
    "TVA_DEBIT_ENCAISSEMENT_NON_APPLICABLE": "TVA non applicable, article 293 B du CGI",
    "EXONERATION_ART_261": "Exonération de TVA, article 261 du CGI",
    "AUTOLIQUIDATION": "Autoliquidation de la TVA par le preneur",
    "LIVRAISON_INTRACOMMUNAUTAIRE": "Livraison intracommunautaire exonérée, article 262 ter I du CGI",
}
PIECE_TYPES = (
    (1, "01", "Facture (pièce principale)"),
    (2, "02", "Pièce complémentaire"),
    (3, "03", "Bon de commande"),
    (4, "04", "Bon de livraison"),
    (5, "05", "Procès-verbal de réception"),
    (6, "06", "Relevé d'identité bancaire"),
)


def _flux_for(call: Call, body: dict[str, Any]) -> dict[str, Any]:
    numero = text(body, "numeroFluxDepot")
    if not numero:
        raise BadRequest("le champ numeroFluxDepot est obligatoire")
    flux = call.sandbox.store.flux_header(numero)
    if flux is None:
        raise ApiError(20000, f"Le flux {numero} n'existe pas.")
    owner = call.sandbox.directory.users_by_id.get(flux["user_id"])
    mine = call.caller is not None and (
        flux["user_id"] == call.user_id or (owner is not None and set(owner.structures) & call.caller.structures)
    )
    if not mine:
        raise ApiError(20001, f"L'utilisateur n'a pas accès au flux {numero}.")
    flux["erreurs_dp"] = json.loads(flux["erreurs_dp"])
    flux["erreurs_tech"] = json.loads(flux["erreurs_tech"])
    return flux


def _interface(flux: dict[str, Any]) -> str:
    return SYNTAXES.get(flux["syntaxe"], (None, "FSO1110A"))[1]


@operation("transverses/consulterCR")
def consulter_cr(call: Call, body: dict[str, Any]) -> dict[str, Any]:
    flux = _flux_for(call, body)
    owner = call.sandbox.directory.users_by_id.get(flux["user_id"])
    structure = call.sandbox.directory.structure(owner.structures[0]) if owner and owner.structures else None
    report = cr_pdf(flux, flux["erreurs_dp"], flux["erreurs_tech"])
    return {
        "numeroFluxDepot": flux["numero"],
        "dateDepotFlux": instant(flux["date_depot"]),
        "etatCourantFlux": flux["etat"],
        "dateHeureEtatCourantFlux": instant(flux["etat_at"]),
        "codeInterfaceFlux": _interface(flux),
        "codeAppliPartenaire": PARTNER_CODE,
        "designationPartenaire": structure.designation if structure else "",
        "nomFichierFlux": flux["nom_fichier"],
        "fichierCR": base64.b64encode(report).decode("ascii"),
    }


@operation("transverses/consulterCRDetaille")
def consulter_cr_detaille(call: Call, body: dict[str, Any]) -> dict[str, Any]:
    flux = _flux_for(call, body)
    return {
        "nomFichier": flux["nom_fichier"],
        "numeroFluxDepot": flux["numero"],
        "codeInterfaceDepotFlux": _interface(flux),
        "dateDepotFlux": instant(flux["date_depot"]),
        "etatCourantDepotFlux": flux["etat"],
        "dateHeureEtatCourantFlux": instant(flux["etat_at"]),
        "listeErreurDP": flux["erreurs_dp"],
        "listeErreurTechnique": flux["erreurs_tech"],
    }


@operation("transverses/ajouter/fichier")
def ajouter_fichier(call: Call, body: dict[str, Any]) -> dict[str, Any]:
    content = b64(body, "pieceJointeFichier")
    assert content is not None
    name = text(body, "pieceJointeNom")
    if not name:
        raise BadRequest("le champ pieceJointeNom est obligatoire")
    extension = (text(body, "pieceJointeExtension") or name.rsplit(".", 1)[-1]).lstrip(".").upper()
    if len(content) > ATTACHMENT_MAX:
        raise ApiError(20003, "La pièce jointe dépasse 10 Mo.")
    if len(name) > ATTACHMENT_NAME_MAX:
        raise ApiError(20002, f"Le nom de la pièce jointe dépasse {ATTACHMENT_NAME_MAX} caractères.")
    if extension not in EXTENSIONS:
        raise ApiError(20001, f"L'extension {extension} n'est pas autorisée.")
    piece_id = call.sandbox.store.add_attachment(
        call.user_id, name, text(body, "pieceJointeTypeMime") or "", extension, content, call.sandbox.clock.now()
    )
    return {"pieceJointeId": piece_id}


@operation("transverses/health-check", method="GET", account=False, raw=True)
def health_check(call: Call, body: dict[str, Any]) -> dict[str, Any]:
    return {"body": "OK", "statusCodeValue": 200, "statusCode": "OK"}


@operation("transverses/rechercher/destinataire")
def rechercher_destinataire(call: Call, body: dict[str, Any]) -> dict[str, Any]:
    identifiant = text(body, "identifiant")
    words = (text(body, "nomVilleCodePostal") or "").lower().split()
    found = []
    for structure in call.sandbox.directory.structures.values():
        if not structure.public or not structure.active:
            continue
        if identifiant and not structure.identifiant.startswith(identifiant):
            continue
        haystack = " ".join(
            (structure.designation, structure.adresse.get("ville", ""), structure.adresse.get("codePostal", ""))
        ).lower()
        if any(word not in haystack for word in words):
            continue
        found.append(structure)
    page = paging(body, "parametresRecherche", "parametres")
    found.sort(key=lambda s: s.designation, reverse=page.descending)
    start, end = page.window(len(found))
    return {
        "listeDestinataires": [
            {
                "idStructureCPP": s.id,
                "siret": s.identifiant,
                "nomDestinataire": s.designation,
                "adresseCodePostal": s.adresse.get("codePostal", ""),
                "adresseVille": s.adresse.get("ville", ""),
            }
            for s in found[start:end]
        ],
        "parametresRetour": page.summary(len(found)),
    }


@operation("transverses/telecharger/annuaire/destinataire")
def telecharger_annuaire(call: Call, body: dict[str, Any]) -> dict[str, Any]:
    """The public directory as a CSV file (base64)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(
        [
            "SIRET",
            "RAISON_SOCIALE",
            "CODE_SERVICE",
            "LIBELLE_SERVICE",
            "SERVICE_OBLIGATOIRE",
            "ENGAGEMENT_OBLIGATOIRE",
            "CODE_POSTAL",
            "VILLE",
        ]
    )
    for s in call.sandbox.directory.structures.values():
        if not s.public or not s.active:
            continue
        rows = [(v.code, v.nom, v.engagement_required) for v in s.services if v.active] or [("", "", False)]
        for code, name, engagement in rows:
            writer.writerow(
                [
                    s.identifiant,
                    s.designation,
                    code,
                    name,
                    "OUI" if s.service_required else "NON",
                    "OUI" if s.engagement_required or engagement else "NON",
                    s.adresse.get("codePostal", ""),
                    s.adresse.get("ville", ""),
                ]
            )
    return {"fichierResultat": base64.b64encode(out.getvalue().encode("utf-8")).decode("ascii")}


# -- reference lists ------------------------------------------------------------------------------------------


@operation("transverses/recuperer/tauxtva")
def taux_tva(call: Call, body: dict[str, Any]) -> dict[str, Any]:
    return {
        "listeTauxTva": [
            {"codeTauxTva": code, "libelleTauxTva": f"TVA {value:g} %", "valeurTauxTva": value}
            for code, value in VAT_RATES.items()
        ]
    }


@operation("transverses/recuperer/motifs/exonerationtva")
def motifs_exoneration(call: Call, body: dict[str, Any]) -> dict[str, Any]:
    return {
        "listeMotifsExonerationTva": [
            {"codeMotifExonerationTva": code, "libelleMotifExonerationTva": label} for code, label in EXEMPTIONS.items()
        ]
    }


@operation("transverses/recuperer/modereglements")
def modes_reglement(call: Call, body: dict[str, Any]) -> dict[str, Any]:
    return {"listeModePaiement": [{"modePaiement": mode} for mode in PAYMENT_MODES]}


@operation("transverses/recuperer/cadrefacturation")
def cadres_facturation(call: Call, body: dict[str, Any]) -> dict[str, Any]:
    kind = (text(body, "typeDemandePaiement") or "FACTURE").upper()
    # Works invoices (FACTURE_TRAVAUX) use the decompte frameworks; ordinary invoices the others.
    works = {
        "A4",
        "A5",
        "A6",
        "A7",
        "A8",
        "A10",
        "A11",
        "A13",
        "A14",
        "A15",
        "A16",
        "A17",
        "A18",
        "A19",
        "A20",
        "A22",
        "A23",
        "A24",
        "A25",
    }
    codes = [long for short, long in CADRES.items() if (short in works) == (kind == "FACTURE_TRAVAUX")]
    return {"listeCadreFacturation": [{"codeCadreFacturation": code} for code in codes]}


@operation("transverses/recuperer/devises")
def devises(call: Call, body: dict[str, Any]) -> dict[str, Any]:
    return {"listeDevises": [{"codeDevise": code, "libelleDevise": label} for code, label in DEVISES.items()]}


@operation("transverses/recuperer/pays")
def pays(call: Call, body: dict[str, Any]) -> dict[str, Any]:
    countries = {
        "FR": "France",
        "DE": "Allemagne",
        "BE": "Belgique",
        "ES": "Espagne",
        "IT": "Italie",
        "LU": "Luxembourg",
        "CH": "Suisse",
        "GB": "Royaume-Uni",
    }
    return {"listePays": [{"codePays": code, "libellePays": label} for code, label in countries.items()]}


@operation("transverses/recuperer/formatflux")
def formats_flux(call: Call, body: dict[str, Any]) -> dict[str, Any]:
    return {"listeFormatFlux": [{"formatFlux": syntaxe} for syntaxe in SYNTAXES]}


@operation("transverses/recuperer/typedp")
def types_dp(call: Call, body: dict[str, Any]) -> dict[str, Any]:
    return {"listeTypeDemandePaiement": [{"typeDemandePaiement": t} for t in ("FACTURE", "FACTURE_TRAVAUX")]}


@operation("transverses/recuperer/modedepot")
def modes_depot(call: Call, body: dict[str, Any]) -> dict[str, Any]:
    modes = ("SAISIE_API", "DEPOT_PDF_API", "DEPOT_PDF_SIGNE_API", "DEPOT_FLUX_API", "SAISIE_WEB", "PORTAIL_PDF")
    return {"listeModeDepot": [{"modeDepot": mode} for mode in modes]}


@operation("transverses/recuperer/typeidentifiant/structure")
def types_identifiant(call: Call, body: dict[str, Any]) -> dict[str, Any]:
    kinds = ("SIRET", "UE_HORS_FRANCE", "HORS_UE", "RIDET", "TAHITI", "AUTRE", "PARTICULIER")
    return {"listeTypeIdentifiant": [{"typeIdentifiantStructure": kind} for kind in kinds]}


@operation("transverses/recuperer/etat/typedp")
def etats_type_dp(call: Call, body: dict[str, Any]) -> dict[str, Any]:
    return {"listeEtatDemandePaiement": [{"etatDemandePaiement": statut} for statut in STATUSES]}


@operation("transverses/recuperer/typespj")
def types_pj(call: Call, body: dict[str, Any]) -> dict[str, Any]:
    objet = text(body, "typeObjet") or "FACTURE"
    return {
        "listeTypePieceJointe": [
            {"idTypePieceJointe": i, "codeTypePieceJointe": code, "libelleTypePieceJointe": label, "typeObjet": objet}
            for i, code, label in PIECE_TYPES
        ]
    }


@operation("transverses/recuperer/etats/traitement")
def etats_traitement(call: Call, body: dict[str, Any]) -> dict[str, Any]:
    statut = (text(body, "statutCourant") or "").upper()
    if not statut:
        raise BadRequest("le champ statutCourant est obligatoire")
    return {
        "listeStatutsPossiblesPourTraitement": [
            {"statutPossiblePourTraitement": target} for target in TRANSITIONS.get(statut, ())
        ]
    }


def _active(call: Call, public_role: bool | None) -> dict[str, Any]:
    structures = [call.sandbox.directory.structures[s] for s in (call.caller.user.structures if call.caller else [])]
    chosen = [s for s in structures if s.active and (public_role is None or s.public == public_role or s.public)]
    return {
        "listeStructures": [
            {"idStructureCPP": s.id, "identifiant": s.identifiant, "designationStructure": s.designation}
            for s in chosen
        ]
    }


@operation("transverses/recuperer/structures/actives/fournisseur")
def actives_fournisseur(call: Call, body: dict[str, Any]) -> dict[str, Any]:
    return _active(call, None)


@operation("transverses/recuperer/structures/actives/destinataire")
def actives_destinataire(call: Call, body: dict[str, Any]) -> dict[str, Any]:
    return _active(call, True)


@operation("transverses/recuperer/structures/actives/facturetravaux")
def actives_travaux(call: Call, body: dict[str, Any]) -> dict[str, Any]:
    return _active(call, None)


@operation("transverses/recuperer/coordbanc/valides")
def coordonnees_bancaires(call: Call, body: dict[str, Any]) -> dict[str, Any]:
    structure_id = integer(body, "idStructure")
    if structure_id is None:
        raise BadRequest("le champ idStructure est obligatoire")
    call.require_attached(structure_id)
    return {
        "listeCoordonneeBancaire": [
            {"idCoordonneeBancaire": structure_id * 10 + 1, "nomCoordonneeBancaire": "Compte principal"}
        ]
    }
