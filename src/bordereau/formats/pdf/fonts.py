"""The embedded fonts: DejaVu Sans subsets built ahead of time, with their metrics.

A PDF/A must embed every font it uses. Subsetting a font for each document is what makes general PDF libraries
slow, so bordereau ships fixed subsets (``tools/subset_fonts.py``): the ``latin`` repertoire covers nearly every
invoice and is embedded as the same bytes each time; the ``wide`` one (Greek, Cyrillic, more Latin) is taken only
when a document needs it. A glyph has the same width in both, so the layout does not depend on the choice.

Text is written with ``Identity-H`` (two-byte glyph ids), and a ToUnicode map lets readers extract it.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

ASSETS = Path(__file__).resolve().parents[1] / "assets"
FONTS = ASSETS / "fonts"

REGULAR = "regular"
BOLD = "bold"
_FILES = {REGULAR: "DejaVuSans", BOLD: "DejaVuSans-Bold"}
# The six-letter tag that marks an embedded font as a subset (ISO 32000-1, 9.6.4).
_TAGS = {("regular", "latin"): "BDXLRG", ("bold", "latin"): "BDXLBD", ("regular", "wide"): "BDXWRG"}
_TAGS[("bold", "wide")] = "BDXWBD"


@dataclass(slots=True)
class FontProgram:
    """One subset font: what the layout measures with and what the PDF embeds."""

    weight: str
    repertoire: str
    postscript_name: str
    path: Path
    metrics: dict
    widths_by_char: dict[str, int] = field(default_factory=dict)
    codes_by_ord: dict[int, str] = field(default_factory=dict)

    @property
    def base_font(self) -> str:
        return f"{_TAGS[(self.weight, self.repertoire)]}+{self.postscript_name}"

    def covers(self, characters: set[str]) -> bool:
        return characters <= self.widths_by_char.keys()

    def encode(self, text: str) -> str:
        """``text`` as the body of a PDF literal string of two-byte glyph ids, one char per byte (latin-1)."""
        return text.translate(self.codes_by_ord)

    @property
    def program(self) -> bytes:
        return _compressed_program(self.path)

    @property
    def program_length(self) -> int:
        return _program_length(self.path)

    @property
    def to_unicode(self) -> bytes:
        return _to_unicode(self.weight, self.repertoire)

    @property
    def w_array(self) -> list:
        """The CIDFont ``/W`` array: every glyph's width, from glyph 0 on."""
        return [0, list(self.metrics["widths"])]


def _load(weight: str, repertoire: str) -> FontProgram:
    stem = f"{_FILES[weight]}-{repertoire}"
    metrics = json.loads((FONTS / f"{stem}.json").read_text(encoding="utf-8"))
    widths = metrics["widths"]
    font = FontProgram(weight, repertoire, metrics["postscript_name"], FONTS / f"{stem}.ttf", metrics)
    for codepoint, gid in metrics["cmap"].items():
        char = chr(int(codepoint))
        font.widths_by_char[char] = widths[gid]
        font.codes_by_ord[ord(char)] = _literal(gid >> 8) + _literal(gid & 0xFF)
    return font


def _literal(byte: int) -> str:
    """One byte inside a PDF literal string: parentheses and backslash escaped, line ends spelt out."""
    if byte in (0x28, 0x29, 0x5C):
        return "\\" + chr(byte)
    return {0x0D: "\\r", 0x0A: "\\n"}.get(byte, chr(byte))


@cache
def font(weight: str, repertoire: str = "latin") -> FontProgram:
    return _load(weight, repertoire)


@cache
def _compressed_program(path: Path) -> bytes:
    return zlib.compress(path.read_bytes(), 9)


@cache
def _program_length(path: Path) -> int:
    return path.stat().st_size


@cache
def _to_unicode(weight: str, repertoire: str) -> bytes:
    """A ToUnicode CMap from glyph ids to characters (the first character mapped to a glyph wins)."""
    program = font(weight, repertoire)
    by_gid: dict[int, int] = {}
    for codepoint, gid in sorted(program.metrics["cmap"].items(), key=lambda item: int(item[0])):
        by_gid.setdefault(gid, int(codepoint))
    entries = sorted(by_gid.items())
    out = [
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
        "1 begincodespacerange <0000> <FFFF> endcodespacerange",
    ]
    for start in range(0, len(entries), 100):
        chunk = entries[start : start + 100]
        out.append(f"{len(chunk)} beginbfchar")
        out.extend(f"<{gid:04X}> <{_utf16(codepoint)}>" for gid, codepoint in chunk)
        out.append("endbfchar")
    out += ["endcmap CMapName currentdict /CMap defineresource pop end end"]
    return zlib.compress("\n".join(out).encode("ascii"), 9)


def _utf16(codepoint: int) -> str:
    return chr(codepoint).encode("utf-16-be").hex().upper()


def measuring(weight: str) -> FontProgram:
    """The font the layout measures ``weight`` with: the wide repertoire, a superset of the latin one."""
    return font(weight, "wide")


def choose_repertoire(characters: set[str]) -> str:
    """``latin`` when it has every character the document uses, else ``wide``."""
    return "latin" if font(REGULAR, "latin").covers(characters) else "wide"
