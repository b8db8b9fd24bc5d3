# ruff: noqa: E501  (the tables of cases read best one case a line)
"""Chorus Pro's own checks (BR-CPRO-*): each fires on an invoice crafted to break it, none fires on the examples."""

from __future__ import annotations

import copy
import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bordereau.formats import read, write
from bordereau.formats.document import Document
from bordereau.model import Attachment, SupportingDocument
from bordereau.rules import REGISTRY, validate
from bordereau.rules.chorus import DirectoryEntry, Service
from bordereau.rules.chorus.common import MEGABYTE, valid_siret

from ..conftest import EXAMPLES

ROOT = Path(__file__).resolve().parents[2]
CHORUS_RULES = {r.id: r for r in REGISTRY.rules.values() if r.set == "chorus"}
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.json"))
BUYER_SIRET = "11004562200013"


def example(name: str = "facture-ministere.json") -> dict[str, Any]:
    path = EXAMPLES / name
    if not path.is_file():
        pytest.skip(f"examples/{name} is not there")
    return json.loads(path.read_text(encoding="utf-8"))


def load(data: dict[str, Any]) -> Document:
    return read(json.dumps(data).encode(), "crafted.json")


def chorus(doc: Document | bytes, **options: Any) -> Counter[str]:
    return Counter(f.rule for f in validate(doc, ("chorus",), options=options).findings)


# --- the examples pass -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=[p.name for p in EXAMPLE_FILES])
@pytest.mark.parametrize("syntax", ["json", "ubl", "cii"])
def test_examples_pass(path: Path, syntax: str) -> None:
    doc = read(path.read_bytes(), path.name)
    if syntax != "json":
        doc = read(write(doc.invoice, syntax), f"{path.stem}.{syntax}.xml")
    assert chorus(doc) == Counter()


def test_facture_ministere_passes_with_its_directory_entry() -> None:
    entry = DirectoryEntry(
        siret=BUYER_SIRET,
        service_required=True,
        engagement_required=True,
        services=(Service("SERV-DSI-01", engagement_required=True), Service("SERV-COMPTA")),
    )
    assert chorus(load(example()), directory=entry) == Counter()


# --- each rule fires on an invoice made to break it ----------------------------------------------------------------

MB = MEGABYTE


def _attach(*files: tuple[str | None, bytes]) -> Callable[[Document], None]:
    def edit(doc: Document) -> None:
        for number, (name, content) in enumerate(files, start=1):
            attachment = Attachment(content=content, filename=name, mime_code="application/pdf")
            doc.invoice.supporting_documents.append(SupportingDocument(reference=f"PJ-{number}", attachment=attachment))

    return edit


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """Set ``value`` at a dotted ``path`` of the JSON (list indexes as numbers)."""

    def edit(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = data
        for step in parents:
            node = node[int(step)] if step.isdigit() else node[step]
        if last.isdigit():
            node[int(last)] = value
        else:
            node[last] = value

    return edit


def _both(*edits: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, Any]], None]:
    def edit(data: dict[str, Any]) -> None:
        for one in edits:
            one(data)

    return edit


@dataclass(frozen=True)
class Case:
    rule: str
    name: str
    edit: Callable[[dict[str, Any]], None] | None = None
    document: Callable[[Document], None] | None = None  # for what JSON would make heavy (large attachments)
    directory: Any = None
    base: str = "facture-ministere.json"
    xml: tuple[str, ...] = ("ubl", "cii")  # also check the invoice written in these syntaxes


def _no_buyer_siret(data: dict[str, Any]) -> None:
    data["buyer"]["identifier"] = None
    data["buyer"]["electronic_address"] = {"value": "110045622", "scheme_id": "0225"}


def _seller(**changes: Any) -> Callable[[dict[str, Any]], None]:
    def edit(data: dict[str, Any]) -> None:
        data["seller"].update(changes)

    return edit


def _foreign(country: str, **changes: Any) -> Callable[[dict[str, Any]], None]:
    def edit(data: dict[str, Any]) -> None:
        seller = data["seller"]
        seller.update(identifiers=[], legal_registration=None, electronic_address=None, vat_id=None)
        seller["address"]["country_code"] = country
        seller.update(changes)

    return edit


