"""A broken database (issue 14): every case made for real (tests/corruption.py),
found at open, moved aside byte for byte, what could be read recovered into a
fresh database that is clean and works; and the cases that cannot be used
refused in plain words with nothing changed."""

from __future__ import annotations

import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.exc import DatabaseError as SADatabaseError

from app.core.metrics import Sample
from app.storage import recovery
from app.storage.database import (
    NewerDatabaseError,
    ReadOnlyDatabaseError,
    StorageError,
    integrity_check,
    open_database,
    sqlite_url,
)
from app.storage.recovery import (
    CannotMoveAsideError,
    DatabaseIsFolderError,
    DatabaseLockedError,
    FileProblem,
    FolderNotWritableError,
    check_file,
    is_busy,
    is_corruption,
    open_or_rescue,
    quick_check,
    rescue_in_place,
)
from app.storage.repository import Repository
from app.storage.writer import DatabaseWriter
from tests import corruption
from tests.corruption import CASES, read_rows, sample_values
from tests.faultfs import read_only_dir

RESCUED = ["truncated", "data-page", "session-page", "index-page", "header"]


def _files(d: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in d.iterdir() if p.is_file()}


def _rows_after(path: Path) -> dict[str, set[int]]:
    return {t: set(rows) for t, rows in read_rows(path).items()}


@pytest.mark.parametrize("name", RESCUED)
def test_a_damaged_database_is_moved_aside_and_what_can_be_read_recovered(
    name: str, data_dir: Path
) -> None:
    with CASES[name](data_dir) as case:
        problem = check_file(case.db_path)
        assert problem is not None and problem.kind == case.problem
        db, rescue = open_or_rescue(sqlite_url(case.db_path))
        try:
            assert rescue is not None and db.rescue is rescue
            # Moved aside, byte for byte; nothing deleted, nothing left over.
            moved = rescue.moved_to
            assert moved is not None and moved.name.startswith("genbo.db.corrupt-")
            assert moved.read_bytes() == case.damaged
            names = {p.name for p in data_dir.iterdir()} - {"genbo.db-wal", "genbo.db-shm"}
            assert names == {"genbo.db", *(p.name for p in rescue.moved)}
            # The fresh database: clean, at the newest schema, read as ever.
            assert integrity_check(db) == "ok"
            repo = Repository(db)
            sessions = repo.list_sessions()
            assert len(sessions) == rescue.sessions
            for info in sessions:
                repo.load_columns(info.id)  # every chunk decodes
        finally:
            db.dispose()
        # Exactly what an independent reader of the good copy sees, less what
        # was on the damaged pages (and what belonged to a session lost there).
        after = _rows_after(case.db_path)
        expected = case.expected()
        for table, ids in expected.items():
            assert after.get(table, set()) == ids, table
            assert rescue.tables[table] == len(ids), table
        # And it takes new sessions.
        db = open_database(sqlite_url(case.db_path))
        try:
            repo = Repository(db)
            repo.create_session(repo.get_or_create_streamer("又开播"), "", 1, 0)
        finally:
            db.dispose()
        good_values = sample_values(case.good)
        kept = {t: {r: case.good[t][r] for r in ids} for t, ids in expected.items()}
        assert rescue.values == sample_values(kept) <= good_values
        if name in ("data-page", "truncated"):
            assert "sample_chunks" in rescue.damaged
            assert rescue.method == recovery.METHOD_SALVAGE
        if name in ("index-page", "header"):
            assert rescue.method == recovery.METHOD_COPY and not rescue.damaged
            assert rescue.values == good_values
        text = rescue.describe()
        assert str(moved) in text and "nothing was deleted" in text
        assert "fresh database" in text


def test_a_lost_session_takes_its_samples_with_it_and_its_streamers_come_back(
    data_dir: Path,
) -> None:
    with CASES["session-page"](data_dir) as case:
        db, rescue = open_or_rescue(sqlite_url(case.db_path))
        db.dispose()
    assert rescue is not None
    lost = case.lost["live_sessions"]
    children = sum(
        1
        for t in ("sources", "sample_chunks", "events", "gaps")
        for r in case.good[t].values()
        if r["session_id"] in lost
    )
    assert sum(rescue.orphans.values()) == children
    assert "belonging to a session that was lost" in rescue.describe()


