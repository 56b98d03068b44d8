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

import functools
import json
import logging
import queue
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Update, and_, bindparam, delete, insert, select, update

from app.core.highlights import EventRecord
from app.core.metrics import Gap, Sample
from app.core.session import SessionSummary, now_ms
from app.storage import chunks
from app.storage.database import Database
from app.storage.models import EventRow, GapRow, SampleChunkRow, SessionRow
from app.storage.months import month_keys, refresh_months
from app.storage.repository import summary_values

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
def _session_update(columns: tuple[str, ...]) -> Update:
    """UPDATE of these columns of one session row, built once per set."""
    return (
        update(SessionRow)
        .where(SessionRow.id == bindparam("session_id"))
        .values({k: bindparam(f"new_{k}") for k in columns})
    )


_REVIVE = (
    update(SessionRow)
    .where(
        SessionRow.id == bindparam("session_id"),
        SessionRow.status == "live",
        SessionRow.ended_ms.is_not(None),
    )
    .values(ended_ms=None)
)
"""Clears the mark `Repository.find_interrupted` puts on a live session it
found without a recorder (an end while still live)."""


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


@dataclass(slots=True)
class _Flush:
    fold_session: int | None = None
    done: threading.Event = field(default_factory=threading.Event)


_Command = _Samples | _Gap | _Summary | _Event | _Flush


@dataclass(frozen=True, slots=True)
class WriterStats:
    commits: int
    rows_written: int
    last_commit_ms: float
    pending: int
    last_error: str | None


