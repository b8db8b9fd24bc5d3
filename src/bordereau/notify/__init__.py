"""Notifications: a signed webhook POST for every platform status change, from an outbox kept in the store.

:func:`outbox_for` builds the :class:`Outbox` the configuration asks for (``webhooks.urls``, ``webhooks.secret``,
``webhooks.timeout``); the dispatch pipeline writes to it, the workers post from it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .outbox import Outbox
from .webhooks import DELIVERY_HEADER, SIGNATURE_HEADER, body_bytes, sign, verify

if TYPE_CHECKING:
    from ..config import Settings
    from ..dispatch.context import Dispatch


def outbox_for(d: Dispatch, settings: Settings) -> Outbox | None:
    """The outbox for these settings, or None when no webhook URL is configured."""
    hooks = settings.webhooks
    if not hooks.urls:
        return None
    timing = d.options.timing
    return Outbox(
        d.db,
        hooks.urls,
        secret=hooks.secret.get_secret_value() if hooks.secret is not None else None,
        owner=d.owner,
        timeout=hooks.timeout,
        base=timing.notify_base,
        ceiling=timing.notify_max,
        attempts=timing.notify_attempts,
    )


__all__ = ["DELIVERY_HEADER", "SIGNATURE_HEADER", "Outbox", "body_bytes", "outbox_for", "sign", "verify"]
