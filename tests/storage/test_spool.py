"""The offline spool on disk, as two Genbos on one laptop share a data
folder: each process writes a file of its own, the files of processes that
are gone are adopted once (never those of a process still running), a
batch that cannot be read back is set aside and kept, and what a gone
Genbo left is sent without counting as a heartbeat of its sessions."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from sqlalchemy import select

from app.storage.models import SessionRow
from app.storage.repository import Repository
from app.storage.spill import SPILL_KIND, SPILL_VERSION
from app.storage.spool import Spool, server_key, spool_files, spool_path
from app.storage.writer import DatabaseWriter

BACKENDS = ("sqlite", "postgresql")
SERVER = "postgresql+psycopg://alice@team.example:5432/genbo"
T0 = 1_764_000_000_000


def batch(session_id: int, source_id: int, start: int, n: int) -> str:
    """One spool batch's text: a header and one series of `n` viewers."""
    lines = [
        {"kind": SPILL_KIND, "version": SPILL_VERSION, "database": SERVER, "samples": n},
        {
            "series": [session_id, source_id, "viewers"],
            "ts": [T0 + 1000 * (start + k) for k in range(n)],
            "values": [start + k for k in range(n)],
        },
    ]
    return "".join(json.dumps(x) + "\n" for x in lines)


