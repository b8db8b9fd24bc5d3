"""What the BR-FR rules share: the XPath semantics they rely on, the French code lists, and a rule factory.

The FNFE-MPE schematron (France_RFE 1.4.0.x) is written against the syntax, not the semantic model: most of its
asserts look at raw element values (a date with surrounding spaces fails, ``20.00`` is not ``20``), at
extension elements of EXTENDED-CTC-FR that the model does not hold, and at exactly the context nodes its rules
match (some of which never occur). So for UBL and CII these rules read the source tree, with XPath 2.0's
string semantics reproduced here (``normalize-space`` only trims space, tab, CR and LF; ``$`` anchors at the
very end). For JSON input there is no tree: the rules that the model can express check the model as if it had
been written in CII, and use the CII rule ids where the two syntaxes name an assert differently.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from lxml import etree

from ...formats.xml import NS as _NS
from ...model import Invoice
from ..engine import Context, rule

NS = {
    **{k: v for k, v in _NS.items() if k != "ublcn"},
    "cn": _NS["ublcn"],
}

_WS = re.compile(r"[ \t\r\n]+")


def norm(text: str | None) -> str:
    """XPath ``normalize-space``: only space, tab, CR and LF count as white space."""
    return _WS.sub(" ", text or "").strip(" \t\r\n")


def sval(node: Any) -> str:
    """XPath ``string(.)`` of an element (all its descendant text) or of an attribute value."""
    if node is None:
        return ""
    if isinstance(node, str):
        return node
    return "".join(node.itertext())


def xp(path: str) -> etree.XPath:
    """A compiled XPath with the UBL and CII prefixes (``ubl``, ``cn``, ``cac``, ``cbc``, ``rsm``, ``ram`` …)."""
    return etree.XPath(path, namespaces=NS)


def find(node: etree._Element, path: etree.XPath) -> list[Any]:
    result = path(node)
    return result if isinstance(result, list) else [result]


def first(node: etree._Element, path: etree.XPath) -> Any:
    found = find(node, path)
    return found[0] if found else None


# --- value tests, each the counterpart of one ``custom:`` function of the schematron ---------------------------

_ID = re.compile(r"[A-Za-z0-9+\-_/]+")
_SCHEME_ID = re.compile(r"[A-Za-z0-9+\-_.]+")
_UBL_DATE = re.compile(r"20\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])")
_CII_DATE = re.compile(r"20\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])")
_DEC_2 = re.compile(r"-?\d{1,19}(\.\d{1,2})?")
_DEC_4 = re.compile(r"-?\d{1,19}(\.\d{1,4})?")
_DEC_6 = re.compile(r"-?\d{1,19}(\.\d{1,6})?")
_DEC_6_POSITIVE = re.compile(r"\d{1,19}(\.\d{1,6})?")
_PERCENT = re.compile(r"\d{1,4}(\.\d{1,2})?")
DIGITS_9 = re.compile(r"\d{9}")
DIGITS_14 = re.compile(r"\d{14}")


def valid_id(value: str) -> bool:
    """An invoice number: letters, digits and ``+ - _ /``, no space (other white space at the ends is trimmed)."""
    return bool(_ID.fullmatch(norm(value))) and " " not in value


def valid_scheme_value(value: str) -> bool:
    """An electronic address or private identifier: letters, digits and ``+ - _ .``."""
    return bool(_SCHEME_ID.fullmatch(value))


def _days_in(year: int, month: int) -> int:
    if month == 2:
        return 29 if (year % 4 == 0 and year % 100 != 0) or year % 400 == 0 else 28
    return 30 if month in (4, 6, 9, 11) else 31


def valid_ubl_date(value: str) -> bool:
    """``YYYY-MM-DD`` in 2000–2099 and a day that exists, on the raw text."""
    if not _UBL_DATE.fullmatch(value):
        return False
    return int(value[8:10]) <= _days_in(int(value[:4]), int(value[5:7]))


def valid_cii_date(value: str) -> bool:
    """``YYYYMMDD`` in 2000–2099 and a day that exists, on the first eight characters of the raw text."""
    short = value[:8]
    if not _CII_DATE.fullmatch(short):
        return False
    return int(short[6:8]) <= _days_in(int(short[:4]), int(short[4:6]))


def valid_model_date(value: date) -> bool:
    return 2000 <= value.year <= 2099


def _fits(pattern: re.Pattern[str], value: str, width: int) -> bool:
    return bool(pattern.fullmatch(value)) and len(value.replace(".", "")) <= width


def decimal_19_2(value: str) -> bool:
    return _fits(_DEC_2, value, 19)


def decimal_19_4(value: str) -> bool:
    return _fits(_DEC_4, value, 19)


def decimal_19_6(value: str) -> bool:
    return _fits(_DEC_6, value, 19)


def decimal_19_6_positive(value: str) -> bool:
    return _fits(_DEC_6_POSITIVE, value, 19)


def percent_4_2(value: str) -> bool:
    return _fits(_PERCENT, value, 4)


def text(value: Any) -> str:
    """A model value as a writer puts it in XML (decimals in plain notation); "" for anything else."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    return value if isinstance(value, str) else ""


