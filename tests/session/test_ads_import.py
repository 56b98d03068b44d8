"""Importing the platforms' ad reports from hand-made exports (tests/data/ads):
a 磁力金牛 CSV with a BOM, "-" windows, a zero-spend row and a 合计 row,
re-imported after a later export; a 千川 export; GB18030; XLSX; typed
figures; what the session and streamer views get."""

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from app.core.ads import DOUYIN, KUAISHOU, WindowFigures
from app.session.ads import (
    AdImportError,
    apply_import,
    import_ads,
    plan_import,
    preview_json,
    read_report,
    roi_json,
    roi_table,
    session_paid,
    set_typed_figures,
    streamer_roi,
)
from app.storage.ads import AdStore
from app.storage.repository import Repository

DATA = Path(__file__).resolve().parents[1] / "data" / "ads"
FIRST = DATA / "jinniu_2026-11-05.csv"
LATER = DATA / "jinniu_2026-12-05.csv"
QIANCHUAN = DATA / "qianchuan_2026-11-05.csv"


def ms(y: int, mo: int, d: int, h: int) -> int:
    """UTC ms of a time at +08:00."""
    return int(datetime(y, mo, d, h, tzinfo=UTC).timestamp() * 1000) - 8 * 3_600_000


@pytest.fixture
def team(repo: Repository) -> dict[str, int]:
    zhen = repo.create_streamer("阿珍", KUAISHOU, "ks_azhen")
    yang = repo.create_streamer("小杨", DOUYIN, "dy_xiaoyang")
    morning = repo.create_session(zhen, "早场", ms(2026, 11, 3, 9), 480)
    evening = repo.create_session(zhen, "晚场", ms(2026, 11, 3, 20), 480)
    other_day = repo.create_session(zhen, "次日", ms(2026, 11, 5, 20), 480)
    yang_s = repo.create_session(yang, "夜场", ms(2026, 11, 3, 21), 480)
    yang_typed = repo.create_session(yang, "补录", ms(2026, 11, 10, 21), 480)
    return {
        "zhen": zhen.id, "yang": yang.id, "morning": morning.id, "evening": evening.id,
        "other_day": other_day.id, "yang_s": yang_s.id, "yang_typed": yang_typed.id,
    }  # fmt: skip


def test_jinniu_export_imported_then_the_later_export_updates_it(repo, team) -> None:
    assert FIRST.read_bytes().startswith(b"\xef\xbb\xbf"), "the fixture has Excel's BOM"
    preview = plan_import(repo, FIRST, as_of=date(2026, 11, 5))
    assert preview.platform == KUAISHOU
    assert [(m.row.row, m.streamer.name, m.sessions) for m in preview.matched] == [
        (3, "阿珍", (team["morning"], team["evening"])),
        (4, "阿珍", (team["morning"], team["evening"])),
        (5, "阿珍", ()),  # no session that day: still stored against the day
    ]
    (stranger,) = preview.unmatched
    assert stranger.row.row == 6 and "ks_stranger" in stranger.reason
    assert preview.report.total_rows == (8,) and preview.problems == ()
    assert any("row 5" in n and "1.60" in n for n in preview.notes)
    assert AdStore(repo.db).rows() == [], "planning stores nothing"

    result = apply_import(repo, preview)
    assert result.outcome.inserted == [3, 4, 5]
    paid = session_paid(repo, team["morning"])
    assert paid.source == "imported" and paid.shared and paid.shared_with == (team["evening"],)
    assert paid.windows == ("direct", "t0", "t15", "t30") and paid.plans == 2
    t = paid.totals
    assert t is not None and t.spend_fen == 123450
    assert t.windows["t0"].gmv_fen == 308625 + 12000
    assert t.roi("t0") == Decimal(320625) / Decimal(123450)
    assert t.windows["t15"].gmv_fen is None and t.roi("t15") is None
    assert t.windows["t15"].missing_rows == 2
    assert paid.as_of == date(2026, 11, 5)

    _, later = import_ads(repo, LATER, as_of=date(2026, 12, 5))
    assert later is not None and later.updated == [3, 4, 5] and later.inserted == []
    t = session_paid(repo, team["evening"]).totals
    assert t is not None and t.windows["t30"].gmv_fen == 493800 + 18000
    assert t.roi("t30") == Decimal(511800) / Decimal(123450) and t.windows["t30"].complete
    assert t.windows["t15"].orders == 48
    # A third import of the same export changes nothing.
    _, third = import_ads(repo, LATER, as_of=date(2026, 12, 5))
    assert third is not None and (third.inserted, third.updated) == ([], [])
    assert third.unchanged == [3, 4, 5]
    assert len(AdStore(repo.db).rows()) == 3
    assert session_paid(repo, team["other_day"]).source is None


