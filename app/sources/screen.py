"""Reading a dashboard off the screen: regions, OCR, and the guard.

The operator draws a box around each number of a dashboard (the platform's
desktop client, a mirrored phone, a browser) and names its metric; a
`ScreenLayout` is those boxes, saved per dashboard kind and reused.

Capturing the screen is Qt's job and happens on the GUI thread (`capture`,
given by the window: `app.ui.widgets.screen_grab`), kept to the crops. This
source asks for a frame every `interval_s`, reads the crops with OCR on its
own thread, and passes each reading through a `RegionGuard`
(`app.core.read_guard`): only confirmed, plausible values become samples. A
read that is not confirmed at once is read again `confirm_gap_s` later (the
"two identical reads in a row"), up to `max_reads` times a tick, so a number
that changes every second still settles between two captures.

Suspect reads are kept out of the data, counted in the status, kept with
their crop as an event of kind "ocr_suspect" (`SourceContext.keep`), and
listed by `suspects()`; the operator confirms, corrects or dismisses them
(`resolve`), and a confirmed or corrected value is stored as a sample of
the source's "corrected" feed (`Sample.source` "screen:corrected").

A region that gives no value for `gap_after_s` opens a gap of the source
with its reason, closed once every region reads again.
"""

from __future__ import annotations

import base64
import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import CancelledError, Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from app.core.highlights import EventRecord, new_uid
from app.core.messages import QT_TRANSLATE_NOOP, Explained, say, translate
from app.core.metrics import METRICS, Gap, Sample
from app.core.numbers import normalize
from app.core.read_guard import (
    GuardSettings,
    Judgement,
    Read,
    RegionGuard,
    SuspectReason,
    Verdict,
    read_value,
    reason_text,
)
from app.sources.base import (
    Source,
    SourceConfigError,
    SourceContext,
    SourceSink,
    SourceState,
    SourceStatus,
    register,
)
from app.sources.ocr import Image, OcrEngine, OcrLine, OcrUnavailableError

log = logging.getLogger(__name__)

MIN_INTERVAL_S = 1.0
DEFAULT_INTERVAL_S = 3.0
MIN_REGION_PX = 8
SUSPECT_KIND = "ocr_suspect"
"""The kind of the events that keep suspect reads."""
CORRECTED_FEED = "corrected"
GRAB_TIMEOUT_S = 5.0
"""How long the source waits for the window to grab the screen."""
GRAB_WAIT_SLICE_S = 0.1
"""The source waits for a grab in slices this long, checking for a stop."""


@dataclass(frozen=True, slots=True)
class ScreenRegion:
    metric: str
    x: int
    y: int
    w: int
    h: int
    """In the layout's coordinates: the window's if the layout follows one,
    else the virtual desktop's (device-independent pixels, as Qt gives them)."""

    def to_dict(self) -> dict[str, Any]:
        return {"metric": self.metric, "x": self.x, "y": self.y, "w": self.w, "h": self.h}


BIG_SCREEN = "big_screen"
"""A box's metric when it marks the big screen itself: never read, only kept
(its last seconds) for the moment videos."""


