"""What the legible invoice says and how it writes values: French by default, English on request.

Amounts are written the French way, ``1 234,56 €``: a narrow no-break space (U+202F) between thousands, a
decimal comma, and a no-break space (U+00A0) before the currency. The same functions serve the tests, which look
for each value of the invoice on the page exactly as it is written there.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import lru_cache

NNBSP = "\u202f"  # between groups of thousands
NBSP = "\u00a0"  # between a number and its unit or currency

LANGS = ("fr", "en")

_SEPARATORS = {"fr": (NNBSP, ","), "en": (",", ".")}
_CURRENCY_SIGNS = {"EUR": "€"}


def _grouped(integer: str, thousands: str) -> str:
    head = len(integer) % 3 or 3
    groups = [integer[:head]] + [integer[i : i + 3] for i in range(head, len(integer), 3)]
    return thousands.join(groups)


def number(value: Decimal, lang: str = "fr", minimum_decimals: int = 0) -> str:
    """A quantity or rate: its own decimals (trailing zeros dropped), grouped thousands."""
    # Cached on the text of the value: 1.5 and 1.500 are equal Decimals but are not written alike.
    return _number(str(value), lang, minimum_decimals)


@lru_cache(maxsize=4096)
def _number(text: str, lang: str, minimum_decimals: int) -> str:
    value = Decimal(text)
    if minimum_decimals:
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent > -minimum_decimals:
            value = value.quantize(Decimal(1).scaleb(-minimum_decimals))
    else:
        value = value.normalize()
        if value == value.to_integral():
            value = value.quantize(Decimal(1))
    text = format(value, "f")
    sign = ""
    if text.startswith("-"):
        sign, text = "-", text[1:]
    integer, _, fraction = text.partition(".")
    thousands, decimal_mark = _SEPARATORS[lang]
    grouped = _grouped(integer, thousands)
    return f"{sign}{grouped}{decimal_mark}{fraction}" if fraction else f"{sign}{grouped}"


def money(value: Decimal, currency: str | None, lang: str = "fr") -> str:
    """An amount with at least two decimals and its currency sign (or code) after it."""
    figure = number(value, lang, minimum_decimals=2)
    unit = _CURRENCY_SIGNS.get(currency or "", currency or "")
    return f"{figure}{NBSP}{unit}" if unit else figure


def percent(value: Decimal, lang: str = "fr") -> str:
    return f"{number(value, lang)}{NBSP}%"


def day(value: date, lang: str = "fr") -> str:
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}" if lang == "fr" else value.isoformat()


def grouped_account(account: str) -> str:
    """An IBAN (or other account number) in groups of four, as printed on a bank statement."""
    compact = account.replace(" ", "")
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))


# Words on the page -------------------------------------------------------------------------------------------------

WORDS: dict[str, dict[str, str]] = {
    "fr": {
        "invoice": "Facture",
        "credit_note": "Avoir",
        "document": "Document",
        "number": "N°",
        "issue_date": "Date d'émission",
        "due_date": "Échéance",
        "currency": "Devise",
        "tax_currency": "Devise de comptabilisation de la TVA",
        "seller": "Vendeur",
        "buyer": "Acheteur",
        "payee": "Bénéficiaire du paiement",
        "tax_representative": "Représentant fiscal du vendeur",
        "delivery": "Livraison",
        "references": "Références",
        "continued": "suite",
        "page": "Page",
        "lines": "Détail des lignes",
        "col_id": "N°",
        "col_item": "Désignation",
        "col_qty": "Qté",
        "col_unit": "Unité",
        "col_price": "Prix unit. HT",
        "col_vat": "TVA",
        "col_amount": "Montant HT",
        "doc_adjustments": "Remises et frais sur la facture",
        "col_kind": "Nature",
        "col_reason": "Motif",
        "col_base": "Base",
        "col_rate": "Taux",
        "allowance": "Remise",
        "charge": "Frais",
        "vat_breakdown": "Récapitulatif de la TVA",
        "col_category": "Catégorie",
        "col_taxable": "Base HT",
        "col_tax": "Montant TVA",
        "col_exemption": "Motif d'exonération",
        "totals": "Totaux",
        "payment": "Paiement",
        "notes": "Notes",
        "preceding": "Factures antérieures",
        "supporting": "Documents justificatifs",
        "other": "Autres informations",
        "of": "du",
        "of_base": "de",
        "to": "au",
        "per": "pour",
        "gross_price": "Prix brut",
        "price_discount": "rabais",
        "attached": "joint au PDF",
        "bytes": "octets",
        "scheme": "schéma",
        "card": "Carte",
        "holder": "titulaire",
        "account_name": "Titulaire",
        "bic": "BIC",
        "iban": "Compte",
        "amount_due_words": "Net à payer",
        "credited_words": "Montant de l'avoir",
    },
    "en": {
        "invoice": "Invoice",
        "credit_note": "Credit note",
        "document": "Document",
        "number": "No.",
        "issue_date": "Issue date",
        "due_date": "Due date",
        "currency": "Currency",
        "tax_currency": "VAT accounting currency",
        "seller": "Seller",
        "buyer": "Buyer",
        "payee": "Payee",
        "tax_representative": "Seller's tax representative",
        "delivery": "Delivery",
        "references": "References",
        "continued": "continued",
        "page": "Page",
        "lines": "Invoice lines",
        "col_id": "No.",
        "col_item": "Item",
        "col_qty": "Qty",
        "col_unit": "Unit",
        "col_price": "Unit price",
        "col_vat": "VAT",
        "col_amount": "Net amount",
        "doc_adjustments": "Document allowances and charges",
        "col_kind": "Kind",
        "col_reason": "Reason",
        "col_base": "Base",
        "col_rate": "Rate",
        "allowance": "Allowance",
        "charge": "Charge",
        "vat_breakdown": "VAT breakdown",
        "col_category": "Category",
        "col_taxable": "Taxable amount",
        "col_tax": "VAT amount",
        "col_exemption": "Exemption reason",
        "totals": "Totals",
        "payment": "Payment",
        "notes": "Notes",
        "preceding": "Preceding invoices",
        "supporting": "Supporting documents",
        "other": "Other information",
        "of": "from",
        "of_base": "of",
        "to": "to",
        "per": "per",
        "gross_price": "Gross price",
        "price_discount": "discount",
        "attached": "attached to the PDF",
        "bytes": "bytes",
        "scheme": "scheme",
        "card": "Card",
        "holder": "holder",
        "account_name": "Account name",
        "bic": "BIC",
        "iban": "Account",
        "amount_due_words": "Amount due",
        "credited_words": "Amount credited",
    },
}

# Code lists, as a reader of the page wants them spelt out ----------------------------------------------------------

TYPE_CODES = {
    "fr": {
        "380": "Facture",
        "381": "Avoir",
        "384": "Facture rectificative",
        "386": "Facture d'acompte",
        "389": "Autofacture",
        "261": "Avoir d'autofacturation",
        "393": "Facture d'affacturage",
        "396": "Avoir d'affacturage",
    },
    "en": {
        "380": "Invoice",
        "381": "Credit note",
        "384": "Corrected invoice",
        "386": "Prepayment invoice",
        "389": "Self-billed invoice",
        "261": "Self-billed credit note",
        "393": "Factored invoice",
        "396": "Factored credit note",
    },
}

VAT_CATEGORIES = {
    "fr": {
        "S": "taux normal",
        "Z": "taux zéro",
        "E": "exonéré",
        "AE": "autoliquidation",
        "K": "livraison intracommunautaire",
        "G": "exportation hors UE",
        "O": "hors champ de la TVA",
        "L": "IGIC (Canaries)",
        "M": "IPSI (Ceuta et Melilla)",
        "B": "paiement scindé",
    },
    "en": {
        "S": "standard rate",
        "Z": "zero rated",
        "E": "exempt",
        "AE": "reverse charge",
        "K": "intra-community supply",
        "G": "export outside the EU",
        "O": "outside the scope of VAT",
        "L": "IGIC (Canary Islands)",
        "M": "IPSI (Ceuta and Melilla)",
        "B": "split payment",
    },
}

PAYMENT_MEANS = {
    "fr": {
        "1": "non défini",
        "10": "espèces",
        "20": "chèque",
        "30": "virement",
        "31": "virement",
        "42": "paiement sur compte bancaire",
        "48": "carte bancaire",
        "49": "prélèvement",
        "54": "carte de crédit",
        "55": "carte de débit",
        "57": "virement permanent",
        "58": "virement SEPA",
        "59": "prélèvement SEPA",
        "97": "compensation",
    },
    "en": {
        "1": "not defined",
        "10": "cash",
        "20": "cheque",
        "30": "credit transfer",
        "31": "debit transfer",
        "42": "payment to bank account",
        "48": "bank card",
        "49": "direct debit",
        "54": "credit card",
        "55": "debit card",
        "57": "standing agreement",
        "58": "SEPA credit transfer",
        "59": "SEPA direct debit",
        "97": "clearing between partners",
    },
}

NOTE_SUBJECTS = {
    "fr": {
        "AAB": "Escompte",
        "PMD": "Pénalités de retard",
        "PMT": "Indemnité de recouvrement",
        "AAI": "Information générale",
        "SUR": "Remarques du vendeur",
        "REG": "Informations réglementaires",
        "ABL": "Informations légales",
        "TXD": "Information fiscale",
        "CUS": "Douane",
    },
    "en": {
        "AAB": "Discount terms",
        "PMD": "Late payment penalties",
        "PMT": "Recovery indemnity",
        "AAI": "General information",
        "SUR": "Supplier remarks",
        "REG": "Regulatory information",
        "ABL": "Legal information",
        "TXD": "Tax declaration",
        "CUS": "Customs",
    },
}

UNITS = {
    "fr": {
        "C62": "unité",
        "H87": "pièce",
        "DAY": "jour",
        "HUR": "heure",
        "MIN": "minute",
        "MON": "mois",
        "ANN": "an",
        "WEE": "semaine",
        "KGM": "kg",
        "GRM": "g",
        "TNE": "t",
        "MTR": "m",
        "KMT": "km",
        "MTK": "m²",
        "MTQ": "m³",
        "LTR": "l",
        "KWH": "kWh",
        "SET": "lot",
        "LS": "forfait",
        "PR": "paire",
    },
    "en": {
        "C62": "unit",
        "H87": "piece",
        "DAY": "day",
        "HUR": "hour",
        "MIN": "minute",
        "MON": "month",
        "ANN": "year",
        "WEE": "week",
        "KGM": "kg",
        "GRM": "g",
        "TNE": "t",
        "MTR": "m",
        "KMT": "km",
        "MTK": "m²",
        "MTQ": "m³",
        "LTR": "l",
        "KWH": "kWh",
        "SET": "set",
        "LS": "lump sum",
        "PR": "pair",
    },
}

# Chorus Pro billing frameworks (BT-23): the common ones, in our words.
BILLING_FRAMEWORKS = {
    "fr": {
        "A1": "facture de fournisseur",
        "A2": "facture déjà payée",
        "A9": "facture de sous-traitant",
        "A12": "facture de cotraitant",
    },
    "en": {
        "A1": "supplier invoice",
        "A2": "invoice already paid",
        "A9": "subcontractor invoice",
        "A12": "co-contractor invoice",
    },
}

SCHEMES = {
    "fr": {"0009": "SIRET", "0002": "SIREN", "0088": "GLN", "0060": "DUNS", "0225": "Identifiant d'adressage"},
    "en": {"0009": "SIRET", "0002": "SIREN", "0088": "GLN", "0060": "DUNS", "0225": "Routing identifier"},
}


def coded(table: dict[str, dict[str, str]], code: str | None, lang: str) -> str:
    """``code – meaning`` when the code is known, the code alone otherwise."""
    if code is None:
        return ""
    meaning = table[lang].get(code)
    return f"{code} – {meaning}" if meaning else code


def unit(code: str | None, lang: str) -> str:
    """A unit of measure by its name when it is a common one (one name per code), by its UN/ECE code otherwise."""
    if code is None:
        return ""
    return UNITS[lang].get(code, code)
