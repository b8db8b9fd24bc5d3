"""The UBL binding rules as data: contexts, filters, counts (UBL-SR-*), data types (UBL-DT-*) and a few checks.

Contexts are listed in the order in which the CEN stylesheet ranks its rules, so that an element matching two of
them takes the first, as it does there. The "not used" rules (UBL-CR-*) are in :mod:`.syntax_ubl_unused` and
:mod:`.syntax_ubl_unused_more`.
"""

from __future__ import annotations

from lxml import etree

from ..engine import Severity
from .syntax_common import (
    FATAL,
    WARNING,
    ContextDef,
    Custom,
    Filter,
    Filters,
    Spec,
    Where,
    anywhere,
    clark,
    everywhere,
    kid_texts,
    kids,
    on_sight,
    per_element,
    reading,
    text,
)

_PRICE = clark("cac:Price")
_ALLOWANCE_CHARGE = clark("cac:AllowanceCharge")
_SELLER = clark("cac:AccountingSupplierParty")
_MEANS_CODE = clark("cbc:PaymentMeansCode")
_BOOLEAN = {"true": True, "1": True, "false": False, "0": False}


def _boolean(value: str) -> bool | None:
    """An ``xs:boolean`` lexical value, as a schematron comparison with ``true()``/``false()`` casts it."""
    return _BOOLEAN.get(value.strip())


# The filters of one element share what they read, once per run (see per_element): an allowance or charge is
# asked both whether it is an allowance and whether it is a charge, a document reference three times.


def _indicators(element: etree._Element) -> list[bool | None]:
    return [_boolean(text(c)) for c in kids(element, "cbc:ChargeIndicator")]


def _is_charge(wanted: bool) -> Filter:
    def accept(element: etree._Element) -> bool:
        return wanted in per_element("charge indicators", element, _indicators)

    return accept


def _checked_amount(element: etree._Element) -> bool:
    """Amounts held to two decimals: not prices, and nothing inside a price that has an allowance."""
    if element.tag.endswith("PriceAmount"):
        return False
    parent = element.getparent()
    while parent is not None:  # a walk up costs less than iterancestors() at the depths amounts sit
        if parent.tag == _PRICE and parent.find(_ALLOWANCE_CHARGE) is not None:
            return False
        parent = parent.getparent()
    return True


def _type_codes(element: etree._Element) -> list[str]:
    return per_element("document type codes", element, lambda e: kid_texts(e, "cbc:DocumentTypeCode"))


def _has_code(element: etree._Element, code: str) -> bool:
    return code in _type_codes(element)


def _read_tax_scheme_ids(element: etree._Element) -> list[str]:
    values = []
    for scheme in kids(element, "cac:TaxScheme"):
        ids = kid_texts(scheme, "cbc:ID")
        values.append(ids[0].upper() if ids else "")
    return values


def _tax_scheme_ids(element: etree._Element) -> list[str]:
    """``cac:TaxScheme/upper-case(cbc:ID)``: one value per tax scheme, empty when it has no identifier."""
    return per_element("tax scheme ids", element, _read_tax_scheme_ids)


FILTERS: Filters = {
    "object": (lambda e: _has_code(e, "130"), "[cbc:DocumentTypeCode = 130]"),
    "vat": (lambda e: "VAT" in _tax_scheme_ids(e), "[cac:TaxScheme/cbc:ID = VAT]"),
    "not-vat": (lambda e: any(v != "VAT" for v in _tax_scheme_ids(e)), "[cac:TaxScheme/cbc:ID ≠ VAT]"),
    "sepa": (lambda e: (e.get("schemeID") or "").upper() == "SEPA", "[@schemeID = SEPA]"),
    "not-sepa": (lambda e: (e.get("schemeID") or "").upper() != "SEPA", "[@schemeID ≠ SEPA]"),
}