@dataclass(frozen=True, slots=True)
class ScreenLayout:
    name: str
    regions: tuple[ScreenRegion, ...]
    window_title: str = ""
    """Follow the window whose title contains this (where the platform lets
    Genbo find windows: `app.ui.widgets.screen_grab`); "" for fixed screen
    coordinates."""
    screen: str = ""
    """The screen it was drawn on (its name, as Qt gives it)."""
    size: tuple[int, int] = (0, 0)
    """The screen's or the window's size when it was drawn (w, h)."""

    def validate(self) -> None:
        if not self.name.strip():
            raise SourceConfigError(QT_TRANSLATE_NOOP("sources", "the layout needs a name"))
        if not self.regions:
            raise SourceConfigError(
                QT_TRANSLATE_NOOP("sources", "draw a box around at least one number")
            )
        seen: set[str] = set()
        for r in self.regions:
            if r.metric == BIG_SCREEN and BIG_SCREEN in seen:
                raise SourceConfigError(
                    QT_TRANSLATE_NOOP("sources", "mark one big screen, not two")
                )
            if r.metric not in METRICS and r.metric != BIG_SCREEN:
                raise SourceConfigError(
                    QT_TRANSLATE_NOOP("sources", "unknown metric “{name}”"), name=r.metric
                )
            if r.metric in seen:
                raise SourceConfigError(
                    QT_TRANSLATE_NOOP("sources", "two boxes read {metric}; keep one"),
                    metric=r.metric,
                )
            seen.add(r.metric)
            if r.w < MIN_REGION_PX or r.h < MIN_REGION_PX:
                raise SourceConfigError(
                    QT_TRANSLATE_NOOP(
                        "sources", "the box of {metric} is too small ({w}×{h} px); draw it again"
                    ),
                    metric=r.metric,
                    w=r.w,
                    h=r.h,
                )

    @property
    def big_screen(self) -> ScreenRegion | None:
        """The box marked as the big screen (for the moment videos), if any."""
        return next((r for r in self.regions if r.metric == BIG_SCREEN), None)

    def numbers(self) -> ScreenLayout:
        """The layout of the boxes that are read (the big screen's left out)."""
        return replace(self, regions=tuple(r for r in self.regions if r.metric != BIG_SCREEN))

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "window_title": self.window_title,
            "screen": self.screen,
            "size": list(self.size),
            "regions": [r.to_dict() for r in self.regions],
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> ScreenLayout:
        try:
            regions = tuple(
                ScreenRegion(str(r["metric"]), int(r["x"]), int(r["y"]), int(r["w"]), int(r["h"]))
                for r in d["regions"]
            )
            size = d.get("size") or (0, 0)
            layout = cls(
                str(d["name"]),
                regions,
                str(d.get("window_title", "")),
                str(d.get("screen", "")),
                (int(size[0]), int(size[1])),
            )
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            raise SourceConfigError(
                QT_TRANSLATE_NOOP("sources", "the layout cannot be read: {error}"), error=exc
            ) from None
        layout.validate()
        return layout


@dataclass(frozen=True, slots=True)
class Captured:
    """What the screen showed: one crop per region of the layout, in its order."""

    crops: tuple[Image, ...]
    note: str = ""
    """Worth telling, not an error: "window not found: fixed coordinates"."""
    covered: tuple[bool, ...] = ()
    """Per region: one of Genbo's own windows lies over it, so the screen
    there shows Genbo, not the dashboard (never read: a number on Genbo's
    window would pass for the dashboard's)."""


class CaptureError(Explained, RuntimeError):
    """The screen could not be captured (in the user's language)."""

    context = "sources"


Capture = Callable[[ScreenLayout], "Captured | Future[Captured]"]
"""Grabs a layout's crops; called on the source's thread. It gives the
crops, or a `Future` of them that another thread fulfils (the window grabs
on its GUI thread: `app.ui.widgets.screen_grab.ScreenGrabber`): the source
waits for it in slices of `GRAB_WAIT_SLICE_S`, so that a stop does not wait
for the window. Raises (or the Future fails with) `CaptureError`."""


class _StoppedError(Exception):
    """The source was stopped while it waited for a grab."""


class ResolveKind:
    CONFIRM = "confirmed"
    CORRECT = "corrected"
    DISMISS = "dismissed"
    LEVEL = "new level"
    """Not the operator's: the guard took the held value as the new level
    (it kept being read), so there is nothing left to decide."""


@dataclass(frozen=True, slots=True)
class SuspectRead:
    uid: str
    ts_ms: int
    metric: str
    text: str
    confidence: float
    value: int | None
    reason: SuspectReason
    why: str
    """The reason in the user's language, with its figures."""
    crop_png: bytes
    state: str = "open"
    """"open", or how the operator resolved it (`ResolveKind`)."""
    resolved_value: int | None = None

    def record(self, label: str) -> EventRecord:
        return EventRecord(
            self.uid,
            self.ts_ms,
            SUSPECT_KIND,
            label,
            {
                "metric": self.metric,
                "text": self.text,
                "confidence": round(self.confidence, 4),
                "value": self.value,
                "reason": self.reason.value,
                "why": self.why,
                "crop_png": base64.b64encode(self.crop_png).decode("ascii"),
                "state": self.state,
                "resolved_value": self.resolved_value,
            },
        )

    @classmethod
    def from_record(cls, r: EventRecord) -> SuspectRead:
        p = r.payload
        value = p.get("value")
        resolved = p.get("resolved_value")
        return cls(
            r.uid,
            r.ts_ms,
            str(p["metric"]),
            str(p.get("text", "")),
            float(p.get("confidence", 0.0)),
            None if value is None else int(value),
            SuspectReason(p.get("reason", SuspectReason.UNPARSED.value)),
            str(p.get("why", "")),
            base64.b64decode(str(p.get("crop_png", ""))),
            str(p.get("state", "open")),
            None if resolved is None else int(resolved),
        )


