"""A complete Factur-X (CII XML + legible PDF/A-3) from one invoice, side by side with eu-einvoice.

The invoice is the first 20 lines of ``examples/facture-200-lignes.json`` (same parties, references, notes and
payment); eu-einvoice gets the same invoice in its own JSON model, built below from ours. Both run in this
process, alternately, and each side is timed from its invoice in memory to the bytes of the Factur-X:

- bordereau: ``facturx.write(invoice)``: the CII checked against the Factur-X EN 16931 XSD, the legible page in
  French, the PDF/A-3b file with the XML attached;
- eu-einvoice: ``prepare`` (its model, computed), ``cii.generate``, ``pdf.make_facturx`` (reportlab page, pypdf
  output intent, factur-x attachment and XMP), its own documented path for a Factur-X.

A second table starts both from the JSON text, so that reading the input is counted too. The 200-line invoice
is timed for bordereau alone.

Run: ``python benchmarks/facturx.py [--repeat N]``. Medians in milliseconds; the ratio is eu-einvoice / bordereau.
"""

from __future__ import annotations

import argparse
import copy
import json
import statistics
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import _path  # noqa: F401  (first: keeps this folder off the import path)

from bordereau.formats import facturx, read
from bordereau.model import Invoice

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
LINES = 20


def median_ms(action: Callable[[], object], repeat: int) -> float:
    for _ in range(3):
        action()  # warm up: caches, fonts, compiled schemas
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings) * 1000


def side_by_side(
    ours: Callable[[], object], theirs: Callable[[], object], repeat: int
) -> tuple[float, float, float, float]:
    """Medians and bests of both, measured in alternating rounds so that a busy machine slows both alike."""
    for _ in range(3):
        ours()
        theirs()
    mine, other = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        ours()
        mine.append(time.perf_counter() - started)
        started = time.perf_counter()
        theirs()
        other.append(time.perf_counter() - started)
    return (
        statistics.median(mine) * 1000,
        statistics.median(other) * 1000,
        min(mine) * 1000,
        min(other) * 1000,
    )


def invoice_json(lines: int) -> bytes:
    """The long example cut to ``lines`` lines, as JSON text (the input format of bordereau)."""
    data = json.loads((EXAMPLES / "facture-200-lignes.json").read_text(encoding="utf-8"))
    data["lines"] = data["lines"][:lines]
    return json.dumps(data, ensure_ascii=False).encode()


