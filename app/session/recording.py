"""One live session's bookkeeping, without Qt: the part that `genbo record` and
the GUI share.

A `SessionRecorder` is an object per live session (there is no global
"current session"), so a window can follow many streamers at once later. It
owns the session's derived stats and hands everything to the one
`DatabaseWriter`. It is driven from a single consumer thread (the GUI thread,
or the recorder's main loop); sources deliver to that thread through a queue.
"""

from __future__ import annotations

import logging
import statistics
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Protocol

from sqlalchemy.exc import SQLAlchemyError

from app.config.formatting import number_format
from app.config.i18n import tr
from app.config.settings import Settings
from app.core.alerts import DEFAULT_RULES, Alert, AlertEngine, AlertRule
from app.core.clock import ClockJump, SessionClock, wall_ms
from app.core.figures import MEDIAN_SESSIONS, figure_values
from app.core.highlights import (
    EventRecord,
    Highlight,
    from_milestone,
    highlight_from_record,
    highlight_record,
    milestone_from_record,
    milestone_record,
    new_uid,
)
from app.core.messages import QT_TRANSLATE_NOOP, translate
from app.core.metrics import EVERY_SOURCE, NOT_RUNNING, Gap, Sample
from app.core.milestones import (
    Milestone,
    MilestoneEngine,
    MilestoneKind,
    PersonalBests,
    RuleSettings,
)
from app.core.numbers import NumberFormat
from app.core.roster import GmvBasis, month_gmv
from app.core.segments import Segment, segment_from_record, segment_record, start_segment
from app.core.series import SeriesSet
from app.core.session import SessionInfo, SessionStatus, SessionSummary, SourceInfo
from app.core.stats import SessionStats, StatsSnapshot
from app.notify import payloads
from app.notify.payloads import Notice
from app.notify.targets import Target, TargetError
from app.session.compare import save_session_curves
from app.sources.base import Source
from app.storage.database import StorageError
from app.storage.repository import Repository, summary_from_stats
from app.storage.writer import DatabaseWriter, classify

log = logging.getLogger(__name__)

MIN_DOWNTIME_MS = 2_000
"""A resume sooner than this after the last sign of life leaves no gap (the
sources' own overdue rule would not call it one either)."""


class SessionNotClosedError(StorageError):
    """The end of a session could not be written (a full disk, a lock)."""


