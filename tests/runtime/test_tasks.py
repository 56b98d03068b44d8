import threading

import pytest

from app.runtime.tasks import TaskRunner

pytestmark = pytest.mark.gui


def test_results_arrive_on_the_gui_thread(qtbot) -> None:
    runner = TaskRunner()
    seen = {}

    def work() -> int:
        seen["worker"] = threading.current_thread()
        return 42

    def done(value: int) -> None:
        seen["value"] = value
        seen["callback"] = threading.current_thread()

    runner.submit(work, done)
    qtbot.waitUntil(lambda: "value" in seen, timeout=5000)
    assert seen["value"] == 42
    assert seen["worker"] is not threading.main_thread()
    assert seen["callback"] is threading.main_thread()
    assert not runner.busy


def test_errors_are_delivered_not_swallowed(qtbot) -> None:
    runner = TaskRunner()
    errors = []

    def boom() -> None:
        raise ValueError("disk on fire")

    runner.submit(boom, lambda _v: None, errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert isinstance(errors[0], ValueError)
    assert str(errors[0]) == "disk on fire"


def test_progress_reaches_the_gui_thread_throttled(qtbot) -> None:
    import time

    runner = TaskRunner()
    reports: list[tuple[float, str, bool]] = []
    result = {}

    def work(report) -> str:
        for i in range(200):  # 200 reports in ~0.4 s: the GUI hears about 20 a second
            report(i / 200, "stage")
            time.sleep(0.002)
        report(1.0, "done")
        return "ok"

    def progress(fraction: float, stage: str) -> None:
        reports.append((fraction, stage, threading.current_thread() is threading.main_thread()))

    runner.submit_with_progress(work, progress, lambda v: result.__setitem__("v", v))
    qtbot.waitUntil(lambda: not runner.busy, timeout=5000)
    assert result["v"] == "ok"
    assert all(on_gui for _f, _s, on_gui in reports)
    assert reports[0][0] == 0.0 and reports[-1][:2] == (1.0, "done")
    assert 3 <= len(reports) <= 40
    assert [f for f, _s, _g in reports] == sorted(f for f, _s, _g in reports)


def test_forgotten_results_reach_no_one(qtbot) -> None:
    """After shutdown a late result reached a deleted window ("Internal C++
    object already deleted")."""
    runner = TaskRunner()
    got = []
    other = []
    runner.submit(lambda: 1, got.append, got.append)
    runner.wait()
    runner.forget_pending()
    runner.submit(lambda: 2, other.append)  # a later job is delivered as usual
    qtbot.waitUntil(lambda: other == [2], timeout=5000)
    assert got == []
    assert not runner.busy
