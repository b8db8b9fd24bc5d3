"""The machinery behind the syntax binding rules (UBL-CR/SR/DT, CII-SR/DT): tables in, one walk per document out.

The binding rules are hundreds of small statements about the raw XML: "this element is not used", "that one
occurs at most once", "this attribute must be there". They live in tables (``syntax_*_table*.py``) written in
a small path notation, and this module turns a table into a :class:`Program`:

* every *context* of the table (the document root, each invoice line, every element whose name ends in
  ``Amount`` …) is recognised during **one** walk over the tree; within one ``group`` an element takes only
  the first context it matches, in table order, as an element does within one schematron pattern;
* "not used" statements are folded into a trie below their context, so that the walk meets every offending
  element or attribute as it passes (one hit each): a clean document costs the walk and nothing more;
* the other statements (counts, presence, custom checks) run afterwards, once per context element found.

Path notation, relative to a context: ``prefix:Name`` steps joined by ``/``; ``(a:X|b:Y)`` for either name;
``Name[filter]`` keeps the elements a named filter accepts; a final ``@attr`` names an attribute; ``.`` is the
context element itself; a leading ``//`` searches the whole document (counts only). A context is an absolute
path (``/rsm:CrossIndustryInvoice/…``, alternatives joined by ``|``, ``*`` for any root), ``//prefix:Name``
(that element anywhere), or ``//prefix:*Suffix`` / ``//*Suffix`` (any element whose local name ends so).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, TypeVar, cast

from lxml import etree

from ...formats.xml import NS as XML_NS
from ...formats.xml import path_of
from ..engine import Context, Severity, rule

# The readers' prefixes, with the short ``cn`` the tables use for the CreditNote root.
NS = {**XML_NS, "cn": XML_NS["ublcn"]}
_PREFIX = {uri: prefix for prefix, uri in NS.items()}

Filter = Callable[[etree._Element], bool]
Filters = dict[str, tuple[Filter, str]]  # name → (test, how a message shows it)
Where = Any  # what a rule yields: an element or a location string
Custom = Callable[[etree._Element], Iterable[Where]]
Exempt = Callable[[etree._Element, etree._Element], bool]  # (context element, found element) → not a finding

WARNING: Severity = "warning"
FATAL: Severity = "fatal"

T = TypeVar("T")
_RUN = threading.local()  # what one run of a program has already worked out about its document


def once(key: str, compute: Callable[[], T]) -> T:
    """A fact about the document being checked, worked out once per run (not once per element that asks)."""
    memo: dict[str, Any] = _RUN.memo
    if key not in memo:
        memo[key] = compute()
    return memo[key]  # type: ignore[no-any-return]


@cache
def clark(qname: str) -> str:
    """``cac:Item`` → ``{urn…}Item``."""
    prefix, _, local = qname.partition(":")
    return f"{{{NS[prefix]}}}{local}"


def text(element: etree._Element) -> str:
    """The XPath string value of an element: all its descendant text, untouched."""
    if len(element):
        return "".join(cast("Iterator[str]", element.itertext()))
    return element.text or ""


_WHITE = str.maketrans("\t\r\n", "   ")


def normalize_space(value: str) -> str:
    """XPath ``normalize-space``: only space, tab, CR and LF count as white space (not every Unicode space)."""
    return " ".join(part for part in value.translate(_WHITE).split(" ") if part)


def kids(element: etree._Element, qname: str) -> list[etree._Element]:
    return list(element.iterchildren(clark(qname)))


def kid_texts(element: etree._Element, qname: str) -> list[str]:
    return [text(child) for child in element.iterchildren(clark(qname))]


def location(element: etree._Element, attribute: str | None = None) -> str:
    """A readable path of an element, or of one of its attributes."""
    return path_of(element) + (f"/@{attribute}" if attribute else "")


# --- paths --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Step:
    tags: tuple[str, ...]  # Clark names, or ("*",) for any element
    filter: Filter | None = None


@dataclass(frozen=True, slots=True)
class Path:
    """A relative path, parsed: element steps, then maybe an attribute; ``anywhere`` for a leading ``//``."""

    steps: tuple[Step, ...]
    attribute: str | None
    anywhere: bool
    display: str

    def select(self, element: etree._Element) -> list[etree._Element]:
        """The elements the path reaches from ``element`` (those bearing the attribute, if it ends in one)."""
        if self.anywhere:
            first, rest = self.steps[0], self.steps[1:]
            found = element.getroottree().getroot().iter(*first.tags)
            current = [e for e in found if first.filter is None or first.filter(e)]
        else:
            current, rest = [element], self.steps
        for step in rest:
            tags = (etree.Element,) if step.tags == ("*",) else step.tags
            current = [c for e in current for c in e.iterchildren(*tags) if step.filter is None or step.filter(c)]
        if self.attribute is not None:
            current = [e for e in current if self.attribute in e.attrib]
        return current


