"""`genbo screen`: the saved layouts, and a layout read once off a screenshot,
in a process of its own (the real OCR engine)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.core.entry import metric_value
from tests.cli.test_cli import genbo

pytestmark = pytest.mark.slow


@pytest.fixture
def screenshot(qtbot, data_dir: Path, tmp_path: Path):
    """A demo dashboard captured to a PNG, and a layout of its six boxes."""
    from app.session.screen_layouts import save_layout
    from app.ui.widgets.demo_dashboard import DemoDashboard

    d = DemoDashboard(seed=3)
    qtbot.addWidget(d)
    d._timer.stop()
    d.resize(900, 460)
    png = tmp_path / "大屏.png"
    assert d.grab().save(str(png))
    layout = d.screen_layout("截图大屏")
    origin = d.mapToGlobal(d.rect().topLeft())
    from dataclasses import replace

    layout = replace(
        layout,
        regions=tuple(replace(r, x=r.x - origin.x(), y=r.y - origin.y()) for r in layout.regions),
    )
    save_layout(data_dir, layout)
    return png, d.texts()


def test_read_a_layout_off_a_screenshot(screenshot, data_dir: Path) -> None:
    png, texts = screenshot
    out = genbo("screen", "read", "截图大屏", "--image", str(png), "--json", data_dir=data_dir)
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["layout"] == "截图大屏"
    got = {r["metric"]: r for r in doc["regions"]}
    assert set(got) == set(texts)
    for metric, text in texts.items():
        from app.core.metrics import METRICS

        truth = METRICS[metric].from_raw(metric_value(metric, text.replace("¥", "")))
        assert got[metric]["value"] == str(truth), (metric, got[metric])
        assert got[metric]["verdict"] == "pending"  # a first read waits for its second
    listed = genbo("screen", "layouts", "--json", data_dir=data_dir)
    assert [lay["name"] for lay in json.loads(listed.stdout)] == ["截图大屏"]


def test_read_refuses_in_words(screenshot, data_dir: Path, tmp_path: Path) -> None:
    out = genbo("screen", "read", "没有这个", data_dir=data_dir)
    assert out.returncode == 2 and "no screen layout named “没有这个”" in out.stderr
    assert "截图大屏" in out.stderr
    bad = tmp_path / "not.png"
    bad.write_text("not an image")
    out = genbo("screen", "read", "截图大屏", "--image", str(bad), data_dir=data_dir)
    assert out.returncode == 2 and "is not an image" in out.stderr


def test_read_refuses_a_box_left_of_or_above_the_image(screenshot, data_dir: Path) -> None:
    """A negative x or y must not cut the box from the image's far end."""
    from dataclasses import replace

    from app.session.screen_layouts import find_layout, save_layout

    png, _texts = screenshot
    layout = find_layout(data_dir, "截图大屏")
    first = layout.regions[0]
    for moved in (replace(first, x=-(first.w + 300)), replace(first, y=-(first.h + 200))):
        save_layout(data_dir, replace(layout, regions=(moved, *layout.regions[1:])))
        out = genbo("screen", "read", "截图大屏", "--image", str(png), data_dir=data_dir)
        assert out.returncode == 2, out.stdout
        assert f"the box of {first.metric} lies outside the image" in out.stderr
