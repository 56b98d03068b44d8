"""The number style and the date form follow the language: 万/亿 and 2026/12/1
in Chinese, K/M and 12/1/2026 in English; the `number_units` setting fixes one."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest

from app.config import i18n
from app.config.formatting import (
    format_clock,
    format_date,
    format_datetime,
    format_month_day_time,
    number_format,
    number_units,
    set_number_units,
)
from app.ui.dialogs.session import NewSessionSpec
from tests.ui.test_quick_entry import type_line

pytestmark = pytest.mark.gui


@pytest.fixture
def speaking(qapp):
    """Switches Genbo's language for one test, back to English after."""

    def speak(language: str) -> str:
        return i18n.install(language=language)

    yield speak
    i18n.install(language="en")


@pytest.mark.numbers("auto")
def test_by_language_chinese_gets_wan_and_english_k_and_m(speaking) -> None:
    assert speaking("zh_CN") == "zh_CN"
    fmt = number_format()
    assert number_units() == "cn"
    assert fmt.money(12_345) == "¥1.23万" and fmt.count(345_000_000) == "3.45亿"
    assert format_date(date(2026, 12, 1)) == "2026/12/1"
    assert format_datetime(datetime(2026, 12, 1, 13, 5, 9)) == "2026/12/1 13:05"
    assert format_clock(time(13, 5, 9), seconds=True) == "13:05:09"
    assert format_month_day_time(datetime(2026, 11, 1, 20, 0)) == "11/1 20:00"

    assert speaking("en") == "en"
    fmt = number_format()
    assert number_units() == "west"
    assert fmt.money(12_345) == "¥12.3K" and fmt.money(1_234_567) == "¥1.23M"
    assert fmt.count(9_999) == "9,999", "thousands separators below 10K"
    assert fmt.money_exact(1_234_567.8) == "¥1,234,567.80"
    assert format_date(date(2026, 12, 1)) == "12/1/2026", "the year in full"
    assert format_datetime(datetime(2026, 12, 1, 13, 5)).replace("\u202f", " ") == (
        "12/1/2026 1:05 PM"
    )
    assert format_clock(time(13, 5, 9), seconds=True).replace("\u202f", " ") == "1:05:09 PM"


@pytest.mark.numbers("auto")
def test_the_setting_fixes_a_style_in_either_language(speaking) -> None:
    speaking("zh_CN")
    set_number_units("west")
    assert number_format().money(1_234_567) == "¥1.23M"
    speaking("en")
    set_number_units("cn")
    assert number_format().money(1_234_567) == "¥123.46万"
    set_number_units("nonsense")  # refused: back to the language's
    assert number_format().money(1_234_567) == "¥1.23M"


def test_a_sessions_own_wall_clock_is_shown_not_the_laptops(speaking) -> None:
    """A session started 20:00 in Beijing reads 20:00 on a laptop anywhere."""
    beijing = timezone(timedelta(hours=8))
    at = datetime(2026, 12, 1, 12, 0, tzinfo=UTC).astimezone(beijing)
    speaking("zh_CN")
    assert format_datetime(at) == "2026/12/1 20:00"
    speaking("en")
    assert format_datetime(at).replace("\u202f", " ") == "12/1/2026 8:00 PM"


@pytest.mark.numbers("auto")
def test_an_english_window_shows_k_and_m_and_its_dates(qtbot, window) -> None:
    with qtbot.waitSignal(window.liveStarted, timeout=10_000) as started:
        window.start_session(NewSessionSpec("键盘主播", "手动", ()))
    live = started.args[0]
    window.activateWindow()
    entry = window.live_view.entry
    type_line(qtbot, entry, "人数 3500 成交 56.8w")
    assert "¥568K" in entry.message.text(), entry.message.text()
    window.live_view.refresh_text()
    assert window.live_view.tiles.gmv.value.text() == "¥568K"
    assert window.live_view.tiles.viewers.value.text() == "3,500"
    tip = window.live_view.title.toolTip()
    assert tip == f"Started {format_datetime(live.info.started_at, seconds=True)}"
    assert f"/{live.info.started_at.year} " in tip
