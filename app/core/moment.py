"""The moment video's plan, without Qt: what it shows at each instant.

A moment video (issue: 大屏破百万 as a ready-to-post vertical video) is a
short clip about one milestone or highlight. It may open with the real
dashboard crossing the line (frames kept by a `FrameRing`), then the
animated part: the run-up chart draws itself from the session's real
readings, the big number counts along with it and passes the threshold at
the mark, and the banner celebrates. `MomentTimeline` says where each part
falls; `MomentData` holds the readings it draws (copied, so a live series
can go on growing while the video is made on another thread).
"""

from __future__ import annotations

import math
import threading
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from app.core.milestones import MAX_INTERPOLATION_S
from app.core.series import SeriesBuffer, SeriesSet
from app.core.video_spec import FPS

FloatArray = npt.NDArray[np.float64]

RUN_UP_S = 15 * 60
"""The chart starts this long before the moment (or when the session did)."""
AFTER_S = 60.0
"""Readings after the moment that are kept (the value the dashboard showed
once it passed: the first reading at or after the mark)."""

REVEAL_FROM = 0.06
REVEAL_TO = 0.55
"""Within the animated part, the chart draws itself between these shares of
its length; the number passes the line at `REVEAL_TO`."""
CLIP_SHARE = 0.4
"""The real dashboard takes at most this share of the video."""
CLIP_AFTER_S = 2.0
"""The dashboard clip runs this long past the moment (the number just passed)."""
CLIP_FADE_S = 0.4


@dataclass(frozen=True)
class MomentData:
    """What one moment video shows. Texts are already in the UI language."""

    streamer: str
    session_title: str
    started_ms: int
    utc_offset_min: int
    ts_ms: int
    """The moment (UTC epoch ms): the crossing, or the highlight's mark."""
    headline: str
    """The banner: 大屏破百万, "GMV passed ¥1M", or a highlight's title."""
    metric: str | None
    """What the chart and the big number show (None: too few readings)."""
    target: float | None
    """The threshold crossed (display units); None for a highlight."""
    t: FloatArray = field(repr=False)
    """Session seconds of the readings around the moment (finite values only)."""
    v: FloatArray = field(repr=False)
    note: str = ""
    major: bool = True
    noticed_ms: int = 0
    """When a reading showed it (≥ `ts_ms`; 0: the same). The crossing time
    is estimated between two readings; the dashboard showed the number past
    the line only from here on."""

    @property
    def shown_ms(self) -> int:
        """When the dashboard itself showed the moment."""
        return max(self.ts_ms, self.noticed_ms)

    @property
    def mark_s(self) -> float:
        return (self.ts_ms - self.started_ms) / 1000.0

    @property
    def start_s(self) -> float:
        """Where the chart starts."""
        return float(self.t[0]) if self.t.size else self.mark_s

    def value_at(self, s: float) -> float | None:
        """The reading at session second `s`, linear between readings (the
        count-up), held across a silence longer than the milestones'
        `MAX_INTERPOLATION_S` (what happened in it is not known); None
        without readings."""
        if self.t.size == 0:
            return None
        i = int(np.searchsorted(self.t, s, side="right"))
        if 0 < i < self.t.size and self.t[i] - self.t[i - 1] > MAX_INTERPOLATION_S:
            return float(self.v[i - 1])
        return float(np.interp(s, self.t, self.v))

    @property
    def final_value(self) -> float | None:
        """The number once the moment is reached: the first reading at or
        after it (what the dashboard showed once past the line), else the
        value at the mark."""
        if self.t.size == 0:
            return None
        if self.target is not None:
            # The reading that revealed it: the first at or past the line from the
            # mark on (the estimated crossing can fall on the reading before it).
            i = int(np.searchsorted(self.t, self.mark_s, side="left"))
            past = np.nonzero(self.v[i:] >= self.target)[0]
            if past.size:
                return float(self.v[i + int(past[0])])
            if i < self.t.size:
                return float(self.v[i])
        return self.value_at(self.mark_s)

    def shown_value(self, s: float) -> float | None:
        """The big number when the chart has drawn up to session second `s`:
        the readings' value before the moment, the final value from it on.
        Before the moment it stays below a threshold it had not yet passed."""
        if s >= self.mark_s:
            return self.final_value
        value = self.value_at(s)
        if value is not None and self.target is not None and value >= self.target:
            # Interpolation cannot pass a line the readings passed only at the mark;
            # a float's last digit could.
            value = math.nextafter(self.target, -math.inf)
        return value

    def chart(self, upto_s: float) -> tuple[FloatArray, FloatArray]:
        """The readings drawn so far (up to session second `upto_s`), with the
        interpolated point at `upto_s` so the line grows smoothly."""
        if self.t.size == 0:
            return self.t, self.v
        upto = min(upto_s, self.mark_s)
        n = int(np.searchsorted(self.t, upto, side="right"))
        t, v = self.t[:n], self.v[:n]
        tip = self.shown_value(upto) if upto < self.mark_s else self.value_at(upto)
        if tip is not None and (n == 0 or t[-1] < upto):
            t = np.append(t, upto)
            v = np.append(v, tip)
        return t, v

    def value_range(self) -> tuple[float, float]:
        """The chart's vertical range: the readings up to the moment and the threshold."""
        upto = int(np.searchsorted(self.t, self.mark_s, side="right"))
        vals = list(self.v[: max(upto, 1)]) if self.t.size else []
        if self.target is not None:
            vals.append(self.target)
        final = self.final_value
        if final is not None:
            vals.append(final)
        if not vals:
            return 0.0, 1.0
        lo, hi = min(vals), max(vals)
        if hi <= lo:
            hi = lo + 1.0
        pad = (hi - lo) * 0.08
        return max(0.0, lo - pad) if lo >= 0 else lo - pad, hi + pad


