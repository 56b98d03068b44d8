"""Translation: which language, the translator, and `tr()` for code outside widgets.

Widgets use `self.tr()`. Everything else calls `tr()` here, which goes through
the same Qt translator (QtCore only, cheap to import), so one .ts/.qm pair
serves the window, the dialogs, the exports and the command line.

The source of truth is `resources/i18n/genbo_zh_CN.ts`, extracted from the code
by `pyside6-lupdate` (`make translations`) and compiled to `.qm` by
`pyside6-lrelease` at install or build time (the Makefile's install step, the
wheel's build hook in `packaging/hatch_build.py`). A checkout whose `.qm` is missing or
older than the `.ts` compiles one into the user's cache on first use.

Contexts. lupdate records `self.tr()` under the class's name, as PySide's
`tr()` looks it up, and `QCoreApplication.translate("ctx", …)` under "ctx". A
bare `tr("…")` (this module's) and the core's injected translators it records
under the empty context, and core strings are translated in whatever context
their caller names. So the translator looks a string up in the context asked
for first and then in the shared ones (`SHARED_CONTEXTS`): a CLI string
(context "cli" at run time) is found where lupdate put it.

Strings that are not literals where they are translated (metric and figure
labels from the core catalogues, statuses, the literals of wrappers lupdate
does not know) are listed in `CATALOGUE` below with `QT_TRANSLATE_NOOP`, which
`packaging/i18n/i18n_catalogue.py` generates; tests/test_translations.py keeps it in sync.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QTranslator,
)

from app.core import messages

CLI_CONTEXT = "cli"
SHARED_CONTEXTS = ("", "metrics", "figures")
"""Where a string not found in its own context is looked for, in order: the
empty context (bare `tr()`, the core's strings), then the catalogues."""

LANGUAGES = ("zh_CN", "en")
"""What Genbo speaks; English is the source language (no file)."""
CATALOGUE_NAME = "genbo"
QT_CATALOGUE_NAME = "qtbase"


class GenboTranslator(QTranslator):
    """Genbo's .qm with the shared-context fallback (see the module's doc)."""

    def translate(
        self,
        context: str,
        sourceText: str,  # noqa: N803 (Qt's name)
        disambiguation: str | None = None,
        n: int = -1,
    ) -> str:
        for ctx in (context, *SHARED_CONTEXTS):
            found = super().translate(ctx, sourceText, disambiguation, n)
            if found:
                return found
        # A null QString, not "": Qt then asks the next translator and, failing
        # all, shows the source text (an empty string would show nothing, and
        # stop PySide's tr() from trying the class's bases).
        return None  # type: ignore[return-value]


_loaded: list[QTranslator] = []
"""The translators `install()` loaded: Genbo's first, then Qt's own."""
_language = "en"
_locale_changed = False


def tr(text: str, context: str = CLI_CONTEXT) -> str:
    """`text` in the UI's language. Works before any QCoreApplication exists
    (the CLI builds its parser before deciding whether to open a window)."""
    if _loaded:
        return _loaded[0].translate(context, text) or text
    return QCoreApplication.translate(context, text)


def tr_metric(label: str) -> str:
    """Metric labels come from the core catalogue (which knows no Qt)."""
    return tr(label, "metrics")


def current_language() -> str:
    """ "zh_CN" or "en": what `install()` chose."""
    return _language


# -- which language --------------------------------------------------------------


def normalise(name: str | None) -> str | None:
    """ "zh_CN", "en" or None (follow the system) from a setting or a locale name
    such as zh_CN.UTF-8, zh-Hans-CN, en_US, C."""
    if not name:
        return None
    value = name.strip().split(".")[0].split("@")[0].replace("-", "_")
    if value.lower() in ("", "system", "auto", "default"):
        return None
    if value.lower().startswith("zh"):
        # Traditional Chinese (zh_TW, zh_HK, zh_Hant) reads Simplified better
        # than English for most operators; there is no zh_TW file yet.
        return "zh_CN"
    return "en"


def system_language() -> str:
    """The POSIX order (LC_ALL, LC_MESSAGES, LANG), then Qt's view of the system."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return normalise(value) or "en"
    return normalise(QLocale.system().name()) or "en"


def settings_value(settings_file: Path | None, key: str) -> str | None:
    """One string of the settings file, read directly: the language and the
    number style are chosen before the settings module (and its imports) is
    needed, and a file `load_settings` would set aside simply means "no
    choice" here."""
    if settings_file is None:
        return None
    try:
        data = json.loads(settings_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


def settings_language(settings_file: Path | None) -> str | None:
    """The settings' `language` ("system", "zh_CN", "en")."""
    return normalise(settings_value(settings_file, "language"))


def choose_language(settings_file: Path | None = None) -> str:
    return settings_language(settings_file) or system_language()


# -- the .qm files --------------------------------------------------------------


def i18n_dirs() -> list[Path]:
    """Installed wheels carry resources inside the package (app/resources); a
    checkout has them at the top level."""
    app_dir = Path(__file__).resolve().parents[1]
    return [app_dir / "resources" / "i18n", app_dir.parent / "resources" / "i18n"]


def ts_file(language: str) -> Path | None:
    for d in i18n_dirs():
        path = d / f"{CATALOGUE_NAME}_{language}.ts"
        if path.exists():
            return path
    return None


def lrelease_command() -> list[str] | None:
    """PySide6's own lrelease (the binary inside the package, else the script)."""
    import PySide6.QtCore

    name = "lrelease.exe" if os.name == "nt" else "lrelease"
    binary = Path(PySide6.QtCore.__file__).parent / name
    if binary.exists():
        return [str(binary)]
    script = shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent))
    script = script or shutil.which("pyside6-lrelease")
    return [script] if script else None


