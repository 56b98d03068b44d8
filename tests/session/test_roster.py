"""The roster read from a real SQLite file: a hand-made January 2026 in
Beijing time (UTC+8), and `genbo roster` / `streamer` / `month-gmv` on it."""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import event

from app.core.roster import LEAP_THRESHOLDS_FEN, GmvBasis
from app.core.session import ScheduleSlot, SessionDetail, SessionSummary, Streamer
from app.session.roster import RosterService, find_streamer, load_roster
from app.storage.bulk import NewSession, insert_summaries
from app.storage.database import StorageError
from app.storage.repository import Repository

CST = 8 * 60
WAN = 10_000 * 100
T50, T200, T500 = LEAP_THRESHOLDS_FEN
JAN = 202601


def at(y: int, mo: int, d: int, h: int = 20, mi: int = 0, s: int = 0) -> int:
    """UTC ms of a Beijing wall-clock time."""
    tz = timezone(timedelta(minutes=CST))
    return int(datetime(y, mo, d, h, mi, s, tzinfo=tz).timestamp() * 1000)


def show(name: str, start_ms: int, gmv_fen: int) -> NewSession:
    return NewSession(
        streamer=name,
        title="",
        started_ms=start_ms,
        utc_offset_min=CST,
        ended_ms=start_ms + 3 * 3600_000,
        summary=SessionSummary(duration_s=3 * 3600, gmv_fen=gmv_fen),
        detail=SessionDetail.SUMMARY,
    )


@dataclass(frozen=True)
class January:
    yang: Streamer
    """Crosses 200万 with her last session of the month (31st, 23:30)."""
    zhen: Streamer
    """Only two sessions recorded (30万); the platform says 62.5万."""
    zao: Streamer
    """Goes live at 06:30 every day: on time 3 times in a row now."""
    old: Streamer
    """Archived, nothing in January."""


def build_january(repo: Repository) -> January:
    """The hand-made month every roster test reads."""
    yang = repo.create_streamer("小杨", "douyin", "dy-1")
    zhen = repo.create_streamer("阿珍", "kuaishou", "ks-7")
    zao = repo.create_streamer(
        "早班", "douyin", "dy-2", schedule=(ScheduleSlot(None, 6 * 60 + 30, CST),)
    )
    old = repo.create_streamer("老号", "douyin")
    repo.update_streamer(replace(old, archived=True))
    rows = [
        # 小杨: 60万 in December (her first 50万), then 30 sessions of 6万 and 20万 on the 31st.
        show("小杨", at(2025, 12, 10), 30 * WAN),
        show("小杨", at(2025, 12, 20), 30 * WAN),
        *(show("小杨", at(2026, 1, d), 6 * WAN) for d in range(1, 31)),
        show("小杨", at(2026, 1, 31, 23, 30), 20 * WAN),
        # 00:30 on 1 February in Beijing is still 31 January in UTC: February's.
        show("小杨", at(2026, 2, 1, 0, 30), 5 * WAN),
        # 阿珍: two recorded sessions.
        show("阿珍", at(2026, 1, 5), 10 * WAN),
        show("阿珍", at(2026, 1, 12), 20 * WAN),
        # 早班 (planned 06:30): newest first +2 min, -1 min, 0, then 12 min late, then on time.
        show("早班", at(2026, 1, 25, 6, 30), 1 * WAN),
        show("早班", at(2026, 1, 26, 6, 42), 1 * WAN),
        show("早班", at(2026, 1, 27, 6, 30), 1 * WAN),
        show("早班", at(2026, 1, 28, 6, 29), 1 * WAN),
        show("早班", at(2026, 1, 29, 6, 32), 1 * WAN),
        # 老号: an old month only.
        show("老号", at(2025, 6, 1), 80 * WAN),
    ]
    insert_summaries(repo, rows)
    repo.set_platform_gmv(zhen.id, JAN, 625_000_00)
    return January(*(repo.get_streamer(s.id) for s in (yang, zhen, zao, old)))


END_OF_JANUARY = at(2026, 1, 31, 23, 59)


