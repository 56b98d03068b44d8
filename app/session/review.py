"""Loading a stored session for review (复盘). Blocking: run it off the GUI thread."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from app.core.alerts import Alert
from app.core.columns import SessionColumns
from app.core.highlights import (
    Highlight,
    highlight_from_record,
    milestone_from_record,
)
from app.core.metrics import Gap
from app.core.milestones import Milestone
from app.core.segments import Segment, SegmentStats, segment_from_record, segment_stats
from app.core.series import SeriesSet
from app.core.session import SessionInfo
from app.core.stats import SessionStats, StatsSnapshot
from app.exports import ExportInput
from app.storage.repository import Repository

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReviewData:
    info: SessionInfo
    series: SeriesSet
    snapshot: StatsSnapshot
    gaps: list[Gap]
    milestones: list[Milestone]
    highlights: list[Highlight]
    segments: list[Segment]
    alerts: list[Alert] = field(default_factory=list)
    """The rule alerts raised while it was live (shown in the review's feed)."""


def load_review(
    repo: Repository,
    session_id: int,
    progress: Callable[[float, str], None] | None = None,
) -> ReviewData:
    """Everything a review tab shows. Reading the samples is most of the work
    for a long session; `progress` hears the share done and the stage
    ("samples", "plots", "figures", "done"), which the window words."""

    def report(fraction: float, text: str) -> None:
        if progress is not None:
            progress(fraction, text)

    report(0.0, "samples")
    info = repo.get_session(session_id)
    columns = repo.load_columns(session_id, progress=lambda f: report(0.6 * f, "samples"))
    report(0.6, "plots")
    gaps = repo.load_gaps(session_id)
    series = SeriesSet(info.started_ms, capacity=16)
    series.load(columns, gaps)
    report(0.8, "figures")
    stats = SessionStats.from_columns(info.started_ms, columns)
    milestones, highlights, segments = _events(repo, session_id)
    snap = stats.snapshot(info.summary.duration_s)
    report(1.0, "done")
    alerts = _alerts(repo, session_id)
    return ReviewData(info, series, snap, gaps, milestones, highlights, segments, alerts)


def _alerts(repo: Repository, session_id: int) -> list[Alert]:
    """The stored rule alerts; one whose payload cannot be read is left out
    (the review still opens), with a line in the log."""
    out = []
    for record in repo.load_events(session_id):
        if record.kind != "alert":
            continue
        try:
            out.append(Alert.from_dict(record.payload))
        except (KeyError, TypeError, ValueError) as exc:
            log.warning("session %s: alert %s unreadable (%s)", session_id, record.uid, exc)
    return out


def _events(
    repo: Repository, session_id: int
) -> tuple[list[Milestone], list[Highlight], list[Segment]]:
    milestones, highlights, segments = [], [], []
    for record in repo.load_events(session_id):
        if record.kind == "milestone":
            milestones.append(milestone_from_record(record))
        elif record.kind == "highlight":
            highlights.append(highlight_from_record(record))
        elif record.kind == "segment":
            segments.append(segment_from_record(record))
    return milestones, highlights, segments


def load_export_input(
    repo: Repository,
    session_id: int,
    with_samples: bool,
    progress: Callable[[float], None] | None = None,
) -> ExportInput:
    """What an export needs; samples only for the formats that carry them (JSON)
    or need them (segment figures). `progress` hears the share of samples read."""
    info = repo.get_session(session_id)
    milestones, highlights, segments = _events(repo, session_id)
    wanted = with_samples or segments
    columns = repo.load_columns(session_id, progress) if wanted else SessionColumns()
    seg_stats: list[SegmentStats] = []
    if segments:
        series = SeriesSet(info.started_ms, capacity=16)
        series.load(columns)
        end = info.ended_ms or info.started_ms + round(info.summary.duration_s * 1000)
        seg_stats = segment_stats(segments, series, end)
    return ExportInput(
        info=info,
        highlights=highlights,
        milestones=milestones,
        gaps=repo.load_gaps(session_id),
        columns=columns if with_samples else SessionColumns(),
        duration_s=info.summary.duration_s,
        segments=seg_stats,
        events=repo.load_events(session_id),
    )
