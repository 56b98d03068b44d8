"""`genbo sync --to URL` and `genbo sync --from URL` as an operator runs
them: a laptop's data folder to a real PostgreSQL (a process of its own,
stopped with Ctrl+C: it says to run it again, which finishes) and a copy
back, progress on stderr, and the refusals (a server that cannot be
reached, one at an older schema, no direction or two)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text

from app.storage.database import open_database, sqlite_url
from app.storage.repository import Repository
from tests import pg
from tests.cli.test_cli import genbo_here
from tests.storage.test_sync import assert_same, laptop_history


@pytest.fixture
def team_url() -> Iterator[str]:
    url, name = pg.fresh_database()
    yield url
    pg.drop_database(name)


def laptop(data_dir: Path) -> dict[str, object]:
    """A laptop's data folder with three sessions of this week (the trash is
    emptied of what is a month old whenever Genbo opens the folder)."""
    db = open_database(sqlite_url(data_dir / "genbo.db"))
    try:
        return dict(laptop_history(db, t0=int(time.time() * 1000) - 5 * 86_400_000))
    finally:
        db.dispose()


def genbo(*args: str, data_dir: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.Popen(
        [sys.executable, "-m", "app", "--data-dir", str(data_dir), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip


def test_a_laptop_to_the_team_server_stopped_finished_and_copied_back(
    data_dir: Path, team_url: str, tmp_path: Path
) -> None:
    laptop(data_dir)
    open_database(team_url).dispose()  # the team's schema
    # Someone holds a lock on the server's streamers, so the sync waits at its
    # first write: Ctrl+C comes while it is under way.
    holder = psycopg.connect(pg.server().dsn(team_url.rsplit("/", 1)[1]))
    holder.execute("LOCK TABLE streamers IN SHARE ROW EXCLUSIVE MODE")
    p = genbo("sync", "--to", team_url, "--json", data_dir=data_dir)
    try:
        assert p.stderr is not None
        first = p.stderr.readline()
        assert "0/3 sessions · 0 samples" in first, first  # progress on stderr, at once
        p.send_signal(signal.SIGINT)
        time.sleep(0.3)
    finally:
        holder.rollback()
        holder.close()
    out, err = p.communicate(timeout=60)
    assert p.returncode == 130, err
    assert "stopping after the current session" in err and "stopped after 0 of 3" in err
    assert "run the same command again to continue" in err
    stopped = json.loads(out)
    assert stopped["cancelled"] is True and stopped["sessions_done"] == 0
    assert stopped["streamers_new"] == 2, "the streamers come first, and stay"

    # The same command again finishes it, with progress on stderr.
    done = genbo_here("sync", "--to", team_url, "--json", data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert (result["sessions_new"], result["samples"], result["streamers_new"]) == (3, 1620, 0)
    assert result["cancelled"] is False and result["sessions_total"] == 3
    assert done.stderr.startswith("0/3 sessions · 0 samples")

    again = genbo_here("sync", "--to", team_url, data_dir=data_dir)
    assert again.returncode == 0, again.stderr
    assert "0 sessions new, 0 updated, 3 unchanged; 0 samples" in again.stdout

    home = tmp_path / "home"
    back = genbo_here("sync", "--from", team_url, "--json", data_dir=home)
    assert back.returncode == 0, back.stderr
    assert json.loads(back.stdout)["sessions_new"] == 3
    server = open_database(team_url)
    here = open_database(sqlite_url(data_dir / "genbo.db"))
    local = open_database(sqlite_url(home / "genbo.db"))
    try:
        assert_same(here, server)
        assert_same(server, local)
        assert {s.title for s in Repository(local).list_sessions()} == {"双11 大场", "夜场"}
    finally:
        for db in (server, here, local):
            db.dispose()


def test_a_server_that_cannot_be_reached_is_named_in_one_line(data_dir: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens there once closed
    url = f"postgresql+psycopg://bob:s3cret@127.0.0.1:{port}/genbo"
    r = genbo_here("sync", "--to", url, data_dir=data_dir)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert f"bob@127.0.0.1:{port}/genbo" in lines[0] and "s3cret" not in r.stderr
    assert not (data_dir / "genbo.db").exists(), "nothing opened locally"


def test_a_server_at_an_older_schema_is_refused(data_dir: Path, team_url: str) -> None:
    open_database(team_url).dispose()
    name = team_url.rsplit("/", 1)[1]
    pg.server().execute("UPDATE alembic_version SET version_num = '0005'", name)
    laptop(data_dir)
    r = genbo_here("sync", "--to", team_url, data_dir=data_dir)
    assert r.returncode == 2
    assert "genbo --db URL upgrade" in r.stderr and "Nothing was changed" in r.stderr
    db = open_database(sqlite_url(data_dir / "genbo.db"))  # the laptop's, still there
    try:
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM live_sessions")).scalar_one() == 3
    finally:
        db.dispose()


def test_exactly_one_direction(data_dir: Path) -> None:
    r = genbo_here("sync", data_dir=data_dir)
    assert r.returncode == 2 and "--to" in r.stderr
    r = genbo_here("sync", "--to", "sqlite:///a.db", "--from", "sqlite:///b.db", data_dir=data_dir)
    assert r.returncode == 2 and "not allowed with" in r.stderr
    own = sqlite_url(data_dir / "genbo.db")
    r = genbo_here("sync", "--to", own, data_dir=data_dir)
    assert r.returncode == 2 and "own database" in r.stderr


def test_a_team_server_in_the_settings_is_where_the_history_goes_not_from(
    data_dir: Path, team_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An operator who named the team server already (its settings, here
    $GENBO_DB_URL) and then runs `genbo sync --to` it moves the laptop's
    own file there; only a --db of their own says to copy from elsewhere."""
    laptop(data_dir)
    monkeypatch.setenv("GENBO_DB_URL", team_url)
    r = genbo_here("sync", "--to", team_url, "--json", data_dir=data_dir)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["sessions_new"] == 3
    other = data_dir / "other.db"
    Repository(db := open_database(sqlite_url(other))).create_session(
        Repository(db).get_or_create_streamer("别处"), "另一份", int(time.time() * 1000), 480
    )
    db.dispose()
    r = genbo_here("--db", sqlite_url(other), "sync", "--to", team_url, "--json", data_dir=data_dir)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["sessions_new"] == 1
