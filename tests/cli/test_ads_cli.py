"""`genbo ads import` and `genbo ads roi`, on a real database in a temp data
folder: first through the command's own parser (as `genbo` parses it), then
through real `python -m app ads …` processes (these need `ads_cmd.register`
in app/cli/commands.py)."""

import argparse
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.storage.ads import AdStore
from app.storage.repository import Repository

DATA = Path(__file__).resolve().parents[1] / "data" / "ads"
FIRST = DATA / "jinniu_2026-11-05.csv"
LATER = DATA / "jinniu_2026-12-05.csv"
QIANCHUAN = DATA / "qianchuan_2026-11-05.csv"


def genbo(data_dir: Path, *argv: str) -> int:
    """Run an ads command as `genbo` parses it (real database in `data_dir`)."""
    from app.cli.ads_cmd import register
    from app.config.paths import resolve_paths

    parser = argparse.ArgumentParser(prog="genbo")
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(list(argv))
    return int(args.run(args, resolve_paths(data_dir).ensure()))


@pytest.fixture
def team(repo: Repository) -> Repository:
    zhen = repo.create_streamer("阿珍", "kuaishou", "ks_azhen")
    repo.create_streamer("小杨", "douyin", "dy_xiaoyang")
    started = int(datetime(2026, 11, 3, 12, tzinfo=UTC).timestamp() * 1000)
    repo.create_session(zhen, "晚场", started, 480)
    return repo


def test_import_prints_the_preview_and_stores(team, data_dir, capsys) -> None:
    code = genbo(data_dir, "ads", "import", str(FIRST), "--as-of", "2026-11-05")
    out = capsys.readouterr().out
    assert code == 1, "a row was left out (an unknown account)"
    assert out.startswith("磁力金牛 report (Kuaishou), as of 2026-11-05: 4 rows read")
    assert "row 3: 2026-11-03 plan 1001 → 阿珍; sessions 1; spend ¥1,234.50" in out
    assert "row 5: 2026-11-04 plan 1001 → 阿珍; no session that day" in out
    assert "row 6: no streamer has the account ks_stranger" in out
    assert "The totals row (合计) is not a plan; skipped: row 8" in out
    assert "Stored: 3 new, 0 updated, 0 unchanged" in out
    assert len(AdStore(team.db).rows()) == 3

    genbo(data_dir, "ads", "import", str(LATER), "--as-of", "2026-12-05")
    assert "Stored: 0 new, 3 updated" in capsys.readouterr().out
    genbo(data_dir, "ads", "import", str(LATER), "--as-of", "2026-12-05")
    assert "Stored: 0 new, 0 updated, 3 unchanged" in capsys.readouterr().out
    genbo(data_dir, "ads", "import", str(FIRST), "--as-of", "2026-11-05")
    out = capsys.readouterr().out
    assert "3 kept as they were" in out and "as of 2026-12-05, newer than this export" in out


def test_dry_run_and_json(team, data_dir, capsys) -> None:
    code = genbo(data_dir, "ads", "import", str(QIANCHUAN), "--dry-run", "--json")
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert data["platform"] == "douyin" and data["tool"] == "千川" and data["applied"] is None
    assert [m["streamer"] for m in data["matched"]] == ["小杨", "小杨"]
    assert set(data["matched"][0]["windows"]) == {"direct", "t7"}
    assert AdStore(team.db).rows() == []


def test_unreadable_files_exit_1_with_a_message(team, data_dir, tmp_path, capsys) -> None:
    assert genbo(data_dir, "ads", "import", str(tmp_path / "missing.csv")) == 1
    assert "could not be read" in capsys.readouterr().err
    other = tmp_path / "other.csv"
    other.write_text("时间,在线人数\n20:00,100\n", encoding="utf-8")
    assert genbo(data_dir, "ads", "import", str(other)) == 1
    assert "no header row" in capsys.readouterr().err
    assert genbo(data_dir, "ads", "import", str(FIRST), "--as-of", "11/05") == 2
    assert "not a date" in capsys.readouterr().err


def test_roi_table_and_json(team, data_dir, capsys) -> None:
    genbo(data_dir, "ads", "import", str(LATER), "--as-of", "2026-12-05")
    genbo(data_dir, "ads", "import", str(QIANCHUAN), "--as-of", "2026-11-05")
    capsys.readouterr()
    assert genbo(data_dir, "ads", "roi", "--streamer", "阿珍", "--month", "2026-11") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "阿珍 · 磁力金牛 (Kuaishou)"
    assert "T15/T30" in lines[1]
    assert lines[2].split() == [
        "day", "spend", "direct", "GMV", "direct", "ROI", "T0", "GMV", "T0", "ROI",
        "T15", "GMV", "T15", "ROI", "T30", "GMV", "T30", "ROI", "T0→T30",
    ]  # fmt: skip
    assert lines[4].split() == [
        "2026-11-04", "¥2,000.00", "¥3,000.00", "1.50", "¥4,100.00", "2.05", "¥5,000.00",
        "2.50", "¥6,000.00", "3.00", "+0.95",
    ]  # fmt: skip
    assert lines[5].startswith("overall")

    assert genbo(data_dir, "ads", "roi", "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["streamer"] for d in data] == ["小杨", "阿珍"]
    yang, zhen = data
    assert yang["windows"] == ["direct", "t7"] and yang["gap"] == ["direct", "t7"]
    assert [x["period"] for x in zhen["lines"]] == ["2026-11"]
    assert zhen["overall"]["windows"]["t30"]["gmv"] == "11118.00"
    assert zhen["overall"]["spend"] == "3234.50"

    assert genbo(data_dir, "ads", "roi", "--streamer", "nobody") == 2
    assert genbo(data_dir, "ads", "roi", "--month", "2025-01") == 0
    assert "No paid-traffic figures" in capsys.readouterr().out


# -- through real processes (need the wiring line in app/cli/commands.py) ------------------
def run(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args, "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )


@pytest.mark.slow
def test_genbo_ads_import_and_roi_as_processes(team, data_dir) -> None:
    r = run(data_dir, "ads", "import", str(FIRST), "--as-of", "2026-11-05", "--json")
    assert r.returncode == 1, r.stderr
    data = json.loads(r.stdout)
    assert data["applied"]["inserted"] == 3 and len(data["unmatched"]) == 1
    r = run(data_dir, "ads", "import", str(LATER), "--as-of", "2026-12-05")
    assert "Stored: 0 new, 3 updated" in r.stdout, r.stderr
    r = run(data_dir, "ads", "roi", "--json")
    assert r.returncode == 0, r.stderr
    (zhen,) = json.loads(r.stdout)
    assert zhen["overall"]["roi_gap"] is not None
    r = run(data_dir, "ads", "import", str(data_dir / "missing.xlsx"))
    assert r.returncode == 1 and "could not be read" in r.stderr
