"""Importing a session: Genbo's own JSON export (exactly as it was stored) or a
CSV of timed rows (a platform's minute export), mapped in a preview.

`read_import(path)` reads the file and says what it holds (`ImportPlan`): a
JSON export's session, or a CSV's first rows, the guessed column mapping and
every cell that cannot be read. `import_session(repo, plan, …)` stores it in
one transaction (`app.storage.bulk.insert_session`). Blocking: the window runs
both off the GUI thread.

**The JSON round trip is exact.** Samples come back as the same raw integers:
the file holds display floats (yuan, seconds) written as Python's shortest
repr, and ``rint(value × scale)`` gives the raw integer back exactly for every
|raw| below 2**51 (beyond that the value's repr goes through `Decimal`). The
session's uid, notes, tags, platform and account, its summary figures, its
sources in their stored order, gaps and events (uid, kind, label, payload) are
kept, so exporting the imported session gives the same document but for
`session.id` (the other database's own number). Importing a session whose uid
is already stored is refused (`AlreadyImportedError`), unless it is imported as
a copy (a new uid).

A CSV gets a uid made from the file's bytes, so importing the same file twice
is caught the same way.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
import re
import uuid
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from app.config.formatting import format_datetime
from app.core.columns import Column, SessionColumns, SourceColumns
from app.core.csv_import import (
    PREVIEW_ROWS,
    CellProblem,
    CsvData,
    CsvImportError,
    CsvMapping,
    CsvTable,
    MappingError,
    TimeMode,
    convert,
    format_utc_offset,
    guess_mapping,
    read_table,
)
from app.core.highlights import (
    DEFAULT_PREROLL_S,
    EventRecord,
    Highlight,
    highlight_record,
    new_uid,
)
from app.core.messages import QT_TRANSLATE_NOOP, Explained, translate
from app.core.metrics import METRICS, Gap, MetricKind
from app.core.segments import Segment, segment_record
from app.core.session import (
    SessionDetail,
    SessionInfo,
    SessionStatus,
    SessionSummary,
    local_utc_offset_min,
)
from app.core.stats import SessionStats
from app.session.compare import save_session_curves
from app.storage.bulk import DuplicateSessionError, NewSession, insert_session
from app.storage.database import StorageError
from app.storage.repository import Repository, summary_from_stats
from app.storage.spill import Spill, is_spill_file

log = logging.getLogger(__name__)

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

Progress = Callable[[float, str], None]
"""The share done (0–1) and the stage: "reading", "parsing", "storing", "done"."""

CSV_SOURCE = "csv"
"""The source kind a CSV's values are stored under."""

_BATCH_LINES = 20_000
_BLOCK_BYTES = 4_000_000
"""About 30,000 of Genbo's sample lines: what one step of reading takes."""
_EXACT_BELOW = 2**51
"""|raw| below this comes back exactly from its display float by rint(x × scale)."""


class SessionImportError(Explained, ValueError):
    """The file cannot be imported; the message says why and what to do (in
    the user's language: `app.core.messages`)."""

    context = "import"


class AlreadyImportedError(DuplicateSessionError):
    """The session is in the library already; the message (a template and its
    fields, as for any `Explained` error, context "storage") names it."""

    def __init__(self, uid: str, session_id: int, template: str, /, **fields: Any) -> None:
        Explained.__init__(self, template, **fields)
        self.uid = uid
        self.session_id = session_id

    def __reduce__(self) -> tuple[Any, ...]:
        return (_already_imported, (self.uid, self.session_id, self.template, self.fields))


def _already_imported(
    uid: str, session_id: int, template: str, fields: dict[str, Any]
) -> AlreadyImportedError:
    return AlreadyImportedError(uid, session_id, template, **fields)


# -- what a file holds ---------------------------------------------------------------


@dataclass(frozen=True)
class JsonSession:
    """A Genbo JSON export, read back: everything `insert_session` needs."""

    version: int
    uid: str | None
    streamer: str
    platform: str | None
    account_id: str | None
    title: str
    started_ms: int
    ended_ms: int | None
    utc_offset_min: int
    status: SessionStatus
    detail: SessionDetail
    duration_s: float
    notes: str
    tags: tuple[str, ...]
    summary: Mapping[str, Any]
    """The file's summary as written (display units); missing figures are
    worked out from the samples."""
    columns: SessionColumns
    gaps: tuple[Gap, ...]
    events: tuple[EventRecord, ...]
    exported_id: int | None = None

    @property
    def sample_count(self) -> int:
        return self.columns.sample_count()


@dataclass(frozen=True)
class CsvPlan:
    table: CsvTable
    mapping: CsvMapping
    """The guessed mapping (its date is None when the file needs one and none was given)."""
    notes: tuple[str, ...]
    preview: CsvData | None
    """The whole file read with the guessed mapping: its problems."""
    mapping_error: str | None
    """Why the guessed mapping cannot be used as it is (no time column, …)."""
    digest: str

    @property
    def preview_rows(self) -> tuple[tuple[str, ...], ...]:
        return self.table.rows[:PREVIEW_ROWS]


