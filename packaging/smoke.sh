#!/usr/bin/env bash
# The frozen bundle's smoke test (`make bundle` runs it after building):
#
#   bash packaging/smoke.sh [dist/genbo]
#
# or an installed wheel's (`make wheel`): bash packaging/smoke.sh VENV/bin
#
# Runs that folder's `genbo`, from an empty folder with no Python around it
# (a venv's script runs its own interpreter), and fails loudly at the first
# thing that is not right:
# - `genbo --smoke` offscreen with a fresh data folder exits 0, after drawing
#   the real window, and leaves genbo.db there: a real SQLite file whose
#   alembic_version is the migrations' head (so Alembic found its scripts);
# - `genbo --version` names this checkout's version; `genbo sessions --json`
#   answers JSON;
# - a short simulated session recorded through the bundle exports through
#   OpenTimelineIO's adapters (EDL, Premiere XML, FCPXML), XlsxWriter and the
#   PDF report, each a real file of its kind, and it makes a moment video
#   (PyAV's FFmpeg inside the bundle);
# - with translations built, LANG=zh_CN.UTF-8 genbo --help answers in Chinese;
# - (the bundle) none of the Qt modules Genbo does not use is in it.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUNDLE=$(cd "${1:-$ROOT/dist/genbo}" && pwd)
GENBO="$BUNDLE/genbo"
PY="${PYTHON:-$ROOT/.venv/bin/python}"  # checks the results; never runs the bundle's code

fail() {
	echo "smoke: FAIL: $*" >&2
	exit 1
}
step() { echo "smoke: $*"; }

[ -x "$GENBO" ] || fail "no bundle binary at $GENBO (run make bundle)"
if [ -d "$BUNDLE/_internal" ]; then
	FROZEN=1
	APP_DIR="$BUNDLE/_internal/app"
else
	FROZEN=0
	APP_DIR=$(echo "$BUNDLE"/../lib/python3*/site-packages/app)
	[ -d "$APP_DIR" ] || fail "neither a bundle nor a venv with Genbo installed: $BUNDLE"
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
DATA="$WORK/data"
mkdir -p "$DATA" "$WORK/cwd"
cd "$WORK/cwd" # nothing of the checkout next to it

# The bundle alone: no Python, no virtualenv, no checkout on any path.
run() {
	env -i HOME="$WORK" PATH=/usr/bin:/bin LANG="${LANG:-C.UTF-8}" \
		QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR="$WORK" \
		timeout 120 "$GENBO" "$@"
}

start=$(date +%s%N)
set +e
run --smoke --data-dir "$DATA" >"$WORK/smoke.out" 2>&1
rc=$?
set -e
took_ms=$((($(date +%s%N) - start) / 1000000))
took="$((took_ms / 1000)).$((took_ms % 1000 / 100))"
if [ $rc -ne 0 ] || ! grep -q '^genbo: ready' "$WORK/smoke.out"; then
	cat "$WORK/smoke.out" >&2
	fail "genbo --smoke exited $rc$([ $rc -eq 124 ] && echo ' (timed out)') without 'genbo: ready'"
fi
step "genbo --smoke: exit 0, window drawn (${took} s)"

[ -f "$DATA/genbo.db" ] || fail "genbo --smoke left no genbo.db in the data folder ($(ls "$DATA"))"
HEAD=$(cd "$ROOT" && "$PY" -c 'from app.storage.database import head_revision; print(head_revision())')
"$PY" - "$DATA/genbo.db" "$HEAD" <<'EOF' || fail "genbo.db is not a Genbo database at the head"
import sqlite3, sys
path, head = sys.argv[1], sys.argv[2]
with open(path, "rb") as f:
    assert f.read(16) == b"SQLite format 3\x00", "not an SQLite file"
con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
rows = [r[0] for r in con.execute("SELECT version_num FROM alembic_version")]
assert rows == [head], f"alembic_version is {rows}, the head is {head}"
tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
assert {"live_sessions", "sample_chunks", "streamers"} <= tables, f"tables: {sorted(tables)}"
EOF
step "genbo.db: SQLite, alembic_version $HEAD (the head)"

VERSION=$(cd "$ROOT" && "$PY" -c 'import re, pathlib; print(re.search(r"__version__ = \"(.+?)\"", pathlib.Path("app/__init__.py").read_text()).group(1))')
got=$(run --version)
[ "$got" = "genbo $VERSION" ] || fail "genbo --version said '$got', not 'genbo $VERSION'"
step "genbo --version: $got"

run sessions --json --data-dir "$DATA" >"$WORK/sessions.json" || fail "genbo sessions --json failed"
"$PY" -c 'import json, sys; assert json.load(open(sys.argv[1])) == []' "$WORK/sessions.json" ||
	fail "genbo sessions --json on a new folder: $(cat "$WORK/sessions.json")"
step "genbo sessions --json: []"

