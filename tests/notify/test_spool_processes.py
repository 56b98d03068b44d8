"""Processes sharing a data folder's team-chat spool: each writes its own
`notify-spool-<pid>.jsonl`, and a dispatcher starting adopts, exactly once,
the files of processes that are gone (in this process with fake pids, and with
two real `python` processes racing for the same dead process's file)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.config.secret_store import SecretStore
from app.notify import payloads
from app.notify.dispatcher import Dispatcher, RetryPolicy, pid_alive, spool_owner
from app.notify.targets import Target
from tests.notify import fake_robots as fr
from tests.notify.fake_robots import Robots

FAST = RetryPolicy(attempts=1, backoff_initial_s=0.01, backoff_max_s=0.02, retry_later_s=3600)
DEAD, ALIVE = 999_001, 999_002


@pytest.fixture
def robots() -> Iterator[Robots]:
    r = fr.start(Robots())
    yield r
    fr.stop(r)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def write_spool(path: Path, target: Target, *notices: payloads.Notice) -> None:
    path.write_text(
        "".join(
            json.dumps({"target": target.id, "part": 0, "why": "", "notice": n.to_dict()}) + "\n"
            for n in notices
        ),
        encoding="utf-8",
    )


def texts(robots: Robots) -> list[str]:
    return [h.doc["markdown"]["content"] for h in robots.of("wecom")]


def make(folder: Path, t: Target, pid: int, alive: set[int]) -> Dispatcher:
    return Dispatcher(
        [t],
        SecretStore(use_keyring=False),
        spool_dir=folder,
        policy=FAST,
        pid=pid,
        alive=lambda p: p in alive,
    )


def test_two_live_processes_keep_separate_spools(tmp_path: Path) -> None:
    """The window and `genbo record` at once, robot down: neither rewrites or
    adopts the other's notices."""
    t = Target.create("wecom", "team", f"http://127.0.0.1:{free_port()}/cgi-bin/webhook/send?key=k")
    a = make(tmp_path, t, 111, alive={111, 222})
    b = make(tmp_path, t, 222, alive={111, 222})
    a.send(payloads.rule_alert("小雨", "from the window"))
    b.send(payloads.rule_alert("小雨", "from record"))
    assert a.close(2) and b.close(2)
    assert a.spool_path is not None and b.spool_path is not None
    assert a.spool_path.name == "notify-spool-111.jsonl"
    assert b.spool_path.name == "notify-spool-222.jsonl"
    (la,) = a.spool_path.read_text("utf-8").splitlines()
    (lb,) = b.spool_path.read_text("utf-8").splitlines()
    assert "from the window" in la and "from record" in lb
    # 222 starts again while 111 still runs: it takes back its own file only.
    b2 = make(tmp_path, t, 222, alive={111, 222})
    b2.close(2)
    assert a.spool_path.read_text("utf-8").splitlines() == [la]
    assert b2.spool_path is not None
    (lb2,) = b2.spool_path.read_text("utf-8").splitlines()
    assert "from record" in lb2
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "notify-spool-111.jsonl",
        "notify-spool-222.jsonl",
    ]


def test_a_gone_process_spool_is_adopted_once_without_repeats(
    tmp_path: Path, robots: Robots
) -> None:
    t = Target.create("wecom", "team", robots.url("wecom"))
    one = payloads.rule_alert("小雨", "alert one")
    two = payloads.rule_alert("小雨", "alert two")
    live = payloads.rule_alert("小雨", "still running")
    write_spool(tmp_path / f"notify-spool-{DEAD}.jsonl", t, one, two)
    write_spool(tmp_path / "notify-spool.jsonl", t, two)  # an older version's; a repeat
    write_spool(tmp_path / f"notify-spool-{ALIVE}.jsonl", t, live)
    (tmp_path / "notify-spool-x.jsonl").write_text("not ours", encoding="utf-8")

    first = make(tmp_path, t, 5001, alive={ALIVE, 5001, 5002})
    second = make(tmp_path, t, 5002, alive={ALIVE, 5001, 5002})  # starts while first runs
    assert first.close(3) and second.close(3)
    got = texts(robots)
    assert sum("alert one" in x for x in got) == 1
    assert sum("alert two" in x for x in got) == 1
    assert not any("still running" in x for x in got), "a live process's spool is its own"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        f"notify-spool-{ALIVE}.jsonl",
        "notify-spool-x.jsonl",
    ]


def test_an_adopted_file_is_kept_until_our_own_spool_has_it(tmp_path: Path) -> None:
    """Robot down: what was adopted is in the adopter's file, and the file of
    the process that is gone is no more (so a crash loses nothing and the
    next start does not send it twice)."""
    t = Target.create("wecom", "team", f"http://127.0.0.1:{free_port()}/cgi-bin/webhook/send?key=k")
    n = payloads.rule_alert("小雨", "owed")
    write_spool(tmp_path / f"notify-spool-{DEAD}.jsonl", t, n)
    d = make(tmp_path, t, 6001, alive={6001})
    assert [p.name for p in tmp_path.iterdir()] == ["notify-spool-6001.jsonl"]
    d.close(2)
    (line,) = (tmp_path / "notify-spool-6001.jsonl").read_text("utf-8").splitlines()
    assert json.loads(line)["notice"]["id"] == n.id


def test_spool_names_and_liveness() -> None:
    assert spool_owner("notify-spool-42.jsonl") == 42
    assert spool_owner("notify-spool-42-adopted-3.jsonl") == 42
    assert spool_owner("notify-spool.jsonl") == 0
    assert spool_owner("notify-spool-42.jsonl123.tmp") is None
    assert pid_alive(os.getpid())
    assert not pid_alive(0)


CHILD = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from app.config.secret_store import SecretStore
    from app.notify.dispatcher import Dispatcher, RetryPolicy
    from app.notify.targets import Target
    t = Target.from_dict(json.loads(sys.argv[2]))
    sys.stdin.readline()  # both start together
    d = Dispatcher([t], SecretStore(use_keyring=False), spool_dir=Path(sys.argv[1]),
                   policy=RetryPolicy(attempts=1, retry_later_s=3600))
    print(d.close(5))
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX liveness")
def test_two_real_processes_race_for_a_dead_spool(tmp_path: Path, robots: Robots) -> None:
    t = Target.create("wecom", "team", robots.url("wecom"))
    notices = [payloads.rule_alert("小雨", f"owed {i}") for i in range(5)]
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    write_spool(tmp_path / f"notify-spool-{int(dead.stdout)}.jsonl", t, *notices)
    kids = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, str(tmp_path), json.dumps(t.to_dict())],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for k in kids:
        assert k.stdin is not None
        k.stdin.write("go\n")
        k.stdin.flush()
    for k in kids:
        out, _ = k.communicate(timeout=30)
        assert out.strip() == "True"
    got = texts(robots)
    for i in range(5):
        assert sum(f"owed {i}" in x for x in got) == 1, got
    assert list(tmp_path.iterdir()) == []
