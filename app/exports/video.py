"""MP4 files the platforms accept: H.264 (yuv420p) with a silent AAC track,
the index (moov) before the media (faststart), written with PyAV.

PyAV's wheel carries its own FFmpeg with libx264, so nothing is installed on
the system; frames go to the encoder from memory (no pipe to a second
program) and x264's threads run without the GIL. docs/video.md has the
measurements behind the choice and the settings.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import numpy as np
import numpy.typing as npt

from app.core.messages import QT_TRANSLATE_NOOP, Explained
from app.core.video_spec import VIDEO_CONTEXT

AUDIO_RATE = 48_000
AUDIO_FRAME = 1024
"""Samples per AAC frame."""
PRESET = "veryfast"
"""x264's speed: 'veryfast' made a 15 s 1080×1920 video in half the time
'medium' did, at a size (about 2 MB) no platform objects to."""
CRF = 20


class VideoError(Explained, Exception):
    """The video could not be written (the reason is in words)."""

    context = VIDEO_CONTEXT


def _cannot_write(path: Path, exc: BaseException) -> VideoError:
    return VideoError(
        QT_TRANSLATE_NOOP("video", "cannot write {path}: {error}"), path=path, error=exc
    )


@dataclass(frozen=True)
class VideoFacts:
    """What a reader finds in a written file."""

    container: str
    video_codec: str
    pixel_format: str
    width: int
    height: int
    fps: float
    duration_s: float
    frames: int
    audio_codec: str | None
    audio_rate: int | None
    size_bytes: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "container": self.container,
            "video_codec": self.video_codec,
            "pixel_format": self.pixel_format,
            "width": self.width,
            "height": self.height,
            "fps": self.fps,
            "duration_s": round(self.duration_s, 3),
            "frames": self.frames,
            "audio_codec": self.audio_codec,
            "audio_rate": self.audio_rate,
            "size_bytes": self.size_bytes,
        }


class Mp4Writer:
    """Frames in (BGRA, as a QImage's ARGB32 lies in memory), an MP4 out.

    The file is written beside its target as `.part` and renamed once
    complete, so a video that fails half way never looks finished. Use as a
    context manager: leaving with an error removes the part file."""

    def __init__(self, path: Path, width: int, height: int, fps: int, *, threads: int = 0) -> None:
        import av

        if width % 2 or height % 2:
            raise VideoError(
                QT_TRANSLATE_NOOP("video", "yuv420p needs an even size, not {w}×{h}"),
                w=width,
                h=height,
            )
        self.path = Path(path)
        self.part = self.path.with_name(self.path.name + ".part")
        self.width, self.height, self.fps = width, height, fps
        self.frames = 0
        self._audio_samples = 0
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # The part file is made here, or found already made by `reserve`
            # (which took the name so two makers never share it).
            self._out = av.open(
                str(self.part), "w", format="mp4", options={"movflags": "+faststart"}
            )
        except (OSError, av.FFmpegError) as exc:
            raise _cannot_write(self.path, exc) from exc
        video = self._out.add_stream("libx264", rate=fps)
        video.width, video.height = width, height
        video.pix_fmt = "yuv420p"
        video.codec_context.options = {"preset": PRESET, "crf": str(CRF)}
        if threads:
            video.codec_context.thread_count = threads
        self._video = video
        audio = self._out.add_stream("aac", rate=AUDIO_RATE)
        audio.layout = "stereo"
        self._audio = audio
        self._silence = np.zeros((2, AUDIO_FRAME), dtype=np.float32)

    def __enter__(self) -> Mp4Writer:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if kind is None:
            self.close()
        else:
            self.abandon()

    def add(self, bgra: npt.NDArray[np.uint8]) -> None:
        """One frame, `height × width × 4` bytes in BGRA order."""
        import av

        if bgra.shape != (self.height, self.width, 4):
            raise VideoError(
                QT_TRANSLATE_NOOP("video", "a frame of {got}, not {want}"),
                got=bgra.shape,
                want=(self.height, self.width, 4),
            )
        frame = av.VideoFrame.from_ndarray(bgra, format="bgra")
        frame.pts = self.frames
        try:
            self._mux(self._video.encode(frame))
            self.frames += 1
            # Silence keeps pace with the pictures, so the two interleave.
            self._audio_until(self.frames / self.fps)
        except (OSError, av.FFmpegError) as exc:  # the disk filled up, say
            self.abandon()
            raise _cannot_write(self.path, exc) from exc

    def _audio_until(self, seconds: float) -> None:
        import av

        want = round(seconds * AUDIO_RATE)
        while self._audio_samples < want:
            n = min(AUDIO_FRAME, want - self._audio_samples)
            chunk = self._silence[:, :n] if n < AUDIO_FRAME else self._silence
            frame = av.AudioFrame.from_ndarray(
                np.ascontiguousarray(chunk), format="fltp", layout="stereo"
            )
            frame.sample_rate = AUDIO_RATE
            frame.pts = self._audio_samples
            self._mux(self._audio.encode(frame))
            self._audio_samples += n

    def _mux(self, packets: Any) -> None:
        for packet in packets:
            self._out.mux(packet)

    def close(self) -> None:
        """Flush the encoders, write the index first, and put the file in place."""
        import av

        try:
            self._mux(self._video.encode(None))
            self._audio_until(self.frames / self.fps)
            self._mux(self._audio.encode(None))
            self._out.close()
            os.replace(self.part, self.path)
        except (OSError, av.FFmpegError) as exc:
            self.abandon()
            raise _cannot_write(self.path, exc) from exc

    def abandon(self) -> None:
        """Stop and remove the part file."""
        with contextlib.suppress(Exception):
            self._out.close()
        with contextlib.suppress(OSError):
            self.part.unlink()


def reserve(path: Path) -> Path:
    """`path`, or `name-2.mp4`, `name-3.mp4`… : the first whose file and part
    file are both free, its part file created at once (exclusively), so two
    videos made at the same time never write into one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 1
    while True:
        candidate = path if n == 1 else path.with_name(f"{path.stem}-{n}{path.suffix}")
        part = candidate.with_name(candidate.name + ".part")
        if not candidate.exists():
            try:
                with open(part, "xb"):
                    return candidate
            except FileExistsError:
                pass
        n += 1


def probe(path: Path) -> VideoFacts:
    """Open a written file and say what is in it."""
    import av

    try:
        with av.open(str(path)) as box:
            video = box.streams.video[0]
            audio = box.streams.audio[0] if box.streams.audio else None
            duration = (box.duration or 0) / av.time_base
            return VideoFacts(
                container=box.format.name,
                video_codec=video.codec_context.name,
                pixel_format=video.codec_context.pix_fmt or "",
                width=video.codec_context.width,
                height=video.codec_context.height,
                fps=float(video.average_rate or 0),
                duration_s=float(duration),
                frames=int(video.frames),
                audio_codec=audio.codec_context.name if audio is not None else None,
                audio_rate=audio.codec_context.sample_rate if audio is not None else None,
                size_bytes=Path(path).stat().st_size,
            )
    except (OSError, av.FFmpegError, IndexError) as exc:
        raise VideoError(
            QT_TRANSLATE_NOOP("video", "cannot read {path}: {error}"), path=path, error=exc
        ) from exc
