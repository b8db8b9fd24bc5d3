"""Factur-X: written, read back, and checked point by point with pikepdf (not with bordereau's own reader)."""

from __future__ import annotations

import io
import zlib
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from lxml import etree
from pikepdf import Name

from bordereau.errors import InputError
from bordereau.formats import facturx, pdf, read, read_file, xsd
from bordereau.formats.cii_profile import PROFILES
from bordereau.formats.xml import MAX_DOCUMENT_BYTES
from bordereau.model import Invoice
from bordereau.rules import validate
from tests.conftest import CII_FILES, EXAMPLES, UBL_FILES, ids

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.json"))
ALL = UBL_FILES + CII_FILES + EXAMPLE_FILES
CREATED = datetime(2026, 3, 4, 10, 0, 0, tzinfo=UTC)
FX = "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#"
PDFAID = "http://www.aiim.org/pdfa/ns/id/"


def _ministere() -> Invoice:
    return read_file(EXAMPLES / "facture-ministere.json").invoice


def _facturx(profile: str = "en16931") -> bytes:
    return facturx.write(_ministere(), profile=profile, created=CREATED)


def _cii_equivalent(invoice: Invoice) -> dict[str, Any]:
    """The model as the CII binding carries it (what a Factur-X can give back), for comparison.

    CII writes BT-24 as the profile's guideline id; identifiers without a scheme (ram:ID) before those with one
    (ram:GlobalID); a gross price from the net price and the discount; no BT-6 equal to BT-5; and an empty
    value reads back as absent.
    """
    data = _blank_is_none(invoice.model_dump())
    data["process"]["specification_id"] = PROFILES["en16931"][1]
    if data.get("seller"):
        data["seller"]["identifiers"].sort(key=lambda i: i["scheme_id"] is not None)
    for line in data["lines"]:
        price = line.get("price")
        if price and price["discount"] is not None and price["gross_price"] is None and price["net_price"] is not None:
            price["gross_price"] = price["net_price"] + price["discount"]
    if data.get("tax_currency_code") == data.get("currency_code"):
        data["tax_currency_code"] = None
    return data


def _blank_is_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _blank_is_none(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_blank_is_none(item) for item in value]
    return None if value == "" else value


# What pikepdf sees in every file --------------------------------------------------------------------------------


def _font_files(document: pikepdf.Pdf) -> list[tuple[str, bool]]:
    """(font name, whether its program is embedded) for every font dictionary in the file."""
    found = []
    for obj in document.objects:
        if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Type") != Name.Font:
            continue
        if obj.get("/Subtype") == Name.Type0:
            continue  # checked through its descendant, which is a font dictionary of its own
        descriptor = obj.get("/FontDescriptor")
        embedded = isinstance(descriptor, pikepdf.Dictionary) and (
            "/FontFile2" in descriptor or "/FontFile3" in descriptor
        )
        found.append((str(obj.get("/BaseFont")), embedded))
    return found


def _has_javascript(document: pikepdf.Pdf) -> bool:
    if "/OpenAction" in document.Root or "/AA" in document.Root:
        return True
    names = document.Root.get("/Names")
    if isinstance(names, pikepdf.Dictionary) and "/JavaScript" in names:
        return True
    return any(
        isinstance(obj, pikepdf.Dictionary) and ("/JS" in obj or obj.get("/S") == Name.JavaScript)
        for obj in document.objects
    )


