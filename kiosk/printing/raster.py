"""Bitmaps shared by the ESC/POS and PNG renderers, so the preview shows the dots the printer
gets."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import qrcode
import qrcode.constants
from PIL import Image

__all__ = [
    "LOGO_MAX_HEIGHT",
    "MIN_IMAGE_QR_MODULE",
    "fit_module",
    "logo_image",
    "pad_center",
    "qr_image",
    "qr_modules",
]

#: Smallest module size of a bitmap QR: python-escpos's default (3 dots) does not scan reliably.
MIN_IMAGE_QR_MODULE = 6

# A logo taller than this pushes the ticket number off the first glance; 96 dots = 12 mm.
LOGO_MAX_HEIGHT = 96


def qr_image(data: str, module_px: int, border: int = 4) -> Image.Image:
    """A black-on-white QR code (mode "1"), ``module_px`` dots per module, error correction M.

    M (15 %) rather than the python-escpos default L: thermal prints fade and get folded in wallets.
    """
    qr = qrcode.QRCode(
        version=None,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        box_size=1,
        border=border,
    )
    qr.add_data(data)
    qr.make(fit=True)
    matrix = qr.get_matrix()
    n = len(matrix)
    img = Image.new("1", (n, n), 1)
    img.putdata([0 if cell else 1 for row in matrix for cell in row])
    return img.resize((n * module_px, n * module_px), Image.Resampling.NEAREST)


@lru_cache(maxsize=16)
def _logo_cached(path: str, mtime_ns: int, max_width: int, max_height: int) -> Image.Image:
    """Load, flatten, scale and threshold a logo (cached: the kiosk prints the same logo all
    day)."""
    with Image.open(path) as src:
        src.load()
        rgba = src.convert("RGBA")
    flat = Image.new("RGB", rgba.size, (255, 255, 255))
    flat.paste(rgba, mask=rgba.getchannel("A"))
    grey = flat.convert("L")
    scale = min(max_width / grey.width, max_height / grey.height, 1.0)
    if scale < 1.0:
        size = (max(1, round(grey.width * scale)), max(1, round(grey.height * scale)))
        grey = grey.resize(size, Image.Resampling.LANCZOS)
    # A plain threshold keeps line art crisp; dithering would speckle flat colour areas.
    return grey.point(lambda v: 255 if v >= 160 else 0).convert("1", dither=Image.Dither.NONE)


def logo_image(path: Path, max_width: int, max_height: int = LOGO_MAX_HEIGHT) -> Image.Image:
    """The logo as the printer will print it (mode "1", black = dot)."""
    resolved = Path(path).resolve()
    return _logo_cached(str(resolved), resolved.stat().st_mtime_ns, max_width, max_height)


def pad_center(img: Image.Image, width: int) -> Image.Image:
    """Left-pad ``img`` with white so it prints centred on a ``width``-dot line.

    Only the left side is padded (to a whole byte): python-escpos's ``center=True`` pads both sides
    to the full paper width, which doubles the bytes of every logo and QR bitmap for nothing, and
    ``ESC a`` alignment is ignored for raster images by some clones.
    """
    left = max(0, (width - img.width) // 2) // 8 * 8
    out = Image.new("1", (left + img.width, img.height), 1)
    out.paste(img.convert("1"), (left, 0))
    return out


@lru_cache(maxsize=256)
def qr_modules(data: str) -> int:
    """Modules per side of the smallest QR (error correction M) holding ``data``, without border."""
    qr = qrcode.QRCode(version=None, error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    qr.add_data(data)
    qr.make(fit=True)
    return len(qr.get_matrix())


def fit_module(data: str, module_px: int, max_width: int, border: int = 0) -> int:
    """``module_px`` reduced until the whole symbol (with ``border``) fits ``max_width`` dots.

    A symbol wider than the paper is clipped by the printer and never scans; a smaller module still
    does.
    """
    modules = qr_modules(data) + 2 * border
    return max(1, min(module_px, max_width // modules))
