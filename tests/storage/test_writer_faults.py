"""The writer when the database cannot be written: a full disk, a read-only
file, a lock held by another program. Nothing handed over is lost: it waits in
memory, then in an emergency file, and what cannot be kept either way is
reported with its span and stored as a gap once writing works again.

The full disk is a real one: a small tmpfs mounted for the test (we are root
in CI); where mounting is not allowed, writes fail at the SQLite layer
through an engine hook instead, still through the real writer."""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import event

from app.core.metrics import Gap, Sample
from app.storage.database import Database, open_database, sqlite_url
from app.storage.repository import Repository
from app.storage.spill import is_spill_file, read_spill
from app.storage.writer import DROPPED_REASON, DatabaseWriter, classify
from tests.disks import Disk, small_disk

T0 = 1_700_000_000_000


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Disk]:
    with small_disk(tmp_path / "disk") as d:
        yield d


@contextlib.contextmanager
def _writer(db: Database, **kw: object) -> Iterator[DatabaseWriter]:
    w = DatabaseWriter(db, commit_interval_s=0.05, **kw)  # type: ignore[arg-type]
    w.start()
    try:
        yield w
    finally:
        w.close()


def _open(disk: Disk) -> tuple[Database, Repository, int, int]:
    db = open_database(sqlite_url(disk.root / "genbo.db"))
    disk.hook(db)
    repo = Repository(db)
    info = repo.create_session(repo.get_or_create_streamer("小明"), "直播", T0, 480)
    src = repo.add_source(info.id, "simulator", "Simulator")
    return db, repo, info.id, src.id


def _stored(path: Path, session_id: int) -> list[int]:
    """Every stored viewers timestamp of the session, read by plain sqlite3."""
    from app.storage import chunks

    with contextlib.closing(sqlite3.connect(path)) as conn:
        rows = conn.execute(
            "SELECT ts_data, encoding, count FROM sample_chunks "
            "WHERE session_id = ? AND metric = 'viewers' ORDER BY id",
            (session_id,),
        ).fetchall()
    return [int(t) for t in chunks.decode_series([(r[0], r[1], r[2]) for r in rows])]


def _wait(cond: Callable[[], bool], timeout: float = 10.0) -> None:
    end = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.02)


def _feed(w: DatabaseWriter, sid: int, src: int, start: int, n: int, per_call: int = 10) -> None:
    for i in range(start, start + n, per_call):
        batch = [
            Sample(T0 + 100 * k, {"viewers": k, "gmv": 10 * k})
            for k in range(i, min(start + n, i + per_call))
        ]
        w.write_samples(sid, src, batch)


def test_a_full_disk_keeps_every_sample_in_memory_and_writes_them_in_order_when_freed(
    disk: Disk, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="app.storage.writer")
    db, repo, sid, src = _open(disk)
    with _writer(db) as w:
        _feed(w, sid, src, 0, 200)
        assert w.flush()
        disk.fill()
        _feed(w, sid, src, 200, 1500)
        _wait(lambda: w.health().waiting_samples == 1500)
        h = w.health()
        assert not h.ok
        assert h.problem == "disk_full"
        assert h.failing_since_ms is not None
        assert h.dropped == () and h.spilled_samples == 0
        disk.free()
        _wait(lambda: w.health().ok)
        assert w.flush()
        assert w.health().recovered_samples == 1500
    assert _stored(disk.root / "genbo.db", sid) == [T0 + 100 * k for k in range(1700)]
    assert repo.sample_count(sid) == 1700
    db.dispose()
    # Said plainly, once, without a chain of tracebacks.
    failures = [r for r in caplog.records if "write failed" in r.getMessage()]
    assert len(failures) == 1 and failures[0].exc_info is None
    assert "disk_full" in failures[0].getMessage()
    assert any("work again" in r.getMessage() for r in caplog.records)


