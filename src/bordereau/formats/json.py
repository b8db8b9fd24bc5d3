"""The JSON input format: the model itself, with one clear message per problem instead of a pydantic dump."""

from __future__ import annotations

import json
import re
import types
from datetime import date
from decimal import Decimal
from typing import Any, Union, get_args, get_origin

from pydantic import ValidationError

from ..errors import InputError, InvalidInvoiceData
from ..model import DocumentAllowanceCharge, Group, Invoice, LineAllowanceCharge, Price, Totals, VatBreakdown, complete
from .document import Document

# How pydantic's error types read for a person filling in invoice data.
_REASONS = {
    "missing": "required",
    "extra_forbidden": "unknown field",
    "decimal_parsing": "not a number",
    "decimal_type": "not a number",
    "finite_number": "not a number",
    "date_from_datetime_parsing": "not a date (YYYY-MM-DD)",
    "date_from_datetime_inexact": "not a date (YYYY-MM-DD)",
    "date_parsing": "not a date (YYYY-MM-DD)",
    "date_type": "not a date (YYYY-MM-DD)",
    "string_type": "must be text",
    "list_type": "must be a list",
    "model_type": "must be an object",
    "model_attributes_type": "must be an object",
    "dict_type": "must be an object",
    "bytes_type": "must be base64 text",
}

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

# Names pydantic inserts in an error location for a validator or a union member, not for a field.
_TAGS = frozenset({"decimal", "date", "str", "bytes", "int", "float", "bool", "list", "dict", "none"})

Problem = tuple[str, str]


def _field_type(annotation: Any) -> tuple[type | None, bool]:
    """The class a field holds (unwrapping ``X | None`` and ``list[X]``), and whether it is a list."""
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        members = [a for a in get_args(annotation) if a is not type(None)]
        return _field_type(members[0]) if len(members) == 1 else (None, False)
    if origin is list:
        inner, _ = _field_type(get_args(annotation)[0])
        return inner, True
    if get_origin(annotation) is not None:  # Annotated[...] and other wrappers
        args = get_args(annotation)
        return _field_type(args[0]) if args else (None, False)
    return (annotation if isinstance(annotation, type) else None), False


def _group_class(annotation: Any) -> type[Group] | None:
    cls, _ = _field_type(annotation)
    return cls if cls is not None and issubclass(cls, Group) else None


def _context(field_bt: str | None, parent: str | None) -> str | None:
    """The business group a nested class stands for: the BG of the field that holds it."""
    return field_bt if field_bt and field_bt.startswith("BG") else parent


def _locate(location: tuple[Any, ...]) -> tuple[str, str | None]:
    """A readable path (``lines[1].quantity``) and the BT of the field a pydantic error location points at."""
    cls: type[Group] | None = Invoice
    group: str | None = None
    path = ""
    bt: str | None = None
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
            continue
        name = str(part)
        if cls is not None and name in cls.model_fields:
            field_bt = cls.bt_of(name, group)
            bt = field_bt or bt  # a sub-field without a BT of its own (an identifier's value) takes its parent's
            group = _context(field_bt, group)
            cls = _group_class(cls.model_fields[name].annotation)
        elif "[" in name or name in _TAGS:
            continue  # a validator or union tag, not a field
        else:
            bt, cls = None, None  # a field the model does not know
        path += f".{name}" if path else name
    return path or "(document)", bt


def _reason(error: Any) -> str:
    if error["type"] == "value_error":
        return str(error.get("ctx", {}).get("error", error["msg"]))
    return _REASONS.get(error["type"], error["msg"][:1].lower() + error["msg"][1:])


def _pydantic_problems(exc: ValidationError) -> list[Problem]:
    problems = []
    for error in exc.errors():
        path, bt = _locate(error["loc"])
        hint = f" ({bt})" if bt and error["type"] != "extra_forbidden" else ""
        problems.append((path, _reason(error) + hint))
    return problems


