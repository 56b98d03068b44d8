"""Comparing stored sessions and the ghost reference, on real SQLite files:
sessions are stored whole with `insert_session` and read back through the
Repository, as the window and the CLI read them."""

from __future__ import annotations

import argparse
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest

from app.cli.compare_cmd import cmd_compare, minute_label, register
from app.config.paths import resolve_paths
from app.core.columns import Column, SessionColumns, SourceColumns
from app.core.curves import ProjectionMethod, ReferenceKind, project_final_gmv
from app.core.metrics import Gap
from app.core.session import SessionDetail, SessionInfo, SessionSummary
from app.session.compare import (
    Align,
    ComparisonError,
    NoCurve,
    ghost_reference,
    load_comparison,
    stored_curves,
)
from app.storage.bulk import NewSession, insert_session
from app.storage.repository import Repository

CST = timezone(timedelta(hours=8))


def ms(d: int, h: int = 20, mi: int = 0, s: int = 0) -> int:
    return int(datetime(2026, 11, d, h, mi, s, tzinfo=CST).timestamp() * 1000)


def add_session(
    repo: Repository,
    streamer: str,
    started: int,
    gmv_per_min: list[int],
    viewers: list[int] | None = None,
    title: str = "",
    gaps: tuple[Gap, ...] = (),
) -> SessionInfo:
    """A session with a reading every 10 s for len(gmv_per_min) minutes: GMV
    (fen) rises by gmv_per_min[m] / 6 per reading in minute m, so row m of its
    minute table is the running total to the end of minute m; viewers hold
    viewers[m] all minute."""
    n = len(gmv_per_min)
    viewers = viewers if viewers is not None else [100] * n
    k = np.arange(1, 6 * n + 1, dtype=np.int64)
    ts = started + k * 10_000
    minute = (k - 1) // 6
    step = np.array(gmv_per_min, dtype=np.int64)[minute] // 6
    gmv = np.cumsum(step)
    vw = np.array(viewers, dtype=np.int64)[minute]
    cols = SessionColumns(
        (SourceColumns("http", {"gmv": Column(ts, gmv), "viewers": Column(ts, vw)}),)
    )
    return insert_session(
        repo,
        NewSession(
            streamer=streamer,
            title=title,
            started_ms=started,
            utc_offset_min=480,
            ended_ms=int(ts[-1]),
            summary=SessionSummary(
                duration_s=n * 60.0,
                gmv_fen=int(gmv[-1]),
                peak_viewers=int(vw.max()),
                sample_count=6 * n,
                orders=n,
            ),
            columns=cols,
            gaps=gaps,
        ),
    )


def add_summary(repo: Repository, streamer: str, started: int, gmv_fen: int) -> SessionInfo:
    return insert_session(
        repo,
        NewSession(
            streamer=streamer,
            title="platform list",
            started_ms=started,
            utc_offset_min=480,
            ended_ms=started + 3_600_000,
            summary=SessionSummary(duration_s=3600, gmv_fen=gmv_fen, peak_viewers=900),
            detail=SessionDetail.SUMMARY,
        ),
    )


def test_compare_two_full_sessions_and_a_summary_only_one(repo: Repository) -> None:
    a = add_session(repo, "小杨", ms(1), [600, 1200, 600], [10, 20, 30], "早场")
    b = add_session(repo, "小杨", ms(2), [1200, 1200], [50, 40], "晚场")
    c = add_summary(repo, "小杨", ms(3), 99_900)
    comp = load_comparison(repo, [b.id, a.id, c.id])
    assert comp.align is Align.START
    assert [s.info.id for s in comp.sessions] == [b.id, a.id, c.id]
    sb, sa, sc = comp.sessions
    assert sa.curve is not None and sb.curve is not None
    assert sa.curve.gmv.values() == [600, 1800, 2400]
    assert sa.curve.viewers.values() == [10, 20, 30]
    assert sb.curve.gmv.values() == [1200, 2400]
    assert sc.curve is None and sc.no_curve is NoCurve.SUMMARY_ONLY
    assert [s.info.id for s in comp.drawable] == [b.id, a.id]
    assert sa.x(Align.START).tolist() == [1.0, 2.0, 3.0]
    rows = comp.minute_rows()
    assert [r.key for r in rows] == [0, 1, 2]
    assert rows[0].values == ((1200, 50), (600, 10), None)
    assert rows[2].values == (None, (2400, 30), None)
    # figures side by side, from each session's summary
    assert sa.figure("gmv").value == 24
    assert sc.figure("gmv").value == 999
    assert sc.figure("peak_viewers").value == 900
    assert sb.figure("duration").value == 120
    assert sb.figure("orders").value == 2


