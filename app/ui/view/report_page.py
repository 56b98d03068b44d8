"""The one-page 复盘 report (A4), drawn with QPainter: the same paint function
makes the PDF (QPdfWriter) and the PNG (QImage), and could paint a preview.

Layout is worked out in points on an A4 page and drawn in device units (so
text is shaped at the size it is drawn, with no scaling in between). Every
text is measured with QFontMetricsF and elided to the room it has; each drawn
text's rectangle is kept (`PageLayout.texts`) so a test can prove none
overlaps another or leaves the page.

Contents, top to bottom: header (streamer, title, date, duration, start vs
plan), the operator's notes, the figure grid (each figure with the median of
the streamer's previous sessions, ↑/↓ %, its rank; the worst one marked), the
GMV and viewers plots with segment bands, gaps, milestones and numbered
highlights, then the segments ranked by GMV beside the highlight list.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import numpy as np
from PySide6.QtCore import QCoreApplication, QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPageLayout,
    QPageSize,
    QPaintDevice,
    QPainter,
    QPainterPath,
    QPdfWriter,
    QPen,
    QRawFont,
    QTextLayout,
)

from app import __version__
from app.core.figures import (
    FIGURE_CONTEXT,
    Better,
    FigureComparison,
    describe_start,
    format_change,
    format_figure,
    ordinal,
)
from app.core.highlights import Highlight
from app.core.metrics import METRICS
from app.core.milestones import Milestone, MilestoneKind
from app.core.numbers import NumberFormat, format_elapsed
from app.core.schedule import on_time
from app.core.series import SeriesBuffer
from app.session.report import ReportData
from app.ui.widgets.format import (
    format_clock,
    format_datetime,
    format_month_day_time,
    number_format,
)

PAGE_W = 595.276
PAGE_H = 841.89
"""A4 in points (1/72 inch)."""
MARGIN = 28.0
FAMILIES = ["DejaVu Sans", "Noto Sans CJK SC", "Noto Sans CJK", "sans-serif"]
"""Latin first: Qt's PDF writer loses the text of Noto CJK's Latin digits (the
searchable text of "2:00:00" came out as " : : "); Chinese falls back to Noto CJK."""

INK = QColor("#111827")
MUTED = QColor("#6b7280")
RULE = QColor("#e5e7eb")
UP = QColor("#166534")
DOWN = QColor("#b91c1c")
LATE = QColor("#b45309")
GMV_COLOR = QColor("#e4572e")
VIEWERS_COLOR = QColor("#2f7ed8")
MILESTONE_COLOR = QColor("#7c3aed")
MAJOR_COLOR = QColor("#d97706")
HIGHLIGHT_COLOR = QColor("#0f766e")
BANDS = ("#dbeafe", "#fde68a", "#dcfce7", "#fce7f3", "#e0e7ff", "#ffedd5", "#ccfbf1", "#f3e8ff")
"""Segment band tints; the ranked table shows each segment's swatch."""

NICE_TIME_STEPS_S = (60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400)


def _tr(text: str) -> str:
    return QCoreApplication.translate("report", text)


@dataclass
class PageLayout:
    """What was drawn, in points: every text's rectangle and the text itself."""

    texts: list[tuple[QRectF, str]] = field(default_factory=list)
    cut: list[str] = field(default_factory=list)
    """Lists that did not fit whole ("segments: 4 more")."""


