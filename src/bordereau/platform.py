"""The Platform: where invoices go, in business terms, whatever speaks to it underneath.

Services (``dispatch``, ``inbox``) talk to a :class:`Platform` and never to HTTP. The Chorus Pro client
(:class:`bordereau.chorus.ChorusPlatform`) implements it over the real API or the sandbox; a Plateforme Agréée
would be one more implementation. The values here are plain frozen dataclasses with our own names; each
docstring says which API field it comes from, and statuses and flux states keep the API's spelling
(``MISE_A_DISPOSITION``, ``IN_INTEGRE``), so that they can be stored and shown as the platform says them.

Errors are :class:`bordereau.errors.PlatformError` and its subclasses. Two matter to a caller:
:class:`~bordereau.errors.PlatformUnavailable` (try again later) and
:class:`~bordereau.errors.DepositOutcomeUnknown` (ask :meth:`Platform.find_invoice` before anything else).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Protocol, runtime_checkable

# Flux (deposit) states, as etatCourantDepotFlux spells them.
FLUX_INTEGRATED = "IN_INTEGRE"
FLUX_PARTLY_INTEGRATED = "IN_INTEGRE_PARTIEL"
FLUX_REJECTED = "IN_REJETE"
FLUX_INCIDENT = "IN_INCIDENTE"  # the platform failed on the whole flux: send it again
FINAL_FLUX_STATES = frozenset({FLUX_INTEGRATED, FLUX_PARTLY_INTEGRATED, FLUX_REJECTED, FLUX_INCIDENT})

# Invoice statuses after which nothing more happens on the platform (a supplier stops tracking there).
FINAL_STATUSES = frozenset(
    {"MISE_EN_PAIEMENT", "COMPTABILISEE", "MISE_A_DISPOSITION_COMPTABLE", "REJETEE", "ABANDONNEE", "SUPPRIMEE"}
)
# Statuses that wait for the supplier: complete (SUSPENDUE), re-address (A_RECYCLER), replace (REJETEE).
SUPPLIER_ACTION_STATUSES = frozenset({"SUSPENDUE", "A_RECYCLER", "REJETEE"})

# The syntaxes bordereau writes, by the names its formats use.
SYNTAXES = ("ubl", "cii", "facturx")


@dataclass(frozen=True, slots=True, kw_only=True)
class DepositReceipt:
    """The platform took a flux: ``flux_id`` (numeroFluxDepot) is how to ask for its report."""

    flux_id: str
    deposited_on: date | None
    syntax: str  # the platform's name for it (syntaxeFlux)
    filename: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Rejection:
    """One invoice of a flux that the platform refused (listeErreurDP)."""

    number: str  # numeroDP: the invoice number in the file
    message: str  # libelleErreurDP: what is wrong, in the platform's words
    supplier: str = ""  # identifiantFournisseur
    buyer: str = ""  # identifiantDestinataire

    def __str__(self) -> str:
        return f"{self.number}: {self.message}" if self.number else self.message


@dataclass(frozen=True, slots=True, kw_only=True)
class TechnicalError:
    """A problem with the file itself (listeErreurTechnique): unreadable, not the announced syntax, schema…"""

    code: str
    message: str
    nature: str = ""

    def __str__(self) -> str:
        return f"{self.code}: {self.message}" if self.code else self.message


@dataclass(frozen=True, slots=True, kw_only=True)
class InvoiceRef:
    """An invoice the platform knows: its id there (identifiantFactureCPP) and where it stands."""

    invoice_id: int
    number: str
    status: str  # statut, as the API spells it
    flux_id: str | None = None
    supplier_id: int | None = None
    buyer_siret: str = ""
    deposited_on: date | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class InvoiceStatus(InvoiceRef):
    """A supplier's invoice as a search shows it: enough to mirror its status without another call."""

    status_at: datetime | None = None  # dateHeureEtatCourant
    comment: str = ""  # commentaireEtatCourant: the buyer's reason for a suspension, rejection…
    buyer_name: str = ""
    buyer_id: int | None = None
    service_code: str = ""
    invoice_date: date | None = None
    invoice_type: str = ""  # FACTURE | AVOIR
    amount_excl_vat: Decimal | None = None
    amount_incl_vat: Decimal | None = None
    amount_due: Decimal | None = None
    currency: str = ""
    engagement: str = ""
    rejection_processed: bool = False

    @property
    def final(self) -> bool:
        return self.status in FINAL_STATUSES


