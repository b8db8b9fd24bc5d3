"""How numbers are written (BR-FR-DEC-01 … 04): amounts with at most 2 decimals, quantities 4, unit prices 6
(and no sign, except in bidirectional contracts), VAT rates 2; never more than 19 digits (4 for a rate).

These read the number as written, so ``100.000`` fails where the model would hold the same value as ``100``.
"""

from __future__ import annotations

from typing import Any

from ...model import Invoice
from ..engine import Context
from .common import (
    BIDIRECTIONAL_MODES,
    decimal_19_2,
    decimal_19_4,
    decimal_19_6,
    decimal_19_6_positive,
    find,
    fr_rule,
    model,
    never,
    nodes,
    norm,
    percent_4_2,
    register,
    special_contract,
    sval,
    text,
    xp,
)
from .paths import HS, LI, SUM, c, u, ul

_LINE_SUM = f"{LI}/ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeSettlementLineMonetarySummation"


def _total(attribute: str) -> Any:
    def get(inv: Invoice) -> list[tuple[Any, Any]]:
        value = getattr(inv.totals, attribute) if inv.totals is not None else None
        return [] if value is None else [(inv.totals, value)]

    return get


def _vat_totals(inv: Invoice) -> list[tuple[Any, Any]]:
    """CII writes BT-110 and BT-111 as two TaxTotalAmount: the schematron checks both under BT-110."""
    return _total("vat_total")(inv) + _total("vat_total_accounting")(inv)


def _adjustments(attribute: str) -> Any:
    def get(inv: Invoice) -> list[tuple[Any, Any]]:
        found = [(a, getattr(a, attribute)) for a in (*inv.allowances, *inv.charges)]
        return [(where, value) for where, value in found if value is not None]

    return get


def _vat(attribute: str) -> Any:
    return lambda inv: [(b, getattr(b, attribute)) for b in inv.vat_breakdown if getattr(b, attribute) is not None]


def _line_values(read: Any) -> Any:
    def get(inv: Invoice) -> list[tuple[Any, Any]]:
        found = [(line, read(line)) for line in inv.lines]
        return [(where, value) for where, value in found if value is not None]

    return get


def _on_lines(attribute: str) -> Any:
    def get(inv: Invoice) -> list[tuple[Any, Any]]:
        found = [(a, getattr(a, attribute)) for line in inv.lines for a in (*line.allowances, *line.charges)]
        return [(where, value) for where, value in found if value is not None]

    return get


def _price(attribute: str) -> Any:
    return _line_values(lambda line: getattr(line.price, attribute) if line.price is not None else None)


def _net(line: Any) -> Any:
    return line.net_amount


def _vat_rate(line: Any) -> Any:
    return line.vat.rate if line.vat is not None else None


# --- BR-FR-DEC-01: amounts ----------------------------------------------------------------------------------------

_MONETARY = "//cac:LegalMonetaryTotal/cbc:"
_ALLOWANCE = c(f"{HS}/ram:SpecifiedTradeAllowanceCharge")
_BREAKDOWN = c(f"{HS}/ram:ApplicableTradeTax")
_LINE_ALLOWANCE = c(f"{LI}/ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeAllowanceCharge")
_AMOUNTS: list[tuple[str, str, str, Any]] = [
    # (BT ids, UBL context, CII context, model getter)
    (
        "BT-93_BT-100",
        u("cac:AllowanceCharge/cbc:BaseAmount"),
        f"{_ALLOWANCE}/ram:BasisAmount",
        _adjustments("base_amount"),
    ),
    ("BT-92_BT-99", u("cac:AllowanceCharge/cbc:Amount"), f"{_ALLOWANCE}/ram:ActualAmount", _adjustments("amount")),
    ("BT-106", f"{_MONETARY}LineExtensionAmount", c(f"{SUM}/ram:LineTotalAmount"), _total("line_net_total")),
    ("BT-107", f"{_MONETARY}AllowanceTotalAmount", c(f"{SUM}/ram:AllowanceTotalAmount"), _total("allowance_total")),
    ("BT-108", f"{_MONETARY}ChargeTotalAmount", c(f"{SUM}/ram:ChargeTotalAmount"), _total("charge_total")),
    ("BT-109", f"{_MONETARY}TaxExclusiveAmount", c(f"{SUM}/ram:TaxBasisTotalAmount"), _total("tax_exclusive_amount")),
    # The BT-111 context repeats BT-110's in both schematrons, so every VAT total is checked as BT-110 and
    # BR-FR-DEC-01_BT-111 never fires.
    ("BT-110", "//cac:TaxTotal/cbc:TaxAmount", c(f"{SUM}/ram:TaxTotalAmount"), _vat_totals),
    ("BT-112", f"{_MONETARY}TaxInclusiveAmount", c(f"{SUM}/ram:GrandTotalAmount"), _total("tax_inclusive_amount")),
    ("BT-113", f"{_MONETARY}PrepaidAmount", c(f"{SUM}/ram:TotalPrepaidAmount"), _total("prepaid_amount")),
    ("BT-114", f"{_MONETARY}PayableRoundingAmount", c(f"{SUM}/ram:RoundingAmount"), _total("rounding_amount")),
    ("BT-115", f"{_MONETARY}PayableAmount", c(f"{SUM}/ram:DuePayableAmount"), _total("amount_due")),
    (
        "BT-116",
        "//cac:TaxTotal/cac:TaxSubtotal/cbc:TaxableAmount",
        f"{_BREAKDOWN}/ram:BasisAmount",
        _vat("taxable_amount"),
    ),
    (
        "BT-117",
        "//cac:TaxTotal/cac:TaxSubtotal/cbc:TaxAmount",
        f"{_BREAKDOWN}/ram:CalculatedAmount",
        _vat("tax_amount"),
    ),
    ("BT-131", ul("cbc:LineExtensionAmount"), c(f"{_LINE_SUM}/ram:LineTotalAmount"), _line_values(_net)),
    ("BT-136_BT-141", ul("cac:AllowanceCharge/cbc:Amount"), f"{_LINE_ALLOWANCE}/ram:ActualAmount", _on_lines("amount")),
    (
        "BT-137_BT-142",
        ul("cac:AllowanceCharge/cbc:BaseAmount"),
        f"{_LINE_ALLOWANCE}/ram:BasisAmount",
        _on_lines("base_amount"),
    ),
]