class _Page:
    """Points in, device units out; text measured and elided."""

    def __init__(self, painter: QPainter, device: QPaintDevice, scale: float) -> None:
        self.p = painter
        self.device = device
        self.u = scale
        self.layout = PageLayout()
        self._fonts: dict[tuple[float, bool], QFont] = {}

    # -- geometry --------------------------------------------------------------------
    def dev(self, r: QRectF) -> QRectF:
        u = self.u
        return QRectF(r.x() * u, r.y() * u, r.width() * u, r.height() * u)

    def fill(self, r: QRectF, color: QColor, radius: float = 0.0) -> None:
        self.p.setPen(Qt.PenStyle.NoPen)
        self.p.setBrush(QBrush(color))
        if radius:
            self.p.drawRoundedRect(self.dev(r), radius * self.u, radius * self.u)
        else:
            self.p.drawRect(self.dev(r))

    def frame(self, r: QRectF, color: QColor, width: float = 0.6, radius: float = 0.0) -> None:
        self.p.setPen(QPen(color, width * self.u))
        self.p.setBrush(Qt.BrushStyle.NoBrush)
        if radius:
            self.p.drawRoundedRect(self.dev(r), radius * self.u, radius * self.u)
        else:
            self.p.drawRect(self.dev(r))

    def line(
        self, x1: float, y1: float, x2: float, y2: float, color: QColor, width: float = 0.5,
        dash: bool = False,
    ) -> None:  # fmt: skip
        pen = QPen(color, width * self.u)
        if dash:
            pen.setStyle(Qt.PenStyle.DashLine)
        self.p.setPen(pen)
        u = self.u
        self.p.drawLine(QPointF(x1 * u, y1 * u), QPointF(x2 * u, y2 * u))

    # -- text ------------------------------------------------------------------------
    def font(self, size: float, bold: bool = False) -> QFont:
        key = (size, bold)
        if key not in self._fonts:
            f = QFont()
            f.setFamilies(FAMILIES)
            f.setPixelSize(max(1, round(size * self.u)))
            f.setBold(bold)
            f.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
            # No "ﬁ" ligature: the PDF's text would read "ﬁrst" (searching and
            # copying "first" fail).
            f.setFeature(QFont.Tag("liga"), 0)
            self._fonts[key] = f
        return self._fonts[key]

    def metrics(self, size: float, bold: bool = False) -> QFontMetricsF:
        return QFontMetricsF(self.font(size, bold), self.device)

    def width(self, text: str, size: float, bold: bool = False) -> float:
        return self.metrics(size, bold).horizontalAdvance(text) / self.u

    def height(self, size: float, bold: bool = False) -> float:
        return self.metrics(size, bold).height() / self.u

    def text(
        self,
        x: float,
        y: float,
        w: float,
        text: str,
        size: float,
        color: QColor = INK,
        bold: bool = False,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
    ) -> float:
        """Draw one line with its top at y within [x, x + w], elided to fit.
        Returns the width it took (points); nothing is drawn when nothing fits."""
        if w <= 0 or not text:
            return 0.0
        fm = self.metrics(size, bold)
        # A hair of slack: a width measured for this very text must not elide it.
        shown = fm.elidedText(text, Qt.TextElideMode.ElideRight, w * self.u + 0.5)
        if not shown:
            return 0.0
        tw = fm.horizontalAdvance(shown) / self.u
        h = fm.height() / self.u
        if align & Qt.AlignmentFlag.AlignRight:
            left = x + w - tw
        elif align & Qt.AlignmentFlag.AlignHCenter:
            left = x + (w - tw) / 2
        else:
            left = x
        self.p.setFont(self.font(size, bold))
        self.p.setPen(QPen(color))
        base = (y * self.u) + fm.ascent()
        self.p.drawText(QPointF(left * self.u, base), shown)
        self.layout.texts.append((QRectF(left, y, tw, h), shown))
        return tw

    def wrapped(
        self, x: float, y: float, w: float, text: str, size: float, max_lines: int,
        color: QColor = INK,
    ) -> float:  # fmt: skip
        """Text wrapped to `w` (CJK breaks between characters), at most
        `max_lines`, the last one elided. Returns the height used."""
        font = self.font(size)
        fm = self.metrics(size)
        lines: list[str] = []
        for para in text.splitlines() or [""]:
            layout = QTextLayout(para, font, self.device)
            layout.beginLayout()
            while True:
                ln = layout.createLine()
                if not ln.isValid():
                    break
                ln.setLineWidth(w * self.u)
                lines.append(para[ln.textStart() : ln.textStart() + ln.textLength()])
            layout.endLayout()
        if len(lines) > max_lines:
            last = "".join(lines[max_lines - 1 :])
            lines = [*lines[: max_lines - 1], last]  # elided when drawn
        line_h = fm.height() / self.u
        for i, ln_text in enumerate(lines[:max_lines]):
            self.text(x, y + i * line_h, w, ln_text.rstrip(), size, color)
        return line_h * min(len(lines), max_lines)


# -- the page --------------------------------------------------------------------------


def paint_report(
    painter: QPainter,
    device: QPaintDevice,
    data: ReportData,
    fmt: NumberFormat | None = None,
    generated_ms: int | None = None,
) -> PageLayout:
    """Paint the report on a device the size of an A4 page (any resolution)."""
    fmt = fmt or number_format()
    scale = device.width() / PAGE_W
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    page = _Page(painter, device, scale)
    page.fill(QRectF(0, 0, PAGE_W, PAGE_H), QColor("white"))
    x, w = MARGIN, PAGE_W - 2 * MARGIN
    y = _header(page, data, fmt, x, MARGIN, w)
    if data.info.notes.strip():
        page.text(x, y, w, _tr("Notes"), 7.5, MUTED, bold=True)
        y += page.height(7.5) + 2
        y += page.wrapped(x, y, w, data.info.notes.strip(), 8.5, 2) + 6
    y = _figure_grid(page, data, fmt, x, y, w)
    footer_y = PAGE_H - MARGIN + 6
    # The plots take what the tables below them leave (up to a limit).
    room = footer_y - 6 - (y + 8) - _plots_height(page, 0.0) - 10
    extra = min(max(room - _tables_height(page, data), 0.0), MAX_PLOT_EXTRA)
    y = _plots(page, data, fmt, x, y + 8, w, extra)
    _tables(page, data, fmt, x, y + 10, w, footer_y - 6)
    when = datetime.fromtimestamp((generated_ms or _now_ms()) / 1000, tz=UTC).astimezone()
    page.line(x, footer_y - 3, x + w, footer_y - 3, RULE)
    footer = _tr("Genbo {version} · session {id} · made {when}").format(
        version=__version__, id=data.info.id, when=format_datetime(when)
    )
    page.text(x, footer_y, w, footer, 6.5, MUTED)
    return page.layout


