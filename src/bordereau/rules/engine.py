"""The rule engine: rules are small functions registered with their official id, and findings say where.

A rule's check receives a :class:`Context` and yields one *hit* per occurrence, as the official schematron
fires once per context node. A hit is where the problem is: a model group (read from a source element), an
lxml element, a ready-made location string, or ``None`` for the document itself; a ``(where, params)`` pair
fills the ``{placeholders}`` of the rule's messages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from lxml import etree

from ..formats.document import Document
from ..formats.xml import path_of
from ..model import Group, Invoice

Severity = Literal["fatal", "warning"]
Check = Callable[["Context"], Iterable[Any]]

SETS = ("en16931", "fr", "chorus")
DEFAULT_SETS = ("en16931", "chorus")


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    severity: Severity
    bts: tuple[str, ...]
    set: str
    messages: dict[str, str]
    check: Check
    syntaxes: frozenset[str] | None = None  # None: every syntax; else only documents read from these

    def message(self, lang: str, params: dict[str, Any] | None = None) -> str:
        text = self.messages.get(lang) or self.messages["en"]
        return text.format(**params) if params else text


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    severity: Severity
    bt: list[str]
    location: str | None
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "bt": self.bt,
            "location": self.location,
            "message": self.message,
        }


@dataclass(slots=True)
class Report:
    source: str
    syntax: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not any(f.severity == "fatal" for f in self.findings)

    def fatal(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "fatal"]

    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]


@dataclass(slots=True)
class Context:
    """What a rule sees: the invoice, and the source document it was read from (when there is one)."""

    document: Document
    options: dict[str, Any] = field(default_factory=dict)
    # Facts worked out once per run and shared by the rules that need them (an index of the lines by VAT
    # category, one walk over the XML tree…): the context is made afresh for each run, so is the memo.
    memo: dict[Any, Any] = field(default_factory=dict)

    @property
    def invoice(self) -> Invoice:
        return self.document.invoice

    @property
    def root(self) -> etree._Element | None:
        return self.document.root

    @property
    def syntax(self) -> str:
        return self.document.syntax


class Registry:
    def __init__(self) -> None:
        self.rules: dict[str, Rule] = {}

    def rule(
        self,
        id: str,
        *,
        set: str = "en16931",
        severity: Severity = "fatal",
        bt: Iterable[str] = (),
        fr: str,
        en: str,
        syntax: str | Iterable[str] | None = None,
    ) -> Callable[[Check], Check]:
        """Register the decorated check under ``id``; ids are unique across all sets."""

        def register(check: Check) -> Check:
            if id in self.rules:
                raise ValueError(f"rule {id} is registered twice")
            syntaxes = None if syntax is None else frozenset([syntax] if isinstance(syntax, str) else syntax)
            self.rules[id] = Rule(id, severity, tuple(bt), set, {"fr": fr, "en": en}, check, syntaxes)
            return check

        return register

    def select(self, sets: Iterable[str], syntax: str) -> list[Rule]:
        wanted = set(sets)
        # A Factur-X PDF carries a CII document: the CII binding rules apply to it too.
        syntaxes = {syntax, "cii"} if syntax == "facturx" else {syntax}
        return [
            r
            for r in self.rules.values()
            if r.set in wanted and (r.syntaxes is None or not r.syntaxes.isdisjoint(syntaxes))
        ]


REGISTRY = Registry()
rule = REGISTRY.rule


def location_of(where: Any) -> str | None:
    if where is None:
        return None
    if isinstance(where, str):
        return where
    if isinstance(where, Group):
        element = where._source
        return path_of(element) if element is not None else None
    if isinstance(where, etree._Element):
        return path_of(where)
    raise TypeError(f"a rule yielded {type(where).__name__}, not a location")


def _hits(rule: Rule, context: Context) -> Iterator[tuple[Any, dict[str, Any] | None]]:
    for hit in rule.check(context) or ():
        if isinstance(hit, tuple):
            yield hit[0], hit[1]
        else:
            yield hit, None


def run(
    document: Document,
    sets: Iterable[str] = DEFAULT_SETS,
    *,
    lang: str = "en",
    options: dict[str, Any] | None = None,
) -> Report:
    """Run every rule of ``sets`` that applies to the document's syntax."""
    context = Context(document, options or {})
    report = Report(document.source, document.syntax)
    for selected in REGISTRY.select(sets, document.syntax):
        for where, params in _hits(selected, context):
            report.findings.append(
                Finding(
                    selected.id,
                    selected.severity,
                    list(selected.bts),
                    location_of(where) or ("/" if document.root is None else path_of(document.root)),
                    selected.message(lang, params),
                )
            )
    return report
