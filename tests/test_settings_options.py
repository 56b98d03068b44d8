"""The options table of the settings module: complete, its defaults valid, bad
values refused with a message; the file format versioned."""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from pathlib import Path

import pytest

from app.config import settings as settings_module
from app.config.paths import AppPaths
from app.config.settings import (
    GROUPS,
    OPTIONS,
    OPTIONS_BY_KEY,
    SETTINGS_VERSION,
    OptionError,
    OptionKind,
    Settings,
    load_settings,
    rules_from_settings,
    save_settings,
    update_settings,
    validate_settings,
)

SETTINGS_FIELDS = {f.name for f in fields(Settings)}
PATH_ATTRIBUTES = {"data_dir", "config_dir", "log_dir"}

ASKED_FOR = {
    "gmv_ladder",
    "viewers_ladder",
    "reaction_lag_s",
    "preroll_s",
    "alert_banner",
    "alert_tray",
    "alert_sound",
    "moment_cards",
    "language",
    "theme",
    "ghost_baseline",
    "default_sources",
    "leap_ladder",
    "data_dir",
}
"""The options issue 12 asks the dialog for."""


def test_the_table_is_complete_and_well_formed() -> None:
    keys = [o.key for o in OPTIONS]
    assert len(keys) == len(set(keys))
    assert set(keys) >= ASKED_FOR
    groups = {g for g, _ in GROUPS}
    for o in OPTIONS:
        assert o.group in groups, o.key
        assert o.title and o.help, o.key
        if o.kind is OptionKind.PATH:
            assert o.key in PATH_ATTRIBUTES and not o.stored
        else:
            assert o.key in SETTINGS_FIELDS, o.key
        if o.kind in (OptionKind.CHOICE, OptionKind.CHOICES):
            assert o.choices, o.key
        if o.kind is OptionKind.NUMBER:
            assert o.minimum < o.maximum, o.key
    assert OPTIONS_BY_KEY["language"].restart
    assert "starts again" in OPTIONS_BY_KEY["language"].help_text()


@pytest.mark.parametrize("option", [o for o in OPTIONS if o.stored], ids=lambda o: o.key)
def test_every_default_validates_and_reads_back(option: settings_module.Option) -> None:
    default = option.default()
    assert default == getattr(Settings(), option.key)
    assert option.validate(default) is None
    if option.kind is OptionKind.NUMBER:
        assert option.parse(option.number_text(default)) == default
    if option.kind is OptionKind.AMOUNTS:
        assert option.parse(option.amounts_text(default)) == default


def test_defaults_validate_as_a_whole() -> None:
    assert validate_settings(Settings()) == {}


@pytest.mark.parametrize(
    ("key", "text", "says"),
    [
        ("gmv_ladder", "50万, abc", "“abc” is not an amount"),
        ("gmv_ladder", "", "at least one step"),
        ("gmv_ladder", "0, 50万", "above zero"),
        ("gmv_ladder", "1.005", "two decimals"),
        ("gmv_ladder", "50万, 1,000,000", "a comma separates the steps"),
        ("viewers_ladder", "1000, 1.5", "whole viewers"),
        ("leap_ladder", "50万, -200万", "not an amount"),
        ("reaction_lag_s", "-1", "between 0 s and 30 s"),
        ("reaction_lag_s", "soon", "not a number of seconds"),
        ("preroll_s", "11:00", "between 0 s and 600 s"),
        ("surge_pct", "2", "between 5% and 1000%"),
        ("surge_pct", "12.5", "whole number"),
        ("demo_speed", "fast", "not a number"),
    ],
)
def test_bad_text_is_refused_with_a_message(key: str, text: str, says: str) -> None:
    with pytest.raises(OptionError) as err:
        OPTIONS_BY_KEY[key].parse(text)
    assert says in str(err.value)