def _now_ms() -> int:
    return int(datetime.now(tz=UTC).timestamp() * 1000)


def _header(
    page: _Page, data: ReportData, fmt: NumberFormat, x: float, y: float, w: float
) -> float:
    info = data.info
    tag = _tr("复盘 report")
    tag_w = page.width(tag, 8.5) + 2
    page.text(x + w - tag_w, y + 6, tag_w, tag, 8.5, MUTED, align=Qt.AlignmentFlag.AlignRight)
    room = w - tag_w - 12
    used = page.text(x, y, room * 0.6, info.streamer.name, 16, bold=True)
    if info.title:
        page.text(x + used + 8, y + 5, room - used - 8, info.title, 11, MUTED)
    y += page.height(16, True) + 3
    start = info.started_at
    parts: list[tuple[str, QColor]] = [(format_datetime(start), INK)]
    if info.ended_ms is not None:
        end = datetime.fromtimestamp(info.ended_ms / 1000, tz=UTC).astimezone(start.tzinfo)
        same_day = end.date() == start.date()
        end_text = format_clock(end) if same_day else format_month_day_time(end)
        parts[0] = (parts[0][0] + " – " + end_text, INK)
    off = info.utc_offset_min
    zone = f"UTC{'+' if off >= 0 else '-'}{abs(off) // 60}"
    if off % 60:
        zone += f":{abs(off) % 60:02d}"
    parts.append((zone, MUTED))
    parts.append((_tr("duration {d}").format(d=fmt.duration(round(info.summary.duration_s))), INK))
    if info.streamer.platform:
        parts.append((info.streamer.platform, MUTED))
    start_text = describe_start(info.late_s, _tr)
    if start_text is not None:
        parts.append((start_text, UP if on_time(info.late_s) else LATE))
    cx = x
    for i, (text, color) in enumerate(parts):
        if i:
            cx += page.text(cx, y, x + w - cx, "  ·  ", 9, MUTED)
        cx += page.text(cx, y, x + w - cx, text, 9, color, bold=color is LATE)
    y += page.height(9) + 4
    page.line(x, y, x + w, y, RULE, 0.8)
    return y + 6


def _figure_grid(
    page: _Page, data: ReportData, fmt: NumberFormat, x: float, y: float, w: float
) -> float:
    cmp = data.comparison
    if cmp.previous:
        caption = _tr(
            "Against the median of the streamer's previous {n} sessions; ranks among {m}"
        ).format(n=cmp.previous, m=cmp.sessions)
    else:
        caption = _tr("The streamer's first session: no earlier ones to compare with yet")
    page.text(x, y, w, caption, 7.5, MUTED)
    y += page.height(7.5) + 3
    cols, gap, cell_h = 4, 6.0, 44.0
    cell_w = (w - gap * (cols - 1)) / cols
    for i, row in enumerate(cmp.rows):
        r, c = divmod(i, cols)
        _figure_cell(page, row, fmt, x + c * (cell_w + gap), y + r * (cell_h + gap), cell_w, cell_h)
    rows = math.ceil(len(cmp.rows) / cols)
    return y + rows * cell_h + (rows - 1) * gap


