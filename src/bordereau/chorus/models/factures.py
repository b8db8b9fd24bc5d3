"""Requests and answers of the ``factures`` API: deposit, key in, search, consult, history, actions, buyer side."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field, field_serializer

from .common import (
    Amount,
    Answer,
    Day,
    FileIn,
    FileOut,
    Instant,
    OptionalAmount,
    Paged,
    Pagination,
    Part,
    Request,
    RequestPart,
)

# -- deposer/flux --------------------------------------------------------------------------------------------


class DeposerFluxRequest(Request):
    """``factures/v1/deposer/flux``: one file (an invoice, or a zip/tar.gz of several) in a given syntax."""

    idUtilisateurCourant: int | None = None
    fichierFlux: FileOut = Field(repr=False)
    nomFichier: str = Field(max_length=200)
    syntaxeFlux: str
    avecSignature: bool = False


class DeposerFluxResponse(Answer):
    numeroFluxDepot: str = ""
    dateDepot: Day = None
    syntaxeFlux: str | None = None


# -- soumettre ----------------------------------------------------------------------------------------------


class Destinataire(RequestPart):
    codeDestinataire: str  # the buyer's SIRET
    codeServiceExecutant: str | None = None


class FournisseurSoumission(RequestPart):
    idFournisseur: int
    idServiceFournisseur: int | None = None
    codeCoordonneesBancairesFournisseur: int | None = None


class CadreDeFacturation(RequestPart):
    codeCadreFacturation: str = "A1_FACTURE_FOURNISSEUR"
    codeStructureValideur: str | None = None
    codeServiceValideur: str | None = None


class References(RequestPart):
    deviseFacture: str = "EUR"
    typeFacture: Literal["FACTURE", "AVOIR", "ACOMPTE"] = "FACTURE"
    typeTva: Literal["TVA_SUR_DEBIT", "TVA_SUR_ENCAISSEMENT", "EXONERATION", "SANS_TVA"] = "TVA_SUR_DEBIT"
    motifExonerationTva: str | None = None
    numeroMarche: str | None = None
    numeroBonCommande: str | None = None
    numeroFactureOrigine: str | None = None
    modePaiement: Literal["CHEQUE", "PRELEVEMENT", "VIREMENT", "ESPECE", "AUTRE", "REPORT"] = "VIREMENT"


class LignePoste(RequestPart):
    lignePosteNumero: int
    lignePosteReference: str | None = None
    lignePosteDenomination: str
    lignePosteQuantite: Amount
    lignePosteUnite: str | None = None
    lignePosteMontantUnitaireHT: Amount
    lignePosteMontantRemiseHT: Amount | None = None
    lignePosteTauxTva: str | None = None  # a code of recuperer/tauxtva (TVA20…)
    lignePosteTauxTvaManuel: Amount | None = None


class LigneTva(RequestPart):
    ligneTvaTaux: str | None = None
    ligneTvaTauxManuel: Amount | None = None
    ligneTvaMontantBaseHtParTaux: Amount
    ligneTvaMontantTvaParTaux: Amount


class MontantTotal(RequestPart):
    montantHtTotal: Amount
    montantTVA: Amount
    montantTtcTotal: Amount
    montantRemiseGlobaleTTC: Amount | None = None
    motifRemiseGlobaleTTC: str | None = None
    montantAPayer: Amount


class PieceJointePrincipale(RequestPart):
    pieceJointePrincipaleDesignation: str
    pieceJointePrincipaleId: int


class PieceJointeComplementaire(RequestPart):
    pieceJointeComplementaireDesignation: str
    pieceJointeComplementaireId: int
    pieceJointeComplementaireType: str | None = None
    pieceJointeComplementaireNumeroLigneFacture: int | None = None


class SoumettreFactureRequest(Request):
    """``factures/v1/soumettre``: an invoice keyed in through the API (or a PDF uploaded with ajouter/fichier)."""

    modeDepot: Literal["SAISIE_API", "DEPOT_PDF_API", "DEPOT_PDF_SIGNE_API"] = "SAISIE_API"
    numeroFactureSaisi: str = Field(max_length=20)
    dateFacture: date
    dateEcheancePaiement: date | None = None
    idUtilisateurCourant: int | None = None
    destinataire: Destinataire
    fournisseur: FournisseurSoumission
    cadreDeFacturation: CadreDeFacturation = Field(default_factory=CadreDeFacturation)
    references: References = Field(default_factory=References)
    lignePoste: list[LignePoste] = Field(default_factory=list)
    ligneTva: list[LigneTva] = Field(default_factory=list)
    montantTotal: MontantTotal
    pieceJointePrincipale: list[PieceJointePrincipale] = Field(default_factory=list)
    pieceJointeComplementaire: list[PieceJointeComplementaire] = Field(default_factory=list)
    commentaire: str | None = None


class SoumettreFactureResponse(Answer):
    identifiantFactureCPP: int = 0
    numeroFacture: str = ""
    dateDepot: Day = None
    statutFacture: str = ""
    identifiantStructure: str = ""
    empreinteCertificatDepot: str = ""


# -- searches -----------------------------------------------------------------------------------------------


class DestinataireFiltre(RequestPart):
    idDestinataire: int | None = None
    listeIdServiceExecutant: list[int] = Field(default_factory=list)


class _Periods(Request):
    """Date filters both searches share; the last status change is an instant."""

    periodeDateDepotDu: date | None = None
    periodeDateDepotAu: date | None = None
    periodeDateFactureDu: date | None = None
    periodeDateFactureAu: date | None = None
    periodeDateHeureEtatCourantDu: datetime | None = None
    periodeDateHeureEtatCourantAu: datetime | None = None
    montantHTMin: Amount | None = None
    montantHTMax: Amount | None = None
    montantTTCMin: Amount | None = None
    montantTTCMax: Amount | None = None
    numeroBonCommande: str | None = None
    numeroMarche: str | None = None
    numeroFacture: str | None = None

    @field_serializer("periodeDateHeureEtatCourantDu", "periodeDateHeureEtatCourantAu", when_used="json-unless-none")
    def _instant(self, value: datetime) -> str:
        return value.isoformat(timespec="milliseconds")


class RechercherFactureParFournisseurRequest(_Periods):
    """``factures/v1/rechercher/fournisseur``: the supplier's invoices (the paging object's name is UNSURE)."""

    numeroFluxDepot: str | None = None
    typeFacture: str | None = None
    statutCourant: list[str] = Field(default_factory=list)
    idFournisseur: int | None = None
    listeDestinataire: list[DestinataireFiltre] = Field(default_factory=list)
    rejetTraite: bool | None = None
    rechercheFactureParFournisseur: Pagination | None = None


class FactureFournisseur(Part):
    """One entry of rechercher/fournisseur."""

    identifiantFactureCPP: int
    numeroFacture: str = ""
    statut: str = ""
    typeFacture: str = ""
    typeDemandePaiement: str = ""
    cadreFacturation: str = ""
    commentaireEtatCourant: str = ""
    dateFacture: Day = None
    dateDepot: Day = None
    dateHeureEtatCourant: Instant = None
    codeFournisseur: str = ""
    designationFournisseur: str = ""
    idFournisseur: int | None = None
    codeDestinataire: str = ""
    designationDestinataire: str = ""
    idDestinataire: int | None = None
    codeServiceExecutant: str = ""
    idServiceExecutant: int | None = None
    devise: str = ""
    montantHT: OptionalAmount = None
    montantTTC: OptionalAmount = None
    montantAPayer: OptionalAmount = None
    numeroBonCommande: str = ""
    numeroMarche: str = ""
    numeroFluxDepot: str = ""
    modeDepot: str = ""
    rejetTraite: bool = False


class RechercherFactureParFournisseurResponse(Paged):
    listeFactures: list[FactureFournisseur] = Field(default_factory=list)


class FournisseurFiltre(RequestPart):
    idFournisseur: int
    listeIdService: list[int] = Field(default_factory=list)


class RechercherFactureParRecipiendaireRequest(_Periods):
    """``factures/v1/rechercher/recipiendaire``: invoices addressed to the buyer (empty result: codeRetour 20000)."""

    typeDemandePaiement: str = "FACTURE"
    idDestinataire: int | None = None
    idServiceExecutant: int | None = None
    listeFournisseurs: list[FournisseurFiltre] = Field(default_factory=list)
    statutCourant: list[str] = Field(default_factory=list)
    listeTypeFacture: list[str] = Field(default_factory=list)
    factureTelechargeeParDestinataire: bool | None = None
    montantApayerMin: Amount | None = None
    montantApayerMax: Amount | None = None
    paramRecherche: Pagination | None = None


class FactureRecue(Part):
    """One entry of rechercher/recipiendaire."""

    idFacture: int
    numeroFacture: str = ""
    statut: str = ""
    typeFacture: str = ""
    typeDemandePaiement: str = ""
    dateFacture: Day = None
    dateDepot: Day = None
    dateHeureEtatCourant: Instant = None
    codeFournisseur: str = ""
    typeIdentifiantFournisseur: str = ""
    designationFournisseur: str = ""
    idFournisseur: int | None = None
    idDestinataire: int | None = None
    codeDestinataire: str = ""
    idServiceExecutant: int | None = None
    codeServiceExecutant: str = ""
    montantHT: OptionalAmount = None
    montantTTC: OptionalAmount = None
    montantAPayer: OptionalAmount = None
    devise: str = ""
    numeroBonCommande: str = ""
    numeroMarche: str = ""
    factureTelechargeeParDestinataire: bool = False


class RechercherFactureParRecipiendaireResponse(Answer):
    """Paging comes at top level in this answer, not in ``parametresRetour``."""

    listeFactures: list[FactureRecue] = Field(default_factory=list)
    nbResultatsParPage: int = 0
    pageCourante: int = 1
    pages: int = 0
    total: int = 0

    @property
    def last_page(self) -> bool:
        return self.pageCourante >= self.pages


# -- consult ------------------------------------------------------------------------------------------------


class ConsulterFactureRequest(Request):
    """``factures/v1/consulter/fournisseur`` and ``consulter/recipiendaire``: one invoice in full."""

    identifiantFactureCPP: int
    codeLangue: str | None = None


class FactureDestinataire(Part):
    idDestinataire: int | None = None
    codeDestinataire: str = ""
    libelleDestinataire: str = ""
    idServiceExecutant: int | None = None
    codeServiceExecutant: str = ""


class FactureFournisseurDetail(Part):
    idFournisseur: int | None = None
    codeFournisseur: str = ""
    designationFournisseur: str = ""
    typeIdentifiantFournisseur: str = ""


class FactureReferences(Part):
    typeFacture: str = ""
    typeTva: str = ""
    dateFacture: Day = None
    dateEcheancePaiement: Day = None
    dateDepot: Day = None
    codeDeviseFacture: str = ""
    modePaiement: str = ""
    numeroBonCommande: str = ""
    numeroMarche: str = ""
    numeroFactureOrigine: str = ""


class FactureMontants(Part):
    montantHtTotal: OptionalAmount = None
    montantTVA: OptionalAmount = None
    montantTtcTotal: OptionalAmount = None
    montantAPayer: OptionalAmount = None


class FactureDetail(Part):
    """The ``facture`` object; lines, VAT summary and attachments stay as the API lists them (paged)."""

    identifiantFactureCPP: int
    numeroFacture: str = ""
    statutFacture: str = ""
    modeDepot: str = ""
    commentaire: str = ""
    destinataire: FactureDestinataire = Field(default_factory=FactureDestinataire)
    fournisseur: FactureFournisseurDetail = Field(default_factory=FactureFournisseurDetail)
    references: FactureReferences = Field(default_factory=FactureReferences)
    montantTotal: FactureMontants = Field(default_factory=FactureMontants)
    lignesDePoste: dict[str, object] = Field(default_factory=dict)
    recapitulatifDeTva: dict[str, object] = Field(default_factory=dict)
    listeDesPiecesJointes: dict[str, object] = Field(default_factory=dict)


class ConsulterFactureResponse(Answer):
    facture: FactureDetail | None = None


# -- history ------------------------------------------------------------------------------------------------


class ParamHistoStatuts(RequestPart):
    nbResultatsParPageListeHistoStatut: int | None = None
    pageResultatDemandeeListeHistoStatut: int | None = None
    triSensListeHistoStatut: Literal["Ascendant", "Descendant"] | None = None


class ConsulterHistoriqueRequest(Request):
    """``factures/v1/consulter/historique`` (``idFacture`` is the identifiantFactureCPP)."""

    idFacture: int
    idEspace: int | None = None
    nbResultatsMaximum: int | None = None
    paramRechercheHistoStatuts: ParamHistoStatuts | None = None


class HistoStatut(Part):
    histoStatutId: int | None = None
    histoStatutCode: str
    histoStatutDatePassage: Instant = None  # "YYYY-MM-DD HH:MM", Paris time
    histoStatutCommentaire: str = ""
    histoStatutUtilisateurNom: str = ""
    histoStatutUtilisateurPrenom: str = ""


class HistoriqueStatuts(Part):
    histoStatut: list[HistoStatut] = Field(default_factory=list)
    totalHistoStatut: int = 0


class HistoAction(Part):
    histoActionId: int | None = None
    histoActionCode: str
    histoActionDateHeure: Instant = None
    histoActionUtilisateurNom: str = ""
    histoActionUtilisateurPrenom: str = ""


class HistoriqueActions(Part):
    histoAction: list[HistoAction] = Field(default_factory=list)
    totalHistoAction: int = 0


class DerniereAction(Part):
    derniereActionCode: str = ""


class ConsulterHistoriqueResponse(Answer):
    idFacture: int = 0
    numeroFacture: str = ""
    modeDepot: str = ""
    statutCourantCode: str = ""
    derniereAction: DerniereAction = Field(default_factory=DerniereAction)
    historiquesDesStatuts: HistoriqueStatuts = Field(default_factory=HistoriqueStatuts)
    historiquesDesActionsUtilisateurs: HistoriqueActions = Field(default_factory=HistoriqueActions)
    historiquesDesEvenementsComplementaires: dict[str, object] = Field(default_factory=dict)


# -- supplier actions ---------------------------------------------------------------------------------------


class CompleterFactureRequest(Request):
    """``factures/v1/completer``: answer a suspension (status SUSPENDUE only; else codeRetour 20002)."""

    identifiantFactureCPP: int
    commentaire: str | None = None
    pieceJointeComplementaire: list[PieceJointeComplementaire] = Field(default_factory=list)


class CompleterFactureResponse(Answer):
    identifiantFactureCPP: int = 0
    numeroFacture: str = ""
    dateTraitement: Day = None


class RecyclerReferences(RequestPart):
    numeroBonCommande: str | None = None


class RecyclerFactureRequest(Request):
    """``factures/v1/recycler``: send an A_RECYCLER invoice to another buyer or service."""

    identifiantFactureCPP: int
    destinataire: Destinataire
    references: RecyclerReferences | None = None
    commentaire: str | None = None


class RecyclerFactureResponse(Answer):
    identifiantFactureCPP: int = 0
    numeroFacture: str = ""
    dateDepot: Day = None
    statutFacture: str = ""


class DemandePaiement(RequestPart):
    idDemandePaiement: int


class TraiterRejetRequest(Request):
    """``factures/v1/traiterRejet``: mark rejected invoices as dealt with (``rejetTraite``)."""

    listeDemandePaiement: list[DemandePaiement]
    motifRejet: str | None = None
    cpltInfos: str | None = None


# -- buyer actions ------------------------------------------------------------------------------------------


class FactureId(RequestPart):
    idFacture: int


class TelechargerGroupeRequest(Request):
    """``factures/v1/telecharger/groupe``: PIVOT (one XML), PDF (one PDF, or a ZIP for several)."""

    format: Literal["PDF", "PIVOT", "ZIP", "XML"]
    listeFacture: list[FactureId]
    avecPiecesJointesComplementaires: Literal["OUI", "NON"] | None = None
    idEspace: int | None = None


class TelechargerGroupeResponse(Answer):
    fichierResultat: FileIn = Field(b"", repr=False)


class TraiterFactureRecueRequest(Request):
    """``factures/v1/traiter/recue``: the buyer's decision; ``motif`` for SUSPENDUE and REJETEE (≤ 255)."""

    idFacture: int
    nouveauStatut: str
    motif: str | None = Field(None, max_length=255)
    numeroDPMandat: str | None = None
    idUtilisateurCourant: int | None = None


class TraiterFactureRecueResponse(Answer):
    idFacture: int = 0
    numeroFacture: str = ""
    dateTraitement: Day = None
    nouveauStatut: str = ""
