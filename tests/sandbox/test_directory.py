"""Directory and reference operations: structures, services, recipients, lists; the seed itself."""

from __future__ import annotations

import base64
import json

import pytest
from stdnum.fr import siret

from bordereau.errors import InputError
from bordereau.sandbox.directory import Directory, default_seed

from .conftest import MINISTRY_ID, MINISTRY_SIRET, MULTI, SUPPLIER, SUPPLIER_ID, Running


def test_default_seed_is_realistic() -> None:
    seed = default_seed()
    directory = Directory(seed)
    public = [s for s in directory.structures.values() if s.public]
    assert len(public) >= 25
    assert {s.categorie for s in public} >= {"ETAT", "REGION", "COMMUNE", "HOSPITALIER", "EPIC"}
    for structure in directory.structures.values():
        if structure.type_identifiant == "SIRET":
            assert siret.is_valid(structure.identifiant), structure.designation
    flags = {(s.service_required, s.engagement_required, s.engagement_or_service) for s in public}
    assert flags >= {
        (False, False, False),
        (True, False, False),
        (False, True, False),
        (False, False, True),
        (True, True, False),
    }
    assert any(v.engagement_required for s in public for v in s.services)
    assert any(not v.active for s in public for v in s.services)
    assert any(not s.active for s in public)
    assert directory.by_siret(MINISTRY_SIRET).service("SERV-DSI-01") is not None
    assert directory.by_siret("85274196600026").public is False
    assert {u.role for u in directory.users.values()} == {"supplier", "buyer"}


def test_a_bad_seed_is_refused() -> None:
    seed = default_seed()
    seed["structures"][0]["identifiant"] = "11004562200014"
    with pytest.raises(InputError, match="not a valid SIRET"):
        Directory(seed)


def test_another_seed_replaces_the_directory(start_sandbox, tmp_path) -> None:
    seed = default_seed()
    seed["structures"] = [s for s in seed["structures"] if s["identifiant"] in (MINISTRY_SIRET, "85274196600026")]
    seed["utilisateurs"] = [u for u in seed["utilisateurs"] if u["login"] == SUPPLIER[0]]
    path = tmp_path / "seed.json"
    path.write_text(json.dumps(seed), encoding="utf-8")
    sandbox = start_sandbox(seed=path)
    answer = sandbox.call("structures/v1/rechercher", {"structure": {}})
    assert answer["parametresRetour"]["total"] == 2  # the ministry, and the caller's own structure
    assert sandbox.post("transverses/v1/recuperer/devises", {}, MULTI).status_code == 401


def test_rechercher_structure(shared: Running) -> None:
    answer = shared.call(
        "structures/v1/rechercher",
        {
            "structure": {"identifiantStructure": MINISTRY_SIRET, "typeIdentifiantStructure": "SIRET"},
            "restreindreStructuresPrivees": "",
            "parametres": {"nbResultatsParPage": 10},
        },
    )
    assert answer["listeStructures"] == [
        {
            "idStructureCPP": MINISTRY_ID,
            "identifiantStructure": MINISTRY_SIRET,
            "typeIdentifiantStructure": "SIRET",
            "designationStructure": "Ministère de l'Administration numérique",
            "statut": "ACTIF",
        }
    ]
    # private structures: only one's own, unless restreindreStructuresPrivees is false
    other = shared.call("structures/v1/rechercher", {"structure": {"identifiantStructure": "41265487300352"}})
    assert other["listeStructures"] == []
    everyone = shared.call(
        "structures/v1/rechercher",
        {"structure": {"identifiantStructure": "41265487300352"}, "restreindreStructuresPrivees": False},
    )
    assert len(everyone["listeStructures"]) == 1
    paged = shared.call(
        "structures/v1/rechercher",
        {"structure": {"statutStructure": "ACTIF"}, "parametres": {"nbResultatsParPage": 5, "pageResultatDemandee": 2}},
    )
    assert len(paged["listeStructures"]) == 5 and paged["parametresRetour"]["pageCourante"] == 2
    named = shared.call("structures/v1/rechercher", {"structure": {"raisonSocialeStructure": "hospitalier"}})
    assert named["parametresRetour"]["total"] == 2


def test_consulter_structure_both_spellings(shared: Running) -> None:
    for key in ("idStructureCPP", "idStructure"):
        answer = shared.call("structures/v1/consulter", {key: MINISTRY_ID, "codeLangue": "fr"})
        assert answer["informationGenerales"]["identifiantStructure"] == MINISTRY_SIRET
        assert answer["parametres"]["codeServiceDoitEtreRenseigne"] is False
        assert answer["adressePostaleDuSiege"]["ville"] == "Paris"
    maritime = shared.call("structures/v1/consulter", {"idStructureCPP": 26300122})["parametres"]
    assert maritime["codeServiceDoitEtreRenseigne"] and maritime["numeroEJDoitEtreRenseigne"]
    own = shared.call("structures/v1/consulter", {"idStructureCPP": SUPPLIER_ID})
    assert own["informationGenerales"]["dateExpirationMotPasseCompteTech"]
    assert shared.call("structures/v1/consulter", {"idStructureCPP": 26300304})["codeRetour"] == 20001
    assert shared.call("structures/v1/consulter", {"idStructureCPP": 1})["codeRetour"] == 20001


