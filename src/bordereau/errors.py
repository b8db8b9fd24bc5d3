"""One exception hierarchy, so that interfaces can turn any failure into a one-line message."""

from __future__ import annotations


class BordereauError(Exception):
    """Base of every error bordereau raises on purpose."""


class InputError(BordereauError):
    """A file or a value that cannot be read: names the source and, when known, the field."""

    def __init__(self, reason: str, *, source: str | None = None, field: str | None = None) -> None:
        self.reason = reason
        self.source = source
        self.field = field
        super().__init__(self.message)

    @property
    def message(self) -> str:
        where = ": ".join(part for part in (self.source, self.field) if part)
        return f"{where}: {self.reason}" if where else self.reason

    def located(self, source: str) -> InputError:
        """The same error, attached to a file name when the reader did not know it."""
        if self.source:
            return self
        return InputError(self.reason, source=source, field=self.field)


class InvalidInvoiceData(InputError):
    """JSON invoice data that does not fit the model; carries one problem per field."""

    def __init__(self, problems: list[tuple[str, str]], *, source: str | None = None) -> None:
        self.problems = problems
        first = "; ".join(f"{path}: {reason}" for path, reason in problems[:3])
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        super().__init__(f"{len(problems)} problem(s) in the invoice data: {first}{more}", source=source)


class OutputError(BordereauError):
    """A document that cannot be written (for example, not valid against the syntax's schema)."""


class ConfigError(InputError):
    """A configuration file, a secrets file or an environment variable that cannot be used as it is."""


class PlatformError(BordereauError):
    """A call to an invoicing platform (Chorus Pro, the sandbox) that did not succeed.

    Keeps what the platform said, so that a message, a log line or a stored event can show it: ``operation``
    (``factures/v1/deposer/flux``), the HTTP ``status``, the platform's ``code`` (``codeRetour``, or the HTTP
    status when the answer had none) and ``label`` (``libelle``).
    """

    def __init__(
        self,
        reason: str,
        *,
        operation: str | None = None,
        status: int | None = None,
        code: int | str | None = None,
        label: str | None = None,
    ) -> None:
        self.reason = reason
        self.operation = operation
        self.status = status
        self.code = code
        self.label = label
        super().__init__(self.message)

    @property
    def message(self) -> str:
        where = f"{self.operation}: " if self.operation else ""
        said = []
        if self.code is not None:
            said.append(f"code {self.code}")
        if self.label and self.label not in self.reason:
            said.append(self.label)
        return f"{where}{self.reason}" + (f" ({'; '.join(said)})" if said else "")


class PlatformUnavailable(PlatformError):
    """The platform could not be reached or asked us to come back later (5xx, 429, timeout, network).

    The request was not carried out, or it was safe to repeat and every attempt failed: trying again later is
    right. ``retry_after`` is the delay the platform asked for, in seconds, when it gave one.
    """

    def __init__(self, reason: str, *, retry_after: float | None = None, **details: object) -> None:
        self.retry_after = retry_after
        super().__init__(reason, **details)  # type: ignore[arg-type]


class PlatformRateLimited(PlatformUnavailable):
    """HTTP 429: the gateway refused the call before it reached the platform; ``retry_after`` says when to retry."""


class PlatformAuthError(PlatformError):
    """The gateway refused our credentials (PISTE client, or the technical user of ``cpro-account``).

    Not transient: the configuration must change. The message never contains a secret.
    """


class PlatformAccessDenied(PlatformError):
    """HTTP 403: the technical user acts for a structure it is not attached to."""


class PlatformRefused(PlatformError):
    """The platform understood the call and refused it: a non-zero ``codeRetour`` or a 4xx with its ``libelle``."""


class OutcomeUnknown(PlatformError):
    """A call that changes something was sent, and no usable answer came back: it may or may not have happened.

    Never repeat it blindly: ask the platform first (the history of the invoice, or ``find_invoice``).
    Deliberately not a :class:`PlatformUnavailable`, so that a generic "retry later" never catches it.
    """


class DepositOutcomeUnknown(OutcomeUnknown):
    """A deposit was sent and its answer was lost (timeout, 5xx, dropped connection).

    Resolve it with ``Platform.find_invoice(supplier, number)`` once the platform had time to integrate the
    flow: if the invoice is there, the deposit happened; only if it is not may it be sent again.
    """

    def __init__(self, reason: str, *, filename: str | None = None, **details: object) -> None:
        self.filename = filename
        super().__init__(reason, **details)  # type: ignore[arg-type]
