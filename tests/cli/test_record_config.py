"""`genbo record --config FILE`: every streamer of a wall recorded at once into
the one database, each in a session of its own. The recordings run in real
`python -m app` processes; what they stored is read back with plain `sqlite3`
(`tests.stored`); the refusals run genbo's entry point in this process."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from app.notify.targets import Target
from tests import stored
from tests.cli.test_cli import genbo_here
from tests.cli.test_notify_cli import with_targets

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "docs" / "examples" / "wall.toml"

THREE = """
name = "三人 Three"

[[streamers]]
name = "杨小姐"
title = "秋冬上新"
[[streamers.sources]]
kind = "simulator"
seed = 1
size = 2.5
speed = 100
duration_s = 150

[[streamers]]
name = "Anna K"
start_after_s = 1
[[streamers.sources]]
kind = "simulator"
seed = 2
size = 0.4
speed = 50
duration_s = 60
tick_s = 0.5

[[streamers]]
name = "王老师"
title = "Tea"
[[streamers.sources]]
kind = "simulator"
seed = 3
size = 6
speed = 120
duration_s = 240
"""
DURATION = 100
"""--duration: each session's own; the shorter show ends at its own duration_s."""
PLANNED = {"杨小姐": (150, 100, 100), "Anna K": (60, 60, 120), "王老师": (240, 100, 100)}
"""Each streamer's (duration_s in the file, seconds recorded, samples: one per tick)."""


