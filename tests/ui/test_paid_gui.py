"""Paid traffic in the window, on a real database: the review's panel (a
day's imported figures shared by two sessions, windows that have not
settled, typed figures for 千川), the ad report import dialog (preview,
import, re-import of a later export, an older export kept out) and the
per-streamer ROI view. The reports are the hand-made exports of
tests/data/ads."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt

from app.core.ads import DOUYIN, KUAISHOU
from app.core.session import SessionSummary
from app.runtime.tasks import TaskRunner
from app.session.ads import import_ads, session_paid
from app.storage.ads import AdStore
from app.storage.repository import Repository
from app.ui.dialogs.ads_import import AdsImportDialog
from app.ui.library.paid import SECONDARY, PaidRosterView
from app.ui.view.paid import PaidPanel
from tests.session.test_ads_import import FIRST, LATER, QIANCHUAN, ms

pytestmark = pytest.mark.gui

SIDE_PANEL_W = 420
"""What the review's side panel gives the paid panel."""
ROSTER_TAB_H = 340
"""What a sub-tab of the roster leaves for the view in a 720-px-high window."""


@pytest.fixture
def tasks() -> Iterator[TaskRunner]:
    runner = TaskRunner()
    yield runner
    runner.wait()


@pytest.fixture
def team(repo: Repository) -> dict[str, int]:
    zhen = repo.create_streamer("阿珍", KUAISHOU, "ks_azhen")
    yang = repo.create_streamer("小杨", DOUYIN, "dy_xiaoyang")
    morning = repo.create_session(zhen, "早场", ms(2026, 11, 3, 9), 480)
    evening = repo.create_session(zhen, "晚场", ms(2026, 11, 3, 20), 480)
    yang_s = repo.create_session(yang, "夜场", ms(2026, 11, 3, 21), 480)
    yang_typed = repo.create_session(yang, "补录", ms(2026, 11, 10, 21), 480)
    # The morning recorded its spend live (ad_spend): ¥500 for ¥2,000 of GMV.
    repo.end_session(
        morning.id,
        ms(2026, 11, 3, 11),
        SessionSummary(duration_s=7200, gmv_fen=200_000, spend_fen=50_000),
    )
    return {
        "zhen": zhen.id, "yang": yang.id, "morning": morning.id, "evening": evening.id,
        "yang_s": yang_s.id, "yang_typed": yang_typed.id,
    }  # fmt: skip


def open_panel(qtbot, repo: Repository, tasks: TaskRunner, session_id: int) -> PaidPanel:
    panel = PaidPanel(repo, tasks)
    qtbot.addWidget(panel)
    panel.resize(SIDE_PANEL_W, 640)
    panel.show()
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.set_session(repo.get_session(session_id))
    return panel


def test_the_review_shows_the_days_report_shared_and_unsettled(qtbot, repo, tasks, team) -> None:
    import_ads(repo, FIRST, as_of=date(2026, 11, 5))
    panel = open_panel(qtbot, repo, tasks, team["morning"])
    assert "磁力金牛" in panel.headline.text() and "¥1,234.50" in panel.headline.text()
    assert panel.shared_note.isVisibleTo(panel)
    assert "2 sessions" in panel.shared_note.text() and "shared" in panel.shared_note.text()
    # T0: both plans of the day (the zero-spend one adds GMV, no spend).
    assert panel.row_texts("t0") == ["T0", "¥3,206.25", "33", "2.60"]
    assert panel.row_texts("direct") == ["direct", "¥2,469.00", "—", "2.00"]
    assert panel.row_texts("t15")[1:] == ["—", "—", "not settled"]
    assert panel.row_texts("t30")[3] == "not settled"
    notes = panel.maturity.text()
    assert panel.maturity.isVisibleTo(panel)
    assert "T15 has not settled" in notes and "T30 has not settled" in notes and "“-”" in notes
    # What was recorded live: spend and GMV ÷ spend so far.
    assert "¥500.00" in panel.live.text() and "ROI 4.00" in panel.live.text()
    assert panel.minimumSizeHint().width() <= SIDE_PANEL_W
    panel.set_live_figures(100_000, 250_000)  # while live: the spend so far
    assert "¥1,000.00" in panel.live.text() and "ROI 2.50" in panel.live.text()

    # A later export settles T15 and T30: the same rows, updated.
    import_ads(repo, LATER, as_of=date(2026, 12, 5))
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.refresh()
    assert panel.row_texts("t30") == ["T30", "¥5,118.00", "56", "4.15"]
    assert panel.row_texts("t15")[3] == "3.62"
    assert not panel.maturity.isVisibleTo(panel)


