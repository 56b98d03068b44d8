"""docs/screen-regions.png (and docs/zh-screen-regions.png in Chinese): the
region editor on a 1280×720 screen, with the demo dashboard captured, a box
over each of its six numbers and "Test reading" on (called by
make-screenshots.sh, on a virtual screen).

    DISPLAY=:N python docs/screen_shot.py OUT.png
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main(out: str) -> None:
    from PySide6.QtCore import QPoint, QRect, QTimer

    from app.config import i18n
    from app.runtime.tasks import TaskRunner
    from app.ui.dialogs.screen_layout import ScreenLayoutDialog, _Box
    from app.ui.shell.main import make_application
    from app.ui.widgets.demo_dashboard import DemoDashboard

    i18n.install()
    app = make_application()
    i18n.install_on(app)
    tasks = TaskRunner()
    with tempfile.TemporaryDirectory() as tmp:
        dash = DemoDashboard(seed=4)
        dash.move(0, 0)
        dash.show()
        dlg = ScreenLayoutDialog(Path(tmp), tasks)
        dlg.name.setText("快手大屏 1280×720")
        dlg.show()
        dlg.move(QPoint(40, 20))

        def capture() -> None:
            dlg.capture_screen()
            QTimer.singleShot(1200, boxes)

        def boxes() -> None:
            for r in dash.screen_layout().regions:
                dlg._append(_Box(r.metric, QRect(r.x, r.y, r.w, r.h)))
            dlg.table.selectRow(0)
            dlg.live.setChecked(True)
            QTimer.singleShot(9000, shoot)

        def shoot() -> None:
            screen = app.primaryScreen()
            screen.grabWindow(0).save(out)
            dlg.timer.stop()
            tasks.wait(10_000)
            app.quit()

        QTimer.singleShot(1500, capture)
        app.exec()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "docs/screen-regions.png")
