"""The lower layers' messages in the user's language (app.core.messages).

Errors raised in core, storage, sources, exports and session carry an English
template and its fields; `str()` looks the template up in the translator that
is installed when the message is shown. These tests install a translator
through the injection point (`messages.install_translator`): a plain function,
a real QTranslator loaded from a small catalogue compiled here with lrelease,
and Genbo's own zh_CN catalogue through `app.config.i18n.install`.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.core import messages
from app.core.entry import OutsideSessionError, SessionSpan, parse_entry
from app.core.numbers import NumberParseError, parse_number

FAKE: dict[tuple[str, str], str] = {
    ("numbers", "“{text}” is not a number Genbo understands; try {examples}"): (
        "“{text}”不是 Genbo 能识别的数字；可以试试 {examples}"
    ),
    ("numbers", "{alias}: {error}"): "{alias}：{error}",
    ("storage", "There is no session {id} in this database."): "这个数据库中没有场次 {id}。",
    ("import", "the file is empty"): "文件是空的",
    ("import", "row {row}, column “{header}”: “{text}” — {reason}"): (
        "第 {row} 行，“{header}”列：“{text}”——{reason}"
    ),
    ("import", "not a number"): "不是数字",
    ("sources", "{path} has no field “{field}”"): "{path} 没有字段“{field}”",
    ("sources", "listening on {url}"): "正在监听 {url}",
    ("exports", "Start"): "开场",
    ("exports", "unknown format “{format}”; choose from {choices}"): (
        "未知格式“{format}”；可选：{choices}"
    ),
}


def fake_chinese(context: str, text: str) -> str:
    return FAKE.get((context, text), text)


@pytest.fixture
def chinese() -> Iterator[Callable[[str, str], str]]:
    messages.install_translator(fake_chinese)
    yield fake_chinese
    messages.install_translator(None)


def _number_error(text: str = "abc") -> NumberParseError:
    with pytest.raises(NumberParseError) as info:
        parse_number(text)
    return info.value


# -- English by default ---------------------------------------------------------------


def test_english_is_the_default_and_the_fields_are_filled():
    exc = _number_error()
    assert str(exc).startswith("“abc” is not a number Genbo understands; try 3500, 1.2万")
    assert exc.english == str(exc)
    assert exc.fields["text"] == "abc"
    assert exc.args[0] == exc.english  # what a log or a traceback shows
    assert isinstance(exc, ValueError)  # every `except ValueError` still catches it


# -- through the installed translator ---------------------------------------------------


def test_a_number_error_follows_the_installed_translator(chinese):
    exc = _number_error("abc")
    assert str(exc).startswith("“abc”不是 Genbo 能识别的数字；可以试试 3500, 1.2万")
    assert exc.english.startswith("“abc” is not a number Genbo understands")  # logs stay English
    messages.install_translator(None)
    assert str(exc).startswith("“abc” is not a number")  # looked up when shown, not raised


def test_a_wrapped_error_is_translated_inside_too(chinese):
    with pytest.raises(ValueError) as info:
        parse_entry("gmv abc")
    assert str(info.value).startswith("gmv：“abc”不是 Genbo 能识别的数字")


def test_english_stays_english_all_the_way_down(chinese):
    """A wrapped error's `english` (what logs and stored gap reasons get) was
    half Chinese: its inner error's field was formatted with the translation."""
    with pytest.raises(ValueError) as info:
        parse_entry("gmv abc")
    assert str(info.value).startswith("gmv：“abc”不是")
    assert info.value.english.startswith("gmv: “abc” is not a number Genbo understands")  # type: ignore[attr-defined]


def test_the_push_api_answers_in_english_while_the_window_speaks_chinese(chinese):
    from app.core.entry import parse_metric_values

    _, errors = parse_metric_values({"viewers": "abc"}, in_english=True)
    assert errors["metrics.viewers"].startswith("“abc” is not a number Genbo understands")
    _, shown = parse_metric_values({"viewers": "abc"})
    assert shown["metrics.viewers"].startswith("“abc”不是 Genbo 能识别的数字")


def test_a_translation_that_does_not_fit_its_fields_falls_back_to_english():
    messages.install_translator(lambda c, t: "坏的 {nope}" if c == "numbers" else t)
    try:
        assert str(_number_error()).startswith("“abc” is not a number Genbo understands")
    finally:
        messages.install_translator(None)


def test_a_translator_that_raises_never_hides_the_message():
    def broken(context: str, text: str) -> str:
        raise RuntimeError("boom")

    messages.install_translator(broken)
    try:
        assert str(_number_error()).startswith("“abc” is not a number Genbo understands")
    finally:
        messages.install_translator(None)


def test_a_storage_message_goes_through_it(chinese, repo):
    from app.storage.database import StorageError

    with pytest.raises(StorageError) as info:
        repo.get_session(4242)
    assert str(info.value) == "这个数据库中没有场次 4242。"
    assert info.value.english == "There is no session 4242 in this database."


