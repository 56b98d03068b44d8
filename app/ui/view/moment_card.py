"""Moment cards: a shareable picture of a milestone or highlight (1080×1350,
the portrait size feeds like best) — the big number, the streamer, when it
happened, and a small chart of the run-up. The seed of Genbo is an operator who
clipped the moment a dashboard passed 1M to congratulate a streamer."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
)

from app.core.metrics import METRICS
from app.core.moment import run_up
from app.core.numbers import format_elapsed
from app.core.series import SeriesSet
from app.core.session import SessionInfo
from app.ui.widgets.format import format_datetime, format_metric, metric_label

CARD_W, CARD_H = 1080, 1350
RUN_UP_METRICS = ("gmv", "viewers", "orders", "new_followers", "dwell_seconds")
"""What a highlight's card charts (it has no metric of its own): the first of
these with readings around the mark."""


def render_card(
    info: SessionInfo,
    title: str,
    metric: str | None,
    value: float | None,
    ts_ms: int,
    series: SeriesSet | None,
    major: bool = True,
) -> QImage:
    img = QImage(CARD_W, CARD_H, QImage.Format.Format_ARGB32)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    accent = paint_background(p, CARD_W, CARD_H, major)

    def text(rect: QRectF, s: str, size: int, color: QColor | str, bold: bool = False) -> None:
        # Smaller for a long text, down to two thirds, then cut with "…".
        font, shown = fit_text(s, size, size * 2 / 3, rect.width(), bold=bold)
        draw_text(p, rect, shown, font, color)

    elapsed = format_elapsed((ts_ms - info.started_ms) / 1000)
    local = datetime.fromtimestamp(ts_ms / 1000, tz=info.started_at.tzinfo)
    text(QRectF(60, 60, CARD_W - 120, 50), "Genbo 跟播", 34, "#d6d3d1")
    text(QRectF(60, 130, CARD_W - 120, 110), info.streamer.name, 84, "#ffffff", bold=True)
    big = "★"
    if metric is not None and metric in METRICS and value is not None:
        big = format_metric(metric, value)
    text(QRectF(40, 300, CARD_W - 80, 260), big, 210, accent, bold=True)
    text(QRectF(60, 580, CARD_W - 120, 80), title, 52, "#ffffff", bold=True)
    when = f"{elapsed} · {format_datetime(local)}"
    text(QRectF(60, 670, CARD_W - 120, 60), when, 36, "#e7e5e4")

    chart = run_up_metric(series, metric, ts_ms, info.started_ms) if series is not None else None
    if series is not None and chart is not None:
        _chart(p, series, chart, ts_ms, info.started_ms, accent)
        if chart != metric:  # a highlight: say what the run-up is of
            t_mark = (ts_ms - info.started_ms) / 1000
            at = series.buffers[chart].value_at(t_mark)
            caption = metric_label(chart)
            if at is not None:
                caption += "  " + format_metric(chart, at)
            f = QFont()
            f.setPixelSize(30)
            p.setFont(f)
            p.setPen(QColor("#d6d3d1"))
            p.drawText(
                QRectF(90, 780, CARD_W - 180, 40),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                caption,
            )
    else:
        # Too few readings around the moment to draw a run-up: say so rather
        # than leave half the card blank.
        note = QCoreApplication.translate(
            "moment_card", "Not enough readings around this moment to draw its run-up"
        )
        text(QRectF(90, 900, CARD_W - 180, 80), note, 30, "#a8a29e")
    text(QRectF(60, CARD_H - 110, CARD_W - 120, 60), info.title, 34, "#a8a29e")
    p.end()
    return img


# -- the painter's text, shared with the moment video --------------------------------
CENTRE = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter)
CENTRE_WRAP = CENTRE | int(Qt.TextFlag.TextWordWrap)


def pixel_font(size: float, bold: bool = False) -> QFont:
    f = QFont()
    f.setPixelSize(max(1, round(size)))
    f.setBold(bold)
    return f


def draw_text(
    p: QPainter, rect: QRectF, s: str, font: QFont, color: QColor | str, flags: int = CENTRE
) -> None:
    p.setFont(font)
    p.setPen(QColor(color))
    p.drawText(rect, flags, s)


_WRAP = int(Qt.TextFlag.TextWordWrap)


def _line_height(metrics: QFontMetricsF, width: float) -> float:
    """One wrapped line's height as drawn (a CJK fallback font is taller
    than the primary font's line spacing says)."""
    return max(
        metrics.boundingRect(QRectF(0, 0, width, 10_000), _WRAP, sample).height()
        for sample in ("国", "Ag")
    )


