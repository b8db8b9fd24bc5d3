"""The logo: a JPEG or PNG file turned into what a PDF image needs, without an imaging library.

JPEG data goes in unchanged (DCTDecode). PNG data goes in compressed as it is, with the PNG predictor, unless it
has an alpha channel: then it is unfiltered here and split into colour and soft mask. CMYK images are refused:
a PDF/A with an sRGB output intent cannot show DeviceCMYK.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from functools import lru_cache

from ...errors import InputError

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True, slots=True)
class Image:
    width: int
    height: int
    color_space: object  # "/DeviceRGB", "/DeviceGray" or an Indexed array as a Python list
    bits: int
    filter: str
    data: bytes
    decode_parms: dict[str, int] | None = None
    smask: bytes | None = None  # 8-bit alpha, Flate-compressed


@lru_cache(maxsize=8)
def load(data: bytes) -> Image:
    """Decode a logo, or raise InputError saying what is wrong with it."""
    if data.startswith(b"\xff\xd8"):
        return _jpeg(data)
    if data.startswith(PNG_SIGNATURE):
        return _png(data)
    raise InputError("the logo must be a PNG or JPEG file", source="logo")


def _jpeg(data: bytes) -> Image:
    index = 2
    while index + 4 <= len(data):
        if data[index] != 0xFF:
            break
        marker = data[index + 1]
        length = struct.unpack(">H", data[index + 2 : index + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2):
            bits, height, width, components = struct.unpack(">BHHB", data[index + 4 : index + 10])
            if components == 4:
                raise InputError("a CMYK logo cannot go into a PDF/A with an sRGB output intent", source="logo")
            space = "/DeviceGray" if components == 1 else "/DeviceRGB"
            return Image(width, height, space, bits, "/DCTDecode", data)
        index += 2 + length
    raise InputError("the JPEG logo has no frame header", source="logo")


def _chunks(data: bytes) -> dict[bytes, list[bytes]]:
    chunks: dict[bytes, list[bytes]] = {}
    index = len(PNG_SIGNATURE)
    while index + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[index : index + 8])
        chunks.setdefault(kind, []).append(data[index + 8 : index + 8 + length])
        index += 12 + length
        if kind == b"IEND":
            break
    return chunks


def _png(data: bytes) -> Image:
    chunks = _chunks(data)
    if b"IHDR" not in chunks or b"IDAT" not in chunks:
        raise InputError("the PNG logo is damaged", source="logo")
    width, height, bits, color_type, _, _, interlace = struct.unpack(">IIBBBBB", chunks[b"IHDR"][0][:13])
    if interlace:
        raise InputError("an interlaced PNG logo is not supported; save it without interlacing", source="logo")
    idat = b"".join(chunks[b"IDAT"])
    if color_type in (0, 2, 3):
        colors = {0: 1, 2: 3, 3: 1}[color_type]
        parms = {"Predictor": 15, "Colors": colors, "BitsPerComponent": bits, "Columns": width}
        space: object = {0: "/DeviceGray", 2: "/DeviceRGB"}.get(color_type)
        if color_type == 3:
            palette = chunks.get(b"PLTE", [b""])[0]
            space = ["/Indexed", "/DeviceRGB", len(palette) // 3 - 1, palette]
        return Image(width, height, space, bits, "/FlateDecode", idat, parms)
    if color_type in (4, 6) and bits == 8:
        channels = 2 if color_type == 4 else 4
        pixels = _unfilter(zlib.decompress(idat), width, height, channels)
        color = bytearray()
        alpha = bytearray()
        step = channels
        for start in range(0, len(pixels), step):
            color += pixels[start : start + step - 1]
            alpha.append(pixels[start + step - 1])
        space = "/DeviceGray" if color_type == 4 else "/DeviceRGB"
        return Image(width, height, space, 8, "/FlateDecode", zlib.compress(bytes(color)), None, zlib.compress(alpha))
    raise InputError(f"this kind of PNG logo (colour type {color_type}, {bits} bits) is not supported", source="logo")


def _unfilter(raw: bytes, width: int, height: int, channels: int) -> bytes:
    """Undo the PNG row filters (8 bits per channel)."""
    stride = width * channels
    out = bytearray()
    previous = bytearray(stride)
    index = 0
    for _ in range(height):
        kind = raw[index]
        row = bytearray(raw[index + 1 : index + 1 + stride])
        index += 1 + stride
        for i in range(stride):
            left = row[i - channels] if i >= channels else 0
            up = previous[i]
            if kind == 1:
                row[i] = (row[i] + left) & 0xFF
            elif kind == 2:
                row[i] = (row[i] + up) & 0xFF
            elif kind == 3:
                row[i] = (row[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                corner = previous[i - channels] if i >= channels else 0
                guess = left + up - corner
                pa, pb, pc = abs(guess - left), abs(guess - up), abs(guess - corner)
                row[i] = (row[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        out += row
        previous = row
    return bytes(out)
