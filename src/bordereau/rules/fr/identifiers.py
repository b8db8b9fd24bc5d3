"""Identifiers: invoice numbers (BR-FR-01, 02), document types (BR-FR-04), SIREN and SIRET (BR-FR-09 … 13, 32),
electronic addresses and private identifiers (BR-FR-21 … 26), identifier schemes (BR-FR-CO-10)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from lxml import etree

from ...model import Identifier, Invoice
from ..engine import Context
from .common import (
    DIGITS_9,
    DIGITS_14,
    DOCUMENT_TYPES,
    SELF_BILLED,
    bar_treatments,
    each,
    find,
    first,
    fr_rule,
    norm,
    sval,
    type_codes,
    valid_id,
    valid_scheme_value,
    whole,
    xp,
)
from .paths import ENDPOINTS, HA, HD, HS, LI, PARTIES, c, endpoint, u, ul

# --- BR-FR-01, BR-FR-02: invoice numbers -------------------------------------------------------------------------

_NUMBERS = {
    "BT-1": (u("cbc:ID"), c("rsm:ExchangedDocument/ram:ID")),
    "BT-25": (
        u("cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID"),
        c(f"{HS}/ram:InvoiceReferencedDocument/ram:IssuerAssignedID"),
    ),
    "EXT-FR-FE-136": (
        ul("cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID"),
        c(f"{LI}/ram:SpecifiedLineTradeSettlement/ram:InvoiceReferencedDocument/ram:IssuerAssignedID"),
    ),
}
_WHAT = {
    "BT-1": ("Le numéro de facture (BT-1)", "The invoice number (BT-1)"),
    "BT-25": ("Le numéro de la facture antérieure (BT-25)", "The preceding invoice reference (BT-25)"),
    "EXT-FR-FE-136": (
        "Le numéro de facture antérieure d'une ligne (EXT-FR-FE-136)",
        "A line's preceding invoice reference (EXT-FR-FE-136)",
    ),
}


def _numbers(bt: str) -> Any:
    if bt == "BT-1":
        return lambda inv: [] if inv.number is None else [(None, inv.number)]
    if bt == "BT-25":
        return lambda inv: [(p, p.number) for p in inv.preceding_invoices if p.number is not None]
    return None


def _short(value: str) -> bool:
    return len(value) <= 35


def _register_numbers() -> None:
    for bt, (ubl, cii) in _NUMBERS.items():
        what_fr, what_en = _WHAT[bt]
        length_fr = f"{what_fr} dépasse 35 caractères : « {{value}} »."
        length_en = f"{what_en} is longer than 35 characters: '{{value}}'."
        format_fr = (
            f"{what_fr} ne peut contenir que des lettres, des chiffres et les signes + - _ /, sans espace : "
            "« {value} »."
        )
        format_en = f"{what_en} may only hold letters, digits and + - _ /, with no space: '{{value}}'."
        json = _numbers(bt)
        # UBL numbers its two BR-FR-01 asserts; CII has one BR-FR-01 (length) and one BR-FR-02 (format).
        each(f"BR-FR-01_{bt}-1", bt=[bt], fr=length_fr, en=length_en, ubl=ubl, test=_short)
        each(f"BR-FR-01_{bt}-2", bt=[bt], fr=format_fr, en=format_en, ubl=ubl, test=valid_id)
        each(f"BR-FR-01_{bt}", bt=[bt], fr=length_fr, en=length_en, cii=cii, test=_short, json=json)
        each(f"BR-FR-02_{bt}", bt=[bt], fr=format_fr, en=format_en, ubl=ubl, cii=cii, test=valid_id, json=json)


_register_numbers()

# --- BR-FR-04: document type codes -------------------------------------------------------------------------------

_TYPES = {
    "BT-3": (
        "/ubl:Invoice/cbc:InvoiceTypeCode | /cn:CreditNote/cbc:CreditNoteTypeCode",
        c("rsm:ExchangedDocument/ram:TypeCode"),
        "Le code de type de la facture (BT-3)",
        "The invoice type code (BT-3)",
    ),
    "EXT-FR-FE-02": (
        u("cac:BillingReference/cac:InvoiceDocumentReference/cbc:DocumentTypeCode"),
        c(f"{HS}/ram:InvoiceReferencedDocument/ram:TypeCode"),
        "Le type de la facture antérieure (EXT-FR-FE-02)",
        "The type of the preceding invoice (EXT-FR-FE-02)",
    ),
    "EXT-FR-FE-137": (
        ul("cac:BillingReference/cac:InvoiceDocumentReference/cbc:DocumentTypeCode"),
        c(f"{LI}/ram:SpecifiedLineTradeSettlement/ram:InvoiceReferencedDocument/ram:TypeCode"),
        "Le type de la facture antérieure d'une ligne (EXT-FR-FE-137)",
        "The type of a line's preceding invoice (EXT-FR-FE-137)",
    ),
}

for _bt, (_ubl, _cii, _fr, _en) in _TYPES.items():
    each(
        f"BR-FR-04_{_bt}",
        bt=[_bt],
        fr=f"{_fr} n'est pas un type admis par la réforme (380, 381, 384, 386, 389, 393 …) : « {{value}} ».",
        en=f"{_en} is not a type the reform allows (380, 381, 384, 386, 389, 393 …): '{{value}}'.",
        ubl=_ubl,
        cii=_cii,
        test=lambda v: v in DOCUMENT_TYPES,
        json=(lambda inv: [] if inv.type_code is None else [(None, inv.type_code)]) if _bt == "BT-3" else None,
    )

# --- BR-FR-09: a SIRET has 14 digits and starts with the party's SIREN --------------------------------------------

_SIREN_UBL = xp("cac:PartyLegalEntity/cbc:CompanyID[@schemeID='0002']")
_SIRET_UBL = xp("cac:PartyIdentification/cbc:ID[@schemeID='0009']")
_SIREN_CII = xp("ram:SpecifiedLegalOrganization/ram:ID[@schemeID='0002']")
_SIRET_CII = xp("ram:GlobalID[@schemeID='0009']")
_DELIVERY_SIRET = xp("cac:DeliveryLocation/cbc:ID[@schemeID='0009']")
_DELIVERY_SIREN = xp("cac:DeliveryParty/cac:PartyLegalEntity/cbc:CompanyID[@schemeID='0002']")


def coherent(siret: str, siren: str | None) -> bool:
    return bool(DIGITS_14.fullmatch(siret)) and siren is not None and siret[:9] == siren


def _siret_check(siret: list[Any], siren: list[Any], fallback: bool) -> bool:
    """``not($siret) or coherence($siret[1], $siren)``; some contexts fall back on the SIRET's first nine digits."""
    if not siret:
        return True
    number = sval(siret[0])
    if fallback:
        legal = sval(siren[0]) if siren else ""
        return coherent(number, legal if legal else number[:9])
    return coherent(number, sval(siren[0]) if siren else None)


