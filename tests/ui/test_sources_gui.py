"""Sources set up in the new-session dialog, against real servers on 127.0.0.1."""

from __future__ import annotations

import threading

import httpx
import pytest

from tests.sources.fake_api import FakeApi

pytestmark = pytest.mark.gui

DOC = {"data": [{"viewer_count": 3500}]}


@pytest.fixture
def api():
    box = {"b": lambda ex: ex.json(DOC)}
    server = FakeApi(lambda ex: box["b"](ex))
    server.box = box  # type: ignore[attr-defined]
    yield server
    server.close()


def open_dialog(qtbot, window):
    window.ask_new_session()
    qtbot.waitUntil(lambda: getattr(window, "_dialog", None) is not None, timeout=5_000)
    dlg = window._dialog
    dlg.streamer.setCurrentText("接口主播")
    return dlg


def test_http_test_button_shows_json_and_mapped_values(qtbot, window, api) -> None:
    dlg = open_dialog(qtbot, window)
    dlg.http.setChecked(True)
    dlg.http.url.setText(api.url)
    dlg.http.mapping.setPlainText("viewers = data[0].viewer_count")
    with qtbot.waitSignal(dlg.http.testFinished, timeout=10_000):
        dlg.http.test_button.click()
    out = dlg.http.test_output.toPlainText()
    assert "HTTP 200" in out
    assert "✓ Viewers online = 3,500" in out
    assert '"viewer_count": 3500' in out
    threads = dlg.http.last_test_source.request_threads
    assert threads and threading.main_thread().ident not in threads


def test_http_setup_errors_are_explained(qtbot, window) -> None:
    dlg = open_dialog(qtbot, window)
    dlg.http.setChecked(True)
    dlg.buttons.accepted.emit()
    assert "Enter the API's URL" in dlg.error.text()
    dlg.http.url.setText("http://127.0.0.1:9/api")
    dlg.http.mapping.setPlainText("viewerz = a")
    dlg.buttons.accepted.emit()
    assert "unknown metric" in dlg.error.text()
    dlg.http.preset.setCurrentIndex(dlg.http.preset.findData("twitch"))
    dlg.buttons.accepted.emit()
    assert "needs channel" in dlg.error.text()
    assert dlg.isVisible()


def test_token_without_keyring_needs_consent_and_never_reaches_the_db(qtbot, window, api) -> None:
    window.ctx.secrets.persistent = False  # as on a system without a keyring
    dlg = open_dialog(qtbot, window)
    dlg.http.setChecked(True)
    dlg.http.preset.setCurrentIndex(dlg.http.preset.findData("twitch"))
    dlg.http.url.setText(api.url)
    dlg.http.channel.setText("chan")
    dlg.http.client_id.setText("cid")
    dlg.http.secret.setText("gui-secret-4411")
    dlg.buttons.accepted.emit()
    assert "no keyring" in dlg.error.text()
    dlg.http.keep_for_run.setChecked(True)
    with qtbot.waitSignal(window.liveStarted, timeout=10_000) as started:
        dlg.buttons.accepted.emit()
    live = started.args[0]
    qtbot.waitUntil(lambda: len(live.series.buffers["viewers"]) >= 1, timeout=15_000)
    assert api.requests[0].headers["authorization"] == "Bearer gui-secret-4411"
    live.recorder.writer.flush()
    db_bytes = (window.ctx.paths.database).read_bytes()
    assert b"gui-secret-4411" not in db_bytes
    assert window.ctx.secrets.get("twitch-token") == "gui-secret-4411", "kept for this run"


