"""The streamer's earlier sessions' funnel and channel figures, the basis of
the funnel panel's and the traffic-source view's medians. Blocking (database
reads): run it off the GUI thread, once per session shown — the panels then
compare every refresh with it without reading anything.

The previous sessions are chosen as the review's figures choose them
(`app.session.library.review_figures`): the streamer's finished sessions
started before this one, newest first, up to `MEDIAN_SESSIONS`; here only
full ones count, because a summary-only session (a platform's session list)
stores no impressions, entries, clicks or channels. Each session's figures
are its metrics' last readings (`app.core.funnel.final_values`), read from
its stored samples.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from app.core.figures import MEDIAN_SESSIONS
from app.core.funnel import FunnelHistory, final_values
from app.core.session import SessionDetail, SessionInfo
from app.storage.repository import Repository

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StreamerFunnel:
    """What `load_funnel_history` read: the medians' basis, and the sessions."""

    history: FunnelHistory
    sessions: tuple[SessionInfo, ...]
    """The previous full sessions looked at, newest first."""
    summary_only: int
    """Earlier sessions passed over among the newest (only their figures are stored)."""
    load_s: float


def previous_sessions(
    repo: Repository,
    streamer_id: int,
    before_ms: int | None,
    exclude: int | None = None,
    limit: int = MEDIAN_SESSIONS,
) -> tuple[list[SessionInfo], int]:
    """The streamer's newest `limit` finished full sessions started before
    `before_ms` (all of them if None), without `exclude`; and how many
    summary-only sessions were passed over on the way."""
    picked: list[SessionInfo] = []
    skipped = 0
    for info in repo.streamer_history(streamer_id, before_ms):
        if info.id == exclude:
            continue
        if info.detail is not SessionDetail.FULL:
            skipped += 1
            continue
        picked.append(info)
        if len(picked) >= limit:
            break
    return picked, skipped


def load_funnel_history(
    repo: Repository,
    streamer_id: int,
    before_ms: int | None,
    exclude: int | None = None,
    limit: int = MEDIAN_SESSIONS,
) -> StreamerFunnel:
    """The funnel rates and channel shares of the streamer's previous full
    sessions (see the module docstring) and their medians. A live session
    passes its start as `before_ms`; a review passes the reviewed session's
    start (and its id as `exclude`). A streamer without earlier sessions gets
    an empty history: the panels say "no median yet"."""
    t0 = time.perf_counter()
    infos, skipped = previous_sessions(repo, streamer_id, before_ms, exclude, limit)
    finals = [final_values(repo.load_columns(info.id)) for info in infos]
    history = FunnelHistory.from_finals(finals, [i.id for i in infos])
    took = time.perf_counter() - t0
    log.debug("funnel history of streamer %s: %d sessions in %.3f s", streamer_id, len(infos), took)
    return StreamerFunnel(history, tuple(infos), skipped, took)


def session_funnel_history(repo: Repository, info: SessionInfo) -> StreamerFunnel:
    """`load_funnel_history` for the session `info` (live or in review)."""
    return load_funnel_history(repo, info.streamer.id, info.started_ms, exclude=info.id)
