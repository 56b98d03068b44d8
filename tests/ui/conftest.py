from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture
def window(qtbot, data_dir: Path) -> Iterator[object]:
    from app.config.paths import resolve_paths
    from app.runtime.tasks import TaskRunner
    from app.ui.shell.main import build_context, make_application, shutdown
    from app.ui.shell.main_window import MainWindow

    make_application()
    paths = resolve_paths(data_dir).ensure()
    ctx = build_context(paths, TaskRunner())
    win = MainWindow(ctx, confirm=False)
    qtbot.addWidget(win)
    win.resize(1600, 900)
    win.show()
    qtbot.waitExposed(win)
    yield win
    if win.live is not None and not win.live.ended:
        win.live.stop_blocking()
    win.close()
    shutdown(ctx)


@pytest.fixture
def live(qtbot, window):
    """A live session fed by the keyboard only, in the window."""
    from app.ui.dialogs.session import NewSessionSpec

    with qtbot.waitSignal(window.liveStarted, timeout=10_000) as started:
        window.start_session(NewSessionSpec("庆祝主播", "破百万", ()))
    window.activateWindow()
    return started.args[0]
