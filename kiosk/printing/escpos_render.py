"""Slip -> ESC/POS bytes with python-escpos's ``Dummy`` printer.

Rendering is separate from sending: the bytes are produced here, in memory, and a connection in
:mod:`kiosk.printing.transports` writes them in one go with its own short timeouts. That also means
the same bytes can be saved by the preview printer and compared in tests.

python-escpos 3.1 quirks handled here (shared/tech-notes.md):

- it is imported lazily (importing it loads YAML/pickled capabilities and Pillow/qrcode/barcode)
  with ``ESCPOS_CAPABILITIES_PICKLE_DIR`` pointing at our cache dir (otherwise: a new temp dir per
  import), and its import-time ``logging.basicConfig()`` is neutralised so it cannot hijack the
  app's logging;
- printer profiles are class-level dicts shared by every printer: we deep-copy before changing them;
- ``POS-5890``/``simple``/bare ``Profile()`` emit no cut: our profiles set the cut features
  explicitly from :attr:`PaperProfile.cutter`, and the output is checked for ``GS V``;
- Chinese clones often boot in Chinese (double-byte) mode: ``FS .`` follows ``ESC @``;
- text is reduced to ASCII (:func:`kiosk.printing.text.ascii_safe`), so the only code page command
  is the one python-escpos emits before the first text;
- native QR cannot be centred with ``center=True`` (it raises): ``ESC a 1`` is sent before it
  instead.
"""

from __future__ import annotations

import copy
import logging
import os
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any