@dataclass(frozen=True, slots=True)
class RegionReading:
    """One region's reading, for the layout's preview and the status."""

    metric: str
    text: str
    confidence: float
    verdict: Verdict
    value: int | None
    why: str = ""


def encode_png(crop: Image) -> bytes:
    """A crop as PNG bytes (OpenCV, which the OCR extra brings)."""
    import cv2

    if crop.size == 0:
        return b""
    try:
        ok, buf = cv2.imencode(".png", np.ascontiguousarray(crop[:, :, ::-1]))
    except cv2.error:
        return b""
    return bytes(buf) if ok else b""


def choose_line(key: str, lines: Sequence[OcrLine]) -> OcrLine | None:
    """The line of a region that is its number: the tallest that reads as
    one; else the tallest (to be judged, and shown, as it is). The tallest
    line is the big number: if it has digits but does not read, the number
    was misread, and a smaller line (a caption: 较昨日 +12%) does not stand
    in for it."""
    if not lines:
        return None
    if _reads(key, lines[0]) or _has_digits(lines[0]):
        return lines[0]
    for line in lines[1:]:
        if _reads(key, line):
            return line
    return lines[0]


def _has_digits(line: OcrLine) -> bool:
    return any(c.isdigit() for c in normalize(line.text))


def _reads(key: str, line: OcrLine) -> bool:
    try:
        read_value(key, line.text)
    except ValueError:
        return False
    return True


def read_lines(
    engine: OcrEngine, layout: ScreenLayout, crops: Sequence[Image], indices: Sequence[int]
) -> dict[int, OcrLine | None]:
    """The number's line of each region in `indices` (None: a blank crop)."""
    keys = [layout.regions[i].metric for i in indices]
    seen: set[int] = set()

    def settles(j: int, line: OcrLine) -> bool:
        """Whether no further line of crop `j` is needed (`choose_line`)."""
        tallest = j not in seen
        seen.add(j)
        return _reads(keys[j], line) or (tallest and _has_digits(line))

    lines = engine.read([crops[i] for i in indices], settles)
    return {i: choose_line(key, per) for i, key, per in zip(indices, keys, lines, strict=True)}


def read_regions(
    engine: OcrEngine, layout: ScreenLayout, crops: Sequence[Image], indices: Sequence[int]
) -> dict[int, tuple[str, float]]:
    """(text, confidence) of each region in `indices`, read from its crop."""
    return {
        i: (line.text, line.confidence) if line else ("", 1.0)
        for i, line in read_lines(engine, layout, crops, indices).items()
    }


def as_read(ts_ms: int, line: OcrLine | None) -> Read:
    if line is None:
        return Read(ts_ms, "", 1.0)
    return Read(ts_ms, line.text, line.confidence, line.clipped)


def preview(
    engine: OcrEngine, layout: ScreenLayout, crops: Sequence[Image], settings: GuardSettings
) -> list[RegionReading]:
    """Each region of one capture as the source would read it the first time:
    raw text, value, and the guard's verdict on a first read (a read the
    grammar takes shows as pending: it waits for its confirming read)."""
    numbers = [i for i, r in enumerate(layout.regions) if r.metric != BIG_SCREEN]
    lines = read_lines(engine, layout, crops, numbers)
    out = []
    for i, region in enumerate(layout.regions):
        if region.metric == BIG_SCREEN:
            kept = say("sources", QT_TRANSLATE_NOOP("sources", "kept for the moment videos"))
            out.append(RegionReading(BIG_SCREEN, "", 1.0, Verdict.EMPTY, None, kept))
            continue
        read = as_read(0, lines[i])
        text, conf = read.text, read.confidence
        j = RegionGuard(region.metric, settings).judge(read)
        out.append(
            RegionReading(region.metric, text, conf, j.verdict, j.value, reason_text(j, settings))
        )
    return out


