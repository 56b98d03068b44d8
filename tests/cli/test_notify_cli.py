"""`genbo notify` and the team chat of `genbo record`, against a real loopback
robot (tests/notify/fake_robots.py checks each platform's body and
signature): through the command's own parser in this process (a keyring kept
in a dict), and through real `python -m app` processes."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.config.paths import resolve_paths
from app.config.settings import Settings, load_settings, save_settings
from app.core.alerts import ViewersBelowRule
from app.notify.targets import Target
from tests.notify.fake_robots import FEISHU_SECRET, WECOM_KEY


def genbo(data_dir: Path, *argv: str) -> int:
    """A notify command as `genbo` parses it."""
    from app.cli.notify_cmd import register

    parser = argparse.ArgumentParser(prog="genbo")
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(list(argv))
    return int(args.run(args, resolve_paths(data_dir).ensure()))


def with_targets(data_dir: Path, *targets: Target, **values: object) -> None:
    paths = resolve_paths(data_dir).ensure()
    save_settings(
        paths.settings_file,
        Settings(notify_targets=[t.to_dict() for t in targets], **values),  # type: ignore[arg-type]
    )


def test_notify_test_reaches_the_robot_or_says_why(data_dir, robots, capsys) -> None:
    group = Target.create("wecom", "运营群", robots.url("wecom"))
    with_targets(data_dir, group)
    assert genbo(data_dir, "notify", "test", "运营群") == 0
    out = capsys.readouterr().out
    assert out.startswith("Sent the test message to 运营群") and WECOM_KEY not in out
    (hit,) = robots.of("wecom")
    assert hit.answer["errcode"] == 0 and "Genbo test message" in json.dumps(
        hit.doc, ensure_ascii=False
    )
    robots.then("wecom", "rate")
    assert genbo(data_dir, "notify", "test", group.id) == 1
    err = capsys.readouterr().err
    assert err.startswith("genbo: the test message did not reach 运营群:")
    assert WECOM_KEY not in err, "the robot's key is a credential"
    assert genbo(data_dir, "notify", "test", "nobody") == 2
    assert "there is no robot “nobody”; the robots: 运营群" in capsys.readouterr().err


def test_a_signed_robot_is_added_with_its_secret_in_the_keyring(
    data_dir, robots, dict_keyring, capsys, monkeypatch
) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(FEISHU_SECRET + "\n"))
    url = robots.url("feishu")
    code = genbo(data_dir, "notify", "add", "feishu", "飞书群", url, "--secret",
                 "--events", "go_live,rule_alert")  # fmt: skip
    assert code == 0, capsys.readouterr().err
    settings_file = resolve_paths(data_dir).settings_file
    assert FEISHU_SECRET not in settings_file.read_text("utf-8")
    (d,) = load_settings(settings_file).notify_targets
    assert d["events"] == ["go_live", "rule_alert"]
    assert dict_keyring.data[("genbo", d["secret_name"])] == FEISHU_SECRET
    capsys.readouterr()
    assert genbo(data_dir, "notify", "test", "飞书群") == 0, capsys.readouterr().err
    (hit,) = robots.of("feishu")
    assert hit.answer["code"] == 0, "signed as the bot checks it"
    capsys.readouterr()
    assert genbo(data_dir, "notify", "list", "--json") == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["signed"] and row["secret_kept"] and "fs-hook-token" not in row["url"]
    assert genbo(data_dir, "notify", "add", "wecom", "x", "https://qyapi.weixin.qq.com/x") == 2
    assert "send?key=" in capsys.readouterr().err
    assert genbo(data_dir, "notify", "remove", "飞书群") == 0
    assert dict_keyring.data == {} and load_settings(settings_file).notify_targets == []


def run_genbo(data_dir: Path, *argv: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *argv, "--data-dir", str(data_dir)],
        capture_output=True, text=True, timeout=timeout,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip


def test_notify_list_in_a_real_process(data_dir, robots) -> None:
    with_targets(data_dir, Target.create("wecom", "运营群", robots.url("wecom")))
    result = run_genbo(data_dir, "notify", "list")
    assert result.returncode == 0, result.stderr
    assert "运营群" in result.stdout and "企业微信" in result.stdout
    assert WECOM_KEY not in result.stdout and "key=•••" in result.stdout
    result = run_genbo(data_dir, "notify", "test", "运营群")
    assert result.returncode == 0, result.stderr
    assert len(robots.of("wecom")) == 1


def test_genbo_record_prints_alerts_and_tells_the_team(data_dir, robots) -> None:
    """A simulated show with a rule that fires: the alert is printed, and the
    robot hears of going live, the alert and the end of the session."""
    rule = ViewersBelowRule(below=10_000_000, confirm=1, cooldown_s=14_400)
    with_targets(
        data_dir,
        Target.create("wecom", "运营群", robots.url("wecom"), ("go_live", "rule_alert",
                                                              "session_summary")),
        alert_rules=[rule.to_dict()],
    )  # fmt: skip
    result = run_genbo(
        data_dir, "record", "--streamer", "测试主播", "--duration", "120", "--speed", "600",
        "--seed", "3",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    (line,) = [x for x in result.stdout.splitlines() if "⚠" in x]
    assert "below 10M" in line or "below 1000万" in line
    texts = [h.doc["markdown"]["content"] for h in robots.of("wecom")]
    assert len(texts) == 3, texts
    assert "测试主播 is live" in texts[0]
    assert "Alert: 测试主播" in texts[1] and "below" in texts[1]
    assert "Session ended: 测试主播" in texts[2]
    assert not list(data_dir.glob("notify-spool*.jsonl")), "everything was taken"


def test_genbo_record_closes_the_team_chat_even_when_stopping_fails(
    data_dir, robots, monkeypatch
) -> None:
    """`recorder.stop()` raising must not lose what is queued: the dispatcher
    is still closed (went-live delivered, nothing left in a spool)."""
    from app.cli.commands import main
    from app.notify.dispatcher import Dispatcher
    from app.session.recording import SessionRecorder

    with_targets(data_dir, Target.create("wecom", "运营群", robots.url("wecom"), ("go_live",)))
    closed: list[bool] = []
    real_close = Dispatcher.close

    def close(self: Dispatcher, timeout: float = 5.0) -> bool:
        closed.append(True)
        return real_close(self, timeout)

    def broken_stop(self: SessionRecorder) -> None:
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(Dispatcher, "close", close)
    monkeypatch.setattr(SessionRecorder, "stop", broken_stop)
    with pytest.raises(RuntimeError, match="disk went away"):
        main(["record", "--streamer", "测试主播", "--duration", "20", "--speed", "600",
              "--seed", "3", "--data-dir", str(data_dir)])  # fmt: skip
    assert closed == [True]
    (hit,) = robots.of("wecom")
    assert "测试主播 is live" in hit.doc["markdown"]["content"]
    assert not list(data_dir.glob("notify-spool*.jsonl"))
