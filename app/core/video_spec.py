"""What a moment video is (its size, rate and length), without numpy: the
command line's parser reads these before anything heavy is imported."""

from __future__ import annotations

import math

from app.core.messages import QT_TRANSLATE_NOOP, Explained

VIDEO_W, VIDEO_H = 1080, 1920
"""Vertical 9:16, the size Kuaishou and Douyin take full screen."""
FPS = 30
MIN_SECONDS, MAX_SECONDS, DEFAULT_SECONDS = 10, 20, 15


VIDEO_CONTEXT = "video"
"""Where the moment video's messages are translated."""


class LengthError(Explained, ValueError):
    context = VIDEO_CONTEXT


def check_seconds(seconds: float) -> float:
    """A video's length, refused outside 10–20 s."""
    if not math.isfinite(seconds) or not MIN_SECONDS <= seconds <= MAX_SECONDS:
        raise LengthError(
            QT_TRANSLATE_NOOP("video", "a moment video is {lo}–{hi} s long, not {seconds}"),
            lo=MIN_SECONDS,
            hi=MAX_SECONDS,
            seconds=f"{seconds:g}",
        )
    return float(seconds)
