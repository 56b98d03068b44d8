"""Milestones and highlights in the window, with real key presses."""

import time

import pytest
from PySide6.QtCore import Qt

from app.core.highlights import highlight_from_record
from tests.ui.helpers import enter, stored_events

pytestmark = pytest.mark.gui


def stored_highlights(window, live):
    return stored_events(window, live, "highlight", highlight_from_record)


def test_breaking_a_million_raises_the_big_banner_at_once(qtbot, window, live) -> None:
    view = window.live_view
    enter(qtbot, window, "gmv 1000")  # the first reading only sets the level
    enter(qtbot, window, "gmv 99万")
    t0 = time.monotonic()
    enter(qtbot, window, "gmv 101万")
    assert view.banner.isVisible()
    assert time.monotonic() - t0 < 0.5
    assert view.banner.property("major") is True
    assert "GMV passed ¥100万" in view.banner.text.text()
    assert any("GMV passed ¥100万" in t for t in view.feed.texts())
    # Every step up to it fired once (10万, 50万 with the first line, 100万 now).
    texts = [t for t in view.feed.texts() if "GMV passed" in t]
    assert len(texts) == 3
    # It became a highlight, listed and marked on the plots.
    hs = stored_highlights(window, live)
    assert [h.title for h in hs if h.major] == ["GMV passed ¥100万"]
    assert view.highlights.table.rowCount() == 3
    assert len(view.plots._marker_lines) == 3 * len(view.plots.plot_items)


def test_h_marks_a_moment_and_the_note_goes_right_after(qtbot, window, live) -> None:
    view = window.live_view
    window.live_view.settings.reaction_lag_s = 2.0
    before = live.recorder.session_now_ms()
    window.mark_action.trigger()
    assert view.note_edit.isVisible()
    qtbot.keyClicks(view.note_edit, "great pitch #A1 #replay")
    qtbot.keyClick(view.note_edit, Qt.Key.Key_Return)
    assert not view.note_edit.isVisible()
    (h,) = stored_highlights(window, live)
    assert h.title == "great pitch"
    assert h.tags == ("A1", "replay")
    assert h.origin == "manual"
    assert before - 2500 <= h.mark_ms <= before - 1500 or h.mark_ms == live.info.started_ms
    assert view.highlights.table.item(0, 1).text() == "great pitch"
    assert view.highlights.table.item(0, 2).text() == "#A1 #replay"


def test_escape_skips_the_note(qtbot, window, live) -> None:
    view = window.live_view
    view.mark()
    qtbot.keyClick(view.note_edit, Qt.Key.Key_Escape)
    assert not view.note_edit.isVisible()
    (h,) = stored_highlights(window, live)
    assert h.title.startswith("Highlight at")


def test_retitle_move_delete_and_undo(qtbot, window, live) -> None:
    view = window.live_view
    panel = view.highlights
    view.mark("first")
    view.note_edit.hide()
    (h,) = stored_highlights(window, live)
    panel.table.item(0, 1).setText("renamed")
    assert stored_highlights(window, live)[0].title == "renamed"
    panel.table.selectRow(0)
    panel.later.click()
    assert stored_highlights(window, live)[0].mark_ms == h.mark_ms + 5000
    panel.table.selectRow(0)
    panel.delete.click()
    assert stored_highlights(window, live) == []
    assert panel.table.rowCount() == 0
    window.undo_action.trigger()  # Ctrl+Z
    (back,) = stored_highlights(window, live)
    assert back.title == "renamed" and back.mark_ms == h.mark_ms + 5000
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert stored_highlights(window, live)[0].title == "first"
    window.undo_action.trigger()  # undo the mark itself
    assert stored_highlights(window, live) == []
    window.redo_action.trigger()
    assert len(stored_highlights(window, live)) == 1


