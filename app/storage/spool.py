"""The offline spool: what a recorder could not send to its team server yet.

While the server does not answer (the network is down, the server restarts),
the database writer keeps recording: every commit that fails puts what waited
into this local SQLite file in the data folder, one batch per commit, in the
order it came. Once the server answers, the writer sends the batches oldest
first, each in one server transaction with the points the server holds
already left out, and deletes a batch only after the server committed it:
sending twice (a crash between the two) stores nothing twice, and nothing is
left out. A batch is an emergency file's lines (`app.storage.spill`), zlib
compressed.

One spool per server and process: `team-<server>-<pid>.sqlite`, the server
named by a digest of its login, host, port and database (`server_key`), so a
laptop that switches teams never sends one team's samples to another, and two
Genbos recording side by side (the window and a `genbo record`) never send
each other's batches. A Genbo that was closed (or killed) while offline
leaves its file; the next one to open a spool for that server adopts the
files of processes that are gone: under SQLite's own write lock on the old
file it copies the batches into its own spool (marked adopted: their
sessions are not its recordings) and deletes them there, so two adopting at
once copy each batch once. A batch that cannot be read back is moved to the
`unreadable` table, kept for a person to look at, never deleted.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import logging
import os
import re
import sqlite3
import sys
import threading
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from app.core.processes import pid_alive
from app.storage.recovery import in_use_elsewhere
from app.storage.spill import Spill, parse_spill

log = logging.getLogger(__name__)

SPOOL_FOLDER = "spool"
_NAME_RE = re.compile(r"^team-([0-9a-f]{12})-(\d+)(?:-(\d+))?\.sqlite$")
_in_use: set[Path] = set()
"""Spool files open in this process (never adopted, never taken twice)."""
_in_use_lock = threading.Lock()
_ADOPT_WAIT_S = 10.0
"""How long to wait for another Genbo adopting the same file."""


def server_key(url: str) -> str:
    """What names a team server's spool: its login, host, port and database
    (not its password, driver or options such as ``?sslmode=require``)."""
    parts = urlsplit(url)
    user = unquote(parts.username or "")
    host = (parts.hostname or "").lower()
    try:
        port = parts.port or 5432
    except ValueError:
        port = 5432
    return f"{user}@{host}:{port}/{parts.path.lstrip('/')}"


def server_digest(url: str) -> str:
    return hashlib.sha1(server_key(url).encode("utf-8")).hexdigest()[:12]


def spool_path(data_dir: Path, server: str, pid: int | None = None) -> Path:
    """The spool file of process `pid` (this one) for the server `server`."""
    pid = os.getpid() if pid is None else pid
    return data_dir / SPOOL_FOLDER / f"team-{server_digest(server)}-{pid}.sqlite"


def spool_files(data_dir: Path, server: str) -> list[tuple[Path, int]]:
    """Every spool file for `server` in the data folder, with its owner's pid."""
    digest = server_digest(server)
    found: list[tuple[Path, int]] = []
    with contextlib.suppress(OSError):
        for f in sorted((data_dir / SPOOL_FOLDER).glob(f"team-{digest}-*.sqlite")):
            m = _NAME_RE.match(f.name)
            if m and m.group(1) == digest:
                found.append((f, int(m.group(2))))
    return found


@dataclass(frozen=True, slots=True)
class Batch:
    seq: int
    samples: int
    adopted: bool
    """Left by a Genbo that is gone: its sessions are not this one's recordings."""


_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS batches (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
    "made_ms INTEGER NOT NULL, samples INTEGER NOT NULL, body BLOB NOT NULL, "
    "adopted INTEGER NOT NULL DEFAULT 0)",
    "CREATE TABLE IF NOT EXISTS unreadable (seq INTEGER PRIMARY KEY, made_ms INTEGER NOT NULL, "
    "samples INTEGER NOT NULL, body BLOB NOT NULL, why TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS about (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
)


def _held(path: Path) -> bool:
    """Whether a process has the spool at `path` open: SQLite's lock on its
    -shm says so on POSIX (a live pid without it is a reused one, not that
    Genbo); where that cannot be told (Windows), a live pid is taken for it."""
    if sys.platform == "win32":
        return True
    return in_use_elsewhere(path)


