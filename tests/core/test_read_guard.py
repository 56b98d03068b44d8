"""The OCR guard, case by case: what is accepted, when, and what is held."""

from __future__ import annotations

import pytest

from app.core.read_guard import (
    GuardSettings,
    GuardSettingsError,
    Judgement,
    Read,
    ReadingError,
    RegionGuard,
    SuspectReason,
    Verdict,
    number_text,
    read_value,
    reason_text,
)


def feed(guard: RegionGuard, *texts: str, step_ms: int = 300, conf: float = 0.99, t0: int = 0):
    out = []
    for i, text in enumerate(texts):
        out.append(guard.judge(Read(t0 + i * step_ms, text, conf)))
    return out


# -- the grammar -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("key", "text", "raw"),
    [
        ("gmv", "¥98.6万", 98_6000_00),
        ("gmv", "成交金额¥1,234,567.89", 123456789),
        ("gmv", "3.5w", 35000_00),
        ("gmv", "¥1亿2000万", 1_2000_0000_00),
        ("gmv", "￥１２３.４元", 12340),
        ("viewers", "在线人数3,521", 3521),
        ("viewers", "3521人", 3521),
        ("viewers", "１２３４", 1234),
        ("viewers", "1.2万", 12000),
        ("dwell_seconds", "1:35", 950),
        ("dwell_seconds", "人均停留 1分35秒", 950),
        ("dwell_seconds", "1：35", 950),
        ("dwell_seconds", "45秒", 450),
        ("orders", "成交订单数 856", 856),
    ],
)
def test_ocr_text_through_the_entry_grammar(key: str, text: str, raw: int) -> None:
    assert read_value(key, text) == raw


def test_money_prefers_the_number_marked_with_yuan() -> None:
    assert number_text("gmv", "近5分钟 ¥3.2万") == "¥3.2万"


def test_several_equal_numbers_are_refused_in_words() -> None:
    with pytest.raises(ReadingError, match="several numbers"):
        read_value("viewers", "12 / 34")


@pytest.mark.parametrize("text", ["成交金额", "—", "¥", "abc"])
def test_no_number_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        read_value("gmv", text)


def test_a_count_with_decimals_is_refused() -> None:
    with pytest.raises(ValueError, match="whole number"):
        read_value("orders", "12.5")


# -- confirmation ------------------------------------------------------------------------
def test_two_identical_reads_accept_the_value_at_the_first() -> None:
    g = RegionGuard("viewers")
    first, second = feed(g, "3,521", "3,521")
    assert first.verdict is Verdict.PENDING and first.value == 3521
    assert second.verdict is Verdict.ACCEPTED and second.value == 3521
    assert second.ts_ms == 0  # when it was first seen


def test_a_later_identical_read_is_accepted_at_its_own_time() -> None:
    g = RegionGuard("viewers")
    *_, third = feed(g, "3,521", "3,521", "3,521")
    assert third.verdict is Verdict.ACCEPTED and third.ts_ms == 600


def test_reads_that_disagree_wait() -> None:
    g = RegionGuard("gmv")
    verdicts = [j.verdict for j in feed(g, "¥1,000", "¥1,020", "¥1,040")]
    assert verdicts == [Verdict.PENDING] * 3
    assert g.accepted is None


def test_confirm_reads_is_configurable() -> None:
    one = RegionGuard("viewers", GuardSettings(confirm_reads=1))
    assert feed(one, "10")[0].verdict is Verdict.ACCEPTED
    three = RegionGuard("viewers", GuardSettings(confirm_reads=3))
    assert [j.verdict for j in feed(three, "10", "10", "10")] == [
        Verdict.PENDING,
        Verdict.PENDING,
        Verdict.ACCEPTED,
    ]


def test_an_empty_read_breaks_the_run() -> None:
    g = RegionGuard("viewers")
    a, b, c = feed(g, "10", "", "10")
    assert (a.verdict, b.verdict, c.verdict) == (Verdict.PENDING, Verdict.EMPTY, Verdict.PENDING)


# -- suspects ----------------------------------------------------------------------------
def test_text_the_grammar_refuses_is_suspect_once_per_streak() -> None:
    g = RegionGuard("gmv")
    a, b, c = feed(g, "¥2e1,411.62", "¥2e1,411.62", "¥2x1")
    assert a.verdict is Verdict.SUSPECT and a.reason is SuspectReason.UNPARSED
    assert a.new_suspect and not b.new_suspect and not c.new_suspect
    assert c.verdict is Verdict.SUSPECT  # still kept out of the data
    assert a.detail  # the grammar's words
    # A good read ends the streak: the next misread is listed again.
    feed(g, "¥1,411.62", "¥1,411.62", t0=1_000)
    (d,) = feed(g, "¥2x1", t0=2_000)
    assert d.new_suspect


