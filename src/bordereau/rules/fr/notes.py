"""Notes and the billing mode: mandatory legal mentions (BR-FR-05, 06), the kind of exchange declared with the
subject code BAR (BR-FR-20, 30/31), BT-23 (BR-FR-08) and members of a single VAT entity (BR-FR-CO-14, 15).

UBL has no subject code element: the reform writes it at the start of the note, ``#PMT#Indemnité …``, and the
UBL schematron searches the notes joined by ``#``; CII has ``ram:SubjectCode``.
"""

from __future__ import annotations

from typing import Any

from ...model import Invoice
from .common import (
    BAR_TREATMENTS,
    BILLING_MODES,
    UBL_ROOT,
    after_marker,
    model,
    nodes,
    norm,
    register,
    sval,
    ubl_notes,
    whole,
    xp,
)
from .paths import HA, c

_MENTIONS = {
    "PMT": ("l'indemnité forfaitaire pour frais de recouvrement", "the fixed recovery fee"),
    "PMD": ("les pénalités de retard", "the late payment penalties"),
    "AAB": ("l'escompte ou son absence", "the early payment discount, or that there is none"),
    "TXD": ("une mention fiscale", "a tax mention"),
}
_CII_CODES = xp("ram:IncludedNote/ram:SubjectCode")


def _subject_count(inv: Invoice, code: str) -> int:
    return sum(1 for n in inv.notes if n.subject_code == code)


def _cii_count(document: Any, code: str) -> int:
    return sum(1 for e in _CII_CODES(document) if sval(e) == code)


for _number, (_code, (_fr, _en)) in enumerate(_MENTIONS.items(), start=1):
    if _code != "TXD":
        # UBL numbers the asserts (-1, -2, -3), CII names them after the subject code.
        for _id, _kwargs in (
            (f"BR-FR-05_BT-22-{_number}", {"ubl": lambda root, code=_code: f"#{code}#" in ubl_notes(root)}),
            (
                f"BR-FR-05_BT-22_{_code}",
                {
                    "cii": lambda document, code=_code: _cii_count(document, code) > 0,
                    "cii_root": c("rsm:ExchangedDocument"),
                    "json": lambda inv, code=_code: _subject_count(inv, code) > 0,
                },
            ),
        ):
            whole(
                _id,
                bt=["BT-21", "BT-22"],
                fr=f"Une note au code sujet {_code} (BT-21) doit indiquer {_fr}.",
                en=f"A note with subject code {_code} (BT-21) must state {_en}.",
                **_kwargs,
            )
    for _id, _kwargs in (
        (f"BR-FR-06_BT-21-{_number}", {"ubl": lambda root, code=_code: ubl_notes(root).count(f"#{code}#") <= 1}),
        (
            f"BR-FR-06_BT-21_{_code}",
            {
                "cii": lambda document, code=_code: _cii_count(document, code) <= 1,
                "cii_root": c("rsm:ExchangedDocument"),
                "json": lambda inv, code=_code: _subject_count(inv, code) <= 1,
            },
        ),
    ):
        whole(
            _id,
            bt=["BT-21"],
            fr=f"Le code sujet {_code} (BT-21) ne peut apparaître que dans une seule note ({_fr}).",
            en=f"The subject code {_code} (BT-21) may appear in one note only ({_en}).",
            **_kwargs,
        )

# --- BR-FR-08: BT-23 is one of the reform's billing modes ---------------------------------------------------------

_UBL_PROFILE = xp("cbc:ProfileID")
_CII_PROFILE = xp("ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID")


def _one_mode(found: list[Any]) -> bool:
    return bool(found) and sval(found[0]) in BILLING_MODES


whole(
    "BR-FR-08_BT-23",
    bt=["BT-23"],
    fr="Le cadre de facturation (BT-23) doit être l'un des modes de la réforme : B1, S1, M1, B2, S2, M2, S3, B4, "
    "S4, M4, S5, S6, B7, S7, B8, S8, M8, B9, S9 ou M9.",
    en="The business process type (BT-23) must be one of the reform's billing modes: B1, S1, M1, B2, S2, M2, S3, "
    "B4, S4, M4, S5, S6, B7, S7, B8, S8, M8, B9, S9 or M9.",
    ubl=lambda root: _one_mode(_UBL_PROFILE(root)),
    cii=lambda context: _one_mode(_CII_PROFILE(context)),
    cii_root=c("rsm:ExchangedDocumentContext"),
    json=lambda inv: inv.process.business_process_type in BILLING_MODES,
)

# --- BR-FR-20, 30/31: the kind of exchange (subject code BAR) -----------------------------------------------------

_BAR_CONTENT = xp("ram:Content")
_BAR_FR = "Une note au code sujet BAR (BT-21) doit valoir B2B, B2BINT, B2C, B2CINT, OUTOFSCOPE ou ARCHIVEONLY."
_BAR_EN = "A note with subject code BAR (BT-21) must say B2B, B2BINT, B2C, B2CINT, OUTOFSCOPE or ARCHIVEONLY."


def _bar_notes(inv: Invoice) -> list[tuple[Any, str]]:
    return [(n, n.text or "") for n in inv.notes if n.subject_code == "BAR"]


def _bar_ubl(root: Any) -> bool:
    treatment = after_marker(ubl_notes(root), "#BAR#")
    return treatment == "" or treatment in BAR_TREATMENTS


def _bar_cii(note: Any) -> bool:
    contents = _BAR_CONTENT(note)
    return bool(contents) and sval(contents[0]) in BAR_TREATMENTS


