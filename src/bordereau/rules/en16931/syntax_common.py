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

import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
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
Custom = Callable[..., Iterable[Where]]  # (context element, the lists of what it reads) → where it fails
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


def per_element(name: str, element: etree._Element, compute: Callable[[etree._Element], T]) -> T:
    """A fact about one element, worked out once per run however many filters and checks of the run ask."""
    memo: dict[Any, Any] | None = getattr(_RUN, "memo", None)
    if memo is None:
        return compute(element)
    key = (name, element)
    if key not in memo:
        memo[key] = compute(element)
    return memo[key]  # type: ignore[no-any-return]


@cache
def clark(qname: str) -> str:
    """``cac:Item`` → ``{urn…}Item``."""
    prefix, _, local = qname.partition(":")
    return f"{{{NS[prefix]}}}{local}"


def _qualified(tag: str) -> str:
    """``{urn…}Item`` → ``cac:Item``."""
    namespace, _, local = tag[1:].partition("}")
    return f"{_PREFIX[namespace]}:{local}"


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
    """The children named ``qname``.

    Scanning the child list costs less than setting up ``iterchildren(tag)``, and a plain loop less than a
    comprehension (its own frame) for the few children an element has.
    """
    tag = clark(qname)
    found = []
    for child in element.getchildren():
        if child.tag == tag:
            found.append(child)
    return found


def kid_texts(element: etree._Element, qname: str) -> list[str]:
    return [text(child) for child in kids(element, qname)]


def everywhere(element: etree._Element, path: str) -> list[etree._Element]:
    """The elements at ``path`` (``holder/child/…``) below every ``holder`` in ``element`` (itself included),
    holder after holder in document order.

    A program gathers the paths its checks look for (see :func:`anywhere`) as the walk passes, which spares those
    checks a scan of the whole tree each; asked about another element than the walk's, this scans. The list may
    be the program's own: read it, do not change it.
    """
    index = getattr(_RUN, "index", None)
    if index is not None and index[0] is element and "//" + path in index[1]:
        return _gathered(index[1]["//" + path], index[2], index[3])
    first, *rest = path.split("/")
    found = list(element.iter(clark(first)))
    for step in rest:
        found = [c for e in found for c in kids(e, step)]
    return found


def _gathered(entry: _Gathered, collected: dict[str, list[etree._Element]], found: Found) -> list[etree._Element]:
    """What the walk gathered for an anywhere path: its holders, or what each holder had on the rest of the path."""
    name, hidden, holder = entry
    holders = collected.get(name, [])
    if holder is not None:
        holders = [h for h in holders if holder(h)]
    if hidden is None:
        return holders
    return [e for h in holders if (mine := found.get(h)) is not None for e in mine.get(hidden, ())]


def anywhere(*paths: str) -> Callable[[Custom], Custom]:
    """Mark a custom check as looking for these paths anywhere below its element (with :func:`everywhere`)."""

    def mark(check: Custom) -> Custom:
        check.anywhere = paths  # type: ignore[attr-defined]
        return check

    return mark


def on_sight(fails: Filter) -> Custom:
    """A custom check of its element alone (and what is around it, not what the walk gathers): the walk judges
    it as it meets the element, as a "not used" rule with an exemption, and keeps no list of elements for it."""

    def check(element: etree._Element) -> tuple[Where, ...]:
        return (element,) if fails(element) else ()

    check.on_sight = fails  # type: ignore[attr-defined]
    return check


def reading(*paths: str, needs: bool = False) -> Callable[[Custom], Custom]:
    """Mark a custom check as reading these paths below its element: the walk gathers them as it passes, and
    hands them over after the element, one list each in document order, instead of the check looking again.

    With ``needs``, the check finds nothing when all the lists are empty, and is not even called then.
    """

    def mark(check: Custom) -> Custom:
        check.reads, check.needs = paths, needs  # type: ignore[attr-defined]
        return check

    return mark


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
        for step in rest:  # scanning the child lists costs less than setting up iterchildren(tag)
            tags, test = step.tags, step.filter
            if tags == ("*",):
                current = [c for e in current for c in e.getchildren() if isinstance(c.tag, str)]
            else:
                current = [c for e in current for c in e.getchildren() if c.tag in tags]
            if test is not None:
                current = [c for c in current if test(c)]
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
    # run per context element: a custom check (with the ids under which the walk counts what it reads), or a
    # count over the whole document
    evaluated: list[tuple[Spec, Path | None, tuple[str, ...]]] = field(default_factory=list)
    suffixes: list[tuple[str | None, str]] = field(default_factory=list)
    live: bool = False  # whether its trie holds anything (set once the table is read)
    limits: dict[str, int] = field(default_factory=dict)  # count rules with a most: rule id → n
    required: list[tuple[str, int]] = field(default_factory=list)  # count rules with a least: (rule id, n)
    gathers: bool = False  # whether its elements are judged after the walk


