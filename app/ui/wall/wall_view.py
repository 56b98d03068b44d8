"""The watch wall: a tile per streamer (up to twelve), the milestone queue
above them and one feed of every session's events beside them.

The view reads the runtime `Wall` (app.runtime.wall): a slot's state change
(`slotChanged`) updates its tile's badge and buttons at once; an event
(`eventRaised`) goes into the feed, and a major milestone into the banner's
queue and makes its tile gold. Everything else — clocks, numbers, source
status, sparklines — is read by one timer for the whole wall, about twice a
second, and only while the wall is on screen; a sparkline works out its line
again only when its buffer changed. Nothing here runs per sample."""

from __future__ import annotations

import contextlib
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QFontMetrics,
    QHideEvent,
    QKeyEvent,
    QKeySequence,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QListView,
    QListWidgetItem,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from app.core.numbers import format_elapsed
from app.ui.view.event_feed import EventFeed
from app.ui.wall.banner import BannerQueue, event_line
from app.ui.wall.tile import WallTile, follow_delay
from app.ui.widgets.labels import line_height

if TYPE_CHECKING:
    from app.runtime.wall import Wall, WallEvent, WallSlot

REFRESH_MS = 500
"""The wall's one text refresh (clocks, numbers, sparklines, the gold flash)."""
REFRESH_STEPS = 4
"""The timer refreshes a quarter of the tiles at a time (every REFRESH_MS / 4)."""
SHAPES = ((1, 1, 1), (2, 2, 1), (4, 2, 2), (6, 3, 2), (9, 3, 3), (12, 4, 3))
"""(tiles, columns, rows): n tiles take the smallest of these that holds them."""
FEED_WIDTH = 230
"""The feed's starting width beside the tiles (the splitter moves it)."""
FEED_MIN_WIDTH = 150
FEED_LIMIT = 2_000
"""Lines the shared feed keeps (the oldest go): a day of twelve shows."""
SLOT_ROLE = int(Qt.ItemDataRole.UserRole) + 1
"""The feed item's slot."""
EVENT_ROLE = int(Qt.ItemDataRole.UserRole) + 2
"""The feed item's `WallEvent` (a teammate's slot is found by its session)."""
FEED_KINDS = {
    "major": "ok",
    "milestone": "ok",
    "alert": "warning",
    "error": "error",
    "ok": "ok",
    "info": "info",
}
"""A wall event's kind as the feed colours it."""


def grid_shape(n: int) -> tuple[int, int]:
    """(columns, rows) for `n` tiles: 1 → 1×1, 2 → 2×1, 3–4 → 2×2, 5–6 → 3×2,
    7–9 → 3×3, 10–12 → 4×3."""
    for size, cols, rows in SHAPES:
        if n <= size:
            return cols, rows
    return SHAPES[-1][1], SHAPES[-1][2]


class _FeedDelegate(QStyledItemDelegate):
    """Rows as tall as their wrapped lines are in the font CJK glyphs come
    from: a name like 杨小姐 is drawn in a fallback font whose lines are
    taller, and a row measured in the Latin font's lines lost its second line."""

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        hint = super().sizeHint(option, index)
        latin = QFontMetrics(option.font).lineSpacing()
        lines = max(1, round((hint.height() - 4) / max(1, latin)))
        return QSize(hint.width(), lines * line_height(option.font) + 4)