def test_the_month_as_the_roster_reads_it(repo: Repository) -> None:
    jan = build_january(repo)
    roster = load_roster(repo, JAN, date(2026, 1, 31), utc_offset_min=CST, now=END_OF_JANUARY)
    assert [r.streamer.name for r in roster.rows] == sorted(["小杨", "阿珍", "早班"])
    yang = roster.row(jan.yang.id).standing
    # 30 × 6万 + 20万: 200万 exactly, crossed by the 31st's session.
    assert (yang.gmv_fen, yang.sessions, yang.basis) == (T200, 31, GmvBasis.RECORDED)
    assert yang.next_threshold_fen == T500
    assert yang.days_left == 0
    assert [(lp.first_month, lp.first_time_this_month) for lp in yang.leaps] == [
        (202512, False),
        (JAN, True),
        (None, False),
    ]
    zhen = roster.row(jan.zhen.id).standing
    assert zhen.basis is GmvBasis.PLATFORM
    assert (zhen.gmv_fen, zhen.recorded_gmv_fen, zhen.sessions) == (625_000_00, 30 * WAN, 2)
    assert zhen.platform_source == "typed"
    assert zhen.next_threshold_fen == T200
    assert zhen.first_time_leaps == (T50,)
    zao = roster.row(jan.zao.id)
    assert zao.on_time_streak == 3 and not zao.streak_at_least
    assert zao.last_late_s == 120.0
    assert roster.row(jan.yang.id).on_time_streak is None, "no schedule, no streak"
    now = roster.summary.current
    assert [(c.crossed, c.first_time) for c in now.counts] == [(2, 1), (1, 1), (0, 0)]
    dec = roster.summary.history[-2]
    assert [(c.crossed, c.first_time) for c in dec.counts] == [(1, 1), (0, 0), (0, 0)]
    jun = roster.summary.history[-8]
    assert jun.month == 202506
    # 老号 crossed 50万 in 2025-06, the first month Genbo has figures for:
    # nothing is known before it, so it is not counted as a first time.
    assert roster.summary.figures_start == 202506
    assert [(c.crossed, c.first_time) for c in jun.counts] == [(1, 0), (0, 0), (0, 0)]

    # Seen on the 30th, with the same stored figures: one whole day is left.
    before = load_roster(repo, JAN, date(2026, 1, 30), utc_offset_min=CST, now=at(2026, 1, 30, 23))
    y30 = before.row(jan.yang.id).standing
    assert (y30.gmv_fen, y30.next_threshold_fen, y30.days_left) == (T200, T500, 1)
    feb = load_roster(repo, 202602, date(2026, 2, 3), utc_offset_min=CST, now=at(2026, 2, 3))
    assert feb.row(jan.yang.id).standing.gmv_fen == 5 * WAN
    assert feb.row(jan.yang.id).standing.first_time_leaps == ()


def test_a_trashed_session_and_a_cleared_platform_figure(repo: Repository) -> None:
    jan = build_january(repo)
    repo.set_platform_gmv(jan.zhen.id, JAN, None)
    last = [s for s in repo.streamer_history(jan.yang.id) if s.local_day == 20260131]
    repo.trash_sessions([last[0].id])
    roster = load_roster(repo, JAN, date(2026, 1, 31), utc_offset_min=CST, now=END_OF_JANUARY)
    yang = roster.row(jan.yang.id).standing
    assert (yang.gmv_fen, yang.sessions, yang.next_threshold_fen) == (180 * WAN, 30, T200)
    zhen = roster.row(jan.zhen.id).standing
    assert (zhen.gmv_fen, zhen.basis, zhen.next_threshold_fen) == (30 * WAN, GmvBasis.RECORDED, T50)
    assert [(c.crossed, c.first_time) for c in roster.summary.current.counts] == [
        (1, 0),
        (0, 0),
        (0, 0),
    ]


def test_archived_streamers_show_when_they_had_a_month(repo: Repository) -> None:
    jan = build_january(repo)
    jun = load_roster(repo, 202506, date(2026, 1, 31), utc_offset_min=CST, now=END_OF_JANUARY)
    assert "老号" in [r.streamer.name for r in jun.rows]
    every = load_roster(repo, JAN, date(2026, 1, 31), include_archived=True, utc_offset_min=CST)
    assert jan.old.id in [r.streamer.id for r in every.rows]


