"""Starting the window fast.

Python needs about a second to import pyqtgraph, SQLAlchemy and numpy before
Genbo's own window can be built. Rather than show nothing meanwhile, `launch`
shows a light window at once (this module imports Qt and nothing heavy), then
loads the rest, opens the database and puts the real window in its place, at
the same position and size.
"""

from __future__ import annotations

import argparse

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from app.config.paths import AppPaths
from app.ui.shell.application import base_application, start_size


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

        ctx = open_main_window(app, shell, args, paths)
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
    return int(code)