def _party_ids(identifiers: Iterable[Identifier | None], scheme: str) -> list[str]:
    return [i.value for i in identifiers if i is not None and i.scheme_id == scheme]


def _legal(identifier: Identifier | None, scheme: str = "0002") -> list[str]:
    return [identifier.value] if identifier is not None and identifier.scheme_id == scheme else []


def _siret_json(party: str) -> Any:
    """The model's view of BR-FR-09 for the seller, buyer, payee and delivery place."""

    def holds(inv: Invoice) -> Iterator[Any]:
        if party == "BT-29" and inv.seller is not None:
            yield inv.seller, _party_ids(inv.seller.identifiers, "0009"), _legal(inv.seller.legal_registration), False
        elif party == "BT-46" and inv.buyer is not None:
            yield inv.buyer, _party_ids([inv.buyer.identifier], "0009"), _legal(inv.buyer.legal_registration), False
        elif party == "BT-60" and inv.payee is not None:
            yield inv.payee, _party_ids([inv.payee.identifier], "0009"), _legal(inv.payee.legal_registration), True
        elif party == "BT-71" and inv.delivery is not None:
            yield inv.delivery, _party_ids([inv.delivery.location], "0009"), [], True

    return holds


def _register_siret(party: str, ubl: str | None, cii: str, fallback: bool) -> None:
    contexts = {"ubl": xp(ubl) if ubl else None, "cii": xp(cii)}
    json = _siret_json(party) if party in ("BT-29", "BT-46", "BT-60", "BT-71") else None

    def check(ctx: Context) -> Iterator[Any]:
        if ctx.syntax == "json":
            for where, siret, siren, back in json(ctx.invoice) if json else ():
                if not _siret_check(siret, siren, back):
                    yield where, {"value": siret[0]}
            return
        path = contexts.get(ctx.syntax)
        if path is None or ctx.root is None:
            return
        for node in find(ctx.root, path):
            if ctx.syntax == "ubl" and party == "BT-71":
                siret, siren = find(node, _DELIVERY_SIRET), find(node, _DELIVERY_SIREN)
            elif ctx.syntax == "ubl":
                siret, siren = find(node, _SIRET_UBL), find(node, _SIREN_UBL)
            else:
                siret, siren = find(node, _SIRET_CII), find(node, _SIREN_CII)
            if not _siret_check(siret, siren, fallback):
                yield node, {"value": sval(siret[0])}

    fr_rule(
        f"BR-FR-09_{party}",
        bt=[party],
        fr="Le SIRET (schéma 0009) doit compter 14 chiffres et commencer par le SIREN (schéma 0002) de la même "
        "partie : « {value} ».",
        en="A SIRET (scheme 0009) must have 14 digits and start with the same party's SIREN (scheme 0002): '{value}'.",
        on=[name for name, wanted in (("ubl", True), ("cii", True), ("json", json)) if wanted],
    )(check)


