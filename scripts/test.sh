#!/usr/bin/env bash
# Parley's whole test run: the README's test command and what CI runs.
#   1. build with zero warnings allowed in Parley's own code, and run every test;
#   2. the terminal end-to-end script (two full-screen clients and a relay in tmux);
#   3. a bounded libFuzzer run of every harness in Tests/Fuzz;
#   4. the whole suite again under AddressSanitizer and ThreadSanitizer.
# QUICK=1 stops after step 2, for a fast local check.
set -euo pipefail
cd "$(dirname "$0")/.."

log=$(mktemp)
trap 'rm -f "$log"' EXIT

echo "== build (debug, tests included)"
swift build --build-tests 2>&1 | tee "$log" | grep -E "error|warning:|Build complete" || true
own="$PWD/(Sources|Tests|Modules)/"
if grep -E "^${own}[^ ]*: (warning|error):" "$log" >/dev/null || grep -E "^(warning|error): " "$log" >/dev/null; then
    echo "test.sh: the build has warnings or errors in Parley's own code:" >&2
    grep -E "^${own}[^ ]*: (warning|error):|^(warning|error): " "$log" | sort -u >&2
    exit 1
fi
grep -q "Build complete" "$log" || { echo "test.sh: build failed" >&2; exit 1; }

echo "== unit and end-to-end tests"
testlog=$(mktemp)
trap 'rm -f "$log" "$testlog"' EXIT
# The hostile-peer tests measure the whole process (its descriptors, memory and sockets), so they
# run in a process of their own, after the rest.
for run in "--skip ParleyHardeningTests" "--filter ParleyHardeningTests"; do
    # shellcheck disable=SC2086
    if ! swift test --skip-build $run >"$testlog" 2>&1; then
        grep -E "✘|error:|Fatal|fatal error|Test Case .* failed" "$testlog" | head -n 80 >&2
        tail -n 20 "$testlog" >&2
        echo "test.sh: tests failed (swift test $run)" >&2
        exit 1
    fi
    grep -E "^(✔|✘) Suite" "$testlog" | sort | uniq | tail -n 80
    tail -n 3 "$testlog"
done

echo "== terminal end-to-end (tmux)"
swift build --product parley >/dev/null
swift build --product parley-relay >/dev/null
scripts/tui-e2e.sh

if [[ ${QUICK:-0} == 1 ]]; then
    echo "== QUICK=1: fuzzing and sanitizers skipped"
    exit 0
fi

echo "== fuzzing (bounded)"
scripts/fuzz.sh "${FUZZ_SECONDS:-15}"

echo "== sanitizers"
scripts/sanitizers.sh address thread
