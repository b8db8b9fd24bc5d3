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