def test_past_the_limit_the_oldest_go_to_an_emergency_file_and_come_back(
    disk: Disk, tmp_path: Path
) -> None:
    db, repo, sid, src = _open(disk)
    elsewhere = tmp_path / "elsewhere"
    with _writer(db, backlog_limit_samples=300, spill_dirs=[elsewhere]) as w:
        disk.fill()
        repo_gap = Gap("simulator", T0 + 5, T0 + 50, "HTTP 500")
        w.write_gap(sid, src, repo_gap)
        _feed(w, sid, src, 0, 1000)
        _wait(lambda: w.health().waiting_samples + w.health().spilled_samples == 1000)
        h = w.health()
        assert h.problem == "disk_full"
        assert h.spilled_samples >= 600 and h.waiting_samples <= 300
        assert h.spill_path is not None and h.spill_path.parent == elsewhere
        assert h.dropped == ()
        files = sorted(elsewhere.glob("genbo-unsaved-*.jsonl"))
        assert len(files) >= 2 and all(is_spill_file(f) for f in files)
        # An independent reader: plain JSON lines, the session named in the header.
        header = json.loads(files[0].read_text(encoding="utf-8").splitlines()[0])
        assert header["sessions"][str(sid)]["streamer"] == "小明"
        spilled = [read_spill(f) for f in files]
        assert sum(s.samples for s in spilled) == h.spilled_samples
        disk.free()
        _wait(lambda: w.health().ok and w.health().spilled_samples == 0)
    assert _stored(disk.root / "genbo.db", sid) == [T0 + 100 * k for k in range(1000)]
    assert not list(elsewhere.glob("genbo-unsaved-*")), "put back, then removed"
    assert [(g.start_ms, g.reason) for g in repo.load_gaps(sid)] == [(T0 + 5, "HTTP 500")]
    db.dispose()


def test_with_nowhere_to_keep_them_new_samples_are_dropped_and_said_with_their_span(
    disk: Disk,
) -> None:
    db, repo, sid, src = _open(disk)
    nowhere = Path("/proc/genbo-cannot-write-here")
    with _writer(db, backlog_limit_samples=200, spill_dirs=[nowhere]) as w:
        disk.fill()
        _feed(w, sid, src, 0, 500)
        _wait(lambda: w.health().waiting_samples + w.health().dropped_samples == 500)
        h = w.health()
        assert h.waiting_samples == 200
        (span,) = h.dropped
        assert (span.session_id, span.samples) == (sid, 300)
        assert (span.start_ms, span.end_ms) == (T0 + 100 * 200, T0 + 100 * 499)
        disk.free()
        _wait(lambda: w.health().ok)
        _feed(w, sid, src, 500, 10)
        assert w.flush()
    stored = _stored(disk.root / "genbo.db", sid)
    assert stored == [T0 + 100 * k for k in (*range(200), *range(500, 510))]
    gaps = repo.load_gaps(sid)
    assert [(g.start_ms, g.end_ms, g.reason) for g in gaps] == [
        (T0 + 100 * 200, T0 + 100 * 499, DROPPED_REASON)
    ]
    db.dispose()


def test_closing_on_a_full_disk_saves_what_waits_to_an_emergency_file(
    disk: Disk, tmp_path: Path
) -> None:
    db, _repo, sid, src = _open(disk)
    elsewhere = tmp_path / "elsewhere"
    w = DatabaseWriter(db, commit_interval_s=0.05, spill_dirs=[elsewhere], close_retry_s=0.5)
    w.start()
    _feed(w, sid, src, 0, 100)
    assert w.flush()
    disk.fill()
    _feed(w, sid, src, 100, 400)
    _wait(lambda: w.health().waiting_samples == 400)
    t0 = time.monotonic()
    w.close()
    assert time.monotonic() - t0 < 3
    assert not w.is_alive()
    h = w.health()
    assert h.spilled_samples == 400 and h.spill_path is not None
    (path,) = elsewhere.glob("genbo-unsaved-*.jsonl")
    assert h.spill_path == path
    spill = read_spill(path)
    ((key, (ts, values)),) = [(k, v) for k, v in spill.series.items() if k[2] == "viewers"]
    assert key == (sid, src, "viewers")
    assert list(ts) == [T0 + 100 * k for k in range(100, 500)]
    assert list(values) == list(range(100, 500))
    disk.free()
    db.dispose()


