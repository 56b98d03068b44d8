"""The screen source's run: the operator's word on suspects, stopping, a
failing OCR read, the window's grabber, and which line of a box is its number."""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future

import numpy as np

from app.sources.base import SourceContext, SourceState
from app.sources.ocr import OcrEngine, OcrLine
from app.sources.screen import (
    Captured,
    CaptureError,
    ResolveKind,
    ScreenLayout,
    ScreenSource,
    _Run,
    choose_line,
)
from tests.screen.test_ocr_reads import Screen, Sink, layout_of, wait

CORRECTED_ID = 7


def context() -> SourceContext:
    return SourceContext(0, feed=lambda _src, _label: CORRECTED_ID)


def start(src: ScreenSource) -> tuple[Sink, threading.Event, threading.Thread]:
    sink, stop = Sink(), threading.Event()
    t = threading.Thread(target=src.run, args=(context(), sink, stop), daemon=True)
    t.start()
    return sink, stop, t


def corrected(sink: Sink) -> list:
    return [s for s in sink.got if s.source == "screen:corrected"]


def with_a_suspect(engine: OcrEngine) -> tuple[ScreenSource, Screen, Sink, threading.Event, _Run]:
    """A run (on this thread) that accepted ¥3.52万 and holds ¥3.52 (backwards)."""
    screen = Screen({"gmv": "¥3.52万"})
    src = ScreenSource(layout_of("gmv"), interval_s=1.0, capture=screen, engine=engine)
    sink, stop = Sink(), threading.Event()
    run = _Run(src, context(), sink, stop, screen)
    run.tick()
    assert sink.samples_of("gmv") == [3_5200_00]
    screen.texts["gmv"] = "¥3.52"
    run.tick()
    assert src.open_suspects() == 1
    return src, screen, sink, stop, run


# -- the operator's word ---------------------------------------------------------------
def test_a_suspect_is_resolved_once(engine) -> None:
    """Confirm, then correct, the same read: one corrected sample, not two."""
    src, _screen, sink, _stop, run = with_a_suspect(engine)
    (suspect,) = src.suspects()
    src.resolve(suspect.uid, ResolveKind.CONFIRM)
    src.resolve(suspect.uid, ResolveKind.CORRECT, 3_5300_00)  # in the same batch
    run._resolve()
    src.resolve(suspect.uid, ResolveKind.CORRECT, 3_5400_00)  # in a later one
    run._resolve()
    assert [s.values for s in corrected(sink)] == [{"gmv": 352}]
    (done,) = src.suspects()
    assert done.state == ResolveKind.CONFIRM and done.resolved_value == 352
    assert src.resolve(suspect.uid, ResolveKind.DISMISS) is False  # not open any more


def test_a_resolution_asked_just_before_the_stop_is_carried_out(engine) -> None:
    src, _screen, sink, stop, run = with_a_suspect(engine)
    (suspect,) = src.suspects()
    src.resolve(suspect.uid, ResolveKind.CORRECT, 3_5300_00)
    stop.set()
    run.loop()
    assert src.suspects()[0].state == ResolveKind.CORRECT
    assert [s.values for s in corrected(sink)] == [{"gmv": 3_5300_00}]
    assert sink.statuses[-1].state is SourceState.STOPPED


def test_after_the_run_a_resolution_is_refused(engine) -> None:
    src, _screen, sink, stop, run = with_a_suspect(engine)
    stop.set()
    run.loop()
    (suspect,) = src.suspects()
    assert src.resolve(suspect.uid, ResolveKind.CONFIRM) is False
    assert src.suspects()[0].state == "open" and corrected(sink) == []


# -- stopping ----------------------------------------------------------------------------
class StopsOnSecondGrab(Screen):
    """GMV holds still; viewers change at every grab; the stop comes with the
    second grab (while the tick waits to read viewers a third time)."""

    def __init__(self, stop: threading.Event) -> None:
        super().__init__({"gmv": "¥3.52万", "viewers": "3,521"})
        self.stop = stop

    def __call__(self, layout: ScreenLayout) -> Captured:
        with self.lock:
            self.texts["viewers"] = f"{3521 + self.grabs:,}"
            if self.grabs == 1:
                self.stop.set()
        return super().__call__(layout)


def test_values_confirmed_before_a_stop_in_the_tick_are_kept(engine) -> None:
    stop = threading.Event()
    screen = StopsOnSecondGrab(stop)
    src = ScreenSource(layout_of("gmv", "viewers"), interval_s=1.0, capture=screen, engine=engine)
    sink = Sink()
    _Run(src, context(), sink, stop, screen).tick()
    assert screen.grabs == 2
    assert sink.samples_of("gmv") == [3_5200_00]
    assert sink.samples_of("viewers") == []


# -- a failing read ----------------------------------------------------------------------
class SometimesRgba(Screen):
    """Hands over RGBA crops while `broken`: the OCR engine cannot take them."""

    broken = False

    def __call__(self, layout: ScreenLayout) -> Captured:
        shot = super().__call__(layout)
        if not self.broken:
            return shot
        opaque = np.uint8(255)
        return Captured(
            tuple(np.dstack([c, np.full(c.shape[:2], opaque, np.uint8)]) for c in shot.crops)
        )


