"""Samples stored as chunks: the codec, the writer's chunking, reading back,
and the upgrade of a database that still holds one row per value."""

from __future__ import annotations

import random
import sqlite3
import time
from pathlib import Path

import numpy as np
import pytest
from alembic import command

from app.core.metrics import Sample
from app.storage import chunks
from app.storage.database import (
    SCHEMA_HEAD,
    StorageError,
    _alembic_config,
    open_database,
    sqlite_url,
)
from app.storage.repository import Repository
from app.storage.writer import DatabaseWriter

T0 = 1_700_000_000_000
P = chunks.CHUNK_POINTS


@pytest.mark.parametrize("encoding", chunks.ENCODINGS)
def test_codec_round_trips_exactly(encoding: str) -> None:
    rng = np.random.default_rng(3)
    cases = [
        np.array([], dtype=np.int64),
        np.array([42], dtype=np.int64),
        T0 + np.arange(0, 100 * P, 100, dtype=np.int64),
        rng.integers(-(2**62), 2**62, size=1000, dtype=np.int64),
        np.array([2**63 - 1, -(2**63), 0, 2**63 - 1], dtype=np.int64),  # deltas wrap
    ]
    for arr in cases:
        blob = chunks.encode(arr, encoding)
        assert np.array_equal(chunks.decode(blob, encoding, arr.shape[0]), arr)
        if encoding == chunks.RAW:
            assert chunks.encode_raw(arr.tolist()) == blob


def test_steady_times_compress_to_almost_nothing() -> None:
    ts = T0 + np.arange(0, 100 * P, 100, dtype=np.int64)
    assert len(chunks.encode(ts, chunks.ZLIB_DELTA)) < 100 < len(chunks.encode(ts, chunks.RAW))


def test_damaged_or_unknown_chunks_are_refused() -> None:
    blob = chunks.encode([1, 2, 3], chunks.ZLIB_DELTA)
    with pytest.raises(chunks.ChunkFormatError, match="damaged"):
        chunks.decode(blob[:-3], chunks.ZLIB_DELTA, 3)
    with pytest.raises(chunks.ChunkFormatError, match="holds 3 values, not 4"):
        chunks.decode(blob, chunks.ZLIB_DELTA, 4)
    with pytest.raises(chunks.ChunkFormatError, match="unknown chunk encoding"):
        chunks.decode(blob, "lz9", 3)
    with pytest.raises(chunks.ChunkFormatError, match="unknown chunk encoding"):
        chunks.encode([1], "lz9")


def _chunk_rows(path: Path) -> list[tuple[str, int, str]]:
    with sqlite3.connect(path) as conn:
        return conn.execute(
            "select metric, count, encoding from sample_chunks order by metric, id"
        ).fetchall()


def test_writer_folds_small_chunks_into_compressed_ones(repo, writer, data_dir) -> None:
    info = repo.create_session(repo.get_or_create_streamer("a"), "", T0, 0)
    src = repo.add_source(info.id, "simulator", "Simulator")
    n = 2 * P + 100
    samples = [Sample(T0 + 100 * i, {"viewers": i, "gmv": 7 * i}, "simulator") for i in range(n)]
    for k in range(0, n, 37):  # commits of every size across the chunk edges
        writer.write_samples(info.id, src.id, samples[k : k + 37])
        writer.flush()
    rows = _chunk_rows(data_dir / "genbo.db")
    for metric in ("gmv", "viewers"):
        mine = [(c, e) for m, c, e in rows if m == metric]
        assert sum(c for c, _ in mine) == n, "every point stored once"
        folded = [c for c, e in mine if e == chunks.ZLIB_DELTA]
        assert folded[:2] == [P, P] and len(folded) <= 3, "folds fill whole chunks"
        assert sum(1 for _, e in mine if e == chunks.RAW) < 8, "small chunks were folded"
    assert repo.load_samples(info.id) == samples
    cols = repo.load_columns(info.id)
    assert cols.sample_count() == n and cols.value_count() == 2 * n
    assert repo.value_count(info.id) == 2 * n
    assert repo.last_sample_ms(info.id) == T0 + 100 * (n - 1)


def test_one_big_commit_is_stored_as_full_chunks(repo, writer, data_dir) -> None:
    info = repo.create_session(repo.get_or_create_streamer("a"), "", T0, 0)
    src = repo.add_source(info.id, "simulator", "Simulator")
    n = 3 * P + 10
    samples = [Sample(T0 + i, {"viewers": i, "gmv": i, "orders": i}, "simulator") for i in range(n)]
    writer.write_samples(info.id, src.id, samples)
    writer.flush()
    rows = _chunk_rows(data_dir / "genbo.db")
    for metric in ("gmv", "orders", "viewers"):  # every series at once, not one per commit
        got = [(c, e) for m, c, e in rows if m == metric]
        assert got == [(P, chunks.ZLIB_DELTA)] * 3 + [(10, chunks.ZLIB_DELTA)]
    assert repo.load_samples(info.id) == samples