def _figure_cell(
    page: _Page, row: FigureComparison, fmt: NumberFormat, x: float, y: float, w: float, h: float
) -> None:
    rect = QRectF(x, y, w, h)
    if row.worst:
        page.fill(rect, QColor("#fef2f2"), 4)
        page.frame(rect, DOWN, 1.0, 4)
    else:
        page.fill(rect, QColor("#f9fafb"), 4)
        page.frame(rect, RULE, 0.6, 4)
    pad = 5.0
    ix, iw = x + pad, w - 2 * pad
    fig = row.figure
    label = QCoreApplication.translate(FIGURE_CONTEXT, fig.label)
    rank = (
        _tr("{ordinal} of {of}").format(ordinal=ordinal(row.rank), rank=row.rank, of=row.rank_of)
        if row.rank is not None and row.rank_of > 1
        else ""
    )
    rank_w = page.width(rank, 6.5) if rank else 0.0
    page.text(ix + iw - rank_w, y + 4, rank_w, rank, 6.5, MUTED)
    page.text(ix, y + 3.5, iw - rank_w - 4, label, 7.5, MUTED)
    vy = y + 4.5 + page.height(7.5)
    badge = _tr("worst") if row.worst else ""
    badge_w = page.width(badge, 6.5, True) + 6 if badge else 0.0
    if badge:
        by = vy + 3
        page.fill(QRectF(ix + iw - badge_w, by, badge_w, page.height(6.5) + 1), DOWN, 2)
        page.text(ix + iw - badge_w + 3, by + 0.5, badge_w - 6, badge, 6.5, QColor("white"), True)
    page.text(ix, vy, iw - badge_w - 4, format_figure(fig.unit, fig.value, fmt), 12.5, INK, True)
    by = y + h - 4 - page.height(7)
    change = format_change(row.change, fmt) if row.change is not None else ""
    if change:
        color = MUTED
        if fig.better is Better.HIGHER and row.change is not None and row.change != 0:
            color = UP if row.change > 0 else DOWN
        cw = page.width(change, 7.5, True)
        page.text(ix + iw - cw, by - 0.5, cw, change, 7.5, color, True)
    else:
        cw = 0.0
    median = (
        _tr("median {v}").format(v=format_figure(fig.unit, row.median, fmt))
        if row.median is not None
        else _tr("no median")
    )
    page.text(ix, by, iw - cw - 4, median, 7, MUTED)


# -- plots -----------------------------------------------------------------------------


def _nice_step(span: float, ticks: int) -> float:
    if span <= 0:
        return 1.0
    raw = span / max(1, ticks)
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if m * mag >= raw:
            return float(m * mag)
    return float(10 * mag)


def _buffer_max(buf: SeriesBuffer) -> float | None:
    v = buf.v
    finite = v[np.isfinite(v)] if len(v) else v
    return float(finite.max()) if finite.size else None


@dataclass
class _Axis:
    x: float
    w: float
    t_end: float

    def px(self, t: float) -> float:
        return self.x + self.w * min(max(t / self.t_end, 0.0), 1.0)


GMV_PLOT_H, VIEWERS_PLOT_H = 112.0, 80.0
"""The plots' least heights (points); they grow into room the tables leave."""
MAX_PLOT_EXTRA = 150.0
_TITLE_H, _LANE_H, _HL_LANE_H = 12.0, 10.0, 13.0


def _plots_height(page: _Page, extra: float) -> float:
    fixed = 2 * _TITLE_H + _LANE_H + 6 + _HL_LANE_H + page.height(6.5) + 1
    return fixed + GMV_PLOT_H + VIEWERS_PLOT_H + extra