class DatabaseWriter(threading.Thread):
    def __init__(
        self,
        db: Database,
        commit_interval_s: float = 0.25,
        on_error: Callable[[str], None] | None = None,
    ) -> None:
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
        self._last_checkpoint = time.monotonic()
        self._sqlite = db.engine.dialect.name == "sqlite"
        # The small chunks of every commit go in through the driver directly:
        # SQLAlchemy's per-row parameter handling cost more than the insert.
        small = insert(SampleChunkRow).compile(
            dialect=db.engine.dialect, column_keys=list(_SMALL_FIELDS)
        )
        if tuple(small.positiontup or ()) != _SMALL_FIELDS:
            raise RuntimeError(f"unexpected parameter order for small chunks: {small}")
        self._insert_small_sql = str(small)
        self._pending = 0
        self._last_error: str | None = None
        self._closed = False
        self._tails: dict[_SeriesKey, _Tail] = {}
        """Only touched after a commit succeeded, so a failed one retries cleanly."""

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

    def flush(self, timeout: float | None = 10.0, *, fold_session: int | None = None) -> bool:
        """Block until everything handed over so far is committed. With
        `fold_session` (a session that has ended), also fold all of that
        session's small chunks, however few."""
        cmd = _Flush(fold_session)
        self._put(cmd)
        return cmd.done.wait(timeout)

    def close(self, timeout: float = 10.0) -> None:
        """Commit what is pending, then stop the thread."""
        if self._closed:
            return
        self._closed = True
        self._queue.put(None)
        self.join(timeout)

    def stats(self) -> WriterStats:
        return WriterStats(
            self._commits, self._rows, self._last_commit_ms, self._pending, self._last_error
        )

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
        pending: list[_Command] = []
        stopping = False
        while not stopping:
            if not pending:
                first = self._queue.get()  # idle: sleep until there is work
                if first is None:
                    break
                pending.append(first)
            # Gather for one commit window, or until someone asks for a flush.
            deadline = time.monotonic() + self._interval
            while not isinstance(pending[-1], _Flush):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                try:
                    cmd = self._queue.get(timeout=remaining)
                except queue.Empty:
                    break
                if cmd is None:
                    stopping = True
                    break
                pending.append(cmd)
            self._pending = len(pending)
            if self._commit(pending):
                self._after_commit(pending)
                pending = []
            elif not stopping:
                time.sleep(0.5)  # keep the batch; retry with whatever arrives meanwhile
            else:
                for _ in range(20):  # closing: try hard before giving up
                    time.sleep(0.25)
                    if self._commit(pending):
                        self._after_commit(pending)
                        break
                else:
                    lost = sum(len(c.samples) for c in pending if isinstance(c, _Samples))
                    log.error(
                        "closing: %d samples could not be written after retrying: %s",
                        lost,
                        self._last_error,
                    )
        if self._last_error is None:
            self._fold_due(everything=True)  # leave every series tidy
        self._pending = 0

    def _after_commit(self, committed: list[_Command]) -> None:
        """Between commits: fold what is due, answer the flushes the commit
        covered (folding their ended sessions first), checkpoint the WAL."""
        self._fold_due()
        for cmd in committed:
            if isinstance(cmd, _Flush):
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
            log.warning("WAL checkpoint failed: %s", exc)
            return
        self._checkpoint_times.append((time.perf_counter() - t0) * 1000)

    def checkpoint_times_ms(self) -> list[float]:
        return list(self._checkpoint_times)

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

    def _commit(self, commands: list[_Command]) -> bool:
        appended: dict[_SeriesKey, tuple[list[int], list[int]]] = {}
        values_in = 0
        gap_rows: list[dict[str, Any]] = []
        summaries: dict[int, SessionSummary] = {}
        touched: set[int] = set()
        events: list[_Event] = []
        for cmd in commands:
            if isinstance(cmd, _Samples):
                touched.add(cmd.session_id)
                for s in cmd.samples:
                    for metric, value in s.values.items():
                        key = (cmd.session_id, cmd.source_id, metric)
                        series = appended.get(key)
                        if series is None:
                            series = appended[key] = ([], [])
                        series[0].append(s.ts_ms)
                        series[1].append(value)
                        values_in += 1
            elif isinstance(cmd, _Gap):
                touched.add(cmd.session_id)
                gap_rows.append(
                    {
                        "session_id": cmd.session_id,
                        "source_id": cmd.source_id,
                        "start_ms": cmd.gap.start_ms,
                        "end_ms": cmd.gap.end_ms,
                        "reason": cmd.gap.reason,
                    }
                )
            elif isinstance(cmd, _Event):
                touched.add(cmd.session_id)
                events.append(cmd)
            elif isinstance(cmd, _Summary):
                touched.add(cmd.session_id)
                summaries[cmd.session_id] = cmd.summary
        t0 = time.perf_counter()
        try:
            with self._db.engine.begin() as conn:
                tails = self._write_series(conn, appended) if appended else {}
                for g in gap_rows:
                    self._upsert_gap(conn, g)
                for ev in events:
                    self._apply_event(conn, ev)
                stamp = now_ms()
                for sid in touched:
                    values: dict[str, object] = {"last_seen_ms": stamp}
                    if sid in summaries:
                        values.update(summary_values(summaries[sid]))
                        # A summary comes from the session's live recorder: if
                        # a reader took it for interrupted (a stalled writer, a
                        # remote clock), it is not.
                        conn.execute(_REVIVE, {"session_id": sid})
                    conn.execute(
                        _session_update(tuple(values)),
                        {"session_id": sid, **{f"new_{k}": v for k, v in values.items()}},
                    )
                if summaries:
                    # The roster's month sums follow a live session's GMV.
                    refresh_months(conn, month_keys(conn, summaries))
        except Exception as exc:
            self._last_error = str(exc)
            log.exception("database write failed; %d commands kept for retry", len(commands))
            if self._on_error is not None:
                self._on_error(str(exc))
            return False
        self._last_commit_ms = (time.perf_counter() - t0) * 1000
        self._commit_times.append(self._last_commit_ms)
        self._commits += 1
        self._rows += values_in
        self._tails.update(tails)
        self._last_error = None
        return True

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
                    log.warning("folding stored samples failed; will try again: %s", exc)
                self._fold_failing = True
                return
            if self._fold_failing:
                log.info("folding stored samples works again")
                self._fold_failing = False
            self._fold_times.append((time.perf_counter() - t0) * 1000)
            self._tails[key] = tail

    def _write_series(
        self, conn: Connection, appended: dict[_SeriesKey, tuple[list[int], list[int]]]
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
        if small:
            conn.exec_driver_sql(self._insert_small_sql, small)
        return tails

    def _fold(
        self,
        conn: Connection,
        key: _SeriesKey,
        old: _Tail,
        new_ts: list[int],
        new_values: list[int],
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
