"""One session on screen: header, tiles and plots. Used live and read-only."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QDesktopServices,
    QGuiApplication,
    QKeyEvent,
    QResizeEvent,
    QUndoCommand,
)
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.config.settings import Settings
from app.core.alerts import Alert
from app.core.clock import ClockJump
from app.core.figures import Comparison
from app.core.highlights import Highlight, with_note
from app.core.metrics import Gap
from app.core.milestones import Milestone, MilestoneKind
from app.core.numbers import format_elapsed
from app.core.segments import Segment, SegmentStats, segment_stats
from app.core.series import SeriesSet
from app.core.session import SessionDetail, SessionInfo, SessionStatus, now_ms
from app.core.stats import StatsSnapshot
from app.runtime.live import LiveSession
from app.runtime.tasks import TaskRunner
from app.sources.base import SourceState, SourceStatus
from app.sources.ingest import IngestSource, pairing_text
from app.sources.screen import ScreenSource
from app.ui.dialogs.session import ManualEntryDialog
from app.ui.dialogs.suspect_reads import SuspectReadsDialog
from app.ui.view.channels import ChannelsView
from app.ui.view.event_feed import EventFeed
from app.ui.view.funnel import FunnelPanel, load_medians
from app.ui.view.ghost import GhostController
from app.ui.view.highlights import BannerStrip, HighlightsPanel, HighlightStore, StoredHighlights
from app.ui.view.moment_card import render_card
from app.ui.view.moment_video import VideoResult, moment_data
from app.ui.view.moment_videos import MomentVideos
from app.ui.view.paid import PaidPanel
from app.ui.view.plots import PlotPanel
from app.ui.view.quick_entry import QuickEntry
from app.ui.view.review_stats import ReviewStats, punctuality_text
from app.ui.view.segments import SegmentsPanel
from app.ui.view.tiles import TileBoard
from app.ui.widgets.format import (
    format_clock,
    format_datetime,
    format_typed,
    metric_label,
    number_format,
    source_label,
)
from app.ui.widgets.labels import FitLabel
from app.ui.widgets.style import set_tone
from app.ui.widgets.tabkeys import side_keys_tabs

TEXT_REFRESH_MS = 500
STREAMER_WHOLE_PX = 240
"""A streamer's name up to this wide is never cut in the header."""
NARROW_W = 1150
"""Below this width the side panel folds behind a toggle (a 1024 px laptop)."""
SIDE_W = 340
SEGMENT_NAME_W = 140
"""At most this many pixels of a running segment's name on its button."""
REVIEW_SIDE_W = 430
"""The side panel's width in a review, where it holds the 复盘 figures."""


def _tr_milestone(text: str) -> str:
    return QCoreApplication.translate("milestones", text)


def _is_joined(m: Milestone) -> bool:
    """The level a metric already had at its first reading: told, never celebrated."""
    return m.kind is MilestoneKind.JOINED


def _feed_kind(m: Milestone) -> str:
    return "info" if _is_joined(m) else "ok"


class MarkDone(QUndoCommand):
    """Undoing a mark removes it; the first redo is the mark itself (already done)."""

    def __init__(self, live: LiveSession, h: Highlight, text: str) -> None:
        super().__init__(text)
        self.live, self.h, self._first = live, h, True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self.live.put_highlight(self.h)

    def undo(self) -> None:
        self.live.delete_highlight(self.h.uid)


