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


def _window_until(data_dir: Path, samples: int, *args: str) -> list[dict[str, object]]:
    """Run the window (`genbo ARGS`, offscreen) until `samples` values are
    stored, stop it with SIGTERM (it must end cleanly), and return
    `genbo sessions --json`."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "app", *args, "--data-dir", str(data_dir)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while _count(data_dir / "genbo.db") < samples:
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
    rows: list[dict[str, object]] = json.loads(r.stdout)
    return rows


def test_demo_process_records_and_stops_cleanly_on_sigterm(data_dir: Path) -> None:
    (row,) = _window_until(data_dir, 500, "--demo", "--speed", "100", "--seed", "4")
    assert row["status"] == "ended"
    assert row["streamer"] == "演示主播 Demo"
    from app.sources.simulator import LiveShowModel

    per_sample = len(LiveShowModel(seed=4).step(1.0))  # values a simulated reading carries
    assert row["sample_count"] >= 500 // per_sample
    assert row["peak_viewers"] > 0


def _genbo(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "app", *args, "--data-dir", str(data_dir)],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip


def test_smoke_shows_a_window_first_then_the_real_one(data_dir: Path) -> None:
    r = _genbo(data_dir, "--smoke")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == ["genbo: window shown", "genbo: ready"]
    assert (data_dir / "genbo.db").exists()
    assert (data_dir / "logs" / "genbo.log").exists(), "the log file, added once it showed"


def test_a_database_that_cannot_be_used_is_explained_and_the_process_ends(
    data_dir: Path,
) -> None:
    """A folder where the database file should be: nothing to rescue, nothing
    changed, said in words, and the process ends (a damaged file is moved
    aside and rescued instead: tests/cli/test_corrupt_cli.py)."""
    (data_dir / "genbo.db").mkdir()
    (data_dir / "genbo.db" / "keep.txt").write_text("mine")
    r = _genbo(data_dir, "--smoke")
    assert r.returncode == 2
    assert "window shown" in r.stdout and "ready" not in r.stdout
    assert "There is a folder at" in r.stderr and "Nothing was changed" in r.stderr
    assert (data_dir / "genbo.db" / "keep.txt").read_text() == "mine"


def test_a_damaged_database_is_moved_aside_and_the_window_opens(data_dir: Path) -> None:
    (data_dir / "genbo.db").write_bytes(b"this is not a database" * 100)
    r = _genbo(data_dir, "--smoke")
    assert r.returncode == 0, r.stderr
    assert "ready" in r.stdout
    (moved,) = data_dir.glob("genbo.db.corrupt-*")
    assert moved.read_bytes() == b"this is not a database" * 100
    assert str(moved) in r.stderr


LIGHT_START = """
import sys
from app.cli.commands import build_parser
build_parser().parse_args(["--demo"])
import app.ui.shell.launch
heavy = ("numpy", "pyqtgraph", "sqlalchemy", "alembic", "keyring", "httpx", "logging.handlers")
heavy += ("app.ui.shell.main",)
print(",".join(m for m in heavy if m in sys.modules))
"""


def test_the_first_window_needs_nothing_heavy() -> None:
    """What runs before the light window shows must not load the libraries that
    take a second to import (cold start is measured in bench/bench_start.py)."""
    r = subprocess.run(
        [sys.executable, "-c", LIGHT_START], capture_output=True, text=True, timeout=60,
        cwd=Path(__file__).resolve().parents[2],
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == ""


def test_genbo_wall_follows_a_config_file_in_the_window(data_dir: Path, tmp_path: Path) -> None:
    """`genbo wall CONFIG`: the window opens on the wall and records each
    streamer in a session of its own; SIGTERM stops and saves them all."""
    config = tmp_path / "evening.toml"
    config.write_text(
        "\n".join(
            f'[[streamers]]\nname = "{name}"\n[[streamers.sources]]\n'
            f'kind = "simulator"\nseed = {k}\nspeed = 40\n'
            for k, name in enumerate(("杨小姐", "Lily 莉莉"), start=1)
        )
        + '[[streamers]]\nname = "Later"\nstart_after_s = 600\n'
        + '[[streamers.sources]]\nkind = "simulator"\n',
        encoding="utf-8",
    )
    rows = _window_until(data_dir, 200, "wall", str(config))
    assert sorted(row["streamer"] for row in rows) == ["Lily 莉莉", "杨小姐"]  # Later waits
    assert all(row["status"] == "ended" and row["sample_count"] > 0 for row in rows)
