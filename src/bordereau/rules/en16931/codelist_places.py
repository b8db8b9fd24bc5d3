"""How a code list rule is read: the places a syntax writes a coded value, and one walk of the document per run.

A code list rule judges a value as it is written, wherever the syntax carries it: the artefacts check every
element of a kind (every ``currencyID``, every ``cac:Country/cbc:IdentificationCode``…), second occurrences and
empty elements included, and some of these places have no term in the model (the currency of each amount). So for
UBL and CII input the rules read the source document: one walk per run collects the elements every code list rule
names, and each rule then looks at its own. JSON input, which has no source, is checked on the model.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from lxml import etree

from ...formats.xml import NS
from ...model import Invoice
from ..engine import Context, rule
from .memo import per_run

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

    _LISTS[accept] = values
    return accept


# The list behind each test made by :func:`listed`: a value found in it as it is written passes at once (a listed
# code is a single token, which normalizing leaves alone).
_LISTS: dict[Accept, frozenset[str]] = {}


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

    def hits(self, elements: dict[str, list[Element]], default: Accept) -> list[tuple[Element, str | None]]:
        """The elements of this place whose value is not accepted, with the value."""
        parents, tags = self.parents, self.tags
        if not parents:
            candidates = (
                elements.get(tags[0], []) if len(tags) == 1 else [e for tag in tags for e in elements.get(tag, ())]
            )
        else:
            candidates = []
            for tag in parents:
                for parent in elements.get(tag, ()):
                    if len(parent) <= 2:
                        # Comparing the tags of a few children costs less than a tag lookup.
                        candidates += [e for e in parent if e.tag in tags]
                    else:
                        candidates += parent.iterchildren(*tags)
        if not candidates:
            return []
        accept = self.accept or default
        by_value = accept not in BY_ELEMENT
        values = _LISTS.get(accept, frozenset())
        attribute, required, keep = self.attribute, self.required, self.keep
        verdicts: dict[str | None, bool] = {}  # values repeat (every line's unit code): judge each once
        found = []
        for element in candidates:
            if attribute is None:
                value = element.text
            else:
                value = element.get(attribute)
                if value is None and required:
                    continue
            if value in values:
                continue  # accepted whatever ``keep`` says
            if keep is not None and not keep(element):
                continue
            if by_value:
                ok = verdicts.get(value)
                if ok is None:
                    ok = verdicts[value] = accept(element, value)
            else:
                ok = accept(element, value)
            if not ok:
                found.append((element, value))
        return found

    @property
    def walked(self) -> tuple[str, ...]:
        """The tags the document walk collects for this place: its parents' when it has some, else its own."""
        return self.parents or self.tags


# The tests that look at the element, not only at the value (filled by the rules that have some).
BY_ELEMENT: set[Accept] = set()

# Every tag some code list rule looks at, by syntax: the document is walked once per run for all of them.
_TAGS: dict[str, set[str]] = {"ubl": set(), "cii": set()}


def _elements(ctx: Context) -> dict[str, list[Element]]:
    found: dict[str, list[Element]] = {}
    if ctx.root is not None:
        for element in ctx.root.iter(*_TAGS[ctx.syntax]):
            tag = element.tag
            same = found.get(tag)
            if same is None:
                found[tag] = [element]
            else:
                same.append(element)
    return found


# Every code list rule in registration order: its id, its test, its places in UBL and CII, its model values.
_RULES: list[tuple[str, Accept, Place | None, Place | None, ModelValues]] = []


def _hits(ctx: Context) -> dict[str, list[Any]]:
    """The hits of every code list rule, worked out together once per run: one walk, then each rule's places."""
    found: dict[str, list[Any]] = {}
    if ctx.syntax in ("ubl", "cii") and ctx.root is not None:
        elements = _elements(ctx)
        ubl = ctx.syntax == "ubl"
        for rule_id, accept, ubl_place, cii_place, _ in _RULES:
            place = ubl_place if ubl else cii_place
            if place is not None:
                hits = place.hits(elements, accept)
                if hits:
                    found[rule_id] = [(element, {"value": value or ""}) for element, value in hits]
        return found
    invoice = ctx.invoice
    for rule_id, accept, _, _, model in _RULES:
        hits = [
            (path, {"value": value}) for path, value in model(invoice) if value is not None and not accept(None, value)
        ]
        if hits:
            found[rule_id] = hits
    return found


def _batch(ctx: Context) -> dict[str, list[Any]]:
    """The code list rules' batch for the engine (see :data:`~bordereau.rules.engine.Batch`)."""
    return per_run(ctx, "codelists.hits", _hits)


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
    _RULES.append((id, accept, ubl, cii, model))

    def check(ctx: Context) -> list[Any]:
        return _batch(ctx).get(id, [])

    rule(id, bt=bt, en=en, fr=fr, batch=_batch)(check)
