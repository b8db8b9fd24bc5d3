"""Faults on demand: errors, latency, hangs, expired tokens and incident flows, per operation.

A faults file is TOML (``.toml``) or JSON (``.json``); see ``docs/sandbox.md`` for the format. The same
document can be read and replaced at run time through ``GET``/``PUT /sandbox/faults``. Draws come from one
seeded random generator, so a run with a given ``seed`` fails the same calls every time.
"""

from __future__ import annotations

import fnmatch
import json
import random
import threading
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from .clock import parse_duration

ERROR_STATUSES = (400, 403, 404, 408, 413, 429, 500, 502, 503, 504)
TOKEN_OPERATION = "oauth/token"


@dataclass(slots=True)
class OperationFaults:
    """What can go wrong on one operation (or on every operation, under ``"*"``)."""

    error_rate: float = 0.0
    error_status: int = 503
    retry_after: float | None = None
    fail_first: int = 0
    latency: float = 0.0
    latency_jitter: float = 0.0
    hang_rate: float = 0.0
    hang_max: float = 300.0
    token_expired_rate: float = 0.0
    when: str = "before"  # "after": the operation takes effect, then the fault hits the answer
    calls: int = field(default=0, compare=False)

    def as_dict(self) -> dict[str, Any]:
        return {
            "error_rate": self.error_rate,
            "error_status": self.error_status,
            "retry_after": self.retry_after,
            "fail_first": self.fail_first,
            "latency": self.latency,
            "latency_jitter": self.latency_jitter,
            "hang_rate": self.hang_rate,
            "hang_max": self.hang_max,
            "token_expired_rate": self.token_expired_rate,
            "when": self.when,
        }


@dataclass(slots=True)
class Decision:
    """The faults drawn for one call."""

    delay: float = 0.0
    status: int | None = None
    retry_after: float | None = None
    hang: float | None = None
    token_expired: bool = False
    after: bool = False

    @property
    def disrupts(self) -> bool:
        return self.status is not None or self.hang is not None


def _rate(value: Any, name: str) -> float:
    rate = float(value)
    if not 0.0 <= rate <= 1.0:
        raise ValueError(f"{name} must be between 0 and 1")
    return rate


def _operation(data: dict[str, Any], where: str) -> OperationFaults:
    known = set(OperationFaults.__dataclass_fields__) - {"calls"}
    unknown = set(data) - known
    if unknown:
        raise ValueError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}; expected {', '.join(sorted(known))}")
    faults = OperationFaults()
    if "error_rate" in data:
        faults.error_rate = _rate(data["error_rate"], f"{where}.error_rate")
    if "error_status" in data:
        faults.error_status = int(data["error_status"])
        if faults.error_status not in ERROR_STATUSES:
            raise ValueError(f"{where}.error_status must be one of {', '.join(map(str, ERROR_STATUSES))}")
    if data.get("retry_after") is not None:
        faults.retry_after = parse_duration(data["retry_after"])
    faults.fail_first = int(data.get("fail_first", 0))
    faults.latency = parse_duration(data.get("latency", 0))
    faults.latency_jitter = parse_duration(data.get("latency_jitter", 0))
    if "hang_rate" in data:
        faults.hang_rate = _rate(data["hang_rate"], f"{where}.hang_rate")
    faults.hang_max = parse_duration(data.get("hang_max", 300))
    if "token_expired_rate" in data:
        faults.token_expired_rate = _rate(data["token_expired_rate"], f"{where}.token_expired_rate")
    faults.when = str(data.get("when", "before"))
    if faults.when not in ("before", "after"):
        raise ValueError(f"{where}.when must be 'before' or 'after'")
    return faults


