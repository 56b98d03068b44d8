"""Blocking work (database reads, session start/stop) off the GUI thread.

Like Anki's collection worker: the callable runs on a pool thread and its
result (or error) is delivered back on the GUI thread through a queued signal.
"""

from __future__ import annotations

import itertools
import logging
import time
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


Progress = Callable[[float, str], None]
"""A job's report: the share done (0–1) and what it is doing."""


class _Job(QRunnable):
    def __init__(self, runner: TaskRunner, job_id: int, fn: Callable[[], Any]) -> None:
        super().__init__()
        self._runner = runner
        self._id = job_id
        self._fn = fn
        self._last_report = 0.0

    def report(self, fraction: float, text: str) -> None:
        """Called on the pool thread; reaches the GUI at most 20 times a second."""
        now = time.monotonic()
        if now - self._last_report >= 0.05 or fraction >= 1.0:
            self._last_report = now
            self._runner._progress.emit(self._id, min(1.0, max(0.0, fraction)), text)

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:  # delivered to the caller, never swallowed
            log.debug("background task failed:\n%s", traceback.format_exc())
            self._runner._finished.emit(self._id, None, exc)
            return
        self._runner._finished.emit(self._id, result, None)


class TaskRunner(QObject):
    _finished = Signal(int, object, object)
    _progress = Signal(int, float, str)
    busyChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None, max_threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._ids = itertools.count(1)
        self._callbacks: dict[int, tuple[Done | None, Failed | None]] = {}
        self._on_progress: dict[int, Progress] = {}
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._progress.connect(self._deliver_progress, Qt.ConnectionType.QueuedConnection)

    def submit(
        self, fn: Callable[[], Any], on_done: Done | None = None, on_error: Failed | None = None
    ) -> int:
        job_id = next(self._ids)
        self._callbacks[job_id] = (on_done, on_error)
        if len(self._callbacks) == 1:
            self.busyChanged.emit(True)
        self._pool.start(_Job(self, job_id, fn))
        return job_id

    def submit_with_progress(
        self,
        fn: Callable[[Progress], Any],
        on_progress: Progress,
        on_done: Done | None = None,
        on_error: Failed | None = None,
    ) -> int:
        """Like `submit`, for a long job: `fn` gets a report callable, and
        `on_progress` receives its reports on the GUI thread."""
        job_id = next(self._ids)
        self._callbacks[job_id] = (on_done, on_error)
        self._on_progress[job_id] = on_progress
        if len(self._callbacks) == 1:
            self.busyChanged.emit(True)
        job = _Job(self, job_id, lambda: fn(job.report))
        self._pool.start(job)
        return job_id

    @Slot(int, float, str)
    def _deliver_progress(self, job_id: int, fraction: float, text: str) -> None:
        callback = self._on_progress.get(job_id)
        if callback is not None and job_id in self._callbacks:
            callback(fraction, text)

    @property
    def busy(self) -> bool:
        return bool(self._callbacks)

    def wait(self, msecs: int = 10_000) -> bool:
        """Wait for running jobs (at shutdown). Results still arrive via the event loop."""
        return self._pool.waitForDone(msecs)

    def forget_pending(self) -> None:
        """Drop the callbacks of jobs not yet delivered (their window is gone):
        a result that arrives later is discarded instead of reaching a deleted
        widget."""
        self._callbacks.clear()
        self._on_progress.clear()

    @Slot(int, object, object)
    def _deliver(self, job_id: int, result: Any, error: BaseException | None) -> None:
        if job_id not in self._callbacks:
            log.debug("dropped the result of forgotten task %s", job_id)
            return
        on_done, on_error = self._callbacks.pop(job_id)
        self._on_progress.pop(job_id, None)
        if not self._callbacks:
            self.busyChanged.emit(False)
        if error is not None:
            if on_error is not None:
                on_error(error)
            else:
                log.error("background task failed: %s", error, exc_info=error)
            return
        if on_done is not None:
            on_done(result)
