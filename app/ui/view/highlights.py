"""Milestone banner, the highlights panel, and undoable highlight edits."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QEnterEvent, QFont, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.highlights import Highlight, parse_note
from app.core.numbers import format_elapsed
from app.ui.widgets.labels import FitLabel, line_height
from app.ui.widgets.style import BANNER_PT, MAJOR_BANNER_PT

BANNER_MS = 8_000
MAJOR_BANNER_MS = 20_000
LOUD_MS = 4_000
"""How long the banner stays loud; after that it is drawn quieter until it
goes (solid again under the pointer)."""
STRIP_MARGIN = 3


def _banner_font(base: QFont, major: bool) -> QFont:
    """The banner text's font as the style sheet makes it (`app.ui.widgets.style`)."""
    font = QFont(base)
    font.setPointSizeF(MAJOR_BANNER_PT if major else BANNER_PT)
    font.setWeight(QFont.Weight.ExtraBold if major else QFont.Weight.DemiBold)
    return font


class MilestoneBanner(QFrame):
    """The newest milestone, on one line. A major step (大屏破百万) gets the
    celebration colours. It lives in a `BannerStrip`, a row of its own, so it
    covers nothing: loud for `LOUD_MS`, then quieter, then gone (solid again
    under the pointer)."""

    dismissed = Signal()
    """The banner went away (its time ran out, or ✕ was clicked)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("milestoneBanner")
        self.text = FitLabel("", self, min_width=80, shrink=0.8)
        self.text.setObjectName("bannerText")
        self.card = QPushButton(self.tr("Open moment card"), self)
        self.card.setObjectName("bannerCard")
        self.card.hide()
        self.video = QPushButton(self.tr("Open video"), self)
        self.video.setObjectName("bannerCard")
        self.video.hide()
        self.folder = QPushButton(self.tr("Show in folder"), self)
        self.folder.setObjectName("bannerCard")
        self.folder.setToolTip(self.tr("Show the folder the moment cards and videos are saved in"))
        self.folder.hide()
        self._close = close = QPushButton("✕", self)
        close.setObjectName("bannerClose")
        close.setFlat(True)
        close.setFixedWidth(32)
        close.clicked.connect(self.dismiss)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(12, 0, 4, 0)
        lay.setSpacing(6)
        lay.addWidget(self.text, 1)
        lay.addWidget(self.card, 0, Qt.AlignmentFlag.AlignVCenter)
        lay.addWidget(self.video, 0, Qt.AlignmentFlag.AlignVCenter)
        lay.addWidget(self.folder, 0, Qt.AlignmentFlag.AlignVCenter)
        lay.addWidget(close, 0, Qt.AlignmentFlag.AlignVCenter)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.dismiss)
        self.loud_ms = LOUD_MS
        self.show_ms = BANNER_MS
        self.major_show_ms = MAJOR_BANNER_MS
        self._loud = QTimer(self)
        self._loud.setSingleShot(True)
        self._loud.timeout.connect(self._quieten)
        self.hide()

    @property
    def faded(self) -> bool:
        return bool(self.property("faded"))

    def _set_faded(self, faded: bool) -> None:
        """Quieter colours from the style sheet: a plain paint, where a
        QGraphicsOpacityEffect would render the banner into a pixmap first."""
        if self.faded == faded:
            return
        self.setProperty("faded", faded)
        self._repolish()

    def _repolish(self) -> None:
        for w in (self, self.text, self.card, self.video, self.folder, self._close):
            w.style().unpolish(w)
            w.style().polish(w)

    def _quieten(self) -> None:
        if not self.underMouse():
            self._set_faded(True)

    def enterEvent(self, event: QEnterEvent) -> None:
        self._set_faded(False)
        super().enterEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        if self.isVisible() and not self._loud.isActive():
            self._set_faded(True)
        super().leaveEvent(event)

    def dismiss(self) -> None:
        """Gone entirely: nothing of it stays over anything."""
        self._timer.stop()
        self._loud.stop()
        was_shown = not self.isHidden()
        self.hide()
        if was_shown:
            self.dismissed.emit()

    def show_milestone(self, text: str, major: bool) -> bool:
        """Show `text`; False if it was not shown (a celebration stays)."""
        if not major and self.isVisible() and self.property("major") and self._timer.isActive():
            return False  # a small alert does not cut a celebration short (the feed has it)
        self.text.setText(("★  " + text + "  ★") if major else ("☆  " + text))
        self.card.hide()  # shown again once this moment's card is saved
        self.video.hide()  # … and once its video is made
        self.folder.hide()
        self.setProperty("major", major)
        self.setProperty("faded", False)
        self._repolish()
        self.show()
        self._timer.start(self.major_show_ms if major else self.show_ms)
        self._loud.start(self.loud_ms)
        return True


class BannerStrip(QFrame):
    """A row of its own between the tiles and the plots, one line tall, always
    there: the milestone banner when there is one, else the newest event,
    quietly. A banner floating over the plots covered the readout and the top
    plot's title; pushing the layout down for it would resize and re-render
    every plot at the moment a milestone arrives. A fixed row does neither."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bannerStrip")
        self.quiet = FitLabel("", self, min_width=40)
        self.quiet.setObjectName("bannerQuiet")
        self.banner = MilestoneBanner(self)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.quiet, 0, 0)
        grid.addWidget(self.banner, 0, 0)
        self.banner.dismissed.connect(self._on_dismissed)
        big = line_height(_banner_font(self.banner.text.font(), major=True))
        buttons = max(self.banner.card.sizeHint().height(), self.banner._close.sizeHint().height())
        self.setFixedHeight(max(big, buttons) + 2 * STRIP_MARGIN + 4)  # + the major border

    def _on_dismissed(self) -> None:
        self.quiet.show()

    def show_milestone(self, text: str, major: bool) -> bool:
        """Show `text` in the banner; False if a celebration kept its place."""
        shown = self.banner.show_milestone(text, major)
        if self.banner.isVisibleTo(self):
            self.quiet.hide()
        return shown

    def set_quiet(self, text: str) -> None:
        """The newest event, shown while no banner is."""
        self.quiet.setText(text)


