"""A teammate's session on a real team server, in a window logged in as
someone else: its highlights and notes are shown, not editable (the server
would refuse them), and while the server is away the followed review says
so instead of looking current."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.highlights import EventRecord
from app.core.metrics import Sample
from app.core.session import SessionSummary, now_ms
from app.storage.database import open_database
from app.storage.repository import Repository
from app.storage.writer import DatabaseWriter
from tests import pg


@pytest.fixture
def own_server() -> Iterator[pg.Cluster]:
    cluster = pg.Cluster.create()
    yield cluster
    cluster.destroy()


def test_a_teammates_session_is_read_only_and_says_when_the_server_is_away(
    qtbot, own_server: pg.Cluster, tmp_path: Path, monkeypatch
) -> None:
    import app.ui.shell.main_window as mw
    from app.config.paths import resolve_paths
    from app.runtime.tasks import TaskRunner
    from app.ui.shell.main import build_context, make_application, shutdown

    monkeypatch.setattr(mw, "FOLLOW_EVERY_MS", 200)
    url, _name = own_server.create_database()
    other = open_database(url)
    alice = Repository(other, "alice")
    started = now_ms() - 60_000
    info = alice.create_session(alice.get_or_create_streamer("阿兰"), "夜场", started, 480)
    src = alice.add_source(info.id, "simulator", "Simulator")
    writer = DatabaseWriter(other)
    writer.start()
    writer.write_samples(
        info.id, src.id, [Sample(started + k * 1000, {"viewers": k}) for k in range(20)]
    )
    writer.write_event(info.id, EventRecord("h-alice", started + 5000, "highlight", "讲解"))
    writer.update_summary(info.id, SessionSummary(duration_s=20.0, sample_count=20))
    assert writer.flush()

    make_application()
    ctx = build_context(resolve_paths(tmp_path, url).ensure(), TaskRunner())  # as postgres
    win = mw.MainWindow(ctx, confirm=False)
    qtbot.addWidget(win)
    win.resize(1280, 720)
    win.show()
    try:
        with qtbot.waitSignal(win.reviewOpened, timeout=10_000) as opened:
            win.open_review(info.id)
        view = opened.args[0]
        assert view.highlights.table.rowCount() == 1  # shown …
        assert not view.highlights.delete.isEnabled()  # … not editable
        assert view.review_stats is not None and view.review_stats.notes.isReadOnly()
        assert "alice" in view.review_stats.notes.toolTip()
        qtbot.waitUntil(lambda: "Following" in view.status.text(), timeout=5000)

        own_server.stop("fast")
        qtbot.waitUntil(lambda: "does not answer" in view.status.text(), timeout=15_000)
        assert view.follow_timer.isActive()  # and it tries again
    finally:
        writer.close()
        other.dispose()
        win.close()
        shutdown(ctx)