def test_a_box_that_keeps_misreading_lists_a_suspect_every_five_minutes() -> None:
    """A clipped box whose number changes every tick for four hours: a
    suspect every 5 minutes (48), not one a tick (4,800)."""
    from app.core.read_guard import RELIST_MS, Read

    g = RegionGuard("gmv")
    listed = 0
    for i in range(4 * 3600 // 3):
        j = g.judge(Read(i * 3000, f"¥{10_000 + i:,}.00", 0.99, clipped=True))
        assert j.verdict is Verdict.SUSPECT and j.reason is SuspectReason.CLIPPED
        listed += j.new_suspect
    assert listed == 4 * 3600 * 1000 // RELIST_MS == 48


def test_low_confidence_is_suspect_with_its_value() -> None:
    g = RegionGuard("viewers", GuardSettings(min_confidence=0.9))
    (j,) = feed(g, "3521", conf=0.85)
    assert j.verdict is Verdict.SUSPECT and j.reason is SuspectReason.LOW_CONFIDENCE
    assert j.value == 3521 and j.new_suspect


def test_a_running_total_going_backwards_is_suspect() -> None:
    g = RegionGuard("gmv")
    feed(g, "¥1.2万", "¥1.2万")
    _, j = feed(g, "¥1.2", "¥1.2", t0=1000)  # the 万 was lost
    assert j.verdict is Verdict.SUSPECT and j.reason is SuspectReason.BACKWARDS
    assert j.new_suspect and g.accepted == (0, 12000_00)


def test_a_gauge_may_go_down() -> None:
    g = RegionGuard("viewers")
    feed(g, "3,521", "3,521")
    assert feed(g, "3,400", "3,400", t0=1000)[1].verdict is Verdict.ACCEPTED


@pytest.mark.parametrize(("before", "after"), [("3,521", "35,210"), ("35,210", "3,521")])
def test_a_jump_of_more_than_five_times_is_suspect_both_ways(before: str, after: str) -> None:
    g = RegionGuard("viewers")
    feed(g, before, before)
    _, j = feed(g, after, after, t0=3000)
    assert j.verdict is Verdict.SUSPECT and j.reason is SuspectReason.JUMP


def test_small_values_and_old_bases_are_not_held_for_jumping() -> None:
    g = RegionGuard("gmv")
    feed(g, "¥50", "¥50")
    assert feed(g, "¥400", "¥400", t0=3000)[1].verdict is Verdict.ACCEPTED
    late = RegionGuard("viewers", GuardSettings(jump_window_ms=5000))
    feed(late, "2,000", "2,000")
    assert feed(late, "20,000", "20,000", t0=60_000)[1].verdict is Verdict.ACCEPTED


def test_a_real_new_level_is_taken_after_agreeing_reads() -> None:
    g = RegionGuard("viewers", GuardSettings(relevel_reads=3))
    feed(g, "2,000", "2,000")
    held = feed(g, "20,000", "20,000", "20,000", "20,000", t0=1000)
    assert [j.verdict for j in held] == [
        Verdict.PENDING,
        Verdict.SUSPECT,
        Verdict.SUSPECT,
        Verdict.SUSPECT,
    ]
    assert [j.new_suspect for j in held[1:]] == [True, False, False]
    taken = g.judge(Read(3000, "20,000", 0.99))
    assert taken.verdict is Verdict.ACCEPTED and g.accepted == (3000, 20000)


def test_a_misread_spike_does_not_move_the_base() -> None:
    g = RegionGuard("viewers")
    feed(g, "3,521", "3,521")
    spike = feed(g, "35,21", "35,21", t0=1000)  # a misplaced comma: refused
    assert spike[0].verdict is Verdict.SUSPECT
    feed(g, "35,210", "35,210", t0=2000)
    back = feed(g, "3,530", "3,530", t0=3000)
    assert back[1].verdict is Verdict.ACCEPTED and g.accepted == (3000, 3530)


def test_the_operator_confirming_moves_the_base() -> None:
    g = RegionGuard("viewers")
    feed(g, "2,000", "2,000")
    feed(g, "20,000", "20,000", t0=1000)
    g.confirm(1000, 20000)
    assert g.judge(Read(1600, "20,000", 0.99)).verdict is Verdict.ACCEPTED


def test_settings_are_checked_in_words() -> None:
    with pytest.raises(GuardSettingsError, match="at least one read"):
        RegionGuard("viewers", GuardSettings(confirm_reads=0))
    with pytest.raises(GuardSettingsError, match="jump limit"):
        GuardSettings(max_jump=1.0).validate()


def test_a_misread_inside_the_number_is_refused_not_cut_out() -> None:
    """OCR read ¥281,411.62 as ¥2e1,411.62: "¥2" must not pass as ¥2."""
    with pytest.raises(ReadingError, match="not clearly a number"):
        read_value("gmv", "¥2e1,411.62")


def test_two_numbers_touching_are_one_misread() -> None:
    """OCR read 2分17秒 as 2分17种: not 17 s."""
    with pytest.raises(ReadingError, match="not clearly a number"):
        read_value("dwell_seconds", "2分17种")


def test_a_read_touching_the_box_edge_is_suspect() -> None:
    """A box drawn tight around 563 reads 4,66 once the number is 4,661."""
    g = RegionGuard("orders")
    (j,) = [g.judge(Read(0, "4,66", 0.99, clipped=True))]
    assert j.verdict is Verdict.SUSPECT and j.reason is SuspectReason.CLIPPED
    assert "draw the box larger" in reason_text(j, GuardSettings())


# -- the jump window: a blank is a time without reads -----------------------------------
SOURCE_WINDOW = GuardSettings(jump_window_ms=4900, relevel_reads=3)
"""As the screen source sets it for a 3 s interval (3 s + 3 × 0.3 s + 1 s)."""


def tick(guard: RegionGuard, text: str, t0: int) -> Judgement:
    """One tick of the source: read, and read again 0.3 s later while pending."""
    j = guard.judge(Read(t0, text, 0.99))
    for k in (1, 2):
        if j.verdict is not Verdict.PENDING:
            break
        j = guard.judge(Read(t0 + 300 * k, text, 0.99))
    return j


def test_a_misread_held_as_suspect_is_not_taken_a_tick_later() -> None:
    """Viewers 2,000; OCR reads 20万 from 3 s on. The reads never stopped, so
    the level is no more believable at 6 s than it was at 3.3 s."""
    g = RegionGuard("viewers", SOURCE_WINDOW)
    assert tick(g, "2,000", 0).verdict is Verdict.ACCEPTED
    held = tick(g, "20万", 3000)
    assert held.verdict is Verdict.SUSPECT and held.reason is SuspectReason.JUMP
    again = tick(g, "20万", 6000)
    assert again.verdict is Verdict.SUSPECT and again.reason is SuspectReason.JUMP
    assert g.accepted == (0, 2000)
    # A level that holds is taken after `relevel_reads` more agreeing reads.
    assert tick(g, "20万", 9000).verdict is Verdict.SUSPECT
    taken = tick(g, "20万", 12000)
    assert taken.verdict is Verdict.ACCEPTED and g.accepted == (12000, 200000)


def test_a_misread_total_is_not_taken_when_it_moves_on() -> None:
    """GMV ¥1.25万, then ¥125万 (a lost dot), then ¥126万 a tick later."""
    g = RegionGuard("gmv", SOURCE_WINDOW)
    assert tick(g, "¥1.25万", 0).verdict is Verdict.ACCEPTED
    assert tick(g, "¥125万", 3000).reason is SuspectReason.JUMP
    moved = tick(g, "¥126万", 6000)
    assert moved.verdict is Verdict.SUSPECT and moved.reason is SuspectReason.JUMP
    assert g.accepted == (0, 1_2500_00)


def test_unreadable_reads_are_reads_not_a_blank() -> None:
    g = RegionGuard("viewers", SOURCE_WINDOW)
    tick(g, "2,000", 0)
    for t in (3000, 6000):
        assert tick(g, "2O,OOO", t).reason is SuspectReason.UNPARSED
    assert tick(g, "20,000", 9000).reason is SuspectReason.JUMP


def test_after_a_real_blank_a_held_level_is_believable() -> None:
    """No read at all for longer than the window (the screen was locked)."""
    g = RegionGuard("viewers", SOURCE_WINDOW)
    tick(g, "2,000", 0)
    assert tick(g, "20,000", 3000).reason is SuspectReason.JUMP
    assert tick(g, "20,000", 60_000).verdict is Verdict.ACCEPTED
    assert g.accepted == (60_000, 20000)


# -- spaces, comma groups, decimals and captions in OCR text ----------------------------
@pytest.mark.parametrize(
    ("key", "text", "raw"),
    [
        ("viewers", "3 521", 3521),
        ("viewers", "在线 1 234 567 人", 1234567),
        ("gmv", "¥1 234.56", 123456),
        ("gmv", "¥1.234万", 12340_00),
        ("gmv", "¥1.23", 123),
    ],
)
def test_spaced_thousands_and_scaled_money_still_read(key: str, text: str, raw: int) -> None:
    assert read_value(key, text) == raw


@pytest.mark.parametrize(
    ("key", "text"),
    [("viewers", "3,521 12"), ("gmv", "¥1,234 56"), ("viewers", "35 21"), ("gmv", "1,234 567")],
)
def test_numbers_apart_are_not_joined(key: str, text: str) -> None:
    with pytest.raises(ReadingError, match="several numbers"):
        read_value(key, text)


def test_a_comma_group_of_four_digits_is_refused() -> None:
    with pytest.raises(ValueError, match="comma groups thousands"):
        read_value("viewers", "1,2345")


def test_money_with_parts_of_a_fen_is_unparsed_not_rounded() -> None:
    with pytest.raises(ValueError, match="parts of a fen"):
        read_value("gmv", "¥1.234")
    (j,) = feed(RegionGuard("gmv"), "¥1.234")
    assert j.verdict is Verdict.SUSPECT and j.reason is SuspectReason.UNPARSED


@pytest.mark.parametrize("text", ["较昨日 +12%", "12%", "3,521 ↑12%"])
def test_a_percentage_is_never_a_count(text: str) -> None:
    with pytest.raises(ReadingError):
        read_value("viewers", text)
