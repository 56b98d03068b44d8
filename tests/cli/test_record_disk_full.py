"""`genbo record` on a disk that fills up: it goes on recording, says so in
plain words, writes everything once space is back, and what it could not
write by the end is in an emergency file that `genbo import` puts back."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.storage.database import open_database, sqlite_url
from app.storage.repository import Repository
from tests.disks import can_mount, small_disk

pytestmark = pytest.mark.skipif(not can_mount(), reason="needs a tmpfs of its own (root, as in CI)")


def _record(data_dir: Path, home: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "HOME": str(home), "TMPDIR": str(home)}
    return subprocess.Popen(
        [sys.executable, "-m", "app", "record", "--streamer", "满盘", "--duration", "100000",
         "--speed", "20", "--seed", "4", "--data-dir", str(data_dir)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip


def _samples_line(proc: subprocess.Popen[str]) -> int:
    assert proc.stdout is not None
    while True:
        line = proc.stdout.readline()
        assert line, "the recorder ended"
        if "samples " in line:
            return int(line.rsplit("samples ", 1)[1])


def _stderr_until(proc: subprocess.Popen[str], words: str, seen: list[str]) -> None:
    assert proc.stderr is not None
    end = time.monotonic() + 20
    while time.monotonic() < end:
        line = proc.stderr.readline()
        assert line, "".join(seen)
        seen.append(line)
        if words in line:
            return
    raise AssertionError(f"never said {words!r}: {''.join(seen)}")


def _final_count(out: str) -> int:
    return max(
        int(line.rsplit("samples ", 1)[1]) for line in out.splitlines() if "  samples " in line
    )


def test_a_disk_that_fills_then_frees_loses_nothing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    with small_disk(tmp_path / "disk", "3m") as disk:
        data_dir = disk.root / "data"
        proc = _record(data_dir, home)
        seen: list[str] = []
        try:
            _samples_line(proc)
            disk.fill()
            _stderr_until(proc, "samples waiting in memory, nothing lost yet", seen)
            assert "Disk full" in seen[-1] and str(disk.root) in seen[-1]
            time.sleep(2)
            disk.free()
            _stderr_until(proc, "can be written again", seen)
        finally:
            proc.send_signal(signal.SIGINT)
            out, err = proc.communicate(timeout=30)
        err = "".join(seen) + err
        assert proc.returncode == 130, err
        assert "Traceback" not in err + out and "Logging error" not in err
        final = _final_count(out)
        db = open_database(sqlite_url(data_dir / "genbo.db"))
        try:
            (info,) = Repository(db).list_sessions()
            assert Repository(db).sample_count(info.id) == final
        finally:
            db.dispose()


def test_a_disk_that_stays_full_leaves_an_emergency_file_that_import_puts_back(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    with small_disk(tmp_path / "disk", "3m") as disk:
        data_dir = disk.root / "data"
        proc = _record(data_dir, home)
        seen: list[str] = []
        try:
            _samples_line(proc)
            disk.fill()
            _stderr_until(proc, "Disk full", seen)
            time.sleep(1.5)
        finally:
            proc.send_signal(signal.SIGINT)
            out, err = proc.communicate(timeout=40)
        err = "".join(seen) + err
        assert "Traceback" not in err + out and "Logging error" not in err
        assert proc.returncode == 1, err  # the session could not be marked ended
        assert "could not be marked as ended" in err
        (kept,) = [line for line in err.splitlines() if "Put them back with: genbo import" in line]
        files = list((home / "Genbo unsaved samples").glob("genbo-unsaved-*.jsonl"))
        assert len(files) == 1 and str(files[0]) in kept
        final = _final_count(out)

        disk.free()
        env = {**os.environ, "HOME": str(home)}
        run = [sys.executable, "-m", "app", "--data-dir", str(data_dir)]
        r = subprocess.run(
            [*run, "import", str(files[0]), "--json"], capture_output=True, text=True, env=env
        )
        assert r.returncode == 0, r.stderr
        doc = json.loads(r.stdout)
        assert doc["kind"] == "unsaved-samples" and doc["samples"] > 0
        db = open_database(sqlite_url(data_dir / "genbo.db"))
        try:
            (info,) = Repository(db).list_sessions()
            assert Repository(db).sample_count(info.id) == final
        finally:
            db.dispose()
        # Twice changes nothing.
        r = subprocess.run(
            [*run, "import", str(files[0]), "--json"], capture_output=True, text=True, env=env
        )
        assert r.returncode == 0, r.stderr
        assert json.loads(r.stdout)["samples"] == 0
