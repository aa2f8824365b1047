#!/usr/bin/env bash
# Builds Parley with zero warnings allowed in its own code, runs every test, then the
# end-to-end terminal script. This is the README's test command and what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."

log=$(mktemp)
trap 'rm -f "$log"' EXIT

echo "== build (debug, tests included)"
swift build --build-tests 2>&1 | tee "$log" | grep -E "error|warning:|Compiling Parley|Build complete" || true
own="$PWD/(Sources|Tests|Modules)/"
if grep -E "^${own}[^ ]*: (warning|error):" "$log" >/dev/null || grep -E "^(warning|error): " "$log" >/dev/null; then
    echo "test.sh: the build has warnings or errors in Parley's own code:" >&2
    grep -E "^${own}[^ ]*: (warning|error):|^(warning|error): " "$log" | sort -u >&2
    exit 1
fi
grep -q "Build complete" "$log" || { echo "test.sh: build failed" >&2; exit 1; }

echo "== unit and end-to-end tests"
swift test --skip-build 2>&1 | tail -n 400

if [[ -x scripts/tui-e2e.sh ]]; then
    echo "== terminal end-to-end (tmux)"
    swift build --product parley >/dev/null
    swift build --product parley-relay >/dev/null
    scripts/tui-e2e.sh
fi
