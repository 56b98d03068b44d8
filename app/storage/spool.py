"""The offline spool: what a recorder could not send to its team server yet.

While the server does not answer (the network is down, the server restarts),
the database writer keeps recording: every commit that fails puts what waited
into this local SQLite file in the data folder, one batch per commit, in the
order it came. Once the server answers, the writer sends the batches oldest
first, each in one server transaction with the points the server holds
already left out, and deletes a batch only after the server committed it:
sending twice (a crash between the two) stores nothing twice, and nothing is
left out. A batch is an emergency file's lines (`app.storage.spill`), zlib
compressed; a Genbo that was closed (or killed) while offline finds its
batches at the next start and sends them then.

One spool per server (its URL without password names the file), so a
laptop that switches teams never sends one team's samples to another.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
import time
import zlib
from pathlib import Path

from app.storage.spill import Spill, parse_spill

SPOOL_FOLDER = "spool"


def spool_path(data_dir: Path, server: str) -> Path:
    """The spool file of the server `server` (its URL without password)."""
    digest = hashlib.sha1(server.encode("utf-8")).hexdigest()[:12]
    return data_dir / SPOOL_FOLDER / f"team-{digest}.sqlite"


class Spool:
    """Batches in order (`seq`), each with how many samples it holds."""

    def __init__(self, path: Path, server: str) -> None:
        self.path = path
        self.server = server
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._conn.execute("PRAGMA journal_mode=WAL")
        # A batch is in the spool once its commit returned: FULL, so a power
        # cut right after it keeps it.
        self._conn.execute("PRAGMA synchronous=FULL")
        self._conn.execute(
            "CREATE TABLE IF NOT EXISTS batches (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
            "made_ms INTEGER NOT NULL, samples INTEGER NOT NULL, body BLOB NOT NULL)"
        )
        self._conn.execute(
            "CREATE TABLE IF NOT EXISTS about (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
        )
        self._conn.execute(
            "INSERT OR IGNORE INTO about (key, value) VALUES ('server', ?)", (server,)
        )

    def append(self, body: str, samples: int) -> int:
        """Keep one batch (an emergency file's text); its sequence number."""
        blob = zlib.compress(body.encode("utf-8"), 1)
        with self._lock:
            cur = self._conn.execute(
                "INSERT INTO batches (made_ms, samples, body) VALUES (?, ?, ?)",
                (int(time.time() * 1000), samples, blob),
            )
            return int(cur.lastrowid or 0)

    def batches(self) -> list[tuple[int, int]]:
        """(seq, samples) of every batch not sent yet, oldest first."""
        with self._lock:
            rows = self._conn.execute("SELECT seq, samples FROM batches ORDER BY seq").fetchall()
        return [(int(s), int(n)) for s, n in rows]

    def read(self, seq: int) -> Spill:
        with self._lock:
            row = self._conn.execute("SELECT body FROM batches WHERE seq = ?", (seq,)).fetchone()
        if row is None:
            raise KeyError(seq)
        text = zlib.decompress(row[0]).decode("utf-8")
        return parse_spill(text.splitlines(), f"{self.path} batch {seq}")

    def remove(self, seqs: list[int]) -> None:
        """Forget batches the server has committed."""
        if not seqs:
            return
        with self._lock:
            self._conn.executemany("DELETE FROM batches WHERE seq = ?", [(s,) for s in seqs])

    def close(self) -> None:
        with self._lock:
            self._conn.close()
