"""The real `genbo --demo` process, offscreen: it starts, records, and a
SIGTERM stops and saves the session instead of cutting it off."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests import stored

pytestmark = pytest.mark.slow


def _count(db: Path) -> int:
    try:
        with stored.connect(db) as conn:
            return conn.execute("select count(*) from samples").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_demo_process_records_and_stops_cleanly_on_sigterm(data_dir: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "app", "--demo", "--speed", "100", "--seed", "4",
         "--data-dir", str(data_dir)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while _count(data_dir / "genbo.db") < 500:
            assert proc.poll() is None, proc.communicate()[1]
            assert time.monotonic() < deadline, "no samples reached the database"
            time.sleep(0.2)
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    r = subprocess.run(
        [sys.executable, "-m", "app", "sessions", "--json", "--data-dir", str(data_dir)],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    (row,) = json.loads(r.stdout)
    assert row["status"] == "ended"
    assert row["streamer"] == "演示主播 Demo"
    assert row["sample_count"] >= 500 // 13
    assert row["peak_viewers"] > 0
