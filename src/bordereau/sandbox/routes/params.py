"""Reading requests the way real clients send them.

Generated clients send every field, the unused ones as ``0``, ``""``, ``false``, ``null`` or ``{}``: all of
these mean "not given". Unknown keys are ignored; where public clients disagree on a key, both are read.
"""

from __future__ import annotations

import base64
import binascii
import math
from dataclasses import dataclass
from typing import Any

from . import BadRequest

DEFAULT_PAGE_SIZE = 100  # UNSURE: the platform's default page size is not documented
MAX_PAGE_SIZE = 10_000


def _first(body: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        value = body.get(key)
        if value is not None and value != "" and value != {} and value != []:
            return value
    return None


def text(body: dict[str, Any], *keys: str) -> str | None:
    """A string field (numbers are taken as their text); ``None`` when not given."""
    value = _first(body, keys)
    if value is None or isinstance(value, dict | list) or value is False:
        return None
    if isinstance(value, bool):
        return "true"
    result = str(value).strip()
    return result or None


def integer(body: dict[str, Any], *keys: str) -> int | None:
    """An id: a JSON integer (or digits in a string); ``0`` means not given."""
    value = _first(body, keys)
    if value is None or value is False:
        return None
    if isinstance(value, bool | dict | list):
        raise BadRequest(f"le champ {keys[0]} doit être un entier")
    if isinstance(value, float):
        if not value.is_integer():
            raise BadRequest(f"le champ {keys[0]} doit être un entier")
        value = int(value)
    if isinstance(value, str):
        if not value.strip().lstrip("-").isdigit():
            raise BadRequest(f"le champ {keys[0]} doit être un entier")
        value = int(value.strip())
    return value or None


def number(body: dict[str, Any], *keys: str) -> float | None:
    """An amount; ``0`` means not given (a filter on zero is not something a client can ask for)."""
    value = _first(body, keys)
    if value is None or value is False or isinstance(value, dict | list | bool):
        return None
    try:
        result = float(value)
    except (TypeError, ValueError):
        raise BadRequest(f"le champ {keys[0]} doit être un nombre") from None
    if not math.isfinite(result):
        raise BadRequest(f"le champ {keys[0]} doit être un nombre")
    return result or None


def flag(body: dict[str, Any], *keys: str) -> bool | None:
    """``True`` for true/"true"/"OUI"/1, ``None`` otherwise (false is the value unused fields have)."""
    value = _first(body, keys)
    if value is True or value == 1 or (isinstance(value, str) and value.strip().lower() in ("true", "oui", "1")):
        return True
    return None


def strict_flag(body: dict[str, Any], *keys: str) -> bool | None:
    """A flag where false is meaningful when sent as a word (``"false"``, ``"NON"``)."""
    value = _first(body, keys)
    if value is True or value == 1:
        return True
    if isinstance(value, str):
        word = value.strip().lower()
        if word in ("true", "oui", "1"):
            return True
        if word in ("false", "non", "0"):
            return False
    if value is False and any(body.get(k) is False for k in keys):
        return False
    return None


def obj(body: dict[str, Any], *keys: str) -> dict[str, Any]:
    value = _first(body, keys)
    return value if isinstance(value, dict) else {}


def items(body: dict[str, Any], *keys: str) -> list[Any]:
    """A list field; an object where a list is expected (some clients) counts as a list of one."""
    value = _first(body, keys)
    if value is None:
        return []
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return [item for item in value if item not in (None, "", {})]
    return [value]


def strings(body: dict[str, Any], *keys: str) -> list[str]:
    """A string or a list of strings (clients disagree on ``statutCourant``)."""
    return [str(item).strip() for item in items(body, *keys) if not isinstance(item, dict | list) and str(item).strip()]


def b64(body: dict[str, Any], key: str, *, required: bool = True) -> bytes | None:
    value = body.get(key)
    if not value:
        if required:
            raise BadRequest(f"le champ {key} est obligatoire")
        return None
    if not isinstance(value, str):
        raise BadRequest(f"le champ {key} doit contenir le fichier encodé en base64")
    try:
        return base64.b64decode("".join(value.split()), validate=True)
    except (binascii.Error, ValueError):
        raise BadRequest(f"le champ {key} n'est pas du base64 valide") from None


@dataclass(slots=True)
class Paging:
    per_page: int
    page: int
    column: str | None
    descending: bool
    maximum: int | None

    def window(self, total: int) -> tuple[int, int]:
        """The slice of a sorted result to send."""
        limit = total if self.maximum is None else min(total, self.maximum)
        start = (self.page - 1) * self.per_page
        return min(start, limit), min(start + self.per_page, limit)

    def summary(self, total: int) -> dict[str, int]:
        limit = total if self.maximum is None else min(total, self.maximum)
        return {
            "nbResultatsParPage": self.per_page,
            "pageCourante": self.page,
            "pages": math.ceil(limit / self.per_page) if limit else 0,
            "total": limit,
        }


def paging(body: dict[str, Any], *keys: str, default_size: int = DEFAULT_PAGE_SIZE) -> Paging:
    """The paging asked in one of the objects ``keys``, or at top level.

    Each operation names its paging keys its own way (``nbResultatsParPageLignesPoste``,
    ``triSensListeHistoStatut``, ``triSense`` …): a key is found by its prefix.
    """
    source = obj(body, *keys) if keys else {}
    if not source:
        source = body
    per_page = _positive(_prefixed(source, "nbResultatsParPage"), default_size)
    page = _positive(_prefixed(source, "pageResultatDemandee"), 1)
    column = _prefixed(source, "triColonne")
    order = _prefixed(source, "triSens")
    maximum = _positive(source.get("nbResultatsMaximum") or body.get("nbResultatsMaximum"), 0) or None
    return Paging(
        per_page=min(per_page, MAX_PAGE_SIZE),
        page=page,
        column=str(column).strip() if column else None,
        descending=str(order or "").strip().lower().startswith("desc"),
        maximum=maximum,
    )


def _prefixed(source: dict[str, Any], prefix: str) -> Any:
    value = source.get(prefix)
    if value not in (None, "", 0):
        return value
    for key, value in source.items():
        if key.startswith(prefix) and value not in (None, "", 0) and not isinstance(value, dict | list):
            return value
    return None


def _positive(value: Any, default: int) -> int:
    try:
        number_ = int(value)
    except (TypeError, ValueError):
        return default
    return number_ if number_ > 0 else default