def test_clicking_a_highlight_moves_the_plots_there(qtbot, window, live) -> None:
    view = window.live_view
    enter(qtbot, window, "v 100")
    h = view.mark("the moment")
    view.note_edit.hide()
    later = h.mark_ms + 600_000  # move it 10 minutes on, so the jump is visible
    view.highlights.table.selectRow(0)
    for _ in range(120):
        view.highlights.later.click()
    assert view.plots.follow
    view.highlights.table.cellClicked.emit(0, 1)
    assert not view.plots.follow
    x0, x1 = view.plots.visible_range()
    t = (later - live.info.started_ms) / 1000
    assert x0 < t < x1
    assert abs((x0 + x1) / 2 - t) < 1


def test_alerts_can_be_switched_off(qtbot, window, live) -> None:
    window.alert_actions["alert_banner"].setChecked(False)
    window.alert_actions["auto_highlights"].setChecked(False)
    enter(qtbot, window, "gmv 1000")
    enter(qtbot, window, "gmv 20万")
    assert not window.live_view.banner.isVisible()
    assert stored_highlights(window, live) == []
    assert any("GMV passed ¥10万" in t for t in window.live_view.feed.texts())


def test_highlights_come_back_in_review_and_can_be_edited(qtbot, window, live) -> None:
    view = window.live_view
    enter(qtbot, window, "gmv 1000")
    enter(qtbot, window, "gmv 12万")
    with qtbot.waitSignal(live.stopped, timeout=10_000):
        window.stop_session()
    with qtbot.waitSignal(window.reviewOpened, timeout=10_000) as opened:
        window.open_review(live.info.id)
    review = opened.args[0]
    assert review.highlights.table.rowCount() == 1
    assert any("GMV passed ¥10万" in t for t in review.feed.texts())
    review.highlights.table.item(0, 1).setText("开场破十万")
    window.ctx.writer.flush()
    titles = [e.label for e in window.ctx.repo.load_events(live.info.id) if e.kind == "highlight"]
    assert titles == ["开场破十万"]
    assert view is not review


def test_export_from_the_window(qtbot, window, live, tmp_path) -> None:
    import pysrt

    enter(qtbot, window, "gmv 1000")
    enter(qtbot, window, "gmv 12万")
    window.live_view.mark("a great moment")
    window.live_view.note_edit.hide()
    window.live_view.export_button.click()
    dlg = window._export_dialog
    assert dlg.isVisible()
    dlg.format.setCurrentIndex(dlg.format.findData("srt"))
    target = tmp_path / "out.srt"
    dlg.path.setText(str(target))
    dlg.offset.setText("soon")
    dlg.buttons.accepted.emit()
    assert "not an offset" in dlg.message.text()
    dlg.offset.setText("+0:01:00")
    stages = []
    window.ctx.tasks._progress.connect(lambda _id, f, stage: stages.append((f, stage)))
    with qtbot.waitSignal(dlg.finished_export, timeout=10_000) as done:
        dlg.buttons.accepted.emit()
    assert done.args[0] is not None
    assert stages[-1] == (1.0, "saving"), "the dialog's bar went the whole way"
    assert not dlg.progress.isVisible()
    subs = pysrt.open(str(target))
    assert {s.text.splitlines()[0] for s in subs} == {"GMV passed ¥10万", "a great moment"}
    assert subs[0].start.ordinal >= 60_000
    assert "Saved" in dlg.message.text()
    # Chapters need three: the dialog says so and writes nothing.
    dlg.format.setCurrentIndex(dlg.format.findData("chapters"))
    chapters = tmp_path / "ch.txt"
    dlg.path.setText(str(chapters))
    with qtbot.waitSignal(dlg.finished_export, timeout=10_000):
        dlg.buttons.accepted.emit()
    assert "at least 3" in dlg.message.text() and not chapters.exists()


def test_a_million_makes_a_moment_card(qtbot, window, live) -> None:
    from PySide6.QtGui import QImage

    view = window.live_view
    enter(qtbot, window, "gmv 99万")
    with qtbot.waitSignal(view.cardSaved, timeout=10_000) as saved:
        enter(qtbot, window, "gmv 101万")
    path = saved.args[0]
    assert path.parent == window.ctx.paths.data_dir / "cards"
    img = QImage(str(path))
    assert (img.width(), img.height()) == (1080, 1350)
    colors = {img.pixelColor(x, y).name() for x in range(0, 1080, 60) for y in range(0, 1350, 60)}
    assert len(colors) > 20, "a real picture, not a blank"
    assert view.banner.card.isVisible()
    assert any("Moment card saved" in t for t in view.feed.texts())
    # Any highlight can have one, one click.
    view.highlights.table.selectRow(0)
    with qtbot.waitSignal(view.cardSaved, timeout=10_000) as again:
        view.highlights.card.click()
    assert again.args[0].exists()


