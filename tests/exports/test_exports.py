"""Every export format, parsed back with an independent reader."""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pycmx
import pysrt
import pytest

from app.core.columns import SessionColumns
from app.core.highlights import Highlight, from_milestone
from app.core.metrics import METRICS, Sample
from app.core.milestones import Milestone, MilestoneKind
from app.core.session import SessionInfo, SessionStatus, SessionSummary, Streamer
from app.exports import (
    FORMATS,
    ExportError,
    ExportInput,
    ExportOptions,
    export,
    parse_offset,
)

T0 = 1_795_000_000_000
SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "docs" / "session-export.schema.json").read_text()
)
INFO = SessionInfo(
    id=7,
    streamer=Streamer(1, "演示主播"),
    title="双11 专场",
    started_ms=T0,
    utc_offset_min=480,
    ended_ms=T0 + 3_700_000,
    status=SessionStatus.ENDED,
    summary=SessionSummary(
        duration_s=3700, peak_viewers=25000, gmv_fen=212_509_000, sample_count=2
    ),
)


def hl(sec: float, title: str, **kw) -> Highlight:
    return Highlight(f"uid-{sec}", T0 + int(sec * 1000), title, **kw)


MILLION = Milestone(
    T0 + 1_500_000, MilestoneKind.THRESHOLD, "gmv", 1_000_000, "", True, T0 + 1_501_000
)
HIGHLIGHTS = [
    hl(60, "开场福袋", tags=("福袋",)),
    hl(600, "=SUM(A1:A9) sneaky", note="+cmd|' /C calc'!A0"),
    from_milestone(MILLION, "GMV passed ¥100万"),
    hl(3650, "closing pitch @all"),
]


def data(highlights=HIGHLIGHTS, **kw) -> ExportInput:
    base = dict(
        info=INFO,
        highlights=highlights,
        milestones=[MILLION],
        columns=SessionColumns.from_samples(
            [Sample(T0 + 1000, {"viewers": 100, "gmv": 12345}, "simulator")]
        ),
        duration_s=3700,
    )
    base.update(kw)
    return ExportInput(**base)


def test_chapters_follow_youtube_rules() -> None:
    r = export("chapters", data())
    lines = r.text.strip().splitlines()
    assert lines[0].startswith("0:00 ")
    stamps = []
    for line in lines:
        m = re.match(r"^(\d+:\d{2}(?::\d{2})?) (.+)$", line)
        assert m, line
        parts = [int(x) for x in m.group(1).split(":")]
        seconds = parts[-1] + 60 * parts[-2] + (3600 * parts[0] if len(parts) == 3 else 0)
        stamps.append(seconds)
        # m:ss below an hour, h:mm:ss above
        assert (len(parts) == 3) == (seconds >= 3600)
    assert len(stamps) >= 3
    assert all(b - a >= 10 for a, b in itertools.pairwise(stamps))
    assert stamps == sorted(stamps)
    # The first highlight's clip starts at 0:30 (30 s pre-roll before 1:00).
    assert "0:30 开场福袋" in lines
    assert any(line.startswith("1:00:20 closing pitch") for line in lines)


def test_chapters_merge_too_close_ones_and_say_so() -> None:
    hs = [hl(40, "A"), hl(45, "B"), hl(300, "C"), hl(900, "D")]
    r = export("chapters", data(highlights=hs))
    assert "0:10 A / B" in r.text
    assert any("merged “B”" in n for n in r.notes)


def test_chapters_refuse_too_few() -> None:
    with pytest.raises(ExportError, match="at least 3"):
        export("chapters", data(highlights=[hl(100, "only one")]))


def test_chapters_near_zero_replace_the_opening() -> None:
    r = export("chapters", data(highlights=[hl(3, "cold open"), hl(300, "B"), hl(900, "C")]))
    assert r.text.splitlines()[0] == "0:00 cold open"


def test_offset_shifts_everything_and_drops_what_is_before_the_video() -> None:
    assert parse_offset("+0:02:00") == 120
    assert parse_offset("-1:30") == -90
    assert parse_offset("90") == 90
    with pytest.raises(ExportError):
        parse_offset("two minutes")
    r = export("srt", data(), ExportOptions(offset_s=-120))
    subs = pysrt.from_string(r.text)
    assert subs[0].text.splitlines()[0] == "=SUM(A1:A9) sneaky"
    assert any("开场福袋" in n for n in r.notes)
    r = export("srt", data(), ExportOptions(offset_s=120))
    assert pysrt.from_string(r.text)[0].start.ordinal == 180_000


def test_srt_one_subtitle_per_highlight() -> None:
    subs = pysrt.from_string(export("srt", data()).text)
    assert len(subs) == 4
    assert subs[0].start.ordinal == 60_000
    assert subs[0].text == "开场福袋\n#福袋"
    assert all(s.end.ordinal > s.start.ordinal for s in subs)


