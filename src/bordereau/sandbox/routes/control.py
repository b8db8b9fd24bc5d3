"""The sandbox's own controls, under ``/sandbox`` (never under ``/cpro``): clock, faults, tokens, accounts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import JSONResponse

from ..clock import PARIS, instant, parse_duration
from ..directory import accounts

router = APIRouter(prefix="/sandbox")


def _clock_state(request: Request) -> dict[str, Any]:
    clock = request.app.state.sandbox.clock
    return {"now": instant(clock.now()), "timestamp": clock.now(), "speed": clock.speed}


@router.get("")
async def info(request: Request) -> dict[str, Any]:
    sandbox = request.app.state.sandbox
    await sandbox.start()
    store = sandbox.store
    return {
        "clock": _clock_state(request),
        "flux": store.scalar("SELECT COUNT(*) FROM flux"),
        "flux_par_etat": {r["etat"]: r["n"] for r in store.query("SELECT etat, COUNT(*) AS n FROM flux GROUP BY etat")},
        "factures": store.scalar("SELECT COUNT(*) FROM invoices"),
        "travaux_en_attente": store.scalar("SELECT COUNT(*) FROM jobs"),
        "structures": len(sandbox.directory.structures),
        "utilisateurs": len(sandbox.directory.users),
    }


@router.get("/clock")
async def get_clock(request: Request) -> dict[str, Any]:
    return _clock_state(request)


@router.post("/clock")
async def move_clock(request: Request) -> JSONResponse:
    """``{"advance": "30d"}``, ``{"set": "2026-05-01T09:00:00+02:00"}`` and/or ``{"speed": 86400}``.

    The answer comes once every step that fell due has been played.
    """
    sandbox = request.app.state.sandbox
    await sandbox.start()
    try:
        body = await request.json()
        if not isinstance(body, dict):
            raise ValueError("expected a JSON object")
        if body.get("speed") is not None:
            sandbox.clock.set_speed(float(body["speed"]))
        if body.get("advance") is not None:
            sandbox.clock.advance(parse_duration(body["advance"]))
        if body.get("set") is not None:
            moment = datetime.fromisoformat(str(body["set"]).replace("Z", "+00:00"))
            sandbox.clock.set(moment if moment.tzinfo else moment.replace(tzinfo=PARIS))
    except ValueError as exc:
        return JSONResponse({"error": str(exc)}, 400)
    sandbox.save_clock()
    await sandbox.drain()
    return JSONResponse(_clock_state(request))


@router.post("/run")
async def run_due(request: Request) -> dict[str, Any]:
    """Play every step due now, then answer (tests use it instead of waiting)."""
    sandbox = request.app.state.sandbox
    await sandbox.start()
    await sandbox.drain()
    return _clock_state(request)


@router.get("/faults")
async def get_faults(request: Request) -> dict[str, Any]:
    return request.app.state.sandbox.faults.as_dict()


@router.put("/faults")
async def put_faults(request: Request) -> JSONResponse:
    """Replace the faults in force by a faults document (the JSON form of the faults file)."""
    try:
        body = await request.json()
        request.app.state.sandbox.faults.load(body)
    except ValueError as exc:
        return JSONResponse({"error": str(exc)}, 400)
    return JSONResponse(request.app.state.sandbox.faults.as_dict())


@router.post("/tokens/expire")
async def expire_tokens(request: Request) -> dict[str, Any]:
    """Every token issued so far expires now."""
    return {"expired": request.app.state.sandbox.gateway.expire_all()}


@router.get("/accounts")
async def list_accounts(request: Request) -> list[dict[str, Any]]:
    return accounts(request.app.state.sandbox.directory)
