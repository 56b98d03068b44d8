"""A live session in the GUI: source threads in, buffers and stats on the GUI
thread, the database writer out.

Each source runs in its own `QThread`; its samples cross to the GUI thread as
plain frozen dataclasses over a queued signal. `LiveSession` appends them to
the session's `SeriesSet` (for the plots), feeds the `SessionRecorder` (stats
and the writer), and tells views that data changed. Views redraw on their own
timer, so a burst of samples costs one redraw.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QThread, QTimer, Signal, Slot

from app.core.entry import SessionSpan
from app.core.highlights import Highlight, mark_now
from app.core.metrics import Gap, Sample
from app.core.segments import Segment
from app.core.series import SeriesSet
from app.core.session import SessionInfo, SourceInfo
from app.runtime.tasks import TaskRunner
from app.session.recording import SessionRecorder
from app.sources.base import Source, SourceContext, SourceState, SourceStatus

log = logging.getLogger(__name__)

RETRY_END_S = 10.0
"""A stop that could not write the session's end tries again this often."""


class _Relay(QObject):
    """Lives on the GUI thread; its signals are emitted from a source thread and
    therefore delivered queued."""

    samplesReady = Signal(int, object)
    gapFound = Signal(int, object)
    statusChanged = Signal(int, object)


class _RelaySink:
    def __init__(self, relay: _Relay, source_id: int) -> None:
        self._relay = relay
        self._id = source_id

    def samples(self, batch: Sequence[Sample]) -> None:
        self._relay.samplesReady.emit(self._id, tuple(batch))

    def gap(self, gap: Gap) -> None:
        self._relay.gapFound.emit(self._id, gap)

    def status(self, status: SourceStatus) -> None:
        self._relay.statusChanged.emit(self._id, status)


class SourceThread(QThread):
    def __init__(self, source: Source, source_id: int, ctx: SourceContext, relay: _Relay) -> None:
        super().__init__()
        self.source = source
        self.source_id = source_id
        self._ctx = ctx
        self._sink = _RelaySink(relay, source_id)
        self._stop = threading.Event()
        self.setObjectName(f"genbo-source-{source.kind}-{source_id}")

    def run(self) -> None:
        try:
            self.source.run(self._ctx, self._sink, self._stop)
        except Exception as exc:
            log.exception("source %s failed", self.source.label)
            self._sink.status(SourceStatus(SourceState.STOPPED, str(exc), self._ctx.now_ms()))

    def request_stop(self) -> None:
        self._stop.set()


