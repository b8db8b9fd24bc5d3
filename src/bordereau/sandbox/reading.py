"""What the platform reads in a deposited flow: the documents in it, whether each is valid, and the data it keeps.

This half of the integration is pure (bytes in, plain data out), so that it can run in worker processes while
the server keeps answering; ``integration`` then applies the directory and writes the result.
"""

from __future__ import annotations

import io
import tarfile
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from lxml import etree

from ..errors import BordereauError
from ..formats import Document, cii, ubl, xsd
from ..formats import read as read_any
from ..formats.xml import NS, parse

# syntaxeFlux → (the kind of document expected, the interface code the CR shows). UNSURE: interface codes other
# than FSO1100A (UBL), FSO1106A (CII 16B) and FSO1117A (Factur-X) are guesses.
SYNTAXES: dict[str, tuple[str | None, str]] = {
    "IN_DP_E1_UBL_INVOICE": ("ubl", "FSO1100A"),
    "IN_DP_E1_CII_16B": ("cii", "FSO1106A"),
    "IN_DP_E1_CII": ("cii", "FSO1101A"),
    "IN_DP_E2_CII_FACTURX": ("facturx", "FSO1117A"),
    "IN_DP_E2_UBL_INVOICE_MIN": ("ubl", "FSO1110A"),
    "IN_DP_E2_CII_MIN_16B": ("cii", "FSO1110A"),
    "IN_DP_E2_CII_MIN": ("cii", "FSO1110A"),
    "IN_DP_E3_UBL_INVOICE": ("ubl", "FSO1100A"),
    "IN_DP_PDFARCHIVE_UBL_INVOICE_MUG": ("ubl", "FSO1110A"),
    "IN_DP_PDFARCHIVE_CII_MUG": ("cii", "FSO1110A"),
    "IN_DP_E1_PES_FACTURE": (None, "FSO1102A"),
    "IN_DP_E2_PES_FACTURE_MIN": (None, "FSO1110A"),
    "IN_DP_E1_XCBL": (None, "FSO1103A"),
    "IN_DP_E2_CPP_FACTURE_MIN": (None, "FSO1110A"),
}
KIND_NAMES = {"ubl": "UBL 2.1", "cii": "CII D16B", "facturx": "Factur-X (PDF/A-3)"}
MAX_MEMBERS = 500
MAX_UNPACKED = 120 * 1024 * 1024
MAX_ERRORS_PER_INVOICE = 50
RULE_SETS = ("en16931", "chorus")

# BT-23 short codes → the API's billing frameworks.
CADRES = {
    "A1": "A1_FACTURE_FOURNISSEUR",
    "A2": "A2_FACTURE_FOURNISSEUR_DEJA_PAYEE",
    "A3": "A3_MEMOIRE_JUSTICE",
    "A4": "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR",
    "A5": "A5_ETAT_ACOMPTE_FOURNISSEUR",
    "A6": "A6_ETAT_ACOMPTE_VALIDE_FOURNISSEUR",
    "A7": "A7_PROJET_DECOMPTE_FINAL_FOURNISSEUR",
    "A8": "A8_DECOMPTE_GENERAL_DEFINITIF_FOURNISSEUR",
    "A9": "A9_FACTURE_SOUSTRAITANT",
    "A10": "A10_PROJET_DECOMPTE_MENSUEL_SOUSTRAITANT",
    "A11": "A11_PROJET_DECOMPTE_FINAL_SOUSTRAITANT",
    "A12": "A12_FACTURE_COTRAITANT",
    "A13": "A13_PROJET_DECOMPTE_MENSUEL_COTRAITANT",
    "A14": "A14_PROJET_DECOMPTE_FINAL_COTRAITANT",
    "A15": "A15_ETAT_ACOMPTE_MOE",
    "A16": "A16_ETAT_ACOMPTE_VALIDE_MOE",
    "A17": "A17_PROJET_DECOMPTE_GENERAL_MOE",
    "A18": "A18_DECOMPTE_GENERAL_MOE",
    "A19": "A19_ETAT_ACOMPTE_VALIDE_MOA",
    "A20": "A20_DECOMPTE_GENERAL_MOA",
    "A21": "A21_DEMANDE_REMBOURSEMENT_TIC",
    "A22": "A22_PROJET_DECOMPTE_GENERAL_FOURNISSEUR_PROCEDURE_TACITE",
    "A23": "A23_DECOMPTE_GENERAL_DEFINITIF_TACITE_FOURNISSEUR",
    "A24": "A24_DECOMPTE_GENERAL_DEFINITIF_TACITE_MOE",
    "A25": "A25_DECOMPTE_GENERAL_DEFINITIF_MOE_PROCEDURE_TACITE",
}
# UNTDID 4461 payment means → the API's modePaiement.
PAYMENT_MEANS = {
    "10": "ESPECE",
    "20": "CHEQUE",
    "30": "VIREMENT",
    "31": "VIREMENT",
    "42": "VIREMENT",
    "58": "VIREMENT",
    "49": "PRELEVEMENT",
    "59": "PRELEVEMENT",
    "97": "REPORT",
}
# The XSD a Factur-X guideline id (BT-24) is checked against.
PROFILES = {
    "urn:factur-x.eu:1p0:minimum": "minimum",
    "urn:factur-x.eu:1p0:basicwl": "basicwl",
    "urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic": "basic",
    "urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:extended": "extended",
}


