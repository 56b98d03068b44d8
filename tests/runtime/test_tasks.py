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
