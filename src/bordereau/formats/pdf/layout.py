"""A small page-layout engine: measured and wrapped text, key-value fields, tables that break across pages.

General PDF libraries spend most of their time in generic machinery (flowables, styles, font subsetting). An
invoice needs little: text in one typeface at a few sizes, rules and shaded boxes, one table that may run over
many pages with its header repeated. This module does exactly that and records drawing operations; ``document``
turns them into PDF content streams once the page count is known (for "page n / N").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import NamedTuple

from .fonts import BOLD, REGULAR, measuring

PAGE_WIDTH = 595.28
PAGE_HEIGHT = 841.89
MARGIN = 40.0
TOP = 40.0
BOTTOM = 62.0  # room for the footer
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN

Color = tuple[float, float, float]
INK: Color = (0.11, 0.12, 0.15)
MUTED: Color = (0.40, 0.43, 0.48)
RULE: Color = (0.80, 0.82, 0.86)
SHADE: Color = (0.95, 0.96, 0.97)


class Style(NamedTuple):
    weight: str
    size: float
    color: Color
    leading: float  # the distance between two baselines

    @classmethod
    def of(cls, weight: str = REGULAR, size: float = 8.0, color: Color = INK) -> Style:
        return cls(weight, size, color, size * 1.28)


BODY = Style.of()
SMALL = Style.of(size=7.0, color=MUTED)
STRONG = Style.of(weight=BOLD)


@cache
def _known() -> frozenset[str]:
    """Characters both weights can draw; anything else is spelt out as its code point."""
    return frozenset(measuring(REGULAR).widths_by_char.keys() & measuring(BOLD).widths_by_char.keys())


def clean(text: str) -> str:
    """``text`` with only characters the fonts have: tabs become spaces, others ``[U+XXXX]`` (never a blank)."""
    known = _known()
    if known.issuperset(text):
        return text
    out = []
    for char in text:
        if char in known or char == "\n":
            out.append(char)
        elif char in "\t\r\f\v":
            out.append(" ")
        else:
            out.append(f"[U+{ord(char):04X}]")
    return "".join(out)


def width(text: str, style: Style) -> float:
    widths = measuring(style.weight).widths_by_char
    return sum(map(widths.__getitem__, text)) * style.size / 1000


def wrap(text: str, room: float, style: Style) -> list[str]:
    """``text`` broken into lines no wider than ``room`` points: at spaces, inside a word only when it must."""
    widths = measuring(style.weight).widths_by_char
    limit = room * 1000 / style.size
    if "\n" not in text and sum(map(widths.__getitem__, text)) <= limit:
        return [text]
    space = widths[" "]
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current: list[str] = []
        used = 0.0
        for word in paragraph.split(" "):
            size = sum(map(widths.__getitem__, word))
            if current and used + space + size <= limit:
                current.append(word)
                used += space + size
                continue
            if current:
                lines.append(" ".join(current))
            if size <= limit:
                current, used = [word], size
                continue
            pieces = _break_word(word, limit, widths)
            lines.extend(pieces[:-1])
            current, used = [pieces[-1]], sum(map(widths.__getitem__, pieces[-1]))
        lines.append(" ".join(current))
    return lines


def _break_word(word: str, limit: float, widths: dict[str, int]) -> list[str]:
    pieces, start, used = [], 0, 0.0
    for index, char in enumerate(word):
        used += widths[char]
        if used > limit and index > start:
            pieces.append(word[start:index])
            start, used = index, widths[char]
    pieces.append(word[start:])
    return pieces


# Drawing operations: ("T", x, y, text, style) text at a baseline; ("R", x, y, w, h, color) a filled box;
# ("L", x1, y1, x2, y2, line width, color) a rule; ("I", name, x, y, w, h) an image. PDF coordinates.
Op = tuple


@dataclass(slots=True)
class Canvas:
    pages: list[list[Op]] = field(default_factory=list)

    def new_page(self) -> list[Op]:
        page: list[Op] = []
        self.pages.append(page)
        return page


class Column(NamedTuple):
    width: float
    align: str = "left"


# A table cell: paragraphs, each with its style.
Cell = list[tuple[str, Style]]
PAD_X = 3.0
PAD_Y = 2.5


class Flow:
    """A vertical cursor over pages: content goes down the page and onto a new one when it does not fit."""

    def __init__(self, canvas: Canvas, on_new_page: Callable[[Flow], None]) -> None:
        self.canvas = canvas
        self.on_new_page = on_new_page
        self.repeat: Callable[[], None] | None = None
        self.ops = canvas.new_page()
        self.y = TOP  # distance from the top edge

    # Page handling

    @property
    def room(self) -> float:
        return PAGE_HEIGHT - BOTTOM - self.y

    def ensure(self, height: float) -> None:
        if height > self.room and self.y > TOP + 1:
            self.break_page()

    def break_page(self) -> None:
        self.ops = self.canvas.new_page()
        self.y = TOP
        self.on_new_page(self)
        if self.repeat is not None:
            self.repeat()

    def space(self, height: float) -> None:
        self.y = min(self.y + height, PAGE_HEIGHT - BOTTOM)

    # Primitives (positions from the top-left corner)

    def text(self, x: float, top: float, text: str, style: Style) -> None:
        """Draw one line whose top is ``top`` points below the page's top edge."""
        if text:
            self.ops.append(("T", x, PAGE_HEIGHT - top - style.size * 0.93, text, style))

    def box(self, x: float, top: float, w: float, h: float, color: Color) -> None:
        self.ops.append(("R", x, PAGE_HEIGHT - top - h, w, h, color))

    def rule(self, x1: float, top: float, x2: float, thickness: float = 0.5, color: Color = RULE) -> None:
        y = PAGE_HEIGHT - top
        self.ops.append(("L", x1, y, x2, y, thickness, color))

    def image(self, name: str, x: float, top: float, w: float, h: float) -> None:
        self.ops.append(("I", name, x, PAGE_HEIGHT - top - h, w, h))

    # Blocks

    def paragraph(self, text: str, style: Style = BODY, x: float = MARGIN, room: float = CONTENT_WIDTH) -> None:
        for line in wrap(clean(text), room, style):
            self.ensure(style.leading)
            self.text(x, self.y, line, style)
            self.y += style.leading

    def heading(self, text: str, accent: Color) -> None:
        style = Style.of(BOLD, 9.5, accent)
        self.ensure(style.leading + 3 * BODY.leading)
        self.space(4)
        self.text(MARGIN, self.y, clean(text), style)
        self.y += style.leading
        self.rule(MARGIN, self.y, MARGIN + CONTENT_WIDTH, 0.8, accent)
        self.y += 3

    def table(
        self,
        columns: list[Column],
        header: list[str],
        rows: Iterable[list[Cell]],
        header_color: Color = SHADE,
        x: float = MARGIN,
    ) -> None:
        """A table whose rows break across pages; the header row is drawn again at the top of each new page."""
        total = sum(c.width for c in columns)
        header_cells: list[Cell] = [[(h, Style.of(BOLD, 7.5))] for h in header]
        header_lines = _layout_row(columns, header_cells)

        def draw_header() -> None:
            height = _height(header_lines)
            self.box(x, self.y, total, height, header_color)
            self._draw_row(columns, header_lines, x)
            self.y += height

        self.ensure(_height(header_lines) + 2 * BODY.leading)
        draw_header()
        self.repeat = draw_header
        try:
            self.rows(columns, rows, x, ruled=True, reserved=_height(header_lines))
        finally:
            self.repeat = None

    def rows(
        self,
        columns: list[Column],
        rows: Iterable[list[Cell]],
        x: float = MARGIN,
        ruled: bool = False,
        reserved: float = 0,
    ) -> None:
        """Rows of cells; a row goes whole onto the next page when it does not fit, or is cut if taller than a page."""
        total = sum(c.width for c in columns)
        for cells in rows:
            lines: list[list[Line]] | None = _layout_row(columns, cells)
            while lines is not None:
                height = _height(lines)
                if height > self.room:
                    if height <= PAGE_HEIGHT - BOTTOM - TOP - reserved - 2 * BODY.leading:
                        self.break_page()
                        continue
                    head, lines = _split(lines, self.room)
                    if head is None:
                        self.break_page()
                        continue
                    height = _height(head)
                else:
                    head, lines = lines, None
                self._draw_row(columns, head, x)
                self.y += height
                if ruled:
                    self.rule(x, self.y, x + total)

    def _draw_row(self, columns: list[Column], cells: list[list[Line]], x: float) -> None:
        left = x
        ops = self.ops
        for column, lines in zip(columns, cells, strict=True):
            top = self.y + PAD_Y
            right = column.align == "right"
            for text, look, size in lines:
                if text:
                    start = left + column.width - PAD_X - size if right else left + PAD_X
                    ops.append(("T", start, PAGE_HEIGHT - top - look.size * 0.93, text, look))
                top += look.leading
            left += column.width


