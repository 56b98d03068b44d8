"""The team's live sessions on the Wall tab: sessions another computer records
(its own database connection, repository and writer on the same database,
as a teammate's Genbo on the team server) show as read-only tiles, read
again every few seconds: their figures move on, a milestone is told once,
an ended one says so and leaves, keys are refused politely, and opening one
gives a review tab that follows it. The window's own sessions never show
twice. Once on a real PostgreSQL, with a read-only login as a lead's wall
display."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

import pytest
from PySide6.QtCore import Qt

from app.config.formatting import format_clock
from app.core.highlights import milestone_record
from app.core.metrics import Gap, Sample
from app.core.milestones import Milestone, MilestoneKind
from app.core.session import SessionInfo, SessionStatus, SessionSummary, SourceInfo, now_ms
from app.runtime.wall import SlotState
from app.session.wall import WallConfig, WallEntry
from app.storage.database import open_database
from app.storage.repository import Repository
from app.storage.writer import DatabaseWriter
from app.ui.view.session_view import SessionView
from tests import pg

pytestmark = pytest.mark.gui

EVERY_MS = 150


@dataclass
class Show:
    info: SessionInfo
    source: SourceInfo
    newest_ms: int = 0


class Teammate:
    """Another Genbo recording into the same database: its own engine,
    repository (stamping its operator) and writer."""

    def __init__(self, url: str, operator: str) -> None:
        self.db = open_database(url)
        self.repo = Repository(self.db, operator)
        self.writer = DatabaseWriter(self.db)
        self.writer.start()

    def start(self, streamer: str, title: str, ago_s: int = 60) -> Show:
        info = self.repo.create_session(
            self.repo.get_or_create_streamer(streamer), title, now_ms() - ago_s * 1000, 480
        )
        return Show(info, self.repo.add_source(info.id, "simulator", "Simulator"), info.started_ms)

    def record(self, show: Show, n: int, viewers: int, gmv_fen: int) -> None:
        """`n` samples up to now (a second apart, or closer after the last
        ones), viewers and GMV rising: the newest is `viewers + n - 1` and
        `gmv_fen + (n - 1) × ¥100`."""
        end = now_ms()
        start = max(show.newest_ms + 1, end - (n - 1) * 1000)
        step = (end - start) / max(1, n - 1)
        samples = [
            Sample(start + round(k * step), {"viewers": viewers + k, "gmv": gmv_fen + k * 100_00})
            for k in range(n)
        ]
        show.newest_ms = end
        self.writer.write_samples(show.info.id, show.source.id, samples)
        summary = SessionSummary(
            duration_s=(end - show.info.started_ms) / 1000,
            gmv_fen=gmv_fen + (n - 1) * 100_00,
            sample_count=n,
        )
        self.writer.update_summary(show.info.id, summary)
        assert self.writer.flush()

    def milestone(self, show: Show, m: Milestone) -> None:
        self.writer.write_event(show.info.id, milestone_record(m, "GMV"))
        assert self.writer.flush()

    def end(self, show: Show, duration_s: float, gmv_fen: int) -> None:
        self.repo.end_session(
            show.info.id,
            show.info.started_ms + round(duration_s * 1000),
            SessionSummary(duration_s=duration_s, gmv_fen=gmv_fen, sample_count=int(duration_s)),
        )

    def close(self) -> None:
        self.writer.close()
        self.db.dispose()


@pytest.fixture
def fast(monkeypatch) -> None:
    import app.runtime.wall as runtime_wall
    import app.session.wall as session_wall
    import app.ui.shell.main_window as mw

    monkeypatch.setattr(runtime_wall, "FOLLOW_EVERY_MS", EVERY_MS)
    monkeypatch.setattr(mw, "FOLLOW_EVERY_MS", EVERY_MS)
    monkeypatch.setattr(session_wall, "TEAM_ENDED_KEEP_MS", 600)


@pytest.fixture
def alice(window, fast) -> Iterator[Teammate]:
    mate = Teammate(window.ctx.db.url, "alice")
    yield mate
    mate.close()


def team_wall(qtbot, window, click: bool = False):
    """The Wall tab on the team's live sessions, once it has read them
    (`click`: by its button, shown on a team server)."""
    host = window.wall_host
    window.tabs.setCurrentWidget(host)
    with qtbot.waitSignal(host.wallOpened, timeout=5_000) as opened:
        if click:
            qtbot.mouseClick(host.team_button, Qt.MouseButton.LeftButton)
        else:
            host.show_team(True)
    wall = opened.args[0]
    qtbot.waitUntil(lambda: wall.team_read_ms is not None, timeout=5_000)
    assert host.team_button.isChecked()
    return wall


def tile_of(window, session_id: int):
    for tile in window.wall_host.view.tiles:
        if tile.slot.read_only and tile.slot.session_id == session_id:
            return tile
    return None


def refreshes(qtbot, wall, n: int = 2) -> None:
    """Wait for `n` more reads of the team's sessions."""
    for _ in range(n):
        with qtbot.waitSignal(wall.teamRead, timeout=5_000):
            pass


