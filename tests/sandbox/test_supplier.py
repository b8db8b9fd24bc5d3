"""Supplier side: deposit, integration report, search with paging, consultation, keyed-in invoices."""

from __future__ import annotations

import base64
import io
import json
import tarfile
import zipfile

import pikepdf

from bordereau import read, to_ubl

from .conftest import (
    EXAMPLES,
    MINISTRY,
    MINISTRY_ID,
    MINISTRY_SIRET,
    MULTI,
    SUPPLIER_ID,
    SUPPLIER_SIRET,
    Running,
    invoice,
    unique,
)


def test_supplier_journey_of_the_example_until_paid(sandbox: Running) -> None:
    """token → deposit → report → search → history until MISE_EN_PAIEMENT, with the examples as they are."""
    document = to_ubl(read((EXAMPLES / "facture-ministere.json").read_bytes()).invoice)
    deposit = sandbox.call(
        "factures/v1/deposer/flux",
        {
            "fichierFlux": base64.b64encode(document).decode(),
            "nomFichier": "FA-2026-000187.xml",
            "syntaxeFlux": "IN_DP_E1_UBL_INVOICE",
            "avecSignature": False,
        },
    )
    numero = deposit["numeroFluxDepot"]
    assert numero.startswith("CPP") and len(numero) == 25 and numero[3:].isdigit()
    assert deposit["syntaxeFlux"] == "IN_DP_E1_UBL_INVOICE"
    first = sandbox.call("transverses/v1/consulterCRDetaille", {"numeroFluxDepot": numero})
    assert first["etatCourantDepotFlux"] == "IN_RECU"
    report = sandbox.report(numero)
    assert report["etatCourantDepotFlux"] == "IN_INTEGRE"
    assert report["listeErreurDP"] == [] and report["listeErreurTechnique"] == []
    (found,) = sandbox.invoices_of(numero)
    assert found["numeroFacture"] == "FA-2026-000187"
    assert found["statut"] == "DEPOSEE"
    assert found["codeDestinataire"] == MINISTRY_SIRET
    assert found["codeServiceExecutant"] == "SERV-DSI-01"
    assert found["montantAPayer"] == 20419.30
    invoice_id = found["identifiantFactureCPP"]
    sandbox.advance("40d")
    history = sandbox.history(invoice_id)
    assert history["statutCourantCode"] == "MISE_EN_PAIEMENT"
    codes = [h["histoStatutCode"] for h in history["historiquesDesStatuts"]["histoStatut"]]
    assert codes == [
        "MISE_EN_PAIEMENT",
        "MANDATEE",
        "SERVICE_FAIT",
        "MISE_A_DISPOSITION",
        "EN_COURS_ACHEMINEMENT",
        "DEPOSEE",
    ]
    dates = [h["histoStatutDatePassage"] for h in history["historiquesDesStatuts"]["histoStatut"]]
    assert dates == sorted(dates, reverse=True)
    assert history["historiquesDesStatuts"]["totalHistoStatut"] == 6
    # The credit note and the minimal invoice deposit as they are too.
    for name in ("avoir-ministere.json", "minimal.json"):
        document = to_ubl(read((EXAMPLES / name).read_bytes()).invoice)
        assert sandbox.deposit_invoice(document)


def test_example_as_cii(shared: Running) -> None:
    invoice_id = shared.deposit_invoice(invoice(syntax="cii"), syntaxe="IN_DP_E1_CII_16B")
    detail = shared.call("factures/v1/consulter/fournisseur", {"identifiantFactureCPP": invoice_id})
    assert detail["facture"]["references"]["numeroBonCommande"] == "EJ-2026-004512"


