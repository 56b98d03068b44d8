"""The region editor: draw a box around each number of a dashboard on the
screen, name its metric, try the reading, save the layout.

The screen is captured with Genbo's own windows out of the way (hidden for
a moment); the capture is shown scaled to fit, and a box is drawn on it by
dragging. "Test reading" grabs the boxes again every 1.5 s and shows, per
box, its crop, the raw OCR text, the value and the guard's verdict, OCR
running on the task pool so the window never waits for it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QPoint,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QScreen,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.core.metrics import CATALOGUE
from app.core.read_guard import GuardSettings, Verdict
from app.runtime.tasks import TaskRunner
from app.session.screen_layouts import save_layout
from app.sources.base import SourceConfigError
from app.sources.ocr import Image, OcrEngine, OcrUnavailableError
from app.sources.screen import (
    BIG_SCREEN,
    RegionReading,
    ScreenLayout,
    ScreenRegion,
    preview,
)
from app.ui.widgets.demo_dashboard import DemoDashboard
from app.ui.widgets.format import format_typed, metric_label
from app.ui.widgets.labels import form_error
from app.ui.widgets.screen_grab import (
    find_window,
    from_array,
    grab_layout,
    to_array,
    window_support,
)
from app.ui.widgets.style import set_tone, tone

_FIRST = ("gmv", "viewers", "orders", "dwell_seconds", "new_followers", "watch_uv", "buyers")
SCREEN_METRICS = (
    _FIRST
    + tuple(m.key for m in CATALOGUE if not m.channel and m.key not in _FIRST)
    + (BIG_SCREEN,)
)
"""In the order the big screens show them: a new box takes the first not
yet used. Last, the big screen itself: a box not read, kept for the moment
videos (the dashboard crossing the line)."""


def box_label(key: str) -> str:
    """A box's name: its metric's, or "Big screen" for the one kept for videos."""
    if key == BIG_SCREEN:
        return QCoreApplication.translate("ScreenLayoutDialog", "Big screen (moment videos)")
    return metric_label(key)


PREVIEW_MS = 1500
HIDE_MS = 350
"""How long Genbo's windows stay hidden before the screen is captured (the
window manager needs a moment to uncover what was under them)."""
THUMB = QSize(120, 34)
METRIC_W = 150
"""The metric column: a combo box (a cell widget, which ResizeToContents
does not measure) wide enough for 人均停留时长 and "Cumulative viewers"."""

_engine: OcrEngine | None = None


def preview_engine() -> OcrEngine:
    """One OCR engine for every preview of this process (its models load once)."""
    global _engine
    if _engine is None:
        _engine = OcrEngine()
    return _engine


@dataclass
class _Box:
    metric: str
    rect: QRect
    """On the virtual desktop, in Qt's device-independent pixels."""


