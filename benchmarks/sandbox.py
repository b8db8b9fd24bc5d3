"""How many deposits per second the Chorus Pro sandbox takes, and whether integration keeps up.

Starts ``bordereau sandbox serve`` on 127.0.0.1 (a free port, a fresh database), then concurrent httpx clients
deposit a 20-line UBL invoice (the first 20 lines of ``examples/facture-200-lignes.json``, a new number each
time) until the count or the time limit is reached, and the script waits for every flow to be integrated.
Target: 200 deposits per second on a 2-core machine, with integration keeping up.

    .venv/bin/python benchmarks/sandbox.py [--deposits 3000] [--concurrency 16] [--workers 1] [--seconds 60]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import _path  # noqa: F401  (first: keeps this folder off the import path)
import httpx

from bordereau import read, to_ubl

ROOT = Path(__file__).resolve().parents[1]

TARGET = 200.0
CLIENT = {"grant_type": "client_credentials", "client_id": "bordereau-sandbox", "client_secret": "sandbox-secret"}
ACCOUNT = base64.b64encode(b"TECH_ATELIERS_SAONE@sandbox.cpro.fr:Saone-Sandbox-2026").decode()
FINAL = ("IN_INTEGRE", "IN_INTEGRE_PARTIEL", "IN_REJETE", "IN_INCIDENTE")


def invoice_template() -> tuple[bytes, bytes]:
    """A 20-line UBL invoice and the bytes of its number, to be replaced on each deposit."""
    data = json.loads((ROOT / "examples" / "facture-200-lignes.json").read_text(encoding="utf-8"))
    data["lines"] = data["lines"][:20]
    number = data["number"].encode()
    return to_ubl(read(json.dumps(data).encode(), "bench.json").invoice), number


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, port: int, workers: int) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-c",
        "from bordereau.cli import app; app()",
        "sandbox",
        "serve",
        "--port",
        str(port),
        "--db",
        str(db),
        "--workers",
        str(workers),
        "--clock-speed",
        "10",
    ]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/sandbox/clock", timeout=1)
            return process
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the sandbox did not start")


async def deposit_all(
    base: str,
    template: bytes,
    number: bytes,
    count: int,
    concurrency: int,
    seconds: float,
    rate: float | None,
    run: str,
) -> tuple[list[float], float]:
    """Deposit up to ``count`` flows from ``concurrency`` clients (at ``rate`` per second, or as fast as they
    can); the latencies and the elapsed time."""
    bodies = []
    for i in range(count):
        unique = f"B{run}{int(time.time()) % 100000:05d}-{i:06d}".encode()
        document = template.replace(b">" + number + b"<", b">" + unique + b"<", 1)
        bodies.append(
            json.dumps(
                {
                    "fichierFlux": base64.b64encode(document).decode(),
                    "nomFichier": f"bench-{i}.xml",
                    "syntaxeFlux": "IN_DP_E1_UBL_INVOICE",
                    "avecSignature": False,
                }
            ).encode()
        )
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        token = (await client.post("/api/oauth/token", data=CLIENT)).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}", "cpro-account": ACCOUNT, "Content-Type": "application/json"}
    latencies: list[float] = []
    next_index = 0
    started = time.perf_counter()
    stop = started + seconds

    async def client_loop() -> None:
        nonlocal next_index
        async with httpx.AsyncClient(base_url=base, timeout=30, headers=headers) as client:
            while next_index < count and time.perf_counter() < stop:
                index = next_index
                body = bodies[index]
                next_index += 1
                if rate:
                    delay = started + index / rate - time.perf_counter()
                    if delay > 0:
                        await asyncio.sleep(delay)
                begin = time.perf_counter()
                answer = await client.post("/cpro/factures/v1/deposer/flux", content=body)
                latencies.append(time.perf_counter() - begin)
                if answer.status_code != 200 or answer.json().get("codeRetour") != 0:
                    raise SystemExit(f"deposit refused: {answer.status_code} {answer.text[:200]}")

    await asyncio.gather(*(client_loop() for _ in range(concurrency)))
    return latencies, time.perf_counter() - started


def wait_integrated(base: str, expected: int, limit: float) -> tuple[dict[str, int], float]:
    begin = time.perf_counter()
    states: dict[str, int] = {}
    while time.perf_counter() - begin < limit:
        states = httpx.get(f"{base}/sandbox", timeout=10).json()["flux_par_etat"]
        if sum(states.get(s, 0) for s in FINAL) >= expected:
            break
        time.sleep(0.1)
    return states, time.perf_counter() - begin


def phase(
    base: str, template: bytes, number: bytes, args: argparse.Namespace, rate: float | None, run: str, already: int
) -> list[tuple[str, str, str]]:
    """One run of deposits, then the wait for integration; the table rows it gives."""
    count = int(rate * args.paced_seconds) if rate else args.deposits
    latencies, elapsed = asyncio.run(
        deposit_all(base, template, number, count, args.concurrency, args.seconds, rate, run)
    )
    states, lag = wait_integrated(base, already + len(latencies), 180)
    done = len(latencies)
    integrated = states.get("IN_INTEGRE", 0) - already
    latencies.sort()
    title = f"paced at {rate:.0f}/s" if rate else "as fast as the clients go"
    return [
        (f"[{title}] deposits", f"{done}", f"{args.concurrency} concurrent clients"),
        ("  deposit rate", f"{done / elapsed:.0f}/s", f"{done / elapsed / TARGET:.2f}x target ({TARGET:.0f}/s)"),
        ("  deposit latency, median", f"{statistics.median(latencies) * 1000:.1f} ms", ""),
        ("  deposit latency, p95", f"{latencies[int(0.95 * (done - 1))] * 1000:.1f} ms", ""),
        ("  integrated (IN_INTEGRE)", f"{integrated}/{done}", ""),
        ("  integration lag after last deposit", f"{lag:.2f} s", "time until the last flow was integrated"),
        (
            "  integrated per second, end to end",
            f"{integrated / (elapsed + lag):.0f}/s",
            f"{integrated / (elapsed + lag) / TARGET:.2f}x target",
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deposits", type=int, default=3000, help="deposits of the unpaced run")
    parser.add_argument("--rate", type=float, default=TARGET, help="deposits per second of the paced run (0: skip)")
    parser.add_argument("--paced-seconds", type=float, default=10, help="length of the paced run")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="integration worker processes of the server")
    parser.add_argument("--seconds", type=float, default=60, help="stop depositing after this long")
    args = parser.parse_args()
    template, number = invoice_template()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory() as folder:
        server = start_server(Path(folder) / "bench.db", port, args.workers)
        try:
            if args.rate:
                rows += phase(base, template, number, args, args.rate, "P", 0)
            already = httpx.get(f"{base}/sandbox", timeout=10).json()["flux_par_etat"].get("IN_INTEGRE", 0)
            rows += phase(base, template, number, args, None, "U", already)
        finally:
            server.terminate()
            server.wait(30)
    width = max(len(r[0]) for r in rows)
    print(f"Chorus Pro sandbox, 20-line UBL invoice, {os.cpu_count()} CPU(s), {args.workers} integration worker(s)")
    for name, value, note in rows:
        print(f"  {name:<{width}}  {value:>10}  {note}")


if __name__ == "__main__":
    main()