def assert_pdfa3_facturx(data: bytes, profile: str, created: datetime | None = CREATED) -> bytes:
    """Every PDF/A-3b and Factur-X point this project promises, checked on the raw structure; returns the XML."""
    with pikepdf.open(io.BytesIO(data)) as document:
        assert document.check_pdf_syntax() == []  # qpdf finds nothing to repair
        assert not document.is_encrypted and "/Encrypt" not in document.trailer
        assert not _has_javascript(document)
        fonts = _font_files(document)
        assert fonts and all(embedded for _, embedded in fonts), fonts
        intents = document.Root.OutputIntents
        assert len(intents) >= 1
        assert intents[0].S == Name.GTS_PDFA1 and isinstance(intents[0].DestOutputProfile, pikepdf.Stream)
        assert intents[0].DestOutputProfile.N == 3
        af = document.Root.AF
        assert len(af) == 1
        spec = af[0]
        assert spec.AFRelationship == Name.Data
        assert str(spec.F) == str(spec.UF) == "factur-x.xml"
        stream = spec.EF.F
        assert stream.Subtype == Name("/text/xml")
        xml = stream.read_bytes()
        assert int(stream.Params.Size) == len(xml)
        assert str(stream.Params.ModDate).startswith("D:")
        assert "factur-x.xml" in document.attachments
        metadata = document.Root.Metadata
        assert "/Filter" not in metadata  # PDF/A: the XMP stays readable as it is
        packet = etree.fromstring(metadata.read_bytes())
        values = {
            f"{{{etree.QName(e).namespace}}}{etree.QName(e).localname}": (e.text or "").strip()
            for e in packet.iter()
            if isinstance(e.tag, str)
        }
        assert values[f"{{{PDFAID}}}part"] == "3"
        assert values[f"{{{PDFAID}}}conformance"] == "B"
        assert values[f"{{{FX}}}DocumentType"] == "INVOICE"
        assert values[f"{{{FX}}}DocumentFileName"] == "factur-x.xml"
        assert values[f"{{{FX}}}Version"] == "1.0"
        assert values[f"{{{FX}}}ConformanceLevel"] == PROFILES[profile][0]
        schema = "{http://www.aiim.org/pdfa/ns/schema#}"
        assert values[f"{schema}namespaceURI"] == FX and values[f"{schema}prefix"] == "fx"
        described = {(e.text or "").strip() for e in packet.iter("{http://www.aiim.org/pdfa/ns/property#}name")}
        assert described == {"DocumentType", "DocumentFileName", "Version", "ConformanceLevel"}
        with document.open_metadata() as meta:
            info = document.docinfo
            assert meta["dc:title"] == str(info.Title)
            assert meta["dc:creator"] == [str(info.Author)]
            assert meta["pdf:Producer"] == str(info.Producer)
            assert meta["xmp:CreatorTool"] == str(info.Creator)
            stamp = meta["xmp:CreateDate"]  # 2026-03-04T10:00:00+00:00 and D:20260304100000+00'00' say the same
            digits = stamp[:19].replace("-", "").replace("T", "").replace(":", "")
            assert str(info.CreationDate) == f"D:{digits}{stamp[19:22]}'{stamp[23:25]}'"
            assert meta["xmp:ModifyDate"] == meta["xmp:CreateDate"]
            if created is not None:
                assert stamp == created.isoformat()
    return xml


# Every corpus invoice and every example ------------------------------------------------------------------------


@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_reads_back_to_the_same_model(path: Path) -> None:
    invoice = read_file(path).invoice
    data = facturx.write(invoice, created=CREATED)
    document = read(data, "invoice.pdf")
    assert document.syntax == "facturx"
    assert _blank_is_none(document.invoice.model_dump()) == _cii_equivalent(invoice)


@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_every_profile_is_pdfa3_facturx_and_xsd_valid(path: Path) -> None:
    invoice = read_file(path).invoice
    for profile in PROFILES:
        xml = assert_pdfa3_facturx(facturx.write(invoice, profile=profile, created=CREATED), profile)
        root = etree.fromstring(xml)
        assert xsd.errors(root, profile) == []
        guideline = root.findtext("{*}ExchangedDocumentContext/{*}GuidelineSpecifiedDocumentContextParameter/{*}ID")
        assert guideline == PROFILES[profile][1]


def test_profiles_trim_what_they_do_not_carry() -> None:
    minimum = etree.fromstring(assert_pdfa3_facturx(_facturx("minimum"), "minimum"))
    assert minimum.find(".//{*}IncludedSupplyChainTradeLineItem") is None
    assert minimum.findtext(".//{*}DuePayableAmount") == "20419.30"
    basicwl = etree.fromstring(assert_pdfa3_facturx(_facturx("basicwl"), "basicwl"))
    assert basicwl.find(".//{*}IncludedSupplyChainTradeLineItem") is None
    assert basicwl.find(".//{*}ApplicableTradeTax") is not None
    basic = read(_facturx("basic"), "basic.pdf").invoice
    assert len(basic.lines) == 6 and basic.lines[0].item.description is None  # type: ignore[union-attr]


def test_our_files_pass_pikepdfs_pdfa_checker_but_for_the_extension_schema() -> None:
    checker = pytest.importorskip("pikepdf.pdfa")
    report = checker.validate_written(io.BytesIO(_facturx()), "3b")
    left = [str(f) for f in report.findings if "6.6.2.3.1-1" not in str(f) and "embedded-file" not in str(f)]
    assert left == []
    # what it cannot judge is only the Factur-X extension schema (which it does not allow at all)
    assert all(any(w in str(f) for w in ("fx", "pdfaExtension", "pdfaSchema", "pdfaProperty")) for f in report.findings)


def test_our_files_have_no_fx_finding() -> None:
    report = validate(_facturx(), ["en16931"])
    assert [f.rule for f in report.findings if f.rule.startswith("FX-")] == []
    assert report.valid


# An ERP's own PDF --------------------------------------------------------------------------------------------


