"""The whole journey, timed: JSON invoices checked, rendered as Factur-X, deposited, integrated, followed to payment.

Starts ``bordereau sandbox serve`` on 127.0.0.1 (its own process, two integration workers, a clock running a day per
second so that the ministry's 20-day payment script plays out in seconds), takes ``--count`` JSON invoices in (the
minimal example, a new number each), then runs dispatch workers until every invoice is ``MISE_EN_PAIEMENT``:

1. SQLite and one worker process;
2. PostgreSQL (``BORDEREAU_TEST_POSTGRES_URL``, a schema of its own) and two worker processes.

For each it prints invoices per second (intake included), the share of time per stage (summed over the workers'
threads), and the peak memory of the worker processes, sampled as the run goes (it must stay flat: < 500 MB).
Tracking reads only the searches here (no history look-ups): with a day per second, every invoice skips steps between
two passes, which the real platform's pace does not cause.

    .venv/bin/python benchmarks/dispatch.py [--count 10000] [--concurrency 4] [--skip-postgres]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any

import _path  # noqa: F401  (first: keeps this folder off the import path)
import httpx

ROOT = Path(__file__).resolve().parents[1]
CLOCK_SPEED = 86400.0  # a day per second
PAID = "MISE_EN_PAIEMENT"
MEMORY_LIMIT_MB = 500


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_sandbox(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    command = [sys.executable, "-c", "from bordereau.cli import app; app()", "sandbox", "serve"]
    command += ["--port", str(port), "--db", str(folder / "sandbox.db"), "--workers", "2"]
    command += ["--clock-speed", str(CLOCK_SPEED)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/sandbox/clock", timeout=1).status_code == 200:
                return process, url
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the sandbox did not start")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            process.kill()


def rss_mb(pid: int) -> float:
    """A process's resident memory now (Linux), in MB; 0 when unknown."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def intake(database_url: str, count: int) -> float:
    """Store ``count`` JSON invoices (read, checked for what the store needs); seconds taken."""
    from bordereau import store
    from bordereau.dispatch.intake import submit

    template = json.loads((ROOT / "examples" / "minimal.json").read_text(encoding="utf-8"))
    run = uuid.uuid4().hex[:4].upper()
    db = store.open_store(database_url)
    started = time.perf_counter()
    for i in range(count):
        template["number"] = f"B{run}-{i:07d}"
        data = json.dumps(template).encode()
        result = submit(db, data, f"{template['number']}.json", output_format=store.OutputFormat.FACTURX)
        if not result.ok:
            raise SystemExit(result.error)
    seconds = time.perf_counter() - started
    db.close()
    return seconds


def paid(database_url: str) -> tuple[int, int]:
    from bordereau import store

    db = store.open_store(database_url, migrate=False)
    try:
        with db.read() as session:
            by_status = store.count_by_platform_status(session)
            total = sum(store.count_by_state(session).values())
    finally:
        db.close()
    return by_status.get(PAID, 0), total


def journey(name: str, database_url: str, sandbox: str, workers: int, concurrency: int, count: int) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="bordereau-bench-"))
    print(f"[{name}] intake of {count} JSON invoices …", flush=True)
    intake_seconds = intake(database_url, count)
    env = {**os.environ, "BORDEREAU_SANDBOX_URL": sandbox, "BORDEREAU_DATABASE_URL": database_url}
    command = [sys.executable, str(Path(__file__).resolve()), "--as-worker", "--concurrency", str(concurrency)]
    started = time.perf_counter()
    processes = [
        subprocess.Popen([*command, "--stats", str(folder / f"worker-{i}.json")], env=env) for i in range(workers)
    ]
    samples: list[tuple[float, float]] = []  # (seconds since the workers started, MB of the largest worker)
    last = time.monotonic()
    try:
        while True:
            done, _total = paid(database_url)
            samples.append((time.perf_counter() - started, max(rss_mb(p.pid) for p in processes)))
            if done >= count:
                break
            if any(p.poll() is not None for p in processes):
                raise SystemExit(f"[{name}] a worker stopped early")
            if time.monotonic() - last > 30:
                print(f"[{name}]   {done}/{count} paid after {time.perf_counter() - started:.0f} s", flush=True)
                last = time.monotonic()
            time.sleep(1.0)
    finally:
        work_seconds = time.perf_counter() - started
        for process in processes:
            stop(process)
    stages: dict[str, float] = {"intake": intake_seconds}
    peaks = []
    for i in range(workers):
        stats = json.loads((folder / f"worker-{i}.json").read_text())
        peaks.append(stats["peak_mb"])
        for stage, seconds in stats["stages"].items():
            stages[stage] = stages.get(stage, 0.0) + seconds
    total = intake_seconds + work_seconds
    shutil.rmtree(folder, ignore_errors=True)
    return {
        "name": name,
        "count": count,
        "seconds": total,
        "rate": count / total,
        "stages": stages,
        "peak_mb": max(peaks),
        "samples": samples,
    }


