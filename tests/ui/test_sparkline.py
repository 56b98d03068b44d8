"""The wall's sparklines: the last ten minutes of a buffer, reduced to about
two points per pixel column, broken at gaps, and worked out again only when
their data changed."""

import numpy as np
import pytest
from PySide6.QtGui import QColor, QImage

from app.core.series import SeriesBuffer
from app.ui.widgets.sparkline import SPAN_S, Sparkline, runs, window

pytestmark = pytest.mark.gui


def test_the_window_grows_with_a_young_session_then_slides() -> None:
    assert window(5.0) == (0.0, 60.0)
    assert window(300.0) == (0.0, 300.0)
    assert window(SPAN_S) == (0.0, SPAN_S)
    assert window(3600.0) == (3600.0 - SPAN_S, 3600.0)


def test_a_gap_breaks_the_line_into_runs() -> None:
    x = np.arange(7, dtype=float)
    y = np.array([1.0, 2.0, np.nan, 3.0, 4.0, np.nan, np.nan])
    parts = runs(x, y)
    assert [p[0].tolist() for p in parts] == [[0.0, 1.0], [3.0, 4.0]]
    assert runs(x, np.full(7, np.nan)) == []


def make(qtbot, width: int = 120, height: int = 30) -> Sparkline:
    spark = Sparkline()
    qtbot.addWidget(spark)
    spark.resize(width, height)
    spark.show()
    qtbot.waitExposed(spark)
    return spark


def test_ten_hours_at_ten_hertz_are_two_points_a_column(qtbot) -> None:
    buf = SeriesBuffer()
    t = np.arange(0, 36_000, 0.1)
    buf.extend(t, np.sin(t / 30.0) * 100 + 500)
    spark = make(qtbot, width=120)
    assert spark.set_series(buf, float(t[-1]))
    pt, pv = spark.points
    # The last ten minutes only (and the point either side, for the edges).
    assert pt[1] >= t[-1] - SPAN_S and len(pt) <= 2 * 120 + 2
    assert np.nanmax(pv) == pytest.approx(np.max(buf.v[t >= t[-1] - SPAN_S]), abs=1e-6)
    assert len(spark._lines) == 1


def test_a_gap_in_the_buffer_is_a_break_in_the_drawing(qtbot) -> None:
    buf = SeriesBuffer()
    buf.extend(np.arange(0, 100.0), np.arange(0, 100.0))
    buf.mark_gap(100.0)
    buf.extend(np.arange(150, 200.0), np.arange(150, 200.0))
    spark = make(qtbot)
    spark.set_series(buf, 200.0)
    assert len(spark._lines) == 2
    # The two stretches leave the gap's columns empty.
    first, second = spark._lines
    assert first.last().x() < second.first().x() - 10
    image = QImage(spark.size(), QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    spark.render(image)
    gap_x = round((first.last().x() + second.first().x()) / 2)

    def colours(x: int) -> set[str]:
        return {image.pixelColor(x, y).name() for y in range(spark.height())}

    assert len(colours(gap_x)) == 1, "nothing drawn across the gap: the background only"
    assert len(colours(round(first.last().x() / 2))) > 1, "the line and its fill"


def test_it_is_worked_out_again_only_when_its_data_changed(qtbot) -> None:
    buf = SeriesBuffer()
    buf.extend(np.arange(0, 700.0), np.arange(0, 700.0))
    spark = make(qtbot)
    assert spark.set_series(buf, 699.0)
    n = spark.rebuilds
    for _ in range(5):  # the wall's timer, nothing new
        assert not spark.set_series(buf, 699.0)
    assert spark.rebuilds == n
    buf.append(700.0, 5.0)
    assert spark.set_series(buf, 700.0)
    assert spark.rebuilds == n + 1
    # Time passing by less than a pixel column is not a change either.
    assert not spark.set_series(buf, 700.5)
    spark.resize(200, 30)
    assert spark.rebuilds == n + 2  # a new width is
    spark.clear()
    assert spark.points[0].size == 0 and not spark._lines


def test_a_steady_value_is_a_flat_line(qtbot) -> None:
    buf = SeriesBuffer()
    buf.extend(np.arange(0, 50.0), np.full(50, 7.0))
    spark = make(qtbot, height=20)
    spark.set_series(buf, 50.0)
    ys = {round(spark._lines[0].at(i).y(), 3) for i in range(spark._lines[0].size())}
    assert len(ys) == 1
