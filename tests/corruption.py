"""Damaged and unusable databases, made for real: every case of issue 14's
"a broken database", shared by tests/storage/test_corrupt_database.py, the
CLI and window tests and the fault suite (tests/faults).

Each maker first builds a small real Genbo database (streamers, sessions
with their samples stored as chunks by `app.storage.bulk` and by the real
`DatabaseWriter`, events, gaps, a schedule), reads every row of it back with
plain `sqlite3` (`Case.good`), then breaks it the way the case says. Where
rows are lost with the damage, the pages holding them are found by walking
SQLite's b-trees from the file itself (`row_pages`), so `expected_rows` knows
exactly which rows a perfect recovery gets back.

    with CASES["data-page"](data_dir) as case:
        db, rescue = open_or_rescue(sqlite_url(case.db_path))

`Case.expect` says what Genbo should do: "rescue" (moved aside, rows
recovered), "fresh" (moved aside, nothing to recover), "new" (used as a new
database in place: a zero-length file is one, as SQLite sees it), "notice"
(kept, the operator told), "read_only" (opened for browsing), "refuse" (a
StorageError named by `Case.error`, nothing changed), "newer"
(NewerDatabaseError).
The "locked" case holds its lock for the whole block: set a short
`app.storage.database.BUSY_TIMEOUT_MS` first, or the open waits 5 s.
"""

from __future__ import annotations

import functools
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from tests.faultfs import hold_lock, read_only_dir, read_only_file

ROOT = Path(__file__).resolve().parents[1]
T0 = 1_760_000_000_000
Rows = dict[str, dict[int, dict[str, Any]]]
"""Per table, per rowid, the row as column → value."""


# -- a real Genbo database ---------------------------------------------------------------


def build_database(path: Path, *, sessions: int = 4, points: int = 1200, seed: int = 0) -> None:
    """A Genbo database at `path`: `sessions` imported sessions of three
    streamers with `points` noisy samples of three metrics each (chunks of
    512, so several chunks per metric and many pages), events and gaps, one
    streamer's planned start, and one short session written live through the
    real `DatabaseWriter`. About 0.2 s."""
    from app.core.columns import Column, SessionColumns, SourceColumns
    from app.core.highlights import EventRecord
    from app.core.metrics import Gap, Sample
    from app.core.session import ScheduleSlot, SessionSummary
    from app.storage.bulk import NewSession, insert_session
    from app.storage.database import open_database, sqlite_url
    from app.storage.repository import Repository
    from app.storage.writer import DatabaseWriter

    rng = np.random.default_rng(seed)
    db = open_database(sqlite_url(path))
    try:
        repo = Repository(db)
        for i in range(sessions):
            start = T0 + i * 86_400_000
            ts = start + np.arange(points, dtype=np.int64) * 1000
            series = {
                m: Column(ts, rng.integers(0, 1_000_000, points, dtype=np.int64))
                for m in ("viewers", "gmv", "orders")
            }
            insert_session(
                repo,
                NewSession(
                    streamer=f"主播{i % 3}",
                    title=f"第{i}场",
                    started_ms=start,
                    utc_offset_min=480,
                    ended_ms=int(ts[-1]),
                    summary=SessionSummary(duration_s=points, peak_viewers=999, gmv_fen=12345 * i),
                    columns=SessionColumns((SourceColumns("simulator", series),)),
                    events=tuple(
                        EventRecord(str(uuid.uuid4()), start + k * 60_000, "note", f"备注 {k}")
                        for k in range(6)
                    ),
                    gaps=(Gap("simulator", start + 5000, start + 9000, "no answer"),),
                ),
            )
        streamer = repo.get_or_create_streamer("主播0")
        repo.update_streamer(replace(streamer, schedule=(ScheduleSlot(None, 19 * 60, 480),)))
        writer = DatabaseWriter(db)
        writer.start()
        try:
            live = repo.create_session(repo.get_or_create_streamer("直播中"), "现场", T0, 480)
            src = repo.add_source(live.id, "simulator", "Simulator")
            writer.write_samples(
                live.id,
                src.id,
                [Sample(T0 + k * 100, {"viewers": k, "gmv": 10 * k}) for k in range(300)],
            )
            assert writer.flush(timeout=10)
        finally:
            writer.close()
    finally:
        db.dispose()


def _ro(path: Path, *, immutable: bool = False) -> sqlite3.Connection:
    """Read-only; `immutable` (a file with no -wal that nothing writes) also
    makes no -wal or -shm beside it."""
    flags = "?mode=ro&immutable=1" if immutable else "?mode=ro"
    return sqlite3.connect(path.absolute().as_uri() + flags, uri=True)


