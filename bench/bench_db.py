"""The database write path: Genbo's writer thread against raw sqlite3.

1. Throughput. 30,000 samples × 13 metrics (390,000 rows) handed to the
   `DatabaseWriter` in batches of 10 samples, as a source delivers them, timed
   until all are committed. Baseline, same run, a fresh database with the same
   pragmas: raw `sqlite3` `executemany` of the same rows, one row per value
   into an indexed table (how Genbo stored samples before chunks), in
   transactions of the same size as the writer's commits. Target ≥ 0.33× raw.
2. Commit latency at the live rate: 10 samples a second × 13 metrics for 60 s
   (long enough for every series to fold its small chunks several times),
   each commit timed by the writer. Target p99 ≤ 5 ms. Between commits the
   writer folds small chunks into compressed ones and checkpoints the WAL,
   each in a transaction of its own that no sample waits for; those are timed
   and printed on their own.
"""

from __future__ import annotations

import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.core.metrics import Sample
from app.sources.simulator import LiveShowModel
from app.storage.database import BUSY_TIMEOUT_MS, open_database
from app.storage.repository import Repository
from app.storage.writer import DatabaseWriter

T0 = 1_700_000_000_000
N = 30_000
LIVE_S = 60


def samples(n: int, hz: float = 10.0) -> list[Sample]:
    model = LiveShowModel(seed=3)
    return [Sample(T0 + round(i * 1000 / hz), model.step(1 / hz), "bench") for i in range(n)]


def fresh(folder: Path, name: str) -> tuple[Repository, int, int, Path]:
    path = folder / name
    db = open_database(f"sqlite:///{path}")
    repo = Repository(db)
    info = repo.create_session(repo.get_or_create_streamer("bench"), "", T0, 0)
    src = repo.add_source(info.id, "simulator", "bench")
    return repo, info.id, src.id, path


def genbo_throughput(folder: Path, data: list[Sample]) -> tuple[float, int]:
    repo, sid, src, _ = fresh(folder, "genbo.db")
    writer = DatabaseWriter(repo.db)
    writer.start()
    t0 = time.perf_counter()
    for i in range(0, len(data), 10):
        writer.write_samples(sid, src, data[i : i + 10])
    writer.flush(timeout=600)
    elapsed = time.perf_counter() - t0
    commits = writer.stats().commits
    writer.close()
    repo.db.dispose()
    return elapsed, commits


def raw_throughput(folder: Path, data: list[Sample], batch_rows: int) -> float:
    _, sid, src, path = fresh(folder, "raw.db")
    rows = [(sid, src, s.ts_ms, k, v) for s in data for k, v in s.values.items()]
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA wal_autocheckpoint=0")
    # One row per value, indexed, as Genbo stored samples before chunks.
    conn.execute(
        "CREATE TABLE raw_samples (id INTEGER PRIMARY KEY, session_id INTEGER NOT NULL "
        "REFERENCES live_sessions (id), ts_ms BIGINT NOT NULL, metric VARCHAR(32) NOT NULL, "
        "value BIGINT NOT NULL, source_id INTEGER NOT NULL REFERENCES sources (id))"
    )
    conn.execute("CREATE INDEX ix_raw ON raw_samples (session_id, metric, ts_ms)")
    t0 = time.perf_counter()
    for i in range(0, len(rows), batch_rows):
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO raw_samples (session_id, source_id, ts_ms, metric, value) "
            "VALUES (?, ?, ?, ?, ?)",
            rows[i : i + batch_rows],
        )
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - t0
    conn.close()
    return elapsed


def live_commits(folder: Path) -> tuple[list[float], list[float], list[float]]:
    repo, sid, src, _ = fresh(folder, "live.db")
    writer = DatabaseWriter(repo.db)
    writer.start()
    data = samples(LIVE_S * 10)
    start = time.monotonic()
    for i, s in enumerate(data):
        time.sleep(max(0.0, start + i / 10 - time.monotonic()))
        writer.write_samples(sid, src, [s])
    writer.flush()
    times = writer.commit_times_ms()
    folds = writer.fold_times_ms()
    checkpoints = writer.checkpoint_times_ms()
    writer.close()
    repo.db.dispose()
    return times, folds, checkpoints


def spread(times: list[float]) -> str:
    p99 = statistics.quantiles(times, n=100, method="inclusive")[98]
    return f"median {statistics.median(times):.2f} ms, p99 {p99:.2f} ms, max {max(times):.2f} ms"


def main() -> None:
    data = samples(N)
    rows = sum(len(s.values) for s in data)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        # The live rate first, before the bulk runs leave the disk busy writing back.
        times, folds, checkpoints = live_commits(folder)
        g_time, commits = genbo_throughput(folder, data)
        batch = max(1, round(rows / commits))
        r_time = raw_throughput(folder, data, batch)
        g_rate, r_rate = rows / g_time, rows / r_time
        print(f"rows: {rows:,} ({N:,} samples × 13 metrics), {commits} commits of ~{batch:,} rows")
        print(f"genbo writer      {g_rate:12,.0f} rows/s")
        print(f"raw executemany   {r_rate:12,.0f} rows/s")
        ratio = g_rate / r_rate
        print(f"ratio {ratio:.2f}× raw   target ≥ 0.33×: {'met' if ratio >= 0.33 else 'NOT met'}")
        p99 = statistics.quantiles(times, n=100, method="inclusive")[98]
        print(
            f"live rate (10 Hz × 13 metrics, {LIVE_S} s): {len(times)} commits, "
            f"{spread(times)}   target p99 ≤ 5 ms: {'met' if p99 <= 5 else 'NOT met'}"
        )
        print(f"folds between commits: {len(folds)}, {spread(folds)}")
        print(
            f"WAL checkpoints between commits (every 5 s): {len(checkpoints)}, "
            f"max {max(checkpoints, default=0):.2f} ms"
        )


if __name__ == "__main__":
    main()