def compile_ts(ts: Path, qm: Path) -> bool:
    """`pyside6-lrelease ts -qm qm`; True if the .qm was written."""
    cmd = lrelease_command()
    if cmd is None:
        return False
    tmp = qm.with_name(f"{qm.name}.{os.getpid()}.tmp")
    try:
        qm.parent.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            [*cmd, "-silent", str(ts), "-qm", str(tmp)],
            capture_output=True,
            timeout=60,
            check=False,
        )
        if done.returncode != 0 or not tmp.exists():
            return False
        tmp.replace(qm)
        return True
    except (OSError, subprocess.SubprocessError):
        return False
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def cache_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("Genbo", appauthor=False)) / "i18n"


def qm_file(language: str) -> Path | None:
    """The compiled catalogue for `language`: the one built at install time
    when it is at least as new as its .ts, else one compiled from the .ts into
    the cache (named by the .ts's content, so an edit makes a new one)."""
    ts = ts_file(language)
    for d in i18n_dirs():
        qm = d / f"{CATALOGUE_NAME}_{language}.qm"
        if qm.exists() and (ts is None or qm.stat().st_mtime >= ts.stat().st_mtime):
            return qm
    if ts is None:
        return None
    digest = hashlib.sha256(ts.read_bytes()).hexdigest()[:16]
    cached = cache_dir() / f"{CATALOGUE_NAME}_{language}.{digest}.qm"
    if cached.exists() or compile_ts(ts, cached):
        return cached
    return None


def qt_translations_dir() -> str:
    return QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)


# -- installing -----------------------------------------------------------------


def install(settings_file: Path | None = None, language: str | None = None) -> str:
    """Choose the language (`language`, else the settings', else the system's)
    and load its translators; returns "zh_CN" or "en". Call it before the first
    `tr()`; `install_on(app)` then hands them to the QApplication."""
    global _language
    chosen = normalise(language) or choose_language(settings_file)
    uninstall()
    _language = "en"
    # The lower layers' words (app.core.messages) through the same translator.
    messages.install_translator(_translate_for_core)
    if chosen == "en":
        _locale_for(chosen)
        return _language
    own = GenboTranslator()
    qm = qm_file(chosen)
    if qm is None or not own.load(str(qm)):
        return _language  # no catalogue: English rather than nothing
    qt = QTranslator()
    loaded: list[QTranslator] = [own]
    if qt.load(f"{QT_CATALOGUE_NAME}_{chosen}", qt_translations_dir()):
        loaded.append(qt)
    _loaded.extend(loaded)
    _language = chosen
    _locale_for(chosen)
    _argparse_speaks(True)
    app = QCoreApplication.instance()
    if app is not None:
        install_on(app)
    return _language