def parse_path(source: str, filters: Filters) -> Path:
    source = source.strip()
    anywhere = source.startswith("//")
    body = source[2:] if anywhere else source
    parts = body.split("/") if body not in ("", ".") else []
    attribute = parts.pop()[1:] if parts and parts[-1].startswith("@") else None
    steps, shown = [], []
    for part in parts:
        flt, readable = None, ""
        if part.endswith("]"):
            part, _, name = part[:-1].partition("[")
            flt, readable = filters[name]
        names = part[1:-1].split("|") if part.startswith("(") else [part]
        steps.append(Step(tuple("*" if n == "*" else clark(n) for n in names), flt))
        shown.append(part + readable)
    display = "/".join(shown + ([f"@{attribute}"] if attribute else [])) or "."
    return Path(tuple(steps), attribute, anywhere, ("//" if anywhere else "") + display)


# --- tables -------------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class ContextDef:
    """Where statements are made; ``shown`` is how messages name it (empty: the document root)."""

    name: str
    where: str
    shown: str | None = None
    group: str | None = "binding"  # within one group an element takes only the first context it matches
    filter: Filter | None = None
    but: tuple[str, ...] = ()  # qualified names that a suffix match leaves out


@dataclass(slots=True)
class Spec:
    """One rule of a table: a statement ``kind`` about ``path``, made in every element of ``context``."""

    id: str
    severity: Severity
    context: str
    kind: str  # unused | max | exactly | present | custom
    path: str = "."
    n: int = 1
    bt: tuple[str, ...] = ()
    en: str = ""  # counts: what the path is, in words, with its BT; custom: the whole message
    fr: str = ""
    unless: Exempt | None = None
    check: Custom | None = None


def unused_table(source: str) -> list[Spec]:
    """Read a "not used" table: ``@ <context> [base path]`` headers, then ``ID [!] path`` lines (``!``: fatal)."""
    specs = []
    context, base = "", ""
    for raw in source.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("@"):
            head = line[1:].split(None, 1)
            context, base = head[0], (head[1].strip() if len(head) > 1 else "")
            continue
        fields = line.split()
        fatal = len(fields) > 2 and fields[1] == "!"
        rel = fields[-1]
        path = base if rel == "." else (f"{base}/{rel}" if base else rel)
        specs.append(Spec(fields[0], FATAL if fatal else WARNING, context, "unused", path or "."))
    return specs


class _Node:
    __slots__ = ("attr_counts", "attrs", "counts", "edges", "hits")

    def __init__(self) -> None:
        self.edges: dict[str, list[tuple[Filter | None, _Node]]] = {}
        self.hits: list[Spec] = []  # "not used" rules that this element breaks
        self.attrs: dict[str, list[Spec]] = {}  # … that these attributes break
        self.counts: list[Spec] = []  # count rules that this element counts for
        self.attr_counts: dict[str, list[Spec]] = {}

    def step(self, tags: tuple[str, ...], flt: Filter | None) -> _Node:
        """The node one step below, by any of ``tags``; alternatives share it."""
        target = next((node for f, node in self.edges.get(tags[0], ()) if f is flt), None) or _Node()
        for tag in tags:
            edges = self.edges.setdefault(tag, [])
            if not any(f is flt and node is target for f, node in edges):
                edges.append((flt, target))
        return target

    def empty(self) -> bool:
        return not (self.edges or self.hits or self.attrs or self.counts or self.attr_counts)


@dataclass(slots=True)
class _Ctx:
    definition: ContextDef
    order: int
    trie: _Node = field(default_factory=_Node)
    counted: list[Spec] = field(default_factory=list)  # counts gathered by the walk, judged per context element
    evaluated: list[tuple[Spec, Path | None]] = field(default_factory=list)  # run per context element
    suffixes: list[tuple[str | None, str]] = field(default_factory=list)
    live: bool = False  # whether its trie holds anything (set once the table is read)
    gathers: bool = False  # whether its elements are judged after the walk


Found = dict[tuple[str, etree._Element], list[etree._Element]]


