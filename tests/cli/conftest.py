"""A session recorded once by a real `genbo record`, shared by the tests that
only read it; a test whose commands could write gets its own copy."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass(frozen=True)
class Recorded:
    data_dir: Path
    result: subprocess.CompletedProcess[str]


@pytest.fixture(scope="session")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Recorded:
    """20 simulated minutes of 测试主播's "夜场" (seed 3, at 1200×), ended.
    Read it only: `recorded_copy` is the one to change."""
    data_dir = tmp_path_factory.mktemp("recorded") / "genbo-data"
    data_dir.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "app", "record", "--streamer", "测试主播", "--title", "夜场",
         "--duration", "1200", "--speed", "1200", "--seed", "3", "--data-dir", str(data_dir)],
        capture_output=True, text=True, timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return Recorded(data_dir, result)


@pytest.fixture
def recorded_copy(recorded: Recorded, tmp_path: Path) -> Path:
    """A data dir of this test's own holding the recorded session."""
    return Path(shutil.copytree(recorded.data_dir, tmp_path / "genbo-data-copy"))