def test_a_failing_ocr_read_is_a_gap_not_the_end(engine) -> None:
    screen = SometimesRgba({"viewers": "3,521"})
    src = ScreenSource(
        layout_of("viewers"), interval_s=1.0, gap_after_s=2.0, capture=screen, engine=engine
    )
    sink, stop, t = start(src)
    try:
        wait(lambda: sink.samples_of("viewers"))
        screen.broken = True
        wait(lambda: sink.gaps, timeout=10)
        assert "OCR failed" in sink.gaps[0].reason and sink.gaps[0].end_ms is None
        assert t.is_alive()
        before = len(sink.samples_of("viewers"))
        screen.broken = False
        wait(lambda: len(sink.samples_of("viewers")) > before, timeout=10)
        wait(lambda: len(sink.gaps) == 2, timeout=10)
        assert sink.gaps[1].end_ms is not None
    finally:
        stop.set()
        t.join(10)
    assert sink.statuses[-1].state is SourceState.STOPPED


# -- the window's grabber ----------------------------------------------------------------
def test_a_stop_does_not_wait_for_a_busy_window(qapp, engine) -> None:
    """The GUI thread blocks waiting for the source to stop while the source
    waits for the GUI thread to grab: the stop ends the wait at once."""
    from app.ui.widgets.screen_grab import ScreenGrabber

    grabber = ScreenGrabber()
    asked = threading.Event()

    def capture(layout: ScreenLayout) -> Captured | Future[Captured]:
        asked.set()
        return grabber(layout)

    src = ScreenSource(layout_of("viewers"), interval_s=1.0, capture=capture, engine=engine)
    sink, stop, t = start(src)
    assert asked.wait(10)
    time.sleep(0.2)  # the source waits for the grab; this thread runs no events
    stop.set()
    began = time.monotonic()
    t.join(3)
    assert not t.is_alive() and time.monotonic() - began < 1.0
    assert sink.statuses[-1].state is SourceState.STOPPED
    qapp.processEvents()  # the grab asked for comes too late: nothing happens
    grabber.close()


def test_closing_the_grabber_fails_waiting_grabs_and_refuses_new_ones(qapp) -> None:
    from app.ui.widgets.screen_grab import ScreenGrabber

    grabber = ScreenGrabber()
    layout = layout_of("viewers")
    got: dict[str, object] = {}

    def ask(name: str) -> None:
        try:
            got[name] = grabber(layout)
        except CaptureError as exc:
            got[name] = exc

    t = threading.Thread(target=ask, args=("first",))
    t.start()
    t.join(2)
    fut = got["first"]
    assert isinstance(fut, Future) and not fut.done()
    grabber.close()
    assert isinstance(fut.exception(timeout=0), CaptureError)
    assert "the window is closing" in str(fut.exception())
    t = threading.Thread(target=ask, args=("later",))
    t.start()
    t.join(2)
    assert isinstance(got["later"], CaptureError)
    qapp.processEvents()  # the queued grab finds its request failed already


# -- which line is the number ------------------------------------------------------------
def test_a_misread_big_number_is_not_replaced_by_its_caption() -> None:
    big = OcrLine("3,5e1", 0.9, 40)  # the number, misread
    caption = OcrLine("较昨日 +12%", 0.99, 14)
    assert choose_line("viewers", [big, caption]) is big
    label, number = OcrLine("在线人数", 0.99, 30), OcrLine("3,521", 0.99, 28)
    assert choose_line("viewers", [label, number]) is number  # a label gives way
    assert choose_line("viewers", [label, caption]) is label  # a caption is never the number


def test_the_dialog_says_when_a_resolution_can_no_longer_be_stored(qtbot, engine) -> None:
    """The session ended with the dialog still open: Confirm says it was not
    stored, rather than "storing…" for ever."""
    from app.ui.dialogs.suspect_reads import SuspectReadsDialog

    src, _screen, sink, stop, run = with_a_suspect(engine)
    dlg = SuspectReadsDialog(src, 480)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.table.selectRow(0)
    stop.set()
    run.loop()  # the run ends: its source takes no more resolutions
    dlg.confirm.click()
    assert "Not stored" in dlg.error.text() and not dlg.error.isHidden()
    assert dlg.state_text(src.suspects()[0]) == "to review"
    assert corrected(sink) == []


def test_a_suspect_the_guard_takes_as_the_new_level_is_settled(qtbot, engine) -> None:
    """¥1.25万, then ¥125万 read again and again (a real jump, a big order):
    held as suspect, then taken as the new level; its suspect is no longer
    open (Dismiss would say nothing), and the dialog says what happened."""
    from app.ui.dialogs.suspect_reads import SuspectReadsDialog

    screen = Screen({"gmv": "¥1.25万"})
    src = ScreenSource(layout_of("gmv"), interval_s=1.0, capture=screen, engine=engine)
    kept: list = []
    ctx = SourceContext(0, feed=lambda _src, _label: CORRECTED_ID, keep=kept.append)
    sink, stop = Sink(), threading.Event()
    run = _Run(src, ctx, sink, stop, screen)
    run.tick()
    screen.texts["gmv"] = "¥125万"
    for _ in range(6):
        run.tick()
    assert sink.samples_of("gmv")[-1] == 125_0000_00
    (suspect,) = src.suspects()
    assert suspect.state == ResolveKind.LEVEL and suspect.resolved_value == 125_0000_00
    assert src.open_suspects() == 0 and src.resolve(suspect.uid, ResolveKind.DISMISS) is False
    assert kept[-1].payload["state"] == ResolveKind.LEVEL  # stored as settled too
    dlg = SuspectReadsDialog(src, 480)
    qtbot.addWidget(dlg)
    assert dlg.table.item(0, 6).text() == "taken as the new level"
