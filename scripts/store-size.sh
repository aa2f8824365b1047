#!/usr/bin/env bash
# How big the relay's database grows: floods a relay that keeps everything (--history-max above
# the flood) with N-byte messages over TCP for S seconds, stops it, checkpoints the WAL and
# reports the database's size per message and per million messages.
#
#   scripts/store-size.sh [--seconds S] [--size BYTES]    (release binaries from .build-bench;
#                                                          scripts/bench.sh builds them)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=10 size=64
while [[ $# -gt 0 ]]; do
    case $1 in
        --seconds) seconds=$2; shift ;;
        --size) size=$2; shift ;;
        *) echo "store-size: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
bin=.build-bench/release
[[ -x $bin/parley-relay && -x $bin/parley-bench ]] || { echo "store-size: run scripts/bench.sh first (it builds $bin)" >&2; exit 2; }
work=$(mktemp -d)
relay_pid=""
cleanup() {
    [[ -n $relay_pid ]] && kill "$relay_pid" 2>/dev/null && wait "$relay_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

"$bin/parley-relay" --host 127.0.0.1 --port 0 --rate 0 --log-level notice --stats-interval 0 \
    --history-max 100000000 --data-dir "$work/data" 2>"$work/relay.log" &
relay_pid=$!
port=""
for _ in $(seq 1 100); do
    port=$(grep -o 'port=[0-9]*' "$work/relay.log" 2>/dev/null | head -n 1 | cut -d= -f2 || true)
    [[ -n $port ]] && break
    sleep 0.1
done
[[ -n $port ]] || { echo "store-size: the relay did not start" >&2; cat "$work/relay.log" >&2; exit 1; }
"$bin/parley-bench" --port "$port" --mode tcp --clients 2 --senders 2 --rate 0 --window 128 --size "$size" \
    --duration "$seconds" --drain 5 >"$work/bench.txt"
kill "$relay_pid"
wait "$relay_pid" 2>/dev/null || true
relay_pid=""
python3 - "$work/data/parley.sqlite" "$size" <<'PY'
import os, sqlite3, sys
path, size = sys.argv[1], int(sys.argv[2])
db = sqlite3.connect(path)
db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
# Rooms' messages are stored in segments (a row per room per transaction), private ones a row each.
messages = db.execute("SELECT coalesce(sum(lastID - firstID + 1), 0) FROM segments").fetchone()[0]
messages += db.execute("SELECT count(*) FROM messages").fetchone()[0]
submissions = db.execute("SELECT count(*) FROM submissions").fetchone()[0]
db.execute("VACUUM")
db.close()
total = os.path.getsize(path)
per = total / max(1, messages)
print(f"{messages:,} messages of {size}-byte texts (and {submissions:,} idempotency keys): "
      f"{total / 1048576:,.1f} MiB, {per:,.0f} bytes per message, {per * 1e6 / 1048576:,.0f} MiB per million")
PY
