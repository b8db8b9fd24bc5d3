"""A worker: claims due invoices from the database, carries each through the pipeline, tracks, posts notifications.

Work comes from the database (:func:`bordereau.store.claim`: ``FOR UPDATE SKIP LOCKED`` on PostgreSQL), never from a
broker: start as many workers as wanted, on as many machines, against one PostgreSQL. A claimed invoice is leased; if
its worker dies, the lease runs out and another worker takes the invoice where the state says it stands.

``concurrency`` threads carry invoices at once (the time goes into waiting for the platform). Between claims the
worker runs a tracking pass when one is due, and posts the notifications that are due.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Collection
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field

from sqlalchemy import func, select

from .. import store
from ..store.types import utcnow
from .context import Deliverer, Dispatch
from .documents import warm_up
from .pipeline import advance
from .tracking import Pass, track

log = logging.getLogger("bordereau.dispatch")


@dataclass
class Stats:
    """What a worker did, and where its time went (seconds per stage)."""

    carried: int = 0  # claims carried through the pipeline
    passes: int = 0
    changes: int = 0
    notifications: int = 0
    stages: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, stages: dict[str, float]) -> None:
        with self._lock:
            self.carried += 1
            for stage, seconds in stages.items():
                self.stages[stage] = self.stages.get(stage, 0.0) + seconds


class Worker:
    """Runs the pipeline until stopped (or, with ``once``, until nothing is due now)."""

    def __init__(
        self,
        dispatch: Dispatch,
        *,
        concurrency: int = 1,
        deliverer: Deliverer | None = None,
        track: bool = True,
        ids: Collection[int] | None = None,
    ) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self.d = dispatch
        self.concurrency = concurrency
        self.deliverer = deliverer if deliverer is not None else dispatch.deliverer
        self.tracking = track
        self.ids = ids  # restrict the claims to these invoices (a `send` carrying its own)
        self.stats = Stats()
        self.stop_event = threading.Event()
        self._last_track = 0.0

    @property
    def owner(self) -> str:
        return self.d.owner

    def stop(self) -> None:
        self.stop_event.set()

    def _claim(self, limit: int) -> list[store.Claimed]:
        timing = self.d.options.timing
        return store.claim(self.d.db, self.owner, timing.lease, limit, ids=self.ids)

    def _carry(self, job: store.Claimed) -> None:
        stages: dict[str, float] = {}
        advance(self.d, job, stages)
        self.stats.add(stages)

    def track_now(self) -> Pass:
        started = time.perf_counter()
        result = track(self.d)
        self.stats.stages["track"] = self.stats.stages.get("track", 0.0) + time.perf_counter() - started
        self.stats.passes += 1
        self.stats.changes += result.changed
        self._last_track = time.monotonic()
        return result

    def _housekeeping(self, *, force: bool = False) -> None:
        if self.tracking and (force or time.monotonic() - self._last_track >= self.d.options.timing.track_every):
            try:
                self.track_now()
            except store.StoreError:
                raise
            except Exception:
                log.exception("tracking pass failed")
        if self.deliverer is not None:
            try:
                self.stats.notifications += self.deliverer.deliver_due()
            except Exception:
                log.exception("posting notifications failed")

    def run(self, *, once: bool = False, until: Callable[[], bool] | None = None) -> Stats:
        """Work until :meth:`stop`, until ``until()`` is true, or (``once``) until nothing is due any more."""
        warm_up()  # before any thread renders (see its docstring)
        log.info("worker %s started (%d thread(s))", self.owner, self.concurrency)
        batch = max(self.d.options.batch, self.concurrency * 2)
        running: set[Future[None]] = set()
        with ThreadPoolExecutor(self.concurrency, thread_name_prefix="bordereau-worker") as pool:
            try:
                while not self.stop_event.is_set():
                    room = batch - len(running)
                    jobs = self._claim(room) if room > 0 else []
                    for job in jobs:
                        running.add(pool.submit(self._carry, job))
                    if running:
                        done, running = wait(running, timeout=self.d.options.timing.idle, return_when=FIRST_COMPLETED)
                        for future in done:
                            future.result()
                    self._housekeeping()
                    if until is not None and until():
                        break
                    if not jobs and not running:
                        if once:
                            break
                        self.stop_event.wait(self._idle())
            finally:
                if running:
                    wait(running)
        if once:
            self._housekeeping(force=True)
        log.info("worker %s stopped: %d claim(s) carried", self.owner, self.stats.carried)
        return self.stats

    def _idle(self) -> float:
        """How long to sleep with nothing due: until the next invoice falls due, at most ``idle`` seconds."""
        timing = self.d.options.timing
        with self.d.db.read() as session:
            next_due = session.scalar(select(func.min(store.Invoice.due_at)).where(store.Invoice.due_at.is_not(None)))
        longest = min(timing.idle, timing.track_every) if self.tracking else timing.idle
        if next_due is None:
            return longest
        return min(longest, max(0.05, (next_due - utcnow()).total_seconds()))
