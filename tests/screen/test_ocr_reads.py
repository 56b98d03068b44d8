"""The real OCR engine on rendered dashboard numbers, and the guard on its
reads. (The full table of 600 cases: `bench/bench_ocr_accuracy.py`, written
to docs/ocr-accuracy.md.)"""

from __future__ import annotations

import random
import threading
import time

import numpy as np
import pytest

from app.core.read_guard import GuardSettings, Read, RegionGuard, Verdict
from app.sources.base import SourceContext, SourceState
from app.sources.ocr import OcrEngine, ink_lines
from app.sources.screen import (
    Captured,
    CaptureError,
    ScreenLayout,
    ScreenRegion,
    ScreenSource,
    read_regions,
)
from tests.screen.cases import Case, make_cases, render


def read(engine: OcrEngine, case: Case, crop: np.ndarray) -> tuple[str, float]:
    layout = ScreenLayout("t", (ScreenRegion(case.metric, 0, 0, 10, 10),))
    return read_regions(engine, layout, [crop], [0])[0]


def test_ink_lines_split_a_label_from_its_number(qapp) -> None:
    case = Case("gmv", "¥98.6万", "Noto Sans CJK SC", 40, "big screen gold", True, 1.0)
    lines = ink_lines(render(case))
    assert len(lines) == 2
    assert lines[0].shape[0] > lines[1].shape[0]  # the number is the taller line
    blank = np.full((40, 120, 3), 17, np.uint8)
    assert ink_lines(blank) == []


def test_rendered_numbers_read_exactly_and_no_misread_passes_the_guard(engine) -> None:
    cases = make_cases(60, seed=5, sizes=(20, 28, 40, 56))
    rng = random.Random(3)
    wrong_accepted, exact = [], 0
    for case in cases:
        text, conf = read(engine, case, render(case))
        guard = RegionGuard(case.metric)
        first = guard.judge(Read(0, text, conf))
        exact += first.value == case.truth
        jitter = (rng.uniform(0.2, 0.8), rng.uniform(0.2, 0.8))
        text2, conf2 = read(engine, case, render(case, jitter))
        j = guard.judge(Read(300, text2, conf2))
        if j.verdict is Verdict.ACCEPTED and j.value != case.truth:
            wrong_accepted.append((case.name, text, text2))
    assert exact >= 59, exact  # ≥ 99 % at sizes ≥ 20 px (the table: 600 of 600)
    assert wrong_accepted == []


class Screen:
    """A screen that shows numbers rendered from `texts` (the test changes
    them): the screen source's capture, as the window's grabber is."""

    def __init__(self, regions: dict[str, str], style: str = "big screen gold") -> None:
        self.texts = dict(regions)
        self.style = style
        self.fail: str | None = None
        self.lock = threading.Lock()
        self.grabs = 0

    def __call__(self, layout: ScreenLayout) -> Captured:
        with self.lock:
            self.grabs += 1
            if self.fail:
                raise CaptureError(self.fail)
            texts = dict(self.texts)
        crops = []
        for r in layout.regions:
            case = Case(r.metric, texts[r.metric], "Noto Sans CJK SC", 36, self.style, True, 1.0)
            crops.append(render(case))
        return Captured(tuple(crops))


class Sink:
    """A SourceSink that keeps everything (the source's thread appends)."""

    def __init__(self) -> None:
        self.got: list = []
        self.gaps: list = []
        self.statuses: list = []

    def samples_of(self, key: str) -> list[int]:
        return [s.values[key] for s in list(self.got) if key in s.values]

    def samples(self, batch) -> None:
        self.got.extend(batch)

    def gap(self, gap) -> None:
        self.gaps.append(gap)

    def status(self, status) -> None:
        self.statuses.append(status)


def run_source(src: ScreenSource, kept: list | None = None):
    sink = Sink()
    stop = threading.Event()
    ctx = SourceContext(0, keep=(kept.append if kept is not None else None))
    t = threading.Thread(target=src.run, args=(ctx, sink, stop), daemon=True)
    t.start()
    return sink, stop, t


def wait(cond, timeout: float = 20.0) -> None:
    end = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.05)


def layout_of(*metrics: str) -> ScreenLayout:
    return ScreenLayout(
        "test", tuple(ScreenRegion(m, 0, 40 * i, 200, 40) for i, m in enumerate(metrics))
    )