for _party, (_ubl, _cii) in PARTIES.items():
    _register_siret(_party, _ubl, _cii, fallback=_party not in ("BT-29", "BT-46"))
_register_siret("BT-71", u("cac:Delivery"), c(f"{HD}/ram:ShipToTradeParty"), fallback=True)
# The UBL schematron looks for this SIRET at DeliveryLocation/DeliveryLocation below a line, where none can be:
# the rule never fires in UBL.
_register_siret("EXT-FR-FE-146", None, c(f"{LI}/ram:SpecifiedLineTradeDelivery/ram:ShipToTradeParty"), fallback=True)

# --- BR-FR-10, 11: the SIREN of the seller, and of the buyer in B2B --------------------------------------------

_ENTITY_SIREN = xp("cbc:CompanyID[@schemeID='0002']")
_SELLER_SIREN_CII = xp(c(f"{HA}/ram:SellerTradeParty/ram:SpecifiedLegalOrganization/ram:ID[@schemeID = '0002']"))
_BUYER_SIREN_UBL = xp(u("cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID[@schemeID='0002']"))
_BUYER_SIREN_CII = xp(c(f"{HA}/ram:BuyerTradeParty/ram:SpecifiedLegalOrganization/ram:ID[@schemeID = '0002']"))


def _is_siren(nodes: list[Any]) -> bool:
    return bool(nodes) and bool(DIGITS_9.fullmatch(norm(sval(nodes[0]))))


def _seller_siren_json(inv: Invoice) -> bool:
    return inv.seller is not None and _is_siren(_legal(inv.seller.legal_registration))


whole(
    "BR-FR-10_BT-30",
    bt=["BT-30"],
    fr="Le SIREN du vendeur (BT-30, schéma 0002) est obligatoire et compte 9 chiffres.",
    en="The seller's SIREN (BT-30, scheme 0002) is required and has 9 digits.",
    ubl=lambda entity: _is_siren(_ENTITY_SIREN(entity)),
    ubl_root=u("cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity"),
    cii=lambda root: _is_siren(_SELLER_SIREN_CII(root)),
    json=_seller_siren_json,
)