def test_figures_of_an_export_made_too_early_are_marked(qtbot, repo, tasks, team) -> None:
    import_ads(repo, LATER, as_of=date(2026, 11, 20))  # 17 days after: T15 final, T30 not
    panel = open_panel(qtbot, repo, tasks, team["evening"])
    assert panel.row_texts("t15")[3] == "3.62"
    assert panel.row_texts("t30")[3] == "4.15 *"
    assert "T30 is as of" in panel.maturity.text() and "30 days" in panel.maturity.text()
    assert "T15" not in panel.maturity.text()
    assert "No spend was recorded live" in panel.live.text()


def test_typed_figures_for_qianchuan_have_no_t15(qtbot, repo, tasks, team) -> None:
    panel = open_panel(qtbot, repo, tasks, team["yang_typed"])
    assert panel.empty.isVisibleTo(panel) and "No ad report figures" in panel.empty.text()
    panel.form_toggle.setChecked(True)
    assert panel.form.isVisibleTo(panel)
    assert panel.platform.currentData() == DOUYIN
    assert {w for w, _ in panel.edits if w} == {"direct", "t7"}, "千川 has no T15 or T30"
    assert panel.minimumSizeHint().width() <= SIDE_PANEL_W

    # A bad spend is explained, its field marked, and nothing is stored.
    qtbot.keyClicks(panel.spend_edit, "12abc")
    panel.edits[("direct", "gmv")].setText("2,500")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert panel.form_error.isVisibleTo(panel) and "Spend" in panel.form_error.text()
    assert panel.spend_edit.toolTip()
    assert AdStore(repo.db).typed(team["yang_typed"]) is None
    assert panel.edits[("direct", "gmv")].text() == "2,500", "what was typed stays"
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.refresh()  # an import elsewhere reads the figures again
    assert panel.spend_edit.text() == "12abc" and panel.form_dirty, "still not lost"

    panel.spend_edit.setText("1,000")
    panel.edits[("t7", "gmv")].setText("-")
    with qtbot.waitSignal(panel.saved, timeout=10_000):
        qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    paid = session_paid(repo, team["yang_typed"])
    assert paid.source == "typed" and paid.windows == ("direct", "t7")
    assert panel.row_texts("direct") == ["direct", "¥2,500.00", "—", "2.50"]
    assert panel.row_texts("t7")[3] == "not settled"
    assert "typed for this session" in panel.headline.text()
    assert not panel.form_error.isVisibleTo(panel)

    # Zero spend: no ROI, never a division by zero.
    panel.spend_edit.setText("0")
    with qtbot.waitSignal(panel.saved, timeout=10_000):
        panel.save_typed()
    assert panel.row_texts("direct")[3] == "—"

    with qtbot.waitSignal(panel.saved, timeout=10_000):
        qtbot.mouseClick(panel.forget_button, Qt.MouseButton.LeftButton)
    assert session_paid(repo, team["yang_typed"]).source is None
    assert panel.empty.isVisibleTo(panel)


def open_dialog(qtbot, repo: Repository, tasks: TaskRunner) -> AdsImportDialog:
    dlg = AdsImportDialog(repo, tasks)
    qtbot.addWidget(dlg)
    dlg.resize(1200, 640)
    dlg.show()
    return dlg


def preview(qtbot, dlg: AdsImportDialog, path: Path, as_of: date | None) -> None:
    dlg.as_of_check.setChecked(as_of is not None)
    if as_of is not None:
        dlg.as_of.setDate(QDate(as_of.year, as_of.month, as_of.day))
    with qtbot.waitSignal(dlg.previewed, timeout=10_000):
        dlg.load(path)


