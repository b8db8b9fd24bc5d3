"""A worker process for the concurrent-claim tests (importable, so that spawned processes can run it)."""

from __future__ import annotations

from typing import Any

from bordereau.store import claim, open_store


def claim_until_empty(url: str, worker_id: str, batch: int, barrier: Any, results: Any) -> None:
    """Open the store, wait for the others, claim until nothing is left, report what was claimed."""
    store = open_store(url, migrate=False)
    claimed: list[int] = []
    try:
        barrier.wait(timeout=120)
        while jobs := claim(store, worker_id, 600, batch):
            claimed.extend(job.invoice_id for job in jobs)
    finally:
        store.close()
        results.put((worker_id, claimed))
