# ruff: noqa: E501
"""The edits that break BR-FR rules one at a time, on the documents of :mod:`fr_documents`.

Each mutation names the rule ids it must fire; the test checks that the native engine finds exactly what the
official schematron finds (ids and counts), whatever else fires alongside.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from .fr_documents import Edit, add, chain, drop, each_at, set_attr, set_text


# fmt: off
@dataclass(frozen=True)
class Mutation:
    name: str
    syntax: str
    edit: Edit
    # Ids that must fire, others may fire alongside; () for a document that must stay clean, None to compare only.
    expect: tuple[str, ...] | None = None


U = "/ubl:Invoice"
SUP = f"{U}/cac:AccountingSupplierParty/cac:Party"
CUS = f"{U}/cac:AccountingCustomerParty/cac:Party"
C = "/rsm:CrossIndustryInvoice"
HA = f"{C}/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement"
HS = f"{C}/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement"
HD = f"{C}/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeDelivery"
LI = f"{C}/rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem"
SUM = f"{HS}/ram:SpecifiedTradeSettlementHeaderMonetarySummation"
CTX = f"{C}/rsm:ExchangedDocumentContext/ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID"
DOC = f"{C}/rsm:ExchangedDocument"


def _ubl_mutations() -> list[Mutation]:
    m = [
        Mutation('number too long', 'ubl', set_text(f'{U}/cbc:ID', 'F' * 36), ('BR-FR-01_BT-1-1',)),
        Mutation('number with space', 'ubl', set_text(f'{U}/cbc:ID', 'FA 2026'), ('BR-FR-01_BT-1-2', 'BR-FR-02_BT-1')),
        Mutation('number with tab ends', 'ubl', set_text(f'{U}/cbc:ID', '\tFA-1\n'), ()),
        Mutation('number with dot', 'ubl', set_text(f'{U}/cbc:ID', 'FA.2026'), ('BR-FR-02_BT-1',)),
        Mutation('preceding invoice', 'ubl', add(U, '<cac:BillingReference><cac:InvoiceDocumentReference><cbc:ID>F 1</cbc:ID><cbc:IssueDate>1999-01-01</cbc:IssueDate><cbc:DocumentTypeCode>999</cbc:DocumentTypeCode></cac:InvoiceDocumentReference></cac:BillingReference>'), ('BR-FR-01_BT-25-2', 'BR-FR-02_BT-25', 'BR-FR-03_BT-26', 'BR-FR-04_EXT-FR-FE-02')),
        Mutation('line preceding invoice', 'ubl', add(f'{U}/cac:InvoiceLine[1]', '<cac:BillingReference><cac:InvoiceDocumentReference><cbc:ID>' + 'X' * 40 + '</cbc:ID><cbc:IssueDate>2026-02-30</cbc:IssueDate><cbc:DocumentTypeCode>1</cbc:DocumentTypeCode></cac:InvoiceDocumentReference></cac:BillingReference>'), ('BR-FR-01_EXT-FR-FE-136-1', 'BR-FR-03_EXT-FR-FE-138', 'BR-FR-04_EXT-FR-FE-137')),
        Mutation('issue date 1999', 'ubl', set_text(f'{U}/cbc:IssueDate', '1999-12-31'), ('BR-FR-03_BT-2',)),
        Mutation('issue date 29 Feb', 'ubl', set_text(f'{U}/cbc:IssueDate', '2025-02-29'), ('BR-FR-03_BT-2',)),
        Mutation('issue date leap', 'ubl', set_text(f'{U}/cbc:IssueDate', '2024-02-29'), ()),
        Mutation('due date spaces', 'ubl', set_text(f'{U}/cbc:DueDate', ' 2026-04-03'), ('BR-FR-03_BT-9',)),
        Mutation('tax point date', 'ubl', add(U, '<cbc:TaxPointDate>2100-01-01</cbc:TaxPointDate>'), ('BR-FR-03_BT-7',)),
        Mutation('delivery date', 'ubl', set_text(f'{U}/cac:Delivery/cbc:ActualDeliveryDate', '2026-13-01'), ('BR-FR-03_BT-72',)),
        Mutation('period dates', 'ubl', chain(set_text(f'{U}/cac:InvoicePeriod/cbc:StartDate', '2026-04-31'), set_text(f'{U}/cac:InvoicePeriod/cbc:EndDate', '2026-02-28Z')), ('BR-FR-03_BT-73', 'BR-FR-03_BT-74')),
        Mutation('line period dates', 'ubl', chain(set_text(f'{U}/cac:InvoiceLine[1]/cac:InvoicePeriod/cbc:StartDate', '2026-00-01'), set_text(f'{U}/cac:InvoiceLine[1]/cac:InvoicePeriod/cbc:EndDate', '2026-02-30')), ('BR-FR-03_BT-134', 'BR-FR-03_BT-135')),
        Mutation('line delivery date', 'ubl', add(f'{U}/cac:InvoiceLine[1]', '<cac:Delivery><cbc:ActualDeliveryDate>1900-01-01</cbc:ActualDeliveryDate></cac:Delivery>'), ('BR-FR-03_EXT-FR-FE-158',)),
        Mutation('type code 326', 'ubl', set_text(f'{U}/cbc:InvoiceTypeCode', '326'), ('BR-FR-04_BT-3',)),
        Mutation('no PMT note', 'ubl', drop(f'{U}/cbc:Note[1]'), ('BR-FR-05_BT-22-1',)),
        Mutation('no notes', 'ubl', drop(f'{U}/cbc:Note'), ('BR-FR-05_BT-22-1', 'BR-FR-05_BT-22-2', 'BR-FR-05_BT-22-3')),
        Mutation('PMD twice', 'ubl', add(U, '<cbc:Note>#PMD#encore</cbc:Note>'), ('BR-FR-06_BT-21-2',)),
        Mutation('AAB twice and TXD twice', 'ubl', add(U, '<cbc:Note>#AAB#x</cbc:Note><cbc:Note>#TXD#a</cbc:Note><cbc:Note>#TXD#b</cbc:Note>'), ('BR-FR-06_BT-21-3', 'BR-FR-06_BT-21-4')),
        Mutation('PMT twice in one note', 'ubl', set_text(f'{U}/cbc:Note[1]', '#PMT#a#PMT#b'), ('BR-FR-06_BT-21-1',)),
        Mutation('billing mode A1', 'ubl', set_text(f'{U}/cbc:ProfileID', 'A1'), ('BR-FR-08_BT-23',)),
        Mutation('no billing mode', 'ubl', drop(f'{U}/cbc:ProfileID'), ('BR-FR-08_BT-23',)),
        Mutation('seller SIRET of another SIREN', 'ubl', set_text(f'{SUP}/cac:PartyIdentification/cbc:ID', '11004562200013'), ('BR-FR-09_BT-29',)),
        Mutation('buyer SIRET 13 digits', 'ubl', set_text(f'{CUS}/cac:PartyIdentification/cbc:ID', '1100456220001'), ('BR-FR-09_BT-46',)),
        Mutation('buyer without SIREN', 'ubl', drop(f'{CUS}/cac:PartyLegalEntity/cbc:CompanyID'), ('BR-FR-09_BT-46', 'BR-FR-11_BT-47')),
        Mutation('payee SIRET', 'ubl', add(U, "<cac:PayeeParty><cac:PartyIdentification><cbc:ID schemeID='0009'>1234</cbc:ID></cac:PartyIdentification><cac:PartyName><cbc:Name>P</cbc:Name></cac:PartyName></cac:PayeeParty>"), ('BR-FR-09_BT-60',)),
        Mutation('payee SIRET with SIREN', 'ubl', add(U, "<cac:PayeeParty><cac:PartyIdentification><cbc:ID schemeID='0009'>11004562200013</cbc:ID><cbc:ID>x</cbc:ID></cac:PartyIdentification><cac:PartyLegalEntity><cbc:CompanyID schemeID='0002'>852741966</cbc:CompanyID></cac:PartyLegalEntity></cac:PayeeParty>"), ('BR-FR-09_BT-60', 'BR-FR-CO-10_BT-60-1')),
        Mutation('delivery SIRET', 'ubl', set_text(f'{U}/cac:Delivery/cac:DeliveryLocation/cbc:ID', '1100456220001X'), ('BR-FR-09_BT-71',)),
        Mutation('agents and providers', 'ubl', chain(add(CUS, "<cac:AgentParty><cbc:EndpointID schemeID='0225'>a b</cbc:EndpointID><cac:PartyIdentification><cbc:ID schemeID='0009'>123</cbc:ID></cac:PartyIdentification></cac:AgentParty><cac:ServiceProviderParty><cac:Party><cbc:EndpointID schemeID='0225'>x,y</cbc:EndpointID><cac:PartyIdentification><cbc:ID schemeID='0009'>1</cbc:ID></cac:PartyIdentification><cac:PartyIdentification><cbc:ID>2</cbc:ID></cac:PartyIdentification></cac:Party></cac:ServiceProviderParty>"), add(SUP, "<cac:AgentParty><cbc:EndpointID schemeID='0225'>" + 'e' * 126 + "</cbc:EndpointID><cac:PartyIdentification><cbc:ID schemeID='0009'>9</cbc:ID></cac:PartyIdentification><cac:PartyIdentification><cbc:ID schemeID='0009'>8</cbc:ID></cac:PartyIdentification></cac:AgentParty><cac:ServiceProviderParty><cac:Party><cbc:EndpointID schemeID='0225'>é</cbc:EndpointID><cac:PartyIdentification><cbc:ID schemeID='0009'>7</cbc:ID></cac:PartyIdentification></cac:Party></cac:ServiceProviderParty>"), add(f'{U}/cac:PaymentMeans', "<cac:PaymentMandate><cac:PayerParty><cbc:EndpointID schemeID='0225'>p q</cbc:EndpointID><cac:PartyIdentification><cbc:ID schemeID='0009'>6</cbc:ID></cac:PartyIdentification><cac:PartyIdentification><cbc:ID>5</cbc:ID></cac:PartyIdentification></cac:PayerParty></cac:PaymentMandate>"), add(U, "<cac:PayeeParty><cbc:EndpointID schemeID='0225'>z z</cbc:EndpointID><cac:PartyName><cbc:Name>P</cbc:Name></cac:PartyName></cac:PayeeParty>")), ('BR-FR-09_EXT-FR-FE-06', 'BR-FR-09_EXT-FR-FE-92', 'BR-FR-09_EXT-FR-FE-69', 'BR-FR-09_EXT-FR-FE-115', 'BR-FR-09_EXT-FR-FE-46', 'BR-FR-23_EXT-FR-FE-12', 'BR-FR-23_EXT-FR-FE-98', 'BR-FR-23_EXT-FR-FE-121', 'BR-FR-23_EXT-FR-FE-52', 'BR-FR-23_EXT-FR-FE-29', 'BR-FR-25_EXT-FR-FE-75', 'BR-FR-CO-10_EXT-FR-FE-92-1', 'BR-FR-CO-10_EXT-FR-FE-69-2', 'BR-FR-CO-10_EXT-FR-FE-46-1')),
        Mutation('line delivery location', 'ubl', add(f'{U}/cac:InvoiceLine[1]', '<cac:Delivery><cac:DeliveryLocation><cbc:ID>1</cbc:ID></cac:DeliveryLocation></cac:Delivery>'), ('BR-FR-CO-10_EXT-FR-FE-146-1',)),
        Mutation('seller SIREN 8 digits', 'ubl', set_text(f'{SUP}/cac:PartyLegalEntity/cbc:CompanyID', '85274196'), ('BR-FR-10_BT-30', 'BR-FR-09_BT-29', 'BR-FR-32-LEGALID')),
        Mutation('seller SIREN without scheme', 'ubl', set_attr(f'{SUP}/cac:PartyLegalEntity/cbc:CompanyID', 'schemeID', None), ('BR-FR-10_BT-30', 'BR-FR-09_BT-29')),
        Mutation('seller without legal entity', 'ubl', drop(f'{SUP}/cac:PartyLegalEntity'), ('BR-FR-09_BT-29',)),
        Mutation('buyer SIREN letters', 'ubl', set_text(f'{CUS}/cac:PartyLegalEntity/cbc:CompanyID', '11004562A'), ('BR-FR-11_BT-47', 'BR-FR-32-LEGALID')),
        Mutation('no buyer endpoint', 'ubl', drop(f'{CUS}/cbc:EndpointID'), ('BR-FR-12_BT-49', 'BR-FR-21_BT-49')),
        Mutation('blank seller endpoint', 'ubl', set_text(f'{SUP}/cbc:EndpointID', '  '), ('BR-FR-13_BT-34',)),
        Mutation('buyer endpoint scheme 0009', 'ubl', set_attr(f'{CUS}/cbc:EndpointID', 'schemeID', '0009'), ('BR-FR-21_BT-49',)),
        Mutation('self-billed B2B', 'ubl', set_text(f'{U}/cbc:InvoiceTypeCode', '389'), ()),
        Mutation('self-billed B2B, seller endpoint off', 'ubl', chain(set_text(f'{U}/cbc:InvoiceTypeCode', '389'), set_text(f'{SUP}/cbc:EndpointID', '999_X')), ('BR-FR-22_BT-34',)),
        Mutation('B2C', 'ubl', chain(set_text(f'{U}/cbc:Note[4]', '#BAR#B2C'), drop(f'{CUS}/cbc:EndpointID')), ('BR-FR-12_BT-49',)),
        Mutation('bad BAR', 'ubl', set_text(f'{U}/cbc:Note[4]', '#BAR#B2G'), ('BR-FR-20_BT-21',)),
        Mutation('two BAR', 'ubl', add(U, '<cbc:Note>#BAR#B2C</cbc:Note>'), ('BR-FR-30_BT-21',)),
        Mutation('endpoint 0225 with slash', 'ubl', set_text(f'{SUP}/cbc:EndpointID', '852741966/F'), ('BR-FR-23_BT-34',)),
        Mutation('buyer endpoint too long', 'ubl', set_text(f'{CUS}/cbc:EndpointID', '110045622' + 'x' * 120), ('BR-FR-25_BT-49',)),
        Mutation('private ids', 'ubl', chain(add(SUP, "<cac:PartyIdentification><cbc:ID schemeID='0224'>a b</cbc:ID></cac:PartyIdentification>"), add(CUS, "<cac:PartyIdentification><cbc:ID schemeID='0224'>" + 'p' * 101 + '</cbc:ID></cac:PartyIdentification>')), ('BR-FR-24_BT-29', 'BR-FR-26_BT-46')),
        Mutation('seller id 0002 and 0231', 'ubl', add(SUP, "<cac:PartyIdentification><cbc:ID schemeID='0002'>1234</cbc:ID></cac:PartyIdentification><cac:PartyIdentification><cbc:ID schemeID='0231'>123456789</cbc:ID></cac:PartyIdentification>"), ('BR-FR-32-ID', 'BR-FR-CO-14_BT-29-1', 'BR-FR-CO-15_BT-29-1')),
        Mutation('single VAT entity member', 'ubl', chain(add(SUP, "<cac:PartyIdentification><cbc:ID schemeID='0231'>123456789</cbc:ID></cac:PartyIdentification>"), add(U, '<cbc:Note>#TXD#MEMBRE_ASSUJETTI_UNIQUE</cbc:Note><cac:TaxRepresentativeParty><cac:PartyTaxScheme><cbc:CompanyID>FR11123456789</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme></cac:TaxRepresentativeParty>')), ()),
        Mutation('seller ids without scheme, repeated', 'ubl', add(SUP, "<cac:PartyIdentification><cbc:ID>x</cbc:ID></cac:PartyIdentification><cac:PartyIdentification><cbc:ID schemeID='0009'>85274196600026</cbc:ID></cac:PartyIdentification>"), ('BR-FR-CO-10_BT-29-1', 'BR-FR-CO-10_BT-29-2')),
        Mutation('buyer ids repeated', 'ubl', add(CUS, "<cac:PartyIdentification><cbc:ID schemeID='0009'>11004562200013</cbc:ID></cac:PartyIdentification>"), ('BR-FR-CO-10_BT-46-2',)),
        Mutation('delivery location id without scheme', 'ubl', set_attr(f'{U}/cac:Delivery/cac:DeliveryLocation/cbc:ID', 'schemeID', None), ('BR-FR-CO-10_BT-71-1',)),
        Mutation('VAT category L, rates off', 'ubl', chain(set_text(f'{U}/cac:AllowanceCharge/cac:TaxCategory/cbc:ID', 'L'), set_text(f'{U}/cac:AllowanceCharge/cac:TaxCategory/cbc:Percent', '20.000')), ('BR-FR-15_BT-95_BT-102-1', 'BR-FR-15_BT-95_BT-102-2', 'BR-FR-16_BT-96', 'BR-FR-DEC-04_BT-96_BT-103')),
        Mutation('breakdown category M, rate 21', 'ubl', chain(set_text(f'{U}/cac:TaxTotal/cac:TaxSubtotal[1]/cac:TaxCategory/cbc:ID', 'M'), set_text(f'{U}/cac:TaxTotal/cac:TaxSubtotal[1]/cac:TaxCategory/cbc:Percent', '21')), ('BR-FR-15_BT-118-1', 'BR-FR-15_BT-118-2', 'BR-FR-16_BT-119')),
        Mutation('line category X, rate 100.00', 'ubl', chain(set_text(f'{U}/cac:InvoiceLine[2]/cac:Item/cac:ClassifiedTaxCategory/cbc:ID', 'X'), set_text(f'{U}/cac:InvoiceLine[2]/cac:Item/cac:ClassifiedTaxCategory/cbc:Percent', '100.00')), ('BR-FR-15_BT-151-1', 'BR-FR-16_BT-152', 'BR-FR-DEC-04_BT-152')),
        Mutation('line category L', 'ubl', set_text(f'{U}/cac:InvoiceLine[2]/cac:Item/cac:ClassifiedTaxCategory/cbc:ID', 'L'), ('BR-FR-15_BT-151-1', 'BR-FR-08_BT-151-2')),
        Mutation('empty rate', 'ubl', set_text(f'{U}/cac:TaxTotal/cac:TaxSubtotal[2]/cac:TaxCategory/cbc:Percent', ''), ('BR-FR-16_BT-119', 'BR-FR-DEC-04_BT-119')),
        Mutation('negative rate', 'ubl', set_text(f'{U}/cac:InvoiceLine[1]/cac:Item/cac:ClassifiedTaxCategory/cbc:Percent', '-20'), ('BR-FR-16_BT-152', 'BR-FR-DEC-04_BT-152')),
        Mutation('attachment description', 'ubl', set_text(f'{U}/cac:AdditionalDocumentReference/cbc:DocumentDescription', 'Timesheet'), ('BR-FR-17_BT-123',)),
        Mutation('two legible copies', 'ubl', add(U, '<cac:AdditionalDocumentReference><cbc:ID>1</cbc:ID><cbc:DocumentDescription>LISIBLE</cbc:DocumentDescription></cac:AdditionalDocumentReference><cac:AdditionalDocumentReference><cbc:ID>2</cbc:ID><cbc:DocumentDescription>LISIBLE</cbc:DocumentDescription></cac:AdditionalDocumentReference>'), ('BR-FR-18_BT-123',)),
        Mutation('item property with both', 'ubl', add(f'{U}/cac:InvoiceLine[1]/cac:Item/cac:AdditionalItemProperty', "<cbc:ValueQuantity unitCode='KGM'>2</cbc:ValueQuantity>"), ('BR-FR-28-Value',)),
        Mutation('item property measure only', 'ubl', chain(drop(f'{U}/cac:InvoiceLine[1]/cac:Item/cac:AdditionalItemProperty/cbc:Value'), add(f'{U}/cac:InvoiceLine[1]/cac:Item/cac:AdditionalItemProperty', "<cbc:ValueQuantity unitCode=''>2</cbc:ValueQuantity>")), ('BR-FR-28-Value',)),
        Mutation('invoiced object AFL empty', 'ubl', add(U, "<cac:AdditionalDocumentReference><cbc:ID schemeID='AFL'> </cbc:ID><cbc:DocumentTypeCode>130</cbc:DocumentTypeCode></cac:AdditionalDocumentReference><cac:AdditionalDocumentReference><cbc:ID schemeID='AVV'></cbc:ID><cbc:DocumentTypeCode>130</cbc:DocumentTypeCode></cac:AdditionalDocumentReference>"), ('BR-FR-29_AFL', 'BR-FR-29_AVV')),
        Mutation('line objects', 'ubl', add(f'{U}/cac:InvoiceLine[1]', "<cac:DocumentReference><cbc:ID schemeID='AFL'></cbc:ID><cbc:ID schemeID='AFL'>x</cbc:ID><cbc:DocumentTypeCode>130</cbc:DocumentTypeCode></cac:DocumentReference><cac:DocumentReference><cbc:ID schemeID='AVV'> </cbc:ID></cac:DocumentReference>"), ('BR-FR-30_BT-128', 'BR-FR-30_AFL', 'BR-FR-30_AVV')),
        Mutation('header objects repeated', 'ubl', add(f'{U}/cac:AdditionalDocumentReference', "<cbc:ID schemeID='AVV'>a</cbc:ID><cbc:ID schemeID='AVV'>b</cbc:ID>"), ('BR-FR-29_BT-18',)),
        Mutation('foreign currency', 'ubl', set_text(f'{U}/cbc:DocumentCurrencyCode', 'USD'), ('BR-FR-CO-12_BT-5',)),
        Mutation('foreign currency with EUR VAT', 'ubl', chain(set_text(f'{U}/cbc:DocumentCurrencyCode', 'USD'), set_attr(f'{U}/cac:TaxTotal/cbc:TaxAmount', 'currencyID', 'USD'), add(U, "<cbc:TaxCurrencyCode>EUR</cbc:TaxCurrencyCode><cac:TaxTotal><cbc:TaxAmount currencyID='EUR'>180.3</cbc:TaxAmount></cac:TaxTotal>")), ()),
        Mutation('amounts badly written', 'ubl', chain(set_text(f'{U}/cac:LegalMonetaryTotal/cbc:PayableAmount', '1245.500'), set_text(f'{U}/cac:AllowanceCharge/cbc:Amount', '5e1'), set_text(f'{U}/cac:AllowanceCharge/cbc:BaseAmount', '+1000'), set_text(f'{U}/cac:TaxTotal/cbc:TaxAmount', '195,50')), ('BR-FR-DEC-01_BT-115', 'BR-FR-DEC-01_BT-92_BT-99', 'BR-FR-DEC-01_BT-93_BT-100', 'BR-FR-DEC-01_BT-110')),
        Mutation('more amounts', 'ubl', chain(set_text(f'{U}/cac:LegalMonetaryTotal/cbc:LineExtensionAmount', '1.'), set_text(f'{U}/cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount', '12345678901234567890'), set_text(f'{U}/cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount', ' 1245.50 '), set_text(f'{U}/cac:LegalMonetaryTotal/cbc:AllowanceTotalAmount', '.5'), add(f'{U}/cac:LegalMonetaryTotal', '<cbc:ChargeTotalAmount>1.001</cbc:ChargeTotalAmount><cbc:PrepaidAmount>-0.001</cbc:PrepaidAmount><cbc:PayableRoundingAmount>x</cbc:PayableRoundingAmount>')), ('BR-FR-DEC-01_BT-106', 'BR-FR-DEC-01_BT-109', 'BR-FR-DEC-01_BT-107', 'BR-FR-DEC-01_BT-108', 'BR-FR-DEC-01_BT-113', 'BR-FR-DEC-01_BT-114')),
        Mutation('breakdown and line amounts', 'ubl', chain(set_text(f'{U}/cac:TaxTotal/cac:TaxSubtotal[1]/cbc:TaxableAmount', '950.001'), set_text(f'{U}/cac:TaxTotal/cac:TaxSubtotal[2]/cbc:TaxAmount', '5.555'), set_text(f'{U}/cac:InvoiceLine[1]/cbc:LineExtensionAmount', '1000.000'), add(f'{U}/cac:InvoiceLine[2]', '<cac:AllowanceCharge><cbc:ChargeIndicator>false</cbc:ChargeIndicator><cbc:Amount>1.234</cbc:Amount><cbc:BaseAmount>-1.234</cbc:BaseAmount></cac:AllowanceCharge>')), ('BR-FR-DEC-01_BT-116', 'BR-FR-DEC-01_BT-117', 'BR-FR-DEC-01_BT-131', 'BR-FR-DEC-01_BT-136_BT-141', 'BR-FR-DEC-01_BT-137_BT-142')),
        Mutation('quantities', 'ubl', chain(set_text(f'{U}/cac:InvoiceLine[1]/cbc:InvoicedQuantity', '2.00001'), set_text(f'{U}/cac:InvoiceLine[1]/cac:Price/cbc:BaseQuantity', '1.12345')), ('BR-FR-DEC-02_BT-129', 'BR-FR-DEC-02_BT-149')),
        Mutation('prices', 'ubl', chain(set_text(f'{U}/cac:InvoiceLine[1]/cac:Price/cbc:PriceAmount', '-500'), add(f'{U}/cac:InvoiceLine[2]/cac:Price', '<cac:AllowanceCharge><cbc:ChargeIndicator>false</cbc:ChargeIndicator><cbc:Amount>1.1234567</cbc:Amount><cbc:BaseAmount>26.1234567</cbc:BaseAmount></cac:AllowanceCharge>')), ('BR-FR-DEC-03_BT-146', 'BR-FR-DEC-03_BT-147', 'BR-FR-DEC-03_BT-148')),
        Mutation('prices, bidirectional', 'ubl', chain(set_text(f'{U}/cbc:ProfileID', 'S9'), set_text(f'{U}/cac:InvoiceLine[1]/cac:Price/cbc:PriceAmount', '-500'))),
        Mutation('due before issue', 'ubl', set_text(f'{U}/cbc:DueDate', '2026-03-01'), ('BR-FR-CO-07_BT-9',)),
        Mutation('due before issue, deposit', 'ubl', chain(set_text(f'{U}/cbc:DueDate', '2026-03-01'), set_text(f'{U}/cbc:InvoiceTypeCode', '386')), ()),
        Mutation('final after deposit is a deposit', 'ubl', chain(set_text(f'{U}/cbc:ProfileID', 'B4'), set_text(f'{U}/cbc:InvoiceTypeCode', '386')), ('BR-FR-CO-08_BT-23',)),
        Mutation('already paid, not paid', 'ubl', chain(set_text(f'{U}/cbc:ProfileID', 'S2'), drop(f'{U}/cbc:DueDate')), ('BR-FR-CO-09_BT-23-1', 'BR-FR-CO-09_BT-23-2', 'BR-FR-CO-09_BT-23-3')),
        Mutation('already paid', 'ubl', chain(set_text(f'{U}/cbc:ProfileID', 'M2'), add(f'{U}/cac:LegalMonetaryTotal', '<cbc:PrepaidAmount>1245.5</cbc:PrepaidAmount>'), set_text(f'{U}/cac:LegalMonetaryTotal/cbc:PayableAmount', '0.00')), ()),
        Mutation('corrective without reference', 'ubl', set_text(f'{U}/cbc:InvoiceTypeCode', '384'), ('BR-FR-CO-04_BT-3',)),
        Mutation('corrective with reference', 'ubl', chain(set_text(f'{U}/cbc:InvoiceTypeCode', '384'), add(U, '<cac:BillingReference><cac:InvoiceDocumentReference><cbc:ID>FA-1</cbc:ID><cbc:IssueDate>2026-01-01</cbc:IssueDate></cac:InvoiceDocumentReference></cac:BillingReference>')), ()),
        Mutation('multi-vendor without groups', 'ubl', set_text(f'{U}/cbc:ProfileID', 'M8'), ('BR-FR-MV-01_EXT-FR-FE-163', 'BR-FR-MV-02_EXT-FR-FE-163', 'BR-FR-MV-06_EXT-FR-FE-167', 'BR-FR-MV-07_BT-128')),
        Mutation('multi-vendor self-billed', 'ubl', chain(set_text(f'{U}/cbc:ProfileID', 'B8'), set_text(f'{U}/cbc:InvoiceTypeCode', '389')), ('BR-FR-MV-13_BT-3',)),
        Mutation('bidirectional not self-billed', 'ubl', set_text(f'{U}/cbc:ProfileID', 'B9'), ('BR-FR-MV-BD_BT-3', 'BR-FR-BD-02_EXT-FR-FE-163', 'BR-FR-BD-02_BT-30', 'BR-FR-BD-02_BT-47')),
    ]
    return m


def _cii_mutations() -> list[Mutation]:
    return [
        Mutation('number too long', 'cii', set_text(f'{DOC}/ram:ID', 'F' * 36), ('BR-FR-01_BT-1',)),
        Mutation('number with space', 'cii', set_text(f'{DOC}/ram:ID', 'FA 2026'), ('BR-FR-02_BT-1',)),
        Mutation('preceding invoice', 'cii', add(HS, '<ram:InvoiceReferencedDocument><ram:IssuerAssignedID>' + 'Y' * 36 + "</ram:IssuerAssignedID><ram:TypeCode>1</ram:TypeCode><ram:FormattedIssueDateTime><qdt:DateTimeString format='102'>19990101</qdt:DateTimeString></ram:FormattedIssueDateTime></ram:InvoiceReferencedDocument>"), ('BR-FR-01_BT-25', 'BR-FR-03_BT-26', 'BR-FR-04_EXT-FR-FE-02')),
        Mutation('line preceding invoice', 'cii', add(f'{LI}[1]/ram:SpecifiedLineTradeSettlement', "<ram:InvoiceReferencedDocument><ram:IssuerAssignedID>a b</ram:IssuerAssignedID><ram:TypeCode>9</ram:TypeCode><ram:FormattedIssueDateTime><qdt:DateTimeString format='102'>20260230</qdt:DateTimeString></ram:FormattedIssueDateTime></ram:InvoiceReferencedDocument>"), ('BR-FR-02_EXT-FR-FE-136', 'BR-FR-03_EXT-FR-FE-138', 'BR-FR-04_EXT-FR-FE-137')),
        Mutation('dates', 'cii', chain(set_text(f'{DOC}/ram:IssueDateTime/udt:DateTimeString', '2026-03-04'), set_text(f'{HS}/ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/udt:DateTimeString', '21000101'), set_text(f'{HD}/ram:ActualDeliverySupplyChainEvent/ram:OccurrenceDateTime/udt:DateTimeString', '20261301'), set_text(f'{HS}/ram:BillingSpecifiedPeriod/ram:StartDateTime/udt:DateTimeString', '2026020'), set_text(f'{HS}/ram:BillingSpecifiedPeriod/ram:EndDateTime/udt:DateTimeString', ' 20260228')), ('BR-FR-03_BT-2', 'BR-FR-03_BT-9', 'BR-FR-03_BT-72', 'BR-FR-03_BT-73', 'BR-FR-03_BT-74')),
        Mutation('date with trailing text', 'cii', set_text(f'{DOC}/ram:IssueDateTime/udt:DateTimeString', '20260304T10'), ()),
        Mutation('line dates', 'cii', chain(set_text(f'{LI}[1]/ram:SpecifiedLineTradeSettlement/ram:BillingSpecifiedPeriod/ram:StartDateTime/udt:DateTimeString', '20250229'), set_text(f'{LI}[1]/ram:SpecifiedLineTradeSettlement/ram:BillingSpecifiedPeriod/ram:EndDateTime/udt:DateTimeString', '20260231'), add(f'{LI}[1]/ram:SpecifiedLineTradeDelivery', "<ram:ActualDeliverySupplyChainEvent><ram:OccurrenceDateTime><udt:DateTimeString format='102'>19000101</udt:DateTimeString></ram:OccurrenceDateTime></ram:ActualDeliverySupplyChainEvent>"), add(f'{HS}/ram:ApplicableTradeTax[1]', "<ram:TaxPointDate><udt:DateString format='102'>20260100</udt:DateString></ram:TaxPointDate>")), ('BR-FR-03_EXT-FR-FE-134', 'BR-FR-03_EXT-FR-FE-135', 'BR-FR-03_EXT-FR-FE-158', 'BR-FR-03_BT-7')),
        Mutation('type code 80', 'cii', set_text(f'{DOC}/ram:TypeCode', '80'), ('BR-FR-04_BT-3',)),
        Mutation('no notes', 'cii', drop(f'{DOC}/ram:IncludedNote'), ('BR-FR-05_BT-22_PMT', 'BR-FR-05_BT-22_PMD', 'BR-FR-05_BT-22_AAB')),
        Mutation('repeated codes', 'cii', add(DOC, '<ram:IncludedNote><ram:Content>x</ram:Content><ram:SubjectCode>PMT</ram:SubjectCode></ram:IncludedNote><ram:IncludedNote><ram:Content>x</ram:Content><ram:SubjectCode>PMD</ram:SubjectCode></ram:IncludedNote><ram:IncludedNote><ram:Content>x</ram:Content><ram:SubjectCode>AAB</ram:SubjectCode></ram:IncludedNote><ram:IncludedNote><ram:Content>x</ram:Content><ram:SubjectCode>TXD</ram:SubjectCode></ram:IncludedNote><ram:IncludedNote><ram:Content>y</ram:Content><ram:SubjectCode>TXD</ram:SubjectCode></ram:IncludedNote>'), ('BR-FR-06_BT-21_PMT', 'BR-FR-06_BT-21_PMD', 'BR-FR-06_BT-21_AAB', 'BR-FR-06_BT-21_TXD')),
        Mutation('billing mode A1', 'cii', set_text(CTX, 'A1'), ('BR-FR-08_BT-23',)),
        Mutation('sirets', 'cii', chain(set_text(f'{HA}/ram:SellerTradeParty/ram:GlobalID', '8527419660002'), drop(f'{HA}/ram:BuyerTradeParty/ram:SpecifiedLegalOrganization'), set_text(f'{HD}/ram:ShipToTradeParty/ram:GlobalID', 'X1004562200013')), ('BR-FR-09_BT-29', 'BR-FR-09_BT-46', 'BR-FR-09_BT-71', 'BR-FR-11_BT-47')),
        Mutation('other parties', 'cii', chain(add(HA, "<ram:BuyerAgentTradeParty><ram:GlobalID schemeID='0009'>1</ram:GlobalID><ram:GlobalID>2</ram:GlobalID><ram:URIUniversalCommunication><ram:URIID schemeID='0225'>a b</ram:URIID></ram:URIUniversalCommunication></ram:BuyerAgentTradeParty><ram:SalesAgentTradeParty><ram:GlobalID schemeID='0009'>3</ram:GlobalID><ram:GlobalID schemeID='0088'>4</ram:GlobalID><ram:GlobalID schemeID='0088'>5</ram:GlobalID><ram:URIUniversalCommunication><ram:URIID>" + 'u' * 126 + '</ram:URIID></ram:URIUniversalCommunication></ram:SalesAgentTradeParty>'), add(HS, "<ram:PayeeTradeParty><ram:GlobalID schemeID='0009'>11004562200013</ram:GlobalID><ram:SpecifiedLegalOrganization><ram:ID schemeID='0002'>852741966</ram:ID></ram:SpecifiedLegalOrganization><ram:URIUniversalCommunication><ram:URIID schemeID='0225'>x,y</ram:URIID></ram:URIUniversalCommunication></ram:PayeeTradeParty><ram:PayerTradeParty><ram:GlobalID schemeID='0009'>5</ram:GlobalID></ram:PayerTradeParty><ram:InvoiceeTradeParty><ram:GlobalID schemeID='0009'>6</ram:GlobalID><ram:URIUniversalCommunication><ram:URIID schemeID='0225'>é</ram:URIID></ram:URIUniversalCommunication></ram:InvoiceeTradeParty><ram:InvoicerTradeParty><ram:GlobalID schemeID='0009'>7</ram:GlobalID></ram:InvoicerTradeParty>"), add(f'{LI}[1]/ram:SpecifiedLineTradeDelivery', "<ram:ShipToTradeParty><ram:GlobalID schemeID='0009'>8</ram:GlobalID><ram:GlobalID>9</ram:GlobalID></ram:ShipToTradeParty>")), ('BR-FR-09_EXT-FR-FE-06', 'BR-FR-09_EXT-FR-FE-69', 'BR-FR-09_BT-60', 'BR-FR-09_EXT-FR-FE-46', 'BR-FR-09_EXT-FR-FE-92', 'BR-FR-09_EXT-FR-FE-115', 'BR-FR-09_EXT-FR-FE-146', 'BR-FR-23_EXT-FR-FE-12', 'BR-FR-25_EXT-FR-FE-75', 'BR-FR-23_EXT-FR-FE-29', 'BR-FR-23_EXT-FR-FE-98', 'BR-FR-CO-10_EXT-FR-FE-06-1', 'BR-FR-CO-10_EXT-FR-FE-69-2', 'BR-FR-CO-10_EXT-FR-FE-146-1')),
        Mutation('seller SIREN missing', 'cii', drop(f'{HA}/ram:SellerTradeParty/ram:SpecifiedLegalOrganization'), ('BR-FR-10_BT-30', 'BR-FR-09_BT-29')),
        Mutation('endpoints', 'cii', chain(drop(f'{HA}/ram:BuyerTradeParty/ram:URIUniversalCommunication'), set_text(f'{HA}/ram:SellerTradeParty/ram:URIUniversalCommunication/ram:URIID', '')), ('BR-FR-12_BT-49', 'BR-FR-13_BT-34', 'BR-FR-21_BT-49')),
        Mutation('blank seller endpoint', 'cii', set_text(f'{HA}/ram:SellerTradeParty/ram:URIUniversalCommunication/ram:URIID', ' '), ('BR-FR-23_BT-34',)),
        Mutation('self-billed B2B', 'cii', chain(set_text(f'{DOC}/ram:TypeCode', '389'), set_attr(f'{HA}/ram:SellerTradeParty/ram:URIUniversalCommunication/ram:URIID', 'schemeID', '0009')), ('BR-FR-22_BT-34',)),
        Mutation('bad BAR values', 'cii', chain(set_text(f'{DOC}/ram:IncludedNote[4]/ram:Content', 'B2G'), add(DOC, '<ram:IncludedNote><ram:SubjectCode>BAR</ram:SubjectCode></ram:IncludedNote>')), ('BR-FR-20_BT-21',)),
        Mutation('two BAR', 'cii', add(DOC, '<ram:IncludedNote><ram:Content> B2C </ram:Content><ram:SubjectCode>BAR</ram:SubjectCode></ram:IncludedNote>'), ('BR-FR-31_BT-21', 'BR-FR-20_BT-21')),
        Mutation('private ids', 'cii', chain(add(f'{HA}/ram:SellerTradeParty', "<ram:GlobalID schemeID='0224'>" + 'q' * 101 + '</ram:GlobalID>', 0), add(f'{HA}/ram:BuyerTradeParty', "<ram:GlobalID schemeID='0224'>a/b</ram:GlobalID>", 0)), ('BR-FR-26_BT-29', 'BR-FR-24_BT-46')),
        Mutation('endpoint too long', 'cii', set_text(f'{HA}/ram:BuyerTradeParty/ram:URIUniversalCommunication/ram:URIID', '110045622' + 'z' * 120), ('BR-FR-25_BT-49',)),
        Mutation('global ids 0002 / 0231', 'cii', add(f'{HA}/ram:SellerTradeParty', "<ram:GlobalID schemeID='0231'>12345678</ram:GlobalID><ram:GlobalID schemeID='0002'>123456789</ram:GlobalID>", 0), ('BR-FR-32-GLOBALID', 'BR-FR-CO-14_BT-29-1', 'BR-FR-CO-15_BT-29-1')),
        Mutation('single VAT entity member', 'cii', chain(add(f'{HA}/ram:SellerTradeParty', "<ram:GlobalID schemeID='0231'>123456789</ram:GlobalID>", 0), add(DOC, '<ram:IncludedNote><ram:Content>MEMBRE_ASSUJETTI_UNIQUE</ram:Content><ram:SubjectCode>TXD</ram:SubjectCode></ram:IncludedNote>'), add(HA, "<ram:SellerTaxRepresentativeTradeParty><ram:Name>R</ram:Name><ram:SpecifiedTaxRegistration><ram:ID schemeID='VA'>FR11123456789</ram:ID></ram:SpecifiedTaxRegistration></ram:SellerTaxRepresentativeTradeParty>")), ()),
        Mutation('legal ids', 'cii', set_text(f'{HA}/ram:BuyerTradeParty/ram:SpecifiedLegalOrganization/ram:ID', ' 1100456 '), ('BR-FR-32-LEGALID', 'BR-FR-11_BT-47', 'BR-FR-09_BT-46', 'BR-FR-21_BT-49')),
        Mutation('seller global ids', 'cii', add(f'{HA}/ram:SellerTradeParty', "<ram:GlobalID>1</ram:GlobalID><ram:GlobalID schemeID='0009'>85274196600026</ram:GlobalID>", 0), ('BR-FR-CO-10_BT-29-1', 'BR-FR-CO-10_BT-29-2')),
        Mutation('categories', 'cii', chain(set_text(f'{HS}/ram:SpecifiedTradeAllowanceCharge/ram:CategoryTradeTax/ram:CategoryCode', 'L'), drop(f'{HS}/ram:ApplicableTradeTax[2]/ram:CategoryCode'), set_text(f'{LI}[1]/ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:CategoryCode', 'M')), ('BR-FR-15_BT-95_BT-102', 'BR-FR-15_BT-95_BT-102_LM', 'BR-FR-15_BT-95_BT-118', 'BR-FR-15_BT-95_BT-151', 'BR-FR-15_BT-95_BT-151_LM')),
        Mutation('group line without category', 'cii', chain(drop(f'{LI}[2]/ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:CategoryCode'), add(f'{LI}[2]/ram:AssociatedDocumentLineDocument', '<ram:LineStatusReasonCode>GROUP</ram:LineStatusReasonCode>')), ()),
        Mutation('rates', 'cii', chain(set_text(f'{HS}/ram:SpecifiedTradeAllowanceCharge/ram:CategoryTradeTax/ram:RateApplicablePercent', '19'), set_text(f'{HS}/ram:ApplicableTradeTax[1]/ram:RateApplicablePercent', '20.000'), set_text(f'{LI}[2]/ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:RateApplicablePercent', '')), ('BR-FR-16_BT-96_BT-103', 'BR-FR-16_BT-119', 'BR-FR-DEC-04_BT-119', 'BR-FR-DEC-04_BT-152')),
        Mutation('attachments', 'cii', chain(set_text(f'{HA}/ram:AdditionalReferencedDocument/ram:Name', 'Bon'), add(HA, '<ram:AdditionalReferencedDocument><ram:IssuerAssignedID>1</ram:IssuerAssignedID><ram:TypeCode>50</ram:TypeCode><ram:Name>LISIBLE</ram:Name></ram:AdditionalReferencedDocument><ram:AdditionalReferencedDocument><ram:IssuerAssignedID>2</ram:IssuerAssignedID><ram:TypeCode>916</ram:TypeCode><ram:Name>LISIBLE</ram:Name></ram:AdditionalReferencedDocument>')), ('BR-FR-17_BT-123', 'BR-FR-18_BT-123')),
        Mutation('item attributes', 'cii', chain(add(f'{LI}[2]/ram:SpecifiedTradeProduct', "<ram:ApplicableProductCharacteristic><ram:Value>1</ram:Value></ram:ApplicableProductCharacteristic><ram:ApplicableProductCharacteristic><ram:Description> </ram:Description><ram:TypeCode></ram:TypeCode><ram:Value>1</ram:Value><ram:ValueMeasure unitCode='KGM'>1</ram:ValueMeasure></ram:ApplicableProductCharacteristic>")), ('BR-FR-27_BG-32', 'BR-FR-27_BT-160', 'BR-FR-27_EXT-FR-FE-159', 'BR-FR-28-Value')),
        Mutation('invoiced objects', 'cii', add(HA, '<ram:AdditionalReferencedDocument><ram:IssuerAssignedID> </ram:IssuerAssignedID><ram:TypeCode>130</ram:TypeCode><ram:ReferenceTypeCode>AFL</ram:ReferenceTypeCode></ram:AdditionalReferencedDocument><ram:AdditionalReferencedDocument><ram:IssuerAssignedID>1</ram:IssuerAssignedID><ram:TypeCode>130</ram:TypeCode><ram:ReferenceTypeCode>AFL</ram:ReferenceTypeCode></ram:AdditionalReferencedDocument><ram:AdditionalReferencedDocument><ram:IssuerAssignedID></ram:IssuerAssignedID><ram:TypeCode>130</ram:TypeCode><ram:ReferenceTypeCode>AVV</ram:ReferenceTypeCode></ram:AdditionalReferencedDocument>'), ('BR-FR-29_BT-18', 'BR-FR-29_AFL', 'BR-FR-29_AVV')),
        Mutation("line objects at the line's root", 'cii', add(f'{LI}[1]', '<ram:AdditionalReferencedDocument><ram:IssuerAssignedID/><ram:ReferenceTypeCode>AVV</ram:ReferenceTypeCode></ram:AdditionalReferencedDocument><ram:AdditionalReferencedDocument><ram:IssuerAssignedID>a</ram:IssuerAssignedID><ram:ReferenceTypeCode>AVV</ram:ReferenceTypeCode></ram:AdditionalReferencedDocument><ram:AdditionalReferencedDocument><ram:IssuerAssignedID> </ram:IssuerAssignedID><ram:ReferenceTypeCode>AFL</ram:ReferenceTypeCode></ram:AdditionalReferencedDocument>'), ('BR-FR-30_BT-128', 'BR-FR-30_AVV', 'BR-FR-30_AFL')),
        Mutation('global discount credit note', 'cii', chain(set_text(f'{DOC}/ram:TypeCode', '262'), drop(f'{HS}/ram:BillingSpecifiedPeriod')), ('BR-FR-CO-03_BT-3',)),
        Mutation('corrective twice referenced', 'cii', chain(set_text(f'{DOC}/ram:TypeCode', '471'), add(HS, '<ram:InvoiceReferencedDocument><ram:IssuerAssignedID>A</ram:IssuerAssignedID></ram:InvoiceReferencedDocument><ram:InvoiceReferencedDocument><ram:IssuerAssignedID>B</ram:IssuerAssignedID></ram:InvoiceReferencedDocument>')), ('BR-FR-CO-04_BT-4',)),
        Mutation('credit note with line references', 'cii', chain(set_text(f'{DOC}/ram:TypeCode', '381'), add(f'{LI}/ram:SpecifiedLineTradeSettlement', "<ram:InvoiceReferencedDocument><ram:IssuerAssignedID>FA-1</ram:IssuerAssignedID><ram:FormattedIssueDateTime><qdt:DateTimeString format='102'>20260101</qdt:DateTimeString></ram:FormattedIssueDateTime></ram:InvoiceReferencedDocument>")), ()),
        Mutation('credit note, one line unreferenced', 'cii', chain(set_text(f'{DOC}/ram:TypeCode', '381'), add(f'{LI}[1]/ram:SpecifiedLineTradeSettlement', "<ram:InvoiceReferencedDocument><ram:IssuerAssignedID>FA-1</ram:IssuerAssignedID><ram:FormattedIssueDateTime><qdt:DateTimeString format='102'>20260101</qdt:DateTimeString></ram:FormattedIssueDateTime></ram:InvoiceReferencedDocument>")), ('BR-FR-CO-05_BT-3',)),
        Mutation('due before issue', 'cii', set_text(f'{HS}/ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/udt:DateTimeString', '20260303'), ('BR-FR-CO-07_BT-9',)),
        Mutation('due before issue, paid', 'cii', chain(set_text(f'{HS}/ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/udt:DateTimeString', '20260303'), set_text(CTX, 'B2')), ('BR-FR-CO-09_BT-23-1', 'BR-FR-CO-09_BT-23-2')),
        Mutation('paid, no due date', 'cii', chain(set_text(CTX, 'S2'), drop(f'{HS}/ram:SpecifiedTradePaymentTerms'), add(SUM, '<ram:TotalPrepaidAmount>1245.50</ram:TotalPrepaidAmount>'), set_text(f'{SUM}/ram:DuePayableAmount', '0')), ('BR-FR-CO-09_BT-23-3',)),
        Mutation('final after deposit', 'cii', chain(set_text(CTX, 'M4'), set_text(f'{DOC}/ram:TypeCode', '503')), ('BR-FR-CO-08_BT-23',)),
        Mutation('foreign currency', 'cii', chain(set_text(f'{HS}/ram:InvoiceCurrencyCode', 'CHF'), add(HS, '<ram:TaxCurrencyCode>EUR</ram:TaxCurrencyCode>'), set_attr(f'{SUM}/ram:TaxTotalAmount', 'currencyID', 'CHF')), ('BR-FR-CO-12_BT-5',)),
        Mutation('amounts', 'cii', chain(set_text(f'{SUM}/ram:LineTotalAmount', '1100.000'), set_text(f'{SUM}/ram:AllowanceTotalAmount', '-'), set_text(f'{SUM}/ram:TaxBasisTotalAmount', '1e3'), set_text(f'{SUM}/ram:TaxTotalAmount', '195.5.0'), set_text(f'{SUM}/ram:GrandTotalAmount', '1,245.50'), set_text(f'{SUM}/ram:DuePayableAmount', '12345678901234567.891'), add(SUM, '<ram:ChargeTotalAmount>.1</ram:ChargeTotalAmount><ram:TotalPrepaidAmount>0.</ram:TotalPrepaidAmount><ram:RoundingAmount>0.001</ram:RoundingAmount>')), ('BR-FR-DEC-01_BT-106', 'BR-FR-DEC-01_BT-107', 'BR-FR-DEC-01_BT-108', 'BR-FR-DEC-01_BT-109', 'BR-FR-DEC-01_BT-110', 'BR-FR-DEC-01_BT-112', 'BR-FR-DEC-01_BT-113', 'BR-FR-DEC-01_BT-114', 'BR-FR-DEC-01_BT-115')),
        Mutation('more amounts', 'cii', chain(set_text(f'{HS}/ram:SpecifiedTradeAllowanceCharge/ram:ActualAmount', '50.000'), set_text(f'{HS}/ram:SpecifiedTradeAllowanceCharge/ram:BasisAmount', 'x'), set_text(f'{HS}/ram:ApplicableTradeTax[1]/ram:BasisAmount', '950.001'), set_text(f'{HS}/ram:ApplicableTradeTax[1]/ram:CalculatedAmount', ''), set_text(f'{LI}[1]/ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount', '1000.0001'), add(f'{LI}[2]/ram:SpecifiedLineTradeSettlement', '<ram:SpecifiedTradeAllowanceCharge><ram:BasisAmount>1.234</ram:BasisAmount><ram:ActualAmount>-1.234</ram:ActualAmount></ram:SpecifiedTradeAllowanceCharge>')), ('BR-FR-DEC-01_BT-92_BT-99', 'BR-FR-DEC-01_BT-93_BT-100', 'BR-FR-DEC-01_BT-116', 'BR-FR-DEC-01_BT-117', 'BR-FR-DEC-01_BT-131', 'BR-FR-DEC-01_BT-136_BT-141', 'BR-FR-DEC-01_BT-137_BT-142')),
        Mutation('quantities and prices', 'cii', chain(set_text(f'{LI}[1]/ram:SpecifiedLineTradeDelivery/ram:BilledQuantity', '2.12345'), set_text(f'{LI}[1]/ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:BasisQuantity', ''), set_text(f'{LI}[2]/ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:ChargeAmount', '-25'), add(f'{LI}[2]/ram:SpecifiedLineTradeAgreement', '<ram:GrossPriceProductTradePrice><ram:ChargeAmount>26.1234567</ram:ChargeAmount><ram:AppliedTradeAllowanceCharge><ram:ActualAmount>-1</ram:ActualAmount></ram:AppliedTradeAllowanceCharge></ram:GrossPriceProductTradePrice>', 0)), ('BR-FR-DEC-02_BT-129', 'BR-FR-DEC-02_BT-149', 'BR-FR-DEC-03_BT-146', 'BR-FR-DEC-03_BT-147', 'BR-FR-DEC-03_BT-148')),
        Mutation('multi-vendor without groups', 'cii', set_text(CTX, 'S8'), ('BR-FR-MV-02_EXT-FR-FE-163', 'BR-FR-MV-06_EXT-FR-FE-167', 'BR-FR-MV-07_BT-128')),
        Mutation('multi-vendor, empty sub-type', 'cii', chain(set_text(CTX, 'M8'), add(f'{LI}[1]/ram:AssociatedDocumentLineDocument', '<ram:LineStatusReasonCode> </ram:LineStatusReasonCode>')), ('BR-FR-MV-01_EXT-FR-FE-163',)),
        Mutation('multi-vendor self-billed', 'cii', chain(set_text(CTX, 'S8'), set_text(f'{DOC}/ram:TypeCode', '500')), ('BR-FR-MV-13_BT-3',)),
        Mutation('bidirectional not self-billed', 'cii', set_text(CTX, 'M9'), ('BR-FR-BD-13_BT-3', 'BR-FR-BD-02_EXT-FR-FE-163', 'BR-FR-BD-02_BT-31', 'BR-FR-BD-02_BT-47')),
    ]


def _ubl_party(bad_ids: str) -> str:
    endpoint = "a b" + "x" * 125
    return f"<cbc:EndpointID schemeID='0225'>{endpoint}</cbc:EndpointID>{bad_ids}"


_UBL_BAD_IDS = (
    "<cac:PartyIdentification><cbc:ID>sans-schema</cbc:ID></cac:PartyIdentification>"
    "<cac:PartyIdentification><cbc:ID schemeID='0088'>1</cbc:ID></cac:PartyIdentification>"
    "<cac:PartyIdentification><cbc:ID schemeID='0088'>2</cbc:ID></cac:PartyIdentification>"
)
_CII_BAD_IDS = "<ram:GlobalID>sans-schema</ram:GlobalID><ram:GlobalID schemeID='0088'>1</ram:GlobalID><ram:GlobalID schemeID='0088'>2</ram:GlobalID>"
_CII_ENDPOINT = (
    "<ram:URIUniversalCommunication><ram:URIID schemeID='0225'>a b"
    + "x" * 125
    + "</ram:URIID></ram:URIUniversalCommunication>"
)


def _sweeps() -> list[Mutation]:
    """Every party at once, to run each party's variant of BR-FR-23, 24, 25, 26 and BR-FR-CO-10."""
    private = "<cac:PartyIdentification><cbc:ID schemeID='0224'>a b" + "p" * 100 + "</cbc:ID></cac:PartyIdentification>"
    cii_private = "<ram:GlobalID schemeID='0224'>a b" + "p" * 100 + "</ram:GlobalID>"
    ubl = chain(
        set_text(f"{SUP}/cbc:EndpointID", "a b" + "x" * 125),
        set_text(f"{CUS}/cbc:EndpointID", "a b" + "x" * 125),
        add(SUP, _UBL_BAD_IDS + private + private),
        add(CUS, _UBL_BAD_IDS + private),
        add(
            CUS,
            "<cac:AgentParty>"
            + _ubl_party(_UBL_BAD_IDS)
            + "</cac:AgentParty><cac:ServiceProviderParty><cac:Party>"
            + _ubl_party(_UBL_BAD_IDS)
            + "</cac:Party></cac:ServiceProviderParty>",
        ),
        add(
            SUP,
            "<cac:AgentParty>"
            + _ubl_party(_UBL_BAD_IDS)
            + "</cac:AgentParty><cac:ServiceProviderParty><cac:Party>"
            + _ubl_party(_UBL_BAD_IDS)
            + "</cac:Party></cac:ServiceProviderParty>",
        ),
        add(
            f"{U}/cac:PaymentMeans",
            "<cac:PaymentMandate><cac:PayerParty>"
            + _ubl_party(_UBL_BAD_IDS)
            + "</cac:PayerParty></cac:PaymentMandate>",
        ),
        add(U, "<cac:PayeeParty>" + _ubl_party(_UBL_BAD_IDS) + "</cac:PayeeParty>"),
        add(f"{U}/cac:Delivery/cac:DeliveryLocation", "<cbc:ID schemeID='0009'>11004562200013</cbc:ID>"),
        add(
            f"{U}/cac:InvoiceLine[1]",
            "<cac:Delivery><cac:DeliveryLocation><cbc:ID schemeID='0088'>1</cbc:ID><cbc:ID schemeID='0088'>2</cbc:ID></cac:DeliveryLocation></cac:Delivery>",
        ),
    )
    cii = chain(
        set_text(f"{HA}/ram:SellerTradeParty/ram:URIUniversalCommunication/ram:URIID", "a b" + "x" * 125),
        set_text(f"{HA}/ram:BuyerTradeParty/ram:URIUniversalCommunication/ram:URIID", "a b" + "x" * 125),
        add(f"{HA}/ram:SellerTradeParty", _CII_BAD_IDS + cii_private + cii_private, 0),
        add(f"{HA}/ram:BuyerTradeParty", _CII_BAD_IDS + cii_private, 0),
        add(
            HA,
            "".join(
                f"<ram:{p}>{_CII_BAD_IDS}<ram:Name>N</ram:Name>{_CII_ENDPOINT}</ram:{p}>"
                for p in ("BuyerAgentTradeParty", "SalesAgentTradeParty")
            ),
        ),
        add(
            HS,
            "".join(
                f"<ram:{p}>{_CII_BAD_IDS}<ram:Name>N</ram:Name>{_CII_ENDPOINT}</ram:{p}>"
                for p in ("PayeeTradeParty", "PayerTradeParty", "InvoiceeTradeParty", "InvoicerTradeParty")
            ),
        ),
        add(f"{HD}/ram:ShipToTradeParty", _CII_BAD_IDS),
        add(f"{LI}[1]/ram:SpecifiedLineTradeDelivery", f"<ram:ShipToTradeParty>{_CII_BAD_IDS}</ram:ShipToTradeParty>"),
    )
    return [
        Mutation('every party', 'ubl', ubl),
        Mutation('every party', 'cii', cii),
    ]


