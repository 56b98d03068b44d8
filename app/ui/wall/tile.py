"""One streamer's tile on the wall: who, how long, how the sources are, the
viewers and the GMV with their last ten minutes, GMV per minute, how the show
stands against the streamer's median, and the latest milestone or alert.

A tile reads its `WallSlot` (app.runtime.wall) when the wall's one text timer
asks (`refresh`, about twice a second) and when the slot's state changes
(`update_state`); nothing here runs per sample. Every width is set by the
font and the language, never by the numbers shown: the number labels are as
wide as the widest number of their kind in the number style shown
(`samples`), the state badge as wide as its longest words."""

from __future__ import annotations

import time
from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QFocusEvent,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSizePolicy,
    QToolButton,
    QWidget,
)
from shiboken6 import isValid

from app.core.curves import ghost_standing
from app.core.metrics import METRICS
from app.core.numbers import NumberFormat
from app.core.session import SessionStatus
from app.runtime import wall as runtime_wall
from app.sources.base import SourceState
from app.ui.view.ghost import clock_minutes
from app.ui.widgets.format import format_clock, number_format, source_label
from app.ui.widgets.labels import FitLabel
from app.ui.widgets.sparkline import Sparkline
from app.ui.widgets.style import set_tone, tone

if TYPE_CHECKING:
    from app.runtime.live import LiveSession
    from app.runtime.wall import WallSlot
    from app.session.compare import GhostReference
    from app.session.wall import RemoteSession

# The slot states (app.runtime.wall.SlotState is a StrEnum of these), compared
# as strings so a tile can show a slot made by hand in a test.
WAITING, STARTING, LIVE, STALE, ENDED, FAILED = (
    "waiting", "starting", "live", "stale", "ended", "failed",
)  # fmt: skip
STOPPING = "stopping"
"""Not a slot state: a live slot whose stop was asked for, until it is stored."""
EDGE_TONES = {
    LIVE: "live_edge",
    STALE: "stale_edge",
    FAILED: "failed_edge",
    ENDED: "ended_edge",
    WAITING: "waiting_edge",
    STARTING: "waiting_edge",
    STOPPING: "ended_edge",
}
EVENT_TONES = {"major": "late", "milestone": "good", "alert": "warn", "error": "bad", "ok": "good"}
"""The colour of a tile's latest line, by the event's kind."""
EDGE_PX = 5
"""The coloured edge on the tile's left that says its state at a glance."""
NAME_WHOLE_PX = 130
"""Up to this width the streamer's name is never cut: the title and the
source status give way first."""
MINUS = "\u2212"
"""A ghost behind its median reads "−8%" (a real minus sign)."""
OPEN_DEBOUNCE_S = 0.5
"""A double-click on the name (a click, then a double-click) opens once."""
TILE_HINT_W, TILE_HINT_H = 240, 150
"""Every tile's size hint, whatever it shows, so the grid shares alike."""


def follow_delay() -> str:
    """How far behind a teammate's tile is, in words ("5 s"): the wall reads
    the team's sessions every `FOLLOW_EVERY_MS`."""
    seconds = max(1, round(runtime_wall.FOLLOW_EVERY_MS / 1000))
    return QCoreApplication.translate("WallTile", "{s} s").format(s=number_format().count(seconds))


def _state(slot: WallSlot) -> str:
    state = str(getattr(slot.state, "value", slot.state))
    live = slot.live
    if state in (LIVE, STALE) and live is not None and live.stopping:
        return STOPPING
    return state


@lru_cache(maxsize=8)
def _samples(units: str, group: str, decimal: str) -> dict[str, tuple[str, ...]]:
    """The widest numbers of each kind, as the formatter writes them."""
    fmt = NumberFormat(group_sep=group, decimal_sep=decimal, units=units)
    money = tuple(fmt.money(Decimal(v)) for v in (8_888, 888_888, 88_888_888, 8_888_888_888))
    counts = tuple(fmt.count(v) for v in (8_888, 888_888, 88_888_888))
    rates = tuple(fmt.money(Decimal(v)) for v in (8_888, 888_888, 8_888_888))
    return {"money": money, "count": counts, "rate": rates}


