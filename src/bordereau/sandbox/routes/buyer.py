"""Public-buyer operations (``factures``): search the invoices received, consult, download, process."""

from __future__ import annotations

import base64
from typing import Any

from ..clock import day
from ..documents import invoice_pdf, invoice_zip, pivot
from ..lifecycle import ACTION_TELECHARGEMENT, SUPPLIER_ONLY, LifecycleError
from . import NO_RESULT, ApiError, BadRequest, Call, TooLarge, operation
from .params import flag, integer, items, paging, text
from .search import Filters, common
from .views import buyer_item, invoice_detail, sort_invoices, visible_to_buyer, visible_to_supplier

DOWNLOAD_MAX = 120 * 1024 * 1024
SEARCH_PAGING = ("paramRecherche", "parametresRecherche", "pagination")
DETAIL_PAGING = {
    "lignes": ("rechercheLignePoste", "pLignesPoste"),
    "tva": ("rechercheligneTvaRecap", "pLigneRecapTva"),
    "pj": ("recherchePj", "pListePiecesJointes"),
}
FORMATS = ("PDF", "PIVOT", "ZIP", "XML")


@operation("factures/rechercher/recipiendaire")
def rechercher_recipiendaire(call: Call, body: dict[str, Any]) -> dict[str, Any]:
    """Paging comes back at top level here, and an empty result is codeRetour 20000, as on the platform."""
    sandbox = call.sandbox
    page = paging(body, *SEARCH_PAGING)
    empty = {"codeRetour": NO_RESULT[0], "libelle": NO_RESULT[1], "listeFactures": [], **page.summary(0)}
    kind = (text(body, "typeDemandePaiement") or "FACTURE").upper()
    if kind != "FACTURE":
        return empty
    filters = Filters()
    buyer_id = integer(body, "idDestinataire")
    if buyer_id is not None:
        call.require_attached(buyer_id)
        filters.equal("buyer_id", buyer_id)
    else:
        filters.among("buyer_id", call.caller.user.structures if call.caller else [])
    filters.add(f"statut NOT IN ({', '.join('?' for _ in SUPPLIER_ONLY)})", *sorted(SUPPLIER_ONLY))
    filters.equal("service_id", integer(body, "idServiceExecutant"))
    alternatives = []
    for entry in items(body, "listeFournisseurs"):
        if not isinstance(entry, dict):
            continue
        supplier = integer(entry, "idFournisseur")
        services = [s for s in (integer({"v": v}, "v") for v in items(entry, "listeIdService")) if s]
        if supplier is not None:
            alternatives.append((supplier, services))
    if alternatives:
        parts, params = [], []
        for supplier, services in alternatives:
            if services:
                parts.append(f"(supplier_id = ? AND supplier_service_id IN ({', '.join('?' for _ in services)}))")
                params += [supplier, *services]
            else:
                parts.append("supplier_id = ?")
                params.append(supplier)
        filters.add("(" + " OR ".join(parts) + ")", *params)
    if flag(body, "factureTelechargeeParDestinataire"):
        filters.add("telechargee = 1")
    common(filters, body)
    rows = sort_invoices(sandbox.store.invoices(filters.where, filters.params), page)
    if not rows:
        return empty
    start, end = page.window(len(rows))
    return {"listeFactures": [buyer_item(sandbox, row) for row in rows[start:end]], **page.summary(len(rows))}


@operation("factures/consulter/recipiendaire")
def consulter_recipiendaire(call: Call, body: dict[str, Any]) -> dict[str, Any]:
    invoice_id = integer(body, "identifiantFactureCPP", "idFacture")
    if invoice_id is None:
        raise BadRequest("le champ identifiantFactureCPP est obligatoire")
    invoice = visible_to_buyer(call, call.sandbox.store.invoice(invoice_id))
    return {"facture": invoice_detail(call, invoice, body, DETAIL_PAGING)}


@operation("factures/telecharger/groupe")
def telecharger_groupe(call: Call, body: dict[str, Any]) -> dict[str, Any]:
    """PIVOT: one XML for all; PDF: one PDF for one invoice without attachments, else a ZIP; ZIP: always."""
    sandbox = call.sandbox
    kind = (text(body, "format") or "").upper()
    if not kind:
        raise BadRequest("le champ format est obligatoire (PDF ou PIVOT)")
    if kind not in FORMATS:
        raise BadRequest(f"format {kind} inconnu ; valeurs possibles : PDF, PIVOT")
    ids = []
    for entry in items(body, "listeFacture", "listeFactures"):
        invoice_id = integer(entry, "idFacture", "identifiantFactureCPP") if isinstance(entry, dict) else None
        if invoice_id is not None:
            ids.append(invoice_id)
    if not ids:
        raise BadRequest("listeFacture doit contenir au moins une facture")
    invoices, received = [], []
    for invoice_id in ids:
        invoice = sandbox.store.invoice(invoice_id)
        try:
            visible_to_buyer(call, invoice)
            received.append(invoice_id)
        except ApiError:
            visible_to_supplier(call, invoice)
        invoices.append(invoice)
    with_attachments = (text(body, "avecPiecesJointesComplementaires") or "NON").upper() == "OUI"
    if kind in ("PIVOT", "XML"):
        content = pivot(sandbox, invoices)
    elif (
        kind == "PDF"
        and len(invoices) == 1
        and not (with_attachments and sandbox.store.invoice_attachments(invoices[0]["id"]))
    ):
        content = invoice_pdf(sandbox, invoices[0])
    else:
        content = invoice_zip(sandbox, invoices, with_attachments)
    if len(content) > DOWNLOAD_MAX:
        raise TooLarge()
    now = sandbox.clock.now()
    with sandbox.store.tx():
        for invoice_id in received:
            sandbox.store.update_invoice(invoice_id, telechargee=1)
            sandbox.store.add_history(invoice_id, "action", ACTION_TELECHARGEMENT, now, kind, call.user_id)
    return {"fichierResultat": base64.b64encode(content).decode("ascii")}


@operation("factures/traiter/recue")
def traiter_recue(call: Call, body: dict[str, Any]) -> dict[str, Any]:
    invoice_id = integer(body, "idFacture", "identifiantFactureCPP")
    if invoice_id is None:
        raise BadRequest("le champ idFacture est obligatoire")
    statut = (text(body, "nouveauStatut") or "").upper()
    if not statut:
        raise BadRequest("le champ nouveauStatut est obligatoire")
    sandbox = call.sandbox
    invoice = visible_to_buyer(call, sandbox.store.invoice(invoice_id))
    try:
        at = sandbox.lifecycle.process(
            invoice, statut, text(body, "motif"), text(body, "numeroDPMandat", "numeroDpMandat"), call.user_id
        )
    except LifecycleError as exc:
        raise ApiError(exc.code, exc.libelle) from None
    return {
        "idFacture": invoice["id"],
        "numeroFacture": invoice["numero"],
        "dateTraitement": day(at),
        "nouveauStatut": statut,
    }


@operation("facturesTravaux/rechercher")
def rechercher_travaux(call: Call, body: dict[str, Any]) -> dict[str, Any]:
    """Works invoices are not emulated: the search finds none (code 20007, as the platform says it)."""
    page = paging(body, "rechercheFactureTravaux", "parametresRecherche")
    return {
        "codeRetour": 20007,
        "libelle": "GFT_MSG_01.075 : la recherche n'a retourné aucun résultat.",
        "listeFacturesTravaux": [],
        "parametresRetour": page.summary(0),
    }
