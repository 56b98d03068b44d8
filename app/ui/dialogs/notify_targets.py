"""The team chat's robots: add, edit and remove 飞书/Lark, 企业微信 and 钉钉
robots and JSON webhooks, choose what each one hears, and send a test.

A target's signing secret is typed here and kept in the system keyring under
the target's secret name (`app.notify.targets.secret_name_for`), never in the
settings file: the dialogs hand back the targets as the settings keep them and,
apart, the secrets to store (`pending_secrets`; the settings dialog stores them
off the GUI thread when it applies). "Send test" posts off the GUI thread
(`Dispatcher.test_target` on the `TaskRunner`) and shows the robot's answer.
"""

from __future__ import annotations

import copy
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.notify.dispatcher import Dispatcher, SecretLookup
from app.notify.targets import (
    EVENT_LABELS,
    EVENTS,
    KIND_LABELS,
    KINDS,
    Target,
    TargetError,
    new_target_id,
    redact_url,
    secret_name_for,
)
from app.runtime.tasks import TaskRunner
from app.ui.widgets.labels import form_error

SIGNED_KINDS = ("feishu", "dingtalk", "webhook")
"""The kinds that can sign their posts with a secret (WeCom's robot cannot)."""

URL_EXAMPLES = {
    "feishu": "https://open.feishu.cn/open-apis/bot/v2/hook/…",
    "wecom": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…",
    "dingtalk": "https://oapi.dingtalk.com/robot/send?access_token=…",
    "webhook": "https://example.com/genbo-hook",
}


def _notify(text: str) -> str:
    return QCoreApplication.translate("notify", text)


def kind_label(kind: str) -> str:
    """飞书/企业微信/钉钉/webhook in the UI language."""
    return _notify(KIND_LABELS.get(kind, kind))


class _Typed:
    """The secrets lookup of a test: the secret just typed, else the keyring's."""

    def __init__(self, name: str | None, typed: str, store: SecretLookup) -> None:
        self.name, self.typed, self.store = name, typed, store

    def get(self, name: str) -> str | None:
        if self.typed and name == self.name:
            return self.typed
        return self.store.get(name)


def send_test_message(target: Target, secrets: SecretLookup) -> tuple[bool, str]:
    """Send the test message to `target` (blocking: run it on the TaskRunner)."""
    dispatcher = Dispatcher([], secrets)
    try:
        return dispatcher.test_target(target)
    finally:
        dispatcher.close(0.1)


