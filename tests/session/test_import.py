"""Importing sessions, on real SQLite files: Genbo's own JSON export round trip
(export from one database, import into a fresh one in another data folder,
export again: the same samples, events and gaps), a version 1 file, the
exact money conversion, duplicates, and CSV minute exports through
`read_import` / `import_session` and `genbo import`."""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest

from app.cli.import_cmd import cmd_import, register
from app.config.paths import resolve_paths
from app.core.columns import Column, SessionColumns, SourceColumns
from app.core.highlights import (
    Highlight,
    highlight_record,
    milestone_record,
)
from app.core.metrics import EVERY_SOURCE, METRICS, NOT_RUNNING, Gap
from app.core.milestones import Milestone, MilestoneKind
from app.core.segments import Segment, segment_record
from app.core.session import SessionStatus, SessionSummary
from app.exports import export
from app.session.importing import (
    AlreadyImportedError,
    SessionImportError,
    display_to_raw,
    import_session,
    read_import,
)
from app.session.review import load_export_input
from app.storage.bulk import DuplicateSessionError, NewSession, insert_session
from app.storage.database import Database, open_database, sqlite_url
from app.storage.repository import Repository
from tests.cli.conftest import recorded  # noqa: F401  (genbo record, once per run)

CST = timezone(timedelta(hours=8))
T0 = int(datetime(2026, 11, 11, 20, 0, tzinfo=CST).timestamp() * 1000)

# Values whose display floats are awkward: 0.07 yuan is 0.07000000000000000666…,
# 1234567.89 yuan, 2**40 fen, and negative corrections.
AWKWARD_FEN = [7, 123456789, 2**40, 2**40 + 1, 1, 10, 99, 100_000_001, 29, 57]


def _repo(folder: Path) -> Iterator[Repository]:
    folder.mkdir(parents=True, exist_ok=True)
    db: Database = open_database(sqlite_url(folder / "genbo.db"))
    try:
        yield Repository(db)
    finally:
        db.dispose()


@pytest.fixture
def machine_a(tmp_path: Path) -> Iterator[Repository]:
    yield from _repo(tmp_path / "laptop-a")


@pytest.fixture
def machine_b(tmp_path: Path) -> Iterator[Repository]:
    yield from _repo(tmp_path / "laptop-b")