def test_an_unbroken_streak_reads_further_back_and_says_at_least(repo: Repository) -> None:
    zao = repo.create_streamer("准时", schedule=(ScheduleSlot(None, 6 * 60 + 30, CST),))
    start = date(2025, 10, 1)
    insert_summaries(
        repo,
        [
            show("准时", at(d.year, d.month, d.day, 6, 31), WAN)
            for d in (start + timedelta(days=k) for k in range(122))
        ],
    )
    # Up to 30 January (122 days from 1 October): only the last 62 days are read.
    roster = load_roster(repo, JAN, date(2026, 1, 30), utc_offset_min=CST, now=at(2026, 1, 30, 12))
    row = roster.row(zao.id)
    assert row.streak_at_least and row.on_time_streak == 62
    assert row.last_late_s == 60.0


def test_a_custom_ladder(repo: Repository) -> None:
    jan = build_january(repo)
    roster = load_roster(repo, JAN, date(2026, 1, 31), (100 * WAN,), utc_offset_min=CST)
    assert roster.thresholds == (100 * WAN,)
    assert roster.row(jan.zhen.id).standing.next_threshold_fen == 100 * WAN
    assert [(c.crossed, c.first_time) for c in roster.summary.current.counts] == [(1, 1)]


def test_the_roster_asks_the_same_few_queries_for_any_number_of_streamers(repo: Repository) -> None:
    """No query per streamer: 3 streamers or 60 cost the same few statements
    (one more when some streak is unbroken over the first look back)."""
    build_january(repo)

    def statements() -> int:
        seen: list[str] = []

        def count(*args: object) -> None:
            seen.append(str(args[2]))

        event.listen(repo.db.engine, "before_cursor_execute", count)
        try:
            load_roster(repo, JAN, date(2026, 1, 31), utc_offset_min=CST, now=END_OF_JANUARY)
        finally:
            event.remove(repo.db.engine, "before_cursor_execute", count)
        return len(seen)

    few = statements()
    insert_summaries(
        repo,
        [show(f"主播{i}", at(2026, 1, 1 + i % 28), (i + 1) * WAN) for i in range(60)],
    )
    for i in range(0, 60, 2):
        s = find_streamer(repo, f"主播{i}")
        repo.update_streamer(replace(s, schedule=(ScheduleSlot(None, 20 * 60, CST),)))
    assert few <= 5
    assert statements() <= 5


def test_find_streamer_by_id_or_name(repo: Repository) -> None:
    jan = build_january(repo)
    assert find_streamer(repo, str(jan.zhen.id)) == jan.zhen
    assert find_streamer(repo, " 阿珍 ") == jan.zhen
    with pytest.raises(StorageError, match="no streamer"):
        find_streamer(repo, "nobody")


def test_the_service_the_window_uses(repo: Repository) -> None:
    service = RosterService(repo, today=lambda: date(2026, 1, 31))
    made = service.save_streamer(
        Streamer(
            0,
            "新人",
            "douyin",
            "dy-9",
            "from the fair",
            True,
            schedule=(ScheduleSlot(5, 600, CST),),
        )
    )
    assert made.id > 0 and made.archived and made.schedule == (ScheduleSlot(5, 600, CST),)
    assert service.set_archived(made.id, False).archived is False
    edited = service.save_streamer(replace(repo.get_streamer(made.id), notes="moved to evenings"))
    assert edited.notes == "moved to evenings"
    service.set_platform_gmv(made.id, JAN, 51 * WAN)
    roster = service.load(JAN)
    assert roster.row(made.id).standing.basis is GmvBasis.PLATFORM
    assert roster.today == date(2026, 1, 31)
    assert service.platforms() == ["douyin"]


# -- the command line ----------------------------------------------------------------------
def genbo(data_dir: Path, *argv: str) -> int:
    """Run a roster command as `genbo` parses it (real database in `data_dir`)."""
    from app.cli.roster_cmd import register
    from app.config.paths import resolve_paths

    parser = argparse.ArgumentParser(prog="genbo")
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(list(argv))
    return int(args.run(args, resolve_paths(data_dir).ensure()))


