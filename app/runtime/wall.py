"""The watch wall: up to twelve live sessions followed side by side.

Each slot of the wall is one streamer of its `WallConfig` and, once started,
an ordinary `LiveSession` with its own sources, recorder, buffers and rules;
they all share the window's `DatabaseWriter` and `TaskRunner`. The wall adds
no work per sample: it listens to what a session says rarely (a source's
status, milestones, alerts, its end) and tells the tiles through
`slotChanged` only when a slot's state or latest event changes; tiles read
each session's snapshot on their own timer. Starts, stops and resumes are
database work and run on the task runner, so one slow start never holds up
another slot or the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal

from app.config.formatting import number_format, source_label
from app.core.alerts import Alert
from app.core.clock import wall_ms
from app.core.metrics import Sample
from app.core.milestones import Milestone, MilestoneKind
from app.core.session import SessionInfo, SourceInfo
from app.runtime.live import LiveSession
from app.runtime.tasks import TaskRunner
from app.session.recording import SessionRecorder
from app.session.wall import WallConfig, WallEntry, WallSessions, starts_at_ms
from app.sources.base import SourceState, SourceStatus

log = logging.getLogger(__name__)

REARM_MS = 60_000
"""A waiting slot's timer looks at the wall clock at least this often (a
laptop's suspend does not count on Qt's timers; the clock does)."""
CLOSE_WAIT_MS = 10_000
"""At close, how long starts and stops under way are waited for."""


class SlotState(StrEnum):
    WAITING = "waiting"
    """Not started yet (shows due / late)."""
    STARTING = "starting"
    """Its recorder is being made (or a resume claimed) off the GUI thread."""
    LIVE = "live"
    STALE = "stale"
    """Live, but a source is stale (no readings): `WallSlot.stale_since_ms`."""
    ENDED = "ended"
    """Stopped and saved (may be resumed)."""
    FAILED = "failed"
    """Could not start: `WallSlot.error` says why; may be started again."""


RUNNING = (SlotState.LIVE, SlotState.STALE)


@dataclass(frozen=True)
class WallEvent:
    """Something one session of the wall says, in words, naming its streamer."""

    slot: int
    streamer: str
    ts_ms: int
    """On the session's timeline (a simulated show's time is its own)."""
    text: str
    """Already described and translated ("GMV passed ¥100万")."""
    kind: str
    """"major" | "milestone" | "alert" | "error" | "ok" | "info"."""
    milestone: Milestone | None = None
    alert: Alert | None = None

    @property
    def major(self) -> bool:
        return self.kind == "major"


SHOWN_KINDS = frozenset({"major", "milestone", "alert", "error"})
"""The events a slot keeps as its `last_event` (a tile's latest line)."""


@dataclass(eq=False)
class WallSlot:
    """One streamer of the wall, read by its tile. Changed only by the `Wall`."""

    index: int
    entry: WallEntry
    state: SlotState = SlotState.WAITING
    live: LiveSession | None = None
    """The slot's session, once started (kept after it ends, for its figures;
    `live.stopping` while its stop is being stored)."""
    session_id: int | None = None
    due_ms: int | None = None
    """The planned start shown while waiting (the roster's schedule, else the
    entry's `due`), UTC epoch ms; None: none known."""
    error: str = ""
    """Why it could not start (FAILED), or why its end could not be written."""
    stale_since_ms: int | None = None
    """STALE: since when (the earliest stale source's), on the session's timeline:
    compare with `live.recorder.session_now_ms()`."""
    last_event: WallEvent | None = None
    final: SessionInfo | None = None
    """The stored session once it ended."""
    starts_at_ms: int | None = None
    """A waiting slot's start (wall clock, UTC epoch ms), when it waits on a timer."""
    _stale: dict[int, int] = field(default_factory=dict, repr=False)
    _seen: dict[int, SourceState] = field(default_factory=dict, repr=False)

    @property
    def streamer(self) -> str:
        return self.entry.streamer


def _tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


StartResult = tuple[SessionRecorder, list[SourceInfo], list[Sample]]


class Wall(QObject):
    """The wall's sessions. There is no current session: each slot is its own."""

    slotChanged = Signal(int)
    """A slot's state, live session or last event changed (never per sample)."""
    sessionStarted = Signal(int, object)
    """(slot, LiveSession) once it runs (a resume gives a new LiveSession)."""
    sessionStopped = Signal(int, object)
    """(slot, SessionInfo) once its end is stored."""
    eventRaised = Signal(object)
    """A `WallEvent` of any session: milestones (JOINED ones quietly, "info"),
    alerts, a source stopping with a reason, a source live again, a start failing."""

    def __init__(
        self,
        config: WallConfig,
        sessions: WallSessions,
        tasks: TaskRunner,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.config = config
        self.sessions = sessions
        self.tasks = tasks
        self.slots: list[WallSlot] = [WallSlot(i, e) for i, e in enumerate(config.entries)]
        self._timers: dict[int, QTimer] = {}
        self._opened = False
        self._closing = False
        self._closed_infos: list[SessionInfo] = []
        """Sessions ended while the wall closes (`stop_all_blocking` returns them)."""

    # -- opening -----------------------------------------------------------------------
    def open(self) -> None:
        """Start every entry that does not wait; arm the timers of those that
        do; read every slot's planned start off the GUI thread."""
        if self._opened:
            return
        self._opened = True
        entries = [s.entry for s in self.slots]
        sessions = self.sessions

        def due_all() -> list[int | None]:
            now = wall_ms()
            found: list[int | None] = []
            for entry in entries:
                try:
                    found.append(sessions.due_ms(entry, now))
                except Exception as exc:  # one streamer's schedule never hides the others'
                    log.warning("the planned start of %s is unknown: %s", entry.streamer, exc)
                    found.append(None)
            return found

        self.tasks.submit(due_all, self._on_due, lambda e: log.warning("planned starts: %s", e))
        now = wall_ms()
        for slot in self.slots:
            slot.starts_at_ms = starts_at_ms(slot.entry, now)
            if slot.starts_at_ms is None:
                self.start(slot.index)
            else:
                self._arm(slot.index)

    def _on_due(self, found: list[int | None]) -> None:
        if self._closing:
            return
        for slot, due in zip(self.slots, found, strict=False):
            if slot.due_ms != due:
                slot.due_ms = due
                self.slotChanged.emit(slot.index)

    def _arm(self, i: int) -> None:
        """Start slot `i` when its time comes (checked against the wall clock)."""
        slot = self.slots[i]
        if self._closing or slot.state is not SlotState.WAITING or slot.starts_at_ms is None:
            return
        remaining = slot.starts_at_ms - wall_ms()
        if remaining <= 0:
            self.start(i)
            return
        timer = self._timers.get(i)
        if timer is None:
            timer = QTimer(self)
            timer.setSingleShot(True)
            timer.setTimerType(Qt.TimerType.PreciseTimer)
            timer.timeout.connect(lambda i=i: self._arm(i))
            self._timers[i] = timer
        timer.start(min(remaining, REARM_MS))

    # -- each slot -----------------------------------------------------------------------
    def start(self, i: int) -> None:
        """A new session for slot `i` (waiting, failed, or ended without ever
        having started): STARTING, then LIVE once its recorder is made."""
        slot = self.slots[i]
        startable = slot.state in (SlotState.WAITING, SlotState.FAILED) or (
            slot.state is SlotState.ENDED and slot.session_id is None
        )
        if self._closing or not startable:
            return
        timer = self._timers.pop(i, None)
        if timer is not None:
            timer.stop()
            timer.deleteLater()
        slot.starts_at_ms = None
        entry, sessions = slot.entry, self.sessions

        def work() -> StartResult:
            recorder, infos = sessions.start(entry)
            return recorder, infos, []

        self._begin(slot, work, self.tr("Could not start: {why}"))

    def resume(self, i: int) -> None:
        """The slot's ended session again (the same session, its sources made afresh)."""
        slot = self.slots[i]
        session_id = slot.session_id
        if self._closing or session_id is None:
            return
        if slot.state not in (SlotState.ENDED, SlotState.FAILED):
            return
        if slot.live is not None and not slot.live.ended:
            return  # its end is not stored yet: resuming now would be refused
        entry, sessions = slot.entry, self.sessions
        self._begin(
            slot, lambda: sessions.resume(entry, session_id), self.tr("Could not resume: {why}")
        )

    def _begin(self, slot: WallSlot, work: Callable[[], StartResult], failed_text: str) -> None:
        slot.state = SlotState.STARTING
        slot.error = ""
        self.slotChanged.emit(slot.index)
        self.tasks.submit(
            work,
            lambda result: self._on_ready(slot, result),
            lambda exc: self._on_start_failed(slot, exc, failed_text),
        )

    def _on_ready(self, slot: WallSlot, result: StartResult) -> None:
        recorder, infos, history = result
        slot.session_id = recorder.info.id
        if self._closing:  # the window is closing: end it at once, nothing was recorded
            try:
                info = recorder.stop()
            except Exception as exc:
                log.warning("session %s made while closing: %s", recorder.info.id, exc)
            else:
                slot.final = info
                self._closed_infos.append(info)
            slot.state = SlotState.ENDED
            return
        live = LiveSession(recorder, infos, self.tasks, history=history, parent=self)
        i = slot.index
        live.sourceStatusChanged.connect(
            lambda sid, status: self._on_status(slot, live, sid, status)
        )
        live.milestonesReached.connect(lambda found: self._on_milestones(slot, live, found))
        live.alertsRaised.connect(lambda alerts: self._on_alerts(slot, live, alerts))
        live.stopped.connect(lambda info: self._on_stopped(slot, live, info))
        live.failed.connect(lambda msg: self._on_stop_failed(slot, live, msg))
        slot.live = live
        slot.final = None
        slot.error = ""
        if slot.last_event is not None and slot.last_event.kind == "error":
            slot.last_event = None  # the failure it told of is over
        slot.state = SlotState.LIVE
        slot.stale_since_ms = None
        slot._stale.clear()
        slot._seen.clear()
        live.start()
        resumed = recorder.resumed_series is not None
        text = (
            self.tr("Resumed: the same session goes on")
            if resumed
            else self.tr("Following now ({sources})").format(
                sources=", ".join(source_label(si.label) for si in infos if si.kind != "manual")
                or _tr("sources", "Keyboard")
            )
        )
        self._raise(slot, recorder.session_now_ms(), text, "info")
        self.sessionStarted.emit(i, live)
        self.slotChanged.emit(i)

    def _on_start_failed(self, slot: WallSlot, exc: BaseException, text: str) -> None:
        why = str(exc) or type(exc).__name__
        log.warning("%s could not start: %s", slot.streamer, why)
        slot.state = SlotState.FAILED
        slot.error = why
        if self._closing:
            return
        now = slot.live.recorder.session_now_ms() if slot.live is not None else wall_ms()
        self._raise(slot, now, text.format(why=why), "error")

    def stop(self, i: int) -> None:
        """Stop slot `i`'s session: its sources now, its end stored off the
        GUI thread; ENDED once stored (`sessionStopped`). A slot still waiting
        for its start no longer starts by itself (Start now still does)."""
        slot = self.slots[i]
        if slot.state is SlotState.WAITING and slot.starts_at_ms is not None:
            timer = self._timers.pop(i, None)
            if timer is not None:
                timer.stop()
                timer.deleteLater()
            slot.starts_at_ms = None
            text = self.tr("Will not start by itself; Start now starts it")
            self._raise(slot, wall_ms(), text, "info")
            self.slotChanged.emit(i)
            return
        live = slot.live
        if self._closing or live is None or live.stopping:
            return
        live.stop()
        self.slotChanged.emit(i)  # its tile says "stopping" (`live.stopping`)

    def retry_ends(self) -> None:
        """Write the end of every session whose stop could not (a full disk),
        again; call it when the database takes writes again."""
        for slot in self.slots:
            if slot.live is not None and slot.live.end_pending:
                slot.live.retry_end()

    def stop_all_blocking(self) -> list[SessionInfo]:
        """For the window's close: every session stopped and stored now, on
        this thread (starts and stops under way are waited for). Emits nothing;
        returns the sessions it ended."""
        self._closing = True
        for timer in self._timers.values():
            timer.stop()
        under_way = any(
            s.state is SlotState.STARTING
            or (
                s.live is not None
                and s.live.stopping
                and not s.live.ended
                and not s.live.end_pending
            )
            for s in self.slots
        )
        if under_way:
            self.tasks.wait(CLOSE_WAIT_MS)
            # Their results are queued for this thread: take them now.
            QCoreApplication.sendPostedEvents(self.tasks, QEvent.Type.MetaCall)
        ended = self._closed_infos
        self._closed_infos = []
        for slot in self.slots:
            live = slot.live
            if live is None or live.ended:
                continue
            try:
                info = live.stop_blocking()
            except Exception as exc:  # its samples stay with the writer
                log.warning("session %s: %s", live.info.id, exc)
                slot.error = str(exc)
                continue
            slot.final = info
            slot.state = SlotState.ENDED
            slot.stale_since_ms = None
            ended.append(info)
        return ended

    def live_sessions(self) -> list[tuple[int, LiveSession]]:
        """The slots whose session is running (live or stale), by slot."""
        return [
            (s.index, s.live)
            for s in self.slots
            if s.live is not None and s.state in RUNNING and not s.live.stopping
        ]

    def index_of(self, live: LiveSession) -> int | None:
        for s in self.slots:
            if s.live is live:
                return s.index
        return None

    # -- what the sessions say -------------------------------------------------------------
    def _raise(
        self,
        slot: WallSlot,
        ts_ms: int,
        text: str,
        kind: str,
        milestone: Milestone | None = None,
        alert: Alert | None = None,
    ) -> None:
        event = WallEvent(slot.index, slot.streamer, ts_ms, text, kind, milestone, alert)
        shown = kind in SHOWN_KINDS or (
            kind == "ok" and slot.last_event is not None and slot.last_event.kind == "error"
        )
        if shown:
            slot.last_event = event
        self.eventRaised.emit(event)
        if shown:
            self.slotChanged.emit(slot.index)

    def _on_milestones(self, slot: WallSlot, live: LiveSession, found: list[Milestone]) -> None:
        if slot.live is not live or self._closing:
            return
        fmt = number_format()
        for m in found:
            text = m.describe(fmt, lambda t: _tr("milestones", t))
            # The level a metric had when Genbo joined is told, never celebrated.
            joined = m.kind is MilestoneKind.JOINED
            kind = "info" if joined else "major" if m.major else "milestone"
            self._raise(slot, m.ts_ms, text, kind, milestone=m)

    def _on_alerts(self, slot: WallSlot, live: LiveSession, alerts: list[Alert]) -> None:
        if slot.live is not live or self._closing:
            return
        fmt = number_format()
        for a in alerts:
            self._raise(slot, a.ts_ms, a.describe(fmt, _tr), "alert", alert=a)

    def _on_status(
        self, slot: WallSlot, live: LiveSession, source_id: int, status: SourceStatus
    ) -> None:
        if slot.live is not live or self._closing:
            return
        info = next((s for s in live.source_infos if s.id == source_id), None)
        if info is None or info.kind == "manual":
            return  # the keyboard is never stale: it speaks when spoken to
        state = status.state
        before = slot._seen.get(source_id)
        slot._seen[source_id] = state
        if state is SourceState.STALE:
            slot._stale[source_id] = (
                status.since_ms if status.since_ms is not None else live.recorder.session_now_ms()
            )
        else:
            slot._stale.pop(source_id, None)
        self._update_stale(slot)
        if before == state or state is SourceState.STALE:
            return  # stale is told by the tile (and the gap it opens, in the session's feed)
        label = source_label(live.recorder.sources[source_id].label)
        ts = status.since_ms or live.recorder.session_now_ms()
        if state is SourceState.LIVE and before is not None:
            text = _tr("SessionView", "{source} is live again").format(source=label)
            self._raise(slot, ts, text, "ok")
        elif state is SourceState.STOPPED and status.detail and not live.stopping:
            text = _tr("SessionView", "{source} stopped: {why}").format(
                source=label, why=status.detail
            )
            self._raise(slot, ts, text, "error")
        elif state is SourceState.FINISHED:
            # The session stays live (the keyboard goes on) until it is stopped.
            text = _tr("SessionView", "{source} finished").format(source=label)
            self._raise(slot, ts, text, "info")

    def _update_stale(self, slot: WallSlot) -> None:
        if slot.state not in RUNNING:
            return
        since = min(slot._stale.values()) if slot._stale else None
        state = SlotState.STALE if since is not None else SlotState.LIVE
        if (state, since) != (slot.state, slot.stale_since_ms):
            slot.state, slot.stale_since_ms = state, since
            self.slotChanged.emit(slot.index)

    def _on_stopped(self, slot: WallSlot, live: LiveSession, info: SessionInfo) -> None:
        if slot.live is not live:
            return
        slot.final = info
        slot.state = SlotState.ENDED
        slot.stale_since_ms = None
        slot.error = ""
        slot._stale.clear()
        if self._closing:
            self._closed_infos.append(info)
            return
        self._raise(slot, info.ended_ms or wall_ms(), self.tr("Stopped and saved"), "info")
        self.sessionStopped.emit(slot.index, info)
        self.slotChanged.emit(slot.index)

    def _on_stop_failed(self, slot: WallSlot, live: LiveSession, msg: str) -> None:
        """Its end could not be stored (a full disk): its samples are kept by
        the writer; `retry_ends` writes it later."""
        if slot.live is not live:
            return
        slot.state = SlotState.ENDED
        slot.stale_since_ms = None
        slot.error = msg
        if self._closing:
            return
        text = self.tr("Stopping failed; its samples are kept: {why}").format(why=msg)
        self._raise(slot, live.recorder.session_now_ms(), text, "error")
        self.slotChanged.emit(slot.index)
