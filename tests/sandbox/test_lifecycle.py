"""Life cycle: routing, scripted buyers (nominal, suspension, rejection, recycling), completer, recycler."""

from __future__ import annotations

from .conftest import MINISTRY, MINISTRY_SIRET, SUPPLIER, Running, invoice, unique

COMMUNE_THAT_REJECTS = "21710234200193"
HOSPITAL_THAT_SUSPENDS = "26711012000107"
SPORTS_SIRET = "11000788700232"


def statuses(sandbox: Running, invoice_id: int) -> list[tuple[str, str]]:
    history = sandbox.history(invoice_id)["historiquesDesStatuts"]["histoStatut"]
    return [(h["histoStatutCode"], h["histoStatutCommentaire"]) for h in reversed(history)]


def test_routing_steps_take_their_delays(sandbox: Running) -> None:
    invoice_id = sandbox.deposit_invoice(invoice(unique("MANU")))
    assert sandbox.status(invoice_id) == "DEPOSEE"
    sandbox.advance("61s")
    assert sandbox.status(invoice_id) == "EN_COURS_ACHEMINEMENT"
    sandbox.advance("2m")
    assert sandbox.status(invoice_id) == "MISE_A_DISPOSITION"
    sandbox.advance("90d")  # a number matching *MANU*: the ministry handles it by hand
    assert sandbox.status(invoice_id) == "MISE_A_DISPOSITION"


def test_suspension_then_completion_then_payment(sandbox: Running) -> None:
    invoice_id = sandbox.deposit_invoice(invoice(unique("SUSP")))
    refused = sandbox.call("factures/v1/completer", {"identifiantFactureCPP": invoice_id, "commentaire": "trop tôt"})
    assert refused["codeRetour"] == 20002
    sandbox.advance("3d")
    assert sandbox.status(invoice_id) == "SUSPENDUE"
    motif = statuses(sandbox, invoice_id)[-1][1]
    assert "bon de livraison" in motif
    answer = sandbox.call(
        "factures/v1/completer",
        {"identifiantFactureCPP": invoice_id, "commentaire": "Bon de livraison joint", "pieceJointeComplementaire": []},
    )
    assert answer["codeRetour"] == 0 and answer["numeroFacture"].startswith("SUSP")
    assert sandbox.status(invoice_id) == "COMPLETEE"
    sandbox.advance("40d")
    assert [code for code, _ in statuses(sandbox, invoice_id)] == [
        "DEPOSEE",
        "EN_COURS_ACHEMINEMENT",
        "MISE_A_DISPOSITION",
        "SUSPENDUE",
        "COMPLETEE",
        "SERVICE_FAIT",
        "MANDATEE",
        "MISE_EN_PAIEMENT",
    ]


def test_rejection_by_pattern_and_by_structure(sandbox: Running) -> None:
    by_number = sandbox.deposit_invoice(invoice(unique("REJ")))
    by_buyer = sandbox.deposit_invoice(invoice(buyer=COMMUNE_THAT_REJECTS, service=None, engagement=None))
    sandbox.advance("5d")
    for invoice_id in (by_number, by_buyer):
        assert sandbox.status(invoice_id) == "REJETEE"
        assert statuses(sandbox, invoice_id)[-1][1]
    assert (
        sandbox.call("factures/v1/traiterRejet", {"listeDemandePaiement": [{"idDemandePaiement": by_number}]})[
            "codeRetour"
        ]
        == 0
    )
    found = sandbox.call("factures/v1/rechercher/fournisseur", {"rejetTraite": True})["listeFactures"]
    assert [f["identifiantFactureCPP"] for f in found] == [by_number]


def test_structure_level_suspension(sandbox: Running) -> None:
    invoice_id = sandbox.deposit_invoice(invoice(buyer=HOSPITAL_THAT_SUSPENDS, service=None, engagement=None))
    sandbox.advance("5d")
    assert sandbox.status(invoice_id) == "SUSPENDUE"


