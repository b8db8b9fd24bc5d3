"""How patient the pipeline is: poll intervals, retry waits, leases, and how long an unknown deposit is waited for.

The defaults suit the real Chorus Pro, where a flux takes minutes to integrate and a buyer days to act. A sandbox
with a fast clock does the same in a fraction of the time: :meth:`Timing.for_clock` scales the waits that follow the
platform's clock (not the retry waits, which follow the network).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import timedelta

from ..rules import DEFAULT_SETS


@dataclass(frozen=True, slots=True)
class Timing:
    """Seconds, real time."""

    report_poll: float = 30.0  # first wait before looking at a flux report, then between looks
    report_poll_max: float = 600.0  # the wait between looks grows up to this
    track_every: float = 300.0  # between two tracking passes (one search per supplier)
    unknown_wait: float = 120.0  # before asking whether a deposit whose answer was lost arrived
    unknown_checks: int = 6  # "not there" answers, unknown_wait apart, before sending again
    retry_base: float = 5.0  # first wait after a transient failure (platform down, 429 …)
    retry_max: float = 900.0
    lease: float = 300.0  # how long a claimed invoice stays a worker's own without news
    idle: float = 5.0  # longest sleep of an idle worker
    notify_base: float = 10.0  # first wait before a failed webhook is posted again
    notify_max: float = 3600.0
    notify_attempts: int = 12  # then the notification is given up (and says so)

    def for_clock(self, speed: float) -> Timing:
        """The waits for a platform whose clock runs ``speed`` times faster than real time (a sandbox)."""
        if speed <= 1:
            return self

        def scaled(seconds: float, floor: float) -> float:
            return max(floor, seconds / speed)

        return replace(
            self,
            report_poll=scaled(self.report_poll, 0.2),
            report_poll_max=scaled(self.report_poll_max, 1.0),
            track_every=scaled(self.track_every, 0.5),
            unknown_wait=scaled(self.unknown_wait, 1.0),
        )

    def for_sandbox(self, speed: float = 1.0) -> Timing:
        """The waits for the sandbox: it integrates a flux one second (of its clock) after the deposit."""
        quick = replace(self, report_poll=min(self.report_poll, 1.0), unknown_wait=min(self.unknown_wait, 5.0))
        return quick.for_clock(speed)

    def backoff(self, attempt: int, *, base: float | None = None, ceiling: float | None = None) -> float:
        """The wait after failed attempt ``attempt`` (1-based): exponential, with jitter so workers spread out."""
        base = self.retry_base if base is None else base
        ceiling = self.retry_max if ceiling is None else ceiling
        top = min(ceiling, base * (2 ** max(0, attempt - 1)))
        return random.uniform(top / 2, top)

    def report_wait(self, looks: int) -> float:
        """The wait before the next look at a flux report, after ``looks`` looks."""
        return min(self.report_poll_max, self.report_poll * (1.5 ** max(0, looks - 1)))


@dataclass(frozen=True, slots=True)
class DispatchOptions:
    """What the pipeline checks and how it waits."""

    timing: Timing = field(default_factory=Timing)
    rule_sets: tuple[str, ...] = DEFAULT_SETS  # en16931 + chorus
    lang: str = "en"  # language of the findings stored and shown
    directory_ttl: timedelta = timedelta(days=1)  # how long a buyer's directory entry is trusted
    unknown_buyer_ttl: timedelta = timedelta(hours=1)  # "no such buyer" is asked again sooner
    fill_history: bool = True  # when tracking sees an invoice jump, read its history for the statuses in between
    batch: int = 20  # invoices claimed at once by a worker