def test_an_older_export_does_not_overwrite_newer_figures(repo, team) -> None:
    import_ads(repo, LATER, as_of=date(2026, 12, 5))
    _, older = import_ads(repo, FIRST, as_of=date(2026, 11, 5))
    assert older is not None and older.updated == [] and older.inserted == []
    assert [r for r, _ in older.kept_newer] == [3, 4, 5]
    t = session_paid(repo, team["morning"]).totals
    assert t is not None and t.windows["t30"].gmv_fen == 511800
    assert {r.as_of for r in AdStore(repo.db).rows()} == {date(2026, 12, 5)}


def test_dry_run_stores_nothing(repo, team) -> None:
    preview, outcome = import_ads(repo, FIRST, dry_run=True)
    assert outcome is None and len(preview.matched) == 3
    assert preview.as_of == date.today()
    assert AdStore(repo.db).rows() == []


def test_qianchuan_export_has_direct_and_t7_only(repo, team) -> None:
    preview, outcome = import_ads(repo, QIANCHUAN, as_of=date(2026, 11, 5))
    assert outcome is not None and outcome.inserted == [2, 3]
    assert preview.report.total_rows == (4,)
    assert preview.matched[0].sessions == (team["yang_s"],)
    paid = session_paid(repo, team["yang_s"])
    assert paid.windows == ("direct", "t7") and not paid.shared
    assert paid.totals is not None and "t15" not in paid.totals.windows
    assert paid.totals.roi("direct") == Decimal("2.5")
    yang = repo.get_streamer(team["yang"])
    table = streamer_roi(repo, yang)
    assert table is not None and table.gap_windows == ("direct", "t7")
    first, second = table.lines
    assert (first.period, first.gap) == ("2026-11-03", None)
    # An export made the day after 11/4 cannot hold 11/4's final T7: not settled.
    assert second.gap is None and not second.totals.windows["t7"].complete
    # The same figures in an export made a week on have settled.
    import_ads(repo, QIANCHUAN, as_of=date(2026, 11, 12))
    later = streamer_roi(repo, yang)
    assert later is not None
    assert later.lines[1].gap == Decimal("2.8") - Decimal("2.1")
    assert later.overall.totals.windows["t7"].missing_rows == 1  # 11/3 is still "-"
    by_month = streamer_roi(repo, yang, by="month")
    assert by_month is not None and [x.period for x in by_month.lines] == ["2026-11"]
    assert by_month.lines[0].spend_fen == 1_800_000


def test_gb18030_and_xlsx_read_as_the_utf8_csv(tmp_path: Path) -> None:
    want = read_report(LATER)
    gb = read_report(DATA / "jinniu_gb18030.csv")
    assert gb.rows == want.rows and gb.total_rows == want.total_rows

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["磁力金牛 计划数据报表"])
    ws.append([c.strip() for c in LATER.read_text("utf-8-sig").splitlines()[1].split(",")])
    for r in want.rows:
        cells: list[object] = [
            datetime(r.day.year, r.day.month, r.day.day),
            int(r.plan_id),
            r.plan_name,
            r.account_id,
            r.room_name,
            r.spend_fen / 100,
        ]
        for w in ("direct", "t0", "t15", "t30"):
            fig = r.window(w)
            gmv = "-" if fig.gmv_fen is None else fig.gmv_fen / 100
            roi = r.roi(w)
            cells += [gmv, "-" if roi is None else float(round(roi, 2))]
            if w != "direct":
                cells.append("-" if fig.orders is None else fig.orders)
        ws.append(cells)
    ws.append(["合计", None, None, None, None, 3734.5])
    path = tmp_path / "金牛.xlsx"
    wb.save(path)
    got = read_report(path)
    assert got.rows == want.rows, "same figures, to the fen, and the same row numbers"
    assert got.total_rows == (7,) and got.problems == ()


