"""The XSD rule's shortcut for large attachments gives libxml2's verdict, faster.

A large attachment that is plainly valid base64 is swapped for a short value before the schema check
(:func:`bordereau.rules.en16931.schema.schema_tree`): the shortcut must accept only what libxml2 accepts, and the
rule must report exactly what the full check reports, on valid and broken attachments alike.
"""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from bordereau.formats import read, xsd
from bordereau.formats.xml import NS
from bordereau.rules import validate
from bordereau.rules.en16931.schema import plainly_base64, schema_tree

from ..conftest import CORPUS

SYMBOLS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
BASE64 = etree.XMLSchema(
    etree.XML(
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="b" type="xs:base64Binary"/>'
        "</xs:schema>"
    )
)
ATTACHED = CORPUS / "en16931" / "ubl" / "FT G2G_TD01 con Allegato, Bonifico e Split Payment.xml"
BINARY = f"{{{NS['cbc']}}}EmbeddedDocumentBinaryObject"


def libxml2_accepts(text: str) -> bool:
    element = etree.Element("b")
    element.text = text
    return BASE64.validate(element)


# Plain texts: symbols, then "=" signs, white space anywhere; and now and then a stray character.
plain = st.builds(
    lambda body, pad: body + pad,
    st.text(alphabet=SYMBOLS + " \n\r\t", max_size=40),
    st.text(alphabet="= \n", max_size=4),
)
anything = st.text(alphabet=SYMBOLS + "= \n\t-_.*é\u00a0", max_size=40)


@given(plain)
@settings(max_examples=3000, derandomize=True, database=None)
def test_plain_texts_get_libxml2_verdict(text: str) -> None:
    assert plainly_base64(text) == libxml2_accepts(text), repr(text)


@given(anything)
@settings(max_examples=3000, derandomize=True, database=None)
def test_shortcut_accepts_only_what_libxml2_accepts(text: str) -> None:
    if plainly_base64(text):
        assert libxml2_accepts(text), repr(text)


@pytest.mark.parametrize("size", range(0, 9))
def test_every_padding_of_real_base64(size: int) -> None:
    for payload in (bytes(range(size)), b"\xff" * size):
        text = base64.b64encode(payload).decode()
        assert plainly_base64(text) and libxml2_accepts(text)
        wrapped = "\n".join(text[i : i + 4] for i in range(0, len(text), 4))
        assert plainly_base64(wrapped) and libxml2_accepts(wrapped)


def _findings(data: bytes) -> list[tuple[str, str | None, str]]:
    return [(f.rule, f.location, f.message) for f in validate(read(data, "x.xml", strict=False), ("en16931",)).findings]


def _full_check(data: bytes) -> list[tuple[str, str]]:
    root = read(data, "x.xml", strict=False).root
    return xsd.problems(root, xsd.schema_for(root))


@pytest.fixture(scope="module")
def attached(corpus: Path) -> bytes:
    if not ATTACHED.is_file():
        pytest.skip("the corpus document with a large attachment is not there")
    return ATTACHED.read_bytes()


def test_large_valid_attachment_takes_the_shortcut(attached: bytes) -> None:
    root = read(attached, "x.xml", strict=False).root
    swapped = schema_tree(root)
    assert swapped is not root and len(next(swapped.iter(BINARY)).text) < 10
    assert len(next(root.iter(BINARY)).text) > 1_000_000  # the document itself is left alone
    assert _full_check(attached) == [] and not [f for f in _findings(attached) if f[0] == "XSD"]


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[:-1],  # a symbol short
        lambda text: text[:1000] + "=" + text[1000:],  # a "=" in the middle
        lambda text: text[:1000] + "!" + text[1000:],  # a stray character (libxml2 ignores it: still too many)
        lambda text: text + "==",  # padding on a complete text
        lambda text: text[:-4] + "AB==" if not text.endswith("=") else text[:-2] + "B=",  # stray bits
    ],
)
def test_damaged_attachment_gets_the_full_check(attached: bytes, damage: object) -> None:
    root = etree.fromstring(attached)
    element = next(root.iter(BINARY))
    element.text = damage(element.text)  # type: ignore[operator]
    data = etree.tostring(root)
    xsd_findings = [(location, message) for rule, location, message in _findings(data) if rule == "XSD"]
    expected = [
        (path, f"The document does not conform to its syntax's XSD: {text}") for path, text in _full_check(data)
    ]
    assert xsd_findings == expected
    assert bool(xsd_findings) != libxml2_accepts(element.text)


def test_other_schema_errors_are_reported_as_before(attached: bytes) -> None:
    root = etree.fromstring(attached)
    note = etree.SubElement(root, f"{{{NS['cbc']}}}Unexpected")
    note.text = "x"
    data = etree.tostring(root)
    document = read(data, "x.xml", strict=False)
    assert len(_full_check(data)) == 1
    found = [f.location for f in validate(document, ("en16931",)).findings if f.rule == "XSD"]
    assert found == [_full_check(data)[0][0]]
    assert len(next(document.root.iter(BINARY)).text) > 1_000_000  # the caller's tree is left as it was
