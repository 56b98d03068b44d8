"""The whole path in a real window: demo session → plots and tiles → stop →
history → reopen read-only."""

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt

from app.core.numbers import format_elapsed
from app.core.session import SessionStatus
from app.sources.simulator import SimulatorSource
from app.ui.dialogs.session import NewSessionSpec
from app.ui.widgets.format import format_metric, metric_label

pytestmark = pytest.mark.gui


def _start_demo(qtbot, window, speed=200.0, seed=1):
    with qtbot.waitSignal(window.liveStarted, timeout=10_000) as blocker:
        window.start_demo(speed=speed, seed=seed)
    return blocker.args[0]


def test_demo_session_flows_to_screen_and_database(qtbot, window) -> None:
    live = _start_demo(qtbot, window)
    view = window.live_view
    assert window.live_stack.currentWidget() is view
    qtbot.waitUntil(lambda: len(live.series.buffers["viewers"]) > 100, timeout=10_000)
    qtbot.waitUntil(lambda: view.plots.data_in_view("viewers")[0].size > 50, timeout=5_000)
    qtbot.waitUntil(lambda: view.tiles.gmv.value.text().startswith("¥"), timeout=5_000)
    assert view.tiles.viewers.value.text() != "—"
    assert view.streamer.text() == "演示主播 Demo"
    assert "Simulator ×200" in view.status.text()
    assert view.clock.text() != "0:00"
    x, y = view.plots.data_in_view("gmv")
    assert np.all(np.diff(x) >= 0) and np.nanmax(y) > 0
    assert view.plots.follow

    # Samples reach the database while the session is live.
    repo = window.ctx.repo
    qtbot.waitUntil(lambda: repo.sample_count(live.info.id) > 0, timeout=5_000)

    with qtbot.waitSignal(live.stopped, timeout=10_000) as stopped:
        window.stop_action.trigger()
    info = stopped.args[0]
    assert info.status is SessionStatus.ENDED
    assert info.summary.sample_count == len(live.series.buffers["viewers"])
    assert "Ended" in view.status.text()
    assert window.new_action.isEnabled()
    assert not window.stop_action.isEnabled()

    # History lists it; opening it shows the same data read-only.
    qtbot.waitUntil(lambda: window.history.model.rowCount() == 1, timeout=5_000)
    assert window.history.model.sessions[0].id == info.id
    window.tabs.setCurrentWidget(window.history)
    qtbot.waitUntil(window.history.table.isVisible, timeout=2_000)
    index = window.history.proxy.index(0, 1)
    rect = window.history.table.visualRect(index)
    assert rect.isValid() and not rect.isEmpty()
    viewport = window.history.table.viewport()
    with qtbot.waitSignal(window.reviewOpened, timeout=10_000) as opened:
        # A real double-click: a click, then the double-click event.
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    review = opened.args[0]
    qtbot.wait(200)
    assert window.tabs.count() == len(window._fixed_tabs) + 1, "one double-click opens one tab"
    window.tabs.setCurrentWidget(window.history)
    window.history.table.setFocus()
    window.history.table.selectRow(0)
    with qtbot.waitSignal(window.reviewOpened, timeout=10_000):
        qtbot.keyClick(window.history.table, Qt.Key.Key_Return)
    assert window.tabs.count() == len(window._fixed_tabs) + 1, "opening it again shows the same tab"
    assert window.tabs.currentWidget() is review
    assert not window.follow_action.isEnabled(), "nothing to follow in a finished session"
    assert review.live is None
    assert "Read-only" in review.status.text()
    assert review.tiles.gmv.value.text() == view.tiles.gmv.value.text()
    qtbot.waitUntil(lambda: review.plots.data_in_view("viewers")[0].size > 50, timeout=5_000)
    assert np.nanmax(review.plots.data_in_view("viewers")[1]) == info.summary.peak_viewers


def test_follow_live_can_be_left_and_rejoined(qtbot, window) -> None:
    live = _start_demo(qtbot, window, speed=300)
    plots = window.live_view.plots
    qtbot.waitUntil(lambda: live.series.last_time() > 300, timeout=10_000)
    assert plots.follow and window.follow_action.isChecked()

    # The operator zooms with the wheel: following stops, data keeps arriving.
    vb = plots.plot_items[0].getViewBox()
    vb.scaleBy(x=0.5)
    vb.sigRangeChangedManually.emit([True, False])
    assert not plots.follow
    assert not window.follow_action.isChecked()
    frozen = plots.visible_range()
    n = len(live.series.buffers["viewers"])
    qtbot.waitUntil(lambda: len(live.series.buffers["viewers"]) > n + 50, timeout=5_000)
    qtbot.wait(100)
    assert plots.visible_range() == frozen, "the view stays where the operator put it"

    # One key brings it back.
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F)
    assert plots.follow
    qtbot.waitUntil(lambda: plots.visible_range()[1] >= live.series.last_time(), timeout=3_000)


