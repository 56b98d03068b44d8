"""The streamer's previous sessions' funnel and channel figures, read from
real SQLite files: sessions stored whole with `insert_session`, and one
recorded through the `DatabaseWriter`, read back through the Repository."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

import numpy as np

from app.core.columns import Column, SessionColumns, SourceColumns
from app.core.funnel import channel_table, funnel
from app.core.metrics import Sample
from app.core.session import SessionDetail, SessionInfo, SessionSummary
from app.session.funnel import load_funnel_history, previous_sessions, session_funnel_history
from app.storage.bulk import NewSession, insert_session
from app.storage.repository import Repository
from app.storage.writer import DatabaseWriter

CST = timezone(timedelta(hours=8))


def at(day: int, h: int = 20) -> int:
    return int(datetime(2026, 10, day, h, tzinfo=CST).timestamp() * 1000)


def add(
    repo: Repository,
    day: int,
    finals: dict[str, int],
    streamer: str = "小杨",
    detail: SessionDetail = SessionDetail.FULL,
) -> SessionInfo:
    """A one-hour session whose counters rise in 6 readings to `finals`."""
    started = at(day)
    ts = started + np.arange(1, 7, dtype=np.int64) * 600_000
    series = {
        key: Column(ts, (np.arange(1, 7, dtype=np.int64) * final) // 6)
        for key, final in finals.items()
    }
    full = detail is SessionDetail.FULL
    return insert_session(
        repo,
        NewSession(
            streamer=streamer,
            title=f"第{day}场",
            started_ms=started,
            utc_offset_min=480,
            ended_ms=started + 3_600_000,
            summary=SessionSummary(duration_s=3600, gmv_fen=100_000),
            detail=detail,
            columns=SessionColumns((SourceColumns("http", series),)) if full else None,
        ),
    )


def funnel_finals(impressions: int, entries: int, clicks: int, buyers: int) -> dict[str, int]:
    return {"impressions": impressions, "entries": entries, "product_clicks": clicks,
            "buyers": buyers}  # fmt: skip


def test_the_previous_ten_full_sessions_give_the_medians(repo: Repository) -> None:
    # Days 1–12: entries = day × 100 of 10,000 impressions (1 % … 12 %);
    # a summary-only session on day 11, another streamer's on day 12.
    for day in range(1, 13):
        if day == 11:
            add(repo, day, {}, detail=SessionDetail.SUMMARY)
            continue
        add(repo, day, funnel_finals(10_000, day * 100, day * 10, day))
    add(repo, 12, funnel_finals(10, 10, 10, 10), streamer="别人")
    current = add(repo, 13, funnel_finals(10_000, 500, 100, 2))
    add(repo, 14, funnel_finals(10_000, 5_000, 10, 1))  # later: not history

    got = session_funnel_history(repo, current)
    h = got.history
    # the ten newest full ones before day 13: days 12, 10, 9, …, 2 (11 is summary-only)
    assert [i.started_ms for i in got.sessions] == [at(d) for d in (12, 10, 9, 8, 7, 6, 5, 4, 3, 2)]
    assert got.summary_only == 1
    assert h.sessions == 10 and h.session_ids == tuple(i.id for i in got.sessions)
    # entry rates 2 %…10 % and 12 %: median of the middle two (6 %, 7 %)
    assert h.medians["entry_rate"] == Decimal("0.065")
    assert h.medians["click_rate"] == Decimal("0.1")  # day×10 / day×100 every time
    assert h.medians["click_to_buy"] == Decimal("0.1")
    assert h.medians["watch_to_buy"] == Decimal("0.01")

    f = funnel({"impressions": 10_000, "entries": 500, "product_clicks": 100, "buyers": 2}, h)
    assert f.step("entry_rate").below and f.step("entry_rate").act  # 5 % against 6.5 %
    assert f.step("entry_rate").rank == 7 and f.step("entry_rate").rank_of == 11
    assert not f.step("click_rate").below  # 20 %
    assert f.step("click_to_buy").below and not f.step("click_to_buy").act


def test_a_review_excludes_itself_and_a_first_session_has_no_median(repo: Repository) -> None:
    first = add(repo, 1, funnel_finals(1_000, 100, 10, 1))
    got = session_funnel_history(repo, first)
    assert got.sessions == () and got.history.sessions == 0 and got.history.medians == {}
    f = funnel({"impressions": 1_000, "entries": 100}, got.history)
    assert f.step("entry_rate").median is None and f.act is None
    second = add(repo, 2, funnel_finals(1_000, 200, 10, 1))
    # asked with no time bound, the session itself is still left out
    h = load_funnel_history(repo, first.streamer.id, None, exclude=second.id).history
    assert h.session_ids == (first.id,)
    infos, skipped = previous_sessions(repo, first.streamer.id, None, limit=1)
    assert [i.id for i in infos] == [second.id] and skipped == 0


def test_sessions_without_funnel_metrics_count_but_give_no_rate(repo: Repository) -> None:
    add(repo, 1, {"gmv": 100_000, "viewers": 30})
    add(repo, 2, {"entries": 400, "product_clicks": 40})
    current = add(repo, 3, {})
    h = session_funnel_history(repo, current).history
    assert h.sessions == 2
    assert "entry_rate" not in h.medians and h.medians["click_rate"] == Decimal("0.1")
    assert h.rates["click_rate"] == (Decimal("0.1"),)


def test_channel_shares_of_earlier_sessions(repo: Repository) -> None:
    add(repo, 1, {"entries": 100, "entries.natural": 80, "entries.paid": 20, "gmv.paid": 500})
    add(repo, 2, {"entries": 100, "entries.natural": 50, "entries.paid": 50})
    add(repo, 3, {"entries": 100, "entries.natural": 30, "entries.paid": 60, "entries.tuan": 10})
    add(repo, 4, {"entries": 100})  # no channels
    current = add(repo, 5, {"entries.paid": 70, "entries.natural": 30})
    h = session_funnel_history(repo, current).history
    assert h.sessions == 4 and h.channel_sessions == 3
    assert h.median_shares == {"natural": Decimal("0.5"), "paid": Decimal("0.5"),
                               "tuan": Decimal(0)}  # fmt: skip
    t = channel_table({"entries.paid": 70, "entries.natural": 30}, h)
    assert t.row("paid").share_change == Decimal("0.2")


def test_a_session_recorded_through_the_writer(repo: Repository, writer: DatabaseWriter) -> None:
    streamer = repo.get_or_create_streamer("小杨")
    info = repo.create_session(streamer, "实时", at(1), 480)
    src = repo.add_source(info.id, "simulator", "Simulator")
    writer.write_samples(
        info.id,
        src.id,
        [
            Sample(at(1) + 60_000, {"impressions": 500, "entries": 50, "entries.paid": 20},
                   "simulator"),
            Sample(at(1) + 120_000, {"impressions": 1_000, "entries": 80, "entries.paid": 40,
                                     "product_clicks": 8, "buyers": 2}, "simulator"),
        ],
    )  # fmt: skip
    assert writer.flush()
    live = add(repo, 2, {})  # a later session: the recorded one is not finished yet
    assert session_funnel_history(repo, live).history.sessions == 0
    repo.end_session(info.id, at(1) + 180_000, SessionSummary(duration_s=180))
    h = session_funnel_history(repo, live).history
    assert h.session_ids == (info.id,)
    assert h.medians["entry_rate"] == Decimal("0.08")
    assert h.medians["click_to_buy"] == Decimal("0.25")
    assert h.median_shares == {"paid": Decimal("0.5")}
