"""The building blocks of the model: a field that knows its BT, and the base of every business group."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, ClassVar, Self

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, PrivateAttr

# Amounts, quantities and rates stay exact; in JSON they are written as strings so that no reader turns
# them into floats.
Amount = Annotated[Decimal, PlainSerializer(lambda v: format(v, "f"), return_type=str, when_used="json")]


def bt(
    *ids: str,
    mandatory: bool = False,
    default: Any = None,
    factory: Any = None,
    description: str = "",
    **extra: Any,
) -> Any:
    """A model field tagged with its EN 16931 business term.

    A group used in several places of the model (an address, a contact, an allowance) gives one id per
    place, in the order of the class's ``groups``. ``mandatory`` records the cardinality of EN 16931-1;
    it is checked on JSON input and by the rules, never by the readers, which must accept incomplete
    documents so that the rules can say what is missing.
    """
    schema: dict[str, Any] = {"bt": ids[0] if len(ids) == 1 else list(ids)}
    if mandatory:
        schema["mandatory"] = True
    if isinstance(default, list) or factory is not None:
        return Field(default_factory=factory or list, description=description, json_schema_extra=schema, **extra)
    return Field(default=default, description=description, json_schema_extra=schema, **extra)


class Group(BaseModel):
    """A business group (BG) of EN 16931-1."""

    model_config = ConfigDict(extra="forbid", validate_assignment=False, populate_by_name=True)

    # The ids of the business groups this class stands for, in the order used by ``bt(...)``.
    groups: ClassVar[tuple[str, ...]] = ()

    # The element of the source document this group was read from, so that a finding can point at it.
    _source: Any = PrivateAttr(default=None)

    @classmethod
    def read_from(cls, source: Any, /, **fields: Any) -> Self:
        """A group a reader built from ``source`` (the element it was read from), without pydantic's validation.

        A reader gives every field its final type itself (``Decimal``, ``date``, groups, lists), and validating
        again what was just built costs as much as the reading: validation of a whole corpus spends half its
        time there. Tests check that the readers' output survives ``model_validate`` unchanged.
        """
        plain, factories = _DEFAULTS.get(cls) or _defaults_of(cls)
        values = plain.copy()
        for name, make in factories:
            values[name] = make()
        values.update(fields)
        group = cls.__new__(cls)
        setattr_ = object.__setattr__
        setattr_(group, "__dict__", values)
        setattr_(group, "__pydantic_fields_set__", set(fields))
        setattr_(group, "__pydantic_extra__", None)
        setattr_(group, "__pydantic_private__", {"_source": source})
        return group

    def __deepcopy__(self, memo: dict[int, Any] | None = None) -> Any:
        # The source element is a pointer into the parsed document, not part of the value: copies share it.
        memo = {} if memo is None else memo
        if self._source is not None:
            memo[id(self._source)] = self._source
        return super().__deepcopy__(memo)

    def __eq__(self, other: object) -> bool:
        # Two groups are equal when their business terms are: where they were read from does not matter.
        return type(self) is type(other) and self.__dict__ == other.__dict__

    __hash__ = None  # type: ignore[assignment]

    @classmethod
    def bt_of(cls, field: str, group: str | None = None) -> str | None:
        """The BT id of ``field``, for the business group ``group`` when the class serves several."""
        info = cls.model_fields[field]
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        ids = extra.get("bt")
        if isinstance(ids, list):
            index = cls.groups.index(group) if group in cls.groups else 0
            return ids[index]
        return ids  # type: ignore[return-value]

    @classmethod
    def is_mandatory(cls, field: str) -> bool:
        extra = cls.model_fields[field].json_schema_extra
        return isinstance(extra, dict) and bool(extra.get("mandatory"))

    def is_empty(self) -> bool:
        """True when nothing at all was filled in (so a writer can leave the group out)."""
        for name in type(self).model_fields:
            value = getattr(self, name)
            if isinstance(value, Group):
                if not value.is_empty():
                    return False
            elif value not in (None, [], ""):
                return False
        return True


# Per class, for ``read_from``: the defaults by field, and the fields whose default a factory makes (lists).
_DEFAULTS: dict[type[Group], tuple[dict[str, Any], tuple[tuple[str, Any], ...]]] = {}


def _defaults_of(cls: type[Group]) -> tuple[dict[str, Any], tuple[tuple[str, Any], ...]]:
    fields = cls.model_fields.items()
    plain = {name: info.default if info.default_factory is None else None for name, info in fields}  # field order
    factories = tuple((name, info.default_factory) for name, info in fields if info.default_factory is not None)
    _DEFAULTS[cls] = (plain, factories)
    return plain, factories