def test_services(shared: Running) -> None:
    answer = shared.call(
        "structures/v1/rechercher/services",
        {
            "idStructure": MINISTRY_ID,
            "idUtilisateurCourant": 0,
            "parametresRechercherServicesStructure": {
                "nbResultatsParPage": 10000,
                "triColonne": "CodeService",
                "triSens": "Ascendant",
            },
        },
    )
    codes = [s["codeService"] for s in answer["listeServices"]]
    assert codes == sorted(codes) and "SERV-DSI-01" in codes
    archive = next(s for s in answer["listeServices"] if s["codeService"] == "SERV-COM-ARCHIVE")
    assert archive["estActif"] is False
    dsi = next(s for s in answer["listeServices"] if s["codeService"] == "SERV-DSI-01")
    service = shared.call(
        "structures/v1/consulter/service", {"idStructure": MINISTRY_ID, "idService": dsi["idService"]}
    )
    assert service["parametres"]["numeroEngagement"] is True
    assert service["informationsGenerales"]["codeService"] == "SERV-DSI-01"
    assert len(service["parametres"]["dateDebutValidite"]) == 16
    wrong = shared.call("structures/v1/consulter/service", {"idStructure": 26300108, "idService": dsi["idService"]})
    assert wrong["codeRetour"] != 0


def test_rechercher_destinataire(shared: Running) -> None:
    answer = shared.call(
        "transverses/v1/rechercher/destinataire",
        {"identifiant": "110045622", "nomVilleCodePostal": "", "typeStructure": "", "parametresRecherche": {}},
    )
    assert answer["listeDestinataires"][0]["siret"] == MINISTRY_SIRET
    lyon = shared.call("transverses/v1/rechercher/destinataire", {"nomVilleCodePostal": "lyon"})
    assert lyon["parametresRetour"]["total"] >= 5
    annuaire = shared.call("transverses/v1/telecharger/annuaire/destinataire", {})
    assert MINISTRY_SIRET in base64.b64decode(annuaire["fichierResultat"]).decode()


@pytest.mark.parametrize(
    ("op", "body", "key", "field", "expected"),
    [
        ("recuperer/tauxtva", {"codeLangue": "FR"}, "listeTauxTva", "valeurTauxTva", 20.0),
        ("recuperer/modereglements", {}, "listeModePaiement", "modePaiement", "VIREMENT"),
        (
            "recuperer/cadrefacturation",
            {"typeDemandePaiement": "FACTURE"},
            "listeCadreFacturation",
            "codeCadreFacturation",
            "A1_FACTURE_FOURNISSEUR",
        ),
        ("recuperer/devises", {"codeLangue": "fr"}, "listeDevises", "codeDevise", "EUR"),
        ("recuperer/formatflux", {}, "listeFormatFlux", "formatFlux", "IN_DP_E2_CII_FACTURX"),
        (
            "recuperer/etat/typedp",
            {"typeDemandePaiement": "FACTURE"},
            "listeEtatDemandePaiement",
            "etatDemandePaiement",
            "MISE_EN_PAIEMENT",
        ),
        ("recuperer/typespj", {"typeObjet": "FACTURE"}, "listeTypePieceJointe", "codeTypePieceJointe", "01"),
        (
            "recuperer/etats/traitement",
            {"statutCourant": "MANDATEE"},
            "listeStatutsPossiblesPourTraitement",
            "statutPossiblePourTraitement",
            "MISE_EN_PAIEMENT",
        ),
        (
            "recuperer/motifs/exonerationtva",
            {},
            "listeMotifsExonerationTva",
            "codeMotifExonerationTva",
            "AUTOLIQUIDATION",
        ),
        ("recuperer/typedp", {}, "listeTypeDemandePaiement", "typeDemandePaiement", "FACTURE"),
        ("recuperer/structures/actives/fournisseur", {}, "listeStructures", "idStructureCPP", SUPPLIER_ID),
    ],
)
def test_reference_lists(shared: Running, op: str, body: dict, key: str, field: str, expected: object) -> None:
    answer = shared.call(f"transverses/v1/{op}", body)
    assert answer["codeRetour"] == 0
    assert expected in [item[field] for item in answer[key]]


def test_attachments_of_the_user(shared: Running) -> None:
    answer = shared.call("utilisateurs/v1/monCompte/recuperer/rattachements", {}, MULTI)
    assert len(answer["listeStructureRattachement"]) == 2
    assert shared.post("transverses/v1/recuperer/coordbanc/valides", {"idStructure": MINISTRY_ID}).status_code == 403