def test_typed_figures_for_a_session(repo, team) -> None:
    stored = set_typed_figures(
        repo, team["yang_typed"], 50000, {"direct": WindowFigures(150000, 12)}
    )
    assert stored is not None and stored.figures.platform == DOUYIN
    paid = session_paid(repo, team["yang_typed"])
    assert paid.source == "typed" and paid.totals is not None
    assert paid.totals.roi("direct") == 3
    with pytest.raises(AdImportError, match="no T15 window"):
        set_typed_figures(repo, team["yang_typed"], 1, {"t15": WindowFigures(1, 1)})
    (table,) = roi_table(repo)
    assert [(x.period, x.typed) for x in table.lines] == [("2026-11-10", True)]
    assert roi_json([table])[0]["lines"][0]["windows"]["direct"]["roi"] == "3"
    set_typed_figures(repo, team["yang_typed"], None, {})
    assert session_paid(repo, team["yang_typed"]).source is None


def test_imported_rows_win_over_typed_for_the_same_day(repo, team) -> None:
    set_typed_figures(repo, team["morning"], 100, {"t0": WindowFigures(100, 1)})
    import_ads(repo, FIRST, as_of=date(2026, 11, 5))
    zhen = repo.get_streamer(team["zhen"])
    (table,) = roi_table(repo, zhen, date(2026, 11, 1), date(2026, 11, 30))
    day = table.lines[0]
    assert day.period == "2026-11-03" and not day.typed and day.spend_fen == 123450
    # The session itself still shows what was typed for it.
    assert session_paid(repo, team["morning"]).source == "typed"


def test_the_jinniu_table_shows_the_t0_to_t30_gap(repo, team) -> None:
    import_ads(repo, LATER, as_of=date(2026, 12, 5))
    zhen = repo.get_streamer(team["zhen"])
    table = streamer_roi(repo, zhen, by="day")
    assert table is not None and table.gap_windows == ("t0", "t30")
    day3, day4 = table.lines
    assert day3.gap == Decimal(511800) / Decimal(123450) - Decimal(320625) / Decimal(123450)
    assert day4.gap == Decimal(3) - Decimal("2.05")
    data = roi_json([table])[0]
    assert data["tool"] == "磁力金牛" and data["windows"] == ["direct", "t0", "t15", "t30"]
    assert data["lines"][1]["windows"]["t30"] == {
        "gmv": "6000.00", "orders": 60, "roi": "3", "settled": True, "unsettled_rows": 0,
    }  # fmt: skip


def test_unreadable_files_say_why(repo, team, tmp_path: Path) -> None:
    with pytest.raises(AdImportError, match="could not be read"):
        plan_import(repo, tmp_path / "missing.csv")
    with pytest.raises(AdImportError, match="could not be read"):
        plan_import(repo, tmp_path / "missing.xlsx")
    old = tmp_path / "report.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(AdImportError, match=r"\.xls"):
        plan_import(repo, old)
    junk = tmp_path / "junk.csv"
    junk.write_bytes(b"\xff\xfe\x00\xd8garbage" * 3)
    with pytest.raises(AdImportError):
        plan_import(repo, junk)
    not_a_report = tmp_path / "other.csv"
    not_a_report.write_text("时间,在线人数\n20:00,100\n", encoding="utf-8")
    with pytest.raises(AdImportError, match="no header row"):
        plan_import(repo, not_a_report)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(AdImportError, match="not a readable"):
        plan_import(repo, broken)


def test_preview_json_lists_everything(repo, team) -> None:
    preview, outcome = import_ads(repo, FIRST, as_of=date(2026, 11, 5))
    data = preview_json(preview, outcome)
    assert data["platform"] == "kuaishou" and data["as_of"] == "2026-11-05"
    assert [m["row"] for m in data["matched"]] == [3, 4, 5]
    assert data["matched"][1]["spend"] == "0.00"
    assert data["matched"][1]["windows"]["t0"] == {"gmv": "120.00", "orders": 2, "roi": None}
    assert data["unmatched"][0]["account_id"] == "ks_stranger"
    assert data["total_rows_skipped"] == [8]
    assert data["applied"] == {"inserted": 3, "updated": 0, "unchanged": 0, "kept_newer": []}


def test_a_streamer_whose_platform_is_typed_in_chinese_matches(repo, tmp_path) -> None:
    repo.create_streamer("阿珍", "快手", "ks_azhen")
    repo.create_streamer("别人", "douyin", "ks_stranger")  # the same ID on another platform
    preview = plan_import(repo, FIRST, as_of=date(2026, 11, 5))
    assert [m.streamer.name for m in preview.matched] == ["阿珍"] * 3
    (other,) = preview.unmatched
    assert "another platform" in other.reason and "别人" in other.reason
