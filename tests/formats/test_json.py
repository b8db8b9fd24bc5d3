"""The JSON input format: valid data becomes the model, invalid data gives one readable message per problem."""

from __future__ import annotations

import base64
import copy
import json
from decimal import Decimal
from typing import Any

import pytest

from bordereau import formats
from bordereau.errors import InputError, InvalidInvoiceData
from bordereau.formats import json as json_format
from bordereau.model import Group, Invoice

from ..builders import minimal_invoice

SOURCE = "facture.json"


def minimal() -> dict[str, Any]:
    """The smallest complete invoice: seller, buyer, one line, payment."""
    return minimal_invoice()


def load(data: dict[str, Any] | list[Any]) -> Invoice:
    return json_format.read(json.dumps(data, ensure_ascii=False).encode(), SOURCE).invoice


def problems(data: dict[str, Any] | str | bytes) -> list[tuple[str, str]]:
    raw = data if isinstance(data, bytes) else (data if isinstance(data, str) else json.dumps(data)).encode()
    with pytest.raises(InvalidInvoiceData) as caught:
        json_format.read(raw, SOURCE)
    return caught.value.problems


def changed(path: str, value: Any) -> dict[str, Any]:
    """The minimal invoice with the value at ``path`` (``lines.0.quantity``) replaced, or removed for ``...``."""
    data = copy.deepcopy(minimal())
    *parents, last = path.split(".")
    target: Any = data
    for part in parents:
        target = target[int(part)] if isinstance(target, list) else target.setdefault(part, {})
    key: Any = int(last) if isinstance(target, list) else last
    if value is ...:
        del target[key]
    else:
        target[key] = value
    return data


# Valid input


def test_minimal_invoice_loads_and_is_completed() -> None:
    document = json_format.read(json.dumps(minimal()).encode(), SOURCE)
    assert document.syntax == "json"
    assert document.source == SOURCE
    invoice = document.invoice
    assert invoice.number == "FA-2026-0001"
    assert invoice.issue_date is not None and invoice.issue_date.isoformat() == "2026-03-04"
    assert invoice.seller is not None and invoice.seller.identifiers[0].scheme_id == "0009"
    assert invoice.lines[0].net_amount == Decimal("1950.00")
    assert invoice.totals is not None
    assert (invoice.totals.tax_exclusive_amount, invoice.totals.vat_total, invoice.totals.amount_due) == (
        Decimal("1950.00"),
        Decimal("390.00"),
        Decimal("2340.00"),
    )


def test_read_through_the_format_dispatcher() -> None:
    document = formats.read(json.dumps(minimal()).encode(), SOURCE)
    assert document.syntax == "json"
    assert document.invoice.totals is not None


def test_numbers_may_be_json_numbers_and_stay_exact() -> None:
    data = changed("lines.0.quantity", 35.5)
    data["lines"][0]["price"] = {"net_price": 0.1, "base_quantity": 1}
    data["lines"].append({**data["lines"][0], "id": "2", "quantity": "PLACEHOLDER"})
    text = json.dumps(data).replace('"PLACEHOLDER"', "0.12345678901234567890123")  # more digits than a float holds
    invoice = json_format.read(text.encode(), SOURCE).invoice
    assert invoice.lines[0].quantity == Decimal("35.5")
    assert invoice.lines[0].price is not None and invoice.lines[0].price.net_price == Decimal("0.1")
    assert invoice.lines[0].net_amount == Decimal("3.55")
    assert invoice.lines[1].quantity == Decimal("0.12345678901234567890123")  # no detour through a float


def test_a_byte_order_mark_is_accepted() -> None:
    assert json_format.read(b"\xef\xbb\xbf" + json.dumps(minimal()).encode(), SOURCE).invoice.number


def test_attachment_bytes_are_base64() -> None:
    pdf = b"%PDF-1.7 bon de commande"
    data = minimal()
    data["supporting_documents"] = [
        {
            "reference": "BC-2026-118",
            "attachment": {
                "content": base64.b64encode(pdf).decode(),
                "mime_code": "application/pdf",
                "filename": "bon-de-commande.pdf",
            },
        }
    ]
    invoice = load(data)
    attachment = invoice.supporting_documents[0].attachment
    assert attachment is not None and attachment.content == pdf


def test_amounts_computable_from_the_rest_may_be_left_out() -> None:
    data = minimal()
    data["lines"][0]["allowances"] = [{"base_amount": "1950.00", "percentage": "10", "reason": "Remise"}]
    data["lines"][0]["price"] = {"gross_price": "700.00", "discount": "50.00"}
    data["allowances"] = [
        {"base_amount": "100.00", "percentage": "5", "vat_category_code": "S", "vat_rate": "20", "reason": "Remise"}
    ]
    data["vat_breakdown"] = [{"category_code": "S", "rate": "20"}]
    data["totals"] = {"prepaid_amount": "100.00"}
    invoice = load(data)
    line = invoice.lines[0]
    assert line.price is not None and line.price.net_price == Decimal("650.00")
    assert line.allowances[0].amount == Decimal("195.00")
    assert line.net_amount == Decimal("1755.00")
    assert invoice.allowances[0].amount == Decimal("5.00")
    assert invoice.totals is not None
    assert invoice.totals.tax_exclusive_amount == Decimal("1750.00")
    assert invoice.totals.amount_due == Decimal("2000.00")  # 1750.00 + 350.00 − 100.00


