"""Tiles and the readout line keep their height whatever the numbers say."""

import pytest
from PySide6.QtWidgets import QApplication

from tests.ui.helpers import enter

pytestmark = pytest.mark.gui


def test_numbers_crossing_1wan_do_not_move_the_plots(qtbot, window, live) -> None:
    """CJK glyphs come from a taller fallback font: "9,800" becoming "1.02万"
    made a line three pixels taller and resized every plot below it."""
    view = window.live_view
    qtbot.waitUntil(lambda: view.plots.height() > 0, timeout=5_000)
    enter(qtbot, window, "v 9800 likes 9800 gmv 9800")
    view.refresh_text()
    QApplication.processEvents()
    before = (view.plots.geometry(), view.tiles.height(), view.plots.graphics.geometry())
    for line in ("v 1.02万 likes 1.02万 gmv 1.02万", "v 9700 likes 9700 gmv 9700") * 2:
        enter(qtbot, window, line)
        view.refresh_text()
        QApplication.processEvents()
        assert "万" in view.tiles.viewers.value.text() or "9,700" in view.tiles.viewers.value.text()
        after = (view.plots.geometry(), view.tiles.height(), view.plots.graphics.geometry())
        assert after == before, line
    assert "万" in view.plots.readout.text() or "9,700" in view.plots.readout.text()


def test_the_recent_rate_says_how_much_time_it_rests_on(qtbot, window, live) -> None:
    """ "Last 5 min ¥21.68万/min" was shown from two entries 4 s apart."""
    from dataclasses import replace
    from decimal import Decimal

    view = window.live_view
    enter(qtbot, window, "gmv 1000")
    enter(qtbot, window, "gmv 2000")
    view.refresh_text()
    sub = view.tiles.gmv_rate.sub
    assert sub.text() == "Last 5 min —", "no rate from seconds of data"
    snap = live.recorder.snapshot()
    rate = Decimal("1234.4")
    for span, text in (
        (47.3, "Last 47 s ¥1,234/min"),
        (120.0, "Last 2 min ¥1,234/min"),
        (150.0, "Last 2 min 30 s ¥1,234/min"),
        (300.0, "Last 5 min ¥1,234/min"),
    ):
        view.tiles.update_from(replace(snap, gmv_per_min_recent=rate, gmv_recent_span_s=span))
        assert sub.text() == text


@pytest.mark.parametrize("text", ["API demo", "Kai", "杨小姐的直播间", "¥1,234.56万"])
@pytest.mark.parametrize("points", [9.0, 12.0, 18.0, 20.5])
def test_a_label_given_its_own_width_shows_its_text_whole(qtbot, text, points) -> None:
    """A header read "API de…" with room to spare: glyph widths are fractional
    and the label asked for a rounded-down width."""
    from PySide6.QtGui import QFont

    from app.ui.widgets.labels import FitLabel

    label = FitLabel(text)
    qtbot.addWidget(label)
    font = QFont(label.font())
    font.setPointSizeF(points)
    font.setWeight(QFont.Weight.DemiBold)
    label.setFont(font)
    label.resize(label.sizeHint())
    assert not label.is_elided()
