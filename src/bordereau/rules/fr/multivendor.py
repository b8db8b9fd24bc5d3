"""Special contracts, GROUP lines: sub-types (BR-FR-MV-01, MV-02, BD-02), what a GROUP line gives (MV-03) and
how its amounts agree (MV-05, MV-09, MV-10). See :mod:`.contracts`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..engine import Context
from .common import (
    BIDIRECTIONAL_MODES,
    MULTI_VENDOR_MODES,
    find,
    nodes,
    norm,
    register,
    sval,
    xp,
)
from .contracts import (
    C_ALL_LINES,
    C_BUYER_ID,
    C_CURRENCY,
    C_HEADER_TAXES,
    C_ISSUER,
    C_LINE_DOCS,
    C_LINE_GRAND,
    C_LINE_ID,
    C_LINE_TOTAL,
    C_LINES,
    C_PARENT,
    C_REF_TYPE,
    C_SELLER_ID,
    C_STATUS,
    C_TAX_CURRENCY,
    C_TYPE,
    C_VENDOR_COUNTRY,
    C_VENDOR_ID,
    C_VENDOR_NAME,
    CENT,
    SPECIAL,
    U_AVV,
    U_BUYER_ID,
    U_CURRENCY,
    U_LINE_GROSS,
    U_LINE_ID,
    U_LINE_NET,
    U_LINE_TAX,
    U_LINES,
    U_OBJECT,
    U_REF_ID,
    U_REF_PARENT,
    U_REF_STATUS,
    U_REFS,
    U_ROOT,
    U_SELLER_ID,
    U_SUBTOTAL_REASON,
    U_SUBTOTAL_SCHEME,
    U_SUBTOTAL_TAX,
    U_SUBTOTALS,
    U_TAX_CURRENCY,
    U_VENDOR_COUNTRY,
    U_VENDOR_ID,
    U_VENDOR_NAME,
    c_amount_in,
    c_groups,
    c_sub_invoice,
    decimal,
    double_sum,
    first_norm,
    only,
    u_groups,
    u_number,
    u_self_refs,
    values,
    within,
)
from .paths import c

# --- BR-FR-MV-01, MV-02, BD-02: line sub-types and the GROUP lines ------------------------------------------------

_NO_TYPE_FR = "Sous un cadre S8, B8, M8, S9, B9 ou M9 (BT-23), chaque ligne indique son sous-type (EXT-FR-FE-163)."
_NO_TYPE_EN = "Under billing mode S8, B8, M8, S9, B9 or M9 (BT-23), every line states its sub-type (EXT-FR-FE-163)."


_U_ANY_LINE = xp("//cac:InvoiceLine | //cac:CreditNoteLine")
_C_STATUS_CODES = c(
    "rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem/ram:AssociatedDocumentLineDocument/ram:LineStatusReasonCode"
)


@only(SPECIAL)
def _u_subtype(ctx: Context) -> Iterator[Any]:
    number = u_number(ctx.root)
    for line in find(ctx.root, _U_ANY_LINE):
        refs = u_self_refs(line, number)
        if not refs or first_norm([s for r in refs for s in U_REF_STATUS(r)]) == "":
            yield line


register(
    "BR-FR-MV-01_EXT-FR-FE-163",
    bt=["BT-23", "EXT-FR-FE-163"],
    fr=_NO_TYPE_FR,
    en=_NO_TYPE_EN,
    ubl=_u_subtype,
    cii=only(SPECIAL)(nodes(_C_STATUS_CODES, lambda value: norm(value) != "")),
)


def _count_groups(ctx: Context, vendor: str | None = None) -> int:
    """GROUP lines without parent; with ``vendor`` (seller, buyer), only those whose vendor id is that party's."""
    if ctx.syntax == "cii":
        groups = c_groups(ctx.root)
        if vendor is None:
            return len(groups)
        party = set(values((C_SELLER_ID if vendor == "seller" else C_BUYER_ID)(ctx.root)))
        return sum(1 for line in groups if party & set(values(C_VENDOR_ID(line))))
    root = U_ROOT(ctx.root)[0]
    groups = u_groups(root, u_number(ctx.root))
    if vendor is None:
        return len(groups)
    party = set(values((U_SELLER_ID if vendor == "seller" else U_BUYER_ID)(root)))
    return sum(1 for line, _ in groups if party & set(values(U_VENDOR_ID(line))))


