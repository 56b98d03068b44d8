"""Who rode along, on the command line (issue 16): `genbo sessions
--operator NAME` and `genbo roster --operator NAME` (with --json), and where
the team server and the operator's name come from: --db / --operator, then
$GENBO_DB_URL / $GENBO_OPERATOR, then the settings' "Team server" and "Your
name" (real `genbo record` processes into a real PostgreSQL)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.config.paths import ENV_DB_URL, ENV_OPERATOR, resolve_paths
from app.config.settings import Settings, save_settings
from app.storage.database import open_database, sqlite_url
from app.storage.repository import Repository
from tests import pg
from tests.cli.test_cli import genbo_here
from tests.session.test_roster_operators import team_january
from tests.storage.test_operators import at, ride


def file_repo(data_dir: Path) -> Repository:
    return Repository(open_database(sqlite_url(data_dir / "genbo.db")))


def test_sessions_of_one_operator(data_dir: Path) -> None:
    repo = file_repo(data_dir)
    a1 = ride(repo.db, "alice", "小杨", at(2026, 3, 1))
    b1 = ride(repo.db, "bob", "阿珍", at(2026, 3, 2))
    nobody = ride(repo.db, None, "阿珍", at(2026, 3, 3))
    repo.db.dispose()

    r = genbo_here("sessions", "--json", data_dir=data_dir)
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    assert [(x["id"], x["operator"]) for x in rows] == [
        (nobody.id, None),
        (b1.id, "bob"),
        (a1.id, "alice"),
    ]
    r = genbo_here("sessions", "--operator", "alice", "--json", data_dir=data_dir)
    assert r.returncode == 0, r.stderr
    assert [(x["id"], x["operator"], x["streamer"]) for x in json.loads(r.stdout)] == [
        (a1.id, "alice", "小杨")
    ]
    r = genbo_here("sessions", "--operator", "", "--json", data_dir=data_dir)
    assert [x["id"] for x in json.loads(r.stdout)] == [nobody.id]
    r = genbo_here("sessions", "--operator", "carol", "--json", data_dir=data_dir)
    assert r.returncode == 0 and json.loads(r.stdout) == []
    r = genbo_here("sessions", "--operator", "carol", data_dir=data_dir)
    assert r.returncode == 0 and r.stdout.strip() == "No sessions match."
    # The table names who rode along once anyone is named.
    r = genbo_here("sessions", data_dir=data_dir)
    header, *lines = r.stdout.splitlines()
    assert header.split()[:3] == ["ID", "Streamer", "Operator"]
    assert [line.split()[2] for line in lines] == ["—", "bob", "alice"]
    # The --operator given before the command is who rides along, not a filter.
    r = genbo_here("--operator", "bob", "sessions", "--json", data_dir=data_dir)
    assert len(json.loads(r.stdout)) == 3


def test_a_single_users_list_is_unchanged(data_dir: Path) -> None:
    repo = file_repo(data_dir)
    ride(repo.db, None, "小杨", at(2026, 3, 1))
    repo.db.dispose()
    r = genbo_here("sessions", data_dir=data_dir)
    assert r.returncode == 0, r.stderr
    assert "Operator" not in r.stdout
    (row,) = json.loads(genbo_here("sessions", "--json", data_dir=data_dir).stdout)
    assert row["operator"] is None


def test_the_roster_of_one_operator(data_dir: Path) -> None:
    repo = file_repo(data_dir)
    jan = team_january(repo)
    repo.db.dispose()
    month = ("--month", "2026-01", "--today", "2026-01-31")

    def roster(*extra: str) -> dict[str, object]:
        r = genbo_here("roster", *month, *extra, "--json", data_dir=data_dir)
        assert r.returncode == 0, r.stderr
        return json.loads(r.stdout)  # type: ignore[no-any-return]

    everyone = roster()
    assert everyone["operator"] is None
    assert {s["name"] for s in everyone["streamers"]} == {"小杨", "阿珍", "早班"}  # type: ignore[index,union-attr]
    alice = roster("--operator", "alice")
    assert alice["operator"] == "alice"
    got = {s["id"]: s for s in alice["streamers"]}  # type: ignore[index,union-attr]
    assert set(got) == {jan.yang.id, jan.zhen.id}
    assert got[jan.yang.id]["sessions"] == 31 and got[jan.yang.id]["gmv"] == 2_000_000
    counts = alice["summary"]["counts"]  # type: ignore[index]
    assert [(c["first_time"], c["crossed"]) for c in counts] == [(1, 2), (1, 1), (0, 0)]
    dave = roster("--operator", "dave")
    assert [s["name"] for s in dave["streamers"]] == ["阿珍"]  # type: ignore[index,union-attr]
    unnamed = roster("--operator", "")
    assert unnamed["operator"] == ""
    assert {s["name"] for s in unnamed["streamers"]} == {"小杨", "早班"}  # type: ignore[index,union-attr]
    r = genbo_here("roster", *month, "--operator", "bob", data_dir=data_dir)
    assert r.returncode == 0, r.stderr
    assert "Only the streamers bob rode along with in 2026-01" in r.stdout
    assert "No streamers match in 2026-01." in r.stdout


# -- where the server and the name come from --------------------------------------------
def test_resolution_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_DB_URL, raising=False)
    monkeypatch.delenv(ENV_OPERATOR, raising=False)
    saved = {"saved_db_url": "postgresql+psycopg://saved@s/genbo", "saved_operator": "小王"}
    p = resolve_paths(tmp_path)
    assert (p.db_url, p.operator_name) == (None, None), "nothing given: the file, nobody"
    p = resolve_paths(tmp_path, **saved)
    assert (p.db_url, p.operator_name) == (saved["saved_db_url"], "小王")
    p = resolve_paths(tmp_path, saved_db_url="postgresql+psycopg://saved@s/genbo")
    assert p.operator_name == "saved", "no name anywhere: the server's user"
    monkeypatch.setenv(ENV_DB_URL, "postgresql+psycopg://env@e/genbo")
    monkeypatch.setenv(ENV_OPERATOR, "env-op")
    p = resolve_paths(tmp_path, **saved)
    assert (p.db_url, p.operator_name) == ("postgresql+psycopg://env@e/genbo", "env-op")
    p = resolve_paths(tmp_path, "postgresql+psycopg://arg@a/genbo", "arg-op", **saved)
    assert (p.db_url, p.operator_name) == ("postgresql+psycopg://arg@a/genbo", "arg-op")
    monkeypatch.setenv(ENV_DB_URL, "  ")
    monkeypatch.setenv(ENV_OPERATOR, "")
    p = resolve_paths(tmp_path, "", " ", **saved)
    assert (p.db_url, p.operator_name) == (saved["saved_db_url"], "小王"), "blank is not given"


@pytest.fixture
def two_servers() -> Iterator[tuple[str, str]]:
    a, name_a = pg.fresh_database()
    b, name_b = pg.fresh_database()
    yield a, b
    pg.drop_database(name_a)
    pg.drop_database(name_b)


def genbo(*args: str, data_dir: Path, env: dict[str, str] | None = None) -> str:
    base = {k: v for k, v in os.environ.items() if k not in (ENV_DB_URL, ENV_OPERATOR)}
    r = subprocess.run(
        [sys.executable, "-m", "app", *args, "--data-dir", str(data_dir)],
        capture_output=True, text=True, timeout=60,
        env={**base, "QT_QPA_PLATFORM": "offscreen", **(env or {})},
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    return r.stdout


@pytest.mark.slow
def test_the_settings_name_the_server_and_the_operator_last(
    two_servers: tuple[str, str], tmp_path: Path
) -> None:
    """Three real `genbo record` runs on one laptop whose settings name team
    server A and "settings-op": as they are, under the environment variables
    (server B, "env-op"), and with --db A --operator cli-op over both."""
    server_a, server_b = two_servers
    laptop = tmp_path / "laptop"
    laptop.mkdir()
    save_settings(
        resolve_paths(laptop).settings_file, Settings(db_url=server_a, operator="settings-op")
    )
    rec = ["record", "--source", "simulator", "--speed", "600", "--seed", "1", "--duration", "30"]
    genbo(*rec, "--streamer", "一号", data_dir=laptop)
    env = {ENV_DB_URL: server_b, ENV_OPERATOR: "env-op"}
    genbo(*rec, "--streamer", "二号", data_dir=laptop, env=env)
    genbo(*rec, "--streamer", "三号", "--db", server_a, "--operator", "cli-op",
          data_dir=laptop, env=env)  # fmt: skip
    assert not (laptop / "genbo.db").exists(), "all of it on the servers"

    on_a = json.loads(genbo("sessions", "--json", data_dir=laptop))
    assert [(s["streamer"], s["operator"]) for s in on_a] == [
        ("三号", "cli-op"),
        ("一号", "settings-op"),
    ]
    on_b = json.loads(genbo("sessions", "--json", data_dir=laptop, env={ENV_DB_URL: server_b}))
    assert [(s["streamer"], s["operator"]) for s in on_b] == [("二号", "env-op")]
    only = json.loads(genbo("sessions", "--operator", "cli-op", "--json", data_dir=laptop))
    assert [s["streamer"] for s in only] == ["三号"]
