"""The process that runs the official schematron XSLTs through Saxon, for :mod:`bordereau.rules.official`.

Saxon's processor is not safe to share between threads, and a crash inside it takes the whole process down,
so it lives here, alone in its own process. The parent starts this file as a script (no import of the
``bordereau`` package, so startup stays cheap) and talks to it over stdin/stdout with frames: a 4-byte
big-endian length, then that many bytes. A request is a JSON frame, followed for ``validate`` by one frame
holding the document (UTF-8 XML, already parsed and re-serialized by the parent's hardened parser). Every
request gets one JSON frame back. Compiled stylesheets are kept for the life of the process.

Requests::

    {"op": "compile", "xslt": path}   -> {"ok": true, "compile_s": seconds spent (0 when already compiled)}
    {"op": "validate", "xslt": path}  -> {"ok": true, "compile_s": ..., "items": [[kind, id, flag, location, text]]}

A failure is ``{"ok": false, "kind": "compile" | "transform" | "protocol", "error": text}``. On startup the
worker sends ``{"ok": true, "saxon": version}``, or ``{"ok": false, "kind": "missing", ...}`` without saxonche.
The worker exits when its stdin closes, which is also what happens when the parent dies.
"""

from __future__ import annotations

import json
import os
import struct
import sys
import time
from typing import Any, BinaryIO

HEADER = struct.Struct(">I")
SVRL = "{http://purl.oclc.org/dsdl/svrl}"
KINDS = {f"{SVRL}failed-assert": "assert", f"{SVRL}successful-report": "report"}


def read_frame(stream: BinaryIO) -> bytes | None:
    """One frame from ``stream``, or None at a clean end of input."""
    head = stream.read(HEADER.size)
    if not head:
        return None
    if len(head) < HEADER.size:
        raise EOFError("truncated frame header")
    (size,) = HEADER.unpack(head)
    body = stream.read(size)
    if len(body) < size:
        raise EOFError("truncated frame")
    return body


def write_frame(stream: BinaryIO, body: bytes) -> None:
    stream.write(HEADER.pack(len(body)) + body)
    stream.flush()


def svrl_items(svrl: bytes) -> list[list[str | None]]:
    """The failed asserts and successful reports of an SVRL document, in document order."""
    from lxml import etree

    items: list[list[str | None]] = []
    root = etree.fromstring(svrl, etree.XMLParser(resolve_entities=False, no_network=True))
    for element in root.iter(*KINDS):
        text = element.find(f"{SVRL}text")
        message = " ".join("".join(text.itertext()).split()) if text is not None else ""
        items.append([KINDS[element.tag], element.get("id"), element.get("flag"), element.get("location"), message])
    return items


class Validator:
    """One Saxon processor and the stylesheets compiled so far, keyed by path."""

    def __init__(self) -> None:
        import saxonche

        self.saxon = saxonche
        self.processor = saxonche.PySaxonProcessor(license=False)
        self.compiler = self.processor.new_xslt30_processor()
        self.executables: dict[str, Any] = {}

    def compile(self, path: str) -> float:
        if path in self.executables:
            return 0.0
        started = time.perf_counter()
        self.executables[path] = self.compiler.compile_stylesheet(stylesheet_file=path)
        return time.perf_counter() - started

    def validate(self, path: str, document: bytes) -> list[list[str | None]]:
        node = self.processor.parse_xml(xml_text=document.decode("utf-8"))
        svrl = self.executables[path].transform_to_string(xdm_node=node)
        return svrl_items(svrl.encode("utf-8"))


def handle(validator: Validator, request: dict[str, Any], stdin: BinaryIO) -> dict[str, Any]:
    op, path = request.get("op"), request.get("xslt")
    if op not in ("compile", "validate") or not isinstance(path, str):
        return {"ok": False, "kind": "protocol", "error": f"unknown request {request!r}"}
    document = read_frame(stdin) if op == "validate" else b""
    if document is None:
        raise EOFError("request without its document")
    try:
        compile_s = validator.compile(path)
    except Exception as exc:
        return {"ok": False, "kind": "compile", "error": f"{type(exc).__name__}: {exc}"}
    if op == "compile":
        return {"ok": True, "compile_s": compile_s}
    try:
        items = validator.validate(path, document)
    except Exception as exc:
        return {"ok": False, "kind": "transform", "error": f"{type(exc).__name__}: {exc}"}
    return {"ok": True, "compile_s": compile_s, "items": items}


def main() -> int:
    # Keep the protocol channel to ourselves: anything Saxon or Python prints to stdout goes to stderr.
    channel = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    stdin = sys.stdin.buffer
    try:
        validator = Validator()
    except ImportError as exc:
        write_frame(channel, json.dumps({"ok": False, "kind": "missing", "error": str(exc)}).encode())
        return 1
    write_frame(channel, json.dumps({"ok": True, "saxon": validator.processor.version}).encode())
    while True:
        frame = read_frame(stdin)
        if frame is None:
            return 0
        try:
            request = json.loads(frame)
        except ValueError:
            request = {}
        write_frame(channel, json.dumps(handle(validator, request, stdin)).encode())


if __name__ == "__main__":
    sys.exit(main())
