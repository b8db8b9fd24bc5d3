"""What every Chorus Pro request and answer shares: base classes, field types, paging.

The wire models mirror the API: their attributes are spelled exactly as the API spells its JSON keys
(``numeroFluxDepot``, ``idStructureCPP``), so that a model reads like the reference. Requests drop the fields
left at ``None``; answers keep the keys they do not model (``model_extra``), because the real API sends more
than any client reads. Amounts are ``Decimal`` and go out as JSON numbers; files are ``bytes`` and travel as
base64; dates are ``YYYY-MM-DD``; empty strings where a date is expected are read as ``None``.
"""

from __future__ import annotations

import base64
import binascii
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer


def _blank_to_none(value: Any) -> Any:
    return None if value == "" else value


def _decode_b64(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return base64.b64decode("".join(value.split()), validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ValueError("not valid base64") from exc
    return value


def _number(value: Decimal) -> int | float:
    """A JSON number for the API (which wants numbers, not the strings pydantic writes for Decimal)."""
    return int(value) if value == value.to_integral_value() and abs(value) < 2**53 else float(value)


Amount = Annotated[Decimal, PlainSerializer(_number, return_type=int | float, when_used="json")]
OptionalAmount = Annotated[Decimal | None, BeforeValidator(_blank_to_none)]
Day = Annotated[date | None, BeforeValidator(_blank_to_none)]
Instant = Annotated[datetime | None, BeforeValidator(_blank_to_none)]
# An outgoing file: bytes in Python, base64 in JSON.
FileOut = Annotated[bytes, PlainSerializer(lambda b: base64.b64encode(b).decode("ascii"), when_used="json")]
# An incoming file: base64 in JSON, bytes in Python.
FileIn = Annotated[bytes, BeforeValidator(_decode_b64)]
SortOrder = Literal["Ascendant", "Descendant"]


class Request(BaseModel):
    """A request body. ``payload()`` is what goes on the wire: API names, no ``None`` fields."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    def payload(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


class Answer(BaseModel):
    """An answer body: ``codeRetour`` 0 means success; unknown keys are kept in ``model_extra``."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    codeRetour: int = 0
    libelle: str = ""


class Part(BaseModel):
    """A nested object of an answer (same tolerance as :class:`Answer`)."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)


class RequestPart(BaseModel):
    """A nested object of a request."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Pagination(RequestPart):
    """The paging object a search takes (each operation names it its own way)."""

    nbResultatsParPage: int | None = Field(None, ge=1)
    pageResultatDemandee: int | None = Field(None, ge=1)
    triColonne: str | None = None
    triSens: SortOrder | None = None


class PagingInfo(Part):
    """``parametresRetour`` of a search answer (or the same four keys at top level)."""

    nbResultatsParPage: int = 0
    pageCourante: int = 1
    pages: int = 0
    total: int = 0


class Paged(Answer):
    """An answer with ``parametresRetour``."""

    parametresRetour: PagingInfo = Field(default_factory=PagingInfo)

    @property
    def last_page(self) -> bool:
        return self.parametresRetour.pageCourante >= self.parametresRetour.pages


class EmptyRequest(Request):
    """For operations that take nothing (``{}`` is sent)."""


class LanguageRequest(Request):
    """For reference lists: the language of the labels."""

    codeLangue: str | None = None
