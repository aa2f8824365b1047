#!/usr/bin/env bash
# Runs Parley's relay benchmarks (BENCHMARKS.md) side by side against the reference relays:
# parley-relay (in memory, --ephemeral, as "parley"; with its SQLite store in a fresh data directory,
# as "store"; the same delivering to others before the commit, as "early", on request), ncat --chat
# and SwiftNIO's NIOChatServer, interleaved (A B C A B C ...), each run on a
# fresh relay on a free loopback port. Prints a summary table and writes out/bench-DATE.{txt,jsonl}.
#
#   scripts/bench.sh            full run (about 8 minutes on a quiet machine)
#   scripts/bench.sh --quick    smoke run (about 3 minutes): small counts, short windows, one repetition
#
# Options: --reps N (repetitions, default 2), --duration S (seconds measured per run),
#          --baseline DIR (a directory holding an earlier commit's release parley-relay and
#          parley-bench: measured side by side as the relay "base"; add "base" to --relays),
#          --only "1 2 3 4 5 7" (scenarios), --relays "parley store ncat nio", --skip-build.
# Scenario 7 (rooms) runs against parley-relay only: the reference relays have one room.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

baseline="" quick=0 reps=2 duration=6 only="1 2 3 4 5 7" relays="parley store ncat nio" skip_build=0
while [[ $# -gt 0 ]]; do
    case $1 in
        --quick) quick=1 reps=1 duration=1.5 ;;
        --reps) reps=$2; shift ;;
        --duration) duration=$2; shift ;;
        --only) only=$2; shift ;;
        --relays) relays=$2; shift ;;
        --skip-build) skip_build=1 ;;
        --baseline) baseline=$2; shift ;;
        -h | --help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "bench.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done

scratch=$root/.build-bench
nio_dir=${PARLEY_BENCH_NIO_DIR:-/tmp/parley-bench-nio}
nio_tag=2.101.3
mkdir -p out
stamp=$(date +%Y%m%d-%H%M%S)
jsonl=$root/out/bench-$stamp.jsonl
txt=$root/out/bench-$stamp.txt
logdir=$root/out/bench-$stamp-logs
mkdir -p "$logdir"

# Counts per scenario (the quick run shrinks the big ones).
if ((quick)); then s3_clients=200 s4_clients=1000 s4_timeout=10 s7_clients=200 s7_rooms=20
else s3_clients=1000 s4_clients=10000 s4_timeout=20 s7_clients=1000 s7_rooms=100; fi

ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

say() { echo "== $*" >&2; }

build() {
    say "building parley-bench, parley-relay and parley-proxy (release, $scratch)"
    swift build -c release --scratch-path "$scratch" --product parley-bench 2>&1 | grep -E "error|warning:|Build" >&2 || true
    swift build -c release --scratch-path "$scratch" --product parley-relay 2>&1 | grep -E "error|warning:|Build" >&2 || true
    swift build -c release --scratch-path "$scratch" --product parley-proxy 2>&1 | grep -E "error|warning:|Build" >&2 || true
    if ! command -v ncat >/dev/null; then
        say "installing ncat"
        apt-get update >/dev/null && apt-get install -y ncat >/dev/null
    fi
    if [[ ! -x $nio_dir/.build/release/NIOChatServer ]]; then
        say "building NIOChatServer $nio_tag in $nio_dir"
        [[ -d $nio_dir ]] || git clone -q https://github.com/apple/swift-nio "$nio_dir"
        (cd "$nio_dir" && git checkout -q "$nio_tag" && swift build -c release --product NIOChatServer 2>&1 | tail -1) >&2
    fi
}
((skip_build)) || build

bench=$scratch/release/parley-bench
relay_bin=$scratch/release/parley-relay
proxy_bin=$scratch/release/parley-proxy
nio_bin=$nio_dir/.build/release/NIOChatServer
[[ -x $bench ]] || { echo "bench.sh: $bench is missing" >&2; exit 1; }

