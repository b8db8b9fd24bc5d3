"""Scale, on PostgreSQL: four worker processes take 2,000 invoices through deposit to integration.

The sandbox runs in its own process (two integration workers, a fast clock). Every invoice must end integrated,
deposited once (the sandbox's own records: one flux per file, one invoice per number), and the audit chain must
verify. Skipped without ``BORDEREAU_TEST_POSTGRES_URL``.
"""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import httpx
from sqlalchemy import select

from bordereau import store
from bordereau.dispatch.intake import submit
from bordereau.store import InvoiceState as S

from .conftest import invoice_json

COUNT = int(os.environ.get("BORDEREAU_SCALE_COUNT", "2000"))
WORKERS = 4
CLI = [sys.executable, "-c", "from bordereau.cli import app; app()"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_sandbox(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    log = (folder / "sandbox.log").open("ab")
    serve = ["sandbox", "serve", "--port", str(port), "--db", str(folder / "sandbox.db")]
    process = subprocess.Popen(
        [*CLI, *serve, "--clock-speed", "10", "--workers", "2"],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{url}/sandbox/clock", timeout=2).status_code == 200:
                return process, url
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"the sandbox did not start: {(folder / 'sandbox.log').read_text()[-2000:]}")
        time.sleep(0.2)


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


def test_four_workers_two_thousand_invoices_on_postgresql(pg_url: str, tmp_path: Path) -> None:
    db = store.open_store(pg_url)
    sandbox, url = start_sandbox(tmp_path)
    workers: list[subprocess.Popen[bytes]] = []
    try:
        numbers = [f"SC-{i:06d}" for i in range(COUNT)]
        for number in numbers:
            result = submit(db, invoice_json(number), f"{number}.json", output_format=store.OutputFormat.UBL)
            assert result.ok, result.error
        env = {
            **os.environ,
            "BORDEREAU_PLATFORM": "sandbox",
            "BORDEREAU_SANDBOX_URL": url,
            "BORDEREAU_DATABASE_URL": pg_url,
            "BORDEREAU_TIMEOUT": "60",
        }
        env.pop("BORDEREAU_CONFIG", None)
        log = (tmp_path / "workers.log").open("ab")
        started = time.monotonic()
        for _ in range(WORKERS):
            workers.append(
                subprocess.Popen(
                    [*CLI, "worker", "--concurrency", "4", "--lease", "60"],
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    cwd=tmp_path,
                )
            )
        deadline = started + 480
        while True:
            with db.read() as session:
                counts = store.count_by_state(session)
            if counts[S.INTEGRATED] == COUNT:
                break
            assert all(w.poll() is None for w in workers), (tmp_path / "workers.log").read_text()[-3000:]
            assert time.monotonic() < deadline, f"not all integrated in time: {counts}"
            time.sleep(1)
        elapsed = time.monotonic() - started
    finally:
        for process in workers:
            stop(process)
        stop(sandbox)

    with sqlite3.connect(tmp_path / "sandbox.db") as sandbox_db:
        doubles = sandbox_db.execute(
            "SELECT nom_fichier, COUNT(*) FROM flux GROUP BY nom_fichier HAVING COUNT(*) > 1"
        ).fetchall()
        flux = sandbox_db.execute("SELECT COUNT(*) FROM flux").fetchone()[0]
        integrated = sandbox_db.execute("SELECT COUNT(DISTINCT numero), COUNT(*) FROM invoices").fetchone()
    assert doubles == [], doubles
    assert flux == COUNT
    assert integrated == (COUNT, COUNT)
    with db.read() as session:
        assert store.count_by_state(session)[S.INTEGRATED] == COUNT
        rows = session.execute(
            select(store.Event.invoice_id, store.Event.data).where(store.Event.type == store.EventType.STATE)
        ).all()
    sends = Counter(invoice_id for invoice_id, data in rows if data.get("to") == "depositing")
    assert len(sends) == COUNT and set(sends.values()) == {1}  # each invoice sent once, by one worker
    report = store.verify_audit(db)
    assert report.ok, report.breaks[:5]
    assert report.invoices == COUNT
    db.close()
    print(f"\n{COUNT} invoices integrated by {WORKERS} workers in {elapsed:.0f} s ({COUNT / elapsed:.0f}/s)")
