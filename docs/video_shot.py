"""The README's three frames of a moment video: before, at and after the
crossing of ¥100万, from a real video made of a demo-history session.

    python docs/video_shot.py DATA_DIR OUT.png

DATA_DIR holds a `genbo demo-history`; the first session with a major
GMV milestone of ¥100万 is used. The video is made with `make_video` in
the UI language (LANG), decoded with PyAV, and three frames are laid side
by side, each under the time it shows."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(data_dir: Path, out: Path) -> int:
    import av
    import numpy as np
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QImage, QPainter

    from app.config.i18n import install
    from app.config.paths import resolve_paths
    from app.session.moment_video import load_moment, moments
    from app.storage.database import open_database, sqlite_url
    from app.storage.repository import Repository
    from app.ui.shell.main import make_application
    from app.ui.view.moment_video import make_video, moment_data

    make_application()
    paths = resolve_paths(data_dir)
    install(paths.settings_file)
    db = open_database(sqlite_url(data_dir / "genbo.db"))
    repo = Repository(db)
    found = None
    for summary in sorted(repo.list_sessions(), key=lambda s: s.id):
        _info, choices = moments(repo, summary.id)
        for c in choices:
            m = c.milestone
            if m is not None and m.metric == "gmv" and m.value == 1_000_000 and m.major:
                found = (summary.id, c.number)
                break
        if found:
            break
    if found is None:
        print("no session passes ¥100万 in", data_dir, file=sys.stderr)
        return 1
    stored = load_moment(repo, found[0], milestone=found[1])
    db.dispose()
    data = moment_data(
        stored.info, stored.series, stored.choice.ts_ms, title="", milestone=stored.milestone
    )
    video = Path(tempfile.mkdtemp()) / "moment.mp4"
    result = make_video(data, video, 15.0)
    times = [result.crossing_s - 2.5, result.crossing_s + 0.1, result.seconds - 1.0]
    pictures: list[QImage] = []
    with av.open(str(video)) as box:
        stream = box.streams.video[0]
        want = list(times)
        for frame in box.decode(stream):
            t = float(frame.pts * stream.time_base)
            if want and t + 1e-6 >= want[0]:
                rgb = np.ascontiguousarray(frame.to_ndarray(format="rgb24"))
                h, w = rgb.shape[:2]
                img = QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
                pictures.append(img)
                want.pop(0)
    w, h, gap, label_h = 360, 640, 16, 44
    sheet = QImage(3 * w + 2 * gap, h + label_h, QImage.Format.Format_RGB32)
    sheet.fill(QColor("#ffffff"))
    p = QPainter(sheet)
    p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    f = QFont()
    f.setPixelSize(20)
    p.setFont(f)
    p.setPen(QColor("#1c1917"))
    names = ("before", "at the crossing", "after")
    for i, (img, t, name) in enumerate(zip(pictures, times, names, strict=True)):
        x = i * (w + gap)
        p.drawText(
            QRectF(x, 0, w, label_h), int(Qt.AlignmentFlag.AlignCenter), f"{name} · {t:.1f} s"
        )
        p.drawImage(
            QRectF(x, label_h, w, h),
            img.scaled(
                w, h, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            ),
        )
    p.end()
    if not sheet.save(str(out)):
        print("could not write", out, file=sys.stderr)
        return 1
    session, number = found
    print(f"saved {out} (session {session}, milestone {number}, at {result.crossing_s:.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
