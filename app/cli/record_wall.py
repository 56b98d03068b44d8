"""`genbo record --config FILE`: every streamer of a wall's file recorded at
once, without the window, into the one database through one `DatabaseWriter`.

Each streamer is a session of its own: its sources (each on its own thread),
its `SessionRecorder` with the settings' rules, what the team chat hears of it
(`SessionNotices`; one dispatcher for the run, none for a demo wall). All
sources report through one queue keyed by (slot, source); the main loop never
waits on one session: starting a session and closing one (database I/O, the
writer's flush) run on a worker thread, a source that is slow to stop is
waited for without holding the others up.

A session ends at its --duration (session seconds, each its own), when its
sources have all ended (a simulated show at its `duration_s`), or with the run
on Ctrl+C / SIGTERM; each is then stopped and saved normally. Every line about
one session begins with its streamer, `[杨小姐] ★★ GMV passed ¥100万`; once a
second a block has one short line per session.
"""

from __future__ import annotations

import argparse
import logging
import queue
import sys
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from app.cli.commands import _pad, _width
from app.cli.record import (
    HealthLines,
    QueueSink,
    Reports,
    StopSignals,
    close_team_chat,
    close_writer,
    finished_line,
    ingest_line,
    keep_time,
    print_status,
    session_notices,
    session_row,
    share,
    source_context,
    start_source,
    start_writer,
    stopped_early_line,
    team_chat,
    tell_alerts,
    tell_interrupted,
    tell_milestones,
)
from app.cli.source_args import source_options_given
from app.config.formatting import number_format
from app.config.i18n import tr
from app.config.paths import AppPaths
from app.config.secret_store import SecretStore
from app.config.settings import load_settings
from app.core.clock import wall_ms
from app.core.numbers import NumberFormat
from app.core.session import SessionInfo
from app.notify.payloads import Notice
from app.session.recording import SessionNotClosedError, SessionNotices, SessionRecorder
from app.session.source_setup import SetupError
from app.session.wall import (
    WallConfig,
    WallConfigError,
    WallEntry,
    WallSessions,
    entry_sources,
    starts_at_ms,
)
from app.sources.base import Source, SourceState
from app.sources.ingest import IngestSource
from app.sources.simulator import SimulatorSource

log = logging.getLogger(__name__)

PROGRESS_EVERY_S = 5.0
"""How often the progress block (a line per streamer) is printed."""

STOP_WAIT_S = 5.0
"""How long a session's sources are given to stop before it is saved without
them (a thread that hangs is left behind, as `genbo record` leaves it)."""


class State(StrEnum):
    WAITING = "waiting"  # its start is still to come
    STARTING = "starting"  # its recorder is being made (on the worker)
    LIVE = "live"
    STOPPING = "stopping"  # its sources were asked to stop; what they send still counts
    CLOSING = "closing"  # being stopped and saved (on the worker)
    ENDED = "ended"  # stopped and saved
    NOT_CLOSED = "not closed"  # its end could not be written: it shows as interrupted
    FAILED = "failed"  # could not start
    NOT_STARTED = "not started"  # the run stopped before its start


DONE = (State.ENDED, State.NOT_CLOSED, State.FAILED, State.NOT_STARTED)