def as_worker(args: argparse.Namespace) -> None:
    """One worker process: the pipeline until every invoice is paid, then its stage times and peak memory."""
    from bordereau.config import load_settings
    from bordereau.dispatch import service
    from bordereau.dispatch.worker import Worker

    d = service.open_dispatch(load_settings())
    d.options = replace(d.options, fill_history=False, batch=max(d.options.batch, args.concurrency * 4))
    worker = Worker(d, concurrency=args.concurrency)
    signal.signal(signal.SIGTERM, lambda *_: worker.stop())
    worker.run()
    service.close(d)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    Path(args.stats).write_text(json.dumps({"stages": worker.stats.stages, "peak_mb": peak}))


def postgres_url() -> tuple[str, Any] | None:
    base = os.environ.get("BORDEREAU_TEST_POSTGRES_URL")
    if not base:
        return None
    from sqlalchemy import text

    from bordereau.store.engine import make_engine, normalize_url

    schema = f"bordereau_bench_{uuid.uuid4().hex[:8]}"
    admin = make_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))

    def drop() -> None:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    url = normalize_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False), drop


def report(results: list[dict[str, Any]]) -> None:
    print()
    print(f"dispatch journey, {os.cpu_count()} CPU(s), Factur-X, sandbox clock x{CLOCK_SPEED:g}, 2 integration workers")
    head = f"  {'configuration':<28}{'invoices':>9}{'seconds':>9}{'per second':>12}{'peak MB':>10}"
    print(head)
    for result in results:
        print(
            f"  {result['name']:<28}{result['count']:>9}{result['seconds']:>9.0f}{result['rate']:>12.1f}"
            f"{result['peak_mb']:>10.0f}" + ("" if result["peak_mb"] < MEMORY_LIMIT_MB else "  over 500 MB")
        )
    for result in results:
        total = sum(result["stages"].values()) or 1.0
        shares = sorted(result["stages"].items(), key=lambda item: -item[1])
        print(f"  share of time, {result['name']}:")
        for stage, seconds in shares:
            print(f"    {stage:<12}{100 * seconds / total:>6.1f} %  {seconds:>9.1f} s")
        samples = result["samples"]
        end = samples[-1][0] if samples else 0.0
        marks = []
        for share in (0.25, 0.5, 0.75, 1.0):
            at = next((mb for elapsed, mb in samples if elapsed >= share * end), None)
            if at is not None:
                marks.append(f"{int(share * 100)}%: {at:.0f} MB")
        print("  largest worker's memory through the run: " + ", ".join(marks))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=10_000, help="invoices per configuration")
    parser.add_argument("--concurrency", type=int, default=4, help="threads per worker process")
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--as-worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--stats", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.as_worker:
        as_worker(args)
        return
    results = []
    with tempfile.TemporaryDirectory(prefix="bordereau-bench-") as folder:
        sandbox, url = start_sandbox(Path(folder))
        try:
            sqlite = f"sqlite:///{Path(folder) / 'bordereau.db'}"
            results.append(journey("SQLite, 1 worker", sqlite, url, 1, args.concurrency, args.count))
            pg = None if args.skip_postgres else postgres_url()
            if pg is None and not args.skip_postgres:
                print("BORDEREAU_TEST_POSTGRES_URL is not set: PostgreSQL skipped", flush=True)
            if pg is not None:
                pg_url, drop = pg
                try:
                    results.append(journey("PostgreSQL, 2 workers", pg_url, url, 2, args.concurrency, args.count))
                finally:
                    drop()
        finally:
            stop(sandbox)
    report(results)


if __name__ == "__main__":
    main()
