"""Buyer side: search what was received, consult, download (PDF, ZIP, PIVOT), process."""

from __future__ import annotations

import base64
import io
import zipfile

from lxml import etree

from .conftest import MINISTRY, SPORTS, SUPPLIER, Running, invoice, unique

SPORTS_SIRET = "11000788700232"
SPORTS_ID = 26300290


def received(sandbox: Running, count: int = 1) -> list[int]:
    """``count`` invoices to the Sports ministry (a buyer that acts by hand), made available."""
    ids = [
        sandbox.deposit_invoice(invoice(buyer=SPORTS_SIRET, service="MSJ-EQUIP", engagement="EJ-1"))
        for _ in range(count)
    ]
    sandbox.advance("4m")
    return ids


def test_buyer_journey(sandbox: Running) -> None:
    """search → download → traiter/recue, until payment; the supplier sees each step."""
    (invoice_id,) = received(sandbox)
    found = sandbox.call(
        "factures/v1/rechercher/recipiendaire",
        {
            "typeDemandePaiement": "FACTURE",
            "idDestinataire": SPORTS_ID,
            "paramRecherche": {"nbResultatsParPage": 1000, "pageResultatDemandee": 1, "nbResultatsMaximum": 999999},
            "periodeDateHeureEtatCourantDu": "2000-01-01T00:00:00",
        },
        SPORTS,
    )
    assert found["codeRetour"] == 0
    assert {"pageCourante", "pages", "total", "nbResultatsParPage"} <= set(found)
    assert "parametresRetour" not in found
    (entry,) = found["listeFactures"]
    assert entry["idFacture"] == invoice_id and entry["statut"] == "MISE_A_DISPOSITION"
    assert entry["codeFournisseur"] == "85274196600026" and entry["factureTelechargeeParDestinataire"] is False
    detail = sandbox.call("factures/v1/consulter/recipiendaire", {"identifiantFactureCPP": invoice_id}, SPORTS)
    assert detail["facture"]["destinataire"]["codeServiceExecutant"] == "MSJ-EQUIP"
    pdf = sandbox.call(
        "factures/v1/telecharger/groupe",
        {"format": "PDF", "listeFacture": [{"idFacture": invoice_id}], "avecPiecesJointesComplementaires": "NON"},
        SPORTS,
    )
    assert base64.b64decode(pdf["fichierResultat"]).startswith(b"%PDF-")
    downloaded = sandbox.call(
        "factures/v1/rechercher/recipiendaire", {"factureTelechargeeParDestinataire": True}, SPORTS
    )
    assert [f["idFacture"] for f in downloaded["listeFactures"]] == [invoice_id]
    possible = sandbox.call(
        "transverses/v1/recuperer/etats/traitement", {"statutCourant": "MISE_A_DISPOSITION"}, SPORTS
    )
    targets = [s["statutPossiblePourTraitement"] for s in possible["listeStatutsPossiblesPourTraitement"]]
    assert {"SERVICE_FAIT", "SUSPENDUE", "REJETEE", "MANDATEE", "MISE_EN_PAIEMENT", "A_RECYCLER"} <= set(targets)
    for statut, extra in (
        ("SERVICE_FAIT", {}),
        ("MANDATEE", {"numeroDPMandat": "M-2026-77"}),
        ("MISE_EN_PAIEMENT", {}),
    ):
        answer = sandbox.call(
            "factures/v1/traiter/recue",
            {"idFacture": invoice_id, "nouveauStatut": statut, "motif": "", "idUtilisateurCourant": 0, **extra},
            SPORTS,
        )
        assert answer["codeRetour"] == 0, answer
        assert answer["nouveauStatut"] == statut and len(answer["dateTraitement"]) == 10
    history = sandbox.history(invoice_id, SUPPLIER)
    assert history["statutCourantCode"] == "MISE_EN_PAIEMENT"
    latest = history["historiquesDesStatuts"]["histoStatut"][0]
    assert latest["histoStatutUtilisateurNom"] == "Bernard"
    consulted = sandbox.call("factures/v1/consulter/fournisseur", {"identifiantFactureCPP": invoice_id})
    assert consulted["facture"]["references"]["numeroDpMandat"] == "M-2026-77"


def test_refused_transitions_and_motif(sandbox: Running) -> None:
    (invoice_id,) = received(sandbox)

    def treat(statut: str, motif: str = "") -> dict:
        return sandbox.call(
            "factures/v1/traiter/recue", {"idFacture": invoice_id, "nouveauStatut": statut, "motif": motif}, SPORTS
        )

    assert treat("DEPOSEE")["codeRetour"] != 0
    assert treat("PAS_UN_STATUT")["codeRetour"] != 0
    missing = treat("SUSPENDUE")
    assert missing["codeRetour"] != 0 and "motif" in missing["libelle"].lower()
    assert treat("REJETEE", "x" * 300)["codeRetour"] != 0
    assert treat("SUSPENDUE", "Il manque le bon de commande")["codeRetour"] == 0
    assert treat("SERVICE_FAIT")["codeRetour"] != 0  # a suspended invoice waits for the supplier
    completed = sandbox.call("factures/v1/completer", {"identifiantFactureCPP": invoice_id, "commentaire": "Joint"})
    assert completed["codeRetour"] == 0
    assert treat("SERVICE_FAIT")["codeRetour"] == 0
    assert treat("MISE_A_DISPOSITION")["codeRetour"] != 0
    # a supplier cannot process a received invoice, and another buyer cannot see it
    assert (
        sandbox.call("factures/v1/traiter/recue", {"idFacture": invoice_id, "nouveauStatut": "MANDATEE"}, SUPPLIER)[
            "codeRetour"
        ]
        != 0
    )
    assert (
        sandbox.call("factures/v1/consulter/recipiendaire", {"identifiantFactureCPP": invoice_id}, MINISTRY)[
            "codeRetour"
        ]
        == 20001
    )
    assert sandbox.post("factures/v1/traiter/recue", {"nouveauStatut": "MANDATEE"}, SPORTS).status_code == 400


