"""Slip -> PNG preview at the printer's dot width (1 pixel = 1 dot, 203 dpi).

The preview follows the ESC/POS renderer line for line: the same ASCII text, the same wrapping at
the printer's column count, the same character magnification, the same QR and logo bitmaps. It is
what the demo's preview printer shows and what tests decode QR codes from, so a QR that scans here
scans on paper of the same module size.

Glyphs: Font A on these printers is a 12 x 24 dot monospace font; DejaVu Sans Mono at ~20 px has the
same 12-dot advance, so columns line up as on paper. Fallbacks: DejaVu Sans, then Pillow's own
scalable default font; any line that would overflow is drawn with a smaller font rather than
clipped.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from kiosk.printing.layout import (
    Align,
    Banner,
    Cut,
    Feed,
    Field,
    Logo,
    PaperProfile,
    QrCode,
    Rule,
    Slip,
    Text,
    printed_field_lines,
    printed_lines,
    rule_line,
    size_factor,
)
from kiosk.printing.raster import (
    MIN_IMAGE_QR_MODULE,
    banner_image,
    fit_module,
    logo_image,
    pad_center,
    qr_image,
)
from kiosk.printing.text import _ascii_safe

__all__ = ["render_png"]

log = logging.getLogger(__name__)

_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
_CELL_W = 12  # Font A: 12 x 24 dots
_CELL_H = 24
_LINE_GAP = 6  # default line spacing is ~30 dots
_TOP_MARGIN = 24  # paper between the cutter and the first printed line (approximate)
_CUT_FEED_LINES = 6  # python-escpos cut() feeds 6 lines before GS V
_TEAR_FEED_LINES = 5

FontT = ImageFont.FreeTypeFont | ImageFont.ImageFont


@lru_cache(maxsize=64)
def _font(px: int, bold: bool) -> FontT:
    """A font of ``px`` pixels: DejaVu Sans Mono, else DejaVu Sans, else Pillow's default."""
    names = (
        ("DejaVuSansMono-Bold.ttf", "DejaVuSans-Bold.ttf")
        if bold
        else ("DejaVuSansMono.ttf", "DejaVuSans.ttf")
    )
    for name in names:
        path = _FONT_DIR / name
        if path.exists():
            return ImageFont.truetype(str(path), px)
    return ImageFont.load_default(size=px)


@lru_cache(maxsize=16)
def _font_for_cell(cell_w: int, cell_h: int, bold: bool) -> FontT:
    """The largest font whose glyphs fit a ``cell_w`` x ``cell_h`` character cell."""
    probe = _font(100, bold)
    advance = max(probe.getlength(ch) for ch in "M0m") or 60.0
    _, top, _, bottom = probe.getbbox("Hg")
    height = (bottom - top) or 100
    px = min(100 * cell_w / advance, 100 * cell_h / height * 0.92)
    return _font(max(6, round(px)), bold)


@lru_cache(maxsize=2048)
def _glyph(ch: str, cell_w: int, cell_h: int, bold: bool) -> tuple[Image.Image, int, int]:
    """``ch`` drawn once as an ink mask, with its offset inside a ``cell_w`` cell.

    Drawing every character through FreeType took ~40 ms a ticket; a slip uses a few dozen
    distinct glyphs, so pasting cached masks is ~10x cheaper and paints the same pixels.
    """
    font = _font_for_cell(cell_w, cell_h, bold)
    left, top, right, bottom = (int(v) for v in font.getbbox(ch))
    mask = Image.new("L", (max(1, right - left), max(1, bottom - top)), 0)
    ImageDraw.Draw(mask).text((-left, -top), ch, font=font, fill=255)
    offset = round((cell_w - font.getlength(ch)) / 2)
    return mask, offset + left, top


@dataclass
class _Canvas:
    """Draw operations collected in a first pass, so the image is made at its final height."""

    width: int
    y: int = _TOP_MARGIN

    def __post_init__(self) -> None:
        """Start with no operations."""
        self.glyphs: list[tuple[int, int, Image.Image]] = []
        self.images: list[tuple[int, int, Image.Image]] = []

    def text_line(self, parts: list[tuple[str, bool]], factor: int, align: Align) -> None:
        """One printed line made of (text, bold) runs, magnified ``factor`` times.

        Every character is placed in its own 12 x 24 (times ``factor``) cell, as the printer does,
        so columns line up even with a proportional fallback font.
        """
        cell_w = _CELL_W * factor
        total = sum(len(t) for t, _ in parts) * cell_w
        x = 0 if align == "left" else (self.width - total) // (2 if align == "center" else 1)
        x = max(0, x)
        cell_h = _CELL_H * factor
        for text, bold in parts:
            for ch in text:
                if ch != " ":
                    mask, dx, dy = _glyph(ch, cell_w, cell_h, bold)
                    self.glyphs.append((x + dx, self.y + dy, mask))
                x += cell_w
        self.y += _CELL_H * factor + _LINE_GAP

    def blank(self, lines: int = 1) -> None:
        """Feed ``lines`` normal lines."""
        self.y += lines * (_CELL_H + _LINE_GAP)

    def image(self, img: Image.Image, left: int) -> None:
        """A bitmap at ``left`` (black = dot)."""
        self.images.append((left, self.y, img))
        self.y += img.height

    def render(self) -> Image.Image:
        """Paint the collected operations on white paper."""
        out = Image.new("L", (self.width, max(self.y, 1)), 255)
        for left, top, img in self.images:
            out.paste(img.convert("L"), (left, top))
        for x, y, mask in self.glyphs:
            out.paste(0, (x, y, x + mask.width, y + mask.height), mask)
        return out


def render_png(slip: Slip, profile: PaperProfile) -> Image.Image:
    """A greyscale image of ``slip`` as ``profile``'s printer would print it."""
    c = _Canvas(profile.dots)
    for el in slip.elements:
        if isinstance(el, Text):
            factor = size_factor(profile, el.size)
            for line in printed_lines(el, profile, _ascii_safe(el.text)):
                c.text_line([(line, el.bold)], factor, el.align)
        elif isinstance(el, Field):
            safe = Field(_ascii_safe(el.label), _ascii_safe(el.value), el.bold)
            for label, value in printed_field_lines(safe, profile):
                c.text_line([(label, False), (value, el.bold)], 1, "left")
        elif isinstance(el, Rule):
            c.text_line([(rule_line(profile), False)], 1, "left")
        elif isinstance(el, Feed):
            c.blank(el.lines)
        elif isinstance(el, QrCode):
            c.blank()
            if profile.native_qr:
                img = qr_image(el.data, fit_module(el.data, el.size, profile.dots), border=0)
            else:
                module = fit_module(el.data, max(el.size, MIN_IMAGE_QR_MODULE), profile.dots, 1)
                img = qr_image(el.data, module, border=1)
            c.image(img, max(0, (profile.dots - img.width) // 2))
            c.blank()
        elif isinstance(el, Banner):
            # The very bitmap the printer gets, placed where pad_center puts it.
            c.image(pad_center(banner_image(el.text, profile.dots), profile.dots), 0)
        elif isinstance(el, Logo):
            try:
                logo = logo_image(el.path, max_width=min(profile.dots, 320))
            except OSError as exc:
                log.warning("logo %s not drawn: %s", el.path, exc)
                continue
            c.image(logo, max(0, (profile.dots - logo.width) // 2) // 8 * 8)
        elif isinstance(el, Cut):
            c.blank(_CUT_FEED_LINES if profile.cutter else _TEAR_FEED_LINES)
    return c.render()