def feed_lines(window) -> list[str]:
    feed = window.wall_host.view.feed.list
    return [feed.item(i).text() for i in range(feed.count())]


def test_a_teammates_live_session_is_a_read_only_tile_that_moves_on(qtbot, window, alice) -> None:
    show = alice.start("王姐严选", "秋冬上新", ago_s=30)
    alice.record(show, 30, viewers=1000, gmv_fen=50_000_00)
    wall = team_wall(qtbot, window)
    qtbot.waitUntil(lambda: tile_of(window, show.info.id) is not None, timeout=5_000)
    tile = tile_of(window, show.info.id)
    assert tile.slot.state is SlotState.LIVE
    assert tile.name.text() == "王姐严选" and tile.title.text() == "秋冬上新"
    read_at = format_clock(datetime.fromtimestamp(wall.team_read_ms / 1000), seconds=True)
    assert tile.detail.text().startswith("alice · read ")
    assert tile.detail.text().endswith(", about 1 s behind")  # read every 0.15 s here
    assert read_at[:5] in tile.detail.text()
    assert tile.viewers.text() == "1,029"
    assert tile.gmv.text() == "¥5.29万" and tile.gmv.toolTip() == "¥52,900.00"
    assert len(tile.viewers_spark.points[0]) > 0 and len(tile.gmv_spark.points[0]) > 0
    assert "alice" in tile.toolTip() and "read-only" in tile.toolTip()
    # Nothing on it starts, stops or resumes.
    assert not tile.action.isVisible()
    assert not any(a.isVisible() for a in (tile.start_action, tile.stop_action, tile.resume_action))
    assert window.wall_host.name.text() == "Team's live sessions · 1 of 1 live · about 1 s behind"

    alice.record(show, 30, viewers=2000, gmv_fen=80_000_00)  # the recording goes on
    qtbot.waitUntil(lambda: tile.viewers.text() == "2,029", timeout=5_000)
    assert tile.gmv.text() == "¥8.29万"

    # A milestone it reaches is told once, in the feed and (major) the banner.
    alice.milestone(
        show, Milestone(show.info.started_ms + 55_000, MilestoneKind.THRESHOLD, "gmv", 80_000.0)
    )
    big = Milestone(
        show.info.started_ms + 58_000, MilestoneKind.THRESHOLD, "gmv", 1_000_000.0, major=True
    )
    alice.milestone(show, big)
    qtbot.waitUntil(lambda: "¥100万" in window.wall_host.view.banner.shown_text(), timeout=5_000)
    refreshes(qtbot, wall, 3)
    lines = feed_lines(window)
    assert sum("王姐严选 · GMV passed ¥8万" in line for line in lines) == 1, lines
    assert sum("王姐严选 · GMV passed ¥100万" in line for line in lines) == 1, lines
    assert sum("Recorded by alice on another computer" in line for line in lines) == 1
    assert window.wall_host.view.banner.queue == [window.wall_host.view.banner.current()]
    assert "GMV passed ¥100万" in tile.latest.text() and tile.gold

    # It ends on alice's computer: ended with its figures, then it leaves.
    alice.end(show, 61.0, 82_900_00)
    qtbot.waitUntil(lambda: tile.slot.state is SlotState.ENDED, timeout=5_000)
    assert tile.state_text() == "ended · 1:01 · ¥8.29万"
    qtbot.waitUntil(lambda: tile_of(window, show.info.id) is None, timeout=5_000)
    assert window.wall_host.view.empty.isVisible()
    assert window.wall_host.name.text().startswith("Team's live sessions · 0 of 0 live")
    window.wall_host.show_team(False)  # a wall of the team's alone: it closes
    assert window.wall_host.wall is None and not window.wall_host.team_button.isChecked()


