"""Supplier operations (``factures``): deposit a flow, key an invoice in, search, consult, complete, recycle."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date
from typing import Any

from ..clock import day
from ..lifecycle import LifecycleError
from ..reading import CADRES, SYNTAXES
from . import ApiError, BadRequest, Call, operation
from .params import b64, flag, integer, items, number, obj, paging, text
from .search import Filters, common, recipients
from .views import (
    VAT_RATES,
    history,
    invoice_detail,
    sort_invoices,
    supplier_item,
    visible_to_buyer,
    visible_to_supplier,
)

FLUX_MAX = 30 * 1024 * 1024  # UNSURE: 10 MB per file, 30 MB compressed, as an integrator's notes on annex V5.00 say
FILE_NAME_MAX = 200
NUMBER_MAX = 20
NUMBER_PATTERN = re.compile(r"^[A-Za-z0-9\-_/+ .]+$")
MODES = ("SAISIE_API", "DEPOT_PDF_API", "DEPOT_PDF_SIGNE_API")
TYPES = ("FACTURE", "AVOIR", "ACOMPTE")
TYPES_TVA = ("TVA_SUR_DEBIT", "TVA_SUR_ENCAISSEMENT", "EXONERATION", "SANS_TVA")
PAYMENT_MODES = ("CHEQUE", "PRELEVEMENT", "VIREMENT", "ESPECE", "AUTRE", "REPORT")
SEARCH_PAGING = ("rechercheFactureParFournisseur", "parametresRecherche", "paramRecherche", "pagination")
DETAIL_PAGING = {
    "lignes": ("pLignesPoste", "rechercheLignePoste"),
    "tva": ("pLigneRecapTva", "rechercheligneTvaRecap"),
    "pj": ("pListePiecesJointes", "recherchePj"),
}


@operation("factures/deposer/flux")
def deposer_flux(call: Call, body: dict[str, Any]) -> dict[str, Any]:
    """Store the flow ``IN_RECU`` and answer its number at once; integration follows in the background."""
    content = b64(body, "fichierFlux")
    assert content is not None
    name = text(body, "nomFichier")
    if not name:
        raise BadRequest("le champ nomFichier est obligatoire")
    if len(name) > FILE_NAME_MAX or "." not in name.rsplit("/", 1)[-1]:
        raise BadRequest(f"nomFichier doit avoir une extension et au plus {FILE_NAME_MAX} caractères")
    syntaxe = text(body, "syntaxeFlux")
    if not syntaxe:
        raise BadRequest("le champ syntaxeFlux est obligatoire")
    if syntaxe not in SYNTAXES:
        raise BadRequest(f"syntaxeFlux {syntaxe} inconnue ; valeurs possibles : {', '.join(SYNTAXES)}")
    if len(content) > FLUX_MAX:
        raise ApiError(20001, "GDP_MSG_11.022 : le fichier déposé dépasse la taille autorisée.")
    sandbox = call.sandbox
    now = sandbox.clock.now()
    with sandbox.store.tx():
        numero = sandbox.store.new_flux_number()
        row = {
            "numero": numero,
            "user_id": call.user_id,
            "nom_fichier": name,
            "syntaxe": syntaxe,
            "avec_signature": 1 if flag(body, "avecSignature") else 0,
            "date_depot": now,
            "etat": "IN_RECU",
            "etat_at": now,
            "content": content,
        }
        sandbox.store.add_flux(row, now + sandbox.directory.delays["integration"])
    sandbox.poke()
    return {"numeroFluxDepot": numero, "dateDepot": day(now), "syntaxeFlux": syntaxe}


def _supplier_of(call: Call, body: dict[str, Any]) -> Any:
    supplier_id = integer(obj(body, "fournisseur"), "idFournisseur")
    if supplier_id is not None:
        call.require_attached(supplier_id)
        supplier = call.sandbox.directory.structure(supplier_id)
        if supplier is None:
            raise ApiError(20002, f"Le fournisseur {supplier_id} n'existe pas.")
        return supplier
    structures = [call.sandbox.directory.structure(s) for s in (call.caller.user.structures if call.caller else [])]
    if len(structures) != 1 or structures[0] is None:
        raise BadRequest("fournisseur.idFournisseur est obligatoire quand l'utilisateur a plusieurs structures")
    return structures[0]


def _date(value: str | None, field: str, required: bool = False) -> str | None:
    if not value:
        if required:
            raise BadRequest(f"le champ {field} est obligatoire")
        return None
    try:
        return date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        raise BadRequest(f"le champ {field} doit être une date AAAA-MM-JJ") from None


def _rate(entry: dict[str, Any], code_key: str, manual_key: str) -> float | None:
    manual = number(entry, manual_key)
    if manual is not None:
        return manual
    code = text(entry, code_key)
    if code is None:
        return 0.0 if entry.get(manual_key) == 0 else None
    if code in VAT_RATES:
        return VAT_RATES[code]
    raise ApiError(20003, f"Le taux de TVA {code} n'existe pas (voir recuperer/tauxtva).")


@operation("factures/soumettre")
def soumettre(call: Call, body: dict[str, Any]) -> dict[str, Any]:
    """An invoice keyed in through the API (or a PDF deposited with ajouter/fichier): DEPOSEE at once."""
    sandbox, directory = call.sandbox, call.sandbox.directory
    mode = text(body, "modeDepot") or "SAISIE_API"
    if mode not in MODES:
        raise BadRequest(f"modeDepot {mode} inconnu ; valeurs possibles : {', '.join(MODES)}")
    numero = text(body, "numeroFactureSaisi", "numeroFacture")
    if not numero:
        raise BadRequest("le champ numeroFactureSaisi est obligatoire")
    if len(numero) > NUMBER_MAX or not NUMBER_PATTERN.match(numero):
        raise ApiError(
            20003, f"Le numéro de facture {numero} est invalide (20 caractères au plus, lettres, chiffres, -_/+)."
        )
    supplier = _supplier_of(call, body)
    destinataire = obj(body, "destinataire")
    references = obj(body, "references")
    engagement = text(references, "numeroBonCommande")
    buyer, service, errors = directory.routing_errors(
        supplier, text(destinataire, "codeDestinataire"), text(destinataire, "codeServiceExecutant"), engagement
    )
    if errors:
        raise ApiError(20002, " ".join(errors))
    assert buyer is not None
    if sandbox.store.invoice_number_used(supplier.id, numero):
        raise ApiError(20004, f"Le numéro de facture {numero} a déjà été utilisé par ce fournisseur.")
    date_facture = _date(text(body, "dateFacture"), "dateFacture", required=True)
    due_date = _date(text(body, "dateEcheancePaiement"), "dateEcheancePaiement")
    type_facture = (text(references, "typeFacture") or "FACTURE").upper()
    type_tva = (text(references, "typeTva") or "TVA_SUR_DEBIT").upper()
    payment = (text(references, "modePaiement") or "VIREMENT").upper()
    for value, allowed, field in (
        (type_facture, TYPES, "typeFacture"),
        (type_tva, TYPES_TVA, "typeTva"),
        (payment, PAYMENT_MODES, "modePaiement"),
    ):
        if value not in allowed:
            raise BadRequest(f"{field} {value} inconnu ; valeurs possibles : {', '.join(allowed)}")
    lines = []
    for index, raw in enumerate(items(body, "lignePoste"), start=1):
        entry = raw.get("lignePoste") if isinstance(raw.get("lignePoste"), dict) else raw
        quantity = number(entry, "lignePosteQuantite") or 0.0
        price = number(entry, "lignePosteMontantUnitaireHT") or 0.0
        discount = number(entry, "lignePosteMontantRemiseHT") or 0.0
        rate = _rate(entry, "lignePosteTauxTva", "lignePosteTauxTvaManuel")
        net = round(quantity * price - discount, 2)
        lines.append(
            {
                "numero": integer(entry, "lignePosteNumero") or index,
                "reference": text(entry, "lignePosteReference") or "",
                "denomination": text(entry, "lignePosteDenomination") or "",
                "quantite": quantity,
                "unite": text(entry, "lignePosteUnite") or "",
                "prixUnitaire": price,
                "remise": discount,
                "montantHT": net,
                "tauxTva": rate,
                "montantTva": round(net * (rate or 0) / 100, 2),
            }
        )
    if mode == "SAISIE_API" and not lines:
        raise ApiError(20003, "Une facture saisie doit comporter au moins une ligne de poste.")
    principal = _attachments(call, body, "pieceJointePrincipale", "pieceJointePrincipale")
    if mode != "SAISIE_API" and not principal:
        raise ApiError(20003, f"Le mode {mode} demande une pièce jointe principale (voir ajouter/fichier).")
    extra = _attachments(call, body, "pieceJointeComplementaire", "pieceJointeComplementaire")
    vat = []
    for raw in items(body, "ligneTva"):
        entry = raw.get("ligneTva") if isinstance(raw.get("ligneTva"), dict) else raw
        vat.append(
            {
                "taux": _rate(entry, "ligneTvaTaux", "ligneTvaTauxManuel"),
                "categorie": None,
                "base": number(entry, "ligneTvaMontantBaseHtParTaux") or 0.0,
                "montant": number(entry, "ligneTvaMontantTvaParTaux") or 0.0,
            }
        )
    totals = obj(body, "montantTotal")
    ht = number(totals, "montantHtTotal") or round(sum(line["montantHT"] for line in lines), 2)
    tva = number(totals, "montantTVA") or round(sum(v["montant"] for v in vat), 2)
    ttc = number(totals, "montantTtcTotal") or round(ht + tva, 2)
    remise = number(totals, "montantRemiseGlobaleTTC") or 0.0
    due = number(totals, "montantAPayer")
    if due is None:
        due = round(ttc - remise, 2)
    elif abs(due - (ttc - remise)) > 0.01:
        raise ApiError(20003, "montantAPayer doit valoir montantTtcTotal moins montantRemiseGlobaleTTC.")
    cadre_code = text(obj(body, "cadreDeFacturation"), "codeCadreFacturation") or "A1_FACTURE_FOURNISSEUR"
    cadre = CADRES.get(cadre_code, cadre_code)
    now = sandbox.clock.now()
    invoice_id = sandbox.store.new_invoice_id()
    data = {
        "numero": numero,
        "syntax": "saisie",
        "typeFacture": type_facture,
        "cadre": cadre,
        "dateFacture": date_facture,
        "dateEcheance": due_date,
        "devise": (text(references, "deviseFacture") or "EUR").upper(),
        "codeService": service.code if service else None,
        "engagement": engagement,
        "marche": text(references, "numeroMarche"),
        "factureOrigine": text(references, "numeroFactureOrigine"),
        "modePaiement": payment,
        "typeTva": type_tva,
        "motifExonerationTva": text(references, "motifExonerationTva"),
        "commentaire": text(body, "commentaire"),
        "fournisseur": {
            "identifiant": supplier.identifiant,
            "designation": supplier.designation,
            "adresse": supplier.adresse,
        },
        "destinataire": {"identifiant": buyer.identifiant, "designation": buyer.designation},
        "montantHT": ht,
        "montantTVA": tva,
        "montantTTC": ttc,
        "montantAPayer": due,
        "lignes": lines,
        "tva": vat,
    }
    row = {
        "id": invoice_id,
        "numero": numero,
        "supplier_id": supplier.id,
        "supplier_service_id": integer(obj(body, "fournisseur"), "idServiceFournisseur"),
        "buyer_id": buyer.id,
        "service_id": service.id if service else None,
        "syntax": "saisie",
        "mode_depot": mode,
        "type_facture": type_facture,
        "cadre": cadre,
        "date_facture": date_facture,
        "date_depot": now,
        "devise": data["devise"],
        "montant_ht": ht,
        "montant_tva": tva,
        "montant_ttc": ttc,
        "montant_a_payer": due,
        "bon_commande": engagement,
        "marche": data["marche"],
        "facture_origine": data["factureOrigine"],
        "statut": "DEPOSEE",
        "statut_at": now,
        "user_id": call.user_id,
        "data": data,
    }
    store = sandbox.store
    with store.tx():
        store.insert_invoice(row)
        for role, pieces in (("principale", principal), ("complementaire", extra)):
            for piece in pieces:
                store.link_attachment(
                    invoice_id, piece["id"], role, piece["designation"], piece["type"], piece["ligne"]
                )
        sandbox.lifecycle.deposited(row, now, call.user_id)
        store.add_history(invoice_id, "action", "DEPOT", now, mode, call.user_id)
    sandbox.poke()
    fingerprint = hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode("utf-8")).hexdigest()
    return {
        "identifiantFactureCPP": invoice_id,
        "numeroFacture": numero,
        "dateDepot": day(now),
        "statutFacture": "DEPOSEE",
        "identifiantStructure": supplier.identifiant,
        "empreinteCertificatDepot": fingerprint,
    }


def _attachments(call: Call, body: dict[str, Any], key: str, prefix: str) -> list[dict[str, Any]]:
    """Attachment references (ids from ajouter/fichier) in a request; unknown ones are refused."""
    result = []
    for raw in items(body, key):
        if not isinstance(raw, dict):
            continue
        entry = raw.get(key) if isinstance(raw.get(key), dict) else raw
        piece_id = integer(entry, f"{prefix}Id")
        if piece_id is None:
            continue
        stored = call.sandbox.store.attachment(piece_id)
        if stored is None or stored["user_id"] != call.user_id:
            raise ApiError(20003, f"La pièce jointe {piece_id} n'existe pas (voir ajouter/fichier).")
        result.append(
            {
                "id": piece_id,
                "designation": text(entry, f"{prefix}Designation") or stored["nom"],
                "type": text(entry, f"{prefix}Type") or ("01" if key == "pieceJointePrincipale" else "02"),
                "ligne": integer(entry, f"{prefix}NumeroLigneFacture"),
            }
        )
    return result


@operation("factures/rechercher/fournisseur")
def rechercher_fournisseur(call: Call, body: dict[str, Any]) -> dict[str, Any]:
    sandbox = call.sandbox
    filters = Filters()
    supplier_id = integer(body, "idFournisseur")
    if supplier_id is not None:
        call.require_attached(supplier_id)
        filters.equal("supplier_id", supplier_id)
    else:
        filters.among("supplier_id", call.caller.user.structures if call.caller else [])
    filters.equal("flux", text(body, "numeroFluxDepot"))
    filters.equal("mode_depot", text(body, "modeDepot"))
    if flag(body, "rejetTraite"):
        filters.add("rejet_traite = 1")
    common(filters, body)
    recipients(filters, body)
    page = paging(body, *SEARCH_PAGING)
    rows = sort_invoices(sandbox.store.invoices(filters.where, filters.params), page)
    start, end = page.window(len(rows))
    return {
        "listeFactures": [supplier_item(sandbox, row) for row in rows[start:end]],
        "parametresRetour": page.summary(len(rows)),
    }


def _invoice_id(body: dict[str, Any]) -> int:
    invoice_id = integer(body, "identifiantFactureCPP", "idFacture")
    if invoice_id is None:
        raise BadRequest("le champ identifiantFactureCPP est obligatoire")
    return invoice_id


@operation("factures/consulter/fournisseur")
def consulter_fournisseur(call: Call, body: dict[str, Any]) -> dict[str, Any]:
    invoice = visible_to_supplier(call, call.sandbox.store.invoice(_invoice_id(body)))
    return {"facture": invoice_detail(call, invoice, body, DETAIL_PAGING)}


@operation("factures/consulter/historique")
def consulter_historique(call: Call, body: dict[str, Any]) -> dict[str, Any]:
    """The history, for the invoice's supplier and for its buyer."""
    invoice_id = integer(body, "idFacture", "identifiantFactureCPP")
    if invoice_id is None:
        raise BadRequest("le champ idFacture est obligatoire")
    invoice = call.sandbox.store.invoice(invoice_id)
    try:
        visible_to_supplier(call, invoice)
    except ApiError:
        visible_to_buyer(call, invoice)
    assert invoice is not None
    return history(call, invoice, body)


