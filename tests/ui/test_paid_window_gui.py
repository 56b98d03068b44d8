"""Suggested for tests/ui/test_paid_gui.py once the wiring is in (paidui_wiring.diff):
the review's 投流 tab, the ad report action, the roster's sub-tab and the streamer's page."""

from datetime import date

from app.core.ads import KUAISHOU
from app.core.session import SessionSummary
from app.session.ads import import_ads
from app.ui.dialogs.ads_import import AdsImportDialog
from app.ui.dialogs.streamer import StreamerDialog
from app.ui.view.paid import PaidPanel
from tests.session.test_ads_import import LATER, ms


def test_paid_traffic_in_the_window(qtbot, window) -> None:
    repo = window.ctx.repo
    zhen = repo.create_streamer("阿珍", KUAISHOU, "ks_azhen")
    s = repo.create_session(zhen, "早场", ms(2026, 11, 3, 9), 480)
    repo.end_session(
        s.id,
        ms(2026, 11, 3, 11),
        SessionSummary(duration_s=7200, gmv_fen=200_000, spend_fen=50_000),
    )
    import_ads(repo, LATER, as_of=date(2026, 12, 5))
    window.resize(1280, 720)
    with qtbot.waitSignal(window.reviewOpened, timeout=10_000) as opened:
        window.open_review(s.id)
    view = opened.args[0]
    assert isinstance(view.paid_panel, PaidPanel)
    qtbot.waitUntil(lambda: view.paid_panel.paid is not None, timeout=5_000)
    assert [view.side.tabText(i) for i in range(2)] == ["复盘", "Paid traffic"]
    assert view.paid_panel.row_texts("t30")[3] == "4.15"

    window.ads_import_action.trigger()
    dlg = window._ads_import_dialog
    assert isinstance(dlg, AdsImportDialog) and dlg.isVisible()
    dlg.close()

    window.show_roster()
    window.roster.views.setCurrentWidget(window.roster.paid_scroll)
    qtbot.waitUntil(lambda: window.roster.paid.current is not None, timeout=5_000)
    assert window.roster.paid.gap_texts("阿珍")[5] == "+1.18"
    window.roster.refresh()
    qtbot.waitUntil(lambda: window.roster.model.rowCount() > 0, timeout=5_000)
    window.roster.select(zhen.id)
    window.roster.edit_streamer()
    d = window.roster.dialog
    assert isinstance(d, StreamerDialog) and d.pages.count() == 2
    d.pages.setCurrentIndex(1)
    qtbot.waitUntil(lambda: d.pages.widget(1).current is not None, timeout=5_000)
    d.reject()  # closed (deleted) with its read done: nothing left behind