class SessionRecorder:
    def __init__(
        self,
        repo: Repository,
        writer: DatabaseWriter,
        info: SessionInfo,
        stats: SessionStats | None = None,
        time_scale: float = 1.0,
        resume_elapsed_s: float = 0.0,
        rules: RuleSettings | None = None,
        bests: PersonalBests | None = None,
        alert_rules: Iterable[AlertRule] | None = None,
        references: Mapping[str, float] | None = None,
        clock: SessionClock | None = None,
    ) -> None:
        """`alert_rules`: the alert rules to run (None: `DEFAULT_RULES`);
        `references`: the streamer's median values they compare with
        (`dwell_reference`); `clock`: the session's clock (`start_new` and
        `resume` make it; None: one reading the wall clock now, never before
        `resume_elapsed_s`)."""
        self.repo = repo
        self.writer = writer
        self.info = info
        self.stats = stats or SessionStats(started_ms=info.started_ms)
        self.clock = clock or SessionClock.continuing(info.started_ms, resume_elapsed_s)
        """The session's one clock: the sources' contexts stamp through it
        (`SourceContext(..., clock=recorder.clock)`)."""
        self.resume_elapsed_s = resume_elapsed_s if clock is None else clock.resume_elapsed_s
        """The session time a resume continues from (0 for a new session)."""
        self.time_scale = time_scale
        """Session seconds per wall second (a fast simulator's speed)."""
        self._clock_jumps: list[ClockJump] = []
        self.engine = MilestoneEngine(info.started_ms, rules, bests, stats=self.stats)
        self.milestones: list[Milestone] = []
        self.alerts = AlertEngine(
            info.started_ms,
            DEFAULT_RULES if alert_rules is None else tuple(alert_rules),
            references,
        )
        self.fired_alerts: list[Alert] = []
        """Every alert of this session, in the order they fired (a resume's too)."""
        self._new_alerts: list[Alert] = []
        self.highlights: dict[str, Highlight] = {}
        self.segments: dict[str, Segment] = {}
        self.auto_highlights = True
        self.preroll_s = 30.0
        self._fmt = number_format()  # the user's style, in titles and highlights
        self.sources: dict[int, Source] = {}
        self._feeds: dict[tuple[int, str], int] = {}
        """(source id, feed label) → the feed's own source id (`feed_source`)."""
        self._feeds_lock = threading.Lock()
        self._feed_rows_lock = threading.Lock()
        self._simulated = time_scale != 1.0
        self.stopped = False
        self.resumed_gaps: list[Gap] = []
        """A resumed session's stored gaps (its downtime included), for its view."""
        self.resumed_series: SeriesSet | None = None
        """A resumed session's stored samples and gaps, ready for its plots."""
        self.pending_end: tuple[int, SessionSummary] | None = None
        """The end `stop` could not write yet (see `finish_end`)."""
        self.month_change: MonthChange | None = None
        """Set by `stop`: the streamer's month GMV without and with this session."""

    # -- construction (database I/O: call off the GUI thread) ------------------------
    @classmethod
    def start_new(
        cls,
        repo: Repository,
        writer: DatabaseWriter,
        streamer_name: str,
        title: str,
        sources: Sequence[Source],
        rules: RuleSettings | None = None,
        alert_rules: Iterable[AlertRule] | None = None,
        clock: SessionClock | None = None,
    ) -> tuple[SessionRecorder, list[SourceInfo]]:
        """`clock`: the new session's clock, its start the session's start
        (None: a clock anchored now; tests inject one with their own wall).
        Refused in plain words on a database opened read-only."""
        repo.db.require_writable()
        streamer = repo.get_or_create_streamer(streamer_name)
        bests = repo.personal_bests(streamer.id)
        clock = clock or SessionClock()
        info = repo.create_session(streamer, title, clock.started_ms, clock.utc_offset_min)
        references = dwell_reference(repo, streamer.id, info.started_ms)
        scale = max((s.time_scale for s in sources), default=1.0)
        rec = cls(
            repo,
            writer,
            info,
            time_scale=scale,
            rules=rules,
            bests=bests,
            alert_rules=alert_rules,
            references=references,
            clock=clock,
        )
        return rec, [rec._register(src) for src in sources]

    @classmethod
    def resume(
        cls,
        repo: Repository,
        writer: DatabaseWriter,
        session_id: int,
        sources: Sequence[Source],
        rules: RuleSettings | None = None,
        alert_rules: Iterable[AlertRule] | None = None,
        downtime_reason: str = NOT_RUNNING,
    ) -> tuple[SessionRecorder, list[SourceInfo], list[Sample]]:
        """Continue a cut-off session: its stored samples seed the stats (and
        are returned so a view can show them; `resumed_gaps` holds its gaps).
        `downtime_reason`: what the gap until now is stored with (a session
        stopped on purpose and resumed: `NOT_FOLLOWED`).

        A real broadcast went on while Genbo was down: that time becomes a
        stored gap of every source ("Genbo was not running"), from the last
        moment the recorder was known alive to now, so no line is drawn across
        it. A simulated show continues from its last sample, with no downtime."""
        repo.db.require_writable()
        before = repo.get_session(session_id, settle=False)
        info = repo.claim_for_resume(session_id)
        columns = repo.load_columns(session_id)
        history = columns.to_samples()
        stats = SessionStats(started_ms=info.started_ms)
        stats.extend(history)
        scale = max((s.time_scale for s in sources), default=1.0)
        gaps = repo.load_gaps(session_id)
        downtime: Gap | None = None
        if scale != 1.0:
            resume_at = stats.snapshot().elapsed_s
        else:
            # The wall clock, read once: the session's time goes on from it,
            # never from before what is stored (a clock set back since then
            # must not put new samples before the old ones).
            now = wall_ms()
            last_sample = history[-1].ts_ms if history else info.started_ms
            down_from = max(last_sample, before.last_seen_ms or 0)
            if now - down_from >= MIN_DOWNTIME_MS:
                downtime = Gap(EVERY_SOURCE, down_from, now, downtime_reason)
                gaps.append(downtime)
            resume_at = max(0.0, (max(now, last_sample) - info.started_ms) / 1000.0)
        clock = SessionClock(info.started_ms, resume_at)
        bests = repo.personal_bests(info.streamer.id, exclude_session=session_id)
        rec = cls(
            repo,
            writer,
            info,
            stats=stats,
            time_scale=scale,
            resume_elapsed_s=resume_at,
            rules=rules,
            bests=bests,
            alert_rules=alert_rules,
            references=dwell_reference(repo, info.streamer.id, info.started_ms),
            clock=clock,
        )
        events = repo.load_events(session_id)
        for record in events:
            if record.kind == "alert":
                try:
                    rec.fired_alerts.append(Alert.from_dict(record.payload))
                except (KeyError, TypeError, ValueError) as exc:
                    log.warning("a stored alert of session %s is unreadable: %s", session_id, exc)
        # What fired before the cut stays fired (its cool-down runs from then).
        rec.alerts.seed(rec.fired_alerts)
        # Across downtime nothing was seen; a simulated show goes straight on.
        rec.engine.prime(history, rejoin=downtime is not None)
        rec.alerts.prime(history, rejoin=downtime is not None)
        rec.resumed_gaps = gaps
        # Built here, off the GUI thread, from whole arrays (a day at 10 Hz
        # appended point by point, then re-sorted per gap, took seconds).
        rec.resumed_series = SeriesSet(info.started_ms)
        rec.resumed_series.load(columns, gaps)
        if downtime is not None:
            writer.write_gap(info.id, None, downtime)
        for record in events:
            if record.kind == "milestone":
                rec.milestones.append(milestone_from_record(record))
            elif record.kind == "highlight":
                h = highlight_from_record(record)
                rec.highlights[h.uid] = h
            elif record.kind == "segment":
                seg = segment_from_record(record)
                rec.segments[seg.uid] = seg
        return rec, [rec._register(src) for src in sources], history

    def _register(self, source: Source) -> SourceInfo:
        si = self.repo.add_source(self.info.id, source.kind, source.label, source.config())
        self.sources[si.id] = source
        return si

    def about(self) -> dict[str, str]:
        """The session as its sources may tell their clients (`SourceContext.about`)."""
        return {"title": self.info.title, "streamer": self.info.streamer.name}

    def feed_source(self, source: Source, label: str) -> int:
        """A labelled feed of `source` (a second browser tab posting to the
        same push-ingest endpoint) as a source of this session of its own:
        made once, or found again when the session is resumed. Called on the
        source's thread (`SourceContext.feed`): it writes the source's row."""
        parent = next(i for i, s in self.sources.items() if s is source)
        with self._feeds_lock:  # every post of a feed after its first: a lookup
            known = self._feeds.get((parent, label))
        if known is not None:
            return known
        name = f"{source.label.split(' :')[0]} · {label}"
        # The database under a lock of its own: `ingest` takes `_feeds_lock`
        # for every sample, and a slow server must not hold up other sources;
        # two first posts of one name still make one row.
        with self._feed_rows_lock:
            with self._feeds_lock:
                known = self._feeds.get((parent, label))
            if known is not None:
                return known
            mine = (source.kind, name)
            rows = self.repo.sources(self.info.id)
            found = [si.id for si in rows if (si.kind, si.label) == mine]
            sid = (
                found[0]
                if found
                else self.repo.add_source(self.info.id, source.kind, name, {"feed": label}).id
            )
            with self._feeds_lock:
                self._feeds[(parent, label)] = sid
            return sid

    def keep_event(self, record: EventRecord) -> None:
        """An event a source made (`SourceContext.keep`: a suspect screen
        read), handed to the writer; one of the same uid replaces it. Called
        on the source's thread (the writer's queue takes it from any)."""
        if not self.stopped:
            self.writer.write_event(self.info.id, record)

    # -- the consumer thread ---------------------------------------------------------
    def ingest(self, source_id: int, samples: Sequence[Sample]) -> list[Milestone]:
        """Take a batch from a source; returns the milestones it reached. A
        labelled feed's samples (`Sample.source` "<kind>:<label>") are stored
        under the feed's own source."""
        if self.stopped or not samples:
            return []
        self.stats.extend(samples)
        routes: dict[int, list[Sample]] = {}
        for s in samples:
            target = source_id
            _kind, sep, label = s.source.partition(":")
            if sep:
                with self._feeds_lock:
                    target = self._feeds.get((source_id, label), source_id)
            routes.setdefault(target, []).append(s)
        for target, group in routes.items():
            self.writer.write_samples(self.info.id, target, group)
        found: list[Milestone] = []
        alerts: list[Alert] = []
        for s in samples:
            found += self.engine.feed(s)
            alerts += self.alerts.feed(s)
        for a in alerts:
            self._alert(a)
        for m in found:
            title = m.describe(self._fmt)
            self.milestones.append(m)
            self.writer.write_event(self.info.id, milestone_record(m, title))
            # A starting level is told once, quietly: nothing happened on camera.
            if self.auto_highlights and m.kind is not MilestoneKind.JOINED:
                # The editors read the highlight's title in the operator's language.
                shown = m.describe(self._fmt, lambda text: tr(text, "milestones"))
                self.put_highlight(from_milestone(m, shown, self.preroll_s))
        return found

    # -- alerts ----------------------------------------------------------------------
    def _alert(self, a: Alert) -> None:
        self.fired_alerts.append(a)
        self._new_alerts.append(a)
        record = EventRecord(new_uid(), a.ts_ms, "alert", a.describe(self._fmt), a.to_dict())
        self.writer.write_event(self.info.id, record)

    def take_alerts(self) -> list[Alert]:
        """The alerts fired since the last call (by `ingest` or `tick`), oldest
        first; each is stored already (an event of kind "alert")."""
        out, self._new_alerts = self._new_alerts, []
        return out

    def tick(self) -> list[Alert]:
        """Let time pass on the session's clock ("no order for 10 minutes"
        fires between readings): call about once a second. Returns the alerts
        fired since the last `take_alerts`, as `take_alerts` does."""
        if not self.stopped:
            self._check_clock()
            for a in self.alerts.tick(self.session_now_ms()):
                self._alert(a)
        return self.take_alerts()

    def describe_alert(self, a: Alert) -> str:
        """An alert in the user's language and number style."""
        return a.describe(self._fmt, translate)

    # -- highlights ------------------------------------------------------------------
    def put_highlight(self, h: Highlight) -> None:
        """Add a highlight, or replace the one with the same uid (an edit)."""
        self.highlights[h.uid] = h
        self.writer.write_event(self.info.id, highlight_record(h))

    # -- segments --------------------------------------------------------------------
    @property
    def running_segment(self) -> Segment | None:
        return next((s for s in self.segments.values() if s.end_ms is None), None)

    def put_segment(self, seg: Segment) -> None:
        self.segments[seg.uid] = seg
        self.writer.write_event(self.info.id, segment_record(seg))

    def start_segment(self, name: str) -> Segment:
        """Start a named segment now (ending the one running, if any)."""
        now = self.session_now_ms()
        self.end_segment(now)
        seg = start_segment(name, now)
        self.put_segment(seg)
        return seg

    def end_segment(self, at_ms: int | None = None) -> Segment | None:
        running = self.running_segment
        if running is None:
            return None
        done = replace(running, end_ms=self.session_now_ms() if at_ms is None else at_ms)
        self.put_segment(done)
        return done

    def delete_highlight(self, uid: str) -> Highlight | None:
        h = self.highlights.pop(uid, None)
        if h is not None:
            self.writer.delete_event(self.info.id, uid)
        return h

    def record_gap(self, source_id: int | None, gap: Gap) -> None:
        if not self.stopped:
            self.writer.write_gap(self.info.id, source_id, gap)
            self.alerts.gap(gap)

    def elapsed(self) -> float:
        """The session clock's seconds since the start (a wall-clock jump does
        not change them). A simulated session's time is its newest sample's."""
        if self._simulated:
            return self.stats.snapshot().elapsed_s
        return self.clock.elapsed_s()

    def session_now_ms(self) -> int:
        """ "Now" on the session's timeline: the session clock (simulated
        sessions run ahead of the wall: their newest sample's time)."""
        if self._simulated:
            return self.info.started_ms + round(self.elapsed() * 1000)
        return self.clock.now_ms()

    # -- the clock -------------------------------------------------------------------
    def _check_clock(self) -> None:
        """Watch the wall clock against the session's (`tick` and `heartbeat`
        call it, once a second): a jump is logged by the clock, stored as an
        event of kind "clock" and kept for `take_clock_jumps`."""
        jump = self.clock.check()
        if jump is None:
            return
        if self._simulated:  # placed on the simulated timeline, like everything else
            jump = replace(jump, at_ms=self.session_now_ms(), elapsed_s=self.elapsed())
        self._clock_jumps.append(jump)
        payload = {"delta_ms": jump.delta_ms, "offset_ms": jump.offset_ms, "shown": jump.shown}
        record = EventRecord(new_uid(), jump.at_ms, "clock", jump.describe(self._fmt), payload)
        self.writer.write_event(self.info.id, record)

    def take_clock_jumps(self) -> list[ClockJump]:
        """The wall-clock jumps found since the last call, oldest first (each
        logged and stored already); those with `shown` set are to be told to
        the operator (`describe_clock_jump`)."""
        out, self._clock_jumps = self._clock_jumps, []
        return out

    def describe_clock_jump(self, jump: ClockJump) -> str:
        """A clock jump in the user's language and number style."""
        return jump.describe(self._fmt, translate)

    def snapshot(self) -> StatsSnapshot:
        return self.stats.snapshot(self.elapsed())

    def heartbeat(self) -> None:
        """Keep the stored summary current (also proves the recorder is alive)."""
        if not self.stopped:
            self._check_clock()
            self.writer.update_summary(self.info.id, summary_from_stats(self.snapshot()))

    def stop(self) -> SessionInfo:
        """End the session: commit everything, write the end time and summary.
        Blocks on the writer: call off the GUI thread."""
        if self.stopped:
            return self.info
        snap = self.snapshot()
        self.end_segment(self.info.started_ms + round(snap.elapsed_s * 1000))
        self.stopped = True
        # While the database cannot be written, what waits stays with the
        # writer (memory, then an emergency file): no point waiting long.
        self.writer.flush(10.0 if self.writer.health().ok else 1.0, fold_session=self.info.id)
        ended = self.info.started_ms + round(snap.elapsed_s * 1000)
        self.pending_end = (ended, summary_from_stats(snap))
        return self.finish_end()

    def finish_end(self) -> SessionInfo:
        """Write the end `stop` worked out: again after it failed (a full
        disk), once the database takes writes. Raises `SessionNotClosedError`
        while it cannot be written; call off the GUI thread."""
        if self.pending_end is None:
            return self.info
        ended, summary = self.pending_end
        try:
            self.info = self.repo.end_session(self.info.id, ended, summary)
        except SQLAlchemyError as exc:
            if self.writer.spools and classify(exc) == "offline":
                # The team server does not answer: the end waits in the
                # offline spool with the samples and reaches it in order.
                self.writer.end_session(self.info.id, ended, summary)
                self.info = replace(
                    self.info, ended_ms=ended, status=SessionStatus.ENDED, summary=summary
                )
                self.pending_end = None
                return self.info
            raise SessionNotClosedError(
                QT_TRANSLATE_NOOP(
                    "storage",
                    "Session {id} could not be marked as ended in the database ({error}). "
                    "Its stored samples are kept; it shows as interrupted until you close it "
                    "(genbo close {id}) or resume it.",
                ),
                id=self.info.id,
                error=str(getattr(exc, "orig", None) or exc),
            ) from exc
        self.pending_end = None
        try:
            save_session_curves(self.repo, self.info)
        except (StorageError, SQLAlchemyError) as exc:  # built from samples when asked
            log.warning("could not store the minute curves of session %s: %s", self.info.id, exc)
        try:
            self.month_change = month_change(self.repo, self.info)
        except (StorageError, SQLAlchemyError) as exc:
            log.warning("could not read the month of session %s: %s", self.info.id, exc)
        return self.info


