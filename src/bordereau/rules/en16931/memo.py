"""Work shared by the rules of one engine run: computed by the first rule that asks, reused by the others.

Dozens of VAT and code list rules read the same facts (which lines are in which category, which elements carry
a code); computing them once per run instead of once per rule keeps validation linear in the document. The
memo lives on the run's :class:`~bordereau.rules.engine.Context`: the next run, with its own context, starts
afresh, so nothing computed for one document can leak into another's verdict.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from ..engine import Context

T = TypeVar("T")


def per_run(ctx: Context, key: str, compute: Callable[[Context], T]) -> T:
    """``compute(ctx)``, once per run and ``key``."""
    found: dict[Any, Any] = ctx.memo
    if key not in found:
        found[key] = compute(ctx)
    return found[key]  # type: ignore[no-any-return]
