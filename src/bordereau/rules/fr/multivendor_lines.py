"""Special contracts, every line: vendor and sub-invoice (BR-FR-MV-06, 07, 08), sub-invoice numbers (MV-11, 12),
the document type (MV-13, BD-13) and corrected invoices (MV-14, BD-14). See :mod:`.contracts`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..engine import Context
from .common import (
    BIDIRECTIONAL_MODES,
    MULTI_VENDOR_MODES,
    SELF_BILLED,
    find,
    norm,
    register,
    sval,
    type_codes,
    xp,
)
from .contracts import (
    C_ALL_LINES,
    C_EXEMPTION,
    C_INVOICE_ID,
    C_ISSUER,
    C_LINE_DOCS,
    C_LINE_ID,
    C_LINE_REF_DATE,
    C_LINE_REF_ID,
    C_LINES,
    C_PARENT,
    C_REF_TYPE,
    C_SELLER_ID,
    C_STATUS,
    C_TRANSACTION,
    C_TYPE,
    C_VENDOR_ID,
    SPECIAL,
    U_ALL_AFL,
    U_EXEMPTION,
    U_LINE_ID,
    U_LINES,
    U_OBJECT,
    U_REF_DATE,
    U_REF_ID,
    U_REF_STATUS,
    U_REFS,
    U_ROOT,
    U_SELLER_ID,
    U_VENDOR_ID,
    c_group,
    c_groups,
    c_sub_invoice,
    first_norm,
    only,
    u_group_ref,
    u_groups,
    u_number,
    u_parent_of,
    u_self_refs,
    values,
)
from .paths import c

# --- BR-FR-MV-06, 07, 08: every line names its vendor and sub-invoice, as its parent does -------------------------


@only(SPECIAL)
def _every_line_json(ctx: Context) -> Iterator[Any]:
    """A line of the model names no vendor and no sub-invoice."""
    yield from ctx.invoice.lines


def _lines_check(ubl_test: Any, cii_test: Any) -> tuple[Any, Any]:
    @only(SPECIAL)
    def ubl(ctx: Context) -> Iterator[Any]:
        root = U_ROOT(ctx.root)[0]
        number = u_number(ctx.root)
        lines = U_LINES(root)
        for line in lines:
            if not ubl_test(line, lines, number):
                yield line

    @only(SPECIAL)
    def cii(ctx: Context) -> Iterator[Any]:
        for transaction in C_TRANSACTION(ctx.root):
            lines = C_LINES(transaction)
            for line in lines:
                if not cii_test(line, lines):
                    yield line

    return ubl, cii


def _same_as_parent(own: str, parents: list[str], parent_values: list[str]) -> bool:
    if own == "":
        return False
    return not parents or own == (parent_values[0] if parent_values else "")


def _u_parent_values(line: Any, lines: list[Any], number: set[str], read: Any) -> tuple[list[str], list[str]]:
    parents = u_parent_of(line, number)
    found = [norm(v) for other in lines if set(values(U_LINE_ID(other))) & set(parents) for v in read(other)]
    return parents, found


def _c_parent_values(line: Any, lines: list[Any], read: Any) -> tuple[list[str], list[str]]:
    parents = values(C_PARENT(line))
    found = [norm(v) for other in lines if set(values(C_LINE_ID(other))) & set(parents) for v in read(other)]
    return parents, found


_MV06 = _lines_check(
    lambda line, lines, number: _same_as_parent(
        first_norm(U_VENDOR_ID(line)), *_u_parent_values(line, lines, number, lambda o: values(U_VENDOR_ID(o)))
    ),
    lambda line, lines: _same_as_parent(
        first_norm(C_VENDOR_ID(line)), *_c_parent_values(line, lines, lambda o: values(C_VENDOR_ID(o)))
    ),
)
register(
    "BR-FR-MV-06_EXT-FR-FE-167",
    bt=["BT-23", "EXT-FR-FE-167"],
    fr="Sous un cadre S8 … M9 (BT-23), chaque ligne donne l'identifiant légal de son vendeur (EXT-FR-FE-167), le "
    "même que sa ligne parente.",
    en="Under billing mode S8 … M9 (BT-23), every line gives its vendor's legal identifier (EXT-FR-FE-167), the "
    "same as its parent line's.",
    ubl=_MV06[0],
    cii=_MV06[1],
    json=_every_line_json,
)
_MV07 = _lines_check(
    lambda line, lines, number: _same_as_parent(
        first_norm(U_OBJECT(line)), *_u_parent_values(line, lines, number, lambda o: values(U_OBJECT(o)))
    ),
    lambda line, lines: _same_as_parent(
        c_sub_invoice(line), *_c_parent_values(line, lines, lambda o: [c_sub_invoice(o)] if c_sub_invoice(o) else [])
    ),
)
register(
    "BR-FR-MV-07_BT-128",
    bt=["BT-23", "BT-128"],
    fr="Sous un cadre S8 … M9 (BT-23), chaque ligne donne le numéro de sa sous-facture (BT-128, schéma AFL), le "
    "même que sa ligne parente.",
    en="Under billing mode S8 … M9 (BT-23), every line gives its sub-invoice number (BT-128, scheme AFL), the same "
    "as its parent line's.",
    ubl=_MV07[0],
    cii=_MV07[1],
    json=_every_line_json,
)


def _exemption_names(reasons: list[Any], sub_invoice: str) -> bool:
    return first_norm(reasons) != "" and sub_invoice != "" and sval(reasons[0]).startswith(f"#{sub_invoice}#")


@only(SPECIAL)
def _u_detail(ctx: Context) -> Iterator[Any]:
    root = U_ROOT(ctx.root)[0]
    number = u_number(ctx.root)
    for line in U_LINES(root):
        refs = u_self_refs(line, number)
        detail = "DETAIL" in [s for r in refs for s in values(U_REF_STATUS(r))]
        if detail and not _exemption_names(U_EXEMPTION(line), first_norm(U_OBJECT(line))):
            yield line


@only(SPECIAL)
def _c_detail(ctx: Context) -> Iterator[Any]:
    for transaction in C_TRANSACTION(ctx.root):
        for line in C_LINES(transaction):
            if "DETAIL" in values(C_STATUS(line)) and not _exemption_names(C_EXEMPTION(line), c_sub_invoice(line)):
                yield line


register(
    "BR-FR-MV-08_BT-128",
    bt=["BT-23", "BT-128", "BT-120"],
    fr="Sous un cadre S8 … M9 (BT-23), une ligne DETAIL porte un motif d'exonération commençant par #numéro de "
    "sous-facture#.",
    en="Under billing mode S8 … M9 (BT-23), a DETAIL line carries an exemption reason that starts with "
    "#sub-invoice number#.",
    ubl=_u_detail,
    cii=_c_detail,
)

# --- BR-FR-MV-11, 12: sub-invoice numbers --------------------------------------------------------------------------


def _numbering(count: int, own: str, numbers: set[str]) -> bool:
    """The main vendor's own sub-invoice carries the invoice number (BT-1) only when it has just one."""
    return count == 1 or (count == 0 and own in numbers) or (count > 1 and bool(numbers - {own}))


