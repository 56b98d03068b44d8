"""GUI entry point: builds the QApplication and the window from the layers."""

from __future__ import annotations

import argparse
import gc
import logging
import signal
import sys
from pathlib import Path
from types import FrameType

import pyqtgraph as pg
from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from app import __version__
from app.paths import AppPaths
from app.runtime.tasks import TaskRunner
from app.settings import load_settings
from app.storage.database import NewerDatabaseError, StorageError, open_database, sqlite_url
from app.storage.repository import Repository
from app.storage.writer import DatabaseWriter
from app.ui.main_window import AppContext, MainWindow
from app.ui.style import STYLE

log = logging.getLogger(__name__)


def resource_path(name: str) -> Path | None:
    """Installed wheels carry resources inside the package; a checkout has them
    at the top level."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "resources" / name, here.parent / "resources" / name):
        if candidate.exists():
            return candidate
    return None


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("Genbo")
    app.setApplicationDisplayName("Genbo 跟播")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Genbo")
    app.setDesktopFileName("genbo")
    icon = resource_path("genbo.svg")
    if icon is not None:
        app.setWindowIcon(QIcon(str(icon)))
    app.setStyleSheet(STYLE)
    pg.setConfigOptions(antialias=False, background="w", foreground="#333")
    return app


def build_context(paths: AppPaths, tasks: TaskRunner) -> AppContext:
    """Open the database (migrating it) and start the writer. Raises StorageError."""
    settings = load_settings(paths.settings_file)
    db = open_database(sqlite_url(paths.database))
    writer = DatabaseWriter(db)
    writer.start()
    return AppContext(paths, settings, db, Repository(db), writer, tasks)


def shutdown(ctx: AppContext) -> None:
    ctx.tasks.wait(10_000)
    ctx.writer.close()
    ctx.db.dispose()


def install_quit_signals(window: MainWindow) -> QTimer:
    """SIGTERM (logout, shutdown, `kill`) and Ctrl+C in the terminal close the
    window the normal way, so a live session is stopped and saved rather than
    cut off. Python only runs signal handlers when it gets control, so a
    light timer hands it control a few times a second."""

    def on_signal(_signum: int, _frame: FrameType | None) -> None:
        window.confirm = False
        QTimer.singleShot(0, window.close)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    wake = QTimer(window)
    wake.setInterval(250)
    wake.timeout.connect(lambda: None)
    wake.start()
    return wake


def start_from_command_line(window: MainWindow, args: argparse.Namespace) -> None:
    """`genbo --streamer NAME --source …`: follow at once with those sources."""
    from app.source_setup import SetupError, build_sources
    from app.ui.dialogs import NewSessionSpec

    try:
        sources = build_sources(args, window.ctx.secrets, interactive=False)
    except SetupError as exc:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            window.tr("Genbo"),
            window.tr("The session from the command line could not start."),
            parent=window,
        )
        box.setInformativeText(str(exc))
        box.open()
        return
    window.start_session(NewSessionSpec(args.streamer, args.title, tuple(sources)))


def settle_garbage_collector() -> None:
    """Move everything start-up built (Qt wrappers, pyqtgraph items, modules)
    out of the cyclic collector's reach. A full collection otherwise scans all
    of it and stalls the GUI thread for 15–40 ms every so often while a live
    session plots; after this it scans only what was made since."""
    gc.collect()
    gc.freeze()


def run_gui(args: argparse.Namespace, paths: AppPaths) -> int:
    app = make_application()
    tasks = TaskRunner(app)
    try:
        ctx = build_context(paths, tasks)
    except NewerDatabaseError as exc:
        QMessageBox.critical(
            None,
            app.translate("main", "Genbo"),
            app.translate(
                "main",
                "The database at {path} was written by a newer version of Genbo "
                "(schema {rev}; this version knows up to {head}). Nothing was changed. "
                "Update Genbo, or start it with --data-dir pointing to another folder.",
            ).format(path=exc.location, rev=exc.revision, head=exc.known_head),
        )
        return 2
    except StorageError as exc:
        QMessageBox.critical(None, app.translate("main", "Genbo"), str(exc))
        return 2
    window = MainWindow(ctx)
    window.show()
    window.refresh_history()
    window.check_interrupted()
    if ctx.db.backup_path is not None:
        window.statusBar().showMessage(
            window.tr("Database upgraded; the previous file was kept as {path}").format(
                path=ctx.db.backup_path
            ),
            15000,
        )
    if args.demo:
        window.start_demo(speed=args.speed, seed=args.seed)
    elif args.source:
        start_from_command_line(window, args)
    install_quit_signals(window)
    settle_garbage_collector()
    if args.smoke:
        QTimer.singleShot(0, app.quit)  # after the first frame has been drawn
    code = app.exec()
    shutdown(ctx)
    return int(code)
