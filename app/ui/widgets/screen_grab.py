"""Grabbing a screen layout's crops, on the GUI thread, for the screen source.

Qt grabs the screen only on the GUI thread (`QScreen.grabWindow`), so the
screen source's thread asks a `ScreenGrabber` that lives there and waits for
the crops (a few milliseconds: the layout's bounding box is grabbed once and
cut into its regions): the grabber answers with a `Future` it fulfils on the
GUI thread, which the source waits for in short slices, watching its stop
event. OCR then runs on the source's thread. `ScreenGrabber.close` fails
every grab still waiting and refuses later ones: call it before the GUI
thread blocks waiting for screen sources to stop.

A layout may follow a window by its title. Finding another program's window
is up to the platform:

* X11 (Linux with an X server or XWayland window): python-xlib walks the
  window tree for a title that contains the text (`_NET_WM_NAME`, else
  `WM_NAME`).
* Windows: `EnumWindows` and `GetWindowRect` through ctypes.
* macOS and Wayland: there is no way for a program to find another's
  window, so the regions stay at fixed screen coordinates; the status says so.
"""

from __future__ import annotations

import logging
import os
import threading
from concurrent.futures import Future

import numpy as np
from PySide6.QtCore import QObject, QPoint, QRect, Qt, QThread, Signal
from PySide6.QtGui import QGuiApplication, QImage, QScreen

from app.core.messages import QT_TRANSLATE_NOOP
from app.sources.ocr import Image
from app.sources.screen import Captured, CaptureError, ScreenLayout

log = logging.getLogger(__name__)


def to_array(img: QImage) -> Image:
    """A QImage as an RGB numpy array (a copy)."""
    rgb = img.convertToFormat(QImage.Format.Format_RGB888)
    w, h = rgb.width(), rgb.height()
    buf = np.frombuffer(rgb.constBits(), np.uint8, rgb.sizeInBytes())
    return buf.reshape(h, rgb.bytesPerLine())[:, : w * 3].reshape(h, w, 3).copy()