class Program:
    """A compiled table: :meth:`run` it on a document root to get every hit, by rule id."""

    def __init__(self, contexts: Iterable[ContextDef], specs: Iterable[Spec], filters: Filters | None = None) -> None:
        self.filters = filters or {}
        self.contexts: dict[str, _Ctx] = {}
        self.specs: list[Spec] = []
        self._anchor = _Node()  # trie of the absolute context paths
        self._anchored: dict[int, list[_Ctx]] = {}
        self._by_tag: dict[str, list[_Ctx]] = {}
        self._by_suffix: list[_Ctx] = []
        self._static: dict[str, tuple[tuple[_Ctx, ...], bool]] = {}
        self._merged: dict[tuple[int, str], tuple[tuple[_Ctx, ...], bool]] = {}
        self._everywhere: dict[str, list[tuple[Spec, Filter | None]]] = {}
        for definition in contexts:
            self._add_context(definition)
        for spec in specs:
            self._add(spec)
        self._set_apart_everywhere()
        for ctx in self.contexts.values():
            ctx.live = not ctx.trie.empty()
            ctx.gathers = bool(ctx.counted or ctx.evaluated)

    def _add_context(self, definition: ContextDef) -> _Ctx:
        ctx = _Ctx(definition, len(self.contexts))
        self.contexts[definition.name] = ctx
        for alternative in definition.where.split("|"):
            where = alternative.strip()
            if where.startswith("//"):
                prefix, _, local = where[2:].rpartition(":")
                if local.startswith("*"):
                    ctx.suffixes.append((NS[prefix] if prefix else None, local[1:]))
                    if ctx not in self._by_suffix:
                        self._by_suffix.append(ctx)
                else:
                    self._by_tag.setdefault(clark(where[2:]), []).append(ctx)
                continue
            node = self._anchor
            for name in where.strip("/").split("/"):
                node = node.step(("*",) if name == "*" else (clark(name),), None)
            self._anchored.setdefault(id(node), []).append(ctx)
        return ctx

    def _add(self, spec: Spec) -> None:
        self.specs.append(spec)
        if spec.context not in self.contexts:  # a context given as a path right in the table
            self._add_context(ContextDef(spec.context, spec.context, shown=spec.context, group=None))
        ctx = self.contexts[spec.context]
        path = None if spec.kind == "custom" else parse_path(spec.path, self.filters)
        if path is None or path.anywhere:
            if spec.kind == "unused":
                raise ValueError(f"{spec.id}: a 'not used' path is relative to its context")
            ctx.evaluated.append((spec, path))
            return
        if spec.kind not in ("unused", "max", "exactly", "present"):
            raise ValueError(f"{spec.id}: unknown kind {spec.kind!r}")
        node = ctx.trie
        for step in path.steps:
            node = node.step(step.tags, step.filter)
        unused = spec.kind == "unused"
        if not unused:
            ctx.counted.append(spec)
        if path.attribute is None:
            (node.hits if unused else node.counts).append(spec)
        else:
            (node.attrs if unused else node.attr_counts).setdefault(path.attribute, []).append(spec)

    def _set_apart_everywhere(self) -> None:
        """Attribute rules that hold on every element are checked on the attributes present, without a context."""
        for ctx in self.contexts.values():
            trie = ctx.trie
            if ctx.definition.where.strip() != "//*" or trie.edges or trie.hits or trie.counts or trie.attr_counts:
                continue
            if ctx.evaluated or ctx.counted or any(s.unless for specs in trie.attrs.values() for s in specs):
                continue
            for name, specs in trie.attrs.items():
                self._everywhere.setdefault(name, []).extend((spec, ctx.definition.filter) for spec in specs)
            self._by_suffix.remove(ctx)

    def display(self, spec: Spec) -> str:
        """The path of a rule as messages show it: below its context, as the context is shown."""
        definition = self.contexts[spec.context].definition
        shown = definition.where if definition.shown is None else definition.shown
        rel = parse_path(spec.path, self.filters).display
        if rel == ".":
            return shown or "."
        return f"{shown}/{rel}" if shown else rel

    # running

    def _statics(self, tag: str) -> tuple[tuple[_Ctx, ...], bool]:
        """The contexts found by element name, in table order, and whether they need sorting out per element."""
        found = self._static.get(tag)
        if found is None:
            contexts = tuple(sorted(self._match(tag), key=lambda c: c.order))
            groups = [c.definition.group for c in contexts if c.definition.group is not None]
            sift = any(c.definition.filter is not None for c in contexts) or len(groups) != len(set(groups))
            found = (contexts, sift)
            if len(self._static) < 4096:  # element names are a bounded vocabulary; a hostile one is not cached
                self._static[tag] = found
        return found

    def _merge(self, anchor: _Node, tag: str) -> tuple[tuple[_Ctx, ...], bool]:
        """The contexts of an element reached by an absolute path, with those found by its name, sorted out once."""
        statics, sift = self._statics(tag)
        found = [*self._anchored[id(anchor)], *statics]
        if not sift and not any(c.definition.filter is not None for c in found):
            merged = (tuple(self._sift(None, found)), False)
        else:
            merged = (tuple(found), True)
        if len(self._merged) < 4096:
            self._merged[(id(anchor), tag)] = merged
        return merged

    def _match(self, tag: str) -> Iterator[_Ctx]:
        yield from self._by_tag.get(tag, ())
        namespace, _, local = tag[1:].partition("}") if tag[:1] == "{" else ("", "", tag)
        qname = f"{_PREFIX.get(namespace, '')}:{local}"
        for ctx in self._by_suffix:
            if qname not in ctx.definition.but and any(
                (want is None or want == namespace) and local.endswith(end) for want, end in ctx.suffixes
            ):
                yield ctx

    @staticmethod
    def _sift(element: etree._Element | None, found: list[_Ctx]) -> list[_Ctx]:
        """Keep the contexts whose filter accepts the element, and the first of each group."""
        found = [c for c in found if c.definition.filter is None or c.definition.filter(element)]  # type: ignore[arg-type]
        if len(found) > 1:
            found.sort(key=lambda c: c.order)
            groups: set[str] = set()
            kept = []
            for c in found:
                group = c.definition.group
                if group is None or group not in groups:
                    kept.append(c)
                    if group is not None:
                        groups.add(group)
            found = kept
        return found

    def run(self, root: etree._Element) -> dict[str, list[Where]]:
        """Every hit of every rule on the document ``root``, by rule id."""
        out: dict[str, list[Where]] = {}
        collected: dict[str, list[etree._Element]] = {}
        found: Found = {}
        outer = getattr(_RUN, "memo", None)
        _RUN.memo = {}
        try:
            self._walk(root, out, collected, found)
            self._judge(out, collected, found)
        finally:
            _RUN.memo = outer
        return out

    def _judge(self, out: dict[str, list[Where]], collected: dict[str, list[etree._Element]], found: Found) -> None:
        for name, elements in collected.items():
            ctx = self.contexts[name]
            for spec in ctx.counted:
                for element in elements:
                    where = _verdict(spec, found.get((spec.id, element), ()), element)
                    if where is not None:
                        out.setdefault(spec.id, []).append(where)
            for spec, path in ctx.evaluated:
                for element in elements:
                    hits = spec.check(element) if path is None else _count(spec, path.select(element), element)  # type: ignore[misc]
                    for where in hits:
                        out.setdefault(spec.id, []).append(where)

    def _walk(
        self,
        root: etree._Element,
        out: dict[str, list[Where]],
        collected: dict[str, list[etree._Element]],
        found: Found,
    ) -> None:
        """One pass over the tree in document order, each element seeing the states its parent passed down.

        A flat ``iter()`` with a stack of the open ancestors costs less than a recursive visit: the element
        at the top of the stack that is the new element's parent holds what the parent left for its children.
        """
        static, statics, anchored, everywhere, sift = (
            self._static,
            self._statics,
            self._anchored,
            self._everywhere,
            self._sift,
        )
        merged, merge = self._merged, self._merge
        gathered: dict[int, list[etree._Element]] = {}  # by context, filled into ``collected`` at the end

        # (element, the states it passes to its children, its node in the trie of absolute paths)
        stack: list[tuple[etree._Element | None, list[tuple[_Node, etree._Element]], _Node | None]] = [
            (root.getparent(), [], self._anchor)
        ]
        for element in root.iter(etree.Element):
            parent = element.getparent()
            while stack[-1][0] is not parent:
                stack.pop()
            _, inherited, anchor = stack[-1]
            tag = element.tag
            states = []
            for node, owner in inherited:
                edges = node.edges.get(tag)
                if edges:
                    for flt, target in edges:
                        if flt is None or flt(element):
                            states.append((target, owner))
            contexts: Sequence[_Ctx]
            contexts, mixed = static.get(tag) or statics(tag)
            if anchor is not None:
                anchor_edges = anchor.edges.get(tag) or anchor.edges.get("*")
                anchor = anchor_edges[0][1] if anchor_edges else None
                if anchor is not None and id(anchor) in anchored:
                    contexts, mixed = merged.get((id(anchor), tag)) or merge(anchor, tag)
            if mixed:
                contexts = sift(element, list(contexts))
            for ctx in contexts:
                if ctx.gathers:
                    elements = gathered.get(ctx.order)
                    if elements is None:
                        elements = gathered[ctx.order] = collected.setdefault(ctx.definition.name, [])
                    elements.append(element)
                if ctx.live:
                    states.append((ctx.trie, element))
            if everywhere:
                for key in cast("list[str]", element.keys()):  # the attribute names (iterating gives children)
                    for spec, flt in everywhere.get(key, ()):
                        if flt is None or flt(element):
                            out.setdefault(spec.id, []).append(location(element, key))
            keep = []
            for node, owner in states:
                if node.hits:
                    for spec in node.hits:
                        if spec.unless is None or not spec.unless(owner, element):
                            out.setdefault(spec.id, []).append(element)
                if node.counts:
                    for spec in node.counts:
                        found.setdefault((spec.id, owner), []).append(element)
                if node.attrs or node.attr_counts:
                    for key in cast("list[str]", element.keys()):
                        for spec in node.attrs.get(key, ()):
                            if spec.unless is None or not spec.unless(owner, element):
                                out.setdefault(spec.id, []).append(location(element, key))
                        for spec in node.attr_counts.get(key, ()):
                            found.setdefault((spec.id, owner), []).append(element)
                if node.edges:
                    keep.append((node, owner))
            if len(element):
                stack.append((element, keep, anchor))

    def results(self, ctx: Context) -> dict[str, list[Where]]:
        """:meth:`run` on the document of one engine run, computed once for all the rules that ask.

        The engine makes one :class:`Context` per run and hands it to every rule: the result is kept in that
        context's memo (a new run, even on the same document, works it out afresh).
        """
        key = ("syntax-walk", id(self))
        if key not in ctx.memo:
            ctx.memo[key] = self.run(ctx.root) if ctx.root is not None else {}
        return ctx.memo[key]  # type: ignore[no-any-return]

    def register(self, syntax: str, messages: Callable[[Spec], tuple[str, str]]) -> None:
        """Register every rule of the table with the engine; ``messages`` gives its (en, fr) sentences."""
        results = self.results
        for spec in self.specs:
            en, fr = messages(spec)

            def check(ctx: Context, _id: str = spec.id) -> Sequence[Where]:
                return results(ctx).get(_id, ())

            rule(spec.id, severity=spec.severity, bt=spec.bt, fr=fr, en=en, syntax=syntax, batch=results)(check)


