"""Write facture-200-lignes.json: an invoice of exactly 200 lines, the same parties as facture-ministere.json.

The output depends on nothing but this script and facture-ministere.json (no randomness, no clock), so running
it again gives the same file byte for byte:

    python examples/generate_long.py
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
BASE = HERE / "facture-ministere.json"
OUTPUT = HERE / "facture-200-lignes.json"
LINE_COUNT = 200

# What a ministry's IT department orders over a month: (seller's reference, name, unit, unit price, VAT rate).
CATALOGUE: list[tuple[str, str, str, str, str]] = [
    ("PC-PORT-14", "Ordinateur portable 14 pouces, 16 Go, SSD 512 Go", "C62", "849.00", "20"),
    ("ECR-24-USBC", "Écran 24 pouces avec station d'accueil USB-C", "C62", "239.00", "20"),
    ("CLAV-AZ", "Clavier filaire AZERTY", "C62", "18.90", "20"),
    ("SOUR-OPT", "Souris optique sans fil", "C62", "14.50", "20"),
    ("CASQ-USB", "Casque audio USB avec micro antibruit", "C62", "42.00", "20"),
    ("WEBCAM-HD", "Caméra de visioconférence HD", "C62", "69.90", "20"),
    ("CABL-RJ45-3", "Câble réseau RJ45 catégorie 6, 3 m", "C62", "3.20", "20"),
    ("BORN-WIFI6", "Borne Wi-Fi 6 professionnelle", "C62", "312.00", "20"),
    ("COMM-24P", "Commutateur réseau 24 ports administrable", "C62", "498.00", "20"),
    ("DD-EXT-2T", "Disque dur externe chiffré 2 To", "C62", "129.00", "20"),
    ("CLE-USB-64", "Clé USB sécurisée 64 Go", "C62", "24.90", "20"),
    ("TONER-NOIR", "Cartouche de toner noir haute capacité", "C62", "87.50", "20"),
    ("PAP-A4-REC", "Papier recyclé A4 80 g, carton de 5 ramettes", "C62", "21.50", "20"),
    ("LIC-BUREAU", "Licence annuelle de suite bureautique", "C62", "96.00", "20"),
    ("LIC-ANTIV", "Licence annuelle de protection antivirus", "C62", "28.00", "20"),
    ("MAINT-IMP", "Maintenance sur site d'imprimante multifonction", "HUR", "72.00", "20"),
    ("INST-POSTE", "Installation et configuration d'un poste de travail", "HUR", "65.00", "20"),
    ("DEV-EVOL", "Développement d'évolutions applicatives", "DAY", "620.00", "20"),
    ("EXPERT-SECU", "Expertise en sécurité des systèmes d'information", "DAY", "890.00", "20"),
    ("HEBERG-VM", "Hébergement d'une machine virtuelle, un mois", "MON", "145.00", "20"),
    ("SAUV-DIST", "Sauvegarde distante, par tranche de 100 Go et par mois", "MON", "19.00", "20"),
    ("TRANS-MAT", "Transport et livraison de matériel en Île-de-France", "C62", "55.00", "10"),
    ("REST-PLAT", "Plateau-repas pour réunion de service", "C62", "14.45", "10"),
    ("REST-PAUSE", "Pause café (boissons chaudes et viennoiseries), par personne", "C62", "6.80", "10"),
    ("LIV-RGAA", "Ouvrage « Accessibilité numérique : appliquer le RGAA »", "C62", "31.90", "5.5"),
    ("LIV-RGPD", "Ouvrage « Le RGPD dans les administrations »", "C62", "42.00", "5.5"),
    ("EAU-50CL", "Bouteilles d'eau minérale 50 cl, pack de 24", "C62", "7.90", "5.5"),
    ("PRESSE-QUOT", "Abonnement mensuel à un quotidien national", "MON", "32.00", "2.1"),
]

CENT = Decimal("0.01")


def _quantity(index: int, unit: str) -> Decimal:
    """A plausible, varied quantity: whole units for goods, quarter hours for time, days for services."""
    if unit == "HUR":
        return Decimal(1 + (index * 7) % 12) + Decimal("0.25") * (index % 4)
    if unit in ("DAY", "MON"):
        return Decimal(1 + (index * 5) % 6)
    return Decimal(1 + (index * 11) % 40)


def _line(index: int) -> dict[str, Any]:
    reference, name, unit, price, rate = CATALOGUE[(index * 5) % len(CATALOGUE)]
    quantity = _quantity(index, unit)
    line: dict[str, Any] = {
        "id": str(index),
        "quantity": str(quantity),
        "unit_code": unit,
        "order_line_reference": str(index),
    }
    gross = (quantity * Decimal(price)).quantize(CENT)
    if index % 9 == 0:
        # A percentage: the amount is left for the reader to compute from the base.
        line["allowances"] = [
            {"base_amount": str(gross), "percentage": "5", "reason": "Remise sur quantité", "reason_code": "95"}
        ]
    elif index % 13 == 0 and gross > Decimal("50.00"):
        line["allowances"] = [{"amount": "10.00", "reason": "Geste commercial", "reason_code": "104"}]
    line["price"] = {"net_price": price}
    line["vat"] = {"category_code": "S", "rate": rate}
    line["item"] = {"name": name, "sellers_id": reference}
    return line


def build() -> dict[str, Any]:
    """The invoice, as the JSON object to write."""
    base = json.loads(BASE.read_text(encoding="utf-8"))
    invoice: dict[str, Any] = {
        "number": "FA-2026-000231",
        "issue_date": "2026-03-31",
        "type_code": "380",
        "currency_code": "EUR",
        "due_date": "2026-04-30",
    }
    for key in ("buyer_reference", "contract_reference", "purchase_order_reference", "payment_terms", "notes"):
        invoice[key] = base[key]
    invoice["process"] = base["process"]
    invoice["seller"] = base["seller"]
    invoice["buyer"] = base["buyer"]
    invoice["invoicing_period"] = {"start_date": "2026-03-01", "end_date": "2026-03-31"}
    invoice["payment"] = {**base["payment"], "remittance_information": invoice["number"]}
    invoice["lines"] = [_line(index) for index in range(1, LINE_COUNT + 1)]
    return invoice


def render() -> str:
    return json.dumps(build(), ensure_ascii=False, indent=2) + "\n"


def main() -> None:
    OUTPUT.write_text(render(), encoding="utf-8")
    print(f"wrote {OUTPUT.name}: {LINE_COUNT} lines")


if __name__ == "__main__":
    main()