@contextlib.contextmanager
def _immediate(conn: sqlite3.Connection) -> Iterator[None]:
    """BEGIN IMMEDIATE … COMMIT, rolled back when anything in it fails (an
    autocommit connection left inside a failed transaction would take every
    later batch down with it when it closes)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        raise


class Spool:
    """Batches in order (`seq`), each with how many samples it holds."""

    def __init__(self, path: Path, server: str) -> None:
        self.path = path
        self.server = server
        path.parent.mkdir(parents=True, exist_ok=True)
        with _in_use_lock:
            _in_use.add(path.resolve())
        self._lock = threading.Lock()
        try:
            self._conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        except sqlite3.Error:
            with _in_use_lock:
                _in_use.discard(path.resolve())
            raise
        self._conn.execute("PRAGMA journal_mode=WAL")
        # A batch is in the spool once its commit returned: FULL, so a power
        # cut right after it keeps it.
        self._conn.execute("PRAGMA synchronous=FULL")
        for sql in _SCHEMA:
            self._conn.execute(sql)
        self._conn.execute(
            "INSERT OR IGNORE INTO about (key, value) VALUES ('server', ?)", (server,)
        )

    @classmethod
    def open_own(cls, data_dir: Path, server: str) -> Spool:
        """This process's spool for `server` (a second one in the same
        process gets a name of its own), with the batches of every Genbo
        that left one and is gone adopted into it."""
        base = spool_path(data_dir, server)
        with _in_use_lock:
            path = base
            # A file of this name that exists already is an earlier process's
            # that had this pid (or an earlier spool of this one): adopted
            # below, not taken for this one's own.
            for n in itertools.count(2):
                if path.resolve() not in _in_use and not path.exists():
                    break
                path = base.with_name(f"{base.stem}-{n}.sqlite")
            _in_use.add(path.resolve())  # taken before another thread looks
        spool = cls(path, server)
        spool.adopt_orphans(data_dir)
        return spool

    def adopt_orphans(self, data_dir: Path) -> int:
        """Copy the batches of spool files whose Genbo is gone into this one
        (oldest file first), delete them there, and remove each file left
        empty; how many batches were adopted."""
        adopted = 0
        for path, pid in spool_files(data_dir, self.server):
            with _in_use_lock:
                mine = path.resolve() in _in_use
            if mine or (pid != os.getpid() and pid_alive(pid) and _held(path)):
                continue
            try:
                adopted += self._adopt(path)
            except sqlite3.Error as exc:
                log.warning("could not adopt the offline spool %s: %s", path, exc)
        return adopted

    def _adopt(self, path: Path) -> int:
        other = sqlite3.connect(path, timeout=_ADOPT_WAIT_S, isolation_level=None)
        try:
            tables = {r[0] for r in other.execute("SELECT name FROM sqlite_master")}
            rows: list[tuple[int, int, bytes]] = []
            if "batches" in tables:
                with _immediate(other):  # a second adopter waits, then finds none
                    rows = other.execute(
                        "SELECT made_ms, samples, body FROM batches ORDER BY seq"
                    ).fetchall()
                    if rows:
                        with self._lock, _immediate(self._conn):
                            self._conn.executemany(
                                "INSERT INTO batches (made_ms, samples, body, adopted) "
                                "VALUES (?, ?, ?, 1)",
                                rows,
                            )
                        other.execute("DELETE FROM batches")
            kept = (
                other.execute("SELECT count(*) FROM unreadable").fetchone()[0]
                if "unreadable" in tables
                else 0
            )
        finally:
            other.close()
        if rows:
            log.info("adopted %d offline spool batches from %s", len(rows), path)
        if not kept:
            for suffix in ("", "-wal", "-shm"):
                with contextlib.suppress(OSError):
                    Path(str(path) + suffix).unlink()
        return len(rows)

    def append(self, body: str, samples: int) -> int:
        """Keep one batch (an emergency file's text); its sequence number."""
        blob = zlib.compress(body.encode("utf-8"), 1)
        with self._lock:
            cur = self._conn.execute(
                "INSERT INTO batches (made_ms, samples, body) VALUES (?, ?, ?)",
                (int(time.time() * 1000), samples, blob),
            )
            return int(cur.lastrowid or 0)

    def batches(self) -> list[Batch]:
        """Every batch not sent yet, oldest first."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT seq, samples, adopted FROM batches ORDER BY seq"
            ).fetchall()
        return [Batch(int(s), int(n), bool(a)) for s, n, a in rows]

    def read(self, seq: int) -> Spill:
        with self._lock:
            row = self._conn.execute("SELECT body FROM batches WHERE seq = ?", (seq,)).fetchone()
        if row is None:
            raise KeyError(seq)
        text = zlib.decompress(row[0]).decode("utf-8")
        return parse_spill(text.splitlines(), f"{self.path} batch {seq}")

    def set_aside(self, seq: int, why: str) -> None:
        """Keep a batch that cannot be read back out of the way (in the
        `unreadable` table), for a person to look at: never deleted."""
        with self._lock, _immediate(self._conn):
            self._conn.execute(
                "INSERT OR REPLACE INTO unreadable (seq, made_ms, samples, body, why) "
                "SELECT seq, made_ms, samples, body, ? FROM batches WHERE seq = ?",
                (why, seq),
            )
            self._conn.execute("DELETE FROM batches WHERE seq = ?", (seq,))

    def remove(self, seqs: list[int]) -> None:
        """Forget batches the server has committed."""
        if not seqs:
            return
        with self._lock:
            self._conn.executemany("DELETE FROM batches WHERE seq = ?", [(s,) for s in seqs])

    def close(self) -> None:
        """Close the file; an empty one is removed (nothing waits in it)."""
        with self._lock:
            empty = False
            with contextlib.suppress(sqlite3.Error):
                empty = not self._conn.execute(
                    "SELECT EXISTS (SELECT 1 FROM batches) OR EXISTS (SELECT 1 FROM unreadable)"
                ).fetchone()[0]
            self._conn.close()
        with _in_use_lock:  # removed before another thread may take the name
            if empty:
                for suffix in ("", "-wal", "-shm"):
                    with contextlib.suppress(OSError):
                        Path(str(self.path) + suffix).unlink()
            _in_use.discard(self.path.resolve())