def _groups_rule(modes: frozenset[str], holds: Any) -> Any:
    @only(modes)
    def check(ctx: Context) -> Iterator[Any]:
        if not holds(ctx):
            yield None

    return check


_MV02 = _groups_rule(MULTI_VENDOR_MODES, lambda ctx: _count_groups(ctx) >= 1)
register(
    "BR-FR-MV-02_EXT-FR-FE-163",
    bt=["BT-23", "EXT-FR-FE-163"],
    fr="Une facture multi-vendeurs (BT-23 = S8, B8, M8) doit avoir au moins une ligne GROUP sans ligne parente.",
    en="A multi-vendor invoice (BT-23 = S8, B8, M8) must have at least one GROUP line without a parent line.",
    ubl=_MV02,
    cii=_MV02,
    json=_groups_rule(MULTI_VENDOR_MODES, lambda ctx: False),
)
_BD02 = _groups_rule(BIDIRECTIONAL_MODES, lambda ctx: _count_groups(ctx) == 2)
_NO_GROUP_JSON = _groups_rule(BIDIRECTIONAL_MODES, lambda ctx: False)
register(
    "BR-FR-BD-02_EXT-FR-FE-163",
    bt=["BT-23", "EXT-FR-FE-163"],
    fr="Une facture bidirectionnelle (BT-23 = S9, B9, M9) doit avoir exactement deux lignes GROUP sans ligne parente.",
    en="A bidirectional invoice (BT-23 = S9, B9, M9) must have exactly two GROUP lines without a parent line.",
    ubl=_BD02,
    cii=_BD02,
    json=_NO_GROUP_JSON,
)
_BD_SELLER = _groups_rule(BIDIRECTIONAL_MODES, lambda ctx: _count_groups(ctx, "seller") == 1)
_BD_BUYER = _groups_rule(BIDIRECTIONAL_MODES, lambda ctx: _count_groups(ctx, "buyer") == 1)
_BD_PARTY_FR = (
    "Dans une facture bidirectionnelle (BT-23 = S9, B9, M9), une seule des deux lignes GROUP porte l'identifiant "
    "légal {who}."
)
_BD_PARTY_EN = "In a bidirectional invoice (BT-23 = S9, B9, M9), exactly one of the two GROUP lines carries the {who}."
# UBL names the seller's assert after BT-30, CII after BT-31.
for _id, _syntax, _check, _who_fr, _who_en in (
    ("BR-FR-BD-02_BT-30", "ubl", _BD_SELLER, "du vendeur (BT-30)", "seller's legal identifier (BT-30)"),
    ("BR-FR-BD-02_BT-31", "cii", _BD_SELLER, "du vendeur (BT-30)", "seller's legal identifier (BT-30)"),
    ("BR-FR-BD-02_BT-47", "both", _BD_BUYER, "de l'acheteur (BT-47)", "buyer's legal identifier (BT-47)"),
):
    register(
        _id,
        bt=["BT-23", _id.rsplit("_", 1)[1]],
        fr=_BD_PARTY_FR.format(who=_who_fr),
        en=_BD_PARTY_EN.format(who=_who_en),
        ubl=_check if _syntax in ("ubl", "both") else None,
        cii=_check if _syntax in ("cii", "both") else None,
        json=_NO_GROUP_JSON if _syntax in ("cii", "both") else None,
    )

# --- BR-FR-MV-03: what a GROUP line gives about its vendor and amounts ---------------------------------------------


