"""Command line and composition root: parses arguments and wires the layers."""

from __future__ import annotations

import argparse
import json
import logging
import logging.handlers
import queue
import signal
import sys
import threading
import time
import unicodedata
from collections.abc import Sequence
from decimal import Decimal
from types import FrameType
from typing import Any

from app import __version__
from app.paths import AppPaths, resolve_paths

log = logging.getLogger("app")


def _positive_float(text: str) -> float:
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not v > 0:
        raise argparse.ArgumentTypeError(f"{text!r} must be greater than 0")
    return v


def build_parser() -> argparse.ArgumentParser:
    from app.i18n import tr

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        help=tr("keep the database, settings and logs in DIR (also: $GENBO_DATA_DIR)"),
    )

    p = argparse.ArgumentParser(
        prog="genbo",
        description=tr("Genbo (跟播): follow a live broadcast's numbers, live and in review."),
        parents=[common],
    )
    p.add_argument("--version", action="version", version=f"genbo {__version__}")
    p.add_argument("--demo", action="store_true", help=tr("start a simulated live session at once"))
    p.add_argument(
        "--speed",
        type=_positive_float,
        default=None,
        metavar="N",
        help=tr("with --demo: run simulated time N times faster (default 10)"),
    )
    p.add_argument("--seed", type=int, default=None, help=tr("with --demo: simulator seed"))
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    rec = sub.add_parser("record", parents=[common], help=tr("record a session without the window"))
    rec.add_argument("--source", choices=["simulator"], default="simulator")
    rec.add_argument("--streamer", required=True, metavar="NAME")
    rec.add_argument("--title", default="", metavar="T")
    rec.add_argument(
        "--duration",
        type=_positive_float,
        required=True,
        metavar="SECONDS",
        help=tr("session length in session seconds"),
    )
    rec.add_argument("--speed", type=_positive_float, default=1.0, metavar="N")
    rec.add_argument("--seed", type=int, default=None, metavar="S")

    ses = sub.add_parser("sessions", parents=[common], help=tr("list recorded sessions"))
    ses.add_argument("--json", action="store_true", help=tr("machine-readable output"))

    close = sub.add_parser(
        "close", parents=[common], help=tr("close a session that was cut off by a crash")
    )
    close.add_argument("session_id", type=int, metavar="SESSION_ID")
    return p


def setup_logging(paths: AppPaths, verbose: bool = False) -> None:
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    try:
        paths.log_dir.mkdir(parents=True, exist_ok=True)
        fh = logging.handlers.RotatingFileHandler(
            paths.log_dir / "genbo.log", maxBytes=2_000_000, backupCount=3, encoding="utf-8"
        )
        fh.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(fh)
    except OSError as exc:
        print(f"genbo: cannot write logs to {paths.log_dir}: {exc}", file=sys.stderr)
    sh = logging.StreamHandler(sys.stderr)
    sh.setLevel(logging.WARNING)
    sh.setFormatter(logging.Formatter("genbo: %(message)s"))
    root.addHandler(sh)
    logging.getLogger("alembic").setLevel(logging.WARNING)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    paths = resolve_paths(args.data_dir)
    try:
        paths.ensure()
    except OSError as exc:
        print(f"genbo: cannot use the data folder {paths.data_dir}: {exc}", file=sys.stderr)
        return 2
    setup_logging(paths)
    if args.command == "record":
        return cmd_record(args, paths)
    if args.command == "sessions":
        return cmd_sessions(args, paths)
    if args.command == "close":
        return cmd_close(args, paths)
    from app.ui.main import run_gui

    return run_gui(args, paths)


def _open_db(paths: AppPaths) -> Any:
    from app.i18n import tr
    from app.storage.database import NewerDatabaseError, StorageError, open_database, sqlite_url

    try:
        db = open_database(sqlite_url(paths.database))
    except NewerDatabaseError as exc:
        msg = tr(
            "The database at {path} was written by a newer version of Genbo (schema {rev}; "
            "this version knows up to {head}). Nothing was changed. Update Genbo, or use "
            "--data-dir to pick another folder."
        ).format(path=exc.location, rev=exc.revision, head=exc.known_head)
        print(f"genbo: {msg}", file=sys.stderr)
        return None
    except StorageError as exc:
        print(f"genbo: {exc}", file=sys.stderr)
        return None
    if db.backup_path is not None:
        print(
            tr("genbo: upgraded the database; the previous file was kept as {path}").format(
                path=db.backup_path
            ),
            file=sys.stderr,
        )
    return db


