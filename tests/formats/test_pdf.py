"""The legible PDF: every value of the invoice is on the page, read back by pdfminer (not by bordereau)."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from pdfminer.high_level import extract_text

from bordereau.formats import pdf, read_file
from bordereau.formats.pdf import Branding
from bordereau.formats.pdf.labels import SCHEMES, TYPE_CODES, WORDS, day, money, number, percent, unit
from bordereau.formats.pdf.layout import clean
from bordereau.model import Attachment, Classification, Group, Identifier, Invoice, Note, SupportingDocument
from tests.conftest import CII_FILES, EXAMPLES, UBL_FILES, ids

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.json"))
ALL = UBL_FILES + CII_FILES + EXAMPLE_FILES
CREATED = datetime(2026, 3, 4, 10, 0, 0, tzinfo=UTC)
SPACES = re.compile(r"\s+")


def squeeze(text: str) -> str:
    """Text without any kind of space: line breaks and wrapping do not matter when looking for a value."""
    return SPACES.sub("", text.replace("\u202f", " ").replace("\u00a0", " "))


def _decimal(name: str, value: Decimal, invoice: Invoice, lang: str) -> str:
    if "rate" in name or "percentage" in name:
        return percent(value, lang)
    if "quantity" in name:
        return number(value, lang)
    currency = invoice.tax_currency_code if name == "vat_total_accounting" else invoice.currency_code
    return money(value, currency, lang)


def _string(name: str, value: str, lang: str) -> str:
    if name == "type_code":
        return TYPE_CODES[lang].get(value, value)
    if name in ("unit_code", "base_quantity_unit_code"):
        return unit(value, lang)
    return value


def expected(group: Group, invoice: Invoice, lang: str, path: str = "") -> list[tuple[str, str]]:
    """(where, text as the page writes it) for every value the invoice carries."""
    found: list[tuple[str, str]] = []
    for name in type(group).model_fields:
        value = getattr(group, name)
        where = f"{path}.{name}" if path else name
        items = value if isinstance(value, list) else [value]
        for index, item in enumerate(items):
            here = f"{where}[{index}]" if isinstance(value, list) else where
            if item is None or item == "":
                continue
            if isinstance(item, Identifier):
                found.append((here, item.value))
                if item.scheme_id:  # by its id, or by its name where the page names it (SIRET, SIREN …)
                    label = SCHEMES[lang].get(item.scheme_id, item.scheme_id)
                    found.append((f"{here}.scheme", f"{item.scheme_id}\x00{label}"))
            elif isinstance(item, Classification):
                found.append((here, item.value))
            elif isinstance(item, Attachment):
                found.append((here, item.filename or ""))
            elif isinstance(item, Group):
                found.extend(expected(item, invoice, lang, here))
            elif isinstance(item, Decimal):
                found.append((here, _decimal(name, item, invoice, lang)))
            elif isinstance(item, date):
                found.append((here, day(item, lang)))
            else:
                found.append((here, _string(name, str(item), lang)))
    return [(where, text) for where, text in found if text]


def page_text(data: bytes) -> str:
    return extract_text(io.BytesIO(data))


def missing_values(invoice: Invoice, data: bytes, lang: str = "fr") -> list[tuple[str, str]]:
    text = squeeze(page_text(data))
    return [
        (where, value)
        for where, value in expected(invoice, invoice, lang)
        if not any(squeeze(clean(choice)) in text for choice in value.split("\x00"))
    ]


@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_every_value_is_on_the_page(path: Path) -> None:
    invoice = read_file(path).invoice
    data = pdf.render(invoice, created=CREATED)
    assert missing_values(invoice, data) == []


def test_every_value_in_english_too() -> None:
    invoice = read_file(EXAMPLES / "facture-ministere.json").invoice
    data = pdf.render(invoice, lang="en", created=CREATED)
    assert missing_values(invoice, data, "en") == []
    assert "Amount due" in page_text(data)


def test_long_invoice_breaks_across_pages_with_headers_and_page_numbers() -> None:
    invoice = read_file(EXAMPLES / "facture-200-lignes.json").invoice
    data = pdf.render(invoice, created=CREATED)
    with pikepdf.open(io.BytesIO(data)) as document:
        pages = len(document.pages)
    assert pages >= 5
    for number_ in range(pages):
        text = extract_text(io.BytesIO(data), page_numbers=[number_])
        assert f"Page {number_ + 1} / {pages}" in text
        if 0 < number_ < pages - 1:
            assert WORDS["fr"]["col_item"] in text  # the lines table header, repeated
            assert "(suite)" in text
    assert missing_values(invoice, data) == []


def test_amounts_are_written_the_french_way() -> None:
    assert money(Decimal("1234.5"), "EUR") == "1\u202f234,50\u00a0€"
    assert money(Decimal("-1234567.891"), "EUR") == "-1\u202f234\u202f567,891\u00a0€"
    assert money(Decimal("3"), "USD", "en") == "3.00\u00a0USD"
    assert number(Decimal("2500")) == "2\u202f500"
    assert number(Decimal("35.50")) == "35,5"
    assert percent(Decimal("5.5")) == "5,5\u00a0%"


def test_a_term_the_layout_does_not_place_lands_in_other_information() -> None:
    invoice = read_file(EXAMPLES / "facture-ministere.json").invoice
    invoice.supporting_documents.append(
        SupportingDocument(reference="BL-77", attachment=Attachment(content=b"%PDF-1.4", filename="bl.pdf"))
    )
    invoice.notes.append(Note(text="Ligne\nsur deux lignes"))
    invoice.seller.address.subdivision = "Rhône"  # type: ignore[union-attr]
    data = pdf.render(invoice, created=CREATED)
    assert missing_values(invoice, data) == []
    assert "bl.pdf" in page_text(data)


def test_characters_the_fonts_lack_are_spelt_out_not_dropped() -> None:
    invoice = read_file(EXAMPLES / "minimal.json").invoice
    invoice.notes.append(Note(text="Ελληνικά и кириллица, 中文"))
    data = pdf.render(invoice, created=CREATED)
    text = page_text(data)
    assert "Ελληνικά и кириллица" in text
    assert "[U+4E2D][U+6587]" in text


def _png(width: int, height: int) -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    rows = b"".join(b"\x00" + bytes([30, 80, 140, 255]) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def test_branding_logo_colour_and_footer() -> None:
    invoice = read_file(EXAMPLES / "facture-ministere.json").invoice
    branding = Branding(logo=_png(40, 20), accent="#AA3300", footer=("Mentions légales de test",))
    data = pdf.render(invoice, branding=branding, created=CREATED)
    with pikepdf.open(io.BytesIO(data)) as document:
        images = list(document.pages[0].get_images().values())
        assert images and images[0].Width == 40 and "/SMask" in images[0]
    assert "Mentions légales de test" in page_text(data)


def test_the_legible_pdf_alone_is_pdfa_3b() -> None:
    checker = pytest.importorskip("pikepdf.pdfa")
    invoice = read_file(EXAMPLES / "facture-200-lignes.json").invoice
    data = pdf.render(invoice, created=CREATED)
    report = checker.validate_written(io.BytesIO(data), "3b")
    assert report.verdict == "pass", [str(f) for f in report.findings]


def test_unknown_language_is_refused() -> None:
    invoice = read_file(EXAMPLES / "minimal.json").invoice
    with pytest.raises(ValueError):
        pdf.render(invoice, lang="de")


def test_rendering_does_not_change_the_invoice() -> None:
    invoice = read_file(EXAMPLES / "facture-ministere.json").invoice
    before: Any = invoice.model_dump()
    pdf.render(invoice, created=CREATED)
    assert invoice.model_dump() == before