@pytest.mark.parametrize(
    ("key", "text", "value"),
    [
        ("gmv_ladder", "100万，10万 50万, 10万", [100_000, 500_000, 1_000_000]),
        ("gmv_ladder", "¥12345.5", [12345.5]),
        ("gmv_ladder", "10,50", [10, 50]),
        ("gmv_ladder", "1亿、3.5w", [35_000, 100_000_000]),
        ("viewers_ladder", "1k; 2千 5000", [1000, 2000, 5000]),
        ("reaction_lag_s", "2.5 s", 2.5),
        ("preroll_s", "1:30", 90),
        ("surge_pct", "40%", 40),
        ("demo_speed", "20×", 20),
    ],
)
def test_good_text_is_read(key: str, text: str, value: object) -> None:
    assert OPTIONS_BY_KEY[key].parse(text) == value


def test_a_ladder_reads_back_unchanged_when_its_short_form_is_not_exact() -> None:
    o = OPTIONS_BY_KEY["gmv_ladder"]
    steps = [12345.67, 1_000_000, 123_456_789]
    from app.core.numbers import NumberFormat

    text = o.amounts_text(steps, NumberFormat(units="cn"))
    assert "100万" in text and "123456789" in text
    assert o.parse(text) == steps
    text = o.amounts_text(steps, NumberFormat(units="west"))
    assert text == "12345.67, 1M, 123456789"
    assert o.parse(text) == steps


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("alert_sound", "yes"),
        ("language", "fr"),
        ("theme", "purple"),
        ("ghost_baseline", "worst"),
        ("default_sources", ["http", "carrier pigeon"]),
        ("default_sources", ["http", "http"]),
        ("gmv_ladder", "10万"),
        ("gmv_ladder", [100_000, True]),
        ("reaction_lag_s", -1.0),
        ("reaction_lag_s", "2"),
    ],
)
def test_bad_values_are_refused_with_a_message(key: str, value: object) -> None:
    message = OPTIONS_BY_KEY[key].validate(value)
    assert message and message.endswith(".")


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    st = Settings(
        gmv_ladder=[50_000, 300_000],
        reaction_lag_s=1.5,
        language="zh_CN",
        ghost_baseline="best",
        default_sources=["http", "file"],
    )
    save_settings(path, st)
    assert load_settings(path) == st
    assert rules_from_settings(load_settings(path)).ladders["gmv"] == (50_000, 300_000)


def test_an_older_file_loads_and_unknown_keys_are_dropped(tmp_path: Path) -> None:
    """A version-1 file from before the dialog (no language, ghost or sources
    options) and one without a version at all load; keys Genbo does not know
    are dropped, as before."""
    path = tmp_path / "settings.json"
    old = {
        "version": 1,
        "follow_window_s": 1800,
        "gmv_ladder": [200_000],
        "alert_sound": True,
        "a_key_from_elsewhere": 42,
    }
    path.write_text(json.dumps(old), encoding="utf-8")
    st = load_settings(path)
    assert st.follow_window_s == 1800
    assert st.gmv_ladder == [200_000]
    assert st.alert_sound is True
    assert st.language == "system" and st.ghost_baseline == "median"
    assert st.version == SETTINGS_VERSION
    assert not hasattr(st, "a_key_from_elsewhere")
    save_settings(path, st)
    assert "a_key_from_elsewhere" not in json.loads(path.read_text(encoding="utf-8"))
    del old["version"]
    path.write_text(json.dumps(old), encoding="utf-8")
    assert load_settings(path).gmv_ladder == [200_000]


def test_version_1_number_style_becomes_by_language_unless_chosen(tmp_path: Path) -> None:
    """Version 1 always wrote number_units "cn" (its default, shown nowhere):
    upgraded to version 2 it follows the language; a "west" a user wrote by
    hand is kept, and the upgraded file is saved as version 2."""
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": 1, "number_units": "cn", "gmv_ladder": [5e5]}), "utf-8")
    st = load_settings(path)
    assert st.number_units == "auto" and st.gmv_ladder == [500_000]
    assert st.version == SETTINGS_VERSION == 2
    save_settings(path, st)
    saved = json.loads(path.read_text("utf-8"))
    assert saved["version"] == 2 and saved["number_units"] == "auto"
    path.write_text(json.dumps({"version": 1, "number_units": "west"}), "utf-8")
    assert load_settings(path).number_units == "west"
    path.write_text(json.dumps({"version": 2, "number_units": "cn"}), "utf-8")
    assert load_settings(path).number_units == "cn", "a choice made in version 2 stays"
    path.write_text(json.dumps({"version": 2, "number_units": "lakh"}), "utf-8")
    assert load_settings(path).number_units == "auto", "an unknown style is refused"