def test_given_totals_are_kept() -> None:
    data = minimal()
    data["totals"] = {
        "line_net_total": "1950.00",
        "tax_exclusive_amount": "1950.00",
        "vat_total": "390.00",
        "tax_inclusive_amount": "2340.00",
        "amount_due": "2340.00",
    }
    assert load(data).totals is not None


def test_write_then_read_gives_the_same_invoice() -> None:
    invoice = load(minimal())
    again = json_format.read(json_format.write(invoice), "again.json").invoice
    assert again == invoice
    assert '"1950.00"' in json_format.write(invoice).decode()  # amounts are written as strings


# One problem, one message


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        ("number", ..., ("number", "required (BT-1)")),
        ("number", "   ", ("number", "required (BT-1)")),
        ("number", 2026001, ("number", "must be text (BT-1)")),
        ("lines.0.quantity", "trois", ("lines[0].quantity", "not a number (BT-129)")),
        ("lines.0.quantity", True, ("lines[0].quantity", "not a number (BT-129)")),
        ("lines.0.colour", "bleu", ("lines[0].colour", "unknown field")),
        ("colour", "bleu", ("colour", "unknown field")),
        ("issue_date", "04/03/2026", ("issue_date", "not a date (YYYY-MM-DD) (BT-2)")),
        ("issue_date", "2026-02-30", ("issue_date", "not a date (YYYY-MM-DD) (BT-2)")),
        ("issue_date", "2026-03-04T10:00:00", ("issue_date", "not a date (YYYY-MM-DD) (BT-2)")),
        ("issue_date", "2026-03-04T00:00:00", ("issue_date", "not a date (YYYY-MM-DD) (BT-2)")),
        ("due_date", 1775174400, ("due_date", "not a date (YYYY-MM-DD) (BT-9)")),
        ("delivery", {"date": "hier"}, ("delivery.date", "not a date (YYYY-MM-DD) (BT-72)")),
        ("seller", "Lyon", ("seller", "must be an object (BG-4)")),
        ("notes", {"text": "Note"}, ("notes", "must be a list (BG-1)")),
        ("seller.identifiers.0", {"scheme_id": "0009"}, ("seller.identifiers[0].value", "required (BT-29)")),
        ("seller.address.country_code", ..., ("seller.address.country_code", "required (BT-40)")),
        ("buyer.address.country_code", ..., ("buyer.address.country_code", "required (BT-55)")),
        ("buyer.address.city", 75, ("buyer.address.city", "must be text (BT-52)")),
        ("process", ..., ("process.specification_id", "required (BT-24)")),
        ("lines.0.price.net_price", "NaN", ("lines[0].price.net_price", "not a number (BT-146)")),
        ("lines.0.price", ..., ("lines[0].price", "required (BG-29)")),
        ("lines.0.vat.category_code", "", ("lines[0].vat.category_code", "required (BT-151)")),
        ("lines", [], ("lines", "at least one invoice line is required (BG-25)")),
        ("lines", ..., ("lines", "at least one invoice line is required (BG-25)")),
        ("allowances", [{"vat_category_code": "S"}], ("allowances[0].amount", "required (BT-92)")),
        ("charges", [{"vat_category_code": "S"}], ("charges[0].amount", "required (BT-99)")),
        ("lines.0.charges", [{"reason": "Port"}], ("lines[0].charges[0].amount", "required (BT-141)")),
        ("allowances", [{"percentage": "5", "vat_category_code": "S"}], ("allowances[0].amount", "required (BT-92)")),
        ("payment.means_code", ..., ("payment.means_code", "required (BT-81)")),
        ("preceding_invoices", [{"issue_date": "2026-01-05"}], ("preceding_invoices[0].number", "required (BT-25)")),
    ],
)
def test_each_problem_gives_one_readable_message(path: str, value: Any, expected: tuple[str, str]) -> None:
    assert problems(changed(path, value)) == [expected]


def test_every_problem_is_reported_at_once() -> None:
    data = minimal()
    del data["number"]
    data["issue_date"] = "le 4 mars"
    data["lines"].append({**data["lines"][0], "id": "2", "quantity": "deux"})
    data["lines"][0]["colour"] = "bleu"
    del data["buyer"]["name"]
    found = problems(data)
    assert sorted(found) == [
        ("buyer.name", "required (BT-44)"),
        ("issue_date", "not a date (YYYY-MM-DD) (BT-2)"),
        ("lines[0].colour", "unknown field"),
        ("lines[1].quantity", "not a number (BT-129)"),
        ("number", "required (BT-1)"),
    ]