def test_the_banner_has_its_own_row_and_moves_nothing(qtbot, window, live) -> None:
    """Pushing the layout down would resize and re-render every plot at the
    moment a milestone arrives (the GUI stalled 50 ms); floating it over the
    plots covered their readout and titles. It has a fixed row of its own."""
    view = window.live_view
    qtbot.waitUntil(lambda: view.plots.width() > 0, timeout=5_000)
    before = (view.plots.geometry(), view.strip.geometry())
    enter(qtbot, window, "gmv 1000")
    enter(qtbot, window, "gmv 100万")
    qtbot.waitUntil(lambda: view.banner.isVisible(), timeout=5_000)
    assert (view.plots.geometry(), view.strip.geometry()) == before
    assert view.banner.parentWidget() is view.strip
    strip = view.strip.geometry()
    assert strip.bottom() < view.split.geometry().top(), "above the plots, not over them"
    assert view.strip.rect().contains(view.banner.geometry())


def test_the_banner_goes_quiet_after_its_loud_moment(qtbot, window, live) -> None:
    from PySide6.QtTest import QTest

    view = window.live_view
    view.banner.loud_ms = 300
    enter(qtbot, window, "gmv 1000")
    enter(qtbot, window, "gmv 100万")
    qtbot.waitUntil(lambda: view.banner.isVisible(), timeout=5_000)
    assert not view.banner.faded, "loud at first"
    qtbot.waitUntil(lambda: view.banner.faded, timeout=5_000)
    assert view.banner.isVisible(), "still there, in quiet colours"
    QTest.mouseMove(view.banner, view.banner.rect().center())
    qtbot.waitUntil(lambda: not view.banner.faded, timeout=2_000)
    QTest.mouseMove(view.plots, view.plots.rect().bottomLeft())
    qtbot.waitUntil(lambda: view.banner.faded, timeout=2_000)
    enter(qtbot, window, "gmv 500万")  # the next milestone is loud again
    qtbot.waitUntil(lambda: "500万" in view.banner.text.text(), timeout=5_000)
    assert not view.banner.faded


def _highlights(view, live, names: str) -> None:
    """One highlight per letter of `names`, ten seconds apart."""
    from dataclasses import replace

    for i, name in enumerate(names):
        h = view.mark(name)
        view.note_edit.hide()
        live.put_highlight(replace(h, mark_ms=live.info.started_ms + 10_000 * (i + 1)))


def test_the_card_button_says_where_the_card_went_and_opens_it(
    qtbot, window, live, monkeypatch
) -> None:
    from PySide6.QtGui import QDesktopServices

    view = window.live_view
    panel = view.highlights
    view.mark("the moment")
    view.note_edit.hide()
    panel.table.selectRow(0)
    assert not panel.card_box.isVisible()
    with qtbot.waitSignal(view.cardSaved, timeout=10_000) as saved:
        panel.card.click()
    path = saved.args[0]
    assert panel.card_box.isVisible()
    assert path.name in panel.card_status.text()
    assert str(path) in panel.card_status.toolTip()
    opened: list[str] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True
    )
    panel.open_card.click()
    panel.open_folder.click()
    assert opened == [str(path), str(path.parent)]


