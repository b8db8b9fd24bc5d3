"""Requests and answers of the ``structures`` and ``utilisateurs`` APIs: the directory of structures and services."""

from __future__ import annotations

from pydantic import Field

from .common import Answer, Day, Paged, Pagination, Part, Request, RequestPart


class CritereStructure(RequestPart):
    identifiantStructure: str | None = None
    typeIdentifiantStructure: str | None = None
    statutStructure: str | None = None
    raisonSocialeStructure: str | None = None
    adresseCodePostal: str | None = None
    adresseVille: str | None = None


class RechercherStructureRequest(Request):
    """``structures/v1/rechercher``; ``restreindreStructuresPrivees`` absent: public ones and the caller's own."""

    structure: CritereStructure = Field(default_factory=CritereStructure)
    restreindreStructuresPrivees: bool | None = None
    parametres: Pagination | None = None


class StructureItem(Part):
    idStructureCPP: int
    identifiantStructure: str = ""
    typeIdentifiantStructure: str = ""
    designationStructure: str = ""
    statut: str = ""


class RechercherStructureResponse(Paged):
    listeStructures: list[StructureItem] = Field(default_factory=list)


class ConsulterStructureRequest(Request):
    """``structures/v1/consulter`` (some clients send ``idStructure``; the common spelling is used here)."""

    idStructureCPP: int
    codeLangue: str | None = None


class AdressePostale(Part):
    adresse: str = ""
    complementAdresse1: str = ""
    complementAdresse2: str = ""
    codePostal: str = ""
    ville: str = ""
    pays: str = ""


class InformationsGeneralesStructure(Part):
    idStructureCPP: int | None = None
    identifiantStructure: str = ""
    typeIdentifiantStructure: str = ""
    raisonSocialeStructure: str = ""
    numeroTVA: str = ""
    structurePriveePublique: str = ""


class ParametresStructure(Part):
    codeServiceDoitEtreRenseigne: bool = False
    numeroEJDoitEtreRenseigne: bool = False
    gestionNumeroEJOuCodeService: bool = False
    statutMiseEnPaiementNestPasRemonte: bool = False
    connexionEDI: bool = False
    recevoirDonneesViaEDI: bool = False
    estMoaUniquement: bool = False
    estValideurDelegue: bool = False


class ConsulterStructureResponse(Answer):
    adressePostaleDuSiege: AdressePostale = Field(default_factory=AdressePostale)
    informationGenerales: InformationsGeneralesStructure = Field(default_factory=InformationsGeneralesStructure)
    parametres: ParametresStructure = Field(default_factory=ParametresStructure)


class RechercherServicesStructureRequest(Request):
    """``structures/v1/rechercher/services``: a structure's services, paged."""

    idStructure: int
    parametresRechercherServicesStructure: Pagination | None = None


class ServiceItem(Part):
    idService: int
    codeService: str = ""
    libelleService: str = ""
    estActif: bool = True
    statutService: str = ""
    dateDbtService: Day = None
    dateFinService: Day = None


class RechercherServicesStructureResponse(Paged):
    listeServices: list[ServiceItem] = Field(default_factory=list)


class ConsulterServiceStructureRequest(Request):
    """``structures/v1/consulter/service``: one service's settings (does it need an engagement number?)."""

    idStructure: int
    idService: int


class InformationsGeneralesService(Part):
    codeService: str = ""
    nomService: str = ""
    descriptionService: str = ""


class ParametresService(Part):
    numeroEngagement: bool = False
    miseEnPaiement: bool = False
    dateDebutValidite: str | None = None
    dateFinValidite: str | None = None


class ConsulterServiceStructureResponse(Answer):
    informationsGenerales: InformationsGeneralesService = Field(default_factory=InformationsGeneralesService)
    parametres: ParametresService = Field(default_factory=ParametresService)
    adressePostale: AdressePostale = Field(default_factory=AdressePostale)


class Rattachement(Part):
    idStructure: int
    identifiantStructure: str = ""
    typeIdentifiantStructure: str = ""
    designationStructure: str = ""
    statutRattachement: str = ""


class RattachementsResponse(Answer):
    """``utilisateurs/v1/monCompte/recuperer/rattachements``: the structures the technical user acts for."""

    listeStructureRattachement: list[Rattachement] = Field(default_factory=list)
