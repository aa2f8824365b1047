#!/usr/bin/env bash
# Runs Parley's whole test suite under AddressSanitizer and then ThreadSanitizer, each in its own
# scratch path (.build-asan, .build-tsan; ignored by git), and says how long each took.
#
#   scripts/sanitizers.sh            both
#   scripts/sanitizers.sh address    one of them (address or thread)
#   FILTER=ParleyHardeningTests scripts/sanitizers.sh thread    only the matching tests
#   SKIP=ClientSessionTests scripts/sanitizers.sh                 all but the matching tests
#   TEST_TIMEOUT=1800 scripts/sanitizers.sh                       seconds before a hung run is
#                                                                 stopped (default 1200 each)
#
# Exits non-zero if a build fails, a test fails, or a sanitizer reports anything. The full logs
# stay in .build-asan/sanitizer.log and .build-tsan/sanitizer.log.
set -uo pipefail
cd "$(dirname "$0")/.."

sanitizers=("$@")
[[ ${#sanitizers[@]} -eq 0 ]] && sanitizers=(address thread)
filter=()
[[ -n "${FILTER:-}" ]] && filter+=(--filter "$FILTER")
[[ -n "${SKIP:-}" ]] && filter+=(--skip "$SKIP")
limit="${TEST_TIMEOUT:-1200}"

# Make every report fatal and readable; keep the rest of the defaults.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:halt_on_error=1:print_summary=1}"
# ThreadSanitizer carries on after a report, so that one race does not hide the rest.
export TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=0:second_deadlock_stack=1:print_summary=1}"
# Objects still referenced when a process exits, outside Parley's code: XCTest's own run records
# and ncurses' terminfo screen (in the test runner), Foundation.Process's weak references from
# run and waitUntilExit (tests that start `parley`), and the parsed command that
# swift-argument-parser's main() holds when a program exits (in those `parley` processes).
# LeakSanitizer would otherwise turn each exit status into 23 and fail; anything allocated by
# Parley itself still counts.
suppressions=$(mktemp)
trap 'rm -f "$suppressions"' EXIT
printf '%s\n' 'leak:XCTest' 'leak:ArgumentParser' 'leak:libtinfo' 'leak:Foundation7ProcessC' >"$suppressions"
export LSAN_OPTIONS="${LSAN_OPTIONS:-print_suppressions=0:suppressions=$suppressions}"

status=0
summary=()
for sanitizer in "${sanitizers[@]}"; do
    case "$sanitizer" in
        address) scratch=.build-asan ;;
        thread) scratch=.build-tsan ;;
        *) echo "sanitizers.sh: unknown sanitizer '$sanitizer' (address or thread)" >&2; exit 2 ;;
    esac
    mkdir -p "$scratch"
    log="$scratch/sanitizer.log"
    : >"$log"
    echo "== $sanitizer sanitizer: build ($scratch)"
    start=$(date +%s)
    if ! swift build --build-tests --sanitize="$sanitizer" --scratch-path "$scratch" >>"$log" 2>&1; then
        echo "sanitizers.sh: the $sanitizer build failed; see $log" >&2
        grep -E "error:" "$log" | sort -u | head -20 >&2
        summary+=("$sanitizer: BUILD FAILED")
        status=1
        continue
    fi
    built=$(date +%s)
    echo "== $sanitizer sanitizer: tests"
    # timeout signals the whole process group, the test runner included, if a test hangs.
    # The hostile-peer tests measure the whole process, so they run in a process of their own
    # (unless a FILTER or SKIP chooses the tests).
    if [[ ${#filter[@]} -gt 0 ]]; then
        timeout -k 30 "$limit" swift test --skip-build --sanitize="$sanitizer" --scratch-path "$scratch" "${filter[@]}" >>"$log" 2>&1
        code=$?
    else
        timeout -k 30 "$limit" swift test --skip-build --sanitize="$sanitizer" --scratch-path "$scratch" --skip ParleyHardeningTests >>"$log" 2>&1
        code=$?
        timeout -k 30 "$limit" swift test --skip-build --sanitize="$sanitizer" --scratch-path "$scratch" --filter ParleyHardeningTests >>"$log" 2>&1
        second=$?
        [[ $code -eq 0 ]] && code=$second
    fi
    [[ $code -eq 124 ]] && echo "sanitizers.sh: the $sanitizer tests did not finish within $limit s (a hung test?)" | tee -a "$log" >&2
    done_at=$(date +%s)
    reports=$(grep -cE "^(==[0-9]+==ERROR: |WARNING: ThreadSanitizer|SUMMARY: (Address|Thread|Leak)Sanitizer)" "$log")
    tail -n 5 "$log" | sed 's/^/   /'
    line="$sanitizer: build $((built - start)) s, tests $((done_at - built)) s, exit $code, sanitizer reports $reports"
    if [[ $code -ne 0 || $reports -ne 0 ]]; then
        status=1
        line+=" -- FAILED (see $log)"
        grep -nE "^(==[0-9]+==ERROR: |WARNING: ThreadSanitizer|SUMMARY: )" "$log" | head -10 | sed 's/^/   /'
        grep -E "✘ Test .* (failed|recorded)" "$log" | head -10 | sed 's/^/   /'
    fi
    summary+=("$line")
done

echo "== summary"
printf '%s\n' "${summary[@]}"
exit $status
