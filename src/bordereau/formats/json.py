"""The JSON input format: the model itself, with one clear message per problem instead of a pydantic dump."""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError

from ..errors import InputError, InvalidInvoiceData
from ..model import Group, Invoice, complete
from .document import Document

# How pydantic's error types read for a person filling in invoice data.
_REASONS = {
    "missing": "required",
    "extra_forbidden": "unknown field",
    "decimal_parsing": "not a number",
    "decimal_type": "not a number",
    "date_from_datetime_parsing": "not a date (YYYY-MM-DD)",
    "date_parsing": "not a date (YYYY-MM-DD)",
    "date_type": "not a date (YYYY-MM-DD)",
    "string_type": "must be text",
    "list_type": "must be a list",
    "model_type": "must be an object",
    "model_attributes_type": "must be an object",
    "bytes_type": "must be base64 text",
}


def _path(location: tuple[Any, ...]) -> str:
    path = ""
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        elif not str(part).startswith(("function-", "decimal", "date", "str", "bytes")):
            path += f".{part}" if path else str(part)
    return path or "(document)"


def _bt_hint(location: tuple[Any, ...]) -> str:
    """The BT of the field at ``location``, for a message a person can look up in the standard."""
    cls: type[Group] = Invoice
    bt = None
    for part in location:
        if isinstance(part, int) or part not in cls.model_fields:
            continue
        bt = cls.bt_of(part)
        annotation = cls.model_fields[part].annotation
        for candidate in getattr(annotation, "__args__", (annotation,)):
            inner = getattr(candidate, "__args__", (candidate,))[0]
            if isinstance(inner, type) and issubclass(inner, Group):
                cls = inner
                break
    return f" ({bt})" if bt and bt.startswith(("BT", "BG")) else ""


def _missing_mandatory(group: Group, path: str) -> list[tuple[str, str]]:
    """Mandatory business terms left empty, checked only on JSON input (readers must accept gaps)."""
    problems = []
    for name in type(group).model_fields:
        value = getattr(group, name)
        where = f"{path}.{name}" if path else name
        if value in (None, "", []) and type(group).is_mandatory(name):
            if name in ("totals", "net_amount"):
                continue  # computed when left out
            problems.append((where, f"required ({type(group).bt_of(name)})"))
        elif isinstance(value, Group):
            problems.extend(_missing_mandatory(value, where))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, Group):
                    problems.extend(_missing_mandatory(item, f"{where}[{index}]"))
    return problems


def read(data: bytes, source: str) -> Document:
    """Read a JSON invoice, complete its totals, and report every problem at once."""
    try:
        raw = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"not valid JSON ({exc})", source=source) from None
    if not isinstance(raw, dict):
        raise InputError("the JSON document must be an object (an invoice)", source=source)
    try:
        invoice = Invoice.model_validate(raw)
    except ValidationError as exc:
        problems = [
            (_path(e["loc"]), _REASONS.get(e["type"], e["msg"].lower()) + _bt_hint(e["loc"])) for e in exc.errors()
        ]
        raise InvalidInvoiceData(problems, source=source) from None
    problems = _missing_mandatory(invoice, "")
    if not invoice.lines:
        problems.append(("lines", "at least one invoice line is required (BG-25)"))
    if problems:
        raise InvalidInvoiceData(problems, source=source)
    return Document(invoice=complete(invoice), syntax="json", source=source)


def write(invoice: Invoice) -> bytes:
    return (invoice.model_dump_json(indent=2, exclude_none=True, exclude_defaults=True) + "\n").encode()
