"""Team mode at scale: one PostgreSQL server, many recorders (issue 16).

A real PostgreSQL 16 (the tests' `tests/pg.py` cluster: the pgserver wheel's
binaries, 127.0.0.1, a temporary folder), run for the bench with `fsync`,
`synchronous_commit` and `full_page_writes` on (ALTER SYSTEM + reload; the
tests' cluster turns them off), as a team's server runs. Each phase holds
Genbo against raw psycopg doing the same work in the same run:

1. **50 recorders.** 50 separate OS processes, each a Genbo recorder writing to
   the one server: `open_database`, a streamer, a session
   (`Repository(db, operator).create_session`) and its source, a
   `DatabaseWriter`, and once a second one `Sample` of the 13 metrics of
   bench_wall.py's `BENCH_METRICS` (`LiveShowModel` values) with the
   session's summary (`update_summary`, from `SessionStats`, as the
   recorder's heartbeat sends it; the two land in one commit), then
   `flush()` and `close()`. They start together, spread over the second,
   and end one after another (`RECORD_S` s, then one every 0.2 s: sessions
   end while others go on). Each prints its writer's `commit_times_ms()`;
   the commits are counted while all 50 record, and apart while they end
   (each closing recorder folds its 13 series, a transaction each). Then an
   independent reader (psycopg; the chunk blobs decoded as
   app/storage/chunks.py documents them) checks that every session holds
   exactly the samples its process sent, once, value for value. Server CPU:
   the postmaster's and its children's utime + stime (/proc) over the phase,
   as % of one core; what the backends in a transaction wait for is sampled
   from pg_stat_activity. Baseline: 50 processes doing raw psycopg
   `executemany` of the same 13 rows a second, one row per value, into a
   plain indexed table, a transaction a second, the same way (30 s).
   Target: commit p99 ≤ 20 ms, no sample lost or stored twice.
2. **Roster and library at a provider's scale on PostgreSQL.** The year of
   bench_month.py (1,200 streamers × 2026, 440,893 sessions, made once by
   `app.session.demo_history` into SQLite and kept in the temp folder; shared
   with bench_month.py), copied into the server table by table with psycopg
   COPY (ids kept; the schema made by Genbo's migrations), then `VACUUM
   ANALYZE` (what autovacuum does to freshly inserted tables). The median of
   7 runs after one warm-up, SQLite and PostgreSQL in turn: the roster of
   2026-12 as seen on 12-31 (`load_roster`, which the roster window's
   `RosterService.load` and `genbo roster --json` call), ≤ 300 ms; the
   library's first page with its count (`Repository.query_sessions` with the
   window's default query, 200 a page), ≤ 150 ms. Baseline: the same calls
   on the SQLite file holding the same data. The slowest statements of each
   call are printed, and the slowest's EXPLAIN ANALYZE when it takes over a
   quarter of the target. For scale: how fast `sync_databases` (`genbo sync
   --to`) copies 1,000 of that year's sessions to the server.
3. **Offline spool.** A `DatabaseWriter` with an offline spool
   (`app.storage.spool.Spool`); the server is stopped; an hour at 10 Hz ×
   13 metrics (36,000 samples, 468,000 values) goes into the spool, in two
   shapes: handed over in batches of 10 samples as fast as the writer takes
   them (a batch or two in the spool), and as an hour's outage leaves it (a
   batch per failed commit, 5 s of samples each: 720). The server comes back
   just after a failed retry, once the writer retries at its steady offline
   pace (every `RETRY_MAX_S`): the longest wait there is. Timed from the
   moment the server accepts connections until the spool is empty and a
   `flush()` returned. Target ≤ 10 s. Baseline: raw psycopg COPY of the same
   468,000 values as rows into a plain table. The session must then hold
   the 36,000 samples exactly once.

The host may be shared: the CPU pressure (Linux PSI) of each phase is printed
with it. `BENCH_TEAM_PHASES=13` runs only some phases (for trying the script).
"""

from __future__ import annotations

import json
import math
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np

RECORDERS = 50
RECORD_S = 60
RAW_S = 30
"""The raw baseline's run (1,500 commits: enough for its p99)."""
END_SPREAD_S = 10
"""The processes end one after another over this long (process k closes
k × END_SPREAD_S / RECORDERS s later), as sessions end while others go on:
50 recorders closing in the same second (each folding its 13 series, a
transaction each) is a storm no team makes."""
SPOOL_HZ = 10
SPOOL_SAMPLES = 3600 * SPOOL_HZ
REPEATS = 7
CST = timezone(timedelta(hours=8))
T0 = 1_767_225_600_000
"""2026-01-01 UTC: the spooled hour's first sample."""
PHASES = os.environ.get("BENCH_TEAM_PHASES", "123")

RAW_TABLE = (
    "CREATE TABLE raw_samples (id BIGSERIAL PRIMARY KEY, session_id INTEGER NOT NULL, "
    "source_id INTEGER NOT NULL, ts_ms BIGINT NOT NULL, metric VARCHAR(32) NOT NULL, "
    "value BIGINT NOT NULL)"
)
RAW_INDEX = "CREATE INDEX ix_raw_samples ON raw_samples (session_id, metric, ts_ms)"
RAW_INSERT = (
    "INSERT INTO raw_samples (session_id, source_id, ts_ms, metric, value) "
    "VALUES (%s, %s, %s, %s, %s)"
)


def now_ms() -> int:
    return int(time.time() * 1000)


def pct(values: Sequence[float], q: float) -> float:
    v = sorted(values)
    return v[min(len(v) - 1, int(len(v) * q))] if v else float("nan")


def spread(values: Sequence[float]) -> str:
    return (
        f"p50 {statistics.median(values):6.2f} ms, p99 {pct(values, 0.99):6.2f} ms, "
        f"max {max(values):7.2f} ms ({len(values):,})"
    )