for _bts, _ubl, _cii, _getter in [*_AMOUNTS, ("BT-111", "", "", None)]:
    _names = _bts.replace("_", "/")
    register(
        f"BR-FR-DEC-01_{_bts}",
        bt=_bts.split("_"),
        fr=f"Le montant ({_names}) s'écrit avec au plus 2 décimales après un point et 19 chiffres en tout : "
        "« {value} ».",
        en=f"The amount ({_names}) is written with at most 2 decimals after a point and 19 digits in all: '{{value}}'.",
        ubl=nodes(_ubl, lambda v: decimal_19_2(norm(v))) if _ubl else never,
        cii=nodes(_cii, lambda v: decimal_19_2(norm(v))) if _cii else never,
        json=model(_getter, lambda v: decimal_19_2(text(v))) if _getter else None,
    )

# --- BR-FR-DEC-02: quantities ------------------------------------------------------------------------------------

_QUANTITY_FR = (
    "La quantité ({bt}) s'écrit avec au plus 4 décimales après un point et 19 chiffres en tout : « {{value}} »."
)
_QUANTITY_EN = "The quantity ({bt}) is written with at most 4 decimals after a point and 19 digits in all: '{{value}}'."
_BASE_QUANTITY = xp("cac:Price/cbc:BaseQuantity")
register(
    "BR-FR-DEC-02_BT-129",
    bt=["BT-129"],
    fr=_QUANTITY_FR.format(bt="BT-129"),
    en=_QUANTITY_EN.format(bt="BT-129"),
    ubl=nodes(
        "/ubl:Invoice/cac:InvoiceLine/cbc:InvoicedQuantity | /cn:CreditNote/cac:CreditNoteLine/cbc:CreditedQuantity",
        lambda v: decimal_19_4(norm(v)),
    ),
    cii=nodes(c(f"{LI}/ram:SpecifiedLineTradeDelivery/ram:BilledQuantity"), lambda v: decimal_19_4(norm(v))),
    json=model(_line_values(lambda line: line.quantity), lambda v: decimal_19_4(text(v))),
)


def _first_norm(found: list[Any]) -> str:
    return norm(sval(found[0])) if found else ""


register(
    "BR-FR-DEC-02_BT-149",
    bt=["BT-149"],
    fr=_QUANTITY_FR.format(bt="BT-149"),
    en=_QUANTITY_EN.format(bt="BT-149"),
    ubl=nodes(ul("."), lambda v: v == "" or decimal_19_4(v), lambda line: _first_norm(_BASE_QUANTITY(line))),
    cii=nodes(
        c(f"{LI}/ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:BasisQuantity"),
        lambda v: decimal_19_4(norm(v)),
    ),
    json=model(_price("base_quantity"), lambda v: decimal_19_4(text(v))),
)

# --- BR-FR-DEC-03: unit prices, positive unless the contract is bidirectional (S9, B9, M9) ----------------------

