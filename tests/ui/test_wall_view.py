"""The watch wall on screen (`app.ui.wall`): every tile state in words, the
grid's reflow, one feed naming its streamers, the milestone queue, focus by
mouse and keys, and twelve tiles that fit a laptop's screen — with slots set
by hand for the states, and a real `Wall` over a real database with fast
simulated shows."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import datetime

import pytest
from PySide6.QtCore import QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from app.config.formatting import format_clock, number_format
from app.core.session import SessionInfo, SessionStatus, SessionSummary, Streamer
from app.runtime.wall import SlotState, WallEvent, WallSlot
from app.session.wall import WallEntry
from app.ui.wall.tile import WallTile, samples
from app.ui.wall.wall_view import WallView, grid_shape

pytestmark = pytest.mark.gui

NAMES = (
    "杨小姐", "Lily 莉莉", "阿峰 Afeng", "Chloe", "小雨", "王姐严选",
    "Kevin 凯文", "糖糖 Tangtang", "老陈茶铺", "Mia", "大刘 Big Liu", "Sophie 苏菲",
)  # fmt: skip
NOW_MS = int(datetime(2026, 3, 2, 18, 30).timestamp() * 1000)


class HandWall(QObject):
    """The runtime Wall's signals and slots, with the slots' states set by
    the test (for what a tile shows of each state)."""

    slotChanged = Signal(int)
    sessionStarted = Signal(int, object)
    sessionStopped = Signal(int, object)
    eventRaised = Signal(object)

    def __init__(self, n: int) -> None:
        super().__init__()
        self.slots = [WallSlot(i, WallEntry(NAMES[i], f"专场 {i + 1}")) for i in range(n)]

    def set(self, i: int, **changes: object) -> WallSlot:
        slot = self.slots[i]
        for key, value in changes.items():
            setattr(slot, key, value)
        self.slotChanged.emit(i)
        return slot


@pytest.fixture
def view(qtbot) -> Iterator[WallView]:
    v = WallView()
    qtbot.addWidget(v)
    v.resize(1280, 620)
    v.show()
    qtbot.waitExposed(v)
    yield v
    v.set_wall(None)


def on_wall(view: WallView, n: int) -> HandWall:
    wall = HandWall(n)
    view.set_wall(wall)  # type: ignore[arg-type]
    QApplication.processEvents()
    return wall


def final(duration_s: float, gmv_fen: int) -> SessionInfo:
    return SessionInfo(
        7, Streamer(1, "杨小姐"), "", NOW_MS - 8_000_000, 480, NOW_MS, SessionStatus.ENDED,
        SessionSummary(duration_s=duration_s, gmv_fen=gmv_fen),
    )  # fmt: skip


def major(slot: int, text: str = "GMV passed ¥100万", ts: int = NOW_MS) -> WallEvent:
    return WallEvent(slot, NAMES[slot], ts, text, "major")


# -- what a tile says ---------------------------------------------------------------------


def test_every_state_is_said_in_words(qtbot, view) -> None:
    wall = on_wall(view, 9)
    clock = lambda ms: format_clock(datetime.fromtimestamp(ms / 1000))  # noqa: E731
    wall.set(0)  # waiting, nothing planned
    wall.set(1, due_ms=NOW_MS - 4 * 60_000)
    wall.set(2, due_ms=NOW_MS + 3 * 60_000)
    wall.set(3, state=SlotState.STARTING)
    wall.set(4, state=SlotState.LIVE)
    wall.set(5, state=SlotState.STALE, stale_since_ms=NOW_MS - 45_000)
    wall.set(6, state=SlotState.ENDED, session_id=7, final=final(7273, 1_200_000))
    wall.set(7, state=SlotState.FAILED, error="port 8765 is taken by another program")
    wall.set(8, state=SlotState.ENDED, session_id=8, final=final(60, 0), error="disk full")
    for tile in view.tiles:
        tile.refresh(NOW_MS)
    said = [t.state_text() for t in view.tiles]
    assert said[0] == "waiting · not started yet"
    assert said[1] == f"waiting · due {clock(NOW_MS - 240_000)}, 4 min late"
    assert view.tiles[1].detail.property("tone") == "late"
    assert said[2] == f"waiting · due {clock(NOW_MS + 180_000)}, in 3 min"
    assert said[3] == "starting · Starting the sources…"
    assert said[4].startswith("live")
    assert said[5].startswith("stale 0:45")
    assert said[6] == "ended · 2:01:13 · ¥1.2万"
    assert said[7] == "failed · port 8765 is taken by another program"
    assert said[8] == "ended · 1:00 · ¥0 · not saved yet: disk full"
    # Each state has its own badge colour (the style sheet's [state=…]).
    assert [t.badge.property("state") for t in view.tiles[3:8]] == [
        "starting", "live", "stale", "ended", "failed",
    ]  # fmt: skip
    # No session, no numbers.
    assert view.tiles[0].viewers.text() == "—" and view.tiles[0].gmv.text() == "—"
    assert view.tiles[6].gmv.text() == "¥1.2万"


def test_a_tile_offers_what_its_state_allows(qtbot, view) -> None:
    wall = on_wall(view, 4)
    wall.set(1, state=SlotState.FAILED, error="no such file")
    wall.set(2, state=SlotState.ENDED, session_id=3, final=final(10, 100))
    wall.set(3, state=SlotState.LIVE)
    tiles = view.tiles
    assert [t.action.isVisibleTo(t) for t in tiles] == [True, True, True, False]
    assert [t.action.text() for t in tiles[:3]] == ["Start now", "Try again", "Resume"]
    asked: list[tuple[str, int]] = []
    view.startRequested.connect(lambda i: asked.append(("start", i)))
    view.resumeRequested.connect(lambda i: asked.append(("resume", i)))
    view.stopRequested.connect(lambda i: asked.append(("stop", i)))
    for tile in tiles[:3]:
        qtbot.mouseClick(tile.action, Qt.MouseButton.LeftButton)
    assert tiles[3].stop_action.isEnabled() and not tiles[0].stop_action.isEnabled()
    tiles[3].stop_action.trigger()
    assert asked == [("start", 0), ("start", 1), ("resume", 2), ("stop", 3)]
    assert not tiles[0].open_action.isEnabled() and tiles[2].open_action.isEnabled()


def test_the_latest_milestone_or_alert_is_on_its_tile(qtbot, view) -> None:
    wall = on_wall(view, 2)
    alert = WallEvent(1, NAMES[1], NOW_MS, "No order for 10 min", "alert")
    wall.set(1, state=SlotState.LIVE, last_event=alert)
    view.refresh()
    tile = view.tiles[1]
    assert tile.latest.text().endswith("No order for 10 min")
    assert tile.latest.property("tone") == "warn"


# -- the grid -----------------------------------------------------------------------------


def test_the_grid_takes_the_smallest_shape_that_holds_the_tiles() -> None:
    shapes = {n: grid_shape(n) for n in range(1, 13)}
    assert shapes == {
        1: (1, 1), 2: (2, 1), 3: (2, 2), 4: (2, 2), 5: (3, 2), 6: (3, 2),
        7: (3, 3), 8: (3, 3), 9: (3, 3), 10: (4, 3), 11: (4, 3), 12: (4, 3),
    }  # fmt: skip


@pytest.mark.parametrize("n", [1, 2, 4, 5, 9, 12])
def test_tiles_reflow_and_share_the_space_alike(qtbot, view, n) -> None:
    on_wall(view, n)
    cols, rows = grid_shape(n)
    places = [view.grid.getItemPosition(view.grid.indexOf(t))[:2] for t in view.tiles]
    assert places == [(i // cols, i % cols) for i in range(n)]
    sizes = {(t.width(), t.height()) for t in view.tiles}
    widths = {w for w, _ in sizes}
    heights = {h for _, h in sizes}
    assert max(widths) - min(widths) <= 1 and max(heights) - min(heights) <= 1
    # Every cell the same size, an empty one too (five tiles are as wide as six).
    gap = view.grid.spacing()
    host = view.grid_host
    assert abs(view.tiles[0].width() - (host.width() - (cols - 1) * gap) / cols) <= 1
    assert abs(view.tiles[0].height() - (host.height() - (rows - 1) * gap) / rows) <= 1


# -- the feed and the banner ----------------------------------------------------------------


def test_the_shared_feed_names_every_streamer_newest_first(qtbot, view) -> None:
    wall = on_wall(view, 3)
    wall.eventRaised.emit(WallEvent(1, NAMES[1], NOW_MS, "GMV passed ¥10万", "milestone"))
    wall.eventRaised.emit(
        WallEvent(2, NAMES[2], NOW_MS + 1000, "Simulator stopped: no answer", "error")
    )
    texts = view.feed.texts()
    assert texts[0].endswith("阿峰 Afeng · Simulator stopped: no answer")
    assert texts[1].endswith("Lily 莉莉 · GMV passed ¥10万")
    assert view.banner.quiet.text() == texts[0]
    # A click on a line focuses its streamer's tile.
    focused: list[int] = []
    view.focusedChanged.connect(focused.append)
    item = view.feed.list.item(1)
    rect = view.feed.list.visualItemRect(item)
    qtbot.mouseClick(view.feed.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert focused == [1] and view.focused() == 1


def test_two_majors_at_once_are_both_shown_in_turn(qtbot, view) -> None:
    wall = on_wall(view, 3)
    banner = view.banner
    wall.eventRaised.emit(major(0))
    wall.eventRaised.emit(major(2, "GMV passed ¥100万", NOW_MS + 1))
    # The first stays; the second waits its turn, and both tiles are gold.
    assert banner.shown_text() == "杨小姐 · GMV passed ¥100万"
    assert banner.banner.isVisibleTo(banner) and not banner.quiet.isVisibleTo(banner)
    assert banner.count.text() == "1 of 2" and banner.next_button.isVisibleTo(banner)
    assert [t.gold for t in view.tiles] == [True, False, True]
    banner.next()
    assert banner.shown_text() == "阿峰 Afeng · GMV passed ¥100万"
    assert banner.count.text() == "2 of 2"
    banner.next()  # round again: none was dropped
    assert banner.shown_text() == "杨小姐 · GMV passed ¥100万"
    # Esc dismisses the one shown; the other follows.
    view.tiles[1].setFocus()
    qtbot.keyClick(view.tiles[1], Qt.Key.Key_Escape)
    assert banner.shown_text() == "阿峰 Afeng · GMV passed ¥100万"
    assert not banner.count.isVisibleTo(banner)
    # A third comes while it is shown: it does not replace it.
    wall.eventRaised.emit(major(1, "Viewers online passed 10万"))
    assert banner.shown_text() == "阿峰 Afeng · GMV passed ¥100万"
    assert banner.count.text() == "1 of 2"
    # Each goes on its own after its time, then the next.
    banner.show_ms = 30
    banner.dismiss_button.click()
    assert banner.shown_text() == "Lily 莉莉 · Viewers online passed 10万"
    qtbot.waitUntil(lambda: banner.current() is None, timeout=1000)
    assert banner.quiet.isVisibleTo(banner) and not banner.banner.isVisibleTo(banner)
    # Clicking the banner focuses its tile, and the tile's gold goes.
    wall.eventRaised.emit(major(2, "New personal best: GMV"))
    qtbot.mouseClick(banner.text, Qt.MouseButton.LeftButton)
    assert view.focused() == 2 and not view.tiles[2].gold
    assert view.tiles[0].gold  # still unseen


def test_the_banner_row_keeps_its_height(qtbot, view) -> None:
    wall = on_wall(view, 2)
    before = (view.banner.height(), view.grid_host.geometry())
    wall.eventRaised.emit(major(0))
    QApplication.processEvents()
    assert (view.banner.height(), view.grid_host.geometry()) == before


# -- focus --------------------------------------------------------------------------------


def test_focus_by_click_and_by_keys(qtbot, view) -> None:
    wall = on_wall(view, 12)
    focused: list[int] = []
    view.focusedChanged.connect(focused.append)
    wall.eventRaised.emit(major(5))
    assert view.tiles[5].gold
    qtbot.mouseClick(view.tiles[5], Qt.MouseButton.LeftButton, pos=QPoint(100, 100))
    assert focused[-1] == 5 and view.focused() == 5 and view.tiles[5].focused
    assert not view.tiles[5].gold, "looked at"
    assert view.tiles[5].hasFocus()
    for key, want in (
        (Qt.Key.Key_Right, 6), (Qt.Key.Key_Down, 10), (Qt.Key.Key_Down, 10),
        (Qt.Key.Key_Up, 6), (Qt.Key.Key_Left, 5), (Qt.Key.Key_Left, 4), (Qt.Key.Key_Left, 3),
    ):  # fmt: skip
        qtbot.keyClick(QApplication.focusWidget(), key)
        assert view.focused() == want, key
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert view.focused() == 4
    assert focused == [5, 6, 10, 6, 5, 4, 3, 4]
    assert [t.focused for t in view.tiles].count(True) == 1
    # The view given the keyboard hands it to the focused tile.
    view.set_focused(8)
    view.setFocus()
    assert view.tiles[8].hasFocus()


def test_double_click_enter_and_the_name_open_the_full_view(qtbot, view) -> None:
    on_wall(view, 4)
    opened: list[int] = []
    view.openRequested.connect(opened.append)
    qtbot.mouseDClick(view.tiles[3], Qt.MouseButton.LeftButton, pos=QPoint(100, 100))
    assert opened == [3]
    view.tiles[1].setFocus()
    qtbot.keyClick(view.tiles[1], Qt.Key.Key_Return)
    assert opened == [3, 1]
    qtbot.mouseClick(view.tiles[2].name, Qt.MouseButton.LeftButton)
    assert opened == [3, 1, 2]
    # A double-click on the name is one gesture: it opens once.
    qtbot.mouseDClick(view.tiles[0].name, Qt.MouseButton.LeftButton)
    assert opened == [3, 1, 2, 0]


# -- twelve tiles on a laptop -------------------------------------------------------------


def leaves(tile: WallTile) -> list[QWidget]:
    return [w for w in tile.findChildren(QWidget) if w.isVisibleTo(tile) and w.parent() is tile]


def fill_widest(wall: HandWall, view: WallView) -> None:
    """Every tile as crowded as it gets: stale with an hour's time, the widest numbers.
    The wall's own refresh is stopped first: refreshing at the real time (a
    busy machine lets it run) would say how long ago `NOW_MS` was."""
    view.timer.stop()
    for i in range(len(wall.slots)):
        wall.set(i, state=SlotState.STALE, stale_since_ms=NOW_MS - 59 * 60_000 - 59_000)
        wall.slots[i].last_event = major(i, "GMV passed ¥1,000万")
    for tile in view.tiles:
        tile.refresh(NOW_MS, phase=True)
        tile.viewers.setText(max(samples("count"), key=len))
        tile.gmv.setText(max(samples("money"), key=len))
        tile.rate.setText(max(samples("rate"), key=len))
        tile.ghost.setText("−88%")
        tile.clock.setText("8:88:88")


@pytest.mark.parametrize(
    "size",
    [
        pytest.param((1280, 720), id="1280x720"),
        pytest.param((1366, 768), id="1366x768"),
        pytest.param((1264, 520), id="1280x720-in-the-window"),
        pytest.param((1280, 720), id="1280x720-K/M", marks=pytest.mark.numbers("west")),
    ],
)
def test_twelve_tiles_fit_a_laptop_screen(qtbot, view, size) -> None:
    view.resize(*size)
    wall = on_wall(view, 12)
    fill_widest(wall, view)
    QApplication.processEvents()
    assert view.minimumSizeHint().width() <= size[0]
    assert view.minimumSizeHint().height() <= size[1]
    grid = view.grid_host.rect()
    for a, b in itertools.combinations(view.tiles, 2):
        assert not a.geometry().intersects(b.geometry()), (a.slot.streamer, b.slot.streamer)
    for tile in view.tiles:
        assert grid.contains(tile.geometry()), tile.slot.streamer
        inside = tile.rect()
        kids = leaves(tile)
        for w in kids:
            assert inside.contains(w.geometry()), (tile.slot.streamer, w.objectName())
            assert w.width() > 0 and w.height() > 0, w.objectName()
        for a, b in itertools.combinations(kids, 2):
            assert not a.geometry().intersects(b.geometry()), (a.objectName(), b.objectName())
        for label in (tile.viewers, tile.gmv, tile.rate, tile.ghost, tile.clock, tile.badge):
            assert not label.is_elided(), (tile.slot.streamer, label.objectName(), label.text())
        assert not tile.name.is_elided(), tile.slot.streamer
        assert tile.viewers_spark.width() >= 36 and tile.viewers_spark.height() >= 14
        assert tile.badge.text().startswith("stale 59:59")
    # The captions are whole too.
    for label in view.tiles[0].findChildren(QLabel):
        if label.objectName() == "wallCaption":
            assert label.width() >= label.sizeHint().width(), label.text()


def test_widths_do_not_follow_the_numbers(qtbot, view) -> None:
    wall = on_wall(view, 12)
    wall.set(0, state=SlotState.LIVE)
    tile = view.tiles[0]
    QApplication.processEvents()
    before = [w.geometry() for w in leaves(tile)]
    for viewers, gmv in (("7", "¥0"), ("8.89万", "¥8,888.89万"), ("12", "¥1.2亿")):
        tile.viewers.setText(viewers)
        tile.gmv.setText(gmv)
        tile.clock.setText("1:02:03")
        QApplication.processEvents()
        assert [w.geometry() for w in leaves(tile)] == before


# -- a real wall ----------------------------------------------------------------------------


@pytest.fixture
def real_wall(qtbot, repo, writer, dict_keyring):
    from app.config.secret_store import SecretStore
    from app.config.settings import Settings
    from app.runtime.tasks import TaskRunner
    from app.runtime.wall import Wall
    from app.session.wall import WallConfig, WallSessions, WallSourceSpec

    tasks = TaskRunner()
    walls: list[Wall] = []

    def make() -> Wall:
        def sim(seed: int, **more: object) -> tuple[WallSourceSpec, ...]:
            options = {"seed": seed, "speed": 120, "size": 3.0, "duration_s": 3600, **more}
            return (WallSourceSpec("simulator", options),)

        entries = (
            WallEntry("杨小姐", "秋冬上新", sim(1)),
            WallEntry("Lily 莉莉", sources=sim(2, outage_at_s=40.0, outage_s=3600.0)),
            WallEntry("Mia", sources=sim(3), start_after_s=3600.0, due="00:00"),
        )
        sessions = WallSessions(repo, writer, SecretStore(), Settings(), keyboard=False)
        wall = Wall(WallConfig("Test wall", entries), sessions, tasks)
        walls.append(wall)
        return wall

    yield make
    for wall in walls:
        wall.stop_all_blocking()
    assert tasks.wait(5000)
    QApplication.processEvents()


def earlier(repo, k: int, yuan_per_min: int, minutes: int = 30) -> None:
    """A finished session of 杨小姐 a day or more ago, selling `yuan_per_min` every minute."""
    import numpy as np

    from app.core.columns import Column, SessionColumns, SourceColumns
    from app.storage.bulk import NewSession, insert_session

    start = NOW_MS - (k + 1) * 86_400_000
    t = start + np.arange(1, minutes + 1, dtype=np.int64) * 60_000
    gmv = np.arange(1, minutes + 1, dtype=np.int64) * yuan_per_min * 100
    cols = SessionColumns((SourceColumns("http", {"gmv": Column(t, gmv)}),))
    summary = SessionSummary(duration_s=minutes * 60, gmv_fen=int(gmv[-1]))
    insert_session(repo, NewSession("杨小姐", "", start, 480, int(t[-1]), summary, columns=cols))


def test_a_real_wall_over_a_real_database(qtbot, view, real_wall, repo) -> None:
    for k in range(3):  # 杨小姐 sold ¥1亿 a minute before: far behind her median now
        earlier(repo, k, 100_000_000)
    wall = real_wall()
    view.set_wall(wall)
    wall.open()
    qtbot.waitUntil(lambda: wall.slots[1].state is SlotState.STALE, timeout=8000)
    view.refresh()
    yang, lily, mia = view.tiles
    assert yang.state_text().startswith("live · Simulator ×120")
    assert yang.viewers.text() != "—" and yang.gmv.text().startswith("¥")
    assert yang.viewers_spark._lines and yang.gmv_spark._lines
    assert yang.clock.text() != ""
    qtbot.waitUntil(lambda: "ready" == yang._ghost_state == lily._ghost_state, timeout=3000)
    view.refresh()
    assert yang.ghost.text().startswith("−") and yang.ghost.text().endswith("%")
    assert yang.ghost.property("tone") == "bad"
    assert lily.ghost.text() == "—", "Lily's first session: no median yet"
    assert lily.state_text().startswith("stale ")
    assert "Simulator ×120: no data" in lily.state_text()
    assert mia.state_text().startswith("waiting · due ")
    assert mia.latest.text().startswith("Starts following in ")
    # One refresh timer for the whole wall; no tile has one of its own (the
    # banner's runs only while it shows a milestone, which may have come by now).
    running = [t for t in view.findChildren(QTimer) if t.isActive()]
    assert [t for t in running if t is not view.banner._timer] == [view.timer]
    # Stopping a slot: its tile says it ended, with the stored figures.
    with qtbot.waitSignal(wall.sessionStopped, timeout=8000):
        wall.stop(0)
        # Its sources are stopped; its end is being stored off the GUI thread.
        assert yang.state_text() == "stopping · Saving the session…"
        assert not yang.stop_action.isEnabled()
    info = wall.slots[0].final
    assert info is not None and info.summary.gmv_fen
    fmt = number_format()
    figures = f"{fmt.duration(info.summary.duration_s)} · {fmt.money_fen(info.summary.gmv_fen)}"
    view.refresh()
    assert yang.state_text() == f"ended · {figures}"
    assert yang.action.text() == "Resume" and yang.action.isVisibleTo(yang)
    spark_before = yang.gmv_spark.rebuilds
    for _ in range(3):
        view.refresh()
    assert yang.gmv_spark.rebuilds == spark_before, "an ended session's line stands still"


def test_the_dark_theme_has_the_tiles_colours() -> None:
    from app.ui.widgets.style import style_sheet, tone

    dark, light = style_sheet("dark"), style_sheet("light")
    assert 'QLabel#wallBadge[state="live"] { background: #dcfce7; color: #166534; }' in light
    assert 'QLabel#wallBadge[state="live"] { background: #14532d; color: #4ade80; }' in dark
    assert tone("spark_viewers", "dark").name() == "#60a5fa"
    assert tone("gold", "dark").name() == "#f59e0b"
