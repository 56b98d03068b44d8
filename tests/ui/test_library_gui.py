"""The session library: the database searches, filters, sorts and pages; the
table renames, trashes (with undo), restores, empties the trash and is driven
from the keyboard. Real SQLite, sessions stored with app.storage.bulk."""

from datetime import date, datetime, timedelta, timezone

import pytest
from PySide6.QtCore import QDate, QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from app.core.session import ScheduleSlot, SessionDetail, SessionStatus, SessionSummary
from app.storage.bulk import NewSession, insert_session, insert_summaries
from app.ui.library.library import LibraryView, quick_range

pytestmark = pytest.mark.gui

CST = timezone(timedelta(hours=8))
CTRL = Qt.KeyboardModifier.ControlModifier


def at(y: int, mo: int, d: int, h: int = 20, mi: int = 0) -> int:
    return int(datetime(y, mo, d, h, mi, tzinfo=CST).timestamp() * 1000)


def new(name, started, gmv_yuan, title="", **kw) -> NewSession:
    return NewSession(
        streamer=name,
        title=title,
        started_ms=started,
        utc_offset_min=480,
        ended_ms=started + 3_600_000,
        summary=SessionSummary(duration_s=3600, gmv_fen=gmv_yuan * 100),
        detail=kw.pop("detail", SessionDetail.SUMMARY),
        **kw,
    )


def add(repo, *args, **kw):
    return insert_session(repo, new(*args, **kw))


@pytest.fixture
def tasks(qtbot):
    from app.runtime.tasks import TaskRunner

    runner = TaskRunner()
    yield runner
    runner.wait(5_000)
    runner.forget_pending()


@pytest.fixture
def view(qtbot, repo, tasks) -> LibraryView:
    v = LibraryView(repo, tasks)
    qtbot.addWidget(v)
    v.resize(1280, 600)
    v.show()
    qtbot.waitExposed(v)
    return v


def load(qtbot, view) -> None:
    with qtbot.waitSignal(view.pageShown, timeout=5_000):
        view.refresh()


def ids(view) -> list[int]:
    return [s.id for s in view.model.sessions]


def cell(view, session_id: int, column: str) -> str:
    m = view.model
    return m.index(m.row_of(session_id), m.COLUMNS.index(column)).data()


@pytest.fixture
def three(repo):
    a = add(repo, "小杨", at(2026, 11, 1), 1000, "早场 美妆", platform="douyin")
    b = add(repo, "小杨", at(2026, 11, 2), 3000, "晚场", platform="douyin", tags=("爆款",))
    c = add(repo, "Ann", at(2026, 11, 3), 2000, "Night show", platform="twitch")
    return a, b, c


def test_search_finds_streamer_title_and_tag(qtbot, view, three) -> None:
    a, b, c = three
    load(qtbot, view)
    assert ids(view) == [c.id, b.id, a.id]
    for text, expected in (("小杨", [b.id, a.id]), ("night", [c.id]), ("爆款", [b.id])):
        view.search.setText(text)  # debounced: one query once typing pauses
        qtbot.waitUntil(lambda e=expected: ids(view) == e, timeout=3_000)
    view.search.setText("nobody")
    qtbot.waitUntil(lambda: ids(view) == [], timeout=3_000)
    assert view.empty.isVisible() and view.empty.text() == "No sessions match these filters."


def test_platform_status_and_date_filters(qtbot, view, three) -> None:
    _a, b, c = three
    load(qtbot, view)
    qtbot.waitUntil(lambda: view.platform.count() == 3, timeout=3_000)
    view.platform.setCurrentIndex(view.platform.findData("twitch"))
    qtbot.waitUntil(lambda: ids(view) == [c.id], timeout=3_000)
    view.platform.setCurrentIndex(0)
    view.status.setCurrentIndex(view.status.findData(SessionStatus.LIVE))
    qtbot.waitUntil(lambda: ids(view) == [], timeout=3_000)
    view.status.setCurrentIndex(0)
    view.range.setCurrentIndex(view.range.findData("custom"))
    view.date_from.setDate(QDate(2026, 11, 2))
    view.date_to.setDate(QDate(2026, 11, 2))
    qtbot.waitUntil(lambda: ids(view) == [b.id], timeout=3_000)
    assert view.query.day_from == view.query.day_to == 20261102


