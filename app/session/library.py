"""The session library's housekeeping, shared by the window and the CLI."""

from __future__ import annotations

import logging
from collections.abc import Callable

from app.core.library import TRASH_DAYS
from app.core.session import now_ms
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
