"""The 复盘 workbook, written from a real SQLite library and read back with
openpyxl (an independent reader: XlsxWriter writes, openpyxl reads)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from app.core.columns import SessionColumns
from app.core.curves import minute_count
from app.core.highlights import Highlight, highlight_record, milestone_record
from app.core.metrics import NOT_RUNNING, Gap, Sample
from app.core.milestones import Milestone, MilestoneKind
from app.core.segments import Segment, segment_record
from app.core.session import ScheduleSlot, SessionDetail, SessionInfo, SessionSummary
from app.core.stats import SessionStats

OFFSET = 480  # UTC+8
DAY0 = datetime(2026, 11, 2, tzinfo=timezone(timedelta(minutes=OFFSET)))
PLANNED = 19 * 60 + 30  # 19:30
LATE_MIN = 12
DURATION_S = 2 * 3600
STEP_S = 30
GAP = (50 * 60, 53 * 60)  # no samples, stored as a gap
STREAMER = "小美直播间"
TITLE = "双12 预热专场 · 美妆个护"
HIGHLIGHTS = [
    (95, "开场福袋 抽3台吹风机"),
    (610, "主播讲解 精华液 第一轮"),
    (1_905, "粉丝连麦 互动爆了"),
    (2_990, "限时秒杀 口红 9.9 元"),
    (4_400, "第二轮福袋"),
    (6_500, "返场 精华液 加赠小样"),
]
SEGMENTS = [
    ("讲解 精华液", 300, 1_500),
    ("福袋 抽奖", 1_500, 2_100),
    ("秒杀 口红", 2_800, 4_000),
    ("返场 精华液 加赠", 6_000, 7_000),
]


def ms(day: int, minutes: int, seconds: float = 0) -> int:
    start = DAY0 + timedelta(days=day, minutes=minutes, seconds=seconds)
    return int(start.astimezone(UTC).timestamp() * 1000)


def prev_summary(i: int) -> SessionSummary:
    """The i-th earlier session's figures (summary only), varied but known."""
    gmv = 80_000_00 + 7_919_00 * ((i * 5) % 11)
    return SessionSummary(
        duration_s=float(3 * 3600 - 600 * (i % 4)),
        peak_viewers=4_000 + 310 * ((i * 3) % 7),
        gmv_fen=gmv,
        gmv_15m_fen=gmv // 12,
        gmv_30m_fen=gmv // 6,
        gpm_fen=1_200_00 + 5_00 * i,
        avg_dwell_ds=400 + 7 * i,
        avg_viewers=1_900 + 40 * i,
        orders=600 + 23 * i,
        buyers=520 + 19 * i,
        watch_uv=38_000 + 500 * i,
        watch_pv=70_000 + 900 * i,
        new_followers=250 + 11 * i,
        spend_fen=20_000_00 + 1_000_00 * i,
    )


