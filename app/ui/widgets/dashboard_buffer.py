"""The dashboard's last 20 seconds, for moment videos.

While a screen layout is being read, `DashboardBuffer` grabs the box the
operator marked as the big screen (else the part of the screen around the
layout's number boxes) about ten times a second (the same Qt screen grab
the screen reader uses, on the GUI thread, which is all Qt allows) and hands
each picture to a worker thread that scales and JPEG-encodes it into a
`FrameRing`: bounded by time (20 s) and by bytes (48 MB), whatever the show's
length. A moment video takes a copy of the frames around its moment.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QRect, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QImage

from app.core.moment import Frame, FrameRing
from app.sources.screen import CaptureError, ScreenLayout
from app.ui.widgets.screen_grab import layout_origin

log = logging.getLogger(__name__)

FPS = 10
MAX_W, MAX_H = 1080, 1080
"""Frames are scaled to fit this (the video is 1080 wide)."""
JPEG_QUALITY = 80
PAD = 0.35
"""Around the boxes, this share of their size is kept too (the dashboard
around the numbers), within the window or screen."""


def dashboard_rect(layout: ScreenLayout) -> QRect | None:
    """Where the dashboard is on the screen now: the box marked as the big
    screen, else the layout's boxes and some of what is around them; None if
    its window cannot be found."""
    try:
        origin, _note = layout_origin(layout)
    except CaptureError:
        return None
    marked = layout.big_screen
    if marked is not None:  # the operator marked the big screen: that, as drawn
        box = QRect(marked.x, marked.y, marked.w, marked.h).translated(origin)
    else:
        boxes = [QRect(r.x, r.y, r.w, r.h).translated(origin) for r in layout.regions]
        if not boxes:
            return None
        box = boxes[0]
        for b in boxes[1:]:
            box = box.united(b)
        dx, dy = round(box.width() * PAD), round(box.height() * PAD)
        box = box.adjusted(-dx, -dy, dx, dy)
    screen = QGuiApplication.screenAt(box.center()) or QGuiApplication.primaryScreen()
    if screen is None:
        return None
    if layout.window_title and layout.size[0] > 0:
        window = QRect(origin.x(), origin.y(), layout.size[0], layout.size[1])
        box = box.intersected(window)
    box = box.intersected(screen.geometry())
    return box if box.width() >= 8 and box.height() >= 8 else None


def encode_jpeg(img: QImage) -> bytes:
    """A picture as JPEG, scaled to fit `MAX_W` × `MAX_H` (worker thread)."""
    if img.width() > MAX_W or img.height() > MAX_H:
        img = img.scaled(
            MAX_W,
            MAX_H,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    img.save(buf, "JPEG", JPEG_QUALITY)  # type: ignore[call-overload]
    buf.close()
    return bytes(data.data())


class DashboardBuffer(QObject):
    """Keeps the last `window_s` of a layout's dashboard (see the module)."""

    def __init__(
        self,
        layout: ScreenLayout,
        clock: Callable[[], int],
        parent: QObject | None = None,
        *,
        window_s: float = 20.0,
        fps: int = FPS,
        max_bytes: int = 48 * 1024 * 1024,
        grab: Callable[[], QImage | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.layout = layout
        self.ring = FrameRing(round(window_s * 1000), max_bytes)
        self._clock = clock
        self._grab = grab or self._grab_screen
        self._rect: QRect | None = None
        self._since_found = 0
        """Frames until the window is looked for again."""
        self._fps = fps
        self._queue: queue.Queue[tuple[int, QImage] | None] = queue.Queue(maxsize=4)
        self.skipped = 0
        """Grabs let go because the worker was behind."""
        self._worker = threading.Thread(target=self._work, name="dashboard-buffer", daemon=True)
        self._worker.start()
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._tick)
        self._timer.start(round(1000 / fps))

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def _grab_screen(self) -> QImage | None:
        # The window is looked for once a second, not every frame (nor every
        # frame while it is closed).
        if self._since_found <= 0:
            self._rect = dashboard_rect(self.layout)
            self._since_found = self._fps
        self._since_found -= 1
        rect = self._rect
        if rect is None:
            return None
        screen = QGuiApplication.screenAt(rect.center()) or QGuiApplication.primaryScreen()
        if screen is None:
            return None
        geo = screen.geometry()
        x, y = rect.x() - geo.x(), rect.y() - geo.y()
        pix = screen.grabWindow(0, x, y, rect.width(), rect.height())
        return None if pix.isNull() else pix.toImage()

    def _tick(self) -> None:
        img = self._grab()
        if img is None or img.isNull():
            return
        try:
            self._queue.put_nowait((self._clock(), img))
        except queue.Full:
            self.skipped += 1

    def _work(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            ts, img = job
            try:
                data = encode_jpeg(img)
            except Exception:  # one bad frame never ends the buffer
                log.exception("a dashboard frame could not be encoded")
                continue
            if data:
                self.ring.add(Frame(ts, data, img.width(), img.height()))

    def frames(self, from_ms: int, to_ms: int) -> list[Frame]:
        return self.ring.between(from_ms, to_ms)

    def stop(self) -> None:
        """Stop grabbing; the frames kept so far stay (a video may still want them)."""
        self._timer.stop()
        with contextlib.suppress(queue.Full):
            self._queue.put(None, timeout=1.0)
        self._worker.join(timeout=2.0)