def test_consulter_cr_has_a_pdf_report(shared: Running) -> None:
    numero = shared.deposit(invoice())
    shared.report(numero)
    answer = shared.call(
        "transverses/v1/consulterCR", {"numeroFluxDepot": numero, "syntaxeFlux": "", "dateDepot": None}
    )
    assert answer["etatCourantFlux"] == "IN_INTEGRE"
    assert answer["codeInterfaceFlux"] == "FSO1100A"
    assert answer["dateDepotFlux"][10] == "T" and answer["dateDepotFlux"][-6] in "+-"
    pdf = pikepdf.open(io.BytesIO(base64.b64decode(answer["fichierCR"])))
    assert len(pdf.pages) == 1


def test_flux_of_another_user_is_not_shown(shared: Running) -> None:
    numero = shared.deposit(invoice())
    answer = shared.call("transverses/v1/consulterCRDetaille", {"numeroFluxDepot": numero}, MINISTRY)
    assert answer["codeRetour"] != 0
    unknown = shared.call("transverses/v1/consulterCRDetaille", {"numeroFluxDepot": "CPP0000000000000000000000"})
    assert unknown["codeRetour"] == 20000


def test_archive_of_several_invoices(shared: Running) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for i in range(3):
            archive.writestr(f"facture-{i}.xml", invoice())
    numero = shared.deposit(out.getvalue(), name="lot.zip")
    assert shared.report(numero)["etatCourantDepotFlux"] == "IN_INTEGRE"
    assert len(shared.invoices_of(numero)) == 3
    tarred = io.BytesIO()
    with tarfile.open(fileobj=tarred, mode="w:gz") as archive:
        for i in range(2):
            data = invoice()
            info = tarfile.TarInfo(f"lot/facture-{i}.xml")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    numero = shared.deposit(tarred.getvalue(), name="lot.tar.gz")
    assert shared.report(numero)["etatCourantDepotFlux"] == "IN_INTEGRE"
    invoices = shared.invoices_of(numero)
    assert len(invoices) == 2
    # The document of an archived invoice comes back in the PIVOT download
    pivot = shared.call(
        "factures/v1/telecharger/groupe",
        {"format": "PIVOT", "listeFacture": [{"idFacture": invoices[0]["identifiantFactureCPP"]}]},
    )
    assert b"<TypePJ>01</TypePJ>" in base64.b64decode(pivot["fichierResultat"])


def test_search_paging_and_sorting(sandbox: Running) -> None:
    numbers = [f"PAGE-{i:02d}" for i in range(7)]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for number in numbers:
            archive.writestr(f"{number}.xml", invoice(number))
    numero = sandbox.deposit(out.getvalue(), name="lot.zip")
    assert sandbox.report(numero)["etatCourantDepotFlux"] == "IN_INTEGRE"
    seen = []
    for page in (1, 2, 3):
        answer = sandbox.call(
            "factures/v1/rechercher/fournisseur",
            {
                "numeroFluxDepot": numero,
                "rechercheFactureParFournisseur": {
                    "nbResultatsParPage": 3,
                    "pageResultatDemandee": page,
                    "triColonne": "NumeroFacture",
                    "triSens": "Descendant",
                },
            },
        )
        assert answer["parametresRetour"] == {"nbResultatsParPage": 3, "pageCourante": page, "pages": 3, "total": 7}
        seen += [f["numeroFacture"] for f in answer["listeFactures"]]
    assert seen == sorted(numbers, reverse=True)
    legacy = sandbox.call("factures/v1/rechercher/fournisseur", {"nbResultatsMaximum": 2})
    assert len(legacy["listeFactures"]) == 2 and legacy["parametresRetour"]["total"] == 2
    assert (
        sandbox.call("factures/v1/rechercher/fournisseur", {"numeroFacture": "PAGE-03"})["parametresRetour"]["total"]
        == 1
    )
    filtered = sandbox.call(
        "factures/v1/rechercher/fournisseur",
        {"statutCourant": ["DEPOSEE"], "listeDestinataire": [{"idDestinataire": MINISTRY_ID}], "montantHTMin": 1},
    )
    assert filtered["parametresRetour"]["total"] == 7
    none = sandbox.call("factures/v1/rechercher/fournisseur", {"statutCourant": ["REJETEE"]})
    assert none["listeFactures"] == [] and none["parametresRetour"]["total"] == 0
    mine = sandbox.call("factures/v1/rechercher/fournisseur", {"idFournisseur": SUPPLIER_ID, "typeFacture": "FACTURE"})
    assert mine["parametresRetour"]["total"] == 7


