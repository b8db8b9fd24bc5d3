"""Validating the valid corpus, native engine against the official XSLTs run through Saxon.

Both engines validate the same documents (the valid EN 16931 UBL and CII examples and the Factur-X 1.09
EN 16931 and BASIC examples), repeated in turn up to ``--documents`` (2,500 by default), in the same run:

- native: the bytes read leniently (``bordereau.formats.read(..., strict=False)``) and every ``en16931`` rule,
  the XSD first, run on the result (``bordereau.rules.run``);
- official: :class:`~bordereau.rules.official.OfficialEngine`, the CEN UBL stylesheet and the Factur-X EN 16931
  stylesheet (which embeds the CEN CII rules) compiled once in its worker process before the clock starts; each
  document is parsed by the parent, sent to the worker, transformed, and its SVRL read back.

Whole process for whole process: each total is the wall time of the whole loop over the documents, everything the
caller waits for included. The native engine goes first, before Saxon's worker exists; then the official one.
With ``--rounds`` above one, both loops run again and each engine keeps its fastest round (``timeit``'s rule: the
least disturbed run says the most on a shared machine); every round's ratio is printed too. Memory: the resident
set size of this process (and of Saxon's worker) at 0 %, 50 % and 100 % of each engine's first round, and at the
end of its last; it must stay flat.

Run: ``python benchmarks/validate.py [--documents N] [--rounds N] [--corpus DIR]``.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import _path  # noqa: F401  (first: keeps this folder off the import path)

from bordereau.formats import read
from bordereau.rules import run
from bordereau.rules.official import OfficialEngine, OfficialEngineError

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def corpus_files(root: Path) -> list[tuple[str, bytes]]:
    """(syntax, bytes) of every valid file the benchmark validates."""
    groups = [
        ("ubl", sorted((root / "en16931" / "ubl").glob("*"))),
        ("cii", sorted((root / "en16931" / "cii").glob("*.xml"))),
        ("cii", sorted((root / "facturx-1.09" / "en16931").glob("*.xml"))),
        ("cii", sorted((root / "facturx-1.09" / "basic").glob("*.xml"))),
    ]
    return [(syntax, path.read_bytes()) for syntax, paths in groups for path in paths if path.is_file()]


def rss_kib(pid: int | str = "self") -> int | None:
    """Resident set size in KiB from /proc (None where there is no /proc, or the process is gone)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def timed_loop(
    documents: list[tuple[str, bytes]], validate: Callable[[str, bytes], int], worker: Callable[[], int | None]
) -> tuple[float, list[float], list[tuple[int | None, int | None]], int]:
    """Total wall seconds, the time of each document, RSS (this process, the worker) at 0/50/100 %, findings."""
    gc.collect()
    memory = [(rss_kib(), worker())]
    half = len(documents) // 2
    timings: list[float] = []
    findings = 0
    started = time.perf_counter()
    for index, (syntax, data) in enumerate(documents, 1):
        begin = time.perf_counter()
        findings += validate(syntax, data)
        timings.append(time.perf_counter() - begin)
        if index == half:
            memory.append((rss_kib(), worker()))
    total = time.perf_counter() - started
    memory.append((rss_kib(), worker()))
    return total, timings, memory, findings


def mib(kib: int | None) -> str:
    return "n/a" if kib is None else f"{kib / 1024:.1f}"


def memory_row(label: str, values: list[int | None]) -> str:
    """RSS at 0, 50 and 100 % of the first round, then at the end of the last one."""
    return f"{label:24} " + " ".join(f"{mib(v):>8}" for v in values[:3]) + f" {mib(values[3]):>10}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=2500)
    parser.add_argument("--rounds", type=int, default=3, help="runs of each engine; the fastest counts")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()

    files = corpus_files(args.corpus)
    if not files:
        print(f"no corpus files under {args.corpus}", file=sys.stderr)
        return 1
    documents = [files[i % len(files)] for i in range(args.documents)]

    def native(syntax: str, data: bytes) -> int:
        return len(run(read(data, "bench.xml", strict=False), ("en16931",)).findings)

    # Each engine is warmed up on every distinct file first (imports, compiled XSDs, the worker's first transforms).
    for syntax, data in files:
        native(syntax, data)
    natives = [timed_loop(documents, native, lambda: None) for _ in range(args.rounds)]

    try:
        engine = OfficialEngine()
        compiled = {syntax: engine.prepare(syntax) for syntax in ("ubl", "cii")}
    except OfficialEngineError as error:
        print(f"the official engine is not available: {error}", file=sys.stderr)
        return 1

    def official(syntax: str, data: bytes) -> int:
        return len(engine.validate(data, syntax, ("en16931",), source="bench.xml"))

    for syntax, data in files:
        official(syntax, data)
    officials = [timed_loop(documents, official, lambda: rss_kib(engine.pid or 0)) for _ in range(args.rounds)]
    engine.close()

    n_total, n_times, _, n_findings = min(natives, key=lambda r: r[0])
    o_total, o_times, _, o_findings = min(officials, key=lambda r: r[0])
    n_memory = [*natives[0][2], natives[-1][2][-1]]
    o_memory = [*officials[0][2], officials[-1][2][-1]]
    n_median = statistics.median(n_times) * 1000
    o_median = statistics.median(o_times) * 1000
    print(
        f"{len(documents)} documents ({len(files)} distinct: "
        f"{sum(s == 'ubl' for s, _ in files)} UBL, {sum(s == 'cii' for s, _ in files)} CII)"
    )
    for name, seconds in compiled.items():
        for sheet, spent in seconds.items():
            print(f"official stylesheet compiled once, not timed: {sheet} ({name}) {spent:.2f} s")
    header = f"{'engine':10} {'median ms/doc':>13} {'mean ms/doc':>11} {'total s':>8} {'findings':>8}"
    print()
    print(header)
    print("-" * len(header))
    for name, total, times, found in (
        ("native", n_total, n_times, n_findings),
        ("official", o_total, o_times, o_findings),
    ):
        median = statistics.median(times) * 1000
        print(f"{name:10} {median:13.2f} {total / len(times) * 1000:11.2f} {total:8.2f} {found:8}")
    print()
    print(f"ratio official / native: {o_total / n_total:.1f}x on totals, {o_median / n_median:.1f}x on medians")
    if args.rounds > 1:
        rounds = ", ".join(f"{o[0] / n[0]:.1f}x" for n, o in zip(natives, officials, strict=True))
        print(f"ratio on totals, round by round: {rounds}")
    print()
    print(f"{'RSS MiB':24} {'0 %':>8} {'50 %':>8} {'100 %':>8} {'last round':>10}")
    print(memory_row("native (this process)", [m[0] for m in n_memory]))
    print(memory_row("official (this process)", [m[0] for m in o_memory]))
    print(memory_row("official (Saxon worker)", [m[1] for m in o_memory]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