def test_csv_has_bom_neutralises_formulas_and_keeps_numbers() -> None:
    text = export("csv", data()).text
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    titles = [r["title"] for r in rows]
    assert "'=SUM(A1:A9) sneaky" in titles
    assert "closing pitch @all" in titles, "@ inside a cell is harmless"
    sneaky = next(r for r in rows if r["title"].startswith("'="))
    assert sneaky["note"] == "'+cmd|' /C calc'!A0"
    milestone = next(r for r in rows if r["type"] == "milestone")
    assert milestone["value"] == "1000000" and milestone["metric"] == "gmv"
    assert float(rows[0]["video_seconds"]) == 60.0
    assert not text.lstrip("\ufeff").splitlines()[1].split(",")[2].startswith("'")


@pytest.mark.parametrize("bad", ["=1+1", "+1", "-1", "@SUM(1)", "\t=x", "\r=x"])
def test_csv_injection_cases(bad: str) -> None:
    text = export("csv", data(highlights=[hl(60, bad)], milestones=[])).text
    (row,) = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert row["title"] == "'" + bad


def test_json_validates_against_the_documented_schema() -> None:
    doc = json.loads(export("json", data()).text)
    jsonschema.validate(doc, SCHEMA)
    assert doc["samples"][0]["values"] == {"viewers": 100.0, "gmv": 123.45}
    assert doc["session"]["summary"]["gmv"] == 2125090.0
    assert doc["highlights"][0]["clip_start_ms"] == T0 + 30_000


def test_json_version_2_carries_what_an_import_needs() -> None:
    from dataclasses import replace

    from app.core.highlights import milestone_record

    info = replace(
        INFO,
        uid="7f3c-uid",
        notes="开场慢\n福袋后好转",
        tags=("双11", "夜场"),
        streamer=Streamer(1, "演示主播", platform="douyin", account_id="dy-42"),
        summary=replace(INFO.summary, gpm_fen=123457, avg_dwell_ds=455, orders=19, spend_fen=7),
    )
    samples = [
        Sample(T0 + 1000, {"viewers": 100, "gmv": 12345}, "simulator"),
        Sample(T0 + 1000, {"gmv": 12346}, "manual"),
    ]
    doc = json.loads(
        export(
            "json",
            data(info=info, segments=_seg_stats(), columns=SessionColumns.from_samples(samples)),
        ).text
    )
    jsonschema.validate(doc, SCHEMA)
    assert doc["version"] == 2
    s = doc["session"]
    assert (s["uid"], s["platform"], s["account_id"], s["detail"]) == (
        "7f3c-uid", "douyin", "dy-42", "full",
    )  # fmt: skip
    assert s["notes"] == "开场慢\n福袋后好转" and s["tags"] == ["双11", "夜场"]
    summary = s["summary"]
    assert (summary["gpm"], summary["avg_dwell_s"], summary["orders"], summary["spend"]) == (
        1234.57, 45.5, 19, 0.07,
    )  # fmt: skip
    assert doc["sources"] == ["simulator", "manual"]
    # Without the stored records at hand, the events are the ones the input
    # holds, as Genbo stores them; a milestone's uid is not known (null).
    kinds = [(e["kind"], e["uid"], e["label"]) for e in doc["events"]]
    assert kinds == [
        ("highlight", "uid-60", "开场福袋"), ("highlight", "uid-600", "=SUM(A1:A9) sneaky"),
        ("segment", "a", "讲解 商品A"), ("segment", "b", "=福袋"),
        ("milestone", None, MILLION.describe()),
        ("highlight", HIGHLIGHTS[2].uid, "GMV passed ¥100万"),
        ("highlight", "uid-3650", "closing pitch @all"),
    ]  # fmt: skip
    record = milestone_record(MILLION, MILLION.describe())
    assert doc["events"][4]["payload"] == dict(record.payload)
    assert doc["events"][2]["payload"] == {"end_ms": T0 + 1_200_000}


def test_a_version_1_document_still_validates() -> None:
    doc = json.loads(export("json", data()).text)
    doc["version"] = 1
    for key in ("sources", "events"):
        del doc[key]
    for key in ("uid", "platform", "account_id", "detail", "notes", "tags"):
        del doc["session"][key]
    jsonschema.validate(doc, SCHEMA)
    doc["version"] = 2  # but a version 2 document must carry them
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, SCHEMA)


def test_json_without_highlights_is_allowed() -> None:
    doc = json.loads(export("json", data(highlights=[])).text)
    jsonschema.validate(doc, SCHEMA)


def test_other_formats_need_highlights() -> None:
    with pytest.raises(ExportError, match="no highlights"):
        export("edl", data(highlights=[]))


def test_cmx_edl_parses_with_pycmx() -> None:
    text = export("edl", data(), ExportOptions(fps=25)).text
    edl = pycmx.parse_cmx3600(io.StringIO(text))
    edits = [e for ev in edl.events for e in ev.edits]
    assert [e.clip_name for e in edits] == [h.title for h in HIGHLIGHTS]
    first = edits[0]
    assert first.source_in == "00:00:30:00" and first.source_out == "00:01:05:00"
    assert "LOC: 00:01:00:00" in text