class LiveSession(QObject):
    """One live session. There is no global current session: a window may hold
    several of these."""

    dataChanged = Signal()
    sourceStatusChanged = Signal(int, object)
    milestonesReached = Signal(object)
    """A list of `Milestone`s the newest samples reached (newest last)."""
    alertsRaised = Signal(object)
    """A list of `Alert`s (app.core.alerts) just fired, oldest first; each is
    stored already. From the newest samples, or from the clock (the heartbeat)."""
    highlightsChanged = Signal()
    segmentsChanged = Signal()
    gapReported = Signal(int, object)
    """A source's gap opened (end None) or closed."""
    clockJumped = Signal(object)
    """A `ClockJump` (app.core.clock): the computer's clock jumped against the
    session's (found by the heartbeat; logged and stored already). Emitted for
    every jump over two seconds; tell the operator those with `shown` set
    (`recorder.describe_clock_jump`)."""
    stopped = Signal(object)
    """Emitted with the final `SessionInfo` once everything is committed."""
    failed = Signal(str)

    def __init__(
        self,
        recorder: SessionRecorder,
        sources: Sequence[SourceInfo],
        tasks: TaskRunner,
        history: Sequence[Sample] = (),
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.recorder = recorder
        self.tasks = tasks
        if recorder.resumed_series is not None:
            self.series = recorder.resumed_series
        else:
            self.series = SeriesSet(recorder.info.started_ms)
            self.series.add_samples(history)
        self.source_infos = list(sources)
        self.statuses: dict[int, SourceStatus] = {
            s.id: SourceStatus(SourceState.STARTING) for s in sources
        }
        self._relay = _Relay(self)
        self._relay.samplesReady.connect(self._on_samples, Qt.ConnectionType.QueuedConnection)
        self._relay.gapFound.connect(self._on_gap, Qt.ConnectionType.QueuedConnection)
        self._relay.statusChanged.connect(self._on_status, Qt.ConnectionType.QueuedConnection)
        ctx = SourceContext(
            recorder.info.started_ms,
            recorder.resume_elapsed_s,
            clock=recorder.clock,
            about=recorder.about(),
            feed=recorder.feed_source,
            keep=recorder.keep_event,
        )
        self._threads = [
            SourceThread(recorder.sources[s.id], s.id, ctx, self._relay) for s in sources
        ]
        self._heartbeat = QTimer(self)
        self._heartbeat.setInterval(1000)
        self._heartbeat.timeout.connect(self._on_heartbeat)
        self.stopping = False
        self.ended = False
        self.ending = False
        """A retried end (`retry_end`) is being written."""
        self._end_tried_at = -RETRY_END_S

    @property
    def manual_source_id(self) -> int | None:
        for si in self.source_infos:
            if si.kind == "manual":
                return si.id
        return None

    def enter(self, values: dict[str, int], ts_ms: int | None = None) -> Sample:
        """Store values the operator typed, as a sample of the keyboard source."""
        sid = self.manual_source_id
        if sid is None:
            raise RuntimeError("this session has no keyboard source")
        if self.stopping:
            raise RuntimeError("the session is stopping")
        ts = self.recorder.session_now_ms() if ts_ms is None else ts_ms
        sample = Sample(ts, dict(values), "manual")
        self._on_samples(sid, (sample,))
        return sample

    def entry_span(self) -> SessionSpan:
        """What a typed @HH:MM is resolved against: this session, now."""
        info = self.info
        return SessionSpan(info.started_ms, info.utc_offset_min, self.recorder.session_now_ms())

    def neighbours(
        self, key: str, ts_ms: int
    ) -> tuple[tuple[int, float] | None, tuple[int, float] | None]:
        """The readings of `key` either side of `ts_ms`, to check a typed running total."""
        return self.series.neighbours(key, ts_ms)

    # -- highlights ------------------------------------------------------------------
    def mark(self, title: str, reaction_lag_s: float, preroll_s: float) -> Highlight:
        """Mark "now" (the key press, minus the operator's reaction lag)."""
        h = mark_now(
            self.recorder.session_now_ms(),
            self.info.started_ms,
            title,
            reaction_lag_s=reaction_lag_s,
            preroll_s=preroll_s,
        )
        self.put_highlight(h)
        return h

    def put_highlight(self, h: Highlight) -> None:
        self.recorder.put_highlight(h)
        self.highlightsChanged.emit()

    def delete_highlight(self, uid: str) -> Highlight | None:
        h = self.recorder.delete_highlight(uid)
        self.highlightsChanged.emit()
        return h

    # -- segments --------------------------------------------------------------------
    def start_segment(self, name: str) -> Segment:
        seg = self.recorder.start_segment(name)
        self.segmentsChanged.emit()
        return seg

    def end_segment(self) -> Segment | None:
        seg = self.recorder.end_segment()
        self.segmentsChanged.emit()
        return seg

    @property
    def info(self) -> SessionInfo:
        return self.recorder.info

    @property
    def time_scale(self) -> float:
        return self.recorder.time_scale

    def start(self) -> None:
        for t in self._threads:
            t.start()
        self._heartbeat.start()

    def elapsed(self) -> float:
        return self.recorder.elapsed()

    def stop(self) -> None:
        """Stop the sources, then commit and close the session off the GUI thread."""
        if self.stopping:
            return
        self._halt_sources()
        self.tasks.submit(self.recorder.stop, self._on_stopped, self._on_stop_failed)

    def stop_blocking(self) -> SessionInfo:
        """For application exit: stop and commit now, on this thread."""
        if not self.stopping:
            self._halt_sources()
        rec = self.recorder
        info = rec.finish_end() if rec.pending_end is not None else rec.stop()
        self.ended = True
        return info

    def _halt_sources(self) -> None:
        self._heartbeat.stop()
        for t in self._threads:
            t.request_stop()
        for t in self._threads:
            t.wait(3000)  # sources check their stop flag at least every 100 ms
        # Deliver what the sources emitted before they stopped, so nothing is lost.
        QCoreApplication.sendPostedEvents(self, QEvent.Type.MetaCall)
        self.stopping = True

    def _on_heartbeat(self) -> None:
        """Once a second: the stored summary, the alerts that fire on time
        passing ("no order for 10 minutes"), and the wall clock watched."""
        self.recorder.heartbeat()
        if self.stopping:
            return
        alerts = self.recorder.tick()
        if alerts:
            self.alertsRaised.emit(alerts)
        for jump in self.recorder.take_clock_jumps():
            self.clockJumped.emit(jump)

    @Slot(int, object)
    def _on_samples(self, source_id: int, batch: tuple[Sample, ...]) -> None:
        if self.stopping:
            return
        found = self.recorder.ingest(source_id, batch)
        alerts = self.recorder.take_alerts()
        self.series.add_samples(batch)
        self.dataChanged.emit()
        if found:
            self.milestonesReached.emit(found)
            if self.recorder.auto_highlights:
                self.highlightsChanged.emit()
        if alerts:
            self.alertsRaised.emit(alerts)

    @Slot(int, object)
    def _on_gap(self, source_id: int, gap: Gap) -> None:
        if self.stopping:
            return
        self.recorder.record_gap(source_id, gap)
        self.series.add_gap(gap)
        self.gapReported.emit(source_id, gap)
        self.dataChanged.emit()

    @Slot(int, object)
    def _on_status(self, source_id: int, status: SourceStatus) -> None:
        self.statuses[source_id] = status
        self.sourceStatusChanged.emit(source_id, status)

    def _on_stopped(self, info: SessionInfo) -> None:
        self.ending = False
        self.ended = True
        self.stopped.emit(info)

    def _on_stop_failed(self, exc: BaseException) -> None:
        self.ending = False
        self.failed.emit(str(exc))

    @property
    def end_pending(self) -> bool:
        """Stopped, but its end is not in the database yet (a full disk)."""
        return self.recorder.pending_end is not None and not self.ended

    def retry_end(self) -> None:
        """Write the end again, off the GUI thread (`stopped` or `failed` follows)."""
        if not self.end_pending or self.ending:
            return
        now = time.monotonic()
        if now - self._end_tried_at < RETRY_END_S:
            return
        self._end_tried_at = now
        self.ending = True
        self.tasks.submit(self.recorder.finish_end, self._on_stopped, self._on_retry_failed)

    def _on_retry_failed(self, exc: BaseException) -> None:
        """Said once already (the stop's failure): tried again later, quietly."""
        self.ending = False
        log.info("the end of session %s still cannot be written: %s", self.info.id, exc)
