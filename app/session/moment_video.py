"""Finding a stored session's moments for a moment video (`genbo video`), and
where moment videos are saved. Blocking: run it off the GUI thread."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.config.formatting import number_format
from app.config.i18n import tr
from app.core.highlights import Highlight, highlight_from_record, milestone_from_record
from app.core.messages import QT_TRANSLATE_NOOP, Explained
from app.core.milestones import Milestone, MilestoneKind
from app.core.numbers import format_elapsed
from app.core.series import SeriesSet
from app.core.session import SessionInfo
from app.core.video_spec import VIDEO_CONTEXT
from app.storage.repository import Repository


class MomentNotFoundError(Explained, LookupError):
    """The session has no such milestone or highlight (the message lists what it has)."""

    context = VIDEO_CONTEXT


@dataclass(frozen=True)
class MomentChoice:
    """A moment a video can be made of: a milestone (numbered from 1 in time
    order, as `genbo video --list` shows them) or a highlight (by its id)."""

    kind: str
    """ "milestone" or "highlight"."""
    number: int
    """The milestone's number (highlights: 0)."""
    ts_ms: int
    title: str
    milestone: Milestone | None = None
    highlight: Highlight | None = None

    @property
    def uid(self) -> str:
        return self.highlight.uid if self.highlight is not None else ""

    def as_dict(self, started_ms: int) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": self.kind,
            "at": format_elapsed((self.ts_ms - started_ms) / 1000),
            "ts_ms": self.ts_ms,
            "title": self.title,
        }
        if self.milestone is not None:
            out.update(
                number=self.number,
                metric=self.milestone.metric,
                value=self.milestone.value,
                major=self.milestone.major,
            )
        if self.highlight is not None:
            out.update(uid=self.highlight.uid, note=self.highlight.note)
        return out


def moments(repo: Repository, session_id: int) -> tuple[SessionInfo, list[MomentChoice]]:
    """The session and its moments: milestones first (in time order, numbered),
    then highlights (in time order). The level a metric had when Genbo joined
    is no milestone of the session's and is left out."""
    info = repo.get_session(session_id)
    found: list[Milestone] = []
    highlights: list[Highlight] = []
    for record in repo.load_events(session_id):
        if record.kind == "milestone":
            m = milestone_from_record(record)
            if m.kind is not MilestoneKind.JOINED:
                found.append(m)
        elif record.kind == "highlight":
            highlights.append(highlight_from_record(record))
    found.sort(key=lambda m: m.ts_ms)
    highlights.sort(key=lambda h: h.mark_ms)
    out = [
        MomentChoice("milestone", i, m.ts_ms, _describe(m), milestone=m)
        for i, m in enumerate(found, start=1)
    ]
    out += [MomentChoice("highlight", 0, h.mark_ms, h.title, highlight=h) for h in highlights]
    return info, out


@dataclass(frozen=True)
class StoredMoment:
    info: SessionInfo
    series: SeriesSet
    choice: MomentChoice
    milestone: Milestone | None
    """The milestone at this moment: the one chosen, or the one a highlight
    was made for (its metric and threshold are what the video counts up to)."""


def load_moment(
    repo: Repository,
    session_id: int,
    *,
    milestone: int | None = None,
    highlight: str | None = None,
) -> StoredMoment:
    """A stored session's readings and one of its moments, by milestone number
    or highlight id (a unique prefix of the id is enough)."""
    info, choices = moments(repo, session_id)
    choice: MomentChoice | None = None
    if milestone is not None:
        numbered = [c for c in choices if c.kind == "milestone"]
        if not 1 <= milestone <= len(numbered):
            n = len(numbered)
            template = (
                QT_TRANSLATE_NOOP("video", "session {id} has no milestone {n} (no milestones)")
                if n == 0
                else QT_TRANSLATE_NOOP("video", "session {id} has no milestone {n} (1 milestone)")
                if n == 1
                else QT_TRANSLATE_NOOP(
                    "video", "session {id} has no milestone {n} ({count} milestones)"
                )
            )
            raise MomentNotFoundError(template, id=session_id, n=milestone, count=n)
        choice = numbered[milestone - 1]
    elif highlight is not None:
        wanted = highlight.strip().lower()
        hits = [c for c in choices if c.kind == "highlight" and c.uid.lower().startswith(wanted)]
        if len(hits) != 1 or not wanted:
            have = ", ".join(c.uid for c in choices if c.kind == "highlight")
            template = (
                QT_TRANSLATE_NOOP(
                    "video", "session {id}: several match the highlight id '{text}' (it has: {ids})"
                )
                if len(hits) > 1
                else QT_TRANSLATE_NOOP(
                    "video", "session {id}: none matches the highlight id '{text}' (it has: {ids})"
                )
                if have
                else QT_TRANSLATE_NOOP(
                    "video", "session {id}: none matches the highlight id '{text}' (it has none)"
                )
            )
            raise MomentNotFoundError(template, id=session_id, text=highlight, ids=have)
        choice = hits[0]
    else:
        raise MomentNotFoundError(
            QT_TRANSLATE_NOOP("video", "a milestone number or a highlight id is needed")
        )
    series = SeriesSet(info.started_ms, capacity=16)
    series.load(repo.load_columns(session_id), repo.load_gaps(session_id))
    found = choice.milestone
    if found is None:  # a highlight made for a milestone celebrates it
        for c in choices:
            if c.milestone is not None and c.ts_ms == choice.ts_ms:
                found = c.milestone
    return StoredMoment(info, series, choice, found)


def _describe(m: Milestone) -> str:
    return m.describe(number_format(), lambda text: tr(text, "milestones"))


def video_name(info: SessionInfo, ts_ms: int, metric: str | None) -> str:
    """The file name a moment video is saved under, beside the moment cards."""
    elapsed = format_elapsed((ts_ms - info.started_ms) / 1000).replace(":", "-")
    return f"session{info.id}_{elapsed}_{metric or 'highlight'}.mp4"