def _locale_for(language: str) -> None:
    """Dates, times and Qt's own widgets in the chosen language's form; the
    system's own locale is kept where it already speaks it (en_GB stays en_GB)."""
    global _locale_changed
    system = QLocale.system()
    # The C/POSIX locale speaks no one's language (its dates read 1 12 2026).
    if system.name() in ("C", "POSIX") or normalise(system.name()) != language:
        QLocale.setDefault(QLocale("en_US" if language == "en" else language))
        _locale_changed = True
    elif _locale_changed:  # back from another language (a second install())
        QLocale.setDefault(system)
        _locale_changed = False


def _translate_for_core(context: str, text: str) -> str:
    return tr(text, context)


def install_on(app: QCoreApplication) -> None:
    """Hands the loaded translators to `app` (for `self.tr()` in widgets and
    Qt's own dialogs' buttons). Harmless without a catalogue or twice."""
    for translator in _loaded:
        app.removeTranslator(translator)
        app.installTranslator(translator)


def _argparse_speaks(translated: bool) -> None:
    """argparse's own words ("usage:", "options", its errors) come from its
    gettext hooks, looked up when they are said: routed to the translator
    (context "argparse"), or back to gettext."""
    import argparse
    import gettext

    if translated:
        setattr(argparse, "_", lambda text: tr(text, "argparse"))  # noqa: B010
        setattr(  # noqa: B010
            argparse, "ngettext", lambda one, many, n: tr(one if n == 1 else many, "argparse")
        )
    else:
        setattr(argparse, "_", gettext.gettext)  # noqa: B010
        setattr(argparse, "ngettext", gettext.ngettext)  # noqa: B010


def uninstall() -> None:
    _argparse_speaks(False)
    messages.install_translator(None)
    app = QCoreApplication.instance()
    if app is not None:
        for translator in _loaded:
            app.removeTranslator(translator)
    _loaded.clear()


