"""The command line, through real subprocesses on a temp data dir."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app import __version__
from tests import stored

pytestmark = pytest.mark.slow


def genbo(*args: str, data_dir: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "app", *args, "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )


def genbo_here(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    """`genbo ARGS --data-dir DIR` through its entry point in this process (a
    process of its own costs about 0.7 s of CPU to start): for commands that
    read or refuse and end. The log handlers it adds are taken away after."""
    import io
    import logging
    from contextlib import redirect_stderr, redirect_stdout

    from app.cli.commands import main

    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    out, err = io.StringIO(), io.StringIO()
    try:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = main([*args, "--data-dir", str(data_dir)])
            except SystemExit as exc:  # argparse's --version and refusals
                code = exc.code if isinstance(exc.code, int) else 1
    finally:
        for h in root.handlers[:]:
            if h not in handlers:
                root.removeHandler(h)
                h.close()
        root.setLevel(level)
    return subprocess.CompletedProcess(list(args), code, out.getvalue(), err.getvalue())


def test_version(data_dir: Path) -> None:
    r = genbo("--version", data_dir=data_dir)
    assert r.returncode == 0
    assert r.stdout.strip() == f"genbo {__version__}"


def test_record_then_sessions_json(recorded) -> None:
    data_dir = recorded.data_dir  # recorded with --duration 1200 --speed 1200 --seed 3
    r = recorded.result
    assert r.returncode == 0, r.stderr
    assert "Recording session 1" in r.stdout
    assert "Finished session 1" in r.stdout
    r = genbo_here("sessions", "--json", data_dir=data_dir)
    assert r.returncode == 0, r.stderr
    (row,) = json.loads(r.stdout)
    assert row["id"] == 1
    assert row["streamer"] == "测试主播"
    assert row["title"] == "夜场"
    assert row["status"] == "ended"
    assert row["duration_s"] == 1200
    assert row["sample_count"] == 1200
    assert 1_000 < row["peak_viewers"] < 60_000
    assert row["gmv"] > 0
    assert row["gmv_15m"] is not None and row["gmv_15m"] <= row["gmv"]
    assert row["gmv_30m"] is None, "a 20-minute session has no 30-minute figure"
    started = row["started_at"]
    assert started[:4].isdigit() and ("+" in started[10:] or "-" in started[10:])
    with stored.connect(data_dir / "genbo.db") as conn:
        assert conn.execute("select count(distinct ts_ms) from samples").fetchone()[0] == 1200
    r = genbo_here("sessions", data_dir=data_dir)
    assert "测试主播" in r.stdout and "ended" in r.stdout


def test_sessions_on_an_empty_database(data_dir: Path) -> None:
    r = genbo_here("sessions", data_dir=data_dir)
    assert r.returncode == 0
    assert "No sessions yet" in r.stdout
    assert json.loads(genbo_here("sessions", "--json", data_dir=data_dir).stdout) == []


def test_env_var_sets_the_data_dir(tmp_path: Path) -> None:
    env = {**os.environ, "GENBO_DATA_DIR": str(tmp_path / "via-env")}
    r = subprocess.run(
        [sys.executable, "-m", "app", "sessions", "--json"],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "via-env" / "genbo.db").exists()


@pytest.mark.parametrize(
    "args", [["record", "--streamer", "x", "--duration", "0"], ["record", "--duration", "5"],
             ["record", "--streamer", "x", "--duration", "5", "--speed", "abc"]],
)  # fmt: skip
def test_bad_arguments_are_explained(data_dir: Path, args: list[str]) -> None:
    r = genbo_here(*args, data_dir=data_dir)
    assert r.returncode == 2
    assert "error:" in r.stderr


def test_blank_streamer_name_is_refused_and_nothing_is_created(data_dir: Path) -> None:
    r = genbo("record", "--streamer", "  ", "--duration", "5", data_dir=data_dir)
    assert r.returncode == 2
    assert "needs a name" in r.stderr
    assert "Traceback" not in r.stderr
    assert json.loads(genbo_here("sessions", "--json", data_dir=data_dir).stdout) == []


def test_refuses_newer_database(data_dir: Path) -> None:
    assert genbo_here("sessions", data_dir=data_dir).returncode == 0
    db = data_dir / "genbo.db"
    with sqlite3.connect(db) as conn:
        conn.execute("update alembic_version set version_num = 'ffff'")
    r = genbo_here("sessions", data_dir=data_dir)
    assert r.returncode == 2
    assert "newer version of Genbo" in r.stderr
    assert "Nothing was changed" in r.stderr


def test_sigkill_loses_at_most_the_last_second(data_dir: Path) -> None:
    """Kill a recorder mid-session: every sample generated more than a second
    before the kill must be in the database, and the file must be clean."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "app", "record", "--streamer", "K", "--duration", "100000",
         "--speed", "20", "--seed", "1", "--data-dir", str(data_dir)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    progress: list[tuple[float, int]] = []
    assert proc.stdout is not None
    try:
        while len(progress) < 4:
            line = proc.stdout.readline()
            assert line, proc.stderr.read() if proc.stderr else "recorder exited"
            if "samples " in line:
                progress.append((time.monotonic(), int(line.rsplit("samples ", 1)[1])))
    finally:
        killed_at = time.monotonic()
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    # What it had handed to the writer at least one second before the kill.
    must_have = max((n for t, n in progress if t <= killed_at - 1.0), default=0)
    assert must_have > 0
    with stored.connect(data_dir / "genbo.db") as conn:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        kept = conn.execute("select count(distinct ts_ms) from samples").fetchone()[0]
    assert kept >= must_have

    # The next start finds the cut-off session; closing it keeps every sample.
    r = genbo("sessions", "--json", data_dir=data_dir)
    (row,) = json.loads(r.stdout)
    assert row["status"] == "interrupted"
    r = genbo("close", str(row["id"]), data_dir=data_dir)
    assert r.returncode == 0, r.stderr
    (row,) = json.loads(genbo("sessions", "--json", data_dir=data_dir).stdout)
    assert row["status"] == "interrupted"
    assert row["sample_count"] == kept
    assert row["ended_at"] is not None