def _more() -> list[Mutation]:
    cn = "/cn:CreditNote"
    return [
        Mutation('references', 'ubl', chain(add(U, '<cac:BillingReference><cac:InvoiceDocumentReference><cbc:ID>' + 'R' * 36 + '</cbc:ID></cac:InvoiceDocumentReference></cac:BillingReference>'), add(f'{U}/cac:InvoiceLine[2]', '<cac:BillingReference><cac:InvoiceDocumentReference><cbc:ID>R,1</cbc:ID></cac:InvoiceDocumentReference></cac:BillingReference>')), ('BR-FR-01_BT-25-1', 'BR-FR-01_EXT-FR-FE-136-2', 'BR-FR-02_EXT-FR-FE-136')),
        Mutation('references', 'cii', chain(add(HS, '<ram:InvoiceReferencedDocument><ram:IssuerAssignedID>R;1</ram:IssuerAssignedID></ram:InvoiceReferencedDocument>'), add(f'{LI}[2]/ram:SpecifiedLineTradeSettlement', '<ram:InvoiceReferencedDocument><ram:IssuerAssignedID>' + 'R' * 36 + '</ram:IssuerAssignedID></ram:InvoiceReferencedDocument>')), ('BR-FR-02_BT-25', 'BR-FR-01_EXT-FR-FE-136')),
        Mutation('VAT codes and rates', 'cii', chain(set_text(f'{HS}/ram:ApplicableTradeTax[2]/ram:CategoryCode', 'L'), set_text(f'{LI}[1]/ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:RateApplicablePercent', '19'), set_text(f'{HS}/ram:SpecifiedTradeAllowanceCharge/ram:CategoryTradeTax/ram:RateApplicablePercent', '20.001')), ('BR-FR-15_BT-95_BT-118_LM', 'BR-FR-16_BT-152', 'BR-FR-DEC-04_BT-96_BT-103', 'BR-FR-16_BT-96_BT-103')),
        Mutation('total with VAT badly written', 'ubl', set_text(f'{U}/cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount', '1245.5.0'), ('BR-FR-DEC-01_BT-112',)),
        Mutation('credit note', 'ubl-cn', lambda root: None, ()),
        Mutation('credit note without reference', 'ubl-cn', drop(f'{cn}/cac:BillingReference'), ('BR-FR-CO-05_BT-3',)),
        Mutation('credit note with line references', 'ubl-cn', chain(drop(f'{cn}/cac:BillingReference'), add(f'{cn}/cac:CreditNoteLine', '<cac:BillingReference><cac:InvoiceDocumentReference><cbc:ID>FA-1</cbc:ID><cbc:IssueDate>2026-01-01</cbc:IssueDate></cac:InvoiceDocumentReference></cac:BillingReference>')), ()),
        Mutation('credit note, a line unreferenced', 'ubl-cn', chain(drop(f'{cn}/cac:BillingReference'), add(f'{cn}/cac:CreditNoteLine[1]', '<cac:BillingReference><cac:InvoiceDocumentReference><cbc:ID>FA-1</cbc:ID><cbc:IssueDate>2026-01-01</cbc:IssueDate></cac:InvoiceDocumentReference></cac:BillingReference>')), ('BR-FR-CO-05_BT-3',)),
        Mutation('global discount credit note', 'ubl-cn', set_text(f'{cn}/cbc:CreditNoteTypeCode', '262'), ('BR-FR-CO-03_BT-3',)),
        Mutation('credit note quantities and rates', 'ubl-cn', chain(set_text(f'{cn}/cac:CreditNoteLine[1]/cbc:CreditedQuantity', '1.00001'), set_text(f'{cn}/cac:CreditNoteLine[1]/cac:Item/cac:ClassifiedTaxCategory/cbc:Percent', '19')), ('BR-FR-DEC-02_BT-129',)),
        Mutation('credit note due before issue', 'ubl-cn', set_text(f'{cn}/cac:PaymentMeans/cbc:PaymentDueDate', '2026-01-01'), ('BR-FR-CO-07_BT-9',)),
        Mutation('corrective credit note', 'ubl-cn', set_text(f'{cn}/cbc:CreditNoteTypeCode', '384'), ()),
        Mutation('multi-vendor credit note', 'ubl-cn', set_text(f'{cn}/cbc:ProfileID', 'M8'), ('BR-FR-MV-01_EXT-FR-FE-163', 'BR-FR-MV-02_EXT-FR-FE-163')),
    ]


