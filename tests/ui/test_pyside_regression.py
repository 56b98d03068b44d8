"""PySide6 6.12.0 corrupts None's refcount in QPolygonF.resize on Python 3.11,
which crashes pyqtgraph; Genbo pins PySide6 < 6.12. This guards the pin."""

import sys

import pytest

pytestmark = pytest.mark.gui


def test_qpolygonf_resize_keeps_none_refcount() -> None:
    from PySide6.QtGui import QPolygonF

    # Warm up so first-use allocations inside PySide6 do not count.
    for _ in range(10):
        QPolygonF().resize(8)
    before = sys.getrefcount(None)
    for _ in range(10_000):
        poly = QPolygonF()
        poly.resize(100)
        del poly
    after = sys.getrefcount(None)
    assert after == before


def test_pyside6_is_inside_the_pinned_range() -> None:
    import PySide6

    major, minor = (int(x) for x in PySide6.__version__.split(".")[:2])
    assert (major, minor) == (6, 11), PySide6.__version__