def model_values(seed: int, n: int, metrics: Sequence[str], dt: float) -> list[dict[str, int]]:
    """The simulator's readings, the same in every process for a seed."""
    from app.sources.simulator import LiveShowModel

    model = LiveShowModel(seed=seed)
    out = []
    for _ in range(n):
        values = model.step(dt)
        out.append({k: int(values[k]) for k in metrics})
    return out


# -- the processes of phase 1 ----------------------------------------------------------------
def sample_times(index: int, seconds: float) -> int:
    """How many samples process `index` sends (one a second from its offset
    within the second) before it closes, `seconds` after the start."""
    return math.ceil(seconds - index / RECORDERS)


def recorder_process(url: str, index: int, seconds: float, metrics: list[str]) -> None:
    """One Genbo recorder: its session, its writer, a sample a second."""
    from app.core.metrics import Sample
    from app.core.stats import SessionStats
    from app.storage.database import open_database
    from app.storage.repository import Repository, summary_from_stats
    from app.storage.writer import DatabaseWriter

    db = open_database(url)
    repo = Repository(db, f"operator {index:02d}")
    streamer = repo.get_or_create_streamer(f"bench streamer {index:02d}", "douyin")
    started = now_ms()
    info = repo.create_session(streamer, f"bench {index:02d}", started, 480)
    source = repo.add_source(info.id, "simulator", "bench")
    writer = DatabaseWriter(db)
    writer.start()
    values = model_values(index + 1, sample_times(index, seconds), metrics, 1.0)
    stats = SessionStats(started_ms=started)
    print(json.dumps({"ready": info.id}), flush=True)
    sys.stdin.readline()  # everyone ready: go
    cpu0, go = time.process_time(), time.monotonic()
    start = go + index / RECORDERS  # spread over the second
    sent = []
    for i, reading in enumerate(values):
        time.sleep(max(0.0, start + i - time.monotonic()))
        sample = Sample(now_ms(), reading, "simulator")
        writer.write_samples(info.id, source.id, [sample])
        stats.add(sample)
        writer.update_summary(info.id, summary_from_stats(stats.snapshot()))
        sent.append(sample.ts_ms)
    time.sleep(max(0.0, go + seconds - time.monotonic()))
    closing_ms = now_ms()
    flushed = writer.flush(60)
    folds_live = len(writer.fold_times_ms())
    writer.close()
    health = writer.health()
    out = {
        "session": info.id,
        "source": source.id,
        "seed": index + 1,
        "sent": sent,
        "closing_ms": closing_ms,
        "flushed": flushed,
        "ok": health.ok,
        "dropped": health.dropped_samples,
        "commits": writer.commit_times_ms(),
        "folds": writer.fold_times_ms()[:folds_live],
        "folds_at_close": writer.fold_times_ms()[folds_live:],
        "months": writer.month_times_ms(),
        "cpu_s": time.process_time() - cpu0,
    }
    db.engine.dispose()
    print(json.dumps(out), flush=True)


def raw_process(dsn: str, index: int, seconds: float, metrics: list[str]) -> None:
    """The baseline: the same rows, one per value, by plain psycopg."""
    import psycopg

    values = model_values(index + 1, sample_times(index, seconds), metrics, 1.0)
    conn = psycopg.connect(dsn)
    print(json.dumps({"ready": index}), flush=True)
    sys.stdin.readline()
    cpu0, go = time.process_time(), time.monotonic()
    start = go + index / RECORDERS
    times = []
    sent = []
    for i, reading in enumerate(values):
        time.sleep(max(0.0, start + i - time.monotonic()))
        ts = now_ms()
        sent.append(ts)
        rows = [(index, index, ts, k, v) for k, v in reading.items()]
        t0 = time.perf_counter()
        with conn.transaction(), conn.cursor() as cur:
            cur.executemany(RAW_INSERT, rows)
        times.append((time.perf_counter() - t0) * 1000)
    time.sleep(max(0.0, go + seconds - time.monotonic()))
    closing_ms = now_ms()
    conn.close()
    out = {"commits": times, "sent": sent, "closing_ms": closing_ms}
    out["cpu_s"] = time.process_time() - cpu0
    print(json.dumps(out), flush=True)


# -- the server --------------------------------------------------------------------------------
def start_server() -> Any:
    from tests import pg

    cluster = pg.Cluster.create()
    for setting in ("fsync", "synchronous_commit", "full_page_writes"):
        cluster.execute(f"ALTER SYSTEM SET {setting} = on")
    cluster.execute("SELECT pg_reload_conf()")
    return cluster


def server_settings(cluster: Any) -> str:
    import psycopg

    with psycopg.connect(cluster.dsn(), autocommit=True) as conn:
        # The reload is asynchronous: wait until this backend sees it.
        for _ in range(100):
            if conn.execute("SHOW fsync").fetchone() == ("on",):
                break
            time.sleep(0.05)
        names = ("server_version", "fsync", "synchronous_commit", "full_page_writes")
        names += ("shared_buffers", "max_connections")
        shown = [f"{n} {conn.execute(f'SHOW {n}').fetchone()[0]}" for n in names]  # type: ignore[index]
    return ", ".join(shown)


def postmaster_pid(cluster: Any) -> int:
    return int((cluster.data / "postmaster.pid").read_text().splitlines()[0])


def server_cpu_s(pid: int) -> float:
    """CPU seconds of the postmaster, its children alive now, and the children
    it has reaped (cutime, cstime): a backend that ended within the phase
    counts too."""
    tick = os.sysconf("SC_CLK_TCK")

    def fields(p: int | str) -> list[str] | None:
        try:
            text = Path(f"/proc/{p}/stat").read_text()
        except OSError:
            return None
        return text[text.rfind(")") + 2 :].split()

    own = fields(pid)
    assert own is not None, "the server is not running"
    total = sum(int(own[k]) for k in (11, 12, 13, 14))
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            f = fields(entry)
            if f is not None and int(f[1]) == pid:
                total += int(f[11]) + int(f[12])
    return total / tick


