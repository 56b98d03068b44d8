"""A broken database in the window (issue 14): opening the window on a damaged
file moves it aside, recovers what it can and says so in a message box that
does not block the window, the text kept in the status bar; a read-only file
is browsed, said in the status bar."""

from __future__ import annotations

import argparse
import gc
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMainWindow, QMessageBox

from tests.corruption import CASES


@pytest.fixture
def keep_signals() -> Iterator[None]:
    """`open_main_window` installs its SIGTERM/SIGINT handlers and freezes the
    garbage collector, as the application should; the test process gets its
    own back."""
    old = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT)}
    yield
    for s, handler in old.items():
        signal.signal(s, handler)
    gc.unfreeze()


def _args(**over: object) -> argparse.Namespace:
    base: dict[str, object] = {"smoke": False, "demo": False, "source": None}
    return argparse.Namespace(**{**base, **over})


def test_the_window_opens_on_a_recovered_database_and_says_so(
    qtbot, tmp_path: Path, keep_signals: None
) -> None:
    from app.config.paths import resolve_paths
    from app.ui.shell.main import make_application, open_main_window, shutdown
    from app.ui.shell.main_window import MainWindow

    app = make_application()
    with CASES["data-page"](tmp_path / "data") as case:
        paths = resolve_paths(case.data_dir).ensure()
        shell = QMainWindow()
        qtbot.addWidget(shell)
        shell.show()
        ctx = open_main_window(app, shell, _args(), paths)
        assert ctx is not None
        window = next(
            w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.ctx is ctx
        )
        try:
            rescue = ctx.db.rescue
            assert rescue is not None and rescue.moved_to is not None
            assert rescue.moved_to.read_bytes() == case.damaged
            box = window.findChild(QMessageBox, "databaseNoticeBox")
            assert box is not None
            qtbot.waitUntil(box.isVisible)  # shown with open(): we are back already
            assert "moved it aside" in box.text()
            assert str(rescue.moved_to) in box.informativeText()
            assert "Recovered from it: 5 sessions" in box.informativeText()
            strip = window.storage_banner
            assert str(rescue.moved_to) in strip.text.text()
            assert strip.text.text() == box.informativeText(), "in full, wrapped"
            assert len(ctx.repo.list_sessions()) == len(case.good["live_sessions"])
            box.close()
            assert strip.isVisible(), "the strip keeps it"
        finally:
            window.confirm = False
            window.close()
            shutdown(ctx)


def _window(qtbot, data_dir: Path):
    from app.config.paths import resolve_paths
    from app.runtime.tasks import TaskRunner
    from app.ui.shell.main import build_context, make_application
    from app.ui.shell.main_window import MainWindow

    make_application()
    ctx = build_context(resolve_paths(data_dir).ensure(), TaskRunner())
    win = MainWindow(ctx, confirm=False)
    qtbot.addWidget(win)
    win.show()
    return ctx, win


def test_a_read_only_database_is_browsed_with_a_notice_in_the_status_bar(
    qtbot, tmp_path: Path
) -> None:
    from app.ui.shell.main import show_database_notice, shutdown

    with CASES["read-only-file"](tmp_path / "data") as case:
        ctx, win = _window(qtbot, case.data_dir)
        try:
            assert ctx.db.read_only and ctx.db.rescue is None
            show_database_notice(win, ctx)
            strip = win.storage_banner
            assert "browsing only" in strip.text.text() and not strip.isHidden()
            assert strip.property("kind") == "bad"
            assert win.findChild(QMessageBox, "databaseNoticeBox") is None
        finally:
            win.close()
            shutdown(ctx)


def test_a_smoke_check_only_logs_the_rescue(qtbot, tmp_path: Path, caplog) -> None:
    from app.ui.shell.main import show_database_notice, shutdown

    with CASES["not-sqlite"](tmp_path / "data") as case:
        ctx, win = _window(qtbot, case.data_dir)
        try:
            assert ctx.db.rescue is not None
            show_database_notice(win, ctx, smoke=True)
            assert win.findChild(QMessageBox, "databaseNoticeBox") is None
            assert "is not a database Genbo" in win.storage_banner.text.text()
            assert any("is not a database Genbo" in r.getMessage() for r in caplog.records)
        finally:
            win.close()
            shutdown(ctx)


def test_a_database_found_damaged_while_idle_is_rescued_and_said(qtbot, window) -> None:
    """The idle check (every half hour while nothing is live) finds a page
    broken under the open window: the file is moved aside, what can be read is
    recovered, the window goes on with the fresh file and says so."""
    from tests import corruption

    ctx = window.ctx
    path = ctx.paths.database
    repo = ctx.repo
    info = repo.create_session(repo.get_or_create_streamer("闲时"), "", 1_780_000_000_000, 480)
    ctx.writer.flush()
    ctx.db.engine.dispose()
    corruption.checkpoint(path)
    index = next(
        page
        for name, (kind, page) in corruption.roots(path).items()
        if kind == "index" and name.startswith("ix_live_sessions")
    )
    corruption.flip_page_header(path, index)
    window.check_database_when_idle()
    qtbot.waitUntil(lambda: getattr(window, "_rescue_box", None) is not None, timeout=15_000)
    box = window._rescue_box
    assert box.isVisible() and "moved it aside" in box.text()
    (moved,) = path.parent.glob("genbo.db.corrupt-*")
    assert str(moved) in box.informativeText()
    assert [s.id for s in repo.list_sessions()] == [info.id]
    box.close()
