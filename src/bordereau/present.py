"""How reports look in a terminal."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape

from .rules import Report

TEXT = {
    "fr": {
        "valid": "valide",
        "invalid": "invalide",
        "fatal": "Erreurs bloquantes",
        "warning": "Avertissements",
        "none": "aucune anomalie",
        "at": "à",
    },
    "en": {
        "valid": "valid",
        "invalid": "invalid",
        "fatal": "Fatal errors",
        "warning": "Warnings",
        "none": "no findings",
        "at": "at",
    },
}


def report(console: Console, result: Report, file: str, lang: str) -> None:
    """One block per file: its verdict, then findings grouped by severity."""
    words = TEXT.get(lang, TEXT["en"])
    verdict = f"[green]{words['valid']}[/]" if result.valid else f"[bold red]{words['invalid']}[/]"
    console.print(f"[bold]{escape(file)}[/] ({result.syntax}): {verdict}")
    if not result.findings:
        console.print(f"  {words['none']}")
    for severity, colour in (("fatal", "red"), ("warning", "yellow")):
        findings = [f for f in result.findings if f.severity == severity]
        if not findings:
            continue
        console.print(f"  [{colour}]{words[severity]} ({len(findings)})[/]")
        for finding in findings:
            bts = f" [dim]{', '.join(finding.bt)}[/]" if finding.bt else ""
            console.print(f"    [{colour}]{finding.rule}[/]{bts} {escape(finding.message)}")
            if finding.location:
                console.print(f"      [dim]{words['at']} {escape(finding.location)}[/]")
