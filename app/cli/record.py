"""`genbo record`: a session recorded without the window, from one or more sources.

Sources run on their own threads and report through a queue; the main loop
feeds the same `SessionRecorder` the window uses, prints progress once a
second, prints every source status change, and stops on the duration, when
every source has ended, or on Ctrl+C / SIGTERM (the session is then closed and
saved normally). `genbo record --config FILE` records a wall's streamers at
once (`app.cli.record_wall`) with the pieces kept here: the queue's sink, the
lines it prints, the team chat, the writer's health and the signals.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import queue
import signal
import sys
import threading
import time
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from types import FrameType
from typing import Any

from app.config.formatting import format_clock, format_datetime, number_format, source_label
from app.config.i18n import tr
from app.config.paths import AppPaths
from app.config.secret_store import SecretStore
from app.config.settings import alert_rules_from_settings, load_settings, rules_from_settings
from app.core.alerts import Alert
from app.core.metrics import EVERY_SOURCE
from app.core.milestones import Milestone, MilestoneKind
from app.core.numbers import NumberFormat
from app.core.session import SessionInfo, SessionStatus
from app.core.stats import StatsSnapshot
from app.session.health import describe_end, describe_recovery
from app.session.recording import (
    NoticeSender,
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

INDENT = "  "
"""How a line of the one session of `genbo record` begins; a wall's begin
with their streamer instead (`[杨小姐] `)."""

Reports = queue.SimpleQueue[tuple[Any, str, Any]]
"""The one queue a recording's sources report through: (key, kind, payload),
the key naming the source (its id; on a wall, (slot, id))."""


class QueueSink:
    """Carries one source's reports from its thread to the main loop."""

    def __init__(self, q: Reports, key: Any) -> None:
        self.q = q
        self.id = key

    def samples(self, batch: Sequence[Any]) -> None:
        self.q.put((self.id, "samples", batch))

    def gap(self, gap: Any) -> None:
        self.q.put((self.id, "gap", gap))

    def status(self, status: SourceStatus) -> None:
        self.q.put((self.id, "status", status))