def _is_empty(value: Any) -> bool:
    return value is None or value == [] or (isinstance(value, str) and not value.strip())


def _computable(cls: type[Group], name: str, raw: dict[str, Any]) -> bool:
    """Whether a mandatory term left out is one that ``complete`` derives from the rest of the data."""
    if cls is Totals or (cls is VatBreakdown and name in ("taxable_amount", "tax_amount")):
        return True
    if (cls is Invoice and name == "totals") or name == "net_amount":
        return True
    if cls in (DocumentAllowanceCharge, LineAllowanceCharge) and name == "amount":
        return not _is_empty(raw.get("base_amount")) and not _is_empty(raw.get("percentage"))
    return cls is Price and name == "net_price" and not _is_empty(raw.get("gross_price"))


def _check(cls: type[Group], raw: dict[str, Any], path: str, group: str | None) -> list[Problem]:
    """Mandatory business terms left empty and dates not written YYYY-MM-DD, found in the raw data.

    Mandatory terms are checked only on JSON input (the XML readers must accept gaps, so that the rules can
    say what is missing). Working on the raw data lets these problems be reported together with the type
    errors pydantic finds; pydantic itself would take a number of seconds since 1970 as a date.
    """
    problems: list[Problem] = []
    for name, info in cls.model_fields.items():
        where = f"{path}.{name}" if path else name
        field_bt = cls.bt_of(name, group)
        value = raw.get(name)
        inner, many = _field_type(info.annotation)
        if value is None and not many and info.default_factory is not None:
            value = {}  # a group the model always creates (process control): check what it must hold
        if _is_empty(value):
            if cls.is_mandatory(name) and not _computable(cls, name, raw):
                problems.append((where, f"required ({field_bt})"))
            continue
        if inner is date and not (isinstance(value, str) and _DATE.fullmatch(value)):
            problems.append((where, f"not a date (YYYY-MM-DD) ({field_bt})"))
        elif inner is not None and issubclass(inner, Group):
            context = _context(field_bt, group)
            if isinstance(value, dict):
                problems.extend(_check(inner, value, where, context))
            elif isinstance(value, list):
                for index, item in enumerate(value):
                    if isinstance(item, dict):
                        problems.extend(_check(inner, item, f"{where}[{index}]", context))
    return problems


def _parse(data: bytes, source: str) -> dict[str, Any]:
    if not data.strip():
        raise InputError("the input is empty (expected a JSON object: an invoice)", source=source)
    try:
        # Numbers become Decimals straight from their text, so that no amount passes through a float.
        raw = json.loads(data, parse_float=Decimal)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"not valid JSON ({exc})", source=source) from None
    except RecursionError:
        raise InputError("not valid JSON (nested too deeply)", source=source) from None
    if not isinstance(raw, dict):
        raise InputError(f"the JSON document must be an object (an invoice), not {_json_type(raw)}", source=source)
    return raw


def _json_type(value: Any) -> str:
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    return "a number"


def read(data: bytes, source: str) -> Document:
    """Read a JSON invoice, complete its totals, and report every problem at once."""
    raw = _parse(data, source)
    problems: list[Problem] = []
    invoice = None
    try:
        invoice = Invoice.model_validate(raw)
    except ValidationError as exc:
        problems = _pydantic_problems(exc)
    reported = {path for path, _ in problems}
    problems += [problem for problem in _check(Invoice, raw, "", None) if problem[0] not in reported]
    if not raw.get("lines") and "lines" not in reported:
        problems.append(("lines", "at least one invoice line is required (BG-25)"))
    if problems or invoice is None:
        raise InvalidInvoiceData(problems, source=source)
    return Document(invoice=complete(invoice), syntax="json", source=source)


def write(invoice: Invoice) -> bytes:
    return (invoice.model_dump_json(indent=2, exclude_none=True, exclude_defaults=True) + "\n").encode()