@only(SPECIAL)
def _u_main_vendor(ctx: Context) -> Iterator[Any]:
    root = U_ROOT(ctx.root)[0]
    number = u_number(ctx.root)
    seller = set(values(U_SELLER_ID(root)))
    groups = [
        (line, reference) for line, reference in u_groups(root, number) if first_norm(U_VENDOR_ID(line)) in seller
    ]
    # The count looks at lines whose GROUP reference without parent names the invoice (any of its references).
    count = sum(
        1
        for line in U_LINES(root)
        if first_norm(U_VENDOR_ID(line)) in seller
        and any(u_group_ref(r) and number & set(values(U_REF_ID(r))) for r in U_REFS(line))
        and number & set(values(U_OBJECT(line)))
    )
    for line, reference in groups:
        if not _numbering(count, first_norm(U_OBJECT(line)), number):
            yield reference


@only(SPECIAL)
def _c_main_vendor(ctx: Context) -> Iterator[Any]:
    seller = set(values(C_SELLER_ID(ctx.root)))
    number = set(values(C_INVOICE_ID(ctx.root)))
    heads = [line for line in C_ALL_LINES(ctx.root) if seller & set(values(C_VENDOR_ID(line))) and c_group(line)]
    count = sum(
        1
        for line in heads
        for doc in C_LINE_DOCS(line)
        if "AFL" in values(C_REF_TYPE(doc)) and "130" in values(C_TYPE(doc)) and number & set(values(C_ISSUER(doc)))
    )
    for line in heads:
        # The rule's context is the lines of the document's own transaction.
        in_place = line.getparent() is not None and line.getparent().getparent() is ctx.root
        if in_place and not _numbering(count, c_sub_invoice(line), number):
            yield line


