"""Every operation of the low-level client, against the sandbox over HTTP, with the API's own field shapes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bordereau.chorus import ChorusPlatform
from bordereau.chorus.models import factures as f
from bordereau.chorus.models import structures as s
from bordereau.chorus.models import transverses as t
from bordereau.chorus.models.common import Pagination
from bordereau.errors import PlatformRefused

from .conftest import (
    MINISTRY_ID,
    MINISTRY_SIRET,
    SUPPLIER_ID,
    SUPPLIER_SIRET,
    Served,
    deposit_one,
    invoice,
    unique,
)

PDF = b"%PDF-1.4\n% a tiny attachment\n%%EOF\n"


def test_health_and_reference_lists(supplier: ChorusPlatform) -> None:
    client = supplier.client
    assert client.health_check().statusCodeValue == 200
    assert "TVA20" in {rate.codeTauxTva for rate in client.recuperer_taux_tva().listeTauxTva}
    assert client.recuperer_motifs_exoneration_tva().listeMotifsExonerationTva
    assert "VIREMENT" in {m.modePaiement for m in client.recuperer_modes_reglement().listeModePaiement}
    cadres = {c.codeCadreFacturation for c in client.recuperer_cadres_facturation().listeCadreFacturation}
    assert "A1_FACTURE_FOURNISSEUR" in cadres
    assert "EUR" in {d.codeDevise for d in client.recuperer_devises().listeDevises}
    formats = {x.formatFlux for x in client.recuperer_formats_flux().listeFormatFlux}
    assert {"IN_DP_E1_UBL_INVOICE", "IN_DP_E1_CII_16B", "IN_DP_E2_CII_FACTURX"} <= formats
    states = {e.etatDemandePaiement for e in client.recuperer_etats_type_dp().listeEtatDemandePaiement}
    assert "MISE_EN_PAIEMENT" in states
    assert client.recuperer_types_pj(t.TypesPjRequest(typeObjet="FACTURE")).listeTypePieceJointe[0].codeTypePieceJointe
    targets = client.recuperer_etats_traitement(t.EtatsTraitementRequest(statutCourant="MISE_A_DISPOSITION"))
    assert "SERVICE_FAIT" in {x.statutPossiblePourTraitement for x in targets.listeStatutsPossiblesPourTraitement}


def test_deposit_reports_search_consult_history(served: Served, supplier: ChorusPlatform) -> None:
    client = supplier.client
    number = unique("CLI")
    deposited = client.deposer_flux(
        f.DeposerFluxRequest(
            fichierFlux=invoice(number), nomFichier=f"{number}.xml", syntaxeFlux="IN_DP_E1_UBL_INVOICE"
        )
    )
    assert deposited.codeRetour == 0
    assert deposited.numeroFluxDepot.startswith("CPP") and len(deposited.numeroFluxDepot) == 25
    assert isinstance(deposited.dateDepot, date)
    cr = client.consulter_cr(t.ConsulterCRRequest(numeroFluxDepot=deposited.numeroFluxDepot))
    assert cr.etatCourantFlux == "IN_RECU" and cr.nomFichierFlux == f"{number}.xml"
    assert cr.fichierCR.startswith(b"%PDF")
    assert supplier.sandbox is not None
    supplier.sandbox.advance("5s")
    detail = client.consulter_cr_detaille(t.ConsulterCRDetailleRequest(numeroFluxDepot=deposited.numeroFluxDepot))
    assert detail.etatCourantDepotFlux == "IN_INTEGRE"
    assert detail.dateDepotFlux is not None and detail.dateDepotFlux.tzinfo is not None
    assert detail.listeErreurDP == [] and detail.listeErreurTechnique == []

    found = client.rechercher_factures_fournisseur(
        f.RechercherFactureParFournisseurRequest(numeroFluxDepot=deposited.numeroFluxDepot)
    )
    (item,) = found.listeFactures
    assert (item.numeroFacture, item.statut, item.codeDestinataire) == (number, "DEPOSEE", MINISTRY_SIRET)
    assert item.montantAPayer == Decimal("20419.3") and found.parametresRetour.total == 1
    consulted = client.consulter_facture_fournisseur(
        f.ConsulterFactureRequest(identifiantFactureCPP=item.identifiantFactureCPP)
    ).facture
    assert consulted is not None and consulted.numeroFacture == number
    assert consulted.fournisseur.codeFournisseur == SUPPLIER_SIRET
    assert consulted.montantTotal.montantTtcTotal == Decimal("20419.3")
    history = client.consulter_historique(f.ConsulterHistoriqueRequest(idFacture=item.identifiantFactureCPP))
    assert history.statutCourantCode == "DEPOSEE"
    assert [h.histoStatutCode for h in history.historiquesDesStatuts.histoStatut] == ["DEPOSEE"]
    assert history.historiquesDesActionsUtilisateurs.histoAction[0].histoActionCode == "DEPOT"


def test_paging(supplier: ChorusPlatform) -> None:
    for _ in range(3):
        deposit_one(supplier, unique("PAGE"))
    request = f.RechercherFactureParFournisseurRequest(
        rechercheFactureParFournisseur=Pagination(nbResultatsParPage=2, pageResultatDemandee=1)
    )
    first = supplier.client.rechercher_factures_fournisseur(request)
    assert len(first.listeFactures) == 2 and first.parametresRetour.pages >= 2 and not first.last_page


def test_upload_and_key_in(supplier: ChorusPlatform) -> None:
    client = supplier.client
    piece = client.ajouter_fichier(
        t.AjouterFichierRequest(
            pieceJointeFichier=PDF,
            pieceJointeNom="bon.pdf",
            pieceJointeTypeMime="application/pdf",
            pieceJointeExtension="PDF",
        )
    )
    assert piece.pieceJointeId > 0
    number = unique("SAISIE")
    keyed = client.soumettre_facture(
        f.SoumettreFactureRequest(
            numeroFactureSaisi=number,
            dateFacture=date(2026, 3, 4),
            destinataire=f.Destinataire(codeDestinataire=MINISTRY_SIRET, codeServiceExecutant="SERV-ACHATS"),
            fournisseur=f.FournisseurSoumission(idFournisseur=SUPPLIER_ID),
            lignePoste=[
                f.LignePoste(
                    lignePosteNumero=1,
                    lignePosteDenomination="Audit",
                    lignePosteQuantite=Decimal(2),
                    lignePosteMontantUnitaireHT=Decimal("500.00"),
                    lignePosteTauxTva="TVA20",
                )
            ],
            ligneTva=[
                f.LigneTva(
                    ligneTvaTaux="TVA20",
                    ligneTvaMontantBaseHtParTaux=Decimal(1000),
                    ligneTvaMontantTvaParTaux=Decimal(200),
                )
            ],
            montantTotal=f.MontantTotal(
                montantHtTotal=Decimal(1000),
                montantTVA=Decimal(200),
                montantTtcTotal=Decimal(1200),
                montantAPayer=Decimal(1200),
            ),
            pieceJointeComplementaire=[
                f.PieceJointeComplementaire(
                    pieceJointeComplementaireDesignation="bon.pdf", pieceJointeComplementaireId=piece.pieceJointeId
                )
            ],
        )
    )
    assert keyed.statutFacture == "DEPOSEE" and keyed.numeroFacture == number and keyed.identifiantFactureCPP > 0
    assert keyed.identifiantStructure == SUPPLIER_SIRET


def _until(supplier: ChorusPlatform, invoice_id: int, status: str, step: str = "1d", tries: int = 10) -> None:
    assert supplier.sandbox is not None
    for _ in range(tries):
        if supplier.history(invoice_id).status == status:
            return
        supplier.sandbox.advance(step)
    raise AssertionError(f"invoice {invoice_id} never reached {status}: {supplier.history(invoice_id)}")


def test_complete_a_suspended_invoice(supplier: ChorusPlatform) -> None:
    invoice_id = deposit_one(supplier, unique("SUSP"))
    _until(supplier, invoice_id, "SUSPENDUE")
    piece = supplier.client.ajouter_fichier(
        t.AjouterFichierRequest(
            pieceJointeFichier=PDF,
            pieceJointeNom="bl.pdf",
            pieceJointeTypeMime="application/pdf",
            pieceJointeExtension="PDF",
        )
    )
    done = supplier.client.completer_facture(
        f.CompleterFactureRequest(
            identifiantFactureCPP=invoice_id,
            commentaire="Bon de livraison joint",
            pieceJointeComplementaire=[
                f.PieceJointeComplementaire(
                    pieceJointeComplementaireDesignation="bl.pdf", pieceJointeComplementaireId=piece.pieceJointeId
                )
            ],
        )
    )
    assert done.identifiantFactureCPP == invoice_id and isinstance(done.dateTraitement, date)
    assert supplier.history(invoice_id).status == "COMPLETEE"


def test_recycle_and_processed_rejection(supplier: ChorusPlatform) -> None:
    recycled = deposit_one(supplier, unique("RECYC"))
    rejected = deposit_one(supplier, unique("REJ"))
    _until(supplier, recycled, "A_RECYCLER")
    _until(supplier, rejected, "REJETEE")
    answer = supplier.client.recycler_facture(
        f.RecyclerFactureRequest(
            identifiantFactureCPP=recycled,
            destinataire=f.Destinataire(codeDestinataire=MINISTRY_SIRET, codeServiceExecutant="SERV-ACHATS"),
            commentaire="Service corrigé",
        )
    )
    assert answer.statutFacture == "DEPOSEE"
    supplier.client.traiter_rejet(
        f.TraiterRejetRequest(listeDemandePaiement=[f.DemandePaiement(idDemandePaiement=rejected)])
    )
    (item,) = supplier.client.rechercher_factures_fournisseur(
        f.RechercherFactureParFournisseurRequest(statutCourant=["REJETEE"], rejetTraite=True)
    ).listeFactures
    assert item.identifiantFactureCPP == rejected and item.rejetTraite


def test_buyer_operations(supplier: ChorusPlatform, buyer: ChorusPlatform) -> None:
    invoice_id = deposit_one(supplier, unique("MANU"))
    _until(supplier, invoice_id, "MISE_A_DISPOSITION", step="5m")
    client = buyer.client
    found = client.rechercher_factures_recipiendaire(
        f.RechercherFactureParRecipiendaireRequest(idDestinataire=MINISTRY_ID, statutCourant=["MISE_A_DISPOSITION"])
    )
    assert invoice_id in {item.idFacture for item in found.listeFactures}
    assert found.total >= 1 and found.pageCourante == 1
    detail = client.consulter_facture_recipiendaire(f.ConsulterFactureRequest(identifiantFactureCPP=invoice_id))
    assert detail.facture is not None and detail.facture.destinataire.codeDestinataire == MINISTRY_SIRET
    pdf = client.telecharger_groupe(
        f.TelechargerGroupeRequest(format="PDF", listeFacture=[f.FactureId(idFacture=invoice_id)])
    )
    assert pdf.fichierResultat.startswith(b"%PDF")
    pivot = client.telecharger_groupe(
        f.TelechargerGroupeRequest(format="PIVOT", listeFacture=[f.FactureId(idFacture=invoice_id)])
    )
    assert b"CPPFacturePivot" in pivot.fichierResultat
    done = client.traiter_facture_recue(
        f.TraiterFactureRecueRequest(idFacture=invoice_id, nouveauStatut="SERVICE_FAIT")
    )
    assert done.nouveauStatut == "SERVICE_FAIT" and done.idFacture == invoice_id
    # nothing found is codeRetour 20000 on this search: an empty answer, not an error
    empty = client.rechercher_factures_recipiendaire(
        f.RechercherFactureParRecipiendaireRequest(numeroFacture="NONE-SUCH")
    )
    assert empty.listeFactures == [] and empty.codeRetour == 20000


def test_directory_operations(supplier: ChorusPlatform) -> None:
    client = supplier.client
    (hit,) = client.rechercher_structure(
        s.RechercherStructureRequest(structure=s.CritereStructure(identifiantStructure=MINISTRY_SIRET))
    ).listeStructures
    assert hit.idStructureCPP == MINISTRY_ID and hit.statut == "ACTIF"
    detail = client.consulter_structure(s.ConsulterStructureRequest(idStructureCPP=MINISTRY_ID))
    assert detail.informationGenerales.identifiantStructure == MINISTRY_SIRET
    assert detail.parametres.codeServiceDoitEtreRenseigne is False
    services = client.rechercher_services_structure(s.RechercherServicesStructureRequest(idStructure=MINISTRY_ID))
    codes = {service.codeService: service for service in services.listeServices}
    assert "SERV-DSI-01" in codes
    one = client.consulter_service_structure(
        s.ConsulterServiceStructureRequest(idStructure=MINISTRY_ID, idService=codes["SERV-DSI-01"].idService)
    )
    assert one.informationsGenerales.codeService == "SERV-DSI-01" and one.parametres.numeroEngagement is True
    recipients = client.rechercher_destinataire(t.RechercherDestinataireRequest(identifiant=MINISTRY_SIRET))
    assert [d.idStructureCPP for d in recipients.listeDestinataires] == [MINISTRY_ID]
    mine = client.recuperer_rattachements().listeStructureRattachement
    assert [r.idStructure for r in mine] == [SUPPLIER_ID]
    assert [x.idStructureCPP for x in client.recuperer_structures_actives().listeStructures] == [SUPPLIER_ID]
    banks = client.recuperer_coordonnees_bancaires(t.CoordonneesBancairesRequest(idStructure=SUPPLIER_ID))
    assert banks.listeCoordonneeBancaire


def test_functional_errors_keep_code_and_label(supplier: ChorusPlatform) -> None:
    invoice_id = deposit_one(supplier, unique("ERR"))
    with pytest.raises(PlatformRefused) as caught:
        supplier.client.completer_facture(f.CompleterFactureRequest(identifiantFactureCPP=invoice_id, commentaire="x"))
    error = caught.value
    assert error.code == 20002 and error.status == 200 and "SUSPENDUE" in (error.label or "")
    assert "factures/v1/completer" in str(error) and "20002" in str(error)
    # a request the API cannot take: HTTP 400 {codeRetour, libelle}
    with pytest.raises(PlatformRefused) as caught:
        supplier.client.deposer_flux(
            f.DeposerFluxRequest(fichierFlux=b"<x/>", nomFichier="x.xml", syntaxeFlux="IN_DP_NOPE")
        )
    assert caught.value.status == 400 and "syntaxeFlux" in (caught.value.label or "")
    with pytest.raises(PlatformRefused) as caught:
        supplier.client.consulter_historique(f.ConsulterHistoriqueRequest(idFacture=999999999))
    assert caught.value.code == 20000
