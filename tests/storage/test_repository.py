import os
import subprocess
import sys
from decimal import Decimal

import pytest

from app.core.metrics import Gap, Sample
from app.core.session import SessionStatus, SessionSummary
from app.storage.database import StorageError
from app.storage.models import SessionRow

BACKENDS = ("sqlite", "postgresql")
"""Every test here runs on both engines: portable SQL is proven, not assumed."""

T0 = 1_700_000_000_000


def _session(repo, name="主播A", title="双11"):
    streamer = repo.get_or_create_streamer(name)
    return repo.create_session(streamer, title, T0, 480)


def test_streamers_are_unique_by_name(repo) -> None:
    a = repo.get_or_create_streamer("小杨")
    b = repo.get_or_create_streamer("  小杨 ")
    assert a == b
    assert [s.name for s in repo.list_streamers()] == ["小杨"]
    with pytest.raises(StorageError, match="needs a name"):
        repo.get_or_create_streamer("  ")


def test_session_lifecycle_and_local_offset(repo) -> None:
    info = _session(repo)
    assert info.status is SessionStatus.LIVE
    assert info.started_at.utcoffset().total_seconds() == 8 * 3600
    summary = SessionSummary(
        duration_s=3600, peak_viewers=12345, gmv_fen=123456789, sample_count=10
    )
    ended = repo.end_session(info.id, T0 + 3_600_000, summary)
    assert ended.status is SessionStatus.ENDED
    assert ended.summary.gmv_fen == 123456789
    assert SessionSummary.yuan(ended.summary.gmv_fen) == Decimal("1234567.89")
    assert [s.id for s in repo.list_sessions()] == [info.id]
    with pytest.raises(StorageError, match="no session 999"):
        repo.get_session(999)


def test_samples_round_trip_through_the_writer(repo, writer) -> None:
    info = _session(repo)
    src = repo.add_source(info.id, "simulator", "Simulator", {"seed": 1})
    samples = [
        Sample(T0 + 1000, {"viewers": 100, "gmv": 5000}, "simulator"),
        Sample(T0 + 2000, {"viewers": 120, "gmv": 9900, "orders": 2}, "simulator"),
    ]
    writer.write_samples(info.id, src.id, samples)
    writer.write_gap(info.id, src.id, Gap("simulator", T0 + 3000, T0 + 9000, "timeout"))
    assert writer.flush()
    assert repo.load_samples(info.id) == samples
    series = repo.load_series(info.id)
    assert list(series["viewers"].raw) == [100, 120]
    assert list(series["gmv"].ts_ms) == [T0 + 1000, T0 + 2000]
    assert repo.load_gaps(info.id) == [Gap("simulator", T0 + 3000, T0 + 9000, "timeout")]
    assert repo.value_count(info.id) == 5
    assert repo.sample_count(info.id) == 2
    assert repo.source_configs(info.id) == [("simulator", {"seed": 1})]


def test_recompute_summary_replays_samples(repo, writer) -> None:
    info = _session(repo)
    src = repo.add_source(info.id, "simulator", "Simulator")
    writer.write_samples(
        info.id,
        src.id,
        [
            Sample(T0 + 60_000, {"viewers": 500, "gmv": 100_00}),
            Sample(T0 + 900_000, {"viewers": 900, "gmv": 2000_00}),
            Sample(T0 + 1_000_000, {"viewers": 700, "gmv": 2500_00}),
        ],
    )
    writer.flush()
    summary = repo.recompute_summary(info.id)
    assert summary.peak_viewers == 900
    assert summary.gmv_fen == 2500_00
    assert summary.gmv_15m_fen == 2000_00
    assert summary.gmv_30m_fen is None
    assert summary.sample_count == 3
    assert summary.duration_s == 1000


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_find_interrupted_sessions(repo, writer) -> None:
    mine = _session(repo, "自己")
    crashed = _session(repo, "崩了")
    src = repo.add_source(crashed.id, "simulator", "Simulator")
    writer.write_samples(crashed.id, src.id, [Sample(T0 + 5000, {"gmv": 100})])
    writer.flush()
    with repo.db.sessions.begin() as s:
        row = s.get(SessionRow, crashed.id)
        row.recorder_pid, row.last_seen_ms = _dead_pid(), T0 + 4000
    found = [s.id for s in repo.find_interrupted()]
    assert found == [crashed.id], "this process's own live session is not interrupted"
    listed = {s.id: s.status for s in repo.list_sessions()}
    assert listed == {mine.id: SessionStatus.LIVE, crashed.id: SessionStatus.INTERRUPTED}
    closed = repo.finish_interrupted(crashed.id)
    assert closed.status is SessionStatus.INTERRUPTED
    assert closed.ended_ms == T0 + 5000
    assert closed.summary.sample_count == 1
    assert repo.find_interrupted() == []
    assert mine.status is SessionStatus.LIVE