def import_now(qtbot, dlg: AdsImportDialog) -> None:
    assert dlg.import_button.isEnabled()
    with qtbot.waitSignal(dlg.imported, timeout=10_000):
        qtbot.mouseClick(dlg.import_button, Qt.MouseButton.LeftButton)


def test_the_import_dialog_previews_imports_and_reimports(qtbot, repo, tasks, team) -> None:
    dlg = open_dialog(qtbot, repo, tasks)
    assert not dlg.import_button.isEnabled()
    preview(qtbot, dlg, FIRST, date(2026, 11, 5))
    assert "磁力金牛" in dlg.summary.text() and "T15" in dlg.summary.text()
    assert dlg.matched.rowCount() == 3 and dlg.unmatched.rowCount() == 1
    heads = [dlg.matched.horizontalHeaderItem(c).text() for c in range(dlg.matched.columnCount())]
    assert heads[:5] == ["Row", "Streamer", "Day", "Plan", "Spend"]
    assert heads[5:9] == ["direct", "T0", "T15", "T30"] and heads[-1] == "Sessions that day"
    first = [dlg.cell(dlg.matched, 0, c) for c in range(dlg.matched.columnCount())]
    assert first[1] == "阿珍" and first[4] == "¥1,234.50"
    assert first[6] == "¥3,086.25 · ROI 2.50" and first[7] == "not settled"
    assert first[-1] == f"2: #{team['morning']}, #{team['evening']}"
    assert dlg.cell(dlg.matched, 2, len(heads) - 1) == "none (stored for the day)"
    assert "ks_stranger" in dlg.cell(dlg.unmatched, 0, 5)
    listed = [dlg.problems.item(i).text() for i in range(dlg.problems.count())]
    assert any("The totals row (合计) is not a plan; skipped: row 8" in t for t in listed)
    assert dlg.tabs.tabText(1) == "Not matched (1)"
    assert "Left out: 1" in dlg.message.text()
    assert dlg.tabs.tabText(2) == f"Problems and notes ({len(listed)})"
    assert "newer figures are kept" in dlg.reimport_note.text()
    assert AdStore(repo.db).rows() == [], "the preview stores nothing"

    import_now(qtbot, dlg)
    assert "3 new" in dlg.message.text() and "1 left out" in dlg.message.text()
    assert not dlg.import_button.isEnabled(), "once is enough"
    assert len(AdStore(repo.db).rows()) == 3

    # The later export updates the same rows; the first one again is kept out.
    preview(qtbot, dlg, LATER, date(2026, 12, 5))
    import_now(qtbot, dlg)
    assert "3 updated" in dlg.message.text()
    preview(qtbot, dlg, FIRST, date(2026, 11, 5))
    import_now(qtbot, dlg)
    assert "3 kept" in dlg.message.text() and "newer than this export" in dlg.message.text()
    assert {r.as_of for r in AdStore(repo.db).rows()} == {date(2026, 12, 5)}


def test_the_import_dialog_explains_a_file_it_cannot_read(qtbot, repo, tasks, tmp_path) -> None:
    dlg = open_dialog(qtbot, repo, tasks)
    old = tmp_path / "report.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    preview(qtbot, dlg, old, None)
    assert "Cannot import this file" in dlg.message.text() and ".xlsx" in dlg.message.text()
    assert not dlg.import_button.isEnabled()
    # The as-of day is optional: unticked, it is today.
    preview(qtbot, dlg, QIANCHUAN, None)
    assert dlg.preview is not None and dlg.preview.as_of == date.today()
    assert dlg.matched.rowCount() == 0 and dlg.unmatched.rowCount() == 2
    assert not dlg.import_button.isEnabled() and "nothing would be stored" in dlg.message.text()
    hint = dlg.minimumSizeHint()
    assert hint.width() <= 1280 and hint.height() <= 720