def test_keys_are_refused_politely_and_opening_follows_its_review(qtbot, window, alice) -> None:
    show = alice.start("小雨", "断码清仓", ago_s=20)
    alice.record(show, 20, viewers=300, gmv_fen=1_000_00)
    team_wall(qtbot, window)
    qtbot.waitUntil(lambda: tile_of(window, show.info.id) is not None, timeout=5_000)
    host = window.wall_host
    tile = tile_of(window, show.info.id)
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
    assert host.view.focused() == tile.index
    said = "小雨 is recorded by alice on another computer: read-only here."
    window.mark_moment()  # H
    assert host.entry.message.text() == said
    host.entry.message.clear()
    window._live_view_do("ask_segment_name")  # S
    assert host.entry.message.text() == said
    assert not host.note_edit.isVisible()
    window._live_view_do("end_segment")  # E
    assert host.entry.message.text() == said
    host.entry.edit.setText("gmv 12万")
    qtbot.keyClick(host.entry.edit, Qt.Key.Key_Return)
    assert said in host.entry.message.text()
    host.entry.edit.setText("@小雨 gmv 12万")
    qtbot.keyClick(host.entry.edit, Qt.Key.Key_Return)
    assert said in host.entry.message.text()
    assert alice.writer.flush()
    assert [e.kind for e in alice.repo.load_events(show.info.id)] == []
    assert alice.repo.load_columns(show.info.id).merged("gmv").raw[-1] == 1_000_00 + 19 * 100_00
    wall = host.wall
    wall.start(tile.index), wall.stop(tile.index), wall.resume(tile.index)
    assert tile.slot.state is SlotState.LIVE and tile.slot.live is None
    # Its dashboard goes quiet on alice's computer: her recorder opens a gap.
    quiet = now_ms() - 2_000
    alice.writer.write_gap(show.info.id, show.source.id, Gap("simulator", quiet, None, "no data"))
    assert alice.writer.flush()
    qtbot.waitUntil(lambda: tile.slot.state is SlotState.STALE, timeout=5_000)
    assert tile.slot.stale_since_ms == quiet
    qtbot.waitUntil(lambda: tile.badge.text().startswith("stale 0:0"), timeout=2_000)

    with qtbot.waitSignal(window.reviewOpened, timeout=10_000) as opened:
        qtbot.mouseDClick(tile, Qt.MouseButton.LeftButton)
    view = opened.args[0]
    assert isinstance(view, SessionView) and view.info.id == show.info.id
    assert view.follow_timer is not None and view.follow_timer.isActive()
    alice.record(show, 10, viewers=500, gmv_fen=2_000_00)
    last = (show.newest_ms - show.info.started_ms) / 1000
    qtbot.waitUntil(lambda: view.plots.series.last_time() == pytest.approx(last), timeout=5_000)
    assert "alice" in view.status.text()


def test_the_windows_own_sessions_never_show_twice(qtbot, window, alice, live) -> None:
    """The Live tab's session and the wall's own are this window's: only the
    teammate's show as team tiles; a session started elsewhere joins, after
    the wall's own tiles, newest first, twelve tiles at most."""
    first = alice.start("阿峰 Afeng", "早场", ago_s=300)
    alice.record(first, 10, viewers=100, gmv_fen=100_00)
    host = window.wall_host
    with qtbot.waitSignal(host.wallOpened, timeout=10_000) as opened:
        assert window.open_wall(WallConfig("晚场", (WallEntry("杨小姐"), WallEntry("Chloe"))))
    wall = opened.args[0]
    qtbot.waitUntil(lambda: all(s.state is SlotState.LIVE for s in wall.slots), timeout=10_000)
    own = {s.session_id for s in wall.slots} | {live.info.id}
    host.show_team(True)
    assert host.team_button.isChecked()
    qtbot.waitUntil(lambda: tile_of(window, first.info.id) is not None, timeout=5_000)
    refreshes(qtbot, wall, 2)
    team = [s.session_id for s in wall.slots if s.read_only]
    assert team == [first.info.id]
    assert not own & set(team)
    assert [t.slot.streamer for t in host.view.tiles] == ["杨小姐", "Chloe", "阿峰 Afeng"]
    assert host.running and host.stop_all_button.isEnabled()  # the wall's own two

    # Eleven more start elsewhere: the wall shows twelve, the newest first.
    shows = [alice.start(f"主播{k:02}", "", ago_s=200 - k) for k in range(11)]
    qtbot.waitUntil(lambda: len(host.view.tiles) == 12, timeout=5_000)
    refreshes(qtbot, wall, 2)
    team = [s.session_id for s in wall.slots if s.read_only]
    assert team == [first.info.id, *[s.info.id for s in reversed(shows[2:])]]
    assert (host.view.columns, host.view.rows) == (4, 3)

    # Taken away again: the wall's own tiles stay, and go on.
    host.show_team(False)
    assert [t.slot.streamer for t in host.view.tiles] == ["杨小姐", "Chloe"]
    assert not host.team_button.isChecked()
    assert all(s.state is SlotState.LIVE for s in wall.slots)
    host.stop_all_blocking()