def samples(kind: str, fmt: NumberFormat | None = None) -> tuple[str, ...]:
    """The widest numbers of `kind` ("money", "count", "rate": money a minute)
    in the number style shown (in 万 "¥8,888.89万"; in K/M "¥8,888", "¥88.9M"):
    a number label is as wide as the widest of them."""
    fmt = fmt or number_format()
    return _samples(fmt.units, fmt.group_sep, fmt.decimal_sep)[kind]


class _ValueLabel(FitLabel):
    """A number: as wide as the widest of its kind, whatever it shows now."""

    def __init__(self, kind: str, parent: QWidget, name: str) -> None:
        super().__init__("—", parent, min_width=30, shrink=0.75)
        self.kind = kind
        self.setObjectName(name)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        width = max(self._natural_width(t) for t in samples(self.kind))
        return QSize(max(width, self._min_width), hint.height())


class _NameLabel(FitLabel):
    """The streamer's name: clicking it opens the session's full view."""

    clicked = Signal()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class WallTile(QFrame):
    focusRequested = Signal(int)
    """Clicked or tabbed into: make this slot the wall's focused one."""
    openRequested = Signal(int)
    startRequested = Signal(int)
    stopRequested = Signal(int)
    resumeRequested = Signal(int)
    moveRequested = Signal(int, int)
    """(slot, Qt key): an arrow key on the tile, to move the focus."""

    def __init__(self, slot: WallSlot, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.slot = slot
        self.setObjectName("wallTile")
        self.setAccessibleName(slot.streamer)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.focused = False
        self.gold = False
        """A major milestone the operator has not looked at yet."""
        self._phase = False
        self._state = ""
        self._live: LiveSession | None = None
        self._remote: RemoteSession | None = None
        self._ghost: GhostReference | None = None
        self._ghost_state = "none"
        """ "loading", "ready" (`_ghost` may be None: the first session), "failed"."""
        self._stale_seen: tuple[int, float] | None = None
        self._opened_at = -OPEN_DEBOUNCE_S

        self.name = _NameLabel(slot.streamer, self, min_width=40)
        self.name.setObjectName("wallName")
        self.name.setCursor(Qt.CursorShape.PointingHandCursor)
        self.name.clicked.connect(self._open)
        self.name.keep_whole(NAME_WHOLE_PX)
        self.title = FitLabel("", self, min_width=0)
        self.title.setObjectName("wallTitle")
        self.clock = FitLabel("", self, min_width=30, hint_text="8:88:88")
        self.clock.setObjectName("wallClock")
        self.clock.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.clock.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.clock.setToolTip(self.tr("Time since the session started"))
        self.menu_button = QToolButton(self)
        self.menu_button.setObjectName("wallMenu")
        self.menu_button.setText("⋯")
        self.menu_button.setAutoRaise(True)
        self.menu_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu_button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0px; }")
        self.menu_button.setToolTip(self.tr("Open, start, stop or resume this streamer's session"))
        self.menu = QMenu(self)
        self.open_action = self._action(self.tr("Open full view"), self._open)
        self.open_action.setShortcut(Qt.Key.Key_Return)
        self.open_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.start_action = self._action(self.tr("Start now"), self._start)
        self.stop_action = self._action(self.tr("Stop and save"), self._stop)
        self.resume_action = self._action(self.tr("Resume"), self._resume)
        self.menu_button.setMenu(self.menu)

        self.badge = FitLabel("", self, min_width=20, shrink=0.8)
        self.badge.setObjectName("wallBadge")
        self.badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.badge.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.detail = FitLabel("", self, min_width=20, shrink=0.8)
        self.detail.setObjectName("wallDetail")

        self.viewers_caption = self._caption(self.tr("Viewers"))
        self.viewers = _ValueLabel("count", self, "wallValue")
        self.viewers_spark = Sparkline(self, colour="spark_viewers")
        self.gmv_caption = self._caption(self.tr("GMV"))
        self.gmv = _ValueLabel("money", self, "wallValue")
        self.gmv_spark = Sparkline(self, colour="spark_gmv")
        self.rate_caption = self._caption(self.tr("GMV/min"))
        self.rate = _ValueLabel("rate", self, "wallRate")
        self.ghost_caption = self._caption(self.tr("vs median"))
        self.ghost_caption.setToolTip(
            self.tr("GMV against the median of the streamer's earlier sessions at this minute")
        )
        self.ghost = FitLabel("", self, min_width=20, hint_text="+888%")
        self.ghost.setObjectName("wallGhost")
        self.ghost.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.ghost.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.latest = FitLabel("", self, min_width=20, shrink=0.85)
        self.latest.setObjectName("wallEvent")
        self.action = QToolButton(self)
        self.action.setObjectName("wallAction")
        self.action.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.action.clicked.connect(self._on_action)
        self.action.hide()

        def row(*widgets: QWidget | int) -> QHBoxLayout:
            lay = QHBoxLayout()
            lay.setContentsMargins(0, 0, 0, 0)
            lay.setSpacing(5)
            for w in widgets:
                if isinstance(w, int):
                    lay.addStretch(w)
                else:
                    lay.addWidget(w)
            return lay

        head = row(self.name, self.title, self.clock, self.menu_button)
        head.setStretchFactor(self.title, 1)
        state_row = row(self.badge, self.detail)
        state_row.setStretchFactor(self.detail, 1)
        rate_row = row(self.rate_caption, self.rate, 1, self.ghost_caption, self.ghost)
        latest_row = row(self.latest, self.action)
        latest_row.setStretchFactor(self.latest, 1)
        grid = QGridLayout(self)
        grid.setContentsMargins(EDGE_PX + 7, 5, 8, 5)
        grid.setHorizontalSpacing(5)
        grid.setVerticalSpacing(1)
        grid.addLayout(head, 0, 0, 1, 3)
        grid.addLayout(state_row, 1, 0, 1, 3)
        grid.addWidget(self.viewers_caption, 2, 0)
        grid.addWidget(self.viewers, 2, 1)
        grid.addWidget(self.viewers_spark, 2, 2)
        grid.addWidget(self.gmv_caption, 3, 0)
        grid.addWidget(self.gmv, 3, 1)
        grid.addWidget(self.gmv_spark, 3, 2)
        grid.addLayout(rate_row, 4, 0, 1, 3)
        grid.addLayout(latest_row, 5, 0, 1, 3)
        grid.setColumnStretch(2, 1)
        grid.setRowStretch(2, 1)
        grid.setRowStretch(3, 1)
        self.grid = grid
        self.update_state()
        self.refresh()

    @property
    def index(self) -> int:
        """The slot's place on the wall (a teammate's slot may move)."""
        return self.slot.index

    def sizeHint(self) -> QSize:
        """The same for every tile, whatever its texts: the wall's grid gives
        every tile the same share."""
        return QSize(TILE_HINT_W, TILE_HINT_H)

    def _caption(self, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setObjectName("wallCaption")
        label.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        return label

    def _action(self, text: str, slot: Any) -> QAction:
        act = QAction(text, self)
        act.triggered.connect(slot)
        self.menu.addAction(act)
        return act

    # -- state ---------------------------------------------------------------------
    @property
    def state(self) -> str:
        return self._state

    def update_state(self) -> None:
        """The slot's state, session or last event changed: the badge, what the
        buttons offer, and the ghost reference of a session new to the tile."""
        slot = self.slot
        state = _state(slot)
        if state != self._state:
            self._state = state
            self.badge.setProperty("state", state)
            self.badge.style().unpolish(self.badge)
            self.badge.style().polish(self.badge)
            self._size_badge()
            self.update()
        live = slot.live
        if live is not None and live is not self._live:
            self._load_ghost(live)
        self._live = live
        remote = slot.remote
        if remote is not None:
            self._show_remote_ghost(remote)
            self._update_read_only(remote)
            return
        has_session = slot.session_id is not None or live is not None
        self.open_action.setEnabled(has_session)
        self.start_action.setEnabled(
            state in (WAITING, FAILED) or (state == ENDED and not has_session)
        )
        self.stop_action.setEnabled(state in (LIVE, STALE))
        resumable = state in (ENDED, FAILED) and slot.session_id is not None
        if live is not None and not live.ended:
            resumable = False  # its end is not stored yet
        self.resume_action.setEnabled(resumable)
        action = {
            WAITING: self.tr("Start now"),
            FAILED: self.tr("Try again"),
        }.get(state)
        if state == ENDED and resumable:
            action = self.tr("Resume")
        self.action.setVisible(action is not None)
        if action is not None:
            self.action.setText(action)
        if state != STALE:
            self._stale_seen = None

    def _update_read_only(self, remote: RemoteSession) -> None:
        """A teammate's session: it opens its review; nothing starts or stops here."""
        self.open_action.setEnabled(True)
        self.open_action.setText(self.tr("Open its review (read-only)"))
        for act in (self.start_action, self.stop_action, self.resume_action):
            act.setVisible(False)
        self.action.hide()
        self.menu_button.setToolTip(self.tr("Open this session's review (read-only)"))
        self.setToolTip(self.read_only_text(remote))
        if self._state != STALE:
            self._stale_seen = None

    def read_only_text(self, remote: RemoteSession | None = None) -> str:
        """What a teammate's tile says of itself (its tooltip, and the answer
        to a key that would change it)."""
        remote = remote or self.slot.remote
        who = remote.info.operator if remote is not None else None
        every = follow_delay()
        if who:
            return self.tr(
                "Recorded by {operator} on another computer: read-only here. Read from the "
                "team server every {every}, so about {every} behind. Double-click to open "
                "its review."
            ).format(operator=who, every=every)
        return self.tr(
            "Recorded on another computer: read-only here. Read from the team server every "
            "{every}, so about {every} behind. Double-click to open its review."
        ).format(every=every)

    def _remote_text(self, remote: RemoteSession) -> tuple[str, str]:
        """ "alice · read 18:03:04, about 5 s behind", and without the delay
        ("alice · read 18:03:04") for a narrow tile."""
        at = format_clock(datetime.fromtimestamp(remote.read.read_ms / 1000), seconds=True)
        long = self.tr("read {time}, about {delay} behind").format(time=at, delay=follow_delay())
        short = self.tr("read {time}").format(time=at)
        who = remote.info.operator
        if who:
            return f"{who} · {long}", f"{who} · {short}"
        return long, short

    def _state_words(self) -> dict[str, str]:
        return {
            WAITING: self.tr("waiting"),
            STARTING: self.tr("starting"),
            LIVE: self.tr("live"),
            STALE: self.tr("stale {time}"),
            ENDED: self.tr("ended"),
            FAILED: self.tr("failed"),
            STOPPING: self.tr("stopping"),
        }

    def _size_badge(self) -> None:
        """As wide as the longest state's words (with a time of minutes: past an
        hour a stale time is drawn smaller): the detail beside it does not move
        when the state or the time changes."""
        self.badge.ensurePolished()
        fm = QFontMetrics(self.badge.font())
        words = [w.format(time="88:88") for w in self._state_words().values()]
        m = self.badge.contentsMargins()
        pad = 6 + m.left() + m.right()  # the style sheet's padding is in the margins
        self.badge.setFixedWidth(max(fm.horizontalAdvance(w) for w in words) + pad)

    def state_text(self) -> str:
        """What the badge and the line beside it say ("ended · 2:01:13 · ¥1.2万")."""
        detail = self.detail.text()
        return f"{self.badge.text()} · {detail}" if detail else self.badge.text()

    # -- the ghost -----------------------------------------------------------------
    def _load_ghost(self, live: LiveSession) -> None:
        """The streamer's median of earlier sessions, read off the GUI thread;
        a reply for a session the tile no longer shows is dropped."""
        from app.session.compare import ghost_reference

        self._ghost, self._ghost_state = None, "loading"
        repo, info = live.recorder.repo, live.info

        def done(ref: GhostReference | None) -> None:
            if self.slot.live is live:
                self._ghost, self._ghost_state = ref, "ready"

        def failed(exc: BaseException) -> None:
            if isValid(self) and self.slot.live is live:  # the tile may be gone (a new wall)
                self._ghost, self._ghost_state = None, "failed"
                self.ghost.setToolTip(
                    self.tr("Earlier sessions could not be read: {why}").format(why=exc)
                )

        live.tasks.submit(
            lambda: ghost_reference(repo, info.streamer.id, info.started_ms), done, failed
        )

    def _show_remote_ghost(self, remote: RemoteSession) -> None:
        """A teammate's session's ghost, read with its first refresh."""
        if remote is self._remote:
            return
        self._remote = remote
        self._ghost = remote.ghost
        self._ghost_state = "failed" if remote.ghost_error else "ready"
        if remote.ghost_error:
            self.ghost.setToolTip(
                self.tr("Earlier sessions could not be read: {why}").format(why=remote.ghost_error)
            )

    def _ghost_text(self, fmt: NumberFormat, elapsed_s: float, gmv: Decimal | None) -> str:
        change = fmt.none_text
        tone_name: str | None = "muted"
        ref = self._ghost
        if self._ghost_state == "ready" and ref is not None:
            minute = elapsed_s / 60.0
            live_fen = None if gmv is None else float(gmv * METRICS["gmv"].scale)
            standing = ghost_standing(live_fen, ref.curve, minute, "gmv")
            if standing is not None:
                pct = fmt.percent(Decimal(str(round(standing.change, 2))), decimals=0)
                if standing.change >= 9:  # ten times the median or more: "×12" fits, "+1,100%" not
                    times = fmt.grouped(Decimal(min(999, round(1 + standing.change))), 0)
                    # A thousand times (an early minute of a tiny median): "×999+" fits.
                    plus = "+" if standing.change >= 999 else ""
                    change, tone_name = "×" + times + plus, "good"
                elif standing.change >= 0:
                    change, tone_name = "+" + pct, "good"
                else:
                    change, tone_name = MINUS + pct.lstrip("-"), "bad"
                self.ghost.setToolTip(
                    self.tr("GMV against the median of {n} earlier sessions at {at}").format(
                        n=fmt.count(len(ref.sessions)), at=clock_minutes(minute)
                    )
                )
        elif self._ghost_state == "ready":
            self.ghost.setToolTip(self.tr("First session: nothing to compare with yet"))
        elif self._ghost_state == "loading":
            self.ghost.setToolTip(self.tr("Reading earlier sessions…"))
        set_tone(self.ghost, tone_name)
        return change

    # -- the text refresh ----------------------------------------------------------
    def refresh(self, now_ms: int | None = None, phase: bool = False) -> None:
        """Texts and sparklines from the slot (the wall's timer, ~2 Hz); `phase`
        alternates, for the gold flash."""
        if now_ms is None:
            now_ms = int(time.time() * 1000)
        slot, state = self.slot, self._state
        fmt = number_format()
        live, remote = slot.live, slot.remote
        self.name.setText(slot.streamer)
        title = slot.entry.title or (live.info.title if live is not None else "")
        self.title.setText(title)
        self.title.setToolTip(title)
        words = self._state_words()
        badge = words.get(state, state)
        detail = ""
        detail_tone: str | None = None
        figures = slot.figures(now_ms)
        remote_long = ""
        if remote is not None and state in (LIVE, STALE):
            remote_long, detail = self._remote_text(remote)
        if state == STALE:
            badge = badge.format(time=fmt.duration(self._stale_s(now_ms)))
            detail = detail or self._source_text(live)
            detail_tone = "warn"
        elif state == LIVE:
            detail = detail or self._source_text(live)
        elif state == ENDED:
            duration, gmv_fen = self._final_figures()
            detail = f"{fmt.duration(duration)} · {fmt.money_fen(gmv_fen)}"
            if remote is not None and remote.info.status is SessionStatus.INTERRUPTED:
                detail = self.tr("interrupted · {figures}").format(figures=detail)
            if slot.error:  # its end could not be stored yet (a full disk)
                detail = self.tr("{figures} · not saved yet: {why}").format(
                    figures=detail, why=slot.error
                )
                detail_tone = "bad"
        elif state == STOPPING:
            detail = self.tr("Saving the session…")
        elif state == WAITING:
            detail, detail_tone = self._due_text(now_ms)
        elif state == FAILED:
            detail = slot.error or self.tr("could not start")
            detail_tone = "bad"
        elif state == STARTING:
            detail = self.tr("Starting the sources…")
        self.badge.setText(badge)
        if remote_long:
            # "alice · read 18:03:04, about 5 s behind" where it fits, else
            # without the delay (the tile's tooltip and the wall's head say it).
            self.detail.setText(remote_long)
            if self.detail.is_elided():
                self.detail.setText(detail)
            self.detail.setToolTip(remote_long)
        else:
            self.detail.setText(detail)
            self.detail.setToolTip(detail if detail_tone == "bad" else "")
        set_tone(self.detail, detail_tone)

        if figures is not None:
            self.clock.setText(fmt.duration(figures.elapsed_s))
            self.viewers.setText(fmt.count(figures.viewers))
            gmv, rate = figures.gmv, figures.gmv_per_min
            self.gmv.setText(fmt.money(None if gmv is None else round(gmv)))
            self.gmv.setToolTip(fmt.money_exact(gmv))
            self.rate.setText(fmt.money(None if rate is None else round(rate)))
            self.ghost.setText(self._ghost_text(fmt, figures.elapsed_s, gmv))
            now_s = figures.elapsed_s
            self.viewers_spark.set_series(figures.viewers_line, now_s)
            self.gmv_spark.set_series(figures.gmv_line, now_s)
        else:
            final = slot.final
            self.clock.setText(fmt.duration(final.summary.duration_s) if final else "")
            self.viewers.setText(fmt.count(final.summary.peak_viewers) if final else fmt.none_text)
            self.gmv.setText(fmt.money_fen(final.summary.gmv_fen) if final else fmt.none_text)
            self.gmv.setToolTip("")
            self.rate.setText(fmt.none_text)
            self.ghost.setText(fmt.none_text)
            self.viewers_spark.clear()
            self.gmv_spark.clear()
        self._show_event(now_ms)
        if self.gold:
            self._phase = phase
            self.update()

    def _stale_s(self, now_ms: int) -> float:
        """Seconds since the source went stale, on the session's timeline. A
        simulated session's "now" is its newest reading, which stands still
        while nothing comes, so the time seen since (at its speed) counts too."""
        since = self.slot.stale_since_ms
        live = self.slot.live
        if since is None:
            return 0.0
        mono = time.monotonic()
        if self._stale_seen is None or self._stale_seen[0] != since:
            self._stale_seen = (since, mono)
        session_now = self.slot.session_now_ms(now_ms)
        scale = live.time_scale if live is not None else 1.0
        seen = (mono - self._stale_seen[1]) * scale
        return max(0.0, (session_now - since) / 1000.0, seen)

    def _source_text(self, live: LiveSession | None) -> str:
        if live is None:
            return ""
        parts = []
        for info in live.source_infos:
            if info.kind == "manual":
                continue
            label = source_label(info.label)
            st = live.statuses.get(info.id)
            if st is None or st.state is SourceState.LIVE:
                parts.append(label)
            elif st.state is SourceState.STALE:
                parts.append(self.tr("{source}: no data").format(source=label))
            elif st.state is SourceState.STARTING:
                parts.append(self.tr("{source}: starting").format(source=label))
            elif st.state is SourceState.STOPPED:
                parts.append(self.tr("{source}: stopped").format(source=label))
            else:
                parts.append(self.tr("{source}: finished").format(source=label))
        return " · ".join(parts) or self.tr("Keyboard entry")

    def _final_figures(self) -> tuple[float, int | None]:
        """The ended session's length and GMV (fen): as stored, else as last seen."""
        return self.slot.final_figures()

    def _due_text(self, now_ms: int) -> tuple[str, str | None]:
        """ "due 18:30, 4 min late" / "due 18:30, in 3 min" / "not started yet"."""
        due = self.slot.due_ms
        if due is None:
            return self.tr("not started yet"), None
        at = format_clock(datetime.fromtimestamp(due / 1000))
        minutes = round((now_ms - due) / 60_000)
        if minutes > 0:
            return self.tr("due {time}, {late} late").format(
                time=at, late=clock_minutes(minutes)
            ), "late"
        if minutes < 0:
            return self.tr("due {time}, in {wait}").format(
                time=at, wait=clock_minutes(-minutes)
            ), "muted"
        return self.tr("due {time}, now").format(time=at), "warn"

    def _show_event(self, now_ms: int) -> None:
        ev = self.slot.last_event
        state = self._state
        if ev is None or state == WAITING:
            self.latest.setText(self._waiting_plan(now_ms) if state == WAITING else "")
            self.latest.setToolTip("")
            set_tone(self.latest, "muted")
            return
        at = format_clock(datetime.fromtimestamp(ev.ts_ms / 1000))
        star = "★ " if ev.major else ""
        self.latest.setText(f"{star}{at}  {ev.text}")
        self.latest.setToolTip(ev.text)
        set_tone(self.latest, EVENT_TONES.get(ev.kind, "soft"))

    def _waiting_plan(self, now_ms: int) -> str:
        entry = self.slot.entry
        starts = self.slot.starts_at_ms
        if starts is not None:
            left = max(0.0, (starts - now_ms) / 1000)
            return self.tr("Starts following in {wait}").format(wait=number_format().duration(left))
        if entry.start_at:
            return self.tr("Starts following at {time}").format(time=entry.start_at)
        if entry.start_after_s is not None:
            return self.tr("Starts following {wait} after the wall opened").format(
                wait=number_format().duration(entry.start_after_s)
            )
        return self.tr("Start it with “Start now”")

    # -- focus and gold ------------------------------------------------------------
    def set_focused(self, on: bool) -> None:
        if on and self.gold:
            self.set_gold(False)
        if on != self.focused:
            self.focused = on
            self.update()

    def set_gold(self, on: bool) -> None:
        """A major milestone: the tile is gold until the operator looks (focus or click)."""
        if on != self.gold:
            self.gold = on
            self._phase = True
            self.setProperty("gold", on)
            self.update()

    # -- input ---------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() in (Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton):
            self.set_gold(False)
            self.focusRequested.emit(self.index)
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._open()
            return
        super().mouseDoubleClickEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.focusRequested.emit(self.index)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._open()
            return
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.moveRequested.emit(self.index, int(key.value))
            return
        if key == Qt.Key.Key_Menu:
            self.menu.popup(self.mapToGlobal(self.rect().center()))
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        self.menu.popup(event.globalPos())

    def _open(self) -> None:
        """Once per gesture: a double-click on the name is a click and a double-click."""
        now = time.monotonic()
        if now - self._opened_at < OPEN_DEBOUNCE_S:
            return
        self._opened_at = now
        self.set_gold(False)
        self.openRequested.emit(self.index)

    def _start(self) -> None:
        self.startRequested.emit(self.index)

    def _stop(self) -> None:
        self.stopRequested.emit(self.index)

    def _resume(self) -> None:
        self.resumeRequested.emit(self.index)

    def _on_action(self) -> None:
        """Start now (waiting), Try again (failed: a resume that failed is
        resumed again), Resume (ended)."""
        if self._state == ENDED or (self._state == FAILED and self.slot.session_id is not None):
            self._resume()
        else:
            self._start()

    # -- painting ------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        if self.gold:
            fill = QColor(tone("gold_bg"))
            fill.setAlpha(150 if self._phase else 70)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(fill)
            painter.drawRoundedRect(r, 8, 8)
        edge = tone(EDGE_TONES.get(self._state, "waiting_edge"))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(edge)
        painter.drawRoundedRect(QRectF(r.left() + 1, r.top() + 1, EDGE_PX, r.height() - 2), 2, 2)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if self.gold:
            pen = QPen(tone("gold"))
            pen.setWidthF(3.0 if self._phase else 2.0)
            painter.setPen(pen)
            painter.drawRoundedRect(r.adjusted(1, 1, -1, -1), 8, 8)
        if self.focused:
            pen = QPen(tone("focus"))
            pen.setWidthF(2.0)
            painter.setPen(pen)
            inset = 3.5 if self.gold else 0.5
            painter.drawRoundedRect(r.adjusted(inset, inset, -inset, -inset), 7, 7)
