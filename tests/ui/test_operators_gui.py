"""Who rode along, on screen (issue 16): the library's and the roster's
Operator filter and the library's Operator column, shown only once a session
names someone (a single user sees the window as before); real widgets on a
real SQLite file, sessions stamped by the `Repository(db, operator)` that
recorded them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QWidget

from app.core.library import NOT_SAID
from app.runtime.tasks import TaskRunner
from app.session.roster import RosterService
from app.storage.database import Database
from app.storage.repository import Repository
from app.ui.library.library import LibraryView
from app.ui.library.roster import RosterView
from tests.session.test_roster_operators import team_january
from tests.storage.test_operators import at, ride

pytestmark = pytest.mark.gui


@pytest.fixture
def tasks(qtbot) -> Iterator[TaskRunner]:
    runner = TaskRunner()
    yield runner
    runner.wait(5_000)
    runner.forget_pending()


def library(qtbot, repo: Repository, tasks: TaskRunner, width: int = 1280) -> LibraryView:
    v = LibraryView(repo, tasks)
    qtbot.addWidget(v)
    v.resize(width, 600)
    v.show()
    qtbot.waitExposed(v)
    with qtbot.waitSignal(v.pageShown, timeout=5_000):
        v.refresh()
    return v


def ids(view: LibraryView) -> list[int]:
    return [s.id for s in view.model.sessions]


def operator_column(view: LibraryView) -> int:
    return view.model.COLUMNS.index("operator")


def choices(combo) -> list[tuple[str, object]]:  # type: ignore[no-untyped-def]
    return [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())]


def rect_in(top: QWidget, w: QWidget) -> QRect:
    return QRect(w.mapTo(top, QPoint(0, 0)), w.size())


def test_a_single_users_library_shows_no_operator(qtbot, db: Database, repo, tasks) -> None:
    ride(db, None, "小杨", at(2026, 3, 1))
    ride(db, None, "阿珍", at(2026, 3, 2))
    view = library(qtbot, repo, tasks)
    tasks.wait(5_000)
    qtbot.wait(50)
    assert len(ids(view)) == 2
    assert view.operator.isHidden()
    assert view.table.isColumnHidden(operator_column(view))
    assert view.query.operator is None


def test_the_library_filters_by_operator(qtbot, db: Database, repo, tasks) -> None:
    a1 = ride(db, "alice", "小杨", at(2026, 3, 1))
    b1 = ride(db, "bob", "小杨", at(2026, 3, 2))
    a2 = ride(db, "alice", "阿珍", at(2026, 3, 3))
    nobody = ride(db, None, "阿珍", at(2026, 3, 4))
    view = library(qtbot, repo, tasks)
    qtbot.waitUntil(lambda: view.operator.isVisible(), timeout=3_000)
    assert choices(view.operator) == [
        ("All operators", None),
        ("alice", "alice"),
        ("bob", "bob"),
        ("Not said", NOT_SAID),
    ]
    assert not view.table.isColumnHidden(operator_column(view))
    m = view.model
    assert [m.index(r, operator_column(view)).data() for r in range(m.rowCount())] == [
        "",
        "alice",
        "bob",
        "alice",
    ]
    assert ids(view) == [nobody.id, a2.id, b1.id, a1.id]

    view.operator.setCurrentIndex(view.operator.findData("alice"))
    qtbot.waitUntil(lambda: ids(view) == [a2.id, a1.id], timeout=3_000)
    assert view.query.operator == "alice"
    assert view.page_label.text() == "1–2 of 2"
    view.operator.setCurrentIndex(view.operator.findData(NOT_SAID))
    qtbot.waitUntil(lambda: ids(view) == [nobody.id], timeout=3_000)
    assert view.query.operator == NOT_SAID
    # With the other filters; nothing left says so.
    view.operator.setCurrentIndex(view.operator.findData("bob"))
    view.search.setText("阿珍")
    qtbot.waitUntil(lambda: ids(view) == [] and view.empty.isVisible(), timeout=3_000)
    assert view.empty.text() == "No sessions match these filters."
    view.search.setText("")
    qtbot.waitUntil(lambda: ids(view) == [b1.id], timeout=3_000)
    # Refresh reads the names again and keeps the one chosen.
    carol = ride(db, "carol", "Ann", at(2026, 3, 5))
    with qtbot.waitSignal(view.pageShown, timeout=5_000):
        view.refresh(explicit=True)
    qtbot.waitUntil(lambda: view.operator.findData("carol") > 0, timeout=3_000)
    assert view.operator.currentData() == "bob" and ids(view) == [b1.id]
    view.operator.setCurrentIndex(0)
    qtbot.waitUntil(lambda: ids(view)[:1] == [carol.id], timeout=3_000)
    assert view.query.operator is None


def test_the_column_comes_once_someone_is_named(qtbot, db: Database, repo, tasks) -> None:
    """A library opened before anyone was named shows the column and the
    filter once a page holds a named session (recorded meanwhile)."""
    ride(db, None, "小杨", at(2026, 3, 1))
    view = library(qtbot, repo, tasks)
    tasks.wait(5_000)
    assert view.operator.isHidden()
    ride(db, "alice", "小杨", at(2026, 3, 2))
    with qtbot.waitSignal(view.pageShown, timeout=5_000):
        view.refresh()
    qtbot.waitUntil(lambda: view.operator.isVisible(), timeout=3_000)
    assert not view.table.isColumnHidden(operator_column(view))


@pytest.mark.parametrize("width", [1280, 1024])
def test_the_filters_fit_side_by_side(qtbot, db: Database, repo, tasks, width: int) -> None:
    """On a laptop's width the filter row holds the Operator filter without
    any two of its widgets overlapping or leaving the library, with a long
    name chosen."""
    ride(db, "一位名字很长的运营同学 Alexandra", "小杨", at(2026, 3, 1))
    ride(db, "bob", "小杨", at(2026, 3, 2))
    view = library(qtbot, repo, tasks, width)
    qtbot.waitUntil(lambda: view.operator.isVisible(), timeout=3_000)
    view.operator.setCurrentIndex(1)
    qtbot.wait(50)
    row = [
        view.search, view.range, view.date_from, view.date_to, view.platform, view.status,
        view.operator, view.trash_toggle,
    ]  # fmt: skip
    rects = [rect_in(view, w) for w in row if w.isVisible()]
    assert len(rects) == len(row)
    for k, r in enumerate(rects):
        assert view.rect().contains(r), (k, r, view.rect())
        for other in rects[k + 1 :]:
            assert not r.intersects(other), (r, other)
    assert view.search.width() >= view.search.minimumWidth()
    assert view.operator.width() >= view.operator.sizeHint().width() - 1


# -- the roster ----------------------------------------------------------------------------
def roster(qtbot, repo: Repository, tasks: TaskRunner) -> RosterView:
    service = RosterService(repo, today=lambda: date(2026, 1, 31))
    view = RosterView(service, tasks, month=202601)
    qtbot.addWidget(view)
    view.resize(1280, 640)
    view.show()
    with qtbot.waitSignal(view.rosterLoaded, timeout=10_000):
        view.refresh()
    return view


def names(view: RosterView) -> list[str]:
    return sorted(r.streamer.name for r in view.model.rows)


def test_the_roster_filters_by_operator(qtbot, repo: Repository, tasks) -> None:
    team_january(repo)
    view = roster(qtbot, repo, tasks)
    assert names(view) == ["小杨", "早班", "阿珍"]
    qtbot.waitUntil(lambda: view.operator.isVisible(), timeout=3_000)
    assert choices(view.operator) == [
        ("All operators", None),
        ("alice", "alice"),
        ("bob", "bob"),
        ("dave", "dave"),
        ("Not said", NOT_SAID),
    ]
    with qtbot.waitSignal(view.rosterLoaded, timeout=5_000):
        view.operator.setCurrentIndex(view.operator.findData("alice"))
    assert names(view) == ["小杨", "阿珍"]
    assert view.status.text().startswith("alice's streamers in 2026-01: 2 streamers")
    # The whole month of each (31 sessions of 小杨's, one of them alice's).
    row = next(k for k, r in enumerate(view.model.rows) if r.streamer.name == "小杨")
    sessions = view.model.index(row, view.model.COLUMNS.index("sessions")).data()
    assert sessions == "31"
    tiles = [(t.value.text(), t.crossed.text()) for t in view.tiles]
    assert tiles == [("1", "2 crossed this month"), ("1", "1 crossed this month"),
                     ("0", "0 crossed this month")]  # fmt: skip
    with qtbot.waitSignal(view.rosterLoaded, timeout=5_000):
        view.operator.setCurrentIndex(view.operator.findData("dave"))
    assert names(view) == ["阿珍"]
    assert [t.value.text() for t in view.tiles] == ["1", "0", "0"]
    with qtbot.waitSignal(view.rosterLoaded, timeout=5_000):
        view.operator.setCurrentIndex(view.operator.findData("bob"))
    assert names(view) == []
    assert view.status.text() == "bob rode along with no streamer in 2026-01."
    # The month moves on with the filter kept: February has bob's show.
    with qtbot.waitSignal(view.rosterLoaded, timeout=5_000):
        view.next_button.click()
    assert view.operator.currentData() == "bob" and names(view) == ["小杨"]
    with qtbot.waitSignal(view.rosterLoaded, timeout=5_000):
        view.prev_button.click()
    with qtbot.waitSignal(view.rosterLoaded, timeout=5_000):
        view.operator.setCurrentIndex(view.operator.findData(NOT_SAID))
    assert names(view) == ["小杨", "早班"]
    assert view.status.text().startswith("Nobody named, 2026-01: 2 streamers")
    with qtbot.waitSignal(view.rosterLoaded, timeout=5_000):
        view.operator.setCurrentIndex(0)
    assert names(view) == ["小杨", "早班", "阿珍"]
    # The navigation row holds it without overlapping its neighbours.
    nav = [view.prev_button, view.month_label, view.next_button, view.this_month,
           view.operator, view.ladder_label, view.ladder_button]  # fmt: skip
    rects = [rect_in(view, w) for w in nav]
    for k, r in enumerate(rects):
        assert view.rect().contains(r)
        for other in rects[k + 1 :]:
            assert not r.intersects(other), (r, other)


def test_a_single_users_roster_shows_no_operator(qtbot, repo: Repository, tasks) -> None:
    from tests.session.test_roster import build_january

    build_january(repo)
    view = roster(qtbot, repo, tasks)
    tasks.wait(5_000)
    qtbot.wait(50)
    assert view.operator.isHidden()
    assert names(view) == ["小杨", "早班", "阿珍"]
    assert view.roster is not None and view.roster.operator is None
