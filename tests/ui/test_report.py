"""The one-page 复盘 report: PDF read back with poppler (pdfinfo, pdftotext,
pdffonts, pdftoppm), PNG read back with a small PNG decoder of this file's own
(zlib + the PNG filters, no Qt), and the layout checked for overlapping or
clipped text."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import numpy as np
import pytest

from tests.exports.test_xlsx import HIGHLIGHTS, STREAMER, build_library

pytestmark = pytest.mark.gui

# .ci/run installs poppler-utils, so in CI a missing reader fails the tests
# instead of skipping them; a developer's machine without it is told why.
needs_poppler = pytest.mark.skipif(
    not os.environ.get("CI")
    and (shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None),
    reason="poppler-utils (pdftotext, pdftoppm) is not installed",
)


# -- an independent PNG reader ---------------------------------------------------------


def read_png(path: Path) -> np.ndarray:
    """8-bit RGB/RGBA PNG → (h, w, channels) uint8, without Qt."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    assert header is not None
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0, header
    bpp = 3 if colour == 2 else 4
    rows = np.frombuffer(zlib.decompress(idat), dtype=np.uint8).reshape(height, width * bpp + 1)
    return _unfilter(rows[:, 0], rows[:, 1:].reshape(height, width, bpp).astype(np.int32))


