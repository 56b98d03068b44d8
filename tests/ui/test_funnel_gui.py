"""The funnel panel and the traffic-source view as widgets, fed with a
`SeriesSet` filled from real samples (hand-made, the simulator's, and a
stored session read back for review): the rates and their words, the marker
on the first step below its median, missing inputs, the stacked plot's bands,
the channel table, both themes, and a 420×300 dock on a 1280×720 laptop."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

import numpy as np
import pytest
import shiboken6
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication, QTabWidget, QWidget
from pytestqt.qtbot import QtBot

from app.core.columns import Column, SessionColumns, SourceColumns
from app.core.funnel import FunnelHistory
from app.core.metrics import Sample
from app.core.series import SeriesSet
from app.core.session import SessionSummary
from app.runtime.tasks import TaskRunner
from app.session.funnel import session_funnel_history
from app.session.review import load_review
from app.sources.simulator import SIM_CHANNELS, LiveShowModel
from app.storage.bulk import NewSession, insert_session
from app.storage.repository import Repository
from app.ui.view.channels import CHANNEL_COLOURS, ChannelsView
from app.ui.view.funnel import MARKER, FunnelPanel, load_medians

pytestmark = pytest.mark.gui

DOCK = (420, 300)

# medians: entry rate 5 %, click rate 20 %, click → buy 10 %, watch → buy 2 %
HISTORY = FunnelHistory.from_finals(
    [
        {"impressions": 1_000, "entries": 100, "product_clicks": 50, "buyers": 5},
        {"impressions": 10_000, "entries": 500, "product_clicks": 100, "buyers": 10},
        {"impressions": 100_000, "entries": 2_000, "product_clicks": 200, "buyers": 40},
    ]
)


def series_of(*readings: dict[str, int], source: str = "http", every_s: int = 10) -> SeriesSet:
    """A session's buffers from samples `every_s` apart."""
    s = SeriesSet(0)
    s.add_samples(Sample((k + 1) * every_s * 1000, r, source) for k, r in enumerate(readings))
    return s


def shown(qtbot: QtBot, w: QWidget, size: tuple[int, int] = DOCK) -> QWidget:
    qtbot.addWidget(w)
    w.resize(*size)
    w.show()
    qtbot.waitExposed(w)
    QApplication.processEvents()
    return w


def rect_in(top: QWidget, w: QWidget) -> QRect:
    return QRect(w.mapTo(top, QPoint(0, 0)), w.size())


def simulated(minutes: int, seed: int = 3) -> SeriesSet:
    model = LiveShowModel(seed=seed, planned_s=3600, size=0.2)
    return series_of(*(model.step(10.0) for _ in range(minutes * 6)), source="simulator")


# -- the funnel ---------------------------------------------------------------------------


def test_the_first_step_below_its_median_is_marked(qtbot: QtBot) -> None:
    panel = FunnelPanel()
    panel.set_history(HISTORY)
    shown(qtbot, panel)
    # entry 6 % (above), clicks 15 % (below: act here), click → buy 5 % and watch → buy
    # 0.75 % (below too, but later)
    series = series_of(
        {"impressions": 10_000, "entries": 600, "product_clicks": 90, "buyers": 4},
        {"impressions": 20_000, "entries": 1_200, "product_clicks": 180, "buyers": 9},
    )
    panel.update_from_series(series)
    assert panel.act_key == "click_rate"
    rows = panel.rows
    assert [k for k, r in rows.items() if r.marker.text() == MARKER] == ["click_rate"]
    assert rows["click_rate"].property("act") is True
    assert rows["click_rate"].name.font().bold()
    assert rows["click_to_buy"].property("act") is False
    assert rows["entry_rate"].value.text() == "6.0%"
    assert rows["click_rate"].value.text() == "15.0%"
    assert rows["watch_to_buy"].value.text() == "0.75%"
    assert rows["entry_rate"].detail.text() == "120% of median 5.0% · 2nd of 4"
    assert rows["entry_rate"].detail.property("tone") == "good"
    assert rows["click_rate"].detail.text() == "75% of median 20.0% · 3rd of 4"
    assert rows["click_rate"].detail.property("tone") == "bad"
    note = panel.act_note.text()
    assert note.startswith("Act here: Entries → product clicks is at 75% of the streamer's median")
    assert "(15.0% against 20.0%)" in note and panel.act_note.isVisible()
    assert panel.basis.text() == "Against the median of the streamer's previous 3 sessions"
    assert "Impressions 2万" in panel.inputs.text() and "Buyers 9" in panel.inputs.text()

    # live: the clicks recover, the mark moves to the next step below its median
    history = panel.history
    series.add_samples([Sample(30_000, {"product_clicks": 300}, "http")])
    panel.update_from_series(series)
    assert panel.history is history  # never read again
    assert panel.act_key == "click_to_buy"
    assert rows["click_rate"].marker.text() == "" and rows["click_rate"].property("act") is False
    assert rows["click_to_buy"].marker.text() == MARKER
    # everything at or above its median: no mark, and the note says so
    panel.set_values({"impressions": 1_000, "entries": 100, "product_clicks": 50, "buyers": 5})
    assert panel.act_key is None and all(r.marker.text() == "" for r in rows.values())
    assert panel.act_note.text() == "No step is clearly below the streamer's median."