def test_outage_shows_stale_status_and_a_gap_band(qtbot, window, api) -> None:
    api.box["b"] = lambda ex: ex.json({"e": 1}, status=503)
    dlg = open_dialog(qtbot, window)
    dlg.http.setChecked(True)
    dlg.http.url.setText(api.url)
    dlg.http.mapping.setPlainText("viewers = data[0].viewer_count")
    dlg.http.interval.setValue(1)
    with qtbot.waitSignal(window.liveStarted, timeout=10_000) as started:
        dlg.buttons.accepted.emit()
    live = started.args[0]
    view = window.live_view
    qtbot.waitUntil(lambda: "stale since" in view.status.text(), timeout=15_000)
    assert "HTTP 503" in view.status.text()
    assert view.status.property("state") == "bad"
    qtbot.waitUntil(lambda: bool(view.plots._gap_items), timeout=5_000)
    band = view.plots._gap_items[0][0]
    qtbot.waitUntil(lambda: band.getRegion()[1] - band.getRegion()[0] > 0.5, timeout=5_000)
    assert len(view.plots._gap_items[0]) == len(view.plots.plot_items), "a band on every plot"
    api.box["b"] = lambda ex: ex.json(DOC)
    qtbot.waitUntil(lambda: len(live.series.buffers["viewers"]) >= 1, timeout=20_000)
    qtbot.waitUntil(lambda: live.series.gaps and live.series.gaps[0][1] is not None, timeout=5_000)
    # The source's status is a signal of its own: it may come after the samples.
    qtbot.waitUntil(lambda: view.status.property("state") == "live", timeout=5_000)
    live.recorder.writer.flush()
    (gap,) = window.ctx.repo.load_gaps(live.info.id)
    assert gap.end_ms is not None and "HTTP 503" in gap.reason
    feed = view.feed.texts()
    assert any("no data since then" in t and "HTTP 503" in t for t in feed), feed
    assert any("gap of" in t and "ended" in t for t in feed), feed

    # The stored gap comes back in review, shaded and listed.
    with qtbot.waitSignal(live.stopped, timeout=10_000):
        window.stop_session()
    with qtbot.waitSignal(window.reviewOpened, timeout=10_000) as opened:
        window.open_review(live.info.id)
    review = opened.args[0]
    assert review.plots._gap_items and any("gap of" in t for t in review.feed.texts())


def test_ingest_from_the_dialog_shows_address_and_takes_posts(qtbot, window) -> None:
    dlg = open_dialog(qtbot, window)
    dlg.ingest.setChecked(True)
    with qtbot.waitSignal(window.liveStarted, timeout=10_000) as started:
        dlg.buttons.accepted.emit()
    live = started.args[0]
    view = window.live_view
    qtbot.waitUntil(lambda: view.ingest_box.isVisible(), timeout=5_000)
    src = next(s for s in live.recorder.sources.values() if s.kind == "ingest")
    assert src.url in view.ingest_info.text() and src.token in view.ingest_info.text()
    view.copy_curl.click()
    from PySide6.QtGui import QGuiApplication

    assert QGuiApplication.clipboard().text().startswith(f"curl -X POST {src.url}")

    def post(body: dict[str, object]) -> int:
        auth = {"Authorization": f"Bearer {src.token}"}
        return httpx.post(src.url, json=body, headers=auth, timeout=5).status_code

    assert post({"metrics": {"gmv": "2万"}}) == 202
    qtbot.waitUntil(lambda: len(live.series.buffers["gmv"]) == 1, timeout=5_000)
    assert live.series.buffers["gmv"].last()[1] == 20000.0
    # The companion's pairing, and what each feed did, under the header.
    view.copy_pairing.click()
    assert QGuiApplication.clipboard().text() == (
        f"http://127.0.0.1:{src.port}/#genbo-token={src.token}"
    )
    assert post({"metrics": {"viewers": "3,500"}, "source": "大屏"}) == 202
    assert post({"metrics": {"viewers": "lots"}, "source": "大屏"}) == 422
    qtbot.waitUntil(lambda: "大屏:" in view.ingest_feeds.text(), timeout=5_000)
    text = view.ingest_feeds.text()
    assert "Viewers online 3,500" in text and "refused:" in text and "not a number" in text
    assert "(no source name): last post" in text and "(1 in all): GMV ¥2万" in text
    feed = [s for s in window.ctx.repo.sources(live.recorder.info.id) if s.label.endswith("大屏")]
    assert len(feed) == 1, "a named feed is a source of its own"


def test_file_source_from_the_dialog(qtbot, window, tmp_path) -> None:
    feed = tmp_path / "numbers.csv"
    feed.write_text("ts,在线人数,成交\n,1200,3.5w\n")
    dlg = open_dialog(qtbot, window)
    dlg.file.setChecked(True)
    dlg.buttons.accepted.emit()
    assert "Choose the file" in dlg.error.text()
    dlg.file.path.setText(str(feed))
    with qtbot.waitSignal(window.liveStarted, timeout=10_000) as started:
        dlg.buttons.accepted.emit()
    live = started.args[0]
    qtbot.waitUntil(lambda: len(live.series.buffers["gmv"]) == 1, timeout=5_000)
    assert live.series.buffers["viewers"].last()[1] == 1200
    with open(feed, "a") as f:
        f.write(",1300,not-a-number\n")
    qtbot.waitUntil(lambda: "skipped 1 malformed" in window.live_view.status.text(), timeout=5_000)
