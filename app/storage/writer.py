"""The one thread that writes samples while sessions are live.

Producers (the GUI thread's hub, or the headless recorder) hand it plain
dataclasses; it batches them and commits at least every `commit_interval_s`
(250 ms by default, well inside the 500 ms promise, so a killed process loses
at most the last fraction of a second). A failed commit keeps its batch and is
retried: no sample is dropped because the disk was briefly busy.

Samples are stored as chunks per series (`app.storage.chunks`): each commit
adds a small chunk per series with that commit's points, so it costs about
what inserting the values as rows would. Between commits, a series whose
small chunks have piled up is folded into compressed chunks of `CHUNK_POINTS`
points, in a transaction of its own: a sample is never kept waiting for that
tidying, and a fold that fails leaves the samples stored as they were.

It is a plain `threading.Thread`, not a QThread, so `genbo record` runs
without Qt; the GUI uses the very same class.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import itertools
import json
import logging
import os
import queue
import sqlite3
import threading
import time
import zlib
from array import array
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, cast

from sqlalchemy import Connection, Update, and_, bindparam, case, delete, insert, select, update
from sqlalchemy.engine import make_url

from app.core.highlights import EventRecord
from app.core.metrics import Gap, Sample
from app.core.session import SessionSummary, now_ms
from app.storage import chunks
from app.storage.database import Database, ServerRefusedError, server_unreachable
from app.storage.models import (
    EventRow,
    GapRow,
    SampleChunkRow,
    SessionRow,
    SourceRow,
    StreamerRow,
)
from app.storage.months import month_keys, refresh_months
from app.storage.repository import stored_series_times, summary_values
from app.storage.spill import SPILL_KIND, SPILL_VERSION, Spill, SpillError, read_spill, record_json
from app.storage.spool import Spool

log = logging.getLogger(__name__)

CHECKPOINT_EVERY_S = 5.0

_SeriesKey = tuple[int, int, str]
"""(session, source, metric): one stored series."""


@dataclass(frozen=True, slots=True)
class _Tail:
    """What a series holds beyond its full chunks, as committed: a compressed
    chunk that is not full yet (`partial_*`), and after it the small chunks
    of the commits since (`rows` of them, the series' newest rows)."""

    rows: int = 0
    ts: tuple[int, ...] = ()
    values: tuple[int, ...] = ()
    partial_id: int | None = None
    partial_ts: tuple[int, ...] = ()
    partial_values: tuple[int, ...] = ()


_NO_TAIL = _Tail()

SMALL_CHUNKS_MAX = 32
"""A series' small chunks are folded once there are this many, even short of
a full chunk (at 10 Hz and four commits a second, about every 8 s): deleting
them is most of what a fold costs. The points then go into the series'
partial compressed chunk, which later folds fill up, so stored chunks still
hold `CHUNK_POINTS` points."""

FOLD_BUDGET_S = 0.02
"""Folding between two commits stops after this long (it always folds one
series), so the next commit is not kept waiting; a series with twice
`SMALL_CHUNKS_MAX` small chunks makes it go on to the end of the budget."""

_SMALL_FIELDS: tuple[str, ...] = ("session_id", "source_id", "metric", "first_ms", "last_ms")
_SMALL_FIELDS += ("count", "encoding", "ts_data", "value_data")
"""The columns of a small chunk, in the order `_write_series` gives them."""
_CHUNK_FIELDS = ("first_ms", "last_ms", "count", "encoding", "ts_data", "value_data")

_c = SampleChunkRow
# Statements built once, with their values bound at execution: building one
# with the values inside costs SQLAlchemy more than SQLite takes to run it.
_UPDATE_CHUNK = (
    update(_c)
    .where(_c.id == bindparam("chunk_id"))
    .values({f: bindparam(f"new_{f}") for f in _CHUNK_FIELDS})
)


@functools.cache
def _session_update(columns: tuple[str, ...], revive: bool = False) -> Update:
    """UPDATE of these columns of one session row, built once per set.
    `revive` (a summary from the session's live recorder): also clear the
    mark `Repository.find_interrupted` puts on a live session it found without
    a recorder (an end while still live) — if a reader took it for
    interrupted (a stalled writer, a remote clock), it is not."""
    values: dict[str, Any] = {k: bindparam(f"new_{k}") for k in columns}
    if revive:
        values["ended_ms"] = case((SessionRow.status == "live", None), else_=SessionRow.ended_ms)
    return update(SessionRow).where(SessionRow.id == bindparam("session_id")).values(values)


SMALL_ROWS_PER_INSERT = 500
"""Rows in one multi-row INSERT of small chunks on SQLite (nine parameters a
row: well inside the 32,766 that SQLite takes since 3.32)."""


def sqlite_rows_per_insert(fields: int) -> int:
    """How many rows of `fields` parameters one SQLite statement may carry:
    `SMALL_ROWS_PER_INSERT`, or fewer under an SQLite older than 3.32 (999)."""
    import sqlite3

    limit = 32_766 if sqlite3.sqlite_version_info >= (3, 32, 0) else 999
    return max(1, min(SMALL_ROWS_PER_INSERT, limit // fields))


MONTHS_EVERY_S = 5.0
"""A live session's summary moves its streamer's month sums (the roster's)
at most this often, and at every flush and at close, in a transaction of its
own after a commit: recounting them in every commit was half of a wall's
commit time."""


_DELETE_NEWEST_SMALL = delete(_c).where(
    _c.id.in_(
        select(_c.id)
        .where(
            _c.session_id == bindparam("session_id"),
            _c.source_id == bindparam("source_id"),
            _c.metric == bindparam("metric"),
            _c.encoding == chunks.RAW,
        )
        .order_by(_c.id.desc())
        .limit(bindparam("n"))
        .scalar_subquery()
    )
)


@dataclass(frozen=True, slots=True)
class _Samples:
    session_id: int
    source_id: int
    samples: Sequence[Sample]


@dataclass(frozen=True, slots=True)
class _Gap:
    session_id: int
    source_id: int | None
    gap: Gap


@dataclass(frozen=True, slots=True)
class _Summary:
    session_id: int
    summary: SessionSummary


@dataclass(frozen=True, slots=True)
class _Event:
    session_id: int
    record: EventRecord | None
    delete_uid: str | None = None


@dataclass(frozen=True, slots=True)
class _End:
    session_id: int
    values: dict[str, Any]
    """The session row's end: `ended_ms`, `status` and the summary's columns."""


@dataclass(slots=True)
class _Flush:
    fold_session: int | None = None
    done: threading.Event = field(default_factory=threading.Event)
    ok: bool = True


_Command = _Samples | _Gap | _Summary | _Event | _End | _Flush


@dataclass(frozen=True, slots=True)
class WriterStats:
    commits: int
    rows_written: int
    last_commit_ms: float
    pending: int
    last_error: str | None


# -- when writing fails ---------------------------------------------------------------------

BACKLOG_LIMIT_SAMPLES = 180_000
"""While the database cannot be written, this many samples wait in memory
before the oldest are saved to an emergency file: five hours of one source at
10 Hz, or 100 minutes of three (about 45 MB with every metric: two 8-byte
integers a value)."""

RETRY_FIRST_S = 0.5
RETRY_MAX_S = 5.0
"""A failing commit is tried again after 0.5 s, then 1, 2, 4 and every 5 s."""

CLOSE_RETRY_S = 2.0
"""Closing while writes fail: how long the writer keeps trying before it saves
what waits to an emergency file."""

SPILL_RETRY_S = 30.0
"""After an emergency file could not be written, how long before trying again."""

RESCUE_RETRY_S = 60.0
"""A damaged database that could not be rescued yet is tried again this often."""

STILL_FAILING_LOG_S = 60.0
"""A failure that goes on is logged again this often (one line, no traceback)."""

DROPPED_REASON = "not stored: the database could not be written"

_END_COLUMNS = frozenset(
    {"ended_ms", "status", *summary_values(SessionSummary(duration_s=0.0, sample_count=0))}
)
"""What a session's end may set (`DatabaseWriter.end_session`)."""

SPOOL_SEND_SAMPLES = 50_000
"""Offline spool batches sent to the server together, in one transaction, up
to this many samples (an hour at 10 Hz goes in eight)."""
"""The reason of the gap stored for samples that had to be dropped."""


Problem = Literal[
    "disk_full",
    "read_only",
    "locked",
    "io_error",
    "corrupt",
    "cannot_open",
    "offline",
    "refused",
    "other",
]

# SQLite's primary result codes (the low byte of the extended one).
_SQLITE_PROBLEMS: dict[int, Problem] = {
    5: "locked",  # SQLITE_BUSY
    6: "locked",  # SQLITE_LOCKED
    8: "read_only",  # SQLITE_READONLY
    10: "io_error",  # SQLITE_IOERR
    11: "corrupt",  # SQLITE_CORRUPT
    13: "disk_full",  # SQLITE_FULL
    14: "cannot_open",  # SQLITE_CANTOPEN
    26: "corrupt",  # SQLITE_NOTADB
}
_ERRNO_PROBLEMS: dict[int, Problem] = {
    errno.ENOSPC: "disk_full",
    errno.EDQUOT: "disk_full",
    errno.EROFS: "read_only",
    errno.EACCES: "read_only",
    errno.EPERM: "read_only",
    errno.EIO: "io_error",
}


def retry_delay_s(failures: int) -> float:
    """How long to wait after the `failures`-th failed commit in a row."""
    return float(min(RETRY_MAX_S, RETRY_FIRST_S * 2 ** min(max(failures, 1) - 1, 16)))


def classify(exc: BaseException) -> Problem:
    """What kind of write failure this is: a database server that does not
    answer ("offline": its connection failed or was cut), SQLite's result
    code (through SQLAlchemy's wrapper), an OS error's errno, else "other"."""
    seen: set[int] = set()
    e: BaseException | None = exc
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        if isinstance(e, ServerRefusedError):
            return "refused"
        if getattr(e, "connection_invalidated", False) or server_unreachable(e):
            return "offline"
        code = getattr(e, "sqlite_errorcode", None)
        if isinstance(code, int) and (code & 0xFF) in _SQLITE_PROBLEMS:
            return _SQLITE_PROBLEMS[code & 0xFF]
        if isinstance(e, OSError) and e.errno in _ERRNO_PROBLEMS:
            return _ERRNO_PROBLEMS[e.errno]
        orig = getattr(e, "orig", None)
        e = orig if isinstance(orig, BaseException) else (e.__cause__ or e.__context__)
    text = str(exc).lower()
    for words, problem in (
        ("disk is full", "disk_full"),
        ("readonly database", "read_only"),
        ("database is locked", "locked"),
        ("disk i/o error", "io_error"),
        ("malformed", "corrupt"),
        ("not a database", "corrupt"),
    ):
        if words in text:
            return cast(Problem, problem)
    return "other"


@dataclass(frozen=True, slots=True)
class DroppedSpan:
    """Samples that could be neither stored nor saved to an emergency file."""

    session_id: int
    start_ms: int
    end_ms: int
    samples: int


@dataclass(frozen=True, slots=True)
class WriterHealth:
    """How writing goes, for the window's status and `genbo record`'s lines."""

    ok: bool = True
    problem: Problem | None = None
    detail: str | None = None
    """SQLite's (English) message of the newest failure."""
    failing_since_ms: int | None = None
    waiting_samples: int = 0
    """Samples in memory that are not stored yet."""
    spilled_samples: int = 0
    """Samples saved to emergency files, to be put back when writes work again."""
    spill_path: Path | None = None
    """The newest emergency file."""
    spills: tuple[tuple[Path, int], ...] = ()
    """Every emergency file not put back yet, with its samples, oldest first
    (one that could not be read back is listed too: `genbo import` it)."""
    spooled_samples: int = 0
    """Samples in the offline spool (`app.storage.spool`), not on the team
    server yet: sent once it answers."""
    dropped: tuple[DroppedSpan, ...] = ()
    """What was lost since the writer started (each span also stored as a gap
    once the database takes writes again)."""
    recovered_samples: int = 0
    """Samples written once writing worked again after the newest failure."""
    rescue: Any = None
    """The newest in-use rescue of a corrupt database (`app.storage.recovery`)."""

    @property
    def dropped_samples(self) -> int:
        return sum(d.samples for d in self.dropped)


class _Backlog:
    """What is handed over but not committed yet, kept compact: one pair of
    integer arrays per series (16 bytes a value), the gaps, events and the
    newest summary of each session, and the flushes waiting for it."""

    def __init__(self) -> None:
        self.series: dict[_SeriesKey, tuple[array[int], array[int]]] = {}
        self.samples = 0
        self.values = 0
        self.gaps: list[dict[str, Any]] = []
        self.events: list[_Event] = []
        self.summaries: dict[int, SessionSummary] = {}
        self.ends: dict[int, dict[str, Any]] = {}
        self.touched: set[int] = set()
        self.flushes: list[_Flush] = []
        self.spans: dict[int, tuple[int, int]] = {}
        """Per session, the first and last sample time waiting."""
        self.counts: dict[int, int] = {}
        """Per session, the samples waiting."""

    def __bool__(self) -> bool:
        return bool(
            self.series or self.gaps or self.events or self.ends or self.touched or self.flushes
        )

    def add(self, cmd: _Command) -> None:
        if isinstance(cmd, _Samples):
            self.touched.add(cmd.session_id)
            for s in cmd.samples:
                for metric, value in s.values.items():
                    key = (cmd.session_id, cmd.source_id, metric)
                    series = self.series.get(key)
                    if series is None:
                        series = self.series[key] = (array("q"), array("q"))
                    series[0].append(s.ts_ms)
                    series[1].append(value)
                    self.values += 1
                self._span(cmd.session_id, s.ts_ms)
            self.samples += len(cmd.samples)
            self.counts[cmd.session_id] = self.counts.get(cmd.session_id, 0) + len(cmd.samples)
        elif isinstance(cmd, _Gap):
            self.touched.add(cmd.session_id)
            self.gaps.append(
                {
                    "session_id": cmd.session_id,
                    "source_id": cmd.source_id,
                    "start_ms": cmd.gap.start_ms,
                    "end_ms": cmd.gap.end_ms,
                    "reason": cmd.gap.reason,
                }
            )
        elif isinstance(cmd, _Event):
            self.touched.add(cmd.session_id)
            self.events.append(cmd)
        elif isinstance(cmd, _Summary):
            self.touched.add(cmd.session_id)
            self.summaries[cmd.session_id] = cmd.summary
        elif isinstance(cmd, _End):
            self.touched.add(cmd.session_id)
            self.ends[cmd.session_id] = cmd.values
            # The end carries the final summary: an older one waiting (kept
            # in memory while the end went to the offline spool) must not be
            # written over it later.
            self.summaries.pop(cmd.session_id, None)
        else:
            self.flushes.append(cmd)

    def _span(self, session_id: int, ts: int) -> None:
        first, last = self.spans.get(session_id, (ts, ts))
        self.spans[session_id] = (min(first, ts), max(last, ts))

    def take_series(self) -> tuple[dict[_SeriesKey, tuple[array[int], array[int]]], int]:
        """Hand over the samples (for an emergency file); the rest stays."""
        series, n = self.series, self.samples
        self.series, self.samples, self.values, self.spans, self.counts = {}, 0, 0, {}, {}
        return series, n


class DatabaseWriter(threading.Thread):
    def __init__(
        self,
        db: Database,
        commit_interval_s: float = 0.25,
        on_error: Callable[[str], None] | None = None,
        *,
        backlog_limit_samples: int = BACKLOG_LIMIT_SAMPLES,
        spill_dirs: Sequence[Path] = (),
        close_retry_s: float = CLOSE_RETRY_S,
        heartbeat: bool = True,
        spool: Spool | None = None,
    ) -> None:
        """`on_error` hears each failed commit (SQLite's message); `health()`
        says the rest. `spill_dirs`: where emergency files may go, the first
        one that takes the file (best another disk than the database's).
        `heartbeat=False`: commits leave the sessions' `last_seen_ms` alone
        (putting old samples back is no sign of a live recorder). `spool`:
        for a team server, where what cannot be sent waits, at once and on
        disk (`app.storage.spool`); batches an earlier run left there are
        sent first."""
        super().__init__(name="genbo-db-writer", daemon=True)
        self._db = db
        self._interval = commit_interval_s
        self._queue: queue.SimpleQueue[_Command | None] = queue.SimpleQueue()
        self._on_error = on_error
        self._commits = 0
        self._rows = 0
        self._last_commit_ms = 0.0
        self._commit_times: deque[float] = deque(maxlen=2000)
        self._fold_times: deque[float] = deque(maxlen=2000)
        self._fold_failing = False
        self._checkpoint_times: deque[float] = deque(maxlen=200)
        self._checkpoint_failing = False
        self._last_checkpoint = time.monotonic()
        self._sqlite = db.engine.dialect.name == "sqlite"
        # The small chunks of every commit go in through the driver directly
        # where its parameters are positional (SQLite): SQLAlchemy's per-row
        # parameter handling cost more than the insert. A driver with named
        # parameters (psycopg) takes them through SQLAlchemy's executemany.
        small = insert(SampleChunkRow).compile(
            dialect=db.engine.dialect, column_keys=list(_SMALL_FIELDS)
        )
        positional = tuple(small.positiontup or ()) == _SMALL_FIELDS
        self._insert_small_sql = str(small) if positional else ""
        # On SQLite, as one multi-row INSERT per commit (up to
        # `_small_rows_per_insert` rows): one statement is one step of the
        # driver, which gives up the GIL once rather than once a row (each
        # row's step waited for the GUI thread again while a wall was busy).
        # Other engines (their inserts may carry RETURNING) take executemany.
        self._small_rows_per_insert = 0
        head, values, group = self._insert_small_sql.partition(" VALUES ")
        if positional and self._sqlite and values and "RETURNING" not in group.upper():
            self._insert_small_head = head + values
            self._insert_small_group = group
            self._small_rows_per_insert = sqlite_rows_per_insert(len(_SMALL_FIELDS))
        self._pending = 0
        self._last_error: str | None = None
        self._closed = False
        self._tails: dict[_SeriesKey, _Tail] = {}
        """Only touched after a commit succeeded, so a failed one retries cleanly."""
        self._limit = backlog_limit_samples
        self._close_retry_s = close_retry_s
        self._spill_dirs = tuple(spill_dirs)
        self._health = WriterHealth()
        self._health_lock = threading.Lock()
        self._failures = 0
        self._failing_since_ms: int | None = None
        self._failing_since = 0.0
        self._last_failure_log = 0.0
        self._spool = spool
        self._spills: list[tuple[Path | int, int]] = []
        """What this writer put aside and has not stored yet, oldest first:
        emergency files (path, samples) and offline spool batches (seq, samples)."""
        self._adopted: set[int] = set()
        """Spool batches a Genbo that is gone left: not this writer's
        recordings, so sending them is no heartbeat of their sessions."""
        if spool is not None:
            for b in spool.batches():
                self._spills.append((b.seq, b.samples))
                if b.adopted:
                    self._adopted.add(b.seq)
        self._spill_failed_at: float | None = None
        self._dropped: list[DroppedSpan] = []
        self._dropped_stored = 0
        """How many of `_dropped` are stored as gaps already."""
        self._dropping: dict[int, int] = {}
        """Per session, the index in `_dropped` of the span growing now."""
        self._recovered = 0
        self._put_back_n = 0
        self._rescue_tried_at: float | None = None
        self._heartbeat = heartbeat
        self._months_waiting: set[int] = set()
        """Sessions whose month sums wait for the next recount (`MONTHS_EVERY_S`)."""
        self._months_at = time.monotonic()
        self._month_times: deque[float] = deque(maxlen=200)
        self._closing = False
        self._db_generation = db.generation
        self._unreadable_spills: list[tuple[Path, int]] = []
        """Emergency files that could not be read back: kept for `genbo import`."""
        if self._spills:  # an earlier run's spool: sent as soon as the server answers
            self._queue.put(_Flush())

    # -- producer side (any thread) --------------------------------------------------
    def write_samples(self, session_id: int, source_id: int, samples: Sequence[Sample]) -> None:
        if samples:
            self._put(_Samples(session_id, source_id, tuple(samples)))

    def write_gap(self, session_id: int, source_id: int | None, gap: Gap) -> None:
        self._put(_Gap(session_id, source_id, gap))

    def write_event(self, session_id: int, record: EventRecord) -> None:
        """Store a milestone or highlight; the same uid again updates it."""
        self._put(_Event(session_id, record))

    def delete_event(self, session_id: int, uid: str) -> None:
        self._put(_Event(session_id, None, uid))

    def update_summary(self, session_id: int, summary: SessionSummary) -> None:
        """Keep the session row's summary (and heartbeat) current."""
        self._put(_Summary(session_id, summary))

    def end_session(
        self, session_id: int, ended_ms: int, summary: SessionSummary, status: str = "ended"
    ) -> None:
        """Write a session's end with its samples (rather than through the
        repository): what a recorder does when the team server does not
        answer, so the end waits in the offline spool with them and reaches
        the server in order."""
        values = {**summary_values(summary), "ended_ms": ended_ms, "status": status}
        self._put(_End(session_id, values))

    def flush(self, timeout: float | None = 10.0, *, fold_session: int | None = None) -> bool:
        """Block until everything handed over so far is committed. With
        `fold_session` (a session that has ended), also fold all of that
        session's small chunks, however few. While writes fail, what was
        handed over waits in memory (see `health`) and this waits with it."""
        cmd = _Flush(fold_session)
        self._put(cmd)
        return cmd.done.wait(timeout) and cmd.ok

    def close(self, timeout: float = 10.0 + CLOSE_RETRY_S) -> None:
        """Commit what is pending, then stop the thread. When the database
        cannot be written, what waits goes to an emergency file (`health`)."""
        if self._closed:
            return
        self._closed = True
        self._queue.put(None)
        self.join(timeout)

    def stats(self) -> WriterStats:
        return WriterStats(
            self._commits, self._rows, self._last_commit_ms, self._pending, self._last_error
        )

    @property
    def spools(self) -> bool:
        """Whether what cannot be sent waits in an offline spool (a team server)."""
        return self._spool is not None

    @property
    def spill_dirs(self) -> tuple[Path, ...]:
        return self._spill_dirs

    def health(self) -> WriterHealth:
        with self._health_lock:
            return self._health

    def commit_times_ms(self) -> list[float]:
        """How long each of the recent commits took (the newest 2,000)."""
        return list(self._commit_times)

    def fold_times_ms(self) -> list[float]:
        """How long each of the recent folds took, each its own transaction."""
        return list(self._fold_times)

    def _put(self, cmd: _Command) -> None:
        if self._closed:
            raise RuntimeError("the database writer is closed")
        self._queue.put(cmd)

    # -- writer thread ---------------------------------------------------------------
    def run(self) -> None:
        backlog = _Backlog()
        stopping = False
        deadline = 0.0
        while not stopping:
            if not backlog:
                first = self._queue.get()  # idle: sleep until there is work
                if first is None:
                    self._closing = True
                    break
                self._absorb(backlog, first)
                deadline = time.monotonic() + self._interval
            # Gather for one commit window (or until a retry is due), or until
            # someone asks for a flush; while failing, a flush does not hurry.
            while not (backlog.flushes and not self._failures):
                if backlog.samples >= self._limit and not self._failures:
                    break  # a burst: commit now rather than hold more
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                try:
                    cmd = self._queue.get(timeout=remaining)
                except queue.Empty:
                    break
                if cmd is None:
                    stopping = self._closing = True
                    break
                self._absorb(backlog, cmd)
            if stopping and self._failures:
                break  # closing while failing: the retries below
            self._pending = backlog.samples
            if self._commit(backlog):
                self._after_commit(backlog)
                backlog = _Backlog()
            else:
                self._failed(backlog)
                deadline = time.monotonic() + retry_delay_s(self._failures)
        if backlog:
            self._close_failing(backlog)
        if self._months_waiting and self._last_error is None:
            self._recount_waiting_months()
        if self._last_error is None:
            self._fold_due(everything=True)  # leave every series tidy
        self._pending = 0
        self._publish()
        if self._spool is not None:
            self._spool.close()

    def _recount_waiting_months(self) -> None:
        """The month sums of the sessions whose summaries came since the last
        recount, in one transaction of their own (at most every
        `MONTHS_EVERY_S`, at a flush, at close)."""
        t0 = time.perf_counter()
        self._months_at = time.monotonic()
        try:
            with self._db.engine.begin() as conn:
                refresh_months(conn, month_keys(conn, self._months_waiting))
        except Exception as exc:  # kept: the next recount (or the session's end) does them
            log.warning("the month sums of %d sessions were not recounted: %s",
                        len(self._months_waiting), exc)  # fmt: skip
            return
        self._months_waiting = set()
        self._month_times.append((time.perf_counter() - t0) * 1000)

    def month_times_ms(self) -> list[float]:
        """How long each of the recent month recounts took, each its own transaction."""
        return list(self._month_times)

    def _close_failing(self, backlog: _Backlog) -> None:
        """Closing with something unwritten: try hard for a few seconds, then
        save it to an emergency file (or report it lost)."""
        end = time.monotonic() + self._close_retry_s
        while True:
            if self._commit(backlog):
                self._after_commit(backlog)
                return
            if time.monotonic() >= end:
                break
            time.sleep(0.25)
        for flush in backlog.flushes:
            flush.ok = False
            flush.done.set()
        if not self._spill(backlog):
            self._drop(backlog)
            if backlog.events or backlog.gaps:
                log.error(
                    "closing: %d events and %d gaps could not be written nor saved: %s",
                    len(backlog.events),
                    len(backlog.gaps),
                    self._last_error,
                )
        self._publish()

    def _absorb(self, backlog: _Backlog, cmd: _Command) -> None:
        """Take one command into the backlog. While writes fail, past the
        limit the oldest samples go
        to an emergency file, or, when none can be written, new ones are
        dropped (and reported with their span)."""
        if isinstance(cmd, _Samples) and self._failures and backlog.samples >= self._limit:
            spill_due = (
                self._spill_failed_at is None
                or time.monotonic() - self._spill_failed_at >= SPILL_RETRY_S
            )
            if not (spill_due and self._spill(backlog)):
                self._drop_samples(cmd, backlog)
                return
        backlog.add(cmd)
        if self._failures and isinstance(cmd, _Samples):
            self._publish(backlog)

    def _drop_samples(self, cmd: _Samples, backlog: _Backlog) -> None:
        if not cmd.samples:
            return
        first = min(s.ts_ms for s in cmd.samples)
        last = max(s.ts_ms for s in cmd.samples)
        index = self._dropping.get(cmd.session_id)
        if index is None:
            self._dropping[cmd.session_id] = len(self._dropped)
            self._dropped.append(DroppedSpan(cmd.session_id, first, last, len(cmd.samples)))
            log.info(
                "memory for unwritten samples is full; dropping new samples of session %d "
                "from %d (epoch ms) until the database can be written",
                cmd.session_id,
                first,
            )
        else:
            d = self._dropped[index]
            self._dropped[index] = DroppedSpan(
                d.session_id,
                min(d.start_ms, first),
                max(d.end_ms, last),
                d.samples + len(cmd.samples),
            )
        self._publish(backlog)

    def _drop(self, backlog: _Backlog) -> None:
        """Closing, with neither the database nor an emergency file: what is
        left is lost, and said so with its span."""
        for session_id, (first, last) in backlog.spans.items():
            n = backlog.counts.get(session_id, 0)
            self._dropped.append(DroppedSpan(session_id, first, last, n))
            log.info(
                "closing: %d samples of session %d (%d to %d, epoch ms) could not be "
                "written nor saved to an emergency file: %s",
                n,
                session_id,
                first,
                last,
                self._last_error,
            )
        backlog.take_series()

    def _failed(self, backlog: _Backlog) -> None:
        if self._failures == 1:
            self._failing_since = time.monotonic()
            self._failing_since_ms = now_ms()
        if backlog.samples > self._limit or self._spool is not None:
            self._spill(backlog)  # a team server's spool takes it at once
        self._publish(backlog)

    def _publish(self, backlog: _Backlog | None = None) -> None:
        spilled = sum(n for _, n in self._spills)
        files = [(p, n) for p, n in self._spills if isinstance(p, Path)]
        failing = self._failures > 0
        with self._health_lock:
            old = self._health
            self._health = WriterHealth(
                ok=not failing,
                problem=old.problem if failing else None,
                detail=self._last_error if failing else None,
                failing_since_ms=self._failing_since_ms if failing else None,
                waiting_samples=backlog.samples if backlog is not None and failing else 0,
                spilled_samples=spilled,
                spill_path=files[-1][0] if files else old.spill_path,
                spills=tuple(self._unreadable_spills + files),
                spooled_samples=spilled - sum(n for _, n in files),
                dropped=tuple(self._dropped),
                recovered_samples=self._recovered,
                rescue=old.rescue,
            )

    def _set_problem(self, problem: Problem) -> None:
        with self._health_lock:
            self._health = replace(self._health, ok=False, problem=problem)

    def _after_commit(self, committed: _Backlog) -> None:
        """Between commits: fold what is due, answer the flushes the commit
        covered (folding their ended sessions first), checkpoint the WAL."""
        if self._failures:
            self._recovered = committed.samples + self._put_back_n
            self._put_back_n = 0
            log.info(
                "database writes work again after %.0f s: %d waiting samples written",
                time.monotonic() - self._failing_since,
                self._recovered,
            )
            self._failures = 0
            self._failing_since_ms = None
            self._dropping.clear()  # a new loss would be a new span
            self._publish()
        self._fold_due()
        if self._months_waiting and (
            committed.flushes
            or self._closing
            or time.monotonic() - self._months_at >= MONTHS_EVERY_S
        ):
            self._recount_waiting_months()
        for cmd in committed.flushes:
            if cmd.fold_session is not None:
                self._fold_due(session_id=cmd.fold_session)
            cmd.done.set()
        self._maybe_checkpoint()

    def _maybe_checkpoint(self) -> None:
        """Fold the WAL back into the database file every few seconds, between
        commits and without waiting for readers (PASSIVE), so no commit ever
        pays for it and the WAL stays small."""
        if not self._sqlite or time.monotonic() - self._last_checkpoint < CHECKPOINT_EVERY_S:
            return
        self._last_checkpoint = time.monotonic()
        t0 = time.perf_counter()
        try:
            with self._db.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")
        except Exception as exc:  # a busy or failing disk: the next one tries again
            if not self._checkpoint_failing:
                log.info("WAL checkpoint failed; will try again: %s", exc)
            self._checkpoint_failing = True
            return
        self._checkpoint_failing = False
        self._checkpoint_times.append((time.perf_counter() - t0) * 1000)

    def checkpoint_times_ms(self) -> list[float]:
        return list(self._checkpoint_times)

    # -- emergency files ---------------------------------------------------------------
    def _spill(self, backlog: _Backlog) -> bool:
        """Save the waiting samples (and gaps and events) to an emergency file
        in the first of `spill_dirs` that takes it, written whole or not at
        all (a temporary name, fsync, rename). False when none did."""
        if not (backlog.samples or backlog.gaps or backlog.events or backlog.ends):
            return True
        sessions = sorted(
            set(backlog.spans)
            | {int(g["session_id"]) for g in backlog.gaps}
            | {e.session_id for e in backlog.events}
            | set(backlog.ends)
        )
        if self._spool is not None and self._spool_batch(sessions, backlog):
            return True
        stamp = datetime.now(tz=UTC).strftime("%Y%m%dT%H%M%S%fZ")
        name = f"genbo-unsaved-{'-'.join(map(str, sessions))}-{stamp}.jsonl"
        body = self._spill_body(self._spill_header(sessions, backlog), backlog)
        for folder in self._spill_dirs:
            target = folder / name
            part = target.with_name(target.name + ".part")
            try:
                folder.mkdir(parents=True, exist_ok=True)
                with open(part, "w", encoding="utf-8") as f:
                    f.write(body)
                    f.flush()
                    os.fsync(f.fileno())
                os.replace(part, target)
            except OSError as exc:
                log.info("could not write an emergency file in %s: %s", folder, exc)
                with contextlib.suppress(OSError):
                    part.unlink()
                continue
            _series, n = backlog.take_series()
            backlog.gaps.clear()
            backlog.events.clear()
            backlog.ends.clear()
            self._spills.append((target, n))
            self._spill_failed_at = None
            self._dropping.clear()  # kept again: a later loss is a span of its own
            log.info(
                "the database cannot be written: %d waiting samples saved to %s "
                '(put back when writes work again, or with: genbo import "%s")',
                n,
                target,
                target,
            )
            self._publish(backlog)
            return True
        self._spill_failed_at = time.monotonic()
        return False

    @staticmethod
    def _spill_body(header: dict[str, Any], backlog: _Backlog) -> str:
        """An emergency file's text (also an offline spool batch's)."""
        lines = [header]
        lines += [
            {"series": [sid, src, metric], "ts": list(ts), "values": list(values)}
            for (sid, src, metric), (ts, values) in backlog.series.items()
        ]
        lines += [{"gap": g} for g in backlog.gaps]
        lines += [
            {"event": {"session_id": e.session_id, **record_json(e.record)}}
            for e in backlog.events
            if e.record is not None
        ]
        lines += [
            {"delete_event": {"session_id": e.session_id, "uid": e.delete_uid}}
            for e in backlog.events
            if e.record is None
        ]
        lines += [{"end": {"session_id": sid, **v}} for sid, v in backlog.ends.items()]
        return "".join(
            json.dumps(x, ensure_ascii=False, separators=(",", ":")) + "\n" for x in lines
        )

    def _spool_batch(self, sessions: list[int], backlog: _Backlog) -> bool:
        """Put what waits into the offline spool (a team server that does not
        answer); False when the spool cannot take it either (the laptop's
        disk), and an emergency file is tried."""
        assert self._spool is not None
        header = {
            "kind": SPILL_KIND,
            "version": SPILL_VERSION,
            "database": self._spool.server,
            "sessions": {str(sid): {} for sid in sessions},
            "spans": {str(k): list(v) for k, v in backlog.spans.items()},
            "samples": backlog.samples,
        }
        try:
            seq = self._spool.append(self._spill_body(header, backlog), backlog.samples)
        except (OSError, sqlite3.Error) as exc:
            log.warning("the offline spool %s cannot take more: %s", self._spool.path, exc)
            return False
        _series, n = backlog.take_series()
        backlog.gaps.clear()
        backlog.events.clear()
        backlog.ends.clear()
        if not any(isinstance(k, int) for k, _ in self._spills):
            log.info(
                "the team server does not answer: recording goes on into the offline spool %s",
                self._spool.path,
            )
        self._spills.append((seq, n))
        self._dropping.clear()
        self._publish(backlog)
        return True

    def _spill_header(self, sessions: list[int], backlog: _Backlog) -> dict[str, Any]:
        """The file's first line: what it is, and enough of each session to
        find it again (or make it anew) when it is imported."""
        about: dict[str, Any] = {}
        source_names: dict[str, list[str]] = {}
        try:  # reading usually still works on a full disk
            with self._db.engine.connect() as conn:
                rows = conn.execute(
                    select(
                        SessionRow.id,
                        SessionRow.title,
                        SessionRow.started_ms,
                        SessionRow.utc_offset_min,
                        StreamerRow.name,
                    )
                    .join(StreamerRow, StreamerRow.id == SessionRow.streamer_id)
                    .where(SessionRow.id.in_(sessions))
                ).all()
            for sid, title, started, offset, streamer in rows:
                about[str(sid)] = {
                    "title": title,
                    "started_ms": started,
                    "utc_offset_min": offset,
                    "streamer": streamer,
                }
            with self._db.engine.connect() as conn:
                for src_id, kind, label in conn.execute(
                    select(SourceRow.id, SourceRow.kind, SourceRow.label).where(
                        SourceRow.session_id.in_(sessions)
                    )
                ).all():
                    source_names[str(src_id)] = [kind, label]
        except Exception as exc:
            log.info("could not read the sessions for an emergency file: %s", exc)
        return {
            "kind": SPILL_KIND,
            "version": SPILL_VERSION,
            "database": make_url(self._db.url).render_as_string(hide_password=True)
            if self._db.sqlite_path is None
            else str(self._db.sqlite_path),
            "sessions": about,
            "sources": source_names,
            "spans": {str(k): list(v) for k, v in backlog.spans.items()},
            "samples": backlog.samples,
        }

    # -- commits ---------------------------------------------------------------------
    @staticmethod
    def _apply_event(conn: Connection, ev: _Event) -> None:
        if ev.record is None:
            conn.execute(delete(EventRow).where(EventRow.uid == ev.delete_uid))
            return
        r = ev.record
        values = {
            "ts_ms": r.ts_ms,
            "kind": r.kind,
            "label": r.label[:400],
            "payload_json": json.dumps(dict(r.payload), ensure_ascii=False, sort_keys=True),
        }
        result = conn.execute(update(EventRow).where(EventRow.uid == r.uid).values(values))
        if result.rowcount == 0:
            conn.execute(insert(EventRow), [{**values, "uid": r.uid, "session_id": ev.session_id}])

    @staticmethod
    def _upsert_gap(conn: Connection, g: dict[str, Any]) -> None:
        """A gap is reported when it opens (no end) and again when it closes."""
        src = GapRow.source_id
        match = and_(
            GapRow.session_id == g["session_id"],
            src.is_(None) if g["source_id"] is None else src == g["source_id"],
            GapRow.start_ms == g["start_ms"],
        )
        result = conn.execute(
            update(GapRow).where(match).values(end_ms=g["end_ms"], reason=g["reason"])
        )
        if result.rowcount == 0:
            conn.execute(insert(GapRow), [g])

    def _commit(self, backlog: _Backlog) -> bool:
        """Write what waits, in order: first each emergency file this writer
        wrote (older samples), one transaction per file, each removed once
        stored; then the backlog in one transaction. False at the first
        failure: what is not stored yet stays where it was."""
        if self._db_generation != self._db.generation:
            # The file was rescued under this writer (the window's idle check):
            # its chunks are not the ones the tails describe.
            self._tails = {}
            self._db_generation = self._db.generation
        while self._spills:
            path, n = self._spills[0]
            if isinstance(path, int):
                if not self._send_spooled(backlog):
                    return False
                continue
            try:
                spill = read_spill(path)
            except (OSError, SpillError) as exc:
                log.error("the emergency file %s cannot be read back (%s); it is kept", path, exc)
                self._unreadable_spills.append((path, n))
                self._spills.pop(0)
                continue
            try:
                fresh = self._without_stored(spill)
            except Exception as exc:
                self._commit_failed(exc, backlog)
                return False
            events = [_Event(e.session_id, e.record, e.delete_uid) for e in spill.events]
            ends = {int(e["session_id"]): e for e in spill.ends}
            if not self._transaction(backlog, fresh, spill.gaps, events, {}, set(), ends):
                return False
            self._spills.pop(0)
            self._put_back_n += n
            try:
                path.unlink()
            except OSError as exc:
                log.warning("could not remove the emergency file %s (it is stored): %s", path, exc)
            log.info("put %d samples back from the emergency file %s", n, path)
            self._publish(backlog)
        if not self._transaction(
            backlog,
            backlog.series,
            backlog.gaps,
            backlog.events,
            backlog.summaries,
            backlog.touched,
            backlog.ends,
        ):
            return False
        self._dropped_stored = len(self._dropped)
        return True

    def _send_spooled(self, backlog: _Backlog) -> bool:
        """Send the oldest offline spool batches (up to `SPOOL_SEND_SAMPLES`
        samples together) in one server transaction, the points the server
        holds already left out; forget them only once it committed."""
        assert self._spool is not None
        try:  # a server still away is found before the batches are read (up to 50,000 samples)
            with self._db.engine.connect() as conn:
                conn.exec_driver_sql("SELECT 1")
        except Exception as exc:
            self._commit_failed(exc, backlog)
            return False
        merged = Spill({}, 0, [], [])
        seqs: list[int] = []
        unreadable: list[int] = []
        adopted = self._spills[0][0] in self._adopted
        for key, n in self._spills:
            if not isinstance(key, int) or (seqs and merged.samples + n > SPOOL_SEND_SAMPLES):
                break
            if (key in self._adopted) != adopted:
                break  # a batch of this writer's own after adopted ones: a send of its own
            try:
                part = self._spool.read(key)
            except (KeyError, SpillError, sqlite3.Error, zlib.error, UnicodeDecodeError) as exc:
                log.error(
                    "an offline spool batch (%d) cannot be read back (%s): it is set aside in %s",
                    key,
                    exc,
                    self._spool.path,
                )
                unreadable.append(key)
                with contextlib.suppress(sqlite3.Error):
                    self._spool.set_aside(key, str(exc))
                continue
            for skey, (ts, values) in part.series.items():
                mine = merged.series.setdefault(skey, (array("q"), array("q")))
                mine[0].extend(ts)
                mine[1].extend(values)
            merged.gaps += part.gaps
            merged.events += part.events
            merged.ends += part.ends
            merged.samples += n
            seqs.append(key)
        try:
            fresh = self._without_stored(merged)
        except Exception as exc:
            self._commit_failed(exc, backlog)
            return False
        events = [_Event(e.session_id, e.record, e.delete_uid) for e in merged.events]
        ends = {int(e["session_id"]): e for e in merged.ends}
        if not self._transaction(
            backlog, fresh, merged.gaps, events, {}, set(), ends, beat=not adopted
        ):
            return False
        try:
            self._spool.remove(seqs)
        except sqlite3.Error as exc:  # sent twice later: the server leaves it out
            log.warning("could not forget sent spool batches: %s", exc)
        del self._spills[: len(seqs) + len(unreadable)]
        self._adopted.difference_update(seqs, unreadable)
        self._put_back_n += merged.samples
        log.info("sent %d samples from the offline spool to the team server", merged.samples)
        self._publish(backlog)
        return True

    def _without_stored(self, spill: Spill) -> dict[_SeriesKey, tuple[array[int], array[int]]]:
        """An emergency file's series less the points stored already (the
        operator may have put the file back with `genbo import` meanwhile),
        and less repeats within it (spool batches adopted twice, after a
        Genbo died between copying them and deleting them at their source)."""
        out: dict[_SeriesKey, tuple[array[int], array[int]]] = {}
        with self._db.engine.connect() as conn:
            for key, (ts, values) in spill.series.items():
                if not ts:
                    continue
                seen = set(stored_series_times(conn, *key, between=(min(ts), max(ts))))
                keep = []
                for i, t in enumerate(ts):
                    if t not in seen:
                        seen.add(t)
                        keep.append(i)
                if len(keep) == len(ts):
                    out[key] = (ts, values)
                elif keep:
                    out[key] = (
                        array("q", (ts[i] for i in keep)),
                        array("q", (values[i] for i in keep)),
                    )
        return out

    def _transaction(
        self,
        backlog: _Backlog,
        appended: Mapping[_SeriesKey, tuple[Sequence[int], Sequence[int]]],
        gap_rows: Sequence[dict[str, Any]],
        events: Sequence[_Event],
        summaries: Mapping[int, SessionSummary],
        touched: set[int],
        ends: Mapping[int, Mapping[str, Any]] | None = None,
        *,
        beat: bool = True,
    ) -> bool:
        """One commit of these series, gaps, events, summaries and ends (and
        the dropped spans not stored yet, as gaps). `beat=False`: what a
        Genbo that is gone left (adopted spool batches) is no heartbeat of
        its sessions."""
        t0 = time.perf_counter()
        gap_rows = [*gap_rows, *self._dropped_gaps()]
        if beat:
            touched = touched | {k[0] for k in appended} | {int(g["session_id"]) for g in gap_rows}
        refused: list[tuple[_Event, str]] = []
        try:
            with self._db.engine.begin() as conn:
                tails = self._write_series(conn, appended) if appended else {}
                for g in gap_rows:
                    self._upsert_gap(conn, g)
                for ev in events:
                    if self._sqlite:  # one file, no roles: nothing is refused
                        self._apply_event(conn, ev)
                        continue
                    # A team server's roles refuse a change to a session this
                    # login did not record (a highlight edited in a teammate's
                    # review): that one change is rolled back to its savepoint
                    # and dropped; the rest (this login's own) is stored.
                    try:
                        with conn.begin_nested():
                            self._apply_event(conn, ev)
                    except Exception as exc:
                        if classify(exc) != "refused":
                            raise
                        refused.append((ev, str(getattr(exc, "orig", None) or exc)))
                stamp = now_ms()
                # One statement per kind of update, for every session at once
                # (a wall commits a dozen sessions' summaries together).
                by_columns: dict[tuple[tuple[str, ...], bool], list[dict[str, object]]] = {}
                for sid in sorted(touched):
                    values: dict[str, object] = {"last_seen_ms": stamp} if self._heartbeat else {}
                    if sid in summaries:
                        values.update(summary_values(summaries[sid]))
                    if values:
                        by_columns.setdefault((tuple(values), sid in summaries), []).append(
                            {"session_id": sid, **{f"new_{k}": v for k, v in values.items()}}
                        )
                for (columns, revive), params in by_columns.items():
                    conn.execute(_session_update(columns, revive), params)
                for sid, end in (ends or {}).items():  # after the summaries: the end wins
                    values = {k: v for k, v in end.items() if k in _END_COLUMNS}
                    values["last_seen_ms"] = stamp
                    conn.execute(
                        _session_update(tuple(values)),
                        [{"session_id": sid, **{f"new_{k}": v for k, v in values.items()}}],
                    )
        except Exception as exc:
            self._commit_failed(exc, backlog)
            return False
        for ev, detail in refused:
            uid = ev.delete_uid or (ev.record.uid if ev.record else "")
            log.warning(
                "the team server refused a highlight change in session %d (%s): %s",
                ev.session_id,
                uid,
                detail,
            )
            if self._on_error is not None:
                self._on_error(detail)
        # The roster's month sums follow a live session's GMV: recounted after
        # the commit, in a transaction of their own (`_after_commit`).
        self._months_waiting |= set(summaries) | set(ends or {})
        self._last_commit_ms = (time.perf_counter() - t0) * 1000
        self._commit_times.append(self._last_commit_ms)
        self._commits += 1
        self._rows += sum(len(ts) for ts, _ in appended.values())
        self._tails.update(tails)
        self._last_error = None
        self._dropped_stored = len(self._dropped)
        return True

    def _dropped_gaps(self) -> list[dict[str, Any]]:
        """The spans that were dropped, as gaps of their sessions (stored once)."""
        return [
            {
                "session_id": d.session_id,
                "source_id": None,
                "start_ms": d.start_ms,
                "end_ms": d.end_ms,
                "reason": DROPPED_REASON,
            }
            for d in self._dropped[self._dropped_stored :]
        ]

    def _commit_failed(self, exc: Exception, backlog: _Backlog) -> None:
        """Log a failure in one line when it starts and once a minute while it
        lasts (at INFO: the window and `genbo record` say it to the operator
        in plain words, from `health`); a traceback, once, only for a
        failure of an unknown kind."""
        problem = classify(exc)
        detail = str(getattr(exc, "orig", None) or exc)
        first = self._failures == 0
        self._failures += 1
        self._last_error = detail
        self._set_problem(problem)
        now = time.monotonic()
        if first:
            self._last_failure_log = now
            if problem == "other":
                log.exception("database write failed; %d samples kept for retry", backlog.samples)
            else:
                log.info(
                    "database write failed (%s: %s); %d samples kept in memory, retrying",
                    problem,
                    detail,
                    backlog.samples,
                )
        elif now - self._last_failure_log >= STILL_FAILING_LOG_S:
            self._last_failure_log = now
            log.info(
                "database writes still fail after %.0f s (%s: %s); %d samples waiting in memory",
                now - self._failing_since,
                problem,
                detail,
                backlog.samples,
            )
        if self._on_error is not None:
            self._on_error(detail)
        if problem == "corrupt":
            self._rescue(exc)

    def _rescue(self, exc: Exception) -> None:
        """SQLite says the file is damaged: move it aside, recover what can be
        read into a fresh one at the same place (`app.storage.recovery`), and
        go on writing there; the next retry writes what waits. Tried again at
        most once a minute when it cannot be done yet."""
        if self._db.sqlite_path is None:
            return
        now = time.monotonic()
        if self._rescue_tried_at is not None and now - self._rescue_tried_at < RESCUE_RETRY_S:
            return
        self._rescue_tried_at = now
        from app.storage.recovery import rescue_in_place

        try:
            done = rescue_in_place(self._db)
        except Exception as rescue_exc:
            log.error("the damaged database could not be rescued yet: %s", rescue_exc)
            return
        self._tails = {}  # the fresh file's chunks are not the ones this writer added
        self._rescue_tried_at = None
        log.warning("the database was damaged while recording (%s): %s", exc, done.english)
        with self._health_lock:
            self._health = replace(self._health, rescue=done)

    def _fold_due(self, session_id: int | None = None, *, everything: bool = False) -> None:
        """Fold series whose small chunks have piled up, one transaction each,
        the fullest first: one, then more while some series is far behind
        and the budget lasts. With `session_id`, every series of that session
        that has small chunks, and with `everything` every series, without a
        budget."""
        budgeted = session_id is None and not everything

        def wanted(key: _SeriesKey, tail: _Tail) -> bool:
            if everything or session_id is not None:
                return everything or key[0] == session_id
            held = len(tail.partial_ts) + len(tail.ts)
            return tail.rows >= SMALL_CHUNKS_MAX or held >= chunks.CHUNK_POINTS

        due = sorted(
            ((t.rows, k) for k, t in self._tails.items() if t.rows and wanted(k, t)), reverse=True
        )
        start = time.monotonic()
        for n, (rows, key) in enumerate(due):
            behind = rows >= 2 * SMALL_CHUNKS_MAX and time.monotonic() - start <= FOLD_BUDGET_S
            if budgeted and n and not behind:
                break
            t0 = time.perf_counter()
            try:
                with self._db.engine.begin() as conn:
                    tail = self._fold(conn, key, self._tails[key], [], [])
            except Exception as exc:  # the samples stay stored as small chunks
                if not self._fold_failing:  # once, not after every commit
                    # A full disk is said to the operator already (health);
                    # the samples are stored either way.
                    level = logging.INFO if self._failures else logging.WARNING
                    log.log(
                        level,
                        "folding stored samples failed; will try again: %s",
                        getattr(exc, "orig", None) or exc,
                    )
                self._fold_failing = True
                return
            if self._fold_failing:
                log.info("folding stored samples works again")
                self._fold_failing = False
            self._fold_times.append((time.perf_counter() - t0) * 1000)
            self._tails[key] = tail

    def _write_series(
        self, conn: Connection, appended: Mapping[_SeriesKey, tuple[Sequence[int], Sequence[int]]]
    ) -> dict[_SeriesKey, _Tail]:
        """Store each series' new points as a small chunk of this commit, or,
        when a commit brings a full chunk's worth for a series by itself (a
        bulk write, a source catching up), straight into compressed chunks."""
        tails: dict[_SeriesKey, _Tail] = {}
        small: list[tuple[Any, ...]] = []
        for key, (new_ts, new_values) in appended.items():
            old = self._tails.get(key, _NO_TAIL)
            if len(new_ts) >= chunks.CHUNK_POINTS:
                tails[key] = self._fold(conn, key, old, new_ts, new_values)
                continue
            small.append(self._small_row(key, new_ts, new_values))
            tails[key] = _Tail(
                old.rows + 1,
                (*old.ts, *new_ts),
                (*old.values, *new_values),
                old.partial_id,
                old.partial_ts,
                old.partial_values,
            )
        step = self._small_rows_per_insert
        if small and not self._insert_small_sql:
            conn.execute(
                insert(SampleChunkRow), [dict(zip(_SMALL_FIELDS, r, strict=True)) for r in small]
            )
        elif small and not step:
            conn.exec_driver_sql(self._insert_small_sql, small)
        for i in range(0, len(small) if step else 0, step or 1):
            part = small[i : i + step]
            sql = self._insert_small_head + ", ".join([self._insert_small_group] * len(part))
            conn.exec_driver_sql(sql, tuple(itertools.chain.from_iterable(part)))
        return tails

    def _fold(
        self,
        conn: Connection,
        key: _SeriesKey,
        old: _Tail,
        new_ts: Sequence[int],
        new_values: Sequence[int],
    ) -> _Tail:
        """Replace a series' small chunks (and extend its partial chunk) with
        compressed chunks of `CHUNK_POINTS` points, in time order by row id;
        what is left over becomes the new partial chunk."""
        size = chunks.CHUNK_POINTS
        if old.rows:
            self._delete_newest_small_chunks(conn, key, old.rows)
        ts = (*old.partial_ts, *old.ts, *new_ts)
        values = (*old.partial_values, *old.values, *new_values)
        pieces = [(ts[i : i + size], values[i : i + size]) for i in range(0, len(ts), size)]
        full: list[dict[str, Any]] = []
        partial_id: int | None = None
        for k, (pt, pv) in enumerate(pieces):
            row = self._chunk_row(key, pt, pv, chunks.ZLIB_DELTA)
            if k == 0 and old.partial_id is not None:
                params = {f"new_{f}": row[f] for f in _CHUNK_FIELDS}
                conn.execute(_UPDATE_CHUNK, {**params, "chunk_id": old.partial_id})
                partial_id = old.partial_id
            elif k == len(pieces) - 1 and len(pt) < size:
                if full:
                    conn.execute(insert(SampleChunkRow), full)
                    full = []
                inserted = conn.execute(insert(SampleChunkRow), row).inserted_primary_key
                assert inserted is not None
                partial_id = int(inserted[0])
            else:
                full.append(row)
        if full:
            conn.execute(insert(SampleChunkRow), full)
        last_ts, last_values = pieces[-1]
        if len(last_ts) < size:
            return _Tail(partial_id=partial_id, partial_ts=last_ts, partial_values=last_values)
        return _NO_TAIL

    @staticmethod
    def _delete_newest_small_chunks(conn: Connection, key: _SeriesKey, n: int) -> None:
        """Remove the `n` small chunks this writer added to a series (its newest
        raw chunks; any left by an earlier, cut-off run are older and stay)."""
        session_id, source_id, metric = key
        conn.execute(
            _DELETE_NEWEST_SMALL,
            {"session_id": session_id, "source_id": source_id, "metric": metric, "n": n},
        )

    @staticmethod
    def _small_row(key: _SeriesKey, ts: Sequence[int], values: Sequence[int]) -> tuple[Any, ...]:
        """A small (raw) chunk's values in `_SMALL_FIELDS` order, for the driver."""
        encode = chunks.encode_raw
        return (*key, min(ts), max(ts), len(ts), chunks.RAW, encode(ts), encode(values))

    @staticmethod
    def _chunk_row(
        key: _SeriesKey, ts: Sequence[int], values: Sequence[int], encoding: str
    ) -> dict[str, Any]:
        session_id, source_id, metric = key
        return {
            "session_id": session_id,
            "source_id": source_id,
            "metric": metric,
            "first_ms": min(ts),
            "last_ms": max(ts),
            "count": len(ts),
            "encoding": encoding,
            "ts_data": chunks.encode(ts, encoding),
            "value_data": chunks.encode(values, encoding),
        }