def read_rows(path: Path, *, immutable: bool = False) -> Rows:
    """Every row of every Genbo table in the (intact) database at `path`,
    read with plain sqlite3 as another program would (see `_ro`)."""
    conn = _ro(path, immutable=immutable)
    try:
        out: Rows = {}
        tables = [
            str(r[0])
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' AND name != 'alembic_version'"
            )
        ]
        for table in tables:
            cur = conn.execute(f'SELECT rowid AS "__rowid", * FROM "{table}"')
            names = [d[0] for d in cur.description]
            out[table] = {int(r[0]): dict(zip(names[1:], r[1:], strict=True)) for r in cur}
        return out
    finally:
        conn.close()


def sample_values(rows: Rows) -> int:
    return sum(int(r["count"]) for r in rows.get("sample_chunks", {}).values())


# -- SQLite's pages ----------------------------------------------------------------------

TABLE_INTERIOR, TABLE_LEAF, INDEX_INTERIOR, INDEX_LEAF = 0x05, 0x0D, 0x02, 0x0A


def _varint(buf: bytes, i: int) -> tuple[int, int]:
    v = 0
    for k in range(9):
        b = buf[i + k]
        if k == 8:
            return (v << 8) | b, i + 9
        v = (v << 7) | (b & 0x7F)
        if b < 0x80:
            return v, i + k + 1
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class PageFile:
    """A SQLite file's bytes, read page by page (no -wal: checkpoint first)."""

    data: bytes
    page_size: int
    reserved: int

    @classmethod
    def read(cls, path: Path) -> PageFile:
        data = path.read_bytes()
        raw = int.from_bytes(data[16:18], "big")
        return cls(data, 65536 if raw == 1 else raw, data[20])

    @property
    def usable(self) -> int:
        return self.page_size - self.reserved

    @property
    def pages(self) -> int:
        return len(self.data) // self.page_size

    def page(self, pgno: int) -> tuple[bytes, int]:
        """The page's bytes and where its b-tree header starts."""
        off = (pgno - 1) * self.page_size
        return self.data[off : off + self.page_size], (100 if pgno == 1 else 0)

    def kind(self, pgno: int) -> int:
        page, h = self.page(pgno)
        return page[h]

    def _cells(self, pgno: int) -> list[int]:
        page, h = self.page(pgno)
        n = int.from_bytes(page[h + 3 : h + 5], "big")
        start = h + (12 if page[h] in (TABLE_INTERIOR, INDEX_INTERIOR) else 8)
        return [int.from_bytes(page[start + 2 * k : start + 2 * k + 2], "big") for k in range(n)]

    def _overflow(self, payload: int, local_at: int, page: bytes, index: bool) -> list[int]:
        u = self.usable
        x = ((u - 12) * 64 // 255 - 23) if index else u - 35
        if payload <= x:
            return []
        m = (u - 12) * 32 // 255 - 23
        k = m + (payload - m) % (u - 4)
        local = k if k <= x else m
        nxt = int.from_bytes(page[local_at + local : local_at + local + 4], "big")
        chain = []
        while nxt and nxt <= self.pages and len(chain) < self.pages:
            chain.append(nxt)
            over, _h = self.page(nxt)
            nxt = int.from_bytes(over[:4], "big")
        return chain

    def table_rows(self, root: int) -> dict[int, tuple[int, frozenset[int]]]:
        """The b-tree of a table from `root`: rowid → (its leaf page, every
        page reading it needs: the interior pages above, the leaf, its overflow)."""
        out: dict[int, tuple[int, frozenset[int]]] = {}
        todo: list[tuple[int, tuple[int, ...]]] = [(root, ())]
        while todo:
            pgno, above = todo.pop()
            page, h = self.page(pgno)
            kind = page[h]
            if kind == TABLE_INTERIOR:
                for off in self._cells(pgno):
                    todo.append((int.from_bytes(page[off : off + 4], "big"), (*above, pgno)))
                todo.append((int.from_bytes(page[h + 8 : h + 12], "big"), (*above, pgno)))
            elif kind == TABLE_LEAF:
                for off in self._cells(pgno):
                    payload, i = _varint(page, off)
                    rowid, i = _varint(page, i)
                    chain = self._overflow(payload, i, page, index=False)
                    out[rowid] = (pgno, frozenset((*above, pgno, *chain)))
            else:
                raise AssertionError(f"page {pgno} is not a table page ({kind:#x})")
        return out

    def btree_pages(self, root: int) -> list[int]:
        """Every b-tree page of the table or index at `root` (no overflow)."""
        out: list[int] = []
        todo = [root]
        while todo:
            pgno = todo.pop()
            out.append(pgno)
            page, h = self.page(pgno)
            if page[h] in (TABLE_INTERIOR, INDEX_INTERIOR):
                for off in self._cells(pgno):
                    todo.append(int.from_bytes(page[off : off + 4], "big"))
                todo.append(int.from_bytes(page[h + 8 : h + 12], "big"))
        return out


def roots(path: Path) -> dict[str, tuple[str, int]]:
    """name → (type, root page) of every table and index."""
    conn = _ro(path, immutable=True)
    try:
        return {
            str(n): (str(t), int(r))
            for t, n, r in conn.execute(
                "SELECT type, name, rootpage FROM sqlite_master WHERE rootpage > 0"
            )
        }
    finally:
        conn.close()


def row_pages(path: Path) -> dict[str, dict[int, tuple[int, frozenset[int]]]]:
    """Per Genbo table, per rowid: (leaf page, the pages reading it needs)."""
    pf = PageFile.read(path)
    return {
        name: pf.table_rows(root)
        for name, (kind, root) in roots(path).items()
        if kind == "table" and not name.startswith("sqlite_") and name != "alembic_version"
    }


def lost_with(path: Path, pages: set[int]) -> dict[str, set[int]]:
    """The rows of each table that need one of `pages` to be read."""
    return {
        table: {rowid for rowid, (_leaf, need) in rows.items() if need & pages}
        for table, rows in row_pages(path).items()
    }


def lost_tables(path: Path, pages: set[int]) -> set[str]:
    """The tables whose schema row (in sqlite_master) needs one of `pages`:
    SQLite no longer knows them, so all their rows are lost."""
    schema = PageFile.read(path).table_rows(1)
    conn = _ro(path, immutable=True)
    try:
        named = conn.execute("SELECT rowid, type, name FROM sqlite_master").fetchall()
    finally:
        conn.close()
    return {str(n) for r, t, n in named if t == "table" and schema[int(r)][1] & pages}


def checkpoint(path: Path) -> None:
    """Fold the -wal into the file, so the file alone holds every row."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def flip_page_header(path: Path, pgno: int) -> None:
    """Flip every bit of a b-tree page's 8-byte header (its kind, cell count,
    content offset): SQLite then finds the page damaged."""
    pf = PageFile.read(path)
    off = (pgno - 1) * pf.page_size + (100 if pgno == 1 else 0)
    with open(path, "r+b") as f:
        f.seek(off)
        head = f.read(8)
        f.seek(off)
        f.write(bytes(b ^ 0xFF for b in head))


# -- the expected outcome ------------------------------------------------------------------


def expected_rows(good: Rows, lost: dict[str, set[int]]) -> dict[str, set[int]]:
    """The rowids a recovery that reads every row not in `lost` ends with,
    by Genbo's rules: a streamer or source that was lost while rows that
    need it survived is recreated (same id); rows whose session was lost are
    left out. `streamer_months` is left out: its sums are recounted."""
    keep = {t: set(rows) - lost.get(t, set()) for t, rows in good.items()}
    sessions = keep.get("live_sessions", set())
    for table in ("minute_curves", "sources", "sample_chunks", "events", "gaps", "ad_report_rows"):
        keep[table] = {
            r
            for r in keep.get(table, set())
            if good[table][r].get("session_id") is None or good[table][r]["session_id"] in sessions
        }
    for table in ("live_sessions", "streamer_schedules", "ad_report_rows", "streamer_months"):
        keep["streamers"] |= {int(good[table][r]["streamer_id"]) for r in keep.get(table, set())}
    for table in ("sample_chunks", "gaps"):
        keep["sources"] |= {
            int(good[table][r]["source_id"])
            for r in keep.get(table, set())
            if good[table][r].get("source_id") is not None
        }
    keep.pop("streamer_months", None)
    return keep


# -- the cases -------------------------------------------------------------------------------


@dataclass
class Case:
    name: str
    data_dir: Path
    expect: str
    """"rescue", "fresh", "new", "notice", "read_only", "refuse" or "newer"."""
    good: Rows = field(default_factory=dict)
    """Every row before the damage (empty when there was no database)."""
    lost: dict[str, set[int]] = field(default_factory=dict)
    """Rows the damage made unreadable, per table."""
    damaged: bytes | None = None
    """The damaged file's bytes, to compare with the file moved aside."""
    damaged_wal: bytes | None = None
    error: str | None = None
    """For "refuse": the `app.storage.recovery` error's class name."""
    problem: str | None = None
    """What `check_file` should find (a `FileProblem.kind`), if anything."""
    holder: Any = None

    @property
    def db_path(self) -> Path:
        return self.data_dir / "genbo.db"

    def expected(self) -> dict[str, set[int]]:
        return expected_rows(self.good, self.lost)