def test_recycling(sandbox: Running) -> None:
    invoice_id = sandbox.deposit_invoice(invoice(unique("RECYC")))
    early = sandbox.call("factures/v1/recycler", {"identifiantFactureCPP": invoice_id})
    assert early["codeRetour"] != 0
    sandbox.advance("2d")
    assert sandbox.status(invoice_id) == "A_RECYCLER"
    wrong = sandbox.call(
        "factures/v1/recycler",
        {
            "identifiantFactureCPP": invoice_id,
            "destinataire": {"codeDestinataire": MINISTRY_SIRET, "codeServiceExecutant": "SERV-INCONNU"},
        },
    )
    assert wrong["codeRetour"] != 0
    answer = sandbox.call(
        "factures/v1/recycler",
        {
            "identifiantFactureCPP": invoice_id,
            "idUtilisateurCourant": 0,
            "destinataire": {"codeDestinataire": MINISTRY_SIRET, "codeServiceExecutant": "SERV-ACHATS"},
            "commentaire": "Service corrigé",
        },
    )
    assert answer["codeRetour"] == 0 and answer["statutFacture"] == "DEPOSEE"
    detail = sandbox.call("factures/v1/consulter/fournisseur", {"identifiantFactureCPP": invoice_id})
    assert detail["facture"]["destinataire"]["codeServiceExecutant"] == "SERV-ACHATS"
    sandbox.advance("40d")
    codes = [code for code, _ in statuses(sandbox, invoice_id)]
    assert codes[:4] == ["DEPOSEE", "EN_COURS_ACHEMINEMENT", "MISE_A_DISPOSITION", "A_RECYCLER"]
    assert codes[-1] == "MISE_EN_PAIEMENT"
    actions = sandbox.history(invoice_id)["historiquesDesActionsUtilisateurs"]["histoAction"]
    assert "RECYCLAGE" in [a["histoActionCode"] for a in actions]


def test_late_payment_scenario_dates(sandbox: Running) -> None:
    invoice_id = sandbox.deposit_invoice(invoice(unique("RETARD")))
    sandbox.advance("60d")
    history = sandbox.history(invoice_id)["historiquesDesStatuts"]["histoStatut"]
    dates = {h["histoStatutCode"]: h["histoStatutDatePassage"] for h in history}
    from datetime import datetime

    deposit = datetime.strptime(dates["DEPOSEE"], "%Y-%m-%d %H:%M")
    paid = datetime.strptime(dates["MISE_EN_PAIEMENT"], "%Y-%m-%d %H:%M")
    assert 47 <= (paid - deposit).days <= 49


def test_a_person_acting_stops_the_script(sandbox: Running) -> None:
    invoice_id = sandbox.deposit_invoice(invoice())
    sandbox.advance("4m")
    answer = sandbox.call(
        "factures/v1/traiter/recue", {"idFacture": invoice_id, "nouveauStatut": "REJETEE", "motif": "Doublon"}, MINISTRY
    )
    assert answer["codeRetour"] == 0
    sandbox.advance("40d")
    assert sandbox.status(invoice_id) == "REJETEE"


def test_history_is_visible_to_both_sides_only(sandbox: Running) -> None:
    invoice_id = sandbox.deposit_invoice(invoice())
    assert sandbox.call("factures/v1/consulter/historique", {"idFacture": invoice_id}, SUPPLIER)["codeRetour"] == 0
    # not yet available to the buyer while it is being routed
    assert sandbox.call("factures/v1/consulter/historique", {"idFacture": invoice_id}, MINISTRY)["codeRetour"] != 0
    sandbox.advance("4m")
    answer = sandbox.call(
        "factures/v1/consulter/historique",
        {
            "idFacture": invoice_id,
            "paramRechercheHistoStatuts": {
                "nbResultatsParPageListeHistoStatut": 2,
                "pageResultatDemandeeListeHistoStatut": 1,
                "triSensListeHistoStatut": "Ascendant",
            },
        },
        MINISTRY,
    )
    statuts = answer["historiquesDesStatuts"]
    assert [h["histoStatutCode"] for h in statuts["histoStatut"]] == ["DEPOSEE", "EN_COURS_ACHEMINEMENT"]
    assert statuts["pagesHistoStatut"] == 2 and statuts["totalHistoStatut"] == 3
    assert answer["derniereAction"]["derniereActionCode"] == "DEPOT"
