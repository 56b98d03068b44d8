"""The import dialog on a real database: a CSV minute export mapped in the
preview (a column changed to per-minute, the problem cells marked, their rows
left out only when asked) and stored; a Genbo JSON export imported, refused
the second time, then imported as a copy; everything on a 1280×720 screen."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QPoint, QRect
from PySide6.QtWidgets import QApplication, QWidget

from app.exports import export
from app.runtime.tasks import TaskRunner
from app.session.review import load_export_input
from app.storage.repository import Repository
from app.ui.dialogs.import_dialog import ImportDialog
from app.ui.widgets.style import tone
from tests.session.test_import import MINUTE_CSV, awkward_session

pytestmark = pytest.mark.gui


@pytest.fixture
def tasks() -> Iterator[TaskRunner]:
    runner = TaskRunner()
    yield runner
    runner.wait()


def open_dialog(qtbot, repo: Repository, tasks: TaskRunner) -> ImportDialog:
    dlg = ImportDialog(repo, tasks)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    return dlg


def load(qtbot, dlg: ImportDialog, path: Path, csv: bool = True) -> None:
    """Read `path`; a CSV is read again with the dialog's choices (its date)."""
    if not csv:
        with qtbot.waitSignal(dlg.loaded, timeout=10_000):
            dlg.load(path)
        return
    with qtbot.waitSignals([dlg.loaded, dlg.previewUpdated], order="strict", timeout=10_000):
        dlg.load(path)


def choose(qtbot, dlg: ImportDialog, column: int, value: str) -> None:
    combo = dlg._combos[column]
    with qtbot.waitSignal(dlg.previewUpdated, timeout=10_000):
        combo.setCurrentIndex(combo.findData(value))


def test_a_csv_is_mapped_in_the_preview_and_imported(qtbot, repo, tasks, tmp_path) -> None:
    path = tmp_path / "分钟数据.csv"
    path.write_bytes(MINUTE_CSV.encode("gb18030"))
    dlg = open_dialog(qtbot, repo, tasks)
    dlg.offset.setCurrentIndex(dlg.offset.findData(480))
    load(qtbot, dlg, path)
    assert dlg.csv_box.isVisible()
    assert "gb18030" in dlg.summary.text()
    # The guesses, one combo per column.
    assert [c.currentData() for c in dlg._combos] == [
        "time", "viewers", "gmv:per-minute", "orders:per-minute", "new_followers:per-minute",
        "dwell_seconds", "ignore",
    ]  # fmt: skip
    assert dlg.table.item(1, 2).text() == "¥1,234.50"
    assert "“成交金额(元)” goes down in places" in dlg.notes.text()  # why per-minute was guessed
    assert dlg.title_edit.text() == "分钟数据"
    assert not dlg.import_button.isEnabled()  # no streamer yet
    dlg.streamer.setCurrentText("小杨")
    assert dlg.import_button.isEnabled()
    # Followers as a running total instead: the preview follows.
    choose(qtbot, dlg, 4, "new_followers")
    assert dlg.mapping.columns[4].per_minute is False
    # Two columns cannot be one metric: choosing GMV for orders' column clears GMV's.
    choose(qtbot, dlg, 3, "gmv:per-minute")
    assert dlg._combos[2].currentData() == "ignore"
    choose(qtbot, dlg, 2, "gmv:per-minute")
    assert dlg._combos[3].currentData() == "ignore"
    choose(qtbot, dlg, 3, "orders:per-minute")

    with qtbot.waitSignal(dlg.imported, timeout=10_000) as got:
        dlg.import_button.click()
    info = repo.get_session(got.args[0])
    assert info.streamer.name == "小杨" and info.title == "分钟数据"
    series = repo.load_columns(info.id).sources[0].series
    assert series["gmv"].raw.tolist() == [123450, 123457, 123580246, 127080246]
    assert series["new_followers"].raw.tolist() == [5, 2, 0, 1]  # as given: running totals
    assert "Imported as session" in dlg.message.text()
    assert not dlg.import_button.isEnabled()  # once is enough