def test_clock_alignment_puts_rows_at_their_local_time(repo: Repository) -> None:
    a = add_session(repo, "小杨", ms(1, 20, 0), [600, 600], [1, 2])
    b = add_session(repo, "小杨", ms(2, 20, 1, 30), [600, 600], [3, 4])
    comp = load_comparison(repo, [a.id, b.id], "clock")
    assert comp.align is Align.CLOCK
    sa, sb = comp.sessions
    assert sa.start_clock_min == 20 * 60
    assert sb.start_clock_min == 20 * 60 + 1.5
    assert sb.x(Align.CLOCK).tolist() == [20 * 60 + 2.5, 20 * 60 + 3.5]
    rows = comp.minute_rows()
    # a's rows end at 20:01 and 20:02; b's at 20:02:30 and 20:03:30
    assert [r.key for r in rows] == [1201, 1202, 1203]
    assert [r.values for r in rows] == [
        ((600, 1), None),
        ((1200, 2), (600, 3)),
        (None, (1200, 4)),
    ]
    assert comp.with_align(Align.START).minute_rows()[0].key == 0


def test_clock_alignment_past_midnight(repo: Repository) -> None:
    a = add_session(repo, "小杨", ms(1, 23, 59), [600, 600])
    b = add_session(repo, "小杨", ms(2, 23, 0), [600])
    rows = load_comparison(repo, [a.id, b.id], Align.CLOCK).minute_rows()
    assert rows[0].key == 23 * 60 + 1
    assert rows[-1].key == 24 * 60 + 1  # a's second minute ends at 00:01 the next day


def test_what_cannot_be_compared_is_said(repo: Repository) -> None:
    a = add_session(repo, "小杨", ms(1), [600])
    b = add_session(repo, "小杨", ms(2), [600])
    with pytest.raises(ComparisonError, match=r"2 to 5 sessions.*1 were given"):
        load_comparison(repo, [a.id])
    with pytest.raises(ComparisonError, match="6 were given"):
        load_comparison(repo, [a.id, b.id, 3, 4, 5, 6])
    with pytest.raises(ComparisonError, match="no session 999"):
        load_comparison(repo, [a.id, 999])
    with pytest.raises(ComparisonError, match=f"Session {a.id} is named more than once"):
        load_comparison(repo, [a.id, a.id])
    with pytest.raises(ValueError):
        load_comparison(repo, [a.id, b.id], "sideways")


def test_a_full_session_without_readings_has_no_curve(repo: Repository) -> None:
    a = add_session(repo, "小杨", ms(1), [600])
    empty = insert_session(
        repo,
        NewSession(
            streamer="小杨",
            title="",
            started_ms=ms(2),
            utc_offset_min=480,
            ended_ms=ms(2) + 60_000,
            summary=SessionSummary(duration_s=60),
        ),
    )
    comp = load_comparison(repo, [a.id, empty.id])
    assert comp.sessions[1].curve is None
    assert comp.sessions[1].no_curve is NoCurve.NO_SAMPLES


def test_stored_minute_curves_give_the_same_comparison(repo: Repository) -> None:
    gap = Gap("http", ms(1, 20, 1, 5), ms(1, 20, 2, 45), "timeout")
    a = add_session(repo, "小杨", ms(1), [600, 600, 600], [5, 6, 7], gaps=(gap,))
    b = add_session(repo, "小杨", ms(2), [600], [9])
    before = load_comparison(repo, [a.id, b.id])
    curve = before.sessions[0].curve
    assert curve is not None
    # the readings inside the gap are readings: only the carried minutes would be hidden
    assert curve.gmv.values() == [600, 1200, 1800]
    repo.save_minute_curves(a.id, stored_curves(curve))
    after = load_comparison(repo, [a.id, b.id])
    stored = after.sessions[0].curve
    assert stored is not None
    assert stored.gmv.values() == curve.gmv.values()
    assert stored.viewers.values() == curve.viewers.values()
    assert after.minute_rows() == before.minute_rows()


def test_ghost_reference_from_the_streamers_earlier_sessions(repo: Repository) -> None:
    s1 = add_session(repo, "小杨", ms(1), [600, 600, 600, 600])  # 600 1200 1800 2400
    s2 = add_session(repo, "小杨", ms(2), [1200, 1200, 1200, 1200])  # … 4800
    s3 = add_session(repo, "小杨", ms(3), [300, 300, 300, 300, 300, 300])  # … 1800
    add_summary(repo, "小杨", ms(4), 50_000)
    later = add_session(repo, "小杨", ms(9), [99_000])
    add_session(repo, "Ann", ms(5), [60_000])
    live_start = ms(6)

    ghost = ghost_reference(repo, s1.streamer.id, live_start, "median")
    assert ghost is not None
    assert [i.id for i in ghost.sessions] == [s3.id, s2.id, s1.id]
    assert later.id not in ghost.curve.basis_ids
    assert ghost.summary_only == 1
    assert ghost.kind is ReferenceKind.MEDIAN
    assert ghost.curve.gmv.tolist() == [600, 1200, 1800, 2400, 1500, 1800]
    assert ghost.load_s > 0
    # at 2:00 the sessions had 1200, 2400, 600 (median 1200) and ended on
    # 2400, 4800, 1800 (median 2400): 1500 live projects to 3000
    p = project_final_gmv(1500, 2, ghost.curve)
    assert p.method is ProjectionMethod.SCALED_MEDIAN
    assert (p.value_fen, p.low_fen, p.high_fen) == (3000, 3000, 3750)

    best = ghost.of_kind("best")
    assert best.curve.session_ids == (s2.id,) and best.sessions == ghost.sessions
    last = ghost_reference(repo, s1.streamer.id, live_start, "last")
    assert last is not None and last.curve.session_ids == (s3.id,)
    two = ghost_reference(repo, s1.streamer.id, live_start, last_n=2)
    assert two is not None and [i.id for i in two.sessions] == [s3.id, s2.id]