def test_crosshair_readout_shows_every_series(qtbot, window) -> None:
    live = _start_demo(qtbot, window, speed=300)
    plots = window.live_view.plots
    qtbot.waitUntil(lambda: live.series.last_time() > 120, timeout=10_000)
    window.stop_session()
    qtbot.waitUntil(lambda: live.ended, timeout=10_000)
    plots.redraw()
    vb = plots.plot_items[0].getViewBox()
    y0, y1 = vb.viewRange()[1]
    scene_pos = vb.mapViewToScene(QPointF(60.4, (y0 + y1) / 2))
    plots._on_mouse_moved(scene_pos)
    text = plots.readout.text()
    assert text.startswith("At 1:00")
    for label in ("Viewers online", "GMV", "Orders", "Buyers", "Average dwell", "New followers"):
        assert label in text
    for metric in ("viewers", "gmv", "orders"):
        value = live.series.buffers[metric].value_at(plots._cursor_t)
        assert f"{metric_label(metric)} {format_metric(metric, value)}" in text


def test_crosshair_stays_under_a_still_mouse_while_following(qtbot, window) -> None:
    live = _start_demo(qtbot, window, speed=300)
    plots = window.live_view.plots
    qtbot.waitUntil(lambda: live.series.last_time() > 60, timeout=10_000)
    plots.redraw()
    vb = plots.plot_items[0].getViewBox()
    x0, x1 = plots.visible_range()
    y0, y1 = vb.viewRange()[1]
    plots._on_mouse_moved(vb.mapViewToScene(QPointF((x0 + x1) / 2, (y0 + y1) / 2)))
    first = plots._cursor_t
    assert first is not None
    qtbot.waitUntil(lambda: plots.visible_range()[0] > x0 + 5, timeout=10_000)
    plots.refresh_readout()
    assert plots._cursor_t is not None and plots._cursor_t > first + 5
    assert plots.readout.text().startswith(f"At {format_elapsed(plots._cursor_t)}")


def test_new_session_dialog_validates_and_starts(qtbot, window) -> None:
    window.ask_new_session()
    qtbot.waitUntil(lambda: getattr(window, "_dialog", None) is not None, timeout=5_000)
    dlg = window._dialog
    dlg.streamer.setCurrentText("   ")
    dlg.buttons.accepted.emit()
    assert dlg.isVisible()
    assert "streamer" in dlg.error.text().lower()
    dlg.streamer.setCurrentText("小美")
    dlg.sim.setChecked(True)
    dlg.sim.seed.setText("abc")
    dlg.buttons.accepted.emit()
    assert "whole number" in dlg.error.text()
    dlg.sim.seed.setText("5")
    dlg.sim.speed.setValue(100)
    with qtbot.waitSignal(window.liveStarted, timeout=10_000) as started:
        dlg.buttons.accepted.emit()
    live = started.args[0]
    assert live.info.streamer.name == "小美"
    kinds = {s.kind: s for s in live.recorder.sources.values()}
    assert set(kinds) == {"simulator", "manual"}
    assert kinds["simulator"].config()["seed"] == 5


def test_cut_off_session_is_offered_for_resume(qtbot, window) -> None:
    import subprocess
    import sys

    from app.core.metrics import Sample
    from app.session.recording import SessionRecorder
    from app.storage.models import SessionRow

    repo, writer = window.ctx.repo, window.ctx.writer
    rec, (src,) = SessionRecorder.start_new(
        repo, writer, "断线主播", "", [SimulatorSource(seed=2, speed=100)]
    )
    rec.ingest(
        src.id, [Sample(rec.info.started_ms + 1000 * i, {"viewers": i}) for i in range(1, 31)]
    )
    writer.flush()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    with repo.db.sessions.begin() as s:
        s.get(SessionRow, rec.info.id).recorder_pid = dead.pid

    window.check_interrupted()
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=5_000)
    assert "断线主播" in window.banner.text.text()
    assert "30 samples" in window.banner.text.text()
    with qtbot.waitSignal(window.liveStarted, timeout=10_000) as started:
        window.banner.resume.click()
    live = started.args[0]
    assert live.info.id == rec.info.id
    assert len(live.series.buffers["viewers"]) >= 30, "stored samples are shown again"
    first_new = len(live.series.buffers["viewers"])
    qtbot.waitUntil(lambda: len(live.series.buffers["viewers"]) > first_new, timeout=5_000)
    assert live.series.buffers["viewers"].t[first_new] > 30, "it continues, not restarts"


def test_start_failure_is_reported_and_nothing_half_made(qtbot, window, monkeypatch) -> None:
    spec = NewSessionSpec("", "", (SimulatorSource(seed=1),))  # no streamer name
    shown = []
    monkeypatch.setattr(window, "_show_error", lambda what, exc: shown.append((what, exc)))
    window.start_session(spec)
    qtbot.waitUntil(lambda: bool(shown), timeout=5_000)
    assert "could not be started" in shown[0][0]
    assert window.live is None
    assert window.new_action.isEnabled()


def test_stopping_asks_first_when_confirmation_is_on(qtbot, window) -> None:
    from PySide6.QtWidgets import QMessageBox

    live = _start_demo(qtbot, window)
    window.confirm = True
    window.stop_action.trigger()
    box = window._stop_box
    assert box.isVisible()
    assert "演示主播 Demo" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    qtbot.wait(100)
    assert not live.stopping, "cancel keeps the session live"
    window.stop_action.trigger()
    with qtbot.waitSignal(live.stopped, timeout=10_000):
        window._stop_box.button(QMessageBox.StandardButton.Yes).click()
    window.confirm = False
