"""docs/companion-picker.png: the companion's panel on the tests' fake big
screen, in Chinese at 1280×720, the picker on "在线人数" and three numbers
picked, paired with a real push-ingest endpoint (called by make-screenshots.sh).

    python docs/companion_shot.py OUT.png
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.companion.test_companion_browser import (  # noqa: E402
    CHROMIUM,
    Genbo,
    companion_page,
    pick,
    serve_dashboard,
)


def main(out: str) -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, serve_dashboard() as url:
        genbo = Genbo(Path(tmp))
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
                page = companion_page(browser, genbo, url.replace("every=1000", "every=3000"))
                pick(page, "gmv", '[data-e2e="gmv-card"] em')
                pick(page, "orders", "#app p")
                pick(page, "dwell_seconds", "#app > div:nth-child(4) b")
                time.sleep(3.5)
                panel = page.locator("#genbo-companion-host")
                panel.locator('[data-metric="viewers"] button[data-act="pick"]').click()
                box = page.locator("#app > div:nth-child(1) b").first.bounding_box()
                page.mouse.move(box["x"] + 10, box["y"] + 10)
                time.sleep(0.3)
                page.screenshot(path=out)
                browser.close()
        finally:
            genbo.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "docs/companion-picker.png")
