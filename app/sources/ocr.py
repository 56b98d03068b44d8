"""Offline OCR of screen crops: RapidOCR's PP-OCR models on onnxruntime.

Why this engine (measured in `bench/bench_ocr.py` and `docs/ocr.md`): the
`rapidocr` wheel carries its det/rec models, so nothing is downloaded at
run time; it reads Chinese and digits alike (万, ¥, 分, 秒); and it depends on
OpenCV's *headless* build. The older `rapidocr-onnxruntime` wheel pulls in
the full `opencv-python`, which brings its own Qt 5 and sets
`QT_QPA_PLATFORM_PLUGIN_PATH` to it on import, a hazard in a Qt 6 program.
Tesseract (Debian's `tesseract-ocr-chi-sim`) is the alternative the bench
compares with; it needs a system package and read 万 less reliably.

A region is a small crop that an operator drew around a number, so only
the recogniser runs (no text detection, which costs about a second a crop).
Before it, each crop is cut into its lines of ink (`ink_lines`): a box that
also takes in the label above the number gives two lines, and the screen
source keeps the one that reads as a number. All crops of a frame go to the
recogniser in one batch.

Optional: `pip install 'genbo[ocr]'`. Without it `OcrUnavailableError` says how
to add it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from app.core.messages import QT_TRANSLATE_NOOP, Explained

log = logging.getLogger(__name__)

Image = npt.NDArray[np.uint8]
"""A crop: height × width × 3, RGB."""

INK_CONTRAST = 60
"""How far (0–255, the largest channel difference) a pixel must be from the
crop's background colour to count as ink."""


REC_MIN_WIDTH = 96
"""The recogniser pads a line to at least this width at its 48-px height;
PP-OCR's 320 made a frame cost 2.0–2.5× as much, equally exact (`bench/bench_ocr.py`)."""


class OcrUnavailableError(Explained, RuntimeError):
    context = "sources"


INSTALL_HINT = QT_TRANSLATE_NOOP(
    "sources",
    "Reading the screen needs the OCR extra, which is not installed ({error}). "
    "Install it with: pip install 'genbo[ocr]' (from a checkout: make install), "
    "then start Genbo again.",
)


@dataclass(frozen=True, slots=True)
class OcrLine:
    text: str
    confidence: float
    height: int
    """The line's height as cut, margins included (px): the tallest line is
    the big number."""
    clipped: bool = False
    """Its ink touches the box's edge: the number may be cut off."""


def ink_lines(crop: Image) -> list[Image]:
    """The lines of ink in `crop`, tallest first, each cut to its ink with a
    margin of the background around it. An empty list: the crop shows
    nothing but its background."""
    return [img for img, _clipped in cut_lines(crop)]