def _standard_font_pdf() -> bytes:
    """A PDF whose text uses Helvetica without embedding it, as many ERPs write."""
    document = pikepdf.new()
    font = document.make_indirect(pikepdf.Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica))
    page = document.add_blank_page(page_size=(595, 842))
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.obj.Contents = document.make_stream(b"BT /F1 12 Tf 72 720 Td (Facture FA-1) Tj ET")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_an_erp_pdf_that_can_be_pdfa_keeps_its_pages() -> None:
    erp = pdf.render(_ministere(), lang="en", created=CREATED)  # stands for an ERP's PDF/A-ready output
    data = facturx.write(_ministere(), pdf=erp, pdf_source="erp.pdf", created=CREATED)
    assert_pdfa3_facturx(data, "en16931")
    with pikepdf.open(io.BytesIO(data)) as document:
        assert len(document.pages) == 2
    assert read(data, "out.pdf").invoice.number == "FA-2026-000187"


def test_an_erp_pdf_with_fonts_not_embedded_is_refused_with_the_way_out() -> None:
    with pytest.raises(InputError) as caught:
        facturx.write(_ministere(), pdf=_standard_font_pdf(), pdf_source="erp.pdf")
    message = str(caught.value)
    assert message.startswith("erp.pdf: ") and "\n" not in message
    assert "Helvetica" in message and "not embedded" in message and "leave out --pdf" in message


def _encrypted(data: bytes, user: str = "") -> bytes:
    with pikepdf.open(io.BytesIO(data)) as document:
        out = io.BytesIO()
        document.save(out, encryption=pikepdf.Encryption(owner="owner", user=user, R=6))
        return out.getvalue()


def test_an_encrypted_erp_pdf_is_refused() -> None:
    erp = _encrypted(pdf.render(_ministere(), created=CREATED))
    with pytest.raises(InputError, match="encrypted"):
        facturx.write(_ministere(), pdf=erp, pdf_source="erp.pdf")


# Reading damaged, hostile or non-conforming PDFs ---------------------------------------------------------------


def test_a_pdf_without_xml_is_not_a_facturx() -> None:
    with pytest.raises(InputError) as caught:
        read(pdf.render(_ministere(), created=CREATED), "plain.pdf")
    assert str(caught.value).startswith("plain.pdf: ") and "no invoice XML" in str(caught.value)


@pytest.mark.parametrize("cut", [0.5, 0.9, 0.02])
def test_a_truncated_pdf_gives_one_line_naming_the_file(cut: float) -> None:
    data = _facturx()
    with pytest.raises(InputError) as caught:
        read(data[: int(len(data) * cut)], "cut.pdf")
    assert str(caught.value).startswith("cut.pdf: ") and "\n" not in str(caught.value)


def test_garbage_after_the_header_is_refused() -> None:
    with pytest.raises(InputError, match=r"garbage\.pdf"):
        read(b"%PDF-1.7\n" + bytes(range(256)) * 20, "garbage.pdf")


def test_a_password_protected_pdf_cannot_be_read() -> None:
    with pytest.raises(InputError, match=r"locked\.pdf: .*encrypted"):
        read(_encrypted(_facturx(), user="secret"), "locked.pdf")


def test_an_encrypted_but_openable_facturx_is_read_and_flagged() -> None:
    report = validate(_encrypted(_facturx()), ["en16931"])
    assert "FX-14" in [f.rule for f in report.findings]


def test_a_decompression_bomb_is_refused() -> None:
    with pikepdf.open(io.BytesIO(_facturx())) as document:
        stream = document.Root.AF[0].EF.F
        bomb = zlib.compress(b" " * (MAX_DOCUMENT_BYTES + 10), 1)
        stream.write(bomb, filter=Name.FlateDecode)
        out = io.BytesIO()
        document.save(out)
    with pytest.raises(InputError, match=r"bomb\.pdf: .*size limit"):
        read(out.getvalue(), "bomb.pdf")


def _altered(change: Any) -> bytes:
    with pikepdf.open(io.BytesIO(_facturx())) as document:
        change(document)
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()


def _fx(data: bytes) -> set[str]:
    return {f.rule for f in validate(data, ["en16931"]).findings if f.rule.startswith("FX-")}


def _unembedded_font(document: pikepdf.Pdf) -> None:
    page = document.pages[0]
    page.obj.Resources = pikepdf.Dictionary(page.obj.Resources)
    page.obj.Resources.Font.F9 = pikepdf.Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
    page.contents_add(document.make_stream(b"BT /F9 9 Tf 10 10 Td (x) Tj ET"))


def _set_xmp(document: pikepdf.Pdf, old: bytes, new: bytes) -> None:
    document.Root.Metadata.write(document.Root.Metadata.read_bytes().replace(old, new))


