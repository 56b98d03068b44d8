"""`Repository.load_recent_columns`: a session's last minutes, as
`load_columns` gives them, read from the chunks that reach into them only
(what the wall reads of a teammate's live session at every refresh)."""

from __future__ import annotations

import numpy as np

from app.core.metrics import Sample
from app.storage.models import SampleChunkRow

BACKENDS = ("sqlite", "postgresql")

T0 = 1_700_000_000_000
SPAN_MS = 600_000


def _recorded(repo, writer, seconds: int = 7_200):
    """Two hours at 1 Hz from a simulator (viewers and GMV), and a typed GMV
    in the first minute only, written in batches as a recorder does."""
    streamer = repo.get_or_create_streamer("杨小姐")
    info = repo.create_session(streamer, "秋冬上新", T0, 480)
    sim = repo.add_source(info.id, "simulator", "Simulator")
    typed = repo.add_source(info.id, "manual", "Keyboard")
    writer.write_samples(info.id, typed.id, [Sample(T0 + 30_000, {"gmv": 1_000}, "manual")])
    for first in range(0, seconds, 600):
        batch = [
            Sample(T0 + s * 1000, {"viewers": 1000 + s, "gmv": 100 * s}, "simulator")
            for s in range(first, min(first + 600, seconds))
        ]
        writer.write_samples(info.id, sim.id, batch)
        assert writer.flush(fold_session=info.id)
    return info


def test_the_last_minutes_of_every_series_as_load_columns_has_them(repo, writer) -> None:
    info = _recorded(repo, writer)
    whole = repo.load_columns(info.id)
    recent = repo.load_recent_columns(info.id, SPAN_MS)
    newest = T0 + 7_199_000
    assert recent.last_ms() == newest
    # The typed GMV of the first minute is long before: its source is left out.
    assert [s.source for s in recent.sources] == ["simulator"]
    for metric in ("viewers", "gmv"):
        col, full = recent.merged(metric), whole.merged(metric)
        keep = full.ts_ms >= newest - SPAN_MS
        assert len(col) == 601
        assert np.array_equal(col.ts_ms, full.ts_ms[keep])
        assert np.array_equal(col.raw, full.raw[keep])
    assert int(recent.merged("viewers").raw[-1]) == 1000 + 7_199


def test_only_the_chunks_reaching_into_the_span_are_read(repo, writer, db, monkeypatch) -> None:
    from app.storage import chunks

    info = _recorded(repo, writer)
    with db.sessions() as s:
        stored = s.query(SampleChunkRow).filter_by(session_id=info.id).count()
    decoded: list[int] = []
    real = chunks.decode_series

    def counting(parts):
        decoded.append(len(parts))
        return real(parts)

    monkeypatch.setattr(chunks, "decode_series", counting)
    recent = repo.load_recent_columns(info.id, SPAN_MS)
    assert len(recent.merged("gmv")) == 601
    # 600 points of a series reach into two chunks of 512 (three at most):
    # a handful of chunks decoded, against every chunk of two hours.
    assert stored >= 30
    assert decoded and sum(decoded) <= 2 * 2 * 3, (decoded, stored)


def test_a_short_session_whole_and_an_empty_one_empty(repo, writer) -> None:
    info = _recorded(repo, writer, seconds=120)
    recent = repo.load_recent_columns(info.id, SPAN_MS)
    whole = repo.load_columns(info.id)
    assert [s.source for s in recent.sources] == [s.source for s in whole.sources]
    for metric in whole.metrics():
        assert np.array_equal(recent.merged(metric).ts_ms, whole.merged(metric).ts_ms)
        assert np.array_equal(recent.merged(metric).raw, whole.merged(metric).raw)
    empty = repo.create_session(repo.get_or_create_streamer("阿峰"), "", T0, 480)
    assert not repo.load_recent_columns(empty.id, SPAN_MS)
