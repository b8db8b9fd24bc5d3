"""The sandbox as an ASGI application: the PISTE gateway, the Chorus Pro API under ``/cpro``, and the sandbox's
own controls under ``/sandbox``.

``create_app`` builds it over a SQLite file; ``bordereau sandbox serve`` runs it under uvicorn, tests and the
embedded default mount it in process. Background work (integration, life cycle) starts with the application's
lifespan, or with the first request when the host does not run lifespans (httpx's ``ASGITransport``).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import math
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from fastapi import FastAPI, Request
from starlette.responses import Response

from .clock import Clock
from .directory import Directory, default_seed, read_seed
from .faults import Decision, Faults, read_faults_file
from .gateway import DEFAULT_TOKEN_LIFETIME, Gateway, TokenError, Unauthorized
from .integration import Integration, make_executor
from .lifecycle import Lifecycle, Scheduler
from .routes import OK_LIBELLE, ApiError, Call, Forbidden, TooLarge, load
from .store import Store

log = logging.getLogger("bordereau.sandbox")
JSON = "application/json;charset=utf-8"
CLOCK_SAVE_INTERVAL = 5.0


class Sandbox:
    """Everything one sandbox holds: store, directory, clock, faults, gateway, and the background work."""

    def __init__(
        self,
        db_path: str | Path,
        seed: dict[str, Any] | str | Path | None = None,
        clock: Clock | None = None,
        faults: Faults | dict[str, Any] | str | Path | None = None,
        *,
        token_lifetime: float = DEFAULT_TOKEN_LIFETIME,
        workers: int = 0,
    ) -> None:
        self.store = Store(db_path)
        if isinstance(seed, str | Path):
            seed = read_seed(seed)
        if seed is not None:
            Directory(seed)  # checked before it replaces anything
            self.store.set_json("directory", seed)
        document = self.store.get_json("directory")
        if document is None:
            document = default_seed()
            self.store.set_json("directory", document)
        self.directory = Directory(document)
        self.clock = clock or Clock()
        saved = self.store.get_json("clock")
        if saved and not self.clock.explicit_start:
            self.clock.resume(saved["sandbox"], saved["real"])
        if isinstance(faults, str | Path):
            faults = read_faults_file(faults)
        self.faults = faults if isinstance(faults, Faults) else Faults(faults)
        self.gateway = Gateway(self.store, self.directory, token_lifetime)
        self.lifecycle = Lifecycle(self)
        self.workers = workers
        self.integration: Integration | None = None
        self.scheduler: Scheduler | None = None
        self._started = False
        self._saved_at = 0.0

    async def start(self) -> None:
        if self._started:
            return
        self._started = True
        self.integration = Integration(self, make_executor(self.workers), self.workers)
        self.scheduler = Scheduler(self, self.integration.run)
        self.scheduler.start()

    async def stop(self) -> None:
        """Stop the background work (the store stays open: the application may be started again)."""
        if not self._started:
            return
        self._started = False
        if self.scheduler is not None:
            await self.scheduler.stop()
        if self.integration is not None:
            self.integration.executor.shutdown(wait=True, cancel_futures=True)
        self.save_clock()

    def close(self) -> None:
        self.store.close()

    def save_clock(self) -> None:
        self._saved_at = time.time()
        self.store.set_json("clock", {"sandbox": self.clock.now(), "real": self._saved_at})

    def maybe_save_clock(self) -> None:
        if time.time() - self._saved_at > CLOCK_SAVE_INTERVAL:
            self.save_clock()

    def poke(self) -> None:
        """New work is due: wake the scheduler."""
        if self.scheduler is not None:
            self.scheduler.poke()

    async def drain(self) -> None:
        if self.scheduler is not None:
            await self.scheduler.drain()


def create_app(
    db_path: str | Path,
    seed: dict[str, Any] | str | Path | None = None,
    clock: Clock | None = None,
    faults: Faults | dict[str, Any] | str | Path | None = None,
    *,
    token_lifetime: float = DEFAULT_TOKEN_LIFETIME,
    workers: int = 0,
) -> FastAPI:
    """The sandbox over the SQLite file ``db_path`` (created and seeded when new).

    ``seed`` replaces the directory (a seed document or a JSON file); ``clock`` sets the time and its speed;
    ``faults`` is a faults document, a ``.toml``/``.json`` file or a :class:`Faults`; ``workers`` > 0 reads
    deposited flows in that many worker processes (0: one thread, in process).
    """
    sandbox = Sandbox(db_path, seed, clock, faults, token_lifetime=token_lifetime, workers=workers)
    operations = load()

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await sandbox.start()
        try:
            yield
        finally:
            await sandbox.stop()

    app = FastAPI(
        title="Chorus Pro sandbox (bordereau)",
        description="A local Chorus Pro: PISTE gateway, Chorus Pro API, and sandbox controls.",
        lifespan=lifespan,
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
    )
    app.state.sandbox = sandbox

    @app.post("/api/oauth/token")
    async def token(request: Request) -> Response:
        decision = sandbox.faults.decide("oauth/token")
        early = await _before(request, decision)
        if early is not None:
            return early
        # OAuth sends application/x-www-form-urlencoded; read it directly (no multipart dependency)
        raw = (await request.body()).decode("utf-8", errors="replace")
        fields = dict(parse_qsl(raw, keep_blank_values=True))
        basic = request.headers.get("authorization", "")
        basic_value = basic[6:] if basic[:6].lower() == "basic " else None
        try:
            answer = sandbox.gateway.issue(fields, basic_value, sandbox.faults.token_lifetime)
        except TokenError as exc:
            return _json({"error": exc.error, "error_description": exc.description}, exc.status)
        return await _after(request, decision) or _json(answer, 200, {"Cache-Control": "no-store"})

    @app.api_route("/cpro/{api}/v1/{op:path}", methods=["GET", "POST", "PUT", "DELETE", "PATCH"])
    async def cpro(api: str, op: str, request: Request) -> Response:
        await sandbox.start()
        path = f"{api}/{op.strip('/')}"
        decision = sandbox.faults.decide(path)
        early = await _before(request, decision)
        if early is not None:
            return early
        try:
            sandbox.gateway.check_token(request.headers.get("authorization"))
            if decision.token_expired:
                raise Unauthorized(
                    'Bearer realm="PISTE",error="invalid_token",error_description="access token is invalid or expired"',
                    "the access token has expired",
                )
            operation = operations.get(path)
            if operation is None:
                return _json({"codeRetour": 404, "libelle": f"Opération inconnue : /cpro/{api}/v1/{op}"}, 404)
            if request.method != operation.method:
                return _json(
                    {"codeRetour": 405, "libelle": f"Méthode {request.method} non permise"},
                    405,
                    {"Allow": operation.method},
                )
            caller = sandbox.gateway.check_account(request.headers.get("cpro-account")) if operation.account else None
        except Unauthorized as exc:
            return _json(
                {"error": exc.error, "error_description": exc.description},
                401,
                {"WWW-Authenticate": exc.challenge},
            )
        body = await _body(request) if operation.method == "POST" else {}
        if isinstance(body, Response):
            return body
        try:
            result = await operation(Call(sandbox, caller, request), body)
        except ApiError as exc:
            return _json({"codeRetour": exc.code, "libelle": exc.libelle}, exc.status)
        except Forbidden:
            return Response(b"", 403, media_type="text/plain")
        except TooLarge:
            return _json({"codeRetour": 413, "libelle": "Le fichier demandé dépasse 120 Mo."}, 413)
        except Exception:
            log.exception("sandbox operation %s failed", path)
            return _json({"codeRetour": 500, "libelle": "Erreur interne du bac à sable"}, 500)
        sandbox.maybe_save_clock()
        late = await _after(request, decision)
        if late is not None:
            return late
        if "codeRetour" not in result and not operation.raw:
            result = {"codeRetour": 0, "libelle": OK_LIBELLE, **result}
        return _json(result)

    from .routes.control import router

    app.include_router(router)
    return app


def _json(content: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(json.dumps(content, ensure_ascii=False).encode("utf-8"), status, headers, media_type=JSON)


async def _body(request: Request) -> dict[str, Any] | Response:
    raw = await request.body()
    if not raw.strip():
        return {}
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return _json({"codeRetour": 400, "libelle": "Le corps de la requête n'est pas du JSON valide."}, 400)
    if not isinstance(body, dict):
        return _json({"codeRetour": 400, "libelle": "Le corps de la requête doit être un objet JSON."}, 400)
    return body


async def _before(request: Request, decision: Decision) -> Response | None:
    if decision.delay:
        await asyncio.sleep(decision.delay)
    if decision.disrupts and not decision.after:
        return await _disrupt(request, decision)
    return None


async def _after(request: Request, decision: Decision) -> Response | None:
    if decision.disrupts and decision.after:
        return await _disrupt(request, decision)
    return None


async def _disrupt(request: Request, decision: Decision) -> Response:
    """A simulated failure: an error status, or no answer until the client gives up."""
    if decision.hang is not None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + decision.hang
        while loop.time() < deadline:
            if await request.is_disconnected():
                break
            await asyncio.sleep(0.05)
        return _json({"codeRetour": 504, "libelle": "Délai dépassé (simulé par le bac à sable)"}, 504)
    status = decision.status or 503
    headers = {}
    if decision.retry_after is not None and status in (429, 503):
        headers["Retry-After"] = str(max(1, math.ceil(decision.retry_after)))
    body = {"codeRetour": status, "libelle": f"Erreur {status} simulée par le bac à sable"}
    return _json(body, status, headers)