class HighlightStore(Protocol):
    """Where highlights live: a live session, or a stored one under review."""

    def put_highlight(self, h: Highlight) -> None: ...

    def delete_highlight(self, uid: str) -> Highlight | None: ...


class _Put(QUndoCommand):
    def __init__(
        self, store: HighlightStore, new: Highlight, old: Highlight | None, text: str
    ) -> None:
        super().__init__(text)
        self.store, self.new, self.old = store, new, old

    def redo(self) -> None:
        self.store.put_highlight(self.new)

    def undo(self) -> None:
        if self.old is None:
            self.store.delete_highlight(self.new.uid)
        else:
            self.store.put_highlight(self.old)


class _Delete(QUndoCommand):
    def __init__(self, store: HighlightStore, h: Highlight, text: str) -> None:
        super().__init__(text)
        self.store, self.h = store, h

    def redo(self) -> None:
        self.store.delete_highlight(self.h.uid)

    def undo(self) -> None:
        self.store.put_highlight(self.h)


class HighlightsPanel(QWidget):
    """Every highlight: retitle (double-click the title), move by 5 s, delete —
    each undoable with Ctrl+Z. Clicking one moves the plots there."""

    jumpRequested = Signal(object)
    """The mark time in UTC epoch ms (too large for a Qt int)."""
    openCardRequested = Signal()
    """Open the moment card saved last."""
    openFolderRequested = Signal()
    """Show the folder moment cards are saved in."""
    openVideoRequested = Signal()
    """Open the moment video made last."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.undo = QUndoStack(self)
        self.store: HighlightStore | None = None
        self.started_ms = 0
        self._items: list[Highlight] = []
        self._filling = False
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels([self.tr("Time"), self.tr("Title"), self.tr("Tags")])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self.table.itemChanged.connect(self._on_item_changed)
        self.table.cellClicked.connect(self._on_clicked)
        self.earlier = QPushButton(self.tr("−5 s"), self)
        self.later = QPushButton(self.tr("+5 s"), self)
        self.delete = QPushButton(self.tr("Delete"), self)
        self.undo_button = QPushButton(self.tr("Undo"), self)
        self.card = QPushButton(self.tr("Card"), self)
        self.card.setToolTip(self.tr("Save a shareable moment card (PNG) for this highlight"))
        self.earlier.clicked.connect(lambda: self.retime_selected(-5))
        self.later.clicked.connect(lambda: self.retime_selected(5))
        self.delete.clicked.connect(self.delete_selected)
        self.undo_button.clicked.connect(self.undo.undo)
        self.undo.canUndoChanged.connect(self.undo_button.setEnabled)
        self.undo_button.setEnabled(False)
        self.empty = QLabel(self.tr("Press H (or ★ Mark) to mark a moment for the editors."), self)
        self.empty.setWordWrap(True)
        self.empty.setObjectName("feedEmpty")
        # Two rows, so the side panel stays narrow enough for a laptop screen.
        buttons = QGridLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for i, b in enumerate((self.earlier, self.later, self.delete)):
            buttons.addWidget(b, 0, i)
        self.video = QPushButton(self.tr("Video"), self)
        self.video.setToolTip(
            self.tr("Make a moment video (vertical MP4, ready to post) for this highlight")
        )
        buttons.addWidget(self.undo_button, 1, 0)
        buttons.addWidget(self.card, 1, 1)
        buttons.addWidget(self.video, 1, 2)
        self.card_status = FitLabel("", self, min_width=40)
        self.card_status.setObjectName("cardStatus")
        self.open_card = QPushButton(self.tr("Open"), self)
        self.open_card.setToolTip(self.tr("Open the saved moment card"))
        self.open_card.clicked.connect(self.openCardRequested)
        self.open_folder = QPushButton(self.tr("Folder"), self)
        self.open_folder.setToolTip(self.tr("Show the folder the moment cards are saved in"))
        self.open_folder.clicked.connect(self.openFolderRequested)
        card_row = QHBoxLayout()
        card_row.setContentsMargins(0, 0, 0, 0)
        card_row.addWidget(self.card_status, 1)
        card_row.addWidget(self.open_card)
        card_row.addWidget(self.open_folder)
        self.card_box = QWidget(self)
        self.card_box.setLayout(card_row)
        self.card_box.hide()
        # The moment video's row: what is being made (with its progress), or
        # where it went.
        self.video_status = FitLabel("", self, min_width=40)
        self.video_status.setObjectName("cardStatus")
        self.video_progress = QProgressBar(self)
        self.video_progress.setRange(0, 100)
        self.video_progress.setTextVisible(False)
        self.video_progress.setFixedWidth(70)
        self.open_video = QPushButton(self.tr("Open"), self)
        self.open_video.setToolTip(self.tr("Open the moment video made last"))
        self.open_video.clicked.connect(self.openVideoRequested)
        self.video_folder = QPushButton(self.tr("Folder"), self)
        self.video_folder.setToolTip(self.tr("Show the folder the moment videos are saved in"))
        self.video_folder.clicked.connect(self.openFolderRequested)
        video_row = QHBoxLayout()
        video_row.setContentsMargins(0, 0, 0, 0)
        video_row.addWidget(self.video_status, 1)
        video_row.addWidget(self.video_progress)
        video_row.addWidget(self.open_video)
        video_row.addWidget(self.video_folder)
        self.video_box = QWidget(self)
        self.video_box.setLayout(video_row)
        self.video_box.hide()
        self._select_uid: str | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.empty)
        lay.addWidget(self.table, 1)
        lay.addLayout(buttons)
        lay.addWidget(self.card_box)
        lay.addWidget(self.video_box)

    def show_card_saved(self, path: Path) -> None:
        """Say where the card went, with a way to open it."""
        self.card_status.setProperty("kind", "ok")
        self.card_status.setText(self.tr("Card saved: {name}").format(name=path.name))
        self.card_status.setToolTip(str(path))
        self.open_card.show()
        self.open_folder.show()
        self._repolish(self.card_status)
        self.card_box.show()

    def show_card_failed(self, why: str) -> None:
        self.card_status.setProperty("kind", "error")
        self.card_status.setText(self.tr("Card not saved: {why}").format(why=why))
        self.card_status.setToolTip(why)
        self.open_card.hide()
        self.open_folder.hide()
        self._repolish(self.card_status)
        self.card_box.show()

    def show_video_progress(self, fraction: float, waiting: int) -> None:
        """A video is being made: how far, and how many wait after it."""
        text = self.tr("Making the video… {pct}%").format(pct=round(fraction * 100))
        if waiting:
            text += " · " + self.tr("{n} more waiting").format(n=waiting)
        self.video_status.setProperty("kind", "")
        self.video_status.setText(text)
        self.video_status.setToolTip("")
        self.video_progress.setValue(round(fraction * 100))
        self.video_progress.show()
        self.open_video.hide()
        self.video_folder.hide()
        self._repolish(self.video_status)
        self.video_box.show()

    def show_video_saved(self, path: Path) -> None:
        self.video_status.setProperty("kind", "ok")
        self.video_status.setText(self.tr("Video saved: {name}").format(name=path.name))
        self.video_status.setToolTip(str(path))
        self.video_progress.hide()
        self.open_video.show()
        self.video_folder.show()
        self._repolish(self.video_status)
        self.video_box.show()

    def show_video_failed(self, why: str) -> None:
        self.video_status.setProperty("kind", "error")
        self.video_status.setText(self.tr("Video not made: {why}").format(why=why))
        self.video_status.setToolTip(why)
        self.video_progress.hide()
        self.open_video.hide()
        self.video_folder.hide()
        self._repolish(self.video_status)
        self.video_box.show()

    @staticmethod
    def _repolish(w: QWidget) -> None:
        w.style().unpolish(w)
        w.style().polish(w)

    def attach(self, store: HighlightStore | None, started_ms: int) -> None:
        self.store = store
        self.started_ms = started_ms
        self.undo.clear()
        for b in (self.earlier, self.later, self.delete):
            b.setEnabled(store is not None)

    def set_highlights(self, highlights: list[Highlight]) -> None:
        """Fill the table; the selected highlight stays selected (after a
        delete, the one that followed it)."""
        selected = self._selected()
        keep = self._select_uid or (selected.uid if selected is not None else None)
        self._select_uid = None
        self._items = sorted(highlights, key=lambda h: h.mark_ms)
        self._filling = True
        self.table.setRowCount(len(self._items))
        for row, h in enumerate(self._items):
            t = QTableWidgetItem(format_elapsed((h.mark_ms - self.started_ms) / 1000))
            t.setFlags(t.flags() & ~Qt.ItemFlag.ItemIsEditable)
            title = QTableWidgetItem(("★ " if h.major else "") + h.title)
            if h.note:
                title.setToolTip(h.note)
            tags = QTableWidgetItem(" ".join(f"#{x}" for x in h.tags))
            self.table.setItem(row, 0, t)
            self.table.setItem(row, 1, title)
            self.table.setItem(row, 2, tags)
        self._filling = False
        self.empty.setVisible(not self._items)
        rows = [row for row, h in enumerate(self._items) if h.uid == keep]
        if rows:
            self.table.selectRow(rows[0])
        else:
            self.table.clearSelection()

    def highlight_at(self, row: int) -> Highlight | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def _selected(self) -> Highlight | None:
        rows = self.table.selectionModel().selectedRows()
        return self.highlight_at(rows[0].row()) if rows else None

    def push(self, new: Highlight, old: Highlight | None, text: str) -> None:
        if self.store is not None:
            self.undo.push(_Put(self.store, new, old, text))

    def retime_selected(self, seconds: float) -> None:
        h = self._selected()
        if h is None or self.store is None:
            return
        new_mark = max(self.started_ms, h.mark_ms + round(seconds * 1000))
        self.push(replace(h, mark_ms=new_mark), h, self.tr("Move highlight"))

    def delete_selected(self) -> None:
        """Delete the selected highlight; the next one is selected after it
        (the previous one if it was the last), so Delete can be pressed again."""
        h = self._selected()
        if h is None or self.store is None:
            return
        row = self._items.index(h)
        after = self.highlight_at(row + 1) or self.highlight_at(row - 1)
        self._select_uid = after.uid if after is not None else None
        self.undo.push(_Delete(self.store, h, self.tr("Delete highlight")))
        self._select_uid = None

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling or self.store is None:
            return
        h = self.highlight_at(item.row())
        if h is None:
            return
        text = item.text().removeprefix("★ ").strip()
        if item.column() == 1 and text and text != h.title:
            # "改名测试 #新标签": the words are the title, the #words are tags.
            words, tags = parse_note(text)
            merged = tuple(dict.fromkeys((*h.tags, *tags)))
            if (words or h.title) != h.title or merged != h.tags:
                new = replace(h, title=words or h.title, tags=merged)
                self.push(new, h, self.tr("Rename highlight"))
            elif words != text:  # only tags it already had: show the title again
                self._filling = True
                item.setText(("★ " if h.major else "") + h.title)
                self._filling = False
        elif item.column() == 2:
            _words, tags = parse_note(" ".join("#" + t.lstrip("#＃") for t in text.split()))
            if tags != h.tags:
                self.push(replace(h, tags=tags), h, self.tr("Tag highlight"))

    def _on_clicked(self, row: int, _col: int) -> None:
        h = self.highlight_at(row)
        if h is not None:
            self.jumpRequested.emit(h.mark_ms)


class StoredHighlights:
    """Highlights of a finished session, edited through the database writer."""

    def __init__(
        self,
        highlights: dict[str, Highlight],
        put: Callable[[Highlight], None],
        delete: Callable[[str], None],
        changed: Callable[[], None],
    ) -> None:
        self.highlights = highlights
        self._put, self._delete, self._changed = put, delete, changed

    def put_highlight(self, h: Highlight) -> None:
        self.highlights[h.uid] = h
        self._put(h)
        self._changed()

    def delete_highlight(self, uid: str) -> Highlight | None:
        h = self.highlights.pop(uid, None)
        if h is not None:
            self._delete(uid)
        self._changed()
        return h
