"""The ad reports' rows read from text: both platforms' columns, "-" windows,
totals rows, thousands separators, bad cells explained, ROI exact."""

from datetime import date
from decimal import Decimal

import pytest

from app.core.ads import (
    DOUYIN,
    KUAISHOU,
    PLATFORM_WINDOWS,
    AdReportError,
    AdRow,
    WindowFigures,
    detect_platform,
    header_field,
    parse_day,
    parse_figures,
    parse_report,
    platform_key,
    roi,
    roi_gap,
    total,
)
from app.core.csv_import import CellError

JINNIU = [
    "日期",
    "计划ID",
    "计划名称",
    "快手ID",
    "直播间名称",
    "花费(元)",
    "直接GMV(元)",
    "直接ROI",
    "当日累计GMV(元)",
    "当日累计ROI",
    "当日累计订单数",
    "15日累计GMV(元)",
    "15日累计ROI",
    "15日累计订单数",
    "30日累计GMV(元)",
    "30日累计ROI",
    "30日累计订单数",
]
QIANCHUAN = [
    "日期",
    "计划ID",
    "计划名称",
    "抖音号",
    "消耗(元)",
    "直接成交金额(元)",
    "直接支付ROI",
    "7日总成交金额(元)",
    "7日总支付ROI",
]


def jinniu_row(*cells: str) -> list[str]:
    row = list(cells)
    return row + ["-"] * (len(JINNIU) - len(row))


def test_roi_is_exact_and_none_without_spend() -> None:
    assert roi(308625, 123450) == Decimal("2.5")
    assert roi(100, 300) == Decimal(1) / Decimal(3)
    assert isinstance(roi(1, 3), Decimal)
    assert roi(12000, 0) is None
    assert roi(None, 100) is None
    assert roi(0, 100) == 0


def test_headers_name_fields_and_the_platform() -> None:
    assert header_field("花费(元)") == ("spend", Decimal(1))
    assert header_field("消耗（万元）") == ("spend", Decimal(10_000))
    assert header_field("15日累计GMV(元)")[0] == "gmv:t15"
    assert header_field("7日总支付ROI")[0] == "roi:t7"
    assert header_field("当日累计订单数")[0] == "orders:t0"
    assert header_field("直播间曝光人数")[0] is None
    assert detect_platform(JINNIU) == KUAISHOU
    assert detect_platform(QIANCHUAN) == DOUYIN
    assert detect_platform(["日期", "计划ID"]) is None


def test_a_jinniu_report_with_separators_dashes_totals_and_blanks() -> None:
    records = [
        ["磁力金牛 报表"],
        JINNIU,
        jinniu_row("2026-11-03", "1001", "爆款", "ks1", "间", "1,234.50", "2,469.00", "2.00",
                   "3,086.25", "2.50", "31"),
        jinniu_row("2026/11/3", "1002", "福袋", "ks1", "间", "0", "0", "-", "120", "-", "2"),
        [""] * len(JINNIU),
        jinniu_row("合计", "", "", "", "", "1,234.50"),
    ]  # fmt: skip
    report = parse_report(records)
    assert report.platform == KUAISHOU and report.header_row == 2
    assert report.windows == ("direct", "t0", "t15", "t30")
    assert report.total_rows == (6,) and report.problems == ()
    a, b = report.rows
    assert (a.day, a.plan_id, a.account_id, a.spend_fen, a.row) == (
        date(2026, 11, 3), "1001", "ks1", 123450, 3,
    )  # fmt: skip
    assert a.window("t0") == WindowFigures(308625, 31)
    assert a.window("t15") == WindowFigures(None, None), "'-' is not settled, not 0"
    assert a.roi("t0") == Decimal("2.5") and a.roi("t15") is None
    assert b.spend_fen == 0 and b.roi("t0") is None and b.window("t0").gmv_fen == 12000
    assert report.roi_notes == ()


def test_bad_cells_are_explained_by_row_and_column() -> None:
    records = [
        JINNIU,
        jinniu_row("2026-11-03", "1001", "a", "ks1", "间", "abc"),
        jinniu_row("2026-13-40", "1002", "b", "ks1", "间", "10"),
        jinniu_row("2026-11-03", "", "c", "ks1", "间", "10", "-5"),
        jinniu_row("2026-11-03", "1003", "d", "ks1", "间", "10", "1.234"),
        jinniu_row("2026-11-03", "1004", "e", "ks1", "间", ""),
        jinniu_row("2026-11-03", "1005", "f", "ks1", "间", "10"),
        jinniu_row("2026-11-03", "1005", "f", "ks1", "间", "10"),
    ]
    report = parse_report(records)
    got = [(p.row, p.header) for p in report.problems]
    assert got == [
        (2, "花费(元)"),
        (3, "日期"),
        (4, "计划ID"),
        (4, "直接GMV(元)"),
        (5, "直接GMV(元)"),
        (6, "花费(元)"),
        (8, "计划ID"),
    ]
    reasons = [p.reason for p in report.problems]
    assert "not a number" in reasons[0]
    assert "not a date" in reasons[1]
    assert "an ID is needed" in reasons[2]
    assert "negative" in reasons[3]
    assert "two decimals" in reasons[4]
    assert "write 0" in reasons[5]
    assert "row 7" in reasons[6]
    assert [r.plan_id for r in report.rows] == ["1005"]
    assert report.bad_rows == (2, 3, 4, 5, 6, 8)
    assert "row 2, column “花费(元)”: “abc”" in report.problems[0].describe()