class Faults:
    """The faults in force; thread-safe, replaceable as a whole."""

    def __init__(self, config: dict[str, Any] | None = None) -> None:
        self._lock = threading.Lock()
        self.load(config or {})

    def load(self, config: dict[str, Any]) -> None:
        """Replace every fault by those of ``config`` (raises ValueError when it does not make sense)."""
        if not isinstance(config, dict):
            raise ValueError("a faults document is an object")
        unknown = set(config) - {"seed", "token", "operations", "integration"}
        if unknown:
            expected = "seed, token, operations, integration"
            raise ValueError(f"unknown section(s) {', '.join(sorted(unknown))}; expected {expected}")
        operations = {}
        for name, data in (config.get("operations") or {}).items():
            if not isinstance(data, dict):
                raise ValueError(f"operations.{name} must be a table")
            operations[name.strip("/")] = _operation(data, f"operations.{name}")
        token = config.get("token") or {}
        unknown = set(token) - {"lifetime"}
        if unknown:
            raise ValueError(f"token: unknown key(s) {', '.join(sorted(unknown))}; expected lifetime")
        lifetime = parse_duration(token["lifetime"]) if token.get("lifetime") is not None else None
        integration = config.get("integration") or {}
        unknown = set(integration) - {"incident_rate", "incident_names"}
        if unknown:
            raise ValueError(
                f"integration: unknown key(s) {', '.join(sorted(unknown))}; expected incident_rate, incident_names"
            )
        incident_rate = _rate(integration.get("incident_rate", 0), "integration.incident_rate")
        names = integration.get("incident_names", [])
        if isinstance(names, str):
            names = [names]
        with self._lock:
            self.config = config
            self.operations: dict[str, OperationFaults] = operations
            self.token_lifetime: float | None = lifetime
            self.incident_rate = incident_rate
            self.incident_names: list[str] = [str(n) for n in names]
            self._random = random.Random(config.get("seed"))

    def _for(self, operation: str) -> OperationFaults | None:
        return self.operations.get(operation) or self.operations.get("*")

    def decide(self, operation: str) -> Decision:
        """Draw the faults of one call to ``operation`` (``"factures/deposer/flux"``, ``"oauth/token"`` …)."""
        with self._lock:
            faults = self._for(operation)
            if faults is None:
                return Decision()
            faults.calls += 1
            draw = self._random.random
            decision = Decision(after=faults.when == "after")
            decision.delay = faults.latency + (draw() * faults.latency_jitter if faults.latency_jitter else 0.0)
            if faults.calls <= faults.fail_first or (faults.error_rate and draw() < faults.error_rate):
                decision.status = faults.error_status
                decision.retry_after = faults.retry_after
                if decision.retry_after is None and faults.error_status == 429:
                    decision.retry_after = 1.0
            elif faults.hang_rate and draw() < faults.hang_rate:
                decision.hang = faults.hang_max
            if faults.token_expired_rate and draw() < faults.token_expired_rate:
                decision.token_expired = True
            return decision

    def incident(self, file_name: str) -> bool:
        """Whether a deposited flux named ``file_name`` ends ``IN_INCIDENTE``."""
        with self._lock:
            if any(fnmatch.fnmatchcase(file_name, pattern) for pattern in self.incident_names):
                return True
            return bool(self.incident_rate) and self._random.random() < self.incident_rate

    def as_dict(self) -> dict[str, Any]:
        with self._lock:
            return {
                "seed": self.config.get("seed"),
                "token": {"lifetime": self.token_lifetime},
                "operations": {name: faults.as_dict() for name, faults in self.operations.items()},
                "integration": {"incident_rate": self.incident_rate, "incident_names": self.incident_names},
            }


def read_faults_file(path: str | Path) -> dict[str, Any]:
    """The faults document in a ``.toml`` or ``.json`` file."""
    path = Path(path)
    try:
        text = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the faults file ({exc.strerror})", source=str(path)) from None
    try:
        config = json.loads(text) if path.suffix.lower() == ".json" else tomllib.loads(text.decode("utf-8"))
        Faults(config)  # checks it
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(f"not a valid faults file: {exc}", source=str(path)) from None
    return config