# -- references and the month -------------------------------------------------------------


def dwell_reference(repo: Repository, streamer_id: int, before_ms: int) -> dict[str, float]:
    """The streamer's median average dwell (seconds) over their previous
    `MEDIAN_SESSIONS` finished sessions, as the 复盘 figures take it, for the
    "dwell below the median" rule ({} without any). Reads the database."""
    previous = repo.streamer_history(streamer_id, before_ms=before_ms, limit=MEDIAN_SESSIONS)
    values = [figure_values(s.summary)["avg_dwell"] for s in previous]
    present = [Decimal(v) for v in values if v is not None]
    if not present:
        return {}
    return {"dwell_seconds": float(statistics.median(present))}


@dataclass(frozen=True)
class MonthChange:
    """A streamer's month GMV (YYYYMM) without and with one session."""

    month: int
    before_fen: int
    after_fen: int


def month_change(repo: Repository, info: SessionInfo) -> MonthChange | None:
    """The month the session counts in, and the streamer's GMV in it before and
    after it (None when there is no month row). Where the platform's own
    monthly figure is the month's GMV, a session does not move it."""
    month = info.local_day // 100 if info.local_day else None
    if month is None:
        return None
    rows = [r for r in repo.month_totals(month) if r.streamer_id == info.streamer.id]
    if not rows:
        return None
    after, basis = month_gmv(rows[0])
    gained = (info.summary.gmv_fen or 0) if basis is GmvBasis.RECORDED else 0
    return MonthChange(month, max(0, after - gained), after)


