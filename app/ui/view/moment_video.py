"""The moment video's frames, drawn with the painter that draws the moment
card (`moment_card`), so the two look alike; and making the whole video
(frames → `app.exports.video.Mp4Writer`) on a pool thread.

What each instant shows comes from `app.core.moment`: the real dashboard
first when its frames were kept, then the run-up chart drawing itself from
the session's readings while the big number counts along and passes the
line at the crossing, the banner, the session clock and date, the note.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import numpy as np
from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
)

from app.config.i18n import current_language
from app.core.entry import metric_value
from app.core.messages import QT_TRANSLATE_NOOP
from app.core.metrics import METRICS
from app.core.milestones import Milestone, MilestoneKind
from app.core.moment import (
    CLIP_FADE_S,
    Frame,
    MomentData,
    MomentTimeline,
    clip_frames,
    clip_seconds,
    frame_for,
    moment_from_series,
    round_words_zh,
    session_at,
)
from app.core.numbers import format_elapsed
from app.core.series import SeriesSet
from app.core.session import SessionInfo
from app.core.video_spec import FPS, VIDEO_H, VIDEO_W
from app.exports.video import Mp4Writer, VideoError, probe
from app.ui.view.moment_card import (
    CENTRE_WRAP,
    RUN_UP_METRICS,
    draw_text,
    elide_lines,
    fit_text,
    paint_background,
    pixel_font,
)
from app.ui.widgets.format import format_datetime, format_metric, metric_label, number_format

NUMBER_RECT = QRectF(40, 430, VIDEO_W - 80, 250)
"""Where the big number is drawn (the tests read it there)."""
HEADLINE_RECT = QRectF(40, 700, VIDEO_W - 80, 165)
CHART_RECT = QRectF(110, 1000, VIDEO_W - 220, 560)
CLIP_RECT = QRectF(40, 420, VIDEO_W - 80, 1000)
NUMBER_PX = 200
SETTLED_S = 0.9
"""The banner's pop has died down this long after the crossing (e^-6t)."""


def headline(m: Milestone) -> str:
    """The banner of a milestone's video: 大屏破百万 and 在线破万 in Chinese
    (a round step said in words), "GMV passed ¥1M" in English."""
    if m.kind is MilestoneKind.THRESHOLD and m.metric in ("gmv", "viewers"):
        words = round_words_zh(m.value) if current_language().startswith("zh") else None
        value = words or format_metric(m.metric, m.value)
        if m.metric == "gmv":
            return QCoreApplication.translate("moment_video", "GMV passed {value}").format(
                value=value
            )
        return QCoreApplication.translate("moment_video", "Viewers passed {value}").format(
            value=value
        )
    return m.describe(number_format(), lambda text: QCoreApplication.translate("milestones", text))


def moment_data(
    info: SessionInfo,
    series: SeriesSet | None,
    ts_ms: int,
    *,
    title: str,
    milestone: Milestone | None = None,
    note: str = "",
    major: bool = True,
) -> MomentData:
    """A moment's data for its video: a milestone's counts up to its threshold
    under its banner; a highlight's (no milestone) shows the first of the
    card's metrics with readings around it, under the highlight's title."""
    return moment_from_series(
        series,
        streamer=info.streamer.name,
        session_title=info.title,
        started_ms=info.started_ms,
        utc_offset_min=info.utc_offset_min,
        ts_ms=ts_ms,
        headline=headline(milestone) if milestone is not None else title,
        metric=milestone.metric if milestone is not None else None,
        target=_line_of(milestone),
        note=note,
        major=milestone.major if milestone is not None else major,
        candidates=RUN_UP_METRICS,
        noticed_ms=milestone.noticed_ms if milestone is not None else 0,
    )


_IN_ITS_UNITS = {"peak_viewers", "gmv", "gmv_15m", "gmv_30m"}
"""Personal bests whose record is in the charted metric's own units (GPM's
and average dwell's are not the running figure the chart shows)."""