Found = dict[etree._Element, dict[str, list[etree._Element]]]  # what count rules found, by owner and rule id
_Gathered = tuple[str, str | None, Filter | None]  # an anywhere path: (its context, hidden count id, first filter)
# An attribute check: (rule id, for a count its most (None for a hit), its exemption, owner distance, filter).
_AttrCheck = tuple[str, int | None, Exempt | None, int, Filter | None]
_Attrs = dict[str, tuple[_AttrCheck, ...]]
# A move, what an element does: (the contexts that gather it, its hits as (rule id, exemption, owner distance),
# its counts as (rule id, owner distance, most), its attribute checks by name, the state it hands to its
# children, None), each None when there is nothing; when filters are involved, (None, …, None, the _Pick that
# resolves it for the element at hand). An owner at distance 0 is the element itself, 1 its parent; a count over
# its most (the limit of a max or exactly rule) tells the judging to look at the limits.
_Hits = tuple[tuple[str, Exempt | None, int], ...]
_Counts = tuple[tuple[str, int, int], ...]
_Move = tuple[
    "tuple[str, ...] | None", "_Hits | None", "_Counts | None", "_Attrs | None", "_State | None", "_Pick | None"
]
_ROOM = 1 << 14  # moves and states kept per program: far above what real documents need, a bound for odd ones


class _State(dict[str, _Move]):
    """What an element hands down to its children, and the move each child tag makes there, filled in as met.

    ``pairs`` are the trie positions open below the element, each with the distance from a child up to its
    owner (the context element the trie belongs to): 1 is the element itself. ``anchor`` is the element's node
    among the absolute context paths (None once off them). Everything an element does (hits, counts, contexts
    taken, the state it hands down) follows from its parent's state, its tag and the verdicts of the filters
    involved: it is worked out once, and from then on each element costs one dict lookup and a replay.
    """

    __slots__ = ("anchor", "pairs")

    def __init__(self, anchor: _Node | None, pairs: tuple[tuple[_Node, int], ...]) -> None:
        super().__init__()
        self.anchor = anchor
        self.pairs = pairs


