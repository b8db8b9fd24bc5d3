"""Webhooks: each platform status change is posted, signed, retried with backoff from the store, across restarts."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from bordereau import store
from bordereau.config import Settings
from bordereau.dispatch import service
from bordereau.dispatch.context import Dispatch
from bordereau.notify import SIGNATURE_HEADER, Outbox, outbox_for, verify

from .conftest import Sandbox, send, unique

SECRET = "webhook-test-secret"


class Receiver:
    """A webhook receiver on 127.0.0.1 that answers 500 to the first ``failures`` posts."""

    def __init__(self, failures: int = 0) -> None:
        self.failures = failures
        self.received: list[tuple[dict[str, str], bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                if receiver.failures > 0:
                    receiver.failures -= 1
                    self.send_response(500)
                    self.end_headers()
                    return
                receiver.received.append((dict(self.headers.items()), body))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/bordereau"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def bodies(self) -> list[dict[str, Any]]:
        return [json.loads(body) for _, body in self.received]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    running = Receiver()
    yield running
    running.stop()


def outbox(d: Dispatch, urls: list[str], **options: Any) -> Outbox:
    options = {"base": 0.01, "ceiling": 0.05, "attempts": 4, "lease": 5.0, **options}
    box = Outbox(d.db, urls, secret=SECRET, owner=d.owner, timeout=2.0, **options)
    d.listeners.append(box)
    d.deliverer = box
    return box


def drain(box: Outbox, rounds: int = 200) -> None:
    """Post until nothing is pending (failed ones come due again after their short wait)."""
    import time

    for _ in range(rounds):
        box.deliver_due()
        with box.db.read() as session:
            if store.notification_counts(session)["pending"] == 0:
                return
        time.sleep(0.02)
    raise AssertionError("notifications still pending")


def advance(sandbox: Sandbox, duration: str) -> None:
    assert httpx.post(f"{sandbox.url}/sandbox/clock", json={"advance": duration}, timeout=60).status_code == 200


def test_every_status_change_is_posted_signed(
    dispatch: Dispatch, sandbox: Sandbox, receiver: Receiver, tmp_path: Path
) -> None:
    box = outbox(dispatch, [receiver.url])
    number = unique("HOOK")
    send(dispatch, tmp_path, [number])
    advance(sandbox, "30d")
    service.sync(dispatch)
    drain(box)

    for headers, body in receiver.received:
        assert verify(body, SECRET, headers.get(SIGNATURE_HEADER)), headers
        assert headers["X-Bordereau-Event"] == "invoice.status"
    posted = [b["to"] for b in receiver.bodies() if b["invoice"]["number"] == number]
    with dispatch.db.read() as session:
        invoice = store.find_invoice(session, number)
        assert invoice is not None
        recorded = [e.data["to"] for e in store.timeline(session, invoice.id) if e.type == "platform.status"]
        rows = store.notifications_of(session, invoice.id)
    assert posted == recorded  # one post per change, in order
    assert posted[0] == "DEPOSEE" and posted[-1] == "MISE_EN_PAIEMENT"
    assert all(row.delivered_at is not None for row in rows)
    assert SECRET not in json.dumps([row.body for row in rows])  # the secret signs; it is never stored
    first = receiver.bodies()[0]
    assert first["invoice"]["platform_id"] and first["event"]["hash"] and first["id"]


def test_a_failing_receiver_gets_the_notification_again(dispatch: Dispatch, sandbox: Sandbox, tmp_path: Path) -> None:
    flaky = Receiver(failures=2)
    try:
        box = outbox(dispatch, [flaky.url])
        number = unique("RETRY")
        send(dispatch, tmp_path, [number])
        drain(box)
        with dispatch.db.read() as session:
            invoice = store.find_invoice(session, number)
            assert invoice is not None
            rows = store.notifications_of(session, invoice.id)
        assert flaky.failures == 0
        assert rows[0].attempts == 3 and rows[0].delivered_at is not None
        deliveries = [headers["X-Bordereau-Delivery"] for headers, _ in flaky.received]
        assert len(deliveries) == len(set(deliveries))
    finally:
        flaky.stop()


def test_notifications_survive_a_restart_and_are_given_up_in_the_end(
    dispatch: Dispatch, sandbox: Sandbox, receiver: Receiver, tmp_path: Path
) -> None:
    dead = "http://127.0.0.1:9/nobody-listens"
    first = outbox(dispatch, [receiver.url, dead], attempts=3)
    dispatch.deliverer = None  # this worker writes notifications but stops before posting any
    number = unique("KEEP")
    send(dispatch, tmp_path, [number])  # written, not posted: this "process" stops here
    first.close()
    with dispatch.db.read() as session:
        pending = store.notification_counts(session)["pending"]
    assert pending >= 2
    assert receiver.received == []

    later = Outbox(
        dispatch.db, [receiver.url, dead], secret=SECRET, owner="another-worker", base=0.01, ceiling=0.02, attempts=3
    )
    try:
        drain(later)
    finally:
        later.close()
    with dispatch.db.read() as session:
        counts = store.notification_counts(session)
    assert counts["pending"] == 0
    assert counts["delivered"] == pending // 2
    assert counts["given_up"] == pending // 2
    assert {b["invoice"]["number"] for b in receiver.bodies()} == {number}


def test_outbox_from_the_configuration(dispatch: Dispatch) -> None:
    settings = Settings(webhooks={"urls": ["http://127.0.0.1:9/x"], "secret": SECRET})
    box = outbox_for(dispatch, settings)
    assert box is not None
    assert SECRET not in repr(box)
    box.close()
    assert outbox_for(dispatch, Settings()) is None
