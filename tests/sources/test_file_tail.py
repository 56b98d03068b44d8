"""Following real files that another writer appends to, truncates and rotates."""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

import pytest

from app.sources.base import SourceContext, SourceState
from app.sources.file_tail import FileTailSource


class Recorder:
    def __init__(self) -> None:
        self.received = []
        self.statuses = []

    def samples(self, batch) -> None:
        self.received.extend(batch)

    def gap(self, gap) -> None:  # pragma: no cover
        raise AssertionError(gap)

    def status(self, status) -> None:
        self.statuses.append(status)

    def values(self, key: str) -> list[int]:
        return [s.values[key] for s in self.received if key in s.values]


class Tail:
    def __init__(self, path: Path, **kw) -> None:
        self.src = FileTailSource(str(path), poll_s=0.02, **kw)
        self.sink = Recorder()
        self.stop = threading.Event()
        self.thread = threading.Thread(
            target=self.src.run, args=(SourceContext(0), self.sink, self.stop), daemon=True
        )
        self.thread.start()

    def until(self, cond, timeout: float = 5.0) -> None:
        deadline = time.monotonic() + timeout
        while not cond():
            assert self.thread.is_alive()
            assert time.monotonic() < deadline, "timed out"
            time.sleep(0.01)

    def close(self) -> None:
        self.stop.set()
        self.thread.join(3)
        assert not self.thread.is_alive()


@pytest.fixture
def tails():
    made: list[Tail] = []

    def make(path: Path, **kw) -> Tail:
        t = Tail(path, **kw)
        made.append(t)
        return t

    yield make
    for t in made:
        t.close()


def append(path: Path, text: str) -> None:
    with open(path, "a", encoding="utf-8") as f:
        f.write(text)
        f.flush()


def test_csv_with_aliases_and_times(tmp_path: Path, tails) -> None:
    p = tmp_path / "feed.csv"
    p.write_text("ts,在线人数,gmv,note\n2026-01-05T21:00:00+08:00,3500,1.2万,x\n", "utf-8")
    t = tails(p)
    t.until(lambda: len(t.sink.received) == 1)
    s = t.sink.received[0]
    assert s.values == {"viewers": 3500, "gmv": 1_200_000}
    assert s.source == "file"
    append(p, '2026-01-05T21:00:05+08:00,3600,"1,300,000",y\n')
    t.until(lambda: len(t.sink.received) == 2)
    assert t.sink.received[1].values["gmv"] == 130_000_000
    assert t.sink.received[1].ts_ms - s.ts_ms == 5000


def test_waits_for_a_partial_line_to_finish(tmp_path: Path, tails) -> None:
    p = tmp_path / "feed.csv"
    p.write_text("viewers\n10\n")
    t = tails(p)
    t.until(lambda: t.sink.values("viewers") == [10])
    append(p, "2")
    time.sleep(0.15)
    assert t.sink.values("viewers") == [10], "half a line is not a sample"
    append(p, "0\n")
    t.until(lambda: t.sink.values("viewers") == [10, 20])


def test_jsonl_both_shapes(tmp_path: Path, tails) -> None:
    p = tmp_path / "feed.jsonl"
    p.write_text(
        json.dumps({"ts": 1767618000, "metrics": {"viewers": 1}})
        + "\n"
        + json.dumps({"v": 2, "成交": "3w"})
        + "\n"
    )
    t = tails(p)
    t.until(lambda: len(t.sink.received) == 2)
    assert t.sink.received[0].ts_ms == 1767618000000
    assert t.sink.received[1].values == {"viewers": 2, "gmv": 3_000_000}


def test_malformed_lines_are_skipped_and_reported(tmp_path: Path, tails) -> None:
    p = tmp_path / "feed.csv"
    p.write_text("viewers,gmv\n1,2\nabc,3\n4\n5,6\n")
    t = tails(p)
    t.until(lambda: t.sink.values("viewers") == [1, 5])
    t.until(lambda: t.src.skipped == 2)
    detail = t.sink.statuses[-1].detail
    assert "skipped 2 malformed line(s)" in detail
    assert "line 4" in detail


def test_truncation_starts_again_from_the_top(tmp_path: Path, tails) -> None:
    p = tmp_path / "feed.csv"
    p.write_text("viewers\n" + "".join(f"{i}\n" for i in range(1, 50)))
    t = tails(p)
    t.until(lambda: len(t.sink.received) == 49)
    with open(p, "w") as f:  # truncate in place, as `> file` does
        f.write("viewers\n7\n")
    t.until(lambda: t.sink.values("viewers")[-1] == 7)
    append(p, "8\n")
    t.until(lambda: t.sink.values("viewers")[-1] == 8)


def test_rotation_finishes_the_old_file_then_follows_the_new(tmp_path: Path, tails) -> None:
    p = tmp_path / "feed.csv"
    p.write_text("viewers\n1\n")
    t = tails(p)
    t.until(lambda: t.sink.values("viewers") == [1])
    append(p, "2\n")
    os.rename(p, tmp_path / "feed.csv.1")
    p.write_text("viewers\n3\n")
    t.until(lambda: t.sink.values("viewers") == [1, 2, 3])


def test_missing_file_is_waited_for(tmp_path: Path, tails) -> None:
    p = tmp_path / "later.csv"
    t = tails(p)
    t.until(lambda: any(s.state is SourceState.STALE for s in t.sink.statuses))
    assert "waiting for" in t.sink.statuses[-1].detail
    p.write_text("viewers\n42\n")
    t.until(lambda: t.sink.values("viewers") == [42])


def test_header_without_metrics_is_reported(tmp_path: Path, tails) -> None:
    p = tmp_path / "feed.csv"
    p.write_text("alpha,beta\n1,2\n")
    t = tails(p)
    t.until(lambda: t.src.skipped >= 1)
    assert "names no metric" in t.src.last_problem


def test_unknown_columns_are_ignored_and_said(tmp_path: Path, tails) -> None:
    p = tmp_path / "feed.csv"
    p.write_text("viewers,mood\n5,happy\n")
    t = tails(p)
    t.until(lambda: t.sink.values("viewers") == [5])
    t.until(lambda: "ignoring unknown columns mood" in t.sink.statuses[-1].detail)


def test_bad_format_is_refused() -> None:
    with pytest.raises(ValueError, match="csv or jsonl"):
        FileTailSource("x", format="xml")
