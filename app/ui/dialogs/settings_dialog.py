"""The settings dialog, generated from the options table (`app.config.settings.OPTIONS`).

One tab per group, one row per option: its title, the editor its kind asks for,
its help in a small grey line, and what is wrong with the value, checked as it
is typed. OK and Apply stay disabled while anything is wrong; both emit
`applied` with the new `Settings` (the window saves and applies them). Opened
with open(), never exec().
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.config.paths import AppPaths
from app.config.secret_store import SecretStore
from app.config.settings import (
    GROUPS,
    OPTIONS,
    Option,
    OptionError,
    OptionKind,
    Settings,
    translate_group,
)
from app.runtime.tasks import TaskRunner
from app.ui.widgets.format import number_format
from app.ui.widgets.labels import form_error

log = logging.getLogger(__name__)

DIALOG_SIZE = (760, 600)
"""Where there is room; on a 1280×720 screen it is cut to fit (the tabs scroll)."""
DIALOG_MARGIN_PX = 60
NUMBER_FIELD_WIDTH = 140


class OptionField(QWidget):
    """One option's editor, its help line and its error line."""

    changed = Signal()

    def __init__(
        self,
        option: Option,
        value: Any,
        parent: QWidget | None = None,
        open_folder: Callable[[Path], None] | None = None,
        secrets: SecretStore | None = None,
        tasks: TaskRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self.option = option
        self._open_folder = open_folder or _open_in_file_manager
        self.secrets = secrets if secrets is not None else SecretStore()
        self.tasks = tasks
        self._list_value: list[Any] = []
        """A RULES or TARGETS option's value, edited in its own dialog."""
        self.pending_secrets: dict[str, str | None] = {}
        """TARGETS: secrets to keep in the keyring (a value) or forget (None) on apply."""
        self.summary: QLabel | None = None
        self.sub_dialog: QDialog | None = None
        self.setObjectName(f"option_{option.key}")
        # The wrapped help and error lines: the form asks this row's height for its width.
        policy = self.sizePolicy()
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.fmt = number_format()
        self.editor: QWidget
        self.checks: dict[str, QCheckBox] = {}
        self.open_button: QPushButton | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 4)
        lay.setSpacing(2)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        kind = option.kind
        if kind is OptionKind.BOOL:
            box = QCheckBox(option.title_text(), self)
            box.toggled.connect(self._changed)
            self.editor = box
            row.addWidget(box)
        elif kind is OptionKind.CHOICE:
            combo = QComboBox(self)
            for key, _title in option.choices:
                combo.addItem(option.choice_text(key), key)
            combo.currentIndexChanged.connect(self._changed)
            self.editor = combo
            row.addWidget(combo)
        elif kind is OptionKind.CHOICES:
            holder = QWidget(self)
            hl = QHBoxLayout(holder)
            hl.setContentsMargins(0, 0, 0, 0)
            for key, _title in option.choices:
                check = QCheckBox(option.choice_text(key), holder)
                check.toggled.connect(self._changed)
                self.checks[key] = check
                hl.addWidget(check)
            self.editor = holder
            row.addWidget(holder)
        elif kind in (OptionKind.RULES, OptionKind.TARGETS):
            button = QPushButton(
                self.tr("Edit rules…") if kind is OptionKind.RULES else self.tr("Edit robots…"),
                self,
            )
            button.clicked.connect(self.open_editor)
            self.editor = button
            self.summary = QLabel(self)
            row.addWidget(button)
            row.addWidget(self.summary)
        elif kind is OptionKind.PATH:
            edit = QLineEdit(self)
            edit.setReadOnly(True)
            self.editor = edit
            self.open_button = QPushButton(self.tr("Open folder"), self)
            self.open_button.clicked.connect(self.open_folder)
            row.addWidget(edit, 1)
            row.addWidget(self.open_button)
        else:
            edit = QLineEdit(self)
            edit.textChanged.connect(self._changed)
            self.editor = edit
            if kind is OptionKind.NUMBER:
                edit.setMaximumWidth(NUMBER_FIELD_WIDTH)
                row.addWidget(edit)
                if option.unit:
                    row.addWidget(QLabel(option.unit, self))
            else:
                if option.placeholder:
                    edit.setPlaceholderText(option.placeholder)
                row.addWidget(edit, 1)
        wide = (OptionKind.PATH, OptionKind.AMOUNTS, OptionKind.TEXT)
        row.addStretch(0 if kind in wide else 1)
        lay.addLayout(row)
        self.in_use: QLabel | None = None
        """What this run uses instead of the setting (`Option.in_use`)."""
        if option.in_use:
            self.in_use = QLabel(self)
            self.in_use.setObjectName("settingsInUse")
            self.in_use.setWordWrap(True)
            self.in_use.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            lay.addWidget(self.in_use)
        self.help = QLabel(option.help_text(), self)
        self.help.setObjectName("settingsHelp")
        self.help.setWordWrap(True)
        self.help.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        font = self.help.font()
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.9))
        self.help.setFont(font)
        self.error = form_error(self)
        lay.addWidget(self.help)
        lay.addWidget(self.error)
        lay.addStretch(1)
        self.editor.setToolTip(option.help_text())
        self.message: str | None = None
        self.set_value(value)

    # -- the value -------------------------------------------------------------------
    def set_value(self, value: Any) -> None:
        o, e = self.option, self.editor
        if o.kind in (OptionKind.RULES, OptionKind.TARGETS):
            self._list_value = copy.deepcopy(list(value or []))
            self._show_summary()
        elif isinstance(e, QCheckBox):
            e.setChecked(bool(value))
        elif isinstance(e, QComboBox):
            e.setCurrentIndex(max(0, e.findData(value)))
        elif o.kind is OptionKind.CHOICES:
            for key, check in self.checks.items():
                check.setChecked(key in (value or ()))
        elif isinstance(e, QLineEdit):
            if o.kind is OptionKind.PATH:
                e.setText(str(value))
                e.setCursorPosition(0)
            elif o.kind is OptionKind.NUMBER:
                e.setText(o.number_text(value, self.fmt))
            elif o.kind is OptionKind.TEXT:
                e.setText(str(value or ""))
                e.setCursorPosition(0)
            else:
                e.setText(o.amounts_text(list(value), self.fmt))
        self._changed()

    def value(self) -> Any:
        """The value as edited; `OptionError` says what is wrong with it."""
        o, e = self.option, self.editor
        if o.kind in (OptionKind.RULES, OptionKind.TARGETS):
            value: Any = copy.deepcopy(self._list_value)
            message = o.validate(value, self.fmt)
            if message:
                raise OptionError(message)
            return value
        if isinstance(e, QCheckBox):
            return e.isChecked()
        if isinstance(e, QComboBox):
            value = e.currentData()
        elif o.kind is OptionKind.CHOICES:
            value = [key for key, check in self.checks.items() if check.isChecked()]
        else:
            assert isinstance(e, QLineEdit)
            if o.kind is OptionKind.PATH:
                return Path(e.text())
            return o.parse(e.text())
        message = o.validate(value, self.fmt)
        if message:
            raise OptionError(message)
        return value

    def show_in_use(self, paths: AppPaths) -> None:
        """Say what this run uses (the command line and the environment come
        before the settings, and a change waits for the next start)."""
        if self.in_use is None:
            return
        value = getattr(paths, self.option.in_use, None)
        if self.option.in_use == "database_label" and paths.db_url is None:
            text = self.tr("In use now: this computer's file, {path}").format(path=value)
        elif not value:
            text = self.tr("In use now: nobody named")
        else:
            text = self.tr("In use now: {value}").format(value=value)
        self.in_use.setText(text)

    def _changed(self) -> None:
        try:
            self.value()
        except OptionError as exc:
            self.message = str(exc)
        else:
            self.message = None
        self.error.setText(self.message or "")
        if self.error.isVisibleTo(self) != (self.message is not None):
            self.error.setVisible(self.message is not None)
            self.updateGeometry()  # the form makes room for the line (or takes it back)
        self.changed.emit()

    # -- the rules' and the robots' own dialogs ------------------------------------------
    def _show_summary(self) -> None:
        if self.summary is None:
            return
        items = self._list_value
        fmt = self.fmt
        if self.option.kind is OptionKind.RULES:
            on = sum(1 for d in items if isinstance(d, dict) and d.get("enabled", True))
            text = self.tr("{on} of {n} rules on").format(on=fmt.count(on), n=fmt.count(len(items)))
        elif items:
            names = [str(d.get("name") or d.get("kind")) for d in items if isinstance(d, dict)]
            text = self.tr("{n} robots: {names}").format(
                n=fmt.count(len(items)), names=", ".join(names)
            )
        else:
            text = self.tr("No robots yet")
        self.summary.setText(text)

    def open_editor(self) -> QDialog:
        """The rules' or the robots' dialog; OK there puts its result here."""
        if self.option.kind is OptionKind.RULES:
            from app.ui.dialogs.alert_rules import AlertRulesDialog

            rules = AlertRulesDialog(self._list_value, self)
            rules.accepted.connect(lambda: self.set_value(rules.result_rules()))
            dlg: QDialog = rules
        else:
            from app.ui.dialogs.notify_targets import NotifyTargetsDialog

            targets = NotifyTargetsDialog(self._list_value, self.secrets, self.tasks, self)

            def accepted() -> None:
                self.pending_secrets.update(targets.pending_secrets)
                self.set_value(targets.result_targets())

            targets.accepted.connect(accepted)
            dlg = targets
        dlg.open()
        self.sub_dialog = dlg
        return dlg

    def open_folder(self) -> None:
        if isinstance(self.editor, QLineEdit):
            self._open_folder(Path(self.editor.text()))