@dataclass(frozen=True)
class ImportPlan:
    path: Path
    kind: str
    """ "json", "csv", or "unsaved" (an emergency file: `app.session.put_back`)."""
    json: JsonSession | None = None
    csv: CsvPlan | None = None
    unsaved: Spill | None = None

    @property
    def problems(self) -> tuple[CellProblem, ...]:
        if self.csv is not None and self.csv.preview is not None:
            return self.csv.preview.problems
        return ()


@dataclass(frozen=True)
class PreparedImport:
    """A session ready to store, and what reading it found."""

    new: NewSession
    csv: CsvData | None = None
    events: int = 0
    gaps: int = 0
    notes: tuple[str, ...] = field(default_factory=tuple)


def read_import(
    path: Path | str,
    progress: Progress | None = None,
    utc_offset_min: int | None = None,
    day: date | None = None,
) -> ImportPlan:
    """What `path` holds: Genbo's JSON export (read whole) or a CSV (read
    whole; the plan previews it). `utc_offset_min` and `day` are the CSV's
    guessed offset (default: this computer's) and show date (for clock times)."""
    path = Path(path)

    def report(f: float, stage: str) -> None:
        if progress is not None:
            progress(f, stage)

    report(0.0, "reading")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SessionImportError(
            QT_TRANSLATE_NOOP("import", "Cannot read {path}: {error}"),
            path=path,
            error=exc.strerror or str(exc),
        ) from exc
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{") and is_spill_file(path):
        del data
        from app.session.put_back import read

        spill = read(path)
        report(1.0, "done")
        return ImportPlan(path, "unsaved", unsaved=spill)
    if head.startswith(b"{"):
        # Read as bytes: a day's export is a few hundred MB, and as a str it
        # would take two to four bytes a character (its labels are Chinese).
        raw = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
        del data
        session = parse_genbo_json(raw, lambda f: report(0.05 + 0.9 * f, "parsing"))
        report(1.0, "done")
        return ImportPlan(path, "json", json=session)
    report(0.1, "parsing")
    try:
        table = read_table(data)
    except CsvImportError as exc:
        raise SessionImportError("{name}: {error}", name=path.name, error=exc) from None
    offset = local_utc_offset_min() if utc_offset_min is None else utc_offset_min
    mapping, notes = guess_mapping(table, offset, day)
    plan = _csv_plan(table, mapping, tuple(notes), hashlib.sha256(data).hexdigest())
    report(1.0, "done")
    return ImportPlan(path, "csv", csv=plan)


def _csv_plan(table: CsvTable, mapping: CsvMapping, notes: tuple[str, ...], digest: str) -> CsvPlan:
    error = None
    preview = None
    try:
        # The problems do not depend on the date; a stand-in one lets the
        # preview show them before the operator picks it.
        trial = mapping if mapping.day is not None else replace(mapping, day=date.today())
        preview = convert(table, trial)
    except MappingError as exc:
        error = str(exc)
    needs_day = mapping.time_mode in (TimeMode.CLOCK, TimeMode.MINUTES)
    if error is None and mapping.day is None and needs_day:
        error = translate(
            "import",
            QT_TRANSLATE_NOOP(
                "import",
                "clock times and minutes since the start need the show's date",
            ),
        )
    return CsvPlan(table, mapping, notes, preview, error, digest)


def preview_csv(plan: ImportPlan, mapping: CsvMapping) -> CsvData:
    """The CSV read with another mapping (the dialog's choices): its problems
    and what it would store. Raises `MappingError` for an unusable mapping."""
    if plan.csv is None:
        raise SessionImportError(QT_TRANSLATE_NOOP("import", "this is not a CSV import"))
    return convert(plan.csv.table, mapping)


# -- Genbo JSON ----------------------------------------------------------------------


def parse_genbo_json(
    text: bytes | str, progress: Callable[[float], None] | None = None
) -> JsonSession:
    """A Genbo JSON export (version 1 or 2) → the session. Genbo writes one
    sample per line; those lines are decoded in batches (a day at 10 Hz, about
    860,000 samples, in a few seconds and without holding them all as
    dicts). Any other layout of the same JSON is read whole."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    doc, batches = _split_samples(data)
    if not isinstance(doc, dict) or doc.get("format") != "genbo-session":
        raise SessionImportError(
            QT_TRANSLATE_NOOP(
                "import",
                'This JSON file is not a Genbo session export (its "format" is not '
                '"genbo-session"). Export a session with: genbo export ID --format json',
            )
        )
    version = doc.get("version")
    if version not in (1, 2):
        raise SessionImportError(
            QT_TRANSLATE_NOOP(
                "import",
                "This export is version {version}; this Genbo reads versions 1 and 2. "
                "Update Genbo to import it.",
            ),
            version=repr(version),
        )
    r = _Doc(doc)
    sess = r.obj("session")
    started = r.int_(sess, "session.started_ms")
    columns = _columns(batches, r.list_of_str("sources") if "sources" in doc else None, progress)
    gaps = tuple(
        Gap(
            r.str_(g, f"gaps[{i}].source"),
            r.int_(g, f"gaps[{i}].start_ms"),
            r.opt_int(g, f"gaps[{i}].end_ms"),
            r.str_(g, f"gaps[{i}].reason"),
        )
        for i, g in enumerate(r.list_("gaps"))
    )
    if "events" in doc:
        events = tuple(_event(r, e, i) for i, e in enumerate(r.list_("events")))
    else:
        events = _v1_events(r, doc, started)
    status = SessionStatus(r.choice(sess, "session.status", [s.value for s in SessionStatus]))
    detail = SessionDetail(
        r.choice(sess, "session.detail", [d.value for d in SessionDetail], "full")
    )
    summary = sess.get("summary", {})
    if not isinstance(summary, dict):
        raise SessionImportError(QT_TRANSLATE_NOOP("import", "session.summary is not an object"))
    exported_id = sess.get("id")
    return JsonSession(
        version=int(version),
        uid=r.opt_str(sess, "session.uid") or None,
        streamer=r.str_(sess, "session.streamer"),
        platform=r.opt_str(sess, "session.platform"),
        account_id=r.opt_str(sess, "session.account_id"),
        title=r.str_(sess, "session.title"),
        started_ms=started,
        ended_ms=r.opt_int(sess, "session.ended_ms"),
        utc_offset_min=r.int_(sess, "session.utc_offset_min"),
        status=status,
        detail=detail,
        duration_s=r.number(sess, "session.duration_s"),
        notes=r.opt_str(sess, "session.notes") or "",
        tags=tuple(r.list_of_str("tags", sess.get("tags", []))),
        summary=summary,
        columns=columns,
        gaps=gaps,
        events=events,
        exported_id=exported_id if isinstance(exported_id, int) else None,
    )


def _split_samples(text: bytes) -> tuple[Any, list[Callable[[_Samples], None]]]:
    """The document without its samples, and the samples as blocks each
    added to a `_Samples` on demand. Genbo's layout puts `"samples": [` on a
    line of its own, one sample per line after it and ` ]` to close; no
    string in a sample can hold a raw newline (JSON escapes it), so the lines
    are the samples."""
    opening = b'\n "samples": [\n'
    at = text.find(opening)
    if at >= 0:
        body = at + len(opening)
        end = text.find(b"\n ]", body)
        if end > 0:
            try:
                doc = json.loads(text[:at] + b'\n "samples": []' + text[end + 3 :])
            except ValueError:
                doc = None
            if isinstance(doc, dict) and doc.get("samples") == []:
                spans = []
                a = body
                while a < end:
                    b = text.find(b"\n", min(a + _BLOCK_BYTES, end))
                    b = end if b < 0 or b > end else b
                    spans.append((a, b))
                    a = b + 1

                def block(a: int, b: int) -> Callable[[_Samples], None]:
                    # One block of bytes at a time is all that is copied.
                    return lambda acc: acc.add_block(text[a:b])

                return doc, [block(a, b) for a, b in spans]
    try:
        doc = json.loads(text)
    except UnicodeDecodeError as exc:
        raise SessionImportError(
            QT_TRANSLATE_NOOP("import", "The file is not UTF-8 JSON: {error}"), error=str(exc)
        ) from None
    except ValueError as exc:
        raise SessionImportError(
            QT_TRANSLATE_NOOP("import", "The file is not valid JSON: {error}"), error=str(exc)
        ) from None
    samples = doc.get("samples", []) if isinstance(doc, dict) else []
    if not isinstance(samples, list):
        raise SessionImportError(QT_TRANSLATE_NOOP("import", '"samples" is not a list'))
    step = _BATCH_LINES

    def part(a: int) -> Callable[[_Samples], None]:
        return lambda acc: acc.add_dicts(samples[a : a + step])

    return doc, [part(a) for a in range(0, len(samples), step)]


_NUMBER = rb"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?"
_MAX_SHAPES = 32
"""Sample shapes (source and metrics) tried per block before the rest of it
is decoded sample by sample."""


class _Samples:
    """Collects samples into per-source, per-metric arrays.

    `add_block` takes lines as Genbo writes them: the lines of one shape
    (the same source and metrics, in the same order) are matched by one
    anchored regular expression built from the first such line, their
    numbers rewritten into plain text that numpy reads at once. A line that
    matches is exactly a sample of that shape; the values are JSON numbers
    (floats read correctly rounded, as `json` reads them). Lines of other
    shapes go round again; whatever is left is decoded by `json`."""

    def __init__(self, order: Sequence[str]) -> None:
        self.parts: dict[str, dict[str, tuple[list[IntArray], list[FloatArray]]]] = {
            name: {} for name in order
        }
        self.count = 0
        self._patterns: dict[tuple[str, tuple[str, ...]], re.Pattern[bytes]] = {}

    def _put(self, src: str, key: str, ts: IntArray, values: FloatArray) -> None:
        per = self.parts.setdefault(src, {})
        ts_parts, value_parts = per.setdefault(key, ([], []))
        ts_parts.append(ts)
        value_parts.append(values)

    def add_dicts(self, samples: Sequence[Any]) -> None:
        local: dict[tuple[str, str], tuple[list[Any], list[Any]]] = {}
        for smp in samples:
            try:
                src, ts, values = smp["source"], smp["ts_ms"], smp["values"]
                if not isinstance(src, str):
                    raise TypeError
                for key, v in values.items():
                    lists = local.get((src, key))
                    if lists is None:
                        lists = local[(src, key)] = ([], [])
                    lists[0].append(ts)
                    lists[1].append(v)
            except (KeyError, TypeError, AttributeError):
                raise SessionImportError(
                    QT_TRANSLATE_NOOP(
                        "import",
                        "samples[{n}] is not a sample (it needs ts_ms, source and "
                        "values): {sample}",
                    ),
                    n=self.count,
                    sample=str(smp)[:120],
                ) from None
            self.count += 1
        for (src, key), (ts_list, values) in local.items():
            if key not in METRICS:
                self._put(src, key, np.empty(0, np.int64), np.empty(0))  # named below
                continue
            self._put(src, key, _int_array(ts_list, f"{src}/{key}"), _floats(key, values))

    def _pattern(self, sample: Any) -> tuple[re.Pattern[bytes], str, tuple[str, ...]] | None:
        if (
            not isinstance(sample, dict)
            or list(sample) != ["ts_ms", "elapsed_s", "source", "values"]
            or not isinstance(sample["source"], str)
            or not isinstance(sample["values"], dict)
        ):
            return None
        src, keys = sample["source"], tuple(sample["values"])
        pat = self._patterns.get((src, keys))
        if pat is None:

            def lit(value: str) -> bytes:
                return re.escape(json.dumps(value, ensure_ascii=False).encode("utf-8"))

            values = b", ".join(lit(k) + b": (" + _NUMBER + b")" for k in keys)
            pat = re.compile(
                rb'^[ \t]*\{"ts_ms": (-?[0-9]+), "elapsed_s": '
                + _NUMBER
                + rb', "source": '
                + lit(src)
                + rb', "values": \{'
                + values
                + rb"\}\},?[ \t\r]*$",
                re.MULTILINE,
            )
            self._patterns[(src, keys)] = pat
        return pat, src, keys

    def add_block(self, block: bytes) -> None:
        for _ in range(_MAX_SHAPES):
            block = block.strip()
            if not block:
                return
            nl = block.find(b"\n")
            first_line, rest = (block, b"") if nl < 0 else (block[:nl], block[nl + 1 :])
            first = _decode_lines(first_line, self.count)[0]
            found = self._pattern(first)
            if found is None:
                self.add_dicts([first])
                block = rest
                continue
            pat, src, keys = found
            lines = block.count(b"\n") + 1
            rows = pat.findall(block)
            n = len(rows)
            if n == 0:  # written otherwise (e.g. ASCII-escaped): sample by sample
                self.add_dicts([first])
                block = rest
                continue
            left = b"" if n == lines else pat.sub(b"", block)
            numeric = b" ".join(itertools.chain.from_iterable(rows) if keys else rows)
            del rows
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                arr = np.fromstring(numeric, dtype=np.float64, sep=" ")
            width = len(keys) + 1
            if arr.shape[0] != n * width:  # pragma: no cover - the pattern admits only numbers
                self.add_dicts(_decode_lines(block, self.count))
                return
            table = arr.reshape(n, width)
            ts = table[:, 0].astype(np.int64)
            for j, key in enumerate(keys):
                self._put(src, key, ts, np.ascontiguousarray(table[:, j + 1]))
            self.count += n
            block = left
        if block.strip():
            self.add_dicts(_decode_lines(block, self.count))

    def columns(self) -> SessionColumns:
        unknown = sorted({k for per in self.parts.values() for k in per if k not in METRICS})
        if unknown:
            raise SessionImportError(
                QT_TRANSLATE_NOOP(
                    "import",
                    "The samples carry metrics this Genbo does not know ({metrics}); "
                    "update Genbo to import this file. Nothing was imported.",
                ),
                metrics=", ".join(unknown),
            )
        sources = []
        for name, per in self.parts.items():
            series: dict[str, Column] = {}
            for key, (ts_parts, value_parts) in per.items():
                ts = np.concatenate(ts_parts) if len(ts_parts) > 1 else ts_parts[0]
                values = np.concatenate(value_parts) if len(value_parts) > 1 else value_parts[0]
                series[key] = Column.sorted(ts, display_to_raw(key, values))
            if series:
                sources.append(SourceColumns(name, series))
        return SessionColumns(tuple(sources))


def _decode_lines(data: bytes, count: int) -> list[Any]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SessionImportError(
            QT_TRANSLATE_NOOP("import", "The samples after sample {n} are not UTF-8 text: {error}"),
            n=count,
            error=str(exc),
        ) from None
    lines = [ln.strip().rstrip(",") for ln in text.split("\n")]
    try:
        out = json.loads("[" + ",".join(ln for ln in lines if ln) + "]")
    except ValueError as exc:
        raise SessionImportError(
            QT_TRANSLATE_NOOP("import", "The samples after sample {n} are not valid JSON: {error}"),
            n=count,
            error=str(exc),
        ) from None
    if not isinstance(out, list) or not out:
        raise SessionImportError(
            QT_TRANSLATE_NOOP("import", "The samples after sample {n} are not a list of samples"),
            n=count,
        )
    return out


def _columns(
    blocks: Sequence[Callable[[_Samples], None]],
    order: list[str] | None,
    progress: Callable[[float], None] | None,
) -> SessionColumns:
    """Samples → columns per source and metric, raw integers exactly."""
    acc = _Samples(order or ())
    for b, add in enumerate(blocks):
        add(acc)
        if progress is not None:
            progress(0.9 * (b + 1) / max(len(blocks), 1))
    columns = acc.columns()
    if progress is not None:
        progress(1.0)
    return columns


def _int_array(values: list[Any], what: str) -> IntArray:
    try:
        arr = np.array(values)
    except (ValueError, TypeError):
        arr = np.array([], dtype=np.float64)
    if arr.shape != (len(values),) or (arr.size and arr.dtype.kind not in "iu"):
        raise SessionImportError(
            QT_TRANSLATE_NOOP("import", "the times of {what} are not all whole milliseconds"),
            what=what,
        )
    return arr.astype(np.int64)


def _floats(key: str, values: Sequence[Any]) -> FloatArray:
    if any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in values):
        bad = next(v for v in values if isinstance(v, bool) or not isinstance(v, (int, float)))
        raise SessionImportError(
            QT_TRANSLATE_NOOP("import", "a {key} value is not a number: {value}"),
            key=key,
            value=repr(bad),
        )
    return np.asarray(values, dtype=np.float64)


def display_to_raw(key: str, values: Sequence[Any] | FloatArray) -> IntArray:
    """Display values (yuan, seconds, counts) → the metric's raw integers,
    exactly: ``rint(x × scale)`` for |raw| < 2**51, where the float's error
    cannot reach half a raw unit; `Metric.to_raw` on the value's repr beyond
    that."""
    m = METRICS[key]
    arr = values if isinstance(values, np.ndarray) else _floats(key, values)
    arr = arr.astype(np.float64, copy=False)
    if arr.size and not bool(np.all(np.isfinite(arr))):
        raise SessionImportError(
            QT_TRANSLATE_NOOP("import", "a {key} value is not a finite number"), key=key
        )
    scaled = arr * m.scale
    raw = np.rint(scaled)
    if m.scale == 1 and arr.size and not bool(np.all(raw == arr)):
        bad_v = arr[raw != arr][0]
        raise SessionImportError(
            QT_TRANSLATE_NOOP("import", "{key} counts must be whole numbers, not {value}"),
            key=key,
            value=repr(bad_v),
        )
    out = raw.astype(np.int64)
    for i in np.flatnonzero(np.abs(scaled) >= _EXACT_BELOW).tolist():
        out[i] = m.to_raw(repr(float(arr[i])))
    return out


def _event(r: _Doc, e: Any, i: int) -> EventRecord:
    where = f"events[{i}]"
    if not isinstance(e, dict):
        raise SessionImportError(
            QT_TRANSLATE_NOOP("import", "{where} is not an object"), where=where
        )
    payload = e.get("payload", {})
    if not isinstance(payload, dict):
        raise SessionImportError(
            QT_TRANSLATE_NOOP("import", "{where} is not an object"), where=f"{where}.payload"
        )
    return EventRecord(
        r.opt_str(e, f"{where}.uid") or new_uid(),
        r.int_(e, f"{where}.ts_ms"),
        r.str_(e, f"{where}.kind"),
        r.str_(e, f"{where}.label"),
        payload,
    )


def _v1_events(r: _Doc, doc: dict[str, Any], started_ms: int) -> tuple[EventRecord, ...]:
    """A version 1 file's milestones, highlights and segments as the records
    Genbo stores (a milestone's label is its title; a highlight's pre-roll is
    what its clip start says)."""
    out: list[EventRecord] = []
    for i, m in enumerate(r.list_("milestones")):
        w = f"milestones[{i}]"
        ts = r.int_(m, f"{w}.ts_ms")
        out.append(
            EventRecord(
                new_uid(),
                ts,
                "milestone",
                r.str_(m, f"{w}.title"),
                {
                    "kind": r.str_(m, f"{w}.kind"),
                    "metric": r.str_(m, f"{w}.metric"),
                    "value": r.number(m, f"{w}.value"),
                    "detail": r.opt_str(m, f"{w}.detail") or "",
                    "major": bool(m.get("major", False)),
                    "noticed_ms": ts,
                },
            )
        )
    for i, h in enumerate(r.list_("highlights")):
        w = f"highlights[{i}]"
        mark = r.int_(h, f"{w}.mark_ms")
        clip = r.opt_int(h, f"{w}.clip_start_ms")
        preroll = DEFAULT_PREROLL_S
        if clip is not None and clip > started_ms:
            preroll = (mark - clip) / 1000
        out.append(
            highlight_record(
                Highlight(
                    r.opt_str(h, f"{w}.uid") or new_uid(),
                    mark,
                    r.str_(h, f"{w}.title"),
                    r.opt_str(h, f"{w}.note") or "",
                    tuple(r.list_of_str(f"{w}.tags", h.get("tags", []))),
                    preroll,
                    r.opt_str(h, f"{w}.origin") or "manual",
                    bool(h.get("major", False)),
                )
            )
        )
    for i, s in enumerate(r.list_("segments")):
        w = f"segments[{i}]"
        out.append(
            segment_record(
                Segment(
                    r.opt_str(s, f"{w}.uid") or new_uid(),
                    r.str_(s, f"{w}.name"),
                    r.int_(s, f"{w}.start_ms"),
                    r.opt_int(s, f"{w}.end_ms"),
                )
            )
        )
    out.sort(key=lambda e: e.ts_ms)
    return tuple(out)


class _Doc:
    """Typed reads from the parsed document, each failure naming its place."""

    def __init__(self, doc: dict[str, Any]) -> None:
        self.doc = doc

    @staticmethod
    def _get(obj: Any, where: str) -> Any:
        if not isinstance(obj, dict):
            raise SessionImportError(
                QT_TRANSLATE_NOOP(
                    "import",
                    "{where} is not an object",
                ),
                where=where.rsplit(".", 1)[0],
            )
        key = where.rsplit(".", 1)[-1]
        if key not in obj:
            raise SessionImportError(QT_TRANSLATE_NOOP("import", "{where} is missing"), where=where)
        return obj[key]

    def obj(self, key: str) -> dict[str, Any]:
        v = self.doc.get(key)
        if not isinstance(v, dict):
            raise SessionImportError(
                QT_TRANSLATE_NOOP("import", "{where} is missing or not an object"), where=key
            )
        return v

    def list_(self, key: str) -> list[Any]:
        v = self.doc.get(key, [])
        if not isinstance(v, list):
            raise SessionImportError(
                QT_TRANSLATE_NOOP(
                    "import",
                    "{where} is not a list",
                ),
                where=key,
            )
        return v

    def list_of_str(self, where: str, v: Any = None) -> list[str]:
        v = self.doc.get(where, []) if v is None else v
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            raise SessionImportError(
                QT_TRANSLATE_NOOP("import", "{where} is not a list of strings"), where=where
            )
        return v

    def int_(self, obj: Any, where: str) -> int:
        v = self._get(obj, where)
        if isinstance(v, bool) or not isinstance(v, int):
            raise SessionImportError(
                QT_TRANSLATE_NOOP("import", "{where} is not a whole number: {value}"),
                where=where,
                value=repr(v),
            )
        return v

    def opt_int(self, obj: Any, where: str) -> int | None:
        if isinstance(obj, dict) and obj.get(where.rsplit(".", 1)[-1]) is None:
            return None
        return self.int_(obj, where)

    def number(self, obj: Any, where: str) -> float:
        v = self._get(obj, where)
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise SessionImportError(
                QT_TRANSLATE_NOOP("import", "{where} is not a number: {value}"),
                where=where,
                value=repr(v),
            )
        return v

    def str_(self, obj: Any, where: str) -> str:
        v = self._get(obj, where)
        if not isinstance(v, str):
            raise SessionImportError(
                QT_TRANSLATE_NOOP(
                    "import",
                    "{where} is not text: {value}",
                ),
                where=where,
                value=repr(v),
            )
        return v

    def opt_str(self, obj: Any, where: str) -> str | None:
        if isinstance(obj, dict) and obj.get(where.rsplit(".", 1)[-1]) is None:
            return None
        return self.str_(obj, where)

    def choice(self, obj: Any, where: str, allowed: list[str], default: str | None = None) -> str:
        if default is not None and isinstance(obj, dict) and where.rsplit(".", 1)[-1] not in obj:
            return default
        v = self.str_(obj, where)
        if v not in allowed:
            raise SessionImportError(
                QT_TRANSLATE_NOOP("import", "{where} is {value}; expected one of {allowed}"),
                where=where,
                value=repr(v),
                allowed=", ".join(allowed),
            )
        return v


def _summary(js: JsonSession) -> SessionSummary:
    """The file's figures where it states them (what the other Genbo showed),
    worked out from the samples where it does not (a version 1 file)."""
    stats = SessionStats.from_columns(js.started_ms, js.columns)
    computed = summary_from_stats(stats.snapshot(js.duration_s or None))
    s = js.summary
    money = METRICS["gmv"]

    def fen(key: str, default: int | None) -> int | None:
        if key not in s:
            return default
        v = s[key]
        return None if v is None else money.to_raw(repr(v) if isinstance(v, float) else v)

    def count(key: str, default: int | None) -> int | None:
        if key not in s:
            return default
        v = s[key]
        return None if v is None else int(v)

    dwell = computed.avg_dwell_ds
    if "avg_dwell_s" in s:
        v = s["avg_dwell_s"]
        dwell = None if v is None else METRICS["dwell_seconds"].to_raw(repr(float(v)))
    return SessionSummary(
        duration_s=float(js.duration_s),
        peak_viewers=count("peak_viewers", computed.peak_viewers),
        gmv_fen=fen("gmv", computed.gmv_fen),
        gmv_15m_fen=fen("gmv_15m", computed.gmv_15m_fen),
        gmv_30m_fen=fen("gmv_30m", computed.gmv_30m_fen),
        sample_count=count("sample_count", computed.sample_count) or 0,
        gpm_fen=fen("gpm", computed.gpm_fen),
        avg_dwell_ds=dwell,
        avg_viewers=count("avg_viewers", computed.avg_viewers),
        orders=count("orders", computed.orders),
        buyers=count("buyers", computed.buyers),
        watch_uv=count("watch_uv", computed.watch_uv),
        watch_pv=count("watch_pv", computed.watch_pv),
        new_followers=count("new_followers", computed.new_followers),
        spend_fen=fen("spend", computed.spend_fen),
    )


# -- preparing and storing -----------------------------------------------------------


def prepare(
    plan: ImportPlan,
    mapping: CsvMapping | None = None,
    streamer: str | None = None,
    title: str | None = None,
    as_copy: bool = False,
    skip_bad_rows: bool = False,
) -> PreparedImport:
    """The session the plan stores, with the operator's choices. A CSV with
    unreadable cells is refused (naming the first few) unless `skip_bad_rows`."""
    if plan.json is not None:
        return _prepare_json(plan.json, streamer, title, as_copy)
    assert plan.csv is not None
    return _prepare_csv(plan, plan.csv, mapping, streamer, title, as_copy, skip_bad_rows)


def _prepare_json(
    js: JsonSession, streamer: str | None, title: str | None, as_copy: bool
) -> PreparedImport:
    status, ended = js.status, js.ended_ms
    notes: list[str] = []
    if status is SessionStatus.LIVE:
        # Exported while it was recorded: here it is cut off where the file ends.
        last = js.columns.last_ms()
        ends = [e for e in (ended, last, js.started_ms + round(js.duration_s * 1000)) if e]
        status, ended = SessionStatus.INTERRUPTED, max(ends, default=js.started_ms)
        notes.append("it was still being recorded when exported; it is imported as interrupted")
    name = js.streamer if not streamer or not streamer.strip() else streamer
    renamed = name != js.streamer
    new = NewSession(
        streamer=name,
        title=js.title if title is None else title,
        started_ms=js.started_ms,
        utc_offset_min=js.utc_offset_min,
        ended_ms=ended,
        summary=_summary(js),
        status=status,
        platform=js.platform,
        # Under another name the account would pick its own streamer again.
        account_id=None if renamed else js.account_id,
        uid=None if as_copy else js.uid,
        notes=js.notes,
        tags=js.tags,
        detail=js.detail,
        columns=js.columns if js.columns else None,
        events=js.events,
        gaps=js.gaps,
    )
    return PreparedImport(new, None, len(js.events), len(js.gaps), tuple(notes))


def _prepare_csv(
    plan: ImportPlan,
    cp: CsvPlan,
    mapping: CsvMapping | None,
    streamer: str | None,
    title: str | None,
    as_copy: bool,
    skip_bad_rows: bool,
) -> PreparedImport:
    mapping = mapping or cp.mapping
    if not streamer or not streamer.strip():
        raise SessionImportError(
            QT_TRANSLATE_NOOP(
                "import", "A CSV file does not say whose session it is; give the streamer's name."
            )
        )
    try:
        data = convert(cp.table, mapping, skip_bad_rows=skip_bad_rows)
    except MappingError as exc:
        raise SessionImportError("{error}", error=exc) from None
    if data.problems and not skip_bad_rows:
        shown = "; ".join(p.describe() for p in data.problems[:5])
        more = len(data.problems) - 5
        raise SessionImportError(
            QT_TRANSLATE_NOOP(
                "import",
                "Cells that cannot be read: {n} ({shown}; and {more} more). Nothing was "
                "imported. Fix them, or leave out their rows ({rows}).",
            )
            if more > 0
            else QT_TRANSLATE_NOOP(
                "import",
                "Cells that cannot be read: {n} ({shown}). Nothing was imported. Fix them, "
                "or leave out their rows ({rows}).",
            ),
            n=len(data.problems),
            shown=shown,
            more=more,
            rows=len(data.bad_rows),
        )
    if data.started_ms is None or data.ended_ms is None or not data.series:
        raise SessionImportError(
            QT_TRANSLATE_NOOP(
                "import",
                "No row of the file has a time and a value; nothing to import.",
            )
        )
    columns = SessionColumns(
        (
            SourceColumns(
                CSV_SOURCE, {key: Column(ts, raw) for key, (ts, raw) in data.series.items()}
            ),
        )
    )
    duration = (data.ended_ms - data.started_ms) / 1000
    stats = SessionStats.from_columns(data.started_ms, columns)
    summary = replace(summary_from_stats(stats.snapshot(duration)), duration_s=duration)
    header = cp.table.header
    config: dict[str, object] = {
        "file": plan.path.name,
        "sha256": cp.digest,
        "time": header[mapping.time_column] if mapping.time_column is not None else None,
        "time_format": mapping.time_mode.value,
        "utc_offset": format_utc_offset(mapping.utc_offset_min),
        "columns": {
            header[i]: c.metric
            + (":per-minute" if c.per_minute else "")
            + ("" if c.factor == 1 else f"×{c.factor}")
            for i, c in sorted(mapping.columns.items())
        },
    }
    if data.skipped and data.bad_rows:
        config["skipped_rows"] = list(data.bad_rows)
    uid = None if as_copy else str(uuid.uuid5(uuid.NAMESPACE_URL, f"genbo-csv:{cp.digest}"))
    new = NewSession(
        streamer=streamer,
        title=plan.path.stem if title is None else title,
        started_ms=data.started_ms,
        utc_offset_min=mapping.utc_offset_min,
        ended_ms=data.ended_ms,
        summary=summary,
        uid=uid,
        columns=columns,
        source_configs={CSV_SOURCE: config},
    )
    return PreparedImport(new, data, 0, 0, data.notes)


def store(
    repo: Repository, prepared: PreparedImport, progress: Progress | None = None
) -> SessionInfo:
    """Write the prepared session (one transaction), then its minute curves.
    A session already stored (by uid) raises `AlreadyImportedError` naming it."""
    if progress is not None:
        progress(0.0, "storing")
    try:
        info = insert_session(repo, prepared.new)
    except DuplicateSessionError as exc:
        template, fields = _duplicate_message(repo, exc)
        raise AlreadyImportedError(exc.uid, exc.session_id, template, **fields) from exc
    try:
        save_session_curves(repo, info, prepared.new.columns, prepared.new.gaps)
    except Exception as exc:
        # The session is in; its minute curves are worked out again the first
        # time it is compared, so this must not read as a failed import.
        log.warning("imported session %s without its minute curves: %s", info.id, exc)
    if progress is not None:
        progress(1.0, "done")
    return info


def import_session(
    repo: Repository,
    plan: ImportPlan,
    mapping: CsvMapping | None = None,
    streamer: str | None = None,
    title: str | None = None,
    as_copy: bool = False,
    skip_bad_rows: bool = False,
    progress: Progress | None = None,
) -> SessionInfo:
    """Store what `plan` holds: see `prepare` and `store` (an emergency file
    goes back into its sessions: `app.session.put_back`; the first is returned)."""
    if plan.unsaved is not None:
        from app.session.put_back import put_back

        done = put_back(
            repo,
            plan.path,
            None if progress is None else (lambda f: progress(f, "storing")),
            spill=plan.unsaved,
        )
        return done.sessions[0]
    prepared = prepare(plan, mapping, streamer, title, as_copy, skip_bad_rows)
    return store(repo, prepared, progress)


def _duplicate_message(repo: Repository, exc: DuplicateSessionError) -> tuple[str, dict[str, Any]]:
    """The template and fields of the `AlreadyImportedError` for `exc`."""
    try:
        info = repo.get_session(exc.session_id, settle=False)
    except StorageError:
        return exc.template, exc.fields
    template = (
        QT_TRANSLATE_NOOP(
            "storage",
            "This session is already in the library: session {id}, "
            "{streamer} “{title}” of {when} (in the trash). Nothing was imported. "
            "Import it as a copy to keep both.",
        )
        if info.deleted_ms is not None
        else QT_TRANSLATE_NOOP(
            "storage",
            "This session is already in the library: session {id}, "
            "{streamer} “{title}” of {when}. Nothing was imported. "
            "Import it as a copy to keep both.",
        )
    )
    return template, {
        "id": info.id,
        "streamer": info.streamer.name,
        "title": info.title,
        "when": format_datetime(info.started_at),
    }


# -- words ---------------------------------------------------------------------------


def mapping_lines(table: CsvTable, mapping: CsvMapping) -> list[str]:
    """The mapping column by column, as `--map` would write it."""
    out = []
    for i, h in enumerate(table.header):
        name = h or f"#{i + 1}"
        if i == mapping.time_column:
            out.append(f"{name} = time ({mapping.time_mode.value})")
        elif i in mapping.columns:
            c = mapping.columns[i]
            kind = METRICS[c.metric].kind
            how = (
                ":per-minute"
                if c.per_minute
                else (":running" if kind is MetricKind.COUNTER else "")
            )
            unit = "" if c.factor == 1 else f" (×{c.factor:f})"
            out.append(f"{name} = {c.metric}{how}{unit}")
        else:
            out.append(f"{name} = ignore")
    return out
