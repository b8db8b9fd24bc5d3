"""What the store refuses, as errors an interface can print on one line."""

from __future__ import annotations

from ..errors import BordereauError


class StoreError(BordereauError):
    """The database cannot be opened or used (bad URL, unreachable server, schema too old)."""


class NotFound(StoreError):
    """A company, an invoice or a document the caller named does not exist."""


class DuplicateCompany(StoreError):
    """A company with this SIRET is already registered."""


class DuplicateInvoice(StoreError):
    """The company already has an invoice with this number (numbers are unique per supplier on Chorus Pro)."""


class StateConflict(StoreError):
    """A state change asked from a state that does not allow it (or that another worker already left)."""

    def __init__(self, number: str, current: str, wanted: str, *, reason: str | None = None) -> None:
        self.number = number
        self.current = str(current)
        self.wanted = str(wanted)
        why = f" ({reason})" if reason else ""
        super().__init__(f"invoice {number}: cannot go from {self.current!r} to {self.wanted!r}{why}")


class LeaseLost(StoreError):
    """A worker acted on an invoice whose lease it no longer holds: another worker took over."""