def cpu_pressure_us() -> int | None:
    """Microseconds some task waited for a CPU, since boot (Linux PSI)."""
    try:
        line = Path("/proc/pressure/cpu").read_text().splitlines()[0]
    except (OSError, IndexError):
        return None
    return int(line.rsplit("total=", 1)[1])


class Pressure:
    """How much of a stretch of time some task on this machine waited for a
    CPU (ours and anyone else's: the host is shared)."""

    def __enter__(self) -> Pressure:
        self._us, self._t = cpu_pressure_us(), time.monotonic()
        self.share: float | None = None
        return self

    def __exit__(self, *_: object) -> None:
        end = cpu_pressure_us()
        if end is not None and self._us is not None:
            self.share = (end - self._us) / 1e6 / (time.monotonic() - self._t)

    def __str__(self) -> str:
        if self.share is None:
            return "CPU pressure unknown"
        return f"some task waited for a CPU {100 * self.share:.0f} % of the time"


# -- phase 1 -----------------------------------------------------------------------------------
def run_processes(
    mode: str, target: str, seconds: int, metrics: Sequence[str], pid: int, log_dir: Path
) -> tuple[list[dict[str, Any]], float, float]:
    """Start `RECORDERS` processes, wait until all are ready, let them go at
    once; (their results, server CPU seconds, wall seconds of the phase)."""
    procs = []
    for k in range(RECORDERS):
        err = open(log_dir / f"{mode}-{k}.err", "w")  # noqa: SIM115
        run_s = seconds + k * END_SPREAD_S / RECORDERS
        procs.append(
            subprocess.Popen(
                [sys.executable, __file__, mode, target, str(k), str(run_s), ",".join(metrics)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=err,
                text=True,
            )
        )
        err.close()
    for k, p in enumerate(procs):
        assert p.stdout is not None
        line = p.stdout.readline()
        if not line:
            p.wait()
            tail = (log_dir / f"{mode}-{k}.err").read_text()[-3000:]
            raise RuntimeError(f"{mode} process {k} did not start:\n{tail}")
    cpu0, t0 = server_cpu_s(pid), time.monotonic()
    for p in procs:
        assert p.stdin is not None
        p.stdin.write("go\n")
        p.stdin.flush()
    results = []
    for k, p in enumerate(procs):
        out, _ = p.communicate(timeout=seconds + END_SPREAD_S + 120)
        if p.returncode:
            tail = (log_dir / f"{mode}-{k}.err").read_text()[-3000:]
            raise RuntimeError(f"{mode} process {k} failed ({p.returncode}):\n{tail}")
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results, server_cpu_s(pid) - cpu0, time.monotonic() - t0


def decoded(blob: bytes, encoding: str, count: int) -> np.ndarray:
    """A chunk's array, decoded by hand as app/storage/chunks.py documents it."""
    if encoding == "raw":
        arr = np.frombuffer(blob, dtype="<i8")
    elif encoding == "zd":
        arr = np.cumsum(np.frombuffer(zlib.decompress(blob), dtype="<i8"), dtype=np.int64)
    else:
        raise ValueError(f"unknown encoding {encoding!r}")
    assert arr.shape[0] == count, (arr.shape, count)
    return arr


def stored_points(conn: Any, session_id: int) -> dict[tuple[int, str], tuple[np.ndarray, ...]]:
    """Every stored (source, metric) series of a session: (times, values),
    all chunks put together in time order."""
    parts: dict[tuple[int, str], list[tuple[np.ndarray, np.ndarray]]] = {}
    for source, metric, encoding, count, ts, values in conn.execute(
        "SELECT source_id, metric, encoding, count, ts_data, value_data FROM sample_chunks "
        "WHERE session_id = %s",
        (session_id,),
    ):
        parts.setdefault((int(source), str(metric)), []).append(
            (decoded(bytes(ts), encoding, count), decoded(bytes(values), encoding, count))
        )
    out = {}
    for key, chunks in parts.items():
        ts = np.concatenate([c[0] for c in chunks])
        vs = np.concatenate([c[1] for c in chunks])
        order = np.argsort(ts, kind="stable")
        out[key] = (ts[order], vs[order])
    return out


def check_session(
    conn: Any,
    session_id: int,
    source_id: int,
    sent_ts: Sequence[int],
    sent_values: Sequence[dict[str, int]],
    metrics: Sequence[str],
) -> tuple[int, int, int]:
    """(points expected, missing, extra) of one session, series by series,
    value by value: a point twice, or with another value than was sent, or
    in a series nobody wrote, counts as extra."""
    stored = stored_points(conn, session_id)
    expected_ts = np.asarray(sent_ts, dtype=np.int64)
    missing = extra = 0
    for key in set(stored) - {(source_id, m) for m in metrics}:
        extra += len(stored[key][0])  # a series nobody wrote
    for m in metrics:
        ts, vs = stored.get((source_id, m), (np.empty(0, np.int64), np.empty(0, np.int64)))
        want = dict(zip(expected_ts.tolist(), (v[m] for v in sent_values), strict=True))
        seen: set[int] = set()
        for t, v in zip(ts.tolist(), vs.tolist(), strict=True):
            if t in seen or want.get(t) != v:
                extra += 1
            seen.add(t)
        missing += len(set(want) - seen)
    return len(metrics) * len(sent_ts), missing, extra


class WaitSampler:
    """What the server's backends of one database are doing, sampled every
    100 ms from pg_stat_activity while `running` (a light query of its own)."""

    def __init__(self, dsn: str, database: str) -> None:
        import threading
        from collections import Counter

        self.counts: Counter[str] = Counter()
        self._stop = threading.Event()
        self._dsn, self._database = dsn, database
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        import psycopg

        with psycopg.connect(self._dsn, autocommit=True) as conn:
            while not self._stop.wait(0.1):
                for state, _kind, event in conn.execute(
                    "SELECT state, wait_event_type, wait_event FROM pg_stat_activity "
                    "WHERE datname = %s AND pid <> pg_backend_pid() AND state <> 'idle'",
                    (self._database,),
                ):
                    self.counts[f"{state}: {event or 'on CPU'}"] += 1

    def __enter__(self) -> WaitSampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def summary(self) -> str:
        total = sum(self.counts.values())
        return ", ".join(
            f"{name} {100 * n / total:.0f} %" for name, n in self.counts.most_common(4)
        )


def split_commits(results: Sequence[dict[str, Any]]) -> tuple[list[float], list[float]]:
    """The commits while every process was recording (of samples sent before
    the first process began to close), and those after (others ending)."""
    first_end = min(r["closing_ms"] for r in results)
    steady: list[float] = []
    ending: list[float] = []
    for r in results:
        for i, took in enumerate(r["commits"]):
            during = i < len(r["sent"]) and r["sent"][i] < first_end
            (steady if during else ending).append(took)
    return steady, ending


def phase_recorders(cluster: Any, metrics: Sequence[str], rows: list[dict[str, Any]]) -> None:
    import psycopg

    pid = postmaster_pid(cluster)
    log_dir = Path(tempfile.mkdtemp(prefix="genbo-bench-team-"))
    # The raw baseline first, on a database of its own.
    cluster.execute("CREATE DATABASE raw")
    cluster.execute(RAW_TABLE, "raw")
    cluster.execute(RAW_INDEX, "raw")
    with WaitSampler(cluster.dsn(), "raw") as raw_waits, Pressure() as raw_pressure:
        raw, raw_cpu, raw_wall = run_processes(
            "--raw", cluster.dsn("raw"), RAW_S, metrics, pid, log_dir
        )
    raw_steady, raw_ending = split_commits(raw)
    raw_sent = sum(len(r["sent"]) for r in raw) * len(metrics)
    with psycopg.connect(cluster.dsn("raw")) as conn:
        n, distinct = conn.execute(
            "SELECT count(*), count(DISTINCT (session_id, metric, ts_ms)) FROM raw_samples"
        ).fetchone()  # type: ignore[misc]
    print(
        f"  raw executemany, {RECORDERS} processes × {RAW_S}–{RAW_S + END_SPREAD_S} s: "
        f"commit while all {RECORDERS} write {spread(raw_steady)}, "
        f"as they end {spread(raw_ending)}",
        flush=True,
    )
    print(
        f"    {n:,} rows ({distinct:,} distinct, {raw_sent:,} sent); server CPU "
        f"{100 * raw_cpu / raw_wall:4.1f} % of a core; the backends in a transaction were: "
        f"{raw_waits.summary()}; {raw_pressure}"
    )

    cluster.execute("CREATE DATABASE team")
    from app.storage.database import open_database

    open_database(cluster.url("team")).engine.dispose()  # the schema, once
    with WaitSampler(cluster.dsn(), "team") as waits, Pressure() as pressure:
        res, cpu, wall = run_processes(
            "--recorder", cluster.url("team"), RECORD_S, metrics, pid, log_dir
        )
    steady, ending = split_commits(res)
    folds = [t for r in res for t in r["folds"]]
    closing = [t for r in res for t in r["folds_at_close"]]
    months = [t for r in res for t in r["months"]]
    expected = missing = extra = 0
    problems = []
    with psycopg.connect(cluster.dsn("team")) as conn:
        for r in res:
            sent_values = model_values(r["seed"], len(r["sent"]), metrics, 1.0)
            e, m, x = check_session(
                conn, r["session"], r["source"], r["sent"], sent_values, metrics
            )
            expected, missing, extra = expected + e, missing + m, extra + x
            if m or x or not r["flushed"] or not r["ok"] or r["dropped"]:
                problems.append(r["session"])
        sessions = conn.execute(
            "SELECT count(*), count(DISTINCT operator) FROM live_sessions"
        ).fetchone()
    shutil.rmtree(log_dir, ignore_errors=True)  # kept when a process failed (it says where)
    client_cpu = sum(r["cpu_s"] for r in res)
    print(
        f"  Genbo recorders, {RECORDERS} processes × {RECORD_S}–{RECORD_S + END_SPREAD_S} s: "
        f"commit while all {RECORDERS} record {spread(steady)}, as they end "
        f"{spread(ending)}",
        flush=True,
    )
    print(
        f"    server CPU {100 * cpu / wall:4.1f} % of a core ({cpu:.1f} s over {wall:.0f} s); "
        f"the recorders' own {100 * client_cpu / wall:4.1f} % of a core in all; the backends "
        f"in a transaction were: {waits.summary()}; {pressure}"
    )
    print(
        f"    between commits (no sample waits): folds {spread(folds)}; "
        f"month recounts {spread(months)}; at close, the folds of every series "
        f"{spread(closing)}"
    )
    print(
        f"    read back by an independent reader: {sessions[0]} sessions "  # type: ignore[index]
        f"({sessions[1]} operators), {expected:,} points expected, "  # type: ignore[index]
        f"{missing} missing, {extra} extra, twice or changed"
        + (f"; sessions with a problem: {problems}" if problems else "")
    )
    for label, mine, base in (
        (f"all {RECORDERS} recording", steady, raw_steady),
        (f"as 50 end (every {END_SPREAD_S / RECORDERS:g} s)", ending, raw_ending),
    ):
        p99, raw_p99 = pct(mine, 0.99), pct(base, 0.99)
        rows.append(
            {
                "target": f"commit p99 ≤ 20 ms, {label}",
                "measured": f"p99 {p99:.1f} ms (p50 {statistics.median(mine):.1f}, "
                f"max {max(mine):.0f})",
                "baseline": f"executemany p99 {raw_p99:.1f} ms (p50 {statistics.median(base):.1f})",
                "ratio": p99 / raw_p99,
                "met": p99 <= 20,
            }
        )
    rows.append(
        {
            "target": "50 recorders: no sample lost or twice",
            "measured": f"{missing} lost, {extra} extra of {expected:,} points",
            "baseline": f"raw: {n:,} rows, {distinct:,} distinct",
            "ratio": None,
            "met": missing == 0 and extra == 0 and not problems,
        }
    )
    rows.append(
        {
            "target": "50 recorders: server CPU (reported)",
            "measured": f"{100 * cpu / wall:.1f} % of a core",
            "baseline": f"raw {100 * raw_cpu / raw_wall:.1f} % of a core",
            "ratio": (cpu / wall) / (raw_cpu / raw_wall),
            "met": None,
        }
    )


# -- phase 2 -----------------------------------------------------------------------------------
def year_database() -> Path:
    """bench_month.py's year (built once, kept in the temp folder)."""
    import bench_month

    if not bench_month.DB.exists():
        print(f"  (building {bench_month.DB} once, as bench_month.py does)", flush=True)
        bench_month.build()
    return bench_month.DB


def copy_tables(src_path: Path, dsn: str) -> dict[str, int]:
    """Every table of the SQLite file into the server's (made by Genbo's
    migrations), ids kept, by COPY; the foreign keys are not checked row by
    row (`session_replication_role`), the sequences set past the ids."""
    import psycopg

    src = sqlite3.connect(src_path)
    counts: dict[str, int] = {}
    with psycopg.connect(dsn) as conn:
        conn.execute("SET session_replication_role = replica")
        tables = [
            str(r[0])
            for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "AND tablename <> 'alembic_version' ORDER BY tablename"
            )
        ]
        for table in tables:
            cols = [
                str(r[0])
                for r in conn.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_schema = "
                    "'public' AND table_name = %s ORDER BY ordinal_position",
                    (table,),
                )
            ]
            names = ", ".join(f'"{c}"' for c in cols)
            n = 0
            with conn.cursor().copy(f"COPY {table} ({names}) FROM STDIN") as copy:  # type: ignore[arg-type]
                for row in src.execute(f"SELECT {names} FROM {table}"):
                    copy.write_row(row)
                    n += 1
            counts[table] = n
            if "id" in cols:
                conn.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # type: ignore[arg-type]
                    f"(SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
                )
        conn.commit()
    src.close()
    return counts