class TargetDialog(QDialog):
    """One target: its kind, name, address, signing secret and events."""

    tested = Signal(bool, str)
    """(ok, why) once a test message was sent, or could not be."""

    def __init__(
        self,
        target: dict[str, Any] | None,
        secrets: SecretLookup,
        tasks: TaskRunner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.secrets = secrets
        self.tasks = tasks
        d = dict(target or {})
        self.setWindowTitle(self.tr("Team-chat robot") if target else self.tr("Add a robot"))
        self.target_id = str(d.get("id") or new_target_id())
        self.old_secret_name: str | None = d.get("secret_name") or None
        self.kind = QComboBox(self)
        for k in KINDS:
            self.kind.addItem(kind_label(k), k)
        self.kind.setCurrentIndex(max(0, self.kind.findData(d.get("kind", "feishu"))))
        self.name = QLineEdit(str(d.get("name") or ""), self)
        self.name.setPlaceholderText(self.tr("e.g. 运营群"))
        self.url = QLineEdit(str(d.get("url") or ""), self)
        self.secret = QLineEdit(self)
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret_note = QLabel(self)
        self.secret_note.setWordWrap(True)
        self.secret_note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.events: dict[str, QCheckBox] = {}
        wanted = set(d.get("events", EVENTS) or ())
        events_box = QWidget(self)
        ev = QVBoxLayout(events_box)
        ev.setContentsMargins(0, 0, 0, 0)
        for e in EVENTS:
            check = QCheckBox(_notify(EVENT_LABELS[e]), events_box)
            check.setChecked(e in wanted)
            check.toggled.connect(self._update_state)
            self.events[e] = check
            ev.addWidget(check)
        self.enabled = QCheckBox(self.tr("On"), self)
        self.enabled.setToolTip(self.tr("Off keeps the robot in the list without sending to it."))
        self.enabled.setChecked(bool(d.get("enabled", True)))
        self.error = form_error(self)
        self.test_button = QPushButton(self.tr("Send test"), self)
        self.test_button.setToolTip(self.tr("Post a test message to the group now"))
        self.test_button.clicked.connect(self.send_test)
        self.test_result = QLabel(self)
        self.test_result.setObjectName("testResult")
        self.test_result.setWordWrap(True)
        self.test_result.hide()
        form = QFormLayout()
        form.addRow(self.tr("Kind"), self.kind)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Webhook address"), self.url)
        form.addRow(self.tr("Signing secret"), self.secret)
        form.addRow("", self.secret_note)
        form.addRow(self.tr("Send"), events_box)
        form.addRow("", self.enabled)
        self._form = form
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_result, 1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self._ok)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addLayout(test_row)
        lay.addStretch(1)
        lay.addWidget(self.buttons)
        self.kind.currentIndexChanged.connect(self._on_kind)
        self.name.textChanged.connect(self._update_state)
        self.url.textChanged.connect(self._update_state)
        self.secret.textChanged.connect(self._update_state)
        self.enabled.toggled.connect(self._update_state)
        self._on_kind()

    # -- the target ------------------------------------------------------------------
    @property
    def kind_key(self) -> str:
        return str(self.kind.currentData())

    def _on_kind(self) -> None:
        kind = self.kind_key
        signed = kind in SIGNED_KINDS
        self.url.setPlaceholderText(URL_EXAMPLES[kind])
        self._form.setRowVisible(self.secret, signed)
        self._form.setRowVisible(self.secret_note, signed)
        if self.old_secret_name and signed:
            self.secret.setPlaceholderText(self.tr("unchanged (kept in the keyring)"))
        else:
            self.secret.setPlaceholderText(self.tr("none: the robot does not check a signature"))
        notes = {
            "feishu": self.tr(
                "The secret of the bot's 签名校验 (signature check), if it has one. "
                "Kept in the system keyring, never in the settings file."
            ),
            "dingtalk": self.tr(
                "The robot's 加签 secret (SEC…), if it has one. Kept in the system "
                "keyring, never in the settings file."
            ),
            "webhook": self.tr(
                "Signs each post (X-Genbo-Signature, HMAC-SHA256), if given. Kept in "
                "the system keyring, never in the settings file."
            ),
        }
        self.secret_note.setText(notes.get(kind, ""))
        self._update_state()

    def secret_value(self) -> str:
        """The secret typed now ("" when none was: an existing one is kept)."""
        return self.secret.text().strip() if self.kind_key in SIGNED_KINDS else ""

    def _secret_name(self) -> str | None:
        if self.kind_key not in SIGNED_KINDS:
            return None
        if self.secret_value():
            return self.old_secret_name or secret_name_for(self.target_id)
        return self.old_secret_name

    def target(self) -> Target:
        """The target as edited; `TargetError` says what is wrong."""
        return Target(
            id=self.target_id,
            kind=self.kind_key,
            name=self.name.text().strip(),
            url=self.url.text().strip(),
            secret_name=self._secret_name(),
            events=frozenset(e for e, c in self.events.items() if c.isChecked()),
            enabled=self.enabled.isChecked(),
        ).validate()

    def problem(self) -> str | None:
        try:
            self.target()
        except TargetError as exc:
            return str(exc)
        return None

    def _update_state(self) -> None:
        message = self.problem()
        if message is None and not any(c.isChecked() for c in self.events.values()):
            message = self.tr("Choose at least one thing to send.")
        self.error.setText(message or "")
        self.error.setVisible(message is not None)
        self.ok_button.setEnabled(message is None)
        self.test_button.setEnabled(self.problem() is None and self.tasks is not None)

    # -- the test --------------------------------------------------------------------
    def send_test(self) -> None:
        if self.tasks is None:
            return
        try:
            target = self.target()
        except TargetError as exc:
            self._show_test(False, str(exc))
            return
        lookup = _Typed(target.secret_name, self.secret_value(), self.secrets)
        self.test_button.setEnabled(False)
        self.test_result.setText(self.tr("Sending…"))
        self.test_result.setProperty("state", "")
        self.test_result.show()

        def done(result: tuple[bool, str]) -> None:
            if isValid(self):
                self._show_test(*result)

        def failed(exc: BaseException) -> None:
            if isValid(self):
                self._show_test(False, str(exc))

        self.tasks.submit(lambda: send_test_message(target, lookup), done, failed)

    def _show_test(self, ok: bool, why: str) -> None:
        if ok:
            text = self.tr("Sent: look for “Genbo test message” in the group.")
        else:
            text = self.tr("Not sent: {why}").format(why=why)
        self.test_result.setText(text)
        self.test_result.setProperty("state", "ok" if ok else "bad")
        self.test_result.show()
        self.test_button.setEnabled(self.problem() is None)
        self.tested.emit(ok, why)

    def _ok(self) -> None:
        if self.ok_button.isEnabled():
            self.accept()


