"""Small building blocks for touch screens: scale-aware icons and buttons, a pager.

Sizes are given in design pixels (a 1080-pixel short side); a shared `Metrics` object holds the
window's current scale so widgets created later (tiles filled in when data arrives) still get
the right size, and `rescale_tree()` updates existing ones when the window is resized.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.theme import icon_pixmap

PRIMARY = "#0b3d91"
WHITE = "#ffffff"


class Metrics:
    """The window's scale factor (1.0 on a 1080x1920 or 1920x1080 screen)."""

    def __init__(self, scale: float = 1.0) -> None:
        self.scale = scale

    def px(self, design_px: float) -> int:
        return max(1, round(design_px * self.scale))


_DESIGN = "designSpacing"


def _design_of(layout: QLayout) -> list[int]:
    """A layout's margins and spacings in design pixels (recorded the first time we see it)."""
    design = layout.property(_DESIGN)
    if design is None:
        m = layout.contentsMargins()
        if isinstance(layout, QGridLayout):
            h, v = layout.horizontalSpacing(), layout.verticalSpacing()
        else:
            h = v = layout.spacing()
        design = [m.left(), m.top(), m.right(), m.bottom(), h, v]
        layout.setProperty(_DESIGN, design)
    return [int(x) for x in design]


def _apply_design(layout: QLayout, design: list[int], metrics: Metrics) -> None:
    left, top, right, bottom, h, v = design
    px = metrics.px
    layout.setContentsMargins(
        px(left) if left else 0, px(top) if top else 0,
        px(right) if right else 0, px(bottom) if bottom else 0,
    )  # fmt: skip
    if isinstance(layout, QGridLayout):
        if h >= 0:
            layout.setHorizontalSpacing(px(h) if h else 0)
        if v >= 0:
            layout.setVerticalSpacing(px(v) if v else 0)
    elif h >= 0:
        layout.setSpacing(px(h) if h else 0)


def set_layout_margins(
    layout: QLayout,
    metrics: Metrics,
    margins: tuple[int, int, int, int],
    spacing: int | None = None,
) -> None:
    """Change a layout's margins (and spacing) in design pixels; they follow the scale."""
    design = _design_of(layout)
    design[:4] = list(margins)
    if spacing is not None:
        design[4] = design[5] = spacing
    layout.setProperty(_DESIGN, design)
    _apply_design(layout, design, metrics)


def rescale_tree(root: QWidget, metrics: Metrics) -> None:
    """Apply the scale to every layout's margins and spacing and to scale-aware widgets.

    Margins and spacings are written in design pixels like the style sheet, so the small
    demo window keeps the proportions of the real 1080x1920 screen.
    """
    for layout in root.findChildren(QLayout):
        _apply_design(layout, _design_of(layout), metrics)
    for widget in root.findChildren(QWidget):
        apply = getattr(widget, "apply_scale", None)
        if callable(apply):
            apply()


def make_label(
    text: str = "",
    object_name: str = "",
    *,
    wrap: bool = True,
    align: Qt.AlignmentFlag | None = None,
    parent: QWidget | None = None,
) -> QLabel:
    """A QLabel styled by object name, wrapping by default (long Indonesian words)."""
    label = QLabel(text, parent)
    if object_name:
        label.setObjectName(object_name)
    label.setWordWrap(wrap)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if align is not None:
        label.setAlignment(align)
    return label


