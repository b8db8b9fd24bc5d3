"""Code list rules BR-CL-*: every coded value of the invoice belongs to its list.

Each rule names where UBL and CII write its value, following the CEN 1.3.16 artefact of each syntax (read from the
source document, see :mod:`.codelist_places`), and which model values it checks in JSON input; the code values
are in :mod:`.codes`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from lxml import etree

from ...model import Address, Identifier, Invoice
from . import codes
from .codelist_places import BY_ELEMENT, at, clark, code_rule, listed, normalized

# Helpers for the places ---------------------------------------------------------------------------------------


Element = etree._Element


def _tags(*names: str) -> frozenset[str]:
    return frozenset(clark(n) for n in names)


def _has_ancestor(element: Element, tags: frozenset[str]) -> bool:
    node = element.getparent()
    while node is not None:
        if node.tag in tags:
            return True
        node = node.getparent()
    return False


def _indicator(parent: Element | None, path: tuple[str, ...]) -> bool | None:
    """The boolean of a charge indicator below ``parent`` (XPath's cast: true/1, false/0), or None."""
    node = parent
    for tag in path:
        node = None if node is None else next(node.iterchildren(tag), None)
    if node is None:
        return None
    value = (node.text or "").strip()
    return True if value in ("true", "1") else False if value in ("false", "0") else None


_UBL_INDICATOR = (clark("cbc:ChargeIndicator"),)
_CII_INDICATOR = (clark("ram:ChargeIndicator"), clark("udt:Indicator"))


def _ubl_reason(charge: bool) -> Callable[[Element], bool]:
    return lambda element: _indicator(element.getparent(), _UBL_INDICATOR) is charge


def _cii_reason(charge: bool) -> Callable[[Element], bool]:
    return lambda element: _indicator(element.getparent(), _CII_INDICATOR) is charge


def _invoiced_object(element: Element) -> bool:
    """The identifier of a UBL document reference whose type code is 130 (BT-18 and BT-128)."""
    parent = element.getparent()
    return parent is not None and any(code.text == "130" for code in parent.iterchildren(_DOCUMENT_TYPE_CODE))


_DOCUMENT_TYPE_CODE = clark("cbc:DocumentTypeCode")


def _top_level(element: Element) -> bool:
    """A child of the document element (``/ubl:Invoice/cbc:Note``)."""
    parent = element.getparent()
    return parent is not None and parent.getparent() is None


def _ubl_type_code(element: Element | None, value: str | None) -> bool:
    """UBL judges an InvoiceTypeCode and a CreditNoteTypeCode each against its own list."""
    credit = element is not None and element.tag == _CREDIT_NOTE_TYPE_CODE
    return normalized(value) in (codes.CREDIT_NOTE_TYPE_CODES if credit else codes.INVOICE_TYPE_CODES)


_CREDIT_NOTE_TYPE_CODE = clark("cbc:CreditNoteTypeCode")


def _ubl_note(element: Element | None, value: str | None) -> bool:
    """A UBL note that starts its text with ``#CODE#``: a three letter code between the first two ``#`` is tested."""
    text = value or ""
    if "#" not in text:
        return True
    after = text.split("#", 1)[1]
    subject = after.split("#", 1)[0] if "#" in after else ""
    return len(subject) != 3 or subject in codes.NOTE_SUBJECTS_TEXT


def _ubl_party_scheme(element: Element | None, value: str | None) -> bool:
    """An ICD code; the seller's and the payee's identifiers may also be a SEPA creditor identifier."""
    scheme = normalized(value)
    if scheme in codes.ICD:
        return True
    return scheme == "SEPA" and element is not None and _has_ancestor(element, _SEPA_PARTIES)


_SEPA_PARTIES = _tags("cac:AccountingSupplierParty", "cac:PayeeParty")


BY_ELEMENT.update((_ubl_type_code, _ubl_party_scheme))


def _vatex(element: Element | None, value: str | None) -> bool:
    scheme = normalized(value)
    return " " not in scheme and scheme.upper() in codes.VATEX


def _mime(element: Element | None, value: str | None) -> bool:
    return value in codes.MIME_CODES


# Model values, for JSON input ---------------------------------------------------------------------------------


def _addresses(invoice: Invoice) -> Iterator[tuple[str, Address | None]]:
    yield "seller.address", invoice.seller.address if invoice.seller else None
    yield "buyer.address", invoice.buyer.address if invoice.buyer else None
    yield "tax_representative.address", invoice.tax_representative.address if invoice.tax_representative else None
    yield "delivery.address", invoice.delivery.address if invoice.delivery else None


def _scheme(path: str, identifier: Identifier | None) -> Iterator[tuple[str, str | None]]:
    if identifier is not None:
        yield f"{path}.scheme_id", identifier.scheme_id


def _party_schemes(invoice: Invoice) -> Iterator[tuple[str, str | None]]:
    """The party identifiers' schemes; a SEPA creditor identifier of the seller or the payee is left alone."""
    found: list[tuple[str, Identifier | None]] = []
    if invoice.seller is not None:
        found += [(f"seller.identifiers[{i}]", identifier) for i, identifier in enumerate(invoice.seller.identifiers)]
    if invoice.payee is not None:
        found.append(("payee.identifier", invoice.payee.identifier))
    for path, identifier in found:
        if identifier is not None and normalized(identifier.scheme_id) != "SEPA":
            yield from _scheme(path, identifier)
    if invoice.buyer is not None:
        yield from _scheme("buyer.identifier", invoice.buyer.identifier)


def _legal_schemes(invoice: Invoice) -> Iterator[tuple[str, str | None]]:
    for name in ("seller", "buyer", "payee"):
        party = getattr(invoice, name)
        if party is not None:
            yield from _scheme(f"{name}.legal_registration", party.legal_registration)


def _object_schemes(invoice: Invoice) -> Iterator[tuple[str, str | None]]:
    yield from _scheme("invoiced_object", invoice.invoiced_object)
    for index, line in enumerate(invoice.lines):
        yield from _scheme(f"lines[{index}].object_identifier", line.object_identifier)


def _reasons(invoice: Invoice, charges: bool) -> Iterator[tuple[str, str | None]]:
    name = "charges" if charges else "allowances"
    for index, item in enumerate(invoice.charges if charges else invoice.allowances):
        yield f"{name}[{index}].reason_code", item.reason_code
    for index, line in enumerate(invoice.lines):
        for number, adjustment in enumerate(line.charges if charges else line.allowances):
            yield f"lines[{index}].{name}[{number}].reason_code", adjustment.reason_code


def _units(invoice: Invoice) -> Iterator[tuple[str, str | None]]:
    for index, line in enumerate(invoice.lines):
        yield f"lines[{index}].unit_code", line.unit_code
        if line.price is not None:
            yield f"lines[{index}].price.base_quantity_unit_code", line.price.base_quantity_unit_code


def _electronic_addresses(invoice: Invoice) -> Iterator[tuple[str, str | None]]:
    for name in ("seller", "buyer"):
        party = getattr(invoice, name)
        if party is not None:
            yield from _scheme(f"{name}.electronic_address", party.electronic_address)


def _breakdown_codes(invoice: Invoice) -> Iterator[tuple[str, str | None]]:
    for name in ("allowances", "charges"):
        for index, item in enumerate(getattr(invoice, name)):
            yield f"{name}[{index}].vat_category_code", item.vat_category_code
    for index, entry in enumerate(invoice.vat_breakdown):
        yield f"vat_breakdown[{index}].category_code", entry.category_code


# The rules ----------------------------------------------------------------------------------------------------

_ICD = listed(codes.ICD)
_PRODUCT_OR_SHIP_TO = _tags("ram:SpecifiedTradeProduct", "ram:ShipToTradeParty")
_TAX_REGISTRATION = _tags("ram:SpecifiedTaxRegistration")
_DELIVERY = clark("ram:ApplicableHeaderTradeDelivery")

code_rule(
    "BR-CL-01",
    ["BT-3"],
    'The invoice type code (BT-3) "{value}" is not an invoice or credit note code of UNTDID 1001.',
    "Le code de type de facture (BT-3) « {value} » n'est pas un code de facture ou d'avoir de l'UNTDID 1001.",
    listed(codes.DOCUMENT_TYPE_CODES),
    at("cbc:InvoiceTypeCode cbc:CreditNoteTypeCode", accept=_ubl_type_code),
    at("ram:TypeCode", "rsm:ExchangedDocument"),
    lambda invoice: [("type_code", invoice.type_code)],
)
code_rule(
    "BR-CL-03",
    ["BT-5"],
    'The currency "{value}" of an amount is not an ISO 4217 currency code.',
    "La devise « {value} » d'un montant n'est pas un code ISO 4217.",
    listed(codes.CURRENCIES),
    at(
        "cbc:Amount cbc:BaseAmount cbc:PriceAmount cbc:TaxAmount cbc:TaxableAmount cbc:LineExtensionAmount "
        "cbc:TaxExclusiveAmount cbc:TaxInclusiveAmount cbc:AllowanceTotalAmount cbc:ChargeTotalAmount "
        "cbc:PrepaidAmount cbc:PayableRoundingAmount cbc:PayableAmount",
        attribute="currencyID",
    ),
    at("ram:TaxTotalAmount", attribute="currencyID", required=True),
    lambda invoice: (),  # the model keeps no currency per amount
)
code_rule(
    "BR-CL-04",
    ["BT-5"],
    'The invoice currency code (BT-5) "{value}" is not an ISO 4217 currency code.',
    "Le code de devise de la facture (BT-5) « {value} » n'est pas un code ISO 4217.",
    listed(codes.CURRENCIES),
    at("cbc:DocumentCurrencyCode"),
    at("ram:InvoiceCurrencyCode"),
    lambda invoice: [("currency_code", invoice.currency_code)],
)
code_rule(
    "BR-CL-05",
    ["BT-6"],
    'The VAT accounting currency code (BT-6) "{value}" is not an ISO 4217 currency code.',
    "Le code de devise de comptabilisation de la TVA (BT-6) « {value} » n'est pas un code ISO 4217.",
    listed(codes.CURRENCIES),
    at("cbc:TaxCurrencyCode"),
    at("ram:TaxCurrencyCode"),
    lambda invoice: [("tax_currency_code", invoice.tax_currency_code)],
)
code_rule(
    "BR-CL-06",
    ["BT-8"],
    'The VAT point date code (BT-8) "{value}" is not one of the allowed codes (3, 35, 432 in UBL; 5, 29, 72 in CII).',
    "Le code de date d'exigibilité de la TVA (BT-8) « {value} » n'est pas un code admis (3, 35, 432 en UBL ; 5, 29, "
    "72 en CII).",
    listed(codes.TAX_POINT_DATE_CODES),
    at("cbc:DescriptionCode", "cac:InvoicePeriod"),
    at("ram:DueDateTypeCode", accept=listed(codes.CII_TAX_POINT_DATE_CODES)),
    lambda invoice: [("tax_point_date_code", invoice.tax_point_date_code)],
)
code_rule(
    "BR-CL-07",
    ["BT-18-1", "BT-128-1"],
    'The scheme "{value}" of an invoiced object identifier (BT-18-1, BT-128-1) is not a UNTDID 1153 code.',
    "Le schéma « {value} » d'un identifiant d'objet facturé (BT-18-1, BT-128-1) n'est pas un code de l'UNTDID 1153.",
    listed(codes.REFERENCE_SCHEMES),
    at(
        "cbc:ID",
        "cac:AdditionalDocumentReference cac:DocumentReference",
        "schemeID",
        required=True,
        keep=_invoiced_object,
    ),
    at("ram:ReferenceTypeCode"),
    _object_schemes,
)
code_rule(
    "BR-CL-08",
    ["BT-21"],
    'The invoice note subject code (BT-21) "{value}" is not a UNTDID 4451 code.',
    "Le code de sujet de la note (BT-21) « {value} » n'est pas un code de l'UNTDID 4451.",
    listed(codes.NOTE_SUBJECTS),
    at("cbc:Note", keep=_top_level, accept=_ubl_note),
    at("ram:SubjectCode"),
    lambda invoice: [(f"notes[{i}].subject_code", note.subject_code) for i, note in enumerate(invoice.notes)],
)
code_rule(
    "BR-CL-10",
    ["BT-29-1", "BT-46-1", "BT-60-1"],
    'The scheme "{value}" of a party identifier (BT-29-1, BT-46-1, BT-60-1) is not an ISO 6523 ICD code.',
    "Le schéma « {value} » d'un identifiant de partie (BT-29-1, BT-46-1, BT-60-1) n'est pas un code ICD de l'ISO 6523.",
    _ICD,
    at("cbc:ID", "cac:PartyIdentification", "schemeID", required=True, accept=_ubl_party_scheme),
    at(
        "ram:GlobalID",
        attribute="schemeID",
        required=True,
        keep=lambda element: not _has_ancestor(element, _PRODUCT_OR_SHIP_TO),
    ),
    _party_schemes,
)
code_rule(
    "BR-CL-11",
    ["BT-30-1", "BT-47-1", "BT-61-1"],
    'The scheme "{value}" of a legal registration identifier (BT-30-1, BT-47-1, BT-61-1) is not an ISO 6523 ICD code.',
    "Le schéma « {value} » d'un identifiant d'immatriculation légale (BT-30-1, BT-47-1, BT-61-1) n'est pas un code "
    "ICD de l'ISO 6523.",
    _ICD,
    at("cbc:CompanyID", "cac:PartyLegalEntity", "schemeID", required=True),
    at(
        "ram:ID",
        attribute="schemeID",
        required=True,
        keep=lambda element: not _has_ancestor(element, _TAX_REGISTRATION),
    ),
    _legal_schemes,
)
code_rule(
    "BR-CL-13",
    ["BT-158-1"],
    'The scheme "{value}" of an item classification identifier (BT-158-1) is not a UNTDID 7143 code.',
    "Le schéma « {value} » d'un identifiant de classification d'article (BT-158-1) n'est pas un code de l'UNTDID 7143.",
    listed(codes.ITEM_CLASSIFICATIONS),
    at("cbc:ItemClassificationCode", "cac:CommodityClassification", "listID", required=True),
    at("ram:ClassCode", attribute="listID", required=True),
    lambda invoice: [
        (f"lines[{i}].item.classifications[{j}].list_id", classification.list_id)
        for i, line in enumerate(invoice.lines)
        if line.item is not None
        for j, classification in enumerate(line.item.classifications)
    ],
)
code_rule(
    "BR-CL-14",
    ["BT-40", "BT-55", "BT-69", "BT-80"],
    'The country code "{value}" of an address (BT-40, BT-55, BT-69, BT-80) is not an ISO 3166-1 alpha-2 code.',
    "Le code pays « {value} » d'une adresse (BT-40, BT-55, BT-69, BT-80) n'est pas un code ISO 3166-1 alpha-2.",
    listed(codes.COUNTRIES),
    at("cbc:IdentificationCode", "cac:Country"),
    at("ram:CountryID"),
    lambda invoice: [
        (f"{path}.country_code", address.country_code) for path, address in _addresses(invoice) if address is not None
    ],
)
code_rule(
    "BR-CL-15",
    ["BT-159"],
    'The item country of origin (BT-159) "{value}" is not an ISO 3166-1 alpha-2 code.',
    "Le pays d'origine de l'article (BT-159) « {value} » n'est pas un code ISO 3166-1 alpha-2.",
    listed(codes.COUNTRIES),
    at("cbc:IdentificationCode", "cac:OriginCountry"),
    # An identifier with a scheme falls under BR-CL-11 in the CII artefact, whose context comes first.
    at("ram:ID", "ram:OriginTradeCountry", keep=lambda element: element.get("schemeID") is None),
    lambda invoice: [
        (f"lines[{i}].item.origin_country", line.item.origin_country)
        for i, line in enumerate(invoice.lines)
        if line.item is not None
    ],
)
code_rule(
    "BR-CL-16",
    ["BT-81"],
    'The payment means type code (BT-81) "{value}" is not a UNTDID 4461 code.',
    "Le code de moyen de paiement (BT-81) « {value} » n'est pas un code de l'UNTDID 4461.",
    listed(codes.PAYMENT_MEANS),
    at("cbc:PaymentMeansCode", "cac:PaymentMeans"),
    at("ram:TypeCode", "ram:SpecifiedTradeSettlementPaymentMeans"),
    lambda invoice: [("payment.means_code", invoice.payment.means_code if invoice.payment else None)],
)
code_rule(
    "BR-CL-17",
    ["BT-95", "BT-102", "BT-118"],
    'The VAT category code "{value}" (BT-95, BT-102, BT-118) is not one EN 16931 allows (UNTDID 5305 subset).',
    "Le code de catégorie de TVA « {value} » (BT-95, BT-102, BT-118) n'est pas admis par l'EN 16931 "
    "(sous-ensemble de l'UNTDID 5305).",
    listed(codes.VAT_CATEGORIES),
    at("cbc:ID", "cac:TaxCategory"),
    at("ram:CategoryCode", "ram:CategoryTradeTax"),
    _breakdown_codes,
)
code_rule(
    "BR-CL-18",
    ["BT-151"],
    'The VAT category code "{value}" of an invoice line (BT-151) is not one EN 16931 allows (UNTDID 5305 subset).',
    "Le code de catégorie de TVA « {value} » d'une ligne de facture (BT-151) n'est pas admis par l'EN 16931 "
    "(sous-ensemble de l'UNTDID 5305).",
    listed(codes.VAT_CATEGORIES),
    at("cbc:ID", "cac:ClassifiedTaxCategory"),
    at("ram:CategoryCode", "ram:ApplicableTradeTax"),
    lambda invoice: [
        (f"lines[{i}].vat.category_code", line.vat.category_code)
        for i, line in enumerate(invoice.lines)
        if line.vat is not None
    ],
)
code_rule(
    "BR-CL-19",
    ["BT-98", "BT-140"],
    'The allowance reason code "{value}" (BT-98, BT-140) is not a UNTDID 5189 code.',
    "Le code de motif de remise « {value} » (BT-98, BT-140) n'est pas un code de l'UNTDID 5189.",
    listed(codes.ALLOWANCE_REASONS),
    at("cbc:AllowanceChargeReasonCode", "cac:AllowanceCharge", keep=_ubl_reason(False)),
    at("ram:ReasonCode", "ram:SpecifiedTradeAllowanceCharge", keep=_cii_reason(False)),
    lambda invoice: _reasons(invoice, charges=False),
)
code_rule(
    "BR-CL-20",
    ["BT-105", "BT-145"],
    'The charge reason code "{value}" (BT-105, BT-145) is not a UNTDID 7161 code.',
    "Le code de motif de charge « {value} » (BT-105, BT-145) n'est pas un code de l'UNTDID 7161.",
    listed(codes.CHARGE_REASONS),
    at("cbc:AllowanceChargeReasonCode", "cac:AllowanceCharge", keep=_ubl_reason(True)),
    at("ram:ReasonCode", "ram:SpecifiedTradeAllowanceCharge", keep=_cii_reason(True)),
    lambda invoice: _reasons(invoice, charges=True),
)
code_rule(
    "BR-CL-21",
    ["BT-157-1"],
    'The scheme "{value}" of an item standard identifier (BT-157-1) is not an ISO 6523 ICD code.',
    "Le schéma « {value} » d'un identifiant normalisé d'article (BT-157-1) n'est pas un code ICD de l'ISO 6523.",
    _ICD,
    at("cbc:ID", "cac:StandardItemIdentification", "schemeID", required=True),
    at("ram:GlobalID", "ram:SpecifiedTradeProduct", "schemeID", required=True),
    lambda invoice: [
        pair
        for i, line in enumerate(invoice.lines)
        if line.item is not None
        for pair in _scheme(f"lines[{i}].item.standard_id", line.item.standard_id)
    ],
)
code_rule(
    "BR-CL-22",
    ["BT-121"],
    'The VAT exemption reason code (BT-121) "{value}" is not a VATEX code.',
    "Le code de motif d'exonération de TVA (BT-121) « {value} » n'est pas un code VATEX.",
    _vatex,
    at("cbc:TaxExemptionReasonCode"),
    at("ram:ExemptionReasonCode"),
    lambda invoice: [
        (f"vat_breakdown[{i}].exemption_reason_code", entry.exemption_reason_code)
        for i, entry in enumerate(invoice.vat_breakdown)
    ],
)
code_rule(
    "BR-CL-23",
    ["BT-130", "BT-150"],
    'The unit of measure "{value}" (BT-130, BT-150) is not a UN/ECE Recommendation 20 or 21 code.',
    "L'unité de mesure « {value} » (BT-130, BT-150) n'est pas un code des recommandations 20 ou 21 de la CEE-ONU.",
    listed(codes.UNITS),
    at("cbc:InvoicedQuantity cbc:BaseQuantity cbc:CreditedQuantity", attribute="unitCode", required=True),
    at("ram:BasisQuantity ram:BilledQuantity", attribute="unitCode", required=True),
    _units,
)
code_rule(
    "BR-CL-24",
    ["BT-125-1"],
    'The MIME code "{value}" of an attached document (BT-125-1) is not allowed: PDF, PNG, JPEG, CSV, XLSX or ODS.',
    "Le code MIME « {value} » d'un document joint (BT-125-1) n'est pas admis : PDF, PNG, JPEG, CSV, XLSX ou ODS.",
    _mime,
    at("cbc:EmbeddedDocumentBinaryObject", attribute="mimeCode", required=True),
    at("ram:AttachmentBinaryObject", attribute="mimeCode", required=True),
    lambda invoice: [
        (f"supporting_documents[{i}].attachment.mime_code", document.attachment.mime_code)
        for i, document in enumerate(invoice.supporting_documents)
        if document.attachment is not None
    ],
)
code_rule(
    "BR-CL-25",
    ["BT-34-1", "BT-49-1"],
    'The scheme "{value}" of an electronic address (BT-34-1, BT-49-1) is not a CEF EAS code.',
    "Le schéma « {value} » d'une adresse électronique (BT-34-1, BT-49-1) n'est pas un code EAS du CEF.",
    listed(codes.EAS),
    at("cbc:EndpointID", attribute="schemeID", required=True),
    at("ram:URIID", "ram:URIUniversalCommunication", "schemeID", required=True),
    _electronic_addresses,
)
code_rule(
    "BR-CL-26",
    ["BT-71-1"],
    'The scheme "{value}" of the deliver to location identifier (BT-71-1) is not an ISO 6523 ICD code.',
    "Le schéma « {value} » de l'identifiant du lieu de livraison (BT-71-1) n'est pas un code ICD de l'ISO 6523.",
    _ICD,
    at("cbc:ID", "cac:DeliveryLocation", "schemeID", required=True),
    at(
        "ram:GlobalID",
        "ram:ShipToTradeParty",
        "schemeID",
        required=True,
        keep=lambda element: (
            element.getparent().getparent() is not None and element.getparent().getparent().tag == _DELIVERY
        ),
    ),
    lambda invoice: list(_scheme("delivery.location", invoice.delivery.location if invoice.delivery else None)),
)