def gone_genbo(data_dir: Path, bodies: list[str], *, stay: bool = False) -> subprocess.Popen[str]:
    """Another process that spools batches and exits (or stays, until its
    stdin closes)."""
    code = textwrap.dedent(
        f"""
        import json, sys
        from pathlib import Path
        from app.storage.spool import Spool
        s = Spool.open_own(Path({str(data_dir)!r}), {SERVER!r})
        for body in json.loads(sys.argv[1]):
            s.append(body, 1)
        print(s.path, flush=True)
        if {stay!r}:
            sys.stdin.read()
        """
    )
    return subprocess.Popen(
        [sys.executable, "-c", code, json.dumps(bodies)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def send_all(db, spool: Spool) -> None:
    """A writer with `spool` started, flushed (sending it) and closed."""
    writer = DatabaseWriter(db, commit_interval_s=0.01, spool=spool)
    writer.start()
    try:
        assert writer.flush(timeout=20)
    finally:
        writer.close()


def test_the_server_names_the_spool_not_its_password_or_options() -> None:
    assert server_key("postgresql+psycopg://alice:pw@Team.example/genbo?sslmode=require") == (
        "alice@team.example:5432/genbo"
    )
    assert spool_path(Path("d"), SERVER, 42) == spool_path(
        Path("d"), "postgresql://alice:***@team.example/genbo?sslmode=require", 42
    )
    assert spool_path(Path("d"), SERVER, 42) != spool_path(
        Path("d"), "postgresql://bob@team.example/genbo", 42
    )


def test_each_process_spools_apart_and_a_gone_ones_batches_are_adopted_once(
    data_dir: Path,
) -> None:
    running = gone_genbo(data_dir, [batch(1, 1, 0, 1)], stay=True)
    assert running.stdout is not None
    running_path = Path(running.stdout.readline().strip())
    gone = gone_genbo(data_dir, [batch(2, 2, 0, 1), batch(2, 2, 1, 1)])
    gone.communicate(timeout=30)
    try:
        mine = Spool.open_own(data_dir, SERVER)
        second = Spool.open_own(data_dir, SERVER)
        try:
            assert mine.path == spool_path(data_dir, SERVER)
            assert mine.path.name.endswith(f"-{os.getpid()}.sqlite")
            assert second.path != mine.path, "one file per spool, also in one process"
            adopted = mine.batches()
            assert [b.adopted for b in adopted] == [True, True]
            assert [mine.read(b.seq).series[(2, 2, "viewers")][1].tolist() for b in adopted] == [
                [0],
                [1],
            ]
            assert second.batches() == [], "adopted once"
            assert running_path.exists(), "a running Genbo's spool is its own"
            assert {p for p, _ in spool_files(data_dir, SERVER)} == {
                running_path,
                mine.path,
                second.path,
            }
            seq = mine.append(batch(3, 3, 0, 1), 1)
            assert mine.batches()[-1].seq == seq and not mine.batches()[-1].adopted
        finally:
            second.close()
            mine.close()
        assert not second.path.exists(), "an empty spool is removed when closed"
        assert mine.path.exists(), "one that holds batches stays"
    finally:
        running.communicate("", timeout=30)
    # The running one is gone now: the next spool of this process takes a
    # name of its own (the closed one's file is left from before: whoever
    # had this pid) and adopts both.
    later = Spool.open_own(data_dir, SERVER)
    try:
        assert later.path != mine.path and not mine.path.exists()
        assert [b.adopted for b in later.batches()] == [True] * 4
        assert not running_path.exists()
    finally:
        later.close()


def test_two_genbos_adopting_at_once_take_each_batch_once(data_dir: Path) -> None:
    gone = gone_genbo(data_dir, [batch(1, 1, k, 1) for k in range(200)])
    gone.communicate(timeout=30)
    spools: list[Spool] = []
    start = threading.Barrier(4)

    def adopt() -> None:
        start.wait()
        spools.append(Spool.open_own(data_dir, SERVER))

    threads = [threading.Thread(target=adopt) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    try:
        assert sorted(len(s.batches()) for s in spools) == [0, 0, 0, 200]
    finally:
        for s in spools:
            s.close()


def test_an_unreadable_batch_is_set_aside_and_kept_and_the_rest_is_sent(db, data_dir: Path) -> None:
    repo = Repository(db)
    info = repo.create_session(repo.get_or_create_streamer("阿秀"), "", T0, 480)
    src = repo.add_source(info.id, "simulator", "Simulator")
    spool = Spool.open_own(data_dir, SERVER)
    spool.append(batch(info.id, src.id, 0, 3), 3)
    bad = spool.append("x", 2)
    spool.append(batch(info.id, src.id, 3, 3), 3)
    with sqlite3.connect(spool.path) as raw:  # its bytes damaged on disk
        raw.execute("UPDATE batches SET body = ? WHERE seq = ?", (b"\x00garbage", bad))
    send_all(db, spool)
    assert repo.sample_count(info.id) == 6
    assert not spool.path.exists() or Spool(spool.path, SERVER).batches() == []
    with sqlite3.connect(spool.path) as raw:
        ((seq, why, body),) = raw.execute("SELECT seq, why, body FROM unreadable").fetchall()
    assert seq == bad and why and body == b"\x00garbage", "kept as it was"


def test_what_a_gone_genbo_left_is_sent_but_is_no_heartbeat(db, data_dir: Path) -> None:
    repo = Repository(db)
    theirs = repo.create_session(repo.get_or_create_streamer("阿秀"), "", T0, 480)
    src = repo.add_source(theirs.id, "simulator", "Simulator")
    with db.engine.begin() as conn:
        conn.execute(
            SessionRow.__table__.update()
            .where(SessionRow.id == theirs.id)
            .values(last_seen_ms=T0 + 5_000)
        )
    gone = gone_genbo(data_dir, [batch(theirs.id, src.id, 0, 4)])
    gone.communicate(timeout=30)
    spool = Spool.open_own(data_dir, SERVER)
    send_all(db, spool)
    assert repo.sample_count(theirs.id) == 4
    with db.engine.connect() as conn:
        seen = conn.execute(
            select(SessionRow.last_seen_ms).where(SessionRow.id == theirs.id)
        ).scalar_one()
    assert seen == T0 + 5_000, "a gone recorder's session does not look live again"
    assert not spool.path.exists()


def test_a_failed_set_aside_leaves_the_spool_writable(data_dir: Path) -> None:
    """The disk (or a damaged page) fails the move of an unreadable batch:
    the spool's connection is not left inside that transaction, and what is
    appended later is kept."""
    spool = Spool.open_own(data_dir, SERVER)
    first = spool.append(batch(1, 1, 0, 1), 1)
    with sqlite3.connect(spool.path) as raw:
        raw.execute(
            "CREATE TRIGGER fail BEFORE INSERT ON unreadable "
            "BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END"
        )
    with pytest.raises(sqlite3.Error):
        spool.set_aside(first, "unreadable")
    later = spool.append(batch(1, 1, 1, 1), 1)
    spool.close()
    again = Spool(spool.path, SERVER)
    try:
        assert [b.seq for b in again.batches()] == [first, later]
    finally:
        again.close()


def test_batches_adopted_twice_are_stored_once(db, data_dir: Path) -> None:
    """A Genbo died between copying a gone one's batches and deleting them
    there: both files hold them, and the next Genbo stores each point once."""
    repo = Repository(db)
    info = repo.create_session(repo.get_or_create_streamer("阿秀"), "", T0, 480)
    src = repo.add_source(info.id, "simulator", "Simulator")
    for _ in range(2):
        gone = gone_genbo(data_dir, [batch(info.id, src.id, 0, 5)])
        gone.communicate(timeout=30)
    spool = Spool.open_own(data_dir, SERVER)
    assert len(spool.batches()) == 2
    send_all(db, spool)
    assert repo.sample_count(info.id) == 5
    (col,) = [c.series["viewers"] for c in repo.load_columns(info.id).sources]
    assert col.ts_ms.tolist() == [T0 + 1000 * k for k in range(5)]