# --- code lists of the reform ----------------------------------------------------------------------------------


def _codes(text: str) -> frozenset[str]:
    return frozenset(text.split())


DOCUMENT_TYPES = _codes("380 389 393 501 386 500 384 471 472 473 261 262 381 396 502 503")
BILLING_MODES = _codes("B1 S1 M1 B2 S2 M2 S3 B4 S4 M4 S5 S6 B7 S7 B8 S8 M8 B9 S9 M9")
SELF_BILLED = _codes("389 501 500 471 473 261 502")
PAID_MODES = _codes("B2 S2 M2")
FINAL_AFTER_DEPOSIT_MODES = _codes("B4 S4 M4")
DEPOSIT_TYPES = _codes("386 500 503")
CORRECTIVE_TYPES = _codes("384 471 472 473")
CREDIT_TYPES = _codes("261 381 396 502 503")
MULTI_VENDOR_MODES = _codes("S8 B8 M8")
BIDIRECTIONAL_MODES = _codes("S9 B9 M9")
BAR_TREATMENTS = ("B2B", "B2BINT", "B2C", "B2CINT", "OUTOFSCOPE", "ARCHIVEONLY")
VAT_CATEGORIES = _codes("S E AE K G O Z")
# The rates are compared as written: 20, 20.0 and 20.00 are listed, 20.000 is not.
VAT_RATES = _codes(
    """0 0.0 0.00 10 10.0 10.00 13 13.0 13.00 20 20.0 20.00 8.5 8.50 19.6 19.60 2.1 2.10 5.5 5.50 7 7.0 7.00
    20.6 20.60 1.05 0.9 0.90 1.75 9.2 9.20 9.6 9.60"""
)
ATTACHMENT_CODES = _codes(
    """RIB LISIBLE FEUILLE_DE_STYLE PJA BORDEREAU_SUIVI DOCUMENT_ANNEXE BON_LIVRAISON BON_COMMANDE
    BORDEREAU_SUIVI_VALIDATION ETAT_ACOMPTE FACTURE_PAIEMENT_DIRECT RECAPITULATIF_COTRAITANCE"""
)


# --- what several rules read from the document ------------------------------------------------------------------

_UBL_PROFILE = xp("/ubl:Invoice/cbc:ProfileID | /cn:CreditNote/cbc:ProfileID")
_CII_PROFILE = xp(
    "/rsm:CrossIndustryInvoice/rsm:ExchangedDocumentContext/ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID"
)
_UBL_NOTES = xp("/ubl:Invoice/cbc:Note | /cn:CreditNote/cbc:Note")
_UBL_TYPE = xp("/ubl:Invoice/cbc:InvoiceTypeCode | /cn:CreditNote/cbc:CreditNoteTypeCode")
_CII_TYPE = xp("/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:TypeCode")
_CII_BAR = xp("/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:IncludedNote[ram:SubjectCode = 'BAR']/ram:Content")


def billing_modes(ctx: Context) -> list[str]:
    """The raw values of BT-23 (a list, as XPath sees a node sequence; a model value for JSON)."""
    if ctx.syntax == "ubl":
        return [sval(e) for e in _UBL_PROFILE(ctx.root)]
    if ctx.syntax == "cii":
        return [sval(e) for e in _CII_PROFILE(ctx.root)]
    mode = ctx.invoice.process.business_process_type
    return [] if mode is None else [mode]


def special_contract(ctx: Context, modes: frozenset[str]) -> bool:
    """Whether BT-23 is one of ``modes`` (the schematron's ``isSpecialContract*`` functions)."""
    values = billing_modes(ctx)
    return bool(values) and norm(values[0]) in modes


def type_codes(ctx: Context) -> list[str]:
    """The raw values of BT-3."""
    if ctx.syntax == "ubl":
        return [sval(e) for e in _UBL_TYPE(ctx.root)]
    if ctx.syntax == "cii":
        return [sval(e) for e in _CII_TYPE(ctx.root)]
    code = ctx.invoice.type_code
    return [] if code is None else [code]


def ubl_notes(root: etree._Element) -> str:
    """The UBL notes joined by ``#``: the reform writes a subject code as ``#PMT#`` before the note's text."""
    return "#".join(sval(e) for e in _UBL_NOTES(root))