def test_a_read_only_database_waits_then_writes(
    repo: Repository, db: Database, data_dir: Path
) -> None:
    """The file turns read-only under the writer (SQLite opens it read-only:
    its real SQLITE_READONLY), then writable again."""
    from app.storage.database import make_engine

    info = repo.create_session(repo.get_or_create_streamer("a"), "", T0, 0)
    sid, src = info.id, repo.add_source(info.id, "simulator", "Simulator").id
    writable = db.engine
    with _writer(db) as w:
        _feed(w, sid, src, 0, 50)
        assert w.flush()
        db.engine = make_engine(f"sqlite:///file:{data_dir / 'genbo.db'}?mode=ro&uri=true")
        _feed(w, sid, src, 50, 100)
        _wait(lambda: w.health().waiting_samples == 100)
        assert w.health().problem == "read_only"
        read_only, db.engine = db.engine, writable
        read_only.dispose()
        _wait(lambda: w.health().ok, timeout=15)
        assert w.flush()
    assert _stored(data_dir / "genbo.db", sid) == [T0 + 100 * k for k in range(150)]


def test_a_lock_held_by_another_program_is_said_as_such(
    repo: Repository, db: Database, data_dir: Path, short_busy_timeout: None
) -> None:
    info = repo.create_session(repo.get_or_create_streamer("a"), "", T0, 0)
    src = repo.add_source(info.id, "simulator", "Simulator")
    blocker = sqlite3.connect(data_dir / "genbo.db", timeout=0)
    blocker.execute("BEGIN IMMEDIATE")
    with _writer(db) as w:
        try:
            _feed(w, info.id, src.id, 0, 30)
            _wait(lambda: w.health().problem == "locked")
            assert w.health().waiting_samples == 30
        finally:
            blocker.rollback()
            blocker.close()
        _wait(lambda: w.health().ok)
    assert repo.sample_count(info.id) == 30


def test_failures_are_classified_by_sqlite_code_errno_or_words(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "x.db")
    conn.execute("create table t (x)")
    conn.close()
    ro = sqlite3.connect(f"file:{tmp_path / 'x.db'}?mode=ro", uri=True)
    with pytest.raises(sqlite3.OperationalError) as caught:
        ro.execute("insert into t values (1)")
    ro.close()
    assert classify(caught.value) == "read_only"
    (tmp_path / "bad.db").write_bytes(b"this is not sqlite at all" * 100)
    bad = sqlite3.connect(tmp_path / "bad.db")
    with pytest.raises(sqlite3.DatabaseError) as caught2:
        bad.execute("select * from sqlite_master")
    bad.close()
    assert classify(caught2.value) == "corrupt"
    assert classify(OSError(errno.ENOSPC, "No space left on device")) == "disk_full"
    assert classify(OSError(errno.EIO, "Input/output error")) == "io_error"
    assert classify(sqlite3.OperationalError("database or disk is full")) == "disk_full"
    assert classify(RuntimeError("something else")) == "other"


