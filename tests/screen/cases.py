"""Dashboard-like number images rendered with Qt, for the OCR tests and the
accuracy table (`bench/ocr_accuracy.py`).

A case is one number as a platform's big screen shows it: a font, a pixel
size, colours (light pages, and dark big screens with coloured digits), an
optional label above it, and optional scaling blur (drawn smaller, scaled
up: what a mirrored phone or a scaled window gives). The truth is the raw
value the entry line's grammar gives for the drawn text, so a case is right
only if OCR and the grammar together give that value.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np

from app.core.entry import metric_value

FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Serif CJK SC",
    "Noto Sans Mono CJK SC",
    "DejaVu Sans",
    "DejaVu Serif",
    "DejaVu Sans Mono",
)

STYLES = (  # (name, digits, label, background)
    ("light", "#1f2329", "#8a919f", "#ffffff"),
    ("big screen gold", "#ffd24d", "#8893a8", "#0b1020"),
    ("big screen red", "#ff4d6a", "#9aa3b5", "#111522"),
    ("big screen teal", "#3ee6c4", "#7f8ea3", "#0d1b2a"),
    ("big screen white", "#f5f7fa", "#8a94a6", "#1a1d2e"),
)

LABELS = {
    "gmv": "成交金额",
    "viewers": "在线人数",
    "orders": "成交订单数",
    "dwell_seconds": "人均停留时长",
    "new_followers": "新增粉丝",
    "watch_uv": "累计观看人数",
}


@dataclass(frozen=True)
class Case:
    metric: str
    text: str
    family: str
    px: int
    style: str
    label: bool
    blur: float
    """1.0: sharp; 0.6: drawn at 60 % and scaled back up."""

    @property
    def truth(self) -> int:
        return metric_value(self.metric, self.text.replace("¥", ""))

    @property
    def name(self) -> str:
        parts = [self.metric, self.text, self.family, f"{self.px}px", self.style]
        if self.label:
            parts.append("label")
        if self.blur < 1:
            parts.append(f"blur {self.blur:g}")
        return " · ".join(parts)


def value_text(metric: str, rng: random.Random) -> str:
    """A number as the dashboards write it."""
    if metric == "gmv":
        kind = rng.randrange(4)
        if kind == 0:
            return f"¥{rng.randrange(100, 99_999_999) / 100:,.2f}"
        if kind == 1:
            return f"¥{rng.randrange(10_000, 9_999_999):,}"
        if kind == 2:
            return f"¥{rng.randrange(100, 99_999) / 100:.2f}万"
        return f"{rng.randrange(10, 9999) / 10:.1f}万"
    if metric == "dwell_seconds":
        s = rng.randrange(5, 600)
        if rng.random() < 0.5:
            return f"{s // 60}:{s % 60:02d}"
        return f"{s // 60}分{s % 60}秒" if s >= 60 else f"{s}秒"
    n = rng.randrange(0, 2_000_000 if metric == "watch_uv" else 60_000)
    kind = rng.randrange(3)
    if kind == 0 or n < 1000:
        return str(n)
    if kind == 1:
        return f"{n:,}"
    return f"{n / 10_000:.1f}w" if n >= 10_000 else f"{n:,}"


def make_cases(
    n: int, seed: int = 20261202, sizes: tuple[int, ...] = (14, 20, 28, 40, 56)
) -> list[Case]:
    rng = random.Random(seed)
    metrics = tuple(LABELS)
    out = []
    for i in range(n):
        metric = metrics[i % len(metrics)]
        out.append(
            Case(
                metric,
                value_text(metric, rng),
                FAMILIES[rng.randrange(len(FAMILIES))],
                sizes[i % len(sizes)],
                STYLES[rng.randrange(len(STYLES))][0],
                rng.random() < 0.35,
                1.0 if rng.random() < 0.7 else rng.choice((0.75, 0.6)),
            )
        )
    return out


def render(case: Case, jitter: tuple[float, float] = (0.0, 0.0)) -> np.ndarray:
    """The case as an RGB crop (a QGuiApplication must exist). `jitter`
    moves the text by a fraction of a pixel, as two captures of one screen
    differ after a window moved or a digit re-rendered."""
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter

    _name, digits, label_colour, background = next(s for s in STYLES if s[0] == case.style)
    scale = case.blur
    px = max(6, round(case.px * scale))
    font = QFont(case.family)
    font.setPixelSize(px)
    small = QFont(case.family)
    small.setPixelSize(max(6, round(px * 0.45)))
    fm = QFontMetricsF(font)
    sm = QFontMetricsF(small)
    label_h = sm.height() * 1.3 if case.label else 0.0
    pad = px * 0.5
    w = int(fm.horizontalAdvance(case.text) + 2 * pad + 8)
    h = int(fm.height() + label_h + pad)
    img = QImage(w, h, QImage.Format.Format_RGB888)
    img.fill(QColor(background))
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    dx, dy = jitter
    if case.label:
        p.setFont(small)
        p.setPen(QColor(label_colour))
        p.drawText(QPointF(pad + dx, sm.ascent() + pad * 0.3 + dy), LABELS[case.metric])
    p.setFont(font)
    p.setPen(QColor(digits))
    p.drawText(
        QRectF(pad + dx, label_h + pad * 0.3 + dy, w, fm.height()),
        Qt.AlignmentFlag.AlignLeft,
        case.text,
    )
    p.end()
    if scale < 1:
        img = img.scaled(
            round(w / scale),
            round(h / scale),
            Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    return to_array(img)


def to_array(img: object) -> np.ndarray:
    from PySide6.QtGui import QImage

    assert isinstance(img, QImage)
    rgb = img.convertToFormat(QImage.Format.Format_RGB888)
    w, h = rgb.width(), rgb.height()
    buf = np.frombuffer(rgb.constBits(), np.uint8, rgb.sizeInBytes())
    return buf.reshape(h, rgb.bytesPerLine())[:, : w * 3].reshape(h, w, 3).copy()