@dataclass(eq=False)
class Slot:
    """One streamer of the wall and the session recorded for it."""

    index: int
    entry: WallEntry
    sources: list[Source]
    start_mono: float  # time.monotonic() it starts from
    start_ms: int | None  # and the wall-clock time (start_at), if any
    stop_at: float | None  # session seconds (--duration), None: until its sources end
    state: State = State.WAITING
    recorder: SessionRecorder | None = None
    notices: SessionNotices | None = None
    labels: dict[int, str] = field(default_factory=dict)
    stop: threading.Event = field(default_factory=threading.Event)
    threads: list[threading.Thread] = field(default_factory=list)
    ended: set[int] = field(default_factory=set)
    shown: dict[int, tuple[SourceState, str]] = field(default_factory=dict)
    told_ingest: set[int] = field(default_factory=set)
    reached: bool = False  # a reading past stop_at came: its time is up
    drained: bool = False  # the mark behind its last readings was taken: it is being saved
    stopping_since: float = 0.0
    final: SessionInfo | None = None
    error: str = ""

    def left_s(self, now: float) -> float:
        """Seconds until its start (0 or less: due)."""
        left = self.start_mono - now
        if self.start_ms is not None:
            left = max(left, (self.start_ms - wall_ms()) / 1000)
        return left

    @property
    def name(self) -> str:
        return self.entry.streamer

    @property
    def lead(self) -> str:
        return f"[{self.name}] "

    @property
    def planned_s(self) -> float | None:
        """How long the session runs, if that is known: its --duration, or a
        simulated show's own duration (the shorter), for the share shown."""
        ends = [self.stop_at] + [
            s.duration_s for s in self.sources if isinstance(s, SimulatorSource)
        ]
        known = [e for e in ends if e is not None]
        return min(known) if known else None


class _Nobody:
    """The team chat of a demo wall: it hears nothing."""

    def send(self, notice: Notice) -> int:
        return 0


def cmd_record_wall(
    args: argparse.Namespace, paths: AppPaths, db: Any, rows: list[dict[str, Any]]
) -> int:
    """Record the wall of `args.config`; `rows` gets each session for --json."""
    from app.cli.wall_cmd import resolve_wall
    from app.storage.database import StorageError
    from app.storage.repository import Repository

    refused = _refused_options(args)
    if refused:
        print(f"genbo: {refused}", file=sys.stderr)
        return 2
    store = SecretStore()
    try:
        cfg = resolve_wall(args.config, paths)  # a file, or a wall saved in the window
        built = [_sources_of(e, store) for e in cfg.entries]
    except (WallConfigError, SetupError, KeyError) as exc:
        print(f"genbo: {exc}", file=sys.stderr)
        return 2
    repo = Repository(db, paths.operator_name)
    try:
        db.require_writable()
    except StorageError as exc:
        print(f"genbo: {exc}", file=sys.stderr)
        return 2
    fmt = number_format()
    tell_interrupted(repo, fmt)
    return _Run(args, paths, db, repo, store, cfg, built, fmt).record(rows)


def _refused_options(args: argparse.Namespace) -> str:
    """Why options given with --config cannot be used ("" when none is)."""
    given = source_options_given(args)
    if args.title:
        given.insert(0, "--title")
    if not given:
        return ""
    return tr(
        "{options} cannot be used with --config: each streamer's title and sources are "
        "given in the wall's file. Put them there, or drop --config and record one "
        "streamer with --streamer NAME."
    ).format(options=", ".join(given))


def _sources_of(entry: WallEntry, store: SecretStore) -> list[Source]:
    """The entry's sources, made before anything is recorded (so a file that
    cannot be recorded records nothing); no keyboard here."""
    return entry_sources(entry, store, interactive=sys.stdin.isatty(), keyboard=False)


