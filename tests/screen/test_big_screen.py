"""A box marked as "the big screen": never read, kept for the moment videos;
a layout may be only that (for a session whose numbers come another way)."""

from __future__ import annotations

import threading

import pytest

from app.core.read_guard import GuardSettings
from app.sources.base import SourceConfigError, SourceContext, SourceState
from app.sources.screen import BIG_SCREEN, ScreenLayout, ScreenRegion, ScreenSource, preview
from tests.screen.test_ocr_reads import Screen, Sink, wait

BOXES = (
    ScreenRegion("gmv", 40, 40, 300, 60),
    ScreenRegion(BIG_SCREEN, 0, 0, 960, 540),
    ScreenRegion("viewers", 40, 140, 200, 50),
)


def test_a_layout_keeps_its_big_screen_apart_from_the_numbers() -> None:
    layout = ScreenLayout("大屏", BOXES)
    layout.validate()
    assert layout.big_screen == BOXES[1]
    assert [r.metric for r in layout.numbers().regions] == ["gmv", "viewers"]
    again = ScreenLayout.from_dict(layout.to_dict())
    assert again == layout
    with pytest.raises(SourceConfigError, match="one big screen"):
        ScreenLayout("x", (*BOXES, ScreenRegion(BIG_SCREEN, 0, 0, 50, 50))).validate()
    only = ScreenLayout("只有大屏", (BOXES[1],))
    only.validate()
    assert only.numbers().regions == () and only.big_screen == BOXES[1]


def test_the_source_reads_the_numbers_only_and_stores_the_whole_layout(qapp) -> None:
    from app.sources.ocr import OcrEngine

    screen = Screen({"gmv": "¥3.52万", "viewers": "3,521"})
    engine = OcrEngine()
    src = ScreenSource(ScreenLayout("大屏", BOXES), interval_s=1.0, capture=screen, engine=engine)
    assert [r.metric for r in src.layout.regions] == ["gmv", "viewers"]
    assert src.whole.big_screen == BOXES[1]
    # A resumed session makes the source again from what was stored.
    again = ScreenSource(**src.config())
    assert again.whole == src.whole
    sink, stop = Sink(), threading.Event()
    t = threading.Thread(target=src.run, args=(SourceContext(0), sink, stop), daemon=True)
    t.start()
    try:
        wait(lambda: sink.samples_of("gmv") and sink.samples_of("viewers"))
    finally:
        stop.set()
        t.join(10)
    assert all(set(s.values) <= {"gmv", "viewers"} for s in sink.got)


def test_a_big_screen_only_layout_is_live_and_reads_nothing() -> None:
    src = ScreenSource(ScreenLayout("只有大屏", (BOXES[1],)), interval_s=1.0)
    sink, stop = Sink(), threading.Event()
    t = threading.Thread(target=src.run, args=(SourceContext(0), sink, stop), daemon=True)
    t.start()
    wait(lambda: any(s.state is SourceState.LIVE for s in sink.statuses), timeout=5)
    live = next(s for s in sink.statuses if s.state is SourceState.LIVE)
    assert "big screen is kept for the moment videos" in live.detail
    stop.set()
    t.join(5)
    assert not t.is_alive()
    assert sink.statuses[-1].state is SourceState.STOPPED and not sink.got and not sink.gaps
    assert src.reads == 0


def test_the_preview_says_the_big_screen_is_kept_not_read(qapp) -> None:
    import numpy as np

    from app.sources.ocr import OcrEngine

    layout = ScreenLayout("大屏", BOXES)
    numbers = Screen({"gmv": "¥3.52万", "viewers": "3,521"})(layout.numbers()).crops
    page = np.full((540, 960, 3), 30, np.uint8)  # whatever it shows is not read
    crops = (numbers[0], page, numbers[1])
    got = preview(OcrEngine(), layout, crops, GuardSettings())
    assert [r.metric for r in got] == ["gmv", BIG_SCREEN, "viewers"]
    assert got[0].value == 3_5200_00 and got[2].value == 3521
    assert got[1].value is None and got[1].text == "" and "moment videos" in got[1].why


def test_the_buffer_keeps_the_marked_box_as_drawn(qapp) -> None:
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QGuiApplication

    from app.ui.widgets.dashboard_buffer import dashboard_rect

    rect = dashboard_rect(ScreenLayout("大屏", BOXES))
    # Exactly the box (no margin around it), within the screen.
    screen = QGuiApplication.primaryScreen().geometry()
    assert rect == QRect(0, 0, 960, 540).intersected(screen)