_PRICE_FR = (
    "Le prix ({bt}) s'écrit sans signe (sauf cadre S9, B9, M9), avec au plus 6 décimales après un point et 19 "
    "chiffres en tout : « {{value}} »."
)
_PRICE_EN = (
    "The price ({bt}) is written without a sign (except under S9, B9, M9), with at most 6 decimals after a point "
    "and 19 digits in all: '{{value}}'."
)
_PRICE_AMOUNT = xp("cac:Price/cbc:PriceAmount")
_ALLOWANCE_AMOUNT = xp("cbc:Amount")
_GROSS = f"{LI}/ram:SpecifiedLineTradeAgreement/ram:GrossPriceProductTradePrice"


def _unit_price(guarded: bool, read: Any = None) -> Any:
    """A check of unit prices as written; ``guarded`` lets an empty value pass (the UBL asserts do)."""

    def check(ctx: Context, path: Any) -> Any:
        bidirectional = special_contract(ctx, BIDIRECTIONAL_MODES)
        test = decimal_19_6 if bidirectional else decimal_19_6_positive
        for node in find(ctx.root, path):
            value = norm(sval(node)) if read is None else _first_norm(read(node))
            if not (guarded and value == "") and not test(value):
                yield node, {"value": value}

    return check


def _price_rule(bt: str, ubl: str, ubl_read: Any, cii: str, getter: Any) -> None:
    ubl_path, cii_path = xp(ubl), xp(c(cii))
    ubl_check, cii_check = _unit_price(True, ubl_read), _unit_price(False)

    def check(ctx: Context) -> Any:
        if ctx.syntax == "json":
            bidirectional = special_contract(ctx, BIDIRECTIONAL_MODES)
            test = decimal_19_6 if bidirectional else decimal_19_6_positive
            return ((w, {"value": text(v)}) for w, v in getter(ctx.invoice) if not test(text(v)))
        if ctx.root is None:
            return ()
        return ubl_check(ctx, ubl_path) if ctx.syntax == "ubl" else cii_check(ctx, cii_path)

    fr_rule(
        f"BR-FR-DEC-03_{bt}",
        bt=[bt],
        fr=_PRICE_FR.format(bt=bt),
        en=_PRICE_EN.format(bt=bt),
        on=("ubl", "cii", "json"),
    )(check)


_price_rule(
    "BT-146",
    ul("."),
    _PRICE_AMOUNT,
    f"{LI}/ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:ChargeAmount",
    _price("net_price"),
)
_price_rule(
    "BT-147",
    ul("cac:Price/cac:AllowanceCharge"),
    _ALLOWANCE_AMOUNT,
    f"{_GROSS}/ram:AppliedTradeAllowanceCharge/ram:ActualAmount",
    _price("discount"),
)
_price_rule(
    "BT-148",
    ul("cac:Price/cac:AllowanceCharge/cbc:BaseAmount"),
    None,
    f"{_GROSS}/ram:ChargeAmount",
    _price("gross_price"),
)

# --- BR-FR-DEC-04: VAT rates -------------------------------------------------------------------------------------

_RATES: list[tuple[str, str, str, Any]] = [
    (
        "BT-96_BT-103",
        "//cac:AllowanceCharge/cac:TaxCategory/cbc:Percent",
        c(f"{HS}/ram:SpecifiedTradeAllowanceCharge/ram:CategoryTradeTax/ram:RateApplicablePercent"),
        _adjustments("vat_rate"),
    ),
    (
        "BT-119",
        "//cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:Percent",
        c(f"{HS}/ram:ApplicableTradeTax/ram:RateApplicablePercent"),
        _vat("rate"),
    ),
    (
        "BT-152",
        "//cac:Item/cac:ClassifiedTaxCategory/cbc:Percent",
        c(f"{LI}/ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:RateApplicablePercent"),
        _line_values(_vat_rate),
    ),
]

for _bts, _ubl, _cii, _getter in _RATES:
    _names = _bts.replace("_", "/")
    register(
        f"BR-FR-DEC-04_{_bts}",
        bt=_bts.split("_"),
        fr=f"Le taux de TVA ({_names}) s'écrit sans signe, avec au plus 2 décimales après un point et 4 chiffres en "
        "tout : « {value} ».",
        en=f"The VAT rate ({_names}) is written without a sign, with at most 2 decimals after a point and 4 digits "
        "in all: '{value}'.",
        ubl=nodes(_ubl, lambda v: percent_4_2(norm(v))),
        cii=nodes(_cii, lambda v: percent_4_2(norm(v))),
        json=model(_getter, lambda v: percent_4_2(text(v))),
    )
