"""The files the platform hands out: integration reports (CR), invoices as PDF, ZIP or PIVOT XML.

The PDFs are plain text pages written by hand (Helvetica, no dependency): they are the platform's own
printouts, not the invoices' legible copies, which a Factur-X deposit carries itself and gets back as it was.
"""

from __future__ import annotations

import base64
import io
import zipfile
from typing import TYPE_CHECKING, Any

from lxml import etree

from .clock import day, instant
from .reading import unpack
from .store import Row

if TYPE_CHECKING:
    from .app import Sandbox

PAGE_LINES = 60
LINE_WIDTH = 110


def text_pdf(title: str, lines: list[str]) -> bytes:
    """A minimal, valid PDF showing ``title`` and ``lines`` on as many A4 pages as needed."""
    wrapped: list[str] = []
    for line in lines:
        while len(line) > LINE_WIDTH:
            cut = line.rfind(" ", 0, LINE_WIDTH)
            cut = cut if cut > 20 else LINE_WIDTH
            wrapped.append(line[:cut])
            line = "    " + line[cut:].lstrip()
        wrapped.append(line)
    pages = [wrapped[i : i + PAGE_LINES] for i in range(0, max(len(wrapped), 1), PAGE_LINES)] or [[]]
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled once the page tree's number is known
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    bold = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
    tree = add(b"")
    kids = []
    for number, page in enumerate(pages, start=1):
        stream = [b"BT", b"/F2 13 Tf", b"50 800 Td", b"(" + _escape(title) + b") Tj", b"/F1 8.5 Tf", b"0 -22 Td"]
        for line in page:
            stream += [b"(" + _escape(line) + b") Tj", b"0 -12.2 Td"]
        stream += [b"/F1 7 Tf", f"0 -{max(0, (PAGE_LINES - len(page)) * 12.2):.1f} Td".encode(), b"ET"]
        stream += [b"BT /F1 7 Tf 500 30 Td (" + _escape(f"page {number}/{len(pages)}") + b") Tj ET"]
        content = b"\n".join(stream)
        content_id = add(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                b"/Resources << /Font << /F1 %d 0 R /F2 %d 0 R >> >> >>" % (tree, content_id, font, bold)
            )
        )
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % tree
    objects[tree - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for index, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % index + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref))
    return out.getvalue()


def _escape(text: str) -> bytes:
    data = text.encode("cp1252", errors="replace")
    return data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def cr_pdf(flux: Row, dp_errors: list[dict[str, Any]], technical: list[dict[str, Any]]) -> bytes:
    """The integration report (compte rendu) of a flow, as consulterCR returns it."""
    lines = [
        f"Numéro de flux : {flux['numero']}",
        f"Fichier : {flux['nom_fichier']}",
        f"Syntaxe : {flux['syntaxe']}",
        f"Date de dépôt : {instant(flux['date_depot'])}",
        f"État : {flux['etat']} depuis le {instant(flux['etat_at'])}",
        "",
    ]
    if technical:
        lines.append("Erreurs techniques :")
        lines += [f" - [{e['codeErreur']}] {e['libelleErreur']}" for e in technical]
    if dp_errors:
        lines.append("Erreurs sur les factures :")
        lines += [f" - facture {e['numeroDP']} : {e['libelleErreurDP']}" for e in dp_errors]
    if not technical and not dp_errors:
        lines.append("Aucune erreur." if flux["etat"] != "IN_RECU" else "Flux en attente de traitement.")
    return text_pdf("Chorus Pro (bac à sable) - compte rendu d'intégration", lines)


def original(sandbox: Sandbox, invoice: Row) -> bytes | None:
    """The document the supplier deposited for this invoice (``None`` for an invoice keyed in)."""
    if invoice.get("document"):
        return invoice["document"]
    if not invoice.get("flux"):
        return None
    flux = sandbox.store.flux(invoice["flux"])
    if flux is None:
        return None
    if invoice.get("member") is None:
        return flux["content"]
    for name, data in unpack(flux["content"], flux["nom_fichier"]):
        if name == invoice["member"]:
            return data
    return None


