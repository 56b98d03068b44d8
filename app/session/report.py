"""Loading what the 复盘 report and the workbook show: the review, every
derived figure against the streamer's median of their previous sessions, the
ranks, the segments ranked by GMV. Blocking: run it off the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields

from app.core.figures import (
    Comparison,
    Figure,
    ranked_segments,
)
from app.core.segments import SegmentStats, segment_stats
from app.core.session import SessionInfo
from app.core.stats import SessionStats
from app.exports.xlsx import WorkbookInput
from app.session.library import review_figures
from app.session.review import ReviewData, load_export_input, load_review
from app.storage.repository import Repository

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class ReportData:
    review: ReviewData
    comparison: Comparison
    """Every figure (`comparison.rows[i].figure`) with its median, change and rank."""
    segments: list[SegmentStats]
    """Highest GMV first."""

    @property
    def info(self) -> SessionInfo:
        return self.review.info

    @property
    def figures(self) -> list[Figure]:
        return [r.figure for r in self.comparison.rows]

    @property
    def end_ms(self) -> int:
        """Where the plots end: the session's end, else its clock."""
        info = self.info
        if info.ended_ms is not None:
            return info.ended_ms
        return info.started_ms + round(max(info.summary.duration_s, 0.0) * 1000)


def load_report(repo: Repository, session_id: int, progress: Progress | None = None) -> ReportData:
    """Everything the one-page report draws. `progress` hears the share done
    and the stage (`load_review`'s, then "history", "done")."""

    def report(fraction: float, text: str) -> None:
        if progress is not None:
            progress(fraction, text)

    review = load_review(repo, session_id, lambda f, s: report(0.85 * f, s))
    info = review.info
    report(0.85, "history")
    comparison = review_figures(repo, info, review.snapshot)
    end = info.ended_ms or info.started_ms + round(info.summary.duration_s * 1000)
    segments = ranked_segments(segment_stats(review.segments, review.series, end))
    report(1.0, "done")
    return ReportData(review, comparison, segments)


def load_workbook_input(
    repo: Repository, session_id: int, progress: Progress | None = None
) -> WorkbookInput:
    """What the workbook (`genbo export ID --format xlsx`) needs: the export
    input with every sample (for the minute sheet) and the comparison."""

    def report(fraction: float, text: str) -> None:
        if progress is not None:
            progress(fraction, text)

    data = load_export_input(
        repo, session_id, with_samples=True, progress=lambda f: report(0.85 * f, "samples")
    )
    info = data.info
    report(0.85, "history")
    snap = None
    if data.columns:
        stats = SessionStats.from_columns(info.started_ms, data.columns)
        snap = stats.snapshot(info.summary.duration_s)
    comparison = review_figures(repo, info, snap)
    report(1.0, "done")
    values = {f.name: getattr(data, f.name) for f in fields(data)}
    return WorkbookInput(**values, comparison=comparison)
