"""Bitmaps shared by the ESC/POS and PNG renderers, so the preview shows the dots the printer
gets."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import qrcode
import qrcode.constants
from PIL import Image, ImageDraw, ImageFont

__all__ = [
    "BANNER_FONT",
    "LOGO_MAX_HEIGHT",
    "MIN_IMAGE_QR_MODULE",
    "banner_image",
    "fit_module",
    "logo_image",
    "pad_center",
    "qr_image",
    "qr_modules",
]

#: Smallest module size of a bitmap QR: python-escpos's default (3 dots) does not scan reliably.
MIN_IMAGE_QR_MODULE = 6

#: The bundled typeface of ticket numbers: an undotted, unslashed zero, and OFL-licensed.
BANNER_FONT = Path(__file__).resolve().parents[2] / "resources" / "fonts" / "NotoSans-Bold.ttf"
_FALLBACK_FONTS = (Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),)
#: Digit height of a banner as a share of the paper's dots: 144 dots (18 mm) on 80 mm paper,
#: 96 (12 mm) on 58 mm -- the size the printer's 6x/4x magnified font had, readable across a room.
_BANNER_HEIGHT = 0.25
_BANNER_MARGIN = 12  # dots kept free on each side (one Font A column)

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


@lru_cache(maxsize=32)
def _banner_font(px: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Noto Sans Bold at ``px`` pixels (DejaVu Sans Bold, then Pillow's own font, if missing)."""
    for path in (BANNER_FONT, *_FALLBACK_FONTS):
        if path.is_file():
            return ImageFont.truetype(str(path), px)
    return ImageFont.load_default(size=px)


@lru_cache(maxsize=8)
def _banner_px(dots: int) -> int:
    """The font size whose digits are ``_BANNER_HEIGHT`` of the paper's dots tall."""
    target = max(24, round(dots * _BANNER_HEIGHT))
    _, top, _, bottom = _banner_font(200).getbbox("0123456789", anchor="ls")
    return max(8, round(200 * target / max(1, bottom - top)))


@lru_cache(maxsize=64)
def banner_image(text: str, dots: int) -> Image.Image:
    """``text`` as a black-on-white bitmap (mode "1") for a ``dots``-wide head, cropped to ink.

    Sized by digit height (see ``_BANNER_HEIGHT``) and shrunk until it fits between the margins;
    a plain threshold keeps the edges crisp on a 203 dpi head.
    """
    room = dots - 2 * _BANNER_MARGIN
    px = _banner_px(dots)
    for _ in range(8):
        font = _banner_font(px)
        left, top, right, bottom = font.getbbox(text, anchor="ls")
        if right - left <= room:
            break
        px = max(8, int(px * room / (right - left)))
    width, height = max(1, int(right - left)), max(1, int(bottom - top))
    grey = Image.new("L", (width, height), 255)
    ImageDraw.Draw(grey).text((-left, -top), text, font=font, fill=0, anchor="ls")
    return grey.point(lambda v: 255 if v >= 128 else 0).convert("1", dither=Image.Dither.NONE)
