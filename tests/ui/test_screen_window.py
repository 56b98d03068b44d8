"""The screen source in the real window: a rendered dashboard on the
(offscreen or Xvfb) screen, its boxes in a saved layout, a session recorded
through real OCR, and the values checked in the database against what the
dashboard showed."""

from __future__ import annotations

import json

import numpy as np
import pytest

from app.core.entry import metric_value
from app.core.metrics import METRICS

pytestmark = pytest.mark.gui


@pytest.fixture
def dashboard(qtbot, window):
    from app.ui.widgets.demo_dashboard import DemoDashboard

    d = DemoDashboard(seed=11, speed=4.0)
    qtbot.addWidget(d)
    window.move(0, 0)
    d.move(40, 40)
    d.show()
    d.raise_()
    qtbot.waitExposed(d)
    return d


def open_dialog(qtbot, window):
    window.ask_new_session()
    qtbot.waitUntil(lambda: getattr(window, "_dialog", None) is not None, timeout=5_000)
    dlg = window._dialog
    dlg.streamer.setCurrentText("大屏主播")
    return dlg


def shown_values(dashboard, metric: str) -> set[int]:
    texts = [s[metric] for s in dashboard.shown] + [dashboard.texts()[metric]]
    return {metric_value(metric, t.replace("¥", "")) for t in texts}


def test_a_session_recorded_off_a_rendered_dashboard(qtbot, window, dashboard, data_dir) -> None:
    from app.session.screen_layouts import save_layout

    save_layout(data_dir, dashboard.screen_layout("演示大屏"))
    dlg = open_dialog(qtbot, window)
    panel = dlg.screen_panel
    assert panel is not None
    panel.reload()
    assert panel.current() is not None and panel.current().name == "演示大屏"
    panel.setChecked(True)
    panel.interval.setValue(1.0)
    with qtbot.waitSignal(window.liveStarted, timeout=10_000) as started:
        dlg.buttons.accepted.emit()
    live = started.args[0]
    keys = [r.metric for r in panel.current().regions]
    qtbot.waitUntil(
        lambda: all(len(live.series.buffers.get(k, ())) >= 3 for k in keys), timeout=40_000
    )
    view = window.live_view
    assert view.screen_box.isVisible()
    assert "6 of 6 regions read" in view.screen_info.text()
    info = live.info
    window.live.stop_blocking()
    columns = window.ctx.repo.load_columns(info.id)
    samples = columns.to_samples()
    stored: dict[str, list[int]] = {k: [] for k in keys}
    for s in samples:
        for k, v in s.values.items():
            stored[k].append(v)
    for k in keys:
        assert len(stored[k]) >= 3, k
        # Every stored value is one the dashboard showed: no misread got in.
        assert set(stored[k]) <= shown_values(dashboard, k), (k, stored[k])
        if METRICS[k].kind.value == "counter":
            assert stored[k] == sorted(stored[k]), k
    sources = window.ctx.repo.sources(info.id)
    screen = [s for s in sources if s.kind == "screen"]
    assert len(screen) == 1 and "演示大屏" in screen[0].label


def test_a_suspect_read_is_listed_and_a_correction_stored(
    qtbot, window, dashboard, data_dir
) -> None:
    from app.session.screen_layouts import save_layout
    from app.sources.screen import SUSPECT_KIND

    dashboard._timer.stop()  # the test sets the numbers itself
    dashboard.values["gmv"] = 1_234_500_00  # ¥123.45万
    dashboard.update()
    layout = dashboard.screen_layout("只读成交")
    from dataclasses import replace

    layout = replace(layout, regions=tuple(r for r in layout.regions if r.metric == "gmv"))
    save_layout(data_dir, layout)
    dlg = open_dialog(qtbot, window)
    dlg.screen_panel.reload("只读成交")
    dlg.screen_panel.setChecked(True)
    dlg.screen_panel.interval.setValue(1.0)
    with qtbot.waitSignal(window.liveStarted, timeout=10_000) as started:
        dlg.buttons.accepted.emit()
    live = started.args[0]
    qtbot.waitUntil(lambda: len(live.series.buffers.get("gmv", ())) >= 1, timeout=30_000)
    # The total goes backwards on the screen (a misread would look like this).
    dashboard.values["gmv"] = 1_234_500
    dashboard.update()
    view = window.live_view
    qtbot.waitUntil(lambda: "1 suspect reads" in view.screen_info.text(), timeout=15_000)
    assert view.suspects_button.text() == "Suspect reads (1)…"
    shown = live.series.buffers["gmv"].v
    assert list(shown[~np.isnan(shown)]) == [1_234_500.0] * int((~np.isnan(shown)).sum())
    view.open_suspects()
    box = view._suspects
    assert box is not None and box.table.rowCount() == 1
    suspect = box.rows[0]
    assert suspect.reason.value == "backwards" and suspect.value == 1_230_000  # ¥1.23万
    assert suspect.crop_png.startswith(b"\x89PNG")
    box.table.selectRow(0)
    box.correction.setText("12,345.67")
    box.correct.click()
    assert not box.error.isVisible()
    qtbot.waitUntil(lambda: box.rows and box.rows[0].state == "corrected", timeout=5_000)
    info = live.info
    window.live.stop_blocking()
    repo = window.ctx.repo
    feeds = [s for s in repo.sources(info.id) if s.kind == "screen"]
    assert any("corrected" in s.label for s in feeds)
    columns = repo.load_columns(info.id)
    values = [s.values["gmv"] for s in columns.to_samples() if "gmv" in s.values]
    assert 1_234_567 in values
    kept = [e for e in repo.load_events(info.id) if e.kind == SUSPECT_KIND]
    assert len(kept) == 1
    payload = kept[0].payload
    assert payload["state"] == "corrected" and payload["resolved_value"] == 1_234_567
    assert json.dumps(payload)  # stored as plain JSON, crop included
