"""The 复盘 workbook (.xlsx): a summary sheet (the session and every figure
against the streamer's median), a minute sheet laid out like the platforms'
own minute exports (one row per minute, one column per metric), and sheets of
the highlights, milestones and ranked segments.

Written with XlsxWriter. Numbers are numbers: money is yuan with a ¥ number
format, durations are Excel times, percentages are fractions with a percent
format, so the operator can sum, sort and chart them. Headers are in the UI's
language (`app.config.i18n.tr`, context "report"; figure names in "figures",
metric names in "metrics"). Times are session times, not video times: the
workbook is for the operator, the other exports are for the editors.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import xlsxwriter

from app.core.curves import minute_table
from app.core.figures import (
    FIGURE_CONTEXT,
    Comparison,
    Figure,
    FigureUnit,
    describe_start,
    ranked_segments,
    session_figures,
)
from app.core.metrics import CATALOGUE, METRICS, Unit
from app.core.session import SessionInfo
from app.core.stats import SessionStats
from app.exports.common import (
    BinaryExportResult,
    ExportInput,
    ExportOptions,
    ExportResult,
    _one_line,
)

Translate = Callable[[str, str], str]
"""(text, context) → the text in the UI's language."""

CONTEXT = "report"
MONEY_FORMAT = '"¥"#,##0.00'
DURATION_FORMAT = "[h]:mm:ss"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
CLOCK_FORMAT = "hh:mm"
CHANGE_FORMAT = "+0.0%;-0.0%;0.0%"
_DAY_S = 86_400


@dataclass(frozen=True)
class WorkbookInput(ExportInput):
    """An export's input with the streamer's history worked in
    (`app.session.report.load_workbook_input`)."""

    comparison: Comparison | None = None
    """This session's figures against the median of the streamer's previous
    sessions, with ranks. Without it the summary sheet lists the figures alone."""


def _ui_language() -> Translate:
    # Through Qt's translator (QtCore only), loaded when a workbook is written
    # so importing the exports stays free of Qt.
    from app.config.i18n import tr

    return tr


def write_xlsx(data: ExportInput, opt: ExportOptions, tr: Translate | None = None) -> ExportResult:
    """The workbook as bytes. `data.columns` (every sample) feeds the minute
    sheet and fills figures the summary lacks; `opt` is not used (session times).
    `tr` defaults to the UI's language."""
    del opt
    tr = tr or _ui_language()
    comparison = data.comparison if isinstance(data, WorkbookInput) else None
    if comparison is not None:
        figures: Sequence[Figure] = [r.figure for r in comparison.rows]
    else:
        snap = None
        if data.columns:
            stats = SessionStats.from_columns(data.info.started_ms, data.columns)
            snap = stats.snapshot(data.info.summary.duration_s)
        figures = session_figures(data.info.summary, snap)
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False})
    book.set_properties({"title": data.info.title, "author": "Genbo"})
    sheets = _Sheets(book, data, tr)
    sheets.summary(figures, comparison)
    sheets.minutes()
    sheets.highlights()
    sheets.milestones()
    sheets.segments()
    book.close()
    return BinaryExportResult(out.getvalue())


def sheet_names(tr: Translate | None = None) -> list[str]:
    """The sheets in order, as the UI's language names them."""
    tr = tr or _ui_language()
    return [tr(n, CONTEXT) for n in ("Summary", "Minutes", "Highlights", "Milestones", "Segments")]


def _local(ms: int, offset_min: int) -> datetime:
    """A naive datetime in the session's own offset (Excel knows no zones)."""
    tz = timezone(timedelta(minutes=offset_min))
    return datetime.fromtimestamp(ms / 1000, tz=UTC).astimezone(tz).replace(tzinfo=None)