def _b2b(ctx: Context) -> bool:
    return "B2B" in bar_treatments(ctx)


def _buyer_siren(ctx: Context) -> Iterator[Any]:
    if not _b2b(ctx):
        return
    if ctx.syntax == "ubl":
        ok = _is_siren(_BUYER_SIREN_UBL(ctx.root))
    elif ctx.syntax == "cii":
        nodes = _BUYER_SIREN_CII(ctx.root)
        ok = bool(nodes) and bool(DIGITS_9.fullmatch(sval(nodes[0])))
    else:
        buyer = ctx.invoice.buyer
        legal = _legal(buyer.legal_registration) if buyer is not None else []
        ok = bool(legal) and bool(DIGITS_9.fullmatch(legal[0]))
    if not ok:
        yield None


fr_rule(
    "BR-FR-11_BT-47",
    bt=["BT-47"],
    fr="Une facture B2B (note BAR « B2B ») doit donner le SIREN de l'acheteur (BT-47, schéma 0002), 9 chiffres.",
    en="A B2B invoice (note BAR 'B2B') must give the buyer's SIREN (BT-47, scheme 0002), 9 digits.",
    on=("ubl", "cii", "json"),
)(_buyer_siren)

# --- BR-FR-12, 13: electronic addresses are required -------------------------------------------------------------

for _id, _party, _who_fr, _who_en in (
    ("BR-FR-12_BT-49", "BT-46", "de l'acheteur (BT-49)", "buyer's electronic address (BT-49)"),
    ("BR-FR-13_BT-34", "BT-29", "du vendeur (BT-34)", "seller's electronic address (BT-34)"),
):
    _ubl_path, _cii_path = xp(endpoint(_party, "ubl")), xp(endpoint(_party, "cii"))

    def _required(ctx: Context, ubl: etree.XPath = _ubl_path, cii: etree.XPath = _cii_path, p: str = _party) -> Any:
        if ctx.syntax == "ubl":
            nodes = ubl(ctx.root)
            present = bool(nodes) and norm(sval(nodes[0])) != ""
        elif ctx.syntax == "cii":
            nodes = cii(ctx.root)
            present = bool(nodes) and sval(nodes[0]) != ""
        else:
            party = ctx.invoice.seller if p == "BT-29" else ctx.invoice.buyer
            present = (
                party is not None and party.electronic_address is not None and party.electronic_address.value != ""
            )
        return [] if present else [None]

    fr_rule(
        _id,
        bt=[_id.rsplit("_", 1)[1]],
        fr=f"L'adresse électronique {_who_fr} est obligatoire.",
        en=f"The {_who_en} is required.",
        on=("ubl", "cii", "json"),
    )(_required)

# --- BR-FR-21, 22: B2B addressing by SIREN (scheme 0225) ----------------------------------------------------------

_ROUTING = {
    "BR-FR-21_BT-49": ("BT-46", False, "de l'acheteur (BT-49)", "buyer's electronic address (BT-49)", "BT-47"),
    "BR-FR-22_BT-34": ("BT-29", True, "du vendeur (BT-34)", "seller's electronic address (BT-34)", "BT-30"),
}


