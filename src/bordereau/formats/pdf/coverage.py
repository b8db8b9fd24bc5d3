"""Nothing in the data may be missing from the page: what the layout placed, and everything else.

The layout marks each field it shows. Whatever else the invoice carries (a business term that the layout has no
place for, or one added to the model later) is listed by :func:`leftovers` under "other information", with its
BT id and name, so the legible copy and the data can never diverge.
"""

from __future__ import annotations

import types
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any, Union, get_args, get_origin

from ...model import Attachment, Classification, Group, Identifier
from .labels import NBSP, WORDS, day, number
from .terms import FRENCH

# Groups shown as one value (an identifier with its scheme, a classification, an attached file).
_ATOMIC = (Identifier, Classification, Attachment)


class Placed:
    """The fields the layout has put on the page, by group instance."""

    __slots__ = ("_seen",)

    def __init__(self) -> None:
        self._seen: set[tuple[int, str]] = set()

    def take(self, group: Group, name: str) -> Any:
        """The value of ``group.name``, marked as shown."""
        self._seen.add((id(group), name))
        return getattr(group, name)

    def mark(self, group: Group, *names: str) -> None:
        for name in names:
            self._seen.add((id(group), name))

    def __contains__(self, key: tuple[int, str]) -> bool:
        return key in self._seen


def identifier(value: Identifier, lang: str) -> str:
    scheme = f" ({WORDS[lang]['scheme']} {value.scheme_id})" if value.scheme_id else ""
    return f"{value.value}{scheme}"


def classification(value: Classification, lang: str) -> str:
    parts = [value.list_id or "", value.list_version or ""]
    extra = " ".join(p for p in parts if p)
    return f"{value.value} ({extra})" if extra else value.value


def attachment(value: Attachment, lang: str) -> str:
    words = WORDS[lang]
    details = [value.mime_code or "", f"{number(Decimal(len(value.content)), lang)}{NBSP}{words['bytes']}"]
    name = value.filename or ""
    return f"{name} ({', '.join(d for d in details if d)}, {words['attached']})".strip()


def display(value: Any, lang: str) -> str:
    """A value as the generic section writes it."""
    if isinstance(value, Identifier):
        return identifier(value, lang)
    if isinstance(value, Classification):
        return classification(value, lang)
    if isinstance(value, Attachment):
        return attachment(value, lang)
    if isinstance(value, Decimal):
        return number(value, lang)
    if isinstance(value, date):
        return day(value, lang)
    if isinstance(value, list):
        return "; ".join(display(item, lang) for item in value)
    return str(value)


def term_name(cls: type[Group], name: str, bt: str | None, lang: str) -> str:
    """``Name of the term (BT-n)``: French from our table, English from the model's own description."""
    label = FRENCH.get(bt or "") if lang == "fr" else None
    if label is None:
        label = cls.model_fields[name].description or name
        label = label.split(";")[0].split(",")[0]
    return f"{label} ({bt})" if bt else label


def leftovers(invoice: Group, placed: Placed, lang: str) -> list[tuple[str, str]]:
    """Every filled term the layout did not place, as (name, value), in model order."""
    found: list[tuple[str, str]] = []
    _walk(invoice, None, placed._seen, lang, found)
    return found


def _kind(annotation: Any) -> str:
    """``group`` (a nested business group), ``groups`` (a list of them) or ``leaf`` (a value shown as such)."""
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        members = [a for a in get_args(annotation) if a is not type(None)]
        return _kind(members[0]) if len(members) == 1 else "leaf"
    if origin is list:
        return "groups" if _kind(get_args(annotation)[0]) == "group" else "leaf"
    if isinstance(annotation, type) and issubclass(annotation, Group) and not issubclass(annotation, _ATOMIC):
        return "group"
    return "leaf"


@cache
def _fields(cls: type[Group], context: str | None) -> tuple[tuple[str, str, str | None, str | None], ...]:
    """(field, kind, its BT, the business group its content belongs to) for each field of ``cls``, in order."""
    out = []
    for name, info in cls.model_fields.items():
        bt = cls.bt_of(name, context)
        out.append((name, _kind(info.annotation), bt, bt if bt and bt.startswith("BG") else context))
    return tuple(out)


def _walk(
    group: Group, context: str | None, placed: set[tuple[int, str]], lang: str, found: list[tuple[str, str]]
) -> None:
    cls = type(group)
    values = group.__dict__
    for name, kind, bt, inner in _fields(cls, context):
        value = values[name]
        if value is None:
            continue
        if kind == "group":
            _walk(value, inner, placed, lang, found)
        elif kind == "groups":
            for item in value:
                _walk(item, inner, placed, lang, found)
        elif (id(group), name) not in placed and not (value == "" or value == []):
            found.append((term_name(cls, name, bt, lang), display(value, lang)))