def test_consulter_fournisseur_shape(shared: Running) -> None:
    invoice_id = shared.deposit_invoice(invoice())
    answer = shared.call(
        "factures/v1/consulter/fournisseur",
        {"identifiantFactureCPP": invoice_id, "codeLangue": "FR", "pLignesPoste": {"nbResultatsParPageLignesPoste": 2}},
    )
    facture = answer["facture"]
    assert facture["identifiantFactureCPP"] == invoice_id
    assert facture["fournisseur"]["codeFournisseur"] == SUPPLIER_SIRET
    assert facture["destinataire"]["codeDestinataire"] == MINISTRY_SIRET
    assert facture["references"]["dateFacture"] == "2026-03-04"
    assert facture["references"]["modePaiement"] == "VIREMENT"
    assert facture["montantTotal"]["montantAPayer"] == 20419.30
    lines = facture["lignesDePoste"]
    assert len(lines["lignePoste"]) == 2 and lines["totalLignesPoste"] == 6 and lines["pagesLignesPoste"] == 3
    assert isinstance(lines["lignePoste"][0]["lignePosteNumero"], int)
    assert {v["ligneTvaTauxRefValeur"] for v in facture["recapitulatifDeTva"]["ligneTva"]} == {20.0, 10.0, 5.5}
    other = shared.call("factures/v1/consulter/fournisseur", {"identifiantFactureCPP": invoice_id}, MULTI)
    assert other["codeRetour"] == 20001
    assert shared.call("factures/v1/consulter/fournisseur", {"identifiantFactureCPP": 99})["codeRetour"] == 20000


