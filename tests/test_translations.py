"""The Simplified Chinese translation: complete, current, and really used.

- lupdate, run over the code into a copy of the committed .ts, must find every
  string translated (no `unfinished`) and nothing vanished, with the same
  placeholders on both sides;
- the catalogue of non-literal strings in app/config/i18n.py is current;
- every context lupdate files a string under is one the code looks up;
- the compiled .qm answers in Chinese through Genbo's own lookup, in the
  contexts used at run time;
- `genbo --help` and `genbo sessions` answer in Chinese under LANG=zh_CN and
  in English under LANG=en_US, and the settings' `language` wins.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "resources" / "i18n" / "genbo_zh_CN.ts"


def _tool(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "packaging" / "i18n" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(name, module)
    spec.loader.exec_module(module)
    return module


translations = _tool("translations")
catalogue = _tool("i18n_catalogue")


def test_every_string_has_a_finished_translation_and_none_vanished():
    problems = translations.problems(TS, "zh_CN")
    assert not problems, "run `make translations` and translate:\n" + "\n".join(problems)


def test_the_catalogue_of_non_literal_strings_is_current():
    have = catalogue.current((ROOT / "app" / "config" / "i18n.py").read_text(encoding="utf-8"))
    want = catalogue.entries()
    assert have == want, "run `python packaging/i18n/i18n_catalogue.py`"


def test_the_catalogue_holds_every_metric_and_figure_label():
    from app.core.figures import FIGURE_CONTEXT, FIGURE_DEFS
    from app.core.metrics import CATALOGUE

    entries = set(catalogue.entries())
    assert {("metrics", m.label) for m in CATALOGUE} <= entries
    assert {(FIGURE_CONTEXT, d.label) for d in FIGURE_DEFS} <= entries


def _looked_up_contexts() -> set[str]:
    """Every context the code translates in: class names (PySide's `tr()`
    looks the class and its bases up), literal contexts of translate() calls
    and *CONTEXT constants, the catalogue's, and the shared ones."""
    from app.config.i18n import CLI_CONTEXT, SHARED_CONTEXTS

    found = {CLI_CONTEXT, *SHARED_CONTEXTS}
    found |= {c for c, _ in catalogue.entries()}
    for path in (ROOT / "app").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                found.add(node.name)
            elif isinstance(node, ast.Call):
                name = getattr(node.func, "attr", getattr(node.func, "id", ""))
                first = node.args[0] if node.args else None
                if name == "translate" and isinstance(first, ast.Constant):
                    found.add(str(first.value))
            elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
                for target in node.targets:
                    if isinstance(target, ast.Name) and target.id.endswith("CONTEXT"):
                        found.add(str(node.value.value))
    return found


OTHER_OBJECTS_TR: set[str] = set()
"""`obj.tr("…")` on another object: lupdate files these under the variable's
name, Qt looks them up under the object's class. packaging/i18n/i18n_catalogue.py lists
them under the class too, so they are translated; the call sites should call
`QCoreApplication.translate("RosterModel", …)` (or the class's own tr), and
then this set shrinks to nothing."""


def test_every_context_in_the_ts_is_one_the_code_looks_up():
    contexts = {e.context for e in translations.entries(TS)}
    unreachable = contexts - _looked_up_contexts() - OTHER_OBJECTS_TR
    assert not unreachable, f"strings filed under contexts nothing looks up: {unreachable}"


@pytest.fixture(scope="module")
def translator(tmp_path_factory):
    from app.config.i18n import GenboTranslator, compile_ts

    qm = tmp_path_factory.mktemp("qm") / "genbo_zh_CN.qm"
    assert compile_ts(TS, qm), "pyside6-lrelease failed"
    t = GenboTranslator()
    assert t.load(str(qm))
    return t


def test_the_qm_answers_every_entry_in_its_context(translator):
    for e in translations.entries(TS):
        if e.kind:
            continue
        assert translator.translate(e.context, e.source) == e.translation, (e.context, e.source)


def test_run_time_contexts_find_their_strings(translator):
    # A bare tr() in the CLI asks for "cli"; lupdate filed it under "".
    assert translator.translate("cli", "list recorded sessions") == "列出已记录的场次"
    # The core's injected translators ask in their caller's context.
    assert translator.translate("milestones", "{metric} passed {value}") == "{metric}突破 {value}"
    assert translator.translate("milestones", "GMV") == "成交金额"
    assert translator.translate("report", "started on time") == "准时开播"
    # Catalogue labels in their own contexts.
    assert translator.translate("metrics", "Viewers online") == "在线人数"
    assert translator.translate("figures", "Average order value") == "客单价"
    assert translator.translate("cli", "interrupted") == "已中断"
    # A widget's own tr(), by class name.
    assert translator.translate("LibraryView", "Trash") == "回收站"
    assert translator.translate("nowhere", "no such string") is None  # a null QString