def _credit_note_paid(data: dict[str, Any]) -> None:
    data["payment"] = {"means_code": "30", "credit_transfers": [{"account_id": "FR7630003012340005123456740"}]}


def _directory(**fields: Any) -> DirectoryEntry:
    return DirectoryEntry(siret=fields.pop("siret", BUYER_SIRET), **fields)


# fmt: off
CASES = [
    Case("BR-CPRO-01", "buyer without SIRET", _no_buyer_siret),
    Case("BR-CPRO-01", "buyer SIRET without scheme", _both(_no_buyer_siret, _set("buyer.legal_registration", {"value": BUYER_SIRET}))),
    Case("BR-CPRO-02", "buyer SIRET with a bad key", _both(_set("buyer.identifier.value", "11004562200014"), _set("buyer.electronic_address.value", "11004562200014"))),
    Case("BR-CPRO-02", "buyer SIRET of 13 digits", _both(_no_buyer_siret, _set("buyer.legal_registration", {"value": "1100456220001", "scheme_id": "0009"}))),
    Case("BR-CPRO-03", "buyer SIRETs differ", _set("buyer.electronic_address.value", "11004562200021")),
    Case("BR-CPRO-04", "French seller without SIRET", _seller(identifiers=[], electronic_address={"value": "852741966", "scheme_id": "0225"})),
    Case("BR-CPRO-04", "German seller without VAT number", _foreign("DE", identifiers=[{"value": "HRB 12345", "scheme_id": "0088"}]), xml=()),
    Case("BR-CPRO-04", "Swiss seller without identifier", _foreign("CH"), xml=()),
    Case("BR-CPRO-05", "seller SIRET with a bad key", _set("seller.identifiers.0.value", "85274196600027")),
    Case("BR-CPRO-05", "seller SIRET in BT-30 with letters", _set("seller.legal_registration", {"value": "8527419660002A", "scheme_id": "0009"})),
    Case("BR-CPRO-06", "invoice number of 21 characters", _set("number", "FA-2026-0000000000187")),
    Case("BR-CPRO-07", "invoice number with a space", _set("number", "FA 2026/187")),
    Case("BR-CPRO-07", "invoice number with accents", _set("number", "FACTURE-É187")),
    Case("BR-CPRO-08", "billing mode of the reform", _set("process.business_process_type", "S1")),
    Case("BR-CPRO-08", "framework A26", _set("process.business_process_type", "A26")),
    Case("BR-CPRO-09", "service code of 101 characters", _set("buyer_reference", "S" * 101)),
    Case("BR-CPRO-10", "engagement number of 51 characters", _set("purchase_order_reference", "E" * 51)),
    Case("BR-CPRO-11", "service FACTURES_PUBLIQUES", _set("buyer_reference", "FACTURES_PUBLIQUES")),
    Case("BR-CPRO-12", "credit note with payment instructions", _credit_note_paid, base="avoir-ministere.json"),
    Case("BR-CPRO-13", "invoice without payment means", _set("payment", None)),
    Case("BR-CPRO-14", "transfer without IBAN", _set("payment.credit_transfers", [])),
    Case("BR-CPRO-15", "transfer to a bad IBAN", _set("payment.credit_transfers.0.account_id", "FR7630003012340005123456741")),
    Case("BR-CPRO-15", "transfer to a bank account number", _set("payment.credit_transfers.0.account_id", "30003012340005123456740")),
    Case("BR-CPRO-16", "SEPA transfer coded 58", _set("payment.means_code", "58")),
    Case("BR-CPRO-17", "invoice in US dollars", _set("currency_code", "USD")),
    # UBL always writes a gross price with an allowance amount: only CII can carry a gross price alone.
    Case("BR-CPRO-18", "gross price without discount", _set("lines.0.price", {"net_price": "650.00", "gross_price": "650.00"}), xml=("cii",)),
    Case("BR-CPRO-19", "attachment over 10 MB", document=_attach(("releve.pdf", bytes(10 * MB + 1)))),
    Case("BR-CPRO-20", "attachments over 120 MB", document=_attach(*[(f"releve-{n}.pdf", bytes(10 * MB)) for n in range(13)])),
    Case("BR-CPRO-21", "attachments over 30 MB", document=_attach(*[(f"releve-{n}.pdf", bytes(8 * MB)) for n in range(4)])),
    Case("BR-CPRO-22", "attachment name of 51 characters", document=_attach(("r" * 47 + ".pdf", b"%PDF-1.7"))),
    Case("BR-CPRO-23", "attachment with a refused extension", document=_attach(("releve.exe", b"MZ"))),
    Case("BR-CPRO-23", "attachment without extension", document=_attach(("releve", b"%PDF-1.7"))),
    Case("BR-CPRO-23", "attachment without name", document=_attach((None, b"%PDF-1.7"))),
    Case("BR-CPRO-24", "empty attachment", document=_attach(("vide.pdf", b""))),
    Case("BR-CPRO-25", "structure inactive", directory=_directory(active=False)),
    Case("BR-CPRO-26", "directory entry of another structure", directory=_directory(siret="11004562200021")),
    Case("BR-CPRO-27", "service code required", _set("buyer_reference", None), directory=_directory(service_required=True)),
    Case("BR-CPRO-28", "engagement required", _set("purchase_order_reference", None), directory=_directory(engagement_required=True)),
    Case("BR-CPRO-29", "service or engagement required", _both(_set("buyer_reference", None), _set("purchase_order_reference", None)), directory=_directory(service_or_engagement=True)),
    Case("BR-CPRO-30", "unknown service", directory=_directory(services=(Service("SERV-COMPTA"),))),
    Case("BR-CPRO-31", "inactive service", directory=_directory(services=(Service("SERV-DSI-01", active=False),))),
    Case("BR-CPRO-32", "service requires an engagement", _set("purchase_order_reference", None), directory=_directory(services=(Service("SERV-DSI-01", engagement_required=True),))),
]
# fmt: on