def write(tmp_path: Path, text: str, name: str = "wall.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def start(data_dir: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "app", "record", "--data-dir", str(data_dir), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1", "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip


def read_until(proc: subprocess.Popen[str], seen: Callable[[list[str]], bool]) -> list[str]:
    """The recorder's lines as they come, up to the first one after which
    `seen(lines)` is true."""
    assert proc.stdout is not None
    lines: list[str] = []
    while not seen(lines):
        line = proc.stdout.readline()
        assert line, "".join(lines) + (proc.stderr.read() if proc.stderr else "")
        lines.append(line)
    return lines


def squeeze(text: str) -> str:
    """Lines with their runs of spaces made one (the block pads the names)."""
    return "\n".join(" ".join(line.split()) for line in text.splitlines())


def rows(data_dir: Path, sql: str, *params: object) -> list[tuple]:
    with stored.connect(data_dir / "genbo.db") as conn:
        return conn.execute(sql, params).fetchall()


def sessions(data_dir: Path) -> dict[str, tuple]:
    """Each streamer's session: (id, status, started_ms, ended_ms, sample_count, title)."""
    found = rows(
        data_dir,
        "select st.name, s.id, s.status, s.started_ms, s.ended_ms, s.sample_count, s.title "
        "from live_sessions s join streamers st on st.id = s.streamer_id",
    )
    return {name: rest for name, *rest in found}


def test_three_streamers_are_recorded_at_once_each_in_a_session_of_its_own(
    data_dir: Path, tmp_path: Path, robots
) -> None:
    with_targets(
        data_dir,
        Target.create("wecom", "运营群", robots.url("wecom"), ("go_live", "session_summary")),
    )
    cfg = write(tmp_path, THREE)
    r = subprocess.run(
        [sys.executable, "-m", "app", "record", "--config", str(cfg), "--json",
         "--duration", str(DURATION), "--data-dir", str(data_dir)],
        capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    # --json: the lines as it goes on stderr, one object on stdout.
    doc = json.loads(r.stdout)
    by_name = {row["streamer"]: row for row in doc["sessions"]}
    assert list(by_name) == ["杨小姐", "Anna K", "王老师"], "in the file's order"
    for name, (_planned, duration, n) in PLANNED.items():
        row = by_name[name]
        assert row["status"] == "ended" and row["duration_s"] == duration, row
        assert row["sample_count"] == n and row["gmv_fen"] is not None and row["gmv_fen"] > 0
        assert row["gmv"] == row["gmv_fen"] / 100
    out = r.stderr
    assert 'Recording the wall "三人 Three": 3 streamers' in out
    assert "[Anna K] waiting, starts in 0:01" in squeeze(out)
    for name in PLANNED:
        assert f"[{name}] Recording session " in out
        assert f"[{name}] [Simulator ×" in out, "source statuses name their streamer"
        (finished,) = [x for x in out.splitlines() if x.startswith(f"[{name}] Finished session")]
        assert f"{PLANNED[name][2]} samples." in finished
    stars = [x for x in out.splitlines() if "★" in x]
    assert stars and all(x.startswith(("[杨小姐] ", "[Anna K] ", "[王老师] ")) for x in stars)
    blocks = [x for x in out.splitlines() if x.startswith("三人 Three · ")]
    assert len(blocks) >= 2 and "3 ended" in blocks[-1]

    # What an independent reader finds in the database.
    found = sessions(data_dir)
    assert set(found) == set(PLANNED)
    ids = {name: v[0] for name, v in found.items()}
    assert len(set(ids.values())) == 3
    for name, (sid, status, started, ended, count, _title) in found.items():
        planned, duration, n = PLANNED[name]
        assert status == "ended" and ended == started + duration * 1000
        assert count == n
        source_rows = rows(
            data_dir, "select id, kind, config_json from sources where session_id=?", sid
        )
        assert [k for _i, k, _c in source_rows] == ["simulator"]
        (source_id, _kind, config) = source_rows[0]
        assert json.loads(config)["duration_s"] == planned, "the show as the file gave it"
        (n_ts, first, last, others) = rows(
            data_dir,
            "select count(distinct ts_ms), min(ts_ms), max(ts_ms), "
            "sum(source_id != ?) from samples where session_id = ?",
            source_id, sid,
        )[0]  # fmt: skip
        assert n_ts == n and started < first and last <= ended, "inside its own span"
        assert others == 0, "every sample of the session is its own source's"
    assert found["杨小姐"][5] == "秋冬上新" and found["Anna K"][5] == ""
    # No sample sits under another session's source.
    assert rows(
        data_dir,
        "select count(*) from samples m join sources s on s.id = m.source_id "
        "where s.session_id != m.session_id",
    ) == [(0,)]
    # The waiting one started about a second after the others.
    late = found["Anna K"][2] - min(found["杨小姐"][2], found["王老师"][2])
    assert 700 <= late <= 3000, late
    # One dispatcher for the run; each session told the team chat its own news.
    texts = [h.doc["markdown"]["content"] for h in robots.of("wecom")]
    for name in PLANNED:
        assert sum(f"{name} is live" in t for t in texts) == 1, texts
        assert sum(f"Session ended: {name}" in t for t in texts) == 1, texts


def test_ctrl_c_stops_and_saves_every_session(data_dir: Path, tmp_path: Path, robots) -> None:
    """Two shows record while a third streamer's API refuses every request
    and a fourth still waits; Ctrl+C closes all that started."""
    with_targets(data_dir, Target.create("wecom", "运营群", robots.url("wecom")))
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        dead = s.getsockname()[1]
    cfg = write(
        tmp_path,
        f"""
        name = "Demo"
        demo = true
        [[streamers]]
        name = "甲"
        [[streamers.sources]]
        kind = "simulator"
        seed = 4
        speed = 30
        [[streamers]]
        name = "乙"
        [[streamers.sources]]
        kind = "simulator"
        seed = 5
        speed = 20
        size = 3
        [[streamers]]
        name = "丙"
        start_after_s = 600
        [[streamers.sources]]
        kind = "simulator"
        [[streamers]]
        name = "丁"
        [[streamers.sources]]
        kind = "http"
        url = "http://127.0.0.1:{dead}/stats"
        map = {{ viewers = "data.online" }}
        interval = 1
        """,
    )
    proc = start(data_dir, "--config", str(cfg))
    try:

        def recording_while_one_fails(lines: list[str]) -> bool:
            text = squeeze("".join(lines))
            if "[丁] [HTTP 127.0.0.1:" not in text or "cannot connect" not in text:
                return False
            block = text.rsplit("Demo · ", 1)[-1].splitlines()[1:]
            counts = {
                x.split("]")[0]: x.rsplit("samples ", 1)[-1] for x in block if "samples " in x
            }
            return counts.get("[丁") == "0" and all(
                counts.get(k, "0").isdigit() and int(counts.get(k, "0")) > 0 for k in ("[甲", "[乙")
            )

        lines = read_until(proc, recording_while_one_fails)
        assert "[丙] waiting, starts in " in squeeze("".join(lines))
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, err
    assert "Stopped early (SIGINT)" in out
    assert "[丙] not started" in out
    found = sessions(data_dir)
    assert set(found) == {"甲", "乙", "丁"}, "the one still waiting never started"
    for name, (sid, status, started, ended, count, _t) in found.items():
        assert status == "ended" and ended is not None and ended > started, name
        kept = rows(data_dir, "select count(distinct ts_ms) from samples where session_id=?", sid)
        assert kept == [(count,)], name
        assert (count > 0) is (name != "丁"), (name, count)
        assert f"[{name}] Finished session {sid}:" in out
    assert robots.of("wecom") == [], "a demo wall tells the team chat nothing"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('name = "x"\ncolour = "red"\n[[streamers]]\nname = "a"\n', "unknown key “colour”"),
        (
            "".join(
                f'[[streamers]]\nname = "s{i}"\n[[streamers.sources]]\nkind = "simulator"\n'
                for i in range(13)
            ),
            "13 streamers; a wall follows at most 12",
        ),
        ('[[streamers]]\nname = "a"\n[[streamers.sources]]\nkind = "tv"\n', "unknown kind"),
        ('[[streamers]]\nname = "手打"\n', "手打 has no sources"),
        ("[[streamers]\n", "is not valid TOML"),
    ],
    ids=["unknown-key", "thirteen", "unknown-kind", "no-sources", "not-toml"],
)
def test_a_bad_config_is_refused_in_words_and_records_nothing(
    data_dir: Path, tmp_path: Path, text: str, words: str
) -> None:
    cfg = write(tmp_path, text)
    r = genbo_here("record", "--config", str(cfg), data_dir=data_dir)
    assert r.returncode == 2
    assert words in r.stderr, r.stderr
    if "no sources" not in words:
        assert str(cfg) in r.stderr, "a config error names the file"
    assert "Traceback" not in r.stderr and r.stdout == ""
    assert rows(data_dir, "select count(*) from live_sessions") == [(0,)]