def test_missing_inputs_and_zero_denominators_are_said_never_zero_percent(qtbot: QtBot) -> None:
    panel = shown(qtbot, FunnelPanel())
    assert isinstance(panel, FunnelPanel)
    panel.set_history(HISTORY)
    panel.update_from_series(series_of({"entries": 200, "buyers": 3}))
    rows = panel.rows
    assert rows["entry_rate"].value.text() == "—"
    assert rows["entry_rate"].detail.text() == "no impressions reading"
    assert rows["click_rate"].detail.text() == "no product clicks reading"
    assert rows["click_to_buy"].detail.text() == "no product clicks reading"
    assert rows["watch_to_buy"].value.text() == "1.5%"
    assert panel.act_key == "watch_to_buy"  # 1.5 % against 2 %; the others have no rate
    panel.set_values({"impressions": 0, "entries": 0, "product_clicks": 0, "buyers": 0})
    assert rows["entry_rate"].detail.text() == "0 impressions so far: no rate"
    assert rows["click_rate"].detail.text() == "0 entries so far: no rate"
    assert rows["click_to_buy"].detail.text() == "0 product clicks so far: no rate"
    for row in rows.values():
        assert row.value.text() == "—" and "%" not in row.value.text()
    assert panel.act_key is None and not panel.act_note.isVisible()
    panel.set_values({})
    assert panel.inputs.text() == "No funnel readings yet"
    assert rows["entry_rate"].detail.text() == "no entries reading · no impressions reading"


def test_before_and_without_medians(qtbot: QtBot) -> None:
    panel = shown(qtbot, FunnelPanel())
    assert isinstance(panel, FunnelPanel)
    panel.set_loading()
    panel.set_values({"impressions": 1_000, "entries": 30})
    assert panel.basis.text() == "Reading the streamer's earlier sessions…"
    assert panel.rows["entry_rate"].value.text() == "3.0%"
    panel.set_history(FunnelHistory())
    assert panel.basis.text() == "No median yet: the streamer has no earlier recorded sessions"
    assert panel.rows["entry_rate"].detail.text() == "no median yet"
    assert panel.act_key is None
    panel.set_failed("database is locked")
    assert panel.basis.text() == "The streamer's medians could not be read: database is locked"
    assert panel.rows["entry_rate"].value.text() == "3.0%"


# -- the channels -------------------------------------------------------------------------


def test_one_filled_band_per_channel_with_data_and_the_table(qtbot: QtBot) -> None:
    view = ChannelsView()
    shown(qtbot, view)
    series = simulated(minutes=12)
    series.add_samples([Sample(750_000, {"entries.other": 10**6}, "simulator")])  # minute 13 opens
    view.set_series(series, live=True)
    assert view.channels == SIM_CHANNELS  # the catalogue's order, bottom band first
    assert view.filled_channels() == list(SIM_CHANNELS)
    assert len(view.fills) == len(SIM_CHANNELS)
    x, top = view.tops["other"].getData()
    assert x.tolist() == [60.0 * (m + 1) for m in range(12)]  # whole minutes only, live
    entries = series.buffers["entries"]
    # the top band's top edge is every channel's entries of the minute
    assert top[0] == pytest.approx(entries.value_at(60.0))
    at_300, at_360 = entries.value_at(300.0), entries.value_at(360.0)
    assert at_300 is not None and at_360 is not None
    assert top[5] == pytest.approx(at_360 - at_300)
    colours = {ch: fill.brush().color().name().upper() for ch, fill in view.fills.items()}
    assert colours == {ch: CHANNEL_COLOURS[ch].upper() for ch in SIM_CHANNELS}

    t = view.table_data
    assert t is not None and t.channels == list(SIM_CHANNELS)
    assert view.table.rowCount() == len(SIM_CHANNELS)  # channel sums equal the whole
    assert view.table.isColumnHidden(2)  # no medians yet
    share = t.row("paid").share
    assert share is not None
    assert view.cell_text("paid", "share") == f"{share * 100:.1f}%"
    assert view.cell_text("paid", "channel") == "Paid"
    assert view.cell_text("natural", "gpm").startswith("¥")
    assert view.caption.text().startswith("Entries by channel per minute · ")

    # the session ends: the open minute is drawn too
    view.set_live(False)
    x, top = view.tops["other"].getData()
    assert x.tolist()[-1] == 780.0 and top[-1] > 10**5