def _u_group_checks(test: Any) -> Any:
    """Hits on the GROUP references (UBL) for which ``test(line, root, number)`` fails."""

    @only(SPECIAL)
    def check(ctx: Context) -> Iterator[Any]:
        root = U_ROOT(ctx.root)[0]
        number = u_number(ctx.root)
        for line, reference in u_groups(root, number):
            if not test(line, root, number):
                yield reference

    return check


def _c_group_checks(test: Any) -> Any:
    @only(SPECIAL)
    def check(ctx: Context) -> Iterator[Any]:
        for line in c_groups(ctx.root):
            if not test(line, ctx.root):
                yield line

    return check


def _u_tax_in(line: Any, root: Any, which: Any) -> list[Any]:
    currencies = values(which(root))
    return [a for a in U_LINE_TAX(line) if a.get("currencyID") in currencies]


def _u_accounting_tax(line: Any, root: Any, _: Any) -> bool:
    currencies = U_TAX_CURRENCY(root)
    if not currencies:
        return True
    return any(sval(cur) != "" for cur in currencies) and first_norm(_u_tax_in(line, root, U_TAX_CURRENCY)) != ""


def _c_accounting_tax(line: Any, root: Any) -> bool:
    currencies = C_TAX_CURRENCY(line)
    if not currencies:
        return True
    return any(sval(cur) != "" for cur in currencies) and first_norm(c_amount_in(line, values(currencies))) != ""


def _u_avv(line: Any, root: Any, number: Any) -> bool:
    found = values(U_AVV(line))
    return first_norm(U_AVV(line)) != "" and not any(v in ("M8", "S8", "B8") for v in found)


_GROUP_FACTS = [
    # (id suffix, what, UBL test, CII test)
    (
        "EXT-FR-FE-164",
        ("le nom du vendeur de la ligne GROUP (EXT-FR-FE-164)", "the name of the GROUP line's vendor (EXT-FR-FE-164)"),
        lambda line, root, number: first_norm(U_VENDOR_NAME(line)) != "",
        lambda line, root: first_norm(C_VENDOR_NAME(line)) != "",
    ),
    (
        "EXT-FR-FE-167",
        ("l'identifiant légal du vendeur (EXT-FR-FE-167)", "the vendor's legal identifier (EXT-FR-FE-167)"),
        lambda line, root, number: first_norm(U_VENDOR_ID(line)) != "",
        lambda line, root: first_norm(C_VENDOR_ID(line)) != "",
    ),
    (
        "EXT-FR-FE-177",
        ("le pays du vendeur (EXT-FR-FE-177)", "the vendor's country (EXT-FR-FE-177)"),
        lambda line, root, number: first_norm(U_VENDOR_COUNTRY(line)) != "",
        lambda line, root: first_norm(C_VENDOR_COUNTRY(line)) != "",
    ),
    (
        "EXT-FR-FE-181",
        (
            "la TVA de la ligne dans la devise de la facture (EXT-FR-FE-181)",
            "the line's VAT in the invoice currency (EXT-FR-FE-181)",
        ),
        lambda line, root, number: first_norm(_u_tax_in(line, root, U_CURRENCY)) != "",
        lambda line, root: first_norm(c_amount_in(line, values(C_CURRENCY(line)))) != "",
    ),
    (
        "EXT-FR-FE-182",
        (
            "la TVA de la ligne dans la devise de comptabilisation (EXT-FR-FE-182)",
            "the line's VAT in the accounting currency (EXT-FR-FE-182)",
        ),
        _u_accounting_tax,
        _c_accounting_tax,
    ),
]  # fmt: skip

for _suffix, (_what_fr, _what_en), _ubl_test, _cii_test in _GROUP_FACTS:
    register(
        f"BR-FR-MV-03_{_suffix}",
        bt=["BT-23", _suffix],
        fr=f"Sous un cadre S8, B8, M8, S9, B9 ou M9 (BT-23), une ligne GROUP sans parent doit donner {_what_fr}.",
        en=f"Under billing mode S8, B8, M8, S9, B9 or M9 (BT-23), a GROUP line without parent must give {_what_en}.",
        ubl=_u_group_checks(_ubl_test),
        cii=_c_group_checks(_cii_test),
    )


