"""Integration of deposited flows: every reason the platform rejects an invoice, and the flow states."""

from __future__ import annotations

import base64
import io
import json
import zipfile
from typing import Any

import pytest

from bordereau import read

from .conftest import MINISTRY_SIRET, MULTI, SUPPLIER, Running, invoice, unique

TRANSITION = "11000121100173"  # service code required
TEACHING = "11000232600210"  # engagement required
MARITIME = "11000343100381"  # both required
CULTURE = "11000454600153"  # engagement or service
INACTIVE = "21010456800212"  # structure no longer active
SUPPLIER_ELSEWHERE = "41265487300352"  # a supplier the depositing user is not attached to
NOWHERE = "11009999100124"  # a valid SIRET that is not in the directory


def errors(shared: Running, document: bytes, **kwargs: Any) -> tuple[str, list[str], list[str]]:
    report = shared.report(shared.deposit(document, **kwargs), kwargs.get("user", SUPPLIER))
    return (
        report["etatCourantDepotFlux"],
        [e["libelleErreurDP"] for e in report["listeErreurDP"]],
        [e["codeErreur"] for e in report["listeErreurTechnique"]],
    )


@pytest.mark.parametrize(
    ("buyer", "service", "engagement", "expected"),
    [
        (NOWHERE, "keep", "keep", "n'existe pas dans l'annuaire"),
        (INACTIVE, None, None, "n'est pas actif"),
        (MINISTRY_SIRET, "SERV-INCONNU", "keep", "Le service SERV-INCONNU n'existe pas"),
        (MINISTRY_SIRET, "SERV-COM-ARCHIVE", "keep", "n'est pas actif"),
        (MINISTRY_SIRET, "SERV-DSI-01", None, "obligatoire pour le service SERV-DSI-01"),
        (TRANSITION, None, "keep", "code service est obligatoire"),
        (TEACHING, None, None, "numéro d'engagement est obligatoire"),
        (MARITIME, "MAM-FLOTTE", None, "numéro d'engagement est obligatoire"),
        (MARITIME, None, "EJ-1", "code service est obligatoire"),
        (CULTURE, None, None, "numéro d'engagement ou le code service"),
        (MINISTRY_SIRET, "FACTURES_PUBLIQUES", "keep", "FACTURES_PUBLIQUES"),
        (MINISTRY_SIRET, "SERV-ACHATS", "E" * 51, "dépasse 50 caractères"),
    ],
)
def test_directory_errors(shared: Running, buyer: str, service: Any, engagement: Any, expected: str) -> None:
    state, dp, technical = errors(shared, invoice(buyer=buyer, service=service, engagement=engagement))
    assert state == "IN_REJETE"
    assert technical == []
    assert any(expected in message for message in dp), dp


@pytest.mark.parametrize(
    ("buyer", "service", "engagement"),
    [
        (TRANSITION, "DGT-ACHATS", None),
        (TEACHING, None, "EJ-9"),
        (MARITIME, "MAM-FLOTTE", "EJ-9"),
        (CULTURE, None, "EJ-9"),
        (CULTURE, "MCP-MUSEES", None),
        (MINISTRY_SIRET, None, None),
    ],
)
def test_directory_requirements_met(shared: Running, buyer: str, service: Any, engagement: Any) -> None:
    state, dp, technical = errors(shared, invoice(buyer=buyer, service=service, engagement=engagement))
    assert (state, dp, technical) == ("IN_INTEGRE", [], [])


def test_number_already_used_by_this_supplier(shared: Running) -> None:
    number = unique("DUP")
    assert errors(shared, invoice(number))[0] == "IN_INTEGRE"
    state, dp, _ = errors(shared, invoice(number))
    assert state == "IN_REJETE"
    assert any("déjà été utilisé" in m for m in dp)
    # the same number twice in one archive: the second one is refused
    again = unique("DUP")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("a.xml", invoice(again))
        archive.writestr("b.xml", invoice(again))
    state, dp, _ = errors(shared, out.getvalue(), name="lot.zip")
    assert state == "IN_INTEGRE_PARTIEL" and len(dp) == 1


def test_supplier_not_attached_to_the_depositing_user(shared: Running) -> None:
    state, dp, _ = errors(shared, invoice(seller=SUPPLIER_ELSEWHERE))
    assert state == "IN_REJETE"
    assert any("n'est pas rattaché" in m for m in dp)
    # the user attached to that supplier may deposit it
    state, dp, _ = errors(shared, invoice(seller=SUPPLIER_ELSEWHERE), user=MULTI)
    assert (state, dp) == ("IN_INTEGRE", [])


def test_unknown_supplier(shared: Running) -> None:
    state, dp, _ = errors(shared, invoice(seller="73282932000074"))
    assert state == "IN_REJETE" and any("n'est pas une structure connue" in m for m in dp)


