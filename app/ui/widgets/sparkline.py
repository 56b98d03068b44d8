"""A small line of a metric's last minutes, for the wall's tiles.

Painted with QPainter from numpy arrays (no pyqtgraph: a wall holds two dozen
of them). What is drawn is the buffer's min/max reduction to about two points
per pixel column (`SeriesBuffer.reduced`), so its cost follows the widget's
width, never the session's length; a gap marker (NaN) breaks the line. The
points and their polylines are worked out only when the buffer changed, the
window moved by a pixel column or the widget was resized, and drawn once
into a pixmap then: a paint (a neighbour's, a tile's gold flash) only copies
it — antialiased fills of two dozen lines on every paint took most of a
wall's frame."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QPolygonF,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.core.series import FloatArray, SeriesBuffer
from app.ui.widgets.style import tone

SPAN_S = 600.0
"""The window shown: the last ten minutes of session time."""
FIRST_SPAN_S = 60.0
"""The least a young session's line spans."""
PAD = 2
"""Pixels kept free above and below the line (its pen is drawn whole)."""


def window(now_s: float, span_s: float = SPAN_S) -> tuple[float, float]:
    """The session seconds shown at `now_s`: the whole session while it is
    shorter than `span_s` (at least `FIRST_SPAN_S`, so the first seconds are
    not stretched across the widget), then the last `span_s` seconds."""
    t1 = max(now_s, min(FIRST_SPAN_S, span_s))
    return max(0.0, t1 - span_s), t1


def runs(x: FloatArray, y: FloatArray) -> list[tuple[FloatArray, FloatArray]]:
    """The stretches of (x, y) between NaN values of y: each is drawn as its own
    polyline, so nothing is drawn across a gap."""
    finite = np.isfinite(y)
    if not finite.any():
        return []
    # Edges of the finite stretches: +1 where one starts, -1 after one ends.
    edges = np.diff(np.concatenate(([0], finite.astype(np.int8), [0])))
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1)
    return [(x[a:b], y[a:b]) for a, b in zip(starts, ends, strict=True)]


class Sparkline(QWidget):
    """The last `span_s` seconds of one `SeriesBuffer` as a thin line with a
    light fill under it, scaled to the window's own minimum and maximum."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        colour: str = "spark_viewers",
        span_s: float = SPAN_S,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sparkline")
        self.colour = colour
        """A `TONES` name (app.ui.widgets.style), so the dark theme has its own."""
        self.span_s = span_s
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(36, 14)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, False)
        self._buf: SeriesBuffer | None = None
        self._key: tuple[object, ...] | None = None
        self._t: FloatArray = np.empty(0)
        self._v: FloatArray = np.empty(0)
        self._t0, self._t1 = 0.0, span_s
        self._now = 0.0
        self._lines: list[QPolygonF] = []
        self._fills: list[QPolygonF] = []
        self._pixmap: QPixmap | None = None
        """The lines as last drawn, with the colour and size they were drawn in."""
        self._pixmap_key: tuple[object, ...] = ()
        self.rebuilds = 0
        """How often the drawn points were worked out again (for tests)."""

    def sizeHint(self) -> QSize:
        return QSize(120, 24)

    def minimumSizeHint(self) -> QSize:
        return self.minimumSize()

    # -- what is shown -------------------------------------------------------------
    @property
    def points(self) -> tuple[FloatArray, FloatArray]:
        """The reduced (t, v) points drawn (NaN: a break)."""
        return self._t, self._v

    def clear(self) -> None:
        """Nothing to show (a tile that has no session yet)."""
        if self._buf is None and self._key is None and not self._lines:
            return
        self._buf = None
        self._key = None
        self._t, self._v = np.empty(0), np.empty(0)
        self._lines, self._fills = [], []
        self.update()

    def set_series(self, buf: SeriesBuffer | None, now_s: float) -> bool:
        """Show the last minutes of `buf` up to `now_s` (session seconds). Works
        out the points again only when the buffer changed, the window moved by
        a pixel column or the widget was resized; True when it did."""
        if buf is None:
            self.clear()
            return False
        width = max(1, self.width())
        t0, t1 = window(now_s, self.span_s)
        column = (t1 - t0) / width
        key = (id(buf), buf.version, buf.rebuilds, width, self.height(), math.floor(t1 / column))
        if key == self._key and buf is self._buf:
            return False
        self._buf, self._key, self._now = buf, key, now_s
        self._t0, self._t1 = t0, t1
        if len(buf):
            self._t, self._v = buf.reduced(t0, t1, width)
        else:
            self._t, self._v = np.empty(0), np.empty(0)
        self._rebuild()
        return True

    # -- drawing -------------------------------------------------------------------
    def _rebuild(self) -> None:
        self.rebuilds += 1
        self._lines, self._fills = [], []
        t, v = self._t, self._v
        w, h = self.width(), self.height()
        finite = v[np.isfinite(v)]
        if finite.size and w > 0 and h > 2 * PAD:
            lo, hi = float(finite.min()), float(finite.max())
            span_t = self._t1 - self._t0
            x = (t - self._t0) / span_t * (w - 1)
            top, bottom = PAD, h - 1 - PAD
            if hi > lo:
                y = bottom - (v - lo) / (hi - lo) * (bottom - top)
            else:  # a steady value: a flat line across the middle
                y = np.where(np.isnan(v), np.nan, (top + bottom) / 2.0)
            for xs, ys in runs(x, y):
                line = QPolygonF(
                    [QPointF(a, b) for a, b in zip(xs.tolist(), ys.tolist(), strict=True)]
                )
                if len(xs) == 1:  # a lone reading: a dot's width
                    line = QPolygonF([QPointF(xs[0] - 1, ys[0]), QPointF(xs[0] + 1, ys[0])])
                self._lines.append(line)
                fill = QPolygonF(line)
                fill.append(QPointF(line.last().x(), h))
                fill.append(QPointF(line.first().x(), h))
                self._fills.append(fill)
        self._pixmap = None
        self.update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._buf is not None:
            self._key = None
            self.set_series(self._buf, self._now)
        elif len(self._t):
            self._rebuild()

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._lines:
            return
        colour = tone(self.colour)
        ratio = self.devicePixelRatioF()
        key = (colour.name(), self.width(), self.height(), ratio)
        if self._pixmap is None or self._pixmap_key != key:
            self._pixmap = self._draw(colour, ratio)
            self._pixmap_key = key
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._pixmap)
        painter.end()

    def _draw(self, colour: QColor, ratio: float) -> QPixmap:
        pixmap = QPixmap(round(self.width() * ratio), round(self.height() * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fill = QColor(colour)
        fill.setAlpha(40)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(fill))
        for poly in self._fills:
            painter.drawPolygon(poly)
        pen = QPen(colour)
        pen.setWidthF(1.5)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for poly in self._lines:
            painter.drawPolyline(poly)
        painter.end()
        return pixmap
