"""The legible invoice: the model laid out on A4 pages, every business term it carries somewhere on them.

Sections, in reading order: title and dates; seller and buyer; references (Chorus Pro's service code, engagement
and market numbers, billing framework first); payee, tax representative, delivery; the lines with their
allowances and charges; document allowances and charges; VAT breakdown; totals; payment; notes; preceding
invoices; supporting documents; and "other information" for whatever the layout has no place for.
"""

from __future__ import annotations

from ...model import DocumentAllowanceCharge, Invoice, Line, LineAllowanceCharge
from .branding import Branding
from .coverage import attachment, classification, identifier, leftovers
from .fonts import BOLD
from .images import Image, load
from .labels import (
    NBSP,
    NOTE_SUBJECTS,
    PAYMENT_MEANS,
    VAT_CATEGORIES,
    coded,
    day,
    grouped_account,
    money,
    number,
    percent,
    unit,
)
from .layout import (
    BODY,
    BOTTOM,
    CONTENT_WIDTH,
    MARGIN,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RULE,
    SMALL,
    STRONG,
    TOP,
    Canvas,
    Cell,
    Column,
    Flow,
    Style,
    clean,
    width,
    wrap,
)
from .parties import GAP, SUBTITLE, TITLE, Sheet


class Renderer(Sheet):
    def render(self) -> Canvas:
        self._header()
        self._parties()
        self._references()
        self._other_parties()
        self._lines()
        self._document_adjustments()
        self._vat_breakdown()
        self._totals()
        self._payment()
        self._notes()
        self._preceding()
        self._supporting()
        self._others()
        self._footers()
        return self.canvas

    def _header(self) -> None:
        flow, invoice = self.flow, self.invoice
        top = TOP
        if self.branding.logo:
            image = load(self.branding.logo)
            height = self.branding.logo_height
            w = min(image.width * height / image.height, 180.0)
            self.images["Logo"] = image
            flow.image("Logo", MARGIN, top, w, w * image.height / image.width)
        right = MARGIN + CONTENT_WIDTH
        lines: list[tuple[str, Style]] = [(self.title(), Style.of(BOLD, TITLE.size, self.accent))]
        lines.append((f"{self.words['number']} {self.placed.take(invoice, 'number') or ''}", SUBTITLE))
        if invoice.issue_date is not None:
            lines.append((self.kv(self.words["issue_date"], day(invoice.issue_date, self.lang)), BODY))
        self.placed.mark(invoice, "issue_date")
        if invoice.due_date is not None:
            lines.append((self.kv(self.words["due_date"], day(invoice.due_date, self.lang)), STRONG))
        self.placed.mark(invoice, "due_date")
        if invoice.currency_code:
            lines.append((self.kv(self.words["currency"], self.placed.take(invoice, "currency_code")), BODY))
        if invoice.tax_currency_code:
            lines.append((self.kv(self.words["tax_currency"], self.placed.take(invoice, "tax_currency_code")), BODY))
        for text, look in lines:
            text = clean(text)
            flow.text(right - width(text, look), top, text, look)
            top += look.leading
        flow.y = max(top, TOP + self.branding.logo_height if self.branding.logo else top) + GAP

    def _continuation(self, flow: Flow) -> None:
        text = clean(f"{self.title()} {self.invoice.number or ''} ({self.words['continued']})")
        flow.text(MARGIN + CONTENT_WIDTH - width(text, SMALL), TOP, text, SMALL)
        seller = self.invoice.seller.name if self.invoice.seller and self.invoice.seller.name else ""
        flow.text(MARGIN, TOP, clean(seller), SMALL)
        flow.y = TOP + SMALL.leading + 6

    # Parties ----------------------------------------------------------------------------------------------------

    def _adjustment(self, a: LineAllowanceCharge | DocumentAllowanceCharge, charge: bool) -> str:
        p = self.placed
        label = self.words["charge" if charge else "allowance"]
        reason = " ".join(
            v for v in (p.take(a, "reason") or "", f"[{p.take(a, 'reason_code')}]" if a.reason_code else "") if v
        )
        basis = ""
        if a.percentage is not None or a.base_amount is not None:
            share = percent(p.take(a, "percentage"), self.lang) if a.percentage is not None else ""
            base = self.money(p.take(a, "base_amount"))
            basis = f" ({share} {self.words['of_base']} {base})" if share and base else f" ({share or base})"
        amount = self.money(p.take(a, "amount"))
        sign = "+" if charge else "-"  # the sign tells an allowance from a charge; the word only when no reason
        return self.kv(f"{reason or label}{basis}", f"{sign}{amount}")

    def _line_cells(self, line: Line) -> list[Cell]:
        p, fr, lang = self.placed, self.lang == "fr", self.lang
        item = line.item
        described: Cell = []
        details: list[str] = []
        if item is not None:
            described.append((p.take(item, "name") or "", STRONG))
            if item.description:
                described.append((p.take(item, "description"), BODY))
            if item.sellers_id:
                details.append(self.kv("Réf. vendeur" if fr else "Seller's ref.", p.take(item, "sellers_id")))
            if item.buyers_id:
                details.append(self.kv("Réf. acheteur" if fr else "Buyer's ref.", p.take(item, "buyers_id")))
            if item.standard_id is not None:
                label = "Code article" if fr else "Standard id"
                details.append(self.kv(label, identifier(p.take(item, "standard_id"), lang)))
            for value in p.take(item, "classifications"):
                details.append(self.kv("Classification", classification(value, lang)))
            if item.origin_country:
                details.append(self.kv("Origine" if fr else "Origin", p.take(item, "origin_country")))
            for attribute in item.attributes:
                details.append(self.kv(p.take(attribute, "name") or "", p.take(attribute, "value") or ""))
        if line.note:
            details.append(self.kv("Note", p.take(line, "note")))
        if line.period is not None:
            details.append(self.kv("Période" if fr else "Period", self.period(line.period)))
        if line.order_line_reference:
            label = "Ligne de commande" if fr else "Order line"
            details.append(self.kv(label, p.take(line, "order_line_reference")))
        if line.accounting_reference:
            label = "Imputation" if fr else "Accounting ref."
            details.append(self.kv(label, p.take(line, "accounting_reference")))
        if line.object_identifier is not None:
            label = "Objet facturé" if fr else "Invoiced object"
            details.append(self.kv(label, identifier(p.take(line, "object_identifier"), lang)))
        if details:
            described.append((" · ".join(details), SMALL))
        for allowance in line.allowances:
            described.append((self._adjustment(allowance, False), SMALL))
        for charge in line.charges:
            described.append((self._adjustment(charge, True), SMALL))
        price_cell: Cell = []
        price = line.price
        if price is not None:
            price_cell.append((self.money(p.take(price, "net_price")), BODY))
            if price.base_quantity is not None:
                base = number(p.take(price, "base_quantity"), lang)
                base_unit = unit(p.take(price, "base_quantity_unit_code"), lang)
                price_cell.append((f"{self.words['per']} {base}{NBSP}{base_unit}".strip(), SMALL))
            if price.gross_price is not None or price.discount is not None:
                gross = self.money(p.take(price, "gross_price"))
                parts = [self.kv(self.words["gross_price"], gross)] if gross else []
                if price.discount is not None:
                    parts.append(self.kv(self.words["price_discount"], self.money(p.take(price, "discount"))))
                described.append((", ".join(parts), SMALL))
        vat_cell: Cell = []
        if line.vat is not None:
            if line.vat.rate is not None:
                vat_cell.append((percent(p.take(line.vat, "rate"), lang), BODY))
            vat_cell.append((p.take(line.vat, "category_code") or "", SMALL))
        quantity = line.quantity
        return [
            [(p.take(line, "id") or "", BODY)],
            described,
            [(number(p.take(line, "quantity"), lang) if quantity is not None else "", BODY)],
            [(unit(p.take(line, "unit_code"), lang), BODY)],
            price_cell,
            vat_cell,
            [(self.money(p.take(line, "net_amount")), BODY)],
        ]

    def _lines(self) -> None:
        if not self.invoice.lines:
            return
        w = self.words
        self.flow.heading(w["lines"], self.accent)
        columns = [
            Column(24),
            Column(213),
            Column(42, "right"),
            Column(38),
            Column(72, "right"),
            Column(42, "right"),
            Column(CONTENT_WIDTH - 431, "right"),
        ]
        header = [w["col_id"], w["col_item"], w["col_qty"], w["col_unit"], w["col_price"], w["col_vat"]]
        header.append(w["col_amount"])
        self.flow.table(columns, header, (self._line_cells(line) for line in self.invoice.lines))
        self.flow.space(GAP)

    # Money at document level ------------------------------------------------------------------------------------

    def _document_adjustments(self) -> None:
        invoice, p, w = self.invoice, self.placed, self.words
        if not invoice.allowances and not invoice.charges:
            return
        self.flow.heading(w["doc_adjustments"], self.accent)
        rows = []
        for charge, items in ((False, invoice.allowances), (True, invoice.charges)):
            for a in items:
                reason = " ".join(v for v in (p.take(a, "reason"), f"[{a.reason_code}]" if a.reason_code else "") if v)
                p.mark(a, "reason_code")
                vat = " ".join(
                    v
                    for v in (
                        p.take(a, "vat_category_code") or "",
                        percent(p.take(a, "vat_rate"), self.lang) if a.vat_rate is not None else "",
                    )
                    if v
                )
                share = percent(p.take(a, "percentage"), self.lang) if a.percentage is not None else ""
                sign = "+" if charge else "-"
                rows.append(
                    [
                        [(w["charge" if charge else "allowance"], BODY)],
                        [(reason, BODY)],
                        [(self.money(p.take(a, "base_amount")), BODY)],
                        [(share, BODY)],
                        [(vat, BODY)],
                        [(f"{sign}{self.money(p.take(a, 'amount'))}", BODY)],
                    ]
                )
        columns = [Column(60), Column(190), Column(80, "right"), Column(45, "right"), Column(60, "right")]
        columns.append(Column(CONTENT_WIDTH - 435, "right"))
        header = [w["col_kind"], w["col_reason"], w["col_base"], w["col_rate"], w["col_vat"], w["col_amount"]]
        self.flow.table(columns, header, rows)
        self.flow.space(GAP)

    def _vat_breakdown(self) -> None:
        invoice, p, w = self.invoice, self.placed, self.words
        if not invoice.vat_breakdown:
            return
        self.flow.heading(w["vat_breakdown"], self.accent)
        rows = []
        for b in invoice.vat_breakdown:
            exemption = " ".join(
                v
                for v in (
                    p.take(b, "exemption_reason") or "",
                    f"[{p.take(b, 'exemption_reason_code')}]" if b.exemption_reason_code else "",
                )
                if v
            )
            rows.append(
                [
                    [(coded(VAT_CATEGORIES, p.take(b, "category_code"), self.lang), BODY)],
                    [(percent(p.take(b, "rate"), self.lang) if b.rate is not None else "", BODY)],
                    [(self.money(p.take(b, "taxable_amount")), BODY)],
                    [(self.money(p.take(b, "tax_amount")), BODY)],
                    [(exemption, BODY)],
                ]
            )
        columns = [Column(140), Column(50, "right"), Column(90, "right"), Column(90, "right")]
        columns.append(Column(CONTENT_WIDTH - 370))
        header = [w["col_category"], w["col_rate"], w["col_taxable"], w["col_tax"], w["col_exemption"]]
        self.flow.table(columns, header, rows)
        self.flow.space(GAP)

    def _totals(self) -> None:
        totals = self.invoice.totals
        if totals is None:
            return
        p, lang = self.placed, self.lang
        entries = (
            ("line_net_total", "BT-106", "Sum of line net amounts"),
            ("allowance_total", "BT-107", "Allowances"),
            ("charge_total", "BT-108", "Charges"),
            ("tax_exclusive_amount", "BT-109", "Total without VAT"),
            ("vat_total", "BT-110", "Total VAT"),
            ("tax_inclusive_amount", "BT-112", "Total with VAT"),
            ("prepaid_amount", "BT-113", "Paid amount"),
            ("rounding_amount", "BT-114", "Rounding amount"),
        )
        rows: list[list[Cell]] = []
        for name, bt, english in entries:
            value = p.take(totals, name)
            if value is not None:
                rows.append([[(self.term(bt, english), BODY)], [(self.money(value), BODY)]])
            if name == "vat_total" and totals.vat_total_accounting is not None:
                value = p.take(totals, "vat_total_accounting")
                shown = money(value, self.invoice.tax_currency_code, lang)
                rows.append([[(self.term("BT-111", "Total VAT in accounting currency"), BODY)], [(shown, BODY)]])
        due = p.take(totals, "amount_due")
        box = Style.of(BOLD, 10.0)
        words = self.words["credited_words" if self.invoice.is_credit_note else "amount_due_words"]
        rows.append([[(words, box)], [(self.money(due), box)]])
        columns = [Column(170), Column(100, "right")]
        self.flow.ensure(len(rows) * BODY.leading + 20)
        self.flow.rows(columns, rows, x=MARGIN + CONTENT_WIDTH - 270, ruled=True)
        self.flow.space(GAP)

    # Payment, notes, references to other documents --------------------------------------------------------------

    def _payment(self) -> None:
        invoice, p, fr = self.invoice, self.placed, self.lang == "fr"
        payment = invoice.payment
        lines: list[str] = []
        if payment is not None:
            if payment.means_code:
                means = coded(PAYMENT_MEANS, p.take(payment, "means_code"), self.lang)
                if payment.means_text:
                    means += f" ({p.take(payment, 'means_text')})"
                lines.append(self.kv("Moyen de paiement" if fr else "Payment means", means))
            elif payment.means_text:
                lines.append(self.kv("Moyen de paiement" if fr else "Payment means", p.take(payment, "means_text")))
            if payment.remittance_information:
                label = "Référence à rappeler" if fr else "Payment reference"
                lines.append(self.kv(label, p.take(payment, "remittance_information")))
            for transfer in payment.credit_transfers:
                parts = []
                if transfer.account_id:
                    parts.append(self.kv("IBAN", grouped_account(p.take(transfer, "account_id"))))
                if transfer.service_provider_id:
                    parts.append(self.kv("BIC", p.take(transfer, "service_provider_id")))
                if transfer.account_name:
                    parts.append(self.kv(self.words["account_name"], p.take(transfer, "account_name")))
                lines.append(" · ".join(parts))
            if payment.card is not None:
                card = payment.card
                text = p.take(card, "account_number") or ""
                if card.holder_name:
                    text += f", {self.words['holder']} {p.take(card, 'holder_name')}"
                lines.append(self.kv(self.words["card"], text))
            if payment.direct_debit is not None:
                debit = payment.direct_debit
                for name, french, english in (
                    ("mandate_reference", "Référence du mandat", "Mandate reference"),
                    ("creditor_id", "Identifiant du créancier", "Creditor identifier"),
                    ("debited_account_id", "Compte débité", "Debited account"),
                ):
                    if getattr(debit, name):
                        lines.append(self.kv(french if fr else english, p.take(debit, name)))
        if invoice.due_date is not None:
            lines.append(self.kv(self.words["due_date"], day(invoice.due_date, self.lang)))
        if invoice.payment_terms:
            label = "Conditions de paiement" if fr else "Payment terms"
            lines.append(self.kv(label, p.take(invoice, "payment_terms")))
        if lines:
            self.flow.heading(self.words["payment"], self.accent)
            for line in lines:
                self.flow.paragraph(line)
            self.flow.space(GAP)

    def _notes(self) -> None:
        if not self.invoice.notes:
            return
        self.flow.heading(self.words["notes"], self.accent)
        for note in self.invoice.notes:
            text = self.placed.take(note, "text") or ""
            if note.subject_code:
                subject = coded(NOTE_SUBJECTS, self.placed.take(note, "subject_code"), self.lang)
                text = f"[{subject}] {text}"
            self.flow.paragraph(text)
        self.flow.space(GAP)

    def _preceding(self) -> None:
        if not self.invoice.preceding_invoices:
            return
        self.flow.heading(self.words["preceding"], self.accent)
        for preceding in self.invoice.preceding_invoices:
            text = f"{self.words['number']} {self.placed.take(preceding, 'number') or ''}"
            if preceding.issue_date is not None:
                text += f" ({day(self.placed.take(preceding, 'issue_date'), self.lang)})"
            self.flow.paragraph(text)
        self.flow.space(GAP)

    def _supporting(self) -> None:
        if not self.invoice.supporting_documents:
            return
        p = self.placed
        self.flow.heading(self.words["supporting"], self.accent)
        for document in self.invoice.supporting_documents:
            parts = [p.take(document, "reference") or ""]
            for name in ("description", "external_uri"):
                if getattr(document, name):
                    parts.append(p.take(document, name))
            if document.attachment is not None:
                parts.append(attachment(p.take(document, "attachment"), self.lang))
            self.flow.paragraph(" – ".join(parts))
        self.flow.space(GAP)

    def _others(self) -> None:
        found = leftovers(self.invoice, self.placed, self.lang)
        if not found:
            return
        self.flow.heading(self.words["other"], self.accent)
        for label, value in found:
            self.flow.paragraph(self.kv(label, value))

    # Footer -----------------------------------------------------------------------------------------------------

    def _footer_lines(self) -> list[str]:
        if self.branding.footer:
            return list(self.branding.footer)
        seller = self.invoice.seller
        if seller is None:
            return []
        parts = [seller.name or ""]
        if seller.additional_legal_info:
            parts.append(seller.additional_legal_info)
        if seller.legal_registration is not None:
            registration = seller.legal_registration
            parts.append(f"{self.scheme_label(registration, 'ID')} {registration.value}")
        if seller.vat_id:
            parts.append(f"{'TVA' if self.lang == 'fr' else 'VAT'} {seller.vat_id}")
        return [" – ".join(p for p in parts if p)]

    def _footers(self) -> None:
        pages = self.canvas.pages
        total = len(pages)
        footer: list[str] = []
        for line in self._footer_lines():
            footer.extend(wrap(clean(line), CONTENT_WIDTH - 70, SMALL))
        for number_, ops in enumerate(pages, start=1):
            self.flow.ops = ops
            top = PAGE_HEIGHT - BOTTOM + 14
            self.flow.rule(MARGIN, top - 4, MARGIN + CONTENT_WIDTH, 0.5, RULE)
            for line in footer[:4]:
                self.flow.text(MARGIN, top, line, SMALL)
                top += SMALL.leading
            text = f"{self.words['page']} {number_} / {total}"
            self.flow.text(MARGIN + CONTENT_WIDTH - width(text, SMALL), PAGE_HEIGHT - BOTTOM + 14, text, SMALL)


def render(invoice: Invoice, lang: str, branding: Branding) -> tuple[Canvas, dict[str, Image]]:
    """Lay ``invoice`` out; returns the drawn pages and the images they use."""
    renderer = Renderer(invoice, lang, branding)
    return renderer.render(), renderer.images


__all__ = ["PAGE_HEIGHT", "PAGE_WIDTH", "render"]
