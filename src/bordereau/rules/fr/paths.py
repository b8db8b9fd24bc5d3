"""Where things are in UBL and CII, as the BR-FR schematron addresses them."""

from __future__ import annotations

# CII header blocks.
T = "rsm:SupplyChainTradeTransaction"
HA = f"{T}/ram:ApplicableHeaderTradeAgreement"
HS = f"{T}/ram:ApplicableHeaderTradeSettlement"
HD = f"{T}/ram:ApplicableHeaderTradeDelivery"
LI = f"{T}/ram:IncludedSupplyChainTradeLineItem"
SUM = f"{HS}/ram:SpecifiedTradeSettlementHeaderMonetarySummation"


def u(relative: str) -> str:
    """``relative`` below the root of a UBL Invoice or CreditNote."""
    return " | ".join(f"/{root}/{step}" for root in ("ubl:Invoice", "cn:CreditNote") for step in relative.split(" | "))


def ul(relative: str) -> str:
    """``relative`` below a UBL invoice line or credit note line."""
    return f"/ubl:Invoice/cac:InvoiceLine/{relative} | /cn:CreditNote/cac:CreditNoteLine/{relative}"


def c(relative: str) -> str:
    """``relative`` below the root of a CII invoice."""
    return f"/rsm:CrossIndustryInvoice/{relative}"


# The parties the reform identifies, by the id the schematron gives them: UBL element, CII element.
PARTIES: dict[str, tuple[str, str]] = {
    "BT-29": (u("cac:AccountingSupplierParty/cac:Party"), c(f"{HA}/ram:SellerTradeParty")),
    "BT-46": (u("cac:AccountingCustomerParty/cac:Party"), c(f"{HA}/ram:BuyerTradeParty")),
    "BT-60": (u("cac:PayeeParty"), c(f"{HS}/ram:PayeeTradeParty")),
    "EXT-FR-FE-06": (u("cac:AccountingCustomerParty/cac:Party/cac:AgentParty"), c(f"{HA}/ram:BuyerAgentTradeParty")),
    "EXT-FR-FE-46": (u("cac:PaymentMeans/cac:PaymentMandate/cac:PayerParty"), c(f"{HS}/ram:PayerTradeParty")),
    "EXT-FR-FE-69": (u("cac:AccountingSupplierParty/cac:Party/cac:AgentParty"), c(f"{HA}/ram:SalesAgentTradeParty")),
    "EXT-FR-FE-92": (
        u("cac:AccountingCustomerParty/cac:Party/cac:ServiceProviderParty/cac:Party"),
        c(f"{HS}/ram:InvoiceeTradeParty"),
    ),
    "EXT-FR-FE-115": (
        u("cac:AccountingSupplierParty/cac:Party/cac:ServiceProviderParty/cac:Party"),
        c(f"{HS}/ram:InvoicerTradeParty"),
    ),
}

# Electronic addresses of those parties (BR-FR-23, BR-FR-25): the id each one gets in the rules.
ENDPOINTS = {
    "BT-34": "BT-29",
    "BT-49": "BT-46",
    "EXT-FR-FE-12": "EXT-FR-FE-06",
    "EXT-FR-FE-29": "BT-60",
    "EXT-FR-FE-52": "EXT-FR-FE-46",
    "EXT-FR-FE-75": "EXT-FR-FE-69",
    "EXT-FR-FE-98": "EXT-FR-FE-92",
    "EXT-FR-FE-121": "EXT-FR-FE-115",
}


def endpoint(party: str, syntax: str, predicate: str = "") -> str:
    """The electronic address of ``party`` (a key of PARTIES), with an optional XPath predicate."""
    ubl, cii = PARTIES[party]
    if syntax == "ubl":
        return " | ".join(f"{p}/cbc:EndpointID{predicate}" for p in ubl.split(" | "))
    return f"{cii}/ram:URIUniversalCommunication/ram:URIID{predicate}"
