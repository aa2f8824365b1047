#!/usr/bin/env bash
# Builds the libFuzzer harnesses in Tests/Fuzz against Parley's pure modules and runs each for a
# bounded time, starting from the committed corpus in Tests/Fuzz/corpus/<harness>.
#   scripts/fuzz.sh [seconds-per-harness] [harness...]
# New inputs that add coverage go to out/fuzz/corpus-<harness> (with FUZZ_GROW=1, into the committed
# corpus instead); a crash leaves its input in out/fuzz/ and fails the run (turn it into a regression
# test, then commit the input to the corpus).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
shift || true
out=out/fuzz
build=.build-fuzz
mkdir -p "$out" "$build"
flags=(-sanitize=fuzzer,address -parse-as-library -Onone)

harnesses=("$@")
if ((${#harnesses[@]} == 0)); then
    for file in Tests/Fuzz/Fuzz*.swift; do harnesses+=("$(basename "$file" .swift)"); done
fi
for harness in "${harnesses[@]}"; do
    [[ -f Tests/Fuzz/$harness.swift ]] || { echo "fuzz: no harness Tests/Fuzz/$harness.swift" >&2; exit 2; }
done

# The pure modules the chosen harnesses import, ParleyWire first (the others depend on it alone),
# so that fuzzing the wire layer never waits on a module it does not use.
modules=(ParleyWire)
for module in ParleyLink ParleyRelayCore; do
    for harness in "${harnesses[@]}"; do
        if grep -q "^import $module\$" "Tests/Fuzz/$harness.swift"; then
            # The relay core speaks to its store through ParleyStoreModel (over ParleyWire alone).
            [[ $module == ParleyRelayCore ]] && modules+=(ParleyStoreModel)
            modules+=("$module")
            break
        fi
    done
done

for module in "${modules[@]}"; do
    # Every source of the module, subdirectories included (ParleyWire keeps its messages in Messages/).
    mapfile -t sources < <(find "Sources/$module" -name '*.swift' | sort)
    swiftc "${flags[@]}" -module-name "$module" -I "$build" -L "$build" \
        -emit-module -emit-module-path "$build/$module.swiftmodule" \
        -emit-library -static -o "$build/lib$module.a" "${sources[@]}" \
        $( [[ $module != ParleyWire ]] && echo -lParleyWire ) \
        $( [[ $module == ParleyRelayCore ]] && echo -lParleyStoreModel ) 2> >(grep -v "ld.gold: warning" >&2)
done

status=0
for harness in "${harnesses[@]}"; do
    libs=()
    for module in "${modules[@]}"; do libs+=("-l$module"); done
    # Link the dependents before ParleyWire.
    reversed=()
    for ((i=${#libs[@]}-1; i>=0; i--)); do reversed+=("${libs[i]}"); done
    swiftc "${flags[@]}" -I "$build" -L "$build" "Tests/Fuzz/$harness.swift" "${reversed[@]}" \
        -o "$build/$harness" 2> >(grep -v "ld.gold: warning" >&2)
    corpus="Tests/Fuzz/corpus/$harness"
    mkdir -p "$corpus" "$out/corpus-$harness"
    dirs=("$out/corpus-$harness" "$corpus")
    [[ ${FUZZ_GROW:-0} == 1 ]] && dirs=("$corpus")
    echo "== $harness for ${seconds}s (corpus $(ls "$corpus" | wc -l) inputs)"
    # Swift's own backtracer would report a trap as a crash in itself; libFuzzer reports it better.
    if ! SWIFT_BACKTRACE=enable=no "$build/$harness" -max_total_time="$seconds" -max_len=4096 -artifact_prefix="$out/$harness-" \
            -print_final_stats=1 "${dirs[@]}" > "$out/$harness.log" 2>&1; then
        echo "fuzz: $harness crashed; see $out/$harness.log" >&2
        tail -n 30 "$out/$harness.log" >&2
        status=1
    else
        grep -E "stat::number_of_executed_units|DONE" "$out/$harness.log" | tail -n 2
    fi
done
exit $status
