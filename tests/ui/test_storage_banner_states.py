"""The red strip's states, from the writer's health as it changes: failing,
written again (green, a while), failing again at once (red again, not hidden
behind the green line), and a note that can be put away."""

from __future__ import annotations

from pathlib import Path

from app.storage.writer import WriterHealth
from app.ui.shell.storage_banner import StorageBanner

FULL = WriterHealth(ok=False, problem="disk_full", waiting_samples=100)
BACK = WriterHealth(ok=True, recovered_samples=100)


def test_a_failure_right_after_a_recovery_is_shown_at_once(qtbot, tmp_path: Path) -> None:
    banner = StorageBanner(tmp_path / "genbo.db")
    qtbot.addWidget(banner)
    banner.update_from(FULL)
    assert not banner.isHidden()
    assert banner.property("kind") == "bad" and "100 samples waiting" in banner.text.text()
    banner.update_from(BACK)
    assert banner.property("kind") == "ok" and "can be written again" in banner.text.text()
    banner.update_from(WriterHealth(ok=False, problem="disk_full", waiting_samples=40))
    assert banner.property("kind") == "bad" and "40 samples waiting" in banner.text.text()
    assert not banner.dismiss.isVisibleTo(banner), "a failure cannot be put away"


def test_a_note_is_shown_until_dismissed(qtbot, tmp_path: Path) -> None:
    banner = StorageBanner(tmp_path / "genbo.db")
    qtbot.addWidget(banner)
    banner.show_note("An emergency file from an earlier run is not in the database yet")
    assert not banner.isHidden() and banner.property("kind") == "note"
    banner.dismiss.click()
    assert banner.isHidden()
    banner.update_from(WriterHealth())  # all well: stays put away
    assert banner.isHidden()
