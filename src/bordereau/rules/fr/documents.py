"""Attached documents and object references: attachment codes (BR-FR-17, 18), item attributes (BR-FR-27, 28) and
invoiced objects with schemes AFL and AVV (BR-FR-29, 30)."""

from __future__ import annotations

from typing import Any

from ...model import Invoice
from .common import ATTACHMENT_CODES, model, never, nodes, norm, register, sval, whole, xp
from .paths import HA, LI, c, u, ul

# --- BR-FR-17, 18: the description of an attachment is a code of the reform; one legible copy at most -------------

_DESCRIPTION = xp("cbc:DocumentDescription")
_NAME = xp("ram:Name")


def _attachment_code_ubl(reference: Any) -> bool:
    found = _DESCRIPTION(reference)
    return not found or sval(found[0]) in ATTACHMENT_CODES


def _attachment_code_cii(reference: Any) -> bool:
    code = norm(sval(_NAME(reference)[0])) if _NAME(reference) else ""
    return code == "" or code in ATTACHMENT_CODES


def _descriptions(inv: Invoice) -> list[tuple[Any, str]]:
    return [(d, norm(d.description)) for d in inv.supporting_documents]


register(
    "BR-FR-17_BT-123",
    bt=["BT-123"],
    fr="La description d'un document joint (BT-123) doit être un code de la réforme : RIB, LISIBLE, "
    "FEUILLE_DE_STYLE, PJA, BORDEREAU_SUIVI, DOCUMENT_ANNEXE, BON_LIVRAISON, BON_COMMANDE, "
    "BORDEREAU_SUIVI_VALIDATION, ETAT_ACOMPTE, FACTURE_PAIEMENT_DIRECT ou RECAPITULATIF_COTRAITANCE.",
    en="The description of an attached document (BT-123) must be one of the reform's codes: RIB, LISIBLE, "
    "FEUILLE_DE_STYLE, PJA, BORDEREAU_SUIVI, DOCUMENT_ANNEXE, BON_LIVRAISON, BON_COMMANDE, "
    "BORDEREAU_SUIVI_VALIDATION, ETAT_ACOMPTE, FACTURE_PAIEMENT_DIRECT or RECAPITULATIF_COTRAITANCE.",
    ubl=nodes("//cac:AdditionalDocumentReference", _attachment_code_ubl, lambda node: node),
    cii=nodes(c(f"{HA}/ram:AdditionalReferencedDocument[ram:TypeCode = '916']"), _attachment_code_cii, lambda n: n),
    json=model(_descriptions, lambda code: code == "" or code in ATTACHMENT_CODES),
)

_LEGIBLE_UBL = xp("cac:AdditionalDocumentReference[cbc:DocumentDescription = 'LISIBLE']")
_LEGIBLE_CII = xp(f"{HA}/ram:AdditionalReferencedDocument[ram:Name = 'LISIBLE']")
whole(
    "BR-FR-18_BT-123",
    bt=["BT-123"],
    fr="Un seul document joint peut être la copie lisible de la facture (BT-123 « LISIBLE »).",
    en="Only one attached document may be the legible copy of the invoice (BT-123 'LISIBLE').",
    ubl=lambda root: len(_LEGIBLE_UBL(root)) <= 1,
    cii=lambda root: len(_LEGIBLE_CII(root)) <= 1,
    json=lambda inv: sum(1 for d in inv.supporting_documents if d.description == "LISIBLE") <= 1,
)

# --- BR-FR-27, 28: item attributes have a name or a code, and one value -------------------------------------------
# The UBL schematron places these contexts at cac:Item directly below the document, where no item is: in UBL
# only BR-FR-28 can fire.

_CHARACTERISTIC = c(f"{LI}/ram:SpecifiedTradeProduct/ram:ApplicableProductCharacteristic")
_NAME_OR_CODE = xp("ram:Description | ram:TypeCode")


def _attributes(inv: Invoice) -> list[tuple[Any, Any]]:
    return [(a, a) for line in inv.lines if line.item is not None for a in line.item.attributes]


register(
    "BR-FR-27_BG-32",
    bt=["BG-32", "BT-160"],
    fr="Un attribut d'article (BG-32) doit avoir un nom (BT-160) ou un code.",
    en="An item attribute (BG-32) must have a name (BT-160) or a code.",
    ubl=never,
    cii=nodes(_CHARACTERISTIC, lambda node: bool(_NAME_OR_CODE(node)), lambda node: node),
    json=model(_attributes, lambda attribute: attribute.name is not None),
)
register(
    "BR-FR-27_BT-160",
    bt=["BT-160"],
    fr="Le nom d'un attribut d'article (BT-160) ne peut être vide.",
    en="An item attribute name (BT-160) may not be empty.",
    ubl=never,
    cii=nodes(f"{_CHARACTERISTIC}/ram:Description", lambda v: norm(v) != ""),
    json=model(lambda inv: [(a, a.name) for a, _ in _attributes(inv) if a.name is not None], lambda v: norm(v) != ""),
)
register(
    "BR-FR-27_EXT-FR-FE-159",
    bt=["BT-160"],
    fr="Le code d'un attribut d'article (EXT-FR-FE-159) ne peut être vide.",
    en="An item attribute code (EXT-FR-FE-159) may not be empty.",
    ubl=never,
    cii=nodes(f"{_CHARACTERISTIC}/ram:TypeCode", lambda v: norm(v) != ""),
)

