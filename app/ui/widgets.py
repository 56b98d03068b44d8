"""Small widgets shared by the views."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QLabel

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
