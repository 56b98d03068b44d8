"""The main window: the live session, the library, the roster, and opened
reviews and comparisons as tabs."""

from __future__ import annotations

import base64
import binascii
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QByteArray, QCoreApplication, Qt, QTimer, Signal, SignalInstance
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QGuiApplication,
    QHideEvent,
    QKeySequence,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.config.paths import AppPaths
from app.config.secret_store import SecretStore
from app.config.settings import (
    Settings,
    alert_rules_from_settings,
    rules_from_settings,
    save_settings,
    update_settings,
)
from app.core.alerts import Alert
from app.core.highlights import highlight_record
from app.core.metrics import Sample
from app.core.milestones import Milestone
from app.core.session import SessionDetail, SessionInfo, SessionStatus, SourceInfo, now_ms
from app.exports import ExportInput, ExportOptions, ExportResult, export
from app.notify.dispatcher import Dispatcher, Result
from app.runtime.live import LiveSession
from app.runtime.tasks import Progress, TaskRunner
from app.session.library import LibraryReview, load_library_review
from app.session.recording import SessionNotices, SessionRecorder, notify_targets
from app.session.review import ReviewData, load_export_input, load_review
from app.session.team import OfflineStart
from app.sources.manual import ManualSource
from app.sources.screen import ScreenSource
from app.sources.simulator import DEMO_STREAMER, SimulatorSource
from app.storage.database import Database, StorageError
from app.storage.repository import Repository
from app.storage.writer import DatabaseWriter
from app.ui.dialogs.export import REPORT_PDF, REPORT_PNG, ExportDialog
from app.ui.dialogs.session import NewSessionDialog, NewSessionSpec
from app.ui.library.library import LibraryView
from app.ui.library.roster import RosterView
from app.ui.shell.application import start_size
from app.ui.shell.mini import MINI_KEY, MiniWindow, clamp_opacity
from app.ui.shell.storage_banner import StorageBanner
from app.ui.shell.tray import Tray
from app.ui.shell.wall_host import WallHost
from app.ui.view.funnel import FunnelPanel, load_medians
from app.ui.view.highlights import StoredHighlights
from app.ui.view.plots import FOLLOW_WINDOWS_S
from app.ui.view.session_view import SessionView
from app.ui.widgets.format import format_datetime, format_month_day_time, number_format
from app.ui.widgets.labels import FitLabel
from app.ui.widgets.progress import progress_to_bar
from app.ui.widgets.screen_grab import ScreenGrabber
from app.ui.widgets.style import THEMES, apply_theme, current_scheme, scheme_name, theme_plots

log = logging.getLogger(__name__)

IDLE_CHECK_MS = 30 * 60 * 1000
"""How often the database is checked (SQLite's quick check) while nothing is live."""

WINDOW_STATE_FILENAME = "window-state.json"
WINDOW_STATE_VERSION = 1
"""The window's place, its splitters and open tabs, in the config dir (not the
settings: nobody edits these)."""

NOTIFY_CLOSE_S = 3.0
"""How long quitting waits for the team chat to take what is queued (the rest
is kept in the spool)."""

HISTORY_LIVE_REFRESH_MS = 5000
"""How often the library's page is read again while it is shown and a session
is live (the live session's figures move on)."""

FOLLOW_EVERY_MS = 5000
"""How often the review of a session another computer is recording is read
again from the team server: what it shows is this much (and the recorder's
quarter-second commit) behind."""


@dataclass
class AppContext:
    """What the composition root hands the window."""

    paths: AppPaths
    settings: Settings
    db: Database
    repo: Repository
    writer: DatabaseWriter
    tasks: TaskRunner
    secrets: SecretStore = field(default_factory=SecretStore)
    offline: OfflineStart | None = None
    """Started without its team server: working on this computer's offline
    database for it (`app.session.team`)."""


Interrupted = tuple[SessionInfo, int, int | None]
"""An interrupted session, its stored sample count and its newest sample's time."""


class InterruptedBanner(QFrame):
    resumeRequested = Signal(int)
    closeRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("interruptedBanner")
        self.session_id: int | None = None
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.resume = QPushButton(self.tr("Resume recording"), self)
        self.close_it = QPushButton(self.tr("End this session"), self)
        self.close_it.setToolTip(
            self.tr(
                "End it for good without resuming; History keeps it as interrupted. "
                "Its stored samples are kept and its summary is rebuilt from them."
            )
        )
        self.resume.clicked.connect(lambda: self._emit(self.resumeRequested))
        self.close_it.clicked.connect(lambda: self._emit(self.closeRequested))
        lay = QHBoxLayout(self)
        lay.setContentsMargins(10, 6, 10, 6)
        lay.addWidget(self.text, 1)
        lay.addWidget(self.resume)
        lay.addWidget(self.close_it)
        self.hide()

    def _emit(self, signal: SignalInstance) -> None:
        if self.session_id is not None:
            signal.emit(self.session_id)

    def show_for(
        self, info: SessionInfo, samples: int, more: int, last_sample_ms: int | None = None
    ) -> None:
        self.session_id = info.id
        fmt = number_format()
        values = {
            "id": info.id,
            "streamer": info.streamer.name,
            "start": format_datetime(info.started_at),
            "n": fmt.count(samples),
        }
        # When its recorder was last known to run: its last heartbeat or its
        # newest stored sample, whichever is later.
        known = [t for t in (info.last_seen_ms, last_sample_ms) if t is not None]
        if known and max(known) > info.started_ms:
            values["at"] = fmt.duration((max(known) - info.started_ms) / 1000)
            text = self.tr(
                "Session {id} of {streamer} (started {start}) was interrupted {at} into "
                "the session and never stopped."
            ).format(**values)
        else:
            text = self.tr(
                "Session {id} of {streamer} (started {start}) was interrupted and never stopped."
            ).format(**values)
        if samples == 1:
            kept = self.tr("The one sample that reached the database is kept.")
        elif samples:
            kept = self.tr("All {n} samples that reached the database are kept.")
        else:
            kept = self.tr("No samples had reached the database.")
        text += " " + kept.format(**values)
        if more:
            text += " " + self.tr("({n} more interrupted sessions after this one.)").format(
                n=fmt.count(more)
            )
        self.text.setText(text)
        self.show()


