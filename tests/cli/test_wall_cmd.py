"""`genbo wall`: a config or a saved wall, read before any window opens —
`--check` and `--json` say what it would follow, a bad one exits 2 in words
with nothing recorded, `--list` names the saved walls."""

from __future__ import annotations

import json
from pathlib import Path

from app.session.wall import SavedWalls, load_wall_config
from tests.cli.test_cli import genbo_here

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "wall.toml"


def test_check_and_json_say_what_the_example_follows(data_dir: Path) -> None:
    r = genbo_here("wall", str(EXAMPLE), "--check", data_dir=data_dir)
    assert r.returncode == 0, r.stderr
    assert "杨小姐" in r.stdout and "阿峰 Afeng" in r.stdout and "simulator" in r.stdout
    r = genbo_here("wall", str(EXAMPLE), "--json", data_dir=data_dir)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert [s["name"] for s in data["streamers"]] == ["杨小姐", "Lily 莉莉", "阿峰 Afeng"]
    assert data["path"] == str(EXAMPLE)


def test_a_bad_config_exits_2_in_words(data_dir: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[[streamers]]\nname = "甲"\nsise = 3\n', encoding="utf-8")
    r = genbo_here("wall", str(bad), data_dir=data_dir)
    assert r.returncode == 2
    assert "sise" in r.stderr and "甲" in r.stderr
    r = genbo_here("wall", "no such wall", data_dir=data_dir)
    assert r.returncode == 2 and "no such wall" in r.stderr
    assert not (data_dir / "genbo.db").exists()  # read before anything opens: nothing made


def test_saved_walls_are_listed_and_named(data_dir: Path) -> None:
    r = genbo_here("wall", "--list", data_dir=data_dir)
    assert r.returncode == 0 and "No saved walls" in r.stdout
    from dataclasses import replace

    SavedWalls(data_dir / "walls").save(replace(load_wall_config(EXAMPLE), name="晚场"))
    r = genbo_here("wall", "--list", "--json", data_dir=data_dir)
    assert r.returncode == 0
    assert [w["name"] for w in json.loads(r.stdout)] == ["晚场"]
    r = genbo_here("wall", "晚场", "--check", data_dir=data_dir)
    assert r.returncode == 0 and "杨小姐" in r.stdout
