"""Desktop manners: the tray's quick actions, the window as it was left, the
light and dark themes, and one Genbo window per data folder."""

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from app.ui.shell.instance import LOCK_FILENAME, SingleInstance
from tests.ui.helpers import enter

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]


# -- the tray ----------------------------------------------------------------------------
def test_tray_menu_quick_actions(qtbot, window) -> None:
    tray = window.tray
    assert (tray.icon is not None) == QSystemTrayIcon.isSystemTrayAvailable()
    texts = [a.text() for a in tray.menu_actions()]
    assert texts == ["Mark moment", "Hide the window", "Mini window", "Stop session", "Quit Genbo"]
    assert not tray.mark_action.isEnabled() and not tray.stop_action.isEnabled(), "nothing live"

    from app.ui.dialogs.session import NewSessionSpec

    with qtbot.waitSignal(window.liveStarted, timeout=10_000) as started:
        window.start_session(NewSessionSpec("托盘主播", "", ()))
    live = started.args[0]
    assert tray.mark_action.isEnabled() and tray.stop_action.isEnabled()

    tray.mark_action.trigger()
    assert len(live.recorder.highlights) == 1

    tray.show_action.trigger()
    assert not window.isVisible() and tray.show_action.text() == "Show the window"
    tray.show_action.trigger()
    assert window.isVisible() and tray.show_action.text() == "Hide the window"

    tray.mini_action.trigger()
    assert window.mini.isVisible() and not window.isVisible()
    tray.show_action.trigger()  # hides the mini window too
    assert not window.mini.isVisible()
    tray.show_action.trigger()
    assert window.isVisible()

    with qtbot.waitSignal(live.stopped, timeout=10_000):
        tray.stop_action.trigger()
    assert not tray.stop_action.isEnabled() and not tray.mark_action.isEnabled()


# -- the window as it was left -----------------------------------------------------------
def test_geometry_splitters_and_tabs_come_back(qtbot, window, live) -> None:
    from app.ui.shell.main_window import MainWindow

    enter(qtbot, window, "v 1200 gmv 5000")
    with qtbot.waitSignal(live.stopped, timeout=10_000):
        window.stop_session()
    with qtbot.waitSignal(window.reviewOpened, timeout=10_000) as opened:
        window.open_review(live.info.id)
    review = opened.args[0]
    window.resize(1240, 680)  # wide enough for the side panels (the offscreen screen is not)
    window.tabs.setCurrentWidget(window.live_stack)
    qtbot.waitUntil(lambda: sum(window.live_view.split.sizes()) < 1240, timeout=2_000)
    window.live_view.split.setSizes([700, 520])
    window.tabs.setCurrentWidget(review)
    qtbot.waitUntil(lambda: sum(review.split.sizes()) < 1240, timeout=2_000)
    review.split.setSizes([760, 460])
    sizes = {"live": window.live_view.split.sizes(), "review": review.split.sizes()}
    window.tabs.setCurrentWidget(review)
    window.close()
    assert (window.ctx.paths.config_dir / "window-state.json").exists()

    again = MainWindow(window.ctx, confirm=False)
    qtbot.addWidget(again)
    again.resize(1240, 680)
    again.show()
    qtbot.waitExposed(again)
    with qtbot.waitSignal(again.reviewOpened, timeout=10_000) as reopened:
        again.restore_window_state()
    view = reopened.args[0]
    qtbot.waitUntil(lambda: again.tabs.currentWidget() is view, timeout=2_000)
    assert view.info.id == live.info.id
    assert again.tabs.count() == 5  # Live, Wall, Library, Roster and the review
    assert view.split.sizes() == sizes["review"]
    from app.ui.dialogs.session import NewSessionSpec

    with qtbot.waitSignal(again.liveStarted, timeout=10_000) as started:
        again.start_session(NewSessionSpec("庆祝主播", "", ()))
    qtbot.waitUntil(lambda: again.live_view.split.sizes() == sizes["live"], timeout=2_000)
    with qtbot.waitSignal(started.args[0].stopped, timeout=10_000):
        again.stop_session()

    again.close()


GEOMETRY = textwrap.dedent(
    """
    import json, sys
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QApplication
    from app.config.paths import resolve_paths
    from app.runtime.tasks import TaskRunner
    from app.ui.shell.main import build_context, make_application, shutdown
    from app.ui.shell.main_window import MainWindow

    app = make_application()
    ctx = build_context(resolve_paths(sys.argv[1]).ensure(), TaskRunner())
    win = MainWindow(ctx, confirm=False)
    restored = sys.argv[2] == "restore" and win.restore_geometry()
    win.show()
    if sys.argv[2] == "save":
        win.setGeometry(QRect(120, 60, 1100, 700))
    for _ in range(20):
        app.processEvents()
    g = win.geometry()
    print(json.dumps([restored, g.x(), g.y(), g.width(), g.height()]))
    win.close()
    shutdown(ctx)
    """
)


