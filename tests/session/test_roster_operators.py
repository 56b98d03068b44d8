"""The roster of one operator (issue 16): the streamers they rode along with
in the month, each with the whole month (every session, whoever rode along:
what the leap ladder counts), and the KPI over those streamers; the hand-made
January of tests/session/test_roster.py, on SQLite and on PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import event, update

from app.core.library import NOT_SAID
from app.core.roster import LEAP_THRESHOLDS_FEN
from app.session.roster import RosterService, load_roster
from app.storage.models import SessionRow
from app.storage.repository import Repository
from tests.session.test_roster import CST, END_OF_JANUARY, JAN, WAN, January, at, build_january

BACKENDS = ("sqlite", "postgresql")
T50, T200, T500 = LEAP_THRESHOLDS_FEN


def name(repo: Repository, streamer_id: int, started_ms: int, operator: str) -> None:
    """The streamer's session that started then was recorded by `operator`'s Genbo."""
    with repo.db.engine.begin() as conn:
        done = conn.execute(
            update(SessionRow)
            .where(SessionRow.streamer_id == streamer_id, SessionRow.started_ms == started_ms)
            .values(operator=operator)
        )
        assert done.rowcount == 1


def team_january(repo: Repository) -> January:
    """January with who rode along: alice one of 小杨's 31 sessions (the
    31st's, which crosses 200万) and one of 阿珍's two, dave her other one;
    bob the 00:30 show on 1 February (31 January in UTC, February's by its
    own day); the rest nobody named."""
    jan = build_january(repo)
    name(repo, jan.yang.id, at(2026, 1, 31, 23, 30), "alice")
    name(repo, jan.zhen.id, at(2026, 1, 5), "alice")
    name(repo, jan.zhen.id, at(2026, 1, 12), "dave")
    name(repo, jan.yang.id, at(2026, 2, 1, 0, 30), "bob")
    return jan


def roster(repo: Repository, operator: str | None, month: int = JAN):  # type: ignore[no-untyped-def]
    return load_roster(
        repo, month, date(2026, 1, 31), utc_offset_min=CST, now=END_OF_JANUARY, operator=operator
    )


def test_one_operators_roster_is_their_streamers_whole_months(repo: Repository) -> None:
    jan = team_january(repo)
    everyone = roster(repo, None)
    alice = roster(repo, "alice")
    assert alice.operator == "alice" and everyone.operator is None
    assert [r.streamer.id for r in alice.rows] == sorted(
        [jan.yang.id, jan.zhen.id], key=lambda i: everyone.row(i).streamer.name
    )
    # Their whole month, not alice's two sessions: the same standing as everyone's roster.
    for sid in (jan.yang.id, jan.zhen.id):
        assert alice.row(sid).standing == everyone.row(sid).standing
    yang = alice.row(jan.yang.id).standing
    assert (yang.gmv_fen, yang.sessions) == (T200, 31)
    zhen = alice.row(jan.zhen.id).standing
    assert (zhen.gmv_fen, zhen.recorded_gmv_fen, zhen.sessions) == (625_000_00, 30 * WAN, 2)
    # The KPI over alice's streamers: 小杨's first 200万, 阿珍's first 50万; 早班 not there.
    counts = {c.threshold_fen: (c.first_time, c.crossed) for c in alice.summary.current.counts}
    assert counts == {T50: (1, 2), T200: (1, 1), T500: (0, 0)}
    # dave's: 阿珍 alone.
    dave = roster(repo, "dave")
    assert [r.streamer.id for r in dave.rows] == [jan.zhen.id]
    counts = {c.threshold_fen: (c.first_time, c.crossed) for c in dave.summary.current.counts}
    assert counts == {T50: (1, 1), T200: (0, 0), T500: (0, 0)}
    history = {m.month: m.counts[0].crossed for m in dave.summary.history}
    assert history[202512] == 0, "小杨's December is not dave's"
    every = {m.month: m.counts[0].crossed for m in everyone.summary.history}
    assert every[202512] == 1


def test_another_operator_and_nobody_named(repo: Repository) -> None:
    jan = team_january(repo)
    assert roster(repo, "bob").rows == (), "bob's show is February's by its own day"
    feb = roster(repo, "bob", 202602)
    assert [r.streamer.id for r in feb.rows] == [jan.yang.id]
    assert feb.row(jan.yang.id).standing.sessions == 1
    assert roster(repo, "carol").rows == ()
    carol = roster(repo, "carol").summary.current.counts
    assert all(c.first_time == c.crossed == 0 for c in carol)
    # Nobody named: every streamer with a session no operator is on (阿珍's both are).
    unnamed = roster(repo, NOT_SAID)
    assert {r.streamer.id for r in unnamed.rows} == {jan.yang.id, jan.zao.id}
    assert unnamed.row(jan.zao.id).on_time_streak == 3, "the streak as everyone's roster has it"


def test_an_archived_streamer_rode_along_with_is_listed(repo: Repository) -> None:
    jan = team_january(repo)
    repo.update_streamer(replace(repo.get_streamer(jan.zhen.id), archived=True))
    assert jan.zhen.id not in {r.streamer.id for r in roster(repo, "bob", JAN).rows}
    alice = roster(repo, "alice")
    assert jan.zhen.id in {r.streamer.id for r in alice.rows}, "figures this month"


def test_the_filter_costs_one_more_query(repo: Repository) -> None:
    """Whatever the number of streamers: the same reads as everyone's
    roster, plus one for the ids of the operator's streamers."""
    team_january(repo)
    counted: list[str] = []

    def seen(_c: object, _cur: object, statement: str, *_a: object) -> None:
        counted.append(statement)

    event.listen(repo.db.engine, "before_cursor_execute", seen)
    try:
        roster(repo, None)
        everyone = len(counted)
        counted.clear()
        roster(repo, NOT_SAID)  # 早班 in it too: the streaks are read alike
        theirs = len(counted)
    finally:
        event.remove(repo.db.engine, "before_cursor_execute", seen)
    assert theirs == everyone + 1


def test_the_service_lists_the_names_and_loads_one_operator(repo: Repository) -> None:
    jan = team_january(repo)
    service = RosterService(repo, today=lambda: date(2026, 1, 31))
    assert service.operators() == ["alice", "bob", "dave"]
    got = service.load(JAN, operator="alice")
    assert {r.streamer.id for r in got.rows} == {jan.yang.id, jan.zhen.id}
