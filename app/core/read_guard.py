"""The data-quality guard for numbers read off a screen (OCR).

A number read by OCR is not trusted on its own. A region's reads go through a
`RegionGuard`, which says of each one:

* **accepted**: `confirm_reads` identical reads in a row (two by default), of
  a text the entry line's grammar takes, each read with a confidence at or
  above `min_confidence`, and plausible against the last accepted value. The
  value is stamped with the first of those reads (when it was first seen);
  later identical reads are accepted at their own times.
* **pending**: a first read, waiting for the read that confirms it.
* **suspect**: kept out of the data and listed for review, with the reason:
  the text is not a number (`unparsed`), it touches the region's edge and
  may be cut off (`clipped`), the engine was unsure
  (`low_confidence`), a running total went backwards (`backwards`), or the
  value jumped more than `max_jump` times up or down from the last accepted
  one (`jump`), unless the region gave no read at all for `jump_window_ms`
  before it (a region held as suspect keeps giving reads: that is no
  blank). A suspect is reported once per run of identical reads
  (`Judgement.new_suspect`); reads that give no trusted value (cut off, not
  a number, unsure) once per streak with the same reason, and again every
  5 minutes while it lasts.
* **empty**: nothing was read (the region shows no text).

A value that jumped or went backwards for real (a big order, a platform's
correction) must not be held back for the rest of the show: once
`relevel_reads` confirmed reads in a row agree with the held level (each
plausible against the one before), the new level is taken, from the read
that completed it on. The operator can also confirm a suspect at once
(`RegionGuard.confirm`), which makes its value the accepted one.

Pure Python: the screen source runs it on its own thread.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from enum import Enum

from app.core.entry import metric_value
from app.core.messages import QT_TRANSLATE_NOOP, Explained, translate
from app.core.metrics import METRICS, MetricKind, Unit
from app.core.numbers import normalize, parse_money_fen


class Verdict(Enum):
    ACCEPTED = "accepted"
    PENDING = "pending"
    SUSPECT = "suspect"
    EMPTY = "empty"


class SuspectReason(Enum):
    UNPARSED = "unparsed"
    CLIPPED = "clipped"
    LOW_CONFIDENCE = "low_confidence"
    BACKWARDS = "backwards"
    JUMP = "jump"


REASON_TEXT: dict[SuspectReason, str] = {
    SuspectReason.UNPARSED: QT_TRANSLATE_NOOP("guard", "not a number"),
    SuspectReason.CLIPPED: QT_TRANSLATE_NOOP(
        "guard", "the number touches the box's edge and may be cut off: draw the box larger"
    ),
    SuspectReason.LOW_CONFIDENCE: QT_TRANSLATE_NOOP("guard", "read with low confidence"),
    SuspectReason.BACKWARDS: QT_TRANSLATE_NOOP("guard", "a running total went backwards"),
    SuspectReason.JUMP: QT_TRANSLATE_NOOP("guard", "jumped more than ×{ratio} at once"),
}
"""Each reason in English, marked for translation in the context "guard"."""


@dataclass(frozen=True, slots=True)
class GuardSettings:
    confirm_reads: int = 2
    """Identical reads in a row before a value is accepted (1: the first read)."""
    min_confidence: float = 0.8
    """The OCR engine's confidence (0–1) below which a read is suspect."""
    max_jump: float = 5.0
    """A value this many times the last accepted one, or this fraction of
    it, within `jump_window_ms`, is suspect."""
    jump_window_ms: int = 10_000
    """The jump rule applies unless the region gave no read at all for
    longer than this before the value (the source sets it from its
    interval): after such a blank any level is believable. Reads that were
    held (suspect, unparsed) are reads: a region held for long is not a
    blank, and its new level needs `relevel_reads`."""
    jump_floor: int = 1000
    """The jump rule ignores values this small (in display units: 1000
    viewers, ¥1000, 1000 s): from ¥50 to ¥400 is one order, not a misread."""
    relevel_reads: int = 3
    """Confirmed reads in a row that agree with a held level before it is
    taken as the new level."""

    def validate(self) -> None:
        if self.confirm_reads < 1:
            raise GuardSettingsError(
                QT_TRANSLATE_NOOP("guard", "at least one read is needed to accept a value")
            )
        if not 0.0 <= self.min_confidence <= 1.0:
            raise GuardSettingsError(
                QT_TRANSLATE_NOOP("guard", "the confidence threshold lies between 0 and 1")
            )
        if self.max_jump <= 1.0:
            raise GuardSettingsError(
                QT_TRANSLATE_NOOP("guard", "the jump limit must be more than ×1")
            )
        if self.relevel_reads < 1:
            raise GuardSettingsError(
                QT_TRANSLATE_NOOP("guard", "at least one read is needed to take a new level")
            )