def test_a_streamer_whose_row_was_lost_is_recreated_for_its_sessions(data_dir: Path) -> None:
    with CASES["data-page"](data_dir) as case:
        # Damage the streamers' only page as well: the sessions survive.
        page = corruption.roots(case.db_path)["streamers"][1]
        corruption.flip_page_header(case.db_path, page)
        db, rescue = open_or_rescue(sqlite_url(case.db_path))
        try:
            assert rescue is not None and rescue.recreated.get("streamers") == len(
                {r["streamer_id"] for r in case.good["live_sessions"].values()}
                | {r["streamer_id"] for r in case.good["streamer_schedules"].values()}
            )
            names = {s.name for s in Repository(db).list_streamers()}
            assert names and all(n.startswith("Recovered streamer ") for n in names)
            assert len(Repository(db).list_sessions()) == len(case.good["live_sessions"])
            assert "listed as “Recovered …”" in rescue.describe()
        finally:
            db.dispose()


def test_a_file_that_is_not_sqlite_is_moved_aside_and_a_fresh_start_made(
    data_dir: Path,
) -> None:
    with CASES["not-sqlite"](data_dir) as case:
        problem = check_file(case.db_path)
        assert problem is not None and problem.kind == case.problem
        db, rescue = open_or_rescue(sqlite_url(case.db_path))
        try:
            assert rescue is not None and rescue.moved_to is not None
            assert rescue.moved_to.read_bytes() == case.damaged
            assert rescue.method == recovery.METHOD_NONE and rescue.sessions == 0
            assert "is not a database Genbo can read" in rescue.describe()
            assert "Nothing could be recovered" in rescue.describe()
            assert integrity_check(db) == "ok" and Repository(db).list_sessions() == []
        finally:
            db.dispose()


def test_a_zero_length_file_is_a_new_database_made_in_place(data_dir: Path) -> None:
    """SQLite makes a zero-length file at any connect (a tool peeking, another
    Genbo creating the database this very moment): it is used as it is."""
    with CASES["zero-length"](data_dir) as case:
        assert check_file(case.db_path) is None
        db, rescue = open_or_rescue(sqlite_url(case.db_path))
        try:
            assert rescue is None and db.rescue is None
            assert integrity_check(db) == "ok" and Repository(db).list_sessions() == []
        finally:
            db.dispose()
        assert not list(data_dir.glob("genbo.db.corrupt-*"))


def test_a_removed_wal_is_told_and_the_database_kept(data_dir: Path) -> None:
    with CASES["wal-removed"](data_dir) as case:
        before = case.db_path.read_bytes()
        assert check_file(case.db_path) == FileProblem(
            "wal_missing", "a -shm without its -wal", wal_missing=True
        )
        assert case.db_path.read_bytes() == before, "checking changed the file"
        db, notice = open_or_rescue(sqlite_url(case.db_path))
        try:
            assert notice is not None and notice.moved == () and db.rescue is notice
            assert "genbo.db-wal" in notice.describe()
            assert "Genbo goes on with the rest of the database" in notice.describe()
            assert integrity_check(db) == "ok"
        finally:
            db.dispose()
        after = _rows_after(case.db_path)
        for table, ids in case.expected().items():
            assert after.get(table, set()) == ids, table
        assert not list(data_dir.glob("genbo.db.corrupt-*"))


def test_a_folder_where_the_file_should_be_is_refused(data_dir: Path) -> None:
    with CASES["folder"](data_dir) as case:
        with pytest.raises(DatabaseIsFolderError, match="There is a folder at") as info:
            open_or_rescue(sqlite_url(case.db_path))
        assert "Nothing was changed" in str(info.value)
        assert (case.db_path / "keep.txt").exists()
        assert sorted(p.name for p in data_dir.iterdir()) == ["genbo.db"]


def test_a_read_only_file_opens_for_browsing(data_dir: Path) -> None:
    with CASES["read-only-file"](data_dir) as case:
        db, rescue = open_or_rescue(sqlite_url(case.db_path))
        try:
            assert rescue is None and db.read_only
            repo = Repository(db)
            assert len(repo.list_sessions()) == len(case.good["live_sessions"])
            with pytest.raises(ReadOnlyDatabaseError, match="read-only, so nothing can be"):
                db.require_writable()
            with pytest.raises(SADatabaseError):
                repo.get_or_create_streamer("新主播")
            assert "opened it for browsing only" in recovery.read_only_notice(db)
        finally:
            db.dispose()
        assert case.db_path.read_bytes() == case.damaged  # the good bytes, unchanged


def test_a_read_only_folder_with_no_database_is_refused(data_dir: Path) -> None:
    with CASES["read-only-folder"](data_dir) as case:
        with pytest.raises(FolderNotWritableError, match="cannot make its database") as info:
            open_or_rescue(sqlite_url(case.db_path))
        assert "Nothing was changed" in str(info.value)
        assert list(data_dir.iterdir()) == []