# -- the team chat --------------------------------------------------------------------------


class NoticeSender(Protocol):
    """What `SessionNotices` needs of `app.notify.dispatcher.Dispatcher`."""

    def send(self, notice: Notice) -> int: ...


def notify_targets(settings: Settings) -> list[Target]:
    """The team-chat targets of the settings; one that cannot be used is left
    out with a warning in the log."""
    out: list[Target] = []
    for i, d in enumerate(settings.notify_targets, start=1):
        try:
            out.append(Target.from_dict(d))
        except TargetError as exc:
            log.warning("team-chat target %d left out: %s", i, exc.english)
    return out


class SessionNotices:
    """What the team chat hears of one session: going live, major milestones
    (with the moment card when there is one), alerts, the end-of-session
    summary and a monthly GMV threshold passed. Sending only queues
    (`Dispatcher.send`); nothing here waits on the network."""

    def __init__(
        self,
        sender: NoticeSender,
        info: SessionInfo,
        fmt: NumberFormat | None = None,
        thresholds_fen: Sequence[int] = (),
    ) -> None:
        self.sender = sender
        self.info = info
        self.fmt = fmt or number_format()
        self.thresholds_fen = tuple(thresholds_fen)

    @property
    def _name(self) -> str:
        return self.info.streamer.name

    def went_live(self) -> int:
        info = self.info
        return self.sender.send(
            payloads.go_live(
                self._name,
                info.started_ms,
                info.utc_offset_min,
                title=info.title or None,
                session_id=info.id,
            )
        )

    def milestone(self, m: Milestone, card: Path | bytes | None = None) -> int:
        """A major crossing (大屏破百万); other milestones are not sent."""
        if not m.major or m.kind is MilestoneKind.JOINED:
            return 0
        try:
            notice = payloads.milestone(
                self._name,
                m,
                self.fmt,
                started_ms=self.info.started_ms,
                card=card,
                session_id=self.info.id,
            )
        except OSError as exc:  # the card went missing: the words go without it
            log.warning("moment card %s not sent: %s", card, exc)
            notice = payloads.milestone(
                self._name, m, self.fmt, started_ms=self.info.started_ms, session_id=self.info.id
            )
        return self.sender.send(notice)

    def moment_video(self, m: Milestone, video: Path) -> int:
        """A major milestone's moment video, for the robots that take files
        (the file is read when it is sent)."""
        if not m.major or m.kind is MilestoneKind.JOINED:
            return 0
        return self.sender.send(
            payloads.moment_video(
                self._name,
                m,
                self.fmt,
                video,
                started_ms=self.info.started_ms,
                session_id=self.info.id,
            )
        )

    def alert(self, a: Alert) -> int:
        text = a.describe(self.fmt, translate, self.info.started_ms)
        return self.sender.send(
            payloads.rule_alert(self._name, text, rule=a.rule, session_id=self.info.id)
        )

    def ended(self, info: SessionInfo, change: MonthChange | None) -> int:
        """The summary, and each monthly threshold the session took the month past."""
        self.info = info
        n = self.sender.send(
            payloads.session_summary(self._name, info.summary, self.fmt, session_id=info.id)
        )
        if change is None:
            return n
        month = f"{change.month // 100:04d}-{change.month % 100:02d}"
        yuan = tuple(t // 100 for t in self.thresholds_fen)
        for t in payloads.crossed_thresholds(change.before_fen, change.after_fen, yuan):
            n += self.sender.send(
                payloads.threshold_crossed(self._name, month, t, change.after_fen, self.fmt)
            )
        return n