# A laid-out line of a cell: its text, its style, its width in points.
Line = tuple[str, Style, float]


def _layout_row(columns: list[Column], cells: list[Cell]) -> list[list[Line]]:
    known = _known()
    laid = []
    for column, cell in zip(columns, cells, strict=True):
        room = column.width - 2 * PAD_X
        lines: list[Line] = []
        for text, look in cell:
            if "\n" not in text and known.issuperset(text):
                size = sum(map(measuring(look.weight).widths_by_char.__getitem__, text)) * look.size / 1000
                if size <= room:
                    lines.append((text, look, size))
                    continue
            lines.extend((line, look, width(line, look)) for line in wrap(clean(text), room, look))
        laid.append(lines)
    return laid


def _height(cells: list[list[Line]]) -> float:
    return max((sum(line[1].leading for line in lines) for lines in cells), default=0.0) + 2 * PAD_Y


def _split(cells: list[list[Line]], room: float) -> tuple[list[list[Line]] | None, list[list[Line]] | None]:
    """Cut a row taller than a page: what fits in ``room`` now, and the rest for the next page."""
    budget = room - 2 * PAD_Y
    head, rest = [], []
    for lines in cells:
        used, cut = 0.0, 0
        for _, look, _ in lines:
            if used + look.leading > budget:
                break
            used += look.leading
            cut += 1
        head.append(lines[:cut])
        rest.append(lines[cut:])
    if not any(head):
        return None, cells
    return head, (rest if any(rest) else None)