def awkward_session(repo: Repository) -> int:
    """Two sources (a poller every 10 s carrying GMV, viewers, dwell, orders
    and views; the keyboard with a few typed totals, one at the same instant
    as a poll), a gap of each source and one of every source, a milestone, a
    manual and a milestone highlight, a finished and a running segment."""
    n = 60
    ts = T0 + np.arange(n, dtype=np.int64) * 10_000
    gmv = np.cumsum(np.array([AWKWARD_FEN[i % len(AWKWARD_FEN)] for i in range(n)]))
    poll = SourceColumns(
        "http",
        {
            "gmv": Column(ts, gmv.astype(np.int64)),
            "viewers": Column(ts, (1000 + np.arange(n) * 37 % 500).astype(np.int64)),
            "dwell_seconds": Column(ts, (np.arange(n) * 3 + 451).astype(np.int64)),  # 45.1 s …
            "orders": Column(ts, np.arange(n, dtype=np.int64) // 3),
            "watch_pv": Column(ts, np.arange(n, dtype=np.int64) * 11 + 5),
        },
    )
    typed_ts = np.array([T0 + 95_000, T0 + 200_000, T0 + 200_000 + 1], dtype=np.int64)
    typed_ts[1] = ts[20]  # the same instant as a poll
    keyboard = SourceColumns(
        "manual",
        {
            "gmv": Column(typed_ts, np.array([2**40 + 7, 123456789, 7], dtype=np.int64)),
            "new_followers": Column(typed_ts[:2], np.array([3, 12], dtype=np.int64)),
        },
    )
    m = Milestone(T0 + 250_000, MilestoneKind.THRESHOLD, "gmv", 10_000_000_000.0, "", True,
                  T0 + 251_000)  # fmt: skip
    events = [
        milestone_record(m, m.describe(), uid="ms-1"),
        highlight_record(Highlight("hl-1", T0 + 60_000, "开场福袋", "福袋 #抽奖", ("抽奖",), 12.5)),
        highlight_record(
            Highlight("hl-2", T0 + 250_000, m.describe(), origin="milestone", major=True)
        ),
        segment_record(Segment("sg-1", "讲解 商品A", T0 + 30_000, T0 + 330_000)),
        segment_record(Segment("sg-2", "福袋", T0 + 400_000, None)),
    ]
    gaps = [
        Gap("http", T0 + 300_000, T0 + 320_000, "HTTP 503 (Retry-After 20 s)"),
        Gap("manual", T0 + 100_000, None, "typed source idle"),
        Gap(EVERY_SOURCE, T0 + 500_000, T0 + 560_000, NOT_RUNNING),
    ]
    streamer = repo.create_streamer("小杨 Yang", platform="douyin", account_id="dy-42")
    info = insert_session(
        repo,
        NewSession(
            streamer=streamer.name,
            title="双11 专场 · 夜",
            started_ms=T0,
            utc_offset_min=480,
            ended_ms=T0 + 600_000,
            summary=SessionSummary(
                duration_s=600.0,
                peak_viewers=1499,
                gmv_fen=int(gmv[-1]),
                gmv_15m_fen=None,
                sample_count=63,
                gpm_fen=123457,
                avg_dwell_ds=539,
                avg_viewers=1234,
                orders=19,
                watch_pv=654,
                new_followers=12,
            ),
            platform="douyin",
            account_id="dy-42",
            notes="开场慢；福袋后好转\nnext: 提前上福袋",
            tags=("双11", "夜场"),
            columns=SessionColumns((poll, keyboard)),
            events=events,
            gaps=gaps,
        ),
    )
    return info.id


def export_json(repo: Repository, session_id: int) -> dict:
    data = load_export_input(repo, session_id, with_samples=True)
    return json.loads(export("json", data).text)


def stored(repo: Repository, session_id: int) -> tuple:
    """What the database holds of a session, with its own number left out."""
    cols = repo.load_columns(session_id)
    series = [
        (src.source, key, c.ts_ms.tolist(), c.raw.tolist())
        for src in cols.sources
        for key, c in src.series.items()
    ]
    events = [
        (e.uid, e.ts_ms, e.kind, e.label, dict(e.payload)) for e in repo.load_events(session_id)
    ]
    info = repo.get_session(session_id)
    row = (info.uid, info.title, info.streamer.name, info.streamer.platform,
           info.streamer.account_id, info.started_ms, info.ended_ms, info.utc_offset_min,
           info.status, info.notes, info.tags, info.summary, info.detail)  # fmt: skip
    return row, series, events, repo.load_gaps(session_id)


def without_id(doc: dict) -> dict:
    out = json.loads(json.dumps(doc))
    out["session"].pop("id")
    return out


def test_json_round_trip_between_two_databases_is_exact(machine_a, machine_b, tmp_path) -> None:
    sid = awkward_session(machine_a)
    first = export_json(machine_a, sid)
    assert first["version"] == 2
    path = tmp_path / "session.json"
    path.write_text(export("json", load_export_input(machine_a, sid, True)).text, "utf-8")

    plan = read_import(path)
    assert plan.kind == "json" and plan.json is not None
    assert plan.json.sample_count == 63
    info = import_session(machine_b, plan)
    second = export_json(machine_b, info.id)

    # Only the session's number in the other database differs.
    assert without_id(second) == without_id(first)
    assert second["samples"] == first["samples"]
    assert second["events"] == first["events"] and second["gaps"] == first["gaps"]
    # And what the databases hold is the same, raw integer by raw integer.
    a, b = stored(machine_a, sid), stored(machine_b, info.id)
    assert a[1] == b[1]  # samples
    assert a[3] == b[3]  # gaps, EVERY_SOURCE included
    assert a[0] == b[0]  # uid, title, streamer, platform, account, times, notes, tags, summary
    # Highlights and segments keep every field; milestones too once the export
    # input carries the stored events (else their uid is made anew).
    keep = [e for e in a[2] if e[2] != "milestone" or "events" in _export_fields()]
    assert [e for e in b[2] if e in keep] == keep
    assert [e[1:] for e in a[2]] == [e[1:] for e in b[2]]
    # The per-minute curves comparison reads are stored with it.
    curves = machine_b.load_minute_curves([info.id])[info.id]
    assert set(curves) == {"gmv", "viewers"} and curves["gmv"].shape[0] == 10


def _export_fields() -> set[str]:
    from app.exports import ExportInput

    return set(ExportInput.__dataclass_fields__)


def test_the_same_file_twice_is_refused_naming_the_session(machine_a, machine_b, tmp_path) -> None:
    sid = awkward_session(machine_a)
    path = tmp_path / "s.json"
    path.write_text(export("json", load_export_input(machine_a, sid, True)).text, "utf-8")
    plan = read_import(path)
    first = import_session(machine_b, plan)
    with pytest.raises(AlreadyImportedError) as caught:
        import_session(machine_b, plan)
    assert isinstance(caught.value, DuplicateSessionError)
    assert caught.value.session_id == first.id
    text = str(caught.value)
    assert f"session {first.id}" in text and "小杨 Yang" in text and "双11 专场 · 夜" in text
    assert "as a copy" in text
    # Into the database it came from, too.
    with pytest.raises(AlreadyImportedError, match=f"session {sid}"):
        import_session(machine_a, plan)
    machine_b.trash_sessions([first.id])
    with pytest.raises(AlreadyImportedError, match="in the trash"):
        import_session(machine_b, plan)
    copy = import_session(machine_b, plan, as_copy=True, title="副本")
    assert copy.uid != first.uid and copy.title == "副本"
    assert (
        machine_b.load_columns(copy.id).value_count()
        == machine_b.load_columns(first.id).value_count()
    )
    # The copy's events got ids of their own (the originals' are taken).
    uids = {e.uid for e in machine_b.load_events(copy.id)}
    assert not uids & {e.uid for e in machine_b.load_events(first.id)}


def test_a_version_1_file_still_imports(machine_a, machine_b, tmp_path) -> None:
    sid = awkward_session(machine_a)
    doc = export_json(machine_a, sid)
    doc["version"] = 1
    for key in ("sources", "events"):
        del doc[key]
    for key in ("uid", "platform", "account_id", "detail", "notes", "tags"):
        del doc["session"][key]
    summary = doc["session"]["summary"]
    for key in list(summary):
        if key not in ("peak_viewers", "gmv", "gmv_15m", "gmv_30m", "sample_count"):
            del summary[key]
    path = tmp_path / "v1.json"
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2), "utf-8")  # not Genbo's layout
    info = import_session(machine_b, read_import(path))
    again = export_json(machine_b, info.id)
    assert again["samples"] == export_json(machine_a, sid)["samples"]
    assert again["gaps"] == doc["gaps"]
    assert again["highlights"] == doc["highlights"] and again["segments"] == doc["segments"]
    assert again["milestones"] == doc["milestones"]
    assert info.summary.gmv_fen == machine_a.get_session(sid).summary.gmv_fen
    # What version 1 did not carry is worked out from the samples.
    assert info.summary.orders == 19 and info.summary.new_followers == 12