def cmd_record(args: argparse.Namespace, paths: AppPaths, db: Any) -> int:
    """`genbo record`: one session (--streamer, --resume) or a wall (--config).
    With --json what it prints as it goes is on stderr and stdout has one JSON
    object at the end, `{"sessions": [...]}` (`session_row`)."""
    if getattr(args, "config", None) is not None:
        from app.cli.record_wall import cmd_record_wall as run
    else:
        run = _record_one
    if not getattr(args, "json", False):
        return run(args, paths, db, [])
    rows: list[dict[str, Any]] = []
    with contextlib.redirect_stdout(sys.stderr):
        code = run(args, paths, db, rows)
    if code != 2:  # 2: refused, nothing recorded
        json.dump({"sessions": rows}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    return code


def _record_one(
    args: argparse.Namespace, paths: AppPaths, db: Any, rows: list[dict[str, Any]]
) -> int:
    from app.storage.database import StorageError
    from app.storage.repository import Repository

    repo = Repository(db, paths.operator_name)
    fmt = number_format()
    interrupted = tell_interrupted(repo, fmt, skip=args.resume)
    store = SecretStore()
    try:
        if args.resume is not None:
            sources = _resume_sources(args, repo, store, interrupted)
        else:
            sources = build_sources(args, store, interactive=sys.stdin.isatty())
    except (SetupError, StorageError) as exc:
        print(f"genbo: {exc}", file=sys.stderr)
        return 2
    writer = start_writer(db, paths, fmt)
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
    dispatcher = team_chat(settings, store, paths)
    notices = session_notices(dispatcher, settings, info)
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
            db=paths.database_label,
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

    q: Reports = queue.SimpleQueue()
    stop = threading.Event()
    ctx = source_context(recorder)
    labels = {si.id: src.label for si, src in zip(infos, sources, strict=True)}
    threads = [
        start_source(src, ctx, QueueSink(q, si.id), stop)
        for si, src in zip(infos, sources, strict=True)
    ]
    for src in sources:
        if isinstance(src, IngestSource):
            src.ready.wait(5)
            line = ingest_line(src, store)
            if line:
                print(line, flush=True)

    # --duration counts session seconds; after --resume, seconds more.
    resumed_at = recorder.resume_elapsed_s if args.resume is not None else 0.0
    stop_at = None if args.duration is None else resumed_at + args.duration
    simulated = any(isinstance(s, SimulatorSource) for s in sources)

    not_closed = False
    signals = StopSignals(stop)
    ended: set[int] = set()
    shown: dict[int, tuple[SourceState, str]] = {}
    last_print = 0.0
    health = HealthLines(writer, paths, fmt)
    try:
        while True:
            try:
                sid, kind, payload = q.get(timeout=0.2)
            except queue.Empty:
                sid, kind, payload = 0, "", None
            if kind == "samples":
                tell_milestones(recorder.ingest(sid, payload), notices, fmt, info.started_ms)
                tell_alerts(recorder.take_alerts(), notices, fmt, info.started_ms)
            elif kind == "gap":
                recorder.record_gap(sid, payload)
            elif kind == "status":
                if shown.get(sid) != (payload.state, payload.detail):
                    shown[sid] = (payload.state, payload.detail)
                    print_status(labels[sid], payload)
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
                keep_time(recorder, notices, fmt)
                print(
                    progress_line(recorder.snapshot(), args.duration, fmt, resumed_at), flush=True
                )
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
            tell_alerts(recorder.take_alerts(), notices, fmt, info.started_ms)
            try:
                final = recorder.stop()
            except SessionNotClosedError as exc:
                print(f"genbo: {exc}", file=sys.stderr, flush=True)
                not_closed = True
                final = recorder.info
            finally:
                close_writer(writer, fmt, health)
            if not not_closed:
                notices.ended(final, recorder.month_change)
        finally:
            # Even when stopping failed: what is queued is sent or kept.
            close_team_chat(dispatcher)
            signals.calm()
    print(progress_line(recorder.snapshot(), args.duration, fmt, resumed_at), flush=True)
    rows.append(session_row(final))
    if not_closed:
        return 1
    if signals.by:
        print(stopped_early_line(signals.by[0]))
    print(finished_line(final, fmt), flush=True)
    return signals.exit_code()


# -- the pieces a wall's recording shares ------------------------------------------------


def tell_interrupted(repo: Any, fmt: NumberFormat, skip: int | None = None) -> list[SessionInfo]:
    """Say on stderr which sessions an earlier run left interrupted (all but
    `skip`, the one being resumed) and how to resume or end them; returns them."""
    interrupted: list[SessionInfo] = [s for s in repo.find_interrupted() if repo.recorded_by_me(s)]
    for lost in interrupted:
        if lost.id == skip:
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
    return interrupted


def start_writer(db: Any, paths: AppPaths, fmt: NumberFormat) -> Any:
    """The one `DatabaseWriter` of a run, started; what an earlier run left in
    emergency files is said on stderr."""
    from app.session.health import describe_leftovers, emergency_dirs, leftover_spills, team_spool
    from app.storage.writer import DatabaseWriter

    writer = DatabaseWriter(db, spill_dirs=emergency_dirs(paths), spool=team_spool(paths))
    writer.start()
    left = describe_leftovers(leftover_spills(paths), fmt, window=False)
    if left:
        print(f"genbo: {left}", file=sys.stderr, flush=True)
    return writer


def close_writer(writer: Any, fmt: NumberFormat, lines: HealthLines | None = None) -> None:
    """Close the writer; how writing ended (what was kept where) on stderr."""
    # Since the last line said: the end's own retries may have sent a spool.
    before = lines.last if lines is not None else writer.health()
    writer.close()
    back = describe_recovery(before, writer.health(), fmt)  # the last retries, at the end
    if back:
        print(f"genbo: {back}", file=sys.stderr, flush=True)
    for line in describe_end(writer.health(), fmt):
        print(f"genbo: {line}", file=sys.stderr, flush=True)


def source_context(recorder: SessionRecorder) -> SourceContext:
    """What a session's sources are given: its start and its one clock."""
    info = recorder.info
    return SourceContext(
        session_started_ms=info.started_ms,
        resume_elapsed_s=recorder.resume_elapsed_s,
        clock=recorder.clock,
        about=recorder.about(),
        feed=recorder.feed_source,
        keep=recorder.keep_event,
    )


def start_source(
    src: Source, ctx: SourceContext, sink: QueueSink, stop: threading.Event
) -> threading.Thread:
    """Run `src` on a thread of its own (a daemon: a hung one never holds the exit)."""
    th = threading.Thread(
        target=run_source, args=(src, ctx, sink, stop), name=f"genbo-{src.kind}", daemon=True
    )
    th.start()
    return th


def run_source(src: Source, ctx: SourceContext, sink: QueueSink, stop: threading.Event) -> None:
    try:
        src.run(ctx, sink, stop)
    except Exception as exc:  # a broken source ends, the recording and its data go on
        log.exception("source %s failed", src.label)
        sink.status(SourceStatus(SourceState.STOPPED, str(exc), ctx.now_ms()))


def ingest_line(src: IngestSource, store: SecretStore) -> str:
    """Where to push numbers once a push-ingest source listens ("" before)."""
    if not src.port:
        return ""
    return (
        tr("Push ingest: POST {url} with Authorization: Bearer {token}").format(
            url=src.url, token=src.token
        )
        + (
            ""
            if store.persistent
            else "  " + tr("(no keyring: this token lasts for this run only)")
        )
        + "\n"
        + tr("Browser companion (open in the browser to install it, paired): {url}").format(
            url=f"http://127.0.0.1:{src.port}/companion.user.js"
        )
    )


def _repeat_noted(_signum: int, _frame: FrameType | None) -> None:
    print(tr("genbo: already stopping; everything is being saved."), file=sys.stderr, flush=True)


class StopSignals:
    """Ctrl+C and SIGTERM while recording: noted in `by` and `stop` set, so the
    loop ends and everything is saved normally. `calm()` once the recording is
    closed: a second Ctrl+C from there on (the summary, closing the database)
    would only cut the tidy end short, so it is noted, not raised."""

    def __init__(self, stop: threading.Event) -> None:
        self.stop = stop
        self.by: list[str] = []
        self._old_int = signal.signal(signal.SIGINT, self._on_signal)
        self._old_term = signal.signal(signal.SIGTERM, self._on_signal)

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        if self.by:
            _repeat_noted(signum, frame)
        self.by.append(signal.Signals(signum).name)
        self.stop.set()

    def calm(self) -> None:
        signal.signal(
            signal.SIGINT,
            _repeat_noted if self._old_int is signal.default_int_handler else self._old_int,
        )
        signal.signal(signal.SIGTERM, self._old_term)

    def exit_code(self) -> int:
        """130 when Ctrl+C stopped the recording, else 0."""
        return 130 if self.by and self.by[0] == "SIGINT" else 0


class HealthLines:
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


def team_chat(settings: Any, store: SecretStore, paths: AppPaths) -> Any:
    """The dispatcher of the settings' team-chat targets, one for the run (each
    failure printed, never stopping the recording)."""
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

    return Dispatcher(
        notify_targets(settings),
        store,
        on_result=on_result,
        spool_dir=paths.data_dir,
    )


def session_notices(sender: NoticeSender, settings: Any, info: SessionInfo) -> SessionNotices:
    """What the team chat (`sender`) is told of one session."""
    from app.core.roster import thresholds_from_yuan

    return SessionNotices(sender, info, number_format(), thresholds_from_yuan(settings.leap_ladder))


def close_team_chat(dispatcher: Any) -> None:
    """Let the team chat take what is queued; what it cannot is kept for next time."""
    if not dispatcher.close(TEAM_CHAT_CLOSE_S):
        print(
            tr("genbo: the team chat did not take everything; the rest is sent next time."),
            file=sys.stderr,
        )


def tell_milestones(
    found: Sequence[Milestone],
    notices: SessionNotices,
    fmt: NumberFormat,
    started_ms: int,
    lead: str = INDENT,
) -> None:
    """Print each milestone (★★ major, ★, · joined) and send it to the team chat."""
    from app.core.messages import translate

    for m in found:
        star = "·" if m.kind is MilestoneKind.JOINED else "★★" if m.major else "★"
        text = m.describe(fmt, lambda s: translate("milestones", s), started_ms=started_ms)
        print(f"{lead}{star} {text}", flush=True)
        notices.milestone(m)


def tell_alerts(
    alerts: Sequence[Alert],
    notices: SessionNotices,
    fmt: NumberFormat,
    started_ms: int,
    lead: str = INDENT,
) -> None:
    """Print each alert (⚠) and send it to the team chat."""
    from app.core.messages import translate

    for a in alerts:
        print(f"{lead}⚠ {a.describe(fmt, translate, started_ms)}", flush=True)
        notices.alert(a)


def keep_time(
    recorder: SessionRecorder, notices: SessionNotices, fmt: NumberFormat, lead: str = INDENT
) -> None:
    """Once a second: the stored summary, the alerts time brings ("no order
    for 10 minutes"), a wall-clock jump worth telling."""
    recorder.heartbeat()
    tell_alerts(recorder.tick(), notices, fmt, recorder.info.started_ms, lead)
    for jump in recorder.take_clock_jumps():
        if jump.shown:
            print(f"{lead}⏱ " + recorder.describe_clock_jump(jump), flush=True)


def _resume_sources(
    args: argparse.Namespace, repo: Any, store: SecretStore, interrupted: Sequence[SessionInfo]
) -> list[Source]:
    """The sources to continue an interrupted session with: those given on the
    command line, else the ones it was recorded with (the keyboard aside)."""
    if args.resume not in {s.id for s in interrupted}:
        info = repo.get_session(args.resume)  # raises if there is none
        if info.status is SessionStatus.LIVE and not repo.recorded_by_me(info):
            raise SetupError(
                tr(
                    "session {id} was recorded by {who} on the team server; only that login "
                    "can resume or end it."
                ).format(id=info.id, who=info.operator or tr("a login without a name"))
            )
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


def print_status(label: str, st: SourceStatus, lead: str = INDENT) -> None:
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
    line = f"{lead}[{source_label(label)}] {text}"
    if st.detail:
        line += f" — {st.detail}"
    print(line, flush=True)


def share(snap: StatsSnapshot, duration: float | None, resumed_at: float = 0.0) -> str:
    """ " (42%)": how much of `duration` seconds after `resumed_at` is done ("" without one)."""
    done = max(0.0, snap.elapsed_s - resumed_at)
    return f" ({min(100.0, 100.0 * done / duration):.0f}%)" if duration else ""


def progress_line(
    snap: StatsSnapshot, duration: float | None, fmt: NumberFormat, resumed_at: float = 0.0
) -> str:
    """One progress line; the share is of `duration` seconds after `resumed_at`."""
    return tr(
        "  {elapsed}{pct}  viewers {viewers} (peak {peak})  GMV {gmv}  orders {orders}  samples {n}"
    ).format(
        elapsed=fmt.duration(snap.elapsed_s),
        pct=share(snap, duration, resumed_at),
        viewers=fmt.count(snap.latest.get("viewers")),
        peak=fmt.count(snap.peak_viewers),
        gmv=fmt.money(snap.gmv),
        orders=fmt.count(snap.latest.get("orders")),
        n=snap.sample_count,
    )


def stopped_early_line(by: str) -> str:
    return tr("Stopped early ({signal}); everything recorded so far is kept.").format(signal=by)


def finished_line(final: SessionInfo, fmt: NumberFormat) -> str:
    """The closing line of a session: id, duration, peak, GMV and its samples."""
    s = final.summary
    return tr(
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
    )


def session_row(info: SessionInfo) -> dict[str, Any]:
    """A recorded session for --json: the keys of `genbo sessions --json`
    (money in yuan) and `gmv_fen`, the stored integer."""
    s = info.summary
    return {
        "id": info.id,
        "streamer": info.streamer.name,
        "title": info.title,
        "started_at": info.started_at.isoformat(timespec="seconds"),
        "ended_at": None
        if info.ended_ms is None
        else datetime.fromtimestamp(info.ended_ms / 1000, tz=info.started_at.tzinfo).isoformat(
            timespec="seconds"
        ),
        "status": info.status.value,
        "duration_s": round(s.duration_s),
        "peak_viewers": s.peak_viewers,
        "gmv": None if s.gmv_fen is None else float(Decimal(s.gmv_fen) / 100),
        "gmv_fen": s.gmv_fen,
        "sample_count": s.sample_count,
    }
