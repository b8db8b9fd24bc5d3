"""How invoices look in answers: list items (supplier and buyer side), the full invoice, the history."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..clock import day, instant, minute
from ..store import Row
from . import ApiError, Call
from .params import Paging, obj, paging

if TYPE_CHECKING:
    from ..app import Sandbox

VAT_RATES: dict[str, float] = {
    # UNSURE: the platform's own codes are not published; these carry the rate in their name.
    "TVA0": 0.0,
    "TVA0.9": 0.9,
    "TVA1.05": 1.05,
    "TVA1.75": 1.75,
    "TVA2.1": 2.1,
    "TVA5.5": 5.5,
    "TVA8.5": 8.5,
    "TVA10": 10.0,
    "TVA13": 13.0,
    "TVA20": 20.0,
}
DEVISES = {"EUR": "Euro", "USD": "Dollar des États-Unis", "GBP": "Livre sterling", "CHF": "Franc suisse"}


def vat_code(rate: float | None) -> str:
    if rate is None:
        return ""
    for code, value in VAT_RATES.items():
        if abs(value - rate) < 1e-9:
            return code
    return ""


# A date that is not known is sent as null, never "": strictly typed clients fail to parse an empty date.


def money(value: float | None) -> float:
    return round(float(value or 0.0), 6)


def visible_to_supplier(call: Call, invoice: Row | None) -> Row:
    """The invoice, if the caller issued it; else the API's 'unknown' or 'no rights' answer."""
    if invoice is None:
        raise ApiError(20000, "GDP_MSG_11.008 : la facture demandée n'existe pas.")
    if call.caller is None or not call.caller.attached(invoice["supplier_id"]):
        raise ApiError(20001, "GDP_MSG_11.005 : l'utilisateur n'a pas les droits sur cette facture.")
    return invoice


def visible_to_buyer(call: Call, invoice: Row | None) -> Row:
    from ..lifecycle import SUPPLIER_ONLY

    if invoice is None:
        raise ApiError(20000, "GDP_MSG_11.008 : la facture demandée n'existe pas.")
    if call.caller is None or not call.caller.attached(invoice["buyer_id"]) or invoice["statut"] in SUPPLIER_ONLY:
        raise ApiError(20001, "GDP_MSG_11.005 : l'utilisateur n'a pas les droits sur cette facture.")
    return invoice


def _names(sandbox: Sandbox, invoice: Row) -> dict[str, Any]:
    directory = sandbox.directory
    supplier = directory.structure(invoice["supplier_id"])
    buyer = directory.structure(invoice["buyer_id"])
    service = directory.service(invoice["service_id"])
    return {
        "codeFournisseur": supplier.identifiant if supplier else "",
        "designationFournisseur": supplier.designation if supplier else "",
        "typeIdentifiantFournisseur": supplier.type_identifiant if supplier else "SIRET",
        "codeDestinataire": buyer.identifiant if buyer else "",
        "designationDestinataire": buyer.designation if buyer else "",
        "codeServiceExecutant": service.code if service else "",
        "nomServiceExecutant": service.nom if service else "",
    }


def _common(sandbox: Sandbox, invoice: Row) -> dict[str, Any]:
    return {
        "numeroFacture": invoice["numero"],
        "typeFacture": invoice["type_facture"],
        "typeDemandePaiement": "FACTURE",
        "cadreFacturation": invoice["cadre"],
        "statut": invoice["statut"],
        "commentaireEtatCourant": invoice["statut_comment"] or "",
        "dateFacture": invoice["date_facture"] or None,
        "dateDepot": day(invoice["date_depot"]),
        "dateHeureEtatCourant": instant(invoice["statut_at"]),
        **_names(sandbox, invoice),
        "idDestinataire": invoice["buyer_id"],
        "idServiceExecutant": invoice["service_id"] or 0,
        "idFournisseur": invoice["supplier_id"],
        "codeServiceFournisseur": "",
        "nomServiceFournisseur": "",
        "devise": invoice["devise"] or "EUR",
        "montantHT": money(invoice["montant_ht"]),
        "montantTTC": money(invoice["montant_ttc"]),
        "montantAPayer": money(invoice["montant_a_payer"]),
        "numeroBonCommande": invoice["bon_commande"] or "",
        "numeroMarche": invoice["marche"] or "",
        "numeroFactureOrigine": invoice["facture_origine"] or "",
        "modeDepot": invoice["mode_depot"],
    }


