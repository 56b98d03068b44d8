"""The conversion funnel panel (曝光 → 进入 → 点击 → 成交), live and in review.

Four rows, one per step of `app.core.funnel`: the rate, and how it stands
against the streamer's median of the same rate (its fraction of the median,
its rank). The first step below its median is marked as the place to act: a
marker, a framed row, and a short note under the rows. A step whose inputs
have no reading says which one is missing; a zero denominator says so. None
is ever shown as 0 %.

Live, `update_from_series` is called about once a second: it reads each
metric's newest value from the `SeriesSet` and does four Decimal divisions.
The medians come once, read off the GUI thread by the caller
(`app.session.funnel.session_funnel_history`) and handed to `set_history`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont, QFontMetrics, QShowEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget
from shiboken6 import isValid

from app.core.figures import ordinal
from app.core.funnel import (
    FUNNEL_CONTEXT,
    FUNNEL_METRICS,
    STEP_DEFS,
    Funnel,
    FunnelHistory,
    FunnelStep,
    funnel,
    latest_values,
)
from app.core.numbers import NumberFormat
from app.core.series import SeriesSet
from app.core.session import SessionInfo
from app.runtime.tasks import TaskRunner
from app.session.funnel import StreamerFunnel, session_funnel_history
from app.storage.repository import Repository
from app.ui.view.channels import ChannelsView
from app.ui.widgets.format import metric_label, number_format
from app.ui.widgets.style import current_scheme, set_tone, tone

log = logging.getLogger(__name__)

MARKER = "▶"
NAME_MAX_PX = 160
"""A step's name wraps beyond this (a long translation), so the panel fits a side panel."""


def step_label(key: str) -> str:
    """A step's name in the UI language ("Impressions → entries", 曝光进入率)."""
    for d in STEP_DEFS:
        if d.key == key:
            return QCoreApplication.translate(FUNNEL_CONTEXT, d.label)
    raise KeyError(key)


def rate_text(value: Decimal | None, fmt: NumberFormat) -> str:
    """A rate as a percentage: two decimals below 1 %, else one (0.45%, 5.0%)."""
    if value is None:
        return fmt.none_text
    return fmt.percent(value, 2 if abs(value) < Decimal("0.01") else 1)