def cut_lines(crop: Image) -> list[tuple[Image, bool]]:
    """`ink_lines` with, for each line, whether its ink touches the crop's
    edge (the number may go on beyond the box: a box drawn tight around a
    number that has since grown a digit)."""
    if crop.ndim != 3 or crop.shape[0] < 2 or crop.shape[1] < 2:
        return []
    border = np.concatenate([crop[0], crop[-1], crop[:, 0], crop[:, -1]])
    background = np.median(border, axis=0).astype(np.int16)
    ink = np.abs(crop.astype(np.int16) - background).max(axis=2) > INK_CONTRAST
    rows = np.flatnonzero(ink.any(axis=1))
    if rows.size == 0:
        return []
    bands: list[list[int]] = [[int(rows[0]), int(rows[0])]]
    for r in rows[1:]:
        start, end = bands[-1]
        # A gap of a few rows inside one line (the dot of 1.2, a 分's strokes).
        if r - end <= max(2, (end - start + 1) // 4):
            bands[-1][1] = int(r)
        else:
            bands.append([int(r), int(r)])
    fill = background.astype(np.uint8)
    out: list[tuple[int, Image, bool]] = []
    for start, end in bands:
        height = end - start + 1
        if height < 4:  # a rule, an underline, noise
            continue
        cols = np.flatnonzero(ink[start : end + 1].any(axis=0))
        margin = max(4, height // 3)
        top, bottom = max(0, start - margin), min(crop.shape[0], end + 1 + margin)
        left, right = max(0, int(cols[0]) - margin), min(crop.shape[1], int(cols[-1]) + 1 + margin)
        part = crop[top:bottom, left:right]
        # Pad to a full margin with the background where the crop was cut short.
        padded = np.empty((height + 2 * margin, right - left + 2 * margin, 3), np.uint8)
        padded[:] = fill
        y0 = margin - (start - top)
        x0 = margin - (int(cols[0]) - left)
        padded[y0 : y0 + part.shape[0], x0 : x0 + part.shape[1]] = part
        clipped = (
            start == 0
            or end == crop.shape[0] - 1
            or int(cols[0]) == 0
            or int(cols[-1]) == crop.shape[1] - 1
        )
        out.append((height, padded, clipped))
    out.sort(key=lambda hp: -hp[0])
    return [(img, clipped) for _h, img, clipped in out]


class OcrEngine:
    """One recogniser, loaded on first use (a second or two), shared by the
    regions of a source. `read` may be called from one thread at a time."""

    name = "RapidOCR (PP-OCR, onnxruntime)"

    def __init__(self, threads: int = 1) -> None:
        """`threads`: onnxruntime's threads per call. One leaves the other
        core of a laptop to the window (see `bench/bench_ocr.py`)."""
        self.threads = threads
        self._engine: Any = None
        self._lock = threading.Lock()

    @staticmethod
    def check() -> None:
        """Raises `OcrUnavailableError` if the OCR extra is not installed."""
        try:
            import onnxruntime  # noqa: F401
            import rapidocr  # noqa: F401
        except ImportError as exc:
            raise OcrUnavailableError(INSTALL_HINT, error=exc.name or str(exc)) from None

    def _load(self) -> Any:
        if self._engine is None:
            self.check()
            from rapidocr import RapidOCR

            logging.getLogger("RapidOCR").setLevel(logging.WARNING)
            self._engine = RapidOCR(
                params={
                    "Global.log_level": "warning",
                    "EngineConfig.onnxruntime.intra_op_num_threads": self.threads,
                    "EngineConfig.onnxruntime.inter_op_num_threads": 1,
                    "Rec.rec_img_shape": [3, 48, REC_MIN_WIDTH],
                }
            )
            logging.getLogger("RapidOCR").setLevel(logging.WARNING)
        return self._engine

    def warm_up(self) -> None:
        """Load the models now (the first read would otherwise pay for it)."""
        with self._lock:
            engine = self._load()
            blank = np.full((48, 96, 3), 255, np.uint8)
            blank[16:32, 20:76] = 0
            engine.recognize_txt([blank])

    def read(
        self, crops: Sequence[Image], wanted: Callable[[int, OcrLine], bool] | None = None
    ) -> list[list[OcrLine]]:
        """Each crop's lines of text, tallest first ([] for a blank crop).
        With `wanted`, a crop's lines are read only until `wanted(index,
        line)` says one is what was looked for (the number, not its label):
        most regions cost one line."""
        out: list[list[OcrLine]] = []
        with self._lock:
            engine = self._load()
            for index, crop in enumerate(crops):
                row: list[OcrLine] = []
                for img, clipped in cut_lines(crop):
                    # One line a call: a batch pads every line to the widest.
                    result = engine.recognize_txt([img[:, :, ::-1].copy()])  # BGR
                    line = OcrLine(
                        str(result.txts[0]), float(result.scores[0]), img.shape[0], clipped
                    )
                    row.append(line)
                    if wanted is not None and wanted(index, line):
                        break
                out.append(row)
        return out