class _Run:
    """One `genbo record --config` run: its slots, the queue, the worker."""

    def __init__(
        self,
        args: argparse.Namespace,
        paths: AppPaths,
        db: Any,
        repo: Any,
        store: SecretStore,
        cfg: WallConfig,
        built: Sequence[list[Source]],
        fmt: NumberFormat,
    ) -> None:
        self.args = args
        self.paths = paths
        self.db = db
        self.repo = repo
        self.store = store
        self.cfg = cfg
        self.fmt = fmt
        self.q: Reports = queue.SimpleQueue()
        self.stop = threading.Event()
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="genbo-wall")
        self.opened = time.monotonic()
        self.slots = [
            Slot(i, e, sources, self.opened, None, args.duration)
            for i, (e, sources) in enumerate(zip(cfg.entries, built, strict=True))
        ]
        self.width = max(_width(s.lead) for s in self.slots)
        self.settings = load_settings(paths.settings_file)
        self.unexpected: list[BaseException] = []

    # -- the run -----------------------------------------------------------------------
    def record(self, rows: list[dict[str, Any]]) -> int:
        self.writer = start_writer(self.db, self.paths, self.fmt)
        # The window's wall starts its sessions the same way (sources made here, first).
        self.sessions = WallSessions(
            self.repo, self.writer, self.store, self.settings, keyboard=False
        )
        self.dispatcher = (
            None if self.cfg.demo else team_chat(self.settings, self.store, self.paths)
        )
        print(
            tr('Recording the wall "{name}": {n} streamers · into {db}').format(
                name=self.cfg.name, n=self.fmt.count(len(self.slots)), db=self.paths.database_label
            ),
            flush=True,
        )
        signals = StopSignals(self.stop)
        self._open()
        health = HealthLines(self.writer, self.paths, self.fmt)
        last_tick = last_print = 0.0
        try:
            try:
                while not all(s.state in DONE for s in self.slots):
                    self._take_reports()
                    now = time.monotonic()
                    self._advance(now)
                    if now - last_tick >= 1.0:
                        last_tick = now
                        self._tick()
                        health.tick()
                    # A block of one line per streamer: every few seconds, not
                    # every second (a dozen lines a second cannot be read).
                    if now - last_print >= PROGRESS_EVERY_S:
                        last_print = now
                        self._print_block(now)
            finally:
                self._close_all()
                self.worker.shutdown(wait=True)
                close_writer(self.writer, self.fmt, health)
        finally:
            if self.dispatcher is not None:
                close_team_chat(self.dispatcher)
            signals.calm()
        self._print_block(time.monotonic())
        if signals.by:
            print(stopped_early_line(signals.by[0]))
        for slot in self.slots:
            print(self._summary(slot), flush=True)
            rows.append(self._row(slot))
        if self.unexpected:
            raise self.unexpected[0]
        if any(s.state in (State.NOT_CLOSED, State.FAILED) for s in self.slots):
            return 1
        return signals.exit_code()

    def _open(self) -> None:
        """The wall opens now: the waiting ones count from here."""
        self.opened, opened_ms = time.monotonic(), wall_ms()
        for slot in self.slots:  # as the window's wall does it
            slot.start_mono, slot.start_ms = self.opened, starts_at_ms(slot.entry, opened_ms)

    def _take_reports(self) -> None:
        """What the sources sent, a batch at a time (waits at most 0.1 s)."""
        try:
            item = self.q.get(timeout=0.1)
        except queue.Empty:
            return
        for _ in range(500):
            self._handle(*item)
            try:
                item = self.q.get_nowait()
            except queue.Empty:
                return
        self._handle(*item)

    def _handle(self, key: Any, kind: str, payload: Any) -> None:
        i, sid = key
        slot = self.slots[i]
        if kind == "started":
            self._started(slot, payload)
            return
        if kind == "drained":
            slot.drained = True
            self._close(slot)
            return
        if kind == "closed":
            self._closed(slot, payload)
            return
        rec, notices = slot.recorder, slot.notices
        # Until the "drained" mark, what its sources sent before they stopped
        # still counts (it is queued ahead of the mark); after it, the session
        # is being saved on the worker.
        taking = slot.state in (State.LIVE, State.STOPPING) or (
            slot.state is State.CLOSING and not slot.drained
        )
        if not taking or rec is None or notices is None:
            return  # a source left behind, speaking after its session was saved
        started = rec.info.started_ms
        if kind == "samples":
            batch = payload
            if slot.stop_at is not None:
                last_ms = started + round(slot.stop_at * 1000)
                kept = [s for s in batch if s.ts_ms <= last_ms]
                if len(kept) < len(batch):
                    slot.reached = True
                batch = kept
            tell_milestones(rec.ingest(sid, batch), notices, self.fmt, started, slot.lead)
            tell_alerts(rec.take_alerts(), notices, self.fmt, started, slot.lead)
        elif kind == "gap":
            rec.record_gap(sid, payload)
        elif kind == "status":
            if slot.shown.get(sid) != (payload.state, payload.detail):
                slot.shown[sid] = (payload.state, payload.detail)
                print_status(slot.labels[sid], payload, slot.lead)
            if payload.state in (SourceState.FINISHED, SourceState.STOPPED):
                slot.ended.add(sid)

    def _advance(self, now: float) -> None:
        """Start what is due, stop what is over, close what has stopped."""
        for slot in self.slots:
            if self.stop.is_set() and slot.state is State.WAITING:
                slot.state = State.NOT_STARTED
            elif slot.state is State.WAITING and slot.left_s(now) <= 0:
                slot.state = State.STARTING
                self._submit(slot, "started", self._start, slot)
            elif slot.state is State.LIVE:
                rec = slot.recorder
                assert rec is not None
                self._tell_ingest(slot)
                # A fast show's time is its readings' (`reached`); any other's, the clock's.
                over = slot.stop_at is not None and (
                    slot.reached or (rec.time_scale == 1.0 and rec.elapsed() >= slot.stop_at)
                )
                if self.stop.is_set() or over or len(slot.ended) == len(slot.sources):
                    slot.state = State.STOPPING
                    slot.stopping_since = now
                    slot.stop.set()
            if slot.state is State.STOPPING and (
                not any(th.is_alive() for th in slot.threads)
                or now - slot.stopping_since >= STOP_WAIT_S
            ):
                # Behind whatever its sources sent before they ended.
                slot.state = State.CLOSING
                self.q.put(((slot.index, 0), "drained", None))

    def _tick(self) -> None:
        for slot in self.slots:
            if slot.state is State.LIVE and slot.recorder and slot.notices:
                keep_time(slot.recorder, slot.notices, self.fmt, slot.lead)

    def _tell_ingest(self, slot: Slot) -> None:
        for sid, src in zip(slot.labels, slot.sources, strict=True):
            if isinstance(src, IngestSource) and sid not in slot.told_ingest and src.ready.is_set():
                slot.told_ingest.add(sid)
                line = ingest_line(src, self.store)
                if line:
                    print(slot.lead + line, flush=True)

    # -- on the worker -----------------------------------------------------------------
    def _submit(self, slot: Slot, kind: str, fn: Any, *args: Any) -> None:
        """Run fn(*args) on the worker; its future comes back through the queue."""
        future = self.worker.submit(fn, *args)
        future.add_done_callback(lambda f: self.q.put(((slot.index, 0), kind, f)))

    def _start(self, slot: Slot) -> tuple[SessionRecorder, list[Any]]:
        return self.sessions.start(slot.entry, slot.sources)

    def _started(self, slot: Slot, future: Future[tuple[SessionRecorder, list[Any]]]) -> None:
        try:
            rec, infos = future.result()
        except Exception as exc:
            log.warning("the session of %s could not start: %s", slot.name, exc)
            slot.state = State.FAILED
            slot.error = str(exc)
            print(
                slot.lead + tr("could not start: {error}").format(error=exc),
                file=sys.stderr,
                flush=True,
            )
            return
        slot.recorder = rec
        sender = self.dispatcher if self.dispatcher is not None else _Nobody()
        slot.notices = session_notices(sender, self.settings, rec.info)
        slot.notices.went_live()
        slot.labels = {si.id: src.label for si, src in zip(infos, slot.sources, strict=True)}
        print(
            slot.lead
            + tr('Recording session {id} · "{title}" · {sources}').format(
                id=rec.info.id,
                title=rec.info.title,
                sources=", ".join(s.label for s in slot.sources),
            ),
            flush=True,
        )
        slot.state = State.LIVE
        if self.stop.is_set():
            return  # stopped while it started: saved at once, with what it has
        ctx = source_context(rec)
        slot.threads = [
            start_source(src, ctx, QueueSink(self.q, (slot.index, si.id)), slot.stop)
            for si, src in zip(infos, slot.sources, strict=True)
        ]

    def _close(self, slot: Slot) -> None:
        rec, notices = slot.recorder, slot.notices
        assert rec is not None and notices is not None
        tell_alerts(rec.take_alerts(), notices, self.fmt, rec.info.started_ms, slot.lead)
        self._submit(slot, "closed", rec.stop)

    def _closed(self, slot: Slot, future: Future[SessionInfo]) -> None:
        rec, notices = slot.recorder, slot.notices
        assert rec is not None and notices is not None
        try:
            slot.final = future.result()
        except SessionNotClosedError as exc:
            print(f"genbo: {exc}", file=sys.stderr, flush=True)
            slot.state = State.NOT_CLOSED
            slot.error = str(exc)
            slot.final = rec.info
            return
        except Exception as exc:  # the others are still saved; raised after
            log.exception("the session of %s could not be stopped", slot.name)
            self.unexpected.append(exc)
            slot.state = State.NOT_CLOSED
            slot.error = str(exc)
            slot.final = rec.info
            return
        slot.state = State.ENDED
        notices.ended(slot.final, rec.month_change)

    def _close_all(self) -> None:
        """However the loop ended: every session stopped and saved. A clean
        end gets here with all of them done already."""
        self.stop.set()
        while not all(s.state in DONE for s in self.slots):
            # Sessions still starting finish starting, then stop at once.
            self._take_reports()
            self._advance(time.monotonic())

    # -- what it prints ----------------------------------------------------------------
    def _print_block(self, now: float) -> None:
        counts = {st: sum(s.state is st for s in self.slots) for st in State}
        print(
            tr("{wall} · {elapsed} · {live} live, {waiting} waiting, {ended} ended").format(
                wall=self.cfg.name,
                elapsed=self.fmt.duration(now - self.opened),
                live=counts[State.LIVE] + counts[State.STOPPING] + counts[State.CLOSING],
                waiting=counts[State.WAITING] + counts[State.STARTING],
                ended=counts[State.ENDED] + counts[State.NOT_CLOSED],
            ),
            flush=True,
        )
        for slot in self.slots:
            print("  " + _pad(slot.lead, self.width, "<") + self._state_text(slot, now), flush=True)

    def _state_text(self, slot: Slot, now: float) -> str:
        fmt = self.fmt
        rec = slot.recorder
        if slot.state is State.WAITING:
            return tr("waiting, starts in {left}").format(
                left=fmt.duration(max(0.0, slot.left_s(now)) + 0.999)
            )
        if slot.state is State.STARTING:
            return tr("starting")
        if slot.state is State.FAILED:
            return tr("could not start: {error}").format(error=slot.error)
        if slot.state is State.NOT_STARTED:
            return tr("not started")
        if slot.state in (State.ENDED, State.NOT_CLOSED) and slot.final is not None:
            s = slot.final.summary
            text = tr("ended · {duration} · GMV {gmv} · {n} samples").format(
                duration=fmt.duration(s.duration_s),
                gmv=fmt.money(s.yuan(s.gmv_fen)),
                n=fmt.count(s.sample_count),
            )
            if slot.state is State.NOT_CLOSED:
                text += " · " + tr("could not be marked as ended")
            return text
        assert rec is not None
        if slot.state is State.CLOSING:
            return tr("saving…")
        snap = rec.snapshot()
        return tr("{elapsed}{pct}  viewers {viewers}  GMV {gmv}  samples {n}").format(
            elapsed=fmt.duration(snap.elapsed_s),
            pct=share(snap, slot.planned_s),
            viewers=fmt.count(snap.latest.get("viewers")),
            gmv=fmt.money(snap.gmv),
            n=self.fmt.count(snap.sample_count),
        )

    def _summary(self, slot: Slot) -> str:
        if slot.final is None:
            return slot.lead + self._state_text(slot, time.monotonic())
        line = slot.lead + finished_line(slot.final, self.fmt)
        if slot.state is State.NOT_CLOSED:
            line += " " + tr("(could not be marked as ended: it shows as interrupted)")
        return line

    def _row(self, slot: Slot) -> dict[str, Any]:
        if slot.final is not None:
            row = session_row(slot.final)
            if slot.state is State.NOT_CLOSED:
                row["error"] = slot.error
            return row
        return {
            "id": None,
            "streamer": slot.name,
            "title": slot.entry.title,
            "started_at": None,
            "ended_at": None,
            "status": slot.state.value,
            "duration_s": None,
            "peak_viewers": None,
            "gmv": None,
            "gmv_fen": None,
            "sample_count": 0,
            **({"error": slot.error} if slot.error else {}),
        }