class _StepRow(QFrame):
    """One step: the marker, its name and its rate on a line, and under them
    how it stands against the median (wrapped, so a narrow side panel keeps
    every word)."""

    def __init__(self, key: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.key = key
        self.setObjectName("funnelStep")
        self.setProperty("act", False)
        self.marker = QLabel("", self)
        self.marker.setObjectName("funnelMarker")
        self.name = QLabel(step_label(key), self)
        self.name.setObjectName("funnelStepName")
        self.name.setWordWrap(True)
        self.name.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.value = QLabel(self)
        self.value.setObjectName("funnelRate")
        self.value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        bold = QFont(self.value.font())
        bold.setBold(True)
        self.value.setFont(bold)
        self.detail = QLabel(self)
        self.detail.setObjectName("funnelDetail")
        self.detail.setWordWrap(True)
        self.detail.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        lay = QGridLayout(self)
        lay.setContentsMargins(4, 2, 4, 2)
        lay.setHorizontalSpacing(6)
        lay.setVerticalSpacing(0)
        lay.addWidget(self.marker, 0, 0)
        lay.addWidget(self.name, 0, 1)
        lay.addWidget(self.value, 0, 2)
        lay.addWidget(self.detail, 1, 1, 1, 2)
        lay.setColumnStretch(1, 1)


class FunnelPanel(QWidget):
    """The funnel of one session. `set_history` once (the medians), then
    `update_from_series` (or `set_values`) as often as wanted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("funnelPanel")
        self.history: FunnelHistory | None = None
        self.funnel: Funnel | None = None
        self._state = "none"  # "none", "loading", "failed", "ready"
        self._error = ""
        self._latest: dict[str, int] = {}
        self._pending: SeriesSet | None = None
        """A session to read once shown (updates while hidden cost nothing)."""

        self.inputs = QLabel(self)
        self.inputs.setObjectName("funnelInputs")
        self.inputs.setWordWrap(True)
        self.inputs.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        set_tone(self.inputs, "soft")
        self.basis = QLabel(self)
        self.basis.setObjectName("funnelBasis")
        self.basis.setWordWrap(True)
        self.basis.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        set_tone(self.basis, "muted")

        self.rows: dict[str, _StepRow] = {}
        rows = QVBoxLayout()
        rows.setContentsMargins(0, 0, 0, 0)
        rows.setSpacing(2)
        for d in STEP_DEFS:
            row = _StepRow(d.key, self)
            row.name.setToolTip(
                self.tr("{zh}: {numerator} ÷ {denominator}").format(
                    zh=d.label_zh,
                    numerator=metric_label(d.numerator),
                    denominator=metric_label(d.denominator),
                )
            )
            row.marker.setToolTip(self.tr("Act here: the first step below the streamer's median"))
            self.rows[d.key] = row
            rows.addWidget(row)

        self.act_note = QLabel(self)
        self.act_note.setObjectName("funnelActNote")
        self.act_note.setWordWrap(True)
        self.act_note.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.setSpacing(4)
        lay.addWidget(self.inputs)
        lay.addWidget(self.basis)
        lay.addLayout(rows)
        lay.addWidget(self.act_note)
        lay.addStretch(1)
        self._set_widths()
        self.apply_scheme(current_scheme())
        self.set_values({})

    def _set_widths(self) -> None:
        """Column widths from the font and the words, never from the figures shown."""
        fmt = number_format()
        any_row = next(iter(self.rows.values()))
        fm = QFontMetrics(any_row.name.font())
        bold = QFontMetrics(any_row.value.font())  # the marked step's name is bold too
        name_w = max(bold.horizontalAdvance(step_label(d.key)) for d in STEP_DEFS) + 4
        value_w = bold.horizontalAdvance(fmt.percent(Decimal("0.9999"), 1)) + 6
        marker_w = fm.horizontalAdvance(MARKER) + 4
        for row in self.rows.values():
            row.name.setMinimumWidth(min(name_w, NAME_MAX_PX))
            row.value.setFixedWidth(value_w)
            row.marker.setFixedWidth(marker_w)

    def apply_scheme(self, scheme: str) -> None:
        """Colour the marked row for the theme shown ("light" or "dark")."""
        worst, worst_bg = tone("worst", scheme).name(), tone("worst_bg", scheme).name()
        self.setStyleSheet(
            f'QFrame#funnelStep[act="true"] {{ background: {worst_bg}; '
            f"border: 1px solid {worst}; border-radius: 4px; }}\n"
            f"QLabel#funnelMarker {{ color: {worst}; font-weight: 700; }}\n"
            f"QLabel#funnelActNote {{ color: {worst}; font-weight: 600; }}"
        )

    # -- the medians -----------------------------------------------------------------------
    def set_loading(self) -> None:
        """The medians are being read."""
        self._state = "loading"
        self._refresh()

    def set_failed(self, error: str) -> None:
        """The medians could not be read: the rates are still shown."""
        self._state, self._error, self.history = "failed", error, None
        self._refresh()

    def set_history(self, history: FunnelHistory | None) -> None:
        """The streamer's previous sessions (None: none to compare with)."""
        self.history = history
        self._state = "ready"
        self._refresh()

    # -- the readings ----------------------------------------------------------------------
    def update_from_series(self, series: SeriesSet) -> None:
        """The latest reading of each metric in `series` (cheap: call it live,
        about once a second). While the panel is hidden (another tab) it only
        remembers `series`, and reads it when shown."""
        if not self.isVisible():
            self._pending = series
            return
        self._pending = None
        self.set_values(latest_values(series))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._pending is not None:
            series, self._pending = self._pending, None
            self.set_values(latest_values(series))

    def set_values(self, latest: Mapping[str, int]) -> None:
        """The latest raw readings, by metric key."""
        self._latest = dict(latest)
        self._refresh()

    @property
    def act_key(self) -> str | None:
        """The step marked as the place to act."""
        act = self.funnel.act if self.funnel is not None else None
        return act.key if act is not None else None

    def _refresh(self) -> None:
        fmt = number_format()
        history = self.history if self.history is not None else FunnelHistory()
        f = funnel(self._latest, history)
        self.funnel = f
        self.inputs.setText(self._inputs_text(fmt))
        self.basis.setText(self._basis_text(history))
        for step in f.steps:
            self._show_step(self.rows[step.key], step, fmt)
        act = f.act
        if act is not None and act.median is not None:
            self.act_note.setText(
                self.tr(
                    "Act here: {step} is at {fraction} of the streamer's median "
                    "({rate} against {median})."
                ).format(
                    step=step_label(act.key),
                    fraction=fmt.percent(act.of_median, 0),
                    rate=rate_text(act.rate, fmt),
                    median=rate_text(act.median, fmt),
                )
            )
            self.act_note.setToolTip(
                self.tr("The first step below its median: a leak there starves every step after it")
            )
            self._note_kind("funnelActNote")
            self.act_note.show()
        elif any(s.median is not None and s.rate is not None for s in f.steps):
            # A step a hair under its median is the streamer's usual: said calmly.
            self.act_note.setText(self.tr("No step is clearly below the streamer's median."))
            self.act_note.setToolTip(
                self.tr("A step is the place to act when it is at least 5% below its median.")
            )
            self._note_kind("funnelCalmNote")
            self.act_note.show()
        else:
            self.act_note.setText("")
            self.act_note.hide()

    def _note_kind(self, name: str) -> None:
        """The note's look: #funnelActNote (a warning) or #funnelCalmNote."""
        if self.act_note.objectName() != name:
            self.act_note.setObjectName(name)
            self.act_note.style().unpolish(self.act_note)
            self.act_note.style().polish(self.act_note)

    def _inputs_text(self, fmt: NumberFormat) -> str:
        parts = [
            f"{metric_label(key)} {fmt.count(self._latest[key])}"
            for key in FUNNEL_METRICS
            if key in self._latest
        ]
        return " · ".join(parts) if parts else self.tr("No funnel readings yet")

    def _basis_text(self, history: FunnelHistory) -> str:
        if self._state == "loading":
            return self.tr("Reading the streamer's earlier sessions…")
        if self._state == "failed":
            return self.tr("The streamer's medians could not be read: {error}").format(
                error=self._error
            )
        if history.sessions == 0:
            return self.tr("No median yet: the streamer has no earlier recorded sessions")
        return self.tr("Against the median of the streamer's previous {n} sessions").format(
            n=history.sessions
        )

    def _missing_text(self, key: str) -> str:
        words = {
            "impressions": self.tr("no impressions reading"),
            "entries": self.tr("no entries reading"),
            "product_clicks": self.tr("no product clicks reading"),
            "buyers": self.tr("no buyers reading"),
        }
        return words[key]

    def _zero_text(self, key: str) -> str:
        words = {
            "impressions": self.tr("0 impressions so far: no rate"),
            "entries": self.tr("0 entries so far: no rate"),
            "product_clicks": self.tr("0 product clicks so far: no rate"),
        }
        return words[key]

    def _show_step(self, row: _StepRow, step: FunnelStep, fmt: NumberFormat) -> None:
        row.value.setText(rate_text(step.rate, fmt))
        if step.missing:
            text, tone_name = " · ".join(self._missing_text(k) for k in step.missing), "muted"
        elif step.zero:
            text, tone_name = self._zero_text(step.definition.denominator), "muted"
        elif step.median is None:
            text = self.tr("no median yet") if self._state != "loading" else ""
            tone_name = "muted"
        else:
            parts = []
            if step.of_median is not None:
                parts.append(
                    self.tr("{fraction} of median {median}").format(
                        fraction=fmt.percent(step.of_median, 0), median=rate_text(step.median, fmt)
                    )
                )
            else:
                parts.append(self.tr("median {median}").format(median=rate_text(step.median, fmt)))
            if step.rank is not None and step.rank_of > 1:
                parts.append(
                    self.tr("{ordinal} of {of}").format(
                        ordinal=ordinal(step.rank), rank=step.rank, of=step.rank_of
                    )
                )
            text = " · ".join(parts)
            tone_name = "bad" if step.below else "good"
        row.detail.setText(text)
        set_tone(row.detail, tone_name)
        set_tone(row.value, "muted" if step.rate is None else None)
        row.marker.setText(MARKER if step.act else "")
        if row.property("act") != step.act:
            row.setProperty("act", step.act)
            row.style().unpolish(row)
            row.style().polish(row)
        font = row.name.font()
        if font.bold() != step.act:
            font.setBold(step.act)
            row.name.setFont(font)


def load_medians(
    tasks: TaskRunner,
    repo: Repository,
    info: SessionInfo,
    views: Sequence[FunnelPanel | ChannelsView],
    still_shown: Callable[[], bool] = lambda: True,
) -> int:
    """Read the streamer's previous sessions for `info` (live or in review)
    on the task runner, and hand their medians to each of `views` once read;
    a reply for a session no longer shown (`still_shown()` False, or its tab
    closed) is dropped. The job's id."""
    for v in views:
        if isinstance(v, FunnelPanel):
            v.set_loading()

    def alive() -> list[FunnelPanel | ChannelsView]:
        return [v for v in views if isValid(v)] if still_shown() else []

    def done(result: StreamerFunnel) -> None:
        for v in alive():
            v.set_history(result.history)

    def failed(exc: BaseException) -> None:
        log.info("the funnel medians of session %s could not be read: %s", info.id, exc)
        for v in alive():
            if isinstance(v, FunnelPanel):
                v.set_failed(str(exc))
            else:
                v.set_history(None)

    return tasks.submit(lambda: session_funnel_history(repo, info), done, failed)