def test_stale_heartbeat_counts_as_gone_even_if_pid_exists(repo) -> None:
    info = _session(repo)
    with repo.db.sessions.begin() as s:
        row = s.get(SessionRow, info.id)
        row.recorder_pid = os.getppid()  # some live process that is not us
        row.last_seen_ms = 1
    assert [s.id for s in repo.find_interrupted()] == [info.id]


def test_resume_claims_the_session(repo) -> None:
    info = _session(repo)
    repo.end_session(info.id, T0 + 10, SessionSummary(), SessionStatus.INTERRUPTED)
    again = repo.claim_for_resume(info.id)
    assert again.status is SessionStatus.LIVE
    assert again.ended_ms is None


def test_a_cut_off_session_tells_the_same_figures_everywhere(repo, writer) -> None:
    """The resume bar once said 84 samples while History showed 77 and an
    older peak and GMV; the export said "live"."""
    from app.session.review import load_export_input

    info = _session(repo, "断了")
    src = repo.add_source(info.id, "simulator", "Simulator")
    writer.write_samples(info.id, src.id, [Sample(T0 + 1000, {"viewers": 100, "gmv": 100_00})])
    writer.update_summary(info.id, SessionSummary(duration_s=1, peak_viewers=100, sample_count=1))
    # The last heartbeat came before these reached the database.
    writer.write_samples(
        info.id,
        src.id,
        [Sample(T0 + 2000, {"viewers": 900, "gmv": 500_00}), Sample(T0 + 3000, {"viewers": 700})],
    )
    writer.flush()
    with repo.db.sessions.begin() as s:
        row = s.get(SessionRow, info.id)
        row.recorder_pid, row.last_seen_ms = _dead_pid(), T0 + 1500

    got = repo.get_session(info.id)
    assert got.status is SessionStatus.INTERRUPTED
    assert got.summary.sample_count == 3 == repo.sample_count(info.id)
    assert (got.summary.peak_viewers, got.summary.gmv_fen) == (900, 500_00)
    assert got.ended_ms == T0 + 3000
    (listed,) = repo.list_sessions()
    assert listed == got
    assert load_export_input(repo, info.id, with_samples=False).info.status is (
        SessionStatus.INTERRUPTED
    )
    # Still waiting for the operator: it can be resumed or ended.
    assert [s.id for s in repo.find_interrupted()] == [info.id]
    assert repo.claim_for_resume(info.id).status is SessionStatus.LIVE


def test_a_killed_recorder_not_yet_reaped_is_gone(repo, tmp_path) -> None:
    """One second after kill -9 `genbo sessions` still said live: a killed
    process its parent has not waited for yet still answers signal 0."""
    import signal
    import time

    info = _session(repo)
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        with repo.db.sessions.begin() as s:
            s.get(SessionRow, info.id).recorder_pid = proc.pid
        assert repo.find_interrupted() == []
        os.kill(proc.pid, signal.SIGKILL)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and not repo.find_interrupted():
            time.sleep(0.05)
        assert [s.id for s in repo.find_interrupted()] == [info.id]
        assert proc.returncode is None, "found before the parent reaped it"
    finally:
        proc.kill()
        proc.wait()