def test_the_message_is_not_a_pydantic_dump() -> None:
    data = minimal()
    data["lines"].append({**data["lines"][0], "id": "2", "quantity": "beaucoup"})
    with pytest.raises(InvalidInvoiceData) as caught:
        json_format.read(json.dumps(data).encode(), SOURCE)
    message = str(caught.value)
    assert message == f"{SOURCE}: 1 problem(s) in the invoice data: lines[1].quantity: not a number (BT-129)"
    for noise in ("pydantic", "Input should", "type=", "input_value", "errors.pydantic.dev", "validation error"):
        assert noise not in message


def test_a_missing_group_is_one_problem_not_one_per_field() -> None:
    assert problems(changed("seller", ...)) == [("seller", "required (BG-4)")]
    assert problems(changed("seller", None)) == [("seller", "required (BG-4)")]


def test_a_typo_in_a_field_name_names_both_sides() -> None:
    data = minimal()
    data["lines"][0]["quantite"] = data["lines"][0].pop("quantity")
    assert sorted(problems(data)) == [
        ("lines[0].quantite", "unknown field"),
        ("lines[0].quantity", "required (BT-129)"),
    ]


# Not an invoice at all


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "the input is empty"),
        (b"  \n\t", "the input is empty"),
        (b"{'number': 'FA-1'}", "not valid JSON"),
        (b'{"number": "FA-1",}', "not valid JSON"),
        (b"facture", "not valid JSON"),
        (b'{"number": "\xff"}', "not valid JSON"),
        (b"[]", "must be an object (an invoice), not an array"),
        (b'[{"number": "FA-1"}]', "must be an object (an invoice), not an array"),
        (b'"FA-1"', "must be an object (an invoice), not a string"),
        (b"42", "must be an object (an invoice), not a number"),
        (b"null", "must be an object (an invoice), not null"),
        (b"[" * 100_000 + b"]" * 100_000, "not valid JSON"),
    ],
)
def test_not_an_invoice(data: bytes, reason: str) -> None:
    with pytest.raises(InputError) as caught:
        json_format.read(data, SOURCE)
    assert not isinstance(caught.value, InvalidInvoiceData)
    assert reason in caught.value.reason
    assert str(caught.value).startswith(f"{SOURCE}: ")
    assert "Traceback" not in str(caught.value)


def test_an_array_reaches_the_json_reader_through_the_dispatcher() -> None:
    with pytest.raises(InputError, match="not an array"):
        formats.read(b" [1, 2]", SOURCE)


# The JSON schema carries the BT of each field


def test_schema_carries_the_business_terms() -> None:
    schema = Invoice.model_json_schema()
    properties = schema["properties"]
    assert properties["number"]["bt"] == "BT-1"
    assert properties["number"]["mandatory"] is True
    assert properties["buyer_reference"]["bt"] == "BT-10"
    assert properties["purchase_order_reference"]["bt"] == "BT-13"
    assert properties["seller"]["bt"] == "BG-4"
    assert properties["lines"]["bt"] == "BG-25"
    definitions = schema["$defs"]
    assert definitions["Line"]["properties"]["quantity"]["bt"] == "BT-129"
    assert definitions["Price"]["properties"]["net_price"]["bt"] == "BT-146"
    assert definitions["Totals"]["properties"]["amount_due"]["bt"] == "BT-115"
    # A group used in several places gives one BT per place, in the order of its business groups.
    assert definitions["Address"]["properties"]["city"]["bt"] == ["BT-37", "BT-52", "BT-66", "BT-77"]
    assert definitions["DocumentAllowanceCharge"]["properties"]["amount"]["bt"] == ["BT-92", "BT-99"]


def _group_classes() -> dict[str, type[Group]]:
    found: dict[str, type[Group]] = {}
    pending: list[type[Group]] = [Invoice]
    while pending:
        cls = pending.pop()
        found[cls.__name__] = cls
        for info in cls.model_fields.values():
            for candidate in _types(info.annotation):
                if isinstance(candidate, type) and issubclass(candidate, Group) and candidate.__name__ not in found:
                    pending.append(candidate)
    return found


def _types(annotation: Any) -> list[Any]:
    args = getattr(annotation, "__args__", None)
    if not args:
        return [annotation]
    return [t for arg in args for t in _types(arg)]


def test_every_field_of_every_business_group_has_its_bt_in_the_schema() -> None:
    schema = Invoice.model_json_schema()
    definitions = {"Invoice": schema, **schema["$defs"]}
    classes = _group_classes()
    assert set(definitions) == set(classes)
    for name, definition in definitions.items():
        if not classes[name].groups:
            continue  # the sub-parts of a BT (an identifier and its scheme, an attachment and its file name)
        for field, spec in definition["properties"].items():
            assert "bt" in spec, f"{name}.{field} has no BT in the schema"
            ids = spec["bt"] if isinstance(spec["bt"], list) else [spec["bt"]]
            assert all(i.startswith(("BT-", "BG-")) for i in ids), f"{name}.{field}: {ids}"
