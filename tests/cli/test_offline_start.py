"""A team server that does not answer when `genbo record` starts: the
session is recorded on this computer (an offline database in the data
folder), and the next run that reaches the server sends it there: every
sample once, the operator's name on it, the offline file put aside."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.storage.database import open_database
from tests import pg


@pytest.fixture
def own_server() -> Iterator[pg.Cluster]:
    cluster = pg.Cluster.create()
    yield cluster
    cluster.destroy()


def _record(
    url: str, data_dir: Path, streamer: str, samples: int
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LANG": "en_US.UTF-8"}
    env.pop("GENBO_OPERATOR", None)
    args = ["record", "--streamer", streamer, "--source", "simulator", "--speed", "100"]
    args += ["--seed", "5", "--duration", str(samples)]
    return subprocess.run(
        [sys.executable, "-m", "app", *args, "--data-dir", str(data_dir), "--db", url],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip


def test_recorded_offline_then_sent_when_the_server_answers(
    own_server: pg.Cluster, tmp_path: Path
) -> None:
    url, name = own_server.create_database()
    open_database(url).dispose()  # the team's schema is there
    own_server.stop("fast")

    away = _record(url, tmp_path, "小雨", 50)
    assert away.returncode == 0, away.stderr
    assert "Offline: the team server" in away.stderr and "does not answer" in away.stderr
    assert "Finished session" in away.stdout
    offline = list((tmp_path / "spool").glob("offline-*/genbo.db"))
    assert len(offline) == 1
    # An independent reader of the file, closed after (a Genbo that finds the
    # file open elsewhere sends it but leaves it in place).
    with contextlib.closing(sqlite3.connect(offline[0])) as conn:
        rows = conn.execute(
            "SELECT s.uid, s.sample_count, s.status, s.operator FROM live_sessions s"
        ).fetchall()
    assert len(rows) == 1 and rows[0][1:] == (50, "ended", "postgres")
    uid = rows[0][0]
    assert "sent to the team server once it answers" in away.stderr
    # Only the database is kept apart: the rest of the data folder (queued
    # notices, cards, walls) is the one the next Genbo online reads.
    assert {p.name for p in offline[0].parent.iterdir()} <= {"genbo.db", "genbo.db-wal",
                                                             "genbo.db-shm"}  # fmt: skip

    own_server.start()
    back = _record(url, tmp_path, "阿峰", 20)
    assert back.returncode == 0, back.stderr
    assert "Sent to the team server what was recorded offline: 1 sessions" in back.stderr
    assert not offline[0].exists() and offline[0].with_name("genbo.db.sent").exists()

    import psycopg

    with psycopg.connect(own_server.dsn(name)) as conn:
        got = conn.execute(
            "SELECT t.name, s.sample_count, s.status, s.operator, s.uid FROM live_sessions s "
            "JOIN streamers t ON t.id = s.streamer_id ORDER BY s.started_ms"
        ).fetchall()
        counts = conn.execute(
            "SELECT c.metric, sum(c.count) FROM sample_chunks c JOIN live_sessions s "
            "ON s.id = c.session_id WHERE s.uid = %s AND c.metric = 'viewers' GROUP BY c.metric",
            (uid,),
        ).fetchall()
    assert [(r[0], r[1], r[2], r[3]) for r in got] == [
        ("小雨", 50, "ended", "postgres"),
        ("阿峰", 20, "ended", "postgres"),
    ]
    assert got[0][4] == uid
    assert counts == [("viewers", 50)]

    again = _record(url, tmp_path, "阿峰", 5)  # nothing waits any more: nothing sent twice
    assert again.returncode == 0 and "recorded offline" not in again.stderr
