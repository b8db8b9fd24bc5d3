"""The business operations of ChorusPlatform (the Platform interface) against the sandbox over HTTP."""

from __future__ import annotations

import io
import tarfile
import zipfile
from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from bordereau.chorus import ChorusPlatform
from bordereau.errors import InputError
from bordereau.platform import Attachment, Platform

from .conftest import MINISTRY_ID, MINISTRY_SIRET, SPORTS, SUPPLIER_ID, Served, deposit_one, integrate, invoice, unique


def test_is_a_platform(supplier: ChorusPlatform) -> None:
    assert isinstance(supplier, Platform)
    assert supplier.health()
    (mine,) = supplier.my_structures()
    assert mine.structure_id == SUPPLIER_ID


def test_deposit_report_maps_numbers_to_ids(supplier: ChorusPlatform) -> None:
    numbers = [unique("ARC"), unique("ARC")]
    archive = io.BytesIO()
    with tarfile.open(fileobj=archive, mode="w:gz") as tar:
        for number in numbers:
            data = invoice(number)
            entry = tarfile.TarInfo(f"{number}.xml")
            entry.size = len(data)
            tar.addfile(entry, io.BytesIO(data))
    receipt = supplier.deposit(archive.getvalue(), "lot.tar.gz", "ubl")
    assert receipt.flux_id.startswith("CPP") and receipt.syntax == "IN_DP_E1_UBL_INVOICE"
    first = supplier.deposit_report(receipt.flux_id)
    assert not first.final and first.invoices == ()
    report = integrate(supplier, receipt.flux_id)
    assert report.integrated and report.state == "IN_INTEGRE" and report.filename == "lot.tar.gz"
    assert {ref.number for ref in report.invoices} == set(numbers)
    assert all(report.invoice_id(n) for n in numbers) and report.messages() == []


def test_rejections_are_readable(supplier: ChorusPlatform) -> None:
    number = unique("BAD")
    good = invoice(number)
    deposit = supplier.deposit(invoice(number, buyer="11004562200021"), f"{number}.xml", "ubl")
    report = integrate(supplier, deposit.flux_id)
    assert report.rejected and not report.integrated and report.invoices == ()
    (rejection,) = report.rejections
    assert rejection.number == number and rejection.message
    assert str(rejection).startswith(f"{number}: ")
    # a file that is not what its syntax says: a technical error on the file as a whole
    broken = supplier.deposit(good, f"{number}.xml", "cii")
    report = integrate(supplier, broken.flux_id)
    assert report.rejected and report.technical_errors and report.technical_errors[0].code


def test_find_invoice(supplier: ChorusPlatform) -> None:
    number = unique("FIND")
    assert supplier.find_invoice(SUPPLIER_ID, number) is None
    invoice_id = deposit_one(supplier, number)
    found = supplier.find_invoice(SUPPLIER_ID, number)
    assert found is not None and found.invoice_id == invoice_id and found.number == number
    assert found.buyer_siret == MINISTRY_SIRET and found.amount_due == Decimal("20419.30") and found.flux_id
    assert supplier.find_invoice(None, number) == found  # every structure of the technical user


def test_search_by_last_change_walks_every_page(served: Served) -> None:
    supplier = served.platform()
    supplier.page_size = 2
    assert supplier.sandbox is not None
    since = datetime.fromisoformat(supplier.sandbox.now()["now"]) - timedelta(seconds=1)
    ids = {deposit_one(supplier, unique("TRK")) for _ in range(5)}
    changed = supplier.search_supplier_invoices(changed_since=since)
    assert ids <= {i.invoice_id for i in changed}
    assert len({i.invoice_id for i in changed}) == len(changed)  # no page read twice
    stamps = [i.status_at for i in changed]
    assert all(stamps) and stamps == sorted(stamps)  # type: ignore[type-var]
    later = datetime.fromisoformat(supplier.sandbox.now()["now"]) + timedelta(seconds=1)
    assert supplier.search_supplier_invoices(changed_since=later) == []
    only = supplier.search_supplier_invoices(statuses=["DEPOSEE"], changed_since=since)
    assert only and all(i.status == "DEPOSEE" for i in only)


