"""Setting up sources in the new-session dialog: one checkable panel per kind.

Each panel turns its fields into a `Source` or says, in words, what is missing.
The HTTP panel can fetch once ("Test") on a background thread and show the JSON
and the values it maps to before the session starts.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.config.formatting import number_format
from app.config.secret_store import SecretStore
from app.core.metrics import METRICS
from app.runtime.tasks import TaskRunner
from app.session.source_setup import secret_name
from app.sources.base import Source
from app.sources.file_tail import FileTailSource
from app.sources.http_poll import (
    MIN_INTERVAL_S,
    PRESETS,
    FetchResult,
    HttpPollConfig,
    HttpPollSource,
    preset_config,
)
from app.sources.ingest import IngestSource
from app.sources.ocr import OcrEngine, OcrUnavailableError
from app.sources.screen import DEFAULT_INTERVAL_S, ScreenLayout, ScreenSource
from app.sources.screen import MIN_INTERVAL_S as SCREEN_MIN_S
from app.sources.simulator import SimulatorSource
from app.ui.widgets.format import format_metric, metric_label


class SourceSetupError(ValueError):
    pass


class SourcePanel(QGroupBox):
    def build(self) -> Source:
        raise NotImplementedError


class SimulatorPanel(SourcePanel):
    def __init__(self, demo_speed: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Simulator (demo data)"))
        self.setCheckable(True)
        self.setChecked(False)
        self.speed = QDoubleSpinBox(self)
        self.speed.setRange(1.0, 1000.0)
        self.speed.setDecimals(0)
        self.speed.setValue(demo_speed)
        self.speed.setSuffix("×")
        self.speed.setToolTip(self.tr("How many times faster than real time the simulator runs"))
        self.duration = QSpinBox(self)
        self.duration.setRange(0, 24 * 60)
        self.duration.setSuffix(self.tr(" min"))
        self.duration.setSpecialValueText(self.tr("until stopped"))
        self.seed = QLineEdit(self)
        self.seed.setPlaceholderText(self.tr("random"))
        form = QFormLayout(self)
        form.addRow(self.tr("Speed"), self.speed)
        form.addRow(self.tr("Length"), self.duration)
        form.addRow(self.tr("Seed"), self.seed)

    def build(self) -> Source:
        seed_text = self.seed.text().strip()
        seed: int | None = None
        if seed_text:
            try:
                seed = int(seed_text)
            except ValueError:
                raise SourceSetupError(
                    self.tr("The seed must be a whole number, or empty for a random show.")
                ) from None
        minutes = self.duration.value()
        return SimulatorSource(
            seed=seed, speed=self.speed.value(), duration_s=minutes * 60 if minutes else None
        )


class HttpPanel(SourcePanel):
    testFinished = Signal(object)

    def __init__(
        self, store: SecretStore, tasks: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.tasks = tasks
        self.setTitle(self.tr("HTTP poll (a JSON API: Twitch, YouTube, your own)"))
        self.setCheckable(True)
        self.setChecked(False)
        self.preset = QComboBox(self)
        self.preset.addItem(self.tr("Generic JSON"), "")
        for key, preset in PRESETS.items():
            self.preset.addItem(preset.name, key)
        self.url = QLineEdit(self)
        self.url.setPlaceholderText("https://example.com/api/live?room=123")
        self.channel = QLineEdit(self)
        self.client_id = QLineEdit(self)
        self.video_id = QLineEdit(self)
        self.secret = QLineEdit(self)
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setPlaceholderText(self.tr("kept in the system keyring, never in the database"))
        self.method = QComboBox(self)
        self.method.addItems(["GET", "POST"])
        self.body = QLineEdit(self)
        self.body.setPlaceholderText('{"room": 42}')
        self.headers = QPlainTextEdit(self)
        self.headers.setPlaceholderText("Authorization: Bearer {token}")
        self.headers.setFixedHeight(48)
        self.mapping = QPlainTextEdit(self)
        self.mapping.setPlaceholderText("viewers = data[0].viewer_count\ngmv = data[0].sales")
        self.mapping.setFixedHeight(60)
        self.interval = QDoubleSpinBox(self)
        self.interval.setRange(MIN_INTERVAL_S, 3600)
        self.interval.setValue(5)
        self.interval.setSuffix(" s")
        self.keep_for_run = QCheckBox(
            self.tr("No keyring on this system: keep the token for this run only"), self
        )
        self.keep_for_run.setVisible(not store.persistent)
        self.test_button = QPushButton(self.tr("Test"), self)
        self.test_button.setToolTip(self.tr("Fetch once and show what comes back"))
        self.test_button.clicked.connect(self.run_test)
        self.test_output = QPlainTextEdit(self)
        self.test_output.setReadOnly(True)
        self.test_output.setFixedHeight(110)
        self.test_output.hide()
        self.last_test_source: HttpPollSource | None = None

        self.form = QFormLayout()
        self.form.addRow(self.tr("API"), self.preset)
        self.form.addRow(self.tr("URL"), self.url)
        self.form.addRow(self.tr("Channel"), self.channel)
        self.form.addRow(self.tr("Client-Id"), self.client_id)
        self.form.addRow(self.tr("Video id"), self.video_id)
        self.form.addRow(self.tr("Token"), self.secret)
        self.form.addRow(self.tr("Method"), self.method)
        self.form.addRow(self.tr("Body"), self.body)
        self.form.addRow(self.tr("Headers"), self.headers)
        self.form.addRow(self.tr("Map"), self.mapping)
        self.form.addRow(self.tr("Every"), self.interval)
        row = QHBoxLayout()
        row.addWidget(self.keep_for_run, 1)
        row.addWidget(self.test_button)
        lay = QVBoxLayout(self)
        lay.addLayout(self.form)
        lay.addLayout(row)
        lay.addWidget(self.test_output)
        self.preset.currentIndexChanged.connect(self._on_preset)
        self._on_preset()

    def _preset_key(self) -> str:
        return str(self.preset.currentData() or "")

    def _on_preset(self) -> None:
        key = self._preset_key()
        rows = {
            self.channel: key == "twitch",
            self.client_id: key == "twitch",
            self.video_id: key == "youtube",
            self.headers: key == "",
            self.mapping: key == "",
            self.method: key == "",
            self.body: key == "",
        }
        for widget, visible in rows.items():
            self.form.setRowVisible(widget, visible)
        label = {"twitch": self.tr("Token"), "youtube": self.tr("API key")}.get(
            key, self.tr("Secret ({token})")
        )
        self._secret_label().setText(label)
        if key:
            self.url.setPlaceholderText(PRESETS[key].config.url)
            self.interval.setValue(PRESETS[key].config.interval_s)
            self.setToolTip(PRESETS[key].help)

    def config(self) -> HttpPollConfig:
        key = self._preset_key()
        url = self.url.text().strip() or None
        if key:
            params = {
                "channel": self.channel.text().strip(),
                "client_id": self.client_id.text().strip(),
                "video_id": self.video_id.text().strip(),
            }
            try:
                cfg = preset_config(
                    key,
                    {k: v for k, v in params.items() if v},
                    url=url,
                    interval_s=self.interval.value(),
                )
            except ValueError as exc:
                raise SourceSetupError(str(exc)) from None
        else:
            if url is None:
                raise SourceSetupError(self.tr("Enter the API's URL."))
            mapping: dict[str, str] = {}
            for line in self.mapping.toPlainText().splitlines():
                if not line.strip():
                    continue
                name, sep, path = line.partition("=")
                if not sep:
                    raise SourceSetupError(
                        self.tr("Map lines look like viewers = data[0].viewer_count")
                    )
                mapping[name.strip()] = path.strip()
            headers: dict[str, str] = {}
            for line in self.headers.toPlainText().splitlines():
                if not line.strip():
                    continue
                name, sep, value = line.partition(":")
                if not sep:
                    raise SourceSetupError(self.tr("Header lines look like Name: value"))
                headers[name.strip()] = value.strip()
            body = self.body.text().strip() or None
            templated = url + "".join(headers.values()) + (body or "")
            secret_names = ("token",) if "{token}" in templated else ()
            cfg = HttpPollConfig(
                url=url,
                mapping=mapping,
                method=self.method.currentText(),
                body=body,
                headers=headers,
                secret_names=secret_names,
                interval_s=self.interval.value(),
            )
        try:
            cfg.validate()
        except ValueError as exc:
            raise SourceSetupError(str(exc)) from None
        return cfg

    def _secret_label(self) -> QLabel:
        label = self.form.labelForField(self.secret)
        assert isinstance(label, QLabel)  # made by addRow(text, field)
        return label

    def _secrets(self, cfg: HttpPollConfig) -> dict[str, str]:
        typed = self.secret.text()
        out = {}
        for name in cfg.secret_names:
            value = typed or self.store.get(secret_name(cfg, name)) or ""
            if not value:
                raise SourceSetupError(
                    self.tr("Enter the {what}; it is needed for every request.").format(
                        what=self._secret_label().text().lower()
                    )
                )
            out[name] = value
        return out

    def build(self) -> Source:
        cfg = self.config()
        secrets = self._secrets(cfg)
        if self.secret.text() and cfg.secret_names:
            if not self.store.persistent and not self.keep_for_run.isChecked():
                raise SourceSetupError(
                    self.tr(
                        "This system has no keyring to keep the token in. Tick “keep the "
                        "token for this run only” to use it anyway."
                    )
                )
            for name in cfg.secret_names:
                self.store.set(secret_name(cfg, name), secrets[name])
        return HttpPollSource(cfg, secrets=secrets)

    # -- the Test button -------------------------------------------------------------
    def run_test(self) -> None:
        self.test_output.show()
        try:
            cfg = replace(self.config(), deadline_s=8.0)
            src = HttpPollSource(cfg, secrets=self._secrets(cfg))
        except SourceSetupError as exc:
            self.test_output.setPlainText(str(exc))
            return
        self.last_test_source = src
        self.test_output.setPlainText(self.tr("Fetching…"))
        self.test_button.setEnabled(False)
        self.tasks.submit(src.test_fetch, self._show_test, self._test_failed)

    def _test_failed(self, exc: BaseException) -> None:
        self.test_button.setEnabled(True)
        self.test_output.setPlainText(str(exc))
        self.testFinished.emit(None)

    def _show_test(self, result: FetchResult) -> None:
        self.test_button.setEnabled(True)
        lines = []
        if result.status:
            lines.append(self.tr("HTTP {status}").format(status=result.status))
        for key, raw in result.values.items():
            value = METRICS[key].display_float(raw)
            lines.append(f"✓ {metric_label(key)} = {format_metric(key, value)}")
        for field, err in result.errors.items():
            lines.append(f"✗ {field}: {err}")
        for name, text in result.info.items():
            lines.append(f"  {name}: {text}")
        if result.body_preview:
            try:
                pretty = json.dumps(json.loads(result.body_preview), ensure_ascii=False, indent=1)
            except ValueError:
                pretty = result.body_preview
            lines += ["", pretty[:3000]]
        self.test_output.setPlainText("\n".join(lines))
        self.testFinished.emit(result)


class IngestPanel(SourcePanel):
    def __init__(self, store: SecretStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setTitle(self.tr("Push ingest (userscripts, OBS scripts, curl post numbers to Genbo)"))
        self.setCheckable(True)
        self.setChecked(False)
        self.port = QSpinBox(self)
        self.port.setRange(0, 65535)
        self.port.setSpecialValueText(self.tr("any free port"))
        note = QLabel(
            self.tr(
                "Listens on 127.0.0.1 only. The address and token are shown once the "
                "session starts."
            ),
            self,
        )
        note.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.tr("Port"), self.port)
        form.addRow(note)

    def build(self) -> Source:
        token, _saved = self.store.ingest_token()
        return IngestSource(port=self.port.value(), token=token, fmt=number_format())


class FilePanel(SourcePanel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("File (a CSV or JSON-lines file another program appends to)"))
        self.setCheckable(True)
        self.setChecked(False)
        self.path = QLineEdit(self)
        self.path.setPlaceholderText(self.tr("e.g. live_numbers.csv with a header row"))
        browse = QPushButton(self.tr("Browse…"), self)
        browse.clicked.connect(self._browse)
        self.format = QComboBox(self)
        self.format.addItem(self.tr("by file name"), "auto")
        self.format.addItem("CSV", "csv")
        self.format.addItem("JSON lines", "jsonl")
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form = QFormLayout(self)
        form.addRow(self.tr("File"), row)
        form.addRow(self.tr("Format"), self.format)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Follow a file"), "", self.tr("Data (*.csv *.jsonl *.ndjson *.txt)")
        )
        if path:
            self.path.setText(path)

    def build(self) -> Source:
        path = self.path.text().strip()
        if not path:
            raise SourceSetupError(self.tr("Choose the file to follow."))
        return FileTailSource(path, format=str(self.format.currentData()))


class ScreenPanel(SourcePanel):
    """Read a dashboard off the screen: a saved layout of boxes, OCR, the guard."""

    def __init__(self, data_dir: Path, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.tasks = tasks
        self.setTitle(self.tr("Screen (read a dashboard off the screen with OCR)"))
        self.setCheckable(True)
        self.setChecked(False)
        self.layout_box = QComboBox(self)
        self.layout_box.setMinimumContentsLength(16)
        self.layout_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        new = QPushButton(self.tr("New…"), self)
        new.clicked.connect(lambda: self.edit(None))
        self.edit_button = QPushButton(self.tr("Edit…"), self)
        self.edit_button.clicked.connect(lambda: self.edit(self.current()))
        row = QHBoxLayout()
        row.addWidget(self.layout_box, 1)
        row.addWidget(new)
        row.addWidget(self.edit_button)
        self.interval = QDoubleSpinBox(self)
        self.interval.setRange(SCREEN_MIN_S, 60.0)
        self.interval.setDecimals(1)
        self.interval.setValue(DEFAULT_INTERVAL_S)
        self.interval.setSuffix(self.tr(" s"))
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setText(
            self.tr(
                "A value is taken after two identical reads; suspect reads are kept out "
                "of the data and listed for you to confirm or correct."
            )
        )
        try:
            OcrEngine.check()
        except OcrUnavailableError as exc:
            self.note.setText(str(exc))
        form = QFormLayout(self)
        form.addRow(self.tr("Layout"), row)
        form.addRow(self.tr("Every"), self.interval)
        form.addRow(self.note)
        self.layouts: list[ScreenLayout] = []
        self.dialog: QWidget | None = None
        self.reload()

    def reload(self, select: str | None = None) -> None:
        from app.session.screen_layouts import load_layouts

        current = select or self.layout_box.currentText()
        self.layouts, _problems = load_layouts(self.data_dir)
        self.layout_box.clear()
        for lay in self.layouts:
            self.layout_box.addItem(
                self.tr("{name} · {n} boxes").format(name=lay.name, n=len(lay.regions)), lay.name
            )
        if not self.layouts:
            self.layout_box.addItem(self.tr("no layout yet: draw one with New…"), "")
        i = self.layout_box.findData(current)
        if i >= 0:
            self.layout_box.setCurrentIndex(i)
        self.edit_button.setEnabled(bool(self.layouts))

    def current(self) -> ScreenLayout | None:
        name = self.layout_box.currentData()
        return next((lay for lay in self.layouts if lay.name == name), None)

    def edit(self, layout: ScreenLayout | None) -> None:
        from app.ui.dialogs.screen_layout import ScreenLayoutDialog

        dlg = ScreenLayoutDialog(self.data_dir, self.tasks, layout, self.window())

        def saved() -> None:
            if dlg.saved is not None:
                self.reload(dlg.saved.name)
                self.setChecked(True)

        dlg.accepted.connect(saved)
        dlg.open()
        self.dialog = dlg

    def build(self) -> Source:
        layout = self.current()
        if layout is None:
            raise SourceSetupError(self.tr("Draw a layout first: New… opens the region editor."))
        try:
            OcrEngine.check()
        except OcrUnavailableError as exc:
            raise SourceSetupError(str(exc)) from None
        return ScreenSource(layout, interval_s=self.interval.value())