def mutations() -> list[Mutation]:
    return _ubl_mutations() + _cii_mutations() + _special_mutations() + _sweeps() + _more()


# --- multi-vendor and bidirectional invoices: sub-invoices grouped under GROUP lines ------------------------------


def _ubl_group(line_id: str, status: str, parent: str | None, vendor: str, sub_invoice: str, extra: str = "") -> str:
    parent_xml = f"<cac:BillingReferenceLine><cbc:ID>{parent}</cbc:ID></cac:BillingReferenceLine>" if parent else ""
    return (
        f"<cac:BillingReference><cac:InvoiceDocumentReference><cbc:ID>FA-2026-0042</cbc:ID>"
        f"<cbc:DocumentStatusCode>{status}</cbc:DocumentStatusCode></cac:InvoiceDocumentReference>{parent_xml}"
        f"</cac:BillingReference>"
        f"<cac:DocumentReference><cbc:ID schemeID='AFL'>{sub_invoice}</cbc:ID><cbc:DocumentTypeCode>130</cbc:DocumentTypeCode></cac:DocumentReference>"
        f"{extra}"
    )


def _ubl_multi_vendor(root: etree._Element) -> None:
    """Turn the UBL base into an S8 invoice: line 1 heads sub-invoice FA-2026-0042 of vendor 852741966, line 2 details it."""
    set_text(f"{U}/cbc:ProfileID", "S8")(root)
    line1, line2 = each_at(root, f"{U}/cac:InvoiceLine")
    add(
        ".",
        _ubl_group(
            "1",
            "GROUP",
            None,
            "852741966",
            "FA-2026-0042",
            "<cac:DocumentReference><cbc:ID schemeID='AVV'>S1</cbc:ID><cbc:DocumentTypeCode>130</cbc:DocumentTypeCode></cac:DocumentReference><cac:TaxTotal><cbc:TaxAmount currencyID='EUR'>200.00</cbc:TaxAmount></cac:TaxTotal>",
        ),
        3,
    )(line1)
    add(".", _ubl_group("2", "DETAIL", "1", "852741966", "FA-2026-0042"), 3)(line2)
    for line in (line1, line2):
        add(
            "cac:Item",
            "<cac:ManufacturerParty><cac:PostalAddress><cac:Country><cbc:IdentificationCode>FR</cbc:IdentificationCode></cac:Country></cac:PostalAddress><cac:PartyLegalEntity><cbc:RegistrationName>Vendeur</cbc:RegistrationName><cbc:CompanyID>852741966</cbc:CompanyID></cac:PartyLegalEntity></cac:ManufacturerParty>",
        )(line)
    set_text(f"{U}/cac:InvoiceLine[1]/cbc:LineExtensionAmount", "100.00")(root)
    set_text(f"{U}/cac:InvoiceLine[2]/cac:Item/cac:ClassifiedTaxCategory/cbc:ID", "E")(root)
    add(
        f"{U}/cac:InvoiceLine[2]/cac:Item/cac:ClassifiedTaxCategory",
        "<cbc:TaxExemptionReason>#FA-2026-0042#Vente pour compte</cbc:TaxExemptionReason>",
    )(root)
    add(f"{U}/cac:TaxTotal", "<cac:TaxSubtotal><cbc:TaxableAmount>1000</cbc:TaxableAmount><cbc:TaxAmount>200.00</cbc:TaxAmount><cac:TaxCategory><cbc:ID>E</cbc:ID><cbc:TaxExemptionReason>#FA-2026-0042#x</cbc:TaxExemptionReason><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory></cac:TaxSubtotal>")(root)


