"""The readers' fast lookups find exactly what lxml's ElementPath finds, whatever repeats on the way down."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from bordereau.formats.lookup import FastSource
from bordereau.formats.xml import NS

RAM = NS["ram"]
NAMES = ("A", "B", "C")

trees = st.recursive(
    st.sampled_from(NAMES).map(lambda name: (name, [])),
    lambda children: st.tuples(st.sampled_from(NAMES), st.lists(children, max_size=4)),
    max_leaves=20,
)
paths = st.lists(st.sampled_from(NAMES), min_size=1, max_size=3).map(lambda steps: "/".join(f"ram:{s}" for s in steps))


def build(node: tuple[str, list], parent: etree._Element, counter: list[int]) -> None:
    name, children = node
    element = etree.SubElement(parent, f"{{{RAM}}}{name}")
    counter[0] += 1
    element.text = str(counter[0])
    for child in children:
        build(child, element, counter)


@settings(max_examples=500)
@given(st.lists(trees, max_size=4), st.lists(paths, min_size=1, max_size=6))
def test_find_and_findall_agree_with_elementpath(nodes: list[tuple[str, list]], asked: list[str]) -> None:
    root = etree.Element("root", nsmap={"ram": RAM})
    counter = [0]
    for node in nodes:
        build(node, root, counter)
    source = FastSource(root, "generated.xml", NS)
    for path in asked:  # the same source asked several times: its index is built by the first lookups
        assert source.find(root, path) is root.find(path, NS), path
        assert source.findall(root, path) == root.findall(path, NS), path