class IconLabel(QWidget):
    """An SVG icon painted at the widget's size; its preferred size scales with Metrics."""

    def __init__(
        self,
        name: str,
        design_px: int,
        metrics: Metrics,
        color: str = PRIMARY,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._name = name
        self._design_px = design_px
        self._metrics = metrics
        self._color = color
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.apply_scale()

    def set_icon(self, name: str, color: str | None = None) -> None:
        self._name = name
        if color:
            self._color = color
        self.update()

    def set_design_px(self, design_px: int) -> None:
        """A new size in design pixels (an illustration smaller in landscape)."""
        self._design_px = design_px
        self.apply_scale()

    def apply_scale(self) -> None:
        side = self._metrics.px(self._design_px)
        self.setFixedSize(side, side)

    def paintEvent(self, event: QPaintEvent) -> None:
        side = min(self.width(), self.height())
        if side <= 0:
            return
        painter = QPainter(self)
        pixmap = icon_pixmap(self._name, side, self._color)
        painter.drawPixmap((self.width() - side) // 2, (self.height() - side) // 2, pixmap)
        painter.end()


class TouchButton(QPushButton):
    """A big push button; `variant` picks its QSS style (primary, secondary, nav, ...)."""

    def __init__(
        self,
        text: str = "",
        variant: str = "primary",
        metrics: Metrics | None = None,
        icon: str = "",
        icon_px: int = 56,
        icon_color: str = WHITE,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(text, parent)
        self.setObjectName(variant)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._metrics = metrics
        self._icon_px = icon_px
        self._icon_color = icon_color
        self._icon_name = icon
        if icon:
            self.setIcon(QIcon(icon_pixmap(icon, 128, icon_color)))
        self.apply_scale()
        self.setText(text)

    def setText(self, text: str) -> None:
        """QPushButton puts its text right against the icon; a little air helps reading."""
        super().setText(f"  {text}" if self._icon_name and text else text)

    def label(self) -> str:
        """The text as the citizen reads it (without the spacing next to the icon)."""
        return self.text().strip()

    def set_icon_name(self, name: str, color: str | None = None) -> None:
        self._icon_name = name
        if color:
            self._icon_color = color
        self.setIcon(QIcon(icon_pixmap(name, 128, self._icon_color)))

    def apply_scale(self) -> None:
        if self._icon_name and self._metrics is not None:
            side = self._metrics.px(self._icon_px)
            self.setIconSize(QSize(side, side))


class ChoiceButton(QPushButton):
    """A large card-like button: icon, bold title and a one-line explanation.

    The labels inside ignore the mouse so a touch anywhere on the card presses the button.
    """

    def __init__(
        self,
        icon: str,
        metrics: Metrics,
        *,
        object_name: str = "choice",
        icon_px: int = 120,
        icon_color: str = PRIMARY,
        vertical: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.icon_label = IconLabel(icon, icon_px, metrics, icon_color)
        self._icon_px = icon_px
        self._compact = False
        self.title = make_label("", "choiceTitle")
        self.subtitle = make_label("", "choiceSub")
        for label in (self.title, self.subtitle):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._text_box = QVBoxLayout()
        self._text_box.setSpacing(6)
        self._text_box.addStretch(1)
        self._text_box.addWidget(self.title)
        self._text_box.addWidget(self.subtitle)
        self._text_box.addStretch(1)
        self._metrics = metrics
        self._vertical = vertical
        # [stretch, icon, texts, stretch]: the stretches centre the group when stacked.
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(32, 20, 32, 20)
        self._row.setSpacing(32)
        self._row.addStretch(0)
        self._row.addWidget(self.icon_label, 0, Qt.AlignmentFlag.AlignVCenter)
        self._row.addLayout(self._text_box, 1)
        self._row.addStretch(0)
        self.set_vertical(vertical)

    def set_vertical(self, vertical: bool) -> None:
        """Icon above the text (landscape cards) or beside it (portrait rows)."""
        self._vertical = vertical
        self._row.setDirection(
            QHBoxLayout.Direction.TopToBottom if vertical else QHBoxLayout.Direction.LeftToRight
        )
        self._row.setStretch(0, 1 if vertical else 0)
        self._row.setStretch(2, 0 if vertical else 1)
        self._row.setStretch(3, 1 if vertical else 0)
        # Stacked, the outer stretches take the spare height (they have a factor, the inner
        # ones do not), so the wrapped title keeps the height it needs.
        self._text_box.setStretch(0, 0 if vertical else 1)
        self._text_box.setStretch(3, 0 if vertical else 1)
        align = Qt.AlignmentFlag.AlignHCenter if vertical else Qt.AlignmentFlag.AlignLeft
        self._row.setAlignment(self.icon_label, align | Qt.AlignmentFlag.AlignVCenter)
        for label in (self.title, self.subtitle):
            label.setAlignment(align | Qt.AlignmentFlag.AlignVCenter)

    def set_margins(self, horizontal: int, vertical: int) -> None:
        set_layout_margins(
            self._row, self._metrics, (horizontal, vertical, horizontal, vertical), horizontal
        )

    def set_density(self, compact: bool) -> None:
        """Compact cards (long grids): a tighter gap between icon and text, and the style
        sheet's [density="compact"] sizes for the card and its labels."""
        self.setProperty("density", "compact" if compact else "roomy")
        self._row.setSpacing(self._metrics.px(14 if compact else 32))
        if compact != self._compact:
            self.icon_label.set_design_px(round(self._icon_px * 0.75) if compact else self._icon_px)
        self._compact = compact
        for widget in (self, self.title, self.subtitle):
            widget.style().unpolish(widget)
            widget.style().polish(widget)

    def set_texts(self, title: str, subtitle: str) -> None:
        self.title.setText(title)
        self.subtitle.setText(subtitle)
        self.subtitle.setVisible(bool(subtitle))
        # Accessible name = what a screen reader (and a test) reads for this button.
        self.setAccessibleName(title)


class Pager(QWidget):
    """Previous / "Halaman 1 dari 3" / next, for lists too long for one screen.

    Touch scrolling is hard for people who rarely use touchscreens; explicit pages with big
    buttons are not.

    Signals:
        page_changed(int): the 0-based page now shown.
    """

    page_changed = Signal(int)

    def __init__(self, metrics: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prev_button = TouchButton("", "pager", metrics, icon="back", icon_px=40,
                                       icon_color=PRIMARY)  # fmt: skip
        self.next_button = TouchButton("", "pager", metrics, icon="next", icon_px=40,
                                       icon_color=PRIMARY)  # fmt: skip
        self.next_button.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.label = make_label("", "pagerLabel", wrap=False, align=Qt.AlignmentFlag.AlignCenter)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(24)
        row.addWidget(self.prev_button, 1)
        row.addWidget(self.label, 1)
        row.addWidget(self.next_button, 1)
        self._page: int = 0
        self._pages: int = 1
        self._texts = ("", "", "{page}/{pages}")
        self.prev_button.clicked.connect(lambda: self.set_page(self._page - 1))
        self.next_button.clicked.connect(lambda: self.set_page(self._page + 1))

    def set_texts(self, prev_text: str, next_text: str, page_of: str) -> None:
        """`page_of` has {page} and {pages} placeholders."""
        self._texts = (prev_text, next_text, page_of)
        self._refresh()

    def set_pages(self, pages: int, page: int = 0) -> None:
        self._pages = max(1, pages)
        self._page = min(max(0, page), self._pages - 1)
        self._refresh()

    @property
    def page(self) -> int:
        return self._page

    @property
    def pages(self) -> int:
        return self._pages

    def set_page(self, page: int) -> None:
        page = min(max(0, page), self._pages - 1)
        if page != self._page:
            self._page = page
            self._refresh()
            self.page_changed.emit(page)

    def _refresh(self) -> None:
        prev_text, next_text, page_of = self._texts
        self.prev_button.setText(prev_text)
        self.next_button.setText(next_text)
        self.label.setText(page_of.format(page=self._page + 1, pages=self._pages))
        # Hidden, not disabled: a greyed button invites a tap that does nothing.
        self.prev_button.setVisible(self._page > 0)
        self.next_button.setVisible(self._page < self._pages - 1)
        self.setVisible(self._pages > 1)
        sp = self.prev_button.sizePolicy()
        sp.setRetainSizeWhenHidden(True)
        self.prev_button.setSizePolicy(sp)
        sp = self.next_button.sizePolicy()
        sp.setRetainSizeWhenHidden(True)
        self.next_button.setSizePolicy(sp)


def clear_layout(layout: QLayout) -> None:
    """Remove and delete every item of a layout (for lists rebuilt on new data)."""
    while True:
        item = layout.takeAt(0)
        if item is None:
            break
        widget = item.widget()
        if widget is not None:
            widget.hide()
            widget.setParent(None)
            widget.deleteLater()
        child = item.layout()
        if child is not None:
            clear_layout(child)
