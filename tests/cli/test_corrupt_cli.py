"""A broken database from the command line (issue 14): `genbo`'s entry point
(in this process; `genbo record` and the fault suite's cases as processes of
their own) on a data folder made broken by tests/corruption.py says on stderr
what happened, what was recovered and where the old file is, and the
command goes on with the fresh database as if nothing had happened."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_cli import genbo, genbo_here
from tests.corruption import CASES


def test_sessions_on_a_damaged_database_lists_what_was_recovered(tmp_path: Path) -> None:
    with CASES["data-page"](tmp_path / "data") as case:
        done = genbo_here("sessions", "--json", data_dir=case.data_dir)
        assert done.returncode == 0, done.stderr
        moved = sorted(case.data_dir.glob("genbo.db.corrupt-*"))
        assert [p.read_bytes() for p in moved[:1]] == [case.damaged]
        err = done.stderr
        assert f"The database at {case.db_path} is damaged" in err
        assert f"It was moved aside as {moved[0]}, nothing was deleted" in err
        assert "Recovered from it: 5 sessions of 4 streamers" in err
        assert "Some sample chunks could not be read at all" in err
        listed = json.loads(done.stdout)
        assert {s["id"] for s in listed} == set(case.good["live_sessions"])
        again = genbo_here("sessions", "--json", data_dir=case.data_dir)
        assert again.returncode == 0 and "damaged" not in again.stderr, "told once"
        assert json.loads(again.stdout) == listed


def test_a_read_only_database_is_browsed_and_said_so(tmp_path: Path) -> None:
    with CASES["read-only-file"](tmp_path / "data") as case:
        done = genbo_here("sessions", "--json", data_dir=case.data_dir)
        assert done.returncode == 0, done.stderr
        assert "is read-only: Genbo opened it for browsing only" in done.stderr
        assert {s["id"] for s in json.loads(done.stdout)} == set(case.good["live_sessions"])
        rec = genbo("record", "--streamer", "只读", "--duration", "5", data_dir=case.data_dir)
        assert rec.returncode == 2
        assert "is read-only, so nothing can be recorded or changed" in rec.stderr
        assert "Traceback" not in rec.stderr
        assert case.db_path.read_bytes() == case.damaged


def test_a_folder_where_the_database_should_be_stops_the_command(tmp_path: Path) -> None:
    with CASES["folder"](tmp_path / "data") as case:
        done = genbo_here("sessions", "--json", data_dir=case.data_dir)
        assert done.returncode == 2
        assert f"genbo: There is a folder at {case.db_path}" in done.stderr
        assert "Nothing was changed" in done.stderr
        assert (case.db_path / "keep.txt").exists()