@operation("factures/completer")
def completer(call: Call, body: dict[str, Any]) -> dict[str, Any]:
    invoice = visible_to_supplier(call, call.sandbox.store.invoice(_invoice_id(body)))
    extra = _attachments(call, body, "pieceJointeComplementaire", "pieceJointeComplementaire")
    try:
        at = call.sandbox.lifecycle.complete(invoice, text(body, "commentaire"), call.user_id)
    except LifecycleError as exc:
        raise ApiError(exc.code, exc.libelle) from None
    for piece in extra:
        call.sandbox.store.link_attachment(
            invoice["id"], piece["id"], "complementaire", piece["designation"], piece["type"], piece["ligne"]
        )
    call.sandbox.poke()
    return {"identifiantFactureCPP": invoice["id"], "numeroFacture": invoice["numero"], "dateTraitement": day(at)}


@operation("factures/recycler")
def recycler(call: Call, body: dict[str, Any]) -> dict[str, Any]:
    sandbox = call.sandbox
    invoice = visible_to_supplier(call, sandbox.store.invoice(_invoice_id(body)))
    if invoice["statut"] != "A_RECYCLER":
        raise ApiError(20002, "La facture n'est pas au statut A_RECYCLER.")
    destinataire = obj(body, "destinataire")
    current = sandbox.directory.structure(invoice["buyer_id"])
    buyer_code = text(destinataire, "codeDestinataire") or (current.identifiant if current else None)
    engagement = text(obj(body, "references", "reference"), "numeroBonCommande") or invoice["bon_commande"]
    supplier = sandbox.directory.structure(invoice["supplier_id"])
    buyer, service, errors = sandbox.directory.routing_errors(
        supplier, buyer_code, text(destinataire, "codeServiceExecutant"), engagement
    )
    if errors:
        raise ApiError(20003, " ".join(errors))
    assert buyer is not None
    if engagement != invoice["bon_commande"]:
        sandbox.store.update_invoice(invoice["id"], bon_commande=engagement)
    at = sandbox.lifecycle.recycle(
        invoice, buyer, service.id if service else None, text(body, "commentaire"), call.user_id
    )
    sandbox.poke()
    return {
        "identifiantFactureCPP": invoice["id"],
        "numeroFacture": invoice["numero"],
        "dateDepot": day(at),
        "statutFacture": "DEPOSEE",
    }


@operation("factures/traiterRejet")
def traiter_rejet(call: Call, body: dict[str, Any]) -> dict[str, Any]:
    """The supplier marks rejected invoices as dealt with (``rejetTraite``)."""
    store = call.sandbox.store
    for entry in items(body, "listeDemandePaiement"):
        invoice_id = integer(entry, "idDemandePaiement", "idFacture") if isinstance(entry, dict) else None
        if invoice_id is None:
            continue
        invoice = visible_to_supplier(call, store.invoice(invoice_id))
        if invoice["statut"] != "REJETEE":
            raise ApiError(20002, f"La facture {invoice['numero']} n'est pas au statut REJETEE.")
        store.update_invoice(invoice_id, rejet_traite=1)
    return {}