class RegionCanvas(QWidget):
    """A capture of the screen, scaled to fit, with the boxes on it. Drag to
    draw a box; click one to select it."""

    boxDrawn = Signal(QRect)
    boxClicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(360, 220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(False)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.pixmap: QPixmap | None = None
        self.origin = QPoint(0, 0)
        """Where the capture's top left is on the desktop."""
        self.boxes: list[_Box] = []
        self.selected = -1
        self._drag: tuple[QPointF, QPointF] | None = None

    def set_capture(self, pixmap: QPixmap, origin: QPoint) -> None:
        self.pixmap, self.origin = pixmap, origin
        self.update()

    def _scale(self) -> tuple[float, QPointF]:
        if self.pixmap is None or self.pixmap.isNull():
            return 1.0, QPointF(0, 0)
        size = self.pixmap.deviceIndependentSize()
        s = min(self.width() / size.width(), self.height() / size.height())
        off = QPointF(
            (self.width() - size.width() * s) / 2, (self.height() - size.height() * s) / 2
        )
        return s, off

    def to_desktop(self, p: QPointF) -> QPoint:
        s, off = self._scale()
        return QPoint(round((p.x() - off.x()) / s), round((p.y() - off.y()) / s)) + self.origin

    def to_widget(self, r: QRect) -> QRectF:
        s, off = self._scale()
        r = r.translated(-self.origin)
        return QRectF(off.x() + r.x() * s, off.y() + r.y() * s, r.width() * s, r.height() * s)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), self.palette().window())
        if self.pixmap is None or self.pixmap.isNull():
            p.setPen(tone("muted"))
            p.drawText(
                self.rect(),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                self.tr(
                    "Capture the screen with the dashboard on it, then drag a box "
                    "around each number."
                ),
            )
            p.end()
            return
        s, off = self._scale()
        size = self.pixmap.deviceIndependentSize()
        p.drawPixmap(
            QRectF(off.x(), off.y(), size.width() * s, size.height() * s),
            self.pixmap,
            QRectF(self.pixmap.rect()),
        )
        for i, box in enumerate(self.boxes):
            colour = tone("focus") if i == self.selected else tone("gold")
            p.setPen(QPen(colour, 2))
            r = self.to_widget(box.rect)
            p.drawRect(r)
            p.fillRect(QRectF(r.x(), r.y() - 16, min(r.width(), 160), 16), colour)
            p.setPen(QColor("white"))
            p.drawText(
                QRectF(r.x() + 3, r.y() - 16, 157, 16),
                Qt.AlignmentFlag.AlignVCenter,
                box_label(box.metric),
            )
        if self._drag is not None:
            a, b = self._drag
            p.setPen(QPen(tone("focus"), 1, Qt.PenStyle.DashLine))
            p.drawRect(QRectF(a, b).normalized())
        p.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self.pixmap is None:
            return
        pos = event.position()
        for i in reversed(range(len(self.boxes))):
            if self.to_widget(self.boxes[i].rect).contains(pos):
                self.selected = i
                self.boxClicked.emit(i)
                self.update()
                return
        self._drag = (pos, pos)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag is not None:
            self._drag = (self._drag[0], event.position())
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag is None:
            return
        a, b = self._drag
        self._drag = None
        rect = QRect(self.to_desktop(a), self.to_desktop(b)).normalized()
        self.update()
        if rect.width() >= 8 and rect.height() >= 8:
            self.boxDrawn.emit(rect)


