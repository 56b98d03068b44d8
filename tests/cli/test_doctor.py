"""`genbo doctor`: a real data folder, a session recorded with a secret and
cut off (kill -9), a log and settings that hold credentials; what it prints
has every field and no secret. A broken or missing database is reported,
never repaired, and a broken one exits 1."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.sources.fake_api import FakeApi

TOKEN = "tw-DOCTOR-SECRET-4e7b19"
ROBOT_KEY = "wecom-KEY-8d2f6a31"
DOC = {"data": [{"viewer_count": 77, "started_at": "2026-11-25T12:00:00Z"}]}


def doctor(data_dir: Path, *args: str, env: dict[str, str] | None = None):
    """`genbo doctor` as a process of its own when `env` is given (it reads
    the environment), else through its entry point in this process."""
    if env is None:
        from tests.cli.test_cli import genbo_here

        return genbo_here("doctor", *args, data_dir=data_dir)
    return subprocess.run(
        [sys.executable, "-m", "app", "doctor", "--data-dir", str(data_dir), *args],
        capture_output=True, text=True, timeout=60, env={**os.environ, **(env or {})},
    )  # fmt: skip


@pytest.fixture
def cut_off(data_dir: Path) -> Path:
    """A session recorded from a Twitch-like API with a token from the
    environment, killed after its first reading; then a log with credentials
    in it (as an older Genbo or a library might have written) and a robot."""
    api = FakeApi(lambda ex: ex.json(DOC))
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "app", "record", "--data-dir", str(data_dir),
             "--streamer", "医生", "--source", "http", "--preset", "twitch", "--channel", "chan",
             "--client-id", "cid", "--url", api.url, "--interval", "1"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True,
            env={**os.environ, "GENBO_TWITCH_TOKEN": TOKEN, "PYTHONUNBUFFERED": "1"},
        )  # fmt: skip
        assert proc.stdout is not None
        for line in proc.stdout:
            if "] live" in line:
                break
        proc.kill()
        proc.wait(10)
    finally:
        api.close()
    log = data_dir / "logs" / "genbo.log"
    with log.open("a", encoding="utf-8") as f:
        f.write(f"2026-01-01 10:00:00,000 INFO old: GET {api.url}?token={TOKEN} 401\n")
        f.write(f"2026-01-01 10:00:01,000 INFO old: headers Authorization: Bearer {TOKEN}\n")
        f.write(f"2026-01-01 10:00:02,000 INFO old: the token was {TOKEN}\n")
        f.write("2026-01-01 10:00:03,000 INFO old: posting to https://qyapi.weixin.qq.com/"
                f"cgi-bin/webhook/send?key={ROBOT_KEY}\n")  # fmt: skip
    settings = {
        "version": 2,
        "notify_targets": [
            {
                "id": "r1",
                "kind": "wecom",
                "name": "运营群",
                "url": f"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key={ROBOT_KEY}",
            }
        ],
    }
    (data_dir / "config" / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    return data_dir


def test_doctor_reports_everything_and_no_secret(cut_off: Path) -> None:
    db_file = cut_off / "genbo.db"
    files = [db_file, cut_off / "genbo.db-wal"]  # (the -shm is SQLite's index of the -wal)
    before = [hashlib.sha256(p.read_bytes()).hexdigest() for p in files]
    r = doctor(cut_off, "--json", env={"GENBO_TWITCH_TOKEN": TOKEN})
    assert r.returncode == 0, r.stderr
    assert TOKEN not in r.stdout + r.stderr and ROBOT_KEY not in r.stdout + r.stderr
    d = json.loads(r.stdout)
    assert d["healthy"] is True and d["problems"] == []
    assert d["summary"].startswith("Genbo diagnostics: healthy")
    v = d["versions"]
    for name in ("genbo", "python", "PySide6", "qt", "SQLAlchemy", "sqlite", "pyqtgraph",
                 "httpx", "numpy"):  # fmt: skip
        assert v[name] and v[name] != "not installed", name
    assert d["system"]["platform"] and d["system"]["machine"]
    assert d["paths"]["data_dir"] == str(cut_off)
    assert d["paths"]["settings_file"] == str(cut_off / "config" / "settings.json")
    assert d["paths"]["log_dir"] == str(cut_off / "logs")
    db = d["database"]
    assert db["location"] == str(db_file)
    assert db["size_bytes"] > 0 and db["wal_bytes"] > 0  # killed: its -wal is still there
    assert db["revision"] == db["known_revision"]
    assert (db["integrity"], db["integrity_ok"]) == ("ok", True)
    assert db["sessions"] == 1
    (session,) = db["open_sessions"]
    assert (session["id"], session["streamer"], session["state"]) == (1, "医生", "interrupted")
    (source,) = session["sources"]
    assert (source["kind"], source["label"]) == ("http", "Twitch chan")
    assert source["config"]["headers"]["Authorization"] == "Bearer {token}"
    assert source["config"]["secret_names"] == ["token"]
    # The log's lines, credentials masked; the robot's address masked.
    lines = d["log_lines"]
    assert any("old: the token was •••" in line for line in lines), lines
    assert any("Authorization: Bearer •••" in line for line in lines)
    assert any("send?key=•••" in line for line in lines)
    (robot,) = d["settings"]["notify_targets"]
    assert robot["url"] == "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=•••"
    assert d["spool"] == {"files": 0, "bytes": 0, "notices": 0}
    after = [hashlib.sha256(p.read_bytes()).hexdigest() for p in files]
    assert after == before, "doctor changed the database"

    # As text, with the token neither in the environment nor the keyring:
    # what names it (Bearer, token=) still masks it.
    text = doctor(cut_off)
    assert text.returncode == 0
    first, *rest = text.stdout.splitlines()
    assert first.startswith("Genbo diagnostics: healthy; database ok, 1 session(s).")
    body = "\n".join(rest)
    for heading in ("Versions", "Paths", "Database", "Settings (secrets masked)",
                    "Team chat spool:", "Log: the last"):  # fmt: skip
        assert heading in body
    assert "#1 医生" in body and "interrupted" in body
    assert f"Bearer {TOKEN}" not in body and f"token={TOKEN}" not in body
    assert ROBOT_KEY not in body


def test_a_broken_database_is_reported_with_exit_1_and_left_alone(data_dir: Path) -> None:
    db_file = data_dir / "genbo.db"
    db_file.write_bytes(b"this is not a database, " * 400)
    before = db_file.read_bytes()
    r = doctor(data_dir)
    assert r.returncode == 1
    first = r.stdout.splitlines()[0]
    assert first.startswith("Genbo diagnostics: 1 problem(s): the database could not be read")
    assert "not a database" in first
    assert db_file.read_bytes() == before and sorted(p.name for p in data_dir.iterdir()) == [
        "config", "genbo.db", "logs",
    ]  # fmt: skip


def test_flipped_bytes_and_a_missing_database(data_dir: Path) -> None:
    """In-process (as the window gathers): bytes flipped inside a table fail
    the integrity check; no database at all is healthy, and is not created."""
    from app.config.paths import resolve_paths
    from app.session.diagnostics import gather

    paths = resolve_paths(data_dir).ensure()
    d = gather(paths)
    assert d.database.exists is False and d.healthy
    assert "no database yet" in d.summary()
    assert not paths.database.exists()

    conn = sqlite3.connect(paths.database)
    conn.execute("CREATE TABLE live_sessions (id INTEGER PRIMARY KEY, deleted_ms INTEGER, t TEXT)")
    conn.execute("CREATE INDEX ix ON live_sessions (t)")
    conn.executemany(
        "INSERT INTO live_sessions (t) VALUES (?)", [(f"row {i:06d}" * 4,) for i in range(3000)]
    )
    conn.commit()
    conn.close()
    data = bytearray(paths.database.read_bytes())
    for at in range(5 * 4096 + 100, 5 * 4096 + 400):  # inside a page of the table
        data[at] ^= 0x5A
    paths.database.write_bytes(bytes(data))
    d = gather(paths)
    assert not d.healthy
    assert d.database.integrity_ok is False or d.database.error, d.database
    assert d.summary().startswith("Genbo diagnostics: 1 problem(s)")
    assert json.loads(d.as_json())["healthy"] is False


def test_gather_redacts_what_the_keyring_holds_and_survives_a_folder(
    data_dir: Path, dict_keyring
) -> None:
    """In-process, as the window gathers: the keyring's secrets for the
    presets and the ingest token are masked in the log's lines wherever
    they appear; a folder where the file should be is reported."""
    from app.config.paths import resolve_paths
    from app.config.secret_store import SecretStore
    from app.session.diagnostics import gather

    paths = resolve_paths(data_dir).ensure()
    store = SecretStore(use_keyring=True)
    store.set("youtube-api-key", "yt-KEYRING-KEY-61c0")
    store.set("ingest-token", "ingest-KEYRING-6f0d")
    (paths.log_dir / "genbo.log").write_text(
        "a yt-KEYRING-KEY-61c0 b\nc ingest-KEYRING-6f0d d\n" + "".join(
            f"line {i}\n" for i in range(300)
        ),
        encoding="utf-8",
    )  # fmt: skip
    paths.database.mkdir()
    d = gather(paths, secrets=store, log_lines=302)
    assert d.log_lines[:2] == ["a ••• b", "c ••• d"] and len(d.log_lines) == 302
    assert not d.healthy
    assert d.database.error == "a folder is where the file should be"
    text = d.as_text()
    assert "yt-KEYRING" not in text and "ingest-KEYRING" not in text
    assert json.loads(d.as_json())["healthy"] is False
    assert len(gather(paths, secrets=store).log_lines) == 200


def test_a_large_file_is_not_checked_past_the_time_limit(data_dir: Path, db) -> None:
    """The integrity check stops at its time limit (here at once) and says
    so; that is no problem. The window's open `Database` is read as it is."""
    from app.config.paths import resolve_paths
    from app.session.diagnostics import gather

    with db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE filler (t TEXT)")
        conn.exec_driver_sql(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) "
            "INSERT INTO filler SELECT printf('%080d', i) FROM n"
        )
    d = gather(resolve_paths(data_dir), db, integrity_time_limit_s=0.0)
    assert d.database.integrity is not None
    assert d.database.integrity.startswith("not checked: stopped after 0 s")
    assert d.database.integrity_ok is None and d.healthy, d.problems
    assert d.database.sessions == 0 and d.database.revision == d.database.known_revision
    assert gather(resolve_paths(data_dir), db).database.integrity == "ok"


def test_an_emergency_file_waiting_to_be_put_back_is_a_problem(tmp_path: Path) -> None:
    from tests.disks import make_emergency_file

    spill, _times = make_emergency_file(tmp_path)
    home = tmp_path / "home"
    (home / "Genbo unsaved samples").mkdir(parents=True)
    left = home / "Genbo unsaved samples" / spill.name
    left.write_bytes(spill.read_bytes())
    r = doctor(tmp_path / "origin", "--json", env={"HOME": str(home), "TMPDIR": str(tmp_path)})
    assert r.returncode == 1, r.stderr
    doc = json.loads(r.stdout)
    assert not doc["healthy"]
    assert any(str(left) in p and "genbo import" in p for p in doc["problems"])
