"""`genbo record`: a session recorded without the window, from one or more sources.

Sources run on their own threads and report through a queue; the main loop
feeds the same `SessionRecorder` the window uses, prints progress once a
second, prints every source status change, and stops on the duration, when
every source has ended, or on Ctrl+C / SIGTERM (the session is then closed and
saved normally).
"""

from __future__ import annotations

import argparse
import logging
import queue
import signal
import sys
import threading
import time
from collections.abc import Sequence
from datetime import datetime
from types import FrameType
from typing import Any

from app.config.formatting import format_clock, format_datetime, number_format
from app.config.i18n import tr
from app.config.paths import AppPaths
from app.config.secret_store import SecretStore
from app.config.settings import alert_rules_from_settings, load_settings, rules_from_settings
from app.core.alerts import Alert
from app.core.metrics import EVERY_SOURCE
from app.core.milestones import MilestoneKind
from app.core.numbers import NumberFormat
from app.core.session import SessionInfo
from app.core.stats import StatsSnapshot
from app.session.health import describe_end
from app.session.recording import (
    SessionNotClosedError,
    SessionNotices,
    SessionRecorder,
    notify_targets,
)
from app.session.source_setup import SetupError, build_sources, sources_from_configs
from app.sources.base import Source, SourceContext, SourceState, SourceStatus
from app.sources.ingest import IngestSource
from app.sources.simulator import SimulatorSource

log = logging.getLogger(__name__)


class _QueueSink:
    """Carries one source's reports from its thread to the main loop."""

    def __init__(self, q: queue.SimpleQueue[tuple[int, str, Any]], source_id: int) -> None:
        self.q = q
        self.id = source_id

    def samples(self, batch: Sequence[Any]) -> None:
        self.q.put((self.id, "samples", batch))

    def gap(self, gap: Any) -> None:
        self.q.put((self.id, "gap", gap))

    def status(self, status: SourceStatus) -> None:
        self.q.put((self.id, "status", status))