def supplier_item(sandbox: Sandbox, invoice: Row) -> dict[str, Any]:
    """One entry of rechercher/fournisseur."""
    user = sandbox.directory.users_by_id.get(invoice["user_id"] or 0)
    return {
        "identifiantFactureCPP": invoice["id"],
        **_common(sandbox, invoice),
        "numeroFluxDepot": invoice["flux"] or "",
        "rejetTraite": bool(invoice["rejet_traite"]),
        "nomPrenomUtilisateurCreateur": f"{user.nom} {user.prenom}" if user else "",
    }


def buyer_item(sandbox: Sandbox, invoice: Row) -> dict[str, Any]:
    """One entry of rechercher/recipiendaire."""
    return {
        "idFacture": invoice["id"],
        **_common(sandbox, invoice),
        "factureTelechargeeParDestinataire": bool(invoice["telechargee"]),
    }


# Sort columns clients name (both the API's spelling and the obvious one), to the stored field.
SORT_COLUMNS: dict[str, Callable[[Row], Any]] = {
    "numerofacture": lambda r: r["numero"],
    "datedepot": lambda r: r["date_depot"],
    "datefacture": lambda r: r["date_facture"] or "",
    "dateheureetatcourant": lambda r: r["statut_at"],
    "statut": lambda r: r["statut"],
    "montantht": lambda r: r["montant_ht"] or 0,
    "montantttc": lambda r: r["montant_ttc"] or 0,
    "montantapayer": lambda r: r["montant_a_payer"] or 0,
    "identifiantfacturecpp": lambda r: r["id"],
    "idfacture": lambda r: r["id"],
}


def sort_invoices(rows: list[Row], page: Paging) -> list[Row]:
    key = SORT_COLUMNS.get((page.column or "").replace("_", "").lower(), SORT_COLUMNS["datedepot"])
    return sorted(rows, key=lambda r: (key(r), r["id"]), reverse=page.descending)


def _page_of(rows: list[Any], page: Paging) -> list[Any]:
    start, end = page.window(len(rows))
    return rows[start:end]


