"""Column types that behave the same on SQLite and PostgreSQL.

SQLite has no time zones and no exact decimals; these types make the Python side identical on both databases:
instants are always timezone-aware UTC, amounts are always exact ``Decimal`` (kept as text on SQLite, where a
NUMERIC column would turn them into floating point).
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, Generic, TypeVar

from sqlalchemy import BigInteger, DateTime, Integer, Numeric, String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

# Chorus Pro amounts are decimal(19,6).
MONEY_PRECISION = 19
MONEY_SCALE = 6

# A 64-bit key that is still SQLite's rowid (only ``INTEGER PRIMARY KEY`` autoincrements there).
BigId = BigInteger().with_variant(Integer(), "sqlite")


class _Unset:
    """The default of an optional argument that may also be given as None ("leave it" vs "clear it")."""

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()


def utcnow() -> datetime:
    """The current instant, timezone-aware UTC: the only clock the store uses."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """An instant: refuses naive datetimes on the way in, returns aware UTC on the way out."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value.isoformat()} given to the store: give a timezone-aware instant")
        value = value.astimezone(UTC)
        # SQLite stores the text without the offset: make it UTC first so that text order is time order.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Money(TypeDecorator[Decimal]):
    """An exact amount: NUMERIC(19,6) on PostgreSQL, text on SQLite."""

    impl = Numeric(MONEY_PRECISION, MONEY_SCALE, asdecimal=True)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(String(40))
        return dialect.type_descriptor(Numeric(MONEY_PRECISION, MONEY_SCALE, asdecimal=True))

    def process_bind_param(self, value: Decimal | int | str | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        amount = Decimal(value) if not isinstance(value, Decimal) else value
        if not amount.is_finite():
            raise ValueError(f"amount {value!r} is not a finite number")
        if amount.as_tuple().exponent < -MONEY_SCALE:  # type: ignore[operator]
            raise ValueError(f"amount {value} has more than {MONEY_SCALE} decimals")
        return format(amount, "f") if dialect.name == "sqlite" else amount

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return tidy(value if isinstance(value, Decimal) else Decimal(str(value)))


CENTS = Decimal("0.01")


def tidy(amount: Decimal) -> Decimal:
    """The same amount written the same way on every database: no trailing zeros beyond the cents (1200.00, 0.125)."""
    reduced = amount.normalize()
    return reduced.quantize(CENTS) if reduced.as_tuple().exponent > -2 else reduced  # type: ignore[operator]


E = TypeVar("E", bound=StrEnum)


class StrEnumType(TypeDecorator[E], Generic[E]):
    """A ``StrEnum`` kept as its plain value in a VARCHAR (no database enum type to migrate)."""

    impl = String
    cache_ok = True

    def __init__(self, enum: type[E], length: int = 20) -> None:
        super().__init__(length)
        self.enum = enum
        self.length = length

    def process_bind_param(self, value: E | str | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return self.enum(value).value

    def process_result_value(self, value: str | None, dialect: Dialect) -> E | None:
        return None if value is None else self.enum(value)
