"""What is said: one neutral `Notice` per event, in the user's language.

Each builder takes plain values (numbers through the `NumberFormat` passed
in) and returns a `Notice`; `platforms` turns a notice into each robot's
body. A notice is also what the spool keeps, so it round-trips through JSON
(`to_dict` / `from_dict`).
"""

from __future__ import annotations

import base64
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from app.core.messages import QT_TRANSLATE_NOOP, say, translate
from app.core.milestones import Milestone
from app.core.numbers import NumberFormat
from app.core.session import SessionSummary

WAN = 10_000
MONTHLY_THRESHOLDS_YUAN = (50 * WAN, 200 * WAN, 500 * WAN)
"""A streamer's month passing 50万 / 200万 / 500万 GMV is worth telling the team."""

JsonValue = str | int | float | bool | None


@dataclass(frozen=True)
class Notice:
    """One thing to tell the team, before any platform's shape."""

    event: str
    title: str
    lines: tuple[str, ...] = ()
    image: bytes | None = None
    """PNG or JPEG bytes (the moment card), sent where the platform takes images."""
    link: str | None = None
    streamer: str | None = None
    session_id: int | None = None
    values: Mapping[str, JsonValue] = field(default_factory=dict)
    """Machine-readable figures for the JSON webhook (money in fen)."""
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    created_ms: int = field(default_factory=lambda: int(time.time() * 1000))
    file: str | None = None
    """A file (the moment video) sent where the platform takes files (WeCom);
    a notice with one goes to no other platform. Its path: read when sent."""

    @property
    def text(self) -> str:
        """Title and lines as plain text."""
        return "\n".join((self.title, *self.lines))

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "event": self.event,
            "title": self.title,
            "lines": list(self.lines),
            "image": base64.b64encode(self.image).decode("ascii") if self.image else None,
            "link": self.link,
            "streamer": self.streamer,
            "session_id": self.session_id,
            "values": dict(self.values),
            "created_ms": self.created_ms,
            "file": self.file,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Notice:
        image = d.get("image")
        return cls(
            event=str(d["event"]),
            title=str(d["title"]),
            lines=tuple(str(x) for x in d.get("lines") or ()),
            image=base64.b64decode(image) if image else None,
            link=d.get("link"),
            streamer=d.get("streamer"),
            session_id=d.get("session_id"),
            values=dict(d.get("values") or {}),
            id=str(d.get("id") or uuid.uuid4().hex),
            created_ms=int(d.get("created_ms") or 0),
            file=str(d["file"]) if d.get("file") else None,
        )


def image_type(data: bytes) -> str | None:
    """ "png" or "jpeg" from the file's first bytes, else None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    return None


def _say(template: str, **fields: Any) -> str:
    return say("notify", template, **fields)


def _clock(ms: int, utc_offset_min: int) -> str:
    tz = timezone(timedelta(minutes=utc_offset_min))
    return datetime.fromtimestamp(ms / 1000, tz=UTC).astimezone(tz).strftime("%H:%M")


def go_live(
    streamer: str,
    started_ms: int,
    utc_offset_min: int = 0,
    *,
    title: str | None = None,
    session_id: int | None = None,
    link: str | None = None,
) -> Notice:
    """The session started recording."""
    lines = [
        _say(
            QT_TRANSLATE_NOOP("notify", "Started at {time}"),
            time=_clock(started_ms, utc_offset_min),
        )
    ]
    if title:
        lines.append(title)
    return Notice(
        "go_live",
        _say(QT_TRANSLATE_NOOP("notify", "{streamer} is live"), streamer=streamer),
        tuple(lines),
        link=link,
        streamer=streamer,
        session_id=session_id,
        values={"started_ms": started_ms, "utc_offset_min": utc_offset_min},
    )


def session_summary(
    streamer: str,
    summary: SessionSummary,
    fmt: NumberFormat,
    *,
    session_id: int | None = None,
    link: str | None = None,
) -> Notice:
    """The end of a session: duration, peak viewers, GMV (and in its first
    15 / 30 minutes), orders, GPM. Figures the session lacks are left out."""
    rows: list[tuple[str, str | None]] = [
        (QT_TRANSLATE_NOOP("notify", "Duration {value}"), fmt.duration(summary.duration_s)),
        (
            QT_TRANSLATE_NOOP("notify", "Peak viewers {value}"),
            None if summary.peak_viewers is None else fmt.count(summary.peak_viewers),
        ),
        (
            QT_TRANSLATE_NOOP("notify", "GMV {value}"),
            None if summary.gmv_fen is None else fmt.money_fen(summary.gmv_fen),
        ),
        (
            QT_TRANSLATE_NOOP("notify", "GMV in the first 15 min {value}"),
            None if summary.gmv_15m_fen is None else fmt.money_fen(summary.gmv_15m_fen),
        ),
        (
            QT_TRANSLATE_NOOP("notify", "GMV in the first 30 min {value}"),
            None if summary.gmv_30m_fen is None else fmt.money_fen(summary.gmv_30m_fen),
        ),
        (
            QT_TRANSLATE_NOOP("notify", "Orders {value}"),
            None if summary.orders is None else fmt.count(summary.orders),
        ),
        (
            QT_TRANSLATE_NOOP("notify", "GPM {value}"),
            None if summary.gpm_fen is None else fmt.money_fen(summary.gpm_fen),
        ),
    ]
    lines = tuple(_say(t, value=v) for t, v in rows if v is not None)
    return Notice(
        "session_summary",
        _say(QT_TRANSLATE_NOOP("notify", "Session ended: {streamer}"), streamer=streamer),
        lines,
        link=link,
        streamer=streamer,
        session_id=session_id,
        values={
            "duration_s": round(summary.duration_s, 1),
            "peak_viewers": summary.peak_viewers,
            "gmv_fen": summary.gmv_fen,
            "gmv_15m_fen": summary.gmv_15m_fen,
            "gmv_30m_fen": summary.gmv_30m_fen,
            "orders": summary.orders,
            "gpm_fen": summary.gpm_fen,
        },
    )


def moment_video(
    streamer: str,
    m: Milestone,
    fmt: NumberFormat,
    video: Path,
    *,
    started_ms: int | None = None,
    session_id: int | None = None,
    tr: Callable[[str], str] | None = None,
) -> Notice:
    """A milestone's moment video (the MP4), for the robots that take files."""
    what = m.describe(fmt, tr or _milestone_tr, started_ms)
    return Notice(
        "milestone",
        _say(QT_TRANSLATE_NOOP("notify", "Moment video: {what}"), what=what),
        (_say(QT_TRANSLATE_NOOP("notify", "Streamer: {streamer}"), streamer=streamer),),
        streamer=streamer,
        session_id=session_id,
        values={"kind": "moment_video", "metric": m.metric, "value": m.value, "file": video.name},
        file=str(video),
    )


