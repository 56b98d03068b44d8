"""The wall in the real window: from the roster (select → Follow), from a saved
wall and from a config; the keys and the entry line act on the focused tile's
session (or the one `@name` names); every session's milestones reach one feed
and one banner queue; a tile opens its full live view as a tab and the wall
goes on behind it; quitting stops and saves every session."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.core.highlights import highlight_from_record
from app.runtime.wall import SlotState
from app.session.wall import SavedWalls, WallConfig, WallEntry, WallSourceSpec
from app.ui.view.session_view import SessionView

pytestmark = pytest.mark.gui


def keyboard_wall(*names: str) -> WallConfig:
    """A wall of streamers typed in by hand: nothing arrives unless typed."""
    return WallConfig("测试 wall", tuple(WallEntry(n) for n in names))


def sim_wall(*names: str, speed: float = 60.0) -> WallConfig:
    return WallConfig(
        "sim wall",
        tuple(
            WallEntry(
                n,
                sources=(
                    WallSourceSpec("simulator", {"seed": k + 1, "speed": speed, "size": 3.0 + k}),
                ),
            )
            for k, n in enumerate(names)
        ),
    )


def open_wall(qtbot, window, config: WallConfig, live: int | None = None):
    host = window.wall_host
    with qtbot.waitSignal(host.wallOpened, timeout=10_000) as opened:
        assert window.open_wall(config)
    wall = opened.args[0]
    want = len(config.entries) if live is None else live
    qtbot.waitUntil(
        lambda: sum(1 for s in wall.slots if s.state is SlotState.LIVE) >= want, timeout=15_000
    )
    return wall


def stop_wall(window) -> None:
    window.wall_host.stop_all_blocking()


def test_keys_and_the_entry_line_act_on_the_focused_tile(qtbot, window) -> None:
    wall = open_wall(qtbot, window, keyboard_wall("杨小姐", "Lily 莉莉", "阿峰"))
    host = window.wall_host
    assert window.tabs.currentWidget() is host
    host.view.set_focused(1)
    lily = wall.slots[1].live
    host.entry.edit.setText("gmv 1.2万")
    qtbot.keyClick(host.entry.edit, Qt.Key.Key_Return)
    assert lily.recorder.stats.snapshot().latest.get("gmv") == 1_200_000  # fen
    assert wall.slots[0].live.recorder.stats.snapshot().latest.get("gmv") is None
    # @name routes, and moves the focus there.
    host.entry.edit.setText("@杨小姐 gmv 12万")
    qtbot.keyClick(host.entry.edit, Qt.Key.Key_Return)
    yang = wall.slots[0].live
    assert yang.recorder.stats.snapshot().latest.get("gmv") == 12_000_000
    assert host.view.focused() == 0
    assert "杨小姐" in host.entry.message.text()
    # The name may run straight into the numbers.
    host.entry.edit.setText("@阿峰成交5")
    qtbot.keyClick(host.entry.edit, Qt.Key.Key_Return)
    assert wall.slots[2].live.recorder.stats.snapshot().latest.get("gmv") == 500  # 成交 ¥5
    assert host.view.focused() == 2
    # An unknown or ambiguous name is refused in words; nothing stored.
    host.entry.edit.setText("@nobody gmv 1")
    qtbot.keyClick(host.entry.edit, Qt.Key.Key_Return)
    assert "nobody" in host.entry.message.text()
    assert host.entry.message.property("kind") == "error"
    # H marks the focused session only.
    host.view.set_focused(2)
    host.view.setFocus()
    window.mark_moment()
    afeng = wall.slots[2].live
    assert len(afeng.recorder.highlights) == 1
    assert not yang.recorder.highlights and not lily.recorder.highlights
    host.note_edit.setText("试穿 #爆款")
    qtbot.keyClick(host.note_edit, Qt.Key.Key_Return)
    window.ctx.writer.flush()
    stored = [
        highlight_from_record(e)
        for e in window.ctx.repo.load_events(afeng.info.id)
        if e.kind == "highlight"
    ]
    assert [h.tags for h in stored] == [("爆款",)]
    # S names a segment of the focused session; E ends it.
    window._live_view_do("ask_segment_name")
    host.note_edit.setText("讲解 商品A")
    qtbot.keyClick(host.note_edit, Qt.Key.Key_Return)
    assert afeng.recorder.running_segment is not None
    assert afeng.recorder.running_segment.name == "讲解 商品A"
    window._live_view_do("end_segment")
    assert afeng.recorder.running_segment is None
    stop_wall(window)
    ids = {s.session_id for s in wall.slots}
    assert len(ids) == 3


def test_a_tile_opens_its_session_as_a_tab_and_the_wall_goes_on(qtbot, window) -> None:
    wall = open_wall(qtbot, window, sim_wall("Chloe", "小雨"))
    host = window.wall_host
    host.view.openRequested.emit(1)
    view = window.tabs.currentWidget()
    assert isinstance(view, SessionView) and view.live is wall.slots[1].live
    assert "小雨" in window.tabs.tabText(window.tabs.currentIndex())
    # H on the session's tab marks that session.
    window.mark_moment()
    assert len(wall.slots[1].live.recorder.highlights) == 1
    before = wall.slots[0].live.recorder.stats.sample_count
    qtbot.waitUntil(
        lambda: wall.slots[0].live.recorder.stats.sample_count > before + 5, timeout=10_000
    )
    # Opening it again shows the same tab; closing the tab leaves the session live.
    count = window.tabs.count()
    host.view.openRequested.emit(1)
    assert window.tabs.count() == count
    window._close_tab(window.tabs.currentIndex())
    assert wall.slots[1].state in (SlotState.LIVE, SlotState.STALE)
    stop_wall(window)


def test_every_session_feeds_one_feed_naming_its_streamer(qtbot, window) -> None:
    wall = open_wall(qtbot, window, keyboard_wall("杨小姐", "Lily 莉莉"))
    host = window.wall_host
    # The first reading is where Genbo joined (told quietly); the next ones cross.
    for i, gmv in ((0, "gmv 1万"), (1, "gmv 2万"), (0, "gmv 101万"), (1, "gmv 102万")):
        host.view.set_focused(i)
        host.entry.edit.setText(gmv)
        qtbot.keyClick(host.entry.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: all(s.last_event is not None for s in wall.slots), timeout=5_000)
    texts = host.view.feed.texts()
    assert any("杨小姐" in t and "100万" in t for t in texts), texts
    assert any("Lily 莉莉" in t and "100万" in t for t in texts), texts
    # Both majors wait in the one banner queue: neither hides the other.
    assert all(s.last_event.major for s in wall.slots)
    assert len(host.view.banner.queue) == 2
    stop_wall(window)


def test_follow_from_the_roster_and_a_saved_wall(qtbot, window, tmp_path: Path) -> None:
    repo = window.ctx.repo
    for name in ("甲", "乙", "丙"):
        repo.get_or_create_streamer(name)
    window.show_roster()
    roster = window.roster
    qtbot.waitUntil(lambda: len(roster.model.rows) >= 3, timeout=10_000)
    roster.table.selectAll()
    assert roster.follow_button.isEnabled()
    with qtbot.waitSignal(window.wall_host.wallOpened, timeout=10_000) as opened:
        qtbot.mouseClick(roster.follow_button, Qt.MouseButton.LeftButton)
    wall = opened.args[0]
    assert sorted(s.streamer for s in wall.slots) == ["丙", "乙", "甲"]
    assert window.tabs.currentWidget() is window.wall_host
    qtbot.waitUntil(lambda: all(s.state is SlotState.LIVE for s in wall.slots), timeout=10_000)
    # Saved under a name, it opens again once this one is stopped.
    with qtbot.waitSignal(window.wall_host.savedChanged, timeout=10_000) as names:
        window.wall_host.save_as("三人行")
    assert "三人行" in names.args[0]
    saved = SavedWalls(window.ctx.paths.data_dir / "walls")
    assert "三人行" in saved.names()
    stop_wall(window)
    qtbot.waitUntil(lambda: not window.wall_host.running, timeout=10_000)
    with qtbot.waitSignal(window.wall_host.wallOpened, timeout=10_000) as again:
        window.wall_host.open_saved("三人行")
    assert [s.streamer for s in again.args[0].slots] == [s.streamer for s in wall.slots]
    stop_wall(window)


def test_quitting_stops_and_saves_every_session(qtbot, window) -> None:
    wall = open_wall(qtbot, window, sim_wall("A", "B", "C"))
    ids = [s.session_id for s in wall.slots]
    qtbot.waitUntil(
        lambda: all(s.live.recorder.stats.sample_count > 0 for s in wall.slots), timeout=10_000
    )
    window.close()
    for sid in ids:
        info = window.ctx.repo.get_session(sid)
        assert info.status.value == "ended"
        assert info.summary.sample_count > 0


def test_a_line_held_for_a_second_enter_is_not_stored_for_another_tile(qtbot, window) -> None:
    wall = open_wall(qtbot, window, keyboard_wall("杨小姐", "Lily 莉莉"))
    host = window.wall_host
    host.entry.edit.setText("@杨小姐 gmv 5万")
    qtbot.keyClick(host.entry.edit, Qt.Key.Key_Return)
    # A running total going backwards is held for a second Enter…
    host.entry.edit.setText("@杨小姐 gmv 1万")
    qtbot.keyClick(host.entry.edit, Qt.Key.Key_Return)
    assert host.entry.message.property("kind") == "warning"
    # …and the operator clicks another tile before pressing it.
    host.view.set_focused(1)
    qtbot.keyClick(host.entry.edit, Qt.Key.Key_Return)
    lily = wall.slots[1].live.recorder.stats.snapshot().latest
    yang = wall.slots[0].live.recorder.stats.snapshot().latest
    assert lily.get("gmv") != 10_000_00
    assert yang.get("gmv") == 50_000_00
    stop_wall(window)


def test_answering_no_to_quit_leaves_the_wall_going(qtbot, window, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    wall = open_wall(qtbot, window, sim_wall("A", "B"))
    window.confirm = True
    asked: list[str] = []

    def no(_parent, _title, text, *_args, **_kw):
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", staticmethod(no))
    window.close()
    assert asked and "2" in asked[0]
    assert all(s.state is SlotState.LIVE for s in wall.slots)
    assert window.isVisible()
    # The wall still takes orders: a tile stops and starts again.
    wall.stop(0)
    qtbot.waitUntil(lambda: wall.slots[0].state is SlotState.ENDED, timeout=10_000)
    wall.resume(0)
    qtbot.waitUntil(lambda: wall.slots[0].state is SlotState.LIVE, timeout=10_000)
    window.confirm = False
    stop_wall(window)
