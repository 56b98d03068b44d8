"""The QApplication and what every window of Genbo's starts from: its names,
icon, style and size. Qt only and light, so the start window can use it
before anything heavy is imported."""

from __future__ import annotations

import sys

from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QWidget

from app import __version__
from app.config.paths import resource_path
from app.ui.widgets.style import STYLE


def base_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with Genbo's names, icon and style (no plotting set-up)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv[:1])
    from app.config.i18n import install_on

    install_on(app)  # the translators main() chose, for self.tr() and Qt's own dialogs
    app.setApplicationName("Genbo")
    app.setApplicationDisplayName("Genbo 跟播")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Genbo")
    app.setDesktopFileName("genbo")
    icon = resource_path("genbo.svg")
    if icon is not None:
        app.setWindowIcon(QIcon(str(icon)))
    if not app.styleSheet():
        # Once: a later call (a second window, each test) keeps the theme the
        # window gave it; setting a sheet again restyles every widget there is.
        app.setStyleSheet(STYLE)
    return app


START_SIZE = (1600, 900)


def start_size(window: QWidget) -> tuple[int, int]:
    """1600×900, or the screen's free area where that is smaller (a 1280×720
    or 1366×768 laptop): the window never starts larger than its screen."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return START_SIZE
    free = screen.availableGeometry()
    return min(START_SIZE[0], free.width()), min(START_SIZE[1], free.height())
