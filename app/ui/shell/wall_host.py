"""The Wall tab: up to twelve live sessions at once (`app.runtime.wall.Wall`
drawn by `app.ui.wall.WallView`), with what acts on the focused one — the
entry line (which may also name a streamer: `@杨小姐 gmv 12万`), the note
line for a highlight or a segment's name — the saved walls, and what the
team chat hears of every session on it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.config.formatting import number_format
from app.core.entry import EntryError, match_target, split_target
from app.core.highlights import Highlight, with_note
from app.core.numbers import format_elapsed
from app.core.session import SessionInfo
from app.runtime.live import LiveSession
from app.runtime.wall import SlotState, Wall, WallEvent, WallSlot
from app.session.recording import SessionNotices
from app.session.wall import (
    WALL_MAX,
    SavedWalls,
    WallConfig,
    WallSessions,
    demo_wall,
    team_wall,
)
from app.ui.view.quick_entry import QuickEntry
from app.ui.view.session_view import MarkDone
from app.ui.wall.tile import follow_delay
from app.ui.wall.wall_view import WallView
from app.ui.widgets.labels import FitLabel
from app.ui.widgets.style import set_tone

if TYPE_CHECKING:
    from app.notify.dispatcher import Dispatcher
    from app.ui.shell.main_window import AppContext

log = logging.getLogger(__name__)


class WallHost(QWidget):
    openRequested = Signal(object)
    """A `LiveSession` of the wall whose full view the operator asked for."""
    wallOpened = Signal(object)
    """The `Wall`, once its sessions are being started (tests wait on it)."""
    wallClosed = Signal()
    savedChanged = Signal(object)
    """The saved walls' names, once read again (after a save or a delete)."""
    reviewRequested = Signal(int)
    """A teammate's session (a read-only tile) whose review the operator asked
    for: the window opens it, following it while it is live."""

    def __init__(
        self,
        ctx: AppContext,
        notify: Dispatcher,
        alert: Callable[[str, bool], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.notify = notify
        self._alert = alert
        self.wall: Wall | None = None
        self.saved = SavedWalls(ctx.paths.data_dir / "walls")
        self._notices: dict[int, SessionNotices] = {}
        """What the team chat hears of each slot's session (none for a demo wall)."""
        self._note_for: tuple[LiveSession, Highlight | None] | None = None
        self.undo = QUndoStack(self)
        """Marks made on the wall (Ctrl+Z on the Wall tab takes the last one back)."""
        self._saved_names: list[str] = []
        """The saved walls' names as last read (off the GUI thread)."""
        self.recorded_here: Callable[[int], bool] | None = None
        """Whether the window records a session itself (its Live tab's too):
        such a session is never shown as a teammate's. None: the wall's own only."""
        self.refresh_saved()

        self.name = FitLabel("", self, min_width=80)
        self.name.setObjectName("wallName")
        self.saved_button = QPushButton(self.tr("Saved walls"), self)
        self.saved_button.setToolTip(
            self.tr("Open a saved wall (a named set of streamers with their sources)")
        )
        self.saved_menu = QMenu(self.saved_button)
        self.saved_menu.aboutToShow.connect(self._fill_saved_menu)
        self.saved_button.setMenu(self.saved_menu)
        self.save_button = QPushButton(self.tr("Save wall…"), self)
        self.save_button.setToolTip(self.tr("Keep this set of streamers and sources under a name"))
        self.save_button.clicked.connect(self.ask_save)
        self.stop_all_button = QPushButton(self.tr("Stop all"), self)
        self.stop_all_button.setToolTip(self.tr("Stop and save every session on the wall"))
        self.stop_all_button.clicked.connect(self.ask_stop_all)
        self.close_button = QPushButton(self.tr("Close wall"), self)
        self.close_button.setToolTip(
            self.tr("Take the wall away (only once none of its sessions is live)")
        )
        self.close_button.clicked.connect(self.close_wall)
        self.team_button = QPushButton(self.tr("Team's live sessions"), self)
        self.team_button.setObjectName("wallTeam")
        self.team_button.setCheckable(True)
        self.team_button.setToolTip(
            self.tr(
                "Show the team's live sessions recorded on other computers, read-only: read "
                "from the team server every {every}, so about {every} behind"
            ).format(every=follow_delay())
        )
        self.team_button.clicked.connect(self.show_team)
        # Only on a team server: a single user's file has nobody else's sessions.
        self.team_button.setVisible(ctx.db.sqlite_path is None)
        self.note_edit = QLineEdit(self)
        self.note_edit.setObjectName("wallNoteEntry")
        self.note_edit.hide()
        self.note_edit.returnPressed.connect(self._save_note)
        self.note_edit.installEventFilter(self)
        self.entry = QuickEntry(self)
        self.entry.setObjectName("wallEntry")
        self.entry.router = self._route
        self.entry.submitted.connect(self._on_entry)
        self.entry.form_button.hide()  # the form is one session's: open its tab
        self._entry_hint = self.tr(
            "Numbers for the focused tile: gmv 1.2万 · @杨小姐 v 3500 (Ctrl+L)"
        )
        self.entry.edit.setPlaceholderText(self._entry_hint)
        # One row for the wall's name, the entry line and the wall's buttons:
        # on a 1280×720 laptop every line of height goes to the tiles.
        head = QHBoxLayout()
        head.setContentsMargins(8, 4, 8, 0)
        head.addWidget(self.name, 0, Qt.AlignmentFlag.AlignTop)
        # The note line (H, S) takes the entry line's place while it is open:
        # the tiles never move.
        head.addWidget(self.entry, 100)
        head.addWidget(self.note_edit, 100, Qt.AlignmentFlag.AlignTop)
        head.addStretch(1)  # no wall: the buttons stay together at the right
        for b in (
            self.team_button,
            self.saved_button,
            self.save_button,
            self.stop_all_button,
            self.close_button,
        ):
            head.addWidget(b, 0, Qt.AlignmentFlag.AlignTop)

        self.view = WallView(self)
        self.view.openRequested.connect(self._open_slot)
        self.view.focusedChanged.connect(self._on_focused)
        self.view.startRequested.connect(lambda i: self.wall is not None and self.wall.start(i))
        self.view.stopRequested.connect(self._stop_slot)
        self.view.resumeRequested.connect(lambda i: self.wall is not None and self.wall.resume(i))

        self.placeholder = self._build_placeholder()
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.placeholder)
        body = QWidget(self)
        blay = QVBoxLayout(body)
        blay.setContentsMargins(8, 0, 8, 6)
        blay.setSpacing(4)
        blay.addWidget(self.view, 1)
        self.body = body
        self.stack.addWidget(body)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        lay.addLayout(head)
        lay.addWidget(self.stack, 1)
        self._update_head()

    def _build_placeholder(self) -> QWidget:
        w = QWidget(self)
        lay = QVBoxLayout(w)
        lay.addStretch(1)
        msg = QLabel(
            self.tr(
                "Follow up to twelve streamers at once. In the Roster, select streamers and "
                "press Follow; open a saved wall; or try the demo wall of twelve simulated shows."
            ),
            w,
        )
        msg.setWordWrap(True)
        msg.setAlignment(Qt.AlignmentFlag.AlignCenter)
        msg.setObjectName("placeholderText")
        lay.addWidget(msg)
        row = QHBoxLayout()
        row.addStretch(1)
        demo = QPushButton(self.tr("Start demo wall"), w)
        demo.clicked.connect(lambda: self.open_wall(demo_wall()))
        row.addWidget(demo)
        if self.ctx.db.sqlite_path is None:  # a team server
            team = QPushButton(self.tr("Show the team's live sessions"), w)
            team.clicked.connect(lambda: self.show_team(True))
            row.addWidget(team)
        row.addStretch(1)
        lay.addLayout(row)
        lay.addStretch(2)
        return w

    # -- the wall ----------------------------------------------------------------------
    @property
    def running(self) -> bool:
        """A wall is open and one of its own sessions is live or starting (a
        teammate's, recorded elsewhere, never counts)."""
        return self.wall is not None and any(
            not s.read_only
            and (
                s.state in (SlotState.STARTING, SlotState.LIVE, SlotState.STALE)
                or (s.live is not None and s.live.end_pending)  # its end still to be written
            )
            for s in self.wall.slots
        )

    def live_sessions(self) -> list[LiveSession]:
        return [live for _i, live in self.wall.live_sessions()] if self.wall else []

    def open_wall(self, config: WallConfig) -> bool:
        """Show `config` as the wall and start following. While another wall
        has live sessions it is refused in words (stop them first)."""
        if self.running:
            box = QMessageBox(
                QMessageBox.Icon.Information,
                self.tr("Wall"),
                self.tr(
                    "A wall is being followed. Stop its sessions (Stop all) before opening "
                    "“{name}”."
                ).format(name=config.name),
                QMessageBox.StandardButton.Ok,
                self,
            )
            box.open()
            self._box = box
            return False
        self.close_wall()
        if self.ctx.db.read_only and config.entries:  # the team's alone is only read
            try:
                self.ctx.db.require_writable()
            except Exception as exc:
                self._show_error(self.tr("The wall cannot be recorded."), exc)
                return False
        sessions = WallSessions(
            self.ctx.repo, self.ctx.writer, self.ctx.secrets, self.ctx.settings, keyboard=True
        )
        wall = Wall(config, sessions, self.ctx.tasks, self)
        wall.recorded_here = self._recorded_here
        wall.sessionStarted.connect(self._on_started)
        wall.sessionStopped.connect(self._on_stopped)
        wall.eventRaised.connect(self._on_event)
        wall.slotChanged.connect(lambda _i: self._update_head())
        wall.slotsChanged.connect(self._update_head)
        wall.teamRead.connect(lambda _why: self._update_head())
        self.wall = wall
        self.view.set_wall(wall)
        self.stack.setCurrentWidget(self.body)
        wall.open()
        if wall.slots:
            self.view.set_focused(0)
        self._update_head()
        self.wallOpened.emit(wall)
        return True

    def close_wall(self) -> None:
        if self.wall is None or self.running:
            return
        wall, self.wall = self.wall, None
        wall.stop_all_blocking()  # nothing runs: its timers stop, late replies are dropped
        self.view.set_wall(None)
        self._notices.clear()
        self.undo.clear()
        self.stack.setCurrentWidget(self.placeholder)
        wall.deleteLater()
        self._update_head()
        self.wallClosed.emit()

    def _update_head(self) -> None:
        wall = self.wall
        tip = ""
        if wall is None:
            self.name.setText(self.tr("No wall"))
        else:
            live = sum(1 for s in wall.slots if s.state in (SlotState.LIVE, SlotState.STALE))
            text = self.tr("{name} · {live} of {n} live").format(
                name=wall.config.name,
                live=number_format().count(live),
                n=number_format().count(len(wall.slots)),
            )
            if wall.team and wall.team_error is not None:
                text += " · " + self.tr("the team server does not answer")
                tip = self.tr(
                    "The team server did not answer ({why}): the team's tiles show what was "
                    "read last (each says when), and it is read again every {every}."
                ).format(why=wall.team_error, every=follow_delay())
            elif wall.team:  # what the team's tiles show is that far behind
                text += " · " + self.tr("about {delay} behind").format(delay=follow_delay())
            self.name.setText(text)
        set_tone(self.name, "bad" if tip else None)
        self.name.setToolTip(tip)
        self.entry.setVisible(wall is not None and self._note_for is None)
        if wall is not None and not wall.config.entries:
            self.entry.edit.setPlaceholderText(self.tr("Read-only: recorded on other computers"))
        else:
            self.entry.edit.setPlaceholderText(self._entry_hint)
        self.team_button.setChecked(wall is not None and wall.team)
        self.save_button.setEnabled(
            wall is not None and not wall.config.demo and bool(wall.config.entries)
        )
        self.stop_all_button.setEnabled(self.running)
        self.close_button.setEnabled(wall is not None and not self.running)

    # -- the team's live sessions ------------------------------------------------------
    def show_team(self, on: bool = True) -> None:
        """Show (or take away) the team's live sessions recorded on other
        computers: on the wall that is open, after its own tiles, else on a
        wall of their own. Read-only: they are read from the server every
        `FOLLOW_EVERY_MS`."""
        wall = self.wall
        if wall is None:
            if on:
                self.open_wall(team_wall())
            self._update_head()
            return
        if not on and not wall.config.entries:
            self.close_wall()  # a wall of the team's alone: nothing left on it
            return
        if on and len(wall.slots[: wall.own]) >= WALL_MAX:
            self.entry.say(
                self.tr("The wall is full ({n} tiles): no room for the team's sessions.").format(
                    n=number_format().count(WALL_MAX)
                ),
                "info",
            )
        wall.follow_team(on)
        self._update_head()

    def _recorded_here(self, session_id: int) -> bool:
        if self.recorded_here is not None:
            return self.recorded_here(session_id)
        return any(live.info.id == session_id for live in self.live_sessions())

    def _show_error(self, what: str, exc: BaseException) -> None:
        log.error("%s: %s", what, exc)
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Genbo"), what, parent=self)
        box.setInformativeText(str(exc))
        box.open()
        self._box = box

    # -- saved walls -------------------------------------------------------------------
    def refresh_saved(self) -> None:
        """Read the saved walls' names again, off the GUI thread (`savedChanged`)."""
        saved = self.saved

        def done(names: list[str]) -> None:
            self._saved_names = names
            self.savedChanged.emit(names)

        self.ctx.tasks.submit(saved.names, done, lambda e: log.warning("saved walls: %s", e))

    def _fill_saved_menu(self) -> None:
        """From the names last read (the folder is read again for the next time)."""
        self.saved_menu.clear()
        names = list(self._saved_names)
        for name in names:
            act = self.saved_menu.addAction(name)
            act.triggered.connect(lambda _on=False, n=name: self.open_saved(n))
        if not names:
            act = self.saved_menu.addAction(self.tr("No saved walls yet"))
            act.setEnabled(False)
        self.saved_menu.addSeparator()
        demo = self.saved_menu.addAction(self.tr("Demo wall (12 simulated shows)"))
        demo.triggered.connect(lambda: self.open_wall(demo_wall()))
        if names:
            delete = self.saved_menu.addMenu(self.tr("Delete"))
            for name in names:
                act = delete.addAction(name)
                act.triggered.connect(lambda _on=False, n=name: self.ask_delete(n))
        self.refresh_saved()

    def open_saved(self, name: str) -> None:
        """Read a saved wall off the GUI thread, then follow it."""
        saved = self.saved

        def failed(exc: BaseException) -> None:
            self._show_error(
                self.tr(
                    "The saved wall “{name}” cannot be opened; nothing was started. "
                    "Save the wall again under that name, or open its file with genbo wall."
                ).format(name=name),
                exc,
            )

        def loaded(config: WallConfig) -> None:
            self.open_wall(config)

        self.ctx.tasks.submit(lambda: saved.load(name), loaded, failed)

    def ask_delete(self, name: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Delete saved wall"),
            self.tr(
                "Delete the saved wall “{name}”? Its sessions stay in the library; only "
                "the set of streamers and sources is forgotten."
            ).format(name=name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Delete"))
        box.accepted.connect(lambda: self.delete_saved(name))
        box.open()
        self._box = box

    def delete_saved(self, name: str) -> None:
        saved = self.saved

        def failed(exc: BaseException) -> None:
            self._show_error(
                self.tr(
                    "The saved wall “{name}” could not be deleted; it is still there. "
                    "Check that the data folder can be written."
                ).format(name=name),
                exc,
            )

        self.ctx.tasks.submit(lambda: saved.delete(name), lambda _r: self.refresh_saved(), failed)

    def ask_save(self) -> None:
        wall = self.wall
        if wall is None:
            return
        dlg = QInputDialog(self)
        dlg.setWindowTitle(self.tr("Save wall"))
        dlg.setLabelText(self.tr("Name of this wall (the same name replaces it):"))
        dlg.setTextValue(wall.config.name)
        dlg.textValueSelected.connect(self.save_as)
        dlg.open()
        self._dialog = dlg

    def save_as(self, name: str) -> None:
        """Keep this wall under `name` (off the GUI thread; `savedChanged` follows)."""
        wall = self.wall
        name = name.strip()
        if wall is None or not name:
            return
        config = replace(wall.config, name=name, path=None)
        saved = self.saved

        def done(path: object) -> None:
            self.name.setToolTip(str(path))
            self.window().statusBar().showMessage(  # type: ignore[attr-defined]
                self.tr("Wall “{name}” saved.").format(name=name), 8000
            )
            self.refresh_saved()

        def failed(exc: BaseException) -> None:
            self._show_error(
                self.tr(
                    "The wall could not be saved as “{name}”; it goes on as it is. "
                    "Check that the data folder can be written, or try another name."
                ).format(name=name),
                exc,
            )

        self.ctx.tasks.submit(lambda: saved.save(config), done, failed)

    # -- each session ------------------------------------------------------------------
    def _stop_slot(self, i: int) -> None:
        if self.wall is not None:
            self.wall.stop(i)

    def ask_stop_all(self) -> None:
        wall = self.wall
        if wall is None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Stop all"),
            self.tr("Stop following every streamer on the wall? Each session is saved and closed."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Stop and save all"))
        box.accepted.connect(self.stop_all)
        box.open()
        self._box = box

    def stop_all(self) -> None:
        wall = self.wall
        if wall is None:
            return
        for i, slot in enumerate(wall.slots):
            if slot.state in (SlotState.LIVE, SlotState.STALE, SlotState.WAITING):
                wall.stop(i)  # a waiting one no longer starts by itself

    def stop_all_blocking(self) -> list[SessionInfo]:
        """For the window's close: every live session stopped and stored now."""
        if self.wall is None:
            return []
        ended = self.wall.stop_all_blocking()
        for info in ended:
            self._tell_ended_info(info)
        return ended

    def _on_started(self, i: int, live: LiveSession) -> None:
        st = self.ctx.settings
        live.recorder.auto_highlights = st.auto_highlights
        live.recorder.preroll_s = st.preroll_s
        wall = self.wall
        if wall is None or wall.config.demo:
            return
        from app.core.roster import thresholds_from_yuan

        notices = SessionNotices(
            self.notify, live.info, number_format(), thresholds_from_yuan(st.leap_ladder)
        )
        self._notices[i] = notices
        if live.recorder.resumed_series is None:
            notices.went_live()
        if self.focused_live() is live:
            self._on_focused(i)

    def _on_stopped(self, i: int, info: SessionInfo) -> None:
        notices = self._notices.pop(i, None)
        wall = self.wall
        if notices is not None and wall is not None:
            live = wall.slots[i].live
            notices.ended(info, live.recorder.month_change if live is not None else None)
        if self.wall is not None and self.view.focused() == i:
            self._on_focused(i)

    def _tell_ended_info(self, info: SessionInfo) -> None:
        wall = self.wall
        if wall is None:
            return
        for i, slot in enumerate(wall.slots):
            if slot.session_id == info.id:
                self._on_stopped(i, info)

    def _on_event(self, event: WallEvent) -> None:
        """Every session's milestones and alerts: the wall's feed and banner
        (its view) show them; here the tray, the sound and the team chat."""
        if event.major:
            self._alert(f"{event.streamer} · {event.text}", True)
        elif event.kind == "alert":
            self._alert(f"{event.streamer} · {event.text}", False)
        notices = self._notices.get(event.slot)
        if notices is None:
            return
        if event.milestone is not None and event.major:
            notices.milestone(event.milestone)
        elif event.alert is not None:
            notices.alert(event.alert)

    def _open_slot(self, i: int) -> None:
        if self.wall is None or not 0 <= i < len(self.wall.slots):
            return
        slot = self.wall.slots[i]
        if slot.read_only and slot.session_id is not None:
            self.reviewRequested.emit(slot.session_id)  # read-only, following it
            return
        live = slot.live
        if live is not None:
            self.openRequested.emit(live)

    # -- focus and what acts on it ---------------------------------------------------------
    def focused_live(self) -> LiveSession | None:
        """The focused tile's session, if it is being followed."""
        if self.wall is None:
            return None
        i = self.view.focused()
        if i is None:
            return None
        live = self.wall.slots[i].live
        return live if live is not None and not live.stopping else None

    def _not_followed(self) -> None:
        """A key for the focused tile while it follows no session (or one
        that another computer records)."""
        i = self.view.focused()
        if self.wall is not None and i is not None:
            self.entry.say(self._not_followed_text(self.wall.slots[i]), "info")

    def _not_followed_text(self, slot: WallSlot) -> str:
        if slot.remote is not None:
            who = slot.remote.info.operator
            if who:
                return self.tr(
                    "{name} is recorded by {operator} on another computer: read-only here."
                ).format(name=slot.streamer, operator=who)
            return self.tr("{name} is recorded on another computer: read-only here.").format(
                name=slot.streamer
            )
        return self.tr("{name} is not being followed right now: start the tile first.").format(
            name=slot.streamer
        )

    def _on_focused(self, i: int) -> None:
        live = self.focused_live()
        if self.entry.target is not live:
            self.entry.forget_pending()  # it was checked against the other session
        self.entry.target = live
        if live is not None:
            self.entry.latest = dict(live.recorder.stats.snapshot().latest)

    def _route(self, line: str) -> tuple[str, str]:
        """The entry line's session: the one `@name` names, else the focused one."""
        wall = self.wall
        if wall is None:
            raise EntryError(self.tr("No wall is open."))
        name, rest = split_target(line)
        if name is not None:
            names = [s.streamer for s in wall.slots]
            found = match_target(name, names)
            if found is None:  # "@杨小姐成交12万": the name runs into the numbers
                starts = [
                    k for k, n in enumerate(names) if name.casefold().startswith(n.casefold())
                ]
                if starts:
                    found = max(starts, key=lambda k: len(names[k]))
                    rest = f"{name[len(names[found]) :]} {rest}".strip()
            if found is None:
                raise EntryError(
                    self.tr("No streamer “{name}” on this wall; it has {names}.").format(
                        name=name, names=", ".join(names)
                    )
                )
            if isinstance(found, list):
                raise EntryError(
                    self.tr("“{name}” could be {names}: type more of the name.").format(
                        name=name, names=", ".join(names[k] for k in found)
                    )
                )
            self.view.set_focused(found)
        i = self.view.focused()
        if i is None:
            raise EntryError(self.tr("Click a tile first, or name the streamer: @name gmv 12万"))
        slot = wall.slots[i]
        live = self.focused_live()
        if live is None:
            raise EntryError(self._not_followed_text(slot))
        self.entry.target = live
        return rest, slot.streamer

    def _on_entry(self, values: dict[str, int], ts_ms: int | None) -> None:
        """Into the session the line was checked against (its `target`)."""
        live = self.entry.target
        if isinstance(live, LiveSession) and not live.stopping:
            live.enter(values, ts_ms)

    def focus_entry(self) -> None:
        self.entry.edit.setFocus()
        self.entry.edit.selectAll()

    def mark(self) -> Highlight | None:
        """H on the wall: mark now in the focused session, with a note line."""
        live = self.focused_live()
        if live is None:
            self._not_followed()
            return None
        st = self.ctx.settings
        at = format_elapsed(max(0.0, live.elapsed() - st.reaction_lag_s))
        h = live.mark(
            self.tr("Highlight at {time}").format(time=at), st.reaction_lag_s, st.preroll_s
        )
        self.undo.push(
            MarkDone(live, h, self.tr("Mark moment ({name})").format(name=live.info.streamer.name))
        )
        self._open_note(
            live,
            h,
            self.tr("{name}: note for {time} — Enter saves, Esc skips").format(
                name=live.info.streamer.name, time=at
            ),
        )
        return h

    def ask_segment_name(self) -> None:
        live = self.focused_live()
        if live is None:
            self._not_followed()
            return
        self._open_note(
            live,
            None,
            self.tr("{name}: segment name, e.g. 讲解 商品A — Enter starts it, Esc cancels").format(
                name=live.info.streamer.name
            ),
        )

    def end_segment(self) -> None:
        live = self.focused_live()
        if live is None:
            self._not_followed()
            return
        seg = live.end_segment()
        name = live.info.streamer.name
        self.entry.say(
            self.tr("{name}: segment “{segment}” ended").format(name=name, segment=seg.name)
            if seg is not None
            else self.tr("{name}: no segment is running").format(name=name),
            "ok" if seg is not None else "info",
        )

    def _open_note(self, live: LiveSession, h: Highlight | None, placeholder: str) -> None:
        self._note_for = (live, h)
        focused = QApplication.focusWidget()
        if focused is not self.note_edit:
            self._focus_before = focused
        self.note_edit.setPlaceholderText(placeholder)
        self.note_edit.clear()
        self.entry.hide()
        self.note_edit.show()
        self.note_edit.setFocus()

    def _close_note(self) -> None:
        self._note_for = None
        self.note_edit.hide()
        self.entry.setVisible(self.wall is not None)
        back = getattr(self, "_focus_before", None)
        if isinstance(back, QWidget) and back.isVisible():
            back.setFocus()
        else:
            self.view.setFocus()

    def _save_note(self) -> None:
        target = self._note_for
        text = self.note_edit.text().strip()
        self._close_note()
        if target is None:
            return
        live, h = target
        if live.stopping:
            return
        name = live.info.streamer.name
        if h is None:
            if text:
                live.start_segment(text)
                self.entry.say(
                    self.tr("{name}: segment “{segment}” started (E ends it)").format(
                        name=name, segment=text
                    )
                )
            return
        if text:
            h = with_note(h, text)
            live.put_highlight(h)
        self.entry.say(self.tr("{name}: marked {title}").format(name=name, title=h.title))

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.note_edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Escape:
                self._close_note()
                return True
        return super().eventFilter(obj, event)