_UBL_VALUE, _UBL_MEASURE = xp("cbc:Value"), xp("cbc:ValueQuantity")
_CII_VALUE, _CII_MEASURE = xp("ram:Value"), xp("ram:ValueMeasure")


def _one_value(value: Any, measure: Any) -> Any:
    """Either a value, or a measured value with its unit, never both."""

    def test(node: Any) -> bool:
        has_value = bool(value(node))
        measured = [m for m in measure(node) if m.get("unitCode") not in (None, "")]
        return (has_value and not measure(node)) or (not has_value and bool(measured))

    return test


register(
    "BR-FR-28-Value",
    bt=["BT-161"],
    fr="Un attribut d'article (BG-32) porte soit une valeur (BT-161), soit une mesure avec son unité, pas les deux.",
    en="An item attribute (BG-32) carries either a value (BT-161) or a measure with its unit, not both.",
    ubl=nodes(ul("cac:Item/cac:AdditionalItemProperty"), _one_value(_UBL_VALUE, _UBL_MEASURE), lambda n: n),
    cii=nodes(_CHARACTERISTIC, _one_value(_CII_VALUE, _CII_MEASURE), lambda node: node),
    json=model(_attributes, lambda attribute: attribute.value is not None),
)

# --- BR-FR-29, 30: invoiced objects with schemes AFL and AVV: one of each at most, never empty ----------------------

_AFL_UBL, _AVV_UBL = xp("cbc:ID[@schemeID='AFL']"), xp("cbc:ID[@schemeID='AVV']")
_AFL_CII = xp("ram:AdditionalReferencedDocument[ram:ReferenceTypeCode='AFL']")
_AVV_CII = xp("ram:AdditionalReferencedDocument[ram:ReferenceTypeCode='AVV']")


def _at_most_one(afl: Any, avv: Any) -> Any:
    return lambda node: len(afl(node)) <= 1 and len(avv(node)) <= 1


def _object(inv: Invoice, scheme: str) -> list[tuple[Any, str]]:
    found = inv.invoiced_object
    return [(None, found.value)] if found is not None and found.scheme_id == scheme else []


register(
    "BR-FR-29_BT-18",
    bt=["BT-18"],
    fr="Parmi les objets facturés (BT-18), les schémas AFL et AVV ne peuvent servir qu'une fois chacun.",
    en="Among the invoiced objects (BT-18), the schemes AFL and AVV may each be used once at most.",
    ubl=nodes(u("cac:AdditionalDocumentReference"), _at_most_one(_AFL_UBL, _AVV_UBL), lambda node: node),
    cii=nodes(c(HA), _at_most_one(_AFL_CII, _AVV_CII), lambda node: node),
)
# In CII the line rule looks for the references directly below the line item (where EN 16931 puts none, they sit
# in the line settlement): the CII asserts of BR-FR-30 only fire on documents that put them there.
register(
    "BR-FR-30_BT-128",
    bt=["BT-128"],
    fr="Parmi les objets facturés d'une ligne (BT-128), les schémas AFL et AVV ne peuvent servir qu'une fois chacun.",
    en="Among a line's invoiced objects (BT-128), the schemes AFL and AVV may each be used once at most.",
    ubl=nodes(ul("cac:DocumentReference"), _at_most_one(_AFL_UBL, _AVV_UBL), lambda node: node),
    cii=nodes(c(LI), _at_most_one(_AFL_CII, _AVV_CII), lambda node: node),
)

for _scheme in ("AFL", "AVV"):
    register(
        f"BR-FR-29_{_scheme}",
        bt=["BT-18"],
        fr=f"L'objet facturé au schéma {_scheme} (BT-18) ne peut être vide.",
        en=f"The invoiced object with scheme {_scheme} (BT-18) may not be empty.",
        ubl=nodes(u(f"cac:AdditionalDocumentReference/cbc:ID[@schemeID='{_scheme}']"), lambda v: norm(v) != ""),
        cii=nodes(
            c(f"{HA}/ram:AdditionalReferencedDocument[ram:ReferenceTypeCode='{_scheme}']/ram:IssuerAssignedID"),
            lambda v: norm(v) != "",
        ),
        json=model(lambda inv, s=_scheme: _object(inv, s), lambda v: norm(v) != ""),
    )
    register(
        f"BR-FR-30_{_scheme}",
        bt=["BT-128"],
        fr=f"L'objet facturé d'une ligne au schéma {_scheme} (BT-128) ne peut être vide.",
        en=f"A line's invoiced object with scheme {_scheme} (BT-128) may not be empty.",
        ubl=nodes(ul(f"cac:DocumentReference/cbc:ID[@schemeID='{_scheme}']"), lambda v: norm(v) != ""),
        cii=nodes(
            c(f"{LI}/ram:AdditionalReferencedDocument[ram:ReferenceTypeCode='{_scheme}']/ram:IssuerAssignedID"),
            lambda v: norm(v) != "",
        ),
    )
