"""Converting invoice files from one syntax to another: where each output goes, and the conversion itself."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import formats
from .errors import InputError
from .formats.xml import Unmapped
from .model import Invoice

EXTENSIONS = {"ubl": ".xml", "cii": ".xml", "json": ".json", "facturx": ".pdf", "pdf": ".pdf"}
STDOUT = "-"


@dataclass(frozen=True, slots=True)
class Options:
    """How to write: the Factur-X profile, the language of the legible page, an ERP's PDF to carry the data."""

    profile: str | None = None
    lang: str = "fr"
    pdf: Path | None = None

    def check(self, to: str, inputs: int) -> None:
        """Refuse combinations that make no sense before anything is read or written."""
        if self.pdf is not None and to != "facturx":
            raise InputError("--pdf only goes with --to facturx (it is the legible part of a Factur-X)")
        if self.pdf is not None and inputs > 1:
            raise InputError("--pdf takes one ERP PDF for one invoice: convert the invoices one at a time")
        if self.profile is not None and to not in ("facturx", "cii"):
            raise InputError("--profile only goes with --to facturx or --to cii")

    def erp_pdf(self) -> bytes | None:
        if self.pdf is None:
            return None
        return formats.load(self.pdf)


def render(invoice: Invoice, to: str, options: Options) -> bytes:
    """``invoice`` written as ``to``; Factur-X and PDF are imported only when asked for (pikepdf)."""
    if to == "facturx":
        from .formats import facturx

        profile = options.profile or "en16931"
        source = str(options.pdf) if options.pdf else "PDF"
        return facturx.write(invoice, profile=profile, lang=options.lang, pdf=options.erp_pdf(), pdf_source=source)
    if to == "pdf":
        from .formats import pdf

        return pdf.render(invoice, lang=options.lang)
    if to == "cii" and options.profile is not None:
        from .formats import cii

        return cii.write(invoice, profile=options.profile)
    return formats.write(invoice, to)


@dataclass(frozen=True, slots=True)
class Converted:
    data: bytes
    unmapped: list[Unmapped]


def convert_file(path: Path, to: str, options: Options | None = None) -> Converted:
    """Read ``path`` in whatever syntax it is and write it in ``to``; raises a one-line BordereauError."""
    document = formats.read_file(path)
    return Converted(render(document.invoice, to, options or Options()), document.unmapped)


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
        # <name>.<syntax><ext>; the legible PDF is simply <name>.pdf
        target = folder / (f"{path.stem}.pdf" if to == "pdf" else f"{path.stem}.{to}{EXTENSIONS[to]}")
        resolved = target.resolve()
        if resolved in taken:
            raise InputError(f"{taken[resolved]} and {path} would both be written to {target}")
        if resolved in sources:
            raise InputError(f"converting {path} would overwrite an input file: {target}")
        taken[resolved] = path
        pairs.append((path, target))
    return pairs