def test_a_session_exported_while_live_arrives_interrupted(machine_a, machine_b, tmp_path) -> None:
    sid = awkward_session(machine_a)
    doc = export_json(machine_a, sid)
    doc["session"]["status"], doc["session"]["ended_ms"] = "live", None
    path = tmp_path / "live.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    info = import_session(machine_b, read_import(path), streamer="另一个名字")
    assert info.status is SessionStatus.INTERRUPTED
    assert info.ended_ms == T0 + 600_000  # its length: later than its last sample
    # Under another name the account is not taken along (it names 小杨's streamer).
    assert info.streamer.name == "另一个名字" and info.streamer.account_id is None
    assert info.streamer.platform == "douyin"


def test_display_floats_convert_back_to_the_exact_raw_integers() -> None:
    gmv = METRICS["gmv"]
    fen = [7, 123456789, 2**40, -(2**40) - 3, 1, 5, 995, 2**53 + 1, 10**17 + 3]
    floats = [float(Decimal(f) / 100) for f in fen]
    floats = [json.loads(json.dumps(x)) for x in floats]  # as a file holds them
    got = display_to_raw("gmv", floats).tolist()
    assert got[:7] == fen[:7]
    # Beyond 2**53 fen a float cannot hold every fen; Decimal(repr) is used.
    assert got[7:] == [gmv.to_raw(repr(x)) for x in floats[7:]]
    rng = np.random.default_rng(11)
    raw = np.concatenate([rng.integers(-(2**50), 2**50, 20_000), rng.integers(0, 10_000, 20_000)])
    for key in ("gmv", "dwell_seconds", "viewers"):
        shown = (raw / METRICS[key].scale).tolist()
        again = json.loads(json.dumps(shown))
        assert np.array_equal(display_to_raw(key, again), raw)
        slow = [METRICS[key].to_raw(Decimal(repr(x))) for x in again[:2000]]
        assert slow == raw[:2000].tolist()


