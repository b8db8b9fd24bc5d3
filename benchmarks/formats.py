"""Reading a CEN CII example and writing it again, side by side with drafthorse.

Both sides parse the same bytes and serialize a checked document:
- bordereau: read the CII into the model, write UBL (and, second column, CII), each checked against its XSD;
- drafthorse: ``Document.parse`` then ``serialize``, which checks the Factur-X EN 16931 XSD. drafthorse
  compiles that XSD again on every call, so a second column gives it a schema compiled once, checked
  the same way we check ours: the ratio that counts is against that column.

Run: ``python benchmarks/formats.py [--repeat N]``. Prints the median time per document and the ratios.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import _path  # noqa: F401  (first: keeps this folder off the import path)
from drafthorse.models.document import Document as DrafthorseDocument
from lxml import etree

from bordereau.formats import read, write
from bordereau.formats.xsd import SCHEMA_DIR

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def median_ms(action: Callable[[], object], repeat: int) -> float:
    action()  # warm up: caches, compiled schemas
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()

    files = sorted((args.corpus / "en16931" / "cii").glob("*.xml"))
    if not files:
        print(f"no CII files under {args.corpus}", file=sys.stderr)
        return 1
    en16931 = etree.XMLSchema(etree.parse(str(SCHEMA_DIR / "facturx-en16931" / "Factur-X_EN16931.xsd")))

    def drafthorse_shipped(data: bytes) -> object:
        return DrafthorseDocument.parse(data).serialize(schema="FACTUR-X_EN16931")

    def drafthorse_precompiled(data: bytes) -> object:
        xml = DrafthorseDocument.parse(data).serialize(schema=None)
        return en16931.assertValid(etree.fromstring(xml))

    def ours(data: bytes, to: str) -> object:
        return write(read(data, "bench.xml").invoice, to, check_schema=True)

    header = (
        f"{'document':34} {'ours→UBL':>9} {'ours→CII':>9} {'dh+xsd':>9} {'dh shipped':>10} "
        f"{'ratio UBL':>9} {'ratio CII':>9}"
    )
    print(f"median ms per document, {args.repeat} runs each (dh = drafthorse, xsd compiled once)")
    print(header)
    print("-" * len(header))
    rows = []
    for path in files:
        data = path.read_bytes()
        try:
            drafthorse_precompiled(data)
        except Exception as exc:  # drafthorse refuses some valid CEN files; say so and go on
            print(f"{path.name:34} drafthorse cannot process it: {type(exc).__name__}: {str(exc)[:60]}")
            continue
        to_ubl = median_ms(lambda d=data: ours(d, "ubl"), args.repeat)
        to_cii = median_ms(lambda d=data: ours(d, "cii"), args.repeat)
        theirs = median_ms(lambda d=data: drafthorse_precompiled(d), args.repeat)
        shipped = median_ms(lambda d=data: drafthorse_shipped(d), max(3, args.repeat // 5))
        rows.append((to_ubl, to_cii, theirs, shipped))
        print(
            f"{path.name:34} {to_ubl:9.2f} {to_cii:9.2f} {theirs:9.2f} {shipped:10.2f} "
            f"{theirs / to_ubl:8.1f}× {theirs / to_cii:8.1f}×"
        )
    if not rows:
        return 1
    med = [statistics.median(column) for column in zip(*rows, strict=True)]
    print("-" * len(header))
    print(
        f"{'median of medians':34} {med[0]:9.2f} {med[1]:9.2f} {med[2]:9.2f} {med[3]:10.2f} "
        f"{med[2] / med[0]:8.1f}× {med[2] / med[1]:8.1f}×"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