def _plots(
    page: _Page, data: ReportData, fmt: NumberFormat, x: float, y: float, w: float, extra: float
) -> float:
    series = data.review.series
    t_end = max((data.end_ms - data.info.started_ms) / 1000, series.last_time(), 60.0)
    gmv_buf, viewers_buf = series.buffers["gmv"], series.buffers["viewers"]
    gmv_max, viewers_max = _buffer_max(gmv_buf), _buffer_max(viewers_buf)
    if gmv_max is None and viewers_max is None:
        # A summary-only session: a line saying so instead of empty plots.
        box = QRectF(x, y, w, 36)
        page.fill(box, QColor("#f9fafb"), 4)
        page.frame(box, RULE, 0.6, 4)
        msg = _tr("No samples: this session has only its summary figures, so there are no plots")
        mw = min(page.width(msg, 9), w - 12)
        page.text(x + (w - mw) / 2, y + (36 - page.height(9)) / 2, mw, msg, 9, MUTED)
        return box.bottom()
    gmv_h, viewers_h = GMV_PLOT_H + extra * 0.58, VIEWERS_PLOT_H + extra * 0.42
    title_h, lane_h = _TITLE_H, _LANE_H

    def money_label(v: float) -> str:
        return fmt.money(Decimal(str(round(v, 2))))

    def count_label(v: float) -> str:
        return fmt.count(round(v))

    gmv_ticks = _y_ticks(gmv_max)
    viewers_ticks = _y_ticks(viewers_max)
    labels = [money_label(v) for v in gmv_ticks[0]] + [count_label(v) for v in viewers_ticks[0]]
    axis_w = max([page.width(s, 6.5) for s in labels] + [20.0]) + 4
    axis = _Axis(x + axis_w, w - axis_w, t_end)

    # Titles and the segment-name lane.
    gmv_title = QCoreApplication.translate("metrics", METRICS["gmv"].label)
    page.text(x, y, w / 2, gmv_title, 8.5, GMV_COLOR, True)
    y += title_h
    seg_y = y
    y += lane_h
    gmv_rect = QRectF(axis.x, y, axis.w, gmv_h)
    y += gmv_h + 6
    v_title = QCoreApplication.translate("metrics", METRICS["viewers"].label)
    page.text(x, y, w / 2, v_title, 8.5, VIEWERS_COLOR, True)
    y += title_h
    viewers_rect = QRectF(axis.x, y, axis.w, viewers_h)
    y += viewers_h
    hl_y = y + 1.5
    y += _HL_LANE_H
    tick_y = y

    # Bands under everything: segments, then gaps.
    seg_colors = _segment_colors(data)
    for st in data.segments:
        seg = st.segment
        t0 = (seg.start_ms - data.info.started_ms) / 1000
        t1 = ((seg.end_ms or data.end_ms) - data.info.started_ms) / 1000
        x0, x1 = axis.px(t0), axis.px(t1)
        if x1 - x0 < 0.3:
            x1 = x0 + 0.3
        color = QColor(seg_colors[seg.uid])
        for rect in (gmv_rect, viewers_rect):
            page.fill(QRectF(x0, rect.y(), x1 - x0, rect.height()), color)
        if x1 - x0 >= 18:
            page.text(x0 + 1.5, seg_y + 1, x1 - x0 - 3, seg.name, 6.5, MUTED)
    for g0, g1, _reason in series.gaps:
        x0, x1 = axis.px(g0), axis.px(t_end if g1 is None else g1)
        for rect in (gmv_rect, viewers_rect):
            page.fill(QRectF(x0, rect.y(), max(x1 - x0, 0.5), rect.height()), QColor(0, 0, 0, 28))

    _plot_frame(page, gmv_rect, gmv_ticks, money_label, x, axis_w)
    _plot_frame(page, viewers_rect, viewers_ticks, count_label, x, axis_w)
    _curve(page, gmv_buf, gmv_rect, axis, gmv_ticks[1], GMV_COLOR)
    _curve(page, viewers_buf, viewers_rect, axis, viewers_ticks[1], VIEWERS_COLOR)
    _milestones(page, data, fmt, axis, gmv_rect, viewers_rect)
    _highlight_marks(page, data, axis, hl_y, gmv_rect.y(), viewers_rect.bottom())
    _time_ticks(page, axis, tick_y)
    return tick_y + page.height(6.5) + 1


