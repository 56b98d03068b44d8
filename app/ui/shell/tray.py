"""The tray icon and its quick actions: mark a moment, show or hide the window,
mini mode, stop the session, quit.

The menu is built whether or not the desktop has a tray (the window's tests
trigger its actions offscreen); the icon itself only where
`QSystemTrayIcon.isSystemTrayAvailable()`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon, QWidget


class Tray(QObject):
    def __init__(
        self,
        icon: QIcon,
        *,
        mark: Callable[[], object],
        show_hide: Callable[[], object],
        mini: QAction,
        stop: QAction,
        quit_app: Callable[[], object],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.menu = QMenu(parent)
        self.menu.setObjectName("trayMenu")
        self.mark_action = QAction(self.tr("Mark moment"), self.menu)
        self.mark_action.triggered.connect(lambda: mark())
        self.show_action = QAction(self.tr("Hide the window"), self.menu)
        self.show_action.triggered.connect(lambda: show_hide())
        self.mini_action = mini
        """The window's own mini-mode action (checked in mini mode)."""
        self.stop_action = stop
        """The window's own stop action (enabled only while a session is live)."""
        self.quit_action = QAction(self.tr("Quit Genbo"), self.menu)
        self.quit_action.triggered.connect(lambda: quit_app())
        for act in (self.mark_action, self.show_action, self.mini_action):
            self.menu.addAction(act)
        self.menu.addSeparator()
        self.menu.addAction(self.stop_action)
        self.menu.addSeparator()
        self.menu.addAction(self.quit_action)
        self.icon: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            tray = QSystemTrayIcon(icon, self)
            tray.setToolTip("Genbo")
            tray.setContextMenu(self.menu)
            tray.activated.connect(self._on_activated)
            tray.show()
            self.icon = tray
        self._show_hide = show_hide
        self.update_state(live=False, window_shown=True)

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:  # a plain click
            self._show_hide()

    def menu_actions(self) -> list[QAction]:
        """The menu's actions, separators left out."""
        return [a for a in self.menu.actions() if not a.isSeparator()]

    def update_state(self, *, live: bool, window_shown: bool) -> None:
        """Mark only while a session is live; "Show" or "Hide" as the window is."""
        self.mark_action.setEnabled(live)
        self.show_action.setText(
            self.tr("Hide the window") if window_shown else self.tr("Show the window")
        )

    def tell(self, title: str, text: str) -> None:
        """A desktop notification from the tray (nothing where there is no tray)."""
        if self.icon is not None:
            self.icon.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, 8000)