def test_a_highlights_card_charts_the_run_up(qtbot, window, live) -> None:
    """A highlight has no metric of its own: its card's lower half was empty."""
    from PySide6.QtGui import QImage

    view = window.live_view
    for v in (100, 400, 900, 1600):
        enter(qtbot, window, f"v {v} gmv {v * 10}")
        qtbot.wait(20)
    view.mark("great pitch")
    view.note_edit.hide()
    view.highlights.table.selectRow(0)
    with qtbot.waitSignal(view.cardSaved, timeout=10_000) as saved:
        view.highlights.card.click()
    img = QImage(str(saved.args[0]))
    amber = [
        (x, y)
        for x in range(90, 990, 4)
        for y in range(780, 1180, 4)
        if (c := img.pixelColor(x, y)).red() > 200 and c.green() > 150 and c.blue() < 100
    ]
    assert len(amber) > 50, "the run-up is drawn in the accent colour"


def test_renaming_with_a_tag_makes_it_a_tag(qtbot, window, live) -> None:
    view = window.live_view
    panel = view.highlights
    view.mark("first")
    view.note_edit.hide()
    panel.table.item(0, 1).setText("改名测试 #新标签")
    (h,) = stored_highlights(window, live)
    assert (h.title, h.tags) == ("改名测试", ("新标签",))
    assert panel.table.item(0, 1).text() == "改名测试"
    assert panel.table.item(0, 2).text() == "#新标签"
    window.undo_action.trigger()
    (h,) = stored_highlights(window, live)
    assert (h.title, h.tags) == ("first", ())


def test_after_delete_the_next_highlight_is_selected(qtbot, window, live) -> None:
    """The selection follows the highlight, not the row: moving one past its
    neighbour left the neighbour selected, and Delete then removed the wrong one."""
    view = window.live_view
    panel = view.highlights
    _highlights(view, live, "abcd")
    titles = lambda: [panel.highlight_at(r).title for r in range(panel.table.rowCount())]  # noqa: E731
    assert titles() == ["a", "b", "c", "d"]
    panel.table.selectRow(1)
    for _ in range(3):  # b moves from 0:20 to 0:35, past c
        panel.later.click()
    assert titles() == ["a", "c", "b", "d"]
    assert panel._selected().title == "b", "still the one being moved"
    panel.delete.click()
    assert [h.title for h in stored_highlights(window, live)] == ["a", "c", "d"]
    assert panel._selected().title == "d", "the next one"
    panel.delete.click()
    assert panel._selected().title == "c", "the last one gone: the one before it"
    assert [h.title for h in stored_highlights(window, live)] == ["a", "c"]


def test_joining_a_show_in_progress_is_told_quietly(qtbot, window, live) -> None:
    """Steps already passed at the first reading are the starting level: one
    quiet line, no banner, no alert, no card, no highlight, in review too."""
    from app.ui.view.event_feed import COLORS

    view = window.live_view
    alerts: list[str] = []
    cards: list[object] = []
    view.milestoneAlert.connect(lambda text, _major: alerts.append(text))
    view.cardSaved.connect(cards.append)
    enter(qtbot, window, "v 12345 gmv 123.4万")
    qtbot.wait(300)

    def joined_colours(feed) -> list[str]:
        items = [feed.list.item(i) for i in range(feed.list.count())]
        return [it.foreground().color().name() for it in items if "Joined at" in it.text()]

    assert joined_colours(view.feed) and set(joined_colours(view.feed)) == {COLORS["info"]}
    assert not view.banner.isVisible()
    assert alerts == [] and cards == []
    assert stored_highlights(window, live) == []
    assert "Joined at" in view.strip.quiet.text()
    with qtbot.waitSignal(live.stopped, timeout=10_000):
        window.stop_session()
    with qtbot.waitSignal(window.reviewOpened, timeout=10_000) as opened:
        window.open_review(live.info.id)
    review = opened.args[0]
    assert set(joined_colours(review.feed)) == {COLORS["info"]}


def test_a_cut_off_session_reads_interrupted(qtbot, window, live) -> None:
    """One word for it everywhere: the CLI and the JSON export say "interrupted"."""
    from dataclasses import replace

    from app.core.session import SessionStatus

    enter(qtbot, window, "v 100")
    snapshot = live.recorder.snapshot()
    with qtbot.waitSignal(live.stopped, timeout=10_000):
        window.stop_session()
    with qtbot.waitSignal(window.reviewOpened, timeout=10_000) as opened:
        window.open_review(live.info.id)
    review = opened.args[0]
    cut = replace(review.info, status=SessionStatus.INTERRUPTED)
    review.show_finished(cut, review.plots.series, snapshot)
    assert review.status.text() == "Read-only · Interrupted"


