"""The filters that rechercher/fournisseur and rechercher/recipiendaire share, as SQL."""

from __future__ import annotations

from typing import Any

from ..clock import end_of_day, parse_when
from .params import integer, items, number, obj, strings, text


class Filters:
    """A WHERE clause built from a search request, one criterion at a time."""

    def __init__(self) -> None:
        self.clauses: list[str] = []
        self.params: list[Any] = []

    def add(self, clause: str, *params: Any) -> None:
        self.clauses.append(clause)
        self.params.extend(params)

    def among(self, column: str, values: list[Any] | set[Any]) -> None:
        values = list(values)
        if not values:
            self.add("0")
            return
        self.add(f"{column} IN ({', '.join('?' for _ in values)})", *values)

    def equal(self, column: str, value: Any) -> None:
        if value is not None:
            self.add(f"{column} = ?", value)

    @property
    def where(self) -> str:
        return " AND ".join(self.clauses) or "1"


def common(filters: Filters, body: dict[str, Any]) -> None:
    """Criteria both sides share: number, status, type, framework, dates, amounts, references."""
    filters.equal("numero", text(body, "numeroFacture"))
    statuses = strings(body, "statutCourant", "statut")
    if statuses:
        filters.among("statut", statuses)
    types = strings(body, "listeTypeFacture") or strings(body, "typeFacture")
    if types:
        filters.among("type_facture", [t.upper() for t in types])
    cadre = text(obj(body, "cadreFacturation"), "codeCadreFacturation") or text(body, "cadreFacturation")
    if cadre:
        # "A1" finds "A1_FACTURE_FOURNISSEUR" (the short code is what the invoice carries in BT-23)
        filters.add("(cadre = ? OR cadre LIKE ? ESCAPE '\\')", cadre, f"{cadre}\\_%")
    for name, column in (("periodeDateDepot", "date_depot"), ("periodeDateHeureEtatCourant", "statut_at")):
        start = parse_when(body.get(f"{name}Du"))
        end = end_of_day(body.get(f"{name}Au"))
        if start is not None:
            filters.add(f"{column} >= ?", start)
        if end is not None:
            filters.add(f"{column} <= ?", end)
    start, end = text(body, "periodeDateFactureDu"), text(body, "periodeDateFactureAu")
    if start:
        filters.add("date_facture >= ?", start[:10])
    if end:
        filters.add("date_facture <= ?", end[:10])
    for key, column in (("HT", "montant_ht"), ("TTC", "montant_ttc"), ("Apayer", "montant_a_payer")):
        low = number(body, f"montant{key}Min", f"montant{key.replace('Apayer', 'APayer')}Min")
        high = number(body, f"montant{key}Max", f"montant{key.replace('Apayer', 'APayer')}Max")
        if low is not None:
            filters.add(f"{column} >= ?", low)
        if high is not None:
            filters.add(f"{column} <= ?", high)
    filters.equal("bon_commande", text(body, "numeroBonCommande"))
    filters.equal("marche", text(body, "numeroMarche"))
    filters.equal("facture_origine", text(body, "numeroFactureOrigine"))


def recipients(filters: Filters, body: dict[str, Any]) -> None:
    """rechercher/fournisseur's ``listeDestinataire`` [{idDestinataire, listeIdServiceExecutant}]."""
    alternatives = []
    for entry in items(body, "listeDestinataire"):
        if not isinstance(entry, dict):
            continue
        buyer = integer(entry, "idDestinataire")
        services = [s for s in (integer({"v": v}, "v") for v in items(entry, "listeIdServiceExecutant")) if s]
        if buyer is None and not services:
            continue
        parts, params = [], []
        if buyer is not None:
            parts.append("buyer_id = ?")
            params.append(buyer)
        if services:
            parts.append(f"service_id IN ({', '.join('?' for _ in services)})")
            params.extend(services)
        alternatives.append((" AND ".join(parts), params))
    if alternatives:
        filters.add(
            "(" + " OR ".join(f"({clause})" for clause, _ in alternatives) + ")",
            *[p for _, params in alternatives for p in params],
        )