class MainWindow(QMainWindow):
    liveStarted = Signal(object)
    """Emitted with the `LiveSession` once it is running (tests wait on it)."""
    reviewOpened = Signal(object)
    """Emitted with the `SessionView` when a past session is shown."""
    compareOpened = Signal(object)
    """Emitted with the compare view when a comparison is shown."""
    notesSaved = Signal(object)
    """Emitted with the `SessionInfo` once a review's notes are stored."""
    notifyResult = Signal(object)
    """A team-chat `Result` (emitted on a dispatcher thread, delivered queued)."""

    def __init__(self, ctx: AppContext, confirm: bool = True) -> None:
        super().__init__()
        self.ctx = ctx
        self.confirm = confirm
        """Ask before stopping a live session or quitting (tests turn it off)."""
        self.live: LiveSession | None = None
        self._grabber: ScreenGrabber | None = None
        self._interrupted: list[Interrupted] = []
        self.setWindowTitle(self.tr("Genbo 跟播"))
        self.resize(*start_size(self))

        self._build_actions()
        self.banner = InterruptedBanner(self)
        self.banner.resumeRequested.connect(self.resume_session)
        self.banner.closeRequested.connect(self.close_interrupted)

        # Live tab: a placeholder until a session starts, then the session view.
        self.live_stack = QStackedWidget(self)
        self.placeholder = self._build_placeholder()
        self.live_view = SessionView(self)
        self.live_stack.addWidget(self.placeholder)
        self.live_stack.addWidget(self.live_view)
        self.live_view.plots.followChanged.connect(lambda _on: self._on_tab_changed(-1))
        self.live_view.settings = ctx.settings
        self.live_view.tiles.ghost.set_kind(ctx.settings.ghost_baseline)
        self.live_view.cards_dir = ctx.paths.data_dir / "cards"
        self.live_view.tasks = ctx.tasks
        self.live_view.milestoneAlert.connect(self._alert)
        self.live_view.teamMilestone.connect(self._team_milestone)
        self.live_view.teamVideo.connect(self._team_video)
        self.live_view.alertShown.connect(self._on_alert_shown)
        self.notices: SessionNotices | None = None
        """What the team chat hears of the live session."""
        self.notifyResult.connect(self._on_notify_result, Qt.ConnectionType.QueuedConnection)
        self.notify = Dispatcher(
            notify_targets(ctx.settings),
            ctx.secrets,
            on_result=self.notifyResult.emit,
            spool_dir=ctx.paths.data_dir,
        )
        self.wall_host = WallHost(ctx, self.notify, self._alert, self)
        """The Wall tab: up to twelve sessions at once, each its own `LiveSession`."""
        self.wall_host.openRequested.connect(self.open_wall_session)
        self.wall_host.reviewRequested.connect(self.open_review)  # a teammate's tile
        self.wall_host.recorded_here = self._recording_here
        self.wall_host.wallOpened.connect(lambda _w: self._after_wall_change())
        self.wall_host.wallClosed.connect(self._after_wall_change)
        self.wall_host.entry.leaveRequested.connect(lambda: self.wall_host.view.setFocus())
        self.wall_host.entry.window_keys = (QKeySequence("Ctrl+End"), QKeySequence("Ctrl+Home"))
        self.live_view.entry.leaveRequested.connect(self._leave_entry)
        self.live_view.entry.window_keys = (QKeySequence("Ctrl+End"), QKeySequence("Ctrl+Home"))
        self.live_view.exportRequested.connect(self.open_export)
        self.live_view.clipsRequested.connect(lambda info: self.open_export(info, "clips"))
        self.tray = Tray(
            self.windowIcon(),
            mark=self.mark_moment,
            show_hide=self.toggle_shown,
            mini=self.mini_action,
            stop=self.stop_action,
            quit_app=self.quit_from_tray,
            parent=self,
        )
        self.mini = MiniWindow(self, clamp_opacity(ctx.settings.mini_opacity))
        self.mini.backRequested.connect(lambda: self.set_mini_mode(False))
        self.mini.markRequested.connect(self._mark_from_mini)
        self.mini.opacityChanged.connect(self._on_mini_opacity)
        self._mini_place: object = None
        """Where the mini window was (its `position()`), from the window state."""
        self._review_split: list[int] | None = None
        self._live_split: list[int] | None = None
        self._closed = False
        self._plots_scheme = "light"
        self._restoring: list[int] | None = None
        self._restore_current: object = None

        self.library = LibraryView(ctx.repo, ctx.tasks, self)
        self.history = self.library
        """The library's former name (the History tab grew into it)."""
        self.library.openRequested.connect(self.open_review)
        self.library.pageShown.connect(self._update_history_timer)  # a teammate's live one
        self.library.compareRequested.connect(self.open_compare)
        self.library.importRequested.connect(self.open_import)
        self.library.sessionChanged.connect(self._on_session_changed)
        self.library.errorOccurred.connect(self._show_error)
        self.roster = self._build_roster()
        self.roster.followRequested.connect(self.follow_streamers)
        self._roster_read = False
        self._history_timer = QTimer(self)
        self._history_timer.setInterval(HISTORY_LIVE_REFRESH_MS)
        self._history_timer.timeout.connect(self.refresh_history)

        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.setTabsClosable(True)
        self.tabs.tabCloseRequested.connect(self._close_tab)
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.tabs.addTab(self.live_stack, self.tr("Live"))
        self.tabs.addTab(self.wall_host, self.tr("Wall"))
        self.tabs.setTabToolTip(1, self.tr("Follow up to twelve streamers at once"))
        self.tabs.addTab(self.library, self.tr("Library"))
        self.tabs.addTab(self.roster, self.tr("Roster"))
        self._fixed_tabs = (self.live_stack, self.wall_host, self.library, self.roster)
        for i in range(len(self._fixed_tabs)):
            self.tabs.tabBar().setTabButton(i, self.tabs.tabBar().ButtonPosition.RightSide, None)

        central = QWidget(self)
        lay = QVBoxLayout(central)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.banner)
        self.storage_banner = StorageBanner(self.ctx.paths.database, self)
        lay.addWidget(self.storage_banner)
        lay.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

        # The database path can be long (--data-dir): it is cut, never widening the window.
        self.db_label = FitLabel("", self, min_width=80)
        self.load_progress = QProgressBar(self)
        self.load_progress.setRange(0, 100)
        self.load_progress.setMaximumWidth(260)
        self.load_progress.setTextVisible(True)
        self.load_progress.hide()
        self.statusBar().addPermanentWidget(self.load_progress)
        self.statusBar().addPermanentWidget(self.db_label)
        diagnostics = QToolButton(self)
        diagnostics.setDefaultAction(self.diagnostics_action)
        diagnostics.setAutoRaise(True)
        self.statusBar().addPermanentWidget(diagnostics)
        self._status_timer = QTimer(self)
        self._status_timer.setInterval(1000)
        self._status_timer.timeout.connect(self._update_status_bar)
        self._status_timer.start()
        self._update_status_bar()
        # A file too large to check at every start is checked while idle.
        self._check_timer = QTimer(self)
        self._check_timer.setInterval(IDLE_CHECK_MS)
        self._check_timer.timeout.connect(self.check_database_when_idle)
        self._check_timer.start()
        self._update_actions()
        self._on_tab_changed(-1)
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_system_scheme)
        self.apply_theme()

    # -- construction helpers --------------------------------------------------------
    def _build_actions(self) -> None:
        tb = self.addToolBar(self.tr("Session"))
        tb.setObjectName("sessionToolbar")
        tb.setMovable(False)
        self.new_action = QAction(self.tr("New session…"), self)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_action.triggered.connect(self.ask_new_session)
        self.stop_action = QAction(self.tr("Stop session"), self)
        self.stop_action.setShortcut(QKeySequence("Ctrl+."))
        self.stop_action.triggered.connect(self.stop_session)
        self.follow_action = QAction(self.tr("Follow live"), self)
        self.follow_action.setCheckable(True)
        self.follow_action.setChecked(True)
        self.follow_action.setShortcut(QKeySequence("F"))
        self.follow_action.setToolTip(
            self.tr(
                "Follow the newest data, on or off (F). Back to live: End, "
                "or Ctrl+End while typing numbers"
            )
        )
        self.follow_action.triggered.connect(self._on_follow_triggered)
        # End always goes back to live (F toggles). The Ctrl forms of End and
        # Home work while typing in the entry line too (it lets them through).
        self.live_action = QAction(self.tr("Back to live"), self)
        self.live_action.setShortcuts([QKeySequence("End"), QKeySequence("Ctrl+End")])
        self.live_action.triggered.connect(self._follow_live)
        self.addAction(self.live_action)
        self.show_all_action = QAction(self.tr("Whole session"), self)
        self.show_all_action.setShortcuts([QKeySequence("Home"), QKeySequence("Ctrl+Home")])
        self.show_all_action.setToolTip(
            self.tr("Show the whole session (Home, or Ctrl+Home while typing numbers)")
        )
        self.show_all_action.triggered.connect(lambda: self._current_view_plots_show_all())
        self.mark_action = QAction(self.tr("Mark moment"), self)
        # The bare letters work while no text field has focus; the Ctrl forms work
        # while typing numbers in the entry line too.
        self.mark_action.setShortcuts([QKeySequence("H"), QKeySequence("Ctrl+M")])
        self.mark_action.triggered.connect(self.mark_moment)
        self.addAction(self.mark_action)
        self.undo_action = QAction(self.tr("Undo highlight change"), self)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.triggered.connect(self._undo)
        self.addAction(self.undo_action)
        self.redo_action = QAction(self.tr("Redo highlight change"), self)
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        self.redo_action.triggered.connect(self._redo)
        self.addAction(self.redo_action)
        self.segment_action = QAction(self.tr("Start a segment"), self)
        self.segment_action.setShortcuts([QKeySequence("S"), QKeySequence("Ctrl+Shift+S")])
        self.segment_action.triggered.connect(lambda: self._live_view_do("ask_segment_name"))
        self.addAction(self.segment_action)
        self.end_segment_action = QAction(self.tr("End the segment"), self)
        self.end_segment_action.setShortcuts([QKeySequence("E"), QKeySequence("Ctrl+Shift+E")])
        self.end_segment_action.triggered.connect(lambda: self._live_view_do("end_segment"))
        self.addAction(self.end_segment_action)
        self.entry_action = QAction(self.tr("Type numbers"), self)
        self.entry_action.setShortcut(QKeySequence("Ctrl+L"))
        self.entry_action.triggered.connect(self.focus_entry)
        self.addAction(self.entry_action)
        self.history_action = QAction(self.tr("Library"), self)
        self.history_action.setShortcut(QKeySequence("Ctrl+H"))
        self.history_action.setToolTip(
            self.tr("Every stored session: search, review, compare (Ctrl+H)")
        )
        self.history_action.triggered.connect(self.show_library)
        self.roster_action = QAction(self.tr("Roster"), self)
        self.roster_action.setShortcut(QKeySequence("Ctrl+R"))
        self.roster_action.setToolTip(self.tr("The streamers' month and the leap ladder (Ctrl+R)"))
        self.roster_action.triggered.connect(self.show_roster)
        self.addAction(self.roster_action)
        self.import_action = QAction(self.tr("Import…"), self)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.setToolTip(
            self.tr("Import a session from Genbo's JSON export or a CSV of minutes (Ctrl+I)")
        )
        self.import_action.triggered.connect(self.open_import)
        self.addAction(self.import_action)
        self.ads_import_action = QAction(self.tr("Import ad report…"), self)
        self.ads_import_action.setShortcut(QKeySequence("Ctrl+Shift+I"))
        self.ads_import_action.setToolTip(
            self.tr(
                "Import a 磁力金牛 or 千川 ad report (CSV or XLSX): spend, GMV and ROI "
                "per day and plan (Ctrl+Shift+I)"
            )
        )
        self.ads_import_action.triggered.connect(self.open_ads_import)
        self.addAction(self.ads_import_action)
        self.settings_action = QAction(self.tr("Settings…"), self)
        self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.settings_action.setToolTip(
            self.tr("Milestones, alerts, highlights, language and look (Ctrl+,)")
        )
        self.settings_action.triggered.connect(self.open_settings)
        self.addAction(self.settings_action)
        self.diagnostics_action = QAction(self.tr("Diagnostics…"), self)
        self.diagnostics_action.setShortcut(QKeySequence("Ctrl+Shift+D"))
        self.diagnostics_action.setToolTip(
            self.tr(
                "Versions, paths, the database's size and health, the sources' status and "
                "the last log lines (secrets masked), to copy into a bug report (Ctrl+Shift+D)"
            )
        )
        self.diagnostics_action.triggered.connect(self.open_diagnostics)
        self.addAction(self.diagnostics_action)
        self.mini_action = QAction(self.tr("Mini window"), self)
        self.mini_action.setCheckable(True)
        self.mini_action.setShortcut(QKeySequence(MINI_KEY))
        self.mini_action.setToolTip(
            self.tr(
                "A small always-on-top window with the live numbers, to keep beside "
                "the broadcast; {key} again (or double-click it) comes back"
            ).format(key=QKeySequence(MINI_KEY).toString(QKeySequence.SequenceFormat.NativeText))
        )
        self.mini_action.triggered.connect(self.set_mini_mode)
        self.addAction(self.mini_action)
        for a in (self.new_action, self.stop_action):
            tb.addAction(a)
        tb.addSeparator()
        tb.addAction(self.follow_action)
        self.window_combo = QComboBox(self)
        self.window_combo.setToolTip(self.tr("How much recent history to show while following"))
        for seconds in FOLLOW_WINDOWS_S:
            label = (
                self.tr("All")
                if seconds is None
                else self.tr("Last {n} min").format(n=seconds // 60)
            )
            self.window_combo.addItem(label, seconds)
        current = FOLLOW_WINDOWS_S.index(
            self.ctx.settings.follow_window_s
            if self.ctx.settings.follow_window_s in FOLLOW_WINDOWS_S
            else 15 * 60
        )
        self.window_combo.setCurrentIndex(current)
        self.window_combo.currentIndexChanged.connect(self._on_window_changed)
        tb.addWidget(self.window_combo)
        tb.addAction(self.show_all_action)
        tb.addSeparator()
        tb.addAction(self.history_action)
        tb.addAction(self.import_action)
        tb.addAction(self.ads_import_action)
        tb.addSeparator()
        alerts = QToolButton(self)
        alerts.setText(self.tr("Alerts"))
        alerts.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(alerts)
        st = self.ctx.settings
        self.alert_actions = {}
        for key, text in (
            ("alert_banner", self.tr("Banner in the window")),
            ("alert_tray", self.tr("System notification")),
            ("alert_sound", self.tr("Sound")),
            ("auto_highlights", self.tr("Milestones become highlights")),
        ):
            act = menu.addAction(text)
            act.setCheckable(True)
            act.setChecked(bool(getattr(st, key)))
            act.toggled.connect(lambda on, k=key: self._set_alert(k, on))
            self.alert_actions[key] = act
        alerts.setMenu(menu)
        tb.addWidget(alerts)
        tb.addAction(self.mini_action)
        theme = QToolButton(self)
        theme.setText(self.tr("Theme"))
        theme.setToolTip(self.tr("Light or dark, or as the desktop is"))
        theme.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        theme_menu = QMenu(theme)
        group = QActionGroup(theme_menu)
        self.theme_actions: dict[str, QAction] = {}
        names = {
            "system": self.tr("As the system"),
            "light": self.tr("Light"),
            "dark": self.tr("Dark"),
        }
        for key in THEMES:
            act = theme_menu.addAction(names[key])
            act.setCheckable(True)
            act.setChecked(st.theme == key or (key == "system" and st.theme not in THEMES))
            act.triggered.connect(lambda _on=False, k=key: self.set_theme(k))
            group.addAction(act)
            self.theme_actions[key] = act
        theme.setMenu(theme_menu)
        tb.addWidget(theme)
        tb.addAction(self.settings_action)

    def _build_placeholder(self) -> QWidget:
        w = QWidget(self)
        lay = QVBoxLayout(w)
        lay.addStretch(1)
        msg = QLabel(
            self.tr("No live session. Start one to follow a broadcast, or try the built-in demo."),
            w,
        )
        msg.setAlignment(Qt.AlignmentFlag.AlignCenter)
        msg.setObjectName("placeholderText")
        lay.addWidget(msg)
        row = QHBoxLayout()
        row.addStretch(1)
        new = QPushButton(self.tr("New session…"), w)
        new.clicked.connect(self.ask_new_session)
        demo = QPushButton(self.tr("Start demo"), w)
        demo.clicked.connect(lambda: self.start_demo())
        row.addWidget(new)
        row.addWidget(demo)
        row.addStretch(1)
        lay.addLayout(row)
        lay.addStretch(2)
        return w

    # -- state -----------------------------------------------------------------------
    def _update_actions(self) -> None:
        live = self.live is not None and not self.live.stopping
        self.stop_action.setEnabled(live)
        self.new_action.setEnabled(not live)
        self._update_tray()

    def _update_status_bar(self) -> None:
        ws = self.ctx.writer.stats()
        fmt = number_format()
        where = self.ctx.paths.database_label
        if self.ctx.offline is not None:
            where = self.tr("{path} (offline, for {server})").format(
                path=self.ctx.offline.path, server=self.ctx.offline.server
            )
        text = self.tr("Database {path} · {rows} values written since start").format(
            path=where, rows=fmt.grouped(ws.rows_written)
        )
        health = self.ctx.writer.health()
        if not health.ok:
            text += " · " + self.tr("not written: see the red strip above")
        self.db_label.setText(text)
        self.storage_banner.update_from(health)
        live = self.live
        if live is not None and live.end_pending and health.ok:
            live.retry_end()  # stopped on a full disk: its end goes in now
        if health.ok and self.wall_host.wall is not None:
            self.wall_host.wall.retry_ends()

    def check_database_when_idle(self) -> None:
        """SQLite's quick check, off the GUI thread, while nothing is live; a
        damaged file is moved aside and recovered at once (`recovery`), and
        the window says what happened and where the old file is."""
        if (self.live is not None and not self.live.ended) or self.ctx.tasks.busy:
            return
        if self.ctx.db.sqlite_path is None or self.ctx.db.read_only:
            return
        db = self.ctx.db

        def work() -> object:
            from app.storage.recovery import FileProblem, quick_check, rescue_in_place

            found = quick_check(db)
            if found is None:
                return None
            return rescue_in_place(db, FileProblem("corrupt", found))

        def done(rescued: object) -> None:
            if rescued is None:
                return
            text = rescued.describe(number_format().grouped)  # type: ignore[attr-defined]
            log.warning("%s", text)
            self.statusBar().showMessage(text, 60_000)
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                self.tr("Genbo"),
                self.tr(
                    "The database was found damaged. Genbo moved it aside, recovered what "
                    "it could and goes on with a fresh database."
                ),
                parent=self,
            )
            box.setInformativeText(text)
            box.open()
            self._rescue_box = box
            self.refresh_history()

        self.ctx.tasks.submit(work, done, lambda exc: log.warning("idle check failed: %s", exc))

    def _screen_grabber(self) -> ScreenGrabber:
        """The one grabber of this window's screen sources (made on first use)."""
        if self._grabber is None:
            self._grabber = ScreenGrabber(self)
        return self._grabber

    def _show_error(self, what: str, exc: BaseException) -> None:
        log.error("%s: %s", what, exc)
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Genbo"), what, parent=self)
        box.setInformativeText(str(exc))
        box.open()

    # -- live sessions ---------------------------------------------------------------
    def ask_new_session(self) -> None:
        if self.live is not None and not self.live.ended:
            return

        def open_dialog(streamers: list[str]) -> None:
            dlg = NewSessionDialog(
                streamers,
                self.ctx.secrets,
                self.ctx.tasks,
                self.ctx.settings.last_streamer,
                self.ctx.settings.demo_speed,
                self,
                data_dir=self.ctx.paths.data_dir,
            )
            for panel, kind in (
                (dlg.http, "http"), (dlg.ingest, "ingest"), (dlg.file, "file"),
                (dlg.screen_panel, "screen"), (dlg.sim, "simulator"),
            ):  # fmt: skip
                if panel is not None:
                    panel.setChecked(kind in self.ctx.settings.default_sources)

            def start() -> None:
                if dlg.spec is not None:
                    self.start_session(dlg.spec)

            dlg.accepted.connect(start)
            dlg.open()
            self._dialog = dlg

        self.ctx.tasks.submit(
            lambda: [s.name for s in self.ctx.repo.list_streamers()],
            open_dialog,
            lambda e: self._show_error(self.tr("Could not read the streamer list."), e),
        )

    def start_demo(self, speed: float | None = None, seed: int | None = None) -> None:
        speed = speed or self.ctx.settings.demo_speed
        title = self.tr("Demo session (simulated, {speed}× speed)").format(speed=f"{speed:g}")
        source = SimulatorSource(seed=seed, speed=speed)
        self.start_session(NewSessionSpec(DEMO_STREAMER, title, (source,)))

    def start_session(self, spec: NewSessionSpec) -> None:
        if self.live is not None and not self.live.ended:
            return
        self.new_action.setEnabled(False)
        repo, writer = self.ctx.repo, self.ctx.writer
        rules = rules_from_settings(self.ctx.settings)
        alert_rules = alert_rules_from_settings(self.ctx.settings)
        self.ctx.tasks.submit(
            lambda: SessionRecorder.start_new(
                repo,
                writer,
                spec.streamer,
                spec.title,
                (*spec.sources, ManualSource()),
                rules=rules,
                alert_rules=alert_rules,
            ),
            lambda result: self._on_recorder_ready(result[0], result[1], ()),
            lambda e: self._start_failed(e),
        )
        if spec.streamer != DEMO_STREAMER:
            self.ctx.settings.last_streamer = spec.streamer

    def _start_failed(self, exc: BaseException) -> None:
        self._update_actions()
        self._show_error(self.tr("The session could not be started. Nothing was recorded."), exc)

    def _on_recorder_ready(
        self, recorder: SessionRecorder, sources: list[SourceInfo], history: Sequence[Sample]
    ) -> None:
        recorder.auto_highlights = self.ctx.settings.auto_highlights
        recorder.preroll_s = self.ctx.settings.preroll_s
        for src in recorder.sources.values():
            if isinstance(src, ScreenSource) and src.capture is None:
                src.capture = self._screen_grabber()
        live = LiveSession(recorder, sources, self.ctx.tasks, history=history, parent=self)
        self.live_view.tiles.ghost.set_kind(self.ctx.settings.ghost_baseline)
        live.stopped.connect(self._on_live_stopped)
        live.failed.connect(
            lambda msg: self._show_error(
                self.tr("Stopping the session failed; its samples are kept."), RuntimeError(msg)
            )
        )
        self.live = live
        self.live_view.show_live(live)
        self.live_view.plots.set_follow_window(self.window_combo.currentData())
        self.live_stack.setCurrentWidget(self.live_view)
        if self._live_split is not None:
            self.live_view.split.setSizes(self._live_split)
        self.tabs.setCurrentIndex(0)
        live.start()
        # The built-in demo is simulated: the team chat never hears of it.
        demo = recorder.info.streamer.name == DEMO_STREAMER
        self.notices = None if demo else self._session_notices(recorder)
        if self.notices is not None and recorder.resumed_series is None:
            self.notices.went_live()  # a resume went live before
        self.mini.set_live(live)
        self._update_actions()
        self._on_tab_changed(-1)
        self.refresh_history()  # the new (or resumed) session is listed as live
        self.liveStarted.emit(live)

    def stop_session(self) -> None:
        live = self.live
        if live is None or live.stopping:
            return
        if not self.confirm:
            self._stop_now()
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Stop session"),
            self.tr("Stop following {streamer}? The session is saved and closed.").format(
                streamer=live.info.streamer.name
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Stop and save"))
        box.accepted.connect(self._stop_now)
        box.open()
        self._stop_box = box

    def _stop_now(self) -> None:
        if self.live is None or self.live.stopping:
            return
        self.live.stop()
        self._update_actions()

    def _on_live_stopped(self, info: SessionInfo) -> None:
        self._tell_ended(info)
        self._update_actions()
        self.mini.set_live(None)
        self._on_tab_changed(-1)
        self.statusBar().showMessage(
            self.tr("Session {id} stopped and saved.").format(id=info.id), 8000
        )
        self.refresh_history()
        self._update_history_timer()

    # -- the team chat ---------------------------------------------------------------
    def _session_notices(self, recorder: SessionRecorder) -> SessionNotices:
        from app.core.roster import thresholds_from_yuan

        return SessionNotices(
            self.notify,
            recorder.info,
            number_format(),
            thresholds_from_yuan(self.ctx.settings.leap_ladder),
        )

    def _team_milestone(self, m: Milestone, card: Path | None) -> None:
        notices = self.notices
        if notices is None or not self.notify.targets:
            return
        if card is None:
            notices.milestone(m)
        else:  # the card's bytes are read on the pool
            self.ctx.tasks.submit(lambda: notices.milestone(m, card))

    def _team_video(self, m: Milestone, video: Path) -> None:
        """A major milestone's moment video, to the robots that take files."""
        notices = self.notices
        if notices is not None and self.notify.targets:
            notices.moment_video(m, video)

    def _on_alert_shown(self, a: Alert, text: str) -> None:
        self._alert(text, False)
        if self.notices is not None:
            self.notices.alert(a)

    def _tell_ended(self, info: SessionInfo) -> None:
        notices, self.notices = self.notices, None
        if notices is not None and self.live is not None:
            notices.ended(info, self.live.recorder.month_change)

    def _on_notify_result(self, result: Result) -> None:
        """A failure is told in the status bar and the live feed; the dispatcher
        keeps the notice and tries again later."""
        if result.ok or self._closed:
            return
        text = self.tr("Team chat: “{notice}” not sent to {target}: {why}").format(
            notice=result.notice.title, target=result.target.name, why=result.why
        )
        if result.kept:
            text += " " + self.tr("(kept: it is sent again later)")
        log.warning("team chat: %s not sent to %s", result.notice.event, result.target.name)
        self.statusBar().showMessage(text, 15_000)
        if self._session_is_live():
            assert self.live is not None
            self.live_view.feed.add(self.live.recorder.session_now_ms(), text, "error")

    # -- milestones and highlights ---------------------------------------------------
    def _alert(self, text: str, major: bool) -> None:
        st = self.ctx.settings
        if st.alert_tray:
            self.tray.tell("Genbo", text)
        if st.alert_sound:
            QApplication.beep()

    def _set_alert(self, key: str, on: bool) -> None:
        setattr(self.ctx.settings, key, on)
        if key == "auto_highlights":
            for live in (self.live, *self.wall_host.live_sessions()):
                if live is not None:
                    live.recorder.auto_highlights = on

    def _focused_target(self) -> SessionView | WallHost | None:
        """What the session keys (H, S, E, Ctrl+L) act on: the wall's focused
        tile on the Wall tab, the session of a session tab that is live, else
        the Live tab's session (shown first); else the wall's focused tile."""
        w = self.tabs.currentWidget()
        if w is self.wall_host:  # it says so when the focused tile follows nothing
            return self.wall_host if self.wall_host.wall is not None else None
        if isinstance(w, SessionView) and w.live is not None and not w.live.stopping:
            return w
        if self.live is not None and not self.live.stopping:
            self.tabs.setCurrentIndex(0)
            return self.live_view
        if self.wall_host.focused_live() is not None:
            self.tabs.setCurrentWidget(self.wall_host)
            return self.wall_host
        return None

    def _live_view_do(self, method: str) -> None:
        target = self._focused_target()
        if target is not None:
            getattr(target, method)()

    def mark_moment(self) -> None:
        target = self._focused_target()
        if target is not None:
            target.mark()

    def _undo(self) -> None:
        if self.tabs.currentWidget() is self.library and self.library.undo_trash():
            return
        if self.tabs.currentWidget() is self.wall_host:
            self.wall_host.undo.undo()
            return
        view = self._current_session_view()
        if view is not None:
            view.highlights.undo.undo()

    def _redo(self) -> None:
        if self.tabs.currentWidget() is self.wall_host:
            self.wall_host.undo.redo()
            return
        view = self._current_session_view()
        if view is not None:
            view.highlights.undo.redo()

    def open_export(self, info: SessionInfo, fmt: str | None = None) -> ExportDialog:
        repo, writer = self.ctx.repo, self.ctx.writer

        def run(fmt: str, opt: ExportOptions, report: Progress) -> ExportResult:
            writer.flush()  # include what was marked a moment ago
            if fmt in (REPORT_PDF, REPORT_PNG):
                return _report_file(repo, info.id, fmt, report)
            data: ExportInput
            if fmt == "xlsx":
                from app.session.report import load_workbook_input

                data = load_workbook_input(
                    repo, info.id, progress=lambda f, _t: report(0.6 * f, "reading")
                )
            else:
                data = load_export_input(
                    repo,
                    info.id,
                    with_samples=fmt == "json",
                    progress=lambda f: report(0.6 * f, "reading"),
                )
            return export(fmt, data, opt, progress=lambda f: report(0.6 + 0.4 * f, "writing"))

        dlg = ExportDialog(info, self.ctx.tasks, run, self)
        if fmt is not None:
            dlg.format.setCurrentIndex(dlg.format.findData(fmt))
        dlg.open()
        self._export_dialog = dlg
        return dlg

    def _leave_entry(self) -> None:
        """Esc in the entry line: the plots take the focus, so the one-key
        shortcuts (F, Home, H …) work again."""
        self.live_view.plots.graphics.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_entry(self) -> None:
        w = self.tabs.currentWidget()
        if w is self.wall_host and self.wall_host.wall is not None:
            self.wall_host.focus_entry()
            return
        target = self._focused_target()
        if isinstance(target, WallHost):
            target.focus_entry()
        elif isinstance(target, SessionView):
            target.entry.edit.setFocus()
            target.entry.edit.selectAll()

    # -- the wall --------------------------------------------------------------------
    def open_wall(self, config: object) -> bool:
        """Follow the sessions of a `WallConfig` on the Wall tab."""
        from app.session.wall import WallConfig

        assert isinstance(config, WallConfig)
        self.tabs.setCurrentWidget(self.wall_host)
        return self.wall_host.open_wall(config)

    def follow_streamers(self, streamer_ids: list[int]) -> None:
        """The roster's Follow: a wall of these streamers, each with the
        sources of its newest session (read off the GUI thread)."""
        from app.session.wall import WALL_MAX, wall_from_streamers

        if not streamer_ids:
            return
        if len(streamer_ids) > WALL_MAX:
            fmt = number_format()
            self._show_error(
                self.tr("A wall follows at most {n} streamers.").format(n=fmt.count(WALL_MAX)),
                ValueError(
                    self.tr("{n} are selected: select fewer.").format(
                        n=fmt.count(len(streamer_ids))
                    )
                ),
            )
            return
        repo = self.ctx.repo

        def made(config: object) -> None:
            self.open_wall(config)

        self.ctx.tasks.submit(
            lambda: wall_from_streamers(repo, streamer_ids),
            made,
            lambda e: self._show_error(
                self.tr(
                    "The wall could not be made; nothing was started. Select the streamers "
                    "again and press Follow."
                ),
                e,
            ),
        )

    def open_wall_session(self, live: LiveSession) -> SessionView:
        """A wall session's full live view, as a tab (the wall stays live)."""
        for i in range(self.tabs.count()):
            w = self.tabs.widget(i)
            if isinstance(w, SessionView) and w is not self.live_view and w.live is live:
                self.tabs.setCurrentIndex(i)
                return w
        view = SessionView(self)
        view.exportRequested.connect(self.open_export)
        view.clipsRequested.connect(lambda info: self.open_export(info, "clips"))
        view.settings = self.ctx.settings
        view.cards_dir = self.ctx.paths.data_dir / "cards"
        view.tasks = self.ctx.tasks
        view.tiles.ghost.set_kind(self.ctx.settings.ghost_baseline)
        # Its tray, sound and team chat are the wall's (WallHost): not said twice.
        view.entry.window_keys = (QKeySequence("Ctrl+End"), QKeySequence("Ctrl+Home"))
        view.entry.leaveRequested.connect(
            lambda: view.plots.graphics.setFocus(Qt.FocusReason.ShortcutFocusReason)
        )
        view.show_live(live)
        view.plots.set_follow_window(self.window_combo.currentData())
        if self._live_split is not None:
            view.split.setSizes(self._live_split)
        if current_scheme() != "light":
            theme_plots(view, current_scheme())
        index = self.tabs.addTab(view, "● " + live.info.streamer.name)
        self.tabs.setTabToolTip(index, live.info.title)
        self.tabs.setCurrentIndex(index)
        self._on_tab_changed(-1)
        return view

    def _after_wall_change(self) -> None:
        """A wall opened or closed: the tabs of the old one's sessions go."""
        keep = set(self.wall_host.live_sessions())
        for i in reversed(range(self.tabs.count())):
            w = self.tabs.widget(i)
            if (
                isinstance(w, SessionView)
                and w is not self.live_view
                and w.live is not None
                and w.live is not self.live
                and w.live not in keep
            ):
                self._close_tab(i)
        self._update_actions()

    def tidy_library(self) -> None:
        """Once the window is up, off the GUI thread: empty the trash of old
        sessions and recompute the figures of sessions stored before Genbo
        kept them all (a year of them after an upgrade takes a while), with
        the progress in the status bar."""
        from app.session.library import tidy

        repo = self.ctx.repo

        def progress(fraction: float, _stage: str) -> None:
            self.statusBar().showMessage(
                self.tr("Updating the figures of earlier sessions… {p}").format(
                    p=number_format().percent(fraction, decimals=0)
                )
            )

        def done(result: tuple[int, int]) -> None:
            purged, recomputed = result
            if purged or recomputed:
                self.library.refresh()
                self.statusBar().showMessage(
                    self.tr(
                        "Library updated: {n} earlier sessions have all their figures; "
                        "{t} sessions left the trash after 30 days."
                    ).format(n=number_format().count(recomputed), t=number_format().count(purged)),
                    10_000,
                )

        self.ctx.tasks.submit_with_progress(
            lambda report: tidy(repo, lambda f: report(f, "figures")),
            progress,
            done,
            lambda exc: self._show_error(self.tr("The library could not be tidied."), exc),
        )

    # -- interrupted sessions --------------------------------------------------------
    def check_interrupted(self) -> None:
        repo = self.ctx.repo

        def find() -> list[Interrupted]:
            # Found, an interrupted session's figures are rebuilt from its
            # samples and its end is its last sample: the same as History's.
            # On a team server, only this login's own: a teammate resumes theirs.
            return [
                (s, s.summary.sample_count, s.ended_ms)
                for s in repo.find_interrupted()
                if repo.recorded_by_me(s)
            ]

        self.ctx.tasks.submit(find, self._on_interrupted_found)

    def _on_interrupted_found(self, found: list[Interrupted]) -> None:
        self._interrupted = found
        if found:
            info, n, last_ms = found[0]
            self.banner.show_for(info, n, len(found) - 1, last_ms)
        else:
            self.banner.hide()

    def resume_session(self, session_id: int) -> None:
        if self.live is not None and not self.live.ended:
            self.statusBar().showMessage(
                self.tr("Stop the current session before resuming another."), 8000
            )
            return
        self.banner.hide()
        repo, writer = self.ctx.repo, self.ctx.writer

        store = self.ctx.secrets
        rules = rules_from_settings(self.ctx.settings)
        alert_rules = alert_rules_from_settings(self.ctx.settings)

        def resume() -> tuple[SessionRecorder, list[SourceInfo], list[Sample]]:
            from app.session.source_setup import sources_from_configs

            sources = sources_from_configs(repo.source_configs(session_id), store, keyboard=False)
            return SessionRecorder.resume(
                repo,
                writer,
                session_id,
                [*sources, ManualSource()],
                rules=rules,
                alert_rules=alert_rules,
            )

        def resumed(r: tuple[SessionRecorder, list[SourceInfo], list[Sample]]) -> None:
            self._on_recorder_ready(*r)
            self.check_interrupted()

        self.ctx.tasks.submit(
            resume,
            resumed,
            lambda e: self._show_error(self.tr("The session could not be resumed."), e),
        )

    def close_interrupted(self, session_id: int) -> None:
        self.banner.hide()

        def closed(_info: object) -> None:
            self.check_interrupted()
            self.refresh_history()

        self.ctx.tasks.submit(
            lambda: self.ctx.repo.finish_interrupted(session_id),
            closed,
            lambda e: self._show_error(self.tr("The session could not be closed."), e),
        )

    # -- the library -----------------------------------------------------------------
    def show_library(self) -> None:
        self.tabs.setCurrentWidget(self.library)

    def show_roster(self) -> None:
        self.tabs.setCurrentWidget(self.roster)

    def refresh_history(self, explicit: bool = False) -> None:
        """Read the library's page again on the pool (the view keeps one read
        at a time, and a newer question overtakes an older one)."""
        self.library.refresh(explicit)

    def _session_is_live(self) -> bool:
        return self.live is not None and not self.live.ended

    def _page_is_live(self) -> bool:
        """A session this window records, or one on the library's page
        (a teammate's on a team server, the wall's): its figures move on."""
        if self._session_is_live():
            return True
        page = self.library.page
        return page is not None and any(s.status is SessionStatus.LIVE for s in page.sessions)

    def _update_history_refresh(self) -> None:
        """While the library is shown: read it if it is stale or a session is
        live, and keep reading it every few seconds while a session is live.
        The roster is read the first time it is shown."""
        current = self.tabs.currentWidget()
        if current is self.library and (self.library.stale or self._session_is_live()):
            self.refresh_history()
        if current is self.roster and not self._roster_read:
            self._roster_read = True
            refresh = getattr(self.roster, "refresh", None)
            if callable(refresh):
                refresh()
        self._update_history_timer()

    def _update_history_timer(self) -> None:
        if self.tabs.currentWidget() is self.library and self._page_is_live():
            self._history_timer.start()
        else:
            self._history_timer.stop()

    def _on_session_changed(self, info: SessionInfo) -> None:
        """Renamed in the library: an open review of it says so too."""
        view = self._review_tab(info.id)
        if view is not None:
            view.info = info
            view.title.setText(
                info.title or QCoreApplication.translate("SessionView", "(untitled session)")
            )
            self.tabs.setTabToolTip(self.tabs.indexOf(view), info.title)

    def _build_roster(self) -> RosterView:
        """The roster tab; its ladder is saved in the settings when changed there."""
        from app.core.roster import thresholds_from_yuan, thresholds_to_yuan
        from app.session.roster import RosterService

        settings = self.ctx.settings
        service = RosterService(self.ctx.repo, thresholds_from_yuan(settings.leap_ladder))
        view = RosterView(service, self.ctx.tasks, parent=self)

        def save_ladder(thresholds: tuple[int, ...]) -> None:
            settings.leap_ladder = thresholds_to_yuan(thresholds)

        view.ladderChanged.connect(save_ladder)
        view.failed.connect(self._show_error)
        view.streamersChanged.connect(lambda: self.library.refresh())
        return view

    def open_diagnostics(self) -> None:
        from app.ui.dialogs.diagnostics import open_diagnostics

        self._diagnostics_dialog = open_diagnostics(self, self.ctx, live=self.live)

    def open_import(self) -> None:
        from app.ui.dialogs.import_dialog import ImportDialog

        dlg = ImportDialog(self.ctx.repo, self.ctx.tasks, self)
        dlg.imported.connect(self._on_imported)
        dlg.open()
        self._import_dialog = dlg

    def open_ads_import(self) -> None:
        from app.ui.dialogs.ads_import import AdsImportDialog

        dlg = AdsImportDialog(self.ctx.repo, self.ctx.tasks, self)
        dlg.imported.connect(self._on_ads_imported)
        dlg.open()
        self._ads_import_dialog = dlg

    def _on_ads_imported(self, _result: object) -> None:
        """New ad figures: the open reviews and the roster's paid view read again."""
        for i in range(self.tabs.count()):
            w = self.tabs.widget(i)
            if isinstance(w, SessionView) and w.paid_panel is not None:
                w.paid_panel.refresh()
        self.roster.paid.refresh()

    def check_leftover_spills(self) -> None:
        """Emergency files an earlier run left for this database: the strip
        says where, until they are put back (off the GUI thread: it reads the
        first line of each)."""
        from app.session.health import describe_leftovers, leftover_spills

        paths = self.ctx.paths

        def done(files: object) -> None:
            text = describe_leftovers(list(files), number_format())  # type: ignore[call-overload]
            self.storage_banner.show_note(text or "", "leftovers")

        self.ctx.tasks.submit(lambda: leftover_spills(paths), done, lambda exc: None)

    def watch_team_server(self) -> None:
        """On a team server: send what an offline run recorded on this
        computer once the server answers (at start, and every `RETRY_S`
        while this window works offline), saying so in the strip."""
        from app.session.team import RETRY_S, send_offline, waiting_offline

        paths, offline = self.ctx.paths, self.ctx.offline
        if offline is None:
            if waiting_offline(paths) is not None:  # an earlier offline run's
                self.ctx.tasks.submit(
                    lambda: send_offline(paths), self._offline_sent, self._offline_not_sent
                )
            return
        self.storage_banner.show_note(
            self.tr(
                "Offline: the team server {server} does not answer ({reason}). Genbo works on "
                "this computer and sends what is recorded here once it answers."
            ).format(server=offline.server, reason=offline.reason),
            "offline",
            warn=True,
        )
        db, busy = self.ctx.db, [False]

        def tick() -> None:
            if busy[0]:
                return
            busy[0] = True

            def done(result: object) -> None:
                busy[0] = False
                self._offline_sent(result)

            def failed(exc: BaseException) -> None:
                busy[0] = False
                self._offline_not_sent(exc)

            self.ctx.tasks.submit(lambda: send_offline(paths, db), done, failed)

        self._offline_timer = QTimer(self)
        self._offline_timer.setInterval(round(RETRY_S * 1000))
        self._offline_timer.timeout.connect(tick)
        self._offline_timer.start()

    def _offline_sent(self, result: object) -> None:
        from app.storage.sync import SyncResult

        if not isinstance(result, SyncResult):
            return
        fmt = number_format()
        n = fmt.grouped(result.sessions_there)
        refused = (
            " "
            + self.tr(
                "The team server refused {n} sessions recorded here (this login may not write "
                "them); they stay on this computer."
            ).format(n=fmt.grouped(result.sessions_refused))
            if result.sessions_refused
            else ""
        )
        if self.ctx.offline is None:
            text = self.tr("Sent to the team server what an offline run recorded: {n} sessions.")
            self.storage_banner.show_note(
                refused.strip(), "offline", warn=bool(result.sessions_refused)
            )
            self.statusBar().showMessage(text.format(n=n), 15_000)
            return
        self.storage_banner.show_note(
            self.tr(
                "The team server answers again, and what was recorded here is on it ({n} "
                "sessions). This window goes on working on this computer and sends what "
                "follows; start Genbo again to work on the team server itself."
            ).format(n=n)
            + refused,
            "offline",
            warn=bool(result.sessions_refused),
        )

    def _offline_not_sent(self, exc: BaseException) -> None:
        log.info("what was recorded offline is not on the team server yet: %s", exc)

    def _on_imported(self, imported: object) -> None:
        """A session came in: the library lists it and its review opens."""
        self.check_leftover_spills()  # an emergency file may have been put back
        self.library.refresh(explicit=True)
        session_id = getattr(imported, "id", imported)
        if isinstance(session_id, int):
            self.open_review(session_id)

    def open_compare(self, session_ids: list[int]) -> None:
        from app.session.compare import Align, load_comparison

        ids = list(session_ids)
        self.statusBar().showMessage(self.tr("Reading {n} sessions to compare…").format(n=len(ids)))
        self.ctx.tasks.submit(
            lambda: load_comparison(self.ctx.repo, ids, Align.START),
            self._on_compare_loaded,
            lambda e: self._show_error(self.tr("The sessions could not be compared."), e),
        )

    def _on_compare_loaded(self, comparison: object) -> None:
        from app.ui.view.compare_view import CompareView

        self.statusBar().clearMessage()
        view = CompareView(comparison, self)  # type: ignore[arg-type]
        if current_scheme() != "light":
            theme_plots(view, current_scheme())
        sessions = getattr(comparison, "sessions", ())
        names = []
        for s in sessions:
            if s.info.streamer.name not in names:
                names.append(s.info.streamer.name)
        label = self.tr("Compare {n}: {names}").format(n=len(sessions), names=" · ".join(names))
        index = self.tabs.addTab(view, label if len(label) <= 40 else label[:39] + "…")
        self.tabs.setTabToolTip(index, label)
        self.tabs.setCurrentIndex(index)
        self.compareOpened.emit(view)

    # -- reviews ---------------------------------------------------------------------
    def open_review(self, session_id: int, quiet: bool = False) -> None:
        """Read a stored session and show it in a tab of its own. `quiet` (the
        reviews of last time): one that cannot be read is logged, not shown."""
        existing = self._review_tab(session_id)
        if existing is not None:
            self.tabs.setCurrentWidget(existing)
            self.reviewOpened.emit(existing)
            self._restore_step()
            return
        self.statusBar().showMessage(self.tr("Loading session {id}…").format(id=session_id))
        self.load_progress.setValue(0)
        self.load_progress.show()
        progress = progress_to_bar(
            self.load_progress,
            {
                "samples": self.tr("Reading samples"),
                "plots": self.tr("Building the plots"),
                "figures": self.tr("Working out the figures"),
                "history": self.tr("Comparing with earlier sessions"),
                "done": self.tr("Done"),
            },
        )

        def failed(exc: BaseException) -> None:
            self.load_progress.hide()
            if quiet:
                self.statusBar().clearMessage()
                log.warning("session %s of last time not reopened: %s", session_id, exc)
            else:
                self._show_error(self.tr("Could not open the session."), exc)
            self._restore_step()

        self.ctx.tasks.submit_with_progress(
            lambda report: load_library_review(self.ctx.repo, session_id, report),
            progress,
            self._on_review_loaded,
            failed,
        )

    def _review_tab(self, session_id: int) -> SessionView | None:
        for i in range(self.tabs.count()):
            w = self.tabs.widget(i)
            if (
                isinstance(w, SessionView)
                and w is not self.live_view
                and w.info is not None
                and w.info.id == session_id
            ):
                return w
        return None

    def _on_review_loaded(self, loaded: LibraryReview) -> None:
        self.statusBar().clearMessage()
        self.load_progress.hide()
        data = loaded.review
        existing = self._review_tab(data.info.id)
        if existing is not None:  # opened twice: show the tab already there
            self.tabs.setCurrentWidget(existing)
            self.reviewOpened.emit(existing)
            self._restore_step()
            return
        view = SessionView(self)
        view.exportRequested.connect(self.open_export)
        view.clipsRequested.connect(lambda info: self.open_export(info, "clips"))
        view.notesEdited.connect(lambda sid, text: self._save_notes(view, sid, text))
        view.settings = self.ctx.settings
        view.cards_dir = self.ctx.paths.data_dir / "cards"
        view.tasks = self.ctx.tasks
        mine = self._may_change(data.info)
        if data.info.detail is SessionDetail.SUMMARY:
            view.show_summary_only(data.info, loaded.comparison)
        else:
            writer, sid = self.ctx.writer, data.info.id
            store = (
                StoredHighlights(
                    {h.uid: h for h in data.highlights},
                    lambda h: writer.write_event(sid, highlight_record(h)),
                    lambda uid: writer.delete_event(sid, uid),
                    lambda: view._refresh_highlights(),
                )
                if mine
                else None
            )
            view.show_finished(
                data.info,
                data.series,
                data.snapshot,
                data.gaps,
                data.milestones,
                store,
                data.segments,
                comparison=loaded.comparison,
                alerts=data.alerts,
            )
            load_medians(self.ctx.tasks, self.ctx.repo, data.info, [view.funnel, view.channels])
            if store is None:  # read-only: shown, not editable
                view.shown_highlights = list(data.highlights)
                view._refresh_highlights()
        if not mine and view.review_stats is not None:
            view.review_stats.notes.setReadOnly(True)
            why = (
                self.tr("Recorded by {operator}: only they, or the team's owner, change it.")
                if data.info.operator
                else self.tr("This database is read-only.")
            )
            view.review_stats.notes.setToolTip(why.format(operator=data.info.operator))
        from app.ui.view.paid import PaidPanel

        paid = PaidPanel(self.ctx.repo, self.ctx.tasks, view)
        view.add_paid_panel(paid)
        paid.set_session(data.info)
        if self._review_split is not None:
            view.split.setSizes(self._review_split)
        if current_scheme() != "light":
            theme_plots(view, current_scheme())
        if data.info.status is SessionStatus.LIVE and not self._recording_here(data.info.id):
            self._follow(view, data.info.id)
        label = f"{data.info.streamer.name} · {format_month_day_time(data.info.started_at)}"
        index = self.tabs.addTab(view, label)
        self.tabs.setTabToolTip(index, data.info.title)
        self.tabs.setCurrentIndex(index)
        self.reviewOpened.emit(view)
        self._restore_step()

    def _may_change(self, info: SessionInfo) -> bool:
        """Whether this login may change a stored session: not on a read-only
        database, and on a team server not another operator's (the server
        would refuse it: its highlights and notes are shown, not editable).
        A session stamped with nobody is no login's either: the team's rules
        refuse it to operators (`genbo sync --as LOGIN` names a laptop's)."""
        return not self.ctx.db.read_only and self.ctx.repo.recorded_by_me(info)

    def _recording_here(self, session_id: int) -> bool:
        """Whether this window records the session (alone, or on the wall)."""
        lives = (self.live, *self.wall_host.live_sessions())
        return any(x is not None and not x.ended and x.info.id == session_id for x in lives)

    def _follow(self, view: SessionView, session_id: int) -> None:
        """A session another Genbo is recording (a teammate's, on the team
        server): its review tab reads it again every `FOLLOW_EVERY_MS` on the
        pool, and stops once it has ended or the tab is closed."""
        timer = QTimer(view)
        timer.setInterval(FOLLOW_EVERY_MS)
        busy = [False]
        read_ms = [now_ms()]

        def loaded(data: ReviewData) -> None:
            busy[0] = False
            read_ms[0] = now_ms()
            if not isValid(view):
                return
            view.follow(
                data.info,
                data.series,
                data.snapshot,
                data.gaps,
                data.milestones,
                data.segments,
                data.alerts,
                data.highlights,
            )
            # Interrupted is followed on: a recorder that was offline (its
            # spool) comes back and the session lives again; ended is final.
            if data.info.status is SessionStatus.ENDED:
                timer.stop()

        def failed(exc: BaseException) -> None:  # the server away: the next tick tries again
            busy[0] = False
            log.info("could not read session %s again: %s", session_id, exc)
            if isValid(view):
                view.follow_failed(read_ms[0])

        def tick() -> None:
            if busy[0] or not isValid(view):
                return
            busy[0] = True
            repo = self.ctx.repo
            self.ctx.tasks.submit(lambda: load_review(repo, session_id), loaded, failed)

        timer.timeout.connect(tick)
        timer.start()
        view.follow_timer = timer

    def _save_notes(self, view: SessionView, session_id: int, text: str) -> None:
        """Store a review's notes on the pool; the library shows them at once."""
        repo = self.ctx.repo

        def saved(info: SessionInfo) -> None:
            self.library.show_session(info)
            if isValid(view) and view.review_stats is not None:  # its tab may be closed
                view.review_stats.notes_saved(info)
                view.info = info
            self.notesSaved.emit(info)

        def failed(exc: BaseException) -> None:
            log.error("notes of session %s not saved: %s", session_id, exc)
            if isValid(view) and view.review_stats is not None:
                view.review_stats.notes_failed(exc)
            else:
                self._show_error(self.tr("The notes could not be saved."), exc)

        self.ctx.tasks.submit(lambda: repo.set_session_notes(session_id, text), saved, failed)

    def _close_tab(self, index: int) -> None:
        w = self.tabs.widget(index)
        if w in self._fixed_tabs:
            return
        if isinstance(w, SessionView) and w.review_stats is not None:
            w.review_stats.save_notes()  # typed and never left the box
        from_wall = (
            isinstance(w, SessionView)
            and w.live is not None
            and w.live in self.wall_host.live_sessions()
        )
        self.tabs.removeTab(index)
        if from_wall:  # back where it was opened from
            self.tabs.setCurrentWidget(self.wall_host)
        if isinstance(w, SessionView):
            w.plots.stop_rendering()
        if w is not None:
            w.deleteLater()

    # -- plots -----------------------------------------------------------------------
    def _current_session_view(self) -> SessionView | None:
        w = self.tabs.currentWidget()
        if w is self.live_stack:
            return self.live_view if self.live is not None else None
        return w if isinstance(w, SessionView) else None

    def _on_tab_changed(self, index: int) -> None:
        if index >= 0:  # a real tab change, not a state update
            self._update_history_refresh()
        view = self._current_session_view()
        following = view is not None and view.live is not None and not view.live.ended
        self.follow_action.setEnabled(following)
        self.live_action.setEnabled(following)
        self.window_combo.setEnabled(following)
        self.follow_action.setChecked(following and view is not None and view.plots.follow)
        self.show_all_action.setEnabled(view is not None)

    def _on_follow_triggered(self, checked: bool) -> None:
        view = self._current_session_view()
        if view is not None:
            view.plots.set_follow(checked or not view.plots.follow)
            self.follow_action.setChecked(view.plots.follow)

    def _follow_live(self) -> None:
        view = self._current_session_view()
        if view is not None and view.live is not None and not view.live.ended:
            view.plots.set_follow(True)
            self.follow_action.setChecked(True)

    def _current_view_plots_show_all(self) -> None:
        view = self._current_session_view()
        if view is not None:
            view.plots.show_all()

    def _on_window_changed(self, _index: int) -> None:
        seconds = self.window_combo.currentData()
        for i in range(self.tabs.count()):
            w = self.tabs.widget(i)
            if isinstance(w, SessionView) and w.live is not None:
                w.plots.set_follow_window(seconds)
        self.live_view.plots.set_follow_window(seconds)
        self.ctx.settings.follow_window_s = seconds

    # -- mini mode, the tray -----------------------------------------------------------
    @property
    def mini_mode(self) -> bool:
        return self.mini.isVisible()

    def set_mini_mode(self, on: bool) -> None:
        """The mini window in the full window's place, or back."""
        on = bool(on)
        self.mini_action.setChecked(on)
        if on == self.mini_mode:
            return
        if on:
            self.mini.set_live(self.live if self._session_is_live() else None)
            self.mini.place(self._mini_place)
            self.mini.show()
            self.mini.raise_()
            self.mini.activateWindow()
            self.hide()
        else:
            self._mini_place = self.mini.position()
            self.show()
            self.raise_()
            self.activateWindow()
            self.mini.hide()
        self._update_tray()

    def _mark_from_mini(self) -> None:
        if not self._session_is_live():
            return
        self.mark_moment()
        view_live = self.live
        if view_live is not None:
            self.mini.show_marked(max(0.0, view_live.elapsed() - self.ctx.settings.reaction_lag_s))

    def _on_mini_opacity(self, value: float) -> None:
        self.ctx.settings.mini_opacity = value

    def toggle_shown(self) -> None:
        """The tray's show/hide: the window (or the mini window) goes or comes back."""
        if self.mini_mode:
            self._mini_place = self.mini.position()
            self.mini.hide()
            self.mini_action.setChecked(False)
        elif self.isVisible() and not self.isMinimized():
            self.hide()
        else:
            self.bring_to_front()
        self._update_tray()

    def quit_from_tray(self) -> None:
        """Close the window the usual way (a live session is stopped and saved,
        after asking), then quit: with the window hidden or in mini mode no
        visible window's closing would end the application."""
        if self.close():
            QApplication.quit()

    def bring_to_front(self) -> None:
        """Shown and in front (a second start of Genbo asks for this): the mini
        window in mini mode, else the full one."""
        if self.mini_mode:
            self.mini.raise_()
            self.mini.activateWindow()
            return
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()
        self._update_tray()

    def _update_tray(self) -> None:
        self.tray.update_state(
            live=self._session_is_live(),
            window_shown=self.mini_mode or (self.isVisible() and not self.isMinimized()),
        )

    # -- the theme -------------------------------------------------------------------
    def set_theme(self, choice: str) -> None:
        """The theme setting ("system", "light", "dark"), applied at once."""
        self.ctx.settings.theme = choice if choice in THEMES else "system"
        self.apply_theme()

    def apply_theme(self, system: str | None = None) -> str:
        """Apply the theme setting (the settings dialog calls this after a change);
        the scheme shown."""
        app = QApplication.instance()
        choice = self.ctx.settings.theme
        assert isinstance(app, QApplication)
        scheme = apply_theme(app, choice, system)
        if scheme != self._plots_scheme:  # plots are made light
            theme_plots(self, scheme)
            self._plots_scheme = scheme
            for panel in self.findChildren(FunnelPanel):
                panel.apply_scheme(scheme)
        for key, act in self.theme_actions.items():
            act.setChecked(key == (choice if choice in THEMES else "system"))
        return scheme

    def open_settings(self) -> QDialog:
        from app.ui.dialogs.settings_dialog import SettingsDialog

        dlg = SettingsDialog(
            self.ctx.settings,
            self.ctx.paths,
            self,
            secrets=self.ctx.secrets,
            tasks=self.ctx.tasks,
        )
        dlg.applied.connect(self.apply_settings)
        dlg.open()
        self._settings_dialog = dlg
        return dlg

    def apply_settings(self, new: Settings) -> None:
        """The settings dialog's Apply or OK: saved, and applied where they show
        (milestone rules from the next session; the language at the next start)."""
        st = self.ctx.settings
        changed = set(update_settings(st, new))  # in place: the views hold `st`
        try:
            save_settings(self.ctx.paths.settings_file, st)
        except OSError as exc:
            self._show_error(self.tr("The settings could not be saved."), exc)
        for key, act in self.alert_actions.items():
            act.blockSignals(True)
            act.setChecked(bool(getattr(st, key)))
            act.blockSignals(False)
        if changed & {"theme", "mini_opacity"}:
            self.apply_look()
        if "leap_ladder" in changed:
            from app.core.roster import thresholds_from_yuan

            self.roster.service.thresholds = tuple(thresholds_from_yuan(st.leap_ladder))
            self.roster.refresh()
        for wall_live in self.wall_host.live_sessions():
            wall_live.recorder.auto_highlights = st.auto_highlights
            wall_live.recorder.preroll_s = st.preroll_s
        live = self.live is not None and not self.live.ended
        if live:
            assert self.live is not None
            self.live.recorder.auto_highlights = st.auto_highlights
            self.live.recorder.preroll_s = st.preroll_s
        else:
            self.live_view.tiles.ghost.set_kind(st.ghost_baseline)
        rules = {
            "gmv_ladder", "viewers_ladder", "surge_pct", "surge_window_s",
            "dwell_drop_pct", "dwell_drop_window_s", "personal_bests",
        }  # fmt: skip
        if live and changed & rules:
            self.statusBar().showMessage(
                self.tr("The new milestone rules apply from the next session."), 8000
            )
        if "notify_targets" in changed:
            self.notify.update_targets(notify_targets(st))
            self.notify.retry_kept()
        if live and "alert_rules" in changed:
            self.statusBar().showMessage(
                self.tr("The new alert rules apply from the next session."), 8000
            )
        if "language" in changed:
            self.statusBar().showMessage(
                self.tr("The new language shows when Genbo starts again."), 8000
            )

    def apply_look(self) -> None:
        """The theme and the mini window's opacity as the settings now say (for
        the settings dialog, once it has stored a change in `ctx.settings`)."""
        self.apply_theme()
        self.mini.set_opacity(self.ctx.settings.mini_opacity)

    def _on_system_scheme(self, scheme: Qt.ColorScheme) -> None:
        if self._closed:
            return
        if self.ctx.settings.theme not in ("light", "dark"):
            self.apply_theme(scheme_name(scheme))

    # -- the window's state ----------------------------------------------------------
    @property
    def window_state_file(self) -> Path:
        return self.ctx.paths.config_dir / WINDOW_STATE_FILENAME

    def window_state(self) -> dict[str, object]:
        """The window's place and size, its splitters and its open tabs."""
        reviews: list[int] = []
        for i in range(self.tabs.count()):
            w = self.tabs.widget(i)
            if (
                isinstance(w, SessionView)
                and w is not self.live_view
                and w.live is None
                and w.info is not None
            ):
                reviews.append(w.info.id)
                sizes = w.split.sizes()
                if len(sizes) == 2 and min(sizes) > 0:
                    self._review_split = sizes
        current_widget = self.tabs.currentWidget()
        current: object = "live"
        if current_widget is self.wall_host:
            current = "wall"
        elif current_widget is self.library:
            current = "library"
        elif current_widget is self.roster:
            current = "roster"
        elif isinstance(current_widget, SessionView) and current_widget.info is not None:
            current = {"review": current_widget.info.id}
        if self.live is not None:  # the live view has been laid out
            sizes = self.live_view.split.sizes()
            if len(sizes) == 2 and min(sizes) > 0:
                self._live_split = sizes
        geometry = bytes(self.saveGeometry().toBase64().data()).decode("ascii")
        if self.mini_mode:
            self._mini_place = self.mini.position()
        return {
            "version": WINDOW_STATE_VERSION,
            "geometry": geometry,
            "splitters": {
                "live": self._live_split,
                "review": self._review_split,
            },
            "reviews": reviews,
            "current": current,
            "mini": self._mini_place,
        }

    def save_window_state(self) -> None:
        path = self.window_state_file
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(self.window_state(), indent=2), encoding="utf-8")
            tmp.replace(path)
        except OSError as exc:
            log.warning("could not save the window's state: %s", exc)

    def load_window_state(self) -> dict[str, object]:
        """The state `save_window_state` kept ({} where there is none, or it is unreadable)."""
        try:
            data = json.loads(self.window_state_file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            log.warning("could not read the window's state (%s); starting afresh", exc)
            return {}
        if not isinstance(data, dict) or data.get("version") != WINDOW_STATE_VERSION:
            return {}
        return data

    def restore_geometry(self, state: dict[str, object] | None = None) -> bool:
        """Put the window where it was last time; False where nothing was kept."""
        state = self.load_window_state() if state is None else state
        geometry = state.get("geometry")
        if not isinstance(geometry, str) or not geometry:
            return False
        try:
            raw = base64.b64decode(geometry, validate=True)
        except (binascii.Error, ValueError):
            return False
        if not self.restoreGeometry(QByteArray(raw)):
            return False
        self.keep_on_screen()
        return True

    def keep_on_screen(self) -> None:
        """Never larger than the screen or partly off it: a place kept on a
        larger screen, or frame offsets guessed wrong without a window manager
        (which moved the window down by a title bar's height at every start),
        would put part of it out of reach on a 1280×720 laptop."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return
        avail = screen.availableGeometry()
        g = self.geometry()
        frame = self.frameGeometry()
        extra_w, extra_h = frame.width() - g.width(), frame.height() - g.height()
        w = min(g.width(), avail.width() - extra_w)
        h = min(g.height(), avail.height() - extra_h)
        x = max(avail.left(), min(frame.x(), avail.right() + 1 - w - extra_w))
        y = max(avail.top(), min(frame.y(), avail.bottom() + 1 - h - extra_h))
        if (x, y, w, h) != (frame.x(), frame.y(), g.width(), g.height()):
            self.resize(w, h)
            self.move(x, y)

    def restore_window_state(self, state: dict[str, object] | None = None) -> None:
        """The splitters, the mini window's place and the open reviews of last
        time (read again, one after the other; one since deleted is left out),
        and the tab that was current."""
        state = self.load_window_state() if state is None else state
        splitters = state.get("splitters")
        if isinstance(splitters, dict):
            self._live_split = _sizes(splitters.get("live"))
            if self._live_split is not None and self.live is not None:
                self.live_view.split.setSizes(self._live_split)
            self._review_split = _sizes(splitters.get("review"))
        self._mini_place = state.get("mini")
        reviews = state.get("reviews")
        ids = [i for i in reviews if isinstance(i, int)] if isinstance(reviews, list) else []
        self._restore_current = state.get("current")
        self._restoring = ids
        self._restore_step()

    def _restore_step(self, *_args: object) -> None:
        if self._restoring is None:
            return
        if self._restoring:
            self.open_review(self._restoring.pop(0), quiet=True)
            return
        self._restoring = None
        self._show_tab(self._restore_current)

    def _show_tab(self, key: object) -> None:
        if key == "wall":
            self.tabs.setCurrentWidget(self.wall_host)
        elif key == "library":
            self.tabs.setCurrentWidget(self.library)
        elif key == "roster":
            self.tabs.setCurrentWidget(self.roster)
        elif isinstance(key, dict) and isinstance(key.get("review"), int):
            view = self._review_tab(key["review"])
            self.tabs.setCurrentWidget(view if view is not None else self.live_stack)
        else:
            self.tabs.setCurrentWidget(self.live_stack)

    # -- closing ---------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        health = self.ctx.writer.health()
        asked = False
        if self.confirm and not health.ok and health.waiting_samples:
            asked = True
            answer = QMessageBox.warning(
                self,
                self.tr("Quit Genbo"),
                self.tr(
                    "The database cannot be written right now: {n} samples wait in memory. "
                    "Quitting stops the session and saves them to an emergency file in "
                    "“{folder}”, which Import… (Ctrl+I) or genbo import puts back later. "
                    "Quit anyway?"
                ).format(
                    n=number_format().count(health.waiting_samples),
                    folder=self.ctx.writer.spill_dirs[0]
                    if self.ctx.writer.spill_dirs
                    else self.tr("(no folder: they would be lost)"),
                ),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        # Every question first: answering No must leave everything running.
        wall_live = len(self.wall_host.live_sessions()) if self.wall_host.running else 0
        single = self.live is not None and not self.live.ended and not self.live.end_pending
        if self.confirm and not asked and (wall_live or single):
            fmt = number_format()
            if wall_live and single:
                text = self.tr(
                    "A session is live, and {n} more on the wall. Quitting stops them all "
                    "and saves everything recorded. Quit now?"
                ).format(n=fmt.count(wall_live))
            elif wall_live:
                text = self.tr(
                    "Sessions on the wall are live: {n}. Quitting stops them and saves "
                    "everything recorded. Quit now?"
                ).format(n=fmt.count(wall_live))
            else:
                text = self.tr(
                    "A session is live. Quitting stops it and saves everything recorded. Quit now?"
                )
            answer = QMessageBox.question(self, self.tr("Quit Genbo"), text)
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        if self._grabber is not None:
            # Screen sources waiting for a grab are told the window is closing
            # (this thread is about to wait for them, and cannot grab).
            self._grabber.close()
        try:
            self.wall_host.stop_all_blocking()
        except StorageError as exc:  # their samples stay with the writer
            log.warning("%s", exc)
        if self.live is not None and not self.live.ended:
            try:
                self._tell_ended(self.live.stop_blocking())
            except StorageError as exc:  # its samples stay with the writer
                log.warning("%s", exc)
        # What the team chat has not taken yet waits in the spool for the next start.
        self.notify.close(NOTIFY_CLOSE_S)
        for i in range(self.tabs.count()):  # notes typed and never left their box
            w = self.tabs.widget(i)
            if isinstance(w, SessionView) and w.review_stats is not None:
                w.review_stats.save_notes()
        if self.mini_mode:  # the place of the full window is kept, not its absence
            self._mini_place = self.mini.position()
            self.mini.hide()
            self.mini_action.setChecked(False)
        self.save_window_state()
        try:
            save_settings(self.ctx.paths.settings_file, self.ctx.settings)
        except OSError as exc:
            log.warning("could not save settings: %s", exc)
        self.mini.set_live(None)
        if self.tray.icon is not None:
            self.tray.icon.hide()
        self._closed = True
        event.accept()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._update_tray()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._update_tray()


def _sizes(value: object) -> list[int] | None:
    """A splitter's sizes as kept in the window state (None if they are not)."""
    if (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, int) and v > 0 for v in value)
    ):
        return list(value)
    return None


def _report_file(repo: Repository, session_id: int, fmt: str, report: Progress) -> ExportResult:
    """The one-page 复盘 report as a file's bytes, drawn on the worker thread
    (QPainter draws on a PDF writer or an image off the GUI thread)."""
    import tempfile

    from app.exports.common import BinaryExportResult
    from app.session.report import load_report
    from app.ui.view.report_page import render_pdf, render_png

    data = load_report(repo, session_id, progress=lambda f, _t: report(0.6 * f, "reading"))
    report(0.6, "writing")
    with tempfile.TemporaryDirectory(prefix="genbo-report-") as tmp:
        path = Path(tmp) / ("report.pdf" if fmt == REPORT_PDF else "report.png")
        if fmt == REPORT_PDF:
            render_pdf(data, path)
        else:
            render_png(data, path)
        return BinaryExportResult(path.read_bytes())