def _unfilter(kinds: np.ndarray, line: np.ndarray) -> np.ndarray:
    """Undo the PNG filters (None, Sub, Up, Average, Paeth), each pixel from
    the decoded pixels left of it, above it and above-left. Those lie on
    earlier anti-diagonals, so one diagonal at a time is decoded at once."""
    h, w, bpp = line.shape
    out = np.zeros((h + 1, w + 1, bpp), dtype=np.int32)  # a zero row above, a zero column left
    for k in range(h + w - 1):
        ys = np.arange(max(0, k - w + 1), min(h - 1, k) + 1)
        xs = k - ys
        a, b, c = out[ys + 1, xs], out[ys, xs + 1], out[ys, xs]
        p = a + b - c
        pa, pb, pc = np.abs(p - a), np.abs(p - b), np.abs(p - c)
        paeth = np.where((pa <= pb) & (pa <= pc), a, np.where(pb <= pc, b, c))
        f = kinds[ys][:, None]
        pred = np.select([f == 0, f == 1, f == 2, f == 3], [0, a, b, (a + b) // 2], paeth)
        out[ys + 1, xs + 1] = (line[ys, xs] + pred) % 256
    return out[1:, 1:].astype(np.uint8)


def png_size(path: Path) -> tuple[int, int]:
    """(width, height) from the PNG header."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def read_ppm(data: bytes) -> np.ndarray:
    """pdftoppm's binary PPM (P6) → (h, w, 3) uint8."""
    parts = data.split(maxsplit=4)
    assert parts[0] == b"P6"
    w, h = int(parts[1]), int(parts[2])
    return np.frombuffer(parts[4][: w * h * 3], dtype=np.uint8).reshape(h, w, 3)


def _text(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True)
    return out.stdout.decode("utf-8")


def _assert_no_overlap(layout, page_w: float, page_h: float) -> None:
    eps = 0.3
    texts = layout.texts
    assert texts
    for rect, text in texts:
        assert rect.left() >= -eps and rect.right() <= page_w + eps, text
        assert rect.top() >= -eps and rect.bottom() <= page_h + eps, text
    for i, (a, ta) in enumerate(texts):
        shrunk = a.adjusted(eps, eps, -eps, -eps)
        for b, tb in texts[i + 1 :]:
            assert not shrunk.intersects(b.adjusted(eps, eps, -eps, -eps)), (ta, tb)


@pytest.fixture
def report(qapp, repo):
    from app.session.report import load_report

    lib = build_library(repo)
    return load_report(repo, lib.info.id)


# -- the tests -------------------------------------------------------------------------


@needs_poppler
def test_pdf_is_one_page_with_the_figures_in_its_text(report, tmp_path: Path) -> None:
    from app.core.figures import format_figure
    from app.ui.view.report_page import PAGE_H, PAGE_W, render_pdf
    from app.ui.widgets.format import number_format

    pdf = tmp_path / "report.pdf"
    layout = render_pdf(report, pdf)
    assert not (tmp_path / "report.pdf.part").exists()
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    assert "Pages:           1" in info.stdout
    assert "A4" in info.stdout
    text = _text(pdf)
    fmt = number_format()
    assert STREAMER in text
    assert "started 12 min late" in text
    assert "duration 2:00:00" in text
    for row in report.comparison.rows:
        value = format_figure(row.figure.unit, row.figure.value, fmt)
        assert value in text, (row.key, value)
    gmv = report.comparison.row("gmv")
    assert f"median {format_figure(gmv.figure.unit, gmv.median, fmt)}" in text
    assert f"of {report.comparison.sessions}" in text
    assert "worst" in text
    # Every title as drawn, with the ideographs Qt's writer would have named
    # by their look-alike radicals (风 as ⻛, 麦 as ⻨, 长 as ⻓, 小 as ⼩).
    for _, title in HIGHLIGHTS:
        assert title in text
    assert "讲解太长" in text
    assert not [c for c in text if 0x2E80 <= ord(c) < 0x2FE0], "no radicals in the text"
    assert "GMV first 15 min" in text, "no ﬁ ligature either"
    assert "Segments ranked by GMV" in text
    assert re.search(r"\b1\s+返场 精华液 加赠\s+1:40:00", text), "ranked by GMV"
    assert re.search(r"\b4\s+福袋 抽奖\s+25:00", text)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    assert "CJK" in fonts.stdout, "Chinese text needs an embedded CJK font"
    assert all(line.split()[-5] == "yes" for line in fonts.stdout.splitlines()[2:]), "embedded"
    _assert_no_overlap(layout, PAGE_W, PAGE_H)
    assert layout.cut == []
    # What a reader draws: not blank, and the GMV curve's colour is on the page.
    ppm = subprocess.run(
        ["pdftoppm", "-r", "40", "-singlefile", str(pdf)], capture_output=True, check=True
    ).stdout
    pixels = read_ppm(ppm)
    assert pixels.shape[1] == round(210 / 25.4 * 40)
    assert (pixels < 200).any(axis=2).mean() > 0.02
    assert _has_colour(pixels, (0xE4, 0x57, 0x2E))


def _has_colour(pixels: np.ndarray, rgb: tuple[int, int, int], tol: int = 40) -> bool:
    diff = np.abs(pixels[..., :3].astype(np.int32) - np.array(rgb)).max(axis=2)
    return bool((diff <= tol).sum() >= 20)


def test_png_is_an_a4_page_read_back_without_qt(report, tmp_path: Path) -> None:
    from app.ui.view.report_page import render_png

    png = tmp_path / "report.png"
    render_png(report, png, dpi=50)
    pixels = read_png(png)
    assert pixels.shape[:2] == (round(297 / 25.4 * 50), round(210 / 25.4 * 50))
    ink = (pixels[..., :3] < 200).any(axis=2)
    assert 0.02 < ink.mean() < 0.5, "drawn on, not blank and not black"
    assert _has_colour(pixels, (0xE4, 0x57, 0x2E)), "the GMV curve"
    assert _has_colour(pixels, (0x2F, 0x7E, 0xD8)), "the viewers curve"
    assert _has_colour(pixels, (0xB9, 0x1C, 0x1C)), "the worst figure's mark"
    top, bottom = ink[: ink.shape[0] // 2].mean(), ink[ink.shape[0] // 2 :].mean()
    assert top > 0.01 and bottom > 0.01, "the whole page is used"


def test_crowded_session_stays_on_one_page_without_overlaps(qapp, repo, tmp_path) -> None:
    """Forty highlights, fifteen segments with long names and a long title:
    everything is measured, elided or left for the workbook, never overlapping."""
    from app.session.report import load_report
    from app.ui.view.report_page import PAGE_H, PAGE_W, render_image

    highlights = [
        (60 + i * 170, f"高光 {i} 主播讲解新品并演示使用方法，弹幕刷屏") for i in range(40)
    ]
    segments = [
        (f"讲解 第{i}个商品 超长的名字用来测试省略号是否正常工作", 300 + i * 450, 600 + i * 450)
        for i in range(15)
    ]
    lib = build_library(
        repo,
        notes="本场复盘：" + "节奏不错但是中段掉人明显，需要在第二轮福袋前加一个互动。" * 6,
        title="超长标题" * 30,
        highlights=highlights,
        segments=segments,
    )
    data = load_report(repo, lib.info.id)
    from PySide6.QtGui import QColor, QImage, QPainter

    from app.ui.view.report_page import page_size_px, paint_report

    size = page_size_px(72)
    image = QImage(int(size.width()), int(size.height()), QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    layout = paint_report(painter, image, data)
    painter.end()
    _assert_no_overlap(layout, PAGE_W, PAGE_H)
    assert any(c.startswith("highlights:") for c in layout.cut)
    texts = [t for _, t in layout.texts]
    assert any(t.endswith("…") for t in texts), "long names are elided, not cut"
    assert any("more (all in the workbook)" in t for t in texts)
    # The same layout at another resolution: no overlaps either.
    assert render_image(data, 150).width() == round(210 / 25.4 * 150)


def test_a_summary_only_first_session(qapp, repo, tmp_path) -> None:
    from app.core.session import SessionDetail
    from app.session.report import load_report
    from app.storage.bulk import NewSession, insert_summaries
    from app.ui.view.report_page import PAGE_H, PAGE_W, render_pdf
    from tests.exports.test_xlsx import OFFSET, ms, prev_summary

    insert_summaries(
        repo,
        [NewSession(streamer="新主播", title="首播", started_ms=ms(0, 600), utc_offset_min=OFFSET,
                    ended_ms=ms(0, 780), summary=prev_summary(1), detail=SessionDetail.SUMMARY)],
    )  # fmt: skip
    info = repo.streamer_history(repo.list_streamers()[0].id)[0]
    data = load_report(repo, info.id)
    assert data.comparison.previous == 0 and data.comparison.worst is None
    layout = render_pdf(data, tmp_path / "first.pdf")
    _assert_no_overlap(layout, PAGE_W, PAGE_H)
    texts = " ".join(t for _, t in layout.texts)
    assert "first session" in texts
    assert "No samples" in texts
    assert "No highlights" in texts and "No segments" in texts


# -- genbo report ----------------------------------------------------------------------


def _run(*argv: str, data_dir: Path) -> int:
    """`genbo report …` as the command line dispatches a registered command:
    parse, then `args.run(args, paths)`, in this process."""
    from app.cli.commands import data_dir_option
    from app.cli.report_cmd import register
    from app.config.paths import resolve_paths

    parser = argparse.ArgumentParser(prog="genbo", parents=[data_dir_option(None)])
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["--data-dir", str(data_dir), *argv])
    return int(args.run(args, resolve_paths(args.data_dir).ensure()))


@needs_poppler
def test_genbo_report_writes_pdf_and_png(qapp, repo, data_dir: Path, tmp_path: Path) -> None:
    lib = build_library(repo)
    pdf, png = tmp_path / "r.pdf", tmp_path / "r.png"
    assert _run("report", str(lib.info.id), "-o", str(pdf), data_dir=data_dir) == 0
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    assert "Pages:           1" in info.stdout
    assert STREAMER in _text(pdf)
    # --data-dir after the command's name too, as every command takes it.
    argv = ("report", str(lib.info.id), "-o", str(png), "--dpi", "72", "--data-dir", str(data_dir))
    assert _run(*argv, data_dir=tmp_path / "elsewhere") == 0
    assert png_size(png) == (round(210 / 25.4 * 72), round(297 / 25.4 * 72))


def test_genbo_report_refuses_what_it_cannot_write(qapp, data_dir: Path, tmp_path, capsys) -> None:
    assert _run("report", "1", "-o", str(tmp_path / "r.docx"), data_dir=data_dir) == 2
    assert ".pdf or .png" in capsys.readouterr().err
    assert _run("report", "1", "-o", str(tmp_path / "r.png"), "--dpi", "5", data_dir=data_dir) == 2
    assert _run("report", "99", "-o", str(tmp_path / "r.pdf"), data_dir=data_dir) == 1
    assert "no session 99" in capsys.readouterr().err
    assert not (tmp_path / "r.pdf").exists()
