"""The review's 复盘 panel in the window: every figure against the streamer's
median of their previous ten sessions, the change, the rank, the worst figure
and the punctuality; a summary-only session's review; the notes, stored and
shown in the library. Real SQLite and the real recorder."""

from datetime import datetime, timedelta, timezone

import pytest
from PySide6.QtCore import QPoint, QRect, Qt

from app.core.metrics import Sample
from app.core.session import ScheduleSlot, SessionDetail, SessionSummary
from app.session.recording import SessionRecorder
from app.sources.simulator import SimulatorSource
from app.storage.bulk import NewSession, insert_session

pytestmark = pytest.mark.gui

CST = timezone(timedelta(hours=8))


def at(day: int, h: int = 20, mi: int = 0) -> int:
    """A start in March 2025 (well before any session the recorder starts now)."""
    return int(datetime(2025, 3, day, h, mi, tzinfo=CST).timestamp() * 1000)


def add(repo, day: int, gmv_yuan: int, orders: int, h: int = 20, mi: int = 0, **kw):
    started = at(day, h, mi)
    return insert_session(
        repo,
        NewSession(
            streamer="小杨",
            title=f"第{day}场",
            started_ms=started,
            utc_offset_min=480,
            ended_ms=started + 3_600_000,
            summary=SessionSummary(duration_s=3600, gmv_fen=gmv_yuan * 100, orders=orders),
            detail=SessionDetail.SUMMARY,
            **kw,
        ),
    )


@pytest.fixture
def history(window):
    """Eleven earlier sessions (GMV ¥1,000 … ¥11,000, 100 orders each), the
    one reviewed (¥9,000, 50 orders, 12 minutes late for a 20:00 plan) and
    one later (¥20,000). The median is over the ten before it: ¥2,000 …
    ¥11,000, so ¥6,500; three sessions sold more."""
    repo = window.ctx.repo
    repo.create_streamer("小杨", schedule=(ScheduleSlot(None, 20 * 60, 480),))
    for day in range(1, 12):
        add(repo, day, day * 1000, 100)
    reviewed = add(repo, 12, 9000, 50, mi=12, notes="开场福利留人")
    add(repo, 13, 20_000, 100)
    return reviewed


def open_review(qtbot, window, session_id: int):
    with qtbot.waitSignal(window.reviewOpened, timeout=10_000) as opened:
        window.open_review(session_id)
    return opened.args[0]


def test_figures_against_the_median_with_rank_and_worst(qtbot, window, history) -> None:
    view = open_review(qtbot, window, history.id)
    stats = view.review_stats
    assert stats is not None
    assert stats.row_texts("gmv") == ["GMV", "¥9,000", "¥6,500", "↑38.5%", "4/13"]
    assert stats.row_texts("orders") == ["▼ Orders", "50", "100", "↓50.0%", "13/13"]
    assert stats.row_texts("duration")[3] == "±0.0%"
    assert stats.row_texts("peak_viewers")[1:4] == ["—", "—", "—"], "no figure, no comparison"
    assert stats.worst_key == "orders"
    assert "Orders ↓50.0% (50 vs 100)" in stats.worst.text()
    assert stats.headline.text() == "4th of 13 by GMV · started 12 min late"
    assert "previous 10 sessions" in stats.basis.text()
    assert view.punctuality.isVisible() and view.punctuality.text() == "started 12 min late"


def test_a_summary_only_session_opens_with_just_its_figures(qtbot, window, history) -> None:
    view = open_review(qtbot, window, history.id)
    assert view.is_summary_only
    assert not view.split.isVisible() and not view.tiles.isVisible()
    assert view.summary_note.isVisible()
    assert "No samples were recorded for this session" in view.summary_note.text()
    assert view.review_stats.isVisible()
    assert "Summary only" in view.status.text()


def test_a_recorded_sessions_review_puts_its_figures_first(qtbot, window, history) -> None:
    repo, writer = window.ctx.repo, window.ctx.writer
    rec, (src,) = SessionRecorder.start_new(
        repo, writer, "小杨", "录的这场", [SimulatorSource(seed=1, speed=100)]
    )
    t0 = rec.info.started_ms
    minutes = [Sample(t0 + 60_000 * i, {"gmv": 40_000 * i, "viewers": 300 + i}) for i in (1, 30)]
    rec.ingest(src.id, minutes)
    info = rec.stop()
    window.resize(1280, 720)
    view = open_review(qtbot, window, info.id)
    assert not view.is_summary_only and view.plots.isVisible()
    assert view.side.widget(0) is view.review_stats and view.side.currentIndex() == 0
    stats = view.review_stats
    box = QRect(stats.mapTo(window, QPoint(0, 0)), stats.size())
    assert stats.isVisible() and window.rect().contains(box), "the 复盘 fits a laptop"
    assert view.plots.width() >= 600
    assert view.review_stats.row_texts("gmv")[:4] == ["GMV", "¥1.2万", "¥8,500", "↑41.2%"]
    assert view.review_stats.row_texts("gmv")[4] == "2/14"
    assert view.review_stats.row_texts("peak_viewers")[1] == "330"


def test_a_first_session_says_there_is_nothing_to_compare(qtbot, window) -> None:
    first = insert_session(
        window.ctx.repo,
        NewSession("新人", "", at(1), 480, at(1) + 60_000, SessionSummary(60, gmv_fen=100)),
    )
    stats = open_review(qtbot, window, first.id).review_stats
    assert stats.headline.text() == "The streamer's first session in the library"
    assert "nothing to compare" in stats.basis.text()
    assert stats.worst_key is None and not stats.worst.isVisible()


def test_notes_are_saved_on_leaving_the_box_and_show_in_the_library(qtbot, window, history) -> None:
    view = open_review(qtbot, window, history.id)
    notes = view.review_stats.notes
    assert notes.toPlainText() == "开场福利留人"
    notes.setFocus()
    notes.setPlainText("做得好：开场福利留人\n要改进：讲解太慢")
    with qtbot.waitSignal(window.notesSaved, timeout=5_000):
        window.tabs.setFocus()  # leaving the box saves
    assert window.ctx.repo.get_session(history.id).notes == "做得好：开场福利留人\n要改进：讲解太慢"
    assert view.review_stats.notes_state.text() == "Saved"

    window.tabs.setCurrentWidget(window.library)
    lib = window.library
    qtbot.waitUntil(lambda: lib.model.row_of(history.id) is not None, timeout=5_000)
    row, col = lib.model.row_of(history.id), lib.model.COLUMNS.index("notes")
    assert lib.model.index(row, col).data() == "做得好：开场福利留人", "the first line"
    tip = lib.model.index(row, col).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "做得好：开场福利留人\n要改进：讲解太慢"


def test_ctrl_s_saves_the_notes(qtbot, window, history) -> None:
    view = open_review(qtbot, window, history.id)
    notes = view.review_stats.notes
    window.activateWindow()
    notes.setFocus()
    notes.setPlainText("要改进：控评")
    with qtbot.waitSignal(window.notesSaved, timeout=5_000):
        qtbot.keyClick(notes, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert notes.hasFocus(), "Ctrl+S keeps you typing"
    assert window.ctx.repo.get_session(history.id).notes == "要改进：控评"