def _routing(rule_id: str) -> Any:
    party, self_billed, _, _, _ = _ROUTING[rule_id]
    ubl_party = xp(PARTIES[party][0])
    cii_party = xp(PARTIES[party][1])
    ubl_siren = xp("cac:PartyLegalEntity/cbc:CompanyID[@schemeID='0002']")
    cii_siren = xp("ram:SpecifiedLegalOrganization/ram:ID")
    ubl_endpoint = xp("cbc:EndpointID")
    cii_endpoint = xp("ram:URIUniversalCommunication/ram:URIID")

    def check(ctx: Context) -> Iterator[Any]:
        if not _b2b(ctx) or any(t in SELF_BILLED for t in type_codes(ctx)) != self_billed:
            return
        if ctx.syntax == "json":
            who = ctx.invoice.seller if party == "BT-29" else ctx.invoice.buyer
            address = who.electronic_address if who is not None else None
            siren = who.legal_registration.value if who is not None and who.legal_registration else ""
            value, scheme = (address.value, address.scheme_id) if address is not None else ("", None)
        else:
            node = first(ctx.root, ubl_party if ctx.syntax == "ubl" else cii_party)
            siren_nodes = find(node, ubl_siren if ctx.syntax == "ubl" else cii_siren) if node is not None else []
            found = first(node, ubl_endpoint if ctx.syntax == "ubl" else cii_endpoint) if node is not None else None
            siren = sval(siren_nodes[0]) if siren_nodes else ""
            value, scheme = (sval(found), found.get("schemeID")) if found is not None else ("", None)
        if not (value.startswith(siren) and scheme == "0225"):
            yield None, {"value": value}

    return check


for _rule_id, (_party, _self, _who_fr, _who_en, _siren_bt) in _ROUTING.items():
    _case_fr = "une autofacture" if _self else "une facture qui n'est pas une autofacture"
    _case_en = "a self-billed invoice" if _self else "an invoice that is not self-billed"
    fr_rule(
        _rule_id,
        bt=[_rule_id.rsplit("_", 1)[1], _siren_bt, "BT-3"],
        fr=f"Pour {_case_fr} B2B (note BAR « B2B »), l'adresse électronique {_who_fr} doit commencer par le SIREN "
        f"({_siren_bt}) et avoir le schéma 0225 : « {{value}} ».",
        en=f"For {_case_en} in B2B (note BAR 'B2B'), the {_who_en} must start with the SIREN ({_siren_bt}) and "
        "use scheme 0225: '{value}'.",
        on=("ubl", "cii", "json"),
    )(_routing(_rule_id))

# --- BR-FR-23 … 26: format and length of addresses (scheme 0225) and private identifiers (scheme 0224) ----------


def _addresses(party: str) -> Any:
    def get(inv: Invoice) -> list[tuple[Any, str]]:
        who = inv.seller if party == "BT-29" else inv.buyer if party == "BT-46" else None
        address = who.electronic_address if who is not None else None
        return [(who, address)] if address is not None else []

    return get if party in ("BT-29", "BT-46") else None


for _bt, _party in ENDPOINTS.items():
    _get = _addresses(_party)
    each(
        f"BR-FR-23_{_bt}",
        bt=[_bt],
        fr=f"Une adresse électronique au schéma 0225 ({_bt}) ne peut contenir que des lettres, des chiffres et "
        "les signes + - _ . : « {value} ».",
        en=f"An electronic address with scheme 0225 ({_bt}) may only hold letters, digits and + - _ .: '{{value}}'.",
        ubl=endpoint(_party, "ubl", "[@schemeID='0225']"),
        cii=endpoint(_party, "cii", "[@schemeID='0225']"),
        test=valid_scheme_value,
        json=(lambda inv, g=_get: [(w, a.value) for w, a in g(inv) if a.scheme_id == "0225"]) if _get else None,
    )
    each(
        f"BR-FR-25_{_bt}",
        bt=[_bt],
        fr=f"L'adresse électronique ({_bt}) dépasse 125 caractères.",
        en=f"The electronic address ({_bt}) is longer than 125 characters.",
        ubl=endpoint(_party, "ubl"),
        cii=endpoint(_party, "cii"),
        test=lambda v: len(v) <= 125,
        json=(lambda inv, g=_get: [(w, a.value) for w, a in g(inv)]) if _get else None,
    )


def _private_ids(party: str) -> Any:
    def get(inv: Invoice) -> list[tuple[Any, str]]:
        if party == "BT-29":
            ids = inv.seller.identifiers if inv.seller is not None else []
            return [(inv.seller, i.value) for i in ids if i.scheme_id == "0224"]
        identifier = inv.buyer.identifier if inv.buyer is not None else None
        return [(inv.buyer, identifier.value)] if identifier is not None and identifier.scheme_id == "0224" else []

    return get


