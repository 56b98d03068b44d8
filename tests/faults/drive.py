"""Driving the real `genbo` command and reading what it left, as the fault
cases need it: a running `genbo record` whose output lines are kept with the
moment each arrived, and a database read the way another program would
(plain `sqlite3`, the chunks decoded with `app.storage.chunks`)."""

from __future__ import annotations

import errno
import itertools
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from app.storage import chunks

ROOT = Path(__file__).resolve().parents[2]
DB_NAME = "genbo.db"
SIDE_FILES = ("-wal", "-shm")

TRACEBACK = "Traceback (most recent call last)"
LOGGING_ERROR = "--- Logging error ---"

_PROGRESS = re.compile(r"\bsamples (\d+)\s*$")
COUNT = r"([\d,.]+(?:K|M|万|亿)?)"
"""A count as genbo prints it: 5,215 · 23.2K · 1.23M · 1.2万 (`NumberFormat.count`)."""
_FINISHED = re.compile(rf"^Finished session (\d+): .*?{COUNT} samples\.\s*$")
_UNITS = {"K": 10**3, "M": 10**6, "万": 10**4, "亿": 10**8}


def count_range(text: str) -> tuple[int, int]:
    """The counts a printed count may stand for: "5,215" is 5,215 exactly,
    "23.2K" anything from 23,150 to 23,249."""
    text = text.replace(",", "")
    unit = _UNITS.get(text[-1:], 1)
    digits = text[:-1] if unit > 1 else text
    decimals = len(digits.partition(".")[2])
    value = float(digits) * unit
    if unit == 1:
        return int(value), int(value)
    half = unit / 10**decimals / 2
    return int(value - half + 0.999), int(value + half - 0.001)


def says_count(text: str, n: int) -> bool:
    lo, hi = count_range(text)
    return lo <= n <= hi


def genbo_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment every `genbo` a case starts gets: English, no desktop
    keyring, no window system, unbuffered output (the moment a line arrives
    is the moment it was printed); `extra` on top (HOME, TMPDIR: where
    emergency files go)."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "QT_QPA_PLATFORM": "offscreen"}
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    env["LANG"] = "C.UTF-8"
    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE", "GENBO_DATA_DIR"):
        env.pop(name, None)
    return {**env, **(extra or {})}


def genbo_cmd(data_dir: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "app", "--data-dir", str(data_dir), *args]


