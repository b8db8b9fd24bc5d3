"""Hostile and broken inputs: each is refused with one line that names the file, and nothing else happens."""

from __future__ import annotations

import time

import pytest

from bordereau import InputError, read
from bordereau.formats.xml import MAX_DEPTH

UBL_HEAD = (
    b'<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" '
    b'xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">'
)

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
 xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"><cbc:ID>&lol9;</cbc:ID></Invoice>
"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE Invoice [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
 xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"><cbc:ID>&xxe;</cbc:ID></Invoice>
"""

NETWORK_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE Invoice SYSTEM "http://127.0.0.1:9/invoice.dtd">
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/>
"""


def _refused(data: bytes, *fragments: str) -> str:
    with pytest.raises(InputError) as caught:
        read(data, "hostile.xml")
    message = str(caught.value)
    assert message.startswith("hostile.xml: "), message
    assert "\n" not in message
    for fragment in fragments:
        assert fragment in message, message
    return message


def test_entity_bomb_is_refused_quickly() -> None:
    started = time.perf_counter()
    _refused(BILLION_LAUGHS, "DOCTYPE")
    assert time.perf_counter() - started < 1


def test_external_entity_is_refused() -> None:
    message = _refused(EXTERNAL_ENTITY, "entity")
    assert "root:" not in message  # nothing of the local file leaks into the message


def test_external_dtd_is_refused() -> None:
    _refused(NETWORK_ENTITY, "DOCTYPE")


def test_doctype_after_a_long_comment_is_still_refused() -> None:
    padding = b"<!--" + b"x" * 10_000 + b"-->"
    _refused(b'<?xml version="1.0"?>' + padding + EXTERNAL_ENTITY.split(b"?>", 1)[1], "DOCTYPE")


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"", "empty"),
        (b"   \n ", "empty"),
        (b"this is not xml", "not well-formed XML"),
        (b"\x00\x01\x02binary", "not well-formed XML"),
        (UBL_HEAD + b"<cbc:ID>F-1</cbc:ID>", "not well-formed XML"),
        (b"<a><b></a>", "not well-formed XML"),
        (b"<Order xmlns='urn:example'/>", "not an invoice"),
        (b'{"number": ', "not valid JSON"),
        (b"[1, 2]", "must be an object"),
    ],
    ids=["empty", "blank", "text", "binary", "truncated", "mismatched", "other-root", "bad-json", "json-array"],
)
def test_broken_input_gives_one_line(data: bytes, fragment: str) -> None:
    _refused(data, fragment)


def test_too_deep_is_refused() -> None:
    depth = MAX_DEPTH + 50
    data = UBL_HEAD + b"<cbc:Note>" * depth + b"x" + b"</cbc:Note>" * depth + b"</Invoice>"
    _refused(data, "deeper")


def test_too_large_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from bordereau.formats import xml

    monkeypatch.setattr(xml, "MAX_DOCUMENT_BYTES", 1024)
    _refused(UBL_HEAD + b"<cbc:Note>" + b"x" * 2048 + b"</cbc:Note></Invoice>", "larger than")


def test_bad_number_names_the_field() -> None:
    data = (
        UBL_HEAD
        + b'<cac:LegalMonetaryTotal xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:'
        + b'CommonAggregateComponents-2">'
        + b'<cbc:PayableAmount currencyID="EUR">12,50</cbc:PayableAmount></cac:LegalMonetaryTotal></Invoice>'
    )
    _refused(data, "BT-115", "LegalMonetaryTotal/cbc:PayableAmount", "'12,50' is not a decimal number")


def test_bad_date_names_the_field() -> None:
    _refused(UBL_HEAD + b"<cbc:IssueDate>26/11/2026</cbc:IssueDate></Invoice>", "BT-2", "is not a date")