run record --data-dir "$DATA" --source simulator --streamer 测试主播 --title 夜场 \
	--duration 600 --speed 600 --seed 1 >"$WORK/record.out" 2>&1 ||
	{ cat "$WORK/record.out" >&2; fail "genbo record --source simulator failed"; }
run sessions --json --data-dir "$DATA" >"$WORK/sessions.json"
ID=$("$PY" -c '
import json, sys
s = json.load(open(sys.argv[1]))
assert len(s) == 1 and s[0]["status"] == "ended" and s[0]["sample_count"] > 0, s
print(s[0]["id"])' "$WORK/sessions.json") || fail "the recorded session: $(cat "$WORK/sessions.json")"
step "genbo record (simulator, 10 min at 600×): session $ID"

for fmt in edl premiere fcpxml chapters srt xlsx; do
	run export "$ID" --format "$fmt" -o "$WORK/out.$fmt" --data-dir "$DATA" >/dev/null 2>"$WORK/export.err" ||
		{ cat "$WORK/export.err" >&2; fail "genbo export --format $fmt failed"; }
	[ -s "$WORK/out.$fmt" ] || fail "genbo export --format $fmt wrote nothing"
done
run report "$ID" -o "$WORK/report.pdf" --data-dir "$DATA" >/dev/null 2>"$WORK/report.err" ||
	{ cat "$WORK/report.err" >&2; fail "genbo report failed"; }
"$PY" - "$WORK" <<'EOF' || fail "an export is not the file it should be"
import sys, zipfile
from pathlib import Path
from xml.etree import ElementTree
w = Path(sys.argv[1])
assert (w / "out.edl").read_text().startswith("TITLE:"), "EDL"
assert ElementTree.parse(w / "out.premiere").getroot().tag == "xmeml", "FCP 7 XML"
assert ElementTree.parse(w / "out.fcpxml").getroot().tag == "fcpxml", "FCPXML"
assert "xl/workbook.xml" in zipfile.ZipFile(w / "out.xlsx").namelist(), "xlsx"
assert (w / "report.pdf").read_bytes().startswith(b"%PDF-"), "PDF"
EOF
step "exports: EDL, Premiere XML, FCPXML (OpenTimelineIO adapters), chapters, SRT, xlsx, PDF report"

# A moment video of the session's first milestone, through PyAV's own FFmpeg.
run video "$ID" --milestone 1 --seconds 10 -o "$WORK/moment.mp4" --data-dir "$DATA" \
	>/dev/null 2>"$WORK/video.err" || { cat "$WORK/video.err" >&2; fail "genbo video failed"; }
"$PY" - "$WORK/moment.mp4" <<'EOF' || fail "the moment video is not the file it should be"
import sys
import av
with av.open(sys.argv[1]) as box:
    v = box.streams.video[0].codec_context
    assert (v.name, v.pix_fmt, v.width, v.height) == ("h264", "yuv420p", 1080, 1920), v
    assert [a.codec_context.name for a in box.streams.audio] == ["aac"]
    assert abs(box.duration / av.time_base - 10) <= 0.2, box.duration
EOF
step "genbo video: a 10 s H.264/AAC moment video (PyAV)"

if ls "$APP_DIR"/resources/i18n/*.qm >/dev/null 2>&1; then
	LANG=C.UTF-8 run --help >"$WORK/help.en"
	LANG=zh_CN.UTF-8 run --help >"$WORK/help.zh"
	"$PY" - "$WORK/help.en" "$WORK/help.zh" <<'EOF' || fail "LANG=zh_CN.UTF-8 genbo --help is not in Chinese"
import re, sys
en, zh = (len(re.findall(r"[\u4e00-\u9fff]", open(p, encoding="utf-8").read())) for p in sys.argv[1:])
assert zh > en + 50, f"CJK characters: {zh} in zh_CN, {en} in English"
EOF
	step "LANG=zh_CN.UTF-8 genbo --help: in Chinese ($(cd "$APP_DIR"/resources/i18n && echo *.qm))"
else
	step "no translations (app/resources/i18n/*.qm) there: not checked"
fi

if [ $FROZEN = 1 ]; then
	unused=$(cd "$BUNDLE/_internal/PySide6" && ls -d Qt3D* QtWebEngine* QtQuick* QtQml* QtMultimedia* QtCharts* \
		QtDataVisualization* QtBluetooth* QtNfc* QtPositioning* QtSensors* QtSerialPort* QtSql* QtTest* \
		QtDesigner* QtPdf* Qt/lib/libQt6WebEngine* Qt/lib/libQt6Quick* Qt/lib/libQt6Qml* Qt/lib/libQt6Pdf* \
		Qt/lib/libQt63D* Qt/lib/libQt6Multimedia* Qt/qml 2>/dev/null || true)
	[ -z "$unused" ] || fail "Qt modules Genbo does not use are in the bundle: $unused"
	step "no unused Qt modules in the bundle"
fi

if [ $FROZEN = 1 ]; then
	step "PASS — bundle $(du -sh "$BUNDLE" | cut -f1) at $BUNDLE"
else
	step "PASS — $GENBO"
fi
