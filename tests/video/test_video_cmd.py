"""`genbo video` as a process, on a stored session in a real SQLite file: the
list of moments, a video read back by PyAV, and the refusals."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tests.video.moments import STREAMER, TARGET, frames_at, store_session, top_level_boxes

pytestmark = pytest.mark.slow


def genbo(
    data_dir: Path, *args: str, timeout: float = 120, lang: str = "en_US.UTF-8"
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LANG": lang}
    env.pop("LC_ALL", None)
    env.pop("LANGUAGE", None)
    env.pop("DISPLAY", None)
    return subprocess.run(
        [sys.executable, "-m", "app", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )


@pytest.fixture
def stored(data_dir: Path, repo: object) -> int:
    return store_session(repo).id


def test_the_moments_are_listed(data_dir: Path, stored: int) -> None:
    r = genbo(data_dir, "video", str(stored), "--list", "--json")
    assert r.returncode == 0, r.stderr
    moments = json.loads(r.stdout)
    assert [m["kind"] for m in moments] == ["milestone", "milestone", "highlight"]
    assert [m.get("number") for m in moments[:2]] == [1, 2]
    assert moments[1]["value"] == TARGET and moments[1]["major"] is True
    assert moments[2]["uid"] == "hl-秒杀" and moments[2]["note"] == "上链接太快了，下次慢点"
    plain = genbo(data_dir, "video", str(stored), "--list")
    assert "--milestone 2" in plain.stdout and "--highlight hl-秒杀" in plain.stdout


def test_a_video_of_a_stored_milestone(data_dir: Path, stored: int, tmp_path: Path) -> None:
    import av

    out = tmp_path / "破百万.mp4"
    r = genbo(
        data_dir, "video", str(stored), "--milestone", "2", "-o", str(out), "--seconds", "10",
        "--json", lang="zh_CN.UTF-8",
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    said = json.loads(r.stdout)
    assert said["path"] == str(out) and said["metric"] == "gmv"
    assert said["moment"]["value"] == TARGET and said["dashboard_s"] == 0
    # Read back by PyAV itself, not by what genbo said of it.
    with av.open(str(out)) as box:
        v = box.streams.video[0].codec_context
        assert (v.name, v.pix_fmt, v.width, v.height) == ("h264", "yuv420p", 1080, 1920)
        assert box.duration / av.time_base == pytest.approx(10.0, abs=0.2)
        assert [a.codec_context.name for a in box.streams.audio] == ["aac"]
    boxes = top_level_boxes(out)
    assert boxes.index("moov") < boxes.index("mdat")
    # In the operator's language: the banner after the crossing, read by OCR.
    from app.sources.ocr import OcrEngine
    from app.ui.view.moment_video import HEADLINE_RECT

    (after,) = frames_at(out, [said["crossing_s"] + 1.0])
    r_ = HEADLINE_RECT.toRect()
    crop = np.ascontiguousarray(after[r_.y() : r_.bottom(), r_.x() : r_.right()])
    assert [line.text for line in OcrEngine().read([crop])[0]][:1] == ["大屏破百万"]
    assert STREAMER not in r.stderr  # progress lines only, then where it went


def test_refusals_say_why_and_write_nothing(data_dir: Path, stored: int, tmp_path: Path) -> None:
    cases = [
        (["--milestone", "9"], 1, "has no milestone 9 (2 milestones)"),
        (["--highlight", "nope"], 1, "none matches the highlight id 'nope'"),
        (["--milestone", "2", "--seconds", "25"], 2, "10–20 s"),
        (["--milestone", "2", "-o", str(tmp_path / "v.mov")], 2, "written as .mp4"),
    ]
    for args, code, words in cases:
        r = genbo(data_dir, "video", str(stored), *args)
        assert r.returncode == code, (args, r.stderr)
        assert words in r.stderr, (args, r.stderr)
    r = genbo(data_dir, "video", "999", "--milestone", "1")
    assert r.returncode == 1 and "999" in r.stderr
    assert not list(tmp_path.glob("v.*"))
    assert not (data_dir / "cards").exists()


def test_without_o_the_video_goes_beside_the_cards(data_dir: Path, stored: int) -> None:
    r = genbo(data_dir, "video", str(stored), "--highlight", "hl", "--seconds", "10", "--json")
    assert r.returncode == 0, r.stderr
    path = Path(json.loads(r.stdout)["path"])
    assert path.parent == data_dir / "cards" and path.name.endswith("_gmv.mp4")
    assert path.stat().st_size > 10_000
