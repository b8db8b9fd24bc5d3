"""How a code list rule is read: the places a syntax writes a coded value, and one walk of the document per run.

A code list rule judges a value as it is written, wherever the syntax carries it: the artefacts check every
element of a kind (every ``currencyID``, every ``cac:Country/cbc:IdentificationCode``…), second occurrences and
empty elements included, and some of these places have no term in the model (the currency of each amount). So for
UBL and CII input the rules read the source document: one walk per run collects the elements every code list rule
names, and each rule then looks at its own. JSON input, which has no source, is checked on the model.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree

from ...formats.xml import NS
from ...model import Invoice
from ..engine import Context, Family
from .memo import per_run

# The rules of this module run as one batch (see :class:`~bordereau.rules.engine.Family`).
rule = Family(__name__).rule

Element = etree._Element
Accept = Callable[[Element | None, str | None], bool]
ModelValues = Callable[[Invoice], Iterable[tuple[str, str | None]]]


def clark(name: str) -> str:
    """``prefix:name`` as the Clark tag lxml uses."""
    prefix, _, local = name.partition(":")
    return f"{{{NS[prefix]}}}{local}"


def normalized(value: str | None) -> str:
    """XPath's normalize-space."""
    return " ".join((value or "").split())


def listed(values: frozenset[str]) -> Accept:
    """The artefacts' test: the normalized value, a single token, is one of ``values``."""

    def accept(element: Element | None, value: str | None) -> bool:
        return normalized(value) in values

    return accept


@dataclass(frozen=True)
class Place:
    """Where a syntax writes a coded value: elements of some tags (children of some parents), in their text or an
    attribute.

    ``required`` keeps only the elements that have the attribute (the context's ``[@attr]``); ``keep`` narrows the
    elements further; ``accept`` replaces the rule's list when this syntax judges the value its own way.
    """

    tags: tuple[str, ...]
    parents: tuple[str, ...] = ()
    attribute: str | None = None
    required: bool = False
    keep: Callable[[Element], bool] | None = None
    accept: Accept | None = None

    def hits(self, elements: dict[str, list[Element]], default: Accept) -> Iterator[tuple[Element, str | None]]:
        """The elements of this place whose value is not accepted, with the value."""
        accept = self.accept or default
        by_value = accept not in BY_ELEMENT
        verdicts: dict[str | None, bool] = {}  # values repeat (every line's unit code): judge each once
        for element in self._candidates(elements):
            if self.attribute is None:
                value = element.text
            else:
                value = element.get(self.attribute)
                if value is None and self.required:
                    continue
            if self.keep is not None and not self.keep(element):
                continue
            if by_value:
                ok = verdicts.get(value)
                if ok is None:
                    ok = verdicts[value] = accept(element, value)
            else:
                ok = accept(element, value)
            if not ok:
                yield element, value

    @property
    def walked(self) -> tuple[str, ...]:
        """The tags the document walk collects for this place: its parents' when it has some, else its own."""
        return self.parents or self.tags

    def _candidates(self, elements: dict[str, list[Element]]) -> Iterator[Element]:
        if not self.parents:
            for tag in self.tags:
                yield from elements.get(tag, ())
            return
        for tag in self.parents:
            for parent in elements.get(tag, ()):
                yield from parent.iterchildren(*self.tags)


# The tests that look at the element, not only at the value (filled by the rules that have some).
BY_ELEMENT: set[Accept] = set()

# Every tag some code list rule looks at, by syntax: the document is walked once per run for all of them.
_TAGS: dict[str, set[str]] = {"ubl": set(), "cii": set()}


def _elements(ctx: Context) -> dict[str, list[Element]]:
    found: dict[str, list[Element]] = {}
    if ctx.root is not None:
        for element in ctx.root.iter(*_TAGS[ctx.syntax]):
            found.setdefault(element.tag, []).append(element)
    return found


def at(
    tags: str,
    parent: str | None = None,
    attribute: str | None = None,
    *,
    required: bool = False,
    keep: Callable[[Element], bool] | None = None,
    accept: Accept | None = None,
) -> Place:
    """A :class:`Place` from prefixed names: space-separated tags, and the parents' tags when given."""
    return Place(
        tuple(clark(t) for t in tags.split()),
        () if parent is None else tuple(clark(t) for t in parent.split()),
        attribute,
        required,
        keep,
        accept,
    )


def code_rule(
    id: str,
    bt: list[str],
    en: str,
    fr: str,
    accept: Accept,
    ubl: Place | None,
    cii: Place | None,
    model: ModelValues,
) -> None:
    """Register a code list rule: its places in UBL and CII, and the model values it checks in JSON input."""

    for syntax, place in (("ubl", ubl), ("cii", cii)):
        if place is not None:
            _TAGS[syntax].update(place.walked)

    def check(ctx: Context) -> Iterator[Any]:
        if ctx.syntax in ("ubl", "cii") and ctx.root is not None:
            place = ubl if ctx.syntax == "ubl" else cii
            if place is not None:
                for element, value in place.hits(per_run(ctx, "codelists", _elements), accept):
                    yield element, {"value": value or ""}
            return
        for path, value in model(ctx.invoice):
            if value is not None and not accept(None, value):
                yield path, {"value": value}

    rule(id, bt=bt, en=en, fr=fr)(check)
