"""The roster window on a real database: the hand-made January 2026 of
tests/session/test_roster.py, read on the task pool, edited through its dialogs."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import QCoreApplication, QPoint, QRect, Qt, QTranslator
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget

from app.core.roster import LEAP_THRESHOLDS_FEN, GmvBasis
from app.core.session import ScheduleSlot
from app.runtime.tasks import TaskRunner
from app.session.roster import RosterService
from app.storage.repository import Repository
from app.ui.dialogs.streamer import LadderDialog, MonthGmvDialog, StreamerDialog
from app.ui.library.roster import PROGRESS_ROLE, RosterModel, RosterView
from tests.session.test_roster import JAN, WAN, January, build_january

pytestmark = pytest.mark.gui
T50, T200, T500 = LEAP_THRESHOLDS_FEN


@pytest.fixture
def tasks() -> Iterator[TaskRunner]:
    runner = TaskRunner()
    yield runner
    runner.wait()


@pytest.fixture
def january(repo: Repository) -> January:
    return build_january(repo)


def open_roster(qtbot, repo: Repository, tasks: TaskRunner, size=(1280, 640)) -> RosterView:
    service = RosterService(repo, today=lambda: date(2026, 1, 31))
    view = RosterView(service, tasks)
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    with qtbot.waitSignal(view.rosterLoaded, timeout=10_000):
        view.refresh()
    return view


def cell(view: RosterView, name: str, col: str) -> str:
    row = next(k for k, r in enumerate(view.model.rows) if r.streamer.name == name)
    return view.model.index(row, RosterModel.COLUMNS.index(col)).data()


def select(view: RosterView, name: str) -> None:
    view.select(next(r.streamer.id for r in view.model.rows if r.streamer.name == name))
    assert view.selected_row() is not None and view.selected_row().streamer.name == name


def test_the_month_on_screen(qtbot, repo, tasks, january) -> None:
    view = open_roster(qtbot, repo, tasks)
    assert view.roster is not None and view.roster.month == JAN
    assert view.month_label.text() == "2026-01"
    assert sorted(r.streamer.name for r in view.model.rows) == ["小杨", "早班", "阿珍"]
    # 小杨 reached 200万 with the month's last session: 500万 is next, 40% of it.
    assert cell(view, "小杨", "gmv") == "¥200万"
    assert cell(view, "小杨", "basis") == "recorded"
    assert cell(view, "小杨", "next") == "¥500万"
    assert cell(view, "小杨", "progress") == "40%"
    row = next(k for k, r in enumerate(view.model.rows) if r.streamer.name == "小杨")
    progress = view.model.index(row, RosterModel.COLUMNS.index("progress"))
    assert progress.data(PROGRESS_ROLE) == 0.4
    assert cell(view, "小杨", "days_left") == "0"
    assert cell(view, "小杨", "leaps") == "¥50万 2025-12, ¥200万 2026-01*"
    # 阿珍: two sessions recorded, the platform's figure used.
    assert cell(view, "阿珍", "gmv") == "¥62.5万"
    assert cell(view, "阿珍", "basis") == "platform figure"
    tip = view.model.index(
        next(k for k, r in enumerate(view.model.rows) if r.streamer.name == "阿珍"),
        RosterModel.COLUMNS.index("gmv"),
    ).data(Qt.ItemDataRole.ToolTipRole)
    assert "Recorded: ¥300,000.00 in 2 sessions" in tip and "Platform: ¥625,000.00" in tip
    assert cell(view, "早班", "streak") == "3"
    assert cell(view, "小杨", "streak") == "—"
    # The provider's month: 50万 twice (once for the first time), 200万 once, first time.
    tiles = [(t.title.text(), t.value.text(), t.crossed.text()) for t in view.tiles]
    assert tiles == [
        ("¥50万", "1", "2 crossed this month"),
        ("¥200万", "1", "1 crossed this month"),
        ("¥500万", "0", "0 crossed this month"),
    ]
    chart = view.chart
    assert chart.months[0] == 202502 and chart.months[-1] == JAN
    assert [chart.heights(i)[-1] for i in range(3)] == [1, 1, 0]
    assert [chart.heights(i)[-2] for i in range(3)] == [1, 0, 0]  # December: 小杨's first 50万
    assert list(chart.bars[0].opts["height"])[-1] == 1
    chart.crossed_button.click()
    assert [chart.heights(i)[-1] for i in range(3)] == [2, 1, 0]
    assert list(chart.bars[0].opts["height"])[-1] == 2
    assert "crossed" in chart.legend.text() and "¥200万" in chart.legend.text()
    from datetime import date

    from app.config.formatting import format_date

    today = format_date(date(2026, 1, 31))
    assert view.status.text() == f"3 streamers · today {today} · 0 days left after today"


def test_months_go_back_across_the_year_and_forward_again(qtbot, repo, tasks, january) -> None:
    view = open_roster(qtbot, repo, tasks)
    with qtbot.waitSignal(view.rosterLoaded, timeout=10_000) as loaded:
        view.prev_button.click()
    assert loaded.args[0].month == 202512 and view.month_label.text() == "2025-12"
    assert cell(view, "小杨", "gmv") == "¥60万"
    assert cell(view, "小杨", "next") == "¥200万"
    assert view.status.text() == "3 streamers · 2025-12 is over"
    with qtbot.waitSignal(view.rosterLoaded, timeout=10_000) as loaded:
        view.next_button.click()
        view.next_button.click()  # asked while the first read runs: read once more
    assert loaded.args[0].month == 202602
    assert cell(view, "小杨", "gmv") == "¥5万"  # 00:30 on 1 February, Beijing time
    assert view.status.text() == "3 streamers · 2026-02 has not begun"
    with qtbot.waitSignal(view.rosterLoaded, timeout=10_000):
        view.this_month.click()
    assert view.month == JAN
    view.table.setFocus()
    with qtbot.waitSignal(view.rosterLoaded, timeout=10_000) as loaded:
        qtbot.keyClick(view.table, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert loaded.args[0].month == 202512


def test_filter_and_sort_keep_the_selection(qtbot, repo, tasks, january) -> None:
    view = open_roster(qtbot, repo, tasks)
    select(view, "阿珍")
    gmv = RosterModel.COLUMNS.index("gmv")
    view.table.sortByColumn(gmv, Qt.SortOrder.DescendingOrder)
    assert [r.streamer.name for r in view.model.rows] == ["小杨", "阿珍", "早班"]
    assert view.selected_row().streamer.name == "阿珍"
    view.table.sortByColumn(gmv, Qt.SortOrder.AscendingOrder)
    assert view.model.rows[0].streamer.name == "早班"
    assert view.selected_row().streamer.name == "阿珍"
    view.filter.setText("kuai")
    assert [r.streamer.name for r in view.model.rows] == ["阿珍"]
    assert view.selected_row().streamer.name == "阿珍"
    view.filter.setText("")
    assert len(view.model.rows) == 3


def test_add_a_streamer_with_a_daily_and_a_saturday_start(qtbot, repo, tasks, january) -> None:
    view = open_roster(qtbot, repo, tasks)
    changed = []
    view.streamersChanged.connect(lambda: changed.append(True))
    view.add_button.click()
    dialog = view.dialog
    assert isinstance(dialog, StreamerDialog) and dialog.isVisible()
    assert dialog.windowTitle() == "New streamer"
    dialog.name.setText("  新人  主播 ")
    dialog.platform.setCurrentText("douyin")
    dialog.account.setText("dy-77")
    dialog.daily.setChecked(True)
    dialog.daily_time.setTime(dialog.daily_time.time().fromString("06:30", "HH:mm"))
    box, edit = dialog.days[5]
    box.setChecked(True)
    edit.setTime(edit.time().fromString("10:00", "HH:mm"))
    dialog.notes.setPlainText("goes live at dawn")
    with qtbot.waitSignal(view.rosterLoaded, timeout=10_000):
        dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    made = next(r.streamer for r in view.model.rows if r.streamer.name == "新人 主播")
    offset = dialog.offset
    assert made.schedule == (ScheduleSlot(None, 390, offset), ScheduleSlot(5, 600, offset))
    assert (made.platform, made.account_id, made.notes) == ("douyin", "dy-77", "goes live at dawn")
    assert repo.get_streamer(made.id) == made
    assert changed == [True]
    assert view.selected_row().streamer.id == made.id
    assert cell(view, "新人 主播", "gmv") == "¥0"
    assert cell(view, "新人 主播", "streak") == "0"

    # The same name again: refused by the database, the dialog comes back saying so.
    view.add_button.click()
    view.dialog.name.setText("阿珍")
    with qtbot.waitSignal(view.failed, timeout=10_000):
        view.dialog.buttons.button(view.dialog.buttons.StandardButton.Save).click()
    again = view.dialog
    assert isinstance(again, StreamerDialog) and again.isVisible()
    assert again.windowTitle() == "New streamer" and again.name.text() == "阿珍"
    assert "already a streamer named 阿珍" in again.error.text() and again.error.isVisibleTo(again)
    again.reject()


def test_an_empty_name_is_refused_in_the_dialog(qtbot) -> None:
    dialog = StreamerDialog()
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert dialog.isVisible() and dialog.error.text() == "Enter the streamer's name."


def test_edit_keeps_what_is_not_changed(qtbot, repo, tasks, january) -> None:
    view = open_roster(qtbot, repo, tasks)
    select(view, "早班")
    view.edit_button.click()
    dialog = view.dialog
    assert isinstance(dialog, StreamerDialog) and dialog.windowTitle() == "Edit streamer"
    assert dialog.daily.isChecked() and dialog.daily_time.time().toString("HH:mm") == "06:30"
    assert "UTC+08:00" in dialog.zone.text()
    dialog.notes.setPlainText("moved to 07:00 from March")
    dialog.daily_time.setTime(dialog.daily_time.time().fromString("07:00", "HH:mm"))
    with qtbot.waitSignal(view.rosterLoaded, timeout=10_000):
        dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    s = repo.get_streamer(january.zao.id)
    assert s.schedule == (ScheduleSlot(None, 420, 480),)
    assert (s.name, s.platform, s.account_id) == ("早班", "douyin", "dy-2")
    assert s.notes == "moved to 07:00 from March"


def test_type_the_platform_figure_and_clear_it(qtbot, repo, tasks, january) -> None:
    view = open_roster(qtbot, repo, tasks)
    select(view, "早班")
    view.gmv_button.click()
    dialog = view.dialog
    assert isinstance(dialog, MonthGmvDialog)
    assert "早班's GMV for 2026-01" in dialog.findChild(QLabel).text()
    dialog.amount.setText("12.5万")
    assert dialog.echo.text() == "= ¥125,000.00"
    dialog.amount.setText("3.333")
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert dialog.isVisible() and "parts of a fen" in dialog.error.text()
    dialog.amount.setText("12.5万")
    with qtbot.waitSignal(view.rosterLoaded, timeout=10_000):
        dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert cell(view, "早班", "gmv") == "¥12.5万"
    assert cell(view, "早班", "basis") == "platform figure"
    assert view.selected_row().streamer.name == "早班"
    month = next(m for m in repo.month_totals(JAN) if m.streamer_id == january.zao.id)
    assert (month.platform_gmv_fen, month.recorded_gmv_fen) == (125_000_00, 5 * WAN)

    view.gmv_button.click()
    dialog = view.dialog
    assert dialog.amount.text() == "125000.00"
    with qtbot.waitSignal(view.rosterLoaded, timeout=10_000):
        dialog.clear_button.click()
    assert cell(view, "早班", "gmv") == "¥5万"
    assert view.selected_row().standing.basis is GmvBasis.RECORDED


def test_import_the_platform_figures_from_a_month_report(
    qtbot, repo, tasks, january, tmp_path
) -> None:
    view = open_roster(qtbot, repo, tasks)
    report = tmp_path / "月报.csv"
    report.write_text("主播,月份,成交金额(元)\n早班,2026-01,88888.8\n谁,2026-01,1\n", "utf-8-sig")
    with qtbot.waitSignal(view.rosterLoaded, timeout=10_000):
        view.import_month_report(report)
    assert cell(view, "早班", "gmv") == "¥8.89万"
    assert cell(view, "早班", "basis") == "platform (imported)"
    assert "Imported 1 monthly figures" in view.status.text()
    assert "row 3: no streamer '谁'" in view.status.text()
    assert view.import_button.isVisible()


def test_archive_and_bring_back(qtbot, repo, tasks, january) -> None:
    view = open_roster(qtbot, repo, tasks)
    assert not view.archive_button.isEnabled()
    select(view, "早班")
    assert view.archive_button.text() == "Archive"
    with qtbot.waitSignal(view.rosterLoaded, timeout=10_000):
        view.archive_button.click()
    # 早班 had sessions this month: still listed (the month counts her), greyed.
    assert cell(view, "早班", "streamer") == "早班 (archived)"
    select(view, "早班")
    assert view.archive_button.text() == "Unarchive"
    with qtbot.waitSignal(view.rosterLoaded, timeout=10_000):
        view.archive_button.click()
    assert cell(view, "早班", "streamer") == "早班"
    # 老号 (archived, nothing in January) shows only when asked for.
    assert "老号" not in [r.streamer.name for r in view.model.rows]
    with qtbot.waitSignal(view.rosterLoaded, timeout=10_000):
        view.show_archived.setChecked(True)
    assert cell(view, "老号", "streamer") == "老号 (archived)"


def test_a_new_ladder(qtbot, repo, tasks, january) -> None:
    view = open_roster(qtbot, repo, tasks)
    assert view.ladder_label.text() == "Ladder: ¥50万 / ¥200万 / ¥500万"
    view.ladder_button.click()
    dialog = view.dialog
    assert isinstance(dialog, LadderDialog)
    assert dialog.edit.text() == "50万, 200万, 500万"
    dialog.edit.setText("100万，60万")
    with qtbot.waitSignal(view.ladderChanged) as changed, qtbot.waitSignal(view.rosterLoaded):
        dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert changed.args[0] == (60 * WAN, 100 * WAN)
    assert view.ladder_label.text() == "Ladder: ¥60万 / ¥100万"
    assert [t.title.text() for t in view.tiles if t.isVisible()] == ["¥60万", "¥100万"]
    assert cell(view, "阿珍", "next") == "¥100万"
    assert len(view.chart.bars) == 2


def test_a_failed_read_is_said(qtbot, repo, tasks, january) -> None:
    view = open_roster(qtbot, repo, tasks)
    with repo.db.engine.begin() as conn:
        conn.exec_driver_sql("ALTER TABLE streamer_months RENAME TO gone")
    with qtbot.waitSignal(view.failed, timeout=10_000) as failed:
        view.refresh_button.click()
    assert failed.args[0] == "Could not read the roster."
    assert view.status.text().startswith("Could not read the roster.")
    assert len(view.model.rows) == 3, "the last read stays on screen"


# -- fitting a laptop screen, in English and in Chinese ------------------------------------
ZH = {
    "Streamer": "主播", "Platform": "平台", "GMV so far": "本月累计GMV", "Basis": "口径",
    "Sessions": "场次", "Next threshold": "下一档", "Progress": "进度", "Days left": "剩余天数",
    "Needed / day": "日均需达成", "So far / day": "目前日均", "Crosses on": "预计跃迁日",
    "Past leaps": "历史跃迁", "On time": "准点连续", "recorded": "录入场次合计",
    "platform figure": "平台数据", "platform (imported)": "平台数据（导入）",
    "top reached": "已达最高档", "This month": "本月", "Ladder…": "跃迁档位…",
    "Ladder: {steps}": "跃迁档位：{steps}", "Filter by streamer or platform": "按主播或平台筛选",
    "Show archived": "显示已归档", "Add streamer…": "添加主播…", "Edit…": "编辑…",
    "Archive": "归档", "Unarchive": "取消归档", "Platform GMV…": "平台GMV…", "Refresh": "刷新",
    "first time ever": "首次跃迁", "{n} crossed this month": "本月达标 {n} 人",
    "First time ever": "首次跃迁", "Crossed": "达标",
    "crossed": "达标",
    "12 months, streamers ({what}):": "近12个月主播数（{what}）：",
    "{n} streamers · today {today} · {days} days left after today":
        "{n} 位主播 · 今天 {today} · 本月还剩 {days} 天",
    "Reading the roster…": "正在读取主播名单…",
}  # fmt: skip


class Chinese(QTranslator):
    def translate(self, context, source, disambiguation=None, n=-1):
        return ZH.get(source)

    def isEmpty(self) -> bool:
        return False


def rect_in(top: QWidget, w: QWidget) -> QRect:
    return QRect(w.mapTo(top, QPoint(0, 0)), w.size())


def assert_fits(view: RosterView) -> None:
    QApplication.processEvents()
    top = view.rect()
    controls = [
        view.prev_button, view.month_label, view.next_button, view.this_month,
        view.ladder_label, view.ladder_button, view.filter, view.show_archived,
        view.add_button, view.edit_button, view.archive_button, view.gmv_button,
        view.refresh_button, view.chart, view.chart.legend, view.chart.first_button,
        view.chart.crossed_button, *view.tiles, view.table, view.status,
    ]  # fmt: skip
    for w in controls:
        assert w.isVisible(), w
        r = rect_in(view, w)
        assert top.contains(r), (w, r, top)
        if isinstance(w, QPushButton):
            text_w = w.fontMetrics().horizontalAdvance(w.text())
            assert w.width() >= text_w + 8, ("button text cut", w.text())
        if isinstance(w, QLabel) and not w.wordWrap():
            assert w.width() >= w.minimumSizeHint().width(), ("label cut", w.text())
    for a, b in itertools.combinations(controls, 2):
        if a.isAncestorOf(b) or b.isAncestorOf(a):
            continue
        assert not rect_in(view, a).intersects(rect_in(view, b)), (a, b)
    for tile in view.tiles:
        for label in (tile.title, tile.value, tile.sub, tile.crossed):
            assert label.width() >= label.sizeHint().width(), ("tile text cut", label.text())
            assert tile.rect().contains(QRect(label.pos(), label.size()))
    assert view.table.height() >= 200, "room for rows"
    assert view.minimumSizeHint().width() <= 1280


@pytest.mark.parametrize("language", ["en", "zh"])
def test_fits_1280_by_720(qtbot, repo, tasks, january, language) -> None:
    """720 px less the window's title, tool, tab and status bars."""
    translator = Chinese()
    if language == "zh":
        QCoreApplication.installTranslator(translator)
    try:
        view = open_roster(qtbot, repo, tasks, size=(1280, 600))
        if language == "zh":
            assert view.add_button.text() == "添加主播…"
            assert view.tiles[0].crossed.text() == "本月达标 2 人"
        qtbot.waitUntil(lambda: view.size().width() == 1280, timeout=5_000)
        assert_fits(view)
        select(view, "阿珍")
        view._update_buttons()
        assert_fits(view)
    finally:
        QCoreApplication.removeTranslator(translator)


def test_the_chart_counts_streamers_in_whole_numbers(qtbot, repo, tasks, january) -> None:
    view = open_roster(qtbot, repo, tasks)
    ticks = view.chart.plot.getPlotItem().getAxis("left")._tickLevels
    assert ticks and all(float(v).is_integer() for v, _label in ticks[0])
