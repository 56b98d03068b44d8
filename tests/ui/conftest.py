from collections.abc import Iterator
from pathlib import Path

import pytest


def _units(request: pytest.FixtureRequest) -> str:
    """The window tests type and read amounts as the operators they stand for
    do, in 万 ("1.2万"), whatever the test's language; a test marked
    `@pytest.mark.numbers("auto")` (or "west") runs with that style instead,
    and tests/ui/test_number_style.py proves "auto" follows the language."""
    marker = request.node.get_closest_marker("numbers")
    return str(marker.args[0]) if marker else "cn"


@pytest.fixture(autouse=True)
def number_style(request: pytest.FixtureRequest) -> Iterator[str]:
    from app.config.formatting import set_number_units

    units = _units(request)
    set_number_units(units)
    yield units
    set_number_units("auto")


@pytest.fixture
def window(
    qtbot, data_dir: Path, number_style: str, request: pytest.FixtureRequest
) -> Iterator[object]:
    from app.config.paths import resolve_paths
    from app.runtime.tasks import TaskRunner
    from app.ui.shell.main import build_context, make_application, shutdown
    from app.ui.shell.main_window import MainWindow

    make_application()
    paths = resolve_paths(data_dir).ensure()
    ctx = build_context(paths, TaskRunner())
    # A moment video costs seconds of both cores: only the tests about them
    # make them (`@pytest.mark.moment_videos`), the others would only wait.
    if request.node.get_closest_marker("moment_videos") is None:
        ctx.settings.moment_videos = False
    from app.config.formatting import set_number_units

    set_number_units(number_style)  # over the settings' own ("auto")
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