def after_marker(joined: str, marker: str) -> str:
    """The text after the first ``#CODE#`` up to the next ``#`` (``substring-after`` then ``substring-before``)."""
    position = joined.find(marker)
    if position < 0:
        return ""
    rest = joined[position + len(marker) :]
    return rest.split("#", 1)[0]


def bar_treatments(ctx: Context) -> list[str]:
    """What the invoice declares after the subject code BAR (the reform's kind of exchange: B2B, B2C, …)."""
    if ctx.syntax == "ubl":
        return [after_marker(ubl_notes(ctx.root), "#BAR#")]
    if ctx.syntax == "cii":
        return [sval(e) for e in _CII_BAR(ctx.root)]
    return [n.text or "" for n in ctx.invoice.notes if n.subject_code == "BAR"]


# --- the rule factory ------------------------------------------------------------------------------------------

Check = Callable[[Context], Iterable[Any]]
Getter = Callable[[Invoice], Iterable[tuple[Any, Any]]]
Test = Callable[[Any], bool]


def fr_rule(id: str, *, bt: list[str], fr: str, en: str, on: Iterable[str]) -> Callable[[Any], Any]:
    """Register a BR-FR check for the syntaxes ``on``."""
    return rule(id, set="fr", bt=bt, fr=fr, en=en, syntax=tuple(on))


def register(
    id: str,
    *,
    bt: list[str],
    fr: str,
    en: str,
    ubl: Check | None = None,
    cii: Check | None = None,
    json: Check | None = None,
) -> None:
    """Register a BR-FR rule whose check differs by syntax (the two schematrons share most ids, not their shape)."""
    checks = {"ubl": ubl, "cii": cii, "json": json}

    def check(ctx: Context) -> Iterable[Any]:
        chosen = checks.get(ctx.syntax)
        if chosen is None or (ctx.syntax != "json" and ctx.root is None):
            return ()
        return chosen(ctx)

    fr_rule(id, bt=bt, fr=fr, en=en, on=[name for name, found in checks.items() if found is not None])(check)


def nodes(
    path: str, test: Test, value: Callable[[Any], Any] = sval, shown: Callable[[Any], str] | None = None
) -> Check:
    """Every node ``path`` matches whose ``value`` fails ``test`` is a hit; ``{value}`` is the text tested, or what
    ``shown`` gives for the node when the test looks at the node itself."""
    compiled = xp(path)

    def check(ctx: Context) -> Iterator[Any]:
        for node in find(ctx.root, compiled):
            got = value(node)
            if not test(got):
                text = shown(node) if shown is not None else got if isinstance(got, str) else ""
                yield node, {"value": text}

    return check


def model(getter: Getter, test: Test) -> Check:
    """Every ``(where, value)`` of the model that fails ``test`` is a hit."""

    def check(ctx: Context) -> Iterator[Any]:
        for where, got in getter(ctx.invoice):
            if not test(got):
                yield where, {"value": text(got)}

    return check


def holds(test: Callable[[Invoice], bool]) -> Check:
    """One hit on the document when ``test`` fails on the model."""

    def check(ctx: Context) -> Iterator[Any]:
        if not test(ctx.invoice):
            yield None

    return check


def never(ctx: Context) -> Iterable[Any]:
    """The check of an assert that the official schematron can never fire (its context matches nothing, or an
    earlier rule of the same pattern takes every node it would match): registered so that every official id
    exists here, with the official outcome."""
    return ()


UBL_ROOT = "/ubl:Invoice | /cn:CreditNote"
CII_ROOT = "/rsm:CrossIndustryInvoice"


def each(
    id: str,
    *,
    bt: list[str],
    fr: str,
    en: str,
    ubl: str | None = None,
    cii: str | None = None,
    test: Test,
    value: Callable[[Any], Any] = sval,
    json: Getter | None = None,
    json_test: Test | None = None,
) -> None:
    """A rule that checks, in both syntaxes alike, every node matched by ``ubl``/``cii`` with ``test``."""
    register(
        id,
        bt=bt,
        fr=fr,
        en=en,
        ubl=nodes(ubl, test, value) if ubl else None,
        cii=nodes(cii, test, value) if cii else None,
        json=model(json, json_test or test) if json else None,
    )


def whole(
    id: str,
    *,
    bt: list[str],
    fr: str,
    en: str,
    ubl: Test | None = None,
    cii: Test | None = None,
    json: Callable[[Invoice], bool] | None = None,
    ubl_root: str = UBL_ROOT,
    cii_root: str = CII_ROOT,
) -> None:
    """A rule on one context node per syntax (the document by default): ``ubl``/``cii``/``json`` say if it holds."""
    register(
        id,
        bt=bt,
        fr=fr,
        en=en,
        ubl=nodes(ubl_root, ubl, value=lambda node: node) if ubl else None,
        cii=nodes(cii_root, cii, value=lambda node: node) if cii else None,
        json=holds(json) if json else None,
    )
