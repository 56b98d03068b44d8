"""Making moment videos from the window: one at a time on the task pool, the
others waiting their turn, with progress; the dashboard's kept frames
(`DashboardBuffer`) go in when a screen layout is being read."""

from __future__ import annotations

import logging
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from shiboken6 import isValid

from app.core.moment import CLIP_AFTER_S, Frame, MomentData
from app.core.video_spec import check_seconds
from app.exports.video import reserve
from app.runtime.tasks import TaskRunner
from app.ui.view.moment_video import VideoResult, make_video
from app.ui.widgets.dashboard_buffer import DashboardBuffer

log = logging.getLogger(__name__)

WAIT_FOR_AFTER_MS = round(CLIP_AFTER_S * 1000) + 400
"""With a dashboard buffer, a video waits this long after its moment so the
dashboard's frames just past the line are kept."""


@dataclass
class _Job:
    data: MomentData
    name: str
    seconds: float
    frames: list[Frame] = field(default_factory=list)
    """The dashboard's kept frames around the moment, taken when it was queued."""


class MomentVideos(QObject):
    """The queue of moment videos of one session view."""

    started = Signal(str)
    """The file name being made."""
    progress = Signal(float, int)
    """The share done of the one being made, and how many wait after it."""
    saved = Signal(object)
    """A `VideoResult`."""
    failed = Signal(str)
    """Why a video could not be made."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tasks: TaskRunner | None = None
        self.folder: Path | None = None
        self.buffer: DashboardBuffer | None = None
        self._waiting: deque[_Job] = deque()
        self._busy = False
        self.last: Path | None = None

    @property
    def busy(self) -> bool:
        return self._busy or bool(self._waiting)

    @property
    def queued(self) -> int:
        return len(self._waiting)

    def make(self, data: MomentData, name: str, seconds: float) -> bool:
        """Queue a video of `data` as `name` in the cards folder; False when
        there is nowhere to make it."""
        if self.tasks is None or self.folder is None:
            return False
        job = _Job(data, name, check_seconds(seconds))
        if self.buffer is not None:  # let the dashboard pass the line on camera first
            QTimer.singleShot(WAIT_FOR_AFTER_MS, self, lambda: self._enqueue(job))
        else:
            self._enqueue(job)
        return True

    def _enqueue(self, job: _Job) -> None:
        if self.buffer is not None:  # now: by its turn they may have left the buffer
            job.frames = self.buffer.frames(job.data.ts_ms - 30_000, job.data.shown_ms + 30_000)
        self._waiting.append(job)
        if not self._busy:
            self._next()
        else:
            self.progress.emit(0.0, len(self._waiting))

    def _next(self) -> None:
        if not self._waiting or self.tasks is None or self.folder is None:
            self._busy = False
            return
        job = self._waiting.popleft()
        self._busy = True
        folder = self.folder
        frames = job.frames
        self.started.emit(job.name)

        def work(report: object) -> VideoResult:
            path = reserve(folder / job.name)
            return make_video(job.data, path, job.seconds, frames, progress=report)  # type: ignore[arg-type]

        def done(result: VideoResult) -> None:
            if not isValid(self):  # its view was closed meanwhile: the file stays
                return
            self.last = result.path
            self._busy = False
            self.saved.emit(result)
            self._next()

        def failed(exc: BaseException) -> None:
            log.warning("moment video not made: %s", exc)
            if not isValid(self):
                return
            self._busy = False
            self.failed.emit(str(exc))
            self._next()

        def progress(fraction: float, _stage: str) -> None:
            if isValid(self):
                self.progress.emit(fraction, len(self._waiting))

        self.tasks.submit_with_progress(work, progress, done, failed)