def _y_ticks(vmax: float | None) -> tuple[list[float], float]:
    """Tick values and the axis top (headroom for milestone labels)."""
    if vmax is None or vmax <= 0:
        return [0.0], 1.0
    step = _nice_step(vmax, 4)
    top = vmax * 1.18
    ticks = [i * step for i in range(int(top // step) + 1)]
    return ticks, top


def _plot_frame(
    page: _Page,
    rect: QRectF,
    ticks: tuple[list[float], float],
    label: Callable[[float], str],
    x: float,
    axis_w: float,
) -> None:
    values, top = ticks
    lh = page.height(6.5)
    last_y = None
    for v in values:
        yy = rect.bottom() - rect.height() * v / top
        page.line(rect.x(), yy, rect.right(), yy, RULE, 0.4)
        ty = min(max(yy - lh / 2, rect.y()), rect.bottom() - lh)
        if last_y is not None and last_y - ty < lh:
            continue
        page.text(x, ty, axis_w - 3, label(v), 6.5, MUTED, align=Qt.AlignmentFlag.AlignRight)
        last_y = ty
    page.frame(rect, QColor("#d1d5db"), 0.5)


def _curve(
    page: _Page, buf: SeriesBuffer, rect: QRectF, axis: _Axis, top: float, color: QColor
) -> None:
    if not len(buf):
        return
    buckets = max(16, int(rect.width() * page.u / 2))
    t, v = buf.reduced(0.0, axis.t_end, buckets)
    if not len(t):
        return
    u = page.u
    path = QPainterPath()
    pen_down = False
    xs = (axis.x + axis.w * np.clip(t / axis.t_end, 0.0, 1.0)) * u
    ys = (rect.bottom() - rect.height() * np.clip(v / top, 0.0, 1.0)) * u
    for xi, yi, vi in zip(xs.tolist(), ys.tolist(), v.tolist(), strict=True):
        if math.isnan(vi):
            pen_down = False
            continue
        if pen_down:
            path.lineTo(xi, yi)
        else:
            path.moveTo(xi, yi)
            pen_down = True
    page.p.setBrush(Qt.BrushStyle.NoBrush)
    pen = QPen(color, 1.1 * u)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    page.p.setPen(pen)
    page.p.drawPath(path)


def _milestones(
    page: _Page, data: ReportData, fmt: NumberFormat, axis: _Axis, gmv: QRectF, viewers: QRectF
) -> None:
    """A dashed line and a triangle at each crossing; its value (¥10万) in the
    plot's headroom where it does not touch the label before it."""
    started = data.info.started_ms
    taken: dict[int, float] = {}
    for m in sorted(data.review.milestones, key=lambda m: m.ts_ms):
        if m.kind is MilestoneKind.JOINED:
            continue
        rect = viewers if m.metric == "viewers" else gmv
        xx = axis.px((m.ts_ms - started) / 1000)
        color = MAJOR_COLOR if m.major else MILESTONE_COLOR
        page.line(xx, rect.y(), xx, rect.bottom(), color, 0.5, dash=True)
        tri = QPainterPath()
        u = page.u
        tri.moveTo(xx * u, (rect.y() + 4) * u)
        tri.lineTo((xx - 2.5) * u, rect.y() * u)
        tri.lineTo((xx + 2.5) * u, rect.y() * u)
        tri.closeSubpath()
        page.p.setPen(Qt.PenStyle.NoPen)
        page.p.setBrush(QBrush(color))
        page.p.drawPath(tri)
        label = _milestone_label(m, fmt)
        lw = page.width(label, 6, m.major)
        lx = xx + 2.5
        if lx + lw > rect.right() - 1:
            lx = xx - 2.5 - lw
        key = id(rect)
        if lx < taken.get(key, -1e9) + 3 or lx < rect.x() + 1:
            continue
        page.text(lx, rect.y() + 2, lw + 0.5, label, 6, color, m.major)
        taken[key] = lx + lw


def _milestone_label(m: Milestone, fmt: NumberFormat) -> str:
    if m.kind is MilestoneKind.THRESHOLD:
        if m.metric in METRICS and METRICS[m.metric].is_money:
            return fmt.money(Decimal(str(m.value)))
        return fmt.count(round(m.value))
    if m.kind is MilestoneKind.PERSONAL_BEST:
        return _tr("best")
    if m.kind is MilestoneKind.SURGE:
        return f"+{m.value:.0f}%"
    if m.kind is MilestoneKind.DROP:
        return f"-{m.value:.0f}%"
    return m.detail or "•"


def _highlight_marks(
    page: _Page, data: ReportData, axis: _Axis, lane_y: float, top: float, bottom: float
) -> None:
    """Numbered dots under the plots (the numbers of the highlight list); a
    dot that would touch the one before it is drawn without its number."""
    started = data.info.started_ms
    size = 6.0
    d = 9.0
    last_x = -1e9
    for i, h in enumerate(_sorted_highlights(data), start=1):
        xx = axis.px((h.mark_ms - started) / 1000)
        page.line(xx, top, xx, bottom, QColor(15, 118, 110, 70), 0.4)
        label = str(i)
        lw = max(page.width(label, size, True) + 3, d)
        if xx - lw / 2 < last_x + 1:
            page.fill(QRectF(xx - 1.2, lane_y + d / 2 - 1.2, 2.4, 2.4), HIGHLIGHT_COLOR, 1.2)
            continue
        rect = QRectF(xx - lw / 2, lane_y, lw, d)
        page.fill(rect, HIGHLIGHT_COLOR, d / 2)
        th = page.height(size, True)
        page.text(rect.x(), lane_y + (d - th) / 2, lw, label, size, QColor("white"), True,
                  Qt.AlignmentFlag.AlignHCenter)  # fmt: skip
        last_x = rect.right()


def _time_ticks(page: _Page, axis: _Axis, y: float) -> None:
    label_w = page.width("00:00:00", 6.5) + 8
    max_ticks = max(2, int(axis.w / label_w))
    step = next(
        (s for s in NICE_TIME_STEPS_S if axis.t_end / s <= max_ticks), NICE_TIME_STEPS_S[-1]
    )
    t = 0.0
    last_right = -1e9
    hours = axis.t_end >= 3600
    while t <= axis.t_end + 1e-6:
        xx = axis.px(t)
        text = _hm(t) if hours else format_elapsed(t)
        tw = page.width(text, 6.5)
        left = min(max(xx - tw / 2, axis.x - tw / 2), axis.x + axis.w - tw)
        if left > last_right + 3:
            page.text(left, y, tw + 0.5, text, 6.5, MUTED)
            last_right = left + tw
        t += step


def _hm(seconds: float) -> str:
    """h:mm for the time axis."""
    total = int(seconds) // 60
    return f"{total // 60}:{total % 60:02d}"


def _segment_colors(data: ReportData) -> dict[str, str]:
    by_time = sorted(data.segments, key=lambda s: s.segment.start_ms)
    return {st.segment.uid: BANDS[i % len(BANDS)] for i, st in enumerate(by_time)}


def _sorted_highlights(data: ReportData) -> list[Highlight]:
    return sorted(data.review.highlights, key=lambda h: h.mark_ms)


# -- tables ----------------------------------------------------------------------------


def _table_row_h(page: _Page) -> float:
    return page.height(7.0) + 2.5


def _tables_height(page: _Page, data: ReportData) -> float:
    """What the segment table and the highlight list need to be shown whole."""
    title = page.height(8.5, True) + 2
    rows = max(len(data.segments) + 1, len(data.review.highlights), 1)
    return title + (rows + 1) * _table_row_h(page)


def _tables(
    page: _Page, data: ReportData, fmt: NumberFormat, x: float, y: float, w: float, bottom: float
) -> None:
    gap = 14.0
    left_w = w * 0.56
    right_w = w - left_w - gap
    _segments_table(page, data, fmt, x, y, left_w, bottom)
    _highlight_list(page, data, x + left_w + gap, y, right_w, bottom)


def _columns(
    page: _Page, x: float, y: float, widths: Sequence[float], cells: Sequence[str], size: float,
    color: QColor = INK, bold: bool = False, right_from: int = 2,
) -> None:  # fmt: skip
    cx = x
    for i, (cw, text) in enumerate(zip(widths, cells, strict=True)):
        align = Qt.AlignmentFlag.AlignRight if i >= right_from else Qt.AlignmentFlag.AlignLeft
        page.text(cx, y, cw - 3, text, size, color, bold, align)
        cx += cw


def _segments_table(
    page: _Page, data: ReportData, fmt: NumberFormat, x: float, y: float, w: float, bottom: float
) -> None:
    page.text(x, y, w, _tr("Segments ranked by GMV"), 8.5, INK, True)
    y += page.height(8.5, True) + 2
    if not data.segments:
        page.text(x, y, w, _tr("No segments were marked in this session."), 7.5, MUTED)
        return
    size = 7.0
    row_h = _table_row_h(page)
    heads = ["#", "", _tr("Segment"), _tr("Start"), _tr("Length"), _tr("GMV"), _tr("/min"),
             _tr("Peak")]  # fmt: skip
    num_w = max(page.width(str(len(data.segments)), size), page.width("#", 6.5, True)) + 4
    widths = [num_w, 8.0, 0.0, 34.0, 34.0, 50.0, 44.0, 36.0]
    widths[2] = w - sum(widths)
    _columns(page, x, y, widths, heads, 6.5, MUTED, True, right_from=3)
    y += row_h
    page.line(x, y - 1.5, x + w, y - 1.5, RULE)
    colors = _segment_colors(data)
    fits = max(0, int((bottom - y - row_h) // row_h))
    shown = data.segments if len(data.segments) <= fits + 1 else data.segments[:fits]
    started = data.info.started_ms
    for i, st in enumerate(shown, start=1):
        seg = st.segment
        swatch = QRectF(x + num_w, y + row_h / 2 - 3.5, 5, 5)
        page.fill(swatch, QColor(colors[seg.uid]).darker(125), 1)
        cells = [
            str(i),
            "",
            seg.name,
            format_elapsed((seg.start_ms - started) / 1000),
            format_elapsed(st.duration_s),
            fmt.money(None if st.gmv is None else st.gmv.quantize(Decimal("0.01"))),
            fmt.money(None if st.gmv_per_min is None else st.gmv_per_min.quantize(Decimal("0.01"))),
            fmt.count(st.peak_viewers),
        ]
        _columns(page, x, y, widths, cells, size, right_from=3)
        y += row_h
    more = len(data.segments) - len(shown)
    if more:
        page.text(x, y, w, _tr("… and {n} more (all in the workbook)").format(n=more), 6.5, MUTED)
        page.layout.cut.append(f"segments: {more} more")


def _highlight_list(
    page: _Page, data: ReportData, x: float, y: float, w: float, bottom: float
) -> None:
    page.text(x, y, w, _tr("Highlights"), 8.5, INK, True)
    y += page.height(8.5, True) + 2
    items = _sorted_highlights(data)
    if not items:
        page.text(x, y, w, _tr("No highlights were marked in this session."), 7.5, MUTED)
        return
    size = 7.0
    row_h = _table_row_h(page)
    fits = max(0, int((bottom - y) // row_h))
    shown = items if len(items) <= fits else items[: max(0, fits - 1)]
    started = data.info.started_ms
    num_w = page.width(str(len(items)), 6.5, True) + 6
    time_w = page.width("0:00:00", size) + 6
    for i, h in enumerate(shown, start=1):
        page.text(x, y, num_w - 3, str(i), 6.5, HIGHLIGHT_COLOR, True, Qt.AlignmentFlag.AlignRight)
        page.text(
            x + num_w, y, time_w - 4, format_elapsed((h.mark_ms - started) / 1000), size, MUTED
        )
        title = " ".join(h.title.split())
        if h.note:
            title += " — " + " ".join(h.note.split())
        page.text(x + num_w + time_w, y, w - num_w - time_w, title, size, INK, h.major)
        y += row_h
    more = len(items) - len(shown)
    if more:
        page.text(x, y, w, _tr("… and {n} more (all in the workbook)").format(n=more), 6.5, MUTED)
        page.layout.cut.append(f"highlights: {more} more")


# -- files -----------------------------------------------------------------------------


def render_pdf(data: ReportData, path: Path, fmt: NumberFormat | None = None) -> PageLayout:
    """The report as a one-page A4 PDF (fonts embedded by Qt)."""
    tmp = path.with_name(path.name + ".part")
    writer = QPdfWriter(str(tmp))
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
        )
    )
    writer.setResolution(1200)
    writer.setTitle(f"{data.info.streamer.name} · {data.info.title}".strip(" ·"))
    writer.setCreator(f"Genbo {__version__}")
    painter = QPainter(writer)
    try:
        layout = paint_report(painter, writer, data, fmt)
    finally:
        painter.end()
    del writer  # closes the file
    fix_cjk_text_layer(tmp)
    tmp.replace(path)
    return layout


_RADICALS = (0x2E80, 0x2FE0)
"""CJK Radicals Supplement and Kangxi Radicals."""
_RANGE_ARRAY = re.compile(rb"(<[0-9A-Fa-f]{4}> <[0-9A-Fa-f]{4}> )\[([^\]]*)\]")
_HEX4 = re.compile(rb"<(2[EF][0-9A-Fa-f]{2})>")


@lru_cache(maxsize=1)
def _radical_ideographs() -> dict[int, int]:
    """Radical → the ideograph the CJK font draws with the same glyph
    (⻓ → 长, ⼩ → 小), read from the font's own character map."""
    raw = QRawFont.fromFont(_cjk_font())
    ideographs = "".join(chr(c) for c in range(0x4E00, 0xA000))
    by_glyph: dict[int, int] = {}
    for ch, glyph in zip(ideographs, raw.glyphIndexesForString(ideographs), strict=True):
        if glyph:
            by_glyph.setdefault(int(glyph), ord(ch))
    radicals = "".join(chr(c) for c in range(*_RADICALS))
    table = {}
    for ch, glyph in zip(radicals, raw.glyphIndexesForString(radicals), strict=True):
        if glyph and int(glyph) in by_glyph:
            table[ord(ch)] = by_glyph[int(glyph)]
    return table


def _cjk_font() -> QFont:
    f = QFont()
    f.setFamilies([fam for fam in FAMILIES if "CJK" in fam])
    return f


def fix_cjk_text_layer(path: Path) -> int:
    """Make the PDF's text say the characters that were drawn.

    Qt's PDF writer names each embedded glyph by the lowest code point the
    font maps to it, and Noto CJK draws many ideographs with the glyph of the
    radical they look like: 长 would be searched and copied as ⻓ (U+2ED3), 风
    as ⻛, 小 as ⼩. The report never draws a radical, so each one in the
    ToUnicode maps is put back to its ideograph. Each code is four hex digits
    either way, so no byte moves and the file's offsets stay true. Returns
    how many codes were changed."""
    data = path.read_bytes()
    table = _radical_ideographs()
    changed = 0

    def one(m: re.Match[bytes]) -> bytes:
        nonlocal changed
        code = int(m.group(1), 16)
        if code not in table:
            return m.group(0)
        changed += 1
        return b"<%04X>" % table[code]

    def array(m: re.Match[bytes]) -> bytes:
        return m.group(1) + b"[" + _HEX4.sub(one, m.group(2)) + b"]"

    fixed = _RANGE_ARRAY.sub(array, data)
    assert len(fixed) == len(data)
    if changed:
        path.write_bytes(fixed)
    return changed


def page_size_px(dpi: float) -> QSizeF:
    return QSizeF(round(PAGE_W / 72 * dpi), round(PAGE_H / 72 * dpi))


def render_image(data: ReportData, dpi: float = 150, fmt: NumberFormat | None = None) -> QImage:
    size = page_size_px(dpi)
    image = QImage(int(size.width()), int(size.height()), QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    dots_per_m = round(dpi / 0.0254)
    image.setDotsPerMeterX(dots_per_m)
    image.setDotsPerMeterY(dots_per_m)
    painter = QPainter(image)
    try:
        paint_report(painter, image, data, fmt)
    finally:
        painter.end()
    return image


def render_png(
    data: ReportData, path: Path, dpi: float = 150, fmt: NumberFormat | None = None
) -> None:
    """The report as an A4 PNG at `dpi`."""
    image = render_image(data, dpi, fmt)
    tmp = path.with_name(path.name + ".part")
    if not image.save(str(tmp), "PNG"):  # type: ignore[call-overload]  # PySide6 takes str
        raise OSError(f"could not write {path}")
    tmp.replace(path)
