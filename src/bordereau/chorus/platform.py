"""Chorus Pro as a :class:`bordereau.platform.Platform`: business calls made of API calls.

Searches walk every page; a deposit report also looks up the ids of the invoices a flux brought in; a
directory entry is a search plus a consultation. Dates of the history, which the API writes without an offset,
are Paris time.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, TypeVar
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ValidationError

from ..errors import InputError, PlatformRefused
from ..platform import (
    ActionResult,
    Attachment,
    DepositReceipt,
    FluxReport,
    InvoiceHistory,
    InvoiceRef,
    InvoiceStatus,
    ReceivedInvoice,
    Rejection,
    ServiceEntry,
    StatusChange,
    StructureEntry,
    TechnicalError,
    UserAction,
)
from .client import ChorusClient
from .models import factures as f
from .models import structures as s
from .models import transverses as t
from .models.common import Pagination

if TYPE_CHECKING:
    from .connect import SandboxControls

PARIS = ZoneInfo("Europe/Paris")
PAGE_SIZE = 500
MAX_PAGES = 10_000  # a guard against a platform whose paging never ends
# Our format names to the API's syntaxeFlux (the OCA module's choice for each).
FLUX_SYNTAXES = {"ubl": "IN_DP_E1_UBL_INVOICE", "cii": "IN_DP_E1_CII_16B", "facturx": "IN_DP_E2_CII_FACTURX"}
# Where the search sorts by the last status change: new changes land on later pages while we read (UNSURE: the
# column names the platform accepts are not published; the sandbox takes this one).
BY_STATUS_CHANGE = Pagination(triColonne="DateHeureEtatCourant", triSens="Ascendant")
EARLIEST = datetime.min.replace(tzinfo=PARIS)
T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)


def _request(model: type[M], **fields: object) -> M:
    """A request from caller-supplied values; one that breaks an API limit is an InputError naming the field."""
    try:
        return model(**fields)
    except ValidationError as exc:
        first = exc.errors(include_input=False)[0]
        where = ".".join(str(part) for part in first["loc"])
        raise InputError(f"{first['msg']} (a limit of the Chorus Pro API)", field=where) from None


def flux_syntax(syntax: str) -> str:
    """``syntaxeFlux`` for one of our formats (``ubl``, ``cii``, ``facturx``); an ``IN_DP_…`` name passes as is."""
    if syntax.upper().startswith("IN_DP_"):
        return syntax.upper()
    try:
        return FLUX_SYNTAXES[syntax.lower()]
    except KeyError:
        raise ValueError(f"unknown syntax {syntax!r}: expected one of {', '.join(FLUX_SYNTAXES)}") from None


def _paris(moment: datetime | None) -> datetime | None:
    """The API writes history dates without an offset: they are Paris time."""
    return moment.replace(tzinfo=PARIS) if moment is not None and moment.tzinfo is None else moment


def _person(last: str, first: str) -> str:
    return " ".join(part for part in (first, last) if part)


class ChorusPlatform:
    """The :class:`~bordereau.platform.Platform` over a :class:`ChorusClient` (the real API or the sandbox).

    ``supplier_id`` is the supplier structure (idStructureCPP) searches are restricted to when the caller does
    not name one. ``sandbox`` gives the sandbox's own controls (clock, faults) when the platform is the
    sandbox; it is ``None`` on qualification and production. :meth:`close` also releases an embedded sandbox.
    """

    def __init__(
        self,
        client: ChorusClient,
        *,
        name: str = "chorus",
        supplier_id: int | None = None,
        sandbox: SandboxControls | None = None,
        page_size: int = PAGE_SIZE,
        on_close: Callable[[], None] | None = None,
    ) -> None:
        self.client = client
        self.name = name
        self.supplier_id = supplier_id
        self.sandbox = sandbox
        self.page_size = page_size
        self._on_close = on_close

    def __repr__(self) -> str:
        return f"ChorusPlatform(name={self.name!r}, client={self.client!r})"

    def close(self) -> None:
        self.client.close()
        if self._on_close is not None:
            self._on_close()
            self._on_close = None

    def __enter__(self) -> ChorusPlatform:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def health(self) -> bool:
        """Whether the API answers (``GET health-check``)."""
        answer = self.client.health_check()
        return answer.statusCodeValue == 200 or answer.statusCode.upper() == "OK"

    def my_structures(self) -> list[StructureEntry]:
        """The structures the technical user acts for (their ids are the ``supplier_id`` of other calls)."""
        answer = self.client.recuperer_rattachements()
        return [
            StructureEntry(
                structure_id=item.idStructure,
                siret=item.identifiantStructure,
                name=item.designationStructure,
                id_type=item.typeIdentifiantStructure or "SIRET",
                active=(item.statutRattachement or "ACTIF") == "ACTIF",
                public=False,
            )
            for item in answer.listeStructureRattachement
        ]

    # -- supplier side ------------------------------------------------------------------------------------

    def deposit(self, data: bytes, filename: str, syntax: str) -> DepositReceipt:
        request = _request(f.DeposerFluxRequest, fichierFlux=data, nomFichier=filename, syntaxeFlux=flux_syntax(syntax))
        answer = self.client.deposer_flux(request)
        return DepositReceipt(
            flux_id=answer.numeroFluxDepot,
            deposited_on=answer.dateDepot,
            syntax=answer.syntaxeFlux or request.syntaxeFlux,
            filename=filename,
        )

    def deposit_report(self, flux_id: str) -> FluxReport:
        cr = self.client.consulter_cr_detaille(t.ConsulterCRDetailleRequest(numeroFluxDepot=flux_id))
        invoices: tuple[InvoiceRef, ...] = ()
        if cr.etatCourantDepotFlux in ("IN_INTEGRE", "IN_INTEGRE_PARTIEL"):
            invoices = tuple(self.search_supplier_invoices(flux_id=flux_id))
        return FluxReport(
            flux_id=cr.numeroFluxDepot or flux_id,
            state=cr.etatCourantDepotFlux,
            state_at=cr.dateHeureEtatCourantFlux,
            deposited_at=cr.dateDepotFlux,
            filename=cr.nomFichier,
            interface=cr.codeInterfaceDepotFlux,
            invoices=invoices,
            rejections=tuple(
                Rejection(
                    number=e.numeroDP,
                    message=e.libelleErreurDP,
                    supplier=e.identifiantFournisseur,
                    buyer=e.identifiantDestinataire,
                )
                for e in cr.listeErreurDP
            ),
            technical_errors=tuple(
                TechnicalError(code=e.codeErreur, message=e.libelleErreur, nature=e.natureErreur)
                for e in cr.listeErreurTechnique
            ),
        )

    def find_invoice(self, supplier_id: int | None, number: str) -> InvoiceStatus | None:
        found = self.search_supplier_invoices(supplier_id=supplier_id, number=number)
        exact = [invoice for invoice in found if invoice.number == number]
        # a number is unique per supplier; with several structures, the latest deposit is the one asked about
        return max(exact, key=lambda i: (i.deposited_on or date.min, i.invoice_id)) if exact else None

    def search_supplier_invoices(
        self,
        *,
        changed_since: datetime | None = None,
        supplier_id: int | None = None,
        statuses: Sequence[str] = (),
        flux_id: str | None = None,
        number: str | None = None,
    ) -> list[InvoiceStatus]:
        """Every page of rechercher/fournisseur, sorted by last status change.

        ``changed_since`` goes out as ``periodeDateHeureEtatCourantDu`` (an instant). Whether the real platform
        honours the time of day or only the date is not documented (UNSURE): treat the result as "at least
        these", and compare with what is stored.
        """
        base = f.RechercherFactureParFournisseurRequest(
            numeroFluxDepot=flux_id,
            numeroFacture=number,
            statutCourant=list(statuses),
            idFournisseur=supplier_id if supplier_id is not None else self.supplier_id,
            periodeDateHeureEtatCourantDu=changed_since,
        )

        def page(n: int) -> f.RechercherFactureParFournisseurResponse:
            paging = BY_STATUS_CHANGE.model_copy(
                update={"nbResultatsParPage": self.page_size, "pageResultatDemandee": n}
            )
            return self.client.rechercher_factures_fournisseur(
                base.model_copy(update={"rechercheFactureParFournisseur": paging})
            )

        return [
            _supplier_invoice(item)
            for answer in _pages(page, lambda a: a.last_page or not a.listeFactures)
            for item in answer.listeFactures
        ]

    def history(self, invoice_id: int) -> InvoiceHistory:
        answer = self.client.consulter_historique(
            f.ConsulterHistoriqueRequest(
                idFacture=invoice_id,
                paramRechercheHistoStatuts=f.ParamHistoStatuts(triSensListeHistoStatut="Ascendant"),
            )
        )
        # oldest first whatever order the platform used; within a minute, the platform's ids keep the order
        histo = sorted(
            answer.historiquesDesStatuts.histoStatut,
            key=lambda h: (_paris(h.histoStatutDatePassage) or EARLIEST, h.histoStatutId or 0),
        )
        statuses = [
            StatusChange(
                status=h.histoStatutCode,
                at=_paris(h.histoStatutDatePassage),
                comment=h.histoStatutCommentaire,
                by=_person(h.histoStatutUtilisateurNom, h.histoStatutUtilisateurPrenom),
            )
            for h in histo
        ]
        acts = sorted(
            answer.historiquesDesActionsUtilisateurs.histoAction,
            key=lambda a: (_paris(a.histoActionDateHeure) or EARLIEST, a.histoActionId or 0),
        )
        actions = [
            UserAction(
                action=a.histoActionCode,
                at=_paris(a.histoActionDateHeure),
                by=_person(a.histoActionUtilisateurNom, a.histoActionUtilisateurPrenom),
            )
            for a in acts
        ]
        return InvoiceHistory(
            invoice_id=answer.idFacture or invoice_id,
            number=answer.numeroFacture,
            status=answer.statutCourantCode,
            statuses=tuple(statuses),
            actions=tuple(actions),
        )

    def add_attachment(self, attachment: Attachment) -> int:
        name = attachment.name
        extension = name.rsplit(".", 1)[-1].upper() if "." in name else ""
        mime = attachment.mime_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
        answer = self.client.ajouter_fichier(
            _request(
                t.AjouterFichierRequest,
                pieceJointeFichier=attachment.content,
                pieceJointeNom=name,
                pieceJointeTypeMime=mime,
                pieceJointeExtension=extension,
            )
        )
        return answer.pieceJointeId

    def complete(self, invoice_id: int, comment: str, attachments: Sequence[Attachment] = ()) -> ActionResult:
        pieces = [
            f.PieceJointeComplementaire(
                pieceJointeComplementaireDesignation=attachment.name[:50],
                pieceJointeComplementaireId=self.add_attachment(attachment),
                pieceJointeComplementaireType="02",
            )
            for attachment in attachments
        ]
        answer = self.client.completer_facture(
            f.CompleterFactureRequest(
                identifiantFactureCPP=invoice_id, commentaire=comment, pieceJointeComplementaire=pieces
            )
        )
        return ActionResult(
            invoice_id=answer.identifiantFactureCPP or invoice_id,
            number=answer.numeroFacture,
            on=answer.dateTraitement,
            status="COMPLETEE",
        )

    def recycle(
        self,
        invoice_id: int,
        *,
        buyer_siret: str | None = None,
        service_code: str | None = None,
        engagement: str | None = None,
        comment: str | None = None,
    ) -> ActionResult:
        """``buyer_siret`` None keeps the current buyer (looked up on the invoice)."""
        if buyer_siret is None:
            detail = self.client.consulter_facture_fournisseur(
                f.ConsulterFactureRequest(identifiantFactureCPP=invoice_id)
            )
            buyer_siret = detail.facture.destinataire.codeDestinataire if detail.facture else ""
        answer = self.client.recycler_facture(
            f.RecyclerFactureRequest(
                identifiantFactureCPP=invoice_id,
                destinataire=f.Destinataire(codeDestinataire=buyer_siret, codeServiceExecutant=service_code),
                references=f.RecyclerReferences(numeroBonCommande=engagement) if engagement else None,
                commentaire=comment,
            )
        )
        return ActionResult(
            invoice_id=answer.identifiantFactureCPP or invoice_id,
            number=answer.numeroFacture,
            on=answer.dateDepot,
            status=answer.statutFacture or None,
        )

    def mark_rejection_processed(self, invoice_ids: Sequence[int], comment: str | None = None) -> None:
        """Tell the platform the supplier has dealt with these rejected invoices (``rejetTraite``)."""
        self.client.traiter_rejet(
            f.TraiterRejetRequest(
                listeDemandePaiement=[f.DemandePaiement(idDemandePaiement=i) for i in invoice_ids], cpltInfos=comment
            )
        )

    # -- directory ----------------------------------------------------------------------------------------

    def structure(self, siret: str) -> StructureEntry | None:
        found = self.client.rechercher_structure(
            s.RechercherStructureRequest(
                structure=s.CritereStructure(identifiantStructure=siret),
                parametres=Pagination(nbResultatsParPage=10),
            )
        ).listeStructures
        matches = [item for item in found if item.identifiantStructure == siret]
        if len(matches) != 1:
            return None  # unknown, or ambiguous (the platform's own rule: accept exactly one hit)
        item = matches[0]
        try:
            detail = self.client.consulter_structure(s.ConsulterStructureRequest(idStructureCPP=item.idStructureCPP))
        except PlatformRefused:
            detail = None  # a private structure found but not readable: what the search said is all there is
        info = detail.informationGenerales if detail else None
        params = detail.parametres if detail else s.ParametresStructure()
        address = detail.adressePostaleDuSiege if detail else s.AdressePostale()
        return StructureEntry(
            structure_id=item.idStructureCPP,
            siret=item.identifiantStructure,
            name=(info.raisonSocialeStructure if info else "") or item.designationStructure,
            id_type=item.typeIdentifiantStructure or "SIRET",
            active=(item.statut or "ACTIF") == "ACTIF",
            public=(info.structurePriveePublique if info else "PUBLIQUE") != "PRIVEE",
            service_required=params.codeServiceDoitEtreRenseigne,
            engagement_required=params.numeroEJDoitEtreRenseigne,
            engagement_or_service=params.gestionNumeroEJOuCodeService,
            payment_status_hidden=params.statutMiseEnPaiementNestPasRemonte,
            vat_number=info.numeroTVA if info else "",
            address=address.adresse,
            postcode=address.codePostal,
            city=address.ville,
            country=address.pays,
        )

    def services(self, structure_id: int, *, details: bool = True) -> list[ServiceEntry]:
        def page(n: int) -> s.RechercherServicesStructureResponse:
            return self.client.rechercher_services_structure(
                s.RechercherServicesStructureRequest(
                    idStructure=structure_id,
                    parametresRechercherServicesStructure=Pagination(
                        nbResultatsParPage=self.page_size, pageResultatDemandee=n, triColonne="CodeService"
                    ),
                )
            )

        result = []
        for answer in _pages(page, lambda a: a.last_page or not a.listeServices):
            for item in answer.listeServices:
                engagement: bool | None = None
                if details and item.estActif:
                    engagement = self.client.consulter_service_structure(
                        s.ConsulterServiceStructureRequest(idStructure=structure_id, idService=item.idService)
                    ).parametres.numeroEngagement
                result.append(
                    ServiceEntry(
                        service_id=item.idService,
                        code=item.codeService,
                        name=item.libelleService,
                        active=item.estActif,
                        start=item.dateDbtService,
                        end=item.dateFinService,
                        engagement_required=engagement,
                    )
                )
        return result

    # -- buyer side ---------------------------------------------------------------------------------------

    def search_received(
        self,
        *,
        changed_since: datetime | None = None,
        statuses: Sequence[str] = (),
        buyer_id: int | None = None,
        service_id: int | None = None,
        downloaded: bool | None = None,
    ) -> list[ReceivedInvoice]:
        base = f.RechercherFactureParRecipiendaireRequest(
            idDestinataire=buyer_id,
            idServiceExecutant=service_id,
            statutCourant=list(statuses),
            factureTelechargeeParDestinataire=downloaded,
            periodeDateHeureEtatCourantDu=changed_since,
        )

        def page(n: int) -> f.RechercherFactureParRecipiendaireResponse:
            paging = BY_STATUS_CHANGE.model_copy(
                update={"nbResultatsParPage": self.page_size, "pageResultatDemandee": n}
            )
            return self.client.rechercher_factures_recipiendaire(base.model_copy(update={"paramRecherche": paging}))

        return [
            _received_invoice(item)
            for answer in _pages(page, lambda a: a.last_page or not a.listeFactures)
            for item in answer.listeFactures
        ]

    def download(self, invoice_ids: Sequence[int], *, format: str = "PIVOT", with_attachments: bool = False) -> bytes:
        kind = format.upper()
        if kind not in ("PDF", "PIVOT", "ZIP", "XML"):
            raise ValueError(f"unknown download format {format!r}: expected PDF or PIVOT")
        answer = self.client.telecharger_groupe(
            f.TelechargerGroupeRequest(
                format=kind,  # type: ignore[arg-type]
                listeFacture=[f.FactureId(idFacture=i) for i in invoice_ids],
                avecPiecesJointesComplementaires=("OUI" if with_attachments else "NON") if kind == "PDF" else None,
            )
        )
        return answer.fichierResultat

    def process(
        self, invoice_id: int, status: str, *, reason: str | None = None, mandate_number: str | None = None
    ) -> ActionResult:
        answer = self.client.traiter_facture_recue(
            f.TraiterFactureRecueRequest(
                idFacture=invoice_id,
                nouveauStatut=status,
                motif=reason[:255] if reason else None,
                numeroDPMandat=mandate_number,
            )
        )
        return ActionResult(
            invoice_id=answer.idFacture or invoice_id,
            number=answer.numeroFacture,
            on=answer.dateTraitement,
            status=answer.nouveauStatut or status,
        )

    def allowed_transitions(self, status: str) -> list[str]:
        """The statuses a buyer may move an invoice to from ``status``."""
        answer = self.client.recuperer_etats_traitement(t.EtatsTraitementRequest(statutCourant=status))
        return [item.statutPossiblePourTraitement for item in answer.listeStatutsPossiblesPourTraitement]


def _pages(fetch: Callable[[int], T], last: Callable[[T], bool]) -> Iterator[T]:
    for number in range(1, MAX_PAGES + 1):
        answer = fetch(number)
        yield answer
        if last(answer):
            return


def _supplier_invoice(item: f.FactureFournisseur) -> InvoiceStatus:
    return InvoiceStatus(
        invoice_id=item.identifiantFactureCPP,
        number=item.numeroFacture,
        status=item.statut,
        flux_id=item.numeroFluxDepot or None,
        supplier_id=item.idFournisseur,
        buyer_siret=item.codeDestinataire,
        deposited_on=item.dateDepot,
        status_at=item.dateHeureEtatCourant,
        comment=item.commentaireEtatCourant,
        buyer_name=item.designationDestinataire,
        buyer_id=item.idDestinataire,
        service_code=item.codeServiceExecutant,
        invoice_date=item.dateFacture,
        invoice_type=item.typeFacture,
        amount_excl_vat=_amount(item.montantHT),
        amount_incl_vat=_amount(item.montantTTC),
        amount_due=_amount(item.montantAPayer),
        currency=item.devise,
        engagement=item.numeroBonCommande,
        rejection_processed=item.rejetTraite,
    )


def _received_invoice(item: f.FactureRecue) -> ReceivedInvoice:
    return ReceivedInvoice(
        invoice_id=item.idFacture,
        number=item.numeroFacture,
        status=item.statut,
        status_at=item.dateHeureEtatCourant,
        invoice_type=item.typeFacture,
        invoice_date=item.dateFacture,
        deposited_on=item.dateDepot,
        supplier_siret=item.codeFournisseur,
        supplier_name=item.designationFournisseur,
        supplier_id=item.idFournisseur,
        buyer_siret=item.codeDestinataire,
        buyer_id=item.idDestinataire,
        service_code=item.codeServiceExecutant,
        service_id=item.idServiceExecutant or None,
        amount_excl_vat=_amount(item.montantHT),
        amount_incl_vat=_amount(item.montantTTC),
        amount_due=_amount(item.montantAPayer),
        currency=item.devise,
        engagement=item.numeroBonCommande,
        market=item.numeroMarche,
        downloaded=item.factureTelechargeeParDestinataire,
    )


def _amount(value: Decimal | None) -> Decimal | None:
    """Amounts as the platform sent them, normalised to at least two decimals (20419.3 → 20419.30)."""
    if value is None:
        return None
    return value.quantize(Decimal("0.01")) if value.as_tuple().exponent >= -2 else value  # type: ignore[operator]