def _open_in_file_manager(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True)
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class _Page(QWidget):
    """A tab's page in its scroll area, as tall as its wrapped lines need at its
    width (a scroll area sizes its widget by the size hint, which knows no width)."""

    def _fit(self) -> None:
        lay = self.layout()
        if lay is not None and lay.hasHeightForWidth():
            height = lay.totalHeightForWidth(self.width())
            if height != self.minimumHeight():
                self.setMinimumHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest:
            self._fit()
        return handled


class SettingsDialog(QDialog):
    applied = Signal(object)
    """The new `Settings`, on Apply and on OK (then the dialog closes)."""

    def __init__(
        self,
        settings: Settings,
        paths: AppPaths,
        parent: QWidget | None = None,
        open_folder: Callable[[Path], None] | None = None,
        secrets: SecretStore | None = None,
        tasks: TaskRunner | None = None,
    ) -> None:
        """`secrets`: where the team chat's signing secrets are kept (the
        window's store, written when the settings are applied); `tasks`: the
        pool that sends a robot's test message."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.secrets = secrets if secrets is not None else SecretStore()
        self.tasks = tasks
        self.original = copy.deepcopy(settings)
        """What the dialog was opened with (or last applied)."""
        self.result_settings: Settings | None = None
        """The settings last applied or accepted."""
        self.secret_warning: QMessageBox | None = None
        """Shown when the keyring would not take a secret."""
        screen = (parent.screen() if parent is not None else None) or self.screen()
        free = screen.availableGeometry()
        self.resize(
            min(DIALOG_SIZE[0], free.width()),
            min(DIALOG_SIZE[1], free.height() - DIALOG_MARGIN_PX),
        )
        self.fields: dict[str, OptionField] = {}
        self.tabs = QTabWidget(self)
        self._tab_fields: list[list[OptionField]] = []
        for group, _title in GROUPS:
            options = [o for o in OPTIONS if o.group == group and o.shown]
            if not options:
                continue
            page = _Page()
            form = QFormLayout(page)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            in_tab = []
            for o in options:
                value = (
                    getattr(paths, o.key) if o.kind is OptionKind.PATH else getattr(settings, o.key)
                )
                f = OptionField(o, value, page, open_folder, self.secrets, self.tasks)
                f.show_in_use(paths)
                f.changed.connect(self._update_state)
                self.fields[o.key] = f
                in_tab.append(f)
                if o.kind is OptionKind.BOOL:
                    form.addRow(QLabel(page), f)
                else:
                    label = QLabel(o.title_text(), page)
                    label.setBuddy(f.editor)
                    label.setToolTip(o.help_text())
                    form.addRow(label, f)
            scroll = QScrollArea(self.tabs)
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QScrollArea.Shape.NoFrame)
            scroll.setWidget(page)
            self.tabs.addTab(scroll, translate_group(group))
            self._tab_fields.append(in_tab)
        self.note = QLabel(self)
        self.note.setObjectName("settingsNote")
        self.note.setWordWrap(True)
        self.note.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Apply
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults,
            self,
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.apply_button = self.buttons.button(QDialogButtonBox.StandardButton.Apply)
        self.defaults_button = self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        self.defaults_button.setText(self.tr("Defaults of this tab"))
        self.defaults_button.setToolTip(self.tr("Put every option of this tab back to its default"))
        self.buttons.accepted.connect(self._ok)
        self.buttons.rejected.connect(self.reject)
        self.buttons.clicked.connect(self._clicked)
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs, 1)
        lay.addWidget(self.note)
        lay.addWidget(self.buttons)
        self._update_state()

    # -- state -----------------------------------------------------------------------
    def errors(self) -> dict[str, str]:
        """The options whose value is wrong, with why."""
        return {k: f.message for k, f in self.fields.items() if f.message}

    def _update_state(self) -> None:
        ok = not self.errors()
        self.ok_button.setEnabled(ok)
        self.apply_button.setEnabled(ok)
        restart = []
        for key, f in self.fields.items():
            if f.option.restart and not f.message and f.value() != getattr(self.original, key):
                restart.append(f.option.title_text())
        if restart:
            self.note.setText(
                self.tr("Takes effect when Genbo starts again: {options}.").format(
                    options=", ".join(restart)
                )
            )
        self.note.setVisible(bool(restart))

    def values(self) -> Settings:
        """The settings as edited (fields the dialog does not show are kept);
        `OptionError` if any value is wrong."""
        new = copy.deepcopy(self.original)
        for key, f in self.fields.items():
            if f.option.stored:
                setattr(new, key, f.value())
        return new

    def restore_defaults(self, tab: int | None = None) -> None:
        index = self.tabs.currentIndex() if tab is None else tab
        for f in self._tab_fields[index]:
            # The team chat's robots are the team's, not a preference: kept.
            if f.option.stored and f.option.kind is not OptionKind.TARGETS:
                f.set_value(f.option.default())

    # -- buttons ---------------------------------------------------------------------
    def _clicked(self, button: QAbstractButton) -> None:
        if button is self.apply_button:
            self.apply()
        elif button is self.defaults_button:
            self.restore_defaults()

    def apply(self) -> Settings | None:
        if self.errors():
            return None
        new = self.values()
        self._keep_secrets()
        self.result_settings = new
        self.original = copy.deepcopy(new)
        self._update_state()
        self.applied.emit(new)
        return new

    def _keep_secrets(self) -> None:
        """The robots' secrets typed since the last apply go to the keyring
        now, before `applied` (the team chat posts with them at once; keyring
        writes are quick); removed ones are forgotten. A secret the keyring
        would not take is kept for this run and the operator is told."""
        pending: dict[str, str | None] = {}
        for f in self.fields.values():
            pending.update(f.pending_secrets)
            f.pending_secrets.clear()
        store = self.secrets
        failed = 0
        for name, value in pending.items():
            try:
                if value is None:
                    store.delete(name)
                elif not store.set(name, value) and store.persistent:
                    failed += 1
            except Exception:  # a broken backend must not lose the settings
                log.exception("keeping the secret %s failed", name)
                failed += 1
        if failed:
            self._secret_failed()

    def _secret_failed(self) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Settings"),
            self.tr(
                "A robot's signing secret could not be saved in the system keyring. "
                "It is used until Genbo quits; enter it again after a restart."
            ),
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.open()
        self.secret_warning = box

    def _ok(self) -> None:
        if self.apply() is not None:
            self.accept()
