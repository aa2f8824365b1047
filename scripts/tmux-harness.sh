# Shared by tui-e2e.sh and bench-tui.sh; sourced, never run on its own. The caller sets NAME (for
# its messages), SOCKET (its private tmux server), WORK (a scratch folder) and RELAY (the
# parley-relay binary), then sources this file. On every way out it ends its tmux server and every
# process it started, by PID, and removes WORK.

tm() { tmux -L "$SOCKET" -f /dev/null "$@"; }

# Names of the variables holding the PIDs to end on exit (a caller that ends one itself empties it).
HARNESS_PIDS=(WATCHDOG_PID)
WATCHDOG_PID=""

harness_cleanup() {
    local status=$? name
    tm kill-server 2>/dev/null || true
    for name in "${HARNESS_PIDS[@]}"; do
        if [[ -n ${!name} ]]; then kill "${!name}" 2>/dev/null || true; fi
    done
    [[ -f $WORK/timed-out ]] && cat "$WORK/timed-out" >&2
    rm -rf "$WORK"
    exit "$status"
}
trap harness_cleanup EXIT
trap 'echo "$NAME: interrupted" >&2; exit 3' INT TERM

# start_watchdog SECONDS: sends TERM to this script if the run takes longer. Killing the watchdog
# also ends its sleep, so nothing of ours outlives the run.
start_watchdog() {
    local limit=$1
    (
        sleep "$limit" &
        nap=$!
        trap 'kill $nap 2>/dev/null; exit 0' TERM
        wait $nap
        echo "$NAME: timed out after $limit s" > "$WORK/timed-out"
        kill -TERM $$
    ) </dev/null >/dev/null 2>&1 &
    WATCHDOG_PID=$!
}

# start_relay PID_VAR PORT_VAR LOG [relay options...]: parley-relay on 127.0.0.1 on a port it
# picks itself, read back from its "listening" line (logged at notice level), in $WORK/LOG.log,
# with its database in $WORK/LOG.data.
# It is ended on exit unless the caller ends it first and empties PID_VAR.
start_relay() {
    local pid_var=$1 port_var=$2 log=$3 port=""
    shift 3
    "$RELAY" --host 127.0.0.1 --port 0 --data-dir "$WORK/$log.data" "$@" > "$WORK/$log.out" 2> "$WORK/$log.log" &
    printf -v "$pid_var" '%s' "$!"
    HARNESS_PIDS+=("$pid_var")
    for _ in $(seq 1 100); do
        port=$(grep -o 'port=[0-9]*' "$WORK/$log.log" 2>/dev/null | head -n 1 | cut -d= -f2 || true)
        [[ -n $port ]] && break
        sleep 0.1
    done
    printf -v "$port_var" '%s' "$port"
    [[ -n $port ]] || { echo "$NAME: the relay did not start" >&2; cat "$WORK/$log.log" >&2; return 1; }
}