# A port nothing uses (TCP or UDP), below the kernel's ephemeral range so that no client socket of an
# earlier run (10,000 of them, some in TIME_WAIT) can hold it.
ephemeral_low=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
free_port() {
    local port
    while :; do
        port=$((10000 + RANDOM % (ephemeral_low - 10000)))
        if ! ss -Htanu 2>/dev/null | awk '{print $5; print $6}' | grep -qE "[:.]$port\$"; then
            echo "$port"
            return
        fi
    done
}

wait_listening() {  # port pid
    for _ in $(seq 1 200); do
        ss -Htln "sport = :$1" 2>/dev/null | grep -q . && return 0
        kill -0 "$2" 2>/dev/null || return 1
        sleep 0.05
    done
    return 1
}

relay_pid=""
proxy_pid=""
stop_pid() {  # pid
    [[ -n $1 ]] || return 0
    kill "$1" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}
cleanup() { stop_pid "$proxy_pid"; stop_pid "$relay_pid"; }
trap cleanup EXIT

start_relay() {  # name port log
    case $1 in
        base) "$baseline/parley-relay" --host 127.0.0.1 --port "$2" --rate 0 --max-peers 20000 --max-per-address 0 --log-level warning >"$3" 2>&1 & ;;
        parley) "$relay_bin" --host 127.0.0.1 --port "$2" --rate 0 --max-peers 20000 --max-per-address 0 --log-level warning \
            --ephemeral >"$3" 2>&1 & ;;
        store) rm -rf "$3.data"
            "$relay_bin" --host 127.0.0.1 --port "$2" --rate 0 --max-peers 20000 --max-per-address 0 --log-level warning \
            --data-dir "$3.data" >"$3" 2>&1 & ;;
        early) rm -rf "$3.data"
            "$relay_bin" --host 127.0.0.1 --port "$2" --rate 0 --max-peers 20000 --max-per-address 0 --log-level warning \
            --data-dir "$3.data" --deliver-before-commit >"$3" 2>&1 & ;;
        ncat) ncat -l 127.0.0.1 "$2" --chat -m 10000 >"$3" 2>&1 </dev/null & ;;
        nio) "$nio_bin" 127.0.0.1 "$2" >"$3" 2>&1 & ;;
    esac
    relay_pid=$!
    wait_listening "$2" "$relay_pid"
}

available() {  # relay name
    case $1 in
        parley | store | early) [[ -x $relay_bin ]] ;;
        base) [[ -n $baseline && -x $baseline/parley-relay && -x $baseline/parley-bench ]] ;;
        ncat) command -v ncat >/dev/null ;;
        nio) [[ -x $nio_bin ]] ;;
    esac
}

# One run: scenario relay mode [parley-bench options...]
run_case() {
    local scenario=$1 relay=$2 mode=$3 rep=$4
    shift 4
    local port log extra=() target
    if ! available "$relay"; then say "skip $scenario/$relay: not built"; return; fi
    log=$logdir/$scenario-$relay-$mode-$rep.log
    local attempt started=0
    for attempt in 1 2 3; do
        port=$(free_port)
        if start_relay "$relay" "$port" "$log"; then started=1; break; fi
        stop_pid "$relay_pid"; relay_pid=""
    done
    if ((!started)); then
        say "skip $scenario/$relay: the relay did not start (see $log)"
        return
    fi
    target=$port
    if [[ $mode == udp-loss ]]; then
        local proxy_port
        proxy_port=$(free_port)
        "$proxy_bin" --listen-port "$proxy_port" --target "127.0.0.1:$port" --loss 0.1 --seed 7 >"$log.proxy" 2>&1 &
        proxy_pid=$!
        sleep 0.5
        target=$proxy_port
        extra=(--mode udp)
    else
        extra=(--mode "$mode")
    fi
    if [[ ($relay == parley || $relay == store || $relay == early || $relay == base) && $mode == line ]]; then extra+=(--greet-line); fi
    # The baseline speaks its own protocol version: its own generator drives it.
    local generator=$bench
    [[ $relay == base ]] && generator=$baseline/parley-bench
    say "scenario $scenario, $relay, $mode, repetition $rep (port $port)"
    local json
    # Every run stops by itself (connect timeout, duration, drain); the timeout is a backstop.
    if json=$(timeout --kill-after=10 "$run_limit" "$generator" --port "$target" --relay-pid "$relay_pid" --label "$relay" --json "${extra[@]}" "$@" 2>>"$log.bench"); then
        python3 -c 'import json,sys; r=json.loads(sys.argv[1]); r.update(scenario=sys.argv[2], relay=sys.argv[3], variant=sys.argv[4], rep=int(sys.argv[5])); print(json.dumps(r, sort_keys=True))' \
            "$json" "$scenario" "$relay" "$mode" "$rep" >>"$jsonl"
    else
        say "run failed: $scenario/$relay/$mode (see $log.bench)"
    fi
    stop_pid "$proxy_pid"; proxy_pid=""
    stop_pid "$relay_pid"; relay_pid=""
}