@dataclass(frozen=True, slots=True, kw_only=True)
class FluxReport:
    """Where a deposited flux stands (consulterCRDetaille), with the ids of the invoices it brought in.

    ``invoices`` is filled once the flux is integrated (fully or partly); ``rejections`` name each refused
    invoice; ``technical_errors`` concern the file as a whole.
    """

    flux_id: str
    state: str  # etatCourantDepotFlux
    state_at: datetime | None = None
    deposited_at: datetime | None = None
    filename: str = ""
    interface: str = ""  # codeInterfaceDepotFlux
    invoices: tuple[InvoiceRef, ...] = ()
    rejections: tuple[Rejection, ...] = ()
    technical_errors: tuple[TechnicalError, ...] = ()

    @property
    def final(self) -> bool:
        """Nothing more will happen to this flux."""
        return self.state in FINAL_FLUX_STATES

    @property
    def integrated(self) -> bool:
        return self.state in (FLUX_INTEGRATED, FLUX_PARTLY_INTEGRATED)

    @property
    def rejected(self) -> bool:
        return self.state == FLUX_REJECTED

    @property
    def incident(self) -> bool:
        """The platform failed on the flux (not on its content): the whole flux must be sent again."""
        return self.state == FLUX_INCIDENT

    def invoice_id(self, number: str) -> int | None:
        return next((ref.invoice_id for ref in self.invoices if ref.number == number), None)

    def messages(self) -> list[str]:
        """Every problem, one readable line each."""
        return [str(e) for e in self.technical_errors] + [str(r) for r in self.rejections]


