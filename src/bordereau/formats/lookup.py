"""Child lookups for readers that make thousands of them.

lxml's ``find`` runs every path through ElementPath, which costs more than the walk itself for the plain
``prefix:Name/prefix:Name`` paths a reader uses. These helpers walk such paths with ``iterchildren`` (same result
as ``find``) and fall back to ElementPath for anything else (predicates, wildcards).
"""

from __future__ import annotations

from lxml import etree

from .xml import NS, Source


def _tags(path: str) -> tuple[str, ...] | None:
    """``ram:A/ram:B`` as Clark tags, or None for a path that needs ElementPath (a predicate, a wildcard)."""
    try:
        return _TAGS[path]
    except KeyError:
        pass
    steps = path.split("/")
    tags = None
    if all(":" in step and not any(c in step for c in "[*.@") for step in steps):
        tags = tuple(f"{{{NS[prefix]}}}{local}" for prefix, _, local in (step.partition(":") for step in steps))
    _TAGS[path] = tags
    return tags


def _descend(node: etree._Element, tags: tuple[str, ...], depth: int = 0) -> etree._Element | None:
    """The first element at the end of ``tags`` below ``node`` (what ElementPath's ``find`` returns)."""
    last = depth == len(tags) - 1
    for element in node.iterchildren(tags[depth]):
        found = element if last else _descend(element, tags, depth + 1)
        if found is not None:
            return found
    return None


def child(parent: etree._Element | None, path: str) -> etree._Element | None:
    """Find without recording the element as read."""
    if parent is None:
        return None
    tags = _tags(path)
    return parent.find(path, NS) if tags is None else _descend(parent, tags)


_TAGS: dict[str, tuple[str, ...] | None] = {}
_ONE_STEP: dict[str, str] = {}  # the paths of a single plain step, with their Clark tag


class FastSource(Source):
    """A :class:`Source` whose plain child paths bypass ElementPath: about three times faster per lookup.

    A reader asks each element for a dozen children or more, most of them absent: the children of an element
    are grouped by name once, on its first lookup, and each lookup after that is a dictionary access. Paths use
    the prefixes of :data:`~bordereau.formats.xml.NS`.
    """

    __slots__ = ("_index",)

    def __init__(self, root: etree._Element, name: str, namespaces: dict[str, str], *, strict: bool = True) -> None:
        super().__init__(root, name, namespaces, strict=strict)
        self._index: dict[etree._Element, dict[str, list[etree._Element]]] = {}

    def _children(self, parent: etree._Element) -> dict[str, list[etree._Element]]:
        """The element children of ``parent`` by tag, in document order (the tree is not changed while read)."""
        index = self._index[parent] = {}
        for element in parent.iterchildren(etree.Element):
            tag = element.tag  # lxml builds the string at each access
            same = index.get(tag)
            if same is None:
                index[tag] = [element]
            else:
                same.append(element)
        return index

    def _below(self, elements: list[etree._Element], tags: tuple[str, ...], depth: int) -> etree._Element | None:
        """The first element at the end of ``tags[depth:]`` below any of ``elements``, in document order."""
        last = depth == len(tags) - 1
        for element in elements:
            index = self._index.get(element)
            found = (index if index is not None else self._children(element)).get(tags[depth])
            if found:
                below = found[0] if last else self._below(found, tags, depth + 1)
                if below is not None:
                    return below
        return None

    def _first_below(self, parent: etree._Element, tags: tuple[str, ...]) -> etree._Element | None:
        """:meth:`_below` from ``parent``, down the first element of each step while no step offers a choice.

        Invoices rarely repeat an element on the way down a path: then the first element of the last step is the
        one ``find`` gives, with no search. Only where a step has several candidates does the full search run.
        """
        node, last = parent, len(tags) - 1
        for depth, tag in enumerate(tags):
            index = self._index.get(node)
            same = (index if index is not None else self._children(node)).get(tag)
            if same is None:
                return None
            if depth < last and len(same) > 1:
                return self._below(same, tags, depth + 1)
            node = same[0]
        return node

    def find(self, parent: etree._Element | None, path: str) -> etree._Element | None:
        if parent is None:
            return None
        tag = _ONE_STEP.get(path)
        if tag is not None:  # most lookups: one step down, a dictionary access once the children are indexed
            index = self._index.get(parent)
            same = (index if index is not None else self._children(parent)).get(tag)
            if same is None:
                return None
            found = same[0]
        else:
            tags = _TAGS[path] if path in _TAGS else _tags(path)
            if tags is None:
                found = parent.find(path, NS)
            elif len(tags) == 1:
                _ONE_STEP[path] = tags[0]
                return self.find(parent, path)
            else:
                found = self._first_below(parent, tags)
            if found is None:
                return None
        self.used.add(found)
        return found

    def text(self, parent: etree._Element | None, path: str, empty: str | None = None) -> str | None:
        """The stripped text at ``path``; None when absent, ``empty`` when present with no text (``find`` inlined)."""
        tag = _ONE_STEP.get(path)
        if tag is None or parent is None:
            found = self.find(parent, path)
        else:
            index = self._index.get(parent)
            same = (index if index is not None else self._children(parent)).get(tag)
            if same is None:
                return None
            found = same[0]
            self.used.add(found)
        if found is None:
            return None
        text = found.text
        return empty if text is None else text.strip()

    def findall(self, parent: etree._Element | None, path: str) -> list[etree._Element]:
        tags = _tags(path)
        if parent is None or tags is None or len(tags) > 1:
            return super().findall(parent, path)
        index = self._index.get(parent)
        found = list((index if index is not None else self._children(parent)).get(tags[0], ()))
        self.used.update(found)
        return found