@dataclass
class _RegionState:
    guard: RegionGuard
    last_value_ms: int
    problem: str = ""
    """Why the region gives no value now, in the user's language ("" when it does)."""


@dataclass
class _Resolution:
    uid: str
    kind: str
    value: int | None = None


@register
class ScreenSource(Source):
    kind = "screen"

    def __init__(
        self,
        layout: ScreenLayout | Mapping[str, Any],
        interval_s: float = DEFAULT_INTERVAL_S,
        guard: GuardSettings | Mapping[str, Any] | None = None,
        confirm_gap_s: float = 0.3,
        max_reads: int = 3,
        gap_after_s: float | None = None,
        capture: Capture | None = None,
        engine: OcrEngine | None = None,
        **_stored: Any,
    ) -> None:
        whole = layout if isinstance(layout, ScreenLayout) else ScreenLayout.from_dict(layout)
        whole.validate()
        self.whole = whole
        """The layout as drawn, its big-screen box included (the moment videos keep that)."""
        self.layout = whole.numbers()
        """The boxes that are read."""
        if not interval_s >= MIN_INTERVAL_S:
            raise SourceConfigError(
                QT_TRANSLATE_NOOP("sources", "read the screen at most once a second"),
            )
        self.interval_s = float(interval_s)
        if guard is None:
            guard = GuardSettings()
        elif not isinstance(guard, GuardSettings):
            try:
                guard = GuardSettings(**dict(guard))
            except TypeError as exc:
                raise SourceConfigError(
                    QT_TRANSLATE_NOOP("sources", "the guard's settings cannot be read: {error}"),
                    error=exc,
                ) from None
        guard.validate()
        self.confirm_gap_s = confirm_gap_s
        self.max_reads = max(max_reads, guard.confirm_reads)
        # Recent enough for the jump rule: the last tick's value, read again.
        window = round((self.interval_s + self.max_reads * confirm_gap_s) * 1000) + 1000
        self.guard_settings = replace(guard, jump_window_ms=window)
        self.gap_after_s = (
            gap_after_s if gap_after_s is not None else max(10.0, 3 * self.interval_s)
        )
        self.capture = capture
        """Set by the window before the source runs (it owns the screen)."""
        self.engine = engine or OcrEngine()
        self._lock = threading.Lock()
        self._suspects: dict[str, SuspectRead] = {}
        self._resolutions: list[_Resolution] = []
        self._taking = False
        """A run is on that carries out resolutions (under `_lock`)."""
        self._readings: dict[str, RegionReading] = {}
        self.reads = 0
        """OCR reads made (for the status and the tests)."""

    @property
    def label(self) -> str:
        return f"Screen · {self.layout.name}"

    def config(self) -> dict[str, Any]:
        g = self.guard_settings
        return {
            "layout": self.whole.to_dict(),
            "interval_s": self.interval_s,
            "guard": {
                "confirm_reads": g.confirm_reads,
                "min_confidence": g.min_confidence,
                "max_jump": g.max_jump,
                "jump_floor": g.jump_floor,
                "relevel_reads": g.relevel_reads,
            },
        }

    # -- what the window asks, from the GUI thread -----------------------------------
    def suspects(self) -> list[SuspectRead]:
        """Every suspect read of this run, oldest first."""
        with self._lock:
            return sorted(self._suspects.values(), key=lambda s: s.ts_ms)

    def open_suspects(self) -> int:
        with self._lock:
            return sum(1 for s in self._suspects.values() if s.state == "open")

    def readings(self) -> list[RegionReading]:
        """Each region's latest reading, in the layout's order."""
        with self._lock:
            return [
                self._readings[r.metric] for r in self.layout.regions if r.metric in self._readings
            ]

    def resolve(self, uid: str, kind: str, value: int | None = None) -> bool:
        """The operator's word on a suspect (`ResolveKind`): confirm its
        value, correct it to `value` (raw), or dismiss it. Carried out on
        the source's thread within a tenth of a second, or before its run
        ends. False (and nothing done) if the run has ended or the suspect
        is not open."""
        with self._lock:
            suspect = self._suspects.get(uid)
            if not self._taking or suspect is None or suspect.state != "open":
                return False
            self._resolutions.append(_Resolution(uid, kind, value))
            return True

    # -- the source's thread ---------------------------------------------------------
    def run(self, ctx: SourceContext, sink: SourceSink, stop: threading.Event) -> None:
        if not self.layout.regions:  # only the big screen: nothing to read, it is kept
            sink.status(
                SourceStatus(
                    SourceState.LIVE,
                    say(
                        "sources",
                        QT_TRANSLATE_NOOP(
                            "sources",
                            "no numbers to read: the big screen is kept for the moment videos",
                        ),
                    ),
                    ctx.now_ms(),
                )
            )
            stop.wait()
            sink.status(SourceStatus(SourceState.STOPPED, "", ctx.now_ms()))
            return
        sink.status(
            SourceStatus(
                SourceState.STARTING,
                translate("sources", "loading the OCR models…"),
                ctx.now_ms(),
            )
        )
        try:
            self.engine.warm_up()
        except OcrUnavailableError as exc:
            sink.status(SourceStatus(SourceState.STOPPED, str(exc), ctx.now_ms()))
            return
        if self.capture is None:
            sink.status(
                SourceStatus(
                    SourceState.STOPPED,
                    say(
                        "sources",
                        QT_TRANSLATE_NOOP(
                            "sources",
                            "reading the screen needs Genbo's window; start the session there",
                        ),
                    ),
                    ctx.now_ms(),
                )
            )
            return
        run = _Run(self, ctx, sink, stop, self.capture)
        run.loop()


