"""How a supplier's invoices look: logo, accent colour, legal mentions in the footer.

A small frozen value, so that it can come from configuration (a TOML section later) and be shared by every
invoice a process renders; the decoded logo is cached by its bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ...errors import InputError

Color = tuple[float, float, float]


def parse_color(value: str) -> Color:
    """``#RRGGBB`` (or ``RRGGBB``) as an RGB triple of 0..1 values."""
    text = value.strip().lstrip("#")
    if len(text) != 6:
        raise InputError(f"colour {value!r} is not #RRGGBB")
    try:
        red, green, blue = (int(text[i : i + 2], 16) / 255 for i in (0, 2, 4))
    except ValueError:
        raise InputError(f"colour {value!r} is not #RRGGBB") from None
    return (round(red, 4), round(green, 4), round(blue, 4))


@dataclass(frozen=True, slots=True)
class Branding:
    """The supplier's look. ``footer`` lines replace the legal mentions bordereau derives from the seller."""

    logo: bytes | None = None  # PNG or JPEG
    accent: str = "#1F4E8C"
    footer: tuple[str, ...] = ()
    logo_height: float = 40.0

    @property
    def accent_rgb(self) -> Color:
        return parse_color(self.accent)

    @classmethod
    def from_files(cls, logo: str | Path | None = None, **options: object) -> Branding:
        data = None
        if logo is not None:
            try:
                data = Path(logo).read_bytes()
            except OSError as exc:
                raise InputError(f"cannot read the logo ({exc.strerror})", source=str(logo)) from None
        return cls(logo=data, **options)  # type: ignore[arg-type]


DEFAULT = Branding()
