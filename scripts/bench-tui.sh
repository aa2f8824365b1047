#!/usr/bin/env bash
# Benchmark scenario 6: the full-screen client under 10,000 messages a second.
#
# Builds parley and parley-relay in release mode (.build-tuibench/), starts
# `parley-relay --rate 0` on 127.0.0.1 (a free port it picks itself) and one `parley` TUI in a
# tmux pane (80x24 unless --size, its own tmux socket, C.UTF-8), then runs scripts/bench-tui-probe.py, which
# floods the relay as a line client at RATE lines a second for DURATION seconds, types PROBES
# markers into the TUI meanwhile and times how long each takes to show in
# `tmux capture-pane`, and samples the client's CPU (under the flood and IDLE seconds after it)
# and memory (--scrolled: with the view scrolled back during the flood). Targets: a keystroke shows within 50 ms; client CPU bounded; idle CPU about 0.
#
# Bounded in time (a watchdog ends the run after 240 s); it kills only what it started (its
# tmux server, the relay by PID).
#
# Usage: scripts/bench-tui.sh [--rate N] [--duration S] [--probes N] [--idle S] [--size COLSxROWS] [--scrolled] [--no-build]
#        PARLEY_BIN_DIR=DIR scripts/bench-tui.sh --no-build   (binaries from elsewhere)
# Figures go to standard output and, as JSON, to out/bench-tui-DATE.json.
set -euo pipefail
cd "$(dirname "$0")/.."

RATE=10000
DURATION=10
PROBES=20
IDLE=5
SIZE=80x24
BUILD=1
EXTRA=()
while (($#)); do
    case $1 in
        --rate) RATE=$2; shift 2 ;;
        --duration) DURATION=$2; shift 2 ;;
        --probes) PROBES=$2; shift 2 ;;
        --idle) IDLE=$2; shift 2 ;;
        --size) SIZE=$2; shift 2 ;;
        --scrolled) EXTRA+=(--scrolled); shift ;;
        --no-build) BUILD=0; shift ;;
        -h | --help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench-tui: unknown option $1" >&2; exit 2 ;;
    esac
done

command -v tmux >/dev/null || { echo "bench-tui: tmux is not installed" >&2; exit 2; }
command -v python3 >/dev/null || { echo "bench-tui: python3 is not installed" >&2; exit 2; }

SCRATCH=.build-tuibench
if ((BUILD)); then
    echo "== building (release, $SCRATCH)"
    # One product per call: `swift build` builds only the last of several --product options.
    for product in parley parley-relay; do
        swift build -c release --scratch-path "$SCRATCH" --product "$product" 2>&1 | tail -n 1
    done
fi
BIN_DIR=${PARLEY_BIN_DIR:-$SCRATCH/release}
PARLEY="$(cd "$BIN_DIR" && pwd)/parley"
RELAY="$(cd "$BIN_DIR" && pwd)/parley-relay"
for binary in "$PARLEY" "$RELAY"; do
    [[ -x $binary ]] || { echo "bench-tui: $binary is missing" >&2; exit 2; }
done

SOCKET="parley-tuibench-$$"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/parley-tuibench.XXXXXX")
export LANG=C.UTF-8 LC_ALL=C.UTF-8
NAME=bench-tui
# shellcheck source=scripts/tmux-harness.sh
source scripts/tmux-harness.sh
start_watchdog 240

start_relay RELAY_PID PORT relay --rate 0 --log-level notice

tm new-session -d -s bench -n tui -x "${SIZE%x*}" -y "${SIZE#*x}" -e LANG=C.UTF-8 -e LC_ALL=C.UTF-8 \
    "exec env TERM=xterm-256color '$PARLEY' 127.0.0.1:$PORT --nick watcher --no-host --history 0"
CLIENT_PID=$(tm display -p -t bench:tui '#{pane_pid}')
connected=0
for _ in $(seq 1 100); do
    if tm capture-pane -p -t bench:tui | grep -qF "watcher @ 127.0.0.1:$PORT │ TCP │ connected"; then
        connected=1
        break
    fi
    sleep 0.1
done
if ((!connected)); then
    echo "bench-tui: the client did not connect" >&2
    tm capture-pane -p -t bench:tui >&2
    exit 1
fi

echo "== scenario 6: parley TUI ($SIZE, pid $CLIENT_PID) under $RATE lines/s for $DURATION s; relay pid $RELAY_PID on 127.0.0.1:$PORT"
echo "   $(nproc) cores; commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet -- Sources 2>/dev/null || echo ' (with local changes)')"
mkdir -p out
JSON="out/bench-tui-$(date +%Y%m%d-%H%M%S).json"
python3 scripts/bench-tui-probe.py --port "$PORT" --tmux-socket "$SOCKET" --pane bench:tui --pid "$CLIENT_PID" \
    --tmux-pid "$(tm display -p '#{pid}')" \
    --rate "$RATE" --duration "$DURATION" --probes "$PROBES" --idle "$IDLE" --json "$JSON" ${EXTRA[@]+"${EXTRA[@]}"}
if ! kill -0 "$CLIENT_PID" 2>/dev/null; then
    echo "bench-tui: the client is gone" >&2
    exit 1
fi
echo "   figures: $JSON"
