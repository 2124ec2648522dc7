#!/usr/bin/env bash
# bench:room (vs-bots, 200 tables, pace 500 ms) CPU per log entry next to a raw ws echo of the same
# shape (200 tables × 1 client, same pace, each message answered with the frames bench:room
# measured per human action), alternated, 2 rounds; prints the ratio per round (logs in /tmp/le-*.log).
# Usage: bench/logEntryVsEcho.sh <compiled build, as for BENCH_SERVER_DIST> [postgres URL; none = PGlite]
set -u
cd "$(dirname "$0")/.."
DIST=$1; DB=${2:-}
dbflag=(); [ -n "$DB" ] && dbflag=(--database-url "$DB")
for round in 1 2; do
  BENCH_SERVER_DIST=$DIST npx tsx bench/room.bench.ts --tables 200 --pace 500ms --duration 20s "${dbflag[@]}" --json > /tmp/le-room-$round.log 2>&1
  R=$(grep '^RESULT' /tmp/le-room-$round.log | sed 's/^RESULT //')
  frames=$(grep 'frames received per human action' /tmp/le-room-$round.log | head -1 | sed 's/.*| *\([0-9.]*\) *|$/\1/')
  read -r entry bytes perEntry <<<"$(node -e 'const r=JSON.parse(process.argv[1]); console.log(r.cpuPerEntryUs.toFixed(1), Math.round(r.bytesPerAction), (r.appliedPerS/r.humanPerS).toFixed(2))' "$R")"
  fan=$(node -e "const f=Math.max(1,Math.round($frames-1)); console.log(f, Math.max(1,Math.round(($bytes-40)/f)))")
  set -- $fan
  npx tsx bench/ws-echo.bench.ts --tables 200 --clients-per-table 1 --pace 500ms --jitter 250ms --duration 20s --ack-bytes 40 --fanout-frames $1 --fanout-bytes $2 --json > /tmp/le-echo-$round.log 2>&1
  E=$(grep '^RESULT' /tmp/le-echo-$round.log | sed 's/^RESULT //')
  echoUs=$(node -e 'console.log(JSON.parse(process.argv[1]).cpuPerMessageUs.toFixed(1))' "$E")
  echo "round $round: room $entry µs per log entry ($perEntry entries per human action, $frames frames / $bytes B per human action); echo $echoUs µs per message (1 + $1 frames × $2 B); ratio $(node -e "console.log(($entry/$echoUs).toFixed(2))") ; load $(cut -d' ' -f1 /proc/loadavg)"
done