class ScreenLayoutDialog(QDialog):
    """Draw, name, try and save a screen layout. Opened with open()."""

    def __init__(
        self,
        data_dir: Path,
        tasks: TaskRunner,
        layout: ScreenLayout | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Screen regions"))
        self.data_dir = data_dir
        self.tasks = tasks
        self._relative_to: str | None = None
        """The window title whose coordinates the loaded boxes are still in
        (their window was not open when the layout was loaded)."""
        self.saved: ScreenLayout | None = None
        self.demo: DemoDashboard | None = None
        self._busy = False
        free = (parent.screen() if parent is not None else self.screen()).availableGeometry()
        self.resize(min(1180, free.width() - 40), min(680, free.height() - 60))

        self.screen_box = QComboBox(self)
        for s in QGuiApplication.screens():
            g = s.geometry()
            self.screen_box.addItem(
                f"{s.name() or self.tr('Screen')} · {g.width()}×{g.height()}", s.name()
            )
        capture = QPushButton(self.tr("Capture the screen"), self)
        capture.setToolTip(
            self.tr("Genbo's windows hide for a moment while the screen is captured")
        )
        capture.clicked.connect(self.capture_screen)
        demo = QPushButton(self.tr("Show a demo dashboard"), self)
        demo.setToolTip(self.tr("A made-up big screen to try the reading on"))
        demo.clicked.connect(self.show_demo)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Screen"), self))
        top.addWidget(self.screen_box, 1)
        top.addWidget(capture)
        top.addWidget(demo)

        self.canvas = RegionCanvas(self)
        self.canvas.boxDrawn.connect(self._add_box)

        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Metric"), self.tr("Crop"), self.tr("Read · verdict")]
        )
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setDefaultSectionSize(THUMB.height() + 14)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(0, METRIC_W)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(1, THUMB.width() + 8)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._on_row)
        self.canvas.boxClicked.connect(self.table.selectRow)
        remove = QPushButton(self.tr("Remove box"), self)
        remove.clicked.connect(self.remove_selected)
        self.live = QCheckBox(self.tr("Test reading"), self)
        self.live.setToolTip(
            self.tr("Read the boxes every 1.5 s and show what the session would record")
        )
        self.live.toggled.connect(self._toggle_preview)
        self.ocr_note = QLabel(self)
        self.ocr_note.setWordWrap(True)
        side = QWidget(self)
        side_lay = QVBoxLayout(side)
        side_lay.setContentsMargins(0, 0, 0, 0)
        side_lay.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addWidget(self.live)
        row.addStretch(1)
        row.addWidget(remove)
        side_lay.addLayout(row)
        side_lay.addWidget(self.ocr_note)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.canvas)
        split.addWidget(side)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setSizes([560, 520])

        self.name = QLineEdit(self)
        self.name.setPlaceholderText(self.tr("e.g. 快手大屏 1920×1080"))
        self.window_title = QLineEdit(self)
        self.window_title.setPlaceholderText(
            self.tr("optional: part of the dashboard window's title")
        )
        follow_note = QLabel(
            self.tr("The boxes move with that window if it moves.")
            if window_support()
            else self.tr(
                "This system does not let Genbo find another program's window: the boxes "
                "stay at these screen positions, so keep the dashboard where it is."
            ),
            self,
        )
        follow_note.setWordWrap(True)
        set_tone(follow_note, "muted")
        form = QFormLayout()
        form.addRow(self.tr("Layout name"), self.name)
        form.addRow(self.tr("Follow window"), self.window_title)
        form.addRow("", follow_note)
        self.error = form_error(self)
        self.buttons = buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(split, 1)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(buttons)

        self.timer = QTimer(self)
        self.timer.setInterval(PREVIEW_MS)
        self.timer.timeout.connect(self.read_now)
        self.readings: list[RegionReading] = []
        try:
            OcrEngine.check()
        except OcrUnavailableError as exc:
            self.ocr_note.setText(str(exc))
            set_tone(self.ocr_note, "bad")
            self.live.setEnabled(False)
        if layout is not None:
            self._load(layout)

    # -- the boxes -----------------------------------------------------------------------
    def _load(self, layout: ScreenLayout) -> None:
        self.name.setText(layout.name)
        self.window_title.setText(layout.window_title)
        origin = QPoint(0, 0)
        if layout.window_title:
            found = find_window(layout.window_title)
            if found is not None:
                origin = found.topLeft()
            elif window_support():
                # Its window is not open: the boxes stay in the window's own
                # coordinates until it is (placed at the next capture that finds it).
                self._relative_to = layout.window_title
                self.ocr_note.setText(
                    self.tr(
                        "The window “{title}” is not open: its boxes are shown from the "
                        "screen's corner. Open the dashboard and capture again to see them "
                        "in place."
                    ).format(title=layout.window_title)
                )
                set_tone(self.ocr_note, "muted")
        for r in layout.regions:
            self._append(_Box(r.metric, QRect(r.x, r.y, r.w, r.h).translated(origin)))

    def _place_loaded_boxes(self) -> None:
        """Boxes loaded while their window was closed, put where the window is now."""
        if self._relative_to is None:
            return
        found = find_window(self._relative_to)
        if found is None:
            return
        for box in self.canvas.boxes:
            box.rect = box.rect.translated(found.topLeft())
        self._relative_to = None
        self.canvas.update()

    def _add_box(self, rect: QRect) -> None:
        used = {b.metric for b in self.canvas.boxes}
        metric = next((k for k in SCREEN_METRICS if k not in used), SCREEN_METRICS[0])
        self._append(_Box(metric, rect))
        self.table.selectRow(len(self.canvas.boxes) - 1)

    def _append(self, box: _Box) -> None:
        self.canvas.boxes.append(box)
        row = self.table.rowCount()
        self.table.insertRow(row)
        combo = QComboBox(self.table)
        for key in SCREEN_METRICS:
            combo.addItem(box_label(key), key)
        combo.setCurrentIndex(SCREEN_METRICS.index(box.metric))
        combo.currentIndexChanged.connect(lambda _i, c=combo: self._metric_changed(c))
        self.table.setCellWidget(row, 0, combo)
        thumb = QLabel(self.table)
        thumb.setFixedSize(THUMB)
        thumb.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.table.setCellWidget(row, 1, thumb)
        self.table.setItem(row, 2, QTableWidgetItem(""))
        self.canvas.update()

    def _metric_changed(self, combo: QComboBox) -> None:
        for row in range(self.table.rowCount()):
            if self.table.cellWidget(row, 0) is combo:
                self.canvas.boxes[row].metric = str(combo.currentData())
        self.canvas.update()

    def _on_row(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        self.canvas.selected = rows[0].row() if rows else -1
        self.canvas.update()

    def remove_selected(self) -> None:
        i = self.canvas.selected
        if 0 <= i < len(self.canvas.boxes):
            del self.canvas.boxes[i]
            self.table.removeRow(i)
            self.canvas.selected = -1
            self.canvas.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if (
            event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            and not self.name.hasFocus()
            and not self.window_title.hasFocus()
        ):
            self.remove_selected()
            return
        super().keyPressEvent(event)

    # -- capturing -----------------------------------------------------------------------
    def _screen(self) -> QScreen:
        name = self.screen_box.currentData()
        return next((s for s in QGuiApplication.screens() if s.name() == name), None) or (
            QGuiApplication.primaryScreen()
        )

    def capture_screen(self) -> None:
        """Hide Genbo's windows (not the demo dashboard), capture, show them again."""
        hidden = [
            w
            for w in QApplication.topLevelWidgets()
            if w.isVisible() and w is not self.demo and not isinstance(w, DemoDashboard)
        ]
        for w in hidden:
            w.hide()

        def grab() -> None:
            screen = self._screen()
            pix = screen.grabWindow(0)
            for w in hidden:
                if isValid(w):  # a window may have closed meanwhile
                    w.show()
            self.raise_()
            self.activateWindow()
            self._place_loaded_boxes()
            self.canvas.set_capture(pix, screen.geometry().topLeft())

        QTimer.singleShot(HIDE_MS, grab)

    def show_demo(self) -> None:
        if self.demo is None:
            self.demo = DemoDashboard()
            self.demo.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        geo = self._screen().availableGeometry()
        self.demo.move(geo.topLeft() + QPoint(20, 20))
        self.demo.show()
        # The next step is capturing it: done at once, so the editor (which
        # the demo would otherwise cover) shows it ready for boxes.
        QTimer.singleShot(HIDE_MS, self.capture_screen)

    # -- the layout ----------------------------------------------------------------------
    def desktop_layout(self) -> ScreenLayout:
        """The boxes as drawn, at their desktop positions (fixed coordinates)."""
        regions = tuple(
            ScreenRegion(b.metric, b.rect.x(), b.rect.y(), b.rect.width(), b.rect.height())
            for b in self.canvas.boxes
        )
        screen = self._screen()
        g = screen.geometry()
        return ScreenLayout(
            self.name.text().strip() or "—", regions, "", screen.name(), (g.width(), g.height())
        )

    def _save(self) -> None:
        layout = self.desktop_layout()
        layout = replace(layout, name=self.name.text().strip())
        title = self.window_title.text().strip()
        if title and window_support():
            found = find_window(title)
            if found is None:
                self._fail(
                    self.tr(
                        "No window titled “{title}” is open. Open the dashboard, or clear "
                        "the field to keep fixed screen positions."
                    ).format(title=title)
                )
                return
            # Boxes still in the window's coordinates (loaded while it was closed,
            # never captured in place) are saved as they are.
            origin = found.topLeft() if self._relative_to is None else QPoint(0, 0)
            layout = replace(
                layout,
                window_title=title,
                size=(found.width(), found.height()),
                regions=tuple(
                    replace(r, x=r.x - origin.x(), y=r.y - origin.y()) for r in layout.regions
                ),
            )
        try:
            save_layout(self.data_dir, layout)
        except SourceConfigError as exc:
            self._fail(str(exc))
            return
        except OSError as exc:
            self._fail(self.tr("The layout could not be saved: {error}").format(error=exc))
            return
        self.saved = layout
        self.accept()

    def _fail(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    # -- trying the reading --------------------------------------------------------------
    def _toggle_preview(self, on: bool) -> None:
        if on:
            self.read_now()
            self.timer.start()
        else:
            self.timer.stop()

    def read_now(self) -> None:
        """Grab the boxes now (here, on the GUI thread) and read them on the
        pool. A box this window covers is cut from the capture instead (the
        screen there shows the editor itself), and the note says so."""
        if self._busy or not self.canvas.boxes:
            return
        layout = self.desktop_layout()
        try:
            shot = grab_layout(layout)
        except Exception as exc:
            self.ocr_note.setText(str(exc))
            return
        crops = list(shot.crops)
        covered = 0
        for i, box in enumerate(self.canvas.boxes):
            if i < len(shot.covered) and shot.covered[i]:
                still = self._from_capture(box.rect)
                if still is not None:
                    crops[i] = still
                    covered += 1
        self.ocr_note.setText(
            self.tr(
                "Genbo's windows cover {n} of the boxes: they are read from the capture. "
                "Move them aside to watch those boxes live."
            ).format(n=covered)
            if covered
            else ""
        )
        set_tone(self.ocr_note, "muted")
        for row, crop in enumerate(crops):
            thumb = self.table.cellWidget(row, 1)
            if isinstance(thumb, QLabel):
                pix = QPixmap.fromImage(from_array(crop)).scaled(
                    THUMB,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
                thumb.setPixmap(pix)
        self._busy = True
        engine, settings = preview_engine(), GuardSettings()
        self.tasks.submit(
            lambda: preview(engine, layout, crops, settings),
            self._show_readings,
            self._preview_failed,
        )

    def _from_capture(self, rect: QRect) -> Image | None:
        """The part of the capture under `rect` (desktop coordinates)."""
        pix = self.canvas.pixmap
        if pix is None or pix.isNull():
            return None
        ratio = pix.devicePixelRatio()
        r = rect.translated(-self.canvas.origin)
        part = QRect(
            round(r.x() * ratio),
            round(r.y() * ratio),
            round(r.width() * ratio),
            round(r.height() * ratio),
        )
        if not QRect(QPoint(0, 0), pix.size()).contains(part):
            return None
        return to_array(pix.toImage().copy(part))

    def _preview_failed(self, exc: BaseException) -> None:
        self._busy = False
        self.ocr_note.setText(str(exc))
        set_tone(self.ocr_note, "bad")

    def _show_readings(self, readings: list[RegionReading]) -> None:
        self._busy = False
        self.readings = readings
        if len(readings) != self.table.rowCount():
            return  # a box was added or removed meanwhile: the next read shows it
        for row, r in enumerate(readings):
            # Every digit, so a misread shows (17,692, not 1.77万).
            value = format_typed(r.metric, r.value) if r.value is not None else "—"
            text = (
                self.tr("“{text}” → {value}").format(text=r.text, value=value)
                if r.text
                else self.tr("nothing read")
            )
            item = self.table.item(row, 2)
            if item is not None and r.metric == BIG_SCREEN:  # not read: kept
                item.setText(r.why)
                item.setToolTip("")
                item.setForeground(tone("muted"))
            elif item is not None:
                item.setText(f"{text}\n{verdict_text(r)}")
                item.setToolTip(
                    "\n".join(
                        t
                        for t in (self.tr("confidence {c:.0%}").format(c=r.confidence), r.why)
                        if t
                    )
                )
                item.setForeground(tone("good" if r.verdict is Verdict.PENDING else "bad"))

    def done(self, result: int) -> None:
        self.timer.stop()
        if self.demo is not None and result != QDialog.DialogCode.Accepted:
            self.demo.close()
        super().done(result)


def verdict_text(r: RegionReading) -> str:
    """The guard's word on a first read, for the preview."""
    if r.verdict is Verdict.PENDING or r.verdict is Verdict.ACCEPTED:
        return QCoreApplication.translate("ScreenLayoutDialog", "reads well")
    if r.verdict is Verdict.EMPTY:
        return QCoreApplication.translate("ScreenLayoutDialog", "nothing to read")
    return QCoreApplication.translate("ScreenLayoutDialog", "suspect: {why}").format(why=r.why)