def cmd_record(args: argparse.Namespace, paths: AppPaths, db: Any) -> int:
    from app.storage.database import StorageError
    from app.storage.repository import Repository
    from app.storage.writer import DatabaseWriter

    repo = Repository(db)
    fmt = number_format()
    interrupted = repo.find_interrupted()
    for lost in interrupted:
        if lost.id == args.resume:
            continue
        print(
            tr(
                "genbo: session {id} ({streamer}, started {start}) was interrupted; its {n} "
                "samples are kept. Resume it with: genbo record --resume {id} (or in the "
                "Genbo window), or end it with: genbo close {id}"
            ).format(
                id=lost.id,
                streamer=lost.streamer.name,
                start=format_datetime(lost.started_at),
                n=fmt.count(lost.summary.sample_count),
            ),
            file=sys.stderr,
        )
    store = SecretStore()
    try:
        if args.resume is not None:
            sources = _resume_sources(args, repo, store, interrupted)
        else:
            sources = build_sources(args, store, interactive=sys.stdin.isatty())
    except (SetupError, StorageError) as exc:
        print(f"genbo: {exc}", file=sys.stderr)
        return 2
    from app.session.health import describe_leftovers, emergency_dirs, leftover_spills

    writer = DatabaseWriter(db, spill_dirs=emergency_dirs(paths))
    writer.start()
    left = describe_leftovers(leftover_spills(paths), fmt, window=False)
    if left:
        print(f"genbo: {left}", file=sys.stderr, flush=True)
    settings = load_settings(paths.settings_file)
    rules = rules_from_settings(settings)
    alert_rules = alert_rules_from_settings(settings)
    try:
        if args.resume is not None:
            recorder, infos, _history = SessionRecorder.resume(
                repo, writer, args.resume, sources, rules=rules, alert_rules=alert_rules
            )
        else:
            recorder, infos = SessionRecorder.start_new(
                repo, writer, args.streamer, args.title, sources, rules=rules,
                alert_rules=alert_rules,
            )  # fmt: skip
    except StorageError as exc:
        writer.close()
        print(f"genbo: {exc}", file=sys.stderr)
        return 2
    info = recorder.info
    dispatcher, notices = _team_chat(settings, store, paths, recorder)
    if args.resume is None:
        notices.went_live()
    heading = (
        tr('Resuming session {id} · {streamer} · "{title}" · {sources} · into {db}')
        if args.resume is not None
        else tr('Recording session {id} · {streamer} · "{title}" · {sources} · into {db}')
    )
    print(
        heading.format(
            id=info.id,
            streamer=info.streamer.name,
            title=info.title,
            sources=", ".join(s.label for s in sources),
            db=paths.database,
        ),
        flush=True,
    )
    for gap in recorder.resumed_gaps:
        if gap.source == EVERY_SOURCE and gap.end_ms is not None:
            print(
                "  "
                + tr("{reason} from {start} to {end}: kept as a gap.").format(
                    reason=tr(gap.reason),
                    start=fmt.duration((gap.start_ms - info.started_ms) / 1000),
                    end=fmt.duration((gap.end_ms - info.started_ms) / 1000),
                ),
                flush=True,
            )

    q: queue.SimpleQueue[tuple[int, str, Any]] = queue.SimpleQueue()
    stop = threading.Event()
    ctx = SourceContext(
        session_started_ms=info.started_ms,
        resume_elapsed_s=recorder.resume_elapsed_s,
        clock=recorder.clock,
    )
    labels = {si.id: src.label for si, src in zip(infos, sources, strict=True)}
    threads = []
    for si, src in zip(infos, sources, strict=True):
        sink = _QueueSink(q, si.id)
        th = threading.Thread(
            target=_run_source, args=(src, ctx, sink, stop), name=f"genbo-{src.kind}", daemon=True
        )
        threads.append(th)
        th.start()
    for src in sources:
        if isinstance(src, IngestSource):
            src.ready.wait(5)
            if src.port:
                saved = store.persistent
                print(
                    tr("Push ingest: POST {url} with Authorization: Bearer {token}").format(
                        url=src.url, token=src.token
                    )
                    + (
                        ""
                        if saved
                        else "  " + tr("(no keyring: this token lasts for this run only)")
                    ),
                    flush=True,
                )

    stopped_by: list[str] = []
    # --duration counts session seconds; after --resume, seconds more.
    resumed_at = recorder.resume_elapsed_s if args.resume is not None else 0.0
    stop_at = None if args.duration is None else resumed_at + args.duration
    simulated = any(isinstance(s, SimulatorSource) for s in sources)

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        stopped_by.append(signal.Signals(signum).name)
        stop.set()

    not_closed = False
    old_int = signal.signal(signal.SIGINT, on_signal)
    old_term = signal.signal(signal.SIGTERM, on_signal)
    ended: set[int] = set()
    shown: dict[int, tuple[SourceState, str]] = {}
    last_print = 0.0
    health = _HealthLines(writer, paths, fmt)
    try:
        while True:
            try:
                sid, kind, payload = q.get(timeout=0.2)
            except queue.Empty:
                sid, kind, payload = 0, "", None
            if kind == "samples":
                for m in recorder.ingest(sid, payload):
                    star = "·" if m.kind is MilestoneKind.JOINED else "★★" if m.major else "★"
                    print(f"  {star} {m.describe(fmt, started_ms=info.started_ms)}", flush=True)
                    notices.milestone(m)
                _tell_alerts(recorder.take_alerts(), notices, fmt, info.started_ms)
            elif kind == "gap":
                recorder.record_gap(sid, payload)
            elif kind == "status":
                if shown.get(sid) != (payload.state, payload.detail):
                    shown[sid] = (payload.state, payload.detail)
                    _print_status(labels[sid], payload)
                if payload.state in (SourceState.FINISHED, SourceState.STOPPED):
                    ended.add(sid)
            if stop.is_set():
                break
            if len(ended) == len(sources) and q.empty():
                break
            # A new simulated show ends at its own duration (in simulated time);
            # a resumed one was planned for another, so the loop ends it.
            if (
                stop_at is not None
                and (args.resume is not None or not simulated)
                and recorder.elapsed() >= stop_at
            ):
                break
            now = time.monotonic()
            if now - last_print >= 1.0:
                last_print = now
                recorder.heartbeat()
                _tell_alerts(recorder.tick(), notices, fmt, info.started_ms)
                for jump in recorder.take_clock_jumps():
                    if jump.shown:
                        print("  ⏱ " + recorder.describe_clock_jump(jump), flush=True)
                _print_progress(recorder.snapshot(), args.duration, fmt, resumed_at)
                health.tick()
    finally:
        stop.set()
        try:
            for th in threads:
                th.join(5)
            while not q.empty():
                sid, kind, payload = q.get()
                if kind == "samples":
                    for m in recorder.ingest(sid, payload):
                        notices.milestone(m)
                elif kind == "gap":
                    recorder.record_gap(sid, payload)
            _tell_alerts(recorder.take_alerts(), notices, fmt, info.started_ms)
            try:
                final = recorder.stop()
            except SessionNotClosedError as exc:
                print(f"genbo: {exc}", file=sys.stderr, flush=True)
                not_closed = True
                final = recorder.info
            finally:
                writer.close()
                for line in describe_end(writer.health(), fmt):
                    print(f"genbo: {line}", file=sys.stderr, flush=True)
            if not not_closed:
                notices.ended(final, recorder.month_change)
        finally:
            # Even when stopping failed: what is queued is sent or kept.
            if not dispatcher.close(TEAM_CHAT_CLOSE_S):
                print(
                    tr("genbo: the team chat did not take everything; the rest is sent next time."),
                    file=sys.stderr,
                )
            # A second Ctrl+C from here on (the summary, closing the database)
            # would only cut the tidy end short: it is noted, not raised.
            signal.signal(
                signal.SIGINT,
                _repeat_noted if old_int is signal.default_int_handler else old_int,
            )
            signal.signal(signal.SIGTERM, old_term)
    _print_progress(recorder.snapshot(), args.duration, fmt, resumed_at)
    if not_closed:
        return 1
    s = final.summary
    if stopped_by:
        print(
            tr("Stopped early ({signal}); everything recorded so far is kept.").format(
                signal=stopped_by[0]
            )
        )
    print(
        tr(
            "Finished session {id}: {duration}, peak {peak} viewers, GMV {gmv} "
            "(first 15 min {g15}, first 30 min {g30}), {n} samples."
        ).format(
            id=final.id,
            duration=fmt.duration(s.duration_s),
            peak=fmt.count(s.peak_viewers),
            gmv=fmt.money(s.yuan(s.gmv_fen)),
            g15=fmt.money(s.yuan(s.gmv_15m_fen)),
            g30=fmt.money(s.yuan(s.gmv_30m_fen)),
            n=fmt.count(s.sample_count),
        ),
        flush=True,
    )
    return 130 if stopped_by and stopped_by[0] == "SIGINT" else 0


