"""What the moment-video tests share: a stored session whose GMV passes
¥100万 at a known second, and independent ways to read a video back (PyAV
to decode, a walk over the MP4's boxes for its layout, OCR for the number)."""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np

from app.core.columns import SessionColumns
from app.core.highlights import Highlight, highlight_record, milestone_record
from app.core.metrics import Sample
from app.core.milestones import Milestone, MilestoneKind
from app.core.session import SessionInfo
from app.core.stats import SessionStats

STARTED_MS = 1_795_000_000_000
OFFSET = 480
STREAMER = "王姐严选"
TARGET = 1_000_000.0
LENGTH_S = 3_000
EVERY_S = 2


def gmv_yuan(t: float) -> float:
    """GMV over the show: a climb with bursts (a 秒杀 at 20 min), crossing
    ¥100万 at `crossing_s()`."""
    return 360.0 * t + 40_000.0 * (1 / (1 + np.exp(-(t - 1200) / 60)))


def crossing_s() -> float:
    """The first reading at or past the line, and the crossing between it and the one before."""
    t = np.arange(0, LENGTH_S, EVERY_S, dtype=float)
    v = np.round(gmv_yuan(t) * 100) / 100
    i = int(np.argmax(v >= TARGET))
    t0, t1, v0, v1 = t[i - 1], t[i], v[i - 1], v[i]
    return float(t0 + (TARGET - v0) / (v1 - v0) * (t1 - t0))


def samples() -> list[Sample]:
    out = []
    for t in range(0, LENGTH_S, EVERY_S):
        out.append(
            Sample(
                STARTED_MS + t * 1000,
                {"gmv": round(gmv_yuan(t) * 100), "viewers": 3_000 + (t % 97) * 11},
                "simulator",
            )
        )
    return out


def store_session(repo: object) -> SessionInfo:
    """The session, stored as a finished one: its samples, the ¥100万 milestone
    (major), a ¥50万 one, and a highlight with a note."""
    from app.storage.bulk import NewSession, insert_session
    from app.storage.repository import summary_from_stats

    data = samples()
    columns = SessionColumns.from_samples(data)
    snap = SessionStats.from_columns(STARTED_MS, columns).snapshot(LENGTH_S)
    mark = STARTED_MS + round(crossing_s() * 1000)
    half_t = next(s.ts_ms for s in data if s.values["gmv"] >= 50_000_000)
    events = [
        milestone_record(Milestone(half_t, MilestoneKind.THRESHOLD, "gmv", 500_000.0), "GMV ¥50万"),
        milestone_record(
            Milestone(mark, MilestoneKind.THRESHOLD, "gmv", TARGET, major=True), "GMV ¥100万"
        ),
        highlight_record(
            Highlight("hl-秒杀", STARTED_MS + 1_230_000, "秒杀开始", note="上链接太快了，下次慢点")
        ),
    ]
    return insert_session(
        repo,  # type: ignore[arg-type]
        NewSession(
            streamer=STREAMER,
            title="回归首播",
            started_ms=STARTED_MS,
            utc_offset_min=OFFSET,
            ended_ms=STARTED_MS + LENGTH_S * 1000,
            summary=summary_from_stats(snap),
            platform="kuaishou",
            columns=columns,
            events=events,
        ),
    )


# -- reading a video back ------------------------------------------------------------


def top_level_boxes(path: Path) -> list[str]:
    """The MP4's top-level box types in file order, read from its bytes."""
    out = []
    data = path.read_bytes()
    pos = 0
    while pos + 8 <= len(data):
        size, kind = struct.unpack(">I4s", data[pos : pos + 8])
        if size == 1:
            size = struct.unpack(">Q", data[pos + 8 : pos + 16])[0]
        elif size == 0:
            size = len(data) - pos
        out.append(kind.decode("latin-1"))
        if size < 8:
            raise ValueError(f"a box of {size} bytes at {pos}")
        pos += size
    return out


def frames_at(path: Path, seconds: list[float]) -> list[np.ndarray]:
    """The decoded pictures (RGB, h × w × 3) shown at each of `seconds`."""
    import av

    want = sorted(seconds)
    got: dict[float, np.ndarray] = {}
    with av.open(str(path)) as box:
        stream = box.streams.video[0]
        for frame in box.decode(stream):
            t = float(frame.pts * stream.time_base)
            while want and t + 1e-6 >= want[0]:
                got[want.pop(0)] = frame.to_ndarray(format="rgb24")
            if not want:
                break
    return [got[s] for s in seconds]


def read_number(picture: np.ndarray, rect: tuple[int, int, int, int]) -> int:
    """The GMV (fen) the picture shows in `rect` (x, y, w, h), read by OCR."""
    from app.core.read_guard import read_value
    from app.sources.ocr import OcrEngine

    x, y, w, h = rect
    crop = np.ascontiguousarray(picture[y : y + h, x : x + w])
    lines = OcrEngine().read([crop])[0]
    assert lines, "no text where the number is drawn"
    return read_value("gmv", lines[0].text)
