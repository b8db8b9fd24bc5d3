"""The vocabulary of the store: an invoice's local states and their allowed moves, formats, document and event kinds.

The local state is the gateway's own pipeline; what Chorus Pro says about the invoice is kept beside it, verbatim, as
the platform status. The transition table is deliberately the single place that says which moves are legal, so that a
worker that lost a race (or a bug) cannot move an invoice backwards silently.
"""

from __future__ import annotations

from enum import StrEnum


class InvoiceState(StrEnum):
    """Where an outbound invoice stands in the gateway's pipeline."""

    RECEIVED = "received"  # read and stored, not yet checked
    VALID = "valid"  # passed validation
    INVALID = "invalid"  # failed validation: never sent; findings kept
    RENDERED = "rendered"  # the document to send is built and stored
    DEPOSITING = "depositing"  # written before the deposit call: a crash here means "outcome unknown"
    UNKNOWN = "unknown"  # the deposit may or may not have arrived: ask the platform before anything else
    DEPOSITED = "deposited"  # the platform acknowledged the flux (numeroFluxDepot known)
    INTEGRATED = "integrated"  # the flux report says integrated; the platform status is followed from here
    REJECTED = "rejected"  # the flux (or the deposit itself) was refused; findings kept


TRANSITIONS: dict[InvoiceState, frozenset[InvoiceState]] = {
    InvoiceState.RECEIVED: frozenset({InvoiceState.VALID, InvoiceState.INVALID}),
    InvoiceState.VALID: frozenset({InvoiceState.RENDERED, InvoiceState.INVALID}),
    # A corrected invoice that was never sent may come back under the same number.
    InvoiceState.INVALID: frozenset({InvoiceState.RECEIVED}),
    InvoiceState.RENDERED: frozenset({InvoiceState.DEPOSITING}),
    InvoiceState.DEPOSITING: frozenset(
        {InvoiceState.DEPOSITED, InvoiceState.UNKNOWN, InvoiceState.RENDERED, InvoiceState.REJECTED}
    ),
    # Resolved by asking the platform: found (deposited, or already integrated), or certainly absent (send again).
    InvoiceState.UNKNOWN: frozenset(
        {InvoiceState.DEPOSITED, InvoiceState.INTEGRATED, InvoiceState.RENDERED, InvoiceState.REJECTED}
    ),
    # IN_INCIDENTE asks for the whole flux again: back to rendered.
    InvoiceState.DEPOSITED: frozenset({InvoiceState.INTEGRATED, InvoiceState.REJECTED, InvoiceState.RENDERED}),
    InvoiceState.INTEGRATED: frozenset(),
    # A flux refused at integration created no invoice on the platform: the number may be sent again, corrected.
    InvoiceState.REJECTED: frozenset({InvoiceState.RECEIVED}),
}


def allowed(current: InvoiceState, target: InvoiceState) -> bool:
    """Whether the pipeline may move an invoice from ``current`` to ``target``."""
    return target in TRANSITIONS[current]


class OutputFormat(StrEnum):
    """The syntax a company (or one invoice) is sent in."""

    UBL = "ubl"
    CII = "cii"
    FACTURX = "facturx"


class DocumentKind(StrEnum):
    """What a stored document is."""

    SOURCE = "source"  # the input as received (JSON, CSV row, UBL, CII, PDF): what the invoice was built from
    INVOICE_XML = "invoice_xml"  # the UBL or CII file deposited
    FACTURX_PDF = "facturx_pdf"  # the Factur-X PDF/A-3 deposited
    LEGIBLE_PDF = "legible_pdf"  # the human-readable rendering, when kept apart from the XML
    ATTACHMENT = "attachment"  # a supporting file sent with the invoice
    REPORT = "report"  # something the platform returned (a flux report, for instance)


class EventType(StrEnum):
    """The events the store writes itself; the pipeline may append its own types (``dispatch.*``, ``notify.*``)."""

    RECEIVED = "invoice.received"
    STATE = "invoice.state"
    DOCUMENT = "document.recorded"
    PLATFORM_IDS = "platform.ids"
    PLATFORM_STATUS = "platform.status"