def invoice_detail(call: Call, invoice: Row, body: dict[str, Any], keys: dict[str, tuple[str, ...]]) -> dict[str, Any]:
    """The ``facture`` object of consulter/fournisseur and consulter/recipiendaire."""
    sandbox = call.sandbox
    data = invoice["data"]
    names = _names(sandbox, invoice)
    supplier_address = (data.get("fournisseur") or {}).get("adresse") or {}
    buyer = sandbox.directory.structure(invoice["buyer_id"])
    buyer_address = buyer.adresse if buyer else {}
    lines = data.get("lignes") or []
    vat = data.get("tva") or []
    attachments = sandbox.store.invoice_attachments(invoice["id"])
    lines_page = paging(body, *keys["lignes"], default_size=10_000)
    vat_page = paging(body, *keys["tva"], default_size=10_000)
    pj_page = paging(body, *keys["pj"], default_size=10_000)
    for page in (lines_page, vat_page, pj_page):
        page.maximum = None
    iban = data.get("iban") or ""
    ht, tva, ttc = money(invoice["montant_ht"]), money(invoice["montant_tva"]), money(invoice["montant_ttc"])
    return {
        "identifiantFactureCPP": invoice["id"],
        "numeroFacture": invoice["numero"],
        "statutFacture": invoice["statut"],
        "modeDepot": invoice["mode_depot"],
        "commentaire": data.get("commentaire") or "",
        "cadreDeFacturation": {"codeCadreFacturation": invoice["cadre"]},
        "destinataire": {
            "idDestinataire": invoice["buyer_id"],
            "codeDestinataire": names["codeDestinataire"],
            "libelleDestinataire": names["designationDestinataire"],
            "destinataireEtat": "ACTIF" if buyer is None or buyer.active else "INACTIF",
            "idServiceExecutant": invoice["service_id"] or 0,
            "codeServiceExecutant": names["codeServiceExecutant"],
            "libelleServiceExecutant": names["nomServiceExecutant"],
            "adresseDestinataireDetail": buyer_address.get("adresse", ""),
            "adresseDestinataireCodePostal": buyer_address.get("codePostal", ""),
            "adresseDestinataireVille": buyer_address.get("ville", ""),
            "adresseDestinataireCodePays": buyer_address.get("pays", "FR"),
        },
        "fournisseur": {
            "idFournisseur": invoice["supplier_id"],
            "codeFournisseur": names["codeFournisseur"],
            "designationFournisseur": names["designationFournisseur"],
            "typeIdentifiantFournisseur": names["typeIdentifiantFournisseur"],
            "codeServiceFournisseur": "",
            "libelleServiceFournisseur": "",
            "adresseFournisseurDetail": supplier_address.get("adresse", ""),
            "adresseFournisseurComplement1": supplier_address.get("complement1", ""),
            "adresseFournisseurCodePostal": supplier_address.get("codePostal", ""),
            "adresseFournisseurVille": supplier_address.get("ville", ""),
            "adresseFournisseurCodePays": supplier_address.get("pays", ""),
            "coordBancairesFournisseurType": "IBAN" if iban else "",
            "coordBancairesFournisseurCompteBancaire": iban,
            "coordBancairesFournisseurCodePays": iban[:2],
            "coordBancairesFournisseurCleIban": iban[2:4],
            "coordBancairesBicSwift": data.get("bic") or "",
        },
        "references": {
            "typeFacture": invoice["type_facture"],
            "typeTva": data.get("typeTva") or "TVA_SUR_DEBIT",
            "dateFacture": invoice["date_facture"] or None,
            "dateEcheancePaiement": data.get("dateEcheance") or None,
            "dateDepot": day(invoice["date_depot"]),
            "dateCreationFacture": minute(invoice["date_depot"]),
            "codeDeviseFacture": invoice["devise"] or "EUR",
            "libelleDeviseFacture": DEVISES.get(invoice["devise"] or "EUR", invoice["devise"] or ""),
            "modePaiement": data.get("modePaiement") or "",
            "motifExonerationTva": data.get("motifExonerationTva") or "",
            "numeroBonCommande": invoice["bon_commande"] or "",
            "numeroMarche": invoice["marche"] or "",
            "numeroFactureOrigine": invoice["facture_origine"] or "",
            "numeroDpMandat": invoice["mandat"] or "",
        },
        "montantTotal": {
            "montantHtTotal": ht,
            "montantTVA": tva,
            "montantTtcAvantRemiseGlobalTTC": ttc,
            "montantRemiseGlobaleTTC": 0.0,
            "motifRemiseGlobaleTTC": "",
            "montantTtcTotal": ttc,
            "montantAPayer": money(invoice["montant_a_payer"]),
        },
        "lignesDePoste": _listing(
            [_line(line) for line in lines], lines_page, "lignePoste", "LignesPoste", "LignesPoste"
        ),
        "recapitulatifDeTva": _listing(
            [_vat_line(v) for v in vat], vat_page, "ligneTva", "LignesRecapitulativesTVA", "LignesRecapitulativesTVA"
        ),
        "listeDesPiecesJointes": _listing(
            [_attachment(a) for a in attachments], pj_page, "pieceJointe", "ListePiecesJointe", "ListePiecesJointe"
        ),
    }


def _listing(rows: list[dict[str, Any]], page: Paging, key: str, size_suffix: str, suffix: str) -> dict[str, Any]:
    summary = page.summary(len(rows))
    return {
        key: _page_of(rows, page),
        f"nbResultatsParPage{size_suffix}": summary["nbResultatsParPage"],
        f"pageCourante{suffix}": summary["pageCourante"],
        f"pages{suffix}": summary["pages"],
        f"total{suffix}": summary["total"],
    }


def _line(line: dict[str, Any]) -> dict[str, Any]:
    rate = line.get("tauxTva")
    net = money(line.get("montantHT"))
    tax = money(line.get("montantTva"))
    return {
        "lignePosteNumero": line["numero"],
        "lignePosteReference": line.get("reference") or "",
        "lignePosteDenomination": line.get("denomination") or "",
        "lignePosteQuantite": money(line.get("quantite")),
        "lignePosteUniteLibelle": line.get("unite") or "",
        "lignePosteMontantUnitaireHT": money(line.get("prixUnitaire")),
        "lignePosteMontantRemiseHT": money(line.get("remise")),
        "lignePosteMontantHtApresRemise": net,
        "lignePosteTauxTva": vat_code(rate),
        "lignePosteTauxTvaManuel": money(rate),
        "lignePosteMontantTva": tax,
        "lignePosteMontantTtcApresRemise": money(net + tax),
    }