def _verdict(spec: Spec, found: list[etree._Element] | tuple[()], element: etree._Element) -> Where:
    """Where a count rule fails on one context element, or None: the first element too many, or the context."""
    if spec.kind in ("max", "exactly") and len(found) > spec.n:
        return found[spec.n]
    if (spec.kind == "exactly" and len(found) < spec.n) or (spec.kind == "present" and not found):
        return element
    return None


def _count(spec: Spec, found: list[etree._Element], element: etree._Element) -> tuple[Where, ...]:
    where = _verdict(spec, found, element)
    return () if where is None else (where,)


def counted(en: str, fr: str, kind: str, n: int) -> tuple[str, str]:
    """The sentences of a count rule, from what the path is in words."""
    if kind == "present":
        return f"{en} must be present.", f"{fr} est obligatoire."
    if kind == "exactly":
        return f"{en} must appear exactly once.", f"{fr} doit figurer une fois et une seule."
    if n == 1:
        return f"{en} may appear only once.", f"{fr} ne peut figurer qu'une seule fois."
    return f"{en} may appear at most {n} times.", f"{fr} ne peut figurer plus de {n} fois."


def unused_messages(path: str, syntax: str, fatal: bool) -> tuple[str, str]:
    """The sentences of a "not used" rule, about the path as :meth:`Program.display` shows it."""
    where_en = where_fr = ""
    if path.startswith("//*/"):
        path, where_en, where_fr = path[4:], " (on any element)", " (quel que soit l'élément qui le porte)"
    elif path.startswith("//"):
        path, where_en, where_fr = path[2:], " (wherever it occurs)", " (où qu'il se trouve)"
    attribute = "/@" in path or path.startswith("@")
    what_en = "Attribute" if attribute else "Element"
    what_fr = "L'attribut" if attribute else "L'élément"
    must_en, must_fr = ("must", "doit") if fatal else ("should", "devrait")
    return (
        f"{what_en} {path}{where_en} lies outside what EN 16931 takes from {syntax}: it {must_en} be removed.",
        f"{what_fr} {path}{where_fr} ne fait pas partie de ce que la norme EN 16931 retient de {syntax} : "
        f"il {must_fr} être retiré.",
    )
