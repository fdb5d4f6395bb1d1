"""Reading ESC/POS bytes back in tests: find the raster images a job carries."""

from __future__ import annotations

from kiosk.printing.escpos_render import render_escpos
from kiosk.printing.layout import Banner, PaperProfile, Slip

GS_V0 = b"\x1dv0"


def raster_images(data: bytes) -> list[bytes]:
    """Every ``GS v 0`` command in ``data``, header and dot data included."""
    found, at = [], data.find(GS_V0)
    while at >= 0:
        width_bytes = data[at + 4] | data[at + 5] << 8
        height = data[at + 6] | data[at + 7] << 8
        end = at + 8 + width_bytes * height
        found.append(data[at:end])
        at = data.find(GS_V0, end)
    return found


def banner_raster(text: str, paper: PaperProfile) -> bytes:
    """The ``GS v 0`` command that prints ``text`` as a banner (the ticket number) on ``paper``."""
    (image,) = raster_images(render_escpos(Slip((Banner(text),), "banner"), paper))
    return image
