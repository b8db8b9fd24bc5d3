"""The top of the legible invoice: parties, references, and the helpers every section shares.

``Sheet`` holds the invoice, the language and what has been placed; the seller and buyer blocks, the payee, tax
representative and delivery blocks, and the references (Chorus Pro's service code, engagement and market
numbers, billing framework first) are laid out here. ``render`` builds the rest on top of it.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from ...model import Address, Contact, Identifier, Invoice, Period
from .branding import Branding
from .coverage import Placed, identifier
from .fonts import BOLD
from .images import Image
from .labels import (
    BILLING_FRAMEWORKS,
    NBSP,
    SCHEMES,
    TYPE_CODES,
    WORDS,
    coded,
    day,
    money,
)
from .layout import (
    BODY,
    CONTENT_WIDTH,
    MUTED,
    SMALL,
    STRONG,
    Canvas,
    Cell,
    Column,
    Flow,
    Style,
)
from .terms import FRENCH

TITLE = Style.of(BOLD, 17.0)
SUBTITLE = Style.of(BOLD, 10.0)
CAPTION = Style.of(BOLD, 6.8, MUTED)
GAP = 8.0


class Sheet:
    """The invoice being laid out, with the helpers that write its values."""

    def __init__(self, invoice: Invoice, lang: str, branding: Branding) -> None:
        self.invoice = invoice
        self.lang = lang
        self.words = WORDS[lang]
        self.branding = branding
        self.accent = branding.accent_rgb
        self.placed = Placed()
        self.canvas = Canvas()
        self.images: dict[str, Image] = {}
        self.flow = Flow(self.canvas, self._continuation)
        self.currency = invoice.currency_code

    # Helpers ----------------------------------------------------------------------------------------------------

    def money(self, value: Decimal | None) -> str:
        return "" if value is None else money(value, self.currency, self.lang)

    def kv(self, label: str, value: str) -> str:
        colon = f"{NBSP}:" if self.lang == "fr" else ":"
        return f"{label}{colon} {value}"

    def term(self, bt: str, english: str) -> str:
        return FRENCH[bt] if self.lang == "fr" else english

    def title(self) -> str:
        code = self.placed.take(self.invoice, "type_code")
        known = TYPE_CODES[self.lang].get(code or "")
        if known:
            return known
        return f"{self.words['document']} ({code})" if code else self.words["invoice"]

    def period(self, period: Period) -> str:
        start = self.placed.take(period, "start_date")
        end = self.placed.take(period, "end_date")
        parts = []
        if start is not None:
            parts.append(f"{self.words['of']} {day(start, self.lang)}")
        if end is not None:
            parts.append(f"{self.words['to']} {day(end, self.lang)}")
        return " ".join(parts)

    def scheme_label(self, value: Identifier, fallback: str) -> str:
        return SCHEMES[self.lang].get(value.scheme_id or "", fallback)

    # The page ---------------------------------------------------------------------------------------------------

    def _address(self, address: Address | None) -> Cell:
        if address is None:
            return []
        p = self.placed
        cell: Cell = []
        for name in ("line1", "line2", "line3"):
            value = p.take(address, name)
            if value:
                cell.append((value, BODY))
        city = " ".join(v for v in (p.take(address, "post_code"), p.take(address, "city")) if v)
        if city:
            cell.append((city, BODY))
        country = " – ".join(v for v in (p.take(address, "subdivision"), p.take(address, "country_code")) if v)
        if country:
            cell.append((country, BODY))
        return cell

    def _contact(self, contact: Contact | None) -> Cell:
        if contact is None:
            return []
        p, fr = self.placed, self.lang == "fr"
        cell: Cell = []
        if contact.name:
            cell.append((self.kv("Contact", p.take(contact, "name")), BODY))
        if contact.telephone:
            cell.append((self.kv("Tél." if fr else "Phone", p.take(contact, "telephone")), BODY))
        if contact.email:
            cell.append((self.kv("Courriel" if fr else "Email", p.take(contact, "email")), BODY))
        return cell

    def _id_line(self, group: object, name: str, fallback: str) -> Cell:
        value = self.placed.take(group, name)  # type: ignore[arg-type]
        if value is None:
            return []
        label = self.scheme_label(value, fallback)
        text = value.value if label != fallback else identifier(value, self.lang)
        return [(self.kv(label, text), BODY)]

    def _seller(self) -> Cell:
        s = self.invoice.seller
        if s is None:
            return []
        p, fr = self.placed, self.lang == "fr"
        cell: Cell = [(p.take(s, "name") or "", Style.of(BOLD, 9.0))]
        if s.trading_name:
            cell.append((self.kv("Nom commercial" if fr else "Trading name", p.take(s, "trading_name")), BODY))
        cell += self._address(s.address)
        for value in p.take(s, "identifiers"):
            label = self.scheme_label(value, "Identifiant" if fr else "Identifier")
            shown = value.value if value.scheme_id in SCHEMES[self.lang] else identifier(value, self.lang)
            cell.append((self.kv(label, shown), BODY))
        cell += self._id_line(s, "legal_registration", "Immatriculation" if fr else "Registration")
        if s.vat_id:
            cell.append((self.kv("N° TVA" if fr else "VAT number", p.take(s, "vat_id")), BODY))
        if s.tax_registration_id:
            label = "Identifiant fiscal" if fr else "Tax registration"
            cell.append((self.kv(label, p.take(s, "tax_registration_id")), BODY))
        if s.electronic_address:
            label = "Adresse électronique" if fr else "Electronic address"
            cell.append((self.kv(label, identifier(p.take(s, "electronic_address"), self.lang)), BODY))
        cell += self._contact(s.contact)
        if s.additional_legal_info:
            cell.append((p.take(s, "additional_legal_info"), SMALL))
        return cell

    def _buyer(self) -> Cell:
        b = self.invoice.buyer
        if b is None:
            return []
        p, fr = self.placed, self.lang == "fr"
        cell: Cell = [(p.take(b, "name") or "", Style.of(BOLD, 9.0))]
        if b.trading_name:
            cell.append((self.kv("Nom commercial" if fr else "Trading name", p.take(b, "trading_name")), BODY))
        cell += self._address(b.address)
        cell += self._id_line(b, "identifier", "Identifiant" if fr else "Identifier")
        cell += self._id_line(b, "legal_registration", "Immatriculation" if fr else "Registration")
        if b.vat_id:
            cell.append((self.kv("N° TVA" if fr else "VAT number", p.take(b, "vat_id")), BODY))
        if b.electronic_address:
            label = "Adresse électronique" if fr else "Electronic address"
            cell.append((self.kv(label, identifier(p.take(b, "electronic_address"), self.lang)), BODY))
        cell += self._contact(b.contact)
        return cell

    def _boxes(self, boxes: list[tuple[str, Cell]]) -> None:
        """Side-by-side blocks, each with a caption."""
        boxes = [(caption, cell) for caption, cell in boxes if cell]
        if not boxes:
            return
        gap = 12.0
        each = (CONTENT_WIDTH - gap * (len(boxes) - 1)) / len(boxes)
        columns: list[Column] = []
        cells: list[Cell] = []
        for index, (caption, cell) in enumerate(boxes):
            if index:
                columns.append(Column(gap))
                cells.append([])
            columns.append(Column(each))
            cells.append([(caption.upper(), CAPTION), *cell])
        self.flow.rows(columns, [cells])
        self.flow.space(GAP)

    def _parties(self) -> None:
        self._boxes([(self.words["seller"], self._seller()), (self.words["buyer"], self._buyer())])

    def _other_parties(self) -> None:
        invoice, p, fr = self.invoice, self.placed, self.lang == "fr"
        boxes: list[tuple[str, Cell]] = []
        if invoice.payee is not None:
            payee = invoice.payee
            cell: Cell = [(p.take(payee, "name") or "", STRONG)]
            cell += self._id_line(payee, "identifier", "Identifiant" if fr else "Identifier")
            cell += self._id_line(payee, "legal_registration", "Immatriculation" if fr else "Registration")
            boxes.append((self.words["payee"], cell))
        if invoice.tax_representative is not None:
            r = invoice.tax_representative
            cell = [(p.take(r, "name") or "", STRONG)]
            cell += self._address(r.address)
            if r.vat_id:
                cell.append((self.kv("N° TVA" if fr else "VAT number", p.take(r, "vat_id")), BODY))
            boxes.append((self.words["tax_representative"], cell))
        if invoice.delivery is not None:
            d = invoice.delivery
            cell = [(p.take(d, "party_name"), STRONG)] if d.party_name else []
            if d.location is not None:
                label = "Lieu" if fr else "Location"
                cell.append((self.kv(label, identifier(p.take(d, "location"), self.lang)), BODY))
            if d.date is not None:
                label = "Date de livraison" if fr else "Delivery date"
                cell.append((self.kv(label, day(p.take(d, "date"), self.lang)), BODY))
            cell += self._address(d.address)
            boxes.append((self.words["delivery"], cell))
        self._boxes(boxes)

    # References -------------------------------------------------------------------------------------------------

    def _reference_items(self) -> Iterator[tuple[str, str]]:
        invoice, p, fr = self.invoice, self.placed, self.lang == "fr"
        plain = (
            ("buyer_reference", "Code service" if fr else "Service code (buyer reference)"),
            ("purchase_order_reference", "N° d'engagement" if fr else "Engagement (purchase order)"),
            ("contract_reference", "N° de marché" if fr else "Contract (market) number"),
        )
        for name, label in plain:
            if getattr(invoice, name):
                yield label, p.take(invoice, name)
        process = invoice.process
        if process.business_process_type:
            code = p.take(process, "business_process_type")
            yield ("Cadre de facturation" if fr else "Billing framework"), coded(BILLING_FRAMEWORKS, code, self.lang)
        if invoice.invoicing_period is not None:
            yield ("Période de facturation" if fr else "Invoicing period"), self.period(invoice.invoicing_period)
        others = (
            ("project_reference", "BT-11", "Project"),
            ("sales_order_reference", "BT-14", "Sales order"),
            ("receiving_advice_reference", "BT-15", "Receiving advice"),
            ("despatch_advice_reference", "BT-16", "Despatch advice"),
            ("tender_reference", "BT-17", "Tender or lot"),
            ("buyer_accounting_reference", "BT-19", "Buyer accounting reference"),
        )
        for name, bt, english in others:
            if getattr(invoice, name):
                yield self.term(bt, english), p.take(invoice, name)
        if invoice.invoiced_object is not None:
            yield self.term("BT-18", "Invoiced object"), identifier(p.take(invoice, "invoiced_object"), self.lang)
        if invoice.tax_point_date is not None:
            yield self.term("BT-7", "VAT point date"), day(p.take(invoice, "tax_point_date"), self.lang)
        if invoice.tax_point_date_code:
            yield self.term("BT-8", "VAT point date code"), p.take(invoice, "tax_point_date_code")
        if process.specification_id:
            yield ("Spécification" if fr else "Specification"), p.take(process, "specification_id")

    def _references(self) -> None:
        items = list(self._reference_items())
        if not items:
            return
        self.flow.heading(self.words["references"], self.accent)
        per_row = 3
        columns = [Column(CONTENT_WIDTH / per_row)] * per_row
        rows = []
        for start in range(0, len(items), per_row):
            chunk = items[start : start + per_row]
            cells: list[Cell] = [[(label, SMALL), (value, BODY)] for label, value in chunk]
            rows.append(cells + [[] for _ in range(per_row - len(chunk))])
        self.flow.rows(columns, rows)
        self.flow.space(GAP)

    # Lines ------------------------------------------------------------------------------------------------------
