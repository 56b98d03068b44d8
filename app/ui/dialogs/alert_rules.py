"""The alert rules' editor, generated from `app.core.alerts.RULE_KINDS`.

A list of rules on the left (add one of any kind, remove one), the selected
rule's fields on the right: each with its editor (on/off, a number with its
unit, a choice, a metric), its range and help in the tooltip, and what is
wrong with the value under it, checked as it is typed. A value the rules
refuse is never saved: OK stays disabled while any rule has one, and the
list marks the rules that do. Opened with open(), never exec().
"""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
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
    QMenu,
    QPushButton,
    QScrollArea,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.alerts import RULE_KINDS, AlertRule, AlertRuleError, RuleField, parse_rules
from app.core.metrics import METRICS
from app.core.numbers import NumberParseError, parse_number
from app.ui.widgets.format import metric_label
from app.ui.widgets.labels import form_error

DIALOG_SIZE = (820, 560)
NUMBER_FIELD_WIDTH = 120


def _alerts(text: str) -> str:
    return QCoreApplication.translate("alerts", text)


def _plain(value: Any, decimals: int) -> str:
    """A number as typed back: every digit, '.' for decimals, no grouping."""
    d = Decimal(str(value))
    if decimals == 0 and d == d.to_integral_value():
        return str(int(d))
    text = format(d.normalize(), "f")
    return text


def _unit_text(f: RuleField) -> str:
    return {
        "s": QCoreApplication.translate("AlertRulesDialog", "s"),
        "min": QCoreApplication.translate("AlertRulesDialog", "min"),
        "%": "%",
        "¥": "¥",
        "×": "×",
    }.get(f.unit, "")


def _range_text(f: RuleField) -> str:
    unit = _unit_text(f)
    low, high = _plain(f.minimum, f.decimals), _plain(f.maximum, f.decimals)
    if unit == "¥":
        low, high = "¥" + low, "¥" + high
    elif unit:
        low, high = f"{low} {unit}", f"{high} {unit}"
    return QCoreApplication.translate("AlertRulesDialog", "From {low} to {high}.").format(
        low=low, high=high
    )


def rule_title(d: dict[str, Any]) -> str:
    """A rule as the list names it: its kind and what tells it apart."""
    spec = RULE_KINDS.get(str(d.get("kind")))
    if spec is None:
        return str(d.get("kind"))
    title = _alerts(spec.title)
    kind = spec.key
    detail = ""
    try:
        if kind == "change":
            metric = str(d.get("metric", "gmv"))
            name = metric_label(metric) if metric in METRICS else metric
            sign = "−" if d.get("direction", "down") == "down" else "+"
            detail = QCoreApplication.translate(
                "AlertRulesDialog", "{metric} {sign}{pct}% in {minutes} min"
            ).format(
                metric=name,
                sign=sign,
                pct=_plain(d.get("pct", 40), 1),
                minutes=_plain(d.get("minutes", 5), 0),
            )
        elif kind in ("no_order", "spend_flat"):
            detail = QCoreApplication.translate("AlertRulesDialog", "{minutes} min").format(
                minutes=_plain(d.get("minutes", 10), 0)
            )
        elif kind in ("roi_below", "viewers_below"):
            detail = _plain(d.get("below", 1), 2 if kind == "roi_below" else 0)
        elif kind == "dwell_below":
            detail = _plain(d.get("pct", 30), 1) + "%"
    except (ValueError, ArithmeticError, TypeError):
        detail = ""
    text = f"{title} · {detail}" if detail else title
    if d.get("enabled") is False:
        text += " " + QCoreApplication.translate("AlertRulesDialog", "(off)")
    return text