def _encodings(path: Path) -> dict[str, list[str]]:
    by_metric: dict[str, list[str]] = {}
    for metric, _count, encoding in _chunk_rows(path):
        by_metric.setdefault(metric, []).append(encoding)
    return by_metric


def _steady(repo, writer, keys: tuple[str, ...], commits: int, t0: int = T0) -> list[Sample]:
    info = repo.create_session(repo.get_or_create_streamer("a"), "", t0, 0)
    src = repo.add_source(info.id, "simulator", "Simulator")
    samples = [Sample(t0 + i, dict.fromkeys(keys, i), "simulator") for i in range(commits)]
    for s in samples:  # one sample a commit: every series falls due at the same commit
        writer.write_samples(info.id, src.id, [s])
        writer.flush()
    return samples


def test_at_a_steady_rate_series_fold_one_between_commits(repo, writer, data_dir) -> None:
    from app.storage.writer import SMALL_CHUNKS_MAX

    keys = ("viewers", "gmv", "orders", "likes")
    samples = _steady(repo, writer, keys, SMALL_CHUNKS_MAX)
    stored = _encodings(data_dir / "genbo.db")
    folded = [m for m, encs in stored.items() if chunks.ZLIB_DELTA in encs]
    assert len(folded) == 1, "only one series folded after the commit where all fell due"
    assert stored[folded[0]] == [chunks.ZLIB_DELTA], "its small chunks were replaced"
    assert all(stored[m] == [chunks.RAW] * SMALL_CHUNKS_MAX for m in keys if m not in folded)
    for k in range(len(keys) - 1):  # the others, one after each of the next commits
        writer.write_samples(1, 1, [Sample(T0 + 10_000 + k, dict.fromkeys(keys, k), "simulator")])
        writer.flush()
        stored = _encodings(data_dir / "genbo.db")
        assert sum(chunks.ZLIB_DELTA in encs for encs in stored.values()) == k + 2
    assert repo.load_samples(1)[: len(samples)] == samples
    assert len(writer.fold_times_ms()) == len(keys)
    assert len(writer.commit_times_ms()) == len(samples) + len(keys) - 1


def test_series_far_behind_fold_several_between_commits(
    repo, writer, data_dir, monkeypatch
) -> None:
    import app.storage.writer as writer_module
    from app.core.metrics import CATALOGUE
    from app.storage.writer import SMALL_CHUNKS_MAX

    # The rule, not the time budget that bounds it (a busy machine may spend
    # the budget on fewer folds: a series is then left for the next commit).
    monkeypatch.setattr(writer_module, "FOLD_BUDGET_S", 60.0)

    # Three sources of every metric: more series than one fold per commit
    # can keep up with, so series that reach twice the limit fold together.
    info = repo.create_session(repo.get_or_create_streamer("a"), "", T0, 0)
    sources = [repo.add_source(info.id, "http", f"HTTP {k}").id for k in range(3)]
    keys = tuple(m.key for m in CATALOGUE)
    series = len(sources) * len(keys)
    assert series > SMALL_CHUNKS_MAX
    commits = 2 * SMALL_CHUNKS_MAX + 1
    for i in range(commits):
        for src in sources:
            writer.write_samples(info.id, src, [Sample(T0 + i, dict.fromkeys(keys, i), "http")])
        writer.flush()
    with sqlite3.connect(data_dir / "genbo.db") as conn:
        raw = conn.execute(
            "select count(*) from sample_chunks where encoding = 'raw' group by source_id, metric"
        ).fetchall()
    assert max(n for (n,) in raw) <= 2 * SMALL_CHUNKS_MAX, "no series left further behind"
    assert len(writer.fold_times_ms()) >= series, "every series folded once"
    cols = repo.load_columns(info.id)
    assert cols.value_count() == commits * series


def test_an_ended_session_and_a_closed_writer_leave_no_small_chunks(repo, db, data_dir) -> None:
    w = DatabaseWriter(db)
    w.start()
    a = _steady(repo, w, ("viewers", "gmv"), 5)
    b = _steady(repo, w, ("orders",), 5, t0=T0 + 60_000)
    assert w.flush(fold_session=1)
    stored = _encodings(data_dir / "genbo.db")
    assert stored["viewers"] == stored["gmv"] == [chunks.ZLIB_DELTA], "session 1 folded"
    assert stored["orders"] == [chunks.RAW] * 5, "session 2 goes on as it was"
    w.close()
    assert _encodings(data_dir / "genbo.db")["orders"] == [chunks.ZLIB_DELTA]
    assert repo.load_samples(1) == a and repo.load_samples(2) == b