def test_import_messages_go_through_it(chinese):
    from app.core.csv_import import CsvImportError, convert, guess_mapping, read_table

    with pytest.raises(CsvImportError) as info:
        read_table(b"   ")
    assert str(info.value) == "文件是空的"
    rows = b"time,viewers\n2026-11-11 20:00,3500\n2026-11-11 20:01,3600\n2026-11-11 20:02,abc\n"
    table = read_table(rows)
    mapping, _ = guess_mapping(table, 480)
    problem = convert(table, mapping).problems[0]
    assert problem.reason.startswith("“abc”不是 Genbo 能识别的数字")
    assert problem.describe().startswith("第 4 行，“viewers”列：“abc”——")


def test_a_source_message_goes_through_it(chinese):
    from app.core.jsonpath import JsonPath, JsonPathError

    with pytest.raises(JsonPathError) as info:
        JsonPath.parse("data[0].nope").find({"data": [{}]})
    assert str(info.value) == "$.data[0] 没有字段“nope”"


def test_export_words_go_through_it(chinese):
    from app.exports.common import ExportError
    from app.exports.registry import export

    with pytest.raises(ExportError) as info:
        export("nonsense", None)  # type: ignore[arg-type]
    assert str(info.value).startswith("未知格式“nonsense”；可选：")
    assert messages.translate("exports", "Start") == "开场"


# -- across processes ---------------------------------------------------------------------


def test_pickling_keeps_the_template_and_the_fields(chinese):
    exc = pickle.loads(pickle.dumps(_number_error("abc")))
    assert isinstance(exc, NumberParseError)
    assert exc.fields["text"] == "abc"
    assert str(exc).startswith("“abc”不是 Genbo 能识别的数字")


def test_errors_with_their_own_init_survive_pickling(chinese):
    from app.session.importing import AlreadyImportedError
    from app.sources.http_poll import PollError
    from app.storage.bulk import DuplicateSessionError
    from app.storage.database import NewerDatabaseError

    dup = pickle.loads(pickle.dumps(DuplicateSessionError("u-1", 7)))
    assert (dup.uid, dup.session_id) == ("u-1", 7)
    assert "session 7 (unique id u-1)" in str(dup)
    newer = pickle.loads(pickle.dumps(NewerDatabaseError("/x.db", "zzz", "0007")))
    assert (newer.location, newer.revision, newer.known_head) == ("/x.db", "zzz", "0007")
    assert "schema zzz" in str(newer)
    already = AlreadyImportedError(
        "u-2",
        8,
        messages.QT_TRANSLATE_NOOP("storage", "There is no session {id} in this database."),
        id=8,
    )
    back = pickle.loads(pickle.dumps(already))
    assert (back.uid, back.session_id, str(back)) == ("u-2", 8, "这个数据库中没有场次 8。")
    poll = pickle.loads(
        pickle.dumps(PollError("HTTP {status} {reason}", retry_after_s=3.0, status=503, reason="x"))
    )
    assert (poll.retry_after_s, poll.reason) == (3.0, "HTTP 503 x")
    span = SessionSpan(0, 480, 3_600_000)
    outside = pickle.loads(pickle.dumps(OutsideSessionError("21:03", True, span)))
    assert (outside.typed, outside.later, outside.span) == ("21:03", True, span)
    assert str(outside).startswith("@21:03 is later than now")


# -- a real Qt translator --------------------------------------------------------------------

SMALL_TS = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>numbers</name>
    <message>
        <source>“{text}” is not a number Genbo understands; try {examples}</source>
        <translation>“{text}”不是 Genbo 能识别的数字；可以试试 {examples}</translation>
    </message>
</context>
<context>
    <name>sources</name>
    <message>
        <source>listening on {url}</source>
        <translation>正在监听 {url}</translation>
    </message>
</context>
</TS>
"""


def test_a_qt_translator_compiled_with_lrelease(tmp_path: Path):
    from app.config.i18n import GenboTranslator, compile_ts, lrelease_command

    if lrelease_command() is None:
        pytest.skip("no pyside6-lrelease")
    ts, qm = tmp_path / "small.ts", tmp_path / "small.qm"
    ts.write_text(SMALL_TS, encoding="utf-8")
    assert compile_ts(ts, qm)
    qt = GenboTranslator()
    assert qt.load(str(qm))
    messages.install_translator(lambda context, text: qt.translate(context, text))
    try:
        assert str(_number_error("abc")).startswith("“abc”不是 Genbo 能识别的数字")
        assert messages.say("sources", "listening on {url}", url="http://x") == "正在监听 http://x"
        # Not in the catalogue: a null QString, so the English text.
        assert messages.translate("sources", "no such words") == "no such words"
    finally:
        messages.install_translator(None)


def test_genbos_install_hands_its_translator_to_the_lower_layers():
    from app.config import i18n

    try:
        assert i18n.install(language="zh_CN") == "zh_CN"
        # A string of the zh_CN catalogue, asked for in a lower layer's context
        # (found through the shared-context fallback).
        assert messages.translate("sources", "no answer yet") == "尚无响应"
        assert messages.translate("sources", "no such words") == "no such words"
    finally:
        i18n.uninstall()
        i18n.install(language="en")
        i18n.uninstall()
    assert messages.translate("sources", "no answer yet") == "no answer yet"