def test_the_first_session_has_no_ghost(repo: Repository) -> None:
    first = add_session(repo, "新人", ms(1), [600])
    assert ghost_reference(repo, first.streamer.id, first.started_ms) is None
    add_summary(repo, "只有汇总", ms(1), 100)
    only = repo.get_or_create_streamer("只有汇总")
    assert ghost_reference(repo, only.id, ms(2)) is None


# ------------------------------------------------------------- genbo compare


def _run_compare(data_dir: Path, *argv: str) -> int:
    """`genbo compare …` through `register` on a parser of this test's own
    (the lead wires it into genbo's), with the real database in `data_dir`."""
    parser = argparse.ArgumentParser(prog="genbo")
    parser.add_argument("--data-dir", default=None)
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["compare", *argv, "--data-dir", str(data_dir)])
    assert args.command == "compare"
    return cmd_compare(args, resolve_paths(args.data_dir))


def test_cli_prints_every_minute_and_the_figures(
    repo: Repository, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = add_session(repo, "小杨", ms(1), [60_000, 1_200_000, 600], [10, 20_000, 30], "早场")
    b = add_session(repo, "小杨", ms(2), [1200, 1200], [50, 40], "晚场")
    c = add_summary(repo, "小杨", ms(3), 99_900)
    repo.db.dispose()
    assert _run_compare(data_dir, str(a.id), str(b.id), str(c.id)) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert "早场" in out and "晚场" in out
    assert f"#3 (session {c.id}): only its figures are stored (summary-only)" in out
    head = next(line for line in lines if line.startswith("Minute"))
    assert head.split() == ["Minute", "#1", "GMV", "#1", "viewers", "#2", "GMV", "#2", "viewers"]
    minute_lines = [line.split() for line in lines if line[:4] in ("0:01", "0:02", "0:03")]
    assert minute_lines == [
        ["0:01", "¥600", "10", "¥12", "50"],
        ["0:02", "¥12.6K", "20K", "¥24", "40"],
        ["0:03", "¥12.6K", "30", "—", "—"],
    ]
    gmv_row = next(line.split() for line in lines if line.startswith("GMV "))
    assert gmv_row == ["GMV", "¥12.6K", "¥24", "¥999"]
    assert any(line.startswith("Duration") and "3:00" in line for line in lines)


def test_cli_json_by_time_of_day(
    repo: Repository, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = add_session(repo, "小杨", ms(1, 20, 0), [600, 600], [1, 2])
    b = add_session(repo, "小杨", ms(2, 20, 1, 30), [600], [3])
    repo.db.dispose()
    assert _run_compare(data_dir, str(a.id), str(b.id), "--json", "--align", "clock") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["align"] == "clock"
    assert [s["id"] for s in data["sessions"]] == [a.id, b.id]
    assert data["sessions"][0]["minutes"] == 2 and data["sessions"][0]["no_curve"] is None
    assert data["minutes"] == [
        {
            "clock_minute": 1201,
            "label": "20:01",
            "sessions": [{"gmv_fen": 600, "viewers": 1}, None],
        },
        {
            "clock_minute": 1202,
            "label": "20:02",
            "sessions": [{"gmv_fen": 1200, "viewers": 2}, {"gmv_fen": 600, "viewers": 3}],
        },
    ]
    gmv = next(f for f in data["figures"] if f["key"] == "gmv")
    assert gmv["values"] == [12.0, 6.0] and gmv["unit"] == "money"


def test_cli_says_what_cannot_be_compared(
    repo: Repository, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = add_session(repo, "小杨", ms(1), [600])
    repo.db.dispose()
    assert _run_compare(data_dir, str(a.id)) == 1
    assert "Compare 2 to 5 sessions at a time; 1 were given." in capsys.readouterr().err
    assert _run_compare(data_dir, str(a.id), "4242") == 1
    assert "no session 4242" in capsys.readouterr().err


def test_minute_labels() -> None:
    assert minute_label(0, clock=False) == "0:01"
    assert minute_label(59, clock=False) == "1:00"
    assert minute_label(1201, clock=True) == "20:01"
    assert minute_label(1441, clock=True) == "00:01 +1"