def test_history_and_complete_with_attachment(supplier: ChorusPlatform) -> None:
    invoice_id = deposit_one(supplier, unique("SUSP"))
    assert supplier.sandbox is not None
    supplier.sandbox.advance("3d")
    history = supplier.history(invoice_id)
    assert history.status == "SUSPENDUE"
    assert [c.status for c in history.statuses][:3] == ["DEPOSEE", "EN_COURS_ACHEMINEMENT", "MISE_A_DISPOSITION"]
    assert history.statuses[-1].comment  # the buyer's reason
    assert all(c.at is not None and c.at.tzinfo is not None for c in history.statuses)
    (found,) = supplier.search_supplier_invoices(number=history.number)
    assert found.status == "SUSPENDUE" and found.comment == history.statuses[-1].comment
    result = supplier.complete(
        invoice_id, "Bon de livraison signé joint", [Attachment("bon-livraison.pdf", b"%PDF-1.4\n%%EOF\n")]
    )
    assert result.invoice_id == invoice_id and result.status == "COMPLETEE" and result.on is not None
    after = supplier.history(invoice_id)
    assert after.status == "COMPLETEE" and "COMPLETION" in {a.action for a in after.actions}


def test_recycle_keeps_the_buyer(supplier: ChorusPlatform) -> None:
    invoice_id = deposit_one(supplier, unique("RECYC"))
    assert supplier.sandbox is not None
    supplier.sandbox.advance("2d")
    assert supplier.history(invoice_id).status == "A_RECYCLER"
    result = supplier.recycle(invoice_id, service_code="SERV-ACHATS", comment="Bon service")
    assert result.status == "DEPOSEE"
    (now,) = supplier.search_supplier_invoices(number=result.number)
    assert now.buyer_siret == MINISTRY_SIRET and now.service_code == "SERV-ACHATS"


def test_directory(supplier: ChorusPlatform) -> None:
    ministry = supplier.structure(MINISTRY_SIRET)
    assert ministry is not None and ministry.structure_id == MINISTRY_ID and ministry.public and ministry.active
    assert ministry.city == "Paris" and ministry.vat_number
    assert supplier.structure("00000000000000") is None
    services = {s.code: s for s in supplier.services(MINISTRY_ID)}
    assert services["SERV-DSI-01"].engagement_required is True
    assert services["SERV-ACHATS"].engagement_required is False
    inactive = [s for s in services.values() if not s.active]
    assert inactive and all(s.engagement_required is None for s in inactive)
    assert all(s.engagement_required is None for s in supplier.services(MINISTRY_ID, details=False))


def test_buyer_side(served: Served, supplier: ChorusPlatform) -> None:
    sports = served.platform(SPORTS)
    number = unique("BUY")
    invoice_id = deposit_one(supplier, number, buyer="11000788700232", service="MSJ-EQUIP", engagement=None)
    assert supplier.sandbox is not None
    supplier.sandbox.advance("10m")
    (received,) = sports.search_received(statuses=["MISE_A_DISPOSITION"])
    assert received.invoice_id == invoice_id and received.number == number and not received.downloaded
    assert received.amount_due == Decimal("20419.30") and received.service_code == "MSJ-EQUIP"
    pivot = sports.download([invoice_id])
    assert b"CPPFacturePivot" in pivot
    pdf = sports.download([invoice_id], format="PDF")
    assert pdf.startswith(b"%PDF")
    assert sports.search_received(downloaded=True)[0].downloaded
    assert "SERVICE_FAIT" in sports.allowed_transitions("MISE_A_DISPOSITION")
    assert sports.process(invoice_id, "SERVICE_FAIT").status == "SERVICE_FAIT"
    result = sports.process(invoice_id, "MANDATEE", mandate_number="M-2026-1")
    assert result.status == "MANDATEE" and result.number == number
    assert supplier.history(invoice_id).status == "MANDATEE"
    assert sports.search_received(statuses=["REJETEE"]) == []  # "no result" (20000) is an empty list


def test_download_of_several_is_a_zip(served: Served, supplier: ChorusPlatform) -> None:
    sports = served.platform(SPORTS)
    ids = [
        deposit_one(supplier, unique("ZIP"), buyer="11000788700232", service="MSJ-EQUIP", engagement=None)
        for _ in range(2)
    ]
    assert supplier.sandbox is not None
    supplier.sandbox.advance("10m")
    content = sports.download(ids, format="PDF")
    assert zipfile.is_zipfile(io.BytesIO(content))


def test_api_limits_are_input_errors(served: Served, supplier: ChorusPlatform) -> None:
    calls = served.calls("transverses/ajouter/fichier")
    with pytest.raises(InputError) as caught:
        supplier.add_attachment(Attachment("n" * 60 + ".pdf", b"%PDF-1.4\n"))
    assert caught.value.field == "pieceJointeNom" and "50" in str(caught.value)
    with pytest.raises(InputError, match="nomFichier"):
        supplier.deposit(b"<x/>", "f" * 201 + ".xml", "ubl")
    with pytest.raises(ValueError, match="unknown syntax 'pdf'"):
        supplier.deposit(b"<x/>", "f.pdf", "pdf")
    assert served.calls("transverses/ajouter/fichier") == calls  # nothing was sent