@pytest.mark.slow
def test_the_window_comes_back_where_it_was(data_dir: Path, tmp_path: Path) -> None:
    """saveGeometry as base64 in the window state, on a screen large enough for
    the window (the tests' own offscreen screen is 800 px wide)."""
    screen = tmp_path / "screen.json"
    screen.write_text(
        '{"screens": [{"name": "big", "x": 0, "y": 0, "width": 1600, "height": 900, '
        '"logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}'
    )
    env = {**_env(), "QT_QPA_PLATFORM": f"offscreen:configfile={screen}"}

    def run(mode: str) -> list:
        r = subprocess.run(
            [sys.executable, "-c", GEOMETRY, str(data_dir), mode],
            capture_output=True, text=True, env=env, cwd=ROOT, timeout=60,
        )  # fmt: skip
        assert r.returncode == 0, r.stderr
        return json.loads(r.stdout.strip().splitlines()[-1])

    assert run("save") == [False, 120, 60, 1100, 700]
    state = json.loads((data_dir / "config" / "window-state.json").read_text())
    assert isinstance(state["geometry"], str) and state["geometry"]
    assert run("restore") == [True, 120, 60, 1100, 700]


def test_a_review_deleted_since_is_left_out_quietly(qtbot, window) -> None:
    state = {"version": 1, "reviews": [987654], "current": {"review": 987654}}
    window.restore_window_state(state)
    qtbot.waitUntil(lambda: window._restoring is None, timeout=10_000)
    assert window.tabs.currentWidget() is window.live_stack
    assert window.tabs.count() == len(window._fixed_tabs) == 4
    assert not window.restore_geometry({"geometry": "not base64!"})


# -- themes ------------------------------------------------------------------------------
def _plot_colours(window):
    plots = window.live_view.plots
    background = plots.graphics.backgroundBrush().color()
    axis = plots.plot_items[0].getAxis("left").pen().color()
    curve = plots.curves[0].item.opts["pen"].color()
    return background, axis, curve


def test_dark_and_light_themes_and_the_plots_follow(qtbot, window) -> None:
    app = QApplication.instance()
    light_bg, light_axis, light_curve = _plot_colours(window)
    assert light_bg.lightness() > 200

    window.set_theme("dark")
    assert window.ctx.settings.theme == "dark" and window.theme_actions["dark"].isChecked()
    assert app.palette().color(QPalette.ColorRole.Window).lightness() < 80
    assert "#1f2937" in app.styleSheet()  # the tiles' dark background
    bg, axis, curve = _plot_colours(window)
    assert bg.lightness() < 50
    assert axis.lightness() > 150, "axes readable on the dark background"
    assert curve.lightness() > light_curve.lightness(), "curves a little lighter"
    item = window.live_view.feed.add(window.live_view.feed.started_ms, "dark", "ok")
    assert item.foreground().color().lightness() > 120, "the feed readable on dark"

    window.set_theme("light")
    assert app.palette().color(QPalette.ColorRole.Window).lightness() > 200
    assert _plot_colours(window) == (light_bg, light_axis, light_curve)


def test_colours_that_say_something_follow_the_theme(qtbot, window) -> None:
    """Late, behind, an error, a muted note: written in their light form, they
    were shown as such on the dark theme too (dark red on near black)."""
    from PySide6.QtWidgets import QLabel

    from app.ui.widgets.style import TONES, set_tone, tone

    label = QLabel("late", window)
    set_tone(label, "bad")
    label.show()

    def shown() -> str:
        return label.palette().color(QPalette.ColorRole.WindowText).name()

    assert shown() == TONES["bad"] == tone("bad").name()
    window.set_theme("dark")
    window_bg = QApplication.instance().palette().color(QPalette.ColorRole.Window)
    for name in TONES:
        if not name.endswith("_bg"):
            assert tone(name).lightness() > window_bg.lightness() + 60, name
        else:
            assert tone(name).lightness() < 90, f"{name}: a dark background under light text"
    qtbot.waitUntil(lambda: shown() == tone("bad").name(), timeout=2_000)
    assert QColor(shown()).lightness() > 120, "readable on the dark background"
    set_tone(label, "good")
    assert shown() == tone("good").name()
    window.set_theme("light")
    assert shown() == TONES["good"]


def test_the_system_theme_is_followed_unless_one_is_chosen(qtbot, window) -> None:
    app = QApplication.instance()
    hints = QGuiApplication.styleHints()

    def window_lightness() -> int:
        return app.palette().color(QPalette.ColorRole.Window).lightness()

    try:
        window.set_theme("system")
        hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)  # the desktop went dark
        assert window_lightness() < 80
        assert _plot_colours(window)[0] == QColor("#16191d")
        hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
        assert window_lightness() > 200
        window.set_theme("light")
        hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
        assert window_lightness() > 200, "a chosen theme stays"
    finally:
        window.set_theme("system")


