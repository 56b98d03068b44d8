import sqlite3
import time

import pytest

from app.core.metrics import Sample
from app.core.session import SessionSummary
from app.storage.writer import DatabaseWriter

BACKENDS = ("sqlite", "postgresql")
T0 = 1_700_000_000_000
_COUNT = "select coalesce(sum(count), 0) from sample_chunks"


def _count(path) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute(_COUNT).fetchone()[0]


def _count_in(db) -> int:
    """Values stored, read through a connection of the driver's own (not
    Genbo's engine), as another process would."""
    if db.sqlite_path is not None:
        return _count(db.sqlite_path)
    import psycopg
    from sqlalchemy.engine import make_url

    u = make_url(db.url)
    dsn = f"host={u.host} port={u.port} user={u.username} dbname={u.database}"
    with psycopg.connect(dsn) as conn:
        return int(conn.execute(_COUNT).fetchone()[0])


def test_commits_within_half_a_second_without_flush(repo, writer, db) -> None:
    info = repo.create_session(repo.get_or_create_streamer("a"), "", T0, 0)
    src = repo.add_source(info.id, "simulator", "Simulator")
    writer.write_samples(info.id, src.id, [Sample(T0 + 1, {"viewers": 1})])
    t0 = time.monotonic()
    while _count_in(db) == 0:
        assert time.monotonic() - t0 < 0.5, "not committed within 500 ms"
        time.sleep(0.01)


def test_summary_updates_and_heartbeat(repo, writer) -> None:
    info = repo.create_session(repo.get_or_create_streamer("a"), "", T0, 0)
    before = repo.get_session(info.id).last_seen_ms
    time.sleep(0.01)
    writer.update_summary(info.id, SessionSummary(duration_s=12.4, peak_viewers=5, gmv_fen=99))
    writer.flush()
    got = repo.get_session(info.id)
    assert got.summary.peak_viewers == 5
    assert got.summary.gmv_fen == 99
    assert got.summary.duration_s == 12
    assert got.last_seen_ms > before


def test_close_commits_everything_pending(db, repo) -> None:
    w = DatabaseWriter(db, commit_interval_s=5.0)
    w.start()
    info = repo.create_session(repo.get_or_create_streamer("a"), "", T0, 0)
    src = repo.add_source(info.id, "simulator", "Simulator")
    for i in range(100):
        w.write_samples(info.id, src.id, [Sample(T0 + i, {"viewers": i, "gmv": i})])
    w.close()
    assert repo.value_count(info.id) == 200
    assert repo.sample_count(info.id) == 100
    assert w.stats().rows_written == 200
    assert not w.is_alive()


@pytest.mark.sqlite_only("another SQLite connection holds the file's write lock")
def test_a_failed_commit_keeps_the_batch(repo, db, data_dir, short_busy_timeout) -> None:
    errors: list[str] = []
    w = DatabaseWriter(db, commit_interval_s=0.05, on_error=errors.append)
    w.start()
    info = repo.create_session(repo.get_or_create_streamer("a"), "", T0, 0)
    src = repo.add_source(info.id, "simulator", "Simulator")
    # Another connection holds the write lock longer than busy_timeout allows.
    blocker = sqlite3.connect(data_dir / "genbo.db", timeout=0)
    blocker.execute("PRAGMA busy_timeout=0")
    blocker.execute("BEGIN IMMEDIATE")
    try:
        w.write_samples(info.id, src.id, [Sample(T0 + 1, {"viewers": 7})])
        deadline = time.monotonic() + 8
        while not errors and time.monotonic() < deadline:
            time.sleep(0.05)
        assert errors, "the writer reports the failure"
    finally:
        blocker.rollback()
        blocker.close()
    assert w.flush(timeout=10)
    w.close()
    assert repo.sample_count(info.id) == 1, "the sample was written once the lock was gone"


def test_a_gap_reported_open_then_closed_is_one_row(repo, writer) -> None:
    from app.core.metrics import Gap

    info = repo.create_session(repo.get_or_create_streamer("a"), "", T0, 0)
    src = repo.add_source(info.id, "http", "HTTP")
    writer.write_gap(info.id, src.id, Gap("http", T0 + 1000, None, "no answer yet"))
    writer.flush()
    assert repo.load_gaps(info.id) == [Gap("http", T0 + 1000, None, "no answer yet")]
    writer.write_gap(info.id, src.id, Gap("http", T0 + 1000, T0 + 9000, "HTTP 503"))
    writer.flush()
    assert repo.load_gaps(info.id) == [Gap("http", T0 + 1000, T0 + 9000, "HTTP 503")]


@pytest.mark.sqlite_only("SQLite's write-ahead log")
def test_the_writer_checkpoints_the_wal_between_commits(db, repo, data_dir, monkeypatch) -> None:
    import app.storage.writer as writer_module

    monkeypatch.setattr(writer_module, "CHECKPOINT_EVERY_S", 0.0)
    with db.engine.connect() as conn:
        # No commit pays for a checkpoint: SQLite's automatic one is off.
        assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 0
    w = DatabaseWriter(db)
    w.start()
    info = repo.create_session(repo.get_or_create_streamer("a"), "", T0, 0)
    src = repo.add_source(info.id, "simulator", "Simulator")
    for i in range(50):
        w.write_samples(info.id, src.id, [Sample(T0 + i, {"viewers": i, "gmv": i * 100})])
        w.flush()
    assert w.checkpoint_times_ms(), "checkpoints ran"
    assert len(w.commit_times_ms()) >= 50
    w.close()
    # Everything is in the file, whatever the WAL holds.
    assert _count(data_dir / "genbo.db") == 100