class WallFeed(EventFeed):
    """The shared feed: every line names its streamer, newest on top; a click
    on a line focuses that streamer's tile."""

    slotClicked = Signal(int)
    eventClicked = Signal(object)
    """The `WallEvent` of the line clicked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.empty.setText(
            self.tr(
                "Nothing yet. Milestones, alerts and source problems of every streamer "
                "show up here."
            )
        )
        self.list.itemClicked.connect(self._on_clicked)
        # Lines are wrapped again when the splitter moves or the scroll bar comes
        # (laid out once, they were cut with "…" in a row two lines tall).
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.setItemDelegate(_FeedDelegate(self.list))

    def add_event(self, event: WallEvent, started_ms: int | None = None) -> QListWidgetItem:
        item = self.add(event.ts_ms, event_line(event), FEED_KINDS.get(event.kind, "info"))
        item.setData(SLOT_ROLE, event.slot)
        item.setData(EVENT_ROLE, event)
        if event.major:
            font = item.font()
            font.setBold(True)
            item.setFont(font)
        if started_ms is not None:
            item.setToolTip(
                self.tr("{streamer}: {elapsed} into the session").format(
                    streamer=event.streamer,
                    elapsed=format_elapsed(max(0, event.ts_ms - started_ms) / 1000),
                )
            )
        else:
            item.setToolTip(event.streamer)
        while self.list.count() > FEED_LIMIT:
            self.list.takeItem(self.list.count() - 1)
        return item

    def _on_clicked(self, item: QListWidgetItem) -> None:
        event = item.data(EVENT_ROLE)
        if event is not None:
            self.eventClicked.emit(event)
        slot = item.data(SLOT_ROLE)
        if slot is not None:
            self.slotClicked.emit(int(slot))


class WallView(QWidget):
    openRequested = Signal(int)
    """A slot whose full live view the operator asked for (double-click, Enter,
    the streamer's name, the tile's Open)."""
    focusedChanged = Signal(int)
    """The slot now focused (click, arrow keys, Tab, a feed line, the banner)."""
    startRequested = Signal(int)
    stopRequested = Signal(int)
    resumeRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wallView")
        self.wall: Wall | None = None
        self.tiles: list[WallTile] = []
        self._focused: int | None = None
        self._phase = False
        self.columns, self.rows = grid_shape(0)

        self.banner = BannerQueue(self)
        self.banner.activated.connect(self._focus_event)
        self.grid_host = QWidget(self)
        self.grid_host.setObjectName("wallGrid")
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(6)
        self.empty = QLabel(
            self.tr(
                "Nobody on the team is live right now. A session recorded on another "
                "computer shows up here within about {every} of its start."
            ).format(every=follow_delay()),
            self.grid_host,
        )
        self.empty.setObjectName("placeholderText")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.hide()
        feed_panel = QWidget(self)
        self.feed_title = QLabel(self.tr("Events of every streamer"), feed_panel)
        self.feed_title.setObjectName("wallFeedTitle")
        self.feed = WallFeed(feed_panel)
        self.feed.eventClicked.connect(self._focus_event)
        self.feed.newestChanged.connect(self.banner.set_quiet)
        flay = QVBoxLayout(feed_panel)
        flay.setContentsMargins(0, 0, 0, 0)
        flay.setSpacing(2)
        flay.addWidget(self.feed_title)
        flay.addWidget(self.feed, 1)
        feed_panel.setMinimumWidth(FEED_MIN_WIDTH)
        self.feed_panel = feed_panel
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.grid_host)
        self.splitter.addWidget(feed_panel)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setSizes([1000, FEED_WIDTH])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        lay.addWidget(self.banner)
        lay.addWidget(self.splitter, 1)

        self.escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        self.escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.escape.activated.connect(self.banner.dismiss)

        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS // REFRESH_STEPS)
        self.timer.timeout.connect(self._tick)
        self._step = 0

    # -- the wall ----------------------------------------------------------------------
    def set_wall(self, wall: Wall | None) -> None:
        """Show `wall` (None: none): a tile per slot, its events in the feed."""
        old = self.wall
        if old is not None:
            for signal, handler in (
                (old.slotChanged, self._on_slot_changed),
                (old.eventRaised, self._on_event),
                (old.sessionStarted, self._on_session),
                (old.sessionStopped, self._on_session),
                (getattr(old, "slotsChanged", None), self._on_slots_changed),
            ):
                with contextlib.suppress(RuntimeError, TypeError, AttributeError):
                    signal.disconnect(handler)  # type: ignore[union-attr]
        for tile in self.tiles:
            self.grid.removeWidget(tile)
            tile.hide()
            tile.deleteLater()
        self.tiles = []
        self._focused = None
        self.setFocusProxy(None)  # type: ignore[arg-type]  # Qt takes none: no proxy
        self.feed.clear(0)
        self.banner.clear()
        self.wall = wall
        if wall is None:
            self.timer.stop()
            self._arrange()
            return
        for slot in wall.slots:
            self.tiles.append(self._make_tile(slot))
        self._arrange()
        wall.slotChanged.connect(self._on_slot_changed)
        wall.eventRaised.connect(self._on_event)
        wall.sessionStarted.connect(self._on_session)
        wall.sessionStopped.connect(self._on_session)
        slots_changed = getattr(wall, "slotsChanged", None)
        if slots_changed is not None:
            slots_changed.connect(self._on_slots_changed)
        for tile in self.tiles:
            tile.show()
        if self.isVisible():
            self.timer.start()
        self.refresh()

    def _make_tile(self, slot: WallSlot) -> WallTile:
        tile = WallTile(slot, self.grid_host)
        tile.focusRequested.connect(self.set_focused)
        tile.moveRequested.connect(self._move)
        tile.openRequested.connect(self.openRequested)
        tile.startRequested.connect(self.startRequested)
        tile.stopRequested.connect(self.stopRequested)
        tile.resumeRequested.connect(self.resumeRequested)
        return tile

    def _arrange(self) -> None:
        """Tiles in the grid shape their number takes; every cell the same size
        (an empty cell keeps its place, so a tile never changes size when
        another one is added up to the shape's size)."""
        for tile in self.tiles:
            self.grid.removeWidget(tile)
        self.grid.removeWidget(self.empty)
        for c in range(self.grid.columnCount()):
            self.grid.setColumnStretch(c, 0)
        for r in range(self.grid.rowCount()):
            self.grid.setRowStretch(r, 0)
        self.columns, self.rows = grid_shape(len(self.tiles))
        for i, tile in enumerate(self.tiles):
            self.grid.addWidget(tile, i // self.columns, i % self.columns)
        for c in range(self.columns):
            self.grid.setColumnStretch(c, 1)
        for r in range(self.rows):
            self.grid.setRowStretch(r, 1)
        empty = self.wall is not None and not self.tiles
        if empty:
            self.grid.addWidget(self.empty, 0, 0)
        self.empty.setVisible(empty)

    def _on_slots_changed(self) -> None:
        """Slots came or went (the team's sessions): a tile per slot again, the
        ones still there kept as they are, the focus staying with its slot."""
        wall = self.wall
        if wall is None:
            return
        focused = self._tile(self._focused) if self._focused is not None else None
        old = {id(t.slot): t for t in self.tiles}
        tiles = []
        for slot in wall.slots:
            tile = old.pop(id(slot), None)
            tiles.append(tile if tile is not None else self._make_tile(slot))
        for tile in old.values():
            self.grid.removeWidget(tile)
            tile.hide()
            tile.deleteLater()
        self.tiles = tiles
        self._arrange()
        for tile in tiles:
            tile.show()
            tile.update_state()
            tile.refresh(phase=self._phase)
        self._focused = None
        if focused is not None and focused in tiles:
            self.set_focused(tiles.index(focused))
        elif tiles:
            self.set_focused(0)
        else:
            self.setFocusProxy(None)  # type: ignore[arg-type]  # Qt takes none: no proxy

    # -- focus -------------------------------------------------------------------------
    def focused(self) -> int | None:
        return self._focused

    def set_focused(self, i: int) -> None:
        """Make slot `i` the focused one (what H / S / E and the entry line act on);
        its gold goes, the operator has seen it."""
        if not 0 <= i < len(self.tiles):
            return
        for j, tile in enumerate(self.tiles):
            tile.set_focused(j == i)
        # The view given the keyboard (the window's Wall tab) hands it to this tile.
        self.setFocusProxy(self.tiles[i])
        if i != self._focused:
            self._focused = i
            self.focusedChanged.emit(i)

    def focus_tile(self, i: int) -> None:
        """Focus slot `i` and give its tile the keyboard (arrows, Enter)."""
        self.set_focused(i)
        if 0 <= i < len(self.tiles):
            self.tiles[i].setFocus(Qt.FocusReason.OtherFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Keys that reach the view itself (no tile has the keyboard): the
        arrows move from the focused tile, Enter opens it."""
        i = self._focused
        key = Qt.Key(event.key())
        if i is not None and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.openRequested.emit(i)
            return
        if i is not None and key in (
            Qt.Key.Key_Left,
            Qt.Key.Key_Right,
            Qt.Key.Key_Up,
            Qt.Key.Key_Down,
        ):
            self._move(i, int(key.value))
            return
        super().keyPressEvent(event)

    def _index_for(self, event: WallEvent) -> int | None:
        """The slot an event is of now (a teammate's slot may have moved or gone)."""
        index_for = getattr(self.wall, "index_for", None)
        if index_for is not None:
            found: int | None = index_for(event)
            return found
        return event.slot if 0 <= event.slot < len(self.tiles) else None

    def _focus_event(self, event: WallEvent) -> None:
        """A feed line or the banner clicked: its streamer's tile, if still there."""
        i = self._index_for(event)
        if i is not None:
            self.focus_tile(i)

    def _move(self, i: int, key: int) -> None:
        """An arrow key on tile `i`: its neighbour in the grid (rows wrap
        left and right; up and down stop at the edges)."""
        n = len(self.tiles)
        if n == 0:
            return
        cols = self.columns
        step = {
            int(Qt.Key.Key_Left.value): -1,
            int(Qt.Key.Key_Right.value): 1,
            int(Qt.Key.Key_Up.value): -cols,
            int(Qt.Key.Key_Down.value): cols,
        }.get(key, 0)
        target = i + step
        if abs(step) == 1:
            target %= n
        if 0 <= target < n:
            self.focus_tile(target)

    # -- the wall's signals ------------------------------------------------------------
    def _tile(self, i: int) -> WallTile | None:
        return self.tiles[i] if 0 <= i < len(self.tiles) else None

    def _on_slot_changed(self, i: int) -> None:
        tile = self._tile(i)
        if tile is not None:
            tile.update_state()
            tile.refresh(phase=self._phase)

    def _on_session(self, i: int, _what: object) -> None:
        self._on_slot_changed(i)

    def _on_event(self, event: WallEvent) -> None:
        started = None
        i = self._index_for(event)
        if self.wall is not None and i is not None and i < len(self.wall.slots):
            started = self.wall.slots[i].started_ms
        self.feed.add_event(event, started)
        if event.major:
            self.banner.push(event)
            tile = self._tile(i) if i is not None else None
            if tile is not None:
                tile.set_gold(True)

    # -- the one timer -----------------------------------------------------------------
    def refresh(self) -> None:
        """Every tile's texts and sparklines (about twice a second)."""
        self._phase = not self._phase
        now_ms = int(datetime.now().timestamp() * 1000)
        for tile in self.tiles:
            tile.refresh(now_ms, self._phase)

    def _tick(self) -> None:
        """The timer's: a quarter of the tiles at a time, in turn, so each is
        refreshed every `REFRESH_MS` and no tick holds the GUI thread for a
        whole wall's refresh (a dozen tiles took about 4 ms in one go: the
        writer thread and the event loop waited that long)."""
        k = self._step % REFRESH_STEPS
        self._step += 1
        if k == 0:
            self._phase = not self._phase
        now_ms = int(datetime.now().timestamp() * 1000)
        for tile in self.tiles[k::REFRESH_STEPS]:
            tile.refresh(now_ms, self._phase)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.wall is not None:
            self.refresh()
            self.timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.timer.stop()  # a hidden wall reads nothing; its events still arrive
