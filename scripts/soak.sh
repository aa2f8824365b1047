#!/usr/bin/env bash
# Soak test: builds parley-relay and parley-soak in release mode, then runs parley-soak, which
# starts the relay on a free loopback port, has 200 clients chat with churn for about five
# minutes, stops the relay by its PID, and prints PASS or FAIL (exit status 1 on FAIL).
#
#   scripts/soak.sh                      the full run (about 5 minutes)
#   scripts/soak.sh --duration 30        a smoke run
#   SCRATCH=.build-soak scripts/soak.sh  build somewhere else than .build
#
# Any other parley-soak option may follow (see `parley-soak --help`). The relay's log is kept in
# out/soak-relay.log.
set -euo pipefail
cd "$(dirname "$0")/.."

scratch="${SCRATCH:-.build}"
echo "== build (release, $scratch)"
swift build -c release --product parley-relay --scratch-path "$scratch" 2>&1 | grep -E "error|warning:|Build complete" || true
swift build -c release --product parley-soak --scratch-path "$scratch" 2>&1 | grep -E "error|warning:|Build complete" || true
bin=$(swift build -c release --scratch-path "$scratch" --show-bin-path)
[[ -x "$bin/parley-relay" && -x "$bin/parley-soak" ]] || { echo "soak.sh: the build failed" >&2; exit 1; }

mkdir -p out
log=out/soak-relay.log
: >"$log"
echo "== soak"
"$bin/parley-soak" --relay "$bin/parley-relay" --relay-log "$log" "$@"
