"""Small helpers the GUI tests share."""

from PySide6.QtCore import Qt


def enter(qtbot, window, line: str) -> None:
    """Type a line into the quick-entry line and press Enter."""
    entry = window.live_view.entry
    entry.edit.setText(line)
    qtbot.keyClick(entry.edit, Qt.Key.Key_Return)


def stored_events(window, live, kind: str, parse):
    """The session's events of `kind` as the database has them now, parsed."""
    window.ctx.writer.flush()
    return [parse(e) for e in window.ctx.repo.load_events(live.info.id) if e.kind == kind]