def test_problem_cells_are_marked_and_their_rows_left_out_only_when_asked(
    qtbot, repo, tasks, tmp_path
) -> None:
    path = tmp_path / "clock.csv"
    path.write_text("时间,在线人数,成交金额(元)\n20:00,100,0\n20:01,很多,10\n20:02,120,12.345\n",
                    "utf-8")  # fmt: skip
    dlg = open_dialog(qtbot, repo, tasks)
    dlg.day.setDate(QDate(2026, 11, 11))
    load(qtbot, dlg, path)
    assert dlg.time_mode.currentData() == "clock" and dlg.day.isEnabled()
    bad = dlg.table.item(2, 1)
    assert bad.text() == "很多" and bad.background().color() == tone("problem_bg")
    assert "not a number" in bad.toolTip()
    assert dlg.table.item(3, 2).toolTip() == "money has at most two decimals (fen)"
    assert dlg.table.item(1, 1).background().color() != tone("problem_bg")
    assert dlg.problems.count() == 2 and "Row 3" in dlg.problems.item(0).text()
    assert "Cells that cannot be read: 2." in dlg.problems_label.text()
    dlg.streamer.setCurrentText("阿珍")
    assert not dlg.import_button.isEnabled()  # nothing is stored while they remain
    assert dlg.skip.isVisible() and "(2)" in dlg.skip.text()
    dlg.skip.setChecked(True)
    assert dlg.import_button.isEnabled()
    with qtbot.waitSignal(dlg.imported, timeout=10_000) as got:
        dlg.import_button.click()
    cols = repo.load_columns(got.args[0])
    assert cols.sources[0].series["viewers"].raw.tolist() == [100]
    assert repo.source_configs(got.args[0])[0][1]["skipped_rows"] == [3, 4]


def test_a_json_export_imports_then_is_refused_then_copied(qtbot, repo, tasks, tmp_path) -> None:
    from app.storage.database import open_database, sqlite_url

    other = open_database(sqlite_url(tmp_path / "other.db"))
    try:
        source = Repository(other)
        sid = awkward_session(source)
        path = tmp_path / "session.json"
        export("json", load_export_input(source, sid, True)).save(path)
    finally:
        other.dispose()
    dlg = open_dialog(qtbot, repo, tasks)
    load(qtbot, dlg, path, csv=False)
    assert not dlg.csv_box.isVisible()
    text = dlg.summary.text()
    assert "小杨 Yang" in text and "双11 专场 · 夜" in text and "63 samples" in text
    from datetime import datetime

    from app.config.formatting import format_datetime

    assert format_datetime(datetime(2026, 11, 11, 20, 0)) in text
    assert dlg.streamer.currentText() == "小杨 Yang" and dlg.import_button.isEnabled()
    with qtbot.waitSignal(dlg.imported, timeout=10_000) as first:
        dlg.import_button.click()
    assert repo.get_session(first.args[0]).notes.startswith("开场慢")

    dlg2 = open_dialog(qtbot, repo, tasks)
    load(qtbot, dlg2, path, csv=False)
    dlg2.import_button.click()
    qtbot.waitUntil(lambda: dlg2.copy_button.isVisible(), timeout=10_000)
    assert f"session {first.args[0]}" in dlg2.message.text()
    assert "Import it as a copy" in dlg2.message.text()
    assert len(repo.list_sessions()) == 1  # nothing lost, nothing added
    with qtbot.waitSignal(dlg2.imported, timeout=10_000) as copy:
        dlg2.copy_button.click()
    assert copy.args[0] != first.args[0]
    assert repo.get_session(copy.args[0]).uid != repo.get_session(first.args[0]).uid