def test_invoice_number_too_long(shared: Running) -> None:
    state, dp, _ = errors(shared, invoice("N" * 21))
    assert state == "IN_REJETE" and any("21" in m or "20" in m for m in dp)


def test_business_rules_reject(shared: Running) -> None:
    def wrong_total(data: dict) -> None:
        data["totals"] = {
            "line_net_total": "1.00",
            "tax_exclusive_amount": "1.00",
            "vat_total": "0.20",
            "tax_inclusive_amount": "1.20",
            "amount_due": "1.20",
        }

    state, dp, technical = errors(shared, invoice(change=wrong_total))
    assert state == "IN_REJETE" and technical == []
    assert any(m.startswith("BR-CO-") for m in dp), dp


def test_schema_violation_is_a_technical_error(shared: Running) -> None:
    document = invoice().replace(b"<cbc:IssueDate>", b"<cbc:Inconnu>1</cbc:Inconnu><cbc:IssueDate>", 1)
    state, dp, technical = errors(shared, document)
    assert (state, dp) == ("IN_REJETE", [])
    assert technical and set(technical) == {"XSD"}


def test_not_well_formed(shared: Running) -> None:
    state, _, technical = errors(shared, b"<Invoice><oops></Invoice>")
    assert state == "IN_REJETE" and technical == ["XML_MAL_FORME"]


def test_syntax_other_than_announced(shared: Running) -> None:
    state, _, technical = errors(shared, invoice(syntax="cii"), syntaxe="IN_DP_E1_UBL_INVOICE")
    assert state == "IN_REJETE" and technical == ["FORMAT_INATTENDU"]
    state, _, technical = errors(shared, invoice(), syntaxe="IN_DP_E2_CII_FACTURX")
    assert state == "IN_REJETE" and technical == ["FORMAT_INATTENDU"]


def test_unsupported_syntax_and_broken_archive(shared: Running) -> None:
    assert errors(shared, invoice(), syntaxe="IN_DP_E1_XCBL")[2] == ["SYNTAXE_NON_GEREE"]
    assert errors(shared, b"PK\x03\x04broken", name="lot.zip")[2] == ["ARCHIVE_ILLISIBLE"]


def test_partial_integration(shared: Running) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("bonne.xml", invoice())
        archive.writestr("mauvais-destinataire.xml", invoice(buyer=NOWHERE))
        archive.writestr("illisible.xml", b"not xml")
    numero = shared.deposit(out.getvalue(), name="lot.zip")
    report = shared.report(numero)
    assert report["etatCourantDepotFlux"] == "IN_INTEGRE_PARTIEL"
    assert len(report["listeErreurDP"]) == 1
    error = report["listeErreurDP"][0]
    assert set(error) == {"numeroDP", "identifiantFournisseur", "identifiantDestinataire", "libelleErreurDP"}
    assert error["identifiantDestinataire"] == NOWHERE
    assert [e["codeErreur"] for e in report["listeErreurTechnique"]] == ["XML_MAL_FORME"]
    assert set(report["listeErreurTechnique"][0]) == {"codeErreur", "libelleErreur", "natureErreur"}
    assert len(shared.invoices_of(numero)) == 1


def test_facturx_flow(shared: Running) -> None:
    """A Factur-X PDF is read by bordereau.formats.read; the buyer downloads the very PDF deposited."""
    from bordereau import to_facturx

    from .conftest import SPORTS, example

    data = example()
    data["number"] = unique("FX")
    data["buyer"]["identifier"] = {"value": "11000788700232", "scheme_id": "0009"}
    data["buyer"]["electronic_address"] = {"value": "11000788700232", "scheme_id": "0009"}
    data["buyer"]["legal_registration"] = {"value": "110007887", "scheme_id": "0002"}
    data["buyer_reference"] = "MSJ-EQUIP"
    pdf = to_facturx(read(json.dumps(data).encode(), "fx.json").invoice)
    invoice_id = shared.deposit_invoice(pdf, name="facture.pdf", syntaxe="IN_DP_E2_CII_FACTURX")
    report = shared.call("transverses/v1/consulterCR", {"numeroFluxDepot": shared.invoices_of_id(invoice_id)})
    assert report["codeInterfaceFlux"] == "FSO1117A"
    shared.advance("4m")
    download = shared.call(
        "factures/v1/telecharger/groupe", {"format": "PDF", "listeFacture": [{"idFacture": invoice_id}]}, SPORTS
    )
    assert base64.b64decode(download["fichierResultat"]) == pdf
    state, _, technical = errors(
        shared, b"%PDF-1.7\n%not a real factur-x\n", name="f.pdf", syntaxe="IN_DP_E2_CII_FACTURX"
    )
    assert state == "IN_REJETE" and technical == ["LECTURE_IMPOSSIBLE"]