def _yuan(fen: int | None) -> float | None:
    return None if fen is None else float(Decimal(fen) / 100)


def cmd_sessions(args: argparse.Namespace, paths: AppPaths) -> int:
    from app.core.numbers import NumberFormat
    from app.i18n import tr
    from app.storage.repository import Repository

    db = _open_db(paths)
    if db is None:
        return 2
    repo = Repository(db)
    sessions = repo.list_sessions()
    rows = []
    for s in sessions:
        status = s.status.value
        rows.append(
            {
                "id": s.id,
                "streamer": s.streamer.name,
                "title": s.title,
                "started_at": s.started_at.isoformat(timespec="seconds"),
                "ended_at": None if s.ended_ms is None else _iso(s.ended_ms, s.utc_offset_min),
                "status": status,
                "duration_s": round(s.summary.duration_s),
                "peak_viewers": s.summary.peak_viewers,
                "gmv": _yuan(s.summary.gmv_fen),
                "gmv_15m": _yuan(s.summary.gmv_15m_fen),
                "gmv_30m": _yuan(s.summary.gmv_30m_fen),
                "sample_count": s.summary.sample_count,
            }
        )
    db.dispose()
    if args.json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    if not rows:
        print(tr("No sessions yet. Record one with: genbo record --streamer NAME --duration 600"))
        return 0
    fmt = NumberFormat()
    columns = [
        (tr("ID"), ">"), (tr("Streamer"), "<"), (tr("Started"), "<"), (tr("Duration"), ">"),
        (tr("Peak"), ">"), (tr("GMV"), ">"), (tr("15 min"), ">"), (tr("30 min"), ">"),
        (tr("Status"), "<"),
    ]  # fmt: skip
    table = [[c[0] for c in columns]]
    for s, r in zip(sessions, rows, strict=True):
        sm = s.summary
        table.append(
            [
                str(r["id"]),
                _clip(r["streamer"], 16),
                s.started_at.strftime("%Y-%m-%d %H:%M"),
                fmt.duration(r["duration_s"]),
                fmt.count(r["peak_viewers"]),
                fmt.money(sm.yuan(sm.gmv_fen)),
                fmt.money(sm.yuan(sm.gmv_15m_fen)),
                fmt.money(sm.yuan(sm.gmv_30m_fen)),
                tr(r["status"]),
            ]
        )
    widths = [max(_width(row[i]) for row in table) for i in range(len(columns))]
    for row in table:
        cells = [_pad(cell, widths[i], columns[i][1]) for i, cell in enumerate(row)]
        print("  ".join(cells).rstrip())
    return 0


def _iso(ms: int, offset_min: int) -> str:
    from datetime import UTC, datetime, timedelta, timezone

    tz = timezone(timedelta(minutes=offset_min))
    return datetime.fromtimestamp(ms / 1000, tz=UTC).astimezone(tz).isoformat(timespec="seconds")


def _width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, align: str) -> str:
    space = " " * max(0, width - _width(text))
    return space + text if align == ">" else text + space


def _clip(text: str, width: int) -> str:
    if _width(text) <= width:
        return text
    out = ""
    for ch in text:
        if _width(out + ch + "…") > width:
            break
        out += ch
    return out + "…"


def cmd_close(args: argparse.Namespace, paths: AppPaths) -> int:
    from app.core.numbers import NumberFormat
    from app.i18n import tr
    from app.storage.database import StorageError
    from app.storage.repository import Repository

    db = _open_db(paths)
    if db is None:
        return 2
    repo = Repository(db)
    try:
        interrupted = {s.id for s in repo.find_interrupted()}
        if args.session_id not in interrupted:
            info = repo.get_session(args.session_id)
            print(
                tr("genbo: session {id} is {status}, not cut off; nothing to close.").format(
                    id=info.id, status=tr(info.status.value)
                ),
                file=sys.stderr,
            )
            return 1
        info = repo.finish_interrupted(args.session_id)
    except StorageError as exc:
        print(f"genbo: {exc}", file=sys.stderr)
        return 1
    finally:
        db.dispose()
    fmt = NumberFormat()
    print(
        tr("Closed session {id}: {n} samples kept, GMV {gmv}.").format(
            id=info.id,
            n=fmt.count(info.summary.sample_count),
            gmv=fmt.money(info.summary.yuan(info.summary.gmv_fen)),
        )
    )
    return 0