def test_a_file_that_cannot_be_read_says_why(qtbot, repo, tasks, tmp_path) -> None:
    path = tmp_path / "x.json"
    path.write_text('{"format": "other"}', "utf-8")
    dlg = open_dialog(qtbot, repo, tasks)
    load(qtbot, dlg, path, csv=False)
    assert "not a Genbo session export" in dlg.message.text()
    assert not dlg.import_button.isEnabled()
    path = tmp_path / "nothing.csv"
    path.write_text("foo,bar\n1,2\n", "utf-8")
    load(qtbot, dlg, path)
    assert "no time column" in dlg.problems_label.text() and "1: foo" in dlg.problems_label.text()
    assert not dlg.import_button.isEnabled()


def _rect(top: QWidget, w: QWidget) -> QRect:
    return QRect(w.mapTo(top, QPoint(0, 0)), w.size())


def test_the_dialog_fits_a_laptop_screen(qtbot, repo, tasks, tmp_path) -> None:
    path = tmp_path / "wide.csv"
    header = ["时间", "在线人数", "成交金额(元)", "成交订单数", "新增粉丝", "人均停留时长(秒)",
              "累计观看人数", "观看次数", "点赞", "评论", "商品点击", "投流消耗(元)"]  # fmt: skip
    rows = [",".join([f"2026-11-11 20:{m:02d}"] + [str(m * 7 + i) for i in range(11)])
            for m in range(60)]  # fmt: skip
    path.write_text(",".join(header) + "\n" + "\n".join(rows) + "\n", "utf-8")
    dlg = open_dialog(qtbot, repo, tasks)
    dlg.resize(1280, 720)
    load(qtbot, dlg, path)
    dlg.resize(dlg.size().boundedTo(dlg.screen().availableSize()))
    QApplication.processEvents()
    assert dlg.minimumSizeHint().width() <= 1280 and dlg.minimumSizeHint().height() <= 720
    assert dlg.width() <= 1280 and dlg.height() <= 720
    inside = QRect(0, 0, dlg.width(), dlg.height())
    for w in (dlg.import_button, dlg.table, dlg.streamer, dlg.title_edit, dlg.offset):
        assert inside.contains(_rect(dlg, w)), w
    assert dlg.table.height() > 150  # the preview keeps room to be read


def test_only_the_newest_file_chosen_is_shown_and_imported(qtbot, repo, tasks, tmp_path) -> None:
    """A file read that finishes after another file was chosen is dropped: the
    dialog never shows (or imports) a file other than the one it names."""
    first = tmp_path / "first.csv"
    first.write_bytes(MINUTE_CSV.encode("gb18030"))
    second = tmp_path / "nothing.csv"
    second.write_text("a,b\n1,2\n", encoding="utf-8")
    dlg = open_dialog(qtbot, repo, tasks)
    dlg.load(first)
    with qtbot.waitSignal(dlg.loaded, timeout=10_000):
        dlg.load(second)  # chosen before the first read answered
    qtbot.wait(300)  # the first read's reply, if it came late, is dropped
    assert dlg.path.text() == str(second)
    assert dlg.plan is None or dlg.plan.path == second
    assert "first" not in dlg.title_edit.text()


def test_an_emergency_file_goes_back_into_a_session_made_anew(qtbot, repo, tasks, tmp_path) -> None:
    from tests.disks import make_emergency_file

    path, times = make_emergency_file(tmp_path)
    dlg = open_dialog(qtbot, repo, tasks)
    load(qtbot, dlg, path, csv=False)
    assert "Emergency file: 120 samples" in dlg.summary.text()
    assert "应急主播" in dlg.summary.text()
    assert not dlg.csv_box.isVisible() and dlg.import_button.isEnabled()
    with qtbot.waitSignal(dlg.imported, timeout=10_000) as done:
        dlg.import_button.click()
    info = repo.get_session(done.args[0])
    assert (info.streamer.name, info.title) == ("应急主播", "断电夜")
    assert repo.sample_count(info.id) == len(times)