def invoice_pdf(sandbox: Sandbox, invoice: Row) -> bytes:
    """A Factur-X deposit comes back as it was; anything else as the platform's printout of its data."""
    if invoice["syntax"] == "facturx":
        document = original(sandbox, invoice)
        if document:
            return document
    data = invoice["data"]
    supplier = sandbox.directory.structure(invoice["supplier_id"])
    buyer = sandbox.directory.structure(invoice["buyer_id"])
    service = sandbox.directory.service(invoice["service_id"])
    lines = [
        f"{invoice['type_facture']} n° {invoice['numero']} du {invoice['date_facture'] or ''}",
        f"Identifiant Chorus Pro : {invoice['id']} - statut {invoice['statut']}",
        f"Fournisseur : {supplier.designation if supplier else ''} ({supplier.identifiant if supplier else ''})",
        f"Destinataire : {buyer.designation if buyer else ''} ({buyer.identifiant if buyer else ''})",
        f"Service exécutant : {service.code if service else '-'}   Engagement : {invoice['bon_commande'] or '-'}",
        f"Marché : {invoice['marche'] or '-'}   Cadre : {invoice['cadre']}   Devise : {invoice['devise']}",
        "",
        "Lignes :",
    ]
    for line in data.get("lignes") or []:
        lines.append(
            f" {line['numero']:>3}  {line.get('denomination') or ''}  -  {line.get('quantite') or 0:g} "
            f"{line.get('unite') or ''} x {line.get('prixUnitaire') or 0:.2f} = {line.get('montantHT') or 0:.2f} HT"
            f" (TVA {line.get('tauxTva') or 0:g} %)"
        )
    lines += [
        "",
        f"Total HT : {invoice['montant_ht'] or 0:.2f}   TVA : {invoice['montant_tva'] or 0:.2f}   "
        f"TTC : {invoice['montant_ttc'] or 0:.2f}   Net à payer : {invoice['montant_a_payer'] or 0:.2f}",
        f"Échéance : {data.get('dateEcheance') or '-'}   Mode de paiement : {data.get('modePaiement') or '-'}",
    ]
    return text_pdf("Chorus Pro (bac à sable) - facture", lines)