class NotifyTargetsDialog(QDialog):
    """The list of robots. `result_targets()` gives them as the settings keep
    them; `pending_secrets` the secrets to store (a value) or forget (None)."""

    def __init__(
        self,
        targets: list[dict[str, Any]],
        secrets: SecretLookup,
        tasks: TaskRunner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Team chat"))
        self.resize(640, 400)
        self.secrets = secrets
        self.tasks = tasks
        self.targets: list[dict[str, Any]] = [copy.deepcopy(d) for d in targets]
        self.pending_secrets: dict[str, str | None] = {}
        self.editor: TargetDialog | None = None
        intro = QLabel(
            self.tr(
                "Robots in the team's group chats that hear of going live, the end of a "
                "session, major milestones, alerts and monthly GMV thresholds. A message "
                "that cannot be sent is shown, kept and sent again later."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setObjectName("targetList")
        self.list.itemDoubleClicked.connect(lambda _item: self.edit_current())
        self.list.currentRowChanged.connect(lambda _row: self._update_state())
        self.add_button = QPushButton(self.tr("Add…"), self)
        self.add_button.clicked.connect(self.add_target)
        self.edit_button = QPushButton(self.tr("Edit…"), self)
        self.edit_button.clicked.connect(self.edit_current)
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.remove_button.clicked.connect(self.remove_current)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.edit_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        self.message = form_error(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self._ok)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addWidget(self.list, 1)
        lay.addLayout(row)
        lay.addWidget(self.message)
        lay.addWidget(self.buttons)
        self._fill()

    def problems(self) -> dict[int, str]:
        """The targets that cannot be used, with why (by row)."""
        out = {}
        for i, d in enumerate(self.targets):
            try:
                Target.from_dict(d)
            except TargetError as exc:
                out[i] = str(exc)
        return out

    def _fill(self) -> None:
        current = self.list.currentRow()
        self.list.clear()
        problems = self.problems()
        for i, d in enumerate(self.targets):
            kind = str(d.get("kind", ""))
            text = f"{d.get('name') or kind} · {kind_label(kind)} · {redact_url(str(d.get('url')))}"
            if d.get("enabled") is False:
                text += " " + self.tr("(off)")
            if i in problems:
                text = "⚠ " + text + " — " + problems[i]
            item = QListWidgetItem(text)
            events = [_notify(EVENT_LABELS[e]) for e in EVENTS if e in (d.get("events") or ())]
            item.setToolTip(", ".join(events))
            self.list.addItem(item)
        if self.targets:
            self.list.setCurrentRow(min(max(current, 0), len(self.targets) - 1))
        self._update_state()

    def _update_state(self) -> None:
        problems = self.problems()
        has = 0 <= self.list.currentRow() < len(self.targets)
        self.edit_button.setEnabled(has)
        self.remove_button.setEnabled(has)
        self.ok_button.setEnabled(not problems)
        if problems:
            first = min(problems)
            self.message.setText(
                self.tr("Robot {number} cannot be used: {why}. Edit or remove it.").format(
                    number=first + 1, why=problems[first]
                )
            )
        self.message.setVisible(bool(problems))
        if not self.targets:
            self.list.setToolTip(self.tr("No robots yet: add one."))

    # -- editing ---------------------------------------------------------------------
    def _open_editor(self, row: int | None) -> TargetDialog:
        d = self.targets[row] if row is not None else None
        dlg = TargetDialog(d, self.secrets, self.tasks, self)

        def accepted() -> None:
            target = dlg.target()
            new = target.to_dict()
            secret = dlg.secret_value()
            if target.secret_name and secret:
                self.pending_secrets[target.secret_name] = secret
            old_name = dlg.old_secret_name
            if old_name and old_name != target.secret_name:
                self.pending_secrets[old_name] = None
            if row is None:
                self.targets.append(new)
            else:
                self.targets[row] = new
            self._fill()
            if row is None:
                self.list.setCurrentRow(len(self.targets) - 1)

        dlg.accepted.connect(accepted)
        dlg.open()
        self.editor = dlg
        return dlg

    def add_target(self) -> TargetDialog:
        return self._open_editor(None)

    def edit_current(self) -> TargetDialog | None:
        row = self.list.currentRow()
        if not 0 <= row < len(self.targets):
            return None
        return self._open_editor(row)

    def remove_current(self) -> None:
        row = self.list.currentRow()
        if not 0 <= row < len(self.targets):
            return
        d = self.targets.pop(row)
        if d.get("secret_name"):
            self.pending_secrets[str(d["secret_name"])] = None
        self._fill()

    def result_targets(self) -> list[dict[str, Any]]:
        return [Target.from_dict(d).to_dict() for d in self.targets]

    def _ok(self) -> None:
        if not self.problems():
            self.accept()
