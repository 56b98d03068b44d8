"""Small helpers the GUI tests share."""

from PySide6.QtCore import Qt


def enter(qtbot, window, line: str) -> None:
    """Type a line into the quick-entry line and press Enter."""
    entry = window.live_view.entry
    entry.edit.setText(line)
    qtbot.keyClick(entry.edit, Qt.Key.Key_Return)