def _width(text: str) -> int:
    """Roughly how many Excel character widths a text takes (CJK: two)."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


class _Sheets:
    def __init__(self, book: Any, data: ExportInput, tr: Translate) -> None:
        self.book = book
        self.data = data
        self.info: SessionInfo = data.info
        self.tr = tr
        self.names = sheet_names(tr)
        f = book.add_format
        self.f_header = f({"bold": True, "bg_color": "#EEF2FF", "bottom": 1, "text_wrap": True})
        self.f_title = f({"bold": True, "font_size": 14})
        self.f_label = f({"bold": True})
        self.f_money = f({"num_format": MONEY_FORMAT})
        self.f_count = f({"num_format": "#,##0"})
        self.f_number = f({"num_format": "0.0"})
        self.f_ratio = f({"num_format": "0.00"})
        self.f_percent = f({"num_format": "0.00%"})
        self.f_change = f({"num_format": CHANGE_FORMAT})
        self.f_duration = f({"num_format": DURATION_FORMAT})
        self.f_datetime = f({"num_format": DATETIME_FORMAT})
        self.f_clock = f({"num_format": CLOCK_FORMAT})
        self.f_worst = f({"bold": True, "font_color": "#B91C1C"})
        self.f_worst_change = f(
            {"num_format": CHANGE_FORMAT, "bold": True, "font_color": "#B91C1C"}
        )

    def t(self, text: str) -> str:
        return self.tr(text, CONTEXT)

    def _header(self, ws: Any, row: int, headers: Sequence[str], min_width: int = 8) -> None:
        for col, text in enumerate(headers):
            ws.write_string(row, col, text, self.f_header)
            ws.set_column(col, col, max(min_width, _width(text) + 2))
        ws.freeze_panes(row + 1, 0)

    def _elapsed(self, ms: int) -> float:
        return max(0, ms - self.info.started_ms) / 1000 / _DAY_S

    def _value(self, ws: Any, row: int, col: int, unit: FigureUnit, value: object) -> None:
        if value is None:
            return
        v = value if isinstance(value, int | Decimal) else Decimal(str(value))
        if unit is FigureUnit.DURATION:
            ws.write_number(row, col, float(v) / _DAY_S, self.f_duration)
        elif unit is FigureUnit.COUNT:
            ws.write_number(row, col, float(v), self.f_count)
        elif unit is FigureUnit.MONEY:
            ws.write_number(row, col, float(v), self.f_money)
        elif unit is FigureUnit.SECONDS:
            ws.write_number(row, col, float(v), self.f_number)
        elif unit is FigureUnit.PERCENT:
            ws.write_number(row, col, float(v), self.f_percent)
        else:
            ws.write_number(row, col, float(v), self.f_ratio)

    # -- sheets ------------------------------------------------------------------------
    def summary(self, figures: Sequence[Figure], comparison: Comparison | None) -> None:
        info, t = self.info, self.t
        ws = self.book.add_worksheet(self.names[0])
        ws.write_string(0, 0, t("Session review"), self.f_title)
        rows: list[tuple[str, object, Any]] = [
            (t("Streamer"), info.streamer.name, None),
            (t("Platform"), info.streamer.platform or "", None),
            (t("Title"), info.title, None),
            (t("Started"), _local(info.started_ms, info.utc_offset_min), self.f_datetime),
            (
                t("Ended"),
                None if info.ended_ms is None else _local(info.ended_ms, info.utc_offset_min),
                self.f_datetime,
            ),
            (t("Start vs plan"), describe_start(info.late_s, t) or t("no planned start"), None),
            (t("Status"), self.tr(info.status.value, "cli"), None),
            (t("Tags"), " ".join(f"#{x}" for x in info.tags), None),
            (t("Notes"), info.notes, None),
        ]
        row = 2
        for label, value, fmt in rows:
            ws.write_string(row, 0, label, self.f_label)
            if isinstance(value, datetime):
                ws.write_datetime(row, 1, value, fmt)
            elif value is not None:
                ws.write_string(row, 1, str(value))
            row += 1
        row += 1
        if comparison is not None:
            ws.write_string(row, 0, t("Compared with"), self.f_label)
            ws.write_string(
                row,
                1,
                t("the median of the streamer's previous {n} sessions; ranks among {m}").format(
                    n=comparison.previous, m=comparison.sessions
                ),
            )
            row += 2
        headers = [t("Figure"), t("Value")]
        if comparison is not None:
            headers += [t("Median"), t("vs median"), t("Rank"), t("of"), t("Remark")]
        self._header(ws, row, headers, min_width=12)
        ws.set_column(0, 0, 24)
        ws.set_column(1, 1, 34)
        first = row + 1
        for i, fig in enumerate(figures):
            r = first + i
            worst = comparison is not None and comparison.rows[i].worst
            ws.write_string(
                r, 0, self.tr(fig.label, FIGURE_CONTEXT), self.f_worst if worst else None
            )
            self._value(ws, r, 1, fig.unit, fig.value)
            if comparison is None:
                continue
            c = comparison.rows[i]
            self._value(ws, r, 2, fig.unit, c.median)
            if c.change is not None:
                fmt = self.f_worst_change if worst else self.f_change
                ws.write_number(r, 3, float(c.change), fmt)
            if c.rank is not None:
                ws.write_number(r, 4, c.rank, self.f_count)
                ws.write_number(r, 5, c.rank_of, self.f_count)
            if worst:
                ws.write_string(r, 6, t("worst against the median"), self.f_worst)

    def minutes(self) -> None:
        data, info, t = self.data, self.info, self.t
        ws = self.book.add_worksheet(self.names[1])
        recorded = set(data.columns.metrics())
        keys = [m.key for m in CATALOGUE if m.key in recorded]
        end = info.ended_ms if data.columns else None  # no samples: no minutes
        if end is None and data.columns and info.summary.duration_s:
            end = info.started_ms + round(info.summary.duration_s * 1000)
        table = minute_table(data.columns, info.started_ms, keys, data.gaps, end)
        headers = [t("Minute"), t("Time")]
        for key in keys:
            name = self.tr(METRICS[key].label, "metrics")
            if METRICS[key].unit is Unit.SECONDS:
                name = t("{metric} (s)").format(metric=name)
            headers.append(name)
        with_rate = "gmv" in keys
        if with_rate:
            headers.append(t("GMV in the minute"))
        self._header(ws, 0, headers, min_width=10)
        ws.set_column(1, 1, 18)
        gmv_inc, spans = table.increment_since_known("gmv") if with_rate else (None, None)
        cols = [(key, table.series(key), METRICS[key]) for key in keys]
        for m in range(table.minutes):
            r = m + 1
            ws.write_number(r, 0, m + 1)
            ws.write_datetime(
                r, 1, _local(table.minute_end_ms(m), info.utc_offset_min), self.f_datetime
            )
            for c, (_, series, metric) in enumerate(cols, start=2):
                if not series.present[m]:
                    continue
                raw = int(series.raw[m])
                if metric.unit is Unit.MONEY:
                    ws.write_number(r, c, float(metric.from_raw(raw)), self.f_money)
                elif metric.unit is Unit.SECONDS:
                    ws.write_number(r, c, float(metric.from_raw(raw)), self.f_number)
                else:
                    ws.write_number(r, c, raw, self.f_count)
            if gmv_inc is not None and gmv_inc.present[m]:
                yuan = METRICS["gmv"].from_raw(int(gmv_inc.raw[m]))
                ws.write_number(r, len(cols) + 2, float(yuan), self.f_money)
                if spans is not None and spans[m]:
                    ws.write_comment(
                        r,
                        len(cols) + 2,
                        t("Sold since the last known total: includes the minutes before it"),
                    )

    def highlights(self) -> None:
        info, t = self.info, self.t
        ws = self.book.add_worksheet(self.names[2])
        headers = [t("Time"), t("Clock"), t("Title"), t("Note"), t("Tags"), t("Origin"), t("Major")]
        self._header(ws, 0, headers)
        ws.set_column(2, 3, 30)
        for r, h in enumerate(sorted(self.data.highlights, key=lambda x: x.mark_ms), start=1):
            ws.write_number(r, 0, self._elapsed(h.mark_ms), self.f_duration)
            ws.write_datetime(r, 1, _local(h.mark_ms, info.utc_offset_min), self.f_datetime)
            ws.write_string(r, 2, _one_line(h.title))
            ws.write_string(r, 3, h.note)
            ws.write_string(r, 4, " ".join(f"#{x}" for x in h.tags))
            ws.write_string(r, 5, t(h.origin))
            ws.write_boolean(r, 6, h.major)

    def milestones(self) -> None:
        info, t = self.info, self.t
        ws = self.book.add_worksheet(self.names[3])
        headers = [t("Time"), t("Clock"), t("Milestone"), t("Metric"), t("Major")]
        self._header(ws, 0, headers)
        ws.set_column(2, 2, 40)

        def tr_ms(text: str) -> str:
            return self.tr(text, "milestones")

        for r, m in enumerate(sorted(self.data.milestones, key=lambda x: x.ts_ms), start=1):
            ws.write_number(r, 0, self._elapsed(m.ts_ms), self.f_duration)
            ws.write_datetime(r, 1, _local(m.ts_ms, info.utc_offset_min), self.f_datetime)
            ws.write_string(r, 2, m.describe(tr=tr_ms))
            label = METRICS[m.metric].label if m.metric in METRICS else m.metric
            ws.write_string(r, 3, self.tr(label, "metrics"))
            ws.write_boolean(r, 4, m.major)

    def segments(self) -> None:
        t = self.t
        ws = self.book.add_worksheet(self.names[4])
        headers = [
            t("Rank"), t("Segment"), t("Start"), t("End"), t("Duration"), t("GMV"),
            t("Orders"), t("Peak viewers"), t("GMV/min"),
        ]  # fmt: skip
        self._header(ws, 0, headers)
        ws.set_column(1, 1, 30)
        for r, st in enumerate(ranked_segments(self.data.segments), start=1):
            seg = st.segment
            ws.write_number(r, 0, r)
            ws.write_string(r, 1, _one_line(seg.name))
            ws.write_number(r, 2, self._elapsed(seg.start_ms), self.f_duration)
            if seg.end_ms is not None:
                ws.write_number(r, 3, self._elapsed(seg.end_ms), self.f_duration)
            ws.write_number(r, 4, st.duration_s / _DAY_S, self.f_duration)
            if st.gmv is not None:
                ws.write_number(r, 5, float(st.gmv), self.f_money)
            if st.orders is not None:
                ws.write_number(r, 6, st.orders, self.f_count)
            if st.peak_viewers is not None:
                ws.write_number(r, 7, st.peak_viewers, self.f_count)
            if st.gmv_per_min is not None:
                ws.write_number(r, 8, float(st.gmv_per_min), self.f_money)