class SessionView(QWidget):
    exportRequested = Signal(object)
    clipsRequested = Signal(object)
    """Export the segments as a clip list (the `SessionInfo`)."""
    cardSaved = Signal(object)
    """The path of a moment card once written."""
    videoSaved = Signal(object)
    """The path of a moment video once made."""
    """The `SessionInfo` to export."""
    milestoneAlert = Signal(str, bool)
    """(text, major) for the window's tray and sound alerts."""
    teamVideo = Signal(object, object)
    """(Milestone, its moment video's Path) for the team chat robots that take
    files: a major milestone's video, made by itself, once saved."""
    teamMilestone = Signal(object, object)
    """(Milestone, its moment card's Path or None) for the team chat: a major
    milestone, once its card is saved (or at once when none is made)."""
    alertShown = Signal(object, str)
    """(Alert, its text) once shown in the feed, for the window's tray and team chat."""
    notesEdited = Signal(int, str)
    """(session id, notes) typed in the review: the window stores them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.follow_timer: QTimer | None = None
        self.shown_highlights: list[Highlight] = []
        """A stored session's highlights shown without a store: not editable
        (another operator's session on a team server, a read-only database)."""
        """Reads a session another computer records again (`MainWindow._follow`)."""
        self.live: LiveSession | None = None
        self.info: SessionInfo | None = None

        # The header's texts elide rather than widen the window (a long title
        # or source status made it unable to fit a laptop screen).
        self.streamer = FitLabel("", self, min_width=60)
        self.streamer.setObjectName("headerStreamer")
        self.title = FitLabel("", self, min_width=0)
        self.title.setObjectName("headerTitle")
        # "started 12 min late": read-only sessions with a planned start.
        self.punctuality = FitLabel("", self, min_width=60)
        self.punctuality.setObjectName("headerPunctuality")
        self.punctuality.hide()
        # Wide enough for "Read-only · Interrupted" before it is cut.
        self.status = FitLabel("", self, min_width=170)
        self.status.setObjectName("sourceStatus")
        self.clock = QLabel("0:00", self)
        self.clock.setObjectName("headerClock")
        self.clock.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        head = QHBoxLayout()
        head.setSpacing(12)
        head.addWidget(self.streamer)
        head.addWidget(self.title, 1)
        head.addWidget(self.punctuality)
        head.addWidget(self.status)
        self.mark_button = QPushButton(self.tr("★ Mark moment (H)"), self)
        self.mark_button.setObjectName("markButton")
        self.mark_button.setToolTip(
            self.tr(
                "Mark what just happened for the video editors; type a note right after "
                "(H, or Ctrl+M while typing numbers)"
            )
        )
        self.mark_button.clicked.connect(lambda: self.mark())
        self.mark_button.hide()
        head.addWidget(self.mark_button)
        self.segment_button = QPushButton(self.tr("▶ Segment (S)"), self)
        self.segment_button.setToolTip(
            self.tr(
                "Start a named segment, e.g. 讲解 商品A (S or Ctrl+Shift+S); "
                "end it with E or Ctrl+Shift+E"
            )
        )
        self.segment_button.clicked.connect(self.toggle_segment)
        self.segment_button.hide()
        head.addWidget(self.segment_button)
        self.export_button = QPushButton(self.tr("Export…"), self)
        self.export_button.setToolTip(
            self.tr("Highlights for video editors: chapters, EDL, Premiere, FCPXML, SRT, CSV, JSON")
        )
        self.export_button.clicked.connect(
            lambda: self.info is not None and self.exportRequested.emit(self.info)
        )
        head.addWidget(self.export_button)
        self.side_toggle = QToolButton(self)
        self.side_toggle.setText(self.tr("Side panel"))
        self.side_toggle.setCheckable(True)
        self.side_toggle.setToolTip(
            self.tr("Show or hide the events, highlights and segments (the window is narrow)")
        )
        self.side_toggle.toggled.connect(self._on_side_toggled)
        self.side_toggle.hide()
        head.addWidget(self.side_toggle)
        head.addWidget(self.clock)

        self.ingest_info = QLabel(self)
        self.ingest_info.setObjectName("ingestInfo")
        self.ingest_info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.ingest_info.setWordWrap(True)
        self.copy_curl = QPushButton(self.tr("Copy curl example"), self)
        self.copy_curl.clicked.connect(self._copy_curl)
        self._curl = ""
        self.install_companion = QPushButton(self.tr("Install browser companion"), self)
        self.install_companion.setToolTip(
            self.tr(
                "Opens the companion userscript in your browser: Tampermonkey or Violentmonkey "
                "installs it, already paired with this session's address and token."
            )
        )
        self.install_companion.clicked.connect(self._open_companion)
        self.copy_pairing = QPushButton(self.tr("Copy pairing"), self)
        self.copy_pairing.setToolTip(
            self.tr("For a companion installed before: paste it into its panel's Pair field.")
        )
        self.copy_pairing.clicked.connect(self._copy_pairing)
        self._ingest: IngestSource | None = None
        self.ingest_feeds = QLabel(self)
        self.ingest_feeds.setObjectName("ingestFeeds")
        self.ingest_feeds.setWordWrap(True)
        self.ingest_feeds.setTextFormat(Qt.TextFormat.PlainText)  # feed names come from posts
        self.ingest_feeds.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        ingest_row = QHBoxLayout()
        ingest_row.addWidget(self.ingest_info, 1)
        ingest_row.addWidget(self.install_companion)
        ingest_row.addWidget(self.copy_pairing)
        ingest_row.addWidget(self.copy_curl)
        ingest_col = QVBoxLayout()
        ingest_col.addLayout(ingest_row)
        ingest_col.addWidget(self.ingest_feeds)
        ingest_col.setContentsMargins(0, 0, 0, 0)
        self.ingest_box = QWidget(self)
        self.ingest_box.setLayout(ingest_col)
        ingest_row.setContentsMargins(0, 0, 0, 0)
        self.ingest_box.hide()
        self.screen_info = QLabel(self)
        self.screen_info.setObjectName("screenInfo")
        self.screen_info.setWordWrap(True)
        self.screen_info.setTextFormat(Qt.TextFormat.PlainText)
        self.suspects_button = QPushButton(self.tr("Suspect reads…"), self)
        self.suspects_button.setToolTip(
            self.tr("Reads kept out of the data: confirm, correct or dismiss them")
        )
        self.suspects_button.clicked.connect(self.open_suspects)
        screen_row = QHBoxLayout()
        screen_row.setContentsMargins(0, 0, 0, 0)
        screen_row.addWidget(self.screen_info, 1)
        screen_row.addWidget(self.suspects_button)
        self.screen_box = QWidget(self)
        self.screen_box.setLayout(screen_row)
        self.screen_box.hide()
        self._screen: ScreenSource | None = None
        self._suspects: SuspectReadsDialog | None = None
        self.strip = BannerStrip(self)
        self.banner = self.strip.banner
        self.note_edit = QLineEdit(self)
        self.note_edit.setObjectName("noteEntry")
        self.note_edit.hide()
        self.note_edit.returnPressed.connect(self._save_note)
        self.note_edit.installEventFilter(self)
        self._noting: Highlight | None = None
        self._focus_before: QWidget | None = None
        self._naming_segment = False
        self.entry = QuickEntry(self)
        self.entry.hide()
        self.entry.submitted.connect(self._on_entry)
        self.entry.formRequested.connect(self.open_form)
        self.tiles = TileBoard(self)
        self.plots = PlotPanel(parent=self)
        self.ghost = GhostController(self.plots, self.tiles.ghost, self)
        self.feed = EventFeed(self)
        self.feed.newestChanged.connect(self.strip.set_quiet)
        self.highlights = HighlightsPanel(self)
        self.highlights.jumpRequested.connect(self._jump)
        self.side = QTabWidget(self)
        self.side.addTab(self.feed, self.tr("Events"))
        self.side.addTab(self.highlights, self.tr("Highlights"))
        self.segments = SegmentsPanel(self)
        self.segments.jumpRequested.connect(self._jump)
        self.segments.exportRequested.connect(
            lambda: self.info is not None and self.clipsRequested.emit(self.info)
        )
        self.side.addTab(self.segments, self.tr("Segments"))
        self.funnel = FunnelPanel(self)
        self.side.addTab(self.funnel, self.tr("Funnel"))
        self.channels = ChannelsView(self)
        self.side.addTab(self.channels, self.tr("Sources"))
        self.side.setTabToolTip(self.side.count() - 1, self.tr("Traffic sources"))
        side_keys_tabs(self, self.side)
        self.split = QSplitter(Qt.Orientation.Horizontal, self)
        self.split.addWidget(self.plots)
        self.split.addWidget(self.side)
        self.split.setStretchFactor(0, 1)
        self.split.setStretchFactor(1, 0)
        self.split.setSizes([1220, SIDE_W])
        self.settings = Settings()
        self.store: HighlightStore | None = None
        self.cards_dir: Path | None = None
        """Where moment cards are saved; set by the window."""
        self.tasks: TaskRunner | None = None
        self.last_card: Path | None = None
        self._milestones: list[Milestone] = []
        self._review_segments: list[SegmentStats] = []
        self.review_stats: ReviewStats | None = None
        self.paid_panel: PaidPanel | None = None
        """The review's paid traffic (投流), once the window adds it."""
        """The 复盘 figures and notes (read-only sessions only)."""
        self.summary_note = QLabel(self)
        self.summary_note.setObjectName("summaryOnlyNote")
        self.summary_note.setWordWrap(True)
        self.summary_note.hide()
        self.highlights.card.clicked.connect(self.card_for_selected)
        self.highlights.openCardRequested.connect(self._open_last_card)
        self.highlights.openFolderRequested.connect(self._open_cards_folder)
        self.banner.card.clicked.connect(self._open_last_card)
        self.videos = MomentVideos(self)
        """The moment videos being made, one at a time."""
        self.videos.progress.connect(self.highlights.show_video_progress)
        self.videos.saved.connect(self._video_saved)
        self.videos.failed.connect(self._video_failed)
        self.highlights.video.clicked.connect(self.video_for_selected)
        self.highlights.openVideoRequested.connect(self._open_last_video)
        self.banner.video.clicked.connect(self._open_banner_video)
        self.banner.folder.clicked.connect(self._open_cards_folder)
        self._banner_moment_ms: int | None = None
        self._banner_video: Path | None = None
        self._team_videos: dict[int, Milestone] = {}
        """The milestones whose videos the team chat gets, by their moment."""
        self._narrow: bool | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 6, 8, 6)
        lay.setSpacing(6)
        lay.addLayout(head)
        lay.addWidget(self.note_edit)
        lay.addWidget(self.ingest_box)
        lay.addWidget(self.screen_box)
        lay.addWidget(self.entry)
        lay.addWidget(self.tiles)
        # The banner's own row, always there and always one line tall: it
        # covers nothing, and showing a banner moves nothing.
        lay.addWidget(self.strip)
        lay.addWidget(self.split, 1)
        lay.addWidget(self.summary_note)
        self._layout = lay

        self._text_timer = QTimer(self)
        self._text_timer.setInterval(TEXT_REFRESH_MS)
        self._text_timer.timeout.connect(self.refresh_text)

    def _set_header(self, info: SessionInfo) -> None:
        self.info = info
        self.streamer.setText(info.streamer.name)
        # Who is live is what the operator reads first: the title and the
        # source status give way before the name is cut.
        self.streamer.keep_whole(STREAMER_WHOLE_PX)
        self.title.setText(info.title or self.tr("(untitled session)"))
        self.title.setToolTip(
            self.tr("Started {start}").format(start=format_datetime(info.started_at, seconds=True))
        )

    # -- live ------------------------------------------------------------------------
    def show_live(self, live: LiveSession) -> None:
        if (
            self.videos.buffer is not None
        ):  # the last session's (its queued videos have their frames)
            self.videos.buffer.stop()
            self.videos.buffer = None
        self.live = live
        self._set_header(live.info)
        self._show_punctuality(live.info)  # "started 12 min late", live too
        live.sourceStatusChanged.connect(self._on_source_status)
        live.gapReported.connect(self._on_gap)
        live.milestonesReached.connect(self._on_milestones)
        live.alertsRaised.connect(self._on_alerts)
        live.clockJumped.connect(self._on_clock_jump)
        live.highlightsChanged.connect(self._refresh_highlights)
        live.segmentsChanged.connect(self._refresh_segments)
        self.segment_button.show()
        self.store = live
        self.highlights.attach(live, live.info.started_ms)
        self.mark_button.show()
        self.feed.clear(live.info.started_ms, live.info.utc_offset_min)
        self._last_state: dict[int, SourceState] = {}
        live.stopped.connect(self._on_stopped)
        self.tiles.set_live(True)
        self.plots.set_series(live.series, clock=live.elapsed)
        self._set_status_text(self.tr("Starting…"), "starting")
        # Shown for a session already running (a wall's tile opened as a tab):
        # what its sources said before this view was there.
        for sid, status in list(live.statuses.items()):
            if status.state is not SourceState.STARTING:
                self._on_source_status(sid, status)
        self.entry.latest = dict(live.recorder.stats.snapshot().latest)
        self.entry.target = live
        for m in live.recorder.milestones:
            self.feed.add(m.ts_ms, self._describe(m), _feed_kind(m))
        for a in live.recorder.fired_alerts:  # a resumed session's
            self.feed.add(a.ts_ms, self._describe_alert(a), "warning")
        for gap in live.recorder.resumed_gaps:
            self.feed.add_gap(gap.source, gap)
        self._refresh_highlights()
        self.entry.setVisible(live.manual_source_id is not None)
        self._load_ghost(live)
        self.funnel.update_from_series(live.series)
        self.channels.set_series(live.series, live=True)
        load_medians(
            live.tasks,
            live.recorder.repo,
            live.info,
            [self.funnel, self.channels],
            lambda: self.live is live,
        )
        self._text_timer.start()
        self.refresh_text()

    def _load_ghost(self, live: LiveSession) -> None:
        """Read the streamer's earlier sessions for the ghost line, off the GUI
        thread; a reply for a session no longer shown is dropped."""
        from app.session.compare import GhostReference, ghost_reference

        self.ghost.set_loading()
        repo, info = live.recorder.repo, live.info

        def done(ref: GhostReference | None) -> None:
            if self.live is live:
                self.ghost.set_reference(ref)
                self.ghost.update(live.recorder.snapshot())

        def failed(exc: BaseException) -> None:
            if self.live is live:
                self.ghost.set_failed(str(exc))

        live.tasks.submit(
            lambda: ghost_reference(repo, info.streamer.id, info.started_ms), done, failed
        )

    def refresh_text(self) -> None:
        if self.live is None:
            return
        snap = self.live.recorder.snapshot()
        self.clock.setText(format_elapsed(snap.elapsed_s))
        self.tiles.update_from(snap)
        if not self.live.ended:
            self.ghost.update(snap)
        self.entry.latest = dict(snap.latest)
        if self.live.recorder.segments:
            self._refresh_segments()
        self.plots.refresh_readout()
        self.funnel.update_from_series(self.live.series)  # both return at once while hidden
        self.channels.refresh()
        self._refresh_feeds()

    def _refresh_feeds(self) -> None:
        """What each feed of push ingest (a browser tab, a script) last did:
        when it posted, what, and its last refusal."""
        src = self._ingest
        if src is None or self.live is None:
            return
        fmt = number_format()
        now = self.live.recorder.session_now_ms()
        lines = []
        for st in src.feeds():
            name = st.label or self.tr("(no source name)")
            if st.last_post_ms is None:
                said = self.tr("nothing stored yet")
            else:
                ago = max(0, (now - st.last_post_ms) // 1000)
                values = " · ".join(
                    f"{metric_label(k)} {format_typed(k, v, fmt)}"
                    for k, v in sorted(st.values.items())
                )
                said = self.tr("last post {s} s ago ({n} in all): {values}").format(
                    n=fmt.grouped(st.posts), s=fmt.grouped(ago), values=values
                )
            if st.error and (st.last_post_ms is None or (st.error_ms or 0) >= st.last_post_ms):
                said += " · " + self.tr("refused: {why}").format(why=st.error)
            lines.append(f"{name}: {said}")
        text = "\n".join(lines) or self.tr(
            "Nothing has posted yet. Install the browser companion, or post with curl."
        )
        if self.ingest_feeds.text() != text:
            self.ingest_feeds.setText(text)

    def _on_source_status(self, source_id: int, status: SourceStatus) -> None:
        live = self.live
        if live is None:
            return
        src = live.recorder.sources.get(source_id)
        if isinstance(src, IngestSource):
            self._show_ingest(src, status)
        elif isinstance(src, ScreenSource):
            self._show_screen(src, status)
        self._feed_status(source_id, status)
        labels = {s.id: source_label(s.label) for s in live.source_infos}
        state_text = {
            SourceState.STARTING: self.tr("starting"),
            SourceState.LIVE: self.tr("live"),
            SourceState.STALE: self.tr("stale"),
            SourceState.STOPPED: self.tr("stopped"),
            SourceState.FINISHED: self.tr("finished"),
        }
        parts = []
        worst = "live"
        for sid, st in live.statuses.items():
            if labels.get(sid) == "Keyboard":
                continue
            text = f"{labels.get(sid, '?')}: {state_text[st.state]}"
            if st.state is SourceState.STALE and st.since_ms:
                since = format_clock(datetime.fromtimestamp(st.since_ms / 1000), seconds=True)
                text = self.tr("{source}: stale since {time}").format(
                    source=labels.get(sid, "?"), time=since
                )
            if st.detail and st.state is not SourceState.FINISHED:
                text += f" ({st.detail})"
            parts.append(text)
            if st.state in (SourceState.STALE, SourceState.STOPPED):
                worst = "bad"
            elif st.state is SourceState.FINISHED and worst == "live":
                worst = "finished"
        self._set_status_text(" · ".join(parts) or self.tr("Keyboard entry"), worst)
        self.status.setToolTip("\n".join(parts))

    def _set_status_text(self, text: str, kind: str) -> None:
        self.status.setText(text)
        self.status.setProperty("state", kind)
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)

    def _source_label(self, source_id: int) -> str:
        src = self.live.recorder.sources.get(source_id) if self.live else None
        return source_label(src.label) if src is not None else "?"

    def _feed_status(self, source_id: int, status: SourceStatus) -> None:
        before = self._last_state.get(source_id)
        self._last_state[source_id] = status.state
        if before == status.state or status.state is SourceState.STALE:
            return  # stale is told by the gap it opens
        label = self._source_label(source_id)
        ts = status.since_ms or now_ms()
        if status.state is SourceState.LIVE and before not in (None, SourceState.STARTING):
            self.feed.add(ts, self.tr("{source} is live again").format(source=label), "ok")
        elif (
            status.state is SourceState.STOPPED
            and status.detail
            and not (self.live is not None and self.live.stopping)
        ):
            self.feed.add(
                ts,
                self.tr("{source} stopped: {why}").format(source=label, why=status.detail),
                "error",
            )
        elif status.state is SourceState.FINISHED:
            self.feed.add(ts, self.tr("{source} finished").format(source=label), "info")

    # -- milestones and highlights ---------------------------------------------------
    def _describe(self, m: Milestone) -> str:
        return m.describe(
            number_format(), lambda text: QCoreApplication.translate("milestones", text)
        )

    def _on_milestones(self, found: list[Milestone]) -> None:
        """Crossings are celebrated; the level a metric had when Genbo joined
        (`JOINED`) is only told, quietly, in the feed."""
        for m in found:
            self.feed.add(m.ts_ms, self._describe(m), _feed_kind(m))
            if m.major and not _is_joined(m):
                if self.settings.moment_videos and self.make_video(
                    m.ts_ms, self._describe(m), milestone=m
                ):
                    self._team_videos[m.ts_ms] = m
                if self.settings.moment_cards and self.save_card(
                    self._describe(m), m.metric, m.value, m.ts_ms, m.major, milestone=m
                ):
                    continue  # told to the team once its card is saved
                self.teamMilestone.emit(m, None)
        crossings = [m for m in found if not _is_joined(m)]
        if not crossings:
            return
        newest = max(crossings, key=lambda m: (m.major, m.ts_ms))
        if self.settings.alert_banner and self.strip.show_milestone(
            self._describe(newest), newest.major
        ):
            self._banner_moment_ms = newest.ts_ms  # its video, once made, is offered there
        self.milestoneAlert.emit(self._describe(newest), newest.major)

    # -- alerts ----------------------------------------------------------------------
    def _describe_alert(self, a: Alert) -> str:
        return a.describe(number_format(), lambda ctx, text: QCoreApplication.translate(ctx, text))

    def _on_alerts(self, alerts: list[Alert]) -> None:
        """Rule alerts: in the feed (as warnings) and, quieter than a
        celebration, in the banner."""
        for a in alerts:
            text = self._describe_alert(a)
            self.feed.add(a.ts_ms, text, "warning")
            self.alertShown.emit(a, text)
        if not alerts or not self.settings.alert_banner:
            return
        text = self._describe_alert(alerts[-1])
        self.strip.show_milestone(text, False)
        if self.banner.text.text() == "☆  " + text:  # shown (a celebration keeps its place)
            self.banner.text.setText("⚠  " + text)

    def _on_clock_jump(self, jump: ClockJump) -> None:
        """The computer's clock moved by more than a minute: said in the feed
        (the session keeps its own time; smaller steps are only logged)."""
        if jump.shown and self.live is not None:
            self.feed.add(jump.at_ms, self.live.recorder.describe_clock_jump(jump), "warning")

    def current_highlights(self) -> list[Highlight]:
        if self.live is not None:
            return list(self.live.recorder.highlights.values())
        if isinstance(self.store, StoredHighlights):
            return list(self.store.highlights.values())
        return list(self.shown_highlights)

    def _refresh_highlights(self) -> None:
        hs = self.current_highlights()
        self.highlights.set_highlights(hs)
        started = self.info.started_ms if self.info else 0
        self.plots.set_highlights(
            [
                ((h.mark_ms - started) / 1000, h.title, h.major, h.major or h.origin == "manual")
                for h in hs
            ]
        )

    def mark(self, title: str | None = None) -> Highlight | None:
        """Mark "now" and offer a note line, without leaving the keyboard."""
        live = self.live
        if live is None or live.stopping:
            return None
        at = format_elapsed(max(0.0, live.elapsed() - self.settings.reaction_lag_s))
        h = live.mark(
            title or self.tr("Highlight at {time}").format(time=at),
            self.settings.reaction_lag_s,
            self.settings.preroll_s,
        )
        self.highlights.undo.push(MarkDone(live, h, self.tr("Mark moment")))
        self.side.setCurrentWidget(self.highlights)
        self._noting = h
        self._open_note_line(
            self.tr("Note for {time}: type what happened and #tags, Enter saves, Esc skips").format(
                time=at
            )
        )
        return h

    def _open_note_line(self, placeholder: str) -> None:
        """The one-line prompt under the header, for a highlight's note or a
        segment's name. Focus goes back where it was when the line closes, so
        the one-key shortcuts (H, S, E) keep working right after."""
        focused = QApplication.focusWidget()
        if focused is not self.note_edit:
            self._focus_before = focused
        self.note_edit.setPlaceholderText(placeholder)
        self.note_edit.clear()
        self.note_edit.show()
        self.note_edit.setFocus()

    def _close_note_line(self) -> None:
        back = self._focus_before
        self._focus_before = None
        self.note_edit.hide()
        if back is not None and back.isVisible() and back.isEnabled():
            back.setFocus()
        else:
            self.plots.graphics.setFocus()

    # -- segments --------------------------------------------------------------------
    def toggle_segment(self) -> None:
        live = self.live
        if live is None or live.stopping:
            return
        if live.recorder.running_segment is not None:
            self.end_segment()
        else:
            self.ask_segment_name()

    def ask_segment_name(self) -> None:
        if self.live is None or self.live.stopping:
            return
        self._naming_segment = True
        self._noting = None
        self._open_note_line(
            self.tr("Segment name, e.g. 讲解 商品A — Enter starts it, Esc cancels")
        )
        self.side.setCurrentWidget(self.segments)

    def end_segment(self) -> None:
        if self.live is not None and not self.live.stopping:
            self.live.end_segment()

    def _segment_stats(self) -> list[SegmentStats]:
        if self.live is not None:
            return segment_stats(
                self.live.recorder.segments.values(),
                self.live.series,
                self.live.recorder.session_now_ms(),
            )
        return self._review_segments

    def _refresh_segments(self) -> None:
        started = self.info.started_ms if self.info else 0
        stats = self._segment_stats()
        self.segments.set_stats(stats, started)
        self.plots.set_segments(
            [
                (
                    (st.segment.start_ms - started) / 1000,
                    (st.segment.start_ms - started) / 1000 + st.duration_s,
                    st.segment.name,
                )
                for st in stats
            ]
        )
        running = self.live.recorder.running_segment if self.live else None
        if running is not None:
            name = self.segment_button.fontMetrics().elidedText(
                running.name, Qt.TextElideMode.ElideRight, SEGMENT_NAME_W
            )
            self.segment_button.setText(self.tr("■ End “{name}” (E)").format(name=name))
            self.segment_button.setToolTip(running.name)
        else:
            self.segment_button.setText(self.tr("▶ Segment (S)"))

    def _save_note(self) -> None:
        if self._naming_segment:
            self._naming_segment = False
            name = self.note_edit.text().strip()
            self._close_note_line()
            if name and self.live is not None and not self.live.stopping:
                self.live.start_segment(name)
            return
        h = self._noting
        text = self.note_edit.text().strip()
        self._close_note_line()
        self._noting = None
        if h is None or not text or self.store is None:
            return
        new = with_note(h, text)
        current = self.live.recorder.highlights.get(h.uid) if self.live else None
        if current is not None:
            self.highlights.push(new, current, self.tr("Note on highlight"))

    # -- a narrow window -------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        """Below `NARROW_W` the side panel folds away behind a toggle, so the
        plots keep a readable width."""
        super().resizeEvent(event)
        narrow = event.size().width() < NARROW_W
        if narrow == self._narrow:
            return
        self._narrow = narrow
        self.side_toggle.setVisible(narrow)
        if narrow:
            self.side_toggle.setChecked(False)
            self.side.hide()
        else:
            self.side.show()
            self._balance_split()

    @property
    def side_collapsed(self) -> bool:
        return self.side.isHidden()

    def _on_side_toggled(self, on: bool) -> None:
        if not self._narrow:
            return
        self.side.setVisible(on)
        if on:
            self._balance_split()

    def _balance_split(self) -> None:
        """Give the side panel its usual width back when it reappears."""
        total = sum(self.split.sizes())
        side = max(SIDE_W, self.side.minimumSizeHint().width())
        if total > side and self.split.sizes()[1] < self.side.minimumSizeHint().width():
            self.split.setSizes([total - side, side])

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if (
            obj is self.note_edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
        ):
            self._noting = None
            self._naming_segment = False
            self._close_note_line()
            return True
        return super().eventFilter(obj, event)

    # -- moment cards ----------------------------------------------------------------
    def _series(self) -> SeriesSet | None:
        if self.live is not None:
            return self.live.series
        return self.plots.series

    def save_card(
        self,
        title: str,
        metric: str | None,
        value: float | None,
        ts_ms: int,
        major: bool,
        milestone: Milestone | None = None,
    ) -> bool:
        """Render a moment card now and write it off the GUI thread; False when
        there is nowhere to write it. A `milestone`'s card is handed on with it
        (`teamMilestone`) once written, or without it if it could not be."""
        if self.info is None or self.cards_dir is None or self.tasks is None:
            return False
        img = render_card(self.info, title, metric, value, ts_ms, self._series(), major)
        elapsed = format_elapsed((ts_ms - self.info.started_ms) / 1000).replace(":", "-")
        name = f"session{self.info.id}_{elapsed}_{metric or 'highlight'}.png"
        target = self.cards_dir / name
        cards_dir = self.cards_dir

        def write() -> Path:
            cards_dir.mkdir(parents=True, exist_ok=True)
            # PySide6's stub types `format` as bytes, but at runtime it
            # takes a str and rejects bytes with a ValueError.
            if not img.save(str(target), "PNG"):  # type: ignore[call-overload]
                raise OSError(f"could not write {target}")
            return target

        def saved(path: Path) -> None:
            self._card_saved(path)
            if milestone is not None:
                self.teamMilestone.emit(milestone, path)

        def failed(exc: BaseException) -> None:
            self._card_failed(exc)
            if milestone is not None:
                self.teamMilestone.emit(milestone, None)

        self.tasks.submit(write, saved, failed)
        return True

    def _feed_now_ms(self) -> int:
        """ "Now" on the session's clock, so the feed stays in order when a
        simulated show runs faster than the wall clock."""
        live = self.live
        return live.recorder.session_now_ms() if live is not None else now_ms()

    def _card_saved(self, path: Path) -> None:
        self.last_card = path
        self.banner.card.show()
        self.banner.folder.show()
        self.highlights.show_card_saved(path)
        text = self.tr("Moment card saved: {path}").format(path=path)
        self.feed.add(self._feed_now_ms(), text, "info")
        self.cardSaved.emit(path)

    def _card_failed(self, exc: BaseException) -> None:
        text = self.tr("Moment card not saved: {why}").format(why=exc)
        self.highlights.show_card_failed(str(exc))
        self.feed.add(self._feed_now_ms(), text, "error")

    def _open_last_card(self) -> None:
        if self.last_card is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_card)))

    def _open_cards_folder(self) -> None:
        folder = self.last_card.parent if self.last_card is not None else self.cards_dir
        if folder is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def _selected_moment(self) -> tuple[Highlight, Milestone | None] | None:
        """The highlight selected in the panel, and the milestone it was made
        for (its metric and line), if it was."""
        rows = self.highlights.table.selectionModel().selectedRows()
        h = self.highlights.highlight_at(rows[0].row()) if rows else None
        if h is None:
            return None
        milestones = self.live.recorder.milestones if self.live else self._milestones
        found = next((m for m in milestones if m.ts_ms == h.mark_ms and not _is_joined(m)), None)
        return h, found

    def card_for_selected(self) -> None:
        chosen = self._selected_moment()
        if chosen is None:
            return
        h, m = chosen
        metric, value = (m.metric, m.value) if m is not None else (None, None)
        self.save_card(h.title, metric, value, h.mark_ms, h.major or h.origin == "manual")

    # -- moment videos ---------------------------------------------------------------
    def make_video(
        self,
        ts_ms: int,
        title: str,
        milestone: Milestone | None = None,
        note: str = "",
        major: bool = True,
    ) -> bool:
        """Queue a moment video of the moment at `ts_ms` (made on the pool,
        one at a time); False when there is nowhere to make it."""
        if self.info is None or self.cards_dir is None or self.tasks is None:
            return False
        from app.session.moment_video import video_name

        self.videos.tasks, self.videos.folder = self.tasks, self.cards_dir
        data = moment_data(
            self.info,
            self._series(),
            ts_ms,
            title=title,
            milestone=milestone,
            note=note,
            major=major,
        )
        name = video_name(self.info, ts_ms, data.metric)
        seconds = min(20.0, max(10.0, float(self.settings.moment_video_s)))
        if not self.videos.make(data, name, seconds):
            return False
        self.highlights.show_video_progress(0.0, self.videos.queued)
        return True

    def video_for_selected(self) -> None:
        chosen = self._selected_moment()
        if chosen is None:
            return
        h, m = chosen
        self.make_video(h.mark_ms, h.title, m, note=h.note, major=h.major or h.origin == "manual")

    def _video_saved(self, result: VideoResult) -> None:
        self.highlights.show_video_saved(result.path)
        told = self._team_videos.pop(result.ts_ms, None)
        if told is not None:
            self.teamVideo.emit(told, result.path)
        if result.ts_ms == self._banner_moment_ms and not self.banner.isHidden():
            self._banner_video = result.path
            self.banner.video.show()
            self.banner.folder.show()
        text = self.tr("Moment video saved: {path}").format(path=result.path)
        self.feed.add(self._feed_now_ms(), text, "info")
        self.videoSaved.emit(result.path)

    def _video_failed(self, why: str) -> None:
        self.highlights.show_video_failed(why)
        text = self.tr("Moment video not made: {why}").format(why=why)
        self.feed.add(self._feed_now_ms(), text, "error")

    def _open_last_video(self) -> None:
        if self.videos.last is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.videos.last)))

    def _open_banner_video(self) -> None:
        """The video of the moment the banner shows."""
        if self._banner_video is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._banner_video)))

    def _keep_dashboard(self, src: ScreenSource) -> None:
        """While a screen layout is read live, keep its dashboard's last 20 s
        for the moment videos."""
        live = self.live
        if self.videos.buffer is not None or live is None or live.stopping:
            return
        if not self.settings.moment_videos:
            return
        from app.ui.widgets.dashboard_buffer import DashboardBuffer

        self.videos.buffer = DashboardBuffer(src.whole, live.recorder.session_now_ms, self)

    def _jump(self, ts_ms: int) -> None:
        if self.info is not None:
            self.plots.jump_to((ts_ms - self.info.started_ms) / 1000)

    def _on_gap(self, source_id: int, gap: Gap) -> None:
        self.feed.add_gap(self._source_label(source_id), gap)

    def _show_ingest(self, src: IngestSource, status: SourceStatus) -> None:
        if status.state is SourceState.LIVE and src.port:
            self.ingest_info.setText(
                self.tr("Push ingest: POST {url} · header Authorization: Bearer {token}").format(
                    url=src.url, token=src.token
                )
            )
            self._curl = (
                f"curl -X POST {src.url} -H 'Authorization: Bearer {src.token}' "
                "-H 'Content-Type: application/json' "
                """-d '{"metrics": {"viewers": 3500, "gmv": "1.2万"}}'"""
            )
            self._ingest = src
            self.ingest_box.show()
            self._refresh_feeds()
        elif status.state is SourceState.STOPPED:
            self.ingest_box.hide()

    def _show_screen(self, src: ScreenSource, status: SourceStatus) -> None:
        self._screen = src
        if status.state is SourceState.LIVE:
            self._keep_dashboard(src)
        n = src.open_suspects()
        self.suspects_button.setText(
            self.tr("Suspect reads ({n})…").format(n=n) if n else self.tr("Suspect reads…")
        )
        text = self.tr("Screen · {layout}: {detail}").format(
            layout=src.layout.name, detail=status.detail or "…"
        )
        if self.screen_info.text() != text:
            self.screen_info.setText(text)
        self.screen_box.show()

    def open_suspects(self) -> None:
        src = self._screen
        if src is None or self.info is None:
            return
        if self._suspects is not None and self._suspects.isVisible():
            self._suspects.raise_()
            return
        dlg = SuspectReadsDialog(src, self.info.utc_offset_min, self)
        dlg.open()
        self._suspects = dlg

    def _copy_curl(self) -> None:
        QGuiApplication.clipboard().setText(self._curl)

    def _companion_url(self) -> str:
        src = self._ingest
        return f"http://127.0.0.1:{src.port}/companion.user.js" if src is not None else ""

    def _open_companion(self) -> None:
        if self._ingest is not None:
            QDesktopServices.openUrl(QUrl(self._companion_url()))

    def _copy_pairing(self) -> None:
        src = self._ingest
        if src is not None:
            QGuiApplication.clipboard().setText(pairing_text(src.port or 0, src.token))

    def _on_entry(self, values: dict[str, int], ts_ms: int | None) -> None:
        if self.live is not None and not self.live.stopping:
            self.live.enter(values, ts_ms)
            self.refresh_text()

    def open_form(self) -> None:
        if self.live is None or self.live.stopping:
            return
        dlg = ManualEntryDialog(dict(self.entry.latest), self, check=self.entry.check_explained)

        def accepted() -> None:
            if dlg.entry is not None:
                self.entry.accept_entry(dlg.entry, dlg.ts_ms)

        dlg.accepted.connect(accepted)
        dlg.open()
        self._form = dlg

    def _on_stopped(self, info: SessionInfo) -> None:
        self.entry.hide()
        self.mark_button.hide()
        self.segment_button.hide()
        self.note_edit.hide()
        self.ingest_box.hide()
        self.screen_box.hide()
        if self.videos.buffer is not None:
            self.videos.buffer.stop()  # its frames stay for a video still to be made
        self.refresh_text()
        self._text_timer.stop()
        self.info = info
        self.plots.clear_clock()
        self.tiles.set_live(False)
        self.ghost.clear()
        self._refresh_segments()  # the stop ended the running one
        self._set_status_text(self.tr("Ended"), "ended")
        self.channels.set_live(False)  # its last, partial minute too

    # -- read-only -------------------------------------------------------------------
    def show_finished(
        self,
        info: SessionInfo,
        series: SeriesSet,
        snapshot: StatsSnapshot,
        gaps: Sequence[Gap] = (),
        milestones: Sequence[Milestone] = (),
        store: StoredHighlights | None = None,
        segments: Sequence[Segment] = (),
        comparison: Comparison | None = None,
        alerts: Sequence[Alert] = (),
    ) -> None:
        """A stored session, read-only. With `comparison`, the side panel's
        first tab is the 复盘: every figure against the streamer's median,
        and the notes."""
        self.live = None
        self.entry.hide()
        self._show_stored(info, series, snapshot, gaps, milestones, segments, alerts)
        self.plots.set_series(series, clock=None)
        self.store = store
        self.highlights.attach(store, info.started_ms)
        self.mark_button.hide()
        self._refresh_highlights()
        if comparison is not None:
            stats = self._make_review_stats(info, comparison)
            self.side.insertTab(0, stats, self.tr("复盘"))
            self.side.setTabToolTip(
                0, self.tr("The session's figures against the streamer's median, and your notes")
            )
            self.side.setCurrentIndex(0)
            total = sum(self.split.sizes()) or self.width()
            side = max(REVIEW_SIDE_W, stats.minimumSizeHint().width())
            self.split.setSizes([max(total - side, 1), side])

    def _show_stored(
        self,
        info: SessionInfo,
        series: SeriesSet,
        snapshot: StatsSnapshot,
        gaps: Sequence[Gap],
        milestones: Sequence[Milestone],
        segments: Sequence[Segment],
        alerts: Sequence[Alert],
    ) -> None:
        """The header, figures, feed and segments of a stored session (the
        plots are the caller's: a followed one keeps its view)."""
        self._set_header(info)
        self._show_punctuality(info)
        status_text = {
            SessionStatus.ENDED: self.tr("Ended"),
            SessionStatus.INTERRUPTED: self.tr("Interrupted"),
            SessionStatus.LIVE: self.tr("Still recording elsewhere"),
        }[info.status]
        self._set_status_text(self.tr("Read-only · {status}").format(status=status_text), "ended")
        self.clock.setText(format_elapsed(info.summary.duration_s))
        self.tiles.set_live(False)
        self.tiles.update_from(snapshot)
        self.funnel.update_from_series(series)
        self.channels.set_series(series, live=False)
        self.feed.clear(info.started_ms, info.utc_offset_min)
        for gap in gaps:
            self.feed.add_gap(gap.source, gap)
        for m in milestones:
            self.feed.add(m.ts_ms, self._describe(m), _feed_kind(m))
        for a in alerts:
            self.feed.add(a.ts_ms, self._describe_alert(a), "warning")
        self._milestones = list(milestones)
        # A session a crash cut off has no end: a segment left running then
        # counts up to its last sample.
        end = info.ended_ms or info.started_ms + round(series.last_time() * 1000)
        self._review_segments = segment_stats(segments, series, end)
        self._refresh_segments()
        self.segment_button.hide()

    def follow(
        self,
        info: SessionInfo,
        series: SeriesSet,
        snapshot: StatsSnapshot,
        gaps: Sequence[Gap] = (),
        milestones: Sequence[Milestone] = (),
        segments: Sequence[Segment] = (),
        alerts: Sequence[Alert] = (),
        highlights: Sequence[Highlight] = (),
    ) -> None:
        """A session another computer is recording, read again from the
        team server (every `FOLLOW_EVERY_MS`): the figures, feed and plots
        move on, the plots following its newest minutes until it ends."""
        self._show_stored(info, series, snapshot, gaps, milestones, segments, alerts)
        live = info.status is SessionStatus.LIVE
        if live:
            who = (
                self.tr("recorded by {operator}").format(operator=info.operator)
                if info.operator
                else self.tr("recorded on another computer")
            )
            self._set_status_text(
                self.tr("Following · {who} · read {time}, a few seconds behind").format(
                    who=who, time=format_clock(datetime.now(), seconds=True)
                ),
                "live",
            )
            self.clock.setText(format_elapsed(series.last_time()))
        self.plots.set_series(series, clock=(lambda: series.last_time()) if live else None)
        if self.store is None:
            self.shown_highlights = list(highlights)
        self._refresh_highlights()

    def follow_failed(self, since_ms: int) -> None:
        """The team server did not answer the last reads (since `since_ms`):
        what is shown is what was read then."""
        self._set_status_text(
            self.tr(
                "Following · the team server does not answer since {time}; showing what was "
                "read then"
            ).format(time=format_clock(datetime.fromtimestamp(since_ms / 1000), seconds=True)),
            "bad",
        )

    def show_summary_only(self, info: SessionInfo, comparison: Comparison) -> None:
        """A session of which only the figures are stored (a platform's
        session list): its review is the 复盘 panel, and a plain sentence
        says why there is nothing else."""
        self.live = None
        self.entry.hide()
        self._set_header(info)
        self._show_punctuality(info)
        self._set_status_text(self.tr("Read-only · Summary only"), "ended")
        self.clock.setText(format_elapsed(info.summary.duration_s))
        for w in (self.tiles, self.strip, self.split, self.side_toggle, self.mark_button):
            w.hide()
        self.segment_button.hide()
        self.export_button.hide()
        self.summary_note.setText(
            self.tr(
                "No samples were recorded for this session: only its summary figures are "
                "stored (from the platform's session list), so there are no plots, events "
                "or highlights to show."
            )
        )
        self.summary_note.show()
        stats = self._make_review_stats(info, comparison)
        stats.set_wide(True)
        self._layout.addWidget(stats, 1)

    def add_paid_panel(self, panel: PaidPanel) -> None:
        """The review's paid traffic (投流): a side-panel tab after the 复盘
        (in a summary-only review, a tab beside its figures)."""
        self.paid_panel = panel
        tip = self.tr(
            "Paid traffic: the ad report's spend, GMV and ROI per window (T0/T15/T30, "
            "千川 T7), typed or imported, and the spend recorded live"
        )
        if self.is_summary_only and self.review_stats is not None:
            tabs = QTabWidget(self)
            self._layout.replaceWidget(self.review_stats, tabs)
            tabs.addTab(self.review_stats, self.tr("复盘"))
            tabs.addTab(panel, self.tr("Paid traffic"))
            tabs.setTabToolTip(1, tip)
            return
        at = 1 if self.review_stats is not None else 0
        self.side.insertTab(at, panel, self.tr("Paid traffic"))
        self.side.setTabToolTip(at, tip)

    def _make_review_stats(self, info: SessionInfo, comparison: Comparison) -> ReviewStats:
        stats = ReviewStats(self)
        stats.set_data(info, comparison)
        stats.notesEdited.connect(self.notesEdited)
        self.review_stats = stats
        return stats

    def _show_punctuality(self, info: SessionInfo) -> None:
        text, late = punctuality_text(info)
        self.punctuality.setText(text)
        set_tone(self.punctuality, "late" if late else "soft")
        if info.planned_start_ms is not None:
            planned = replace(info, started_ms=info.planned_start_ms).started_at
            self.punctuality.setToolTip(
                self.tr("Planned start {planned}").format(planned=format_clock(planned))
            )
        self.punctuality.setVisible(bool(text))
        self.punctuality.keep_whole(200)

    @property
    def is_summary_only(self) -> bool:
        return self.info is not None and self.info.detail is SessionDetail.SUMMARY
