"""Converting invoice files from one syntax to another: where each output goes, and the conversion itself."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import formats
from .errors import InputError
from .formats.xml import Unmapped

EXTENSIONS = {"ubl": ".xml", "cii": ".xml", "json": ".json"}
STDOUT = "-"


@dataclass(frozen=True, slots=True)
class Converted:
    data: bytes
    unmapped: list[Unmapped]


def convert_file(path: Path, to: str) -> Converted:
    """Read ``path`` in whatever syntax it is and write it in ``to``; raises a one-line BordereauError."""
    document = formats.read_file(path)
    return Converted(formats.write(document.invoice, to), document.unmapped)


def plan(inputs: list[Path], to: str, out: str | None) -> list[tuple[Path, Path | None]]:
    """Pair each input with its output file (``None``: standard output).

    One input goes to ``out`` as a file (or standard output); several inputs go into the folder ``out``,
    each as ``<name>.<syntax><ext>``. Two inputs that would land on the same output, or an output that
    would overwrite an input, are refused before anything is written.
    """
    if len(inputs) == 1 and (out is None or out == STDOUT or not Path(out).is_dir()):
        return [(inputs[0], None if out in (None, STDOUT) else Path(out))]
    if out is None or out == STDOUT:
        raise InputError("several inputs need -o/--output naming a folder for the results")
    folder = Path(out)
    if folder.exists() and not folder.is_dir():
        raise InputError("several inputs need a folder as output, and this is a file", source=out)
    pairs: list[tuple[Path, Path | None]] = []
    taken: dict[Path, Path] = {}
    sources = {p.resolve() for p in inputs}
    for path in inputs:
        target = folder / f"{path.stem}.{to}{EXTENSIONS[to]}"
        resolved = target.resolve()
        if resolved in taken:
            raise InputError(f"{taken[resolved]} and {path} would both be written to {target}")
        if resolved in sources:
            raise InputError(f"converting {path} would overwrite an input file: {target}")
        taken[resolved] = path
        pairs.append((path, target))
    return pairs