def crafted(case: Case) -> Document:
    data = copy.deepcopy(example(case.base))
    if case.edit is not None:
        case.edit(data)
    doc = load(data)
    if case.document is not None:
        case.document(doc)
    return doc


@pytest.mark.parametrize("case", CASES, ids=[f"{c.rule} {c.name}" for c in CASES])
def test_rule_fires(case: Case) -> None:
    found = chorus(crafted(case), directory=case.directory)
    assert found[case.rule] >= 1, found


XML_CASES = [(c, syntax) for c in CASES if c.document is None for syntax in c.xml]


@pytest.mark.parametrize(("case", "syntax"), XML_CASES, ids=[f"{c.rule} {c.name} {s}" for c, s in XML_CASES])
def test_rule_fires_on_xml(case: Case, syntax: str) -> None:
    """The same invoice written in UBL or CII and read back: the rules read the model, whatever the syntax."""
    data = write(crafted(case).invoice, syntax, check_schema=False)
    found = chorus(data, directory=case.directory)
    assert found[case.rule] >= 1, found


def test_every_rule_has_a_case() -> None:
    assert {c.rule for c in CASES} == set(CHORUS_RULES)


# --- what must not fire --------------------------------------------------------------------------------------------


# fmt: off
SILENT = [
    ("German seller with VAT number", _foreign("DE", vat_id="DE123456789")),
    ("Swiss seller with an identifier", _foreign("CH", identifiers=[{"value": "CHE-123.456.789", "scheme_id": "0183"}])),
    ("seller from La Poste", _set("seller.identifiers.0.value", "35600000012345")),
    ("no billing framework", _set("process.business_process_type", None)),
    ("framework A25", _set("process.business_process_type", "A25")),
    ("invoice in US dollars without VAT", _both(_set("currency_code", "USD"), *[_set(f"lines.{n}.vat", {"category_code": "G", "rate": "0"}) for n in range(6)], _set("allowances.0.vat_category_code", "G"), _set("allowances.0.vat_rate", "0"))),
    ("gross price with its discount", _set("lines.0.price", {"net_price": "640.00", "gross_price": "650.00", "discount": "10.00"})),
    ("number of 20 characters", _set("number", "FA-2026/000000000187")),
    ("cheque", _set("payment", {"means_code": "20"})),
]
# fmt: on


