"""A broken database: found at open or in use, moved aside (never overwritten,
never deleted), what can still be read recovered into a fresh database, and
the operator told in plain words.

**Finding it.** `check_file` reads the header (SQLite's magic, a sane page
size, a file as long as its header says) and, when the file is small enough
for it to take under about a second, runs `PRAGMA quick_check`
(`QUICK_CHECK_MAX_BYTES`). Larger files are checked by `quick_check` on the
open database (the window runs it when idle), and any SQLite error during use
is tested with `is_corruption`.

**Checking without changing anything.** The connection that checks never
writes the file: with a -wal beside it, it opens the file read-only (so SQLite
does not merge the journal in when it closes); without one, it opens it
normally and SQLite removes the -wal and -shm it made itself.

**Rescue.** `rescue` moves ``genbo.db``, ``genbo.db-wal`` and ``genbo.db-shm``
aside as ``genbo.db.corrupt-<UTC time>`` (plus ``-wal``, ``-shm``), with a
counter when that name is taken, then copies every row that can still be read
into a fresh database made by `open_database` (the current schema and its
Alembic revision). The copy works on a scratch copy of the damaged files, so
the moved files keep the exact bytes they had. It runs on any machine: table
by table in the order of their foreign keys, each table copied in one
statement when it reads cleanly, otherwise walked by rowid: the readable
rowids are found around the damaged pages (a probe from a rowid either reads
or hits the damage; doubling, then halving, finds where readable rows resume)
and copied in runs, a run that fails halved until only the unreadable rows are
left out. A truncated file is read with ``writable_schema`` on, which lets
SQLite read the pages it still has. When the sqlite3 shell is installed and
the copy met damage, its ``.recover`` (a page-by-page scan) is tried as well,
and whichever recovered more sessions and samples is kept (`DatabaseRescue.method`).

Then the fresh database is made consistent: a streamer or source row that was
lost while its sessions or samples survived is recreated under a plain name
(“Recovered streamer 3”), rows whose session was lost are left out (counted),
every sample chunk and minute curve is decoded and left out if it cannot be,
and the month sums are recounted.

**Files that cannot be used as they are** raise `StorageError`s that say so,
with nothing changed: a folder where the file should be, a data folder that
is read-only when the file is still to be made, a database another program
keeps locked past the busy timeout, a damaged file that cannot be moved aside.
A read-only file (or folder) that reads cleanly opens for browsing only
(`Database.read_only`); a database from a newer Genbo is refused as before.

**A zero-length file** is a new database, as SQLite itself sees it, and Genbo
makes its schema in it: nothing is moved and nothing said (it is logged). A
mere `sqlite3.connect` makes such a file (a tool peeking at the folder, or
another Genbo that is creating the database this very moment), and moving it
aside would race with that program, which would then write into the moved
file. Nothing can be lost by using it: it holds nothing. Only with a -wal
that holds something is it treated as damaged.

**The -wal removed.** A ``-shm`` without its ``-wal``, with nobody using the
database, means the journal was deleted after Genbo stopped without closing
(a clean close removes both): what was written since the last checkpoint (a
few seconds) is lost. If the file is otherwise intact it is kept and the
operator told (`DatabaseRescue` with nothing moved); if not, it is rescued.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sqlite3
import subprocess
import tempfile
import time
import uuid
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from app.core.messages import QT_TRANSLATE_NOOP, say, translate
from app.storage import chunks
from app.storage import database as _database
from app.storage.database import (
    SCHEMA_HEAD,
    Database,
    NewerDatabaseError,
    StorageError,
    make_engine,
    open_database,
    sqlite_url,
)

log = logging.getLogger(__name__)

QUICK_CHECK_MAX_BYTES = 256 * 1024 * 1024
"""Files up to this size (with their -wal) get `PRAGMA quick_check` at open.
Measured on the 2-core build box: quick_check reads a warm file at about
1.1 GB/s (100 MB demo history: 0.09 s) but a cold one at only 80–115 MB/s
(random reads: 247 MB took 3.1 s); reading the file through once first, at
disk speed, makes the check run warm: 247 MB cold took 0.61 s in all (0.46 s
reading, 0.15 s checking). So 256 MB is about 0.65 s cold and 0.25 s warm."""

SQLITE_MAGIC = b"SQLite format 3\x00"

NOT_SQLITE = "not_sqlite"
TRUNCATED = "truncated"
CORRUPT = "corrupt"
WAL_MISSING = "wal_missing"

_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14
_MIN_ROWID = -(2**63)
_MAX_ROWID = 2**63 - 1
_SHM_DMS_BYTE = 128
"""The "dead man switch" byte of a -shm: every connection using the database
in WAL mode holds a read lock on it (SQLite's os_unix.c)."""
_RECOVER_TIMEOUT_S = 600


# -- errors -------------------------------------------------------------------------------


class DatabaseIsFolderError(StorageError):
    """A folder stands where the database file should be."""


class FolderNotWritableError(StorageError):
    """The data folder cannot be written, and the database is still to be made."""


class DatabaseLockedError(StorageError):
    """Another program kept the database locked past the busy timeout."""


class DatabaseInUseError(StorageError):
    """The database is damaged, but another program has it open: not moved."""


class CannotMoveAsideError(StorageError):
    """The database is damaged and cannot be moved aside (read-only)."""


class RescueFailedError(StorageError):
    """The damaged file was moved aside but no fresh database could be made."""


# -- what is wrong with a file ----------------------------------------------------------


@dataclass(frozen=True)
class FileProblem:
    """What `check_file` (or an error in use) found wrong with a database file."""

    kind: str
    """`NOT_SQLITE`, `TRUNCATED`, `CORRUPT` or `WAL_MISSING`."""
    detail: str = ""
    """In English: SQLite's message, or what the header check saw (for logs)."""
    wal_missing: bool = False
    """Its -wal was gone too (a -shm without it)."""
    repair_header: bool = False
    """Only the magic at the start of the header is damaged: the recovery puts
    it back in its scratch copy and reads the rest."""

    def describe(self, location: str) -> str:
        """In the user's language: what is wrong with the file at `location`."""
        return _problem_text(self, location, _say)


def _wal(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def _shm(path: Path) -> Path:
    return path.with_name(path.name + "-shm")


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _header_sane(head: bytes) -> bool:
    """Bytes 16–100 of a header look like SQLite's (the magic aside)."""
    if len(head) < 100:
        return False
    raw = int.from_bytes(head[16:18], "big")
    page_size = 65536 if raw == 1 else raw
    return (
        512 <= page_size <= 65536
        and page_size & (page_size - 1) == 0
        and head[18] in (1, 2)
        and head[19] in (1, 2)
        and head[21:24] == b"\x40\x20\x20"
        and page_size - head[20] >= 480
    )


def in_use_elsewhere(path: Path) -> bool:
    """Whether another process has the database at `path` open in WAL mode
    (it holds a lock on its -shm). False where that cannot be told (Windows:
    there the file cannot be moved while open anyway). Call it only while
    this process has no connection to the database: a POSIX lock probe of
    one's own open file would drop SQLite's locks on it."""
    shm = _shm(path)
    try:
        import fcntl
    except ImportError:
        return False
    try:
        fd = os.open(shm, os.O_RDWR)
    except OSError:
        return False  # no -shm (nobody in WAL mode), or one we cannot lock-test
    try:
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, _SHM_DMS_BYTE)
        except OSError:
            return True
        fcntl.lockf(fd, fcntl.LOCK_UN, 1, _SHM_DMS_BYTE)
        return False
    finally:
        os.close(fd)


def _wal_missing(path: Path, head: bytes) -> bool:
    """A WAL-mode file with a -shm and no -wal, and nobody using it."""
    if head[18:20] != b"\x02\x02" or _wal(path).exists() or not _shm(path).exists():
        return False
    time.sleep(0.05)  # another Genbo closing removes the -wal, then the -shm
    return _shm(path).exists() and not _wal(path).exists() and not in_use_elsewhere(path)


def check_file(path: Path, *, quick_check_max_bytes: int | None = None) -> FileProblem | None:
    """What is wrong with the SQLite file at `path`, or None when nothing is
    found (or there is no file). Changes nothing. `PRAGMA quick_check` runs
    when the file and its -wal hold at most `quick_check_max_bytes`
    (default `QUICK_CHECK_MAX_BYTES`). Raises `DatabaseLockedError` when
    another program keeps it locked past the busy timeout. Call it before
    this process opens the database (see `in_use_elsewhere`)."""
    if quick_check_max_bytes is None:
        quick_check_max_bytes = QUICK_CHECK_MAX_BYTES
    if not path.is_file():
        return None
    size = _size(path)
    wal_size = _size(_wal(path))
    if size == 0:
        if wal_size > 0:
            return FileProblem(CORRUPT, "the file is empty, its -wal is not")
        log.info("%s is empty (0 bytes): a new database", path)
        return None
    with open(path, "rb") as f:
        head = f.read(100)
    if head[:16] != SQLITE_MAGIC:
        if _header_sane(head):
            return FileProblem(CORRUPT, "the header's first bytes are damaged", repair_header=True)
        return FileProblem(NOT_SQLITE, "no SQLite header")
    if len(head) < 100:
        return FileProblem(TRUNCATED, f"only {size} bytes")
    if not _header_sane(head):
        return FileProblem(CORRUPT, "the header is damaged")
    raw = int.from_bytes(head[16:18], "big")
    page_size = 65536 if raw == 1 else raw
    pages = int.from_bytes(head[28:32], "big")
    if pages and head[24:28] == head[92:96] and wal_size == 0 and size < pages * page_size:
        # With a -wal the missing pages may be in it: quick_check decides.
        return FileProblem(TRUNCATED, f"{size} of {pages * page_size} bytes")
    wal_missing = _wal_missing(path, head)
    if size + wal_size <= quick_check_max_bytes:
        found = _quick_check_file(path, wal_missing=wal_missing)
        if found is not None:
            return FileProblem(CORRUPT, found, wal_missing=wal_missing)
    if wal_missing:
        return FileProblem(WAL_MISSING, "a -shm without its -wal", wal_missing=True)
    return None


def _check_uri(path: Path, *, wal_missing: bool) -> tuple[str, bool]:
    """How to open `path` to check it without changing it: (uri or path, is_uri)."""
    if not os.access(path.parent, os.W_OK):
        # A read-only folder: no -shm can be made; without a -wal nothing is
        # missing from the file itself.
        return _database._read_only_uri(path, immutable=not _wal(path).exists()), True
    if _wal(path).exists():
        # Read-only: SQLite does not merge the -wal in when it closes.
        return _database._read_only_uri(path), True
    if wal_missing:
        # Only the stale -shm, which a normal close would delete; nobody is
        # using the file (checked), and nothing is in a journal.
        return _database._read_only_uri(path, immutable=True), True
    # No journal: a normal connection changes nothing in the file, and
    # removes the -wal and -shm it makes when it closes.
    return str(path), False


def _warm(path: Path) -> None:
    """Read the file through once at disk speed, so that quick_check's random
    reads come from the page cache (see `QUICK_CHECK_MAX_BYTES`)."""
    buf = bytearray(1 << 20)
    with contextlib.suppress(OSError), open(path, "rb", buffering=0) as f:
        while f.readinto(buf):
            pass


def _quick_check_file(path: Path, *, wal_missing: bool) -> str | None:
    target, is_uri = _check_uri(path, wal_missing=wal_missing)
    _warm(path)
    timeout = _database.BUSY_TIMEOUT_MS / 1000
    try:
        conn = sqlite3.connect(target, uri=is_uri, timeout=timeout, isolation_level=None)
    except sqlite3.Error as exc:
        return _check_error(path, exc)
    try:
        rows = conn.execute("PRAGMA quick_check(20)").fetchall()
    except sqlite3.Error as exc:
        return _check_error(path, exc)
    finally:
        conn.close()
    found = [str(r[0]) for r in rows]
    return None if found == ["ok"] else _clean(found)


def _clean(found: list[str]) -> str:
    """What quick_check said, without its "*** in database main ***" lines."""
    lines = [ln for text in found for ln in text.splitlines() if not ln.startswith("***")]
    return "; ".join(lines[:3]) + ("; …" if len(lines) > 3 else "")


def _check_error(path: Path, exc: sqlite3.Error) -> str | None:
    if is_busy(exc):
        raise _locked(path) from exc
    if is_corruption(exc):
        return str(exc)
    log.info("could not check %s: %s", path, exc)
    return None


def quick_check(db: Database) -> str | None:
    """`PRAGMA quick_check` on an open database: None when it is clean, else
    what SQLite found (in English). A damaged file may also raise an error
    that `is_corruption` recognises; that is returned too."""
    try:
        with db.engine.connect() as conn:
            rows = conn.exec_driver_sql("PRAGMA quick_check(20)").all()
    except Exception as exc:
        if is_corruption(exc):
            return str(getattr(exc, "orig", None) or exc)
        raise
    found = [str(r[0]) for r in rows]
    return None if found == ["ok"] else _clean(found)


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        e = todo.pop()
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        yield e
        orig = getattr(e, "orig", None)
        todo += [e.__cause__, e.__context__, orig if isinstance(orig, BaseException) else None]


def _codes(exc: BaseException) -> Iterator[int]:
    for e in _chain(exc):
        code = getattr(e, "sqlite_errorcode", None)
        if isinstance(code, int):
            yield code & 0xFF


def is_corruption(exc: BaseException) -> bool:
    """Whether `exc` (or what caused it, or the DB-API error inside a
    SQLAlchemy one) is SQLite saying the file is damaged or not a database."""
    if any(code in (_SQLITE_CORRUPT, _SQLITE_NOTADB) for code in _codes(exc)):
        return True
    words = ("database disk image is malformed", "file is not a database")
    return any(w in str(e) for e in _chain(exc) for w in words)


def is_busy(exc: BaseException) -> bool:
    """Whether `exc` is SQLite giving up on a lock another connection holds."""
    if any(code in (_SQLITE_BUSY, _SQLITE_LOCKED) for code in _codes(exc)):
        return True
    return any("database is locked" in str(e) for e in _chain(exc))


# -- the report -------------------------------------------------------------------------


TABLE_WORDS: dict[str, str] = {
    "streamers": QT_TRANSLATE_NOOP("storage", "streamers"),
    "streamer_schedules": QT_TRANSLATE_NOOP("storage", "planned starts"),
    "streamer_months": QT_TRANSLATE_NOOP("storage", "month figures"),
    "live_sessions": QT_TRANSLATE_NOOP("storage", "sessions"),
    "minute_curves": QT_TRANSLATE_NOOP("storage", "minute curves"),
    "sources": QT_TRANSLATE_NOOP("storage", "sources"),
    "sample_chunks": QT_TRANSLATE_NOOP("storage", "sample chunks"),
    "events": QT_TRANSLATE_NOOP("storage", "events"),
    "gaps": QT_TRANSLATE_NOOP("storage", "gaps"),
    "ad_report_rows": QT_TRANSLATE_NOOP("storage", "ad report rows"),
}

METHOD_COPY = "copy"
"""Every table read cleanly: copied as it was."""
METHOD_SALVAGE = "salvage"
"""Rows copied one readable run at a time around the damage (in Python)."""
METHOD_RECOVER = "sqlite3-recover"
"""The sqlite3 shell's .recover, which scans every page."""
METHOD_NONE = "none"
"""Nothing could be read (not SQLite, empty), or nothing needed recovering."""

_METHOD_WORDS = {
    METHOD_COPY: QT_TRANSLATE_NOOP("storage", "a plain copy (every table could be read)"),
    METHOD_SALVAGE: QT_TRANSLATE_NOOP("storage", "a row-by-row salvage"),
    METHOD_RECOVER: QT_TRANSLATE_NOOP("storage", "SQLite's .recover"),
}

Say = Callable[..., str]


def _say(template: str, /, **fields: Any) -> str:
    return say("storage", template, **fields)


def _english(template: str, /, **fields: Any) -> str:
    return template.format(**fields)


def _problem_text(problem: FileProblem, location: str, t: Say) -> str:
    kind = problem.kind
    if kind == NOT_SQLITE:
        text = t(QT_TRANSLATE_NOOP("storage", "{location} is not a database Genbo can read."),
                 location=location)  # fmt: skip
    elif kind == TRUNCATED:
        text = t(
            QT_TRANSLATE_NOOP(
                "storage",
                "The database file {location} is shorter than it should be: its end was cut off.",
            ),
            location=location,
        )
    elif kind == WAL_MISSING:
        text = t(
            QT_TRANSLATE_NOOP(
                "storage",
                "The journal of the database at {location} ({wal}) was missing: what was "
                "recorded in the last seconds before Genbo last stopped is not in the database.",
            ),
            location=location,
            wal=_wal(Path(location)).name,
        )
    else:
        text = t(
            QT_TRANSLATE_NOOP("storage", "The database at {location} is damaged ({detail})."),
            location=location,
            detail=problem.detail or "?",
        )
    if problem.wal_missing and kind != WAL_MISSING:
        text += " " + t(
            QT_TRANSLATE_NOOP("storage", "Its journal ({wal}) was missing too."),
            wal=_wal(Path(location)).name,
        )
    return text


def _plain_number(n: int) -> str:
    return f"{n:,}"


@dataclass(frozen=True)
class DatabaseRescue:
    """What happened to a damaged database, what was recovered, and where the
    old files are. With nothing moved (`moved` empty) it is a notice about a
    database that stays in use (its -wal had been removed)."""

    path: Path
    problem: FileProblem
    moved: tuple[Path, ...] = ()
    """The files moved aside, the database first (then its -wal and -shm)."""
    method: str = METHOD_NONE
    tables: Mapping[str, int] = field(default_factory=dict)
    """Rows in the fresh database per table, once everything was checked."""
    values: int = 0
    """Sample values in the recovered chunks."""
    unreadable: Mapping[str, int] = field(default_factory=dict)
    """Rows that were seen but could not be read, per table."""
    damaged: tuple[str, ...] = ()
    """Tables in which damage was met (rows on damaged pages are lost unseen)."""
    dropped_chunks: int = 0
    """Sample chunks (and minute curves) recovered but undecodable: left out."""
    orphans: Mapping[str, int] = field(default_factory=dict)
    """Rows left out because what they belong to (their session) was lost."""
    recreated: Mapping[str, int] = field(default_factory=dict)
    """Streamer and source rows remade under a plain name for surviving rows."""
    seconds: float = 0.0

    @property
    def moved_to(self) -> Path | None:
        """The old database file, now beside the fresh one (None: not moved)."""
        return self.moved[0] if self.moved else None

    @property
    def sessions(self) -> int:
        return int(self.tables.get("live_sessions", 0))

    @property
    def sample_chunks(self) -> int:
        return int(self.tables.get("sample_chunks", 0))

    def describe(self, number: Callable[[int], str] | None = None) -> str:
        """In the user's language: what happened, what was recovered and where
        the old file is. `number` formats counts (the CLI and window pass
        `number_format().grouped`)."""
        return self._text(_say, number or _plain_number, translate_words=True)

    @property
    def english(self) -> str:
        """`describe()` in English, for logs."""
        return self._text(_english, _plain_number, translate_words=False)

    @property
    def recovered_anything(self) -> bool:
        return bool(self.sessions or any(self.tables.get(k, 0) for k in TABLE_WORDS))

    def _text(self, t: Say, n: Callable[[int], str], *, translate_words: bool) -> str:
        def word(table: str) -> str:
            w = TABLE_WORDS.get(table, table)
            return translate("storage", w) if translate_words else w

        location = str(self.path)
        parts = [_problem_text(self.problem, location, t)]
        if not self.moved:
            parts.append(
                t(QT_TRANSLATE_NOOP("storage", "Genbo goes on with the rest of the database."))
            )
            return _sentences(parts)
        parts.append(
            t(
                QT_TRANSLATE_NOOP(
                    "storage",
                    "It was moved aside as {moved}, nothing was deleted, and Genbo goes on "
                    "with a fresh database.",
                ),
                moved=str(self.moved[0]),
            )
        )
        if not self.recovered_anything:
            parts.append(t(QT_TRANSLATE_NOOP("storage", "Nothing could be recovered from it.")))
            return _sentences(parts)
        parts.append(
            t(
                QT_TRANSLATE_NOOP(
                    "storage",
                    "Recovered from it: {sessions} sessions of {streamers} streamers, "
                    "{chunks} sample chunks with {values} values, {events} events and "
                    "{gaps} gaps.",
                ),
                sessions=n(self.sessions),
                streamers=n(int(self.tables.get("streamers", 0))),
                chunks=n(self.sample_chunks),
                values=n(self.values),
                events=n(int(self.tables.get("events", 0))),
                gaps=n(int(self.tables.get("gaps", 0))),
            )
        )
        if self.damaged:
            parts.append(
                t(
                    QT_TRANSLATE_NOOP(
                        "storage", "Some {what} could not be read at all and are lost."
                    ),
                    what=", ".join(word(x) for x in self.damaged),
                )
            )
        lost = sum(self.unreadable.values()) + sum(self.orphans.values()) + self.dropped_chunks
        if lost:
            parts.append(
                t(
                    QT_TRANSLATE_NOOP(
                        "storage",
                        "{count} further rows were left out: damaged, or belonging to a "
                        "session that was lost.",
                    ),
                    count=n(lost),
                )
            )
        made = sum(self.recreated.values())
        if made:
            parts.append(
                t(
                    QT_TRANSLATE_NOOP(
                        "storage",
                        "{count} streamers or sources whose own rows were lost are listed "
                        "as “Recovered …”.",
                    ),
                    count=n(made),
                )
            )
        if self.method in _METHOD_WORDS:
            method = _METHOD_WORDS[self.method]
            parts.append(
                t(
                    QT_TRANSLATE_NOOP("storage", "(Recovered with {method}.)"),
                    method=translate("storage", method) if translate_words else method,
                )
            )
        return _sentences(parts)


def _sentences(parts: list[str]) -> str:
    """Sentences one after another: a space between English ones, none after
    a Chinese full stop or bracket."""
    out = ""
    for part in parts:
        if out and not out.endswith(("。", "）", "！", "？")):
            out += " "
        out += part
    return out


def read_only_notice(db: Database) -> str:
    """In the user's language: the database was opened for browsing only."""
    return say(
        "storage",
        QT_TRANSLATE_NOOP(
            "storage",
            "The database at {location} is read-only: Genbo opened it for browsing only. "
            "Nothing can be recorded or changed until the file and its folder are writable "
            "(or start with --data-dir pointing to another folder).",
        ),
        location=str(db.sqlite_path or db.url),
    )


# -- moving aside ------------------------------------------------------------------------


def _aside_names(path: Path, now: datetime | None = None) -> tuple[Path, Path, Path]:
    stamp = (now or datetime.now(tz=UTC)).strftime("%Y%m%dT%H%M%SZ")
    base = f"{path.name}.corrupt-{stamp}"
    n = 1
    while True:
        name = base if n == 1 else f"{base}-{n}"
        db = path.with_name(name)
        names = (db, _wal(db), _shm(db))
        if not any(p.exists() or p.is_symlink() for p in names):
            return names
        n += 1


def _move_no_overwrite(src: Path, dst: Path) -> None:
    """Rename `src` to `dst`, never replacing a file already at `dst`."""
    if os.name == "nt":
        os.rename(src, dst)  # refuses an existing target
        return
    try:
        os.link(src, dst)  # refuses an existing target, atomically
    except FileExistsError:
        raise
    except OSError:
        if dst.exists() or dst.is_symlink():
            raise FileExistsError(dst) from None
        os.rename(src, dst)  # a file system without hard links
        return
    os.unlink(src)


def _move_aside(path: Path) -> tuple[Path, ...]:
    """Move the database and its -wal and -shm aside; the journal first, so
    that a crash half-way never leaves a -wal beside a file it does not belong
    to. Returns the new names, the database's first. On failure what was moved
    is put back, and OSError raised."""
    target_db, target_wal, target_shm = _aside_names(path)
    plan = [(_wal(path), target_wal), (_shm(path), target_shm), (path, target_db)]
    done: list[tuple[Path, Path]] = []
    try:
        for src, dst in plan:
            if src.exists():
                _move_no_overwrite(src, dst)
                done.append((src, dst))
    except OSError:
        for src, dst in reversed(done):
            with contextlib.suppress(OSError):
                _move_no_overwrite(dst, src)
        raise
    moved = [dst for _src, dst in done]
    moved.sort(key=lambda p: 0 if p == target_db else 1 if p == target_wal else 2)
    return tuple(moved)


# -- rescue ------------------------------------------------------------------------------


def _locked(path: Path) -> DatabaseLockedError:
    return DatabaseLockedError(
        QT_TRANSLATE_NOOP(
            "storage",
            "The database at {location} is locked by another program, which did not let go "
            "of it within {seconds} seconds. Nothing was changed. Close the other program "
            "(another Genbo, or a database tool) and try again.",
        ),
        location=str(path),
        seconds=_plain_number(max(1, round(_database.BUSY_TIMEOUT_MS / 1000))),
    )


def _sqlite_path(url: str) -> Path | None:
    u = make_url(url)
    if u.get_backend_name() == "sqlite" and u.database not in (None, "", ":memory:"):
        return Path(str(u.database))
    return None


@dataclass
class _Salvaged:
    method: str = METHOD_NONE
    unreadable: dict[str, int] = field(default_factory=dict)
    damaged: list[str] = field(default_factory=list)
    orphans: dict[str, int] = field(default_factory=dict)
    recreated: dict[str, int] = field(default_factory=dict)
    dropped_chunks: int = 0
    tables: dict[str, int] = field(default_factory=dict)
    values: int = 0

    def score(self) -> tuple[int, int, int]:
        return (self.tables.get("live_sessions", 0), self.values, sum(self.tables.values()))


def rescue(path: Path, problem: FileProblem) -> DatabaseRescue:
    """Move the damaged database at `path` aside (with its -wal and -shm),
    recover what can be read into a fresh database at `path`, and say what
    was done. Raises, with nothing changed: `DatabaseInUseError` (another
    program has it open), `NewerDatabaseError` (its schema is newer than this
    Genbo), `CannotMoveAsideError`; and `RescueFailedError` when no fresh
    database could be made (the damaged file stays moved aside)."""
    t0 = time.perf_counter()
    location = str(path)
    if in_use_elsewhere(path):
        raise DatabaseInUseError(
            QT_TRANSLATE_NOOP(
                "storage",
                "The database at {location} is damaged, but another program is using it "
                "(another Genbo, or “genbo record”). Nothing was changed. Close it and start "
                "Genbo again.",
            ),
            location=location,
        )
    scratch = _scratch_dir(path)
    try:
        source = _scratch_copy(path, scratch, problem) if scratch is not None else None
        revision = _revision(source) if source is not None else None
        if revision is not None and revision != SCHEMA_HEAD and not _known_revision(revision):
            raise NewerDatabaseError(location, revision, SCHEMA_HEAD)
        try:
            moved = _move_aside(path)
        except OSError as exc:
            raise CannotMoveAsideError(
                QT_TRANSLATE_NOOP(
                    "storage",
                    "{problem} Genbo could not move it aside ({error}), so nothing was changed. "
                    "Make the file and its folder writable, or start with --data-dir pointing "
                    "to another folder.",
                ),
                problem=_Explained(problem, location),
                error=exc.strerror or str(exc),
            ) from exc
        if source is None and moved and problem.kind != NOT_SQLITE:
            # No room for a scratch copy: read the moved file, read-only.
            source = moved[0]
        try:
            salvaged = _recover_into(path, source, scratch, revision)
        except Exception as exc:
            log.exception("could not make a fresh database after moving %s aside", path)
            raise RescueFailedError(
                QT_TRANSLATE_NOOP(
                    "storage",
                    "{problem} It was moved aside as {moved}, but Genbo could not make a fresh "
                    "database in its place: {error}. Free some space or make the folder "
                    "writable, then start Genbo again.",
                ),
                problem=_Explained(problem, location),
                moved=str(moved[0]) if moved else location,
                error=str(exc),
            ) from exc
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
    done = DatabaseRescue(
        path=path,
        problem=problem,
        moved=moved,
        method=salvaged.method,
        tables=dict(salvaged.tables),
        values=salvaged.values,
        unreadable=dict(salvaged.unreadable),
        damaged=tuple(salvaged.damaged),
        dropped_chunks=salvaged.dropped_chunks,
        orphans=dict(salvaged.orphans),
        recreated=dict(salvaged.recreated),
        seconds=time.perf_counter() - t0,
    )
    # The window and the CLI show it to the operator; the log keeps it in English.
    log.info("%s (%.2f s)", done.english, done.seconds)
    return done


@dataclass(frozen=True)
class _Explained:
    """A problem's sentence as a message field: translated when shown, English
    in logs (`app.core.messages.english`)."""

    problem: FileProblem
    location: str

    def __str__(self) -> str:
        return _problem_text(self.problem, self.location, _say)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    @property
    def english(self) -> str:
        return _problem_text(self.problem, self.location, _english)


_STALE_SCRATCH_S = 3600


def _scratch_dir(path: Path) -> Path | None:
    """A scratch folder beside the database (same disk: the fresh file is
    moved into place). One left by a rescue that was killed is removed."""
    now = time.time()
    for old in path.parent.glob(".genbo-rescue-*"):
        with contextlib.suppress(OSError):
            if old.is_dir() and now - old.stat().st_mtime > _STALE_SCRATCH_S:
                shutil.rmtree(old, ignore_errors=True)
    try:
        return Path(tempfile.mkdtemp(prefix=".genbo-rescue-", dir=path.parent))
    except OSError:
        return None


def _scratch_copy(path: Path, scratch: Path, problem: FileProblem) -> Path | None:
    """A copy of the damaged file and its -wal to read from, so the moved
    files are never touched. None when nothing can be read from it, or there
    is no room."""
    if problem.kind == NOT_SQLITE:
        return None
    copy = scratch / "damaged.db"
    try:
        shutil.copyfile(path, copy)
        if _wal(path).exists():
            shutil.copyfile(_wal(path), _wal(copy))
        with open(copy, "r+b") as f:
            if problem.repair_header:
                f.write(SQLITE_MAGIC)
            _fill_cut_off(f)
    except OSError as exc:
        log.info("no room for a scratch copy of %s (%s): reading it in place", path, exc)
        for p in (copy, _wal(copy)):
            with contextlib.suppress(OSError):
                p.unlink()
        return None
    return copy


def _fill_cut_off(f: Any) -> None:
    """A truncated file: SQLite refuses one that is shorter than its header
    says, and a schema naming a root page past its end. In the scratch copy
    every page that was cut off is put back as an empty table leaf (sparse:
    only its 8-byte header is written). SQLite then reads all that is left: a
    table whose root was cut off reads as empty, a page below a root or an
    overflow page that is gone fails for the rows that need it alone. (If a
    page of the schema itself was cut off, nothing can be read this way: then
    only the sqlite3 shell's .recover can help, where it is installed.)"""
    f.seek(0)
    head = f.read(100)
    if len(head) < 100 or not _header_sane(head):
        return
    raw = int.from_bytes(head[16:18], "big")
    page_size = 65536 if raw == 1 else raw
    want = int.from_bytes(head[28:32], "big")
    f.seek(0, os.SEEK_END)
    size = f.tell()
    if not want or size >= want * page_size:
        return
    first = -(-size // page_size)  # a page cut in its middle stays as it is
    empty = bytes([0x0D, 0, 0, 0, 0]) + (page_size % 65536).to_bytes(2, "big") + b"\0"
    for pgno in range(first, want):
        f.seek(pgno * page_size)
        f.write(empty)
    f.truncate(want * page_size)


def _connect_source(source: Path) -> tuple[str, bool]:
    if source.name == "damaged.db":
        return str(source), False
    return _database._read_only_uri(source), True  # the moved file itself: never written


def _revision(source: Path) -> str | None:
    target, is_uri = _connect_source(source)
    try:
        conn = sqlite3.connect(target, uri=is_uri)
    except sqlite3.Error:
        return None
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return str(row[0]) if row else None
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def _known_revision(revision: str) -> bool:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_database._alembic_config())
    try:
        return script.get_revision(revision) is not None
    except Exception:
        return False


def _fresh(target: Path, revision: str | None) -> None:
    """A new, empty Genbo database at `target`, at `revision` (an older one,
    for rows from an older file; upgraded after the copy) or the newest."""
    if revision is None or revision == SCHEMA_HEAD:
        open_database(sqlite_url(target)).engine.dispose()
        return
    from alembic import command

    cfg = _database._alembic_config()
    engine = make_engine(sqlite_url(target))
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
    finally:
        engine.dispose()


def _recover_into(
    path: Path, source: Path | None, scratch: Path | None, revision: str | None
) -> _Salvaged:
    """Build the fresh database (in `scratch` when there is one) from
    `source`, keep the better of the salvage and .recover, and put it at `path`."""
    first = (scratch / "fresh.db") if scratch is not None else path
    _fresh(first, revision)
    if source is None:
        nothing = _finish(first, revision, _Salvaged(method=METHOD_NONE))
        if first != path:
            _place(first, path)
        return nothing
    best = _salvage(source, first)
    best_path = first
    shell = shutil.which("sqlite3")
    met_damage = best.method == METHOD_SALVAGE or bool(best.damaged)
    if met_damage and shell is not None and scratch is not None and source.name == "damaged.db":
        other = _try_shell_recover(shell, source, scratch, revision)
        if other is not None and other[0].score() > best.score():
            best, best_path = other
    best = _finish(best_path, revision, best)
    if best_path != path:
        _place(best_path, path)
    return best


def _empty_database(path: Path) -> bool:
    """`path` holds nothing: a zero-length file, or a SQLite file without a
    single table (what a connection opened during a rescue leaves there)."""
    try:
        if path.stat().st_size == 0:
            return True
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return bool(conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0)
        finally:
            conn.close()
    except (OSError, sqlite3.Error):
        return False


def _place(candidate: Path, path: Path) -> None:
    if path.exists() and _empty_database(path):
        # Opened by someone while the damaged file was being moved aside: an
        # empty file SQLite made, with nothing in it to keep.
        for p in (_wal(path), _shm(path), path):
            with contextlib.suppress(FileNotFoundError):
                p.unlink()
    for leftover in (_wal(candidate), _shm(candidate)):
        if leftover.exists() and _size(leftover) == 0:
            leftover.unlink()
    if _wal(candidate).exists():  # never carry a journal over: merge it first
        conn = sqlite3.connect(candidate)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
    _move_no_overwrite(candidate, path)


def _try_shell_recover(
    shell: str, source: Path, scratch: Path, revision: str | None
) -> tuple[_Salvaged, Path] | None:
    """The sqlite3 shell's .recover into a scratch database, then copied into
    a fresh Genbo database like any other source. None if it did not work."""
    recovered = scratch / "recovered.db"
    try:
        with subprocess.Popen(
            [shell, "-readonly", str(source), ".recover --ignore-freelist"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        ) as dump:
            done = subprocess.run(
                [shell, str(recovered)],
                stdin=dump.stdout,
                capture_output=True,
                timeout=_RECOVER_TIMEOUT_S,
                check=False,
            )
            dumped = dump.wait(timeout=_RECOVER_TIMEOUT_S)
    except (OSError, subprocess.SubprocessError) as exc:
        log.info("sqlite3 .recover did not run: %s", exc)
        return None
    # A shell built without the sqlite_dbpage table (Debian's and Ubuntu's)
    # writes the start of the SQL, then fails: what it gave is not a recovery.
    if dumped != 0 or not recovered.exists():
        log.info("sqlite3 .recover did not work (exit %s): %s", dumped, done.stderr[-300:])
        return None
    second = scratch / "fresh-recover.db"
    _fresh(second, revision)
    result = _salvage(recovered, second)
    result.method = METHOD_RECOVER
    return result, second


# -- the copy ----------------------------------------------------------------------------


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _table_order(conn: sqlite3.Connection) -> list[str]:
    """The fresh database's tables, parents before children (the models'
    order; any other table, from an older schema, after them)."""
    from app.storage.models import Base

    have = [
        str(r[0])
        for r in conn.execute(
            "SELECT name FROM main.sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' AND name != 'alembic_version'"
        )
    ]
    known = [t.name for t in Base.metadata.sorted_tables if t.name in have]
    return known + sorted(set(have) - set(known))


def _columns(conn: sqlite3.Connection, schema: str, table: str) -> list[str]:
    return [str(r[1]) for r in conn.execute(f"PRAGMA {schema}.table_info({_q(table)})")]


def _target_failed(exc: sqlite3.Error) -> bool:
    """An error writing the fresh database (a full disk), not reading the old."""
    return (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF in (_SQLITE_FULL, _SQLITE_CANTOPEN)


def _salvage(source: Path, target: Path) -> _Salvaged:
    """Copy every readable row of `source` into the fresh database `target`."""
    out = _Salvaged(method=METHOD_COPY)
    # Opened as a URI, so that ATTACH takes one too (the moved file, read-only).
    conn = sqlite3.connect(target.absolute().as_uri(), uri=True, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys=OFF")
        conn.execute("PRAGMA synchronous=OFF")
        src, _is_uri = _connect_source(source)
        try:
            conn.execute("ATTACH DATABASE ? AS old", (src,))
            old_tables = {
                str(r[0])
                for r in conn.execute("SELECT name FROM old.sqlite_master WHERE type = 'table'")
            }
        except sqlite3.DatabaseError as exc:
            log.info("nothing readable in %s: %s", source, exc)
            out.method = METHOD_NONE
            out.damaged = ["live_sessions"]
            return out
        for table in _table_order(conn):
            if table not in old_tables:
                continue
            have = set(_columns(conn, "old", table))
            cols = [c for c in _columns(conn, "main", table) if c in have]
            if not cols:
                continue
            unreadable, damaged = _copy_table(conn, table, cols)
            if damaged:
                out.method = METHOD_SALVAGE
                out.damaged.append(table)
            if unreadable:
                out.unreadable[table] = unreadable
        conn.execute("DETACH DATABASE old")
        _repair(conn, out)
    finally:
        conn.close()
    return out


def _copy_table(conn: sqlite3.Connection, table: str, cols: list[str]) -> tuple[int, bool]:
    """(rows seen but unreadable, whether damage was met)."""
    names = ", ".join(_q(c) for c in cols)
    insert = f"INSERT INTO main.{_q(table)} ({names}) SELECT {names} FROM old.{_q(table)}"
    try:
        conn.execute(insert)
        return 0, False
    except sqlite3.DatabaseError as exc:
        if _target_failed(exc):
            raise
        log.info("damage in %s: %s", table, exc)
    unreadable = 0
    # LIMIT: the copy stops at the run's last row instead of stepping on into
    # the damaged page after it (every row between is in the run).
    ranged = insert + " WHERE rowid BETWEEN ? AND ? ORDER BY rowid LIMIT ?"
    for run in _readable_runs(conn, table):
        unreadable += _copy_run(conn, ranged, run)
    return unreadable, True


def _copy_run(conn: sqlite3.Connection, insert: str, run: list[int]) -> int:
    """Copy the rows of `run` (sorted rowids); halve what fails. Returns how
    many rows could not be read."""
    unreadable = 0
    todo = [(0, len(run))]
    while todo:
        a, b = todo.pop()
        try:
            conn.execute(insert, (run[a], run[b - 1], b - a))
        except sqlite3.DatabaseError as exc:
            if _target_failed(exc):
                raise
            if b - a == 1:
                unreadable += 1
            else:
                mid = (a + b) // 2
                todo += [(mid, b), (a, mid)]
    return unreadable


def _probe(conn: sqlite3.Connection, table: str, at: int) -> tuple[bool, int | None]:
    """(readable, the first rowid ≥ `at`): whether a seek from `at` reads."""
    try:
        row = conn.execute(
            f"SELECT rowid FROM old.{_q(table)} WHERE rowid >= ? ORDER BY rowid LIMIT 1", (at,)
        ).fetchone()
    except sqlite3.DatabaseError:
        return False, None
    return True, (int(row[0]) if row is not None else None)


def _next_readable(conn: sqlite3.Connection, table: str, after: int) -> int | None:
    """The smallest point ≥ `after` from which rows read again (found by
    doubling the step past the damage, then halving back), or None when no
    readable row follows."""
    if after > _MAX_ROWID:
        return None
    ok, first = _probe(conn, table, after)
    if ok:
        return after if first is not None else None
    lo, step = after, 1
    while True:
        hi = min(lo + step, _MAX_ROWID)
        ok, first = _probe(conn, table, hi)
        if ok:
            break
        if hi >= _MAX_ROWID:
            return None
        lo, step = hi, step * 2
    while hi - lo > 1:
        mid = (lo + hi) // 2
        ok_mid, first_mid = _probe(conn, table, mid)
        if ok_mid:
            hi, first = mid, first_mid
        else:
            lo = mid
    return hi if first is not None else None


def _readable_runs(conn: sqlite3.Connection, table: str) -> list[list[int]]:
    """The rowids that can be read, in runs with damage between them. A scan
    that fails may not have returned the row before the damage (the row is
    only handed over once the step after it worked), so one probe, which
    stops after one row, reads on before a jump is made."""
    runs: list[list[int]] = []
    run: list[int] = []
    start = _MIN_ROWID
    while True:
        try:
            for (rowid,) in conn.execute(
                f"SELECT rowid FROM old.{_q(table)} WHERE rowid >= ? ORDER BY rowid", (start,)
            ):
                run.append(int(rowid))
        except sqlite3.DatabaseError:
            at = run[-1] + 1 if run and run[-1] >= start else start
            ok, first = _probe(conn, table, at)
            if ok:
                if first is None:
                    break
                run.append(first)
                start = first + 1
                continue
            if run:
                runs.append(run)
                run = []
            nxt = _next_readable(conn, table, at)
            if nxt is None:
                break
            start = nxt
            continue
        break
    if run:
        runs.append(run)
    return runs


# -- making the fresh database consistent ------------------------------------------------


def _exists(conn: sqlite3.Connection, table: str) -> bool:
    return (
        conn.execute(
            "SELECT 1 FROM main.sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).fetchone()
        is not None
    )


def _repair(conn: sqlite3.Connection, out: _Salvaged) -> None:
    """Recreate lost parents that surviving rows need (at the newest schema),
    then leave out every row whose parent is still missing."""
    if _exists(conn, "streamers") and "uid" in _columns(conn, "main", "streamers"):
        _recreate_streamers(conn, out)
    if _exists(conn, "sources") and _exists(conn, "sample_chunks"):
        _recreate_sources(conn, out)
    while True:
        bad = conn.execute("PRAGMA main.foreign_key_check").fetchall()
        if not bad:
            break
        for table, rowid, _parent, _fk in bad:
            if rowid is None:
                continue
            conn.execute(f"DELETE FROM main.{_q(table)} WHERE rowid = ?", (rowid,))
            out.orphans[table] = out.orphans.get(table, 0) + 1


def _recreate_streamers(conn: sqlite3.Connection, out: _Salvaged) -> None:
    wanted: set[int] = set()
    for table in ("live_sessions", "streamer_months", "streamer_schedules", "ad_report_rows"):
        if _exists(conn, table):
            wanted |= {
                int(r[0])
                for r in conn.execute(
                    f"SELECT DISTINCT streamer_id FROM {_q(table)} WHERE streamer_id IS NOT NULL "
                    "AND streamer_id NOT IN (SELECT id FROM streamers)"
                )
            }
    now_ms = int(time.time() * 1000)
    for sid in sorted(wanted):
        name = say("storage", QT_TRANSLATE_NOOP("storage", "Recovered streamer {id}"), id=sid)
        while conn.execute("SELECT 1 FROM streamers WHERE name = ?", (name,)).fetchone():
            name += "'"
        conn.execute(
            "INSERT INTO streamers (id, name, platform, created_ms, uid, account_id, notes, "
            "archived) VALUES (?, ?, NULL, ?, ?, NULL, '', 0)",
            (sid, name, now_ms, str(uuid.uuid4())),
        )
    if wanted:
        out.recreated["streamers"] = len(wanted)


def _recreate_sources(conn: sqlite3.Connection, out: _Salvaged) -> None:
    wanted: dict[int, int] = {}
    for table in ("sample_chunks", "gaps"):
        if not _exists(conn, table):
            continue
        for source_id, session_id in conn.execute(
            f"SELECT source_id, min(session_id) FROM {_q(table)} WHERE source_id IS NOT NULL "
            "AND source_id NOT IN (SELECT id FROM sources) "
            "AND session_id IN (SELECT id FROM live_sessions) GROUP BY source_id"
        ):
            wanted.setdefault(int(source_id), int(session_id))
    for source_id, session_id in sorted(wanted.items()):
        label = say("storage", QT_TRANSLATE_NOOP("storage", "Recovered source {id}"), id=source_id)
        conn.execute(
            "INSERT INTO sources (id, session_id, kind, label, config_json) "
            "VALUES (?, ?, 'recovered', ?, '{}')",
            (source_id, session_id, label),
        )
        if "uid" in {r[1] for r in conn.execute("PRAGMA table_info(sources)")}:
            conn.execute("UPDATE sources SET uid = ? WHERE id = ?", (str(uuid.uuid4()), source_id))
    if wanted:
        out.recreated["sources"] = len(wanted)


def _finish(target: Path, revision: str | None, out: _Salvaged) -> _Salvaged:
    """Bring `target` to the newest schema, leave out what cannot be decoded,
    recount the month sums and count what is there."""
    if revision is not None and revision != SCHEMA_HEAD:
        open_database(sqlite_url(target)).engine.dispose()  # upgrades (in scratch)
    conn = sqlite3.connect(target, isolation_level=None)
    try:
        out.dropped_chunks += _drop_undecodable(conn)
        for table in _table_order(conn):
            out.tables[table] = int(conn.execute(f"SELECT count(*) FROM {_q(table)}").fetchone()[0])
        out.values = int(
            conn.execute("SELECT coalesce(sum(count), 0) FROM sample_chunks").fetchone()[0]
        )
    finally:
        conn.close()
    _recount_months(target)
    return out


def _decodes(blob: object, encoding: object, count: object) -> bool:
    """Whether `chunks.decode(blob, encoding, count)` would work: the same
    conditions, without building the arrays (a fifth of the time: 100 MB of
    chunks are checked in 1.4 s)."""
    if not isinstance(blob, bytes) or not isinstance(count, int):
        return False
    if encoding == chunks.RAW:
        return len(blob) == 8 * count
    if encoding == chunks.ZLIB_DELTA:
        try:
            return len(zlib.decompress(blob)) == 8 * count
        except zlib.error:
            return False
    return False


def _drop_undecodable(conn: sqlite3.Connection) -> int:
    bad: list[tuple[str, int]] = []
    for cid, encoding, count, ts_data, value_data in conn.execute(
        "SELECT id, encoding, count, ts_data, value_data FROM sample_chunks"
    ):
        if not (_decodes(ts_data, encoding, count) and _decodes(value_data, encoding, count)):
            bad.append(("sample_chunks", int(cid)))
    for cid, encoding, minutes, value_data in conn.execute(
        "SELECT id, encoding, minutes, value_data FROM minute_curves"
    ):
        if not _decodes(value_data, encoding, minutes):
            bad.append(("minute_curves", int(cid)))
    for table, cid in bad:
        conn.execute(f"DELETE FROM {_q(table)} WHERE id = ?", (cid,))
    return len(bad)


def _recount_months(target: Path) -> None:
    from sqlalchemy import select

    from app.storage.models import SessionRow, StreamerMonthRow
    from app.storage.months import refresh_months

    engine = make_engine(sqlite_url(target))
    try:
        with engine.begin() as conn:
            keys = {
                (int(s), int(d) // 100)
                for s, d in conn.execute(select(SessionRow.streamer_id, SessionRow.local_day))
            }
            keys |= {
                (int(s), int(m))
                for s, m in conn.execute(
                    select(StreamerMonthRow.streamer_id, StreamerMonthRow.month)
                )
            }
            refresh_months(conn, keys)
    finally:
        engine.dispose()


# -- in use and at open ------------------------------------------------------------------


def rescue_in_place(
    db: Database, problem: FileProblem | None = None, *, wait_s: float = 5.0
) -> DatabaseRescue:
    """`rescue` for an open database found damaged while in use: its
    connections are closed (waiting up to `wait_s` for those checked out to
    come back), the file is moved aside and recovered, and `db.engine` and
    `db.sessions` are bound to the fresh file at the same URL, so a writer or
    a `Repository` made before goes on working. Call it from a thread that
    holds no connection of `db`'s."""
    path = db.sqlite_path
    if path is None:
        raise ValueError("only a SQLite file can be rescued")
    # Whoever connects while the file is moved aside goes through an engine
    # that can only read an existing file (SQLite's mode=ro): it gets an error,
    # and never makes an empty database where the fresh one is to go.
    old = db.engine
    gate = make_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
    db.engine = gate
    db.sessions.configure(bind=gate)
    pool = old.pool
    deadline = time.monotonic() + wait_s
    checkedout = getattr(pool, "checkedout", None)
    while callable(checkedout) and int(checkedout()) > 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    if callable(checkedout) and int(checkedout()) > 0:
        db.engine = old
        db.sessions.configure(bind=old)
        gate.dispose()
        raise DatabaseInUseError(
            QT_TRANSLATE_NOOP(
                "storage",
                "The database at {location} is damaged, but it is still being read. Nothing "
                "was changed yet; Genbo tries again.",
            ),
            location=str(path),
        )
    old.dispose()
    try:
        done = rescue(path, problem or FileProblem(CORRUPT, "SQLite reported damage while in use"))
    finally:
        engine = make_engine(db.url)
        db.engine = engine
        db.sessions.configure(bind=engine)
        gate.dispose()
    db.read_only = False
    db.rescue = done
    db.generation += 1
    return done


def open_or_rescue(url: str) -> tuple[Database, DatabaseRescue | None]:
    """Open the database at `url` as the window and the CLI do: a damaged
    file is rescued (see `rescue`) and the fresh one opened; a -wal that
    went missing is reported; a read-only file or folder opens for browsing
    (`Database.read_only`, see `read_only_notice`). Raises `StorageError`s
    with plain words, nothing changed, for what cannot be used: a folder
    where the file should be (`DatabaseIsFolderError`), a read-only data
    folder with no database in it yet (`FolderNotWritableError`), a lock held
    past the busy timeout (`DatabaseLockedError`), a damaged file that cannot
    be moved; and `NewerDatabaseError` as `open_database` does."""
    path = _sqlite_path(url)
    if path is None:
        return open_database(url), None
    if path.is_dir():
        raise DatabaseIsFolderError(
            QT_TRANSLATE_NOOP(
                "storage",
                "There is a folder at {location}, where Genbo keeps its database file. Nothing "
                "was changed. Move or rename that folder, or start with --data-dir pointing to "
                "another folder.",
            ),
            location=str(path),
        )
    folder = path.parent
    if not path.exists():
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _not_writable(folder, exc.strerror or str(exc)) from exc
        try:  # the real reason (a read-only file system, no permission)
            with tempfile.TemporaryFile(dir=folder):
                pass
        except OSError as exc:
            raise _not_writable(folder, exc.strerror or str(exc)) from exc
        return _open(url, path), None
    problem = check_file(path)
    if problem is not None and problem.kind != WAL_MISSING:
        return _open_rescued(url, path, problem)
    notice = DatabaseRescue(path=path, problem=problem) if problem is not None else None
    try:
        db = _open(url, path)
    except StorageError as exc:
        if isinstance(exc, NewerDatabaseError) or not is_corruption(exc):
            raise
        detail = next((str(e) for e in _chain(exc) if isinstance(e, sqlite3.Error)), str(exc))
        return _open_rescued(url, path, FileProblem(CORRUPT, detail))
    db.rescue = notice
    return db, notice


def _open_rescued(url: str, path: Path, problem: FileProblem) -> tuple[Database, DatabaseRescue]:
    done = rescue(path, problem)
    db = _open(url, path)
    db.rescue = done
    return db, done


def _not_writable(folder: Path, reason: str) -> FolderNotWritableError:
    return FolderNotWritableError(
        QT_TRANSLATE_NOOP(
            "storage",
            "Genbo cannot make its database in {folder}: the folder cannot be written "
            "({error}). Nothing was changed. Make it writable, or start with --data-dir "
            "pointing to another folder.",
        ),
        folder=str(folder),
        error=reason,
    )


def _open(url: str, path: Path) -> Database:
    """`open_database`, read-only where the file or its folder cannot be
    written, with a lock past the busy timeout said as such."""
    read_only = path.exists() and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))
    immutable = read_only and not os.access(path.parent, os.W_OK) and not _wal(path).exists()
    try:
        db = open_database(url, read_only=read_only and not immutable, immutable=immutable)
    except StorageError as exc:
        if is_busy(exc):
            raise _locked(path) from exc
        if not isinstance(exc, NewerDatabaseError) and _cannot_open(exc) and read_only:
            raise _not_writable(path.parent, str(exc.fields.get("error", ""))) from exc
        raise
    if db.read_only:
        log.info("opened %s for reading only", path)
    return db


def _cannot_open(exc: BaseException) -> bool:
    return any(code == _SQLITE_CANTOPEN for code in _codes(exc))
