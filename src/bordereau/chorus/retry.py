"""When to try a call again, and how long to wait before.

The policy, by what went wrong and whether the operation is safe to repeat (searches, reads) or not
(deposit, key-in, complete, recycle, buyer decisions):

============================================  ==================  ==========================================
what happened                                 safe to repeat      changes something
============================================  ==================  ==========================================
connection refused / connect timeout          retried             retried (the request never left)
401 with an expired or unknown token          new token, once     new token, once (refused at the gateway)
429 Too Many Requests                         retried, waits      ``PlatformRateLimited`` (not sent on)
                                              ``Retry-After``
5xx, read timeout, connection lost            retried             ``OutcomeUnknown`` (deposit:
                                                                  ``DepositOutcomeUnknown``)
============================================  ==================  ==========================================

Waits grow exponentially with full jitter (a random share of the ceiling, so that many clients do not come
back together); a ``Retry-After`` is honoured as the least wait, up to ``max_retry_after``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How many attempts a safe call gets and how long to wait between them (seconds)."""

    attempts: int = 5
    base_delay: float = 0.5
    max_delay: float = 20.0
    max_retry_after: float = 120.0  # a longer Retry-After ends the attempts: the caller comes back later
    jitter: bool = True
    random: random.Random = field(default_factory=random.Random, compare=False, repr=False)

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        """The wait after failed attempt number ``attempt`` (1-based)."""
        ceiling = min(self.max_delay, self.base_delay * (2 ** (attempt - 1)))
        wait = self.random.uniform(0, ceiling) if self.jitter else ceiling
        if retry_after is not None:
            wait = max(wait, retry_after)
        return wait

    def gives_up_on(self, retry_after: float | None) -> bool:
        """A wait the platform asks for that is longer than a call should block."""
        return retry_after is not None and retry_after > self.max_retry_after


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds from a ``Retry-After`` header: a number of seconds or an HTTP date; ``None`` if absent or odd."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    return max(0.0, seconds) if seconds == seconds else None