def _cii_multi_vendor(root: etree._Element) -> None:
    set_text(CTX, "S8")(root)
    for index, (status, parent) in enumerate((("GROUP", None), ("DETAIL", "1")), start=1):
        line = f"{LI}[{index}]"
        parent_xml = f"<ram:ParentLineID>{parent}</ram:ParentLineID>" if parent else ""
        add(
            f"{line}/ram:AssociatedDocumentLineDocument",
            f"{parent_xml}<ram:LineStatusReasonCode>{status}</ram:LineStatusReasonCode>",
        )(root)
        add(
            f"{line}/ram:SpecifiedLineTradeAgreement",
            "<ram:ItemSellerTradeParty><ram:Name>Vendeur</ram:Name><ram:SpecifiedLegalOrganization><ram:ID>852741966</ram:ID></ram:SpecifiedLegalOrganization><ram:PostalTradeAddress><ram:CountryID>FR</ram:CountryID></ram:PostalTradeAddress></ram:ItemSellerTradeParty>",
        )(root)
        add(
            f"{line}/ram:SpecifiedLineTradeSettlement",
            "<ram:AdditionalReferencedDocument><ram:IssuerAssignedID>FA-2026-0042</ram:IssuerAssignedID><ram:TypeCode>130</ram:TypeCode><ram:ReferenceTypeCode>AFL</ram:ReferenceTypeCode></ram:AdditionalReferencedDocument>",
        )(root)
    add(
        f"{LI}[1]/ram:SpecifiedLineTradeSettlement",
        "<ram:AdditionalReferencedDocument><ram:IssuerAssignedID>S1</ram:IssuerAssignedID><ram:TypeCode>130</ram:TypeCode><ram:ReferenceTypeCode>AVV</ram:ReferenceTypeCode></ram:AdditionalReferencedDocument>",
    )(root)
    add(
        f"{LI}[1]/ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeSettlementLineMonetarySummation",
        "<ram:TaxTotalAmount currencyID='EUR'>200.00</ram:TaxTotalAmount>",
    )(root)
    set_text(
        f"{LI}[1]/ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount",
        "100.00",
    )(root)
    add(
        f"{LI}[2]/ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax",
        "<ram:ExemptionReason>#FA-2026-0042#Vente pour compte</ram:ExemptionReason>",
    )(root)
    add(HS, "<ram:ApplicableTradeTax><ram:CalculatedAmount>200.00</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode><ram:ExemptionReason>#FA-2026-0042#x</ram:ExemptionReason><ram:CategoryCode>E</ram:CategoryCode></ram:ApplicableTradeTax>")(root)