def invoice_zip(sandbox: Sandbox, invoices: list[Row], with_attachments: bool) -> bytes:
    """Several invoices, or one with its attachments: one folder per invoice."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for invoice in invoices:
            folder = f"{invoice['id']}_{_safe(invoice['numero'])}"
            archive.writestr(f"{folder}/{_safe(invoice['numero'])}.pdf", invoice_pdf(sandbox, invoice))
            if with_attachments:
                for attachment in sandbox.store.invoice_attachments(invoice["id"]):
                    archive.writestr(
                        f"{folder}/{attachment['attachment_id']}_{_safe(attachment['nom'])}", attachment["content"]
                    )
    return out.getvalue()


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name) or "facture"


def pivot(sandbox: Sandbox, invoices: list[Row]) -> bytes:
    """The PIVOT XML (``CPPFacturePivot``): every invoice with its data, attachments embedded in base64."""
    root = etree.Element("CPPFacturePivot")
    envelope = etree.SubElement(etree.SubElement(root, "Enveloppe"), "EnveloppeUnitaire")
    parameters = etree.SubElement(envelope, "Parametres")
    now = sandbox.clock.now()
    for code, value in (("DtPrd", instant(now)), ("IdFlx", f"PIVOT{int(now)}")):
        item = etree.SubElement(parameters, "ParametreIndiv")
        etree.SubElement(item, "Code").text = code
        etree.SubElement(item, "Valeurparametre").text = value
    partners = etree.SubElement(envelope, "Partenaires")
    etree.SubElement(etree.SubElement(partners, "Emetteur"), "Id").text = "CPP"
    etree.SubElement(etree.SubElement(partners, "Recepteur"), "Id").text = "DESTINATAIRE"
    group = etree.SubElement(root, "CPPFactures", Compteur=str(len(invoices)))
    for order, invoice in enumerate(invoices, start=1):
        _pivot_invoice(sandbox, etree.SubElement(group, "CPPFacturePivotUnitaire", NumOrdre=str(order)), invoice)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _sub(parent: etree._Element, tag: str, text: Any = None) -> etree._Element:
    element = etree.SubElement(parent, tag)
    if text is not None:
        element.text = str(text)
    return element


def _pivot_invoice(sandbox: Sandbox, unit: etree._Element, invoice: Row) -> None:
    data = invoice["data"]
    supplier = sandbox.directory.structure(invoice["supplier_id"])
    buyer = sandbox.directory.structure(invoice["buyer_id"])
    service = sandbox.directory.service(invoice["service_id"])
    seller = _sub(unit, "Fournisseur")
    _sub(seller, "TypeIdentifiant", "1" if supplier is None or supplier.type_identifiant == "SIRET" else "2")
    _sub(seller, "Identifiant", supplier.identifiant if supplier else "")
    _sub(seller, "RaisonSociale", supplier.designation if supplier else "")
    _sub(seller, "CodePays", (supplier.adresse.get("pays") if supplier else None) or "FR")
    _sub(seller, "ReferenceBancaire", data.get("iban") or "")
    _sub(seller, "ModeEmission", invoice["mode_depot"])
    debtor = _sub(unit, "Debiteur")
    _sub(debtor, "TypeIdentifiant", "1")
    _sub(debtor, "Identifiant", buyer.identifiant if buyer else "")
    _sub(debtor, "Nom", buyer.designation if buyer else "")
    _sub(debtor, "CodeService", service.code if service else "")
    _sub(debtor, "NomService", service.nom if service else "")
    facts = _sub(unit, "DonneesFacture")
    _sub(facts, "Id", invoice["numero"])
    _sub(facts, "IdFactureOrigine", invoice["facture_origine"] or "")
    _sub(facts, "IdCPRO", invoice["id"])
    _sub(facts, "Renvoi", "Recyclée" if invoice["recycled"] else "Non")
    _sub(facts, "Type", invoice["type_facture"])
    _sub(facts, "Cadre", invoice["cadre"])
    _sub(facts, "DateEmissionFacture", invoice["date_facture"] or "")
    _sub(facts, "DateReception", day(invoice["date_depot"]))
    means = _sub(facts, "ModePaiement")
    _sub(means, "Code", data.get("modePaiement") or "")
    _sub(means, "Libelle", (data.get("modePaiement") or "").capitalize())
    _sub(facts, "Devise", invoice["devise"] or "EUR")
    amounts = _sub(facts, "Montants")
    _sub(amounts, "MontantHT", f"{invoice['montant_ht'] or 0:.2f}")
    _sub(amounts, "MontantTTC", f"{invoice['montant_ttc'] or 0:.2f}")
    _sub(amounts, "MontantNetAPayer", f"{invoice['montant_a_payer'] or 0:.2f}")
    rates = _sub(facts, "TVAs")
    for vat in data.get("tva") or []:
        item = _sub(rates, "TVA")
        _sub(item, "Taux", f"{vat.get('taux') or 0:g}")
        _sub(item, "BaseHt", f"{vat.get('base') or 0:.2f}")
        _sub(item, "MontantTVA", f"{vat.get('montant') or 0:.2f}")
    engagement = _sub(facts, "Engagement")
    _sub(engagement, "NumeroEngagement", invoice["bon_commande"] or "")
    _sub(engagement, "NumeroMarche", invoice["marche"] or "")
    lines = _sub(facts, "Lignes")
    for line in data.get("lignes") or []:
        item = _sub(lines, "Ligne")
        _sub(item, "ReferenceProduit", line.get("reference") or "")
        _sub(item, "PrixUnitaire", f"{line.get('prixUnitaire') or 0:g}")
        _sub(item, "Quantite", f"{line.get('quantite') or 0:g}")
        _sub(item, "MontantHT", f"{line.get('montantHT') or 0:.2f}")
        _sub(item, "TauxTVA", f"{line.get('tauxTva') or 0:g}")
    order = 1
    document = original(sandbox, invoice)
    if document is not None:
        extension = "pdf" if document[:5] == b"%PDF-" else "xml"
        _pivot_attachment(unit, order, document, f"{_safe(invoice['numero'])}.{extension}", "01", extension)
        order += 1
    for attachment in sandbox.store.invoice_attachments(invoice["id"]):
        kind = "01" if attachment["role"] == "principale" else "02"
        _pivot_attachment(
            unit, order, attachment["content"], attachment["nom"], kind, (attachment["extension"] or "").lower()
        )
        order += 1


def _pivot_attachment(unit: etree._Element, order: int, content: bytes, name: str, kind: str, ext: str) -> None:
    piece = _sub(unit, "PJ")
    piece.set("NumOrdre", str(order))
    _sub(piece, "Contenu", base64.b64encode(content).decode("ascii"))
    _sub(piece, "NomPJ", name)
    _sub(piece, "CategoriePJ", "FACTURE" if kind == "01" else "COMPLEMENTAIRE")
    _sub(piece, "TypePJ", kind)
    _sub(piece, "MimeTypePJ", "application/pdf" if ext == "pdf" else "text/xml" if ext == "xml" else "")
