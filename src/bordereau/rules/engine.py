"""The rule engine: rules are small functions registered with their official id, and findings say where.

A rule's check receives a :class:`Context` and yields one *hit* per occurrence, as the official schematron
fires once per context node. A hit is where the problem is: a model group (read from a source element), an
lxml element, a ready-made location string, or ``None`` for the document itself; a ``(where, params)`` pair
fills the ``{placeholders}`` of the rule's messages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from lxml import etree

from ..formats.document import Document
from ..formats.xml import path_of
from ..formats.xsd import PROFILE_OF_GUIDELINE
from ..model import Group, Invoice

Severity = Literal["fatal", "warning"]
Check = Callable[["Context"], Iterable[Any]]
# Rules judged together (the syntax tables in one pass over the document, the VAT categories the invoice uses):
# the hits of every rule of the batch, by rule id. The engine calls it once per run and looks up only the ids
# that have hits, instead of calling hundreds of checks that each find nothing.
Batch = Callable[["Context"], Mapping[str, Sequence[Any]]]

SETS = ("en16931", "fr", "chorus")
DEFAULT_SETS = ("en16931", "chorus")
# What a document is judged as when it declares no Factur-X profile of its own (see :func:`profile_of`).
DEFAULT_PROFILE = "en16931"


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    severity: Severity
    bts: tuple[str, ...]
    set: str
    messages: dict[str, str]
    check: Check
    syntaxes: frozenset[str] | None = None  # None: every syntax; else only documents read from these
    batch: Batch | None = None  # when set, the engine takes the hits from the batch rather than from ``check``
    profiles: frozenset[str] | None = None  # None: every profile; else only documents of these (see profile_of)

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
    profile: str = DEFAULT_PROFILE  # what the document declares itself to be (see :func:`profile_of`)
    # The document's parts, copied once: rules ask for them hundreds of times a run.
    invoice: Invoice = field(init=False, repr=False)
    root: etree._Element | None = field(init=False, repr=False)
    syntax: str = field(init=False, repr=False)

    def __post_init__(self) -> None:
        document = self.document
        self.invoice = document.invoice
        self.root = document.root
        self.syntax = document.syntax


@dataclass(frozen=True, slots=True)
class _Plan:
    """What a run does for some sets and a syntax: the rules, in registration order, and the batches."""

    rules: tuple[Rule, ...]
    singles: tuple[Rule, ...]
    batches: tuple[tuple[Batch, dict[str, Rule]], ...]
    order: dict[str, int]


class Registry:
    def __init__(self) -> None:
        self.rules: dict[str, Rule] = {}
        # Rules that do not judge the documents of some profiles, which have rules of their own in their place.
        self.left_out: dict[str, frozenset[str]] = {}
        self._plans: dict[tuple[frozenset[str], str, str], _Plan] = {}

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
        batch: Batch | None = None,
        profiles: Iterable[str] | None = None,
    ) -> Callable[[Check], Check]:
        """Register the decorated check under ``id``; ids are unique across all sets.

        ``batch``, for rules judged together, gives the hits of all of them at once (see :data:`Batch`); the
        check must then give the same hits as the batch does for its id. ``profiles``, for a rule of one
        profile's own, names the profiles whose documents it judges (see :func:`profile_of`).
        """

        def register(check: Check) -> Check:
            if id in self.rules:
                raise ValueError(f"rule {id} is registered twice")
            syntaxes = None if syntax is None else frozenset([syntax] if isinstance(syntax, str) else syntax)
            only = None if profiles is None else frozenset(profiles)
            self.rules[id] = Rule(id, severity, tuple(bt), set, {"fr": fr, "en": en}, check, syntaxes, batch, only)
            self._plans.clear()
            return check

        return register

    def leave_out(self, ids: Iterable[str], profile: str) -> None:
        """The rules ``ids`` do not judge the documents of ``profile`` (its own rules stand in their place)."""
        for rule_id in ids:
            self.left_out[rule_id] = self.left_out.get(rule_id, frozenset()) | {profile}
        self._plans.clear()

    def select(self, sets: Iterable[str], syntax: str, profile: str = DEFAULT_PROFILE) -> list[Rule]:
        return list(self.plan(sets, syntax, profile).rules)

    def plan(self, sets: Iterable[str], syntax: str, profile: str = DEFAULT_PROFILE) -> _Plan:
        """The rules of ``sets`` for ``syntax`` and ``profile``, worked out once (selecting among all rules on
        each run costs)."""
        key = (frozenset(sets), syntax, profile)
        found = self._plans.get(key)
        if found is None:
            # A Factur-X PDF carries a CII document: the CII binding rules apply to it too.
            syntaxes = {syntax, "cii"} if syntax == "facturx" else {syntax}
            left_out = self.left_out
            rules = tuple(
                r
                for r in self.rules.values()
                if r.set in key[0]
                and (r.syntaxes is None or not r.syntaxes.isdisjoint(syntaxes))
                and (r.profiles is None or profile in r.profiles)
                and profile not in left_out.get(r.id, ())
            )
            batches: dict[Batch, dict[str, Rule]] = {}
            for r in rules:
                if r.batch is not None:
                    batches.setdefault(r.batch, {})[r.id] = r
            singles = tuple(r for r in rules if r.batch is None)
            order = {r.id: n for n, r in enumerate(rules)}
            found = self._plans[key] = _Plan(rules, singles, tuple(batches.items()), order)
        return found


REGISTRY = Registry()
rule = REGISTRY.rule


def profile_of(document: Document) -> str:
    """The Factur-X profile a CII document (or a Factur-X PDF) declares in BT-24; the default for any other.

    A profile with rules of its own (EXTENDED, whose schematron replaces some EN 16931 rules) is judged by them:
    the plan of a run depends on it.
    """
    if document.syntax in ("cii", "facturx"):
        declared = document.invoice.process.specification_id
        if declared is not None:
            return PROFILE_OF_GUIDELINE.get(declared, DEFAULT_PROFILE)
    return DEFAULT_PROFILE


class Family:
    """Rules of one module judged as one batch: each check still runs on its own, in registration order, but
    the engine makes one call per run for all of them instead of one per rule (most find nothing, and for
    those the engine's round trip cost more than the check). A check stays callable alone and gives the hits
    the batch gives for its id.
    """

    def __init__(self, module: str) -> None:
        self.checks: list[tuple[str, Check]] = []
        checks = self.checks

        def family(context: Context) -> dict[str, list[Any]]:
            hits: dict[str, list[Any]] = {}
            for rule_id, check in checks:
                found = check(context)
                if found:  # None or an empty sequence: nothing; a generator or hits: collect
                    found = list(found)
                    if found:
                        hits[rule_id] = found
            return hits

        family.__module__ = module
        self.batch: Batch = family

    def rule(self, id: str, **options: Any) -> Callable[[Check], Check]:
        """:meth:`Registry.rule`, the rule joining this family's batch."""
        register = REGISTRY.rule(id, batch=self.batch, **options)

        def join(check: Check) -> Check:
            register(check)
            self.checks.append((id, check))
            return check

        return join


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


def run(
    document: Document,
    sets: Iterable[str] = DEFAULT_SETS,
    *,
    lang: str = "en",
    options: dict[str, Any] | None = None,
) -> Report:
    """Run every rule of ``sets`` that applies to the document's syntax and profile."""
    profile = profile_of(document)
    context = Context(document, options or {}, profile=profile)
    report = Report(document.source, document.syntax)
    plan = REGISTRY.plan(sets, document.syntax, profile)
    findings = report.findings

    def add(selected: Rule, hits: Iterable[Any]) -> None:
        for hit in hits:
            where, params = hit if isinstance(hit, tuple) else (hit, None)
            findings.append(
                Finding(
                    selected.id,
                    selected.severity,
                    list(selected.bts),
                    location_of(where) or ("/" if document.root is None else path_of(document.root)),
                    selected.message(lang, params),
                )
            )

    for selected in plan.singles:
        add(selected, selected.check(context) or ())
    batched = False
    for batch, members in plan.batches:
        for rule_id, hits in batch(context).items():
            member = members.get(rule_id)
            if member is not None and hits:
                batched = True
                add(member, hits)
    if batched:  # findings in the order of the rules, as if each rule had run in turn
        findings.sort(key=lambda f: plan.order[f.rule])
    return report
