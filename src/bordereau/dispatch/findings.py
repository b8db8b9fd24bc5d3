"""Findings as the store keeps them: validation results and the platform's refusals in one shape.

Whatever stopped an invoice (a rule of ``en16931`` or ``chorus``, a file that cannot be read, a flux the platform
rejected, a buyer's rejection), it is kept as a list of plain dicts with the keys of
:meth:`bordereau.rules.Finding.as_dict` (``rule``, ``severity``, ``bt``, ``location``, ``message``) plus ``source``
(``validation``, ``platform`` or ``buyer``), so that ``bordereau status`` shows them all the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..errors import BordereauError, InputError, PlatformError
from ..platform import FluxReport
from ..rules import Finding

PLATFORM = "platform"
VALIDATION = "validation"
BUYER = "buyer"


def finding(
    rule: str,
    message: str,
    *,
    source: str,
    severity: str = "fatal",
    bt: Sequence[str] = (),
    location: str | None = None,
) -> dict[str, Any]:
    return {
        "rule": rule,
        "severity": severity,
        "bt": list(bt),
        "location": location,
        "message": message,
        "source": source,
    }


def from_report(findings: Iterable[Finding]) -> list[dict[str, Any]]:
    """A validation report's findings, fatal ones first."""
    ordered = sorted(findings, key=lambda f: f.severity != "fatal")
    return [{**f.as_dict(), "source": VALIDATION} for f in ordered]


def from_input_error(exc: InputError) -> dict[str, Any]:
    """A document that could not be read or written, as one fatal finding naming the field."""
    return finding("READ", exc.reason, source=VALIDATION, location=exc.field)


def from_error(exc: BordereauError, rule: str) -> dict[str, Any]:
    if isinstance(exc, InputError):
        return from_input_error(exc)
    return finding(rule, str(exc), source=VALIDATION)


def from_flux(report: FluxReport, number: str) -> list[dict[str, Any]]:
    """Why the platform refused ``number`` in this flux: its own rejections, then what concerns the whole file."""
    found = [
        finding(f"CPP-{report.state}", rejection.message, source=PLATFORM, location=f"numeroDP {rejection.number}")
        for rejection in report.rejections
        if not rejection.number or rejection.number == number
    ]
    found += [
        finding(error.code or "CPP-TECHNIQUE", error.message, source=PLATFORM, location=error.nature or None)
        for error in report.technical_errors
    ]
    if not found:
        state = report.state
        found.append(
            finding(f"CPP-{state}", f"the platform ended the flux {report.flux_id} as {state}", source=PLATFORM)
        )
    return found


def from_platform_error(exc: PlatformError) -> dict[str, Any]:
    """A call the platform refused (a deposit with a non-zero codeRetour, for instance)."""
    code = f"CPP-{exc.code}" if exc.code is not None else "CPP"
    return finding(code, exc.label or exc.reason, source=PLATFORM, location=exc.operation)


def fatal(findings: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    return [f for f in findings if f.get("severity") == "fatal"]


def line(item: Mapping[str, Any]) -> str:
    """One finding on one line: ``BR-CPRO-12 [BT-13] message (at location)``."""
    bts = f" [{', '.join(item['bt'])}]" if item.get("bt") else ""
    where = f" (at {item['location']})" if item.get("location") not in (None, "", "/") else ""
    return f"{item.get('rule', '?')}{bts} {item.get('message', '')}{where}"
