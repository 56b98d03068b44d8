"""An emergency file an earlier run left for this database: the window's
strip says where it is and how to put it back, and stops saying so once it
is back."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from app.session.health import EMERGENCY_FOLDER
from app.session.put_back import put_back
from tests.disks import make_emergency_file


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    h = tmp_path / "home"
    h.mkdir()
    monkeypatch.setenv("HOME", str(h))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return h


def test_the_strip_names_a_file_left_behind_until_it_is_back(
    qtbot, home: Path, window, tmp_path: Path
) -> None:
    spill, times = make_emergency_file(tmp_path)
    origin = str(tmp_path / "origin" / "genbo.db")
    left = home / EMERGENCY_FOLDER / spill.name
    left.parent.mkdir()
    left.write_text(
        spill.read_text(encoding="utf-8").replace(origin, str(window.ctx.paths.database), 1),
        encoding="utf-8",
    )
    banner = window.storage_banner
    window.check_leftover_spills()
    qtbot.waitUntil(banner.isVisible, timeout=5000)
    assert str(left) in banner.text.text() and "Ctrl+I" in banner.text.text()
    assert banner.dismiss.isVisible()
    done = put_back(window.ctx.repo, left)
    assert done.samples == len(times) and len(done.created) == 1
    window.check_leftover_spills()
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=5000)
