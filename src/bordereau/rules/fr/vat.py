"""VAT: the categories used in France (BR-FR-15), the French rates (BR-FR-16), and the accounting currency of an
invoice in a foreign currency (BR-FR-CO-12)."""

from __future__ import annotations

from typing import Any

from ...model import Invoice
from .common import VAT_CATEGORIES, VAT_RATES, model, never, nodes, register, sval, text, whole, xp
from .paths import HS, LI, SUM, c

# Where a VAT category sits, by the BT ids in the rule names: UBL context, CII context, model getter.
_ALLOWANCES_UBL = "//cac:AllowanceCharge/cac:TaxCategory"
_BREAKDOWN_UBL = "//cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory"
_ITEM_UBL = "//cac:Item/cac:ClassifiedTaxCategory"
_ALLOWANCES_CII = c(f"{HS}/ram:SpecifiedTradeAllowanceCharge/ram:CategoryTradeTax")
_BREAKDOWN_CII = c(f"{HS}/ram:ApplicableTradeTax")
_LINE_CII = c(f"{LI}/ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax")


def _allowances(attribute: str) -> Any:
    def get(inv: Invoice) -> list[tuple[Any, Any]]:
        return [(a, getattr(a, attribute)) for a in (*inv.allowances, *inv.charges)]

    return get


def _breakdown(attribute: str) -> Any:
    return lambda inv: [(b, getattr(b, attribute)) for b in inv.vat_breakdown]


def _lines(attribute: str) -> Any:
    return lambda inv: [(line, getattr(line.vat, attribute) if line.vat else None) for line in inv.lines]


# --- BR-FR-15: no VAT category outside S, E, AE, K, G, O, Z; never L or M ------------------------------------------

_UBL_ID = xp("cbc:ID")
_CII_CODE = xp("ram:CategoryCode")
_LINE_STATUS = xp("../../ram:AssociatedDocumentLineDocument/ram:LineStatusReasonCode")
_CATEGORY_FR = "La catégorie de TVA ({bt}) doit être S, E, AE, K, G, O ou Z : « {{value}} »."
_CATEGORY_EN = "The VAT category ({bt}) must be S, E, AE, K, G, O or Z: '{{value}}'."
_LM_FR = "Les catégories de TVA L et M (Canaries, Ceuta et Melilla) ne s'emploient pas en France ({bt})."
_LM_EN = "The VAT categories L and M (Canary Islands, Ceuta and Melilla) are not used in France ({bt})."


def _first(found: list[Any]) -> str | None:
    return sval(found[0]) if found else None


def _shown(path: Any) -> Any:
    """The value a message shows for a context node: its first ``path`` child's text."""
    return lambda node: _first(path(node)) or ""


def _ubl_category(node: Any) -> bool:
    code = _first(_UBL_ID(node))
    return code is None or code in VAT_CATEGORIES


def _cii_category(node: Any) -> bool:
    return _first(_CII_CODE(node)) in VAT_CATEGORIES


def _cii_line_category(node: Any) -> bool:
    """A GROUP or INFORMATION line (EXTENDED-CTC-FR) may leave its category out."""
    codes = _CII_CODE(node)
    if codes:
        return sval(codes[0]) in VAT_CATEGORIES
    return any(sval(s) in ("GROUP", "INFORMATION") for s in _LINE_STATUS(node))


def _not_lm(path: Any) -> Any:
    return lambda node: not any(sval(e) in ("L", "M") for e in path(node))


_CATEGORIES = [
    # (UBL ids, CII id, BT, UBL context, CII context, CII test, model getter)
    (
        ("BR-FR-15_BT-95_BT-102-1", "BR-FR-15_BT-95_BT-102-2"),
        "BR-FR-15_BT-95_BT-102",
        "BT-95/BT-102",
        _ALLOWANCES_UBL,
        _ALLOWANCES_CII,
        _cii_category,
        _allowances("vat_category_code"),
    ),
    (
        ("BR-FR-15_BT-118-1", "BR-FR-15_BT-118-2"),
        "BR-FR-15_BT-95_BT-118",
        "BT-118",
        _BREAKDOWN_UBL,
        _BREAKDOWN_CII,
        _cii_category,
        _breakdown("category_code"),
    ),
    (
        # The UBL schematron names its second assert here BR-FR-08_BT-151-2.
        ("BR-FR-15_BT-151-1", "BR-FR-08_BT-151-2"),
        "BR-FR-15_BT-95_BT-151",
        "BT-151",
        _ITEM_UBL,
        _LINE_CII,
        _cii_line_category,
        _lines("category_code"),
    ),
]

for (_ubl_valid, _ubl_lm), _cii_id, _bt, _ubl_path, _cii_path, _cii_test, _getter in _CATEGORIES:
    _bts = _bt.split("/")
    _kwargs = {"bt": _bts, "fr": _CATEGORY_FR.format(bt=_bt), "en": _CATEGORY_EN.format(bt=_bt)}
    register(_ubl_valid, ubl=nodes(_ubl_path, _ubl_category, lambda node: node, _shown(_UBL_ID)), **_kwargs)
    register(
        _cii_id,
        cii=nodes(_cii_path, _cii_test, lambda node: node, _shown(_CII_CODE)),
        json=model(_getter, lambda code: code in VAT_CATEGORIES),
        **_kwargs,
    )
    _lm = {"bt": _bts, "fr": _LM_FR.format(bt=_bt), "en": _LM_EN.format(bt=_bt)}
    register(_ubl_lm, ubl=nodes(_ubl_path, _not_lm(_UBL_ID), lambda node: node), **_lm)
    register(
        f"{_cii_id}_LM",
        cii=nodes(_cii_path, _not_lm(_CII_CODE), lambda node: node),
        json=model(_getter, lambda code: code not in ("L", "M")),
        **_lm,
    )