def test_the_source_reads_confirms_and_holds_a_total_going_back(engine) -> None:
    screen = Screen({"gmv": "¥3.52万", "viewers": "3,521"})
    kept: list = []
    src = ScreenSource(layout_of("gmv", "viewers"), interval_s=1.0, capture=screen, engine=engine)
    sink, stop, t = run_source(src, kept)
    try:
        wait(lambda: sink.samples_of("gmv") and sink.samples_of("viewers"))
        assert sink.samples_of("gmv")[0] == 3_5200_00
        assert sink.samples_of("viewers")[0] == 3521
        with screen.lock:
            screen.texts["gmv"] = "¥3.52"  # the 万 lost: a misread or a glitch
        wait(lambda: src.open_suspects() == 1)
        (suspect,) = src.suspects()
        assert suspect.reason.value == "backwards" and suspect.value == 352
        assert kept and kept[-1].kind == "ocr_suspect"
        assert all(v == 3_5200_00 for v in sink.samples_of("gmv"))
        live = [s for s in sink.statuses if s.state is SourceState.LIVE]
        assert "1 suspect reads to review" in live[-1].detail
        src.resolve(suspect.uid, "dismissed")
        wait(lambda: src.suspects()[0].state == "dismissed")
        assert kept[-1].uid == suspect.uid and kept[-1].payload["state"] == "dismissed"
    finally:
        stop.set()
        t.join(10)
    assert not t.is_alive()
    assert sink.statuses[-1].state is SourceState.STOPPED


def test_a_region_that_reads_nothing_opens_a_gap_with_its_reason(engine) -> None:
    screen = Screen({"viewers": "3,521"})
    src = ScreenSource(
        layout_of("viewers"), interval_s=1.0, gap_after_s=2.0, capture=screen, engine=engine
    )
    sink, stop, t = run_source(src)
    try:
        wait(lambda: sink.samples_of("viewers"))
        with screen.lock:
            screen.fail = "the screen is locked"
        wait(lambda: sink.gaps)
        assert sink.gaps[0].end_ms is None and "the screen is locked" in sink.gaps[0].reason
        assert sink.statuses[-1].state is SourceState.STALE
        with screen.lock:
            screen.fail = None
        wait(lambda: len(sink.gaps) == 2)
        assert sink.gaps[1].end_ms is not None
    finally:
        stop.set()
        t.join(10)


def test_without_a_capture_the_source_says_where_it_works(engine) -> None:
    src = ScreenSource(layout_of("viewers"), engine=engine)
    sink, _stop, t = run_source(src)
    t.join(10)
    assert sink.statuses[-1].state is SourceState.STOPPED
    assert "Genbo's window" in sink.statuses[-1].detail


def test_layouts_are_checked_in_words() -> None:
    from app.sources.base import SourceConfigError

    with pytest.raises(SourceConfigError, match="two boxes read viewers"):
        layout_of("viewers", "viewers").validate()
    with pytest.raises(SourceConfigError, match="too small"):
        ScreenLayout("x", (ScreenRegion("gmv", 0, 0, 4, 4),)).validate()
    with pytest.raises(SourceConfigError, match="at least one number"):
        ScreenLayout("x", ()).validate()
    with pytest.raises(SourceConfigError, match="cannot be read"):
        ScreenLayout.from_dict({"name": "x", "regions": [{"metric": "gmv"}]})
    back = ScreenLayout.from_dict(layout_of("gmv", "orders").to_dict())
    assert back == layout_of("gmv", "orders")


def test_guard_settings_travel_with_the_stored_config(engine) -> None:
    src = ScreenSource(
        layout_of("viewers"), guard={"confirm_reads": 3, "min_confidence": 0.9}, engine=engine
    )
    again = ScreenSource(**src.config())
    assert again.guard_settings.confirm_reads == 3
    assert again.guard_settings.min_confidence == 0.9
    assert isinstance(again.guard_settings, GuardSettings)


def test_without_the_ocr_extra_the_source_says_how_to_add_it(monkeypatch) -> None:
    import sys

    from app.sources.ocr import OcrUnavailableError

    monkeypatch.setitem(sys.modules, "rapidocr", None)  # as if not installed
    with pytest.raises(OcrUnavailableError, match=r"pip install 'genbo\[ocr\]'"):
        OcrEngine.check()
    src = ScreenSource(layout_of("viewers"), engine=OcrEngine(), capture=Screen({}))
    sink, _stop, t = run_source(src)
    t.join(10)
    assert sink.statuses[-1].state is SourceState.STOPPED
    assert "genbo[ocr]" in sink.statuses[-1].detail


def test_a_resumed_session_rebuilds_its_screen_source(tmp_path) -> None:
    from app.config.secret_store import SecretStore
    from app.session.source_setup import sources_from_configs

    src = ScreenSource(layout_of("gmv", "viewers"), interval_s=2.0)
    rebuilt = sources_from_configs(
        [("screen", src.config()), ("screen", {"feed": "corrected"})],
        SecretStore(use_keyring=False),
    )
    assert len(rebuilt) == 1 and isinstance(rebuilt[0], ScreenSource)
    assert rebuilt[0].layout == src.layout and rebuilt[0].interval_s == 2.0
    assert rebuilt[0].capture is None  # the window gives it its grabber


def test_ink_touching_the_crop_edge_is_told(qapp) -> None:
    from app.sources.ocr import cut_lines

    case = Case("orders", "4,661", "Noto Sans CJK SC", 40, "light", False, 1.0)
    crop = render(case)
    assert [clipped for _img, clipped in cut_lines(crop)] == [False]
    tight = crop[:, crop.shape[1] // 2 :]  # the box's left half cut away
    assert [clipped for _img, clipped in cut_lines(tight)] == [True]