def _text(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def _party(party: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"name": party.name}
    if getattr(party, "vat_id", None):
        out["vat_id"] = party.vat_id
    if party.legal_registration is not None:
        out["legal_id"] = {"id": party.legal_registration.value, "scheme": party.legal_registration.scheme_id}
    identifiers = getattr(party, "identifiers", None) or ([party.identifier] if party.identifier else [])
    out["ids"] = [{"id": i.value, "scheme": i.scheme_id} for i in identifiers]
    if party.electronic_address is not None:
        address = party.electronic_address
        out["electronic_address"] = {"id": address.value, "scheme": address.scheme_id}
    if getattr(party, "additional_legal_info", None):
        out["legal_info"] = party.additional_legal_info
    a = party.address
    out["address"] = {
        "line1": a.line1,
        "line2": a.line2,
        "city": a.city,
        "postal_code": a.post_code,
        "country": a.country_code,
    }
    if party.contact is not None:
        c = party.contact
        out["contact"] = {"name": c.name, "phone": c.telephone, "email": c.email}
    return out


def eu_einvoice_json(invoice: Invoice) -> dict[str, Any]:
    """The same invoice in eu-einvoice's JSON model (its keys, our values)."""
    payment = invoice.payment
    assert payment is not None and invoice.seller is not None and invoice.buyer is not None
    lines = []
    for line in invoice.lines:
        assert line.item is not None and line.price is not None and line.vat is not None
        entry: dict[str, Any] = {
            "id": line.id,
            "name": line.item.name,
            "seller_item_id": line.item.sellers_id,
            "quantity": _text(line.quantity),
            "unit": line.unit_code,
            "price": _text(line.price.net_price),
            "vat_category": line.vat.category_code,
            "vat_rate": _text(line.vat.rate),
            "order_line_reference": line.order_line_reference,
        }
        if line.allowances:
            entry["allowances"] = [
                {"reason": a.reason, "reason_code": a.reason_code, "amount": _text(a.amount)} for a in line.allowances
            ]
        lines.append(entry)
    period = invoice.invoicing_period
    return {
        "profile": "facturx",
        "type": "invoice",
        "number": invoice.number,
        "issue_date": invoice.issue_date.isoformat() if invoice.issue_date else None,
        "due_date": invoice.due_date.isoformat() if invoice.due_date else None,
        "currency": invoice.currency_code,
        "buyer_reference": invoice.buyer_reference,
        "order_reference": invoice.purchase_order_reference,
        "contract_reference": invoice.contract_reference,
        "process_id": invoice.process.business_process_type,
        "notes": [{"subject": n.subject_code, "text": n.text} for n in invoice.notes],
        "period": {"start": period.start_date.isoformat(), "end": period.end_date.isoformat()} if period else None,
        "seller": _party(invoice.seller),
        "buyer": _party(invoice.buyer),
        "payment": {
            "means_code": payment.means_code,
            "means_text": payment.means_text,
            "remittance_info": payment.remittance_information,
            "credit_transfers": [
                {"iban": t.account_id, "bic": t.service_provider_id, "account_name": t.account_name}
                for t in payment.credit_transfers
            ],
            "terms": invoice.payment_terms,
        },
        "lines": lines,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args()

    from eu_einvoice import cii as eu_cii
    from eu_einvoice import pdf as eu_pdf
    from eu_einvoice.model import prepare
    from eu_einvoice.profiles import get_profile

    data = invoice_json(LINES)
    invoice = read(data, "facture-20-lignes.json").invoice
    raw = eu_einvoice_json(invoice)
    raw_text = json.dumps(raw, ensure_ascii=False)
    key, profile = get_profile("facturx")
    _, issues = prepare(copy.deepcopy(raw), key)
    if issues.errors:
        print(f"eu-einvoice refuses the invoice: {issues.errors}")
        return 1

    def theirs_from(source: dict[str, Any]) -> bytes:
        model, _ = prepare(source, key)
        return eu_pdf.make_facturx(model, eu_cii.generate(model, profile))

    check = theirs_from(copy.deepcopy(raw))
    assert read(check, "eu-einvoice.pdf").invoice.number == invoice.number  # a real Factur-X, readable

    in_memory = side_by_side(lambda: facturx.write(invoice), lambda: theirs_from(copy.deepcopy(raw)), args.repeat)
    from_json = side_by_side(
        lambda: facturx.write(read(data, "in.json").invoice),
        lambda: theirs_from(json.loads(raw_text)),
        args.repeat,
    )
    rows = [("20 lines, from the invoice in memory", *in_memory), ("20 lines, from the JSON text", *from_json)]
    long_invoice = read(invoice_json(200), "facture-200-lignes.json").invoice
    ours_200 = median_ms(lambda: facturx.write(long_invoice), max(5, args.repeat // 4))

    print(f"Factur-X (CII + legible PDF/A-3): ms per document, {args.repeat} alternating runs")
    header = f"{'case':40} {'bordereau':>10} {'eu-einvoice':>12} {'ratio':>7}"
    header += f"   {'best: ours':>10} {'theirs':>8} {'ratio':>7}"
    print(header)
    print("-" * len(header))
    for label, mine, other, mine_best, other_best in rows:
        print(
            f"{label:40} {mine:10.2f} {other:12.2f} {other / mine:6.1f}x"
            f"   {mine_best:10.2f} {other_best:8.2f} {other_best / mine_best:6.1f}x"
        )
    print(f"{'200 lines, from the invoice in memory':40} {ours_200:10.2f}")
    print("(first columns: medians; 'best': the fastest run of each, what a machine free of other work gives)")
    print(f"sizes: bordereau {len(facturx.write(invoice)) // 1024} KB, eu-einvoice {len(check) // 1024} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