# -- one window per data folder ----------------------------------------------------------
HOLDER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from PySide6.QtCore import QCoreApplication, QTimer
    from app.ui.shell.instance import SingleInstance

    app = QCoreApplication([])
    inst = SingleInstance(Path(sys.argv[1]))
    assert inst.acquire()
    if sys.argv[2] == "listen":
        inst.listen()
    inst.raiseRequested.connect(lambda: print("raised", flush=True))
    print("ready", flush=True)
    QTimer.singleShot(30_000, app.quit)
    app.exec()
    """
)


def _env() -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}


def _holder(data_dir: Path, mode: str) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data_dir), mode],
        stdout=subprocess.PIPE, text=True, env=_env(), cwd=ROOT,
    )  # fmt: skip
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    return proc


def _genbo(data_dir: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", "--data-dir", str(data_dir), *args],
        capture_output=True, text=True, env=_env(), cwd=ROOT, timeout=timeout,
    )  # fmt: skip


@pytest.mark.slow
def test_a_second_start_raises_the_first_window(qtbot, data_dir: Path) -> None:
    first = subprocess.Popen(
        [sys.executable, "-m", "app", "--data-dir", str(data_dir)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(), cwd=ROOT,
    )  # fmt: skip
    try:
        probe = SingleInstance(data_dir)
        deadline = time.monotonic() + 30
        while not probe.ask_first_to_raise(timeout_ms=300):
            assert first.poll() is None, first.communicate()[1]
            assert time.monotonic() < deadline, "the first window never listened"
            time.sleep(0.1)
        assert not probe.acquire(), "the first window holds the lock"
        assert probe.holder().pid == first.pid

        second = _genbo(data_dir, "--smoke", timeout=30)
        assert second.returncode == 0, second.stderr
        assert "brought to the front" in second.stderr
        assert "genbo: ready" not in second.stdout, "no second window"
        # The commands use the database directly: the window's lock does not stop them.
        sessions = _genbo(data_dir, "sessions", "--json")
        assert sessions.returncode == 0, sessions.stderr
        assert first.poll() is None
    finally:
        first.send_signal(signal.SIGTERM)
        first.communicate(timeout=20)
    # Once it is gone, the folder is free again.
    assert not (data_dir / LOCK_FILENAME).exists()
    again = SingleInstance(data_dir)
    assert again.acquire()
    again.release()


@pytest.mark.slow
def test_a_lock_held_without_answer_is_explained_and_a_dead_ones_reclaimed(
    qtbot, data_dir: Path
) -> None:
    holder = _holder(data_dir, "silent")  # holds the lock, never answers
    try:
        mine = SingleInstance(data_dir)
        assert not mine.acquire()
        assert not mine.ask_first_to_raise(timeout_ms=300)
        why = mine.why_not()
        assert f"process {holder.pid}" in why and str(data_dir) in why
        second = _genbo(data_dir, "--smoke", timeout=30)
        assert second.returncode == 3
        assert f"process {holder.pid}" in second.stderr
    finally:
        holder.kill()  # SIGKILL: the lock file stays behind
        holder.wait(10)
    assert (data_dir / LOCK_FILENAME).exists(), "a killed process leaves its lock"
    reclaimed = SingleInstance(data_dir)
    assert reclaimed.acquire(), "the dead process's lock is stale and reclaimed"
    assert reclaimed.listen(), "its socket name is free too"
    reclaimed.release()


@pytest.mark.slow
def test_the_holder_is_raised_through_its_socket(qtbot, data_dir: Path) -> None:
    holder = _holder(data_dir, "listen")
    try:
        assert SingleInstance(data_dir).ask_first_to_raise()
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "raised"
    finally:
        holder.kill()
        holder.wait(10)


def test_a_kept_place_partly_off_the_screen_is_brought_back(qtbot, window) -> None:
    """A geometry kept on a larger screen (or with a title bar's height added
    by a guess) is put back within the screen, never past its edge."""
    import base64

    avail = window.screen().availableGeometry()
    window.resize(min(700, avail.width()), min(700, avail.height()))
    window.move(avail.left(), avail.bottom() - 100)  # most of it below the screen
    qtbot.wait(50)
    kept = base64.b64encode(bytes(window.saveGeometry().data())).decode()
    window.move(avail.left(), avail.top())
    assert window.restore_geometry({"geometry": kept})
    qtbot.wait(50)
    frame = window.frameGeometry()
    # Within the screen from top to bottom (this test screen is 800 px wide,
    # narrower than the window's minimum width, so only its left edge is checked).
    assert avail.top() <= frame.top() and frame.bottom() <= avail.bottom(), (avail, frame)
    assert frame.left() >= avail.left()
