"""What the screen tests share: a Qt application and one warmed-up OCR engine
per module (loading the models is most of a first read)."""

from __future__ import annotations

import pytest

from app.sources.ocr import OcrEngine


@pytest.fixture(scope="module")
def qapp():
    # A QApplication, not a QGuiApplication: a later test of the same process
    # (a worker of pytest -n) may make widgets.
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


@pytest.fixture(scope="module")
def engine(qapp) -> OcrEngine:
    e = OcrEngine()
    e.warm_up()
    return e