register(
    "BR-FR-20_BT-21",
    bt=["BT-21", "BT-22"],
    fr=_BAR_FR,
    en=_BAR_EN,
    ubl=nodes(UBL_ROOT, _bar_ubl, value=lambda node: node),
    cii=nodes(c("rsm:ExchangedDocument/ram:IncludedNote[ram:SubjectCode = 'BAR']"), _bar_cii, lambda node: node),
    json=model(_bar_notes, lambda content: content in BAR_TREATMENTS),
)

_BAR_NOTES = xp("cbc:Note[contains(., '#BAR#')]")


def _single_bar_ubl(root: Any) -> bool:
    joined = "".join(sval(e) for e in _BAR_NOTES(root)) + "#"
    return sum(joined.count(f"BAR#{value}#") for value in BAR_TREATMENTS) <= 1


_CII_BAR_NOTES = xp("ram:IncludedNote[ram:SubjectCode = 'BAR']")


def _single_bar_cii(document: Any) -> bool:
    contents = [norm(sval(_BAR_CONTENT(note)[0])) if _BAR_CONTENT(note) else "" for note in _CII_BAR_NOTES(document)]
    return sum(1 for value in contents if value in BAR_TREATMENTS) <= 1


_SINGLE_FR = "Une seule note au code sujet BAR (BT-21) peut déclarer le type d'échange (B2B, B2C, …)."
_SINGLE_EN = "Only one note with subject code BAR (BT-21) may declare the kind of exchange (B2B, B2C, …)."
# The UBL schematron names this assert BR-FR-30_BT-21, the CII one BR-FR-31_BT-21.
whole("BR-FR-30_BT-21", bt=["BT-21", "BT-22"], fr=_SINGLE_FR, en=_SINGLE_EN, ubl=_single_bar_ubl)
whole(
    "BR-FR-31_BT-21",
    bt=["BT-21", "BT-22"],
    fr=_SINGLE_FR,
    en=_SINGLE_EN,
    cii=_single_bar_cii,
    cii_root=c("rsm:ExchangedDocument"),
    json=lambda inv: sum(1 for _, content in _bar_notes(inv) if norm(content) in BAR_TREATMENTS) <= 1,
)

# --- BR-FR-CO-14, 15: a member of a single VAT entity (seller identifier scheme 0231) -----------------------------

_AU_UBL = xp("cac:AccountingSupplierParty/cac:Party/cac:PartyIdentification/cbc:ID[@schemeID = '0231']")
_AU_CII = xp(f"{HA}/ram:SellerTradeParty/ram:GlobalID[@schemeID = '0231']")
_TXD_CII = xp(
    "rsm:ExchangedDocument/ram:IncludedNote[ram:SubjectCode = 'TXD' and ram:Content = 'MEMBRE_ASSUJETTI_UNIQUE']"
)
_REP_UBL = xp("cac:TaxRepresentativeParty/cac:PartyTaxScheme")
_REP_VAT_UBL = xp("cbc:CompanyID")
_REP_CII = xp(f"{HA}/ram:SellerTaxRepresentativeTradeParty")
_REP_VAT_CII = xp("ram:SpecifiedTaxRegistration/ram:ID[@schemeID = 'VA']")
_MEMBER = "MEMBRE_ASSUJETTI_UNIQUE"


def _member(inv: Invoice) -> bool:
    return inv.seller is not None and any(i.scheme_id == "0231" for i in inv.seller.identifiers)


def _vat_of(nodes_found: list[Any], path: Any) -> str:
    values = [e for n in nodes_found for e in path(n)]
    return sval(values[0]) if values else ""


whole(
    "BR-FR-CO-14_BT-29-1",
    bt=["BT-29-1", "BT-21", "BT-22"],
    fr="Un vendeur membre d'un assujetti unique (identifiant au schéma 0231) doit porter une note TXD "
    "« MEMBRE_ASSUJETTI_UNIQUE ».",
    en="A seller that is a member of a single VAT entity (identifier with scheme 0231) must carry a note TXD "
    "'MEMBRE_ASSUJETTI_UNIQUE'.",
    ubl=lambda root: not _AU_UBL(root) or after_marker(ubl_notes(root), "#TXD#") == _MEMBER,
    cii=lambda root: not _AU_CII(root) or bool(_TXD_CII(root)),
    json=lambda inv: not _member(inv) or any(n.subject_code == "TXD" and n.text == _MEMBER for n in inv.notes),
)
whole(
    "BR-FR-CO-15_BT-29-1",
    bt=["BT-29-1", "BT-63"],
    fr="Un vendeur membre d'un assujetti unique (schéma 0231) doit indiquer un représentant fiscal (BG-11) avec le "
    "numéro de TVA de l'assujetti unique (BT-63).",
    en="A seller that is a member of a single VAT entity (scheme 0231) must name a tax representative (BG-11) with "
    "the VAT number of the single VAT entity (BT-63).",
    ubl=lambda root: not _AU_UBL(root) or (bool(_REP_UBL(root)) and _vat_of(_REP_UBL(root), _REP_VAT_UBL) != ""),
    cii=lambda root: not _AU_CII(root) or (bool(_REP_CII(root)) and _vat_of(_REP_CII(root), _REP_VAT_CII) != ""),
    json=lambda inv: not _member(inv) or (inv.tax_representative is not None and bool(inv.tax_representative.vat_id)),
)
