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
display=:$((90 + RANDOM % 20))
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
kill $app; wait $app 2>/dev/null || true

# 1b. The same demo on a 1280×720 laptop screen, after 大屏破百万.
laptopdata=$(mktemp -d /tmp/genbo-laptop.XXXX)
small=:$((110 + RANDOM % 10))
Xvfb "$small" -screen 0 1280x720x24 -nolisten tcp >/dev/null 2>&1 &
xvfb2=$!
sleep 1
DISPLAY=$small "$genbo" --data-dir "$laptopdata" --demo --speed 150 --seed 7 &
app=$!
sleep 14
DISPLAY=$small import -window root docs/laptop.png
kill $app; wait $app 2>/dev/null || true
kill $xvfb2 2>/dev/null || true
rm -rf "$laptopdata"

# 2. History and a reopened session.
for i in 1 2; do
  "$genbo" record --data-dir "$data" --streamer "杨小姐的直播间" --title "第${i}场 · 秋冬上新" \
    --duration 5400 --speed 3000 --seed $((i + 10)) >/dev/null
done
"$genbo" record --data-dir "$data" --streamer "Kai" --title "late night" --duration 1200 \
  --speed 3000 --seed 5 >/dev/null
"$genbo" --data-dir "$data" &
app=$!
sleep 4
xdotool mousemove 80 43 click 1      # the History tab
sleep 1
import -window root docs/history.png
xdotool mousemove 300 155 click --repeat 2 --delay 80 1   # open the newest long session
sleep 3
import -window root docs/review.png
echo "saved docs/live.png docs/laptop.png docs/highlights.png docs/segments.png docs/history.png docs/review.png"

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