def _repeat_noted(_signum: int, _frame: FrameType | None) -> None:
    print(tr("genbo: already stopping; everything is being saved."), file=sys.stderr, flush=True)


class _HealthLines:
    """Says how writing goes, on stderr: when a problem starts or changes, every
    `REPEAT_S` while it lasts (the count of waiting samples moves), and once
    when writing works again."""

    REPEAT_S = 10.0

    def __init__(self, writer: Any, paths: AppPaths, fmt: NumberFormat) -> None:
        from app.storage.writer import WriterHealth

        self.writer = writer
        self.paths = paths
        self.fmt = fmt
        self.last: WriterHealth = writer.health()
        self.said_at = 0.0
        self.said: tuple[Any, ...] = ()

    def tick(self) -> None:
        from app.session.health import describe, describe_recovery

        now = self.writer.health()
        back = describe_recovery(self.last, now, self.fmt)
        if back:
            print(f"genbo: {back}", file=sys.stderr, flush=True)
        key = (now.ok, now.problem, now.spills, len(now.dropped), id(now.rescue))
        due = not now.ok and time.monotonic() - self.said_at >= self.REPEAT_S
        if key != self.said or due:
            line = describe(now, self.paths.database, self.fmt)
            if line and (key != self.said or due):
                print(f"genbo: {line}", file=sys.stderr, flush=True)
                self.said_at = time.monotonic()
            self.said = key
        self.last = now


TEAM_CHAT_CLOSE_S = 10.0
"""How long the end of `genbo record` waits for the team chat to take what is
queued (the summary); what it has not taken is kept for the next run."""


