"""The team server goes away under a recording and comes back.

A real `genbo record` process records into a real PostgreSQL on 127.0.0.1;
the test stops the server (as a restart or a lost network does) while the
session is live, starts it again a few seconds later, and then reads the
server with its own reader (psycopg and a decoder of the documented chunk
format, not Genbo's code): every sample of the session is there once, with
none missing, and the recorder said it was offline and how much waited."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from tests import pg

SAMPLES = 200
"""At --speed 20, a sample every 0.05 s of real time: 10 s of recording."""


@pytest.fixture
def own_server() -> Iterator[pg.Cluster]:
    """A server of this test's own: it is stopped and started under a recording."""
    cluster = pg.Cluster.create()
    yield cluster
    cluster.destroy()


def _decode(blob: bytes, encoding: str, count: int) -> np.ndarray:
    """The chunk format as app/storage/chunks.py documents it: raw little-endian
    int64, or ("zd") zlib of the deltas."""
    if encoding == "raw":
        out = np.frombuffer(blob, dtype="<i8")
    else:
        assert encoding == "zd", encoding
        out = np.cumsum(np.frombuffer(zlib.decompress(blob), dtype="<i8"))
    assert out.size == count
    return out


def _server_series(cluster: pg.Cluster, db: str, metric: str) -> tuple[int, np.ndarray, int]:
    """(session's sample_count, the metric's stored times sorted, chunk rows)."""
    import psycopg

    with psycopg.connect(cluster.dsn(db)) as conn:
        rows = conn.execute(
            "SELECT c.ts_data, c.encoding, c.count FROM sample_chunks c "
            "JOIN live_sessions s ON s.id = c.session_id WHERE c.metric = %s",
            (metric,),
        ).fetchall()
        (count,) = conn.execute("SELECT sample_count FROM live_sessions").fetchone() or (0,)
    times = [_decode(bytes(b), e, n) for b, e, n in rows]
    ts = np.sort(np.concatenate(times)) if times else np.empty(0, dtype=np.int64)
    return int(count), ts, len(rows)


def _live_samples(cluster: pg.Cluster, db: str) -> int:
    import psycopg

    try:
        with psycopg.connect(cluster.dsn(db), connect_timeout=2) as conn:
            row = conn.execute(
                "SELECT coalesce(max(sample_count), 0) FROM live_sessions"
            ).fetchone()
    except (psycopg.OperationalError, psycopg.errors.UndefinedTable):
        return 0  # not up, or the schema not made yet
    return int(row[0]) if row else 0


def _record(url: str, data_dir: Path, streamer: str, samples: int) -> subprocess.Popen[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LANG": "en_US.UTF-8"}
    args = ["record", "--streamer", streamer, "--source", "simulator", "--speed", "20"]
    args += ["--seed", "3", "--duration", str(samples)]
    return subprocess.Popen(
        [sys.executable, "-m", "app", *args, "--data-dir", str(data_dir), "--db", url],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip


def _wait_for_samples(cluster: pg.Cluster, db: str, n: int, proc: subprocess.Popen[str]) -> None:
    """Until the live session has `n` samples on the server."""
    deadline = time.monotonic() + 30
    while _live_samples(cluster, db) < n:
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the recording never reached the server"
        time.sleep(0.1)


def test_recording_goes_on_while_the_server_is_away_and_nothing_is_lost(
    own_server: pg.Cluster, tmp_path: Path
) -> None:
    url, db = own_server.create_database()
    proc = _record(url, tmp_path, "小雨", SAMPLES)
    try:
        _wait_for_samples(own_server, db, 30, proc)
        own_server.stop("fast")  # the server goes away under the live session
        time.sleep(4)
        spool = list((tmp_path / "spool").glob("team-*.sqlite"))
        assert spool, "nothing was spooled on this computer while the server was away"
        own_server.start()
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "Finished session" in out
    offline = re.search(r"Offline: the team server does not answer — ([\d,]+) samples queued", err)
    assert offline and int(offline.group(1).replace(",", "")) > 0, err
    back = re.search(r"The team server answers again: ([\d,]+) queued samples were sent", err)
    assert back and int(back.group(1).replace(",", "")) >= 40, err  # four seconds at 20 a second

    count, ts, _rows = _server_series(own_server, db, "viewers")
    assert count == SAMPLES
    assert ts.size == SAMPLES, f"{ts.size} stored, {np.unique(ts).size} distinct"
    assert np.unique(ts).size == SAMPLES  # no duplicates
    steps = np.diff(ts)
    assert steps.min() == steps.max() == 1000, "a sample is missing"  # no gaps (1 s apart)

    # Everything sent, nothing left queued: the run's own spool file, empty, is gone.
    assert not spool[0].exists() and not list((tmp_path / "spool").glob("team-*.sqlite"))


def test_what_a_run_closed_while_offline_queued_is_sent_by_the_next_run(
    own_server: pg.Cluster, tmp_path: Path
) -> None:
    url, db = own_server.create_database()
    first = _record(url, tmp_path, "阿峰", 80)
    try:
        _wait_for_samples(own_server, db, 25, first)
        own_server.stop("fast")  # and the recording ends before it is back
        out, err = first.communicate(timeout=60)
    finally:
        if first.poll() is None:
            first.kill()
    assert "queued on this computer for the team server" in err, err
    # The end waits in the spool with the samples.
    assert first.returncode == 0, err
    assert "Finished session" in out

    own_server.start()
    second = _record(url, tmp_path, "Lily", 20)
    _out, err = second.communicate(timeout=60)
    assert second.returncode == 0, err

    import psycopg

    with psycopg.connect(own_server.dsn(db)) as conn:
        rows = conn.execute(
            "SELECT c.ts_data, c.encoding, c.count FROM sample_chunks c JOIN live_sessions s "
            "ON s.id = c.session_id JOIN streamers t ON t.id = s.streamer_id "
            "WHERE t.name = '阿峰' AND c.metric = 'viewers'"
        ).fetchall()
        ended = conn.execute(
            "SELECT s.status, s.ended_ms IS NOT NULL, s.sample_count FROM live_sessions s "
            "JOIN streamers t ON t.id = s.streamer_id WHERE t.name = '阿峰'"
        ).fetchone()
    assert ended == ("ended", True, 80)  # its end reached the server after its samples
    ts = np.sort(np.concatenate([_decode(bytes(b), e, n) for b, e, n in rows]))
    assert ts.size == np.unique(ts).size == 80  # all of it, once
    assert set(np.diff(ts).tolist()) == {1000}
    # The second run (another process) adopted the first one's spool and sent it.
    assert not list((tmp_path / "spool").glob("team-*.sqlite"))
