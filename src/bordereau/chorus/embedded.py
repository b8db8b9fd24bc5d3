"""The sandbox inside this process: the embedded default platform, reached without a port.

httpx's ``ASGITransport`` serves only the asynchronous client, and our client is synchronous. Rather than
Starlette's ``TestClient`` (its transport ignores timeouts, so a sandbox told to hang would block a caller for
good, and Starlette 1.x announces a change of its test client) or a uvicorn server on a loopback port (a
socket and a server for what is a function call), :class:`ThreadedASGITransport` runs the ASGI application on
an event loop of its own in a background thread and hands each request to it: timeouts hold (a request that
takes too long is cancelled and raises ``httpx.ReadTimeout``), the sandbox's background work (integration,
scripted buyers) runs on that loop between calls, and several threads may call at once.

One :class:`EmbeddedSandbox` serves a SQLite file per process, shared by every client that opens it (each gets
a :class:`SandboxLease`); it stops when the last lease closes, or at exit.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import logging
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx

log = logging.getLogger("bordereau.chorus")

EMBEDDED_URL = "http://sandbox.invalid"  # a name that never resolves: nothing leaves the process


class ThreadedASGITransport(httpx.BaseTransport):
    """A synchronous httpx transport onto an ASGI application running on a background event loop."""

    def __init__(
        self,
        app: Any,
        *,
        startup: Callable[[], Awaitable[None]] | None = None,
        shutdown: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self._inner = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        self._shutdown = shutdown
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="bordereau-embedded", daemon=True)
        self._thread.start()
        self._closed = False
        if startup is not None:
            self._run(startup(), timeout=60)

    def _run(self, coroutine: Awaitable[Any], timeout: float | None) -> Any:
        future = asyncio.run_coroutine_threadsafe(coroutine, self._loop)  # type: ignore[arg-type]
        try:
            return future.result(timeout)
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self._closed:
            raise httpx.ConnectError("the embedded sandbox is closed", request=request)
        body = request.read()
        inner = httpx.Request(request.method, request.url, headers=request.headers, content=body)
        timeouts = request.extensions.get("timeout") or {}
        limit = timeouts.get("read")

        async def exchange() -> tuple[int, list[tuple[bytes, bytes]], bytes]:
            response = await self._inner.handle_async_request(inner)
            content = await response.aread()
            return response.status_code, response.headers.raw, content

        try:
            status, headers, content = self._run(exchange(), limit)
        except concurrent.futures.TimeoutError:
            raise httpx.ReadTimeout(f"the embedded sandbox did not answer within {limit} s", request=request) from None
        return httpx.Response(status, headers=headers, content=content)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            if self._shutdown is not None:
                self._run(self._shutdown(), timeout=60)
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)
            if not self._thread.is_alive():
                self._loop.close()


class EmbeddedSandbox:
    """A sandbox application over one SQLite file, served in process by a :class:`ThreadedASGITransport`."""

    def __init__(
        self,
        db_path: Path,
        *,
        clock_speed: float = 1.0,
        faults: str | Path | dict[str, Any] | None = None,
        token_lifetime: float | None = None,
    ) -> None:
        from ..sandbox.app import create_app  # the sandbox loads only when the embedded platform is used
        from ..sandbox.clock import Clock

        options: dict[str, Any] = {"workers": 0}
        if token_lifetime is not None:
            options["token_lifetime"] = token_lifetime
        self.db_path = db_path
        self.app = create_app(db_path, clock=Clock(clock_speed), faults=faults, **options)
        sandbox = self.app.state.sandbox

        async def shutdown() -> None:
            await sandbox.stop()
            sandbox.close()

        self.transport = ThreadedASGITransport(self.app, startup=sandbox.start, shutdown=shutdown)
        self.leases = 0

    def close(self) -> None:
        self.transport.close()


class SandboxLease(httpx.BaseTransport):
    """One client's handle on a shared :class:`EmbeddedSandbox`: closing it releases, not stops, the sandbox."""

    def __init__(self, sandbox: EmbeddedSandbox) -> None:
        self.sandbox = sandbox
        self._released = False

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self.sandbox.transport.handle_request(request)

    def close(self) -> None:
        if not self._released:
            self._released = True
            _release(self.sandbox)


_lock = threading.Lock()
_open: dict[Path, EmbeddedSandbox] = {}


def lease(
    db_path: str | Path,
    *,
    clock_speed: float = 1.0,
    faults: str | Path | dict[str, Any] | None = None,
    token_lifetime: float | None = None,
) -> SandboxLease:
    """A transport onto the process's sandbox for ``db_path``, started on first use.

    The options count only for the lease that starts it; later ones share what is running.
    """
    key = Path(db_path).resolve()
    with _lock:
        sandbox = _open.get(key)
        if sandbox is None:
            key.parent.mkdir(parents=True, exist_ok=True)
            sandbox = EmbeddedSandbox(key, clock_speed=clock_speed, faults=faults, token_lifetime=token_lifetime)
            _open[key] = sandbox
            log.info("embedded sandbox started over %s (clock x%g)", key, clock_speed)
        sandbox.leases += 1
        return SandboxLease(sandbox)


def _release(sandbox: EmbeddedSandbox) -> None:
    with _lock:
        sandbox.leases -= 1
        if sandbox.leases > 0:
            return
        _open.pop(sandbox.db_path, None)
    sandbox.close()


@atexit.register
def _close_all() -> None:
    """Stop the background work of sandboxes still open at exit, so their state is saved cleanly."""
    with _lock:
        running = list(_open.values())
        _open.clear()
    for sandbox in running:
        try:
            sandbox.close()
        except Exception:  # pragma: no cover - best effort at exit
            log.debug("embedded sandbox over %s did not stop cleanly", sandbox.db_path, exc_info=True)