def _milestone_tr(text: str) -> str:
    return translate("milestones", text)


def milestone(
    streamer: str,
    m: Milestone,
    fmt: NumberFormat,
    *,
    started_ms: int | None = None,
    card: bytes | Path | None = None,
    session_id: int | None = None,
    link: str | None = None,
    tr: Callable[[str], str] = _milestone_tr,
) -> Notice:
    """A milestone (大屏破百万 …), with the moment card's PNG when there is one:
    sent as an image to WeCom; Feishu custom bots and DingTalk robots cannot
    take an uploaded image, so there it goes as a card / markdown without it."""
    image = card.read_bytes() if isinstance(card, Path) else card
    if image is not None and image_type(image) is None:
        image = None
    return Notice(
        "milestone",
        m.describe(fmt, tr, started_ms),
        (_say(QT_TRANSLATE_NOOP("notify", "Streamer: {streamer}"), streamer=streamer),),
        image=image,
        link=link,
        streamer=streamer,
        session_id=session_id,
        values={
            "kind": m.kind.value,
            "metric": m.metric,
            "value": m.value,
            "detail": m.detail,
            "major": m.major,
            "ts_ms": m.ts_ms,
        },
    )


def rule_alert(
    streamer: str,
    text: str,
    *,
    rule: str | None = None,
    session_id: int | None = None,
    link: str | None = None,
) -> Notice:
    """An alert rule fired; `text` is the rule's own words (already translated)."""
    return Notice(
        "rule_alert",
        _say(QT_TRANSLATE_NOOP("notify", "Alert: {streamer}"), streamer=streamer),
        (text,),
        link=link,
        streamer=streamer,
        session_id=session_id,
        values={"rule": rule},
    )


def crossed_thresholds(
    before_fen: int | None,
    after_fen: int,
    thresholds_yuan: tuple[int, ...] = MONTHLY_THRESHOLDS_YUAN,
) -> list[int]:
    """The monthly steps (yuan) the month's GMV went past between two sums."""
    low = -1 if before_fen is None else before_fen
    return [t for t in thresholds_yuan if low < t * 100 <= after_fen]


def threshold_crossed(
    streamer: str,
    month: str,
    threshold_yuan: int,
    gmv_fen: int,
    fmt: NumberFormat,
    *,
    link: str | None = None,
) -> Notice:
    """A streamer's GMV this month passed a step (50万 / 200万 / 500万);
    `month` as the user reads it ("2026-12")."""
    return Notice(
        "threshold_crossed",
        _say(
            QT_TRANSLATE_NOOP("notify", "{streamer} passed {threshold} GMV this month"),
            streamer=streamer,
            threshold=fmt.money(threshold_yuan),
        ),
        (
            _say(
                QT_TRANSLATE_NOOP("notify", "GMV in {month}: {gmv}"),
                month=month,
                gmv=fmt.money_fen(gmv_fen),
            ),
        ),
        link=link,
        streamer=streamer,
        values={"month": month, "threshold_fen": threshold_yuan * 100, "gmv_fen": gmv_fen},
    )


def trial_notice(target_name: str) -> Notice:
    """What the settings' "Send test" button sends."""
    return Notice(
        "test",
        translate("notify", QT_TRANSLATE_NOOP("notify", "Genbo test message")),
        (
            _say(
                QT_TRANSLATE_NOOP("notify", "If you can read this, “{name}” is set up."),
                name=target_name,
            ),
        ),
    )
