"""The library (once the History tab) keeps itself current: the live session is listed while it
runs, and starting, stopping, resuming or ending a session updates the list
without Refresh."""

import subprocess
import sys

import pytest
from PySide6.QtCore import Qt

from app.core.metrics import Sample
from app.core.session import SessionStatus
from app.sources.simulator import SimulatorSource
from app.ui.dialogs.session import NewSessionSpec

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier


def shown_status(window, session_id: int) -> str | None:
    """The Status cell of the session's row as the table shows it, if listed."""
    model = window.library.model
    row = model.row_of(session_id)
    if row is None:
        return None
    return model.index(row, model.COLUMNS.index("status")).data()


def press_ctrl_h(qtbot, window) -> None:
    qtbot.keyClick(window, Qt.Key.Key_H, CTRL)
    assert window.tabs.currentWidget() is window.library


def cut_off_session(window, samples: int = 30) -> int:
    """A session left marked live by a recorder process that is gone."""
    from app.session.recording import SessionRecorder
    from app.storage.models import SessionRow

    repo, writer = window.ctx.repo, window.ctx.writer
    rec, (src,) = SessionRecorder.start_new(
        repo, writer, "断线主播", "", [SimulatorSource(seed=2, speed=100)]
    )
    rec.ingest(
        src.id,
        [Sample(rec.info.started_ms + 1000 * i, {"viewers": i}) for i in range(1, samples + 1)],
    )
    writer.flush()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    with repo.db.sessions.begin() as s:
        s.get(SessionRow, rec.info.id).recorder_pid = dead.pid
    return rec.info.id


def test_ctrl_h_lists_the_live_session_and_its_status_follows(qtbot, window, live) -> None:
    press_ctrl_h(qtbot, window)
    qtbot.waitUntil(lambda: shown_status(window, live.info.id) == "live", timeout=5_000)
    assert not window.library.empty.isVisible()
    assert window.library.table.isVisible()

    with qtbot.waitSignal(live.stopped, timeout=10_000):
        window.stop_action.trigger()
    assert window.tabs.currentWidget() is window.library
    qtbot.waitUntil(lambda: shown_status(window, live.info.id) == "ended", timeout=5_000)


def test_the_list_updates_itself_when_a_session_starts(qtbot, window) -> None:
    press_ctrl_h(qtbot, window)
    empty = window.library.empty
    qtbot.waitUntil(lambda: empty.text() == "No sessions recorded yet.", timeout=5_000)
    assert empty.isVisible()
    with qtbot.waitSignal(window.liveStarted, timeout=10_000) as started:
        window.start_session(NewSessionSpec("新主播", "", ()))
    live = started.args[0]
    # Nothing switches back to History: the start alone brings the row in.
    qtbot.waitUntil(lambda: shown_status(window, live.info.id) == "live", timeout=5_000)
    assert window.tabs.currentWidget() is window.live_stack


def test_a_live_sessions_figures_are_current_when_history_is_shown(qtbot, window, live) -> None:
    press_ctrl_h(qtbot, window)
    qtbot.waitUntil(lambda: shown_status(window, live.info.id) == "live", timeout=5_000)
    assert window.library.model.sessions[0].summary.sample_count == 0
    window.tabs.setCurrentIndex(0)
    live.enter({"viewers": 3500}, None)
    # The recorder writes its summary about once a second.
    qtbot.waitUntil(
        lambda: window.ctx.repo.get_session(live.info.id).summary.sample_count == 1,
        timeout=5_000,
    )
    press_ctrl_h(qtbot, window)
    qtbot.waitUntil(
        lambda: window.library.model.sessions[0].summary.sample_count == 1, timeout=5_000
    )


def test_an_interrupted_session_is_listed_as_such_and_resuming_updates_it(qtbot, window) -> None:
    session_id = cut_off_session(window)
    window.check_interrupted()
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=5_000)
    text = window.banner.text.text()
    assert "was interrupted 0:30 into the session" in text, "its newest sample is at 0:30"
    assert "cut off" not in text
    assert "30 samples" in text
    press_ctrl_h(qtbot, window)
    qtbot.waitUntil(lambda: shown_status(window, session_id) == "interrupted", timeout=5_000)

    with qtbot.waitSignal(window.liveStarted, timeout=10_000):
        window.banner.resume.click()
    qtbot.waitUntil(lambda: shown_status(window, session_id) == "live", timeout=5_000)


def test_end_this_session_on_the_resume_bar_updates_history(qtbot, window) -> None:
    session_id = cut_off_session(window, samples=12)
    window.check_interrupted()
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=5_000)
    button = window.banner.close_it
    assert button.text() == "End this session"
    assert "samples are kept" in button.toolTip() and "rebuilt" in button.toolTip()
    press_ctrl_h(qtbot, window)
    qtbot.waitUntil(lambda: shown_status(window, session_id) == "interrupted", timeout=5_000)

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not window.banner.isVisible()

    def closed() -> bool:
        listed = {s.id: s for s in window.library.model.sessions}
        return session_id in listed and listed[session_id].ended_ms is not None

    qtbot.waitUntil(closed, timeout=5_000)
    listed = {s.id: s for s in window.library.model.sessions}[session_id]
    assert listed.status is SessionStatus.INTERRUPTED
    assert listed.summary.sample_count == 12, "the summary was rebuilt from the samples"
    assert shown_status(window, session_id) == "interrupted"