register(
    "BR-FR-MV-11_BT-128",
    bt=["BT-23", "BT-128", "BT-1"],
    fr="Sous un cadre S8 … M9 (BT-23), la sous-facture du vendeur principal porte le numéro de la facture (BT-1) "
    "seulement s'il n'en a qu'une.",
    en="Under billing mode S8 … M9 (BT-23), the main vendor's sub-invoice carries the invoice number (BT-1) only "
    "when it has just one.",
    ubl=_u_main_vendor,
    cii=_c_main_vendor,
)


def _repeats(targets: list[Any], candidates: list[Any]) -> bool:
    """Whether a target's value equals that of any candidate earlier in the document."""
    wanted = {id(t) for t in targets}
    seen: set[str] = set()
    for element in candidates:
        value = sval(element)
        if id(element) in wanted and value in seen:
            return True
        seen.add(value)
    return False


@only(SPECIAL)
def _u_unique_numbers(ctx: Context) -> Iterator[Any]:
    root = U_ROOT(ctx.root)[0]
    number = u_number(ctx.root)
    heads = {id(line) for line, _ in u_groups(root, number)}
    targets = [e for line in U_LINES(root) if id(line) in heads for e in U_OBJECT(line)]
    if _repeats(targets, U_ALL_AFL(ctx.root)):
        yield None


_C_ALL_ISSUERS = xp("//ram:IssuerAssignedID")


@only(SPECIAL)
def _c_unique_numbers(ctx: Context) -> Iterator[Any]:
    for transaction in C_TRANSACTION(ctx.root):
        targets = [
            issuer
            for line in C_LINES(transaction)
            if c_group(line)
            for doc in C_LINE_DOCS(line)
            if "AFL" in values(C_REF_TYPE(doc)) and "130" in values(C_TYPE(doc))
            for issuer in C_ISSUER(doc)
        ]
        if _repeats(targets, _C_ALL_ISSUERS(ctx.root)):
            yield transaction


register(
    "BR-FR-MV-12_BT-128",
    bt=["BT-23", "BT-128"],
    fr="Sous un cadre S8 … M9 (BT-23), les numéros de sous-facture des lignes GROUP sans parent (BT-128, AFL) sont "
    "tous différents.",
    en="Under billing mode S8 … M9 (BT-23), the sub-invoice numbers of GROUP lines without parent (BT-128, AFL) "
    "are all different.",
    ubl=_u_unique_numbers,
    cii=_c_unique_numbers,
)

# --- BR-FR-MV-13, BD-13: self-billing is excluded from multi-vendor invoices and required in bidirectional ones -----

_UBL_TYPE = "/ubl:Invoice/cbc:InvoiceTypeCode | /cn:CreditNote/cbc:CreditNoteTypeCode"
_CII_TYPE = c("rsm:ExchangedDocument/ram:TypeCode")


def _type_rule(modes: frozenset[str], self_billed: bool) -> tuple[Any, Any, Any]:
    def allowed(value: str, compare: str) -> bool:
        """``compare`` is the value set against the list: normalized, except in CII's MV-13."""
        return norm(value) != "" and (compare in SELF_BILLED) == self_billed

    def on(path: str, raw: bool) -> Any:
        compiled = xp(path)

        @only(modes)
        def check(ctx: Context) -> Iterator[Any]:
            for node in find(ctx.root, compiled):
                value = sval(node)
                if not allowed(value, value if raw else norm(value)):
                    yield node, {"value": value}

        return check

    @only(modes)
    def json(ctx: Context) -> Iterator[Any]:
        code = ctx.invoice.type_code or ""
        if not allowed(code, code if not self_billed else norm(code)):
            yield None, {"value": code}

    return on(_UBL_TYPE, raw=False), on(_CII_TYPE, raw=not self_billed), json


