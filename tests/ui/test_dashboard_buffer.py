"""The dashboard's rolling buffer for moment videos, grabbing a real (demo)
dashboard on the screen: what it keeps, in order and bounded, and a live
screen session keeping one. Following a window, and a window that is gone,
on a real X server: tests/ui/test_screen_x11.py."""

from __future__ import annotations

import time

import numpy as np
import pytest
from PySide6.QtGui import QImage

pytestmark = pytest.mark.gui


@pytest.fixture
def dashboard(qtbot):
    from app.ui.widgets.demo_dashboard import DemoDashboard

    d = DemoDashboard(seed=3, speed=4.0)
    qtbot.addWidget(d)
    d.move(40, 40)
    d.show()
    qtbot.waitExposed(d)
    return d


def clock() -> int:
    return time.time_ns() // 1_000_000


def test_it_keeps_the_dashboard_at_ten_frames_a_second_within_its_window(qtbot, dashboard) -> None:
    from app.ui.widgets.dashboard_buffer import MAX_W, DashboardBuffer, dashboard_rect

    layout = dashboard.screen_layout("buffer")
    rect = dashboard_rect(layout)
    assert rect is not None
    # The boxes and what is around them, never more than the screen shows.
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QGuiApplication

    screen = QGuiApplication.primaryScreen().geometry()
    union = QRect()
    for r in layout.regions:
        union = union.united(QRect(r.x, r.y, r.w, r.h))
    assert rect.contains(union.intersected(screen)) and screen.contains(rect)
    assert rect.width() * rect.height() > union.intersected(screen).width() * union.height()
    buf = DashboardBuffer(layout, clock, window_s=1.0)
    try:
        qtbot.waitUntil(lambda: len(buf.ring) >= 8, timeout=5_000)
        qtbot.wait(1_500)
        frames = buf.frames(0, 2**62)
    finally:
        buf.stop()
    assert 8 <= len(frames) <= 12  # one second's worth at 10 fps
    times = [f.ts_ms for f in frames]
    assert times == sorted(times) and times[-1] - times[0] <= 1_000
    for f in frames:
        img = QImage.fromData(f.data)
        assert not img.isNull() and img.width() <= MAX_W
        assert (img.width(), img.height()) == (f.width, f.height) == (rect.width(), rect.height())
    # What it kept is the dashboard: its dark page, not an empty grab.
    img = QImage.fromData(frames[-1].data).convertToFormat(QImage.Format.Format_RGB888)
    a = np.frombuffer(img.constBits(), np.uint8).reshape(img.height(), img.bytesPerLine())
    assert a[:, : img.width() * 3].std() > 10
    n = len(buf.ring)
    qtbot.wait(300)
    assert len(buf.ring) == n and not buf.running  # stopped: nothing more is grabbed


def test_a_live_screen_session_keeps_its_dashboard(qtbot, window, dashboard) -> None:
    """A Screen source's session keeps its dashboard for the videos (and lets
    it go when the session stops)."""
    from app.sources.screen import ScreenSource
    from app.ui.dialogs.session import NewSessionSpec

    window.ctx.settings.moment_videos = True
    layout = dashboard.screen_layout("live")
    src = ScreenSource(layout, interval_s=1.0)
    with qtbot.waitSignal(window.liveStarted, timeout=10_000) as started:
        window.start_session(NewSessionSpec("大屏主播", "读屏", (src,)))
    live = started.args[0]
    view = window.live_view
    qtbot.waitUntil(lambda: view.videos.buffer is not None, timeout=20_000)
    buf = view.videos.buffer
    qtbot.waitUntil(lambda: len(buf.ring) >= 5, timeout=5_000)
    with qtbot.waitSignal(live.stopped, timeout=15_000):
        window.stop_session()
    assert not buf.running and len(buf.ring) >= 5
