"""Segments in the window: S names and starts one, E ends it, the table ranks them,
they are drawn on the plots, come back in review and export as a clip list."""

import csv
import io

import pytest
from PySide6.QtCore import Qt

from app.core.segments import segment_from_record
from tests.ui.helpers import enter, stored_events

pytestmark = pytest.mark.gui


def start(qtbot, window, name: str) -> None:
    view = window.live_view
    window.segment_action.trigger()  # S
    assert view.note_edit.isVisible()
    assert view.side.currentWidget() is view.segments
    view.note_edit.insert(name)  # as an input method commits Chinese text
    qtbot.keyClick(view.note_edit, Qt.Key.Key_Return)
    assert not view.note_edit.isVisible()


def stored_segments(window, live):
    return stored_events(window, live, "segment", segment_from_record)


def test_segments_attribute_gmv_and_rank(qtbot, window, live) -> None:
    view = window.live_view
    enter(qtbot, window, "gmv 1000 o 10 v 800")
    start(qtbot, window, "讲解 商品A")
    assert "商品A" in view.segment_button.text()
    enter(qtbot, window, "gmv 5000 o 30 v 1200")
    # Starting the next one ends the first.
    start(qtbot, window, "福袋")
    enter(qtbot, window, "gmv 25000 o 50 v 900")
    window.end_segment_action.trigger()  # E
    assert view.segment_button.text() == "▶ Segment (S)"
    segs = stored_segments(window, live)
    assert [s.name for s in segs] == ["讲解 商品A", "福袋"]
    assert all(s.end_ms is not None for s in segs)
    assert segs[0].end_ms == segs[1].start_ms
    view._refresh_segments()
    by_name = {st.segment.name: st for st in view.segments.rows}
    assert float(by_name["讲解 商品A"].gmv) == 4000
    assert by_name["讲解 商品A"].orders == 20
    assert by_name["讲解 商品A"].peak_viewers == 1200
    assert float(by_name["福袋"].gmv) == 20000
    # Ranked by GMV, best first; clicking the GMV/min header re-ranks.
    assert view.segments.ranked_names() == ["福袋", "讲解 商品A"]
    # Drawn on the plots: a band per plot and a name label.
    assert len(view.plots._segment_items) == 2 * (len(view.plots.plot_items) + 1)


def test_escape_cancels_naming_and_empty_name_starts_nothing(qtbot, window, live) -> None:
    view = window.live_view
    window.segment_action.trigger()
    qtbot.keyClicks(view.note_edit, "abc")
    qtbot.keyClick(view.note_edit, Qt.Key.Key_Escape)
    window.segment_action.trigger()
    qtbot.keyClick(view.note_edit, Qt.Key.Key_Return)
    assert stored_segments(window, live) == []
    assert view.segments.empty.isVisible()


def test_stop_ends_the_running_segment_and_review_shows_it(qtbot, window, live, tmp_path) -> None:
    enter(qtbot, window, "gmv 1000")
    start(qtbot, window, "讲解 商品B")
    enter(qtbot, window, "gmv 9000 v 300")
    with qtbot.waitSignal(live.stopped, timeout=10_000):
        window.stop_session()
    (seg,) = stored_segments(window, live)
    assert seg.end_ms is not None
    assert not window.live_view.segments.ranked_names()[0].endswith("●")
    stages = []
    window.ctx.tasks._progress.connect(lambda _id, f, stage: stages.append((f, stage)))
    with qtbot.waitSignal(window.reviewOpened, timeout=10_000) as opened:
        window.open_review(live.info.id)
    review = opened.args[0]
    # Loading ran off the GUI thread and said how far along it was.
    assert stages[0] == (0.0, "samples") and stages[-1] == (1.0, "done")
    assert not window.load_progress.isVisible()
    assert review.segments.ranked_names() == ["讲解 商品B"]
    assert float(review.segments.rows[0].gmv) == 8000
    # The panel's button opens the export dialog on the clip list.
    review.segments.export.click()
    dlg = window._export_dialog
    assert dlg.format.currentData() == "clips"
    target = tmp_path / "clips.csv"
    dlg.path.setText(str(target))
    with qtbot.waitSignal(dlg.finished_export, timeout=10_000):
        dlg.buttons.accepted.emit()
    rows = list(csv.DictReader(io.StringIO(target.read_text("utf-8-sig"))))
    assert rows[0]["segment"] == "讲解 商品B" and rows[0]["gmv"] == "8000.0"


def test_shortcuts_while_typing_and_focus_after_the_prompt(qtbot, window, live) -> None:
    view = window.live_view
    window.focus_entry()
    edit = view.entry.edit
    qtbot.keyClicks(edit, "v 12")
    # Bare S would type into the line; Ctrl+Shift+S starts a segment from there.
    qtbot.keyClick(
        edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert view.note_edit.isVisible() and view.note_edit.hasFocus()
    assert edit.text() == "v 12"
    view.note_edit.insert("开场")
    qtbot.keyClick(view.note_edit, Qt.Key.Key_Return)
    # Back where the operator was typing, text intact.
    assert edit.hasFocus() and edit.text() == "v 12"
    qtbot.keyClick(edit, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert view.note_edit.isVisible()
    qtbot.keyClick(view.note_edit, Qt.Key.Key_Escape)
    assert edit.hasFocus()
    qtbot.keyClick(
        edit, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    (seg,) = stored_segments(window, live)
    assert seg.name == "开场" and seg.end_ms is not None
    window.ctx.writer.flush()
    assert [e.kind for e in window.ctx.repo.load_events(live.info.id)].count("highlight") == 1


def test_a_segment_left_running_by_a_crash_counts_to_the_last_sample(qtbot, window) -> None:
    from app.core.metrics import Sample
    from app.core.segments import Segment, segment_record

    repo, writer = window.ctx.repo, window.ctx.writer
    t0 = 1_795_000_000_000
    info = repo.create_session(repo.get_or_create_streamer("断电主播"), "", t0, 480)
    src = repo.add_source(info.id, "keyboard", "Keyboard")
    writer.write_samples(
        info.id, src.id, [Sample(t0 + m * 60_000, {"gmv": m * 100_000}) for m in range(11)]
    )
    writer.write_event(info.id, segment_record(Segment("s1", "讲解 商品C", t0 + 120_000)))
    writer.flush()  # the session is never ended: as a crash would leave it
    with qtbot.waitSignal(window.reviewOpened, timeout=10_000) as opened:
        window.open_review(info.id)
    (st,) = opened.args[0].segments.rows
    assert st.duration_s == 480
    assert float(st.gmv) == 8000  # ¥10,000 at 10 min − ¥2,000 at 2 min