def test_close_refuses_a_session_that_was_not_cut_off(recorded_copy: Path) -> None:
    # Session 1 there was recorded to its end (a copy: close would write).
    r = genbo_here("close", "1", data_dir=recorded_copy)
    assert r.returncode == 1
    assert "not interrupted" in r.stderr


def test_record_prints_milestones_and_export_writes_files(data_dir: Path, tmp_path: Path) -> None:
    r = genbo(
        "record", "--streamer", "导出", "--duration", "2400", "--speed", "3000", "--seed", "6",
        data_dir=data_dir,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert "★★ GMV passed ¥1M @ " in r.stdout
    out = tmp_path / "chapters.txt"
    r = genbo("export", "1", "--format", "chapters", "-o", str(out), data_dir=data_dir)
    assert r.returncode == 0, r.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("0:00 ") and len(lines) >= 3
    assert any("GMV passed ¥1M" in line for line in lines)
    r = genbo("export", "1", "--format", "json", "--offset", "+0:01:00", data_dir=data_dir)
    doc = json.loads(r.stdout)
    assert doc["video_offset_s"] == 60 and len(doc["samples"]) == 2400
    r = genbo("export", "1", "--format", "edl", "--offset", "soon", data_dir=data_dir)
    assert r.returncode == 2 and "not an offset" in r.stderr
    r = genbo("export", "99", "--format", "csv", data_dir=data_dir)
    assert r.returncode == 1 and "no session 99" in r.stderr


def test_data_dir_before_the_command_is_honoured(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("GENBO_DATA_DIR", None)
    first, second = tmp_path / "first", tmp_path / "second"
    r = subprocess.run(
        [sys.executable, "-m", "app", "--data-dir", str(first), "record", "--source",
         "simulator", "--streamer", "前面", "--duration", "60", "--speed", "600"],
        capture_output=True, text=True, timeout=60, env=env,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert (first / "genbo.db").exists()
    # Given after the command instead, it wins there too.
    r = subprocess.run(
        [sys.executable, "-m", "app", "--data-dir", str(first), "sessions", "--json",
         "--data-dir", str(second)],
        capture_output=True, text=True, timeout=60, env=env,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == []
    r = subprocess.run(
        [sys.executable, "-m", "app", "--data-dir", str(first), "sessions", "--json"],
        capture_output=True, text=True, timeout=60, env=env,
    )  # fmt: skip
    assert [row["streamer"] for row in json.loads(r.stdout)] == ["前面"]


def test_a_reader_that_leaves_early_is_no_error(recorded) -> None:
    data_dir = recorded.data_dir  # a session to list; `sessions` only reads it
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "app", "sessions", "--data-dir", str(data_dir)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
    )  # fmt: skip
    proc.stdout.close()  # like `| head -0`: nobody reads
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0
    assert b"Traceback" not in err and b"BrokenPipe" not in err


def test_a_recorded_session_keeps_its_minute_curves(recorded) -> None:
    """Ending a session stores its GMV and viewers minute by minute, the same
    minutes the comparison would build from the samples."""
    from app.core.curves import SessionCurve
    from app.session.compare import stored_curves
    from app.storage.database import open_database, sqlite_url
    from app.storage.repository import Repository

    db = open_database(sqlite_url(recorded.data_dir / "genbo.db"))
    try:
        repo = Repository(db)
        (info,) = repo.list_sessions()
        stored = repo.load_minute_curves([info.id])[info.id]
        assert set(stored) == {"gmv", "viewers"} and len(stored["gmv"]) == 20
        built = stored_curves(
            SessionCurve.from_columns(
                repo.load_columns(info.id), info.started_ms, repo.load_gaps(info.id), info.ended_ms
            )
        )
        for key in stored:
            assert (stored[key] == built[key]).all()
    finally:
        db.dispose()
