"""The window started while its team server does not answer: it works on
this computer's offline database for that server, says so in the strip, and
sends what is recorded there once the server answers again."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.storage.database import open_database
from tests import pg


@pytest.fixture
def away_server() -> Iterator[pg.Cluster]:
    cluster = pg.Cluster.create()
    yield cluster
    cluster.destroy()


def test_the_window_works_offline_and_sends_when_the_server_answers(
    qtbot, away_server: pg.Cluster, tmp_path: Path, monkeypatch
) -> None:
    import app.session.team as team
    from app.config.paths import resolve_paths
    from app.runtime.tasks import TaskRunner
    from app.ui.dialogs.session import NewSessionSpec
    from app.ui.shell.main import build_context, make_application, shutdown
    from app.ui.shell.main_window import MainWindow

    url, name = away_server.create_database()
    open_database(url).dispose()
    away_server.stop("fast")
    monkeypatch.setattr(team, "RETRY_S", 0.3)

    make_application()
    paths = resolve_paths(tmp_path, url).ensure()
    ctx = build_context(paths, TaskRunner())
    assert ctx.offline is not None and ctx.db.sqlite_path == team.offline_path(paths)
    win = MainWindow(ctx, confirm=False)
    qtbot.addWidget(win)
    win.resize(1280, 720)
    win.show()
    win.watch_team_server()
    banner = win.storage_banner.text.text()
    assert "Offline: the team server" in banner and "does not answer" in banner
    try:
        with qtbot.waitSignal(win.liveStarted, timeout=10_000) as started:
            win.start_session(NewSessionSpec("小雨", "断网也要播", ()))
        live = started.args[0]
        live.enter({"gmv": 120_000_00})  # typed: ¥12万
        with qtbot.waitSignal(live.stopped, timeout=10_000):
            win.stop_session()
        assert win.ctx.writer.flush()

        away_server.start()
        qtbot.waitUntil(lambda: "answers again" in win.storage_banner.text.text(), timeout=15_000)
        import psycopg

        with psycopg.connect(away_server.dsn(name)) as conn:
            rows = conn.execute(
                "SELECT t.name, s.title, s.status, s.gmv_fen, s.operator FROM live_sessions s "
                "JOIN streamers t ON t.id = s.streamer_id"
            ).fetchall()
        assert rows == [("小雨", "断网也要播", "ended", 120_000_00, "postgres")]
    finally:
        win.close()
        shutdown(ctx)