def test_a_read_only_folder_with_a_database_opens_for_browsing(data_dir: Path) -> None:
    with CASES["read-only-folder-with-db"](data_dir) as case:
        before = _files(data_dir)
        db, rescue = open_or_rescue(sqlite_url(case.db_path))
        try:
            assert rescue is None and db.read_only
            assert len(Repository(db).list_sessions()) == len(case.good["live_sessions"])
        finally:
            db.dispose()
        assert _files(data_dir) == before


def test_a_damaged_database_in_a_read_only_folder_is_left_as_it_is(data_dir: Path) -> None:
    with CASES["data-page"](data_dir) as case, read_only_dir(data_dir):
        before = _files(data_dir)
        with pytest.raises(CannotMoveAsideError, match="could not move it aside") as info:
            open_or_rescue(sqlite_url(case.db_path))
        assert "is damaged" in str(info.value) and "nothing was changed" in str(info.value)
        assert _files(data_dir) == before


def test_a_lock_held_past_the_busy_timeout_is_said_plainly(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import app.storage.database as database

    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 200)
    with CASES["locked"](data_dir) as case:
        before = case.db_path.read_bytes()
        with pytest.raises(DatabaseLockedError, match="locked by another program") as info:
            open_or_rescue(sqlite_url(case.db_path))
        assert "Nothing was changed" in str(info.value)
        assert case.db_path.read_bytes() == before
    assert not list(data_dir.glob("genbo.db.corrupt-*"))


def test_a_database_from_a_newer_genbo_is_still_refused(data_dir: Path) -> None:
    with CASES["newer"](data_dir) as case:
        with pytest.raises(NewerDatabaseError) as info:
            open_or_rescue(sqlite_url(case.db_path))
        assert info.value.revision == "9001"
        assert case.db_path.read_bytes() == case.damaged
        assert not list(data_dir.glob("genbo.db.corrupt-*"))


def test_checking_a_good_database_changes_nothing(data_dir: Path) -> None:
    path = data_dir / "genbo.db"
    corruption.build_database(path, sessions=1, points=100)
    before = _files(data_dir)
    assert check_file(path) is None
    assert _files(data_dir) == before
    # With a journal beside it (a Genbo still running, or killed): read-only.
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("UPDATE streamers SET notes = 'in the journal'")
    conn.commit()
    try:
        before = _files(data_dir)
        assert "genbo.db-wal" in before
        assert check_file(path) is None
        after = _files(data_dir)
        # The -shm is SQLite's shared index, which every reader writes to.
        assert after.keys() == before.keys()
        assert after["genbo.db"] == before["genbo.db"]
        assert after["genbo.db-wal"] == before["genbo.db-wal"]
    finally:
        conn.close()