def test_the_event_feed_tells_the_sessions_own_clock(qtbot) -> None:
    """A typed @21:03 is the session's own 21:03; the feed says the same times
    whatever the laptop's zone."""
    from datetime import UTC, datetime

    from app.ui.view.event_feed import EventFeed

    feed = EventFeed()
    qtbot.addWidget(feed)
    t0 = int(datetime(2026, 11, 25, 13, 3, tzinfo=UTC).timestamp() * 1000)
    feed.clear(t0, 480)  # a session in Beijing time
    feed.add(t0 + 30_000, "GMV passed ¥10万")
    from app.config.formatting import format_clock

    clock = format_clock(datetime(2026, 11, 25, 21, 3, 30), seconds=True)
    assert feed.texts() == [f"{clock}  GMV passed ¥10万"]
    assert clock.replace("\u202f", " ") in ("21:03:30", "9:03:30 PM")
    feed.clear(t0, -300)
    feed.add(t0, "x")
    assert feed.texts() == [f"{format_clock(datetime(2026, 11, 25, 8, 3), seconds=True)}  x"]


def test_a_card_without_a_run_up_says_so(qtbot, window, live) -> None:
    """With one reading before the mark the lower half was simply blank."""
    from app.core.series import SeriesSet
    from app.ui.view.moment_card import render_card

    series = SeriesSet(live.info.started_ms)
    img = render_card(live.info, "great pitch", None, None, live.info.started_ms, series, True)

    def lit(y0: int, y1: int) -> int:
        """Pixels unlike the card's background at the left margin of their row
        (the background is a vertical gradient)."""
        return sum(
            img.pixelColor(x, y) != img.pixelColor(20, y)
            for x in range(90, 990, 3)
            for y in range(y0, y1, 3)
        )

    assert lit(1000, 1070) == 0, "below it the card is background"
    assert lit(905, 975) > 100, "the note is written where the chart would be"


def test_the_workbook_and_the_report_from_the_window(qtbot, window, live, tmp_path) -> None:
    """The export dialog also writes the 复盘 workbook and the one-page report;
    each is read back by a reader that is not Qt."""
    import subprocess

    import openpyxl

    enter(qtbot, window, "gmv 1000")
    enter(qtbot, window, "gmv 12万")
    window.live_view.mark("开场爆单")
    window.live_view.note_edit.hide()
    window.live_view.export_button.click()
    dlg = window._export_dialog
    dlg.format.setCurrentIndex(dlg.format.findData("xlsx"))
    assert not dlg.offset.isVisibleTo(dlg), "no video clock in a workbook"
    dlg.path.setText(str(tmp_path / "wrong.pdf"))
    dlg.buttons.accepted.emit()
    assert "ends in “.pdf”" in dlg.message.text() and not (tmp_path / "wrong.pdf").exists()
    dlg.format.setCurrentIndex(dlg.format.findData("srt"))
    assert dlg.offset.isVisibleTo(dlg) and dlg.message.text() == ""
    written = {}
    for fmt, name in (("xlsx", "r.xlsx"), ("report-pdf", "r.pdf"), ("report-png", "r.png")):
        dlg.format.setCurrentIndex(dlg.format.findData(fmt))
        assert dlg.path.text().endswith("." + name.split(".")[1]), "the suggested name fits"
        target = tmp_path / name
        dlg.path.setText(str(target))
        with qtbot.waitSignal(dlg.finished_export, timeout=20_000) as done:
            dlg.buttons.accepted.emit()
        assert done.args[0] is not None, dlg.message.text()
        written[fmt] = target
    book = openpyxl.load_workbook(written["xlsx"])
    assert len(book.sheetnames) >= 4
    text = subprocess.run(
        ["pdftotext", str(written["report-pdf"]), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "庆祝主播" in text and "开场爆单" in text
    assert written["report-png"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
