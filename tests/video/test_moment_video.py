"""A moment video made from a stored session's real readings, read back by
independent readers: PyAV for the streams and the pictures, the MP4's own
boxes for its layout, OCR for the number at the crossing."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QColor, QFont, QImage, QPainter

from app.core.moment import Frame
from app.exports.video import Mp4Writer, VideoError
from tests.video.moments import (
    STREAMER,
    TARGET,
    frames_at,
    read_number,
    store_session,
    top_level_boxes,
)

pytestmark = pytest.mark.slow

SECONDS = 10.0
DASH_RGB = (16, 96, 160)


def dashboard_frames(mark_ms: int) -> list[Frame]:
    """Ten seconds of a made-up big screen at 10 fps around the moment,
    JPEG as the buffer keeps them: a blue page with its GMV in white."""
    from app.ui.widgets.dashboard_buffer import encode_jpeg

    out = []
    for i in range(100):
        ts = mark_ms - 8_000 + i * 100
        img = QImage(960, 540, QImage.Format.Format_RGB32)
        img.fill(QColor(*DASH_RGB))
        p = QPainter(img)
        f = QFont()
        f.setPixelSize(90)
        p.setFont(f)
        p.setPen(QColor("white"))
        p.drawText(80, 300, f"¥{99.0 + i * 0.02:.2f}万")
        p.end()
        out.append(Frame(ts, encode_jpeg(img), img.width(), img.height()))
    return out


@pytest.fixture(scope="module")
def made(qapp: object, tmp_path_factory: pytest.TempPathFactory) -> object:
    """One video (10 s, the dashboard's kept frames first) of the ¥100万 moment."""
    from app.session.moment_video import load_moment
    from app.storage.database import open_database, sqlite_url
    from app.storage.repository import Repository
    from app.ui.view.moment_video import make_video, moment_data

    folder = tmp_path_factory.mktemp("video")
    db = open_database(sqlite_url(folder / "genbo.db"))
    repo = Repository(db)
    info = store_session(repo)
    stored = load_moment(repo, info.id, milestone=2)
    db.dispose()
    assert stored.milestone is not None and stored.milestone.value == TARGET
    data = moment_data(
        stored.info, stored.series, stored.choice.ts_ms, title="", milestone=stored.milestone
    )
    reports: list[float] = []
    path = folder / "moment.mp4"
    clip = dashboard_frames(stored.choice.ts_ms)
    result = make_video(data, path, SECONDS, clip, progress=lambda f, _s: reports.append(f))
    return result, data, reports


def test_the_file_is_what_the_platforms_take(made) -> None:
    import av

    result, _data, reports = made
    with av.open(str(result.path)) as box:
        assert "mp4" in box.format.name
        video = box.streams.video[0]
        assert video.codec_context.name == "h264"
        assert video.codec_context.pix_fmt == "yuv420p"
        assert (video.codec_context.width, video.codec_context.height) == (1080, 1920)
        assert float(video.average_rate) == pytest.approx(30.0)
        assert box.duration / av.time_base == pytest.approx(SECONDS, abs=0.2)
        assert float(video.duration * video.time_base) == pytest.approx(SECONDS, abs=0.2)
        audio = box.streams.audio
        assert len(audio) == 1 and audio[0].codec_context.name == "aac"
        assert float(audio[0].duration * audio[0].time_base) == pytest.approx(SECONDS, abs=0.2)
        loudest = max(float(np.abs(f.to_ndarray()).max()) for f in box.decode(audio=0))
    assert loudest == 0.0  # silent
    # Faststart: the index before the media.
    boxes = top_level_boxes(result.path)
    assert boxes[0] == "ftyp" and boxes.index("moov") < boxes.index("mdat")
    assert not result.path.with_name(result.path.name + ".part").exists()
    # Progress was told as it went, and ended at 1.
    assert len(reports) > 100 and reports == sorted(reports) and reports[-1] == 1.0


def test_the_number_passes_the_line_at_the_crossing(made) -> None:
    """Read by OCR off decoded frames: below ¥100万 just before the crossing,
    at or above it just after."""
    from app.ui.view.moment_video import NUMBER_RECT

    result, data, _ = made
    rect = NUMBER_RECT.toRect()
    box = (rect.x(), rect.y(), rect.width(), rect.height())
    early, before, after, late = frames_at(
        result.path,
        [result.clip_s + 1.0, result.crossing_s - 0.2, result.crossing_s + 0.2, SECONDS - 0.5],
    )
    values = [read_number(p, box) for p in (early, before, after, late)]
    assert values[0] < values[1] < TARGET * 100, values
    assert values[2] >= TARGET * 100 and values[3] == values[2], values
    final = data.final_value
    assert final is not None and abs(values[2] - final * 100) <= 0.01 * final * 100


def test_the_real_dashboard_comes_first(made) -> None:
    result, _data, _ = made
    assert 3.0 <= result.clip_s <= 0.4 * SECONDS
    start, end = frames_at(result.path, [0.3, result.clip_s + 0.5])
    # The kept dashboard (blue) fills the middle at first; the animated part
    # (its warm background) follows.
    mid = start[900:1000, 300:800].reshape(-1, 3).mean(axis=0)
    assert np.allclose(mid, DASH_RGB, atol=30), mid
    later = end[900:1000, 300:800].reshape(-1, 3).mean(axis=0)
    assert not np.allclose(later, DASH_RGB, atol=30), later


def test_the_streamer_is_named_on_every_part(made) -> None:
    from app.sources.ocr import OcrEngine

    result, _data, _ = made
    for picture in frames_at(result.path, [0.5, result.crossing_s + 1.0]):
        crop = np.ascontiguousarray(picture[100:280, 60:1020])
        texts = [line.text for line in OcrEngine().read([crop])[0]]
        assert any(STREAMER in t for t in texts), texts


def test_a_video_that_cannot_be_written_leaves_nothing(tmp_path: Path) -> None:
    blocked = tmp_path / "taken"
    blocked.write_text("a file where the folder should be")
    with pytest.raises(VideoError, match="cannot write"):
        Mp4Writer(blocked / "v.mp4", 64, 64, 30)
    path = tmp_path / "v.mp4"
    with pytest.raises(RuntimeError), Mp4Writer(path, 64, 64, 30) as out:
        out.add(np.zeros((64, 64, 4), np.uint8))
        raise RuntimeError("stopped half way")
    assert not path.exists() and not list(tmp_path.glob("*.part"))
    with pytest.raises(VideoError, match="even size"):
        Mp4Writer(path, 63, 64, 30)


def test_the_number_before_the_line_never_reads_as_past_it(qapp) -> None:
    """¥99.999万 is written ¥100万 by the formatter: before the crossing the
    video writes the highest figure below the line instead."""
    from app.core.entry import metric_value
    from app.core.moment import MomentData, MomentTimeline
    from app.ui.view.moment_video import MomentPainter

    t = np.arange(0.0, 600.0, 2.0)
    v = np.minimum(990_000.0 + t * 40.0, 1_010_000.0)
    d = MomentData("主播", "", 0, 480, 250_000, "大屏破百万", "gmv", 1_000_000.0, t, v)
    painter = MomentPainter(d, MomentTimeline(10.0))
    for value in (999_999.99, 999_996.0, 999_950.0):
        text = painter._number_text(value, before_line=True)
        assert metric_value("gmv", text) < 1_000_000_00, text
    assert metric_value("gmv", painter._number_text(1_000_400.0)) >= 1_000_000_00


def test_only_a_line_in_the_metrics_own_units_is_counted_up_to() -> None:
    from app.core.milestones import Milestone, MilestoneKind
    from app.ui.view.moment_video import _line_of

    step = Milestone(0, MilestoneKind.THRESHOLD, "gmv", 1_000_000.0, major=True)
    record = Milestone(0, MilestoneKind.PERSONAL_BEST, "gmv", 800_000.0, "gmv", True)
    gpm = Milestone(0, MilestoneKind.PERSONAL_BEST, "gmv", 3_500.0, "gpm", True)
    surge = Milestone(0, MilestoneKind.SURGE, "viewers", 32.0)
    assert [_line_of(m) for m in (step, record, gpm, surge, None)] == [
        1_000_000.0, 800_000.0, None, None, None,
    ]  # fmt: skip


def test_two_videos_of_one_moment_never_share_a_file(tmp_path: Path) -> None:
    from app.exports.video import reserve

    a = reserve(tmp_path / "cards" / "m.mp4")
    b = reserve(tmp_path / "cards" / "m.mp4")  # the first is still being made
    assert a.name == "m.mp4" and b.name == "m-2.mp4"
    assert (tmp_path / "cards" / "m.mp4.part").exists()