def test_qianchuan_has_no_t15_and_its_roi_is_checked() -> None:
    records = [
        [*QIANCHUAN, "15日累计GMV(元)"],  # even if a column says so, 千川 has no T15
        ["2026-11-03", "7001", "p", "dy1", "10,000", "25,000", "2.60", "-", "-", "5"],
        ["总计", "", "", "", "10,000", "25,000", "2.50", "-", "-", ""],
    ]
    report = parse_report(records)
    assert report.platform == DOUYIN and report.windows == ("direct", "t7")
    assert "15日累计GMV(元)" in report.ignored_columns
    (row,) = report.rows
    assert set(row.windows) == {"direct", "t7"}
    assert row.roi("direct") == Decimal("2.5") and row.window("t7").gmv_fen is None
    (note,) = report.roi_notes
    assert (note.row, note.window, note.file_roi) == (2, "direct", Decimal("2.60"))
    assert "2.60" in note.describe() and "2.5" in note.describe()
    assert report.total_rows == (3,)


def test_roi_within_the_files_rounding_is_not_a_note() -> None:
    records = [QIANCHUAN, ["2026-11-03", "1", "p", "dy1", "300", "100", "0.33", "-", "-"]]
    assert parse_report(records).roi_notes == ()


def test_a_report_that_is_not_one_says_why() -> None:
    with pytest.raises(AdReportError, match="no header row"):
        parse_report([["a", "b"], ["1", "2"]])
    with pytest.raises(AdReportError, match="磁力金牛 or a 千川"):
        parse_report([["日期", "计划ID", "账户ID", "spend"]])
    with pytest.raises(AdReportError, match="no 快手ID column"):
        parse_report([["日期", "计划ID", "花费(元)"]], KUAISHOU)
    with pytest.raises(AdReportError, match="unknown ad platform"):
        parse_report([JINNIU], "bilibili")


def test_days_and_ids_in_spreadsheet_forms() -> None:
    assert parse_day("2026年11月3日") == date(2026, 11, 3)
    assert parse_day("20261103") == date(2026, 11, 3)
    assert parse_day("2026-11-03 00:00:00") == date(2026, 11, 3)
    assert parse_day("2026-02-30") is None and parse_day("11/03") is None
    records = [JINNIU, jinniu_row("2026-11-03", "1.23e+11", "p", "12345.0", "间", "1")]
    (row,) = parse_report(records).rows
    assert (row.plan_id, row.account_id) == ("123000000000", "12345")


def test_totals_keep_unsettled_days_out_of_the_roi() -> None:
    def ad(day: int, spend: int, t0: int, t30: int | None) -> AdRow:
        return AdRow(
            KUAISHOU, date(2026, 11, day), "p", "", "a", "", spend,
            {"t0": WindowFigures(t0, 1), "t30": WindowFigures(t30, None)},
        )  # fmt: skip

    t = total([ad(1, 100, 200, 400), ad(2, 100, 100, None)], PLATFORM_WINDOWS[KUAISHOU])
    assert t.spend_fen == 200
    assert t.windows["t0"].roi == Decimal("1.5") and t.windows["t0"].complete
    assert t.windows["t30"].gmv_fen == 400 and t.windows["t30"].spend_fen == 100
    assert t.windows["t30"].roi == 4 and not t.windows["t30"].complete
    assert t.windows["t15"].gmv_fen is None and t.windows["t15"].roi is None
    assert roi_gap(t, KUAISHOU) is None, "no gap until T30 has settled for every day"
    settled = total([ad(1, 100, 200, 400)], PLATFORM_WINDOWS[KUAISHOU])
    assert roi_gap(settled, KUAISHOU) == Decimal(2)


def test_typed_figures_are_parsed_per_platform() -> None:
    spend, windows = parse_figures(KUAISHOU, "1.2万", {"t0": ("3,000", "12"), "t30": ("-", "")})
    assert spend == 1_200_000
    assert windows == {"t0": WindowFigures(300000, 12), "t30": WindowFigures(None, None)}
    with pytest.raises(CellError, match="no T15 window"):
        parse_figures(DOUYIN, "100", {"t15": ("1", "1")})


def test_a_plan_named_like_a_total_is_a_plan() -> None:
    records = [
        JINNIU,
        jinniu_row("2026-11-03", "1", "总计划A", "ks1", "间", "10"),
        jinniu_row("总计", "", "", "", "", "10"),
    ]
    report = parse_report(records)
    assert [r.plan_name for r in report.rows] == ["总计划A"] and report.total_rows == (3,)


def test_roi_is_written_as_a_plain_number() -> None:
    assert str(roi(1000, 100)) == "10" and str(roi(150, 100)) == "1.5"


def test_platforms_as_operators_type_them() -> None:
    assert platform_key("快手") == KUAISHOU and platform_key(" Douyin ") == DOUYIN
    assert platform_key("bilibili") is None and platform_key(None) is None


def test_the_gap_is_over_the_days_both_windows_have_settled() -> None:
    """A streamer who spent last week has no T30 for those days yet: the gap
    comes from the days that have both, not "—" until every day settles."""
    from datetime import date
    from decimal import Decimal

    from app.core.ads import KUAISHOU, T0, T30, AdRow, WindowFigures, roi_gap, settled_gap, total

    old = AdRow(KUAISHOU, date(2026, 10, 1), "1", "A", "ks", "room", 100_00,
                {T0: WindowFigures(200_00), T30: WindowFigures(350_00)})  # fmt: skip
    new = AdRow(KUAISHOU, date(2026, 11, 28), "1", "A", "ks", "room", 100_00,
                {T0: WindowFigures(150_00), T30: WindowFigures()})  # fmt: skip
    assert roi_gap(total([old, new], (T0, T30)), KUAISHOU) is None
    assert settled_gap([old, new], KUAISHOU) == Decimal("1.5")  # 3.5 − 2.0 on 10/1 alone
    assert settled_gap([new], KUAISHOU) is None