ALTERATIONS = {
    "FX-01": lambda d: d.Root.__delattr__("AF"),
    "FX-02": lambda d: d.Root.AF[0].__setattr__("AFRelationship", Name.Unspecified),
    "FX-04": lambda d: d.Root.AF[0].EF.F.__setattr__("Subtype", Name("/application/octet-stream")),
    "FX-05": lambda d: d.Root.AF[0].EF.F.__delattr__("Params"),
    "FX-06": lambda d: d.Root.__delattr__("Metadata"),
    "FX-07": lambda d: _set_xmp(d, b"<pdfaid:part>3<", b"<pdfaid:part>2<"),
    "FX-08": lambda d: _set_xmp(d, b"<fx:Version>1.0<", b"<fx:Version>2.0<"),
    "FX-09": lambda d: _set_xmp(d, b"<pdfaSchema:namespaceURI>urn:factur", b"<pdfaSchema:namespaceURI>urn:other"),
    "FX-10": lambda d: _set_xmp(d, b">EN 16931<", b">BASIC<"),
    "FX-11": lambda d: _set_xmp(d, b"<fx:DocumentFileName>factur-x.xml<", b"<fx:DocumentFileName>invoice.xml<"),
    "FX-12": _unembedded_font,
    "FX-13": lambda d: d.Root.__delattr__("OutputIntents"),
    "FX-15": lambda d: d.Root.__setattr__(
        "OpenAction", pikepdf.Dictionary(S=Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
    ),
    "FX-16": lambda d: d.docinfo.__setitem__("/Title", pikepdf.String("Something else")),
}


@pytest.mark.parametrize("rule", sorted(ALTERATIONS))
def test_each_fx_rule_catches_its_defect(rule: str) -> None:
    found = _fx(_altered(ALTERATIONS[rule]))
    assert rule in found, found


def test_a_partial_profile_is_flagged_as_not_a_full_invoice() -> None:
    assert "FX-17" in _fx(_facturx("minimum"))


def test_xrechnung_name_is_read_and_warned() -> None:
    def rename(document: pikepdf.Pdf) -> None:
        spec = document.Root.AF[0]
        spec.F = spec.UF = pikepdf.String("zugferd-invoice.xml")

    data = _altered(rename)
    document = read(data, "zf.pdf")
    assert document.pdf.xml.name == "zugferd-invoice.xml"
    assert {"FX-03", "FX-11"} <= _fx(data)


def test_write_refuses_an_unknown_profile() -> None:
    with pytest.raises(ValueError):
        facturx.write(_ministere(), profile="comfort")


def test_amounts_survive_exactly() -> None:
    invoice = read(_facturx(), "x.pdf").invoice
    assert invoice.totals is not None and invoice.totals.amount_due == Decimal("20419.30")


# The command line --------------------------------------------------------------------------------------------


def _cli(*args: str) -> tuple[int, str]:
    from typer.testing import CliRunner

    from bordereau.cli import app

    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stderr


def test_cli_writes_facturx_and_pdf(tmp_path: Path) -> None:
    source = str(EXAMPLES / "facture-ministere.json")
    code, err = _cli("convert", source, "--to", "facturx", "--profile", "basic", "-o", str(tmp_path / "f.pdf"))
    assert code == 0, err
    assert_pdfa3_facturx((tmp_path / "f.pdf").read_bytes(), "basic", created=None)
    code, err = _cli("convert", source, "--to", "pdf", "--lang", "en", "-o", str(tmp_path / "p.pdf"))
    assert code == 0, err
    with pikepdf.open(tmp_path / "p.pdf") as document:
        assert "/AF" not in document.Root and len(document.pages) == 2
    code, err = _cli("convert", str(tmp_path / "f.pdf"), "--to", "ubl", "-o", str(tmp_path / "back.xml"))
    assert code == 0, err
    assert read_file(tmp_path / "back.xml").invoice.number == "FA-2026-000187"
    code, err = _cli("validate", str(tmp_path / "f.pdf"))
    assert code == 0, err


def test_cli_refuses_an_erp_pdf_and_writes_nothing(tmp_path: Path) -> None:
    erp = tmp_path / "erp.pdf"
    erp.write_bytes(_standard_font_pdf())
    target = tmp_path / "out.pdf"
    code, err = _cli("convert", str(EXAMPLES / "minimal.json"), "--to", "facturx", "--pdf", str(erp), "-o", str(target))
    assert code == 2
    assert "not embedded" in err and "leave out --pdf" in err
    assert not target.exists() and list(tmp_path.iterdir()) == [erp]


def test_cli_refuses_options_that_do_not_fit(tmp_path: Path) -> None:
    source = str(EXAMPLES / "minimal.json")
    code, err = _cli("convert", source, "--to", "ubl", "--pdf", source, "-o", str(tmp_path / "x"))
    assert code == 2 and "--pdf only goes with --to facturx" in err
    code, err = _cli("convert", source, "--to", "pdf", "--profile", "basic", "-o", str(tmp_path / "x"))
    assert code == 2 and "--profile" in err
    assert list(tmp_path.iterdir()) == []