def test_a_damaged_schema_found_only_at_open_is_rescued_too(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file too big for quick_check at open: SQLite's own refusal starts
    the rescue."""
    monkeypatch.setattr(recovery, "QUICK_CHECK_MAX_BYTES", 0)
    with CASES["data-page"](data_dir) as case:
        corruption.flip_page_header(case.db_path, 1)  # the schema's own page
        assert check_file(case.db_path) is None  # the header is fine
        db, rescue = open_or_rescue(sqlite_url(case.db_path))
        try:
            assert rescue is not None and rescue.problem.kind == "corrupt"
            assert rescue.moved_to is not None
            assert integrity_check(db) == "ok"
        finally:
            db.dispose()


def test_names_taken_get_a_counter_and_nothing_is_overwritten(data_dir: Path) -> None:
    path = data_dir / "genbo.db"
    now = datetime(2026, 5, 1, 12, 0, 0, tzinfo=UTC)
    first = recovery._aside_names(path, now)
    assert first[0].name == "genbo.db.corrupt-20260501T120000Z"
    assert first[1].name == "genbo.db.corrupt-20260501T120000Z-wal"
    first[2].write_bytes(b"someone's -shm")  # any of the three names taken
    second = recovery._aside_names(path, now)
    assert second[0].name == "genbo.db.corrupt-20260501T120000Z-2"
    src = data_dir / "a"
    src.write_bytes(b"a")
    with pytest.raises(FileExistsError):
        recovery._move_no_overwrite(src, first[2])
    assert first[2].read_bytes() == b"someone's -shm" and src.exists()


def _break_live(db, path: Path) -> None:
    """Damage a sample_chunks page of a database in use (its connections are
    closed first, so none of them holds the page in its cache)."""
    db.engine.dispose()
    page = corruption._middle_leaf(path, "sample_chunks", corruption.TABLE_LEAF)
    corruption.flip_page_header(path, page)


def test_a_database_found_damaged_in_use_is_rescued_in_place(data_dir: Path) -> None:
    path = data_dir / "genbo.db"
    path.write_bytes(corruption._template())
    db = open_database(sqlite_url(path))
    repo = Repository(db)
    writer = DatabaseWriter(db)
    writer.start()
    try:
        sessions = len(repo.list_sessions())
        _break_live(db, path)
        found = quick_check(db)
        assert found is not None
        with pytest.raises(SADatabaseError) as info, db.engine.connect() as conn:
            conn.exec_driver_sql("SELECT sum(length(ts_data)) FROM sample_chunks").all()
        assert is_corruption(info.value)
        done = rescue_in_place(db, FileProblem("corrupt", found))
        assert db.rescue is done and done.moved_to is not None
        assert quick_check(db) is None
        # What was made before goes on working, on the fresh file.
        assert len(repo.list_sessions()) == sessions
        info2 = repo.create_session(repo.get_or_create_streamer("之后"), "", 5, 0)
        src = repo.add_source(info2.id, "simulator", "Simulator")
        writer.write_samples(info2.id, src.id, [Sample(10 + k, {"viewers": k}) for k in range(20)])
        assert writer.flush(timeout=10)
        assert repo.value_count(info2.id) == 20
        assert integrity_check(db) == "ok"
    finally:
        writer.close()
        db.dispose()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM live_sessions").fetchone()[0] == sessions + 1


def test_is_corruption_and_is_busy_read_the_whole_chain(data_dir: Path) -> None:
    path = data_dir / "junk.db"
    path.write_bytes(b"x" * 4096)
    with pytest.raises(sqlite3.DatabaseError) as raw:
        sqlite3.connect(path).execute("SELECT * FROM sqlite_master").fetchall()
    assert is_corruption(raw.value) and not is_busy(raw.value)
    with pytest.raises(StorageError) as wrapped:
        open_database(sqlite_url(path))
    assert is_corruption(wrapped.value)  # StorageError ← SQLAlchemy ← sqlite3
    assert not is_corruption(StorageError("database is locked"))
    assert is_busy(sqlite3.OperationalError("database is locked"))
    assert not is_corruption(ValueError("nope"))


def test_the_description_is_english_in_logs_and_counts_are_formatted(data_dir: Path) -> None:
    done = recovery.DatabaseRescue(
        path=data_dir / "genbo.db",
        problem=FileProblem("truncated"),
        moved=(data_dir / "genbo.db.corrupt-x",),
        method=recovery.METHOD_SALVAGE,
        tables={"live_sessions": 1234, "streamers": 2, "sample_chunks": 5, "events": 0},
        values=1234567,
        damaged=("sample_chunks",),
    )
    assert "1,234 sessions of 2 streamers" in done.english
    assert "1,234,567 values" in done.english
    assert "Some sample chunks could not be read at all" in done.english
    assert "1.234 sessions" in done.describe(lambda n: f"{n:,}".replace(",", "."))


def test_a_rescue_in_use_is_not_undone_by_another_thread_reading_meanwhile(
    data_dir: Path,
) -> None:
    """The window's Repository keeps reading while the writer (or the idle
    check) rescues the same Database: the fresh file takes the damaged one's
    place, never an empty one that a reader's connection made meanwhile."""
    import threading

    path = data_dir / "genbo.db"
    corruption.build_database(path, sessions=12, points=3000)
    db = open_database(sqlite_url(path))
    repo = Repository(db)
    before = {s.id for s in repo.list_sessions()}
    stop = threading.Event()
    reads: list[int] = []

    def reader() -> None:
        while not stop.is_set():
            try:
                reads.append(len(repo.list_sessions()))
            except Exception:  # the gate refuses while the file is moved aside
                reads.append(-1)
            time.sleep(0.005)

    t = threading.Thread(target=reader)
    t.start()
    try:
        time.sleep(0.05)
        done = rescue_in_place(db, FileProblem("corrupt", "found in use"))
    finally:
        stop.set()
        t.join()
    try:
        assert done.moved_to is not None and done.moved_to.exists()
        assert {s.id for s in repo.list_sessions()} == before
        assert integrity_check(db) == "ok"
        assert reads and reads[0] == len(before), "the reader ran through the rescue"
    finally:
        db.dispose()