def test_quick_date_ranges() -> None:
    today = date(2026, 3, 10)
    assert quick_range("7d", today) == (date(2026, 3, 4), today)
    assert quick_range("month", today) == (date(2026, 3, 1), date(2026, 3, 31))
    assert quick_range("last_month", today) == (date(2026, 2, 1), date(2026, 2, 28))
    assert quick_range("last_month", date(2026, 1, 5)) == (date(2025, 12, 1), date(2025, 12, 31))


def test_header_clicks_sort_the_whole_library(qtbot, view, three) -> None:
    a, b, c = three
    load(qtbot, view)
    header = view.table.horizontalHeader()
    gmv = view.model.COLUMNS.index("gmv")
    header.sectionClicked.emit(gmv)
    qtbot.waitUntil(lambda: ids(view) == [b.id, c.id, a.id], timeout=3_000)
    assert (view.query.sort, view.query.descending) == ("gmv", True)
    header.sectionClicked.emit(gmv)
    qtbot.waitUntil(lambda: ids(view) == [a.id, c.id, b.id], timeout=3_000)
    header.sectionClicked.emit(view.model.COLUMNS.index("streamer"))  # names A→Z first
    qtbot.waitUntil(lambda: ids(view)[0] == c.id, timeout=3_000)
    header.sectionClicked.emit(view.model.COLUMNS.index("notes"))  # not a sort column
    assert view.query.sort == "streamer"
    assert header.sortIndicatorSection() == view.model.COLUMNS.index("streamer")


def test_pages_of_200_with_counts(qtbot, view, repo) -> None:
    insert_summaries(
        repo, [new(f"主播{i % 7}", at(2026, 1, 1) + i * 60_000, i) for i in range(450)]
    )
    load(qtbot, view)
    assert len(view.model.sessions) == 200
    assert view.page_label.text() == "1–200 of 450"
    assert not view.prev_button.isEnabled() and view.next_button.isEnabled()
    first_page = ids(view)
    widths = [view.table.columnWidth(i) for i in range(view.model.columnCount())]
    view.next_button.click()
    qtbot.waitUntil(lambda: view.page_label.text() == "201–400 of 450", timeout=3_000)
    assert not set(ids(view)) & set(first_page)
    view.next_button.click()
    qtbot.waitUntil(lambda: view.page_label.text() == "401–450 of 450", timeout=3_000)
    assert len(view.model.sessions) == 50 and not view.next_button.isEnabled()
    assert [view.table.columnWidth(i) for i in range(view.model.columnCount())] == widths


def test_a_newer_query_overtakes_a_waiting_one(qtbot, view, three) -> None:
    _a, _b, c = three
    shown = []
    view.pageShown.connect(lambda: shown.append(ids(view)))
    view.refresh()
    view.search.setText("小杨")
    view._filters_changed()  # no pause: asked while the first read runs
    view.search.setText("Ann")
    view._filters_changed()
    qtbot.waitUntil(lambda: shown == [[c.id]], timeout=3_000)
    qtbot.wait(50)
    assert shown == [[c.id]], "only the newest question's answer reached the screen"


def test_punctuality_and_the_summary_only_marker(qtbot, view, repo) -> None:
    repo.create_streamer("准点", schedule=(ScheduleSlot(None, 20 * 60, 480),))
    late = add(repo, "准点", at(2026, 5, 1, 20, 12), 100)
    early = add(repo, "准点", at(2026, 5, 2, 19, 57), 100, detail=SessionDetail.FULL)
    exact = add(repo, "准点", at(2026, 5, 3, 20, 0), 100)
    unplanned = add(repo, "随缘", at(2026, 5, 3, 21, 0), 100)
    load(qtbot, view)
    assert cell(view, late.id, "late") == "12 min late"
    assert cell(view, early.id, "late") == "3 min early"
    assert cell(view, exact.id, "late") == "on time"
    assert cell(view, unplanned.id, "late") == ""
    assert cell(view, late.id, "detail") == "Σ" and cell(view, early.id, "detail") == ""
    m = view.model
    tip = m.index(m.row_of(late.id), m.COLUMNS.index("late")).data(Qt.ItemDataRole.ToolTipRole)
    from datetime import time

    from app.config.formatting import format_clock

    assert tip == f"Planned {format_clock(time(20, 0))}, started {format_clock(time(20, 12))}"