_MV13 = _type_rule(MULTI_VENDOR_MODES, self_billed=False)
register(
    "BR-FR-MV-13_BT-3",
    bt=["BT-23", "BT-3"],
    fr="Une facture multi-vendeurs (BT-23 = S8, B8, M8) ne peut être une autofacture (BT-3 = 389, 261, 501, 500, "
    "502, 471, 473) : « {value} ».",
    en="A multi-vendor invoice (BT-23 = S8, B8, M8) may not be self-billed (BT-3 = 389, 261, 501, 500, 502, 471, "
    "473): '{value}'.",
    ubl=_MV13[0],
    cii=_MV13[1],
    json=_MV13[2],
)
_BD13 = _type_rule(BIDIRECTIONAL_MODES, self_billed=True)
_BD13_FR = (
    "Une facture bidirectionnelle (BT-23 = S9, B9, M9) doit être une autofacture (BT-3 = 389, 261, 501, 500, 502, "
    "471, 473) : « {value} »."
)
_BD13_EN = (
    "A bidirectional invoice (BT-23 = S9, B9, M9) must be self-billed (BT-3 = 389, 261, 501, 500, 502, 471, 473): "
    "'{value}'."
)
# The UBL schematron names this assert BR-FR-MV-BD_BT-3, the CII one BR-FR-BD-13_BT-3.
register("BR-FR-MV-BD_BT-3", bt=["BT-23", "BT-3"], fr=_BD13_FR, en=_BD13_EN, ubl=_BD13[0])
register("BR-FR-BD-13_BT-3", bt=["BT-23", "BT-3"], fr=_BD13_FR, en=_BD13_EN, cii=_BD13[1], json=_BD13[2])

# --- BR-FR-MV-14, BD-14: GROUP lines of corrective documents cite the invoice they correct ------------------------


def _corrected(modes: frozenset[str], types: frozenset[str], want_date: bool) -> tuple[Any, Any]:
    @only(modes)
    def ubl(ctx: Context) -> Iterator[Any]:
        if not any(t in types for t in type_codes(ctx)):
            return
        root = U_ROOT(ctx.root)[0]
        number = u_number(ctx.root)
        for line, reference in u_groups(root, number):
            others = [r for r in U_REFS(line) if set(values(U_REF_ID(r))) - number and number]
            if not any((U_REF_DATE if want_date else U_REF_ID)(r) for r in others):
                yield reference

    @only(modes)
    def cii(ctx: Context) -> Iterator[Any]:
        if not any(t in types for t in type_codes(ctx)):
            return
        for line in c_groups(ctx.root):
            if not (C_LINE_REF_DATE if want_date else C_LINE_REF_ID)(line):
                yield line

    return ubl, cii


for _prefix, _modes, _types, _modes_text in (
    ("BR-FR-MV-14", MULTI_VENDOR_MODES, frozenset(["384", "472", "381", "396", "503"]), "S8, B8, M8"),
    ("BR-FR-BD-14", BIDIRECTIONAL_MODES, frozenset(["261", "471", "473", "502"]), "S9, B9, M9"),
):
    for _suffix, _want_date, _what_fr, _what_en in (
        ("EXT-FR-FE-136", False, "le numéro", "number"),
        ("EXT-FR-FE-138", True, "la date", "date"),
    ):
        _ubl_check, _cii_check = _corrected(_modes, _types, _want_date)
        register(
            f"{_prefix}-{_suffix}",
            bt=["BT-23", "BT-3", _suffix],
            fr=f"Dans un avoir ou une facture rectificative sous cadre {_modes_text} (BT-23), chaque ligne GROUP sans "
            f"parent donne {_what_fr} de la facture corrigée ({_suffix}).",
            en=f"In a credit note or corrective invoice under billing mode {_modes_text} (BT-23), every GROUP line "
            f"without parent gives the corrected invoice's {_what_en} ({_suffix}).",
            ubl=_ubl_check,
            cii=_cii_check,
        )
