"""Signed webhook posts: the body is JSON, its HMAC-SHA256 goes in ``X-Bordereau-Signature: sha256=<hex>``.

A receiver recomputes ``hmac.new(secret, body, sha256).hexdigest()`` over the raw bytes it got and compares it with
``hmac.compare_digest``; ``X-Bordereau-Delivery`` is the same for every attempt at one notification, so that a
receiver can drop repeats (delivery is at least once).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from typing import Any

import httpx

from .. import __version__

SIGNATURE_HEADER = "X-Bordereau-Signature"
DELIVERY_HEADER = "X-Bordereau-Delivery"
EVENT_HEADER = "X-Bordereau-Event"


def body_bytes(body: Mapping[str, Any]) -> bytes:
    """The exact bytes posted (and signed): compact JSON, keys sorted, UTF-8."""
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sign(body: bytes, secret: str) -> str:
    """The signature header's value for ``body``."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(body: bytes, secret: str, header: str | None) -> bool:
    """Whether ``header`` is the signature of ``body`` with ``secret`` (what a receiver does)."""
    return header is not None and hmac.compare_digest(sign(body, secret), header)


class PostFailed(Exception):
    """The receiver did not take the notification (network error, timeout, or a status other than 2xx)."""


def post(client: httpx.Client, url: str, body: Mapping[str, Any], *, secret: str | None, delivery: str) -> int:
    """POST the notification; its HTTP status, or ``PostFailed`` with a one-line reason (never the secret)."""
    data = body_bytes(body)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": f"bordereau/{__version__}",
        DELIVERY_HEADER: delivery,
        EVENT_HEADER: str(body.get("type", "")),
    }
    if secret:
        headers[SIGNATURE_HEADER] = sign(data, secret)
    try:
        answer = client.post(url, content=data, headers=headers)
    except httpx.HTTPError as exc:
        raise PostFailed(f"{type(exc).__name__}: {exc}".splitlines()[0][:300]) from None
    if not 200 <= answer.status_code < 300:
        raise PostFailed(f"HTTP {answer.status_code}: {answer.text[:200]}")
    return answer.status_code