def _c_object_checks(scheme: str, extra: Any) -> Any:
    """CII checks each AFL/AVV reference of a GROUP line: type 130 and a value (and, for AVV, not a mode code)."""

    @only(SPECIAL)
    def check(ctx: Context) -> Iterator[Any]:
        for line in c_groups(ctx.root):
            for doc in C_LINE_DOCS(line):
                if scheme not in values(C_REF_TYPE(doc)):
                    continue
                issuer = C_ISSUER(doc)
                if not ("130" in values(C_TYPE(doc)) and first_norm(issuer) != "" and extra(values(issuer))):
                    yield doc

    return check


register(
    "BR-FR-MV-03_BT-128_AFL",
    bt=["BT-23", "BT-128"],
    fr="Une ligne GROUP sans parent (BT-23 = S8 … M9) doit porter le numéro de sa sous-facture (BT-128, schéma AFL, "
    "type 130).",
    en="A GROUP line without parent (BT-23 = S8 … M9) must carry its sub-invoice number (BT-128, scheme AFL, "
    "type 130).",
    ubl=_u_group_checks(lambda line, root, number: first_norm(U_OBJECT(line)) != ""),
    cii=_c_object_checks("AFL", lambda values: True),
)
register(
    "BR-FR-MV-03_BT-128_AVV",
    bt=["BT-23", "BT-128"],
    fr="Une ligne GROUP sans parent (BT-23 = S8 … M9) doit porter son cadre de facturation propre (BT-128, schéma "
    "AVV, type 130), autre que S8, B8 ou M8.",
    en="A GROUP line without parent (BT-23 = S8 … M9) must carry its own billing mode (BT-128, scheme AVV, type "
    "130), other than S8, B8 or M8.",
    ubl=_u_group_checks(_u_avv),
    cii=_c_object_checks("AVV", lambda values: not any(v in ("M8", "S8", "B8") for v in values)),
)

# --- BR-FR-MV-05, 09, 10: a GROUP line's amounts agree with its sub-lines and the VAT breakdown -------------------


def _u_sum_sublines(line: Any, root: Any, number: set[str]) -> bool:
    group = first_norm(U_LINE_ID(line))
    subs = []
    for other in U_LINES(root):
        for r in U_REFS(other):
            if (
                number & set(values(U_REF_ID(r)))
                and any(s != "INFORMATION" for s in values(U_REF_STATUS(r)))
                and group in values(U_REF_PARENT(r))
            ):
                subs.append(other)
                break
    amounts = [a for other in subs for a in U_LINE_NET(other)]
    return within(decimal(U_LINE_NET(line)), double_sum(amounts), len(amounts))


def _c_sum_sublines(line: Any, root: Any) -> bool:
    group = first_norm(C_LINE_ID(line))
    subs = [
        other
        for other in C_LINES(line.getparent())
        if group in values(C_PARENT(other)) and any(s != "INFORMATION" for s in values(C_STATUS(other)))
    ]
    amounts = [a for other in subs for a in C_LINE_TOTAL(other)]
    return within(decimal(C_LINE_TOTAL(line)), double_sum(amounts), len(amounts))


register(
    "BR-FR-MV-05_EXT-FR-FE-BG-12",
    bt=["BT-23", "BT-131"],
    fr="Le montant net d'une ligne GROUP (BT-131) doit égaler la somme de ses sous-lignes, à 0,01 près par sous-ligne.",
    en="A GROUP line's net amount (BT-131) must equal the sum of its sub-lines, within 0.01 per sub-line.",
    ubl=_u_group_checks(_u_sum_sublines),
    cii=_c_group_checks(_c_sum_sublines),
)


