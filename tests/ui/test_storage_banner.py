"""The window on a disk that fills up mid-session: typed figures keep
coming, a red strip says plainly how many wait in memory and where to free
space, and once space is back everything is written and the strip says so."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.disks import Disk, can_mount, small_disk
from tests.ui.helpers import enter

pytestmark = pytest.mark.skipif(not can_mount(), reason="needs a tmpfs of its own (root, as in CI)")


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Disk]:
    with small_disk(tmp_path / "disk", "3m") as d:
        yield d


@pytest.fixture
def data_dir(disk: Disk) -> Path:
    """The window's data folder, on the small disk (overrides the shared one)."""
    d = disk.root / "data"
    d.mkdir()
    return d


def test_the_red_strip_says_disk_full_then_written_again(qtbot, window, live, disk: Disk) -> None:
    banner = window.storage_banner
    enter(qtbot, window, "在线 100")
    assert window.ctx.writer.flush()
    assert banner.isHidden()
    disk.fill()
    for i in range(1, 6):
        qtbot.wait(5)  # one instant each, as typing goes
        enter(qtbot, window, f"在线 {100 + i}")
    qtbot.waitUntil(lambda: banner.isVisible(), timeout=5000)
    qtbot.waitUntil(lambda: "5 个样本" in banner.text.text() or "5 samples" in banner.text.text())
    text = banner.text.text()
    assert str(disk.root) in text
    assert banner.property("kind") == "bad"
    assert banner.geometry().bottom() < window.tabs.geometry().top() + 1
    disk.free()
    qtbot.waitUntil(lambda: banner.property("kind") == "ok", timeout=10_000)
    assert banner.isVisible()
    assert window.ctx.writer.flush()
    assert window.ctx.repo.sample_count(live.info.id) == 6


def test_a_session_stopped_on_a_full_disk_is_ended_once_space_is_back(
    qtbot, window, live, disk: Disk
) -> None:
    from PySide6.QtWidgets import QMessageBox

    enter(qtbot, window, "在线 100")
    assert window.ctx.writer.flush()
    disk.fill()
    qtbot.wait(5)
    enter(qtbot, window, "在线 120")
    qtbot.waitUntil(lambda: not window.ctx.writer.health().ok, timeout=5000)
    window.stop_session()

    def said() -> list[QMessageBox]:
        return [
            b
            for b in window.findChildren(QMessageBox)
            if b.isVisible() and "could not be marked as ended" in b.informativeText()
        ]

    qtbot.waitUntil(lambda: bool(said()), timeout=15_000)
    assert live.end_pending
    boxes = said()
    for b in boxes:
        b.close()
    assert not live.ended
    disk.free()
    qtbot.waitUntil(lambda: live.ended, timeout=20_000)
    info = window.ctx.repo.get_session(live.info.id)
    assert info.status.value == "ended"
    assert window.ctx.repo.sample_count(live.info.id) == 2
