"""Loading a stored session for review (复盘). Blocking: run it off the GUI thread."""

from __future__ import annotations

from dataclasses import dataclass

from app.core.highlights import (
    Highlight,
    highlight_from_record,
    milestone_from_record,
)
from app.core.metrics import Gap
from app.core.milestones import Milestone
from app.core.series import SeriesSet
from app.core.session import SessionInfo
from app.core.stats import SessionStats, StatsSnapshot
from app.exports import ExportInput
from app.storage.repository import Repository


@dataclass(frozen=True)
class ReviewData:
    info: SessionInfo
    series: SeriesSet
    snapshot: StatsSnapshot
    gaps: list[Gap]
    milestones: list[Milestone]
    highlights: list[Highlight]


def load_review(repo: Repository, session_id: int) -> ReviewData:
    info = repo.get_session(session_id)
    samples = repo.load_samples(session_id)
    series = SeriesSet(info.started_ms, capacity=len(samples) + 16)
    series.add_samples(samples)
    gaps = repo.load_gaps(session_id)
    for gap in gaps:
        series.add_gap(gap)
    stats = SessionStats(started_ms=info.started_ms)
    stats.extend(samples)
    milestones, highlights = [], []
    for record in repo.load_events(session_id):
        if record.kind == "milestone":
            milestones.append(milestone_from_record(record))
        elif record.kind == "highlight":
            highlights.append(highlight_from_record(record))
    snap = stats.snapshot(info.summary.duration_s)
    return ReviewData(info, series, snap, gaps, milestones, highlights)


def load_export_input(repo: Repository, session_id: int, with_samples: bool) -> ExportInput:
    """What an export needs; samples only for the formats that carry them (JSON)."""
    info = repo.get_session(session_id)
    milestones, highlights = [], []
    for record in repo.load_events(session_id):
        if record.kind == "milestone":
            milestones.append(milestone_from_record(record))
        elif record.kind == "highlight":
            highlights.append(highlight_from_record(record))
    return ExportInput(
        info=info,
        highlights=highlights,
        milestones=milestones,
        gaps=repo.load_gaps(session_id),
        samples=repo.load_samples(session_id) if with_samples else [],
        duration_s=info.summary.duration_s,
    )