def test_samples_written_otherwise_read_the_same(tmp_path) -> None:
    """Genbo's own lines go through the fast path; lines escaped to ASCII, with
    their metrics in another order, or re-indented go through `json`: the
    columns are the same either way."""
    from app.core.session import SessionInfo, Streamer
    from app.exports import ExportInput

    n = 500
    ts = T0 + np.arange(n, dtype=np.int64) * 1000
    k = np.arange(n, dtype=np.int64)
    typed = ts[::7]
    cols = SessionColumns(
        (
            SourceColumns("http", {"gmv": Column(ts, k * 1001 + 7), "viewers": Column(ts, k % 97)}),
            SourceColumns(
                '键盘 100% "手动"',
                {
                    "gmv": Column(typed, typed - T0),
                    "orders": Column(typed[::2], k[: len(typed[::2])]),
                },
            ),
        )
    )
    info = SessionInfo(1, Streamer(1, "甲"), "t", T0, 480, int(ts[-1]), SessionStatus.ENDED,
                       SessionSummary(duration_s=n), uid="u")  # fmt: skip
    text = export("json", ExportInput(info, [], columns=cols)).text

    def rewrite(fn) -> str:
        head, rest = text.split('"samples": [\n', 1)
        body, tail = rest.split("\n ]", 1)
        lines = [json.loads(line.strip().rstrip(",")) for line in body.split("\n")]
        return head + '"samples": [\n' + ",\n".join(fn(x) for x in lines) + "\n ]" + tail

    variants = {
        "genbo": text,
        "ascii": rewrite(lambda x: "  " + json.dumps(x)),
        "reordered": rewrite(lambda x: "  " + json.dumps(_reversed_values(x), ensure_ascii=False)),
        "indented": json.dumps(json.loads(text), indent=2),
    }
    for name, variant in variants.items():
        path = tmp_path / f"{name}.json"
        path.write_text(variant, "utf-8")
        got = read_import(path).json.columns
        assert [s.source for s in got.sources] == [s.source for s in cols.sources], name
        for a, b in zip(got.sources, cols.sources, strict=True):
            assert set(a.series) == set(b.series), name
            for key in b.series:
                assert np.array_equal(a.series[key].ts_ms, b.series[key].ts_ms), (name, key)
                assert np.array_equal(a.series[key].raw, b.series[key].raw), (name, key)


def _reversed_values(sample: dict) -> dict:
    return {**sample, "values": dict(reversed(list(sample["values"].items())))}


