"""The team's two settings in the dialog (issue 16): "Your name (operator)"
and "Team server", free text checked as it is typed (a URL for PostgreSQL
through psycopg, never with a password), saved to settings.json and read
back, each saying what this run uses and that a change waits for the next
start."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLineEdit

from app.config.paths import AppPaths
from app.config.settings import OptionKind, Settings, load_settings, save_settings
from app.ui.dialogs.settings_dialog import SettingsDialog
from tests.ui.test_settings_gui import make_dialog, type_into

pytestmark = pytest.mark.gui

URL = "postgresql+psycopg://alice@db.example:5432/genbo"


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    return AppPaths(tmp_path / "data", tmp_path / "config", tmp_path / "logs").ensure()


def line(dlg: SettingsDialog, key: str) -> QLineEdit:
    editor = dlg.fields[key].editor
    assert isinstance(editor, QLineEdit)
    return editor


def show_data_tab(dlg: SettingsDialog) -> None:
    for i in range(dlg.tabs.count()):
        if dlg.tabs.tabText(i) == "Data":
            dlg.tabs.setCurrentIndex(i)
            return
    raise AssertionError("no Data tab")


def test_the_two_fields_round_trip_through_the_file(qtbot, paths: AppPaths) -> None:
    dlg = make_dialog(qtbot, Settings(), paths)
    show_data_tab(dlg)
    for key, title in (("operator", "Your name (operator)"), ("db_url", "Team server")):
        f = dlg.fields[key]
        assert f.option.kind is OptionKind.TEXT and f.option.restart
        assert f.isVisible() and f.editor.isVisible()
        assert f.option.title_text() == title
        assert "starts again" in f.help.text()
    assert line(dlg, "db_url").placeholderText().startswith("postgresql+psycopg://")
    assert line(dlg, "operator").text() == line(dlg, "db_url").text() == ""
    assert not dlg.note.isVisible()

    type_into(qtbot, line(dlg, "operator"), "  小王 Wang ")
    type_into(qtbot, line(dlg, "db_url"), URL)
    assert dlg.errors() == {} and dlg.ok_button.isEnabled()
    # A changed team server waits for the next start, and the dialog says so.
    assert dlg.note.isVisible()
    assert "starts again" in dlg.note.text() and "Team server" in dlg.note.text()
    assert "Your name (operator)" in dlg.note.text()
    with qtbot.waitSignal(dlg.applied, timeout=2_000) as got:
        dlg.ok_button.click()
    new: Settings = got.args[0]
    assert (new.operator, new.db_url) == ("小王 Wang", URL)
    save_settings(paths.settings_file, new)
    on_disk = json.loads(paths.settings_file.read_text(encoding="utf-8"))
    assert (on_disk["operator"], on_disk["db_url"]) == ("小王 Wang", URL)
    assert load_settings(paths.settings_file) == new
    again = make_dialog(qtbot, load_settings(paths.settings_file), paths)
    assert line(again, "operator").text() == "小王 Wang"
    assert line(again, "db_url").text() == URL
    assert again.values() == new
    # Emptied: this computer's file again.
    type_into(qtbot, line(again, "db_url"), "")
    assert again.errors() == {} and again.values().db_url == ""


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("db.example/genbo", "This is not a database URL; write it as postgresql+psycopg://"),
        ("postgresql+psycopg2://alice@db/genbo", "the URL begins with postgresql+psycopg://"),
        ("sqlite:///genbo.db", "(not sqlite://)"),
        ("mysql+pymysql://alice@db/genbo", "A team server is PostgreSQL through psycopg"),
    ],
)
def test_a_bad_url_is_refused_as_it_is_typed(qtbot, paths, text: str, says: str) -> None:
    dlg = make_dialog(qtbot, Settings(), paths)
    show_data_tab(dlg)
    f = dlg.fields["db_url"]
    type_into(qtbot, line(dlg, "db_url"), text)
    assert f.error.isVisible() and says in f.error.text()
    assert "db_url" in dlg.errors()
    assert not dlg.ok_button.isEnabled() and not dlg.apply_button.isEnabled()
    type_into(qtbot, line(dlg, "db_url"), URL)
    assert not f.error.isVisible() and dlg.ok_button.isEnabled()


@pytest.mark.parametrize(
    "text",
    [
        "postgresql+psycopg://alice:s3cret-pw@db.example/genbo",
        "postgresql+psycopg://alice:@db.example/genbo",
        "postgresql+psycopg://alice@db.example/genbo?password=s3cret-pw",
    ],
)
def test_a_password_in_the_url_is_refused_for_the_keyring(qtbot, paths, text: str) -> None:
    dlg = make_dialog(qtbot, Settings(), paths)
    show_data_tab(dlg)
    f = dlg.fields["db_url"]
    type_into(qtbot, line(dlg, "db_url"), text)
    assert f.error.isVisible()
    message = f.error.text()
    assert "Leave the password out of the URL" in message
    assert "system keyring" in message
    assert "s3cret" not in message, "the message never repeats the password"
    assert not dlg.ok_button.isEnabled()
    assert dlg.apply() is None, "nothing is applied, so nothing is saved"


def test_a_name_too_long_or_on_two_lines_is_refused(qtbot, paths) -> None:
    dlg = make_dialog(qtbot, Settings(), paths)
    show_data_tab(dlg)
    f = dlg.fields["operator"]
    line(dlg, "operator").setText("x" * 101)
    assert f.error.isVisible() and "At most 100 characters" in f.error.text()
    line(dlg, "operator").setText("a\tb")
    assert f.error.isVisible() and "One line of text" in f.error.text()
    line(dlg, "operator").setText("小王")
    assert not f.error.isVisible() and dlg.ok_button.isEnabled()


def test_each_field_says_what_this_run_uses(qtbot, paths: AppPaths, tmp_path: Path) -> None:
    dlg = make_dialog(qtbot, Settings(), paths)
    show_data_tab(dlg)
    db_in_use = dlg.fields["db_url"].in_use
    operator_in_use = dlg.fields["operator"].in_use
    assert db_in_use is not None and operator_in_use is not None
    assert db_in_use.isVisible() and operator_in_use.isVisible()
    assert db_in_use.text() == f"In use now: this computer's file, {paths.database}"
    assert operator_in_use.text() == "In use now: nobody named"
    # --db and --operator (or their variables) given at start: the run's, not the setting's.
    team = AppPaths(
        tmp_path / "d2", tmp_path / "c2", tmp_path / "l2",
        db_url="postgresql+psycopg://bob:pw@db.example/genbo", operator=None,
    )  # fmt: skip
    other = make_dialog(qtbot, Settings(db_url=URL, operator="alice"), team)
    text = other.fields["db_url"].in_use.text()  # type: ignore[union-attr]
    assert text == "In use now: postgresql+psycopg://bob:***@db.example/genbo"
    assert other.fields["operator"].in_use.text() == "In use now: bob"  # type: ignore[union-attr]
    assert line(other, "db_url").text() == URL


def test_a_hand_edited_password_never_loads(tmp_path: Path, caplog) -> None:
    """A settings.json given a password by hand: the URL is refused at load
    (the default, this computer's file, is used) and the log never shows it."""
    path = tmp_path / "settings.json"
    url = "postgresql+psycopg://alice:hunter2-pw@db.example/genbo"
    path.write_text(json.dumps({"version": 2, "db_url": url, "operator": "alice"}))
    with caplog.at_level("WARNING"):
        st = load_settings(path)
    assert st.db_url == "" and st.operator == "alice"
    assert "db_url" in caplog.text and "hunter2" not in caplog.text


@pytest.mark.parametrize(
    "text", ["postgresql://alice@db.example/genbo", "postgres://alice@db/genbo"]
)
def test_a_providers_plain_postgresql_url_is_taken(qtbot, paths, text: str) -> None:
    """The URL a hosting provider hands out means psycopg, Genbo's driver."""
    from app.config.paths import server_url

    dlg = make_dialog(qtbot, Settings(), paths)
    show_data_tab(dlg)
    type_into(qtbot, line(dlg, "db_url"), text)
    assert dlg.errors() == {} and dlg.ok_button.isEnabled()
    assert server_url(text).startswith("postgresql+psycopg://alice@")