def _u_vat_of_sub_invoice(line: Any, root: Any, number: set[str]) -> bool:
    sub_invoice = first_norm(U_OBJECT(line))
    prefix = f"#{sub_invoice}#"
    amounts = [
        a
        for subtotal in U_SUBTOTALS(root)
        if "VAT" in values(U_SUBTOTAL_SCHEME(subtotal))
        and values(U_SUBTOTAL_REASON(subtotal))[:1]
        and values(U_SUBTOTAL_REASON(subtotal))[0].startswith(prefix)
        for a in U_SUBTOTAL_TAX(subtotal)
    ]
    return within(decimal(_u_tax_in(line, root, U_CURRENCY)), double_sum(amounts), 1)


_C_TAX_REASON, _C_TAX_TYPE, _C_TAX_AMOUNT = xp("ram:ExemptionReason"), xp("ram:TypeCode"), xp("ram:CalculatedAmount")


def _c_vat_of_sub_invoice(line: Any, root: Any) -> bool:
    prefix = f"#{c_sub_invoice(line)}#"
    amounts = []
    for tax in C_HEADER_TAXES(line):
        reasons = values(_C_TAX_REASON(tax))
        if "VAT" in values(_C_TAX_TYPE(tax)) and reasons[:1] and reasons[0].startswith(prefix):
            amounts += _C_TAX_AMOUNT(tax)
    return within(decimal(c_amount_in(line, values(C_CURRENCY(line)))), double_sum(amounts), 1)


register(
    "BR-FR-MV-09_EXT-FR-FE-181",
    bt=["BT-23", "BT-117"],
    fr="La TVA d'une ligne GROUP (EXT-FR-FE-181) doit égaler, à 0,01 près, la TVA des ventilations (BT-117) dont le "
    "motif d'exonération commence par #numéro de sous-facture#.",
    en="A GROUP line's VAT (EXT-FR-FE-181) must equal, within 0.01, the VAT of the breakdowns (BT-117) whose "
    "exemption reason starts with #sub-invoice number#.",
    ubl=_u_group_checks(_u_vat_of_sub_invoice),
    cii=_c_group_checks(_c_vat_of_sub_invoice),
)


def _u_gross(line: Any, root: Any, number: set[str]) -> bool:
    gross = U_LINE_GROSS(line)
    if not gross:
        return True
    own = set(values(U_LINE_ID(line)))
    count = 0
    for other in U_LINES(root):
        for r in u_self_refs(other, number):
            statuses = values(U_REF_STATUS(r))
            if any(s in ("DETAIL", "GROUP") for s in statuses) and own & set(values(U_REF_PARENT(r))):
                count += 1
    return _gross_agrees(gross, U_LINE_NET(line), _u_tax_in(line, root, U_CURRENCY), count)


def _gross_agrees(gross: list[Any], net: list[Any], tax: list[Any], lines: int) -> bool:
    if first_norm(gross) == "":
        return False
    values = [decimal(gross), decimal(net), decimal(tax)]
    if None in values:
        return False
    total, amount, vat = values
    return abs(total - amount - vat) <= CENT * lines  # type: ignore[operator]


def _c_gross(line: Any, root: Any) -> bool:
    gross = C_LINE_GRAND(line)
    if not gross:
        return True
    own = set(values(C_LINE_ID(line)))
    count = sum(
        1
        for other in C_ALL_LINES(root)
        if own & set(values(C_PARENT(other))) and any(s in ("DETAIL", "GROUP") for s in values(C_STATUS(other)))
    )
    return _gross_agrees(gross, C_LINE_TOTAL(line), c_amount_in(line, values(C_CURRENCY(line))), count)


register(
    "BR-FR-MV-10_EXT-FR-FE-184",
    bt=["BT-23", "EXT-FR-FE-184"],
    fr="Le total TTC d'une ligne GROUP (EXT-FR-FE-184), s'il est donné, doit égaler son montant net plus sa TVA, à "
    "0,01 près par sous-ligne.",
    en="A GROUP line's total with VAT (EXT-FR-FE-184), when given, must equal its net amount plus its VAT, within "
    "0.01 per sub-line.",
    ubl=_u_group_checks(_u_gross),
    cii=_c_group_checks(_c_gross),
)
