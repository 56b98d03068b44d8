"""`genbo record` with real sources: an HTTP API, push ingest and a file, all
on this machine; secrets never reach the database or the log."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from tests import stored
from tests.sources.fake_api import FakeApi

pytestmark = pytest.mark.slow

DOC = {"data": [{"viewer_count": 4321, "started_at": "2026-11-25T12:00:00Z"}]}


@pytest.fixture
def api():
    box = {"behaviour": lambda ex: ex.json(DOC)}
    server = FakeApi(lambda ex: box["behaviour"](ex))
    server.box = box  # type: ignore[attr-defined]
    yield server
    server.close()


def start(data_dir: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "app", "record", "--data-dir", str(data_dir), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
    )


def read_until(proc: subprocess.Popen, seen: Callable[[str], bool]) -> list[str]:
    """The recorder's output lines up to the first one for which `seen` is true,
    read as they come: the test waits for what it needs, not for a set time."""
    assert proc.stdout is not None
    lines = []
    while True:
        line = proc.stdout.readline()
        assert line, "".join(lines) + (proc.stderr.read() if proc.stderr else "")
        lines.append(line)
        if seen(line):
            return lines


def db_rows(data_dir: Path, sql: str) -> list[tuple]:
    with stored.connect(data_dir / "genbo.db") as conn:
        return conn.execute(sql).fetchall()


def test_three_sources_feed_one_session(data_dir: Path, api, tmp_path: Path) -> None:
    feed = tmp_path / "feed.csv"
    feed.write_text("orders,涨粉\n10,3\n")
    proc = start(
        data_dir, "--streamer", "多源", "--duration", "30",
        "--source", "http", "--url", api.url, "--map", "viewers=data[0].viewer_count",
        "--interval", "1",
        "--source", "ingest",
        "--source", "file", "--path", str(feed),
    )  # fmt: skip
    lines = read_until(proc, lambda line: "POST " in line)
    m = re.search(r"POST (\S+) with Authorization: Bearer (\S+)", lines[-1])
    assert m, lines
    url, token = m.group(1), m.group(2)
    r = httpx.post(
        url, json={"metrics": {"gmv": "1.2万"}}, headers={"Authorization": f"Bearer {token}"}
    )
    assert r.status_code == 202
    with open(feed, "a") as f:
        f.write("20,5\n")
    # Once the recorder has a reading from each of the three, it is stopped as
    # an operator would (it stopped at --duration 4 before; now 30 is a bound).
    lines += read_until(
        proc, lambda line: all(s in line for s in ("viewers 4,321", "GMV ¥12K", "orders 20"))
    )
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    text = "".join(lines) + out
    assert "Finished session 1" in text
    kinds = dict(db_rows(data_dir, "select id, kind from sources"))
    assert sorted(kinds.values()) == ["file", "http", "ingest"]
    per_source = db_rows(
        data_dir,
        "select s.kind, group_concat(distinct m.metric) from samples m join sources s "
        "on s.id = m.source_id group by s.kind order by s.kind",
    )
    got = {k: set(v.split(",")) for k, v in per_source}
    assert got == {"file": {"orders", "new_followers"}, "http": {"viewers"}, "ingest": {"gmv"}}
    assert db_rows(data_dir, "select max(value) from samples where metric='orders'") == [(20,)]
    assert token not in (data_dir / "genbo.db").read_bytes().decode("latin-1")


def test_twitch_preset_with_token_from_env_never_stores_it(data_dir: Path, api) -> None:
    token = "tw-secret-7f3a9c"
    proc = start(
        data_dir, "--streamer", "twitchy", "--duration", "30", "--source", "http",
        "--preset", "twitch", "--channel", "somechan", "--client-id", "cid", "--url", api.url,
        "--interval", "1",
        env={"GENBO_TWITCH_TOKEN": token},
    )  # fmt: skip
    # Stopped once the first answer was read (it stopped at --duration 3 before).
    seen = read_until(proc, lambda line: "on air since" in line)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=30)
    out = "".join(seen) + out
    assert proc.returncode == 0, err
    assert api.requests and api.requests[0].headers["authorization"] == f"Bearer {token}"
    assert "on air since 2026-11-25T12:00:00Z" in out
    assert db_rows(data_dir, "select distinct value from samples") == [(4321,)]
    for path in [data_dir / "genbo.db", *(data_dir / "logs").glob("*")]:
        assert token not in path.read_bytes().decode("utf-8", "replace"), path
    assert token not in out + err
    cfg = json.loads(db_rows(data_dir, "select config_json from sources")[0][0])
    assert cfg["secret_names"] == ["token"] and cfg["params"]["channel"] == "somechan"


def test_missing_secret_is_explained(data_dir: Path, api) -> None:
    proc = start(
        data_dir, "--streamer", "x", "--source", "http", "--preset", "twitch",
        "--channel", "c", "--client-id", "cid", "--url", api.url,
    )  # fmt: skip
    _out, err = proc.communicate(timeout=30)
    assert proc.returncode == 2
    assert "GENBO_TWITCH_TOKEN" in err and "genbo secret set twitch-token" in err


def test_outage_is_stored_as_a_gap(data_dir: Path, api) -> None:
    first_request: list[float] = []

    def down_then_up(ex):  # counted from the recorder's first poll, not from
        now = time.monotonic()  # this test's start: a slow start-up must not
        first_request[:] = first_request or [now]  # shorten the outage
        if now - first_request[0] < 3.5:
            return ex.json({"error": "down"}, status=503)
        return ex.json(DOC)

    api.box["behaviour"] = down_then_up
    proc = start(
        data_dir, "--streamer", "gappy", "--duration", "40", "--source", "http",
        "--url", api.url, "--map", "viewers=data[0].viewer_count", "--interval", "1",
    )  # fmt: skip
    # It stopped at --duration 7 before, which the retries' jittered backoff
    # (1-2 s, then 2-3 s, then 4-5 s) sometimes passed before the API was back:
    # no sample at all. Now it is stopped once two readings came after the gap.
    seen = read_until(proc, lambda line: "stale since" in line)
    seen += read_until(proc, lambda line: bool(re.search(r"samples ([2-9]|\d\d)", line)))
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=40)
    out = "".join(seen) + out
    assert proc.returncode == 0, err
    assert "stale since" in out and "HTTP 503" in out
    gaps = db_rows(data_dir, "select start_ms, end_ms, reason from gaps")
    assert len(gaps) == 1
    start_ms, end_ms, reason = gaps[0]
    assert end_ms is not None and end_ms - start_ms >= 2000
    assert "HTTP 503" in reason
    inside = db_rows(
        data_dir, f"select count(*) from samples where ts_ms > {start_ms} and ts_ms < {end_ms}"
    )
    assert inside == [(0,)], "nothing filled into the gap"
    assert db_rows(data_dir, "select count(*) from samples")[0][0] >= 2


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--source", "http"], "needs --url"),
        (["--source", "http", "--url", "http://x/", "--map", "viewers"], "METRIC=PATH"),
        (["--source", "http", "--url", "http://x/", "--map", "v=a", "--interval", "0.5"],
         "at least 1 s"),
        (["--source", "file"], "needs --path"),
        (["--source", "simulator", "--source", "file", "--path", "x", "--speed", "5"],
         "only on its own"),
        (["--source", "ingest", "--port", "99999"], "between 0 and 65535"),
    ],
)  # fmt: skip
def test_bad_source_options_are_explained(data_dir: Path, args, fragment, capsys) -> None:
    """In this process (`genbo`'s own entry point): refused before anything
    starts, so no process of its own is needed to see it."""
    from app.cli.commands import main

    try:
        code = main(["--data-dir", str(data_dir), "record", "--streamer", "x", *args])
    except SystemExit as exc:  # argparse's own refusals
        code = exc.code
    assert code == 2
    assert fragment in capsys.readouterr().err


def test_record_resume_picks_up_a_killed_session_and_stores_the_downtime(data_dir: Path) -> None:
    """kill -9, then `genbo record --resume ID`: the session is interrupted at
    once, continues with its own sources, and the downtime is a stored gap."""
    proc = start(data_dir, "--streamer", "断线", "--source", "ingest")
    assert proc.stdout is not None
    url = token = None
    while url is None:
        line = proc.stdout.readline()
        assert line, proc.stderr.read() if proc.stderr else ""
        if m := re.search(r"POST (\S+) with Authorization: Bearer (\S+)", line):
            url, token = m.group(1), m.group(2)
    auth = {"Authorization": f"Bearer {token}"}
    for v in (100, 120):
        assert httpx.post(url, json={"metrics": {"viewers": v}}, headers=auth).status_code == 202
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and db_rows(data_dir, "select count(*) from samples") != [
        (2,)
    ]:
        time.sleep(0.1)
    proc.kill()
    killed = time.time()
    proc.wait(10)

    r = subprocess.run(
        [sys.executable, "-m", "app", "sessions", "--json", "--data-dir", str(data_dir)],
        capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    (row,) = json.loads(r.stdout)
    assert time.time() - killed < 5
    assert (row["status"], row["sample_count"]) == ("interrupted", 2)

    time.sleep(2.5)  # Genbo is down for a while
    again = start(data_dir, "--resume", str(row["id"]), "--duration", "1")
    out, err = again.communicate(timeout=60)
    assert again.returncode == 0, err
    assert f"Resuming session {row['id']}" in out
    assert "Genbo was not running from" in out
    (gap,) = db_rows(data_dir, "select source_id, start_ms, end_ms, reason from gaps")
    assert gap[0] is None and gap[3] == "Genbo was not running"
    assert 2_000 <= gap[2] - gap[1] <= 15_000
    assert db_rows(data_dir, "select kind from sources order by id") == [("ingest",), ("ingest",)]
    r = subprocess.run(
        [sys.executable, "-m", "app", "export", str(row["id"]), "--format", "json",
         "--data-dir", str(data_dir)],
        capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    doc = json.loads(r.stdout)
    assert doc["session"]["status"] == "ended"
    assert [g["reason"] for g in doc["gaps"]] == ["Genbo was not running"]


def test_record_resume_refuses_a_session_that_is_not_interrupted(recorded_copy: Path) -> None:
    # Session 1 there was recorded to its end (a copy: a resume would write).
    again = start(recorded_copy, "--resume", "1")
    _out, err = again.communicate(timeout=60)
    assert again.returncode == 2
    assert "not interrupted" in err


def test_record_resume_of_a_show_stops_after_duration_more_and_continues_it(
    data_dir: Path,
) -> None:
    """`--resume ID --duration 20` once ran until killed, and an unseeded demo
    resumed as a new show (GMV fell)."""
    proc = start(data_dir, "--streamer", "演示", "--speed", "50", "--duration", "100000")
    assert proc.stdout is not None
    while "samples " not in (line := proc.stdout.readline()) or int(line.rsplit(" ", 1)[1]) < 100:
        assert line, proc.stderr.read() if proc.stderr else ""
    proc.kill()
    proc.wait(10)
    (before,) = db_rows(data_dir, "select max(ts_ms) from samples")
    again = start(data_dir, "--resume", "1", "--duration", "30")
    out, err = again.communicate(timeout=60)
    assert again.returncode == 0, err
    assert "(100%)" in out.splitlines()[-2]
    rows = db_rows(data_dir, "select ts_ms, value from samples where metric='gmv' order by ts_ms")
    gmv = [v for _t, v in rows]
    assert gmv == sorted(gmv), "the same show goes on: GMV never falls back"
    (after,) = db_rows(data_dir, "select max(ts_ms) from samples")
    assert 25_000 <= after[0] - before[0] <= 35_000