wants() { [[ " $only " == *" $1 "* ]]; }
run_limit=240  # seconds: the longest any one parley-bench run may take (connect 90 + hold/duration + drain 15)
common=(--duration "$duration" --size 64 --drain 5)

say "results: $jsonl"
for rep in $(seq 1 "$reps"); do
    for relay in $relays; do
        wants 1 && run_case 1 "$relay" line "$rep" "${common[@]}" --clients 10 --senders 10 --rate 0 --window 128
    done
    for relay in $relays; do
        wants 2 && run_case 2 "$relay" line "$rep" "${common[@]}" --clients 100 --senders 10 --rate 1000
    done
    for relay in $relays; do
        wants 3 && run_case 3 "$relay" line "$rep" "${common[@]}" --clients "$s3_clients" --senders 10 --rate 100 \
            --connect-timeout 90
    done
    for relay in $relays; do
        [[ $relay == store || $relay == early ]] && continue  # idle connections store nothing
        wants 4 && run_case 4 "$relay" line "$rep" --idle --clients "$s4_clients" --connect-concurrency 8 \
            --connect-timeout "$s4_timeout" --hold 1
    done
    if wants 4 && [[ " $relays " == *" parley "* ]]; then
        run_case 4 parley tcp "$rep" --idle --clients "$s4_clients" --connect-concurrency 8 \
            --connect-timeout "$s4_timeout" --hold 1
    fi
    if wants 5 && [[ " $relays " == *" parley "* || " $relays " == *" store "* || " $relays " == *" base "* ]]; then
        for mode in tcp udp; do
            for native in parley store early base; do
                [[ " $relays " == *" $native "* ]] || continue
                run_case 5.1 "$native" "$mode" "$rep" "${common[@]}" --clients 10 --senders 10 --rate 0 --window 128
                run_case 5.2 "$native" "$mode" "$rep" "${common[@]}" --clients 100 --senders 10 --rate 1000
                run_case 5.3 "$native" "$mode" "$rep" "${common[@]}" --clients "$s3_clients" --senders 10 --rate 100 \
                    --connect-timeout 90
            done
        done
        # parley-proxy serves at most 64 client addresses: 64 clients, 10 senders, 1000 msg/s.
        [[ -x $proxy_bin ]] && run_case 5.2 parley udp-loss "$rep" "${common[@]}" --clients 64 --senders 10 --rate 1000 \
            --drain 15
    fi
    # Rooms: 1,000 clients in 100 rooms of 10 (round-robin), every client sending, 1,000 msg/s in total
    # (10 k deliveries/s natively, each message to its own room only). Line clients /join their room.
    if wants 7 && [[ " $relays " == *" parley "* ]]; then
        for mode in tcp udp line; do
            run_case 7 parley "$mode" "$rep" "${common[@]}" --clients "$s7_clients" --rooms "$s7_rooms" --rate 1000 \
                --connect-timeout 90
        done
    fi
done

{
    echo "Parley relay benchmarks, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "repetitions: $reps, measuring ${duration} s per run$( ((quick)) && echo ', QUICK smoke run (reduced counts)')"
    python3 "$root/scripts/bench-summary.py" "$jsonl"
} | tee "$txt"
say "written: $txt and $jsonl"
