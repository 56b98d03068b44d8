"""The offline database a Genbo records into while its team server does not
answer, sent to a real PostgreSQL: a file another Genbo still has open (a
`genbo record` recording offline into it) is sent but not put aside, and
is put aside once nobody holds it, nothing sent twice."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.config.paths import AppPaths
from app.session.team import offline_path, offline_paths, send_offline
from app.storage.database import database_url, open_database
from app.storage.repository import Repository
from tests import pg


@pytest.fixture
def team(tmp_path: Path) -> Iterator[AppPaths]:
    url, name = pg.fresh_database()
    open_database(url).dispose()
    yield AppPaths(tmp_path, tmp_path / "config", tmp_path / "logs", db_url=url)
    pg.drop_database(name)


def test_an_offline_database_still_in_use_is_sent_but_stays(team: AppPaths) -> None:
    path = offline_path(team)
    here = open_database(database_url(offline_paths(team)))
    repo = Repository(here, "postgres")
    repo.create_session(repo.get_or_create_streamer("小雨"), "离线场", int(time.time() * 1000), 480)
    here.dispose()
    assert path.exists()
    # Another Genbo has it open, as SQLite in WAL mode does while recording.
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import sqlite3, sys
                conn = sqlite3.connect({str(path)!r})
                conn.execute("SELECT count(*) FROM live_sessions").fetchone()
                print("open", flush=True)
                sys.stdin.read()
                """
            ),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        first = send_offline(team)
        assert first is not None and first.sessions_new == 1
        assert path.exists(), "still in use: not put aside"
    finally:
        holder.communicate("", timeout=30)
    again = send_offline(team)
    assert again is not None and (again.sessions_new, again.sessions_unchanged) == (0, 1)
    assert not path.exists() and path.with_name("genbo.db.sent").exists()
    server = open_database(database_url(team))
    try:
        assert [s.title for s in Repository(server).list_sessions()] == ["离线场"]
    finally:
        server.dispose()
