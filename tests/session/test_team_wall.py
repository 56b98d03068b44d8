"""The team's live sessions as the wall reads them (`app.session.wall`,
without Qt): which sessions one refresh reads, and what a followed session
says across refreshes — its clock, when it is stale, the milestones it
gained (each once), when an ended one leaves."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.core.highlights import milestone_record
from app.core.metrics import Gap, Sample
from app.core.milestones import Milestone, MilestoneKind
from app.core.session import SessionStatus, SessionSummary, now_ms
from app.session import wall as team
from app.session.wall import RemoteSession, read_team, read_team_session


def _show(repo, writer, name: str, ago_s: int, seconds: int = 0, *, ahead: bool = False):
    """A session started `ago_s` ago with `seconds` of samples (up to now,
    or from its start on at a simulator's pace: `ahead`)."""
    info = repo.create_session(repo.get_or_create_streamer(name), "", now_ms() - ago_s * 1000, 480)
    src = repo.add_source(info.id, "simulator", "Simulator")
    if seconds:
        first = info.started_ms if ahead else now_ms() - (seconds - 1) * 1000
        samples = [
            Sample(first + k * 1000, {"viewers": 100 + k, "gmv": 1000 * k}, "simulator")
            for k in range(seconds)
        ]
        writer.write_samples(info.id, src.id, samples)
        writer.update_summary(info.id, SessionSummary(duration_s=float(seconds)))
        assert writer.flush()
    return info, src


def test_a_refresh_reads_the_newest_live_sessions_but_this_windows(repo, writer) -> None:
    shows = [_show(repo, writer, f"主播{k}", ago_s=100 - k, seconds=3)[0] for k in range(5)]
    ended = shows[0]
    repo.end_session(ended.id, now_ms(), SessionSummary(duration_s=100.0, gmv_fen=12_00))
    mine = shows[4]
    read = read_team(repo, exclude={mine.id}, follow=[ended.id, 999], limit=2)
    live = [t for t in read.sessions if t.live]
    assert [t.info.id for t in live] == [shows[3].id, shows[2].id]  # newest first, two
    (gone,) = [t for t in read.sessions if not t.live]
    assert gone.info.id == ended.id and gone.info.status is SessionStatus.ENDED
    assert read.missing == frozenset({999})
    # Sources and the ghost are read the first time only.
    again = read_team(repo, exclude={mine.id}, known=[shows[3].id], limit=1)
    assert again.sessions[0].info.id == shows[3].id
    assert again.sessions[0].sources is None
    assert [s.kind for s in live[0].sources or ()] == ["simulator"]


def test_only_the_last_minutes_are_read_and_the_figures_come_from_them(repo, writer) -> None:
    info, _src = _show(repo, writer, "杨小姐", ago_s=900, seconds=900)
    t = read_team_session(repo, info, first=False)
    buf = t.series.buffers["viewers"]
    assert len(buf) == 601  # ten minutes at 1 Hz, of fifteen
    remote = RemoteSession.first(t)
    fig = remote.figures(t.read_ms)
    assert fig.viewers == 100 + 899
    assert fig.gmv == 8_990  # yuan: 899,000 fen
    assert fig.gmv_per_min == 600  # ¥10 a second
    assert fig.viewers_line is buf
    assert fig.elapsed_s == pytest.approx(900, abs=2)
    assert remote.stale_since_ms(t.read_ms) is None


def test_a_simulated_show_runs_on_its_own_clock(repo, writer) -> None:
    info, _src = _show(repo, writer, "Lily", ago_s=5, seconds=600, ahead=True)
    remote = RemoteSession.first(read_team_session(repo, info, first=True))
    assert remote.ahead
    later = remote.read.read_ms + 20_000
    assert remote.elapsed_s(later) == pytest.approx(599.0)  # its newest sample, not the wall's


def test_stale_when_a_gap_is_open_or_nothing_moves(repo, writer, monkeypatch) -> None:
    info, src = _show(repo, writer, "阿峰", ago_s=10, seconds=10)
    remote = RemoteSession.first(read_team_session(repo, info, first=True))
    read_ms = remote.read.read_ms
    assert remote.stale_since_ms(read_ms) is None
    # Nothing new for longer than TEAM_STALE_MS between reads.
    again = read_team_session(repo, info, first=False)
    remote.update(again)
    quiet = remote.moved_ms + team.TEAM_STALE_MS
    assert remote.stale_since_ms(quiet) == again.newest_ms
    # Its recorder keeps a gap open: stale since the gap began, at once.
    start = now_ms() - 3_000
    writer.write_gap(info.id, src.id, Gap("simulator", start, None, "no data"))
    assert writer.flush()
    remote.update(read_team_session(repo, info, first=False))
    assert remote.stale_since_ms(remote.read.read_ms) == start
    # Typed in only: never stale.
    typed = RemoteSession.first(replace(read_team_session(repo, info, first=True), sources=()))
    typed.sources = (replace(src, kind="manual"),)
    assert typed.stale_since_ms(quiet) == start  # an open gap still says so
    typed.read = replace(typed.read, open_gap_ms=None)
    assert typed.stale_since_ms(quiet + 60_000) is None


def test_milestones_are_told_once_and_an_ended_one_leaves_after_a_while(repo, writer) -> None:
    info, _src = _show(repo, writer, "Chloe", ago_s=30, seconds=30)
    before = Milestone(info.started_ms + 5_000, MilestoneKind.THRESHOLD, "gmv", 10_000.0)
    writer.write_event(info.id, milestone_record(before, "GMV"))
    assert writer.flush()
    remote = RemoteSession.first(read_team_session(repo, info, first=True))
    assert [m for _uid, m in remote.read.milestones] == [before]
    assert remote.update(read_team_session(repo, info, first=False)) == []  # known already
    new = Milestone(info.started_ms + 25_000, MilestoneKind.THRESHOLD, "gmv", 20_000.0, major=True)
    writer.write_event(info.id, milestone_record(new, "GMV"))
    assert writer.flush()
    assert remote.update(read_team_session(repo, info, first=False)) == [new]
    assert remote.update(read_team_session(repo, info, first=False)) == []

    ended = repo.end_session(info.id, now_ms(), SessionSummary(duration_s=31.0, gmv_fen=29_000_00))
    remote.update(read_team_session(repo, ended, first=False))
    assert not remote.live and remote.stale_since_ms(now_ms()) is None
    assert remote.elapsed_s(now_ms() + 60_000) == 31.0
    assert remote.figures(now_ms()).gmv == 29_000
    seen = remote.ended_seen_ms
    assert seen is not None
    assert not remote.expired(seen + team.TEAM_ENDED_KEEP_MS - 1)
    assert remote.expired(seen + team.TEAM_ENDED_KEEP_MS)