def test_f2_renames_the_title_in_place(qtbot, view, repo, three) -> None:
    _a, b, _c = three
    load(qtbot, view)
    view.select_ids([b.id])
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == "晚场"
    editor.selectAll()
    editor.insert("晚场 返场")  # QTest types Latin-1 only
    with qtbot.waitSignal(view.sessionChanged, timeout=3_000) as stored:
        qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next turn
    assert stored.args[0].title == "晚场 返场"
    assert cell(view, b.id, "title") == "晚场 返场"
    assert repo.get_session(b.id).title == "晚场 返场"


def test_delete_undo_trash_restore_and_empty(qtbot, view, repo, three) -> None:
    a, b, c = three
    load(qtbot, view)
    view.select_ids([b.id, c.id])
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: ids(view) == [a.id], timeout=3_000)
    assert view.undo_bar.isVisible() and "2 sessions" in view.undo_text.text()
    view.undo_button.click()
    qtbot.waitUntil(lambda: ids(view) == [c.id, b.id, a.id], timeout=3_000)
    assert not view.undo_bar.isVisible()
    assert view.selected_ids() == [c.id, b.id], "what came back is selected"

    view.select_ids([a.id])
    view.trash_selected()
    qtbot.waitUntil(lambda: ids(view) == [c.id, b.id], timeout=3_000)
    view.trash_toggle.click()
    qtbot.waitUntil(lambda: ids(view) == [a.id], timeout=3_000)
    assert not view.table.isColumnHidden(view.model.COLUMNS.index("deleted"))
    view.select_ids([a.id])
    view.restore_button.click()
    qtbot.waitUntil(lambda: ids(view) == [], timeout=3_000)
    assert view.empty.text() == "The trash is empty."
    assert repo.get_session(a.id).deleted_ms is None

    repo.trash_sessions([c.id])
    load(qtbot, view)
    view.empty_trash_button.click()
    box = view._empty_box
    assert "cannot be undone" in box.text()
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: view.state.text() == "Removed 1 session for good.", timeout=3_000)
    assert ids(view) == []
    assert [s.id for s in repo.list_sessions()] == [b.id, a.id]