def run_up(buf: SeriesBuffer, mark_s: float) -> tuple[FloatArray, FloatArray]:
    """The readings of one metric around a moment (the moment card's chart
    and the video's): from `RUN_UP_S` before it to `AFTER_S` after, gaps
    left out, as copies. Only the window is looked at: a day's buffer is
    millions of points."""
    t, v = buf.t, buf.v
    i0 = int(np.searchsorted(t, mark_s - RUN_UP_S, side="left"))
    i1 = int(np.searchsorted(t, mark_s + AFTER_S, side="right"))
    t, v = t[i0:i1], v[i0:i1]
    keep = np.isfinite(v)
    return t[keep], v[keep]


def moment_from_series(
    series: SeriesSet | None,
    *,
    streamer: str,
    session_title: str,
    started_ms: int,
    utc_offset_min: int,
    ts_ms: int,
    headline: str,
    metric: str | None,
    target: float | None,
    note: str = "",
    major: bool = True,
    candidates: Sequence[str] = (),
    noticed_ms: int = 0,
) -> MomentData:
    """A moment's data, its readings copied out of `series`: `metric`'s if it
    has two readings around the moment, else the first of `candidates` that
    has (a highlight has no metric of its own). The threshold is kept only
    when the chart is of the metric that crossed it."""
    mark_s = (ts_ms - started_ms) / 1000.0
    chosen, t, v = None, np.empty(0), np.empty(0)
    keys = ([metric] if metric else []) + [c for c in candidates if c != metric]
    for key in keys:
        if series is None or key not in series.buffers:
            continue
        kt, kv = run_up(series.buffers[key], mark_s)
        # A milestone's run-up needs a reading from before the line was passed
        # (a source back after a long outage, already past it, has none).
        if kt.size < 2:
            continue
        before = kt[0] < mark_s if (target is not None and key == metric) else kt[0] <= mark_s
        if before:
            chosen, t, v = key, kt, kv
            break
    return MomentData(
        streamer=streamer,
        session_title=session_title,
        started_ms=started_ms,
        utc_offset_min=utc_offset_min,
        ts_ms=ts_ms,
        headline=headline,
        metric=chosen,
        target=target if chosen is not None and chosen == metric else None,
        t=t,
        v=v,
        note=note,
        major=major,
        noticed_ms=noticed_ms,
    )


def ease(x: float) -> float:
    """Smoothstep: slow at both ends, so the run-up lingers near the line."""
    x = min(1.0, max(0.0, x))
    return x * x * (3 - 2 * x)


@dataclass(frozen=True)
class MomentTimeline:
    """Where each part of a video falls, in video seconds."""

    seconds: float
    clip_s: float = 0.0
    """The real dashboard at the start (0: none)."""
    fps: int = FPS

    @property
    def frames(self) -> int:
        return round(self.seconds * self.fps)

    @property
    def animated_s(self) -> float:
        return self.seconds - self.clip_s

    @property
    def reveal_from_s(self) -> float:
        return self.clip_s + REVEAL_FROM * self.animated_s

    @property
    def crossing_s(self) -> float:
        """When the chart reaches the moment and the number passes the line."""
        return self.clip_s + REVEAL_TO * self.animated_s

    def in_clip(self, video_s: float) -> bool:
        return video_s < self.clip_s

    def reveal(self, video_s: float) -> float:
        """How much of the run-up is drawn (0–1) at video second `video_s`."""
        span = self.crossing_s - self.reveal_from_s
        return ease((video_s - self.reveal_from_s) / span) if span > 0 else 1.0

    def since_crossing(self, video_s: float) -> float:
        return video_s - self.crossing_s

    def fade_in(self, video_s: float) -> float:
        """The animated part's opacity while it fades in over the clip's end (0–1)."""
        if self.clip_s <= 0:
            return 1.0
        return min(1.0, max(0.0, (video_s - self.clip_s) / CLIP_FADE_S + 1.0))


