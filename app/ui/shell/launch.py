"""Starting the window fast.

Python needs about a second to import pyqtgraph, SQLAlchemy and numpy before
Genbo's own window can be built. Rather than show nothing meanwhile, `launch`
shows a light window at once (this module imports Qt and nothing heavy), then
loads the rest, opens the database and puts the real window in its place, at
the same position and size.
"""

from __future__ import annotations

import argparse
import logging

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from app.config.paths import AppPaths
from app.ui.shell.application import base_application, start_size
from app.ui.shell.instance import SingleInstance


class StartupWindow(QMainWindow):
    """What shows while the rest loads: the window's title and size, the name,
    and what is happening. `painted` fires once it has really been drawn (on a
    real display that is a round trip to the window system after `show()`)."""

    painted = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._painted = False
        self.setWindowTitle(self.tr("Genbo 跟播"))
        self.resize(*start_size(self))
        central = QWidget(self)
        lay = QVBoxLayout(central)
        lay.addStretch(1)
        name = QLabel(self.tr("Genbo 跟播"), central)
        name.setObjectName("headerStreamer")
        self.status = QLabel(self.tr("Opening…"), central)
        self.status.setObjectName("placeholderText")
        for label in (name, self.status):
            # Centred by stretches: touching the Qt namespace for an alignment
            # flag would cost this window 40 ms before it can show.
            row = QHBoxLayout()
            row.addStretch(1)
            row.addWidget(label)
            row.addStretch(1)
            lay.addLayout(row)
        lay.addStretch(1)
        self.setCentralWidget(central)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            # After this paint has reached the screen, not in the middle of it.
            QTimer.singleShot(0, self.painted.emit)


PAINT_WAIT_MS = 500
"""How long to wait for the light window's first paint before going on anyway
(should a platform never report one)."""


def launch(args: argparse.Namespace, paths: AppPaths) -> int:
    """Run the window until it is closed; the process's exit code."""
    app = base_application()
    instance = SingleInstance(paths.data_dir, app)
    if not instance.acquire():
        return _second_start(app, instance, args)
    instance.listen()
    instance.raiseRequested.connect(lambda: _bring_to_front(app))
    shell = StartupWindow()
    contexts: list[object] = []
    begun = False

    def second_stage() -> None:
        nonlocal begun
        if begun:
            return
        begun = True
        from app.config.logs import log_to_file
        from app.ui.shell.main import open_main_window

        log_to_file(paths)

        try:
            ctx = open_main_window(app, shell, args, paths)
        except Exception:
            # Raised inside a Qt slot it would only be printed, and the start
            # window would stay up for ever (a `--smoke` check would hang).
            logging.getLogger("app").exception("Genbo could not open its window")
            app.exit(1)
            return
        if ctx is None:
            app.exit(2)
            return
        contexts.append(ctx)

    def on_painted() -> None:
        if args.smoke and not begun:
            print("genbo: window shown", flush=True)
        second_stage()

    shell.painted.connect(on_painted)
    QTimer.singleShot(PAINT_WAIT_MS, second_stage)
    shell.show()
    code = app.exec()
    if contexts:
        from app.ui.shell.main import shutdown

        shutdown(contexts[0])  # type: ignore[arg-type]
    instance.release()
    return int(code)


def _bring_to_front(app: QApplication) -> None:
    """A second start asked for this window: the main window (or the mini
    window, where it is in mini mode) comes to the front."""
    for w in app.topLevelWidgets():
        bring = getattr(w, "bring_to_front", None)
        if callable(bring):
            bring()
            return
    for w in app.topLevelWidgets():
        if isinstance(w, QMainWindow) and w.isVisible():
            w.raise_()
            w.activateWindow()
            return


def _second_start(app: QApplication, instance: SingleInstance, args: argparse.Namespace) -> int:
    """Genbo is already open with this data folder: raise it, or say why not."""
    import sys

    if instance.ask_first_to_raise():
        print(
            app.translate(
                "instance",
                "genbo: Genbo is already open with the data folder {folder}; "
                "its window was brought to the front.",
            ).format(folder=instance.data_dir),
            file=sys.stderr,
        )
        return 0
    message = instance.why_not()
    print(f"genbo: {message}", file=sys.stderr)
    if not args.smoke:  # a smoke check reports and ends; nobody is there to click
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(None, app.translate("instance", "Genbo"), message)
    return 3