class Statements:
    """Each statement Genbo sends while `during` runs, with how long it took
    (the engine's cursor events: the bench's own instrument)."""

    def __init__(self, engine: Any) -> None:
        from sqlalchemy import event

        self.active = False
        self.seen: list[tuple[float, str, Any]] = []
        self._t0 = 0.0

        @event.listens_for(engine, "before_cursor_execute")
        def _before(*_: Any) -> None:
            self._t0 = time.perf_counter()

        @event.listens_for(engine, "after_cursor_execute")
        def _after(conn: Any, cursor: Any, statement: str, params: Any, *_: Any) -> None:
            if self.active:
                self.seen.append(((time.perf_counter() - self._t0) * 1000, statement, params))

    def during(self, fn: Callable[[], Any]) -> list[tuple[float, str, Any]]:
        self.seen = []
        self.active = True
        try:
            fn()
        finally:
            self.active = False
        return list(self.seen)


def timed(fn: Callable[[], Any], repeats: int = REPEATS) -> tuple[float, float, Any]:
    """(warm-up ms, median of the next `repeats` ms, the last result)."""
    t0 = time.perf_counter()
    out = fn()
    warm = (time.perf_counter() - t0) * 1000
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return warm, statistics.median(times), out


def short(statement: str) -> str:
    s = " ".join(statement.split())
    head, _, rest = s.partition(" FROM ")
    return (head[:50] + (" …" if len(head) > 50 else "") + " FROM " + rest)[:150]