def elide_lines(text: str, metrics: QFontMetricsF, width: float, lines: int) -> str:
    """The text as at most `lines` wrapped lines, the last one elided."""
    limit = _line_height(metrics, width) * lines + 1

    def height(t: str) -> float:
        return metrics.boundingRect(QRectF(0, 0, width, 10_000), _WRAP, t).height()

    if height(text) <= limit:
        return text
    lo, hi = 0, len(text)  # the longest start that fits with "…"
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if height(text[:mid].rstrip() + "…") <= limit:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + "…"


def fit_text(
    text: str, size: float, min_size: float, width: float, lines: int = 1, bold: bool = True
) -> tuple[QFont, str]:
    """A font for `text` at `size`, smaller down to `min_size` if it is too
    wide; at the smallest, wrapped onto `lines` lines and elided past them."""
    f = pixel_font(size, bold)
    w = QFontMetricsF(f).horizontalAdvance(text)
    if w <= width:
        return f, text
    f = pixel_font(max(min_size, size * width / w), bold)
    if QFontMetricsF(f).horizontalAdvance(text) <= width:
        return f, text
    return f, elide_lines(text, QFontMetricsF(f), width, lines)


def paint_background(p: QPainter, width: int, height: int, major: bool) -> QColor:
    """The card's (and the moment video's) background; returns the accent
    colour: gold for a major moment, lavender for the others."""
    bg = QLinearGradient(0, 0, 0, height)
    if major:
        bg.setColorAt(0, QColor("#7c2d12"))
        bg.setColorAt(1, QColor("#1c1917"))
        accent = QColor("#fbbf24")
    else:
        bg.setColorAt(0, QColor("#312e81"))
        bg.setColorAt(1, QColor("#111827"))
        accent = QColor("#a5b4fc")
    p.fillRect(0, 0, width, height, bg)
    return accent


def run_up_metric(series: SeriesSet, metric: str | None, ts_ms: int, started_ms: int) -> str | None:
    """The metric a card charts: its own if it has at least two readings
    around the mark, else (a highlight, say) the first of `RUN_UP_METRICS` that has."""
    t_mark = (ts_ms - started_ms) / 1000
    candidates = (metric, *RUN_UP_METRICS) if metric in METRICS else RUN_UP_METRICS
    for key in candidates:
        if key in series.buffers and run_up(series.buffers[key], t_mark)[0].size >= 2:
            return key
    return None


def _chart(
    p: QPainter, series: SeriesSet, metric: str, ts_ms: int, started_ms: int, accent: QColor
) -> None:
    buf = series.buffers[metric]
    t_mark = (ts_ms - started_ms) / 1000
    t, v = run_up(buf, t_mark)
    if t.size < 2:
        return
    box = QRectF(90, 780, CARD_W - 180, 400)
    p.setPen(QPen(QColor(255, 255, 255, 40), 2))
    p.drawRoundedRect(box.adjusted(-20, -20, 20, 20), 24, 24)
    t0, t1 = float(t[0]), float(t[-1])
    lo, hi = float(v.min()), float(v.max())
    if hi <= lo:
        hi = lo + 1

    def pt(x: float, y: float) -> QPointF:
        return QPointF(
            box.left() + (x - t0) / max(t1 - t0, 1e-9) * box.width(),
            box.bottom() - (y - lo) / (hi - lo) * box.height(),
        )

    path = QPainterPath(pt(float(t[0]), float(v[0])))
    step = max(1, t.size // 600)
    for x, y in zip(t[::step], v[::step], strict=True):
        path.lineTo(pt(float(x), float(y)))
    path.lineTo(pt(float(t[-1]), float(v[-1])))
    area = QPainterPath(path)
    area.lineTo(QPointF(pt(float(t[-1]), lo).x(), box.bottom()))
    area.lineTo(QPointF(box.left(), box.bottom()))
    area.closeSubpath()
    fill = QColor(accent)
    fill.setAlpha(60)
    p.fillPath(area, fill)
    p.setPen(QPen(accent, 6))
    p.drawPath(path)
    mark_value = buf.value_at(t_mark)
    if mark_value is not None and t0 <= t_mark <= t1:
        c = pt(t_mark, mark_value)
        p.setBrush(QColor("#ffffff"))
        p.setPen(QPen(accent, 6))
        p.drawEllipse(c, 16, 16)