class RuleForm(QWidget):
    """One rule's fields. `values()` gives the rule's dict (only fields that
    are fine are in it) and `errors` what is wrong, by field key."""

    changed = Signal()

    def __init__(self, d: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        kind = str(d.get("kind"))
        self.spec = RULE_KINDS[kind]
        self.editors: dict[str, QWidget] = {}
        self.error_labels: dict[str, QLabel] = {}
        self.errors: dict[str, str] = {}
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        head = QLabel(_alerts(self.spec.title), self)
        head.setObjectName("ruleKind")
        font = head.font()
        font.setBold(True)
        head.setFont(font)
        help_line = QLabel(_alerts(self.spec.help), self)
        help_line.setWordWrap(True)
        help_line.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        lay.addWidget(head)
        lay.addWidget(help_line)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        lay.addLayout(form)
        lay.addStretch(1)
        for f in self.spec.fields:
            value = d.get(f.key, f.default)
            holder = QWidget(self)
            col = QVBoxLayout(holder)
            col.setContentsMargins(0, 0, 0, 2)
            col.setSpacing(1)
            row = QHBoxLayout()
            row.setContentsMargins(0, 0, 0, 0)
            editor: QWidget
            tip = _alerts(f.help) if f.help else ""
            if f.kind == "bool":
                box = QCheckBox(_alerts(f.title), holder)
                box.setChecked(bool(value))
                box.toggled.connect(self._changed)
                editor = box
            elif f.kind in ("choice", "metric"):
                combo = QComboBox(holder)
                if f.kind == "metric":
                    for key in METRICS:
                        combo.addItem(metric_label(key), key)
                else:
                    for key, title in f.choices:
                        combo.addItem(_alerts(title), key)
                index = combo.findData(value)
                combo.setCurrentIndex(max(0, index))
                combo.currentIndexChanged.connect(self._changed)
                editor = combo
            else:
                edit = QLineEdit(holder)
                edit.setMaximumWidth(NUMBER_FIELD_WIDTH)
                try:
                    edit.setText(_plain(value, f.decimals))
                except (ValueError, ArithmeticError, TypeError):
                    edit.setText(str(value))
                edit.textChanged.connect(self._changed)
                editor = edit
                tip = (tip + " " if tip else "") + _range_text(f)
            editor.setObjectName(f"rule_{f.key}")
            editor.setToolTip(tip)
            row.addWidget(editor)
            unit = _unit_text(f)
            if f.kind == "number" and unit:
                row.addWidget(QLabel(unit, holder))
            row.addStretch(1)
            col.addLayout(row)
            error = form_error(holder)
            col.addWidget(error)
            self.editors[f.key] = editor
            self.error_labels[f.key] = error
            if f.kind == "bool":
                form.addRow(QLabel(holder), holder)
            else:
                label = QLabel(_alerts(f.title), self)
                label.setBuddy(editor)
                label.setToolTip(tip)
                form.addRow(label, holder)
        self._check()

    def _raw(self, f: RuleField) -> Any:
        """The field's value as edited; `ValueError` with the message if it is not a number."""
        e = self.editors[f.key]
        if isinstance(e, QCheckBox):
            return e.isChecked()
        if isinstance(e, QComboBox):
            return e.currentData()
        assert isinstance(e, QLineEdit)
        text = e.text().strip()
        for suffix in (f.unit, _unit_text(f)):
            if suffix and suffix not in ("¥",) and text.endswith(suffix):
                text = text[: -len(suffix)].strip()
        try:
            return parse_number(text, allow_negative=True)
        except NumberParseError as exc:
            raise ValueError(str(exc)) from None

    def _check(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.spec.key}
        self.errors = {}
        for f in self.spec.fields:
            try:
                value = self._raw(f)
                # Missing fields take their defaults: an error is this field's.
                AlertRule.from_dict({"kind": self.spec.key, f.key: value})
            except AlertRuleError as exc:
                self.errors[f.key] = str(exc)
            except ValueError as exc:
                self.errors[f.key] = str(exc)
            else:
                out[f.key] = value
        for key, label in self.error_labels.items():
            message = self.errors.get(key)
            label.setText(message or "")
            label.setVisible(message is not None)
        return out

    def _changed(self) -> None:
        self._check()
        self.changed.emit()

    def values(self) -> dict[str, Any]:
        """The rule's dict as stored (JSON numbers); with errors, what is fine."""
        d = self._check()
        if self.errors:
            return d
        return AlertRule.from_dict(d).to_dict()


class AlertRulesDialog(QDialog):
    """Edit a list of alert rules (dicts as the settings keep them)."""

    def __init__(self, rules: list[dict[str, Any]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Alert rules"))
        screen = (parent.screen() if parent is not None else None) or self.screen()
        free = screen.availableGeometry()
        self.resize(min(DIALOG_SIZE[0], free.width()), min(DIALOG_SIZE[1], free.height() - 60))
        good, _errors = parse_rules(rules)
        # What the settings file had that cannot be used was refused on loading;
        # anything else is shown as it is, to be fixed here.
        self.rules: list[dict[str, Any]] = (
            [copy.deepcopy(d) for d in rules if isinstance(d, dict) and d.get("kind") in RULE_KINDS]
            if isinstance(rules, list)
            else [r.to_dict() for r in good]
        )
        self.problems: dict[int, dict[str, str]] = {}
        self.list = QListWidget(self)
        self.list.setObjectName("ruleList")
        self.list.currentRowChanged.connect(self._select)
        self.add_button = QToolButton(self)
        self.add_button.setText(self.tr("Add rule"))
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.add_button)
        self.add_actions = {}
        for key, spec in RULE_KINDS.items():
            act = menu.addAction(_alerts(spec.title))
            act.setToolTip(_alerts(spec.help))
            act.triggered.connect(lambda _on=False, k=key: self.add_rule(k))
            self.add_actions[key] = act
        self.add_button.setMenu(menu)
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.remove_button.clicked.connect(self.remove_current)
        left = QWidget(self)
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.list, 1)
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(self.add_button)
        buttons_row.addWidget(self.remove_button)
        buttons_row.addStretch(1)
        ll.addLayout(buttons_row)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.form: RuleForm | None = None
        self._form_row = -1
        self.empty = QLabel(self.tr("No rules: add one."), self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll_area.setWidget(self.empty)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(self.scroll_area)
        split.setStretchFactor(1, 1)
        split.setSizes([300, 520])
        self.message = form_error(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self._ok)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(split, 1)
        lay.addWidget(self.message)
        lay.addWidget(self.buttons)
        for i in range(len(self.rules)):
            self._check_stored(i)
        self._fill_list()
        if self.rules:
            self.list.setCurrentRow(0)
        self._update_state()

    # -- the list --------------------------------------------------------------------
    def _check_stored(self, index: int) -> None:
        """Per-field problems of a rule not on screen (as the form would find them)."""
        d = self.rules[index]
        spec = RULE_KINDS[str(d["kind"])]
        problems = {}
        for f in spec.fields:
            if f.key in d:
                try:
                    AlertRule.from_dict({"kind": spec.key, f.key: d[f.key]})
                except AlertRuleError as exc:
                    problems[f.key] = str(exc)
        if problems:
            self.problems[index] = problems
        else:
            self.problems.pop(index, None)

    def _fill_list(self) -> None:
        current = self.list.currentRow()
        self.list.blockSignals(True)
        self.list.clear()
        for i, d in enumerate(self.rules):
            item = QListWidgetItem(self._item_text(i, d))
            item.setToolTip(_alerts(RULE_KINDS[str(d["kind"])].help))
            self.list.addItem(item)
        self.list.blockSignals(False)
        if 0 <= current < self.list.count():
            self.list.setCurrentRow(current)

    def _item_text(self, index: int, d: dict[str, Any]) -> str:
        text = rule_title(d)
        if index in self.problems:
            text = "⚠ " + text
        return text

    def _select(self, row: int) -> None:
        if self.form is not None:
            self.form.changed.disconnect(self._on_form_changed)
            prev = self._form_row
            if 0 <= prev < len(self.rules):  # a bad value left behind is not kept
                self._check_stored(prev)
                item = self.list.item(prev)
                if item is not None:
                    item.setText(self._item_text(prev, self.rules[prev]))
                self._update_state()
        self.form = None
        self._form_row = row
        if not 0 <= row < len(self.rules):
            self.empty = QLabel(self.tr("No rules: add one."), self)
            self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.scroll_area.setWidget(self.empty)
            return
        form = RuleForm(self.rules[row], self)
        form.changed.connect(self._on_form_changed)
        self.scroll_area.setWidget(form)  # the scroll area deletes the previous one
        self.form = form

    def _on_form_changed(self) -> None:
        row = self.list.currentRow()
        form = self.form
        if form is None or not 0 <= row < len(self.rules):
            return
        values = form.values()
        kept = self.rules[row]
        # A field with a bad value keeps what it had: only good values go in.
        self.rules[row] = {**kept, **values}
        if form.errors:
            self.problems[row] = dict(form.errors)
        else:
            self.problems.pop(row, None)
        item = self.list.item(row)
        if item is not None:
            item.setText(self._item_text(row, self.rules[row]))
        self._update_state()

    def add_rule(self, kind: str) -> None:
        spec = RULE_KINDS[kind]
        d = spec.cls().to_dict()
        self.rules.append(d)
        self._fill_list()
        self.list.setCurrentRow(len(self.rules) - 1)
        self._update_state()

    def remove_current(self) -> None:
        row = self.list.currentRow()
        if not 0 <= row < len(self.rules):
            return
        del self.rules[row]
        self.problems = {(i if i < row else i - 1): p for i, p in self.problems.items() if i != row}
        self._fill_list()
        self.list.setCurrentRow(min(row, len(self.rules) - 1))
        if not self.rules:
            self._select(-1)
        self._update_state()

    # -- state -----------------------------------------------------------------------
    def errors(self) -> list[str]:
        """Why the rules cannot be saved (empty: they can)."""
        out = []
        for i in sorted(self.problems):
            for message in self.problems[i].values():
                out.append(
                    self.tr("Rule {number}: {message}").format(number=i + 1, message=message)
                )
        if not out:
            _rules, errors = parse_rules(self.rules)
            out += [str(e) for e in errors]
        return out

    def _update_state(self) -> None:
        errors = self.errors()
        self.ok_button.setEnabled(not errors)
        self.message.setText("\n".join(errors[:3]))
        self.message.setVisible(bool(errors))
        self.remove_button.setEnabled(bool(self.rules))

    def result_rules(self) -> list[dict[str, Any]]:
        """The rules as the settings keep them (only when `errors()` is empty)."""
        rules, _errors = parse_rules(self.rules)
        return [r.to_dict() for r in rules]

    def _ok(self) -> None:
        if not self.errors():
            self.accept()
