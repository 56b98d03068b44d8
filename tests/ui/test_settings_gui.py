"""The settings dialog, generated from the options table: every option shown,
bad values explained on the fly and never saved, accepted values saved and
loaded back unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QScrollArea, QWidget

from app.config.paths import AppPaths
from app.config.settings import (
    OPTIONS,
    OptionKind,
    Settings,
    load_settings,
    save_settings,
)
from app.ui.dialogs.settings_dialog import SettingsDialog

pytestmark = pytest.mark.gui


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    return AppPaths(tmp_path / "data", tmp_path / "config", tmp_path / "logs").ensure()


def make_dialog(qtbot, settings: Settings, paths: AppPaths, **kw) -> SettingsDialog:
    dlg = SettingsDialog(settings, paths, **kw)
    qtbot.addWidget(dlg)
    dlg.open()
    qtbot.waitExposed(dlg)
    return dlg


def line(dlg: SettingsDialog, key: str) -> QLineEdit:
    editor = dlg.fields[key].editor
    assert isinstance(editor, QLineEdit)
    return editor


def type_into(qtbot, edit: QLineEdit, text: str) -> None:
    """Typed key by key (QTest types ASCII only: 万, ¥ and the full-width comma
    go in as an input method would put them)."""
    edit.selectAll()
    edit.del_()
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(edit, ch)
        else:
            edit.insert(ch)


def test_every_shown_option_has_a_field_with_its_title_and_help(qtbot, paths) -> None:
    dlg = make_dialog(qtbot, Settings(), paths)
    shown = {o.key for o in OPTIONS if o.shown}
    assert set(dlg.fields) == shown
    titles = [dlg.tabs.tabText(i) for i in range(dlg.tabs.count())]
    assert titles == [
        "Alerts and milestones",
        "Highlights",
        "Live view",
        "Roster",
        "Language and look",
        "Data",
    ]
    for o in OPTIONS:
        f = dlg.fields[o.key]
        assert f.help.text().startswith(o.help_text()[:20])
        assert f.editor.toolTip() == o.help_text()
    assert dlg.errors() == {}
    assert dlg.ok_button.isEnabled() and dlg.apply_button.isEnabled()
    # The defaults are shown the way an operator types them.
    assert line(dlg, "gmv_ladder").text() == "10万, 50万, 100万, 200万, 500万, 1000万"
    assert line(dlg, "leap_ladder").text() == "50万, 200万, 500万"
    assert line(dlg, "reaction_lag_s").text() == "2.0"


def test_bad_values_are_explained_and_block_ok(qtbot, paths) -> None:
    st = Settings()
    dlg = make_dialog(qtbot, st, paths)
    type_into(qtbot, line(dlg, "gmv_ladder"), "50万, abc")
    f = dlg.fields["gmv_ladder"]
    assert f.error.isVisible()
    assert "“abc” is not an amount" in f.error.text()
    assert not dlg.ok_button.isEnabled() and not dlg.apply_button.isEnabled()
    type_into(qtbot, line(dlg, "reaction_lag_s"), "-1")
    assert "between 0 s and 30 s" in dlg.fields["reaction_lag_s"].error.text()
    assert set(dlg.errors()) == {"gmv_ladder", "reaction_lag_s"}
    # Enter does not get round it: nothing is emitted, nothing changes.
    emitted: list[Settings] = []
    dlg.applied.connect(emitted.append)
    qtbot.keyClick(line(dlg, "reaction_lag_s"), Qt.Key.Key_Return)
    assert emitted == [] and dlg.isVisible()
    assert dlg.apply() is None
    assert st.reaction_lag_s == Settings().reaction_lag_s
    # Fixed, the message goes and OK comes back.
    type_into(qtbot, line(dlg, "gmv_ladder"), "50万, 80万")
    type_into(qtbot, line(dlg, "reaction_lag_s"), "1.5")
    assert not f.error.isVisible()
    assert dlg.errors() == {} and dlg.ok_button.isEnabled()


def test_round_trip_through_the_dialog_and_the_file(qtbot, paths) -> None:
    st = Settings(last_streamer="小杨哥", follow_window_s=1800)
    dlg = make_dialog(qtbot, st, paths)
    type_into(qtbot, line(dlg, "gmv_ladder"), "20万，100万, 1亿")
    type_into(qtbot, line(dlg, "viewers_ladder"), "2k, 2万")
    type_into(qtbot, line(dlg, "reaction_lag_s"), "1.5")
    type_into(qtbot, line(dlg, "preroll_s"), "1:00")
    type_into(qtbot, line(dlg, "leap_ladder"), "100万, 300万")
    sound = dlg.fields["alert_sound"].editor
    assert isinstance(sound, QCheckBox)
    qtbot.mouseClick(sound, Qt.MouseButton.LeftButton, pos=QPoint(4, sound.height() // 2))
    ghost = dlg.fields["ghost_baseline"].editor
    assert isinstance(ghost, QComboBox)
    ghost.setCurrentIndex(ghost.findData("best"))
    theme = dlg.fields["theme"].editor
    assert isinstance(theme, QComboBox)
    theme.setCurrentIndex(theme.findData("dark"))
    dlg.fields["default_sources"].checks["http"].setChecked(True)
    language = dlg.fields["language"].editor
    assert isinstance(language, QComboBox)
    assert not dlg.note.isVisible()
    language.setCurrentIndex(language.findData("zh_CN"))
    assert dlg.note.isVisible() and "starts again" in dlg.note.text()

    with qtbot.waitSignal(dlg.applied, timeout=2_000) as got:
        dlg.ok_button.click()
    new: Settings = got.args[0]
    assert dlg.result() == dlg.DialogCode.Accepted and not dlg.isVisible()
    assert new is dlg.result_settings
    assert new.gmv_ladder == [200_000, 1_000_000, 100_000_000]
    assert new.viewers_ladder == [2_000, 20_000]
    assert new.reaction_lag_s == 1.5 and new.preroll_s == 60
    assert new.leap_ladder == [1_000_000, 3_000_000]
    assert new.alert_sound is True
    assert new.ghost_baseline == "best" and new.theme == "dark" and new.language == "zh_CN"
    assert new.default_sources == ["http"]
    # What the dialog does not show is kept; what it was given is untouched.
    assert new.last_streamer == "小杨哥" and new.follow_window_s == 1800
    assert st == Settings(last_streamer="小杨哥", follow_window_s=1800)

    save_settings(paths.settings_file, new)
    assert load_settings(paths.settings_file) == new
    # Opened again on what was saved, the dialog shows it and gives it back unchanged.
    again = make_dialog(qtbot, load_settings(paths.settings_file), paths)
    assert line(again, "gmv_ladder").text() == "20万, 100万, 1亿"
    assert again.values() == new


def test_apply_emits_and_keeps_the_dialog_open(qtbot, paths) -> None:
    dlg = make_dialog(qtbot, Settings(), paths)
    type_into(qtbot, line(dlg, "surge_pct"), "50")
    with qtbot.waitSignal(dlg.applied, timeout=2_000) as got:
        dlg.apply_button.click()
    assert got.args[0].surge_pct == 50
    assert dlg.isVisible()


def test_defaults_of_a_tab(qtbot, paths) -> None:
    st = Settings(reaction_lag_s=5.0, preroll_s=10.0, gmv_ladder=[1.0])
    dlg = make_dialog(qtbot, st, paths)
    dlg.tabs.setCurrentIndex(1)  # Highlights
    dlg.defaults_button.click()
    new = dlg.values()
    assert new.reaction_lag_s == Settings().reaction_lag_s
    assert new.preroll_s == Settings().preroll_s
    assert new.gmv_ladder == [1.0]  # another tab's: kept


def test_data_folder_is_shown_read_only_and_opens(qtbot, paths) -> None:
    opened: list[Path] = []
    dlg = make_dialog(qtbot, Settings(), paths, open_folder=opened.append)
    f = dlg.fields["data_dir"]
    assert f.option.kind is OptionKind.PATH
    edit = line(dlg, "data_dir")
    assert edit.isReadOnly() and edit.text() == str(paths.data_dir)
    assert f.open_button is not None and f.open_button.text() == "Open folder"
    dlg.tabs.setCurrentIndex(dlg.tabs.count() - 1)
    qtbot.mouseClick(f.open_button, Qt.MouseButton.LeftButton)
    assert opened == [paths.data_dir]
    assert not hasattr(dlg.values(), "data_dir")


def rect_in(top: QWidget, w: QWidget) -> QRect:
    return QRect(w.mapTo(top, QPoint(0, 0)), w.size())


def test_fits_a_1280x720_screen(qtbot, paths) -> None:
    """On a laptop the dialog is no taller than the screen leaves room for, its
    buttons are inside it, and a long tab scrolls instead of growing."""
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.resize(1280, 720)
    dlg = make_dialog(qtbot, Settings(), paths, parent=parent)
    free = dlg.screen().availableGeometry()
    assert dlg.width() <= min(1280, free.width())
    assert dlg.height() <= min(720, free.height())
    dlg.resize(min(dlg.width(), 1280), min(dlg.height(), 660))
    qtbot.wait(10)
    assert dlg.rect().contains(rect_in(dlg, dlg.buttons))
    for i in range(dlg.tabs.count()):
        dlg.tabs.setCurrentIndex(i)
        scroll = dlg.tabs.currentWidget()
        assert isinstance(scroll, QScrollArea)
        assert dlg.rect().contains(rect_in(dlg, scroll))


def test_the_window_saves_and_applies_what_the_dialog_gives(qtbot, window) -> None:
    """Ctrl+, opens the dialog; OK saves the file and applies: the ghost
    baseline, the theme, the leap ladder and the alert toggles."""
    from app.config.settings import load_settings

    dlg = window.open_settings()
    ghost = dlg.fields["ghost_baseline"].editor
    ghost.setCurrentIndex(ghost.findData("last"))
    theme = dlg.fields["theme"].editor
    theme.setCurrentIndex(theme.findData("dark"))
    type_into(qtbot, line(dlg, "leap_ladder"), "100万, 300万")
    with qtbot.waitSignal(dlg.applied, timeout=2_000):
        dlg.ok_button.click()
    saved = load_settings(window.ctx.paths.settings_file)
    assert (saved.ghost_baseline, saved.theme, saved.leap_ladder) == (
        "last", "dark", [1_000_000, 3_000_000],
    )  # fmt: skip
    assert window.live_view.tiles.ghost.kind == "last"
    assert window.theme_actions["dark"].isChecked()
    assert window.roster.service.thresholds == (100_000_000, 300_000_000)