@pytest.mark.gui
def test_installed_on_the_application_untranslated_text_stays_and_bases_are_tried(qapp, translator):
    from PySide6.QtCore import QCoreApplication, QObject

    class LibraryView(QObject):  # the context lupdate recorded
        pass

    class Narrower(LibraryView):  # a subclass: PySide's tr() tries the bases in turn
        def texts(self) -> tuple[str, str]:
            return self.tr("Trash"), self.tr("not in the catalogue")

    qapp.installTranslator(translator)
    try:
        assert Narrower().texts() == ("回收站", "not in the catalogue")
        assert QCoreApplication.translate("cli", "nothing like it") == "nothing like it"
        assert QCoreApplication.translate("cli", "list recorded sessions") == "列出已记录的场次"
    finally:
        qapp.removeTranslator(translator)


def test_placeholders_are_compared_both_styles():
    assert translations.placeholders("{n} of {m:02d}") == {"n", "m:02d"}
    assert translations.placeholders("%(prog)s: error: %s") == {"%(prog)s", "%s"}


# -- the command line, as a user runs it ---------------------------------------------


def _genbo(args: list[str], lang: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    env.pop("GENBO_DATA_DIR", None)
    env.update(LANG=lang, XDG_CACHE_HOME=str(tmp_path / "cache"), PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=ROOT,
        timeout=60,
        check=False,
    )


@pytest.mark.slow
def test_help_in_chinese_under_a_chinese_locale(tmp_path):
    done = _genbo(["--help"], "zh_CN.UTF-8", tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("用法：genbo")
    assert "列出已记录的场次" in done.stdout  # sessions
    assert "显示本帮助并退出" in done.stdout  # argparse's own -h
    assert "list recorded sessions" not in done.stdout


@pytest.mark.slow
def test_sessions_answers_in_chinese_and_errors_too(tmp_path):
    done = _genbo(["sessions", "--data-dir", str(tmp_path / "d")], "zh_CN.UTF-8", tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("还没有场次。")
    bad = _genbo(["sessions", "--bogus"], "zh_CN.UTF-8", tmp_path)
    assert bad.returncode == 2
    assert "genbo：错误：无法识别的参数：--bogus" in bad.stderr


@pytest.mark.slow
def test_english_stays_english(tmp_path):
    done = _genbo(["--help"], "en_US.UTF-8", tmp_path)
    assert done.stdout.startswith("usage: genbo")
    assert "list recorded sessions" in done.stdout
    done = _genbo(["sessions", "--data-dir", str(tmp_path / "d")], "en_US.UTF-8", tmp_path)
    assert done.stdout.startswith("No sessions yet.")


@pytest.mark.slow
def test_the_settings_language_wins_over_the_locale(tmp_path):
    data = tmp_path / "d"
    (data / "config").mkdir(parents=True)
    settings = data / "config" / "settings.json"
    settings.write_text(json.dumps({"version": 1, "language": "zh_CN"}), encoding="utf-8")
    done = _genbo(["sessions", "--data-dir", str(data)], "en_US.UTF-8", tmp_path)
    assert done.stdout.startswith("还没有场次。"), done.stderr
    settings.write_text(json.dumps({"version": 1, "language": "en"}), encoding="utf-8")
    done = _genbo(["--data-dir", str(data), "sessions"], "zh_CN.UTF-8", tmp_path)
    assert done.stdout.startswith("No sessions yet."), done.stderr


def test_locale_names_are_read_as_genbos_languages():
    from app.config.i18n import normalise

    assert normalise("zh_CN.UTF-8") == "zh_CN"
    assert normalise("zh-Hans-CN") == "zh_CN"
    assert normalise("zh_TW") == "zh_CN"
    assert normalise("en_GB.UTF-8") == "en"
    assert normalise("C") == "en"
    assert normalise("system") is None
    assert normalise("") is None


@pytest.mark.gui
def test_sources_and_platforms_are_named_in_the_interfaces_language(qapp, translator):
    """Sources name themselves in English (they know no Qt); the window says
    模拟器 ×10, and douyin is 抖音."""
    from app.ui.widgets.format import platform_label, source_label

    assert source_label("Simulator ×10") == "Simulator ×10"
    assert platform_label("douyin") == "Douyin" and platform_label("bilibili") == "bilibili"
    qapp.installTranslator(translator)
    try:
        assert source_label("Simulator ×10") == "模拟器 ×10"
        assert source_label("Keyboard") == "手动录入"
        assert source_label("Push ingest :8765") == "推送接入 :8765"
        assert source_label("Twitch Helix · shroud") == "Twitch Helix · shroud"
        assert platform_label("douyin") == "抖音" and platform_label("kuaishou") == "快手"
    finally:
        qapp.removeTranslator(translator)