def session_at(data: MomentData, timeline: MomentTimeline, video_s: float) -> float:
    """The session second the chart has drawn up to at video second `video_s`."""
    return data.start_s + timeline.reveal(video_s) * (data.mark_s - data.start_s)


def clip_seconds(seconds: float, span_s: float) -> float:
    """How long the real dashboard is shown: what the buffer holds, at most
    `CLIP_SHARE` of the video; none if it holds less than a second and a half."""
    clip = min(span_s, CLIP_SHARE * seconds)
    return clip if clip >= 1.5 else 0.0


# -- the dashboard's rolling buffer -----------------------------------------------


@dataclass(frozen=True)
class Frame:
    ts_ms: int
    """When it was grabbed, on the session's clock (UTC epoch ms)."""
    data: bytes
    """The picture, encoded (JPEG)."""
    width: int
    height: int


class FrameRing:
    """The last `window_ms` of frames, never more than `max_bytes` in all (the
    oldest go first). Thread-safe: frames arrive from a worker while a video
    being made takes a copy."""

    def __init__(self, window_ms: int = 20_000, max_bytes: int = 48 * 1024 * 1024) -> None:
        self.window_ms = window_ms
        self.max_bytes = max_bytes
        self._frames: deque[Frame] = deque()
        self._bytes = 0
        self._lock = threading.Lock()
        self.dropped = 0
        """Frames let go for the byte budget rather than for age."""

    def add(self, frame: Frame) -> None:
        with self._lock:
            if self._frames and frame.ts_ms < self._frames[-1].ts_ms:
                return  # the clock went back: keep the buffer in order
            self._frames.append(frame)
            self._bytes += len(frame.data)
            horizon = frame.ts_ms - self.window_ms
            while self._frames and self._frames[0].ts_ms < horizon:
                self._bytes -= len(self._frames.popleft().data)
            while self._bytes > self.max_bytes and len(self._frames) > 1:
                self._bytes -= len(self._frames.popleft().data)
                self.dropped += 1

    def __len__(self) -> int:
        with self._lock:
            return len(self._frames)

    @property
    def nbytes(self) -> int:
        with self._lock:
            return self._bytes

    def span_ms(self) -> int:
        with self._lock:
            return self._frames[-1].ts_ms - self._frames[0].ts_ms if self._frames else 0

    def between(self, from_ms: int, to_ms: int) -> list[Frame]:
        """The frames grabbed from `from_ms` to `to_ms`, oldest first (a copy)."""
        with self._lock:
            return [f for f in self._frames if from_ms <= f.ts_ms <= to_ms]

    def clear(self) -> None:
        with self._lock:
            self._frames.clear()
            self._bytes = 0


def clip_frames(frames: Sequence[Frame], mark_ms: int, clip_s: float) -> list[Frame]:
    """The frames a clip of `clip_s` seconds shows: up to `CLIP_AFTER_S` past
    the moment."""
    end = mark_ms + round(CLIP_AFTER_S * 1000)
    start = end - round(clip_s * 1000)
    return [f for f in frames if start <= f.ts_ms <= end]


def frame_for(frames: Sequence[Frame], start_ms: int, video_s: float) -> Frame | None:
    """The newest frame grabbed by `video_s` seconds into a clip starting at
    `start_ms` (10 fps grabbed, shown at 30: each is held a few frames)."""
    if not frames:
        return None
    at = start_ms + round(video_s * 1000)
    times = [f.ts_ms for f in frames]
    i = int(np.searchsorted(times, at, side="right")) - 1
    return frames[max(0, i)]


# -- words -------------------------------------------------------------------------

_DIGITS = "零一二三四五六七八九"
_SMALL_UNITS = ((1000, "千"), (100, "百"), (10, "十"))


def round_words_zh(value: float) -> str | None:
    """A round number as a Chinese headline says it: 100万 → 百万, 500万 →
    五百万, 1万 → 万, 1000 → 千, 200万 → 两百万, 1亿 → 亿; None for a number
    that is not one digit followed by zeros."""
    if not math.isfinite(value) or value <= 0 or value != int(value):
        return None
    n = int(value)
    for big, word_of_big in ((100_000_000, "亿"), (10_000, "万"), (1, "")):
        if n >= big and n % big == 0 and n // big < 10_000:
            head, big_word = n // big, word_of_big
            break
    else:
        return None
    digits = str(head)
    if digits.strip("0") != digits[0]:
        return None  # more than one significant digit
    d = int(digits[0])
    unit_value = 10 ** (len(digits) - 1)
    small = dict((u, w) for u, w in _SMALL_UNITS).get(unit_value, "")
    if not small and not big_word:
        return None  # a single digit: not a headline number
    if d == 1:
        word = ""
    elif d == 2 and (small in ("百", "千") or (not small and big_word)):
        word = "两"
    else:
        word = _DIGITS[d]
    return word + small + big_word