def test_cli_roster_table_and_json(repo: Repository, data_dir: Path, capsys) -> None:
    build_january(repo)
    assert genbo(data_dir, "roster", "--month", "2026-01", "--today", "2026-01-20") == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "Roster for 2026-01 (today 1/20/2026; the ladder: ¥500K / ¥2M / ¥5M)"
    zhen = next(line for line in lines if line.startswith("阿珍"))
    assert "¥625K" in zhen and "platform" in zhen and "¥500K 2026-01*" in zhen
    # 137.5万 to 200万 over the 11 days after the 20th; 62.5万 over 20 days so far.
    assert "¥125K / ¥31.3K" in zhen
    zao = next(line for line in lines if line.startswith("早班"))
    assert zao.rstrip().endswith(" 3")
    assert "* first time this month" in out
    assert out.rstrip().splitlines()[-1].startswith("Genbo's figures start in 2025-06")
    assert out.rstrip().splitlines()[-2].split() == [
        "2026-01",
        "1",
        "/",
        "2",
        "1",
        "/",
        "1",
        "0",
        "/",
        "0",
    ]

    assert genbo(data_dir, "roster", "--month", "2026-01", "--today", "2026-01-31", "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["month"] == "2026-01" and data["thresholds"] == [500000, 2000000, 5000000]
    by = {s["name"]: s for s in data["streamers"]}
    assert set(by) == {"小杨", "阿珍", "早班"}
    yang = by["小杨"]
    assert (yang["gmv"], yang["basis"], yang["sessions"], yang["days_left"]) == (
        2_000_000,
        "recorded",
        31,
        0,
    )
    assert yang["next_threshold"] == 5_000_000 and yang["pace_needed"] is None
    assert yang["leaps"][1] == {
        "threshold": 2_000_000,
        "first_month": "2026-01",
        "crossed_this_month": True,
        "first_time_this_month": True,
    }
    assert by["阿珍"]["platform_gmv"] == 625_000 and by["阿珍"]["recorded_gmv"] == 300_000
    assert by["早班"]["on_time_streak"] == 3
    assert by["早班"]["schedule"] == [{"weekday": None, "start": "06:30", "utc_offset_min": 480}]
    assert data["summary"]["counts"] == [
        {"threshold": 500000, "crossed": 2, "first_time": 1},
        {"threshold": 2000000, "crossed": 1, "first_time": 1},
        {"threshold": 5000000, "crossed": 0, "first_time": 0},
    ]
    assert data["summary"]["history"][0]["month"] == "2025-02"

    assert genbo(data_dir, "roster", "--month", "2026-01", "--json", "--ladder", "100万") == 0
    assert json.loads(capsys.readouterr().out)["thresholds"] == [1_000_000]


def test_cli_roster_uses_the_settings_ladder(repo: Repository, data_dir: Path, capsys) -> None:
    from app.config.paths import resolve_paths
    from app.config.settings import Settings, save_settings

    build_january(repo)
    save_settings(resolve_paths(data_dir).settings_file, Settings(leap_ladder=[600_000, 100_000]))
    assert genbo(data_dir, "roster", "--month", "2026-01", "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["thresholds"] == [100_000, 600_000]
    # 小杨 (200万) and 阿珍 (62.5万) reach both; 小杨 already did in December (60万).
    assert [(c["crossed"], c["first_time"]) for c in data["summary"]["counts"]] == [(2, 1), (2, 1)]


def test_cli_roster_refuses_bad_input(data_dir: Path, capsys) -> None:
    assert genbo(data_dir, "roster", "--month", "2026-13") == 2
    assert "the month must be 01 to 12" in capsys.readouterr().err
    assert genbo(data_dir, "roster", "--today", "yesterday") == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err
    assert genbo(data_dir, "roster", "--ladder", "lots") == 2
    assert "not a number" in capsys.readouterr().err


def test_cli_streamers_add_list_edit_archive(data_dir: Path, capsys) -> None:
    add = ["streamer", "add", "小杨", "--platform", "douyin", "--account-id", "dy-1"]
    assert genbo(data_dir, *add, "--start", "06:30", "--start", "sat,sun=10:00",
                 "--utc-offset", "+08:00") == 0  # fmt: skip
    assert capsys.readouterr().out.strip() == (
        "Added streamer 1: 小杨 (douyin, dy-1), planned start daily 06:30; Sat 10:00, Sun 10:00."
    )
    assert genbo(data_dir, "streamer", "add", "阿珍", "--start", "19:00", "--weekday", "mon-fri",
                 "--notes", "new in March", "--utc-offset", "+08:00") == 0  # fmt: skip
    capsys.readouterr()
    assert genbo(data_dir, "streamer", "add", "小杨") == 1
    assert "already a streamer named 小杨" in capsys.readouterr().err
    assert genbo(data_dir, "streamer", "add", "x", "--start", "25:00") == 2
    assert "HH:MM" in capsys.readouterr().err
    assert genbo(data_dir, "streamer", "add", "x", "--start", "10:00", "--weekday", "someday") == 2
    assert "not a weekday" in capsys.readouterr().err

    assert genbo(data_dir, "streamer", "list", "--json") == 0
    listed = json.loads(capsys.readouterr().out)
    zhen = next(s for s in listed if s["name"] == "阿珍")
    assert [s["weekday"] for s in zhen["schedule"]] == ["mon", "tue", "wed", "thu", "fri"]
    assert {s["start"] for s in zhen["schedule"]} == {"19:00"}
    assert zhen["notes"] == "new in March" and zhen["archived"] is False

    assert (
        genbo(data_dir, "streamer", "edit", "阿珍", "--platform", "kuaishou", "--no-schedule") == 0
    )
    assert capsys.readouterr().out.strip() == "Saved streamer 2: 阿珍 (kuaishou)."
    assert genbo(data_dir, "streamer", "edit", "2") == 2
    assert "nothing to change" in capsys.readouterr().err
    assert genbo(data_dir, "streamer", "edit", "99", "--notes", "x") == 1
    assert "no streamer “99”" in capsys.readouterr().err

    assert genbo(data_dir, "streamer", "archive", "小杨") == 0
    assert "Undo with: genbo streamer unarchive 1" in capsys.readouterr().out
    assert genbo(data_dir, "streamer", "list") == 0
    table = capsys.readouterr().out
    assert "小杨" not in table and "阿珍" in table and "kuaishou" in table
    assert genbo(data_dir, "streamer", "list", "--all") == 0
    assert "小杨 (archived)" in capsys.readouterr().out
    assert genbo(data_dir, "streamer", "unarchive", "1") == 0
    assert capsys.readouterr().out.strip() == "小杨 is back on the roster."


def test_cli_month_gmv(repo: Repository, data_dir: Path, capsys) -> None:
    jan = build_january(repo)
    assert genbo(data_dir, "month-gmv", "小杨", "2026-01", "212.3万") == 0
    assert capsys.readouterr().out.strip() == (
        "小杨, 2026-01: the platform's GMV is ¥2,123,000.00 "
        "(recorded: ¥2,000,000.00 in 31 sessions)."
    )
    row = next(m for m in repo.month_totals(JAN) if m.streamer_id == jan.yang.id)
    assert (row.platform_gmv_fen, row.platform_source) == (212_3000_00, "typed")
    assert genbo(data_dir, "month-gmv", str(jan.yang.id), "2026-01", "3.5w") == 0
    capsys.readouterr()
    row = next(m for m in repo.month_totals(JAN) if m.streamer_id == jan.yang.id)
    assert row.platform_gmv_fen == 3_5000_00
    assert genbo(data_dir, "month-gmv", "小杨", "2026-01", "--clear") == 0
    assert "the recorded ¥2,000,000.00 (31 sessions) is used" in capsys.readouterr().out
    row = next(m for m in repo.month_totals(JAN) if m.streamer_id == jan.yang.id)
    assert row.platform_gmv_fen is None

    assert genbo(data_dir, "month-gmv", "小杨", "2026-01", "12.345") == 2
    assert "parts of a fen" in capsys.readouterr().err
    assert genbo(data_dir, "month-gmv", "小杨", "2026-01") == 2
    assert "--clear" in capsys.readouterr().err
    assert genbo(data_dir, "month-gmv", "小杨", "2026-01", "-5") == 2
    assert "cannot be negative" in capsys.readouterr().err
    assert genbo(data_dir, "month-gmv", "nobody", "2026-01", "5") == 1
    assert "no streamer “nobody”" in capsys.readouterr().err