# -- strings that are not literals where they are translated -----------------------
# BEGIN CATALOGUE (generated by packaging/i18n/i18n_catalogue.py; do not edit by hand)
CATALOGUE: tuple[object, ...] = (
    QT_TRANSLATE_NOOP("metrics", "Viewers online"),
    QT_TRANSLATE_NOOP("metrics", "Average dwell"),
    QT_TRANSLATE_NOOP("metrics", "Cumulative viewers"),
    QT_TRANSLATE_NOOP("metrics", "Views"),
    QT_TRANSLATE_NOOP("metrics", "GMV"),
    QT_TRANSLATE_NOOP("metrics", "Orders"),
    QT_TRANSLATE_NOOP("metrics", "Buyers"),
    QT_TRANSLATE_NOOP("metrics", "Product clicks"),
    QT_TRANSLATE_NOOP("metrics", "New followers"),
    QT_TRANSLATE_NOOP("metrics", "Likes"),
    QT_TRANSLATE_NOOP("metrics", "Comments"),
    QT_TRANSLATE_NOOP("metrics", "Paid-traffic spend"),
    QT_TRANSLATE_NOOP("metrics", "Refunds"),
    QT_TRANSLATE_NOOP("metrics", "Impressions"),
    QT_TRANSLATE_NOOP("metrics", "Entries"),
    QT_TRANSLATE_NOOP("metrics", "Exits"),
    QT_TRANSLATE_NOOP("metrics", "Feed"),
    QT_TRANSLATE_NOOP("metrics", "Short video"),
    QT_TRANSLATE_NOOP("metrics", "Followers"),
    QT_TRANSLATE_NOOP("metrics", "Search"),
    QT_TRANSLATE_NOOP("metrics", "Shop"),
    QT_TRANSLATE_NOOP("metrics", "Paid"),
    QT_TRANSLATE_NOOP("metrics", "Other"),
    QT_TRANSLATE_NOOP("figures", "Duration"),
    QT_TRANSLATE_NOOP("figures", "Peak viewers"),
    QT_TRANSLATE_NOOP("figures", "Average viewers"),
    QT_TRANSLATE_NOOP("figures", "Average dwell"),
    QT_TRANSLATE_NOOP("figures", "GMV"),
    QT_TRANSLATE_NOOP("figures", "GMV first 15 min"),
    QT_TRANSLATE_NOOP("figures", "GMV first 30 min"),
    QT_TRANSLATE_NOOP("figures", "GMV/min"),
    QT_TRANSLATE_NOOP("figures", "GPM"),
    QT_TRANSLATE_NOOP("figures", "Orders"),
    QT_TRANSLATE_NOOP("figures", "Average order value"),
    QT_TRANSLATE_NOOP("figures", "UV value"),
    QT_TRANSLATE_NOOP("figures", "Conversion"),
    QT_TRANSLATE_NOOP("figures", "Followers gained"),
    QT_TRANSLATE_NOOP("figures", "Spend"),
    QT_TRANSLATE_NOOP("figures", "ROI"),
    QT_TRANSLATE_NOOP("cli", "live"),
    QT_TRANSLATE_NOOP("cli", "ended"),
    QT_TRANSLATE_NOOP("cli", "interrupted"),
    QT_TRANSLATE_NOOP("", "peak viewers"),
    QT_TRANSLATE_NOOP("", "session GMV"),
    QT_TRANSLATE_NOOP("", "GMV in the first 15 minutes"),
    QT_TRANSLATE_NOOP("", "GMV in the first 30 minutes"),
    QT_TRANSLATE_NOOP("", "GPM"),
    QT_TRANSLATE_NOOP("", "average dwell"),
    QT_TRANSLATE_NOOP("", "Genbo was not running"),
    QT_TRANSLATE_NOOP("", "not followed (stopped, then resumed)"),
    QT_TRANSLATE_NOOP("", "no answer yet"),
    QT_TRANSLATE_NOOP("report", "manual"),
    QT_TRANSLATE_NOOP("report", "milestone"),
    QT_TRANSLATE_NOOP("", "Mon"),
    QT_TRANSLATE_NOOP("", "Tue"),
    QT_TRANSLATE_NOOP("", "Wed"),
    QT_TRANSLATE_NOOP("", "Thu"),
    QT_TRANSLATE_NOOP("", "Fri"),
    QT_TRANSLATE_NOOP("", "Sat"),
    QT_TRANSLATE_NOOP("", "Sun"),
    QT_TRANSLATE_NOOP("report", "Summary"),
    QT_TRANSLATE_NOOP("report", "Minutes"),
    QT_TRANSLATE_NOOP("report", "Highlights"),
    QT_TRANSLATE_NOOP("report", "Milestones"),
    QT_TRANSLATE_NOOP("report", "Segments"),
    QT_TRANSLATE_NOOP("argparse", "usage: "),
    QT_TRANSLATE_NOOP("argparse", "positional arguments"),
    QT_TRANSLATE_NOOP("argparse", "options"),
    QT_TRANSLATE_NOOP("argparse", "show this help message and exit"),
    QT_TRANSLATE_NOOP("argparse", "%(prog)s: error: %(message)s\n"),
    QT_TRANSLATE_NOOP("argparse", "argument %(argument_name)s: %(message)s"),
    QT_TRANSLATE_NOOP("argparse", "the following arguments are required: %s"),
    QT_TRANSLATE_NOOP("argparse", "one of the arguments %s is required"),
    QT_TRANSLATE_NOOP("argparse", "unrecognized arguments: %s"),
    QT_TRANSLATE_NOOP("argparse", "ambiguous option: %(option)s could match %(matches)s"),
    QT_TRANSLATE_NOOP("argparse", "invalid choice: %(value)r (choose from %(choices)s)"),
    QT_TRANSLATE_NOOP("argparse", "invalid %(type)s value: %(value)r"),
    QT_TRANSLATE_NOOP("argparse", "expected one argument"),
    QT_TRANSLATE_NOOP("argparse", "expected at most one argument"),
    QT_TRANSLATE_NOOP("argparse", "expected at least one argument"),
    QT_TRANSLATE_NOOP("argparse", "expected %s argument"),
    QT_TRANSLATE_NOOP("argparse", "expected %s arguments"),
    QT_TRANSLATE_NOOP("argparse", "not allowed with argument %s"),
    QT_TRANSLATE_NOOP("argparse", "ignored explicit argument %r"),
    QT_TRANSLATE_NOOP("argparse", "can't open '%(filename)s': %(error)s"),
    QT_TRANSLATE_NOOP("argparse", "unknown parser %(parser_name)r (choices: %(choices)s)"),
    QT_TRANSLATE_NOOP("report", "Session review"),
    QT_TRANSLATE_NOOP("report", "Figure"),
    QT_TRANSLATE_NOOP("report", "Value"),
    QT_TRANSLATE_NOOP("report", "Minute"),
    QT_TRANSLATE_NOOP("report", "Time"),
    QT_TRANSLATE_NOOP("report", "Clock"),
    QT_TRANSLATE_NOOP("report", "Title"),
    QT_TRANSLATE_NOOP("report", "Note"),
    QT_TRANSLATE_NOOP("report", "Tags"),
    QT_TRANSLATE_NOOP("report", "Origin"),
    QT_TRANSLATE_NOOP("report", "Major"),
    QT_TRANSLATE_NOOP("report", "Milestone"),
    QT_TRANSLATE_NOOP("report", "Metric"),
    QT_TRANSLATE_NOOP("report", "Rank"),
    QT_TRANSLATE_NOOP("report", "Segment"),
    QT_TRANSLATE_NOOP("report", "Start"),
    QT_TRANSLATE_NOOP("report", "End"),
    QT_TRANSLATE_NOOP("report", "Duration"),
    QT_TRANSLATE_NOOP("report", "GMV"),
    QT_TRANSLATE_NOOP("report", "Orders"),
    QT_TRANSLATE_NOOP("report", "Peak viewers"),
    QT_TRANSLATE_NOOP("report", "GMV/min"),
    QT_TRANSLATE_NOOP("report", "Streamer"),
    QT_TRANSLATE_NOOP("report", "Platform"),
    QT_TRANSLATE_NOOP("report", "Started"),
    QT_TRANSLATE_NOOP("report", "Ended"),
    QT_TRANSLATE_NOOP("report", "Start vs plan"),
    QT_TRANSLATE_NOOP("report", "Status"),
    QT_TRANSLATE_NOOP("report", "Notes"),
    QT_TRANSLATE_NOOP("report", "Compared with"),
    QT_TRANSLATE_NOOP("report", "Median"),
    QT_TRANSLATE_NOOP("report", "vs median"),
    QT_TRANSLATE_NOOP("report", "of"),
    QT_TRANSLATE_NOOP("report", "Remark"),
    QT_TRANSLATE_NOOP("report", "GMV in the minute"),
    QT_TRANSLATE_NOOP("report", "no planned start"),
    QT_TRANSLATE_NOOP("report", "worst against the median"),
    QT_TRANSLATE_NOOP(
        "report", "the median of the streamer's previous {n} sessions; ranks among {m}"
    ),
    QT_TRANSLATE_NOOP("report", "{metric} (s)"),
    QT_TRANSLATE_NOOP("report", "Sold since the last known total: includes the minutes before it"),
    QT_TRANSLATE_NOOP("report", "复盘 report"),
    QT_TRANSLATE_NOOP(
        "report", "The streamer's first session: no earlier ones to compare with yet"
    ),
    QT_TRANSLATE_NOOP("report", "worst"),
    QT_TRANSLATE_NOOP("report", "no median"),
    QT_TRANSLATE_NOOP(
        "report", "No samples: this session has only its summary figures, so there are no plots"
    ),
    QT_TRANSLATE_NOOP("report", "best"),
    QT_TRANSLATE_NOOP("report", "Segments ranked by GMV"),
    QT_TRANSLATE_NOOP("report", "Length"),
    QT_TRANSLATE_NOOP("report", "/min"),
    QT_TRANSLATE_NOOP("report", "Peak"),
    QT_TRANSLATE_NOOP("report", "Genbo {version} · session {id} · made {when}"),
    QT_TRANSLATE_NOOP("report", "No segments were marked in this session."),
    QT_TRANSLATE_NOOP("report", "No highlights were marked in this session."),
    QT_TRANSLATE_NOOP(
        "report", "Against the median of the streamer's previous {n} sessions; ranks among {m}"
    ),
    QT_TRANSLATE_NOOP("report", "{ordinal} of {of}"),
    QT_TRANSLATE_NOOP("report", "median {v}"),
    QT_TRANSLATE_NOOP("report", "duration {d}"),
    QT_TRANSLATE_NOOP("report", "… and {n} more (all in the workbook)"),
)
# END CATALOGUE
