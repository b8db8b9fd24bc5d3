"""Every finding of every rule set on the reference corpus, written down, and two such snapshots compared.

A change to the rules that must not change any verdict (a speed-up, a new profile) is checked by taking a snapshot
before it and one after, and comparing them: every XML file of the corpus and every document of the CEN unit tests
(``en16931/unit-*``), with all the rule sets, in English and in French. The comparison lists each document whose
findings differ (rule, severity, BTs, location, message, order); documents of the profiles named with ``--allow``
(found from their BT-24) may differ, any other difference makes it fail.

    python tools/findings_snapshot.py dump before.json [--corpus DIR]
    python tools/findings_snapshot.py compare before.json after.json [--allow extended]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SETS = ("en16931", "fr", "chorus")
LANGS = ("en", "fr")


def documents(corpus: Path) -> Iterator[tuple[str, bytes]]:
    """(name, bytes) of each XML file of the corpus, then of each CEN unit test's document."""
    sys.path.insert(0, str(ROOT))
    from tests.rules.vefa import load  # the unit test reader lives with the tests

    for path in sorted(corpus.rglob("*.xml")):
        name = path.relative_to(corpus).as_posix()
        if path.parent.name.startswith("unit-"):
            for test in load(path):
                yield f"{name}#{test.number}", test.document
        else:
            yield name, path.read_bytes()


def snapshot(name: str, data: bytes) -> dict[str, Any]:
    """The profile a document declares and its findings (or the error that stopped its reading)."""
    from bordereau.formats import read
    from bordereau.formats.xsd import PROFILE_OF_GUIDELINE
    from bordereau.rules import run

    try:
        document = read(data, name, strict=False)
    except Exception as error:  # a file the readers refuse: the refusal is its verdict
        return {"profile": None, "error": f"{type(error).__name__}: {error}"}
    declared = document.invoice.process.specification_id or ""
    profile = PROFILE_OF_GUIDELINE.get(declared, "en16931") if document.syntax == "cii" else "en16931"
    found: dict[str, Any] = {"profile": profile}
    for lang in LANGS:
        report = run(document, SETS, lang=lang)
        found[lang] = [[f.rule, f.severity, f.bt, f.location, f.message] for f in report.findings]
    return found


def dump(out: Path, corpus: Path) -> None:
    result = {name: snapshot(name, data) for name, data in documents(corpus)}
    out.write_text(json.dumps(result, ensure_ascii=False, indent=0, sort_keys=True), encoding="utf-8")
    print(f"{len(result)} documents written to {out}")


def compare(before: Path, after: Path, allow: set[str]) -> int:
    old = json.loads(before.read_text(encoding="utf-8"))
    new = json.loads(after.read_text(encoding="utf-8"))
    bad = allowed = 0
    for name in sorted(old.keys() | new.keys()):
        if old.get(name) == new.get(name):
            continue
        profile = (old.get(name) or new.get(name) or {}).get("profile")
        if profile in allow:
            allowed += 1
            print(f"differs, allowed ({profile}): {name}")
        else:
            bad += 1
            print(f"DIFFERS: {name}")
    print(f"{len(old)} documents before, {len(new)} after; {bad} differ, {allowed} differ where allowed")
    return 1 if bad else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    take = commands.add_parser("dump", help="write the findings of the corpus to a JSON file")
    take.add_argument("out", type=Path)
    take.add_argument("--corpus", type=Path, default=CORPUS)
    check = commands.add_parser("compare", help="compare two snapshots")
    check.add_argument("before", type=Path)
    check.add_argument("after", type=Path)
    check.add_argument("--allow", action="append", default=[], help="a profile whose documents may differ")
    args = parser.parse_args()
    if args.command == "dump":
        dump(args.out, args.corpus)
        return 0
    return compare(args.before, args.after, set(args.allow))


if __name__ == "__main__":
    sys.exit(main())
