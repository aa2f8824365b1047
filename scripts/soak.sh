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
for product in parley-relay parley-soak; do
    if ! output=$(swift build -c release --product "$product" --scratch-path "$scratch" 2>&1); then
        echo "$output" | grep -E "error" | sort -u >&2
        echo "soak.sh: building $product failed" >&2
        exit 1
    fi
    echo "$output" | grep -E "warning:|Build complete" || true
done
bin=$(swift build -c release --scratch-path "$scratch" --show-bin-path)

mkdir -p out
log=out/soak-relay.log
: >"$log"
echo "== soak"
"$bin/parley-soak" --relay "$bin/parley-relay" --relay-log "$log" "$@"