class _Pick:
    """The move of a tag below a state when filters are involved: their verdicts on the element pick it.

    A filter is a function of the element alone, so elements on which all of them agree move alike.
    """

    __slots__ = ("moves", "program", "state", "tests")

    def __init__(self, program: Program, state: _State, tests: tuple[Filter, ...]) -> None:
        self.program, self.state, self.tests = program, state, tests
        self.moves: dict[Any, _Move] = {}

    def __call__(self, element: etree._Element) -> _Move:
        tests = self.tests
        if len(tests) == 1:
            verdicts: Any = True if tests[0](element) else False  # noqa: SIM210 (any truth value, as a key)
        else:
            verdicts = tuple([True if test(element) else False for test in tests])  # noqa: SIM210
        move = self.moves.get(verdicts)
        if move is None:
            move = self.program._resolve(self.state, element)
            if self.program._spend():
                self.moves[verdicts] = move
        return move


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
        self._everywhere: dict[str, list[tuple[Spec, Filter | None]]] = {}
        self._paths: dict[str, _Gathered] = {}  # what the walk gathers for anywhere paths (see everywhere())
        self._states: dict[Any, _State] = {}
        self._room = _ROOM
        for definition in contexts:
            self._add_context(definition)
        for spec in specs:
            self._add(spec)
        self._set_apart_everywhere()
        for ctx in self.contexts.values():
            ctx.live = not ctx.trie.empty()
            ctx.gathers = bool(ctx.counted or ctx.evaluated) or ctx.definition.name.startswith("index ")
            ctx.limits = {s.id: s.n for s in ctx.counted if s.kind in ("max", "exactly")}
            ctx.required = [(s.id, 1 if s.kind == "present" else s.n) for s in ctx.counted if s.kind != "max"]
        self._everywhere_checks = {
            key: tuple((spec.id, None, None, 0, flt) for spec, flt in specs) for key, specs in self._everywhere.items()
        }
        self._start = self._state(self._anchor, ())

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
        fails = getattr(spec.check, "on_sight", None)
        if fails is not None:  # a hit on the context element itself, unless the test passes
            ctx.trie.hits.append(replace(spec, kind="unused", path=".", unless=lambda _, element: not fails(element)))
            return
        path = None if spec.kind == "custom" else parse_path(spec.path, self.filters)
        if path is None or path.anywhere:
            if spec.kind == "unused":
                raise ValueError(f"{spec.id}: a 'not used' path is relative to its context")
            if path is None:
                reads = tuple(self._read(ctx, spec, source) for source in getattr(spec.check, "reads", ()))
                for source in getattr(spec.check, "anywhere", ()):
                    self._anywhere("//" + source)
            else:
                reads = (spec.path,) if self._anywhere(spec.path) else ()
            ctx.evaluated.append((spec, path, reads))
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

    def _read(self, ctx: _Ctx, spec: Spec, source: str) -> str:
        """Have the walk count the elements a custom check reads, as it counts for a count rule (under a hidden id).

        Counting relies on the context being taken at most once per element, as it is but where one element could
        match two alternatives of a context outside any group: such a context is refused.
        """
        alternatives = [a.strip() for a in ctx.definition.where.split("|")]
        if ctx.definition.group is None and len(alternatives) > 1:
            raise ValueError(f"{spec.id}: a check that reads paths needs a context of one alternative or a group")
        path = parse_path(source, self.filters)
        if path.anywhere or path.attribute is not None or not path.steps:
            raise ValueError(f"{spec.id}: {source!r} is no path of elements below the context")
        node = ctx.trie
        for step in path.steps:
            node = node.step(step.tags, step.filter)
        hidden = Spec(f"{spec.id} reads {source}", spec.severity, spec.context, "present")
        node.counts.append(hidden)
        return hidden.id

    def _anywhere(self, source: str) -> bool:
        """Have the walk gather what an anywhere path reaches: its first elements under a context of their own, and
        the rest of the path below each counted as for a count rule. Whether the path is one it can gather."""
        path = parse_path(source, self.filters)
        first = path.steps[0] if path.steps else None
        if first is None or len(first.tags) != 1 or not first.tags[0].startswith("{"):
            return False
        if source not in self._paths:
            name = f"index {first.tags[0]}"
            if name not in self.contexts:
                self._add_context(ContextDef(name, "//" + _qualified(first.tags[0]), group=None)).gathers = True
            hidden = None
            if len(path.steps) > 1 or path.attribute is not None:
                node = self.contexts[name].trie
                for step in path.steps[1:]:
                    node = node.step(step.tags, step.filter)
                spec = Spec(f"{source} anywhere", FATAL, name, "present")
                (node.attr_counts.setdefault(path.attribute, []) if path.attribute else node.counts).append(spec)
                hidden = spec.id
            self._paths[source] = (name, hidden, first.filter)
        return True

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
        contexts = tuple(sorted(self._match(tag), key=lambda c: c.order))
        groups = [c.definition.group for c in contexts if c.definition.group is not None]
        return contexts, any(c.definition.filter is not None for c in contexts) or len(groups) != len(set(groups))

    def _candidates(self, anchor: _Node | None, tag: str) -> tuple[Sequence[_Ctx], bool, _Node | None]:
        """The contexts an element may take (and whether to sift them), and its node among the absolute paths."""
        contexts, sift = self._statics(tag)
        if anchor is not None:
            edges = anchor.edges.get(tag) or anchor.edges.get("*")
            anchor = edges[0][1] if edges else None
            if anchor is not None and id(anchor) in self._anchored:
                found = [*self._anchored[id(anchor)], *contexts]
                if sift or any(c.definition.filter is not None for c in found):
                    return found, True, anchor
                return self._sift(None, found), False, anchor
        return contexts, sift, anchor

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

    def _spend(self) -> bool:
        """Whether there is room left to keep one more move or state."""
        if self._room > 0:
            self._room -= 1
            return True
        return False

    def _state(self, anchor: _Node | None, pairs: tuple[tuple[_Node, int], ...]) -> _State:
        """The shared state for these open positions (a fresh one once the room for shared ones is spent)."""
        key = (id(anchor), tuple((id(node), distance) for node, distance in pairs))
        state = self._states.get(key)
        if state is None:
            state = _State(anchor, pairs)
            if self._spend():
                self._states[key] = state
        return state

    def _move(self, state: _State, element: etree._Element) -> _Move:
        """The move of an element's tag below ``state``, worked out on its first occurrence and kept there."""
        tag = element.tag
        tests: list[Filter] = []
        for node, _ in state.pairs:
            tests += [f for f, _ in node.edges.get(tag, ()) if f is not None and f not in tests]
        contexts, sift, _ = self._candidates(state.anchor, tag)
        if sift:
            tests += [f for c in contexts if (f := c.definition.filter) is not None and f not in tests]
        move = (
            (None, None, None, None, None, _Pick(self, state, tuple(tests))) if tests else self._resolve(state, element)
        )
        if self._spend():
            state[tag] = move
        return move

    def _resolve(self, state: _State, element: etree._Element) -> _Move:
        """What one element does below ``state``, filters applied: the walk's per-element work, written down."""
        tag = element.tag
        contexts, sift, anchor = self._candidates(state.anchor, tag)
        pairs = [
            (target, distance)
            for node, distance in state.pairs
            for flt, target in node.edges.get(tag, ())
            if flt is None or flt(element)
        ]
        if sift:
            contexts = self._sift(element, list(contexts))
        pairs += [(c.trie, 0) for c in contexts if c.live]
        gather = tuple(c.definition.name for c in contexts if c.gathers)
        hits = tuple((s.id, s.unless, distance) for node, distance in pairs for s in node.hits)
        counts = tuple((s.id, distance, _most(s)) for node, distance in pairs for s in node.counts)
        attrs: dict[str, list[_AttrCheck]] = {key: list(checks) for key, checks in self._everywhere_checks.items()}
        for node, distance in pairs:
            for key, specs in node.attrs.items():
                attrs.setdefault(key, []).extend((s.id, None, s.unless, distance, None) for s in specs)
            for key, specs in node.attr_counts.items():
                attrs.setdefault(key, []).extend((s.id, _most(s), None, distance, None) for s in specs)
        return (
            gather or None,
            hits or None,
            counts or None,
            {key: tuple(checks) for key, checks in attrs.items()} or None,
            self._state(anchor, tuple((node, distance + 1) for node, distance in pairs if node.edges)),
            None,
        )

    def run(self, root: etree._Element) -> dict[str, list[Where]]:
        """Every hit of every rule on the document ``root``, by rule id."""
        out: dict[str, list[Where]] = {}
        collected: dict[str, list[etree._Element]] = {}
        found: Found = {}
        outer = getattr(_RUN, "memo", None), getattr(_RUN, "index", None)
        _RUN.memo, _RUN.index = {}, None
        try:
            # the list keeps a proxy of every element alive for the run: later visits reuse them, none is rebuilt
            over = self._walk(root, list(root.iter(etree.Element)), out, collected, found)
            _RUN.index = (root, self._paths, collected, found)
            self._judge(out, collected, found, over)
        finally:
            _RUN.memo, _RUN.index = outer
        return out

    def _judge(
        self, out: dict[str, list[Where]], collected: dict[str, list[etree._Element]], found: Found, over: bool
    ) -> None:
        """The statements made per context element: counts from what the walk found, then the other checks.

        The limits are looked at only when the walk saw a count go over its most: on most documents none does.
        """
        for name, elements in collected.items():
            ctx = self.contexts[name]
            limits, required = ctx.limits if over else None, ctx.required
            if limits or required:  # a count fails on the first element too many, or on a context with too few
                for element in elements:
                    mine = found.get(element)
                    if mine is not None and limits:
                        for spec_id, hits in mine.items():
                            most = limits.get(spec_id)
                            if most is not None and len(hits) > most:
                                out.setdefault(spec_id, []).append(hits[most])
                    for spec_id, least in required:
                        hits = mine.get(spec_id) if mine is not None else None
                        if (len(hits) if hits else 0) < least:
                            out.setdefault(spec_id, []).append(element)
            for spec, path, reads in ctx.evaluated:
                check, needs = spec.check, getattr(spec.check, "needs", False)
                for element in elements:
                    if path is not None:  # a count anywhere: what the walk gathered, if it walked the whole tree
                        gathered = reads and element.getroottree().getroot() is _RUN.index[0]
                        reached = _gathered(self._paths[reads[0]], collected, found) if gathered else None
                        hits: Iterable[Where] = _count(
                            spec, path.select(element) if reached is None else reached, element
                        )
                    elif reads:  # what the check reads, as the walk counted it under the element
                        mine = found.get(element)
                        if mine is None:
                            if needs:
                                continue
                            lists = [()] * len(reads)
                        else:
                            lists = [mine.get(r, ()) for r in reads]
                            if needs and not any(lists):
                                continue
                        hits = check(element, *lists)  # type: ignore[misc]
                    else:
                        hits = check(element)  # type: ignore[misc]
                    for where in hits:
                        out.setdefault(spec.id, []).append(where)

    def _walk(
        self,
        root: etree._Element,
        elements: list[etree._Element],
        out: dict[str, list[Where]],
        collected: dict[str, list[etree._Element]],
        found: Found,
    ) -> bool:
        """One pass over the tree in document order, each element replaying the move its parent's state holds.

        A flat ``iter()`` with a stack of the open ancestors costs less than a recursive visit: the element at
        the top of the stack that is the new element's parent holds the state for its children. An owner at
        distance ``d`` is ``stack[-d]`` (the parent is at distance 1), or the element itself at 0.
        """
        move_of = self._move
        stack: list[tuple[etree._Element | None, _State]] = []  # the ancestors above ``top``, with their states
        top, state = root.getparent(), self._start  # the parent of the element at hand, and its state
        last, below = None, self._start  # the element before, and the state it hands down
        over = False  # whether some count went over its most
        for element in elements:
            parent = element.getparent()
            if parent is not top:
                if parent is last:  # the first child of the element before
                    stack.append((top, state))
                    top, state = last, below
                else:  # back up to the parent
                    top, state = stack.pop()
                    while top is not parent:
                        top, state = stack.pop()
            gather, hits, counts, attrs, below, pick = state.get(element.tag) or move_of(state, element)
            if pick is not None:
                gather, hits, counts, attrs, below, pick = pick(element)
            last = element
            if gather is not None:
                for name in gather:
                    taken = collected.get(name)
                    if taken is None:
                        taken = collected[name] = []
                    taken.append(element)
            if hits is not None:
                for spec_id, unless, distance in hits:
                    if unless is not None:
                        owner = element if not distance else top if distance == 1 else stack[1 - distance][0]
                        if unless(owner, element):  # type: ignore[arg-type]
                            continue
                    out.setdefault(spec_id, []).append(element)
            if counts is not None:
                for spec_id, distance, most in counts:
                    owner = element if not distance else top if distance == 1 else stack[1 - distance][0]
                    mine = found.get(owner)  # type: ignore[arg-type]
                    if mine is None:
                        found[owner] = {spec_id: [element]}  # type: ignore[index]
                        taken = None
                    else:
                        taken = mine.get(spec_id)
                        if taken is None:
                            mine[spec_id] = [element]
                        else:
                            taken.append(element)
                    if (len(taken) if taken is not None else 1) > most:  # inline: a call costs more than this
                        over = True
            if attrs is not None:
                for key in element.keys():  # noqa: SIM118 (iterating an element gives its children)
                    checks = attrs.get(key)
                    if checks is not None:
                        for spec_id, most, unless, distance, flt in checks:
                            owner = element if not distance else top if distance == 1 else stack[1 - distance][0]
                            if most is not None:
                                if _count_in(found, owner, spec_id, element) > most:  # type: ignore[arg-type]
                                    over = True
                            elif (flt is None or flt(element)) and (unless is None or not unless(owner, element)):  # type: ignore[arg-type]
                                out.setdefault(spec_id, []).append(location(element, key))
        return over

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


def _most(spec: Spec) -> int:
    """How many elements a count rule allows (``present`` sets no limit)."""
    return spec.n if spec.kind in ("max", "exactly") else sys.maxsize


def _count_in(found: Found, owner: etree._Element, spec_id: str, element: etree._Element) -> int:
    """Count ``element`` for the rule and its owner; how many it has now."""
    mine = found.get(owner)
    if mine is None:
        found[owner] = {spec_id: [element]}
        return 1
    hits = mine.get(spec_id)
    if hits is None:
        mine[spec_id] = [element]
        return 1
    hits.append(element)
    return len(hits)


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