@pytest.fixture
def team_server() -> Iterator[pg.Cluster]:
    """A PostgreSQL of this test's own (it is stopped and started again)."""
    cluster = pg.Cluster.create()
    yield cluster
    cluster.destroy()


def test_a_read_only_login_shows_the_team_on_postgresql(
    qtbot, tmp_path, fast, team_server, monkeypatch
) -> None:
    """A lead's wall display logs in with a role that may only read; bob
    records on another computer; the wall shows his session and follows it,
    and says so when the server stops answering (his tile goes stale)."""
    import app.session.wall as session_wall
    from app.config.paths import resolve_paths
    from app.runtime.tasks import TaskRunner
    from app.ui.shell.main import build_context, make_application, shutdown
    from app.ui.shell.main_window import MainWindow

    url, name = team_server.create_database()
    bob = Teammate(url, "bob")  # the schema is made by his first open
    role, password = "wall", "wall-password"
    team_server.execute(f"CREATE ROLE {role} LOGIN PASSWORD '{password}'")
    team_server.execute(
        f'GRANT CONNECT ON DATABASE "{name}" TO {role}; GRANT USAGE ON SCHEMA public TO {role}; '
        f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}",
        name,
    )
    make_application()
    paths = resolve_paths(tmp_path, team_server.url(name, role, password)).ensure()
    ctx = build_context(paths, TaskRunner())
    win = MainWindow(ctx, confirm=False)
    qtbot.addWidget(win)
    win.resize(1280, 720)
    win.show()
    try:
        show = bob.start("Kevin 凯文", "夜场", ago_s=40)
        bob.record(show, 40, viewers=700, gmv_fen=3_000_00)
        wall = team_wall(qtbot, win, click=True)  # its button: on a team server only
        qtbot.waitUntil(lambda: tile_of(win, show.info.id) is not None, timeout=5_000)
        tile = tile_of(win, show.info.id)
        assert tile.viewers.text() == "739" and "bob" in tile.detail.text()
        bob.record(show, 20, viewers=900, gmv_fen=6_000_00)
        qtbot.waitUntil(lambda: tile.viewers.text() == "919", timeout=5_000)
        assert tile.gmv.text() == "¥7,900"
        assert wall.team_error is None and tile.slot.state is SlotState.LIVE

        # The server goes away: the wall says so, and the tile goes stale
        # with what was read last.
        monkeypatch.setattr(session_wall, "TEAM_STALE_MS", 500)
        team_server.stop("immediate")
        qtbot.waitUntil(lambda: wall.team_error is not None, timeout=10_000)
        assert "the team server does not answer" in win.wall_host.name.text()
        qtbot.waitUntil(lambda: tile.slot.state is SlotState.STALE, timeout=5_000)
        assert tile.viewers.text() == "919"
        team_server.start()
        bob.end(show, 60.0, 7_900_00)
        qtbot.waitUntil(lambda: tile.slot.state is SlotState.ENDED, timeout=10_000)
        assert wall.team_error is None
        assert "about 1 s behind" in win.wall_host.name.text()
        assert tile.slot.final is not None and tile.slot.final.status is SessionStatus.ENDED
    finally:
        win.close()
        shutdown(ctx)
        bob.close()