def test_late_points_come_back_in_time_order(repo, writer) -> None:
    info = repo.create_session(repo.get_or_create_streamer("a"), "", T0, 0)
    src = repo.add_source(info.id, "http", "HTTP")
    times = list(range(0, 3 * P))
    random.Random(5).shuffle(times)
    for t in times:
        writer.write_samples(info.id, src.id, [Sample(T0 + t, {"viewers": t})])
    writer.flush()
    col = repo.load_columns(info.id).merged("viewers")
    assert col.ts_ms.tolist() == [T0 + t for t in range(3 * P)]
    assert col.raw.tolist() == list(range(3 * P))


def test_a_failed_commit_does_not_store_the_open_chunk_twice(
    repo, db, data_dir, short_busy_timeout
) -> None:
    errors: list[str] = []
    w = DatabaseWriter(db, commit_interval_s=0.05, on_error=errors.append)
    w.start()
    info = repo.create_session(repo.get_or_create_streamer("a"), "", T0, 0)
    src = repo.add_source(info.id, "simulator", "Simulator")
    first = [Sample(T0 + i, {"viewers": i}, "simulator") for i in range(P - 5)]
    w.write_samples(info.id, src.id, first)
    assert w.flush()
    blocker = sqlite3.connect(data_dir / "genbo.db", timeout=0)
    blocker.execute("PRAGMA busy_timeout=0")
    blocker.execute("BEGIN IMMEDIATE")
    try:
        # Enough to close the open chunk and start the next one, while the
        # commit keeps failing.
        more = [Sample(T0 + P + i, {"viewers": P + i}, "simulator") for i in range(20)]
        w.write_samples(info.id, src.id, more)
        deadline = time.monotonic() + 8
        while not errors and time.monotonic() < deadline:
            time.sleep(0.05)
        assert errors, "the writer reports the failure"
    finally:
        blocker.rollback()
        blocker.close()
    assert w.flush(timeout=10)
    w.close()
    assert repo.load_samples(info.id) == first + more
    stored = _chunk_rows(data_dir / "genbo.db")
    assert sum(c for _m, c, _e in stored) == len(first + more), "nothing stored twice"


def test_a_resumed_series_starts_a_new_chunk(repo, db) -> None:
    info = repo.create_session(repo.get_or_create_streamer("a"), "", T0, 0)
    src = repo.add_source(info.id, "simulator", "Simulator")
    for part in range(3):  # three recorder runs, as after two crashes
        w = DatabaseWriter(db)
        w.start()
        w.write_samples(
            info.id, src.id, [Sample(T0 + 1000 * part + i, {"orders": part}) for i in range(10)]
        )
        w.close()
    col = repo.load_columns(info.id).merged("orders")
    assert col.raw.tolist() == [0] * 10 + [1] * 10 + [2] * 10


def test_a_damaged_chunk_is_reported_not_guessed(repo, writer, data_dir) -> None:
    info = repo.create_session(repo.get_or_create_streamer("a"), "", T0, 0)
    src = repo.add_source(info.id, "simulator", "Simulator")
    writer.write_samples(info.id, src.id, [Sample(T0 + i, {"viewers": i}) for i in range(P)])
    writer.flush()
    with sqlite3.connect(data_dir / "genbo.db") as conn:
        conn.execute("update sample_chunks set value_data = x'00ff'")
    with pytest.raises(StorageError, match=r"could not be read.*damaged.*restore a backup"):
        repo.load_columns(info.id)