def test_a_resumed_session_with_two_sources_of_one_kind(tmp_path, machine_b) -> None:
    """`genbo record --resume` adds a second source of the same kind: the
    export names the kind once and the import keeps every sample under it."""
    from app.core.session import SessionInfo, Streamer
    from app.exports import ExportInput

    before = T0 + np.arange(100, dtype=np.int64) * 1000
    after = T0 + 200_000 + np.arange(50, dtype=np.int64) * 1000
    cols = SessionColumns(
        (
            SourceColumns(
                "ingest",
                {"gmv": Column(before, before - T0), "viewers": Column(before, before % 7)},
            ),
            SourceColumns(
                "ingest", {"gmv": Column(after, after - T0), "viewers": Column(after, after % 5)}
            ),
        )
    )
    gaps = [Gap(EVERY_SOURCE, T0 + 99_000, T0 + 200_000, NOT_RUNNING)]
    summary = SessionSummary(duration_s=250.0, sample_count=150)
    info = SessionInfo(1, Streamer(1, "乙"), "续播", T0, 480, int(after[-1]), SessionStatus.ENDED,
                       summary, uid="resumed")  # fmt: skip
    first = export("json", ExportInput(info, [], gaps=gaps, columns=cols)).text
    assert json.loads(first)["sources"] == ["ingest"]
    path = tmp_path / "resumed.json"
    path.write_text(first, "utf-8")
    imported = import_session(machine_b, read_import(path))
    assert without_id(export_json(machine_b, imported.id)) == without_id(json.loads(first))


def test_a_broken_or_foreign_file_says_what_is_wrong(tmp_path) -> None:
    other = tmp_path / "other.json"
    other.write_text('{"format": "something-else"}', "utf-8")
    with pytest.raises(SessionImportError, match="not a Genbo session export"):
        read_import(other)
    newer = tmp_path / "newer.json"
    newer.write_text('{"format": "genbo-session", "version": 9}', "utf-8")
    with pytest.raises(SessionImportError, match="version 9"):
        read_import(newer)
    with pytest.raises(SessionImportError, match="Cannot read"):
        read_import(tmp_path / "missing.json")


def test_a_bad_sample_is_named(machine_a, tmp_path) -> None:
    sid = awkward_session(machine_a)
    text = export("json", load_export_input(machine_a, sid, True)).text
    bad = text.replace('"viewers": 1037.0', '"viewers": "lots"', 1)
    assert bad != text
    path = tmp_path / "bad.json"
    path.write_text(bad, "utf-8")
    with pytest.raises(SessionImportError, match="viewers value is not a number"):
        read_import(path)
    path.write_text(text.replace('"viewers": 1037.0', '"viewers": 1037.5', 1), "utf-8")
    with pytest.raises(SessionImportError, match="whole numbers"):
        read_import(path)