class GuardSettingsError(Explained, ValueError):
    context = "guard"


class ReadingError(Explained, ValueError):
    """A text that holds no number the metric can take (in the user's language)."""

    context = "guard"


@dataclass(frozen=True, slots=True)
class Read:
    """One OCR read of one region."""

    ts_ms: int
    text: str
    confidence: float
    clipped: bool = False
    """The text's ink touches the region's edge: part of it may be outside."""


@dataclass(frozen=True, slots=True)
class Judgement:
    read: Read
    verdict: Verdict
    value: int | None = None
    """The raw value (`Metric.to_raw`) the text was read as, if it was."""
    ts_ms: int | None = None
    """Where an accepted value goes on the timeline (the first read of the run)."""
    reason: SuspectReason | None = None
    detail: str = ""
    """Why, in English (the grammar's message for `unparsed`, translated
    when shown: `str()` of the error)."""
    new_suspect: bool = False
    """The first suspect read of its run: the one to list for review."""


_MONEY_OR_COUNT = re.compile(r"(?:¥\s*)?(?:\d[\d,]*(?:\.\d+)?(?:亿|万|w|千|k|m)?)+(?:元)?")
_DURATION = re.compile(
    r"\d+(?::\d{1,2}){1,2}(?:\.\d+)?"
    r"|(?:\d+(?:\.\d+)?(?:小时|时|h|分钟|min|分|m|秒|sec|s))+"
    r"|\d+(?:\.\d+)?"
)

_STRAY = re.compile(r"[0-9a-z.,¥$€%]")
"""Marks that may not stand beside the number. `%`: no metric is a percentage,
so a line with one is a caption (较昨日 +12%), never the number."""

_SPACED_GROUPS = re.compile(r"(?<![\d,.])\d{1,3}(?: \d{3})+(?![\d,]| \d)")
"""Thousands grouped by single spaces (3 521, 1 234 567): every group after
the first exactly three digits."""
_SPACED_DIGITS = re.compile(r"\d\s+\d")


def number_text(key: str, text: str) -> str:
    """The one number in an OCR text (`在线人数3,521` → `3,521`), as the
    entry line would take it. Raises `ReadingError` if there is none, or if
    there are several and none stands out (money: the one with ¥)."""
    s = normalize(text).replace("，", ",").replace("。", ".")
    # A space may group thousands (3 521); digits apart otherwise are two
    # numbers (3,521 12 is not 352,112).
    s = _SPACED_GROUPS.sub(lambda m: m.group(0).replace(" ", ""), s)
    if _SPACED_DIGITS.search(s):
        raise _several(text)
    s = s.replace(" ", "")
    metric = METRICS[key]
    pattern = _DURATION if metric.unit is Unit.SECONDS else _MONEY_OR_COUNT
    found = list(pattern.finditer(s))
    tokens = [m.group(0) for m in found]
    if not tokens:
        raise ReadingError(
            QT_TRANSLATE_NOOP("guard", "“{text}” holds no number"), text=text.strip()
        )
    # Around the number only a label may stand (在线人数, 人, 元): a stray
    # letter or digit mark means the engine misread part of it (¥2e1,411).
    # Two numbers with nothing between them are one number misread
    # (2分17种: "2分" and "17").
    residue = pattern.sub(" ", s)
    touching = any(a.end() == b.start() for a, b in itertools.pairwise(found))
    if touching or _STRAY.search(residue):
        raise ReadingError(
            QT_TRANSLATE_NOOP("guard", "“{text}” is not clearly a number"), text=text.strip()
        )
    if len(tokens) == 1:
        return tokens[0]
    if metric.is_money:
        marked = [t for t in tokens if t.startswith("¥")]
        if len(marked) == 1:
            return marked[0]
    digits = sorted(((sum(c.isdigit() for c in t), t) for t in tokens), reverse=True)
    if digits[0][0] > digits[1][0]:
        return digits[0][1]
    raise _several(text)