def test_soumettre_and_attachments(shared: Running) -> None:
    piece = shared.call(
        "transverses/v1/ajouter/fichier",
        {
            "pieceJointeFichier": base64.b64encode(b"%PDF-1.4 facture").decode(),
            "pieceJointeNom": "facture.pdf",
            "pieceJointeTypeMime": "application/pdf",
            "pieceJointeExtension": "PDF",
        },
    )
    assert isinstance(piece["pieceJointeId"], int)
    number = unique("S")
    body = {
        "modeDepot": "SAISIE_API",
        "numeroFactureSaisi": number,
        "dateFacture": "2026-03-10",
        "idUtilisateurCourant": 0,
        "destinataire": {"codeDestinataire": MINISTRY_SIRET, "codeServiceExecutant": "SERV-ACHATS"},
        "fournisseur": {
            "idFournisseur": SUPPLIER_ID,
            "idServiceFournisseur": 0,
            "codeCoordonneesBancairesFournisseur": 0,
        },
        "cadreDeFacturation": {"codeCadreFacturation": "A1_FACTURE_FOURNISSEUR", "codeStructureValideur": ""},
        "references": {
            "deviseFacture": "EUR",
            "typeFacture": "FACTURE",
            "typeTva": "TVA_SUR_DEBIT",
            "modePaiement": "VIREMENT",
            "numeroBonCommande": "",
            "numeroMarche": "",
        },
        "lignePoste": [
            {
                "lignePosteNumero": 1,
                "lignePosteReference": "R1",
                "lignePosteDenomination": "Conseil",
                "lignePosteQuantite": 2,
                "lignePosteUnite": "jour",
                "lignePosteMontantUnitaireHT": 500,
                "lignePosteMontantRemiseHT": 0,
                "lignePosteTauxTva": "TVA20",
                "lignePosteTauxTvaManuel": 0,
            }
        ],
        "ligneTva": [
            {
                "ligneTvaTaux": "TVA20",
                "ligneTvaTauxManuel": 0,
                "ligneTvaMontantBaseHtParTaux": 1000,
                "ligneTvaMontantTvaParTaux": 200,
            }
        ],
        "montantTotal": {
            "montantHtTotal": 1000,
            "montantTVA": 200,
            "montantTtcTotal": 1200,
            "montantRemiseGlobaleTTC": 0,
            "motifRemiseGlobaleTTC": "",
            "montantAPayer": 1200,
        },
        "pieceJointePrincipale": {"pieceJointePrincipaleDesignation": "Facture", "pieceJointePrincipaleId": 0},
        "pieceJointeComplementaire": [
            {
                "pieceJointeComplementaireDesignation": "Bon",
                "pieceJointeComplementaireId": piece["pieceJointeId"],
                "pieceJointeComplementaireType": "02",
                "pieceJointeComplementaireNumeroLigneFacture": 0,
            }
        ],
        "commentaire": "",
    }
    answer = shared.call("factures/v1/soumettre", body)
    assert answer["codeRetour"] == 0, answer
    assert answer["statutFacture"] == "DEPOSEE"
    assert answer["identifiantStructure"] == SUPPLIER_SIRET
    detail = shared.call(
        "factures/v1/consulter/fournisseur", {"identifiantFactureCPP": answer["identifiantFactureCPP"]}
    )
    assert detail["facture"]["listeDesPiecesJointes"]["pieceJointe"][0]["pieceJointeId"] == piece["pieceJointeId"]
    assert detail["facture"]["lignesDePoste"]["lignePoste"][0]["lignePosteMontantHtApresRemise"] == 1000
    again = shared.call("factures/v1/soumettre", body)
    assert again["codeRetour"] != 0 and "déjà" in again["libelle"]
    wrong = shared.call(
        "factures/v1/soumettre",
        {**body, "numeroFactureSaisi": unique("S"), "montantTotal": {**body["montantTotal"], "montantAPayer": 5}},
    )
    assert wrong["codeRetour"] != 0
    routed = shared.call(
        "factures/v1/soumettre",
        {**body, "numeroFactureSaisi": unique("S"), "destinataire": {"codeDestinataire": "26300108"}},
    )
    assert routed["codeRetour"] != 0
    assert (
        shared.post("factures/v1/soumettre", {**body, "fournisseur": {"idFournisseur": MINISTRY_ID}}).status_code == 403
    )


def test_attachment_limits(shared: Running) -> None:
    def add(name: str, extension: str) -> dict:
        return shared.call(
            "transverses/v1/ajouter/fichier",
            {
                "pieceJointeFichier": base64.b64encode(b"x").decode(),
                "pieceJointeNom": name,
                "pieceJointeTypeMime": "application/octet-stream",
                "pieceJointeExtension": extension,
            },
        )

    assert add("script.exe", "EXE")["codeRetour"] != 0
    assert add("n" * 60 + ".pdf", "PDF")["codeRetour"] != 0
    assert add("ok.txt", "TXT")["codeRetour"] == 0


def test_deposit_refusals(shared: Running) -> None:
    body = {"fichierFlux": base64.b64encode(b"<x/>").decode(), "nomFichier": "a.xml", "syntaxeFlux": "IN_DP_E9"}
    assert shared.post("factures/v1/deposer/flux", body).status_code == 400
    assert (
        shared.post(
            "factures/v1/deposer/flux", {**body, "syntaxeFlux": "IN_DP_E1_UBL_INVOICE", "nomFichier": "sans-extension"}
        ).status_code
        == 400
    )
    assert shared.post("factures/v1/deposer/flux", {**body, "fichierFlux": "@@@"}).status_code == 400


def test_json_answers_are_utf8(shared: Running) -> None:
    answer = shared.post("structures/v1/consulter", {"idStructureCPP": MINISTRY_ID})
    assert answer.headers["content-type"].startswith("application/json")
    assert "Ministère" in json.loads(answer.content.decode("utf-8"))["informationGenerales"]["raisonSocialeStructure"]