def test_search_empty_and_not_yet_available(sandbox: Running) -> None:
    empty = sandbox.call("factures/v1/rechercher/recipiendaire", {"typeDemandePaiement": "FACTURE"}, SPORTS)
    assert empty["codeRetour"] == 20000 and empty["listeFactures"] == []
    sandbox.deposit_invoice(invoice(buyer=SPORTS_SIRET, service="MSJ-EQUIP", engagement=None))
    # still DEPOSEE: not shown to the buyer yet
    assert sandbox.call("factures/v1/rechercher/recipiendaire", {}, SPORTS)["codeRetour"] == 20000
    sandbox.advance("4m")
    assert sandbox.call("factures/v1/rechercher/recipiendaire", {}, SPORTS)["total"] == 1
    works = sandbox.call("factures/v1/rechercher/recipiendaire", {"typeDemandePaiement": "FACTURE_TRAVAUX"}, SPORTS)
    assert works["codeRetour"] == 20000
    assert sandbox.call("facturesTravaux/v1/rechercher", {}, SPORTS)["codeRetour"] == 20007


def test_search_paging_and_filters(sandbox: Running) -> None:
    ids = received(sandbox, 5)
    pages = []
    for page in (1, 2, 3):
        answer = sandbox.call(
            "factures/v1/rechercher/recipiendaire",
            {
                "paramRecherche": {
                    "nbResultatsParPage": 2,
                    "pageResultatDemandee": page,
                    "triColonne": "idFacture",
                    "triSens": "Ascendant",
                }
            },
            SPORTS,
        )
        assert (answer["pageCourante"], answer["pages"], answer["total"]) == (page, 3, 5)
        pages += [f["idFacture"] for f in answer["listeFactures"]]
    assert pages == sorted(ids)
    by_supplier = sandbox.call(
        "factures/v1/rechercher/recipiendaire", {"listeFournisseurs": [{"idFournisseur": 26300297}]}, SPORTS
    )
    assert by_supplier["total"] == 5
    assert (
        sandbox.call("factures/v1/rechercher/recipiendaire", {"listeFournisseurs": [{"idFournisseur": 1}]}, SPORTS)[
            "codeRetour"
        ]
        == 20000
    )
    assert (
        sandbox.call("factures/v1/rechercher/recipiendaire", {"statutCourant": "MISE_A_DISPOSITION"}, SPORTS)["total"]
        == 5
    )
    assert (
        sandbox.call("factures/v1/rechercher/recipiendaire", {"statutCourant": ["MANDATEE"]}, SPORTS)["codeRetour"]
        == 20000
    )
    assert sandbox.call("factures/v1/rechercher/recipiendaire", {"montantTTCMin": 1e9}, SPORTS)["codeRetour"] == 20000
    assert (
        sandbox.call("factures/v1/rechercher/recipiendaire", {"periodeDateDepotAu": "2000-01-01"}, SPORTS)["codeRetour"]
        == 20000
    )


def test_download_zip_and_pivot(sandbox: Running) -> None:
    ids = received(sandbox, 2)
    listing = [{"idFacture": i} for i in ids]
    zipped = sandbox.call("factures/v1/telecharger/groupe", {"format": "PDF", "listeFacture": listing}, SPORTS)
    with zipfile.ZipFile(io.BytesIO(base64.b64decode(zipped["fichierResultat"]))) as archive:
        folders = {name.split("/")[0] for name in archive.namelist()}
        assert len(folders) == 2
        assert all(archive.read(n).startswith(b"%PDF-") for n in archive.namelist())
    pivot = sandbox.call(
        "factures/v1/telecharger/groupe", {"format": "PIVOT", "listeFacture": listing, "idEspace": 7}, SPORTS
    )
    root = etree.fromstring(base64.b64decode(pivot["fichierResultat"]))
    assert root.tag == "CPPFacturePivot"
    units = root.findall("CPPFactures/CPPFacturePivotUnitaire")
    assert len(units) == 2 and root.find("CPPFactures").get("Compteur") == "2"
    assert units[0].findtext("DonneesFacture/IdCPRO") == str(ids[0])
    assert units[0].findtext("Debiteur/Identifiant") == SPORTS_SIRET
    assert units[0].findtext("PJ/TypePJ") == "01"
    assert sandbox.post("factures/v1/telecharger/groupe", {"listeFacture": listing}, SPORTS).status_code == 400
    other = sandbox.call("factures/v1/telecharger/groupe", {"format": "PDF", "listeFacture": listing}, MINISTRY)
    assert other["codeRetour"] != 0
    # the supplier may download its own invoice too
    own = sandbox.call("factures/v1/telecharger/groupe", {"format": "ZIP", "listeFacture": listing[:1]}, SUPPLIER)
    assert own["codeRetour"] == 0


def test_automatic_buyer_accepts_a_person_too(sandbox: Running) -> None:
    invoice_id = sandbox.deposit_invoice(invoice(unique()))
    sandbox.advance("4m")
    answer = sandbox.call(
        "factures/v1/traiter/recue", {"idFacture": invoice_id, "nouveauStatut": "SERVICE_FAIT"}, MINISTRY
    )
    assert answer["codeRetour"] == 0
