"""Genbo's translations with Qt's own tools (pyside6-lupdate, pyside6-lrelease).

    python packaging/i18n/translations.py update   # code -> resources/i18n/*.ts (make translations)
    python packaging/i18n/translations.py build    # *.ts -> *.qm beside them (make install)
    python packaging/i18n/translations.py check    # exit 1 if a string lacks a finished
                                          # translation or an entry vanished (make i18n-check)
    python packaging/i18n/translations.py todo zh_CN > todo.json   # the unfinished entries
    python packaging/i18n/translations.py fill zh_CN done.json     # their translations in

`update` first regenerates the catalogue of non-literal strings in
app/config/i18n.py (packaging/i18n/i18n_catalogue.py), then runs lupdate over app/,
keeping every translation and dropping entries whose source vanished. Entries
carry no file locations, so moving code does not churn the .ts.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
I18N = ROOT / "resources" / "i18n"
CATALOGUE_TOOL = Path(__file__).with_name("i18n_catalogue.py")
LANGUAGES = ("zh_CN",)
PLACEHOLDER = re.compile(r"\{([^{}]*)\}|(%(?:\([a-z_]+\))?[a-z%])")


def ts_path(language: str) -> Path:
    return I18N / f"genbo_{language}.ts"


def qm_path(language: str) -> Path:
    return I18N / f"genbo_{language}.qm"


def _tool(name: str) -> str:
    """pyside6-<name> beside this interpreter (the venv), else on PATH."""
    here = Path(sys.executable).parent / f"pyside6-{name}"
    found = str(here) if here.exists() else shutil.which(f"pyside6-{name}")
    if not found:
        raise SystemExit(f"pyside6-{name} not found: install PySide6")
    return found


def sources() -> list[str]:
    """Every .py under app/ (lupdate parses Python only when named, not in a
    directory scan), relative to the checkout, in a stable order."""
    return sorted(
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "app").rglob("*.py")
        if "__pycache__" not in p.parts
    )


def lupdate(ts: Path, language: str, *, drop_obsolete: bool) -> str:
    """Runs lupdate over app/ into `ts` (merging what it holds); lupdate's summary."""
    cmd = [
        _tool("lupdate"),
        *sources(),
        "-locations", "none",
        "-source-language", "en",
        "-target-language", language,
    ]  # fmt: skip
    if drop_obsolete:
        cmd.append("-no-obsolete")
    cmd += ["-ts", str(ts)]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=False)
    if done.returncode != 0:
        raise SystemExit(f"lupdate failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def lrelease(ts: Path, qm: Path) -> None:
    done = subprocess.run(
        [_tool("lrelease"), "-silent", str(ts), "-qm", str(qm)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"lrelease failed for {ts}:\n{done.stdout}{done.stderr}")


@dataclass(frozen=True)
class Entry:
    context: str
    source: str
    translation: str
    kind: str
    """The translation's type attribute: "" (finished), "unfinished", "vanished", "obsolete"."""


def entries(ts: Path) -> list[Entry]:
    out = []
    for ctx in ET.parse(ts).getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            kind = "" if tr is None else tr.get("type", "")
            text = "" if tr is None else "".join(tr.itertext())
            out.append(Entry(name, msg.findtext("source") or "", text, kind))
    return out


def placeholders(text: str) -> set[str]:
    """{name} fields and printf-style %s / %(name)s (argparse's strings)."""
    return {m.group(1) or m.group(2) for m in PLACEHOLDER.finditer(text)}


PLACEHOLDER_SWAPS = {
    # Chinese says 第3名, not "3rd": these strings are formatted with the plain
    # rank too (`rank=`), which the translation uses instead of {ordinal}.
    "{ordinal} of {of}": ({"ordinal"}, {"rank"}),
    "{ordinal} of {of} by {figure}": ({"ordinal"}, {"rank"}),
}


def problems(committed: Path, language: str) -> list[str]:
    """What is wrong with the committed .ts against the code: lupdate merges
    the code's strings into a copy, and every entry must come out finished."""
    found: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / committed.name
        shutil.copy(committed, copy)
        lupdate(copy, language, drop_obsolete=False)
        for e in entries(copy):
            where = f"[{e.context or '<shared>'}] {e.source!r}"
            if e.kind in ("vanished", "obsolete"):
                found.append(f"{where}: no longer in the code (run `make translations`)")
            elif e.kind == "unfinished" or not e.translation.strip():
                found.append(f"{where}: no finished translation")
            else:
                want = placeholders(e.source)
                have = placeholders(e.translation)
                drop, add = PLACEHOLDER_SWAPS.get(e.source, (set(), set()))
                if have != (want - drop) | add and have != want:
                    found.append(f"{where}: placeholders {sorted(have)}, want {sorted(want)}")
    return found


def todo(language: str) -> list[dict[str, str]]:
    """The entries of `language` without a finished translation, after merging
    the code's strings into a copy (the .ts is left as it is):
    [{"context", "source", "translation": ""}]."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / ts_path(language).name
        shutil.copy(ts_path(language), copy)
        lupdate(copy, language, drop_obsolete=True)
        return [
            {"context": e.context, "source": e.source, "translation": ""}
            for e in entries(copy)
            if e.kind == "unfinished" or not e.translation.strip()
        ]


def fill(language: str, done: list[dict[str, str]]) -> tuple[int, list[str]]:
    """Writes the translations of `done` (as `todo` gives, filled in) into the
    .ts as finished; returns how many, and the entries refused (a placeholder
    lost or added, or no such entry)."""
    ts = ts_path(language)
    lupdate(ts, language, drop_obsolete=True)  # the code's new strings first
    tree = ET.parse(ts)
    wanted = {(d["context"], d["source"]): d["translation"] for d in done if d.get("translation")}
    refused: list[str] = []
    count = 0
    for ctx in tree.getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            key = (name, msg.findtext("source") or "")
            if key not in wanted:
                continue
            text = wanted.pop(key)
            drop, add = PLACEHOLDER_SWAPS.get(key[1], (set(), set()))
            want = placeholders(key[1])
            if placeholders(text) not in (want, (want - drop) | add):
                refused.append(f"[{name}] {key[1]!r}: placeholders {sorted(placeholders(text))}")
                continue
            tr = msg.find("translation")
            if tr is None:
                tr = ET.SubElement(msg, "translation")
            tr.attrib.pop("type", None)
            tr.text = text
            count += 1
    refused += [f"[{c}] {s!r}: no such entry" for c, s in wanted]
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    lupdate(ts, language, drop_obsolete=True)  # lupdate's own layout again
    return count, refused


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "build"
    if command == "update":
        subprocess.run([sys.executable, str(CATALOGUE_TOOL)], check=True)
        for lang in LANGUAGES:
            print(lupdate(ts_path(lang), lang, drop_obsolete=True).strip())
        return 0
    if command == "build":
        for lang in LANGUAGES:
            out = Path(os.environ.get("GENBO_QM_DIR", I18N)) / qm_path(lang).name
            lrelease(ts_path(lang), out)
        return 0
    if command == "check":
        bad = subprocess.run(
            [sys.executable, str(CATALOGUE_TOOL), "--check"], check=False
        ).returncode
        for lang in LANGUAGES:
            for line in problems(ts_path(lang), lang):
                print(f"{ts_path(lang).name}: {line}", file=sys.stderr)
                bad = 1
        return bad
    if command == "todo" and len(argv) == 2:
        print(json.dumps(todo(argv[1]), ensure_ascii=False, indent=1))
        return 0
    if command == "fill" and len(argv) == 3:
        done = json.loads(Path(argv[2]).read_text(encoding="utf-8"))
        count, refused = fill(argv[1], done)
        print(f"{count} translations written")
        for line in refused:
            print(f"refused {line}", file=sys.stderr)
        return 1 if refused else 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