def explain(dsn: str, statement: str, params: Any) -> str:
    import psycopg

    with psycopg.connect(dsn) as conn:
        rows = conn.execute(
            "EXPLAIN (ANALYZE, BUFFERS) " + statement,  # type: ignore[arg-type]
            params if isinstance(params, dict) else None,
        ).fetchall()
    return "\n".join("        " + str(r[0]) for r in rows)


def phase_year(cluster: Any, rows: list[dict[str, Any]]) -> None:
    from app.core.library import LibraryQuery
    from app.session.roster import load_roster
    from app.storage.database import open_database, sqlite_url
    from app.storage.repository import Repository

    path = year_database()
    cluster.execute("CREATE DATABASE year")
    url, dsn = cluster.url("year"), cluster.dsn("year")
    open_database(url).engine.dispose()  # the schema, by Genbo's migrations
    t0 = time.perf_counter()
    counts = copy_tables(path, dsn)
    copy_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    cluster.execute("VACUUM ANALYZE", "year")
    vacuum_s = time.perf_counter() - t0
    print(
        f"  the year copied to the server in {copy_s:.0f} s by COPY "
        f"({counts.get('live_sessions', 0):,} sessions, {counts.get('streamers', 0):,} "
        f"streamers, {counts.get('sample_chunks', 0):,} sample chunks, "
        f"{sum(counts.values()):,} rows in all); VACUUM ANALYZE {vacuum_s:.1f} s",
        flush=True,
    )

    month, today = 202612, date(2026, 12, 31)
    now = int(datetime(2026, 12, 31, 21, tzinfo=CST).timestamp() * 1000)
    calls: list[tuple[str, str, float, Callable[[Repository], Any]]] = [
        (
            "roster of 2026-12 (load_roster)",
            "roster month view ≤ 300 ms",
            300,
            lambda repo: load_roster(repo, month, today, utc_offset_min=480, now=now),
        ),
        (
            "library first page + count (query_sessions)",
            "library first page ≤ 150 ms",
            150,
            lambda repo: repo.query_sessions(LibraryQuery(limit=200)),
        ),
    ]
    backends = {}
    for name, db_url in (("sqlite", sqlite_url(path)), ("postgresql", url)):
        db = open_database(db_url)
        backends[name] = (db, Repository(db), Statements(db.engine))
    for label, target, limit_ms, call in calls:
        # Warmed up once each, then the two taken in turn (the host's load
        # moves: both see the same).
        results: dict[str, tuple[float, float, Any, list[tuple[float, str, Any]]]] = {}
        warm: dict[str, tuple[float, Any]] = {}
        times: dict[str, list[float]] = {name: [] for name in backends}
        with Pressure() as pressure:
            for name, (_db, repo, _s) in backends.items():
                t0 = time.perf_counter()
                out = call(repo)
                warm[name] = ((time.perf_counter() - t0) * 1000, out)
            for _ in range(REPEATS):
                for name, (_db, repo, _s) in backends.items():
                    t0 = time.perf_counter()
                    call(repo)
                    times[name].append((time.perf_counter() - t0) * 1000)
        for name, (_db, repo, statements) in backends.items():
            sent = statements.during(lambda repo=repo, call=call: call(repo))
            results[name] = (warm[name][0], statistics.median(times[name]), warm[name][1], sent)
        s_med, p_med = results["sqlite"][1], results["postgresql"][1]
        out = results["postgresql"][2]
        size = (
            f"{len(out.rows):,} streamers"
            if hasattr(out, "rows")
            else f"{len(out.sessions)} of {out.total:,}"
        )
        print(
            f"  {label}: PostgreSQL median {p_med:6.1f} ms "
            f"(warm-up {results['postgresql'][0]:.0f}), "
            f"SQLite {s_med:6.1f} ms (warm-up {results['sqlite'][0]:.0f}); {size}; "
            f"{pressure}"
        )
        sent = results["postgresql"][3]
        for took, statement, _params in sorted(sent, key=lambda x: -x[0])[:4]:
            print(f"      {took:6.1f} ms  {short(statement)}")
        print(
            f"      ({len(sent)} statements, {sum(t for t, _, _ in sent):.1f} ms in the "
            f"driver; the rest is Genbo's Python)"
        )
        took, statement, params = max(sent, key=lambda x: x[0])
        if p_med > limit_ms or took > limit_ms / 4:
            print("      the slowest, EXPLAIN ANALYZE:\n" + explain(dsn, statement, params))
        rows.append(
            {
                "target": target + " (PostgreSQL)",
                "measured": f"median {p_med:.0f} ms",
                "baseline": f"SQLite, same data: {s_med:.0f} ms",
                "ratio": p_med / s_med,
                "met": p_med <= limit_ms,
            }
        )
    # What the library also reads when it opens (its filters' lists), for scale.
    for name, (_db, repo, _s) in backends.items():
        _w, plat, _ = timed(repo.platforms, 3)
        _w, ops, _ = timed(repo.operators, 3)
        print(
            f"  (for scale, {name}) the library's platform list {plat:.1f} ms, "
            f"operators {ops:.1f} ms"
        )
    for db, _r, _s in backends.values():
        db.engine.dispose()
    sync_rate(path, cluster)


