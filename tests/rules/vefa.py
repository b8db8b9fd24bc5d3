"""Reads the CEN rule unit tests (the VEFA ``testSet`` format) into plain expectations."""

from __future__ import annotations

import copy
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

VEFA = "{http://difi.no/xsd/vefa/validator/1.0}"


@dataclass
class Expectation:
    scope: set[str] = field(default_factory=set)
    success: set[str] = field(default_factory=set)
    errors: dict[str, int] = field(default_factory=dict)
    warnings: dict[str, int | None] = field(default_factory=dict)

    def add(self, assert_element: etree._Element) -> None:
        for child in assert_element:
            rule = (child.text or "").strip()
            if child.tag == f"{VEFA}scope":
                self.scope.add(rule)
            elif child.tag == f"{VEFA}success":
                self.success.add(rule)
            elif child.tag == f"{VEFA}error":
                self.errors[rule] = int(child.get("number", "1"))
            elif child.tag == f"{VEFA}warning":
                self.warnings[rule] = int(child.get("number")) if child.get("number") else None


@dataclass
class UnitTest:
    file: Path
    number: int
    description: str
    document: bytes
    expected: Expectation

    @property
    def name(self) -> str:
        return f"{self.file.stem}#{self.number}"

    def problems(self, fired: list[tuple[str, str]]) -> list[str]:
        """What the fired ``(rule, severity)`` pairs get wrong against the expectation; empty when it passes."""
        fatal = Counter(rule for rule, severity in fired if severity == "fatal")
        warned = Counter(rule for rule, severity in fired if severity == "warning")
        expected = self.expected
        problems = []
        for rule in expected.success:
            if fatal[rule] or warned[rule]:
                problems.append(f"{rule} fired ({fatal[rule] + warned[rule]}×) but must not")
        for rule, count in expected.errors.items():
            if fatal[rule] != count:
                problems.append(f"{rule} must fire {count}× as fatal, fired {fatal[rule]}×")
        for rule, count in expected.warnings.items():
            if (count is None and not warned[rule]) or (count is not None and warned[rule] != count):
                problems.append(f"{rule} must fire {count or 'at least once'} as a warning, fired {warned[rule]}×")
        named = expected.success | set(expected.errors) | set(expected.warnings)
        for rule in sorted(set(fatal) | set(warned)):
            if rule in expected.scope and rule not in named:
                problems.append(f"{rule} fired but the test does not expect it")
        return problems


def load(path: Path) -> list[UnitTest]:
    root = etree.parse(str(path)).getroot()
    shared = Expectation()
    for assert_element in root.findall(f"{VEFA}assert"):
        shared.add(assert_element)
    tests = []
    for number, test in enumerate(root.findall(f"{VEFA}test"), start=1):
        expected = copy.deepcopy(shared)
        description = ""
        invoice = None
        for child in test:
            if not isinstance(child.tag, str):
                continue
            if child.tag == f"{VEFA}assert":
                expected.add(child)
                description = (child.findtext(f"{VEFA}description") or "").strip()
            elif invoice is None:
                invoice = child
        if invoice is None:
            continue
        data = etree.tostring(copy.deepcopy(invoice), xml_declaration=True, encoding="UTF-8")
        tests.append(UnitTest(path, number, description, data, expected))
    return tests