@dataclass(frozen=True, slots=True, kw_only=True)
class StatusChange:
    """One line of an invoice's status history (histoStatut)."""

    status: str
    at: datetime | None
    comment: str = ""
    by: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class UserAction:
    """One user action on an invoice (histoAction: DEPOT, TELECHARGEMENT, TRAITEMENT, COMPLETION…)."""

    action: str
    at: datetime | None
    by: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class InvoiceHistory:
    """An invoice's current status and every change, oldest first (consulter/historique)."""

    invoice_id: int
    number: str
    status: str
    statuses: tuple[StatusChange, ...] = ()
    actions: tuple[UserAction, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ActionResult:
    """What the platform answered to an action on an invoice (complete, recycle, process)."""

    invoice_id: int
    number: str
    on: date | None = None  # dateTraitement or dateDepot
    status: str | None = None  # the new status when the platform says it


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file to send with an invoice action; ``mime_type`` is guessed from the name when not given."""

    name: str
    content: bytes = field(repr=False)
    mime_type: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceEntry:
    """A buyer's service (rechercherServicesStructure, consulterServiceStructure)."""

    service_id: int
    code: str
    name: str
    active: bool
    start: date | None = None
    end: date | None = None
    engagement_required: bool | None = None  # None: not asked (see Platform.services(details=...))


@dataclass(frozen=True, slots=True, kw_only=True)
class StructureEntry:
    """A structure of the directory and what it requires on invoices (consulterStructure ``parametres``).

    The rules, as Chorus Pro applies them: ``engagement_or_service`` means either a service code or an
    engagement number will do; otherwise ``service_required`` and ``engagement_required`` each demand theirs.
    A service may demand an engagement on its own (:attr:`ServiceEntry.engagement_required`).
    """

    structure_id: int
    siret: str
    name: str
    id_type: str = "SIRET"
    active: bool = True
    public: bool = True
    service_required: bool = False
    engagement_required: bool = False
    engagement_or_service: bool = False
    payment_status_hidden: bool = False  # statutMiseEnPaiementNestPasRemonte: MISE_EN_PAIEMENT never comes
    vat_number: str = ""
    address: str = ""
    postcode: str = ""
    city: str = ""
    country: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ReceivedInvoice:
    """An invoice addressed to a public buyer (rechercherFactureParRecipiendaire)."""

    invoice_id: int
    number: str
    status: str
    status_at: datetime | None = None
    invoice_type: str = ""
    invoice_date: date | None = None
    deposited_on: date | None = None
    supplier_siret: str = ""
    supplier_name: str = ""
    supplier_id: int | None = None
    buyer_siret: str = ""
    buyer_id: int | None = None
    service_code: str = ""
    service_id: int | None = None
    amount_excl_vat: Decimal | None = None
    amount_incl_vat: Decimal | None = None
    amount_due: Decimal | None = None
    currency: str = ""
    engagement: str = ""
    market: str = ""
    downloaded: bool = False


@runtime_checkable
class Platform(Protocol):
    """What the services need from an invoicing platform, supplier side then buyer side.

    Implementations retry on their own what is safe to repeat (reads, searches), and never repeat a deposit
    blindly. Every method may raise :class:`bordereau.errors.PlatformError`.
    """

    # -- supplier side ------------------------------------------------------------------------------------

    def deposit(self, data: bytes, filename: str, syntax: str) -> DepositReceipt:
        """Send one file (an invoice, or an archive of several); ``syntax`` is ``ubl``, ``cii`` or ``facturx``.

        Raises :class:`~bordereau.errors.DepositOutcomeUnknown` when the file was sent and no answer came.
        """
        ...

    def deposit_report(self, flux_id: str) -> FluxReport:
        """Where the flux stands; once integrated, the platform's id of each invoice it held."""
        ...

    def find_invoice(self, supplier_id: int | None, number: str) -> InvoiceStatus | None:
        """The invoice ``number`` of this supplier if the platform has integrated it, else ``None``.

        The way to settle a deposit whose outcome is unknown: a flux is searchable once integrated, so ask
        after the platform's integration delay. ``supplier_id`` None: every structure of the technical user.
        """
        ...

    def search_supplier_invoices(
        self,
        *,
        changed_since: datetime | None = None,
        supplier_id: int | None = None,
        statuses: Sequence[str] = (),
        flux_id: str | None = None,
        number: str | None = None,
    ) -> list[InvoiceStatus]:
        """The supplier's invoices whose status changed since ``changed_since``, every page of them.

        The batched way to track: one search per poll, not one call per invoice.
        """
        ...

    def history(self, invoice_id: int) -> InvoiceHistory:
        """Every status the invoice went through, oldest first."""
        ...

    def add_attachment(self, attachment: Attachment) -> int:
        """Upload a file; its id is what actions refer to."""
        ...

    def complete(self, invoice_id: int, comment: str, attachments: Sequence[Attachment] = ()) -> ActionResult:
        """Answer a suspension (status SUSPENDUE) with a comment and files."""
        ...

    def recycle(
        self,
        invoice_id: int,
        *,
        buyer_siret: str | None = None,
        service_code: str | None = None,
        engagement: str | None = None,
        comment: str | None = None,
    ) -> ActionResult:
        """Re-address an invoice the buyer sent back for routing (status A_RECYCLER)."""
        ...

    # -- directory ----------------------------------------------------------------------------------------

    def structure(self, siret: str) -> StructureEntry | None:
        """The structure with this SIRET (or other identifier) and its requirements, ``None`` if unknown."""
        ...

    def services(self, structure_id: int, *, details: bool = True) -> list[ServiceEntry]:
        """A structure's services; ``details`` also asks each active service whether it needs an engagement."""
        ...

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
        """Invoices addressed to the buyer's structures, every page of them."""
        ...

    def download(self, invoice_ids: Sequence[int], *, format: str = "PIVOT", with_attachments: bool = False) -> bytes:
        """The invoices as one file: PIVOT (XML), PDF (a PDF for one invoice, else a ZIP)."""
        ...

    def process(
        self, invoice_id: int, status: str, *, reason: str | None = None, mandate_number: str | None = None
    ) -> ActionResult:
        """Record the buyer's decision (SERVICE_FAIT, SUSPENDUE, REJETEE, MANDATEE, MISE_EN_PAIEMENT…)."""
        ...

    def close(self) -> None:
        """Release connections (and an in-process sandbox)."""
        ...