def test_a_resume_while_figures_are_rebuilt_is_not_overwritten(repo) -> None:
    """A reader that found the session cut off and rebuilt its figures while
    the window resumed it must not mark the resumed, live session."""
    info = _session(repo)
    dead = _dead_pid()
    with repo.db.sessions.begin() as s:
        row = s.get(SessionRow, info.id)
        row.recorder_pid, row.last_seen_ms = dead, 1
    repo.claim_for_resume(info.id)  # the window resumes it meanwhile
    repo._settle_cut_off(info.id, dead, 1)  # the reader's rebuild lands late
    again = repo.get_session(info.id, settle=False)
    assert (again.status, again.ended_ms) == (SessionStatus.LIVE, None)
    assert repo.find_interrupted() == []


def test_a_second_resume_is_refused_while_the_first_records(repo) -> None:
    info = _session(repo)
    with repo.db.sessions.begin() as s:
        s.get(SessionRow, info.id).recorder_pid = _dead_pid()
    repo.claim_for_resume(info.id)
    with repo.db.sessions.begin() as s:  # the first resumer is another, live process
        s.get(SessionRow, info.id).recorder_pid = os.getppid()
    with pytest.raises(StorageError, match="is being recorded by Genbo"):
        repo.claim_for_resume(info.id)


def test_a_recorder_found_alive_again_clears_the_mark(repo, writer) -> None:
    """A stalled writer or a remote clock can make a live recorder look gone;
    its next heartbeat says otherwise."""
    info = _session(repo)
    with repo.db.sessions.begin() as s:
        s.get(SessionRow, info.id).last_seen_ms = 1
        s.get(SessionRow, info.id).recorder_host = "elsewhere"
    assert [s.id for s in repo.find_interrupted()] == [info.id]
    writer.update_summary(info.id, SessionSummary(duration_s=5, sample_count=0))
    assert writer.flush()
    assert repo.get_session(info.id).status is SessionStatus.LIVE
    assert repo.find_interrupted() == []


@pytest.mark.sqlite_only("the refusal is made with an SQLite trigger")
def test_a_database_that_refuses_the_rebuild_still_lists_a_cut_off_session(repo) -> None:
    from sqlalchemy import text

    info = _session(repo)
    with repo.db.sessions.begin() as s:
        s.get(SessionRow, info.id).recorder_pid = _dead_pid()
        # A real refusal from SQLite, as a read-only or failing file gives.
        s.execute(
            text(
                "create trigger no_rebuild before update of ended_ms on live_sessions "
                "begin select raise(abort, 'attempt to write a readonly database'); end"
            )
        )
    (listed,) = repo.list_sessions()
    assert listed.status is SessionStatus.INTERRUPTED
    assert repo.get_session(info.id).status is SessionStatus.INTERRUPTED


def test_an_interrupted_session_lasts_until_its_recorder_was_last_seen(repo, writer) -> None:
    """The resume bar said "interrupted 0:20 into the session" while History
    said 0:01: one value typed at the start, then 20 s of heartbeats."""
    info = _session(repo)
    src = repo.add_source(info.id, "manual", "Keyboard")
    writer.write_samples(info.id, src.id, [Sample(T0 + 1000, {"viewers": 500})])
    writer.flush()
    with repo.db.sessions.begin() as s:
        row = s.get(SessionRow, info.id)
        row.recorder_pid, row.last_seen_ms = _dead_pid(), T0 + 20_000
    got = repo.get_session(info.id)
    assert (got.ended_ms, got.summary.duration_s) == (T0 + 20_000, 20)
    assert repo.finish_interrupted(info.id).summary.duration_s == 20