@dataclass(slots=True)
class Problem:
    """A technical error of the flow (listeErreurTechnique)."""

    code: str
    message: str
    nature: str = "REJET"

    def as_dict(self) -> dict[str, str]:
        return {"codeErreur": self.code, "libelleErreur": self.message, "natureErreur": self.nature}


def unpack(content: bytes, name: str) -> list[tuple[str, bytes]]:
    """The documents of a flow: itself, or the files of a zip or tar(.gz) archive."""
    if content[:4] == b"PK\x03\x04":
        members = []
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            for info in archive.infolist():
                if info.is_dir() or _hidden(info.filename):
                    continue
                members.append((info.filename, info.file_size))
            _check_sizes(members)
            return [(member, archive.read(member)) for member, _ in members]
    if content[:2] == b"\x1f\x8b" or _is_tar(content):
        result = []
        with tarfile.open(fileobj=io.BytesIO(content), mode="r:*") as archive:
            entries = [m for m in archive.getmembers() if m.isfile() and not _hidden(m.name)]
            _check_sizes([(m.name, m.size) for m in entries])
            for entry in entries:
                handle = archive.extractfile(entry)
                if handle is not None:
                    result.append((entry.name, handle.read()))
        return result
    return [(name, content)]


def _is_tar(content: bytes) -> bool:
    return len(content) > 262 and content[257:262] == b"ustar"


def _hidden(name: str) -> bool:
    base = name.rsplit("/", 1)[-1]
    return not base or base.startswith(".") or name.startswith("__MACOSX")


def _check_sizes(members: list[tuple[str, int]]) -> None:
    if not members:
        raise ValueError("l'archive ne contient aucun fichier")
    if len(members) > MAX_MEMBERS:
        raise ValueError(f"l'archive contient {len(members)} fichiers, au-delà de la limite de {MAX_MEMBERS} factures")
    if sum(size for _, size in members) > MAX_UNPACKED:
        raise ValueError("l'archive décompressée dépasse 120 Mo")


def kind_of(data: bytes) -> tuple[str | None, etree._Element | None]:
    """``ubl``, ``cii``, ``facturx`` or ``None``, with the parsed XML root for XML documents."""
    if data[:5] == b"%PDF-":
        return "facturx", None
    root = parse(data, "document")
    qname = etree.QName(root)
    if (qname.namespace, qname.localname) in ((NS["ubl"], "Invoice"), (NS["ublcn"], "CreditNote")):
        return "ubl", root
    if (qname.namespace, qname.localname) == (NS["rsm"], "CrossIndustryInvoice"):
        return "cii", root
    return None, root


def analyse(content: bytes, file_name: str, syntaxe: str) -> dict[str, Any]:
    """Read a deposited flow: technical problems of the flow, and per document its data or its problems."""
    expected, _ = SYNTAXES.get(syntaxe, (None, ""))
    if expected is None:
        message = f"La syntaxe {syntaxe} n'est pas prise en charge par le bac à sable."
        return {"technical": [Problem("SYNTAXE_NON_GEREE", message).as_dict()], "documents": []}
    try:
        members = unpack(content, file_name)
    except (ValueError, zipfile.BadZipFile, tarfile.TarError, EOFError, OSError) as exc:
        problem = Problem("ARCHIVE_ILLISIBLE", f"Le fichier {file_name} ne peut pas être lu : {exc}")
        return {"technical": [problem.as_dict()], "documents": []}
    documents = [analyse_document(name, data, expected) for name, data in members]
    return {"technical": [], "documents": documents}


