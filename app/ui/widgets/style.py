"""The application style sheet (kept in code so it ships inside the package),
and the light and dark themes. Qt only (pyqtgraph is imported where plots are
recoloured), so the light start window can use it."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

BANNER_PT = 11
MAJOR_BANNER_PT = 15
"""The milestone banner's text sizes; its row's fixed height is measured from
the larger one (`app.ui.view.highlights.BannerStrip`)."""

STYLE = """
QLabel#headerStreamer { font-size: 18pt; font-weight: 600; }
QLabel#headerTitle { font-size: 12pt; color: #555; }
QLabel#headerClock { font-size: 20pt; font-weight: 600; font-family: monospace; min-width: 140px; }
QLabel#sourceStatus { padding: 3px 10px; border-radius: 10px; background: #e5e7eb; color: #374151; }
QLabel#sourceStatus[state="live"] { background: #dcfce7; color: #166534; }
QLabel#sourceStatus[state="bad"] { background: #fee2e2; color: #991b1b; }
QLabel#sourceStatus[state="finished"], QLabel#sourceStatus[state="ended"] {
    background: #e0e7ff; color: #3730a3; }
QFrame#tile { background: #ffffff; border: 1px solid #e5e7eb; border-radius: 8px; }
QLabel#tileTitle { color: #6b7280; font-size: 9pt; }
QLabel#tileValue { font-size: 22pt; font-weight: 600; color: #111827; }
QLabel#tileSub { color: #6b7280; font-size: 8pt; }
QLabel#plotReadout { color: #374151; padding: 2px 4px; font-family: monospace; }
QFrame#interruptedBanner { background: #fef3c7; border-bottom: 1px solid #f59e0b; }
QFrame#storageBanner { background: #fee2e2; border-bottom: 1px solid #ef4444; }
QFrame#storageBanner QLabel { color: #7f1d1d; }
QFrame#storageBanner[kind="ok"] { background: #dcfce7; border-bottom: 1px solid #22c55e; }
QFrame#storageBanner[kind="ok"] QLabel { color: #14532d; }
QFrame#storageBanner[kind="note"] { background: #fef3c7; border-bottom: 1px solid #f59e0b; }
QFrame#storageBanner[kind="note"] QLabel { color: #78350f; }
QLabel#placeholderText { font-size: 14pt; color: #6b7280; }
QLabel#formError { color: #b91c1c; }
QLineEdit#quickEntry { font-size: 12pt; padding: 4px 6px; }
QLabel#entryMessage[kind="error"] { color: #b91c1c; }
QLabel#entryMessage[kind="warning"] { color: #b45309; font-weight: 600; }
QLabel#entryMessage[kind="ok"] { color: #166534; }
QLabel#entryMessage[kind="info"] { color: #4b5563; }
QFrame#bannerStrip { background: transparent; }
QLabel#bannerQuiet { color: #6b7280; font-size: 9pt; padding-left: 4px; }
QFrame#milestoneBanner { background: #ede9fe; border: 1px solid #a78bfa; border-radius: 6px; }
QFrame#milestoneBanner[major="true"] {
    background: qlineargradient(x1:0, y1:0, x2:1, y2:0,
                                stop:0 #fde68a, stop:0.5 #fbbf24, stop:1 #f59e0b);
    border: 2px solid #d97706; }
QFrame#milestoneBanner QPushButton { padding: 1px 8px; }
QFrame#milestoneBanner[faded="true"] {
    background: #f5f3ff; border: 1px solid #ddd6fe; }
QFrame#milestoneBanner[faded="true"][major="true"] {
    background: #fef3c7; border: 2px solid #fcd34d; }
QFrame#milestoneBanner[faded="true"] QPushButton {
    background: transparent; border: none; color: #6b7280; }
QLabel#cardStatus { color: #374151; }
QLabel#cardStatus[kind="ok"] { color: #166534; }
QLabel#cardStatus[kind="error"] { color: #b91c1c; }
QPushButton#markButton { font-weight: 600; padding: 4px 12px; }
QLineEdit#noteEntry {
    font-size: 11pt; padding: 3px 6px; background: #fffbeb; border: 1px solid #f59e0b; }
QLabel#feedTitle { color: #6b7280; font-size: 9pt; }
QLabel#feedEmpty { color: #9ca3af; font-size: 9pt; }
QLabel#ingestInfo { background: #eef2ff; color: #3730a3; padding: 3px 8px; border-radius: 6px; }
QFrame#undoBar { background: #fef3c7; border: 1px solid #f59e0b; border-radius: 6px; }
QLabel[tone="good"] { color: #166534; }
QLabel[tone="bad"] { color: #b91c1c; }
QLabel[tone="warn"] { color: #b45309; }
QLabel[tone="late"] { color: #b45309; font-weight: 600; }
QLabel[tone="muted"] { color: #6b7280; }
QLabel[tone="soft"] { color: #4b5563; }
QLabel[tone="worst"] { color: #991b1b; }
"""

STYLE += f"""
QLabel#bannerText {{ font-size: {BANNER_PT}pt; font-weight: 600; color: #4c1d95; }}
QFrame#milestoneBanner[major="true"] QLabel#bannerText {{
    font-size: {MAJOR_BANNER_PT}pt; font-weight: 800; color: #7c2d12; }}
QFrame#milestoneBanner[faded="true"] QLabel#bannerText {{ color: #6d28d9; }}
QFrame#milestoneBanner[faded="true"][major="true"] QLabel#bannerText {{ color: #92400e; }}
"""

# The watch wall's tiles (app.ui.wall): the state badge's colours; the state's
# coloured edge, the focus ring and the gold of a major milestone are painted
# by the tile from `TONES` ("live_edge", "gold", "focus", …).
STYLE += """
QFrame#wallTile { background: #ffffff; border: 1px solid #e5e7eb; border-radius: 8px; }
QLabel#wallName { font-size: 11pt; font-weight: 700; color: #111827; }
QLabel#wallTitle { font-size: 9pt; color: #6b7280; }
QLabel#wallClock { font-size: 10pt; font-family: monospace; color: #374151; }
QLabel#wallCaption { font-size: 8pt; color: #6b7280; }
QLabel#wallValue { font-size: 15pt; font-weight: 600; color: #111827; }
QLabel#wallRate { font-size: 9pt; color: #374151; }
QLabel#wallGhost { font-size: 9pt; color: #6b7280; }
QLabel#wallDetail { font-size: 9pt; color: #4b5563; }
QLabel#wallEvent { font-size: 9pt; color: #4b5563; }
QLabel#wallBadge { font-size: 8pt; font-weight: 700; padding: 1px 6px; border-radius: 7px;
    background: #e5e7eb; color: #374151; }
QLabel#wallBadge[state="live"] { background: #dcfce7; color: #166534; }
QLabel#wallBadge[state="stale"] { background: #fef3c7; color: #b45309; }
QLabel#wallBadge[state="ended"] { background: #e0e7ff; color: #3730a3; }
QLabel#wallBadge[state="starting"] { background: #eef2ff; color: #3730a3; }
QLabel#wallBadge[state="failed"] { background: #fee2e2; color: #991b1b; }
QToolButton#wallMenu, QToolButton#wallAction { padding: 0px 4px; }
QLabel#wallFeedTitle { color: #6b7280; font-size: 9pt; }
QLabel#wallBannerCount { font-size: 10pt; font-weight: 600; color: #7c2d12; }
QFrame#milestoneBanner QPushButton#wallBannerNext { padding: 1px 8px; }
"""

# -- themes ------------------------------------------------------------------------------
# The light style sheet above is the one written; the dark one is made from it by
# swapping each colour for its dark counterpart (one pass, so no colour is swapped twice).

THEMES = ("system", "light", "dark")
"""The theme setting's choices (`Settings.theme`)."""

_DARK_COLOURS = {
    "#6b7280": "#9ca3af",
    "#f59e0b": "#b45309",
    "#b91c1c": "#f87171",
    "#374151": "#d1d5db",
    "#166534": "#4ade80",
    "#fef3c7": "#422006",
    "#e5e7eb": "#374151",
    "#3730a3": "#c7d2fe",
    "#ffffff": "#1f2937",
    "#fffbeb": "#292010",
    "#fee2e2": "#450a0a",
    "#fecaca": "#7f1d1d",
    "#fde68a": "#78350f",
    "#fbbf24": "#92400e",
    "#fcd34d": "#92400e",
    "#f5f3ff": "#2e1065",
    "#eef2ff": "#1e1b4b",
    "#ede9fe": "#3b0764",
    "#e0e7ff": "#312e81",
    "#ddd6fe": "#4c1d95",
    "#dcfce7": "#14532d",
    "#d97706": "#f59e0b",
    "#b45309": "#fbbf24",
    "#a78bfa": "#7c3aed",
    "#9ca3af": "#6b7280",
    "#991b1b": "#fca5a5",
    "#92400e": "#fcd34d",
    "#7c2d12": "#fff7ed",
    "#6d28d9": "#c4b5fd",
    "#555": "#aaa",
    "#4c1d95": "#ddd6fe",
    "#4b5563": "#9ca3af",
    "#111827": "#f9fafb",
    # the wall's tiles and sparklines
    "#2563eb": "#60a5fa",
    "#ea580c": "#fb923c",
}


def _darken(sheet: str) -> str:
    pattern = re.compile(
        "|".join(re.escape(c) + r"\b" for c in sorted(_DARK_COLOURS, key=len, reverse=True)),
        re.IGNORECASE,
    )
    return pattern.sub(lambda m: _DARK_COLOURS[m.group(0).lower()], sheet)


LIGHT_STYLE = STYLE
DARK_STYLE = _darken(STYLE)

# -- colours that say something ------------------------------------------------------
# Written once in their light form; `tone()` gives the dark theme's counterpart.

TONES: dict[str, str] = {
    "good": "#166534",  # on pace, up where more is better, saved
    "bad": "#b91c1c",  # behind, down where more is better, an error
    "warn": "#b45309",  # late, a figure that needs a look
    "late": "#b45309",
    "muted": "#6b7280",  # notes, "no value"
    "soft": "#4b5563",
    "faint": "#9ca3af",  # archived
    "worst": "#991b1b",
    "worst_bg": "#fee2e2",  # the row furthest below its median
    "problem_bg": "#fecaca",  # a cell that cannot be read
    # the wall's tiles: the edge that says a tile's state, the focus ring, the
    # gold of a major milestone, and the sparklines
    "live_edge": "#166534",
    "stale_edge": "#b45309",
    "failed_edge": "#b91c1c",
    "ended_edge": "#3730a3",
    "waiting_edge": "#9ca3af",
    "gold": "#d97706",
    "gold_bg": "#fde68a",
    "focus": "#2563eb",
    "spark_viewers": "#2563eb",
    "spark_gmv": "#ea580c",
}


def tone(name: str, scheme: str | None = None) -> QColor:
    """The colour of `name` (see `TONES`) in the theme shown (or `scheme`)."""
    light = TONES[name]
    if (scheme or current_scheme()) == "dark":
        return QColor(_DARK_COLOURS.get(light, light))
    return QColor(light)


def set_tone(label: QWidget, name: str | None) -> None:
    """Colour a label by meaning (the style sheet's `[tone=…]` rules, so a
    theme switch recolours it); None takes the colour away."""
    if label.property("tone") == name:
        return
    label.setProperty("tone", name or "")
    label.style().unpolish(label)
    label.style().polish(label)


MINI_STYLE = """
QWidget#miniWindow { background: %(bg)s; border: 1px solid %(border)s; border-radius: 10px; }
QLabel#miniCaption { color: %(muted)s; font-size: 10pt; }
QLabel#miniValue { color: %(ink)s; font-weight: 700; }
QLabel#miniHeader { color: %(ink)s; font-size: 11pt; font-weight: 600; }
QLabel#miniClock { color: %(muted)s; font-size: 11pt; font-family: monospace; }
QLabel#miniMilestone { color: %(accent)s; font-size: 11pt; font-weight: 600; }
QLabel#miniEmpty { color: %(muted)s; font-size: 14pt; }
QPushButton#miniMark { font-weight: 600; padding: 3px 10px; }
QToolButton#miniBack { border: none; color: %(muted)s; font-size: 13pt; }
"""

_MINI_COLOURS = {
    "light": {
        "bg": "#ffffff",
        "border": "#d1d5db",
        "muted": "#6b7280",
        "ink": "#111827",
        "accent": "#6d28d9",
    },
    "dark": {
        "bg": "#111827",
        "border": "#374151",
        "muted": "#9ca3af",
        "ink": "#f9fafb",
        "accent": "#c4b5fd",
    },
}


def style_sheet(scheme: str) -> str:
    """The application's style sheet for "light" or "dark"."""
    base = DARK_STYLE if scheme == "dark" else LIGHT_STYLE
    return base + MINI_STYLE % _MINI_COLOURS["dark" if scheme == "dark" else "light"]


def system_scheme() -> str:
    """ "dark" or "light", as the desktop says (Qt 6.5+: `QStyleHints.colorScheme`);
    "light" where it does not say."""
    return scheme_name(QGuiApplication.styleHints().colorScheme())


def scheme_name(scheme: Qt.ColorScheme) -> str:
    return "dark" if scheme == Qt.ColorScheme.Dark else "light"


def resolve_theme(choice: str, system: str | None = None) -> str:
    """The theme setting ("system", "light", "dark") as the scheme to show;
    `system` is what the desktop just said (else it is asked)."""
    if choice in ("light", "dark"):
        return choice
    return system or system_scheme()


def dark_palette() -> QPalette:
    """A dark QPalette for every widget Qt draws (the style sheet covers Genbo's own)."""
    pal = QPalette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    colours = {
        role.Window: "#1f2329",
        role.WindowText: "#e5e7eb",
        role.Base: "#16191d",
        role.AlternateBase: "#23272e",
        role.ToolTipBase: "#2b3038",
        role.ToolTipText: "#f3f4f6",
        role.PlaceholderText: "#8b929c",
        role.Text: "#e5e7eb",
        role.Button: "#2b3038",
        role.ButtonText: "#e5e7eb",
        role.BrightText: "#ffffff",
        role.Light: "#3a4049",
        role.Midlight: "#32373f",
        role.Mid: "#24282e",
        role.Dark: "#121417",
        role.Shadow: "#000000",
        role.Highlight: "#3b82f6",
        role.HighlightedText: "#ffffff",
        role.Link: "#93c5fd",
        role.LinkVisited: "#c4b5fd",
    }
    for r, c in colours.items():
        pal.setColor(r, QColor(c))
    for r in (role.WindowText, role.Text, role.ButtonText):
        pal.setColor(group.Disabled, r, QColor("#6b7280"))
    return pal


_first_palette: list[QPalette] = []
"""The application's palette before a theme was first applied (the platform's)."""


def apply_theme(app: QApplication, choice: str, system: str | None = None) -> str:
    """Give the application the palette and style sheet of the theme setting;
    the scheme shown ("light" or "dark")."""
    if not _first_palette:
        _first_palette.append(QPalette(app.palette()))
    system = system or system_scheme()
    scheme = resolve_theme(choice, system)
    sheet = style_sheet(scheme)
    if app.property("genboScheme") == scheme and app.styleSheet() == sheet:
        return scheme  # as it is: restyling every widget again would cost time for nothing
    if scheme == "dark":
        app.setPalette(dark_palette())
    elif system == "dark":  # light on a dark desktop: the style's own light palette
        app.setPalette(app.style().standardPalette())
    else:
        app.setPalette(_first_palette[0])
    app.setProperty("genboScheme", scheme)
    app.setStyleSheet(sheet)
    return scheme


def current_scheme() -> str:
    """The scheme `apply_theme` last gave the application ("light" before it ran)."""
    app = QApplication.instance()
    scheme = app.property("genboScheme") if app is not None else None
    return "dark" if scheme == "dark" else "light"


PLOT_COLOURS: dict[str, dict[str, Any]] = {
    "light": {"background": "w", "foreground": "#333", "title": "#444", "major": (222, 222, 222),
              "minor": (238, 238, 238)},
    "dark": {"background": "#16191d", "foreground": "#c9ced6", "title": "#d1d5db",
             "major": (58, 63, 71), "minor": (40, 44, 50)},
}  # fmt: skip
"""The plots' colours in each scheme (pyqtgraph's background and foreground, the
titles and the grid lines)."""


def theme_plots(root: QWidget, scheme: str) -> None:
    """Recolour every pyqtgraph plot under the widget `root` for "light" or
    "dark": background, axes, titles, grid, and the curves a little lighter
    on a dark background so they read."""
    import pyqtgraph as pg

    colours = PLOT_COLOURS["dark" if scheme == "dark" else "light"]
    dark = scheme == "dark"
    pg.setConfigOptions(background=colours["background"], foreground=colours["foreground"])
    views = [root] if isinstance(root, pg.GraphicsView) else []
    views += root.findChildren(pg.GraphicsView)
    for view in views:
        view.setBackground(colours["background"])
        scene = view.scene()
        if scene is None:
            continue
        for item in scene.items():
            if isinstance(item, pg.PlotItem):
                for name in ("left", "bottom", "right", "top"):
                    axis = item.getAxis(name) if name in item.axes else None
                    if axis is not None:
                        axis.setPen(pg.mkPen(colours["foreground"]))
                        axis.setTextPen(pg.mkPen(colours["foreground"]))
                label = item.titleLabel
                if label.text:
                    label.setText(label.text, color=colours["title"])
            elif hasattr(item, "_major_pen") and hasattr(item, "_minor_pen"):  # a grid
                item._major_pen = pg.mkPen(QColor(*colours["major"]), width=1)
                item._minor_pen = pg.mkPen(QColor(*colours["minor"]), width=1)
                item.update()
            elif isinstance(item, pg.PlotCurveItem):
                pen = item.opts.get("pen")
                if pen is None:
                    continue
                base = item.property("genboColour")
                if base is None:
                    base = pg.mkPen(pen).color().name(QColor.NameFormat.HexArgb)
                    item.setProperty("genboColour", base)
                colour = QColor(base)
                shown = colour.lighter(135) if dark else colour
                new = pg.mkPen(pen)
                new.setColor(shown)
                item.setPen(new)