class _QueueSink:
    """Carries a source's reports from its thread to the recorder's main loop."""

    def __init__(self, q: queue.SimpleQueue[tuple[str, Any]]) -> None:
        self.q = q

    def samples(self, batch: Sequence[Any]) -> None:
        self.q.put(("samples", batch))

    def gap(self, gap: Any) -> None:
        self.q.put(("gap", gap))

    def status(self, status: Any) -> None:
        self.q.put(("status", status))


def cmd_record(args: argparse.Namespace, paths: AppPaths) -> int:
    from app.core.numbers import NumberFormat
    from app.i18n import tr
    from app.recording import SessionRecorder
    from app.sources.base import SourceContext, SourceState, SourceStatus
    from app.sources.simulator import SimulatorSource
    from app.storage.database import StorageError
    from app.storage.repository import Repository
    from app.storage.writer import DatabaseWriter

    db = _open_db(paths)
    if db is None:
        return 2
    repo = Repository(db)
    fmt = NumberFormat()
    for lost in repo.find_interrupted():
        print(
            tr(
                "genbo: session {id} ({streamer}, started {start}) was cut off; its {n} samples "
                "are kept. Resume it in the Genbo window, or run: genbo close {id}"
            ).format(
                id=lost.id,
                streamer=lost.streamer.name,
                start=lost.started_at.strftime("%Y-%m-%d %H:%M"),
                n=fmt.count(repo.sample_count(lost.id)),
            ),
            file=sys.stderr,
        )
    source = SimulatorSource(seed=args.seed, speed=args.speed, duration_s=args.duration)
    writer = DatabaseWriter(db)
    writer.start()
    try:
        recorder, (src_info,) = SessionRecorder.start_new(
            repo, writer, args.streamer, args.title, [source]
        )
    except StorageError as exc:
        writer.close()
        db.dispose()
        print(f"genbo: {exc}", file=sys.stderr)
        return 2
    info = recorder.info
    print(
        tr('Recording session {id} · {streamer} · "{title}" · {source} · into {db}').format(
            id=info.id, streamer=info.streamer.name, title=info.title, source=source.label,
            db=paths.database,
        ),
        flush=True,
    )  # fmt: skip

    q: queue.SimpleQueue[tuple[str, Any]] = queue.SimpleQueue()
    stop = threading.Event()
    ctx = SourceContext(session_started_ms=info.started_ms)
    sink = _QueueSink(q)

    def run_source() -> None:
        try:
            source.run(ctx, sink, stop)
        except Exception as exc:  # a broken source ends the recording, keeping its data
            log.exception("source %s failed", source.label)
            sink.status(SourceStatus(SourceState.STOPPED, str(exc)))

    thread = threading.Thread(target=run_source, name="genbo-source", daemon=True)

    interrupted_by: list[str] = []

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        interrupted_by.append(signal.Signals(signum).name)
        stop.set()

    old_int = signal.signal(signal.SIGINT, on_signal)
    old_term = signal.signal(signal.SIGTERM, on_signal)
    thread.start()
    last_print = 0.0
    finished = False
    try:
        while True:
            try:
                kind, payload = q.get(timeout=0.2)
            except queue.Empty:
                kind, payload = "", None
            if kind == "samples":
                recorder.ingest(src_info.id, payload)
            elif kind == "gap":
                recorder.record_gap(src_info.id, payload)
            elif kind == "status" and payload.state in (SourceState.FINISHED, SourceState.STOPPED):
                finished = True
            now = time.monotonic()
            if finished and q.empty():
                break
            if now - last_print >= 1.0:
                last_print = now
                recorder.heartbeat()
                _print_progress(recorder.snapshot(), args.duration, fmt)
    finally:
        stop.set()
        thread.join(5)
        while not q.empty():
            kind, payload = q.get()
            if kind == "samples":
                recorder.ingest(src_info.id, payload)
        final = recorder.stop()
        writer.close()
        db.dispose()
        signal.signal(signal.SIGINT, old_int)
        signal.signal(signal.SIGTERM, old_term)
    snap = recorder.snapshot()
    _print_progress(snap, args.duration, fmt)
    s = final.summary
    if interrupted_by:
        print(tr("Stopped early ({signal}); everything recorded so far is kept.").format(
            signal=interrupted_by[0]))  # fmt: skip
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
    return 130 if interrupted_by and interrupted_by[0] == "SIGINT" else 0


def _print_progress(snap: Any, duration: float, fmt: Any) -> None:
    from app.i18n import tr

    pct = min(100.0, 100.0 * snap.elapsed_s / duration) if duration else 0.0
    print(
        tr(
            "  {elapsed} ({pct:.0f}%)  viewers {viewers} (peak {peak})  GMV {gmv}  "
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