for _bt in ("BT-29", "BT-46"):
    _ubl_party, _cii_party = PARTIES[_bt]
    _ubl_id = " | ".join(f"{p}/cac:PartyIdentification/cbc:ID[@schemeID='0224']" for p in _ubl_party.split(" | "))
    _cii_id = f"{_cii_party}/ram:GlobalID[@schemeID='0224']"
    each(
        f"BR-FR-24_{_bt}",
        bt=[_bt],
        fr=f"Un identifiant privé au schéma 0224 ({_bt}) ne peut contenir que des lettres, des chiffres et les "
        "signes + - _ . : « {value} ».",
        en=f"A private identifier with scheme 0224 ({_bt}) may only hold letters, digits and + - _ .: '{{value}}'.",
        ubl=_ubl_id,
        cii=_cii_id,
        test=valid_scheme_value,
        json=_private_ids(_bt),
    )
    each(
        f"BR-FR-26_{_bt}",
        bt=[_bt],
        fr=f"L'identifiant privé au schéma 0224 ({_bt}) dépasse 100 caractères.",
        en=f"The private identifier with scheme 0224 ({_bt}) is longer than 100 characters.",
        ubl=_ubl_id,
        cii=_cii_id,
        test=lambda v: len(v) <= 100,
        json=_private_ids(_bt),
    )

# --- BR-FR-32: every SIREN (scheme 0002, 0231) has 9 digits --------------------------------------------------------


def _legal_ids(inv: Invoice) -> list[tuple[Any, str]]:
    parties = [inv.seller, inv.buyer, inv.payee]
    return [(p, p.legal_registration.value) for p in parties if p is not None and _legal(p.legal_registration)]


def _global_ids(inv: Invoice) -> list[tuple[Any, str]]:
    found: list[tuple[Any, Identifier | None]] = []
    if inv.seller is not None:
        found += [(inv.seller, i) for i in inv.seller.identifiers]
    if inv.buyer is not None:
        found.append((inv.buyer, inv.buyer.identifier))
    if inv.payee is not None:
        found.append((inv.payee, inv.payee.identifier))
    if inv.delivery is not None:
        found.append((inv.delivery, inv.delivery.location))
    found += [(line, line.item.standard_id) for line in inv.lines if line.item is not None]
    return [(w, i.value) for w, i in found if i is not None and i.scheme_id in ("0002", "0231")]


def _nine_digits(value: str) -> bool:
    return bool(DIGITS_9.fullmatch(norm(value)))


each(
    "BR-FR-32-LEGALID",
    bt=["BT-30", "BT-47", "BT-61"],
    fr="Un identifiant légal au schéma 0002 (SIREN) doit compter 9 chiffres : « {value} ».",
    en="A legal identifier with scheme 0002 (SIREN) must have 9 digits: '{value}'.",
    ubl="//cac:PartyLegalEntity/cbc:CompanyID[@schemeID = '0002']",
    cii="//ram:SpecifiedLegalOrganization/ram:ID[@schemeID = '0002']",
    test=_nine_digits,
    json=_legal_ids,
)
each(
    "BR-FR-32-ID",
    bt=["BT-29", "BT-46", "BT-60"],
    fr="Un identifiant de partie au schéma 0002 ou 0231 doit compter 9 chiffres : « {value} ».",
    en="A party identifier with scheme 0002 or 0231 must have 9 digits: '{value}'.",
    ubl="//cac:PartyIdentification/cbc:ID[@schemeID = '0002' or @schemeID = '0231']",
    test=_nine_digits,
)
each(
    "BR-FR-32-GLOBALID",
    bt=["BT-29", "BT-46", "BT-60", "BT-71", "BT-157"],
    fr="Un identifiant global au schéma 0002 ou 0231 doit compter 9 chiffres : « {value} ».",
    en="A global identifier with scheme 0002 or 0231 must have 9 digits: '{value}'.",
    cii="//ram:GlobalID[@schemeID = '0002' or @schemeID='0231']",
    test=_nine_digits,
    json=_global_ids,
)

