"""The window's composition root: opens the database, starts the writer and
builds the main window from the layers. `app.ui.shell.launch` shows a light window
first and calls `open_main_window` once this module's imports are loaded."""

from __future__ import annotations

import argparse
import gc
import logging
import signal
from types import FrameType

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from app.config.formatting import set_number_units
from app.config.paths import AppPaths
from app.config.settings import load_settings
from app.runtime.tasks import TaskRunner
from app.session.health import emergency_dirs, team_spool
from app.session.team import open_team_database
from app.storage.database import NewerDatabaseError, StorageError
from app.storage.recovery import read_only_notice
from app.storage.repository import Repository
from app.storage.writer import DatabaseWriter
from app.ui.shell.application import base_application
from app.ui.shell.main_window import AppContext, MainWindow

log = logging.getLogger(__name__)


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication set up for Genbo, plotting included."""
    app = base_application(argv)
    pg.setConfigOptions(antialias=False, background="w", foreground="#333")
    return app


def build_context(paths: AppPaths, tasks: TaskRunner) -> AppContext:
    """Open the database (migrating it; a damaged one is moved aside and what
    could be read recovered, `ctx.db.rescue` says so) and start the writer.
    Raises StorageError when the database cannot be used."""
    settings = load_settings(paths.settings_file)
    set_number_units(settings.number_units)
    # A team server that does not answer: this computer's offline database
    # for it (`app.session.team`), sent to the server once it answers.
    db, _rescue, offline = open_team_database(paths)
    repo = Repository(db, paths.operator_name)
    spool = team_spool(paths) if offline is None else None
    writer = DatabaseWriter(db, spill_dirs=emergency_dirs(paths), spool=spool)
    writer.start()
    return AppContext(paths, settings, db, repo, writer, tasks, offline=offline)


def shutdown(ctx: AppContext) -> None:
    ctx.tasks.wait(10_000)
    ctx.tasks.forget_pending()
    ctx.writer.close()
    ctx.db.dispose()


def install_quit_signals(window: MainWindow) -> QTimer:
    """SIGTERM (logout, shutdown, `kill`) and Ctrl+C in the terminal close the
    window the normal way, so a live session is stopped and saved rather than
    cut off. Python only runs signal handlers when it gets control, so a
    light timer hands it control a few times a second."""

    def on_signal(_signum: int, _frame: FrameType | None) -> None:
        window.confirm = False

        def close_and_quit() -> None:
            # In mini mode or hidden to the tray, closing the (hidden) main
            # window is not the last window closing: quit explicitly, so the
            # writer is closed and the data folder's lock let go.
            if window.close():
                QApplication.quit()

        QTimer.singleShot(0, close_and_quit)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    wake = QTimer(window)
    wake.setInterval(250)
    wake.timeout.connect(lambda: None)
    wake.start()
    return wake


def start_from_command_line(window: MainWindow, args: argparse.Namespace) -> None:
    """`genbo --streamer NAME --source …`: follow at once with those sources."""
    from app.session.source_setup import SetupError, build_sources
    from app.ui.dialogs.session import NewSessionSpec

    try:
        sources = build_sources(args, window.ctx.secrets, interactive=False)
    except SetupError as exc:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            QCoreApplication.translate("MainWindow", "Genbo"),
            QCoreApplication.translate(
                "MainWindow", "The session from the command line could not start."
            ),
            parent=window,
        )
        box.setInformativeText(str(exc))
        box.open()
        return
    window.start_session(NewSessionSpec(args.streamer, args.title, tuple(sources)))


SETTLE_GC_AFTER_MS = 300


def settle_garbage_collector() -> None:
    """Move everything start-up built (Qt wrappers, pyqtgraph items, modules)
    out of the cyclic collector's reach. A full collection otherwise scans all
    of it and stalls the GUI thread for 15–40 ms every so often while a live
    session plots; after this it scans only what was made since."""
    gc.collect()
    gc.freeze()


def database_notice(ctx: AppContext) -> tuple[str, str] | None:
    """(headline, text) of what the operator must know about the database
    just opened: recovered from a damaged file, a lost -wal, read-only."""
    from app.config.formatting import number_format

    rescue = ctx.db.rescue
    if rescue is not None:
        text = rescue.describe(number_format().grouped)
        if rescue.moved and not rescue.recovered_anything:
            head = QCoreApplication.translate(
                "main",
                "The database was damaged and nothing could be read from it. Genbo moved it "
                "aside and goes on with a fresh database.",
            )
        elif rescue.moved:
            head = QCoreApplication.translate(
                "main",
                "The database was damaged. Genbo moved it aside, recovered what it could and "
                "goes on with a fresh database.",
            )
        else:
            head = QCoreApplication.translate(
                "main", "The newest seconds of the last recording are missing from the database."
            )
        if ctx.db.read_only:
            text += " " + read_only_notice(ctx.db)
        return head, text
    if ctx.db.read_only:
        head = QCoreApplication.translate(
            "main", "The database is read-only: Genbo opened it for browsing only."
        )
        return head, read_only_notice(ctx.db)
    return None


def show_database_notice(window: MainWindow, ctx: AppContext, *, smoke: bool = False) -> None:
    """Say `database_notice` in the window: kept in the strip under the
    toolbar and, for a rescue, in a message box that does not block the
    window (`open`, not `exec`); a smoke check only logs it and keeps the strip."""
    notice = database_notice(ctx)
    if notice is None:
        return
    head, text = notice
    log.warning("%s", text)
    # In the strip under the toolbar, wrapped in full (the status bar would cut
    # the moved file's name at 1280 px); red for a read-only database.
    window.storage_banner.show_note(text, "database", warn=ctx.db.read_only)
    if smoke or ctx.db.rescue is None:
        return
    box = QMessageBox(
        QMessageBox.Icon.Warning, QCoreApplication.translate("main", "Genbo"), head, parent=window
    )
    box.setObjectName("databaseNoticeBox")
    box.setInformativeText(text)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()


def open_main_window(
    app: QApplication, shell: QMainWindow, args: argparse.Namespace, paths: AppPaths
) -> AppContext | None:
    """The second half of `app.ui.shell.launch.launch`: open the database, build the
    window in the light one's place and start what the command line asked for.
    None (after telling the user) when the database cannot be used."""
    pg.setConfigOptions(antialias=False, background="w", foreground="#333")
    tasks = TaskRunner(app)
    try:
        ctx = build_context(paths, tasks)
    except StorageError as exc:
        if isinstance(exc, NewerDatabaseError):
            message = app.translate(
                "main",
                "The database at {path} was written by a newer version of Genbo "
                "(schema {rev}; this version knows up to {head}). Nothing was changed. "
                "Update Genbo, or start it with --data-dir pointing to another folder.",
            ).format(path=exc.location, rev=exc.revision, head=exc.known_head)
        else:
            message = str(exc)
        log.error("%s", message)  # also on stderr
        if not args.smoke:  # a smoke check reports and ends; nobody is there to click
            QMessageBox.critical(shell, app.translate("main", "Genbo"), message)
        return None
    window = MainWindow(ctx)
    state = window.load_window_state()
    # Where it was last time (`saveGeometry`, kept in the window state), else
    # where the light window is, as it is (maximized, say): its client area.
    if not window.restore_geometry(state):
        window.setGeometry(shell.geometry())
        window.setWindowState(shell.windowState())
    window.show()
    shell.close()
    wall = getattr(args, "wall", None)
    demo_wall = getattr(args, "demo_wall", False)
    if args.demo or args.source:
        state["current"] = "live"  # the session asked for is what is shown
    elif wall is not None or demo_wall:
        state["current"] = "wall"
    if not args.smoke:  # the reviews of last time, read one after another
        window.restore_window_state(state)
    window.refresh_history()
    if not ctx.db.read_only:  # both may write: a read-only database is browsed as it is
        window.check_interrupted()
        window.check_leftover_spills()
        window.watch_team_server()
        window.tidy_library()
    show_database_notice(window, ctx, smoke=args.smoke)
    if ctx.db.backup_path is not None:
        window.statusBar().showMessage(
            QCoreApplication.translate(
                "MainWindow", "Database upgraded; the previous file was kept as {path}"
            ).format(path=ctx.db.backup_path),
            15000,
        )
    if ctx.db.read_only and (args.demo or args.source or wall is not None or demo_wall):
        try:
            ctx.db.require_writable()
        except StorageError as exc:  # the session asked for cannot be recorded
            log.warning("%s", exc)
    elif args.demo:
        window.start_demo(speed=args.speed, seed=args.seed)
    elif args.source:
        start_from_command_line(window, args)
    if not ctx.db.read_only and (wall is not None or demo_wall):
        from app.session.wall import demo_wall as make_demo_wall

        window.open_wall(wall if wall is not None else make_demo_wall(speed=args.speed or 1.0))
    install_quit_signals(window)
    # Once the full window is on screen, not before: it takes about 0.1 s.
    QTimer.singleShot(SETTLE_GC_AFTER_MS, settle_garbage_collector)
    if args.smoke:

        def ready() -> None:  # after the real window's first frame
            print("genbo: ready", flush=True)
            app.quit()

        QTimer.singleShot(0, ready)
    return ctx
