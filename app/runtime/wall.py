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
from app.core.metrics import METRICS, Sample
from app.core.milestones import Milestone, MilestoneKind
from app.core.session import SessionInfo, SessionStatus, SourceInfo
from app.runtime.live import LiveSession
from app.runtime.tasks import TaskRunner
from app.session.recording import SessionRecorder
from app.session.wall import (
    WALL_MAX,
    RemoteSession,
    SlotFigures,
    TeamRead,
    TeamSession,
    WallConfig,
    WallEntry,
    WallSessions,
    read_team,
    starts_at_ms,
)
from app.sources.base import SourceState, SourceStatus

log = logging.getLogger(__name__)

REARM_MS = 60_000
"""A waiting slot's timer looks at the wall clock at least this often (a
laptop's suspend does not count on Qt's timers; the clock does)."""
CLOSE_WAIT_MS = 10_000
"""At close, how long starts and stops under way are waited for."""
FOLLOW_EVERY_MS = 5_000
"""How often the team's live sessions on the wall are read again from the
server: what a teammate's tile shows is this much (and its recorder's
quarter-second commit) behind."""


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
    session_id: int | None = None
    """A teammate's session (its slot's place on the wall may change): the
    session the event is of, found again by `Wall.index_for`."""

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
    remote: RemoteSession | None = None
    """A session another computer records (a teammate's, read from the
    server every `FOLLOW_EVERY_MS`): the slot is read-only, `live` is None."""
    _stale: dict[int, int] = field(default_factory=dict, repr=False)
    _seen: dict[int, SourceState] = field(default_factory=dict, repr=False)

    @property
    def streamer(self) -> str:
        return self.entry.streamer

    @property
    def read_only(self) -> bool:
        """Recorded elsewhere: nothing here starts, stops or types into it."""
        return self.remote is not None

    @property
    def started_ms(self) -> int | None:
        if self.live is not None:
            return self.live.info.started_ms
        if self.remote is not None:
            return self.remote.info.started_ms
        return None

    def session_now_ms(self, now_ms: int) -> int:
        """ "Now" on the slot's session's timeline (a simulated show's own)."""
        if self.live is not None:
            return self.live.recorder.session_now_ms()
        if self.remote is not None:
            return self.remote.session_now_ms(now_ms)
        return now_ms

    def final_figures(self) -> tuple[float, int | None]:
        """The ended session's length and GMV (fen): as stored, else as last seen."""
        if self.final is not None:
            return self.final.summary.duration_s, self.final.summary.gmv_fen
        if self.live is not None:
            snap = self.live.recorder.snapshot()
            gmv = None if snap.gmv is None else int(snap.gmv * METRICS["gmv"].scale)
            return snap.elapsed_s, gmv
        return 0.0, None

    def figures(self, now_ms: int) -> SlotFigures | None:
        """What its tile shows of the numbers now, from the session this
        window records or from the last read of a teammate's; None: no
        session yet."""
        if self.remote is not None:
            return self.remote.figures(now_ms)
        live = self.live
        if live is None:
            return None
        # An ended session's figures at its end (a real session's clock runs
        # on after it: its rate per minute would sink, its line slide away).
        ended = str(getattr(self.state, "value", self.state)) == SlotState.ENDED.value
        snap = (
            live.recorder.stats.snapshot(self.final_figures()[0])
            if ended
            else live.recorder.snapshot()
        )
        rate = snap.gmv_per_min_recent
        if rate is None:
            rate = snap.gmv_per_min
        return SlotFigures(
            elapsed_s=snap.elapsed_s,
            viewers=snap.latest.get("viewers"),
            gmv=snap.gmv,
            gmv_per_min=rate,
            viewers_line=live.series.buffers["viewers"],
            gmv_line=live.series.buffers["gmv"],
        )


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
    slotsChanged = Signal()
    """Slots came or went (the team's live sessions: one started elsewhere,
    one ended a while ago); the slots after the wall's own entries may have
    new places."""
    teamRead = Signal(object)
    """A refresh of the team's live sessions is done: None, or why it failed
    (the tiles keep what was read last)."""

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
        self.own = len(self.slots)
        """The wall's own slots (its entries) come first; teammates' after them."""
        self.recorded_here: Callable[[int], bool] = self._recorded_on_wall
        """Whether this window records a session itself (the window sets its
        own: its Live tab's session too); never shown as a teammate's."""
        self._team = False
        self._team_timer: QTimer | None = None
        self._team_busy = False
        self._listed: set[int] = set()
        """The sessions the last refresh found live (this window's among them)."""
        self.team_error: str | None = None
        """Why the last refresh of the team's sessions failed (None: it did not)."""
        self.team_read_ms: int | None = None
        """When the team's sessions were last read (wall clock)."""

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
        if self.config.team:
            self.follow_team(True)

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
        if slot.read_only:
            return
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
        if self._closing or session_id is None or slot.read_only:
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
        self._drop_remote({recorder.info.id})  # read as a teammate's a moment before
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
        if slot.read_only:
            return
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
        if self._team_timer is not None:
            self._team_timer.stop()
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

    def index_for(self, event: WallEvent) -> int | None:
        """The slot an event is of now (a teammate's slot may have moved or gone)."""
        if event.session_id is not None:
            return next(
                (s.index for s in self.slots if s.remote and s.session_id == event.session_id),
                None,
            )
        return event.slot if 0 <= event.slot < len(self.slots) else None

    def _recorded_on_wall(self, session_id: int) -> bool:
        return any(
            s.session_id == session_id for s in self.slots[: self.own] if s.session_id is not None
        )

    # -- the team's live sessions ------------------------------------------------------------
    @property
    def team(self) -> bool:
        """Whether the team's live sessions recorded elsewhere are on the wall."""
        return self._team

    def follow_team(self, on: bool) -> None:
        """Show (or take away) the team's live sessions that other computers
        record, after the wall's own: read at once, then every
        `FOLLOW_EVERY_MS`, off the GUI thread."""
        if self._closing or on == self._team:
            return
        self._team = on
        if not on:
            if self._team_timer is not None:
                self._team_timer.stop()
            self.team_error, self.team_read_ms = None, None
            self._listed = set()
            if len(self.slots) > self.own:
                del self.slots[self.own :]
                self.slotsChanged.emit()
            return
        if self._team_timer is None:
            self._team_timer = QTimer(self)
            self._team_timer.timeout.connect(self._team_tick)
        self._team_timer.setInterval(FOLLOW_EVERY_MS)
        self._team_timer.start()
        self._team_tick()

    def _team_tick(self) -> None:
        if self._team_busy or self._closing or not self._team:
            return
        remote = self.slots[self.own :]
        room = WALL_MAX - self.own
        if room <= 0:
            return
        own = {s.session_id for s in self.slots[: self.own] if s.session_id is not None}
        exclude = own | {i for i in self._listed if self.recorded_here(i)}
        follow = [s.session_id for s in remote if s.remote and s.remote.live and s.session_id]
        known = [s.session_id for s in remote if s.session_id is not None]
        repo = self.sessions.repo
        self._team_busy = True
        self.tasks.submit(
            lambda: read_team(repo, exclude, follow, known, limit=room),
            self._on_team_read,
            self._on_team_failed,
        )

    def _on_team_failed(self, exc: BaseException) -> None:
        """The server did not answer (or refused): the tiles keep what they
        showed, the next refresh tries again."""
        self._team_busy = False
        if self._closing or not self._team:
            return
        log.info("the team's live sessions could not be read: %s", exc)
        self.team_error = str(exc) or type(exc).__name__
        now = wall_ms()
        for slot in self.slots[self.own :]:  # nothing new comes: stale after a while
            self._show_remote(slot, now)
            self.slotChanged.emit(slot.index)
        self.teamRead.emit(self.team_error)

    def _foreign(self, session_id: int) -> bool:
        """A session that is not this window's own (nor one of its wall's)."""
        return not self._recorded_on_wall(session_id) and not self.recorded_here(session_id)

    def _on_team_read(self, read: TeamRead) -> None:
        self._team_busy = False
        if self._closing or not self._team:
            return
        now = wall_ms()
        self.team_error, self.team_read_ms = None, read.read_ms
        self._listed = {t.info.id for t in read.sessions if t.live}
        fresh = {t.info.id: t for t in read.sessions}
        told: list[tuple[WallSlot, int, str, str, Milestone | None]] = []
        moved = False
        kept: list[WallSlot] = []
        for slot in self.slots[self.own :]:
            remote, sid = slot.remote, slot.session_id
            assert remote is not None and sid is not None
            got = fresh.pop(sid, None)
            if sid in read.missing or not self._foreign(sid):
                moved = True
                continue
            if got is not None:
                was_live = remote.live
                for m in remote.update(got):
                    told.append((slot, m.ts_ms, *self._milestone_words(m), m))
                if was_live and not remote.live:
                    told.append(
                        (slot, remote.session_now_ms(now), self._end_words(remote), "info", None)
                    )
            if remote.expired(now):
                moved = True
                continue
            self._show_remote(slot, now)
            kept.append(slot)
        room = WALL_MAX - self.own - len(kept)
        added: list[WallSlot] = []
        for got in read.sessions:
            sid = got.info.id
            if sid not in fresh or not got.live or room <= 0 or not self._foreign(sid):
                continue
            slot = WallSlot(0, WallEntry(got.info.streamer.name, got.info.title))
            slot.remote = RemoteSession.first(got)
            self._show_remote(slot, now)
            added.append(slot)
            room -= 1
            told.append((slot, got.read_ms, self._first_words(got), "info", None))
            for _uid, m in got.milestones:  # what it reached before: told quietly, once
                words, kind = self._milestone_words(m)
                told.append((slot, m.ts_ms, words, "info" if kind == "info" else "milestone", m))
        if moved or added:
            self.slots[self.own :] = [*kept, *added]
            for i, slot in enumerate(self.slots):
                slot.index = i
            self.slotsChanged.emit()
        for slot in kept:
            self.slotChanged.emit(slot.index)
        for slot, ts, text, kind, milestone in sorted(told, key=lambda t: t[1]):
            self._raise(slot, ts, text, kind, milestone=milestone)
        self.teamRead.emit(None)

    def _show_remote(self, slot: WallSlot, now: int) -> None:
        """The slot as its teammate's session was last read."""
        remote = slot.remote
        assert remote is not None
        info = remote.info
        slot.entry = WallEntry(info.streamer.name, info.title)
        slot.session_id = info.id
        if remote.live:
            since = remote.stale_since_ms(now)
            slot.state = SlotState.STALE if since is not None else SlotState.LIVE
            slot.stale_since_ms = since
            slot.final = None
        else:
            slot.state = SlotState.ENDED
            slot.stale_since_ms = None
            slot.final = info

    def _drop_remote(self, session_ids: set[int]) -> None:
        """Teammates' slots of sessions that turn out to be this window's."""
        keep = [s for s in self.slots[self.own :] if s.session_id not in session_ids]
        if len(keep) == len(self.slots) - self.own:
            return
        self.slots[self.own :] = keep
        for i, slot in enumerate(self.slots):
            slot.index = i
        self.slotsChanged.emit()

    def _milestone_words(self, m: Milestone) -> tuple[str, str]:
        fmt = number_format()
        text = m.describe(fmt, lambda t: _tr("milestones", t))
        joined = m.kind is MilestoneKind.JOINED
        return text, "info" if joined else "major" if m.major else "milestone"

    def _first_words(self, got: TeamSession) -> str:
        every = self.tr("{s} s").format(
            s=number_format().count(max(1, round(FOLLOW_EVERY_MS / 1000)))
        )
        who = got.info.operator
        if who:
            return self.tr(
                "Recorded by {operator} on another computer: shown read-only, read every {every}"
            ).format(operator=who, every=every)
        return self.tr("Recorded on another computer: shown read-only, read every {every}").format(
            every=every
        )

    def _end_words(self, remote: RemoteSession) -> str:
        info = remote.info
        if info.status is SessionStatus.INTERRUPTED:
            return self.tr("Its recorder stopped answering: interrupted")
        return self.tr("Ended on the computer recording it")

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
        event = WallEvent(
            slot.index,
            slot.streamer,
            ts_ms,
            text,
            kind,
            milestone,
            alert,
            session_id=slot.session_id if slot.remote is not None else None,
        )
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