def test_the_per_streamer_view_shows_the_rule_and_the_gap(qtbot, repo, tasks, team) -> None:
    import_ads(repo, LATER, as_of=date(2026, 12, 5))
    import_ads(repo, QIANCHUAN, as_of=date(2026, 11, 5))
    view = PaidRosterView(repo, tasks)
    qtbot.addWidget(view)
    view.resize(1240, 560)
    view.show()
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.refresh()
    # Both platforms here: the rule for each.
    assert view.caption.text() == "Judge 金牛 spend by T15/T30 and 千川 by T7, not by same-day GMV."
    zhen = view.gap_texts("阿珍")
    # T0 ROI 730,625 ÷ 323,450 = 2.26; T30 1,111,800 ÷ 323,450 = 3.44; gap +1.18.
    assert zhen[1:6] == ["磁力金牛", "¥3,234.50", "2.26", "3.44", "+1.18"]
    assert zhen[6] == "T0 → T30"
    yang = view.gap_texts("小杨")
    # The 千川 export is of 11/5: the T7 of 11/3 and 11/4 cannot have settled.
    assert yang[1] == "千川" and yang[3] == "2.32" and yang[4] == "—" and yang[6] == "direct → T7"
    assert yang[5] == "—"

    view.select_streamer(team["zhen"])
    assert view.current is not None and view.current.streamer.name == "阿珍"
    assert view.line_texts(0)[0] == "11/3/2026" and view.line_texts(0)[1] == "¥1,234.50"
    assert view.line_texts(2)[0] == "Overall" and view.line_texts(2)[-1] == "+1.18"
    # T0 is drawn secondary (thin, dashed); T15 and T30 strong.
    pens = {w: line.opts["pen"] for w, line in view.chart.lines.items()}
    assert "t0" in SECONDARY and pens["t0"].style() == Qt.PenStyle.DashLine
    assert pens["t0"].width() < pens["t30"].width() and pens["t15"].width() == pens["t30"].width()
    assert len(view.chart.bars.opts["height"]) == 2  # type: ignore[union-attr]
    assert view.chart.roi_values["t30"][1] == 3.0  # 6,000 ÷ 2,000 on 11/4

    row = next(r for r in range(2) if view.gaps.item(r, 0).text() == "小杨")
    view.gaps.selectRow(row)  # as a click does
    assert view.current.streamer.name == "小杨"
    assert "No 15-day window" in view.status.text()
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.set_by("month")
    assert view.lines.rowCount() == 2  # 2026-11 and overall
    assert view.line_texts(0)[0] == "2026-11"
    assert view.current.streamer.name == "小杨", "the chosen streamer stays"
    # A sub-tab of the roster on a 1280×720 laptop gets about 1240 × 340 px.
    hint = view.minimumSizeHint()
    assert hint.width() <= 1240 and hint.height() <= ROSTER_TAB_H


def test_the_streamers_page_shows_one_streamer(qtbot, repo, tasks, team) -> None:
    view = PaidRosterView(repo, tasks, streamer=repo.get_streamer(team["zhen"]))
    qtbot.addWidget(view)
    view.resize(640, 420)
    view.show()
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.refresh()
    assert "No paid-traffic figures" in view.status.text()
    import_ads(repo, LATER, as_of=date(2026, 12, 5))
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.refresh()
    assert not view.gaps.isVisibleTo(view)
    assert [x.streamer.name for x in view.table_data] == ["阿珍"]
    assert view.lines.rowCount() == 3
    assert view.minimumSizeHint().width() <= 640


def test_a_reply_after_the_view_is_gone_is_dropped(qtbot, repo, tasks, team) -> None:
    """A streamer's page closed (deleted) while its read runs: no error."""
    import_ads(repo, LATER, as_of=date(2026, 12, 5))
    roster = PaidRosterView(repo, tasks, streamer=repo.get_streamer(team["zhen"]))
    panel = PaidPanel(repo, tasks)
    roster.refresh()
    panel.set_session(repo.get_session(team["morning"]))
    roster.deleteLater()
    panel.deleteLater()
    qtbot.wait(1)  # deleted before the replies are delivered
    assert tasks.wait(5_000)
    qtbot.wait(20)  # an exception in a callback would fail the test here
