"""Look and feel shared by the windows: the bundled font, the QSS style sheets, tinted icons.

Why a bundled font: kiosks are installed from different images; with Noto Sans shipped in
resources/fonts every PC renders the same glyphs and line breaks, so the screenshots in the
repository are what the citizen sees.

Why scaled style sheets: the kiosk is designed in "design pixels" for a 1080-pixel short side
(1080x1920 portrait, 1920x1080 landscape). `scaled_qss()` multiplies every ``Npx`` of the
style sheet, so the same sheet serves the real screen (scale 1) and the small window of
`mpp-kiosk demo` (scale ~0.45) without anything overflowing.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from kiosk.config import resources_dir

FONT_FAMILY = "Noto Sans"
FONT_FILES = ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf")
FALLBACK_ICON = "building"

_PX = re.compile(r"(?<![\w.#-])(\d+(?:\.\d+)?)px\b")
_fonts_loaded: list[str] = []


def load_fonts() -> str:
    """Register the bundled font once per process; returns the family to use.

    Falls back to the platform's default family (with no error) when the files are missing,
    because a kiosk with a slightly different font is better than a kiosk that does not start.
    """
    if _fonts_loaded:
        return _fonts_loaded[0]
    family = ""
    for name in FONT_FILES:
        path = resources_dir() / "fonts" / name
        if path.is_file():
            font_id = QFontDatabase.addApplicationFont(str(path))
            families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
            family = family or (families[0] if families else "")
    family = family or QGuiApplication.font().family()
    _fonts_loaded.append(family)
    return family


def apply_app_font(app: QGuiApplication) -> None:
    """Make the bundled font the application default (dialogs, tooltips, other roles)."""
    family = load_fonts()
    font = QFont(family)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    app.setFont(font)


@functools.lru_cache(maxsize=8)
def _read_style(name: str, mtime_ns: int) -> str:
    return (resources_dir() / "styles" / name).read_text(encoding="utf-8")


def style_sheet(name: str) -> str:
    """The raw text of resources/styles/NAME (cached; re-read when the file changes)."""
    path = resources_dir() / "styles" / name
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        return ""
    return _read_style(name, mtime)


def scaled_qss(qss: str, scale: float) -> str:
    """Multiply every ``Npx`` length by `scale` (rounded, never below 1 px)."""
    if abs(scale - 1.0) < 1e-3:
        return qss

    def repl(match: re.Match[str]) -> str:
        value = float(match.group(1)) * scale
        return f"{max(1, round(value))}px"

    return _PX.sub(repl, qss)


def icon_path(name: str) -> Path:
    """An icon of resources/icons, or the generic building when the name is unknown."""
    base = resources_dir() / "icons"
    path = base / f"{name}.svg"
    return path if path.is_file() else base / f"{FALLBACK_ICON}.svg"


@functools.lru_cache(maxsize=256)
def _renderer(path: str) -> QSvgRenderer:
    return QSvgRenderer(path)


@functools.lru_cache(maxsize=512)
def icon_pixmap(name: str, size: int, color: str = "#0b3d91") -> QPixmap:
    """A square pixmap of the named icon in one colour (icons are drawn black, then tinted)."""
    size = max(1, int(size))
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    _renderer(str(icon_path(name))).render(painter, QRectF(0, 0, size, size))
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
    painter.fillRect(pixmap.rect(), QColor(color))
    painter.end()
    return pixmap


def logo_path() -> Path:
    return resources_dir() / "branding" / "logo-mpp.png"
