"""The platform's monthly GMV imported from a month report CSV, and the
roster using it for a streamer whose sessions were only partly recorded."""

import json
from datetime import date

import pytest

from app.cli.commands import main
from app.session.month_import import MonthImportError, import_month_figures, parse_month
from app.session.roster import load_roster
from app.storage.database import open_database, sqlite_url
from app.storage.repository import Repository

REPORT = (
    "服务商月报\n"  # a title line above the header, as backends export
    "主播,抖音号,月份,成交金额(万元)\n"
    "小杨,dy001,2026-11,230.5\n"
    "阿琳,,2026年11月,48.2\n"
    "不认识,,2026-11,10\n"
    "小杨,dy001,2026-13,1\n"
    "阿琳,,2026-10,abc\n"
)


@pytest.fixture
def roster_repo(tmp_path):
    db = open_database(sqlite_url(tmp_path / "genbo.db"))
    repo = Repository(db)
    repo.create_streamer("小杨", "douyin", "dy001")
    repo.create_streamer("阿琳", "douyin")
    yield repo
    db.dispose()


def test_figures_are_stored_and_bad_rows_named(roster_repo, tmp_path) -> None:
    path = tmp_path / "month.csv"
    path.write_bytes(REPORT.encode("gb18030"))  # as Chinese Excel saves it
    result = import_month_figures(roster_repo, path)
    assert [(s.name, m, fen) for s, m, fen in result.stored] == [
        ("小杨", 202611, 230_5000_00),
        ("阿琳", 202611, 48_2000_00),
    ]
    assert [(p.row, p.text.split(":")[0].split(" ")[0]) for p in result.problems] == [
        (5, "no"),
        (6, "'2026-13'"),
        (7, "GMV"),
    ]
    months = {m.streamer_id: m for m in roster_repo.month_totals(202611)}
    assert {m.platform_source for m in months.values()} == {"imported"}
    roster = load_roster(roster_repo, 202611, date(2026, 12, 1))
    xiao = next(r for r in roster.rows if r.streamer.name == "小杨")
    assert xiao.standing.gmv_fen == 230_5000_00, "the platform's figure is the month's GMV"


def test_a_file_without_a_month_column_needs_the_month(roster_repo, tmp_path) -> None:
    path = tmp_path / "m.csv"
    path.write_text("达人,GMV\n小杨,1.2万\n", encoding="utf-8-sig")
    with pytest.raises(MonthImportError, match="give the month"):
        import_month_figures(roster_repo, path)
    result = import_month_figures(roster_repo, path, month=202612, dry_run=True)
    assert [(m, fen) for _s, m, fen in result.stored] == [(202612, 1_2000_00)]
    assert roster_repo.month_totals(202612) == [], "a dry run stores nothing"
    path.write_text("达人,观看人数\n小杨,12\n", encoding="utf-8")
    with pytest.raises(MonthImportError, match="No GMV column"):
        import_month_figures(roster_repo, path, month=202612)


def test_genbo_month_gmv_import(tmp_path, capsys) -> None:
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "streamer", "add", "小杨", "--account-id", "dy001",
                 "--platform", "douyin"]) == 0  # fmt: skip
    path = tmp_path / "month.csv"
    path.write_text('抖音号,统计月份,销售额(元)\ndy001,2026-11,"1,234,567.89"\n', "utf-8")
    capsys.readouterr()
    assert main(["month-gmv-import", str(path), "--json", "--data-dir", str(data)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["stored"] == [
        {"streamer_id": 1, "streamer": "小杨", "month": "2026-11", "gmv": 1234567.89}
    ]
    assert out["columns"] == {"account": "抖音号", "month": "统计月份", "gmv": "销售额(元)"}
    assert main(["roster", "--month", "2026-11", "--json", "--data-dir", str(data)]) == 0
    row = json.loads(capsys.readouterr().out)["streamers"][0]
    assert (row["gmv"], row["platform_source"]) == (1234567.89, "imported")


def test_months_in_the_forms_reports_use() -> None:
    assert (
        parse_month("2026-11") == parse_month("2026/11/30") == parse_month("2026年11月") == 202611
    )
    assert parse_month("202611") == parse_month("20261130") == 202611
    assert parse_month("11月") is None and parse_month("2026-00") is None
    assert parse_month("202613") is None