Maker = Callable[[Path], AbstractContextManager[Case]]


@functools.lru_cache(maxsize=1)
def _template() -> bytes:
    """One good database per process, built once (0.1–0.2 s) and copied."""
    with tempfile.TemporaryDirectory(prefix="genbo-good-") as d:
        path = Path(d) / "genbo.db"
        build_database(path)
        checkpoint(path)
        return path.read_bytes()


def _good(data_dir: Path) -> tuple[Path, Rows]:
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / "genbo.db"
    path.write_bytes(_template())
    return path, read_rows(path, immutable=True)


def _snapshot(case: Case) -> Case:
    case.damaged = case.db_path.read_bytes() if case.db_path.is_file() else None
    wal = case.db_path.with_name("genbo.db-wal")
    case.damaged_wal = wal.read_bytes() if wal.exists() else None
    return case


@contextmanager
def not_sqlite(data_dir: Path) -> Iterator[Case]:
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "genbo.db").write_bytes(b"this is not sqlite\n" * 200)
    yield _snapshot(Case("not-sqlite", data_dir, "fresh", problem="not_sqlite"))


@contextmanager
def zero_length(data_dir: Path) -> Iterator[Case]:
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "genbo.db").write_bytes(b"")
    yield _snapshot(Case("zero-length", data_dir, "new"))


