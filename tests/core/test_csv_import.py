"""Reading CSV minute exports (pure): encodings as Excel saves them, delimiters,
the header under title lines, column names and units in Chinese and English,
values as operators write them, every kind of time, per-minute figures
summed into running totals, and every unreadable cell reported."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import numpy as np
import pytest

from app.core.csv_import import (
    ColumnMap,
    CsvImportError,
    CsvMapping,
    MappingError,
    TimeMode,
    convert,
    decode,
    guess_column,
    guess_mapping,
    guess_time_mode,
    parse_clock,
    parse_datetime,
    parse_utc_offset,
    parse_value,
    read_table,
    sniff_delimiter,
)

CST = timezone(timedelta(hours=8))


def ms(*args: int, tz: timezone = CST) -> int:
    return int(datetime(*args, tzinfo=tz).timestamp() * 1000)


MINUTES = "时间,在线人数,成交金额(元)\n2026-11-11 20:00,100,1.5\n2026-11-11 20:01,120,2\n"


@pytest.mark.parametrize(
    ("encoding", "prefix", "name"),
    [
        ("utf-8", b"", "utf-8"),
        ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"),  # Excel's "CSV UTF-8"
        ("gb18030", b"", "gb18030"),  # Chinese Excel's plain "CSV"
        ("gbk", b"", "gb18030"),
        ("utf-16", b"", "utf-16"),  # Excel's "Unicode text" (with a BOM)
    ],
)
def test_encodings_excel_saves(encoding: str, prefix: bytes, name: str) -> None:
    text, found = decode(prefix + MINUTES.encode(encoding))
    assert found == name and text == MINUTES
    table = read_table(prefix + MINUTES.encode(encoding))
    assert table.header == ("时间", "在线人数", "成交金额(元)")
    assert table.rows[1] == ("2026-11-11 20:01", "120", "2")


def test_bytes_that_are_no_text_are_refused() -> None:
    with pytest.raises(CsvImportError, match="neither UTF-8 nor GBK"):
        decode(b"\x81\x30\xff\xfe\x00\x81")
    with pytest.raises(CsvImportError, match="empty"):
        read_table(b"  \n")


def test_delimiters_and_quoted_cells() -> None:
    assert sniff_delimiter("a\tb\tc\n1\t2\t3\n") == "\t"
    assert sniff_delimiter('a;b;c\n1;"2,5";3\n') == ";"
    assert sniff_delimiter('time,gmv\n20:00,"1,234.50"\n') == ","
    table = read_table(b'time,gmv\n20:00,"1,234.50"\n')
    assert table.rows == (("20:00", "1,234.50"),)


def test_the_header_is_found_under_title_lines() -> None:
    data = "直播间数据导出\n导出时间：2026-11-12\n\n时间,在线人数,成交金额\n20:00,1,2\n"
    table = read_table(data.encode())
    assert table.header_row == 4 and table.header == ("时间", "在线人数", "成交金额")
    assert table.row_number(0) == 5
    # No known name: the first row of text cells.
    table = read_table(b"when,a,b\n2026-11-11 20:00,1,2\n")
    assert table.header == ("when", "a", "b")
    with pytest.raises(CsvImportError, match="no header"):
        read_table(b"1,2\n3,4\n")


@pytest.mark.parametrize(
    ("header", "metric", "factor"),
    [
        ("在线人数", "viewers", 1), ("实时在线人数", "viewers", 1), ("Viewers", "viewers", 1),
        ("成交金额(元)", "gmv", 1), ("成交金额（万元）", "gmv", 10_000), ("GMV(万)", "gmv", 10_000),
        ("直播间成交金额", "gmv", 1), ("GMV per minute", "gmv", 1), ("成交金额元", "gmv", 1),
        ("成交订单数", "orders", 1), ("Orders", "orders", 1), ("成交人数", "buyers", 1),
        ("新增粉丝", "new_followers", 1), ("New followers", "new_followers", 1),
        ("人均停留时长(秒)", "dwell_seconds", 1), ("人均停留时长(分钟)", "dwell_seconds", 60),
        ("avg dwell (s)", "dwell_seconds", 1), ("累计观看人数", "watch_uv", 1),
        ("观看次数", "watch_pv", 1), ("投流消耗(元)", "ad_spend", 1), ("退款金额", "refunds", 1),
        ("点赞数", "likes", 1), ("评论", "comments", 1), ("商品点击次数", "product_clicks", 1),
    ],
)  # fmt: skip
def test_column_names_and_units(header: str, metric: str, factor: int) -> None:
    assert guess_column(header) == (metric, Decimal(factor))


@pytest.mark.parametrize("header", ["转化率(%)", "UV价值", "点赞率", "客单价", "粉丝团", "备注",
                                    "在线人数(%)", "人均停留时长(万)"])  # fmt: skip
def test_columns_that_are_no_metric(header: str) -> None:
    assert guess_column(header)[0] is None


@pytest.mark.parametrize(
    ("text", "metric", "factor", "raw"),
    [
        ("1.2万", "viewers", 1, 12_000), ("3.5w", "gmv", 1, 3_500_000),
        ("¥1,234.50", "gmv", 1, 123_450), ("0.07", "gmv", 1, 7),
        ("1234567.89", "gmv", 1, 123_456_789), ("10995116277.76", "gmv", 1, 2**40),
        ("1.5", "gmv", 10_000, 1_500_000), ("1.2万", "gmv", 10_000, 1_200_000),  # own unit wins
        ("45.5", "dwell_seconds", 1, 455), ("1:05", "dwell_seconds", 1, 650),
        ("1分5秒", "dwell_seconds", 1, 650), ("1.5", "dwell_seconds", 60, 900),
        ("１２３", "orders", 1, 123), ("", "orders", 1, None), ("-", "gmv", 1, None),
        ("--", "viewers", 1, None), ("  ", "viewers", 1, None),
    ],
)  # fmt: skip
def test_values_as_operators_write_them(text: str, metric: str, factor: int, raw) -> None:
    assert parse_value(text, metric, Decimal(factor)) == raw


@pytest.mark.parametrize(
    ("text", "metric", "reason"),
    [
        ("12%", "viewers", "percentage"), ("1.5", "orders", "whole number"),
        ("12.345", "gmv", "two decimals"), ("-5", "viewers", "negative"),
        ("lots", "gmv", "not a number"), ("1万2", "viewers", "ambiguous"),
    ],
)  # fmt: skip
def test_values_that_cannot_be_read_say_why(text: str, metric: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_value(text, metric)


def test_a_per_minute_figure_may_be_negative() -> None:
    assert parse_value("-12.5", "gmv", per_minute=True) == -1250


def test_times() -> None:
    assert parse_datetime("2026-11-11 20:05", 480) == ms(2026, 11, 11, 20, 5)
    assert parse_datetime("2026/11/11 20:05:30", 480) == ms(2026, 11, 11, 20, 5, 30)
    assert parse_datetime("2026/1/5 8:03", 480) == ms(2026, 1, 5, 8, 3)
    assert parse_datetime("2026年11月11日 20:05", 480) == ms(2026, 11, 11, 20, 5)
    assert parse_datetime("2026-11-11T12:05:00Z", 480) == ms(2026, 11, 11, 12, 5, tz=UTC)
    assert parse_datetime("2026-11-11T20:05:00+08:00", 0) == ms(2026, 11, 11, 20, 5)
    with pytest.raises(ValueError):
        parse_datetime("2026-11-11", 480)  # a date alone is no time
    assert parse_clock("20:05") == (20 * 60 + 5) * 60_000
    assert parse_clock("20:05:30") == ((20 * 60 + 5) * 60 + 30) * 1000
    assert parse_clock("20:00-20:01") == (20 * 60 + 1) * 60_000  # a minute's range: its end
    with pytest.raises(ValueError):
        parse_clock("25:00")
    assert guess_time_mode(["20:00", "20:01"]) is TimeMode.CLOCK
    assert guess_time_mode(["2026-11-11 20:00"]) is TimeMode.DATETIME
    assert guess_time_mode(["0", "1", "2.5"]) is TimeMode.MINUTES
    assert guess_time_mode(["1794571200", "1794571260"]) is TimeMode.EPOCH
    assert guess_time_mode(["a", "b"]) is None
    assert parse_utc_offset("+08:00") == 480 and parse_utc_offset("UTC-5") == -300
    assert parse_utc_offset("+0545") == 345 and parse_utc_offset("0") == 0
    with pytest.raises(ValueError):
        parse_utc_offset("+15:00")


def test_clock_times_pass_midnight_and_minutes_count_from_the_start() -> None:
    table = read_table(b"time,viewers\n23:58,1\n23:59,2\n00:00,3\n00:01,4\n")
    mapping, _ = guess_mapping(table, 480, date(2026, 11, 11))
    assert mapping.time_mode is TimeMode.CLOCK
    data = convert(table, mapping)
    ts, raw = data.series["viewers"]
    assert ts.tolist() == [ms(2026, 11, 11, 23, 58), ms(2026, 11, 11, 23, 59),
                           ms(2026, 11, 12, 0, 0), ms(2026, 11, 12, 0, 1)]  # fmt: skip
    assert raw.tolist() == [1, 2, 3, 4]
    table = read_table(b"minute,viewers\n1,10\n2,20\n")
    mapping, _ = guess_mapping(table, 0, date(2026, 11, 11))
    start = ms(2026, 11, 11, 19, 30, tz=UTC)
    data = convert(table, CsvMapping(0, TimeMode.MINUTES, mapping.columns, 0, date(2026, 11, 11),
                                     19 * 60 + 30))  # fmt: skip
    assert data.started_ms == start and data.series["viewers"][0].tolist() == [
        start + 60_000, start + 120_000,
    ]  # fmt: skip


def test_per_minute_figures_become_running_totals() -> None:
    text = (
        "时间,每分钟成交金额,订单,累计成交金额\n"
        "20:00,10,1,10\n20:01,,2,10\n20:02,5,0,15\n20:03,2.5,3,17.5\n"
    )
    table = read_table(text.encode())
    mapping, notes = guess_mapping(table, 480, date(2026, 11, 11))
    # Named per minute; orders go down, so per minute; the running total says so.
    assert mapping.columns[1] == ColumnMap("gmv", True)
    assert mapping.columns[2] == ColumnMap("orders", True)
    assert 3 not in mapping.columns  # a second GMV column is left out, and said
    assert any("累计成交金额" in n and "ignored" in n for n in notes)
    assert any("订单" in n and "per-minute" in n for n in notes)
    data = convert(table, mapping)
    ts, gmv = data.series["gmv"]
    assert gmv.tolist() == [1000, 1500, 1750]  # the empty minute has no reading
    assert [(t - ms(2026, 11, 11, 20, 0)) // 60_000 for t in ts.tolist()] == [0, 2, 3]
    assert data.series["orders"][1].tolist() == [1, 3, 3, 6]
    running = mapping.with_column(1, None).with_column(3, ColumnMap("gmv"))
    assert convert(table, running).series["gmv"][1].tolist() == [1000, 1000, 1500, 1750]


def test_every_unreadable_cell_is_reported_and_nothing_dropped_unasked() -> None:
    text = (
        "time,viewers,gmv\n"
        "2026-11-11 20:00,100,1\n"
        "2026-11-11 20:01,x,2\n"
        "2026-11-11 20:02,110,3,extra\n"
        "yesterday,120,4\n"
        "\n"
        "2026-11-11 20:04,130,1.001\n"
        "合计,,10\n"
    )
    table = read_table(text.encode())
    mapping, _ = guess_mapping(table, 480)
    data = convert(table, mapping)
    got = [(p.row, p.header, p.text) for p in data.problems]
    assert got == [
        (3, "viewers", "x"), (4, "", "extra"), (5, "time", "yesterday"),
        (7, "gmv", "1.001"), (8, "time", "合计"),
    ]  # fmt: skip
    assert data.problems[-1].reason == "looks like a totals row, not a reading"
    assert data.bad_rows == (3, 4, 5, 7, 8) and data.rows_read == 6
    assert not data.skipped
    # Not skipping keeps every good cell (the caller refuses to store it).
    assert data.series["gmv"][1].tolist() == [100, 200, 300]
    skipped = convert(table, mapping, skip_bad_rows=True)
    assert skipped.skipped and skipped.rows_used == 1
    assert skipped.series["gmv"][1].tolist() == [100]
    assert skipped.problems == data.problems  # still reported


def test_dwell_finer_than_a_tenth_of_a_second_is_rounded_and_said() -> None:
    table = read_table(b"time,avg dwell (s)\n2026-11-11 20:00,45.55\n2026-11-11 20:01,46.2\n")
    mapping, _ = guess_mapping(table, 480)
    data = convert(table, mapping)
    assert data.series["dwell_seconds"][1].tolist() == [456, 462]
    assert data.notes == (
        "column “avg dwell (s)”: values rounded to 0.1 s, as Genbo keeps times (1 of them)",
    )


def test_mappings_that_cannot_work_say_why() -> None:
    table = read_table(b"foo,bar\n1,2\n")
    mapping, _ = guess_mapping(table, 0)
    assert mapping.time_column is None
    with pytest.raises(MappingError, match=r"no time column.*1: foo, 2: bar"):
        convert(table, mapping)
    table = read_table(b"time,viewers,gmv\n20:00,1,2\n")
    mapping, _ = guess_mapping(table, 0)
    with pytest.raises(MappingError, match="date"):
        convert(table, mapping)
    day = date(2026, 11, 11)
    with pytest.raises(MappingError, match="per-minute"):
        convert(table, CsvMapping(0, TimeMode.CLOCK, {1: ColumnMap("viewers", True)}, 0, day))
    twice = {1: ColumnMap("gmv"), 2: ColumnMap("gmv")}
    with pytest.raises(MappingError, match="mapped twice"):
        convert(table, CsvMapping(0, TimeMode.CLOCK, twice, 0, day))
    with pytest.raises(MappingError, match="no column is mapped"):
        convert(table, CsvMapping(0, TimeMode.CLOCK, {}, 0, day))


def test_a_long_minute_export_reads_quickly() -> None:
    rows = "\n".join(f"{m // 60:02d}:{m % 60:02d},{1000 + m},{m * 1.5:.2f}" for m in range(1440))
    table = read_table(("时间,在线人数,成交金额(元)\n" + rows + "\n").encode("gb18030"))
    mapping, _ = guess_mapping(table, 480, date(2026, 11, 11))
    data = convert(table, mapping)
    assert not data.problems and data.rows_read == 1440
    assert np.array_equal(data.series["gmv"][1], np.arange(1440) * 150)


def test_a_left_out_row_keeps_its_sales_in_the_running_total() -> None:
    """Leaving out a row for a bad viewers cell lost that minute's GMV from the
    per-minute column's running total (the review found 400 of 600 stored)."""
    from app.core.csv_import import convert, guess_mapping, read_table

    csv = "时间,在线人数,每分钟成交金额\n20:00,10,100\n20:01,1.2.3,200\n20:02,12,300\n"
    mapping, _notes = guess_mapping(read_table(csv.encode()), day=date(2026, 11, 1))
    table = read_table(csv.encode())
    gmv = next(c for c in mapping.columns.values() if c.metric == "gmv")
    assert gmv.per_minute
    data = convert(table, mapping, skip_bad_rows=True)
    ts, raw = data.series["gmv"]
    assert raw.tolist() == [10_000, 60_000], "the last reading holds all 600 yuan"
    assert len(ts) == 2 and data.rows_used == 2


def test_a_cell_with_its_own_m_is_not_scaled_by_its_column() -> None:
    """ "1.2M" in a 万 column was read as 1.2M × 1万 (¥120亿)."""
    from decimal import Decimal

    from app.core.csv_import import parse_value

    assert parse_value("1.2M", "gmv", Decimal(10_000)) == 120_000_000  # fen: ¥1.2M
    assert parse_value("1.2", "gmv", Decimal(10_000)) == 1_200_000  # ¥1.2万
    assert parse_value("1.2k", "gmv", Decimal(1_000)) == 120_000
