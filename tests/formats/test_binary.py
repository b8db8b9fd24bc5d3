"""Attachments decode exactly as Python's binascii decodes them, however odd the text."""

from __future__ import annotations

import base64
import binascii

from hypothesis import given, settings
from hypothesis import strategies as st

from bordereau.formats.binary import decode_base64

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def outcome(decode: object, text: str) -> tuple[str, bytes | None]:
    try:
        return "bytes", decode(text)  # type: ignore[operator]
    except binascii.Error:
        return "binascii.Error", None
    except ValueError:
        return "ValueError", None


@settings(max_examples=3000)
@given(st.text(alphabet=st.sampled_from([*ALPHABET, "=", " ", "\n", "\r", "\t", "-", "_", "*", "é"]), max_size=24))
def test_same_verdict_as_binascii_on_any_text(text: str) -> None:
    assert outcome(decode_base64, text) == outcome(binascii.a2b_base64, text)


@given(st.binary(max_size=4000), st.booleans())
def test_encoded_bytes_come_back(raw: bytes, broken_in_lines: bool) -> None:
    text = (base64.encodebytes(raw) if broken_in_lines else base64.b64encode(raw)).decode("ascii")
    assert decode_base64(text) == raw


def test_data_after_the_padding_is_read_as_binascii_reads_it() -> None:
    assert decode_base64("iH6tB+g=K") == binascii.a2b_base64("iH6tB+g=K")