def _several(text: str) -> ReadingError:
    return ReadingError(
        QT_TRANSLATE_NOOP("guard", "“{text}” holds several numbers; draw the box around one"),
        text=text.strip(),
    )


def read_value(key: str, text: str) -> int:
    """The raw value of `key` an OCR text shows, through the entry line's
    grammar (万, 亿, w, ¥, thousands separators, full-width digits, 1:35 and
    1分35秒). Raises `ReadingError` or the grammar's own `EntryError`; money
    with parts of a fen (¥1.234: a misread) is refused, not rounded."""
    number = number_text(key, text)
    value = metric_value(key, number)
    if METRICS[key].is_money:
        parse_money_fen(number)  # NumberParseError (a ValueError) for parts of a fen
    return value


RELIST_MS = 5 * 60_000
"""While a streak of bad reads lasts, another suspect is listed this often."""


class RegionGuard:
    """The guard of one region (one metric). Feed it the region's reads in
    order; not thread-safe (the source's thread owns it)."""

    def __init__(self, key: str, settings: GuardSettings | None = None) -> None:
        self.key = key
        self.metric = METRICS[key]
        self.settings = settings or GuardSettings()
        self.settings.validate()
        self.accepted: tuple[int, int] | None = None
        """(ts_ms, raw value) of the last accepted value."""
        self._run: list[Read] = []
        self._run_value: int | None = None
        self._run_judged: Verdict | None = None
        """How the current run was judged once confirmed (accepted or suspect)."""
        self._last_bad: tuple[SuspectReason, int] | None = None
        """The reason of the streak of bad reads going on, and when its last
        suspect was listed."""
        """The text of the last unreadable or unsure read: the same text again
        is the same suspect, not a new one to list."""
        self._held: list[int] = []
        """The confirmed values of runs held as suspect (jump or backwards),
        newest last: evidence for a new level."""
        self._last_read_ms: int | None = None
        """When the region last showed text (read well or not): the end of
        the blank, if any, before the next read."""
        self._run_blank_ms: int | None = None
        """How long the region showed nothing before the current run's first
        read (None: it never did before)."""

    # -- the rules -------------------------------------------------------------------
    def _implausible(self, value: int, blank_ms: int | None) -> tuple[SuspectReason, str] | None:
        """`value` against the last accepted one, after `blank_ms` without
        any read (None: no read came before)."""
        if self.accepted is None:
            return None
        return self._against(self.accepted[1], value, blank_ms)

    def _against(
        self, base: int, value: int, after_ms: int | None
    ) -> tuple[SuspectReason, str] | None:
        m = self.metric
        if m.kind is MetricKind.COUNTER and value < base:
            return SuspectReason.BACKWARDS, ""
        if after_ms is not None and after_ms > self.settings.jump_window_ms:
            return None
        big = max(base, value)
        if base <= 0 or m.display_float(big) < self.settings.jump_floor:
            return None
        ratio = self.settings.max_jump
        if value > base * ratio or value * ratio < base:
            return SuspectReason.JUMP, ""
        return None

    def _relevels(self, value: int) -> bool:
        """Whether `value`, with the held runs before it, makes a new level."""
        chain = [*self._held, value]
        if len(chain) < self.settings.relevel_reads + 1:
            return False
        recent = chain[-(self.settings.relevel_reads + 1) :]
        return all(self._against(a, b, None) is None for a, b in itertools.pairwise(recent))

    # -- reads -----------------------------------------------------------------------
    def judge(self, read: Read) -> Judgement:
        if not read.text.strip():
            self._break_run()
            self._last_bad = None
            return Judgement(read, Verdict.EMPTY)
        before, self._last_read_ms = self._last_read_ms, read.ts_ms
        blank = None if before is None else read.ts_ms - before
        return self._judge(read, blank)

    def _judge(self, read: Read, blank: int | None) -> Judgement:
        if read.clipped:
            return self._bad(read, None, SuspectReason.CLIPPED, "")
        try:
            value = read_value(self.key, read.text)
        except ValueError as exc:
            return self._bad(read, None, SuspectReason.UNPARSED, str(exc))
        if read.confidence < self.settings.min_confidence:
            return self._bad(read, value, SuspectReason.LOW_CONFIDENCE, "")
        self._last_bad = None
        if value != self._run_value:
            self._run, self._run_value, self._run_judged = [], value, None
            self._run_blank_ms = blank
        self._run.append(read)
        if len(self._run) < self.settings.confirm_reads:
            return Judgement(read, Verdict.PENDING, value)
        first = len(self._run) == self.settings.confirm_reads
        if self._run_judged is Verdict.ACCEPTED:
            self.accepted = (read.ts_ms, value)
            return Judgement(read, Verdict.ACCEPTED, value, read.ts_ms)
        if self._run_judged is Verdict.SUSPECT and not first:
            return self._held_again(read, value, blank)
        at = self._run[0].ts_ms
        wrong = self._implausible(value, self._run_blank_ms)
        if wrong is None:
            self._accept(at, value)
            return Judgement(read, Verdict.ACCEPTED, value, at)
        if self._relevels(value):
            self._accept(at, value)
            return Judgement(read, Verdict.ACCEPTED, value, at, detail="new level")
        self._held.append(value)
        self._run_judged = Verdict.SUSPECT
        reason, _ = wrong
        return Judgement(read, Verdict.SUSPECT, value, at, reason, new_suspect=True)

    def _bad(self, read: Read, value: int | None, reason: SuspectReason, detail: str) -> Judgement:
        """A read that gives no trusted value (cut off, not a number, unsure).
        One suspect is listed for a streak of them with the same reason (a
        box that keeps being cut off would list one every tick: thousands in
        a show), and one more every `RELIST_MS` while the streak lasts, so a
        long one still has moments to correct."""
        self._break_run()
        last = self._last_bad
        new = last is None or last[0] is not reason or read.ts_ms - last[1] >= RELIST_MS
        if new:
            self._last_bad = (reason, read.ts_ms)
        return Judgement(read, Verdict.SUSPECT, value, read.ts_ms, reason, detail, new)

    def _held_again(self, read: Read, value: int, blank: int | None) -> Judgement:
        """Another identical read of a run held as suspect: more evidence for
        its level (a stable gauge that really jumped), or believable by now
        (the region showed nothing for longer than the jump window before
        it). Reads that kept coming are no blank: the level needs
        `relevel_reads`."""
        wrong = self._implausible(value, blank)
        if wrong is None or self._relevels(value):
            self._accept(read.ts_ms, value)
            return Judgement(read, Verdict.ACCEPTED, value, read.ts_ms, detail="new level")
        self._held.append(value)
        return Judgement(read, Verdict.SUSPECT, value, read.ts_ms, wrong[0])

    def _accept(self, ts_ms: int, value: int) -> None:
        self.accepted = (ts_ms, value)
        self._run_judged = Verdict.ACCEPTED
        self._held.clear()

    def _break_run(self) -> None:
        self._run, self._run_value, self._run_judged = [], None, None

    def confirm(self, ts_ms: int, value: int) -> None:
        """The operator says `value` was right at `ts_ms` (a confirmed or
        corrected suspect): it becomes the base the next reads are judged
        against, if it is newer than the last accepted one."""
        if self.accepted is None or ts_ms >= self.accepted[0]:
            self.accepted = (ts_ms, value)
            self._held.clear()
            if value == self._run_value:
                self._run_judged = Verdict.ACCEPTED


def reason_text(j: Judgement, settings: GuardSettings) -> str:
    """A suspect's reason in the user's language, with its figures."""
    if j.reason is None:
        return ""
    if j.reason is SuspectReason.UNPARSED and j.detail:
        return j.detail
    return translate("guard", REASON_TEXT[j.reason]).format(ratio=f"{settings.max_jump:g}")
