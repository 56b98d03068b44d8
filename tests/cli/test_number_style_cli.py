"""`genbo sessions` in each language's number style and date form, and the
`number_units` setting fixing one, as a user runs it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.conftest import Recorded

pytestmark = pytest.mark.slow


def sessions(data_dir: Path, lang: str, tmp_path: Path, *extra: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    env.update(LANG=lang, XDG_CACHE_HOME=str(tmp_path / "cache"), PYTHONIOENCODING="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "app", "sessions", "--data-dir", str(data_dir), *extra],
        capture_output=True, text=True, encoding="utf-8", env=env, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


def row(text: str) -> str:
    return next(line for line in text.splitlines() if "测试主播" in line)


def test_chinese_shows_wan_and_its_date_form_english_k_and_m(
    recorded: Recorded, tmp_path: Path
) -> None:
    doc = json.loads(sessions(recorded.data_dir, "en_US.UTF-8", tmp_path, "--json"))[0]
    started = doc["started_at"]  # ISO in --json, whatever the language
    y, m, d = (int(p) for p in started[:10].split("-"))
    gmv = doc["gmv"]
    assert gmv >= 10_000, "the recorded session sells enough to be shortened"

    zh = row(sessions(recorded.data_dir, "zh_CN.UTF-8", tmp_path))
    assert f"{y}/{m}/{d} " in zh
    assert re.search(r"¥[\d.]+万", zh), zh
    assert not re.search(r"¥[\d.]+[KM]\b", zh)

    en = row(sessions(recorded.data_dir, "en_US.UTF-8", tmp_path))
    assert f"{m}/{d}/{y} " in en and re.search(r"\d:\d\d\s?[AP]M", en), en
    assert re.search(r"¥[\d.]+[KM]\b", en), en
    assert "万" not in en


def test_the_setting_fixes_the_style_whatever_the_language(
    recorded_copy: Path, tmp_path: Path
) -> None:
    settings = recorded_copy / "config" / "settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(json.dumps({"version": 2, "number_units": "cn"}), encoding="utf-8")
    en = row(sessions(recorded_copy, "en_US.UTF-8", tmp_path))
    assert re.search(r"¥[\d.]+万", en), en
    settings.write_text(json.dumps({"version": 2, "number_units": "west"}), encoding="utf-8")
    zh = row(sessions(recorded_copy, "zh_CN.UTF-8", tmp_path))
    assert re.search(r"¥[\d.]+[KM]\b", zh) and "万" not in zh, zh


def test_a_version_1_file_follows_the_language_in_the_command_line_too(
    recorded_copy: Path, tmp_path: Path
) -> None:
    """Every version-1 file says number_units "cn" (its default then): the
    window upgraded it to "auto", the command line read it raw and kept 万."""
    settings = recorded_copy / "config" / "settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(json.dumps({"version": 1, "number_units": "cn"}), encoding="utf-8")
    en = row(sessions(recorded_copy, "en_US.UTF-8", tmp_path))
    assert re.search(r"¥[\d.]+[KM]\b", en) and "万" not in en, en