def _vat_line(vat: dict[str, Any]) -> dict[str, Any]:
    rate = vat.get("taux")
    code = vat_code(rate)
    return {
        "ligneTvaTauxRefCode": code,
        "ligneTvaTauxRefValeur": money(rate),
        "ligneTvaTauxRefLibelle": f"TVA {rate:g} %" if rate is not None else "",
        "ligneTvaTauxManuel": money(rate),
        "ligneTvaMontantBaseHtParTaux": money(vat.get("base")),
        "ligneTvaMontantTvaParTaux": money(vat.get("montant")),
    }


def _attachment(row: Row) -> dict[str, Any]:
    return {
        "pieceJointeId": row["attachment_id"],
        "pieceJointeDesignation": row["designation"] or row["nom"],
        "pieceJointeExtension": (row["extension"] or "").upper(),
        "pieceJointeTypeCode": row["type_code"] or ("01" if row["role"] == "principale" else "02"),
        "pieceJointeTypeLibelle": "Pièce jointe principale" if row["role"] == "principale" else "Pièce complémentaire",
        "pieceJointeNumeroLigneFacture": row["ligne"] or 0,
    }


def history(call: Call, invoice: Row, body: dict[str, Any]) -> dict[str, Any]:
    """consulter/historique: statuses, user actions and other events, each listing paged on its own."""
    store, users = call.sandbox.store, call.sandbox.directory.users_by_id
    limit = body.get("nbResultatsMaximum")

    def who(row: Row) -> tuple[str, str, str]:
        user = users.get(row["user_id"] or 0)
        return (user.nom, user.prenom, user.email) if user else ("CHORUS PRO", "Plateforme", "")

    statuses = []
    for row in store.history(invoice["id"], "statut"):
        nom, prenom, email = who(row)
        statuses.append(
            {
                "histoStatutId": row["id"],
                "histoStatutCode": row["code"],
                "histoStatutDatePassage": minute(row["at"]),
                "histoStatutCommentaire": row["comment"] or "",
                "histoStatutUtilisateurNom": nom,
                "histoStatutUtilisateurPrenom": prenom,
                "histoStatutUtilisateurEmail": email,
                "histoStatutUtilisateurTelephone": "",
            }
        )
    actions = []
    for row in store.history(invoice["id"], "action"):
        nom, prenom, email = who(row)
        actions.append(
            {
                "histoActionId": row["id"],
                "histoActionCode": row["code"],
                "histoActionDateHeure": minute(row["at"]),
                "histoActionUtilisateurNom": nom,
                "histoActionUtilisateurPrenom": prenom,
                "histoActionUtilisateurEmail": email,
                "histoActionUtilisateurTelephone": "",
            }
        )
    # UNSURE: the order the platform lists the history in; newest first unless the client asks otherwise.
    outputs = {}
    for rows, key, inner, suffix, request_keys in (
        (statuses, "historiquesDesStatuts", "histoStatut", "HistoStatut", ("paramRechercheHistoStatuts",)),
        (
            actions,
            "historiquesDesActionsUtilisateurs",
            "histoAction",
            "HistoAction",
            ("paramRechercheHistoActionsUtilisateurs",),
        ),
        (
            [],
            "historiquesDesEvenementsComplementaires",
            "evenement",
            "Evenement",
            ("paramRechercheHistoEvenementsComplementaires",),
        ),
    ):
        source = obj(body, *request_keys)
        page = paging({"p": source} if source else {}, "p", default_size=10_000)
        page.descending = _order(source) != "asc"
        if isinstance(limit, int) and limit > 0:
            page.maximum = limit
        ordered = list(reversed(rows)) if page.descending else rows
        summary = page.summary(len(ordered))
        outputs[key] = {
            inner: _page_of(ordered, page),
            f"nbResultatsParPage{suffix}": summary["nbResultatsParPage"],
            f"pageCourante{suffix}": summary["pageCourante"],
            f"pages{suffix}": summary["pages"],
            f"total{suffix}": summary["total"],
        }
    last = actions[-1] if actions else None
    return {
        "idFacture": invoice["id"],
        "numeroFacture": invoice["numero"],
        "modeDepot": invoice["mode_depot"],
        "statutCourantCode": invoice["statut"],
        "derniereAction": {
            "derniereActionCode": last["histoActionCode"] if last else "",
            "derniereActionId": last["histoActionId"] if last else 0,
        },
        **outputs,
    }


def _order(source: dict[str, Any]) -> str:
    for key, value in source.items():
        if key.lower().startswith("trisens") and isinstance(value, str) and value.strip():
            return "asc" if value.strip().lower().startswith("asc") else "desc"
    return ""
