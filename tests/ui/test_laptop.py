"""The window fits a laptop screen, whatever the numbers say."""

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication, QWidget

pytestmark = pytest.mark.gui

LONG = {
    "gmv": 12_345_670_000,  # fen: ¥1.23亿
    "viewers": 1_234_567,
    "orders": 1_234_567,
    "buyers": 1_234_567,
    "new_followers": 1_234_567,
    "likes": 123_456_789,
    "comments": 12_345_678,
    "watch_uv": 123_456_789,
    "dwell_seconds": 12_345,
}


def rect_in(window: QWidget, w: QWidget) -> QRect:
    return QRect(w.mapTo(window, QPoint(0, 0)), w.size())


def settle(qtbot, window, size: tuple[int, int]) -> None:
    window.resize(*size)
    qtbot.waitUntil(lambda: (window.width(), window.height()) == size, timeout=5_000)
    QApplication.processEvents()


def feed_long_numbers(qtbot, window, live) -> None:
    live.enter(LONG)
    window.live_view.refresh_text()
    qtbot.wait(700)  # the layouts settle, and the tiles refresh once more on their own


@pytest.mark.parametrize("size", [(1280, 720), (1366, 768)])
def test_long_numbers_do_not_widen_the_window(qtbot, window, live, size) -> None:
    """The tiles asked for the width of their numbers: the window's minimum
    width went from 1235 to 1375 px as a show went on, wider than a laptop."""
    view = window.live_view
    settle(qtbot, window, size)
    feed_long_numbers(qtbot, window, live)
    assert "亿" in view.tiles.gmv.value.text()
    assert window.width() == size[0], "the window did not grow"
    assert window.minimumSizeHint().width() <= 1024
    assert window.minimumSize().width() <= 1024
    win = window.rect()
    for w in [*view.tiles.tiles(), view.entry, view.plots, view.side]:
        assert w.isVisible(), w
        assert win.contains(rect_in(window, w)), w
    assert view.tiles.columns == len(view.tiles.tiles()), "one row at this size"
    assert not view.side_collapsed
    assert not view.tiles.gmv.value.is_elided(), "the big number is readable"
    assert view.plots.width() >= 600


def test_a_narrow_window_folds_the_side_panel_and_wraps_the_tiles(qtbot, window, live) -> None:
    view = window.live_view
    settle(qtbot, window, (1024, 700))
    feed_long_numbers(qtbot, window, live)
    assert window.width() == 1024
    assert view.side_collapsed and view.side_toggle.isVisible()
    tiles = view.tiles.tiles()
    assert view.tiles.columns < len(tiles)
    assert tiles[-1].y() > tiles[0].y(), "a second row"
    win = window.rect()
    for w in [*tiles, view.entry, view.plots]:
        assert w.isVisible() and win.contains(rect_in(window, w)), w
    view.side_toggle.click()
    QApplication.processEvents()
    assert view.side.isVisible() and win.contains(rect_in(window, view.side))
    assert view.side.width() >= view.side.minimumSizeHint().width()
    view.side_toggle.click()
    assert view.side_collapsed
    settle(qtbot, window, (1366, 768))
    assert not view.side_collapsed and not view.side_toggle.isVisible()
    assert view.tiles.columns == len(tiles)


def test_the_window_never_starts_larger_than_its_screen(qtbot, window) -> None:
    """It always started at 1600×900: on a 1280×720 laptop without a window
    manager, larger than the screen."""
    from app.ui.shell.application import START_SIZE, start_size
    from app.ui.shell.launch import StartupWindow

    free = window.screen().availableGeometry()
    shell = StartupWindow()
    qtbot.addWidget(shell)
    w, h = start_size(shell)
    assert (w, h) == (min(START_SIZE[0], free.width()), min(START_SIZE[1], free.height()))
    assert shell.width() <= free.width() and shell.height() <= free.height()


def test_a_long_database_path_does_not_widen_the_window(qtbot, window) -> None:
    settle(qtbot, window, (1280, 720))
    window.db_label.setText("Database " + "/very/long/folder" * 30 + "/genbo.db")
    qtbot.wait(100)
    assert window.minimumSizeHint().width() <= 1024
    assert window.width() == 1280


def test_the_new_session_dialog_fits_a_small_screen(qtbot, window) -> None:
    from app.ui.dialogs.session import NewSessionDialog

    dlg = NewSessionDialog([], window.ctx.secrets, window.ctx.tasks, parent=window)
    qtbot.addWidget(dlg)
    dlg.show()
    free = window.screen().availableGeometry()
    assert dlg.height() <= free.height() - 40 and dlg.width() <= free.width()
    ok = dlg.buttons.button(dlg.buttons.StandardButton.Ok)
    bottom = ok.mapTo(dlg, ok.rect().bottomLeft()).y()
    assert bottom <= dlg.height(), "the Start button is inside the dialog"
    dlg.close()


def test_the_streamers_name_is_the_last_thing_the_header_cuts(qtbot, window, live) -> None:
    """With a long source status the header read "API de…" but kept the title."""
    settle(qtbot, window, (1280, 720))
    view = window.live_view
    view._set_status_text("HTTP 127.0.0.1:21752: stale since 09:12:40 " * 3, "bad")
    qtbot.wait(200)
    assert not view.streamer.is_elided()
    assert window.width() == 1280


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_window_fits_a_laptop_screen_in_either_language(qtbot, data_dir, language) -> None:
    """The roster's paid-traffic chart made the window at least 734 px tall in
    Chinese: a 1280×720 laptop (less its title bar and taskbar) could not show
    its status bar. Every room must fit in 620 px."""
    from app.config import i18n
    from app.config.paths import resolve_paths
    from app.runtime.tasks import TaskRunner
    from app.ui.shell.main import build_context, make_application, shutdown
    from app.ui.shell.main_window import MainWindow

    app = make_application()
    i18n.install(language=language)
    i18n.install_on(app)
    ctx = build_context(resolve_paths(data_dir).ensure(), TaskRunner())
    try:
        win = MainWindow(ctx, confirm=False)
        qtbot.addWidget(win)
        win.show()
        for i in range(win.tabs.count()):
            win.tabs.setCurrentIndex(i)
            assert win.tabs.widget(i).minimumSizeHint().height() <= 560, win.tabs.tabText(i)
        assert win.minimumSizeHint().height() <= 620
        assert win.minimumSizeHint().width() <= 1280
        win.close()
    finally:
        shutdown(ctx)
        i18n.install(language="en")
        i18n.install_on(app)