@pytest.mark.parametrize(("name", "edit"), SILENT, ids=[n for n, _ in SILENT])
def test_silent(name: str, edit: Callable[[dict[str, Any]], None]) -> None:
    data = copy.deepcopy(example())
    edit(data)
    assert chorus(load(data)) == Counter(), name


def test_attachments_within_limits_pass() -> None:
    doc = load(example())
    _attach(("releve.PDF", bytes(MB)), ("bon-de-commande.docx", b"PK"))(doc)
    assert chorus(doc) == Counter()


def test_directory_without_services_does_not_judge_the_service() -> None:
    assert chorus(load(example()), directory=_directory(services=None)) == Counter()


# --- SIRETs and the directory entry ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("11004562200013", True),
        ("11004562200014", False),
        ("1100456220001", False),
        ("1100 4562200013", False),
        ("35600000000048", True),  # La Poste, head office
        ("35600000012345", True),  # La Poste establishment: no Luhn key
        ("٣٥٦٠٠٠٠٠٠١٢٣٤٥", False),
    ],
)
def test_siret(value: str, valid: bool) -> None:
    assert valid_siret(value) is valid


def test_directory_entry_from_the_api() -> None:
    structure = {
        "informationGenerales": {"idStructureCPP": 26300989, "identifiantStructure": BUYER_SIRET},
        "parametres": {"codeServiceDoitEtreRenseigne": True, "numeroEJDoitEtreRenseigne": False},
    }
    services = {
        "codeRetour": 0,
        "listeServices": [
            {"idService": 10652252, "codeService": "SERV-DSI-01", "libelleService": "DSI", "estActif": True},
            {"idService": 10652253, "codeService": "ANCIEN", "estActif": False, "numeroEngagement": True},
        ],
    }
    entry = DirectoryEntry.from_api(structure, services)
    assert entry.siret == BUYER_SIRET and entry.id == 26300989 and entry.active
    assert entry.service_required and not entry.engagement_required and not entry.service_or_engagement
    assert entry.service("SERV-DSI-01") == Service("SERV-DSI-01", True, False, "DSI", 10652252)
    assert entry.service("ANCIEN") is not None and entry.service("ANCIEN").engagement_required
    assert DirectoryEntry.from_api(structure, active=False).services is None


def test_directory_entry_from_another_shape() -> None:
    """The sandbox's structures, or a mapping, work as the directory option too."""

    @dataclass
    class SandboxService:
        code: str
        active: bool
        engagement_required: bool

    @dataclass
    class SandboxStructure:
        identifiant: str
        active: bool
        service_required: bool
        engagement_required: bool
        engagement_or_service: bool
        services: list[SandboxService]

    structure = SandboxStructure(BUYER_SIRET, True, False, False, True, [SandboxService("SERV-DSI-01", False, False)])
    assert chorus(load(example()), directory=structure) == Counter({"BR-CPRO-31": 1})
    mapping = {"siret": BUYER_SIRET, "services": [{"code": "AUTRE"}]}
    assert chorus(load(example()), directory=mapping) == Counter({"BR-CPRO-30": 1})


# --- documentation and messages ----------------------------------------------------------------------------------


def test_ids_are_stable_and_documented() -> None:
    table = (ROOT / "README.md").read_text(encoding="utf-8")
    for rule_id, rule in CHORUS_RULES.items():
        assert re.fullmatch(r"BR-CPRO-\d{2}", rule_id)
        assert f"| {rule_id} | {rule.severity} |" in table, rule_id
    assert sorted(CHORUS_RULES) == [f"BR-CPRO-{n:02d}" for n in range(1, len(CHORUS_RULES) + 1)]


def test_messages_in_french_and_english() -> None:
    params = {"value": "x", "name": "x", "size": "1.0"}
    for rule in CHORUS_RULES.values():
        assert rule.messages["fr"] != rule.messages["en"]
        for lang in ("fr", "en"):
            assert rule.message(lang, params)


def test_french_message_names_the_value() -> None:
    data = copy.deepcopy(example())
    data["number"] = "FA 2026/187"
    report = validate(load(data), ("chorus",), lang="fr")
    assert [f.message for f in report.findings] == [
        "Le numéro de facture (BT-1) « FA 2026/187 » ne peut contenir que des lettres sans accent, des chiffres et "
        "les signes - _ / +, sans espace."
    ]
