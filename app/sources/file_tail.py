"""Follow a CSV or JSON-lines file that another program appends to.

CSV: the header row names the metrics (keys or aliases: viewers, v, 在线人数…),
with an optional time column (ts, time, timestamp, 时间). JSONL: one object per
line, either {"ts": ..., "metrics": {...}} or flat {"ts": ..., "viewers": ...}.
Rows without a time get the session clock's time when they are read.

It survives truncation (the file gets shorter: read again from the top) and
rotation (the path now names a new file: finish the old one, then follow the
new one). A malformed line is skipped and reported; it never stops the source.
"""

from __future__ import annotations

import csv
import io
import json
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from app.core.clock import SessionClock
from app.core.entry import metric_key, parse_metric_values, parse_timestamp
from app.core.messages import QT_TRANSLATE_NOOP, Explained, say, translate
from app.core.metrics import Sample
from app.sources.base import (
    Source,
    SourceConfigError,
    SourceContext,
    SourceSink,
    SourceState,
    SourceStatus,
    register,
)

TIME_COLUMNS = ("ts", "time", "timestamp", "时间")
MAX_LINE_BYTES = 64 * 1024


@dataclass
class _Open:
    handle: IO[bytes]
    inode: tuple[int, int]
    pending: bytes = b""
    line_no: int = 0
    header: list[str] | None = None


class LineError(Explained, ValueError):
    """A line of the followed file that cannot be read (in the user's language)."""

    context = "sources"