def _team_chat(
    settings: Any, store: SecretStore, paths: AppPaths, recorder: SessionRecorder
) -> tuple[Any, SessionNotices]:
    """The dispatcher of the settings' team-chat targets (each failure printed,
    never stopping the recording) and what it is told of this session."""
    from app.core.roster import thresholds_from_yuan
    from app.notify.dispatcher import Dispatcher, Result

    def on_result(result: Result) -> None:  # on a dispatcher thread
        if result.ok:
            return
        line = tr("  team chat: “{notice}” not sent to {target}: {why}").format(
            notice=result.notice.title, target=result.target.name, why=result.why
        )
        if result.kept:
            line += " " + tr("(kept: it is sent again later)")
        print(line, file=sys.stderr, flush=True)

    dispatcher = Dispatcher(
        notify_targets(settings),
        store,
        on_result=on_result,
        spool_dir=paths.data_dir,
    )
    notices = SessionNotices(
        dispatcher, recorder.info, number_format(), thresholds_from_yuan(settings.leap_ladder)
    )
    return dispatcher, notices


def _tell_alerts(
    alerts: Sequence[Alert], notices: SessionNotices, fmt: NumberFormat, started_ms: int
) -> None:
    """Print each alert (⚠) and send it to the team chat."""
    from app.core.messages import translate

    for a in alerts:
        print(f"  ⚠ {a.describe(fmt, translate, started_ms)}", flush=True)
        notices.alert(a)


def _resume_sources(
    args: argparse.Namespace, repo: Any, store: SecretStore, interrupted: Sequence[SessionInfo]
) -> list[Source]:
    """The sources to continue an interrupted session with: those given on the
    command line, else the ones it was recorded with (the keyboard aside)."""
    if args.resume not in {s.id for s in interrupted}:
        info = repo.get_session(args.resume)  # raises if there is none
        raise SetupError(
            tr("session {id} is {status}, not interrupted; there is nothing to resume.").format(
                id=info.id, status=tr(info.status.value)
            )
        )
    if args.source:
        return build_sources(args, store, interactive=sys.stdin.isatty())
    sources = sources_from_configs(repo.source_configs(args.resume), store, keyboard=False)
    if not sources:
        raise SetupError(
            tr(
                "session {id} was typed in by hand; give the sources to continue it with, "
                "e.g. --source http …"
            ).format(id=args.resume)
        )
    return sources


def _run_source(src: Source, ctx: SourceContext, sink: _QueueSink, stop: threading.Event) -> None:
    try:
        src.run(ctx, sink, stop)
    except Exception as exc:  # a broken source ends, the recording and its data go on
        log.exception("source %s failed", src.label)
        sink.status(SourceStatus(SourceState.STOPPED, str(exc), ctx.now_ms()))


def _print_status(label: str, st: SourceStatus) -> None:
    when = (
        format_clock(datetime.fromtimestamp(st.since_ms / 1000), seconds=True)
        if st.since_ms
        else ""
    )
    text = {
        SourceState.STARTING: tr("starting"),
        SourceState.LIVE: tr("live"),
        SourceState.STALE: tr("stale since {when}").format(when=when),
        SourceState.STOPPED: tr("stopped"),
        SourceState.FINISHED: tr("finished"),
    }[st.state]
    line = f"  [{label}] {text}"
    if st.detail:
        line += f" — {st.detail}"
    print(line, flush=True)


def _print_progress(
    snap: StatsSnapshot, duration: float | None, fmt: NumberFormat, resumed_at: float = 0.0
) -> None:
    """One progress line; the share is of `duration` seconds after `resumed_at`."""
    done = max(0.0, snap.elapsed_s - resumed_at)
    pct = f" ({min(100.0, 100.0 * done / duration):.0f}%)" if duration else ""
    print(
        tr(
            "  {elapsed}{pct}  viewers {viewers} (peak {peak})  GMV {gmv}  "
            "orders {orders}  samples {n}"
        ).format(
            elapsed=fmt.duration(snap.elapsed_s),
            pct=pct,
            viewers=fmt.count(snap.latest.get("viewers")),
            peak=fmt.count(snap.peak_viewers),
            gmv=fmt.money(snap.gmv),
            orders=fmt.count(snap.latest.get("orders")),
            n=snap.sample_count,
        ),
        flush=True,
    )
