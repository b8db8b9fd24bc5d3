"""Build the fonts that the legible PDF embeds, from DejaVu Sans, and their metrics.

Two repertoires per weight: ``latin`` (French and the other Latin-script languages of Europe: what nearly every
invoice needs, small enough to embed in each PDF) and ``wide`` (Latin, Greek, Cyrillic and the usual symbols: used
only when a document needs a character that ``latin`` lacks). The glyphs are fixed ahead of time, so that writing a
PDF never subsets a font: the embedded program is the same bytes every time, which keeps rendering fast.

Each font gets a metrics file beside it (unicode → glyph id, advance widths in 1/1000 em, the font descriptor's
values), so that bordereau needs no font library at run time.

Run with fontTools installed, pointing at the folder that holds DejaVuSans.ttf and DejaVuSans-Bold.ttf (on Debian,
the fonts-dejavu-core package's truetype/dejavu folder):

    python tools/subset_fonts.py --source FOLDER
"""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

OUTPUT = Path(__file__).resolve().parents[1] / "src" / "bordereau" / "formats" / "assets" / "fonts"
WEIGHTS = {"regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf"}

_PUNCTUATION = [*range(0x2000, 0x2028), *range(0x202F, 0x2050)]
_SYMBOLS = [0x20AC, 0x20A4, 0x20A3, 0x20BD, 0x20B9, 0x2116, 0x2122, 0x2190, 0x2192, 0x2212, 0x2248, 0x2260, 0x2264]
LATIN = sorted(
    {
        *range(0x20, 0x7F),
        *range(0xA0, 0x180),
        *range(0x218, 0x21C),
        *range(0x2C6, 0x2C8),
        *range(0x2D8, 0x2DE),
        *_PUNCTUATION,
        *_SYMBOLS,
        0x2265,
        0x25CF,
        0xFFFD,
    }
)
WIDE = sorted(
    {
        *LATIN,
        *range(0x180, 0x250),
        *range(0x2B0, 0x370),
        *range(0x370, 0x400),
        *range(0x400, 0x530),
        *range(0x1E00, 0x1F00),
        *range(0x2070, 0x20A0),
        *range(0x20A0, 0x20C1),
        *range(0x2100, 0x2150),
        *range(0x2150, 0x2190),
    }
)
REPERTOIRES = {"latin": LATIN, "wide": WIDE}


def _subset(source: Path, unicodes: list[int]) -> TTFont:
    font = TTFont(source)
    options = subset.Options()
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "kern", "FFTM", "BASE", "JSTF", "MATH"]
    options.hinting = False
    options.notdef_outline = True
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.glyph_names = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    return font


def _metrics(font: TTFont) -> dict:
    upem = font["head"].unitsPerEm
    scale = 1000 / upem
    order = font.getGlyphOrder()
    hmtx = font["hmtx"].metrics
    cmap = {str(cp): font.getGlyphID(name) for cp, name in sorted(font.getBestCmap().items())}
    os2 = font["OS/2"]
    head = font["head"]
    return {
        "postscript_name": font["name"].getDebugName(6),
        "units_per_em": upem,
        "ascent": round(font["hhea"].ascent * scale),
        "descent": round(font["hhea"].descent * scale),
        "cap_height": round(getattr(os2, "sCapHeight", 0) * scale) or round(font["hhea"].ascent * scale),
        "bbox": [round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)],
        "italic_angle": font["post"].italicAngle,
        "weight": os2.usWeightClass,
        "widths": [round(hmtx[name][0] * scale) for name in order],
        "cmap": cmap,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", type=Path, required=True, help="folder holding the DejaVu Sans TrueType files")
    args = parser.parse_args()
    OUTPUT.mkdir(parents=True, exist_ok=True)
    for filename in WEIGHTS.values():
        for repertoire, unicodes in REPERTOIRES.items():
            font = _subset(args.source / filename, unicodes)
            buffer = io.BytesIO()
            font.save(buffer)
            stem = f"{Path(filename).stem}-{repertoire}"
            (OUTPUT / f"{stem}.ttf").write_bytes(buffer.getvalue())
            metrics = _metrics(TTFont(io.BytesIO(buffer.getvalue())))
            (OUTPUT / f"{stem}.json").write_text(json.dumps(metrics, separators=(",", ":")) + "\n", encoding="utf-8")
            print(f"{stem}: {len(metrics['widths'])} glyphs, {len(buffer.getvalue())} bytes")


if __name__ == "__main__":
    main()