def test_resolve_marker_edl() -> None:
    close = [hl(100, "A"), hl(100.01, "B"), hl(200, "C|pipe")]
    r = export("resolve-edl", data(highlights=close), ExportOptions(fps=30))
    edl = pycmx.parse_cmx3600(io.StringIO(r.text))
    ins = [e.record_in for ev in edl.events for e in ev.edits]
    assert ins == ["01:01:40:00", "01:01:40:01", "01:03:20:00"]
    assert len(set(ins)) == len(ins), "no two markers on one frame"
    names = re.findall(r"\|C:(\w+) \|M:(.*?) \|D:1", r.text)
    assert names == [
        ("ResolveColorBlue", "A"),
        ("ResolveColorBlue", "B"),
        ("ResolveColorBlue", "C/pipe"),
    ]
    assert any("one frame" in n for n in r.notes)


def test_premiere_fcp7_xml_markers() -> None:
    text = export("premiere", data(), ExportOptions(fps=30)).text
    root = ET.fromstring(text.encode())
    markers = root.findall(".//marker")
    assert [m.findtext("name") for m in markers] == [h.title for h in HIGHLIGHTS]
    assert [int(m.findtext("in")) for m in markers] == [1800, 18000, 45000, 109500]


def test_fcpxml_markers() -> None:
    text = export("fcpxml", data(), ExportOptions(fps=30)).text
    root = ET.fromstring(text.encode())
    assert root.tag == "fcpxml"
    markers = root.findall(".//marker")
    assert [m.get("value") for m in markers] == [h.title for h in HIGHLIGHTS]


def test_every_format_is_covered() -> None:
    expected = {
        "chapters",
        "edl",
        "resolve-edl",
        "premiere",
        "fcpxml",
        "srt",
        "csv",
        "json",
        "clips",
        "xlsx",  # read back in tests/exports/test_xlsx.py
    }
    assert set(FORMATS) == expected


def _seg_stats():
    from decimal import Decimal

    from app.core.segments import Segment, SegmentStats

    a = Segment("a", "讲解 商品A", T0 + 600_000, T0 + 1_200_000)
    b = Segment("b", "=福袋", T0 + 1_300_000, T0 + 1_500_000)
    return [
        SegmentStats(a, 600, Decimal("50000"), 120, 3000, Decimal("5000")),
        SegmentStats(b, 200, Decimal("80000"), 90, 2500, Decimal("24000")),
    ]


def test_clip_list_ranks_segments_by_gmv() -> None:
    text = export("clips", data(segments=_seg_stats()), ExportOptions(offset_s=60)).text
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [r["segment"] for r in rows] == ["'=福袋", "讲解 商品A"]
    assert [r["rank"] for r in rows] == ["1", "2"]
    assert rows[1]["start"] == "11:00" and rows[1]["end"] == "21:00"
    assert rows[0]["gmv_per_min"] == "24000.0"
    with pytest.raises(ExportError, match="no segments"):
        export("clips", data())


def test_segments_in_csv_and_json() -> None:
    d = data(segments=_seg_stats())
    rows = list(csv.DictReader(io.StringIO(export("csv", d).text.lstrip("\ufeff"))))
    assert [r["title"] for r in rows if r["type"] == "segment"] == ["讲解 商品A", "'=福袋"]
    doc = json.loads(export("json", d).text)
    jsonschema.validate(doc, SCHEMA)
    assert doc["segments"][0]["gmv"] == 50000.0


def test_json_samples_are_exact_whichever_way_they_are_written() -> None:
    """A source whose samples all carry the same metrics goes through the fast
    template, any other through the encoder; both must write what the values
    are, in time order, sources in their order at the same instant."""
    samples = []
    for i in range(300):
        ts = T0 - 500 + 100 * i  # a few before the start: negative elapsed times
        samples.append(
            Sample(
                ts,
                {
                    "viewers": (-1) ** i * 10**15 if i == 7 else i * 37,  # 1e15: not "%d.0"
                    "gmv": 1_000_001 * i + 3,
                    "dwell_seconds": 123 + i,
                },
                "simulator",
            )
        )
        if i % 3 == 0:
            values = {"orders": i} if i % 2 else {"orders": i, "watch_uv": 10 * i}
            samples.append(Sample(ts, values, "100% 手动"))
    doc = json.loads(export("json", data(columns=SessionColumns.from_samples(samples))).text)
    jsonschema.validate(doc, SCHEMA)
    start = INFO.started_ms
    want = [
        {
            "ts_ms": s.ts_ms,
            "elapsed_s": round((s.ts_ms - start) / 1000, 3),
            "source": s.source,
            "values": {k: float(METRICS[k].from_raw(v)) for k, v in s.values.items()},
        }
        for s in samples
    ]
    assert doc["samples"] == want
    for got in doc["samples"]:  # whole counts stay floats, as the schema says
        assert all(isinstance(v, float) for v in got["values"].values())