def analyse_document(name: str, data: bytes, expected: str) -> dict[str, Any]:
    """One document: ``{"name", "problems": [...]}`` when unreadable, else its data and its rule findings."""
    result: dict[str, Any] = {"name": name, "problems": [], "errors": [], "invoice": None}
    try:
        kind, root = kind_of(data)
    except BordereauError as exc:
        result["problems"].append(Problem("XML_MAL_FORME", f"{name} : {exc}").as_dict())
        return result
    if kind != expected:
        found = KIND_NAMES.get(kind or "", "un document qui n'est pas une facture")
        message = f"{name} : le flux annonce {KIND_NAMES[expected]} mais contient {found}."
        result["problems"].append(Problem("FORMAT_INATTENDU", message).as_dict())
        return result
    try:
        if root is not None:
            schema_problems = _schema_problems(root, name)
            if schema_problems:
                result["problems"].extend(schema_problems)
                return result
            document = (ubl.read if kind == "ubl" else cii.read)(root, name)
        else:
            document = read_any(data, name)
            if isinstance(document.root, etree._Element):
                schema_problems = _schema_problems(document.root, name)
                if schema_problems:
                    result["problems"].extend(schema_problems)
                    return result
    except BordereauError as exc:
        result["problems"].append(Problem("LECTURE_IMPOSSIBLE", f"{name} : {exc}").as_dict())
        return result
    result["invoice"] = extract(document)
    result["errors"] = _rule_errors(document)
    return result


_GUIDELINE = etree.XPath(
    "rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID/text()", namespaces=NS
)


def _schema_problems(root: etree._Element, name: str) -> list[dict[str, str]]:
    schema = xsd.schema_for(root)
    if schema == "en16931":
        guideline = _GUIDELINE(root)
        schema = PROFILES.get(str(guideline[0]).strip() if guideline else "", "en16931")
    problems = xsd.errors(root, schema)
    return [Problem("XSD", f"{name} : non conforme au schéma XSD ({p})").as_dict() for p in problems[:20]]


def _rule_errors(document: Document) -> list[str]:
    from ..rules import validate

    try:
        report = validate(document, RULE_SETS, lang="fr")
    except Exception as exc:  # a rule that breaks must not take the platform down: the flow says why
        return [f"Contrôle interrompu : {type(exc).__name__}: {exc}"]
    messages = []
    for finding in report.fatal()[:MAX_ERRORS_PER_INVOICE]:
        where = f" ({finding.location})" if finding.location else ""
        messages.append(f"{finding.rule} : {finding.message}{where}")
    return messages