def _line_of(m: Milestone | None) -> float | None:
    """The line a milestone's number passes, where it is one of the metric's
    own values: a step, a custom rule's, a record of the running figure; a
    surge's percentage or a GPM record is not."""
    if m is None:
        return None
    if m.kind in (MilestoneKind.THRESHOLD, MilestoneKind.CUSTOM):
        return m.value
    if m.kind is MilestoneKind.PERSONAL_BEST and m.detail in _IN_ITS_UNITS:
        return m.value
    return None


class MomentPainter:
    """Draws frame after frame of one moment video."""

    def __init__(
        self,
        data: MomentData,
        timeline: MomentTimeline,
        clip: Sequence[Frame] = (),
    ) -> None:
        self.data = data
        self.timeline = timeline
        self.clip = list(clip)
        self.clip_start_ms = self.clip[-1].ts_ms - round(timeline.clip_s * 1000) if self.clip else 0
        self.accent = QColor("#fbbf24") if data.major else QColor("#a5b4fc")
        self._local = timezone(timedelta(minutes=data.utc_offset_min))
        self._background = self._paint_background()
        self._clip_images: dict[int, QImage] = {}
        self._below_line = self._below()
        self._number_font = self._fit_number()
        self._headline_font, self._headline = fit_text(
            data.headline, 104, 60, HEADLINE_RECT.width(), lines=2
        )
        self._range = data.value_range()
        self._last_key: object | None = None
        self._last: QImage | None = None

    def _fit_number(self) -> QFont:
        """One size for every number the count shows (it must not jump while
        counting): the widest of the values along the run-up fits the frame."""
        d = self.data
        values = [d.final_value, d.target]
        if d.t.size:
            for s in np.linspace(d.start_s, d.mark_s, 97):
                values.append(d.shown_value(float(s)))
        metrics = QFontMetricsF(pixel_font(NUMBER_PX, True))
        texts = [self._number_text(v) for v in values if v is not None] or ["★"]
        texts.append(self._below_line)
        widest = max(texts, key=metrics.horizontalAdvance)
        return fit_text(widest, NUMBER_PX, 1, NUMBER_RECT.width() - 20)[0]

    # -- the parts that do not move ---------------------------------------------------
    def _paint_background(self) -> QImage:
        d = self.data
        img = QImage(VIDEO_W, VIDEO_H, QImage.Format.Format_RGB32)
        p = QPainter(img)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        paint_background(p, VIDEO_W, VIDEO_H, d.major)
        draw_text(p, QRectF(60, 1850, VIDEO_W - 120, 44), "Genbo 跟播", pixel_font(30), "#a8a29e")
        name_font, name = fit_text(d.streamer, 88, 56, VIDEO_W - 120)
        draw_text(p, QRectF(60, 130, VIDEO_W - 120, 120), name, name_font, "#ffffff")
        if d.session_title:
            title = QFontMetricsF(pixel_font(36)).elidedText(
                d.session_title, Qt.TextElideMode.ElideRight, VIDEO_W - 160
            )
            draw_text(p, QRectF(60, 260, VIDEO_W - 120, 56), title, pixel_font(36), "#a8a29e")
        local = datetime.fromtimestamp(d.ts_ms / 1000, tz=UTC).astimezone(self._local)
        when = f"{format_elapsed(d.mark_s)} · {format_datetime(local)}"
        draw_text(p, QRectF(60, 1615, VIDEO_W - 120, 64), when, pixel_font(42), "#e7e5e4")
        if d.note:
            p.setFont(pixel_font(40))
            p.setPen(QColor("#f5f5f4"))
            box = QRectF(100, 1695, VIDEO_W - 200, 150)
            note = elide_lines(d.note, QFontMetricsF(pixel_font(40)), box.width(), 2)
            p.drawText(box, int(Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap), note)
        p.end()
        return img

    # -- one frame ---------------------------------------------------------------------
    def _still(self, video_s: float) -> object | None:
        """What makes this frame the same as the one before it, if anything:
        the animated part once its banner has settled, a dashboard frame
        held (10 fps kept, 30 shown) outside the fade."""
        tl = self.timeline
        if video_s >= tl.crossing_s + SETTLED_S:
            return "settled"
        if tl.clip_s > 0 and video_s < tl.clip_s and tl.fade_in(video_s) <= 0:
            frame = frame_for(self.clip, self.clip_start_ms, video_s)
            return ("clip", frame.ts_ms if frame is not None else None)
        return None

    def frame(self, index: int) -> QImage:
        """Frame `index` (in order, as the encoder asks for them: a frame the
        same as the one before is not drawn again)."""
        video_s = index / self.timeline.fps
        key = self._still(video_s)
        if key is not None and key == self._last_key and self._last is not None:
            return self._last
        img = self._draw(video_s)
        self._last_key, self._last = key, img
        return img

    def _draw(self, video_s: float) -> QImage:
        tl = self.timeline
        if tl.clip_s > 0 and video_s < tl.clip_s:
            img = self._clip_frame(video_s)
            fade = tl.fade_in(video_s)
            if fade > 0:
                animated = self._animated(video_s)
                p = QPainter(img)
                p.setOpacity(fade)
                p.drawImage(0, 0, animated)
                p.end()
            return img
        return self._animated(video_s)

    def _draw_headline(self, p: QPainter, rect: QRectF) -> None:
        draw_text(p, rect, self._headline, self._headline_font, self.accent, CENTRE_WRAP)

    def _number_text(self, value: float | None, before_line: bool = False) -> str:
        """The big number; `before_line`: as it reads before the crossing,
        never at or past the line (¥99.999万 is written ¥100万: then the
        highest figure written below it, ¥99.99万)."""
        d = self.data
        if d.metric is None or value is None:
            return "★"
        text = format_metric(d.metric, value)
        if before_line and d.target is not None and self._reads_past(text):
            return self._below_line
        return text

    def _reads_past(self, text: str) -> bool:
        d = self.data
        assert d.metric is not None and d.target is not None
        try:
            shown = METRICS[d.metric].from_raw(metric_value(d.metric, text))
        except ValueError:
            return False
        return float(shown) >= d.target

    def _below(self) -> str:
        """The highest figure the formatter writes below the line."""
        d = self.data
        if d.metric is None or d.target is None:
            return "★"
        for step in (0.01, 0.1, 1, 10, 100, 1_000, 10_000, 100_000, 1_000_000):
            text = format_metric(d.metric, d.target - step)
            if d.target - step >= 0 and not self._reads_past(text):
                return text
        return format_metric(d.metric, 0)

    def _animated(self, video_s: float) -> QImage:
        d, tl = self.data, self.timeline
        img = self._background.copy()
        p = QPainter(img)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        upto = session_at(d, tl, video_s)
        crossed = video_s >= tl.crossing_s
        value = d.final_value if crossed else d.shown_value(upto)
        since = tl.since_crossing(video_s)
        # The number: white while it climbs, the accent colour once past.
        colour = self.accent if crossed else QColor("#ffffff")
        shown = self._number_text(value, before_line=not crossed)
        draw_text(p, NUMBER_RECT, shown, self._number_font, colour)
        if crossed:
            pop = 1.0 + 0.35 * math.exp(-since * 6.0) * math.cos(since * 14.0)
            p.save()
            c = HEADLINE_RECT.center()
            p.translate(c)
            p.scale(pop, pop)
            p.translate(-c)
            p.setOpacity(min(1.0, since / 0.15 + 0.2))
            self._draw_headline(p, HEADLINE_RECT)
            p.restore()
            if d.target is not None:  # a milestone: the streamer is congratulated
                congrats = QCoreApplication.translate(
                    "moment_video", "Congratulations, {name}!"
                ).format(name=d.streamer)
                font, congrats = fit_text(congrats, 48, 36, VIDEO_W - 120, bold=False)
                draw_text(
                    p,
                    QRectF(60, 870, VIDEO_W - 120, 70),
                    congrats,
                    font,
                    "#fde68a" if d.major else "#e0e7ff",
                )
            elif d.metric is not None:
                label = metric_label(d.metric)
                draw_text(p, QRectF(60, 870, VIDEO_W - 120, 70), label, pixel_font(44), "#d6d3d1")
        elif d.metric is not None:
            label = metric_label(d.metric)
            if d.target is not None:
                label = QCoreApplication.translate(
                    "moment_video", "{metric} · aiming for {value}"
                ).format(metric=label, value=format_metric(d.metric, d.target))
            font, label = fit_text(label, 56, 40, HEADLINE_RECT.width())
            draw_text(p, HEADLINE_RECT, label, font, "#d6d3d1")
        else:
            self._draw_headline(p, HEADLINE_RECT)
        self._chart(p, upto, crossed)
        p.end()
        return img

    def _chart(self, p: QPainter, upto: float, crossed: bool) -> None:
        d = self.data
        box = CHART_RECT
        p.setPen(QPen(QColor(255, 255, 255, 40), 2))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRoundedRect(box.adjusted(-24, -24, 24, 24), 28, 28)
        if d.metric is None:
            note = QCoreApplication.translate(
                "moment_video", "Not enough readings around this moment to draw its run-up"
            )
            font, note = fit_text(note, 34, 28, box.width(), lines=2, bold=False)
            draw_text(p, box, note, font, "#a8a29e", CENTRE_WRAP)
            return
        t0 = d.start_s
        t1 = d.mark_s + max(1.0, (d.mark_s - t0) * 0.06)  # room right of the mark
        lo, hi = self._range

        def pt(x: float, y: float) -> QPointF:
            return QPointF(
                box.left() + (x - t0) / max(t1 - t0, 1e-9) * box.width(),
                box.bottom() - (y - lo) / (hi - lo) * box.height(),
            )

        if d.target is not None:  # the line to pass, dashed, with its figure
            y = pt(t0, d.target).y()
            pen = QPen(QColor(255, 255, 255, 110), 3, Qt.PenStyle.DashLine)
            p.setPen(pen)
            p.drawLine(QPointF(box.left(), y), QPointF(box.right(), y))
            draw_text(
                p,
                QRectF(box.left(), y - 52, box.width(), 44),
                format_metric(d.metric, d.target),
                pixel_font(32, True),
                "#e7e5e4",
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
            )
        t, v = d.chart(upto)
        if t.size < 1:
            return
        step = max(1, t.size // 600)
        tt, vv = t[::step], v[::step]
        if tt[-1] != t[-1]:
            tt, vv = np.append(tt, t[-1]), np.append(vv, v[-1])
        path = QPainterPath(pt(float(tt[0]), float(vv[0])))
        for x, y in zip(tt[1:], vv[1:], strict=True):
            path.lineTo(pt(float(x), float(y)))
        area = QPainterPath(path)
        area.lineTo(QPointF(pt(float(tt[-1]), lo).x(), box.bottom()))
        area.lineTo(QPointF(pt(float(tt[0]), lo).x(), box.bottom()))
        area.closeSubpath()
        fill = QColor(self.accent)
        fill.setAlpha(60)
        p.fillPath(area, fill)
        p.setPen(QPen(self.accent, 7))
        p.drawPath(path)
        tip = pt(float(tt[-1]), float(vv[-1]))
        p.setBrush(QColor("#ffffff") if crossed else self.accent)
        p.setPen(QPen(self.accent, 6))
        p.drawEllipse(tip, 18 if crossed else 12, 18 if crossed else 12)

    # -- the real dashboard --------------------------------------------------------------
    def _clip_image(self, frame: Frame) -> QImage:
        key = frame.ts_ms
        img = self._clip_images.get(key)
        if img is None:
            img = QImage.fromData(frame.data)
            if len(self._clip_images) > 4:
                self._clip_images.pop(next(iter(self._clip_images)))
            self._clip_images[key] = img
        return img

    def _clip_frame(self, video_s: float) -> QImage:
        d = self.data
        img = QImage(VIDEO_W, VIDEO_H, QImage.Format.Format_RGB32)
        img.fill(QColor("#0c0a09"))
        p = QPainter(img)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        name_font, name = fit_text(d.streamer, 80, 56, VIDEO_W - 120)
        draw_text(p, QRectF(60, 120, VIDEO_W - 120, 110), name, name_font, "#ffffff")
        live = QCoreApplication.translate("moment_video", "On the big screen")
        draw_text(p, QRectF(60, 250, VIDEO_W - 120, 80), live, pixel_font(52, True), "#fca5a5")
        frame = frame_for(self.clip, self.clip_start_ms, video_s)
        if frame is not None:
            pic = self._clip_image(frame)
            if not pic.isNull():
                scale = min(CLIP_RECT.width() / pic.width(), CLIP_RECT.height() / pic.height())
                w, h = pic.width() * scale, pic.height() * scale
                target = QRectF(
                    CLIP_RECT.center().x() - w / 2, CLIP_RECT.center().y() - h / 2, w, h
                )
                p.drawImage(target, pic)
                p.setPen(QPen(QColor(255, 255, 255, 70), 3))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRoundedRect(target.adjusted(-6, -6, 6, 6), 12, 12)
            at_s = (frame.ts_ms - d.started_ms) / 1000
            clock = QRectF(60, 1450, VIDEO_W - 120, 80)
            draw_text(p, clock, format_elapsed(at_s), pixel_font(60, True), "#e7e5e4")
            if frame.ts_ms >= d.shown_ms:  # past the line on the dashboard itself
                banner = QRectF(40, 1560, VIDEO_W - 80, 150)
                self._draw_headline(p, banner)
        p.end()
        return img


def frame_array(img: QImage) -> np.ndarray:
    """A QImage (RGB32/ARGB32) as the encoder's BGRA array, without a copy."""
    if img.format() not in (QImage.Format.Format_RGB32, QImage.Format.Format_ARGB32):
        img = img.convertToFormat(QImage.Format.Format_RGB32)
    buf = np.frombuffer(img.constBits(), dtype=np.uint8)
    return buf.reshape(img.height(), img.bytesPerLine() // 4, 4)[:, : img.width()]


@dataclass(frozen=True)
class VideoResult:
    path: Path
    seconds: float
    crossing_s: float
    """When the number passes the line, in video seconds."""
    clip_s: float
    """How long the real dashboard is shown at the start (0: none)."""
    frames: int
    ts_ms: int
    """The moment (UTC epoch ms)."""


def make_video(
    data: MomentData,
    path: Path,
    seconds: float,
    clip: Sequence[Frame] = (),
    progress: Callable[[float, str], None] | None = None,
    fps: int = FPS,
) -> VideoResult:
    """Draw and encode the whole video (blocking: run it off the GUI thread).
    `clip`: the dashboard's kept frames, of which those up to the moment and
    just after it are shown first."""
    shown: list[Frame] = []
    clip_s = 0.0
    if clip:
        near = clip_frames(clip, data.shown_ms, seconds)
        if near:
            clip_s = clip_seconds(seconds, (near[-1].ts_ms - near[0].ts_ms) / 1000)
            shown = clip_frames(near, data.shown_ms, clip_s) if clip_s else []
            clip_s = clip_s if shown else 0.0
    timeline = MomentTimeline(seconds, clip_s, fps)
    painter = MomentPainter(data, timeline, shown)
    total = timeline.frames
    with Mp4Writer(path, VIDEO_W, VIDEO_H, fps) as out:
        for i in range(total):
            img = painter.frame(i)
            out.add(frame_array(img))
            if progress is not None:
                progress(i / total, "frames")
    if progress is not None:
        progress(1.0, "done")
    facts = probe(path)
    if facts.frames and facts.frames != total:
        path.unlink(missing_ok=True)  # never left looking finished
        raise VideoError(
            QT_TRANSLATE_NOOP("video", "{path} had {frames} frames, not {total}"),
            path=path,
            frames=facts.frames,
            total=total,
        )
    return VideoResult(path, seconds, timeline.crossing_s, clip_s, total, data.ts_ms)


__all__ = [
    "CLIP_FADE_S",
    "NUMBER_RECT",
    "MomentPainter",
    "VideoResult",
    "frame_array",
    "make_video",
]
