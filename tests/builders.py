"""Invoices the tests start from, as JSON data, so that each test changes only what it is about."""

from __future__ import annotations

import json
from typing import Any

from .conftest import EXAMPLES


def minimal_invoice() -> dict[str, Any]:
    """A fresh copy of ``examples/minimal.json``: seller, buyer, one line, payment by transfer."""
    return json.loads((EXAMPLES / "minimal.json").read_text(encoding="utf-8"))
