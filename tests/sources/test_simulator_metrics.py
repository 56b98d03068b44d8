"""A simulated dashboard that shows fewer numbers: `metrics` keeps only those
of the show's readings (the show itself is the same), is stored with the
session only when set, and an unknown name is refused with the known ones."""

from __future__ import annotations

import threading

import pytest

from app.sources.base import SourceConfigError, SourceContext
from app.sources.simulator import SIM_METRICS, SimulatorSource

T0 = 1_700_000_000_000


class Sink:
    def __init__(self) -> None:
        self.received: list = []

    def samples(self, batch) -> None:
        self.received.extend(batch)

    def gap(self, gap) -> None:
        pass

    def status(self, status) -> None:
        pass


def run(src: SimulatorSource) -> list:
    sink = Sink()
    src.run(SourceContext(T0), sink, threading.Event())
    return sink.received


def test_only_the_chosen_numbers_are_reported_and_they_are_the_same_show() -> None:
    every = run(SimulatorSource(seed=3, speed=1000, duration_s=30))
    some = run(SimulatorSource(seed=3, speed=1000, duration_s=30, metrics=["viewers", "gmv"]))
    assert len(some) == len(every) == 30
    assert {k for s in some for k in s.values} == {"viewers", "gmv"}
    for a, b in zip(every, some, strict=True):
        assert a.ts_ms == b.ts_ms
        assert b.values == {k: a.values[k] for k in ("viewers", "gmv")}
    assert len(SIM_METRICS) == len(every[-1].values)


def test_stored_only_when_set() -> None:
    assert "metrics" not in SimulatorSource(seed=1).config()
    cfg = SimulatorSource(seed=1, metrics=["gmv", "viewers", "gmv"]).config()
    assert cfg["metrics"] == ["gmv", "viewers"]
    assert SimulatorSource(**cfg).metrics == ("gmv", "viewers")


@pytest.mark.parametrize("metrics", [["viewers", "nope"], []])
def test_an_unknown_or_empty_list_is_refused_in_words(metrics) -> None:
    with pytest.raises(SourceConfigError) as err:
        SimulatorSource(seed=1, metrics=metrics)
    assert "viewers" in str(err.value) and "gmv" in str(err.value)
