"""Moment videos in the window: the demo makes one by itself when GMV passes
¥100万, the Highlights panel shows its progress and offers to open it, the
banner too, and a highlight's Video button makes one on demand."""

from __future__ import annotations

import pytest

from app.exports.video import probe

pytestmark = [pytest.mark.gui, pytest.mark.slow, pytest.mark.moment_videos]


def test_the_demo_makes_a_video_at_100_wan_and_the_panel_offers_it(qtbot, window) -> None:
    window.ctx.settings.moment_video_s = 10.0
    window.ctx.settings.viewers_ladder = []  # GMV's steps only: one video to wait for
    with qtbot.waitSignal(window.liveStarted, timeout=10_000) as started:
        window.start_demo(speed=300, seed=1)
    live = started.args[0]
    view = window.live_view
    cards = window.ctx.paths.data_dir / "cards"
    made = []
    view.videoSaved.connect(made.append)

    # GMV passes ¥100万 at 16:35 of the show: its video is made while the
    # show goes on, with its progress in the panel.
    panel = view.highlights  # in a side tab: shown to the panel, not necessarily on screen
    qtbot.waitUntil(lambda: panel.video_progress.isVisibleTo(panel), timeout=15_000)
    assert "Making the video" in view.highlights.video_status.text()
    qtbot.waitUntil(lambda: any(p.name.endswith("_gmv.mp4") for p in made), timeout=60_000)
    gmv = next(p for p in made if p.name.endswith("_gmv.mp4"))
    assert gmv.parent == cards
    crossing = next(
        m for m in live.recorder.milestones if m.metric == "gmv" and m.value == 1_000_000
    )
    assert crossing.major
    facts = probe(gmv)
    assert (facts.width, facts.height, facts.video_codec) == (1080, 1920, "h264")
    assert facts.duration_s == pytest.approx(10.0, abs=0.2) and facts.audio_codec == "aac"
    qtbot.waitUntil(lambda: panel.open_video.isVisibleTo(panel), timeout=5_000)
    # The banner offers the video of the moment it shows, never another's.
    if not view.banner.isHidden():
        if view._banner_moment_ms == crossing.ts_ms:
            assert not view.banner.video.isHidden() and view._banner_video == gmv
            assert not view.banner.folder.isHidden()
        else:  # a later milestone, whose video is not made yet
            assert view.banner.video.isHidden()
    assert view.highlights.video_status.text().startswith("Video saved")
    assert view.videos.last in made

    # The show ends (no more milestones, nor their videos); a highlight's
    # Video button makes one more, for the moment the operator chose.
    window.stop_session()
    qtbot.waitUntil(lambda: live.ended, timeout=10_000)
    qtbot.waitUntil(lambda: not view.videos.busy, timeout=60_000)
    view.highlights.table.selectRow(0)
    n = len(made)
    view.highlights.video.click()
    qtbot.waitUntil(lambda: len(made) > n, timeout=60_000)
    assert made[-1].exists() and probe(made[-1]).frames == 300


def test_the_team_robot_that_takes_files_gets_the_video(qtbot, window, robots) -> None:
    """A WeCom robot in the settings: after the milestone and its card, the
    video is uploaded and sent as a file, read back byte for byte."""
    from app.config.settings import Settings
    from app.notify.targets import Target
    from app.ui.dialogs.session import NewSessionSpec
    from tests.ui.helpers import enter

    new = Settings(**{**window.ctx.settings.__dict__})
    new.moment_video_s = 10.0
    target = Target.create("wecom", "运营群", robots.url("wecom"), ("milestone",))
    new.notify_targets = [target.to_dict()]
    window.apply_settings(new)
    with qtbot.waitSignal(window.liveStarted, timeout=10_000):
        window.start_session(NewSessionSpec("庆祝主播", "破百万", ()))
    made = []
    window.live_view.videoSaved.connect(made.append)
    enter(qtbot, window, "gmv 1000")
    enter(qtbot, window, "gmv 99万")
    enter(qtbot, window, "gmv 101万")
    qtbot.waitUntil(lambda: bool(made), timeout=60_000)
    qtbot.waitUntil(
        lambda: any(h.doc and h.doc.get("msgtype") == "file" for h in robots.of("wecom")),
        timeout=15_000,
    )
    (upload,) = robots.of("wecom_upload")
    assert upload.query["type"] == ["file"]
    file_message = next(h for h in robots.of("wecom") if h.doc.get("msgtype") == "file")
    assert file_message.answer == {"errcode": 0, "errmsg": "ok"}
    name, data = robots.media[file_message.doc["file"]["media_id"]]
    assert name == made[0].name and data == made[0].read_bytes()