def test_an_unknown_failure_logs_its_traceback_once(
    repo: Repository, db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    info = repo.create_session(repo.get_or_create_streamer("a"), "", T0, 0)
    src = repo.add_source(info.id, "simulator", "Simulator")
    broken = {"on": True}

    @event.listens_for(db.engine, "before_cursor_execute")
    def _boom(conn, cursor, statement, params, context, executemany):  # type: ignore[no-untyped-def]
        if broken["on"] and statement.lstrip().upper().startswith("INSERT"):
            raise RuntimeError("a bug in a driver")

    with caplog.at_level(logging.WARNING), _writer(db) as w:
        _feed(w, info.id, src.id, 0, 20)
        _wait(lambda: w._failures >= 2)
        assert w.health().problem == "other"
        broken["on"] = False
        _wait(lambda: w.health().ok)
    with_traceback = [r for r in caplog.records if r.exc_info]
    assert len(with_traceback) == 1
    assert repo.sample_count(info.id) == 20


def test_a_database_damaged_while_recording_is_rescued_and_writing_goes_on(
    data_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """SQLite reports damage at a commit (an index page of the chunks broken
    under the writer): the writer moves the file aside, recovers it into a
    fresh one and writes what waits there, nothing lost on either side."""
    from tests import corruption

    path = data_dir / "genbo.db"
    path.write_bytes(corruption._template())
    db = open_database(sqlite_url(path))
    repo = Repository(db)
    info = repo.create_session(repo.get_or_create_streamer("损坏"), "", T0, 480)
    src = repo.add_source(info.id, "simulator", "Simulator").id
    with _writer(db) as w:
        _feed(w, info.id, src, 0, 100)
        assert w.flush()
        db.engine.dispose()
        corruption.checkpoint(path)
        (root,) = [
            page
            for name, (kind, page) in corruption.roots(path).items()
            if kind == "index" and name.startswith("ix_sample_chunks")
        ][:1]
        corruption.flip_page_header(path, root)
        _feed(w, info.id, src, 100, 100)
        _wait(lambda: w.health().rescue is not None and w.health().ok, timeout=20)
        rescued = w.health().rescue
        assert rescued.moved_to is not None and rescued.moved_to.exists()
        assert w.flush()
    assert _stored(path, info.id) == [T0 + 100 * k for k in range(200)]
    with contextlib.closing(sqlite3.connect(path)) as conn:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    db.dispose()


# -- what a review found (each reproduced first, then fixed) ---------------------------------


def test_the_retry_delay_stays_at_its_ceiling_however_long_it_fails() -> None:
    from app.storage.writer import RETRY_MAX_S, retry_delay_s

    assert [retry_delay_s(n) for n in range(1, 6)] == [0.5, 1.0, 2.0, 4.0, RETRY_MAX_S]
    assert retry_delay_s(100_000) == RETRY_MAX_S  # 85 minutes of failures crashed it once


def test_a_deleted_highlight_stays_deleted_through_an_emergency_file(
    disk: Disk, tmp_path: Path
) -> None:
    from app.core.highlights import EventRecord

    db, repo, sid, src = _open(disk)
    with _writer(db, backlog_limit_samples=50, spill_dirs=[tmp_path / "spill"]) as w:
        w.write_event(sid, EventRecord("u1", T0, "highlight", "保留？", {}))
        assert w.flush()
        disk.fill()
        w.delete_event(sid, "u1")  # the operator deletes it while the disk is full
        _feed(w, sid, src, 0, 200)
        _wait(lambda: w.health().spilled_samples > 0)
        disk.free()
        _wait(lambda: w.health().ok and not w.health().spills)
        assert w.flush()
    assert [e.uid for e in repo.load_events(sid)] == []
    db.dispose()


def test_closing_with_only_highlights_waiting_keeps_them_in_an_emergency_file(
    disk: Disk, tmp_path: Path
) -> None:
    from app.core.highlights import EventRecord
    from app.session.put_back import put_back

    db, repo, sid, src = _open(disk)
    w = DatabaseWriter(
        db, commit_interval_s=0.05, spill_dirs=[tmp_path / "spill"], close_retry_s=0.3
    )
    w.start()
    disk.fill()
    w.write_event(sid, EventRecord("h1", T0 + 5, "highlight", "爆款讲解", {"note": "剪这段"}))
    w.write_gap(sid, src, Gap("simulator", T0 + 10, T0 + 20, "HTTP 500"))
    _wait(lambda: not w.health().ok)
    w.close()
    ((path, n),) = w.health().spills
    assert n == 0 and path.exists()
    from app.config.formatting import number_format
    from app.session.health import describe_end

    (line,) = describe_end(w.health(), number_format())
    assert "Highlights, milestones or gaps" in line and str(path) in line
    disk.free()
    done = put_back(repo, path)
    assert (done.events, done.gaps) == (1, 1)
    assert [e.label for e in repo.load_events(sid)] == ["爆款讲解"]
    assert [g.reason for g in repo.load_gaps(sid)] == ["HTTP 500"]
    db.dispose()


def test_two_losses_with_samples_kept_between_them_are_two_spans(
    disk: Disk, tmp_path: Path
) -> None:
    db, repo, sid, src = _open(disk)
    spill = tmp_path / "spill"
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the folder would be")
    with _writer(db, backlog_limit_samples=100, spill_dirs=[blocked / "x"]) as w:
        disk.fill()
        _feed(w, sid, src, 0, 100)
        _wait(lambda: w.health().waiting_samples == 100)
        _feed(w, sid, src, 100, 100)  # nowhere to keep them: dropped
        _wait(lambda: w.health().dropped_samples == 100)
        assert w.health().waiting_samples == 100, "still said while dropping"
        w._spill_dirs = (spill,)  # an emergency folder becomes writable
        w._spill_failed_at = None
        _feed(w, sid, src, 200, 100)  # kept: the first 100 go to the file
        _wait(lambda: w.health().spills != ())
        w._spill_dirs = (blocked / "x",)  # and nowhere again
        w._spill_failed_at = None
        _feed(w, sid, src, 300, 200)  # dropped again
        _wait(lambda: w.health().dropped_samples == 300)
        spans = [(d.start_ms, d.end_ms, d.samples) for d in w.health().dropped]
        assert spans == [
            (T0 + 100 * 100, T0 + 100 * 199, 100),
            (T0 + 100 * 300, T0 + 100 * 499, 200),
        ]
        disk.free()
        _wait(lambda: w.health().ok and not w.health().spills)
        assert w.flush()
    kept = [*range(0, 100), *range(200, 300)]
    assert _stored(disk.root / "genbo.db", sid) == [T0 + 100 * k for k in kept]
    assert [(g.start_ms, g.end_ms) for g in repo.load_gaps(sid)] == [s[:2] for s in spans]
    db.dispose()


def test_an_emergency_file_put_back_by_hand_meanwhile_is_not_stored_twice(
    disk: Disk, tmp_path: Path
) -> None:
    from app.session.put_back import put_back

    db, _repo, sid, src = _open(disk)
    with _writer(db, backlog_limit_samples=100, spill_dirs=[tmp_path / "spill"]) as w:
        disk.fill()
        _feed(w, sid, src, 0, 250)
        _wait(lambda: len(w.health().spills) >= 1 and w.health().waiting_samples)
        (path, n), *_ = w.health().spills
        disk.free()
        other = Repository(open_database(sqlite_url(disk.root / "genbo.db")))
        try:
            by_hand = put_back(other, path)  # the operator follows the strip's advice
        finally:
            other.db.dispose()
        assert by_hand.samples == n
        _wait(lambda: w.health().ok and not w.health().spills)
        assert w.flush()
    assert _stored(disk.root / "genbo.db", sid) == [T0 + 100 * k for k in range(250)]
    db.dispose()


def test_an_io_error_is_said_as_such_and_waits_like_a_full_disk(
    repo: Repository, db: Database
) -> None:
    """EIO from the disk (SQLite's "disk I/O error", raised where SQLite
    raises it, through the real writer): the samples wait, then go in."""
    info = repo.create_session(repo.get_or_create_streamer("坏盘"), "", T0, 480)
    src = repo.add_source(info.id, "simulator", "Simulator").id
    failing = {"on": True}

    @event.listens_for(db.engine, "before_cursor_execute")
    def _eio(conn, cursor, statement, params, context, executemany):  # type: ignore[no-untyped-def]
        if failing["on"] and statement.lstrip().upper().startswith(("INSERT", "UPDATE")):
            raise sqlite3.OperationalError("disk I/O error")

    with _writer(db) as w:
        _feed(w, info.id, src, 0, 80)
        _wait(lambda: w.health().problem == "io_error" and w.health().waiting_samples == 80)
        from app.config.formatting import number_format
        from app.session.health import describe

        line = describe(w.health(), repo.db.sqlite_path or Path(), number_format())
        assert line is not None and line.startswith("The disk reports an I/O error: 80 samples")
        failing["on"] = False
        _wait(lambda: w.health().ok)
    assert repo.sample_count(info.id) == 80