def _amount(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def siret_of(*candidates: Any) -> str | None:
    """The first 14-digit identifier among a party's identifiers (SIRET, whatever scheme it was given)."""
    for candidate in candidates:
        if candidate is None:
            continue
        value = "".join(str(getattr(candidate, "value", candidate)).split())
        if len(value) == 14 and value.isdigit():
            return value
    return None


def party_identifier(party: Any) -> str | None:
    """A supplier's identifier: its SIRET, else its VAT number (suppliers outside France)."""
    if party is None:
        return None
    found = siret_of(
        *getattr(party, "identifiers", []),
        getattr(party, "identifier", None),
        party.legal_registration,
        party.electronic_address,
    )
    return found or (party.vat_id if getattr(party, "vat_id", None) else None)


def extract(document: Document) -> dict[str, Any]:
    """What the platform keeps of an invoice: its references, parties, amounts, lines and VAT breakdown."""
    invoice = document.invoice
    seller, buyer, totals = invoice.seller, invoice.buyer, invoice.totals
    cadre = (invoice.process.business_process_type or "A1").strip().upper()
    payment = invoice.payment
    categories = {v.category_code for v in invoice.vat_breakdown}
    if categories and categories <= {"E"}:
        type_tva = "EXONERATION"
    elif categories and categories <= {"O"}:
        type_tva = "SANS_TVA"
    elif invoice.tax_point_date_code == "72":
        type_tva = "TVA_SUR_ENCAISSEMENT"
    else:
        type_tva = "TVA_SUR_DEBIT"
    transfer = payment.credit_transfers[0] if payment and payment.credit_transfers else None
    exemption = next(
        (
            v.exemption_reason or v.exemption_reason_code
            for v in invoice.vat_breakdown
            if v.category_code in ("E", "O", "AE", "K", "G")
        ),
        None,
    )
    lines = []
    for index, line in enumerate(invoice.lines, start=1):
        allowances = sum((a.amount or Decimal(0) for a in line.allowances), Decimal(0))
        rate = line.vat.rate if line.vat else None
        net = line.net_amount or Decimal(0)
        lines.append(
            {
                "numero": index,
                "reference": (line.item.sellers_id if line.item else None) or line.id or "",
                "denomination": (line.item.name if line.item else None) or "",
                "quantite": _amount(line.quantity),
                "unite": line.unit_code or "",
                "prixUnitaire": _amount(line.price.net_price if line.price else None),
                "remise": float(allowances),
                "montantHT": float(net),
                "tauxTva": float(rate) if rate is not None else None,
                "montantTva": float((net * (rate or 0) / 100).quantize(Decimal("0.01"))),
            }
        )
    return {
        "numero": invoice.number or "",
        "syntax": document.syntax,
        "typeFacture": "AVOIR" if invoice.is_credit_note else "FACTURE",
        "typeCode": invoice.type_code,
        "cadre": CADRES.get(cadre, cadre),
        "dateFacture": invoice.issue_date.isoformat() if invoice.issue_date else None,
        "dateEcheance": invoice.due_date.isoformat() if invoice.due_date else None,
        "devise": invoice.currency_code or "EUR",
        "codeService": (invoice.buyer_reference or "").strip() or None,
        "engagement": (invoice.purchase_order_reference or "").strip() or None,
        "marche": (invoice.contract_reference or "").strip() or None,
        "factureOrigine": invoice.preceding_invoices[0].number if invoice.preceding_invoices else None,
        "modePaiement": PAYMENT_MEANS.get(payment.means_code or "", "AUTRE") if payment else None,
        "typeTva": type_tva,
        "motifExonerationTva": exemption,
        "commentaire": " ".join(n.text for n in invoice.notes if n.text)[:1000] or None,
        "fournisseur": _party(seller, party_identifier(seller)),
        "destinataire": _party(
            buyer, siret_of(buyer.identifier, buyer.legal_registration, buyer.electronic_address) if buyer else None
        ),
        "iban": transfer.account_id if transfer else None,
        "bic": transfer.service_provider_id if transfer else None,
        "montantHT": _amount(totals.tax_exclusive_amount) if totals else None,
        "montantTVA": _amount(totals.vat_total) if totals else None,
        "montantTTC": _amount(totals.tax_inclusive_amount) if totals else None,
        "montantAPayer": _amount(totals.amount_due) if totals else None,
        "lignes": lines,
        "tva": [
            {
                "taux": _amount(v.rate),
                "categorie": v.category_code,
                "base": _amount(v.taxable_amount),
                "montant": _amount(v.tax_amount),
            }
            for v in invoice.vat_breakdown
        ],
        "piecesJointes": [
            {
                "designation": d.reference or "",
                "nom": (d.attachment.filename or d.reference or "piece") if d.attachment else d.reference or "",
            }
            for d in invoice.supporting_documents
        ],
    }


def _party(party: Any, identifiant: str | None) -> dict[str, Any]:
    if party is None:
        return {"identifiant": identifiant}
    address = party.address
    return {
        "identifiant": identifiant,
        "designation": party.name or "",
        "tva": party.vat_id or "",
        "adresse": {
            "adresse": (address.line1 or "") if address else "",
            "complement1": (address.line2 or "") if address else "",
            "complement2": (address.line3 or "") if address else "",
            "codePostal": (address.post_code or "") if address else "",
            "ville": (address.city or "") if address else "",
            "pays": (address.country_code or "") if address else "",
        },
    }


def warm_up() -> None:
    """Load the rules and compile the schemas once, in a worker process, before the first flow arrives."""
    from ..rules import REGISTRY  # noqa: F401  (registers the rules)

    for name in ("ubl-invoice", "ubl-creditnote", "en16931"):
        xsd.schema(name)
