"""Small widgets shared by the views."""

from __future__ import annotations

import math

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QFontMetricsF, QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QWidget

STEADY_SAMPLE = "Ag¥9,9万亿"
"""Latin and CJK together: CJK glyphs come from a fallback font whose lines are
taller, so a label's height changed when a number crossed 1万."""


_HEIGHTS: dict[tuple[str, int], int] = {}


def _sample_height(font_key: str, margins: int, like: QLabel) -> int:
    """How tall a label in `like`'s font is with `STEADY_SAMPLE` in it, measured
    once per font (every tile shares the answer)."""
    height = _HEIGHTS.get((font_key, margins))
    if height is None:
        probe = QLabel(STEADY_SAMPLE)
        probe.setFont(like.font())
        height = _HEIGHTS[(font_key, margins)] = probe.sizeHint().height() + margins
    return height


class SteadyLabel(QLabel):
    """A label for changing text that is always as tall as a line holding
    both Latin and CJK glyphs. A live label one line tall that grew by three
    pixels when "9,987" became "1.00万" moved everything below it: the plots
    were resized and re-rendered (30–50 ms) each time, twice a second when a
    value hovered around 1万."""

    def _line_height(self) -> int:
        m = self.contentsMargins()
        return _sample_height(self.font().key(), m.top() + m.bottom(), self)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), max(hint.height(), self._line_height()))

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(hint.width(), max(hint.height(), self._line_height()))

    def heightForWidth(self, width: int) -> int:
        """Word-wrapped labels are laid out by this one."""
        height = super().heightForWidth(width)
        return height if height < 0 else max(height, self._line_height())


def line_height(font: QFont) -> int:
    """How tall one line holding both Latin and CJK glyphs is in `font`."""
    probe = QLabel(STEADY_SAMPLE)
    probe.setFont(font)
    return probe.sizeHint().height()


class FitLabel(SteadyLabel):
    """A one-line label whose size does not depend on its text: numbers that
    grow longer never widen the window. Text that does not fit is first drawn
    in a smaller font (down to `shrink` of the size, for big numbers), then
    elided; the full text is then the tooltip.

    `min_width` is what it asks for at the least; `hint_width` what it would
    like (the width of `hint_text` if given, else of the text it shows)."""

    def __init__(
        self,
        text: str = "",
        parent: QWidget | None = None,
        *,
        min_width: int = 40,
        hint_text: str | None = None,
        shrink: float = 1.0,
    ) -> None:
        super().__init__(text, parent)
        self._min_width = min_width
        self._hint_text = hint_text
        self._shrink = shrink
        self._whole_up_to = 0
        self._base_tip = ""
        self._cut_tip = ""
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(False)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def _natural_width(self, text: str) -> int:
        """The width that shows `text` whole: glyph advances are fractional, and
        `fitted` elides by the exact width (a rounded-down one cut "API demo")."""
        m = self.contentsMargins()
        advance = math.ceil(QFontMetricsF(self.font()).horizontalAdvance(text))
        return advance + m.left() + m.right() + 3

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        text = self.text() if self._hint_text is None else self._hint_text
        return QSize(max(self._min_width, self._natural_width(text)), hint.height())

    def minimumSizeHint(self) -> QSize:
        least = self._min_width
        if self._whole_up_to:
            least = max(least, min(self._natural_width(self.text()), self._whole_up_to))
        return QSize(least, super().minimumSizeHint().height())

    def keep_whole(self, up_to_px: int) -> None:
        """Ask for the text's whole width (up to `up_to_px`) as the least, in
        the font it ends up with: what other labels in the row give up first."""
        self._whole_up_to = up_to_px
        self.updateGeometry()

    def fitted(self) -> tuple[QFont, str]:
        """The font and the (possibly elided) text it is drawn with at its width."""
        text = self.text()
        font = QFont(self.font())
        avail = max(0, self.contentsRect().width() - 2)
        width = QFontMetrics(font).horizontalAdvance(text)
        if width > avail and self._shrink < 1.0 and width > 0:
            points = font.pointSizeF() > 0
            size = font.pointSizeF() if points else float(font.pixelSize())
            smallest = size * self._shrink
            size = max(smallest, size * avail / width)
            while True:  # glyphs do not scale exactly with the size
                if points:
                    font.setPointSizeF(size)
                else:
                    font.setPixelSize(max(1, round(size)))
                if size <= smallest or QFontMetrics(font).horizontalAdvance(text) <= avail:
                    break
                size = max(smallest, size - (0.5 if points else 1.0))
        shown = QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, avail)
        return font, shown

    def setToolTip(self, tip: str) -> None:
        self._base_tip = tip
        self._apply_tip()

    def _apply_tip(self) -> None:
        QLabel.setToolTip(self, "\n".join(t for t in (self._cut_tip, self._base_tip) if t))

    def is_elided(self) -> bool:
        return self.fitted()[1] != self.text()

    def paintEvent(self, event: QPaintEvent) -> None:
        font, shown = self.fitted()
        cut = self.text() if shown != self.text() else ""
        if cut != self._cut_tip:  # the full text, only while it is cut
            self._cut_tip = cut
            self._apply_tip()
        QFrame.paintEvent(self, event)
        painter = QPainter(self)
        painter.setFont(font)
        self.style().drawItemText(
            painter,
            self.contentsRect(),
            int(self.alignment()),
            self.palette(),
            self.isEnabled(),
            shown,
            self.foregroundRole(),
        )


def form_error(parent: QWidget | None) -> QLabel:
    """A dialog's line for what is wrong with the form: red, wrapped, hidden
    until there is something to say."""
    label = QLabel(parent)
    label.setObjectName("formError")
    label.setWordWrap(True)
    label.hide()
    return label