def test_a_long_session_imports_quickly(tmp_path, machine_b) -> None:
    """86,400 samples with 6 metrics (2.4 hours at 10 Hz; a whole day, ten
    times this, is measured in docs/PERFORMANCE.md): read and stored well
    within a second or two."""
    n = 86_400
    ts = T0 + np.arange(n, dtype=np.int64) * 100
    k = np.arange(n, dtype=np.int64)
    cols = SessionColumns(
        (
            SourceColumns(
                "simulator",
                {
                    "viewers": Column(ts, 5000 + k % 977),
                    "gmv": Column(ts, k * 137 + k % 7),
                    "orders": Column(ts, k // 50),
                    "dwell_seconds": Column(ts, 300 + k % 300),
                    "watch_uv": Column(ts, k // 3),
                    "new_followers": Column(ts, k // 1000),
                },
            ),
        )
    )
    from app.core.session import SessionInfo, Streamer
    from app.exports import ExportInput

    summary = SessionSummary(duration_s=8640.0, sample_count=n)
    info = SessionInfo(1, Streamer(1, "全天主播"), "长场", T0, 480, int(ts[-1]),
                       SessionStatus.ENDED, summary, uid="long-1")  # fmt: skip
    path = tmp_path / "long.json"
    export("json", ExportInput(info, [], columns=cols, duration_s=8640)).save(path)
    seen: list[float] = []
    t0 = time.perf_counter()
    plan = read_import(path, progress=lambda f, _stage: seen.append(f))
    stored_info = import_session(machine_b, plan)
    elapsed = time.perf_counter() - t0
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) > 3
    assert stored_info.summary.sample_count == n
    back = machine_b.load_columns(stored_info.id).sources[0]
    for key, col in cols.sources[0].series.items():
        assert np.array_equal(back.series[key].raw, col.raw), key
    assert elapsed < 10  # about 0.5 s on a laptop; generous for a loaded CI runner


# -- the real recorder -----------------------------------------------------------------


def test_a_recorded_session_round_trips(recorded, tmp_path) -> None:  # noqa: F811
    """A session `genbo record` made (simulated poller, milestones, their
    highlights), exported with the real export path and imported elsewhere."""
    src_paths = resolve_paths(recorded.data_dir)
    db = open_database(sqlite_url(src_paths.database))
    try:
        repo_a = Repository(db)
        (session,) = repo_a.list_sessions()
        first = export_json(repo_a, session.id)
        text = export("json", load_export_input(repo_a, session.id, True)).text
    finally:
        db.dispose()
    assert first["milestones"] and first["samples"]
    path = tmp_path / "recorded.json"
    path.write_text(text, "utf-8")
    for repo_b in _repo(tmp_path / "other"):
        info = import_session(repo_b, read_import(path))
        assert without_id(export_json(repo_b, info.id)) == without_id(first)


# -- CSV ------------------------------------------------------------------------------

MINUTE_CSV = """时间,在线人数,成交金额(元),成交订单数,新增粉丝,人均停留时长(秒),转化率
2026-11-11 20:00,1.2万,"¥1,234.50",3,5,45.5,1.2%
2026-11-11 20:01,13000,0.07,1,2,50,1.1%
2026-11-11 20:02,12500,1234567.89,4,0,1:05,0.9%
2026-11-11 20:03,-,3.5w,2,1,48,1.0%
"""


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_a_minute_export_imports_with_the_guessed_mapping(tmp_path, repo) -> None:
    path = write(tmp_path / "直播分钟数据.csv", MINUTE_CSV, "gb18030")
    plan = read_import(path, utc_offset_min=480)
    assert plan.kind == "csv" and plan.csv is not None
    cp = plan.csv
    assert cp.table.encoding == "gb18030"
    assert cp.mapping.time_column == 0
    metrics = {i: (c.metric, c.per_minute) for i, c in cp.mapping.columns.items()}
    # GMV goes down (1234.50 then 0.07): per-minute; orders and followers too.
    assert metrics == {
        1: ("viewers", False), 2: ("gmv", True), 3: ("orders", True),
        4: ("new_followers", True), 5: ("dwell_seconds", False),
    }  # fmt: skip
    assert not plan.problems  # 转化率 is not mapped: its % cells are not read
    info = import_session(repo, plan, streamer="小杨")
    assert info.title == "直播分钟数据" and info.streamer.name == "小杨"
    assert info.started_ms == T0 and info.ended_ms == T0 + 240_000  # 4 rows of minutes: 4 minutes
    cols = repo.load_columns(info.id)
    (src,) = cols.sources
    assert src.source == "csv"
    assert src.series["gmv"].raw.tolist() == [123450, 123457, 123580246, 123580246 + 3_500_000]
    assert src.series["viewers"].raw.tolist() == [12000, 13000, 12500]  # "-": no reading
    assert src.series["dwell_seconds"].raw.tolist() == [455, 500, 650, 480]
    assert src.series["orders"].raw.tolist() == [3, 4, 8, 10]
    assert info.summary.gmv_fen == 123580246 + 3_500_000
    assert info.summary.peak_viewers == 13000 and info.summary.orders == 10
    assert info.summary.duration_s == 240
    # The same file again is the same session.
    with pytest.raises(AlreadyImportedError, match=f"session {info.id}"):
        import_session(repo, read_import(path, utc_offset_min=480), streamer="小杨")


def test_csv_bad_cells_are_reported_and_only_skipped_when_asked(tmp_path, repo) -> None:
    text = (
        "抖音直播间 分钟数据\n\n"  # a title line and a blank one above the header
        "time,viewers,gmv\n"
        "20:00,100,0\n"
        "20:01,lots,10.5\n"
        "20:02,120,12.345\n"
        "23:59,130,20\n"
        "00:01,90,21\n"  # past midnight
        "合计,,21\n"
    )
    path = write(tmp_path / "m.csv", "\ufeff" + text)
    plan = read_import(path, utc_offset_min=480, day=date(2026, 11, 11))
    assert plan.csv is not None and plan.csv.table.encoding == "utf-8-sig"
    assert plan.csv.table.header_row == 3
    assert plan.csv.mapping.time_mode.value == "clock"
    problems = [(p.row, p.header, p.text) for p in plan.problems]
    assert problems == [(5, "viewers", "lots"), (6, "gmv", "12.345"), (9, "time", "合计")]
    reasons = [p.reason for p in plan.problems]
    assert "not a number" in reasons[0]
    assert reasons[1:] == [
        "money has at most two decimals (fen)",
        "looks like a totals row, not a reading",
    ]
    with pytest.raises(SessionImportError, match=r"Cells that cannot be read: 3 .*row 5"):
        import_session(repo, plan, streamer="A")
    assert repo.list_sessions() == []  # nothing stored
    info = import_session(repo, plan, streamer="A", skip_bad_rows=True)
    ts = repo.load_columns(info.id).sources[0].series["viewers"].ts_ms.tolist()
    day0 = int(datetime(2026, 11, 11, tzinfo=CST).timestamp() * 1000)
    assert [(t - day0) // 60_000 for t in ts] == [20 * 60, 23 * 60 + 59, 24 * 60 + 1]
    assert repo.source_configs(info.id)[0][1]["skipped_rows"] == [5, 6, 9]


def test_csv_mapping_can_be_changed(tmp_path, repo) -> None:
    from app.core.csv_import import ColumnMap, TimeMode

    text = "minute,GMV(万),Viewers\n1,1.5,100\n2,1.75,90\n3,2,80\n"
    path = write(tmp_path / "by-minute.csv", text)
    plan = read_import(path, utc_offset_min=0)
    assert plan.csv is not None
    m = plan.csv.mapping
    assert m.time_mode is TimeMode.MINUTES and m.columns[1].factor == 10_000
    assert plan.csv.mapping_error and "date" in plan.csv.mapping_error
    from dataclasses import replace

    mapping = replace(m, day=date(2026, 11, 11), start_min=19 * 60 + 30).with_column(
        2, ColumnMap("viewers")
    )
    info = import_session(repo, plan, mapping=mapping, streamer="B", title="早场")
    start = int(datetime(2026, 11, 11, 19, 30, tzinfo=UTC).timestamp() * 1000)
    # One step past the last row.
    assert info.started_ms == start and info.ended_ms == start + 240_000
    gmv = repo.load_columns(info.id).sources[0].series["gmv"]
    assert gmv.raw.tolist() == [15_000_00, 17_500_00, 20_000_00]
    per_minute = mapping.with_column(1, ColumnMap("gmv", per_minute=True, factor=Decimal(10_000)))
    again = import_session(repo, plan, mapping=per_minute, streamer="B", as_copy=True)
    assert repo.load_columns(again.id).sources[0].series["gmv"].raw.tolist() == [
        15_000_00, 32_500_00, 52_500_00,
    ]  # fmt: skip


# -- genbo import ---------------------------------------------------------------------


def run_cli(argv: list[str], capsys) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="genbo")
    sub = parser.add_subparsers(dest="command")
    register(sub)
    args = parser.parse_args(argv)
    code = cmd_import(args, resolve_paths(args.data_dir))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_genbo_import_csv_prints_the_mapping_and_json(tmp_path, capsys) -> None:
    data_dir = tmp_path / "data"
    path = write(tmp_path / "export.csv", MINUTE_CSV)
    code, out, err = run_cli(
        ["import", str(path), "--streamer", "小杨", "--offset", "+08:00", "--data-dir",
         str(data_dir)], capsys,
    )  # fmt: skip
    assert code == 0, err
    assert "成交金额(元) = gmv:per-minute" in out and "转化率 = ignore" in out
    assert "Imported session 1" in out
    code, out, err = run_cli(["import", str(path), "--streamer", "小杨", "--data-dir",
                              str(data_dir)], capsys)  # fmt: skip
    assert code == 1 and "already in the library: session 1" in err and "--as-copy" in err
    code, out, err = run_cli(
        ["import", str(path), "--streamer", "小杨", "--as-copy", "--json", "--offset", "+08:00",
         "--map", "成交金额(元)=gmv:running", "--map", "新增粉丝=ignore", "--data-dir",
         str(data_dir)], capsys,
    )  # fmt: skip
    assert code == 0, err
    result = json.loads(out)
    assert result["session_id"] == 2 and result["samples"] == 4 and result["problems"] == []
    assert result["mapping"]["成交金额(元)"] == "gmv:running"
    assert "新增粉丝" not in result["mapping"]


def test_genbo_import_refuses_an_unmappable_csv_listing_the_columns(tmp_path, capsys) -> None:
    path = write(tmp_path / "x.csv", "foo,bar\n1,2\n3,4\n")
    code, _out, err = run_cli(
        ["import", str(path), "--streamer", "A", "--data-dir", str(tmp_path / "d")], capsys
    )
    assert code == 2
    assert "1: foo" in err and "2: bar" in err
    path = write(tmp_path / "y.csv", "时间,foo\n20:00,1\n")
    code, _out, err = run_cli(
        ["import", str(path), "--streamer", "A", "--data-dir", str(tmp_path / "d")], capsys
    )
    assert code == 2 and "--date YYYY-MM-DD" in err
    code, _out, err = run_cli(
        ["import", str(path), "--streamer", "A", "--date", "2026-11-11", "--data-dir",
         str(tmp_path / "d")], capsys,
    )  # fmt: skip
    assert code == 2 and "no column is mapped" in err


def test_genbo_import_json_and_bad_rows(tmp_path, capsys, machine_a) -> None:
    sid = awkward_session(machine_a)
    path = tmp_path / "s.json"
    path.write_text(export("json", load_export_input(machine_a, sid, True)).text, "utf-8")
    data_dir = tmp_path / "b"
    code, out, err = run_cli(["import", str(path), "--json", "--data-dir", str(data_dir)], capsys)
    assert code == 0, err
    result = json.loads(out)
    assert result["samples"] == 63 and result["events"] == 5 and result["gaps"] == 3
    bad = write(tmp_path / "bad.csv", "time,gmv\n2026-11-11 20:00,1\n2026-11-11 20:01,x\n")
    code, out, err = run_cli(
        ["import", str(bad), "--streamer", "A", "--json", "--data-dir", str(data_dir)], capsys
    )
    assert code == 1
    assert "row 3" in err and "--skip-bad-rows" in err
    code, out, err = run_cli(
        ["import", str(bad), "--streamer", "A", "--json", "--skip-bad-rows", "--data-dir",
         str(data_dir)], capsys,
    )  # fmt: skip
    assert code == 0, err
    result = json.loads(out)
    assert result["samples"] == 1 and result["skipped_rows"] == [3]
    assert result["problems"][0]["row"] == 3 and result["problems"][0]["column"] == "gmv"