# --- BR-FR-16: a VAT rate is one of the French rates, written as a plain percentage ----------------------------------

_UBL_PERCENT = xp("cbc:Percent")
_CII_PERCENT = xp("ram:RateApplicablePercent")
_RATE_FR = "Le taux de TVA ({bt}) doit être l'un des taux français, en pourcentage sans signe % : « {{value}} »."
_RATE_EN = "The VAT rate ({bt}) must be one of the French rates, as a plain percentage: '{{value}}'."


def _rate(path: Any, empty_ok: bool) -> Any:
    """UBL lets an absent rate pass; CII (``string()`` of it) also an empty one."""

    def test(node: Any) -> bool:
        rate = _first(path(node))
        return rate is None or (empty_ok and rate == "") or rate in VAT_RATES

    return test


def _rate_value(value: Any) -> bool:
    return value is None or text(value) in VAT_RATES


_RATE_CASES = [
    # (id, BTs, UBL context, CII context, model getter). In UBL the allowance context appears twice with the same
    # match (BT-96, then BT-103): only the first of the two can fire, so BR-FR-16_BT-103 never does.
    ("BR-FR-16_BT-96", "BT-96", _ALLOWANCES_UBL, None, None),
    ("BR-FR-16_BT-103", "BT-103", "", None, None),
    ("BR-FR-16_BT-96_BT-103", "BT-96/BT-103", None, _ALLOWANCES_CII, _allowances("vat_rate")),
    ("BR-FR-16_BT-119", "BT-119", _BREAKDOWN_UBL, _BREAKDOWN_CII, _breakdown("rate")),
    # UBL checks invoice lines only here, not credit note lines.
    ("BR-FR-16_BT-152", "BT-152", "//cac:InvoiceLine/cac:Item/cac:ClassifiedTaxCategory", _LINE_CII, _lines("rate")),
]
for _id, _bt, _ubl_path, _cii_path, _getter in _RATE_CASES:
    register(
        _id,
        bt=_bt.split("/"),
        fr=_RATE_FR.format(bt=_bt),
        en=_RATE_EN.format(bt=_bt),
        ubl=(
            nodes(_ubl_path, _rate(_UBL_PERCENT, False), lambda node: node, _shown(_UBL_PERCENT))
            if _ubl_path
            else never
        )
        if _ubl_path is not None
        else None,
        cii=nodes(_cii_path, _rate(_CII_PERCENT, True), lambda node: node, _shown(_CII_PERCENT)) if _cii_path else None,
        json=model(_getter, _rate_value) if _getter else None,
    )

# --- BR-FR-CO-12: an invoice in another currency gives its VAT total in euros -------------------------------------

_UBL_CURRENCY = xp("cbc:DocumentCurrencyCode")
_UBL_TAX_CURRENCY = xp("cbc:TaxCurrencyCode")
_UBL_EUR_TAX = xp("cac:TaxTotal/cbc:TaxAmount[@currencyID='EUR']")
_CII_CURRENCY = xp(f"{HS}/ram:InvoiceCurrencyCode")
_CII_TAX_CURRENCY = xp(f"{HS}/ram:TaxCurrencyCode")
_CII_EUR_TAX = xp(f"{SUM}/ram:TaxTotalAmount[@currencyID='EUR']")


def _euro_accounting(currency: Any, tax_currency: Any, eur_tax: Any) -> Any:
    def test(root: Any) -> bool:
        if not any(sval(e) != "EUR" for e in currency(root)):
            return True
        amounts = eur_tax(root)
        return any(sval(e) == "EUR" for e in tax_currency(root)) and bool(amounts) and sval(amounts[0]) != ""

    return test


def _euro_accounting_json(inv: Invoice) -> bool:
    if inv.currency_code is None or inv.currency_code == "EUR":
        return True
    vat = inv.totals.vat_total_accounting if inv.totals is not None else None
    return inv.tax_currency_code == "EUR" and vat is not None


whole(
    "BR-FR-CO-12_BT-5",
    bt=["BT-5", "BT-6", "BT-111"],
    fr="Une facture dans une autre devise que l'euro (BT-5) doit avoir l'euro pour devise de comptabilisation de la "
    "TVA (BT-6) et donner le total de TVA en euros (BT-111).",
    en="An invoice in a currency other than the euro (BT-5) must have the euro as VAT accounting currency (BT-6) "
    "and give the VAT total in euros (BT-111).",
    ubl=_euro_accounting(_UBL_CURRENCY, _UBL_TAX_CURRENCY, _UBL_EUR_TAX),
    cii=_euro_accounting(_CII_CURRENCY, _CII_TAX_CURRENCY, _CII_EUR_TAX),
    json=_euro_accounting_json,
)
