"""A teammate's session, followed read-only: another recorder (its own
database connection and writer, as another computer's Genbo on the team
server) records a session; the window's review of it reads it again every
few seconds, moves on with it, and stops once it has ended."""

from __future__ import annotations

import pytest

from app.core.metrics import Sample
from app.core.session import SessionStatus, SessionSummary, now_ms
from app.storage.database import open_database
from app.storage.repository import Repository
from app.storage.writer import DatabaseWriter


@pytest.fixture
def teammate(window):
    """Another Genbo on the same database: its own engine, repository and writer."""
    db = open_database(window.ctx.db.url)
    repo = Repository(db, "阿强")
    writer = DatabaseWriter(db)
    writer.start()
    yield repo, writer
    writer.close()
    db.dispose()


def test_a_session_recorded_elsewhere_is_followed_until_it_ends(
    qtbot, window, teammate, monkeypatch
) -> None:
    import app.ui.shell.main_window as mw

    monkeypatch.setattr(mw, "FOLLOW_EVERY_MS", 200)
    repo, writer = teammate
    streamer = repo.get_or_create_streamer("王姐严选")
    started = now_ms() - 60_000
    info = repo.create_session(streamer, "晚场", started, 480)
    src = repo.add_source(info.id, "simulator", "Simulator")

    def record(first_s: int, n: int, viewers: int) -> None:
        samples = [
            Sample(started + (first_s + k) * 1000, {"viewers": viewers + k}) for k in range(n)
        ]
        writer.write_samples(info.id, src.id, samples)
        writer.update_summary(
            info.id, SessionSummary(duration_s=float(first_s + n), sample_count=first_s + n)
        )
        assert writer.flush()

    record(0, 30, 1000)
    # The library lists it as live and keeps reading its page while it is.
    window.tabs.setCurrentWidget(window.library)
    qtbot.waitUntil(
        lambda: (
            window.library.page is not None
            and [s.id for s in window.library.page.sessions] == [info.id]
        ),
        timeout=5000,
    )
    assert window.library.page.sessions[0].status is SessionStatus.LIVE
    qtbot.waitUntil(window._history_timer.isActive, timeout=3000)
    with qtbot.waitSignal(window.reviewOpened, timeout=10_000) as opened:
        window.open_review(info.id)
    view = opened.args[0]
    assert view.follow_timer is not None and view.follow_timer.isActive()
    assert view.plots.series.last_time() == pytest.approx(29.0)

    record(30, 30, 2000)  # the teammate's recording goes on
    qtbot.waitUntil(lambda: view.plots.series.last_time() == pytest.approx(59.0), timeout=5000)
    assert "Following" in view.status.text() and "阿强" in view.status.text()
    last = view.plots.series.buffers["viewers"].last()
    assert last is not None and last[1] == 2029

    repo.end_session(info.id, started + 60_000, SessionSummary(duration_s=60.0, sample_count=60))
    qtbot.waitUntil(lambda: not view.follow_timer.isActive(), timeout=5000)
    assert view.info.status is SessionStatus.ENDED
    assert view.status.text() == "Read-only · Ended"


def test_the_windows_own_live_session_is_not_followed(qtbot, window, live) -> None:
    assert window._recording_here(live.info.id)