CONTEXTS = (
    ContextDef("address", "//cac:PostalAddress | //cac:Address", shown="cac:PostalAddress"),
    ContextDef(
        "seller",
        "//cac:Party",
        shown="cac:AccountingSupplierParty/cac:Party",
        filter=lambda e: (p := e.getparent()) is not None and p.tag == _SELLER,
    ),
    ContextDef("additional-document", "//cac:AdditionalDocumentReference", shown="cac:AdditionalDocumentReference"),
    ContextDef("amount", "//*Amount", shown=""),  # which amounts count is left to UBL-DT-01 (the cheap test first)
    ContextDef("binary", "//*BinaryObject", shown="cbc:EmbeddedDocumentBinaryObject"),
    ContextDef("delivery", "//cac:Delivery", shown="cac:Delivery"),
    ContextDef("allowance", "//cac:AllowanceCharge", shown="cac:AllowanceCharge", filter=_is_charge(False)),
    ContextDef("charge", "//cac:AllowanceCharge", shown="cac:AllowanceCharge", filter=_is_charge(True)),
    ContextDef("party-tax", "//cac:PartyTaxScheme", shown="cac:PartyTaxScheme"),
    ContextDef("doc", "/ubl:Invoice | /cn:CreditNote", shown=""),
    ContextDef("line", "//cac:InvoiceLine | //cac:CreditNoteLine", shown="cac:InvoiceLine"),
    ContextDef("payee", "//cac:PayeeParty", shown="cac:PayeeParty"),
    ContextDef("payment-means", "//cac:PaymentMeans", shown="cac:PaymentMeans"),
    ContextDef("billing", "//cac:BillingReference", shown="cac:BillingReference"),
    ContextDef("tax-representative", "//cac:TaxRepresentativeParty", shown="cac:TaxRepresentativeParty"),
    ContextDef("tax-subtotal", "//cac:TaxSubtotal", shown="cac:TaxTotal/cac:TaxSubtotal"),
    # contexts of the "not used" tables that are no context of the stylesheet
    ContextDef("/ubl:Invoice", "/ubl:Invoice", shown="", group=None),
    ContextDef(
        "adr-object",
        "//cac:AdditionalDocumentReference",
        shown="cac:AdditionalDocumentReference[cbc:DocumentTypeCode = 130]",
        group=None,
        filter=lambda e: _has_code(e, "130"),
    ),
    ContextDef(
        "adr-other",
        "//cac:AdditionalDocumentReference",
        shown="cac:AdditionalDocumentReference[cbc:DocumentTypeCode ≠ 130]",
        group=None,
        filter=lambda e: not (codes := _type_codes(e)) or any(c != "130" for c in codes),
    ),
    ContextDef("//*", "//*", shown="//*", group=None),
    ContextDef("not-means-code", "//*", shown="//*", group=None, filter=lambda e: e.tag != _MEANS_CODE),
)

# Attributes of the UBL data types that EN 16931 does not use, wherever they occur.
DATA_TYPES = """
@ //*
UBL-DT-08  @schemeName
UBL-DT-09  @schemeAgencyName
UBL-DT-10  @schemeDataURI
UBL-DT-11  @schemeURI
UBL-DT-12  @format
UBL-DT-13  @unitCodeListIdentifier
UBL-DT-14  @unitCodeListAgencyIdentifier
UBL-DT-15  @unitCodeListAgencyName
UBL-DT-16  @listAgencyName
UBL-DT-17  @listName
UBL-DT-19  @languageID
UBL-DT-20  @listURI
UBL-DT-21  @listSchemeURI
UBL-DT-22  @languageLocaleID
UBL-DT-23  @uri
UBL-DT-24  @currencyCodeListVersionID
UBL-DT-25  @characterSetCode
UBL-DT-26  @encodingCode
UBL-DT-27  @schemeAgencyID
UBL-DT-28  @listAgencyID
@ not-means-code
UBL-DT-18  @name
"""

_SELLER_PARTY = "cac:AccountingSupplierParty/cac:Party"
_BUYER_PARTY = "cac:AccountingCustomerParty/cac:Party"


def _count(
    rule: str, context: str, path: str, bt: tuple[str, ...], en: str, fr: str, kind: str = "max", n: int = 1
) -> Spec:
    return Spec(rule, FATAL, context, kind, path, n=n, bt=bt, en=en, fr=fr)


def _custom(
    rule: str, context: str, check: Custom, bt: tuple[str, ...], en: str, fr: str, severity: Severity = FATAL
) -> Spec:
    return Spec(rule, severity, context, "custom", bt=bt, en=en, fr=fr, check=check)


# --- custom checks -------------------------------------------------------------------------------------------------


# The checks return a tuple rather than yield: starting a generator costs more than most of these tests. Some
# read what the walk gathered for them (see ``reading``) rather than looking below their element again.