class _Run:
    def __init__(
        self,
        src: ScreenSource,
        ctx: SourceContext,
        sink: SourceSink,
        stop: threading.Event,
        capture: Capture,
    ) -> None:
        self.src, self.ctx, self.sink, self.stop, self.capture = src, ctx, sink, stop, capture
        start = ctx.now_ms()
        self.regions = [
            _RegionState(RegionGuard(r.metric, src.guard_settings), start)
            for r in src.layout.regions
        ]
        self.gap: Gap | None = None
        self.note = ""
        self.live = False
        self.corrected_id: int | None = None
        with src._lock:
            src._taking = True

    def loop(self) -> None:
        src = self.src
        next_at = time.monotonic()
        while not self.stop.is_set():
            self.tick()
            next_at += src.interval_s
            now = time.monotonic()
            if next_at < now:  # OCR or the window took longer than the interval
                next_at = now + src.interval_s
            if self._sleep(next_at - now):
                break
        with src._lock:  # from here on `resolve` refuses: what it took is carried out now
            src._taking = False
        self._resolve()
        end = self.ctx.now_ms()
        if self.gap is not None:
            self.sink.gap(replace(self.gap, end_ms=end, reason=self.gap.reason + "; stopped"))
        self.sink.status(SourceStatus(SourceState.STOPPED, "", end))

    def _sleep(self, seconds: float) -> bool:
        """Wait, carrying out the operator's resolutions meanwhile; True if stopped."""
        end = time.monotonic() + seconds
        while True:
            self._resolve()
            remaining = end - time.monotonic()
            if remaining <= 0:
                return self.stop.is_set()
            if self.stop.wait(min(0.1, remaining)):
                return True

    # -- one tick ----------------------------------------------------------------------
    def tick(self) -> None:
        src = self.src
        todo = list(range(len(src.layout.regions)))
        accepted: dict[int, dict[str, int]] = {}
        first = True
        stopped = False
        for _attempt in range(src.max_reads):
            if not first and self._sleep(src.confirm_gap_s):
                stopped = True
                break
            first = False
            ts = self.ctx.now_ms()
            try:
                shot = self._grab()
            except _StoppedError:
                stopped = True
                break
            except CaptureError as exc:
                for i in todo:
                    self.regions[i].problem = str(exc)
                todo = []
                break
            self.note = shot.note
            hidden = [i for i in todo if i < len(shot.covered) and shot.covered[i]]
            for i in hidden:
                self.regions[i].problem = say(
                    "sources",
                    QT_TRANSLATE_NOOP("sources", "covered by a Genbo window: move it aside"),
                )
            todo = [i for i in todo if i not in hidden]
            try:
                lines = read_lines(src.engine, src.layout, shot.crops, todo)
            except Exception as exc:  # one bad frame or engine hiccup must not end the run
                log.exception("reading the screen's crops failed")
                for i in todo:
                    self.regions[i].problem = say(
                        "sources", QT_TRANSLATE_NOOP("sources", "OCR failed: {error}"), error=exc
                    )
                todo = []
                break
            src.reads += len(todo)
            again = []
            for i in todo:
                j = self.regions[i].guard.judge(as_read(ts, lines[i]))
                self._judged(i, j, shot.crops[i])
                if j.verdict is Verdict.ACCEPTED and j.value is not None and j.ts_ms is not None:
                    accepted.setdefault(j.ts_ms, {})[src.layout.regions[i].metric] = j.value
                elif j.verdict is Verdict.PENDING:
                    again.append(i)
            todo = again
            if not todo:
                break
        if accepted:  # also when stopped meanwhile: these values were confirmed
            self.sink.samples(
                [Sample(ts, values, src.kind) for ts, values in sorted(accepted.items())]
            )
        if stopped:
            return
        for i in todo:  # read, but never twice the same: it kept changing
            self.regions[i].problem = say(
                "sources",
                QT_TRANSLATE_NOOP("sources", "the number kept changing between reads"),
            )
        self._report()

    def _grab(self) -> Captured:
        """The layout's crops now; waits for a Future in short slices (the
        window may be busy stopping this very source). Raises `CaptureError`,
        or `_StoppedError` if the source was stopped meanwhile."""
        got = self.capture(self.src.layout)
        if not isinstance(got, Future):
            return got
        deadline = time.monotonic() + GRAB_TIMEOUT_S
        while True:
            try:
                return got.result(timeout=GRAB_WAIT_SLICE_S)
            except FutureTimeout:
                pass
            except CancelledError:
                raise CaptureError(
                    QT_TRANSLATE_NOOP("sources", "the screen could not be captured")
                ) from None
            if self.stop.is_set():
                got.cancel()
                raise _StoppedError
            if time.monotonic() >= deadline:
                got.cancel()
                raise CaptureError(
                    QT_TRANSLATE_NOOP(
                        "sources", "the window did not answer within {s} s to grab the screen"
                    ),
                    s=GRAB_TIMEOUT_S,
                )

    def _judged(self, i: int, j: Judgement, crop: Image) -> None:
        src = self.src
        region = src.layout.regions[i]
        state = self.regions[i]
        why = reason_text(j, src.guard_settings)
        reading = RegionReading(
            region.metric, j.read.text, j.read.confidence, j.verdict, j.value, why
        )
        with src._lock:
            src._readings[region.metric] = reading
        if j.verdict is Verdict.ACCEPTED:
            state.last_value_ms = j.read.ts_ms
            state.problem = ""
            if j.detail == "new level" and j.value is not None:
                self._taken_as_level(region.metric, j.value)
        elif j.verdict is Verdict.EMPTY:
            state.problem = say("sources", QT_TRANSLATE_NOOP("sources", "nothing to read"))
        elif j.verdict is Verdict.SUSPECT:
            state.problem = say(
                "sources", QT_TRANSLATE_NOOP("sources", "held as suspect: {why}"), why=why
            )
            if j.new_suspect and j.reason is not None:
                suspect = SuspectRead(
                    new_uid(),
                    j.ts_ms if j.ts_ms is not None else j.read.ts_ms,
                    region.metric,
                    j.read.text,
                    j.read.confidence,
                    j.value,
                    j.reason,
                    why,
                    encode_png(crop),
                )
                with src._lock:
                    src._suspects[suspect.uid] = suspect
                self._keep(suspect)

    def _keep(self, suspect: SuspectRead) -> None:
        if self.ctx.keep is None:
            return
        label = f"{suspect.metric}: “{suspect.text}” ({suspect.why})"
        try:
            self.ctx.keep(suspect.record(label))
        except Exception:  # the writer keeps what it cannot store; a read must go on
            log.exception("a suspect read could not be kept")

    def _taken_as_level(self, metric: str, value: int) -> None:
        """The open suspects of `metric` held at `value` are settled: the
        guard took that value as the new level."""
        src = self.src
        with src._lock:
            held = [
                s
                for s in src._suspects.values()
                if s.metric == metric and s.state == "open" and s.value == value
            ]
            done = [replace(s, state=ResolveKind.LEVEL, resolved_value=value) for s in held]
            for d in done:
                src._suspects[d.uid] = d
        for d in done:
            self._keep(d)

    # -- the operator's word -----------------------------------------------------------
    def _resolve(self) -> None:
        src = self.src
        with src._lock:
            todo, src._resolutions = src._resolutions, []
        for res in todo:
            with src._lock:
                suspect = src._suspects.get(res.uid)
            if suspect is None or suspect.state != "open":
                continue  # resolved already (twice asked, in this batch or before)
            value = suspect.value if res.kind == ResolveKind.CONFIRM else res.value
            if res.kind != ResolveKind.DISMISS:
                if value is None:
                    continue  # nothing to confirm: an unreadable text must be corrected
                i = next(k for k, r in enumerate(src.layout.regions) if r.metric == suspect.metric)
                self.regions[i].guard.confirm(suspect.ts_ms, value)
                self._store_corrected(suspect, value)
            done = replace(
                suspect,
                state=res.kind,
                resolved_value=None if res.kind == ResolveKind.DISMISS else value,
            )
            with src._lock:
                src._suspects[done.uid] = done
            self._keep(done)
        if todo:
            self._report()

    def _store_corrected(self, suspect: SuspectRead, value: int) -> None:
        if self.corrected_id is None and self.ctx.feed is not None:
            try:
                self.corrected_id = self.ctx.feed(self.src, CORRECTED_FEED)
            except Exception:
                log.exception("the corrected feed could not be made")
        source = (
            f"{self.src.kind}:{CORRECTED_FEED}" if self.corrected_id is not None else self.src.kind
        )
        self.sink.samples([Sample(suspect.ts_ms, {suspect.metric: value}, source)])

    # -- the status and gaps -----------------------------------------------------------
    def _report(self) -> None:
        src = self.src
        now = self.ctx.now_ms()
        stale = [
            (r, s)
            for r, s in zip(src.layout.regions, self.regions, strict=True)
            if now - s.last_value_ms > src.gap_after_s * 1000
        ]
        if stale and self.gap is None:
            nothing = say("sources", QT_TRANSLATE_NOOP("sources", "no value"))
            reason = "; ".join(f"{r.metric}: {s.problem or nothing}" for r, s in stale)
            since = min(s.last_value_ms for _r, s in stale)
            self.gap = Gap(src.kind, since, None, reason)
            self.sink.gap(self.gap)
        elif not stale and self.gap is not None:
            self.sink.gap(replace(self.gap, end_ms=now))
            self.gap = None
        problems = [
            f"{translate('metrics', METRICS[r.metric].label)}: {s.problem}"
            for r, s in zip(src.layout.regions, self.regions, strict=True)
            if s.problem
        ]
        open_suspects = src.open_suspects()
        parts = [
            say(
                "sources",
                QT_TRANSLATE_NOOP("sources", "{n} of {total} regions read"),
                n=len(src.layout.regions) - len(problems),
                total=len(src.layout.regions),
            )
        ]
        if open_suspects:
            parts.append(
                say(
                    "sources",
                    QT_TRANSLATE_NOOP("sources", "{n} suspect reads to review"),
                    n=open_suspects,
                )
            )
        parts += problems
        if self.note:
            parts.append(self.note)
        state = SourceState.STALE if stale else SourceState.LIVE
        self.sink.status(SourceStatus(state, "; ".join(parts), now))