def samples() -> list[Sample]:
    out = []
    start = ms(14, PLANNED + LATE_MIN)
    for k in range(0, DURATION_S // STEP_S + 1):
        t = k * STEP_S
        if GAP[0] < t < GAP[1]:
            continue
        frac = t / DURATION_S
        viewers = int(1_500 + 3_200 * frac * (1 - frac) * 4 * (1 + 0.15 * ((k % 7) - 3) / 3))
        gmv_yuan = 160_000 * frac**1.3
        out.append(
            Sample(
                start + t * 1000,
                {
                    "viewers": viewers,
                    "dwell_seconds": 380 + (k % 11) * 9,
                    "watch_uv": 1_200 + 330 * k,
                    "watch_pv": 2_000 + 700 * k,
                    "gmv": round(gmv_yuan * 100),
                    "orders": int(gmv_yuan / 150),
                    "buyers": int(gmv_yuan / 180),
                    "new_followers": 2 * k,
                    "ad_spend": 80_00 * k,
                },
                "simulator",
            )
        )
    return out


@dataclass
class Library:
    repo: object
    info: SessionInfo
    previous: list[SessionSummary]
    """Newest first."""
    others: list[SessionSummary]
    """Every other finished session of the streamer."""
    samples: list[Sample]


def build_library(
    repo,
    notes: str = "开场节奏好；秒杀前讲解太长，下次压缩到 5 分钟。",
    title: str = TITLE,
    highlights=HIGHLIGHTS,
    segments=SEGMENTS,
) -> Library:
    """One full session (with gaps, milestones, highlights, segments; started
    12 min late), 14 earlier summary-only sessions and one later one."""
    from app.storage.bulk import NewSession, insert_session, insert_summaries
    from app.storage.repository import summary_from_stats

    repo.create_streamer(
        STREAMER, platform="douyin", schedule=(ScheduleSlot(None, PLANNED, OFFSET),)
    )
    older = [prev_summary(i) for i in range(14)]  # i = 0 is the newest
    rows = [
        NewSession(
            streamer=STREAMER, title=f"日常场 {i}", started_ms=ms(13 - i, PLANNED),
            utc_offset_min=OFFSET, ended_ms=ms(13 - i, PLANNED) + round(s.duration_s * 1000),
            summary=s, platform="douyin", detail=SessionDetail.SUMMARY,
        )
        for i, s in enumerate(older)
    ]  # fmt: skip
    later = prev_summary(20)
    rows.append(
        NewSession(
            streamer=STREAMER, title="之后一场", started_ms=ms(16, PLANNED), utc_offset_min=OFFSET,
            ended_ms=ms(16, PLANNED) + 3_600_000, summary=later, platform="douyin",
            detail=SessionDetail.SUMMARY,
        )
    )  # fmt: skip
    insert_summaries(repo, rows)
    data = samples()
    columns = SessionColumns.from_samples(data)
    start = ms(14, PLANNED + LATE_MIN)
    end = start + DURATION_S * 1000
    snap = SessionStats.from_columns(start, columns).snapshot(DURATION_S)
    events = [
        milestone_record(
            Milestone(start + 2_400_000, MilestoneKind.THRESHOLD, "gmv", 50_000.0), "GMV ¥5万"
        ),
        milestone_record(
            Milestone(start + 6_000_000, MilestoneKind.THRESHOLD, "gmv", 100_000.0, major=True),
            "GMV ¥10万",
        ),
        milestone_record(
            Milestone(start + 3_000_000, MilestoneKind.THRESHOLD, "viewers", 5_000.0), "5千"
        ),
    ]
    for n, (sec, text) in enumerate(highlights):
        events.append(
            highlight_record(
                Highlight(f"h{n}", start + sec * 1000, text, note="好" if n == 1 else "")
            )
        )
    for n, (name, a, b) in enumerate(segments):
        events.append(segment_record(Segment(f"s{n}", name, start + a * 1000, start + b * 1000)))
    info = insert_session(
        repo,
        NewSession(
            streamer=STREAMER, title=title, started_ms=start, utc_offset_min=OFFSET,
            ended_ms=end, summary=summary_from_stats(snap), platform="douyin", notes=notes,
            tags=("美妆", "预热"), columns=columns, events=events,
            gaps=[Gap("simulator", start + GAP[0] * 1000, start + GAP[1] * 1000, "timeout"),
                  Gap("", start + 7_100_000, start + 7_130_000, NOT_RUNNING)],
        ),
    )  # fmt: skip
    return Library(repo, info, older[:10], [*older, later], data)


# -- the tests -------------------------------------------------------------------------

ZH = {
    "Summary": "概览", "Minutes": "分钟数据", "Highlights": "高光", "Milestones": "里程碑",
    "Segments": "分段", "Figure": "指标", "Value": "本场", "Median": "中位数",
    "vs median": "对比中位数", "Rank": "排名", "of": "共", "Remark": "备注",
    "Minute": "分钟", "Time": "时间", "GMV": "成交金额", "Viewers online": "在线人数",
    "Streamer": "主播", "Segment": "分段",
}  # fmt: skip


def zh(text: str, context: str) -> str:
    return ZH.get(text, text)


@pytest.fixture
def library(repo) -> Library:
    return build_library(repo)


def _workbook(library: Library, tmp_path: Path, tr=None):
    from app.exports.xlsx import write_xlsx
    from app.session.report import load_workbook_input

    data = load_workbook_input(library.repo, library.info.id)
    result = write_xlsx(data, None, tr)  # type: ignore[arg-type]
    path = tmp_path / "report.xlsx"
    result.save(path)
    assert not (tmp_path / "report.xlsx.part").exists()
    return openpyxl.load_workbook(path), data


def _header_row(ws, row: int) -> list[str]:
    return [c.value for c in ws[row] if c.value is not None]


def test_sheets_and_summary_against_the_median(library: Library, tmp_path: Path) -> None:
    from app.core.figures import FIGURE_DEFS

    wb, data = _workbook(library, tmp_path)
    assert wb.sheetnames == ["Summary", "Minutes", "Highlights", "Milestones", "Segments"]
    ws = wb["Summary"]
    labels = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(1, 15)}
    assert labels["Streamer"] == STREAMER
    assert labels["Title"] == TITLE
    assert labels["Platform"] == "douyin"
    assert labels["Start vs plan"] == "started 12 min late"
    assert labels["Started"] == datetime(2026, 11, 16, 19, 42)
    assert labels["Ended"] == datetime(2026, 11, 16, 21, 42)
    assert labels["Tags"] == "#美妆 #预热"
    assert labels["Notes"].startswith("开场节奏好")
    head = next(r for r in range(1, 30) if ws.cell(r, 1).value == "Figure")
    assert _header_row(ws, head) == [
        "Figure", "Value", "Median", "vs median", "Rank", "of", "Remark",
    ]  # fmt: skip
    rows = {
        ws.cell(r, 1).value: [ws.cell(r, c).value for c in range(2, 8)]
        for r in range(head + 1, head + 1 + len(FIGURE_DEFS))
    }
    assert list(rows) == [d.label for d in FIGURE_DEFS]
    s = library.info.summary
    gmv, median, change, rank, of, _remark = rows["GMV"]
    assert Decimal(str(gmv)) == Decimal(s.gmv_fen) / 100
    expected_median = statistics.median(Decimal(p.gmv_fen) / 100 for p in library.previous)
    assert Decimal(str(median)).quantize(Decimal("0.01")) == expected_median
    expected_change = (Decimal(s.gmv_fen) / 100 - expected_median) / expected_median
    assert change == pytest.approx(float(expected_change))
    higher = sum(1 for o in library.others if o.gmv_fen > s.gmv_fen)
    assert (rank, of) == (higher + 1, len(library.others) + 1) == (rank, 16)
    # Money is a number with a ¥ format, not text; durations are Excel times.
    gmv_cell = ws.cell(head + 1 + [d.key for d in FIGURE_DEFS].index("gmv"), 2)
    assert isinstance(gmv_cell.value, int | float) and "¥" in gmv_cell.number_format
    assert ws.cell(head + 1, 2).value == timedelta(hours=2)
    assert ws.cell(head + 1, 2).number_format == "[h]:mm:ss"
    # Exactly one figure is marked worst, and it is the one the core picked.
    worst = [k for k, v in rows.items() if v[5]]
    assert data.comparison is not None and data.comparison.worst is not None
    assert worst == [data.comparison.worst.figure.label]
    assert rows[worst[0]][2] < 0
    # Spend is neutral: never the worst, even when far from its median.
    assert rows["Spend"][5] is None