# --- BR-FR-CO-10: every identifier of a party has a scheme, and each scheme at most once ------------------------

_SCHEMED = {
    "BT-29": ("//cac:AccountingSupplierParty/cac:Party", c(f"{HA}/ram:SellerTradeParty")),
    "BT-46": ("//cac:AccountingCustomerParty/cac:Party", c(f"{HA}/ram:BuyerTradeParty")),
    "BT-60": ("//cac:PayeeParty", c(f"{HS}/ram:PayeeTradeParty")),
    "EXT-FR-FE-06": ("//cac:AccountingCustomerParty/cac:Party/cac:AgentParty", c(f"{HA}/ram:BuyerAgentTradeParty")),
    "EXT-FR-FE-46": ("//cac:PaymentMeans/cac:PaymentMandate/cac:PayerParty", c(f"{HS}/ram:PayerTradeParty")),
    "EXT-FR-FE-69": ("//cac:AccountingSupplierParty/cac:Party/cac:AgentParty", c(f"{HA}/ram:SalesAgentTradeParty")),
    "EXT-FR-FE-92": (
        "//cac:AccountingCustomerParty/cac:Party/cac:ServiceProviderParty/cac:Party",
        c(f"{HS}/ram:InvoiceeTradeParty"),
    ),
    "EXT-FR-FE-115": (
        "//cac:AccountingSupplierParty/cac:Party/cac:ServiceProviderParty/cac:Party",
        c(f"{HS}/ram:InvoicerTradeParty"),
    ),
    "BT-71": (u("cac:Delivery/cac:DeliveryLocation"), c(f"{HD}/ram:ShipToTradeParty")),
    "EXT-FR-FE-146": (
        ul("cac:Delivery/cac:DeliveryLocation"),
        c(f"{LI}/ram:SpecifiedLineTradeDelivery/ram:ShipToTradeParty"),
    ),
}
_PARTY_IDS = xp("cac:PartyIdentification/cbc:ID")
_LOCATION_IDS = xp("cbc:ID")
_GLOBAL_IDS = xp("ram:GlobalID")


def _ids_of(node: etree._Element, bt: str) -> list[etree._Element]:
    if node.tag.startswith("{urn:un:unece:"):
        return _GLOBAL_IDS(node)
    return _LOCATION_IDS(node) if bt in ("BT-71", "EXT-FR-FE-146") else _PARTY_IDS(node)


def _schemes_unique(schemes: list[str]) -> bool:
    return len(set(schemes)) == len(schemes)


for _bt, (_ubl, _cii) in _SCHEMED.items():
    _json_schemes = (
        (lambda inv: [(inv.seller, inv.seller)] if inv.seller is not None else []) if _bt == "BT-29" else None
    )

    each(
        f"BR-FR-CO-10_{_bt}-1",
        bt=[_bt],
        fr=f"Chaque identifiant ({_bt}) doit indiquer son schéma d'identification.",
        en=f"Every identifier ({_bt}) must state its identification scheme.",
        ubl=_ubl,
        cii=_cii,
        value=lambda node: node,
        test=lambda node, b=_bt: all(e.get("schemeID") is not None for e in _ids_of(node, b)),
    )
    each(
        f"BR-FR-CO-10_{_bt}-2",
        bt=[_bt],
        fr=f"Un même schéma d'identification ne peut servir qu'une fois parmi les identifiants ({_bt}).",
        en=f"A scheme may be used only once among the identifiers ({_bt}).",
        ubl=_ubl,
        cii=_cii,
        value=lambda node: node,
        test=lambda node, b=_bt: _schemes_unique(
            [e.get("schemeID") for e in _ids_of(node, b) if e.get("schemeID") is not None]
        ),
        json=_json_schemes,
        json_test=lambda seller: _schemes_unique([i.scheme_id for i in seller.identifiers if i.scheme_id is not None]),
    )