@contextmanager
def truncated(data_dir: Path) -> Iterator[Case]:
    """Cut at a page boundary in the middle of the sample chunks' pages:
    what lies in the pages kept can still be read. The file is compacted
    first (VACUUM), so its schema lies at its start: a schema page cut off
    leaves SQLite nothing to read the rest by (only the sqlite3 shell's
    .recover can, where it is built with the sqlite_dbpage table)."""
    path, good = _good(data_dir)
    conn = sqlite3.connect(path)
    conn.execute("VACUUM")
    conn.close()
    checkpoint(path)
    good = read_rows(path, immutable=True)
    pf = PageFile.read(path)
    keep = _middle_leaf(path, "sample_chunks", TABLE_LEAF)
    cut = set(range(keep + 1, pf.pages + 1))
    lost = lost_with(path, cut)
    for table in lost_tables(path, cut):
        lost[table] = set(good.get(table, {}))
    with open(path, "r+b") as f:
        f.truncate(keep * pf.page_size)
    yield _snapshot(Case("truncated", data_dir, "rescue", good, lost, problem="truncated"))


def _middle_leaf(path: Path, table: str, kind: int) -> int:
    pf = PageFile.read(path)
    leaves = [p for p in pf.btree_pages(roots(path)[table][1]) if pf.kind(p) == kind]
    assert len(leaves) >= 2, f"{table} fits one page; make the database bigger"
    leaves.sort()
    return leaves[len(leaves) // 2]


@contextmanager
def data_page(data_dir: Path) -> Iterator[Case]:
    """One leaf page of sample_chunks damaged: its chunks are lost, the rest
    (and every session) recovered."""
    path, good = _good(data_dir)
    page = _middle_leaf(path, "sample_chunks", TABLE_LEAF)
    lost = lost_with(path, {page})
    assert lost["sample_chunks"], "the damaged page holds chunks"
    flip_page_header(path, page)
    yield _snapshot(Case("data-page", data_dir, "rescue", good, lost, problem="corrupt"))


@contextmanager
def session_page(data_dir: Path) -> Iterator[Case]:
    """The live_sessions leaf holding the first sessions damaged: those
    sessions are lost, and with them their sources, chunks, events and gaps."""
    path, good = _good(data_dir)
    pf = PageFile.read(path)
    root = roots(path)["live_sessions"][1]
    leaves = sorted(p for p in pf.btree_pages(root) if pf.kind(p) == TABLE_LEAF)
    page = leaves[0]
    lost = lost_with(path, {page})
    flip_page_header(path, page)
    yield _snapshot(Case("session-page", data_dir, "rescue", good, lost, problem="corrupt"))


@contextmanager
def index_page(data_dir: Path) -> Iterator[Case]:
    """A leaf page of an index damaged: no row is lost (indexes are rebuilt)."""
    path, good = _good(data_dir)
    pf = PageFile.read(path)
    candidates = [
        p
        for name, (kind, root) in sorted(roots(path).items())
        if kind == "index"
        for p in pf.btree_pages(root)
        if pf.kind(p) == INDEX_LEAF
    ]
    flip_page_header(path, candidates[len(candidates) // 2])
    yield _snapshot(Case("index-page", data_dir, "rescue", good, {}, problem="corrupt"))


@contextmanager
def header(data_dir: Path) -> Iterator[Case]:
    """The first bytes of the file (SQLite's magic) damaged, the rest intact."""
    path, good = _good(data_dir)
    with open(path, "r+b") as f:
        f.write(b"SQLite f\xffrmat 3\x00")
    yield _snapshot(Case("header", data_dir, "rescue", good, {}, problem="corrupt"))


_WAL_WRITER = r"""
import sys, time
from app.core.metrics import Sample
from app.storage.database import open_database, sqlite_url
from app.storage.repository import Repository
from app.storage.writer import DatabaseWriter

db = open_database(sqlite_url(sys.argv[1]))
repo = Repository(db)
writer = DatabaseWriter(db)
writer.start()
t0 = 1_770_000_000_000
info = repo.create_session(repo.get_or_create_streamer("WAL"), "lost", t0, 0)
src = repo.add_source(info.id, "simulator", "Simulator")
writer.write_samples(info.id, src.id, [Sample(t0 + k * 100, {"viewers": k}) for k in range(50)])
assert writer.flush(timeout=10)
print("ready", flush=True)
time.sleep(120)
"""


@contextmanager
def wal_removed(data_dir: Path) -> Iterator[Case]:
    """A `genbo record`-like writer killed (kill -9) with a session in the
    -wal, then the -wal deleted: the database keeps what was checkpointed."""
    path, good = _good(data_dir)
    proc = subprocess.Popen(
        [sys.executable, "-c", _WAL_WRITER, str(path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().strip()
        assert line == "ready", (line, proc.stderr.read() if proc.stderr else "")
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()
    wal = path.with_name("genbo.db-wal")
    assert wal.stat().st_size > 0, "the session is in the -wal"
    assert path.with_name("genbo.db-shm").exists()
    wal.unlink()
    yield _snapshot(Case("wal-removed", data_dir, "notice", good, {}, problem="wal_missing"))


@contextmanager
def folder(data_dir: Path) -> Iterator[Case]:
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "genbo.db").mkdir()
    (data_dir / "genbo.db" / "keep.txt").write_text("a folder where the file should be")
    yield Case("folder", data_dir, "refuse", error="DatabaseIsFolderError")


@contextmanager
def read_only_db_file(data_dir: Path) -> Iterator[Case]:
    path, good = _good(data_dir)
    with read_only_file(path):
        yield _snapshot(Case("read-only-file", data_dir, "read_only", good))


@contextmanager
def read_only_folder(data_dir: Path) -> Iterator[Case]:
    """An empty data folder that cannot be written: no database can be made."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with read_only_dir(data_dir):
        yield Case("read-only-folder", data_dir, "refuse", error="FolderNotWritableError")


@contextmanager
def read_only_folder_with_db(data_dir: Path) -> Iterator[Case]:
    """A data folder that cannot be written, holding a good database."""
    _path, good = _good(data_dir)
    with read_only_dir(data_dir):
        yield _snapshot(Case("read-only-folder-with-db", data_dir, "read_only", good))


@contextmanager
def locked(data_dir: Path) -> Iterator[Case]:
    """Another process holds an exclusive lock for the whole block."""
    path, good = _good(data_dir)
    with ExitStack() as stack:
        holder = stack.enter_context(hold_lock(path))
        case = _snapshot(
            Case("locked", data_dir, "refuse", good, error="DatabaseLockedError", holder=holder)
        )
        yield case


@contextmanager
def newer(data_dir: Path) -> Iterator[Case]:
    """A database a newer Genbo wrote (a schema revision this one does not know)."""
    path, _good_rows = _good(data_dir)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = '9001'")
    conn.close()
    checkpoint(path)
    yield _snapshot(Case("newer", data_dir, "newer", read_rows(path, immutable=True)))


CASES: dict[str, Maker] = {
    "not-sqlite": not_sqlite,
    "zero-length": zero_length,
    "truncated": truncated,
    "data-page": data_page,
    "session-page": session_page,
    "index-page": index_page,
    "header": header,
    "wal-removed": wal_removed,
    "folder": folder,
    "read-only-file": read_only_db_file,
    "read-only-folder": read_only_folder,
    "read-only-folder-with-db": read_only_folder_with_db,
    "locked": locked,
    "newer": newer,
}
"""Every case, by name, in the order of the issue."""
