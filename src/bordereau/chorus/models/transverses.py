"""Requests and answers of the ``transverses`` API: flux reports, attachments, recipients, reference lists."""

from __future__ import annotations

from pydantic import Field

from .common import Answer, FileIn, FileOut, Instant, LanguageRequest, Paged, Pagination, Part, Request

# -- flux reports -------------------------------------------------------------------------------------------


class ConsulterCRRequest(Request):
    """``transverses/v1/consulterCR``: the flux report, with the report itself as a PDF."""

    numeroFluxDepot: str
    syntaxeFlux: str | None = None
    dateDepot: str | None = None


class ConsulterCRResponse(Answer):
    numeroFluxDepot: str = ""
    dateDepotFlux: Instant = None
    etatCourantFlux: str = ""
    dateHeureEtatCourantFlux: Instant = None
    codeInterfaceFlux: str = ""
    codeAppliPartenaire: str = ""
    designationPartenaire: str = ""
    nomFichierFlux: str = ""
    fichierCR: FileIn = Field(b"", repr=False)


class ConsulterCRDetailleRequest(Request):
    """``transverses/v1/consulterCRDetaille``: the flux's state and its errors, invoice by invoice."""

    numeroFluxDepot: str
    syntaxeFlux: str | None = None


class ErreurDP(Part):
    numeroDP: str = ""
    identifiantFournisseur: str = ""
    identifiantDestinataire: str = ""
    libelleErreurDP: str = ""


class ErreurTechnique(Part):
    codeErreur: str = ""
    libelleErreur: str = ""
    natureErreur: str = ""


class ConsulterCRDetailleResponse(Answer):
    nomFichier: str = ""
    numeroFluxDepot: str = ""
    codeInterfaceDepotFlux: str = ""
    dateDepotFlux: Instant = None
    etatCourantDepotFlux: str = ""
    dateHeureEtatCourantFlux: Instant = None
    listeErreurDP: list[ErreurDP] = Field(default_factory=list)
    listeErreurTechnique: list[ErreurTechnique] = Field(default_factory=list)


# -- attachments --------------------------------------------------------------------------------------------


class AjouterFichierRequest(Request):
    """``transverses/v1/ajouter/fichier``: upload a file (≤ 10 MB, name ≤ 50 characters with its extension)."""

    pieceJointeFichier: FileOut = Field(repr=False)
    pieceJointeNom: str = Field(max_length=50)
    pieceJointeTypeMime: str
    pieceJointeExtension: str


class AjouterFichierResponse(Answer):
    pieceJointeId: int = 0


# -- health -------------------------------------------------------------------------------------------------


class HealthCheckResponse(Part):
    """``GET transverses/v1/health-check`` (no codeRetour in this one)."""

    body: str = ""
    statusCodeValue: int = 0
    statusCode: str = ""


# -- recipients ---------------------------------------------------------------------------------------------


class RechercherDestinataireRequest(Request):
    """``transverses/v1/rechercher/destinataire``: public recipients by identifier prefix or name/city/postcode."""

    identifiant: str | None = None
    nomVilleCodePostal: str | None = None
    typeStructure: str | None = None
    parametresRecherche: Pagination | None = None


class DestinataireItem(Part):
    idStructureCPP: int
    siret: str = ""
    nomDestinataire: str = ""
    adresseCodePostal: str = ""
    adresseVille: str = ""


class RechercherDestinataireResponse(Paged):
    listeDestinataires: list[DestinataireItem] = Field(default_factory=list)


# -- reference lists ----------------------------------------------------------------------------------------


class TauxTva(Part):
    codeTauxTva: str
    libelleTauxTva: str = ""
    valeurTauxTva: float | None = None


class TauxTvaResponse(Answer):
    listeTauxTva: list[TauxTva] = Field(default_factory=list)


class MotifExonerationTva(Part):
    codeMotifExonerationTva: str
    libelleMotifExonerationTva: str = ""


class MotifsExonerationTvaResponse(Answer):
    listeMotifsExonerationTva: list[MotifExonerationTva] = Field(default_factory=list)


class ModePaiement(Part):
    modePaiement: str


class ModesReglementResponse(Answer):
    listeModePaiement: list[ModePaiement] = Field(default_factory=list)


class CadreFacturationRequest(LanguageRequest):
    typeDemandePaiement: str | None = None


class CadreFacturation(Part):
    codeCadreFacturation: str


class CadresFacturationResponse(Answer):
    listeCadreFacturation: list[CadreFacturation] = Field(default_factory=list)


class Devise(Part):
    codeDevise: str
    libelleDevise: str = ""


class DevisesResponse(Answer):
    listeDevises: list[Devise] = Field(default_factory=list)


class FormatFlux(Part):
    formatFlux: str


class FormatsFluxResponse(Answer):
    listeFormatFlux: list[FormatFlux] = Field(default_factory=list)


class EtatDemandePaiement(Part):
    etatDemandePaiement: str


class EtatsTypeDpRequest(LanguageRequest):
    typeDemandePaiement: str | None = None


class EtatsTypeDpResponse(Answer):
    listeEtatDemandePaiement: list[EtatDemandePaiement] = Field(default_factory=list)


class TypesPjRequest(LanguageRequest):
    typeObjet: str | None = None


class TypePieceJointe(Part):
    idTypePieceJointe: int | None = None
    codeTypePieceJointe: str = ""
    libelleTypePieceJointe: str = ""


class TypesPjResponse(Answer):
    listeTypePieceJointe: list[TypePieceJointe] = Field(default_factory=list)


class EtatsTraitementRequest(Request):
    """``transverses/v1/recuperer/etats/traitement``: where a buyer may move an invoice from ``statutCourant``."""

    statutCourant: str


class StatutPossible(Part):
    statutPossiblePourTraitement: str


class EtatsTraitementResponse(Answer):
    listeStatutsPossiblesPourTraitement: list[StatutPossible] = Field(default_factory=list)


# -- the technical user's structures ------------------------------------------------------------------------


class StructureActive(Part):
    idStructureCPP: int
    identifiant: str = ""
    designationStructure: str = ""


class StructuresActivesResponse(Answer):
    listeStructures: list[StructureActive] = Field(default_factory=list)


class CoordonneesBancairesRequest(Request):
    idStructure: int


class CoordonneeBancaire(Part):
    idCoordonneeBancaire: int
    nomCoordonneeBancaire: str = ""


class CoordonneesBancairesResponse(Answer):
    listeCoordonneeBancaire: list[CoordonneeBancaire] = Field(default_factory=list)