def test_unknown_channels_by_name_the_rest_and_the_median_shares(qtbot: QtBot) -> None:
    view = ChannelsView()
    shown(qtbot, view)
    series = series_of(
        {"entries": 100, "entries.paid": 40, "entries.tuan": 10, "gmv.paid": 100_000},
        {"entries": 300, "entries.paid": 100, "entries.tuan": 30, "gmv.paid": 200_000},
        {"entries": 500, "entries.paid": 200, "entries.tuan": 50, "gmv.paid": 300_000},
        every_s=60,
    )
    view.set_series(series)
    assert view.channels == ("paid", "tuan")
    assert view.filled_channels() == ["paid", "tuan"]
    assert view.cell_text("tuan", "channel") == "tuan"
    assert view.cell_text("paid", "share") == "40.0%"
    assert view.cell_text("paid", "gmv") == "¥3,000"
    assert view.cell_text("paid", "gpm") == "¥1.5万"  # ¥3,000 per 200 entries
    assert view.cell_text("tuan", "gpm") == "—"
    # 250 entries no channel accounts for: a row of their own
    assert view.table.rowCount() == 3
    rest, rest_share = view.table.item(2, 0), view.table.item(2, 1)
    assert rest is not None and rest.text() == "Not by channel"
    assert rest_share is not None and rest_share.text() == "50.0%"
    assert view.fills["tuan"].brush().color().name().upper() not in CHANNEL_COLOURS.values()

    h = FunnelHistory.from_finals(
        [{"entries.paid": 50, "entries.natural": 50}, {"entries.paid": 30, "entries.natural": 70}]
    )
    view.set_history(h)
    assert not view.table.isColumnHidden(2)
    assert view.cell_text("paid", "median") == "40.0%"
    assert view.cell_text("paid", "share") == "40.0%"  # at the median: no arrow
    assert view.cell_text("tuan", "median") == "—"  # never named before: not known to be 0
    assert view.caption.text().endswith("· median of 2 sessions")
    series.add_samples([Sample(200_000, {"entries.paid": 300}, "http")])
    view.refresh()
    assert view.cell_text("paid", "share") == "60.0%↑"  # 300 of the 500 entries now


def test_both_themes(qtbot: QtBot) -> None:
    view = ChannelsView()
    shown(qtbot, view)
    view.set_series(series_of({"entries.paid": 5}, {"entries.paid": 9}))
    light = view.tops["paid"].opts["pen"].color().name().upper()
    assert light == CHANNEL_COLOURS["paid"].upper()
    view.apply_scheme("dark")
    dark = view.tops["paid"].opts["pen"].color()
    assert dark.lightness() > view.fills["paid"].brush().color().lightness() - 1
    assert dark.name().upper() != light
    view.apply_scheme("light")
    assert view.tops["paid"].opts["pen"].color().name().upper() == light
    panel = shown(qtbot, FunnelPanel())
    assert isinstance(panel, FunnelPanel)
    panel.apply_scheme("dark")
    assert "#450a0a" in panel.styleSheet()  # the marked row on a dark background
    panel.apply_scheme("light")
    assert "#fee2e2" in panel.styleSheet()


# -- a laptop -----------------------------------------------------------------------------


@pytest.mark.parametrize("widget", [FunnelPanel, ChannelsView])
def test_fits_a_420_by_300_dock_without_overlap(qtbot: QtBot, widget: type[QWidget]) -> None:
    w = widget()
    hint = w.minimumSizeHint()
    assert hint.width() <= DOCK[0] and hint.height() <= DOCK[1]
    shown(qtbot, w)
    series = simulated(minutes=6)
    if isinstance(w, FunnelPanel):
        w.set_history(HISTORY)
        w.update_from_series(series)
        QApplication.processEvents()
        parts = [w.inputs, w.basis, *w.rows.values()]
        if w.act_note.isVisible():
            parts.append(w.act_note)
        for row in w.rows.values():
            inner = [rect_in(row, c) for c in (row.marker, row.name, row.value, row.detail)]
            for i, a in enumerate(inner):
                assert QRect(0, 0, row.width(), row.height()).contains(a)
                assert not any(a.intersects(b) for b in inner[i + 1 :])
    else:
        assert isinstance(w, ChannelsView)
        w.set_series(series, live=True)
        QApplication.processEvents()
        parts = [w.caption, w.plot_widget, w.table]
        assert w.table.viewport().height() > 3 * w.table.verticalHeader().defaultSectionSize()
    rects = [rect_in(w, p) for p in parts]
    whole = QRect(0, 0, w.width(), w.height())
    for i, r in enumerate(rects):
        assert whole.contains(r), (parts[i].objectName(), r, whole)
        assert r.height() > 0
        assert not any(r.intersects(o) for o in rects[i + 1 :])


