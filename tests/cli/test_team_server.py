"""Two laptops, one team server: two `genbo record` processes, each with its
own data folder, record into one real PostgreSQL (`--db`) at the same time,
and a third process reads the whole team's sessions and roster from it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import pg


@pytest.fixture
def team_url() -> Iterator[str]:
    url, name = pg.fresh_database()
    yield url
    pg.drop_database(name)


def genbo(*args: str, data_dir: Path, url: str) -> subprocess.Popen[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.Popen(
        [sys.executable, "-m", "app", *args, "--data-dir", str(data_dir), "--db", url],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip


def test_two_recorders_and_a_reader_share_one_server(team_url: str, tmp_path: Path) -> None:
    laptops = [tmp_path / "laptop-a", tmp_path / "laptop-b"]

    def record(laptop: Path, name: str, seed: int) -> subprocess.Popen[str]:
        args = ["--streamer", name, "--source", "simulator", "--speed", "100"]
        args += ["--seed", str(seed), "--duration", "150"]
        return genbo("record", *args, data_dir=laptop, url=team_url)

    recorders = [
        record(laptop, name, seed)
        for laptop, name, seed in zip(laptops, ("杨小姐", "Lily 莉莉"), (1, 2), strict=True)
    ]
    outs = [p.communicate(timeout=60) for p in recorders]
    for p, (out, err) in zip(recorders, outs, strict=True):
        assert p.returncode == 0, err
        assert "Finished session" in out
    assert not any((laptop / "genbo.db").exists() for laptop in laptops), "nothing local"

    reader = tmp_path / "team-lead"
    p = genbo("sessions", "--json", data_dir=reader, url=team_url)
    out, err = p.communicate(timeout=60)
    assert p.returncode == 0, err
    rows = json.loads(out)
    assert sorted(r["streamer"] for r in rows) == ["Lily 莉莉", "杨小姐"]
    assert all(r["status"] == "ended" and r["sample_count"] == 150 for r in rows)
    assert len({r["id"] for r in rows}) == 2

    p = genbo("roster", "--json", data_dir=reader, url=team_url)
    out, err = p.communicate(timeout=60)
    assert p.returncode == 0, err
    roster = json.loads(out)
    text = json.dumps(roster, ensure_ascii=False)
    assert "杨小姐" in text and "Lily 莉莉" in text