def test_minute_sheet_is_one_row_per_minute(library: Library, tmp_path: Path) -> None:
    wb, _ = _workbook(library, tmp_path)
    ws = wb["Minutes"]
    head = _header_row(ws, 1)
    assert head[:2] == ["Minute", "Time"]
    assert head[2:] == [
        "Viewers online", "Average dwell (s)", "Cumulative viewers", "Views", "GMV", "Orders",
        "Buyers", "New followers", "Paid-traffic spend", "GMV in the minute",
    ]  # fmt: skip
    n = minute_count(library.info.started_ms, library.info.ended_ms)
    assert n == 120 and ws.max_row == n + 1
    col = {h: i + 1 for i, h in enumerate(head)}
    start = library.info.started_ms
    by_t = {(s.ts_ms - start) // 1000: s.values for s in library.samples}
    # Minute 15 (ends at 15:00) holds the readings at 15:00 exactly.
    r = 16
    assert ws.cell(r, col["Minute"]).value == 15
    assert ws.cell(r, col["Time"]).value == datetime(2026, 11, 16, 19, 57)
    assert Decimal(str(ws.cell(r, col["GMV"]).value)) == Decimal(by_t[900]["gmv"]) / 100
    assert ws.cell(r, col["Viewers online"]).value == by_t[900]["viewers"]
    assert ws.cell(r, col["Average dwell (s)"]).value == pytest.approx(
        by_t[900]["dwell_seconds"] / 10
    )
    assert "¥" in ws.cell(r, col["GMV"]).number_format
    inc = ws.cell(r, col["GMV in the minute"]).value
    assert Decimal(str(inc)).quantize(Decimal("0.01")) == (
        Decimal(by_t[900]["gmv"] - by_t[840]["gmv"]) / 100
    )
    # Inside the stored gap (50:00–53:00) the viewers have no reading and the
    # totals are unknown until a reading after it.
    for minute in (51, 52):
        assert ws.cell(minute + 1, col["Viewers online"]).value is None
        assert ws.cell(minute + 1, col["GMV"]).value is None
    assert ws.cell(54, col["GMV"]).value is not None
    # After the gap the minute holds what was sold since the last known total,
    # marked as such, so the column adds up to the session's GMV in Excel.
    after = ws.cell(54, col["GMV in the minute"])
    known = ws.cell(51, col["GMV"]).value
    assert Decimal(str(after.value)).quantize(Decimal("0.01")) == (
        Decimal(str(ws.cell(54, col["GMV"]).value)) - Decimal(str(known))
    ).quantize(Decimal("0.01"))
    assert after.comment is not None and "since the last known total" in after.comment.text
    total = sum(
        Decimal(str(ws.cell(r, col["GMV in the minute"]).value or 0))
        for r in range(2, ws.max_row + 1)
    )
    last_gmv = next(
        ws.cell(r, col["GMV"]).value
        for r in range(ws.max_row, 1, -1)
        if ws.cell(r, col["GMV"]).value is not None
    )
    assert total.quantize(Decimal("0.01")) == Decimal(str(last_gmv)).quantize(Decimal("0.01"))


def test_highlight_milestone_and_segment_sheets(library: Library, tmp_path: Path) -> None:
    wb, _ = _workbook(library, tmp_path)
    ws = wb["Highlights"]
    assert _header_row(ws, 1) == ["Time", "Clock", "Title", "Note", "Tags", "Origin", "Major"]
    titles = [ws.cell(r, 3).value for r in range(2, ws.max_row + 1)]
    assert titles == [t for _, t in HIGHLIGHTS]
    assert ws.cell(2, 1).value == timedelta(seconds=95)
    assert ws.cell(2, 2).value == datetime(2026, 11, 16, 19, 43, 35)
    assert ws.cell(3, 4).value == "好"
    ws = wb["Milestones"]
    assert _header_row(ws, 1) == ["Time", "Clock", "Milestone", "Metric", "Major"]
    assert [ws.cell(r, 3).value for r in range(2, 5)] == [
        "GMV passed ¥5万", "Viewers online passed 5,000", "GMV passed ¥10万",
    ]  # fmt: skip
    assert [ws.cell(r, 5).value for r in range(2, 5)] == [False, False, True]
    ws = wb["Segments"]
    assert _header_row(ws, 1) == [
        "Rank", "Segment", "Start", "End", "Duration", "GMV", "Orders", "Peak viewers", "GMV/min",
    ]  # fmt: skip
    gmvs = [ws.cell(r, 6).value for r in range(2, ws.max_row + 1)]
    assert len(gmvs) == 4 and gmvs == sorted(gmvs, reverse=True)
    assert [ws.cell(r, 1).value for r in range(2, 6)] == [1, 2, 3, 4]
    # The last segment sold most (GMV grows faster late in the show).
    assert ws.cell(2, 2).value == "返场 精华液 加赠"
    assert "¥" in ws.cell(2, 6).number_format


def test_headers_in_the_ui_language(library: Library, tmp_path: Path) -> None:
    wb, _ = _workbook(library, tmp_path, tr=zh)
    assert wb.sheetnames == ["概览", "分钟数据", "高光", "里程碑", "分段"]
    assert _header_row(wb["分钟数据"], 1)[:3] == ["分钟", "时间", "在线人数"]
    ws = wb["概览"]
    head = next(r for r in range(1, 30) if ws.cell(r, 1).value == "指标")
    assert _header_row(ws, head)[:4] == ["指标", "本场", "中位数", "对比中位数"]
    assert ws.cell(head + 5, 1).value == "成交金额"


def test_a_summary_only_session_without_history(repo, tmp_path: Path) -> None:
    """The first session of a streamer, imported as a summary: figures alone,
    no medians, an empty minute sheet with its headers."""
    from app.storage.bulk import NewSession, insert_summaries

    insert_summaries(
        repo,
        [NewSession(streamer="新主播", title="首播", started_ms=ms(0, 600), utc_offset_min=OFFSET,
                    ended_ms=ms(0, 660), summary=prev_summary(0), detail=SessionDetail.SUMMARY)],
    )  # fmt: skip
    info = repo.streamer_history(repo.list_streamers()[0].id)[0]
    lib = Library(repo, info, [], [], [])
    wb, data = _workbook(lib, tmp_path)
    ws = wb["Summary"]
    head = next(r for r in range(1, 30) if ws.cell(r, 1).value == "Figure")
    gmv_row = head + 5
    assert ws.cell(gmv_row, 1).value == "GMV"
    assert Decimal(str(ws.cell(gmv_row, 2).value)) == Decimal(prev_summary(0).gmv_fen) / 100
    assert ws.cell(gmv_row, 3).value is None and ws.cell(gmv_row, 4).value is None
    assert (ws.cell(gmv_row, 5).value, ws.cell(gmv_row, 6).value) == (1, 1)
    assert wb["Minutes"].max_row == 1
    assert data.comparison is not None and data.comparison.previous == 0


def test_registry_and_the_binary_result(library: Library, tmp_path: Path) -> None:
    import io

    from app.exports import FORMATS, ExportOptions, export
    from app.exports.formats import BINARY, EXTENSIONS
    from app.session.report import load_workbook_input

    assert "xlsx" in FORMATS and EXTENSIONS["xlsx"] == "xlsx" and "xlsx" in BINARY
    result = export("xlsx", load_workbook_input(library.repo, library.info.id), ExportOptions())
    assert result.data[:2] == b"PK" and len(result) == len(result.data)

    class Stream(io.StringIO):
        buffer = io.BytesIO()

    out = Stream()
    result.write(out)
    assert out.buffer.getvalue() == result.data
    from app.exports import ExportError

    with pytest.raises(ExportError):
        result.write(io.StringIO())


def test_genbo_export_xlsx_in_process(library: Library, data_dir: Path, tmp_path: Path) -> None:
    """`genbo export ID --format xlsx -o FILE` through the command line's own
    export path, on the same database file."""
    from app.cli.commands import main

    target = tmp_path / "out.xlsx"
    code = main(
        ["--data-dir", str(data_dir), "export", str(library.info.id), "--format", "xlsx",
         "-o", str(target)]
    )  # fmt: skip
    assert code == 0
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames[0] == "Summary"
    assert wb["Minutes"].max_row == 121, "the minute sheet needs every sample"
    ws = wb["Summary"]
    head = next(r for r in range(1, 30) if ws.cell(r, 1).value == "Figure")
    assert ws.cell(head + 5, 3).value is not None, "the medians need the streamer's history"