def test_a_missing_config_file_is_said(data_dir: Path, tmp_path: Path) -> None:
    r = genbo_here("record", "--config", str(tmp_path / "none.toml"), "--json", data_dir=data_dir)
    assert r.returncode == 2
    assert "none.toml cannot be read" in r.stderr and r.stdout == ""


@pytest.mark.parametrize(
    "extra",
    [["--speed", "5"], ["--source", "http"], ["--seed", "3"], ["--title", "夜场"],
     ["--url", "http://x", "--interval", "2"]],
)  # fmt: skip
def test_source_options_with_config_are_refused(
    data_dir: Path, tmp_path: Path, extra: list[str]
) -> None:
    cfg = write(tmp_path, '[[streamers]]\nname = "a"\n[[streamers.sources]]\nkind = "simulator"\n')
    r = genbo_here("record", "--config", str(cfg), *extra, data_dir=data_dir)
    assert r.returncode == 2
    assert f"{extra[0]}" in r.stderr and "cannot be used with --config" in r.stderr, r.stderr
    assert "in the wall's file" in r.stderr
    assert rows(data_dir, "select count(*) from live_sessions") == [(0,)]


def test_config_goes_instead_of_streamer_or_resume(data_dir: Path, tmp_path: Path) -> None:
    cfg = write(tmp_path, '[[streamers]]\nname = "a"\n[[streamers.sources]]\nkind = "simulator"\n')
    for other in (["--streamer", "x"], ["--resume", "1"]):
        r = genbo_here("record", "--config", str(cfg), *other, data_dir=data_dir)
        assert r.returncode == 2 and "not allowed with argument" in r.stderr, r.stderr


def test_the_shipped_example_parses_and_records(data_dir: Path) -> None:
    from app.session.wall import load_wall_config

    cfg = load_wall_config(EXAMPLE)
    assert len(cfg.entries) >= 3 and not cfg.demo
    now = [e.streamer for e in cfg.entries if not e.waits]
    assert now, "something starts at once"
    proc = start(data_dir, "--config", str(EXAMPLE), "--duration", "3")
    try:

        def all_ended(lines: list[str]) -> bool:
            done = {
                x.split("]")[0]
                for x in squeeze("".join(lines)).splitlines()
                if "] ended · 0:03" in x
            }
            return len(done) == len(now)

        read_until(proc, all_ended)
        proc.send_signal(signal.SIGTERM)  # the ones that wait would start later
        out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "Stopped early (SIGTERM)" in out
    found = sessions(data_dir)
    assert set(found) == set(now)
    for name, (_sid, status, started, ended, count, _t) in found.items():
        assert status == "ended" and 3000 <= ended - started < 4500 and count >= 2, name