def test_upgrading_keeps_every_stored_value(tmp_path: Path) -> None:
    path = tmp_path / "v2.db"
    cfg = _alembic_config()
    cfg.set_main_option("sqlalchemy.url", sqlite_url(path))
    command.upgrade(cfg, "0002")  # one row per value, as Genbo stored samples before
    rng = random.Random(11)
    rows = []
    for i in range(1200):
        ts = T0 + 100 * i
        rows.append((1, 1, ts, "viewers", rng.randrange(10_000)))
        rows.append((1, 1, ts, "gmv", 100 * i))
        if i % 3 == 0:
            rows.append((1, 2, ts, "viewers", rng.randrange(10_000)))
    rows.append((1, 1, T0 + 50, "viewers", 77))  # stored late: comes back in time order
    with sqlite3.connect(path) as conn:
        conn.execute("insert into streamers (name, created_ms) values ('老主播', 1)")
        conn.execute(
            "insert into live_sessions (streamer_id, title, started_ms, utc_offset_min, status, "
            "app_version, duration_s, sample_count) values (1, 'old', ?, 480, 'ended', '0.1', "
            "120, 1200)",
            (T0,),
        )
        conn.executemany(
            "insert into sources (session_id, kind, label, config_json) values (1, ?, ?, '{}')",
            [("simulator", "s"), ("http", "h")],
        )
        conn.executemany(
            "insert into samples (session_id, source_id, ts_ms, metric, value) "
            "values (?, ?, ?, ?, ?)",
            rows,
        )
    with sqlite3.connect(path) as conn:
        before = conn.execute("pragma page_count").fetchone()[0]
    open_database(sqlite_url(tmp_path / "empty.db")).dispose()
    with sqlite3.connect(tmp_path / "empty.db") as conn:
        schema_pages = conn.execute("pragma page_count").fetchone()[0]
    db = open_database(sqlite_url(path))
    try:
        assert db.backup_path is not None and db.backup_path.exists()
        with sqlite3.connect(path) as conn:
            version = conn.execute("select version_num from alembic_version").fetchone()[0]
            assert version == SCHEMA_HEAD
            tables = {r[0] for r in conn.execute("select name from sqlite_master")}
            assert conn.execute("pragma freelist_count").fetchone()[0] == 0, "compacted"
            after = conn.execute("pragma page_count").fetchone()[0]
        # What the data takes beyond the newest schema's own tables and indexes.
        assert after - schema_pages < before / 2, "the old table's space was given back"
        assert "samples" not in tables and "sample_chunks" in tables
        cols = Repository(db).load_columns(1)
        assert [s.source for s in cols.sources] == ["simulator", "http"]
        for src_index, src_id in enumerate((1, 2)):
            for metric in ("viewers", "gmv"):
                want = sorted(
                    ((t, v) for s, q, t, m, v in rows if q == src_id and m == metric),
                    key=lambda tv: tv[0],
                )
                col = cols.sources[src_index].series.get(metric)
                got = [] if col is None else list(zip(col.ts_ms, col.raw, strict=True))
                assert got == want, (src_id, metric)
    finally:
        db.dispose()


def test_a_fold_that_fails_keeps_the_samples_and_is_tried_again(
    repo, writer, data_dir, caplog
) -> None:
    from app.storage.writer import SMALL_CHUNKS_MAX

    path = data_dir / "genbo.db"
    with sqlite3.connect(path) as conn:  # a real SQLite error in every fold's delete
        conn.execute(
            "CREATE TRIGGER refuse_folds BEFORE DELETE ON sample_chunks "
            "BEGIN SELECT RAISE(ABORT, 'disk says no'); END"
        )
    keys = ("viewers", "gmv")
    samples = _steady(repo, writer, keys, SMALL_CHUNKS_MAX + 5)
    stored = _encodings(path)
    assert all(encs == [chunks.RAW] * len(samples) for encs in stored.values()), "no fold"
    assert repo.load_samples(1) == samples, "every sample stored while folds fail"
    warnings = [r for r in caplog.records if "folding stored samples failed" in r.message]
    assert len(warnings) == 1 and "disk says no" in warnings[0].message, "said once"
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TRIGGER refuse_folds")
    more = [Sample(T0 + 10_000 + k, dict.fromkeys(keys, k), "simulator") for k in range(2)]
    for s in more:
        writer.write_samples(1, 1, [s])
        writer.flush()
    stored = _encodings(path)  # one fold after each commit, the fullest series first
    assert stored == {"viewers": [chunks.ZLIB_DELTA, chunks.RAW], "gmv": [chunks.ZLIB_DELTA]}
    assert repo.load_samples(1) == samples + more, "folded once, nothing stored twice"


def test_metrics_sampled_together_share_their_times(repo, writer) -> None:
    info = repo.create_session(repo.get_or_create_streamer("a"), "", T0, 0)
    src = repo.add_source(info.id, "simulator", "Simulator")
    together = [Sample(T0 + 100 * i, {"viewers": i, "gmv": 3 * i}) for i in range(2 * P)]
    alone = [Sample(T0 + 100 * i + 50, {"orders": i}) for i in range(0, 2 * P, 3)]
    writer.write_samples(info.id, src.id, together + alone)
    writer.flush()
    series = repo.load_columns(info.id).sources[0].series
    viewers, gmv, orders = series["viewers"], series["gmv"], series["orders"]
    assert viewers.ts_ms is gmv.ts_ms and not viewers.ts_ms.flags.writeable
    assert gmv.raw.tolist() == [3 * i for i in range(2 * P)]
    assert orders.ts_ms.tolist() == [T0 + 100 * i + 50 for i in range(0, 2 * P, 3)]
    assert orders.raw.tolist() == list(range(0, 2 * P, 3))