def sync_rate(path: Path, cluster: Any, sessions: int = 1000) -> None:
    """For scale: `genbo sync --to`'s copy (`sync_databases`) of `sessions`
    of the year's sessions (spread over it) into an empty server database."""
    try:
        from app.storage.sync import sync_databases
    except ImportError as exc:
        print(f"  (for scale) sync_databases: not importable ({exc})")
        return
    from app.storage.database import open_database, sqlite_url

    src = open_database(sqlite_url(path), read_only=True)
    with sqlite3.connect(path) as conn:
        every = [str(r[0]) for r in conn.execute("SELECT uid FROM live_sessions ORDER BY id")]
    total = len(every)
    uids = every[:: max(1, total // sessions)][:sessions]  # spread over the year
    cluster.execute("CREATE DATABASE synced")
    dst = open_database(cluster.url("synced"))
    try:
        result = sync_databases(src, dst, session_uids=uids)
        again = sync_databases(src, dst, session_uids=uids)
    except Exception as exc:  # reported, not a target
        print(f"  (for scale) sync_databases failed: {exc!r}")
        return
    finally:
        src.engine.dispose()
        dst.engine.dispose()
    per = result.seconds / max(1, result.sessions_done)
    per_again = again.seconds / max(1, again.sessions_done)
    print(
        f"  (for scale) sync_databases, {result.sessions_done:,} of the year's sessions to "
        f"an empty server database: {result.seconds:.1f} s ({1000 * per:.1f} ms a session, "
        f"{result.samples:,} samples), again {again.seconds:.1f} s: the whole year "
        f"({total:,}) would take about {per * total / 60:.0f} min, again "
        f"{per_again * total / 60:.0f} min"
    )


# -- phase 3 -----------------------------------------------------------------------------------
class Calls:
    """Times each call of a method on its class (nothing in Genbo changes)."""

    def __init__(self, cls: type, name: str) -> None:
        self.calls: list[tuple[float, float, Any]] = []
        self.original = original = getattr(cls, name)
        calls = self.calls

        def timed_call(obj: Any, *args: Any) -> Any:
            t0 = time.perf_counter()
            result = original(obj, *args)
            calls.append((t0, time.perf_counter() - t0, result))
            return result

        self.wrapper = timed_call
        setattr(cls, name, timed_call)


def spool_run(
    cluster: Any, name: str, metrics: Sequence[str], per_batch: int | None
) -> dict[str, Any]:
    """One writer, one hour at 10 Hz into its spool while the server is
    down, then the server back: how long until it is all sent. `per_batch`:
    None hands the hour over as fast as the writer takes it (a batch or two);
    a number spools it the way an hour's outage does, one batch per failed
    commit, each `per_batch` samples (for filling it quickly, the writer's
    retry wait is made short meanwhile, and put back before the server
    returns)."""
    import psycopg

    import app.storage.writer as writer_module
    from app.core.metrics import Sample
    from app.storage.database import open_database
    from app.storage.repository import Repository
    from app.storage.spool import Spool
    from app.storage.writer import RETRY_MAX_S, DatabaseWriter, retry_delay_s

    sends = Calls(DatabaseWriter, "_send_spooled")
    cluster.execute(f"CREATE DATABASE {name}")
    db = open_database(cluster.url(name))
    repo = Repository(db, "operator spool")
    streamer = repo.get_or_create_streamer("bench offline", "douyin")
    info = repo.create_session(streamer, "an hour offline", T0, 480)
    source = repo.add_source(info.id, "simulator", "bench")
    values = model_values(99, SPOOL_SAMPLES, metrics, 1 / SPOOL_HZ)
    samples = [
        Sample(T0 + i * 1000 // SPOOL_HZ, values[i], "simulator") for i in range(SPOOL_SAMPLES)
    ]
    folder = Path(tempfile.mkdtemp(prefix="genbo-bench-spool-"))
    spool = Spool(folder / "spool" / "team-bench.sqlite", "bench")
    writer = DatabaseWriter(db, spool=spool)
    writer.start()
    cluster.stop()
    t0 = time.perf_counter()

    def wait_spooled(n: int) -> None:
        while writer.health().spooled_samples < n:
            if time.perf_counter() - t0 > 180:
                raise RuntimeError(f"the spool holds only {writer.health().spooled_samples}")
            time.sleep(0.002)

    if per_batch is None:
        for i in range(0, SPOOL_SAMPLES, SPOOL_HZ):
            writer.write_samples(info.id, source.id, samples[i : i + SPOOL_HZ])
        wait_spooled(SPOOL_SAMPLES)
    else:
        # Filled quickly: short retry waits, and no try at sending meanwhile
        # (an offline writer's retry reads the spool before it finds the
        # server gone: the fill would grow with the square of the batches).
        writer_module.retry_delay_s = lambda failures: 0.005  # type: ignore[assignment]
        DatabaseWriter._send_spooled = lambda self, backlog: False  # type: ignore[method-assign]
        try:
            for i in range(0, SPOOL_SAMPLES, per_batch):
                for j in range(i, min(SPOOL_SAMPLES, i + per_batch), SPOOL_HZ):
                    writer.write_samples(info.id, source.id, samples[j : j + SPOOL_HZ])
                wait_spooled(min(SPOOL_SAMPLES, i + per_batch))
        finally:
            writer_module.retry_delay_s = retry_delay_s
            DatabaseWriter._send_spooled = sends.wrapper  # type: ignore[method-assign]
    spooled = time.perf_counter() - t0
    # Offline for long: the writer retries at its steady pace (every
    # RETRY_MAX_S; the ramp of shorter waits is over), and the server comes
    # back just after a failed retry: the longest wait there can be.
    filled, deadline = len(sends.calls), time.monotonic() + 60
    while retry_delay_s(writer._failures) < RETRY_MAX_S or len(sends.calls) == filled:
        time.sleep(0.005)  # (the writer's count of failed commits: read only)
        if time.monotonic() > deadline:
            raise RuntimeError("the offline writer does not retry")
    seen = len(sends.calls)
    while len(sends.calls) == seen:
        time.sleep(0.002)
        if time.monotonic() > deadline + 10:
            raise RuntimeError("the offline writer does not retry")
    offline_try_ms = sends.calls[-1][1] * 1000
    batches = len(spool.batches())
    mib = sum(p.stat().st_size for p in spool.path.parent.iterdir()) / 2**20
    t_start = time.perf_counter()
    cluster.start()
    t_up = time.perf_counter()
    while writer.health().spooled_samples:
        if time.perf_counter() - t_up > 120:
            raise RuntimeError("the spool was not sent within 120 s")
        time.sleep(0.005)
    emptied = time.perf_counter()
    flushed = writer.flush(60)
    t_done = time.perf_counter()
    writer.close()
    after = [(t, d, r) for t, d, r in sends.calls if t + d >= t_up]
    good = [(t, d) for t, d, r in after if r]
    out = {
        "batches": batches,
        "mib": mib,
        "spooled_s": spooled,
        "start_s": t_up - t_start,
        "emptied_s": emptied - t_up,
        "total_s": t_done - t_up,
        "flushed": flushed,
        "wait_s": after[0][0] - t_up if after else float("nan"),
        "send_s": sum(d for _, d in good),
        "transactions": len(good),
        "failed_tries": len(after) - len(good),
        "offline_try_ms": offline_try_ms,
    }
    with psycopg.connect(cluster.dsn(name)) as conn:
        ts = [s.ts_ms for s in samples]
        out["expected"], out["missing"], out["extra"] = check_session(
            conn, info.id, source.id, ts, values, metrics
        )
    left = sqlite3.connect(spool.path)
    out["left"] = left.execute("SELECT count(*) FROM batches").fetchone()[0]
    left.close()
    shutil.rmtree(folder, ignore_errors=True)
    db.engine.dispose()
    setattr(DatabaseWriter, "_send_spooled", sends.original)  # noqa: B010
    return out


def phase_spool(cluster: Any, metrics: Sequence[str], rows: list[dict[str, Any]]) -> None:
    import psycopg

    from app.storage.writer import RETRY_MAX_S

    runs = []
    for label, name, per_batch in (
        ("handed over at once", "spool_at_once", None),
        (f"a batch per failed commit, {RETRY_MAX_S:g} s each", "spool_outage", 50),
    ):
        r = spool_run(cluster, name, metrics, per_batch)
        runs.append((label, r))
        print(
            f"  {label}: {SPOOL_SAMPLES:,} samples in the spool after {r['spooled_s']:.1f} s "
            f"({r['batches']} batches, {r['mib']:.1f} MiB); a retry while offline "
            f"{r['offline_try_ms']:.0f} ms; server back in {r['start_s']:.2f} s"
        )
        print(
            f"    spool empty {r['emptied_s']:.2f} s after the server was up, flush() returned "
            f"{r['flushed']} after {r['total_s']:.2f} s: the writer's next retry came after "
            f"{r['wait_s']:.2f} s (offline it retries every {RETRY_MAX_S:g} s), the sending took "
            f"{r['send_s']:.2f} s in {r['transactions']} transaction(s)"
            + (f", {r['failed_tries']} tries failed" if r["failed_tries"] else "")
        )
        print(
            f"    read back: {r['expected']:,} points expected, {r['missing']} missing, "
            f"{r['extra']} extra, twice or changed; {r['left']} batches left in the spool",
            flush=True,
        )

    # Baseline: the same 468,000 values as rows, by COPY.
    from app.core.metrics import Sample

    values = model_values(99, SPOOL_SAMPLES, metrics, 1 / SPOOL_HZ)
    samples = [
        Sample(T0 + i * 1000 // SPOOL_HZ, values[i], "simulator") for i in range(SPOOL_SAMPLES)
    ]
    cluster.execute("CREATE TABLE copied (session_id INTEGER, source_id INTEGER, "
                    "ts_ms BIGINT, metric VARCHAR(32), value BIGINT)", "spool_outage")  # fmt: skip
    raw = [(1, 1, s.ts_ms, k, v) for s in samples for k, v in s.values.items()]
    with psycopg.connect(cluster.dsn("spool_outage")) as conn:
        t0 = time.perf_counter()
        with conn.cursor().copy("COPY copied FROM STDIN") as copy:
            for row in raw:
                copy.write_row(row)
        conn.commit()
        copy_s = time.perf_counter() - t0
    print(f"  raw COPY of the {len(raw):,} values as rows: {copy_s:.2f} s")
    for _label, r in runs:
        rows.append(
            {
                "target": f"spool sent ≤ 10 s, {r['batches']} batch"
                + ("" if r["batches"] == 1 else "es"),
                "measured": f"{r['total_s']:.1f} s (retry wait {r['wait_s']:.1f} + sending "
                f"{r['send_s']:.1f} = {r['send_s'] / copy_s:.1f}× COPY)",
                "baseline": f"raw COPY of {len(raw):,} values {copy_s:.1f} s",
                "ratio": r["total_s"] / copy_s,
                "met": r["total_s"] <= 10 and r["flushed"],
            }
        )
    rows.append(
        {
            "target": "spool: every sample stored once",
            "measured": ", ".join(f"{r['missing']} lost, {r['extra']} extra" for _, r in runs)
            + f" of {runs[0][1]['expected']:,} points",
            "baseline": "—",
            "ratio": None,
            "met": all(r["missing"] == 0 and r["extra"] == 0 and r["left"] == 0 for _, r in runs),
        }
    )


def main() -> None:
    from bench_wall import BENCH_METRICS

    print(
        f"Team server: one PostgreSQL on 127.0.0.1, {os.cpu_count()} cores here "
        f"(load average {os.getloadavg()[0]:.1f} at the start)",
        flush=True,
    )
    cluster = start_server()
    rows: list[dict[str, Any]] = []
    t_all = time.perf_counter()
    try:
        print(f"  {server_settings(cluster)} (set for this bench by ALTER SYSTEM)", flush=True)
        phases: list[tuple[str, str, Callable[[], None]]] = [
            ("1", "50 recorders writing to one server",
             lambda: phase_recorders(cluster, BENCH_METRICS, rows)),
            ("2", "the roster and the library over 1,200 streamers × a year",
             lambda: phase_year(cluster, rows)),
            ("3", "an hour at 10 Hz in the offline spool, sent once the server is back",
             lambda: phase_spool(cluster, BENCH_METRICS, rows)),
        ]  # fmt: skip
        for key, title, run in phases:
            if key in PHASES:
                t0 = time.perf_counter()
                print(f"{key}. {title} (load average {os.getloadavg()[0]:.1f})", flush=True)
                run()
                print(f"   ({time.perf_counter() - t0:.0f} s)", flush=True)
    finally:
        cluster.destroy()
    print(f"\nTeam server, in {time.perf_counter() - t_all:.0f} s")
    print(f"  {'target':<46} {'measured':<54} {'baseline (same run)':<40} ratio")
    for r in rows:
        ratio = f"{r['ratio']:5.2f}×" if r["ratio"] is not None else "   — "
        met = "—" if r["met"] is None else ("met" if r["met"] else "NOT met")
        print(f"  {r['target']:<46} {r['measured']:<54} {r['baseline']:<40} {ratio}  {met}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] in ("--recorder", "--raw"):
        mode, target, index, seconds, metric_list = sys.argv[1:6]
        run = recorder_process if mode == "--recorder" else raw_process
        run(target, int(index), float(seconds), metric_list.split(","))
    else:
        main()