from kiosk.printing.layout import (
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

__all__ = [
    "CUT_MARKERS",
    "FS_CANCEL_CHINESE",
    "import_escpos",
    "quiet_root_logging",
    "render_escpos",
]

log = logging.getLogger(__name__)

#: FS . -- cancel Chinese character mode (clones boot in it and would pair up bytes >= 0x80).
FS_CANCEL_CHINESE = b"\x1c\x2e"
#: GS V 0 (full cut) and GS V 1 (partial cut), as emitted by python-escpos.
CUT_MARKERS = (b"\x1dV\x00", b"\x1dV\x01")
#: Lines fed before the tear bar when the printer has no cutter.
_TEAR_FEED_LINES = 5

_import_lock = threading.Lock()
_logging_lock = threading.RLock()
_escpos_modules: tuple[ModuleType, ModuleType, ModuleType] | None = None


def _pickle_dir() -> Path:
    """Where python-escpos may cache its parsed capabilities (one pickle per Python version)."""
    candidates: list[Path] = []
    try:
        import platformdirs

        candidates.append(Path(platformdirs.user_cache_dir("mpp-kiosk")) / "escpos")
    except ImportError:  # pragma: no cover - platformdirs is a declared dependency
        pass
    uid = os.getuid() if hasattr(os, "getuid") else 0
    candidates.append(Path(tempfile.gettempdir()) / f"mpp-kiosk-escpos-{uid}")
    for path in candidates:
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        if os.access(path, os.W_OK):
            return path
    return Path(tempfile.gettempdir())


@contextmanager
def quiet_root_logging() -> Iterator[None]:
    """Keep python-escpos from configuring the root logger.

    ``escpos.capabilities`` calls ``logging.basicConfig()`` at import, and the Usb/File/Network
    classes log through the module-level ``logging.info()``, which does the same when the root
    logger has no handler. A temporary NullHandler makes both no-ops; it is removed afterwards, so
    the application's own logging set-up (done later in the composition root) is untouched.
    """
    with _logging_lock:
        root = logging.getLogger()
        guard: logging.Handler | None = None
        if not root.handlers:
            guard = logging.NullHandler()
            root.addHandler(guard)
        try:
            yield
        finally:
            if guard is not None:
                root.removeHandler(guard)


def import_escpos() -> tuple[ModuleType, ModuleType, ModuleType]:
    """Import python-escpos on first use; returns (printer, capabilities, constants) modules."""
    global _escpos_modules
    with _import_lock:
        if _escpos_modules is None:
            os.environ.setdefault("ESCPOS_CAPABILITIES_PICKLE_DIR", str(_pickle_dir()))
            with quiet_root_logging():
                import escpos.capabilities
                import escpos.constants
                import escpos.printer
            _escpos_modules = (escpos.printer, escpos.capabilities, escpos.constants)
        return _escpos_modules


@lru_cache(maxsize=8)
def _profile_data(paper: PaperProfile) -> dict[str, Any]:
    """A private, deep-copied capability dict for ``paper`` (never mutate escpos's shared one)."""
    _, caps, _ = import_escpos()
    # TM-T20II: the Epson profile that fits TM-T20/T82 and most 80 mm clones (576 dots, 48 columns).
    # 58 mm: "default" (full ESC/POS feature set) narrowed to 384 dots / 32 columns; POS-5890 would
    # be closer but claims no cutter and no GS ( k.
    base = "TM-T20II" if paper.dots >= 576 else "default"
    data = copy.deepcopy(caps.get_profile_class(base).profile_data)
    data["name"] = f"MPP Kiosk {paper.name}"
    data["media"] = {
        "dpi": 203,
        "width": {"mm": 72 if paper.dots >= 576 else 48, "pixels": paper.dots},
    }
    data["fonts"]["0"]["columns"] = paper.columns
    data["features"]["paperFullCut"] = paper.cutter
    data["features"]["paperPartCut"] = paper.cutter
    data["features"]["qrCode"] = paper.native_qr
    return dict(data)


def _escpos_profile(paper: PaperProfile) -> Any:
    """An escpos ``Profile`` instance carrying our capability dict.

    It must be a ``Profile`` subclass (escpos passes those through untouched) and its instance
    ``features`` must be the real dict: ``Profile()`` sets ``features = {}``, which silently
    disables the cut.
    """
    _, caps, _ = import_escpos()
    data = _profile_data(paper)
    cls = type(f"MppKiosk{paper.name}Profile", (caps.Profile,), {"profile_data": data})
    return cls(columns=paper.columns, features=data["features"])


@lru_cache(maxsize=32)
def _raster_bytes(paper: PaperProfile, mode: str, size: tuple[int, int], dots: bytes) -> bytes:
    """python-escpos's ``GS v 0`` command for one bitmap, made once per distinct bitmap: the
    logo on every ticket cost ~1.5 ms of Pillow conversions each time."""
    from PIL import Image

    printer_mod, _, _ = import_escpos()
    p = printer_mod.Dummy(profile=_escpos_profile(paper))
    p.image(Image.frombytes(mode, size, dots), impl="bitImageRaster")
    out: bytes = p.output
    return out


def _image(p: Any, paper: PaperProfile, img: Any) -> None:
    """Print a mode "1" bitmap (already padded to centre) as a raster image."""
    p._raw(_raster_bytes(paper, img.mode, img.size, img.tobytes()))


def render_escpos(slip: Slip, profile: PaperProfile) -> bytes:
    """The bytes a roll printer needs to print ``slip`` (init, text, QR/bitmaps, cut)."""
    printer_mod, _, constants = import_escpos()
    p = printer_mod.Dummy(profile=_escpos_profile(profile))
    p.hw("INIT")
    p._raw(FS_CANCEL_CHINESE)
    wants_cut = False
    for el in slip.elements:
        if isinstance(el, Text):
            factor = size_factor(profile, el.size)
            # GS b (smoothing) only for magnified text, where the blocky 12x24 font needs it.
            p.set(
                align=el.align,
                bold=el.bold,
                custom_size=True,
                width=factor,
                height=factor,
                smooth=True if factor >= 4 else None,
            )
            for line in printed_lines(el, profile, _ascii_safe(el.text)):
                p.textln(line)
            if factor >= 4:
                p.set(smooth=False)
        elif isinstance(el, Field):
            _normal(p)
            safe = Field(_ascii_safe(el.label), _ascii_safe(el.value), el.bold)
            for label, value in printed_field_lines(safe, profile):
                p.text(label)
                if value:
                    if el.bold:
                        p.set(bold=True)
                    p.text(value)
                    if el.bold:
                        p.set(bold=False)
                p.ln()
        elif isinstance(el, Rule):
            _normal(p)
            p.textln(rule_line(profile))
        elif isinstance(el, Feed):
            p.ln(el.lines)
        elif isinstance(el, QrCode):
            _normal(p)
            p.ln()
            if profile.native_qr:
                module = fit_module(el.data, el.size, profile.dots)
                p.set(align="center")
                p.qr(el.data, ec=constants.QR_ECLEVEL_M, size=module, native=True)
            else:
                module = fit_module(el.data, max(el.size, MIN_IMAGE_QR_MODULE), profile.dots, 1)
                img = qr_image(el.data, module, border=1)
                _image(p, profile, pad_center(img, profile.dots))
            p.set(align="left")
            p.ln()
        elif isinstance(el, Banner):
            _normal(p)
            _image(p, profile, pad_center(banner_image(el.text, profile.dots), profile.dots))
        elif isinstance(el, Logo):
            try:
                logo = logo_image(el.path, max_width=min(profile.dots, 320))
            except OSError as exc:
                log.warning("logo %s not printed: %s", el.path, exc)
                continue
            _normal(p)
            _image(p, profile, pad_center(logo, profile.dots))
        elif isinstance(el, Cut):
            wants_cut = True
            _normal(p)
            if profile.cutter:
                p.cut()
            else:
                p.print_and_feed(_TEAR_FEED_LINES)
    out: bytes = p.output
    if wants_cut and profile.cutter and not any(m in out for m in CUT_MARKERS):
        raise RuntimeError("python-escpos emitted no cut command although the printer has a cutter")
    return out


def _normal(p: Any) -> None:
    """Back to left-aligned, regular, 1x1 text (GS ! 0): element styles never leak."""
    p.set(align="left", bold=False, custom_size=True, width=1, height=1)