@reading("cbc:UBLVersionID", needs=True)
def _version(_root: etree._Element, versions: list[etree._Element]) -> tuple[Where, ...]:
    return (versions[0],) if versions and not any(text(v) == "2.1" for v in versions) else ()


def _distinct(qname: str) -> Custom:
    """At most one distinct value of ``qname`` in the whole document."""

    @anywhere(qname)
    def check(root: etree._Element) -> tuple[Where, ...]:
        seen: dict[str, etree._Element] = {}
        for element in everywhere(root, qname):
            seen.setdefault(text(element), element)
        return (list(seen.values())[1],) if len(seen) > 1 else ()

    return check


@on_sight
def _two_decimals(element: etree._Element) -> bool:
    """More than two decimals on an amount held to two."""
    value = text(element)
    dot = value.find(".")  # the digits after the first point, as partition() would split
    return dot >= 0 and len(value) - dot > 3 and _checked_amount(element)


@reading("cbc:ID")
def _additional_document(element: etree._Element, ids: list[etree._Element]) -> tuple[Where, ...]:
    codes = _type_codes(element)
    credit_note = etree.QName(element.getroottree().getroot()).localname == "CreditNote"
    schemed = any(i.get("schemeID") is not None for i in ids)
    return () if "130" in codes or (credit_note and "50" in codes) or (not schemed and not codes) else (element,)


@reading("cac:TaxScheme/cbc:ID", "cbc:CompanyID")
def _party_tax(
    element: etree._Element, scheme_ids: list[etree._Element], company_ids: list[etree._Element]
) -> tuple[Where, ...]:
    return () if scheme_ids and company_ids else (element,)


def _payee(path: str, keep: Filter | None = None) -> Custom:
    """At most one ``path`` in the payee, whose name must differ from the seller's (XPath ``!=`` on sequences)."""
    steps = path.split("/")

    def check(payee: etree._Element) -> tuple[Where, ...]:
        found = [payee]
        for step in steps:
            found = [c for e in found for c in kids(e, step)]
        if keep is not None:
            found = [e for e in found if keep(e)]
        names = [text(n) for p in kids(payee, "cac:PartyName") for n in kids(p, "cbc:Name")]
        parent = payee.getparent()
        seller = []
        if parent is not None:
            for party in (p for s in kids(parent, "cac:AccountingSupplierParty") for p in kids(s, "cac:Party")):
                seller += [
                    text(r) for e in kids(party, "cac:PartyLegalEntity") for r in kids(e, "cbc:RegistrationName")
                ]
        return (payee,) if len(found) > 1 or not any(a != b for a in names for b in seller) else ()

    return check


# --- the table -----------------------------------------------------------------------------------------------------

