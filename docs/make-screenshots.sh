#!/usr/bin/env bash
# Regenerate the README screenshots in a real X window on a virtual screen.
# Needs xvfb, xdotool, imagemagick, fonts-noto-cjk and the xcb libraries Qt
# loads (installed if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
genbo=.venv/bin/genbo
need=()
command -v Xvfb >/dev/null || need+=(xvfb xauth)
command -v xdotool >/dev/null || need+=(xdotool)
command -v import >/dev/null || need+=(imagemagick)
# Qt's xcb plugin loads these; a minimal system lacks some of them.
for pkg in libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxkbcommon-x11-0; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need+=(fonts-noto-cjk)
if [[ ${#need[@]} -gt 0 ]]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

data=$(mktemp -d /tmp/genbo-screens.XXXX)
# A made-up month of 24 streamers (fixed seed and day, so the pictures only
# change when Genbo does), with the demo streamer's earlier shows: the live
# demo below then has a ghost line.
"$genbo" --data-dir "$data" demo-history --seed 1 --today 2026-12-01 >/dev/null
free_display() {  # the first display from $1 on that no X server holds
  local n=$1
  while [[ -e /tmp/.X$n-lock || -e /tmp/.X11-unix/X$n ]]; do n=$((n + 1)); done
  echo ":$n"
}
display=$(free_display 140)
Xvfb "$display" -screen 0 1600x900x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
app=""
trap 'kill $app $xvfb ${api:-} 2>/dev/null || true; rm -rf "$data"' EXIT
export DISPLAY=$display QT_QPA_PLATFORM=xcb
sleep 1

# 1. A live demo session at 150×: the 大屏破百万 banner, then a marked moment.
"$genbo" --data-dir "$data" --demo --speed 150 --seed 7 &
app=$!
sleep 14
import -window root docs/live.png
xdotool mousemove 800 600 click 1   # focus the window (no window manager here)
xdotool key h
sleep 0.5
xdotool type --delay 30 "lucky bag giveaway #hook #replay"
xdotool key Return
sleep 2
import -window root docs/highlights.png
# Three named segments, one after another (S, a name, Enter). xdotool types CJK
# by remapping a spare key, so it goes slowly; the leading space is trimmed.
for name in " 讲解 商品A" " 福袋" " 讲解 商品B"; do
  xdotool key s
  sleep 0.5
  xdotool type --delay 300 "$name"
  xdotool key Return
  sleep 4
done
import -window root docs/segments.png
# The funnel against the streamer's median and the traffic sources (Alt+4,
# Alt+5: the side panel's fourth and fifth tabs).
xdotool mousemove 500 500 click 1   # into the plots (the side keys work inside the view)
xdotool key alt+4
sleep 1.5
import -window root docs/funnel.png
xdotool key alt+5
sleep 1.5
import -window root docs/sources.png
kill $app; wait $app 2>/dev/null || true

# 1b. The same demo on a 1280×720 laptop screen, after 大屏破百万.
laptopdata=$(mktemp -d /tmp/genbo-laptop.XXXX)
"$genbo" --data-dir "$laptopdata" demo-history --seed 1 --today 2026-12-01 >/dev/null
small=$(free_display $((${display#:} + 1)))
Xvfb "$small" -screen 0 1280x720x24 -nolisten tcp >/dev/null 2>&1 &
xvfb2=$!
sleep 1
DISPLAY=$small "$genbo" --data-dir "$laptopdata" --demo --speed 150 --seed 7 &
app=$!
sleep 14
DISPLAY=$small import -window root docs/laptop.png
kill $app; wait $app 2>/dev/null || true
# 1c. The same in Chinese (the system's language), and its library and roster,
# from a data folder of its own (no window state kept from the English run).
zhdata=$(mktemp -d /tmp/genbo-zh.XXXX)
"$genbo" --data-dir "$zhdata" demo-history --seed 1 --today 2026-12-01 >/dev/null
LANG=zh_CN.UTF-8 DISPLAY=$small "$genbo" --data-dir "$zhdata" --demo --speed 150 --seed 7 &
app=$!
sleep 14
DISPLAY=$small import -window root docs/zh-live.png
DISPLAY=$small xdotool mousemove 150 46 click 1   # 场次库 (after 直播中 and 跟播墙)
sleep 2
DISPLAY=$small import -window root docs/zh-library.png
DISPLAY=$small xdotool mousemove 216 46 click 1   # 主播看板
sleep 3
DISPLAY=$small import -window root docs/zh-roster.png
kill $app; wait $app 2>/dev/null || true
# 1d. The disk fills up under a live demo, in Chinese on the laptop screen:
# the red strip. A small tmpfs is the disk, so this needs root (else skipped).
if [[ $(id -u) -eq 0 ]]; then
  disk=$(mktemp -d /tmp/genbo-disk.XXXX)
  diskhome=$(mktemp -d /tmp/genbo-diskhome.XXXX)
  mount -t tmpfs -o size=3m tmpfs "$disk"
  HOME=$diskhome LANG=zh_CN.UTF-8 DISPLAY=$small "$genbo" --data-dir "$disk/data" --demo \
    --speed 20 --seed 7 &
  app=$!
  sleep 10
  dd if=/dev/zero of="$disk/filler" bs=64k 2>/dev/null || true
  sleep 8
  DISPLAY=$small import -window root docs/zh-disk-full.png
  kill $app; wait $app 2>/dev/null || true
  umount -l "$disk"
  rm -rf "$disk" "$diskhome"
  echo "saved docs/zh-disk-full.png"
fi
kill $xvfb2 2>/dev/null || true
rm -rf "$laptopdata" "$zhdata"

# 2. The library, a review with its stats, a comparison and the roster, from
# the demo history, driven by the keyboard (no window manager here, and a
# banner above the tabs would move anything clicked by position).
"$genbo" --data-dir "$data" &
app=$!
sleep 5
xdotool mousemove 800 880 click 1    # focus the window (its status bar)
xdotool key ctrl+h                    # the Library tab
sleep 2
import -window root docs/library.png
xdotool key ctrl+f                    # the search box
xdotool type --delay 40 "Demo"       # the demo streamer's earlier shows
sleep 1.5
xdotool key Return                    # into the table, first row
xdotool key Down                      # past today's demo session
xdotool key shift+Down shift+Down
sleep 0.5
xdotool key ctrl+shift+c              # compare the three
sleep 4
import -window root docs/compare.png
xdotool key ctrl+h
sleep 1
xdotool key ctrl+f ctrl+a
xdotool type --delay 40 "RosaPlays"   # a streamer with weeks of history
sleep 1.5
xdotool key Return Return             # open the newest for review
sleep 4
import -window root docs/review.png
xdotool key ctrl+r                    # the Roster tab
sleep 3
xdotool key alt+Left                  # the last whole month of the history
sleep 3
import -window root docs/roster.png
xdotool key alt+2                     # its paid traffic: the demo's 金牛 and 千川 reports
sleep 3
import -window root docs/paid.png
kill $app; wait $app 2>/dev/null || true
# The one-page 复盘 report of that streamer's newest full session.
report_id=$("$genbo" --data-dir "$data" sessions --json | .venv/bin/python -c '
import json, sys
rows = [s for s in json.load(sys.stdin) if s["streamer"] == "RosaPlays" and s["sample_count"]]
print(max(rows, key=lambda s: s["started_at"])["id"])')
"$genbo" --data-dir "$data" report "$report_id" -o docs/report.png --dpi 110 >/dev/null
# Three frames of a moment video (before, at and after ¥100万), in Chinese.
LANG=zh_CN.UTF-8 .venv/bin/python docs/video_shot.py "$data" docs/zh-moment-video.png
echo "saved docs/live.png docs/laptop.png docs/highlights.png docs/segments.png"
echo "saved docs/zh-live.png docs/zh-library.png docs/zh-roster.png"
echo "saved docs/funnel.png docs/sources.png docs/paid.png"
echo "saved docs/library.png docs/compare.png docs/review.png docs/roster.png docs/report.png"

# 3. An HTTP source through an outage: the stale status and the gap band.
kill $app 2>/dev/null || true; wait $app 2>/dev/null || true
gapdata=$(mktemp -d /tmp/genbo-gap.XXXX)
mkdir -p "$gapdata/config"
echo '{"follow_window_s": null, "version": 1}' > "$gapdata/config/settings.json"
port=$((20000 + RANDOM % 20000))
.venv/bin/python docs/examples/demo_api.py --port $port --fail-from 14 --fail-to 60 &
api=$!
sleep 1
"$genbo" --data-dir "$gapdata" --streamer "API demo" --title "HTTP source through an outage" \
  --source http --url "http://127.0.0.1:$port/live" --interval 1 \
  --map viewers=data.online --map gmv=data.gmv --map orders=data.orders \
  --map dwell_seconds=data.avg_stay --map new_followers=data.new_fans &
app=$!
sleep 26
import -window root docs/gap.png
kill $api $app 2>/dev/null || true
wait $app 2>/dev/null || true
rm -rf "$gapdata"
echo "saved docs/gap.png"

# 4. The watch wall: twelve simulated streamers at 8×, on the large screen in
# English, then on the 1280×720 laptop screen in Chinese (fresh data folders:
# the demo wall's streamers are its own).
walldata=$(mktemp -d /tmp/genbo-wall.XXXX)
"$genbo" --data-dir "$walldata" --demo-wall --speed 8 &
app=$!
sleep 28
import -window root docs/wall.png
kill $app; wait $app 2>/dev/null || true
zhwall=$(mktemp -d /tmp/genbo-zhwall.XXXX)
small=$(free_display $((${display#:} + 1)))
Xvfb "$small" -screen 0 1280x720x24 -nolisten tcp >/dev/null 2>&1 &
xvfb3=$!
sleep 1
LANG=zh_CN.UTF-8 DISPLAY=$small "$genbo" --data-dir "$zhwall" --demo-wall --speed 8 &
app=$!
sleep 28
DISPLAY=$small import -window root docs/zh-wall.png
kill $app; wait $app 2>/dev/null || true
kill $xvfb3 2>/dev/null || true
rm -rf "$walldata" "$zhwall"
echo "saved docs/wall.png docs/zh-wall.png"

# The browser companion's panel on the tests' fake big screen (headless Chromium).
LANG=zh_CN.UTF-8 .venv/bin/python docs/companion_shot.py docs/companion-picker.png
echo "saved docs/companion-picker.png"

# The region editor of the screen source, on a 1280×720 virtual screen, in
# Chinese and in English.
shot=$(free_display 95)
Xvfb "$shot" -screen 0 1280x720x24 -nolisten tcp >/dev/null 2>&1 &
xvfb4=$!
sleep 1
LANG=zh_CN.UTF-8 DISPLAY=$shot .venv/bin/python docs/screen_shot.py docs/zh-screen-regions.png
DISPLAY=$shot .venv/bin/python docs/screen_shot.py docs/screen-regions.png
kill $xvfb4 2>/dev/null || true
echo "saved docs/zh-screen-regions.png docs/screen-regions.png"