@register
class FileTailSource(Source):
    kind = "file"

    def __init__(
        self, path: str, format: str = "auto", poll_s: float = 0.25, **_stored: Any
    ) -> None:
        if format not in ("auto", "csv", "jsonl"):
            raise SourceConfigError(
                QT_TRANSLATE_NOOP("sources", "format must be auto, csv or jsonl")
            )
        self.path = Path(path)
        self.format = format
        self.poll_s = poll_s
        self.skipped = 0
        self.last_problem = ""
        self.note = ""
        """Something worth knowing that is not an error (ignored columns)."""
        self._now: Callable[[], int] = SessionClock().now_ms
        """The session's clock (`SourceContext.now_ms`, set by `run`): rows without
        a time, and statuses, are stamped with it."""

    @property
    def label(self) -> str:
        return f"File {self.path.name}"

    def config(self) -> dict[str, Any]:
        return {"path": str(self.path), "format": self.format}

    def _kind(self) -> str:
        if self.format != "auto":
            return self.format
        return "jsonl" if self.path.suffix.lower() in (".jsonl", ".ndjson", ".json") else "csv"

    # -- the loop --------------------------------------------------------------------
    def run(self, ctx: SourceContext, sink: SourceSink, stop: threading.Event) -> None:
        self._now = ctx.now_ms
        cur: _Open | None = None
        waiting_reported = False
        try:
            while not stop.is_set():
                try:
                    st = os.stat(self.path)
                except FileNotFoundError:
                    if cur is not None:  # rotated away and not yet recreated
                        self._drain(cur, sink, final=True)
                        cur.handle.close()
                        cur = None
                    if not waiting_reported:
                        sink.status(
                            SourceStatus(
                                SourceState.STALE,
                                say(
                                    "sources",
                                    QT_TRANSLATE_NOOP("sources", "waiting for {path} to exist"),
                                    path=self.path,
                                ),
                                self._now(),
                            )
                        )
                        waiting_reported = True
                    stop.wait(self.poll_s)
                    continue
                inode = (st.st_dev, st.st_ino)
                if cur is not None and cur.inode != inode:
                    self._drain(cur, sink, final=True)  # the rest of the rotated file
                    cur.handle.close()
                    cur = None
                if cur is None:
                    try:
                        cur = _Open(open(self.path, "rb"), inode)  # noqa: SIM115 - kept open
                    except OSError as exc:
                        sink.status(
                            SourceStatus(
                                SourceState.STALE,
                                say(
                                    "sources",
                                    QT_TRANSLATE_NOOP("sources", "cannot open: {error}"),
                                    error=exc,
                                ),
                                self._now(),
                            )
                        )
                        stop.wait(self.poll_s)
                        continue
                    waiting_reported = False
                    self._status_live(sink)
                elif st.st_size < cur.handle.tell():
                    # Truncated in place: start again from the top.
                    cur.handle.seek(0)
                    cur.pending = b""
                    cur.header = None
                    cur.line_no = 0
                self._drain(cur, sink)
                stop.wait(self.poll_s)
        finally:
            if cur is not None:
                cur.handle.close()
        sink.status(SourceStatus(SourceState.STOPPED, self._problem_text(), self._now()))

    def _status_live(self, sink: SourceSink) -> None:
        sink.status(SourceStatus(SourceState.LIVE, self._problem_text(), self._now()))

    def _problem_text(self) -> str:
        parts = [self.note] if self.note else []
        if self.skipped:
            parts.append(
                say(
                    "sources",
                    QT_TRANSLATE_NOOP("sources", "skipped {n} malformed line(s); last: {problem}"),
                    n=self.skipped,
                    problem=self.last_problem,
                )
            )
        return "; ".join(parts)

    def _drain(self, cur: _Open, sink: SourceSink, final: bool = False) -> None:
        data = cur.handle.read()
        if not data and not (final and cur.pending):
            return
        buf = cur.pending + data
        lines = buf.split(b"\n")
        cur.pending = lines.pop()  # an unfinished last line waits for its newline
        if final and cur.pending:
            lines.append(cur.pending)
            cur.pending = b""
        if len(cur.pending) > MAX_LINE_BYTES:
            cur.line_no += 1
            self._skip(
                cur, translate("sources", QT_TRANSLATE_NOOP("sources", "line longer than 64 KiB"))
            )
            cur.pending = b""
        samples: list[Sample] = []
        skipped_before, note_before = self.skipped, self.note
        for raw in lines:
            cur.line_no += 1
            text = raw.decode("utf-8", errors="replace").strip().lstrip("\ufeff")
            if not text:
                continue
            try:
                sample = self._jsonl(text) if self._kind() == "jsonl" else self._csv(cur, text)
            except ValueError as exc:
                self._skip(cur, str(exc))
                continue
            if sample is not None:
                samples.append(sample)
        if samples:
            sink.samples(samples)
        if self.skipped != skipped_before or self.note != note_before:
            self._status_live(sink)

    def _skip(self, cur: _Open, why: str) -> None:
        self.skipped += 1
        self.last_problem = say(
            "sources", QT_TRANSLATE_NOOP("sources", "line {n}: {why}"), n=cur.line_no, why=why
        )

    # -- formats ---------------------------------------------------------------------
    def _csv(self, cur: _Open, text: str) -> Sample | None:
        row = next(csv.reader(io.StringIO(text)))
        if cur.header is None:
            names = [c.strip() for c in row]
            known = [n for n in names if metric_key(n) or n.lower() in TIME_COLUMNS]
            if not any(metric_key(n) for n in names):
                raise LineError(
                    QT_TRANSLATE_NOOP(
                        "sources",
                        "the header row names no metric; start the file with e.g. ts,viewers,gmv",
                    )
                )
            cur.header = names
            unknown = sorted(set(names) - set(known))
            if unknown:
                self.note = say(
                    "sources",
                    QT_TRANSLATE_NOOP("sources", "ignoring unknown columns {columns}"),
                    columns=", ".join(unknown),
                )
            return None
        if len(row) != len(cur.header):
            raise LineError(
                QT_TRANSLATE_NOOP("sources", "{n} fields, the header has {header}"),
                n=len(row),
                header=len(cur.header),
            )
        ts = self._now()
        metrics: dict[str, object] = {}
        for name, cell in zip(cur.header, row, strict=True):
            cell = cell.strip()
            if name.lower() in TIME_COLUMNS:
                if cell:
                    ts = parse_timestamp(cell)
            elif metric_key(name) and cell != "":
                metrics[name] = cell
        return self._sample(metrics, ts, "")

    def _jsonl(self, text: str) -> Sample | None:
        try:
            doc = json.loads(text)
        except ValueError as exc:
            raise LineError(
                QT_TRANSLATE_NOOP("sources", "not valid JSON ({error})"), error=str(exc)
            ) from None
        if not isinstance(doc, dict):
            raise LineError(QT_TRANSLATE_NOOP("sources", "each line must be a JSON object"))
        ts = parse_timestamp(doc["ts"]) if doc.get("ts") is not None else self._now()
        metrics = doc.get("metrics")
        if metrics is None:
            metrics = {k: v for k, v in doc.items() if k not in ("ts", "time", "timestamp")}
        if not isinstance(metrics, dict):
            raise LineError(QT_TRANSLATE_NOOP("sources", '"metrics" must be an object'))
        return self._sample(metrics, ts, "")

    def _sample(self, metrics: dict[str, object], ts: int, prefix: str) -> Sample | None:
        values, errors = parse_metric_values(metrics, prefix=prefix)
        if errors:
            field, message = next(iter(errors.items()))
            raise LineError("{field}: {message}", field=field, message=message)
        if not values:
            return None
        return Sample(ts, values, self.kind)