def test_the_keyboard_drives_the_table(qtbot, view, three) -> None:
    a, b, c = three
    load(qtbot, view)
    view.activateWindow()
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_F, CTRL)
    assert view.search.hasFocus()
    qtbot.keyClick(view.search, Qt.Key.Key_Down)  # from the search box to the first row
    assert view.table.hasFocus() and view.selected_ids() == [c.id]
    qtbot.keyClick(view.table, Qt.Key.Key_Down)
    assert view.selected_ids() == [b.id]
    with qtbot.waitSignal(view.openRequested, timeout=1_000) as opened:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert opened.args == [b.id]
    qtbot.keyClick(view.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert view.selected_ids() == [b.id, a.id]


def test_compare_needs_two_to_five_selected(qtbot, view, three) -> None:
    a, _b, c = three
    load(qtbot, view)
    view.select_ids([a.id])
    assert not view.compare_button.isEnabled()
    view.select_ids([a.id, c.id])
    assert view.compare_button.isEnabled()
    with qtbot.waitSignal(view.compareRequested, timeout=1_000) as asked:
        view.compare_button.click()
    assert asked.args == [[c.id, a.id]]
    view.table.setFocus()
    with qtbot.waitSignal(view.compareRequested, timeout=1_000) as asked:
        qtbot.keyClick(
            view.table,
            Qt.Key.Key_C,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    assert asked.args == [[c.id, a.id]], "Ctrl+Shift+C compares the selection"


def test_compare_and_open_from_the_window(qtbot, window) -> None:
    repo = window.ctx.repo
    a = add(repo, "小杨", at(2026, 11, 1), 1000, "早场")
    b = add(repo, "小杨", at(2026, 11, 2), 3000, "晚场")
    lib = window.library
    window.show_library()
    qtbot.waitUntil(lambda: ids(lib) == [b.id, a.id], timeout=5_000)
    assert lib.compare_button.isEnabled() is False
    lib.select_ids([a.id, b.id])
    assert lib.compare_button.isEnabled(), "compare is wired in this build"
    with qtbot.waitSignal(window.compareOpened, timeout=10_000) as opened:
        lib.compare_button.click()
    compare = opened.args[0]
    assert window.tabs.currentWidget() is compare
    assert [s.info.id for s in compare.comparison.sessions] == [b.id, a.id]


def test_ctrl_z_in_the_window_puts_trashed_sessions_back(qtbot, window) -> None:
    a = add(window.ctx.repo, "小杨", at(2026, 11, 1), 1000)
    lib = window.library
    window.show_library()
    qtbot.waitUntil(lambda: ids(lib) == [a.id], timeout=5_000)
    lib.select_ids([a.id])
    lib.trash_selected()
    qtbot.waitUntil(lambda: ids(lib) == [] and lib.undo_bar.isVisible(), timeout=5_000)
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: ids(lib) == [a.id], timeout=5_000)
    assert window.ctx.repo.get_session(a.id).deleted_ms is None


def test_nothing_overlaps_at_1280x720(qtbot, window) -> None:
    insert_summaries(
        window.ctx.repo,
        [new("很长的主播名字 Streamer Name", at(2026, 11, 1), 123_456_789, "标题" * 30)],
    )
    window.resize(1280, 720)
    window.show_library()
    lib = window.library
    qtbot.waitUntil(lambda: len(lib.model.sessions) == 1, timeout=5_000)
    QApplication.processEvents()
    assert window.width() == 1280 and window.minimumSizeHint().width() <= 1024
    rows = [
        [lib.search, lib.range, lib.date_from, lib.date_to, lib.platform, lib.status],
        [lib.open_button, lib.compare_button, lib.rename_button, lib.delete_button],
        [lib.import_button, lib.state, lib.page_label, lib.prev_button, lib.next_button],
    ]
    shown = [w for row in rows for w in row] + [lib.trash_toggle, lib.refresh_button, lib.table]
    boxes = [(w, QRect(w.mapTo(window, QPoint(0, 0)), w.size())) for w in shown]
    for w, box in boxes:
        assert w.isVisible() and window.rect().contains(box), w
    for i, (w1, b1) in enumerate(boxes):
        for w2, b2 in boxes[i + 1 :]:
            assert not b1.intersects(b2), (w1, w2)


def test_the_window_tidies_the_library_off_the_gui_thread(qtbot, window) -> None:
    """Figures of sessions stored before schema 0004 are recomputed once the
    window is up, with progress in the status bar, not before it opens."""
    import numpy as np

    from app.core.columns import Column, SessionColumns, SourceColumns
    from app.storage.bulk import NewSession, insert_session

    repo = window.ctx.repo
    start = at(2026, 11, 1)
    t = start + np.arange(1, 61, dtype=np.int64) * 1000
    cols = SessionColumns((SourceColumns("http", {"orders": Column(t, np.arange(60))}),))
    old = insert_session(
        repo,
        NewSession(
            "小杨", "早场", start, 480, int(t[-1]), SessionSummary(duration_s=60), columns=cols
        ),
    )
    with repo.db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE live_sessions SET summary_version = 0")
    window.tidy_library()
    qtbot.waitUntil(
        lambda: "Library updated" in window.statusBar().currentMessage(), timeout=10_000
    )
    with repo.db.engine.connect() as conn:
        (version,) = conn.exec_driver_sql(
            f"SELECT summary_version FROM live_sessions WHERE id = {old.id}"
        ).one()
    assert version >= 1
    assert repo.get_session(old.id).summary.orders == 59


def test_a_refused_rename_puts_the_old_title_back(qtbot, view, repo, three) -> None:
    """The database refuses it (here an SQLite trigger; on a team server,
    another operator's session): the cell shows the stored title again."""
    _a, b, _c = three
    load(qtbot, view)
    with repo.db.engine.begin() as conn:
        conn.exec_driver_sql(
            "CREATE TRIGGER no_rename BEFORE UPDATE OF title ON live_sessions "
            "BEGIN SELECT RAISE(ABORT, 'not yours'); END"
        )
    view.select_ids([b.id])
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    editor.insert("改名")
    with qtbot.waitSignal(view.errorOccurred, timeout=3_000):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert cell(view, b.id, "title") == "晚场"
    assert repo.get_session(b.id).title == "晚场"
