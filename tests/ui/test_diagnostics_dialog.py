"""The window's diagnostics: gathered off the GUI thread with a "Gathering…"
state, shown read-only, the live session's sources with their status, no
secret in it, and "Copy diagnostics" puts the text on the clipboard."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.ui.dialogs.diagnostics import open_diagnostics

SECRET = "ingest-DIALOG-SECRET-93ab"


def test_diagnostics_of_a_live_window_copied(qtbot, window, live) -> None:
    ctx = window.ctx
    ctx.secrets.set("ingest-token", SECRET)
    with (ctx.paths.log_dir / "genbo.log").open("a", encoding="utf-8") as f:
        f.write(f"2026-01-01 10:00:00,000 INFO old: a request with {SECRET} in it\n")
    from app.sources.base import SourceState

    keyboard = live.manual_source_id
    qtbot.waitUntil(lambda: live.statuses[keyboard].state is SourceState.LIVE, timeout=10_000)
    dialog = open_diagnostics(window, ctx, live=live)
    qtbot.addWidget(dialog)
    # Handed to the window's task runner (a pool thread), the dialog waiting:
    assert ctx.tasks.busy
    assert dialog.summary.text() == "Gathering…" and not dialog.copy.isEnabled()
    assert dialog.busy.isVisible() and dialog.text.isReadOnly()
    with qtbot.waitSignal(dialog.gathered, timeout=15_000) as got:
        pass
    text = got.args[0]
    assert not dialog.busy.isVisible() and dialog.copy.isEnabled()
    assert dialog.summary.text().startswith("Genbo diagnostics: healthy")
    assert text.startswith("Genbo diagnostics: healthy; database ok, 1 session(s).")
    for part in ("Versions", "PySide6", "SQLite", "Database", "integrity (quick_check): ok",
                 "open sessions:", "庆祝主播", "recording", "Log: the last"):  # fmt: skip
        assert part in text, part
    keys = next(line for line in text.splitlines() if f"[{keyboard}] manual" in line)
    assert "manual “Keyboard” · live" in keys, keys
    assert SECRET not in text and "a request with ••• in it" in text
    assert dialog.text.toPlainText() == text

    size = dialog.size()
    assert size.width() <= 1280 and size.height() <= 720
    assert size.width() >= 560 and size.height() >= 360

    QApplication.clipboard().clear()
    qtbot.mouseClick(dialog.copy, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == text
    assert dialog.copied.text() == "Copied."
    dialog.close()


def test_ctrl_shift_d_and_the_status_bar_button_open_it(qtbot, window) -> None:
    from PySide6.QtWidgets import QToolButton

    from app.ui.dialogs.diagnostics import DiagnosticsDialog

    button = next(
        b
        for b in window.statusBar().findChildren(QToolButton)
        if b.defaultAction() is window.diagnostics_action
    )
    assert button.isVisible()
    assert window.diagnostics_action.shortcut().toString() == "Ctrl+Shift+D"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = window._diagnostics_dialog
    assert isinstance(dialog, DiagnosticsDialog) and dialog.isVisible()
    qtbot.waitUntil(dialog.copy.isEnabled, timeout=15_000)
    assert dialog.text.toPlainText().startswith("Genbo diagnostics:")
    dialog.close()