SPECS: list[Spec] = [
    _custom(
        "UBL-CR-002",
        "doc",
        _version,
        (),
        "The UBL version (cbc:UBLVersionID), when given, should be 2.1.",
        "La version UBL (cbc:UBLVersionID), si elle est indiquée, devrait être 2.1.",
        WARNING,
    ),
    # cardinalities on the document
    _count("UBL-SR-01", "doc", "cac:ContractDocumentReference/cbc:ID", ("BT-12",),
           "The contract reference (BT-12)", "La référence du contrat (BT-12)"),
    _count("UBL-SR-02", "doc", "cac:ReceiptDocumentReference/cbc:ID", ("BT-15",),
           "The receiving advice reference (BT-15)", "La référence de l'avis de réception (BT-15)"),
    _count("UBL-SR-03", "doc", "cac:DespatchDocumentReference/cbc:ID", ("BT-16",),
           "The despatch advice reference (BT-16)", "La référence de l'avis d'expédition (BT-16)"),
    _count("UBL-SR-04", "doc", "cac:AdditionalDocumentReference[object]/cbc:ID", ("BT-18",),
           "The invoiced object identifier (BT-18)", "L'identifiant de l'objet facturé (BT-18)"),
    _count("UBL-SR-05", "doc", "cac:PaymentTerms/cbc:Note", ("BT-20",),
           "The payment terms (BT-20)", "Les conditions de paiement (BT-20)"),
    _count("UBL-SR-08", "doc", "cac:InvoicePeriod", ("BG-14",),
           "The invoicing period (BG-14)", "La période de facturation (BG-14)"),
    _count("UBL-SR-09", "doc", f"{_SELLER_PARTY}/cac:PartyLegalEntity/cbc:RegistrationName", ("BT-27",),
           "The seller name (BT-27)", "Le nom du vendeur (BT-27)"),
    _count("UBL-SR-10", "doc", f"{_SELLER_PARTY}/cac:PartyName/cbc:Name", ("BT-28",),
           "The seller trading name (BT-28)", "Le nom commercial du vendeur (BT-28)"),
    _count("UBL-SR-11", "doc", f"{_SELLER_PARTY}/cac:PartyLegalEntity/cbc:CompanyID", ("BT-30",),
           "The seller legal registration identifier (BT-30)",
           "L'identifiant d'immatriculation légale du vendeur (BT-30)"),
    _count("UBL-SR-12", "doc", f"{_SELLER_PARTY}/cac:PartyTaxScheme[vat]/cbc:CompanyID", ("BT-31",),
           "The seller VAT identifier (BT-31)", "Le numéro de TVA du vendeur (BT-31)"),
    _count("UBL-SR-13", "doc", f"{_SELLER_PARTY}/cac:PartyTaxScheme[not-vat]/cbc:CompanyID", ("BT-32",),
           "The seller tax registration identifier (BT-32)", "L'identifiant fiscal du vendeur (BT-32)"),
    _count("UBL-SR-14", "doc", f"{_SELLER_PARTY}/cac:PartyLegalEntity/cbc:CompanyLegalForm", ("BT-33",),
           "The seller additional legal information (BT-33)",
           "Les informations juridiques complémentaires du vendeur (BT-33)"),
    _count("UBL-SR-15", "doc", f"{_BUYER_PARTY}/cac:PartyLegalEntity/cbc:RegistrationName", ("BT-44",),
           "The buyer name (BT-44)", "Le nom de l'acheteur (BT-44)"),
    _count("UBL-SR-16", "doc", f"{_BUYER_PARTY}/cac:PartyIdentification/cbc:ID", ("BT-46",),
           "The buyer identifier (BT-46)", "L'identifiant de l'acheteur (BT-46)"),
    _count("UBL-SR-17", "doc", f"{_BUYER_PARTY}/cac:PartyLegalEntity/cbc:CompanyID", ("BT-47",),
           "The buyer legal registration identifier (BT-47)",
           "L'identifiant d'immatriculation légale de l'acheteur (BT-47)"),
    _count("UBL-SR-18", "doc", f"{_BUYER_PARTY}/cac:PartyTaxScheme[vat]/cbc:CompanyID", ("BT-48",),
           "The buyer VAT identifier (BT-48)", "Le numéro de TVA de l'acheteur (BT-48)"),
    _count("UBL-SR-24", "doc", "cac:Delivery", ("BG-13",),
           "The delivery information (BG-13)", "Le groupe « livraison » (BG-13)"),
    _count("UBL-SR-29", "doc", "//cac:PartyIdentification/cbc:ID[sepa]", ("BT-90",),
           "The bank assigned creditor identifier (BT-90)", "L'identifiant de créancier SEPA (BT-90)"),
    _count("UBL-SR-39", "doc", "cac:ProjectReference/cbc:ID", ("BT-11",),
           "The project reference (BT-11)", "La référence du projet (BT-11)"),
    _count("UBL-SR-40", "doc", f"{_BUYER_PARTY}/cac:PartyName/cbc:Name", ("BT-45",),
           "The buyer trading name (BT-45)", "Le nom commercial de l'acheteur (BT-45)"),
    _custom("UBL-SR-44", "doc", _distinct("cbc:PaymentID"), ("BT-83",),
            "The remittance information (BT-83) may take only one value in the invoice.",
            "L'avis de paiement (BT-83) ne peut prendre qu'une seule valeur dans la facture."),
    _count("UBL-SR-45", "doc", "cac:PaymentMeans/cbc:PaymentDueDate", ("BT-9",),
           "The payment due date (BT-9)", "La date d'échéance (BT-9)"),
    _count("UBL-SR-46", "doc", "cac:PaymentMeans/cbc:PaymentMeansCode/@name", ("BT-82",),
           "The payment means text (BT-82)", "Le libellé du moyen de paiement (BT-82)"),
    _custom("UBL-SR-47", "doc", _distinct("cbc:PaymentMeansCode"), ("BT-81",),
            "Payment means may repeat, but with one payment means type code (BT-81) only.",
            "Les moyens de paiement peuvent se répéter, mais avec un seul code de type (BT-81)."),
    _count("UBL-SR-49", "doc", "cac:InvoicePeriod/cbc:DescriptionCode", ("BT-8",),
           "The value added tax point date code (BT-8)", "Le code de date d'exigibilité de la TVA (BT-8)"),
    _count("UBL-SR-54", "doc", "cac:PaymentMeans/cac:CardAccount", ("BG-18",),
           "The payment card information (BG-18)", "Le groupe « carte de paiement » (BG-18)"),
    _count("UBL-SR-55", "doc", "cac:PaymentMeans/cac:PaymentMandate", ("BG-19",),
           "The direct debit information (BG-19)", "Le groupe « prélèvement » (BG-19)"),
    _count("UBL-SR-56", "doc", "cac:OriginatorDocumentReference/cbc:ID", ("BT-17",),
           "The tender or lot reference (BT-17)", "La référence de l'appel d'offres ou du lot (BT-17)"),
    # cardinalities on each line
    _count("UBL-SR-34", "line", "cbc:Note", ("BT-127",),
           "The invoice line note (BT-127)", "La note de la ligne (BT-127)"),
    _count("UBL-SR-35", "line", "cac:OrderLineReference/cbc:LineID", ("BT-132",),
           "The referenced purchase order line (BT-132)", "La ligne de commande référencée (BT-132)"),
    _count("UBL-SR-36", "line", "cac:InvoicePeriod", ("BG-26",),
           "The invoice line period (BG-26)", "La période de la ligne (BG-26)"),
    _count("UBL-SR-37", "line", "cac:Price/cac:AllowanceCharge/cbc:Amount", ("BT-147",),
           "The item price discount (BT-147)", "Le rabais sur le prix de l'article (BT-147)"),
    _count("UBL-SR-48", "line", "cac:Item/cac:ClassifiedTaxCategory", ("BG-30",),
           "The VAT information (BG-30) of each line", "Le groupe « TVA » (BG-30) de chaque ligne", kind="exactly"),
    _count("UBL-SR-50", "line", "cac:Item/cbc:Description", ("BT-154",),
           "The item description (BT-154)", "La description de l'article (BT-154)"),
    _count("UBL-SR-52", "line", "cac:DocumentReference", ("BT-128",),
           "The invoice line object identifier (BT-128)", "L'identifiant d'objet de la ligne (BT-128)"),
    # cardinalities elsewhere
    _count("UBL-SR-51", "address", "cac:AddressLine", ("BT-162", "BT-163", "BT-164", "BT-165"),
           "The third address line (cac:AddressLine) of an address",
           "La troisième ligne (cac:AddressLine) d'une adresse"),
    _count("UBL-SR-42", "seller", "cac:PartyTaxScheme", ("BT-31", "BT-32"),
           "The seller tax registration (cac:PartyTaxScheme, BT-31 and BT-32)",
           "L'enregistrement fiscal du vendeur (cac:PartyTaxScheme, BT-31 et BT-32)", n=2),
    _count("UBL-SR-33", "additional-document", "cbc:DocumentDescription", ("BT-123",),
           "The supporting document description (BT-123)", "La description du justificatif (BT-123)"),
    _custom("UBL-SR-43", "additional-document", _additional_document, ("BT-18", "BT-122"),
            "A document reference may carry a scheme identifier or a type code only as the invoiced object "
            "identifier (type code 130) or, in a credit note, as the tender or lot reference (type code 50).",
            "Une référence de document ne peut porter d'identifiant de schéma ou de code de type que pour "
            "l'identifiant de l'objet facturé (code 130) ou, dans un avoir, la référence d'appel d'offres (code 50)."),
    _count("UBL-SR-25", "delivery", "cac:DeliveryParty/cac:PartyName/cbc:Name", ("BT-70",),
           "The deliver to party name (BT-70)", "Le nom du destinataire de la livraison (BT-70)"),
    _count("UBL-SR-30", "allowance", "cbc:AllowanceChargeReason", ("BT-97", "BT-139"),
           "The allowance reason (BT-97, BT-139)", "Le motif de la remise (BT-97, BT-139)"),
    _count("UBL-SR-31", "charge", "cbc:AllowanceChargeReason", ("BT-104", "BT-144"),
           "The charge reason (BT-104, BT-144)", "Le motif des frais (BT-104, BT-144)"),
    _custom("UBL-SR-53", "party-tax", _party_tax, ("BT-31", "BT-32", "BT-48", "BT-63"),
            "A party tax registration (cac:PartyTaxScheme) must give both the identifier (cbc:CompanyID) "
            "and its tax scheme (cac:TaxScheme/cbc:ID).",
            "Un enregistrement fiscal (cac:PartyTaxScheme) doit donner à la fois l'identifiant (cbc:CompanyID) "
            "et le régime fiscal (cac:TaxScheme/cbc:ID)."),
    _custom("UBL-SR-19", "payee", _payee("cac:PartyName/cbc:Name"), ("BT-59", "BT-27"),
            "The payee name (BT-59) may appear only once, and must differ from the seller name (BT-27).",
            "Le nom du bénéficiaire (BT-59) ne peut figurer qu'une fois et doit différer du nom du vendeur (BT-27)."),
    _custom("UBL-SR-20", "payee", _payee("cac:PartyIdentification/cbc:ID", FILTERS["not-sepa"][0]), ("BT-60", "BT-27"),
            "The payee identifier (BT-60) may appear only once, and the payee name must differ from the seller "
            "name (BT-27).",
            "L'identifiant du bénéficiaire (BT-60) ne peut figurer qu'une fois, et le nom du bénéficiaire doit "
            "différer du nom du vendeur (BT-27)."),
    _custom("UBL-SR-21", "payee", _payee("cac:PartyLegalEntity/cbc:CompanyID"), ("BT-61", "BT-27"),
            "The payee legal registration identifier (BT-61) may appear only once, and the payee name must differ "
            "from the seller name (BT-27).",
            "L'identifiant légal du bénéficiaire (BT-61) ne peut figurer qu'une fois, et le nom du bénéficiaire "
            "doit différer du nom du vendeur (BT-27)."),
    _count("UBL-SR-26", "payment-means", "cbc:PaymentID", ("BT-83",),
           "The remittance information (BT-83) of a payment means",
           "L'avis de paiement (BT-83) d'un moyen de paiement"),
    _count("UBL-SR-27", "payment-means", "cbc:PaymentMeansCode", ("BT-81",),
           "The payment means type code (BT-81) of a payment means",
           "Le code de type (BT-81) d'un moyen de paiement"),
    _count("UBL-SR-28", "payment-means", "cac:PaymentMandate/cbc:ID", ("BT-89",),
           "The mandate reference identifier (BT-89)", "La référence du mandat (BT-89)"),
    _count("UBL-SR-06", "billing", "cac:InvoiceDocumentReference", ("BG-3",),
           "The preceding invoice reference (BG-3) of a billing reference",
           "La référence à une facture antérieure (BG-3) d'une référence de facturation"),
    _count("UBL-SR-07", "billing", "cac:InvoiceDocumentReference/cbc:ID", ("BT-25",),
           "The preceding invoice number (BT-25) of each billing reference",
           "Le numéro de la facture antérieure (BT-25) de chaque référence de facturation", kind="present"),
    _count("UBL-SR-22", "tax-representative", "cac:PartyName/cbc:Name", ("BT-62",),
           "The seller tax representative name (BT-62)", "Le nom du représentant fiscal du vendeur (BT-62)"),
    _count("UBL-SR-23", "tax-representative", "cac:PartyTaxScheme/cbc:CompanyID", ("BT-63",),
           "The seller tax representative VAT identifier (BT-63)",
           "Le numéro de TVA du représentant fiscal du vendeur (BT-63)"),
    _count("UBL-SR-32", "tax-subtotal", "cac:TaxCategory/cbc:TaxExemptionReason", ("BT-120",),
           "The VAT exemption reason text (BT-120) of a VAT breakdown",
           "Le motif d'exonération de TVA (BT-120) d'une ventilation de TVA"),
    # data types
    _custom("UBL-DT-01", "amount", _two_decimals, (),
            "An amount may have at most two decimals.", "Un montant ne peut avoir plus de deux décimales."),
    _count("UBL-DT-06", "binary", "@mimeCode", ("BT-125",),
           "The MIME code (@mimeCode) of an attached document (BT-125)",
           "Le code MIME (@mimeCode) d'un document joint (BT-125)", kind="present"),
    _count("UBL-DT-07", "binary", "@filename", ("BT-125",),
           "The file name (@filename) of an attached document (BT-125)",
           "Le nom de fichier (@filename) d'un document joint (BT-125)", kind="present"),
]  # fmt: skip