def from_array(a: Image) -> QImage:
    h, w = a.shape[:2]
    data = np.ascontiguousarray(a)
    return QImage(data.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()


# -- finding a window by its title ------------------------------------------------------
def window_support() -> str:
    """ "x11", "windows", or "" where Genbo cannot find other programs' windows."""
    platform = QGuiApplication.platformName()
    if platform == "xcb":
        return "x11"
    if platform == "windows":
        return "windows"
    return ""


def _own_windows() -> set[int]:
    """The native ids of Genbo's own top-level windows (the demo dashboard,
    which stands for another program, left out): a dialog titled after the
    dashboard ("Suspect reads · 罗盘大屏") is never the window followed."""
    from PySide6.QtWidgets import QApplication

    return {
        int(w.winId())
        for w in QApplication.topLevelWidgets()
        if w.testAttribute(Qt.WidgetAttribute.WA_WState_Created)
        and not w.property("genboStandsForAnotherProgram")
    }


def find_window(title: str) -> QRect | None:
    """The first visible window whose title contains `title` (case
    insensitive), in Qt's screen coordinates, never one of Genbo's own; None
    if none is found or the platform cannot tell."""
    support = window_support()
    try:
        if support == "x11":
            return _find_x11(title, _own_windows())
        if support == "windows":
            return _find_windows(title, _own_windows())
    except Exception:  # a window manager's odd tree must not stop the reading
        log.exception("finding the window %r failed", title)
    return None


def _find_x11(title: str, own: set[int]) -> QRect | None:
    from Xlib import X, display

    want = title.casefold()
    d = display.Display(os.environ.get("DISPLAY"))
    try:
        root = d.screen().root
        net_name = d.intern_atom("_NET_WM_NAME")
        utf8 = d.intern_atom("UTF8_STRING")
        stack = [root]
        while stack:
            win = stack.pop()
            if win.id in own:
                continue  # Genbo's own window (and what is inside it)
            try:
                attrs = win.get_attributes()
                prop = win.get_full_property(net_name, utf8)
                name = prop.value.decode("utf-8", "replace") if prop else win.get_wm_name()
                if (
                    isinstance(name, str)
                    and want in name.casefold()
                    and attrs.map_state == X.IsViewable
                ):
                    geo = win.get_geometry()
                    pos = root.translate_coords(win, 0, 0)
                    ratio = QGuiApplication.primaryScreen().devicePixelRatio()
                    return QRect(
                        round(pos.x / ratio),
                        round(pos.y / ratio),
                        round(geo.width / ratio),
                        round(geo.height / ratio),
                    )
                stack.extend(reversed(win.query_tree().children))
            except Exception:  # the window went away while being looked at
                continue
    finally:
        d.close()
    return None


def _find_windows(title: str, own: set[int]) -> QRect | None:  # pragma: no cover - Windows only
    import ctypes
    from ctypes import wintypes

    user32 = ctypes.windll.user32  # type: ignore[attr-defined]
    want = title.casefold()
    found: list[QRect] = []

    @ctypes.WINFUNCTYPE(wintypes.BOOL, wintypes.HWND, wintypes.LPARAM)  # type: ignore[attr-defined]
    def visit(hwnd: int, _lparam: int) -> bool:
        if not user32.IsWindowVisible(hwnd) or int(hwnd) in own:
            return True
        n = user32.GetWindowTextLengthW(hwnd)
        buf = ctypes.create_unicode_buffer(n + 1)
        user32.GetWindowTextW(hwnd, buf, n + 1)
        if want in buf.value.casefold():
            r = wintypes.RECT()
            user32.GetWindowRect(hwnd, ctypes.byref(r))
            ratio = QGuiApplication.primaryScreen().devicePixelRatio()
            found.append(
                QRect(
                    round(r.left / ratio),
                    round(r.top / ratio),
                    round((r.right - r.left) / ratio),
                    round((r.bottom - r.top) / ratio),
                )
            )
            return False
        return True

    user32.EnumWindows(visit, 0)
    return found[0] if found else None


# -- grabbing ---------------------------------------------------------------------------
def layout_origin(layout: ScreenLayout) -> tuple[QPoint, str]:
    """Where the layout's (0, 0) is on the screen now, and a note to tell."""
    if not layout.window_title:
        return QPoint(0, 0), ""
    if not window_support():
        return QPoint(0, 0), QGuiApplication.translate(
            "ScreenGrabber",
            "this system does not let Genbo find a window: the boxes stay where they were drawn",
        )
    rect = find_window(layout.window_title)
    if rect is None:
        raise CaptureError(
            QT_TRANSLATE_NOOP("sources", "no window titled “{title}” is open"),
            title=layout.window_title,
        )
    return rect.topLeft(), ""


def grab_layout(layout: ScreenLayout) -> Captured:
    """The layout's crops now (GUI thread)."""
    origin, note = layout_origin(layout)
    regions = [QRect(r.x, r.y, r.w, r.h).translated(origin) for r in layout.regions]
    box = regions[0]
    for r in regions[1:]:
        box = box.united(r)
    screen: QScreen | None = QGuiApplication.screenAt(box.center()) or (
        QGuiApplication.primaryScreen()
    )
    if screen is None:
        raise CaptureError(QT_TRANSLATE_NOOP("sources", "there is no screen to read"))
    geo = screen.geometry()
    pix = screen.grabWindow(0, box.x() - geo.x(), box.y() - geo.y(), box.width(), box.height())
    if pix.isNull():
        raise CaptureError(QT_TRANSLATE_NOOP("sources", "the screen could not be captured"))
    img = pix.toImage()
    ratio = img.width() / box.width() if box.width() else 1.0
    crops = []
    for r in regions:
        part = QRect(
            round((r.x() - box.x()) * ratio),
            round((r.y() - box.y()) * ratio),
            max(1, round(r.width() * ratio)),
            max(1, round(r.height() * ratio)),
        )
        crops.append(to_array(img.copy(part)))
    return Captured(tuple(crops), note, tuple(covered_by_genbo(r) for r in regions))


def covered_by_genbo(rect: QRect) -> bool:
    """Whether one of Genbo's own windows is on top at any corner or the
    centre of `rect` (the demo dashboard, which stands for another
    program, does not count). Qt knows only its own windows: another
    program's window above Genbo's is not seen."""
    from PySide6.QtWidgets import QApplication

    points = (
        rect.center(),
        rect.topLeft() + QPoint(2, 2),
        rect.topRight() + QPoint(-2, 2),
        rect.bottomLeft() + QPoint(2, -2),
        rect.bottomRight() + QPoint(-2, -2),
    )
    for p in points:
        top = QApplication.topLevelAt(p)
        if top is not None and top.isVisible() and not top.property("genboStandsForAnotherProgram"):
            return True
    return False


def _closing() -> CaptureError:
    return CaptureError(QT_TRANSLATE_NOOP("sources", "the window is closing"))


class ScreenGrabber(QObject):
    """Grabs for the screen sources: call it from any thread (`Capture`).
    On the GUI thread it grabs at once; from another thread it answers with
    a `Future` that the GUI thread fulfils (the source waits for it)."""

    _asked = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._asked.connect(self._grab, Qt.ConnectionType.QueuedConnection)
        self._lock = threading.Lock()
        self._closed = False
        self._pending: set[Future[Captured]] = set()
        """Asked for, not yet taken up by the GUI thread (under `_lock`)."""

    def __call__(self, layout: ScreenLayout) -> Captured | Future[Captured]:
        if QThread.currentThread() is self.thread():
            return grab_layout(layout)
        fut: Future[Captured] = Future()
        with self._lock:
            if self._closed:
                raise _closing()
            self._pending.add(fut)
        self._asked.emit((layout, fut))
        return fut

    @property
    def closed(self) -> bool:
        with self._lock:
            return self._closed

    def close(self) -> None:
        """Fail every grab still waiting with `CaptureError` and refuse later
        ones at once (any thread; final: a new session needs a new grabber)."""
        with self._lock:
            self._closed = True
            pending, self._pending = self._pending, set()
        for fut in pending:
            if fut.set_running_or_notify_cancel():  # False: the source gave up on it
                fut.set_exception(_closing())

    def _grab(self, job: tuple[ScreenLayout, Future[Captured]]) -> None:
        layout, fut = job
        with self._lock:
            if fut not in self._pending:
                return  # failed by `close` already
            self._pending.discard(fut)
        if not fut.set_running_or_notify_cancel():
            return
        try:
            fut.set_result(grab_layout(layout))
        except CaptureError as exc:
            fut.set_exception(exc)
        except Exception as exc:  # never leave the source waiting
            log.exception("grabbing the screen failed")
            fut.set_exception(
                CaptureError(
                    QT_TRANSLATE_NOOP("sources", "the screen could not be captured: {error}"),
                    error=exc,
                )
            )