# -- in review --------------------------------------------------------------------------


CST = timezone(timedelta(hours=8))


def stored(repo: Repository, day: int, finals: dict[str, int]) -> int:
    started = int(datetime(2026, 10, day, 20, tzinfo=CST).timestamp() * 1000)
    ts = started + np.arange(1, 7, dtype=np.int64) * 600_000
    cols = {k: Column(ts, (np.arange(1, 7, dtype=np.int64) * v) // 6) for k, v in finals.items()}
    info = insert_session(
        repo,
        NewSession(
            streamer="小杨", title=f"第{day}场", started_ms=started, utc_offset_min=480,
            ended_ms=started + 3_600_000, summary=SessionSummary(duration_s=3600),
            columns=SessionColumns((SourceColumns("http", cols),)),
        ),
    )  # fmt: skip
    return info.id


def review_sessions(repo: Repository) -> int:
    """Three earlier sessions (entry rates 4 %, 5 %, 6 %; paid half the entries) and the
    reviewed one (3 %; paid 80 %)."""
    for day, entries in ((1, 400), (2, 500), (3, 600)):
        stored(repo, day, {"impressions": 10_000, "entries": entries, "product_clicks": 100,
                           "buyers": 10, "entries.paid": entries // 2,
                           "entries.natural": entries - entries // 2})  # fmt: skip
    return stored(repo, 4, {"impressions": 10_000, "entries": 300, "product_clicks": 90,
                            "buyers": 10, "entries.paid": 240, "entries.natural": 60,
                            "gmv.paid": 120_000})  # fmt: skip


def test_a_stored_session_in_review(qtbot: QtBot, repo: Repository) -> None:
    review = load_review(repo, review_sessions(repo))
    history = session_funnel_history(repo, review.info).history
    panel = FunnelPanel()
    shown(qtbot, panel)
    panel.set_history(history)
    panel.update_from_series(review.series)
    assert panel.rows["entry_rate"].value.text() == "3.0%"
    assert panel.rows["entry_rate"].detail.text() == "60% of median 5.0% · 4th of 4"
    assert panel.act_key == "entry_rate"
    view = ChannelsView()
    shown(qtbot, view)
    view.set_series(review.series)
    view.set_history(history)
    assert view.filled_channels() == ["natural", "paid"]
    assert len(view.tops["paid"].getData()[0]) == 60  # a stored hour: every minute
    assert view.cell_text("paid", "share") == "80.0%↑"
    assert view.cell_text("paid", "median") == "50.0%"
    assert view.cell_text("natural", "share") == "20.0%↓"
    assert history.median_shares["paid"] == Decimal("0.5")


def test_medians_from_the_task_runner_and_hidden_tabs_wait(qtbot: QtBot, repo: Repository) -> None:
    review = load_review(repo, review_sessions(repo))
    panel, view = FunnelPanel(), ChannelsView()
    tabs = QTabWidget()
    tabs.addTab(panel, "funnel")
    tabs.addTab(view, "channels")
    shown(qtbot, tabs)
    view.set_series(review.series)
    assert view.table_data is not None and view.table_data.rows == ()  # hidden: not read yet
    assert view.fills == {}
    tasks = TaskRunner()
    load_medians(tasks, repo, review.info, [panel, view])
    assert panel.basis.text() == "Reading the streamer's earlier sessions…"
    panel.update_from_series(review.series)
    assert panel.rows["entry_rate"].value.text() == "3.0%"
    qtbot.waitUntil(lambda: panel.history is not None and view.history is not None)
    assert panel.rows["entry_rate"].detail.text() == "60% of median 5.0% · 4th of 4"
    tabs.setCurrentIndex(1)
    QApplication.processEvents()
    assert view.filled_channels() == ["natural", "paid"]
    assert view.cell_text("paid", "median") == "50.0%"
    # the funnel is hidden now: an update waits for it to be shown
    review.series.add_samples([Sample(review.info.started_ms + 3_700_000, {"impressions": 6_000},
                                      "http")])  # fmt: skip
    panel.update_from_series(review.series)
    assert panel.rows["entry_rate"].value.text() == "3.0%"
    tabs.setCurrentIndex(0)
    QApplication.processEvents()
    assert panel.rows["entry_rate"].value.text() == "5.0%"  # 300 of 6,000
    # a reply for a view no longer shown is dropped, and one for a closed tab too
    other = FunnelPanel()
    load_medians(tasks, repo, review.info, [other], still_shown=lambda: False)
    closed = ChannelsView()
    load_medians(tasks, repo, review.info, [closed])
    shiboken6.delete(closed)
    qtbot.waitUntil(lambda: not tasks.busy)
    assert other.history is None