def _special_mutations() -> list[Mutation]:
    UL1, UL2 = f"{U}/cac:InvoiceLine[1]", f"{U}/cac:InvoiceLine[2]"
    CL1, CL2 = f"{LI}[1]", f"{LI}[2]"
    return [
        Mutation('multi-vendor', 'ubl', _ubl_multi_vendor, ()),
        Mutation('multi-vendor', 'cii', _cii_multi_vendor, ()),
        Mutation('multi-vendor, vendor facts missing', 'ubl', chain(_ubl_multi_vendor, drop(f'{UL1}/cac:Item/cac:ManufacturerParty'), drop(f'{UL1}/cac:TaxTotal'), add(U, '<cbc:TaxCurrencyCode>EUR</cbc:TaxCurrencyCode>')), ('BR-FR-MV-03_EXT-FR-FE-164', 'BR-FR-MV-03_EXT-FR-FE-167', 'BR-FR-MV-03_EXT-FR-FE-177', 'BR-FR-MV-03_EXT-FR-FE-181', 'BR-FR-MV-03_EXT-FR-FE-182')),
        Mutation('multi-vendor, vendor facts missing', 'cii', chain(_cii_multi_vendor, drop(f'{CL1}/ram:SpecifiedLineTradeAgreement/ram:ItemSellerTradeParty'), drop(f'{CL1}/ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeSettlementLineMonetarySummation/ram:TaxTotalAmount'), add(HS, '<ram:TaxCurrencyCode>EUR</ram:TaxCurrencyCode>', 1)), ('BR-FR-MV-03_EXT-FR-FE-164', 'BR-FR-MV-03_EXT-FR-FE-167', 'BR-FR-MV-03_EXT-FR-FE-177', 'BR-FR-MV-03_EXT-FR-FE-181', 'BR-FR-MV-03_EXT-FR-FE-182')),
        Mutation('multi-vendor, sub-invoice objects', 'ubl', chain(_ubl_multi_vendor, set_text(f"{UL1}/cac:DocumentReference/cbc:ID[@schemeID='AVV']", 'S8'), set_text(f"{UL1}/cac:DocumentReference/cbc:ID[@schemeID='AFL']", '')), ('BR-FR-MV-03_BT-128_AVV', 'BR-FR-MV-03_BT-128_AFL')),
        Mutation('multi-vendor, sub-invoice objects', 'cii', chain(_cii_multi_vendor, set_text(f"{CL1}/ram:SpecifiedLineTradeSettlement/ram:AdditionalReferencedDocument[ram:ReferenceTypeCode='AVV']/ram:IssuerAssignedID", 'B8'), set_text(f"{CL1}/ram:SpecifiedLineTradeSettlement/ram:AdditionalReferencedDocument[ram:ReferenceTypeCode='AFL']/ram:TypeCode", '50')), ('BR-FR-MV-03_BT-128_AVV', 'BR-FR-MV-03_BT-128_AFL')),
        Mutation('multi-vendor, sums off', 'ubl', chain(_ubl_multi_vendor, set_text(f'{UL1}/cbc:LineExtensionAmount', '100.02'), set_text(f'{UL1}/cac:TaxTotal/cbc:TaxAmount', '199.98'), add(UL1, '<cbc:TaxInclusiveLineExtensionAmount>300.05</cbc:TaxInclusiveLineExtensionAmount>')), ('BR-FR-MV-05_EXT-FR-FE-BG-12', 'BR-FR-MV-09_EXT-FR-FE-181', 'BR-FR-MV-10_EXT-FR-FE-184')),
        Mutation('multi-vendor, sums off', 'cii', chain(_cii_multi_vendor, set_text(f'{CL1}/ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount', '99.98'), set_text(f'{CL1}/ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeSettlementLineMonetarySummation/ram:TaxTotalAmount', '200.02'), add(f'{CL1}/ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeSettlementLineMonetarySummation', '<ram:GrandTotalAmount>300.05</ram:GrandTotalAmount>')), ('BR-FR-MV-05_EXT-FR-FE-BG-12', 'BR-FR-MV-09_EXT-FR-FE-181', 'BR-FR-MV-10_EXT-FR-FE-184')),
        Mutation('multi-vendor, sums to the cent', 'ubl', chain(_ubl_multi_vendor, set_text(f'{UL1}/cbc:LineExtensionAmount', '100.01'), add(UL1, '<cbc:TaxInclusiveLineExtensionAmount>300.02</cbc:TaxInclusiveLineExtensionAmount>'))),
        Mutation('multi-vendor, detail of another vendor', 'ubl', chain(_ubl_multi_vendor, set_text(f'{UL2}/cac:Item/cac:ManufacturerParty/cac:PartyLegalEntity/cbc:CompanyID', '110045622'), set_text(f'{UL2}/cac:DocumentReference/cbc:ID', 'SF-2'), set_text(f'{UL2}/cac:Item/cac:ClassifiedTaxCategory/cbc:TaxExemptionReason', 'Vente')), ('BR-FR-MV-06_EXT-FR-FE-167', 'BR-FR-MV-07_BT-128', 'BR-FR-MV-08_BT-128')),
        Mutation('multi-vendor, detail of another vendor', 'cii', chain(_cii_multi_vendor, set_text(f'{CL2}/ram:SpecifiedLineTradeAgreement/ram:ItemSellerTradeParty/ram:SpecifiedLegalOrganization/ram:ID', '110045622'), set_text(f'{CL2}/ram:SpecifiedLineTradeSettlement/ram:AdditionalReferencedDocument/ram:IssuerAssignedID', 'SF-2'), set_text(f'{CL2}/ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:ExemptionReason', '#FA-2026-0042#')), ('BR-FR-MV-06_EXT-FR-FE-167', 'BR-FR-MV-07_BT-128', 'BR-FR-MV-08_BT-128')),
        Mutation('multi-vendor, main vendor numbering', 'ubl', chain(_ubl_multi_vendor, set_text(f'{UL1}/cac:Item/cac:ManufacturerParty/cac:PartyLegalEntity/cbc:CompanyID', '852741966'), set_text(f'{U}/cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID', '852741966')), ()),
        Mutation('multi-vendor, two groups same number', 'ubl', chain(_ubl_multi_vendor, set_text(f'{UL2}/cac:BillingReference/cac:InvoiceDocumentReference/cbc:DocumentStatusCode', 'GROUP'), drop(f'{UL2}/cac:BillingReference/cac:BillingReferenceLine')), ('BR-FR-MV-12_BT-128', 'BR-FR-MV-11_BT-128')),
        Mutation('multi-vendor, two groups same number', 'cii', chain(_cii_multi_vendor, set_text(f'{CL2}/ram:AssociatedDocumentLineDocument/ram:LineStatusReasonCode', 'GROUP'), drop(f'{CL2}/ram:AssociatedDocumentLineDocument/ram:ParentLineID')), ('BR-FR-MV-12_BT-128',)),
        Mutation("multi-vendor, main vendor's sub-invoice", 'cii', chain(_cii_multi_vendor, set_text(f"{LI}/ram:SpecifiedLineTradeSettlement/ram:AdditionalReferencedDocument[ram:ReferenceTypeCode='AFL']/ram:IssuerAssignedID", 'FA-2026-0042'), set_text(f'{CL2}/ram:AssociatedDocumentLineDocument/ram:LineStatusReasonCode', 'GROUP'), drop(f'{CL2}/ram:AssociatedDocumentLineDocument/ram:ParentLineID')), ('BR-FR-MV-11_BT-128',)),
        Mutation('multi-vendor credit note without line references', 'ubl', chain(_ubl_multi_vendor, set_text(f'{U}/cbc:InvoiceTypeCode', '384'), add(U, '<cac:BillingReference><cac:InvoiceDocumentReference><cbc:ID>FA-1</cbc:ID></cac:InvoiceDocumentReference></cac:BillingReference>')), ('BR-FR-MV-14-EXT-FR-FE-136', 'BR-FR-MV-14-EXT-FR-FE-138')),
        Mutation('multi-vendor corrective without line references', 'cii', chain(_cii_multi_vendor, set_text(f'{DOC}/ram:TypeCode', '384')), ('BR-FR-MV-14-EXT-FR-FE-136', 'BR-FR-MV-14-EXT-FR-FE-138')),
        Mutation('bidirectional self-billed credit', 'ubl', chain(_ubl_multi_vendor, set_text(f'{U}/cbc:ProfileID', 'B9'), set_text(f'{U}/cbc:InvoiceTypeCode', '261')), ('BR-FR-BD-14-EXT-FR-FE-136', 'BR-FR-BD-14-EXT-FR-FE-138', 'BR-FR-BD-02_EXT-FR-FE-163')),
        Mutation('bidirectional self-billed credit', 'cii', chain(_cii_multi_vendor, set_text(CTX, 'S9'), set_text(f'{DOC}/ram:TypeCode', '261'), set_text(f'{CL2}/ram:AssociatedDocumentLineDocument/ram:LineStatusReasonCode', 'GROUP'), drop(f'{CL2}/ram:AssociatedDocumentLineDocument/ram:ParentLineID'), set_text(f'{CL2}/ram:SpecifiedLineTradeAgreement/ram:ItemSellerTradeParty/ram:SpecifiedLegalOrganization/ram:ID', '110045622')), ('BR-FR-BD-14-EXT-FR-FE-136', 'BR-FR-BD-14-EXT-FR-FE-138')),
    ]

# fmt: on
