"""The session library's housekeeping, shared by the window and the CLI."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from app.core.figures import MEDIAN_SESSIONS, Comparison, compare_with_history, session_figures
from app.core.library import TRASH_DAYS
from app.core.session import SessionDetail, SessionInfo, now_ms
from app.core.stats import StatsSnapshot
from app.session.review import ReviewData, load_review
from app.storage.repository import Repository

log = logging.getLogger(__name__)


def tidy(repo: Repository, progress: Callable[[float], None] | None = None) -> tuple[int, int]:
    """What opening the library does first: empty the trash of sessions put
    there more than `TRASH_DAYS` ago, and recompute the summaries of sessions
    stored before Genbo kept every figure the library shows. Returns (purged,
    recomputed)."""
    purged = repo.purge_trash(older_than_ms=now_ms() - TRASH_DAYS * 86_400_000)
    recomputed = repo.refresh_old_summaries(progress)
    if purged or recomputed:
        log.info(
            "library: %d old sessions left the trash, %d summaries recomputed", purged, recomputed
        )
    return purged, recomputed


# -- the review's figures against the streamer's history -------------------------------


@dataclass(frozen=True)
class LibraryReview:
    """A review tab's data: the session as `load_review` reads it, and every
    derived figure against the streamer's earlier sessions."""

    review: ReviewData
    comparison: Comparison

    @property
    def info(self) -> SessionInfo:
        return self.review.info


def review_figures(
    repo: Repository, info: SessionInfo, snapshot: StatsSnapshot | None = None
) -> Comparison:
    """`info`'s figures against the streamer's: the median over the
    `MEDIAN_SESSIONS` finished sessions started before it, the rank among all
    of the streamer's finished sessions (this one counted once, also when it
    is still live). Two reads of the session rows, never of samples: the
    figures are the stored summaries' (`app.core.figures`), so a summary-only
    session is measured exactly as a full one. `snapshot` fills what an older
    full session's row lacks."""
    sid = info.streamer.id
    previous = repo.streamer_history(sid, before_ms=info.started_ms, limit=MEDIAN_SESSIONS)
    others = [s for s in repo.streamer_history(sid) if s.id != info.id]
    current = session_figures(info.summary, snapshot)
    return compare_with_history(current, [s.summary for s in previous], [s.summary for s in others])


def load_library_review(
    repo: Repository,
    session_id: int,
    progress: Callable[[float, str], None] | None = None,
) -> LibraryReview:
    """What the window's review tab shows, read off the GUI thread in one job:
    the review (its stages as `load_review` reports them, then "history") and
    the figures against the median. A summary-only session has no samples to
    read; its review is its figures."""

    def report(fraction: float, stage: str) -> None:
        if progress is not None:
            progress(fraction, stage)

    review = load_review(repo, session_id, lambda f, s: report(0.9 * f, s))
    info = review.info
    report(0.9, "history")
    snapshot = review.snapshot if info.detail is SessionDetail.FULL else None
    comparison = review_figures(repo, info, snapshot)
    report(1.0, "done")
    return LibraryReview(review, comparison)