def test_a_newer_file_gives_defaults_and_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": SETTINGS_VERSION + 1, "alert_sound": True}))
    assert load_settings(path) == Settings()
    assert path.exists()


def test_a_bad_value_in_the_file_falls_back_to_its_default(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(
        json.dumps(
            {
                "version": SETTINGS_VERSION,
                "reaction_lag_s": -5,
                "gmv_ladder": "lots",
                "language": "klingon",
                "alert_tray": False,
            }
        ),
        encoding="utf-8",
    )
    st = load_settings(path)
    assert st.reaction_lag_s == Settings().reaction_lag_s
    assert st.gmv_ladder == Settings().gmv_ladder
    assert st.language == "system"
    assert st.alert_tray is False  # the good values are kept
    assert path.exists()


def test_an_unreadable_file_is_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("{not json", encoding="utf-8")
    assert load_settings(path) == Settings()
    assert path.with_suffix(".unreadable.json").exists()


def test_update_settings_changes_in_place_and_says_what() -> None:
    target = Settings()
    new = Settings(alert_sound=True, gmv_ladder=[1, 2], language="en")
    held = target
    changed = update_settings(target, new)
    assert held is target and asdict(target) == asdict(new)
    assert set(changed) == {"alert_sound", "gmv_ladder", "language"}
    new.gmv_ladder.append(3)  # a copy, not shared
    assert target.gmv_ladder == [1, 2]


def test_path_options_name_app_paths(tmp_path: Path) -> None:
    paths = AppPaths(tmp_path, tmp_path / "config", tmp_path / "logs")
    for o in OPTIONS:
        if o.kind is OptionKind.PATH:
            assert isinstance(getattr(paths, o.key), Path)


def test_fields_outside_the_table_are_of_their_type_and_a_newer_file_is_kept(tmp_path) -> None:
    """A hand-edited `custom_rules: 5` crashed starting a session; a newer
    Genbo's file was overwritten with this version's defaults at the next save."""
    import json

    from app.config.settings import load_settings, rules_from_settings, save_settings

    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": 1, "custom_rules": 5, "antialias": "yes"}), "utf-8")
    st = load_settings(path)
    assert st.custom_rules == [] and isinstance(st.antialias, bool)
    assert rules_from_settings(st).custom == ()
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps({"version": 99, "theme": "dark"}), "utf-8")
    load_settings(newer)
    save_settings(newer, st)  # this Genbo saves its own, the newer one's kept beside it
    kept = tmp_path / "newer.newer-v99.json"
    assert json.loads(kept.read_text("utf-8")) == {"version": 99, "theme": "dark"}
    assert json.loads(newer.read_text("utf-8"))["version"] == SETTINGS_VERSION


def test_a_ladder_reads_back_where_the_decimal_separator_is_a_comma() -> None:
    """ "1,5M" in a ladder field split into 1 and 5M at the next save."""
    from app.core.numbers import NumberFormat

    option = settings_module.OPTIONS_BY_KEY["gmv_ladder"]
    for units in ("west", "cn"):
        fmt = NumberFormat(group_sep=".", decimal_sep=",", units=units)
        steps = [100_000, 1_500_000, 2_500_000, 12_345_678]
        text = option.amounts_text(steps, fmt)
        assert option.parse(text) == steps, text
    west = NumberFormat(group_sep=".", decimal_sep=",", units="west")
    assert option.amounts_text([100_000, 1_500_000], west) == "100K, 1.5M"
