"""The API's operations, one module per family; each registers its handlers here by path (``api/op``).

Handlers take the call's :class:`Call` and the JSON body, and return the answer's fields (``codeRetour`` 0 and
the default ``libelle`` are added). A functional refusal raises :class:`ApiError`; acting for a structure the
technical user is not attached to raises :class:`Forbidden`.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from starlette.requests import Request

if TYPE_CHECKING:
    from ..app import Sandbox
    from ..gateway import Caller

OK_LIBELLE = "TRA_MSG_00.000"
NO_RESULT = (20000, "TRA_MSG_00.015 : la recherche n'a retourné aucun résultat.")
UNKNOWN_INVOICE = 20000
NO_RIGHTS = 20001

Handler = Callable[["Call", dict[str, Any]], "dict[str, Any] | Awaitable[dict[str, Any]]"]


class ApiError(Exception):
    """A functional error: HTTP 200 (or 400) with a non-zero ``codeRetour`` and a ``libelle``."""

    def __init__(self, code: int, libelle: str, status: int = 200) -> None:
        super().__init__(libelle)
        self.code = code
        self.libelle = libelle
        self.status = status


class BadRequest(ApiError):
    """A request the API cannot take (missing or malformed field): HTTP 400 ``{codeRetour, libelle}``."""

    def __init__(self, libelle: str, code: int = 400) -> None:
        super().__init__(code, libelle, 400)


class Forbidden(Exception):
    """HTTP 403: the technical user acts for a structure it is not attached to."""


class TooLarge(Exception):
    """HTTP 413: the answer would be larger than the platform sends."""


@dataclass(slots=True)
class Call:
    sandbox: Sandbox
    caller: Caller | None
    request: Request

    @property
    def user_id(self) -> int:
        return self.caller.user.id if self.caller else 0

    def require_attached(self, structure_id: int | None) -> None:
        if structure_id is not None and (self.caller is None or not self.caller.attached(structure_id)):
            raise Forbidden()


@dataclass(slots=True)
class Operation:
    path: str
    handler: Handler
    method: str = "POST"
    account: bool = True  # whether the cpro-account header is needed (health-check needs only the token)
    raw: bool = False  # answered as it is, without codeRetour and libelle

    async def __call__(self, call: Call, body: dict[str, Any]) -> dict[str, Any]:
        result = self.handler(call, body)
        if inspect.isawaitable(result):
            result = await result
        return result


OPERATIONS: dict[str, Operation] = {}


def operation(
    path: str, *, method: str = "POST", account: bool = True, raw: bool = False
) -> Callable[[Handler], Handler]:
    """Register a handler for ``/cpro/{api}/v1/{op}`` given as ``"api/op"``."""

    def register(handler: Handler) -> Handler:
        if path in OPERATIONS:
            raise ValueError(f"operation {path} is registered twice")
        OPERATIONS[path] = Operation(path, handler, method, account, raw)
        return handler

    return register


def load() -> dict[str, Operation]:
    """Import every family so that its operations are registered."""
    from . import buyer, structures, supplier, transverses  # noqa: F401

    return OPERATIONS