def genbo(
    data_dir: Path, *args: str, timeout: float = 60, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """One `genbo` command run to its end."""
    return subprocess.run(
        genbo_cmd(data_dir, *args),
        capture_output=True,
        text=True,
        timeout=timeout,
        env=genbo_env(env),
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
    )


@dataclass(frozen=True)
class Line:
    t: float
    """`time.monotonic()` when it was read."""
    stream: str
    """"out" or "err"."""
    text: str


_RUNNING: weakref.WeakSet[Recording] = weakref.WeakSet()


def kill_leftovers(under: Path) -> None:
    """Kill every `genbo record` left running with its data folder in `under`
    (a case that broke half-way), each by its own pid."""
    for rec in list(_RUNNING):
        if rec.data_dir.is_relative_to(under) and rec.proc.poll() is None:
            rec.proc.send_signal(signal.SIGKILL)
            rec.proc.wait(10)


class Recording:
    """A `genbo record` running in its own process; its stdout and stderr are
    read as they come by two threads, each line stamped."""

    def __init__(self, data_dir: Path, *args: str, env: dict[str, str] | None = None) -> None:
        self.data_dir = data_dir
        self.started = time.monotonic()
        _RUNNING.add(self)
        self.proc = subprocess.Popen(
            genbo_cmd(data_dir, "record", *args),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
            env=genbo_env(env),
            cwd=ROOT,
        )
        self.lines: list[Line] = []
        self._cond = threading.Condition()
        self._open = 2
        self._readers = [
            threading.Thread(target=self._read, args=(s, n), daemon=True)
            for s, n in ((self.proc.stdout, "out"), (self.proc.stderr, "err"))
        ]
        for th in self._readers:
            th.start()

    def _read(self, stream: Iterable[str] | None, name: str) -> None:
        assert stream is not None
        for text in stream:
            with self._cond:
                self.lines.append(Line(time.monotonic(), name, text.rstrip("\n")))
                self._cond.notify_all()
        with self._cond:
            self._open -= 1
            self._cond.notify_all()

    def wait_line(self, seen: Callable[[Line], bool], timeout: float) -> Line | None:
        """The first line (so far or to come) for which `seen` is true; None
        when the process ended, or `timeout` passed, without one."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for line in self.lines:
                    if seen(line):
                        return line
                left = deadline - time.monotonic()
                if left <= 0 or self._open == 0:
                    return None
                self._cond.wait(left)

    def recording(self, timeout: float = 30) -> Line | None:
        """The first progress line (the session is being recorded)."""
        return self.wait_line(lambda ln: ln.stream == "out" and is_progress(ln.text), timeout)

    def send(self, sig: int) -> float:
        """Send a signal; returns when (monotonic)."""
        t = time.monotonic()
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        return t

    def alive(self) -> bool:
        return self.proc.poll() is None

    def finish(self, timeout: float = 60) -> int:
        """Wait for the end (killed when it takes longer) and for its output."""
        try:
            rc = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.send_signal(signal.SIGKILL)
            rc = self.proc.wait(10)
        for th in self._readers:
            th.join(10)
        return rc

    def progress(self, before: float | None = None) -> list[tuple[float, int]]:
        """(when read, samples handed to the writer) of each progress line."""
        with self._cond:
            lines = list(self.lines)
        out = []
        for ln in lines:
            m = _PROGRESS.search(ln.text) if ln.stream == "out" else None
            if m and (before is None or ln.t <= before):
                out.append((ln.t, int(m.group(1))))
        return out

    def finished(self) -> tuple[int, str] | None:
        """(session id, samples as printed) from the "Finished session" line."""
        for ln in self.snapshot():
            m = _FINISHED.match(ln.text)
            if m:
                return int(m.group(1)), m.group(2)
        return None

    def final_count(self) -> int:
        """The samples handed to the writer, as the last progress line says (the
        one printed after the session was stopped; exact, unlike the summary)."""
        return max((n for _, n in self.progress()), default=0)

    def snapshot(self) -> list[Line]:
        with self._cond:
            return list(self.lines)

    def text(self) -> str:
        return "\n".join(ln.text for ln in self.snapshot())


def is_progress(text: str) -> bool:
    return _PROGRESS.search(text) is not None


def traceback_in(*texts: str) -> str:
    """The first line of a traceback (or a logging error) in the output, or ""."""
    for text in texts:
        for marker in (TRACEBACK, LOGGING_ERROR):
            at = text.find(marker)
            if at >= 0:
                tail = text[at:].splitlines()[:80]
                end = next((i for i, ln in enumerate(tail) if i and ln and not ln[0].isspace()), 0)
                ours = [ln.strip() for ln in tail[:end] if 'File "' in ln and "/app/" in ln]
                where = ours[-1].split("/app/", 1)[1].replace('", line', ", line") if ours else ""
                return f"{tail[end] if end else marker}" + (f" at app/{where}" if where else "")
    return ""


def first_line(texts: Iterable[str], wanted: Callable[[str], bool]) -> str:
    for text in texts:
        for ln in text.splitlines():
            if ln.strip() and wanted(ln):
                return ln.strip()
    return ""


# -- the database, as another program reads it -------------------------------------------
Series = dict[tuple[int, int, str], list[tuple[int, int]]]
"""(session, source, metric) → [(ts_ms, value)] in time order."""


def db_file(data_dir: Path) -> Path:
    return data_dir / DB_NAME


def integrity(path: Path) -> str:
    """`PRAGMA integrity_check`'s first line ("ok" when clean), or why the file
    could not be read at all."""
    try:
        conn = sqlite3.connect(path, timeout=10)
        try:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return f"cannot check: {exc}"
    return str(rows[0][0]) if len(rows) == 1 else f"{rows[0][0]} (+{len(rows) - 1} more)"


def read_series(path: Path) -> Series:
    """Every stored sample value of every session, decoded."""
    conn = sqlite3.connect(path, timeout=10)
    try:
        rows = conn.execute(
            "SELECT session_id, source_id, metric, encoding, count, ts_data, value_data "
            "FROM sample_chunks ORDER BY id"
        ).fetchall()
    finally:
        conn.close()
    out: Series = {}
    for session_id, source_id, metric, encoding, count, ts_data, value_data in rows:
        ts = chunks.decode(ts_data, encoding, count).tolist()
        values = chunks.decode(value_data, encoding, count).tolist()
        out.setdefault((session_id, source_id, metric), []).extend(zip(ts, values, strict=True))
    for points in out.values():
        points.sort()
    return out


def sample_times(series: Series, session_id: int | None = None) -> set[int]:
    """The distinct sample times (one per sample of a single source)."""
    return {
        ts for key, points in series.items() if session_id in (None, key[0]) for ts, _ in points
    }


def stored_samples(path: Path, session_id: int | None = None) -> int:
    """How many samples are stored: 0 without a database or sample table."""
    if not path.exists():
        return 0
    try:
        return len(sample_times(read_series(path), session_id))
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return 0
        raise


def session_rows(path: Path) -> list[dict[str, object]]:
    conn = sqlite3.connect(path, timeout=10)
    conn.row_factory = sqlite3.Row
    try:
        return [
            dict(r)
            for r in conn.execute(
                "SELECT id, status, sample_count, started_ms, ended_ms FROM live_sessions"
            )
        ]
    finally:
        conn.close()


def gap_rows(path: Path) -> list[tuple[int, int | None, str]]:
    conn = sqlite3.connect(path, timeout=10)
    try:
        return [
            (int(a), None if b is None else int(b), str(r))
            for a, b, r in conn.execute(
                "SELECT start_ms, end_ms, reason FROM gaps ORDER BY start_ms"
            )
        ]
    finally:
        conn.close()


def is_prefix(copy: Series, final: Series) -> str:
    """ "" when every series in `copy` is the start of the same series in
    `final` (nothing in the copy that the end does not have, in the same
    order); otherwise what differs."""
    for key, points in copy.items():
        later = final.get(key)
        if later is None:
            return f"series {key} is in the copy but not at the end"
        if later[: len(points)] != points:
            n = next(
                (i for i, (a, b) in enumerate(zip(points, later, strict=False)) if a != b),
                min(len(points), len(later)),
            )
            return f"series {key} differs at point {n} of {len(points)}"
    return ""


def copy_files(data_dir: Path, to: Path) -> list[str]:
    """Copy genbo.db, -wal and -shm (those that exist) as they are; returns the
    names copied."""
    to.mkdir(parents=True, exist_ok=True)
    names = []
    for suffix in ("", *SIDE_FILES):
        src = data_dir / (DB_NAME + suffix)
        try:
            data = src.read_bytes()
        except FileNotFoundError:
            continue
        (to / src.name).write_bytes(data)
        names.append(src.name)
    return names


def out_of_order(path: Path) -> str:
    """ "" when every series' points, read chunk by chunk in row order, come in
    strictly increasing time (written in order); otherwise where not."""
    conn = sqlite3.connect(path, timeout=10)
    try:
        rows = conn.execute(
            "SELECT session_id, source_id, metric, id, encoding, count, ts_data "
            "FROM sample_chunks ORDER BY id"
        ).fetchall()
    finally:
        conn.close()
    last: dict[tuple[int, int, str], int] = {}
    for session_id, source_id, metric, row_id, encoding, count, ts_data in rows:
        key = (session_id, source_id, metric)
        ts = chunks.decode(ts_data, encoding, count).tolist()
        before = last.get(key)
        for t in ts:
            if before is not None and t <= before:
                return f"series {key}: {t} after {before} (chunk {row_id})"
            before = t
        if before is not None:
            last[key] = before
    return ""


def steps(times: Iterable[int]) -> set[int]:
    """The distinct steps between consecutive sample times (one: no gap)."""
    ordered = sorted(times)
    return {b - a for a, b in itertools.pairwise(ordered)}


def fill(where: Path) -> Path:
    """Fill the file system holding `where` to the last byte with a filler
    file (returned: delete it to free the space)."""
    filler = where / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        for size in (1 << 20, 1 << 16, 4096, 512, 1):
            block = b"\0" * size
            while True:
                try:
                    os.write(fd, block)
                except OSError as exc:
                    if exc.errno != errno.ENOSPC:
                        raise
                    break
    finally:
        os.close(fd)
    return filler
